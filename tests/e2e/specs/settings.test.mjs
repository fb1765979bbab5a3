// Settings, complete, on the real app with its keys in process memory (--memory-keychain; this
// machine has no Secret Service): a pasted key is shown masked only and is nowhere else — not in
// the page, not over IPC, not in the database, not in the driver's log; a connection test shows
// latency and the key's credit; a value that cannot be read is refused next to its field and the
// saved one stays; the data actions write where they say, and history survives export → clear
// (with a backup) → import. Screenshots of every section, light and dark, and in a small window.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";

import { $, byTestId, chooseTheme, clearPicks, invoke, launch, screenshot, selectModels, textOf, unfoldComposer, resizeWindow } from "../lib.mjs";

const DATA = process.env.PARALLAX_DATA_DIR;
const DRIVER_LOG = process.env.TAURI_DRIVER_LOG;
const SECRET = `sk-or-v1-e2e-SECRET-${randomBytes(12).toString("hex")}`;
const MASKED = `${SECRET.slice(0, 3)}…${SECRET.slice(-4)}`;
const SECTIONS = ["providers", "endpoints", "defaults", "limits", "budgets", "appearance", "keyboard", "data"];
let browser;

after(async () => {
  if (!browser) return;
  // Later specs start from the defaults: no cap, the system theme.
  await invoke(browser, "set_settings", { changes: [{ key: "budget.per_comparison_usd" }, { key: "budget.daily_usd" }] }).catch(() => {});
  await setTheme("system").catch(() => {});
  await browser.deleteSession().catch(() => {});
});

const setTheme = (t) => chooseTheme(browser, t);

async function openSection(id) {
  await $(browser, byTestId("tab-settings")).click();
  await $(browser, byTestId(`settings-section-${id}`)).click();
  await $(browser, byTestId(`settings-${id}`)).waitForDisplayed({ timeout: 10_000 });
}

/** Replaces a field's text the way a person does (select all, type), so React sees every change. */
async function typeInto(selector, text) {
  const el = $(browser, selector);
  await el.click();
  await browser.keys(["Control", "a"]);
  await browser.keys(["Backspace"]);
  if (text) await el.addValue(text);
}

/** Whether the element is wholly inside the window (not scrolled away, not under the edge). */
function onScreen(selector) {
  return browser.execute((sel) => {
    const r = document.querySelector(sel)?.getBoundingClientRect();
    return !!r && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
  }, selector);
}

/** Everything the page holds as text: what is painted, every attribute, every field's value. */
function pageText() {
  return browser.execute(() => {
    const out = [document.body.innerText, document.documentElement.outerHTML];
    for (const el of document.querySelectorAll("*")) {
      for (const a of el.attributes) out.push(a.value);
      if (typeof el.value === "string") out.push(el.value);
    }
    return out.join("\n");
  });
}

