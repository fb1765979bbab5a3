// A formula drawn with KaTeX (loaded with its stylesheet on the first formula, its own chunk).
//
// Invariants (the TeX is untrusted text from a model):
// - KaTeX builds DOM nodes itself (`katex.render`: createElement, styles through CSSOM, which
//   `style-src 'self'` allows); no HTML string is parsed. `trust: false` refuses `\href`,
//   `\url`, `\includegraphics`, `\html…`; `maxSize` and `maxExpand` bound what a hostile formula
//   can make KaTeX build.
// - A formula KaTeX cannot read, or one holding a bidi control, is shown as its source (code
//   text, controls made visible), with KaTeX's reason in its title: nothing is lost.
// - The element KaTeX draws into has no React children: React never reconciles inside it.
// - Memoized by its source: a formula in a stable block, or in a streaming tail whose source
//   did not change, is drawn once.
import { memo, useLayoutEffect, useRef, useState } from "react";

import { showBidi } from "./bidi";

type Katex = typeof import("katex").default;

let katex: Katex | null = null;
let loading: Promise<Katex> | null = null;

function loadKatex(): Promise<Katex> {
  loading ??= Promise.all([import("katex"), import("katex/dist/katex.min.css")]).then(([m]) => (katex = m.default));
  return loading;
}

const OPTIONS = {
  throwOnError: true,
  trust: false,
  strict: "ignore",
  // Ems: `\rule{1000em}{1000em}` or `\Huge` stacks cannot cover the window.
  maxSize: 20,
  // Macro expansions: `\def\a{\a\a}\a` stops here instead of hanging the page.
  maxExpand: 500,
  output: "htmlAndMathml",
} as const;

// Bidi embedding, override and isolate controls: shown (bidi.ts), so not fed to KaTeX.
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;

export const MathTex = memo(function MathTex({ tex, raw, display }: { tex: string; raw: string; display: boolean }) {
  const ref = useRef<HTMLElement>(null);
  const [failed, setFailed] = useState<{ tex: string; why: string } | null>(() => (BIDI.test(tex) ? { tex, why: "holds a text-direction control" } : null));
  const showSource = failed !== null && failed.tex === tex;
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || showSource) return;
    let live = true;
    const draw = (k: Katex) => {
      if (!live) return;
      try {
        k.render(tex, el, { ...OPTIONS, displayMode: display });
        el.dataset.rendered = "true";
      } catch (e) {
        setFailed({ tex, why: e instanceof Error ? e.message : String(e) });
      }
    };
    if (katex) draw(katex);
    else {
      // Until KaTeX has loaded (the first formula of the session), the source is shown.
      el.textContent = raw;
      loadKatex().then(draw, (e: unknown) => live && setFailed({ tex, why: `KaTeX did not load: ${String(e)}` }));
    }
    return () => {
      live = false;
    };
  }, [tex, raw, display, showSource]);
  if (showSource)
    return (
      <code className="md-math-source" data-testid="md-math-source" title={`Shown as written: this formula could not be drawn (${failed.why})`}>
        {showBidi(raw)}
      </code>
    );
  return display ? (
    <span ref={ref} className="md-math md-math-display" data-testid="md-math" />
  ) : (
    <span ref={ref} className="md-math" data-testid="md-math" />
  );
});
