import type { AppErrorCode } from "./bindings/AppErrorCode";

/** A command failed. `code` is stable (branch on it); `message` is for people. */
export class BackendError extends Error {
  readonly code: AppErrorCode | "ipc";
  /** The field the refusal belongs to (a setting's key, `api_key`, `base_url`, `name`), to show it there. */
  readonly field: string | undefined;
  constructor(code: AppErrorCode | "ipc", message: string, field?: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
}
