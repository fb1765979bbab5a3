// Long lists of same-height rows (the Prices table, Compare's model picker): only the rows in
// view (and a few either side) are in the DOM; spacers of the right height stand for the rest,
// so the rows stay in the normal flow (a <table> keeps its columns, a <ul> its items) and the
// scrollbar tells the whole length. The row height is measured once, from the first row shown.
import { defaultRangeExtractor, useVirtualizer, type Range, type VirtualItem } from "@tanstack/react-virtual";
import { useCallback, useLayoutEffect, useRef, useState, type FocusEvent } from "react";

/** A run of rows to render, or the space of the rows that are not. */
export type Slice = { kind: "row"; item: VirtualItem } | { kind: "gap"; key: string; size: number };

interface Options {
  count: number;
  /** The element that scrolls. */
  getScrollElement: () => HTMLElement | null;
  /** Row height (px) until the first row is measured. */
  estimate: number;
  /** From the top of the scrolling content to the first row (a toolbar, a table header), px. */
  scrollMargin?: number;
  /** Rows rendered beyond each edge of the view. */
  overscan?: number;
  getItemKey?: (index: number) => string;
}

/**
 * A list this short is rendered whole: it costs little, and every row stays in the DOM
 * (find in page, assistive technology, the end-to-end specs that click a row by its id).
 */
export const RENDER_ALL_UP_TO = 50;

function everyRow(count: number, size: number, start: number, key?: (index: number) => string): VirtualItem[] {
  return Array.from({ length: count }, (_, index) => ({ index, key: key ? key(index) : index, start: start + index * size, end: start + (index + 1) * size, size, lane: 0 }));
}

export function useVirtualRows({ count, getScrollElement, estimate, scrollMargin = 0, overscan = 5, getItemKey }: Options) {
  const [rowHeight, setRowHeight] = useState(estimate);
  const measured = useRef(false);
  // The row holding focus stays rendered when scrolled away, so focus is never dropped.
  const focused = useRef<{ index: number; container: HTMLElement } | null>(null);
  const whole = count <= RENDER_ALL_UP_TO;
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      const f = focused.current;
      // Focus can leave without a blur (a button that becomes disabled): then no row is kept.
      if (f === null || !f.container.contains(document.activeElement)) return indexes;
      if (f.index < range.count && !indexes.includes(f.index)) return [...indexes, f.index].sort((a, b) => a - b);
      return indexes;
    },
    [],
  );
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read in this render only, never memoized across renders
  const virtualizer = useVirtualizer({
    count,
    getScrollElement,
    estimateSize: () => rowHeight,
    scrollMargin,
    overscan,
    getItemKey,
    rangeExtractor,
  });
  // The sizes are cached by the virtualizer: a new height (the estimate was off) drops them.
  const sizedFor = useRef(rowHeight);
  useLayoutEffect(() => {
    if (sizedFor.current === rowHeight) return;
    sizedFor.current = rowHeight;
    virtualizer.measure();
  }, [virtualizer, rowHeight]);

  /** Put on the first row rendered: its height is read once and used for every row. */
  const measureRow = useCallback((el: HTMLElement | null) => {
    if (!el || measured.current) return;
    measured.current = true;
    const h = el.getBoundingClientRect().height;
    if (h > 0) setRowHeight((prev) => (Math.abs(prev - h) < 0.5 ? prev : h));
  }, []);

  const items = whole ? everyRow(count, rowHeight, scrollMargin, getItemKey) : virtualizer.getVirtualItems();
  const slices: Slice[] = [];
  let at = scrollMargin;
  for (const item of items) {
    if (item.start > at + 0.5) slices.push({ kind: "gap", key: `gap-${item.index}`, size: item.start - at });
    slices.push({ kind: "row", item });
    at = item.end;
  }
  const end = whole ? at : virtualizer.getTotalSize() + scrollMargin;
  if (end > at + 0.5) slices.push({ kind: "gap", key: "gap-end", size: end - at });

  /** On the rows' container: which row holds focus (rows carry data-index). */
  const focusProps = {
    onFocus: (e: FocusEvent<HTMLElement>) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>("[data-index]");
      focused.current = row ? { index: Number(row.dataset.index), container: e.currentTarget } : null;
    },
    onBlur: (e: FocusEvent<HTMLElement>) => {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) focused.current = null;
    },
  };
  /** The index of the first row rendered: the one to give `measureRow`. */
  const firstRow = items[0]?.index ?? -1;
  return { slices, firstRow, measureRow, focusProps };
}
