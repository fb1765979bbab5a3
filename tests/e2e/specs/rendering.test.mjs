// How the window is drawn by default (src-tauri/src/rendering.rs): on a machine without a GPU
// render node, WebKit's compositing is off. The rest of the suite runs with PARALLAX_RENDERING=gpu
// (WebDriver's screenshot never returns without compositing, run.sh), so this spec launches the app
// with --rendering=auto — what a person gets — and checks it says so and works: four columns stream,
// one follows its end, all finish. No WebDriver screenshot can be taken in this mode (see above);
// the window's pixels were looked at with `xwd -root` of the Xvfb screen instead.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { after, test } from "node:test";

import { $, ask, byTestId, clearPicks, finishedColumns, launch, textOf } from "../lib.mjs";

let browser;

after(async () => {
  if (!browser) return;
  await clearPicks(browser).catch(() => {});
  await browser.deleteSession().catch(() => {});
});

let gpu = false;
try {
  gpu = readdirSync("/dev/dri").some((n) => n.startsWith("renderD"));
} catch {}

test("by default, a machine without a GPU draws without compositing, says so, and streams", { timeout: 120_000 }, async () => {
  browser = await launch({ args: ["--rendering=auto"] });
  await $(browser, byTestId("tab-settings")).click();
  await $(browser, byTestId("settings-section-appearance")).click();
  const card = $(browser, byTestId("appearance-rendering"));
  await card.waitForDisplayed({ timeout: 5_000 });
  assert.equal(await card.getAttribute("data-rendering"), gpu ? "gpu" : "software_no_gpu");
  if (!gpu) assert.match(await textOf(card), /Without GPU compositing: no GPU was found[\s\S]*PARALLAX_RENDERING=gpu/);

  await $(browser, byTestId("tab-compare")).click();
  await ask(
    browser,
    ["openrouter:mock/custom@ttft=100,tps=200,tokens=1200,markdown=1", "openrouter:mock/fast", "openrouter:mock/medium", "openrouter:mock/slow"],
    "Four without compositing (e2e rendering)",
  );
  await browser.waitUntil(
    () =>
      browser.execute(() => {
        const el = document.querySelector(".compare [data-testid='column-0'] .column-body");
        return !!el && el.scrollHeight - el.clientHeight > 400;
      }),
    { timeout: 20_000, timeoutMsg: "the long answer did not grow past its column" },
  );
  const place = await browser.execute(() => {
    const el = document.querySelector(".compare [data-testid='column-0'] .column-body");
    return { top: el.scrollTop, room: el.scrollHeight - el.clientHeight };
  });
  assert.ok(place.room - place.top < 150, `the streaming column follows its end: ${place.top} of ${place.room}`);
  assert.deepEqual(await finishedColumns(browser, 4), ["done", "done", "done", "done"]);
  assert.match(await textOf($(browser, byTestId("column-0")).$(".md h2")), /\S/);
});
