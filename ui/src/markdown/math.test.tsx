// Math in answers: which dollars are formulas, KaTeX drawing them, hostile TeX kept harmless,
// and a formula that is still being written shown as its source until it closes.
import { render, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { BlockSplitter } from "./blocks";
import { Markdown } from "./Markdown";
import { plainTextOf } from "./plainText";
import { lexMarkdown } from "./math";

/** The math tokens of `src`, anywhere in the tree, as `[display?, tex]`. */
function formulas(src: string): [boolean, string][] {
  const out: [boolean, string][] = [];
  const walk = (ts: unknown[] | undefined) => {
    for (const t of (ts ?? []) as { type: string; text?: string; display?: boolean; tokens?: unknown[]; items?: { tokens: unknown[] }[] }[]) {
      if (t.type === "mathInline" || t.type === "mathBlock") out.push([Boolean(t.display), t.text!]);
      walk(t.tokens);
      for (const it of t.items ?? []) walk(it.tokens);
    }
  };
  walk(lexMarkdown(src));
  return out;
}

describe("where math is", () => {
  it("reads $…$, \\(…\\), $$…$$ and \\[…\\] as formulas", () => {
    expect(formulas("Energy: $E = mc^2$.")).toEqual([[false, "E = mc^2"]]);
    expect(formulas("Inline \\(a_1 + b_2\\) here")).toEqual([[false, "a_1 + b_2"]]);
    expect(formulas("The sum:\n\n$$\n\\sum_{i=1}^n i = \\frac{n(n+1)}{2}\n$$\n\nDone.")).toEqual([[true, "\\sum_{i=1}^n i = \\frac{n(n+1)}{2}"]]);
    expect(formulas("So\n\\[\nx = \\sqrt{2}\n\\]\nand more")).toEqual([[true, "x = \\sqrt{2}"]]);
    expect(formulas("In a line $$x^2$$ shown apart")).toEqual([[true, "x^2"]]);
  });

  it("keeps prices and other dollars as text", () => {
    for (const text of [
      "It costs $5 and $10 per month.",
      "Pricing: $0.50/M in, $2/M out.",
      "From $5-$10.",
      "A dollar sign alone: $",
      "Escaped \\$x\\$ is not math.",
      "`$x$` in code is code.",
      "$ x$ has a space after the opening dollar.",
    ])
      expect(formulas(text), text).toEqual([]);
  });

  it("does not let underscores inside a formula become emphasis", () => {
    const [p] = lexMarkdown("where $a_1$ and $b_2$ differ");
    const types = (p as unknown as { tokens: { type: string }[] }).tokens.map((t) => t.type);
    expect(types).toEqual(["text", "mathInline", "text", "mathInline", "text"]);
  });

  it("ends a formula at a blank line: a stray $$ does not swallow the answer", () => {
    expect(formulas("$$ is how some write money\n\nA paragraph.\n\nMore $$")).toEqual([]);
  });

  it("leaves an open $$ as text while it streams, a formula once closed", () => {
    const s = new BlockSplitter();
    const open = s.push("Look:\n\n$$\n\\frac{a}{");
    expect(open.blocks.map((b) => b.token.type)).toEqual(["paragraph", "paragraph"]);
    expect(open.blocks[1]!.raw).toContain("$$");
    const closed = s.push("Look:\n\n$$\n\\frac{a}{b}\n$$\n");
    expect(closed.blocks.map((b) => b.token.type)).toEqual(["paragraph", "mathBlock"]);
  });
});

describe("drawing a formula", () => {
  it("draws inline and display math with KaTeX", async () => {
    const { container } = render(<Markdown text={"Energy $E = mc^2$ and\n\n$$\n\\frac{1}{2}\n$$\n"} />);
    await waitFor(() => expect(container.querySelectorAll("[data-rendered='true']")).toHaveLength(2));
    const [inline, display] = [...container.querySelectorAll("[data-testid='md-math']")];
    expect(inline!.querySelector(".katex")).not.toBeNull();
    expect(inline!.querySelector(".katex-display")).toBeNull();
    expect(display!.querySelector(".katex-display")).not.toBeNull();
    // The MathML half carries the formula for screen readers (and for copy): E = mc².
    expect(inline!.querySelector("annotation")!.textContent).toBe("E = mc^2");
    expect(container.querySelector("p")!.textContent).toContain("Energy");
  });

  it("copies as text with each formula once, as its TeX (not KaTeX's two drawings run together)", async () => {
    const md = "## Title\n\nEnergy $E = mc^2$ here.\n\n$$\n\\frac{1}{2}\n$$\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nx = 1\n```\n\nEnd.";
    const { container } = render(<Markdown text={md} />);
    await waitFor(() => expect(container.querySelectorAll("[data-rendered='true']")).toHaveLength(2));
    expect(plainTextOf(container)).toBe("Title\n\nEnergy E = mc^2 here.\n\n\\frac{1}{2}\n\none\ntwo\n\na\tb\n1\t2\n\nx = 1\n\nEnd.");
  });

  it("shows a formula KaTeX cannot read as its source, with the reason", async () => {
    const { container } = render(<Markdown text={"Broken: $\\frac{a}{$ and \\(\\undefinedcommand{x}\\)"} />);
    await waitFor(() => expect(container.querySelectorAll("[data-testid='md-math-source']")).toHaveLength(2));
    const [frac, undef] = [...container.querySelectorAll("[data-testid='md-math-source']")];
    expect(frac!.textContent).toBe("$\\frac{a}{$");
    expect(undef!.textContent).toBe("\\(\\undefinedcommand{x}\\)");
    expect(undef!.getAttribute("title")).toMatch(/could not be drawn.*undefinedcommand/);
    expect(container.querySelector("[data-rendered='true']")).toBeNull();
  });

  it("keeps hostile TeX harmless: no links, no HTML, no runaway sizes or expansions", async () => {
    const hostile = [
      "$\\href{javascript:alert(1)}{click}$",
      "$\\url{javascript:alert(1)}$",
      "$\\htmlClass{x}{y}$",
      "$\\htmlStyle{position:fixed;inset:0}{z}$",
      "$\\includegraphics{https://example.com/x.png}$",
      "$\\def\\a{\\a\\a}\\a$",
      "$\\rule{100000em}{100000em}$",
    ];
    const { container } = render(<Markdown text={hostile.join("\n\n")} />);
    await waitFor(() => expect(container.querySelectorAll("[data-rendered='true'], [data-testid='md-math-source']")).toHaveLength(hostile.length));
    expect(container.querySelector("a")).toBeNull();
    expect(container.querySelector("img")).toBeNull();
    for (const el of container.querySelectorAll<HTMLElement>("[style]")) {
      expect(el.style.position).not.toBe("fixed");
      const em = /^([\d.]+)em$/.exec(el.style.height || el.style.width || "0em");
      expect(Number(em?.[1] ?? 0)).toBeLessThanOrEqual(20);
    }
    // The macro bomb and the links are refused, shown as their source.
    const sources = [...container.querySelectorAll("[data-testid='md-math-source']")].map((e) => e.textContent);
    expect(sources).toEqual(expect.arrayContaining(["$\\def\\a{\\a\\a}\\a$"]));
  });

  it("shows a formula holding a bidi control as its source, the control visible", () => {
    const { container } = render(<Markdown text={"$x \u202E y$"} />);
    expect(container.querySelector("[data-testid='md-math-source']")!.textContent).toBe("$x ⟨U+202E⟩ y$");
  });
});
