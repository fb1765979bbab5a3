// History and Analytics over a made-up history of 10,000 comparisons (`parallax db seed`, run by
// run.sh for the seeded driver). Expected figures are computed here from the app's JSON Lines
// export of the same history — every answer's status and cost — never by the analytics code.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { $, byTestId, captureErrors, chooseTheme, clickInView, currentPath, invoke, launch, pageErrors, screenshot, textOf, waitForSeed, resizeWindow } from "../lib.mjs";

let browser;
let all = []; // every comparison of the export, newest first

// formatUsd's rule (format.ts), restated: 4 decimals from a cent up.
const usd = (v) => (v >= 0.01 ? `$${v.toFixed(4)}` : null);
const pct = (n, of) => `${((n / of) * 100).toFixed(n > 0 && n / of < 0.01 ? 1 : 0)} %`;
const go = (hash) => browser.execute((h) => (window.location.hash = h), hash);

before(async () => {
  await waitForSeed();
  browser = await launch({ seeded: true });
  await captureErrors(browser);
  const dir = mkdtempSync(join(tmpdir(), "parallax-seeded-"));
  const out = await invoke(browser, "export_history", { path: join(dir, "all.jsonl") });
  all = readFileSync(out.path, "utf8").trim().split("\n").map((l) => JSON.parse(l).comparison).sort((a, b) => b.created_at_ms - a.created_at_ms);
  assert.equal(all.length, 10_000);
});

after(async () => {
  await browser?.deleteSession().catch(() => {});
});

