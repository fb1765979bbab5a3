// Files sent with a prompt, in the real app against the mock provider: chosen (the file input
// the Attach button opens, given files as the system's chooser gives them), pasted and dropped
// (the page's own clipboard and drop events); the chips say each file's kind and size; a model
// whose catalog lists no image input is warned about and fails alone; the model that reads
// images receives the file intact (mock/vision answers with the type and decoded size it got);
// History names the files and "Run again" sends them again from history; a follow-up takes
// files of its own (pasted into its field) and sends them after the earlier turn's.
import assert from "node:assert/strict";
import { after, test } from "node:test";

import { $, byTestId, chooseTheme, clearPicks, clickInView, currentPath, launch, promptField, screenshot, selectModels, textOf } from "../lib.mjs";

let browser;

after(async () => {
  // Picks are remembered across launches: leave none for the specs after this one.
  // (Each change is saved at once, over IPC: a moment for the last save before the app closes.)
  if (browser) await clearPicks(browser).then(() => browser.pause(500)).catch(() => {});
  await browser?.deleteSession().catch(() => {});
});

// A real 16×16 PNG (a colour gradient; made with Python's zlib and struct): 463 bytes, so the
// chip says 463 bytes, the thumbnail is drawn 16 px wide, and mock/vision says it got 463 bytes.
const PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAABlklEQVR42hXR4RiFMQiG4Q9hCEMIYQghhDCEEIbwIIQQQgghDOHs9Lu7662+72N8zA/5WB/6YR/7wz/OBx/xkR/10R/34/sGYzAHMlgDHdhgD3xwBgxikIMa9OCOByZjMicyWROd2GRPfHImTGKSk5r05M4HhCFMQYQlqGDCFlw4AkIIKZTQwpUHFmMxF7JYC13YYi98cRYsYpGLWvTirgeUoUxFlKWoYspWXDkKSiiplNLK1QeMYUxDjGWoYcY23DgGRhhplNHGtQc2YzM3slkb3dhmb3xzNmxik5va9ObuB5zhTEec5ahjznbcOQ5OOOmU0871Bw7jMA9yWAc92GEf/HAOHOKQhzr04Z4H/s95534HfCd5S77YL8gb/Zr/FZBQ0HDf679gBDOQYAUaWLADD0782yPIoIIObjyQjGQmkqxEE0t24snJ//BIMqmkk5sPFKOYhRSr0MKKXXhx6h8liiyq6OLWA81oZiPNarSxZjfenP4Hjyabarq5/cBlXOZFLuuiF7vsi1/O/a8Zl7zUpS/38gNq4ZAQAX6pcwAAAABJRU5ErkJggg==";
const PNG = Array.from(Buffer.from(PNG_BASE64, "base64"));
assert.equal(PNG.length, 463);

/** Hands files to the page the way `how` does: the chooser's input, a paste, or a drop. */
function give(how, files) {
  return browser.execute(
    (how, files) => {
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(new File([f.text ?? new Uint8Array(f.bytes)], f.name, { type: f.type }));
      if (how === "choose") {
        const input = document.querySelector("[data-testid='attach-input']");
        input.files = dt.files;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      } else if (how === "paste" || how === "paste-follow-up") {
        const e = new Event("paste", { bubbles: true, cancelable: true });
        Object.defineProperty(e, "clipboardData", { value: dt });
        document.querySelector(how === "paste" ? "[data-testid='prompt']" : "[data-testid='follow-up-input']").dispatchEvent(e);
      } else {
        const box = document.querySelector("[data-testid='prompt-box']");
        const over = new DragEvent("dragover", { bubbles: true, cancelable: true, dataTransfer: dt });
        box.dispatchEvent(over);
        box.dispatchEvent(new DragEvent("drop", { bubbles: true, cancelable: true, dataTransfer: dt }));
      }
    },
    how,
    files,
  );
}

const chips = () => browser.execute(() => Array.from(document.querySelectorAll("[data-testid='attachments'] [data-testid='attachment']")).map((c) => `${c.dataset.kind}: ${c.textContent}`));

/** A column read by selector each time: it is drawn again as its status changes, so a held
 * element handle would go stale. */
