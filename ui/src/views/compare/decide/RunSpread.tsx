// The spread across runs, above the answers of a comparison that asked models more than once:
// per model, the mean and the range (min–max) of TTFT, total time, tok/s, output tokens and
// cost over its finished runs, and how alike their answers' words are. Hidden while a vote is
// blind (it names models).
import type { SlotRecord } from "../../../backend";
import { DASH, formatCount, formatMs, formatUsd } from "../../../format";
import { type Range, spreadOf } from "./spread";

function Cell({ r, fmt }: { r: Range | null; fmt: (x: number) => string }) {
  if (!r) return <td className="num">{DASH}</td>;
  const title = `${r.n} run${r.n === 1 ? "" : "s"} reported it; mean ${fmt(r.mean)}, from ${fmt(r.min)} to ${fmt(r.max)}`;
  return (
    <td className="num" title={title}>
      {fmt(r.mean)}
      {r.n > 1 && r.max > r.min && (
        <span className="spread-range">
          {" "}
          {fmt(r.min)}–{fmt(r.max)}
        </span>
      )}
    </td>
  );
}

const speed = (x: number) => x.toFixed(1);
const count = (x: number) => formatCount(Math.round(x));

export function RunSpread({ slots, variantNames }: { slots: SlotRecord[]; variantNames: string[] | null }) {
  const spread = spreadOf(slots);
  if (spread.length === 0) return null;
  return (
    <details className="run-spread" open data-testid="run-spread">
      <summary>How much the runs vary: mean, and from the lowest to the highest</summary>
      <table>
        <thead>
          <tr>
            <th>Model</th>
            <th className="num">Runs</th>
            <th className="num">TTFT</th>
            <th className="num">Total</th>
            <th className="num">Tok/s</th>
            <th className="num">Output tokens</th>
            <th className="num">Cost</th>
            <th className="num" title="How alike the runs' answers are: over every pair of runs, the words both use ÷ the words either uses, averaged">
              Answers alike
            </th>
          </tr>
        </thead>
        <tbody>
          {spread.map((g) => (
            <tr key={g.first.id} data-testid="run-spread-row">
              <td className="spread-model">
                {g.first.model}
                {variantNames && variantNames.length > 1 && <span className="muted"> · {variantNames[g.first.variant] ?? `#${g.first.variant + 1}`}</span>}
              </td>
              <td className="num" title={g.finished < g.runs ? `${g.runs - g.finished} did not finish and are not measured` : undefined}>
                {g.finished < g.runs ? `${g.finished} of ${g.runs}` : g.runs}
              </td>
              <Cell r={g.ttftMs} fmt={formatMs} />
              <Cell r={g.totalMs} fmt={formatMs} />
              <Cell r={g.tokensPerSecond} fmt={speed} />
              <Cell r={g.outputTokens} fmt={count} />
              <Cell r={g.costUsd} fmt={formatUsd} />
              <td className="num" data-testid="run-spread-alike">
                {g.alike === null ? DASH : g.identical ? "identical" : `${Math.round(g.alike * 100)} %`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
