// Spend per day: a stacked bar per UTC day, by model (the eight that cost most in the range, the
// rest together) or by where the figure comes from (billed by the provider, computed at list
// price). Answers of unknown cost are never drawn as $0: each day's count of them is in the hover
// and the table, and the section's head says the total. A bar's click opens that day in History;
// the numbers are one click away (Table) and save as CSV.
import { useNavigate } from "@tanstack/react-router";
import { useMemo, useState } from "react";

import type { AnalyticsSummary } from "../../backend";
import { Chart, SERIES_COLOURS } from "../../charts/Chart";
import { formatUsd } from "../../format";
import { cx } from "../../kit";
import { spendByModel, spendBySource } from "./figures";
import { SaveCsv } from "./SaveCsv";
import { type AnalyticsSearch, historyLink } from "./search";

const TOP = 8;

export function SpendPerDay({ data, search, now }: { data: AnalyticsSummary; search: AnalyticsSearch; now: number }) {
  const navigate = useNavigate();
  const [split, setSplit] = useState<"model" | "source">("model");
  const [table, setTable] = useState(false);
  const s = useMemo(() => (split === "model" ? spendByModel(data.by_day, TOP) : spendBySource(data.spend_per_day)), [split, data]);
  const colours = s.series.map((x, i) => (x.label === "other models" ? SERIES_COLOURS[SERIES_COLOURS.length - 1]! : SERIES_COLOURS[i % (SERIES_COLOURS.length - 1)]!));
  const spec = useMemo(
    () => ({
      kind: "bars" as const,
      days: s.days,
      series: s.series.map((x, i) => ({ label: x.label, colour: colours[i]!, values: x.values })),
      yLabel: "USD",
      describe: (i: number) => {
        const parts = s.series.flatMap((x) => (x.values[i] ? [`${x.label} ${formatUsd(x.values[i])}`] : []));
        const unknown = s.unknown[i] ? ` · ${s.unknown[i]} of unknown cost` : "";
        return `${s.days[i]}: ${formatUsd(s.totals[i])}${unknown}${parts.length ? ` — ${parts.join(", ")}` : ""}`;
      },
    }),
    [s], // eslint-disable-line react-hooks/exhaustive-deps -- colours follow s
  );
  const unknown = s.unknown.reduce((a, b) => a + b, 0);
  const rows = () => [["day", ...s.series.map((x) => `${x.label} (USD)`), "total known (USD)", "answers of unknown cost"], ...s.days.map((d, i) => [d, ...s.series.map((x) => (x.values[i] === null ? "" : String(x.values[i]))), s.totals[i] === null ? "" : String(s.totals[i]), String(s.unknown[i])])];
  const openDay = (i: number) => void navigate({ to: "/history", search: historyLink(search, now, { from: s.days[i], to: s.days[i] }) });

  return (
    <section className="an-section" data-testid="an-spend">
      <header className="an-section-head">
        <h2>Spend per day</h2>
        <span className="muted small">
          {unknown > 0 ? `${unknown.toLocaleString("en-US")} answer${unknown === 1 ? "" : "s"} of unknown cost, not counted as $0` : "every answer's cost is known"}
        </span>
        <span className="spacer" />
        <div className="an-seg" role="group" aria-label="Split the bars by">
          <button type="button" className={cx(split === "model" && "on")} aria-pressed={split === "model"} onClick={() => setSplit("model")} data-testid="spend-by-model">
            By model
          </button>
          <button type="button" className={cx(split === "source" && "on")} aria-pressed={split === "source"} onClick={() => setSplit("source")} data-testid="spend-by-source">
            Billed / computed
          </button>
        </div>
        <button type="button" className="link-button small" onClick={() => setTable((t) => !t)} data-testid="spend-table-toggle">
          {table ? "Chart" : "Table"}
        </button>
        <SaveCsv rows={rows} name="spend-per-day" testId="spend-csv" />
      </header>
      {s.days.length === 0 ? (
        <p className="muted pad">No answers in this range.</p>
      ) : table ? (
        <div className="an-table-wrap">
          <table className="an-table" data-testid="spend-table">
            <thead>
              <tr>
                <th>Day</th>
                {s.series.map((x) => (
                  <th key={x.label} className="right">
                    {x.label}
                  </th>
                ))}
                <th className="right">Total known</th>
                <th className="right">Unknown cost</th>
              </tr>
            </thead>
            <tbody>
              {s.days.map((d, i) => (
                <tr key={d}>
                  <td>
                    <button type="button" className="link-button" onClick={() => openDay(i)}>
                      {d}
                    </button>
                  </td>
                  {s.series.map((x) => (
                    <td key={x.label} className="right num">
                      {x.values[i] === null ? "" : formatUsd(x.values[i])}
                    </td>
                  ))}
                  <td className="right num">{formatUsd(s.totals[i])}</td>
                  <td className="right num">{s.unknown[i] || ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <>
          <Chart spec={spec} label={`Spend per day, ${s.days[0]} to ${s.days[s.days.length - 1]}, stacked ${split === "model" ? "by model" : "billed and computed"}`} testId="spend-chart" height={240} onPoint={(i) => openDay(Number(i))} />
          <ul className="an-legend" aria-label="Colours">
            {s.series.map((x, i) => (
              <li key={x.label}>
                <span className="swatch" style={{ background: colours[i] }} aria-hidden />
                {x.label}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
