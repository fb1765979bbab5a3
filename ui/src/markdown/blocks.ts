// Splits a streaming answer into top-level Markdown blocks, lexing only what is new.
//
// Owns: which part of an answer is settled (stable blocks) and which is still being written (the
// tail). Invariants:
// - A block becomes stable only once another (non-blank) block follows it; a stable block's raw
//   text and tokens never change again, so its React element can be memoized by its raw text.
// - Each `push` lexes from the start of the tail only: the cost of a frame is O(tail), not
//   O(answer) (twenty PR#22489's design; ui-anchors §5.2).
// - The tail stays small even when a paragraph never closes (a model that writes one long
//   paragraph, or no blank line at all): past `TAIL_LIMIT` characters, the open paragraph's
//   beginning is settled as a *piece* (`part: true`), cut before a word where no inline mark
//   (`**`, backtick, link) is left open, and the tail continues after it. Pieces render inside
//   the one paragraph (Markdown.tsx), so nothing moves on screen.
// - Text that does not continue what was pushed before (a new answer) starts over.
// - `final` lexes the whole answer once, for correctness (a reference-style link defined late,
//   a list that a blank line made loose, a mark that spans a piece's cut): the end of a stream
//   is the one full parse. An answer too long for one lex in one frame ends with `settle`
//   instead (Markdown.tsx decides), and is pushed a slice per frame (`pushedLength`).
import type { Token } from "marked";
import remend from "remend";

import { lexMarkdown } from "./math";

export interface Block {
  /** The block's Markdown source: its identity (memo key) while it is stable. */
  raw: string;
  token: Token;
  /** A closed block: no more text can land in it (code fences may be highlighted). */
  closed: boolean;
  /** A settled piece of a paragraph still being written: the next block continues it. */
  part?: boolean;
  /**
   * Reference-link definitions (`[d]: https://…`) the lex that made this block knew of: a block's
   * links can resolve only at the whole-answer lex, so its drawing depends on more than its raw
   * text when the answer defines any.
   */
  refs?: number;
}

export interface Split {
  blocks: Block[];
  /** Characters lexed (and healed) by the last push: tests check it stays the tail's size. */
  lexed: number;
}

/** An open paragraph longer than this (characters) has its beginning settled as a piece. */
export const TAIL_LIMIT = 768;
/** A piece is at least this long (so pieces stay few). */
const MIN_PIECE = 256;
/** Where a piece's cut is looked for: the open paragraph's first this many characters. */
const PIECE_WINDOW = 2 * TAIL_LIMIT;
/** Cut candidates tried for a piece with no open inline mark before cutting anyway. */
const CUT_TRIES = 8;

// An open `$$` formula is not closed by healing: it stays text until its delimiter arrives
// (math.ts), rather than going through KaTeX half-written.
const HEAL = { linkMode: "text-only", katex: false } as const;
// Where a piece is cut, an open `$…$` counts as an open mark too: a formula cut in two would be
// shown as its source in both pieces.
const CUT_CHECK = { ...HEAL, inlineKatex: true, katex: true } as const;
const shown = (t: Token) => t.type !== "space" && t.type !== "def";

/**
 * `s` in a buffer of its own. JavaScriptCore's substrings share their base string's buffer and
 * keep all of it alive: a settled block's raw text and tokens, cut from the answer as it stood
 * at that push, would each hold that whole answer as it was then — a copy of the answer so far
 * per settled block, for as long as the answer is shown. Lexing a copy of the tail instead
 * bounds what a block holds to the tail it was cut from. (The rope `" " + s` is flattened into
 * a new buffer when sliced; the slice shares that buffer only.)
 */
export const ownCopy = (s: string): string => (" " + s).slice(1);

