// Folds the engine's events into what the compare view shows. Pure (the clock is a parameter), so
// it is unit-tested.
//
// Owns: the running comparison's state. Invariants: an event replaces only the slot it is for
// (per-slot subscriptions stay quiet for the others); `live` is keyed by slot id, so a saved
// comparison's column (another id) never picks up a running one's clock.
import type { ComparisonEvent, ComparisonRecord, SlotRecord } from "./backend";

export interface RunState {
  comparison: ComparisonRecord | null;
  /** Slot records by index, updated as events arrive. */
  slots: SlotRecord[];
  /** What a slot is doing before its first token (queued, retrying, falling back), by index. */
  notices: Record<number, string>;
  /** Slots waiting for a place under the limits on requests at once, by index. */
  queued: Record<number, true>;
  /** Answers whose cost is unknown while a spending cap is set: the cap cannot count them. */
  spendUnknown: string[];
  finished: boolean;
  /** What only a live run knows (client clock, the phase before the first token), by slot id. */
  live: Record<string, LiveSlot>;
}

/** A slot's phase before text, for its status badge: the notice says the details. */
export type Phase = "queued" | "retrying" | "fallback";

/**
 * Times on the UI's clock (ms, `Date.now()`), for the live elapsed timer and tok/s while a slot
 * streams; the engine's own figures (TTFT, total, tok/s) replace them when the slot finishes.
 */
export interface LiveSlot {
  phase: Phase | null;
  startedAt: number | null;
  /** First visible text (the `first_token` event). */
  firstAt: number | null;
  /** First reasoning text. */
  reasoningAt: number | null;
}

const NO_LIVE: LiveSlot = { phase: null, startedAt: null, firstAt: null, reasoningAt: null };

export const emptyRun: RunState = { comparison: null, slots: [], notices: {}, queued: {}, spendUnknown: [], finished: false, live: {} };

function withLive(state: RunState, slot: number, f: (l: LiveSlot) => LiveSlot): RunState {
  const id = state.slots[slot]?.id;
  if (id === undefined) return state;
  const before = state.live[id] ?? NO_LIVE;
  const after = f(before);
  return after === before ? state : { ...state, live: { ...state.live, [id]: after } };
}

/**
 * Why a slot waits, where it waits: Ollama's limit is one request at a time unless raised (a
 * local server loads one model into memory at a time), so its columns answer in turn.
 */
export function queuedNotice(provider: string | undefined): string {
  return provider === "ollama"
    ? "Queued: Ollama runs one model at a time unless raised in Settings → Limits."
    : "Queued: waiting for a free place under the limits on requests at once (Settings → Limits).";
}

function withQueued(state: RunState, slot: number, on: boolean): RunState {
  if (on === !!state.queued[slot]) return state;
  const queued = { ...state.queued };
  if (on) queued[slot] = true;
  else delete queued[slot];
  return { ...state, queued };
}

function withNotice(state: RunState, slot: number, notice: string | null): RunState {
  const notices = { ...state.notices };
  if (notice === null) delete notices[slot];
  else notices[slot] = notice;
  return { ...state, notices };
}

function updateSlot(state: RunState, index: number, f: (s: SlotRecord) => SlotRecord): RunState {
  const current = state.slots[index];
  if (!current) return state;
  const slots = state.slots.slice();
  slots[index] = f(current);
  return { ...state, slots };
}

export function applyEvent(state: RunState, e: ComparisonEvent, now: number = Date.now()): RunState {
  switch (e.type) {
    case "created":
      return { comparison: e.comparison, slots: e.comparison.slots, notices: {}, queued: {}, spendUnknown: [], finished: false, live: {} };
    case "slots_added": {
      // A retry: new columns after the others, in the comparison shown (another one's events
      // are not ours). Slot indices are positions, so they land at their own index.
      if (state.comparison?.id !== e.comparison_id) return state;
      const slots = state.slots.slice();
      for (const s of e.slots) slots[s.index] = s;
      return { ...state, slots, finished: false };
    }
    case "slot_queued":
      return withLive(withQueued(withNotice(state, e.slot, queuedNotice(state.slots[e.slot]?.provider)), e.slot, true), e.slot, (l) => ({ ...l, phase: "queued" }));
    case "slot_retrying":
      return withLive(
        withNotice(state, e.slot, `Retry ${e.attempt} in ${(e.delay_ms / 1000).toFixed(1)} s: ${e.reason}`),
        e.slot,
        (l) => ({ ...l, phase: "retrying" }),
      );
    case "slot_fallback":
      return withLive(withNotice(state, e.slot, `Trying fallback ${e.model}: ${e.reason}`), e.slot, (l) => ({ ...l, phase: "fallback" }));
    case "slot_started": {
      // A place came free: the queued line goes (a retry's or fallback's stays until text).
      const started = withLive(
        updateSlot(state, e.slot, (s) => ({ ...s, status: "streaming", notes: e.notes })),
        e.slot,
        (l) => ({ ...l, startedAt: l.startedAt ?? now, phase: l.phase === "queued" ? null : l.phase }),
      );
      return state.queued[e.slot] ? withQueued(withNotice(started, e.slot, null), e.slot, false) : started;
    }
    case "first_token":
      return withLive(
        withNotice(
          updateSlot(state, e.slot, (s) => ({ ...s, ttft_ms: e.ttft_ms })),
          e.slot,
          null,
        ),
        e.slot,
        (l) => ({ ...l, phase: null, firstAt: l.firstAt ?? now }),
      );
    case "text":
      return updateSlot(state, e.slot, (s) => ({ ...s, text: s.text + e.text }));
    case "reasoning": {
      const next = updateSlot(state, e.slot, (s) => ({ ...s, reasoning: s.reasoning + e.text }));
      return withLive(next, e.slot, (l) => (l.reasoningAt === null ? { ...l, reasoningAt: now } : l));
    }
    case "slot_finished":
      return withLive(withQueued(withNotice(updateSlot(state, e.slot, () => e.record), e.slot, null), e.slot, false), e.slot, (l) => (l.phase ? { ...l, phase: null } : l));
    case "finished":
      return { ...state, finished: true };
    case "spend_unknown":
      return { ...state, spendUnknown: [...state.spendUnknown, e.message] };
    case "slot_backfilled":
      return updateSlot(state, e.slot, (s) => ({ ...s, served_provider: e.served_provider, cost: e.cost }));
  }
}

export function fromRecord(c: ComparisonRecord): RunState {
  return { comparison: c, slots: c.slots, notices: {}, queued: {}, spendUnknown: [], finished: true, live: {} };
}
