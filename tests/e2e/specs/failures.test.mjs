// A failing model fails only its own column, with a message a person understands; Ctrl+Enter
// sends; Settings explains where the endpoint and the key come from.
import assert from "node:assert/strict";
import { after, test } from "node:test";

import { $, byTestId, chooseTheme, clearPicks, columnStatuses, invoke, launch, promptField, screenshot, selectModels, textOf, theme } from "../lib.mjs";

let browser;
after(async () => {
  await browser?.deleteSession().catch(() => {});
});

test("errors stay in their column and the others finish", async () => {
  browser = await launch();
  // The previous spec's selection is remembered; start from none.
  await clearPicks(browser);
  await selectModels(browser, ["mock/fast", "mock/rate-limited", "mock/drops"]);
  const prompt = await promptField(browser);
  await prompt.setValue("Which of you fails? (e2e failures)");
  await prompt.click();
  await browser.keys(["Control", "Enter"]);

  // The 429 is retried after its Retry-After (2 s), and the column says so while it waits.
  const notice = $(browser, `${byTestId("column-1")} ${byTestId("slot-notice")}`);
  await notice.waitForExist({ timeout: 5_000 });
  assert.match(await textOf(notice), /^Retry 1 in 2\.0 s: .*rate limiting/);
  await screenshot(browser, "05a-compare-retrying");

  await browser.waitUntil(
    async () => {
      const s = await columnStatuses(browser);
      return s.length === 3 && s.every((x) => x === "done" || x === "failed");
    },
    { timeout: 20_000, timeoutMsg: "columns did not finish" },
  );
  assert.deepEqual(await columnStatuses(browser), ["done", "failed", "failed"]);
  const err1 = $(browser, `${byTestId("column-1")} ${byTestId("slot-error")}`);
  assert.equal(await err1.getAttribute("data-code"), "rate_limited");
  assert.match(await textOf(err1), /rate limiting requests \(HTTP 429\)/);
  const col2 = $(browser, byTestId("column-2"));
  assert.equal(await col2.$(byTestId("slot-error")).getAttribute("data-code"), "stream_interrupted");
  assert.match(await textOf(col2.$(byTestId("answer-text"))), /^Parallax streams/, "partial text is kept");
  assert.equal(await textOf(col2.$(byTestId("metric-cost"))), "—", "unknown cost is a dash, not $0");
  await screenshot(browser, "05-compare-failures");

  // "Try again" asks the failed model once more in a new column; the failed answer stays.
  assert.equal(await col2.$(byTestId("slot-retry")).isExisting(), true, "a failed answer offers Try again");
  assert.equal(await $(browser, `${byTestId("column-0")} ${byTestId("slot-retry")}`).isExisting(), false, "a finished answer does not");
  await col2.$(byTestId("slot-retry")).click();
  const added = $(browser, byTestId("column-3"));
  await added.waitForExist({ timeout: 10_000, timeoutMsg: "the retry got no column" });
  assert.equal(await textOf(added.$(byTestId("column-model"))), "mock/drops");
  await browser.waitUntil(async () => (await columnStatuses(browser))[3] === "failed", { timeout: 20_000, timeoutMsg: "the retried answer did not end" });
  // mock/drops drops every time: the new column fails as the first did, which stays as it was.
  assert.equal(await added.$(byTestId("slot-error")).getAttribute("data-code"), "stream_interrupted");
  assert.deepEqual((await columnStatuses(browser)).slice(0, 3), ["done", "failed", "failed"]);
  await screenshot(browser, "05b-compare-retried");
});

