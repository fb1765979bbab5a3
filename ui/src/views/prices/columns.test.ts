// The Prices table's pure parts, every figure by hand: prices per 1M and 1K, unknowns sorted
// last both ways, the URL's filters, the Pareto frontier and the blended price.
import { describe, expect, it } from "vitest";

import type { CatalogModel, Price } from "../../backend";
import { blended, paretoFront } from "./Charts";
import { columnsOf, PRICE_COLUMNS, priceText, sortModels } from "./columns";
import { filterOfSearch, parsePricesSearch, workloadOfSearch } from "./search";

const usd = (v: number): Price => ({ kind: "usd", usd: v });
const unknown: Price = { kind: "unknown" };
function model(id: string, input: Price, output: Price, context: number | null = 8_000): CatalogModel {
  return {
    id, name: id, provider: "openrouter", context_length: context, max_output_tokens: null, input_modalities: ["text"], output_modalities: ["text"],
    prompt_price: input, completion_price: output, reasoning_price: unknown, cache_read_price: unknown, cache_write_price: unknown, request_price: unknown,
    image_price: unknown, cache_write_1h_price: unknown, web_search_price: unknown, discount: null, price_overrides: [], supported_parameters: [], created: null,
  };
}
const ctx = { per: 1_000_000, cost: null, last: null };

