// The Analytics room against the fake's sample history: three comparisons, seven answers (one
// failed), three models; the figures below are counted by hand from fake.ts's sample.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { renderApp } from "../../test/renderApp";

describe("the Analytics room", () => {
  it("over all history: seven answers, one failed, a row per model, and a model opens its answers in History", async () => {
    const { router } = await renderApp("/analytics?range=all");
    const answers = await screen.findByTestId("an-card-answers");
    expect(answers.textContent).toContain("7");
    // 1 failed of 7 rated answers = 14 %.
    expect(answers.textContent).toContain("14 % failed");
    const rows = screen.getAllByTestId("an-model-row");
    expect(rows.map((r) => r.dataset.model).sort()).toEqual(["anthropic/claude-sonnet-4.5", "google/gemini-2.5-flash", "openai/gpt-4o-mini"]);
    // claude-sonnet-4.5 answered three times (sky, SSE — failed — and haiku).
    const claude = rows.find((r) => r.dataset.model === "anthropic/claude-sonnet-4.5")!;
    expect(within(claude).getByText("3")).toBeTruthy();
    fireEvent.click(within(claude).getByText("anthropic/claude-sonnet-4.5"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/history"));
    expect(router.state.location.search.model).toBe("anthropic/claude-sonnet-4.5");
    await waitFor(() => expect(screen.getAllByTestId("history-item")).toHaveLength(3));
  });

  it("the range is URL state, and a range with no answers says so", async () => {
    const { router } = await renderApp("/analytics?range=today");
    // The sample's newest comparison is two hours old: today has it (unless the day just began).
    fireEvent.click(await screen.findByTestId("range-custom"));
    await waitFor(() => expect(router.state.location.search.range).toBe("custom"));
    await router.navigate({ to: "/analytics", search: { range: "custom", from: "2001-01-01", to: "2001-01-31" } });
    expect(await screen.findByTestId("an-empty")).toBeTruthy();
  });

  it("the per-model numbers save as CSV, a row per model, and say where", async () => {
    const { backend } = await renderApp("/analytics?range=all");
    fireEvent.click(await screen.findByTestId("models-csv"));
    const said = await screen.findByTestId("models-csv-said");
    expect(said.textContent).toMatch(/^Saved to \/fake\/exports\/parallax-1\.csv$/);
    const table = backend.savedTables.get("/fake/exports/parallax-1.csv")!;
    expect(table[0]!.slice(0, 3)).toEqual(["provider", "model", "answers"]);
    expect(table).toHaveLength(4);
  });

  it("reads OpenRouter's figures only when asked, then shows their medians beside yours", async () => {
    const { backend } = await renderApp("/analytics?range=all");
    const asked = vi.spyOn(backend, "modelEndpoints");
    const read = await screen.findByTestId("market-read");
    expect(read.textContent).toBe("Read OpenRouter's figures (3)");
    expect(asked).not.toHaveBeenCalled();
    const market = () => screen.getAllByTestId("an-model-row").map((r) => [r.dataset.model, r.querySelector("[data-col='market']")!.textContent]);
    expect(market().every(([, m]) => m === "—")).toBe(true);
    fireEvent.click(read);
    await waitFor(() => expect(screen.queryByTestId("market-read")).toBeNull());
    expect(asked.mock.calls.map((c) => c[0]).sort()).toEqual(["anthropic/claude-sonnet-4.5", "google/gemini-2.5-flash", "openai/gpt-4o-mini"]);
    // The fake's two providers per model: p50 0.42 s and 0.9 s, 120 and 60 tok/s; the lower
    // median of two is the smaller: 420 ms, 60 tok/s.
    await waitFor(() => expect(market().map(([, m]) => m)).toEqual(["420 ms · 60 tok/s", "420 ms · 60 tok/s", "420 ms · 60 tok/s"]));
  });
});
