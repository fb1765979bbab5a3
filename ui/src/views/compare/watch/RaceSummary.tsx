// The race summary strip above the columns: the best answer by TTFT, total, tok/s, cost and
// length (best value highlighted), a small bar chart of the chosen measure in rank order, and
// the run's totals. Plain SVG: sixteen bars need no chart library.
import { useState } from "react";

import type { SlotRecord } from "../../../backend";
import { formatCount, formatMs, formatUsd } from "../../../format";
import { cx } from "../../../kit";
import { RACE_METRICS, rank, totals, type RaceMetric } from "./race";

export function formatMetric(m: RaceMetric, v: number): string {
  switch (m) {
    case "ttft":
    case "total":
      return formatMs(v);
    case "speed":
      return `${v.toFixed(0)} tok/s`;
    case "cost":
      return formatUsd(v);
    case "length":
      return `${formatCount(v)} tok`;
  }
}

const BAR_W = 10;
const BAR_GAP = 3;
const CHART_H = 30;

/**
 * `nameOf` names an answer in the strip; in blind mode the grid passes the neutral labels
 * ("Answer A"), so the ranking can never be matched to a model through its figures, and
 * `hideCost`: a price tells models apart, so neither an answer's cost nor the run's is shown.
 */
export function RaceSummary({ slots, nameOf, hideCost = false }: { slots: SlotRecord[]; nameOf?: ((slot: number) => string) | undefined; hideCost?: boolean }) {
  const [chosen, setMetric] = useState<RaceMetric>("total");
  const metrics = hideCost ? RACE_METRICS.filter((m) => m.key !== "cost") : RACE_METRICS;
  const metric: RaceMetric = hideCost && chosen === "cost" ? "total" : chosen;
  const t = totals(slots);
  const ranked = rank(slots, metric);
  const values = ranked.map((r) => r.value);
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const name = (i: number) => nameOf?.(i) ?? slots[i]?.model ?? `#${i + 1}`;
  const lower = RACE_METRICS.find((x) => x.key === metric)!.lowerIsBetter;
  return (
    <div className="race" data-testid="race-summary">
      <div className="race-totals" title="The whole run: every answer's known cost and tokens, and the time from the first request to the last answer's end">
        <span data-testid="race-total-cost">
          <span className="race-totals-label">Run </span>
          {hideCost ? (
            <span className="muted" title="Prices tell models apart: the cost is shown once you vote">cost after the vote</span>
          ) : (
            <>
              {formatUsd(t.cost)}
              {t.unknownCosts > 0 && <span className="muted" title="Answers whose cost is unknown are not in the sum"> + {t.unknownCosts} unknown</span>}
            </>
          )}
        </span>
        <span data-testid="race-total-tokens">{formatCount(t.input + t.output)} tok</span>
        <span data-testid="race-wall">{formatMs(t.wallMs)}</span>
      </div>
      <div className="race-metrics" role="radiogroup" aria-label="Rank the answers by">
        {metrics.map((m) => {
          const best = rank(slots, m.key)[0];
          return (
            <button
              key={m.key}
              type="button"
              role="radio"
              aria-checked={metric === m.key}
              className={cx("race-metric", metric === m.key && "on")}
              onClick={() => setMetric(m.key)}
              data-testid={`race-${m.key}`}
              title={best ? `Best ${m.label} (${m.best}): ${name(best.slot)}, ${formatMetric(m.key, best.value)}. Click to chart every answer.` : `No answer has a ${m.label} yet`}
            >
              <span className="race-label">
                {m.label}
                {best && <span className="race-model"> · {name(best.slot)}</span>}
              </span>
              <span className="race-best" data-testid={`race-best-${m.key}`} data-slot={best?.slot ?? ""}>
                {best ? formatMetric(m.key, best.value) : "—"}
              </span>
            </button>
          );
        })}
      </div>
      {ranked.length > 0 && (
        <svg
          className="race-chart"
          width={ranked.length * (BAR_W + BAR_GAP)}
          height={CHART_H}
          role="img"
          aria-label={`${RACE_METRICS.find((x) => x.key === metric)!.label}, best first: ${ranked.map((r) => `${name(r.slot)} ${formatMetric(metric, r.value)}`).join(", ")}`}
          data-testid="race-chart"
        >
          {ranked.map((r, i) => {
            // Bars are scores: the best is the tallest (for a lower-is-better measure, best ÷ value).
            const score = lower ? (r.value > 0 ? lo / r.value : 1) : hi > 0 ? r.value / hi : 1;
            const h = Math.max(3, score * CHART_H);
            return (
              <rect key={r.slot} x={i * (BAR_W + BAR_GAP)} y={CHART_H - h} width={BAR_W} height={h} rx={2} className={cx("race-bar", r.rank === 1 && "best")}>
                <title>{`${r.rank}. ${name(r.slot)}: ${formatMetric(metric, r.value)}${r.rank === 1 ? (lower ? " (best: lowest)" : " (best: highest)") : ""}`}</title>
              </rect>
            );
          })}
        </svg>
      )}
    </div>
  );
}
