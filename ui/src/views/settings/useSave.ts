import { useState } from "react";

import type { Backend, BackendError, SettingsView } from "../../backend";
import { useSettingsMutation } from "../../app/queries";

export interface Status {
  ok: boolean;
  text: string;
}

/**
 * One form's save: the new settings go into the cache; what happened is said where the person
 * is looking — a refused value next to its field (the error names it), anything else beside the
 * form's button.
 */
export function useSave() {
  const m = useSettingsMutation();
  const [status, setStatus] = useState<Status | null>(null);
  const [refused, setRefused] = useState<{ field: string; message: string } | null>(null);
  const save = (write: (b: Backend) => Promise<SettingsView>, done: string, then?: () => void) => {
    setStatus(null);
    setRefused(null);
    m.mutate(write, {
      onSuccess: () => {
        setStatus({ ok: true, text: done });
        then?.();
      },
      onError: (e) => {
        const err = e as BackendError;
        if (err.field) setRefused({ field: err.field, message: err.message });
        setStatus({ ok: false, text: err.field ? "Not saved: see above." : err.message });
      },
    });
  };
  /** The refusal of this field's value, if the last save was refused for it. */
  const fieldError = (field: string) => (refused?.field === field ? refused.message : null);
  return { save, status, pending: m.isPending, fieldError };
}
