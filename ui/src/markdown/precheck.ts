// Cheap checks in front of marked's block rules that JavaScriptCore runs slowly.
//
// Owns: when marked's own rule for a setext heading, a thematic break, a block quote, an HTML
// block or a table runs at all. Why: several of marked's block regexes start with `^` yet cost
// JavaScriptCore time in proportion to the rest of the text at every block, so lexing a slice
// was quadratic in practice. Measured in the app's WebKit (2026-12-03, 8,000 characters, two
// runs): prose 15–16 ms with marked alone, 4–5 ms with the setext check, 2 ms with all of them;
// short lines 13–17 → 3; headings, lists and code 10 → 2; one long paragraph 13 → 2. What is
// left is mostly marked's inline text rule (not replaced: its stops are many and subtle, and a
// lex is no longer what a frame waits for). Each check here is a condition the rule itself
// needs, tested with a plain regex or a string search; where it holds, marked's rule decides
// (`false` hands the block to it), and where it fails, no such block starts here (`undefined`).
// Invariant: the tokens are exactly marked's — no check turns away a block marked would make
// (markdown.test.tsx "the lexer's checks", and the same token trees on sample answers).

// A setext heading needs an underline (`===`, `---`) before the paragraph's first blank line.
const UNDERLINE_OR_BLANK = /\n[ \t]*(?:\n|$)|\n {0,3}(?:=+|-+)[ \t]*(?:\n|$)/g;
// A thematic break starts with `-`, `_` or `*`; a block quote with `>`; an HTML block with `<`
// (each after up to three spaces).
const HR_START = /^ {0,3}[-_*]/;
const QUOTE_START = /^ {0,3}>/;
const HTML_START = /^ {0,3}</;
// A table's second line is its delimiter row: a dash, and a pipe or a colon (marked turns away
// a delimiter row with neither: "a\n---" is a setext heading).
const DELIMITER_START = /^ {0,3}[|:-]/;

/** Whether the text's second line could be a table's delimiter row. */
function delimiterRow(src: string): boolean {
  const nl = src.indexOf("\n");
  if (nl < 0) return false;
  const end = src.indexOf("\n", nl + 1);
  const row = src.slice(nl + 1, end < 0 ? undefined : end);
  return DELIMITER_START.test(row) && row.includes("-") && (row.includes("|") || row.includes(":"));
}

/** Overrides of marked's tokenizers (`false`: marked's own rule decides; `undefined`: no match). */
export const tokenizer = {
  lheading(src: string): false | undefined {
    UNDERLINE_OR_BLANK.lastIndex = 0;
    const m = UNDERLINE_OR_BLANK.exec(src);
    return m && /[=-]/.test(m[0]) ? false : undefined;
  },
  hr: (src: string): false | undefined => (HR_START.test(src) ? false : undefined),
  blockquote: (src: string): false | undefined => (QUOTE_START.test(src) ? false : undefined),
  html: (src: string): false | undefined => (HTML_START.test(src) ? false : undefined),
  table: (src: string): false | undefined => (delimiterRow(src) ? false : undefined),
};
