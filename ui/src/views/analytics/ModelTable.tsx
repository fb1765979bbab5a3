// Per model over the range: answers, errors and refusals (each a link to those answers in
// History), time to first token and total time (p50 and p95, with a bar for p50), tokens per
// second (p50 and the p10–p90 spread), tokens, and cost: in all, per answer and per 1,000 output
// tokens (only where every answer's cost is known; otherwise a dash that says why), and beside
// them OpenRouter's providers' medians where they were read (a model's page in Prices, or "Read
// OpenRouter's figures" here, which asks only when the person does). Sortable; saves as CSV.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useMemo, useState } from "react";

import type { ModelStats } from "../../backend";
import { useServices } from "../../app/services";
import { formatCount, formatMs, formatUsd } from "../../format";
import { Button } from "../../kit";
import { costPer1kOutput, costPerAnswer } from "./figures";
import { SaveCsv } from "./SaveCsv";
import { type AnalyticsSearch, historyLink } from "./search";

type Key = "model" | "requests" | "error_rate" | "refusal_rate" | "ttft" | "total" | "tps" | "output" | "cost" | "per_answer" | "per_1k";

const pct = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(r > 0 && r < 0.01 ? 1 : 0)} %`);
const tps = (v: number | null) => (v === null ? "—" : v.toFixed(v < 10 ? 1 : 0));

const SORT: Record<Key, (m: ModelStats) => number | string | null> = {
  model: (m) => m.model,
  requests: (m) => m.requests,
  error_rate: (m) => m.error_rate,
  refusal_rate: (m) => m.refusal_rate,
  ttft: (m) => m.ttft_p50_ms,
  total: (m) => m.total_p50_ms,
  tps: (m) => m.tps_p50,
  output: (m) => m.output_tokens,
  cost: (m) => m.cost_usd,
  per_answer: costPerAnswer,
  per_1k: costPer1kOutput,
};

export function ModelTable({ models, search, now, later }: { models: ModelStats[]; search: AnalyticsSearch; now: number; later: boolean }) {
  const { backend } = useServices();
  // OpenRouter's providers' figures, as saved (a model's page in Prices, or MarketRead below).
  const routed = models.filter((m) => m.provider === "openrouter").map((m) => m.model);
  const market = useQuery({ queryKey: ["insights", "market", routed], queryFn: () => backend.marketSpeed(routed), enabled: later && routed.length > 0, staleTime: 60_000 });
  const marketOf = (m: ModelStats) => (m.provider === "openrouter" ? market.data?.find((x) => x.model === m.model) : undefined);
  const unread = market.data ? routed.filter((id) => !notListed.has(id) && !market.data.some((x) => x.model === id)) : [];
  const [sort, setSort] = useState<{ by: Key; desc: boolean }>({ by: "requests", desc: true });
  const rows = useMemo(() => {
    const key = SORT[sort.by];
    return [...models].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      // Unknown figures sort last either way.
      if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
      const d = x < y ? -1 : x > y ? 1 : 0;
      return sort.desc ? -d : d;
    });
  }, [models, sort]);
  const slowest = Math.max(1, ...models.map((m) => m.ttft_p50_ms ?? 0));
  const link = (m: ModelStats, more: object = {}) => historyLink(search, now, { model: m.model, provider: m.provider, ...more });
  const th = (key: Key, label: string, title: string, right = true) => (
    <th className={right ? "right sortable" : "sortable"} title={title} aria-sort={sort.by === key ? (sort.desc ? "descending" : "ascending") : undefined}>
      <button type="button" className="th-sort" onClick={() => setSort((s) => ({ by: key, desc: s.by === key ? !s.desc : key !== "model" }))} data-testid={`an-sort-${key}`}>
        {label}
      </button>
    </th>
  );
  const csv = () => [
    ["provider", "model", "answers", "done", "failed", "error_rate", "refused", "refusal_rate", "truncated", "ttft_p50_ms", "ttft_p95_ms", "total_p50_ms", "total_p95_ms", "tps_p10", "tps_p50", "tps_p90", "openrouter_ttft_p50_ms", "openrouter_tps_p50", "input_tokens", "output_tokens", "reasoning_tokens", "cached_input_tokens", "cost_usd", "billed_usd", "computed_usd", "answers_of_unknown_cost", "usd_per_answer", "usd_per_1k_output"],
    ...rows.map((m) => [m.provider, m.model, m.requests, m.done, m.errors, m.error_rate, m.refused, m.refusal_rate, m.truncated, m.ttft_p50_ms, m.ttft_p95_ms, m.total_p50_ms, m.total_p95_ms, m.tps_p10, m.tps_p50, m.tps_p90, marketOf(m)?.latency_p50_ms ?? null, marketOf(m)?.throughput_p50 ?? null, m.input_tokens, m.output_tokens, m.reasoning_tokens, m.cached_tokens, m.cost_usd, m.billed_usd, m.computed_usd, m.unknown_cost, costPerAnswer(m), costPer1kOutput(m)].map((v) => (v === null ? "" : String(v)))),
  ];

  return (
    <section className="an-section" data-testid="an-models">
      <header className="an-section-head">
        <h2>Per model</h2>
        <span className="muted small">Times are over answers that finished (done or cut at the length limit); a model opens its answers in History.</span>
        <span className="spacer" />
        {unread.length > 0 && <MarketRead models={unread} />}
        <SaveCsv rows={csv} name="per-model" testId="models-csv" />
      </header>
      <div className="an-table-wrap">
        <table className="an-table" data-testid="an-model-table">
          <thead>
            <tr>
              {th("model", "Model", "Provider and model; opens its answers in History", false)}
              {th("requests", "Answers", "Answers in the range (cached ones are not requests)")}
              {th("error_rate", "Failed", "Failed ÷ (done + refused + truncated + failed)")}
              {th("refusal_rate", "Refused", "Declined or stopped by a filter, ÷ the same")}
              {th("ttft", "TTFT p50 · p95", "Time to first token")}
              {th("total", "Total p50 · p95", "Time to the last token")}
              {th("tps", "tok/s p50 (p10–p90)", "Output tokens per second")}
              <th className="right" title="The median of OpenRouter's providers' p50 (their last 30 minutes), as of when they were last read">
                OpenRouter p50
              </th>
              {th("output", "Tokens in · out · reasoning · cached", "Reasoning is part of out; cached (read from the provider's prompt cache) is part of in")}
              {th("cost", "Cost", "Known costs; + when some answers' cost is unknown")}
              {th("per_answer", "Per answer", "Mean cost of an answer")}
              {th("per_1k", "Per 1K out", "Cost per 1,000 output tokens")}
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => {
              const unknownWhy = m.unknown_cost > 0 ? `${m.unknown_cost} answer${m.unknown_cost === 1 ? " has" : "s have"} no known cost` : "";
              return (
                <tr key={`${m.provider}|${m.model}`} data-testid="an-model-row" data-model={m.model}>
                  <td className="an-model">
                    <Link to="/history" search={link(m)} title={`Open ${m.model}'s answers in History`}>
                      {m.model}
                    </Link>
                    <span className="muted small"> {m.provider}</span>
                  </td>
                  <td className="right num" data-col="answers">
                    {formatCount(m.requests)}
                  </td>
                  <td className="right num" data-col="failed">
                    {m.errors > 0 ? (
                      <Link to="/history" search={link(m, { status: "failed" })} className="bad" title={`${m.errors} failed: open them`}>
                        {pct(m.error_rate)}
                      </Link>
                    ) : (
                      pct(m.error_rate)
                    )}
                  </td>
                  <td className="right num" data-col="refused">
                    {m.refused > 0 ? (
                      <Link to="/history" search={link(m, { status: "refused" })} title={`${m.refused} refused: open them`}>
                        {pct(m.refusal_rate)}
                      </Link>
                    ) : (
                      pct(m.refusal_rate)
                    )}
                  </td>
                  <td className="right num an-bar-cell" data-col="ttft">
                    <span className="an-bar" style={{ width: `${((m.ttft_p50_ms ?? 0) / slowest) * 100}%` }} aria-hidden />
                    <span>
                      {formatMs(m.ttft_p50_ms)} · {formatMs(m.ttft_p95_ms)}
                    </span>
                  </td>
                  <td className="right num" data-col="total">
                    {formatMs(m.total_p50_ms)} · {formatMs(m.total_p95_ms)}
                  </td>
                  <td className="right num" data-col="tps">
                    {tps(m.tps_p50)} <span className="muted">({tps(m.tps_p10)}–{tps(m.tps_p90)})</span>
                  </td>
                  <td className="right num muted" data-col="market" title={marketOf(m) ? `${marketOf(m)!.providers} providers, as of ${new Date(marketOf(m)!.fetched_at_ms).toISOString().slice(0, 16).replace("T", " ")} UTC` : m.provider === "openrouter" ? "Not read yet: “Read OpenRouter's figures” above, or the model's page in Prices (a model OpenRouter does not list has none)" : "Only for OpenRouter models"}>
                    {marketOf(m) ? `${formatMs(marketOf(m)!.latency_p50_ms)} · ${tps(marketOf(m)!.throughput_p50)} tok/s` : "—"}
                  </td>
                  <td className="right num" data-col="tokens">
                    {formatCount(m.input_tokens)} · {formatCount(m.output_tokens)} · {formatCount(m.reasoning_tokens)} · {formatCount(m.cached_tokens)}
                  </td>
                  <td className="right num" data-col="cost" title={unknownWhy || undefined}>
                    {formatUsd(m.cost_usd)}
                    {m.unknown_cost > 0 && m.cost_usd !== null ? "+" : ""}
                  </td>
                  <td className="right num" data-col="per-answer" title={unknownWhy || undefined}>
                    {formatUsd(costPerAnswer(m))}
                  </td>
                  <td className="right num" data-col="per-1k" title={unknownWhy || undefined}>
                    {formatUsd(costPer1kOutput(m))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** How many models' providers are asked for at once. */
const AT_ONCE = 4;
/** Models whose providers could not be read this session: not offered again until a restart. */
const notListed = new Set<string>();

/**
 * Reads OpenRouter's providers for the models whose figures were never read, when the person
 * asks (Analytics makes no request of its own): a few at a time, each saved as the model's page
 * in Prices saves it; a model OpenRouter does not list (a 404) stays without.
 */
function MarketRead({ models }: { models: string[] }) {
  const { backend } = useServices();
  const client = useQueryClient();
  // How many have been read while reading (null when not reading), and what the last read left.
  const [done, setDone] = useState<number | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const read = async () => {
    let count = 0;
    let missing = 0;
    setResult(null);
    setDone(0);
    const queue = [...models];
    const reader = async () => {
      while (queue.length > 0) {
        const id = queue.shift()!;
        await backend.modelEndpoints(id, null).catch(() => {
          missing += 1;
          notListed.add(id);
        });
        setDone(++count);
      }
    };
    await Promise.all(Array.from({ length: Math.min(AT_ONCE, queue.length) }, reader));
    setDone(null);
    setResult(missing > 0 ? `${missing} of ${models.length} could not be read (not listed by OpenRouter, or it could not be reached)` : null);
    await client.invalidateQueries({ queryKey: ["insights", "market"] });
  };
  return (
    <>
      {result && (
        <span className="muted small" data-testid="market-read-result">
          {result}
        </span>
      )}
      <Button size="sm" onClick={() => void read()} disabled={done !== null} data-testid="market-read" title={`Ask OpenRouter for the providers of ${models.length} model${models.length === 1 ? "" : "s"} of this range, for their p50 beside yours`}>
        {done !== null ? `Reading ${Math.min(done + 1, models.length)} of ${models.length}…` : `Read OpenRouter's figures (${models.length})`}
      </Button>
    </>
  );
}
