// When a streaming column draws the answer that reached it (its text, and at its end its status,
// figures and actions): the pace of sixteen columns.
//
// Why: text reaches the run store once per frame for every column (runStore.ts), and drawing it
// is a React render, a layout and a paint of each column that changed. On a machine drawing
// without a GPU, sixteen columns doing that every frame took 40–70 ms a frame (BENCHMARKS.md,
// "Sixteen columns at a pace"); the cost grows with the columns that draw in one frame, not with
// how much text each draws. So the columns take turns.
//
// Owns: one queue of turns for every column on the page. Invariants:
// - Each frame, the first PER_FRAME columns waiting (in the order they started waiting) draw
//   the latest text they hold, one after the other, each laid out before the next is drawn and
//   each in a task of its own (the first in the frame's callbacks, the next in a task queued
//   after it); a column waiting keeps its place when more text arrives, so every column draws
//   within ceil(waiting / PER_FRAME) frames: with five on screen, every 2–3 frames.
// - A column out of view asks for a turn once every OFFSCREEN_MS (at a phase of its own, so the
//   columns that left the view together do not draw together); it catches up as soon as it comes
//   into view (its next turn).
// - An answer that ends (finished, stopped, failed) is drawn as it ended at its column's next
//   turn, and until then as it was streaming (`drawing`): sixteen columns ending in one frame
//   were drawn in that frame (300–500 ms in the window). An answer that was never streamed
//   here (a saved one) is drawn at once. A column that unmounts gives up its turn.
// - A running column's live clock (elapsed, tok/s) is the time of its last turn (`at`). While the
//   clock runs and the column is on screen, a column not drawn for about CLOCK_MS asks for a
//   turn, at a phase of its own: a shared 4 Hz clock redrew the live line of sixteen columns in one frame,
//   and WebKit lays sixteen changed columns out as the whole page. A column that draws text at
//   its turns needs no clock turns at all.
import { useEffect, useRef, useState } from "react";
import { flushSync } from "react-dom";

import type { DrawTurns } from "../../../markdown/drawTurns";
import { layOutNow } from "./layoutBoundary";

export const PER_FRAME = 2;
export const OFFSCREEN_MS = 1000;
export const CLOCK_MS = 250;

type Turn = () => void;
const waiting = new Map<object, Turn>();
let scheduled = false;

const nextFrame = (f: () => void) => (typeof requestAnimationFrame === "function" ? requestAnimationFrame(() => f()) : setTimeout(f, 16));

function frame() {
  scheduled = false;
  draw(PER_FRAME);
}

/** Draws the first column waiting, then the next `left - 1` each in a task of its own. */
function draw(left: number) {
  const first = waiting.entries().next();
  if (!first.done) {
    const [key, turn] = first.value;
    waiting.delete(key);
    // Each column drawn and laid out before the next one changes: WebKit lays out one changed
    // column alone, but two changed at once make it lay out the whole page (layoutBoundary.ts).
    flushSync(turn);
    layOutNow();
  }
  if (waiting.size === 0) return;
  // The next column in a task of its own: within one task, a column changed after another was
  // laid out is laid out with the whole page all the same (WebKitGTK 2.50, measured: 0, 9, 0 ms
  // for three columns changed and laid out in turn in one task; 0, 0, 0 with a task between —
  // the layout the first change scheduled is still pending until a task boundary, and a change
  // meeting a pending layout that is not its own is laid out as the whole page).
  if (left > 1) setTimeout(() => draw(left - 1), 0);
  else schedule();
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  nextFrame(frame);
}

// Phases spread evenly over the second (the golden ratio's steps), never in the next frame.
let phases = 0;
function nextPhase(): number {
  phases += 1;
  return MIN_PHASE_MS + ((phases * 0.618034) % 1) * (OFFSCREEN_MS - MIN_PHASE_MS);
}
const MIN_PHASE_MS = 50;
let clockPhases = 0;
function clockPhase(): number {
  clockPhases += 1;
  return ((clockPhases * 0.618034) % 1) * (CLOCK_MS / 2);
}

