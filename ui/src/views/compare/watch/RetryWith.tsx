// "Ask again with changes…": one answer asked again, in a new column beside it, with its
// parameters or its model changed. The form starts from what that answer was sent with (the
// engine's saved target, `answerTarget`), so a person changes one thing and keeps the rest.
//
// Owns: the form. Invariants: blank fields send nothing (the provider's default; Settings →
// Defaults were merged when the answer was first asked); nothing is sent until every field
// checks; a refusal (a spending cap, an unknown price under a cap) is said in the dialog.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import type { BackendError, SlotRecord, Target } from "../../../backend";
import { useServices } from "../../../app/services";
import { Button, Dialog, Field } from "../../../kit";
import { type ColumnDraft, type ColumnField, checkColumn, columnDraftOfTarget, describeColumn, describeField, NO_DEFAULTS, REASONING_CHOICES, retargeted, ROUTING_CHOICES } from "../../../params";

const NUMBERS: { field: "temperature" | "top_p" | "max_tokens" | "seed"; label: string; hint: string }[] = [
  { field: "temperature", label: "Temperature", hint: "0 to 2" },
  { field: "top_p", label: "Top-p", hint: "0 to 1" },
  { field: "max_tokens", label: "Max tokens", hint: "at least 1" },
  { field: "seed", label: "Seed", hint: "0 or more" },
];

export function RetryWith({ comparisonId, slot, onClose }: { comparisonId: string; slot: SlotRecord | null; onClose: () => void }) {
  return (
    <Dialog open={slot !== null} onOpenChange={(o) => !o && onClose()} title="Ask again with changes" description={slot ? `A new column beside “${slot.model}”; this answer stays as it is.` : undefined} testId="retry-with" className="retry-with">
      {slot && <RetryForm key={`${comparisonId}:${slot.index}`} comparisonId={comparisonId} slot={slot} onDone={onClose} />}
    </Dialog>
  );
}

function RetryForm({ comparisonId, slot, onDone }: { comparisonId: string; slot: SlotRecord; onDone: () => void }) {
  const { backend } = useServices();
  const asked = useQuery({ queryKey: ["answer-target", comparisonId, slot.index], queryFn: () => backend.answerTarget(comparisonId, slot.index), staleTime: Infinity });
  if (asked.error)
    return (
      <p className="dialog-body form-error" role="alert">
        {(asked.error as BackendError).message}
      </p>
    );
  if (!asked.data) return <p className="dialog-body muted">Reading what this answer was sent with…</p>;
  return <Form comparisonId={comparisonId} slot={slot} target={asked.data} onDone={onDone} />;
}

function Form({ slot, target, onDone }: { comparisonId: string; slot: SlotRecord; target: Target; onDone: () => void }) {
  const { run } = useServices();
  const [model, setModel] = useState(target.model);
  const [draft, setDraft] = useState<ColumnDraft>(() => columnDraftOfTarget(target));
  const [error, setError] = useState<string | null>(null);
  const [unknownCost, setUnknownCost] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const before = columnDraftOfTarget(target);
  const checked = checkColumn(draft, NO_DEFAULTS);
  const errors: Partial<Record<ColumnField, string>> = checked.ok ? {} : checked.errors;
  const modelError = model.trim() === "" ? "Name the model to ask." : /\s/.test(model.trim()) ? "A model id has no spaces." : null;
  const router = (target.provider ?? "openrouter") === "openrouter";
  const set = (field: ColumnField, value: string) => setDraft((d) => ({ ...d, [field]: value }) as ColumnDraft);

  // "temp 0.3 · max 200", the model when it changed: what the new column shows it was asked with.
  const changes = [model.trim() !== target.model ? model.trim() : null, ...changedFields(before, draft)].filter(Boolean).join(" · ");

  const send = async (allowUnknownCost = false) => {
    if (!checked.ok || modelError || sending) return;
    setError(null);
    setUnknownCost(null);
    setSending(true);
    try {
      await run.retry(slot.index, allowUnknownCost, { target: retargeted(target, model.trim(), checked.value), label: changes || "asked again" });
      onDone();
    } catch (e) {
      const err = e as BackendError;
      if (err.code === "budget_unknown_cost") setUnknownCost(err.message);
      else setError(err.message);
    } finally {
      setSending(false);
    }
  };

  return (
    <form
      className="dialog-body retry-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <Field label="Model" hint="Another model of the same provider may be asked instead." error={modelError}>
        <input value={model} onChange={(e) => setModel(e.target.value)} data-testid="retry-model" spellCheck={false} />
      </Field>
      <div className="retry-grid">
        {NUMBERS.map((n) => (
          <Field key={n.field} label={n.label} error={errors[n.field]}>
            <input className="num" inputMode="decimal" placeholder="default" value={draft[n.field]} onChange={(e) => set(n.field, e.target.value)} title={n.hint} data-testid={`retry-${n.field}`} />
          </Field>
        ))}
        <Field label="Reasoning">
          <select value={draft.reasoning} onChange={(e) => set("reasoning", e.target.value)} data-testid="retry-reasoning">
            {REASONING_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.value === "default" ? "default" : c.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Stop" error={errors.stop}>
          <input placeholder="none" value={draft.stop} onChange={(e) => set("stop", e.target.value)} title="Comma-separated, at most 4" data-testid="retry-stop" />
        </Field>
        {router && (
          <>
            <Field label="Routing">
              <select value={draft.sort} onChange={(e) => set("sort", e.target.value)} data-testid="retry-sort">
                {ROUTING_CHOICES.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Fallbacks" error={errors.fallbacks}>
              <input placeholder="none" value={draft.fallbacks} onChange={(e) => set("fallbacks", e.target.value)} title="Model ids, comma-separated" data-testid="retry-fallbacks" />
            </Field>
          </>
        )}
      </div>
      <Field label="System prompt" hint="Blank: the comparison's.">
        <textarea rows={2} placeholder="the comparison's" value={draft.system} onChange={(e) => set("system", e.target.value)} data-testid="retry-system" />
      </Field>
      <p className="muted small" data-testid="retry-changes">
        {changes ? `Changed: ${changes}.` : "Nothing changed: the same request again."} Sent with: {describeColumn(draft) ?? "the provider's defaults"}.
      </p>
      {error && (
        <p className="form-error" role="alert" data-testid="retry-error">
          {error}
        </p>
      )}
      {unknownCost && (
        <p className="budget-unchecked" role="alert" data-testid="retry-unknown-cost">
          {unknownCost}
          <Button size="sm" onClick={() => void send(true)} data-testid="retry-anyway">
            Send anyway
          </Button>
        </p>
      )}
      <div className="dialog-actions">
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={!checked.ok || modelError !== null || sending} data-testid="retry-send">
          Ask again
        </Button>
      </div>
    </form>
  );
}

/** The fields that differ from what was sent before, as the column shows them. */
function changedFields(before: ColumnDraft, after: ColumnDraft): string[] {
  const out: string[] = [];
  for (const key of Object.keys(before) as ColumnField[]) {
    if (before[key].trim() === after[key].trim()) continue;
    out.push(describeField(key, after[key]));
  }
  return out;
}