/** A fenced code block whose closing fence has arrived (an open tail can still be closed). */
function fenceClosed(t: Token): boolean {
  if (t.type !== "code") return false;
  const open = /^ {0,3}(`{3,}|~{3,})/.exec(t.raw);
  if (!open) return false;
  const lines = t.raw.replace(/\n$/, "").split("\n");
  return lines.length > 1 && new RegExp(`^ {0,3}${open[1]![0]}{${open[1]!.length},}[ \t]*$`).test(lines[lines.length - 1]!);
}

const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\n";
// A letter starts no block (a digit can: `1. `), so the tail after a cut lexes as paragraph text.
const isLetter = (c: string | undefined) => c !== undefined && /\p{L}/u.test(c);

/**
 * Where to cut an open paragraph `src` (its start is a block start): before a word, after
 * whitespace, not in the line still being written when an earlier line exists (a table's header
 * row must stay with its delimiter row), preferring a place where no inline mark is open.
 * Returns the piece's length and whether it needs healing, or null.
 */
function cutPoint(src: string): { at: number; heal: boolean } | null {
  const nl = src.lastIndexOf("\n", src.length - 2);
  const end = nl >= MIN_PIECE ? nl + 1 : src.length - 1;
  let fallback = -1;
  let tries = 0;
  for (let i = end; i > MIN_PIECE; i--) {
    if (!isLetter(src[i]) || !isSpace(src[i - 1])) continue;
    if (fallback < 0) fallback = i;
    const piece = src.slice(0, i);
    if (remend(piece, CUT_CHECK) === piece) return { at: i, heal: false };
    if (++tries >= CUT_TRIES) break;
  }
  return fallback > 0 ? { at: fallback, heal: true } : null;
}

export class BlockSplitter {
  private text = "";
  /** Offset in `text` where the tail starts: everything before is in `stable`. */
  private offset = 0;
  private stable: Block[] = [];
  /** Text has come in pieces (`push`) since the last `final`. */
  private pushed = false;

  /** Whether this answer was streamed here (and not yet lexed whole by `final`). */
  get streamed(): boolean {
    return this.pushed;
  }

  /** The blocks of `text` as it stands mid-stream: stable ones kept, the tail healed and re-lexed. */
  push(text: string): Split {
    if (!text.startsWith(this.text.slice(0, this.offset))) this.reset();
    this.pushed = true;
    this.text = text;
    const tailSrc = ownCopy(text.slice(this.offset));
    let lexed = tailSrc.length;
    const tokens = lexMarkdown(tailSrc);
    // Every block but the last non-blank one is settled: a later block closed it. (A link
    // definition is settled too, and counted, though not shown.)
    let last = tokens.length - 1;
    while (last >= 0 && tokens[last]!.type === "space") last--;
    let consumed = 0;
    for (let i = 0; i < last; i++) {
      const t = tokens[i]!;
      consumed += t.raw.length;
      if (shown(t)) this.stable.push({ raw: t.raw, token: t, closed: true });
    }
    this.offset += consumed;
    let open = text.slice(this.offset);
    let openTokens: Token[] | null = last >= 0 ? tokens.slice(last) : [];
    // A paragraph that keeps growing: settle its beginning as pieces (see the invariants), as
    // many as it takes to bring the tail under the limit. Each cut is looked for in the
    // paragraph's first PIECE_WINDOW characters only, so a megabyte arriving in one chunk costs
    // a lex of each piece, not a scan of the megabyte per piece.
    while (last >= 0 && tokens[last]!.type === "paragraph" && open.length > TAIL_LIMIT) {
      const cut = cutPoint(open.slice(0, PIECE_WINDOW));
      if (!cut) break;
      const raw = ownCopy(open.slice(0, cut.at));
      const src = cut.heal ? remend(raw, HEAL) : raw;
      const piece = lexMarkdown(src).filter(shown);
      lexed += src.length;
      if (piece.length !== 1 || piece[0]!.type !== "paragraph") break;
      this.stable.push({ raw, token: piece[0]!, closed: true, part: true });
      this.offset += raw.length;
      open = open.slice(raw.length);
      openTokens = null;
    }
    const blocks = [...this.stable];
    if (open.trim() !== "") {
      // Heal the open block (unclosed `**`, backticks, links) so it does not flicker between
      // plain and formatted as its closing marks arrive; healed text that did not change is
      // not lexed again.
      const healed = remend(open, HEAL);
      if (healed !== open || !openTokens) {
        openTokens = lexMarkdown(healed);
        lexed += healed.length;
      }
      for (const t of openTokens) if (shown(t)) blocks.push({ raw: t.raw, token: t, closed: fenceClosed(t) });
    }
    return { blocks, lexed };
  }

  /** Whether `text` continues what was pushed (else the next push starts over). */
  continues(text: string): boolean {
    return text.startsWith(this.text.slice(0, this.offset)) && text.length >= this.text.length;
  }

  /** How much of the answer has been pushed (the caller feeds a long text a slice at a time). */
  get pushedLength(): number {
    return this.text.length;
  }

  /**
   * The end of an answer too long for `final`'s whole lex: what was pushed stays as it is, the
   * tail is lexed once as it stands and every block is closed (code fences get highlighted).
   * What the whole lex would add — a reference link defined after its use, a loose list — is
   * not looked for.
   */
  settle(): Split {
    // What a later block closed (and a long paragraph's pieces) settles as in any push; the open
    // tail is then lexed as it stands, not healed: at the end of an answer an unclosed `**` or
    // `__` is the answer's own text, not a mark still to come.
    let { lexed } = this.push(this.text);
    this.pushed = false;
    const open = this.text.slice(this.offset);
    const tail: Block[] = [];
    if (open.trim() !== "") {
      for (const t of lexMarkdown(open)) if (shown(t)) tail.push({ raw: t.raw, token: t, closed: true });
      lexed += open.length;
    }
    return { blocks: [...this.stable, ...tail], lexed };
  }

  /** The whole answer lexed once (at the end of a stream, or a saved answer): every block closed. */
  final(text: string): Split {
    this.reset();
    this.text = text;
    this.offset = text.length;
    const tokens = lexMarkdown(text);
    const refs = Object.keys(tokens.links).length;
    this.stable = tokens.filter(shown).map((t) => ({ raw: t.raw, token: t, closed: true, ...(refs > 0 ? { refs } : {}) }));
    return { blocks: [...this.stable], lexed: text.length };
  }

  private reset() {
    this.pushed = false;
    this.text = "";
    this.offset = 0;
    this.stable = [];
  }
}
