// Scroll together: with the preference on, scrolling one answer scrolls the others of the same
// grid to the same place (the same fraction of each answer), so long answers are read side by
// side. Off by default: answers differ in length, and a person often reads one at a time.
//
// Owns: moving the other columns. Invariants: only a person's scroll moves the others; a move
// made here, or the follow-the-end write of a streaming column (`markOwnScroll`), is not a
// person's scroll, so columns never chase each other.
const OWN_MS = 80;
const ownScrollAt = new WeakMap<HTMLElement, number>();

/** The next scroll events of `el` (for a short while) come from code, not from a person. */
export function markOwnScroll(el: HTMLElement) {
  ownScrollAt.set(el, performance.now());
}

const isOwn = (el: HTMLElement) => performance.now() - (ownScrollAt.get(el) ?? -Infinity) < OWN_MS;

/** Call from a column body's scroll event: moves the other columns of its grid to match. */
export function scrollOthersWith(source: HTMLElement) {
  if (isOwn(source)) return;
  const room = source.scrollHeight - source.clientHeight;
  if (room <= 0) return;
  const at = source.scrollTop / room;
  const grid = source.closest("[data-testid='answers']");
  if (!grid) return;
  for (const el of grid.querySelectorAll<HTMLElement>(".column-body")) {
    if (el === source) continue;
    const target = Math.round(at * (el.scrollHeight - el.clientHeight));
    if (Math.abs(el.scrollTop - target) < 1) continue;
    markOwnScroll(el);
    el.scrollTop = target;
  }
}
