import { useEffect, useState } from "react";

import {
  backend,
  type BackendError,
  type EndpointView,
  type KeyView,
  type ProviderKind,
  type ProviderView,
  type SettingSource,
  type SettingsView as Settings,
} from "../backend";
import { formatUsd } from "../format";

const SOURCE_TEXT: Record<SettingSource, string> = {
  environment: "from the environment, which overrides the saved value",
  database: "saved in Parallax's settings (shared with the parallax CLI)",
  default: "the default",
};

type Apply = (p: Promise<Settings>, done: string) => void;

function KeyRow({ k, keychain, onSave, onRemove }: { k: KeyView; keychain: boolean; onSave: (key: string) => void; onRemove: () => void }) {
  const [value, setValue] = useState("");
  return (
    <div className="key-row">
      <span className="key-status" data-testid="key-status">
        {k.source === "none" && "No key."}
        {k.source === "environment" && <>Key <code>{k.masked}</code> from <code>{k.env_var}</code>.</>}
        {k.source === "keychain" && <>Key <code>{k.masked}</code> from the OS keychain.</>}
      </span>
      {keychain && (
        <>
          <input type="password" autoComplete="off" placeholder="Paste a key" value={value} onChange={(e) => setValue(e.target.value)} />
          <button type="button" disabled={!value.trim()} onClick={() => { onSave(value); setValue(""); }}>
            Save to keychain
          </button>
          {k.source === "keychain" && (
            <button type="button" className="secondary" onClick={onRemove}>
              Remove
            </button>
          )}
        </>
      )}
    </div>
  );
}

function ProviderSection({ p, keychain, apply }: { p: ProviderView; keychain: boolean; apply: Apply }) {
  const [url, setUrl] = useState(p.saved_base_url ?? "");
  const kind: ProviderKind = p.kind;
  return (
    <section className="provider" data-testid={`provider-${kind}`}>
      <h3>{p.name}</h3>
      <p className="muted small">
        In use: <code data-testid="base-url-in-use">{p.base_url}</code> — {SOURCE_TEXT[p.base_url_source]}
        {p.base_url_env && <> (<code>{p.base_url_env}</code>)</>}.
      </p>
      <div className="row">
        <input type="url" placeholder={p.default_base_url} value={url} onChange={(e) => setUrl(e.target.value)} aria-label={`${p.name} base URL`} />
        <button type="button" onClick={() => apply(backend.setBaseUrl(kind, url), `${p.name} base URL saved.`)}>
          Save
        </button>
        <button type="button" className="secondary" onClick={() => { setUrl(""); apply(backend.setBaseUrl(kind, null), `${p.name} is back to its default URL.`); }}>
          Reset
        </button>
      </div>
      {p.needs_key ? (
        <KeyRow
          k={p.key}
          keychain={keychain}
          onSave={(key) => apply(backend.saveApiKey(kind, null, key), `${p.name} key saved in the OS keychain.`)}
          onRemove={() => apply(backend.deleteApiKey(kind, null), `${p.name} key removed.`)}
        />
      ) : (
        <p className="muted small">No key needed.</p>
      )}
    </section>
  );
}

function EndpointRow({ e, keychain, apply }: { e: EndpointView; keychain: boolean; apply: Apply }) {
  return (
    <li className="endpoint" data-testid={`endpoint-${e.name}`}>
      <div className="row">
        <strong>{e.name}</strong>
        <code>{e.base_url}</code>
        {e.headers.length > 0 && <span className="muted small">headers: {e.headers.map(([k]) => k).join(", ")}</span>}
        <span className="spacer" />
        <button type="button" className="secondary" onClick={() => apply(backend.removeEndpoint(e.name), `Endpoint ${e.name} removed.`)}>
          Remove
        </button>
      </div>
      <KeyRow
        k={e.key}
        keychain={keychain}
        onSave={(key) => apply(backend.saveApiKey("compatible", e.name, key), `Key for ${e.name} saved.`)}
        onRemove={() => apply(backend.deleteApiKey("compatible", e.name), `Key for ${e.name} removed.`)}
      />
    </li>
  );
}

function AddEndpoint({ apply }: { apply: Apply }) {
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [headers, setHeaders] = useState("");
  const parsed = headers
    .split("\n")
    .map((l) => l.split(":"))
    .filter((kv) => kv.length >= 2 && kv[0]?.trim())
    .map((kv): [string, string] => [kv[0]!.trim(), kv.slice(1).join(":").trim()]);
  return (
    <form
      className="add-endpoint"
      onSubmit={(ev) => {
        ev.preventDefault();
        apply(backend.saveEndpoint({ name: name.trim(), base_url: url.trim(), headers: parsed }), `Endpoint ${name} saved.`);
      }}
    >
      <div className="row">
        <input placeholder="name (lmstudio)" value={name} onChange={(e) => setName(e.target.value)} data-testid="endpoint-name" />
        <input type="url" placeholder="http://127.0.0.1:1234/v1" value={url} onChange={(e) => setUrl(e.target.value)} data-testid="endpoint-url" />
        <button type="submit" data-testid="endpoint-add">Add endpoint</button>
      </div>
      <textarea rows={2} placeholder="Optional extra headers, one per line: X-Team: ml (not for secrets: use the key)" value={headers} onChange={(e) => setHeaders(e.target.value)} />
    </form>
  );
}

