// The running comparison lives outside the views: it keeps streaming while the person is
// elsewhere, and one slot's tokens re-render one column.
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { Profiler } from "react";
import { describe, expect, it, vi } from "vitest";

import { createServices, ServicesProvider } from "../app/services";
import type { ComparisonEvent, ComparisonRecord, ComparisonSpec, SlotRecord } from "../backend";
import { createFakeBackend } from "../backend/fake";
import { renderApp } from "../test/renderApp";
import { GridColumn } from "../views/compare/watch/AnswerGrid";
import { createRunStore } from "./runStore";

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
const spec: ComparisonSpec = { prompt: "p", variants: [], rows: [], repeats: 1, history: [], parent: null, system: null, targets: [] };

/** A backend whose startComparison hands the test the event callback. */
function scripted() {
  const backend = createFakeBackend();
  let emit: (e: ComparisonEvent) => void = () => {};
  backend.startComparison = async (_spec, onEvent) => {
    emit = onEvent;
    return "c1";
  };
  return { backend, emit: (e: ComparisonEvent) => emit(e) };
}

/** The app on Compare with these OpenRouter models picked and `prompt` typed (not sent). */
async function composeLive(models: string[], prompt: string, delayScale = 0.05) {
  const rendered = await renderApp("/compare", { delayScale });
  rendered.services.prefs.set("picks", models.map((model) => ({ provider: "openrouter" as const, endpoint: null, model })));
  fireEvent.change(await screen.findByTestId("prompt"), { target: { value: prompt } });
  return rendered;
}

/** Presses Send and waits until every answer has ended. */
async function sendAndFinish(services: Awaited<ReturnType<typeof renderApp>>["services"]) {
  fireEvent.click(screen.getByTestId("send"));
  await waitFor(() => expect(services.run.getState().finished).toBe(true), { timeout: 5000 });
}

describe("the run store", () => {
  it("applies text once per frame, in order, and other events at once", async () => {
    const { backend, emit } = scripted();
    const frames: (() => void)[] = [];
    const run = createRunStore(backend, (f) => frames.push(f));
    await run.start(spec);
    emit({ type: "created", comparison });
    expect(run.getState().slots).toHaveLength(2);
    emit({ type: "text", slot: 0, text: "Hel" });
    emit({ type: "text", slot: 0, text: "lo" });
    expect(run.getState().slots[0]!.text).toBe("");
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(run.getState().slots[0]!.text).toBe("Hello");
    // A non-text event flushes queued text first, so nothing is reordered.
    emit({ type: "text", slot: 1, text: "A" });
    emit({ type: "slot_finished", slot: 1, record: { ...slot(1), status: "done", text: "AB" } });
    expect(run.getState().slots[1]).toMatchObject({ status: "done", text: "AB" });
  });

  it("counts IPC batches (one task's events) apart from events", async () => {
    const { backend, emit } = scripted();
    const run = createRunStore(backend, () => {});
    await run.start(spec);
    // One batch: the generated command unpacks a Channel message synchronously.
    emit({ type: "created", comparison });
    emit({ type: "text", slot: 0, text: "a" });
    await Promise.resolve();
    emit({ type: "text", slot: 1, text: "b" });
    await Promise.resolve();
    expect(run.ipcStats()).toEqual({ batches: 2, events: 3 });
  });

  it("drops the events of a run it no longer shows", async () => {
    const backend = createFakeBackend();
    const callbacks: ((e: ComparisonEvent) => void)[] = [];
    backend.startComparison = async (_spec, onEvent) => {
      callbacks.push(onEvent);
      return `c${callbacks.length}`;
    };
    const run = createRunStore(backend, (f) => f());
    await run.start(spec);
    await run.start(spec);
    callbacks[0]!({ type: "created", comparison });
    expect(run.getState().comparison).toBeNull();
    callbacks[1]!({ type: "created", comparison: { ...comparison, id: "c2" } });
    expect(run.getState().comparison?.id).toBe("c2");
  });
});

