// The `{{variables}}` table: one column per variable found in the prompt, its variants and the
// system prompt (found as the person types), one row per set of values. Every row runs every
// variant on every model (the spec's `rows`). Shown only while some variable is in the text.
import { Plus, X } from "lucide-react";

import { Button } from "../../../kit";
import { useDraft, useDraftStore } from "./draftStore";
import { addRow, removeRow, setCell, tableRows } from "./variables";

export function VariablesTable({ names, missing }: { names: string[]; missing: { row: number; name: string } | null }) {
  const store = useDraftStore();
  const rows = useDraft((s) => s.rows);
  if (names.length === 0) return null;
  const table = tableRows(rows, names);
  const set = (next: typeof rows) => store.setState({ rows: next });
  return (
    <section className="compose-section" aria-label="Variables" data-testid="variables">
      <div className="compose-section-head">
        <strong>Variables</strong>
        <span className="muted small">
          {table.length} row{table.length === 1 ? "" : "s"}: each row runs every prompt on every model
        </span>
        <span className="spacer" />
        <Button size="sm" variant="ghost" onClick={() => set(addRow(rows, names))} data-testid="variable-add-row">
          <Plus size={12} aria-hidden /> Row
        </Button>
      </div>
      <div className="variables-scroll">
        <table className="variables-table">
          <thead>
            <tr>
              <th aria-label="Row" />
              {names.map((n) => (
                <th key={n} scope="col">{`{{${n}}}`}</th>
              ))}
              <th aria-label="Remove" />
            </tr>
          </thead>
          <tbody>
            {table.map((r, i) => (
              <tr key={i} data-testid="variable-row">
                <td className="muted small num">{i + 1}</td>
                {names.map((n) => (
                  <td key={n}>
                    <input
                      aria-label={`${n}, row ${i + 1}`}
                      value={r[n]}
                      onChange={(e) => set(setCell(rows, names, i, n, e.target.value))}
                      aria-invalid={missing?.row === i && missing.name === n ? true : undefined}
                      data-testid={`variable-${n}-${i}`}
                    />
                  </td>
                ))}
                <td>
                  <button type="button" className="variant-icon" aria-label={`Remove row ${i + 1}`} onClick={() => set(removeRow(rows, names, i))} data-testid={`variable-remove-${i}`}>
                    <X size={12} aria-hidden />
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
