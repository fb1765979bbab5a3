// Folds the engine's events into what the compare view shows. Pure, so it is unit-tested.
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
}

export const emptyRun: RunState = { comparison: null, slots: [], notices: {}, queued: {}, spendUnknown: [], finished: false };

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

export function applyEvent(state: RunState, e: ComparisonEvent): RunState {
  switch (e.type) {
    case "created":
      return { comparison: e.comparison, slots: e.comparison.slots, notices: {}, queued: {}, spendUnknown: [], finished: false };
    case "slot_queued":
      return withQueued(withNotice(state, e.slot, queuedNotice(state.slots[e.slot]?.provider)), e.slot, true);
    case "slot_retrying":
      return withNotice(
        state,
        e.slot,
        `Retry ${e.attempt} in ${(e.delay_ms / 1000).toFixed(1)} s: ${e.reason}`,
      );
    case "slot_fallback":
      return withNotice(state, e.slot, `Trying fallback ${e.model}: ${e.reason}`);
    case "slot_started": {
      // A place came free: the queued line goes (a retry's or fallback's stays until text).
      const started = updateSlot(state, e.slot, (s) => ({ ...s, status: "streaming", notes: e.notes }));
      return state.queued[e.slot] ? withQueued(withNotice(started, e.slot, null), e.slot, false) : started;
    }
    case "first_token":
      return withNotice(
        updateSlot(state, e.slot, (s) => ({ ...s, ttft_ms: e.ttft_ms })),
        e.slot,
        null,
      );
    case "text":
      return updateSlot(state, e.slot, (s) => ({ ...s, text: s.text + e.text }));
    case "reasoning":
      return updateSlot(state, e.slot, (s) => ({ ...s, reasoning: s.reasoning + e.text }));
    case "slot_finished":
      return withQueued(withNotice(updateSlot(state, e.slot, () => e.record), e.slot, null), e.slot, false);
    case "finished":
      return { ...state, finished: true };
    case "spend_unknown":
      return { ...state, spendUnknown: [...state.spendUnknown, e.message] };
    case "slot_backfilled":
      return updateSlot(state, e.slot, (s) => ({ ...s, served_provider: e.served_provider, cost: e.cost }));
  }
}

export function fromRecord(c: ComparisonRecord): RunState {
  return { comparison: c, slots: c.slots, notices: {}, queued: {}, spendUnknown: [], finished: true };
}
