// Custom endpoints: any OpenAI-compatible server (LM Studio, llama.cpp, vLLM, Groq…) by name —
// listed, added, edited, tested and removed (after asking). Rust checks every field; a refusal
// is shown under the field it names (name, base_url, headers, key_header).
// The key header: a server that reads its key from a header of its own (Azure OpenAI's
// `api-key`, a gateway's `x-api-key`) is named here; the key itself stays in the keychain.
import { Plus, X } from "lucide-react";
import { useId, useState } from "react";

import type { EndpointView, SettingsView } from "../../backend";
import { Button, Confirm, IconButton, InlineStatus } from "../../kit";
import { ConnectionResult, TestButton, useConnectionTest } from "./Connection";
import { KeyRow, useKeySave } from "./Providers";
import { useSave, type Status } from "./useSave";

type Header = [string, string];

function FieldError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <span className="field-error" role="alert">
      {message}
    </span>
  );
}

/** Add (no `editing`) or edit an endpoint: name, base URL, header rows. */
function EndpointForm({ editing, existing, onDone, onCancel }: { editing?: EndpointView; existing: string[]; onDone: (name: string) => void; onCancel?: () => void }) {
  const [name, setName] = useState(editing?.name ?? "");
  const [url, setUrl] = useState(editing?.base_url ?? "");
  const [headers, setHeaders] = useState<Header[]>(editing?.headers.length ? editing.headers.map(([k, v]) => [k, v]) : []);
  const [keyHeader, setKeyHeader] = useState(editing?.key_header ?? "");
  const [taken, setTaken] = useState(false);
  const { save, status, pending, fieldError } = useSave();
  const id = useId();
  const setHeader = (i: number, at: 0 | 1, v: string) => setHeaders((h) => h.map((row, j) => (j === i ? ((at === 0 ? [v, row[1]] : [row[0], v]) as Header) : row)));
  const nameError = taken ? `An endpoint named ${name.trim()} exists already: edit it in the list above.` : fieldError("name");
  return (
    <form
      className={editing ? "endpoint-form" : "card endpoint-form"}
      data-testid={editing ? "endpoint-edit-form" : "endpoint-add-form"}
      noValidate
      onSubmit={(ev) => {
        ev.preventDefault();
        const n = name.trim();
        if (!editing && existing.includes(n)) return setTaken(true);
        setTaken(false);
        save(
          (b) => b.saveEndpoint({ name: n, base_url: url.trim(), headers: headers.filter(([k]) => k.trim()), key_header: keyHeader.trim() || null }),
          editing ? `Endpoint ${n} saved.` : `Endpoint ${n} saved. Pick its models in Compare as ${n}:model.`,
          () => {
            if (!editing) {
              setName("");
              setUrl("");
              setHeaders([]);
              setKeyHeader("");
            }
            onDone(n);
          },
        );
      }}
    >
      {!editing && <h3>Add an endpoint</h3>}
      <div className="row align-start">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-name`}>
            Name
          </label>
          <input
            id={`${id}-name`}
            placeholder="e.g. lmstudio"
            value={name}
            disabled={!!editing}
            spellCheck={false}
            onChange={(e) => {
              setTaken(false);
              setName(e.target.value);
            }}
            aria-invalid={nameError ? true : undefined}
            data-testid={editing ? "endpoint-edit-name" : "endpoint-name"}
          />
          <span className="field-hint">{editing ? "The name cannot change: remove it and add another." : "Lowercase, short: you pick its models as name:model."}</span>
          <FieldError message={nameError} />
        </div>
        <div className="field grow">
          <label className="field-label" htmlFor={`${id}-url`}>
            Base URL
          </label>
          <input
            id={`${id}-url`}
            type="url"
            spellCheck={false}
            placeholder="e.g. http://127.0.0.1:1234/v1"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            aria-invalid={fieldError("base_url") ? true : undefined}
            data-testid={editing ? "endpoint-edit-url" : "endpoint-url"}
          />
          <span className="field-hint">With its API path, as the server's docs give it (…/v1).</span>
          <FieldError message={fieldError("base_url")} />
        </div>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-key-header`}>
          Key header
        </label>
        <input
          id={`${id}-key-header`}
          placeholder="Authorization: Bearer (the default)"
          value={keyHeader}
          spellCheck={false}
          onChange={(e) => setKeyHeader(e.target.value)}
          aria-invalid={fieldError("key_header") ? true : undefined}
          data-testid={editing ? "endpoint-edit-key-header" : "endpoint-key-header"}
        />
        <span className="field-hint">Only if the server reads its key from a header of its own, e.g. api-key for Azure OpenAI: the key is sent there as it is. The key stays in the keychain.</span>
        <FieldError message={fieldError("key_header")} />
      </div>
      <fieldset className="headers">
        <legend className="field-label">Extra headers</legend>
        {headers.map(([k, v], i) => (
          <div className="row header-row" key={i}>
            <input aria-label={`Header ${i + 1} name`} placeholder="Name, e.g. X-Team" value={k} spellCheck={false} onChange={(e) => setHeader(i, 0, e.target.value)} data-testid="header-name" />
            <input aria-label={`Header ${i + 1} value`} placeholder="Value" value={v} spellCheck={false} onChange={(e) => setHeader(i, 1, e.target.value)} data-testid="header-value" />
            <IconButton label={`Remove header ${k || i + 1}`} icon={<X size={14} aria-hidden />} size="sm" onClick={() => setHeaders((h) => h.filter((_, j) => j !== i))} />
          </div>
        ))}
        <div className="row">
          <Button size="sm" variant="ghost" onClick={() => setHeaders((h) => [...h, ["", ""]])} data-testid="header-add">
            <Plus size={14} aria-hidden /> Add a header
          </Button>
          <span className="field-hint">Sent with every request. Not for secrets: header values are saved in the settings database; use the key for those.</span>
        </div>
        <FieldError message={fieldError("headers")} />
      </fieldset>
      <div className="row">
        <Button type="submit" variant="primary" data-testid={editing ? "endpoint-edit-save" : "endpoint-add"} disabled={pending}>
          {editing ? "Save changes" : "Add endpoint"}
        </Button>
        {onCancel && <Button onClick={onCancel}>Cancel</Button>}
        <InlineStatus status={status} testId="settings-message" />
      </div>
    </form>
  );
}

