// Settings, on the fake backend (which checks values with the same table and words as Rust): a
// refusal is said under the field it names and the saved value stays; rows are drawn from the
// table; a connection test shows latency and credit; clearing history asks first and backs up
// first; keys are never shown again.
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { createFakeBackend } from "../../backend/fake";
import { renderApp } from "../../test/renderApp";

/** The message an input's aria-describedby points at last (the error, when there is one). */
function describedError(input: HTMLElement): HTMLElement | null {
  const ids = (input.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean);
  return ids.length ? document.getElementById(ids[ids.length - 1]!) : null;
}

describe("budgets", () => {
  it("saves $5.00 as 5, refuses abc under its field and keeps the saved cap", async () => {
    const { router, backend } = await renderApp("/settings/budgets");
    const budgets = await screen.findByTestId("budgets");
    const per = within(budgets).getByTestId("budget-per-comparison") as HTMLInputElement;
    const save = within(budgets).getByTestId("budgets-save");

    fireEvent.change(per, { target: { value: "$5.00" } });
    fireEvent.click(save);
    await waitFor(() => expect(within(budgets).getByTestId("settings-message").textContent).toBe("Budgets saved."));
    expect(per.value).toBe("5");
    expect((await backend.getSettings()).budget_per_comparison_usd).toBe(5);
    expect(within(budgets).getByTestId("setting-source-budget.per_comparison_usd").textContent).toBe("saved");

    fireEvent.change(per, { target: { value: "abc" } });
    fireEvent.click(save);
    await waitFor(() => expect(per.getAttribute("aria-invalid")).toBe("true"));
    const message = describedError(per)!;
    expect(message.getAttribute("role")).toBe("alert");
    expect(message.textContent).toMatch(/^"abc" is not an amount in USD \(e\.g\. 0\.50\)/);
    expect(message.textContent).toContain("Still saved: $5.");
    // Under its own field, inside its own row; the other field stays clean.
    expect(within(budgets).getByTestId("setting-row-budget.per_comparison_usd").contains(message)).toBe(true);
    expect(within(budgets).getByTestId("budget-daily").getAttribute("aria-invalid")).toBeNull();
    // Nothing was saved as "nothing": the cap is still 5.
    expect((await backend.getSettings()).budget_per_comparison_usd).toBe(5);

    // Settings reopens on the section last shown, with the saved value.
    fireEvent.click(screen.getByTestId("tab-compare"));
    await screen.findByTestId("compare-view");
    fireEvent.click(screen.getByTestId("tab-settings"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/settings/budgets"));
    expect(((await screen.findByTestId("budget-per-comparison")) as HTMLInputElement).value).toBe("5");

    // Reset to default forgets it.
    fireEvent.click(screen.getByTestId("setting-reset-budget.per_comparison_usd"));
    await waitFor(() => expect(screen.getByTestId("setting-note-budget.per_comparison_usd").textContent).toBe("Back to the default (no cap)."));
    expect((await backend.getSettings()).budget_per_comparison_usd).toBeNull();
    expect((screen.getByTestId("budget-per-comparison") as HTMLInputElement).value).toBe("");
  });

  it("is all or nothing: one refused value saves neither", async () => {
    const { backend } = await renderApp("/settings/budgets");
    const budgets = await screen.findByTestId("budgets");
    fireEvent.change(within(budgets).getByTestId("budget-daily"), { target: { value: "2" } });
    fireEvent.change(within(budgets).getByTestId("budget-per-comparison"), { target: { value: "-1" } });
    fireEvent.click(within(budgets).getByTestId("budgets-save"));
    await screen.findByTestId("setting-error-budget.per_comparison_usd");
    expect((await backend.getSettings()).budget_daily_usd).toBeNull();
  });

  it("turns the cache on with a lifetime and off again", async () => {
    const { backend } = await renderApp("/settings/budgets");
    const cache = await screen.findByTestId("cache");
    const ttl = within(cache).getByTestId("cache-ttl") as HTMLInputElement;
    expect(ttl.disabled).toBe(true);
    fireEvent.click(within(cache).getByTestId("cache-on"));
    expect(ttl.disabled).toBe(false);
    fireEvent.click(within(cache).getByTestId("cache-save"));
    expect((await within(cache).findByRole("alert")).textContent).toMatch(/how long an answer stays reusable/);
    fireEvent.change(ttl, { target: { value: "3600" } });
    expect(within(cache).getByText("= 1 h")).toBeTruthy();
    fireEvent.click(within(cache).getByTestId("cache-save"));
    await waitFor(() => expect(within(cache).getByTestId("settings-message").textContent).toBe("Cache on."));
    expect((await backend.getSettings()).cache_ttl_seconds).toBe(3600);
    fireEvent.click(within(cache).getByTestId("cache-on"));
    fireEvent.click(within(cache).getByTestId("cache-save"));
    await waitFor(() => expect(within(cache).getByTestId("settings-message").textContent).toBe("Cache off."));
    expect((await backend.getSettings()).cache_ttl_seconds).toBeNull();
  });
});

describe("limits", () => {
  it("draws each row's bounds and default from the table, not from the UI", async () => {
    const backend = createFakeBackend({ delayScale: 0.01 });
    const real = backend.getSettings;
    backend.getSettings = async () => {
      const s = await real();
      return { ...s, settings: s.settings.map((r) => (r.key === "timeouts.stall_seconds" ? { ...r, min: 7, max: 7200, default: "42" } : r)) };
    };
    await renderApp("/settings/limits", { backend });
    const row = await screen.findByTestId("setting-row-timeouts.stall_seconds");
    const input = within(row).getByTestId("setting-timeouts.stall_seconds") as HTMLInputElement;
    expect(input.placeholder).toBe("42");
    expect(row.textContent).toContain("from 7 to 7,200 s (2 h)");
    expect(row.textContent).toContain("default: 42 s");
    expect(within(row).getByTestId("setting-source-timeouts.stall_seconds").textContent).toBe("default");
    // Every provider and custom endpoint has its own limit, labelled by name.
    const concurrency = screen.getByTestId("concurrency");
    expect(within(concurrency).getByText("All providers together")).toBeTruthy();
    expect(within(concurrency).getByText("Ollama")).toBeTruthy();
    expect(within(concurrency).getByText("lmstudio (custom endpoint)")).toBeTruthy();
  });

  it("refuses a limit over the maximum with the bound in the message", async () => {
    const { backend } = await renderApp("/settings/limits");
    const card = await screen.findByTestId("concurrency");
    const input = within(card).getByTestId("setting-concurrency.openai");
    fireEvent.change(input, { target: { value: "999" } });
    fireEvent.keyDown(input, { key: "Enter" });
    fireEvent.submit(input.closest("form")!);
    const error = await within(card).findByTestId("setting-error-concurrency.openai");
    expect(error.textContent).toMatch(/"999" is not a whole number from 1 to 256/);
    expect((await backend.getSettings()).settings.find((r) => r.key === "concurrency.openai")!.saved).toBeNull();
  });
});

describe("providers", () => {
  it("tests a connection: latency, models and the key's credit, or the refusal in red", async () => {
    await renderApp("/settings/providers");
    const openrouter = await screen.findByTestId("provider-openrouter");
    fireEvent.click(within(openrouter).getByTestId("test-connection-openrouter"));
    const result = await within(openrouter).findByTestId("connection-summary");
    expect(result.textContent).toMatch(/^Connected in \d+ ms · [\d,]+ models$/);
    expect(within(openrouter).getByTestId("connection-key").textContent).toBe(
      "Key sk-or-v1-fak...41f: $74.50 left of $100 (monthly) · used $25.50, today $1.25",
    );

    const openai = screen.getByTestId("provider-openai");
    fireEvent.click(within(openai).getByTestId("test-connection-openai"));
    const failed = await waitFor(() => {
      const r = within(openai).getByTestId("connection-result");
      expect(r.getAttribute("data-code")).toBe("unauthorized");
      return r;
    });
    expect(failed.textContent).toMatch(/The key was refused.*No OpenAI API key: set OPENAI_API_KEY/);
    expect(failed.className).toContain("bad");
    expect(within(screen.getByTestId("provider-ollama")).getByText(/No key needed/)).toBeTruthy();
  });

  it("saves a pasted key to the keychain, empties the field and shows it masked only", async () => {
    const { backend } = await renderApp("/settings/providers");
    const openai = await screen.findByTestId("provider-openai");
    const field = within(openai).getByTestId("key-input") as HTMLInputElement;
    const secret = "sk-proj-SECRET-123456789";
    fireEvent.input(field, { target: { value: secret } });
    fireEvent.click(within(openai).getByTestId("key-save"));
    await waitFor(() => expect(within(openai).getByTestId("key-masked").textContent).toBe("sk-…6789"));
    expect(field.value).toBe("");
    expect(document.body.innerHTML).not.toContain(secret);
    expect(JSON.stringify(await backend.getSettings())).not.toContain(secret);
    fireEvent.click(within(openai).getByTestId("key-remove"));
    await waitFor(() => expect(within(openai).getByTestId("key-status").textContent).toMatch(/^No key\./));
  });

  it("without a keychain, says so and names the environment variable", async () => {
    await renderApp("/settings/providers", { keychainAvailable: false });
    expect(await screen.findByTestId("keychain-unavailable")).toBeTruthy();
    const openai = screen.getByTestId("provider-openai");
    expect((within(openai).getByTestId("key-input") as HTMLInputElement).disabled).toBe(true);
    expect(within(openai).getByTestId("key-env-hint").textContent).toContain("OPENAI_API_KEY");
  });

  it("a disabled provider is no longer offered in Compare", async () => {
    const { backend } = await renderApp("/settings/providers");
    const gemini = await screen.findByTestId("provider-gemini");
    fireEvent.click(within(gemini).getByTestId("provider-enabled-gemini"));
    await waitFor(() => expect(gemini.textContent).toContain("hidden from pickers"), { timeout: 3000 });
    expect((await backend.getSettings()).providers.find((p) => p.kind === "gemini")!.enabled).toBe(false);
    fireEvent.click(screen.getByTestId("tab-compare"));
    const source = (await screen.findByTestId("model-source")) as HTMLSelectElement;
    expect([...source.options].map((o) => o.textContent)).not.toContain("Gemini");
  });
});

describe("custom endpoints", () => {
  it("adds one with a header, refuses a bad URL under its field, and removes after asking", async () => {
    const { backend } = await renderApp("/settings/endpoints");
    const form = await screen.findByTestId("endpoint-add-form");
    fireEvent.change(within(form).getByTestId("endpoint-name"), { target: { value: "lab" } });
    fireEvent.change(within(form).getByTestId("endpoint-url"), { target: { value: "10.0.0.2:8000/v1" } });
    fireEvent.click(within(form).getByTestId("header-add"));
    fireEvent.change(within(form).getByTestId("header-name"), { target: { value: "X-Team" } });
    fireEvent.change(within(form).getByTestId("header-value"), { target: { value: "ml" } });
    fireEvent.click(within(form).getByTestId("endpoint-add"));
    const url = within(form).getByTestId("endpoint-url");
    await waitFor(() => expect(url.getAttribute("aria-invalid")).toBe("true"));
    expect(describedError(url)?.textContent ?? within(form).getAllByRole("alert")[0]!.textContent).toMatch(/must start with http:\/\/ or https:\/\//);

    fireEvent.change(url, { target: { value: "http://10.0.0.2:8000/v1" } });
    fireEvent.click(within(form).getByTestId("endpoint-add"));
    const card = await screen.findByTestId("endpoint-lab");
    expect(card.textContent).toContain("X-Team: ml");

    // Edit: the name stays, the URL and headers change.
    fireEvent.click(within(card).getByTestId("endpoint-edit-lab"));
    const edit = within(card).getByTestId("endpoint-edit-form");
    expect((within(edit).getByTestId("endpoint-edit-name") as HTMLInputElement).disabled).toBe(true);
    fireEvent.change(within(edit).getByTestId("endpoint-edit-url"), { target: { value: "http://10.0.0.3:8000/v1/" } });
    fireEvent.change(within(edit).getByTestId("header-name"), { target: { value: "X Team" } });
    fireEvent.click(within(edit).getByTestId("endpoint-edit-save"));
    expect((await within(edit).findByText(/"X Team" is not a header name/)).getAttribute("role")).toBe("alert");
    fireEvent.change(within(edit).getByTestId("header-name"), { target: { value: "X-Team" } });
    fireEvent.click(within(edit).getByTestId("endpoint-edit-save"));
    await waitFor(() => expect(within(card).queryByTestId("endpoint-edit-form")).toBeNull());
    expect(card.textContent).toContain("http://10.0.0.3:8000/v1");
    expect((await backend.getSettings()).endpoints.find((e) => e.name === "lab")!.base_url).toBe("http://10.0.0.3:8000/v1");

    fireEvent.click(within(card).getByTestId("endpoint-remove-lab"));
    const dialog = await screen.findByTestId("endpoint-remove-dialog");
    expect(dialog.textContent).toMatch(/Remove the endpoint lab\?/);
    expect((await backend.getSettings()).endpoints.map((e) => e.name)).toContain("lab");
    fireEvent.click(within(dialog).getByTestId("endpoint-remove-dialog-confirm"));
    await waitFor(() => expect(screen.queryByTestId("endpoint-lab")).toBeNull());
    expect(screen.getByTestId("endpoint-removed").textContent).toMatch(/Endpoint lab removed/);
  });

  it("names the header a server reads its key from; a header HTTP sets itself is refused under the field", async () => {
    const { backend } = await renderApp("/settings/endpoints");
    const form = await screen.findByTestId("endpoint-add-form");
    fireEvent.change(within(form).getByTestId("endpoint-name"), { target: { value: "azure" } });
    fireEvent.change(within(form).getByTestId("endpoint-url"), { target: { value: "https://example.openai.azure.com/openai/v1" } });
    const keyHeader = within(form).getByTestId("endpoint-key-header");
    expect(keyHeader.getAttribute("placeholder")).toBe("Authorization: Bearer (the default)");
    fireEvent.change(keyHeader, { target: { value: "Content-Type" } });
    fireEvent.click(within(form).getByTestId("endpoint-add"));
    await waitFor(() => expect(keyHeader.getAttribute("aria-invalid")).toBe("true"));
    expect(within(keyHeader.parentElement!).getByRole("alert").textContent).toMatch(/"Content-Type" is set by every request itself and cannot carry the key/);
    expect((await backend.getSettings()).endpoints.map((e) => e.name)).not.toContain("azure");

    fireEvent.change(keyHeader, { target: { value: "api-key" } });
    fireEvent.click(within(form).getByTestId("endpoint-add"));
    const card = await screen.findByTestId("endpoint-azure");
    expect(within(card).getByTestId("endpoint-key-header-azure").textContent).toBe("Key sent in api-key");
    expect((await backend.getSettings()).endpoints.find((e) => e.name === "azure")!.key_header).toBe("api-key");
    // Editing shows it, and clearing it goes back to a bearer token.
    fireEvent.click(within(card).getByTestId("endpoint-edit-azure"));
    const edit = within(card).getByTestId("endpoint-edit-form");
    const editField = within(edit).getByTestId("endpoint-edit-key-header") as HTMLInputElement;
    expect(editField.value).toBe("api-key");
    fireEvent.change(editField, { target: { value: "" } });
    fireEvent.click(within(edit).getByTestId("endpoint-edit-save"));
    await waitFor(() => expect(within(card).queryByTestId("endpoint-edit-form")).toBeNull());
    expect(within(card).queryByTestId("endpoint-key-header-azure")).toBeNull();
    expect((await backend.getSettings()).endpoints.find((e) => e.name === "azure")!.key_header).toBeNull();
  });
});

describe("data", () => {
  it("asks before clearing history and backs up first by default", async () => {
    const { backend } = await renderApp("/settings/data");
    const order: string[] = [];
    const backup = backend.backupDatabase;
    const clear = backend.clearHistory;
    backend.backupDatabase = vi.fn(async (p) => (order.push("backup"), backup(p)));
    backend.clearHistory = vi.fn(async () => (order.push("clear"), clear()));

    await waitFor(() => expect(screen.getByTestId("data-count").textContent).toBe("3"));
    fireEvent.click(screen.getByTestId("clear-history"));
    const dialog = await screen.findByTestId("clear-dialog");
    expect(dialog.textContent).toContain("Delete all 3 comparisons?");
    expect((within(dialog).getByTestId("clear-backup") as HTMLInputElement).checked).toBe(true);
    expect(order).toEqual([]);
    expect(await backend.listComparisons()).toHaveLength(3);

    fireEvent.click(within(dialog).getByTestId("clear-dialog-confirm"));
    const result = await screen.findByTestId("clear-result");
    expect(result.textContent).toMatch(/^Deleted 3 comparisons\. The backup is at .*\/backups\/parallax-.*\.db\.$/);
    expect(order).toEqual(["backup", "clear"]);
    expect(await backend.listComparisons()).toHaveLength(0);
    await waitFor(() => expect(screen.getByTestId("data-count").textContent).toBe("0"));
  });

  it("exports everything, then imports it back from a pasted path, all or nothing", async () => {
    const { backend } = await renderApp("/settings/data");
    fireEvent.click(await screen.findByTestId("export-now"));
    const path = (await screen.findByTestId("export-path")).textContent!;
    expect(screen.getByTestId("export-result").textContent).toContain("Exported 3 comparisons to");
    // Importing it into the same history is refused whole: those comparisons are there.
    fireEvent.change(screen.getByTestId("import-path"), { target: { value: path } });
    fireEvent.click(screen.getByTestId("import-run"));
    await waitFor(() => expect(screen.getByTestId("import-result").textContent).toMatch(/already in this history; nothing was imported/));

    await act(async () => void (await backend.clearHistory()));
    fireEvent.change(screen.getByTestId("import-path"), { target: { value: path } });
    fireEvent.click(screen.getByTestId("import-run"));
    await waitFor(() => expect(screen.getByTestId("import-result").textContent).toBe("Imported 3 comparisons. They are in History."));
    expect(await backend.listComparisons()).toHaveLength(3);
  });

  it("backs up now to a dated file and shows where", async () => {
    await renderApp("/settings/data");
    fireEvent.click(await screen.findByTestId("backup-now"));
    expect((await screen.findByTestId("backup-path")).textContent).toMatch(/\/backups\/parallax-\d{4}-\d{2}-\d{2}T\d{4}\.db$/);
  });
});
