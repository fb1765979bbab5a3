// The catalog drawn: price against context window, and price against quality — the catalog's
// Artificial Analysis intelligence index where it has one, or your own win rate from your votes
// — with the Pareto frontier drawn (no model is both cheaper and better than one on it) and the
// dominated models dimmed. Log scales for prices and contexts (they span six orders of
// magnitude); a point's hover names the model; a click opens its page.
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";

import type { CatalogModel } from "../../backend";
import { useCatalog } from "../../app/queries";
import { useServices } from "../../app/services";
import { applyFilter } from "../../catalog/filter";
import { Chart, type ChartSpec } from "../../charts/Chart";
import { usePricesNav } from "./CatalogTable";
import { filterOfSearch, type PricesSearch } from "./search";
import type { Source } from "../../targets";

export interface Point {
  id: string;
  /** USD per million tokens, blended (input and output averaged, 3:1 like Artificial Analysis). */
  price: number;
  y: number;
}

/** The blended price of a model, $/M (3 input tokens to 1 output); null unless both are known and paid. */
export function blended(m: CatalogModel): number | null {
  if (m.prompt_price.kind !== "usd" || m.completion_price.kind !== "usd") return null;
  const v = (3 * m.prompt_price.usd + m.completion_price.usd) / 4;
  return v > 0 ? v : null;
}

/**
 * The points no other point beats on both counts (cheaper or as cheap, and better or as good,
 * one of them strictly), cheapest first: the frontier of value.
 */
export function paretoFront(points: Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a.price - b.price || b.y - a.y);
  const front: Point[] = [];
  let best = -Infinity;
  for (const p of sorted) {
    if (p.y > best) {
      front.push(p);
      best = p.y;
    }
  }
  return front;
}

export function Charts({ source, search }: { source: Source; search: PricesSearch }) {
  const { backend } = useServices();
  const go = usePricesNav();
  const catalog = useCatalog(source);
  const [quality, setQuality] = useState<"index" | "votes">("index");
  const votes = useQuery({ queryKey: ["prices", "leaderboard"], queryFn: () => backend.leaderboard(null, null), enabled: quality === "votes" });
  const models = useMemo(() => applyFilter(catalog.data?.models ?? [], filterOfSearch(search), () => false), [catalog.data, search]);

  const context = useMemo(() => models.flatMap((m) => (blended(m) !== null && m.context_length ? [{ id: m.id, price: blended(m)!, y: m.context_length }] : [])), [models]);
  const quality_ = useMemo(() => {
    if (quality === "index") return models.flatMap((m) => (blended(m) !== null && m.details?.benchmarks?.intelligence_index !== undefined ? [{ id: m.id, price: blended(m)!, y: m.details.benchmarks.intelligence_index }] : []));
    const rate = new Map((votes.data ?? []).filter((r) => r.votes > 0).map((r) => [r.model, r.win_rate * 100]));
    return models.flatMap((m) => (blended(m) !== null && rate.has(m.id) ? [{ id: m.id, price: blended(m)!, y: rate.get(m.id)! }] : []));
  }, [models, quality, votes.data]);
  const front = useMemo(() => paretoFront(quality_), [quality_]);
  const open = (id: string) => go({ tab: undefined, model: id });
  const price = "Blended price, $ per million tokens (3 in : 1 out)";
  const money = (x: number) => `$${x.toPrecision(3)}/M`;
  const contextSpec = useMemo<ChartSpec>(
    () => ({ kind: "scatter", points: context.map((p) => ({ id: p.id, x: p.price, y: p.y })), xLabel: price, yLabel: "Context window, tokens", xLog: true, yLog: true, describe: (p) => `${money(p.x)} · ${p.y.toLocaleString("en-US")} tokens` }),
    [context],
  );
  const yName = quality === "index" ? "Intelligence index" : "Your win rate, %";
  const qualitySpec = useMemo<ChartSpec>(
    () => ({
      kind: "scatter",
      points: quality_.map((p) => ({ id: p.id, x: p.price, y: p.y })),
      front: front.map((p) => ({ id: p.id, x: p.price, y: p.y })),
      xLabel: price,
      yLabel: yName,
      xLog: true,
      yLog: false,
      describe: (p) => `${money(p.x)} · ${yName.toLowerCase()} ${p.y.toFixed(1)}`,
    }),
    [quality_, front, yName],
  );
  return (
    <div className="prices-charts" data-testid="prices-charts">
      <p className="muted small pad-x">The models of the table's filters with a known, paid price. Hover a point for its model; click it for its page.</p>
      <section className="chart-card">
        <h3>
          Price against context <span className="muted small" data-testid="chart-context-count">· {context.length} models</span>
        </h3>
        <Chart spec={contextSpec} label={`Blended price against context window for ${context.length} models`} testId="chart-context" onPoint={open} />
      </section>
      <section className="chart-card">
        <h3>
          Price against quality{" "}
          <select aria-label="Quality from" value={quality} onChange={(e) => setQuality(e.target.value as "index" | "votes")} data-testid="chart-quality-source">
            <option value="index">the catalog's intelligence index</option>
            <option value="votes">your own win rate (votes)</option>
          </select>{" "}
          <span className="muted small" data-testid="chart-quality-count">
            · {quality_.length} models, {front.length} on the frontier
          </span>
        </h3>
        {quality_.length === 0 ? (
          <p className="muted small" data-testid="chart-quality-empty">
            {quality === "index" ? "No model here carries the catalog's intelligence index." : "No model here has a vote yet: vote in Compare (blind is best) and your win rates appear."}
          </p>
        ) : (
          <Chart spec={qualitySpec} label={`Blended price against quality for ${quality_.length} models, with the Pareto frontier`} testId="chart-quality" onPoint={open} />
        )}
        {front.length > 0 && (
          <p className="small" data-testid="pareto-list">
            On the frontier, cheapest first: {front.map((p) => p.id).join(" · ")}
          </p>
        )}
      </section>
    </div>
  );
}
