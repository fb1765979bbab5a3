// The model picker renders only the options in view of a long catalog (virtualized), and what the
// search finds is there to tick.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { renderApp } from "../../test/renderApp";

const options = () => document.querySelectorAll('[data-testid^="model-option-"]');

// jsdom lays nothing out: the scrolling list gets a height, so the virtualizer has a view to fill.
beforeAll(() => Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 600 }));
afterAll(() => delete (HTMLElement.prototype as { clientHeight?: number }).clientHeight);

describe("the model picker", () => {
  it("renders a window of a 414-model catalog, and a searched model can be picked", async () => {
    const { services } = await renderApp("/compare");
    const search = (await screen.findByTestId("model-search")) as HTMLInputElement;
    await waitFor(() => expect(search.placeholder).toBe("Search 414 models…"));
    await waitFor(() => expect(options().length).toBeGreaterThan(0));
    expect(options().length).toBeLessThan(50);

    fireEvent.change(search, { target: { value: "claude-sonnet-4.6" } });
    const option = await screen.findByTestId("model-option-anthropic/claude-sonnet-4.6");
    fireEvent.click(within(option).getByRole("checkbox"));
    await waitFor(() => expect(services.prefs.getState().picks.map((p) => p.model)).toContain("anthropic/claude-sonnet-4.6"));
    expect(option.closest("li")!.getAttribute("aria-selected")).toBe("true");
    expect(screen.getAllByTestId("selected-model").map((c) => c.textContent)).toContain("anthropic/claude-sonnet-4.6");
  });
});