test("Analytics over all of it: each model's answers and failure rate, the spend and the unknown costs, as counted from the export", async () => {
  const slots = all.flatMap((c) => c.slots);
  const byModel = new Map();
  for (const s of slots) {
    const m = byModel.get(s.model) ?? { answers: 0, failed: 0, rated: 0 };
    m.answers += 1;
    if (s.status === "failed") m.failed += 1;
    if (["done", "refused", "truncated", "failed"].includes(s.status)) m.rated += 1;
    byModel.set(s.model, m);
  }
  const known = slots.filter((s) => s.cost.usd !== null);
  const spend = known.reduce((a, s) => a + s.cost.usd, 0);
  const unknown = slots.length - known.length;

  // gpt-4o's providers, read once (as its page in Prices does): Analytics puts the median of
  // their p50s beside your own figures (the lower median, computed here from what was read).
  // (The mock lists a model's providers for the models of its catalog: the real one, for this.)
  const real = JSON.parse(readFileSync(new URL("../../../crates/app/data/openrouter-catalog.json", import.meta.url), "utf8")).data;
  assert.equal((await fetch(`${process.env.MOCK_URL}/__mock/catalog`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ data: real }) })).status, 204);
  const ep = await invoke(browser, "model_endpoints", { model: "openai/gpt-4o", refresh: null }).finally(() => fetch(`${process.env.MOCK_URL}/__mock/catalog`, { method: "DELETE" }));
  const lowerMedian = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  const lat = lowerMedian(ep.endpoints.map((e) => e.latency_30m?.p50).filter((x) => typeof x === "number").map((x) => x * 1000));
  const thr = lowerMedian(ep.endpoints.map((e) => e.throughput_30m?.p50).filter((x) => typeof x === "number"));
  const ms = (v) => (v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(v < 10_000 ? 2 : 1)} s`);
  const market = `${ms(lat)} · ${thr.toFixed(thr < 10 ? 1 : 0)} tok/s`;

  await $(browser, byTestId("tab-analytics")).click();
  await $(browser, byTestId("range-all")).click();
  // The range's own figures, not the 30 days' still shown while "All" is read.
  await browser.waitUntil(
    async () => browser.execute((n) => /all of it/.test(document.querySelector(".an-head")?.textContent ?? "") && document.querySelector(".an-body")?.getAttribute("aria-busy") === "false" && document.querySelectorAll("[data-testid='an-model-row']").length === n, byModel.size),
    { timeout: 30_000, timeoutMsg: `Analytics did not list ${byModel.size} models over all the history; page errors: ${JSON.stringify(await pageErrors(browser))}` },
  );
  const rows = await browser.execute(() =>
    Array.from(document.querySelectorAll("[data-testid='an-model-row']")).map((r) => ({
      model: r.dataset.model,
      answers: r.querySelector("[data-col='answers']").textContent,
      failed: r.querySelector("[data-col='failed']").textContent,
    })),
  );
  for (const r of rows) {
    const m = byModel.get(r.model);
    assert.ok(m, `${r.model} is in the export`);
    assert.equal(r.answers, m.answers.toLocaleString("en-US"), `${r.model}: answers`);
    assert.equal(r.failed, pct(m.failed, m.rated), `${r.model}: failed`);
  }
  await browser.waitUntil(async () => (await browser.execute(() => document.querySelector("[data-testid='an-model-row'][data-model='openai/gpt-4o'] [data-col='market']")?.textContent)) === market, { timeout: 10_000, timeoutMsg: `gpt-4o's OpenRouter figures are not ${market}` });
  assert.equal(await browser.execute(() => document.querySelector("[data-testid='an-model-row'][data-model='openai/gpt-4o-mini'] [data-col='market']")?.textContent), "—", "a model whose providers were never read has none");
  // Until the person asks Analytics to read the others' (it makes no request of its own): then
  // every model OpenRouter lists gets its figures; the mock gives every model the same providers.
  const read = $(browser, byTestId("market-read"));
  assert.match(await textOf(read), /^Read OpenRouter's figures \(\d+\)$/);
  assert.equal((await fetch(`${process.env.MOCK_URL}/__mock/catalog`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ data: real }) })).status, 204);
  try {
    // Clicked again only if it did not start (a click was lost in one CI run).
    await clickInView(browser, read, { until: async () => !/^Read OpenRouter's figures/.test((await browser.execute(() => document.querySelector("[data-testid='market-read']")?.textContent)) ?? ""), timeoutMsg: "reading OpenRouter's figures did not start" });
    // What the button says if it does not go: still "Read…" (the click was lost) or "Reading n of N…" (slow).
    let said = "";
    await browser.waitUntil(
      async () => {
        said = (await browser.execute(() => document.querySelector("[data-testid='market-read']")?.textContent ?? "")) || "";
        return said === "";
      },
      { timeout: 60_000, timeoutMsg: "reading the providers did not end" },
    ).catch((e) => {
      throw new Error(`${e.message}: the button still says "${said}"`);
    });
  } finally {
    await fetch(`${process.env.MOCK_URL}/__mock/catalog`, { method: "DELETE" });
  }
  await browser.waitUntil(async () => (await browser.execute(() => document.querySelector("[data-testid='an-model-row'][data-model='openai/gpt-4o-mini'] [data-col='market']")?.textContent)) === market, { timeout: 10_000, timeoutMsg: `gpt-4o-mini's OpenRouter figures are not ${market} once read` });
  const listedIds = new Set(real.map((m) => m.id));
  const cells = await browser.execute(() => Array.from(document.querySelectorAll("[data-testid='an-model-row']")).map((r) => [r.dataset.model, r.querySelector("[data-col='market']").textContent]));
  for (const [model, cell] of cells) {
    if (byModel.has(model) && listedIds.has(model)) assert.equal(cell, market, `${model}: read, so beside yours`);
  }
  assert.equal(await textOf($(browser, byTestId("an-card-spend")).$("strong")), `${usd(spend)}+`, "the known spend, + for the answers of unknown cost");
  assert.equal(await textOf($(browser, byTestId("an-unknown"))), `+ ${unknown.toLocaleString("en-US")} answers of unknown cost`);
  // A bar per UTC day from the oldest comparison's day to the newest's.
  const day = (ms) => Date.parse(new Date(ms).toISOString().slice(0, 10));
  const days = (day(all[0].created_at_ms) - day(all[all.length - 1].created_at_ms)) / 86_400_000 + 1;
  await browser.waitUntil(async () => (await $(browser, byTestId("spend-chart")).getAttribute("data-points")) === String(days), { timeout: 5_000, timeoutMsg: `the spend chart does not have ${days} days` });
  await screenshot(browser, "history-seeded-01-analytics-all-light");
  await chooseTheme(browser, "dark");
  await screenshot(browser, "history-seeded-02-analytics-all-dark");
  await browser.execute(() => document.querySelector("[data-testid='an-models']").scrollIntoView());
  await screenshot(browser, "history-seeded-03-analytics-models-dark");
  await chooseTheme(browser, "light");

  // Drill-through: a model's name opens its answers in History, filtered.
  const first = rows[0];
  const link = $(browser, `[data-testid='an-model-row'][data-model='${first.model}'] a`);
  await clickInView(browser, link, { until: async () => (await currentPath(browser)).startsWith("/history"), timeoutMsg: "the model's link did not open History" });
  assert.equal(await textOf($(browser, byTestId("chip-model"))), `model: ${first.model}`);
  await browser.waitUntil(async () => (await browser.$$(byTestId("history-item"))).length > 0, { timeout: 10_000 });
  const models = await browser.execute(() => Array.from(document.querySelectorAll("[data-testid='history-item']")).slice(0, 10).map((i) => i.title));
  assert.ok(models.every((t) => t.includes(first.model)), `every comparison listed asked ${first.model}`);
  await screenshot(browser, "history-seeded-04-drilled-to-history-light");
});

