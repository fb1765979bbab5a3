// The personal scoreboard, one click from a vote: models ranked by Bradley–Terry strength fitted
// to the votes in this history (`leaderboard`, the same as Analytics and `parallax leaderboard`).
import { useQuery } from "@tanstack/react-query";
import { Trophy } from "lucide-react";
import { useState } from "react";

import { useServices } from "../../../app/services";
import { formatUsd } from "../../../format";
import { Button, Dialog } from "../../../kit";

export function LeaderboardButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)} data-testid="leaderboard-open" title="Models ranked by your votes">
        <Trophy size={13} aria-hidden /> Leaderboard
      </Button>
      {open && <LeaderboardDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function LeaderboardDialog({ onClose }: { onClose: () => void }) {
  const { backend } = useServices();
  const board = useQuery({ queryKey: ["decide", "leaderboard"], queryFn: () => backend.leaderboard(null), staleTime: 0 });
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title="Leaderboard" description="Every model you voted on, ranked by Bradley–Terry strength fitted to your votes (1000 = the reference). Judges’ votes are not counted here." testId="leaderboard-dialog">
      <div className="dialog-body">
        {board.error ? (
          <p className="form-error">{String((board.error as Error).message)}</p>
        ) : !board.data ? (
          <p className="muted">Loading…</p>
        ) : board.data.length === 0 ? (
          <p className="muted">No votes yet: vote on a comparison (blind is best) and the models appear here.</p>
        ) : (
          <table className="leaderboard-table">
            <thead>
              <tr>
                <th>#</th>
                <th>Model</th>
                <th>Rating</th>
                <th>W / L / T</th>
                <th>Win rate</th>
                <th>Avg cost</th>
              </tr>
            </thead>
            <tbody>
              {board.data.map((r, i) => (
                <tr key={r.model} data-testid="leaderboard-row">
                  <td className="num">{i + 1}</td>
                  <td>{r.model}</td>
                  <td className="num">{Math.round(r.rating)}</td>
                  <td className="num">
                    {r.wins} / {r.losses} / {r.ties}
                  </td>
                  <td className="num">{Math.round(r.win_rate * 100)}%</td>
                  <td className="num">{formatUsd(r.avg_cost_usd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="dialog-actions">
          <Button onClick={onClose}>Close</Button>
        </div>
      </div>
    </Dialog>
  );
}
