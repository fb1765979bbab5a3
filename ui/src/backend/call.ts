// The one place a command is invoked: every generated function in ./commands.ts goes through
// here, so a Rust error always arrives as a BackendError with its stable code (and the field
// it belongs to, when a value was refused).
import { invoke } from "@tauri-apps/api/core";

import type { AppError } from "./bindings";
import { BackendError } from "./errors";

function isAppError(e: unknown): e is AppError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

export async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    if (isAppError(e)) throw new BackendError(e.code, e.message, e.field);
    throw new BackendError("ipc", String(e));
  }
}
