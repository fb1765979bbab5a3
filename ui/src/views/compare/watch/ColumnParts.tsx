// The parts of an answer column: header, live line, reasoning, error and metrics. Each is small
// and pure over its props, so AnswerColumn stays a layout.
import { ArrowLeft, ArrowRight, Copy, CornerDownRight, GripVertical, Maximize2, Minimize2, MoreHorizontal, Pin, PinOff, RotateCcw, SlidersHorizontal, Square } from "lucide-react";
import { memo, useContext, type ReactNode } from "react";

import type { SlotRecord } from "../../../backend";
import { costTitle, DASH, formatCount, formatMs, formatSpeed, speedLabel, speedTitle } from "../../../format";
import { Badge, Button, cx, IconButton, Menu, MenuItem, MenuSeparator, MenuTrigger } from "../../../kit";
import { ColumnMenuContext, useColumnPlace, type ColumnMenuFor } from "./context";
import { costOf, ERROR_ADVICE, sameBesidesText, STATUS_TITLE, type StatusKey } from "./status";
import type { Tone } from "../../../kit";
import type { RaceMetric } from "./race";
import type { LiveFigures } from "./useLive";

export function Metric({ label, value, title, testId, className }: { label: string; value: string; title: string; testId: string; className?: string }) {
  return (
    <div className={cx("metric", className)} title={title}>
      <span className="metric-label">{label}</span>
      <span className="metric-value" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}

export function StatusBadge({ status, tone, title }: { status: StatusKey; tone: Tone; title?: string | undefined }) {
  return (
    <Badge tone={tone} data-testid="column-status" data-key={status} title={title ?? STATUS_TITLE[status]}>
      {status}
    </Badge>
  );
}

/** Who answered: provider, the model and provider that actually served it, variant and repeat. */
export function Identity({ slot }: { slot: SlotRecord }) {
  return (
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
      {slot.served_model && slot.served_model !== slot.model && (
        <span className="served" title="The model that actually answered (a fallback or a router's pick)" data-testid="served-model">
          {" "}· answered by {slot.served_model}
        </span>
      )}
      {slot.served_provider && (
        <span title="The upstream provider that served this answer" data-testid="served-provider">
          {" "}· via {slot.served_provider}
        </span>
      )}
    </span>
  );
}

interface HeadProps {
  slot: SlotRecord;
  title: ReactNode;
  hide: boolean;
  asked: string | null;
  askedAgain: boolean;
  status: StatusKey;
  tone: Tone;
  statusTitle: string | undefined;
  onStop: (() => void) | undefined;
  onContinue: (() => void) | undefined;
  continueWaiting?: string | undefined;
  onRetry: ((how: "same" | "changed") => void) | undefined;
  onCopy: (what: "text" | "markdown") => void;
}

/**
 * A column's header: model, who served it, how it was asked, status and actions. Memoized past
 * the streamed text: a token re-renders the answer and the live line, not the header's icons and
 * menu (sixteen of them, every frame, were a third of the page's script time).
 */
export const ColumnHead = memo(function ColumnHead({ slot, title, hide, asked, askedAgain, status, tone, statusTitle, onStop, onContinue, continueWaiting, onRetry, onCopy }: HeadProps) {
  const place = useColumnPlace();
  const running = slot.status === "streaming" || slot.status === "pending";
  return (
    <header className="column-head">
      <Grip />
      <span className="column-title">
        <span className="column-model" title={hide ? undefined : slot.served_model ? `answered by ${slot.served_model}` : slot.model} data-testid="column-model">
          {title}
          {place.baseline && <span className="baseline-tag" title="The baseline: the column the others are read against">baseline</span>}
          {place.decor?.badge}
        </span>
        {!hide && <Identity slot={slot} />}
        {asked && !hide && (
          <span className="column-provider" data-testid="column-asked" title={`${askedAgain ? "Asked again with these changes" : place.count > 1 ? "Asked with these parameters, unlike the other answers" : "Asked with these parameters"}: ${asked}`}>
            asked with {asked}
          </span>
        )}
        {(slot.prompt !== null || slot.repeat > 0 || place.runs) && (
          <span className="column-provider">
            {slot.prompt !== null && <span title={slot.prompt}>variant {String.fromCharCode(65 + slot.variant)}</span>}
            {slot.prompt !== null && (slot.repeat > 0 || place.runs) && " · "}
            {(slot.repeat > 0 || place.runs) && <span data-testid="column-run">run {slot.repeat + 1}</span>}
          </span>
        )}
      </span>
      <span className="column-actions">
        {/* Icons, not words: sixteen columns of 240 px still show the model's name. */}
        {onContinue && (slot.status === "done" || slot.status === "truncated") && (
          <IconButton
            label={`Continue this answer only: send the follow-up typed above to this model${continueWaiting ? ` (${continueWaiting.toLowerCase()})` : ""}`}
            icon={<CornerDownRight size={15} />}
            size="sm"
            onClick={onContinue}
            disabled={continueWaiting !== undefined}
            data-testid="column-continue"
          />
        )}
        {onStop && running && (
          <IconButton label="Stop this answer; keep what arrived" icon={<Square size={13} />} size="sm" onClick={onStop} data-testid="column-stop" />
        )}
        <StatusBadge status={status} tone={tone} title={statusTitle} />
        <ColumnMenu onCopy={onCopy} onRetry={running ? undefined : onRetry} />
      </span>
    </header>
  );
}, sameHead);

function sameHead(a: HeadProps, b: HeadProps): boolean {
  for (const k of Object.keys(a) as (keyof HeadProps)[]) {
    if (k === "slot" ? !sameBesidesText(a.slot, b.slot) : !Object.is(a[k], b[k])) return false;
  }
  return true;
}

/**
 * The header's "more actions" button. In a grid it opens the grid's one menu (MenuHost in
 * AnswerGridFrame) drawn for this column; alone, a menu of its own.
 */
export function ColumnMenu({ onCopy, onRetry }: { onCopy: (what: "text" | "markdown") => void; onRetry?: ((how: "same" | "changed") => void) | undefined }) {
  const place = useColumnPlace();
  const shared = useContext(ColumnMenuContext);
  const trigger = <IconButton label="More actions for this answer" icon={<MoreHorizontal size={15} />} size="sm" data-testid="column-menu" />;
  if (shared) return <MenuTrigger handle={shared} payload={{ onCopy, onRetry, place }} trigger={trigger} />;
  return (
    <Menu align="end" trigger={trigger}>
      <ColumnMenuItems onCopy={onCopy} onRetry={onRetry} place={place} />
    </Menu>
  );
}

/** The layout actions (grid only), copy and ask again, for one column. */
export function ColumnMenuItems({ onCopy, onRetry, place }: ColumnMenuFor) {
  const a = place.actions;
  return (
    <>
      {onRetry && (
        <>
          <MenuItem onClick={() => onRetry("same")} testId="column-retry">
            <RotateCcw size={14} aria-hidden /> Ask again, in a new column
          </MenuItem>
          <MenuItem onClick={() => onRetry("changed")} testId="column-retry-with">
            <SlidersHorizontal size={14} aria-hidden /> Ask again with changes…
          </MenuItem>
        </>
      )}
      <MenuItem onClick={() => onCopy("text")} testId="column-copy-text">
        <Copy size={14} aria-hidden /> Copy text
      </MenuItem>
      <MenuItem onClick={() => onCopy("markdown")} testId="column-copy-markdown">
        <Copy size={14} aria-hidden /> Copy Markdown
      </MenuItem>
      {a && (
        <>
          <MenuSeparator />
          <MenuItem onClick={a.toggleBaseline} testId="column-baseline">
            {place.baseline ? <PinOff size={14} aria-hidden /> : <Pin size={14} aria-hidden />} {place.baseline ? "Unpin the baseline" : "Pin as the baseline"}
          </MenuItem>
          <MenuItem onClick={a.toggleMaximised} testId="column-maximise">
            {place.maximised ? <Minimize2 size={14} aria-hidden /> : <Maximize2 size={14} aria-hidden />} {place.maximised ? "Show every column" : "Maximise"}
          </MenuItem>
          {place.position > 0 && (
            <MenuItem onClick={() => a.move(-1)} testId="column-move-left">
              <ArrowLeft size={14} aria-hidden /> Move left
            </MenuItem>
          )}
          {place.position < place.count - 1 && (
            <MenuItem onClick={() => a.move(1)} testId="column-move-right">
              <ArrowRight size={14} aria-hidden /> Move right
            </MenuItem>
          )}
        </>
      )}
    </>
  );
}

/** The drag handle: drag to reorder, or focus it and press ← / →. */
export function Grip() {
  const place = useColumnPlace();
  const a = place.actions;
  if (!a || place.count < 2) return null;
  return (
    <button
      type="button"
      className="column-grip"
      draggable
      aria-label="Move this column: drag it, or press the left or right arrow"
      title="Drag to reorder (or focus and press ← →)"
      data-testid="column-grip"
      onDragStart={(e) => {
        e.dataTransfer.effectAllowed = "move";
        e.dataTransfer.setData("text/plain", String(place.position));
        a.dragStart();
      }}
      onKeyDown={(e) => {
        if (e.key === "ArrowLeft" && place.position > 0) {
          e.preventDefault();
          a.move(-1);
        } else if (e.key === "ArrowRight" && place.position < place.count - 1) {
          e.preventDefault();
          a.move(1);
        }
      }}
    >
      <GripVertical size={14} aria-hidden />
    </button>
  );
}

/** While streaming: elapsed, TTFT, ≈tok/s and ≈tokens, on the UI's clock. */
export const LiveLine = memo(function LiveLine(f: LiveFigures) {
  return (
    <div className="live-line" data-testid="live-line" title="Live, while the answer streams: tokens are estimated (≈4 characters each) until the provider reports them">
      <span data-testid="live-elapsed">{f.elapsedMs === null ? DASH : formatElapsed(f.elapsedMs)}</span>
      <span>TTFT {formatMs(f.ttftMs)}</span>
      <span data-testid="live-speed">{f.tokensPerSecond === null ? `${DASH} tok/s` : `≈${f.tokensPerSecond.toFixed(0)} tok/s`}</span>
      <span>≈{formatCount(f.tokens)} tok</span>
    </div>
  );
});

export const formatElapsed = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Reasoning apart from the answer, folded, with its own tokens and time. */
export function Reasoning({ slot, children }: { slot: SlotRecord; children: ReactNode }) {
  const tokens = slot.usage.reasoning_tokens;
  const ms = slot.ttfr_ms !== null && slot.ttft_ms !== null ? Math.max(0, slot.ttft_ms - slot.ttfr_ms) : null;
  return (
    <details className="reasoning" data-testid="reasoning">
      <summary>
        Reasoning
        <span className="reasoning-meta" data-testid="reasoning-meta">
          {tokens !== null ? ` · ${formatCount(tokens)} tokens` : ""}
          {ms !== null ? ` · ${formatMs(ms)}` : ""}
        </span>
      </summary>
      <div className="reasoning-text">{children}</div>
    </details>
  );
}

/** A failed answer: the code, what it means, what to do, and the provider's own words. */
export function SlotError({ error, onRetry }: { error: NonNullable<SlotRecord["error"]>; onRetry?: (() => void) | undefined }) {
  const advice = ERROR_ADVICE[error.code];
  return (
    <div className="slot-error" role="alert" data-testid="slot-error" data-code={error.code}>
      <strong>{advice?.what ?? error.code.replace(/_/g, " ")}</strong>
      <span className="slot-error-todo" data-testid="slot-error-advice">
        {advice?.todo}
      </span>
      <span className="slot-error-message">
        <code>{error.code}</code> {error.message}
      </span>
      {onRetry && (
        // The answer stays as it failed; the new attempt gets a column of its own, beside it.
        <Button size="sm" onClick={onRetry} data-testid="slot-retry" title="Ask this model again, in a new column; this answer stays as it is">
          <RotateCcw size={13} aria-hidden /> Try again
        </Button>
      )}
    </div>
  );
}

interface MetricsProps {
  slot: SlotRecord;
  hideCost: boolean;
  best?: RaceMetric[] | undefined;
}

/**
 * The finished figures; `hideCost` in blind mode (a price names a model). Memoized past the
 * streamed text, like the header: none of them changes with a token.
 */
export const Metrics = memo(function Metrics({ slot, hideCost, best = NO_BEST }: MetricsProps) {
  const cost = costOf(slot);
  const top = (m: RaceMetric) => (best.includes(m) ? "best" : undefined);
  const reasoning = slot.usage.reasoning_tokens;
  const cached = slot.usage.cache_read_tokens;
  return (
    <footer className="metrics">
      <Metric label="TTFT" value={formatMs(slot.ttft_ms)} testId="metric-ttft" className={top("ttft")}
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
      <Metric label="Total" value={formatMs(slot.total_ms)} testId="metric-total" className={top("total")} title="From sending the request to the end of the stream." />
      <Metric label={speedLabel(slot.speed)} value={formatSpeed(slot.speed, { short: true })} testId="metric-speed" className={top("speed")} title={speedTitle(slot.speed)} />
      <Metric label="In / out" testId="metric-tokens"
        value={`${formatCount(slot.usage.input_tokens)} / ${formatCount(slot.usage.output_tokens)}`}
        title="As reported by the provider. A dash means it reported none." />
      {reasoning !== null && reasoning > 0 && (
        <Metric label="Reasoning" value={formatCount(reasoning)} testId="metric-reasoning" title="Reasoning tokens: part of the output tokens, billed as output." />
      )}
      {cached !== null && cached > 0 && (
        <Metric label="Cached in" value={formatCount(cached)} testId="metric-cached" title="Input tokens read from the provider's prompt cache (cheaper than fresh input)." />
      )}
      {!hideCost && (
        <Metric label={cost.label} value={cost.value} testId="metric-cost" className={cx(`cost-${cost.kind}`, top("cost"))}
          title={`${slot.provider === "demo" ? "A demo model: its price is made up, and so is this cost. " : ""}${costTitle(slot.cost, slot.usage.byok_upstream_usd, slot.cost_basis)}`} />
      )}
    </footer>
  );
}, (a: MetricsProps, b: MetricsProps) => sameBesidesText(a.slot, b.slot) && a.hideCost === b.hideCost && sameBest(a.best, b.best));

const NO_BEST: RaceMetric[] = [];
const sameBest = (a: RaceMetric[] | undefined, b: RaceMetric[] | undefined) => (a ?? NO_BEST).join() === (b ?? NO_BEST).join();
