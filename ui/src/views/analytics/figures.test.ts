// Figures worked by hand from the inputs written here, never by the functions under test.
import { describe, expect, it } from "vitest";

import type { ModelStats } from "../../backend";
import { costPer1kOutput, costPerAnswer, costPerWin, everyDay, monthProjection, spendByModel, totalsOf } from "./figures";

const stats = (over: Partial<ModelStats>): ModelStats => ({
  day: null, provider: "openrouter", model: "m", requests: 0, done: 0, errors: 0, error_rate: null, refused: 0, refusal_rate: null, truncated: 0,
  input_tokens: 0, output_tokens: 0, reasoning_tokens: 0, cached_tokens: 0, cost_usd: null, unknown_cost: 0, ttft_p50_ms: null, ttft_p95_ms: null, total_p50_ms: null, total_p95_ms: null,
  billed_usd: null, computed_usd: null, tps_p10: null, tps_p50: null, tps_p90: null, ...over,
});

describe("the figures Analytics derives", () => {
  it("totals: rates over the outcomes a model answers for, an unknown cost counted apart", () => {
    // a: 10 answers = 7 done + 1 refused + 1 failed + 1 cancelled; b: 5 = 4 done + 1 truncated.
    const a = stats({ model: "a", requests: 10, done: 7, refused: 1, errors: 1, cost_usd: 0.3, billed_usd: 0.3, unknown_cost: 1 });
    const b = stats({ model: "b", requests: 5, done: 4, truncated: 1, cost_usd: 0.2, computed_usd: 0.2 });
    const t = totalsOf([a, b]);
    expect(t.requests).toBe(15);
    // Rated: 7 + 1 + 1 (a, the cancelled one left out) + 4 + 1 (b) = 14.
    expect(t.rated).toBe(14);
    expect(t.errors).toBe(1);
    expect(t.cost).toBeCloseTo(0.5, 12);
    expect(t.billed).toBeCloseTo(0.3, 12);
    expect(t.computed).toBeCloseTo(0.2, 12);
    expect(t.unknown).toBe(1);
    // No known cost anywhere: unknown, not $0.
    expect(totalsOf([stats({ requests: 3, done: 3, unknown_cost: 3 })]).cost).toBeNull();
  });

  it("per answer and per 1,000 output tokens only when every answer's cost is known", () => {
    // $0.12 over 4 answers = $0.03 each; 6,000 output tokens → $0.02 per 1,000.
    const known = stats({ requests: 4, cost_usd: 0.12, output_tokens: 6_000 });
    expect(costPerAnswer(known)).toBeCloseTo(0.03, 12);
    expect(costPer1kOutput(known)).toBeCloseTo(0.02, 12);
    const partly = stats({ requests: 4, cost_usd: 0.12, output_tokens: 6_000, unknown_cost: 1 });
    expect(costPerAnswer(partly)).toBeNull();
    expect(costPer1kOutput(partly)).toBeNull();
  });

  it("cost per win is the cost of an answer over the win rate", () => {
    const row = { model: "m", rating: 1040, wins: 3, losses: 2, ties: 2, votes: 7, win_rate: 0.5, avg_cost_usd: 0.01 };
    expect(costPerWin(row)).toBeCloseTo(0.02, 12);
    expect(costPerWin({ ...row, win_rate: 0 })).toBe(Infinity);
    expect(costPerWin({ ...row, avg_cost_usd: null })).toBeNull();
  });

  it("the month so far and its projection: $3 over the first 10 days of a 30-day month is $9", () => {
    const now = Date.parse("2026-11-10T15:00:00Z");
    const spend = [
      { day: "2026-10-31", requests: 9, cost_usd: 100, unknown_cost: 0, billed_usd: 100, computed_usd: null },
      { day: "2026-11-02", requests: 3, cost_usd: 1, unknown_cost: 2, billed_usd: 1, computed_usd: null },
      { day: "2026-11-09", requests: 3, cost_usd: 2, unknown_cost: 0, billed_usd: 2, computed_usd: null },
    ];
    const m = monthProjection(spend, now);
    expect(m.spent).toBe(3);
    expect(m.unknown).toBe(2);
    expect([m.day, m.days]).toEqual([10, 30]);
    expect(m.projected).toBeCloseTo(9, 12);
  });

  it("spend by model: the top models stacked, the rest as other models, every day on the axis", () => {
    const day = (d: string, model: string, cost_usd: number | null, unknown_cost = 0) => ({ day: d, provider: "openrouter", model, requests: 1 + unknown_cost, cost_usd, unknown_cost });
    const rows = [day("2026-11-01", "big", 5), day("2026-11-01", "small", 1), day("2026-11-03", "tiny", 0.5, 2), day("2026-11-03", "free", null, 4)];
    const s = spendByModel(rows, 2);
    expect(s.days).toEqual(["2026-11-01", "2026-11-02", "2026-11-03"]);
    expect(s.series.map((x) => x.label)).toEqual(["big", "small", "other models"]);
    expect(s.series[0]!.values).toEqual([5, null, null]);
    expect(s.series[2]!.values).toEqual([null, null, 0.5]);
    expect(s.totals).toEqual([6, null, 0.5]);
    // 2 + 4 answers of unknown cost on the 3rd; never drawn as $0.
    expect(s.unknown).toEqual([0, 0, 6]);
  });

  it("every day between two, across a month's end", () => {
    expect(everyDay(["2026-03-01", "2026-02-27"])).toEqual(["2026-02-27", "2026-02-28", "2026-03-01"]);
  });
});
