// History keeps its search in the URL: a link or back/forward brings the same search back.
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { createFakeBackend } from "../../backend/fake";
import { renderApp } from "../../test/renderApp";

describe("history's URL state", () => {
  it("reads the search from the URL, writes typed text to it, and back restores it", async () => {
    const { router } = await renderApp("/history?q=rayleigh");
    const field = (await screen.findByTestId("history-search")) as HTMLInputElement;
    expect(field.value).toBe("rayleigh");
    const hits = await screen.findAllByTestId("search-hit");
    expect(hits).toHaveLength(3);
    expect(hits[0]!.innerHTML).toContain("<mark>Rayleigh</mark>");

    // A hit opens its answer by URL, keeping the search.
    fireEvent.click(hits[1]!);
    await waitFor(() => expect(router.state.location.pathname).toBe("/history/sample-rayleigh"));
    expect(router.state.location.search).toEqual({ q: "rayleigh", slot: 1 });
    expect((await screen.findByTestId("history-prompt")).textContent).toContain("Why is the sky blue?");
    expect(screen.getByTestId("column-1").className).toContain("focused");

    // Typing replaces the search in the URL shortly after typing stops.
    fireEvent.change(field, { target: { value: "latency" } });
    await waitFor(() => expect(router.state.location.search.q).toBe("latency"));
    await waitFor(() => expect(screen.getAllByTestId("search-hit")[0]!.textContent).toContain("haiku"));

    // A filter is a step in history: back returns to the unfiltered search.
    fireEvent.change(screen.getByTestId("history-status"), { target: { value: "failed" } });
    await waitFor(() => expect(router.state.location.search.status).toBe("failed"));
    await act(async () => router.history.back());
    await waitFor(() => expect(router.state.location.search.status).toBeUndefined());
    expect(router.state.location.search.q).toBe("latency");
    expect(field.value).toBe("latency");
    // And back again to the first search: the field follows the URL.
    await act(async () => router.history.back());
    await waitFor(() => expect(router.state.location.search.q).toBe("rayleigh"));
    await waitFor(() => expect((screen.getByTestId("history-search") as HTMLInputElement).value).toBe("rayleigh"));
  });
});

