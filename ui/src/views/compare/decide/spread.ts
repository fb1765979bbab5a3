// How much a model's answers vary across runs of the same prompt (Runs > 1): per model, variant
// and row, the mean and the range of each figure over its finished runs.
//
// Invariants: only answers that finished ("done" or "truncated") are measured; the others are
// counted apart (a failure is not a fast answer); a figure no run reported is null, never 0; the
// groups come in slot order (the engine puts a model's runs side by side).
import type { SlotRecord } from "../../../backend";

export interface Range {
  mean: number;
  min: number;
  max: number;
  /** Runs that reported this figure. */
  n: number;
}

export interface Spread {
  /** The first slot of the group (its model, provider, variant and row name the group). */
  first: SlotRecord;
  runs: number;
  finished: number;
  ttftMs: Range | null;
  totalMs: Range | null;
  tokensPerSecond: Range | null;
  outputTokens: Range | null;
  costUsd: Range | null;
  /**
   * How alike the finished runs' answers are, 0–1: over every pair of runs, the words both
   * use ÷ the words either uses (Jaccard on the sets of lower-cased words), averaged; null
   * with fewer than two finished runs. 1 when every answer uses the same words. Read from
   * each answer's first ALIKE_CHARS characters (a vocabulary is mostly there; a whole
   * half-megabyte answer cost JavaScriptCore hundreds of milliseconds a column).
   */
  alike: number | null;
  /** Every finished run wrote exactly the same text. */
  identical: boolean;
}

function range(xs: (number | null | undefined)[]): Range | null {
  const v = xs.filter((x): x is number => typeof x === "number" && Number.isFinite(x));
  if (v.length === 0) return null;
  return { mean: v.reduce((a, b) => a + b, 0) / v.length, min: Math.min(...v), max: Math.max(...v), n: v.length };
}

const keyOf = (s: SlotRecord) => `${s.provider}\u0000${s.model}\u0000${s.variant}\u0000${s.row}`;

/** One entry per model (and variant and row) asked more than once; empty when nothing was. */
export function spreadOf(slots: SlotRecord[]): Spread[] {
  const groups = new Map<string, SlotRecord[]>();
  for (const s of slots) {
    const k = keyOf(s);
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  const out: Spread[] = [];
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    const done = g.filter((s) => s.status === "done" || s.status === "truncated");
    out.push({
      first: g[0]!,
      runs: g.length,
      finished: done.length,
      ttftMs: range(done.map((s) => s.ttft_ms)),
      totalMs: range(done.map((s) => s.total_ms)),
      tokensPerSecond: range(done.map((s) => s.speed.tokens_per_second)),
      outputTokens: range(done.map((s) => s.usage.output_tokens)),
      costUsd: range(done.map((s) => s.cost.usd)),
      alike: alikeness(done.map((s) => s.text)),
      identical: done.length > 1 && done.every((s) => s.text === done[0]!.text),
    });
  }
  return out;
}

/** How much of each answer `alikeness` reads (see `Spread.alike`). */
export const ALIKE_CHARS = 20_000;

const wordsOf = (text: string) => new Set(text.slice(0, ALIKE_CHARS).toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

/** The mean Jaccard similarity of the texts' word sets over every pair; null under two texts. */
export function alikeness(texts: string[]): number | null {
  if (texts.length < 2) return null;
  const sets = texts.map(wordsOf);
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      const a = sets[i]!;
      const b = sets[j]!;
      let shared = 0;
      for (const w of a) if (b.has(w)) shared += 1;
      const union = a.size + b.size - shared;
      sum += union === 0 ? 1 : shared / union;
      pairs += 1;
    }
  }
  return sum / pairs;
}
