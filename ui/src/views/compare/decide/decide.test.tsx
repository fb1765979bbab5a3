// The tools for choosing on a saved comparison (the fake's sample of three answers): the diff
// view renders spans from the backend, blind mode shuffles and hides then saves a blind vote and
// reveals, the judge's verdict is shown and listed apart from the person's votes.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { renderApp } from "../../../test/renderApp";
import { shuffled } from "./decideStore";
import { DiffSpans } from "./DiffBody";
import { metricsTable, voteOf } from "./votes";

const answers = () => document.querySelector<HTMLElement>("#compare-answers, [data-panel-id='compare-answers']") ?? document.body;

describe("diff mode", () => {
  it("renders each answer's words against the baseline, added and removed apart", async () => {
    const { backend } = await renderApp("/compare/sample-rayleigh");
    const diff = vi.spyOn(backend, "diffAnswers");
    fireEvent.click(await screen.findByTestId("decide-mode-diff"));
    await waitFor(() => expect(screen.getAllByTestId("diff-body")).toHaveLength(2));
    expect(diff).toHaveBeenCalledTimes(2);
    expect(screen.getAllByTestId("diff-added").length).toBeGreaterThan(0);
    expect(screen.getAllByTestId("diff-removed").length).toBeGreaterThan(0);
    expect(screen.getByTestId("baseline-badge")).toBeTruthy();
    // Three answers: the consensus view marks what only one says.
    fireEvent.click(screen.getByTestId("decide-mode-consensus"));
    await waitFor(() => expect(screen.getAllByTestId("consensus-body")).toHaveLength(3));
    expect(screen.getAllByTestId("consensus-unique").length).toBeGreaterThan(0);
  });

  it("collapses unchanged runs under “only differences”", () => {
    const same = Array.from({ length: 40 }, (_, i) => `w${i}`).join(" ");
    render(<DiffSpans spans={[{ change: "same", text: same }, { change: "added", text: " scripted" }]} onlyDiff />);
    expect(screen.getByTestId("diff-body").textContent).toContain("w0 w1 w2 w3 w4 w5 … w34 w35 w36 w37 w38 w39");
    expect(screen.getByTestId("diff-added").textContent).toBe(" scripted");
  });
});

describe("blind mode", () => {
  it("shuffles, hides the names and the window title, saves the vote blind, then reveals", async () => {
    const { backend } = await renderApp("/compare/sample-rayleigh");
    const vote = vi.spyOn(backend, "vote");
    fireEvent.click(await screen.findByTestId("blind-toggle"));
    expect(await screen.findByTestId("blind-vote")).toBeTruthy();
    await waitFor(() => expect(document.title).toBe("Parallax — blind comparison"));
    expect(within(answers()).getAllByText(/^Answer [ABC]$/).length).toBe(3);
    expect(screen.queryByTestId("export-now")).toBeNull();
    fireEvent.click(screen.getByTestId("vote-B"));
    await waitFor(() => expect(vote).toHaveBeenCalled());
    const [, request] = vote.mock.calls[0]!;
    expect(request.blind).toBe(true);
    expect(request.among).toHaveLength(3);
    expect(typeof request.winner).toBe("number");
    expect((await screen.findByTestId("blind-revealed")).textContent).toMatch(/You picked Answer B: .+ Saved as a blind vote/);
    await waitFor(() => expect(document.title).not.toBe("Parallax — blind comparison"));
    expect(await screen.findByTestId("human-votes")).toBeTruthy();
    // The leaderboard is one click away and has the models voted on.
    fireEvent.click(screen.getByTestId("leaderboard-open"));
    await waitFor(() => expect(screen.getAllByTestId("leaderboard-row").length).toBe(3));
  });

  it("shuffles as a permutation, and a self-named answer makes the vote not blind", () => {
    const order = shuffled(5, () => 0.3);
    expect([...order].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(voteOf({ kind: "all_bad" }, [0, 1], [null, null])).toEqual({ among: [0, 1], blind: true });
    expect(voteOf({ kind: "winner", slot: 1 }, [0, 1], [null, "claude"])).toEqual({ winner: 1, among: [0, 1], blind: false });
  });
});

describe("the judge", () => {
  it("runs the picked judge under the rubric shown, shows its verdict and lists it apart from the person's votes", async () => {
    const { backend } = await renderApp("/compare/sample-rayleigh");
    const judge = vi.spyOn(backend, "judgeComparison");
    fireEvent.click(await screen.findByTestId("judge-open"));
    const rubric = (await screen.findByTestId("judge-rubric")) as HTMLTextAreaElement;
    await waitFor(() => expect(rubric.value).toMatch(/Pick the answer/));
    fireEvent.change(rubric, { target: { value: "Prefer the shortest." } });
    fireEvent.click(screen.getByTestId("judge-run"));
    expect((await screen.findByTestId("judge-verdict")).textContent).toMatch(/Picked 1 · .+The demo judge always picks answer A/);
    expect(judge.mock.calls[0]![1]).toMatchObject({ provider: "demo", model: "judge" });
    expect(judge.mock.calls[0]![2]).toBe("Prefer the shortest.");
    await waitFor(() => expect(screen.getByTestId("judge-votes").textContent).toMatch(/demo:judge picked/));
    expect(screen.queryByTestId("human-votes")).toBeNull();
  });
});

describe("the session", () => {
  it("copies the metrics as a Markdown table", () => {
    const t = metricsTable([{ index: 0, provider: "demo", model: "fast", status: "done", ttft_ms: 150, total_ms: 900, speed: { tokens_per_second: 180, basis: "generation" }, usage: { input_tokens: 10, output_tokens: 90 }, cost: { usd: 0.0001, source: "billed" } } as never]);
    expect(t.split("\n")[2]).toMatch(/^\| 1 \| demo:fast \| done \| /);
  });
});
