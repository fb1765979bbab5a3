// Default parameters for new comparisons: what the person set in Settings → Defaults, checked
// here (the same ranges `parallax compare --param` accepts) and turned into each target's
// `params` when Compare builds its targets. Pure, so it is unit-tested.
import type { Effort, Params, Routing, RoutingSort, Target } from "./backend";

export type ReasoningChoice = "default" | "off" | Effort;

export const REASONING_CHOICES: readonly { value: ReasoningChoice; label: string }[] = [
  { value: "default", label: "The model's default" },
  { value: "off", label: "Off" },
  { value: "minimal", label: "Minimal" },
  { value: "low", label: "Low" },
  { value: "medium", label: "Medium" },
  { value: "high", label: "High" },
];

/** Each value null (or "default") means "the provider's default": nothing is sent. */
export interface DefaultParams {
  temperature: number | null;
  top_p: number | null;
  max_tokens: number | null;
  seed: number | null;
  reasoning: ReasoningChoice;
}

export const NO_DEFAULTS: DefaultParams = { temperature: null, top_p: null, max_tokens: null, seed: null, reasoning: "default" };

/** The text fields of the form, as typed. */
export type ParamsDraft = Record<"temperature" | "top_p" | "max_tokens" | "seed", string> & { reasoning: ReasoningChoice };

export type ParamField = keyof ParamsDraft;

const MAX_U32 = 4_294_967_295;
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const isReasoning = (v: unknown): v is ReasoningChoice => REASONING_CHOICES.some((c) => c.value === v);

/** The checks, one per field: the value, or why it cannot be one. Blank is "the default". */
const CHECKS: Record<Exclude<ParamField, "reasoning">, (v: number) => string | null> = {
  temperature: (v) => (v >= 0 && v <= 2 ? null : "Temperature is a number from 0 to 2, like 0.7."),
  top_p: (v) => (v >= 0 && v <= 1 ? null : "Top-p is a number from 0 to 1, like 0.9."),
  max_tokens: (v) => (Number.isInteger(v) && v >= 1 && v <= MAX_U32 ? null : "Max tokens is a whole number of at least 1, like 1024."),
  seed: (v) => (Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER ? null : "A seed is a whole number of 0 or more, like 42."),
};

/** Saved preferences, kept only when each value passes its check (a hand-edited file is not trusted). */
export function parseDefaults(raw: unknown): DefaultParams {
  if (typeof raw !== "object" || raw === null) return { ...NO_DEFAULTS };
  const r = raw as Record<string, unknown>;
  const out: DefaultParams = { ...NO_DEFAULTS };
  for (const field of Object.keys(CHECKS) as (keyof typeof CHECKS)[]) {
    const v = num(r[field]);
    if (v !== null && CHECKS[field](v) === null) out[field] = v;
  }
  if (isReasoning(r.reasoning)) out.reasoning = r.reasoning;
  return out;
}

export const draftOf = (d: DefaultParams): ParamsDraft => ({
  temperature: d.temperature?.toString() ?? "",
  top_p: d.top_p?.toString() ?? "",
  max_tokens: d.max_tokens?.toString() ?? "",
  seed: d.seed?.toString() ?? "",
  reasoning: d.reasoning,
});

/** Checks every field of the form: the defaults to save, or a message per refused field. */
export function checkDraft(draft: ParamsDraft): { ok: true; value: DefaultParams } | { ok: false; errors: Partial<Record<ParamField, string>> } {
  const value: DefaultParams = { ...NO_DEFAULTS, reasoning: draft.reasoning };
  const errors: Partial<Record<ParamField, string>> = {};
  for (const field of Object.keys(CHECKS) as (keyof typeof CHECKS)[]) {
    const text = draft[field].trim();
    if (text === "") continue;
    // Number("") is 0 and Number("0x10") is 16: only plain decimal numbers are read.
    const v = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : NaN;
    const refusal = Number.isFinite(v) ? CHECKS[field](v) : CHECKS[field](NaN);
    if (refusal) errors[field] = `“${text}”: ${refusal}`;
    else value[field] = v;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value };
}

