// A history with a damaged page (issue 14): the first read that meets it puts a banner above
// every room naming the file and what happened; "Recover" calls the backend, then the banner
// says what was kept and where the damaged file went, and History reads again.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { renderApp } from "../test/renderApp";

describe("a damaged history", () => {
  it("is said above every room and recovered in one click", async () => {
    const { router } = await renderApp("/history", { damaged: true });
    const banner = await screen.findByTestId("database-damaged");
    expect(banner.textContent).toContain("Part of your history is damaged.");
    expect(banner.textContent).toContain("/parallax.db has damaged pages");
    // It stays as the person moves to another room.
    fireEvent.click(screen.getByTestId("tab-compare"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/compare"));
    expect(screen.getByTestId("database-damaged")).toBeTruthy();

    fireEvent.click(screen.getByTestId("recover-database"));
    const done = await screen.findByTestId("database-recovered");
    expect(screen.queryByTestId("database-damaged")).toBeNull();
    // The fake recovers every comparison and answer it holds and reports one damaged stretch.
    expect(done.textContent).toMatch(/\d+ comparisons and \d+ answers were kept; 1 damaged stretch was skipped \(what it held is lost\)\./);
    expect(done.textContent).toContain("parallax.db.damaged-1");

    fireEvent.click(screen.getByTestId("tab-history"));
    expect(await screen.findAllByTestId("history-item")).not.toHaveLength(0);
  });
});

describe("a history in a folder that cannot be written", () => {
  it("says so above every room while the history still reads", async () => {
    const { router } = await renderApp("/history", { readOnly: true });
    const banner = await screen.findByTestId("database-read-only");
    expect(banner.textContent).toContain("History is read-only.");
    expect(banner.textContent).toContain("cannot be written: you can read, search and export it");
    expect(banner.getAttribute("role")).toBe("status");
    expect(await screen.findAllByTestId("history-item")).not.toHaveLength(0);
    fireEvent.click(screen.getByTestId("tab-compare"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/compare"));
    expect(screen.getByTestId("database-read-only")).toBeTruthy();
  });

  it("offers no action that would write: run again, delete, import, bulk tag and delete are off, saying why", async () => {
    const { backend } = await renderApp("/history", { readOnly: true });
    const first = (await screen.findAllByTestId("history-item"))[0]!;
    fireEvent.click(first);
    const why = /^History is read-only: The folder of your history .* cannot be written/;
    for (const id of ["run-again", "delete-comparison", "history-import"]) {
      const b = (await screen.findByTestId(id)) as HTMLButtonElement;
      expect(b.disabled, id).toBe(true);
      expect(b.title, id).toMatch(why);
    }
    // Reading still works: the answers, search, and the exports (Session, Export) stay on.
    expect((screen.getByTestId("open-in-compare") as HTMLAnchorElement).getAttribute("href")).toContain("/compare/");
    const box = screen.getAllByRole("checkbox", { name: /select/i })[0]!;
    fireEvent.click(box);
    expect(((await screen.findByTestId("bulk-delete")) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId("bulk-tag") as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId("bulk-export") as HTMLButtonElement).disabled).toBe(false);
    const deleted = vi.spyOn(backend, "deleteComparison");
    fireEvent.click(screen.getByTestId("delete-comparison"));
    expect(deleted).not.toHaveBeenCalled();
  });
});
