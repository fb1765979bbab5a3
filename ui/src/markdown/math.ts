// TeX in answers: where a formula is, as marked extensions. Drawing it is Math.tsx's.
//
// Owns: the delimiters Parallax reads as math and the lexer every Markdown lex goes through.
// Invariants:
// - Inline: `$…$`, `\(…\)` and `$$…$$` (drawn as display). Display blocks: a line starting with
//   `$$` or `\[`, up to the closing `$$` / `\]` (no blank line inside).
// - A dollar sign is math only as Pandoc reads it: the opening `$` has a non-space after it,
//   the closing one a non-space before it and no digit after it. "$5 and $10", "$0.50/M in,
//   $2/M out" — the prices this app's users write about — stay text. `\$` is a dollar.
// - A formula is a token only once it is closed: an open `$$` while an answer streams is text
//   until its closing delimiter arrives (blocks.ts does not heal it), so a half-written formula
//   never flickers through KaTeX's errors.
// - An answer with no `$` and no `\(` `\[` is lexed without the extensions (they cost nothing
//   for the usual answer). Both lexers put precheck.ts's checks in front of marked's slow rules.
import { Marked, type TokenizerAndRendererExtension, type TokensList } from "marked";

import { tokenizer } from "./precheck";

export interface MathToken {
  type: "mathInline" | "mathBlock";
  raw: string;
  /** The TeX between the delimiters. */
  text: string;
  /** Display style (a block, or `$$…$$` inside a paragraph). */
  display: boolean;
}

// Blank lines end any formula: a stray `$$` cannot swallow the rest of an answer.
const BODY = String.raw`((?:(?!\n[ \t]*\n)[\s\S])+?)`;
const BLOCK_DOLLARS = new RegExp(String.raw`^ {0,3}\$\$${BODY}\$\$[ \t]*(?:\n+|$)`);
const BLOCK_BRACKETS = new RegExp(String.raw`^ {0,3}\\\[${BODY}\\\][ \t]*(?:\n+|$)`);
const INLINE_DISPLAY = new RegExp(String.raw`^\$\$${BODY}\$\$`);
const INLINE_PARENS = new RegExp(String.raw`^\\\(${BODY}\\\)`);
// Pandoc's rule: `$` then a non-space; the closing `$` after a non-space, not before a digit.
const INLINE_DOLLAR = /^\$(?=[^\s$])((?:\\[\s\S]|[^\\$\n]|\n(?![ \t]*\n))+?)(?<!\s)\$(?!\d)/;

/** A line that starts a display formula interrupts the paragraph before it. */
function blockStart(src: string): number | undefined {
  // Only up to the paragraph's end: a search of the whole rest of the answer at every block
  // would make a lex quadratic.
  const end = src.indexOf("\n\n");
  const scope = end < 0 ? src : src.slice(0, end + 1);
  const m = /\n {0,3}(?:\$\$|\\\[)/.exec(scope);
  return m ? m.index + 1 : undefined;
}

const extensions: TokenizerAndRendererExtension[] = [
  {
    name: "mathBlock",
    level: "block",
    start: blockStart,
    tokenizer(src: string): MathToken | undefined {
      const m = BLOCK_DOLLARS.exec(src) ?? BLOCK_BRACKETS.exec(src);
      if (!m || m[1]!.trim() === "") return undefined;
      return { type: "mathBlock", raw: m[0], text: m[1]!.trim(), display: true };
    },
  },
  {
    name: "mathInline",
    level: "inline",
    start(src: string) {
      const i = src.search(/(?<!\\)\$|\\[([]/);
      return i < 0 ? undefined : i;
    },
    tokenizer(src: string): MathToken | undefined {
      let m = INLINE_DISPLAY.exec(src);
      if (m) return { type: "mathInline", raw: m[0], text: m[1]!.trim(), display: true };
      m = INLINE_PARENS.exec(src);
      if (m && m[1]!.trim() !== "") return { type: "mathInline", raw: m[0], text: m[1]!.trim(), display: false };
      m = INLINE_DOLLAR.exec(src);
      if (m) return { type: "mathInline", raw: m[0], text: m[1]!, display: false };
      return undefined;
    },
  },
];

const withMath = new Marked({ gfm: true, extensions, tokenizer });
const plain = new Marked({ gfm: true, tokenizer });
const MATHY = /\$|\\[([]/;

/** The Markdown lexer of every answer: GFM, plus math where the text could hold any. */
export function lexMarkdown(src: string): TokensList {
  return (MATHY.test(src) ? withMath : plain).lexer(src);
}
