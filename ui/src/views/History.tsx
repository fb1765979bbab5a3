import { useEffect, useState } from "react";

import { backend, type BackendError, type ComparisonRecord, type ComparisonSummary } from "../backend";
import { AnswerGrid } from "../components/AnswerColumn";
import { formatDate, formatUsd } from "../format";

export function HistoryView({ refreshKey }: { refreshKey: number }) {
  const [items, setItems] = useState<ComparisonSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<ComparisonRecord | null>(null);

  useEffect(() => {
    backend
      .listComparisons()
      .then(setItems)
      .catch((e: BackendError) => setError(e.message));
  }, [refreshKey]);

  const openOne = (id: string) =>
    backend
      .getComparison(id)
      .then(setOpen)
      .catch((e: BackendError) => setError(e.message));

  if (error) {
    return (
      <div className="panel-error" role="alert">
        {error}
      </div>
    );
  }
  return (
    <div className="history">
      <aside className="history-list" data-testid="history-list">
        {items === null && <p className="muted">Loading…</p>}
        {items?.length === 0 && <p className="muted">No comparisons yet. Everything you send is saved here.</p>}
        {items?.map((c) => (
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
