// Prices renders only the rows in view of the whole catalog (virtualized): the table still says
// how many rows it has, the search narrows them, and "+" adds a model to Compare's picks.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

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