describe("a column per slot", () => {
  it("re-renders only the column whose slot got text", async () => {
    const { backend, emit } = scripted();
    const services = createServices(backend, { schedule: (f) => f() });
    await services.run.start(spec);
    emit({ type: "created", comparison });
    const renders: Record<string, number> = { c0: 0, c1: 0 };
    const count = (id: string) => {
      renders[id] = (renders[id] ?? 0) + 1;
    };
    render(
      <ServicesProvider services={services}>
        <Profiler id="c0" onRender={() => count("c0")}>
          <GridColumn index={0} slot={undefined} focused={false} onContinue={undefined} onRetry={undefined} />
        </Profiler>
        <Profiler id="c1" onRender={() => count("c1")}>
          <GridColumn index={1} slot={undefined} focused={false} onContinue={undefined} onRetry={undefined} />
        </Profiler>
      </ServicesProvider>,
    );
    expect(renders).toEqual({ c0: 1, c1: 1 });
    emit({ type: "slot_started", slot: 1, notes: [] });
    emit({ type: "text", slot: 1, text: "one" });
    emit({ type: "text", slot: 1, text: " two" });
    await waitFor(() => expect(screen.getByTestId("column-1").textContent).toContain("one two"));
    expect(renders.c0).toBe(1);
    expect(renders.c1).toBeGreaterThanOrEqual(2);
    const c1 = renders.c1;
    emit({ type: "text", slot: 0, text: "zero" });
    await waitFor(() => expect(screen.getByTestId("column-0").textContent).toContain("zero"));
    expect(renders.c0).toBe(2);
    expect(renders.c1).toBe(c1);
  });
});

describe("a run while the person is elsewhere", () => {
  it("keeps streaming on History and is all there back on Compare", { timeout: 30_000 }, async () => {
    // Slow enough to be still running when the test looks, on a loaded machine too.
    const { services, router } = await composeLive(["openai/gpt-4o-mini", "mistralai/slow-imaginary-model"], "Keep going while I look at History", 1);
    fireEvent.click(screen.getByTestId("send"));
    await waitFor(() => expect(services.run.getState().comparison).not.toBeNull());
    expect(await screen.findByTestId("running-indicator")).toBeTruthy();

    fireEvent.click(screen.getByTestId("tab-history"));
    await screen.findByTestId("history-list");
    expect(router.state.location.pathname).toBe("/history");
    expect(screen.queryByTestId("column-0")).toBeNull();
    // Streams on, unseen: text arrives in the store, and the run ends.
    await waitFor(() => expect(services.run.getState().slots[0]!.text.length).toBeGreaterThan(0));
    await waitFor(() => expect(services.run.getState().finished).toBe(true), { timeout: 20_000 });
    // The finished run is listed without reopening History (its query was invalidated).
    await waitFor(() => expect(screen.getAllByTestId("history-item")[0]!.textContent).toContain("Keep going while I look at History"));

    fireEvent.click(screen.getByTestId("tab-compare"));
    await waitFor(() => expect(screen.getByTestId("column-1").getAttribute("data-status")).toBe("done"));
    expect(screen.getByTestId("column-0").getAttribute("data-status")).toBe("done");
    for (const i of [0, 1]) expect(screen.getByTestId(`column-${i}`).querySelector("[data-testid='answer-text']")!.textContent).toMatch(/^Parallax sends one prompt/);
    expect(screen.queryByTestId("running-indicator")).toBeNull();
  });
});

describe("asking an answer again", () => {
  it("a failed answer's “Try again” adds a new column of the same model, which streams and finishes", async () => {
    const { services, backend } = await composeLive(["openai/gpt-4o-mini", "acme/fail-model"], "Once more, please");
    const retry = vi.spyOn(backend, "retryAnswer");
    await sendAndFinish(services);
    const failed = await screen.findByTestId("column-1");
    expect(failed.getAttribute("data-status")).toBe("failed");
    // The healthy answer has no “Try again”; the failed one has.
    expect(screen.getByTestId("column-0").querySelector("[data-testid='slot-retry']")).toBeNull();
    fireEvent.click(failed.querySelector<HTMLElement>("[data-testid='slot-retry']")!);
    await waitFor(() => expect(retry).toHaveBeenCalledTimes(1));
    expect(retry.mock.calls[0]!.slice(0, 2)).toEqual([services.run.getState().comparison!.id, 1]);
    const added = await screen.findByTestId("column-2");
    expect(added.querySelector("[data-testid='column-model']")!.textContent).toContain("acme/fail-model");
    await waitFor(() => expect(screen.getByTestId("column-2").getAttribute("data-status")).toBe("done"), { timeout: 5000 });
    // The failed answer is still there, as it failed.
    expect(screen.getByTestId("column-1").getAttribute("data-status")).toBe("failed");
    expect(services.run.getState().slots).toHaveLength(3);
  });
});

