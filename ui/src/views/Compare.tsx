import { useEffect, useReducer, useRef, useState } from "react";

import {
  backend,
  BackendError,
  type CatalogModel,
  type ComparisonEvent,
  type ComparisonSpec,
  type Estimate,
  type SettingsView,
} from "../backend";
import { formatUsd } from "../format";
import { AnswerGrid } from "../components/AnswerColumn";
import { ModelPicker } from "../components/ModelPicker";
import { applyEvent, emptyRun, type RunState } from "../compareState";
import { parseStoredPicks, type Pick, type Source, sourceKey, toTarget } from "../targets";

const PICKS_KEY = "parallax.selectedModels";
const OPENROUTER: Source = { provider: "openrouter", endpoint: null, label: "OpenRouter" };

type Action = { kind: "event"; event: ComparisonEvent } | { kind: "reset" };

function reducer(state: RunState, a: Action): RunState {
  return a.kind === "reset" ? emptyRun : applyEvent(state, a.event);
}

function sourcesOf(settings: SettingsView | null): Source[] {
  if (!settings) return [OPENROUTER];
  return [
    ...settings.providers.map((p) => ({ provider: p.kind, endpoint: null, label: p.name })),
    ...settings.endpoints.map((e) => ({ provider: "compatible" as const, endpoint: e.name, label: `${e.name} (custom)` })),
  ];
}

interface Props {
  /** Bumped when Settings change, so catalogs are fetched again from the new endpoints. */
  settingsVersion: number;
  onSaved: () => void;
}

