import { memo, useEffect, useRef, type ReactNode } from "react";

import type { SlotRecord } from "../backend";
import { Badge, Button, cx, type Tone } from "../kit";
import { costTitle, formatCount, formatMs, formatSpeed, formatUsd, speedLabel, speedTitle } from "../format";
import { outcomeNote } from "../outcome";

const STATUS_LABEL: Record<SlotRecord["status"], string> = {
  pending: "waiting",
  streaming: "streaming",
  done: "done",
  refused: "refused",
  truncated: "truncated",
  failed: "failed",
  cancelled: "cancelled",
  interrupted: "interrupted",
};

const STATUS_TONE: Record<SlotRecord["status"], Tone> = {
  pending: "neutral",
  streaming: "accent",
  done: "ok",
  refused: "warn",
  truncated: "warn",
  failed: "bad",
  cancelled: "warn",
  interrupted: "bad",
};

/** "Cost · billed" etc.; a local model's real zero reads "local" rather than "billed", a demo's price "made up". */
function costLabel(slot: SlotRecord): string {
  if (slot.cached) return "Cost · cached";
  if (slot.provider === "demo" && slot.cost.usd !== null) return "Cost · made up";
  if (slot.provider === "ollama" && slot.cost.usd === 0) return "Cost · local";
  return slot.cost.source === "unknown" ? "Cost" : `Cost · ${slot.cost.source}`;
}

