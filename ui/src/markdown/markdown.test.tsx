// The streaming Markdown pipeline: completed blocks are never re-lexed nor re-rendered, the tail
// heals, hostile HTML is inert text, code is highlighted only once its fence closes, links ask.
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import type { Tokens } from "marked";
import { describe, expect, it, vi } from "vitest";

import { BlockSplitter, TAIL_LIMIT } from "./blocks";
import { DrawTurnsContext, type DrawTurns } from "./drawTurns";
import { Markdown } from "./Markdown";
import { lexMarkdown } from "./math";
import { LinkContext, safeUrl } from "./render";

describe("the block splitter", () => {
  it("lexes only the tail: a settled block is not lexed again", () => {
    const s = new BlockSplitter();
    const head = "# Title\n\nA first paragraph that is long enough to notice.\n\n";
    s.push(head);
    const more = s.push(`${head}Second para`);
    expect(more.blocks.map((b) => b.token.type)).toEqual(["heading", "paragraph", "paragraph"]);
    expect(more.blocks.map((b) => b.closed)).toEqual([true, true, false]);
    // The heading and first paragraph were settled by the previous push: only the tail is lexed.
    expect(more.lexed).toBeLessThan("A first paragraph that is long enough to notice.\n\nSecond para".length + 1);
    const again = s.push(`${head}Second paragraph, longer now`);
    expect(again.lexed).toBe("Second paragraph, longer now".length);
    expect(again.blocks[0]).toBe(more.blocks[0]);
  });

  it("heals an open tail: unclosed bold and code render as formatted", () => {
    const types = (text: string) => (new BlockSplitter().push(text).blocks[0]!.token as { tokens: { type: string }[] }).tokens.map((t) => t.type);
    expect(types("Some **bold text")).toContain("strong");
    expect(types("Run `npm inst")).toContain("codespan");
  });

  it("settles an answer's end as it stands: an unclosed mark healed mid-stream is the answer's own text", () => {
    const s = new BlockSplitter();
    const text = "Done.\n\nCall window.__init=1 then <b> stays";
    const streaming = s.push(text).blocks.at(-1)!.token as { tokens: { type: string }[] };
    // Mid-stream the open `__` is healed (closed), so it does not flicker as its end arrives...
    expect(streaming.tokens.map((t) => t.type)).toContain("strong");
    // ...but at the end it is what the model wrote.
    const settled = s.settle().blocks;
    expect(settled.map((b) => b.closed)).toEqual([true, true]);
    const last = settled.at(-1)!.token as { tokens: { type: string }[]; raw: string };
    expect(last.tokens.map((t) => t.type)).not.toContain("strong");
    expect(last.raw).toBe("Call window.__init=1 then <b> stays");
  });

  it("starts over when the text is replaced", () => {
    const s = new BlockSplitter();
    s.push("# A\n\nB\n\n");
    expect(s.push("Other").blocks.map((b) => b.raw)).toEqual(["Other"]);
  });

  it("keeps the tail bounded when a paragraph never closes (50 KB, word by word)", () => {
    const words = "Parallax streams every answer side by side so you can compare latency and cost.".split(" ");
    const s = new BlockSplitter();
    let text = "";
    let max = 0;
    let total = 0;
    let last = s.push("");
    for (let i = 0; text.length < 50_000; i++) {
      text += `${words[i % words.length]} `;
      last = s.push(text);
      max = Math.max(max, last.lexed);
      total += last.lexed;
    }
    // Per push: the open piece (≤ TAIL_LIMIT plus a word) and a cut's piece now and then, never
    // the paragraph so far; over the stream, linear in its length rather than quadratic.
    expect(max).toBeLessThan(3 * TAIL_LIMIT);
    expect(total).toBeLessThan(text.length * (TAIL_LIMIT / 4));
    // Settled pieces, then the open paragraph that continues them: the same words, in order.
    expect(last.blocks.length).toBeGreaterThan(20);
    expect(last.blocks.slice(0, -1).every((b) => b.part && b.closed)).toBe(true);
    expect(last.blocks.at(-1)!.part).toBeFalsy();
    const words0 = (t: string) => t.split(/\s+/).filter(Boolean);
    expect(words0(last.blocks.map((b) => b.raw).join(""))).toEqual(words0(text));
    // The end of the stream: one paragraph again.
    expect(s.final(text).blocks.map((b) => b.token.type)).toEqual(["paragraph"]);
  });

  it("settles a megabyte that arrives in one chunk into pieces, lexing each once (issue 14)", () => {
    const words = "Parallax streams every answer side by side so you can compare latency and cost.".split(" ");
    let text = "";
    for (let i = 0; text.length < 1_000_000; i++) text += `${words[i % words.length]} `;
    const s = new BlockSplitter();
    const r = s.push(text);
    // The new text lexed once to find its blocks, then each piece once: twice its length, not a
    // megabyte per piece (quadratic).
    expect(r.lexed).toBeLessThan(text.length * 2.1);
    expect(r.blocks.at(-1)!.raw.length).toBeLessThanOrEqual(TAIL_LIMIT + 20);
    const words0 = (t: string) => t.split(/\s+/).filter(Boolean);
    expect(words0(r.blocks.map((b) => b.raw).join("")).length).toBe(words0(text).length);
    // Its end: the tail closed, no whole lex of the megabyte.
    const end = s.settle();
    expect(end.lexed).toBeLessThanOrEqual(2 * TAIL_LIMIT);
    expect(end.blocks.every((b) => b.closed)).toBe(true);
  });

  it("cuts a long paragraph only where no inline mark is open", () => {
    const s = new BlockSplitter();
    const filler = "word ".repeat(200);
    const r = s.push(`${filler}**bold ${"more ".repeat(100)}still bold** after `);
    expect(r.blocks.filter((x) => x.part).length).toBeGreaterThan(0);
    for (const b of r.blocks.filter((x) => x.part)) {
      expect((b.raw.match(/\*\*/g) ?? []).length % 2).toBe(0);
      expect(b.raw).toMatch(/\s$/);
    }
  });

  it("closes a fence only when its closing fence arrived", () => {
    const s = new BlockSplitter();
    expect(s.push("```py\nx = 1\n").blocks[0]!.closed).toBe(false);
    expect(s.push("```py\nx = 1\n```").blocks[0]!.closed).toBe(true);
  });
});

