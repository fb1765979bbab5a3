// A long answer (issue 14: a megabyte used to freeze the window for seconds). A 1 MB answer that
// arrives in one chunk finishes with the column drawn; opened from History, its top is shown at
// once and the rest is drawn as the reader scrolls towards it, until every word is on screen.
// The text is the mock's stock words: one paragraph that never ends, drawn as block runs.
import assert from "node:assert/strict";
import { after, test } from "node:test";

import { $, ask, byTestId, clearPicks, finishedColumns, invoke, launch, screenshot } from "../lib.mjs";

let browser;

after(async () => {
  await clearPicks(browser).catch(() => {});
  await browser?.deleteSession().catch(() => {});
});

const words = (t) => t.split(/\s+/).filter(Boolean).length;

test("a 1 MB answer streams, opens from History at once and is drawn as the reader scrolls", { timeout: 240_000 }, async () => {
  browser = await launch();
  await ask(browser, ["openrouter:mock/custom@tokens=170000,chunk=170000,tps=10000000,ttft=50"], "One very long answer (e2e)");
  assert.deepEqual(await finishedColumns(browser, 1, 180_000), ["done"]);

  await $(browser, byTestId("tab-history")).click();
  const item = $(browser, byTestId("history-item"));
  await item.waitForDisplayed({ timeout: 15_000 });
  const id = await item.getAttribute("data-id");
  const saved = await invoke(browser, "get_comparison", { id });
  const text = saved.slots[0].text;
  assert.ok(text.length > 900_000, `the answer is about a megabyte (${text.length})`);
  await item.click();
  await $(browser, ".history-detail [data-testid='column-0']").waitForDisplayed({ timeout: 30_000 });
  // At once: the top, not the megabyte; the rest waits below the fold.
  const first = await browser.execute(() => ({
    drawn: document.querySelector(".history-detail .md").textContent.length,
    more: !!document.querySelector(".history-detail .md-more"),
  }));
  assert.ok(first.drawn > 0 && first.drawn < 200_000, `drawn at first: ${first.drawn}`);
  assert.ok(first.more, "the rest is drawn later");
  await screenshot(browser, "long-answer-01-opened");
  // Scrolling to the end draws the rest, until every word is there.
  await browser.waitUntil(
    async () =>
      browser.execute(() => {
        const body = document.querySelector(".history-detail .column-body");
        body.scrollTop = body.scrollHeight;
        return !document.querySelector(".history-detail .md-more");
      }),
    { timeout: 120_000, interval: 100, timeoutMsg: "the end of the answer was never drawn" },
  );
  const drawn = await browser.execute(() => document.querySelector(".history-detail .md").textContent);
  assert.equal(words(drawn), words(text), "every word of the answer is on screen");
  await screenshot(browser, "long-answer-02-end");
});
