import { useEffect, useRef } from "react";

import { firesGlobally, SHORTCUTS, type ShortcutId } from "../shortcuts";

/** The one global keydown listener: runs the handler of the first shortcut that matches. */
export function useShortcuts(handlers: Partial<Record<ShortcutId, () => void>>) {
  const current = useRef(handlers);
  useEffect(() => {
    current.current = handlers;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      for (const s of SHORTCUTS) {
        const run = current.current[s.id];
        if (run && firesGlobally(s, e)) {
          e.preventDefault();
          run();
          return;
        }
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
