// The model picker renders only the options in view of a long catalog (virtualized), and what the
// search finds is there to tick; any typed id is a pick too; offline shows the saved list.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import catalog from "../../backend/fake-data/catalog.json";
import { pickLabel } from "../../targets";
import { renderApp } from "../../test/renderApp";

const options = () => document.querySelectorAll('[data-testid^="model-option-"]');

// jsdom lays nothing out: the scrolling list gets a height, so the virtualizer has a view to fill.
beforeAll(() => Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 600 }));
afterAll(() => delete (HTMLElement.prototype as { clientHeight?: number }).clientHeight);

describe("the model picker", () => {
  it("renders a window of a 414-model catalog, and a searched model can be picked", async () => {
    const { services } = await renderApp("/compare");
    const search = (await screen.findByTestId("model-search")) as HTMLInputElement;
    await waitFor(() => expect(search.placeholder).toBe("Search 414 models, or type any id…"));
    await waitFor(() => expect(options().length).toBeGreaterThan(0));
    expect(options().length).toBeLessThan(50);

    fireEvent.change(search, { target: { value: "claude-sonnet-4.6" } });
    const option = await screen.findByTestId("model-option-anthropic/claude-sonnet-4.6");
    fireEvent.click(within(option).getByRole("checkbox"));
    await waitFor(() => expect(services.prefs.getState().picks.map((p) => p.model)).toContain("anthropic/claude-sonnet-4.6"));
    expect(option.closest("li")!.getAttribute("aria-selected")).toBe("true");
    expect(screen.getAllByTestId("selected-model").map((c) => c.textContent)).toContain("anthropic/claude-sonnet-4.6");
  });

  it("narrows by vendor, context window and input modality (the drop-downs Prices shares)", async () => {
    await renderApp("/compare");
    await waitFor(() => expect(options().length).toBeGreaterThan(0));
    fireEvent.click(screen.getByTestId("picker-filters-toggle"));
    fireEvent.change(await screen.findByTestId("filter-vendor"), { target: { value: "anthropic" } });
    fireEvent.change(screen.getByTestId("filter-context"), { target: { value: "1000000" } });
    fireEvent.change(screen.getByTestId("filter-modality"), { target: { value: "image" } });
    // From the catalog file: Anthropic's models with a 1M window that read images.
    const expected = (catalog as { id: string; ctx: number | null; in_mod: string[] }[])
      .filter((m) => m.id.startsWith("anthropic/") && (m.ctx ?? 0) >= 1_000_000 && m.in_mod.includes("image"))
      .map((m) => m.id)
      .sort();
    expect(expected.length).toBeGreaterThan(1);
    await waitFor(() => expect([...options()].map((o) => o.getAttribute("data-testid")!.replace("model-option-", "")).sort()).toEqual(expected));
  });

  it("takes any typed id as a pick, the provider read by the backend as the CLI reads it", async () => {
    const { services, backend } = await renderApp("/compare");
    const resolve = vi.spyOn(backend, "resolveModels");
    const search = (await screen.findByTestId("model-search")) as HTMLInputElement;
    const picks = () => services.prefs.getState().picks.map(pickLabel);

    // A provider's spec, chosen by clicking the offer.
    fireEvent.change(search, { target: { value: "anthropic:claude-x-9" } });
    const offer = await screen.findByTestId("typed-model");
    expect(offer.textContent).toContain("Use “anthropic:claude-x-9” as a model id");
    expect(offer.textContent).toContain("Anthropic · claude-x-9");
    fireEvent.click(offer);
    await waitFor(() => expect(picks()).toEqual(["anthropic:claude-x-9"]));
    expect(resolve).toHaveBeenCalledWith(["anthropic:claude-x-9"]);
    expect(search.value).toBe("");

    // A custom endpoint's, and a bare OpenRouter id nobody listed, each taken with Enter.
    fireEvent.change(search, { target: { value: "lmstudio:qwen-local" } });
    fireEvent.keyDown(search, { key: "Enter" });
    await waitFor(() => expect(picks()).toContain("lmstudio:qwen-local"));
    expect(services.prefs.getState().picks[1]).toEqual({ provider: "compatible", endpoint: "lmstudio", model: "qwen-local" });
    fireEvent.change(search, { target: { value: "newlab/unlisted-1" } });
    fireEvent.keyDown(search, { key: "Enter" });
    await waitFor(() => expect(picks()).toEqual(["anthropic:claude-x-9", "lmstudio:qwen-local", "newlab/unlisted-1"]));
    expect(screen.getAllByTestId("selected-model").map((c) => c.textContent)).toContain("newlab/unlisted-1");

    // A refusal is the backend's own words.
    fireEvent.change(search, { target: { value: "@nosuchset" } });
    expect((await screen.findByTestId("typed-model-error")).textContent).toMatch(/no model set named "nosuchset"/);
  });

  it("shows the saved list with its age when the provider cannot be reached", async () => {
    await renderApp("/compare", { unreachable: { openrouter: 3 * 86_400_000 + 60_000 } });
    const line = await screen.findByTestId("catalog-offline");
    expect(line.textContent).toMatch(/^OpenRouter can't be reached — showing the list saved 3 days ago · Retry$/);
    await waitFor(() => expect(options().length).toBeGreaterThan(0));
    expect(screen.queryByTestId("models-error")).toBeNull();
  });

  it("keeps the error and Retry when nothing was ever saved, and a typed id still works offline", async () => {
    const { services } = await renderApp("/compare", { unreachable: { openrouter: null } });
    expect((await screen.findByTestId("models-error")).textContent).toMatch(/Could not connect/);
    const search = screen.getByTestId("model-search") as HTMLInputElement;
    expect(search.placeholder).toBe("Type any model id…");
    fireEvent.change(search, { target: { value: "vendor/model-x" } });
    fireEvent.keyDown(search, { key: "Enter" });
    await waitFor(() => expect(services.prefs.getState().picks.map(pickLabel)).toEqual(["vendor/model-x"]));
  });

  it("offers a bare id on the open catalog first, lists Ollama's sizes, and badges demo picks", async () => {
    const { services } = await renderApp("/compare");
    const source = (await screen.findByTestId("model-source")) as HTMLSelectElement;
    fireEvent.change(source, { target: { value: "ollama|" } });
    const option = await screen.findByTestId("model-option-llama3.2:latest");
    expect(within(option).getByTestId("model-local").textContent).toBe(" · 3.2B · Q4_K_M · 2.0 GB");
    const search = screen.getByTestId("model-search") as HTMLInputElement;
    fireEvent.change(search, { target: { value: "phi4" } });
    await waitFor(() => expect(screen.getAllByTestId("typed-model").map((b) => b.dataset.pick)).toEqual(["ollama:phi4", "phi4"]));
    fireEvent.keyDown(search, { key: "Enter" });
    await waitFor(() => expect(services.prefs.getState().picks.map(pickLabel)).toEqual(["ollama:phi4"]));

    fireEvent.change(source, { target: { value: "demo|" } });
    expect((await screen.findByTestId("catalog-demo")).textContent).toMatch(/made-up answers and prices/);
    fireEvent.click(within(await screen.findByTestId("model-option-fast")).getByRole("checkbox"));
    const demoChip = await waitFor(() => screen.getAllByTestId("selected-model").find((c) => c.textContent?.startsWith("demo:fast"))!);
    expect(within(demoChip).getByTestId("demo-badge").textContent).toBe("demo");
  });
});