/** Asks for a turn for `key` (kept in its place when already waiting); `turn` runs on it. */
export function requestTurn(key: object, turn: Turn): void {
  waiting.set(key, turn);
  schedule();
}

export function cancelTurn(key: object): void {
  waiting.delete(key);
}

/** Turns for what an answer draws late (its code's highlighting: markdown/drawTurns.ts). */
export const PACED_DRAWS: DrawTurns = { request: requestTurn, cancel: cancelTurn };

/** How many columns wait for a turn (tests). */
export const waitingTurns = () => waiting.size;

export interface Paced<T> {
  /** What to draw now. */
  value: T;
  /** Whether it is drawn as a stream: while live, and after its end until the end is drawn. */
  drawing: boolean;
  /** `Date.now()` at the column's last turn (or its first render): its live clock's reading. */
  at: number;
}

/**
 * `value` (an answer, or its text) as the column should draw it now: at once when never `live`;
 * otherwise the latest value at the column's turns — every few frames on screen, once a second
 * out of view — and the value it ended with at the turn after its end.
 */
export function usePaced<T>(value: T, visible: boolean, live: boolean, clock: boolean = false): Paced<T> {
  const [shown, setShown] = useState(value);
  const [at, setAt] = useState(() => Date.now());
  // A column that starts streaming starts from the text it has then (a retry's empty answer, not
  // the text of the answer before it): state adjusted during render, no stale frame. One that
  // stops keeps what it drew until its next turn (`ending`).
  const [wasLive, setWasLive] = useState(live);
  const [ending, setEnding] = useState(false);
  if (live !== wasLive) {
    setWasLive(live);
    if (live) {
      setShown(value);
      setEnding(false);
    } else if (shown !== value) setEnding(true);
  }
  const latest = useRef(value);
  const drawn = useRef(shown);
  const drawnAt = useRef(at);
  const [key] = useState(() => ({}));
  useEffect(() => {
    latest.current = value;
    drawn.current = shown;
    drawnAt.current = at;
  });
  const take = useRef<Turn>(() => {
    setShown(latest.current);
    setAt(Date.now());
  });
  const finish = useRef<Turn>(() => {
    setShown(latest.current);
    setAt(Date.now());
    setEnding(false);
  });

  // On screen: a turn whenever there is newer text than the column shows.
  useEffect(() => {
    if (live && visible && value !== shown) requestTurn(key, take.current);
  }, [key, live, visible, value, shown]);
  // Out of view: a turn once a second, if the text changed meanwhile, each column at its own
  // phase of the second (columns leave the view together: their turns should not all fall in
  // the same frames).
  useEffect(() => {
    if (!live || visible) return;
    const tick = () => {
      if (latest.current !== drawn.current) requestTurn(key, take.current);
    };
    let id: ReturnType<typeof setInterval> | undefined;
    const first = setTimeout(() => {
      tick();
      id = setInterval(tick, OFFSCREEN_MS);
    }, nextPhase());
    return () => {
      clearTimeout(first);
      clearInterval(id);
    };
  }, [key, live, visible]);
  // The live clock, on screen: checked every CLOCK_MS / 2, a column not drawn since the check
  // before asks for a turn. Its turn comes a few frames later, so the check after it finds it
  // drawn and the one after that asks again: a turn about every CLOCK_MS, none for a column
  // whose text draws it more often.
  useEffect(() => {
    if (!clock || !visible) return;
    const tick = () => {
      if (Date.now() - drawnAt.current >= CLOCK_MS / 2) requestTurn(key, take.current);
    };
    let id: ReturnType<typeof setInterval> | undefined;
    const first = setTimeout(() => {
      tick();
      id = setInterval(tick, CLOCK_MS / 2);
    }, clockPhase());
    return () => {
      clearTimeout(first);
      clearInterval(id);
    };
  }, [key, clock, visible]);
  // Ended: its last text at its next turn, in view or not (the end is drawn everywhere).
  useEffect(() => {
    if (ending) requestTurn(key, finish.current);
    else if (!live && !clock) cancelTurn(key);
  }, [key, live, ending, clock]);
  useEffect(() => () => cancelTurn(key), [key]);

  const drawing = live || ending;
  return { value: drawing ? shown : value, drawing, at };
}