function Cache({ s, apply }: { s: Settings; apply: Apply }) {
  const [minutes, setMinutes] = useState(s.cache_ttl_seconds ? String(s.cache_ttl_seconds / 60) : "");
  const seconds = minutes.trim() === "" ? null : Math.round(Number(minutes) * 60);
  return (
    <section className="provider" data-testid="cache">
      <h3>Answer cache</h3>
      <p className="muted small">
        Off unless set. When on, an identical request (same provider, model, prompt and parameters) answered within this
        many minutes is shown again at once, marked “cached”, at no cost. Never used when you ask for repeats.
      </p>
      <div className="row">
        <label className="small">Minutes</label>
        <input inputMode="numeric" placeholder="off" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        <button type="button" onClick={() => apply(backend.setCacheTtl(seconds), seconds ? "Cache on." : "Cache off.")}>
          Save
        </button>
      </div>
    </section>
  );
}

function Budgets({ s, apply }: { s: Settings; apply: Apply }) {
  const [perComparison, setPerComparison] = useState(s.budget_per_comparison_usd?.toString() ?? "");
  const [daily, setDaily] = useState(s.budget_daily_usd?.toString() ?? "");
  const parse = (v: string) => (v.trim() === "" ? null : Number(v));
  return (
    <section className="provider" data-testid="budgets">
      <h3>Budgets</h3>
      <p className="muted small">
        A comparison that could cost more than a cap (every answer running to its output limit) is refused before
        anything is sent; one that reaches its cap while running is stopped. Spent today (UTC): {formatUsd(s.spent_today_usd)}.
      </p>
      <div className="row">
        <label className="small">Per comparison, USD</label>
        <input inputMode="decimal" placeholder="no cap" value={perComparison} onChange={(e) => setPerComparison(e.target.value)} data-testid="budget-per-comparison" />
        <label className="small">Per day, USD</label>
        <input inputMode="decimal" placeholder="no cap" value={daily} onChange={(e) => setDaily(e.target.value)} data-testid="budget-daily" />
        <button type="button" onClick={() => apply(backend.setBudget(parse(perComparison), parse(daily)), "Budgets saved.")}>
          Save
        </button>
      </div>
    </section>
  );
}

export function SettingsView({ dataDir, onChanged }: { dataDir: string; onChanged: () => void }) {
  const [s, setS] = useState<Settings | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    backend.getSettings().then(setS, (e: BackendError) => setMessage({ ok: false, text: e.message }));
  }, []);

  const apply: Apply = (p, done) =>
    p.then(
      (next) => {
        setS(next);
        setMessage({ ok: true, text: done });
        onChanged();
      },
      (e: BackendError) => setMessage({ ok: false, text: e.message }),
    );

  if (!s) return <div className="settings muted">{message?.text ?? "Loading…"}</div>;

  return (
    <div className="settings" data-testid="settings">
      {message && (
        <p className={message.ok ? "ok" : "form-error"} role="status" data-testid="settings-message">
          {message.text}
        </p>
      )}
      {!s.keychain_available && (
        <div className="notice" data-testid="keychain-unavailable">
          <p>No OS keychain is available on this machine, so Parallax cannot store keys.</p>
          <p className="muted small">
            Start Parallax with the provider's key variable set in its environment instead (for example{" "}
            <code>OPENROUTER_API_KEY</code>).{s.keychain_message && <> Reason: {s.keychain_message}.</>}
          </p>
        </div>
      )}
      <h2>Providers</h2>
      {s.providers.map((p) => (
        <ProviderSection key={`${p.kind}-${p.saved_base_url ?? ""}`} p={p} keychain={s.keychain_available} apply={apply} />
      ))}
      <h2>Custom OpenAI-compatible endpoints</h2>
      <p className="muted small">
        LM Studio, llama.cpp, vLLM, Groq, Together… Pick their models in Compare, or use <code>name:model</code> with the CLI.
      </p>
      <ul className="endpoints">
        {s.endpoints.map((e) => (
          <EndpointRow key={e.name} e={e} keychain={s.keychain_available} apply={apply} />
        ))}
      </ul>
      <AddEndpoint apply={apply} />
      <p className="muted small">Keys are never shown again after saving, and never written to the history database or logs.</p>
      <Budgets s={s} apply={apply} />
      <Cache s={s} apply={apply} />
      <h2>Data</h2>
      <p className="muted">
        History database: <code>{dataDir}</code> (set <code>PARALLAX_DATA_DIR</code> to use another folder).
      </p>
    </div>
  );
}
