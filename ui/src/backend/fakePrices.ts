// The fake backend's share of Prices (issue 12): the calculator (the same rule as Rust's
// `prices::calculate_costs` for plain per-token prices: uncached input at the input price, the
// cache-hit share at the cache-read price where listed, output at the output price), the last
// prompt on every model, a model's providers (two made-up endpoints around its list price) and
// a price history with one cut and one rise. Kept apart from fake.ts.
import type { EndpointsView } from "./bindings/EndpointsView";
import type { CatalogModel } from "./bindings/CatalogModel";
import type { ComparisonRecord } from "./bindings/ComparisonRecord";
import type { PriceChange } from "./bindings/PriceChange";
import type { ProviderEndpoint } from "./bindings/ProviderEndpoint";
import type { ProviderKind } from "./bindings/ProviderKind";
import { BackendError } from "./errors";
import type { Backend } from "./types";

type PricesCommands = Pick<Backend, "calculateCosts" | "lastPromptCosts" | "modelEndpoints" | "priceChanges" | "repriceComparison">;

const usd = (p: CatalogModel["prompt_price"]) => (p.kind === "usd" ? p.usd : null);
const DAY = 86_400_000;

/** One request's cost on a model, USD; null when a price it needs is not a known number. */
export function workloadCost(m: CatalogModel, input: number, output: number, cacheHit: number): number | null {
  const pin = usd(m.prompt_price);
  const pout = usd(m.completion_price);
  if (pin === null || pout === null) return null;
  const cached = Math.round(input * cacheHit);
  const read = usd(m.cache_read_price) ?? pin;
  return ((input - cached) * pin + cached * read + output * pout) / 1_000_000;
}

export function createPricesFake(catalog: (provider: ProviderKind, endpoint: string | null) => CatalogModel[], history: ComparisonRecord[], read: Map<string, EndpointsView>): PricesCommands {
  return {
    // Each answer's tokens at the catalog's prices now (input and output; null when unknown).
    repriceComparison: async (id) => {
      const c = history.find((x) => x.id === id);
      if (!c) throw new BackendError("not_found", `No comparison ${id}.`);
      const models = catalog("openrouter", null);
      return c.slots.map((s) => {
        const m = models.find((x) => x.id === s.model);
        const today = m && s.usage.input_tokens !== null && s.usage.output_tokens !== null ? workloadCost(m, s.usage.input_tokens, s.usage.output_tokens, 0) : null;
        return { index: s.index, provider: s.provider, model: s.model, then: s.cost, today_usd: today, ...(m ? { basis: `list price of ${m.id} today` } : {}) };
      });
    },
    calculateCosts: async (provider, endpoint, w) =>
      catalog(provider, endpoint ?? null).map((m) => {
        const one = workloadCost(m, w.input_tokens, w.output_tokens, w.cache_hit);
        return { model: m.id, usd: one === null ? null : one * Math.max(1, w.requests) };
      }),
    lastPromptCosts: async (provider, endpoint) => {
      const c = history[0];
      if (!c) return null;
      const input = Math.ceil(c.prompt.length / 4);
      return {
        comparison_id: c.id,
        title: c.title,
        costs: catalog(provider, endpoint ?? null).map((m) => {
          const ran = c.slots.find((s) => s.model === m.id && s.cost.usd !== null);
          if (ran) return { model: m.id, usd: ran.cost.usd, basis: "actual" as const, input_tokens: ran.usage.input_tokens, output_tokens: ran.usage.output_tokens };
          const est = workloadCost(m, input, 300, 0);
          return { model: m.id, usd: est, basis: "estimated" as const, input_tokens: input, output_tokens: 300 };
        }),
      };
    },
    modelEndpoints: async (model) => {
      const m = catalog("openrouter", null).find((x) => x.id === model);
      if (!m) throw new BackendError("not_found", `No model ${model} in the OpenRouter catalog.`);
      const endpoint = (name: string, factor: number, quantization: string | null, p50: number, tps: number): ProviderEndpoint => ({
        provider_name: name,
        tag: name.toLowerCase(),
        quantization,
        context_length: m.context_length,
        max_output_tokens: m.max_output_tokens,
        prompt_price: m.prompt_price.kind === "usd" ? { kind: "usd", usd: m.prompt_price.usd * factor } : m.prompt_price,
        completion_price: m.completion_price.kind === "usd" ? { kind: "usd", usd: m.completion_price.usd * factor } : m.completion_price,
        cache_read_price: m.cache_read_price,
        request_price: { kind: "usd", usd: 0 },
        uptime_5m: 100,
        uptime_30m: 99.5,
        uptime_1d: 99.1,
        latency_30m: { p50, p75: p50 * 1.3, p90: p50 * 1.8, p99: p50 * 3 },
        throughput_30m: { p50: tps, p75: tps * 0.9, p90: tps * 0.7, p99: tps * 0.4 },
        supported_parameters: m.supported_parameters,
        status: 0n,
        supports_implicit_caching: false,
      });
      const view = { model, endpoints: [endpoint("Fastly AI", 1, "fp8", 0.42, 120), endpoint("Steady Cloud", 1.25, null, 0.9, 60)], fetched_at_ms: Date.now() };
      read.set(model, view);
      return view;
    },
    priceChanges: async (days, model) => {
      const now = Date.now();
      const rows: PriceChange[] = [
        { source: "openrouter", model_id: "openai/gpt-4o-mini", changed_at_ms: now - 3 * DAY, kind: "changed", prompt_price_per_m: 0.15, completion_price_per_m: 0.6, previous_prompt_price_per_m: 0.3, previous_completion_price_per_m: 1.2 },
        { source: "openrouter", model_id: "anthropic/claude-sonnet-4.5", changed_at_ms: now - 10 * DAY, kind: "changed", prompt_price_per_m: 3, completion_price_per_m: 15, previous_prompt_price_per_m: 2.5, previous_completion_price_per_m: 12 },
        { source: "openrouter", model_id: "openai/gpt-4o-mini", changed_at_ms: now - 40 * DAY, kind: "added", prompt_price_per_m: 0.3, completion_price_per_m: 1.2, previous_prompt_price_per_m: null, previous_completion_price_per_m: null },
      ];
      return rows.filter((r) => (days === null || days === undefined || r.changed_at_ms >= now - days * DAY) && (model === null || model === undefined || r.model_id === model));
    },
  };
}
