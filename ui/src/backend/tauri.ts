// The Backend inside the real app: the commands generated from Rust (./commands.ts, which calls
// through ./call.ts) plus preferences through tauri-plugin-store. Only src/backend imports
// @tauri-apps (eslint.config.js enforces it).
import { load, type Store } from "@tauri-apps/plugin-store";

import * as commands from "./commands";
import type { Backend, PrefsStorage } from "./types";

/** preferences.json in the app's config directory, saved after every change. */
function tauriPrefs(): PrefsStorage {
  let store: Promise<Store> | null = null;
  const open = () => (store ??= load("preferences.json", { autoSave: false, defaults: {} }));
  return {
    async load() {
      const s = await open();
      return Object.fromEntries(await s.entries());
    },
    async set(key, value) {
      const s = await open();
      await s.set(key, value);
      await s.save();
    },
  };
}

export const tauriBackend: Backend = {
  ...commands,
  kind: "tauri",
  prefs: tauriPrefs(),
};
