// A person's first start (run.sh's second driver: an empty data directory, no key, every cloud
// provider at a dead port, the mock's Ollama face as the local server): the first-run screen
// shows; a local Ollama is found with its models' sizes; the OpenRouter picker is calm offline
// and takes typed ids; "Try the demo models" ends in a finished three-column comparison with
// no other setup; the failure demo says what went wrong in each column. Screenshots of each in
// the light and the dark theme, and of the first-run screen in a small window.
import assert from "node:assert/strict";
import { after, test } from "node:test";

import { $, byTestId, chooseTheme, clearPicks, clickInView, currentPath, finishedColumns, launch, screenshot, textOf, unfoldComposer, resizeWindow } from "../lib.mjs";

let browser;

after(async () => {
  await browser?.deleteSession().catch(() => {});
});

/** Both themes of the same screen, light first; each after the menu closed and colours settled. */
async function bothThemes(name) {
  for (const t of ["light", "dark"]) {
    await chooseTheme(browser, t);
    await browser.waitUntil(async () => !(await $(browser, ".menu").isExisting()), { timeout: 5_000, timeoutMsg: "the theme menu did not close" });
    await browser.pause(400);
    await screenshot(browser, `${name}-${t}`);
  }
}

/** The local scan has answered (it may take up to ~1.5 s per port). */
async function scanned() {
  await browser.waitUntil(async () => !(await $(browser, byTestId("welcome-scanning")).isExisting()), {
    timeout: 15_000,
    timeoutMsg: "the local scan did not finish",
  });
}

/** Types in the picker's search box and takes the first reading of the typed id with Enter. */
async function typeModel(text, pick) {
  const search = $(browser, byTestId("model-search"));
  await search.setValue(text);
  const offered = () => browser.execute(() => document.querySelector("[data-testid='typed-model']")?.getAttribute("data-pick") ?? null);
  await browser.waitUntil(async () => (await offered()) === pick, {
    timeout: 5_000,
    timeoutMsg: `“${text}” was not offered as ${pick}`,
  });
  await browser.keys(["Enter"]);
  await browser.waitUntil(
    async () => (await browser.execute(() => Array.from(document.querySelectorAll("[data-testid='selected-model']")).map((c) => c.firstChild?.textContent))).includes(pick),
    { timeout: 5_000, timeoutMsg: `${pick} did not become a pick` },
  );
}

test("the first-run screen appears on first start, in Compare, and in a small window", async () => {
  browser = await launch({ fresh: true });
  assert.equal(await currentPath(browser), "/compare");
  const welcome = $(browser, `${byTestId("compare-view")} ${byTestId("welcome")}`);
  await welcome.waitForDisplayed({ timeout: 10_000 });
  const demo = await textOf($(browser, byTestId("welcome-demo")));
  assert.match(demo, /Try the built-in demo models/);
  assert.match(demo, /Made-up answers and prices, no key needed/);
  assert.match(await textOf($(browser, byTestId("welcome-key"))), /Paste a key/);
  assert.match(await textOf($(browser, byTestId("welcome-local"))), /Use a local model server/);
  // The prompt and the picker stay usable above it.
  assert.ok(await $(browser, byTestId("prompt")).isDisplayed(), "the prompt is there");
  assert.ok(await $(browser, byTestId("model-search")).isDisplayed(), "the model search is there");
  await scanned();
  await bothThemes("firstrun-01-welcome");

  const { width, height } = await browser.getWindowSize();
  try {
    await resizeWindow(browser, 800, 600);
    await browser.pause(300);
    const tryDemo = $(browser, byTestId("welcome-try-demo"));
    await tryDemo.scrollIntoView({ block: "center" });
    assert.ok(await tryDemo.isDisplayed(), "the demo button is reachable in a small window");
    // The screenshot from the top of the screen, as a person first sees it.
    await browser.execute(() => document.querySelector(".first-run.embedded")?.scrollTo(0, 0));
    await bothThemes("firstrun-02-small-window");
  } finally {
    await resizeWindow(browser, width, height);
  }
});

