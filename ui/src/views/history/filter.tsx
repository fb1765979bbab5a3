import type { HistoryFilter } from "../../backend";
import type { HistorySearch } from "../../app/router";

/** The URL's filters as the backend's HistoryFilter; null when none is set. */
export function filterOf(s: HistorySearch): HistoryFilter | null {
  if (!s.status && !s.model) return null;
  return {
    model: s.model ?? null, provider: null, since_ms: null, until_ms: null, status: s.status ?? null,
    min_cost_usd: null, max_cost_usd: null, has_vote: null, tag: null,
  };
}

/** Matched words arrive between « and »; they are shown highlighted (as text, never HTML). */
export function renderSnippet(snippet: string) {
  return snippet.split(/(«[^»]*»)/).map((part, i) => (part.startsWith("«") && part.endsWith("»") ? <mark key={i}>{part.slice(1, -1)}</mark> : part));
}
