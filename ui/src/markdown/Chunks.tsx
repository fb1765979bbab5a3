// A long answer drawn in chunks, and the chunks far from the view dropped from the page.
//
// Owns: grouping an answer's top-level blocks into chunks of about CHUNK_CHARS, and which chunks
// are hidden. Why: WebKit keeps ~2 KB per element (measured), so sixteen columns of long answers
// held ~120 MiB of elements mostly nobody could see.
// Invariants:
// - Chunks are cut greedily from the first block, so a chunk's blocks never change once a later
//   chunk exists (blocks only append; a whole-answer lex that changes them re-renders them).
// - A chunk is hidden only when it is sealed (every block in it closed and a later chunk exists:
//   no text can land in it), the answer is `virtual` (long enough), and it is more than KEEP_PX
//   from the view of the box that scrolls it. A chunk that seals while already far away is
//   looked at again then (observed anew), not only when it next moves.
// - A hidden chunk keeps its element, emptied, at the height it had (a chunk is a flow root, so
//   its children's margins are inside that height): nothing on screen moves. It is drawn again
//   as it comes within KEEP_PX; were its height to differ then (the column was resized) and it
//   is above the view, the view is scrolled by the difference so what the reader sees stays.
// - Where IntersectionObserver is missing (jsdom), nothing is hidden.
// - In answer columns, chunks hide and show at the answer's draw turn (drawTurns.ts), not when
//   the observer reports: a column changed between two other columns' turns makes WebKit lay the
//   whole page out (~11 ms with sixteen columns; layoutBoundary.ts).
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";

import { useDrawTurns } from "./drawTurns";

/** A top-level element of an answer and what it is made of. */
export interface Item {
  node: ReactNode;
  /** Characters of Markdown source it draws. */
  chars: number;
  /** No more text can land in it. */
  closed: boolean;
  /** The first and last blocks it draws: the same objects while it is unchanged (blocks.ts). */
  first: object;
  last: object;
  /** It starts with a margin of its own above it (a heading, a break): see ChunkBox. */
  opens?: boolean;
}

/** Characters of source per chunk (a few screens of a narrow column). */
export const CHUNK_CHARS = 1_500;
/** A chunk further than this (px) above or below the view is hidden. */
export const KEEP_PX = 1_500;

interface Chunk {
  items: Item[];
  sealed: boolean;
}

/** Items grouped greedily into chunks of at least CHUNK_CHARS (the last one: whatever is left). */
export function chunksOf(items: Item[]): Chunk[] {
  const out: Chunk[] = [];
  let cur: Item[] = [];
  let chars = 0;
  for (const it of items) {
    cur.push(it);
    chars += it.chars;
    if (chars >= CHUNK_CHARS) {
      out.push({ items: cur, sealed: false });
      cur = [];
      chars = 0;
    }
  }
  if (cur.length > 0) out.push({ items: cur, sealed: false });
  for (let i = 0; i < out.length - 1; i++) out[i]!.sealed = out[i]!.items.every((x) => x.closed);
  return out;
}

/** The nearest ancestor that scrolls vertically, or null (the window). */
export function scrollParent(el: Element): Element | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const y = getComputedStyle(p).overflowY;
    if (y === "auto" || y === "scroll") return p;
  }
  return null;
}

/**
 * A chunk is a flow root, so the margins between its last block and the next chunk's first block
 * do not collapse as they would in one flow: a chunk's first block has no top margin (the gap is
 * the block before it's bottom margin), unless it opens with a margin of its own (a heading, a
 * break: more room above than a paragraph leaves below), when the block before gives up its
 * bottom margin instead (`md-chunk-opens`, `md-chunk-before-opens`). The spacing reads the same
 * across a chunk's edge as inside a chunk.
 */
const ChunkBox = memo(
  function ChunkBox({ index, chunk, height, box, opens, beforeOpens }: { index: number; chunk: Chunk; height: number | undefined; box: (el: HTMLDivElement | null) => void; opens: boolean; beforeOpens: boolean }) {
    const cls = `md-chunk${opens ? " md-chunk-opens" : ""}${beforeOpens ? " md-chunk-before-opens" : ""}`;
    return (
      <div className={cls} data-chunk={index} ref={box} style={height === undefined ? undefined : { height }}>
        {height === undefined ? chunk.items.map((x) => x.node) : null}
      </div>
    );
  },
  // A sealed chunk whose blocks are the same objects draws the same: not reconciled again.
  (a, b) =>
    a.height === b.height &&
    a.index === b.index &&
    a.opens === b.opens &&
    a.beforeOpens === b.beforeOpens &&
    a.chunk.sealed &&
    b.chunk.sealed &&
    a.chunk.items.length === b.chunk.items.length &&
    a.chunk.items.every((x, k) => x.first === b.chunk.items[k]!.first && x.last === b.chunk.items[k]!.last),
);

