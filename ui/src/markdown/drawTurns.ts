// When late results (a code block's highlighting) are drawn: at once, or at a turn the page hands
// out. Answer columns side by side provide turns (views/compare/watch/pace.ts): sixteen columns'
// code blocks closing together had their highlighting land in one task, several columns changed
// before one layout, and WebKit then lays the whole page out (~10–20 ms with sixteen columns)
// instead of each column alone (layoutBoundary.ts).
//
// Invariant: without a provider, a result is drawn as soon as it arrives.
import { createContext, useContext } from "react";

export interface DrawTurns {
  /** Runs `draw` at the turn of `key` (a later request for the same key replaces it). */
  request(key: object, draw: () => void): void;
  /** `key` gives up its turn (its component unmounted). */
  cancel(key: object): void;
}

export const DrawTurnsContext = createContext<DrawTurns | null>(null);
export const useDrawTurns = () => useContext(DrawTurnsContext);
