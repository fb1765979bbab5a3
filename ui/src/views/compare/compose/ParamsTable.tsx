// The parameters table: temperature, top-p, max tokens, reasoning, seed, stop sequences, and
// OpenRouter's routing sort and fallback models — one row for every model while "same settings
// for all" is on, else one row per picked model. Blank fields take Settings → Defaults (shown as
// the placeholder). Max tokens is here so that a spending-cap warning can be acted on at once.
// Invariant: `columns[0]` is the shared row; turning "same" off copies it into every pick's row.
import { useEffect, useRef } from "react";

import { BLANK_COLUMN, type ColumnDraft, type ColumnField, type DefaultParams, REASONING_CHOICES, ROUTING_CHOICES } from "../../../params";
import { isDemo, type Pick, pickLabel } from "../../../targets";
import { useDraft, useDraftStore } from "./draftStore";

const NUMERIC: { field: Exclude<ColumnField, "reasoning" | "sort" | "stop" | "fallbacks" | "system">; label: string; title: string }[] = [
  { field: "temperature", label: "Temp", title: "Temperature, 0 to 2: higher is more varied" },
  { field: "top_p", label: "Top-p", title: "Nucleus sampling, 0 to 1" },
  { field: "max_tokens", label: "Max tokens", title: "The most each answer may write: also what the worst-case cost is counted on" },
  { field: "seed", label: "Seed", title: "The same seed asks for the same answer, where the provider supports it" },
];

export function ParamsTable({ picks, defaults, errors }: { picks: Pick[]; defaults: DefaultParams; errors: { column: number; errors: Partial<Record<ColumnField, string>> } | null }) {
  const store = useDraftStore();
  const same = useDraft((s) => s.same);
  const columns = useDraft((s) => s.columns);
  const focus = useDraft((s) => s.focus);
  const maxTokens = useRef<HTMLInputElement>(null);

  // A warning's "Lower max tokens": the field is on screen, focused and selected.
  useEffect(() => {
    if (focus !== "max_tokens") return;
    maxTokens.current?.focus();
    maxTokens.current?.select();
    store.setState({ focus: null });
  }, [focus, store]);

  const rows = same ? [0] : picks.map((_, i) => i);
  const draftAt = (i: number): ColumnDraft => columns[i] ?? columns[0] ?? BLANK_COLUMN;
  const set = (i: number, field: ColumnField, value: string) => {
    const next = [...columns];
    while (next.length <= i) next.push({ ...draftAt(0) });
    next[i] = { ...draftAt(i), [field]: value } as ColumnDraft;
    store.setState({ columns: next });
  };
  const toggleSame = (on: boolean) =>
    store.setState(on ? { same: true, columns: [draftAt(0)] } : { same: false, columns: picks.map((_, i) => ({ ...draftAt(i) })) });
  const anyOpenRouter = picks.some((p) => p.provider === "openrouter" || isDemo(p));
  const placeholder = (f: (typeof NUMERIC)[number]["field"]) => (defaults[f] === null ? "default" : String(defaults[f]));

  return (
    <section className="compose-section" aria-label="Parameters" data-testid="params">
      <div className="compose-section-head">
        <strong>Parameters</strong>
        <label className="check small">
          <input type="checkbox" checked={same} onChange={(e) => toggleSame(e.target.checked)} data-testid="params-same" /> Same settings for all
        </label>
        <span className="muted small">Blank: Settings → Defaults, else the model's own.</span>
      </div>
      <div className="params-scroll">
        <table className="params-table">
          <thead>
            <tr>
              <th scope="col">Model</th>
              {NUMERIC.map((n) => (
                <th key={n.field} scope="col" title={n.title}>
                  {n.label}
                </th>
              ))}
              <th scope="col">Reasoning</th>
              <th scope="col" title="Text that ends the answer, comma-separated (at most 4)">
                Stop
              </th>
              <th scope="col" title="This model's own system prompt, in place of the comparison's (blank: the comparison's)">
                System
              </th>
              {anyOpenRouter && (
                <>
                  <th scope="col" title="OpenRouter: which of a model's providers to prefer">
                    Sort
                  </th>
                  <th scope="col" title="OpenRouter: models tried in order when this one fails before answering">
                    Fallbacks
                  </th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((i) => {
              const d = draftAt(i);
              const err = errors && errors.column === i ? errors.errors : {};
              const name = same ? (picks.length === 1 ? pickLabel(picks[0]!) : `All ${picks.length || ""} models`.replace("  ", " ")) : pickLabel(picks[i]!);
              const router = same ? anyOpenRouter : picks[i]!.provider === "openrouter" || isDemo(picks[i]!);
              return (
                <tr key={i} data-testid="params-row">
                  <th scope="row" className="params-model" title={name}>
                    {name}
                  </th>
                  {NUMERIC.map((n) => (
                    <td key={n.field}>
                      <input
                        ref={n.field === "max_tokens" && i === rows[0] ? maxTokens : undefined}
                        className="num"
                        inputMode="decimal"
                        aria-label={`${n.title.split(",")[0]} for ${name}`}
                        placeholder={placeholder(n.field)}
                        value={d[n.field]}
                        onChange={(e) => set(i, n.field, e.target.value)}
                        aria-invalid={err[n.field] ? true : undefined}
                        title={err[n.field] ?? n.title}
                        data-testid={`param-${n.field}-${i}`}
                      />
                    </td>
                  ))}
                  <td>
                    <select aria-label={`Reasoning for ${name}`} value={d.reasoning} onChange={(e) => set(i, "reasoning", e.target.value)} data-testid={`param-reasoning-${i}`}>
                      {REASONING_CHOICES.map((c) => (
                        <option key={c.value} value={c.value}>
                          {c.value === "default" ? (defaults.reasoning === "default" ? "default" : `default (${defaults.reasoning})`) : c.label}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input aria-label={`Stop sequences for ${name}`} placeholder="none" value={d.stop} onChange={(e) => set(i, "stop", e.target.value)} aria-invalid={err.stop ? true : undefined} title={err.stop ?? undefined} data-testid={`param-stop-${i}`} />
                  </td>
                  <td>
                    <input
                      className="param-system"
                      aria-label={`System prompt for ${name}`}
                      placeholder="the comparison's"
                      value={d.system}
                      onChange={(e) => set(i, "system", e.target.value)}
                      title={d.system || "This model's own system prompt, in place of the comparison's"}
                      data-testid={`param-system-${i}`}
                    />
                  </td>
                  {anyOpenRouter && (
                    <>
                      <td>
                        <select aria-label={`Routing sort for ${name}`} value={d.sort} disabled={!router} onChange={(e) => set(i, "sort", e.target.value)} data-testid={`param-sort-${i}`}>
                          {ROUTING_CHOICES.map((c) => (
                            <option key={c.value} value={c.value}>
                              {c.label}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>
                        <input aria-label={`Fallback models for ${name}`} placeholder="none" disabled={!router} value={d.fallbacks} onChange={(e) => set(i, "fallbacks", e.target.value)} aria-invalid={err.fallbacks ? true : undefined} title={err.fallbacks ?? "Model ids, comma-separated"} data-testid={`param-fallbacks-${i}`} />
                      </td>
                    </>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {errors && Object.values(errors.errors).length > 0 && (
        <p className="form-error small" role="alert" data-testid="params-error">
          {Object.values(errors.errors).join(" ")}
        </p>
      )}
    </section>
  );
}
