import { Link, useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { Columns3, EyeOff, History, Trash2 } from "lucide-react";

import type { BackendError } from "../../backend";
import { useComparison, useDeleteComparison } from "../../app/queries";
import { AnswerGrid } from "../../components/AnswerColumn";
import { formatDate } from "../../format";
import { Button, EmptyState } from "../../kit";
import { useBlindOpenIds } from "../compare/decide/decideStore";

export function HistoryNothingOpen() {
  return (
    <EmptyState icon={<History size={40} />} title="Select a comparison to see its answers.">
      <p>Search finds words in prompts and answers; a hit opens that answer.</p>
    </EmptyState>
  );
}

export function HistoryDetail() {
  const { comparisonId } = useParams({ from: "/history/$comparisonId" });
  const { slot } = useSearch({ from: "/history/$comparisonId" });
  const navigate = useNavigate();
  const c = useComparison(comparisonId);
  const del = useDeleteComparison();
  const blind = useBlindOpenIds();

  if (c.error) {
    return (
      <EmptyState title="This comparison could not be opened" testId="history-detail-error">
        <p role="alert">{(c.error as BackendError).message}</p>
      </EmptyState>
    );
  }
  if (!c.data) return <p className="muted pad">Loading…</p>;
  const open = c.data;
  return (
    <>
      <div className="history-prompt" data-testid="history-prompt">
        <div className="history-prompt-head">
          <span className="muted small">
            {formatDate(open.created_at_ms)}
            {open.parent_id && " · a follow-up of an earlier comparison"}
          </span>
          <span className="spacer" />
          <Link to="/compare/$comparisonId" params={{ comparisonId: open.id }} search={{ slot }} className="btn btn-sm" data-testid="open-in-compare">
            <Columns3 size={14} aria-hidden /> Open in Compare
          </Link>
          <Button
            size="sm"
            variant="danger"
            disabled={del.isPending}
            onClick={() =>
              del.mutate(open.id, {
                onSuccess: () => void navigate({ to: "/history", search: (prev) => ({ ...prev, slot: undefined }) }),
              })
            }
            data-testid="delete-comparison"
          >
            <Trash2 size={14} aria-hidden /> Delete
          </Button>
        </div>
        {del.error && (
          <p className="form-error small" role="alert">
            {(del.error as BackendError).message}
          </p>
        )}
        <p className="history-prompt-text">{open.prompt}</p>
      </div>
      {blind.includes(open.id) ? (
        // Blind and not yet voted on: History's plain columns would name every answer's model.
        <EmptyState icon={<EyeOff size={40} />} title="A blind vote is open on this comparison" testId="history-blind">
          <p>Its answers are shown in Compare, shuffled and unnamed, until you vote or reveal them.</p>
          <Link to="/compare/$comparisonId" params={{ comparisonId: open.id }} className="btn btn-sm" data-testid="history-blind-open">
            Vote in Compare
          </Link>
        </EmptyState>
      ) : (
        <AnswerGrid slots={open.slots} focusedSlot={slot} />
      )}
    </>
  );
}
