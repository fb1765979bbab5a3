// Runs of the same prompt: every comparison of this prompt (and system prompt), word for word,
// as a timeline — newest first, each model's time to first token, total time and cost per run,
// with a mark where a model got slower or dearer than the run before — and, per model, the
// answer of a run against the run before it, word by word. Is this model drifting, getting
// slower, costing more?
//
// Reads up to MAX_RUNS runs (each a comparison read); the list says when there are more.
import { useQueries, useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";

import type { ComparisonRecord, SlotRecord } from "../../backend";
import { qk, runsQuery } from "../../app/queries";
import { useServices } from "../../app/services";
import { formatDate, formatMs, formatUsd } from "../../format";
import { DiffBody } from "../compare/decide/DiffBody";

const MAX_RUNS = 12;
/** A run this much slower or dearer than the one before is marked. */
const DRIFT = 1.25;

/** A model's first finished answer in a run (its first column of that model). */
function answerOf(c: ComparisonRecord, model: string): SlotRecord | undefined {
  return c.slots.find((s) => s.model === model && s.variant === 0 && s.row === 0 && s.repeat === 0);
}

export function Runs({ comparison }: { comparison: ComparisonRecord }) {
  const { backend } = useServices();
  // The list (read with the comparison by its route) gives the rows, their dates and models at
  // once; each run's figures fill its row as that run is read, so the table keeps its height.
  const list = useQuery(runsQuery(backend, comparison.id));
  const listed = (list.data ?? []).slice(0, MAX_RUNS);
  const runs = useQueries({ queries: listed.map((r) => ({ queryKey: qk.comparison(r.id), queryFn: () => backend.getComparison(r.id), staleTime: 30_000 })) });
  // The diff names its run by id, not by row: opening another comparison keeps it open only
  // while that run is still in the list (another run of this prompt), never against a row that
  // now holds a different prompt's run.
  const [chosen, setChosen] = useState<{ model: string; run: string } | null>(null);
  if (!list.data || list.data.length < 2) return null;
  const at = chosen ? listed.findIndex((r) => r.id === chosen.run) : -1;
  const diff = chosen && at >= 0 ? { model: chosen.model, at } : null;
  const read = (i: number): ComparisonRecord | undefined => (listed[i]?.id === comparison.id ? comparison : runs[i]?.data);
  const models = [...new Set(listed.flatMap((r) => r.models))];
  const drift = (now: number | null | undefined, before: number | null | undefined) => now !== null && now !== undefined && before !== null && before !== undefined && before > 0 && now / before >= DRIFT;
  const older = (i: number) => read(i + 1);
  const shownDiff = diff && read(diff.at) && older(diff.at) ? { now: answerOf(read(diff.at)!, diff.model), before: answerOf(older(diff.at)!, diff.model) } : null;

  return (
    <section className="runs" data-testid="runs" aria-label="Runs of this prompt">
      <h3 className="small">
        Runs of this prompt: {list.data.length}
        {list.data.length > MAX_RUNS ? ` (the newest ${MAX_RUNS} shown)` : ""}
      </h3>
      <div className="runs-wrap">
        <table className="runs-table" data-testid="runs-table">
          <thead>
            <tr>
              <th>Run</th>
              {models.map((m) => (
                <th key={m} title={m}>
                  {m}
                  <span className="muted small"> TTFT · total · cost</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {listed.map((r, i) => {
              const c = read(i);
              return (
                <tr key={r.id} className={r.id === comparison.id ? "this-run" : undefined} data-testid="run-row" data-id={r.id} data-read={c ? "" : undefined}>
                  <td className="nowrap">
                    {r.id === comparison.id ? (
                      <strong>{formatDate(r.created_at_ms)} (this one)</strong>
                    ) : (
                      <Link to="/history/$comparisonId" params={{ comparisonId: r.id }} search={(p) => ({ ...p, slot: undefined })}>
                        {formatDate(r.created_at_ms)}
                      </Link>
                    )}
                  </td>
                  {models.map((m) => {
                    if (!c) return <td key={m} className="muted" aria-busy="true">…</td>;
                    const a = answerOf(c, m);
                    const b = older(i) && answerOf(older(i)!, m);
                    if (!a) return <td key={m} className="muted">—</td>;
                    const slower = drift(a.total_ms, b?.total_ms);
                    const dearer = drift(a.cost.usd, b?.cost.usd);
                    return (
                      <td key={m} className="num nowrap" data-model={m}>
                        <span className={slower ? "drift" : undefined} title={slower ? `At least ${Math.round((DRIFT - 1) * 100)} % slower than the run before` : undefined}>
                          {a.status === "done" || a.status === "truncated" ? `${formatMs(a.ttft_ms)} · ${formatMs(a.total_ms)}${a.status === "truncated" ? " (cut)" : ""}` : a.status}
                        </span>
                        {" · "}
                        <span className={dearer ? "drift" : undefined} title={dearer ? `At least ${Math.round((DRIFT - 1) * 100)} % dearer than the run before` : undefined}>
                          {formatUsd(a.cost.usd)}
                        </span>
                        {b && a.text && b.text && (
                          <button type="button" className="link-button small runs-diff" onClick={() => setChosen(diff?.model === m && diff.at === i ? null : { model: m, run: r.id })} data-testid="run-diff">
                            {diff?.model === m && diff.at === i ? "hide" : "vs before"}
                          </button>
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {diff && shownDiff?.now && shownDiff.before && (
        <div className="runs-diff-body" data-testid="run-diff-body">
          <p className="small muted">
            {diff.model}: the run of {formatDate(read(diff.at)!.created_at_ms)} against the one before ({formatDate(older(diff.at)!.created_at_ms)}).
          </p>
          <DiffBody base={shownDiff.before.text} other={shownDiff.now.text} onlyDiff={false} against="the run before" />
        </div>
      )}
    </section>
  );
}