describe("runs per model", () => {
  it("two runs of two models: four columns, each model's runs side by side, the second marked “run 2”", async () => {
    const { services, backend } = await composeLive(["openai/gpt-4o-mini", "anthropic/claude-sonnet-4.5"], "How much do you vary?");
    const start = vi.spyOn(backend, "startComparison");
    fireEvent.change(screen.getByTestId("repeats"), { target: { value: "2" } });
    await waitFor(() => expect(screen.getByTestId("send").textContent).toBe("Send 4 answers"));
    await sendAndFinish(services);
    expect(start.mock.calls[0]![0].repeats).toBe(2);
    const models = [0, 1, 2, 3].map((i) => screen.getByTestId(`column-${i}`).querySelector("[data-testid='column-model']")!.textContent);
    expect(models).toEqual(["openai/gpt-4o-mini", "openai/gpt-4o-mini", "anthropic/claude-sonnet-4.5", "anthropic/claude-sonnet-4.5"]);
    // Every column names its run, the first ones included (their heads line up).
    await waitFor(() => expect([0, 1, 2, 3].map((i) => within(screen.getByTestId(`column-${i}`)).getByTestId("column-run").textContent)).toEqual(["run 1", "run 2", "run 1", "run 2"]));
    // The spread across runs: a row per model, two runs each.
    const rows = await screen.findAllByTestId("run-spread-row");
    expect(rows.map((r) => r.querySelector("td")!.textContent)).toEqual(["openai/gpt-4o-mini", "anthropic/claude-sonnet-4.5"]);
    for (const r of rows) expect(r.querySelectorAll("td")[1]!.textContent).toBe("2");
  });
});

describe("a blind comparison", () => {
  it("names no model in History while the vote is open: not the list, a search hit, nor the opened comparison", async () => {
    const { services, router } = await composeLive(["openai/gpt-4o-mini", "anthropic/claude-sonnet-4.5"], "Blind in History too");
    fireEvent.click(screen.getByTestId("blind-next"));
    fireEvent.click(screen.getByTestId("send"));
    await waitFor(() => expect(services.run.getState().finished).toBe(true), { timeout: 5000 });
    const id = services.run.getState().comparison!.id;
    await act(() => router.navigate({ to: "/history/$comparisonId", params: { comparisonId: id } }));
    const row = (await screen.findAllByTestId("history-item")).find((r) => r.textContent?.includes("Blind in History too"))!;
    expect(within(row).getByTestId("history-models").textContent).toBe("Blind: the models are named after you vote in Compare");
    expect(row.textContent).toContain("cost after the vote");
    expect(await screen.findByTestId("history-blind")).toBeTruthy();
    const names = /gpt-4o-mini|claude-sonnet/;
    expect(screen.queryAllByTestId("history-item").filter((r) => r.textContent?.includes("Blind in History too")).some((r) => names.test(r.textContent ?? ""))).toBe(false);
    expect(document.querySelector(".history-detail")?.textContent ?? "").not.toMatch(names);
  });

  it("hides the picked models in the composer until the vote, then shows them again", async () => {
    const { services } = await composeLive(["openai/gpt-4o-mini", "anthropic/claude-sonnet-4.5"], "Which is better, blind?");
    expect((await screen.findAllByTestId("selected-model")).length).toBe(2);
    fireEvent.click(screen.getByTestId("blind-next"));
    fireEvent.click(screen.getByTestId("send"));
    // From the start of the run (the composer unfolded): no chip, no list of models, the notice.
    fireEvent.click(await screen.findByTestId("unfold-composer"));
    expect((await screen.findByTestId("picker-hidden")).textContent).toContain("2 models, hidden until you vote");
    expect(screen.queryAllByTestId("selected-model")).toHaveLength(0);
    expect(document.body.textContent).not.toContain("openai/gpt-4o-mini");
    // Nor the estimate, whose table names each model beside its price.
    expect(screen.queryByTestId("estimate")).toBeNull();
    await waitFor(() => expect(services.run.getState().finished).toBe(true), { timeout: 5000 });
    // Nor do prices: no answer's cost in the race strip, no run total.
    expect(screen.queryByTestId("race-cost")).toBeNull();
    expect(screen.getByTestId("race-total-cost").textContent).toBe("Run cost after the vote");
    fireEvent.click(await screen.findByTestId("vote-A"));
    await waitFor(() => expect(screen.queryByTestId("picker-hidden")).toBeNull());
    expect(screen.getAllByTestId("selected-model")).toHaveLength(2);
    expect(screen.getByTestId("race-cost")).toBeTruthy();
    expect(screen.getByTestId("race-total-cost").textContent).toMatch(/^Run \$/);
  });
});
