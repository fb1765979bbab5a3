import { useState } from "react";

import type { SettingsView } from "../../backend";
import { formatUsd } from "../../format";
import { Button, Field, InlineStatus } from "../../kit";
import { useSave } from "./useSave";

const PER_COMPARISON = "budget.per_comparison_usd";
const DAILY = "budget.daily_usd";
const CACHE_TTL = "cache.ttl_seconds";

function Budgets({ s }: { s: SettingsView }) {
  const [perComparison, setPerComparison] = useState(s.budget_per_comparison_usd?.toString() ?? "");
  const [daily, setDaily] = useState(s.budget_daily_usd?.toString() ?? "");
  const { save, status, pending, fieldError } = useSave();
  // Sent as typed: the settings table checks them (the same rules as `parallax config set`).
  const changes = [
    { key: PER_COMPARISON, value: perComparison },
    { key: DAILY, value: daily },
  ];
  return (
    <section className="card provider" data-testid="budgets">
      <h3>Budgets</h3>
      <p className="muted small">
        A comparison that could cost more than a cap (every answer running to its output limit) is refused before anything is sent; one that
        reaches its cap while running is stopped. Spent today (UTC): <span className="num">{formatUsd(s.spent_today_usd)}</span>.
      </p>
      <div className="row align-start">
        <Field label="Per comparison, USD" error={fieldError(PER_COMPARISON)}>
          <input inputMode="decimal" placeholder="no cap" value={perComparison} onChange={(e) => setPerComparison(e.target.value)} data-testid="budget-per-comparison" />
        </Field>
        <Field label="Per day, USD" error={fieldError(DAILY)}>
          <input inputMode="decimal" placeholder="no cap" value={daily} onChange={(e) => setDaily(e.target.value)} data-testid="budget-daily" />
        </Field>
      </div>
      <div className="row">
        <Button variant="primary" disabled={pending} onClick={() => save((b) => b.setSettings(changes), "Budgets saved.")}>
          Save
        </Button>
        <InlineStatus status={status} testId="settings-message" />
      </div>
    </section>
  );
}

function Cache({ s }: { s: SettingsView }) {
  const [minutes, setMinutes] = useState(s.cache_ttl_seconds ? String(s.cache_ttl_seconds / 60) : "");
  const { save, status, pending, fieldError } = useSave();
  // Minutes here, seconds in the setting: only the unit is converted; the table checks the value.
  const m = minutes.trim() === "" ? null : Number(minutes);
  const unitError = m !== null && !Number.isFinite(m) ? "Minutes is a number, like 15, or empty for off." : null;
  const seconds = m === null ? "" : String(Math.round(m * 60));
  return (
    <section className="card provider" data-testid="cache">
      <h3>Answer cache</h3>
      <p className="muted small">
        Off unless set. When on, an identical request (same provider, model, prompt and parameters) answered within this many minutes is
        shown again at once, marked “cached”, at no cost. Never used when you ask for repeats.
      </p>
      <div className="row align-end">
        <Field label="Minutes" error={unitError ?? fieldError(CACHE_TTL)}>
          <input inputMode="numeric" placeholder="off" value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid="cache-minutes" />
        </Field>
        <Button
          variant="primary"
          disabled={pending || unitError !== null}
          onClick={() => save((b) => b.setSettings([{ key: CACHE_TTL, value: seconds }]), seconds && seconds !== "0" ? "Cache on." : "Cache off.")}
        >
          Save
        </Button>
        <InlineStatus status={status} testId="settings-message" />
      </div>
    </section>
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
