import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { useOffscreenThrottle } from "./useLive";

describe("an answer out of view", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("shows every change while visible, and at most 4 times a second off screen", () => {
    const { result, rerender } = renderHook(({ v, on }) => useOffscreenThrottle(v, on), { initialProps: { v: "a", on: true } });
    rerender({ v: "ab", on: true });
    expect(result.current).toBe("ab");
    // Leaving the view it keeps the text it had then (not the text it mounted with)...
    rerender({ v: "abc", on: false });
    expect(result.current).toBe("abc");
    // ...and a newer text waits for its turn, within one period (250 ms).
    rerender({ v: "abcd", on: false });
    expect(result.current).toBe("abc");
    act(() => void vi.advanceTimersByTime(250));
    expect(result.current).toBe("abcd");
    act(() => void vi.advanceTimersByTime(100));
    rerender({ v: "abcde", on: false });
    act(() => void vi.advanceTimersByTime(250));
    expect(result.current).toBe("abcde");
    // Back in view: at once.
    rerender({ v: "abcdef", on: true });
    expect(result.current).toBe("abcdef");
  });
});
