import { act, render, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { CLOCK_MS, OFFSCREEN_MS, PER_FRAME, type Paced, usePaced, waitingTurns } from "./pace";

// Frames are the fake timers' requestAnimationFrame (16 ms each), and the tasks a frame queues
// (a frame's second column draws in a task of its own: fake timers run a 0 ms timeout queued
// by a timer 1 ms later).
const frame = () =>
  act(() => {
    vi.advanceTimersToNextFrame();
    vi.advanceTimersByTime(1);
  });
// What a column draws, without its clock's reading.
const shown = <T,>({ value, drawing }: Paced<T>) => ({ value, drawing });

describe("the pace of streaming columns", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("draws two columns a frame, each in its turn, and every column within a few frames", () => {
    expect(PER_FRAME).toBe(2);
    const columns = [0, 1, 2, 3, 4].map(() => renderHook(({ v }) => usePaced(v, true, true).value, { initialProps: { v: "" } }));
    columns.forEach((c, i) => c.rerender({ v: `column ${i}` }));
    // Nothing is drawn before a frame: the text waits for its column's turn.
    expect(columns.map((c) => c.result.current)).toEqual(["", "", "", "", ""]);
    frame();
    expect(columns.map((c) => c.result.current)).toEqual(["column 0", "column 1", "", "", ""]);
    // A column waiting keeps its place when more text arrives.
    columns[2]!.rerender({ v: "column 2, more" });
    frame();
    expect(columns.map((c) => c.result.current)).toEqual(["column 0", "column 1", "column 2, more", "column 3", ""]);
    frame();
    expect(columns[4]!.result.current).toBe("column 4");
    expect(waitingTurns()).toBe(0);
    columns.forEach((c) => c.unmount());
  });

  it("draws the columns of a frame one at a time, each laid out before the next is drawn", () => {
    // WebKit lays out one changed column alone, two changed at once as the whole page: a layout
    // (a bounding box read) must come between one column's draw and the next one's.
    const order: string[] = [];
    const read = vi.spyOn(document.documentElement, "getBoundingClientRect").mockImplementation(() => {
      order.push("layout");
      return new DOMRect();
    });
    const Column = ({ name, v }: { name: string; v: string }) => {
      const { value } = usePaced(v, true, true);
      if (value) order.push(`draw ${name}: ${value}`);
      return null;
    };
    const a = render(<Column name="a" v="" />);
    const b = render(<Column name="b" v="" />);
    a.rerender(<Column name="a" v="one" />);
    b.rerender(<Column name="b" v="two" />);
    order.length = 0;
    frame();
    expect(order).toEqual(["draw a: one", "layout", "draw b: two", "layout"]);
    // And each in a task of its own: in one task, WebKit lays out the second column changed
    // after a layout with the whole page all the same.
    a.rerender(<Column name="a" v="three" />);
    b.rerender(<Column name="b" v="four" />);
    order.length = 0;
    act(() => void vi.advanceTimersToNextFrame());
    expect(order).toEqual(["draw a: three", "layout"]);
    act(() => void vi.advanceTimersByTime(1));
    expect(order).toEqual(["draw a: three", "layout", "draw b: four", "layout"]);
    read.mockRestore();
    a.unmount();
    b.unmount();
  });

  it("draws an answer never streamed at once, and starts a new stream from its own text", () => {
    const { result, rerender, unmount } = renderHook(({ v, live }) => shown(usePaced(v, true, live)), { initialProps: { v: "a finished answer", live: false } });
    expect(result.current).toEqual({ value: "a finished answer", drawing: false });
    rerender({ v: "another finished answer", live: false });
    expect(result.current).toEqual({ value: "another finished answer", drawing: false });
    // Asked again: the column streams again from nothing, not from the answer it showed.
    rerender({ v: "", live: true });
    expect(result.current).toEqual({ value: "", drawing: true });
    rerender({ v: "new", live: true });
    frame();
    expect(result.current).toEqual({ value: "new", drawing: true });
    // An end already drawn is finished at once.
    rerender({ v: "new", live: false });
    expect(result.current).toEqual({ value: "new", drawing: false });
    unmount();
  });

  it("draws the ends of columns that stop together in turns, each still a stream until its end is drawn", () => {
    const columns = [0, 1, 2, 3, 4].map(() => renderHook(({ v, live }) => shown(usePaced(v, true, live)), { initialProps: { v: "", live: true } }));
    columns.forEach((c, i) => c.rerender({ v: `column ${i}`, live: true }));
    frame();
    frame();
    frame();
    expect(columns.map((c) => c.result.current.value)).toEqual(["column 0", "column 1", "column 2", "column 3", "column 4"]);
    // All five end in the same frame, with text they had not drawn.
    columns.forEach((c, i) => c.rerender({ v: `column ${i}, the end`, live: false }));
    expect(columns.map((c) => c.result.current)).toEqual([0, 1, 2, 3, 4].map((i) => ({ value: `column ${i}`, drawing: true })));
    frame();
    expect(columns.map((c) => c.result.current.drawing)).toEqual([false, false, true, true, true]);
    expect(columns[0]!.result.current.value).toBe("column 0, the end");
    frame();
    frame();
    expect(columns.map((c) => c.result.current)).toEqual([0, 1, 2, 3, 4].map((i) => ({ value: `column ${i}, the end`, drawing: false })));
    expect(waitingTurns()).toBe(0);
    columns.forEach((c) => c.unmount());
  });

  it("refreshes a column out of view once a second, and catches it up when it comes into view", () => {
    const { result, rerender, unmount } = renderHook(({ v, on }) => usePaced(v, on, true).value, { initialProps: { v: "a", on: true } });
    rerender({ v: "ab", on: true });
    frame();
    expect(result.current).toBe("ab");
    // Out of view, it keeps the text it had then...
    rerender({ v: "abc", on: false });
    frame();
    expect(result.current).toBe("ab");
    // ...and draws the newer text within a second (at its own phase of it)...
    act(() => void vi.advanceTimersByTime(OFFSCREEN_MS + 16));
    expect(result.current).toBe("abc");
    // ...then once a second: text arriving after a turn waits for the next one.
    rerender({ v: "abcd", on: false });
    frame();
    expect(result.current).toBe("abc");
    act(() => void vi.advanceTimersByTime(OFFSCREEN_MS + 16));
    expect(result.current).toBe("abcd");
    // Back in view: at its next turn.
    rerender({ v: "abcde", on: true });
    frame();
    expect(result.current).toBe("abcde");
    unmount();
    expect(waitingTurns()).toBe(0);
  });

  it("ticks the live clocks of sixteen columns in turns, two a frame, none more than half a second behind", () => {
    // Sixteen columns waiting for their first token: nothing to draw but the clock.
    const columns = Array.from({ length: 16 }, () => renderHook(() => usePaced("", true, false, true).at));
    let before = columns.map((c) => c.result.current);
    const ticks = columns.map(() => 0);
    let worst = 0;
    for (let f = 0; f < 125; f++) {
      frame();
      const now = columns.map((c) => c.result.current);
      const moved = now.filter((at, i) => at !== before[i]).length;
      expect(moved).toBeLessThanOrEqual(PER_FRAME);
      now.forEach((at, i) => {
        if (at !== before[i]) ticks[i]! += 1;
        // After the first second: how far behind the clock each column's reading is.
        if (f > 62) worst = Math.max(worst, Date.now() - at);
      });
      before = now;
    }
    // Two seconds: each clock moved about every CLOCK_MS (at least 7 times).
    expect(CLOCK_MS).toBe(250);
    for (const n of ticks) expect(n).toBeGreaterThanOrEqual(7);
    // Checked every 125 ms: a turn is asked at most 250 ms after the last one was drawn, then
    // waits at most 8 frames (16 columns, 2 a frame) of 16 ms: 250 + 128 = 378 ms at worst.
    expect(worst).toBeLessThanOrEqual(378);
    columns.forEach((c) => c.unmount());
    expect(waitingTurns()).toBe(0);
  });

  it("needs no clock turns for a column drawing text, and none out of view or once it has ended", () => {
    const { result, rerender, unmount } = renderHook(({ v, on, live }) => usePaced(v, on, live, live), { initialProps: { v: "a", on: true, live: true } });
    // Text at every frame: each turn draws the text and reads the clock.
    for (let i = 0; i < 30; i++) {
      rerender({ v: `a${"b".repeat(i)}`, on: true, live: true });
      frame();
      // (Read 1 ms after the frame: `frame` runs the tasks it queued too.)
      expect(Date.now() - result.current.at).toBeLessThanOrEqual(17);
    }
    // Out of view, nothing new: the clock stays put for the whole second before its next turn.
    const at = result.current.at;
    rerender({ v: result.current.value, on: false, live: true });
    act(() => void vi.advanceTimersByTime(OFFSCREEN_MS * 2));
    expect(result.current.at).toBe(at);
    // Back in view, it ticks again.
    rerender({ v: result.current.value, on: true, live: true });
    act(() => void vi.advanceTimersByTime(CLOCK_MS * 2));
    expect(result.current.at).toBeGreaterThan(at);
    // Ended and drawn: its clock is off.
    rerender({ v: result.current.value, on: true, live: false });
    frame();
    const ended = result.current.at;
    act(() => void vi.advanceTimersByTime(CLOCK_MS * 8));
    expect(result.current.at).toBe(ended);
    expect(waitingTurns()).toBe(0);
    unmount();
  });

  it("gives up its turn when it unmounts", () => {
    const { rerender, unmount } = renderHook(({ v }) => usePaced(v, true, true), { initialProps: { v: "" } });
    rerender({ v: "text" });
    expect(waitingTurns()).toBe(1);
    unmount();
    expect(waitingTurns()).toBe(0);
  });

});

