// Your numbers beside the market's: every model in your history with your own median TTFT,
// tokens per second and cost per answer, next to the catalog's list prices. A row opens the
// model's page, where OpenRouter's own latency and throughput per provider stand beside them.
import { useQuery } from "@tanstack/react-query";

import type { CatalogModel, ModelStats } from "../../backend";
import { useCatalog } from "../../app/queries";
import { useServices } from "../../app/services";
import { qk } from "../../app/queryKeys";
import { DASH, formatMs, formatUsd } from "../../format";
import { EmptyState } from "../../kit";
import type { Source } from "../../targets";
import { usePricesNav } from "./CatalogTable";
import { priceText } from "./columns";

/** Cost per answer whose cost is known; null when none is. */
export const costPerAnswer = (s: Pick<ModelStats, "cost_usd" | "requests" | "unknown_cost">) => (s.cost_usd === null || s.requests - s.unknown_cost <= 0 ? null : s.cost_usd / (s.requests - s.unknown_cost));

export function Mine({ source }: { source: Source }) {
  const { backend } = useServices();
  const go = usePricesNav();
  const catalog = useCatalog(source);
  const q = useQuery({ queryKey: qk.yourNumbers, queryFn: () => backend.analytics(null), staleTime: 30_000 });
  const byId = new Map<string, CatalogModel>((catalog.data?.models ?? []).map((m) => [m.id, m]));
  const rows = (q.data?.models ?? []).filter((s) => s.day === null).sort((a, b) => b.requests - a.requests);
  if (q.data && rows.length === 0) {
    return (
      <EmptyState title="No answers yet" testId="mine-empty">
        <p>Every model you ask gets a row here: your own time to first token, speed and cost per answer beside its list price.</p>
      </EmptyState>
    );
  }
  return (
    <div className="mine" data-testid="prices-mine">
      <p className="muted small pad-x">Measured on your own prompts, over your whole history; list prices from the catalog shown. A model opens its page, with OpenRouter's latency and speed per provider.</p>
      <table className="mini-table">
        <thead>
          <tr>
            <th>Model</th>
            <th className="num">Answers</th>
            <th className="num">Your TTFT p50</th>
            <th className="num">Your tok/s p50</th>
            <th className="num">Your cost / answer</th>
            <th className="num">List in $/M</th>
            <th className="num">List out $/M</th>
            <th className="num">Errors</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => {
            const m = byId.get(s.model);
            return (
              <tr key={`${s.provider}|${s.model}`} data-testid="mine-row">
                <td>
                  {m ? (
                    <button type="button" className="link-btn" onClick={() => go({ tab: undefined, model: s.model })}>
                      {s.model}
                    </button>
                  ) : (
                    s.model
                  )}
                  <span className="muted small"> · {s.provider}</span>
                </td>
                <td className="num">{s.requests}</td>
                <td className="num">{formatMs(s.ttft_p50_ms)}</td>
                <td className="num">{s.tps_p50 === null ? DASH : s.tps_p50.toFixed(1)}</td>
                <td className="num" data-testid="mine-cost">{formatUsd(costPerAnswer(s))}</td>
                <td className="num">{m ? priceText(m.prompt_price, 1_000_000) : DASH}</td>
                <td className="num">{m ? priceText(m.completion_price, 1_000_000) : DASH}</td>
                <td className="num">{s.errors > 0 ? `${s.errors} (${Math.round((s.error_rate ?? 0) * 100)} %)` : DASH}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
