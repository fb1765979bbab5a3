// A fenced code block: plain while its fence is open, highlighted once it closes.
//
// Invariants: highlighting starts only for a closed fence, runs once per (code, language) and
// never blocks the stream (Shiki is loaded and run asynchronously); until it lands, and for a
// language not on the list, the code is plain text.
import { Check, Copy } from "lucide-react";
import { useEffect, useMemo, useState } from "react";

import { showBidi } from "./bidi";
import { useDrawTurns } from "./drawTurns";
import { highlight, languageOf, type CodeRuns } from "./highlight";

export function CodeBlock({ code: raw, lang, closed }: { code: string; lang: string | undefined; closed: boolean }) {
  // Bidi controls shown, not obeyed, in what is displayed and in what "Copy" copies: code that
  // reads one way and compiles another is the attack (bidi.ts).
  const code = useMemo(() => showBidi(raw), [raw]);
  const id = languageOf(lang);
  const [done, setDone] = useState<{ code: string; runs: CodeRuns } | null>(null);
  const [copied, setCopied] = useState(false);
  // In answer columns, the highlighting is drawn at this block's turn (drawTurns.ts).
  const turns = useDrawTurns();
  const [key] = useState(() => ({}));
  useEffect(() => {
    if (!closed || !id) return;
    let live = true;
    highlight(code, id).then(
      (runs) => {
        if (!live) return;
        if (turns) turns.request(key, () => live && setDone({ code, runs }));
        else setDone({ code, runs });
      },
      () => {}, // a grammar that fails to load leaves the code plain
    );
    return () => {
      live = false;
      turns?.cancel(key);
    };
  }, [closed, id, code, turns, key]);
  const runs = done && done.code === code ? done.runs : null;
  const copy = () => {
    void navigator.clipboard?.writeText(code).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1200);
    });
  };
  return (
    <div className="md-code" data-testid="md-code" data-lang={id ?? lang ?? ""} data-highlighted={runs ? "true" : "false"}>
      <div className="md-code-head">
        <span>{lang || "code"}</span>
        {closed && (
          <button type="button" className="md-code-copy" onClick={copy} aria-label="Copy the code" title="Copy the code">
            {copied ? <Check size={12} aria-hidden /> : <Copy size={12} aria-hidden />}
          </button>
        )}
      </div>
      <pre>
        <code>
          {runs
            ? runs.map(([text, kind], i) =>
                kind ? (
                  <span key={i} className={kind}>
                    {text}
                  </span>
                ) : (
                  text
                ),
              )
            : code}
        </code>
      </pre>
    </div>
  );
}
