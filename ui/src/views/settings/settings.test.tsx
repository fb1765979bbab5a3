// A refused value is said next to its field; a saved one beside the button that saved it.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderApp } from "../../test/renderApp";

describe("settings messages", () => {
  it("puts a refusal under the field it names and keeps the other field clean", async () => {
    const { router } = await renderApp("/settings/budgets");
    const budgets = await screen.findByTestId("budgets");
    const per = within(budgets).getByTestId("budget-per-comparison");
    fireEvent.change(per, { target: { value: "lots" } });
    fireEvent.click(within(budgets).getByText("Save"));
    await waitFor(() => expect(per.getAttribute("aria-invalid")).toBe("true"));
    const describedBy = per.getAttribute("aria-describedby")!;
    const message = document.getElementById(describedBy.split(" ").pop()!)!;
    expect(message.textContent).toMatch(/budget\.per_comparison_usd must be a positive amount/);
    expect(message.getAttribute("role")).toBe("alert");
    expect(within(budgets).getByTestId("budget-daily").getAttribute("aria-invalid")).toBeNull();

    fireEvent.change(per, { target: { value: "0.5" } });
    fireEvent.click(within(budgets).getByText("Save"));
    await waitFor(() => expect(within(budgets).getByTestId("settings-message").textContent).toBe("Budgets saved."));
    expect(per.getAttribute("aria-invalid")).toBeNull();
    // Settings reopens on the section last shown.
    fireEvent.click(screen.getByTestId("tab-compare"));
    await screen.findByTestId("compare-view");
    fireEvent.click(screen.getByTestId("tab-settings"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/settings/budgets"));
    expect(((await screen.findByTestId("budget-per-comparison")) as HTMLInputElement).value).toBe("0.5");
  });
});
