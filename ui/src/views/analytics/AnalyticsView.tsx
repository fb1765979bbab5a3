// Analytics: where the money and the time went, from the person's own history. A range (today,
// 7, 30 or 90 days, all, or custom days) and the filters History has (model, provider, tag), all
// in the URL; then the totals (spend billed and computed, answers of unknown cost counted apart,
// failure and refusal rates, today against the daily budget, the month and its projection),
// spend per day, the per-model table, the leaderboard with cost per win, and recommendations.
// Every figure drills through to the History list it summarizes (search.ts `historyLink`).
//
// The store computes the figures (`analytics`, `leaderboard`, `recommendations`); this room only
// adds what figures.ts derives from them.
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate, useSearch } from "@tanstack/react-router";
import { ChartNoAxesColumn } from "lucide-react";
import { useEffect, useMemo, useState } from "react";

import type { BackendError } from "../../backend";
import { analyticsQuery, qk, useSettings, useTags } from "../../app/queries";
import { useServices } from "../../app/services";
import { formatUsd } from "../../format";
import { cx, EmptyState } from "../../kit";
import { dayOf, type HistorySearch } from "../history/search";
import { monthProjection, totalsOf } from "./figures";
import { ModelTable } from "./ModelTable";
import { type AnalyticsSearch, daysOf, filterOfAnalytics, historyLink, RANGE_LABELS, RANGES, type Range } from "./search";
import { SpendPerDay } from "./SpendPerDay";
import { Leaderboard, Recommendations } from "./Votes";
import "./analytics.css";

const DAY_MS = 86_400_000;
const pct = (n: number, of: number) => (of === 0 ? "—" : `${((n / of) * 100).toFixed(n > 0 && n / of < 0.01 ? 1 : 0)} %`);

export function AnalyticsView() {
  const search = useSearch({ from: "/analytics" });
  const navigate = useNavigate();
  const { backend } = useServices();
  // Read once: a range is "the last 7 days" as of opening the room.
  const [now] = useState(() => Date.now());
  const filter = useMemo(() => filterOfAnalytics(search, now), [search, now]);
  const data = useQuery({ ...analyticsQuery(backend, filter), placeholderData: (p) => p });
  const go = (patch: Partial<AnalyticsSearch>) => void navigate({ to: "/analytics", search: (p: AnalyticsSearch) => ({ ...p, ...patch }) });
  // What is below the fold (and the filters' choices) is read once the figures above are
  // painted: each is a scan of the history, and on two cores they would delay that paint.
  const later = useAfterPaint(!!data.data);
  const range = search.range ?? "30d";
  const { from, to } = daysOf(search, now);

  return (
    <div className="analytics" data-testid="analytics-view">
      <header className="room-head an-head">
        <div>
          <h1>Analytics</h1>
          <p className="muted small">
            What your own history says{from ? ` from ${from}` : ""}
            {to ? ` to ${to}` : from ? " to today" : ", all of it"} (UTC days).
          </p>
        </div>
        <div className="an-controls">
          <div className="an-seg" role="group" aria-label="Range" data-testid="an-range">
            {RANGES.map((r) => (
              <button key={r} type="button" className={cx(range === r && "on")} aria-pressed={range === r} onClick={() => go(r === "custom" ? { range: r, from: from ?? dayOf(now - 29 * DAY_MS), to: to ?? dayOf(now) } : { range: r === "30d" ? undefined : (r as Range), from: undefined, to: undefined })} data-testid={`range-${r}`}>
                {RANGE_LABELS[r]}
              </button>
            ))}
          </div>
          {range === "custom" && (
            <span className="an-custom">
              <input type="date" aria-label="First day" value={search.from ?? ""} max={search.to} onChange={(e) => go({ from: e.target.value || undefined })} data-testid="an-from" />
              –
              <input type="date" aria-label="Last day" value={search.to ?? ""} min={search.from} onChange={(e) => go({ to: e.target.value || undefined })} data-testid="an-to" />
            </span>
          )}
          <Filters search={search} go={go} ready={later} />
        </div>
      </header>
      {data.error ? (
        <p className="form-error pad" role="alert" data-testid="an-error">
          {(data.error as BackendError).message}
        </p>
      ) : !data.data ? (
        <p className="muted pad">Reading your history…</p>
      ) : data.data.models.length === 0 ? (
        <EmptyState icon={<ChartNoAxesColumn size={40} />} title="No answers in this range" testId="an-empty">
          <p>{range === "all" ? "Compare some models and their numbers gather here." : "Try a longer range, or fewer filters."}</p>
        </EmptyState>
      ) : (
        <div className="an-body" aria-busy={data.isFetching}>
          <Totals models={data.data.models} search={search} now={now} />
          <SpendPerDay data={data.data} search={search} now={now} />
          <ModelTable models={data.data.models} search={search} now={now} later={later} />
          {/* Below the fold, and each a scan of the history: read after the figures above. */}
          <Leaderboard filter={filter} search={search} enabled={later} />
          <Recommendations enabled={later} />
        </div>
      )}
    </div>
  );
}

/**
 * Model, provider and tag: the filters History also has. Their choices (every model with an
 * answer) are read once the room's own figures are on screen (`ready`): the same scan of the
 * history as "All", which would otherwise delay the first paint.
 */
