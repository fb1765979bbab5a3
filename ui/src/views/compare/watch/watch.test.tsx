// The answers area: every status a column can show, cost sources that look different (unknown is
// never $0), errors with advice by code, the race summary's ranking (hand-computed), layouts.
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";

import { createServices, ServicesProvider, useRun } from "../../../app/services";
import type { ErrorCode, SlotRecord } from "../../../backend";
import { createFakeBackend, type FakeBackend } from "../../../backend/fake";
import { AnswerColumn } from "./AnswerColumn";
import { AnswerGrid } from "./AnswerGrid";
import { rank, totals } from "./race";
import { ERROR_ADVICE } from "./status";

function slot(index: number, over: Partial<SlotRecord> = {}): SlotRecord {
  return {
    id: `s${index}`, index, variant: 0, row: 0, repeat: 0, prompt: null, provider: "openrouter", model: `m/${index}`, served_model: null, served_provider: null, cached: false, messages: [], parent_slot_id: null, status: "done",
    text: "An answer.", reasoning: "", ttft_ms: 100, total_ms: 1000,
    usage: { input_tokens: 10, output_tokens: 50, reasoning_tokens: null, cache_read_tokens: null, cache_write_tokens: null, cost_usd: null, byok_upstream_usd: null },
    cost: { usd: 0.001, source: "computed" }, generation_id: null, finish_reason: "stop", error: null, notes: [], attempts: 1, ttfb_ms: 80, ttfr_ms: null, queued_ms: null,
    output_chunks: 10, cost_basis: null, connect_ms: null, load_ms: null, speed: { tokens_per_second: 50, basis: "generation" },
    ...over,
  };
}

async function withServices(node: ReactNode) {
  const services = createServices(createFakeBackend(), { schedule: (f) => setTimeout(f, 0) });
  await services.prefs.hydrate();
  render(<ServicesProvider services={services}>{node}</ServicesProvider>);
  return services;
}

const status = () => screen.getByTestId("column-status");

