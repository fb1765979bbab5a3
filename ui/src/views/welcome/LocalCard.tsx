// The third way in: a model server on this machine (Ollama, or an OpenAI-compatible one: LM
// Studio, llama.cpp, vLLM, Jan), found by asking their default ports, listed with its models;
// one click picks up to three of them (saving a compatible server as an endpoint first).
import { useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { HardDrive, LoaderCircle, RefreshCw } from "lucide-react";
import { useState } from "react";

import type { BackendError, LocalServer } from "../../backend";
import { qk, useLocalServers, useSettings, useSettingsMutation } from "../../app/queries";
import { Badge, Button } from "../../kit";
import { type CatalogRef, localText, type Pick } from "../../targets";
import { useFirstRunActions } from "./actions";

/** Models listed per server before "and N more". */
const SHOWN = 6;
/** Models a "Compare with these" picks: enough to compare, few enough to wait for in turn. */
const PICKED = 3;

function ServerBlock({ server }: { server: LocalServer }) {
  const settings = useSettings();
  const save = useSettingsMutation();
  const client = useQueryClient();
  const { openCompare } = useFirstRunActions();
  const [error, setError] = useState<string | null>(null);
  const compatible = server.kind === "compatible";
  const n = Math.min(PICKED, server.models.length);

  /** Saves a compatible server as a custom endpoint (under a name no other endpoint has); returns the name. */
  const addEndpoint = async (): Promise<string> => {
    if (server.endpoint) return server.endpoint;
    const taken = new Set((settings.data?.endpoints ?? []).map((e) => e.name));
    let name = server.suggested_name;
    for (let i = 2; taken.has(name); i++) name = `${server.suggested_name}-${i}`;
    await save.mutateAsync((b) => b.saveEndpoint({ name, base_url: server.base_url, headers: [], key_header: null }));
    void client.invalidateQueries({ queryKey: qk.localServers });
    return name;
  };

  const compare = async () => {
    setError(null);
    try {
      const source: CatalogRef = compatible ? { provider: "compatible", endpoint: await addEndpoint() } : { provider: server.kind, endpoint: null };
      const picks: Pick[] = server.models.slice(0, PICKED).map((m) => ({ ...source, model: m.id }));
      await openCompare(source, picks);
    } catch (e) {
      setError((e as BackendError).message);
    }
  };

  return (
    <div className="local-server" data-testid="local-server" data-kind={server.kind}>
      <div className="local-server-head">
        <strong>{server.label}</strong>
        <code>{server.base_url}</code>
        {server.endpoint && <Badge tone="ok" className="badge-sm">saved as {server.endpoint}</Badge>}
      </div>
      {server.models.length === 0 ? (
        <p className="muted small">
          It answers, but has no model yet{server.kind === "ollama" ? <> — get one with <code>ollama pull llama3.2</code></> : ""}.
        </p>
      ) : (
        <ul className="local-models">
          {server.models.slice(0, SHOWN).map((m) => {
            const about = localText(m);
            return (
              <li key={m.id} data-testid="local-model">
                <span className="local-model-id">{m.id}</span>
                {about && <span className="muted"> · {about}</span>}
              </li>
            );
          })}
          {server.models.length > SHOWN && <li className="muted">and {server.models.length - SHOWN} more</li>}
        </ul>
      )}
      <div className="first-run-actions">
        {n > 0 && (
          <Button variant="primary" size="sm" onClick={() => void compare()} disabled={save.isPending} data-testid="local-compare">
            {n === 1 ? "Compare with it" : `Compare with these ${n}`}
          </Button>
        )}
        {compatible && !server.endpoint && (
          <Button
            size="sm"
            onClick={() => void addEndpoint().catch((e: unknown) => setError((e as BackendError).message))}
            disabled={save.isPending}
            data-testid="local-add-endpoint"
          >
            Add as endpoint {server.suggested_name}
          </Button>
        )}
      </div>
      {error && (
        <p className="form-error small" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function LocalCard() {
  const servers = useLocalServers();
  const settings = useSettings();
  const ollama = settings.data?.providers.find((p) => p.kind === "ollama")?.base_url ?? "http://127.0.0.1:11434";
  const found = servers.data;
  return (
    <article className="first-run-card" data-testid="welcome-local" aria-labelledby="welcome-local-title" aria-busy={servers.isFetching}>
      <header className="first-run-card-head">
        <HardDrive size={18} aria-hidden className="first-run-icon" />
        <h3 id="welcome-local-title">Use a local model server</h3>
        <span className="spacer" />
        <Button size="sm" variant="ghost" onClick={() => void servers.refetch()} disabled={servers.isFetching} data-testid="welcome-scan">
          <RefreshCw size={13} aria-hidden className={servers.isFetching ? "spin" : undefined} />
          {servers.isFetching ? "Scanning…" : "Scan again"}
        </Button>
      </header>
      <p className="small muted">Ollama, LM Studio, llama.cpp, vLLM or Jan on this machine: no key, and nothing leaves it.</p>
      {!found && servers.isFetching && (
        <p className="small muted first-run-scanning" role="status" data-testid="welcome-scanning">
          <LoaderCircle size={14} aria-hidden className="spin" /> Looking on this machine's usual ports…
        </p>
      )}
      {servers.error && (
        <p className="form-error small" role="alert">
          The scan failed: {(servers.error as BackendError).message}
        </p>
      )}
      {found?.length === 0 && (
        <p className="small" data-testid="welcome-local-none">
          Nothing answered: tried Ollama at <code>{ollama}</code> and ports 1234 (LM Studio), 8080 (llama.cpp), 8000 (vLLM) and 1337 (Jan). To
          use Ollama, start it with <code>ollama serve</code>, then scan again.
        </p>
      )}
      {found?.map((s) => <ServerBlock key={`${s.kind}|${s.base_url}`} server={s} />)}
      <p className="small muted" data-testid="welcome-local-queue">
        Ollama runs one model at a time by default (<Link to="/settings/$section" params={{ section: "limits" }}>Settings → Limits</Link>):
        with several of its models picked, the columns queue and answer in turn, and a model's first load shows apart from its time to first
        token.
      </p>
    </article>
  );
}
