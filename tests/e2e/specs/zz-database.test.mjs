// An unreadable history database: the app says so and names the file, keeps working otherwise,
// and on request moves the file aside (kept, never deleted) and starts a fresh history.
// Runs last (the name sorts last); it puts the suite's own history back when done.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";

import { $, byTestId, launch, screenshot, textOf } from "../lib.mjs";

const DATA = process.env.PARALLAX_DATA_DIR;
const DB = DATA && join(DATA, "parallax.db");
const KEPT = DATA && join(DATA, "e2e-suite-history");
const SIDES = ["", "-wal", "-shm"];
let browser;

after(async () => {
  await browser?.deleteSession().catch(() => {});
  for (const f of readdirSync(DATA)) if (f.startsWith("parallax.db")) rmSync(join(DATA, f));
  for (const s of SIDES) if (existsSync(KEPT + s)) renameSync(KEPT + s, DB + s);
});

test("a corrupt database is named, kept, and moved aside only when asked", async () => {
  assert.ok(DATA, "run through tests/e2e/run.sh (PARALLAX_DATA_DIR)");
  for (const s of SIDES) if (existsSync(DB + s)) renameSync(DB + s, KEPT + s);
  const junk = "not a database but a shopping list: eggs, milk, tea\n".repeat(200);
  writeFileSync(DB, junk);

  browser = await launch();
  const banner = $(browser, byTestId("database-error"));
  await banner.waitForDisplayed({ timeout: 10_000 });
  const text = await textOf(banner);
  assert.match(text, /not a readable Parallax database/);
  assert.ok(text.includes(DB), `the message names the file: ${text}`);
  assert.equal(readFileSync(DB, "utf8"), junk, "opening it changed nothing");
  // History points to the banner rather than repeating it; the rest of the app stays usable.
  await $(browser, byTestId("tab-history")).click();
  const panel = $(browser, byTestId("history-error"));
  await panel.waitForDisplayed({ timeout: 10_000 });
  assert.match(await textOf(panel), /message at the top/);
  await browser.waitUntil(async () => (await textOf($(browser, byTestId("app-version")))).includes("v0."), { timeout: 5_000 });
  await screenshot(browser, "09-database-corrupt");

  await $(browser, byTestId("move-database-aside")).click();
  const moved = $(browser, byTestId("database-moved"));
  await moved.waitForDisplayed({ timeout: 10_000 });
  assert.equal(await $(browser, byTestId("database-error")).isExisting(), false);
  const aside = readdirSync(DATA).filter((f) => /^parallax\.db\.corrupt-\d+$/.test(f));
  assert.equal(aside.length, 1, `kept beside: ${readdirSync(DATA)}`);
  assert.equal(readFileSync(join(DATA, aside[0]), "utf8"), junk, "the old bytes are kept");
  assert.ok((await textOf(moved)).includes(aside[0]), "the banner says where it went");
  await $(browser, byTestId("history-empty")).waitForDisplayed({ timeout: 10_000 });
  await screenshot(browser, "10-database-moved-aside");
});
