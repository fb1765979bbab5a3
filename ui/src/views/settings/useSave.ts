import { useState } from "react";

import type { Backend, BackendError, SettingsView } from "../../backend";
import { useSettingsMutation } from "../../app/queries";

export interface Status {
  ok: boolean;
  text: string;
}

/** The refusal's words without the setting's key in front (the field it is shown under names it). */
export function fieldMessage(field: string, message: string): string {
  const m = message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
  return m.charAt(0).toUpperCase() + m.slice(1);
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
  const save = (write: (b: Backend) => Promise<SettingsView>, done: string, then?: (next: SettingsView) => void) => {
    setStatus(null);
    setRefused(null);
    m.mutate(write, {
      onSuccess: (next) => {
        setStatus({ ok: true, text: done });
        then?.(next);
      },
      onError: (e) => {
        const err = e as BackendError;
        if (err.field) setRefused({ field: err.field, message: fieldMessage(err.field, err.message) });
        setStatus({ ok: false, text: err.field ? "Not saved: see the message above." : err.message });
      },
    });
  };
  /** The refusal of this field's value, if the last save was refused for it. */
  const fieldError = (field: string) => (refused?.field === field ? refused.message : null);
  /** Forgets what the last save said (the person changed something since). */
  const clear = () => {
    setStatus(null);
    setRefused(null);
  };
  return { save, status, pending: m.isPending, fieldError, refusedField: refused?.field ?? null, clear };
}