describe("an answer column", () => {
  it("names every outcome", async () => {
    const cases: [Partial<SlotRecord>, string][] = [
      [{ status: "pending", text: "" }, "waiting"],
      [{ status: "streaming" }, "streaming"],
      [{ status: "done" }, "done"],
      [{ status: "refused", finish_reason: "refusal" }, "refused"],
      [{ status: "refused", finish_reason: "content_filter" }, "filtered"],
      [{ status: "truncated", finish_reason: "length" }, "truncated"],
      [{ status: "failed", error: { code: "network", message: "x" } }, "failed"],
      [{ status: "cancelled", error: { code: "cancelled", message: "x" } }, "cancelled"],
      [{ status: "interrupted" }, "interrupted"],
      [{ cached: true }, "cached"],
    ];
    for (const [over, label] of cases) {
      const { unmount } = render(<div />);
      unmount();
      await withServices(<AnswerColumn slot={slot(0, over)} />);
      expect(status().textContent, label).toBe(label);
      document.body.innerHTML = "";
    }
    await withServices(<AnswerColumn slot={slot(0, { status: "pending", text: "" })} queued notice="Queued: Ollama runs one model at a time" />);
    expect(status().textContent).toBe("queued");
    expect(status().title).toMatch(/^Queued: Ollama/);
  });

  it("shows retrying and fallback from the live run until text arrives, with a live line", async () => {
    const services = await withServices(<LiveOne />);
    const c = { id: "c", title: "t", prompt: "p", system: null, created_at_ms: 0, parent_id: null, slots: [slot(0, { status: "pending", text: "", ttft_ms: null })], tags: [], notes: "", votes: [] };
    const { applyEvent } = await import("../../../compareState");
    let st = applyEvent(services.run.getState(), { type: "created", comparison: c });
    st = applyEvent(st, { type: "slot_started", slot: 0, notes: [] });
    st = applyEvent(st, { type: "slot_retrying", slot: 0, attempt: 1, delay_ms: 2000, reason: "rate limited" });
    act(() => services.run.show(st));
    expect(status().textContent).toBe("retrying");
    act(() => services.run.show(applyEvent(st, { type: "slot_fallback", slot: 0, model: "m/b", reason: "gone" })));
    expect(status().textContent).toBe("fallback");
    expect(screen.getByTestId("live-line").textContent).toMatch(/tok\/s/);
    // Its clock runs while it waits for text (ticked by its turns, watch/pace.ts).
    const elapsed = () => screen.getByTestId("live-elapsed").textContent;
    const first = elapsed();
    expect(first).toMatch(/^\d+\.\d s$/);
    await waitFor(() => expect(elapsed()).not.toBe(first), { timeout: 3000 });
  });

  it("gives each cost source its own look, and never $0 for unknown", async () => {
    await withServices(
      <>
        <AnswerColumn slot={slot(0, { cost: { usd: 0.0021, source: "billed" } })} />
        <AnswerColumn slot={slot(1, { cost: { usd: 0.0021, source: "computed" } })} />
        <AnswerColumn slot={slot(2, { cost: { usd: null, source: "unknown" } })} />
      </>,
    );
    const cost = (i: number) => within(screen.getByTestId(`column-${i}`)).getByTestId("metric-cost");
    expect(cost(0).closest(".metric")!.className).toContain("cost-billed");
    expect(cost(1).closest(".metric")!.className).toContain("cost-computed");
    expect(cost(2).closest(".metric")!.className).toContain("cost-unknown");
    expect(cost(2).textContent).toBe("—");
    expect(within(screen.getByTestId("column-0")).getByText("Cost · billed")).toBeTruthy();
  });

  it("explains every error code and says what to do", async () => {
    for (const code of Object.keys(ERROR_ADVICE) as ErrorCode[]) {
      if (code === "cancelled") continue;
      await withServices(<AnswerColumn slot={slot(0, { status: "failed", error: { code, message: "provider words" } })} />);
      const err = screen.getByTestId("slot-error");
      expect(err.getAttribute("data-code")).toBe(code);
      expect(err.textContent).toContain(ERROR_ADVICE[code].what);
      expect(screen.getByTestId("slot-error-advice").textContent).toBe(ERROR_ADVICE[code].todo);
      expect(err.textContent).toContain("provider words");
      document.body.innerHTML = "";
    }
    expect(ERROR_ADVICE.unauthorized.todo).toMatch(/key in Settings/);
    expect(ERROR_ADVICE.insufficient_credits.todo).toMatch(/Add credits/);
    expect(ERROR_ADVICE.context_length_exceeded.todo).toMatch(/Shorten the prompt/);
  });

  it("folds reasoning with its own tokens and time", async () => {
    await withServices(<AnswerColumn slot={slot(0, { reasoning: "thinking…", ttfr_ms: 200, ttft_ms: 1400, usage: { ...slot(0).usage, reasoning_tokens: 40 } })} />);
    expect(screen.getByTestId("reasoning-meta").textContent).toBe(" · 40 tokens · 1.20 s");
    expect(screen.getByTestId("metric-reasoning").textContent).toBe("40");
  });

  it("hides every name and price in blind mode", async () => {
    const s = slot(0, { provider: "demo", served_model: "other/model", served_provider: "Azure" });
    await withServices(<AnswerGrid slots={[s, slot(1)]} decor={() => ({ title: "Answer A", hideIdentity: true })} />);
    const col = screen.getByTestId("column-0");
    expect(col.textContent).not.toMatch(/m\/0|demo|other\/model|Azure/);
    expect(within(col).queryByTestId("metric-cost")).toBeNull();
    expect(within(col).getByTestId("column-model").textContent).toBe("Answer A");
  });
});