describe("the Markdown view", () => {
  it("keeps a completed block's element while the tail grows", () => {
    const { container, rerender } = render(<Markdown text={"# Heading\n\nfirst"} streaming />);
    rerender(<Markdown text={"# Heading\n\nfirst paragraph\n\nsecond"} streaming />);
    const h1 = container.querySelector("h1")!;
    const p1 = container.querySelectorAll("p")[0]!;
    rerender(<Markdown text={"# Heading\n\nfirst paragraph\n\nsecond paragraph grows"} streaming />);
    expect(container.querySelector("h1")).toBe(h1);
    expect(container.querySelectorAll("p")[0]).toBe(p1);
    // The end of the stream parses everything once; unchanged blocks keep their elements.
    rerender(<Markdown text={"# Heading\n\nfirst paragraph\n\nsecond paragraph grows"} streaming={false} />);
    expect(container.querySelector("h1")).toBe(h1);
    expect(container.querySelectorAll("p")).toHaveLength(2);
  });

  it("after a stream without a reference link, keeps the streamed blocks: no whole-answer lex", async () => {
    const final = vi.spyOn(BlockSplitter.prototype, "final");
    const text = "# Rivers\n\nThe **Nile**, the Amazon.\n\n- one\n- two\n\n```js\nlet x = 1;\n```\n\nSee [the docs](https://example.com).";
    const at = (t: string, streaming: boolean) => (
      <LinkContext.Provider value={() => {}}>
        <Markdown text={t} streaming={streaming} />
      </LinkContext.Provider>
    );
    const { container, rerender } = render(at(text.slice(0, 40), true));
    rerender(at(text, true));
    const heading = container.querySelector("h1");
    rerender(at(text, false));
    await act(async () => void (await new Promise((r) => setTimeout(r, 50))));
    expect(final).not.toHaveBeenCalled();
    expect(container.querySelector("h1")).toBe(heading);
    expect(container.querySelector("strong")?.textContent).toBe("Nile");
    expect(container.querySelectorAll("li")).toHaveLength(2);
    expect(container.querySelector("a")?.textContent).toBe("the docs");
    final.mockRestore();
  });

  it("after a stream, lexes the whole answer on its turn: a link defined late then resolves", async () => {
    // While streaming, "[docs][d]" is settled before its definition arrives: plain text.
    const streamed = "See [docs][d] for more.\n\nAnother paragraph.\n\n[d]: https://example.com/docs\n";
    const { container, rerender } = render(
      <LinkContext.Provider value={() => {}}>
        <Markdown text={"See [docs][d] for more.\n\nAnother"} streaming />
      </LinkContext.Provider>,
    );
    rerender(
      <LinkContext.Provider value={() => {}}>
        <Markdown text={streamed} streaming />
      </LinkContext.Provider>,
    );
    expect(container.querySelector("a")).toBeNull();
    rerender(
      <LinkContext.Provider value={() => {}}>
        <Markdown text={streamed} streaming={false} />
      </LinkContext.Provider>,
    );
    // The streamed blocks stay until the whole-answer lex has had its frame.
    expect(container.querySelector("a")).toBeNull();
    await waitFor(() => expect(container.querySelector("a")?.getAttribute("href")).toBe("https://example.com/docs"));
    expect(container.textContent).toContain("Another paragraph.");
  });

  it("draws a long open paragraph's pieces as one paragraph, and keeps their elements", () => {
    const text = "Some words to read, again and again. ".repeat(60);
    const { container, rerender } = render(<Markdown text={text} streaming />);
    expect(container.querySelectorAll("p")).toHaveLength(1);
    const first = container.querySelector("p > span")!;
    rerender(<Markdown text={`${text}More words`} streaming />);
    expect(container.querySelectorAll("p")).toHaveLength(1);
    expect(container.querySelector("p > span")).toBe(first);
    expect(container.textContent!.replace(/\s+/g, " ").trim()).toBe(`${text}More words`.replace(/\s+/g, " ").trim());
    rerender(<Markdown text={`${text}More words`} streaming={false} />);
    expect(container.querySelectorAll("p")).toHaveLength(1);
    expect(container.textContent!.trim()).toBe(`${text}More words`.trim());
  });

  it("draws a long answer opened whole a slice per frame, top first, and a huge paragraph as runs (issue 14)", async () => {
    const words = "Parallax streams every answer side by side so you can compare latency and cost.".split(" ");
    let text = "# Title\n\n";
    for (let i = 0; text.length < 400_000; i++) text += `${words[i % words.length]} `;
    const { container } = render(<Markdown text={text} />);
    const shown = () => container.textContent?.length ?? 0;
    // The first frame draws the title and the first slice, not 400 KB.
    expect(container.querySelector("h1")?.textContent).toBe("Title");
    expect(shown()).toBeLessThan(60_000);
    // Slice by slice (jsdom has no IntersectionObserver: all of it, as if the reader were near).
    await waitFor(() => expect(container.querySelector(".md-more")).toBeNull(), { timeout: 10_000 });
    const md = container.querySelector(".md")!;
    expect(md.classList.contains("md-long")).toBe(true);
    // One paragraph, drawn as block-level runs of about 16 KB.
    expect(md.querySelectorAll("p")).toHaveLength(1);
    const runs = md.querySelectorAll("p > .md-run");
    expect(runs.length).toBeGreaterThan(20);
    expect(runs.length).toBeLessThan(30);
    const words0 = (t: string) => t.split(/\s+/).filter(Boolean);
    expect(words0(md.querySelector("p")!.textContent ?? "")).toEqual(words0(text.slice("# Title\n\n".length)));
  });

  it("in answer columns, draws each slice of a long answer at its turn, not in the frame's callbacks", async () => {
    // Columns catching up together in one frame's callbacks changed them all before one layout
    // (WebKit lays that out as the whole page): the slices wait for the turns columns hand out.
    const waiting = new Map<object, () => void>();
    const turns: DrawTurns = { request: (key, draw) => waiting.set(key, draw), cancel: (key) => waiting.delete(key) };
    const text = "word ".repeat(40_000);
    const { container } = render(
      <DrawTurnsContext.Provider value={turns}>
        <Markdown text={text} />
      </DrawTurnsContext.Provider>,
    );
    const shown = () => container.textContent?.length ?? 0;
    const first = shown();
    expect(first).toBeLessThan(60_000);
    // Frames pass and no slice is drawn: the next one waits for this answer's turn.
    await act(() => new Promise((r) => setTimeout(r, 100)));
    expect(shown()).toBe(first);
    expect(waiting.size).toBe(1);
    // Each turn draws a slice more, until the whole answer is drawn.
    for (let i = 0; i < 100 && waiting.size > 0; i++) {
      const before = shown();
      act(() => {
        const draws = [...waiting.values()];
        waiting.clear();
        draws.forEach((d) => d());
      });
      // (A turn that finds this frame's budget spent draws nothing and asks again.)
      await act(() => new Promise((r) => setTimeout(r, 20)));
      expect(shown()).toBeGreaterThanOrEqual(before);
    }
    expect(container.querySelector(".md-more")).toBeNull();
    expect(container.textContent!.split(/\s+/).filter(Boolean)).toHaveLength(40_000);
  });

  it("skips a long answer's blocks off screen once it has arrived, not while it streams", async () => {
    const text = Array.from({ length: 400 }, (_, i) => `Paragraph ${i} of a long answer that keeps on going.`).join("\n\n");
    expect(text.length).toBeGreaterThan(20_000);
    const { container, rerender } = render(<Markdown text={text} streaming />);
    const md = () => container.querySelector(".md")!;
    expect(md().classList.contains("md-long")).toBe(false);
    rerender(<Markdown text={text} />);
    await waitFor(() => expect(md().querySelectorAll("p")).toHaveLength(400), { timeout: 10_000 });
    expect(md().classList.contains("md-long")).toBe(true);
  });

  it("renders headings, lists, tables, quotes and code", () => {
    const md = "## Title\n\n- one\n- two\n\n1. a\n2. b\n\n| m | t |\n|:-|-:|\n| x | 1 |\n\n> quoted\n\n```python\nprint(1)\n```\n";
    const { container } = render(<Markdown text={md} />);
    expect(container.querySelector("h2")?.textContent).toBe("Title");
    expect(container.querySelectorAll("ul li")).toHaveLength(2);
    expect(container.querySelectorAll("ol li")).toHaveLength(2);
    expect(container.querySelector("td.md-align-right")?.textContent).toBe("1");
    expect(container.querySelector("blockquote")?.textContent).toBe("quoted");
    expect(container.querySelector("pre code")?.textContent).toBe("print(1)");
  });

  it("reads a paragraph underlined with === or --- as a heading, and only then (CommonMark §4.3)", () => {
    const shown = (md: string) => {
      const { container } = render(<Markdown text={md} />);
      const out = [...container.querySelectorAll("h1, h2, p, hr, blockquote")].map((el) => `${el.tagName.toLowerCase()}:${el.textContent!.replace(/\s+/g, " ")}`);
      container.remove();
      return out;
    };
    expect(shown("Title\n=====\n\nText")).toEqual(["h1:Title", "p:Text"]);
    expect(shown("Two lines\nof title\n---\n")).toEqual(["h2:Two lines of title"]);
    expect(shown("A paragraph\n\n---\n")).toEqual(["p:A paragraph", "hr:"]);
    expect(shown("A paragraph\n\n===\n")).toEqual(["p:A paragraph", "p:==="]);
    expect(shown("Foo\n    ---")).toEqual(["p:Foo ---"]);
    expect(shown("> Quoted\n> ===\n")).toEqual(["blockquote:Quoted", "h1:Quoted"]);
    expect(shown("first\n\nsecond\nthird\n-\n")).toEqual(["p:first", "h2:second third"]);
    // With math in the answer (the other lexer): a heading holding a formula.
    const [h, after] = lexMarkdown("Sum of $a$ and $b$\n==\n\nafter").filter((t) => t.type !== "space");
    expect([h!.type, (h as Tokens.Heading).depth, (h as Tokens.Heading).tokens.map((t) => t.type)]).toEqual(["heading", 1, ["text", "mathInline", "text", "mathInline"]]);
    expect(after!.type).toBe("paragraph");
  });

  it("shows hostile HTML as text and runs nothing", () => {
    const hits = vi.fn();
    (window as unknown as { __hit: () => void }).__hit = hits;
    const md = [
      "<script>window.__hit()</script>",
      "",
      'Inline <img src=x onerror="window.__hit()"> and <b onclick="window.__hit()">bold</b>',
      "",
      "[click](javascript:window.__hit()) [data](data:text/html,<script>x</script>)",
      "",
      '<iframe src="https://evil.example"></iframe>',
    ].join("\n");
    const { container } = render(<Markdown text={md} />);
    expect(container.querySelector("script, img, iframe, b, [onclick], [onerror]")).toBeNull();
    expect(container.textContent).toContain("<script>window.__hit()</script>");
    expect(container.textContent).toContain('<img src=x onerror="window.__hit()">');
    // Not a link: no href at all for javascript: or data: URLs.
    expect(container.querySelector("a")).toBeNull();
    for (const el of container.querySelectorAll("span")) fireEvent.click(el);
    expect(hits).not.toHaveBeenCalled();
  });

  it("shows bidi controls instead of letting them reorder the text, typed or as entities, in code too", () => {
    // "Trojan Source": an RLO makes `admin" */ if (isAdmin)` read differently from what it is.
    const md = ["The check \u202Eesrever\u202C is done.", "", "As entities: &#x2066;x&#x2069;", "", "```js", 'if (role === "user\u202E \u2066// admin\u2069 \u2066") {', "```"].join("\n");
    const { container } = render(<Markdown text={md} />);
    const text = container.textContent ?? "";
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(text).toContain("The check ⟨U+202E⟩esrever⟨U+202C⟩ is done.");
    expect(text).toContain("As entities: ⟨U+2066⟩x⟨U+2069⟩");
    expect(container.querySelector("code")?.textContent).toContain('"user⟨U+202E⟩ ⟨U+2066⟩// admin⟨U+2069⟩ ⟨U+2066⟩"');
    // Terminal escapes and other controls are shown as their pictures, not as empty boxes.
    const esc = render(<Markdown text={"title \u001b]0;pwned\u0007 then \r\u0000 and \u009b31m"} />);
    // (Markdown reads a lone carriage return as a line end: a line break, never an overwrite.)
    expect(esc.container.textContent).toBe("title ␛]0;pwned␇ then \n␀ and \ufffd31m");
    // Right-to-left text and its ordinary marks are left alone.
    const rtl = render(<Markdown text={"שלום\u200F עולם"} />);
    expect(rtl.container.textContent).toBe("שלום\u200F עולם");
  });

  it("asks before a link leaves, and never navigates the webview", () => {
    const ask = vi.fn();
    render(
      <LinkContext.Provider value={ask}>
        <Markdown text="See [the docs](https://example.com/a?b=1)." />
      </LinkContext.Provider>,
    );
    const a = screen.getByText("the docs");
    const click = new MouseEvent("click", { bubbles: true, cancelable: true });
    a.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(ask).toHaveBeenCalledWith("https://example.com/a?b=1");
    expect(safeUrl("javascript:alert(1)")).toBeNull();
    expect(safeUrl("file:///etc/passwd")).toBeNull();
  });

  it("highlights a code block only once its fence closes", async () => {
    const open = "```python\ndef f():\n    return 1\n";
    const { container, rerender } = render(<Markdown text={open} streaming />);
    const code = () => container.querySelector('[data-testid="md-code"]')!;
    // Open: plain text, and it stays so.
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(code().getAttribute("data-highlighted")).toBe("false");
    rerender(<Markdown text={`${open}\`\`\``} streaming />);
    await waitFor(() => expect(code().getAttribute("data-highlighted")).toBe("true"), { timeout: 10_000 });
    expect(code().querySelectorAll("span.hl-keyword").length).toBeGreaterThan(0);
    expect(code().textContent).toContain("def f():");
  });

  it("in answer columns, draws a block's highlighting at the turn the columns hand out, not when it arrives", async () => {
    const waiting = new Map<object, () => void>();
    const turns: DrawTurns = { request: (key, draw) => waiting.set(key, draw), cancel: (key) => waiting.delete(key) };
    const { container } = render(
      <DrawTurnsContext.Provider value={turns}>
        <Markdown text={"```python\ndef f():\n    return 1\n```"} />
      </DrawTurnsContext.Provider>,
    );
    const code = () => container.querySelector('[data-testid="md-code"]')!;
    // The highlighting is ready: it waits for its turn, the code still plain.
    await waitFor(() => expect(waiting.size).toBe(1), { timeout: 10_000 });
    expect(code().getAttribute("data-highlighted")).toBe("false");
    act(() => [...waiting.values()][0]!());
    expect(code().getAttribute("data-highlighted")).toBe("true");
    expect(code().querySelectorAll("span.hl-keyword").length).toBeGreaterThan(0);
  });

  it("decodes entities and keeps text literal", () => {
    const { container } = render(<Markdown text={"Fish &amp; chips &lt;b&gt; 5 > 3"} />);
    expect(container.textContent).toBe("Fish & chips <b> 5 > 3");
  });
});
