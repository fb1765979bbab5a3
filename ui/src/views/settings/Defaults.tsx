// Defaults: the parameters every new comparison starts with (kept in this computer's
// preferences, checked here with the ranges `parallax compare --param` accepts), aliases (a short
// name for a model spec) and saved model sets — both shared with the CLI through the database.
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState, type ReactNode } from "react";

import type { BackendError, ModelSetView } from "../../backend";
import { qk, useAliases, useModelSets } from "../../app/queries";
import { usePrefs, useServices } from "../../app/services";
import { checkDraft, describeDefaults, draftOf, NO_DEFAULTS, REASONING_CHOICES, type ParamField, type ParamsDraft, type ReasoningChoice } from "../../params";
import { Button, Confirm, InlineStatus } from "../../kit";
import { pickLabel, pickOf } from "../../targets";
import type { Status } from "./useSave";

const FIELDS: { field: Exclude<ParamField, "reasoning">; label: string; hint: string; placeholder: string; inputMode: "decimal" | "numeric" }[] = [
  { field: "temperature", label: "Temperature", hint: "0 to 2; lower is more deterministic", placeholder: "model default", inputMode: "decimal" },
  { field: "top_p", label: "Top-p", hint: "0 to 1", placeholder: "model default", inputMode: "decimal" },
  { field: "max_tokens", label: "Max output tokens", hint: "1 or more; also the estimate's worst case", placeholder: "model's limit", inputMode: "numeric" },
  { field: "seed", label: "Seed", hint: "a whole number, for providers that support it", placeholder: "none", inputMode: "numeric" },
];