test("it is reached from Settings and from the palette; Settings explains the demo models", async () => {
  await $(browser, byTestId("tab-settings")).click();
  // The demo provider has nothing to configure: no address, no key — it says what it is.
  const demo = $(browser, byTestId("provider-demo"));
  await demo.waitForExist({ timeout: 5_000 });
  assert.match(await textOf(demo.$(byTestId("demo-about"))), /^Built-in demo models: made-up answers and prices, for learning the app\.$/);
  assert.ok(!(await demo.$(byTestId("base-url-demo")).isExisting()), "no base URL field");
  assert.ok(!(await demo.$(byTestId("key-input")).isExisting()), "no key field");
  await demo.scrollIntoView({ block: "center" });
  await bothThemes("firstrun-07-settings-demo-provider");
  await $(browser, byTestId("settings-getting-started")).click();
  await $(browser, byTestId("welcome-view")).waitForDisplayed({ timeout: 5_000 });
  assert.equal(await currentPath(browser), "/welcome");
  await $(browser, byTestId("tab-history")).click();
  await browser.execute(() => document.activeElement?.blur());
  await browser.keys(["Control", "k"]);
  await $(browser, byTestId("palette-input")).setValue("getting started");
  await $(browser, byTestId("palette-cmd-getting-started")).click();
  await $(browser, byTestId("welcome-view")).waitForDisplayed({ timeout: 5_000 });
  assert.equal(await currentPath(browser), "/welcome");
});

test("a local Ollama is found, its models listed with size and quantization", async () => {
  await scanned();
  const server = $(browser, `${byTestId("local-server")}[data-kind="ollama"]`);
  await server.waitForExist({ timeout: 10_000 });
  assert.match(await textOf(server), /Ollama/);
  const models = await browser.execute(() =>
    Array.from(document.querySelectorAll("[data-kind='ollama'] [data-testid='local-model']")).map((m) => m.textContent),
  );
  assert.ok(models.length >= 3, `several models listed: ${JSON.stringify(models)}`);
  for (const m of models) assert.match(m, /^mock\/\S+ · 3\.2B · Q4_K_M · 2\.0 GB$/, "id · parameters · quantization · size, as ollama list says");
  assert.match(await textOf(server.$(byTestId("local-compare"))), /^Compare with these 3$/);
  assert.match(await textOf($(browser, byTestId("welcome-local-queue"))), /Ollama runs one model at a time by default/);
  await server.scrollIntoView({ block: "center" });
  await bothThemes("firstrun-03-local-server");
});

