// An answer rendered as Markdown while it streams.
//
// Owns: the per-answer block splitter and the memoized block elements. Invariants:
// - A stable block is rendered by a memo component keyed by its position and compared by its
//   raw text: new tail text never re-renders (or re-parses) it, so its DOM nodes survive.
// - Only the open tail re-renders per frame, healed by `remend` (see blocks.ts).
// - Settled pieces of a long paragraph (`part`) and the block that continues them are drawn as
//   one paragraph, each piece a memoized span: the paragraph reads as one, its pieces' DOM stays.
// - When `streaming` turns false the streamed blocks are settled as they are, unless the answer
//   defines a reference link: then the whole answer is lexed once (`final`; blocks whose source
//   is unchanged keep their elements), on its turn (one answer per frame, `afterFrame`), the
//   streamed blocks staying on screen until then. An answer shown whole from the start
//   (History) is lexed at once.
// - Fenced code is plain text until its fence closes, then highlighted once (CodeBlock).
// - No frame lexes or draws more than SLICE new characters, across every answer on screen: a
//   text more than FIRST_CHARS ahead of what is drawn is fed to the splitter a slice per frame
//   granted from one per-frame budget (`takeChars`; streamed or opened whole, one column or
//   sixteen) while the end of what is drawn is within
//   AHEAD_PX of the view (further down, it waits for the reader to scroll), an answer over
//   WHOLE_LEX_LIMIT ends with `settle` (no whole-answer lex), and a very long paragraph is drawn
//   as runs (`layout`). Long answers' blocks skip layout and paint off screen once they have
//   arrived (`md-long`; while streaming, WebKit's per-frame check of each such block cost more).
import "./markdown.css";

import type { Tokens } from "marked";
import { memo, useEffect, useMemo, useRef, useState, type ReactNode } from "react";

import { BlockSplitter, type Block } from "./blocks";
import { Chunks, KEEP_PX, scrollParent, type Item } from "./Chunks";
import { CodeBlock } from "./CodeBlock";
import { useDrawTurns } from "./drawTurns";
import { block, inline } from "./render";

/**
 * At most this many new characters are lexed and drawn per frame: a megabyte that arrives in
 * one chunk, or an answer opened whole from History, is shown a slice a frame, top first.
 * Measured in the app's WebKit, where marked lexes ~0.3 MB/s (its regexes run far slower in
 * JavaScriptCore than in V8): 48,000 characters cost 100–200 ms a frame, 8,000 about 30.
 */
const SLICE = 8_000;
/**
 * Characters lexed per frame by every answer on screen together: eight columns catching up at
 * once (a comparison of long answers, or its columns drawn again when it ends) would otherwise
 * lex eight slices in one frame (measured: frames of 300–450 ms).
 */
let frameLeft = SLICE;
let refillAsked = false;
/**
 * Up to `n` characters of this frame's budget (SLICE for every answer together): taken by an
 * answer's first drawing (one answer opened alone gets its first screens at once; a grid of
 * long answers drawn together shares them) and by each slice after. The budget is refilled by
 * an animation-frame callback asked for by the first take after a refill: it runs before the
 * next frame's slices (callbacks run in the order they were asked for). An answer that gets
 * nothing asks again next frame.
 */
function takeChars(n: number): number {
  if (!refillAsked && typeof requestAnimationFrame !== "undefined") {
    refillAsked = true;
    requestAnimationFrame(() => {
      frameLeft = SLICE;
      refillAsked = false;
    });
  }
  const got = Math.min(n, frameLeft);
  frameLeft -= got;
  return got;
}

/**
 * A stream's new characters up to this many are lexed at once, without the budget; an answer
 * more than this ahead of what is drawn goes by the budget.
 */
const FIRST_CHARS = 2_000;

/** Longer answers end with `settle` (the tail lexed once) instead of a whole-answer lex. */
const WHOLE_LEX_LIMIT = 20_000;
/**
 * Slices stop this far (px) below what is in view, and go on as the reader scrolls nearer: as
 * far as chunks are kept (Chunks.tsx), so what a slice draws is not hidden again at once.
 */
