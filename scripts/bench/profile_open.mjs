// Driven by profile_open.sh: opens saved comparisons from History in the app's window, through
// WebKit's remote inspector, and reports for ten clicks (after three to warm up) the time from
// the click until that comparison's prompt is in the page ("ready") and until two frames later
// ("painted", as tests/e2e/bench/history_seeded reads it). PROFILE=1 adds a ScriptProfiler
// summary (the functions with the most samples, self and total); READS=1 wraps the layout reads
// (offset*, client*, scroll*, getBoundingClientRect) and lists those over 0.5 ms by caller: a
// read that slow forced a layout. SCROLL=1 scrolls the list 8,000 px first (as the bench does).
// ANALYTICS=1 instead opens Analytics over all history five times, each after a reload, with the
// command's own time from the page; there FILL=1 times the canvas's drawing calls, PROFILE=1
// profiles the last open, EXPERIMENT_JS runs an expression in the page and prints its value.
// For the opens: HOVER=1 (the pointer rests on the row first), SPLIT=1 (what each open drew and
// what came after it, below), CALLS=1 (the two reads alone for the same comparisons), PROBE_CSS
// (a style sheet, e.g. hiding the answers, to weigh a part of the view), SNAP=file.png (a
// picture of the window after the last open). WARMUP=N: the opens before the ten (3 unless told),
// their figures printed too (the session's first open is the slow one); PROFILE_FIRST=1 profiles
// those instead and stops (WARMUP=1: the first open alone); BEFORE_JS runs in the page before
// them (e.g. drawing a comparison in Compare first, to see what warms the first open).
import { connect, printProfile, sleep } from "./inspector.mjs";

