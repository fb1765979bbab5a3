// A long answer in the real window (issue 11): drawn in chunks, the ones far from the view left
// out of the page (markdown/Chunks.tsx) and drawn again as the reader scrolls back to them, with
// the text where it was. The mock writes ~2,000 tokens of Markdown (headings, lists, tables, code).
import assert from "node:assert/strict";
import { after, test } from "node:test";

import { $, ask, byTestId, chooseTheme, clearPicks, finishedColumns, launch, screenshot, resizeWindow } from "../lib.mjs";

let browser;

after(async () => {
  await browser?.setWindowSize(1280, 800).catch(() => {});
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
  // The spacing above a heading is its own top margin wherever it falls, at a chunk's start as
  // inside one (a chunk is a flow root: margins do not collapse across its edge by themselves).
  const above = await browser.execute(() => {
    const box = document.querySelector(".compare [data-testid='column-0'] .column-body");
    return Array.from(box.querySelectorAll(".md-chunk > h2, .md-chunk > h3, .md-chunk > hr"), (h) => {
      const chunk = h.parentElement;
      const atStart = h === chunk.firstElementChild;
      const prev = atStart ? chunk.previousElementSibling?.lastElementChild : h.previousElementSibling;
      if (!prev) return null;
      return { atStart, gap: h.getBoundingClientRect().top - prev.getBoundingClientRect().bottom, margin: parseFloat(getComputedStyle(h).marginTop) };
    }).filter(Boolean);
  });
  assert.ok(above.length > 0, "no heading drawn after another block");
  for (const a of above) assert.ok(Math.abs(a.gap - a.margin) <= 1, `the room above a heading is not its margin: ${JSON.stringify(above)}`);
  assert.ok(above.some((a) => a.atStart), `no heading at a chunk's start to check (the mock's answer decides where chunks fall): ${JSON.stringify(above)}`);
  for (const t of ["light", "dark"]) {
    await chooseTheme(browser, t);
    await screenshot(browser, `long-answer-02-top-${t}`);
  }
  assert.ok(await $(browser, byTestId("column-0")).isDisplayed());
});

/** Every column's answer: chunks in the page, hidden ones, and empty chunks in its view. */
const columns = () =>
  browser.execute(() =>
    Array.from(document.querySelectorAll(".compare [data-testid^='column-'] .column-body"), (box) => {
      const chunks = Array.from(box.querySelectorAll(".md-chunk"));
      const top = box.getBoundingClientRect().top;
      return {
        chunks: chunks.length,
        hidden: chunks.filter((c) => c.style.height !== "").length,
        blankInView: chunks.filter((c) => { const r = c.getBoundingClientRect(); return r.bottom > top && r.top < top + box.clientHeight && c.childElementCount === 0; }).length,
        more: !!box.querySelector(".md-more"),
      };
    }),
  );

test("four long answers side by side, and in a small window: each column reads to its end with nothing blank in view", { timeout: 180_000 }, async () => {
  await chooseTheme(browser, "light");
  await clearPicks(browser);
  const models = [1, 2, 3, 4].map((i) => `openrouter:mock/custom@ttft=50,tps=1000,tokens=2000,markdown=1,tag=long4-${i}`);
  await ask(browser, models, "Four long answers (e2e chunks)");
  assert.deepEqual(await finishedColumns(browser, 4, 90_000), ["done", "done", "done", "done"]);
  const toEnds = () =>
    browser.execute(() => {
      for (const b of document.querySelectorAll(".compare [data-testid^='column-'] .column-body")) b.scrollTop = b.scrollHeight;
    });
  await browser.waitUntil(async () => { await toEnds(); return (await columns()).every((c) => !c.more && c.hidden > 0); }, { timeout: 20_000, timeoutMsg: `not every column was drawn to its end with far chunks left out: ${JSON.stringify(await columns())}` });
  const wide = await columns();
  assert.equal(wide.length, 4);
  assert.deepEqual(wide.map((c) => c.blankInView), [0, 0, 0, 0], "a chunk in a column's view is empty");
  for (const t of ["light", "dark"]) {
    await chooseTheme(browser, t);
    await screenshot(browser, `long-answer-03-four-${t}`);
  }
  // A small window: the columns narrow, their chunks grow taller; still nothing blank in view,
  // at the end and back at the top.
  await resizeWindow(browser, 800, 600);
  await browser.waitUntil(() => browser.execute(() => innerWidth <= 800), { timeout: 5_000 });
  await browser.waitUntil(async () => { await toEnds(); return (await columns()).every((c) => c.blankInView === 0 && !c.more); }, { timeout: 10_000, timeoutMsg: `after narrowing the window: ${JSON.stringify(await columns())}` });
  for (const t of ["light", "dark"]) {
    await chooseTheme(browser, t);
    await screenshot(browser, `long-answer-04-small-end-${t}`);
  }
  // In a window this short the figures go one line each (label beside value): each column's
  // answer keeps at least twice the height of its figures (label over value, they took ~120 px
  // of a ~200 px answer), and no figure is cut.
  const room = await browser.execute(() =>
    Array.from(document.querySelectorAll(".compare .column-body"), (body) => body.closest(".column")).map((col) => ({
      answer: col.querySelector(".column-body").getBoundingClientRect().height,
      figures: col.querySelector(".metrics").getBoundingClientRect().height,
      cut: Array.from(col.querySelectorAll(".metrics .metric"), (m) => m.scrollWidth > m.clientWidth + 1 || [...m.children].some((c) => c.scrollWidth > c.clientWidth + 1)).filter(Boolean).length,
    })),
  );
  for (const c of room) {
    assert.ok(c.answer >= 2 * c.figures, `the figures take the answer's room: ${JSON.stringify(room)}`);
    assert.equal(c.cut, 0, `a figure is cut: ${JSON.stringify(room)}`);
  }
  await browser.execute(() => {
    for (const b of document.querySelectorAll(".compare [data-testid^='column-'] .column-body")) b.scrollTop = 0;
  });
  await browser.waitUntil(async () => (await columns()).every((c) => c.blankInView === 0), { timeout: 10_000, timeoutMsg: `back at the top in a small window: ${JSON.stringify(await columns())}` });
  for (const t of ["light", "dark"]) {
    await chooseTheme(browser, t);
    await screenshot(browser, `long-answer-05-small-top-${t}`);
  }
});
