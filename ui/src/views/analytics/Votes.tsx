// What the votes say: the leaderboard (a person's votes or the judges', never mixed) beside what
// each model costs — an answer on average, and a win (cost per answer ÷ win rate) — and the
// recommendations: cheapest, fastest and best voted, overall and per tag.
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";

import type { BackendError, HistoryFilter, Recommendation } from "../../backend";
import { qk } from "../../app/queries";
import { useServices } from "../../app/services";
import { formatMs, formatUsd } from "../../format";
import { cx } from "../../kit";
import { costPerWin } from "./figures";
import { SaveCsv } from "./SaveCsv";
import type { AnalyticsSearch } from "./search";

export function Leaderboard({ filter, search, enabled }: { filter: HistoryFilter; search: AnalyticsSearch; enabled: boolean }) {
  const { backend } = useServices();
  const navigate = useNavigate();
  const voters = search.voters === "judges" ? "judges" : "human";
  const board = useQuery({ queryKey: qk.leaderboard(filter, voters), queryFn: () => backend.leaderboard(filter, voters), staleTime: 30_000, enabled });
  const rows = board.data ?? [];
  const win = (v: number | null) => (v === null ? "—" : v === Infinity ? "never won" : formatUsd(v));
  const csv = () => [["model", "rating", "wins", "losses", "ties", "votes", "win_rate", "avg_cost_usd", "usd_per_win"], ...rows.map((r) => [r.model, r.rating.toFixed(1), r.wins, r.losses, r.ties, r.votes, r.win_rate.toFixed(4), r.avg_cost_usd ?? "", costPerWin(r) === Infinity ? "" : (costPerWin(r) ?? "")].map(String))];
  return (
    <section className="an-section" data-testid="an-leaderboard">
      <header className="an-section-head">
        <h2>Leaderboard</h2>
        <span className="muted small">From {voters === "human" ? "your votes" : "the judges' votes"} in the range (Bradley–Terry, Elo scale; 1000 is the reference).</span>
        <span className="spacer" />
        <div className="an-seg" role="group" aria-label="Whose votes">
          <button type="button" className={cx(voters === "human" && "on")} aria-pressed={voters === "human"} onClick={() => void navigate({ to: "/analytics", search: (p: AnalyticsSearch) => ({ ...p, voters: undefined }) })} data-testid="voters-human">
            Yours
          </button>
          <button type="button" className={cx(voters === "judges" && "on")} aria-pressed={voters === "judges"} onClick={() => void navigate({ to: "/analytics", search: (p: AnalyticsSearch) => ({ ...p, voters: "judges" as const }) })} data-testid="voters-judges">
            Judges'
          </button>
        </div>
        <SaveCsv rows={csv} name="leaderboard" testId="leaderboard-csv" />
      </header>
      {board.error ? (
        <p className="form-error pad" role="alert">{(board.error as BackendError).message}</p>
      ) : !board.data ? (
        <p className="muted pad">Reading the votes…</p>
      ) : rows.length === 0 ? (
        <p className="muted pad" data-testid="leaderboard-empty">
          No {voters === "human" ? "votes of yours" : "judge votes"} in this range. Vote in Compare (or ask a judge) and the models are ranked here.
        </p>
      ) : (
        <div className="an-table-wrap">
          <table className="an-table" data-testid="leaderboard-table">
            <thead>
              <tr>
                <th>#</th>
                <th>Model</th>
                <th className="right">Rating</th>
                <th className="right" title="Wins · losses · ties, against another model">
                  W · L · T
                </th>
                <th className="right">Win rate</th>
                <th className="right" title="Mean known cost of its answers in the range">
                  Per answer
                </th>
                <th className="right" title="Cost per answer ÷ win rate: what one winning answer costs">
                  Per win
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.model} data-testid="leaderboard-row" data-model={r.model}>
                  <td className="num muted">{i + 1}</td>
                  <td>
                    <Link to="/history" search={{ model: r.model, voted: true }}>
                      {r.model}
                    </Link>
                  </td>
                  <td className="right num">{r.rating.toFixed(0)}</td>
                  <td className="right num">
                    {r.wins} · {r.losses} · {r.ties}
                  </td>
                  <td className="right num">{(r.win_rate * 100).toFixed(0)} %</td>
                  <td className="right num">{formatUsd(r.avg_cost_usd)}</td>
                  <td className="right num" data-col="per-win">
                    {win(costPerWin(r))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const KIND: Record<Recommendation["kind"], string> = { cheapest: "Cheapest", fastest: "Fastest", best_voted: "Best voted" };
const value = (r: Recommendation) => (r.kind === "cheapest" ? `${formatUsd(r.value)} an answer` : r.kind === "fastest" ? `${formatMs(r.value)} to the last token (p50)` : `rating ${r.value.toFixed(0)}`);

export function Recommendations({ enabled }: { enabled: boolean }) {
  const { backend } = useServices();
  const q = useQuery({ queryKey: qk.recommendations, queryFn: () => backend.recommendations(), staleTime: 30_000, enabled });
  const all = q.data ?? [];
  const tags = [...new Set(all.flatMap((r) => (r.tag === null ? [] : [r.tag])))];
  const card = (r: Recommendation) => (
    <li key={`${r.tag}|${r.kind}`} className="an-rec" data-testid="recommendation" data-kind={r.kind}>
      <span className="muted small">{KIND[r.kind]}</span>
      <strong>{r.model}</strong>
      <span className="small">
        {value(r)} · from {r.basis} {r.kind === "best_voted" ? "votes" : "answers"}
      </span>
    </li>
  );
  return (
    <section className="an-section" data-testid="an-recommendations">
      <header className="an-section-head">
        <h2>Recommendations</h2>
        <span className="muted small">Over all your history; a model needs 3 answers (or votes) to be named.</span>
      </header>
      {!q.data ? (
        <p className="muted pad">Reading your history…</p>
      ) : all.length === 0 ? (
        <p className="muted pad">Not enough answers yet.</p>
      ) : (
        <>
          <ul className="an-recs">{all.filter((r) => r.tag === null).map(card)}</ul>
          {tags.map((t) => (
            <div key={t} className="an-recs-tag">
              <h3 className="small">#{t}</h3>
              <ul className="an-recs">{all.filter((r) => r.tag === t).map(card)}</ul>
            </div>
          ))}
        </>
      )}
    </section>
  );
}
