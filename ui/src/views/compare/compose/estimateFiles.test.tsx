// The estimate's note on attached files: each model's provider counts an image by its own rule,
// so the answers' allowances can differ, and the note gives their range.
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { Estimate, SlotEstimate } from "../../../backend";
import { EstimateLine } from "./EstimateBar";

const slot = (attachment_tokens: number | null): SlotEstimate => ({
  input_tokens: 1_000 + (attachment_tokens ?? 0),
  counted: "approximate",
  input_cost_usd: null,
  max_output_tokens: null,
  worst_case_usd: null,
  fits_context: null,
  attachment_tokens,
});
const estimate = (slots: SlotEstimate[]): Estimate => ({ slots, input_cost_usd: 0, input_cost_complete: false, worst_case_usd: 0, worst_case_complete: false, unpriced: [] });

describe("the estimate's note on attached files", () => {
  it("gives the range when the models count an image differently", async () => {
    // An OpenAI model and an Anthropic one, one 1024 × 1024 image: 765 and 1,399 tokens.
    render(<EstimateLine estimate={estimate([slot(765), slot(1_399)])} />);
    fireEvent.click(screen.getByTestId("estimate"));
    expect((await screen.findByTestId("estimate-files")).textContent).toMatch(/^Each answer's tokens in include about 765–1,399 for the attached images and PDFs/);
  });

  it("gives one figure when they agree, and says nothing without files", async () => {
    const { unmount } = render(<EstimateLine estimate={estimate([slot(258), slot(258)])} />);
    fireEvent.click(screen.getByTestId("estimate"));
    expect((await screen.findByTestId("estimate-files")).textContent).toMatch(/^Each answer's tokens in include about 258 for the attached/);
    unmount();
    render(<EstimateLine estimate={estimate([slot(null)])} />);
    fireEvent.click(screen.getByTestId("estimate"));
    await screen.findByTestId("estimate-details");
    expect(screen.queryByTestId("estimate-files")).toBeNull();
  });
});