export function Chunks({ items, virtual }: { items: Item[]; virtual: boolean }) {
  const chunks = chunksOf(items);
  const sealed = chunks.filter((c) => c.sealed).length;
  const [hidden, setHidden] = useState<ReadonlyMap<number, number>>(() => new Map());
  const els = useRef(new Map<number, HTMLDivElement>());
  const io = useRef<IntersectionObserver | null>(null);
  // How many chunks are sealed, for the observer's callback (which runs after the commit).
  const sealedNow = useRef(sealed);
  useLayoutEffect(() => {
    sealedNow.current = sealed;
  }, [sealed]);

  // One ref callback for every chunk: it keeps the elements by index and has the observer
  // watch each one as it mounts.
  const box = useCallback((el: HTMLDivElement | null) => {
    if (!el) return;
    const i = Number(el.dataset.chunk);
    els.current.set(i, el);
    io.current?.observe(el);
    return () => {
      io.current?.unobserve(el);
      if (els.current.get(i) === el) els.current.delete(i);
    };
  }, []);

  const turns = useDrawTurns();
  const [key] = useState(() => ({}));
  useEffect(() => {
    const first = els.current.values().next().value;
    if (!virtual || !first || typeof IntersectionObserver === "undefined") return;
    const apply = (entries: Iterable<IntersectionObserverEntry>) =>
      setHidden((prev) => {
        let next: Map<number, number> | null = null;
        for (const e of entries) {
          const i = Number((e.target as HTMLElement).dataset.chunk);
          if (e.isIntersecting) {
            if (prev.has(i)) (next ??= new Map(prev)).delete(i);
          } else if (i < sealedNow.current && !prev.has(i) && e.boundingClientRect.height > 0) {
            (next ??= new Map(prev)).set(i, e.boundingClientRect.height);
          }
        }
        return next ?? prev;
      });
    // Reports waiting for the turn: the latest of each chunk.
    const waiting = new Map<number, IntersectionObserverEntry>();
    const observer = new IntersectionObserver(
      (entries) => {
        if (!turns) return apply(entries);
        for (const e of entries) waiting.set(Number((e.target as HTMLElement).dataset.chunk), e);
        turns.request(key, () => {
          const latest = [...waiting.values()];
          waiting.clear();
          apply(latest);
        });
      },
      { root: scrollParent(first), rootMargin: `${KEEP_PX}px 0px` },
    );
    io.current = observer;
    for (const el of els.current.values()) observer.observe(el);
    return () => {
      observer.disconnect();
      io.current = null;
      turns?.cancel(key);
      setHidden((prev) => (prev.size === 0 ? prev : new Map()));
    };
  }, [virtual, turns, key]);

  // A chunk that sealed after it went out of reach: observed anew, so its state is reported now.
  const seen = useRef(0);
  useEffect(() => {
    const observer = io.current;
    for (let i = seen.current; i < sealed && observer; i++) {
      const el = els.current.get(i);
      if (el) {
        observer.unobserve(el);
        observer.observe(el);
      }
    }
    seen.current = sealed;
  }, [sealed, virtual]);

  // A chunk drawn again at another height above the view: the view follows, so nothing moves.
  const before = useRef(hidden);
  useLayoutEffect(() => {
    const was = before.current;
    before.current = hidden;
    for (const [i, h] of was) {
      if (hidden.has(i)) continue;
      const el = els.current.get(i);
      const root = el && scrollParent(el);
      if (!el || !root) continue;
      const r = el.getBoundingClientRect();
      if (Math.abs(r.height - h) > 0.5 && r.top < root.getBoundingClientRect().top) root.scrollTop += r.height - h;
    }
  }, [hidden]);

  return (
    <>
      {chunks.map((c, i) => (
        <ChunkBox key={i} index={i} chunk={c} height={c.sealed ? hidden.get(i) : undefined} box={box} opens={i > 0 && !!c.items[0]?.opens} beforeOpens={!!chunks[i + 1]?.items[0]?.opens} />
      ))}
    </>
  );
}
