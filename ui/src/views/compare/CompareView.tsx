// Compare: the composer on top, the answers side by side below. `/compare` shows the current run
// (from the run store, live while it streams); `/compare/$comparisonId` shows a saved one in the
// same layout (`?slot=N` scrolls to that answer), to read it again or follow it up. Once a
// comparison is over (or from its start when blind), the tools for choosing sit above its
// answers (decide/**) and decorate them: diff, consensus, blind order and labels.
import { useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { Columns3 } from "lucide-react";
import { Activity, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useStore } from "zustand";

import type { BackendError, ComparisonRecord } from "../../backend";
import { useComparison, useDataInfo } from "../../app/queries";
import { useCompose, usePrefs, useRun, useServices } from "../../app/services";
import { type RetryHow } from "../../components/AnswerColumn";
import { fromRecord } from "../../compareState";
import { formatDate } from "../../format";
import { Button, EmptyState, Kbd, Panel, PanelHandle, Panels, toast, usePanelRef } from "../../kit";
import { isRunning } from "../../run/runStore";
import { shortcut } from "../../shortcuts";
import { FirstRun } from "../welcome/FirstRun";
import { BudgetUnchecked, Composer, type Unchecked } from "./Composer";
import { AttachButton, DraftAttachments, useAttach, useFileDrop } from "./compose/Attachments";
import { replaceFiles, useDraft, useFollowUpFiles } from "./compose/draftStore";
import { variantNames } from "./compose/spec";
import { useDecision } from "./decide/decideStore";
import { DecideBar } from "./decide/DecideBar";
import { blindDecor, DecidedGrid } from "./decide/DecidedGrid";
import { FoldedComposer } from "./watch/FoldedComposer";
import { RetryWith } from "./watch/RetryWith";
import { foldComposer, foldFor, readingStore, showThread, unfoldComposer, useFolded, useThreadShown } from "./watch/readingStore";

const readingFolded = () => readingStore.getState().folded;

export function CompareView() {
  const { comparisonId } = useParams({ strict: false });
  const { slot } = useSearch({ strict: false });
  const navigate = useNavigate();
  const liveId = useRun((s) => s.comparison?.id ?? null);
  const id = comparisonId ?? null;
  const live = id === null || id === liveId;
  const saved = useComparison(live ? null : id);
  const { prefs } = useServices();
  const layout = usePrefs((s) => s.layouts["compare.split"]);
  const onSent = () => {
    if (id !== null) void navigate({ to: "/compare" });
  };
  const shown = live ? liveId : saved.data ? id : null;
  const shownPrompt = useRun((s) => s.comparison?.prompt ?? "");
  const folded = useReadingFold(shown);

  return (
    <div className="compare" data-testid="compare-view">
      <Panels
        id="compare.split"
        orientation="vertical"
        layout={layout}
        onLayout={(l) => {
          prefs.set("layouts", { ...prefs.getState().layouts, "compare.split": l });
          folded.afterDrag();
        }}
      >
        <Panel
          id="compare-top"
          defaultSize="44%"
          minSize={150}
          maxSize="75%"
          groupResizeBehavior="preserve-pixel-size"
          collapsible
          collapsedSize={FOLDED_HEIGHT}
          panelRef={folded.panel}
        >
          {folded.on && <FoldedComposer prompt={live ? shownPrompt : (saved.data?.prompt ?? "")} />}
          {/* Folded, the composer is hidden, not unmounted: its state (a refusal said under the
              prompt) outlives a fold, and folding costs no unmount (watch/readingStore). */}
          <Activity mode={folded.on ? "hidden" : "visible"}>
            <Composer onSent={onSent} />
          </Activity>
        </Panel>
        <PanelHandle label="Resize the prompt and the answers" orientation="vertical" />
        <Panel id="compare-answers" minSize="20%" className="answers">
          {live ? (
            <LiveRun focusedSlot={slot} />
          ) : saved.data ? (
            <SavedRun record={saved.data} focusedSlot={slot} />
          ) : saved.error ? (
            <EmptyState title="This comparison could not be opened" testId="comparison-error">
              <p role="alert">{(saved.error as BackendError).message}</p>
            </EmptyState>
          ) : (
            <p className="muted loading-line">Loading the comparison…</p>
          )}
        </Panel>
      </Panels>
    </div>
  );
}

/** The folded composer's line, in pixels (one small button and its padding). */
const FOLDED_HEIGHT = 44;

/**
 * Folds the composer's panel while comparison `shown` is on screen (watch/readingStore): the
 * store says whether; the panel follows it, and a person who drags the panel shut (or open)
 * changes it (`afterDrag`, called once a drag ends).
 */
function useReadingFold(shown: string | null) {
  const auto = usePrefs((s) => s.foldComposer);
  const on = useFolded();
  const panel = usePanelRef();
  useEffect(() => foldFor(shown, auto), [shown, auto]);
  useEffect(() => {
    const p = panel.current;
    if (!p) return;
    if (on && !p.isCollapsed()) p.collapse();
    if (!on && p.isCollapsed()) p.expand();
  }, [on, panel]);
  // After the person dragged the handle (never for the panel's own moves: those follow the store).
  const afterDrag = () => {
    const collapsed = panel.current?.isCollapsed();
    if (collapsed === undefined) return;
    if (collapsed && !readingFolded()) foldComposer();
    if (!collapsed && readingFolded()) unfoldComposer();
  };
  return { on, panel, afterDrag };
}

/** Follow up on a finished comparison: every answer, or (from a column) only that one. Files
 * attached here (the button, a paste, a drop) go with the follow-up's prompt only. */
function FollowUpBar({ parent, waiting = false, onFollowUp, error, unchecked }: { parent: ComparisonRecord; waiting?: boolean; onFollowUp: (slots: number[]) => void; error: string | null; unchecked: Unchecked | null }) {
  const { compose } = useServices();
  const text = useCompose((s) => s.followUp);
  const tray = useFollowUpFiles();
  const attach = useAttach(tray);
  const attaching = useStore(tray, (s) => s.attaching);
  const { dropping, handlers } = useFileDrop((files) => void attach(files));
  const input = useRef<HTMLInputElement>(null);
  const field = useCallback(() => input.current, []);
  return (
    <div className={dropping ? "follow-up dropping" : "follow-up"} data-testid="follow-up" {...handlers}>
      <input
        ref={input}
        aria-label={`Follow up on “${parent.title}”`}
        placeholder="Follow up: continue every conversation, or press “Continue” on the answer you prefer"
        value={text}
        onChange={(e) => compose.setState({ followUp: e.target.value })}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !waiting) onFollowUp([]);
        }}
        onPaste={(e) => {
          // As in the prompt: pasted files are attached, pasted text stays text.
          const pasted = [...e.clipboardData.files];
          if (pasted.length === 0) return;
          e.preventDefault();
          void attach(pasted);
        }}
        data-testid="follow-up-input"
        aria-invalid={error ? true : undefined}
      />
      <AttachButton tray={tray} testId="follow-up-attach" />
      <Button onClick={() => onFollowUp([])} data-testid="follow-up-all" disabled={waiting || attaching > 0} title={waiting ? "Once every answer is in" : attaching > 0 ? "Waiting for the files being attached" : undefined}>
        {attaching > 0 ? "Attaching…" : "Follow up with all"}
      </Button>
      <DraftAttachments tray={tray} field={field} />
      {error && (
        <span className="form-error" role="alert" data-testid="follow-up-error">
          {error}
        </span>
      )}
      <BudgetUnchecked unchecked={unchecked} />
    </div>
  );
}

