// Live figures for a streaming column at a given time (its last turn's, watch/pace.ts), and
// whether a column is on screen.
//
// Invariants: the live tok/s and token count are estimates (≈4 characters a token) shown with
// "≈" until the engine's measured figures replace them at the slot's end.
import { useEffect, useState, type RefObject } from "react";

import type { SlotRecord } from "../../../backend";
import type { LiveSlot } from "../../../compareState";
import { roughTokens } from "./status";

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
