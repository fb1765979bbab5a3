// Reading space: while answers are shown (a run streams or is over, or a saved comparison is
// open), the composer folds to one line so the answers get the height (16 columns at 1024×700
// show more than three lines each). The prompt's first line, Stop and "Edit prompt and models"
// stay on that line; `/` or the button unfolds it.
//
// Owns: whether the composer is folded, and whether follow-ups show their earlier turns. Invariants:
// - It folds once per comparison shown (`foldFor`): unfolded by the person, it stays unfolded
//   for that comparison, and folds again when the next one is shown.
// - With nothing shown (the empty view) it is unfolded: there is nothing to read — except while
//   a comparison is being started: the click on Send folds it at once (`foldAhead`), so that
//   the fold and the new columns are laid out in different frames (the columns then once, at
//   their final height; both in one frame made the click's frame ~60 ms longer with sixteen
//   columns). A refused start puts the fold back as it was.
// - The preference `foldComposer` (Settings → Appearance) turns the automatic fold off.
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";

export interface ReadingState {
  folded: boolean;
  /** A follow-up's columns show the earlier turns above the answer (watch/Thread). */
  threadShown: boolean;
  /** The comparison the composer last folded for (so unfolding sticks for it). */
  foldedFor: string | null;
}

/** One per app: the fold survives a switch to History and back. */
export const readingStore = createStore<ReadingState>(() => ({ folded: false, foldedFor: null, threadShown: true }));

export const unfoldComposer = () => readingStore.setState({ folded: false });
export const foldComposer = () => readingStore.setState({ folded: true });

/** `foldedFor` while a comparison is being started (folded ahead for it). */
const AHEAD = "(starting)";

/** The comparison `id` is shown (null: none): fold for it, once. */
export function foldFor(id: string | null, auto: boolean) {
  const s = readingStore.getState();
  if (id === null) {
    if (s.foldedFor === AHEAD) return;
    if (s.folded || s.foldedFor !== null) readingStore.setState({ folded: false, foldedFor: null });
  } else if (s.foldedFor !== id) {
    readingStore.setState({ folded: auto, foldedFor: id });
  }
}

/**
 * A comparison is being started (Send was clicked): fold now, as `foldFor` will once it is shown.
 * Returns what puts the fold back as it was, for a start that is refused.
 */
export function foldAhead(auto: boolean): () => void {
  const before = readingStore.getState();
  readingStore.setState({ folded: auto, foldedFor: AHEAD });
  return () => {
    if (readingStore.getState().foldedFor === AHEAD) readingStore.setState({ folded: before.folded, foldedFor: before.foldedFor });
  };
}

export const useFolded = () => useStore(readingStore, (s) => s.folded);
export const useThreadShown = () => useStore(readingStore, (s) => s.threadShown);
export const showThread = (on: boolean) => readingStore.setState({ threadShown: on });
