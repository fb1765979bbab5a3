// Secrets in the real app (issue 14's suite; the CLI's side is crates/cli/tests/secrets.rs). A
// key is saved (keys in process memory: --memory-keychain) and sent to a proxy that echoes the
// request's headers into its answers and its errors, live and in pieces. Then everything the
// key could reach is searched: every value and event that came back over IPC (recorded in the
// page from the first command on), the whole window (text and attributes, Settings included),
// the exports, and every file of the data directory — the database, its write-ahead log and the
// app's log at debug level. No 12-character piece of the key is anywhere; the echoes arrived
// (as "[redacted]"), so the proxy did see it.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";

import { $, ask, byTestId, clearPicks, finishedColumns, invoke, launch, screenshot } from "../lib.mjs";

const SECRET = `PLANTED${randomBytes(16).toString("hex")}`;
const KEY = `sk-or-v1-${SECRET}`;
const PIECES = [...Array(SECRET.length - 11).keys()].map((i) => SECRET.slice(i, i + 12));
const DATA = process.env.PARALLAX_DATA_DIR;
let browser;

after(async () => {
  await invoke(browser, "delete_api_key", { provider: "openrouter", endpoint: null }).catch(() => {});
  await clearPicks(browser).catch(() => {});
  await browser?.deleteSession().catch(() => {});
});

/** Where a piece of the key is in `text`, if anywhere. */
function leak(what, text) {
  const p = PIECES.find((piece) => text.includes(piece));
  if (!p) return null;
  const at = text.indexOf(p);
  return `${what} holds the key: …${text.slice(Math.max(0, at - 80), at + 40)}…`;
}

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

test("a saved key reaches the provider and nothing else: not IPC, the window, exports, the database or the log", { timeout: 180_000 }, async () => {
  browser = await launch({ args: ["--memory-keychain"] });
  // Every answer and event that comes back over IPC from now on (what goes out is the UI's own).
  // Tauri's IPC functions cannot be replaced (their properties are read-only), but every result
  // and every channel message reaches the page through a callback it registers in
  // `__TAURI_INTERNALS__.callbacks`: each one is wrapped as it is registered.
  const hooked = await browser.execute(() => {
    const callbacks = window.__TAURI_INTERNALS__.callbacks;
    if (!(callbacks instanceof Map)) return `callbacks is ${Object.prototype.toString.call(callbacks)}`;
    window.__ipcIn = [];
    const record = (v) => {
      try {
        window.__ipcIn.push(JSON.stringify(v) ?? "");
      } catch {
        window.__ipcIn.push(String(v));
      }
    };
    callbacks.set = function (id, cb) {
      return Map.prototype.set.call(this, id, (v) => (record(v), cb(v)));
    };
    return "ok";
  });
  assert.equal(hooked, "ok");
  await invoke(browser, "save_api_key", { provider: "openrouter", endpoint: null, apiKey: KEY });

  // A proxy echoing the key into an answer streamed in small pieces, one into a long answer's
  // middle, and one into its error.
  await ask(
    browser,
    [
      "openrouter:mock/custom@echo_key=1,chunk=3,tps=400,ttft=20,require_key=1",
      "openrouter:mock/custom@echo_key=1,tokens=40,require_key=1",
      "openrouter:mock/custom@status=401,echo_key=1",
      "openrouter:mock/custom@status=500,echo_key=1,retry_after=0",
    ],
    "Who sent this? (e2e secrets)",
  );
  const statuses = await finishedColumns(browser, 4, 60_000);
  assert.deepEqual(statuses.slice(0, 2), ["done", "done"], `the echoing answers finished: ${statuses}`);
  assert.deepEqual(statuses.slice(2), ["failed", "failed"]);
  const shown = await browser.execute(() => document.querySelector("[data-testid='column-0'] .column-body")?.textContent ?? "");
  assert.match(shown, /the proxy saw authorization: Bearer \[redacted\]/, "the echo arrived, the key taken out");
  await screenshot(browser, "secrets-01-echoes");

  // Saved, shown, exported.
  const [newest] = await invoke(browser, "list_comparisons", { before: null, filter: null });
  const saved = await invoke(browser, "get_comparison", { id: newest.id });
  assert.ok(saved.slots[2].error.message.includes("[redacted]"), `the error's echo: ${saved.slots[2].error.message}`);
  for (const format of ["markdown", "json", "csv"]) await invoke(browser, "save_comparison_export", { id: newest.id, format, path: null });
  await invoke(browser, "export_history", { path: null, ids: [newest.id] });
  await invoke(browser, "backup_database", { path: null });
  await invoke(browser, "search_history", { query: "proxy", filter: null, after: null });
  await $(browser, byTestId("tab-history")).click();
  await $(browser, byTestId("history-item")).click();
  await $(browser, ".history-detail [data-testid='column-0']").waitForDisplayed({ timeout: 15_000 });
  await $(browser, byTestId("tab-settings")).click();
  await browser.pause(500);
  await screenshot(browser, "secrets-02-settings");

  const leaks = [];
  const ipc = await browser.execute(() => window.__ipcIn);
  assert.ok(ipc.length > 20, `IPC was recorded (${ipc.length} messages)`);
  assert.ok(ipc.some((m) => m.includes("the proxy saw")), "the streamed echoes were recorded");
  ipc.forEach((m, i) => leaks.push(leak(`IPC message ${i}`, m)));
  const page = await browser.execute(() => document.documentElement.outerHTML + document.body.innerText);
  leaks.push(leak("the window", page));
  const files = filesUnder(DATA);
  const log = files.filter((f) => /\/logs\/app\.log/.test(f));
  assert.ok(log.length >= 1, `the app wrote its log: ${files.join(", ")}`);
  const logText = log.map((f) => readFileSync(f, "utf8")).join("\n");
  assert.match(logText, /answer finished/);
  assert.match(logText, /code="unauthorized"/);
  for (const f of files) leaks.push(leak(f, readFileSync(f).toString("latin1")));
  assert.deepEqual(leaks.filter(Boolean), []);
});
