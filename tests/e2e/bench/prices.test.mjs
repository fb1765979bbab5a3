// `make bench`: the Prices table with 1,000 models in the real WebKit window. The mock is given
// a 1,000-model catalog (the bundled 414, repeated under new ids: `PUT /__mock/catalog`); the
// app fetches it; then, timed inside the page with performance.now(): one keystroke in the
// filter until the table shows the new count and two animation frames have passed (painted),
// each prefix of five queries; and a click on a column header until its rows are re-ordered
// and painted, six columns × both directions. Writes Markdown rows to $BENCH_OUT; asserts only
// that each step happened.
import assert from "node:assert/strict";
import { appendFileSync, readFileSync } from "node:fs";
import { after, test } from "node:test";

import { $, byTestId, invoke, launch } from "../lib.mjs";

const OUT = process.env.BENCH_OUT;
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

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
function row(what, xs, target) {
  const f = (v) => `${v.toFixed(1)} ms`;
  const line = `| ${what} | ${xs.length} | ${f(pct(xs, 50))} | ${f(pct(xs, 95))} | ${f(Math.max(...xs))} | ${target} |\n`;
  if (OUT) appendFileSync(OUT, line);
  else process.stdout.write(line);
}

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
  const total = (await (await fetch(`${MOCK}/api/v1/models`)).json()).data.length;
  assert.ok(total >= MODELS);
  await browser.waitUntil(async () => (await browser.execute(() => document.querySelector("[data-testid='prices-count']")?.textContent ?? "")) === `${total.toLocaleString("en-US")} shown`, { timeout: 20_000, timeoutMsg: `the table never showed ${total} models` });

  const keystrokes = [];
  for (const q of QUERIES) {
    for (let n = 1; n <= q.length; n++) {
      const ms = await browser.executeAsync(
        (text, done) => {
          const el = document.querySelector('[data-testid="prices-search"]');
          const count = () => document.querySelector("[data-testid='prices-count']")?.textContent;
          const before = count();
          const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
          const t0 = performance.now();
          setter.call(el, text);
          el.dispatchEvent(new Event("input", { bubbles: true }));
          let frames = 0;
          // Until the table says its new count (or 60 frames: the same count is possible), then painted.
          const check = () => {
            frames += 1;
            if (count() !== before || frames > 60) requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
            else requestAnimationFrame(check);
          };
          check();
        },
        q.slice(0, n),
      );
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
        const first = () => document.querySelector("[data-testid='price-row']")?.getAttribute("data-model") + "|" + document.querySelector("th[aria-sort]")?.getAttribute("aria-sort");
        const before = first();
        const t0 = performance.now();
        document.querySelector(`[data-testid="sort-${by}"]`).click();
        let frames = 0;
        const check = () => {
          frames += 1;
          if (first() !== before || frames > 60) requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
          else requestAnimationFrame(check);
        };
        check();
      }, by);
      sorts.push(ms);
    }
  }
  row(`Prices: sort by a column → painted (${total.toLocaleString("en-US")} models)`, sorts, "≤ 100 ms");
});
