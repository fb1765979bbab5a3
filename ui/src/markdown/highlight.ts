// Code highlighting with Shiki, off the streaming path.
//
// Owns: the one highlighter (created on first use) and which languages it may load.
// Invariants:
// - Shiki runs on its JavaScript RegExp engine: no Oniguruma WASM (622 KB) and nothing the
//   strict CSP forbids (no eval, no `wasm-unsafe-eval`).
// - Languages load lazily, each its own chunk, only from the list below (a model's fence tag is
//   untrusted text: it picks from this list or gets no highlighting).
// - Output is tokens with colours as style objects, rendered by React (CSSOM, which
//   `style-src 'self'` allows), never an HTML string: nothing is injected, nothing to sanitize.
// - Both themes at once: light colours inline, dark ones as `--shiki-dark`, switched in CSS.
import type { HighlighterCore, ThemedToken } from "@shikijs/core";

type Loader = () => Promise<unknown>;

const LANGS: Record<string, Loader> = {
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

const ALIASES: Record<string, string> = {
  js: "javascript", mjs: "javascript", cjs: "javascript", ts: "typescript", py: "python", python3: "python",
  rs: "rust", golang: "go", kt: "kotlin", "c++": "cpp", cc: "cpp", h: "c", hpp: "cpp", cs: "csharp", "c#": "csharp",
  rb: "ruby", sh: "bash", shell: "bash", zsh: "bash", console: "bash", yml: "yaml", md: "markdown", patch: "diff",
  jsonc: "json", htm: "html", xml: "html", postgres: "sql", postgresql: "sql", sqlite: "sql", mysql: "sql",
};

/** The language id Shiki will use for a fence's info string, or null (shown plain). */
export function languageOf(info: string | undefined): string | null {
  const word = (info ?? "").trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  const id = ALIASES[word] ?? word;
  return id in LANGS ? id : null;
}

let highlighter: Promise<HighlighterCore> | null = null;
const loaded = new Map<string, Promise<void>>();

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

export type CodeLines = ThemedToken[][];

/** Tokens of `code` in `lang` (from `languageOf`), both themes' colours on each token. */
export async function highlight(code: string, lang: string): Promise<CodeLines> {
  const h = await getHighlighter();
  let ready = loaded.get(lang);
  if (!ready) {
    ready = LANGS[lang]!().then((m) => h.loadLanguage((m as { default: Parameters<HighlighterCore["loadLanguage"]>[0] }).default));
    loaded.set(lang, ready);
  }
  await ready;
  return h.codeToTokens(code, { lang, themes: { light: "github-light", dark: "github-dark" }, defaultColor: "light" }).tokens;
}
