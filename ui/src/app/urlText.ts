// A text box whose value is URL state (a search a person would link to), answered at the speed
// of typing: each keystroke updates this hook's own state, which the view filters on at once;
// the URL is written once typing pauses. A router navigation per keystroke cost a frame or two
// of every keystroke in the Prices table (BENCHMARKS.md, "The Prices table with 1,000 models").
//
// Invariants: a URL changed from outside (back, forward, a link, the palette) replaces the
// text; the URL this hook wrote itself never does (a late write must not undo newer typing);
// leaving the view within the pause drops the last write (navigating then would pull the
// person back).
import { useEffect, useState } from "react";

export const URL_TEXT_PAUSE_MS = 250;

export function useUrlText(url: string | undefined, write: (value: string | undefined) => void, pauseMs = URL_TEXT_PAUSE_MS): [string, (value: string) => void] {
  const [text, setText] = useState(url ?? "");
  const [seen, setSeen] = useState(url);
  const [written, setWritten] = useState(url);
  if (url !== seen) {
    // Adjusting state while rendering (React's documented pattern for "state from a prop").
    setSeen(url);
    if (url !== written) {
      setWritten(url);
      setText(url ?? "");
    }
  }
  useEffect(() => {
    const value = text || undefined;
    if (value === written) return;
    const id = setTimeout(() => {
      setWritten(value);
      write(value);
    }, pauseMs);
    return () => clearTimeout(id);
    // `write` is a fresh closure on every render of most callers; the text is what matters.
  }, [text]); // eslint-disable-line react-hooks/exhaustive-deps
  return [text, setText];
}
