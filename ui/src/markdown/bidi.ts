// Characters in model output that act instead of showing: shown instead of obeyed.
//
// The bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) reorder the
// text around them on screen ("Trojan Source"): an answer could show one thing and mean, or copy
// as, another. They become a visible mark naming the code point. The marks LRM, RLM and ALM are
// left alone: right-to-left languages use them, and they reorder nothing by themselves.
// C0 controls (but newline and tab), DEL and C1 controls — terminal escapes, a carriage return,
// a NUL — would show as empty boxes or nothing: they become the Unicode control pictures (ESC as
// ␛), DEL ␡, C1 �, as the CLI shows them (cli/src/terminal.rs).

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const HIDDEN = /[\u202A-\u202E\u2066-\u2069\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

function shown(c: string): string {
  const code = c.codePointAt(0)!;
  if (code < 0x20) return String.fromCodePoint(0x2400 + code);
  if (code === 0x7f) return "\u2421";
  if (code <= 0x9f) return "\ufffd";
  return `⟨U+${code.toString(16).toUpperCase()}⟩`;
}

/** `text` with each bidi control shown as `⟨U+202E⟩` and each other control as its picture. */
export function showBidi(text: string): string {
  HIDDEN.lastIndex = 0;
  if (!HIDDEN.test(text)) return text;
  HIDDEN.lastIndex = 0;
  return text.replace(HIDDEN, shown);
}
