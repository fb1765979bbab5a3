import { useEffect, useState } from "react";

import { backend, type BackendError, type ComparisonRecord, type ComparisonSummary, type SearchHit } from "../backend";
import { AnswerGrid } from "../components/AnswerColumn";
import { formatDate, formatUsd } from "../format";

/** Matched words arrive between « and »; they are shown highlighted (as text, never HTML). */
function renderSnippet(snippet: string) {
  return snippet.split(/(«[^»]*»)/).map((part, i) =>
    part.startsWith("«") && part.endsWith("»") ? (
      <mark key={i}>{part.slice(1, -1)}</mark>
    ) : (
      part
    ),
  );
}

export function HistoryView({ refreshKey }: { refreshKey: number }) {
  const [items, setItems] = useState<ComparisonSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<ComparisonRecord | null>(null);
  const [query, setQuery] = useState("");
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (!query.trim()) return;
    let current = true;
    const timer = setTimeout(() => {
      backend.searchHistory(query).then(
        (page) => current && setHits(page.hits),
        (e: BackendError) => current && setError(e.message),
      );
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, version]);

  useEffect(() => {
    backend
      .listComparisons()
      .then((list) => {
        setItems(list);
        // A database moved aside and reopened: the earlier error no longer holds.
        setError(null);
      })
      // The banner above already explains a database that cannot be opened, with what to do.
      .catch((e: BackendError) =>
        setError(
          e.code === "database_corrupt" || e.code === "database_too_new" || e.code === "data_dir"
            ? "History is unavailable: see the message at the top of the window."
            : e.message,
        ),
      );
  }, [refreshKey, version]);

  const openOne = (id: string) =>
    backend
      .getComparison(id)
      .then(setOpen)
      .catch((e: BackendError) => setError(e.message));

  if (error) {
    return (
      <div className="panel-error" role="alert" data-testid="history-error">
        {error}
      </div>
    );
  }
  return (
    <div className="history">
      <aside className="history-list" data-testid="history-list">
        <input
          type="search"
          placeholder="Search prompts and answers…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="history-search"
        />
        {query.trim() && hits && (
          <div className="search-hits" data-testid="search-hits">
            {hits.length === 0 && <p className="muted small">Nothing matches “{query}”.</p>}
            {hits.map((h) => (
              <button
                type="button"
                key={h.slot_id}
                className="history-item"
                onClick={() => void openOne(h.comparison_id)}
                data-testid="search-hit"
              >
                <span className="history-title">{h.title}</span>
                <span className="history-models">
                  [{h.slot_index}] {h.model}
                </span>
                <span className="snippet">{renderSnippet(h.snippet)}</span>
              </button>
            ))}
          </div>
        )}
        {items === null && <p className="muted">Loading…</p>}
        {items?.length === 0 && <p className="muted" data-testid="history-empty">No comparisons yet. Everything you send is saved here.</p>}
        {!query.trim() && items?.map((c) => (
          <button
            type="button"
            key={c.id}
            className={`history-item ${open?.id === c.id ? "active" : ""}`}
            onClick={() => void openOne(c.id)}
            data-testid="history-item"
          >
            <span className="history-title">{c.title}</span>
            <span className="history-meta">
              <span>{formatDate(c.created_at_ms)}</span>
              <span>· {c.models.length} model{c.models.length === 1 ? "" : "s"}</span>
              {c.failed_slots > 0 && <span className="bad">· {c.failed_slots} failed</span>}
              <span className="history-cost" title={c.cost_incomplete ? "Some answers have no known cost; this is a lower bound." : "Total cost"}>
                {formatUsd(c.total_cost_usd)}
                {c.cost_incomplete && c.total_cost_usd !== null ? "+" : ""}
              </span>
            </span>
            <span className="history-models">{c.models.join(", ")}</span>
          </button>
        ))}
      </aside>
      <div className="history-detail">
        {open ? (
          <>
            <div className="history-prompt" data-testid="history-prompt">
              <button
                type="button"
                className="secondary mini right"
                onClick={() =>
                  void backend.deleteComparison(open.id).then(() => {
                    setOpen(null);
                    setVersion((v) => v + 1);
                  }, (e: BackendError) => setError(e.message))
                }
                data-testid="delete-comparison"
              >
                Delete
              </button>
              <span className="muted">
                {formatDate(open.created_at_ms)}
                {open.parent_id && " · a follow-up of an earlier comparison"}
              </span>
              <p>{open.prompt}</p>
            </div>
            <AnswerGrid slots={open.slots} />
          </>
        ) : (
          <div className="empty">
            <p>Select a comparison to see its answers.</p>
          </div>
        )}
      </div>
    </div>
  );
}
