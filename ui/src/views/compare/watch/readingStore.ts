// Reading space: while answers are read (a run finished, or a saved comparison is open), the
// composer folds to one line so the answers get the height (16 columns at 1024×700 show more
// than three lines each). A person unfolds it with a button or a shortcut; it folds again when
// the next run finishes.
//
// Owns: whether the composer is unfolded while reading. The view that renders the composer
// (CompareView) decides *when* answers are being read and asks `useComposerFolded(reading)`.
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";

export interface ReadingState {
  /** The person unfolded the composer while reading. */
  unfolded: boolean;
}

/** One per app: the composer's fold survives a switch to History and back. */
export const readingStore = createStore<ReadingState>(() => ({ unfolded: false }));

export const unfoldComposer = () => readingStore.setState({ unfolded: true });
export const foldComposer = () => readingStore.setState({ unfolded: false });

/** True when the composer should show as one line: answers are read and it was not unfolded. */
export function useComposerFolded(reading: boolean): boolean {
  const unfolded = useStore(readingStore, (s) => s.unfolded);
  return reading && !unfolded;
}
