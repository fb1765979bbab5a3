// Providers & keys: one card per built-in provider — offered in pickers or not, its base URL
// (and which one wins), its key (masked; pasted into the OS keychain, never shown again) and a
// connection test with the key's credit where the provider tells.
import { useRef, useState } from "react";

import type { KeyView, ProviderKind, ProviderView, SettingSource, SettingsView } from "../../backend";
import { Badge, Button, cx, InlineStatus } from "../../kit";
import { ConnectionResult, TestButton, useConnectionTest } from "./Connection";
import { SourceBadge } from "./SettingFields";
import { useSave, type Status } from "./useSave";

const SOURCE_TEXT: Record<SettingSource, string> = {
  environment: "from the environment, which overrides the saved value",
  database: "saved in Parallax's settings (shared with the parallax CLI)",
  default: "the default",
};

interface KeyRowProps {
  k: KeyView;
  keychain: boolean;
  onSave: (key: string, done: () => void) => void;
  onRemove: () => void;
  status: Status | null;
  error: string | null;
  pending: boolean;
  /** Whether requests work without a key (custom endpoints, local servers). */
  optional?: boolean;
  testId?: string;
}

/**
 * The key: where it comes from, masked; a field to paste one into the OS keychain. The field is
 * uncontrolled and emptied after saving, so the key is never kept in the page (not even in an
 * attribute); what comes back is the masked form only.
 */
