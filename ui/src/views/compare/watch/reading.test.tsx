// Reading space: the composer folds to one line while answers are shown, once per comparison;
// the person unfolds it (button, `/`, New comparison) and can turn the fold off.
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderApp } from "../../../test/renderApp";

async function compose(prompt: string, delayScale = 0.2) {
  const rendered = await renderApp("/compare", { delayScale });
  rendered.services.prefs.set("picks", ["openai/gpt-4o-mini", "anthropic/claude-sonnet-4.5"].map((model) => ({ provider: "openrouter" as const, endpoint: null, model })));
  fireEvent.change(await screen.findByTestId("prompt"), { target: { value: prompt } });
  return rendered;
}

/** Folded, the prompt box is hidden (kept mounted, not drawn: React's Activity hides it). */
const promptShown = () => {
  const el = screen.queryByTestId("prompt");
  for (let e: HTMLElement | null = el; e; e = e.parentElement) if (e.style.display === "none") return false;
  return el !== null;
};

describe("the composer while answers are shown", () => {
  it("folds to the prompt's first line with Stop while the run goes on; unfolded, the box holds the prompt; the next comparison folds it again", async () => {
    // Slow enough that the run is still going when the folded line is first looked at.
    const { services } = await compose("Name three rivers.\nOne per line.", 1);
    fireEvent.click(screen.getByTestId("send"));
    const folded = await screen.findByTestId("folded-composer");
    expect(folded.textContent).toContain("Name three rivers.");
    expect(folded.textContent).not.toContain("One per line.");
    expect(promptShown()).toBe(false);
    // Stop is on the folded line while answers stream, and gone when they are over.
    expect(within(folded).getByTestId("stop-run")).toBeTruthy();
    await waitFor(() => expect(services.run.getState().finished).toBe(true), { timeout: 15_000 });
    expect(within(screen.getByTestId("folded-composer")).queryByTestId("stop-run")).toBeNull();

    fireEvent.click(screen.getByTestId("unfold-composer"));
    await waitFor(() => expect(promptShown()).toBe(true));
    expect((screen.getByTestId("prompt") as HTMLTextAreaElement).value).toBe("Name three rivers.\nOne per line.");
    expect(screen.queryByTestId("folded-composer")).toBeNull();

    // The next comparison folds it again.
    fireEvent.change(screen.getByTestId("prompt"), { target: { value: "Name three lakes." } });
    fireEvent.click(screen.getByTestId("send"));
    expect((await screen.findByTestId("folded-composer")).textContent).toContain("Name three lakes.");
    await waitFor(() => expect(services.run.getState().finished).toBe(true), { timeout: 15_000 });
  });

  it("unfolds and focuses the prompt on `/`, and on New comparison", async () => {
    const { services } = await compose("Why is ice slippery?");
    fireEvent.click(screen.getByTestId("send"));
    await screen.findByTestId("folded-composer");
    await waitFor(() => expect(services.run.getState().finished).toBe(true), { timeout: 5000 });
    fireEvent.keyDown(window, { key: "/" });
    const prompt = await screen.findByTestId("prompt");
    await waitFor(() => expect(document.activeElement).toBe(prompt));

    // Folded again by the person (the panel dragged shut is the same store), then a new comparison.
    const { foldComposer } = await import("./readingStore");
    act(() => foldComposer());
    expect(await screen.findByTestId("folded-composer")).toBeTruthy();
    fireEvent.keyDown(window, { key: "N", ctrlKey: true, shiftKey: true });
    expect(((await screen.findByTestId("prompt")) as HTMLTextAreaElement).value).toBe("");
  });

  it("does not fold when the person turned the fold off", async () => {
    const { services } = await compose("Keep the box open");
    services.prefs.set("foldComposer", false);
    fireEvent.click(screen.getByTestId("send"));
    await waitFor(() => expect(services.run.getState().comparison).not.toBeNull());
    await waitFor(() => expect(services.run.getState().finished).toBe(true), { timeout: 5000 });
    expect(screen.queryByTestId("folded-composer")).toBeNull();
    expect(promptShown()).toBe(true);
  });

  it("folds over a saved comparison, showing that comparison's prompt", async () => {
    await renderApp("/compare/sample-rayleigh");
    expect((await screen.findByTestId("folded-composer")).textContent).toContain("Why is the sky blue? Answer in two sentences.");
    expect(promptShown()).toBe(false);
  });

  it("folds at the click on Send; a refused start unfolds it at once with the refusal under the prompt, and Send anyway folds it again", async () => {
    const { services, backend } = await compose("What would this cost?");
    // A cap that cannot be checked: a model the catalog has no price for.
    await backend.setSettings([{ key: "budget.per_comparison_usd", value: "1" }]);
    act(() => services.prefs.set("picks", [{ provider: "openrouter", endpoint: null, model: "nobody/unpriced-model" }]));
    // The backend answers once the test lets it: until then the comparison is being started.
    let answer = () => {};
    const gate = new Promise<void>((r) => (answer = r));
    const start = backend.startComparison;
    backend.startComparison = async (...args) => {
      await gate;
      return start(...args);
    };
    fireEvent.click(screen.getByTestId("send"));
    // Folded at the click, showing the prompt being sent; nothing in the answers' place yet.
    expect((await screen.findByTestId("folded-composer")).textContent).toContain("What would this cost?");
    expect(promptShown()).toBe(false);
    expect(screen.queryByTestId("compare-empty")).toBeNull();
    answer();
    expect((await screen.findByTestId("budget-unchecked")).textContent).toContain("nobody/unpriced-model");
    expect(promptShown()).toBe(true);
    expect(screen.queryByTestId("folded-composer")).toBeNull();
    expect(services.run.getState().comparison).toBeNull();

    fireEvent.click(screen.getByTestId("send-anyway"));
    expect((await screen.findByTestId("folded-composer")).textContent).toContain("What would this cost?");
    await waitFor(() => expect(services.run.getState().comparison?.prompt).toBe("What would this cost?"));
    expect(promptShown()).toBe(false);
  });
});

