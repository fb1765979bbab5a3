// The Prices table's columns: what each shows, how it sorts, and which are on by default. A
// person chooses and orders them (`prefs.priceColumns`). Pure, so it is unit-tested.
//
// Invariants: an unknown or variable price sorts after every known one, whichever the direction
// (a "?" is never the cheapest nor the dearest); "free" is $0 and sorts first ascending; prices
// show per million tokens, or per thousand when the person asks (`per`).
import type { CatalogModel, LastPromptCost, Price } from "../../backend";
import { canReason, canStructure, canUseTools, contextText, vendorOf } from "../../catalog/filter";
import { DASH, formatUsd } from "../../format";

export interface ColumnContext {
  /** 1_000_000 (per million tokens) or 1_000. */
  per: number;
  /** The calculator's cost per model id (null: a price it needs is unknown). */
  cost: Map<string, number | null> | null;
  /** The last comparison's prompt on each model. */
  last: Map<string, LastPromptCost> | null;
}

export interface PriceColumn {
  id: string;
  label: (ctx: ColumnContext) => string;
  title: string;
  numeric: boolean;
  /** Sort key; `null` sorts last either way. */
  sort: (m: CatalogModel, ctx: ColumnContext) => number | string | null;
  text: (m: CatalogModel, ctx: ColumnContext) => string;
  /** Shown only when its data is there (the calculator's workload, a last comparison). */
  needs?: "cost" | "last";
}

const usdOf = (p: Price) => (p.kind === "usd" ? p.usd : null);

/** A price per `per` tokens: "free", "$0.15", "$0.00015", "varies", "?". */
export function priceText(p: Price, per: number): string {
  if (p.kind === "variable") return "varies";
  if (p.kind === "unknown") return "?";
  if (p.usd === 0) return "free";
  const v = (p.usd * per) / 1_000_000;
  if (v >= 1) return `$${v.toFixed(2)}`;
  // Three significant digits, trailing zeros dropped past the cents: $0.15, $0.60, $0.0375, $0.000075.
  const decimals = Math.min(12, Math.max(2, 2 - Math.floor(Math.log10(v))));
  return `$${v.toFixed(decimals).replace(/(\.\d\d\d*?)0+$/, "$1")}`;
}

const unit = (ctx: ColumnContext) => (ctx.per === 1_000 ? "1K" : "1M");
const price = (id: string, name: string, title: string, get: (m: CatalogModel) => Price): PriceColumn => ({
  id,
  label: (ctx) => `${name} $/${unit(ctx)}`,
  title,
  numeric: true,
  sort: (m) => usdOf(get(m)),
  text: (m, ctx) => priceText(get(m), ctx.per),
});
const yes = (b: boolean) => (b ? "yes" : DASH);
const day = (unixSeconds: number | null) => (unixSeconds === null ? DASH : new Date(unixSeconds * 1000).toISOString().slice(0, 10));
/** OpenRouter writes 2098-12-31 for "never". */
const expiry = (m: CatalogModel) => {
  const d = m.details?.expiration_date;
  return d && !d.startsWith("2098") ? d : null;
};

