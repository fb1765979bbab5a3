// "CSV" beside a chart or a table: the numbers shown, saved as a CSV file — to a dated file in
// exports/ beside the database at a click, or where the person chooses ("Save as…"). Says
// where it went, or why it could not.
import { Download } from "lucide-react";
import { useState } from "react";

import type { BackendError } from "../../backend";
import { useServices } from "../../app/services";
import { Button } from "../../kit";

export function SaveCsv({ rows, name, testId }: { rows: () => string[][]; name: string; testId: string }) {
  const { backend } = useServices();
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async (path: string | null) => {
    try {
      const where = await backend.saveTable(rows(), path);
      setSaid({ ok: true, text: `Saved to ${where}` });
    } catch (e) {
      setSaid({ ok: false, text: (e as BackendError).message });
    }
  };
  const saveAs = async () => {
    const path = await backend.chooseSavePath(`parallax-${name}.csv`, { name: "CSV", extensions: ["csv"] });
    if (path) await save(path);
  };
  return (
    <span className="save-csv">
      <Button size="sm" variant="ghost" onClick={() => void save(null)} data-testid={testId} title="Save these numbers as CSV in the exports folder beside the history">
        <Download size={13} aria-hidden /> CSV
      </Button>
      <button type="button" className="link-button small" onClick={() => void saveAs()}>
        Save as…
      </button>
      {said && (
        <span className={said.ok ? "muted small" : "form-error small"} role={said.ok ? "status" : "alert"} data-testid={`${testId}-said`}>
          {said.text}
        </span>
      )}
    </span>
  );
}
