import { describe, expect, it } from "vitest";

import { parseStoredPicks, pickLabel, toTarget } from "./targets";

describe("picks", () => {
  it("labels picks the way the CLI spells them", () => {
    expect(pickLabel({ provider: "openrouter", endpoint: null, model: "openai/gpt-4o" })).toBe("openai/gpt-4o");
    expect(pickLabel({ provider: "anthropic", endpoint: null, model: "claude-sonnet-4-5" })).toBe("anthropic:claude-sonnet-4-5");
    expect(pickLabel({ provider: "compatible", endpoint: "lmstudio", model: "qwen3" })).toBe("lmstudio:qwen3");
  });

  it("reads the first version's plain ids and ignores junk", () => {
    expect(parseStoredPicks('["mock/fast"]')).toEqual([{ provider: "openrouter", endpoint: null, model: "mock/fast" }]);
    expect(parseStoredPicks('[{"provider":"ollama","endpoint":null,"model":"llama3.2"}, 3, null]')).toEqual([
      { provider: "ollama", endpoint: null, model: "llama3.2" },
    ]);
    expect(parseStoredPicks("{not json")).toEqual([]);
  });

  it("passes catalog prices so cost can be computed, and unknown stays null", () => {
    const t = toTarget({ provider: "openai", endpoint: null, model: "gpt-4o" }, undefined);
    expect(t.prompt_price_per_m).toBeNull();
    expect(t.provider).toBe("openai");
  });
});
