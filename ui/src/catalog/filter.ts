// Filters over a catalog, for Compare's picker and the Prices table: vendor (the id's `vendor/` part, OpenRouter's way of
// naming who made a model), a price ceiling ($/1M input), a minimum context window, an input
// modality, free only, reasoning and tool support (from `supported_parameters`), starred only.
// Pure, so it is unit-tested. Invariant: an unknown value never passes a filter that asks for
// it (a model with no listed context is not "at least 128k"; an unknown price is not "≤ $1").
import type { CatalogModel } from "../backend";

export interface CatalogFilter {
  vendor: string;
  /** USD per million input tokens, at most; null: any. */
  maxPrice: number | null;
  minContext: number;
  /** An input modality the model must take besides text ("image", "file", "audio"); "" any. */
  modality: string;
  free: boolean;
  reasoning: boolean;
  tools: boolean;
  /** Takes a JSON schema for its answer (`structured_outputs` or `response_format`). */
  structured: boolean;
  starred: boolean;
}

export const NO_FILTER: CatalogFilter = { vendor: "", maxPrice: null, minContext: 0, modality: "", free: false, reasoning: false, tools: false, structured: false, starred: false };

export const CONTEXT_STEPS = [0, 8_000, 32_000, 128_000, 200_000, 1_000_000];

export const vendorOf = (id: string) => (id.includes("/") ? id.slice(0, id.indexOf("/")) : "");

/** The vendors of a catalog, sorted, each once (empty when its ids have none). */
export const vendorsOf = (models: CatalogModel[]) => [...new Set(models.map((m) => vendorOf(m.id)).filter(Boolean))].sort();

export const isFree = (m: CatalogModel) => m.prompt_price.kind === "usd" && m.prompt_price.usd === 0 && m.completion_price.kind === "usd" && m.completion_price.usd === 0;

export const canReason = (m: CatalogModel) => m.supported_parameters.some((p) => p === "reasoning" || p === "include_reasoning" || p === "reasoning_effort");

export const canUseTools = (m: CatalogModel) => m.supported_parameters.some((p) => p === "tools" || p === "tool_choice");

export const canStructure = (m: CatalogModel) => m.supported_parameters.some((p) => p === "structured_outputs" || p === "response_format");

/** How many filters are on (the Filters button shows it). */
export const activeFilters = (f: CatalogFilter) =>
  [f.vendor !== "", f.maxPrice !== null, f.minContext > 0, f.modality !== "", f.free, f.reasoning, f.tools, f.structured, f.starred].filter(Boolean).length;

/** The models that pass every filter; `starred(m)` says whether a model is a favourite. */
export function applyFilter(models: CatalogModel[], f: CatalogFilter, starred: (m: CatalogModel) => boolean): CatalogModel[] {
  if (activeFilters(f) === 0) return models;
  return models.filter((m) => {
    if (f.vendor && vendorOf(m.id) !== f.vendor) return false;
    if (f.maxPrice !== null && !(m.prompt_price.kind === "usd" && m.prompt_price.usd <= f.maxPrice)) return false;
    if (f.minContext > 0 && !((m.context_length ?? 0) >= f.minContext)) return false;
    if (f.modality && !m.input_modalities.includes(f.modality)) return false;
    if (f.free && !isFree(m)) return false;
    if (f.reasoning && !canReason(m)) return false;
    if (f.tools && !canUseTools(m)) return false;
    if (f.structured && !canStructure(m)) return false;
    if (f.starred && !starred(m)) return false;
    return true;
  });
}

/** "128k", "1M": a context window in a few characters. */
export function contextText(n: number | null): string | null {
  if (n === null || n <= 0) return null;
  if (n >= 1_000_000) return `${+(n / 1_000_000).toFixed(1)}M`;
  return `${Math.round(n / 1000)}k`;
}
