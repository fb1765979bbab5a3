// Compose and Decide in the real app, on the built-in demo models (offline, written answers):
// a variants × models grid where every cell finishes; diff mode shows a known difference (only
// demo:fast's answer says "scripted"); a blind vote, the reveal, and the vote in the
// leaderboard; the demo judge's verdict saved as a judge vote; an export written to a path the
// test reads back. Screenshots of each state in both themes and in a small window.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { $, byTestId, chooseTheme, clearPicks, finishedColumns, launch, promptField, screenshot, selectModels, textOf, unfoldComposer, resizeWindow } from "../lib.mjs";

let browser;

before(async () => {
  browser = await launch();
});

// Leave the next spec what it expects: no picks (so Compare opens on OpenRouter), a normal window.
after(async () => {
  await browser?.keys(["Escape"]).catch(() => {});
  await browser?.setWindowSize(1280, 800).catch(() => {});
  await clearPicks(browser).catch(() => {});
  await browser?.deleteSession().catch(() => {});
});

async function bothThemes(name) {
  for (const t of ["light", "dark"]) {
    await chooseTheme(browser, t);
    await browser.waitUntil(async () => !(await $(browser, ".menu").isExisting()), { timeout: 5_000 });
    await browser.pause(300);
    await screenshot(browser, `${name}-${t}`);
  }
}

async function pickDemo(ids) {
  await clearPicks(browser);
  await selectModels(browser, ids, { source: "demo|" });
}

/** Closes a dialog with its Close button and waits until it is gone (nothing left over the page). */
async function closeDialog(testId) {
  const dialog = $(browser, byTestId(testId));
  const close = await dialog.$("button=Close");
  await close.click();
  await browser.waitUntil(async () => !(await $(browser, byTestId(testId)).isExisting()), { timeout: 5_000, timeoutMsg: `${testId} did not close` });
  await browser.pause(200);
}

async function send() {
  await $(browser, byTestId("send")).click();
}

test("a variants × models grid runs and every cell finishes", async () => {
  await resizeWindow(browser, 1280, 800);
  await pickDemo(["fast", "medium"]);
  await (await promptField(browser)).setValue("Explain {{topic}} in one paragraph.");
  await $(browser, byTestId("variable-topic-0")).waitForDisplayed({ timeout: 5_000 });
  await $(browser, byTestId("variable-topic-0")).setValue("tides");
  await $(browser, byTestId("variant-add")).click();
  await (await promptField(browser)).setValue("Explain {{topic}} to a child.");
  await $(browser, byTestId("params-toggle")).click();
  await $(browser, byTestId("param-max_tokens-0")).setValue("400");
  await browser.waitUntil(async () => (await textOf($(browser, byTestId("send")))) === "Send 4 answers", { timeout: 5_000, timeoutMsg: "Send does not count 2 variants × 2 models" });
  await $(browser, byTestId("estimate")).waitForDisplayed({ timeout: 10_000 });
  await bothThemes("decide-compose-variants");
  await send();
  const statuses = await finishedColumns(browser, 4, 40_000);
  assert.deepEqual(statuses, ["done", "done", "done", "done"]);
  await $(browser, byTestId("decide-bar")).waitForDisplayed({ timeout: 5_000 });
  await bothThemes("decide-grid-4");
});

test("diff mode shows a known difference: only demo:fast says “scripted”", async () => {
  await $(browser, byTestId("decide-mode-diff")).click();
  await browser.waitUntil(
    async () => (await browser.execute(() => Array.from(document.querySelectorAll("[data-testid='diff-removed']")).map((e) => e.textContent).join(" "))).includes("scripted"),
    { timeout: 10_000, timeoutMsg: "no column shows fast's “scripted” as removed against the baseline" },
  );
  await $(browser, byTestId("only-differences")).click();
  await bothThemes("decide-diff");
  await $(browser, byTestId("decide-mode-answers")).click();
});

