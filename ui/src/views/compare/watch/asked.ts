// What each column of a comparison was asked with, from the targets the engine saved with its
// answers (`answer_targets`): shown on a saved comparison as on a live one, so a column asked
// again with temperature 0.3 still says so when it is opened from History.
//
// Invariants: a column names only the parameters that set it apart from the others (the value
// most columns share is "the usual", ties going to the provider's default); what every column
// shares is said once for the comparison; one column alone names all of its own. Pure but for
// the hook, so it is unit-tested.
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";

import type { Target } from "../../../backend";
import { useServices } from "../../../app/services";
import { BLANK_COLUMN, columnDraftOfTarget, describeColumn, describeField, type ColumnField } from "../../../params";

export interface AskedWith {
  /** Per slot index: the parameters that set this column apart, or null. */
  each: (string | null)[];
  /** What every column was asked with ("temp 0.7 · max 500"), or null. */
  all: string | null;
}

/** The most common value (ties: the blank one, the provider's default; then the earliest seen). */
function usual(values: string[], blank: string): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0] ?? blank;
  for (const [v, n] of counts) {
    const b = counts.get(best)!;
    if (n > b || (n === b && v === blank && best !== blank)) best = v;
  }
  return best;
}

export function askedWith(targets: Target[]): AskedWith {
  const drafts = targets.map(columnDraftOfTarget);
  const each: string[][] = drafts.map(() => []);
  const all: string[] = [];
  if (drafts.length === 1) {
    const one = describeColumn(drafts[0]!);
    return { each: [one], all: null };
  }
  for (const key of Object.keys(BLANK_COLUMN) as ColumnField[]) {
    const values = drafts.map((d) => d[key].trim());
    const blank = BLANK_COLUMN[key];
    const common = usual(values, blank);
    if (values.every((v) => v === common)) {
      if (common !== blank) all.push(describeField(key, common));
      continue;
    }
    values.forEach((v, i) => v !== common && each[i]!.push(describeField(key, v)));
  }
  return { each: each.map((parts) => (parts.length ? parts.join(" · ") : null)), all: all.length ? all.join(" · ") : null };
}

/**
 * The labels for comparison `id`'s `count` columns, once its targets are read (null before, and
 * without an id). A column added by asking again changes `count`, which reads them anew.
 */
export function useAskedWith(id: string | null | undefined, count: number): AskedWith | null {
  const { backend } = useServices();
  const q = useQuery({
    queryKey: ["answer-targets", id, count],
    queryFn: () => backend.answerTargets(id!),
    enabled: !!id && count > 0,
    staleTime: Infinity,
  });
  return useMemo(() => (q.data && q.data.length === count ? askedWith(q.data) : null), [q.data, count]);
}
