// The second way in: a provider's key, saved to the OS keychain and tested at once (latency,
// model count, OpenRouter's credit), then Compare opens on that provider's catalog. Where there
// is no keychain it says so and names the environment variable instead, as Settings does.
import { KeyRound } from "lucide-react";
import { useRef, useState } from "react";

import type { BackendError, ProviderKind, ProviderView } from "../../backend";
import { useSettings, useSettingsMutation } from "../../app/queries";
import { Button } from "../../kit";
import { ConnectionResult, useConnectionTest } from "../settings/Connection";
import { useFirstRunActions } from "./actions";

/** The providers a key opens, in the order people most often have one. */
const KEYED: ProviderKind[] = ["openrouter", "openai", "anthropic", "gemini"];

const FROM = { keychain: "the OS keychain", environment: "the environment", none: "" } as const;

/**
 * The key field is uncontrolled and emptied once saved, so the key never sits in the page's
 * state; only its masked form comes back.
 */
function KeyForm({ p, keychain }: { p: ProviderView; keychain: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [filled, setFilled] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = useSettingsMutation();
  const test = useConnectionTest(p.kind, null);
  const { openCompare } = useFirstRunActions();
  const env = p.key.env_var ? <code>{p.key.env_var}</code> : null;
  const has = p.key.source !== "none";

  const submit = async () => {
    const value = input.current?.value.trim() ?? "";
    setError(null);
    if (value) {
      try {
        await save.mutateAsync((b) => b.saveApiKey(p.kind, null, value));
      } catch (e) {
        setError((e as BackendError).message);
        return;
      }
      if (input.current) input.current.value = "";
      setFilled(false);
    }
    await test.run();
  };

  const busy = save.isPending || test.pending;
  return (
    <>
      {has && (
        <p className="small" data-testid="welcome-key-status">
          Key <code>{p.key.masked}</code> in use, from {FROM[p.key.source]}.
        </p>
      )}
      {keychain ? (
        <form
          className="first-run-key-row"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <input
            ref={input}
            type="password"
            autoComplete="off"
            spellCheck={false}
            aria-label={`${p.name} API key`}
            placeholder={has ? "Paste a new key to replace it" : `Paste your ${p.name} key`}
            onInput={(e) => setFilled(e.currentTarget.value.trim() !== "")}
            aria-invalid={error ? true : undefined}
            data-testid="welcome-key-input"
          />
          <Button type="submit" disabled={busy || (!filled && !has)} data-testid="welcome-key-save">
            {test.pending ? "Testing…" : save.isPending ? "Saving…" : filled || !has ? "Save and test" : "Test the key"}
          </Button>
        </form>
      ) : (
        <div className="first-run-key-row">
          <p className="small" data-testid="welcome-key-env">
            No OS keychain on this machine, so Parallax cannot store keys here — and it never writes one in plain text. Start Parallax with{" "}
            {env ?? "the key's variable"} set in its environment instead.
          </p>
          {has && (
            <Button onClick={() => void test.run()} disabled={busy} data-testid="welcome-key-save">
              {test.pending ? "Testing…" : "Test the key"}
            </Button>
          )}
        </div>
      )}
      {error && (
        <span className="field-error" role="alert" data-testid="welcome-key-error">
          {error}
        </span>
      )}
      <ConnectionResult test={test} />
      {test.result?.ok && (
        <div className="first-run-actions">
          <Button variant="primary" onClick={() => void openCompare({ provider: p.kind, endpoint: null })} data-testid="welcome-key-compare">
            Compare with {p.name}
          </Button>
        </div>
      )}
    </>
  );
}

export function KeyCard() {
  const settings = useSettings();
  const [kind, setKind] = useState<ProviderKind>("openrouter");
  const providers = (settings.data?.providers ?? []).filter((p) => KEYED.includes(p.kind));
  const p = providers.find((x) => x.kind === kind) ?? providers[0];
  return (
    <article className="first-run-card" data-testid="welcome-key" aria-labelledby="welcome-key-title">
      <header className="first-run-card-head">
        <KeyRound size={18} aria-hidden className="first-run-icon" />
        <h3 id="welcome-key-title">Paste a key</h3>
      </header>
      <p className="small muted">
        Kept in the OS keychain, never shown again, and tested at once: how fast the provider answers, how many models it lists and, for
        OpenRouter, the credit left.
      </p>
      {!p ? (
        <p className="muted small">{settings.error ? (settings.error as BackendError).message : "Loading…"}</p>
      ) : (
        <>
          <select aria-label="Provider" value={p.kind} onChange={(e) => setKind(e.target.value as ProviderKind)} data-testid="welcome-key-provider">
            {providers.map((x) => (
              <option key={x.kind} value={x.kind}>
                {x.name}
              </option>
            ))}
          </select>
          {/* Keyed by provider: another provider starts with an empty field and no old result. */}
          <KeyForm key={p.kind} p={p} keychain={settings.data!.keychain_available} />
        </>
      )}
    </article>
  );
}