function EndpointCard({ e, keychain, names, onRemoved }: { e: EndpointView; keychain: boolean; names: string[]; onRemoved: (message: string) => void }) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const remove = useSave();
  const key = useKeySave("compatible", e.name, e.name);
  const test = useConnectionTest("compatible", e.name);
  return (
    <li className="card endpoint" data-testid={`endpoint-${e.name}`}>
      <div className="row endpoint-head">
        <div className="endpoint-title">
          <strong className="endpoint-name">{e.name}</strong>
          <code className="endpoint-url">{e.base_url}</code>
        </div>
        <div className="endpoint-actions">
          <TestButton test={test} testId={`test-connection-${e.name}`} />
          <Button onClick={() => (setSaved(null), setEditing((x) => !x))} aria-expanded={editing} data-testid={`endpoint-edit-${e.name}`}>
            {editing ? "Close" : "Edit"}
          </Button>
          <Button variant="danger" onClick={() => setConfirming(true)} data-testid={`endpoint-remove-${e.name}`}>
            Remove…
          </Button>
        </div>
      </div>
      {e.key_header && !editing && (
        <p className="muted small" data-testid={`endpoint-key-header-${e.name}`}>
          Key sent in <code>{e.key_header}</code>
        </p>
      )}
      {e.headers.length > 0 && !editing && (
        <p className="muted small">
          Headers:{" "}
          {e.headers.map(([k, v], i) => (
            <span key={i}>
              {i > 0 && ", "}
              <code>
                {k}: {v}
              </code>
            </span>
          ))}
        </p>
      )}
      <ConnectionResult test={test} />
      {editing && (
        <EndpointForm
          editing={e}
          existing={names}
          onDone={(n) => {
            setEditing(false);
            setSaved(`Endpoint ${n} saved.`);
          }}
          onCancel={() => setEditing(false)}
        />
      )}
      <InlineStatus status={saved ? { ok: true, text: saved } : null} testId="settings-message" />
      <KeyRow k={e.key} keychain={keychain} optional {...key} />
      <Confirm
        open={confirming}
        onOpenChange={setConfirming}
        title={`Remove the endpoint ${e.name}?`}
        description={`Its key in the OS keychain and its concurrency limit go with it. Answers already in History keep their text and numbers; picks of ${e.name}:… models stop working.`}
        confirm={`Remove ${e.name}`}
        danger
        pending={remove.pending}
        onConfirm={() =>
          remove.save(
            (b) => b.removeEndpoint(e.name),
            "",
            () => {
              setConfirming(false);
              onRemoved(`Endpoint ${e.name} removed, with its key and its limit.`);
            },
          )
        }
        testId="endpoint-remove-dialog"
      >
        <InlineStatus status={remove.status?.ok === false ? remove.status : null} />
      </Confirm>
    </li>
  );
}

export function EndpointsSection({ s }: { s: SettingsView }) {
  const names = s.endpoints.map((e) => e.name);
  const [removed, setRemoved] = useState<Status | null>(null);
  return (
    <>
      <p className="muted small">
        Pick their models in Compare, or use <code>name:model</code> with the CLI. A key is optional: it is kept in the OS keychain, or read from{" "}
        <code>PARALLAX_ENDPOINT_&lt;NAME&gt;_API_KEY</code>.
      </p>
      <InlineStatus status={removed} testId="endpoint-removed" />
      {s.endpoints.length > 0 ? (
        <ul className="endpoints">
          {s.endpoints.map((e) => (
            <EndpointCard key={e.name} e={e} keychain={s.keychain_available} names={names} onRemoved={(text) => setRemoved({ ok: true, text })} />
          ))}
        </ul>
      ) : (
        <p className="muted small" data-testid="endpoints-empty">
          No custom endpoint yet.
        </p>
      )}
      <EndpointForm existing={names} onDone={() => {}} />
    </>
  );
}
