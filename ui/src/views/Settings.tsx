import { useEffect, useState } from "react";

import { backend, type BackendError, type SettingSource, type SettingsView as Settings } from "../backend";

const SOURCE_TEXT: Record<SettingSource, string> = {
  environment: "from the OPENROUTER_BASE_URL environment variable, which overrides the saved value",
  database: "saved in Parallax's settings (shared with the parallax CLI)",
  default: "the default",
};

export function SettingsView({ dataDir, onChanged }: { dataDir: string; onChanged: () => void }) {
  const [s, setS] = useState<Settings | null>(null);
  const [baseUrl, setBaseUrl] = useState("");
  const [key, setKey] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const apply = (next: Settings, text?: string) => {
    setS(next);
    setBaseUrl(next.saved_base_url ?? "");
    if (text) setMessage({ ok: true, text });
    onChanged();
  };
  const fail = (e: BackendError) => setMessage({ ok: false, text: e.message });

  useEffect(() => {
    backend.getSettings().then((v) => {
      setS(v);
      setBaseUrl(v.saved_base_url ?? "");
    }, fail);
  }, []);

  if (!s) return <div className="settings muted">{message?.text ?? "Loading…"}</div>;

  return (
    <div className="settings" data-testid="settings">
      <section>
        <h2>OpenRouter endpoint</h2>
        <p className="muted">
          In use: <code data-testid="base-url-in-use">{s.base_url}</code> — {SOURCE_TEXT[s.base_url_source]}.
        </p>
        <div className="row">
          <input
            type="url"
            placeholder={s.default_base_url}
            value={baseUrl}
            onChange={(e) => setBaseUrl(e.target.value)}
            data-testid="base-url-input"
          />
          <button type="button" onClick={() => backend.setBaseUrl(baseUrl).then((v) => apply(v, "Base URL saved."), fail)}>
            Save
          </button>
          <button type="button" className="secondary" onClick={() => backend.setBaseUrl(null).then((v) => apply(v, "Back to the default."), fail)}>
            Reset
          </button>
        </div>
        <p className="muted small">Any OpenRouter-compatible API; include the API path (…/api/v1).</p>
      </section>

      <section>
        <h2>API key</h2>
        <p data-testid="key-status">
          {s.key_source === "none" && "No key set."}
          {s.key_source === "environment" && (
            <>Using <code>{s.key_masked}</code> from the OPENROUTER_API_KEY environment variable.</>
          )}
          {s.key_source === "keychain" && (
            <>Using <code>{s.key_masked}</code> from the OS keychain.</>
          )}
        </p>
        {s.keychain_available ? (
          <div className="row">
            <input type="password" autoComplete="off" placeholder="sk-or-v1-…" value={key} onChange={(e) => setKey(e.target.value)} />
            <button type="button" onClick={() => backend.saveApiKey(key).then((v) => { setKey(""); apply(v, "Key saved in the OS keychain."); }, fail)}>
              Save to keychain
            </button>
            {s.key_source === "keychain" && (
              <button type="button" className="secondary" onClick={() => backend.deleteApiKey().then((v) => apply(v, "Key removed."), fail)}>
                Remove
              </button>
            )}
          </div>
        ) : (
          <div className="notice" data-testid="keychain-unavailable">
            <p>No OS keychain is available on this machine, so Parallax cannot store a key.</p>
            <p className="muted small">
              Start Parallax with <code>OPENROUTER_API_KEY</code> set in its environment instead.
              {s.keychain_message && <> Reason: {s.keychain_message}.</>}
            </p>
          </div>
        )}
        <p className="muted small">Keys are never shown again after saving, and never written to the history database or logs.</p>
      </section>

      {message && (
        <p className={message.ok ? "ok" : "form-error"} role="status" data-testid="settings-message">
          {message.text}
        </p>
      )}

      <section>
        <h2>Data</h2>
        <p className="muted">
          History database: <code>{dataDir}</code> (set <code>PARALLAX_DATA_DIR</code> to use another folder).
        </p>
      </section>
    </div>
  );
}
