import { useState } from "react";

import type { KeyView, ProviderKind, ProviderView, SettingSource, SettingsView } from "../../backend";
import { Button, Field, InlineStatus } from "../../kit";
import { useSave, type Status } from "./useSave";

const SOURCE_TEXT: Record<SettingSource, string> = {
  environment: "from the environment, which overrides the saved value",
  database: "saved in Parallax's settings (shared with the parallax CLI)",
  default: "the default",
};

export function KeyRow({ k, keychain, onSave, onRemove, status }: { k: KeyView; keychain: boolean; onSave: (key: string) => void; onRemove: () => void; status: Status | null }) {
  const [value, setValue] = useState("");
  return (
    <div className="key-row">
      <span className="key-status" data-testid="key-status">
        {k.source === "none" && "No key."}
        {k.source === "environment" && (
          <>
            Key <code>{k.masked}</code> from <code>{k.env_var}</code>.
          </>
        )}
        {k.source === "keychain" && (
          <>
            Key <code>{k.masked}</code> from the OS keychain.
          </>
        )}
      </span>
      {keychain && (
        <>
          <input type="password" autoComplete="off" placeholder="Paste a key" aria-label="API key" value={value} onChange={(e) => setValue(e.target.value)} />
          <Button
            disabled={!value.trim()}
            onClick={() => {
              onSave(value);
              setValue("");
            }}
          >
            Save to keychain
          </Button>
          {k.source === "keychain" && <Button onClick={onRemove}>Remove</Button>}
        </>
      )}
      <InlineStatus status={status} testId="settings-message" />
    </div>
  );
}

function ProviderCard({ p, keychain }: { p: ProviderView; keychain: boolean }) {
  const [url, setUrl] = useState(p.saved_base_url ?? "");
  const urlSave = useSave();
  const keySave = useSave();
  const kind: ProviderKind = p.kind;
  const urlKey = `${kind}.base_url`;
  return (
    <section className="card provider" data-testid={`provider-${kind}`}>
      <h3>{p.name}</h3>
      <p className="muted small">
        In use: <code data-testid="base-url-in-use">{p.base_url}</code> — {SOURCE_TEXT[p.base_url_source]}
        {p.base_url_env && (
          <>
            {" "}
            (<code>{p.base_url_env}</code>)
          </>
        )}
        .
      </p>
      <div className="row align-end">
        <Field label="Base URL" error={urlSave.fieldError(urlKey)} className="grow">
          <input type="url" placeholder={p.default_base_url} value={url} onChange={(e) => setUrl(e.target.value)} />
        </Field>
        <Button onClick={() => urlSave.save((b) => b.setSettings([{ key: urlKey, value: url }]), `${p.name} base URL saved.`)} disabled={urlSave.pending}>
          Save
        </Button>
        <Button
          onClick={() => {
            setUrl("");
            urlSave.save((b) => b.setSettings([{ key: urlKey }]), `${p.name} is back to its default URL.`);
          }}
        >
          Reset
        </Button>
      </div>
      <InlineStatus status={urlSave.status} testId="settings-message" />
      {p.needs_key ? (
        <KeyRow
          k={p.key}
          keychain={keychain}
          status={keySave.status}
          onSave={(key) => keySave.save((b) => b.saveApiKey(kind, null, key), `${p.name} key saved in the OS keychain.`)}
          onRemove={() => keySave.save((b) => b.deleteApiKey(kind, null), `${p.name} key removed.`)}
        />
      ) : (
        <p className="muted small">No key needed.</p>
      )}
    </section>
  );
}

export function ProvidersSection({ s }: { s: SettingsView }) {
  return (
    <>
      {!s.keychain_available && (
        <div className="card notice" data-testid="keychain-unavailable">
          <p>No OS keychain is available on this machine, so Parallax cannot store keys.</p>
          <p className="muted small">
            Start Parallax with the provider's key variable set in its environment instead (for example <code>OPENROUTER_API_KEY</code>).
            {s.keychain_message && <> Reason: {s.keychain_message}.</>}
          </p>
        </div>
      )}
      {s.providers.map((p) => (
        <ProviderCard key={p.kind} p={p} keychain={s.keychain_available} />
      ))}
      <p className="muted small">Keys are never shown again after saving, and never written to the history database or logs.</p>
    </>
  );
}
