// The house as a person uses it, on the fake backend: every room opens from the sidebar and by
// keyboard, the palette finds views, actions and models and does them, the theme sticks.
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderApp } from "../test/renderApp";

const key = (k: string, init: KeyboardEventInit = {}) => fireEvent.keyDown(document.activeElement ?? window, { key: k, ...init });

describe("navigation", () => {
  it("opens every room from the sidebar", async () => {
    const { router } = await renderApp("/compare");
    expect(await screen.findByTestId("compare-view")).toBeTruthy();
    const rooms: [string, string, string][] = [
      ["tab-prices", "prices-view", "/prices"],
      ["tab-history", "history-list", "/history"],
      ["tab-analytics", "analytics-view", "/analytics"],
      ["tab-settings", "settings-providers", "/settings/providers"],
      ["tab-compare", "compare-view", "/compare"],
    ];
    for (const [tab, view, path] of rooms) {
      fireEvent.click(screen.getByTestId(tab));
      expect(await screen.findByTestId(view)).toBeTruthy();
      expect(router.state.location.pathname).toBe(path);
      expect(screen.getByTestId(tab).getAttribute("aria-current")).toBe("page");
    }
  });

  it("switches rooms with Ctrl+1…5 and opens the cheat sheet with ? (not while typing)", async () => {
    const { router } = await renderApp("/compare");
    await screen.findByTestId("compare-view");
    key("3", { ctrlKey: true });
    await waitFor(() => expect(router.state.location.pathname).toBe("/history"));
    key("5", { ctrlKey: true });
    await waitFor(() => expect(router.state.location.pathname).toBe("/settings/providers"));
    key("1", { ctrlKey: true });
    await waitFor(() => expect(router.state.location.pathname).toBe("/compare"));

    const prompt = await screen.findByTestId("prompt");
    prompt.focus();
    key("?", { shiftKey: true });
    expect(screen.queryByTestId("cheatsheet")).toBeNull();
    prompt.blur();
    key("?", { shiftKey: true });
    const sheet = await screen.findByTestId("cheatsheet");
    expect(within(sheet).getByTestId("shortcut-palette").textContent).toContain("Ctrl");
    expect(within(sheet).getByTestId("shortcut-go-history").textContent).toContain("3");
  });

  it("opens a saved comparison at its URL and points at the answer ?slot= names", async () => {
    await renderApp("/compare/sample-rayleigh?slot=2");
    await screen.findByTestId("run-prompt");
    expect(screen.getByTestId("run-prompt").textContent).toContain("Why is the sky blue?");
    expect(screen.getByTestId("column-2").className).toContain("focused");
    expect(screen.getByTestId("column-0").className).not.toContain("focused");
  });
});

describe("the command palette", () => {
  async function openPalette() {
    key("k", { ctrlKey: true });
    return (await screen.findByTestId("palette-input")) as HTMLInputElement;
  }

  it("finds a view and goes there with Enter", async () => {
    const { router } = await renderApp("/compare");
    await screen.findByTestId("compare-view");
    const input = await openPalette();
    fireEvent.change(input, { target: { value: "analytcs" } });
    const option = await screen.findByTestId("palette-cmd-go-analytics");
    await waitFor(() => expect(option.getAttribute("aria-selected")).toBe("true"));
    fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() => expect(router.state.location.pathname).toBe("/analytics"));
    await waitFor(() => expect(screen.queryByTestId("palette")).toBeNull());
  });

  it("finds an action and does it", async () => {
    const { services } = await renderApp("/compare");
    await screen.findByTestId("compare-view");
    const input = await openPalette();
    fireEvent.change(input, { target: { value: "sidebar" } });
    fireEvent.click(await screen.findByTestId("palette-cmd-toggle-sidebar"));
    expect(services.prefs.getState().sidebarCollapsed).toBe(true);
    expect(screen.getByTestId("sidebar").getAttribute("data-collapsed")).toBe("true");
  });

  it("finds a model among 400+ by fuzzy words and adds it to Compare", async () => {
    const { services, router } = await renderApp("/history");
    await screen.findByTestId("history-list");
    const input = await openPalette();
    fireEvent.change(input, { target: { value: "sonnet claude 4.5" } });
    const option = await screen.findByTestId("palette-model-anthropic/claude-sonnet-4.5");
    // Never more than 50 model rows, however many match.
    expect(screen.getAllByTestId(/^palette-model-/).length).toBeLessThanOrEqual(50);
    fireEvent.click(option);
    await waitFor(() => expect(router.state.location.pathname).toBe("/compare"));
    expect(services.prefs.getState().picks).toEqual([{ provider: "openrouter", endpoint: null, model: "anthropic/claude-sonnet-4.5" }]);
    expect((await screen.findAllByTestId("selected-model")).map((c) => c.textContent)).toEqual(["anthropic/claude-sonnet-4.5"]);
  });
});

describe("the theme", () => {
  it("sets data-theme on <html>, saves it, and a restart finds it", async () => {
    const { backend } = await renderApp("/settings/appearance");
    fireEvent.click(await screen.findByTestId("appearance-theme-dark"));
    expect(document.documentElement.dataset.theme).toBe("dark");
    await waitFor(async () => expect((await backend.prefs.load()).theme).toBe("dark"));

    fireEvent.click(screen.getByTestId("appearance-theme-light"));
    expect(document.documentElement.dataset.theme).toBe("light");
    fireEvent.click(screen.getByTestId("appearance-theme-dark"));

    // The same preferences storage, a new window: dark from the first frame.
    document.documentElement.dataset.theme = "light";
    await act(async () => {
      document.body.innerHTML = "";
    });
    await renderApp("/compare", { backend });
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(document.documentElement.dataset.themeSetting).toBe("dark");
  });
});

describe("Settings → Appearance → Drawing", () => {
  it("says how the window is drawn and the variable that changes it", async () => {
    await renderApp("/settings/appearance", { rendering: "software_no_gpu" });
    const card = await screen.findByTestId("appearance-rendering");
    expect(card.getAttribute("data-rendering")).toBe("software_no_gpu");
    expect(card.textContent).toContain("Without GPU compositing: no GPU was found");
    expect(card.textContent).toContain("PARALLAX_RENDERING=gpu");
  });

  it("with a GPU, names the way out if drawing goes wrong", async () => {
    await renderApp("/settings/appearance");
    const card = await screen.findByTestId("appearance-rendering");
    expect(card.textContent).toContain("With GPU compositing (WebKit's default)");
    expect(card.textContent).toContain("PARALLAX_RENDERING=software");
  });
});
