// The Backend inside the real app: the commands generated from Rust (./commands.ts, which calls
// through ./call.ts), preferences through tauri-plugin-store, and the native open/save dialogs
// (tauri-plugin-dialog: the capability grants exactly `dialog:allow-open` and
// `dialog:allow-save`). Only src/backend imports @tauri-apps (eslint.config.js enforces it).
import { open, save } from "@tauri-apps/plugin-dialog";
import { load, type Store } from "@tauri-apps/plugin-store";

import * as commands from "./commands";
import type { Backend, Dialogs, FileFilter, PrefsStorage } from "./types";

/** preferences.json in the app's config directory, saved after every change. */
function tauriPrefs(): PrefsStorage {
  let store: Promise<Store> | null = null;
  const openStore = () => (store ??= load("preferences.json", { autoSave: false, defaults: {} }));
  return {
    async load() {
      const s = await openStore();
      return Object.fromEntries(await s.entries());
    },
    async set(key, value) {
      const s = await openStore();
      await s.set(key, value);
      await s.save();
    },
  };
}

const filters = (f: FileFilter | undefined) => (f ? [f] : undefined);

const tauriDialogs: Dialogs = {
  chooseSavePath: (defaultName, filter) => save({ defaultPath: defaultName, filters: filters(filter) }),
  async chooseOpenPath(filter) {
    const chosen = await open({ multiple: false, directory: false, filters: filters(filter) });
    return typeof chosen === "string" ? chosen : null;
  },
};

export const tauriBackend: Backend = {
  ...commands,
  ...tauriDialogs,
  kind: "tauri",
  prefs: tauriPrefs(),
};
