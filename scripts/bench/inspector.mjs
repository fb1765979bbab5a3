// The connection to WebKit's remote inspector that the profile_* scripts and the file-chooser
// e2e spec share: finds the app's page on 127.0.0.1:$INSPECTOR_PORT (a debug build exposes it),
// and gives `send` (a protocol command to the page's target, answered by its reply), `evaluate`
// (an expression's value, promises awaited; `gesture`: run as if the person had clicked) and the
// events the page sent, plus the ScriptProfiler summary both scripts print.
import { createRequire } from "node:module";

// `ws` from the e2e suite's modules (this folder has none of its own).
const WebSocket = createRequire(new URL("../../tests/e2e/node_modules/", import.meta.url))("ws");
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Connects, or throws an error naming `who` when no page is there within ~50 s. */
export async function connect(who, port = process.env.INSPECTOR_PORT ?? "9222") {
  let ws;
  for (let i = 0; i < 200 && !ws; i++) {
    try {
      const html = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      const m = /socket\/(\d+)\/(\d+)\/WebPage/.exec(html);
      if (m) ws = new WebSocket(`ws://127.0.0.1:${port}/socket/${m[1]}/${m[2]}/WebPage`, { maxPayload: 2 ** 31 - 1 });
    } catch {}
    if (!ws) await sleep(250);
  }
  if (!ws) throw new Error(`${who}: no inspectable page on 127.0.0.1:${port} (a debug build exposes it; is another app holding the port?)`);
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
  const evaluate = async (expr, { gesture = false } = {}) =>
    (await send("Runtime.evaluate", { expression: expr, returnByValue: true, awaitPromise: true, emulateUserGesture: gesture })).result?.result?.value;
  const close = () => ws.close();
  return { send, evaluate, events, close };
}

/** Stops the ScriptProfiler and prints the functions with the most samples, self and total. */
export async function printProfile({ send, events }, top = 40) {
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
  const most = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  console.log("--- self"); for (const [k, v] of most(self)) console.log(v, k);
  console.log("--- total"); for (const [k, v] of most(total)) console.log(v, k);
}
