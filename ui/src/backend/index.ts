// The UI's door to the core. `loadBackend` picks the real app (inside Tauri) or the in-memory
// fake (a plain browser: `npm run dev`; component tests build their own with `createFakeBackend`).
// Only this folder imports @tauri-apps (tauri.ts and the command functions generated for it);
// the rest of the UI sees the `Backend` interface (types.ts).
import type { Backend } from "./types";

export { BackendError } from "./errors";
export type { Backend, OnEvent, PrefsStorage } from "./types";
export type * from "./bindings";


export const inTauri = () => typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;

/** The app's backend; loaded on demand so the fake's catalog never ships in the app's main chunk. */
export async function loadBackend(): Promise<Backend> {
  if (inTauri()) return (await import("./tauri")).tauriBackend;
  const { createFakeBackend } = await import("./fake");
  return createFakeBackend({ persistTo: window.localStorage, delayScale: 1 });
}
