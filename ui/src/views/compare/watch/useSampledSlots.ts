// The slots for what summarises a run (race summary, tab titles): the given ones, or the live
// run's sampled 4 times a second — a summary need not follow every frame of 16 streams.
import { useEffect, useState } from "react";

import type { SlotRecord } from "../../../backend";
import { useServices } from "../../../app/services";

export function useSampledSlots(given: SlotRecord[] | undefined): SlotRecord[] {
  const { run } = useServices();
  const [sampled, setSampled] = useState(() => run.getState().slots);
  useEffect(() => {
    if (given) return;
    let last = run.getState().slots;
    const take = () => {
      const now = run.getState().slots;
      if (now !== last) {
        last = now;
        setSampled(now);
      }
    };
    take();
    const id = setInterval(take, 250);
    // A new run or its end shows at once.
    const unsubscribe = run.subscribe((s, prev) => {
      if (s.finished !== prev.finished || s.comparison !== prev.comparison) take();
    });
    return () => {
      clearInterval(id);
      unsubscribe();
    };
  }, [given, run]);
  return given ?? sampled;
}
