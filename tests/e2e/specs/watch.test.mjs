// Watching answers (issue 11 § Watch) in the real app, on the built-in demo models and the mock:
// Markdown renders (heading, table, highlighted code; a link asks before leaving); four models at
// different speeds and one failing, one stopped while the others stream; a refusal; sixteen
// columns at 1024×700; maximise with a rail, tabs, the race summary; a column reordered by a drag of
// its grip. Screenshots in both themes.
import assert from "node:assert/strict";
import { after, test } from "node:test";

import { $, ask, byTestId, chooseTheme, clearPicks, finishedColumns, launch, screenshot, textOf, resizeWindow } from "../lib.mjs";

let browser;

after(async () => {
  if (!browser) return;
  // Later specs start from the defaults: columns side by side, no picks, the system theme.
  await browser.setWindowSize(1280, 800).catch(() => {});
  await $(browser, byTestId("layout-columns")).click().catch(() => {});
  await clearPicks(browser).catch(() => {});
  await chooseTheme(browser, "system").catch(() => {});
  await browser.pause(300);
  await browser.deleteSession().catch(() => {});
});

const send = (models, prompt) => ask(browser, models, prompt);

async function bothThemes(name) {
  await chooseTheme(browser, "light");
  await screenshot(browser, `${name}-light`);
  await chooseTheme(browser, "dark");
  await screenshot(browser, `${name}-dark`);
}

