// The race summary's figures: each answer ranked by TTFT, total, tok/s, cost and length, and the
// run's totals. Pure, so rankings are checked against hand-computed ones.
//
// Invariants: an unknown value is never ranked (it is not 0: an unknown cost is not the
// cheapest); total, cost and length rank only answers that reached their end (done, refused,
// truncated), so a failed answer is not "the fastest finish".
import type { SlotRecord } from "../../../backend";

export type RaceMetric = "ttft" | "total" | "speed" | "cost" | "length";

export const RACE_METRICS: { key: RaceMetric; label: string; best: string; lowerIsBetter: boolean }[] = [
  { key: "ttft", label: "TTFT", best: "first token", lowerIsBetter: true },
  { key: "total", label: "Total", best: "finished first", lowerIsBetter: true },
  { key: "speed", label: "Tok/s", best: "fastest writer", lowerIsBetter: false },
  { key: "cost", label: "Cost", best: "cheapest", lowerIsBetter: true },
  { key: "length", label: "Length", best: "longest", lowerIsBetter: false },
];

const ENDED = new Set(["done", "refused", "truncated"]);

export function valueOf(s: SlotRecord, m: RaceMetric): number | null {
  switch (m) {
    case "ttft":
      return s.cached ? null : s.ttft_ms;
    case "total":
      return ENDED.has(s.status) && !s.cached ? s.total_ms : null;
    case "speed":
      return s.speed.tokens_per_second;
    case "cost":
      return ENDED.has(s.status) && s.cost.source !== "unknown" ? s.cost.usd : null;
    case "length":
      return ENDED.has(s.status) ? s.usage.output_tokens ?? null : null;
  }
}

export interface Ranked {
  slot: number;
  value: number;
  /** 1 = best; ties share a rank. */
  rank: number;
}

/** Slots with a known value, best first. */
export function rank(slots: SlotRecord[], m: RaceMetric): Ranked[] {
  const lower = RACE_METRICS.find((x) => x.key === m)!.lowerIsBetter;
  const known = slots.flatMap((s) => {
    const v = valueOf(s, m);
    return v === null ? [] : [{ slot: s.index, value: v, rank: 0 }];
  });
  known.sort((a, b) => (lower ? a.value - b.value : b.value - a.value) || a.slot - b.slot);
  known.forEach((r, i) => {
    r.rank = i > 0 && known[i - 1]!.value === r.value ? known[i - 1]!.rank : i + 1;
  });
  return known;
}

export interface RunTotals {
  /** Sum of the known costs; `unknownCosts` answers are not in it. */
  cost: number;
  unknownCosts: number;
  input: number;
  output: number;
  /** From the first request to the last answer's end (queueing included). */
  wallMs: number | null;
}

export function totals(slots: SlotRecord[]): RunTotals {
  let cost = 0, unknownCosts = 0, input = 0, output = 0;
  let wall: number | null = null;
  for (const s of slots) {
    if (s.cost.usd === null || s.cost.source === "unknown") {
      if (s.status !== "pending" && s.status !== "streaming") unknownCosts += 1;
    } else cost += s.cost.usd;
    input += s.usage.input_tokens ?? 0;
    output += s.usage.output_tokens ?? 0;
    if (s.total_ms !== null) wall = Math.max(wall ?? 0, (s.queued_ms ?? 0) + s.total_ms);
  }
  return { cost, unknownCosts, input, output, wallMs: wall };
}
