// Data: where the history lives and how big it is; a backup (a consistent copy of the database),
// an export of everything (JSON Lines), an import (all or nothing) and clearing the history
// (asked first, with a backup offered and ticked). Paths come from the native dialogs or are
// typed/pasted; every result — the path written, how many, or why not — is said in its card.
import { useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";

import type { BackendError } from "../../backend";
import { invalidateHistory, qk, useAppInfo, useDataInfo } from "../../app/queries";
import { useBackend } from "../../app/services";
import { formatBytes, formatCount } from "../../format";
import { Button, Confirm, cx } from "../../kit";

type Outcome = { ok: true; body: ReactNode } | { ok: false; message: string } | null;

function Result({ outcome, testId }: { outcome: Outcome; testId: string }) {
  if (!outcome) return null;
  return outcome.ok ? (
    <p className="data-result ok" role="status" data-testid={testId}>
      {outcome.body}
    </p>
  ) : (
    <p className="data-result bad" role="alert" data-testid={testId} data-error="true">
      {outcome.message}
    </p>
  );
}

/** Runs one data action at a time per card, keeping its outcome. */
function useAction() {
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [pending, setPending] = useState<string | null>(null);
  const run = async (which: string, action: () => Promise<ReactNode | undefined>) => {
    setPending(which);
    setOutcome(null);
    try {
      const body = await action();
      if (body !== undefined) setOutcome({ ok: true, body });
    } catch (e) {
      setOutcome({ ok: false, message: (e as BackendError).message });
    } finally {
      setPending(null);
    }
  };
  return { outcome, pending, run, setOutcome };
}

const stamp = () => new Date().toISOString().slice(0, 10);
const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

function Where() {
  const app = useAppInfo();
  const info = useDataInfo();
  const backend = useBackend();
  const d = info.data;
  return (
    <section className="card" data-testid="data-where">
      <h3>Where your history lives</h3>
      <dl className="facts">
        <dt>Folder</dt>
        <dd>
          <code data-testid="data-dir">{d?.data_dir ?? app.data?.data_dir ?? "…"}</code>
        </dd>
        <dt>Database</dt>
        <dd>
          <code data-testid="data-db-path">{d?.database_path ?? "…"}</code>
        </dd>
        <dt>Size</dt>
        <dd className="num" data-testid="data-size" title={d ? `${formatCount(d.database_bytes)} bytes, with its write-ahead log` : undefined}>
          {d ? formatBytes(d.database_bytes) : "…"}
        </dd>
        <dt>Comparisons</dt>
        <dd className="num" data-testid="data-count">
          {d ? formatCount(d.comparisons) : "…"}
        </dd>
        <dt>Logs</dt>
        <dd>
          <code data-testid="data-logs">{d?.log_dir ?? "…"}</code>
          <span className="hint"> One file a day (app.log…, cli.log…), no keys or answers in them: attach the latest to a bug report. Set <code>PARALLAX_LOG=debug</code> for more detail.</span>
        </dd>
      </dl>
      {info.error && (
        <p className="form-error" role="alert">
          {(info.error as BackendError).message}
        </p>
      )}
      {app.data?.database_error && <p className="form-error">{app.data.database_error.message}</p>}
      <p className="muted small">
        Set <code>PARALLAX_DATA_DIR</code> to keep it in another folder. The <code>parallax</code> CLI reads and writes the same history; settings,
        aliases and model sets live there too (keys do not: they stay in the OS keychain).
      </p>
      {backend.kind === "fake" && <p className="muted small">This window runs on the in-memory fake backend (a browser, not the app): nothing is saved to disk.</p>}
    </section>
  );
}

function Backup() {
  const backend = useBackend();
  const client = useQueryClient();
  const { outcome, pending, run } = useAction();
  const done = (path: string) => {
    void client.invalidateQueries({ queryKey: qk.dataInfo });
    return (
      <>
        Backed up to <code data-testid="backup-path">{path}</code>
      </>
    );
  };
  return (
    <section className="card" data-testid="data-backup">
      <h3>Back up</h3>
      <p className="muted small">
        A consistent copy of the whole database (history, settings, aliases, sets), safe while comparisons run. It opens like any Parallax
        database: point <code>PARALLAX_DATA_DIR</code> at a folder holding it as <code>parallax.db</code>.
      </p>
      <div className="row">
        <Button variant="primary" disabled={pending !== null} onClick={() => void run("now", async () => done(await backend.backupDatabase()))} data-testid="backup-now">
          {pending === "now" ? "Backing up…" : "Back up now"}
        </Button>
        <Button
          disabled={pending !== null}
          onClick={() =>
            void run("to", async () => {
              const path = await backend.chooseSavePath(`parallax-backup-${stamp()}.db`, { name: "SQLite database", extensions: ["db"] });
              return path === null ? undefined : done(await backend.backupDatabase(path));
            })
          }
          data-testid="backup-to"
        >
          Back up to…
        </Button>
        <span className="muted small">“Back up now” writes a dated file in the backups folder beside the database.</span>
      </div>
      <Result outcome={outcome} testId="backup-result" />
    </section>
  );
}

function Export() {
  const backend = useBackend();
  const { outcome, pending, run } = useAction();
  const done = (s: { path: string; comparisons: number }) => (
    <>
      Exported {plural(s.comparisons, "comparison")} to <code data-testid="export-path">{s.path}</code>
    </>
  );
  return (
    <section className="card" data-testid="data-export">
      <h3>Export everything</h3>
      <p className="muted small">
        Every comparison with every field, as JSON Lines (one comparison per line): what Import reads back, and what a script or a spreadsheet
        can read. Keys are never in it.
      </p>
      <div className="row">
        <Button variant="primary" disabled={pending !== null} onClick={() => void run("now", async () => done(await backend.exportHistory()))} data-testid="export-now">
          {pending === "now" ? "Exporting…" : "Export everything"}
        </Button>
        <Button
          disabled={pending !== null}
          onClick={() =>
            void run("to", async () => {
              const path = await backend.chooseSavePath(`parallax-export-${stamp()}.jsonl`, { name: "JSON Lines", extensions: ["jsonl"] });
              return path === null ? undefined : done(await backend.exportHistory(path));
            })
          }
          data-testid="export-to"
        >
          Export to…
        </Button>
        <span className="muted small">“Export everything” writes a dated file in the exports folder beside the database.</span>
      </div>
      <Result outcome={outcome} testId="export-result" />
    </section>
  );
}

function Import() {
  const backend = useBackend();
  const client = useQueryClient();
  const [path, setPath] = useState("");
  const { outcome, pending, run } = useAction();
  const importFrom = (p: string) =>
    run("import", async () => {
      const n = await backend.importHistory(p);
      invalidateHistory(client);
      setPath("");
      return <>Imported {plural(n, "comparison")}. They are in History.</>;
    });
  return (
    <section className="card" data-testid="data-import">
      <h3>Import</h3>
      <p className="muted small">
        A JSON export of one comparison, or JSON Lines of many (what Export writes). All or nothing: if one comparison cannot be read, or is
        already in this history, nothing is imported.
      </p>
      <form
        className="row align-start"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim()) void importFrom(path.trim());
        }}
      >
        <div className="field grow">
          <label className="field-label" htmlFor="import-path">
            File
          </label>
          <input
            id="import-path"
            placeholder="Paste a path, e.g. /home/you/parallax-export.jsonl"
            value={path}
            spellCheck={false}
            onChange={(e) => setPath(e.target.value)}
            aria-invalid={outcome && !outcome.ok ? true : undefined}
            data-testid="import-path"
          />
        </div>
        <div className="row field-buttons">
          <Button type="submit" variant="primary" disabled={pending !== null || !path.trim()} data-testid="import-run">
            {pending === "import" ? "Importing…" : "Import"}
          </Button>
          <Button
            disabled={pending !== null}
            onClick={() =>
              void run("choose", async () => {
                const chosen = await backend.chooseOpenPath({ name: "Parallax export", extensions: ["jsonl", "json"] });
                if (chosen === null) return undefined;
                setPath(chosen);
                await importFrom(chosen);
                return undefined;
              })
            }
            data-testid="import-choose"
          >
            Choose a file…
          </Button>
        </div>
      </form>
      <Result outcome={outcome} testId="import-result" />
    </section>
  );
}

