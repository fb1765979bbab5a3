// The app's house: five rooms reached by mouse, by Ctrl+1…5 and by the command palette; the
// palette finds a view, an action and a model; theme and sidebar survive a restart; a run keeps
// streaming while History is open. Screenshots of every room in light and dark.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { after, test } from "node:test";

import { $, ask, byTestId, clearPicks, columnStatuses, finishedColumns, currentPath, launch, promptField, screenshot, selectModels, textOf, theme, resizeWindow } from "../lib.mjs";

const ROOMS = [
  { tab: "tab-compare", view: "compare-view", path: "/compare", key: "1" },
  { tab: "tab-prices", view: "prices-view", path: "/prices", key: "2" },
  { tab: "tab-history", view: "history-list", path: "/history", key: "3" },
  { tab: "tab-analytics", view: "analytics-view", path: "/analytics", key: "4" },
  { tab: "tab-settings", view: "settings-providers", path: "/settings/providers", key: "5" },
];
let browser;

after(async () => {
  if (browser) {
    // Later specs start from the defaults: the system theme, the sidebar open, no picks.
    await browser.execute(() => document.activeElement?.blur());
    await resetPreferences().catch(() => {});
    await browser.deleteSession().catch(() => {});
  }
});

async function resetPreferences() {
  await $(browser, byTestId("tab-settings")).click();
  await $(browser, byTestId("settings-section-appearance")).click();
  await $(browser, byTestId("appearance-theme-system")).click();
  const collapsed = $(browser, byTestId("appearance-sidebar"));
  if (await collapsed.isSelected()) await collapsed.click();
  await $(browser, byTestId("tab-compare")).click();
  await clearPicks(browser);
  await browser.pause(300);
}

/** History has drawn its list (its items, or the words for none). */
async function historyLoaded() {
  await browser.waitUntil(async () => (await $(browser, byTestId("history-item")).isExisting()) || (await $(browser, byTestId("history-empty")).isExisting()), {
    timeout: 10_000,
    timeoutMsg: "History did not load",
  });
}

async function openRoom(room) {
  await $(browser, byTestId(room.tab)).click();
  await $(browser, byTestId(room.view)).waitForDisplayed({ timeout: 10_000 });
  assert.equal(await currentPath(browser), room.path);
}

async function palette(query) {
  await browser.keys(["Control", "k"]);
  const input = $(browser, byTestId("palette-input"));
  await input.waitForDisplayed({ timeout: 5_000 });
  await input.setValue(query);
  return input;
}

async function paletteClosed() {
  await browser.waitUntil(async () => !(await $(browser, byTestId("palette")).isExisting()), { timeout: 5_000, timeoutMsg: "the palette did not close" });
}

