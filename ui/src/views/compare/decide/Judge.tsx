// Ask a judge model: the answers go to it anonymized (A, B, C…, the core's labels) with a rubric
// the person picks from the templates and may edit; its verdict and reason are shown and saved
// by the core as a `judge:<model>` vote, listed apart from the person's votes. The judge is any
// model id the picker accepts (typed, resolved by `resolveModels` as the CLI does); the demo's
// `demo:judge` works offline. Invariant: the rubric text sent is exactly what the box shows.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Gavel } from "lucide-react";
import { useRef, useState } from "react";

import type { BackendError, ComparisonRecord, Judgement, RubricTemplate, SlotRecord } from "../../../backend";
import { qk, useSettings } from "../../../app/queries";
import { usePrefs, useServices } from "../../../app/services";
import { Button, Dialog, Field } from "../../../kit";
import { pickLabel } from "../../../targets";
import { contenders } from "./votes";

const TEMPLATE_NAMES: Record<RubricTemplate, string> = { pick_best: "Pick the best", criteria: "Score on criteria", checklist: "Checklist of differences" };

/** The judge offered first: the demo judge when demo models are on, else the first pick. */
function useDefaultJudge(): string {
  const settings = useSettings();
  const first = usePrefs((s) => s.picks[0]);
  const demo = settings.data?.providers.some((p) => p.kind === "demo" && p.enabled) ?? false;
  return demo || !first ? "demo:judge" : pickLabel(first);
}

/** `waiting`: why it cannot be used yet (the answers still stream), shown as its title. */
export function JudgeButton({ comparison, slots, nameOf, waiting }: { comparison: ComparisonRecord; slots: SlotRecord[]; nameOf: (i: number) => string; waiting?: string | undefined }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)} data-testid="judge-open" disabled={waiting !== undefined || contenders(slots).length < 2} title={waiting ?? "Ask a model to pick the best answer under a rubric"}>
        <Gavel size={13} aria-hidden /> Judge…
      </Button>
      {open && <JudgeDialog comparison={comparison} slots={slots} nameOf={nameOf} onClose={() => setOpen(false)} />}
    </>
  );
}

function JudgeDialog({ comparison, slots, nameOf, onClose }: { comparison: ComparisonRecord; slots: SlotRecord[]; nameOf: (i: number) => string; onClose: () => void }) {
  const { backend } = useServices();
  const client = useQueryClient();
  const rubrics = useQuery({ queryKey: ["decide", "rubrics"], queryFn: () => backend.judgeRubrics(), staleTime: Infinity });
  const [judge, setJudge] = useState(useDefaultJudge());
  const [template, setTemplate] = useState<RubricTemplate>("pick_best");
  const [rubric, setRubric] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [written, setWritten] = useState(0);
  const [result, setResult] = useState<Judgement | null>(null);
  const [error, setError] = useState<{ field: string | undefined; message: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const text = rubric ?? rubrics.data?.find((r) => r.template === template)?.text ?? "";
  const among = contenders(slots);

  const run = async () => {
    setError(null);
    setResult(null);
    setPending(true);
    setWritten(0);
    try {
      const [target] = await backend.resolveModels([judge.trim()]);
      if (!target) throw new Error("Type the judge model's id.");
      const verdict = await backend.judgeComparison(comparison.id, target, text, among, (e) => {
        if (e.type === "text") setWritten((n) => n + e.text.length);
      });
      setResult(verdict);
      void client.invalidateQueries({ queryKey: qk.comparison(comparison.id) });
      void client.invalidateQueries({ queryKey: qk.history });
      void client.invalidateQueries({ queryKey: ["decide", "leaderboard"] });
    } catch (e) {
      const err = e as BackendError;
      setError({ field: err.field, message: err.message });
    } finally {
      setPending(false);
    }
  };

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title="Ask a judge model" description={`The ${among.length} answers go to the judge as A, B, C… with no model names; its verdict is saved as a judge vote, apart from yours.`} initialFocus={input} testId="judge-dialog" className="judge-dialog">
      <form
        className="dialog-body"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <Field label="Judge model" hint="Any id the picker takes: demo:judge (offline, always picks A), openai/gpt-4o, anthropic:claude-…" error={error?.field === "model" ? error.message : null}>
          <input ref={input} value={judge} onChange={(e) => setJudge(e.target.value)} spellCheck={false} data-testid="judge-model" />
        </Field>
        <Field label="Rubric">
          <select
            value={template}
            onChange={(e) => {
              setTemplate(e.target.value as RubricTemplate);
              setRubric(null);
            }}
            data-testid="judge-template"
          >
            {(rubrics.data ?? []).map((r) => (
              <option key={r.template} value={r.template}>
                {TEMPLATE_NAMES[r.template]}
              </option>
            ))}
          </select>
        </Field>
        <textarea className="rubric-text" aria-label="Rubric text" value={text} onChange={(e) => setRubric(e.target.value)} data-testid="judge-rubric" rows={7} />
        {result && (
          <div className="judge-verdict" role="status" data-testid="judge-verdict">
            <strong>{result.winner === null ? "A tie" : `Picked ${nameOf(result.winner)}`}</strong>
            <p>{result.reason}</p>
            <p className="muted small">Saved as a vote by {result.vote.voter}; the judge's own answer is in History, tagged judge.</p>
          </div>
        )}
        {error && error.field !== "model" && (
          <p className="form-error" role="alert" data-testid="judge-error">
            {error.message}
          </p>
        )}
        <div className="dialog-actions">
          {pending && <span className="muted small">The judge is reading… {written ? `${written} characters written` : ""}</span>}
          <Button onClick={onClose}>{result ? "Close" : "Cancel"}</Button>
          <Button type="submit" variant="primary" disabled={pending || !judge.trim() || !text.trim() || among.length < 2} data-testid="judge-run">
            {pending ? "Judging…" : result ? "Judge again" : "Judge"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
