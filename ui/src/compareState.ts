// Folds the engine's events into what the compare view shows. Pure, so it is unit-tested.
import type { ComparisonEvent, ComparisonRecord, SlotRecord } from "./backend";

export interface RunState {
  comparison: ComparisonRecord | null;
  /** Slot records by index, updated as events arrive. */
  slots: SlotRecord[];
  /** What a slot is doing before its first token (queued, retrying, falling back), by index. */
  notices: Record<number, string>;
  /** Answers whose cost is unknown while a spending cap is set: the cap cannot count them. */
  spendUnknown: string[];
  finished: boolean;
}

export const emptyRun: RunState = { comparison: null, slots: [], notices: {}, spendUnknown: [], finished: false };

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
      return { comparison: e.comparison, slots: e.comparison.slots, notices: {}, spendUnknown: [], finished: false };
    case "slot_queued":
      return withNotice(state, e.slot, "Queued: waiting for a free place at this provider…");
    case "slot_retrying":
      return withNotice(
        state,
        e.slot,
        `Retry ${e.attempt} in ${(e.delay_ms / 1000).toFixed(1)} s: ${e.reason}`,
      );
    case "slot_fallback":
      return withNotice(state, e.slot, `Trying fallback ${e.model}: ${e.reason}`);
    case "slot_started":
      return updateSlot(state, e.slot, (s) => ({ ...s, status: "streaming", notes: e.notes }));
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
      return withNotice(
        updateSlot(state, e.slot, () => e.record),
        e.slot,
        null,
      );
    case "finished":
      return { ...state, finished: true };
    case "spend_unknown":
      return { ...state, spendUnknown: [...state.spendUnknown, e.message] };
    case "slot_backfilled":
      return updateSlot(state, e.slot, (s) => ({ ...s, served_provider: e.served_provider, cost: e.cost }));
  }
}

export function fromRecord(c: ComparisonRecord): RunState {
  return { comparison: c, slots: c.slots, notices: {}, spendUnknown: [], finished: true };
}
