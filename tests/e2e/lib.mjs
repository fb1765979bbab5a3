// Shared helpers for the end-to-end specs: one WebDriver session = one launch of the real app
// binary through tauri-driver (see run.sh, which starts Xvfb, the mock provider and the driver).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { remote } from "webdriverio";

export const APP_BIN = required("APP_BIN");
export const SCREENSHOT_DIR = required("SCREENSHOT_DIR");
mkdirSync(SCREENSHOT_DIR, { recursive: true });

function required(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set; run the suite through tests/e2e/run.sh (make e2e)`);
  return v;
}

/**
 * Launches the app and waits until React has rendered. `args` go to the app's command line
 * (e.g. `["--memory-keychain"]`: keys live in the app's memory, for a machine without a keychain).
 * `fresh`: through run.sh's second driver — a person's first start: an empty data directory
 * (FRESH_DATA_DIR), no key, no cloud provider reachable, an Ollama face on a local port.
 * `seeded`: through run.sh's third driver — a history of 10,000 made-up comparisons
 * (`parallax db seed`, SEEDED_DATA_DIR; wait for it with `waitForSeed`).
 */
export async function launch({ args = [], fresh = false, seeded = false } = {}) {
  const port = seeded ? process.env.TAURI_DRIVER_SEEDED_PORT : fresh ? process.env.TAURI_DRIVER_FRESH_PORT : process.env.TAURI_DRIVER_PORT;
  const browser = await remote({
    hostname: "127.0.0.1",
    port: Number(port || 4444),
    logLevel: "warn",
    connectionRetryTimeout: 60_000,
    capabilities: {
      // WebKitWebDriver does not speak BiDi; without this WDIO asks for it and fails.
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: APP_BIN, args },
    },
  });
  await $(browser, '[data-testid="tab-compare"]').waitForDisplayed({ timeout: 20_000 });
  return browser;
}

export function $(browser, selector) {
  return browser.$(selector);
}

export const byTestId = (id) => `[data-testid="${id}"]`;

/**
 * Saves a screenshot named after the step and returns its path. Waits for two animation frames
 * first: WebKitWebDriver can otherwise hand back the last frame painted before the latest DOM
 * change (seen once: a screenshot of the first frame after the spec had clicked another tab).
 */
export async function screenshot(browser, name) {
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  // Once in CI (1 of ~80 specs, not reproduced in six runs alone), WebKitWebDriver never
  // answered a screenshot request, though the page had just drawn two frames. A screenshot is
  // the suite's evidence, not what a spec asserts: it is asked again once, saying so, and a
  // second silence fails the spec.
  for (let attempt = 1; ; attempt++) {
    const asked = browser.saveScreenshot(path);
    let timer;
    const late = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`WebKitWebDriver did not answer the screenshot ${name} in 20 s`)), 20_000);
    });
    try {
      await Promise.race([asked, late]);
      return path;
    } catch (e) {
      asked.catch(() => {});
      if (attempt === 2) throw e;
      console.log(`# screenshot ${name}: ${e.message}; asking again`);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Scrolls `element` to the middle of its scroller from the page, waits until nothing covers its
 * centre, clicks it, and — when `until` is given — waits for what the click should do, clicking
 * again (at most three times) if it did not happen. WebDriver's own scrollIntoView and click
 * have each let a click land elsewhere in CI (a layout still settling after a theme change or a
 * chart's redraw); a link that never works still fails, and the message says what was under the
 * pointer.
 */
export async function clickInView(browser, element, { until, timeoutMsg = "the click did nothing" } = {}) {
  let under = "";
  for (let attempt = 0; attempt < 3; attempt++) {
    const el = await element;
    await browser.execute((e) => e.scrollIntoView({ block: "center", inline: "center" }), el);
    await browser
      .waitUntil(
        async () => {
          under = await browser.execute((e) => {
            const r = e.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            if (hit && (hit === e || e.contains(hit))) return "";
            return hit ? `${hit.tagName.toLowerCase()}${hit.dataset.testid ? `[data-testid=${hit.dataset.testid}]` : ""}.${hit.className}` : "nothing";
          }, el);
          return under === "";
        },
        { timeout: 3_000 },
      )
      .catch(() => {});
    await el.click();
    if (!until) return;
    const done = await browser.waitUntil(until, { timeout: 3_000 }).then(
      () => true,
      () => false,
    );
    if (done) return;
  }
  throw new Error(`${timeoutMsg}${under ? ` (under the pointer: ${under})` : ""}`);
}

/**
 * Resizes the window and waits until the page has the new size and has drawn it. WebDriver's
 * own resize returns before the page sees it: a click right after it has landed on a layout
 * still changing (in CI, the theme menu opened as the sidebar folded for a narrow window, and
 * closed again). The page's size must come within 40 px of the asked one (room for a window
 * manager's frame) and stay put for two polls.
 */
export async function resizeWindow(browser, width, height) {
  await browser.setWindowSize(width, height);
  let last = "";
  await browser.waitUntil(
    async () => {
      const now = await browser.execute(() => `${window.innerWidth}x${window.innerHeight}`);
      const [w, h] = now.split("x").map(Number);
      const settled = now === last && Math.abs(w - width) <= 40 && Math.abs(h - height) <= 40;
      last = now;
      return settled;
    },
    { timeout: 5_000, interval: 100, timeoutMsg: `the window did not become ${width}×${height} (the page is ${last})` },
  );
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
}

/** Status of every answer column, read in one round trip so the snapshot is consistent. */
export function columnStatuses(browser) {
  return browser.execute(() =>
    Array.from(document.querySelectorAll('[data-testid^="column-"]'))
      .filter((el) => /^column-\d+$/.test(el.getAttribute("data-testid")))
      .map((el) => el.getAttribute("data-status")),
  );
}

/**
 * Compare folds its composer to one line while answers are shown: unfold it (if folded) so the
 * prompt box and the picker are there.
 */
export async function unfoldComposer(browser) {
  const unfold = await browser.$$(byTestId("unfold-composer"));
  if (unfold.length > 0) {
    await unfold[0].click();
    await $(browser, byTestId("prompt")).waitForDisplayed({ timeout: 5_000 });
  }
}

/** The prompt box, its composer unfolded first. */
export async function promptField(browser) {
  await unfoldComposer(browser);
  return $(browser, byTestId("prompt"));
}

/**
 * Ticks models in the picker's list of `source` (OpenRouter's unless told). The catalog is chosen
 * every time: Compare opens on the first remembered pick's catalog, and a previous spec's "no
 * picks" may not have reached preferences.json before its app was closed (seen once in CI: the
 * picker opened on the demo catalog and `mock/fast` was not in it).
 */
export async function selectModels(browser, ids, { source = "openrouter|" } = {}) {
  await unfoldComposer(browser);
  const picker = $(browser, byTestId("model-source"));
  await picker.waitForExist({ timeout: 20_000 });
  if ((await picker.getValue()) !== source) await picker.selectByAttribute("value", source);
  await $(browser, byTestId(`model-option-${ids[0]}`)).waitForExist({ timeout: 20_000 });
  for (const id of ids) {
    await $(browser, `${byTestId(`model-option-${id}`)} input`).click();
  }
}

/**
 * The element's text. NOTE: WebKitWebDriver's getText() returns "" for elements styled with
 * `overflow: hidden; text-overflow: ellipsis` (its visibility check rejects them), so specs read
 * textContent and rely on the screenshots for what is painted.
 */
export async function textOf(element) {
  return ((await element.getProperty("textContent")) ?? "").trim();
}

/** Removes every picked model (picks are remembered across launches, in preferences.json). */
export async function clearPicks(browser) {
  await unfoldComposer(browser);
  while ((await browser.$$(byTestId("selected-model")).length) > 0) {
    // The chip's remove button, not its first ("once more" adds another column of the model).
    await $(browser, `${byTestId("selected-model")} button[aria-label^="Remove"]`).click();
  }
}

/**
 * Keeps what the page reports through console.error (React and the router log render errors
 * there, with the stack): `pageErrors` reads them, so a failing spec can say why a view fell.
 */
export async function captureErrors(browser) {
  await browser.execute(() => {
    window.__pageErrors = [];
    const original = console.error;
    console.error = (...args) => {
      window.__pageErrors.push(args.map((a) => (a && a.stack) || String(a)).join(" | ").slice(0, 2000));
      original(...args);
    };
  });
}

export const pageErrors = (browser) => browser.execute(() => window.__pageErrors ?? []);

/**
 * Asks `models` (ids as typed in the picker: `demo:fast`, `openrouter:mock/custom@…`; ids a
 * catalog lacks are offered as typed) `prompt`, as a person would: picks cleared, each id typed
 * and taken with Enter, the prompt typed, Send clicked. The picker opens on the first pick's
 * catalog when the composer unfolds, so OpenRouter is chosen first every time.
 */
export async function ask(browser, models, prompt) {
  await clearPicks(browser);
  const source = $(browser, byTestId("model-source"));
  if ((await source.getValue()) !== "openrouter|") await source.selectByAttribute("value", "openrouter|");
  for (const id of models) {
    await $(browser, byTestId("model-search")).setValue(id);
    await browser.waitUntil(
      async () => (await browser.execute(() => document.querySelector("[data-testid='typed-model']")?.getAttribute("data-pick") ?? null)) !== null,
      { timeout: 5_000, timeoutMsg: `${id} was not offered` },
    );
    await browser.keys(["Enter"]);
    await browser.waitUntil(async () => !(await $(browser, byTestId("typed-model")).isExisting()), { timeout: 5_000, timeoutMsg: `${id} was not taken` });
  }
  await (await promptField(browser)).setValue(prompt);
  await $(browser, byTestId("send")).click();
}

/** A command of the app, through the same IPC the UI uses. */
export async function invoke(browser, cmd, args = {}) {
  const r = await browser.executeAsync(
    (c, a, done) =>
      window.__TAURI_INTERNALS__.invoke(c, a).then(
        (value) => done({ ok: true, value }),
        // Not `error`: WebKitWebDriver takes a result with an `error` key for its own failure
        // ("[object Object] when running execute/async"), losing the app's coded error.
        (failure) => done({ ok: false, failure }),
      ),
    cmd,
    args,
  );
  if (!r.ok) throw new Error(`${cmd}: ${JSON.stringify(r.failure)}`);
  return r.value;
}

/** The route the app shows: the part of the URL after `#` (hash history). */
export function currentPath(browser) {
  return browser.execute(() => location.hash.replace(/^#/, "").split("?")[0]);
}

/** The theme on screen (`light` or `dark`) and the one chosen (`light`, `dark` or `system`). */
export function theme(browser) {
  return browser.execute(() => ({ shown: document.documentElement.dataset.theme, chosen: document.documentElement.dataset.themeSetting }));
}

/** Chooses a theme from the sidebar's menu and waits until it is on screen. */
export async function chooseTheme(browser, name) {
  await $(browser, byTestId("theme-menu")).click();
  await $(browser, byTestId(`theme-${name}`)).click();
  await browser.waitUntil(async () => (await theme(browser)).chosen === name, { timeout: 5_000, timeoutMsg: `the ${name} theme was not applied` });
}

/**
 * Waits until Compare shows `count` answer columns, none still waiting or streaming; returns
 * their statuses.
 */
export async function finishedColumns(browser, count, timeout = 30_000) {
  let last = [];
  await browser.waitUntil(
    async () => {
      last = await browser.execute(() =>
        Array.from(document.querySelectorAll(".compare .column")).map((c) => c.getAttribute("data-status")),
      );
      return last.length === count && last.every((s) => s !== "pending" && s !== "streaming");
    },
    { timeout, timeoutMsg: `the ${count} columns did not finish: ${JSON.stringify(last)}` },
  );
  return last;
}

/**
 * Waits for run.sh's background `parallax db seed` to finish (the seeded driver's history).
 * Fails when it failed, or when the suite was not started with a seeded driver: a spec that
 * needs the seeded history never passes without it.
 */
export async function waitForSeed(timeoutMs = 300_000) {
  const { existsSync, readFileSync } = await import("node:fs");
  const done = process.env.SEED_DONE;
  if (!done || !process.env.TAURI_DRIVER_SEEDED_PORT) throw new Error("no seeded history: run the suite through tests/e2e/run.sh with specs/ (or a spec path naming “seeded”)");
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (existsSync(`${done}.ok`)) return;
    if (existsSync(`${done}.failed`)) throw new Error(`parallax db seed failed: ${readFileSync(`${done.replace(/seeded$/, "seed.log")}`, "utf8").slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the seeded history was not ready within ${timeoutMs / 1000} s`);
}
