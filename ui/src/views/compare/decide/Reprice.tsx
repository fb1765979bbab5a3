// "At today's prices": what each answer of a comparison cost when it ran, beside what the same
// tokens would cost at the catalog's prices now (`reprice_comparison`), and the totals. A price
// that is unknown now is a dash, never $0; the totals say when they leave answers out.
// Not while a blind vote is open (prices tell the models apart).
import { useQuery } from "@tanstack/react-query";
import { History } from "lucide-react";
import { useState } from "react";

import type { BackendError, ComparisonRecord } from "../../../backend";
import { useServices } from "../../../app/services";
import { DASH, formatUsd } from "../../../format";
import { Button, Dialog } from "../../../kit";

export function RepriceButton({ comparison, waiting }: { comparison: ComparisonRecord; waiting?: string | undefined }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="sm"
        onClick={() => setOpen(true)}
        data-testid="reprice-open"
        disabled={waiting !== undefined}
        title={waiting ?? "What these answers would cost at the catalog's prices today, beside what they cost"}
      >
        <History size={13} aria-hidden /> Today's prices
      </Button>
      {open && <RepriceDialog comparison={comparison} onClose={() => setOpen(false)} />}
    </>
  );
}

function RepriceDialog({ comparison, onClose }: { comparison: ComparisonRecord; onClose: () => void }) {
  const { backend } = useServices();
  const q = useQuery({ queryKey: ["reprice", comparison.id], queryFn: () => backend.repriceComparison(comparison.id), staleTime: 0 });
  const rows = q.data ?? [];
  const then = rows.filter((r) => r.then.usd !== null);
  const today = rows.filter((r) => r.today_usd !== null);
  const sum = (xs: (number | null)[]) => xs.reduce<number>((a, x) => a + (x ?? 0), 0);
  const both = rows.filter((r) => r.then.usd !== null && r.today_usd !== null);
  const change = both.length ? sum(both.map((r) => r.today_usd)) - sum(both.map((r) => r.then.usd)) : null;
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title="At today's prices" description="Each answer's tokens at the catalog's list prices now, beside what it cost when it ran." testId="reprice-dialog" className="reprice-dialog">
      <div className="dialog-body">
        {q.error && <p className="form-error">{(q.error as BackendError).message}</p>}
        {!q.data && !q.error && <p className="muted">Pricing…</p>}
        {q.data && (
          <>
            <table className="mini-table" data-testid="reprice-table">
              <thead>
                <tr>
                  <th>Answer</th>
                  <th className="num">Then</th>
                  <th className="num">Today</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.index} data-testid="reprice-row">
                    <td>
                      {r.index + 1} · {r.model}
                    </td>
                    <td className="num" title={r.then.source}>
                      {formatUsd(r.then.usd)}
                    </td>
                    <td className="num" title={r.basis}>
                      {r.today_usd === null ? DASH : formatUsd(r.today_usd)}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr data-testid="reprice-total">
                  <th>
                    Total{then.length < rows.length || today.length < rows.length ? <span className="muted small"> (known prices only)</span> : null}
                  </th>
                  <th className="num">{then.length ? formatUsd(sum(then.map((r) => r.then.usd))) : DASH}</th>
                  <th className="num">{today.length ? formatUsd(sum(today.map((r) => r.today_usd))) : DASH}</th>
                </tr>
              </tfoot>
            </table>
            {change !== null && (
              <p className="small" data-testid="reprice-change">
                {Math.abs(change) < 1e-12 ? "The same as it cost" : change < 0 ? `${formatUsd(-change)} cheaper today` : `${formatUsd(change)} dearer today`}
                {both.length < rows.length && ` (over the ${both.length} answers priced both then and now)`}.
              </p>
            )}
          </>
        )}
        <div className="dialog-actions">
          <Button onClick={onClose}>Close</Button>
        </div>
      </div>
    </Dialog>
  );
}