/** Follow-ups start from the comparison shown; errors are said beside the follow-up field. */
function useFollowUp(parent: ComparisonRecord | null, fromSaved: boolean) {
  const { run, compose } = useServices();
  const tray = useFollowUpFiles();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [unchecked, setUnchecked] = useState<Unchecked | null>(null);
  async function followUp(slots: number[], allowUnknownCost = false) {
    if (!parent || isRunning(run.getState())) return;
    setError(null);
    setUnchecked(null);
    const text = compose.getState().followUp;
    if (!text.trim()) return setError("Type the follow-up first.");
    const { attachments, attaching } = tray.getState();
    if (attaching > 0) return setError("A file is still being attached: send when its chip shows.");
    try {
      if (fromSaved) run.show(fromRecord(parent));
      await run.followUp(parent.id, text, slots, allowUnknownCost, attachments);
      compose.setState({ followUp: "" });
      replaceFiles(tray);
      if (fromSaved) void navigate({ to: "/compare" });
    } catch (e) {
      const err = e as BackendError;
      // The same choice as for a new comparison, sending the same follow-up anyway.
      if (err.code === "budget_unknown_cost") setUnchecked({ message: err.message, retry: () => void followUp(slots, true) });
      else setError(err.message);
    }
  }
  return { followUp, error, unchecked };
}

function RunHeader({ comparison, saved }: { comparison: ComparisonRecord; saved: boolean }) {
  const threadShown = useThreadShown();
  if (!comparison.parent_id && !saved) return null;
  return (
    <div className="run-prompt" data-testid="run-prompt">
      <span className="muted small">
        {comparison.parent_id ? "Follow-up" : "Saved comparison"}
        {saved && ` · ${formatDate(comparison.created_at_ms)}`}
      </span>{" "}
      {comparison.prompt}
      {comparison.parent_id && (
        <Button size="sm" variant="ghost" onClick={() => showThread(!threadShown)} aria-pressed={threadShown} data-testid="thread-toggle" title="The earlier questions and answers, above each answer">
          {threadShown ? "Hide earlier turns" : "Show earlier turns"}
        </Button>
      )}
    </div>
  );
}

