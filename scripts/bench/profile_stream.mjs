// Driven by profile_stream.sh: connects to WebKit's remote inspector, sends the prompt to the
// picked columns, records frame gaps in the page, and reports either a ScriptProfiler summary
// (`profile`: the functions with the most samples, self and total) or memory (`memory`: the web
// process's PSS before, after, and after a full GC; the JS heap's size by class from a heap
// snapshot). Frame gaps are requestAnimationFrame intervals, as tests/e2e/bench/stream16 reads
// them.
import { execSync } from "node:child_process";
import { createRequire } from "node:module";

const WebSocket = createRequire(`${process.env.NODE_PATH}/`)("ws");
const MODE = process.argv[2] ?? "profile"; // profile | memory
const APP_PID = process.argv[3];
const PORT = process.env.INSPECTOR_PORT ?? "9222";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let ws;
for (let i = 0; i < 200 && !ws; i++) {
  try {
    const html = await (await fetch(`http://127.0.0.1:${PORT}/`)).text();
    const m = /socket\/(\d+)\/(\d+)\/WebPage/.exec(html);
    if (m) ws = new WebSocket(`ws://127.0.0.1:${PORT}/socket/${m[1]}/${m[2]}/WebPage`, { maxPayload: 2 ** 31 - 1 });
  } catch {}
  if (!ws) await sleep(250);
}
if (!ws) {
  console.error(`profile_stream: no inspectable page on 127.0.0.1:${PORT} (a debug build exposes it; is another app holding the port?)`);
  process.exit(1);
}
let id = 0, target = null;
const pending = new Map(), events = [];
ws.on("message", (data) => {
  const msg = JSON.parse(String(data));
  if (msg.method === "Target.targetCreated") { target ??= msg.params.targetInfo.targetId; return; }
  if (msg.method === "Target.dispatchMessageFromTarget") {
    const inner = JSON.parse(msg.params.message);
    if (inner.id && pending.has(inner.id)) { pending.get(inner.id)(inner); pending.delete(inner.id); }
    else events.push(inner);
  }
});
await new Promise((r) => ws.on("open", r));
for (let i = 0; i < 100 && !target; i++) await sleep(50);
const send = (method, params = {}) => new Promise((res) => {
  const inner = ++id;
  pending.set(inner, res);
  ws.send(JSON.stringify({ id: 100000 + inner, method: "Target.sendMessageToTarget", params: { targetId: target, message: JSON.stringify({ id: inner, method, params }) } }));
});
const evaluate = async (expr) => (await send("Runtime.evaluate", { expression: expr, returnByValue: true })).result?.result?.value;
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
const pss = async () =>
  execSync(`for p in $(pgrep -P ${APP_PID} -f WebKitWebProcess); do grep -E '^(Pss|Pss_Anon):' /proc/$p/smaps_rollup | tr -s ' \n' ' '; done`).toString().trim();
console.log("before:", await pss());
// frame recorder
await evaluate(`(() => { const r = window.__rec = { gaps: [], last: performance.now() }; const tick = (t) => { r.gaps.push(t - r.last); r.last = t; if (!r.stop) requestAnimationFrame(tick); }; requestAnimationFrame(tick); })()`);
if (MODE === "profile") await send("ScriptProfiler.startTracking", { includeSamples: true });
await evaluate(`document.querySelector('[data-testid="send"]').click()`);
const t0 = Date.now();
for (let i = 0; i < 600; i++) {
  await sleep(500);
  const st = await evaluate(`Array.from(document.querySelectorAll('.compare .column')).map(c => c.getAttribute('data-status')).join(',')`);
  if (st && !/pending|streaming/.test(st) && Date.now() - t0 > 3000) break;
}
console.log("stream took", (Date.now() - t0) / 1000, "s");
const gaps = await evaluate(`(() => { window.__rec.stop = true; return window.__rec.gaps; })()`);
const s = [...gaps].sort((a, b) => a - b);
console.log("frames", s.length, "p50", s[s.length >> 1]?.toFixed(0), "p95", s[Math.floor(s.length * 0.95)]?.toFixed(0), "over50", s.filter((x) => x > 50).length);
console.log("after:", await pss());
if (MODE === "profile") {
  await send("ScriptProfiler.stopTracking");
  for (let i = 0; i < 200 && !events.some((e) => e.method === "ScriptProfiler.trackingComplete"); i++) await sleep(100);
  const done = events.find((e) => e.method === "ScriptProfiler.trackingComplete");
  const traces = done?.params?.samples?.stackTraces ?? [];
  const self = new Map(), total = new Map();
  const key = (f) => `${f.name || "(anon)"} ${(f.url || "").split("/").pop()}:${f.line}:${f.column}`;
  for (const t of traces) {
    const frames = t.stackFrames ?? [];
    if (frames[0]) self.set(key(frames[0]), (self.get(key(frames[0])) ?? 0) + 1);
    for (const k of new Set(frames.map(key))) total.set(k, (total.get(k) ?? 0) + 1);
  }
  console.log("samples", traces.length);
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  console.log("--- self"); for (const [k, v] of top(self, 40)) console.log(v, k);
  console.log("--- total"); for (const [k, v] of top(total, 40)) console.log(v, k);
}
if (MODE === "memory") {
  await send("Heap.gc");
  await sleep(1000);
  console.log("after gc:", await pss());
  // The JS heap's own size (cells), by class: what the page holds, apart from WebKit's native memory.
  const snap = JSON.parse((await send("Heap.snapshot")).result?.snapshotData ?? "{}");
  const stride = 4; // id, size, class name index, flags
  const byClass = new Map();
  let heap = 0;
  for (let i = 0; i + stride <= (snap.nodes?.length ?? 0); i += stride) {
    const name = snap.nodeClassNames[snap.nodes[i + 2]];
    byClass.set(name, (byClass.get(name) ?? 0) + snap.nodes[i + 1]);
    heap += snap.nodes[i + 1];
  }
  console.log(`JS heap after GC: ${(heap / 2 ** 20).toFixed(1)} MiB; largest classes:`);
  for (const [k, v] of [...byClass].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${(v / 2 ** 20).toFixed(1)} MiB ${k}`);
}
ws.close();
process.exit(0);
