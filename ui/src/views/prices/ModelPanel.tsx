// A model's page beside the table (the URL's `model`): what the catalog says (every price,
// limits, modalities, what it supports, its dates and benchmarks), the providers serving it on
// OpenRouter (fetched on demand, kept 10 minutes, offline the saved list with its age), its
// price history as a step chart with each change, and your own numbers for it.
import { useQuery } from "@tanstack/react-query";
import { X } from "lucide-react";
import { useMemo } from "react";

import type { BackendError, CatalogModel, PriceChange, ProviderEndpoint } from "../../backend";
import { useCatalog } from "../../app/queries";
import { useServices } from "../../app/services";
import { qk } from "../../app/queryKeys";
import { canReason, canStructure, canUseTools, contextText } from "../../catalog/filter";
import { Chart, type ChartSpec } from "../../charts/Chart";
import { DASH, formatAge, formatMs, formatUsd } from "../../format";
import { IconButton } from "../../kit";
import type { Source } from "../../targets";
import { priceText } from "./columns";
import { changeBadge } from "./Changes";
import { usePricesNav } from "./CatalogTable";
import { costPerAnswer } from "./Mine";

export function ModelPanel({ source, id }: { source: Source; id: string }) {
  const go = usePricesNav();
  const catalog = useCatalog(source);
  const m = catalog.data?.models.find((x) => x.id === id);
  return (
    <aside className="model-panel" data-testid="model-panel" aria-label={`${id}: prices, providers and history`}>
      <header className="model-panel-head">
        <div>
          <h2>{m?.name ?? id}</h2>
          <code className="muted small">{id}</code>
        </div>
        <IconButton label="Close the model's page" icon={<X size={16} aria-hidden />} onClick={() => go({ model: undefined })} data-testid="model-panel-close" />
      </header>
      {!m ? (
        <p className="muted">{catalog.isLoading ? "Loading…" : "This model is not in the catalog shown."}</p>
      ) : (
        <>
          <Facts m={m} />
          {source.provider === "openrouter" && <Endpoints id={id} />}
          <Tiers m={m} />
          <History id={id} source={source} />
          <Mine m={m} />
        </>
      )}
    </aside>
  );
}

function Facts({ m }: { m: CatalogModel }) {
  const prices: [string, CatalogModel["prompt_price"]][] = [
    ["Input", m.prompt_price],
    ["Output", m.completion_price],
    ["Cache read", m.cache_read_price],
    ["Cache write", m.cache_write_price],
    ["Cache write (1 h)", m.cache_write_1h_price],
    ["Reasoning", m.reasoning_price],
    ["Web search (per request)", m.web_search_price],
  ];
  const b = m.details?.benchmarks;
  const expires = m.details?.expiration_date && !m.details.expiration_date.startsWith("2098") ? m.details.expiration_date : null;
  return (
    <section className="model-facts" data-testid="model-facts">
      <dl>
        {prices
          .filter(([, p]) => p.kind !== "unknown")
          .map(([label, p]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd className="num">{label.includes("request") ? (p.kind === "usd" ? formatUsd(p.usd) : "varies") : `${priceText(p, 1_000_000)}/M`}</dd>
            </div>
          ))}
        {m.request_price.kind === "usd" && m.request_price.usd > 0 && (
          <div>
            <dt>Per request</dt>
            <dd className="num">{formatUsd(m.request_price.usd)}</dd>
          </div>
        )}
        {m.discount !== null && m.discount > 0 && (
          <div>
            <dt>Discount</dt>
            <dd className="num">{Math.round(m.discount * 100)} %</dd>
          </div>
        )}
        <div>
          <dt>Context / max output</dt>
          <dd className="num">
            {contextText(m.context_length) ?? DASH} / {contextText(m.max_output_tokens) ?? DASH}
          </dd>
        </div>
        <div>
          <dt>Reads → writes</dt>
          <dd>
            {m.input_modalities.join(", ") || "text"} → {m.output_modalities.join(", ") || "text"}
          </dd>
        </div>
        <div>
          <dt>Supports</dt>
          <dd>{[canUseTools(m) && "tools", canReason(m) && `reasoning${m.details?.reasoning?.supported_efforts.length ? ` (${m.details.reasoning.supported_efforts.join(", ")})` : ""}`, canStructure(m) && "JSON schema"].filter(Boolean).join(" · ") || DASH}</dd>
        </div>
        {m.details?.knowledge_cutoff && (
          <div>
            <dt>Knows up to</dt>
            <dd>{m.details.knowledge_cutoff}</dd>
          </div>
        )}
        {expires && (
          <div>
            <dt>Goes away</dt>
            <dd className="warn">{expires}</dd>
          </div>
        )}
        {b && (b.intelligence_index !== undefined || b.coding_index !== undefined) && (
          <div>
            <dt>Artificial Analysis</dt>
            <dd>{[b.intelligence_index !== undefined && `intelligence ${b.intelligence_index}`, b.coding_index !== undefined && `coding ${b.coding_index}`, b.agentic_index !== undefined && `agentic ${b.agentic_index}`].filter(Boolean).join(" · ")}</dd>
          </div>
        )}
      </dl>
      {m.price_overrides.length > 0 && <p className="muted small">This model has {m.price_overrides.length} price tier{m.price_overrides.length === 1 ? "" : "s"} (long prompts or times of day): the calculator applies them.</p>}
    </section>
  );
}

