// What can be done to several comparisons at once, shown while some are ticked: add a tag,
// export them as one JSON Lines file (Import reads it back), delete them (with undo).
import { useQueryClient } from "@tanstack/react-query";
import { Download, Tag, Trash2, X } from "lucide-react";
import { useState } from "react";

import type { BackendError, HistoryFilter } from "../../backend";
import { qk, useHistoryPages } from "../../app/queries";
import { useReadOnly } from "../../app/queries";
import { useServices } from "../../app/services";
import { Button, IconButton, Popover } from "../../kit";
import { deleteWithUndo } from "./pendingDeletes";

export function BulkBar({ selected, filter, onChange }: { selected: ReadonlySet<string>; filter: HistoryFilter | null; onChange: (s: ReadonlySet<string>) => void }) {
  const { backend } = useServices();
  const readOnly = useReadOnly();
  const client = useQueryClient();
  const pages = useHistoryPages(filter);
  const loaded = pages.data?.pages.flat() ?? [];
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  const [tag, setTag] = useState("");
  const ids = [...selected];
  const n = ids.length;
  const what = `${n} comparison${n === 1 ? "" : "s"}`;

  const addTag = async () => {
    const t = tag.trim();
    if (!t) return;
    try {
      await Promise.all(ids.map((id) => backend.setTags(id, [...(loaded.find((c) => c.id === id)?.tags ?? []), t])));
      setSaid({ ok: true, text: `Tagged ${what} “${t.toLowerCase()}”.` });
      setTag("");
      void client.invalidateQueries({ queryKey: qk.history });
      void client.invalidateQueries({ queryKey: qk.comparisons });
    } catch (e) {
      setSaid({ ok: false, text: (e as BackendError).message });
    }
  };
  const exportThem = async () => {
    try {
      const out = await backend.exportHistory(null, ids);
      setSaid({ ok: true, text: `Exported ${out.comparisons} to ${out.path}` });
    } catch (e) {
      setSaid({ ok: false, text: (e as BackendError).message });
    }
  };

  return (
    <div className="bulk-bar" role="toolbar" aria-label={`${what} selected`} data-testid="bulk-bar">
      <div className="bulk-line">
        <strong className="small" data-testid="bulk-count">
          {n} selected
        </strong>
        {loaded.length > n && (
          <button type="button" className="link-button small" onClick={() => onChange(new Set(loaded.map((c) => c.id)))} data-testid="bulk-all">
            Select the {loaded.length} loaded
          </button>
        )}
        <span className="spacer" />
        <IconButton size="sm" label="Clear the selection" icon={<X size={14} aria-hidden />} onClick={() => onChange(new Set())} />
      </div>
      <div className="bulk-line">
        <Popover
          trigger={
            <Button size="sm" data-testid="bulk-tag" disabled={!!readOnly} title={readOnly ? `History is read-only: ${readOnly}` : undefined}>
              <Tag size={13} aria-hidden /> Tag…
            </Button>
          }
          title={`Add a tag to ${what}`}
        >
          <form
            className="bulk-tag-form"
            onSubmit={(e) => {
              e.preventDefault();
              void addTag();
            }}
          >
            <input autoFocus value={tag} onChange={(e) => setTag(e.target.value)} placeholder="e.g. prod candidates" aria-label="Tag" data-testid="bulk-tag-input" />
            <Button size="sm" variant="primary" type="submit" disabled={!tag.trim()} data-testid="bulk-tag-add">
              Add
            </Button>
          </form>
        </Popover>
        <Button size="sm" onClick={() => void exportThem()} data-testid="bulk-export" title="One JSON Lines file in the exports folder beside the history; Settings → Data → Import reads it back">
          <Download size={13} aria-hidden /> Export
        </Button>
        <Button
          size="sm"
          variant="danger"
          onClick={() => {
            deleteWithUndo(ids, backend, client, what);
            onChange(new Set());
          }}
          data-testid="bulk-delete"
          disabled={!!readOnly}
          title={readOnly ? `History is read-only: ${readOnly}` : undefined}
        >
          <Trash2 size={13} aria-hidden /> Delete
        </Button>
      </div>
      {said && (
        <p className={said.ok ? "muted small" : "form-error small"} role={said.ok ? "status" : "alert"} data-testid="bulk-said">
          {said.text}
        </p>
      )}
    </div>
  );
}
