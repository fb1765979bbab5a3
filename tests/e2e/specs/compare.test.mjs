// The walking skeleton end to end: one prompt, three mock models of different speeds, all
// streaming at once into their own columns; then a restart and the comparison is in History.
import assert from "node:assert/strict";
import { after, test } from "node:test";

import { $, byTestId, clearPicks, columnStatuses, launch, promptField, screenshot, selectModels, textOf } from "../lib.mjs";

const PROMPT = "Explain parallax in one paragraph (e2e compare)";
const MODELS = ["mock/fast", "mock/medium", "mock/slow"];
let browser;

after(async () => {
  await browser?.deleteSession().catch(() => {});
});

test("three models stream side by side, each with its metrics", async () => {
  browser = await launch();
  // Picks are remembered across launches (an earlier spec's may be there).
  await clearPicks(browser);
  await selectModels(browser, MODELS);
  const chips = await browser.$$(byTestId("selected-model"));
  assert.equal(chips.length, 3, "three models selected");
  const prompt = await promptField(browser);
  await prompt.setValue(PROMPT);
  // Before sending: tokens in and what it may cost (mock prices $1/M in, $2/M out, 4,096 max out).
  const estimate = $(browser, byTestId("estimate"));
  await estimate.waitForExist({ timeout: 5_000 });
  assert.match(await textOf(estimate), /^\d+ tokens in · \$0\.0000\d+ · at most \$0\.02\d+$/);
  await screenshot(browser, "01-compare-ready");
  await $(browser, byTestId("send")).click();

  // Poll the columns while they stream and keep every snapshot.
  const snapshots = [];
  const deadline = Date.now() + 30_000;
  let midShot = false;
  for (;;) {
    const s = await columnStatuses(browser);
    snapshots.push(s);
    if (!midShot && s.length === 3 && s[0] === "done" && s[2] !== "done") {
      await screenshot(browser, "02-compare-streaming");
      midShot = true;
    }
    if (s.length === 3 && s.every((x) => x === "done" || x === "failed")) break;
    assert.ok(Date.now() < deadline, `columns did not finish: ${JSON.stringify(s)}`);
    await browser.pause(50);
  }
  assert.ok(
    snapshots.some((s) => s.filter((x) => x === "streaming").length >= 2),
    `at least two columns streamed at the same time: ${JSON.stringify(snapshots.slice(0, 40))}`,
  );
  assert.ok(
    snapshots.some((s) => s[0] === "done" && s[2] !== "done"),
    "the fast column finished while the slow one was still going",
  );
  const final = snapshots.at(-1);
  assert.deepEqual(final, ["done", "done", "done"]);
  await screenshot(browser, "03-compare-done");

  const columns = [];
  for (let i = 0; i < 3; i++) {
    const col = $(browser, byTestId(`column-${i}`));
    const read = (id) => textOf(col.$(byTestId(id)));
    columns.push({
      text: await read("answer-text"),
      ttft: await read("metric-ttft"),
      total: await read("metric-total"),
      tokens: await read("metric-tokens"),
      cost: await read("metric-cost"),
      speed: await read("metric-speed"),
    });
  }
  for (const [i, c] of columns.entries()) {
    assert.match(c.text, /^Parallax streams every answer/, `column ${i} shows the answer`);
    assert.match(c.ttft, /^\d+ ms$|^\d+\.\d+ s$/, `column ${i} TTFT: ${c.ttft}`);
    assert.match(c.total, /\d/, `column ${i} total: ${c.total}`);
    assert.equal(c.tokens, "7 / 60", `column ${i} tokens in/out`);
    // Billed by the mock's OpenRouter face: 7 in × $1/M + 60 out × $2/M = $0.000127.
    assert.equal(c.cost, "$0.000127", `column ${i} cost`);
    assert.match(c.speed, /^\d+\.\d$/, `column ${i} tok/s: ${c.speed}`);
  }
  // Scripted at 200, 60 and 25 tok/s; one token per event, so the first-chunk correction makes
  // each exact in principle. Loose bounds for a loaded machine; the order must hold.
  const speeds = columns.map((c) => parseFloat(c.speed));
  assert.ok(speeds[0] > speeds[1] && speeds[1] > speeds[2], `faster models read faster: ${speeds}`);
  assert.ok(speeds[2] > 15 && speeds[2] < 35, `slow ≈ 25 tok/s: ${speeds[2]}`);
  const ms = (t) => (t.endsWith(" s") ? parseFloat(t) * 1000 : parseFloat(t));
  assert.ok(ms(columns[0].ttft) < ms(columns[2].ttft), "the fast model's first token came first");
  assert.ok(ms(columns[2].ttft) >= 1200, `slow TTFT is at least the injected 1.2 s: ${columns[2].ttft}`);
  assert.ok(ms(columns[0].total) < ms(columns[1].total) && ms(columns[1].total) < ms(columns[2].total), "totals are ordered by speed");
});

