import { useMutation, useQueryClient } from "@tanstack/react-query";

import type { BackendError } from "../backend";
import { Button } from "../kit";
import { useAppInfo } from "./queries";
import { useBackend } from "./services";

/** An unreadable history database is the whole app's concern: said once, above every view. */
export function DatabaseBanner() {
  const info = useAppInfo();
  const backend = useBackend();
  const client = useQueryClient();
  const move = useMutation<string, BackendError>({
    mutationFn: () => backend.moveDatabaseAside(),
    // Everything read from the old file is stale.
    onSuccess: () => client.invalidateQueries(),
  });
  const error = info.data?.database_error;
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
  if (move.data) {
    return (
      <div className="banner banner-ok" role="status" data-testid="database-moved">
        A fresh history was started. The unreadable file was kept as <code>{move.data}</code>.
      </div>
    );
  }
  return null;
}
