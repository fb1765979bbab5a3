// The first-run screen on the fake backend: shown in Compare until the first comparison (or until
// hidden), reachable from Settings and the palette; each of its three ways ends in Compare — the
// demo models answering, a key saved and tested, a local server's models picked.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import type { LocalServer } from "../../backend";
import { createFakeBackend } from "../../backend/fake";
import { pickLabel, sourceKey } from "../../targets";
import { renderApp } from "../../test/renderApp";
import { SAMPLE_PROMPT } from "./actions";

const columns = () => document.querySelectorAll('.compare [data-testid^="column-"][data-status]');

describe("the first-run screen", () => {
  it("shows in Compare on an empty history, beside a usable prompt and picker, until hidden", async () => {
    const { services } = await renderApp("/compare", { history: [] });
    const welcome = await screen.findByTestId("welcome");
    expect(within(welcome).getByTestId("welcome-demo").textContent).toMatch(/Made-up answers and prices, no key needed/);
    expect(screen.getByTestId("prompt")).toBeTruthy();
    expect(screen.getByTestId("model-search")).toBeTruthy();
    fireEvent.click(within(welcome).getByTestId("welcome-hide"));
    await waitFor(() => expect(screen.queryByTestId("welcome")).toBeNull());
    expect(services.prefs.getState().welcomeDismissed).toBe(true);
    expect(screen.getByTestId("compare-empty")).toBeTruthy();
  });

  it("is not shown once there is a history", async () => {
    await renderApp("/compare");
    expect(await screen.findByTestId("compare-empty")).toBeTruthy();
    expect(screen.queryByTestId("welcome")).toBeNull();
  });

  it("starts a three-column demo comparison in one click, with the demo's made-up prices", async () => {
    const { services, backend, router } = await renderApp("/welcome", { history: [] });
    const start = vi.spyOn(backend, "startComparison");
    fireEvent.click(await screen.findByTestId("welcome-try-demo"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/compare"));
    expect(start).toHaveBeenCalledTimes(1);
    const spec = start.mock.calls[0]![0];
    expect(spec.prompt).toBe(SAMPLE_PROMPT);
    expect(spec.targets.map((t) => [t.provider, t.model, t.prompt_price_per_m, t.completion_price_per_m])).toEqual([
      ["demo", "fast", 0.1, 0.4],
      ["demo", "medium", 1, 4],
      ["demo", "slow", 3, 15],
    ]);
    expect(services.prefs.getState().picks.map(pickLabel)).toEqual(["demo:fast", "demo:medium", "demo:slow"]);
    expect(services.ui.getState().pickerSource).toBe("demo|");
    // The composer folds to the prompt's line while the answers stream; unfolded, the box has it.
    expect((await screen.findByTestId("folded-composer")).textContent).toContain(SAMPLE_PROMPT.split("\n")[0]);
    fireEvent.click(screen.getByTestId("unfold-composer"));
    expect(((await screen.findByTestId("prompt")) as HTMLTextAreaElement).value).toBe(SAMPLE_PROMPT);
    // The answers stream in, each column marked as a demo, and all three finish.
    await waitFor(() => expect(columns().length).toBe(3));
    await waitFor(() => expect([...columns()].map((c) => c.getAttribute("data-status"))).toEqual(["done", "done", "done"]), { timeout: 5_000 });
    for (const c of columns()) {
      expect(within(c as HTMLElement).getByTestId("demo-badge").textContent).toBe("demo");
      expect(within(c as HTMLElement).getByTestId("metric-cost").textContent).toMatch(/^\$0\.0/);
    }
  });

  it("shows how failures look: one answer beside a refused key, an error mid-answer and a token limit", async () => {
    await renderApp("/welcome", { history: [] });
    fireEvent.click(await screen.findByTestId("welcome-demo-failures"));
    await waitFor(() => expect(columns().length).toBe(4));
    await waitFor(() => expect([...columns()].map((c) => c.getAttribute("data-status"))).toEqual(["done", "failed", "failed", "truncated"]), { timeout: 5_000 });
    expect(within(columns()[1] as HTMLElement).getByTestId("slot-error").getAttribute("data-code")).toBe("unauthorized");
  });

  it("saves a pasted key, tests it at once and opens Compare on that provider", async () => {
    const { backend, services, router } = await renderApp("/welcome");
    await backend.deleteApiKey("openrouter", null);
    const save = vi.spyOn(backend, "saveApiKey");
    const card = await screen.findByTestId("welcome-key");
    const input = (await within(card).findByTestId("welcome-key-input")) as HTMLInputElement;
    fireEvent.input(input, { target: { value: "sk-or-v1-pasted-0001" } });
    fireEvent.click(within(card).getByTestId("welcome-key-save"));
    const result = await within(card).findByTestId("connection-summary");
    expect(result.textContent).toMatch(/^Connected in \d+ ms · 414 models$/);
    expect(within(card).getByTestId("connection-key").textContent).toMatch(/\$74\.50 left of \$100/);
    expect(save).toHaveBeenCalledWith("openrouter", null, "sk-or-v1-pasted-0001");
    expect(input.value).toBe("");
    fireEvent.click(within(card).getByTestId("welcome-key-compare"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/compare"));
    expect(services.ui.getState().pickerSource).toBe(sourceKey({ provider: "openrouter", endpoint: null }));
  });

  it("says why a key was refused next to the field, and names the variable where there is no keychain", async () => {
    await renderApp("/welcome");
    const card = await screen.findByTestId("welcome-key");
    fireEvent.change(within(card).getByTestId("welcome-key-provider"), { target: { value: "anthropic" } });
    const input = await within(card).findByTestId("welcome-key-input");
    fireEvent.input(input, { target: { value: "two words" } });
    fireEvent.click(within(card).getByTestId("welcome-key-save"));
    expect((await within(card).findByTestId("welcome-key-error")).textContent).toMatch(/has no spaces/);

    await renderApp("/welcome", { keychainAvailable: false });
    const cards = await screen.findAllByTestId("welcome-key");
    const env = await within(cards[1]!).findByTestId("welcome-key-env");
    expect(env.textContent).toContain("OPENROUTER_API_KEY");
    expect(within(cards[1]!).queryByTestId("welcome-key-input")).toBeNull();
  });

  it("lists the local servers found with each model's size and build, and picks three to compare", async () => {
    // The scan answers when the test says: first the scanning state shows.
    // Slow enough to see a column wait its turn on a loaded machine (at 0.2 the wait, ~100 ms,
    // was missed once in CI while another build ran).
    const backend = createFakeBackend({ delayScale: 0.6 });
    const scan = backend.detectLocalServers.bind(backend);
    let answer = () => {};
    const answered = new Promise<void>((r) => (answer = r));
    backend.detectLocalServers = () => answered.then(scan);
    const { services, router } = await renderApp("/welcome", { backend });
    const card = await screen.findByTestId("welcome-local");
    expect((await within(card).findByTestId("welcome-scanning")).textContent).toMatch(/Looking on this machine's usual ports/);
    expect(within(card).getByTestId("welcome-scan").textContent).toBe("Scanning…");
    answer();
    const server = await within(card).findByTestId("local-server");
    expect(server.textContent).toContain("Ollama");
    expect(within(server).getAllByTestId("local-model").map((m) => m.textContent)).toEqual([
      "llama3.2:latest · 3.2B · Q4_K_M · 2.0 GB",
      "qwen3:8b · 8.2B · Q4_K_M · 5.2 GB",
      "gemma3:4b · 4.3B · Q4_K_M · 3.3 GB",
    ]);
    expect(within(card).getByTestId("welcome-local-queue").textContent).toMatch(/one model at a time/);
    fireEvent.click(within(server).getByTestId("local-compare"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/compare"));
    expect(services.prefs.getState().picks.map(pickLabel)).toEqual(["ollama:llama3.2:latest", "ollama:qwen3:8b", "ollama:gemma3:4b"]);
    expect(services.compose.getState().prompt).toBe(SAMPLE_PROMPT);

    // Ollama answers one at a time: the later columns say they queue, and why; each answer's
    // model load shows apart from its time to first token.
    fireEvent.click(await screen.findByTestId("send"));
    await waitFor(() => expect(columns().length).toBe(3));
    const second = columns()[1] as HTMLElement;
    // Read together: the queued state lasts only as long as the first answer (the fake is fast).
    await waitFor(() => {
      const badge = within(second).getByTestId("column-status");
      expect([badge.textContent, badge.title]).toEqual(["queued", "Queued: Ollama runs one model at a time unless raised in Settings → Limits."]);
      expect(within(second).getByTestId("slot-notice").textContent).toMatch(/^Queued: Ollama runs one model at a time/);
    });
    await waitFor(() => expect([...columns()].map((c) => c.getAttribute("data-status"))).toEqual(["done", "done", "done"]), { timeout: 15_000 });
    expect(within(columns()[0] as HTMLElement).getByTestId("metric-load").textContent).toMatch(/^\d+ ms$/);
  }, 25_000);

  it("says calmly which ports were tried when nothing answers, and saves a compatible server as an endpoint", async () => {
    const lm: LocalServer = { kind: "compatible", label: "LM Studio", base_url: "http://127.0.0.1:1234/v1", suggested_name: "lm-studio", models: [] };
    await renderApp("/welcome", { localServers: [] });
    const none = await screen.findByTestId("welcome-local-none");
    expect(none.textContent).toMatch(/tried Ollama at http:\/\/127\.0\.0\.1:11434 and ports 1234 \(LM Studio\), 8080/);
    expect(none.textContent).toContain("ollama serve");
    expect(none.getAttribute("role")).toBeNull();

    const { backend } = await renderApp("/welcome", { localServers: [lm] });
    const save = vi.spyOn(backend, "saveEndpoint");
    fireEvent.click(await screen.findByTestId("local-add-endpoint"));
    await waitFor(() => expect(save).toHaveBeenCalledWith({ name: "lm-studio", base_url: "http://127.0.0.1:1234/v1", headers: [], key_header: null }));
  });

  it("is reached from Settings and from the palette", async () => {
    const { router, services } = await renderApp("/settings/providers");
    fireEvent.click(await screen.findByTestId("settings-getting-started"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/welcome"));
    expect(screen.getByTestId("welcome-view")).toBeTruthy();

    await router.navigate({ to: "/history" });
    services.ui.setState({ palette: true });
    fireEvent.change(await screen.findByTestId("palette-input"), { target: { value: "getting started" } });
    fireEvent.click(await screen.findByTestId("palette-cmd-getting-started"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/welcome"));
  });
});
