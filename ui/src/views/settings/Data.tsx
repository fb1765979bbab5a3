import { useAppInfo } from "../../app/queries";
import { useBackend } from "../../app/services";

export function DataSection() {
  const info = useAppInfo();
  const backend = useBackend();
  return (
    <section className="card">
      <p>
        History database: <code data-testid="data-dir">{info.data?.data_dir ?? "…"}</code>
      </p>
      <p className="muted small">
        Set <code>PARALLAX_DATA_DIR</code> to use another folder. The <code>parallax</code> CLI reads and writes the same history.
      </p>
      {info.data?.database_error && <p className="form-error">{info.data.database_error.message}</p>}
      {backend.kind === "fake" && <p className="muted small">This window runs on the in-memory fake backend (a browser, not the app): nothing is saved to disk.</p>}
    </section>
  );
}
