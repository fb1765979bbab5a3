// The languages code blocks are highlighted in, and how a fence's tag names one. Kept apart from
// the grammars (shiki.ts, loaded in the worker) so the page knows the names without bundling them.
export const LANGUAGES = [
  "javascript",
  "typescript",
  "jsx",
  "tsx",
  "python",
  "rust",
  "go",
  "java",
  "kotlin",
  "swift",
  "c",
  "cpp",
  "csharp",
  "ruby",
  "php",
  "bash",
  "json",
  "yaml",
  "toml",
  "sql",
  "html",
  "css",
  "markdown",
  "diff",
] as const;

export type Language = (typeof LANGUAGES)[number];

const ALIASES: Record<string, Language> = {
  js: "javascript", mjs: "javascript", cjs: "javascript", ts: "typescript", py: "python", python3: "python",
  rs: "rust", golang: "go", kt: "kotlin", "c++": "cpp", cc: "cpp", h: "c", hpp: "cpp", cs: "csharp", "c#": "csharp",
  rb: "ruby", sh: "bash", shell: "bash", zsh: "bash", console: "bash", yml: "yaml", md: "markdown", patch: "diff",
  jsonc: "json", htm: "html", xml: "html", postgres: "sql", postgresql: "sql", sqlite: "sql", mysql: "sql",
};

const KNOWN = new Set<string>(LANGUAGES);

/** The language id Shiki will use for a fence's info string, or null (shown plain). */
export function languageOf(info: string | undefined): Language | null {
  const word = (info ?? "").trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  const id = ALIASES[word] ?? word;
  return KNOWN.has(id) ? (id as Language) : null;
}
