// The top of Compare: the prompt (with its variants, system prompt, `{{variables}}` and the
// parameters table, compose/**), what sending would cost and what it warns about, Send/Stop and
// blind mode, and the models to ask (picked from any configured catalog). Errors show beside the
// Send button that caused them, with the control that fixes them on screen (compose/warnings.ts).
import "./compose/compose.css";

import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { ChevronDown, ChevronRight, EyeOff } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useShallow } from "zustand/react/shallow";

import type { BackendError, CatalogModel, ComparisonSpec } from "../../backend";
import type { PrefsStore } from "../../app/prefs";
import { useCatalog, useCatalogs, useSettings } from "../../app/queries";
import { useCompose, usePrefs, useRun, useServices, useUi } from "../../app/services";
import { CatalogNotice } from "../../components/CatalogNotice";
import { Button, Kbd, Panel, PanelHandle, Panels } from "../../kit";
import { BLANK_COLUMN, describeColumn, describeDefaults, type DefaultParams } from "../../params";
import { isRunning } from "../../run/runStore";
import { shortcut } from "../../shortcuts";
import { OPENROUTER, type Pick, pickLabel, sameSource, samePick, type Source, sourceKey, sourcesOf } from "../../targets";
import { AttachButton, DraftAttachments, useAttach, useFileDrop } from "./compose/Attachments";
import { useDraft, useDraftStore } from "./compose/draftStore";
import { EstimateLine, Warnings } from "./compose/EstimateBar";
import { ParamsTable } from "./compose/ParamsTable";
import { type Built, buildSpec, columnOf, MAX_REPEATS, repeatsOf } from "./compose/spec";
import { variablesIn } from "./compose/variables";
import { VariablesTable } from "./compose/Variables";
import { VariantTabs } from "./compose/Variants";
import { filesWarning, type FixControl, fixLabel, fixOfRefusal, warningsOf } from "./compose/warnings";
import { blindOpen, setBlindNext, useDecideFlag, useDecision } from "./decide/decideStore";
import { ModelPicker } from "./ModelPicker";
import { foldAhead } from "./watch/readingStore";
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

/** The spec from the draft and the picks, with the prices of each pick's own catalog (and the
 * catalog entries, which say what each model reads). */
function useBuilt(prompt: string, picks: Pick[], defaults: DefaultParams): { built: Built; models: (CatalogModel | undefined)[] } {
  const sources = useMemo(() => {
    const seen = new Map<string, Source>();
    for (const p of picks) if (!seen.has(sourceKey(p))) seen.set(sourceKey(p), { provider: p.provider, endpoint: p.endpoint, label: "" });
    return [...seen.values()];
  }, [picks]);
  const catalogs = useCatalogs(sources, true);
  const byKey = new Map(sources.map((s, i) => [sourceKey(s), catalogs.data[i]] as const));
  const draft = useDraft(useShallow((s) => ({ variants: s.variants, system: s.system, rows: s.rows, columns: s.columns, same: s.same, repeats: s.repeats, attachments: s.attachments })));
  const models = picks.map((p) => byKey.get(sourceKey(p))?.find((m) => m.id === p.model));
  return { built: buildSpec({ prompt, ...draft }, picks, models, defaults, BLANK_COLUMN), models };
}

/** The spec as the estimate's cache key: files without their bytes (they could be megabytes). */
const specKey = (spec: ComparisonSpec) => JSON.stringify({ ...spec, attachments: spec.attachments?.map((a) => ({ ...a, data: null })) });

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