describe("prices in the table", () => {
  it("reads per million, or per thousand tokens", () => {
    expect(priceText(usd(0.15), 1_000_000)).toBe("$0.15");
    expect(priceText(usd(15), 1_000_000)).toBe("$15.00");
    expect(priceText(usd(0.6), 1_000_000)).toBe("$0.60");
    expect(priceText(usd(0.0375), 1_000_000)).toBe("$0.0375");
    // $0.15 per million is $0.00015 per thousand.
    expect(priceText(usd(0.15), 1_000)).toBe("$0.00015");
    expect(priceText(usd(3), 1_000)).toBe("$0.003");
    expect(priceText(usd(0), 1_000)).toBe("free");
    expect(priceText(unknown, 1_000)).toBe("?");
    expect(priceText({ kind: "variable" }, 1_000_000)).toBe("varies");
  });

  it("sorts unknown prices after every known one, whichever the direction", () => {
    const models = [model("a", usd(2), usd(8)), model("b", unknown, unknown), model("c", usd(0), usd(0)), model("d", usd(0.5), usd(1))];
    expect(sortModels(models, "output", false, ctx).map((m) => m.id)).toEqual(["c", "d", "a", "b"]);
    expect(sortModels(models, "output", true, ctx).map((m) => m.id)).toEqual(["a", "d", "c", "b"]);
    expect(sortModels(models, "name", false, ctx).map((m) => m.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("draws the workload and last-prompt columns only when there is something to show", () => {
    const ids = ["input", "cost", "last", "no-such-column"];
    expect(columnsOf(ids, ctx).map((c) => c.id)).toEqual(["input"]);
    expect(columnsOf(ids, { ...ctx, cost: new Map([["a", 0.001]]) }).map((c) => c.id)).toEqual(["input", "cost"]);
    const cost = PRICE_COLUMNS.find((c) => c.id === "cost")!;
    expect(cost.text(model("a", usd(1), usd(1)), { ...ctx, cost: new Map([["a", null]]) })).toBe("—");
  });
});

describe("the Prices URL", () => {
  it("keeps good values and drops bad ones", () => {
    const s = parsePricesSearch({ tab: "charts", vendor: "openai", max: "1.5", ctx: "128000", mod: "image", tools: "true", k: true, cin: "2000", cout: 500, hit: "150", model: "openai/gpt-4o" });
    expect(s).toMatchObject({ tab: "charts", vendor: "openai", max: 1.5, ctx: 128_000, mod: "image", tools: true, k: true, cin: 2000, cout: 500, hit: undefined, model: "openai/gpt-4o" });
    expect(parsePricesSearch({ tab: "nope", max: "-1", mod: "smell", ctx: "abc", omod: "video" })).toMatchObject({ tab: undefined, max: undefined, mod: undefined, ctx: undefined, omod: undefined });
    expect(parsePricesSearch({ omod: "image" }).omod).toBe("image");
    expect(filterOfSearch(s)).toMatchObject({ vendor: "openai", maxPrice: 1.5, minContext: 128_000, modality: "image", tools: true, free: false });
    // 2,000 in, 500 out, 25 % from the cache: one request.
    expect(workloadOfSearch({ cin: 2000, cout: 500, hit: 25 })).toEqual({ input_tokens: 2000, output_tokens: 500, cache_hit: 0.25, requests: 1 });
    expect(workloadOfSearch({})).toBeNull();
  });
});

describe("the charts", () => {
  it("blends 3 input tokens to 1 output token, paid prices only", () => {
    // (3 × $1 + $5) / 4 = $2.
    expect(blended(model("a", usd(1), usd(5)))).toBe(2);
    expect(blended(model("free", usd(0), usd(0)))).toBeNull();
    expect(blended(model("unknown", unknown, usd(1)))).toBeNull();
  });

  it("keeps on the frontier only the models nothing beats on both price and quality", () => {
    const points = [
      { id: "cheap-weak", price: 0.1, y: 20 },
      { id: "mid", price: 1, y: 50 },
      { id: "dominated", price: 2, y: 40 }, // dearer than "mid" and worse
      { id: "best", price: 10, y: 70 },
      { id: "tie-dearer", price: 12, y: 70 }, // as good as "best", dearer
    ];
    expect(paretoFront(points).map((p) => p.id)).toEqual(["cheap-weak", "mid", "best"]);
  });
});

describe("your first token against OpenRouter's providers", () => {
  const ep = (p50: number, p90: number) => ({ latency_30m: { p50, p75: null, p90, p99: null } }) as unknown as import("../../backend").ProviderEndpoint;
  it("is slower than usual above every provider's p90, usual between their medians and p90", async () => {
    const { againstProviders } = await import("./ModelPanel");
    // Providers: p50 0.25 s / p90 0.48 s and p50 0.9 s / p90 1.6 s.
    const eps = [ep(0.25, 0.48), ep(0.9, 1.6)];
    expect(againstProviders(2000, eps)).toEqual({ verdict: "slower", p50: [250, 900], p90: 1600 });
    expect(againstProviders(500, eps)?.verdict).toBe("usual");
    expect(againstProviders(100, eps)?.verdict).toBe("faster");
    expect(againstProviders(null, eps)).toBeNull();
    expect(againstProviders(500, [])).toBeNull();
  });
});

describe("what a refresh changed", () => {
  it("counts new, repriced and gone models", async () => {
    const { describeDiff, diffCatalogs } = await import("./refresh");
    const before = [model("a", usd(1), usd(2)), model("b", usd(1), usd(2)), model("gone", usd(1), usd(1))];
    const after = [model("a", usd(1), usd(2)), model("b", usd(0.5), usd(2)), model("new", unknown, unknown)];
    const d = diffCatalogs(before, after);
    expect(d).toEqual({ added: ["new"], removed: ["gone"], repriced: ["b"] });
    expect(describeDiff(d)).toBe("1 new, 1 price changed, 1 gone");
    expect(describeDiff(diffCatalogs(before, before))).toBe("No change");
  });
});

describe("changed since you last used it", () => {
  it("marks a price change after the last day the model answered you", async () => {
    const { changedSinceUsed, lastUsedDay } = await import("./Changes");
    const last = lastUsedDay([
      { day: "2026-11-01", model: "a/x", requests: 3 },
      { day: "2026-11-20", model: "a/x", requests: 1 },
      { day: "2026-11-25", model: "b/y", requests: 0 },
      { day: null, model: "a/x", requests: 4 },
    ]);
    expect([...last]).toEqual([["a/x", "2026-11-20"]]);
    const change = (model: string, iso: string) => ({ source: "openrouter", model_id: model, changed_at_ms: Date.parse(iso), kind: "changed" as const, prompt_price_per_m: 1, completion_price_per_m: 2, previous_prompt_price_per_m: 2, previous_completion_price_per_m: 4 });
    expect(changedSinceUsed(change("a/x", "2026-11-25T10:00:00Z"), last)).toBe(true);
    expect(changedSinceUsed(change("a/x", "2026-11-20T23:00:00Z"), last)).toBe(false);
    expect(changedSinceUsed(change("b/y", "2026-11-28T00:00:00Z"), last)).toBe(false);
  });
});

describe("price against prompt length", () => {
  it("steps at each long-context tier, up to the context window", async () => {
    const { tierSpec } = await import("./ModelPanel");
    const tiered = {
      ...model("x/long", usd(0.5), usd(3), 256_000),
      price_overrides: [{ min_prompt_tokens: 128_000, utc_start: null, utc_end: null, unknown_conditions: [], prompt_price: usd(1), completion_price: usd(6), reasoning_price: null, cache_read_price: null, cache_write_price: null, cache_write_1h_price: null, request_price: null, image_price: null, web_search_price: null }],
    };
    const spec = tierSpec(tiered);
    expect(spec).toMatchObject({ kind: "steps", xLabel: "Prompt tokens" });
    if (spec?.kind !== "steps") throw new Error("steps");
    // $0.50 in up to 128k prompt tokens, then $1.00 to the 256k window; output $3 → $6.
    expect(spec.series[0]!.points).toEqual([[0, 0.5], [128_000, 1], [256_000, 1]]);
    expect(spec.series[1]!.points).toEqual([[0, 3], [128_000, 6], [256_000, 6]]);
    expect(tierSpec(model("plain", usd(1), usd(2)))).toBeNull();
  });
});
