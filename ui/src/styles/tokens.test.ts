// Both themes stay readable: every text colour token on every background it is used on meets
// WCAG 2.x AA for normal text (contrast ratio ≥ 4.5:1). The values are parsed from
// tokens.css, the one source of the colours; the formula is WCAG's, written out here.
import { describe, expect, it } from "vitest";

import css from "./tokens.css?raw";


function block(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`tokens.css has no ${selector} block`);
  const body = css.slice(start, css.indexOf("}", start));
  return Object.fromEntries([...body.matchAll(/--([a-z0-9-]+):\s*(#[0-9a-f]{6});/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]));
}

/** WCAG 2.x relative luminance of an sRGB colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) =>
    c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4,
  );
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const SURFACES = ["bg", "surface", "surface-2", "surface-3"];
/** Text token → the backgrounds it is drawn on (tinted ones beside their own colour). */
const PAIRS: [string, string[]][] = [
  ["text", [...SURFACES, "accent-soft", "ok-soft", "bad-soft", "warn-soft"]],
  ["text-muted", SURFACES],
  ["accent-text", [...SURFACES, "accent-soft"]],
  ["on-accent", ["accent"]],
  ["ok-text", [...SURFACES, "ok-soft"]],
  ["bad-text", [...SURFACES, "bad-soft"]],
  ["warn-text", [...SURFACES, "warn-soft"]],
  ["mark-text", ["mark-bg"]],
  // Highlighted code, on its block's background (markdown.css).
  ...["keyword", "function", "constant", "string", "string-expression", "comment", "parameter", "deleted"].map((k): [string, string[]] => [`code-${k}`, ["surface-2"]]),
];

describe("the formula", () => {
  it("gives WCAG's known values", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#ffffff", "#ffffff")).toBe(1);
    // #767676 on white is the well-known lightest grey that passes AA: 4.54:1.
    expect(contrast("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
  });
});

for (const theme of ["light", "dark"]) {
  describe(`the ${theme} theme`, () => {
    const t = block(theme === "light" ? ':root[data-theme="light"]' : ':root[data-theme="dark"]');
    it("defines every token the checks need", () => {
      for (const [fg, bgs] of PAIRS) for (const name of [fg, ...bgs]) expect(t[name], `--${name}`).toMatch(/^#[0-9a-f]{6}$/);
    });
    for (const [fg, bgs] of PAIRS) {
      for (const bg of bgs) {
        it(`--${fg} on --${bg} is at least 4.5:1`, () => {
          const ratio = contrast(t[fg]!, t[bg]!);
          expect(ratio, `${t[fg]} on ${t[bg]}: ${ratio.toFixed(2)}:1`).toBeGreaterThanOrEqual(4.5);
        });
      }
    }
  });
}
