// Splits a streaming answer into top-level Markdown blocks, lexing only what is new.
//
// Owns: which part of an answer is settled (stable blocks) and which is still being written (the
// tail). Invariants:
// - A block becomes stable only once another (non-blank) block follows it; a stable block's raw
//   text and tokens never change again, so its React element can be memoized by its raw text.
// - Each `push` lexes from the start of the tail only: the cost of a frame is O(tail), not
//   O(answer) (twenty PR#22489's design; ui-anchors §5.2).
// - Text that does not continue what was pushed before (a new answer) starts over.
// - `final` lexes the whole answer once, for correctness (a reference-style link defined late,
//   a list that a blank line made loose): the end of a stream is the one full parse.
import { Lexer, type Token, type TokensList } from "marked";
import remend from "remend";

export interface Block {
  /** The block's Markdown source: its identity (memo key) while it is stable. */
  raw: string;
  token: Token;
  /** A closed block: no more text can land in it (code fences may be highlighted). */
  closed: boolean;
}

export interface Split {
  blocks: Block[];
  /** Characters lexed by the last push (tests check it stays the tail's size). */
  lexed: number;
}

const lex = (src: string): TokensList => new Lexer({ gfm: true }).lex(src);

/** A fenced code block whose closing fence has arrived (an open tail can still be closed). */
function fenceClosed(t: Token): boolean {
  if (t.type !== "code") return false;
  const open = /^ {0,3}(`{3,}|~{3,})/.exec(t.raw);
  if (!open) return false;
  const lines = t.raw.replace(/\n$/, "").split("\n");
  return lines.length > 1 && new RegExp(`^ {0,3}${open[1]![0]}{${open[1]!.length},}[ \t]*$`).test(lines[lines.length - 1]!);
}

export class BlockSplitter {
  private text = "";
  /** Offset in `text` where the tail starts: everything before is in `stable`. */
  private offset = 0;
  private stable: Block[] = [];

  /** The blocks of `text` as it stands mid-stream: stable ones kept, the tail healed and re-lexed. */
  push(text: string): Split {
    if (!text.startsWith(this.text.slice(0, this.offset))) this.reset();
    this.text = text;
    const tailSrc = text.slice(this.offset);
    const tokens = lex(tailSrc).filter((t) => t.type !== "def");
    // Every block but the last non-blank one is settled: a later block closed it.
    let last = tokens.length - 1;
    while (last >= 0 && tokens[last]!.type === "space") last--;
    let consumed = 0;
    for (let i = 0; i < last; i++) {
      const t = tokens[i]!;
      consumed += t.raw.length;
      if (t.type !== "space") this.stable.push({ raw: t.raw, token: t, closed: true });
    }
    this.offset += consumed;
    const open = text.slice(this.offset);
    const blocks = [...this.stable];
    if (open.trim() !== "") {
      // Heal the open block (unclosed `**`, backticks, links) so it does not flicker between
      // plain and formatted as its closing marks arrive.
      for (const t of lex(remend(open, { linkMode: "text-only" }))) {
        if (t.type !== "space" && t.type !== "def") blocks.push({ raw: t.raw, token: t, closed: fenceClosed(t) });
      }
    }
    return { blocks, lexed: tailSrc.length };
  }

  /** The whole answer lexed once (at the end of a stream, or a saved answer): every block closed. */
  final(text: string): Split {
    this.reset();
    this.text = text;
    this.offset = text.length;
    this.stable = lex(text)
      .filter((t) => t.type !== "space" && t.type !== "def")
      .map((t) => ({ raw: t.raw, token: t, closed: true }));
    return { blocks: [...this.stable], lexed: text.length };
  }

  private reset() {
    this.text = "";
    this.offset = 0;
    this.stable = [];
  }
}
