import { describe, expect, it } from "vitest";

import { usableLanguage } from "./locale";

describe("the language uPlot formats numbers in", () => {
  it("accepts real language tags and refuses what a C locale reports", () => {
    expect(usableLanguage("en-US")).toBe(true);
    expect(usableLanguage("de")).toBe(true);
    expect(usableLanguage("c")).toBe(false);
    expect(usableLanguage("")).toBe(false);
  });
});
