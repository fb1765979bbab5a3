// The fake backend's share of History and Analytics (issue 13): analytics per model and per
// day with spend split into billed, computed and unknown (the store's definitions, in
// `crates/store/src/analytics.rs`, on the fake's in-memory history; nearest-rank percentiles),
// recommendations, the tags in use, and another process's writes (`othersVersion`, which a test
// moves with `bumpOthers`). Kept apart from fake.ts.
import type { EndpointsView } from "./bindings/EndpointsView";
import type { ComparisonRecord } from "./bindings/ComparisonRecord";
import type { HistoryFilter } from "./bindings/HistoryFilter";
import type { ModelStats } from "./bindings/ModelStats";
import type { SlotRecord } from "./bindings/SlotRecord";
import { BackendError } from "./errors";
import type { Backend } from "./types";

type InsightsCommands = Pick<Backend, "analytics" | "recommendations" | "listTags" | "othersVersion" | "saveTable" | "marketSpeed">;

const OUTCOMES = ["done", "refused", "truncated", "failed", "cancelled", "interrupted"];

/** Nearest rank: the ⌈q·n⌉-th smallest (p95 of 20 values is the 19th). */
function rank(xs: number[], q: number): number | null {
  if (!xs.length) return null;
  const v = [...xs].sort((a, b) => a - b);
  return v[Math.min(v.length, Math.max(1, Math.ceil(q * v.length))) - 1]!;
}
const sum = (xs: (number | null)[]) => xs.reduce<number>((a, x) => a + (x ?? 0), 0);
const known = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);

function stats(day: string | null, slots: SlotRecord[]): ModelStats {
  const counted = slots.filter((s) => ["done", "refused", "truncated", "failed"].includes(s.status));
  const generated = slots.filter((s) => s.status === "done" || s.status === "truncated");
  const priced = slots.filter((s) => s.cost.usd !== null);
  const part = (source: string) => (priced.some((s) => s.cost.source === source) ? sum(priced.filter((s) => s.cost.source === source).map((s) => s.cost.usd)) : null);
  const failed = slots.filter((s) => s.status === "failed").length;
  const refused = slots.filter((s) => s.status === "refused").length;
  const tps = known(generated.map((s) => s.speed.tokens_per_second));
  return {
    day,
    provider: slots[0]!.provider,
    model: slots[0]!.model,
    requests: slots.length,
    done: slots.filter((s) => s.status === "done").length,
    errors: failed,
    error_rate: counted.length ? failed / counted.length : null,
    refused,
    refusal_rate: counted.length ? refused / counted.length : null,
    truncated: slots.filter((s) => s.status === "truncated").length,
    input_tokens: sum(slots.map((s) => s.usage.input_tokens)),
    output_tokens: sum(slots.map((s) => s.usage.output_tokens)),
    reasoning_tokens: sum(slots.map((s) => s.usage.reasoning_tokens)),
    cached_tokens: sum(slots.map((s) => s.usage.cache_read_tokens)),
    cost_usd: priced.length ? sum(priced.map((s) => s.cost.usd)) : null,
    unknown_cost: slots.length - priced.length,
    ttft_p50_ms: rank(known(generated.map((s) => s.ttft_ms)), 0.5),
    ttft_p95_ms: rank(known(generated.map((s) => s.ttft_ms)), 0.95),
    total_p50_ms: rank(known(generated.map((s) => s.total_ms)), 0.5),
    total_p95_ms: rank(known(generated.map((s) => s.total_ms)), 0.95),
    billed_usd: part("billed"),
    computed_usd: part("computed") ?? part("estimated"),
    tps_p10: rank(tps, 0.1),
    tps_p50: rank(tps, 0.5),
    tps_p90: rank(tps, 0.9),
  };
}

