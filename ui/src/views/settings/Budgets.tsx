// Budgets & cache: the spending caps and the answer cache, drawn from the settings table.
import { useRef, useState } from "react";

import type { SettingsView } from "../../backend";
import { formatSeconds, formatUsd } from "../../format";
import { rowsOf, SettingField, SettingsCard, useSettingsForm } from "./SettingFields";

const PER_COMPARISON = "budget.per_comparison_usd";
const DAILY = "budget.daily_usd";
const CACHE_TTL = "cache.ttl_seconds";

const LABELS: Record<string, string> = { [PER_COMPARISON]: "Per comparison", [DAILY]: "Per day (UTC)" };
const TEST_IDS: Record<string, string> = { [PER_COMPARISON]: "budget-per-comparison", [DAILY]: "budget-daily" };

function Budgets({ s }: { s: SettingsView }) {
  const rows = rowsOf(s, (k) => k.startsWith("budget."));
  const form = useSettingsForm(rows);
  return (
    <SettingsCard
      title="Budgets"
      testId="budgets"
      saveTestId="budgets-save"
      form={form}
      onSubmit={() => form.submit("Budgets saved.")}
      intro={
        <>
          A comparison that could cost more than a cap (every answer running to its output limit) is refused before anything is sent; one
          that reaches its cap while running is stopped. A model whose price is unknown cannot be counted: Parallax says so before sending.
          Leave a field empty for no cap.
        </>
      }
    >
      {rows.map((row) => (
        <SettingField
          key={row.key}
          row={row}
          label={LABELS[row.key] ?? row.key}
          value={form.draft(row.key)}
          onChange={(v) => form.set(row.key, v)}
          error={form.fieldError(row.key)}
          note={form.note(row.key)}
          onReset={() => form.reset(row)}
          testId={TEST_IDS[row.key]}
          extra={
            row.key === DAILY ? (
              <span data-testid="spent-today">
                spent today: <span className="num">{formatUsd(s.spent_today_usd)}</span>
              </span>
            ) : undefined
          }
        />
      ))}
    </SettingsCard>
  );
}

function Cache({ s }: { s: SettingsView }) {
  const rows = rowsOf(s, (k) => k === CACHE_TTL);
  const row = rows[0];
  const form = useSettingsForm(rows);
  const [on, setOn] = useState(s.cache_ttl_seconds !== null);
  const [missing, setMissing] = useState(false);
  const input = useRef<HTMLDivElement>(null);
  if (!row) return null;
  const savedOn = s.cache_ttl_seconds !== null;
  const ttl = form.draft(CACHE_TTL);
  return (
    <SettingsCard
      title="Answer cache"
      testId="cache"
      saveTestId="cache-save"
      form={form}
      canSave={on !== savedOn || (on && form.changed.length > 0)}
      onSubmit={() => {
        setMissing(false);
        if (!on || ttl.trim() === "0") {
          setOn(false);
          return form.submit("Cache off.", [{ key: CACHE_TTL, value: "" }]);
        }
        if (!ttl.trim()) return setMissing(true);
        form.submit("Cache on.", [{ key: CACHE_TTL, value: ttl }]);
      }}
      intro={
        <>
          When on, an identical request (same provider, model, prompt and parameters) answered within the lifetime below is shown again at
          once from history, marked “cached”, at no cost. Never used when you ask for repeats. Off unless set.
        </>
      }
    >
      <label className="switch-row">
        <input
          type="checkbox"
          role="switch"
          checked={on}
          onChange={(e) => {
            setOn(e.target.checked);
            setMissing(false);
            if (e.target.checked) setTimeout(() => input.current?.querySelector("input")?.focus(), 0);
          }}
          data-testid="cache-on"
        />
        <span>{on ? "On" : "Off"}</span>
        {savedOn && <span className="muted small">(saved: {formatSeconds(s.cache_ttl_seconds!)})</span>}
      </label>
      <div ref={input}>
        <SettingField
          row={row}
          label="Lifetime of a cached answer"
          value={on ? ttl : ""}
          onChange={(v) => {
            setMissing(false);
            form.set(CACHE_TTL, v);
          }}
          disabled={!on}
          error={missing ? "Say how long an answer stays reusable, in seconds (3600 is an hour), or turn the cache off." : form.fieldError(CACHE_TTL)}
          testId="cache-ttl"
        />
      </div>
    </SettingsCard>
  );
}

export function BudgetsSection({ s }: { s: SettingsView }) {
  return (
    <>
      <Budgets s={s} />
      <Cache s={s} />
    </>
  );
}
