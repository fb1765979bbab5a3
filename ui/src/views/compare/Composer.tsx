// The prompt, what sending would cost, Send/Stop, and the models to ask (picked from any
// configured catalog). Errors show beside the Send button that caused them.
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { useEffect, useMemo, useState } from "react";

import type { BackendError, ComparisonSpec, Estimate } from "../../backend";
import { useCatalog, useCatalogs, useSettings } from "../../app/queries";
import { useCompose, usePrefs, useRun, useServices, useUi } from "../../app/services";
import { CatalogNotice } from "../../components/CatalogNotice";
import { formatCount, formatUsd } from "../../format";
import { Button, Kbd, Panel, PanelHandle, Panels, Popover } from "../../kit";
import { describeDefaults, type DefaultParams } from "../../params";
import { isRunning } from "../../run/runStore";
import { shortcut } from "../../shortcuts";
import { OPENROUTER, type Pick, sameSource, type Source, sourceKey, sourcesOf, specOf, toTarget } from "../../targets";
import { ModelPicker } from "./ModelPicker";
import { SaveSetButton } from "./SaveSet";

/** A cap that cannot be checked: said, with the way to send anyway. */
export interface Unchecked {
  message: string;
  retry: () => void;
}

export function BudgetUnchecked({ unchecked }: { unchecked: Unchecked | null }) {
  if (!unchecked) return null;
  return (
    <span className="budget-unchecked" role="alert" data-testid="budget-unchecked">
      {unchecked.message}
      <Button size="sm" data-testid="send-anyway" onClick={unchecked.retry}>
        Send anyway
      </Button>
    </span>
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** Builds the spec from the picks, with the prices of each pick's own catalog and the default parameters. */
function useSpec(prompt: string, picks: Pick[], defaults: DefaultParams): ComparisonSpec {
  const sources = useMemo(() => {
    const seen = new Map<string, Source>();
    for (const p of picks) if (!seen.has(sourceKey(p))) seen.set(sourceKey(p), { provider: p.provider, endpoint: p.endpoint, label: "" });
    return [...seen.values()];
  }, [picks]);
  const catalogs = useCatalogs(sources, true);
  const byKey = new Map(sources.map((s, i) => [sourceKey(s), catalogs.data[i]] as const));
  return specOf(prompt, picks.map((p) => toTarget(p, byKey.get(sourceKey(p))?.find((m) => m.id === p.model), defaults)));
}

/** The catalog the picker shows: the one chosen, else the first pick's, else the first offered. */
function pickerSource(sources: Source[], chosen: string | null, picks: Pick[]): Source {
  const first = picks[0];
  return (
    sources.find((s) => sourceKey(s) === chosen) ??
    (first ? sources.find((s) => sameSource(s, first)) : undefined) ??
    sources[0] ??
    OPENROUTER
  );
}

function EstimateLine({ estimate }: { estimate: Estimate }) {
  const tokens = estimate.slots.reduce((n, s) => n + s.input_tokens, 0);
  return (
    <Popover
      title="Before sending"
      testId="estimate-details"
      trigger={
        <button
          type="button"
          className="estimate num"
          data-testid="estimate"
          title="Before sending: input tokens (exact for OpenAI models, about 4 characters per token otherwise) × catalog prices; the most it can cost if every answer runs to its output limit."
        >
          {tokens.toLocaleString("en-US")} tokens in · {estimate.input_cost_complete ? "" : "≥ "}
          {formatUsd(estimate.input_cost_usd)} · at most {estimate.worst_case_complete ? "" : "≥ "}
          {formatUsd(estimate.worst_case_usd)}
        </button>
      }
    >
      <p className="muted small">
        Input tokens × each model's input price, and the most each answer can cost if it runs to its output limit. A dash
        is a price nobody knows: never counted as $0.
      </p>
      <table className="estimate-table">
        <thead>
          <tr>
            <th>#</th>
            <th>Tokens in</th>
            <th>Input cost</th>
            <th>At most</th>
          </tr>
        </thead>
        <tbody>
          {estimate.slots.map((s, i) => (
            <tr key={i}>
              <td>{i + 1}</td>
              <td>
                {formatCount(s.input_tokens)}
                {s.counted === "approximate" ? " ≈" : ""}
              </td>
              <td>{formatUsd(s.input_cost_usd)}</td>
              <td>{formatUsd(s.worst_case_usd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {estimate.unpriced.length > 0 && <p className="small warn-text">No known price: {estimate.unpriced.join(", ")}.</p>}
    </Popover>
  );
}

export function Composer({ onSent }: { onSent: () => void }) {
  const { compose, run, prefs, backend, ui } = useServices();
  const prompt = useCompose((s) => s.prompt);
  const picks = usePrefs((s) => s.picks);
  const layout = usePrefs((s) => s.layouts["compare.composer"]);
  const running = useRun(isRunning);
  const starting = useRun((s) => s.starting);
  const settings = useSettings();
  const sources = useMemo(() => sourcesOf(settings.data), [settings.data]);
  const chosen = useUi((s) => s.pickerSource);
  // The first pick when Compare opened, not now: the list must not change under the person
  // when they pick or remove a model.
  const [opened] = useState(() => picks.slice(0, 1));
  const source = pickerSource(sources, chosen, opened);
  const catalog = useCatalog(source);
  const [error, setError] = useState<string | null>(null);
  const [unchecked, setUnchecked] = useState<Unchecked | null>(null);
  const defaults = usePrefs((s) => s.defaultParams);
  const spec = useSpec(prompt, picks, defaults);
  const defaultsText = describeDefaults(defaults);

  // What sending would cost, asked shortly after the prompt or the picks stop changing.
  const specText = useDebounced(JSON.stringify(spec), 300);
  const estimate = useQuery({
    queryKey: ["estimate", specText],
    queryFn: () => backend.estimateComparison(JSON.parse(specText) as ComparisonSpec),
    enabled: prompt.trim() !== "" && picks.length > 0,
    staleTime: 60_000,
    placeholderData: (prev) => prev,
  });

  const send = async (allowUnknownCost = false) => {
    if (running || starting) return;
    setError(null);
    setUnchecked(null);
    if (!prompt.trim()) return setError("Type a prompt first.");
    if (picks.length === 0) return setError("Pick at least one model.");
    try {
      await run.start({ ...spec, allow_unknown_cost: allowUnknownCost });
      onSent();
    } catch (e) {
      const err = e as BackendError;
      if (err.code === "budget_unknown_cost") setUnchecked({ message: err.message, retry: () => void send(true) });
      else setError(err.message);
    }
  };

  const sendKeys = shortcut("send").keys;
  return (
    <Panels id="compare.composer" layout={layout} onLayout={(l) => prefs.set("layouts", { ...prefs.getState().layouts, "compare.composer": l })} className="composer">
      <Panel id="composer-prompt" defaultSize="60%" minSize={240}>
        <div className="prompt-box">
          <textarea
            data-testid="prompt"
            data-focus-target
            aria-label="Prompt"
            placeholder="Ask every picked model the same thing…"
            value={prompt}
            onChange={(e) => compose.setState({ prompt: e.target.value })}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void send();
              }
            }}
            aria-invalid={error === "Type a prompt first." ? true : undefined}
          />
          <div className="composer-actions">
            {error && (
              <span className="form-error" role="alert" data-testid="compare-error">
                {error}
              </span>
            )}
            <BudgetUnchecked unchecked={unchecked} />
            {estimate.data && prompt.trim() && picks.length > 0 && <EstimateLine estimate={estimate.data} />}
            <span className="spacer" />
            <span className="hint">
              <Kbd keys={sendKeys} /> to send
            </span>
            {running && (
              <Button onClick={() => void run.cancel()} data-testid="stop-run" title={`Stop every answer; keep what arrived (${shortcut("stop-run").keys.replace("Mod", "Ctrl")})`}>
                Stop
              </Button>
            )}
            <Button variant="primary" data-testid="send" disabled={running || starting} onClick={() => void send()}>
              {running ? "Running…" : picks.length === 0 ? "Send" : `Send to ${picks.length} model${picks.length === 1 ? "" : "s"}`}
            </Button>
          </div>
        </div>
      </Panel>
      <PanelHandle label="Resize the prompt and the model list" />
      <Panel id="composer-picker" defaultSize="40%" minSize={240}>
        <div className="picker-box">
          <ModelPicker
            sources={sources}
            source={source}
            onSource={(s) => ui.setState({ pickerSource: sourceKey(s) })}
            models={catalog.data?.models ?? null}
            modelsError={catalog.error ? (catalog.error as BackendError).message : null}
            onRetry={() => void catalog.refetch()}
            notice={<CatalogNotice source={source} catalog={catalog.data} onRetry={() => void catalog.refetch()} retrying={catalog.isFetching} />}
            picks={picks}
            onChange={(p) => prefs.set("picks", p)}
          />
          <div className="picker-foot small">
            <Link to="/settings/$section" params={{ section: "defaults" }} className="muted" data-testid="compare-defaults" title="Parameters every new comparison starts with: Settings → Defaults">
              {defaultsText ? `Parameters: ${defaultsText}` : "Parameters: each model's defaults"}
            </Link>
            <SaveSetButton targets={spec.targets} />
          </div>
        </div>
      </Panel>
    </Panels>
  );
}

/** After sending from a past comparison's page, Compare shows the new run. */
export function useGoToLiveRun() {
  const navigate = useNavigate();
  return () => void navigate({ to: "/compare" });
}
