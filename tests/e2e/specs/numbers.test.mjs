// The numbers issue, end to end: hidden reasoning shows the visible speed and says so, refused
// and truncated answers are not a green "done", a BYOK bill shows its parts, and a spending cap
// that cannot be checked (a model without a known price) is said before sending, with a way to
// send anyway.
import assert from "node:assert/strict";
import { after, test } from "node:test";

import { $, byTestId, clearPicks, columnStatuses, launch, promptField, screenshot, selectModels, textOf } from "../lib.mjs";

let browser;
after(async () => {
  await browser?.deleteSession().catch(() => {});
});

async function waitFinal(n) {
  const final = ["done", "failed", "refused", "truncated", "cancelled"];
  await browser.waitUntil(
    async () => {
      const s = await columnStatuses(browser);
      return s.length >= n && s.slice(0, n).every((x) => final.includes(x));
    },
    { timeout: 20_000, timeoutMsg: "columns did not finish" },
  );
}

const metricsText = (i) => textOf($(browser, `${byTestId(`column-${i}`)} .metrics`));

test("hidden reasoning, refusals, truncation and a BYOK bill, each shown as what it is", async () => {
  browser = await launch();
  await clearPicks(browser);
  await selectModels(browser, ["mock/hidden-thinker", "mock/refuses", "mock/truncated", "mock/byok"]);
  // 20 words: the mock counts each as an input token.
  const prompt = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty";
  await (await promptField(browser)).setValue(prompt);
  await $(browser, byTestId("send")).click();
  await waitFinal(4);
  assert.deepEqual((await columnStatuses(browser)).slice(0, 4), ["done", "refused", "truncated", "done"]);

  // hidden-thinker: 150 reasoning tokens never streamed (1.5 s), then 30 answer tokens at 100
  // tok/s. The speed is the visible one and says so; 180 tokens over 0.3 s would read ~600.
  const thinker = $(browser, byTestId("column-0"));
  assert.match(await metricsText(0), /Tok\/s visible/);
  const speed = parseFloat(await textOf(thinker.$(byTestId("metric-speed"))));
  assert.ok(speed > 60 && speed < 160, `visible speed ≈ 100 tok/s, got ${speed}`);
  const ttft = await textOf(thinker.$(byTestId("metric-ttft")));
  assert.match(ttft, /^\d+\.\d+ s$/, `the hidden thinking is inside TTFT: ${ttft}`);
  assert.ok(parseFloat(ttft) >= 1.6, ttft);

  const refused = $(browser, byTestId("column-1"));
  assert.equal(await textOf(refused.$(byTestId("column-status"))), "refused");
  assert.match(await textOf(refused.$(byTestId("slot-outcome"))), /^The model declined, or a safety filter stopped it/);
  const cut = $(browser, byTestId("column-2"));
  assert.equal(await textOf(cut.$(byTestId("column-status"))), "truncated");
  assert.match(await textOf(cut.$(byTestId("slot-outcome"))), /^Cut short at the length limit/);

  // byok: upstream 20 in × $1/M + 40 out × $2/M = $0.0001; OpenRouter's 5 % fee $0.000005.
  const byok = $(browser, byTestId("column-3"));
  assert.equal(await textOf(byok.$(byTestId("metric-cost"))), "$0.000105");
  const title = await byok.$(byTestId("metric-cost")).parentElement().getAttribute("title");
  assert.match(title, /\$0\.0001 charged by the provider to your own key \+ \$0\.000005 OpenRouter fee/);
  await screenshot(browser, "06-numbers-hidden-refused-truncated-byok");
});

test("a cap that cannot be checked is said before sending, with Send anyway", async () => {
  await $(browser, byTestId("tab-settings")).click();
  await $(browser, byTestId("settings-section-budgets")).click();
  await $(browser, byTestId("budget-per-comparison")).setValue("1");
  await $(browser, byTestId("budgets-save")).click();
  await browser.waitUntil(async () => /Budgets saved/.test(await textOf($(browser, byTestId("settings-message")))));
  try {
    await $(browser, byTestId("tab-compare")).click();
    await clearPicks(browser);
    await selectModels(browser, ["mock/fast"]);
    // Anthropic's own list has no prices and this model is in no catalog: unknown.
    await $(browser, byTestId("model-source")).selectByAttribute("value", "anthropic|");
    const option = $(browser, `${byTestId("model-option-mock/medium")} input`);
    await option.waitForExist({ timeout: 10_000 });
    await option.click();
    await (await promptField(browser)).setValue("Under a cap (e2e budget)");
    await $(browser, byTestId("send")).click();
    const warning = $(browser, byTestId("budget-unchecked"));
    await warning.waitForExist({ timeout: 5_000 });
    const text = await textOf(warning);
    assert.match(text, /cannot be checked: the most mock\/medium could cost is unknown/);
    assert.doesNotMatch(text, /mock\/fast/, "only the unpriced model is named");
    await screenshot(browser, "06b-budget-unchecked");

    await $(browser, byTestId("send-anyway")).click();
    await waitFinal(2);
    const during = $(browser, byTestId("spend-unknown"));
    await during.waitForExist({ timeout: 5_000 });
    assert.match(await textOf(during), /mock\/medium's answer is unknown: the spending cap cannot count it/);
    await screenshot(browser, "06c-budget-spend-unknown");

    // A follow-up to the same models meets the same cap, and the same way through.
    await $(browser, byTestId("follow-up-input")).setValue("And in one sentence? (e2e budget follow-up)");
    await $(browser, byTestId("follow-up-all")).click();
    const again = $(browser, byTestId("budget-unchecked"));
    await again.waitForExist({ timeout: 5_000 });
    assert.match(await textOf(again), /the most mock\/medium could cost is unknown/);
    await $(browser, byTestId("send-anyway")).click();
    await browser.waitUntil(async () => (await textOf($(browser, byTestId("run-prompt")))).includes("(e2e budget follow-up)"), {
      timeout: 10_000,
      timeoutMsg: "the follow-up was not sent anyway",
    });
    await waitFinal(2);
  } finally {
    // Later specs run without a cap. WebKit's clearValue does not reach React's onChange, so
    // the field is emptied with the keyboard, and the saved state is checked.
    await $(browser, byTestId("tab-settings")).click();
    await $(browser, byTestId("settings-section-budgets")).click();
    const cap = $(browser, byTestId("budget-per-comparison"));
    await cap.click();
    await browser.keys(["Control", "a"]);
    await browser.keys(["Backspace"]);
    await browser.waitUntil(async () => (await cap.getProperty("value")) === "", { timeoutMsg: "the cap field did not empty" });
    await $(browser, byTestId("budgets-save")).click();
    // The message from the first save may still show: give this save its moment.
    await browser.pause(500);
    // Reopen Settings (it opens on the section last shown): the saved cap is gone.
    await $(browser, byTestId("tab-compare")).click();
    await $(browser, byTestId("tab-settings")).click();
    await $(browser, byTestId("budgets")).waitForDisplayed();
    assert.equal(await $(browser, byTestId("budget-per-comparison")).getProperty("value"), "", "no cap left behind");
  }
});
