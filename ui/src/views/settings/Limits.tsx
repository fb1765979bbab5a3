// Limits & timeouts: how many requests run at once (over all providers, per provider, per custom
// endpoint) and when a silent or endless answer is failed — every row from the settings table.
import type { SettingsView } from "../../backend";
import { rowsOf, SettingField, SettingsCard, useSettingsForm } from "./SettingFields";

const TIMEOUT_LABELS: Record<string, string> = {
  "timeouts.stall_seconds": "Stall timeout",
  "timeouts.answer_seconds": "Deadline for one answer",
};

/** "OpenRouter", "lab (custom endpoint)", "All providers together", from the key. */
function concurrencyLabel(s: SettingsView, key: string): string {
  const label = key.slice("concurrency.".length);
  if (label === "global") return "All providers together";
  if (label.startsWith("compatible:")) return `${label.slice("compatible:".length)} (custom endpoint)`;
  return s.providers.find((p) => p.kind === label)?.name ?? label;
}

function Timeouts({ s }: { s: SettingsView }) {
  const rows = rowsOf(s, (k) => k.startsWith("timeouts."));
  const form = useSettingsForm(rows);
  return (
    <SettingsCard
      title="Timeouts"
      testId="timeouts"
      saveTestId="timeouts-save"
      form={form}
      onSubmit={() => form.submit("Timeouts saved.")}
      intro="An answer fails with “timeout” when nothing at all arrives for the stall timeout (keep-alives count), or when it runs past its deadline. A model that may think silently gets longer before its first token."
    >
      {rows.map((row) => (
        <SettingField
          key={row.key}
          row={row}
          label={TIMEOUT_LABELS[row.key] ?? row.key}
          value={form.draft(row.key)}
          onChange={(v) => form.set(row.key, v)}
          error={form.fieldError(row.key)}
          note={form.note(row.key)}
          onReset={() => form.reset(row)}
        />
      ))}
    </SettingsCard>
  );
}

function Concurrency({ s }: { s: SettingsView }) {
  const rows = rowsOf(s, (k) => k.startsWith("concurrency."));
  const form = useSettingsForm(rows);
  return (
    <SettingsCard
      title="Concurrency"
      testId="concurrency"
      saveTestId="concurrency-save"
      form={form}
      onSubmit={() => form.submit("Limits saved.")}
      intro="Requests in flight at once: over all providers together, and to each provider or custom endpoint. Every answer of a comparison starts at once unless a limit says otherwise; the ones waiting say “queued”. A local Ollama runs one request at a time unless you raise it. Shared with the parallax CLI."
    >
      {rows.map((row) => (
        <SettingField
          key={row.key}
          row={row}
          label={concurrencyLabel(s, row.key)}
          compact
          value={form.draft(row.key)}
          onChange={(v) => form.set(row.key, v)}
          error={form.fieldError(row.key)}
          note={form.note(row.key)}
          onReset={() => form.reset(row)}
        />
      ))}
    </SettingsCard>
  );
}

export function LimitsSection({ s }: { s: SettingsView }) {
  return (
    <>
      <Concurrency s={s} />
      <Timeouts s={s} />
    </>
  );
}
