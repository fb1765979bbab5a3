// Live figures for a streaming column, on the UI's clock, and whether a column is on screen.
//
// Invariants: the live tok/s and token count are estimates (≈4 characters a token) shown with
// "≈" until the engine's measured figures replace them at the slot's end.
import { useEffect, useState, useSyncExternalStore, type RefObject } from "react";

import type { SlotRecord } from "../../../backend";
import type { LiveSlot } from "../../../compareState";
import { roughTokens } from "./status";

// One clock for every live column: sixteen columns tick together, 4 times a second, in one
// render, not sixteen timers out of step (each a render and a layout of its own).
const TICK_MS = 250;
const listeners = new Set<() => void>();
let clock = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    clock = Date.now();
    timer = setInterval(() => {
      clock = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const noSubscription = () => () => {};
const readClock = () => clock;

/** `Date.now()` on the shared clock, refreshed 4 times a second while `on`. */
export function useNow(on: boolean): number {
  const now = useSyncExternalStore(on ? subscribe : noSubscription, readClock);
  // Off, the value is the clock's last reading, which stays put: a finished column's figures
  // come from the engine, not from this clock.
  return now;
}

export interface LiveFigures {
  elapsedMs: number | null;
  ttftMs: number | null;
  tokens: number;
  tokensPerSecond: number | null;
}

/** The figures of `slot` at `now`; `text` is the answer as shown (an off-screen column's lags). */
export function liveFigures(slot: SlotRecord, live: LiveSlot | undefined, now: number, text: string = slot.text): LiveFigures {
  const tokens = roughTokens(text) + roughTokens(slot.reasoning);
  const from = live?.reasoningAt !== null && live?.reasoningAt !== undefined ? Math.min(live.reasoningAt, live.firstAt ?? Infinity) : live?.firstAt ?? null;
  const secs = from !== null ? (now - from) / 1000 : 0;
  return {
    elapsedMs: live?.startedAt ? Math.max(0, now - live.startedAt) : null,
    ttftMs: slot.ttft_ms,
    tokens,
    tokensPerSecond: secs >= 0.5 && tokens >= 3 ? tokens / secs : null,
  };
}

/** Whether the element is on screen (true where IntersectionObserver is missing: jsdom). */
export function useInView(ref: RefObject<Element | null>): boolean {
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === "undefined") return;
    const io = new IntersectionObserver((entries) => setVisible(entries.some((e) => e.isIntersecting)));
    io.observe(el);
    return () => io.disconnect();
  }, [ref]);
  return visible;
}
