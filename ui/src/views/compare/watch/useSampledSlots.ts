// The slots for what summarises a run (race summary, tab titles): the given ones, or the live
// run's sampled 4 times a second — a summary need not follow every frame of 16 streams. A sample
// is drawn at a turn of its own (pace.ts), not in the timer's task: drawn there, it changed the
// page while a column's turn had changed another part, and WebKit laid both out as the whole page.
import { useEffect, useState } from "react";

import type { SlotRecord } from "../../../backend";
import { useServices } from "../../../app/services";
import { cancelTurn, requestTurn } from "./pace";

export function useSampledSlots(given: SlotRecord[] | undefined): SlotRecord[] {
  const { run } = useServices();
  const [sampled, setSampled] = useState(() => run.getState().slots);
  useEffect(() => {
    if (given) return;
    const key = {};
    let last = run.getState().slots;
    const take = () => {
      const now = run.getState().slots;
      if (now !== last) {
        last = now;
        setSampled(now);
      }
    };
    take();
    const id = setInterval(() => {
      if (run.getState().slots !== last) requestTurn(key, take);
    }, 250);
    // A new run or its end shows at once.
    const unsubscribe = run.subscribe((s, prev) => {
      if (s.finished !== prev.finished || s.comparison !== prev.comparison) {
        cancelTurn(key);
        take();
      }
    });
    return () => {
      clearInterval(id);
      cancelTurn(key);
      unsubscribe();
    };
  }, [given, run]);
  return given ?? sampled;
}
