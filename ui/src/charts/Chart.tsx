// One chart, drawn by uPlot on a canvas: a scatter (log scales, a Pareto frontier drawn as a
// line over its points, the rest dimmed) or step lines over time (a price history). Only the
// rooms that draw charts import this module, and they are loaded on first visit.
//
// Owns: the uPlot instance of one element, and the hover label. Invariants: the colours come
// from the theme's CSS variables and the chart is drawn again when the theme changes, so it
// reads in both themes; no animation (WebKitGTK draws them slowly, ui-anchors §4.4); every
// chart has a text alternative (`label`) and says how many points it drew (`data-points`).
// Why uPlot, not ECharts or Observable Plot: ECharts throws at import under Tauri's frozen
// prototypes (`freezePrototype`: its class helper assigns `constructor` onto plain objects),
// and Plot injects a <style> element the strict CSP refuses; see ARCHITECTURE.md.
import "./locale";
import "uplot/dist/uPlot.min.css";

import { useEffect, useRef, useState } from "react";
import { flushSync } from "react-dom";
import uPlot from "uplot";

import { usePrefs } from "../app/services";

export interface ScatterPoint {
  id: string;
  x: number;
  y: number;
}

export interface ScatterSpec {
  kind: "scatter";
  points: ScatterPoint[];
  /** Drawn as a line over its points; the other points dimmed. */
  front?: ScatterPoint[];
  xLabel: string;
  yLabel: string;
  xLog: boolean;
  yLog: boolean;
  /** How a point reads on hover, after its id. */
  describe: (p: ScatterPoint) => string;
}

export interface StepSpec {
  kind: "steps";
  /** x: times in ms (the default), or plain numbers when `xLabel` is given; y null where unknown. */
  series: { label: string; tone: "accent" | "warn"; points: [number, number | null][] }[];
  yLabel: string;
  /** A number axis with this label instead of a time axis (no "until now" point). */
  xLabel?: string;
}

/** Bars per UTC day, stacked (spend per day by model); a bar's hover says its day's figures. */
export interface BarsSpec {
  kind: "bars";
  /** The days, YYYY-MM-DD (UTC), oldest first. */
  days: string[];
  /** Stacked bottom first; null where a series has nothing that day. */
  series: { label: string; colour: string; values: (number | null)[] }[];
  yLabel: string;
  /** What a day's bar reads on hover. */
  describe: (dayIndex: number) => string;
}

export type ChartSpec = ScatterSpec | StepSpec | BarsSpec;

/**
 * Categorical colours for series (Tableau 10): distinct from each other and readable on the
 * light and the dark surface alike; the last, a grey, is for "everything else".
 */
export const SERIES_COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#8c8c8c"];

/** The theme's colours, read from the CSS variables on <html> (tokens.css). */
function colours() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { text: v("--text", "#111"), muted: v("--text-muted", "#666"), border: v("--border", "#ddd"), accent: v("--accent", "#2563eb"), ok: v("--ok-text", "#15803d"), warn: v("--warn-text", "#a16207") };
}

/**
 * A series of stacked bars as uPlot paths: each day's bar from `bottoms[series - 1][day]` (the
 * total of the series below it) up to its own value, centred on the day, 80 % of a day wide and
 * at most 48 px (as uPlot's `bars({ size: [0.8, 48], align: 0 })` draws them).
 */
export function stackedBars(bottoms: number[][]): uPlot.Series.PathBuilder {
  return (u, seriesIdx, idx0, idx1) => {
    const fill = new Path2D();
    const xs = u.data[0];
    const ys = u.data[seriesIdx]!;
    const base = bottoms[seriesIdx - 1]!;
    // A day's width in canvas pixels: the smallest step between days (the whole plot for one).
    let step = u.bbox.width;
    for (let i = 1; i < xs.length; i++) step = Math.min(step, u.valToPos(xs[i]!, "x", true) - u.valToPos(xs[i - 1]!, "x", true));
    const width = Math.min(step * 0.8, 48 * uPlot.pxRatio);
    for (let i = idx0; i <= idx1; i++) {
      const top = ys[i];
      if (top === null || top === undefined) continue;
      const yTop = u.valToPos(top, "y", true);
      const yBottom = u.valToPos(base[i] ?? 0, "y", true);
      if (yBottom - yTop > 0) fill.rect(u.valToPos(xs[i]!, "x", true) - width / 2, yTop, width, yBottom - yTop);
    }
    return { stroke: fill, fill, clip: null, band: null, flags: 0 };
  };
}

