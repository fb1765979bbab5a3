// `make bench`: sixteen columns, each streaming ~100 tokens/s for ~20 s
// (mock/custom@ttft=100,tps=100,tokens=2000 on the OpenRouter face; the mock's text is plain
// words, not Markdown), in the real WebKit window. Measured inside the page after a 3 s warm-up:
// frames over 50 ms (gaps between animation frames), long tasks where WebKit reports them
// (PerformanceObserver "longtask"), and the IPC message rate (batches counted by the run store,
// read through `window.__parallaxIpc`). Writes Markdown rows to $BENCH_OUT; asserts only that
// the run happened, never a time.
import assert from "node:assert/strict";
import { appendFileSync } from "node:fs";
import { after, test } from "node:test";

import { $, byTestId, launch } from "../lib.mjs";

const OUT = process.env.BENCH_OUT;
const COLUMNS = 16;
const WARMUP_MS = 3_000;
let browser;

after(async () => {
  if (!browser) return;
  await browser.execute(() => {
    for (const b of document.querySelectorAll("[data-testid='selected-model'] button[aria-label^='Remove']")) b.click();
  }).catch(() => {});
  await browser.deleteSession().catch(() => {});
});

function line(text) {
  if (OUT) appendFileSync(OUT, `${text}\n`);
  else process.stdout.write(`${text}\n`);
}

async function pick(id) {
  await $(browser, byTestId("model-search")).setValue(id);
  await browser.waitUntil(async () => (await browser.execute(() => !!document.querySelector("[data-testid='typed-model']"))), { timeout: 5_000 });
  await browser.keys(["Enter"]);
  await browser.waitUntil(async () => !(await $(browser, byTestId("typed-model")).isExisting()), { timeout: 5_000 });
}

test("sixteen columns at 100 tokens/s: long frames and the IPC message rate", { timeout: 180_000 }, async () => {
  browser = await launch();
  for (let i = 0; i < COLUMNS; i++) await pick(`mock/custom@ttft=100,tps=100,tokens=2000,tag=bench16-${i}`);
  await $(browser, byTestId("prompt")).setValue("Sixteen streams (bench)");
  // Start recording before Send: frames, long tasks, IPC counters.
  await browser.execute((warmup) => {
    const rec = { gaps: [], longtasks: [], longtaskSupported: false, start: performance.now(), ipc0: null, t0: null, ipc1: null, t1: null, done: false };
    window.__bench = rec;
    try {
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) if (e.startTime - rec.start > warmup) rec.longtasks.push(e.duration);
      }).observe({ type: "longtask", buffered: false });
      rec.longtaskSupported = PerformanceObserver.supportedEntryTypes?.includes("longtask") ?? false;
    } catch {
      rec.longtaskSupported = false;
    }
    let last = performance.now();
    const tick = (t) => {
      if (t - rec.start > warmup) {
        if (rec.ipc0 === null) {
          rec.ipc0 = { ...window.__parallaxIpc };
          rec.t0 = t;
        }
        rec.gaps.push(t - last);
      }
      last = t;
      const cols = Array.from(document.querySelectorAll(".compare .column"));
      const finished = cols.length > 0 && cols.every((c) => !["pending", "streaming"].includes(c.getAttribute("data-status")));
      if (finished && rec.ipc0 !== null) {
        rec.ipc1 = { ...window.__parallaxIpc };
        rec.t1 = t;
        rec.done = true;
      } else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, WARMUP_MS);
  await $(browser, byTestId("send")).click();
  await browser.waitUntil(async () => browser.execute(() => window.__bench.done), { timeout: 120_000, interval: 1_000, timeoutMsg: "the sixteen streams did not finish" });
  const r = await browser.execute(() => window.__bench);
  const statuses = await browser.execute(() => Array.from(document.querySelectorAll(".compare .column")).map((c) => c.getAttribute("data-status")));
  assert.equal(statuses.length, COLUMNS);
  assert.ok(statuses.every((s) => s === "done"), JSON.stringify(statuses));

  const secs = (r.t1 - r.t0) / 1000;
  const sorted = [...r.gaps].sort((a, b) => a - b);
  const p = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const batches = r.ipc1.batches - r.ipc0.batches;
  const events = r.ipc1.events - r.ipc0.events;
  line(`| 16 columns × 100 tok/s (plain words), measured ${secs.toFixed(1)} s after a ${WARMUP_MS / 1000} s warm-up | value | target |`);
  line("|---|---|---|");
  line(`| frames | ${r.gaps.length} (p50 ${p(0.5).toFixed(1)} ms, p95 ${p(0.95).toFixed(1)} ms, max ${Math.max(...r.gaps).toFixed(1)} ms) | — |`);
  line(`| frames over 50 ms | ${r.gaps.filter((g) => g > 50).length} | 0 |`);
  line(`| long tasks (> 50 ms) | ${r.longtaskSupported ? r.longtasks.length : "not reported by this WebKit"} | 0 |`);
  line(`| IPC messages per second | ${(batches / secs).toFixed(1)} (${batches} in ${secs.toFixed(1)} s) | ≤ 60 |`);
  line(`| events per second (unpacked from the batches) | ${(events / secs).toFixed(0)} | — |`);
});
