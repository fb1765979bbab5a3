// "Test connection": the endpoint's model list, timed, and for OpenRouter the key's limit and
// credit; the result (or the provider's refusal) is said right under the button.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import type { BackendError, ConnectionReport, KeySource, KeyStatus, ProviderKind } from "../../backend";
import { qk } from "../../app/queries";
import { useBackend } from "../../app/services";
import { formatCount, formatCredit, formatMs } from "../../format";
import { Button } from "../../kit";

type Result = { ok: true; report: ConnectionReport } | { ok: false; code: string; message: string };

const KEY_FROM: Record<KeySource, string> = {
  keychain: "with the key from the OS keychain",
  environment: "with the key from the environment",
  none: "without a key",
};

/** What a failed test means, by its stable code; the provider's own words follow. */
const FAILURE: Partial<Record<string, string>> = {
  unauthorized: "The key was refused",
  insufficient_credits: "Out of credit",
  network: "Could not reach the server",
  timeout: "No answer in time",
  rate_limited: "Rate limited",
  provider_overloaded: "The provider is overloaded",
  model_not_found: "Nothing found at this address",
  malformed_response: "The server's answer could not be read",
  keychain_unavailable: "No keychain",
};

/** "Key sk-or-…: $74.50 left of $100 (monthly) · used $25.50, today $1.25". Unknown is a dash. */
export function describeKey(k: KeyStatus): string {
  const who = k.label ? `Key ${k.label}` : "Key";
  const reset = k.limit_reset ? ` (${k.limit_reset})` : "";
  const credit =
    k.limit_usd === null ? "no spending limit" : `${formatCredit(k.limit_remaining_usd)} left of ${formatCredit(k.limit_usd)}${reset}`;
  const used = `used ${formatCredit(k.usage_usd)}, today ${formatCredit(k.usage_daily_usd)}`;
  return `${who}: ${credit} · ${used}${k.is_free_tier ? " · free tier" : ""}`;
}

export function useConnectionTest(provider: ProviderKind, endpoint: string | null) {
  const backend = useBackend();
  const client = useQueryClient();
  const [result, setResult] = useState<Result | null>(null);
  const [pending, setPending] = useState(false);
  const run = async () => {
    setPending(true);
    setResult(null);
    try {
      const report = await backend.testConnection(provider, endpoint);
      setResult({ ok: true, report });
      // The test fetched the model list: the pickers read it again.
      void client.invalidateQueries({ queryKey: qk.catalog({ provider, endpoint }) });
    } catch (e) {
      const err = e as BackendError;
      setResult({ ok: false, code: err.code, message: err.message });
    } finally {
      setPending(false);
    }
  };
  return { run, result, pending };
}

export function TestButton({ test, testId }: { test: ReturnType<typeof useConnectionTest>; testId?: string }) {
  return (
    <Button onClick={() => void test.run()} disabled={test.pending} data-testid={testId ?? "test-connection"}>
      {test.pending ? "Testing…" : "Test connection"}
    </Button>
  );
}

export function ConnectionResult({ test }: { test: ReturnType<typeof useConnectionTest> }) {
  const r = test.result;
  if (test.pending) {
    return (
      <p className="connection muted small" role="status" data-testid="connection-result">
        Listing the models…
      </p>
    );
  }
  if (!r) return null;
  if (!r.ok) {
    return (
      <div className="connection bad" role="alert" data-testid="connection-result" data-code={r.code}>
        <strong>{FAILURE[r.code] ?? "The connection failed"}</strong>
        <span>{r.message}</span>
      </div>
    );
  }
  const { report } = r;
  return (
    <div className="connection ok" role="status" data-testid="connection-result">
      <strong data-testid="connection-summary">
        Connected in {formatMs(report.latency_ms)} · {formatCount(report.models)} model{report.models === 1 ? "" : "s"}
      </strong>
      <span className="muted small">
        {report.base_url} {KEY_FROM[report.key_source]}
      </span>
      {report.key && <span data-testid="connection-key">{describeKey(report.key)}</span>}
    </div>
  );
}
