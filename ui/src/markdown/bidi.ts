// Bidirectional-text controls in model output, shown instead of obeyed.
//
// The embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) reorder the text
// around them on screen ("Trojan Source"): an answer could show one thing and mean, or copy as,
// another. They are replaced by a visible mark naming the code point. The marks LRM, RLM and
// ALM are left alone: right-to-left languages use them, and they reorder nothing by themselves.

const CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** `text` with each bidi control shown as `⟨U+202E⟩`. */
export function showBidi(text: string): string {
  if (!CONTROLS.test(text)) return text;
  CONTROLS.lastIndex = 0;
  return text.replace(CONTROLS, (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase()}⟩`);
}
