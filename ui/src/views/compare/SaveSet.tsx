// "Save picks as set…": the picked models, with the default parameters they would be sent with,
// saved under a name (`@name` in the CLI, a palette entry and Settings → Defaults in the app).
import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";

import type { BackendError, Target } from "../../backend";
import { qk } from "../../app/queries";
import { useBackend } from "../../app/services";
import { Button, Dialog, Field, InlineStatus } from "../../kit";

export function SaveSetButton({ targets }: { targets: Target[] }) {
  const backend = useBackend();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [error, setError] = useState<{ field: string | undefined; message: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const save = async () => {
    setError(null);
    setPending(true);
    try {
      await backend.saveModelSet(name.trim(), targets);
      void client.invalidateQueries({ queryKey: qk.modelSets });
      setDone(`Saved as @${name.trim()}.`);
      setOpen(false);
      setName("");
    } catch (e) {
      const err = e as BackendError;
      setError({ field: err.field, message: err.message });
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <Button size="sm" variant="ghost" disabled={targets.length === 0} onClick={() => (setDone(null), setOpen(true))} data-testid="save-set">
        Save picks as set…
      </Button>
      <InlineStatus status={done ? { ok: true, text: done } : null} testId="save-set-done" />
      <Dialog open={open} onOpenChange={setOpen} title="Save the picked models as a set" description={`${targets.length} model${targets.length === 1 ? "" : "s"}, with the default parameters new comparisons use. Pick them again from the palette, or use @name with the CLI.`} initialFocus={input} testId="save-set-dialog">
        <form
          className="dialog-body"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Field label="Name" hint="Letters, digits, '-', '_' or '.'" error={error ? error.message : null}>
            <input ref={input} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. frontier" data-testid="save-set-name" spellCheck={false} />
          </Field>
          <ul className="dialog-list small muted">
            {targets.map((t, i) => (
              <li key={i}>{t.provider && t.provider !== "openrouter" ? `${t.provider === "compatible" ? t.endpoint : t.provider}:${t.model}` : t.model}</li>
            ))}
          </ul>
          <div className="dialog-actions">
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={pending || !name.trim()} data-testid="save-set-confirm">
              Save set
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
