// The spread across runs, with every figure worked out by hand.
import { describe, expect, it } from "vitest";

import type { SlotRecord } from "../../../backend";
import { alikeness, spreadOf } from "./spread";

function slot(index: number, model: string, repeat: number, o: Partial<SlotRecord> & { tps?: number | null; out?: number | null; usd?: number | null } = {}): SlotRecord {
  const { tps = null, out = null, usd = null, ...rest } = o;
  return {
    id: `s${index}`, index, variant: 0, row: 0, repeat, prompt: null, provider: "openrouter", model, served_model: null, served_provider: null, cached: false, messages: [], parent_slot_id: null, status: "done",
    text: "", reasoning: "", ttft_ms: null, total_ms: null,
    usage: { input_tokens: null, output_tokens: out, reasoning_tokens: null, cache_read_tokens: null, cache_write_tokens: null, cost_usd: null, byok_upstream_usd: null },
    cost: { usd, source: usd === null ? "unknown" : "billed" }, generation_id: null, finish_reason: null, error: null, notes: [], attempts: null, ttfb_ms: null, ttfr_ms: null, queued_ms: null,
    output_chunks: null, cost_basis: null, connect_ms: null, load_ms: null, speed: { tokens_per_second: tps, basis: tps === null ? "unknown" : "measured" },
    ...rest,
  } as SlotRecord;
}

describe("the spread across runs", () => {
  it("gives each model's mean and range over its finished runs", () => {
    const slots = [
      slot(0, "a/x", 0, { ttft_ms: 100, total_ms: 1000, tps: 50, out: 40, usd: 0.001 }),
      slot(1, "a/x", 1, { ttft_ms: 300, total_ms: 2000, tps: 30, out: 60, usd: 0.003 }),
      slot(2, "b/y", 0, { ttft_ms: 80, total_ms: 500 }),
      slot(3, "b/y", 1, { status: "failed", ttft_ms: 1, total_ms: 1 }),
      slot(4, "b/y", 2, { ttft_ms: 120, total_ms: 700 }),
    ];
    const [x, y] = spreadOf(slots);
    // a/x: TTFT (100 + 300) / 2 = 200, from 100 to 300; cost (0.001 + 0.003) / 2 = 0.002.
    expect(x).toMatchObject({ runs: 2, finished: 2, ttftMs: { mean: 200, min: 100, max: 300, n: 2 }, totalMs: { mean: 1500, min: 1000, max: 2000 }, tokensPerSecond: { mean: 40, min: 30, max: 50 }, outputTokens: { mean: 50, min: 40, max: 60 } });
    expect(x!.costUsd!.mean).toBeCloseTo(0.002, 12);
    // b/y: the failed run is counted, not measured: TTFT (80 + 120) / 2 = 100; no speed, no cost.
    expect(y).toMatchObject({ runs: 3, finished: 2, ttftMs: { mean: 100, min: 80, max: 120, n: 2 }, totalMs: { mean: 600, min: 500, max: 700 }, tokensPerSecond: null, costUsd: null });
    expect(y!.first.model).toBe("b/y");
  });

  it("is empty when no model was asked more than once", () => {
    expect(spreadOf([slot(0, "a/x", 0), slot(1, "b/y", 0)])).toEqual([]);
  });

  it("keeps variants apart: the same model on two prompts is two groups", () => {
    const slots = [slot(0, "a/x", 0, { ttft_ms: 10 }), slot(1, "a/x", 1, { ttft_ms: 20 }), slot(2, "a/x", 0, { variant: 1, ttft_ms: 30 }), slot(3, "a/x", 1, { variant: 1, ttft_ms: 50 })];
    expect(spreadOf(slots).map((g) => g.ttftMs!.mean)).toEqual([15, 40]);
  });

  it("says how alike the runs' answers are: shared words ÷ all words, over every pair", () => {
    // {a, b, c} and {a, b, d}: 2 shared of 4 → 0.5. Case and punctuation do not count.
    expect(alikeness(["A b, c.", "a B d"])).toBe(0.5);
    // Pairs (1,2) = 1, (1,3) = 0, (2,3) = 0 → 1/3.
    expect(alikeness(["a b", "b a", "c"])).toBeCloseTo(1 / 3, 12);
    expect(alikeness(["only one"])).toBeNull();
    // Past ALIKE_CHARS an answer's words are not read: two answers that start alike are alike.
    const head = "same words here ".repeat(1_250); // exactly 20,000 characters
    expect(alikeness([`${head}tail one`, `${head}other ending`])).toBe(1);
    expect(alikeness([`${head.slice(0, -1)}X and more`, head])).toBeLessThan(1);
    const [g] = spreadOf([slot(0, "a/x", 0, { text: "Same words." }), slot(1, "a/x", 1, { text: "Same words." }), slot(2, "a/x", 2, { status: "failed", text: "x" })]);
    // The failed run's text is not compared.
    expect(g).toMatchObject({ alike: 1, identical: true });
    const [h] = spreadOf([slot(0, "a/x", 0, { text: "words same" }), slot(1, "a/x", 1, { text: "Same words." })]);
    expect(h).toMatchObject({ alike: 1, identical: false });
  });
});
