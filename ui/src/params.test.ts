import { describe, expect, it } from "vitest";

import { BLANK_COLUMN, checkColumn, checkDraft, columnDraftOfTarget, describeDefaults, draftOf, NO_DEFAULTS, paramsOf, parseDefaults, retargeted } from "./params";
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

describe("a column from what an answer was sent with (ask again with changes)", () => {
  const sent = {
    provider: "openrouter" as const,
    model: "openai/gpt-4o",
    params: { temperature: 0.7, max_tokens: 512, stop: ["END", "###"], reasoning: { kind: "effort" as const, effort: "high" as const } },
    routing: { sort: "price" as const, only: ["azure"] },
    fallback_models: ["openai/gpt-4o-mini"],
    prompt_price_per_m: 2.5,
    completion_price_per_m: 10,
  };

  it("fills every field as it was sent, blank where nothing was", () => {
    expect(columnDraftOfTarget(sent)).toEqual({ temperature: "0.7", top_p: "", max_tokens: "512", seed: "", reasoning: "high", stop: "END, ###", sort: "price", fallbacks: "openai/gpt-4o-mini", system: "" });
    expect(columnDraftOfTarget({ model: "x", system: "Answer as a pirate." }).system).toBe("Answer as a pirate.");
    expect(columnDraftOfTarget({ model: "x" })).toEqual(BLANK_COLUMN);
    expect(columnDraftOfTarget({ model: "x", params: { reasoning: { kind: "off" } } }).reasoning).toBe("off");
  });

  it("changes only what the form changed, keeps routing it has no field for, and drops prices for another model", () => {
    const draft = { ...columnDraftOfTarget(sent), temperature: "0.2", sort: "" as const };
    const checked = checkColumn(draft, NO_DEFAULTS);
    if (!checked.ok) throw new Error("the draft checks");
    const same = retargeted(sent, "openai/gpt-4o", checked.value);
    expect(same.params).toEqual({ temperature: 0.2, max_tokens: 512, stop: ["END", "###"], reasoning: { kind: "effort", effort: "high" } });
    expect(same.routing).toEqual({ sort: null, only: ["azure"] });
    expect(same.fallback_models).toEqual(["openai/gpt-4o-mini"]);
    expect(same.prompt_price_per_m).toBe(2.5);
    const other = retargeted(sent, "openai/gpt-4o-mini", checked.value);
    expect([other.prompt_price_per_m, other.completion_price_per_m, other.prices]).toEqual([null, null, null]);
  });

  it("sends a column's own system prompt with its target, and the comparison's where blank", () => {
    const own = checkColumn({ ...BLANK_COLUMN, system: "Answer as a pirate." }, NO_DEFAULTS);
    const blank = checkColumn(BLANK_COLUMN, NO_DEFAULTS);
    if (!own.ok || !blank.ok) throw new Error("checks");
    expect(own.value.system).toBe("Answer as a pirate.");
    expect(blank.value.system).toBeUndefined();
    expect(retargeted({ model: "m", system: "old" }, "m", blank.value).system).toBeNull();
  });

  it("keeps a reasoning budget in tokens, which the form cannot show, unless an effort is picked", () => {
    const budget = { model: "anthropic/claude", params: { reasoning: { kind: "budget" as const, tokens: 2048 } } };
    const kept = checkColumn(columnDraftOfTarget(budget), NO_DEFAULTS);
    if (!kept.ok) throw new Error("checks");
    expect(retargeted(budget, budget.model, kept.value).params?.reasoning).toEqual({ kind: "budget", tokens: 2048 });
    const low = checkColumn({ ...columnDraftOfTarget(budget), reasoning: "low" }, NO_DEFAULTS);
    if (!low.ok) throw new Error("checks");
    expect(retargeted(budget, budget.model, low.value).params?.reasoning).toEqual({ kind: "effort", effort: "low" });
  });
});
