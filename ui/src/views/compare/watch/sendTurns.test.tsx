// The click on Send draws the run's columns over a few frames, one a frame (pace.ts,
// `useFirstTurn`), not all in the frame after the click: each waits as a frame with its model's
// name, then is drawn whole, and every column ends up drawn.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderApp } from "../../../test/renderApp";

const models = ["openai/gpt-4o-mini", "anthropic/claude-sonnet-4.5", "google/gemini-2.5-flash", "mistralai/mistral-large", "deepseek/deepseek-chat"];

describe("the columns of a Send", () => {
  it("are drawn at most one at first, the others waiting with their model's name, then all", async () => {
    const { services } = await renderApp("/compare", { delayScale: 1 });
    services.prefs.set("picks", models.map((model) => ({ provider: "openrouter" as const, endpoint: null, model })));
    fireEvent.change(await screen.findByTestId("prompt"), { target: { value: "Name three rivers." } });
    fireEvent.click(screen.getByTestId("send"));
    const grid = await screen.findByTestId("columns-scroll");
    const drawn = () => grid.querySelectorAll("section.column[data-testid^='column-']").length;
    const waiting = () => [...grid.querySelectorAll("section.column-waiting")].map((w) => w.textContent);
    // The grid's first drawing: five places, at most one of them drawn.
    expect(drawn() + waiting().length).toBe(5);
    expect(drawn()).toBeLessThanOrEqual(1);
    expect(waiting().length).toBeGreaterThanOrEqual(4);
    for (const name of waiting()) expect(models).toContain(name);
    await waitFor(() => expect(drawn()).toBe(5));
    expect(waiting()).toEqual([]);
    expect([...grid.querySelectorAll("[data-testid='column-model']")].map((m) => m.textContent)).toEqual(models);
  });
});
