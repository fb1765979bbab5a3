// Driven by profile_stream.sh: connects to WebKit's remote inspector, sends the prompt to the
// picked columns, records frame gaps in the page, and reports either a ScriptProfiler summary
// (`profile`: the functions with the most samples, self and total), memory (`memory`: the web
// process's PSS before, after, and after a full GC; the JS heap's size by class from a heap
// snapshot), layout (`layout`: the DOM changes by target and by column while streaming; halfway,
// how far each column follows its end and what a whole-page layout costs; at the end, what one
// small change — in the sidebar, a column's head, a column's answer — costs to lay out) or frames
// (`frames`: each frame's time split between the page's animation-frame callbacks, its timers
// and the rest, with the layout a column forces when it follows its end). Frame gaps are
// requestAnimationFrame intervals, as tests/e2e/bench/stream16 reads them. (WebKitGTK's
// Timeline and ScriptProfiler give every record and sample a zero timestamp, so the frames mode
// times in the page instead.)
//
// Every mode prints the CPU time the app's processes used from Send to the end, the web process
// by thread (its main thread runs script, style, layout and painting). In `frames` mode,
// STYLE_SPLIT=1 times the style part of each forced layout apart, and MUTS=2 lists every DOM
// change, by column, of the frames whose first forced layout took over 8 ms; the `layout` mode
// also times what one small change costs halfway through the stream.
//
// For experiments without a rebuild: PROBE_CSS (a style sheet added before Send), PROBE_JS (run
// in the page before Send), SNAP=file.png (a picture of the window halfway; overflowed areas are
// drawn unscrolled); AFTER_JS (run once the run is over, before the memory readings: e.g.
// swapping the code's styled spans for classes, to weigh them). In `memory` mode, SMAPS=1 adds
// the web process's PSS by kind of mapping (smaps_by_kind.py) to each reading, and
// HEAP_IN_COMPARE=1 weighs the JS heap by class before leaving Compare as well as after;
// MEMDOMAIN=1 adds WebKit's own account by category (the inspector's Memory domain: its
// "javascript" is the GC heap's capacity, live cells or not). The memory mode ends back in
// Compare, the same answers drawn afresh, to weigh what streaming left behind.
import { execSync } from "node:child_process";
import { connect, printProfile, sleep } from "./inspector.mjs";

const MODE = process.argv[2] ?? "profile"; // profile | memory | layout | frames | send
const APP_PID = process.argv[3];
const inspector = await connect("profile_stream");
const { send, evaluate } = inspector;
// Wait for the app, then type the prompt and send.
const N = Number(process.env.N ?? 16);
const picked = async () => evaluate(`document.querySelector('[data-testid="prompt"]') ? document.querySelectorAll('[data-testid="selected-model"]').length : -1`);
for (let i = 0; i < 200 && (await picked()) !== N; i++) await sleep(100);
if ((await picked()) !== N) {
  console.error(`profile_stream: the app did not show the ${N} seeded picks (preferences.json not read?)`);
  process.exit(1);
}
await sleep(1500);
await evaluate(`(() => { const t = document.querySelector('[data-testid="prompt"]'); const set = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set; set.call(t, 'Sixteen streams (profile)'); t.dispatchEvent(new Event('input', { bubbles: true })); })()`);
await sleep(800);
const SMAPS_BY_KIND = new URL("./smaps_by_kind.py", import.meta.url).pathname;
const pss = async () =>
  execSync(`for p in $(pgrep -P ${APP_PID} -f WebKitWebProcess); do grep -E '^(Pss|Pss_Anon):' /proc/$p/smaps_rollup | tr -s ' \n' ' '; done`).toString().trim() + (process.env.SMAPS ? " " + execSync(`for p in $(pgrep -P ${APP_PID} -f WebKitWebProcess); do python3 ${SMAPS_BY_KIND} $p; done`).toString().trim() : "");