function Metric({ label, value, title, testId }: { label: string; value: string; title: string; testId: string }) {
  return (
    <div className="metric" title={title}>
      <span className="metric-label">{label}</span>
      <span className="metric-value" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}

/** One answer: header, streaming text (plain text; React escapes it), metrics underneath. */
interface ColumnProps {
  slot: SlotRecord;
  notice?: string | undefined;
  /** Present while the comparison runs: stops this answer only. */
  onStop?: (() => void) | undefined;
  /** Present once the comparison is over: follow up with this answer only (the winner). */
  onContinue?: (() => void) | undefined;
  /** The answer a URL pointed at (`?slot=N`): scrolled into view and outlined. */
  focused?: boolean;
  /** Waiting for a place under the limits on requests at once; `notice` says why. */
  queued?: boolean;
}

export const AnswerColumn = memo(function AnswerColumn({ slot, notice, onStop, onContinue, focused = false, queued = false }: ColumnProps) {
  const body = useRef<HTMLDivElement>(null);
  const streaming = slot.status === "streaming";
  const outcome = outcomeNote(slot);
  // Follow the text while it streams, unless the reader scrolled up.
  useEffect(() => {
    const el = body.current;
    if (!el || !streaming) return;
    if (el.scrollHeight - el.scrollTop - el.clientHeight < 80) el.scrollTop = el.scrollHeight;
  }, [slot.text, streaming]);
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    if (focused) section.current?.scrollIntoView({ block: "nearest", inline: "center" });
  }, [focused]);

  return (
    <section ref={section} className={cx("column", `status-${slot.status}`, focused && "focused")} data-testid={`column-${slot.index}`} data-status={slot.status}>
      <header className="column-head">
        <span className="column-title">
          <span className="column-model" title={slot.served_model ? `answered by ${slot.served_model}` : slot.model}>
            {slot.model}
          </span>
          <span className="column-provider">
            {slot.provider === "demo" ? (
              // The provider's name is the badge: nobody should take this answer or its price for real.
              <span data-testid="column-provider">
                <Badge tone="warn" className="badge-sm" title="A built-in demo model: this answer and its price are made up" data-testid="demo-badge">
                  demo
                </Badge>
              </span>
            ) : (
              <span data-testid="column-provider">{slot.provider}</span>
            )}
            {slot.served_model && (
              <span className="served" title="The model that actually answered (a fallback or a router's pick)">
                {" "}· answered by {slot.served_model}
              </span>
            )}
            {slot.served_provider && <span title="The upstream provider that served this answer"> · via {slot.served_provider}</span>}
            {slot.prompt !== null && <span title={slot.prompt}> · variant {String.fromCharCode(65 + slot.variant)}</span>}
            {slot.repeat > 0 && <span> · run {slot.repeat + 1}</span>}
          </span>
        </span>
        <span className="column-actions">
          {onContinue && (slot.status === "done" || slot.status === "truncated") && (
            <Button size="sm" onClick={onContinue} data-testid="column-continue" title="Continue this answer only: send the follow-up typed above to this model">
              Continue
            </Button>
          )}
          {onStop && (slot.status === "streaming" || slot.status === "pending") && (
            <Button size="sm" onClick={onStop} data-testid="column-stop" title="Stop this answer; keep what arrived">
              Stop
            </Button>
          )}
          <Badge
            tone={slot.cached ? "accent" : STATUS_TONE[slot.status]}
            data-testid="column-status"
            title={slot.cached ? "Served from the answer cache: the same request was answered recently. No cost." : queued ? notice : undefined}
          >
            {slot.cached ? "cached" : queued && slot.status === "pending" ? "queued" : STATUS_LABEL[slot.status]}
          </Badge>
        </span>
      </header>
      {slot.notes.length > 0 && (
        <ul className="param-notes" data-testid="param-notes" title="Parameters this provider could not take as given">
          {slot.notes.map((n) => (
            <li key={n.param}>
              <strong>{n.param}</strong> {n.dropped ? "not sent" : "adapted"}: {n.message}
            </li>
          ))}
        </ul>
      )}
      <div className="column-body" ref={body}>
        {slot.reasoning && (
          <details className="reasoning">
            <summary>Reasoning</summary>
            <div className="reasoning-text">{slot.reasoning}</div>
          </details>
        )}
        {notice && (
          <div className="waiting" data-testid="slot-notice">
            {notice}
          </div>
        )}
        {!notice && streaming && !slot.text && !slot.reasoning && <div className="waiting">Waiting for the first token…</div>}
        <div className="answer-text" data-testid="answer-text">
          {slot.text}
          {streaming && <span className="caret" aria-hidden="true" />}
        </div>
        {outcome && (
          <div className="slot-outcome" role="status" data-testid="slot-outcome" data-status={slot.status}>
            {outcome}
          </div>
        )}
        {slot.error && (
          <div className="slot-error" role="alert" data-testid="slot-error" data-code={slot.error.code}>
            <strong>{slot.error.code.replace(/_/g, " ")}</strong>
            <span>{slot.error.message}</span>
          </div>
        )}
      </div>
      <footer className="metrics">
        <Metric label="TTFT" value={formatMs(slot.ttft_ms)} testId="metric-ttft"
          title={[
            "Time to first token: from sending the request to the first visible text.",
            slot.ttfr_ms !== null ? `First reasoning token: ${formatMs(slot.ttfr_ms)}.` : "",
            slot.ttfb_ms !== null ? `First response byte: ${formatMs(slot.ttfb_ms)}.` : "",
            slot.connect_ms !== null ? `Includes ${formatMs(slot.connect_ms)} opening a connection (DNS, TCP, TLS): no warm connection to reuse.` : "",
            slot.load_ms !== null ? `Includes ${formatMs(slot.load_ms)} loading the model on the server.` : "",
            slot.queued_ms ? `Queued before sending: ${formatMs(slot.queued_ms)}.` : "",
            slot.attempts && slot.attempts > 1 ? `Requests made: ${slot.attempts}.` : "",
          ].filter(Boolean).join(" ")} />
        {slot.load_ms !== null && (
          <Metric label="Load" value={formatMs(slot.load_ms)} testId="metric-load"
            title="The local server loading the model into memory before answering: a cold start, inside TTFT, not the model's speed. A model already loaded answers without it." />
        )}
        <Metric label="Total" value={formatMs(slot.total_ms)} testId="metric-total"
          title="From sending the request to the end of the stream." />
        <Metric label={speedLabel(slot.speed)} value={formatSpeed(slot.speed)} testId="metric-speed"
          title={speedTitle(slot.speed)} />
        <Metric label="In / out" testId="metric-tokens"
          value={`${formatCount(slot.usage.input_tokens)} / ${formatCount(slot.usage.output_tokens)}`}
          title="As reported by the provider. A dash means it reported none." />
        <Metric label={costLabel(slot)} value={formatUsd(slot.cost.usd)} testId="metric-cost"
          title={`${slot.provider === "demo" ? "A demo model: its price is made up, and so is this cost. " : ""}${costTitle(slot.cost, slot.usage.byok_upstream_usd, slot.cost_basis)}`} />
      </footer>
    </section>
  );
});

interface GridProps {
  slots: SlotRecord[];
  focusedSlot?: number | undefined;
  /** Present when the comparison can be followed up: continue only this answer. */
  onContinueSlot?: ((index: number) => void) | undefined;
}

/** A saved comparison's answers, side by side (History, a past comparison in Compare). */
export function AnswerGrid({ slots, focusedSlot, onContinueSlot }: GridProps) {
  return (
    <AnswerGridFrame count={slots.length}>
      {slots.map((s) => (
        <AnswerColumn key={s.id} slot={s} focused={focusedSlot === s.index} onContinue={onContinueSlot && (() => onContinueSlot(s.index))} />
      ))}
    </AnswerGridFrame>
  );
}

/** Columns of at least 240 px sharing the width (four fit beside the sidebar); past that the grid scrolls sideways. */
export function AnswerGridFrame({ count, children }: { count: number; children: ReactNode }) {
  return (
    <div className={cx("grid", count === 1 && "grid-single")} style={{ gridTemplateColumns: `repeat(${Math.max(count, 1)}, minmax(240px, 1fr))` }}>
      {children}
    </div>
  );
}
