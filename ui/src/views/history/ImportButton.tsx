// "Import…" in History: a JSON export of one comparison, or JSON Lines of many (what Export and
// a selection's Export write), all or nothing — as Settings → Data and `parallax history import`
// do. A path typed or pasted, or chosen in the system's file dialog.
import { useQueryClient } from "@tanstack/react-query";
import { Upload } from "lucide-react";
import { useState } from "react";

import type { BackendError } from "../../backend";
import { qk } from "../../app/queries";
import { useReadOnly } from "../../app/queries";
import { useServices } from "../../app/services";
import { Button, Popover } from "../../kit";

export function ImportButton() {
  const { backend } = useServices();
  const readOnly = useReadOnly();
  const client = useQueryClient();
  const [path, setPath] = useState("");
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  const importFrom = async (p: string) => {
    setBusy(true);
    try {
      const n = await backend.importHistory(p);
      setSaid({ ok: true, text: `Imported ${n} comparison${n === 1 ? "" : "s"}.` });
      setPath("");
      void client.invalidateQueries({ queryKey: qk.history });
      void client.invalidateQueries({ queryKey: qk.insights });
    } catch (e) {
      setSaid({ ok: false, text: (e as BackendError).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Popover
      trigger={
        <Button size="sm" variant="ghost" data-testid="history-import" disabled={!!readOnly} title={readOnly ? `History is read-only: ${readOnly}` : "Import a JSON export or JSON Lines of many"}>
          <Upload size={14} aria-hidden /> Import
        </Button>
      }
      title="Import comparisons"
      align="end"
    >
      <form
        className="history-import"
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim()) void importFrom(path.trim());
        }}
      >
        <p className="muted small">A JSON export, or JSON Lines of many. All or nothing: if one cannot be read or is already here, nothing is imported.</p>
        <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="Paste a path, e.g. /home/you/parallax-export.jsonl" aria-label="File to import" spellCheck={false} data-testid="history-import-path" />
        <div className="bulk-line">
          <Button size="sm" variant="primary" type="submit" disabled={busy || !path.trim()} data-testid="history-import-run">
            {busy ? "Importing…" : "Import"}
          </Button>
          <Button
            size="sm"
            disabled={busy}
            onClick={async () => {
              const chosen = await backend.chooseOpenPath({ name: "Parallax export", extensions: ["jsonl", "json"] });
              if (chosen) await importFrom(chosen);
            }}
          >
            Choose a file…
          </Button>
        </div>
        {said && (
          <p className={said.ok ? "muted small" : "form-error small"} role={said.ok ? "status" : "alert"} data-testid="history-import-said">
            {said.text}
          </p>
        )}
      </form>
    </Popover>
  );
}
