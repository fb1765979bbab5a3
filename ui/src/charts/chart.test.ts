// The charts' own drawing rules. Spend per day's stacked bars: each series' bar spans from the
// total below it to its own total, so no day's pixels are filled twice (the canvas fill is paid
// per pixel without a GPU). A step chart's time axis spans at least a day.
import { afterEach, describe, expect, it, vi } from "vitest";
import uPlot from "uplot";

import { atLeastADay, MIN_TIME_SPAN_MS, stackedBars, TIME_TICKS } from "./Chart";

/** A Path2D that records its rectangles (jsdom has none). */
class Rects {
  rects: [number, number, number, number][] = [];
  rect(x: number, y: number, w: number, h: number) {
    this.rects.push([x, y, w, h]);
  }
}

const rectsOf = (paths: uPlot.Series.Paths | null) => (paths?.fill as unknown as Rects).rects;

afterEach(() => vi.unstubAllGlobals());

describe("stackedBars", () => {
  it("draws each segment from the total below it to its own top, centred on its day", () => {
    vi.stubGlobal("Path2D", Rects);
    // Three days 50 px apart; y: value v at 200 - 10·v (canvas pixels).
    const u = {
      data: [
        [0, 1, 2],
        [1, 3, null],
        [4, 3, 5],
      ],
      bbox: { width: 300 },
      valToPos: (v: number, scale: string) => (scale === "x" ? 50 + v * 50 : 200 - 10 * v),
    } as unknown as uPlot;
    // Series 1 is the bottom (totals 1, 3, –), series 2 on top of it (own values 3, 0, 5).
    const build = stackedBars([
      [0, 0, 0],
      [1, 3, 0],
    ]);
    const bottom = rectsOf(build(u, 1, 0, 2));
    const top = rectsOf(build(u, 2, 0, 2));
    // 80 % of a 50 px day: 40 px wide, centred on 50, 100, 150.
    expect(bottom).toEqual([
      [30, 190, 40, 10],
      [80, 170, 40, 30],
    ]);
    // Day 1 adds nothing over the series below (3 → 3): no rectangle; day 2 from 0 to 5.
    expect(top).toEqual([
      [30, 160, 40, 30],
      [130, 150, 40, 50],
    ]);
  });

  it("keeps a bar at most 48 px wide however wide a day is", () => {
    vi.stubGlobal("Path2D", Rects);
    const u = { data: [[0, 1], [2, 2]], bbox: { width: 400 }, valToPos: (v: number, scale: string) => (scale === "x" ? 100 + v * 200 : 100 - 10 * v) } as unknown as uPlot;
    const bars = rectsOf(stackedBars([[0, 0]])(u, 1, 0, 1));
    expect(bars).toEqual([
      [76, 80, 48, 20],
      [276, 80, 48, 20],
    ]);
  });
});

describe("a step chart's times", () => {
  it("span at least a day, ending at the last one", () => {
    // Two snapshots a minute apart (ms): the day before the later one comes first, valueless.
    expect(atLeastADay([1_800_000_000_000, 1_800_000_060_000])).toEqual([1_800_000_060_000 - 86_400_000, 1_800_000_000_000, 1_800_000_060_000]);
    // A week of history: as it is.
    expect(atLeastADay([1_800_000_000_000, 1_800_604_800_000])).toEqual([1_800_000_000_000, 1_800_604_800_000]);
    expect(atLeastADay([])).toEqual([]);
    expect(MIN_TIME_SPAN_MS).toBe(24 * 60 * 60 * 1000);
  });
});

describe("a time axis's labels", () => {
  it("name the month (never 12/3: 12 March or 3 December?) and read hours on a 24-hour clock", () => {
    const at = new Date(2026, 11, 3, 14, 5, 9);
    const label = (tickSeconds: number) => uPlot.fmtDate(TIME_TICKS.find((row) => row[0] === tickSeconds)![1] as string)(at);
    expect(label(86_400)).toBe("3 Dec");
    expect(label(86_400 * 28)).toBe("Dec");
    expect(label(3600)).toBe("14:05");
    expect(label(1)).toBe("14:05:09");
    // Where the day rolls over under hour ticks, the date is added below.
    expect(uPlot.fmtDate(TIME_TICKS.find((row) => row[0] === 3600)![4] as string)(at)).toBe("\n3 Dec");
    // Largest spacing first, as uPlot reads the table.
    expect(TIME_TICKS.map((row) => row[0])).toEqual([...TIME_TICKS.map((row) => row[0] as number)].sort((a, b) => b - a));
  });
});