export function Composer({ onSent }: { onSent: () => void }) {
  const services = useServices();
  const { compose, run, prefs, backend, ui } = services;
  const draftStore = useDraftStore();
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
  const [error, setError] = useState<{ message: string; fix: FixControl | null } | null>(null);
  const [unchecked, setUnchecked] = useState<Unchecked | null>(null);
  const defaults = usePrefs((s) => s.defaultParams);
  const { built, models } = useBuilt(prompt, picks, defaults);
  const { spec } = built;
  const files = useDraft((s) => s.attachments);
  const attaching = useDraft((s) => s.attaching);
  const attach = useAttach();
  const { dropping, handlers: dropHandlers } = useFileDrop((files) => void attach(files));
  const active = useDraft((s) => s.active);
  const variants = useDraft((s) => s.variants);
  const system = useDraft((s) => s.system);
  const systemOpen = useDraft((s) => s.systemOpen);
  const paramsOpen = useDraft((s) => s.paramsOpen);
  const columns = useDraft((s) => s.columns);
  const same = useDraft((s) => s.same);
  const focus = useDraft((s) => s.focus);
  const blindNext = useDecideFlag();
  // While the comparison shown is blind and not yet voted on, the picks would name its models:
  // the picker and the parameters table (one row per model) give way to a notice.
  const shownId = useRun((s) => s.comparison?.id ?? "");
  const hideModels = blindOpen(useDecision(shownId));
  const promptRef = useRef<HTMLTextAreaElement>(null);
  // Where the focus goes when the last file chip is removed (stable: an effect depends on it).
  const promptField = useCallback(() => promptRef.current, []);
  const searchRef = useRef<HTMLInputElement>(null);
  const names = variablesIn(prompt, ...variants.map((v) => v.text), system);
  const text = active === 0 ? prompt : (variants[active - 1]?.text ?? "");
  const setText = (t: string) =>
    active === 0 ? compose.setState({ prompt: t }) : draftStore.setState({ variants: variants.map((v, j) => (j === active - 1 ? { ...v, text: t } : v)) });

  // What sending would cost, asked shortly after the prompt or the picks stop changing.
  const specText = useDebounced(specKey(spec), 300);
  const estimate = useQuery({
    queryKey: ["estimate", specText],
    queryFn: () => {
      // The files' bytes back from the draft, by hash (the key left them out).
      const keyed = JSON.parse(specText) as ComparisonSpec;
      const held = draftStore.getState().attachments;
      return backend.estimateComparison({ ...keyed, attachments: keyed.attachments?.map((a) => held.find((h) => h.sha256 === a.sha256) ?? a) });
    },
    enabled: prompt.trim() !== "" && picks.length > 0,
    staleTime: 60_000,
    placeholderData: (prev) => prev,
  });
  const caps = settings.data
    ? { perComparisonUsd: settings.data.budget_per_comparison_usd, dailyUsd: settings.data.budget_daily_usd, spentTodayUsd: settings.data.spent_today_usd }
    : { perComparisonUsd: null, dailyUsd: null, spentTodayUsd: 0 };
  const fileWarning = filesWarning(files, picks.map((p) => ({ label: pickLabel(p), provider: p.provider })), models);
  const warnings = [...(estimate.data && prompt.trim() && picks.length > 0 ? warningsOf(estimate.data, picks.map(pickLabel), caps) : []), ...(fileWarning ? [fileWarning] : [])];

  // A fix button: open what holds the control, then focus it.
  const onFix = (f: FixControl) => {
    if (f === "max_tokens") draftStore.setState({ paramsOpen: true, focus: "max_tokens" });
    if (f === "prompt") {
      draftStore.setState({ active: 0 });
      promptRef.current?.focus();
    }
    if (f === "picks") searchRef.current?.focus();
  };
  useEffect(() => {
    if (focus === "prompt" || focus === "picks") {
      onFix(focus);
      draftStore.setState({ focus: null });
    }
  });

  const send = async (allowUnknownCost = false) => {
    if (running || starting) return;
    setError(null);
    setUnchecked(null);
    if (!prompt.trim()) return setError({ message: "Type a prompt first.", fix: "prompt" });
    if (picks.length === 0) return setError({ message: "Pick at least one model.", fix: "picks" });
    if (attaching > 0) return setError({ message: "A file is still being attached: send when its chip shows.", fix: null });
    if (!built.ok) {
      if (built.params) draftStore.setState({ paramsOpen: true });
      return setError({ message: built.missing?.message ?? "Fix the parameter marked in red first.", fix: built.params ? "max_tokens" : null });
    }
    const unfold = foldAhead(prefs.getState().foldComposer);
    try {
      await run.start({ ...spec, allow_unknown_cost: allowUnknownCost });
      rememberRecent(prefs, picks);
      onSent();
    } catch (e) {
      unfold();
      const err = e as BackendError;
      if (err.code === "budget_unknown_cost") setUnchecked({ message: err.message, retry: () => void send(true) });
      else setError({ message: err.message, fix: fixOfRefusal(err.code) });
    }
  };

  const sendKeys = shortcut("send").keys;
  const columnText = describeColumn(columnOf({ columns, same }, 0, BLANK_COLUMN));
  const slots = spec.targets.length * (1 + variants.length) * Math.max(1, spec.rows?.length ?? 0) * Math.max(1, spec.repeats ?? 1);
  return (
    <Panels id="compare.composer" layout={layout} onLayout={(l) => prefs.set("layouts", { ...prefs.getState().layouts, "compare.composer": l })} className="composer">
      <Panel id="composer-prompt" defaultSize="58%" minSize={300}>
        <div
          className={dropping ? "prompt-box dropping" : "prompt-box"}
          data-testid="prompt-box"
          {...dropHandlers}
        >
          <div className="compose-bar">
            <VariantTabs />
            <span className="spacer" />
            <AttachButton />
            <Button size="sm" variant="ghost" aria-expanded={systemOpen} onClick={() => draftStore.setState({ systemOpen: !systemOpen })} data-testid="system-toggle" className={system.trim() ? "has-value" : undefined}>
              {systemOpen ? <ChevronDown size={12} aria-hidden /> : <ChevronRight size={12} aria-hidden />} System prompt{system.trim() && !systemOpen ? " ·" : ""}
            </Button>
            <Button size="sm" variant="ghost" aria-expanded={paramsOpen} onClick={() => draftStore.setState({ paramsOpen: !paramsOpen })} data-testid="params-toggle" title={columnText ?? "Temperature, max tokens, reasoning, seed, stop, routing: per model or for all"}>
              {paramsOpen ? <ChevronDown size={12} aria-hidden /> : <ChevronRight size={12} aria-hidden />} Parameters{!same ? " (per model)" : columnText ? ` · ${columnText}` : ""}
            </Button>
          </div>
          <div className="compose-scroll">
            {systemOpen && (
              <textarea
                className="system-prompt"
                aria-label="System prompt"
                placeholder="System prompt: sent first to every model (optional)"
                value={system}
                onChange={(e) => draftStore.setState({ system: e.target.value })}
                data-testid="system-prompt"
              />
            )}
            <textarea
              ref={promptRef}
              data-testid="prompt"
              data-focus-target
              aria-label={variants.length ? `Prompt, variant ${active === 0 ? "A" : (variants[active - 1]?.name ?? "")}` : "Prompt"}
              placeholder={active === 0 ? "Ask every picked model the same thing… {{name}} makes a variable" : "This variant's prompt: sent to the same models as A"}
              value={text}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  void send();
                }
              }}
              onPaste={(e) => {
                // A pasted screenshot or file is attached; pasted text stays text.
                const pasted = [...e.clipboardData.files];
                if (pasted.length === 0) return;
                e.preventDefault();
                void attach(pasted);
              }}
              aria-invalid={error?.fix === "prompt" ? true : undefined}
            />
            <DraftAttachments field={promptField} />
            <VariablesTable names={names} missing={built.ok ? null : (built.missing ?? null)} />
            {paramsOpen && !hideModels && <ParamsTable picks={picks} defaults={defaults} errors={built.ok ? null : (built.params ?? null)} />}
            <Warnings warnings={hideModels ? [] : warnings} onFix={onFix} />
          </div>
          <div className="composer-actions">
            {error && (
              <span className="form-error" role="alert" data-testid="compare-error">
                {error.message}
                {error.fix && (
                  <Button size="sm" onClick={() => onFix(error.fix!)} data-testid={`error-fix-${error.fix}`}>
                    {fixLabel(error.fix)}
                  </Button>
                )}
              </span>
            )}
            <BudgetUnchecked unchecked={unchecked} />
            {/* Its table names each model and its price: not while a blind vote is open. */}
            {estimate.data && prompt.trim() && picks.length > 0 && !hideModels && <EstimateLine estimate={estimate.data} />}
            <span className="spacer" />
            <RunsField />
            <label className="check small" title="Hide model names, providers and prices, and shuffle the columns, until you vote">
              <input type="checkbox" checked={blindNext} onChange={(e) => setBlindNext(services, e.target.checked)} data-testid="blind-next" /> Blind
            </label>
            <span className="hint">
              <Kbd keys={sendKeys} /> to send
            </span>
            {running && (
              <Button onClick={() => void run.cancel()} data-testid="stop-run" title={`Stop every answer; keep what arrived (${shortcut("stop-run").keys.replace("Mod", "Ctrl")})`}>
                Stop
              </Button>
            )}
            <Button
              variant="primary"
              data-testid="send"
              disabled={running || starting || attaching > 0}
              title={attaching > 0 ? "Waiting for the files being attached" : undefined}
              onClick={() => void send()}
            >
              {running ? "Running…" : attaching > 0 ? "Attaching…" : picks.length === 0 ? "Send" : slots > picks.length ? `Send ${slots} answers` : `Send to ${picks.length} model${picks.length === 1 ? "" : "s"}`}
            </Button>
          </div>
        </div>
      </Panel>
      <PanelHandle label="Resize the prompt and the model list" />
      <Panel id="composer-picker" defaultSize="42%" minSize={260}>
        {hideModels ? (
          <div className="picker-box picker-hidden" data-testid="picker-hidden">
            <EyeOff size={18} aria-hidden />
            <strong>
              {picks.length} model{picks.length === 1 ? "" : "s"}, hidden until you vote
            </strong>
            <span>The models picked would tell the blind answers apart. Vote below, or reveal, and they are back here.</span>
          </div>
        ) : (
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
              searchRef={searchRef}
            />
            <div className="picker-foot small">
              <Link to="/settings/$section" params={{ section: "defaults" }} className="muted" data-testid="compare-defaults" title="Parameters every new comparison starts with: Settings → Defaults">
                {describeDefaults(defaults) ? `Parameters: ${describeDefaults(defaults)}` : "Parameters: each model's defaults"}
              </Link>
              <SaveSetButton targets={spec.targets} />
            </div>
          </div>
        )}
      </Panel>
    </Panels>
  );
}

