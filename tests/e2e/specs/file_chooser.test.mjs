// The system's file chooser, driven as a person would: the composer's Attach button opens GTK's
// own dialog, a path is typed into its location field on the test display (xdotool), and the
// file arrives as a chip and reaches the model. Escape in the dialog attaches nothing.
//
// Why not through tauri-driver like the other specs: under WebDriver automation WebKit never
// shows the chooser (its automation session answers the page's open panel itself, with the
// files a WebDriver "send keys" named, or none), so the dialog and what it hands back could not
// be tested that way. This spec starts the app itself (a debug build: WebKit's remote inspector
// is on) and works the page through the inspector protocol, whose click is given a user
// gesture (`emulateUserGesture`; WebKit opens no chooser for a script's click without one).
// (attachments.test.mjs covers choosing, pasting and dropping through the page's own events.)
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

import { connect } from "../../../scripts/bench/inspector.mjs";
import { APP_BIN, SCREENSHOT_DIR } from "../lib.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const work = mkdtempSync(join(tmpdir(), "parallax-chooser-"));
let app = null;
let inspector = null;

after(() => {
  inspector?.close();
  if (app && app.exitCode === null) app.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
});

// The same real 16×16 PNG as attachments.test.mjs (463 bytes).
const PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAABlklEQVR42hXR4RiFMQiG4Q9hCEMIYQghhDCEEIbwIIQQQgghDOHs9Lu7662+72N8zA/5WB/6YR/7wz/OBx/xkR/10R/34/sGYzAHMlgDHdhgD3xwBgxikIMa9OCOByZjMicyWROd2GRPfHImTGKSk5r05M4HhCFMQYQlqGDCFlw4AkIIKZTQwpUHFmMxF7JYC13YYi98cRYsYpGLWvTirgeUoUxFlKWoYspWXDkKSiiplNLK1QeMYUxDjGWoYcY23DgGRhhplNHGtQc2YzM3slkb3dhmb3xzNmxik5va9ObuB5zhTEec5ahjznbcOQ5OOOmU0871Bw7jMA9yWAc92GEf/HAOHOKQhzr04Z4H/s95534HfCd5S77YL8gb/Zr/FZBQ0HDf679gBDOQYAUaWLADD0782yPIoIIObjyQjGQmkqxEE0t24snJ//BIMqmkk5sPFKOYhRSr0MKKXXhx6h8liiyq6OLWA81oZiPNarSxZjfenP4Hjyabarq5/cBlXOZFLuuiF7vsi1/O/a8Zl7zUpS/38gNq4ZAQAX6pcwAAAABJRU5ErkJggg==";

