// Shared settings drawn from the one validation table (`SettingsView.settings`, generated from
// Rust's `setting_specs`): each row brings its key, meaning, kind, bounds, default, the value
// saved and where the value in force comes from. Nothing here restates a bound or a default.
// What a person types goes to Rust as typed (so "$5.00" saves 5 and "abc" is refused there,
// never read as "nothing"); a refusal comes back naming the row, and is shown under it.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";

import type { SettingRow, SettingSource, SettingsView } from "../../backend";
import { formatCount, formatCredit, formatSeconds } from "../../format";
import { Badge, Button, InlineStatus, type Tone } from "../../kit";
import { useSave, type Status } from "./useSave";

const SOURCE: Record<SettingSource, { label: string; tone: Tone; title: string }> = {
  database: { label: "saved", tone: "accent", title: "Saved in Parallax's settings (shared with the parallax CLI)" },
  environment: { label: "environment", tone: "warn", title: "Set by an environment variable, which wins over anything saved here" },
  default: { label: "default", tone: "neutral", title: "Nothing saved: the default applies" },
};

export function SourceBadge({ source, testId }: { source: SettingSource; testId?: string }) {
  const s = SOURCE[source];
  return (
    <Badge tone={s.tone} title={s.title} data-testid={testId}>
      {s.label}
    </Badge>
  );
}

const isWhole = (v: string) => /^\+?\d+$/.test(v.trim());

/** A stored value as people read it: "$5", "60 s (1 min)", "4". */
export function readValue(row: SettingRow, v: string): string {
  switch (row.kind) {
    case "usd":
      return formatCredit(Number(v));
    case "seconds":
      return isWhole(v) && Number(v) >= 60 ? `${formatCount(Number(v))} s (${formatSeconds(Number(v))})` : `${v} s`;
    case "count":
      return isWhole(v) ? formatCount(Number(v)) : v;
    default:
      return v;
  }
}

/** The default as people read it: the row's own words ("no cap"), with a unit for numbers. */
function readDefault(row: SettingRow): string {
  return isWhole(row.default) ? readValue(row, row.default) : row.default;
}

/** "from 5 to 3,600 s", from the row's own bounds. */
function bounds(row: SettingRow): string | null {
  if (row.min === null || row.max === null) return row.kind === "usd" ? "USD, 0 or more" : null;
  const unit = row.kind === "seconds" ? " s" : "";
  const max = row.kind === "seconds" && row.max >= 3600 ? `${formatCount(row.max)}${unit} (${formatSeconds(row.max)})` : `${formatCount(row.max)}${unit}`;
  return `from ${formatCount(row.min)} to ${max}`;
}

const UNIT: Partial<Record<SettingRow["kind"], string>> = { seconds: "s", usd: "USD", count: "at once" };

interface FieldProps {
  row: SettingRow;
  label: ReactNode;
  value: string;
  onChange: (v: string) => void;
  /** The refusal of the last save, for this row. */
  error: string | null;
  /** What became of a Reset on this row. */
  note?: Status | null;
  onReset?: () => void;
  disabled?: boolean;
  /** More to know under the field (what was spent today…). */
  extra?: ReactNode;
  /** The input's test id (defaults to `setting-<key>`). */
  testId?: string;
  /** Leaves out the setting's explanation (the card's introduction already says it). */
  compact?: boolean;
}

/** One setting: label and where its value comes from, an input suited to its kind, bounds and default, and its refusal. */
export function SettingField({ row, label, value, onChange, error, note, onReset, disabled, extra, testId, compact }: FieldProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  // A refusal brings its field into view and focus: the person fixes it where they look.
  useEffect(() => {
    if (!error || !input.current) return;
    input.current.focus({ preventScroll: true });
    input.current.closest(".setting")?.scrollIntoView({ block: "nearest" });
  }, [error]);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const seconds = row.kind === "seconds" && isWhole(value) && Number(value) >= 60 ? formatSeconds(Number(value)) : null;
  const range = bounds(row);
  const stillSaved = row.saved !== null ? `Still saved: ${readValue(row, row.saved)}.` : `Nothing saved: the default (${readDefault(row)}) applies.`;
  return (
    <div className={compact ? "setting compact" : "setting"} data-testid={`setting-row-${row.key}`}>
      <div className="setting-head">
        <label htmlFor={id} className="setting-label">
          {label}
        </label>
        <SourceBadge source={row.source} testId={`setting-source-${row.key}`} />
      </div>
      {!compact && <p className="setting-about muted small">{row.about.charAt(0).toUpperCase() + row.about.slice(1)}.</p>}
      <div className="setting-input">
        {row.kind === "usd" && <span className="affix">$</span>}
        <input
          ref={input}
          id={id}
          type="text"
          inputMode={row.kind === "usd" ? "decimal" : "numeric"}
          autoComplete="off"
          spellCheck={false}
          placeholder={row.default}
          value={value}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={[hintId, error ? errorId : null].filter(Boolean).join(" ")}
          data-testid={testId ?? `setting-${row.key}`}
          className={row.kind === "usd" ? "has-prefix" : undefined}
        />
        {UNIT[row.kind] && <span className="unit muted small">{UNIT[row.kind]}</span>}
        {seconds && <span className="unit muted small num">= {seconds}</span>}
        {onReset && row.saved !== null && (
          <Button size="sm" variant="ghost" onClick={onReset} disabled={disabled} data-testid={`setting-reset-${row.key}`} title={`Forget the saved value; the default (${readDefault(row)}) applies`}>
            Reset to default
          </Button>
        )}
      </div>
      <span id={hintId} className="field-hint">
        {range && <>{range} · </>}default: {readDefault(row)}
        {extra && <> · {extra}</>}
      </span>
      {error && (
        <span id={errorId} className="field-error" role="alert" data-testid={`setting-error-${row.key}`}>
          {/[.!?]$/.test(error) ? error : `${error}.`} <span className="still-saved">{stillSaved}</span>
        </span>
      )}
      {note && <InlineStatus status={note} testId={`setting-note-${row.key}`} />}
    </div>
  );
}

