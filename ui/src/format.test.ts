import { describe, expect, it } from "vitest";

import { costTitle, formatAge, formatBytes, formatCredit, formatDate, formatDiskSize, formatMs, formatPrice, formatSeconds, formatSpeed, formatUsd, speedLabel } from "./format";

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

  it("keeps significant digits in tiny costs", () => {
    expect(formatUsd(4e-7)).toBe("$0.0000004");
    expect(formatUsd(0.0000903)).toBe("$0.0000903");
    expect(formatUsd(0.000000012345)).toBe("$0.0000000123");
    expect(formatUsd(0.0099)).toBe("$0.0099");
  });

  it("says where a computed cost's prices came from", () => {
    expect(costTitle({ usd: 0.000615, source: "computed" }, null, "list price of openai/gpt-4o in the openrouter catalog of 2026-11-28")).toContain(
      "Prices: list price of openai/gpt-4o in the openrouter catalog of 2026-11-28.",
    );
  });

  it("shows the BYOK parts of a billed cost", () => {
    const title = costTitle({ usd: 0.0000903, source: "billed" }, 0.000086);
    expect(title).toContain("$0.000086 charged by the provider");
    expect(title).toContain("$0.0000043 OpenRouter fee");
  });

  it("shows the engine's speed and says when it is the visible rate or too short", () => {
    expect(formatSpeed({ tokens_per_second: 99.66, basis: "visible" })).toBe("99.7");
    expect(speedLabel({ tokens_per_second: 99.66, basis: "visible" })).toBe("Tok/s visible");
    expect(speedLabel({ tokens_per_second: 60, basis: "generation" })).toBe("Tok/s");
    expect(formatSpeed({ tokens_per_second: null, basis: "too_short" })).toBe("too short to time");
    expect(formatSpeed({ tokens_per_second: null, basis: "too_short" }, { short: true })).toBe("too short");
    expect(formatSpeed({ tokens_per_second: 50, basis: "generation" }, { short: true })).toBe("50.0");
    expect(formatSpeed({ tokens_per_second: null, basis: "unknown" })).toBe("—");
  });

  it("labels catalog prices per million, free, variable or unknown", () => {
    expect(formatPrice({ kind: "usd", usd: 0 })).toBe("free");
    expect(formatPrice({ kind: "usd", usd: 0.15 })).toBe("$0.15/M");
    expect(formatPrice({ kind: "usd", usd: 10 })).toBe("$10.00/M");
    expect(formatPrice({ kind: "variable" })).toBe("varies");
    expect(formatPrice({ kind: "unknown" })).toBe("?");
  });
});

describe("dates in history", () => {
  it("omits the year for this year's comparisons only", () => {
    const now = new Date(2026, 10, 25, 12, 0);
    expect(formatDate(new Date(2026, 10, 25, 3, 18).getTime(), now)).not.toMatch(/2026/);
    expect(formatDate(new Date(2025, 0, 2, 3, 18).getTime(), now)).toMatch(/2025/);
  });
});

describe("account money, sizes and spans", () => {
  it("shows credit in cents, a round amount round, and unknown as a dash", () => {
    expect(formatCredit(74.5)).toBe("$74.50");
    expect(formatCredit(100)).toBe("$100");
    expect(formatCredit(1234.567)).toBe("$1,234.57");
    expect(formatCredit(0)).toBe("$0");
    expect(formatCredit(0.0004)).toBe("$0.0004");
    expect(formatCredit(null)).toBe("—");
  });

  it("shows file sizes in binary units", () => {
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(812)).toBe("812 bytes");
    expect(formatBytes(98_304)).toBe("96 KB");
    expect(formatBytes(1_468_006)).toBe("1.4 MB");
    expect(formatBytes(null)).toBe("—");
  });

  it("says seconds the way people do", () => {
    expect(formatSeconds(45)).toBe("45 s");
    expect(formatSeconds(900)).toBe("15 min");
    expect(formatSeconds(5400)).toBe("1 h 30 min");
    expect(formatSeconds(2_592_000)).toBe("30 days");
    expect(formatSeconds(0)).toBe("0 s");
  });

  it("says a saved list's age in words, and a model's size as Ollama lists it", () => {
    const now = 1_800_000_000_000;
    expect(formatAge(now - 20_000, now)).toBe("just now");
    expect(formatAge(now - 60_000, now)).toBe("1 minute ago");
    expect(formatAge(now - 5 * 3_600_000 - 1, now)).toBe("5 hours ago");
    expect(formatAge(now - 3 * 86_400_000, now)).toBe("3 days ago");
    expect(formatDiskSize(2_019_393_189)).toBe("2.0 GB");
    expect(formatDiskSize(274_302_450)).toBe("274 MB");
    expect(formatDiskSize(null)).toBe("—");
  });
});