test("ask again with changes: another model and a temperature, in a new column that says so", async () => {
  await $(browser, `${byTestId("column-2")} ${byTestId("column-menu")}`).click();
  await $(browser, byTestId("column-retry-with")).click();
  const dialog = $(browser, byTestId("retry-with"));
  await dialog.waitForDisplayed({ timeout: 5_000 });
  const model = $(browser, byTestId("retry-model"));
  await model.waitForDisplayed({ timeout: 5_000 });
  assert.equal(await model.getValue(), "mock/drops", "the form starts from what was sent");
  await model.setValue("mock/fast");
  await $(browser, byTestId("retry-temperature")).setValue("0.3");
  await $(browser, byTestId("retry-system")).setValue("Answer as a pirate.");
  assert.equal(await textOf($(browser, byTestId("retry-changes"))), "Changed: mock/fast · temp 0.3 · own system prompt. Sent with: temp 0.3 · own system prompt.");
  // Both themes with the dialog open: the menu is behind it, the shortcut is not.
  const shown = async () => (await theme(browser)).shown;
  for (let i = 0; i < 2; i++) {
    await screenshot(browser, `05c-retry-with-${await shown()}`);
    const before = await shown();
    await browser.keys(["Control", "Shift", "l"]);
    await browser.waitUntil(async () => (await shown()) !== before, { timeout: 5_000, timeoutMsg: "the theme shortcut did nothing over the dialog" });
  }
  await $(browser, byTestId("retry-send")).click();
  const added = $(browser, byTestId("column-4"));
  await added.waitForExist({ timeout: 10_000, timeoutMsg: "the changed retry got no column" });
  await browser.waitUntil(async () => (await columnStatuses(browser))[4] === "done", { timeout: 20_000, timeoutMsg: "the changed retry did not finish" });
  assert.equal(await textOf(added.$(byTestId("column-model"))), "mock/fast");
  assert.equal(await textOf(added.$(byTestId("column-asked"))), "asked with mock/fast · temp 0.3 · own system prompt");
  // What the engine sent and saved: the column's own system prompt first, then the question.
  // The live comparison is the newest one in the history.
  const liveId = (await invoke(browser, "list_comparisons", { before: null, filter: null }))[0].id;
  const saved = await invoke(browser, "get_comparison", { id: liveId });
  assert.deepEqual(saved.slots[4].messages.map((m) => [m.role, m.content]), [["system", "Answer as a pirate."], ["user", "Which of you fails? (e2e failures)"]]);
  assert.equal((await invoke(browser, "answer_target", { id: liveId, slot: 4 })).params.temperature, 0.3);
  assert.deepEqual((await columnStatuses(browser)).slice(0, 4), ["done", "failed", "failed", "failed"], "the earlier answers stay");
  await screenshot(browser, `05d-compare-retried-with-${await shown()}`);
  await chooseTheme(browser, "light");
});

test("after a restart, History's copy of that comparison still says what the changed column was asked with", async () => {
  await browser.deleteSession();
  browser = await launch();
  await $(browser, byTestId("tab-history")).click();
  const item = $(browser, byTestId("history-item"));
  await item.waitForDisplayed({ timeout: 10_000 });
  assert.match(await textOf(item), /Which of you fails\? \(e2e failures\)/, "the newest comparison is this one");
  await item.click();
  const changed = $(browser, `.history-detail ${byTestId("column-4")}`);
  await changed.waitForDisplayed({ timeout: 10_000 });
  // Read from the targets the engine saved (the run that labelled it live is gone): the column's
  // parameters that set it apart from the others; its model is its title.
  await browser.waitUntil(async () => (await changed.$(byTestId("column-asked")).isExisting()), { timeout: 5_000, timeoutMsg: "the saved column does not say what it was asked with" });
  assert.equal(await textOf(changed.$(byTestId("column-asked"))), "asked with temp 0.3 · own system prompt");
  assert.equal(await textOf(changed.$(byTestId("column-model"))), "mock/fast");
  assert.equal(await browser.execute(() => document.querySelectorAll(".history-detail [data-testid='column-asked']").length), 1, "the other columns were asked alike: they say nothing");
  await changed.scrollIntoView({ block: "nearest", inline: "center" });
  for (const t of ["light", "dark"]) {
    await chooseTheme(browser, t);
    await screenshot(browser, `05e-history-asked-with-${t}`);
  }
  await chooseTheme(browser, "light");
});

test("settings show each provider's endpoint in use and where keys can live", async () => {
  await $(browser, byTestId("tab-settings")).click();
  const openrouter = $(browser, byTestId("provider-openrouter"));
  await openrouter.waitForDisplayed();
  assert.match(await textOf(openrouter.$(byTestId("base-url-in-use"))), /^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
  assert.match(await textOf(openrouter), /from the environment/);
  assert.match(await textOf(openrouter.$(byTestId("key-status"))), /No key/);
  assert.match(await textOf($(browser, byTestId("provider-ollama"))), /No key needed/);
  // The e2e machine has no Secret Service: the app must say so rather than fail silently.
  assert.ok(await $(browser, byTestId("keychain-unavailable")).isDisplayed());
  await screenshot(browser, "06-settings");
});
