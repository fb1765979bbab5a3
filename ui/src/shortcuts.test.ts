import { describe, expect, it } from "vitest";

import { keyParts, matches, SHORTCUTS } from "./shortcuts";

const ev = (key: string, mods: Partial<Record<"ctrlKey" | "metaKey" | "shiftKey" | "altKey", boolean>> = {}) => ({
  key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods,
});

describe("the shortcut map", () => {
  it("matches Mod as Ctrl or ⌘, and Shift exactly", () => {
    expect(matches(ev("k", { ctrlKey: true }), "Mod+K")).toBe(true);
    expect(matches(ev("k", { metaKey: true }), "Mod+K")).toBe(true);
    expect(matches(ev("k"), "Mod+K")).toBe(false);
    expect(matches(ev("K", { ctrlKey: true, shiftKey: true }), "Mod+K")).toBe(false);
    expect(matches(ev("L", { ctrlKey: true, shiftKey: true }), "Mod+Shift+L")).toBe(true);
    expect(matches(ev("1", { ctrlKey: true, altKey: true }), "Mod+1")).toBe(false);
  });

  it("matches ? however Shift was needed to type it", () => {
    expect(matches(ev("?", { shiftKey: true }), "?")).toBe(true);
    expect(matches(ev("?"), "?")).toBe(true);
    expect(matches(ev("/"), "?")).toBe(false);
  });

  it("names keys as the platform does", () => {
    expect(keyParts("Mod+Shift+L", false)).toEqual(["Ctrl", "Shift", "L"]);
    expect(keyParts("Mod+K", true)).toEqual(["⌘", "K"]);
    expect(keyParts("Escape", false)).toEqual(["Esc"]);
  });

  it("gives every shortcut its own keys", () => {
    const keys = SHORTCUTS.map((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
    expect(SHORTCUTS.filter((s) => /^go-/.test(s.id)).map((s) => s.keys)).toEqual(["Mod+1", "Mod+2", "Mod+3", "Mod+4", "Mod+5"]);
  });
});