function Clear() {
  const backend = useBackend();
  const client = useQueryClient();
  const info = useDataInfo();
  const count = info.data?.comparisons ?? null;
  const [open, setOpen] = useState(false);
  const [backupFirst, setBackupFirst] = useState(true);
  const { outcome, pending, run, setOutcome } = useAction();
  const confirm = () =>
    void run("clear", async () => {
      let backup: string | null = null;
      if (backupFirst) {
        try {
          backup = await backend.backupDatabase();
        } catch (e) {
          // No backup, no clearing: the person asked for one first.
          setOpen(false);
          setOutcome({ ok: false, message: `Nothing was deleted: the backup failed. ${(e as BackendError).message}` });
          return undefined;
        }
      }
      const n = await backend.clearHistory();
      setOpen(false);
      invalidateHistory(client);
      return (
        <>
          Deleted {plural(n, "comparison")}.
          {backup ? (
            <>
              {" "}
              The backup is at <code data-testid="clear-backup-path">{backup}</code>.
            </>
          ) : (
            " No backup was made."
          )}
        </>
      );
    });
  return (
    <section className="card danger-zone" data-testid="data-clear">
      <h3>Clear history</h3>
      <p className="muted small">
        Deletes every comparison and its answers, notes, tags and votes. Settings, keys, custom endpoints, saved catalogs, aliases and model sets
        stay.
      </p>
      <div className="row">
        <Button variant="danger" disabled={pending !== null || count === 0} onClick={() => (setOutcome(null), setBackupFirst(true), setOpen(true))} data-testid="clear-history">
          Clear history…
        </Button>
        {count === 0 && <span className="muted small">History is empty.</span>}
      </div>
      <Result outcome={outcome} testId="clear-result" />
      <Confirm
        open={open}
        onOpenChange={setOpen}
        title={count === null ? "Delete every comparison?" : `Delete all ${plural(count, "comparison")}?`}
        description="This cannot be undone in Parallax. The backup is a copy of the whole database: keep it to open the history again later."
        confirm={pending === "clear" ? "Deleting…" : backupFirst ? "Back up, then delete" : `Delete ${count === null ? "everything" : plural(count, "comparison")}`}
        danger
        pending={pending !== null}
        onConfirm={confirm}
        testId="clear-dialog"
      >
        <label className={cx("check-row", "emphasis")}>
          <input type="checkbox" checked={backupFirst} onChange={(e) => setBackupFirst(e.target.checked)} data-testid="clear-backup" />
          Back up first (a dated copy in the backups folder beside the database)
        </label>
      </Confirm>
    </section>
  );
}

export function DataSection() {
  return (
    <>
      <Where />
      <Backup />
      <Export />
      <Import />
      <Clear />
    </>
  );
}
