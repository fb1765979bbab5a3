import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import type { BackendError, RecoverReport } from "../backend";
import { Button } from "../kit";
import { useAppInfo } from "./queries";
import { useBackend, useServices, useUi } from "./services";

/** What a recovery kept and lost, in a sentence per kind of row a person knows. */
function recovered(r: RecoverReport): string {
  const of = (t: string) => r.tables.find((x) => x.table === t);
  const [c, s] = [of("comparisons"), of("slots")];
  const stretches = r.tables.reduce((n, t) => n + t.damaged_stretches, 0);
  const dropped = r.tables.reduce((n, t) => n + t.lost, 0);
  const parts = [`${c?.copied ?? 0} comparisons and ${s?.copied ?? 0} answers were kept`];
  if (stretches > 0) parts.push(`${stretches} damaged stretch${stretches === 1 ? " was skipped (what it held is lost)" : "es were skipped (what they held is lost)"}`);
  if (dropped > 0) parts.push(`${dropped} row${dropped === 1 ? " was" : "s were"} dropped because what they belonged to was lost`);
  return `${parts.join("; ")}.`;
}

/** An unreadable or damaged history database is the whole app's concern: said once, above every view. */
export function DatabaseBanner() {
  const info = useAppInfo();
  const backend = useBackend();
  const client = useQueryClient();
  const { ui } = useServices();
  const damaged = useUi((s) => s.damaged);
  const [seen, setSeen] = useState(false);
  const move = useMutation<string, BackendError>({
    mutationFn: () => backend.moveDatabaseAside(),
    // Everything read from the old file is stale.
    onSuccess: () => client.invalidateQueries(),
  });
  const recover = useMutation<RecoverReport, BackendError>({
    mutationFn: () => backend.recoverDatabase(),
    onSuccess: () => {
      ui.setState({ damaged: null });
      void client.invalidateQueries();
    },
  });
  const error = info.data?.database_error;
  if (damaged && !recover.data) {
    return (
      <div className="banner banner-bad" role="alert" data-testid="database-damaged">
        <div>
          <strong>Part of your history is damaged.</strong> {damaged}
        </div>
        <Button
          size="sm"
          data-testid="recover-database"
          title="Copies everything still readable into a fresh history at the same place; the damaged file is kept beside it, never deleted."
          disabled={recover.isPending}
          onClick={() => recover.mutate()}
        >
          {recover.isPending ? "Recovering…" : "Recover what can be read"}
        </Button>
        {recover.error && <div data-testid="recover-database-error">{recover.error.message}</div>}
      </div>
    );
  }
  if (recover.data && !seen) {
    return (
      <div className="banner banner-ok" role="status" data-testid="database-recovered">
        <div>
          The history was recovered: {recovered(recover.data)} The damaged file was kept as <code>{recover.data.damaged_kept_at}</code>.
        </div>
        <Button size="sm" variant="ghost" onClick={() => setSeen(true)} data-testid="database-recovered-close">
          Dismiss
        </Button>
      </div>
    );
  }
  if (error) {
    return (
      <div className="banner banner-bad" role="alert" data-testid="database-error">
        <div>
          <strong>History is unavailable.</strong> {error.message}
        </div>
        {error.code === "database_corrupt" && (
          // The old file is renamed beside the new one, never deleted: said in the title and after.
          <Button
            size="sm"
            data-testid="move-database-aside"
            title="Renames the unreadable file beside it (it is kept, never deleted) and starts an empty history."
            disabled={move.isPending}
            onClick={() => move.mutate()}
          >
            Move it aside and start a fresh history
          </Button>
        )}
        {move.error && <div data-testid="move-database-error">{move.error.message}</div>}
      </div>
    );
  }
  if (info.data?.read_only) {
    return (
      <div className="banner banner-warn" role="status" data-testid="database-read-only">
        <div>
          <strong>History is read-only.</strong> {info.data.read_only}
        </div>
      </div>
    );
  }
  if (move.data) {
    return (
      <div className="banner banner-ok" role="status" data-testid="database-moved">
        A fresh history was started. The unreadable file was kept as <code>{move.data}</code>.
      </div>
    );
  }
  return null;
}