describe("the race summary", () => {
  // Hand-computed: TTFT 300/100/200 → 1,2,0; tok/s 40/90/90 → 1 and 2 tie, then 0.
  const slots = [
    slot(0, { ttft_ms: 300, total_ms: 3000, speed: { tokens_per_second: 40, basis: "generation" }, cost: { usd: 0.003, source: "billed" }, usage: { ...slot(0).usage, output_tokens: 120 } }),
    slot(1, { ttft_ms: 100, total_ms: 2000, speed: { tokens_per_second: 90, basis: "generation" }, cost: { usd: null, source: "unknown" }, usage: { ...slot(0).usage, output_tokens: 300 } }),
    slot(2, { ttft_ms: 200, total_ms: 2500, speed: { tokens_per_second: 90, basis: "generation" }, cost: { usd: 0.001, source: "computed" }, usage: { ...slot(0).usage, output_tokens: 80 } }),
    slot(3, { status: "failed", ttft_ms: 50, total_ms: 400, speed: { tokens_per_second: null, basis: "unknown" }, cost: { usd: 0.0001, source: "billed" }, error: { code: "network", message: "x" } }),
  ];

  it("ranks by each measure, unknowns and unfinished answers left out", () => {
    expect(rank(slots, "ttft").map((r) => r.slot)).toEqual([3, 1, 2, 0]);
    expect(rank(slots, "total").map((r) => r.slot)).toEqual([1, 2, 0]);
    expect(rank(slots, "speed").map((r) => [r.slot, r.rank])).toEqual([[1, 1], [2, 1], [0, 3]]);
    expect(rank(slots, "cost").map((r) => r.slot)).toEqual([2, 0]);
    expect(rank(slots, "length").map((r) => r.slot)).toEqual([1, 0, 2]);
    expect(totals(slots)).toEqual({ cost: 0.0041, unknownCosts: 1, input: 40, output: 550, wallMs: 3000 });
  });

  it("highlights the best of each and charts the chosen one", async () => {
    await withServices(<AnswerGrid slots={slots} />);
    expect(screen.getByTestId("race-best-ttft").getAttribute("data-slot")).toBe("3");
    expect(screen.getByTestId("race-best-cost").textContent).toBe("$0.001");
    expect(screen.getByTestId("race-cost").textContent).toMatch(/m\/2/);
    // The winner's own footer highlights its figure.
    expect(within(screen.getByTestId("column-2")).getByTestId("metric-cost").closest(".metric")!.className).toContain("best");
    fireEvent.click(screen.getByTestId("race-speed"));
    expect(screen.getByTestId("race-chart").querySelectorAll("rect.best")).toHaveLength(2);
    expect(screen.getByTestId("race-total-cost").textContent).toBe("Run $0.0041 + 1 unknown");
  });
});

describe("the race summary of a live run", () => {
  it("follows the run's first tokens, and the columns' actions still act after its samples", async () => {
    const services = await withServices(<AnswerGrid slots={null} />);
    const waiting = { status: "pending" as const, text: "", ttft_ms: null, total_ms: null };
    const c = { id: "c", title: "t", prompt: "p", system: null, created_at_ms: 0, parent_id: null, slots: [slot(0, waiting), slot(1, waiting), slot(2, waiting)], tags: [], notes: "", votes: [] };
    const { applyEvent } = await import("../../../compareState");
    let st = applyEvent(services.run.getState(), { type: "created", comparison: c });
    st = applyEvent(st, { type: "slot_started", slot: 0, notes: [] });
    st = applyEvent(st, { type: "slot_started", slot: 1, notes: [] });
    act(() => services.run.show(st));
    const bestTtft = () => screen.getByTestId("race-best-ttft").getAttribute("data-slot");
    expect(bestTtft()).toBe("");
    // The second answer starts first (300 ms), then the first (500 ms): the strip, sampled
    // while the run streams, names the second as the first token's winner.
    st = applyEvent(st, { type: "first_token", slot: 1, ttft_ms: 300 });
    act(() => services.run.show(st));
    st = applyEvent(applyEvent(st, { type: "text", slot: 1, text: "Hello" }), { type: "first_token", slot: 0, ttft_ms: 500 });
    act(() => services.run.show(st));
    await waitFor(() => expect(bestTtft()).toBe("1"), { timeout: 2000 });
    // A column's place is kept across samples; its actions act on the grid as it is now.
    const order = () => Array.from(document.querySelectorAll(".column")).map((col) => col.getAttribute("data-testid"));
    fireEvent.keyDown(within(screen.getByTestId("column-0")).getByTestId("column-grip"), { key: "ArrowRight" });
    expect(order()).toEqual(["column-1", "column-0", "column-2"]);
    st = applyEvent(st, { type: "text", slot: 0, text: "Hi" });
    act(() => services.run.show(st));
    await new Promise((r) => setTimeout(r, 300));
    fireEvent.keyDown(within(screen.getByTestId("column-0")).getByTestId("column-grip"), { key: "ArrowRight" });
    expect(order()).toEqual(["column-1", "column-2", "column-0"]);
  });
});

