// The figures Analytics shows that are not the store's own (those are `AnalyticsSummary`, computed in
// Rust): totals over the models, a model's cost per answer and per 1,000 output tokens, cost per
// win, the month's projection, and the stacked spend series. Pure functions, unit-tested with
// figures worked by hand (figures.test.ts).
//
// Invariants: an unknown cost is never counted as $0 — a sum over answers some of which have no
// known cost is a lower bound and says so (`incomplete`); a per-answer or per-token cost is only
// given when every answer it divides over has a known cost.
import type { DaySpend, LeaderboardRow, ModelDaySpend, ModelStats } from "../../backend";

export interface Totals {
  requests: number;
  errors: number;
  refused: number;
  /** The answers the error and refusal rates divide by (done, refused, truncated, failed). */
  rated: number;
  cost: number | null;
  billed: number | null;
  computed: number | null;
  unknown: number;
}

const add = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);

export function totalsOf(models: ModelStats[]): Totals {
  const t: Totals = { requests: 0, errors: 0, refused: 0, rated: 0, cost: null, billed: null, computed: null, unknown: 0 };
  for (const m of models) {
    t.requests += m.requests;
    t.errors += m.errors;
    t.refused += m.refused;
    t.rated += m.done + m.refused + m.truncated + m.errors;
    t.cost = add(t.cost, m.cost_usd);
    t.billed = add(t.billed, m.billed_usd);
    t.computed = add(t.computed, m.computed_usd);
    t.unknown += m.unknown_cost;
  }
  return t;
}

/** Mean cost of an answer; null unless every answer's cost is known. */
export function costPerAnswer(m: ModelStats): number | null {
  if (m.cost_usd === null || m.unknown_cost > 0 || m.requests === 0) return null;
  return m.cost_usd / m.requests;
}

/** USD per 1,000 output tokens; null unless every answer's cost is known and some output was. */
export function costPer1kOutput(m: ModelStats): number | null {
  if (m.cost_usd === null || m.unknown_cost > 0 || m.output_tokens === 0) return null;
  return (m.cost_usd / m.output_tokens) * 1000;
}

/**
 * What one win costs: the mean cost of the model's answers divided by its win rate in votes
 * (a model that wins half its votes at $0.01 an answer costs $0.02 a win). Null when the cost
 * is unknown; Infinity when it never won.
 */
export function costPerWin(r: LeaderboardRow): number | null {
  if (r.avg_cost_usd === null) return null;
  return r.win_rate > 0 ? r.avg_cost_usd / r.win_rate : Infinity;
}

/** This month so far (UTC days) and, at that pace, the whole month. */
export function monthProjection(spend: DaySpend[], nowMs: number): { spent: number | null; projected: number | null; unknown: number; day: number; days: number } {
  const now = new Date(nowMs);
  const month = now.toISOString().slice(0, 7);
  const days = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).getUTCDate();
  const day = now.getUTCDate();
  let spent: number | null = null;
  let unknown = 0;
  for (const d of spend) {
    if (!d.day.startsWith(month)) continue;
    spent = add(spent, d.cost_usd);
    unknown += d.unknown_cost;
  }
  return { spent, projected: spent === null ? null : (spent / day) * days, unknown, day, days };
}

export interface SpendSeries {
  days: string[];
  series: { label: string; values: (number | null)[] }[];
  /** Per day: the total known cost and the answers of unknown cost. */
  totals: (number | null)[];
  unknown: number[];
}

/**
 * Spend per day stacked by model: the `top` models by spend in the range, the rest as "other
 * models". Every day from the first to the last is on the axis (a day without answers is a gap
 * at zero, not a missing bar that pulls its neighbours together).
 */
export function spendByModel(byDay: ModelDaySpend[], top: number): SpendSeries {
  const days = everyDay(byDay.map((r) => r.day));
  const spendOf = new Map<string, number>();
  for (const r of byDay) spendOf.set(r.model, (spendOf.get(r.model) ?? 0) + (r.cost_usd ?? 0));
  const ranked = [...spendOf.entries()].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([m]) => m);
  const shown = ranked.slice(0, top);
  const rest = ranked.length > top;
  const at = new Map(days.map((d, i) => [d, i]));
  const series = [...shown, ...(rest ? ["other models"] : [])].map((label) => ({ label, values: days.map(() => null as number | null) }));
  const totals: (number | null)[] = days.map(() => null);
  const unknown = days.map(() => 0);
  for (const r of byDay) {
    const i = at.get(r.day)!;
    unknown[i]! += r.unknown_cost;
    if (r.cost_usd === null) continue;
    totals[i] = (totals[i] ?? 0) + r.cost_usd;
    const k = shown.indexOf(r.model);
    const s = series[k >= 0 ? k : series.length - 1];
    if (s && (k >= 0 || rest)) s.values[i] = (s.values[i] ?? 0) + r.cost_usd;
  }
  return { days, series, totals, unknown };
}

/** Spend per day split by where the figure comes from: billed by the provider, or computed. */
export function spendBySource(spend: DaySpend[]): SpendSeries {
  const days = everyDay(spend.map((d) => d.day));
  const at = new Map(spend.map((d) => [d.day, d]));
  const of = (k: "billed_usd" | "computed_usd") => days.map((d) => at.get(d)?.[k] ?? null);
  return {
    days,
    series: [
      { label: "billed by the provider", values: of("billed_usd") },
      { label: "computed at list price", values: of("computed_usd") },
    ],
    totals: days.map((d) => at.get(d)?.cost_usd ?? null),
    unknown: days.map((d) => at.get(d)?.unknown_cost ?? 0),
  };
}

/** Every UTC day from the earliest to the latest given (sorted, no gaps). */
export function everyDay(days: string[]): string[] {
  if (days.length === 0) return [];
  const sorted = [...days].sort();
  const out: string[] = [];
  for (let t = Date.parse(`${sorted[0]}T00:00:00Z`), end = Date.parse(`${sorted[sorted.length - 1]}T00:00:00Z`); t <= end; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