const inspector = await connect("profile_open");
const { send, evaluate } = inspector;
await sleep(3000);
if (process.env.ANALYTICS) await analytics();
await evaluate(`location.hash = "#/history"`);
for (let i = 0; i < 100; i++) { if (await evaluate(`document.querySelectorAll('[data-testid="history-item"]').length`) > 5) break; await sleep(200); }
await sleep(2000);
// SPLIT=1 adds, for each open, what came after the figures the bench reads, watched for 800 ms
// from the click: when the runs-of-this-prompt table appeared and last changed, and how far the
// columns moved down after they were first shown (a shift a person sees).
const openIn = (i) => evaluate(`window.__res = null; new Promise((done) => {
  const items = document.querySelectorAll('[data-testid="history-item"]');
  const id = items[${i}].dataset.id;
  const t0 = performance.now(); window.__t0 = t0;
  items[${i}].click();
  const colsTop = () => document.querySelector('.history-detail [data-testid^="column-"]')?.getBoundingClientRect().top ?? 0;
  const tick = () => {
    const p = document.querySelector('.history-detail [data-testid="history-prompt"]');
    if (!(p && p.dataset.id === id)) return requestAnimationFrame(tick);
    const ready = performance.now() - t0;
    const top0 = colsTop();
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const painted = performance.now() - t0;
      const figures = Math.round(ready) + "/" + Math.round(painted);
      if (!${process.env.SPLIT ? 1 : 0}) return done(figures);
      let runsAt = 0, rows = -1, lastChange = 0;
      const watch = () => {
        const now = performance.now() - t0;
        const t = document.querySelector('.history-detail [data-testid="runs-table"]');
        const text = t ? t.textContent.length : -1;
        if (t && !runsAt) runsAt = now;
        if (text !== rows) { rows = text; lastChange = now; }
        if (now < 800) return requestAnimationFrame(watch);
        done(figures + " (runs " + (runsAt ? Math.round(runsAt) + "→" + Math.round(lastChange) : "none") + ", columns moved " + Math.round(colsTop() - top0) + " px)");
      };
      watch();
    }));
  };
  tick();
}).then((v) => (window.__res = v)), 1`);
// HOVER=1: the pointer rests on the row 150 ms before each click (the routes' intent preload reads
// it first), as the bench's second figure.
const open = async (i) => { if (process.env.HOVER) { await evaluate(`document.querySelectorAll('[data-testid="history-item"]')[${i}].dispatchEvent(new MouseEvent("mouseover", { bubbles: true, relatedTarget: document.body })), 1`); await sleep(150); } await openIn(i); for (let k = 0; k < 100; k++) { const r = await evaluate("window.__res"); if (r) return { v: r }; await sleep(20); } return { v: "timeout" }; };
if (process.env.READS) await evaluate(`(() => { window.__reads = []; const wrap = (proto, name, getter) => { const d = Object.getOwnPropertyDescriptor(proto, name); if (getter) Object.defineProperty(proto, name, { ...d, get() { const t = performance.now(); const v = d.get.call(this); const ms = performance.now() - t; if (ms > 0.5) window.__reads.push({ name, ms, stack: new Error().stack.split("\\n").slice(1, 6).join(" < ") }); return v; } }); else { const f = d.value; proto[name] = function (...a) { const t = performance.now(); const v = f.apply(this, a); const ms = performance.now() - t; if (ms > 0.5) window.__reads.push({ name, ms, stack: new Error().stack.split("\\n").slice(1, 6).join(" < ") }); return v; }; } }; for (const n of ["offsetLeft", "offsetTop", "offsetWidth", "offsetHeight", "scrollHeight", "clientHeight", "clientWidth", "scrollTop"]) wrap(HTMLElement.prototype, n, true); for (const n of ["scrollHeight", "clientHeight", "clientWidth", "scrollTop"]) { try { wrap(Element.prototype, n, true); } catch {} } wrap(Element.prototype, "getBoundingClientRect", false); })()`);
// SCROLL=1: the list scrolled 8,000 px first, as the bench scrolls it before opening.
if (process.env.SCROLL) { for (let k = 0; k < 40; k++) { await evaluate(`document.querySelector('[data-testid="history-rows"]').scrollTop += 200; 1`); await sleep(50); } await sleep(1000); }
// PROBE_CSS: a style sheet added before the opens (what a part of the view costs to draw).
if (process.env.PROBE_CSS) await evaluate(`(() => { const st = document.createElement("style"); st.textContent = ${JSON.stringify(process.env.PROBE_CSS)}; document.head.append(st); return 1; })()`);
// warm-up (WARMUP=N opens, 3 unless told; printed: the first open of a session is the slow one)
// BEFORE_JS: run in the page before the first open (an experiment: what warms the first open?).
if (process.env.BEFORE_JS) { console.log("BEFORE_JS:", await evaluate(process.env.BEFORE_JS)); await sleep(3000); }
const warm = [];
// PROFILE_FIRST=1: profile the warm-up's opens instead (with WARMUP=1, the session's first open).
if (process.env.PROFILE_FIRST) await send("ScriptProfiler.startTracking", { includeSamples: true });
for (let i = 0; i < Number(process.env.WARMUP ?? 3); i++) { warm.push((await open(i)).v); await sleep(300); }
console.log("warm-up ready/painted ms:", warm.join(" "));
if (process.env.PROFILE_FIRST) {
  await printProfile(inspector, Number(process.env.PROFILE_TOP ?? 40));
  inspector.close();
  process.exit(0);
}
if (process.env.PROFILE) await send("ScriptProfiler.startTracking", { includeSamples: true });
const times = [];
for (let i = 3; i < 13; i++) {
  const t = await open(i);
  // SPLIT=1: what the opened comparison drew (elements in the view, characters of answers).
  if (process.env.SPLIT) t.v += " [" + (await evaluate(`document.querySelector(".history-detail").getElementsByTagName("*").length + " el, " + [...document.querySelectorAll('.history-detail [data-testid^="column-"] .md')].map((m) => m.textContent.length).join("+") + " chars"`)) + "]";
  times.push(t);
  await sleep(400);
}
if (process.env.SNAP) {
  const r = await send("Page.snapshotRect", { x: 0, y: 0, width: 1280, height: 800, coordinateSystem: "Viewport" });
  (await import("node:fs")).writeFileSync(process.env.SNAP, Buffer.from((r.result?.dataURL ?? ",").split(",")[1], "base64"));
}
console.log("ready/painted ms:", times.map((t) => t.v ?? t).join(" "));
// CALLS=1: the command that reads a comparison, alone from the page, for the ten opened (its
// invoke cannot be wrapped to time it inside the opens: Tauri defines it read-only).
if (process.env.CALLS) {
  const ms = [];
  for (let i = 3; i < 13; i++) {
    await evaluate(`window.__res = null; (() => { const id = document.querySelectorAll('[data-testid="history-item"]')[${i}].dataset.id; const t0 = performance.now(); return window.__TAURI_INTERNALS__.invoke("get_comparison", { id }).then((v) => (window.__res = JSON.stringify({ ms: Math.round(performance.now() - t0), bytes: JSON.stringify(v).length }))); })(); 1`);
    let r = null;
    for (let k = 0; k < 200 && !r; k++) { await sleep(10); r = await evaluate("window.__res"); }
    ms.push(r);
  }
  console.log("get_comparison alone:", ms.join(" "));
  // And the runs of the same prompt, which History's route reads beside it.
  const runs = [];
  for (let i = 3; i < 13; i++) {
    await evaluate(`window.__res = null; (() => { const id = document.querySelectorAll('[data-testid="history-item"]')[${i}].dataset.id; const filter = { model: null, provider: null, since_ms: null, until_ms: null, status: null, min_cost_usd: null, max_cost_usd: null, has_vote: null, tag: null, same_prompt_as: id }; const t0 = performance.now(); return window.__TAURI_INTERNALS__.invoke("list_comparisons", { before: null, filter }).then((v) => (window.__res = JSON.stringify({ ms: Math.round(performance.now() - t0), runs: v.length }))); })(); 1`);
    let r = null;
    for (let k = 0; k < 200 && !r; k++) { await sleep(10); r = await evaluate("window.__res"); }
    runs.push(r);
  }
  console.log("list_comparisons (same prompt) alone:", runs.join(" "));
}
if (process.env.READS) { const r = await evaluate("window.__reads"); console.log("slow reads over 10 opens:", r.length, "ms", r.reduce((a, x) => a + x.ms, 0).toFixed(0)); const by = new Map(); for (const x of r) { const k = x.name + " @ " + x.stack.slice(0, 160); by.set(k, [(by.get(k)?.[0] ?? 0) + 1, (by.get(k)?.[1] ?? 0) + x.ms]); } for (const [k, [n, ms]] of [...by].sort((a, b) => b[1][1] - a[1][1]).slice(0, 15)) console.log(n, ms.toFixed(0), "ms", k); }
if (process.env.PROFILE) {
  await printProfile(inspector, 50);
}
inspector.close();
process.exit(0);

