// A long answer in the real window (issue 11): drawn in chunks, the ones far from the view left
// out of the page (markdown/Chunks.tsx) and drawn again as the reader scrolls back to them, with
// the text where it was. The mock writes ~2,000 tokens of Markdown (headings, lists, tables, code).
import assert from "node:assert/strict";
import { after, test } from "node:test";

import { $, ask, byTestId, chooseTheme, clearPicks, finishedColumns, launch, screenshot } from "../lib.mjs";

let browser;

after(async () => {
  await chooseTheme(browser, "system").catch(() => {});
  await clearPicks(browser).catch(() => {});
  await browser?.deleteSession().catch(() => {});
});

/** The first column's scroll box and what of its answer is in the page. */
const state = () =>
  browser.execute(() => {
    const box = document.querySelector(".compare [data-testid='column-0'] .column-body");
    const chunks = Array.from(box.querySelectorAll(".md-chunk"));
    const top = box.getBoundingClientRect().top;
    return {
      scrollTop: box.scrollTop,
      max: box.scrollHeight - box.clientHeight,
      chunks: chunks.length,
      hidden: chunks.filter((c) => c.style.height !== "").length,
      // A chunk on screen that is empty would be a blank band where text should be.
      blankInView: chunks.filter((c) => { const r = c.getBoundingClientRect(); return r.bottom > top && r.top < top + box.clientHeight && c.childElementCount === 0; }).length,
      headings: Array.from(box.querySelectorAll(".md h2"), (h) => h.textContent),
    };
  });

test("a long answer keeps only what is near the view in the page, and scrolling back shows it again", { timeout: 120_000 }, async () => {
  browser = await launch();
  await ask(browser, ["openrouter:mock/custom@ttft=50,tps=2000,tokens=2000,markdown=1"], "A long answer (e2e chunks)");
  assert.deepEqual(await finishedColumns(browser, 1, 60_000), ["done"]);
  // Read to the end (where a streaming column leaves its reader): a text that came faster than
  // it is drawn goes on being drawn a slice a frame while its end is near the view.
  await browser.waitUntil(
    () =>
      browser.execute(() => {
        const b = document.querySelector(".compare [data-testid='column-0'] .column-body");
        b.scrollTop = b.scrollHeight;
        return !b.querySelector(".md-more");
      }),
    { timeout: 10_000, timeoutMsg: "the answer was not drawn to its end" },
  );
  await browser.waitUntil(async () => (await state()).hidden > 0, { timeout: 5_000, timeoutMsg: "no chunk far above the view was left out" });
  const atEnd = await state();
  assert.ok(atEnd.chunks >= 5, `chunks: ${atEnd.chunks}`);
  assert.equal(atEnd.blankInView, 0, "a chunk in view is empty");
  for (const t of ["light", "dark"]) {
    await chooseTheme(browser, t);
    await screenshot(browser, `long-answer-01-end-${t}`);
  }
  // Back to the top: the first section is drawn again, nothing in view is blank, and the column
  // is as tall as it was (a hidden chunk keeps its height).
  await browser.execute(() => { document.querySelector(".compare [data-testid='column-0'] .column-body").scrollTop = 0; });
  await browser.waitUntil(async () => (await state()).headings.length > 0 && (await state()).blankInView === 0, { timeout: 5_000, timeoutMsg: "the top of the answer was not drawn again" });
  const atTop = await state();
  assert.equal(atTop.scrollTop, 0);
  assert.ok(atTop.hidden > 0, "chunks far below the view are left out in turn");
  assert.ok(Math.abs(atTop.max - atEnd.max) < 2, `the column's height moved: ${atEnd.max} → ${atTop.max}`);
  assert.equal(atTop.headings[0], "Comparing two answers");
  for (const t of ["light", "dark"]) {
    await chooseTheme(browser, t);
    await screenshot(browser, `long-answer-02-top-${t}`);
  }
  assert.ok(await $(browser, byTestId("column-0")).isDisplayed());
});