test("fork puts the comparison back in the composer: prompt, variant B, both models, max tokens 400", async () => {
  // Empty the composer first, so what the fork brings back is seen to come from the comparison.
  await (await promptField(browser)).setValue("something else");
  await $(browser, byTestId("fork")).click();
  const prompt = $(browser, byTestId("prompt"));
  await browser.waitUntil(async () => (await prompt.getValue()) === "Explain {{topic}} in one paragraph.", { timeout: 5_000, timeoutMsg: "the prompt did not come back" });
  await browser.waitUntil(async () => (await browser.execute(() => document.activeElement?.getAttribute("data-testid"))) === "prompt", { timeout: 5_000, timeoutMsg: "the prompt box did not get the focus" });
  const chips = await browser.execute(() => Array.from(document.querySelectorAll("[data-testid='selected-model']")).map((c) => c.firstChild?.textContent));
  assert.deepEqual(chips, ["demo:fast", "demo:medium"]);
  assert.equal(await $(browser, byTestId("variant-tab-1")).isExisting(), true, "variant B is back");
  assert.equal(await $(browser, byTestId("param-max_tokens-0")).getValue(), "400");
  assert.equal(await textOf($(browser, byTestId("send"))), "Send 4 answers");
  await bothThemes("decide-fork");
});

test("a blind vote: hidden and shuffled, then revealed, and the vote is in the leaderboard", async () => {
  await unfoldComposer(browser);
  await $(browser, byTestId("variant-remove-1")).click();
  // No {{variable}} here: the core's judge reads a variable in the judged prompt as its own (reported).
  await (await promptField(browser)).setValue("Explain tides in one paragraph.");
  await $(browser, byTestId("blind-next")).click();
  await send();
  await finishedColumns(browser, 2, 30_000);
  await $(browser, byTestId("blind-vote")).waitForDisplayed({ timeout: 10_000 });
  assert.equal(await browser.getTitle(), "Parallax — blind comparison");
  const heads = await browser.execute(() => Array.from(document.querySelectorAll(".compare .column")).map((c) => c.textContent ?? ""));
  for (const h of heads) assert.doesNotMatch(h, /demo:(fast|medium)|Demo: (Fast|Medium)/, "a blind column names its model");
  // Nor does the composer, folded (the prompt only) or unfolded (a notice where the picks were).
  assert.doesNotMatch(await textOf($(browser, byTestId("folded-composer"))), /demo:|Demo:/);
  await unfoldComposer(browser);
  assert.match(await textOf($(browser, byTestId("picker-hidden"))), /2 models, hidden until you vote/);
  assert.equal((await browser.$$(byTestId("selected-model"))).length, 0, "a pick's chip names a blind model");
  assert.equal(await $(browser, byTestId("race-cost")).isExisting(), false, "an answer's cost tells models apart");
  assert.equal(await textOf($(browser, byTestId("race-total-cost"))), "Run cost after the vote");
  await bothThemes("decide-blind");
  await $(browser, byTestId("vote-A")).click();
  const revealed = await textOf(await $(browser, byTestId("blind-revealed")));
  assert.match(revealed, /You picked Answer A: demo:(fast|medium)\. Saved as a blind vote/);
  await $(browser, byTestId("human-votes")).waitForDisplayed({ timeout: 5_000 });
  await $(browser, byTestId("leaderboard-open")).click();
  await $(browser, byTestId("leaderboard-row")).waitForDisplayed({ timeout: 10_000 });
  const board = await textOf($(browser, byTestId("leaderboard-dialog")));
  assert.match(board, /fast/);
  assert.match(board, /medium/);
  await screenshot(browser, "decide-leaderboard-dark");
  await closeDialog("leaderboard-dialog");
  assert.equal((await browser.$$(byTestId("selected-model"))).length, 2, "after the vote the picks are back");
  await $(browser, byTestId("blind-next")).click();
});