export function KeyRow({ k, keychain, onSave, onRemove, status, error, pending, optional, testId }: KeyRowProps) {
  const input = useRef<HTMLInputElement>(null);
  const [filled, setFilled] = useState(false);
  const env = k.env_var ? <code>{k.env_var}</code> : null;
  const save = () => {
    const value = input.current?.value ?? "";
    if (!value.trim()) return;
    onSave(value, () => {
      if (input.current) input.current.value = "";
      setFilled(false);
    });
  };
  return (
    <div className="key-block" data-testid={testId}>
      <p className="key-status" data-testid="key-status">
        {k.source === "none" && (
          <>
            {optional ? "No key (optional: many servers need none)." : "No key."}
            {env && keychain && <span className="muted"> Paste one below, or set {env} in Parallax's environment.</span>}
          </>
        )}
        {k.source === "environment" && (
          <>
            Key <code data-testid="key-masked">{k.masked}</code> from {env} in the environment
            <span className="muted"> (it wins over a key saved in the keychain).</span>
          </>
        )}
        {k.source === "keychain" && (
          <>
            Key <code data-testid="key-masked">{k.masked}</code> from the OS keychain.
            {env && <span className="muted"> {env}, when set, wins over it.</span>}
          </>
        )}
      </p>
      <form
        className="key-row"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <input
          ref={input}
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder={keychain ? (k.source === "keychain" ? "Paste a new key to replace it" : "Paste a key") : "No OS keychain on this machine"}
          aria-label="API key"
          disabled={!keychain}
          onInput={(e) => setFilled(e.currentTarget.value.trim() !== "")}
          aria-invalid={error ? true : undefined}
          data-testid="key-input"
        />
        <Button type="submit" disabled={!keychain || !filled || pending} data-testid="key-save">
          Save to keychain
        </Button>
        {keychain && k.source === "keychain" && (
          <Button variant="danger" onClick={onRemove} disabled={pending} data-testid="key-remove">
            Remove
          </Button>
        )}
      </form>
      {!keychain && (
        <p className="muted small" data-testid="key-env-hint">
          Keys cannot be stored here: start Parallax with {env ?? "the key's variable"} set in its environment instead. Parallax never writes a
          key in plain text.
        </p>
      )}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
      <InlineStatus status={status} testId="settings-message" />
    </div>
  );
}

/** Saving and removing a key, with the refusal shown under the key field. */
export function useKeySave(provider: ProviderKind, endpoint: string | null, name: string) {
  const s = useSave();
  return {
    status: s.status,
    pending: s.pending,
    error: s.fieldError("api_key"),
    onSave: (key: string, done: () => void) => s.save((b) => b.saveApiKey(provider, endpoint, key), `${name} key saved in the OS keychain.`, () => done()),
    onRemove: () => s.save((b) => b.deleteApiKey(provider, endpoint), `${name} key removed from the keychain.`),
  };
}

function ProviderCard({ p, keychain }: { p: ProviderView; keychain: boolean }) {
  const [url, setUrl] = useState(p.saved_base_url ?? "");
  const urlSave = useSave();
  const enabledSave = useSave();
  const key = useKeySave(p.kind, null, p.name);
  const test = useConnectionTest(p.kind, null);
  const kind: ProviderKind = p.kind;
  const urlKey = `${kind}.base_url`;
  const enabledKey = `${kind}.enabled`;
  // The demo models live inside the app: no address to set, no key to keep.
  const demo = kind === "demo";
  return (
    <section className={cx("card provider", !p.enabled && "disabled")} data-testid={`provider-${kind}`} aria-labelledby={`provider-${kind}-name`}>
      <div className="provider-head">
        <h3 id={`provider-${kind}-name`}>{p.name}</h3>
        {!p.enabled && <Badge tone="warn">hidden from pickers</Badge>}
        <span className="spacer" />
        <InlineStatus status={enabledSave.status?.ok ? null : enabledSave.status} />
        <label className="switch-row" title="Off: its models are not offered in Compare or the palette (the CLI still reaches it)">
          <input
            type="checkbox"
            role="switch"
            checked={p.enabled}
            disabled={enabledSave.pending}
            onChange={() =>
              enabledSave.save((b) => b.setSettings([{ key: enabledKey, value: p.enabled ? "off" : "on" }]), p.enabled ? `${p.name} hidden.` : `${p.name} enabled.`)
            }
            data-testid={`provider-enabled-${kind}`}
          />
          <span>{p.enabled ? "Enabled" : "Disabled"}</span>
        </label>
      </div>

      {demo ? (
        <div className="provider-part">
          <p className="key-status" data-testid="demo-about">
            Built-in demo models: made-up answers and prices, for learning the app.
          </p>
          <p className="muted small">
            Served inside Parallax — no key, no network. Pick them as <code>demo:fast</code>, <code>demo:slow</code>, <code>demo:thinker</code>… or
            from the Demo models catalog; each failure kind has one too (<code>demo:bad-key</code>, <code>demo:stalls</code>…).
          </p>
        </div>
      ) : (
        <div className="provider-part">
          <p className="muted small">
            In use: <code data-testid="base-url-in-use">{p.base_url}</code> — {SOURCE_TEXT[p.base_url_source]}
            {p.base_url_env && p.base_url_source === "environment" && (
              <>
                {" "}
                (<code>{p.base_url_env}</code>; unset it to use the URL saved below)
              </>
            )}
            .
          </p>
          <form
            className="row align-start"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              urlSave.save((b) => b.setSettings([{ key: urlKey, value: url }]), url.trim() ? `${p.name} base URL saved.` : `${p.name} is back to its default URL.`, (next) =>
                setUrl(next.providers.find((x) => x.kind === kind)?.saved_base_url ?? ""),
              );
            }}
          >
            <div className="field grow">
              <label className="field-label" htmlFor={`base-url-${kind}`}>
                Base URL <SourceBadge source={p.base_url_source} />
              </label>
              <input
                id={`base-url-${kind}`}
                type="url"
                spellCheck={false}
                placeholder={p.default_base_url}
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                aria-invalid={urlSave.fieldError(urlKey) ? true : undefined}
                data-testid={`base-url-${kind}`}
              />
              <span className="field-hint">
                Empty: the default, {p.default_base_url}.
                {p.base_url_env && p.base_url_source !== "environment" && <> {p.base_url_env}, when set, wins over it.</>}
              </span>
              {urlSave.fieldError(urlKey) && (
                <span className="field-error" role="alert">
                  {urlSave.fieldError(urlKey)}
                </span>
              )}
            </div>
            <div className="row field-buttons">
              <Button type="submit" disabled={urlSave.pending || url.trim() === (p.saved_base_url ?? "")} data-testid={`base-url-save-${kind}`}>
                Save
              </Button>
              {p.saved_base_url !== null && (
                <Button
                  onClick={() => {
                    setUrl("");
                    urlSave.save((b) => b.setSettings([{ key: urlKey }]), `${p.name} is back to its default URL.`);
                  }}
                >
                  Reset
                </Button>
              )}
            </div>
          </form>
          <InlineStatus status={urlSave.status} testId="settings-message" />
        </div>
      )}

      {!demo && (
        <div className="provider-part">
          {p.needs_key ? <KeyRow k={p.key} keychain={keychain} {...key} /> : <p className="key-status">No key needed: Ollama runs without one.</p>}
        </div>
      )}

      <div className="provider-part">
        <div className="row">
          <TestButton test={test} testId={`test-connection-${kind}`} />
          <span className="muted small">Lists its models, timed{kind === "openrouter" ? "; with a key, its limit and credit" : ""}.</span>
        </div>
        <ConnectionResult test={test} />
      </div>
    </section>
  );
}

export function ProvidersSection({ s }: { s: SettingsView }) {
  return (
    <>
      {!s.keychain_available && (
        <div className="card notice" data-testid="keychain-unavailable" role="note">
          <p>No OS keychain is available on this machine, so Parallax cannot store keys — and it never writes one in plain text.</p>
          <p className="muted small">
            Start Parallax with each provider's key variable set in its environment instead, for example{" "}
            <code>OPENROUTER_API_KEY=sk-or-… parallax-desktop</code> (every variable is named on its card below).
            {s.keychain_message && <> Reason: {s.keychain_message}.</>}
          </p>
        </div>
      )}
      {s.providers.map((p) => (
        <ProviderCard key={p.kind} p={p} keychain={s.keychain_available} />
      ))}
      <p className="muted small">Keys are never shown again after saving, and never written to the history database, exports or logs.</p>
    </>
  );
}
