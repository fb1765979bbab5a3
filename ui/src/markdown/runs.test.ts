// Highlighted code as runs: as few elements as the colours need (shiki.ts, `runsOf`). The tokens
// are written by hand in the shape Shiki gives them for its CSS-variables theme.
import { describe, expect, it } from "vitest";

import { runsOf, tokensOf } from "./shiki";

const kw = (content: string) => ({ content, color: "var(--hl-token-keyword)", fontStyle: 0 });
const fn = (content: string) => ({ content, color: "var(--hl-token-function)", fontStyle: 0 });
const plain = (content: string) => ({ content, color: "var(--hl-foreground)", fontStyle: 0 });
const punct = (content: string) => ({ content, color: "var(--hl-token-punctuation)", fontStyle: -1 });

describe("runsOf", () => {
  it("draws the default colour and punctuation as bare text, one run per change of colour", () => {
    expect(runsOf([[kw("fn"), plain(" "), fn("main"), punct("("), punct(")"), plain(" "), punct("{}")]])).toEqual([
      ["fn ", "hl-keyword"],
      ["main", "hl-function"],
      ["() {}", ""],
    ]);
  });

  it("joins lines with a newline, which stays in the run before it", () => {
    expect(
      runsOf([
        [kw("let"), plain(" x = "), kw("true")],
        [kw("let"), plain(" y")],
        [],
        [plain("z")],
      ]),
    ).toEqual([
      ["let", "hl-keyword"],
      [" x = ", ""],
      ["true\nlet", "hl-keyword"],
      [" y\n\nz", ""],
    ]);
  });

  it("keeps italic, bold and underline as classes of their own, and never underlines a blank after a link", () => {
    const comment = { content: "// note", color: "var(--hl-token-comment)", fontStyle: 1 };
    const link = { content: "https://a.example", color: "var(--hl-token-link)", fontStyle: 4 };
    expect(runsOf([[comment], [link, plain("  "), link]])).toEqual([
      ["// note\n", "hl-comment hl-i"],
      ["https://a.example", "hl-link hl-u"],
      ["  ", ""],
      ["https://a.example", "hl-link hl-u"],
    ]);
  });

  it("gives an unknown colour no class (a theme's colour the app has none for is drawn plain)", () => {
    expect(runsOf([[{ content: "x", color: "#ff0000", fontStyle: 0 }, { content: "y", color: "var(--hl-ansi-red)", fontStyle: 0 }]])).toEqual([["xy", ""]]);
  });
});

describe("tokensOf (Shiki itself)", () => {
  it("gives Rust's keywords, functions and string literals their kinds, with the code's text unchanged", async () => {
    const code = 'fn main() {\n    let s = "hi";\n}';
    const runs = await tokensOf(code, "rust");
    expect(runs.map(([t]) => t).join("")).toBe(code);
    expect(runs).toContainEqual(["fn ", "hl-keyword"]);
    expect(runs).toContainEqual(["main", "hl-function"]);
    // (Shiki's CSS-variables theme gives quoted strings the "string-expression" colour.)
    expect(runs).toContainEqual(['"hi"', "hl-string-expression"]);
    // Far fewer runs than tokens: no element for blanks or the default colour.
    expect(runs.length).toBeLessThan(12);
  });
});
