// One comparison across every kind of provider: OpenRouter, Anthropic, Gemini, Ollama and a
// custom OpenAI-compatible endpoint added in Settings — all faces of the one mock provider.
import assert from "node:assert/strict";
import { after, test } from "node:test";

import { $, ask, byTestId, chooseTheme, clearPicks, columnStatuses, finishedColumns, launch, promptField, screenshot, textOf } from "../lib.mjs";

const MOCK_URL = process.env.MOCK_URL;
let browser;
after(async () => {
  await browser?.deleteSession().catch(() => {});
});

async function pickFrom(source, model) {
  await $(browser, byTestId("model-source")).selectByAttribute("value", source);
  const option = $(browser, `${byTestId(`model-option-${model}`)} input`);
  await option.waitForExist({ timeout: 10_000 });
  await option.click();
}

test("a custom endpoint added in Settings, then one prompt to five providers", async () => {
  assert.ok(MOCK_URL, "run through tests/e2e/run.sh");
  browser = await launch();
  await $(browser, byTestId("tab-settings")).click();
  await $(browser, byTestId("settings-section-endpoints")).click();
  await $(browser, byTestId("endpoint-name")).setValue("mocklocal");
  // A local OpenAI-compatible server (llama.cpp, vLLM…): the mock's /local face.
  await $(browser, byTestId("endpoint-url")).setValue(`${MOCK_URL}/local/v1`);
  await $(browser, byTestId("endpoint-add")).click();
  await $(browser, byTestId("endpoint-mocklocal")).waitForDisplayed({ timeout: 5_000 });
  assert.match(await textOf($(browser, byTestId("settings-message"))), /Endpoint mocklocal saved/);
  await screenshot(browser, "07-settings-custom-endpoint");

  await $(browser, byTestId("tab-compare")).click();
  while ((await browser.$$(byTestId("selected-model")).length) > 0) {
    await $(browser, `${byTestId("selected-model")} button`).click();
  }
  await pickFrom("openrouter|", "mock/fast");
  await pickFrom("anthropic|", "mock/medium");
  await pickFrom("gemini|", "mock/fast");
  await pickFrom("ollama|", "mock/thinker");
  await pickFrom("compatible|mocklocal", "mock/fast");
  const chips = await browser.execute(() =>
    Array.from(document.querySelectorAll("[data-testid='selected-model']")).map((c) => c.textContent ?? ""),
  );
  assert.deepEqual(
    chips.map((c) => c.replace(/×$/, "")),
    ["mock/fast", "anthropic:mock/medium", "gemini:mock/fast", "ollama:mock/thinker", "mocklocal:mock/fast"],
  );
  await (await promptField(browser)).setValue("Five providers, one prompt (e2e providers)");
  await $(browser, byTestId("send")).click();
  await browser.waitUntil(
    async () => {
      const s = await columnStatuses(browser);
      return s.length >= 5 && s.slice(0, 5).every((x) => x === "done" || x === "failed");
    },
    { timeout: 20_000, timeoutMsg: "columns did not finish" },
  );
  assert.deepEqual((await columnStatuses(browser)).slice(0, 5), ["done", "done", "done", "done", "done"]);
  const providers = await browser.execute(() =>
    Array.from(document.querySelectorAll(".compare [data-testid='column-provider']")).map((e) => e.textContent),
  );
  assert.deepEqual(providers, ["openrouter", "anthropic", "gemini", "ollama", "compatible:mocklocal"]);
  const reasoning = await textOf($(browser, `${byTestId("column-3")} .reasoning-text`));
  assert.match(reasoning, /^Considering what the question/, "Ollama's thinking is shown apart from the answer");
  // Cost per provider: OpenRouter bills 6 words in × $1/M + 60 out × $2/M = $0.000126; a local
  // Ollama is a real $0; Anthropic, Gemini and the custom endpoint report none and these mock
  // models are in no catalog: unknown, a dash — never $0.
  const costs = await browser.execute(() =>
    Array.from(document.querySelectorAll(".compare [data-testid='metric-cost']")).map((e) => e.textContent),
  );
  assert.deepEqual(costs, ["$0.000126", "—", "—", "$0", "—"]);
  const labels = await browser.execute(() =>
    Array.from(document.querySelectorAll(".compare .metrics")).map((m) => m.textContent ?? ""),
  );
  assert.match(labels[0], /Cost · billed/);
  assert.match(labels[3], /Cost · local/);
  await screenshot(browser, "08-compare-five-providers");
});

test("a custom endpoint whose server reads its key from a header of its own gets the key there, not as a bearer token", { timeout: 120_000 }, async () => {
  await browser.deleteSession().catch(() => {});
  // Keys in the app's memory for this launch: the key is saved as a person would, over IPC.
  browser = await launch({ args: ["--memory-keychain"] });
  await $(browser, byTestId("tab-settings")).click();
  await $(browser, byTestId("settings-section-endpoints")).click();
  await $(browser, byTestId("endpoint-name")).setValue("mockazure");
  await $(browser, byTestId("endpoint-url")).setValue(`${MOCK_URL}/v1`);
  await $(browser, byTestId("endpoint-key-header")).setValue("api-key");
  await $(browser, byTestId("endpoint-add")).click();
  const card = $(browser, byTestId("endpoint-mockazure"));
  await card.waitForDisplayed({ timeout: 5_000 });
  assert.equal(await textOf(card.$(byTestId("endpoint-key-header-mockazure"))), "Key sent in api-key");
  // The key, pasted into the endpoint's own key row and saved to the (in-memory) keychain.
  await card.$(byTestId("key-input")).setValue("az-e2e-0123456789SECRET");
  await card.$(byTestId("key-save")).click();
  await browser.waitUntil(async () => (await card.$(byTestId("key-masked")).isExisting()), { timeout: 5_000, timeoutMsg: "the key was not saved" });
  assert.doesNotMatch(await textOf(card), /0123456789SECRET/, "the saved key is shown masked only");
  for (const t of ["light", "dark"]) {
    await chooseTheme(browser, t);
    await card.scrollIntoView({ block: "center" });
    await screenshot(browser, `providers-02-key-header-${t}`);
  }
  await chooseTheme(browser, "system");

  // The mock echoes every key header it received into the answer (the key itself redacted).
  await $(browser, byTestId("tab-compare")).click();
  await ask(browser, ["mockazure:mock/fast@echo_key=1,tokens=8"], "Where did the key go? (e2e key header)");
  assert.deepEqual(await finishedColumns(browser, 1, 20_000), ["done"]);
  const answer = await textOf($(browser, `${byTestId("column-0")} ${byTestId("answer-text")}`));
  assert.match(answer, /^the proxy saw api-key: \[redacted\]/, "the key went in api-key, as its whole value");
  assert.doesNotMatch(answer, /authorization/i, "and not as a bearer token");
  await clearPicks(browser);
  await $(browser, byTestId("tab-settings")).click();
  await $(browser, byTestId("settings-section-endpoints")).click();
  await $(browser, byTestId("endpoint-remove-mockazure")).click();
  await $(browser, byTestId("endpoint-remove-dialog-confirm")).click();
  await browser.waitUntil(async () => !(await $(browser, byTestId("endpoint-mockazure")).isExisting()), { timeout: 5_000 });
});
