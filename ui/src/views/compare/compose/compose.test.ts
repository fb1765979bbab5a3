// The composer's pure parts: variables and their rows, variants, the spec, the estimate's
// warnings with the control that fixes each, and the picker's filters.
import { describe, expect, it } from "vitest";

import type { CatalogModel, Estimate } from "../../../backend";
import { BLANK_COLUMN, NO_DEFAULTS } from "../../../params";
import { applyFilter, NO_FILTER, vendorsOf } from "../../../catalog/filter";
import { buildSpec, nextVariantName } from "./spec";
import { addRow, removeRow, setCell, specRows, tableRows, variablesIn } from "./variables";
import { fixOfRefusal, warningsOf } from "./warnings";

describe("variables", () => {
  it("are found as typed, once each, in order, in the prompt, its variants and the system prompt", () => {
    expect(variablesIn("Summarize {{ topic }} for {{audience}}", "{{topic}} in {{lang}}", null, "{{ not a var")).toEqual(["topic", "audience", "lang"]);
    expect(variablesIn("no braces", "{{1bad}}")).toEqual([]);
  });

  it("keep one row at least, each with every name; rows add and remove; a blank value names its cell", () => {
    const names = ["topic", "lang"];
    expect(tableRows([], names)).toEqual([{ topic: "", lang: "" }]);
    let rows = setCell([], names, 0, "topic", "tides");
    rows = addRow(rows, names);
    rows = setCell(rows, names, 1, "topic", "moons");
    expect(specRows(rows, names)).toEqual({ ok: false, missing: { row: 0, name: "lang", message: "Give {{lang}} a value in row 1." } });
    rows = setCell(setCell(rows, names, 0, "lang", "en"), names, 1, "lang", "fr");
    expect(specRows(rows, names)).toEqual({ ok: true, rows: [{ topic: "tides", lang: "en" }, { topic: "moons", lang: "fr" }] });
    expect(removeRow(rows, names, 0)).toEqual([{ topic: "moons", lang: "fr" }]);
    expect(removeRow([{ topic: "x", lang: "y" }], names, 0)).toEqual([{ topic: "", lang: "" }]);
    expect(specRows([], [])).toEqual({ ok: true, rows: [] });
  });
});

describe("the spec", () => {
  const picks = [
    { provider: "demo" as const, endpoint: null, model: "fast" },
    { provider: "openrouter" as const, endpoint: null, model: "openai/gpt-4o" },
  ];
  it("sends variants, rows, the system prompt and each column's parameters", () => {
    const built = buildSpec(
      { prompt: "Hi {{name}}", variants: [{ name: "B", text: "Hello {{name}}" }], system: "Be brief", rows: [{ name: "Ada" }], columns: [BLANK_COLUMN, { ...BLANK_COLUMN, max_tokens: "300", stop: "END, ###", sort: "price", fallbacks: "openai/gpt-4o-mini" }], same: false },
      picks,
      [undefined, undefined],
      { ...NO_DEFAULTS, temperature: 0.5 },
      BLANK_COLUMN,
    );
    expect(built.ok).toBe(true);
    expect(built.spec.variants).toEqual(["Hello {{name}}"]);
    expect(built.spec.rows).toEqual([{ name: "Ada" }]);
    expect(built.spec.system).toBe("Be brief");
    expect(built.spec.targets[0]!.params).toEqual({ temperature: 0.5 });
    expect(built.spec.targets[1]).toMatchObject({ params: { temperature: 0.5, max_tokens: 300, stop: ["END", "###"] }, routing: { sort: "price" }, fallback_models: ["openai/gpt-4o-mini"] });
  });

  it("asks each model the number of runs chosen: a whole number from 1 to 10, else 1", () => {
    const base = { prompt: "Hi", variants: [], system: "", rows: [], columns: [BLANK_COLUMN], same: true };
    const runs = (repeats: number | undefined) => buildSpec({ ...base, repeats }, picks, [], NO_DEFAULTS, BLANK_COLUMN).spec.repeats;
    expect(runs(undefined)).toBe(1);
    expect(runs(3)).toBe(3);
    expect(runs(0)).toBe(1);
    expect(runs(2.5)).toBe(1);
    expect(runs(Number.NaN)).toBe(1);
    expect(runs(99)).toBe(10);
  });

  it("says which column's parameter is refused, and which variable is blank", () => {
    const built = buildSpec({ prompt: "Hi {{name}}", variants: [], system: "", rows: [], columns: [{ ...BLANK_COLUMN, temperature: "9" }], same: true }, picks, [], NO_DEFAULTS, BLANK_COLUMN);
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.missing?.name).toBe("name");
    expect(built.params?.errors.temperature).toMatch(/from 0 to 2/);
  });

  it("gives a model its own system prompt from its row, the others the comparison's", () => {
    const built = buildSpec(
      { prompt: "Hi", variants: [], system: "Be brief.", rows: [], columns: [BLANK_COLUMN, { ...BLANK_COLUMN, system: "Answer as a pirate." }], same: false },
      picks,
      [],
      NO_DEFAULTS,
      BLANK_COLUMN,
    );
    expect(built.spec.system).toBe("Be brief.");
    expect(built.spec.targets.map((t) => t.system ?? null)).toEqual([null, "Answer as a pirate."]);
  });

  it("names new variants B, C… skipping taken names", () => {
    expect(nextVariantName(["A"])).toBe("B");
    expect(nextVariantName(["A", "B", "D"])).toBe("C");
  });
});

