import { describe, expect, it } from "vitest";

import { costTitle, formatDate, formatMs, formatPrice, formatUsd, tokensPerSecond } from "./format";

describe("numbers people compare", () => {
  it("shows unknown cost as a dash, never $0", () => {
    expect(formatUsd(null)).toBe("—");
    expect(formatUsd(0)).toBe("$0");
    expect(formatUsd(0.000122)).toBe("$0.000122");
    expect(formatUsd(1.23456)).toBe("$1.2346");
    expect(costTitle({ usd: null, source: "unknown" })).toMatch(/no cost/);
  });

  it("formats durations in ms below a second and seconds above", () => {
    expect(formatMs(null)).toBe("—");
    expect(formatMs(412.4)).toBe("412 ms");
    expect(formatMs(1388)).toBe("1.39 s");
    expect(formatMs(61_000)).toBe("61.0 s");
  });

  it("computes tokens/s over the generation phase only, and only when known", () => {
    expect(tokensPerSecond({ usage: usage(60), ttft_ms: 400, ttfr_ms: null, total_ms: 1400 })).toBe(60);
    expect(tokensPerSecond({ usage: usage(null), ttft_ms: 400, ttfr_ms: null, total_ms: 1400 })).toBeNull();
    expect(tokensPerSecond({ usage: usage(60), ttft_ms: null, ttfr_ms: null, total_ms: 1400 })).toBeNull();
    expect(tokensPerSecond({ usage: usage(60), ttft_ms: 500, ttfr_ms: null, total_ms: 500 })).toBeNull();
    // A reasoning model: 70 output tokens from the first reasoning token at 300 ms to 1300 ms.
    expect(tokensPerSecond({ usage: usage(70), ttft_ms: 700, ttfr_ms: 300, total_ms: 1300 })).toBe(70);
  });

  it("labels catalog prices per million, free, variable or unknown", () => {
    expect(formatPrice({ kind: "usd", usd: 0 })).toBe("free");
    expect(formatPrice({ kind: "usd", usd: 0.15 })).toBe("$0.15/M");
    expect(formatPrice({ kind: "usd", usd: 10 })).toBe("$10.00/M");
    expect(formatPrice({ kind: "variable" })).toBe("varies");
    expect(formatPrice({ kind: "unknown" })).toBe("?");
  });
});

function usage(output: number | null) {
  return { input_tokens: 5, output_tokens: output, reasoning_tokens: null, cache_read_tokens: null, cache_write_tokens: null, cost_usd: null };
}

describe("dates in history", () => {
  it("omits the year for this year's comparisons only", () => {
    const now = new Date(2026, 10, 25, 12, 0);
    expect(formatDate(new Date(2026, 10, 25, 3, 18).getTime(), now)).not.toMatch(/2026/);
    expect(formatDate(new Date(2025, 0, 2, 3, 18).getTime(), now)).toMatch(/2025/);
  });
});
