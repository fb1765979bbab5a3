// What the Prices room keeps in its URL (a person links to "free models with tools, at least
// 128k, sorted by output price, per 1K tokens, calculator at 2,000 in / 500 out"): the tab, the
// catalog, the filters, the unit, the workload and the model opened. Parsed here, never trusted:
// a hand-typed URL with a bad value falls back to the default for that value.
import { type CatalogFilter, NO_FILTER } from "../../catalog/filter";

export type PricesTab = "catalog" | "changes" | "charts" | "mine";
export const PRICES_TABS: PricesTab[] = ["catalog", "changes", "charts", "mine"];

export interface PricesSearch {
  tab?: PricesTab | undefined;
  q?: string | undefined;
  source?: string | undefined;
  free?: boolean | undefined;
  vendor?: string | undefined;
  /** USD per million input tokens, at most. */
  max?: number | undefined;
  /** Tokens of context, at least. */
  ctx?: number | undefined;
  /** An input modality besides text: image, file, audio, video. */
  mod?: string | undefined;
  /** An output modality besides text: image, audio. */
  omod?: string | undefined;
  tools?: boolean | undefined;
  reasoning?: boolean | undefined;
  structured?: boolean | undefined;
  /** Only models in one of the person's saved model sets. */
  sets?: boolean | undefined;
  /** Prices per thousand tokens instead of per million. */
  k?: boolean | undefined;
  /** The calculator's workload: tokens in and out per request, cache-hit percent. */
  cin?: number | undefined;
  cout?: number | undefined;
  hit?: number | undefined;
  /** The model whose page is open beside the table. */
  model?: string | undefined;
}

const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v : undefined);
const flag = (v: unknown) => (v === true || v === "true" ? true : undefined);
const number = (v: unknown, min: number, max: number) => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) && n >= min && n <= max ? n : undefined;
};

export function parsePricesSearch(s: Record<string, unknown>): PricesSearch {
  return {
    tab: PRICES_TABS.includes(s.tab as PricesTab) && s.tab !== "catalog" ? (s.tab as PricesTab) : undefined,
    q: text(s.q),
    source: text(s.source),
    free: flag(s.free),
    vendor: text(s.vendor),
    max: number(s.max, 0, 1_000_000),
    ctx: number(s.ctx, 1, 100_000_000),
    mod: ["image", "file", "audio", "video"].includes(s.mod as string) ? (s.mod as string) : undefined,
    omod: ["image", "audio"].includes(s.omod as string) ? (s.omod as string) : undefined,
    tools: flag(s.tools),
    reasoning: flag(s.reasoning),
    structured: flag(s.structured),
    sets: flag(s.sets),
    k: flag(s.k),
    cin: number(s.cin, 0, 100_000_000),
    cout: number(s.cout, 0, 100_000_000),
    hit: number(s.hit, 0, 100),
    model: text(s.model),
  };
}

/** The catalog filter the URL asks for. */
export function filterOfSearch(s: PricesSearch): CatalogFilter {
  return {
    ...NO_FILTER,
    vendor: s.vendor ?? "",
    maxPrice: s.max ?? null,
    minContext: s.ctx ?? 0,
    modality: s.mod ?? "",
    free: !!s.free,
    reasoning: !!s.reasoning,
    tools: !!s.tools,
    structured: !!s.structured,
  };
}

/** The calculator's workload, when one is set (tokens in or out). */
export function workloadOfSearch(s: PricesSearch): { input_tokens: number; output_tokens: number; cache_hit: number; requests: number } | null {
  if (s.cin === undefined && s.cout === undefined) return null;
  return { input_tokens: Math.round(s.cin ?? 0), output_tokens: Math.round(s.cout ?? 0), cache_hit: (s.hit ?? 0) / 100, requests: 1 };
}