describe("warnings before sending", () => {
  const est = (over: Partial<Estimate>): Estimate => ({
    slots: [
      { input_tokens: 10, counted: "approximate", input_cost_usd: 0.001, max_output_tokens: 1000, worst_case_usd: 0.5, fits_context: true },
      { input_tokens: 10, counted: "approximate", input_cost_usd: null, max_output_tokens: null, worst_case_usd: null, fits_context: false },
    ],
    input_cost_usd: 0.001,
    input_cost_complete: false,
    worst_case_usd: 0.5,
    worst_case_complete: false,
    unpriced: ["b"],
    ...over,
  });
  it("name the control that fixes each: the prompt, max tokens, the models", () => {
    const w = warningsOf(est({}), ["a", "b"], { perComparisonUsd: 0.1, dailyUsd: null, spentTodayUsd: 0 });
    expect(w.map((x) => [x.kind, x.fix, x.fixLabel])).toEqual([
      ["context", "prompt", "Shorten the prompt"],
      ["budget", "max_tokens", "Lower max tokens"],
      ["unpriced", "picks", "Change the models"],
    ]);
    expect(w[0]!.text).toContain("context window of b");
    expect(w[1]!.text).toMatch(/at least \$0\.50.*over the cap of \$0\.10/);
  });
  it("warn of a daily cap, and of an unknown price without a cap as a dash", () => {
    const w = warningsOf(est({ slots: [], unpriced: ["x"] }), ["x"], { perComparisonUsd: null, dailyUsd: 1, spentTodayUsd: 0.8 });
    expect(w.map((x) => x.kind)).toEqual(["daily", "unpriced"]);
    expect(warningsOf(est({ slots: [] }), ["x"], { perComparisonUsd: null, dailyUsd: null, spentTodayUsd: 0 })[0]!.text).toMatch(/dash, never \$0/);
    expect(fixOfRefusal("over_budget")).toBe("max_tokens");
  });
  it("names at most three unpriced models, so sixteen do not fill the composer", () => {
    const ids = Array.from({ length: 16 }, (_, i) => `m/${i}`);
    const w = warningsOf(est({ slots: [], unpriced: ids }), ids, { perComparisonUsd: null, dailyUsd: null, spentTodayUsd: 0 });
    const text = w.find((x) => x.kind === "unpriced")!.text;
    expect(text).toBe("No known price for m/0, m/1 and 14 more: their costs will show as a dash, never $0.");
  });
});

describe("picker filters", () => {
  const m = (id: string, p: number | null, ctx: number | null, params: string[] = [], modal: string[] = ["text"]): CatalogModel =>
    ({
      id,
      name: id,
      context_length: ctx,
      input_modalities: modal,
      prompt_price: p === null ? { kind: "unknown" } : { kind: "usd", usd: p },
      completion_price: p === null ? { kind: "unknown" } : { kind: "usd", usd: p * 4 },
      supported_parameters: params,
    }) as CatalogModel;
  const models = [m("openai/a", 2, 128_000, ["tools"], ["text", "image"]), m("meta/b", 0, 8_000), m("meta/c", null, null, ["reasoning"])];
  it("by vendor, price, context, modality, free, reasoning, tools and stars; unknowns never pass", () => {
    const ids = (f: Partial<typeof NO_FILTER>, starred: (x: CatalogModel) => boolean = () => false) => applyFilter(models, { ...NO_FILTER, ...f }, starred).map((x) => x.id);
    expect(vendorsOf(models)).toEqual(["meta", "openai"]);
    expect(ids({ vendor: "meta" })).toEqual(["meta/b", "meta/c"]);
    expect(ids({ maxPrice: 1 })).toEqual(["meta/b"]);
    expect(ids({ minContext: 32_000 })).toEqual(["openai/a"]);
    expect(ids({ modality: "image" })).toEqual(["openai/a"]);
    expect(ids({ free: true })).toEqual(["meta/b"]);
    expect(ids({ reasoning: true })).toEqual(["meta/c"]);
    expect(ids({ tools: true })).toEqual(["openai/a"]);
    expect(ids({ starred: true }, (x) => x.id === "meta/c")).toEqual(["meta/c"]);
  });
});
