import { ChartNoAxesColumn } from "lucide-react";

import { EmptyState } from "../../kit";

const COMING = [
  ["Spend", "per day and per model, against your daily budget"],
  ["Latency", "time to first token and total time, p50 and p95 per model"],
  ["Errors", "error, refusal and truncation rates per model and provider"],
  ["Leaderboard", "models ranked from your own votes, with cost per win"],
];

/** Analytics is not built yet: it says what it will show, from the history you already have. */
export function AnalyticsView() {
  return (
    <div className="analytics" data-testid="analytics-view">
      <header className="room-head">
        <div>
          <h1>Analytics</h1>
          <p className="muted small">What your own history says about the models you use.</p>
        </div>
      </header>
      <EmptyState icon={<ChartNoAxesColumn size={40} />} title="Analytics is on its way">
        <p>It will be drawn from the comparisons in History (the CLI's <code>parallax stats</code> and <code>leaderboard</code> already read them):</p>
        <ul className="coming-list">
          {COMING.map(([what, detail]) => (
            <li key={what}>
              <strong>{what}</strong> — {detail}
            </li>
          ))}
        </ul>
      </EmptyState>
    </div>
  );
}
