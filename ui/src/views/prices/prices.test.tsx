// Prices renders only the rows in view of the whole catalog (virtualized): the table still says
// how many rows it has, the search narrows them, and "+" adds a model to Compare's picks.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createFakeBackend } from "../../backend/fake";
import { renderApp } from "../../test/renderApp";

// jsdom lays nothing out: the scrolling list gets a height, so the virtualizer has a view to fill.
beforeAll(() => Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 600 }));
afterAll(() => delete (HTMLElement.prototype as { clientHeight?: number }).clientHeight);

describe("the prices table", () => {
  it("renders a window of the catalog, filters it and adds a model to Compare", async () => {
    const { services, router } = await renderApp("/prices");
    const table = await screen.findByTestId("prices-table");
    await waitFor(() => expect(table.getAttribute("aria-rowcount")).toBe("415"));
    const rendered = table.querySelectorAll("tbody tr[data-index]").length;
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(50);
    // The rows not rendered keep their space, so the scrollbar tells the catalog's length.
    expect(table.querySelector("tbody tr.prices-gap")).not.toBeNull();

    fireEvent.change(screen.getByTestId("prices-search"), { target: { value: "claude-sonnet-4.6" } });
    await waitFor(() => expect(router.state.location.search.q).toBe("claude-sonnet-4.6"));
    const add = await screen.findByRole("button", { name: "Add anthropic/claude-sonnet-4.6 to Compare" });
    fireEvent.click(add);
    await waitFor(() => expect(services.prefs.getState().picks.map((p) => p.model)).toContain("anthropic/claude-sonnet-4.6"));
    expect((await screen.findByRole("button", { name: "anthropic/claude-sonnet-4.6 is picked in Compare" })).hasAttribute("disabled")).toBe(true);
  });
});

describe("the Prices room", () => {
  const row = (id: string) => document.querySelector<HTMLElement>(`[data-testid='price-row'][data-model='${id}']`);

  it("prices a workload on every model: 2,000 in and 500 out on gpt-4o-mini is $0.0006", async () => {
    // ($0.15 × 2,000 + $0.60 × 500) / 1,000,000 = $0.0006.
    const { router } = await renderApp("/prices?q=gpt-4o-mini");
    await screen.findByTestId("prices-table");
    fireEvent.change(screen.getByTestId("calc-in"), { target: { value: "2000" } });
    fireEvent.change(screen.getByTestId("calc-out"), { target: { value: "500" } });
    await waitFor(() => expect(router.state.location.search).toMatchObject({ cin: 2000, cout: 500 }));
    await waitFor(() => expect(row("openai/gpt-4o-mini")?.querySelector("[data-col='cost']")?.textContent).toBe("$0.0006"));
    // Half of the input from the cache at $0.075: ($0.15 × 1,000 + $0.075 × 1,000 + $0.60 × 500) / 1M = $0.000525.
    fireEvent.change(screen.getByTestId("calc-hit"), { target: { value: "50" } });
    await waitFor(() => expect(row("openai/gpt-4o-mini")?.querySelector("[data-col='cost']")?.textContent).toBe("$0.000525"));
    // Per thousand tokens: $0.15/M is $0.00015/K.
    fireEvent.click(screen.getByTestId("prices-per-1k"));
    await waitFor(() => expect(row("openai/gpt-4o-mini")?.querySelector("[data-col='input']")?.textContent).toBe("$0.00015"));
  });

  it("narrows by vendor, ticks two models and compares them", async () => {
    const { services, router } = await renderApp("/prices?vendor=anthropic");
    await screen.findByTestId("prices-table");
    await waitFor(() => expect(document.querySelectorAll("[data-testid='price-row']").length).toBeGreaterThan(1));
    const ids = [...document.querySelectorAll("[data-testid='price-row']")].map((r) => r.getAttribute("data-model"));
    expect(ids.every((id) => id?.startsWith("anthropic/"))).toBe(true);
    const ticks = screen.getAllByTestId("price-tick");
    fireEvent.click(ticks[0]!);
    fireEvent.click(ticks[1]!);
    fireEvent.click(screen.getByTestId("compare-these"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/compare"));
    expect(services.prefs.getState().picks.map((p) => p.model)).toEqual(ids.slice(0, 2));
  });

  it("opens a model's page: its providers, its price history and the change", async () => {
    const { router } = await renderApp("/prices?q=gpt-4o-mini");
    await screen.findByTestId("prices-table");
    const open = await waitFor(() => row("openai/gpt-4o-mini")!.querySelector<HTMLElement>("[data-testid='price-open']")!);
    fireEvent.click(open);
    await waitFor(() => expect(router.state.location.search.model).toBe("openai/gpt-4o-mini"));
    const panel = await screen.findByTestId("model-panel");
    await waitFor(() => expect(within(panel).getAllByTestId("endpoint-row").map((r) => r.firstChild?.textContent)).toEqual(["Fastly AI", "Steady Cloud"]));
    const changes = await within(panel).findAllByTestId("model-change");
    expect(changes).toHaveLength(2);
    expect(changes[0]!.textContent).toContain("$0.3 → $0.15 in, $1.2 → $0.6 out per M");
    expect(changes[0]!.querySelector("[data-direction]")?.getAttribute("data-direction")).toBe("down");
    expect(within(panel).getByTestId("model-history-chart")).toBeTruthy();
  });

  it("keeps only the models of the person's saved sets", async () => {
    const backend = createFakeBackend({ delayScale: 0.01 });
    await backend.saveModelSet("cheap", [{ provider: "openrouter", model: "openai/gpt-4o-mini" }, { provider: "openrouter", model: "anthropic/claude-sonnet-4.5" }]);
    await renderApp("/prices?sets=true", { backend });
    await screen.findByTestId("prices-table");
    await waitFor(() => expect([...document.querySelectorAll("[data-testid='price-row']")].map((r) => r.getAttribute("data-model")).sort()).toEqual(["anthropic/claude-sonnet-4.5", "openai/gpt-4o-mini"]));
    expect((screen.getByTestId("prices-sets") as HTMLInputElement).checked).toBe(true);
  });

  it("a refresh that cannot reach the provider says so, and the saved list stays", async () => {
    // OpenRouter unreachable; the list saved an hour ago is what the table shows.
    await renderApp("/prices", { unreachable: { openrouter: 3_600_000 } });
    await screen.findByTestId("prices-table");
    fireEvent.click(screen.getByTestId("prices-refresh"));
    expect((await screen.findByTestId("prices-refreshed")).textContent).toMatch(/^Not refreshed: Could not connect to .*connection refused\.$/);
    expect(screen.getByTestId("prices-table").getAttribute("aria-rowcount")).toBe("415");
  });

  it("lists recent changes across the catalog, dearer and cheaper apart", async () => {
    await renderApp("/prices?tab=changes");
    const rows = await screen.findAllByTestId("price-change");
    expect(rows.map((r) => r.querySelector("[data-direction]")?.getAttribute("data-direction") ?? null)).toEqual(["down", "up", null]);
    expect(rows[1]!.textContent).toContain("anthropic/claude-sonnet-4.5");
  });
});
