// Recent price changes across the catalog: ▲ dearer, ▼ cheaper, with the price before and the
// date; new and removed models. A change opens that model's page (its step chart). A change after
// the last day you asked that model is marked "changed since you last used it".
import { useQuery } from "@tanstack/react-query";
import { ArrowDownRight, ArrowUpRight } from "lucide-react";
import type { ReactNode } from "react";

import type { PriceChange } from "../../backend";
import { useServices } from "../../app/services";
import { qk } from "../../app/queryKeys";
import { DASH } from "../../format";
import { Badge, EmptyState } from "../../kit";
import { usePricesNav } from "./CatalogTable";

const money = (x: number | null) => (x === null ? "?" : `$${x}`);

/** Which way a change went: the output price decides, else the input price. */
export function direction(x: PriceChange): "up" | "down" | "same" | null {
  if (x.kind !== "changed") return null;
  const pick = (now: number | null, before: number | null) => (now === null || before === null || now === before ? null : now > before ? "up" : "down");
  return pick(x.completion_price_per_m, x.previous_completion_price_per_m) ?? pick(x.prompt_price_per_m, x.previous_prompt_price_per_m) ?? "same";
}

/** "▼ $0.3 → $0.15 in, $1.2 → $0.6 out", "new at $3 / $15", "removed". */
export function changeBadge(x: PriceChange): ReactNode {
  if (x.kind === "removed") return <Badge tone="bad">removed</Badge>;
  if (x.kind === "added" || x.kind === "listed") {
    return (
      <span>
        <Badge tone="accent">{x.kind === "added" ? "new" : "first seen"}</Badge> {money(x.prompt_price_per_m)} in / {money(x.completion_price_per_m)} out per M
      </span>
    );
  }
  const d = direction(x);
  const part = (name: string, before: number | null, now: number | null) => (before === now ? null : `${money(before)} → ${money(now)} ${name}`);
  return (
    <span className={d === "up" ? "change-up" : d === "down" ? "change-down" : undefined} data-direction={d ?? undefined}>
      {d === "up" ? <ArrowUpRight size={13} aria-label="dearer" /> : d === "down" ? <ArrowDownRight size={13} aria-label="cheaper" /> : null}{" "}
      {[part("in", x.previous_prompt_price_per_m, x.prompt_price_per_m), part("out", x.previous_completion_price_per_m, x.completion_price_per_m)].filter(Boolean).join(", ") || DASH} per M
    </span>
  );
}

/** The last UTC day (`YYYY-MM-DD`) each model answered you, from the per-day analytics. */
export function lastUsedDay(byDay: { day: string | null; model: string; requests: number }[]): Map<string, string> {
  const last = new Map<string, string>();
  for (const r of byDay) if (r.day && r.requests > 0 && (last.get(r.model) ?? "") < r.day) last.set(r.model, r.day);
  return last;
}

/** A price change seen after the last day the model answered you (same day: not after). */
export function changedSinceUsed(x: PriceChange, last: Map<string, string>): boolean {
  const used = last.get(x.model_id);
  return x.kind === "changed" && used !== undefined && new Date(x.changed_at_ms).toISOString().slice(0, 10) > used;
}

export function Changes() {
  const { backend } = useServices();
  const go = usePricesNav();
  const q = useQuery({ queryKey: ["prices", "changes", "all", 90], queryFn: () => backend.priceChanges(90, null), staleTime: 0 });
  const used = useQuery({ queryKey: qk.yourNumbers, queryFn: () => backend.analytics(null), staleTime: 30_000 });
  const last = lastUsedDay(used.data?.by_day ?? []);
  if (q.data && q.data.length === 0) {
    return (
      <EmptyState title="No price change in the last 90 days" testId="changes-empty">
        <p>Each catalog refresh compares every price with the one before; changes appear here with the date they were seen.</p>
      </EmptyState>
    );
  }
  return (
    <div className="changes" data-testid="price-changes">
      <p className="muted small pad-x">Changes seen over the last 90 days, newest first. A row opens the model's page, with its price history.</p>
      <table className="mini-table changes-table">
        <thead>
          <tr>
            <th className="num">Seen</th>
            <th>Model</th>
            <th>Change</th>
          </tr>
        </thead>
        <tbody>
          {(q.data ?? []).map((x) => (
            <tr key={`${x.source}-${x.model_id}-${x.changed_at_ms}-${x.kind}`} data-testid="price-change">
              <td className="num muted">{new Date(x.changed_at_ms).toISOString().slice(0, 10)}</td>
              <td>
                <button type="button" className="link-btn" onClick={() => go({ tab: undefined, model: x.model_id })}>
                  {x.model_id}
                </button>
                {changedSinceUsed(x, last) && (
                  <Badge tone="warn" title={`You last asked it on ${last.get(x.model_id)}: its next answers are priced differently from your earlier ones`}>
                    changed since you last used it
                  </Badge>
                )}
              </td>
              <td>{changeBadge(x)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
