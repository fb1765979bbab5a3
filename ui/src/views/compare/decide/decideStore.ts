// How the person is deciding between the answers of each comparison: reading them, a word diff
// against a baseline (or a pasted reference), the consensus view, and blind mode (shuffled,
// anonymous until a vote). One store per Services (a WeakMap: each test render has its own),
// kept for the session. Invariants:
// - blind is set up before the first paint of a comparison sent with "Blind" on: the store
//   listens to the run store and adds the blind entry in the same tick the run is created, so
//   names never flash;
// - `order` is a permutation of the slot indices, fixed once per comparison (shuffling again
//   on every render would let the person learn the order from the flicker);
// - a blind comparison stays hidden until `revealed` (set by a saved vote or "reveal").
import { useStore } from "zustand";
import { useShallow } from "zustand/react/shallow";
import { createStore, type StoreApi } from "zustand/vanilla";

import { type Services, useServices } from "../../../app/services";

export type DecideMode = "answers" | "diff" | "consensus";

export interface Blind {
  /** Slot indices in display order. */
  order: number[];
  revealed: boolean;
}

export interface Decision {
  mode: DecideMode;
  /** The diff's baseline: a slot index, or "reference" for the pasted text. */
  baseline: number | "reference";
  reference: string;
  onlyDiff: boolean;
  blind: Blind | null;
}

export const NEW_DECISION: Decision = { mode: "answers", baseline: 0, reference: "", onlyDiff: false, blind: null };

export interface DecideState {
  /** "Blind" ticked beside Send: the next comparison starts blind. */
  blindNext: boolean;
  byId: Record<string, Decision>;
}

/** A random permutation of 0..n-1 (Fisher–Yates); `random` is injectable for tests. */
export function shuffled(n: number, random: () => number = Math.random): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** "A", "B", … "Z", then "A2": the judge's labels too, so blind and judge read alike. */
export const blindLabel = (position: number) => String.fromCharCode(65 + (position % 26)) + (position >= 26 ? String(Math.floor(position / 26) + 1) : "");

const stores = new WeakMap<Services, StoreApi<DecideState>>();

export function decideStoreOf(services: Services): StoreApi<DecideState> {
  let s = stores.get(services);
  if (s) return s;
  const store = createStore<DecideState>(() => ({ blindNext: false, byId: {} }));
  stores.set(services, (s = store));
  // A comparison sent with "Blind" on is blind from its first event.
  services.run.subscribe((now, prev) => {
    const c = now.comparison;
    if (!c || c.id === prev.comparison?.id) return;
    const { blindNext, byId } = store.getState();
    if (blindNext && !byId[c.id]) store.setState({ byId: { ...byId, [c.id]: { ...NEW_DECISION, blind: { order: shuffled(c.slots.length), revealed: false } } } });
  });
  return s;
}

export function useDecideStore(): StoreApi<DecideState> {
  return decideStoreOf(useServices());
}

/** A blind vote is open: nothing on screen may name a model, price an answer or add a column. */
export const blindOpen = (d: Pick<Decision, "blind">): boolean => d.blind !== null && !d.blind.revealed;

export function useDecision(id: string): Decision {
  return useStore(useDecideStore(), (s) => s.byId[id] ?? NEW_DECISION);
}

/**
 * The comparisons whose blind vote is open: History names none of their models and shows none
 * of their prices or answers until the vote (or the reveal) in Compare.
 */
export function useBlindOpenIds(): string[] {
  return useStore(
    useDecideStore(),
    useShallow((s) => Object.keys(s.byId).filter((id) => blindOpen(s.byId[id]!))),
  );
}

export function useDecideFlag(): boolean {
  return useStore(useDecideStore(), (s) => s.blindNext);
}

export const setBlindNext = (services: Services, on: boolean) => decideStoreOf(services).setState({ blindNext: on });

/** Changes one comparison's decision. */
export function patchDecision(store: StoreApi<DecideState>, id: string, patch: Partial<Decision>) {
  const { byId } = store.getState();
  store.setState({ byId: { ...byId, [id]: { ...(byId[id] ?? NEW_DECISION), ...patch } } });
}

/** Blind mode on for a comparison of `n` answers (shuffled now), or off (everything shown). */
export function setBlind(store: StoreApi<DecideState>, id: string, n: number, on: boolean, random?: () => number) {
  patchDecision(store, id, { blind: on ? { order: shuffled(n, random), revealed: false } : null });
}