/** The rows of `keys` that exist in the table, in the table's order. */
export function rowsOf(s: SettingsView, keys: (key: string) => boolean): SettingRow[] {
  return s.settings.filter((r) => keys(r.key));
}

/**
 * A group of settings saved together: all or nothing (one `setSettings` batch of the changed
 * rows). Each row can also go back to its default on its own.
 */
export function useSettingsForm(rows: SettingRow[]) {
  const { save, status, pending, fieldError, clear } = useSave();
  const [drafts, setDrafts] = useState<Record<string, string>>(() => Object.fromEntries(rows.map((r) => [r.key, r.saved ?? ""])));
  const [note, setNote] = useState<{ key: string; status: Status } | null>(null);
  const draft = (key: string) => drafts[key] ?? "";
  const changed = rows.filter((r) => draft(r.key).trim() !== (r.saved ?? ""));
  /** After a save, each saved row shows what was stored ("$5.00" was stored as 5). */
  const adopt = (next: SettingsView, keys: string[]) =>
    setDrafts((d) => ({ ...d, ...Object.fromEntries(next.settings.filter((r) => keys.includes(r.key)).map((r) => [r.key, r.saved ?? ""])) }));
  return {
    draft,
    set: (key: string, v: string) => {
      setNote(null);
      setDrafts((d) => ({ ...d, [key]: v }));
    },
    changed,
    pending,
    status,
    fieldError,
    note: (key: string) => (note?.key === key ? note.status : null),
    /** Saves the changed rows (or exactly `only`), all or nothing. */
    submit: (done = "Saved.", only?: { key: string; value: string }[]) => {
      setNote(null);
      const changes = only ?? changed.map((r) => ({ key: r.key, value: draft(r.key) }));
      const keys = changes.map((c) => c.key);
      save((b) => b.setSettings(changes), done, (next) => adopt(next, keys));
    },
    reset: (row: SettingRow) => {
      clear();
      save(
        (b) => b.setSettings([{ key: row.key }]),
        "",
        (next) => {
          adopt(next, [row.key]);
          setNote({ key: row.key, status: { ok: true, text: `Back to the default (${readDefault(row)}).` } });
        },
      );
    },
  };
}

export type SettingsForm = ReturnType<typeof useSettingsForm>;

/** A card of settings with one Save for all of them; Enter in a field saves too. */
export function SettingsCard({
  title,
  intro,
  form,
  onSubmit,
  testId,
  saveTestId,
  canSave,
  children,
}: {
  title: ReactNode;
  intro?: ReactNode;
  form: SettingsForm;
  onSubmit: () => void;
  testId: string;
  saveTestId: string;
  /** Whether Save has something to do (default: a row was changed). */
  canSave?: boolean;
  children: ReactNode;
}) {
  const dirty = canSave ?? form.changed.length > 0;
  const statusText = form.status?.ok && form.status.text === "" ? null : form.status;
  return (
    <form
      className="card settings-card"
      data-testid={testId}
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        if (dirty && !form.pending) onSubmit();
      }}
    >
      <h3>{title}</h3>
      {intro && <div className="muted small card-intro">{intro}</div>}
      <div className="setting-list">{children}</div>
      <div className="row card-actions">
        <Button type="submit" variant="primary" disabled={!dirty || form.pending} data-testid={saveTestId}>
          {form.pending ? "Saving…" : "Save"}
        </Button>
        {dirty && !form.pending && !statusText && <span className="muted small">Unsaved changes</span>}
        <InlineStatus status={statusText} testId="settings-message" />
      </div>
    </form>
  );
}
