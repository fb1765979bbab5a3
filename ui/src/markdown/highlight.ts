// Code highlighting, off the streaming path and off the page's thread.
//
// Owns: the highlighting worker's life (started on the first closed code block, ended after
// IDLE_MS without a request, which returns Shiki's grammars and caches — tens of MB — to the
// system) and the requests waiting on it.
// Invariants:
// - Output is runs of text with class names (shiki.ts), rendered by React, never an HTML
//   string: nothing is injected, nothing to sanitize; the colours are the app's CSS.
// - Under tests (jsdom has no Worker) Shiki runs on the page (shiki.ts). A built app has no such
//   fallback, so the grammars are bundled once (the worker's): were the worker to fail, code
//   would stay plain, as for a language not on the list.
import type { Language } from "./languages";
import type { CodeRuns } from "./shiki";

export { languageOf } from "./languages";
export type { CodeRuns };

/** Shiki on the page: tests only (see the invariants). */
const onPage = (code: string, lang: Language): Promise<CodeRuns> =>
  import.meta.env.PROD ? Promise.reject(new Error("no highlighting worker")) : import("./shiki").then((m) => m.tokensOf(code, lang));

/** A worker with nothing to do for this long is ended (its memory returned). */
const IDLE_MS = 30_000;

let worker: Worker | null = null;
let broken = false;
let nextId = 1;
let idleTimer: ReturnType<typeof setTimeout> | null = null;
const waiting = new Map<number, { resolve: (r: CodeRuns) => void; reject: (e: Error) => void; code: string; lang: Language }>();

/** Where highlighting runs, for tests and the bench (`window.__parallaxHighlighter`). */
export function highlighterKind(): "worker" | "page" | "none yet" {
  return worker ? "worker" : broken ? "page" : "none yet";
}

function stopWhenIdle() {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    if (waiting.size > 0) return stopWhenIdle();
    worker?.terminate();
    worker = null;
  }, IDLE_MS);
}

function startWorker(): Worker | null {
  if (worker || broken) return worker;
  if (typeof Worker === "undefined") {
    broken = true;
    return null;
  }
  try {
    worker = new Worker(new URL("./highlight.worker.ts", import.meta.url), { type: "module", name: "highlight" });
  } catch {
    broken = true;
    return null;
  }
  worker.onmessage = (e: MessageEvent<{ id: number; runs?: CodeRuns; error?: string }>) => {
    const w = waiting.get(e.data.id);
    if (!w) return;
    waiting.delete(e.data.id);
    if (e.data.runs) w.resolve(e.data.runs);
    else w.reject(new Error(e.data.error ?? "highlighting failed"));
  };
  // A worker that cannot load: what it was asked is done on the page (tests) or left plain.
  worker.onerror = () => {
    worker?.terminate();
    worker = null;
    broken = true;
    const left = [...waiting.values()];
    waiting.clear();
    for (const w of left) onPage(w.code, w.lang).then(w.resolve, w.reject);
  };
  (globalThis as { __parallaxHighlighter?: () => string }).__parallaxHighlighter = highlighterKind;
  return worker;
}

/** Runs of `code` in `lang` (from `languageOf`), each with its class names (shiki.ts). */
export function highlight(code: string, lang: Language): Promise<CodeRuns> {
  const w = startWorker();
  if (!w) return onPage(code, lang);
  stopWhenIdle();
  return new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject, code, lang });
    w.postMessage({ id, code, lang });
  });
}