test("search finds an answer by a word only it has, and opens the comparison at that answer", async () => {
  // Words no other answer and no prompt has all of: a done answer's three rarest words (the
  // seeded words are common enough that one alone is rarely unique).
  const wordsOf = (t) => new Set(t.toLowerCase().match(/[a-z]+/g) ?? []);
  const docs = all.flatMap((c) => [{ c: c.id, slot: null, words: wordsOf(c.prompt) }, ...c.slots.map((s) => ({ c: c.id, slot: s.index, words: wordsOf(s.text) }))]);
  const df = new Map();
  for (const d of docs) for (const w of d.words) df.set(w, (df.get(w) ?? 0) + 1);
  let word = null;
  let where = null;
  for (const d of docs.filter((x) => x.slot !== null && x.words.size > 20).slice(100, 400)) {
    const rarest = [...d.words].sort((a, b) => df.get(a) - df.get(b) || a.localeCompare(b)).slice(0, 3);
    if (docs.filter((x) => rarest.every((w) => x.words.has(w))).length === 1) {
      word = rarest.join(" ");
      where = d;
      break;
    }
  }
  assert.ok(word, "some answer has words no other has together");
  await go("#/history");
  await $(browser, byTestId("history-search")).setValue(word);
  await browser.waitUntil(async () => (await browser.$$(byTestId("hit-group"))).length === 1, { timeout: 10_000, timeoutMsg: `“${word}” did not find one comparison` });
  assert.equal(await $(browser, byTestId("hit-group")).getAttribute("data-id"), where.c);
  // The snippet is cut around a match: at least one of the words is in it, highlighted.
  const snippet = await $(browser, byTestId("search-hit")).getProperty("innerHTML");
  assert.ok(word.split(" ").some((w) => new RegExp(`<mark>${w}</mark>`, "i").test(snippet)), snippet);
  await screenshot(browser, "history-seeded-05-search-light");
  await $(browser, byTestId("search-hit")).click();
  await browser.waitUntil(async () => (await currentPath(browser)) === `/history/${where.c}`, { timeout: 5_000 });
  await browser.waitUntil(async () => ((await $(browser, `.history-detail [data-testid='column-${where.slot}']`).getAttribute("class")) ?? "").includes("focused"), { timeout: 5_000, timeoutMsg: `column ${where.slot} is not the one opened` });
  await screenshot(browser, "history-seeded-06-search-hit-opened-light");
});

