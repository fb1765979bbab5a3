// The session of one comparison: its title, tags and a note (saved as they are left), export as
// Markdown, JSON or CSV to a file (a typed path, the save dialog, or a dated file in exports/
// beside the database, as Settings → Data does), and the metrics copied as a Markdown table.
// Invariant: while blind and not revealed, nothing here can export or copy (both name models).
import { useQueryClient } from "@tanstack/react-query";
import { FileDown } from "lucide-react";
import { useState } from "react";

import type { BackendError, ComparisonRecord, ExportFormat, SlotRecord } from "../../../backend";
import { qk } from "../../../app/queries";
import { useServices } from "../../../app/services";
import { Button, Dialog, Field, InlineStatus } from "../../../kit";
import { metricsTable } from "./votes";

const FORMATS: { format: ExportFormat; label: string; ext: string }[] = [
  { format: "markdown", label: "Markdown (to read or paste)", ext: "md" },
  { format: "json", label: "JSON (every field; Import reads it back)", ext: "json" },
  { format: "csv", label: "CSV (one row per answer)", ext: "csv" },
];

export function SessionButton({ comparison, slots, hidden, waiting }: { comparison: ComparisonRecord; slots: SlotRecord[]; hidden: boolean; waiting?: string | undefined }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)} data-testid="session-open" disabled={waiting !== undefined} title={waiting ?? "Title, tags, a note, export"}>
        <FileDown size={13} aria-hidden /> Session…
      </Button>
      {open && <SessionDialog comparison={comparison} slots={slots} hidden={hidden} onClose={() => setOpen(false)} />}
    </>
  );
}

function SessionDialog({ comparison, slots, hidden, onClose }: { comparison: ComparisonRecord; slots: SlotRecord[]; hidden: boolean; onClose: () => void }) {
  const { backend } = useServices();
  const client = useQueryClient();
  const [title, setTitle] = useState(comparison.title);
  const [tags, setTags] = useState(comparison.tags.join(", "));
  const [notes, setNotes] = useState(comparison.notes);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [format, setFormat] = useState<ExportFormat>("markdown");
  const [path, setPath] = useState("");
  const [written, setWritten] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const saved = (text: string) => {
    setStatus({ ok: true, text });
    void client.invalidateQueries({ queryKey: qk.comparison(comparison.id) });
    void client.invalidateQueries({ queryKey: qk.history });
  };
  const failed = (e: unknown) => setStatus({ ok: false, text: (e as BackendError).message });
  const saveTitle = () => title !== comparison.title && backend.setTitle(comparison.id, title).then((t) => (setTitle(t), saved("Title saved.")), failed);
  const saveTags = () =>
    backend.setTags(comparison.id, tags.split(",").map((t) => t.trim()).filter(Boolean)).then((t) => (setTags(t.join(", ")), saved("Tags saved.")), failed);
  const saveNotes = () => notes !== comparison.notes && backend.setNotes(comparison.id, notes).then(() => saved("Note saved."), failed);

  const exportTo = async (to: string | null) => {
    setPending(true);
    setWritten(null);
    try {
      const where = await backend.saveComparisonExport(comparison.id, format, to);
      setWritten(where);
      setPath("");
    } catch (e) {
      failed(e);
    } finally {
      setPending(false);
    }
  };
  const choose = async () => {
    const ext = FORMATS.find((f) => f.format === format)!.ext;
    const chosen = await backend.chooseSavePath(`parallax-${comparison.id.slice(0, 8)}.${ext}`, { name: format.toUpperCase(), extensions: [ext] });
    if (chosen) await exportTo(chosen);
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(metricsTable(slots));
      setStatus({ ok: true, text: "Metrics copied as a Markdown table." });
    } catch (e) {
      setStatus({ ok: false, text: `Could not copy: ${String(e)}` });
    }
  };

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title="This comparison" testId="session-dialog">
      <div className="dialog-body session">
        <Field label="Title" hint="Blank: the start of the prompt">
          <input value={title} onChange={(e) => setTitle(e.target.value)} onBlur={() => void saveTitle()} data-testid="session-title" />
        </Field>
        <Field label="Tags" hint="Comma-separated; History filters by them">
          <input value={tags} onChange={(e) => setTags(e.target.value)} onBlur={() => void saveTags()} placeholder="e.g. summaries, prod-candidates" data-testid="session-tags" />
        </Field>
        <Field label="Note">
          <textarea value={notes} maxLength={100000} onChange={(e) => setNotes(e.target.value)} onBlur={() => void saveNotes()} rows={3} data-testid="session-notes" />
        </Field>
        <InlineStatus status={status} testId="session-status" />
        <h3 className="session-h">Export</h3>
        {hidden ? (
          <p className="muted small" data-testid="export-blind">Vote or reveal first: an export names every model.</p>
        ) : (
          <>
            <div className="row">
              <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} aria-label="Export format" data-testid="export-format">
                {FORMATS.map((f) => (
                  <option key={f.format} value={f.format}>
                    {f.label}
                  </option>
                ))}
              </select>
              <Button size="sm" onClick={() => void copy()} data-testid="copy-metrics">
                Copy metrics table
              </Button>
            </div>
            <div className="row">
              <input className="grow" value={path} onChange={(e) => setPath(e.target.value)} placeholder="Path to write (blank: a dated file in exports/ beside the database)" aria-label="Export path" spellCheck={false} data-testid="export-path-input" />
              <Button size="sm" variant="primary" disabled={pending} onClick={() => void exportTo(path.trim() || null)} data-testid="export-now">
                Export
              </Button>
              <Button size="sm" disabled={pending} onClick={() => void choose()} data-testid="export-choose">
                Save as…
              </Button>
            </div>
            {written && (
              <p className="small" role="status">
                Written to <code data-testid="export-written">{written}</code>
              </p>
            )}
          </>
        )}
        <div className="dialog-actions">
          <Button onClick={onClose}>Close</Button>
        </div>
      </div>
    </Dialog>
  );
}
