// The lexer's checks in front of marked's slow rules (precheck.ts) change no token: every sample
// lexes to the same tree as marked alone, and the blocks they guard are still found.
import { Marked, type Token } from "marked";
import { describe, expect, it } from "vitest";

import { lexMarkdown } from "./math";

const marked = new Marked({ gfm: true });
/** A token tree without marked's `links` bag (the same in both; not a token). */
const tree = (src: string): Token[] => JSON.parse(JSON.stringify([...lexMarkdown(src)])) as Token[];
const markedTree = (src: string): Token[] => JSON.parse(JSON.stringify([...marked.lexer(src)])) as Token[];

// Edge cases of each guarded rule (CommonMark 0.31 §4.1 breaks, §4.3 setext, §4.6 HTML, §5.1
// quotes; GFM tables), and prose around them. No `$`: these go through the plain lexer.
const SAMPLES = [
  "Title\n=====\n\nText",
  "Two lines\nof title\n---\n",
  "A paragraph\n\n---\n",
  "***\n---\n___\n",
  " - - -\n",
  "   ***\n    ***\n",
  "Foo\n***\nbar",
  "_ _ _ _ a\n\na------\n\n---a---",
  "- one\n- two\n---\n- three",
  "> quoted\n> ===\n",
  "   > three spaces\n    > four spaces",
  "> a\nlazy line\n\n>",
  "<div>\n*hello*\n</div>\n\nafter",
  "  <!-- a comment -->\ntext",
  "<span>inline</span> starts a paragraph\n",
  "text\n<div>interrupts</div>",
  "    <div>code</div>",
  "| a | b |\n|---|:-:|\n| 1 | 2 |\n",
  "a | b\n--|--\n1 | 2",
  "| only |\n| --- |\nrow",
  "a\n---\nb",
  "a\n:-:\nb",
  "| a | b |\n| - |\n| 1 | 2 |",
  "Header\n|-|\n",
  "one long paragraph that goes on " + "and on ".repeat(400) + "to the end.",
  "## Heading\n\nSome *emphasis*, `code` and a [link](https://example.com).\n\n1. first\n2. second\n\n```js\nconst x = 1;\n```\n\n> note\n\n---\n\n| m | t |\n|:-|-:|\n| x | 1 |\n",
];

describe("the lexer's checks in front of marked's rules", () => {
  it("lex every sample to the same tokens as marked alone", () => {
    for (const src of SAMPLES) expect(tree(src), src).toEqual(markedTree(src));
  });

  it("still find the blocks they guard", () => {
    const types = (src: string) => tree(src).filter((t) => t.type !== "space").map((t) => (t.type === "heading" ? `h${(t as { depth: number }).depth}` : t.type));
    expect(types("Title\n=====\n\nText")).toEqual(["h1", "paragraph"]);
    expect(types("A paragraph\n\n---\n")).toEqual(["paragraph", "hr"]);
    expect(types("   ***\n")).toEqual(["hr"]);
    expect(types("   > quoted")).toEqual(["blockquote"]);
    expect(types("<div>\nx\n</div>")).toEqual(["html"]);
    expect(types("    <div>")).toEqual(["code"]);
    expect(types("a | b\n--|:-\n1 | 2")).toEqual(["table"]);
    expect(types("a\n---\nb")).toEqual(["h2", "paragraph"]);
    const table = tree("| a | b |\n|---|:-:|\n| 1 | 2 |")[0] as { type: string; align: unknown[]; rows: unknown[] };
    expect([table.type, table.align, table.rows.length]).toEqual(["table", [null, "center"], 1]);
  });
});
