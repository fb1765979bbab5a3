import { useState } from "react";

import type { EndpointView, SettingsView } from "../../backend";
import { Button, Field, InlineStatus } from "../../kit";
import { KeyRow } from "./Providers";
import { useSave } from "./useSave";

function EndpointRow({ e, keychain }: { e: EndpointView; keychain: boolean }) {
  const remove = useSave();
  const key = useSave();
  return (
    <li className="card endpoint" data-testid={`endpoint-${e.name}`}>
      <div className="row">
        <strong>{e.name}</strong>
        <code>{e.base_url}</code>
        {e.headers.length > 0 && <span className="muted small">headers: {e.headers.map(([k]) => k).join(", ")}</span>}
        <span className="spacer" />
        <InlineStatus status={remove.status} />
        <Button variant="danger" size="sm" onClick={() => remove.save((b) => b.removeEndpoint(e.name), `Endpoint ${e.name} removed.`)}>
          Remove
        </Button>
      </div>
      <KeyRow
        k={e.key}
        keychain={keychain}
        status={key.status}
        onSave={(k) => key.save((b) => b.saveApiKey("compatible", e.name, k), `Key for ${e.name} saved.`)}
        onRemove={() => key.save((b) => b.deleteApiKey("compatible", e.name), `Key for ${e.name} removed.`)}
      />
    </li>
  );
}

function AddEndpoint() {
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [headers, setHeaders] = useState("");
  const [tried, setTried] = useState(false);
  const { save, status, pending } = useSave();
  const nameError = tried && !name.trim() ? "Give it a short name, like lmstudio: you pick its models as lmstudio:model." : null;
  const urlError = tried && !/^https?:\/\/\S+$/.test(url.trim()) ? "The server's base URL with its API path, like http://127.0.0.1:1234/v1." : null;
  const parsed = headers
    .split("\n")
    .map((l) => l.split(":"))
    .filter((kv) => kv.length >= 2 && kv[0]?.trim())
    .map((kv): [string, string] => [kv[0]!.trim(), kv.slice(1).join(":").trim()]);
  return (
    <form
      className="card add-endpoint"
      onSubmit={(ev) => {
        ev.preventDefault();
        setTried(true);
        if (!name.trim() || !/^https?:\/\/\S+$/.test(url.trim())) return;
        const saved = name.trim();
        save((b) => b.saveEndpoint({ name: saved, base_url: url.trim(), headers: parsed }), `Endpoint ${saved} saved.`, () => {
          setName("");
          setUrl("");
          setHeaders("");
          setTried(false);
        });
      }}
      noValidate
    >
      <h3>Add an endpoint</h3>
      <div className="row align-start">
        <Field label="Name" error={nameError}>
          <input placeholder="e.g. lmstudio" value={name} onChange={(e) => setName(e.target.value)} data-testid="endpoint-name" />
        </Field>
        <Field label="Base URL" error={urlError} className="grow">
          <input type="url" placeholder="e.g. http://127.0.0.1:1234/v1" value={url} onChange={(e) => setUrl(e.target.value)} data-testid="endpoint-url" />
        </Field>
      </div>
      <Field label="Extra headers" hint="Optional, one per line: X-Team: ml. Not for secrets: use the key.">
        <textarea rows={2} value={headers} onChange={(e) => setHeaders(e.target.value)} />
      </Field>
      <div className="row">
        <Button type="submit" variant="primary" data-testid="endpoint-add" disabled={pending}>
          Add endpoint
        </Button>
        <InlineStatus status={status} testId="settings-message" />
      </div>
    </form>
  );
}

export function EndpointsSection({ s }: { s: SettingsView }) {
  return (
    <>
      <p className="muted small">
        Pick their models in Compare, or use <code>name:model</code> with the CLI.
      </p>
      <ul className="endpoints">
        {s.endpoints.map((e) => (
          <EndpointRow key={e.name} e={e} keychain={s.keychain_available} />
        ))}
      </ul>
      {s.endpoints.length === 0 && <p className="muted small">No custom endpoint yet.</p>}
      <AddEndpoint />
    </>
  );
}