const AHEAD_PX = KEEP_PX;
/** An answer this long is drawn with its far chunks hidden (Chunks.tsx); a shorter one whole. */
const VIRTUAL_MIN_CHARS = 6_000;
/** Characters of a long paragraph's pieces drawn as one block-level run. */
const RUN_CHARS = 16_000;

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

/**
 * A run of a long paragraph's pieces, drawn as one block-level span. A run that is full holds
 * settled pieces only, which never change (blocks.ts): its element is kept, so a frame of a
 * megabyte-long paragraph reconciles one element per run, not one per piece (thousands).
 */
const MdRun = memo(
  function MdRun({ items, first }: { items: Block[]; first: number }) {
    return (
      <span className="md-run">
        {items.map((b, k) => (
          <MdPiece key={first + k} b={b} />
        ))}
      </span>
    );
  },
  (a, b) => a.items.length === b.items.length && a.items[0] === b.items[0] && a.items[a.items.length - 1] === b.items[b.items.length - 1],
);

/**
 * The blocks, with each run of pieces and the paragraph that continues them as one `<p>`. A
 * paragraph past RUN_CHARS (a model that never breaks its lines) is drawn as block-level runs
 * of about RUN_CHARS each: WebKit lays a paragraph out whole, so appending to a megabyte-long one
 * cost a megabyte of line breaking per frame; a run is laid out once, and off screen not at all
 * (`content-visibility`). The text reads on, with a line break every few screens.
 */