const pct = (x: number | null) => (x === null ? DASH : `${x.toFixed(1)} %`);

function Endpoints({ id }: { id: string }) {
  const { backend } = useServices();
  const q = useQuery({ queryKey: ["prices", "endpoints", id], queryFn: () => backend.modelEndpoints(id, null), staleTime: 60_000 });
  const refresh = useQuery({ queryKey: ["prices", "endpoints", id, "refresh"], queryFn: () => backend.modelEndpoints(id, true), enabled: false });
  const data = refresh.data ?? q.data;
  return (
    <section className="model-section" data-testid="model-endpoints">
      <h3>
        Providers on OpenRouter{" "}
        {data && (
          <span className="muted small">
            · fetched {formatAge(data.fetched_at_ms)}{" "}
            <button type="button" className="link-btn" onClick={() => void refresh.refetch()} data-testid="endpoints-refresh">
              refresh
            </button>
          </span>
        )}
      </h3>
      {q.error && <p className="form-error small">{(q.error as BackendError).message}</p>}
      {data?.unreachable && <p className="muted small">Offline: the list saved earlier ({data.unreachable.message}).</p>}
      {!data && !q.error && <p className="muted small">Asking OpenRouter who serves it…</p>}
      {data && data.endpoints.length === 0 && <p className="muted small">OpenRouter lists no provider for it.</p>}
      {data && data.endpoints.length > 0 && (
        <div className="table-scroll">
          <table className="mini-table">
            <thead>
              <tr>
                <th>Provider</th>
                <th className="num">In $/M</th>
                <th className="num">Out $/M</th>
                <th className="num" title="Latency to the first token over the last 30 minutes: median (p90)">Latency p50 (p90)</th>
                <th className="num" title="Tokens per second over the last 30 minutes: median">Tok/s p50</th>
                <th className="num" title="Share of requests served over the last day">Uptime 1 d</th>
                <th>Quantization</th>
                <th className="num">Context</th>
              </tr>
            </thead>
            <tbody>
              {data.endpoints.map((e: ProviderEndpoint) => (
                <tr key={e.tag} data-testid="endpoint-row">
                  <td>{e.provider_name}</td>
                  <td className="num">{priceText(e.prompt_price, 1_000_000)}</td>
                  <td className="num">{priceText(e.completion_price, 1_000_000)}</td>
                  <td className="num">
                    {e.latency_30m?.p50 !== null && e.latency_30m?.p50 !== undefined ? formatMs(e.latency_30m.p50 * 1000) : DASH}
                    {e.latency_30m?.p90 !== null && e.latency_30m?.p90 !== undefined && <span className="muted"> ({formatMs(e.latency_30m.p90 * 1000)})</span>}
                  </td>
                  <td className="num">{e.throughput_30m?.p50 !== null && e.throughput_30m?.p50 !== undefined ? e.throughput_30m.p50.toFixed(0) : DASH}</td>
                  <td className="num">{pct(e.uptime_1d)}</td>
                  <td>{e.quantization ?? DASH}</td>
                  <td className="num">{contextText(e.context_length) ?? DASH}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The step chart of a model's input and output prices over its recorded changes. */
export function historySpec(changes: PriceChange[]): ChartSpec {
  const asc = [...changes].sort((a, b) => a.changed_at_ms - b.changed_at_ms);
  const line = (get: (x: PriceChange) => number | null): [number, number | null][] => asc.map((x) => [x.changed_at_ms, get(x)]);
  return {
    kind: "steps",
    yLabel: "$ per million tokens",
    series: [
      { label: "Input", tone: "accent", points: line((x) => x.prompt_price_per_m) },
      { label: "Output", tone: "warn", points: line((x) => x.completion_price_per_m) },
    ],
  };
}

/**
 * Input and output price against the prompt's length, for a model whose price changes past a
 * number of prompt tokens (long-context tiers): a step at each tier's threshold, up to the
 * context window. Null for a model with no such tier or no known base price.
 */
export function tierSpec(m: CatalogModel): ChartSpec | null {
  const tiers = m.price_overrides.filter((o) => o.min_prompt_tokens !== null && o.utc_start === null).sort((a, b) => a.min_prompt_tokens! - b.min_prompt_tokens!);
  const base = (p: CatalogModel["prompt_price"]) => (p.kind === "usd" ? p.usd : null);
  if (tiers.length === 0 || base(m.prompt_price) === null) return null;
  const end = Math.max(m.context_length ?? 0, ...tiers.map((t) => t.min_prompt_tokens! * 2));
  const line = (get: (o: (typeof tiers)[number]) => CatalogModel["prompt_price"] | null, first: CatalogModel["prompt_price"]): [number, number | null][] => {
    const out: [number, number | null][] = [[0, base(first)]];
    let last = base(first);
    for (const t of tiers) {
      const p = get(t);
      last = p ? base(p) : last;
      out.push([t.min_prompt_tokens!, last]);
    }
    out.push([end, last]);
    return out;
  };
  return {
    kind: "steps",
    xLabel: "Prompt tokens",
    yLabel: "$ per million tokens",
    series: [
      { label: "Input", tone: "accent", points: line((o) => o.prompt_price, m.prompt_price) },
      { label: "Output", tone: "warn", points: line((o) => o.completion_price, m.completion_price) },
    ],
  };
}

function Tiers({ m }: { m: CatalogModel }) {
  const spec = useMemo(() => tierSpec(m), [m]);
  if (!spec) return null;
  return (
    <section className="model-section" data-testid="model-tiers">
      <h3>Price against prompt length</h3>
      <Chart spec={spec} label={`Input and output price of ${m.id} by prompt length`} testId="model-tiers-chart" height={180} />
    </section>
  );
}

function History({ id, source }: { id: string; source: Source }) {
  const { backend } = useServices();
  // Changes are kept per catalog (a provider, or a custom endpoint's name): this one's only.
  const key = source.provider === "compatible" ? (source.endpoint ?? "") : source.provider;
  // A refreshed catalog (here, or by the CLI) may have recorded a change: asked again when the
  // catalog is, and whenever the page opens (a read of the local database).
  const fetched = useCatalog(source).data?.fetched_at_ms ?? 0;
  const q = useQuery({ queryKey: ["prices", "changes", id, fetched], queryFn: () => backend.priceChanges(null, id), staleTime: 0, select: (rows: PriceChange[]) => rows.filter((x) => x.source === key) });
  const spec = useMemo(() => historySpec(q.data ?? []), [q.data]);
  const changes = q.data ?? [];
  return (
    <section className="model-section" data-testid="model-history">
      <h3>Price history</h3>
      {changes.length === 0 ? (
        <p className="muted small">{q.isLoading ? "Loading…" : "No change recorded: the price has been the same since Parallax first saw it."}</p>
      ) : (
        <>
          <Chart spec={spec} label={`Input and output price of ${id} over time`} testId="model-history-chart" height={200} />
          <ul className="change-list">
            {[...changes]
              .sort((a, b) => b.changed_at_ms - a.changed_at_ms)
              .map((x) => (
                <li key={`${x.changed_at_ms}-${x.kind}`} data-testid="model-change">
                  <span className="muted small">{new Date(x.changed_at_ms).toISOString().slice(0, 10)}</span> {changeBadge(x)}
                </li>
              ))}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * Your first token against OpenRouter's providers: "slower than usual" when your median is
 * above every provider's p90 (their last 30 minutes), "as usual" when inside their p50–p90.
 */
export function againstProviders(ttftP50Ms: number | null, endpoints: ProviderEndpoint[]): { verdict: "slower" | "usual" | "faster"; p50: [number, number]; p90: number } | null {
  const p50s = endpoints.map((e) => e.latency_30m?.p50).filter((x): x is number => typeof x === "number").map((x) => x * 1000);
  const p90s = endpoints.map((e) => e.latency_30m?.p90).filter((x): x is number => typeof x === "number").map((x) => x * 1000);
  if (ttftP50Ms === null || p50s.length === 0 || p90s.length === 0) return null;
  const p90 = Math.max(...p90s);
  const low = Math.min(...p50s);
  return { verdict: ttftP50Ms > p90 ? "slower" : ttftP50Ms < low ? "faster" : "usual", p50: [low, Math.max(...p50s)], p90 };
}

/** Your own figures for this model, beside what the catalog and OpenRouter's providers say. */
function Mine({ m }: { m: CatalogModel }) {
  const { backend } = useServices();
  const q = useQuery({ queryKey: qk.yourNumbers, queryFn: () => backend.analytics(null), staleTime: 30_000 });
  const mine = q.data?.models.find((s) => s.model === m.id);
  // The providers' list the section above asked for (the same query: no second request).
  const endpoints = useQuery({ queryKey: ["prices", "endpoints", m.id], queryFn: () => backend.modelEndpoints(m.id, null), staleTime: 60_000, enabled: m.provider === "openrouter" });
  const versus = mine && endpoints.data ? againstProviders(mine.ttft_p50_ms, endpoints.data.endpoints) : null;
  return (
    <section className="model-section" data-testid="model-mine">
      <h3>Your numbers</h3>
      {!mine ? (
        <p className="muted small">{q.isLoading ? "Loading…" : "You have not asked this model yet: its row here fills in once you do."}</p>
      ) : (
        <dl className="mine-facts">
          <div>
            <dt>Answers</dt>
            <dd className="num">{mine.requests}</dd>
          </div>
          <div>
            <dt>TTFT p50</dt>
            <dd className="num">{formatMs(mine.ttft_p50_ms)}</dd>
          </div>
          <div>
            <dt>Tok/s p50</dt>
            <dd className="num">{mine.tps_p50 === null ? DASH : mine.tps_p50.toFixed(1)}</dd>
          </div>
          <div>
            <dt>Cost per answer</dt>
            <dd className="num">{formatUsd(costPerAnswer(mine))}</dd>
          </div>
          {versus && (
            <div className="mine-versus" data-testid="mine-versus" data-verdict={versus.verdict}>
              <dt>Against OpenRouter's providers</dt>
              <dd className={versus.verdict === "slower" ? "warn" : undefined}>
                {versus.verdict === "slower" ? "Slower than usual: " : versus.verdict === "faster" ? "Faster than their medians: " : "As usual: "}
                their first-token p50 {formatMs(versus.p50[0])}
                {versus.p50[1] !== versus.p50[0] && `–${formatMs(versus.p50[1])}`}, p90 up to {formatMs(versus.p90)}
              </dd>
            </div>
          )}
        </dl>
      )}
    </section>
  );
}