describe("an answer the history could not take", () => {
  it("stays in its column, marked as not saved with the reason", async () => {
    await withServices(<AnswerColumn slot={slot(0, { unsaved: "this answer could not be saved to /data/parallax.db: database or disk is full" })} />);
    const mark = screen.getByTestId("slot-unsaved");
    expect(mark.textContent).toMatch(/^Not saved\. this answer could not be saved to \/data\/parallax\.db: database or disk is full/);
    expect(screen.getByTestId("column-0").textContent).toContain("An answer.");
  });

  it("can be saved as a Markdown file where the person chooses", async () => {
    const services = await withServices(<AnswerColumn slot={slot(0, { model: "vendor/alpha", unsaved: "this answer could not be saved to /data/parallax.db: database or disk is full" })} />);
    fireEvent.click(screen.getByTestId("save-unsaved"));
    // The fake's save dialog answers /home/you/Documents/<the suggested name>.
    await waitFor(() => expect(screen.getByTestId("save-unsaved-said").textContent).toBe("Saved to /home/you/Documents/parallax-answer.md"));
    const fake = services.backend as FakeBackend;
    expect(fake.savedAnswers.get("/home/you/Documents/parallax-answer.md")).toBe("# vendor/alpha\n\nAn answer.\n");
    // A second save to the same file is refused, with the reason.
    fireEvent.click(screen.getByTestId("save-unsaved"));
    await waitFor(() => expect(screen.getByTestId("save-unsaved-said").textContent).toMatch(/already exists/));
  });
});

describe("the race summary in blind mode", () => {
  it("names answers by their neutral titles, never by model", async () => {
    const slots = [slot(0, { model: "vendor/alpha", ttft_ms: 300 }), slot(1, { model: "vendor/beta", ttft_ms: 100 })];
    const decor = (i: number) => ({ hideIdentity: true, title: `Answer ${"AB"[i]}` });
    await withServices(<AnswerGrid slots={slots} decor={decor} />);
    const strip = screen.getByTestId("race-summary");
    expect(strip.textContent).not.toMatch(/alpha|beta/);
    expect(strip.innerHTML).not.toMatch(/alpha|beta/);
    expect(screen.getByTestId("race-ttft").textContent).toMatch(/Answer B/);
  });
});

describe("the layouts", () => {
  it("maximises one answer and puts the rest on a rail; tabs show one; moves reorder", async () => {
    const services = await withServices(<AnswerGrid slots={[slot(0), slot(1), slot(2)]} />);
    fireEvent.keyDown(within(screen.getByTestId("column-0")).getByTestId("column-grip"), { key: "ArrowRight" });
    const order = () => Array.from(document.querySelectorAll(".column")).map((c) => c.getAttribute("data-testid"));
    expect(order()).toEqual(["column-1", "column-0", "column-2"]);
    act(() => services.prefs.set("answersLayout", "tabs"));
    expect(screen.getAllByTestId(/^tab-\d$/)).toHaveLength(3);
    expect(order()).toHaveLength(1);
    fireEvent.click(screen.getByTestId("tab-2"));
    expect(order()).toEqual(["column-2"]);
    act(() => services.prefs.set("answersLayout", "grid"));
    expect(order()).toHaveLength(3);
  });
});

/** A column fed from the run store, as CompareView's live grid feeds it. */
function LiveOne() {
  return <LiveFromStore />;
}

function LiveFromStore() {
  const s = useRun((x) => x.slots[0]);
  return s ? <AnswerColumn slot={s} /> : null;
}
