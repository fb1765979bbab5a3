// Settings → Defaults: parameters for new comparisons (checked in the form, applied to Compare's
// targets and so to its estimate), aliases and model sets.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import type { ComparisonSpec } from "../../backend";
import { createFakeBackend } from "../../backend/fake";
import { renderApp } from "../../test/renderApp";

const MINI = { provider: "openrouter", endpoint: null, model: "openai/gpt-4o-mini" };

describe("default parameters", () => {
  it("refuses what cannot be read next to its field, and saves the rest into preferences", async () => {
    const { services } = await renderApp("/settings/defaults");
    const card = await screen.findByTestId("default-params");
    fireEvent.change(within(card).getByTestId("param-temperature"), { target: { value: "3" } });
    fireEvent.change(within(card).getByTestId("param-max_tokens"), { target: { value: "lots" } });
    fireEvent.click(within(card).getByTestId("default-params-save"));
    expect(within(card).getByTestId("param-temperature-error").textContent).toMatch(/from 0 to 2/);
    expect(within(card).getByTestId("param-max_tokens-error").textContent).toMatch(/whole number of at least 1/);
    expect(within(card).getByTestId("param-max_tokens").getAttribute("aria-invalid")).toBe("true");
    expect(services.prefs.getState().defaultParams.temperature).toBeNull();

    fireEvent.change(within(card).getByTestId("param-temperature"), { target: { value: "0.2" } });
    fireEvent.change(within(card).getByTestId("param-max_tokens"), { target: { value: "500" } });
    fireEvent.change(within(card).getByTestId("param-reasoning"), { target: { value: "high" } });
    fireEvent.click(within(card).getByTestId("default-params-save"));
    expect(within(card).getByTestId("default-params-status").textContent).toBe("Saved: new comparisons use temperature 0.2 · max 500 tokens · reasoning high.");
    expect(services.prefs.getState().defaultParams).toEqual({ temperature: 0.2, top_p: null, max_tokens: 500, seed: null, reasoning: "high" });
    await waitFor(async () => expect((await services.backend.prefs.load()).defaultParams).toEqual(services.prefs.getState().defaultParams));
  });

  it("reach Compare's targets, so the estimate's worst case follows max_tokens", async () => {
    const backend = createFakeBackend({ delayScale: 0.01, prefs: { picks: [MINI] } });
    const estimate = vi.spyOn(backend, "estimateComparison");
    const { services } = await renderApp("/compare", { backend });
    fireEvent.change(await screen.findByTestId("prompt"), { target: { value: "How far is the moon?" } });
    const line = await screen.findByTestId("estimate", {}, { timeout: 3000 });
    const before = line.textContent;
    expect((estimate.mock.lastCall![0] as ComparisonSpec).targets[0]!.params).toBeUndefined();
    expect(screen.getByTestId("compare-defaults").textContent).toBe("Parameters: each model's defaults");

    services.prefs.set("defaultParams", { temperature: 0.2, top_p: null, max_tokens: 100, seed: null, reasoning: "default" });
    await waitFor(() => expect((estimate.mock.lastCall![0] as ComparisonSpec).targets[0]!.params).toEqual({ temperature: 0.2, max_tokens: 100 }), { timeout: 3000 });
    await waitFor(() => expect(screen.getByTestId("estimate").textContent).not.toBe(before));
    // 100 tokens out at $0.60/M at most, plus the input.
    expect(screen.getByTestId("estimate").textContent).toMatch(/at most \$0\.0000[6-9]/);
    expect(screen.getByTestId("compare-defaults").textContent).toBe("Parameters: temperature 0.2 · max 100 tokens");
  });
});

describe("aliases and model sets", () => {
  it("adds and removes an alias, and refuses a name with a space", async () => {
    const { backend } = await renderApp("/settings/defaults");
    const card = await screen.findByTestId("aliases");
    await within(card).findByTestId("alias-sonnet");
    fireEvent.change(within(card).getByTestId("alias-name"), { target: { value: "my mini" } });
    fireEvent.change(within(card).getByTestId("alias-model"), { target: { value: "openai/gpt-4o-mini" } });
    fireEvent.click(within(card).getByTestId("alias-add"));
    expect((await within(card).findByTestId("alias-error")).textContent).toMatch(/is not a valid alias name/);
    fireEvent.change(within(card).getByTestId("alias-name"), { target: { value: "mini" } });
    fireEvent.click(within(card).getByTestId("alias-add"));
    await within(card).findByTestId("alias-mini");
    expect((await backend.listAliases()).map((a) => a.name)).toEqual(["mini", "sonnet"]);
    fireEvent.click(within(card).getByTestId("alias-remove-mini"));
    await waitFor(() => expect(within(card).queryByTestId("alias-mini")).toBeNull());
  });

  it("saves Compare's picks as a set, lists it in Settings and picks it from the palette", async () => {
    const backend = createFakeBackend({ delayScale: 0.01, prefs: { picks: [MINI, { provider: "ollama", endpoint: null, model: "qwen3:8b" }] } });
    const { services, router } = await renderApp("/compare", { backend });
    fireEvent.click(await screen.findByTestId("save-set"));
    const dialog = await screen.findByTestId("save-set-dialog");
    fireEvent.change(within(dialog).getByTestId("save-set-name"), { target: { value: "duo" } });
    fireEvent.click(within(dialog).getByTestId("save-set-confirm"));
    await waitFor(() => expect(screen.getByTestId("save-set-done").textContent).toBe("Saved as @duo."));
    expect((await backend.listModelSets())[0]!.targets.map((t) => t.model)).toEqual(["openai/gpt-4o-mini", "qwen3:8b"]);

    await router.navigate({ to: "/settings/$section", params: { section: "defaults" } });
    const set = await screen.findByTestId("set-duo");
    expect(set.textContent).toContain("openai/gpt-4o-mini, ollama:qwen3:8b");

    services.prefs.set("picks", []);
    fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    fireEvent.change(await screen.findByTestId("palette-input"), { target: { value: "duo" } });
    fireEvent.click(await screen.findByTestId("palette-cmd-set-duo"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/compare"));
    expect(services.prefs.getState().picks.map((p) => p.model)).toEqual(["openai/gpt-4o-mini", "qwen3:8b"]);

    // Removing asks first.
    await router.navigate({ to: "/settings/$section", params: { section: "defaults" } });
    fireEvent.click(await screen.findByTestId("set-remove-duo"));
    fireEvent.click(within(await screen.findByTestId("set-remove-dialog")).getByTestId("set-remove-dialog-confirm"));
    await waitFor(() => expect(screen.queryByTestId("set-duo")).toBeNull());
    expect(await backend.listModelSets()).toEqual([]);
  });
});
