import { describe, expect, it } from "vitest";

import type { CatalogModel, Price } from "./backend";
import { parseStoredPicks, pickLabel, toTarget } from "./targets";

const unknown: Price = { kind: "unknown" };
const model = (id: string, prompt: Price, completion: Price): CatalogModel => ({
  id,
  name: id,
  provider: "openrouter",
  context_length: 128000,
  max_output_tokens: 16384,
  cache_write_1h_price: unknown,
  web_search_price: unknown,
  discount: null,
  price_overrides: [],
  input_modalities: ["text"],
  output_modalities: ["text"],
  prompt_price: prompt,
  completion_price: completion,
  reasoning_price: unknown,
  cache_read_price: unknown,
  cache_write_price: unknown,
  request_price: unknown,
  image_price: unknown,
  supported_parameters: [],
  created: null,
});

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
    expect(t.completion_price_per_m).toBeNull();
    expect(t.provider).toBe("openai");

    const pick = { provider: "openrouter", endpoint: null, model: "openai/gpt-4o" } as const;
    const priced = toTarget(pick, model("openai/gpt-4o", { kind: "usd", usd: 2.5 }, { kind: "usd", usd: 10 }));
    expect(priced.prompt_price_per_m).toBe(2.5);
    expect(priced.completion_price_per_m).toBe(10);
    expect(priced.context_length).toBe(128000);
    expect(priced.max_output_tokens).toBe(16384);

    const free = toTarget(pick, model("openai/gpt-4o", { kind: "usd", usd: 0 }, { kind: "usd", usd: 0 }));
    expect(free.prompt_price_per_m).toBe(0);
    expect(free.completion_price_per_m).toBe(0);

    const router = toTarget(pick, model("openrouter/auto", { kind: "variable" }, unknown));
    expect(router.prompt_price_per_m).toBeNull();
    expect(router.completion_price_per_m).toBeNull();
  });
});
