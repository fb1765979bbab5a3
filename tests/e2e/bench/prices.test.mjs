// `make bench`: the Prices table with 1,000 models in the real WebKit window. The mock is given
// a 1,000-model catalog (the bundled 414, repeated under new ids: `PUT /__mock/catalog`); the
// app fetches it; then, timed inside the page with performance.now(): one keystroke in the
// filter until two animation frames have passed (painted),
// each prefix of five queries (the count shown is checked against one computed here); and a
// click on a column header until painted, six columns × both directions. React renders a
// discrete event before it returns, so "painted" is two animation frames after the event. Writes Markdown rows to $BENCH_OUT; asserts only
// that each step happened.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, test } from "node:test";

import { $, byTestId, invoke, launch } from "../lib.mjs";
import { row } from "./report.mjs";

const MOCK = process.env.MOCK_URL;
const MODELS = 1_000;
const QUERIES = ["claude", "gpt 4o", "gemini flash", "llama 70b", "qwen coder"];
const SORTS = ["output", "input", "context", "name", "cache_read", "tools"];
let browser;

after(async () => {
  await fetch(`${MOCK}/__mock/catalog`, { method: "DELETE" });
  if (!browser) return;
  await invoke(browser, "load_catalog", { provider: "openrouter", endpoint: null }).catch(() => {});
  await browser.deleteSession().catch(() => {});
});


test("the Prices table with 1,000 models: a filter keystroke and a sort, to painted", { timeout: 300_000 }, async () => {
  const real = JSON.parse(readFileSync(new URL("../../../crates/app/data/openrouter-catalog.json", import.meta.url), "utf8")).data;
  const data = Array.from({ length: MODELS }, (_, i) => {
    const m = real[i % real.length];
    const copy = Math.floor(i / real.length);
    return copy === 0 ? m : { ...m, id: `${m.id}-copy${copy}`, name: `${m.name} (copy ${copy})` };
  });
  assert.equal((await fetch(`${MOCK}/__mock/catalog`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ data }) })).status, 204);
  browser = await launch();
  await invoke(browser, "load_catalog", { provider: "openrouter", endpoint: null });
  await $(browser, byTestId("tab-prices")).click();
  const listed = (await (await fetch(`${MOCK}/api/v1/models`)).json()).data;
  const total = listed.length;
  assert.ok(total >= MODELS);
  await browser.waitUntil(async () => (await browser.execute(() => document.querySelector("[data-testid='prices-count']")?.textContent ?? "")) === `${total.toLocaleString("en-US")} shown`, { timeout: 20_000, timeoutMsg: `the table never showed ${total} models` });

  const keystrokes = [];
  for (const q of QUERIES) {
    for (let n = 1; n <= q.length; n++) {
      const [ms, shown] = await browser.executeAsync(
        (text, done) => {
          const el = document.querySelector('[data-testid="prices-search"]');
          const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
          const t0 = performance.now();
          setter.call(el, text);
          // React renders a discrete input event before dispatchEvent returns (the filter and
          // the rows); the paint follows within the next two frames.
          el.dispatchEvent(new Event("input", { bubbles: true }));
          requestAnimationFrame(() => requestAnimationFrame(() => done([performance.now() - t0, document.querySelector("[data-testid='prices-count']")?.textContent])));
        },
        q.slice(0, n),
      );
      // The filter did apply: the count the table shows is the one computed here.
      const words = q.slice(0, n).toLowerCase().split(/\s+/).filter(Boolean);
      const expected = listed.filter((m) => words.every((w) => `${m.id} ${m.name}`.toLowerCase().includes(w))).length;
      assert.equal(shown, `${expected.toLocaleString("en-US")} shown`, `“${q.slice(0, n)}”`);
      keystrokes.push(ms);
    }
    await browser.execute(() => {
      const el = document.querySelector('[data-testid="prices-search"]');
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(el, "");
      el.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await browser.pause(200);
  }
  row(`Prices: filter keystroke → painted (${total.toLocaleString("en-US")} models)`, keystrokes, "≤ 50 ms");

  const sorts = [];
  for (const by of SORTS) {
    for (let dir = 0; dir < 2; dir++) {
      const ms = await browser.executeAsync((by, done) => {
        const t0 = performance.now();
        // The click's render is synchronous (a discrete event); then the paint.
        document.querySelector(`[data-testid="sort-${by}"]`).click();
        requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
      }, by);
      assert.equal(await browser.execute((by) => document.querySelector(`[data-testid="sort-${by}"]`)?.closest("th")?.getAttribute("aria-sort") ?? null, by), dir === 0 ? "ascending" : "descending");
      sorts.push(ms);
    }
  }
  row(`Prices: sort by a column → painted (${total.toLocaleString("en-US")} models)`, sorts, "≤ 100 ms");
});