function layout(blocks: Block[], items: WeakMap<Block, Item>): Item[] {
  const out: Item[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (!b.part) {
      // A block's item is made once: a stable block is the same object at the same index for
      // as long as it stands (blocks.ts: blocks only append; a start over makes new ones), so
      // sixteen columns of a hundred blocks no longer make thousands of elements a frame.
      let item = items.get(b);
      if (!item) {
        item = { node: <MdBlock key={i} b={b} />, chars: b.raw.length, closed: b.closed, first: b, last: b, opens: b.token.type === "heading" || b.token.type === "hr" };
        items.set(b, item);
      }
      out.push(item);
      continue;
    }
    const start = i;
    const runs: ReactNode[] = [];
    let run: Block[] = [];
    let runFirst = 0;
    let runChars = 0;
    let chars = 0;
    const add = (b: Block, key: number) => {
      if (run.length === 0) runFirst = key;
      run.push(b);
      runChars += b.raw.length;
      chars += b.raw.length;
      if (runChars >= RUN_CHARS) {
        runs.push(<MdRun key={`run-${runs.length}`} items={run} first={runFirst} />);
        run = [];
        runChars = 0;
      }
    };
    for (; i < blocks.length && blocks[i]!.part; i++) add(blocks[i]!, i - start);
    const rest = blocks[i];
    if (rest?.token.type === "paragraph") add(rest, i - start);
    else i--; // the paragraph's continuation lexed as another block (it is shown after the pieces)
    const last = blocks[i]!;
    const node =
      runs.length === 0 ? (
        <p key={start}>
          {run.map((b, k) => (
            <MdPiece key={runFirst + k} b={b} />
          ))}
        </p>
      ) : (
        <p key={start}>
          {runs}
          {run.length > 0 && <MdRun key={`run-${runs.length}`} items={run} first={runFirst} />}
        </p>
      );
    out.push({ node, chars, closed: last.closed && !last.part, first: blocks[start]!, last });
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
/** A link reference definition (CommonMark §4.7): `[label]: destination`, up to 3 spaces in. */
const REF_DEFINITION = /^ {0,3}\[(?:[^\]\\\n]|\\.){1,999}\]:[ \t]*(?:\n[ \t]*)?\S/m;

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
  const [items] = useState(() => new WeakMap<Block, Item>());
  const [wholeFor, setWholeFor] = useState<string | null>(null);
  // The next slice of a long text (see SLICE): how far past what was pushed this render may
  // lex, granted from the frame's budget; `seq` makes a grant of nothing a change too, so the
  // answer asks again next frame.
  // A grant is for the render that follows it (`at`: where the text was lexed to when it was
  // given); a render for new text in between gets none, so no frame lexes past its budget.
  // (The initializer runs once per answer drawn: the one side effect it has is taking its
  // share of the first frame's budget, for an answer too long to draw at once.)
  const [grant, setGrant] = useState(() => ({ chars: text.length > FIRST_CHARS ? takeChars(Math.min(SLICE, text.length)) : 0, at: 0, seq: 0 }));
  // Whether the end of what is drawn is within AHEAD_PX of the view: slices are lexed only then.
  const end = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(true);
  const long = text.length > WHOLE_LEX_LIMIT;
  const from = s.continues(text) ? s.pushedLength : 0;
  // A stream's few new characters are lexed at once; a long way behind (a big chunk, an answer
  // drawn whole) goes a granted slice a frame.
  const granted = grant.at === from ? grant.chars : 0;
  const upTo = text.length - from <= FIRST_CHARS ? text.length : Math.min(text.length, from + granted);
  const catchingUp = upTo < text.length;
  // After a stream, the streamed blocks stand (settled: closed, not lexed again) unless the answer
  // defines a reference link (`[id]: url`): the one thing a whole lex changes is that a link used
  // before its definition then resolves. (Sixteen whole lexes of ~10,000 characters each, ~30 ms
  // apiece in JavaScriptCore, were most of the frames at the end of a sixteen-column run.)
  const [streamedHere, setStreamedHere] = useState(streaming);
  if (streaming && !streamedHere) setStreamedHere(true);
  const settleAtEnd = !streaming && (long || (streamedHere && !REF_DEFINITION.test(text)));
  const waiting = !streaming && !settleAtEnd && s.streamed && wholeFor !== text;
  const blocks = useMemo(() => {
    if (catchingUp || streaming) return s.push(text.slice(0, upTo)).blocks;
    if (settleAtEnd) {
      s.push(text);
      return s.settle().blocks;
    }
    return (waiting ? s.push(text) : s.final(text)).blocks;
  }, [s, text, upTo, catchingUp, streaming, settleAtEnd, waiting]);
  // The next slice at the next frame, or in answer columns at this answer's draw turn
  // (drawTurns.ts): eight columns catching up in one frame's callbacks changed eight columns
  // before one layout, which WebKit lays out as the whole page.
  const turns = useDrawTurns();
  const [key] = useState(() => ({}));
  useEffect(() => {
    if (!catchingUp || !near) return;
    const need = Math.min(SLICE, text.length - upTo);
    const give = () => setGrant((g) => ({ chars: takeChars(need), at: upTo, seq: g.seq + 1 }));
    if (turns) {
      turns.request(key, give);
      return () => turns.cancel(key);
    }
    const id = requestAnimationFrame(give);
    return () => cancelAnimationFrame(id);
  }, [catchingUp, upTo, near, grant.seq, text.length, turns, key]);
  useEffect(() => {
    const el = end.current;
    if (!catchingUp || !el || typeof IntersectionObserver === "undefined") return;
    // Measured against the box that scrolls the answer (its column), not the window: the column
    // clips what is below its fold, and a margin on the window would not see past that.
    const io = new IntersectionObserver((entries) => setNear(entries.some((e) => e.isIntersecting)), { root: scrollParent(el), rootMargin: `${AHEAD_PX}px 0px` });
    io.observe(el);
    return () => io.disconnect();
  }, [catchingUp]);
  useEffect(() => {
    if (waiting) return afterFrame(() => setWholeFor(text));
  }, [waiting, text]);
  const classes = ["md", long && !streaming && "md-long", className].filter(Boolean).join(" ");
  return (
    <div className={classes}>
      <Chunks items={layout(blocks, items)} virtual={text.length >= VIRTUAL_MIN_CHARS} />
      {catchingUp && <div ref={end} className="md-more" aria-hidden="true" />}
    </div>
  );
}