export function createInsightsFake(history: ComparisonRecord[], matches: (c: ComparisonRecord, f: HistoryFilter | undefined) => boolean, others: { version: number }, saved: Map<string, string[][]>, read: Map<string, EndpointsView>): InsightsCommands {
  return {
    analytics: async (filter) => {
      const f = filter ?? undefined;
      const answers: [string, SlotRecord][] = [];
      for (const c of history) {
        if (!matches(c, f)) continue;
        const day = new Date(c.created_at_ms).toISOString().slice(0, 10);
        for (const s of c.slots) {
          if (!OUTCOMES.includes(s.status) || s.cached) continue;
          if (f?.model && s.model !== f.model && s.served_model !== f.model) continue;
          if (f?.status && s.status !== f.status) continue;
          answers.push([day, s]);
        }
      }
      const group = <K,>(key: (a: [string, SlotRecord]) => K) => {
        const m = new Map<string, { k: K; slots: SlotRecord[] }>();
        for (const a of answers) {
          const k = key(a);
          const id = JSON.stringify(k);
          m.set(id, { k, slots: [...(m.get(id)?.slots ?? []), a[1]] });
        }
        return [...m.values()];
      };
      const models = group(([, s]) => [s.provider, s.model]).map((g) => stats(null, g.slots)).sort((a, b) => b.requests - a.requests || a.model.localeCompare(b.model));
      // Per day, only the spend (the store's AnalyticsSummary).
      const byDay = group(([d, s]) => [d, s.model, s.provider])
        .sort((a, b) => JSON.stringify(a.k).localeCompare(JSON.stringify(b.k)))
        .map((g) => {
          const s = stats(g.k[0]!, g.slots);
          return { day: g.k[0]!, provider: s.provider, model: s.model, requests: s.requests, cost_usd: s.cost_usd, unknown_cost: s.unknown_cost };
        });
      const spend = group(([d]) => d).sort((a, b) => a.k.localeCompare(b.k)).map((g) => {
        const s = stats(g.k, g.slots);
        return { day: g.k, requests: s.requests, cost_usd: s.cost_usd, unknown_cost: s.unknown_cost, billed_usd: s.billed_usd, computed_usd: s.computed_usd };
      });
      return { models, by_day: byDay, spend_per_day: spend };
    },
    recommendations: async () => {
      const done = history.flatMap((c) => c.slots).filter((s) => s.status === "done");
      const byModel = new Map<string, SlotRecord[]>();
      for (const s of done) byModel.set(s.model, [...(byModel.get(s.model) ?? []), s]);
      const rows = [...byModel.entries()].filter(([, g]) => g.length >= 3);
      const out: Awaited<ReturnType<Backend["recommendations"]>> = [];
      const cheapest = rows.map(([m, g]) => [m, known(g.map((s) => s.cost.usd)), g.length] as const).filter(([, c]) => c.length).map(([m, c, n]) => [m, sum(c) / c.length, n] as const).sort((a, b) => a[1] - b[1])[0];
      if (cheapest) out.push({ tag: null, kind: "cheapest", model: cheapest[0], value: cheapest[1], basis: cheapest[2] });
      const fastest = rows.map(([m, g]) => [m, rank(known(g.map((s) => s.total_ms)), 0.5), g.length] as const).filter(([, t]) => t !== null).sort((a, b) => a[1]! - b[1]!)[0];
      if (fastest) out.push({ tag: null, kind: "fastest", model: fastest[0], value: fastest[1]!, basis: fastest[2] });
      return out;
    },
    listTags: async () => {
      const counts = new Map<string, number>();
      for (const c of history) for (const t of c.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
      return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([tag, count]) => ({ tag, count }));
    },
    othersVersion: async () => others.version,
    // As `catalogs::saved_market_speed`: the lower median of the providers' p50s, for each model
    // whose providers were read, in the order asked.
    marketSpeed: async (models) =>
      models.flatMap((model) => {
        const v = read.get(model);
        if (!v) return [];
        const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]! : null);
        const lat = median(v.endpoints.flatMap((e) => (e.latency_30m?.p50 == null ? [] : [e.latency_30m.p50 * 1000])));
        return [{ model, latency_p50_ms: lat, throughput_p50: median(v.endpoints.flatMap((e) => (e.throughput_30m?.p50 == null ? [] : [e.throughput_30m.p50]))), providers: v.endpoints.length, fetched_at_ms: v.fetched_at_ms }];
      }),
    // As Rust's `data::save_table`: a header, rows as wide, never over a file (here: a path seen).
    saveTable: async (rows, path) => {
      const width = rows[0]?.length ?? 0;
      if (width === 0) throw new BackendError("invalid_input", "there is no table to save", "rows");
      const bad = rows.findIndex((r) => r.length !== width);
      if (bad >= 0) throw new BackendError("invalid_input", `row ${bad + 1} has ${rows[bad]!.length} cells, the header ${width}`, "rows");
      const where = path ?? `/fake/exports/parallax-${saved.size + 1}.csv`;
      if (saved.has(where)) throw new BackendError("invalid_input", `${where} already exists; choose another name`, "path");
      saved.set(where, rows);
      return where;
    },
  };
}
