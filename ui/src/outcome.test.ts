import { describe, expect, it } from "vitest";

import { outcomeNote } from "./outcome";

const usage = (reasoning: number | null) => ({
  input_tokens: 5, output_tokens: 300, reasoning_tokens: reasoning, cache_read_tokens: null, cache_write_tokens: null, cost_usd: null, byok_upstream_usd: null,
});

describe("answers that are not normal answers", () => {
  it("says a refusal is a refusal, with the provider's word", () => {
    expect(outcomeNote({ status: "refused", finish_reason: "SAFETY", text: "", usage: usage(null) })).toBe(
      "The model declined, or a safety filter stopped it (finish reason: SAFETY).",
    );
  });

  it("tells a thinking model that ran out of budget from a cut answer", () => {
    expect(outcomeNote({ status: "truncated", finish_reason: "MAX_TOKENS", text: "", usage: usage(300) })).toMatch(
      /^No answer: the length limit was reached while the model was still reasoning/,
    );
    expect(outcomeNote({ status: "truncated", finish_reason: "length", text: "Once upon", usage: usage(null) })).toMatch(/^Cut short/);
  });

  it("says nothing about a normal answer", () => {
    expect(outcomeNote({ status: "done", finish_reason: "stop", text: "Hi", usage: usage(null) })).toBeNull();
  });
});
