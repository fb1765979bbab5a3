// The hostile-output corpus (issue 14) in the real window: every payload of the mock's corpus
// (`mock/custom@corpus=1`: script tags, event handlers, SVG/MathML tricks, javascript:/data:/
// vbscript: links, iframes, forms, meta refresh, remote CSS, Markdown link and image tricks,
// entity-encoded markup, bidi and zero-width characters, terminal escapes, a list nested 100
// deep) streamed into a column with Markdown on, then opened from History. Nothing runs,
// nothing is fetched, no element the corpus names is created, no link leaves but by http(s),
// no bidi control is obeyed, the CSP reports nothing (nothing even tried), the window answers.
import assert from "node:assert/strict";
import { after, test } from "node:test";

import { $, ask, byTestId, chooseTheme, clearPicks, finishedColumns, launch, screenshot } from "../lib.mjs";

let browser;

after(async () => {
  await chooseTheme(browser, "system").catch(() => {});
  await clearPicks(browser).catch(() => {});
  await browser?.deleteSession().catch(() => {});
});

/** What the answer at `selector` became in the page. */
function inspect(selector) {
  return browser.execute((sel) => {
    const md = document.querySelector(sel);
    // The code block's own header (its language and a Copy button with an icon) is the app's.
    const all = Array.from(md.querySelectorAll("*")).filter((e) => !e.closest(".md-code-head"));
    // Shiki colours a closed code block's tokens with inline styles (the CSP allows style
    // properties set through the DOM, not style attributes in markup): those spans are the app's.
    const ownStyle = (e, a) => a.name === "style" && e.tagName === "SPAN" && !!e.closest(".md-code pre");
    return {
      pwned: window.__pwned ?? 0,
      csp: window.__csp ?? [],
      forbidden: all.filter((e) => /^(script|img|svg|math|iframe|object|embed|form|input|button|meta|base|link|style|video|source|marquee|details|template|noscript|body)$/i.test(e.tagName)).map((e) => e.tagName),
      handlers: all.filter((e) => Array.from(e.attributes).some((a) => a.name.startsWith("on") || a.name === "srcdoc" || (a.name === "style" && !ownStyle(e, a)))).length,
      hrefs: all.filter((e) => e.hasAttribute("href")).map((e) => e.getAttribute("href")).filter((h) => !/^https?:\/\//i.test(h)),
      bidi: /[\u202A-\u202E\u2066-\u2069]/.test(md.textContent),
      controls: /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.test(md.textContent),
      text: md.textContent,
      nested: md.querySelectorAll("li").length,
    };
  }, selector);
}

test("the hostile corpus renders as inert text, streamed and from History", { timeout: 120_000 }, async () => {
  browser = await launch();
  await browser.execute(() => {
    window.__pwned = 0;
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await ask(browser, ["openrouter:mock/custom@corpus=1,tokens=150"], "Everything hostile (e2e corpus)");
  assert.deepEqual(await finishedColumns(browser, 1, 60_000), ["done"]);
  await browser.pause(500);

  for (const [where, selector] of [
    ["streamed", ".compare [data-testid='column-0'] .md"],
    ["from History", ".history-detail [data-testid='column-0'] .md"],
  ]) {
    if (where === "from History") {
      await $(browser, byTestId("tab-history")).click();
      await $(browser, byTestId("history-item")).click();
      await $(browser, selector).waitForDisplayed({ timeout: 10_000 });
      await browser.pause(500);
    }
    const seen = await inspect(selector);
    assert.equal(seen.pwned, 0, `${where}: a payload ran`);
    assert.deepEqual(seen.csp, [], `${where}: the CSP had to block something`);
    assert.deepEqual(seen.forbidden, [], `${where}: elements the corpus names were created`);
    assert.equal(seen.handlers, 0, `${where}: an element got a handler, a style or a srcdoc`);
    assert.deepEqual(seen.hrefs, [], `${where}: a link that leaves by something else than http(s)`);
    assert.equal(seen.bidi, false, `${where}: a bidi control is obeyed`);
    assert.equal(seen.controls, false, `${where}: a control character is drawn as itself (an empty box)`);
    assert.match(seen.text, /␛\]52;c;/, `${where}: an OSC 52 escape is shown as text`);
    // Shown as text: the markup, the entity-encoded markup decoded to text, the marks named.
    assert.match(seen.text, /<script>window\.__pwned=1<\/script>/);
    assert.match(seen.text, /<img src=x onerror=window\.__pwned=59>/);
    assert.match(seen.text, /admin⟨U\+202E⟩nimda⟨U\+202C⟩/);
    assert.ok(seen.nested >= 100, `${where}: the list nested 100 deep is drawn (${seen.nested} items)`);
    // The window still answers.
    assert.equal(await browser.execute(() => 1 + 1), 2);
    for (const t of ["light", "dark"]) {
      await chooseTheme(browser, t);
      await screenshot(browser, `hostile-corpus-${where === "streamed" ? "01-streamed" : "02-history"}-${t}`);
    }
  }
});
