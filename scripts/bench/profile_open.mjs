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
import { connect, printProfile, sleep } from "./inspector.mjs";

const inspector = await connect("profile_open");
const { send, evaluate } = inspector;
await sleep(3000);
if (process.env.ANALYTICS) await analytics();
await evaluate(`location.hash = "#/history"`);
for (let i = 0; i < 100; i++) { if (await evaluate(`document.querySelectorAll('[data-testid="history-item"]').length`) > 5) break; await sleep(200); }
await sleep(2000);
const openIn = (i) => evaluate(`window.__res = null; new Promise((done) => { const items = document.querySelectorAll('[data-testid="history-item"]'); const id = items[${i}].dataset.id; const t0 = performance.now(); items[${i}].click(); const tick = () => { const p = document.querySelector('.history-detail [data-testid="history-prompt"]'); if (p && p.dataset.id === id) { const ready = performance.now() - t0; return requestAnimationFrame(() => requestAnimationFrame(() => done(Math.round(ready) + "/" + Math.round(performance.now() - t0)))); } requestAnimationFrame(tick); }; tick(); }).then((v) => (window.__res = v)), 1`);
const open = async (i) => { await openIn(i); for (let k = 0; k < 100; k++) { const r = await evaluate("window.__res"); if (r) return r; await sleep(20); } return "timeout"; };
if (process.env.READS) await evaluate(`(() => { window.__reads = []; const wrap = (proto, name, getter) => { const d = Object.getOwnPropertyDescriptor(proto, name); if (getter) Object.defineProperty(proto, name, { ...d, get() { const t = performance.now(); const v = d.get.call(this); const ms = performance.now() - t; if (ms > 0.5) window.__reads.push({ name, ms, stack: new Error().stack.split("\\n").slice(1, 6).join(" < ") }); return v; } }); else { const f = d.value; proto[name] = function (...a) { const t = performance.now(); const v = f.apply(this, a); const ms = performance.now() - t; if (ms > 0.5) window.__reads.push({ name, ms, stack: new Error().stack.split("\\n").slice(1, 6).join(" < ") }); return v; }; } }; for (const n of ["offsetLeft", "offsetTop", "offsetWidth", "offsetHeight", "scrollHeight", "clientHeight", "clientWidth", "scrollTop"]) wrap(HTMLElement.prototype, n, true); for (const n of ["scrollHeight", "clientHeight", "clientWidth", "scrollTop"]) { try { wrap(Element.prototype, n, true); } catch {} } wrap(Element.prototype, "getBoundingClientRect", false); })()`);
// SCROLL=1: the list scrolled 8,000 px first, as the bench scrolls it before opening.
if (process.env.SCROLL) { for (let k = 0; k < 40; k++) { await evaluate(`document.querySelector('[data-testid="history-rows"]').scrollTop += 200; 1`); await sleep(50); } await sleep(1000); }
// warm-up
for (let i = 0; i < 3; i++) { await open(i); await sleep(300); }
if (process.env.PROFILE) await send("ScriptProfiler.startTracking", { includeSamples: true });
const times = [];
for (let i = 3; i < 13; i++) { times.push(await open(i)); await sleep(400); }
console.log("ready/painted ms:", times.join(" "));
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
