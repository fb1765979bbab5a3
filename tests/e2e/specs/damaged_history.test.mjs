// A history with a damaged page (issue 14) in the real app: the first read that meets it puts a
// banner above every room naming the file; "Recover what can be read" copies the rest into a
// fresh history (the damaged file kept beside it) and History reads again.
//
// The main window's history is set aside for this spec and put back after it: a seeded history
// of 300 comparisons (`parallax db seed`) stands in, with the slots table's last leaf page given
// a b-tree page type that does not exist (from SQLite's file format, with Python's sqlite3 to
// find the table's root page).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";

import { $, byTestId, chooseTheme, launch, screenshot } from "../lib.mjs";

const DATA = process.env.PARALLAX_DATA_DIR;
const DB = join(DATA, "parallax.db");
const CLI = join(dirname(process.env.APP_BIN), "parallax");
const SIDES = ["", "-wal", "-shm"];
const DAMAGE = `
import sqlite3, struct, sys
p = sys.argv[1]
c = sqlite3.connect(p); c.execute("pragma wal_checkpoint(TRUNCATE)")
root = c.execute("select rootpage from sqlite_master where type='table' and name='slots'").fetchone()[0]
c.close()
b = bytearray(open(p, "rb").read())
size = struct.unpack(">H", b[16:18])[0] or 65536
page = root
while b[(page - 1) * size] == 0x05:
    page = struct.unpack(">I", b[(page - 1) * size + 8:(page - 1) * size + 12])[0]
assert page != root and b[(page - 1) * size] == 0x0D
b[(page - 1) * size] = 0x0B
open(p, "wb").write(b)
`;
let browser;

before(() => {
  for (const s of SIDES) if (existsSync(DB + s)) renameSync(DB + s, `${DB}${s}.e2e-kept`);
  execFileSync(CLI, ["db", "seed", "--comparisons", "300", "--short"], { env: { ...process.env, PARALLAX_DATA_DIR: DATA }, stdio: "ignore" });
  execFileSync("python3", ["-c", DAMAGE, DB]);
});

after(async () => {
  await chooseTheme(browser, "system").catch(() => {});
  await browser?.deleteSession().catch(() => {});
  // This spec's files go; the history the other specs use comes back.
  for (const f of readdirSync(DATA)) if (/^parallax\.db(-wal|-shm)?(\.damaged-\d+)?$/.test(f)) rmSync(join(DATA, f));
  for (const s of SIDES) if (existsSync(`${DB}${s}.e2e-kept`)) renameSync(`${DB}${s}.e2e-kept`, DB + s);
});

test("a damaged history is said above every room and recovered in one click", { timeout: 90_000 }, async () => {
  browser = await launch();
  await $(browser, byTestId("tab-history")).click();
  await $(browser, byTestId("history-item")).waitForDisplayed({ timeout: 15_000 });
  // The newest comparison's answers are on the damaged page.
  await $(browser, byTestId("history-item")).click();
  const banner = $(browser, byTestId("database-damaged"));
  await banner.waitForDisplayed({ timeout: 10_000 });
  const said = await banner.getText();
  assert.match(said, /Part of your history is damaged\./);
  assert.ok(said.includes(DB), `the banner names the file: ${said}`);
  for (const t of ["light", "dark"]) {
    await chooseTheme(browser, t);
    await screenshot(browser, `damaged-01-banner-${t}`);
  }
  // Still there in another room.
  await $(browser, byTestId("tab-prices")).click();
  assert.ok(await banner.isDisplayed());

  await $(browser, byTestId("recover-database")).click();
  const done = $(browser, byTestId("database-recovered"));
  await done.waitForDisplayed({ timeout: 20_000 });
  const report = await done.getText();
  // 300 comparisons were seeded; the damaged page held some of the newest answers.
  assert.match(report, /300 comparisons and \d+ answers were kept; 1 damaged stretch was skipped/);
  assert.match(report, /parallax\.db\.damaged-\d+/);
  for (const t of ["light", "dark"]) {
    await chooseTheme(browser, t);
    await screenshot(browser, `damaged-02-recovered-${t}`);
  }
  await $(browser, byTestId("tab-history")).click();
  await $(browser, byTestId("history-item")).click();
  await $(browser, byTestId("history-prompt")).waitForDisplayed({ timeout: 10_000 });
  assert.equal(await $(browser, byTestId("database-damaged")).isExisting(), false);
  // The file at the old place is sound now, and the damaged one is kept beside it.
  execFileSync(CLI, ["db", "check"], { env: { ...process.env, PARALLAX_DATA_DIR: DATA } });
  assert.ok(readdirSync(DATA).some((f) => /^parallax\.db\.damaged-\d+$/.test(f)));
});
