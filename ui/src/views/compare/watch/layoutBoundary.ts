// A column as a relayout boundary: a change inside it lays out that column only, not the page.
//
// Why: WebKit lays out an element on its own (a "relayout boundary") only when it clips its
// overflow and its width and height are fixed lengths — not `auto`, not a percentage; CSS
// containment (`contain: strict`) does not make one in WebKitGTK 2.50 (measured). Without one,
// every token that reaches a column, and every tick of its live figures, laid out all sixteen
// columns: ~30 ms at the end of a 16-column run, ~80 ms halfway, twice a frame (BENCHMARKS.md,
// "Sixteen columns, one layout each"). With one, the same changes lay out in under 1 ms.
//
// Owns: the inner element's inline width and height. Invariants: the inner element is placed
// absolutely in `box` (CSS: `inset: 0`), so it fills the box with or without this hook (jsdom
// has no ResizeObserver) and the box's size never depends on what the column holds; the hook
// only copies the box's size onto it in pixels. ResizeObserver reports after layout and before
// paint, so a resized box never paints a column of the old size.
import { useLayoutEffect, type RefObject } from "react";

export function useLayoutBoundary(box: RefObject<HTMLElement | null>, inner: RefObject<HTMLElement | null>) {
  useLayoutEffect(() => {
    const outer = box.current;
    const el = inner.current;
    if (!outer || !el || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver((entries) => {
      const rect = entries[entries.length - 1]!.contentRect;
      el.style.width = `${rect.width}px`;
      el.style.height = `${rect.height}px`;
    });
    observer.observe(outer);
    return () => {
      observer.disconnect();
      el.style.width = "";
      el.style.height = "";
    };
  }, [box, inner]);
}