/** Starts recording CSP violations (the CSP allows no injected <style>, no inline style attribute in HTML). */
function watchCsp() {
  return browser.execute(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
}

/** Nothing was blocked since watchCsp, and no library put a <style> element in the page. */
async function assertCspClean(when) {
  const { violations, styles } = await browser.execute(() => ({
    violations: window.__cspViolations ?? ["not watched"],
    styles: document.querySelectorAll("style").length,
  }));
  assert.deepEqual(violations, [], `CSP violations ${when}`);
  assert.equal(styles, 0, `<style> elements ${when}`);
}

test("every room by mouse, in the light theme", async () => {
  browser = await launch();
  await watchCsp();
  // History needs a comparison to open; this spec makes its own rather than count on an
  // earlier spec's (run alone, it found none).
  await ask(browser, ["openrouter:mock/fast"], "A comparison for History to open (e2e house)");
  await finishedColumns(browser, 1);
  await $(browser, byTestId("theme-menu")).click();
  await $(browser, byTestId("theme-light")).click();
  assert.deepEqual(await theme(browser), { shown: "light", chosen: "light" });
  for (const [i, room] of ROOMS.entries()) {
    await openRoom(room);
    if (room.tab === "tab-history") await historyLoaded();
    await screenshot(browser, `house-0${i + 1}-${room.tab.slice(4)}-light`);
  }
  // A saved comparison opens in History by its URL.
  await openRoom(ROOMS[2]);
  await $(browser, byTestId("history-item")).click();
  await $(browser, byTestId("history-prompt")).waitForDisplayed();
  assert.match(await currentPath(browser), /^\/history\/[0-9A-Za-z-]+$/);
  await screenshot(browser, "house-03b-history-open-light");
  await assertCspClean("in every room");
});

test("every room by Ctrl+1…5", async () => {
  await browser.execute(() => document.activeElement?.blur());
  for (const room of [...ROOMS].reverse()) {
    await browser.keys(["Control", room.key]);
    await $(browser, byTestId(room.view)).waitForDisplayed({ timeout: 5_000 });
    assert.equal(await currentPath(browser), room.path, `Ctrl+${room.key}`);
    const active = await $(browser, byTestId(room.tab)).getAttribute("aria-current");
    assert.equal(active, "page", `${room.tab} is marked as the current room`);
  }
});

test("the palette finds a view, an action and a model, and does each", async () => {
  // A view: typed with a typo, chosen with Enter.
  await palette("analytcs");
  await $(browser, byTestId("palette-cmd-go-analytics")).waitForDisplayed();
  await screenshot(browser, "house-06-palette-view-light");
  await browser.keys(["Enter"]);
  await paletteClosed();
  await $(browser, byTestId("analytics-view")).waitForDisplayed();
  assert.equal(await currentPath(browser), "/analytics");

  // An action: the cheat sheet, which lists the same keys the handlers use.
  await palette("keyboard shortcuts");
  await $(browser, byTestId("palette-cmd-cheatsheet")).click();
  const sheet = $(browser, byTestId("cheatsheet"));
  await sheet.waitForDisplayed({ timeout: 5_000 });
  assert.match(await textOf($(browser, byTestId("shortcut-go-history"))), /History\s*Ctrl\s*3/);
  await screenshot(browser, "house-07-cheatsheet-light");
  await browser.keys(["Escape"]);
  await browser.waitUntil(async () => !(await sheet.isExisting()), { timeout: 5_000, timeoutMsg: "Esc did not close the cheat sheet" });
  // `?` opens it too, when not typing.
  await browser.keys(["?"]);
  await $(browser, byTestId("cheatsheet")).waitForDisplayed({ timeout: 5_000 });
  await browser.keys(["Escape"]);

  // A model from the mock's OpenRouter catalog: added to Compare's picks, Compare opens.
  await $(browser, byTestId("tab-compare")).click();
  await clearPicks(browser);
  await $(browser, byTestId("tab-history")).click();
  await palette("mock slow");
  const model = $(browser, byTestId("palette-model-mock/slow"));
  await model.waitForDisplayed({ timeout: 10_000 });
  await screenshot(browser, "house-08-palette-model-light");
  await model.click();
  await paletteClosed();
  await $(browser, byTestId("compare-view")).waitForDisplayed();
  const chips = await browser.execute(() => Array.from(document.querySelectorAll("[data-testid='selected-model']")).map((c) => c.textContent));
  assert.deepEqual(chips, ["mock/slow"]);
});

test("a comparison keeps streaming while History is open", async () => {
  await selectModels(browser, ["mock/fast"]);
  await (await promptField(browser)).setValue("Keep streaming while I read History (e2e house)");
  await $(browser, byTestId("send")).click();
  // mock/slow: 1.2 s to its first token, then 60 tokens at 25 tok/s (~3.6 s in all).
  await browser.waitUntil(async () => (await columnStatuses(browser)).length === 2, { timeout: 10_000 });
  await $(browser, byTestId("tab-history")).click();
  await $(browser, byTestId("history-list")).waitForDisplayed();
  assert.equal((await columnStatuses(browser)).length, 0, "no answer column is on screen in History");
  assert.ok(await $(browser, byTestId("running-indicator")).isExisting(), "the sidebar says a comparison is running");
  await screenshot(browser, "house-09-history-while-streaming-light");
  // It ends while History is shown: the indicator goes, a toast says so, History lists it.
  await browser.waitUntil(async () => !(await $(browser, byTestId("running-indicator")).isExisting()), {
    timeout: 20_000,
    timeoutMsg: "the run did not finish while History was open",
  });
  await browser.waitUntil(async () => (await textOf($(browser, byTestId("history-item")))).includes("(e2e house)"), {
    timeout: 10_000,
    timeoutMsg: "History did not list the finished run",
  });
  const toast = $(browser, "[data-sonner-toast]");
  await toast.waitForDisplayed({ timeout: 5_000 });
  assert.match(await textOf(toast), /Comparison finished: Keep streaming while I read History/);
  // Styled by sonner's stylesheet (a file; the CSP would block an injected <style>).
  assert.equal(await browser.execute(() => getComputedStyle(document.querySelector("[data-sonner-toaster]")).position), "fixed");
  await screenshot(browser, "house-10-run-finished-toast-light");
  await assertCspClean("after the palette, the cheat sheet, tooltips, a menu and a toast");

  // The toast's Open goes back to the run.
  await toast.$("button=Open").click();
  await $(browser, byTestId("compare-view")).waitForDisplayed();
  await browser.waitUntil(async () => (await columnStatuses(browser)).length === 2, { timeout: 5_000 });
  assert.deepEqual(await columnStatuses(browser), ["done", "done"]);
  const texts = await browser.execute(() => Array.from(document.querySelectorAll(".compare [data-testid='answer-text']")).map((t) => t.textContent));
  assert.equal(texts.length, 2);
  for (const t of texts) assert.match(t, /^Parallax streams every answer side by side/);
  await screenshot(browser, "house-11-compare-2-columns-light");
});

test("one column, and five, and a small window", async () => {
  await clearPicks(browser);
  await selectModels(browser, ["mock/fast"]);
  await (await promptField(browser)).setValue("One model (e2e house)");
  await $(browser, byTestId("send")).click();
  await browser.waitUntil(async () => (await columnStatuses(browser)).join() === "done", { timeout: 15_000 });
  await screenshot(browser, "house-12-compare-1-column-light");

  await selectModels(browser, ["mock/medium", "mock/thinker", "mock/no-cost", "mock/byok"]);
  await $(browser, byTestId("send")).click();
  await browser.waitUntil(async () => {
    const s = await columnStatuses(browser);
    return s.length === 5 && s.every((x) => x === "done");
  }, { timeout: 20_000, timeoutMsg: "five columns did not finish" });
  await screenshot(browser, "house-13-compare-5-columns-light");

  const { width, height } = await browser.getWindowSize();
  try {
    await resizeWindow(browser, 760, 520);
    await browser.pause(300);
    await screenshot(browser, "house-14-compare-small-window-light");
    await openRoom(ROOMS[2]);
    await screenshot(browser, "house-15-history-small-window-light");
  } finally {
    await resizeWindow(browser, width, height);
  }
});

test("dark theme and a collapsed sidebar, kept across a restart", async () => {
  await $(browser, byTestId("theme-menu")).click();
  await $(browser, byTestId("theme-dark")).click();
  assert.deepEqual(await theme(browser), { shown: "dark", chosen: "dark" });
  for (const [i, room] of ROOMS.entries()) {
    await openRoom(room);
    if (room.tab === "tab-history") await historyLoaded();
    await screenshot(browser, `house-2${i + 1}-${room.tab.slice(4)}-dark`);
  }
  await openRoom(ROOMS[0]);
  await palette("theme");
  await screenshot(browser, "house-26-palette-dark");
  await browser.keys(["Escape"]);
  await paletteClosed();

  // Ctrl+B collapses the sidebar to icons.
  await browser.execute(() => document.activeElement?.blur());
  await browser.keys(["Control", "b"]);
  await browser.waitUntil(async () => (await $(browser, byTestId("sidebar")).getAttribute("data-collapsed")) === "true", { timeout: 5_000 });
  await $(browser, byTestId("tab-history")).moveTo();
  await browser.pause(700);
  await screenshot(browser, "house-27-sidebar-collapsed-dark");

  await browser.deleteSession();
  browser = await launch();
  assert.deepEqual(await theme(browser), { shown: "dark", chosen: "dark" }, "the theme survived the restart");
  assert.equal(await $(browser, byTestId("sidebar")).getAttribute("data-collapsed"), "true", "the sidebar stayed collapsed");
  // The picks survived too (they are preferences now).
  assert.equal((await browser.$$(byTestId("selected-model"))).length, 5);
  await screenshot(browser, "house-28-after-restart-dark");
  await browser.keys(["Control", "b"]);
  await browser.waitUntil(async () => (await $(browser, byTestId("sidebar")).getAttribute("data-collapsed")) === "false", { timeout: 5_000 });
});

test("Settings → Appearance says how the window is drawn, and what changes it", async () => {
  // What the shell should have chosen (src-tauri/src/rendering.rs), read independently: run.sh
  // sets PARALLAX_RENDERING=gpu for the suite (screenshots need compositing); the machine's render
  // nodes say whether a GPU is there. specs/rendering.test.mjs checks the default (auto).
  const asked = process.env.PARALLAX_RENDERING ?? "auto";
  assert.equal(process.env.WEBKIT_DISABLE_COMPOSITING_MODE ?? "", "", "the suite runs with WEBKIT_DISABLE_COMPOSITING_MODE unset");
  let gpu = false;
  try {
    gpu = readdirSync("/dev/dri").some((n) => n.startsWith("renderD"));
  } catch {}
  const expected = asked === "software" ? "software_chosen" : gpu ? "gpu" : asked === "gpu" ? "gpu_chosen" : "software_no_gpu";
  const words = {
    gpu: /With GPU compositing \(WebKit's default\)[\s\S]*PARALLAX_RENDERING=software/,
    gpu_chosen: /With GPU compositing, as chosen, though no GPU was found[\s\S]*PARALLAX_RENDERING=gpu is set/,
    software_chosen: /Without GPU compositing, as chosen/,
    software_no_gpu: /no GPU was found[\s\S]*PARALLAX_RENDERING=gpu/,
  };
  await $(browser, byTestId("tab-settings")).click();
  await $(browser, byTestId("settings-section-appearance")).click();
  const card = $(browser, byTestId("appearance-rendering"));
  await card.waitForDisplayed({ timeout: 5_000 });
  assert.equal(await card.getAttribute("data-rendering"), expected);
  assert.match(await textOf(card), words[expected]);
  await browser.execute(() => document.querySelector("[data-testid='appearance-rendering']").scrollIntoView());
  await screenshot(browser, "house-29-appearance-drawing-dark");
  await $(browser, byTestId("appearance-theme-light")).click();
  await browser.pause(300);
  await screenshot(browser, "house-29-appearance-drawing-light");
});
