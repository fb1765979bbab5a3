import { describe, expect, it } from "vitest";

import { checkDraft, describeDefaults, draftOf, NO_DEFAULTS, paramsOf, parseDefaults } from "./params";
import { toTarget } from "./targets";

describe("default parameters", () => {
  it("checks each field with the ranges the CLI accepts, saying what is wrong", () => {
    const bad = checkDraft({ temperature: "2.5", top_p: "abc", max_tokens: "0", seed: "1.5", reasoning: "default" });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.temperature).toBe("“2.5”: Temperature is a number from 0 to 2, like 0.7.");
    expect(bad.errors.top_p).toMatch(/Top-p is a number from 0 to 1/);
    expect(bad.errors.max_tokens).toMatch(/whole number of at least 1/);
    expect(bad.errors.seed).toMatch(/seed is a whole number/);
    // "0x10" and "1e400" are not numbers a person means.
    expect(checkDraft({ ...draftOf(NO_DEFAULTS), max_tokens: "0x10" }).ok).toBe(false);
    expect(checkDraft({ ...draftOf(NO_DEFAULTS), temperature: "1e400" }).ok).toBe(false);
  });

  it("reads blank as the provider's default, and keeps good values", () => {
    expect(checkDraft(draftOf(NO_DEFAULTS))).toEqual({ ok: true, value: NO_DEFAULTS });
    const good = checkDraft({ temperature: " 0.2 ", top_p: "1", max_tokens: "500", seed: "42", reasoning: "high" });
    expect(good).toEqual({ ok: true, value: { temperature: 0.2, top_p: 1, max_tokens: 500, seed: 42, reasoning: "high" } });
    expect(describeDefaults(NO_DEFAULTS)).toBeNull();
    expect(describeDefaults({ ...NO_DEFAULTS, temperature: 0.2, max_tokens: 500 })).toBe("temperature 0.2 · max 500 tokens");
  });

  it("trusts no hand-edited preference", () => {
    expect(parseDefaults({ temperature: 7, top_p: "0.5", max_tokens: 300, seed: -1, reasoning: "extreme" })).toEqual({ ...NO_DEFAULTS, max_tokens: 300 });
    expect(parseDefaults(null)).toEqual(NO_DEFAULTS);
  });

  it("reach the target built from a pick, and only the ones set", () => {
    const pick = { provider: "openai" as const, endpoint: null, model: "gpt-4o" };
    expect(toTarget(pick, undefined).params).toBeUndefined();
    expect(toTarget(pick, undefined, NO_DEFAULTS).params).toBeUndefined();
    const t = toTarget(pick, undefined, { ...NO_DEFAULTS, temperature: 0, max_tokens: 100, reasoning: "off" });
    expect(t.params).toEqual({ temperature: 0, max_tokens: 100, reasoning: { kind: "off" } });
    expect(paramsOf({ ...NO_DEFAULTS, seed: 7, top_p: 0.9, reasoning: "minimal" })).toEqual({ seed: 7, top_p: 0.9, reasoning: { kind: "effort", effort: "minimal" } });
  });
});
