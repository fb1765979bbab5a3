// Scroll together: the others follow a person's scroll to the same fraction; code's own scrolls
// (and the moves it makes) do not set anyone else moving.
import { describe, expect, it } from "vitest";

import { markOwnScroll, scrollOthersWith } from "./scrollTogether";

/** A column body with a fixed content height and viewport (jsdom has no layout). */
function body(parent: HTMLElement, scrollHeight: number, clientHeight: number): HTMLElement {
  const el = document.createElement("div");
  el.className = "column-body";
  let top = 0;
  Object.defineProperty(el, "scrollHeight", { value: scrollHeight });
  Object.defineProperty(el, "clientHeight", { value: clientHeight });
  Object.defineProperty(el, "scrollTop", { get: () => top, set: (v: number) => (top = Math.max(0, Math.min(v, scrollHeight - clientHeight))) });
  parent.append(el);
  return el;
}

function grid() {
  const g = document.createElement("div");
  g.setAttribute("data-testid", "answers");
  document.body.append(g);
  return g;
}

describe("scrolling the answers together", () => {
  it("moves every other column of the grid to the same fraction of its answer", () => {
    const g = grid();
    const source = body(g, 1100, 100); // 1,000 px to scroll
    const longer = body(g, 2100, 100); // 2,000
    const shorter = body(g, 300, 100); // 200
    const fits = body(g, 100, 100); // nothing to scroll
    const elsewhere = body(grid(), 1100, 100); // another grid (History beside Compare)
    source.scrollTop = 500; // half-way
    scrollOthersWith(source);
    expect([longer.scrollTop, shorter.scrollTop, fits.scrollTop, elsewhere.scrollTop]).toEqual([1000, 100, 0, 0]);
    // The columns it moved do not move the others back when their scroll events arrive.
    longer.scrollTop = 1000;
    source.scrollTop = 0;
    scrollOthersWith(longer);
    expect(source.scrollTop).toBe(0);
  });

  it("ignores scrolls made by code (a streaming column following its end)", () => {
    const g = grid();
    const streaming = body(g, 1100, 100);
    const other = body(g, 1100, 100);
    markOwnScroll(streaming);
    streaming.scrollTop = 1000;
    scrollOthersWith(streaming);
    expect(other.scrollTop).toBe(0);
  });
});
