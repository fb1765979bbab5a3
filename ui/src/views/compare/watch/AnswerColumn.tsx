// One answer: header (model, who served it, status, live figures, actions), the answer as
// Markdown, reasoning folded, the outcome or error with advice, and the finished figures.
//
// Owns: how one slot is drawn as a column, a rail item or a tab (the grid says which through
// ColumnPlaceContext). Invariants:
// - It re-renders for its own slot only; the Markdown body is memoized on the text, so the
//   live clock's turns never re-render the answer.
// - While it streams, it draws its text at its turns (pace.ts: every few frames on screen, once a
//   second out of view); out of view it does not follow the end (it catches up in view).
// - Drawn as a column, it is a relayout boundary (layoutBoundary.ts): what changes inside it is
//   laid out without the other columns.
// - `decor.hideIdentity` removes every name, provider and price (blind mode); `decor.body`
//   replaces the answer (a diff).
import { memo, useCallback, useEffect, useRef, useState, type ReactNode } from "react";

import type { BackendError, SlotRecord } from "../../../backend";
import { usePrefs, useRun, useServices } from "../../../app/services";
import { Download } from "lucide-react";

import { Button, cx, toast } from "../../../kit";
import { showBidi } from "../../../markdown/bidi";
import { Markdown } from "../../../markdown/Markdown";
import { plainTextOf } from "../../../markdown/plainText";
import { outcomeNote } from "../../../outcome";
import { ColumnHead, LiveLine, Metrics, Reasoning, SlotError } from "./ColumnParts";
import { useColumnPlace } from "./context";
import { statusOf } from "./status";
import { markOwnScroll, scrollOthersWith } from "./scrollTogether";
import { Thread, threadOf } from "./Thread";
import { liveFigures, useInView } from "./useLive";
import { usePaced } from "./pace";

/** Ask again as it was asked, or with changed parameters or model (a dialog asks which). */
export type RetryHow = "same" | "changed";

export interface ColumnProps {
  slot: SlotRecord;
  notice?: string | undefined;
  /** Present while the comparison runs: stops this answer only. */
  onStop?: (() => void) | undefined;
  /** Present when the comparison can be followed up: with this answer only (the winner). */
  onContinue?: (() => void) | undefined;
  /** Why Continue waits (the run is not over): shown disabled, with this reason. */
  continueWaiting?: string | undefined;
  /** Present for a finished answer of a live comparison: ask its model again, in a new column. */
  onRetry?: ((how: RetryHow) => void) | undefined;
  /** The answer a URL pointed at (`?slot=N`): scrolled into view and outlined. */
  focused?: boolean;
  /** Waiting for a place under the limits on requests at once; `notice` says why. */
  queued?: boolean;
}

const AnswerBody = memo(function AnswerBody({ text, streaming }: { text: string; streaming: boolean }) {
  return (
    <div className="answer-text" data-testid="answer-text">
      <Markdown text={text} streaming={streaming} />
      {streaming && <span className="caret" aria-hidden="true" />}
    </div>
  );
});

const ReasoningBody = memo(function ReasoningBody({ text }: { text: string }) {
  return <>{showBidi(text)}</>;
});