test("a word nearly every answer has: the hits are the newest first, and say so", async () => {
  // The most common word of the seeded answers, counted here per answer as the index holds it
  // (an answer's prompt and text together); the store lists a query past 20,000 matches newest
  // first (RECENT_ABOVE in store/src/search.rs).
  const wordsOf = (t) => new Set(t.toLowerCase().match(/[a-z]+/g) ?? []);
  const docs = all.flatMap((c) => c.slots.map((s) => ({ c, s, words: wordsOf(`${c.prompt} ${s.text}`) })));
  const df = new Map();
  for (const d of docs) for (const w of d.words) df.set(w, (df.get(w) ?? 0) + 1);
  const [word, count] = [...df.entries()].sort((a, b) => b[1] - a[1])[0];
  assert.ok(count > 20_000, `the seeded history's commonest word “${word}” is in only ${count} answers`);
  // Newest first: the newest comparison with an answer that has it, at its last such answer.
  const newest = all.find((c) => docs.some((d) => d.c === c && d.words.has(word)));
  const lastSlot = Math.max(...docs.filter((d) => d.c === newest && d.words.has(word)).map((d) => d.s.index));
  await go(`#/history?q=${encodeURIComponent(word)}`);
  const note = $(browser, byTestId("search-order"));
  await note.waitForExist({ timeout: 10_000, timeoutMsg: `searching “${word}” (in ${count} answers) did not say its hits are newest first` });
  assert.equal(await textOf(note), "Newest first: most answers have these words, so none is a better match. Add a rarer word to rank them.");
  assert.equal(await $(browser, byTestId("hit-group")).getAttribute("data-id"), newest.id);
  assert.equal(await $(browser, byTestId("search-hit")).getAttribute("data-slot"), String(lastSlot));
  for (const t of ["light", "dark"]) {
    await chooseTheme(browser, t);
    await screenshot(browser, `history-seeded-06b-search-common-word-${t}`);
  }
  await chooseTheme(browser, "light");
});

