// Every keyboard shortcut, in one map: the global handler (app/useShortcuts.ts), the views that
// handle one locally (Ctrl+Enter in the prompt), the command palette (shows each command's keys)
// and the cheat sheet (`?`) all read it, so what is listed is what works.
//
// Keys are written "Mod+Shift+K": Mod is Ctrl (⌘ on a Mac); a single printable key ("?", "/")
// never fires while the person is typing in a field.

export type ShortcutId =
  | "palette"
  | "cheatsheet"
  | "go-compare"
  | "go-prices"
  | "go-history"
  | "go-analytics"
  | "go-settings"
  | "toggle-sidebar"
  | "toggle-theme"
  | "new-comparison"
  | "focus-input"
  | "stop-run"
  | "send"
  | "close";

export interface Shortcut {
  id: ShortcutId;
  keys: string;
  label: string;
  group: "General" | "Go to" | "Compare";
  /** Handled where it applies (a field, a dialog), not by the global handler. */
  local?: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { id: "palette", keys: "Mod+K", label: "Command palette: views, actions, models", group: "General" },
  { id: "cheatsheet", keys: "?", label: "Keyboard shortcuts (this list)", group: "General" },
  { id: "toggle-sidebar", keys: "Mod+B", label: "Collapse or expand the sidebar", group: "General" },
  { id: "toggle-theme", keys: "Mod+Shift+L", label: "Switch between light and dark", group: "General" },
  { id: "focus-input", keys: "/", label: "Focus the prompt, or the view's search field", group: "General" },
  { id: "close", keys: "Escape", label: "Close the palette, a dialog or a menu", group: "General", local: true },
  { id: "go-compare", keys: "Mod+1", label: "Compare", group: "Go to" },
  { id: "go-prices", keys: "Mod+2", label: "Prices", group: "Go to" },
  { id: "go-history", keys: "Mod+3", label: "History", group: "Go to" },
  { id: "go-analytics", keys: "Mod+4", label: "Analytics", group: "Go to" },
  { id: "go-settings", keys: "Mod+5", label: "Settings", group: "Go to" },
  { id: "new-comparison", keys: "Mod+Shift+N", label: "New comparison (clears the prompt and its files, keeps the models)", group: "Compare" },
  { id: "send", keys: "Mod+Enter", label: "Send the prompt (in the prompt or follow-up field)", group: "Compare", local: true },
  { id: "stop-run", keys: "Mod+Shift+X", label: "Stop the running comparison", group: "Compare" },
];

export const shortcut = (id: ShortcutId): Shortcut => SHORTCUTS.find((s) => s.id === id)!;

export const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

/** The keycaps of a combination, as this platform names them. */
export function keyParts(keys: string, mac = isMac()): string[] {
  return keys.split("+").map((k) => {
    if (k === "Mod") return mac ? "⌘" : "Ctrl";
    if (k === "Shift") return mac ? "⇧" : "Shift";
    if (k === "Escape") return "Esc";
    if (k === "Enter") return mac ? "↩" : "Enter";
    return k;
  });
}

/** Whether a keydown is this combination. "?" and "/" match whatever Shift it took to type them. */
export function matches(e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">, keys: string): boolean {
  const parts = keys.split("+");
  const key = parts[parts.length - 1]!;
  const mod = parts.includes("Mod");
  const shift = parts.includes("Shift");
  if (mod !== (e.ctrlKey || e.metaKey) || e.altKey) return false;
  const printable = key.length === 1 && !/[a-z0-9]/i.test(key);
  if (!printable && shift !== e.shiftKey) return false;
  return e.key.toLowerCase() === key.toLowerCase();
}

/** True when the key went to a place where people type, so single keys are text, not commands. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !["checkbox", "radio", "button", "submit", "range"].includes(target.type);
  return false;
}

/** Whether a global shortcut should fire for this keydown. */
export function firesGlobally(s: Shortcut, e: KeyboardEvent): boolean {
  if (s.local || !matches(e, s.keys)) return false;
  const single = !s.keys.includes("Mod");
  return !(single && isTyping(e.target));
}
