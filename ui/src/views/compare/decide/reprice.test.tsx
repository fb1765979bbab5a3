// "At today's prices" on a saved comparison: each answer's tokens at the catalog's prices now,
// computed here from the answers' tokens and the catalog file, beside what it cost.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import catalog from "../../../backend/fake-data/catalog.json";
import { formatUsd } from "../../../format";
import { renderApp } from "../../../test/renderApp";

describe("a comparison at today's prices", () => {
  it("shows each answer then and today, and the totals", async () => {
    const { backend } = await renderApp("/compare/sample-rayleigh");
    const record = await backend.getComparison("sample-rayleigh");
    fireEvent.click(await screen.findByTestId("reprice-open"));
    const dialog = await screen.findByTestId("reprice-dialog");
    await waitFor(() => expect(within(dialog).getAllByTestId("reprice-row")).toHaveLength(record.slots.length));
    const rows = within(dialog).getAllByTestId("reprice-row");
    let today = 0;
    record.slots.forEach((s, i) => {
      const price = (catalog as { id: string; p: number; c: number }[]).find((m) => m.id === s.model)!;
      // Input tokens × input $/M + output tokens × output $/M, per million.
      const usd = (s.usage.input_tokens! * price.p + s.usage.output_tokens! * price.c) / 1_000_000;
      today += usd;
      const cells = rows[i]!.querySelectorAll("td");
      expect(cells[0]!.textContent).toBe(`${i + 1} · ${s.model}`);
      expect(cells[1]!.textContent).toBe(formatUsd(s.cost.usd));
      expect(cells[2]!.textContent).toBe(formatUsd(usd));
    });
    const total = within(dialog).getByTestId("reprice-total");
    expect(total.querySelectorAll("th")[2]!.textContent).toBe(formatUsd(today));
    expect(within(dialog).getByTestId("reprice-change").textContent).toMatch(/same as it cost|cheaper today|dearer today/);
  });
});