/**
 * ANALYTICS=1: Analytics over all the history, opened five times, each after a reload of the
 * page (a fresh page: its code not yet run, nothing in the query cache), with when each step
 * happened: the room's code fetched, each command's call and reply, the figures in the page,
 * two frames later (what the bench reads). PROFILE=1 adds the ScriptProfiler summary.
 */
async function analytics() {
  for (let i = 0; i < 5; i++) {
    await evaluate(`location.hash = "#/compare"; location.reload(); 1`);
    await sleep(4000);
    await evaluate(`(() => { window.__calls = []; const I = window.__TAURI_INTERNALS__; const f = I.invoke; I.invoke = function (cmd, ...a) { const c = { cmd, start: performance.now() }; window.__calls.push(c); const p = f.call(this, cmd, ...a); p.then(() => (c.end = performance.now()), () => (c.end = performance.now())); return p; }; return 1; })()`);
    // PROFILE=1: the last open only (the reloads before it run the whole app's start).
    if (process.env.PROFILE && i === 4) await send("ScriptProfiler.startTracking", { includeSamples: true });
    if (process.env.FILL) await evaluate(`(() => { const P = CanvasRenderingContext2D.prototype; window.__fill = { n: 0, ms: 0, w: 0, h: 0 }; for (const name of ["fill", "stroke", "fillText", "clearRect"]) { const f = P[name]; P[name] = function (...a) { const t = performance.now(); const v = f.apply(this, a); window.__fill.ms += performance.now() - t; window.__fill.n += 1; window.__fill[name] = (window.__fill[name] ?? 0) + performance.now() - t; if (name === "fill") (window.__fill.calls ??= []).push([+(performance.now() - t).toFixed(1), String(this.fillStyle), a.length, this.globalAlpha, this.globalCompositeOperation, this.shadowBlur, this.canvas.isConnected]); window.__fill.w = this.canvas.width; window.__fill.h = this.canvas.height; return v; }; } return 1; })()`);
    await evaluate(`window.__res = null; new Promise((done) => { const t0 = performance.now(); location.hash = "#/analytics?range=all"; const tick = () => { if (document.querySelectorAll('[data-testid="an-model-row"]').length > 0 && (document.querySelector('[data-testid="spend-chart"]')?.dataset.points ?? "0") !== "0") { const ready = performance.now() - t0; return requestAnimationFrame(() => requestAnimationFrame(() => done(JSON.stringify({ t0, ready, painted: performance.now() - t0 })))); } requestAnimationFrame(tick); }; tick(); }).then((v) => (window.__res = v)); 1`);
    let r = null;
    for (let k = 0; k < 200 && !r; k++) { await sleep(25); r = await evaluate("window.__res"); }
    r = JSON.parse(r);
    const calls = JSON.parse(await evaluate(`JSON.stringify(window.__calls)`));
    const res = JSON.parse(await evaluate(`JSON.stringify(performance.getEntriesByType("resource").map((e) => ({ name: e.name.split("/").pop(), start: e.startTime, end: e.responseEnd })))`));
    const at = (t) => (t - r.t0).toFixed(0);
    console.log(`ready ${r.ready.toFixed(0)} painted ${r.painted.toFixed(0)} ms`);
    if (process.env.FILL) console.log("  canvas:", await evaluate(`JSON.stringify(window.__fill)`));
    for (const e of res.filter((e) => e.end > r.t0)) console.log(`  fetched ${e.name} ${at(e.start)}→${at(e.end)}`);
    for (const c of calls) console.log(`  ${c.cmd} ${at(c.start)}→${c.end ? at(c.end) : "…"}`);
    if (process.env.PROFILE && i === 4) await printProfile(inspector, 40);
  }
  if (process.env.EXPERIMENT_JS) console.log("experiment:", await evaluate(process.env.EXPERIMENT_JS));
  // The command alone, from the page (the IPC and the store's read), five times.
  for (let i = 0; i < 5; i++) {
    await evaluate(`window.__res = null; (() => { const t0 = performance.now(); return window.__TAURI_INTERNALS__.invoke("analytics", { filter: null }).then((v) => (window.__res = JSON.stringify({ ms: performance.now() - t0, bytes: JSON.stringify(v).length }))); })(); 1`);
    let r = null;
    for (let k = 0; k < 200 && !r; k++) { await sleep(25); r = await evaluate("window.__res"); }
    console.log("analytics command:", r);
  }
  inspector.close();
  process.exit(0);
}
