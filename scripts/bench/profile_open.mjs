// Driven by profile_open.sh: opens saved comparisons from History in the app's window, through
// WebKit's remote inspector, and reports for ten clicks (after three to warm up) the time from
// the click until that comparison's prompt is in the page ("ready") and until two frames later
// ("painted", as tests/e2e/bench/history_seeded reads it). PROFILE=1 adds a ScriptProfiler
// summary (the functions with the most samples, self and total); READS=1 wraps the layout reads
// (offset*, client*, scroll*, getBoundingClientRect) and lists those over 0.5 ms by caller: a
// read that slow forced a layout.
import { connect, printProfile, sleep } from "./inspector.mjs";

const inspector = await connect("profile_open");
const { send, evaluate } = inspector;
await sleep(3000);
await evaluate(`location.hash = "#/history"`);
for (let i = 0; i < 100; i++) { if (await evaluate(`document.querySelectorAll('[data-testid="history-item"]').length`) > 5) break; await sleep(200); }
await sleep(2000);
const openIn = (i) => evaluate(`window.__res = null; new Promise((done) => { const items = document.querySelectorAll('[data-testid="history-item"]'); const id = items[${i}].dataset.id; const t0 = performance.now(); items[${i}].click(); const tick = () => { const p = document.querySelector('.history-detail [data-testid="history-prompt"]'); if (p && p.dataset.id === id) { const ready = performance.now() - t0; return requestAnimationFrame(() => requestAnimationFrame(() => done(Math.round(ready) + "/" + Math.round(performance.now() - t0)))); } requestAnimationFrame(tick); }; tick(); }).then((v) => (window.__res = v)), 1`);
const open = async (i) => { await openIn(i); for (let k = 0; k < 100; k++) { const r = await evaluate("window.__res"); if (r) return r; await sleep(20); } return "timeout"; };
if (process.env.READS) await evaluate(`(() => { window.__reads = []; const wrap = (proto, name, getter) => { const d = Object.getOwnPropertyDescriptor(proto, name); if (getter) Object.defineProperty(proto, name, { ...d, get() { const t = performance.now(); const v = d.get.call(this); const ms = performance.now() - t; if (ms > 0.5) window.__reads.push({ name, ms, stack: new Error().stack.split("\\n").slice(1, 6).join(" < ") }); return v; } }); else { const f = d.value; proto[name] = function (...a) { const t = performance.now(); const v = f.apply(this, a); const ms = performance.now() - t; if (ms > 0.5) window.__reads.push({ name, ms, stack: new Error().stack.split("\\n").slice(1, 6).join(" < ") }); return v; }; } }; for (const n of ["offsetLeft", "offsetTop", "offsetWidth", "offsetHeight", "scrollHeight", "clientHeight", "clientWidth", "scrollTop"]) wrap(HTMLElement.prototype, n, true); for (const n of ["scrollHeight", "clientHeight", "clientWidth", "scrollTop"]) { try { wrap(Element.prototype, n, true); } catch {} } wrap(Element.prototype, "getBoundingClientRect", false); })()`);
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
