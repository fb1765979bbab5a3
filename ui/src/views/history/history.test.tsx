// History keeps its search in the URL: a link or back/forward brings the same search back.
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

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