/** Every file under `dir` (the database, its -wal and -shm, backups, exports). */
function filesUnder(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

function assertSecretNotOnDisk(when) {
  const secret = Buffer.from(SECRET);
  const files = filesUnder(DATA);
  assert.ok(files.some((f) => f.endsWith("parallax.db")), `the database is in ${DATA}: ${files}`);
  for (const f of files) assert.equal(readFileSync(f).includes(secret), false, `${f} holds the key (${when})`);
  assert.ok(DRIVER_LOG && existsSync(DRIVER_LOG), "run.sh passes the tauri-driver log (TAURI_DRIVER_LOG)");
  assert.equal(readFileSync(DRIVER_LOG).includes(secret), false, `the tauri-driver log holds the key (${when})`);
}

test("a pasted key is kept in the keychain and shown masked only", async () => {
  assert.ok(DATA, "run through tests/e2e/run.sh (PARALLAX_DATA_DIR)");
  browser = await launch({ args: ["--memory-keychain"] });
  await setTheme("light");
  await openSection("providers");
  assert.equal(await $(browser, byTestId("keychain-unavailable")).isExisting(), false, "a keychain is there (in memory)");
  const card = $(browser, byTestId("provider-openrouter"));
  assert.match(await textOf(card.$(byTestId("key-status"))), /^No key\./);

  await card.$(byTestId("key-input")).setValue(SECRET);
  await card.$(byTestId("key-save")).click();
  const masked = card.$(byTestId("key-masked"));
  await masked.waitForDisplayed({ timeout: 10_000 });
  assert.equal(await textOf(masked), MASKED);
  assert.match(await textOf(card.$(byTestId("settings-message"))), /OpenRouter key saved in the OS keychain/);
  assert.equal(await card.$(byTestId("key-input")).getProperty("value"), "", "the field is emptied");
  await screenshot(browser, "settings-01-providers-key-saved-light");

  const page = await pageText();
  assert.ok(page.includes(MASKED), "the masked form is on the page");
  assert.equal(page.includes(SECRET), false, "the key is nowhere in the page");
  const ipc = JSON.stringify(await invoke(browser, "get_settings"));
  assert.ok(ipc.includes(MASKED));
  assert.equal(ipc.includes(SECRET), false, "get_settings carries the masked form only");
  assertSecretNotOnDisk("after saving it");
});

test("test connection: latency, models, the key's credit; a dead endpoint's error in red", async () => {
  const card = $(browser, byTestId("provider-openrouter"));
  await card.$(byTestId("test-connection-openrouter")).click();
  const summary = card.$(byTestId("connection-summary"));
  await summary.waitForDisplayed({ timeout: 10_000 });
  assert.match(await textOf(summary), /^Connected in \d+ ms · \d+ models?$/);
  // The mock's /api/v1/key: limit 100, 74.5 remaining, monthly; 25.5 used, 1.25 today.
  const key = await textOf(card.$(byTestId("connection-key")));
  assert.match(key, /\$74\.50 left of \$100 \(monthly\)/);
  assert.match(key, /used \$25\.50, today \$1\.25/);
  await card.scrollIntoView({ block: "start" });
  await screenshot(browser, "settings-02-providers-connection-light");

  // A custom endpoint nothing listens on: the failure is said under its own Test button.
  await openSection("endpoints");
  await typeInto(byTestId("endpoint-name"), "deadend");
  await typeInto(byTestId("endpoint-url"), "http://127.0.0.1:9/v1");
  await $(browser, byTestId("endpoint-add")).click();
  const ep = $(browser, byTestId("endpoint-deadend"));
  await ep.waitForDisplayed({ timeout: 5_000 });
  await ep.$(byTestId("test-connection-deadend")).click();
  const failed = ep.$(byTestId("connection-result"));
  await browser.waitUntil(async () => (await failed.isExisting()) && (await failed.getAttribute("data-code")) !== null, {
    timeout: 20_000,
    timeoutMsg: "the failed test said nothing",
  });
  assert.equal(await failed.getAttribute("data-code"), "network");
  assert.match(await failed.getAttribute("class"), /\bbad\b/);
  await ep.scrollIntoView({ block: "start" });
  await screenshot(browser, "settings-03-endpoints-connection-failed-light");

  // Removing asks first, and says what goes with it.
  await ep.$(byTestId("endpoint-remove-deadend")).click();
  const dialog = $(browser, byTestId("endpoint-remove-dialog"));
  await dialog.waitForDisplayed({ timeout: 5_000 });
  assert.match(await textOf(dialog), /Remove the endpoint deadend\?/);
  await screenshot(browser, "settings-04-endpoints-remove-confirm-light");
  await dialog.$(byTestId("endpoint-remove-dialog-confirm")).click();
  await browser.waitUntil(async () => !(await $(browser, byTestId("endpoint-deadend")).isExisting()), { timeout: 5_000 });
  assert.match(await textOf($(browser, byTestId("endpoint-removed"))), /Endpoint deadend removed/);
});

test("a budget that cannot be read is refused next to its field; the saved cap stays", async () => {
  await openSection("budgets");
  const field = byTestId("budget-per-comparison");
  await typeInto(field, "$5.00");
  await $(browser, byTestId("budgets-save")).click();
  await browser.waitUntil(async () => /Budgets saved/.test(await textOf($(browser, `${byTestId("budgets")} ${byTestId("settings-message")}`))), { timeout: 5_000 });
  assert.equal(await $(browser, field).getProperty("value"), "5", "stored as typed, read by Rust: $5.00 is 5");
  assert.equal((await invoke(browser, "get_settings")).budget_per_comparison_usd, 5);

  await typeInto(field, "abc");
  await $(browser, byTestId("budgets-save")).click();
  const error = $(browser, byTestId("setting-error-budget.per_comparison_usd"));
  await error.waitForDisplayed({ timeout: 5_000 });
  const message = await textOf(error);
  assert.match(message, /"abc" is not an amount in USD/);
  assert.match(message, /Still saved: \$5\./);
  assert.equal(await $(browser, field).getAttribute("aria-invalid"), "true");
  // Next to the field: inside its own row, below the input.
  const row = $(browser, byTestId("setting-row-budget.per_comparison_usd"));
  assert.ok(await row.$(byTestId("setting-error-budget.per_comparison_usd")).isExisting());
  assert.equal((await invoke(browser, "get_settings")).budget_per_comparison_usd, 5, "nothing was saved as no cap");
  assert.ok(await onScreen(byTestId("setting-error-budget.per_comparison_usd")), "the message is on screen");
  await screenshot(browser, "settings-05-budgets-refused-light");

  await $(browser, byTestId("setting-reset-budget.per_comparison_usd")).click();
  await browser.waitUntil(async () => (await invoke(browser, "get_settings")).budget_per_comparison_usd === null, { timeout: 5_000, timeoutMsg: "reset did not remove the cap" });
  assert.equal(await $(browser, field).getProperty("value"), "");
});

test("a limit over its maximum is refused with the bound in the message", async () => {
  await openSection("limits");
  const row = (await invoke(browser, "get_settings")).settings.find((r) => r.key === "concurrency.global");
  const over = String(row.max + 1);
  await typeInto(byTestId("setting-concurrency.global"), over);
  await $(browser, byTestId("concurrency-save")).click();
  const error = $(browser, byTestId("setting-error-concurrency.global"));
  await error.waitForDisplayed({ timeout: 5_000 });
  assert.match(await textOf(error), new RegExp(`"${over}" is not a whole number from ${row.min} to ${row.max}`));
  assert.equal((await invoke(browser, "get_settings")).settings.find((r) => r.key === "concurrency.global").saved, null);
  await screenshot(browser, "settings-06-limits-refused-light");
  await typeInto(byTestId("setting-concurrency.global"), "");
});

test("default parameters reach Compare's estimate; an alias is offered by the palette", async () => {
  await $(browser, byTestId("tab-compare")).click();
  await clearPicks(browser);
  await selectModels(browser, ["mock/fast"]);
  await unfoldComposer(browser);
  await typeInto(byTestId("prompt"), "How far is the moon? (e2e defaults)");
  const estimate = $(browser, byTestId("estimate"));
  await estimate.waitForExist({ timeout: 10_000 });
  // The mock lists 4,096 output tokens at $2/M: at most ~$0.0082 before any default.
  await browser.waitUntil(async () => /at most \$0\.008\d+$/.test(await textOf(estimate)), { timeout: 10_000, timeoutMsg: "no estimate before defaults" });

  await openSection("defaults");
  await typeInto(byTestId("param-temperature"), "3");
  await typeInto(byTestId("param-max_tokens"), "100");
  await $(browser, byTestId("default-params-save")).click();
  const refused = $(browser, byTestId("param-temperature-error"));
  await refused.waitForDisplayed({ timeout: 5_000 });
  assert.match(await textOf(refused), /Temperature is a number from 0 to 2/);
  await typeInto(byTestId("param-temperature"), "0.2");
  await $(browser, byTestId("default-params-save")).click();
  await browser.waitUntil(async () => /temperature 0\.2 · max 100 tokens/.test(await textOf($(browser, byTestId("default-params-status")))), { timeout: 5_000 });

  await typeInto(byTestId("alias-name"), "quick");
  await typeInto(byTestId("alias-model"), "mock/fast");
  await $(browser, byTestId("alias-add")).click();
  await $(browser, byTestId("alias-quick")).waitForDisplayed({ timeout: 5_000 });
  assert.deepEqual(await invoke(browser, "list_aliases"), [{ name: "quick", model: "mock/fast" }]);
  await screenshot(browser, "settings-11-defaults-set-light");

  // 100 output tokens at $2/M at most, plus the input: the estimate follows.
  await $(browser, byTestId("tab-compare")).click();
  await browser.waitUntil(async () => /at most \$0\.000[1-2]\d*$/.test(await textOf($(browser, byTestId("estimate")))), {
    timeout: 10_000,
    timeoutMsg: "the estimate did not follow the default max_tokens",
  });
  assert.match(await textOf($(browser, byTestId("compare-defaults"))), /temperature 0\.2 · max 100 tokens/);

  await browser.keys(["Control", "k"]);
  await $(browser, byTestId("palette-input")).setValue("quick");
  await $(browser, byTestId("palette-cmd-alias-quick")).waitForDisplayed({ timeout: 5_000 });
  await browser.keys(["Escape"]);

  // Back to no defaults and no alias for the specs that follow.
  await openSection("defaults");
  await $(browser, byTestId("default-params-reset")).click();
  await $(browser, byTestId("alias-remove-quick")).click();
  await browser.waitUntil(async () => (await invoke(browser, "list_aliases")).length === 0, { timeout: 5_000 });
  await $(browser, byTestId("tab-compare")).click();
  await clearPicks(browser);
  await unfoldComposer(browser);
  await typeInto(byTestId("prompt"), "");
});

test("data: back up, export, clear with a backup, import the export back", async () => {
  await openSection("data");
  const info = await invoke(browser, "data_info");
  assert.ok(info.comparisons > 0, "earlier specs left a history");
  await browser.waitUntil(async () => (await textOf($(browser, byTestId("data-count")))) === String(info.comparisons), { timeout: 5_000 });
  assert.equal(await textOf($(browser, byTestId("data-db-path"))), join(DATA, "parallax.db"));
  // Where the logs are, for a bug report: today's app log is there.
  const logs = await textOf($(browser, byTestId("data-logs")));
  assert.equal(logs, join(DATA, "logs"));
  assert.ok(readdirSync(logs).some((f) => f.startsWith("app.log.")), `the app's log is in ${logs}`);

  await $(browser, byTestId("backup-now")).click();
  const backup = $(browser, byTestId("backup-path"));
  await backup.waitForDisplayed({ timeout: 10_000 });
  const backupPath = await textOf(backup);
  assert.ok(backupPath.startsWith(join(DATA, "backups")), backupPath);
  assert.ok(existsSync(backupPath) && statSync(backupPath).size > 0, `the backup is on disk: ${backupPath}`);

  await $(browser, byTestId("export-now")).click();
  const exported = $(browser, byTestId("export-path"));
  await exported.waitForDisplayed({ timeout: 10_000 });
  const exportPath = await textOf(exported);
  assert.ok(existsSync(exportPath), `the export is on disk: ${exportPath}`);
  assert.match(await textOf($(browser, byTestId("export-result"))), new RegExp(`^Exported ${info.comparisons} comparisons? to`));
  assert.equal(readFileSync(exportPath, "utf8").trim().split("\n").length, info.comparisons, "one line per comparison");
  await screenshot(browser, "settings-07-data-backup-export-light");

  await $(browser, byTestId("clear-history")).click();
  const dialog = $(browser, byTestId("clear-dialog"));
  await dialog.waitForDisplayed({ timeout: 5_000 });
  assert.match(await textOf(dialog), new RegExp(`Delete all ${info.comparisons} comparisons?\\?`));
  assert.equal(await dialog.$(byTestId("clear-backup")).isSelected(), true, "Back up first is ticked");
  await screenshot(browser, "settings-08-data-clear-confirm-light");
  await dialog.$(byTestId("clear-dialog-confirm")).click();
  const cleared = $(browser, byTestId("clear-result"));
  await cleared.waitForDisplayed({ timeout: 10_000 });
  assert.match(await textOf(cleared), new RegExp(`^Deleted ${info.comparisons} comparisons?\\. The backup is at `));
  const clearBackup = await textOf($(browser, byTestId("clear-backup-path")));
  assert.ok(existsSync(clearBackup), `the backup before clearing is on disk: ${clearBackup}`);
  assert.notEqual(clearBackup, backupPath, "a new file, never over the earlier backup");
  await screenshot(browser, "settings-09-data-cleared-light");

  await $(browser, byTestId("tab-history")).click();
  await $(browser, byTestId("history-empty")).waitForDisplayed({ timeout: 10_000 });

  await openSection("data");
  await typeInto(byTestId("import-path"), exportPath);
  await $(browser, byTestId("import-run")).click();
  const imported = $(browser, byTestId("import-result"));
  await imported.waitForDisplayed({ timeout: 10_000 });
  assert.match(await textOf(imported), new RegExp(`^Imported ${info.comparisons} comparisons?\\.`));
  assert.equal((await invoke(browser, "data_info")).comparisons, info.comparisons);
  await screenshot(browser, "settings-10-data-imported-light");
  // The same file again is refused whole, said under the field.
  await typeInto(byTestId("import-path"), exportPath);
  await $(browser, byTestId("import-run")).click();
  await browser.waitUntil(async () => /nothing was imported/.test(await textOf($(browser, byTestId("import-result")))), { timeout: 10_000 });
  assert.equal((await invoke(browser, "data_info")).comparisons, info.comparisons);

  await $(browser, byTestId("tab-history")).click();
  await browser.waitUntil(async () => (await browser.$$(byTestId("history-item")).length) === Math.min(info.comparisons, 100), {
    timeout: 10_000,
    timeoutMsg: "History did not list the imported comparisons",
  });
  assertSecretNotOnDisk("after backups and an export");
});

test("every section in light and dark, and in a small window", async () => {
  for (const theme of ["light", "dark"]) {
    await setTheme(theme);
    for (const [i, id] of SECTIONS.entries()) {
      await openSection(id);
      await browser.pause(150);
      await screenshot(browser, `settings-2${theme === "light" ? 0 : 1}-${i + 1}-${id}-${theme}`);
    }
  }
  // The dark theme with a refusal and a connection result on screen.
  await openSection("budgets");
  await typeInto(byTestId("budget-daily"), "lots");
  await $(browser, byTestId("budgets-save")).click();
  await $(browser, byTestId("setting-error-budget.daily_usd")).waitForDisplayed({ timeout: 5_000 });
  await screenshot(browser, "settings-30-budgets-refused-dark");
  await typeInto(byTestId("budget-daily"), "");
  await openSection("providers");
  await $(browser, byTestId("test-connection-openrouter")).click();
  await $(browser, `${byTestId("provider-openrouter")} ${byTestId("connection-key")}`).waitForDisplayed({ timeout: 10_000 });
  await screenshot(browser, "settings-31-providers-connection-dark");

  const { width, height } = await browser.getWindowSize();
  try {
    await resizeWindow(browser, 760, 520);
    await setTheme("light");
    for (const id of SECTIONS) {
      await openSection(id);
      await browser.pause(200);
      await screenshot(browser, `settings-40-small-${id}-light`);
    }
    await openSection("budgets");
    await typeInto(byTestId("budget-per-comparison"), "abc");
    await $(browser, byTestId("budgets-save")).click();
    const error = $(browser, byTestId("setting-error-budget.per_comparison_usd"));
    await error.waitForDisplayed({ timeout: 5_000 });
    assert.ok(await onScreen(byTestId("setting-error-budget.per_comparison_usd")), "the refusal is on screen in a small window");
    await screenshot(browser, "settings-41-small-budgets-refused-light");
    await typeInto(byTestId("budget-per-comparison"), "");
  } finally {
    await resizeWindow(browser, width, height);
  }
  assertSecretNotOnDisk("at the end");
});
