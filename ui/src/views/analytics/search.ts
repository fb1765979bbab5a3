// What Analytics keeps in its URL: the range (today, 7 or 30 or 90 days, all, or custom days)
// and the filters it shares with History (model, provider, tag), so a view of "gpt-4o over the
// last 30 days" is a link, and every figure drills through to the History list it summarizes
// with the same filters (`historyLink`). Days are UTC calendar days, as the store counts them.
import type { HistoryFilter } from "../../backend";
import { dayOf, dayStart, type HistorySearch } from "../history/search";

export const RANGES = ["today", "7d", "30d", "90d", "all", "custom"] as const;
export type Range = (typeof RANGES)[number];
export const RANGE_LABELS: Record<Range, string> = { today: "Today", "7d": "7 days", "30d": "30 days", "90d": "90 days", all: "All", custom: "Custom" };

export interface AnalyticsSearch {
  /** Absent: 30 days. */
  range?: Range | undefined;
  /** Custom range: first and last day, YYYY-MM-DD, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  model?: string | undefined;
  provider?: string | undefined;
  tag?: string | undefined;
  /** Whose votes the leaderboard counts. */
  voters?: "judges" | undefined;
}

const DAY_MS = 86_400_000;
const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
const day = (v: unknown) => (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) && Number.isFinite(Date.parse(`${v}T00:00:00Z`)) ? v : undefined);

export function parseAnalyticsSearch(s: Record<string, unknown>): AnalyticsSearch {
  const range = RANGES.includes(s.range as Range) && s.range !== "30d" ? (s.range as Range) : undefined;
  return {
    range,
    from: range === "custom" ? day(s.from) : undefined,
    to: range === "custom" ? day(s.to) : undefined,
    model: text(s.model),
    provider: text(s.provider),
    tag: text(s.tag),
    voters: s.voters === "judges" ? "judges" : undefined,
  };
}

/** The range as first and last day (inclusive; null: unbounded), given today. */
export function daysOf(s: AnalyticsSearch, nowMs: number): { from: string | null; to: string | null } {
  const today = dayOf(nowMs);
  const back = (n: number) => dayOf(dayStart(today) - n * DAY_MS);
  switch (s.range ?? "30d") {
    case "today":
      return { from: today, to: null };
    case "7d":
      return { from: back(6), to: null };
    case "30d":
      return { from: back(29), to: null };
    case "90d":
      return { from: back(89), to: null };
    case "all":
      return { from: null, to: null };
    case "custom":
      return { from: s.from ?? null, to: s.to ?? null };
  }
}

/** The backend filter for the range and filters. */
export function filterOfAnalytics(s: AnalyticsSearch, nowMs: number): HistoryFilter {
  const { from, to } = daysOf(s, nowMs);
  return {
    model: s.model ?? null,
    provider: s.provider ?? null,
    since_ms: from ? dayStart(from) : null,
    until_ms: to ? dayStart(to) + DAY_MS : null,
    status: null,
    min_cost_usd: null,
    max_cost_usd: null,
    has_vote: null,
    tag: s.tag ?? null,
  };
}

/** The History list a figure summarizes: the same range and filters, and what the figure adds. */
export function historyLink(s: AnalyticsSearch, nowMs: number, more: Partial<HistorySearch> = {}): HistorySearch {
  const { from, to } = daysOf(s, nowMs);
  return { from: from ?? undefined, to: to ?? undefined, model: s.model, provider: s.provider, tag: s.tag, ...more };
}
