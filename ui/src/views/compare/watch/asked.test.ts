// What each column says it was asked with: only what sets it apart; what all share, once.
import { describe, expect, it } from "vitest";

import type { Target } from "../../../backend";
import { askedWith } from "./asked";

const t = (params: Target["params"] = {}, more: Partial<Target> = {}): Target => ({ provider: "openrouter", model: "m", params, ...more });

describe("asked with", () => {
  it("names the one column asked again with a change, and nothing on the others", () => {
    expect(askedWith([t(), t(), t({ temperature: 0.3 })])).toEqual({ each: [null, null, "temp 0.3"], all: null });
  });

  it("says once what every column shares", () => {
    expect(askedWith([t({ max_tokens: 400 }), t({ max_tokens: 400, temperature: 0.3 })])).toEqual({ each: [null, "temp 0.3"], all: "max 400" });
  });

  it("reads the usual value as the one most columns share; a tie goes to the default", () => {
    // Three at 0.7, one at the default: the odd one out says so.
    expect(askedWith([t({ temperature: 0.7 }), t({ temperature: 0.7 }), t(), t({ temperature: 0.7 })]).each).toEqual([null, null, "temp default", null]);
    // One each way: the default is the usual, the other column is the one named.
    expect(askedWith([t({ temperature: 0.7 }), t()]).each).toEqual(["temp 0.7", null]);
  });

  it("names stop sequences, routing, fallbacks and an own system prompt", () => {
    const a = askedWith([t(), t({ stop: ["END", "###"] }, { routing: { sort: "price" }, fallback_models: ["x/y"], system: "Be brief." })]);
    expect(a.each[1]).toBe("stop ×2 · sort price · 1 fallback · own system prompt");
    expect(a.each[0]).toBeNull();
  });

  it("gives one column alone all of its own parameters", () => {
    expect(askedWith([t({ temperature: 0.2, seed: 7 })])).toEqual({ each: ["temp 0.2 · seed 7"], all: null });
    expect(askedWith([t()])).toEqual({ each: [null], all: null });
  });
});