test("filters narrow the list and show as chips; a prompt run again shows its runs", async () => {
  await go("#/history");
  await browser.execute(() => {
    const el = document.querySelector("[data-testid='history-search']");
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(el, "");
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await $(browser, byTestId("history-status")).selectByAttribute("value", "failed");
  await browser.waitUntil(async () => (await $(browser, byTestId("chip-status")).isExisting()), { timeout: 5_000 });
  await browser.waitUntil(async () => {
    const metas = await browser.execute(() => Array.from(document.querySelectorAll("[data-testid='history-item']")).slice(0, 8).map((i) => i.textContent));
    return metas.length > 0 && metas.every((t) => /\d failed/.test(t));
  }, { timeout: 10_000, timeoutMsg: "the list is not only comparisons with a failed answer" });
  const failedIds = new Set(all.filter((c) => c.slots.some((s) => s.status === "failed")).map((c) => c.id));
  const listed = await browser.execute(() => Array.from(document.querySelectorAll("[data-testid='history-item']")).map((i) => i.dataset.id));
  assert.ok(listed.every((id) => failedIds.has(id)));
  // Newest first: the first listed is the newest comparison with a failed answer.
  assert.equal(listed[0], all.find((c) => failedIds.has(c.id)).id);
  await screenshot(browser, "history-seeded-07-filtered-failed-light");

  // Voted on by the person: the newest such row names the winner of the vote (none for a tie).
  await go("#/history?voted=true");
  const voted = all.find((c) => c.votes.length > 0);
  const mine = all.find((c) => c.votes.some((v) => v.voter === "human"));
  await browser.waitUntil(async () => (await $(browser, byTestId("history-item")).getAttribute("data-id")) === voted.id, { timeout: 10_000, timeoutMsg: "the voted filter does not list the newest voted comparison first" });
  const latest = voted.votes.filter((v) => v.voter === "human").sort((a, b) => b.created_at_ms - a.created_at_ms)[0];
  const winner = latest?.winner_slot_id ? voted.slots.find((s) => s.id === latest.winner_slot_id).model : null;
  const shown = await browser.execute(() => document.querySelector("[data-testid='history-item']").querySelector("[data-testid='history-winner']")?.textContent ?? null);
  assert.equal(shown, winner === null ? null : `★ ${winner} · `, "a judge's verdict is not the person's");
  // And the newest comparison the person voted on, wherever it is in the list.
  const mineLatest = mine.votes.filter((v) => v.voter === "human").sort((a, b) => b.created_at_ms - a.created_at_ms)[0];
  const mineWinner = mineLatest.winner_slot_id ? mine.slots.find((s) => s.id === mineLatest.winner_slot_id).model : null;
  const mineShown = await browser.execute((id) => document.querySelector(`[data-testid='history-item'][data-id='${id}']`)?.querySelector("[data-testid='history-winner']")?.textContent ?? null, mine.id);
  assert.equal(mineShown, mineWinner === null ? null : `★ ${mineWinner} · `);
  await screenshot(browser, "history-seeded-07b-voted-light");

  // A prompt asked more than once.
  const counts = new Map();
  for (const c of all) counts.set(c.prompt, (counts.get(c.prompt) ?? 0) + 1);
  const rerun = all.find((c) => counts.get(c.prompt) >= 3);
  assert.ok(rerun, "the seeded history runs some prompts again");
  // Opened as a person opens it, watched frame by frame: the runs table is there, every row,
  // when the answers are first drawn, and the answers do not move down as the runs are read.
  const runsShown = Math.min(12, counts.get(rerun.prompt));
  const opening = await browser.executeAsync((id, done) => {
    const t0 = performance.now();
    window.location.hash = `#/history/${id}`;
    const top = () => document.querySelector('.history-detail [data-testid^="column-"]')?.getBoundingClientRect().top;
    let first = null;
    const tick = () => {
      const open = document.querySelector('.history-detail [data-testid="history-prompt"]')?.dataset.id === id && top() !== undefined;
      if (open && !first) first = { top: top(), rows: document.querySelectorAll('.history-detail [data-testid="run-row"]').length };
      const read = [...document.querySelectorAll('.history-detail [data-testid="run-row"]')].every((r) => r.hasAttribute("data-read"));
      if (first && read) return setTimeout(() => done({ first, last: top(), rows: document.querySelectorAll('.history-detail [data-testid="run-row"]').length }), 300);
      if (performance.now() - t0 > 10_000) return done({ first, last: top(), timedOut: true });
      requestAnimationFrame(tick);
    };
    tick();
  }, rerun.id);
  assert.ok(!opening.timedOut, `the runs were never all read: ${JSON.stringify(opening)}`);
  assert.equal(opening.first.rows, runsShown, "the runs table is not whole when the answers are first drawn");
  assert.equal(opening.rows, runsShown, `the runs of the prompt are not ${counts.get(rerun.prompt)}`);
  assert.equal(opening.last, opening.first.top, "the answers moved down after they were drawn");
  await screenshot(browser, "history-seeded-08-runs-light");
  await chooseTheme(browser, "dark");
  await screenshot(browser, "history-seeded-09-runs-dark");
  await chooseTheme(browser, "light");

  // Run to run: one model's answer in a run against the run before. Opened on a run that has one
  // before it (the row of the comparison shown), the diff's kept and added words are that run's
  // answer as the export has it, and "hide" takes the diff away.
  const shownHasBefore = () => browser.execute(() => !!document.querySelector('.history-detail tr.this-run [data-testid="run-diff"]'));
  if (!(await shownHasBefore())) {
    const later = await browser.execute(() => [...document.querySelectorAll('.history-detail [data-testid="run-row"]')].find((r) => r.querySelector('[data-testid="run-diff"]'))?.dataset.id);
    assert.ok(later, "no run of the prompt has a run before it to be compared with");
    await go(`#/history/${later}`);
    await browser.waitUntil(async () => (await browser.execute(() => document.querySelector('.history-detail [data-testid="history-prompt"]')?.dataset.id)) === later && (await shownHasBefore()), { timeout: 10_000 });
  }
  const runId = await browser.execute(() => document.querySelector('.history-detail [data-testid="history-prompt"]').dataset.id);
  const runModel = await browser.execute(() => document.querySelector('.history-detail tr.this-run [data-testid="run-diff"]').closest("td").dataset.model);
  await $(browser, '.history-detail tr.this-run [data-testid="run-diff"]').click();
  await $(browser, '.history-detail [data-testid="run-diff-body"] [data-testid="diff-body"]').waitForDisplayed({ timeout: 10_000 });
  const diffShown = await browser.execute(() => {
    const body = document.querySelector('.history-detail [data-testid="run-diff-body"]');
    const words = body.querySelector(".answer-text");
    return { said: body.querySelector("p").textContent, now: [...words.childNodes].filter((n) => n.nodeName !== "DEL").map((n) => n.textContent).join(""), changes: body.querySelectorAll("ins, del").length, count: body.querySelector('[data-testid="diff-count"]').textContent };
  });
  const exported = all.find((c) => c.id === runId).slots.find((x) => x.model === runModel).text;
  const words = (t) => t.split(/\s+/).filter(Boolean).join(" ");
  assert.equal(words(diffShown.now), words(exported), "the diff's kept and added words are not the run's answer");
  assert.ok(diffShown.said.startsWith(`${runModel}: the run of `) && diffShown.said.includes("against the one before"), diffShown.said);
  assert.ok(diffShown.changes > 0, "two runs' seeded answers differ, and the diff shows none");
  assert.match(diffShown.count, /^\d+ changes? against the run before$/);
  await screenshot(browser, "history-seeded-09a-run-diff-light");
  await chooseTheme(browser, "dark");
  await screenshot(browser, "history-seeded-09a-run-diff-dark");
  await chooseTheme(browser, "light");
  await $(browser, '.history-detail tr.this-run [data-testid="run-diff"]').click();
  await $(browser, '.history-detail [data-testid="run-diff-body"]').waitForExist({ reverse: true, timeout: 5_000 });

  // A small window: the list, the detail and Analytics still read.
  const size = await browser.getWindowSize();
  await resizeWindow(browser, 800, 600);
  await browser.waitUntil(() => browser.execute(() => innerHeight <= 600), { timeout: 5_000 });
  // Every answer's figures whole inside its column (the pane scrolls to the answers if it must),
  // and some lines of the answer above them.
  const boxes = await browser.execute(() =>
    Array.from(document.querySelectorAll(".history-detail .column"), (col) => {
      const c = col.getBoundingClientRect(), f = col.querySelector(".metrics").getBoundingClientRect(), b = col.querySelector(".column-body").getBoundingClientRect();
      return { figuresInside: f.bottom <= c.bottom + 1 && f.top >= c.top, answer: Math.round(b.height) };
    }),
  );
  assert.ok(boxes.length > 0 && boxes.every((b) => b.figuresInside && b.answer >= 100), `a column's figures are cut, or its answer has no room: ${JSON.stringify(boxes)}`);
  await screenshot(browser, "history-seeded-09b-runs-800x600-light");
  await chooseTheme(browser, "dark");
  await screenshot(browser, "history-seeded-09b-runs-800x600-dark");
  await chooseTheme(browser, "light");
  await go("#/analytics?range=all");
  await $(browser, byTestId("an-totals")).waitForDisplayed({ timeout: 20_000 });
  await screenshot(browser, "history-seeded-09c-analytics-800x600-light");
  await resizeWindow(browser, size.width, size.height);
});

test("a tag and a note outlive a restart; Run again makes a new comparison of the same prompt", async () => {
  const c = all[5];
  await go(`#/history/${c.id}`);
  // The comparison opened before may still be drawn while this one is read: its Session button
  // would open a dialog that the read then takes away.
  await browser.waitUntil(() => browser.execute((id) => document.querySelector('.history-detail [data-testid="history-prompt"]')?.dataset.id === id, c.id), { timeout: 10_000 });
  await $(browser, byTestId("session-open")).click();
  const tags = $(browser, byTestId("session-tags"));
  await tags.click();
  await browser.keys(["Control", "a"]);
  await tags.addValue("e2e seeded");
  await $(browser, byTestId("session-notes")).click();
  await browser.waitUntil(async () => (await textOf($(browser, byTestId("session-status")))) === "Tags saved.", { timeout: 5_000 });
  await $(browser, byTestId("session-notes")).addValue("Kept across a restart.");
  await $(browser, byTestId("session-title")).click();
  await browser.waitUntil(async () => (await textOf($(browser, byTestId("session-status")))) === "Note saved.", { timeout: 5_000 });
  await browser.keys(["Escape"]);

  await browser.deleteSession();
  browser = await launch({ seeded: true });
  await go("#/history?tag=e2e%20seeded");
  await browser.waitUntil(async () => (await browser.$$(byTestId("history-item"))).length === 1, { timeout: 10_000, timeoutMsg: "the tag did not find its comparison after the restart" });
  assert.equal(await $(browser, byTestId("history-item")).getAttribute("data-id"), c.id);
  await $(browser, byTestId("history-item")).click();
  assert.equal(await textOf($(browser, byTestId("history-detail-notes"))), "Kept across a restart.");
  assert.match(await textOf($(browser, byTestId("history-detail-tags"))), /#e2e seeded/);
  await screenshot(browser, "history-seeded-10-tag-and-note-after-restart-light");

  await $(browser, byTestId("run-again")).click();
  await browser.waitUntil(async () => (await currentPath(browser)) === "/compare", { timeout: 10_000 });
  const [newest] = await invoke(browser, "list_comparisons", { before: null, filter: null });
  assert.notEqual(newest.id, c.id);
  assert.equal(newest.title, c.title);
  assert.deepEqual(newest.models, c.slots.map((s) => s.model));
});

test("several at once: two ticked are tagged, exported as one file, and deleted (undo first, then for good)", async () => {
  await go("#/history");
  await browser.waitUntil(async () => (await browser.$$(byTestId("history-select"))).length >= 3, { timeout: 10_000 });
  const ids = await browser.execute(() => Array.from(document.querySelectorAll("[data-testid='history-item']")).slice(0, 2).map((i) => i.dataset.id));
  const ticks = await browser.$$(byTestId("history-select"));
  await ticks[0].click();
  await ticks[1].click();
  assert.equal(await textOf($(browser, byTestId("bulk-count"))), "2 selected");
  await $(browser, byTestId("bulk-tag")).click();
  await $(browser, byTestId("bulk-tag-input")).setValue("bulk e2e");
  await $(browser, byTestId("bulk-tag-add")).click();
  await browser.waitUntil(async () => (await textOf($(browser, byTestId("bulk-said")))) === "Tagged 2 comparisons “bulk e2e”.", { timeout: 10_000 });
  for (const id of ids) assert.ok((await invoke(browser, "get_comparison", { id })).tags.includes("bulk e2e"));
  await browser.keys(["Escape"]);
  await $(browser, byTestId("bulk-export")).click();
  await browser.waitUntil(async () => /^Exported 2 to /.test(await textOf($(browser, byTestId("bulk-said")))), { timeout: 10_000 });
  const file = (await textOf($(browser, byTestId("bulk-said")))).replace(/^Exported 2 to /, "");
  assert.deepEqual(readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l).comparison.id), ids);
  await screenshot(browser, "history-seeded-11-bulk-light");

  // Delete, then Undo: both come back and nothing was deleted.
  await $(browser, byTestId("bulk-delete")).click();
  await browser.waitUntil(async () => !(await browser.execute((id) => !!document.querySelector(`[data-testid='history-item'][data-id='${id}']`), ids[0])), { timeout: 5_000, timeoutMsg: "the deleted rows did not leave the list" });
  await screenshot(browser, "history-seeded-12-deleted-undo-light");
  await $(browser, "button=Undo").click();
  await browser.waitUntil(async () => browser.execute((id) => !!document.querySelector(`[data-testid='history-item'][data-id='${id}']`), ids[0]), { timeout: 5_000, timeoutMsg: "Undo did not bring the rows back" });
  await browser.pause(7_000);
  for (const id of ids) assert.equal((await invoke(browser, "get_comparison", { id })).id, id, "an undone delete deletes nothing");

  // Delete again and let the window pass: gone for good.
  const again = await browser.$$(byTestId("history-select"));
  await again[0].click();
  await $(browser, byTestId("bulk-delete")).click();
  await browser.waitUntil(async () => (await invoke(browser, "get_comparison", { id: ids[0] }).then(() => false, () => true)), { timeout: 15_000, timeoutMsg: "the delete did not happen after the undo window" });

  // The file exported above brings it back through History's Import; the one still here makes
  // the same file refused whole first.
  await $(browser, byTestId("history-import")).click();
  await $(browser, byTestId("history-import-path")).setValue(file);
  await $(browser, byTestId("history-import-run")).click();
  await browser.waitUntil(async () => /is already in this history; nothing was imported$/.test(await textOf($(browser, byTestId("history-import-said")))), { timeout: 10_000, timeoutMsg: "a file with a comparison still here was not refused" });
  await invoke(browser, "delete_comparison", { id: ids[1] });
  await $(browser, byTestId("history-import-path")).setValue(file);
  await $(browser, byTestId("history-import-run")).click();
  await browser.waitUntil(async () => (await textOf($(browser, byTestId("history-import-said")))) === "Imported 2 comparisons.", { timeout: 10_000 });
  for (const id of ids) assert.equal((await invoke(browser, "get_comparison", { id })).id, id);
  await screenshot(browser, "history-seeded-13-imported-light");
});
