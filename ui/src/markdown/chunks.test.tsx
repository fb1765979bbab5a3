// Long answers in chunks, far ones hidden (Chunks.tsx), driven by a fake IntersectionObserver:
// jsdom has none and lays nothing out, so the test says what the observer would report.
import { act, render, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { CHUNK_CHARS, chunksOf, type Item } from "./Chunks";
import { DrawTurnsContext, type DrawTurns } from "./drawTurns";
import { Markdown } from "./Markdown";

class FakeObserver {
  static all: FakeObserver[] = [];
  targets = new Set<Element>();
  constructor(public cb: IntersectionObserverCallback) {
    FakeObserver.all.push(this);
  }
  observe(el: Element) {
    this.targets.add(el);
  }
  unobserve(el: Element) {
    this.targets.delete(el);
  }
  disconnect() {
    this.targets.clear();
  }
  /** Report the chunks `far` as out of reach (at `height` px) and the others as near. */
  report(far: (i: number) => boolean, height = 240) {
    const entries = [...this.targets]
      .filter((t) => t.classList.contains("md-chunk"))
      .map((t) => ({ target: t, isIntersecting: !far(Number((t as HTMLElement).dataset.chunk)), boundingClientRect: { height } }) as unknown as IntersectionObserverEntry);
    act(() => this.cb(entries, this as unknown as IntersectionObserver));
  }
}

const chunkObserver = () => FakeObserver.all.find((o) => [...o.targets].some((t) => t.classList.contains("md-chunk")))!;

// Forty sections of ~300 characters each: about 12,000 characters, eight or so chunks.
const section = (i: number) => `## Section ${i}\n\nParagraph ${i} says something long enough to read, with words that wrap over a few lines of a narrow column, and then some more words to make it longer still here.\n\n- item ${i}a\n- item ${i}b\n\n`;
const long = Array.from({ length: 40 }, (_, i) => section(i)).join("");

describe("chunks", () => {
  beforeEach(() => {
    FakeObserver.all = [];
    (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver = FakeObserver;
  });
  afterEach(() => {
    delete (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver;
  });

  it("cuts chunks of at least CHUNK_CHARS from the first block, the last one open while its blocks are", () => {
    const it = (chars: number, closed = true): Item => ({ node: null, chars, closed, first: {}, last: {} });
    const c = chunksOf([it(1000), it(600), it(1500), it(10), it(20, false)]);
    expect(c.map((x) => x.items.length)).toEqual([2, 1, 2]);
    expect(c.map((x) => x.sealed)).toEqual([true, true, false]);
    expect(CHUNK_CHARS).toBe(1500);
  });

  it("marks a chunk that opens with a heading or a break, and the chunk before it, so the spacing reads as in one flow", async () => {
    // Chunks of at least CHUNK_CHARS: [paragraph] [heading, paragraph] [break, paragraph, heading, paragraph].
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i % 10}`).join(" ");
    const text = `${words(260)}\n\n## Opening heading\n\n${words(260)}\n\n---\n\n${words(40)}\n\n## Another\n\nThe end.`;
    const { container } = render(<Markdown text={text} />);
    await waitFor(() => expect(container.textContent).toContain("The end."));
    const chunks = [...container.querySelectorAll<HTMLElement>(".md-chunk")];
    expect(chunks.map((c) => c.firstElementChild?.tagName)).toEqual(["P", "H2", "HR"]);
    // The first chunk never keeps a top margin; a later one that opens with its own margin does,
    // and the one before it gives up its last block's bottom margin instead.
    expect(chunks.map((c) => c.className)).toEqual(["md-chunk md-chunk-before-opens", "md-chunk md-chunk-opens md-chunk-before-opens", "md-chunk md-chunk-opens"]);
  });

  it("hides the sealed chunks out of reach at the height they had, and draws them again when near", async () => {
    const { container } = render(<Markdown text={long} />);
    // A long text is drawn a slice a frame (Markdown.tsx): wait for all of it.
    await waitFor(() => expect(container.textContent).toContain("item 39b"));
    const chunks = () => [...container.querySelectorAll<HTMLElement>(".md-chunk")];
    const n = chunks().length;
    expect(n).toBeGreaterThan(5);
    expect(container.textContent).toContain("Section 0");
    // The reader is at the end: every chunk but the last three is far above.
    chunkObserver().report((i) => i < n - 3);
    expect(container.textContent).not.toContain("Section 0");
    expect(container.textContent).toContain("Section 39");
    const first = chunks()[0]!;
    expect(first.childElementCount).toBe(0);
    expect(first.style.height).toBe("240px");
    expect(chunks()).toHaveLength(n);
    // The last chunk is never hidden, even out of reach (text may still land in it).
    chunkObserver().report(() => true);
    expect(container.textContent).toBe("item 39aitem 39b");
    // Scrolled back to the top: drawn again, with their text.
    chunkObserver().report((i) => i > 2);
    expect(container.textContent).toContain("Section 0");
    expect(chunks()[0]!.style.height).toBe("");
  });

  it("in an answer column, hides and shows chunks at the answer's turn, with what the observer last said", async () => {
    // Answer columns draw in turns (watch/pace.ts): a column changed between two others' turns
    // makes WebKit lay the whole page out, so the observer's reports wait for this one's turn.
    const waiting = new Map<object, () => void>();
    const turns: DrawTurns = { request: (key, draw) => waiting.set(key, draw), cancel: (key) => waiting.delete(key) };
    const turn = () =>
      act(() => {
        const draws = [...waiting.values()];
        waiting.clear();
        draws.forEach((d) => d());
      });
    const { container } = render(
      <DrawTurnsContext.Provider value={turns}>
        <Markdown text={long} />
      </DrawTurnsContext.Provider>,
    );
    await waitFor(() => expect(container.textContent).toContain("item 39b"));
    const n = container.querySelectorAll(".md-chunk").length;
    chunkObserver().report((i) => i < n - 3);
    expect(container.textContent).toContain("Section 0"); // not before its turn
    // A later report about the same chunks before the turn: the turn draws the latest.
    chunkObserver().report((i) => i < n - 2);
    expect(waiting.size).toBe(1);
    turn();
    const hidden = () => [...container.querySelectorAll<HTMLElement>(".md-chunk")].filter((c) => c.style.height !== "").length;
    expect(hidden()).toBe(n - 2);
    expect(container.textContent).not.toContain("Section 0");
    expect(container.textContent).toContain("Section 39");
    // Back near the top: drawn again at the next turn.
    chunkObserver().report((i) => i > 2);
    expect(container.textContent).not.toContain("Section 0");
    turn();
    expect(container.textContent).toContain("Section 0");
    // (and the chunks now far below hidden in the same turn: all sealed ones past the third)
    expect(hidden()).toBe(n - 4);
  });

  it("keeps a short answer whole, and hides nothing of a chunk still being written", async () => {
    const short = Array.from({ length: 8 }, (_, i) => section(i)).join("");
    const { container, rerender } = render(<Markdown text={short} />);
    expect(chunkObserver()).toBeUndefined(); // under 6,000 characters: no observer at all
    // Streaming a long answer whose end is an open paragraph: the open chunk stays drawn.
    const open = `${long}A paragraph still being written`;
    rerender(<Markdown text={open} streaming />);
    await waitFor(() => expect(container.textContent).toContain("A paragraph still being written"));
    chunkObserver().report(() => true);
    expect(container.textContent).toContain("A paragraph still being written");
    expect(container.textContent).not.toContain("Section 0");
  });
});