/** The shortest span (ms) a time axis shows. */
export const MIN_TIME_SPAN_MS = 86_400_000;
/**
 * A step chart's times (sorted, ms), with the day before the last one added in front when they
 * span less (a time with no value: nothing is drawn there). Why: a price history read minutes
 * after the catalog's first snapshot was labelled in seconds (":10 :20 :30"), which says nothing
 * about a price; a day's span labels it in hours. Added to the data, not forced on the scale, so
 * zooming in by dragging still goes below a day.
 */
export function atLeastADay(times: number[]): number[] {
  const first = times[0];
  const last = times[times.length - 1];
  return first !== undefined && last !== undefined && last - first < MIN_TIME_SPAN_MS ? [last - MIN_TIME_SPAN_MS, ...times] : times;
}

const DAY_S = 86_400;
/**
 * A time axis's labels, by tick spacing (uPlot's table: tick seconds, label, then the label added
 * where the year, month, day, hour, minute or second rolls over; mode 1 adds it under). Why not
 * uPlot's own: it writes days month first ("12/3/26"), which reads as 12 March in most of the
 * world and unlike the app's lists (2026-12-03); a month's name is unambiguous anywhere.
 */
export const TIME_TICKS: (string | number | null)[][] = [
  [DAY_S * 365, "{YYYY}", null, null, null, null, null, null, 1],
  [DAY_S * 28, "{MMM}", "\n{YYYY}", null, null, null, null, null, 1],
  [DAY_S, "{D} {MMM}", "\n{YYYY}", null, null, null, null, null, 1],
  [3600, "{HH}:{mm}", "\n{D} {MMM} {YYYY}", null, "\n{D} {MMM}", null, null, null, 1],
  [60, "{HH}:{mm}", "\n{D} {MMM} {YYYY}", null, "\n{D} {MMM}", null, null, null, 1],
  [1, "{HH}:{mm}:{ss}", "\n{D} {MMM} {YYYY}", null, "\n{D} {MMM}", null, null, null, 1],
];

type Built = { opts: Omit<uPlot.Options, "width" | "height">; data: uPlot.AlignedData; points: ScatterPoint[] };

