// `make bench`: sixteen columns, each streaming ~100 tokens/s of Markdown for ~20 s
// (mock/custom@ttft=100,tps=100,tokens=2000,markdown=1 on the OpenRouter face: headings, a list,
// a fenced code block and a table, over and over), in the real WebKit window. Measured inside the page after a 3 s warm-up:
// frames over 50 ms (gaps between animation frames), long tasks where WebKit reports them
// (PerformanceObserver "longtask"), and the IPC message rate (batches counted by the run store,
// read through `window.__parallaxIpc`). Also, from outside the page (node reads /proc): the CPU
// time of the app's processes (the WebKitWebProcess is the UI) from Send to the last answer's
// end, and PSS summed over the app's process tree before Send and after the run (as
// scripts/bench/app_start_memory.py sums it). And the frame floor: the same frame gaps for 3 s
// with nothing streaming (16 columns picked, before Send), the machine's own jitter.
// Writes Markdown rows to $BENCH_OUT; asserts only that the run happened, never a time.
import assert from "node:assert/strict";
import { appendFileSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { after, test } from "node:test";

import { $, APP_BIN, byTestId, clearPicks, launch, promptField } from "../lib.mjs";

const OUT = process.env.BENCH_OUT;
const COLUMNS = 16;
const WARMUP_MS = 3_000;
const IDLE_MS = 3_000;
const CLK_TCK = 100; // `getconf CLK_TCK` on Linux
let browser;

// --- The app's processes, from /proc (Linux only; every figure is null elsewhere). ---

function procStat(pid) {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = raw.lastIndexOf(")");
    const comm = raw.slice(raw.indexOf("(") + 1, close);
    const f = raw.slice(close + 2).split(" ");
    // After the comm: state(0) ppid(1) … utime(11) stime(12)
    return { pid, comm, ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null;
  }
}

function allProcs() {
  let names = [];
  try {
    names = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  return names.map((d) => procStat(Number(d))).filter(Boolean);
}

/** The app launched by this run's driver (its PARALLAX_DATA_DIR is ours) and its descendants. */
function appTree() {
  const dataDir = process.env.PARALLAX_DATA_DIR;
  const procs = allProcs();
  const root = procs.find((p) => {
    try {
      if (!readlinkSync(`/proc/${p.pid}/exe`).endsWith(APP_BIN.split("/").pop())) return false;
      return !dataDir || readFileSync(`/proc/${p.pid}/environ`, "utf8").split("\0").includes(`PARALLAX_DATA_DIR=${dataDir}`);
    } catch {
      return false;
    }
  });
  if (!root) return [];
  const kids = new Map();
  for (const p of procs) kids.set(p.ppid, [...(kids.get(p.ppid) ?? []), p]);
  const out = [];
  const todo = [root];
  while (todo.length) {
    const p = todo.pop();
    out.push(p);
    todo.push(...(kids.get(p.pid) ?? []));
  }
  return out;
}

function pssKib(pid) {
  try {
    const m = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** CPU seconds by role (the web process draws the UI; the app is the Rust shell) and PSS MiB. */
function sample() {
  const tree = appTree();
  if (tree.length === 0) return null;
  const cpu = { web: 0, app: 0, other: 0 };
  for (const p of tree) {
    const role = p.comm.startsWith("WebKitWebProc") ? "web" : p === tree[0] ? "app" : "other";
    cpu[role] += p.ticks / CLK_TCK;
  }
  return { cpu, pssMib: tree.reduce((a, p) => a + pssKib(p.pid), 0) / 1024, at: performance.now() };
}

const stats = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const p = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p, max: sorted.length ? sorted[sorted.length - 1] : 0, n: sorted.length };
};

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
  // Picks a spec run before left in the preferences (run alone, after large_answers: 8 more columns).
  await clearPicks(browser);
  for (let i = 0; i < COLUMNS; i++) await pick(`mock/custom@ttft=100,tps=100,tokens=2000,markdown=1,tag=bench16-${i}`);
  await (await promptField(browser)).setValue("Sixteen streams (bench)");
  // The floor: frame gaps with the sixteen columns picked and nothing streaming.
  const idle = await browser.executeAsync((ms, done) => {
    const gaps = [];
    const start = performance.now();
    let last = start;
    const tick = (t) => {
      gaps.push(t - last);
      last = t;
      if (t - start < ms) requestAnimationFrame(tick);
      else done(gaps);
    };
    requestAnimationFrame(tick);
  }, IDLE_MS);
  const before = sample();
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
  const end = sample();
  const r = await browser.execute(() => window.__bench);
  await browser.pause(2_000);
  const settled = sample();
  const statuses = await browser.execute(() => Array.from(document.querySelectorAll(".compare .column")).map((c) => c.getAttribute("data-status")));
  assert.equal(statuses.length, COLUMNS);
  assert.ok(statuses.every((s) => s === "done"), JSON.stringify(statuses));

  const secs = (r.t1 - r.t0) / 1000;
  const g = stats(r.gaps);
  const fl = stats(idle);
  const batches = r.ipc1.batches - r.ipc0.batches;
  const events = r.ipc1.events - r.ipc0.events;
  const fmt = (x) => x.toFixed(1);
  line(`| 16 columns × 100 tok/s (Markdown with code blocks and tables), measured ${secs.toFixed(1)} s after a ${WARMUP_MS / 1000} s warm-up | value | target |`);
  line("|---|---|---|");
  line(`| frames | ${g.n} (p50 ${fmt(g.p(0.5))} ms, p95 ${fmt(g.p(0.95))} ms, max ${fmt(g.max)} ms) | — |`);
  line(`| frames over 50 ms | ${r.gaps.filter((x) => x > 50).length} | 0 |`);
  line(`| floor: nothing streaming, ${IDLE_MS / 1000} s | ${fl.n} frames (p50 ${fmt(fl.p(0.5))} ms, p95 ${fmt(fl.p(0.95))} ms, max ${fmt(fl.max)} ms), ${idle.filter((x) => x > 50).length} over 50 ms | — |`);
  line(`| long tasks (> 50 ms) | ${r.longtaskSupported ? r.longtasks.length : "not reported by this WebKit"} | 0 |`);
  line(`| IPC messages per second | ${(batches / secs).toFixed(1)} (${batches} in ${secs.toFixed(1)} s) | ≤ 60 |`);
  line(`| events per second (unpacked from the batches) | ${(events / secs).toFixed(0)} | — |`);
  if (before && end) {
    const wall = (end.at - before.at) / 1000;
    const pct = (x) => `${x.toFixed(1)} s (${((100 * x) / wall).toFixed(0)} % of one core)`;
    line(`| CPU, Send → last answer's end (${wall.toFixed(1)} s): UI (WebKitWebProcess) | ${pct(end.cpu.web - before.cpu.web)} | — |`);
    line(`| CPU, same span: the Rust shell (app process) | ${pct(end.cpu.app - before.cpu.app)} | — |`);
    line(`| CPU, same span: WebKit's other processes (network) | ${pct(end.cpu.other - before.cpu.other)} | — |`);
    line(`| PSS of the app's process tree, before Send → 2 s after the run | ${fmt(before.pssMib)} → ${fmt(settled.pssMib)} MiB (+${fmt(settled.pssMib - before.pssMib)} MiB) | growth ≤ 100 MB |`);
    // Where it is: the web process (the page: JS heap, DOM, WebKit's rendering) or the shell.
    const parts = appTree().map((p) => {
      const roll = (() => {
        try {
          return readFileSync(`/proc/${p.pid}/smaps_rollup`, "utf8");
        } catch {
          return "";
        }
      })();
      const mib = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(roll)?.[1] ?? 0) / 1024;
      return `${p.comm} ${fmt(mib("Pss"))} (anonymous ${fmt(mib("Pss_Anon"))})`;
    });
    line(`| PSS after the run, per process, MiB | ${parts.join("; ")} | — |`);
  } else {
    line("| CPU and PSS | the app's processes were not found in /proc | — |");
  }
});
