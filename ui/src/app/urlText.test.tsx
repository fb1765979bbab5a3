import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { useUrlText } from "./urlText";

describe("a text box whose value is URL state", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("answers each keystroke at once and writes the URL once, after typing pauses", () => {
    const write = vi.fn();
    const { result } = renderHook(() => useUrlText(undefined, write, 250));
    for (const t of ["c", "cl", "cla"]) {
      act(() => result.current[1](t));
      expect(result.current[0]).toBe(t);
      act(() => void vi.advanceTimersByTime(100));
    }
    expect(write).not.toHaveBeenCalled();
    act(() => void vi.advanceTimersByTime(250));
    expect(write.mock.calls).toEqual([["cla"]]);
    // Emptied: the URL loses the value rather than keeping an empty one.
    act(() => result.current[1](""));
    act(() => void vi.advanceTimersByTime(250));
    expect(write.mock.calls.at(-1)).toEqual([undefined]);
  });

  it("takes a value the URL got from outside (back, a link), but not its own late write", () => {
    const write = vi.fn();
    const { result, rerender } = renderHook(({ url }) => useUrlText(url, write, 250), { initialProps: { url: "gpt" as string | undefined } });
    expect(result.current[0]).toBe("gpt");
    rerender({ url: "claude" });
    expect(result.current[0]).toBe("claude");
    expect(write).not.toHaveBeenCalled();

    act(() => result.current[1]("claude s"));
    act(() => void vi.advanceTimersByTime(250));
    expect(write.mock.calls).toEqual([["claude s"]]);
    // The person types on; the URL then reports the write above: the newer text stays.
    act(() => result.current[1]("claude son"));
    rerender({ url: "claude s" });
    expect(result.current[0]).toBe("claude son");
  });
});
