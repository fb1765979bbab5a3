// How numbers are shown. Unknown is a dash with an explanation, never "$0" or "0 ms".
import type { Cost, Price, SlotRecord } from "./backend";

export const DASH = "—";

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return DASH;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return DASH;
  if (usd === 0) return "$0";
  if (usd < 0.01) return `$${usd.toFixed(6).replace(/0+$/, "")}`;
  return `$${usd.toFixed(4)}`;
}

const COST_SOURCE_TEXT: Record<Cost["source"], string> = {
  billed: "Billed: the amount the provider reports it charged.",
  computed: "Computed: reported tokens × the catalog price at run time.",
  estimated: "Estimated: estimated tokens × the catalog price.",
  unknown: "Unknown: the provider reported no cost and no catalog price is known.",
};

export function costTitle(cost: Cost): string {
  return COST_SOURCE_TEXT[cost.source];
}

export function formatPrice(p: Price): string {
  switch (p.kind) {
    case "usd":
      return p.usd === 0 ? "free" : `$${p.usd < 1 ? p.usd.toFixed(3).replace(/0+$/, "").replace(/\.$/, "") : p.usd.toFixed(2)}/M`;
    case "variable":
      return "varies";
    case "unknown":
      return "?";
  }
}

/**
 * Output tokens per second over the generation phase: from the first generated token (reasoning
 * or text, whichever came first) to the end — output tokens include reasoning. Null unless known.
 */
export function tokensPerSecond(s: Pick<SlotRecord, "usage" | "ttft_ms" | "ttfr_ms" | "total_ms">): number | null {
  const out = s.usage.output_tokens;
  const starts = [s.ttfr_ms, s.ttft_ms].filter((v): v is number => v !== null);
  if (out === null || starts.length === 0 || s.total_ms === null) return null;
  const span = s.total_ms - Math.min(...starts);
  return span > 0 ? (out * 1000) / span : null;
}

export function formatRate(r: number | null): string {
  return r === null ? DASH : r.toFixed(1);
}

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? DASH : n.toLocaleString("en-US");
}

/** "Nov 25, 03:18" this year, "Nov 25 2025, 03:18" before: history rows stay one line. */
export function formatDate(ms: number, now: Date = new Date()): string {
  const d = new Date(ms);
  const sameYear = d.getFullYear() === now.getFullYear();
  return d.toLocaleString(undefined, {
    year: sameYear ? undefined : "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  });
}
