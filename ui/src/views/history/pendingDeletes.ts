// Delete with undo: a comparison deleted from History disappears at once and is deleted for good
// only when the undo window has passed (`UNDO_MS`), so Undo needs no copy and restores exactly
// what was there. If the app closes inside the window nothing is deleted — the safe way round.
//
// Owns: the ids waiting, and their timers. Invariant: an id is in `waiting` from the click until
// it is deleted or undone; lists hide every id in it.
import type { QueryClient } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";

import type { Backend, BackendError } from "../../backend";
import { qk } from "../../app/queries";
import { toast } from "../../kit";

export const UNDO_MS = 6_000;

let waiting: ReadonlySet<string> = new Set();
const listeners = new Set<() => void>();
const set = (next: ReadonlySet<string>) => {
  waiting = next;
  listeners.forEach((l) => l());
};

/** The ids waiting to be deleted (a list leaves them out). */
export function useDeleting(): ReadonlySet<string> {
  return useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => waiting,
  );
}

/** Deletes `ids` after the undo window; the toast's Undo keeps them. */
export function deleteWithUndo(ids: string[], backend: Pick<Backend, "deleteComparison">, client: QueryClient, what: string) {
  if (ids.length === 0) return;
  set(new Set([...waiting, ...ids]));
  const keep = () => set(new Set([...waiting].filter((id) => !ids.includes(id))));
  const timer = setTimeout(() => {
    void Promise.allSettled(ids.map((id) => backend.deleteComparison(id))).then((results) => {
      keep();
      for (const id of ids) client.removeQueries({ queryKey: qk.comparison(id) });
      for (const key of [qk.history, qk.insights, qk.dataInfo]) void client.invalidateQueries({ queryKey: key });
      const failed = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
      if (failed.length) toast.error(`${failed.length} could not be deleted: ${(failed[0]!.reason as BackendError).message}`);
    });
  }, UNDO_MS);
  toast(`Deleted ${what}`, {
    duration: UNDO_MS,
    action: {
      label: "Undo",
      onClick: () => {
        clearTimeout(timer);
        keep();
      },
    },
  });
}