/** The models just sent to, first, in the picker's Recent row (at most 12, each once). */
function rememberRecent(prefs: PrefsStore, picks: Pick[]) {
  const recent = [...picks, ...prefs.getState().recentPicks].filter((p, i, all) => all.findIndex((q) => samePick(p, q)) === i).slice(0, 12);
  prefs.set("recentPicks", recent);
}

/** After sending from a past comparison's page, Compare shows the new run. */
export function useGoToLiveRun() {
  const navigate = useNavigate();
  return () => void navigate({ to: "/compare" });
}

/**
 * Runs per model, beside Blind. The box keeps what is typed (an empty box while typing a new
 * number) and shows the number in use again when it loses focus.
 */
function RunsField() {
  const draftStore = useDraftStore();
  const repeats = useDraft((s) => s.repeats);
  const [typed, setTyped] = useState<string | null>(null);
  return (
    <label className="repeats small" title="Ask each model this many times, each answer in its own column: how much do its answers and figures vary?">
      Runs
      <input
        type="number"
        min={1}
        max={MAX_REPEATS}
        step={1}
        value={typed ?? String(repeats)}
        onChange={(e) => {
          setTyped(e.target.value);
          if (e.target.value.trim() !== "") draftStore.setState({ repeats: repeatsOf(Number(e.target.value)) });
        }}
        onBlur={() => setTyped(null)}
        aria-label="Runs per model"
        data-testid="repeats"
      />
    </label>
  );
}