describe("a follow-up", () => {
  it("is a thread in each column: the first question, that model's answer, then the follow-up, above the new answer", async () => {
    const { services } = await compose("Name three rivers.");
    fireEvent.click(screen.getByTestId("send"));
    await waitFor(() => expect(services.run.getState().finished).toBe(true), { timeout: 5000 });
    const first = services.run.getState().slots.map((s) => s.text);
    expect(first.every((t) => t.length > 0)).toBe(true);

    fireEvent.change(screen.getByTestId("follow-up-input"), { target: { value: "Shorter, please." } });
    fireEvent.click(screen.getByTestId("follow-up-all"));
    await waitFor(() => expect(services.run.getState().comparison?.parent_id).toBeTruthy());
    await waitFor(() => expect(services.run.getState().finished).toBe(true), { timeout: 5000 });

    for (const i of [0, 1]) {
      const column = screen.getByTestId(`column-${i}`);
      const turns = within(within(column).getByTestId("thread"))
        .getAllByRole("listitem")
        .map((li) => [li.getAttribute("data-testid"), li.querySelector(".turn-who")?.textContent]);
      const model = services.run.getState().slots[i]!.model;
      expect(turns).toEqual([
        ["turn-user", "You"],
        ["turn-assistant", model],
        ["turn-user", "You"],
      ]);
      const items = within(column).getAllByRole("listitem");
      expect(items[0]!.textContent).toContain("Name three rivers.");
      // That column's own earlier answer, not another's.
      expect(items[1]!.textContent?.replace(/\s+/g, " ")).toContain(first[i]!.replace(/[*_`#]/g, "").slice(0, 20));
      expect(items[2]!.textContent).toContain("Shorter, please.");
    }

    // Hidden, a column says how much is hidden and keeps the question.
    fireEvent.click(screen.getByTestId("thread-toggle"));
    const hidden = within(screen.getByTestId("column-0")).getByTestId("thread");
    expect(hidden.textContent).toBe("1 earlier answer hidden · the question: Shorter, please.");
    fireEvent.click(screen.getByTestId("thread-toggle"));
    expect(within(within(screen.getByTestId("column-0")).getByTestId("thread")).getAllByRole("listitem")).toHaveLength(3);
  });

  it("a first answer has no thread", async () => {
    await renderApp("/compare/sample-rayleigh");
    await screen.findAllByTestId("answer-text");
    expect(screen.queryAllByTestId("thread")).toHaveLength(0);
    expect(screen.queryByTestId("thread-toggle")).toBeNull();
  });
});