function ParamsCard() {
  const { prefs } = useServices();
  const saved = usePrefs((s) => s.defaultParams);
  const [draft, setDraft] = useState<ParamsDraft>(() => draftOf(saved));
  const [errors, setErrors] = useState<Partial<Record<ParamField, string>>>({});
  const [status, setStatus] = useState<Status | null>(null);
  const set = (field: ParamField, v: string) => {
    setStatus(null);
    setErrors((e) => ({ ...e, [field]: undefined }));
    setDraft((d) => ({ ...d, [field]: v }));
  };
  const current = draftOf(saved);
  const dirty = (Object.keys(draft) as ParamField[]).some((k) => draft[k].trim() !== current[k]);
  const save = () => {
    const checked = checkDraft(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      setStatus({ ok: false, text: "Not saved: see the messages above." });
      return;
    }
    setErrors({});
    prefs.set("defaultParams", checked.value);
    setDraft(draftOf(checked.value));
    const text = describeDefaults(checked.value);
    setStatus({ ok: true, text: text ? `Saved: new comparisons use ${text}.` : "Saved: new comparisons use each model's own defaults." });
  };
  return (
    <form
      className="card settings-card"
      data-testid="default-params"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h3>Parameters for new comparisons</h3>
      <p className="muted small card-intro">
        Applied to every model you pick in Compare (kept on this computer). Empty means the model's own default: nothing is sent. A provider
        that cannot take one says so in its column rather than dropping it silently.
      </p>
      <div className="params-grid">
        {FIELDS.map((f) => (
          <div className="field" key={f.field}>
            <label className="field-label" htmlFor={`param-${f.field}`}>
              {f.label}
            </label>
            <input
              id={`param-${f.field}`}
              type="text"
              inputMode={f.inputMode}
              autoComplete="off"
              spellCheck={false}
              placeholder={f.placeholder}
              value={draft[f.field]}
              onChange={(e) => set(f.field, e.target.value)}
              aria-invalid={errors[f.field] ? true : undefined}
              aria-describedby={`param-${f.field}-hint${errors[f.field] ? ` param-${f.field}-error` : ""}`}
              data-testid={`param-${f.field}`}
            />
            <span className="field-hint" id={`param-${f.field}-hint`}>
              {f.hint}
            </span>
            {errors[f.field] && (
              <span className="field-error" role="alert" id={`param-${f.field}-error`} data-testid={`param-${f.field}-error`}>
                {errors[f.field]}
              </span>
            )}
          </div>
        ))}
        <div className="field">
          <label className="field-label" htmlFor="param-reasoning">
            Reasoning effort
          </label>
          <select id="param-reasoning" value={draft.reasoning} onChange={(e) => set("reasoning", e.target.value as ReasoningChoice)} data-testid="param-reasoning">
            {REASONING_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
          <span className="field-hint">for models that reason</span>
        </div>
      </div>
      <div className="row card-actions">
        <Button type="submit" variant="primary" disabled={!dirty} data-testid="default-params-save">
          Save
        </Button>
        <Button
          disabled={JSON.stringify(saved) === JSON.stringify(NO_DEFAULTS) && JSON.stringify(draft) === JSON.stringify(draftOf(NO_DEFAULTS))}
          onClick={() => {
            prefs.set("defaultParams", NO_DEFAULTS);
            setDraft(draftOf(NO_DEFAULTS));
            setErrors({});
            setStatus({ ok: true, text: "Back to each model's own defaults." });
          }}
          data-testid="default-params-reset"
        >
          Reset all
        </Button>
        <InlineStatus status={status} testId="default-params-status" />
      </div>
    </form>
  );
}

function useWrite(invalidate: readonly unknown[]) {
  const client = useQueryClient();
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<{ field: string | undefined; message: string } | null>(null);
  const [pending, setPending] = useState(false);
  const run = async (write: () => Promise<unknown>, done: string, then?: () => void) => {
    setStatus(null);
    setError(null);
    setPending(true);
    try {
      await write();
      setStatus({ ok: true, text: done });
      then?.();
    } catch (e) {
      const err = e as BackendError;
      setError({ field: err.field, message: err.message });
    } finally {
      setPending(false);
      void client.invalidateQueries({ queryKey: invalidate });
    }
  };
  return { run, status, error, pending, clear: () => (setStatus(null), setError(null)) };
}

function Empty({ children, testId }: { children: ReactNode; testId: string }) {
  return (
    <p className="muted small" data-testid={testId}>
      {children}
    </p>
  );
}

function AliasesCard() {
  const { backend } = useServices();
  const aliases = useAliases();
  const write = useWrite(qk.aliases);
  const [name, setName] = useState("");
  const [model, setModel] = useState("");
  const list = aliases.data ?? [];
  return (
    <section className="card settings-card" data-testid="aliases">
      <h3>Aliases</h3>
      <p className="muted small card-intro">
        A short name for a model: <code>parallax compare -m sonnet</code> then means the model it names. Shared with the CLI.
      </p>
      {aliases.error ? (
        <p className="form-error" role="alert">
          {(aliases.error as BackendError).message}
        </p>
      ) : list.length === 0 ? (
        <Empty testId="aliases-empty">{aliases.isLoading ? "Loading…" : "No alias yet."}</Empty>
      ) : (
        <table className="plain-table">
          <thead>
            <tr>
              <th>Alias</th>
              <th>Model</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.name} data-testid={`alias-${a.name}`}>
                <td>
                  <code>{a.name}</code>
                </td>
                <td className="wrap">{a.model}</td>
                <td className="actions">
                  <Button size="sm" variant="danger" disabled={write.pending} onClick={() => void write.run(() => backend.deleteAlias(a.name), `Alias ${a.name} removed.`)} data-testid={`alias-remove-${a.name}`}>
                    Remove
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="row align-start"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const [n, m] = [name.trim(), model.trim()];
          void write.run(() => backend.setAlias(n, m), list.some((a) => a.name === n) ? `Alias ${n} now means ${m}.` : `Alias ${n} added.`, () => {
            setName("");
            setModel("");
          });
        }}
      >
        <div className="field">
          <label className="field-label" htmlFor="alias-name">
            Alias
          </label>
          <input id="alias-name" placeholder="e.g. sonnet" value={name} spellCheck={false} onChange={(e) => (write.clear(), setName(e.target.value))} data-testid="alias-name" />
        </div>
        <div className="field grow">
          <label className="field-label" htmlFor="alias-model">
            Model
          </label>
          <input
            id="alias-model"
            placeholder="e.g. anthropic:claude-sonnet-4-5 or openai/gpt-4o"
            value={model}
            spellCheck={false}
            onChange={(e) => (write.clear(), setModel(e.target.value))}
            data-testid="alias-model"
          />
        </div>
        <div className="field">
          <span className="field-label" aria-hidden>
            &nbsp;
          </span>
          <Button type="submit" disabled={write.pending || !name.trim() || !model.trim()} data-testid="alias-add">
            Add alias
          </Button>
        </div>
      </form>
      {write.error && (
        <span className="field-error" role="alert" data-testid="alias-error">
          {write.error.message}
        </span>
      )}
      <InlineStatus status={write.status} testId="alias-status" />
    </section>
  );
}

