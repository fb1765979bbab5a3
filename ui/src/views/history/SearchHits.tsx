// Search hits, one entry per comparison (a word in a five-model prompt is one comparison, not
// five rows): its title, date and, per matching answer, the model and a highlighted snippet (a
// snippet the comparison already showed is not repeated). A hit opens the comparison at that
// answer. More pages load as the end comes into view. Words nearly every answer has are listed
// newest first (the store's `SearchOrder`), and the list says so.
import { Link, useParams } from "@tanstack/react-router";
import { useEffect, useRef } from "react";

import type { BackendError, HistoryFilter } from "../../backend";
import { useHistoryHits } from "../../app/queries";
import { formatDate } from "../../format";
import { cx } from "../../kit";
import { useBlindOpenIds } from "../compare/decide/decideStore";
import { renderSnippet } from "./snippet";

export function SearchHits({ q, filter }: { q: string; filter: HistoryFilter | null }) {
  const hits = useHistoryHits(q, filter);
  const blind = useBlindOpenIds();
  const { comparisonId } = useParams({ strict: false });
  const end = useRef<HTMLDivElement>(null);
  const groups = hits.data?.pages.flatMap((p) => p.groups) ?? [];
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = hits;
  useEffect(() => {
    const el = end.current;
    if (!el || !hasNextPage) return;
    const seen = new IntersectionObserver((e) => {
      if (e.some((x) => x.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    seen.observe(el);
    return () => seen.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (hits.error) return <p className="form-error pad" role="alert">{(hits.error as BackendError).message}</p>;
  return (
    <div className="history-rows search-hits" data-testid="search-hits" aria-busy={hits.isFetching} data-shown-q={hits.isSuccess && !hits.isPlaceholderData ? q : undefined}>
      {hits.isSuccess && groups.length === 0 && <p className="muted small pad">Nothing matches “{q}”{filter ? " with these filters" : ""}.</p>}
      {hits.data?.pages[0]?.order === "recent" && groups.length > 0 && (
        <p className="muted small pad search-order" data-testid="search-order">
          Newest first: most answers have these words, so none is a better match. Add a rarer word to rank them.
        </p>
      )}
      {groups.map((g) => {
        const hidden = blind.includes(g.comparison_id);
        return (
          <div key={g.comparison_id} className={cx("hit-group", comparisonId === g.comparison_id && "active")} data-testid="hit-group" data-id={g.comparison_id}>
            <div className="history-line">
              <Link to="/history/$comparisonId" params={{ comparisonId: g.comparison_id }} search={(prev) => ({ ...prev, slot: g.answers[0]?.slot_index })} className="history-title" title={g.title}>
                {g.title}
              </Link>
              <span className="muted small nowrap">{formatDate(g.created_at_ms)}</span>
            </div>
            {g.answers.map((a) => (
              <Link key={a.slot_id} to="/history/$comparisonId" params={{ comparisonId: g.comparison_id }} search={(prev) => ({ ...prev, slot: a.slot_index })} className="search-hit" data-testid="search-hit" data-slot={a.slot_index}>
                <span className="history-models">{hidden ? "a blind answer, named after the vote" : `${a.slot_index + 1}. ${a.model}`}</span>
                {a.snippet !== null && <span className="snippet">{renderSnippet(a.snippet)}</span>}
              </Link>
            ))}
          </div>
        );
      })}
      <div ref={end} />
      {isFetchingNextPage && <p className="muted small pad">Loading more…</p>}
    </div>
  );
}