describe("the history list", () => {
  it("narrows by a filter from the URL, shows it as a chip, and a chip's × removes it", async () => {
    const { router } = await renderApp("/history?model=google%2Fgemini-2.5-flash");
    // Two of the three sample comparisons asked gemini-2.5-flash (the sky and the haiku).
    await waitFor(() => expect(screen.getAllByTestId("history-item").map((i) => i.dataset.id)).toEqual(["sample-rayleigh", "sample-haiku"]));
    expect(screen.getByTestId("chip-model").textContent).toBe("model: google/gemini-2.5-flash");
    fireEvent.click(screen.getByRole("button", { name: "Remove the filter model: google/gemini-2.5-flash" }));
    await waitFor(() => expect(router.state.location.search.model).toBeUndefined());
    await waitFor(() => expect(screen.getAllByTestId("history-item")).toHaveLength(3));
    expect(screen.queryByTestId("history-chips")).toBeNull();
  });

  it("a day range and an outcome together: only the failed answer of yesterday's comparison", async () => {
    const yesterday = new Date(Date.now() - 86_400_000 - 5 * 3_600_000).toISOString().slice(0, 10);
    await renderApp(`/history?from=${yesterday}&to=${yesterday}&status=failed`);
    await waitFor(() => expect(screen.getAllByTestId("history-item").map((i) => i.dataset.id)).toEqual(["sample-sse"]));
    expect(screen.getByTestId("chip-from").textContent).toBe(`from ${yesterday}`);
    expect(screen.getByTestId("chip-status").textContent).toBe("outcome: failed");
    // The row says the failure and still shows its whole cost and date.
    const row = screen.getByTestId("history-item");
    expect(row.textContent).toContain("· 1 failed");
    expect(row.querySelector("[data-testid='history-cost']")).not.toBeNull();
    expect(row.querySelector("[data-testid='history-date']")!.textContent).not.toBe("");
  });

  it("a bad value in the URL is no filter at all, not an error", async () => {
    await renderApp("/history?from=yesterday&min=-3&status=exploded&voted=maybe");
    await waitFor(() => expect(screen.getAllByTestId("history-item")).toHaveLength(3));
    expect(screen.queryByTestId("history-chips")).toBeNull();
  });

  it("a word in several answers of one comparison is one entry, with its date, listing each answer", async () => {
    await renderApp("/history?q=scattering");
    const groups = await screen.findAllByTestId("hit-group");
    expect(groups).toHaveLength(1);
    expect(groups[0]!.dataset.id).toBe("sample-rayleigh");
    // Every answer of the sky comparison says "scattering": three answers under one title.
    expect(groups[0]!.querySelectorAll("[data-testid='search-hit']")).toHaveLength(3);
    expect(groups[0]!.textContent).toContain("Why is the sky blue?");
  });

  it("words nearly every answer has: the hits say they are newest first, and how to rank them", async () => {
    const backend = createFakeBackend({ delayScale: 0.01 });
    const real = backend.searchHistory.bind(backend);
    // The store's answer past its threshold (SearchOrder::Recent); the fake's corpus is small.
    backend.searchHistory = async (...args) => ({ ...(await real(...args)), order: "recent" });
    await renderApp("/history?q=scattering", { backend });
    expect((await screen.findByTestId("search-order")).textContent).toBe("Newest first: most answers have these words, so none is a better match. Add a rarer word to rank them.");
  });

  it("ranked hits say nothing of their order", async () => {
    await renderApp("/history?q=scattering");
    await screen.findAllByTestId("hit-group");
    expect(screen.queryByTestId("search-order")).toBeNull();
  });

  it("a comparison the CLI adds while History is open appears without a reload", async () => {
    const { backend } = await renderApp("/history");
    await waitFor(() => expect(screen.getAllByTestId("history-item")).toHaveLength(3));
    const c = structuredClone(await backend.getComparison("sample-haiku"));
    backend.addFromOutside({ ...c, id: "from-the-cli", title: "Asked from the terminal", created_at_ms: Date.now() });
    await waitFor(() => expect(screen.getAllByTestId("history-item")[0]!.textContent).toContain("Asked from the terminal"), { timeout: 5_000 });
  });
});