/** The defaults as a target's params; undefined when every one is the provider's default. */
export function paramsOf(d: DefaultParams | undefined): Params | undefined {
  if (!d) return undefined;
  const p: Params = {};
  if (d.temperature !== null) p.temperature = d.temperature;
  if (d.top_p !== null) p.top_p = d.top_p;
  if (d.max_tokens !== null) p.max_tokens = d.max_tokens;
  if (d.seed !== null) p.seed = d.seed;
  if (d.reasoning === "off") p.reasoning = { kind: "off" };
  else if (d.reasoning !== "default") p.reasoning = { kind: "effort", effort: d.reasoning };
  return Object.keys(p).length ? p : undefined;
}

/** "temperature 0.2 · max 500 tokens · reasoning high", or null when nothing is set. */
export function describeDefaults(d: DefaultParams): string | null {
  const parts: string[] = [];
  if (d.temperature !== null) parts.push(`temperature ${d.temperature}`);
  if (d.top_p !== null) parts.push(`top-p ${d.top_p}`);
  if (d.max_tokens !== null) parts.push(`max ${d.max_tokens.toLocaleString("en-US")} tokens`);
  if (d.seed !== null) parts.push(`seed ${d.seed}`);
  if (d.reasoning !== "default") parts.push(`reasoning ${d.reasoning}`);
  return parts.length ? parts.join(" · ") : null;
}

// ---- Per-column parameters (Compare's Parameters table, issue 11) ----
// A column's draft is the default form plus what only a target carries: stop sequences,
// OpenRouter's routing sort and fallback models. A blank field means "the Settings → Defaults
// value" (itself blank: the provider's default), so the table starts from what Settings says.

export type RoutingChoice = "" | RoutingSort;

/** OpenRouter's routing sort, as the parameters table and "ask again with changes" offer it. */
export const ROUTING_CHOICES: readonly { value: RoutingChoice; label: string }[] = [
  { value: "", label: "OpenRouter decides" },
  { value: "price", label: "cheapest" },
  { value: "throughput", label: "fastest tok/s" },
  { value: "latency", label: "lowest latency" },
];

/** `system`: this column's own system prompt, blank for the comparison's. */
export type ColumnDraft = ParamsDraft & { stop: string; sort: RoutingChoice; fallbacks: string; system: string };

export type ColumnField = keyof ColumnDraft;

export const BLANK_COLUMN: ColumnDraft = { temperature: "", top_p: "", max_tokens: "", seed: "", reasoning: "default", stop: "", sort: "", fallbacks: "", system: "" };

/** What a column sends beside its model: params, fallbacks, routing, its own system prompt (each absent when unset). */
export interface ColumnParams {
  params?: Params;
  fallback_models?: string[];
  routing?: Routing;
  system?: string;
}