function Filters({ search, go, ready }: { search: AnalyticsSearch; go: (p: Partial<AnalyticsSearch>) => void; ready: boolean }) {
  const { backend } = useServices();
  const all = useQuery({ queryKey: qk.analytics(null), queryFn: () => backend.analytics(null), staleTime: 30_000, enabled: ready });
  const tags = useTags();
  const models = [...new Set((all.data?.models ?? []).map((m) => m.model))].sort();
  const providers = [...new Set((all.data?.models ?? []).map((m) => m.provider))].sort();
  const select = (key: "model" | "provider" | "tag", any: string, options: string[]) => (
    <select aria-label={any} value={search[key] ?? ""} onChange={(e) => go({ [key]: e.target.value || undefined })} data-testid={`an-${key}`}>
      <option value="">{any}</option>
      {search[key] && !options.includes(search[key]!) && <option value={search[key]}>{search[key]}</option>}
      {options.map((o) => (
        <option key={o} value={o}>
          {key === "tag" ? `#${o}` : o}
        </option>
      ))}
    </select>
  );
  return (
    <span className="an-filters">
      {select("model", "Any model", models)}
      {select("provider", "Any provider", providers)}
      {select(
        "tag",
        "Any tag",
        (tags.data ?? []).map((t) => t.tag),
      )}
    </span>
  );
}

/** The range's totals, and today and this month against the budget. */
function Totals({ models, search, now }: { models: Parameters<typeof totalsOf>[0]; search: AnalyticsSearch; now: number }) {
  const { backend } = useServices();
  const settings = useSettings();
  const t = totalsOf(models);
  const monthStart = Date.parse(`${dayOf(now).slice(0, 7)}-01T00:00:00Z`);
  const monthFilter = { model: null, provider: null, since_ms: monthStart, until_ms: null, status: null, min_cost_usd: null, max_cost_usd: null, has_vote: null, tag: null };
  const month = useQuery({ queryKey: qk.analytics(monthFilter), queryFn: () => backend.analytics(monthFilter), staleTime: 10_000 });
  const m = month.data ? monthProjection(month.data.spend_per_day, now) : null;
  const budget = settings.data?.budget_daily_usd ?? null;
  const today = settings.data?.spent_today_usd ?? null;
  const link = (more: Partial<HistorySearch>) => historyLink(search, now, more);
  return (
    <section className="an-cards" aria-label="Totals" data-testid="an-totals">
      <div className="an-card" data-testid="an-card-spend">
        <span className="muted small">Spend</span>
        <strong className="num">
          {formatUsd(t.cost)}
          {t.unknown > 0 && t.cost !== null ? "+" : ""}
        </strong>
        <span className="small muted">
          {formatUsd(t.billed)} billed · {formatUsd(t.computed)} computed
        </span>
        {t.unknown > 0 && (
          <span className="small warn-text" data-testid="an-unknown">
            + {t.unknown.toLocaleString("en-US")} answer{t.unknown === 1 ? "" : "s"} of unknown cost
          </span>
        )}
      </div>
      <div className="an-card" data-testid="an-card-answers">
        <span className="muted small">Answers</span>
        <strong className="num">{t.requests.toLocaleString("en-US")}</strong>
        <span className="small">
          <Link to="/history" search={link({ status: "failed" })} className="bad">
            {pct(t.errors, t.rated)} failed
          </Link>
          {" · "}
          <Link to="/history" search={link({ status: "refused" })}>
            {pct(t.refused, t.rated)} refused
          </Link>
        </span>
      </div>
      <div className="an-card" data-testid="an-card-today">
        <span className="muted small">Today</span>
        <strong className="num">{formatUsd(today)}</strong>
        <span className="small muted">{budget === null ? "no daily budget set" : `of a ${formatUsd(budget)} daily budget${today !== null && today > budget ? " — over" : ""}`}</span>
        {budget !== null && today !== null && (
          <span className="an-meter" role="meter" aria-valuemin={0} aria-valuemax={budget} aria-valuenow={today} aria-label="Today's spend against the daily budget">
            <span className={cx("an-meter-fill", today > budget && "over")} style={{ width: `${Math.min(100, (today / budget) * 100)}%` }} />
          </span>
        )}
      </div>
      <div className="an-card" data-testid="an-card-month">
        <span className="muted small">This month (UTC)</span>
        <strong className="num">
          {formatUsd(m?.spent)}
          {m && m.unknown > 0 && m.spent !== null ? "+" : ""}
        </strong>
        <span className="small muted">{m && m.projected !== null ? `≈ ${formatUsd(m.projected)} by the ${ordinal(m.days)} at this pace (day ${m.day} of ${m.days})` : "nothing spent yet"}</span>
        {budget !== null && m && <span className="small muted">daily budget × {m.days} days = {formatUsd(budget * m.days)}</span>}
      </div>
    </section>
  );
}

/** True from two frames after `ready` (the paint it caused is on screen). */
function useAfterPaint(ready: boolean): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (!ready || painted) return;
    if (typeof requestAnimationFrame === "undefined") {
      const t = setTimeout(() => setPainted(true), 0);
      return () => clearTimeout(t);
    }
    let second = 0;
    const first = requestAnimationFrame(() => (second = requestAnimationFrame(() => setPainted(true))));
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, [ready, painted]);
  return painted;
}

const ordinal = (n: number) => `${n}${n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th"}`;