// CPU time (s) of the app's processes, the web process by thread name (its main thread runs
// script, style, layout and painting; which others work is the question): a figure that moves
// less between runs than frame gaps on a shared two-core machine.
const cpu = () => {
  const out = {};
  const tick = 100; // USER_HZ
  const add = (k, v) => (out[k] = (out[k] ?? 0) + v / tick);
  const read = (f) => { const t = (execSync(`cat ${f} 2>/dev/null || true`).toString()); const m = /\((.*)\) \S+ (.*)/.exec(t); if (!m) return null; const x = m[2].split(" "); return { name: m[1], used: Number(x[10]) + Number(x[11]) }; };
  const self = read(`/proc/${APP_PID}/stat`);
  if (self) add("app (Rust, IPC)", self.used);
  for (const p of execSync(`pgrep -P ${APP_PID} -f WebKitWebProcess || true`).toString().split(/\s+/).filter(Boolean)) {
    for (const t of execSync(`ls /proc/${p}/task`).toString().split(/\s+/).filter(Boolean)) {
      const r = read(`/proc/${p}/task/${t}/stat`);
      if (r) add(`web: ${t === p ? "main thread" : r.name.replace(/\d+$/, "#")}`, r.used);
    }
  }
  return out;
};
// MEMDOMAIN=1: WebKit's own account of the web process's memory by category (the inspector's
// Memory domain: javascript, jit, images, layers, page, other), the latest sample at each reading.
if (process.env.MEMDOMAIN) await send("Memory.startTracking");
const webkitMemory = async () => {
  if (!process.env.MEMDOMAIN) return "";
  await sleep(600);
  const last = inspector.events.filter((e) => e.method === "Memory.trackingUpdate").pop();
  return last ? " webkit:" + last.params.event.categories.map((c) => ` ${c.type}=${(c.size / 2 ** 20).toFixed(1)}M`).join("") : " webkit: no sample";
};
const cpuBefore = cpu();
console.log("before:", await pss(), await webkitMemory());
// frame recorder
await evaluate(`(() => { const r = window.__rec = { gaps: [], last: performance.now() }; const tick = (t) => { r.gaps.push(t - r.last); r.last = t; if (!r.stop) requestAnimationFrame(tick); }; requestAnimationFrame(tick); })()`);
// PROFILE_FROM_S: start sampling that many seconds after Send (e.g. the end of the streams).
if (MODE === "profile" && !process.env.PROFILE_FROM_S) await send("ScriptProfiler.startTracking", { includeSamples: true });
if (MODE === "frames") {
  // Each frame's time split by who ran: the page's animation-frame callbacks (the run store's
  // flush: React's render, commit and effects, with the layout an effect forces), its intervals
  // and timeouts (the live clock, off-screen catch-up), and the rest (WebKit's own style,
  // layout and painting; IPC; what no wrapper sees).
  await evaluate(`(() => {
    const zero = () => ({ style: 0, raf: 0, interval: 0, timeout: 0, rafN: 0, intervalN: 0, forced: 0, reads: 0, pre: 0, first: 0, slowReads: 0 });
    const rec = (window.__frames = []);
    let cur = zero();
    const raf = window.requestAnimationFrame.bind(window);
    // Until a microtask queued after the callback: React renders a store's update in a microtask.
    const timed = (key, count) => (cb) => function (...a) { const s = performance.now(); try { return cb.apply(this, a); } finally { const c = cur; queueMicrotask(() => { c[key] += performance.now() - s; }); if (count) cur[count] += 1; } };
    // What was left to lay out when a frame's callbacks start (dirtied between frames: IPC, timers).
    window.requestAnimationFrame = (cb) => raf((t) => { const s = performance.now(); document.documentElement.offsetHeight; cur.pre += performance.now() - s; return timed("raf", "rafN")(cb)(t); });
    const si = window.setInterval.bind(window), st = window.setTimeout.bind(window);
    window.setInterval = (cb, ms, ...a) => si(timed("interval", "intervalN")(cb), ms, ...a);
    window.setTimeout = (cb, ms, ...a) => (typeof cb === "function" ? st(timed("timeout")(cb), ms, ...a) : st(cb, ms, ...a));
    // The layout a column forces when it follows its end (reading scrollHeight): style and layout.
    const h = Object.getOwnPropertyDescriptor(Element.prototype, "scrollHeight");
    // STYLE_SPLIT=1: the style part of it first (a computed colour resolves style, not layout).
    const split = ${process.env.STYLE_SPLIT ? "true" : "false"};
    Object.defineProperty(Element.prototype, "scrollHeight", { get() { cur.reads += 1; if (split) { const s0 = performance.now(); getComputedStyle(this).color; cur.style = (cur.style ?? 0) + performance.now() - s0; } const s = performance.now(); try { return h.get.call(this); } finally { const d = performance.now() - s; cur.forced += d; if (cur.reads === 1) cur.first = d; if (d > 0.5) cur.slowReads += 1; } }, configurable: true });
    let last = performance.now();
    // DOM changes by kind in each frame (for the slow ones).
    let muts = {};
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        const where = ${process.env.MUTS === "2" ? "true" : "false"} ? " @" + (el?.closest(".column")?.getAttribute("data-testid") ?? (el?.closest(".shell > :first-child") ? "sidebar" : el?.closest(".race") ? "race" : "outside:" + (el?.closest("[class]")?.getAttribute("class") ?? "?").split(" ")[0])) : "";
        const k = r.type + (r.attributeName ? ":" + r.attributeName : "") + " " + (el ? el.tagName + "." + String(el.getAttribute("class") ?? "").split(" ")[0] : "?") + where;
        muts[k] = (muts[k] ?? 0) + 1;
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    const tick = (t) => { rec.push({ gap: t - last, ...cur, streaming: document.querySelectorAll(".column.status-streaming").length, size: (() => { const c = document.querySelector(".column"); return c ? c.style.width + "×" + c.style.height : ""; })(), muts: Object.entries(muts).sort((a, b) => b[1] - a[1]).slice(0, ${process.env.MUTS === "2" ? 40 : 6}).map(([k, v]) => v + " " + k).join("; ") }); muts = {}; cur = zero(); last = t; if (!window.__framesStop) raf(tick); };
    raf(tick);
  })()`);
}
if (process.env.PROBE_CSS) await evaluate(`document.head.append(Object.assign(document.createElement("style"), { textContent: ${JSON.stringify(process.env.PROBE_CSS)} }))`);
if (process.env.PROBE_JS) await evaluate(process.env.PROBE_JS);
if (MODE === "layout") {
  await evaluate(`(() => {
    const by = (window.__mutations = {});
    const name = (n) => (n ? n.tagName + "." + String(n.getAttribute("class") ?? "").split(" ")[0] : "?");
    new MutationObserver((records) => {
      for (const r of records) {
        const key = r.type + (r.attributeName ? ":" + r.attributeName : "") + " " + name(r.target.nodeType === 1 ? r.target : r.target.parentElement);
        by[key] = (by[key] ?? 0) + 1;
        const col = (r.target.nodeType === 1 ? r.target : r.target.parentElement)?.closest?.(".column");
        const ck = "column " + (col ? col.getAttribute("data-testid") + (col.getBoundingClientRect().right > 0 && col.getBoundingClientRect().left < innerWidth ? " (on screen)" : "") : "none");
        by[ck] = (by[ck] ?? 0) + 1;
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  })()`);
}
// What one change costs to lay out (ms, four times), and a whole-page layout (a width change).
const layoutCosts = `(() => {
  const time = (change, undo = () => {}) => { const r = []; for (let i = 0; i < 4; i++) { change(i); const t = performance.now(); document.body.offsetHeight; r.push(Math.round(performance.now() - t)); } undo(); return r.join(" "); };
  const side = document.querySelector(".shell > :first-child");
  const head = document.querySelector(".column .column-provider");
  const tail = document.querySelector(".column-body .md > :last-child");
  return {
    "whole page": time((i) => { document.documentElement.style.width = 1279 - i + "px"; }, () => { document.documentElement.style.width = ""; }),
    sidebar: time(() => side?.append("s")),
    "a column's head": time(() => head?.append("s")),
    "a column's answer": time(() => tail?.append(" word")),
    "a column's answer, a new paragraph": time(() => { const p = document.createElement("p"); p.textContent = "A new paragraph of a few words that wraps over two or three lines here."; document.querySelector(".column-body .md")?.append(p); }),
    "an off-screen column's answer, a new paragraph": time(() => { const p = document.createElement("p"); p.textContent = "A new paragraph of a few words that wraps over two or three lines here."; document.querySelector("[data-testid=column-12] .column-body .md")?.append(p); }),
    "a column's answer, a new code line": time(() => { const c = document.querySelector(".column-body .md pre code"); c?.append("let x = 1; "); }),
    "a column's footer, 1 px taller": time((i) => { const m = document.querySelector(".column .metrics"); if (m) m.style.paddingBottom = 10 + i + "px"; }),
    "every column's footer, 1 px taller": time((i) => { for (const m of document.querySelectorAll(".column .metrics")) m.style.paddingBottom = 20 + i + "px"; }),
    "a column 1 px narrower": time((i) => { const c = document.querySelector(".column"); if (c) c.style.width = 230 - i + "px"; }),
    "every column 1 px narrower": time((i) => { for (const c of document.querySelectorAll(".column")) c.style.width = 220 - i + "px"; }),
    "every column's status class": time((i) => { for (const c of document.querySelectorAll(".column")) c.classList.toggle("status-x" + i); }),
    "every column 10 px shorter": time((i) => { for (const c of document.querySelectorAll(".column")) c.style.height = 590 - i + "px"; }),
    "every column's body 10 px shorter": time((i) => { for (const c of document.querySelectorAll(".column-body")) c.style.maxHeight = 400 - i + "px"; }),
    "the page 1 px shorter": time((i) => { document.documentElement.style.height = 799 - i + "px"; document.body.style.height = 799 - i + "px"; }),
  };
})()`;
// MODE=send: what the click on Send costs before the columns are first painted: the click's
// own script (React renders a click's update at once), then the frame that lays out and paints
// the grid, sampled by the ScriptProfiler (SEND_PROFILE=1).
if (MODE === "send") {
  if (process.env.SEND_PROFILE) await send("ScriptProfiler.startTracking", { includeSamples: true });
  await evaluate(`window.__send = undefined`);
  if (process.env.FORCED) {
    await evaluate(`(() => {
      const forced = (window.__forced = []);
      const t0 = () => window.__sendAt ?? 0;
      const wrap = (proto, name, kind) => {
        const d = Object.getOwnPropertyDescriptor(proto, name);
        const timed = (f) => function (...a) { const s = performance.now(); const r = f.apply(this, a); const ms = performance.now() - s; if (ms > 2) forced.push({ at: s - t0(), ms, what: name + " of " + (this.className || this.tagName) + " " + (new Error().stack ?? "").split("\\n").slice(1, 1 + ${Math.max(3, Number(process.env.FORCED))}).map((l) => l.split("@")[0]).join(" < ") }); return r; };
        if (kind === "get") Object.defineProperty(proto, name, { ...d, get: timed(d.get) });
        else proto[name] = timed(d.value);
      };
      wrap(Element.prototype, "getBoundingClientRect", "fn");
      for (const n of ["offsetLeft", "offsetTop", "offsetWidth", "offsetHeight"]) wrap(HTMLElement.prototype, n, "get");
      for (const n of ["scrollHeight", "clientHeight", "scrollTop"]) wrap(Element.prototype, n, "get");
    })()`);
  }
  // Every frame for 1.5 s after the click: when the columns first show, and the longest gap.
  await evaluate(`void new Promise((done) => { const cols = () => document.querySelectorAll('.compare .column').length; const t0 = (window.__sendAt = performance.now()); document.querySelector('[data-testid="send"]').click(); const click = performance.now() - t0; const gaps = []; let last = performance.now(); let shown = null; const tick = (t) => { const now = performance.now(); if (window.__forced) window.__forced.push({ at: now - t0, ms: 0, what: "— frame, gap " + (now - last).toFixed(0) + " ms" }); gaps.push(now - last); last = now; if (shown === null && cols() > 0) shown = { at: now - t0, gap: gaps[gaps.length - 1] }; if (now - t0 < ${Number(process.env.SEND_WATCH_MS ?? 1500)}) requestAnimationFrame(tick); else done("click " + click.toFixed(1) + ", columns drawn by the frame at " + (shown ? shown.at.toFixed(0) + " ms (its gap " + shown.gap.toFixed(0) + " ms)" : "never") + ", longest gap " + Math.max(...gaps).toFixed(0) + " ms, gaps over 50 ms: " + gaps.filter((g) => g > 50).map((g) => g.toFixed(0)).join(" ") + "; columns " + cols() + ", elements " + document.getElementsByTagName('*').length); }; requestAnimationFrame(tick); }).then((r) => { window.__send = r; })`);
  // (The inspector's evaluate does not wait for a promise: its result is read once there.)
  let sent;
  for (let i = 0; i < 400 && sent === undefined; i++) await sleep(50), (sent = await evaluate(`window.__send`));
  console.log("send (ms):", sent);
  // SEND_WATCH_MS: how long the frames are watched after the click (1,500 ms unless told).
  // FORCED=1: every forced layout over 2 ms in that time (a geometry read that laid the page
  // out), when it came after the click and what read it (FORCED=N: N frames of its stack).
  if (process.env.FORCED) console.log((await evaluate(`(window.__forced ?? []).map((f) => f.at.toFixed(0) + " ms: " + f.ms.toFixed(1) + " ms " + f.what).join("\\n")`)) || "no forced layout over 2 ms");
  if (process.env.SEND_PROFILE) await printProfile(inspector, Number(process.env.PROFILE_TOP ?? 40));
  process.exit(0);
}
await evaluate(`document.querySelector('[data-testid="send"]').click()`);
const t0 = Date.now();
let halfway = false;
let profiling = false;
for (let i = 0; i < 600; i++) {
  await sleep(500);
  if (MODE === "profile" && process.env.PROFILE_FROM_S && !profiling && Date.now() - t0 > Number(process.env.PROFILE_FROM_S) * 1000) {
    profiling = true;
    await send("ScriptProfiler.startTracking", { includeSamples: true });
  }
  if (!halfway && Date.now() - t0 > 8000) {
    halfway = true;
    if (MODE === "layout") {
      console.log("halfway, each column scrolled to / could scroll to:", await evaluate(`Array.from(document.querySelectorAll('.column-body')).map((b) => b.scrollTop + "/" + (b.scrollHeight - b.clientHeight)).join(" ")`));
      console.log("halfway, elements:", await evaluate(`document.getElementsByTagName("*").length`), "layout costs while streaming (ms):", JSON.stringify(await evaluate(`(${layoutCosts})`)));
    }
    if (process.env.SNAP) {
      const r = await send("Page.snapshotRect", { x: 0, y: 0, width: 1280, height: 800, coordinateSystem: "Viewport" });
      (await import("node:fs")).writeFileSync(process.env.SNAP, Buffer.from((r.result?.dataURL ?? ",").split(",")[1], "base64"));
    }
  }
  const st = await evaluate(`Array.from(document.querySelectorAll('.compare .column')).map(c => c.getAttribute('data-status')).join(',')`);
  if (st && !/pending|streaming/.test(st) && Date.now() - t0 > 3000) break;
}
console.log("stream took", (Date.now() - t0) / 1000, "s");
const gaps = await evaluate(`(() => { window.__rec.stop = true; return window.__rec.gaps; })()`);
const s = [...gaps].sort((a, b) => a - b);
console.log("frames", s.length, "p50", s[s.length >> 1]?.toFixed(0), "p95", s[Math.floor(s.length * 0.95)]?.toFixed(0), "over50", s.filter((x) => x > 50).length);
{
  const after = cpu();
  const used = Object.entries(after).map(([k, v]) => [k, v - (cpuBefore[k] ?? 0)]).filter(([, v]) => v >= 0.05).sort((a, b) => b[1] - a[1]);
  console.log(`CPU from Send to the end (s): ${used.map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ")}`);
}
console.log("after:", await pss());
// REPORT_JS: evaluated in the page once the run is over, its result printed (what a PROBE_JS gathered).
// (Evaluated again every 100 ms while it returns null: an asynchronous probe reports when done.)
if (process.env.REPORT_JS) {
  let r = null;
  for (let i = 0; i < 300 && r == null; i++) (r = await evaluate(process.env.REPORT_JS)) == null && (await sleep(100));
  console.log(r);
}
if (MODE === "memory") console.log("elements:", await evaluate(`document.getElementsByTagName("*").length`), "styled spans in code:", await evaluate(`document.querySelectorAll(".md-code span[style]").length`), "code lines:", await evaluate(`document.querySelectorAll(".md-line").length`), "distinct styles:", await evaluate(`new Set(Array.from(document.querySelectorAll(".md-code span[style]"), (e) => e.getAttribute("style"))).size`), "answer chars:", await evaluate(`Array.from(document.querySelectorAll(".md")).reduce((a, e) => a + e.textContent.length, 0)`));
if (MODE === "profile") {
  await printProfile(inspector);
}
if (MODE === "frames") {
  const frames = (await evaluate(`(() => { window.__framesStop = true; return window.__frames; })()`)).slice(Number(process.env.SKIP_FRAMES ?? 60));
  const avg = (xs, k) => (xs.reduce((a, f) => a + f[k], 0) / Math.max(1, xs.length)).toFixed(1);
  const show = (label, xs) => console.log(`${label}: ${xs.length} frames, gap ${avg(xs, "gap")} ms = rAF ${avg(xs, "raf")} (${avg(xs, "rafN")} callbacks) + intervals ${avg(xs, "interval")} (${avg(xs, "intervalN")}) + timeouts ${avg(xs, "timeout")} + the rest; layout forced inside those ${avg(xs, "forced")} (${avg(xs, "reads")} reads, ${avg(xs, "slowReads")} over 0.5 ms, the first ${avg(xs, "first")}), pending at the frame's start ${avg(xs, "pre")}${process.env.STYLE_SPLIT ? `; style resolved before the forced reads ${avg(xs, "style")}` : ""}`);
  show(`all frames after the first ${process.env.SKIP_FRAMES ?? 60}`, frames);
  show("frames over 50 ms", frames.filter((f) => f.gap > 50));
  show("frames over 80 ms", frames.filter((f) => f.gap > 80));
  show("frames with an interval", frames.filter((f) => f.intervalN > 0));
  show("frames without", frames.filter((f) => f.intervalN === 0));
  console.log("frames over 80 ms (gap, columns streaming):", frames.filter((f) => f.gap > 80).map((f) => `${f.gap.toFixed(0)} (${f.streaming})`).join(", "));
  // MUTS=2: every change of the frames whose first forced read took over 8 ms, by where it was.
  if (process.env.MUTS === "2") for (const f of frames.filter((f) => f.first > 8).slice(0, 12)) console.log(`  read ${f.first.toFixed(1)} ms (frame ${f.gap.toFixed(0)}): ${f.muts}`);
  else if (process.env.MUTS) for (const f of frames.filter((f) => f.gap > 80)) console.log(`  ${f.gap.toFixed(0)} ms, ${f.streaming} streaming, column 0 ${f.size}; DOM changes before it: ${f.muts}`);
}
if (MODE === "layout") {
  console.log("DOM changes while streaming, by kind and target:");
  for (const [k, v] of Object.entries(await evaluate(`window.__mutations`)).sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  ${v} ${k}`);
  console.log("at the end, layout costs (ms):", JSON.stringify(await evaluate(layoutCosts)));
}
if (MODE === "memory") {
  // How the memory settles on its own (no forced collection), then after a full one.
  let waited = 0;
  if (process.env.AFTER_JS) console.log("AFTER_JS:", await evaluate(process.env.AFTER_JS));
  for (const at of [2, 5, 10, 20, 30]) {
    await sleep((at - waited) * 1000);
    waited = at;
    console.log(`${at} s after the run:`, await pss(), await webkitMemory());
  }
  await send("Heap.gc");
  await sleep(1000);
  console.log("after gc:", await pss(), await webkitMemory());
  if (process.env.HEAP_IN_COMPARE) await heapByClass("in Compare");
  // What the answers on screen hold: the same after leaving Compare (its DOM dropped) and a GC;
  // then back, Compare drawing the same answers afresh (nothing streamed), to weigh what the
  // streaming left behind against what the answers themselves need.
  await visit("Settings", 2000, "in Settings");
  await visit("Compare", 4000, "back in Compare");
}
/** Opens the room named `room` from the sidebar, waits, collects, and weighs the memory. */
async function visit(room, waitMs, where) {
  await evaluate(`(() => { const a = Array.from(document.querySelectorAll("nav a, nav button")).find((x) => /${room}/.test(x.textContent)); a?.click(); return !!a; })()`);
  await sleep(waitMs);
  await send("Heap.gc");
  await sleep(1000);
  console.log(`${where}, after gc:`, await pss(), await webkitMemory(), "elements:", await evaluate(`document.getElementsByTagName("*").length`));
  await heapByClass(where);
}
/** The JS heap's own size (cells), by class: what the page holds, apart from WebKit's native memory. */
async function heapByClass(where) {
  const snap = JSON.parse((await send("Heap.snapshot")).result?.snapshotData ?? "{}");
  const stride = 4; // id, size, class name index, flags
  const byClass = new Map();
  let heap = 0;
  for (let i = 0; i + stride <= (snap.nodes?.length ?? 0); i += stride) {
    const name = snap.nodeClassNames[snap.nodes[i + 2]];
    byClass.set(name, (byClass.get(name) ?? 0) + snap.nodes[i + 1]);
    heap += snap.nodes[i + 1];
  }
  console.log(`JS heap after GC, ${where}: ${(heap / 2 ** 20).toFixed(1)} MiB; largest classes:`);
  for (const [k, v] of [...byClass].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${(v / 2 ** 20).toFixed(1)} MiB ${k}`);
}
inspector.close();
process.exit(0);