function installed(cmd) {
  try {
    execFileSync(cmd, ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

// --- The test display's windows (xdotool). ---
const xdo = (...args) => execFileSync("xdotool", args, { encoding: "utf8" }).trim();
/** Visible top-level windows, by id. */
function windows() {
  try {
    return new Set(xdo("search", "--onlyvisible", "--name", "").split("\n").filter(Boolean));
  } catch {
    return new Set(); // xdotool exits 1 when nothing matches
  }
}
async function until(what, ok, timeout = 10_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await ok();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out: ${what}`);
    await sleep(100);
  }
}

// --- The page, through WebKit's remote inspector (scripts/bench/inspector.mjs). ---
async function freePort() {
  const srv = createServer();
  await new Promise((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

const CHIPS = `JSON.stringify(Array.from(document.querySelectorAll("[data-testid='attachments'] [data-testid='attachment']"), (c) => c.dataset.kind + ": " + c.textContent))`;

test("Attach opens the system's chooser; a file chosen there is attached and reaches the model; Escape attaches nothing", { timeout: 120_000 }, async (t) => {
  if (!installed("xdotool")) {
    const why = "SKIPPED file_chooser: xdotool is not installed (scripts/setup.sh installs it), so the system's dialog cannot be driven";
    assert.notEqual(process.env.CI, "true", why);
    t.diagnostic(why);
    console.log(why);
    return;
  }
  const file = join(work, "chosen chart.png");
  writeFileSync(file, Buffer.from(PNG_BASE64, "base64"));
  // The app's own HOME and data: the model that reads images already picked, no welcome.
  const home = join(work, "home");
  for (const d of [".config", ".local/share"]) {
    mkdirSync(join(home, d, "dev.parallax.desktop"), { recursive: true });
    writeFileSync(join(home, d, "dev.parallax.desktop", "preferences.json"), JSON.stringify({ welcomeDismissed: true, picks: [{ provider: "openrouter", endpoint: null, model: "mock/vision" }] }));
  }
  const port = await freePort();
  const mock = process.env.MOCK_URL;
  app = spawn(APP_BIN, [], {
    env: {
      ...process.env,
      HOME: home,
      PARALLAX_DATA_DIR: join(work, "data"),
      PARALLAX_KEYCHAIN: "memory",
      OPENROUTER_BASE_URL: `${mock}/api/v1`,
      OPENROUTER_API_KEY: "",
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(work, "no-dbus")}`,
      WEBKIT_INSPECTOR_HTTP_SERVER: `127.0.0.1:${port}`,
    },
    stdio: "ignore",
  });
  inspector = await connect("file_chooser", port);
  const { evaluate, send } = inspector;
  await until("the composer", () => evaluate(`!!document.querySelector("[data-testid='attach']") && !!document.querySelector("[data-testid='prompt']")`), 30_000);
  // The prompt, typed the way React hears it.
  await evaluate(`(() => {
    const p = document.querySelector("[data-testid='prompt']");
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set.call(p, "What is in this chart? (e2e file chooser)");
    p.dispatchEvent(new Event("input", { bubbles: true }));
  })()`);

  /** Clicks Attach as a person would and returns the dialog that opened, focused. */
  const openChooser = async () => {
    const before = windows();
    await evaluate(`document.querySelector("[data-testid='attach']").click()`, { gesture: true });
    const id = await until("a new window after clicking Attach (the system's file chooser)", () => [...windows()].find((w) => !before.has(w) && xdo("getwindowname", w) !== ""));
    const title = xdo("getwindowname", id);
    assert.match(title, /file/i, `the window Attach opened is not a file chooser: "${title}"`);
    // No window manager on the test display: give the dialog the keyboard ourselves.
    xdo("windowfocus", "--sync", id);
    return id;
  };

  // Escape: the dialog closes, nothing is attached, the prompt is as it was.
  const cancelled = await openChooser();
  xdo("key", "Escape");
  await until("the chooser to close on Escape", () => !windows().has(cancelled));
  await sleep(300);
  assert.equal(await evaluate(CHIPS), "[]", "a cancelled chooser attached something");
  assert.equal(await evaluate(`document.querySelector("[data-testid='prompt']").value`), "What is in this chart? (e2e file chooser)");

  // A file: the location field (Ctrl+L), its full path (a space in its name), Enter.
  const chooser = await openChooser();
  xdo("key", "ctrl+l");
  await sleep(300);
  xdo("type", "--delay", "5", file);
  await sleep(300);
  xdo("key", "Return");
  await until("the chooser to close on Enter", () => !windows().has(chooser));
  await until("a chip for the chosen file", async () => (await evaluate(CHIPS)) !== "[]");
  assert.equal(await evaluate(CHIPS), JSON.stringify(["image: chosen chart.pngimage · 463 bytes"]));
  const shot = await send("Page.snapshotRect", { x: 0, y: 0, width: 1280, height: 800, coordinateSystem: "Viewport" });
  if (shot.result?.dataURL) writeFileSync(join(SCREENSHOT_DIR, "file-chooser-01-attached-light.png"), Buffer.from(shot.result.dataURL.split(",")[1], "base64"));

  // It reaches the model that reads images, intact.
  await evaluate(`document.querySelector("[data-testid='send']").click()`);
  const answer = `(() => { const c = document.querySelector("[data-testid='column-0']"); return c ? c.dataset.status + " " + (c.querySelector("[data-testid='answer-text']")?.textContent.trim() ?? "") : ""; })()`;
  await until("mock/vision's answer", async () => (await evaluate(answer)).startsWith("done Received"), 20_000).catch(async () => assert.fail(`mock/vision did not answer: ${await evaluate(answer)}`));
  assert.equal(await evaluate(answer), "done Received image/png (463 bytes).");
});
