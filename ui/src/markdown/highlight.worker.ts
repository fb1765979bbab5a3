// The highlighting worker: Shiki off the page's thread. A closed code block's highlighting (tens
// of milliseconds in JavaScriptCore for a long block, more for the first of a language) no longer
// takes a frame from sixteen streaming columns.
//
// Protocol: the page posts `{ id, code, lang }`; the worker answers `{ id, runs }` or
// `{ id, error }`, one answer per request, in any order; `runs` as the page draws them (shiki.ts).
import type { Language } from "./languages";
import { tokensOf } from "./shiki";

interface Ask {
  id: number;
  code: string;
  lang: Language;
}

self.onmessage = (e: MessageEvent<Ask>) => {
  const { id, code, lang } = e.data;
  tokensOf(code, lang).then(
    (runs) => self.postMessage({ id, runs }),
    (err: unknown) => self.postMessage({ id, error: String(err) }),
  );
};
