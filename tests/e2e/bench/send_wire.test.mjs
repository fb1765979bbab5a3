// `make bench`: Send → first request on the wire, in the real window. The mock stamps each
// request's arrival on CLOCK_MONOTONIC (`GET /__mock/wire`); node's `process.hrtime` reads the
// same clock. Each sample: hrtime, then one WebDriver command that clicks Send in the page, then
// the arrival of that run's requests. The figure is an upper bound: it includes the WebDriver
// command's trip to the page, measured beside it (a no-op command) and reported. 1 and 16
// columns; for 16, also the time until the last of the sixteen requests arrived.
// Writes Markdown rows to $BENCH_OUT; asserts only that every run reached the wire.
import assert from "node:assert/strict";
import { appendFileSync } from "node:fs";
import { after, test } from "node:test";

import { $, byTestId, clearPicks, launch, promptField, unfoldComposer } from "../lib.mjs";

const OUT = process.env.BENCH_OUT;
const MOCK = process.env.MOCK_URL;
const SAMPLES = 10;
let browser;

after(async () => {
  if (!browser) return;
  await clearPicks(browser).catch(() => {});
  await browser.deleteSession().catch(() => {});
});

const line = (text) => (OUT ? appendFileSync(OUT, `${text}\n`) : process.stdout.write(`${text}\n`));
const nowNs = () => process.hrtime.bigint();

/** Arrivals recorded since the last `clearWire()`. */
async function wire() {
  const r = await fetch(`${MOCK}/__mock/wire`);
  const { requests } = await r.json();
  return requests.map((q) => BigInt(q.arrived_ns));
}
const clearWire = () => fetch(`${MOCK}/__mock/wire`, { method: "DELETE" });

async function pick(id) {
  await $(browser, byTestId("model-search")).setValue(id);
  await browser.waitUntil(async () => browser.execute(() => !!document.querySelector("[data-testid='typed-model']")), { timeout: 5_000 });
  await browser.keys(["Enter"]);
  await browser.waitUntil(async () => !(await $(browser, byTestId("typed-model")).isExisting()), { timeout: 5_000 });
}

const ms = (ns) => Number(ns) / 1e6;
function summary(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const p = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return `p50 ${p(0.5).toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms`;
}

/** Picks `n` fast mock models (tags make them `n` different models). */
async function pickColumns(n, tag) {
  await clearPicks(browser);
  const source = $(browser, byTestId("model-source"));
  if ((await source.getValue()) !== "openrouter|") await source.selectByAttribute("value", "openrouter|");
  for (let i = 0; i < n; i++) await pick(`mock/custom@ttft=5,tokens=3,tag=${tag}-${i}`);
}

async function sample(n, label) {
  const first = [];
  const last = [];
  await pickColumns(n, label);
  for (let k = 0; k < SAMPLES; k++) {
    await (await promptField(browser)).setValue(`Send to the wire, sample ${k} (bench)`);
    await clearWire();
    const t0 = nowNs();
    await browser.execute(() => document.querySelector("[data-testid='send']").click());
    let arrivals = [];
    await browser.waitUntil(async () => (arrivals = await wire()).length === n, { timeout: 10_000, interval: 20, timeoutMsg: `sample ${k}: ${arrivals.length} of ${n} requests reached the mock` });
    const sorted = arrivals.sort((a, b) => (a < b ? -1 : 1));
    first.push(ms(sorted[0] - t0));
    last.push(ms(sorted[n - 1] - t0));
    // This run on screen (its prompt on the folded composer), then over, before the next sample.
    await browser.waitUntil(async () => (await browser.execute(() => document.querySelector("[data-testid='folded-composer']")?.textContent ?? "")).includes(`sample ${k} `), { timeout: 10_000 });
    await browser.waitUntil(async () => browser.execute(() => Array.from(document.querySelectorAll(".compare .column")).every((c) => !["pending", "streaming"].includes(c.getAttribute("data-status")))), { timeout: 10_000 });
    await unfoldComposer(browser);
  }
  return { first, last };
}

test("Send → request on the wire, 1 and 16 columns", { timeout: 300_000 }, async () => {
  assert.ok(MOCK, "MOCK_URL is set by tests/e2e/run.sh");
  browser = await launch();
  // What one WebDriver command to the page costs (it is inside every sample below).
  const trips = [];
  for (let k = 0; k < 20; k++) {
    const t = nowNs();
    await browser.execute(() => 0);
    trips.push(ms(nowNs() - t));
  }
  const one = await sample(1, "sw1");
  const sixteen = await sample(16, "sw16");
  assert.equal(one.first.length, SAMPLES);
  assert.equal(sixteen.last.length, SAMPLES);
  line(`| Send → wire in the window (${SAMPLES} samples each; upper bounds: each includes one WebDriver command's trip to the page) | value | target |`);
  line("|---|---|---|");
  line(`| 1 column: Send → its request arrives | ${summary(one.first)} | ≤ 20 ms |`);
  line(`| 16 columns: Send → the first request arrives | ${summary(sixteen.first)} | ≤ 20 ms |`);
  line(`| 16 columns: Send → the last of the 16 arrives | ${summary(sixteen.last)} | — |`);
  line(`| one WebDriver command's round trip (a no-op), inside each figure above | ${summary(trips)} | — |`);
  line("");
});