function LiveRun({ focusedSlot }: { focusedSlot: number | undefined }) {
  const comparison = useRun((s) => s.comparison);
  const finished = useRun((s) => s.finished);
  const spendUnknown = useRun((s) => s.spendUnknown);
  const { followUp, error, unchecked } = useFollowUp(finished ? comparison : null, false);
  // One function for the whole run: the columns are memoized on it (a new one each render would
  // re-render all of them); it calls the latest `followUp`.
  const latestFollowUp = useRef(followUp);
  useEffect(() => {
    latestFollowUp.current = followUp;
  });
  const continueSlot = useCallback((i: number) => void latestFollowUp.current([i]), []);
  const picked = usePrefs((s) => s.picks.length);
  const dismissed = usePrefs((s) => s.welcomeDismissed);
  const info = useDataInfo();
  const starting = useRun((s) => s.starting);

  // Sent, not started yet (a few frames): nothing, rather than the empty view's invitation.
  if (!comparison && starting) return null;
  if (!comparison) {
    // Nothing compared yet: the ways to a first comparison, where its answers will appear (the
    // prompt and the picker above stay usable). Nothing while the count loads: no flash.
    if (!info.data && !info.error) return null;
    if (info.data?.comparisons === 0 && !dismissed) return <FirstRun embedded />;
    const title =
      picked === 0 ? "Pick two or more models, write a prompt and send it." : `Write a prompt and send it to the ${picked === 1 ? "model" : `${picked} models`} you picked.`;
    return (
      <EmptyState icon={<Columns3 size={40} />} title={title} testId="compare-empty">
        <p>Each answer streams into its own column with its time to first token, total time, tokens and cost.</p>
        <p className="small">
          <Kbd keys={shortcut("palette").keys} /> finds any model by name · <Kbd keys={shortcut("send").keys} /> sends ·{" "}
          <Kbd keys="?" /> lists every shortcut
        </p>
      </EmptyState>
    );
  }
  return (
    <>
      {/* There from the run's start (type while reading; sent once every answer is in), so the
          answers do not move when it ends. */}
      <FollowUpBar parent={comparison} waiting={!finished} onFollowUp={(s) => void followUp(s)} error={error} unchecked={unchecked} />
      {spendUnknown.length > 0 && (
        <div className="notice-bar" role="status" data-testid="spend-unknown">
          {spendUnknown.join(" ")}
        </div>
      )}
      <RunHeader comparison={comparison} saved={false} />
      <LiveDecide comparison={comparison} finished={finished} focusedSlot={focusedSlot} onContinue={continueSlot} />
    </>
  );
}

/**
 * The live answers: while they stream, each column follows its own slot in the run store (blind
 * from the start when sent blind: shuffled and unnamed); once over, the tools for choosing
 * appear and the same grid is decorated (diff, consensus, blind labels) over every slot.
 */
function LiveDecide({ comparison, finished, focusedSlot, onContinue }: { comparison: ComparisonRecord; finished: boolean; focusedSlot: number | undefined; onContinue: ((slot: number) => void) | undefined }) {
  const decision = useDecision(comparison.id);
  const aName = useDraft((s) => s.aName);
  const variants = useDraft((s) => s.variants);
  const count = useRun((s) => s.slots.length);
  const streamingDecor = useMemo(() => blindDecor(decision.blind, count), [decision.blind, count]);
  const slots = useRun((s) => (finished ? s.slots : null));
  const [changing, setChanging] = useState<number | null>(null);
  const retry = useRetry(setChanging);
  const names = slots && variants.length && slots.some((s) => s.variant > 0) ? variantNames(aName, variants) : null;
  // One tree whether the run streams or is over (the grid, its panels and its columns stay; the
  // tools for deciding appear beside them): a run's end draws only what changed.
  return (
    <>
      <DecideBar comparison={comparison} slots={slots} count={count} decision={decision} />
      <DecidedGrid
        slots={slots}
        liveDecor={streamingDecor}
        decision={decision}
        comparisonId={comparison.id}
        finished={finished}
        variantNames={names}
        focusedSlot={focusedSlot}
        onContinueSlot={onContinue}
        onRetrySlot={slots ? retry : undefined}
      />
      {slots && <RetryWith comparisonId={comparison.id} slot={changing === null ? null : (slots[changing] ?? null)} onClose={() => setChanging(null)} />}
    </>
  );
}

/**
 * Asks one answer again, in a new column of the comparison shown: as it was asked (a refusal is
 * a toast), or with changes (`change` opens the dialog for that answer).
 */
function useRetry(change: (slot: number) => void): (slot: number, how: RetryHow) => void {
  const { run } = useServices();
  return useCallback(
    (slot: number, how: RetryHow) => {
      if (how === "changed") return change(slot);
      run.retry(slot).catch((e: unknown) => toast.error(e instanceof Error ? e.message : String(e)));
    },
    [run, change],
  );
}

function SavedRun({ record, focusedSlot }: { record: ComparisonRecord; focusedSlot: number | undefined }) {
  const { followUp, error, unchecked } = useFollowUp(record, true);
  const decision = useDecision(record.id);
  return (
    <>
      <FollowUpBar parent={record} onFollowUp={(s) => void followUp(s)} error={error} unchecked={unchecked} />
      <RunHeader comparison={record} saved />
      <DecideBar comparison={record} slots={record.slots} count={record.slots.length} decision={decision} />
      <DecidedGrid slots={record.slots} decision={decision} comparisonId={record.id} finished variantNames={null} focusedSlot={focusedSlot} onContinueSlot={(i) => void followUp([i])} />
    </>
  );
}