function build(spec: ChartSpec): Built {
  const c = colours();
  // `size`: room for the tick labels ("10,000,000" on a log axis) so the axis label never overlaps them.
  const axis = (label: string, size?: number): uPlot.Axis => ({ label, stroke: c.muted, grid: { stroke: c.border, width: 1 }, ticks: { stroke: c.border, width: 1 }, labelFont: "12px sans-serif", font: "11px sans-serif", ...(size ? { size } : {}) });
  const timeAxis = (label: string): uPlot.Axis => ({ ...axis(label), values: TIME_TICKS });
  if (spec.kind === "bars") {
    // Stacked: each series' data is the running total up to it (what the scale and the cursor
    // read), and each is drawn from the total below it to its own (`stackedBars`), so no pixel
    // is filled twice. (uPlot's own bars fill from zero: drawn tallest first they looked the
    // same, but filled each day's bar once per series, and a canvas fill without a GPU costs by
    // the pixel: ~100 ms of Analytics' opening.)
    const running = spec.days.map(() => 0);
    const bottoms: number[][] = [];
    const tops = spec.series.map((s) => {
      bottoms.push([...running]);
      return s.values.map((v, i) => (running[i]! += v ?? 0));
    });
    const order = spec.series.map((_, i) => i).reverse();
    const bars = stackedBars(order.map((i) => bottoms[i]!));
    return {
      points: [],
      data: [spec.days.map((d) => Date.parse(`${d}T12:00:00Z`) / 1000), ...order.map((i) => tops[i]!.map((v) => (v > 0 ? v : null)))],
      opts: {
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] } },
        axes: [timeAxis(""), axis(spec.yLabel, 64)],
        legend: { show: false },
        cursor: { points: { show: false }, drag: { x: false, y: false } },
        series: [{}, ...order.map((i) => ({ label: spec.series[i]!.label, stroke: spec.series[i]!.colour, fill: spec.series[i]!.colour, width: 0, paths: bars, points: { show: false } }))],
      },
    };
  }
  if (spec.kind === "steps") {
    // Over time, the last value holds until now: the line runs to today (drawn when the chart is).
    const time = spec.xLabel === undefined;
    const now = time ? Date.now() : Number.NaN;
    const seen = [...new Set([...spec.series.flatMap((s) => s.points.map((p) => p[0])), ...(time ? [now] : [])])].sort((a, b) => a - b);
    const times = time ? atLeastADay(seen) : seen;
    const at = (s: StepSpec["series"][number], t: number) => (t === now ? (s.points[s.points.length - 1]?.[1] ?? null) : (s.points.find((p) => p[0] === t)?.[1] ?? null));
    const data: uPlot.AlignedData = [times.map((t) => (time ? t / 1000 : t)), ...spec.series.map((s) => times.map((t) => at(s, t)))];
    return {
      points: [],
      data,
      opts: {
        scales: { x: { time } },
        axes: [time ? timeAxis("") : axis(spec.xLabel ?? ""), axis(spec.yLabel, 48)],
        // Labels only: the values are in the list of changes under the chart.
        legend: { show: true, live: false },
        cursor: { points: { show: false } },
        series: [
          {},
          ...spec.series.map((s) => ({ label: s.label, stroke: s.tone === "warn" ? c.warn : c.accent, width: 2, spanGaps: true, paths: uPlot.paths.stepped!({ align: 1 }), points: { show: true, size: 6 } })),
        ],
      },
    };
  }
  // A scatter on one sorted x axis: each point is its own x entry, so equal prices stay apart.
  const onFront = new Set(spec.front?.map((p) => p.id) ?? []);
  const points = [...spec.points].sort((a, b) => a.x - b.x);
  const xs = points.map((p) => p.x);
  const rest = points.map((p) => (onFront.has(p.id) ? null : p.y));
  const front = points.map((p) => (onFront.has(p.id) ? p.y : null));
  const dots = (stroke: string, size: number): uPlot.Series.Points => ({ show: true, size, stroke, fill: stroke, width: 1 });
  return {
    points,
    data: spec.front ? [xs, rest, front] : [xs, rest],
    opts: {
      scales: { x: { time: false, distr: spec.xLog ? 3 : 1 }, y: { distr: spec.yLog ? 3 : 1 } },
      axes: [axis(spec.xLabel), axis(spec.yLabel, spec.yLog ? 78 : 48)],
      legend: { show: false },
      cursor: { x: false, y: false, points: { show: false }, drag: { x: false, y: false } },
      series: [
        {},
        { label: spec.front ? "Dominated" : "Models", stroke: spec.front ? c.muted : c.accent, paths: () => null, points: dots(spec.front ? `${c.muted}66` : c.accent, 6) },
        ...(spec.front ? [{ label: "Pareto frontier", stroke: c.ok, width: 2, spanGaps: true, points: dots(c.ok, 8) }] : []),
      ],
    },
  };
}

let drawable: boolean | null = null;
function canDraw(): boolean {
  if (drawable === null) {
    try {
      drawable = document.createElement("canvas").getContext("2d") !== null;
    } catch {
      drawable = false;
    }
  }
  return drawable;
}

