// Folds the engine's events into what the compare view shows. Pure, so it is unit-tested.
import type { ComparisonEvent, ComparisonRecord, SlotRecord } from "./backend";

export interface RunState {
  comparison: ComparisonRecord | null;
  /** Slot records by index, updated as events arrive. */
  slots: SlotRecord[];
  finished: boolean;
}

export const emptyRun: RunState = { comparison: null, slots: [], finished: false };

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
      return { comparison: e.comparison, slots: e.comparison.slots, finished: false };
    case "slot_started":
      return updateSlot(state, e.slot, (s) => ({ ...s, status: "streaming", notes: e.notes }));
    case "first_token":
      return updateSlot(state, e.slot, (s) => ({ ...s, ttft_ms: e.ttft_ms }));
    case "text":
      return updateSlot(state, e.slot, (s) => ({ ...s, text: s.text + e.text }));
    case "reasoning":
      return updateSlot(state, e.slot, (s) => ({ ...s, reasoning: s.reasoning + e.text }));
    case "slot_finished":
      return updateSlot(state, e.slot, () => e.record);
    case "finished":
      return { ...state, finished: true };
  }
}

export function fromRecord(c: ComparisonRecord): RunState {
  return { comparison: c, slots: c.slots, finished: true };
}
