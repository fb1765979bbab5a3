import { useCallback, useEffect, useState } from "react";

import { backend, type AppInfo, type BackendError } from "./backend";
import { CompareView } from "./views/Compare";
import { HistoryView } from "./views/History";
import { SettingsView } from "./views/Settings";

type Tab = "compare" | "history" | "settings";

export function App() {
  const [tab, setTab] = useState<Tab>("compare");
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [historyKey, setHistoryKey] = useState(0);
  const [settingsVersion, setSettingsVersion] = useState(0);
  const bumpHistory = useCallback(() => setHistoryKey((k) => k + 1), []);
  const [movedTo, setMovedTo] = useState<string | null>(null);
  const [moveError, setMoveError] = useState<string | null>(null);

  useEffect(() => {
    backend.appInfo().then(setInfo, () => setInfo(null));
  }, []);

  // The old file is renamed beside the new one, never deleted: said in the button's title and
  // after the move.
  const moveAside = () =>
    backend.moveDatabaseAside().then(
      (path) => {
        setMovedTo(path);
        setMoveError(null);
        bumpHistory();
        return backend.appInfo().then(setInfo);
      },
      (e: BackendError) => setMoveError(e.message),
    );

  const open = (t: Tab) => {
    // History is re-read whenever it is opened, so runs from the CLI show up too.
    if (t === "history") bumpHistory();
    setTab(t);
  };

  const tabButton = (t: Tab, label: string) => (
    <button type="button" className={tab === t ? "tab active" : "tab"} onClick={() => open(t)} data-testid={`tab-${t}`}>
      {label}
    </button>
  );

  return (
    <div className="app">
      <nav className="topbar">
        <span className="brand">
          <span className="logo" aria-hidden="true" />
          Parallax
        </span>
        {tabButton("compare", "Compare")}
        {tabButton("history", "History")}
        {tabButton("settings", "Settings")}
        <span className="spacer" />
        {info && <span className="muted small">v{info.version}</span>}
      </nav>
      {info?.database_error && (
        <div className="banner" role="alert" data-testid="database-error">
          <strong>History is unavailable.</strong> {info.database_error.message}
          {info.database_error.code === "database_corrupt" && (
            <>
              {" "}
              <button
                type="button"
                className="banner-action"
                data-testid="move-database-aside"
                title="Renames the unreadable file beside it (it is kept, never deleted) and starts an empty history."
                onClick={() => void moveAside()}
              >
                Move it aside and start a fresh history
              </button>
            </>
          )}
          {moveError && <div data-testid="move-database-error">{moveError}</div>}
        </div>
      )}
      {movedTo && !info?.database_error && (
        <div className="banner banner-ok" role="status" data-testid="database-moved">
          A fresh history was started. The unreadable file was kept as <code>{movedTo}</code>.
        </div>
      )}
      <main>
        {/* Views stay mounted so a running comparison keeps streaming while you look elsewhere. */}
        <div hidden={tab !== "compare"} className="view">
          <CompareView settingsVersion={settingsVersion} onSaved={bumpHistory} />
        </div>
        <div hidden={tab !== "history"} className="view">
          <HistoryView refreshKey={historyKey} />
        </div>
        <div hidden={tab !== "settings"} className="view">
          {tab === "settings" && (
            <SettingsView
              dataDir={info?.data_dir ?? ""}
              onChanged={() => setSettingsVersion((v) => v + 1)}
            />
          )}
        </div>
      </main>
    </div>
  );
}
