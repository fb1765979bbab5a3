// The history list: every comparison the filters let through, newest first, read page by page
// as it scrolls (the store's keyset pages) and virtualized (only the rows in view are in the
// DOM), so 100,000 comparisons scroll like 100. A row never cuts off its cost, its failures or
// its date: the title and the models give way first (both whole in the row's tooltip).
import { Link, useParams } from "@tanstack/react-router";
import { type Dispatch, memo, type SetStateAction, useCallback, useEffect, useMemo, useRef } from "react";

import type { BackendError, ComparisonSummary, HistoryFilter } from "../../backend";
import { useHistoryPages } from "../../app/queries";
import { formatDate, formatUsd } from "../../format";
import { cx, useVirtualRows } from "../../kit";
import { useBlindOpenIds } from "../compare/decide/decideStore";
import { useDeleting } from "./pendingDeletes";

/** A row's height before the first is measured (three lines). */
const ROW_ESTIMATE = 70;
/** Rows from the end at which the next page is asked for. */
const AHEAD = 20;

export function ComparisonList({ filter, selected, onSelect }: { filter: HistoryFilter | null; selected: ReadonlySet<string>; onSelect: Dispatch<SetStateAction<ReadonlySet<string>>> }) {
  const lead = filter?.model ?? null;
  const pages = useHistoryPages(filter);
  const deleting = useDeleting();
  const rows = useMemo(() => (pages.data?.pages.flat() ?? []).filter((c) => !deleting.has(c.id)), [pages.data, deleting]);
  // Shift+click ticks every row from the last one ticked.
  const lastTicked = useRef<number | null>(null);
  // Stable while the rows are (opening a comparison re-renders only the two rows it changes).
  const tick = useCallback(
    (index: number, on: boolean, range: boolean) => {
      const from = range && lastTicked.current !== null ? Math.min(lastTicked.current, index) : index;
      const to = range && lastTicked.current !== null ? Math.max(lastTicked.current, index) : index;
      lastTicked.current = index;
      onSelect((prev) => {
        const next = new Set(prev);
        for (let i = from; i <= to; i++) {
          if (on) next.add(rows[i]!.id);
          else next.delete(rows[i]!.id);
        }
        return next;
      });
    },
    [rows, onSelect],
  );
  const blind = useBlindOpenIds();
  const { comparisonId } = useParams({ strict: false });
  const scroller = useRef<HTMLDivElement>(null);
  const getItemKey = useCallback((i: number) => rows[i]!.id, [rows]);
  const { slices, firstRow, measureRow, focusProps } = useVirtualRows({ count: rows.length, getScrollElement: () => scroller.current, estimate: ROW_ESTIMATE, getItemKey });
  const lastShown = slices.reduce((n, s) => (s.kind === "row" ? Math.max(n, s.item.index) : n), -1);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastShown >= rows.length - AHEAD) void fetchNextPage();
  }, [lastShown, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (pages.error) return <p className="form-error pad" role="alert">{(pages.error as BackendError).message}</p>;
  return (
    <div className="history-rows" ref={scroller} role="list" aria-label="Comparisons, newest first" data-testid="history-rows" {...focusProps}>
      {pages.isLoading && <p className="muted pad">Loading…</p>}
      {pages.isSuccess && rows.length === 0 && (
        <p className="muted pad" data-testid="history-empty">
          {filter ? "No comparison matches these filters." : "No comparisons yet. Everything you send is saved here."}
        </p>
      )}
      {slices.map((s) =>
        s.kind === "gap" ? (
          <div key={s.key} style={{ height: s.size }} aria-hidden />
        ) : (
          <Row key={rows[s.item.index]!.id} c={rows[s.item.index]!} lead={lead} ticked={selected.has(rows[s.item.index]!.id)} onTick={tick} index={s.item.index} active={comparisonId === rows[s.item.index]!.id} blind={blind.includes(rows[s.item.index]!.id)} rowRef={s.item.index === firstRow ? measureRow : undefined} />
        ),
      )}
      {isFetchingNextPage && <p className="muted small pad">Loading more…</p>}
    </div>
  );
}

/**
 * The models of a row, the one the list is filtered by first (it is why the row is there); the
 * winner of the vote is named before them all, so it is never the part cut off.
 */
function modelsLine(models: string[], lead: string | null, winner: string | null): string {
  const rest = winner ? models.filter((m, i) => m !== winner || models.indexOf(m) !== i) : models;
  if (!lead || !rest.includes(lead)) return rest.join(", ");
  return [lead, ...rest.filter((m) => m !== lead)].join(", ");
}

const Row = memo(function Row({ c, lead, ticked, onTick, index, active, blind, rowRef }: { c: ComparisonSummary; lead: string | null; ticked: boolean; onTick: (index: number, on: boolean, range: boolean) => void; index: number; active: boolean; blind: boolean; rowRef: ((el: HTMLElement | null) => void) | undefined }) {
  const models = blind ? "Blind: the models are named after you vote in Compare" : modelsLine(c.models, lead, c.winner);
  return (
    <div role="listitem" data-index={index} ref={rowRef} className={cx("history-row", ticked && "ticked")}>
      <input
        type="checkbox"
        className="history-tick"
        checked={ticked}
        onChange={() => {}}
        onClick={(e) => onTick(index, e.currentTarget.checked, e.shiftKey)}
        aria-label={`Select “${c.title}”`}
        data-testid="history-select"
      />
      <Link
        to="/history/$comparisonId"
        params={{ comparisonId: c.id }}
        search={(prev) => ({ ...prev, slot: undefined })}
        className={cx("history-item", active && "active")}
        title={`${c.title}\n${blind ? "" : c.models.join(", ")}`}
        data-testid="history-item"
        data-id={c.id}
      >
        <span className="history-line">
          <span className="history-title">{c.title}</span>
          {blind ? (
            <span className="history-cost muted">cost after the vote</span>
          ) : (
            <span className="history-cost num" title={c.cost_incomplete ? "Some answers have no known cost; this is a lower bound." : "Total cost"} data-testid="history-cost">
              {formatUsd(c.total_cost_usd)}
              {c.cost_incomplete && c.total_cost_usd !== null ? "+" : ""}
            </span>
          )}
        </span>
        <span className="history-meta">
          <span data-testid="history-date">{formatDate(c.created_at_ms)}</span>
          <span>
            · {c.models.length} answer{c.models.length === 1 ? "" : "s"}
          </span>
          {c.failed_slots > 0 && <span className="bad">· {c.failed_slots} failed</span>}
          {c.refused_slots > 0 && <span className="warn-text">· {c.refused_slots} refused</span>}
          {c.truncated_slots > 0 && <span className="warn-text">· {c.truncated_slots} cut short</span>}

          {c.tags.map((t) => (
            <span key={t} className="history-tag">
              #{t}
            </span>
          ))}
        </span>
        <span className="history-models" data-testid="history-models">
          {c.winner && !blind && (
            <span className="history-winner" title="The winner of your vote" data-testid="history-winner">
              ★ {c.winner}
              {" · "}
            </span>
          )}
          {models}
        </span>
      </Link>
    </div>
  );
});
