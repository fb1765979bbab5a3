// Shiki, the highlighter itself: a loader per language and the one highlighter. Runs in the
// highlighting worker (highlight.worker.ts); on the page only under tests (no worker in jsdom), so
// the grammars are bundled once, for the worker.
//
// Invariants:
// - Shiki runs on its JavaScript RegExp engine: no Oniguruma WASM (622 KB) and nothing the
//   strict CSP forbids (no eval, no `wasm-unsafe-eval`).
// - Languages load lazily, each its own chunk, only from languages.ts's list (a model's fence
//   tag is untrusted text: it picks from that list or gets no highlighting).
// - One theme of categories, not colours (Shiki's CSS-variables theme): a token's colour names
//   its kind (`var(--hl-token-keyword)`), drawn by a class whose colours per app theme live in
//   styles/tokens.css. The page gets runs (`runsOf`), as few elements as the colours need.
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

/** The one theme: kinds as colour names (see the invariants). */
const THEME = "parallax-kinds";

let highlighter: Promise<HighlighterCore> | null = null;
const loaded = new Map<Language, Promise<void>>();

function getHighlighter(): Promise<HighlighterCore> {
  highlighter ??= (async () => {
    const [{ createHighlighterCore, createCssVariablesTheme }, { createJavaScriptRegexEngine }] = await Promise.all([
      import("@shikijs/core"),
      import("@shikijs/engine-javascript"),
    ]);
    return createHighlighterCore({
      themes: [createCssVariablesTheme({ name: THEME, variablePrefix: "--hl-", fontStyle: true })],
      langs: [],
      engine: createJavaScriptRegexEngine(),
    });
  })();
  return highlighter;
}

/**
 * A stretch of code drawn one way: its text and its class names (`""`: the code's own colour,
 * no element). Whitespace and the default colour need no element of their own, so a block of
 * code is a few spans, not one per token and line: WebKit keeps ~2 KB per element (measured:
 * sixteen columns of highlighted code, 15,360 spans → ~64 MiB), far more than the text.
 */
export type CodeRun = [text: string, kind: string];
export type CodeRuns = CodeRun[];

/** Token colours of the kinds theme that get a class (the rest: the code's own colour). */
const KINDS = new Set(["keyword", "function", "constant", "string", "string-expression", "comment", "parameter", "link", "inserted", "deleted", "changed"]);
/** Shiki's font-style bits (FontStyle: 1 italic, 2 bold, 4 underline). */
const STYLES: [number, string][] = [
  [1, "hl-i"],
  [2, "hl-b"],
  [4, "hl-u"],
];

/** The class names of one token: its kind's, and its font style's. */
function classesOf(t: Pick<ThemedToken, "color" | "fontStyle">): string {
  const kind = /^var\(--hl-token-([a-z-]+)\)$/.exec(t.color ?? "")?.[1];
  const out = kind && KINDS.has(kind) ? [`hl-${kind}`] : [];
  const style = t.fontStyle ?? 0; // -1: not set
  for (const [bit, name] of STYLES) if (style > 0 && style & bit) out.push(name);
  return out.join(" ");
}

/**
 * Shiki's lines of tokens as runs: lines joined by "\n", a whitespace-only token drawn like the
 * run before it (colour does not show on blanks; underline would, so not across one), and
 * neighbours drawn alike merged.
 */
export function runsOf(lines: Pick<ThemedToken, "content" | "color" | "fontStyle">[][]): CodeRuns {
  const runs: CodeRuns = [];
  const add = (text: string, kind: string) => {
    const last = runs[runs.length - 1];
    const blank = !/\S/.test(text) && !(last?.[1] ?? "").includes("hl-u");
    if (last && (last[1] === kind || blank)) last[0] += text;
    else runs.push([text, blank ? "" : kind]);
  };
  lines.forEach((line, i) => {
    if (i > 0) add("\n", "");
    for (const t of line) if (t.content) add(t.content, classesOf(t));
  });
  return runs;
}

/** Runs of `code` in `lang` (from `languageOf`): what the page draws. */
export async function tokensOf(code: string, lang: Language): Promise<CodeRuns> {
  const h = await getHighlighter();
  let ready = loaded.get(lang);
  if (!ready) {
    ready = LANGS[lang]().then((m) => h.loadLanguage((m as { default: Parameters<HighlighterCore["loadLanguage"]>[0] }).default));
    loaded.set(lang, ready);
  }
  await ready;
  // Only the runs cross to the page (by structured clone).
  return runsOf(h.codeToTokens(code, { lang, theme: THEME }).tokens);
}