test("a Markdown answer: heading, table and highlighted code; a link asks first", { timeout: 120_000 }, async () => {
  browser = await launch();
  await browser.execute(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await send(["demo:markdown"], "Show me some Markdown (e2e watch)");
  assert.deepEqual(await finishedColumns(browser, 1), ["done"]);
  const col = $(browser, byTestId("column-0"));
  assert.equal(await textOf(col.$(".md h2")), "A demo answer in Markdown");
  assert.equal(await browser.execute(() => document.querySelectorAll(".compare [data-testid='column-0'] .md table tr").length), 3, "a table of a header and two rows");
  const code = col.$(byTestId("md-code"));
  await browser.waitUntil(async () => (await code.getAttribute("data-highlighted")) === "true", { timeout: 10_000, timeoutMsg: "the closed code block was not highlighted" });
  assert.equal(await code.getAttribute("data-lang"), "python");
  assert.ok(await browser.execute(() => document.querySelectorAll(".compare .md-code span.hl-keyword").length) > 0, "keywords marked");
  // Drawn in the theme's keyword colour (tokens.css), not the text's.
  const [keyword, text] = await browser.execute(() => [getComputedStyle(document.querySelector(".compare .md-code .hl-keyword")).color, getComputedStyle(document.querySelector(".compare .md-code code")).color]);
  assert.notEqual(keyword, text, "a keyword is coloured");
  assert.equal(await browser.execute(() => document.querySelectorAll(".compare .md-code span[style]").length), 0, "no inline styles: a class per kind of token");
  // Highlighted in the worker, off the page's thread (a built app has no other path).
  assert.equal(await browser.execute(() => window.__parallaxHighlighter?.()), "worker");
  assert.match(await textOf(col.$(".md blockquote")), /sanitized/);
  // Math: an inline formula and a display one drawn by KaTeX, in its own fonts (the CSP lets
  // the app's own fonts load); prices elsewhere in answers stay text (Vitest).
  await browser.waitUntil(
    () => browser.execute(() => document.querySelectorAll(".compare [data-testid='column-0'] [data-testid='md-math'][data-rendered='true']").length === 2),
    { timeout: 10_000, timeoutMsg: "the two formulas were not drawn" },
  );
  const math = await browser.execute(() => {
    const [inline, display] = document.querySelectorAll(".compare [data-testid='column-0'] [data-testid='md-math']");
    return {
      inline: inline.querySelector("annotation")?.textContent,
      inlineIsDisplay: inline.querySelector(".katex-display") !== null,
      display: display.querySelector(".katex-display annotation")?.textContent,
      fraction: display.querySelector(".mfrac") !== null,
      source: document.querySelectorAll(".compare [data-testid='md-math-source']").length,
    };
  });
  assert.deepEqual(math, {
    inline: "c = t_{in} p_{in} + t_{out} p_{out}",
    inlineIsDisplay: false,
    display: "c = \\frac{t_{in}\\,p_{in} + t_{out}\\,p_{out}}{10^6}",
    fraction: true,
    source: 0,
  });
  await browser.waitUntil(
    () => browser.execute(() => [...document.fonts].some((f) => f.family.replace(/"/g, "") === "KaTeX_Main" && f.status === "loaded")),
    { timeout: 10_000, timeoutMsg: "KaTeX's font did not load" },
  );
  await bothThemes("watch-01-markdown");

  // The link does not navigate the webview: a confirmation names the URL.
  await col.$(".md a.md-link").click();
  const url = $(browser, byTestId("link-confirm-url"));
  await url.waitForDisplayed({ timeout: 5_000 });
  assert.equal(await textOf(url), "https://example.com/");
  await screenshot(browser, "watch-02-link-confirm-dark");
  await $(browser, byTestId("link-confirm-cancel")).click();
  await browser.waitUntil(async () => !(await $(browser, byTestId("link-confirm-url")).isExisting()), { timeout: 5_000, timeoutMsg: "the confirmation did not close" });
  assert.match(await browser.execute(() => location.href), /^(tauri|http):\/\/(localhost|tauri\.localhost)/, "still in the app");
  const csp = await browser.execute(() => ({ violations: window.__cspViolations, styles: document.querySelectorAll("style").length }));
  assert.deepEqual(csp, { violations: [], styles: 0 }, "Shiki and the Markdown renderer inject nothing the CSP blocks");
});

test("a hostile answer (script, onerror, javascript: link, terminal escapes) renders as text and runs nothing", { timeout: 60_000 }, async () => {
  await browser.execute(() => {
    window.__pwned = 0;
  });
  // Typed with its provider, so the picker offers it whatever catalog is open.
  await send(["openrouter:mock/hostile"], "Say something hostile (e2e watch)");
  assert.deepEqual(await finishedColumns(browser, 1), ["done"]);
  const col = $(browser, byTestId("column-0"));
  const seen = await browser.execute(() => {
    const md = document.querySelector(".compare [data-testid='column-0'] .md");
    return {
      pwned: window.__pwned,
      scripts: md.querySelectorAll("script").length,
      images: md.querySelectorAll("img").length,
      handlers: Array.from(md.querySelectorAll("*")).filter((e) => Array.from(e.attributes).some((a) => a.name.startsWith("on"))).length,
      jsLinks: Array.from(md.querySelectorAll("a")).filter((a) => (a.getAttribute("href") ?? "").toLowerCase().startsWith("javascript")).length,
      text: md.textContent,
    };
  });
  assert.equal(seen.pwned, 0, "nothing the answer wrote ran");
  assert.deepEqual([seen.scripts, seen.images, seen.handlers, seen.jsLinks], [0, 0, 0, 0]);
  assert.match(seen.text, /<script>window.__pwned=1<\/script>/, "the HTML is shown as text");
  assert.ok(await col.isDisplayed());
  await bothThemes("watch-01b-hostile");
});

test("the window's CSP blocks an inline script and an inline event handler that reach the page", { timeout: 30_000 }, async () => {
  // The renderer never inserts HTML (the test above); this proves the second wall: were some
  // future code to put an answer's markup in the page, the CSP would still run none of it.
  const result = await browser.executeAsync((done) => {
    window.__csp = [];
    window.__ran = 0;
    const seen = (e) => window.__csp.push(e.violatedDirective);
    document.addEventListener("securitypolicyviolation", seen);
    const host = document.querySelector(".compare [data-testid='column-0'] .md") ?? document.body;
    const script = document.createElement("script");
    script.textContent = "window.__ran = 1";
    host.appendChild(script);
    const box = document.createElement("div");
    box.innerHTML = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onerror="window.__ran = 2" onload="window.__ran = 3">';
    host.appendChild(box);
    setTimeout(() => {
      document.removeEventListener("securitypolicyviolation", seen);
      script.remove();
      box.remove();
      done({ ran: window.__ran, blocked: window.__csp });
    }, 500);
  });
  assert.equal(result.ran, 0, "the inline script or handler ran");
  assert.ok(
    result.blocked.filter((d) => d.startsWith("script-src")).length >= 2,
    `the CSP reported both as blocked: ${JSON.stringify(result.blocked)}`,
  );
});

test("four speeds and a failure: all finish, one stopped mid-stream, the failure says what to do", { timeout: 120_000 }, async () => {
  await send(["demo:fast", "demo:medium", "demo:slow", "demo:bad-key"], "Race (e2e watch)");
  // Stop the slow one once it streams, while the others may still be going.
  const slow = $(browser, byTestId("column-2"));
  await browser.waitUntil(async () => (await slow.getAttribute("data-status")) === "streaming" && (await textOf(slow.$(byTestId("answer-text")))).length > 20, {
    timeout: 15_000,
    timeoutMsg: "demo:slow never streamed",
  });
  assert.match(await textOf(slow.$(byTestId("live-speed"))), /tok\/s/, "the live line shows tok/s while streaming");
  await screenshot(browser, "watch-03-streaming-dark");
  await slow.$(byTestId("column-stop")).click();
  const statuses = await finishedColumns(browser, 4, 30_000);
  assert.deepEqual(statuses, ["done", "done", "cancelled", "failed"]);
  assert.ok((await textOf(slow.$(byTestId("answer-text")))).length > 0, "the stopped column keeps its text");
  const err = $(browser, `${byTestId("column-3")} ${byTestId("slot-error")}`);
  assert.equal(await err.getAttribute("data-code"), "unauthorized");
  assert.match(await textOf($(browser, `${byTestId("column-3")} ${byTestId("slot-error-advice")}`)), /key in Settings/);
  // The race: demo:fast answers first; the summary ranks it so.
  assert.equal(await $(browser, byTestId("race-best-ttft")).getAttribute("data-slot"), "0");
  assert.equal(await $(browser, byTestId("race-best-total")).getAttribute("data-slot"), "0");
  await bothThemes("watch-04-race-and-failure");

  // Maximise one: the others on a rail with their status; then tabs; then back.
  // Every column's menu button opens the grid's one menu, drawn at that column's button.
  await $(browser, `${byTestId("column-1")} ${byTestId("column-menu")}`).click();
  await $(browser, byTestId("column-maximise")).waitForDisplayed({ timeout: 5_000 });
  const placed = await browser.execute(() => {
    const button = document.querySelector('[data-testid="column-1"] [data-testid="column-menu"]').getBoundingClientRect();
    const menu = document.querySelector(".menu").getBoundingClientRect();
    return { right: Math.abs(menu.right - button.right), below: menu.top - button.bottom };
  });
  assert.ok(placed.right < 2 && placed.below >= 0 && placed.below < 20, `the menu is under column 1's button, its right edge on the button's: ${JSON.stringify(placed)}`);
  await browser.pause(300); // its fade in
  await screenshot(browser, "watch-04c-column-menu-dark");
  await $(browser, byTestId("column-maximise")).click();
  await $(browser, byTestId("rail")).waitForDisplayed({ timeout: 5_000 });
  assert.equal((await browser.$$(`${byTestId("rail")} .rail-item`)).length, 3);
  await screenshot(browser, "watch-05-maximised-dark");
  await $(browser, byTestId("rail-0")).click();
  assert.equal(await browser.execute(() => document.querySelector(".compare .watch-main .column")?.getAttribute("data-testid")), "column-0");
  await $(browser, byTestId("layout-tabs")).click();
  await $(browser, byTestId("tab-strip")).waitForDisplayed({ timeout: 5_000 });
  await $(browser, byTestId("tab-3")).click();
  assert.equal(await browser.execute(() => document.querySelector(".compare .watch-main .column")?.getAttribute("data-testid")), "column-3");
  await screenshot(browser, "watch-06-tabs-dark");
  await $(browser, byTestId("layout-grid")).click();
  await screenshot(browser, "watch-07-grid-dark");
  await $(browser, byTestId("layout-columns")).click();
  // Reorder by keyboard (the drag handle takes ← →), pin a baseline.
  await $(browser, `${byTestId("column-0")} ${byTestId("column-grip")}`).click();
  await browser.keys(["ArrowRight"]);
  const order = () => browser.execute(() => Array.from(document.querySelectorAll(".compare .column")).map((c) => c.getAttribute("data-testid")));
  assert.deepEqual(await order(), ["column-1", "column-0", "column-2", "column-3"]);
  await $(browser, `${byTestId("column-3")} ${byTestId("column-menu")}`).click();
  await $(browser, byTestId("column-baseline")).click();
  assert.deepEqual((await order())[0], "column-3", "the baseline is pinned first");
  await screenshot(browser, "watch-08-baseline-dark");
});

test("a refusal is shown as refused", { timeout: 60_000 }, async () => {
  await send(["demo:refuses"], "Refuse me (e2e watch)");
  assert.deepEqual(await finishedColumns(browser, 1), ["refused"]);
  assert.equal(await textOf($(browser, `${byTestId("column-0")} ${byTestId("column-status")}`)), "refused");
  assert.match(await textOf($(browser, `${byTestId("column-0")} ${byTestId("slot-outcome")}`)), /declined/);
  await bothThemes("watch-09-refused");
});

test("a streaming answer is followed to its end; scrolled up by the reader, it stays put", { timeout: 90_000 }, async () => {
  // Two columns, so neither is the single centred one; ~8 s of Markdown at 200 tok/s.
  await send(["openrouter:mock/custom@ttft=100,tps=200,tokens=1600,markdown=1", "openrouter:mock/fast"], "Follow me to the end (e2e watch)");
  const place = () =>
    browser.execute(() => {
      const el = document.querySelector(".compare [data-testid='column-0'] .column-body");
      const status = document.querySelector(".compare [data-testid='column-0']")?.getAttribute("data-status");
      return el ? { status, top: el.scrollTop, room: el.scrollHeight - el.clientHeight } : null;
    });
  // Once the answer is well past the column's height, while it still streams: the column shows its end.
  await browser.waitUntil(async () => ((await place())?.room ?? 0) > 600, { timeout: 20_000, timeoutMsg: "the answer did not grow past the column" });
  for (let i = 0; i < 3; i++) {
    const p = await place();
    assert.equal(p.status, "streaming", "still streaming while it is checked");
    // A frame's worth of new text may not be followed yet: within 150 px of the end.
    assert.ok(p.room - p.top < 150, `the column follows the end: scrolled to ${p.top} of ${p.room}`);
    await browser.pause(400);
  }
  await screenshot(browser, "watch-04b-follows-the-end");
  // The reader scrolls up to read: new text no longer moves the column.
  await browser.execute(() => {
    document.querySelector(".compare [data-testid='column-0'] .column-body").scrollTop = 0;
  });
  await browser.pause(1_200);
  const up = await place();
  assert.equal(up.status, "streaming", "still streaming after the reader scrolled up");
  assert.ok(up.top < 5, `the column stayed where the reader put it: ${up.top}`);
  assert.deepEqual(await finishedColumns(browser, 2), ["done", "done"]);
});

test("sixteen columns stream and finish; at 1024×700 and 800×600", { timeout: 180_000 }, async () => {
  const models = Array.from({ length: 16 }, (_, i) => `mock/custom@ttft=50,tps=100,tokens=300,tag=w${i}`);
  await send(models, "Sixteen at once (e2e watch)");
  await browser.pause(1200);
  await screenshot(browser, "watch-10-sixteen-streaming-dark");
  const statuses = await finishedColumns(browser, 16, 60_000);
  assert.ok(statuses.every((s) => s === "done"), JSON.stringify(statuses));
  const { width, height } = await browser.getWindowSize();
  try {
    await resizeWindow(browser, 1024, 700);
    await browser.pause(300);
    await bothThemes("watch-11-sixteen-1024x700");
    await resizeWindow(browser, 800, 600);
    await browser.pause(300);
    await bothThemes("watch-12-sixteen-800x600");
  } finally {
    await resizeWindow(browser, width, height);
    // The window's new size is laid out before the next spec clicks anything (a click during
    // the relayout once landed beside the button it aimed at: CI, seventh session).
    await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
    await browser.pause(300);
  }
});

test("scroll together: scrolling one answer scrolls the others to the same place", async () => {
  const toggle = $(browser, byTestId("scroll-together"));
  await toggle.waitForClickable({ timeout: 5_000 });
  await toggle.click();
  await browser.waitUntil(async () => (await toggle.getAttribute("aria-pressed")) === "true", { timeout: 3_000, timeoutMsg: "the toggle did not turn on" });
  const fractions = () =>
    browser.execute(() =>
      Array.from(document.querySelectorAll(".compare [data-testid='answers'] .column-body"))
        .slice(0, 3)
        .map((el) => el.scrollTop / (el.scrollHeight - el.clientHeight)),
    );
  // A person's scroll of the first answer to half-way (a scroll event from the page, as a wheel makes).
  await browser.execute(() => {
    const el = document.querySelector(".compare [data-testid='column-0'] .column-body");
    el.scrollTop = (el.scrollHeight - el.clientHeight) / 2;
  });
  await browser.waitUntil(async () => (await fractions()).every((f) => Math.abs(f - 0.5) < 0.02), { timeout: 5_000, timeoutMsg: "the other answers did not follow" });
  await screenshot(browser, "watch-13-scroll-together-dark");
  // Off: the others stay where they are.
  await $(browser, byTestId("scroll-together")).click();
  await browser.execute(() => {
    document.querySelector(".compare [data-testid='column-0'] .column-body").scrollTop = 0;
  });
  await browser.pause(300);
  const [first, second] = await fractions();
  assert.equal(first, 0);
  assert.ok(Math.abs(second - 0.5) < 0.02, `the second answer stayed: ${second}`);
});

test("a column dragged by its grip onto another moves there; the others keep their order", async () => {
  await send(["openrouter:mock/fast", "openrouter:mock/medium", "openrouter:mock/slow"], "Reorder us (e2e watch)");
  assert.deepEqual(await finishedColumns(browser, 3), ["done", "done", "done"]);
  const shown = () =>
    browser.execute(() => Array.from(document.querySelectorAll(".compare [data-testid='answers'] [data-testid^='column-'][data-status]")).map((c) => c.querySelector("[data-testid='column-model']").textContent));
  assert.deepEqual(await shown(), ["mock/fast", "mock/medium", "mock/slow"]);
  // The first column made wider from the keyboard (its handle, as a person tabbing to it would).
  const widths = () =>
    browser.execute(() =>
      Object.fromEntries(
        Array.from(document.querySelectorAll(".compare [data-testid='answers'] .col-panel")).map((p) => [p.querySelector("[data-testid='column-model']").textContent, Math.round(p.getBoundingClientRect().width)]),
      ),
    );
  const even = await widths();
  await browser.execute(() => document.querySelector(".compare [data-testid='answers'] .panel-handle").focus());
  await browser.keys(Array(6).fill("ArrowRight"));
  await browser.waitUntil(async () => (await widths())["mock/fast"] > even["mock/fast"] + 40, { timeout: 3_000, timeoutMsg: `the handle did not widen the first column: ${JSON.stringify(await widths())}` });
  const before = await widths();
  // WebKitWebDriver cannot start a native drag (its pointer actions move no HTML5 drag: tried,
  // nothing moves), so the page gets the drag's events as WebKit would send them: the grip's
  // dragstart, the target column's dragover and drop, the grip's dragend.
  const how = await browser.execute(() => {
    const grip = document.querySelector(".compare [data-testid='column-0'] [data-testid='column-grip']");
    const target = document.querySelector(".compare [data-testid='column-2']");
    const dataTransfer = new DataTransfer();
    grip.dispatchEvent(new DragEvent("dragstart", { bubbles: true, cancelable: true, dataTransfer }));
    const over = target.dispatchEvent(new DragEvent("dragover", { bubbles: true, cancelable: true, dataTransfer }));
    target.dispatchEvent(new DragEvent("drop", { bubbles: true, cancelable: true, dataTransfer }));
    grip.dispatchEvent(new DragEvent("dragend", { bubbles: true, dataTransfer }));
    return { data: dataTransfer.getData("text/plain"), dropAllowed: !over };
  });
  assert.deepEqual(how, { data: "0", dropAllowed: true }, "the grip says which column it carries; the column lets it drop");
  await browser.waitUntil(async () => JSON.stringify(await shown()) === JSON.stringify(["mock/medium", "mock/slow", "mock/fast"]), { timeout: 3_000, timeoutMsg: "the dragged column did not move to the drop's place" });
  // Each column kept its width: the wide one is still wide where it landed.
  const after = await widths();
  for (const model of ["mock/fast", "mock/medium", "mock/slow"]) assert.ok(Math.abs(after[model] - before[model]) <= 2, `${model} was ${before[model]} px wide and is ${after[model]} px`);
  await screenshot(browser, "watch-14-dragged-dark");
});