export function Chart({ spec, label, testId, height = 300, onPoint }: { spec: ChartSpec; label: string; testId: string; height?: number; onPoint?: (id: string) => void }) {
  const el = useRef<HTMLDivElement>(null);
  const theme = usePrefs((s) => s.theme);
  const click = useRef(onPoint);
  const [hover, setHover] = useState<{ text: string; left: number; top: number } | null>(null);
  const [drawn, setDrawn] = useState(0);
  useEffect(() => {
    click.current = onPoint;
  });

  useEffect(() => {
    const box = el.current;
    // No 2D canvas (jsdom in component tests): nothing to draw on; the label still says it.
    if (!box || !canDraw()) return;
    let u: uPlot | null = null;
    // After the theme's attribute is on <html> (the shell applies it in an effect).
    const frame = requestAnimationFrame(() => {
      const { opts, data, points } = build(spec);
      u = new uPlot({ ...opts, width: Math.max(200, box.clientWidth), height }, data, box);
      setDrawn(spec.kind === "scatter" ? points.length : spec.kind === "bars" ? spec.days.length : spec.series.reduce((n, s) => n + s.points.length, 0));
      if (spec.kind === "bars") {
        // The day under the pointer names its figures; a click drills through to it.
        let shown = -1;
        u.over.addEventListener("mousemove", () => {
          const i = u?.cursor.idx ?? null;
          if (i === null || i === undefined || i === shown || !u) return;
          shown = i;
          const over = u.over.getBoundingClientRect();
          const outer = box.getBoundingClientRect();
          const left = u.valToPos(u.data[0][i]!, "x") + over.left - outer.left;
          flushSync(() => setHover({ text: spec.describe(i), left, top: over.top - outer.top + 20 }));
        });
        u.over.addEventListener("mouseleave", () => {
          shown = -1;
          setHover(null);
        });
        u.over.addEventListener("click", () => {
          const i = u?.cursor.idx;
          if (i !== null && i !== undefined) click.current?.(String(i));
        });
        return;
      }
      if (spec.kind !== "scatter") return;
      // The nearest point within 12 px of the pointer names itself; a click opens it.
      const nearest = (e: MouseEvent) => {
        if (!u) return null;
        const r = u.over.getBoundingClientRect();
        const mx = e.clientX - r.left;
        const my = e.clientY - r.top;
        let best: { p: ScatterPoint; d: number; left: number; top: number } | null = null;
        for (const p of points) {
          const left = u.valToPos(p.x, "x");
          const top = u.valToPos(p.y, "y");
          const d = Math.hypot(left - mx, top - my);
          if (d < 12 && (!best || d < best.d)) best = { p, d, left, top };
        }
        return best;
      };
      // The label follows the pointer at once (drawn in the same event), and is drawn again
      // only when the point under it changes.
      let shown: string | null = null;
      u.over.addEventListener("mousemove", (e) => {
        const b = nearest(e);
        if ((b?.p.id ?? null) === shown) return;
        shown = b?.p.id ?? null;
        if (!b || !u) return flushSync(() => setHover(null));
        // From the plot area's corner to the chart's.
        const over = u.over.getBoundingClientRect();
        const outer = box.getBoundingClientRect();
        flushSync(() => setHover({ text: `${b.p.id} · ${spec.describe(b.p)}`, left: b.left + over.left - outer.left, top: b.top + over.top - outer.top }));
      });
      u.over.addEventListener("mouseleave", () => {
        shown = null;
        setHover(null);
      });
      u.over.addEventListener("click", (e) => {
        const b = nearest(e);
        if (b) click.current?.(b.p.id);
      });
    });
    // jsdom (component tests) has no ResizeObserver; the window does.
    // It also reports the size it starts with: drawing again at the same width was a second
    // draw of every chart as it opened (~45 ms for Analytics' spend bars without a GPU).
    const resize =
      typeof ResizeObserver === "undefined"
        ? null
        : new ResizeObserver(() => {
            const width = Math.max(200, box.clientWidth);
            if (u && u.width !== width) u.setSize({ width, height });
          });
    resize?.observe(box);
    return () => {
      cancelAnimationFrame(frame);
      resize?.disconnect();
      u?.destroy();
    };
  }, [spec, theme, height]);

  return (
    <div className="chart" role="img" aria-label={label} data-testid={testId} data-points={drawn}>
      <div ref={el} />
      {hover && (
        <div className="chart-hover" data-testid={`${testId}-hover`} style={{ transform: `translate(${hover.left + 10}px, ${hover.top - 28}px)` }}>
          {hover.text}
        </div>
      )}
    </div>
  );
}