test("offline, the OpenRouter picker is calm and any typed id is a pick", async () => {
  await $(browser, byTestId("tab-compare")).click();
  assert.equal(await $(browser, byTestId("model-source")).getValue(), "openrouter|", "the picker opens on OpenRouter");
  // No provider can be reached: the saved (or bundled) list with its age, or, when there is
  // none, the error with Retry — never a wall instead of the picker.
  await browser.waitUntil(async () => (await $(browser, byTestId("catalog-offline")).isExisting()) || (await $(browser, byTestId("models-error")).isExisting()), {
    timeout: 20_000,
    timeoutMsg: "the OpenRouter catalog neither loaded offline nor failed",
  });
  if (await $(browser, byTestId("catalog-offline")).isExisting()) {
    const line = await textOf($(browser, byTestId("catalog-offline")));
    assert.match(line, /^OpenRouter can't be reached — showing the list (saved .+ ago|that came with the app \(from .+\)) · Retry$/);
    const options = await browser.$$('[data-testid^="model-option-"]');
    assert.ok(options.length > 0, "the saved list is there to pick from");
    assert.ok(!(await $(browser, byTestId("models-error")).isExisting()), "no error wall");
  } else {
    assert.match(await textOf($(browser, byTestId("models-error"))), /connect|reach|refused|network/i);
    assert.equal(await $(browser, byTestId("model-search")).getAttribute("placeholder"), "Type any model id…");
  }

  await typeModel("demo:markdown", "demo:markdown");
  await typeModel("ollama:mock/fast", "ollama:mock/fast");
  await typeModel("someone/unlisted-model-e2e", "someone/unlisted-model-e2e");
  const chips = await browser.execute(() => Array.from(document.querySelectorAll("[data-testid='selected-model']")).map((c) => c.firstChild?.textContent));
  assert.deepEqual(chips, ["demo:markdown", "ollama:mock/fast", "someone/unlisted-model-e2e"]);
  assert.equal(await browser.execute(() => document.querySelectorAll("[data-testid='selected-model'][data-demo] [data-testid='demo-badge']").length), 1, "the demo pick is badged");
  // The offer for a typed id, shown in the screenshot.
  await $(browser, byTestId("model-search")).setValue("anthropic:claude-typed-e2e");
  await $(browser, byTestId("typed-model")).waitForDisplayed({ timeout: 5_000 });
  await bothThemes("firstrun-04-picker-offline");
  await $(browser, byTestId("model-search")).click();
  await browser.keys(["Control", "a"]);
  await browser.keys(["Backspace"]);
  await browser.waitUntil(async () => !(await $(browser, byTestId("typed-model")).isExisting()), { timeout: 5_000, timeoutMsg: "the search was not emptied" });
  await clearPicks(browser);
});

test("“Try the demo models” ends in a finished three-column comparison, with no other setup", async () => {
  const tryDemo = $(browser, `${byTestId("compare-view")} ${byTestId("welcome-try-demo")}`);
  await clickInView(browser, tryDemo, { until: () => browser.execute(() => document.querySelectorAll(".compare .column").length > 0), timeoutMsg: "“Try the demo models” started no comparison" });
  const statuses = await finishedColumns(browser, 3);
  assert.deepEqual(statuses, ["done", "done", "done"]);
  for (let i = 0; i < 3; i++) {
    const col = $(browser, byTestId(`column-${i}`));
    assert.match(await textOf(col.$(byTestId("metric-ttft"))), /^\d+ ms$|^\d+\.\d+ s$/, `column ${i} shows its TTFT`);
    assert.match(await textOf(col.$(byTestId("metric-cost"))), /^\$\d/, `column ${i} shows its cost`);
    assert.equal(await textOf(col.$(byTestId("demo-badge"))), "demo", `column ${i} says it is a demo`);
    assert.match(await textOf(col.$(byTestId("answer-text"))), /demo/i, `column ${i} shows the made-up answer`);
  }
  assert.ok(!(await $(browser, byTestId("welcome")).isExisting()), "the first-run screen gave way to the answers");
  await bothThemes("firstrun-05-demo-finished");
  // The composer folded while the answers streamed; unfolded, the demo models are the picks.
  await unfoldComposer(browser);
  const chips = await browser.execute(() => Array.from(document.querySelectorAll("[data-testid='selected-model']")).map((c) => c.firstChild?.textContent));
  assert.deepEqual(chips, ["demo:fast", "demo:medium", "demo:slow"]);
});

test("the failure demo says what went wrong in each column", async () => {
  // The history is no longer empty: the first-run screen is at /welcome now.
  await $(browser, byTestId("tab-settings")).click();
  await $(browser, byTestId("settings-getting-started")).click();
  await $(browser, byTestId("welcome-demo-failures")).click();
  await $(browser, byTestId("compare-view")).waitForDisplayed({ timeout: 10_000 });
  const statuses = await finishedColumns(browser, 4);
  assert.equal(statuses[0], "done", "the working answer");
  assert.equal(statuses[1], "failed", "the refused key");
  assert.equal(await $(browser, `${byTestId("column-1")} ${byTestId("slot-error")}`).getAttribute("data-code"), "unauthorized");
  assert.ok(["failed", "interrupted"].includes(statuses[2]), `the error mid-answer: ${statuses[2]}`);
  assert.ok((await textOf($(browser, `${byTestId("column-2")} ${byTestId("answer-text")}`))).length > 0, "the text before the error is kept");
  assert.equal(statuses[3], "truncated", "the token limit");
  await bothThemes("firstrun-06-failure-demo");
  await chooseTheme(browser, "system");
});
