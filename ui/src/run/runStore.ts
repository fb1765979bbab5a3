// The running comparison, outside the view tree: the Channel callback writes it, so a run keeps
// streaming while the person is on History or Settings and is all there on their return.
//
// - Events fold through `compareState.applyEvent`, the pure reducer.
// - Text and reasoning events are queued and applied once per animation frame (16 columns at
//   100 tok/s would otherwise be a React commit per token); any other event flushes the queue
//   first, so the order of events is kept.
// - `applyEvent` replaces only the slot an event is for, so a column that selects its own slot
//   (`useRunSlot`) re-renders for its own tokens only.
// - The shell sends events in batches, one IPC message per frame at most; the generated command
//   unpacks a batch into synchronous callbacks, so a batch is the run of events inside one task.
//   `ipcStats` counts both (read-only; `make bench` reads them through `window.__parallaxIpc`).
import { createStore, type StoreApi } from "zustand/vanilla";

import type { Attachment, Backend, ComparisonEvent, ComparisonSpec, Target } from "../backend";
import { applyEvent, emptyRun, type RunState } from "../compareState";

export interface RunStoreState extends RunState {
  /** Set between pressing Send and the first event. */
  starting: boolean;
  /**
   * What a column asked again with changes was asked with ("temp 0.3 · mock/medium"), by slot
   * id: shown on that column. Known to this run only (a saved comparison does not keep it).
   */
  asked: Record<string, string>;
}

export type Schedule = (flush: () => void) => void;

const frame: Schedule = (f) => (typeof requestAnimationFrame === "function" ? requestAnimationFrame(() => f()) : setTimeout(f, 16));

export type RunStore = StoreApi<RunStoreState> & {
  /** Starts a comparison, replacing the one shown. Rejects (BackendError) when it is refused. */
  start(spec: ComparisonSpec): Promise<string>;
  /** Continues the comparison shown (all answers, or `slots`). */
  followUp(parentId: string, prompt: string, slots: number[], allowUnknownCost?: boolean, attachments?: Attachment[]): Promise<string>;
  /** Shows a saved comparison (from History) as the current one, to follow up on it. */
  show(state: RunState): void;
  /**
   * Asks answer `slot` again, in a new column of the comparison shown: as it was asked, or to
   * `changed.target` (its parameters or model changed; `changed.label` says how, on the column).
   */
  retry(slot: number, allowUnknownCost?: boolean, changed?: { target: Target; label: string }): Promise<number>;
  cancel(): Promise<void>;
  cancelSlot(slot: number): Promise<void>;
  /** Applies queued text now (tests; a hidden window where frames do not come). */
  flush(): void;
  /** IPC messages (batches) and events received since the store was made. */
  ipcStats(): IpcStats;
};

export interface IpcStats {
  readonly batches: number;
  readonly events: number;
}

export const isRunning = (s: RunState) => s.comparison !== null && !s.finished;

export function createRunStore(backend: Backend, schedule: Schedule = frame): RunStore {
  const store = createStore<RunStoreState>(() => ({ ...emptyRun, starting: false, asked: {} }));
  let queue: ComparisonEvent[] = [];
  let scheduled = false;
  // Events of a replaced run are dropped: each run gets a new generation.
  let generation = 0;

  const flush = () => {
    scheduled = false;
    if (queue.length === 0) return;
    const events = queue;
    queue = [];
    const before = store.getState();
    let next: RunState = before;
    for (const e of events) next = applyEvent(next, e);
    store.setState({ ...next, starting: false });
  };

  const ipc = { batches: 0, events: 0 };
  let inBatch = false;
  const ipcStats = (): IpcStats => ({ ...ipc });
  // The bench measures the real window through WebDriver: it can only read what the page exposes.
  if (typeof window !== "undefined") Object.defineProperty(window, "__parallaxIpc", { get: ipcStats, configurable: true });

  const listener = (gen: number) => (e: ComparisonEvent) => {
    ipc.events += 1;
    if (!inBatch) {
      ipc.batches += 1;
      inBatch = true;
      queueMicrotask(() => {
        inBatch = false;
      });
    }
    if (gen !== generation) return;
    queue.push(e);
    if (e.type === "text" || e.type === "reasoning") {
      if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    } else {
      flush();
    }
  };

  const begin = () => {
    generation += 1;
    queue = [];
    store.setState({ ...emptyRun, starting: true, asked: {} });
    return generation;
  };

  const failed = (gen: number) => (e: unknown) => {
    if (gen === generation) store.setState({ starting: false });
    throw e;
  };

  return Object.assign(store, {
    start(spec: ComparisonSpec) {
      const gen = begin();
      return backend.startComparison(spec, listener(gen)).catch(failed(gen));
    },
    followUp(parentId: string, prompt: string, slots: number[], allowUnknownCost = false, attachments: Attachment[] = []) {
      // The parent stays on screen until the follow-up's `created` replaces it.
      generation += 1;
      const gen = generation;
      queue = [];
      store.setState({ starting: true });
      return backend.followUp(parentId, prompt, slots, allowUnknownCost, attachments, listener(gen)).catch(failed(gen));
    },
    show(state: RunState) {
      generation += 1;
      queue = [];
      store.setState({ ...state, starting: false, asked: {} });
    },
    async retry(slot: number, allowUnknownCost = false, changed?: { target: Target; label: string }) {
      const id = store.getState().comparison?.id;
      if (!id) throw new Error("No comparison is shown.");
      // The same comparison, so the same generation: its events land in the columns shown.
      const gen = generation;
      const index = await backend.retryAnswer(id, slot, changed?.target ?? null, allowUnknownCost, listener(gen));
      if (changed) {
        // The new column's `slots_added` may come before or after the reply: label it when it is there.
        const label = () => {
          const s = store.getState();
          const added = s.comparison?.id === id ? s.slots[index] : undefined;
          if (added && !s.asked[added.id]) store.setState({ asked: { ...s.asked, [added.id]: changed.label } });
          return added !== undefined || generation !== gen;
        };
        if (!label()) {
          const unsubscribe = store.subscribe(() => {
            if (label()) unsubscribe();
          });
        }
      }
      return index;
    },
    async cancel() {
      const id = store.getState().comparison?.id;
      if (id && isRunning(store.getState())) await backend.cancelComparison(id);
    },
    async cancelSlot(slot: number) {
      const id = store.getState().comparison?.id;
      if (id) await backend.cancelSlot(id, slot);
    },
    flush,
    ipcStats,
  });
}
