// The answers area: the race summary, a layout switch, and the columns — side by side
// (resizable), a grid of two rows, or tabs; any column maximised with the rest on a rail.
//
// Owns: display order, the pinned baseline (unless the caller controls it), the maximised column
// and the tab shown; the layout is a preference (`answersLayout`), column widths are saved per
// column count (`layouts["compare.columns.N"]`, by position). Invariants:
// - A column keeps its width when it moves (dragged, pinned, shuffled): the widths by position
//   are permuted with the order.
// - `children` are the columns in slot order (child i is slot i), as AnswerGrid passes them; the
//   grid only wraps and places them, each live column still subscribes to its own slot, so a
//   column's tokens re-render that column only.
// - A baseline is pinned first and stays in view when the columns scroll sideways.
// - Rail items and tabs are the same column components drawn small (ColumnPlace.as), so their
//   status and tok/s stay live.
import "./watch.css";

import { ArrowDownUp, Columns3, LayoutGrid, PanelTop } from "lucide-react";
import { Children, Fragment, memo, useCallback, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { useShallow } from "zustand/react/shallow";

import type { SlotRecord } from "../../../backend";
import { DrawTurnsContext } from "../../../markdown/drawTurns";
import type { AnswersLayout } from "../../../app/prefs";
import { usePrefs, useRun, useServices } from "../../../app/services";
import { isRunning } from "../../../run/runStore";
import { createMenuHandle, cx, type Layout, MenuHost, Panel, PanelHandle, Panels, useGroupRef } from "../../../kit";
import { AnswerColumn, type RetryHow } from "./AnswerColumn";
import { useAskedWith } from "./asked";
import { ColumnMenuItems } from "./ColumnParts";
import { ColumnMenuContext, ColumnPlaceContext, type ColumnActions, type ColumnAs, type ColumnDecor, type ColumnMenuFor, type ColumnPlace } from "./context";
import { LinkGuard } from "./LinkGuard";
import { PACED_DRAWS } from "./pace";
import { RACE_METRICS, rank, type RaceMetric } from "./race";
import { RaceSummary } from "./RaceSummary";
import { useSampledSlots } from "./useSampledSlots";

export interface GridModes {
  /** Slot indices in display order (blind mode shuffles); the person can still reorder. */
  order?: number[] | undefined;
  /** What a mode (blind, diff) changes per column. */
  decor?: ((slotIndex: number) => ColumnDecor | undefined) | undefined;
  /** The pinned baseline: given, the caller controls it (with `onBaselineChange`). */
  baseline?: number | null | undefined;
  onBaselineChange?: ((slot: number | null) => void) | undefined;
  /** The comparison shown: each column says what it was asked with (its saved target). */
  comparisonId?: string | null | undefined;
  /**
   * Whether columns side by side can be resized by dragging the lines between them (true unless
   * said). False: they keep the widths the person last gave that many columns in Compare, fixed.
   * Why: the resizable group measures the page as its panels register, forcing two or three
   * layouts of every answer before the first paint — a third of opening a comparison in
   * History's preview (BENCHMARKS.md, "A run's end in turns, and opening a comparison").
   */
  resizable?: boolean | undefined;
}

interface GridProps extends GridModes {
  /**
   * The answers shown (a saved comparison, a finished run), or null for the live run's: then
   * each column follows its own slot in the run store, so one slot's tokens re-render one column.
   */
  slots: SlotRecord[] | null;
  focusedSlot?: number | undefined;
  /** Present when the comparison can be followed up: continue only this answer. */
  onContinueSlot?: ((index: number) => void) | undefined;
  /**
   * While the run streams: why Continue cannot be used yet. Each answer shows its Continue,
   * disabled, from its own end, and the run's end only enables them: sixteen buttons added in
   * the frame the run ended made that frame lay out and draw every column.
   */
  continueWaiting?: string | undefined;
  /** Present when an answer can be asked again (a live comparison that is over). */
  onRetrySlot?: ((index: number, how: RetryHow) => void) | undefined;
}

const NO_IDS: string[] = [];

/**
 * The answers side by side: a saved comparison's (History, a past comparison in Compare) or the
 * live run's. A run that ends keeps the same grid and the same columns (the same components at
 * the same places, keyed by slot id): only what changed is drawn again. (Swapping a live grid for
 * a saved one rebuilt sixteen answers and their panels in one frame: ~0.4 s.)
 */
export function AnswerGrid({ slots, focusedSlot, onContinueSlot, continueWaiting, onRetrySlot, ...modes }: GridProps) {
  const liveIds = useRun(useShallow((s) => (slots ? NO_IDS : s.slots.map((x) => x.id))));
  const ids = slots ? slots.map((s) => s.id) : liveIds;
  return (
    <AnswerGridFrame count={ids.length} slots={slots ?? undefined} {...modes}>
      {ids.map((id, i) => {
        // A saved slot's own index (what continue, retry and the URL's `?slot=` name); live, its place.
        const index = slots?.[i]?.index ?? i;
        return <GridColumn key={id} index={index} slot={slots?.[i]} focused={focusedSlot === index} onContinue={onContinueSlot} continueWaiting={continueWaiting} onRetry={onRetrySlot} />;
      })}
    </AnswerGridFrame>
  );
}

interface GridColumnProps {
  index: number;
  /** Given: that answer; absent: the live run's slot `index`, with its notices and Stop. */
  slot: SlotRecord | undefined;
  focused: boolean;
  onContinue: ((index: number) => void) | undefined;
  continueWaiting?: string | undefined;
  onRetry: ((index: number, how: RetryHow) => void) | undefined;
}

/** One column of the grid: its callbacks bound to its index once, so it re-renders for its own slot only. */
export const GridColumn = memo(function GridColumn({ index, slot: given, focused, onContinue, continueWaiting, onRetry }: GridColumnProps) {
  const { run } = useServices();
  const live = given === undefined;
  const slot = useRun((s) => given ?? s.slots[index]);
  const notice = useRun((s) => (live ? s.notices[index] : undefined));
  const queued = useRun((s) => live && !!s.queued[index]);
  const running = useRun((s) => live && isRunning(s));
  const stop = useCallback(() => void run.cancelSlot(index), [run, index]);
  const cont = useCallback(() => onContinue?.(index), [onContinue, index]);
  const retry = useCallback((how: RetryHow) => onRetry?.(index, how), [onRetry, index]);
  if (!slot) return null;
  return (
    <AnswerColumn
      slot={slot}
      notice={notice}
      queued={queued}
      focused={focused}
      onStop={running ? stop : undefined}
      onContinue={onContinue ? cont : undefined}
      continueWaiting={continueWaiting}
      onRetry={onRetry ? retry : undefined}
    />
  );
});

const MIN_COLUMN = 240;
const LAYOUTS: { value: AnswersLayout; label: string; icon: ReactNode }[] = [
  { value: "columns", label: "Columns side by side", icon: <Columns3 size={15} aria-hidden /> },
  { value: "grid", label: "A grid of two rows", icon: <LayoutGrid size={15} aria-hidden /> },
  { value: "tabs", label: "Tabs: one answer at a time", icon: <PanelTop size={15} aria-hidden /> },
];

const sameOrder = <T,>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const NO_BEST: RaceMetric[] = [];

/** What a column's actions act on: the grid's state and setters, as last committed. */
interface GridState {
  shown: number[];
  pinned: number | null;
  max: number | null;
  move(slot: number, to: number): void;
  setPinned(slot: number | null): void;
  setMaximised(slot: number | null): void;
  setTab(slot: number): void;
}

/**
 * Each column's actions, made once (by slot and how it is drawn): they act on the grid's state as
 * last committed (`commit`, from a layout effect), so a render never changes them.
 */
function columnActions() {
  const made = new Map<string, ColumnActions>();
  const latest: { current: GridState | null } = { current: null };
  let dragging: number | null = null;
  const commit = (g: GridState) => {
    latest.current = g;
  };
  const of = (slot: number, as: ColumnAs): ColumnActions => {
    const key = `${as}-${slot}`;
    let a = made.get(key);
    if (a) return a;
    const at = (g: GridState) => g.shown.indexOf(slot);
    const run = (f: (g: GridState) => void) => {
      if (latest.current) f(latest.current);
    };
    a = {
      move: (by) => run((g) => g.move(slot, at(g) + by)),
      toggleBaseline: () => run((g) => g.setPinned(g.pinned === slot ? null : slot)),
      toggleMaximised: () => run((g) => g.setMaximised(g.max === slot ? null : slot)),
      select: () => run((g) => (as === "tab" ? g.setTab(slot) : g.setMaximised(slot))),
      dragStart: () => {
        dragging = slot;
      },
      dropOn: () => {
        const from = dragging;
        dragging = null;
        if (from !== null && from !== slot) run((g) => g.move(from, g.shown.indexOf(slot)));
      },
    };
    made.set(key, a);
    return a;
  };
  return { of, commit };
}

/** Two places of a column that draw the same (`best` by its metrics, the rest by identity). */
function samePlace(a: ColumnPlace, b: ColumnPlace): boolean {
  const keys = Object.keys(b) as (keyof ColumnPlace)[];
  return keys.every((k) => (k === "best" ? sameOrder(a.best, b.best) : a[k] === b[k]));
}

/**
 * Equal widths, for a column count the person never resized: given as the group's layout rather
 * than left to the library, which otherwise measures the new grid a second time as it first
 * draws (a forced layout of every column, 10–20 ms with sixteen).
 */
const equalLayouts = new Map<number, Record<string, number>>();
function equalLayout(count: number): Record<string, number> {
  let l = equalLayouts.get(count);
  if (!l) equalLayouts.set(count, (l = Object.fromEntries(Array.from({ length: count }, (_, i) => [`p${i}`, 100 / count]))));
  return l;
}

/**
 * Places `count` columns (child i is slot i). `slots` feeds the race summary and the tab titles;
 * without it the grid reads the live run (sampled 4 times a second).
 */
export function AnswerGridFrame({ count, children, slots: given, order, decor, baseline, onBaselineChange, comparisonId, resizable = true }: { count: number; children: ReactNode; slots?: SlotRecord[] | undefined } & GridModes) {
  const { prefs } = useServices();
  const layout = usePrefs((s) => s.answersLayout);
  const together = usePrefs((s) => s.scrollTogether);
  const sizes = usePrefs((s) => s.layouts[`compare.columns.${count}`]);
  const slots = useSampledSlots(given);
  const asked = useAskedWith(comparisonId, count);
  const items = Children.toArray(children);

  // Display order: the caller's (or slot order), then the person's moves on top of it.
  const base = order && order.length === count ? order : Array.from({ length: count }, (_, i) => i);
  const [moved, setMoved] = useState<{ base: number[]; order: number[] } | null>(null);
  const display = moved && sameOrder(moved.base, base) ? moved.order : base;
  const [ownBaseline, setOwnBaseline] = useState<number | null>(null);
  const controlled = baseline !== undefined;
  const pinned = controlled ? baseline : ownBaseline !== null && ownBaseline < count ? ownBaseline : null;
  const shown = pinned !== null && display.includes(pinned) ? [pinned, ...display.filter((s) => s !== pinned)] : display;
  const [maximised, setMaximised] = useState<number | null>(null);
  const max = maximised !== null && maximised < count ? maximised : null;
  const [tab, setTab] = useState(0);
  const active = shown.includes(tab) ? tab : shown[0] ?? 0;
  // Every column's "more actions" button opens this one menu (ColumnParts.ColumnMenu).
  const [menu] = useState(() => createMenuHandle<ColumnMenuFor>());
  // Each column's place, kept across renders (see `place` below), and its actions, one object
  // per column for good, doing what the last committed render's state says.
  const [places] = useState(() => new Map<string, ColumnPlace>());
  const [actions] = useState(columnActions);

  // Widths follow their columns: when the order changes, the sizes by position are permuted the
  // same way (and saved, when the person had set any).
  const group = useGroupRef();
  const lastShown = useRef(shown);
  const shownKey = shown.join(",");
  useLayoutEffect(() => {
    const before = lastShown.current;
    lastShown.current = shown;
    const g = group.current;
    if (!g || before.length !== shown.length || sameOrder(before, shown)) return;
    const now = g.getLayout();
    const next: Layout = {};
    shown.forEach((slot, i) => {
      const size = now[`p${before.indexOf(slot)}`];
      if (size !== undefined) next[`p${i}`] = size;
    });
    if (Object.keys(next).length !== shown.length) return;
    g.setLayout(next);
    const key = `compare.columns.${count}`;
    if (prefs.getState().layouts[key]) prefs.set("layouts", { ...prefs.getState().layouts, [key]: next });
    // `shown` is read through its key: a new array with the same order is no move.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shownKey]);

  const setOrder = (next: number[]) => setMoved({ base, order: next });
  const move = (slot: number, to: number) => {
    const rest = shown.filter((s) => s !== slot);
    rest.splice(Math.max(0, Math.min(to, rest.length)), 0, slot);
    setOrder(rest);
  };
  const setPinned = (slot: number | null) => (controlled ? onBaselineChange?.(slot) : setOwnBaseline(slot));

  // Each answer's best figures, highlighted in its own footer ("best value highlighted").
  const bests = new Map<number, RaceMetric[]>();
  if (count > 1) {
    for (const m of RACE_METRICS) {
      for (const r of rank(slots, m.key)) if (r.rank === 1) bests.set(r.slot, [...(bests.get(r.slot) ?? []), m.key]);
    }
  }
  // The strip names answers as their columns do: a mode that hides identity (blind) gives the
  // neutral title, never the model.
  const raceName = (slot: number): string => {
    const d = decor?.(slot);
    if (!d?.hideIdentity) return slots[slot]?.model ?? `#${slot + 1}`;
    return typeof d.title === "string" ? d.title : "an answer";
  };
  const runs = slots.some((s) => s.repeat > 0);
  // Each column's place is the object it had while nothing in it changed: the grid draws again
  // at every sample of the race (4 times a second while a run streams), and a new place for every
  // column drew all sixteen columns again, outside their turns (pace.ts).
  const state: GridState = { shown, pinned, max, move, setPinned, setMaximised, setTab };
  useLayoutEffect(() => actions.commit(state));
  const place = (slot: number, position: number, as: ColumnAs): ColumnPlace => {
    const key = `${as}-${slot}`;
    const next: ColumnPlace = {
      as,
      runs,
      position,
      count,
      decor: decor?.(slot),
      baseline: pinned === slot,
      maximised: max === slot,
      active: as === "tab" ? active === slot : max === slot,
      best: bests.get(slot) ?? NO_BEST,
      asked: asked?.each[slot] ?? null,
      actions: actions.of(slot, as),
    };
    const before = places.get(key);
    if (before && samePlace(before, next)) return before;
    places.set(key, next);
    return next;
  };
  const wrap = (slot: number, position: number, as: ColumnAs) => (
    <ColumnPlaceContext.Provider key={`${as}-${slot}`} value={place(slot, position, as)}>
      {items[slot]}
    </ColumnPlaceContext.Provider>
  );

  let body: ReactNode;
  if (count === 1) {
    body = <div className="grid grid-single">{wrap(0, 0, "column")}</div>;
  } else if (max !== null) {
    body = (
      <div className="watch-maximised">
        <div className="watch-main">{wrap(max, shown.indexOf(max), "column")}</div>
        <nav className="rail" aria-label="The other answers" data-testid="rail">
          {shown.filter((s) => s !== max).map((s) => wrap(s, shown.indexOf(s), "rail"))}
        </nav>
      </div>
    );
  } else if (layout === "tabs") {
    body = (
      <div className="watch-tabs">
        <nav className="tab-strip" aria-label="Answers" data-testid="tab-strip">
          {shown.map((s, i) => wrap(s, i, "tab"))}
        </nav>
        <div className="watch-main">{wrap(active, shown.indexOf(active), "column")}</div>
      </div>
    );
  } else if (layout === "grid") {
    body = (
      <div className="grid grid-rows" style={{ gridTemplateColumns: `repeat(${Math.ceil(count / 2)}, minmax(${MIN_COLUMN}px, 1fr))` }}>
        {shown.map((s, i) => wrap(s, i, "column"))}
      </div>
    );
  } else if (!resizable) {
    body = (
      <div className="cols-scroll" data-testid="columns-scroll">
        <div className="cols-track" style={{ minWidth: `${count * MIN_COLUMN}px` }}>
          {shown.map((s, i) => (
            // As the resizable group lays its panels out: each grows by its saved share.
            <div key={i} className={cx("panel col-panel", i === 0 && pinned === s && "col-pinned")} style={{ flex: `${sizes?.[`p${i}`] ?? 1} 1 0px` }}>
              {wrap(s, i, "column")}
            </div>
          ))}
        </div>
      </div>
    );
  } else {
    body = (
      <div className="cols-scroll" data-testid="columns-scroll">
        <div className="cols-track" style={{ minWidth: `${count * MIN_COLUMN}px` }}>
          <Panels
            key={count}
            groupRef={group}
            id={`compare.columns.${count}`}
            layout={sizes ?? equalLayout(count)}
            onLayout={(l) => prefs.set("layouts", { ...prefs.getState().layouts, [`compare.columns.${count}`]: l })}
          >
            {shown.map((s, i) => (
              <Fragment key={i}>
                {i > 0 && <PanelHandle label="Resize the answers beside this line" />}
                <Panel id={`p${i}`} minSize={200} className={cx("col-panel", i === 0 && pinned === s && "col-pinned")}>
                  {wrap(s, i, "column")}
                </Panel>
              </Fragment>
            ))}
          </Panels>
        </div>
      </div>
    );
  }

  return (
    <LinkGuard>
      <DrawTurnsContext.Provider value={PACED_DRAWS}>
        <ColumnMenuContext.Provider value={menu}>
          <div className="watch" data-testid="answers" data-layout={max !== null ? "maximised" : layout} data-count={count}>
            {count > 1 && (
              <div className="watch-bar">
                <RaceSummary slots={slots} nameOf={raceName} hideCost={shown.some((s) => !!decor?.(s)?.hideIdentity)} />
                {asked?.all && (
                  <span className="watch-asked" title="Every answer was asked with these parameters" data-testid="asked-all">
                    all asked with {asked.all}
                  </span>
                )}
                <button
                  type="button"
                  className={cx("layout-btn scroll-together", together && "on")}
                  aria-pressed={together}
                  aria-label="Scroll the answers together"
                  title={together ? "Scrolling one answer scrolls the others: on" : "Scroll the answers together: scrolling one scrolls the others to the same place"}
                  onClick={() => prefs.set("scrollTogether", !together)}
                  data-testid="scroll-together"
                >
                  <ArrowDownUp size={14} aria-hidden />
                </button>
                <div className="layout-switch" role="radiogroup" aria-label="Layout of the answers">
                  {LAYOUTS.map((l) => (
                    <button
                      key={l.value}
                      type="button"
                      role="radio"
                      aria-checked={layout === l.value}
                      aria-label={l.label}
                      title={l.label}
                      className={cx("layout-btn", layout === l.value && "on")}
                      onClick={() => {
                        setMaximised(null);
                        prefs.set("answersLayout", l.value);
                      }}
                      data-testid={`layout-${l.value}`}
                    >
                      {l.icon}
                    </button>
                  ))}
                </div>
              </div>
            )}
            {body}
          </div>
        </ColumnMenuContext.Provider>
      </DrawTurnsContext.Provider>
      <MenuHost handle={menu} align="end">
        {(p) => <ColumnMenuItems {...p} />}
      </MenuHost>
    </LinkGuard>
  );
}