export const PRICE_COLUMNS: PriceColumn[] = [
  { id: "vendor", label: () => "Vendor", title: "Who made the model (the id's first part)", numeric: false, sort: (m) => vendorOf(m.id) || null, text: (m) => vendorOf(m.id) || DASH },
  price("input", "Input", "USD per input token, per million (or thousand)", (m) => m.prompt_price),
  price("output", "Output", "USD per output token, per million (or thousand)", (m) => m.completion_price),
  price("cache_read", "Cache read", "USD per input token read from the prompt cache", (m) => m.cache_read_price),
  price("cache_write", "Cache write", "USD per input token written to the prompt cache", (m) => m.cache_write_price),
  price("reasoning", "Reasoning", "USD per reasoning token, where it differs from output", (m) => m.reasoning_price),
  {
    id: "request",
    label: () => "Per request",
    title: "USD charged per request, on top of tokens",
    numeric: true,
    sort: (m) => usdOf(m.request_price),
    text: (m) => (m.request_price.kind === "usd" ? (m.request_price.usd === 0 ? DASH : formatUsd(m.request_price.usd)) : m.request_price.kind === "variable" ? "varies" : DASH),
  },
  { id: "context", label: () => "Context", title: "Context window, tokens", numeric: true, sort: (m) => m.context_length, text: (m) => contextText(m.context_length) ?? DASH },
  { id: "max_output", label: () => "Max output", title: "The most tokens one answer may have", numeric: true, sort: (m) => m.max_output_tokens, text: (m) => contextText(m.max_output_tokens) ?? DASH },
  {
    id: "modalities",
    label: () => "In → out",
    title: "What the model reads and writes",
    numeric: false,
    sort: (m) => `${m.input_modalities.join("+")}>${m.output_modalities.join("+")}`,
    text: (m) => `${m.input_modalities.join(", ") || "text"} → ${m.output_modalities.join(", ") || "text"}`,
  },
  { id: "tools", label: () => "Tools", title: "Takes tools (function calling)", numeric: false, sort: (m) => (canUseTools(m) ? 0 : 1), text: (m) => yes(canUseTools(m)) },
  { id: "reasons", label: () => "Reasons", title: "Can reason before answering", numeric: false, sort: (m) => (canReason(m) ? 0 : 1), text: (m) => yes(canReason(m)) },
  { id: "structured", label: () => "JSON schema", title: "Takes a JSON schema for its answer (structured outputs)", numeric: false, sort: (m) => (canStructure(m) ? 0 : 1), text: (m) => yes(canStructure(m)) },
  { id: "created", label: () => "Added", title: "When the catalog first listed it", numeric: true, sort: (m) => (m.created === null ? null : -m.created), text: (m) => day(m.created) },
  { id: "expires", label: () => "Goes away", title: "The day the provider retires it", numeric: true, sort: (m) => expiry(m), text: (m) => expiry(m) ?? DASH },
  {
    id: "cost",
    label: () => "Your workload",
    title: "What the calculator's workload costs on this model (by the rule answers are billed by)",
    numeric: true,
    needs: "cost",
    sort: (m, ctx) => ctx.cost?.get(m.id) ?? null,
    text: (m, ctx) => (ctx.cost?.has(m.id) ? formatUsd(ctx.cost.get(m.id) ?? null) : DASH),
  },
  {
    id: "last",
    label: () => "Last prompt",
    title: "Your last comparison's prompt on this model: what it cost where it ran, else an estimate (≈) from its tokens and the model's usual answer length",
    numeric: true,
    needs: "last",
    sort: (m, ctx) => ctx.last?.get(m.id)?.usd ?? null,
    text: (m, ctx) => {
      const c = ctx.last?.get(m.id);
      if (!c || c.usd === null) return DASH;
      return c.basis === "actual" ? formatUsd(c.usd) : `≈${formatUsd(c.usd)}`;
    },
  },
];

export const DEFAULT_COLUMNS = ["input", "output", "cache_read", "context", "tools", "reasons", "cost", "last"];

/** The columns to draw, in the person's order; unknown ids (an older version's) are dropped. */
export function columnsOf(ids: string[], ctx: ColumnContext): PriceColumn[] {
  return ids
    .map((id) => PRICE_COLUMNS.find((c) => c.id === id))
    .filter((c): c is PriceColumn => !!c && (c.needs === "cost" ? ctx.cost !== null : c.needs === "last" ? ctx.last !== null : true));
}

/** Sorted by one column (the name when `by` is "name"); unknowns last whichever the direction. */
export function sortModels(models: CatalogModel[], by: string, desc: boolean, ctx: ColumnContext): CatalogModel[] {
  const col = PRICE_COLUMNS.find((c) => c.id === by);
  const key = (m: CatalogModel) => (col ? col.sort(m, ctx) : m.name.toLowerCase());
  const keyed = models.map((m) => ({ m, k: key(m) }));
  keyed.sort((a, b) => {
    if (a.k === null || b.k === null) return a.k === null ? (b.k === null ? 0 : 1) : -1;
    const d = a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
    return desc ? -d : d;
  });
  return keyed.map((x) => x.m);
}
