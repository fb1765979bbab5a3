import { describe, expect, it } from "vitest";

import type { ComparisonRecord, SlotRecord } from "./backend";
import { applyEvent, emptyRun } from "./compareState";

function slot(index: number): SlotRecord {
  return {
    id: `s${index}`, index, variant: 0, row: 0, repeat: 0, prompt: null, provider: "openrouter", model: `m/${index}`, served_model: null, served_provider: null, cached: false, messages: [], parent_slot_id: null, status: "pending",
    text: "", reasoning: "", ttft_ms: null, total_ms: null,
    usage: { input_tokens: null, output_tokens: null, reasoning_tokens: null, cache_read_tokens: null, cache_write_tokens: null, cost_usd: null, byok_upstream_usd: null },
    cost: { usd: null, source: "unknown" }, generation_id: null, finish_reason: null, error: null, notes: [], attempts: null, ttfb_ms: null, ttfr_ms: null, queued_ms: null,
    output_chunks: null, cost_basis: null, connect_ms: null, load_ms: null, speed: { tokens_per_second: null, basis: "unknown" },
  };
}

const comparison: ComparisonRecord = { id: "c1", title: "t", prompt: "p", system: null, created_at_ms: 0, parent_id: null, slots: [slot(0), slot(1)], tags: [], notes: "", votes: [] };

describe("applying engine events", () => {
  it("streams text into the right column and finishes with the final record", () => {
    let s = applyEvent(emptyRun, { type: "created", comparison });
    const note = { param: "seed", dropped: true, message: "Anthropic has no seed parameter" };
    s = applyEvent(s, { type: "slot_started", slot: 1, notes: [note] });
    s = applyEvent(s, { type: "first_token", slot: 1, ttft_ms: 120 });
    s = applyEvent(s, { type: "text", slot: 1, text: "Hel" });
    s = applyEvent(s, { type: "text", slot: 1, text: "lo" });
    expect(s.slots[1]).toMatchObject({ status: "streaming", text: "Hello", ttft_ms: 120, notes: [note] });
    expect(s.slots[0]?.text).toBe("");

    const final = { ...slot(1), status: "failed" as const, text: "Hello", error: { code: "rate_limited" as const, message: "slow down" } };
    s = applyEvent(s, { type: "slot_finished", slot: 1, record: final });
    expect(s.slots[1]).toEqual(final);
    expect(s.finished).toBe(false);
    s = applyEvent(s, { type: "finished", comparison_id: "c1" });
    expect(s.finished).toBe(true);
  });

  it("ignores events for a slot it does not know", () => {
    const s = applyEvent(emptyRun, { type: "text", slot: 3, text: "x" });
    expect(s).toBe(emptyRun);
  });
});

describe("what a slot does before its first token", () => {
  it("shows queued, retrying and fallback notices until text arrives", () => {
    let s = applyEvent(emptyRun, { type: "created", comparison });
    s = applyEvent(s, { type: "slot_queued", slot: 0 });
    expect(s.notices[0]).toMatch(/Queued/);
    s = applyEvent(s, { type: "slot_retrying", slot: 0, attempt: 1, delay_ms: 2000, reason: "rate limited" });
    expect(s.notices[0]).toBe("Retry 1 in 2.0 s: rate limited");
    s = applyEvent(s, { type: "slot_fallback", slot: 0, model: "m/b", reason: "not found" });
    expect(s.notices[0]).toMatch(/fallback m\/b/);
    s = applyEvent(s, { type: "first_token", slot: 0, ttft_ms: 5 });
    expect(s.notices[0]).toBeUndefined();
  });

  it("says a queued column waits, and why at Ollama, until it gets a place", () => {
    const local = { ...comparison, slots: comparison.slots.map((x) => ({ ...x, provider: "ollama" })) };
    let s = applyEvent(emptyRun, { type: "created", comparison: local });
    s = applyEvent(s, { type: "slot_queued", slot: 1 });
    expect(s.queued).toEqual({ 1: true });
    expect(s.notices[1]).toBe("Queued: Ollama runs one model at a time unless raised in Settings → Limits.");
    s = applyEvent(s, { type: "slot_started", slot: 1, notes: [] });
    expect(s.queued).toEqual({});
    expect(s.notices[1]).toBeUndefined();
    s = applyEvent(emptyRun, { type: "created", comparison });
    expect(applyEvent(s, { type: "slot_queued", slot: 0 }).notices[0]).toMatch(/limits on requests at once/);
  });
});

describe("late news", () => {
  it("fills in the serving provider and billed cost after the run", () => {
    let s = applyEvent(emptyRun, { type: "created", comparison });
    s = applyEvent(s, { type: "finished", comparison_id: "c1" });
    s = applyEvent(s, { type: "slot_backfilled", slot: 1, served_provider: "Azure", cost: { usd: 0.002, source: "billed" } });
    expect(s.slots[1]).toMatchObject({ served_provider: "Azure", cost: { usd: 0.002, source: "billed" } });
  });
});

describe("a spending cap that cannot count an answer", () => {
  it("keeps the engine's words so the view can say so", () => {
    let s = applyEvent(emptyRun, { type: "created", comparison });
    s = applyEvent(s, { type: "spend_unknown", slot: 1, message: "The cost of m/1's answer is unknown: the spending cap cannot count it." });
    expect(s.spendUnknown).toEqual(["The cost of m/1's answer is unknown: the spending cap cannot count it."]);
    expect(applyEvent(s, { type: "created", comparison }).spendUnknown).toEqual([]);
  });
});

describe("what only a live run knows", () => {
  it("keeps each slot's phase and clock by slot id, on the clock it is given", () => {
    let s = applyEvent(emptyRun, { type: "created", comparison }, 1000);
    s = applyEvent(s, { type: "slot_queued", slot: 0 }, 1000);
    expect(s.live.s0).toMatchObject({ phase: "queued", startedAt: null });
    s = applyEvent(s, { type: "slot_started", slot: 0, notes: [] }, 1500);
    expect(s.live.s0).toMatchObject({ phase: null, startedAt: 1500 });
    s = applyEvent(s, { type: "slot_retrying", slot: 0, attempt: 1, delay_ms: 100, reason: "x" }, 1600);
    expect(s.live.s0!.phase).toBe("retrying");
    s = applyEvent(s, { type: "reasoning", slot: 0, text: "hm" }, 1700);
    s = applyEvent(s, { type: "first_token", slot: 0, ttft_ms: 300 }, 1800);
    expect(s.live.s0).toEqual({ phase: null, startedAt: 1500, firstAt: 1800, reasoningAt: 1700 });
    expect(s.live.s1).toBeUndefined();
    // A slot's text does not touch `live`: other columns' selectors stay quiet.
    expect(applyEvent(s, { type: "text", slot: 0, text: "a" }, 1900).live).toBe(s.live);
  });
});