export function CompareView({ settingsVersion, onSaved }: Props) {
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [source, setSource] = useState<Source>(OPENROUTER);
  // Catalogs already fetched, by source; a pick's price comes from its own source's catalog.
  const [catalogs, setCatalogs] = useState<Record<string, CatalogModel[]>>({});
  const [modelsError, setModelsError] = useState<string | null>(null);
  const [modelsRequest, setModelsRequest] = useState(0);
  const [picks, setPicks] = useState<Pick[]>(() => parseStoredPicks(localStorage.getItem(PICKS_KEY)));
  const [prompt, setPrompt] = useState("");
  const [error, setError] = useState<string | null>(null);
  // A spending cap that cannot be checked (some model has no known price): say so and offer to
  // send anyway, never treat the unknown as $0.
  // `retry` sends the same thing again, anyway.
  const [unchecked, setUnchecked] = useState<{ message: string; retry: () => void } | null>(null);
  const [run, dispatch] = useReducer(reducer, emptyRun);
  const runId = useRef<string | null>(null);
  const running = run.comparison !== null && !run.finished;

  useEffect(() => {
    let current = true;
    backend.getSettings().then((s) => current && setSettings(s), () => {});
    return () => {
      current = false;
    };
  }, [settingsVersion]);

  useEffect(() => {
    let current = true;
    const key = sourceKey(source);
    backend.listModels(source.provider, source.endpoint).then(
      (m) => {
        if (!current) return;
        setCatalogs((c) => ({ ...c, [key]: m }));
        setModelsError(null);
      },
      (e: BackendError) => current && setModelsError(e.message),
    );
    return () => {
      current = false;
    };
  }, [source, settingsVersion, modelsRequest]);
  useEffect(() => localStorage.setItem(PICKS_KEY, JSON.stringify(picks)), [picks]);
  useEffect(() => {
    if (run.finished) onSaved();
  }, [run.finished, onSaved]);

  const specOf = (): ComparisonSpec => ({
    prompt,
    variants: [],
    rows: [],
    repeats: 1,
    history: [],
    parent: null,
    system: null,
    targets: picks.map((p) => toTarget(p, catalogs[sourceKey(p)]?.find((m) => m.id === p.model))),
  });

  // What sending would cost, refreshed shortly after the prompt or the picks change.
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  useEffect(() => {
    if (!prompt.trim() || picks.length === 0) return;
    let current = true;
    const timer = setTimeout(() => {
      backend.estimateComparison(specOf()).then(
        (e) => current && setEstimate(e),
        () => current && setEstimate(null),
      );
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // specOf reads exactly these.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [prompt, picks, catalogs]);

  const send = async (allowUnknownCost = false) => {
    if (running) return;
    setError(null);
    setUnchecked(null);
    if (!prompt.trim()) return setError("Type a prompt first.");
    if (picks.length === 0) return setError("Pick at least one model.");
    dispatch({ kind: "reset" });
    try {
      const spec = { ...specOf(), allow_unknown_cost: allowUnknownCost };
      runId.current = await backend.startComparison(spec, (event) => dispatch({ kind: "event", event }));
    } catch (e) {
      const err = e as BackendError;
      if (err.code === "budget_unknown_cost") setUnchecked({ message: err.message, retry: () => void send(true) });
      else setError(err.message);
    }
  };

  // Follow-ups: once a comparison is over, continue every answer or only one (the winner).
  const [followText, setFollowText] = useState("");
  const followUp = async (slots: number[], allowUnknownCost = false) => {
    const parent = run.comparison;
    if (!parent || running) return;
    setError(null);
    setUnchecked(null);
    if (!followText.trim()) return setError("Type the follow-up first.");
    try {
      runId.current = await backend.followUp(
        parent.id,
        followText,
        slots,
        (event) => dispatch({ kind: "event", event }),
        allowUnknownCost,
      );
      setFollowText("");
    } catch (e) {
      const err = e as BackendError;
      // The same choice as for a new comparison, sending the same follow-up anyway.
      if (err.code === "budget_unknown_cost") setUnchecked({ message: err.message, retry: () => void followUp(slots, true) });
      else setError(err.message);
    }
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void send();
    }
  };

  return (
    <div className="compare">
      <div className="composer">
        <div className="prompt-box">
          <textarea
            data-testid="prompt"
            placeholder="Ask every selected model the same thing…"
            value={prompt}
            onChange={(e) => setPrompt(e.target.value)}
            onKeyDown={onKeyDown}
            rows={5}
          />
          <div className="composer-actions">
            {error && (
              <span className="form-error" role="alert" data-testid="compare-error">
                {error}
              </span>
            )}
            {unchecked && (
              <span className="budget-unchecked" role="alert" data-testid="budget-unchecked">
                {unchecked.message}
                <button type="button" className="mini" data-testid="send-anyway" onClick={unchecked.retry}>
                  Send anyway
                </button>
              </span>
            )}
            {estimate && prompt.trim() && picks.length > 0 && (
              <span
                className="hint"
                data-testid="estimate"
                title="Before sending: input tokens (exact for OpenAI models, about 4 characters per token otherwise) × catalog prices; the most it can cost if every answer runs to its output limit."
              >
                {estimate.slots.reduce((n, s) => n + s.input_tokens, 0).toLocaleString("en-US")} tokens in ·{" "}
                {estimate.input_cost_complete ? "" : "≥ "}
                {formatUsd(estimate.input_cost_usd)} · at most {estimate.worst_case_complete ? "" : "≥ "}
                {formatUsd(estimate.worst_case_usd)}
              </span>
            )}
            <span className="hint">Ctrl+Enter to send</span>
            {running ? (
              <button type="button" className="secondary" onClick={() => runId.current && void backend.cancelComparison(runId.current)}>
                Stop
              </button>
            ) : null}
            <button type="button" className="primary" data-testid="send" disabled={running} onClick={() => void send()}>
              {running ? "Running…" : picks.length === 0 ? "Send" : `Send to ${picks.length} model${picks.length === 1 ? "" : "s"}`}
            </button>
          </div>
        </div>
        <div className="picker-box">
          <ModelPicker
            sources={sourcesOf(settings)}
            source={source}
            onSource={(s) => {
              setModelsError(null);
              setSource(s);
            }}
            models={catalogs[sourceKey(source)] ?? null}
            modelsError={modelsError}
            onRetry={() => setModelsRequest((n) => n + 1)}
            picks={picks}
            onChange={setPicks}
          />
        </div>
      </div>
      {run.comparison ? (
        <>
        {run.finished && (
          <div className="follow-up" data-testid="follow-up">
            <input
              placeholder="Follow up: continue every conversation, or press “Continue this” on the answer you prefer"
              value={followText}
              onChange={(e) => setFollowText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void followUp([]);
              }}
              data-testid="follow-up-input"
            />
            <button type="button" onClick={() => void followUp([])} data-testid="follow-up-all">
              Follow up with all
            </button>
          </div>
        )}
        {run.spendUnknown.length > 0 && (
          <div className="budget-unchecked" role="status" data-testid="spend-unknown">
            {run.spendUnknown.join(" ")}
          </div>
        )}
        {run.comparison.parent_id && (
          <div className="run-prompt" data-testid="run-prompt">
            <span className="muted small">Follow-up</span> {run.comparison.prompt}
          </div>
        )}
        <AnswerGrid
          onContinueSlot={run.finished ? (i) => void followUp([i]) : undefined}
          slots={run.slots}
          notices={run.notices}
          onStopSlot={running ? (i) => runId.current && void backend.cancelSlot(runId.current, i) : undefined}
        />
        </>
      ) : (
        <div className="empty">
          <p>Pick two or more models, write a prompt and send it.</p>
          <p className="muted">Each answer streams into its own column with its time to first token, total time, tokens and cost.</p>
        </div>
      )}
    </div>
  );
}
