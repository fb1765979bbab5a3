// A column as a relayout boundary: a change inside it lays out that column only, not the page.
//
// Why: WebKit lays out an element on its own (a "relayout boundary") only when it clips its
// overflow and its width and height are fixed lengths — not `auto`, not a percentage; CSS
// containment (`contain: strict`) does not make one in WebKitGTK 2.50 (measured). Without one,
// every token that reaches a column, and every tick of its live figures, laid out all sixteen
// columns: ~30 ms at the end of a 16-column run, ~80 ms halfway, twice a frame (BENCHMARKS.md,
// "Sixteen columns, one layout each"). With one, the same changes lay out in under 1 ms.
//
// One at a time: WebKit keeps a single pending "subtree layout" root. When a second boundary,
// disjoint from the first, changes before a layout, it gives up and lays out the whole page
// (`convertSubtreeLayoutToFullLayout`: ~13 ms with sixteen columns streaming, every frame two
// columns drew). So whatever changes several columns in one frame changes them one by one, each
// laid out (`layOutNow`) before the next: the paced turns (pace.ts), the live clock (useLive.ts).
//
// Changes inside the boundary only, not to its own child list: a child added to or removed from
// the boundary element itself marks the boundary as needing layout, and WebKit then lays out its
// parent (the page) — so a column's parts sit in one frame element (`.column-frame`), measured
// 12–15 ms for each column whose live line went at its end, under 1 ms with the frame.
// Within one task, a second column changed after the first was laid out is laid out with the
// whole page all the same (pace.ts draws each in a task of its own).
//
// How: the column is placed absolutely in its box (`inset: 0`) and sized `100cqw` × `100cqh`, the
// box being a size container (watch.css): container units resolve to fixed lengths, so WebKit
// takes the column as a boundary (measured: one column changed lays out in under 1 ms, 10–21 ms
// with the size left `auto`). The box's size never depends on what the column holds. Until
// 2026-12-04 a ResizeObserver copied the box's size onto the column in pixels; its first report
// changed the style of every column of a new grid at once: a second layout of all of them in the
// frame after Send.
//
// Owns: `layOutNow`, the layout between two columns' changes.

/**
 * Lays out what changed since the last layout, now. With one column changed, that is the column
 * alone (under 1 ms); called between columns' changes so that a frame never holds two. A
 * bounding box, not `offsetHeight`: WebKit skips the layout for an offset* read whose element's
 * size the pending change cannot affect.
 */
export function layOutNow(): void {
  if (typeof document !== "undefined") document.documentElement.getBoundingClientRect();
}
