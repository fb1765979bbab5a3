// "Ask again with changes…": the form starts from what the answer was sent with, checks what is
// typed, and the new column says what it was asked with.
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { BackendError } from "../../../backend/errors";
import { renderApp } from "../../../test/renderApp";

async function finishedRun() {
  const rendered = await renderApp("/compare", { delayScale: 0.05 });
  rendered.services.prefs.set("picks", ["openai/gpt-4o-mini", "anthropic/claude-sonnet-4.5"].map((model) => ({ provider: "openrouter" as const, endpoint: null, model })));
  fireEvent.change(await screen.findByTestId("prompt"), { target: { value: "Name a river." } });
  // Sent with max tokens 400 for every model (the parameters table).
  fireEvent.click(screen.getByTestId("params-toggle"));
  fireEvent.change(screen.getByTestId("param-max_tokens-0"), { target: { value: "400" } });
  fireEvent.click(screen.getByTestId("send"));
  await waitFor(() => expect(rendered.services.run.getState().finished).toBe(true), { timeout: 5000 });
  return rendered;
}

async function openRetryWith(column: number) {
  const menu = within(screen.getByTestId(`column-${column}`)).getByTestId("column-menu");
  fireEvent.click(menu);
  fireEvent.click(await screen.findByTestId("column-retry-with"));
  return screen.findByTestId("retry-with");
}

describe("ask again with changes", () => {
  it("starts from what was sent, sends the change with the rest kept, and labels the new column", async () => {
    const { backend, services } = await finishedRun();
    const retry = vi.spyOn(backend, "retryAnswer");
    const dialog = await openRetryWith(1);
    expect(within(dialog).getByText(/beside “anthropic\/claude-sonnet-4.5”/)).toBeTruthy();
    expect((await within(dialog).findByTestId("retry-model") as HTMLInputElement).value).toBe("anthropic/claude-sonnet-4.5");
    expect((within(dialog).getByTestId("retry-max_tokens") as HTMLInputElement).value).toBe("400");
    expect((within(dialog).getByTestId("retry-temperature") as HTMLInputElement).value).toBe("");
    expect(within(dialog).getByTestId("retry-changes").textContent).toMatch(/^Nothing changed/);

    fireEvent.change(within(dialog).getByTestId("retry-temperature"), { target: { value: "0.3" } });
    expect(within(dialog).getByTestId("retry-changes").textContent).toMatch(/^Changed: temp 0\.3\. Sent with: temp 0\.3 · max 400\.$/);
    fireEvent.click(within(dialog).getByTestId("retry-send"));

    await waitFor(() => expect(retry).toHaveBeenCalledTimes(1));
    const [, slot, target] = retry.mock.calls[0]!;
    expect(slot).toBe(1);
    expect(target?.model).toBe("anthropic/claude-sonnet-4.5");
    expect(target?.params?.temperature).toBe(0.3);
    expect(target?.params?.max_tokens).toBe(400);
    await waitFor(() => expect(screen.queryByTestId("retry-with")).toBeNull());
    // A third column, labelled with the change; the first two say nothing.
    const third = await screen.findByTestId("column-2");
    await waitFor(() => expect(within(third).getByTestId("column-asked").textContent).toBe("asked with temp 0.3"));
    expect(screen.getAllByTestId("column-asked")).toHaveLength(1);
    // What every column was sent with is said once, for the comparison.
    await waitFor(() => expect(screen.getByTestId("asked-all").textContent).toBe("all asked with max 400"));
    await waitFor(() => expect(services.run.getState().slots[2]?.status).toBe("done"), { timeout: 5000 });

    // Saved: opened from History after a restart (a new app on the same history), the third
    // column still says what it was asked with (read from the targets the engine kept), the
    // others nothing.
    const id = services.run.getState().comparison!.id;
    cleanup();
    await renderApp(`/history/${id}`, { backend });
    const saved = await screen.findByTestId("column-2");
    await waitFor(() => expect(within(saved).getByTestId("column-asked").textContent).toBe("asked with temp 0.3"));
    expect(screen.getAllByTestId("column-asked")).toHaveLength(1);
    expect(within(saved).getByTestId("column-asked").getAttribute("title")).toBe("Asked with these parameters, unlike the other answers: temp 0.3");
    expect(screen.getByTestId("asked-all").textContent).toBe("all asked with max 400");
  });

  it("asks another model, and refuses a value out of range until it is fixed", async () => {
    const { backend } = await finishedRun();
    const retry = vi.spyOn(backend, "retryAnswer");
    const dialog = await openRetryWith(0);
    await within(dialog).findByTestId("retry-model");
    fireEvent.change(within(dialog).getByTestId("retry-temperature"), { target: { value: "3" } });
    expect(within(dialog).getByText("“3”: Temperature is a number from 0 to 2, like 0.7.")).toBeTruthy();
    expect((within(dialog).getByTestId("retry-send") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(dialog).getByTestId("retry-temperature"), { target: { value: "" } });
    fireEvent.change(within(dialog).getByTestId("retry-model"), { target: { value: "openai/gpt-4o" } });
    expect(within(dialog).getByTestId("retry-changes").textContent).toMatch(/^Changed: openai\/gpt-4o\./);
    fireEvent.click(within(dialog).getByTestId("retry-send"));
    await waitFor(() => expect(retry).toHaveBeenCalledTimes(1));
    const target = retry.mock.calls[0]![2]!;
    expect(target.model).toBe("openai/gpt-4o");
    // The old model's prices do not follow the new one: the engine looks them up.
    expect(target.prompt_price_per_m ?? null).toBeNull();
    expect(target.prices ?? null).toBeNull();
    const third = await screen.findByTestId("column-2");
    expect(within(third).getByTestId("column-model").textContent).toContain("openai/gpt-4o");
  });

  it("says a refusal in the dialog and keeps it open, with what was typed", async () => {
    const { backend } = await finishedRun();
    vi.spyOn(backend, "retryAnswer").mockRejectedValue(new BackendError("over_budget", "This would pass the daily cap of $1.00."));
    const dialog = await openRetryWith(0);
    fireEvent.change(await within(dialog).findByTestId("retry-temperature"), { target: { value: "0.9" } });
    fireEvent.click(within(dialog).getByTestId("retry-send"));
    expect((await within(dialog).findByTestId("retry-error")).textContent).toBe("This would pass the daily cap of $1.00.");
    expect(screen.getByTestId("retry-with")).toBeTruthy();
    expect((within(dialog).getByTestId("retry-temperature") as HTMLInputElement).value).toBe("0.9");
    expect(screen.queryByTestId("column-2")).toBeNull();
  });
});
