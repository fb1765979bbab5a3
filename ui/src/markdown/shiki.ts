// Shiki, the highlighter itself: a loader per language and the one highlighter. Runs in the
// highlighting worker (highlight.worker.ts); on the page only under tests (no worker in jsdom), so
// the grammars are bundled once, for the worker.
//
// Invariants:
// - Shiki runs on its JavaScript RegExp engine: no Oniguruma WASM (622 KB) and nothing the
//   strict CSP forbids (no eval, no `wasm-unsafe-eval`).
// - Languages load lazily, each its own chunk, only from languages.ts's list (a model's fence
//   tag is untrusted text: it picks from that list or gets no highlighting).
// - Both themes at once: light colours inline, dark ones as `--shiki-dark`, switched in CSS.
import type { HighlighterCore, ThemedToken } from "@shikijs/core";

import type { Language } from "./languages";

type Loader = () => Promise<unknown>;

const LANGS: Record<Language, Loader> = {
  javascript: () => import("@shikijs/langs/javascript"),
  typescript: () => import("@shikijs/langs/typescript"),
  jsx: () => import("@shikijs/langs/jsx"),
  tsx: () => import("@shikijs/langs/tsx"),
  python: () => import("@shikijs/langs/python"),
  rust: () => import("@shikijs/langs/rust"),
  go: () => import("@shikijs/langs/go"),
  java: () => import("@shikijs/langs/java"),
  kotlin: () => import("@shikijs/langs/kotlin"),
  swift: () => import("@shikijs/langs/swift"),
  c: () => import("@shikijs/langs/c"),
  cpp: () => import("@shikijs/langs/cpp"),
  csharp: () => import("@shikijs/langs/csharp"),
  ruby: () => import("@shikijs/langs/ruby"),
  php: () => import("@shikijs/langs/php"),
  bash: () => import("@shikijs/langs/bash"),
  json: () => import("@shikijs/langs/json"),
  yaml: () => import("@shikijs/langs/yaml"),
  toml: () => import("@shikijs/langs/toml"),
  sql: () => import("@shikijs/langs/sql"),
  html: () => import("@shikijs/langs/html"),
  css: () => import("@shikijs/langs/css"),
  markdown: () => import("@shikijs/langs/markdown"),
  diff: () => import("@shikijs/langs/diff"),
};

let highlighter: Promise<HighlighterCore> | null = null;
const loaded = new Map<Language, Promise<void>>();

function getHighlighter(): Promise<HighlighterCore> {
  highlighter ??= (async () => {
    const [{ createHighlighterCore }, { createJavaScriptRegexEngine }] = await Promise.all([
      import("@shikijs/core"),
      import("@shikijs/engine-javascript"),
    ]);
    return createHighlighterCore({
      themes: [import("@shikijs/themes/github-light"), import("@shikijs/themes/github-dark")],
      langs: [],
      engine: createJavaScriptRegexEngine(),
    });
  })();
  return highlighter;
}

/** One token as the page draws it: its text and its colours (both themes). */
export interface CodeToken {
  content: string;
  color?: string | undefined;
  htmlStyle?: Record<string, string> | undefined;
}

export type CodeLines = CodeToken[][];

/** Tokens of `code` in `lang` (from `languageOf`), both themes' colours on each token. */
export async function tokensOf(code: string, lang: Language): Promise<CodeLines> {
  const h = await getHighlighter();
  let ready = loaded.get(lang);
  if (!ready) {
    ready = LANGS[lang]().then((m) => h.loadLanguage((m as { default: Parameters<HighlighterCore["loadLanguage"]>[0] }).default));
    loaded.set(lang, ready);
  }
  await ready;
  const lines = h.codeToTokens(code, { lang, themes: { light: "github-light", dark: "github-dark" }, defaultColor: "light" }).tokens;
  // Only what is drawn: the tokens cross to the page by structured clone.
  return lines.map((line) => line.map((t: ThemedToken) => ({ content: t.content, color: t.color, htmlStyle: t.htmlStyle as Record<string, string> | undefined })));
}
