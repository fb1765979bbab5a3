// A run's end keeps the grid: the same columns (elements, not copies) stay in place while the
// tools for deciding appear, so the end draws only what changed (sixteen answers rebuilt at once
// were a ~0.4 s frame in the window).
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderApp } from "../../../test/renderApp";

describe("the end of a run", () => {
  it("keeps each column and its answer's elements, and adds the tools for deciding", async () => {
    // Slow enough that the answers are still streaming when the test first looks.
    const { services } = await renderApp("/compare", { delayScale: 1 });
    services.prefs.set("picks", ["openai/gpt-4o-mini", "anthropic/claude-sonnet-4.5"].map((model) => ({ provider: "openrouter" as const, endpoint: null, model })));
    fireEvent.change(await screen.findByTestId("prompt"), { target: { value: "Name three rivers." } });
    fireEvent.click(screen.getByTestId("send"));
    // While it streams: both columns, text arriving; the decide tools and the follow-up field are
    // already in their place, waiting (a follow-up can be typed, not sent).
    await waitFor(() => expect(screen.getByTestId("column-1").querySelector(".md")?.textContent).toBeTruthy(), { timeout: 5000 });
    expect(services.run.getState().finished).toBe(false);
    expect(screen.queryByTestId("decide-bar")).toBeNull();
    const waiting = screen.getByTestId("decide-bar-waiting");
    expect((screen.getByTestId("follow-up-all") as HTMLButtonElement).disabled).toBe(true);
    expect([...waiting.querySelectorAll("button")].filter((b) => !b.disabled).map((b) => b.textContent?.trim())).toEqual(["Leaderboard"]);
    fireEvent.change(screen.getByTestId("follow-up-input"), { target: { value: "And the longest?" } });
    fireEvent.keyDown(screen.getByTestId("follow-up-input"), { key: "Enter", ctrlKey: true });
    expect(services.run.getState().comparison?.parent_id ?? null).toBeNull();
    const columns = [screen.getByTestId("column-0"), screen.getByTestId("column-1")];
    const grid = columns[0]!.closest(".cols-scroll");
    // The faster answer ends first: its Continue is there, disabled until every answer is in.
    const first = await screen.findByTestId("column-continue", undefined, { timeout: 15_000 });
    expect(services.run.getState().finished).toBe(false);
    expect((first as HTMLButtonElement).disabled).toBe(true);
    expect(first.getAttribute("aria-label")).toContain("once every answer is in");
    await waitFor(() => expect(services.run.getState().finished).toBe(true), { timeout: 15_000 });
    // The bar is the same element, its tools now usable (not a second bar put in its place).
    expect(await screen.findByTestId("decide-bar")).toBe(waiting);
    expect(waiting.getAttribute("aria-busy")).toBeNull();
    expect(screen.getByTestId("column-0")).toBe(columns[0]);
    expect(screen.getByTestId("column-1")).toBe(columns[1]);
    expect(screen.getByTestId("column-0").closest(".cols-scroll")).toBe(grid);
    expect(columns[0]!.isConnected && columns[1]!.isConnected).toBe(true);
    // Over: done, with its whole text (its end drawn at its turn, no caret left);
    // the waiting bar gave way, the follow-up typed meanwhile kept.
    // (each column turns finished at its next turn: within frames of the run's end)
    await waitFor(() => expect(columns.map((c) => c.getAttribute("data-status"))).toEqual(["done", "done"]));
    const lastWord = services.run.getState().slots[0]!.text.trim().split(/\s+/).pop()!.replace(/[^\p{L}\p{N}]/gu, "");
    await waitFor(() => expect(columns[0]!.querySelector(".caret")).toBeNull());
    expect(columns[0]!.querySelector("[data-testid='answer-text']")!.textContent).toContain(lastWord);
    expect(screen.queryByTestId("decide-bar-waiting")).toBeNull();
    expect((screen.getByTestId("follow-up-input") as HTMLInputElement).value).toBe("And the longest?");
    expect((screen.getByTestId("follow-up-all") as HTMLButtonElement).disabled).toBe(false);
    // The same button, now usable: the run's end only enabled it.
    expect(first.isConnected).toBe(true);
    await waitFor(() => expect((first as HTMLButtonElement).disabled).toBe(false));
    expect(screen.getAllByTestId("column-continue")).toHaveLength(2);
  });
});