function setSummary(set: ModelSetView): string {
  const d = set.targets[0]?.params;
  const parts: string[] = [];
  if (d?.temperature !== undefined && d.temperature !== null) parts.push(`temperature ${d.temperature}`);
  if (d?.max_tokens !== undefined && d.max_tokens !== null) parts.push(`max ${d.max_tokens} tokens`);
  return parts.join(" · ");
}

function ModelSetsCard() {
  const { backend, prefs } = useServices();
  const navigate = useNavigate();
  const sets = useModelSets();
  const write = useWrite(qk.modelSets);
  const [confirm, setConfirm] = useState<string | null>(null);
  const list = sets.data ?? [];
  return (
    <section className="card settings-card" data-testid="model-sets">
      <h3>Model sets</h3>
      <p className="muted small card-intro">
        Models saved together, with their parameters: pick them in one go from the palette, or use <code>-m @name</code> with the CLI. Save the
        models picked in Compare with “Save picks as set…”.
      </p>
      {sets.error ? (
        <p className="form-error" role="alert">
          {(sets.error as BackendError).message}
        </p>
      ) : list.length === 0 ? (
        <Empty testId="sets-empty">{sets.isLoading ? "Loading…" : "No model set yet."}</Empty>
      ) : (
        <ul className="set-list">
          {list.map((set) => (
            <li key={set.name} data-testid={`set-${set.name}`}>
              <div className="row">
                <strong>@{set.name}</strong>
                <span className="muted small">
                  {set.targets.length} model{set.targets.length === 1 ? "" : "s"}
                  {setSummary(set) && ` · ${setSummary(set)}`}
                </span>
                <span className="spacer" />
                <Button
                  size="sm"
                  onClick={() => {
                    prefs.set("picks", set.targets.map(pickOf));
                    void navigate({ to: "/compare" });
                  }}
                  data-testid={`set-use-${set.name}`}
                  title="Replace Compare's picks with these models (new comparisons use your default parameters)"
                >
                  Pick in Compare
                </Button>
                <Button size="sm" variant="danger" onClick={() => setConfirm(set.name)} data-testid={`set-remove-${set.name}`}>
                  Remove…
                </Button>
              </div>
              <p className="small set-models">{set.targets.map((t) => pickLabel(pickOf(t))).join(", ") || "(cannot be read)"}</p>
            </li>
          ))}
        </ul>
      )}
      <InlineStatus status={write.status} testId="set-status" />
      {write.error && !confirm && (
        <span className="field-error" role="alert">
          {write.error.message}
        </span>
      )}
      <Confirm
        open={confirm !== null}
        onOpenChange={(o) => !o && setConfirm(null)}
        title={`Remove the model set @${confirm ?? ""}?`}
        description="Comparisons already run with it keep their answers; -m @name stops working."
        confirm={`Remove @${confirm ?? ""}`}
        danger
        pending={write.pending}
        onConfirm={() => {
          const name = confirm!;
          void write.run(() => backend.deleteModelSet(name), `Model set @${name} removed.`, () => setConfirm(null));
        }}
        testId="set-remove-dialog"
      >
        {write.error && (
          <span className="field-error" role="alert">
            {write.error.message}
          </span>
        )}
      </Confirm>
    </section>
  );
}

export function DefaultsSection() {
  return (
    <>
      <ParamsCard />
      <AliasesCard />
      <ModelSetsCard />
    </>
  );
}