const column = (i) =>
  browser.execute((i) => {
    const c = document.querySelector(`[data-testid='column-${i}']`);
    return c ? { status: c.dataset.status, answer: c.querySelector("[data-testid='answer-text']")?.textContent.trim() ?? null, text: c.textContent } : null;
  }, i);

test("a chosen image reaches the model that reads images; the one that does not is warned about and fails alone", async () => {
  browser = await launch();
  await clearPicks(browser);
  await selectModels(browser, ["mock/vision", "mock/fast"]);
  const prompt = await promptField(browser);
  await prompt.setValue("What is in this chart? (e2e attachments)");

  await give("choose", [{ name: "chart.png", type: "image/png", bytes: PNG }]);
  await browser.waitUntil(async () => (await chips()).length === 1, { timeout: 5_000, timeoutMsg: "the chosen file was not attached" });
  assert.deepEqual(await chips(), ["image: chart.pngimage · 463 bytes"]);
  // The thumbnail is the image itself, drawn under the strict CSP (img-src data:).
  await browser.waitUntil(() => browser.execute(() => document.querySelector("[data-testid='attachment'] img")?.complete === true), { timeout: 5_000, timeoutMsg: "the thumbnail never loaded" });
  const thumb = await browser.execute(() => {
    const img = document.querySelector("[data-testid='attachment'] img");
    return img ? { src: img.getAttribute("src").slice(0, 22), width: img.naturalWidth } : null;
  });
  assert.deepEqual(thumb, { src: "data:image/png;base64,", width: 16 }, "the thumbnail is the picture itself");

  // A refused file is named; the others stay.
  await give("choose", [{ name: "blob.bin", type: "application/octet-stream", bytes: [0, 159, 146, 150] }]);
  const refusal = $(browser, byTestId("attach-error"));
  await refusal.waitForExist({ timeout: 5_000 });
  assert.equal(await textOf(refusal), "blob.bin is not a file a model can read: attach an image (PNG, JPEG, GIF or WebP), a PDF, or a UTF-8 text file");
  assert.equal((await chips()).length, 1);

  // Pasted and dropped files are attached too; pasted text stays text.
  await give("paste", [{ name: "notes.md", type: "text/markdown", text: "one two three" }]);
  await give("drop", [{ name: "data.csv", type: "text/csv", text: "a,b\n1,2\n" }]);
  await browser.waitUntil(async () => (await chips()).length === 3, { timeout: 5_000, timeoutMsg: `pasted and dropped files: ${JSON.stringify(await chips())}` });
  assert.deepEqual((await chips()).slice(1), ["text: notes.mdtext · 13 bytes", "text: data.csvtext · 8 bytes"]);
  // Remove the dropped one.
  await $(browser, `${byTestId("attachments")} li:nth-child(3) ${byTestId("attachment-remove")}`).click();
  await browser.waitUntil(async () => (await chips()).length === 2, { timeout: 5_000 });

  // Before sending: the model listed with text input only is named.
  const warning = $(browser, byTestId("warning-files"));
  await warning.waitForExist({ timeout: 5_000 });
  assert.equal(await textOf(warning.$("span")), "The attached files cannot go to mock/fast (no image input in its catalog entry): its column would fail.");
  for (const t of ["light", "dark"]) {
    await chooseTheme(browser, t);
    await screenshot(browser, `attachments-01-composer-${t}`);
  }
  await chooseTheme(browser, "light");

  // The estimate allows for the picture by its size: 16 × 16 pixels to a model of no known
  // family is the largest provider rule, Gemini's 258 for a small image (OpenAI's would be
  // 85 + 170 = 255, Anthropic's ⌈256 ÷ 750⌉ = 1).
  for (const t of ["light", "dark"]) {
    await chooseTheme(browser, t);
    await clickInView(browser, $(browser, byTestId("estimate")));
    const allowed = $(browser, byTestId("estimate-files"));
    await allowed.waitForExist({ timeout: 5_000 });
    assert.match(await textOf(allowed), /^Each answer's tokens in include about 258 for the attached images and PDFs \(an image by its size in pixels/);
    // The popover fades in: pictured once it is still.
    await browser.waitUntil(() => browser.execute(() => document.getAnimations().length === 0), { timeout: 5_000 });
    await screenshot(browser, `attachments-01b-estimate-${t}`);
    await browser.keys("Escape");
    await allowed.waitForExist({ timeout: 5_000, reverse: true });
  }
  await chooseTheme(browser, "light");

  await $(browser, byTestId("send")).click();
  // The answer is waited for itself: a column can say done a frame before its Markdown is drawn.
  await browser
    .waitUntil(async () => (await column(0))?.status === "done" && (await column(0)).answer === "Received image/png (463 bytes)." && (await column(1))?.status === "failed", { timeout: 20_000 })
    .catch(async () => assert.fail(`the reading model did not answer with the image it got, or the other did not fail: ${JSON.stringify([await column(0), await column(1)])}`));
  assert.match((await column(1)).text, /No endpoints found that support image input/);
  await screenshot(browser, "attachments-02-answers-light");
});

test("History names the files, and Run again sends them from history", async () => {
  await $(browser, byTestId("tab-history")).click();
  const item = $(browser, byTestId("history-item"));
  await item.waitForExist({ timeout: 10_000 });
  await item.click();
  const attached = $(browser, byTestId("attached"));
  await attached.waitForExist({ timeout: 10_000 });
  const names = await browser.execute(() => Array.from(document.querySelectorAll("[data-testid='attached'] [data-testid='attachment']")).map((c) => c.textContent));
  assert.deepEqual(names, ["chart.pngimage · 463 bytes", "notes.mdtext · 13 bytes"]);
  for (const t of ["light", "dark"]) {
    await chooseTheme(browser, t);
    await screenshot(browser, `attachments-03-history-${t}`);
  }
  await chooseTheme(browser, "light");

  await clickInView(browser, $(browser, byTestId("run-again")), { until: async () => (await currentPath(browser)) === "/compare", timeoutMsg: "Run again did not open Compare" });
  // The image's bytes came from history: the model says it got them.
  await browser
    .waitUntil(async () => (await column(0))?.status === "done" && (await column(0)).answer === "Received image/png (463 bytes).", { timeout: 20_000 })
    .catch(async () => assert.fail(`the run again did not answer with the image from history: ${JSON.stringify(await column(0))}`));
});

test("a follow-up sends a pasted image of its own after the earlier turn's", async () => {
  const bar = $(browser, byTestId("follow-up"));
  await bar.waitForExist({ timeout: 10_000 });
  await give("paste-follow-up", [{ name: "image.png", type: "image/png", bytes: PNG }]);
  const followChips = () => browser.execute(() => Array.from(document.querySelectorAll("[data-testid='follow-up'] [data-testid='attachment']")).map((c) => c.textContent));
  await browser.waitUntil(async () => (await followChips()).length === 1, { timeout: 5_000, timeoutMsg: "the pasted file was not attached to the follow-up" });
  assert.match((await followChips())[0], /^pasted-\d{6}\.pngimage · 463 bytes$/);
  // The follow-up's own notice (the composer, folded, is hidden with its own).
  assert.match(await textOf($(browser, `${byTestId("follow-up")} ${byTestId("attach-notice")}`)), /^Attached pasted-\d{6}\.png, image, 463 bytes\.$/);
  await $(browser, byTestId("follow-up-input")).setValue("And this one? (e2e follow-up file)");
  for (const t of ["light", "dark"]) {
    await chooseTheme(browser, t);
    await screenshot(browser, `attachments-04-follow-up-${t}`);
  }
  await chooseTheme(browser, "light");
  await $(browser, byTestId("follow-up-all")).click();
  // Only the answer that was given is continued (mock/fast failed): one column. The answer is
  // waited for itself: the column can say done a frame before its Markdown is drawn.
  const expected = "Received image/png (463 bytes) and image/png (463 bytes).";
  await browser
    .waitUntil(async () => (await column(0))?.status === "done" && /e2e follow-up file/.test((await column(0)).text) && (await column(0)).answer === expected, { timeout: 20_000 })
    .catch(async () => assert.fail(`the follow-up did not answer with the earlier turn's image, then the follow-up's: ${JSON.stringify(await column(0))}`));
  assert.deepEqual(await followChips(), [], "sent files leave the follow-up field");
});
