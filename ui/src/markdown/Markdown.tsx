// An answer rendered as Markdown while it streams.
//
// Owns: the per-answer block splitter and the memoized block elements. Invariants:
// - A stable block is rendered by a memo component keyed by its position and compared by its
//   raw text: new tail text never re-renders (or re-parses) it, so its DOM nodes survive.
// - Only the open tail re-renders per frame, healed by `remend` (see blocks.ts).
// - When `streaming` turns false the whole answer is lexed once (`final`); blocks whose source is
//   unchanged keep their elements.
// - Fenced code is plain text until its fence closes, then highlighted once (CodeBlock).
import "./markdown.css";

import type { Tokens } from "marked";
import { memo, useMemo, useState } from "react";

import { BlockSplitter, type Block } from "./blocks";
import { CodeBlock } from "./CodeBlock";
import { block } from "./render";

const renderCode = (closed: boolean) => (t: Tokens.Code, key: number) => <CodeBlock key={key} code={t.text} lang={t.lang} closed={closed} />;

const MdBlock = memo(
  function MdBlock({ b }: { b: Block }) {
    return <>{block(b.token, 0, renderCode(b.closed))}</>;
  },
  (a, b) => a.b.raw === b.b.raw && a.b.closed === b.b.closed,
);

export function Markdown({ text, streaming = false, className }: { text: string; streaming?: boolean; className?: string }) {
  // One splitter per answer for the component's life: it is the memo of what was lexed.
  const [s] = useState(() => new BlockSplitter());
  const blocks = useMemo(() => (streaming ? s.push(text) : s.final(text)).blocks, [s, text, streaming]);
  return (
    <div className={className ? `md ${className}` : "md"}>
      {blocks.map((b, i) => (
        <MdBlock key={i} b={b} />
      ))}
    </div>
  );
}