test("the judge's verdict is shown and saved as a judge vote", async () => {
  await $(browser, byTestId("judge-open")).click();
  // The demo judge is offered first when the demo models are on (as here).
  assert.equal(await $(browser, byTestId("judge-model")).getValue(), "demo:judge");
  await browser.waitUntil(async () => ((await $(browser, byTestId("judge-rubric")).getValue()) ?? "").length > 20, { timeout: 5_000 });
  await $(browser, byTestId("judge-run")).click();
  const verdict = await $(browser, byTestId("judge-verdict"));
  await browser.waitUntil(async () => (await verdict.isExisting()) || (await $(browser, byTestId("judge-error")).isExisting()), { timeout: 30_000, timeoutMsg: "no verdict and no error" });
  if (!(await verdict.isExisting())) {
    await screenshot(browser, "decide-judge-error");
    assert.fail(`the judge failed: ${await textOf($(browser, byTestId("judge-error")))}`);
  }
  assert.match(await textOf(verdict), /Picked 1 · demo:(fast|medium)[\s\S]*always picks answer A/);
  await screenshot(browser, "decide-judge-dark");
  await closeDialog("judge-dialog");
  const votes = await $(browser, byTestId("judge-votes"));
  await votes.waitForDisplayed({ timeout: 5_000 });
  assert.match(await textOf(votes), /demo:judge picked/);
});

test("export writes a file the test reads back; the composer works in a small window", async () => {
  const path = join(tmpdir(), `parallax-e2e-export-${Date.now()}.md`);
  await $(browser, byTestId("session-open")).click();
  await $(browser, byTestId("session-tags")).setValue("e2e, decide");
  await $(browser, byTestId("session-notes")).click();
  await $(browser, byTestId("session-status")).waitForDisplayed({ timeout: 5_000 });
  await $(browser, byTestId("export-path-input")).setValue(path);
  await $(browser, byTestId("export-now")).click();
  const written = await $(browser, byTestId("export-written"));
  await written.waitForDisplayed({ timeout: 10_000 });
  assert.equal(await textOf(written), path);
  const text = await readFile(path, "utf8");
  assert.match(text, /demo/i);
  assert.match(text, /made up/);
  await screenshot(browser, "decide-session-dark");
  await closeDialog("session-dialog");
  // At today's prices: the demo's prices have not moved, so each answer costs what it did.
  await $(browser, byTestId("reprice-open")).click();
  await browser.waitUntil(async () => (await browser.$$(byTestId("reprice-row"))).length === 2, { timeout: 10_000, timeoutMsg: "not one row per answer" });
  assert.equal(await textOf($(browser, byTestId("reprice-change"))), "The same as it cost.");
  await screenshot(browser, "decide-reprice-dark");
  await closeDialog("reprice-dialog");
  await unfoldComposer(browser);
  await resizeWindow(browser, 800, 600);
  await browser.pause(300);
  await bothThemes("decide-small");
  await resizeWindow(browser, 1280, 800);
});

test("runs per model: three runs of one model are three columns, marked run 2 and run 3", async () => {
  await pickDemo(["fast"]);
  const prompt = await promptField(browser);
  await prompt.setValue("How much do your answers vary? (e2e runs)");
  const runs = $(browser, byTestId("repeats"));
  await runs.setValue("3");
  await browser.waitUntil(async () => (await textOf($(browser, byTestId("send")))) === "Send 3 answers", { timeout: 5_000, timeoutMsg: "the send button does not count the runs" });
  await send();
  const statuses = await finishedColumns(browser, 3);
  assert.deepEqual(statuses, ["done", "done", "done"]);
  for (const i of [0, 1, 2]) assert.match(await textOf($(browser, `${byTestId(`column-${i}`)} ${byTestId("column-model")}`)), /^fast/);
  // Every column names its run, the first included, so the three heads line up.
  await browser.waitUntil(async () => (await browser.$$(byTestId("column-run")).length) === 3, { timeout: 5_000, timeoutMsg: "not every column names its run" });
  for (const i of [0, 1, 2]) assert.equal(await textOf($(browser, `${byTestId(`column-${i}`)} ${byTestId("column-run")}`)), `run ${i + 1}`);
  // The spread across the runs: one row for the model, its three runs measured.
  const rows = await browser.$$(byTestId("run-spread-row"));
  assert.equal(rows.length, 1);
  const row = await textOf(rows[0]);
  assert.match(row, /^fast/);
  assert.match(row, /3/);
  assert.match(row, /\d+\.\d/, "a speed with one decimal");
  // The demo model writes the same scripted text every time.
  assert.equal(await textOf($(browser, byTestId("run-spread-alike"))), "identical");
  await bothThemes("decide-runs");
  // Back to one run for the specs that follow (the composer folded when the runs were sent).
  await unfoldComposer(browser);
  await $(browser, byTestId("repeats")).setValue("1");
});