/** Comma- or newline-separated, blanks dropped: "###, END" → ["###", "END"]. */
const listOf = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * A column's draft over the defaults: every field checked (the same messages as Settings),
 * blank fields take the default. Stop sequences: at most 4 (OpenAI's limit, the strictest).
 */
export function checkColumn(draft: ColumnDraft, defaults: DefaultParams): { ok: true; value: ColumnParams } | { ok: false; errors: Partial<Record<ColumnField, string>> } {
  const checked = checkDraft(draft);
  const errors: Partial<Record<ColumnField, string>> = checked.ok ? {} : { ...checked.errors };
  const stop = listOf(draft.stop);
  if (stop.length > 4) errors.stop = `${stop.length} stop sequences: most providers take at most 4.`;
  const fallbacks = listOf(draft.fallbacks);
  const bad = fallbacks.find((f) => /\s/.test(f));
  if (bad) errors.fallbacks = `“${bad}” is not a model id (no spaces).`;
  if (!checked.ok || Object.keys(errors).length) return { ok: false, errors };
  const own = checked.value;
  const merged: DefaultParams = {
    temperature: own.temperature ?? defaults.temperature,
    top_p: own.top_p ?? defaults.top_p,
    max_tokens: own.max_tokens ?? defaults.max_tokens,
    seed: own.seed ?? defaults.seed,
    reasoning: own.reasoning === "default" ? defaults.reasoning : own.reasoning,
  };
  const params = paramsOf(merged);
  const value: ColumnParams = {};
  if (params || stop.length) value.params = { ...params, ...(stop.length ? { stop } : {}) };
  if (fallbacks.length) value.fallback_models = fallbacks;
  if (draft.sort) value.routing = { sort: draft.sort };
  if (draft.system.trim()) value.system = draft.system;
  return { ok: true, value };
}

/** "temp 0.2 · max 500 · stop 2 · sort price · 1 fallback", or null when the column sends nothing of its own. */
export function describeColumn(draft: ColumnDraft): string | null {
  const parts: string[] = [];
  if (draft.temperature.trim()) parts.push(`temp ${draft.temperature.trim()}`);
  if (draft.top_p.trim()) parts.push(`top-p ${draft.top_p.trim()}`);
  if (draft.max_tokens.trim()) parts.push(`max ${draft.max_tokens.trim()}`);
  if (draft.seed.trim()) parts.push(`seed ${draft.seed.trim()}`);
  if (draft.reasoning !== "default") parts.push(`reasoning ${draft.reasoning}`);
  const stop = listOf(draft.stop).length;
  if (stop) parts.push(`stop ×${stop}`);
  if (draft.sort) parts.push(`sort ${draft.sort}`);
  const fb = listOf(draft.fallbacks).length;
  if (fb) parts.push(`${fb} fallback${fb === 1 ? "" : "s"}`);
  if (draft.system.trim()) parts.push("own system prompt");
  return parts.length ? parts.join(" · ") : null;
}

/** What a column that sends nothing for a field says, beside columns that send something. */
const UNSET: Record<ColumnField, string> = {
  temperature: "temp default",
  top_p: "top-p default",
  max_tokens: "max default",
  seed: "no seed",
  reasoning: "reasoning default",
  stop: "no stop",
  sort: "no sort",
  fallbacks: "no fallbacks",
  system: "no own system prompt",
};

/** How one field of a column reads ("temp 0.3"), or what its absence means ("temp default"). */
export function describeField(key: ColumnField, value: string): string {
  return describeColumn({ ...BLANK_COLUMN, [key]: value } as ColumnDraft) ?? UNSET[key];
}

/**
 * A column's draft from what an answer was sent with (to ask it again changed): every field as
 * it was, blank where nothing was sent. A reasoning budget in tokens has no field: it shows as
 * the default and is kept unless the person picks an effort (`retargeted`).
 */
export function columnDraftOfTarget(t: Target): ColumnDraft {
  const p = t.params ?? {};
  const text = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(v));
  const r = p.reasoning;
  return {
    temperature: text(p.temperature),
    top_p: text(p.top_p),
    max_tokens: text(p.max_tokens),
    seed: text(p.seed),
    reasoning: !r ? "default" : r.kind === "off" ? "off" : r.kind === "effort" ? r.effort : "default",
    stop: (p.stop ?? []).join(", "),
    sort: t.routing?.sort ?? "",
    fallbacks: (t.fallback_models ?? []).join(", "),
    system: t.system ?? "",
  };
}

/**
 * `target` with the column's fields in place of its own (prices, endpoint and the routing fields
 * the table has no place for are kept). A token budget for reasoning survives "default".
 */
export function retargeted(target: Target, model: string, column: ColumnParams): Target {
  const budget = target.params?.reasoning?.kind === "budget" ? target.params.reasoning : null;
  const params: Params = { ...column.params };
  if (!params.reasoning && budget) params.reasoning = budget;
  // The table's sort replaces the target's (blank: none); the routing fields it lacks are kept.
  const routing: Routing = { ...target.routing, sort: column.routing?.sort ?? null };
  const next: Target = { ...target, model, params, fallback_models: column.fallback_models ?? [], routing, system: column.system ?? null };
  if (model !== target.model) {
    // Another model: the old one's prices and limits do not apply (the engine looks them up).
    next.prompt_price_per_m = null;
    next.completion_price_per_m = null;
    next.prices = null;
    next.price_basis = null;
    next.context_length = null;
    next.max_output_tokens = null;
  }
  return next;
}
