// What History keeps in its URL (a person links to "failed answers of gpt-4o in March, tagged
// code"): the search text and every filter. Analytics links here with the same filters (a chart
// drills through to the list it summarizes). Parsed, never trusted: a hand-typed URL with a bad
// value falls back to no filter for that value.
//
// Dates are calendar days (YYYY-MM-DD) in UTC, as the Analytics charts count them; `to` is
// inclusive (the filter ends at the start of the next day).
import type { HistoryFilter, SlotStatus } from "../../backend";

export const STATUSES: SlotStatus[] = ["done", "failed", "refused", "truncated", "cancelled", "interrupted"];

export interface HistorySearch {
  q?: string | undefined;
  status?: SlotStatus | undefined;
  model?: string | undefined;
  provider?: string | undefined;
  /** First day, YYYY-MM-DD (UTC), inclusive. */
  from?: string | undefined;
  /** Last day, YYYY-MM-DD (UTC), inclusive. */
  to?: string | undefined;
  /** Cost of an answer, USD, at least / at most. */
  min?: number | undefined;
  max?: number | undefined;
  /** Voted on (true) or not (false). */
  voted?: boolean | undefined;
  tag?: string | undefined;
}

/** The filter keys (everything but the search text), in the order chips are shown. */
export const FILTER_KEYS = ["status", "model", "provider", "from", "to", "min", "max", "voted", "tag"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

const DAY_MS = 86_400_000;
const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
const day = (v: unknown) => (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) && Number.isFinite(Date.parse(`${v}T00:00:00Z`)) ? v : undefined);
const usd = (v: unknown) => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 && n <= 1_000_000 ? n : undefined;
};
const bool = (v: unknown) => (v === true || v === "true" ? true : v === false || v === "false" ? false : undefined);

export function parseHistorySearch(s: Record<string, unknown>): HistorySearch {
  return {
    q: typeof s.q === "string" && s.q.trim() !== "" ? s.q : undefined,
    status: STATUSES.includes(s.status as SlotStatus) ? (s.status as SlotStatus) : undefined,
    model: text(s.model),
    provider: text(s.provider),
    from: day(s.from),
    to: day(s.to),
    min: usd(s.min),
    max: usd(s.max),
    voted: bool(s.voted),
    tag: text(s.tag),
  };
}

/** Midnight UTC of a YYYY-MM-DD day, unix ms. */
export const dayStart = (d: string) => Date.parse(`${d}T00:00:00Z`);
/** The YYYY-MM-DD (UTC) of an instant. */
export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The URL's filters as the backend's HistoryFilter; null when none is set. */
export function filterOf(s: HistorySearch): HistoryFilter | null {
  if (FILTER_KEYS.every((k) => s[k] === undefined)) return null;
  return {
    model: s.model ?? null,
    provider: s.provider ?? null,
    since_ms: s.from ? dayStart(s.from) : null,
    until_ms: s.to ? dayStart(s.to) + DAY_MS : null,
    status: s.status ?? null,
    min_cost_usd: s.min ?? null,
    max_cost_usd: s.max ?? null,
    has_vote: s.voted ?? null,
    tag: s.tag ?? null,
  };
}

const STATUS_WORDS: Record<SlotStatus, string> = {
  pending: "pending",
  streaming: "streaming",
  done: "done",
  failed: "failed",
  refused: "refused",
  truncated: "truncated",
  cancelled: "stopped",
  interrupted: "interrupted",
};

/** A chip's words for one filter: "model: openai/gpt-4o", "from 2026-03-01", "≥ $0.01". */
export function chipLabel(key: FilterKey, s: HistorySearch): string {
  switch (key) {
    case "status":
      return `outcome: ${STATUS_WORDS[s.status!]}`;
    case "model":
      return `model: ${s.model}`;
    case "provider":
      return `provider: ${s.provider}`;
    case "from":
      return `from ${s.from}`;
    case "to":
      return `to ${s.to}`;
    case "min":
      return `answer ≥ $${s.min}`;
    case "max":
      return `answer ≤ $${s.max}`;
    case "voted":
      return s.voted ? "voted on" : "not voted on";
    case "tag":
      return `tag: ${s.tag}`;
  }
}
