// What diff mode shows in place of an answer: its words against the baseline (added words
// marked, removed ones struck through), or in the consensus view each run of words shaded by how
// many other answers say it (dim: most do; marked: only this one). The spans come from Rust
// (`diff_answers`, `answer_consensus`: the `similar` crate, as `parallax diff`), asked through
// the query cache so scrolling or switching modes never recomputes them. Text is rendered as
// React text nodes: nothing in an answer is ever read as HTML.
import { useQuery } from "@tanstack/react-query";

import type { DiffSpan, SharedSpan } from "../../../backend";
import { useServices } from "../../../app/services";

/** Unchanged runs longer than this collapse to their ends under "only differences". */
const KEEP = 6;

/** A long unchanged run as "first words … last words" (whitespace-separated words kept). */
export function collapse(text: string): string {
  const words = text.split(/(\s+)/);
  // `words` alternates word and whitespace: KEEP words are 2 × KEEP − 1 items.
  const n = 2 * KEEP - 1;
  if (words.length <= n * 3) return text;
  return `${words.slice(0, n).join("")} … ${words.slice(-n).join("")}`;
}

/** `against`: what the text is read against, as the count says it ("the baseline", "the run before"). */
export function DiffSpans({ spans, onlyDiff, against = "the baseline" }: { spans: DiffSpan[]; onlyDiff: boolean; against?: string }) {
  const changed = spans.filter((s) => s.change !== "same").length;
  return (
    <div className="diff-body" data-testid="diff-body">
      <p className="diff-count small muted" data-testid="diff-count">
        {changed === 0 ? `Identical to ${against}.` : `${changed} change${changed === 1 ? "" : "s"} against ${against}`}
      </p>
      <p className="answer-text">
        {spans.map((s, i) =>
          s.change === "same" ? (
            <span key={i} className={onlyDiff ? "diff-same-dim" : undefined}>
              {onlyDiff ? collapse(s.text) : s.text}
            </span>
          ) : s.change === "added" ? (
            <ins key={i} className="diff-added" data-testid="diff-added">
              {s.text}
            </ins>
          ) : (
            <del key={i} className="diff-removed" data-testid="diff-removed">
              {s.text}
            </del>
          ),
        )}
      </p>
    </div>
  );
}

/** One answer against the baseline text. */
export function DiffBody({ base, other, onlyDiff, against }: { base: string; other: string; onlyDiff: boolean; against?: string }) {
  const { backend } = useServices();
  const q = useQuery({ queryKey: ["decide", "diff", base, other], queryFn: () => backend.diffAnswers(base, other), staleTime: Infinity });
  if (q.error) return <p className="form-error small">The diff could not be computed: {String((q.error as Error).message)}</p>;
  if (!q.data) return <p className="muted small">Comparing…</p>;
  return <DiffSpans spans={q.data} onlyDiff={onlyDiff} against={against} />;
}

/** How strongly a run is shared: 0 = only this answer, 1 = every other answer. */
export const shareOf = (shared: number, others: number) => (others <= 0 ? 1 : shared / others);

export function ConsensusSpans({ spans, others, onlyDiff }: { spans: SharedSpan[]; others: number; onlyDiff: boolean }) {
  const unique = spans.filter((s) => s.shared_with === 0 && s.text.trim()).length;
  return (
    <div className="diff-body" data-testid="consensus-body">
      <p className="diff-count small muted">{unique === 0 ? "Nothing here that no other answer says." : `${unique} passage${unique === 1 ? "" : "s"} only this answer has`}</p>
      <p className="answer-text">
        {spans.map((s, i) => {
          const share = shareOf(s.shared_with, others);
          if (s.shared_with === 0) {
            return (
              <mark key={i} className="consensus-unique" data-testid="consensus-unique">
                {s.text}
              </mark>
            );
          }
          // More than half of the others say it: the common ground, dimmed.
          const common = share > 0.5;
          return (
            <span key={i} className={common ? "consensus-common" : "consensus-some"} title={`Also in ${s.shared_with} of ${others} other answers`}>
              {onlyDiff && common ? collapse(s.text) : s.text}
            </span>
          );
        })}
      </p>
    </div>
  );
}

/** Every answer's runs against all the others (one request for the whole comparison). */
export function useConsensus(texts: string[], enabled: boolean) {
  const { backend } = useServices();
  return useQuery({ queryKey: ["decide", "consensus", texts], queryFn: () => backend.answerConsensus(texts), staleTime: Infinity, enabled });
}
