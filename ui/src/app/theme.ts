// Puts the chosen theme on <html data-theme="light|dark">, resolving "system" from
// prefers-color-scheme and following it live. The colours are in styles/tokens.css.
import type { Theme } from "./prefs";

const query = () => (typeof window !== "undefined" && window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null);

export const systemPrefersDark = () => query()?.matches ?? false;

export const resolveTheme = (t: Theme): "light" | "dark" => (t === "system" ? (query()?.matches ? "dark" : "light") : t);

export function applyTheme(t: Theme, root: HTMLElement = document.documentElement): "light" | "dark" {
  const resolved = resolveTheme(t);
  root.dataset.theme = resolved;
  root.dataset.themeSetting = t;
  return resolved;
}

/** Calls `onChange` when the system switches between light and dark; returns the unsubscribe. */
export function watchSystemTheme(onChange: () => void): () => void {
  const q = query();
  if (!q) return () => {};
  q.addEventListener("change", onChange);
  return () => q.removeEventListener("change", onChange);
}

/** light → dark → light; from "system", to the opposite of what shows now. */
export const toggledTheme = (t: Theme): Theme => (resolveTheme(t) === "dark" ? "light" : "dark");