test("a follow-up continues only the chosen answer", async () => {
  await $(browser, byTestId("follow-up-input")).setValue("Shorter, please (e2e follow-up)");
  await $(browser, `${byTestId("column-0")} ${byTestId("column-continue")}`).click();
  // The old run's columns are "done" too: wait until the follow-up run is the one on screen
  // (one visible column, its prompt says Follow-up) and that column has finished.
  const visibleStatuses = () =>
    browser.execute(() =>
      Array.from(document.querySelectorAll(".compare .column")).map((c) => c.getAttribute("data-status")),
    );
  await browser.waitUntil(
    async () => {
      const prompt = await browser.execute(
        () => document.querySelector("[data-testid='run-prompt']")?.textContent ?? "",
      );
      const s = await visibleStatuses();
      return /Follow-up/.test(prompt) && s.length === 1 && s[0] !== "streaming" && s[0] !== "pending";
    },
    { timeout: 15_000, timeoutMsg: "the follow-up did not finish" },
  );
  assert.deepEqual(await visibleStatuses(), ["done"], "only the winner was continued");
  assert.match(await textOf($(browser, byTestId("run-prompt"))), /Follow-up\s+Shorter, please/);
  // The column is a thread: the first question, mock/fast's own answer, the follow-up; then the
  // new answer. The composer is folded to the follow-up's line meanwhile.
  const turns = await browser.execute(() =>
    Array.from(document.querySelectorAll(".compare [data-testid='thread'] > li")).map((li) => [
      li.getAttribute("data-testid"),
      li.querySelector(".turn-who")?.textContent ?? "",
      (li.textContent ?? "").slice(0, 60),
    ]),
  );
  assert.deepEqual(
    turns.map(([kind, who]) => [kind, who]),
    [["turn-user", "You"], ["turn-assistant", "mock/fast"], ["turn-user", "You"]],
  );
  assert.match(turns[0][2], /Explain parallax in one paragraph \(e2e compare\)/);
  assert.match(turns[1][2], /Parallax streams every answer/);
  assert.match(turns[2][2], /Shorter, please \(e2e follow-up\)/);
  assert.match(await textOf($(browser, byTestId("folded-composer"))), /Shorter, please \(e2e follow-up\)/);
  await screenshot(browser, "03b-follow-up");
});

test("after a restart the comparison is in History and opens", async () => {
  await browser.deleteSession();
  browser = await launch();
  await $(browser, byTestId("tab-history")).click();
  await $(browser, byTestId("history-item")).waitForDisplayed({ timeout: 10_000 });
  // The follow-up is newer; find the original by its title.
  const items = await browser.$$(byTestId("history-item"));
  let first = null;
  for (const item of items) {
    if ((await item.getProperty("textContent")).includes("(e2e compare)")) first = item;
  }
  assert.ok(first, "the comparison is listed");
  const summary = await first.getProperty("textContent");
  assert.match(summary, /Explain parallax in one paragraph \(e2e compare\)/);
  assert.match(summary, /mock\/fast, mock\/medium, mock\/slow/);
  assert.match(summary, /\(e2e compare\)\$0\.000381/, "the total cost beside the title: 3 × (7 in × \$1/M + 60 out × \$2/M)");
  assert.match(summary, /· 3 answers/);
  await first.click();
  await $(browser, byTestId("history-prompt")).waitForDisplayed();
  const statuses = await columnStatuses(browser);
  // Both the compare view (hidden, empty) and history may hold columns; history's are visible.
  assert.deepEqual(statuses.slice(-3), ["done", "done", "done"]);
  const text = await browser.execute(() => {
    const cols = Array.from(document.querySelectorAll(".history-detail [data-testid='answer-text']"));
    return cols.map((c) => c.textContent ?? "");
  });
  assert.equal(text.length, 3);
  assert.ok(text.every((t) => t.startsWith("Parallax streams every answer")), "saved answers are shown");
  await screenshot(browser, "04-history-after-restart");

  // Full-text search finds answers by their words and highlights them.
  await $(browser, byTestId("history-search")).setValue("guessing");
  const hit = $(browser, byTestId("search-hit"));
  await hit.waitForExist({ timeout: 5_000 });
  assert.match(await hit.getProperty("innerHTML"), /<mark>guessing<\/mark>/, "the matched word is highlighted");
  await screenshot(browser, "04b-history-search");
});
