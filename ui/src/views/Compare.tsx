import { useEffect, useReducer, useRef, useState } from "react";

import { backend, BackendError, type CatalogModel, type ComparisonEvent, type Target } from "../backend";
import { AnswerGrid } from "../components/AnswerColumn";
import { ModelPicker } from "../components/ModelPicker";
import { applyEvent, emptyRun, type RunState } from "../compareState";

const SELECTED_KEY = "parallax.selectedModels";

function loadSelected(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(SELECTED_KEY) ?? "[]");
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

type Action = { kind: "event"; event: ComparisonEvent } | { kind: "reset" };

function reducer(state: RunState, a: Action): RunState {
  return a.kind === "reset" ? emptyRun : applyEvent(state, a.event);
}

interface Props {
  /** Bumped when Settings change, so the model list is fetched again from the new endpoint. */
  settingsVersion: number;
  onSaved: () => void;
}

export function CompareView({ settingsVersion, onSaved }: Props) {
  const [models, setModels] = useState<CatalogModel[]>([]);
  const [modelsError, setModelsError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>(loadSelected);
  const [prompt, setPrompt] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [run, dispatch] = useReducer(reducer, emptyRun);
  const runId = useRef<string | null>(null);
  const running = run.comparison !== null && !run.finished;

  const [modelsRequest, setModelsRequest] = useState(0);
  useEffect(() => {
    let current = true;
    backend.listModels().then(
      (m) => {
        if (!current) return;
        setModels(m);
        setModelsError(null);
      },
      (e: BackendError) => current && setModelsError(e.message),
    );
    return () => {
      current = false;
    };
  }, [settingsVersion, modelsRequest]);
  useEffect(() => localStorage.setItem(SELECTED_KEY, JSON.stringify(selected)), [selected]);
  useEffect(() => {
    if (run.finished) onSaved();
  }, [run.finished, onSaved]);

  const send = async () => {
    if (running) return;
    setError(null);
    if (!prompt.trim()) return setError("Type a prompt first.");
    if (selected.length === 0) return setError("Pick at least one model.");
    const byId = new Map(models.map((m) => [m.id, m]));
    const targets: Target[] = selected.map((id) => {
      const m = byId.get(id);
      const perM = (p: CatalogModel["prompt_price"] | undefined) => (p?.kind === "usd" ? p.usd : null);
      return {
        provider: "openrouter",
        endpoint: null,
        model: id,
        params: { temperature: null, top_p: null, max_tokens: null, seed: null, stop: [], reasoning: null },
        fallback_models: [],
        routing: {
          order: [], allow_fallbacks: null, sort: null, only: [], ignore: [],
          max_prompt_price_per_m: null, max_completion_price_per_m: null, data_collection: null,
        },
        prompt_price_per_m: perM(m?.prompt_price),
        completion_price_per_m: perM(m?.completion_price),
      };
    });
    dispatch({ kind: "reset" });
    try {
      runId.current = await backend.startComparison({ prompt, system: null, targets }, (event) =>
        dispatch({ kind: "event", event }),
      );
    } catch (e) {
      setError((e as BackendError).message);
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
            <span className="hint">Ctrl+Enter to send</span>
            {running ? (
              <button type="button" className="secondary" onClick={() => runId.current && void backend.cancelComparison(runId.current)}>
                Stop
              </button>
            ) : null}
            <button type="button" className="primary" data-testid="send" disabled={running} onClick={() => void send()}>
              {running ? "Running…" : selected.length === 0 ? "Send" : `Send to ${selected.length} model${selected.length === 1 ? "" : "s"}`}
            </button>
          </div>
        </div>
        <div className="picker-box">
          {modelsError ? (
            <div className="panel-error" role="alert" data-testid="models-error">
              <p>Could not load the model list.</p>
              <p className="muted">{modelsError}</p>
              <button type="button" onClick={() => setModelsRequest((n) => n + 1)}>
                Retry
              </button>
            </div>
          ) : (
            <ModelPicker models={models} selected={selected} onChange={setSelected} />
          )}
        </div>
      </div>
      {run.comparison ? (
        <AnswerGrid slots={run.slots} />
      ) : (
        <div className="empty">
          <p>Pick two or more models, write a prompt and send it.</p>
          <p className="muted">Each answer streams into its own column with its time to first token, total time, tokens and cost.</p>
        </div>
      )}
    </div>
  );
}