describe("a comparison opened from History", () => {
  it("shows the runs of its prompt, marks a model that got slower, and diffs its answer with the run before", async () => {
    const { backend, router } = await renderApp("/history");
    const before = structuredClone(await backend.getComparison("sample-haiku"));
    // The same prompt run again today: gemini twice as slow, claude's answer reworded.
    backend.addFromOutside({
      ...before,
      id: "haiku-again",
      created_at_ms: Date.now(),
      slots: before.slots.map((s) => (s.model === "google/gemini-2.5-flash" ? { ...s, id: `${s.id}-2`, total_ms: s.total_ms! * 2 } : { ...s, id: `${s.id}-2`, text: s.text.replace("river", "stream") })),
    });
    await act(async () => router.navigate({ to: "/history/$comparisonId", params: { comparisonId: "haiku-again" } }));
    await waitFor(() => expect(screen.getAllByTestId("run-row").map((r) => r.dataset.id)).toEqual(["haiku-again", "sample-haiku"]));
    const rows = screen.getAllByTestId("run-row");
    // 800 ms → 1.60 s: marked; claude's time did not change: not marked.
    const gemini = rows[0]!.querySelector("[data-model='google/gemini-2.5-flash']")!;
    expect(gemini.querySelector(".drift")?.textContent).toContain("1.60 s");
    expect(rows[0]!.querySelector("[data-model='anthropic/claude-sonnet-4.5'] .drift")).toBeNull();
    fireEvent.click(rows[0]!.querySelector("[data-model='anthropic/claude-sonnet-4.5'] [data-testid='run-diff']")!);
    const diff = await screen.findByTestId("run-diff-body");
    await waitFor(() => expect(diff.textContent).toContain("stream"));
    // Counted against the run before, not "the baseline" (a word of the Compare view's diff).
    expect(within(diff).getByTestId("diff-count").textContent).toMatch(/^\d+ changes? against the run before$/);
    // The other run of this prompt: the same pair of runs, still diffed.
    await act(async () => router.navigate({ to: "/history/$comparisonId", params: { comparisonId: "sample-haiku" } }));
    await waitFor(() => expect(screen.getAllByTestId("run-row").find((r) => r.classList.contains("this-run"))?.dataset.id).toBe("sample-haiku"));
    expect(screen.getByTestId("run-diff-body").textContent).toContain("stream");
    // Another prompt's runs (claude in its first row too): no diff carried over to them.
    const sky = structuredClone(await backend.getComparison("sample-rayleigh"));
    backend.addFromOutside({ ...sky, id: "rayleigh-again", created_at_ms: Date.now(), slots: sky.slots.map((s) => ({ ...s, id: `${s.id}-2`, text: `${s.text} Again.` })) });
    await act(async () => router.navigate({ to: "/history/$comparisonId", params: { comparisonId: "rayleigh-again" } }));
    await waitFor(() => expect(screen.getAllByTestId("run-row").map((r) => r.dataset.id)).toEqual(["rayleigh-again", "sample-rayleigh"]));
    await waitFor(() => expect(screen.getAllByTestId("run-row").every((r) => r.dataset.read !== undefined)).toBe(true));
    expect(screen.queryByTestId("run-diff-body")).toBeNull();
  });

  it("draws the runs table with every row at once, each run's figures filling its row as it is read", async () => {
    const { backend, router } = await renderApp("/history");
    const before = structuredClone(await backend.getComparison("sample-haiku"));
    backend.addFromOutside({ ...before, id: "haiku-again", created_at_ms: Date.now(), slots: before.slots.map((s) => ({ ...s, id: `${s.id}-2` })) });
    // The earlier run's read held back until the test lets it go.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const read = backend.getComparison.bind(backend);
    backend.getComparison = async (id: string) => {
      if (id === "sample-haiku") await held;
      return read(id);
    };
    await act(async () => router.navigate({ to: "/history/$comparisonId", params: { comparisonId: "haiku-again" } }));
    await waitFor(() => expect(screen.getAllByTestId("run-row").map((r) => r.dataset.id)).toEqual(["haiku-again", "sample-haiku"]));
    // Both rows, their dates and a column per model, before the earlier run is read.
    const [now, earlier] = screen.getAllByTestId("run-row");
    expect(now!.hasAttribute("data-read")).toBe(true);
    expect(earlier!.hasAttribute("data-read")).toBe(false);
    expect(earlier!.querySelectorAll("td[aria-busy='true']")).toHaveLength(before.slots.length);
    expect(earlier!.querySelector("a")?.textContent).not.toBe("");
    await act(async () => release());
    await waitFor(() => expect(screen.getAllByTestId("run-row")[1]!.hasAttribute("data-read")).toBe(true));
    expect(screen.getAllByTestId("run-row")[1]!.querySelector("[data-model='google/gemini-2.5-flash']")?.textContent).toContain("·");
  });

  it("a row the pointer rests on is read before the click, and the click draws it whole: no loading step", async () => {
    const { backend } = await renderApp("/history");
    const reads: string[] = [];
    const read = backend.getComparison.bind(backend);
    backend.getComparison = (id: string) => {
      reads.push(id);
      return read(id);
    };
    const row = (await screen.findAllByTestId("history-item")).find((r) => r.dataset.id === "sample-haiku")!;
    // The detail pane, watched for a "Loading…" drawn at any moment of the opening.
    const seen: string[] = [];
    const watch = new MutationObserver(() => {
      const pane = document.querySelector(".history-detail");
      if (pane?.textContent?.includes("Loading")) seen.push(pane.textContent);
    });
    watch.observe(document.body, { childList: true, subtree: true, characterData: true });

    fireEvent.mouseEnter(row);
    await waitFor(() => expect(reads).toEqual(["sample-haiku"]), { timeout: 2_000 });
    fireEvent.click(row);
    expect((await screen.findByTestId("history-prompt")).textContent).toContain("haiku");
    // Read once, on the hover: the click found it read.
    expect(reads).toEqual(["sample-haiku"]);

    // A row never hovered (a keyboard or a script's click): read on the click, still drawn whole.
    const other = screen.getAllByTestId("history-item").find((r) => r.dataset.id === "sample-rayleigh")!;
    fireEvent.click(other);
    await waitFor(() => expect(screen.getByTestId("history-prompt").textContent).toContain("Why is the sky blue?"));
    expect(reads).toEqual(["sample-haiku", "sample-rayleigh"]);
    watch.disconnect();
    expect(seen).toEqual([]);
  });

  it("previews the answers at the widths last set in Compare, without lines to drag; Compare's are resizable", async () => {
    const { services, router } = await renderApp("/history");
    const c = await services.backend.getComparison("sample-rayleigh");
    const n = c.slots.length;
    const shares = Object.fromEntries(c.slots.map((_, i) => [`p${i}`, i === 0 ? 50 : 50 / (n - 1)]));
    services.prefs.set("layouts", { ...services.prefs.getState().layouts, [`compare.columns.${n}`]: shares });
    await act(async () => router.navigate({ to: "/history/$comparisonId", params: { comparisonId: "sample-rayleigh" } }));
    const detail = (await screen.findByTestId("history-prompt")).closest(".history-detail")!;
    await waitFor(() => expect(detail.querySelectorAll("section.column")).toHaveLength(n));
    expect(detail.querySelectorAll("[role='separator']")).toHaveLength(0);
    const panels = [...detail.querySelectorAll<HTMLElement>(".col-panel")];
    expect(panels.map((p) => p.style.flexGrow)).toEqual(c.slots.map((_, i) => String(i === 0 ? 50 : 50 / (n - 1))));

    await act(async () => router.navigate({ to: "/compare/$comparisonId", params: { comparisonId: "sample-rayleigh" } }));
    await waitFor(() => expect(document.querySelectorAll(".compare [role='separator'][aria-label='Resize the answers beside this line']")).toHaveLength(n - 1));
  });

  it("Run again sends the same prompt to the same models as a new comparison", async () => {
    const { backend, router } = await renderApp("/history/sample-rayleigh");
    fireEvent.click(await screen.findByTestId("run-again"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/compare"));
    await waitFor(async () => {
      const [newest] = await backend.listComparisons(undefined, undefined);
      expect(newest!.id).not.toBe("sample-rayleigh");
      expect(newest!.title).toBe("Why is the sky blue? Answer in two sentences.");
      expect(newest!.models).toEqual(["openai/gpt-4o-mini", "anthropic/claude-sonnet-4.5", "google/gemini-2.5-flash"]);
    });
  });
});

describe("several comparisons at once", () => {
  it("ticks two, tags both, exports both as one file, and a delete can be undone", async () => {
    const { backend } = await renderApp("/history");
    await waitFor(() => expect(screen.getAllByTestId("history-item")).toHaveLength(3));
    const ticks = screen.getAllByTestId("history-select");
    fireEvent.click(ticks[0]!);
    // Shift+click: every row from the last ticked.
    fireEvent.click(ticks[2]!, { shiftKey: true });
    expect(screen.getByTestId("bulk-count").textContent).toBe("3 selected");
    fireEvent.click(ticks[1]!);
    expect(screen.getByTestId("bulk-count").textContent).toBe("2 selected");

    fireEvent.click(screen.getByTestId("bulk-tag"));
    fireEvent.change(await screen.findByTestId("bulk-tag-input"), { target: { value: "Review" } });
    fireEvent.click(screen.getByTestId("bulk-tag-add"));
    await waitFor(() => expect(screen.getByTestId("bulk-said").textContent).toBe("Tagged 2 comparisons “review”."));
    expect((await backend.getComparison("sample-rayleigh")).tags).toEqual(["review"]);
    expect((await backend.getComparison("sample-haiku")).tags).toEqual(["review"]);
    expect((await backend.getComparison("sample-sse")).tags).toEqual([]);

    fireEvent.click(screen.getByTestId("bulk-export"));
    await waitFor(() => expect(screen.getByTestId("bulk-said").textContent).toMatch(/^Exported 2 to /));

    fireEvent.click(screen.getByTestId("bulk-delete"));
    // Gone from the list at once, still in the history until the undo window passes.
    await waitFor(() => expect(screen.getAllByTestId("history-item").map((i) => i.dataset.id)).toEqual(["sample-sse"]));
    expect((await backend.listComparisons(undefined, undefined)).length).toBe(3);
    fireEvent.click(await screen.findByRole("button", { name: "Undo" }));
    await waitFor(() => expect(screen.getAllByTestId("history-item")).toHaveLength(3));
    expect((await backend.listComparisons(undefined, undefined)).length).toBe(3);
  });

  it("a delete not undone is done when the window has passed", { timeout: 12_000 }, async () => {
    const { backend } = await renderApp("/history/sample-sse");
    fireEvent.click(await screen.findByTestId("delete-comparison"));
    await waitFor(() => expect(screen.getAllByTestId("history-item").map((i) => i.dataset.id)).toEqual(["sample-rayleigh", "sample-haiku"]));
    await waitFor(async () => expect((await backend.listComparisons(undefined, undefined)).map((c) => c.id)).toEqual(["sample-rayleigh", "sample-haiku"]), { timeout: 9_000 });
    // Once deleted the list is read again: the row does not come back.
    await waitFor(() => expect(screen.getAllByTestId("history-item").map((i) => i.dataset.id)).toEqual(["sample-rayleigh", "sample-haiku"]));
  });
});

describe("importing from History", () => {
  it("an export of comparisons still here is refused whole; once they are gone it brings them back", { timeout: 15_000 }, async () => {
    const { backend } = await renderApp("/history");
    await waitFor(() => expect(screen.getAllByTestId("history-item")).toHaveLength(3));
    fireEvent.click(screen.getAllByTestId("history-select")[0]!);
    fireEvent.click(screen.getByTestId("bulk-export"));
    await waitFor(() => expect(screen.getByTestId("bulk-said").textContent).toMatch(/^Exported 1 to /));
    const file = screen.getByTestId("bulk-said").textContent!.replace(/^Exported 1 to /, "");

    fireEvent.click(screen.getByTestId("history-import"));
    fireEvent.change(await screen.findByTestId("history-import-path"), { target: { value: file } });
    fireEvent.click(screen.getByTestId("history-import-run"));
    await waitFor(() => expect(screen.getByTestId("history-import-said").textContent).toBe(`${file}: comparison sample-rayleigh is already in this history; nothing was imported`));

    await backend.deleteComparison("sample-rayleigh");
    fireEvent.change(screen.getByTestId("history-import-path"), { target: { value: file } });
    fireEvent.click(screen.getByTestId("history-import-run"));
    await waitFor(() => expect(screen.getByTestId("history-import-said").textContent).toBe("Imported 1 comparison."));
    expect((await backend.getComparison("sample-rayleigh")).title).toBe("Why is the sky blue? Answer in two sentences.");
  });
});

describe("a history row", () => {
  it("names the winner of the person's vote and counts the failed answer", async () => {
    const backend = createFakeBackend({ delayScale: 0.01 });
    // The sky comparison: the person picks column 2 (gemini-2.5-flash).
    await backend.vote("sample-rayleigh", { winner: 2, among: [], blind: false });
    await renderApp("/history", { backend });
    await waitFor(() => expect(screen.getAllByTestId("history-winner")[0]!.textContent).toBe("★ google/gemini-2.5-flash · "));
    const sse = screen.getAllByTestId("history-item").find((i) => i.dataset.id === "sample-sse")!;
    expect(sse.textContent).toContain("· 1 failed");
    expect(sse.querySelector("[data-testid='history-winner']")).toBeNull();
  });
});
