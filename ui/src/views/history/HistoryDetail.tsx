// A comparison from History, read-only: its prompt, its answers with every metric, and what can
// be done with it — run it again as it was asked (same models and parameters), fork it into
// Compare to change something first, its title, tags, note and exports (Session), open it in
// Compare (diff, blind vote, follow-ups), delete it — and the runs of the same prompt over time.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { Columns3, EyeOff, History, RotateCcw, Trash2 } from "lucide-react";
import { useState } from "react";

import type { BackendError, ComparisonRecord } from "../../backend";
import { runsQuery, useComparison, useReadOnly } from "../../app/queries";
import { useServices } from "../../app/services";
import { AnswerGrid } from "../../components/AnswerColumn";
import { formatDate } from "../../format";
import { Button, EmptyState, toast } from "../../kit";
import { AttachedList } from "../compare/compose/Attachments";
import { attachedTo, firstAnswers } from "../compare/compose/fork";
import { useBlindOpenIds } from "../compare/decide/decideStore";
import { ForkButton } from "../compare/decide/Fork";
import { RepriceButton } from "../compare/decide/Reprice";
import { SessionButton } from "../compare/decide/Session";
import { deleteWithUndo } from "./pendingDeletes";
import { Runs } from "./Runs";

/** Whether the comparison can be sent again as it was: no {{variable}} rows (not saved). */
const rerunnable = (c: ComparisonRecord) => !c.parent_id && c.slots.every((s) => s.row === 0);

/** "Run again": the same prompt, system prompt, variants and runs to the same models with the same parameters. */
function RunAgain({ comparison }: { comparison: ComparisonRecord }) {
  const { backend, run } = useServices();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const readOnly = useReadOnly();
  const ok = rerunnable(comparison);
  const again = async () => {
    setBusy(true);
    try {
      const asked = await backend.answerTargets(comparison.id);
      const targets = firstAnswers(comparison).map((s) => asked[s.index]!);
      const variants = [...new Set(comparison.slots.filter((s) => s.variant > 0).map((s) => s.variant))].sort((a, b) => a - b).map((v) => comparison.slots.find((s) => s.variant === v)?.prompt ?? "");
      const repeats = 1 + Math.max(0, ...comparison.slots.map((s) => s.repeat));
      // As written: the prompt was sent as it reads (no variable rows), so {{…}} in it is text.
      // Its files by name: the engine takes their bytes from history.
      await run.start({ prompt: comparison.prompt, system: comparison.system, variants, repeats, targets, verbatim: true, attachments: attachedTo(comparison) });
      await navigate({ to: "/compare" });
    } catch (e) {
      toast.error((e as BackendError).message ?? String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size="sm" variant="primary" onClick={() => void again()} disabled={busy || !ok || !!readOnly} data-testid="run-again" title={readOnly ? `History is read-only: ${readOnly}` : ok ? "Send the same prompt to the same models with the same parameters, as a new comparison" : "A follow-up or a prompt with {{variables}}: fork it instead (its variable rows are not saved)"}>
      <RotateCcw size={13} aria-hidden /> Run again
    </Button>
  );
}

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
  const { backend } = useServices();
  // The runs of its prompt are drawn above the answers: waited for (the route reads both, in
  // parallel), so a read slower than the route's wait does not draw the answers first and then
  // push them down with the table.
  const runs = useQuery(runsQuery(backend, comparisonId));
  const client = useQueryClient();
  const blind = useBlindOpenIds();
  const readOnly = useReadOnly();

  if (c.error) {
    return (
      <EmptyState title="This comparison could not be opened" testId="history-detail-error">
        <p role="alert">{(c.error as BackendError).message}</p>
      </EmptyState>
    );
  }
  if (!c.data || runs.isPending) return <p className="muted pad">Loading…</p>;
  const open = c.data;
  return (
    <>
      <div className="history-prompt" data-testid="history-prompt" data-id={open.id}>
        <div className="history-prompt-head">
          <span className="muted small">
            {formatDate(open.created_at_ms)}
            {open.parent_id && " · a follow-up of an earlier comparison"}
          </span>
          <span className="spacer" />
          {!blind.includes(open.id) && (
            <>
              <RunAgain comparison={open} />
              {!open.parent_id && <ForkButton comparison={open} />}
              <SessionButton comparison={open} slots={open.slots} hidden={false} />
              <RepriceButton comparison={open} />
            </>
          )}
          <Link to="/compare/$comparisonId" params={{ comparisonId: open.id }} search={{ slot }} className="btn btn-sm" data-testid="open-in-compare">
            <Columns3 size={14} aria-hidden /> Open in Compare
          </Link>
          <Button
            size="sm"
            variant="danger"
            onClick={() => {
              deleteWithUndo([open.id], backend, client, `“${open.title}”`);
              void navigate({ to: "/history", search: (prev) => ({ ...prev, slot: undefined }) });
            }}
            data-testid="delete-comparison"
            disabled={!!readOnly}
            title={readOnly ? `History is read-only: ${readOnly}` : "Delete this comparison (undo for a few seconds)"}
          >
            <Trash2 size={14} aria-hidden /> Delete
          </Button>
        </div>
        <p className="history-prompt-text">{open.prompt}</p>
        <AttachedList files={attachedTo(open)} />
        {open.tags.length > 0 && (
          <p className="small history-tags" data-testid="history-detail-tags">
            {open.tags.map((t) => (
              <span key={t} className="history-tag">
                #{t}{" "}
              </span>
            ))}
          </p>
        )}
        {open.notes && (
          <p className="small muted history-notes" data-testid="history-detail-notes">
            {open.notes}
          </p>
        )}
      </div>
      {!blind.includes(open.id) && <Runs comparison={open} />}
      {blind.includes(open.id) ? (
        // Blind and not yet voted on: History's plain columns would name every answer's model.
        <EmptyState icon={<EyeOff size={40} />} title="A blind vote is open on this comparison" testId="history-blind">
          <p>Its answers are shown in Compare, shuffled and unnamed, until you vote or reveal them.</p>
          <Link to="/compare/$comparisonId" params={{ comparisonId: open.id }} className="btn btn-sm" data-testid="history-blind-open">
            Vote in Compare
          </Link>
        </EmptyState>
      ) : (
        // A preview: columns at the widths last set in Compare, not resizable here (opening one
        // is a third faster so); "Open in Compare" has the resizable grid.
        <AnswerGrid slots={open.slots} focusedSlot={slot} comparisonId={open.id} resizable={false} />
      )}
    </>
  );
}
