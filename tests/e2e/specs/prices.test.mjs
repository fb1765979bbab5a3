// Prices in the real app against the real catalog: the mock serves OpenRouter's 414 models
// (the app's bundled snapshot, crates/app/data/openrouter-catalog.json) after its own presets.
// Every expected figure is computed here from that file or from the mock's list, never by the
// app: the table lists every model; the cheapest paid output price comes first when sorted; a
// filter narrows as typed; a model's providers; the calculator's figure; a recorded price change
// with its badge and history; "Compare these"; a chart point per model. Screenshots both themes.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";

import { $, ask, byTestId, captureErrors, chooseTheme, clearPicks, finishedColumns, invoke, launch, pageErrors, screenshot, textOf, unfoldComposer, resizeWindow } from "../lib.mjs";

const MOCK = process.env.MOCK_URL;
const CATALOG = JSON.parse(readFileSync(new URL("../../../crates/app/data/openrouter-catalog.json", import.meta.url), "utf8"));
let browser;
let listed; // every OpenRouter model the mock lists: its presets, then the catalog

const putCatalog = (body) => fetch(`${MOCK}/__mock/catalog`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const perM = (s) => (s === undefined || s === null || s === "" ? null : Number(s) * 1_000_000);

before(async () => {
  assert.equal((await putCatalog({ data: CATALOG.data })).status, 204);
  listed = (await (await fetch(`${MOCK}/api/v1/models`)).json()).data;
});

after(async () => {
  // The other specs find the mock's own list again, here and in the app's saved catalog.
  await fetch(`${MOCK}/__mock/catalog`, { method: "DELETE" });
  if (browser) {
    await invoke(browser, "load_catalog", { provider: "openrouter", endpoint: null }).catch(() => {});
    await clearPicks(browser).catch(() => {});
    await browser.deleteSession().catch(() => {});
  }
});

async function bothThemes(name) {
  await chooseTheme(browser, "light");
  await screenshot(browser, `${name}-light`);
  await chooseTheme(browser, "dark");
  await screenshot(browser, `${name}-dark`);
}

const rowCount = () => browser.execute(() => Number(document.querySelector("[data-testid='prices-table']")?.getAttribute("aria-rowcount") ?? 0) - 1);
const rowOf = (id) => $(browser, `[data-testid='price-row'][data-model='${id}']`);

test("the table lists every model the catalog has, and a filter narrows it as typed", async () => {
  browser = await launch();
  await captureErrors(browser);
  await browser.execute(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  // Fetched now (the app may hold the mock's own list from an earlier spec).
  await invoke(browser, "load_catalog", { provider: "openrouter", endpoint: null });
  await $(browser, byTestId("tab-prices")).click();
  await browser.waitUntil(async () => (await rowCount()) === listed.length, { timeout: 15_000 }).catch(async () => assert.fail(`the table lists ${await rowCount()} rows, not the ${listed.length} models; page errors: ${JSON.stringify(await pageErrors(browser))}`));

  const search = $(browser, byTestId("prices-search"));
  await search.setValue("claude");
  const claude = listed.filter((m) => `${m.id} ${m.name}`.toLowerCase().includes("claude")).length;
  await browser.waitUntil(async () => (await textOf($(browser, byTestId("prices-count")))) === `${claude} shown`, { timeout: 5_000, timeoutMsg: `“claude” does not narrow to ${claude}` });
  await search.setValue("claude sonnet");
  const sonnet = listed.filter((m) => ["claude", "sonnet"].every((w) => `${m.id} ${m.name}`.toLowerCase().includes(w))).length;
  await browser.waitUntil(async () => (await textOf($(browser, byTestId("prices-count")))) === `${sonnet} shown`, { timeout: 5_000 });
  // Emptied as a person does it (WebDriver's clear sends no input event React sees).
  await search.click();
  await browser.keys(["Control", "a"]);
  await browser.keys(["Backspace"]);
  await browser.waitUntil(async () => (await rowCount()) === listed.length, { timeout: 5_000, timeoutMsg: "the emptied filter does not bring every model back" });
});

test("sorted by output price, the cheapest paid model comes right after the free ones", async () => {
  await $(browser, byTestId("sort-output")).click();
  const outputs = listed.map((m) => ({ id: m.id, out: perM(m.pricing?.completion) })).filter((m) => m.out !== null && m.out >= 0);
  const free = outputs.filter((m) => m.out === 0).length;
  const cheapest = Math.min(...outputs.filter((m) => m.out > 0).map((m) => m.out));
  // Scroll down until that row is rendered (the table renders only the rows in view).
  const first = $(browser, `[data-testid='price-row'][data-index='${free}']`);
  await browser.waitUntil(
    async () => {
      if (await first.isExisting()) return true;
      await browser.execute(() => (document.querySelector(".prices-table-wrap").scrollTop += 300));
      return false;
    },
    { timeout: 10_000, interval: 150, timeoutMsg: `row ${free} never rendered` },
  );
  const id = await first.getAttribute("data-model");
  assert.equal(outputs.find((m) => m.id === id).out, cheapest, `${id} is the cheapest paid output (${cheapest} $/M)`);
  await browser.execute(() => (document.querySelector(".prices-table-wrap").scrollTop = 0));
});

test("the calculator: 2,000 tokens in and 500 out on gpt-4o-mini", async () => {
  const mini = CATALOG.data.find((m) => m.id === "openai/gpt-4o-mini").pricing;
  // (2,000 × prompt + 500 × completion) per token, from the catalog file.
  const expected = 2000 * Number(mini.prompt) + 500 * Number(mini.completion);
  assert.ok(Math.abs(expected - 0.0006) < 1e-12, "the file's gpt-4o-mini: $0.15/M in, $0.60/M out");
  await $(browser, byTestId("prices-search")).setValue("gpt-4o-mini");
  await $(browser, byTestId("calc-in")).setValue("2000");
  await $(browser, byTestId("calc-out")).setValue("500");
  const cell = $(browser, `[data-testid='price-row'][data-model='openai/gpt-4o-mini'] [data-col='cost']`);
  await browser.waitUntil(async () => (await cell.isExisting()) && (await textOf(cell)) === "$0.0006", { timeout: 10_000, timeoutMsg: "the workload's cost is not $0.0006" });
  await bothThemes("prices-01-calculator");
});

test("a model's page: its providers on OpenRouter, with prices and health", async () => {
  await rowOf("openai/gpt-4o-mini").$(byTestId("price-open")).click();
  const panel = $(browser, byTestId("model-panel"));
  await panel.waitForDisplayed({ timeout: 5_000 });
  await browser.waitUntil(async () => (await browser.$$(byTestId("endpoint-row"))).length === 2, { timeout: 10_000, timeoutMsg: "no providers listed" });
  const rows = await browser.execute(() => Array.from(document.querySelectorAll("[data-testid='endpoint-row']")).map((r) => Array.from(r.children).map((c) => c.textContent)));
  // The mock: MockCloud at the list price, Budget Host at 80 % ($0.15 × 0.8 = $0.12 in).
  assert.deepEqual(rows.map((r) => r.slice(0, 3)), [["MockCloud", "$0.15", "$0.60"], ["Budget Host", "$0.12", "$0.48"]]);
  assert.match(rows[0][3], /^250 ms/, "MockCloud's latency p50 is 0.25 s");
  await bothThemes("prices-02-model");
});

test("a model with a long-context tier: its price against the prompt's length", async () => {
  const tiered = CATALOG.data.find((m) => m.pricing?.overrides?.some((o) => o.min_prompt_tokens));
  assert.ok(tiered, "the catalog has a model with a long-context tier");
  await $(browser, byTestId("prices-search")).setValue(tiered.id);
  await rowOf(tiered.id).$(byTestId("price-open")).click();
  const chart = $(browser, byTestId("model-tiers-chart"));
  await chart.waitForExist({ timeout: 5_000 });
  // Two lines (input, output), each from 0 tokens, at the tier's threshold, to the window's end.
  await browser.waitUntil(async () => (await chart.getAttribute("data-points")) === "6", { timeout: 5_000, timeoutMsg: "not three steps per line" });
  await $(browser, byTestId("model-tiers")).scrollIntoView();
  await screenshot(browser, "prices-02b-tiers-dark");
  await $(browser, byTestId("prices-search")).setValue("gpt-4o-mini");
  await rowOf("openai/gpt-4o-mini").$(byTestId("price-open")).click();
  await browser.waitUntil(async () => (await textOf($(browser, `${byTestId("model-panel")} h2`))) === "OpenAI: GPT-4o-mini", { timeout: 5_000 });
});

test("a price change is recorded: ▼ with the price before, in the changes and the model's history", async () => {
  await $(browser, byTestId("model-panel-close")).click();
  const cut = CATALOG.data.map((m) => (m.id === "openai/gpt-4o-mini" ? { ...m, pricing: { ...m.pricing, prompt: "0.0000001", completion: "0.0000004" } } : m));
  assert.equal((await putCatalog({ data: cut })).status, 204);
  // Refreshed from the table: it says what changed since the list shown.
  await $(browser, byTestId("prices-refresh")).click();
  const said = $(browser, byTestId("prices-refreshed"));
  await said.waitForExist({ timeout: 10_000 });
  assert.equal(await textOf(said), "Refreshed: 1 price changed.");
  await $(browser, "button=Price changes").click();
  const row = $(browser, byTestId("price-change"));
  await row.waitForExist({ timeout: 10_000 });
  const text = await textOf(row);
  assert.match(text, /openai\/gpt-4o-mini/);
  assert.match(text, /\$0\.15 → \$0\.1 in, \$0\.6 → \$0\.4 out per M/);
  assert.equal(await row.$("[data-direction]").getAttribute("data-direction"), "down");
  await bothThemes("prices-03-changes");
  await row.$("button=openai/gpt-4o-mini").click();
  // The page asks again on opening (a list seen earlier may show first): the newest is the cut.
  const change = $(browser, byTestId("model-change"));
  await browser.waitUntil(async () => (await change.isExisting()) && /\$0\.15 → \$0\.1 in/.test(await textOf(change)), { timeout: 10_000, timeoutMsg: "the model's history does not show the cut first" });
  assert.equal((await browser.$$(byTestId("model-change"))).length, 2, "first seen, then the cut");
  assert.ok(await $(browser, byTestId("model-history-chart")).isExisting(), "the step chart is drawn");
  // Two snapshots a moment apart: the chart spans the day up to now (labelled in hours, not seconds).
  await bothThemes("prices-03b-model-history");
  assert.equal((await putCatalog({ data: CATALOG.data })).status, 204);
});

test("Compare these: two ticked models become Compare's picks", async () => {
  await $(browser, byTestId("model-panel-close")).click();
  await $(browser, "button=Catalog").click();
  await $(browser, byTestId("prices-search")).setValue("gpt-4o");
  await browser.waitUntil(async () => (await browser.$$(byTestId("price-tick"))).length >= 2, { timeout: 5_000 });
  const ids = await browser.execute(() => Array.from(document.querySelectorAll("[data-testid='price-row']")).slice(0, 2).map((r) => r.getAttribute("data-model")));
  const ticks = await browser.$$(byTestId("price-tick"));
  await ticks[0].click();
  await ticks[1].click();
  await $(browser, byTestId("compare-these")).click();
  await $(browser, byTestId("compare-view")).waitForDisplayed({ timeout: 5_000 });
  const chips = await browser.execute(() => Array.from(document.querySelectorAll("[data-testid='selected-model']")).map((c) => c.firstChild?.textContent));
  assert.deepEqual(chips, ids);
  await clearPicks(browser);
});

test("the charts: a point per priced model, and the Pareto frontier on the catalog's index", async () => {
  await $(browser, byTestId("tab-prices")).click();
  await $(browser, "button=Charts").click();
  const count = $(browser, byTestId("chart-context-count"));
  await count.waitForExist({ timeout: 5_000 });
  const blended = (m) => {
    const p = perM(m.pricing?.prompt);
    const c = perM(m.pricing?.completion);
    return p === null || c === null || p < 0 || c < 0 || (3 * p + c) / 4 <= 0 ? null : (3 * p + c) / 4;
  };
  const withContext = listed.filter((m) => blended(m) !== null && m.context_length > 0).length;
  assert.equal(await textOf(count), `· ${withContext} models`);
  const withIndex = listed.filter((m) => blended(m) !== null && m.benchmarks?.artificial_analysis?.intelligence_index != null).length;
  assert.match(await textOf($(browser, byTestId("chart-quality-count"))), new RegExp(`^· ${withIndex} models, \\d+ on the frontier$`));
  // The canvas is drawn with a point per model (the chart says how many it drew).
  const drawn = $(browser, byTestId("chart-context"));
  await browser.waitUntil(async () => Number(await drawn.getAttribute("data-points")) === withContext, { timeout: 10_000, timeoutMsg: "not a point per model" });
  assert.ok(await browser.execute(() => !!document.querySelector("[data-testid='chart-context'] canvas")), "drawn on a canvas");
  // Hovering a point names its model.
  await browser.execute(() => {
    const over = document.querySelector("[data-testid='chart-quality'] .u-over");
    const r = over.getBoundingClientRect();
    for (let x = 0; x < r.width; x += 4) {
      for (let y = 0; y < r.height; y += 4) {
        over.dispatchEvent(new MouseEvent("mousemove", { clientX: r.left + x, clientY: r.top + y, bubbles: true }));
        if (document.querySelector("[data-testid='chart-quality-hover']")) return;
      }
    }
  });
  assert.match(await textOf($(browser, byTestId("chart-quality-hover"))), /^[a-z0-9-]+\/[^ ]+ · \$/);
  await bothThemes("prices-04-charts");
  // Your numbers: a row per model this history has asked (earlier specs ran some), or, on an
  // empty history, the line that says so.
  await $(browser, "button=Your numbers").click();
  const { comparisons } = await invoke(browser, "data_info");
  if (comparisons > 0) {
    await browser.waitUntil(async () => (await browser.$$(byTestId("mine-row"))).length > 0, { timeout: 5_000, timeoutMsg: "a history with answers shows no model in Your numbers" });
  } else {
    await $(browser, byTestId("mine-empty")).waitForExist({ timeout: 5_000 });
  }
  await bothThemes("prices-06-mine");
  await $(browser, "button=Charts").click();
  await resizeWindow(browser, 900, 640);
  await browser.pause(300);
  await screenshot(browser, "prices-05-charts-small-dark");
  await resizeWindow(browser, 1280, 800);
  assert.deepEqual(await browser.execute(() => window.__cspViolations), [], "the charts need nothing the CSP refuses");
});

test("your first token against OpenRouter's providers: slower than usual, and faster than their medians", { timeout: 90_000 }, async () => {
  // The mock's providers for every model: first-token p50 0.25 s / p90 0.48 s (MockCloud) and
  // p50 0.9 s / p90 1.6 s (Budget Host). mock/sluggish starts after 2.5 s (above both p90s),
  // mock/fast after 0.1 s (below both medians).
  await $(browser, byTestId("tab-compare")).click();
  await unfoldComposer(browser);
  await ask(browser, ["openrouter:mock/sluggish", "openrouter:mock/fast"], "How soon do you start? (e2e prices)");
  assert.deepEqual(await finishedColumns(browser, 2, 30_000), ["done", "done"]);
  await $(browser, byTestId("tab-prices")).click();
  const search = $(browser, byTestId("prices-search"));
  for (const [model, verdict, words] of [
    ["mock/sluggish", "slower", /^Slower than usual: their first-token p50 250 ms–900 ms, p90 up to 1\.60 s$/],
    ["mock/fast", "faster", /^Faster than their medians: /],
  ]) {
    await search.setValue(model);
    await browser.waitUntil(async () => (await textOf($(browser, byTestId("prices-count")))) === "1 shown", { timeout: 5_000, timeoutMsg: `${model} is not alone in the table` });
    await rowOf(model).$(byTestId("price-open")).click();
    const versus = $(browser, byTestId("mine-versus"));
    await browser.waitUntil(async () => (await versus.isExisting()) && (await versus.getAttribute("data-verdict")) === verdict, { timeout: 10_000, timeoutMsg: `${model}: not “${verdict}” against the providers` });
    assert.match(await textOf(versus.$("dd")), words);
    if (verdict === "slower") {
      for (const t of ["light", "dark"]) {
        await chooseTheme(browser, t);
        await browser.execute(() => document.querySelector("[data-testid='mine-versus']").scrollIntoView({ block: "center" }));
        await browser.pause(200);
        await screenshot(browser, `prices-07-slower-than-usual-${t}`);
      }
    }
    await $(browser, byTestId("model-panel-close")).click();
  }
});