export const AnswerColumn = memo(function AnswerColumn({ slot: arrived, notice, onStop, onContinue, continueWaiting, onRetry, focused = false, queued = false }: ColumnProps) {
  const section = useRef<HTMLElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const visible = useInView(section);
  // The answer as this column draws it (watch/pace.ts): while it streams, as it was at the
  // column's last turn; when it ends, the whole column (text, status, figures, actions) turns
  // finished at its next turn, so sixteen answers that end together do not all redraw in one
  // frame. `drawing`: streaming, or ended and not yet drawn so.
  // Its live clock (elapsed, tok/s) reads the time of its last turn: it ticks by turns too.
  const live = useRun((s) => s.live[arrived.id]);
  const clock = !!live && (arrived.status === "streaming" || arrived.status === "pending");
  const { value: slot, drawing, at: now } = usePaced(arrived, visible, arrived.status === "streaming", clock);
  const text = slot.text;
  const place = useColumnPlace();
  // Asked again in this run: how it changed; otherwise what set it apart, as saved.
  const askedAgain = useRun((s) => s.asked[slot.id]);
  const asked = askedAgain ?? place.asked ?? null;
  const streaming = slot.status === "streaming";
  const running = streaming || slot.status === "pending";
  const status = statusOf(slot, live, queued);
  const hide = !!place.decor?.hideIdentity;
  const title: ReactNode = place.decor?.title ?? slot.model;
  // The live count follows the text drawn: the column is laid out only at its turns.
  const figures = liveFigures(slot, live, now, text);
  // Follow the text while it streams, unless the reader scrolled up. Whether the reader is at
  // the bottom is read when they scroll (the layout is fresh then), not on every update: an
  // update only writes the scroll position (clamped to the end); a column the reader scrolled
  // up in, or one out of view (until it comes into view), touches no layout at all.
  const follow = useRef(true);
  const wasDrawing = useRef(drawing);
  const together = usePrefs((s) => s.scrollTogether);
  const onScroll = useCallback(() => {
    const el = body.current;
    if (!el) return;
    follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    if (together) scrollOthersWith(el);
  }, [together]);
  useEffect(() => {
    const el = body.current;
    // The draw that ends it too (its last lines, drawn as it stops being a stream).
    const was = wasDrawing.current;
    wasDrawing.current = drawing;
    if (el && (drawing || was) && visible && follow.current) {
      markOwnScroll(el);
      // scrollHeight, not a huge number: WebKit ignores a scrollTop past what an int holds.
      el.scrollTop = el.scrollHeight;
    }
  }, [text, drawing, visible]);
  useEffect(() => {
    if (focused) section.current?.scrollIntoView({ block: "nearest", inline: "center" });
  }, [focused]);
  // A follow-up opened after it finished starts at its question, not at the top of the thread.
  const threaded = threadOf(slot.messages).length > 0;
  useEffect(() => {
    const el = body.current;
    const question = el?.querySelector<HTMLElement>(".thread > .turn-user:last-child");
    if (el && question && !streaming) {
      markOwnScroll(el);
      el.scrollTop = question.offsetTop - 8;
    }
    // Only when the column first shows this answer: a reader's scrolling is theirs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [slot.id, threaded]);

  // Read through a ref: a callback that changed with every token would re-render the header
  // (and its menu) of every column, every frame.
  const markdown = useRef(arrived.text);
  useEffect(() => {
    markdown.current = arrived.text;
  });
  const copy = useCallback(
    (what: "text" | "markdown") => {
      const drawn = body.current?.querySelector(".answer-text");
      const value = what === "markdown" || !drawn ? markdown.current : plainTextOf(drawn);
      navigator.clipboard?.writeText(value).then(
        () => toast.success(what === "markdown" ? "Copied the answer as Markdown" : "Copied the answer's text"),
        () => toast.error("The clipboard refused the text"),
      );
    },
    [],
  );

  const statusTitle = queued && slot.status === "pending" ? notice : undefined;

  if (place.as !== "column") {
    // A rail item (another column is maximised) or a tab: model, status and live tok/s.
    const speed = running ? (figures.tokensPerSecond === null ? null : `≈${figures.tokensPerSecond.toFixed(0)}`) : slot.speed.tokens_per_second?.toFixed(0) ?? null;
    return (
      <button
        type="button"
        className={cx("rail-item", place.as === "tab" && "rail-tab", place.active && "active", `status-${slot.status}`)}
        onClick={place.actions?.select}
        aria-pressed={place.active}
        data-testid={`${place.as}-${slot.index}`}
        data-status={slot.status}
        title={hide ? undefined : slot.model}
      >
        <span className={cx("rail-dot", `tone-${status.tone}`)} aria-hidden />
        <span className="rail-model">{title}</span>
        <span className="rail-meta">
          {status.key}
          {speed !== null && ` · ${speed} tok/s`}
        </span>
      </button>
    );
  }

  return (
    <div className="column-box">
      <section
        ref={section}
        className={cx("column", `status-${slot.status}`, focused && "focused", place.baseline && "baseline")}
        data-testid={`column-${slot.index}`}
        data-status={slot.status}
        onDragOver={place.actions ? (e) => e.preventDefault() : undefined}
        onDrop={place.actions ? (e) => (e.preventDefault(), place.actions!.dropOn()) : undefined}
      >
        {/* The column's one child (layoutBoundary.ts): a part that comes or goes (the live
            line at the start and the end) changes this frame, laid out with the column alone. */}
        <div className="column-frame">
          <ColumnHead
            slot={slot}
            title={title}
            hide={hide}
            asked={asked}
            askedAgain={!!askedAgain}
            status={status.key}
            tone={status.tone}
            statusTitle={statusTitle}
            onStop={onStop}
            onContinue={onContinue}
            continueWaiting={continueWaiting}
            onRetry={onRetry}
            onCopy={copy}
          />
          {running && live && <LiveLine elapsedMs={figures.elapsedMs} ttftMs={figures.ttftMs} tokensPerSecond={figures.tokensPerSecond} tokens={figures.tokens} />}
          {slot.notes.length > 0 && (
            <ul className="param-notes" data-testid="param-notes" title="Parameters this provider could not take as given">
              {slot.notes.map((n) => (
                <li key={n.param}>
                  <strong>{n.param}</strong> {n.dropped ? "not sent" : "adapted"}: {n.message}
                </li>
              ))}
            </ul>
          )}
          <div className="column-body" ref={body} onScroll={onScroll}>
            {threaded && <Thread messages={slot.messages} who={hide ? "This model" : slot.model} />}
            {slot.reasoning && (
              <Reasoning slot={slot}>
                <ReasoningBody text={slot.reasoning} />
              </Reasoning>
            )}
            {notice && (
              <div className="waiting" data-testid="slot-notice">
                {notice}
              </div>
            )}
            {!notice && streaming && !slot.text && !slot.reasoning && <div className="waiting">Waiting for the first token…</div>}
            {place.decor?.body ?? <AnswerBody text={text} streaming={drawing} />}
            <Outcome slot={slot} />
            {slot.error && slot.status !== "cancelled" && <SlotError error={slot.error} onRetry={running || !onRetry ? undefined : () => onRetry("same")} />}
            {slot.unsaved && <Unsaved slot={slot} />}
          </div>
          <Metrics slot={slot} hideCost={hide} best={place.best} />
        </div>
      </section>
    </div>
  );
});

/**
 * The history could not take this answer (a full disk, a locked or damaged database): it is
 * kept here, Copy still works, and it can be saved as a file wherever the person chooses (the
 * data directory's disk may be the full one), but History will not have it.
 */
function Unsaved({ slot }: { slot: SlotRecord }) {
  const { backend } = useServices();
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async () => {
    const path = await backend.chooseSavePath("parallax-answer.md", { name: "Markdown", extensions: ["md"] });
    if (!path) return;
    try {
      setSaid({ ok: true, text: `Saved to ${await backend.saveAnswer(slot.model, slot.text, path)}` });
    } catch (e) {
      setSaid({ ok: false, text: (e as BackendError).message });
    }
  };
  return (
    <div className="slot-unsaved" role="alert" data-testid="slot-unsaved">
      <div>
        <strong>Not saved.</strong> {slot.unsaved}. Save it as a file, or copy it from the column menu, before closing the app.
      </div>
      <Button size="sm" onClick={() => void save()} data-testid="save-unsaved">
        <Download size={13} aria-hidden /> Save as a file…
      </Button>
      {said && (
        <div className={said.ok ? "small" : "small form-error"} role={said.ok ? "status" : "alert"} data-testid="save-unsaved-said">
          {said.text}
        </div>
      )}
    </div>
  );
}

function Outcome({ slot }: { slot: SlotRecord }) {
  const outcome = outcomeNote(slot);
  if (!outcome) return null;
  return (
    <div className="slot-outcome" role="status" data-testid="slot-outcome" data-status={slot.status}>
      {outcome}
    </div>
  );
}
