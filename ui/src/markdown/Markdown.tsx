// An answer rendered as Markdown while it streams.
//
// Owns: the per-answer block splitter and the memoized block elements. Invariants:
// - A stable block is rendered by a memo component keyed by its position and compared by its
//   raw text: new tail text never re-renders (or re-parses) it, so its DOM nodes survive.
// - Only the open tail re-renders per frame, healed by `remend` (see blocks.ts).
// - Settled pieces of a long paragraph (`part`) and the block that continues them are drawn as
//   one paragraph, each piece a memoized span: the paragraph reads as one, its pieces' DOM stays.
// - When `streaming` turns false the whole answer is lexed once (`final`); blocks whose source is
//   unchanged keep their elements. After a stream that whole lex waits its turn (one answer per
//   frame, `afterFrame`): sixteen answers ending together would otherwise lex 16 whole answers
//   in one frame. Until then the streamed blocks stay on screen. An answer shown whole from the
//   start (History) is lexed at once.
// - Fenced code is plain text until its fence closes, then highlighted once (CodeBlock).
import "./markdown.css";

import type { Tokens } from "marked";
import { memo, useEffect, useMemo, useState, type ReactNode } from "react";

import { BlockSplitter, type Block } from "./blocks";
import { CodeBlock } from "./CodeBlock";
import { block, inline } from "./render";

const renderCode = (closed: boolean) => (t: Tokens.Code, key: number) => <CodeBlock key={key} code={t.text} lang={t.lang} closed={closed} />;

const MdBlock = memo(
  function MdBlock({ b }: { b: Block }) {
    return <>{block(b.token, 0, renderCode(b.closed))}</>;
  },
  (a, b) => a.b.raw === b.b.raw && a.b.closed === b.b.closed && a.b.refs === b.b.refs,
);

/** A piece of a paragraph: its inline content, then (a settled piece) the space its cut fell on. */
const MdPiece = memo(
  function MdPiece({ b }: { b: Block }) {
    return (
      <span>
        {inline((b.token as Tokens.Paragraph).tokens)}
        {b.part ? " " : null}
      </span>
    );
  },
  (a, b) => a.b.raw === b.b.raw,
);

/** The blocks, with each run of pieces and the paragraph that continues them as one `<p>`. */
function layout(blocks: Block[]): ReactNode[] {
  const out: ReactNode[] = [];
  for (let i = 0; i < blocks.length; i++) {
    if (!blocks[i]!.part) {
      out.push(<MdBlock key={i} b={blocks[i]!} />);
      continue;
    }
    const start = i;
    const parts: ReactNode[] = [];
    for (; i < blocks.length && blocks[i]!.part; i++) parts.push(<MdPiece key={i - start} b={blocks[i]!} />);
    const rest = blocks[i];
    if (rest?.token.type === "paragraph") parts.push(<MdPiece key={i - start} b={rest} />);
    else i--; // the paragraph's continuation lexed as another block (it is shown after the pieces)
    out.push(<p key={start}>{parts}</p>);
  }
  return out;
}

// Whole-answer lexes after a stream, one per frame, in the order the answers ended.
const finals: (() => void)[] = [];
let finalsTimer: ReturnType<typeof setTimeout> | null = null;
function runFinal() {
  finalsTimer = null;
  finals.shift()?.();
  if (finals.length > 0) finalsTimer = setTimeout(runFinal, 16);
}
function afterFrame(job: () => void): () => void {
  finals.push(job);
  finalsTimer ??= setTimeout(runFinal, 0);
  return () => {
    const i = finals.indexOf(job);
    if (i >= 0) finals.splice(i, 1);
  };
}

export function Markdown({ text, streaming = false, className }: { text: string; streaming?: boolean; className?: string }) {
  // One splitter per answer for the component's life: it is the memo of what was lexed.
  const [s] = useState(() => new BlockSplitter());
  const [wholeFor, setWholeFor] = useState<string | null>(null);
  const waiting = !streaming && s.streamed && wholeFor !== text;
  const blocks = useMemo(() => (streaming || waiting ? s.push(text) : s.final(text)).blocks, [s, text, streaming, waiting]);
  useEffect(() => {
    if (waiting) return afterFrame(() => setWholeFor(text));
  }, [waiting, text]);
  return (
    <div className={className ? `md ${className}` : "md"}>
      {layout(blocks)}
    </div>
  );
}
