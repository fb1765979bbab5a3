// History's search box and filters: the text (answered as typed, in the URL once typing pauses),
// the outcome, and a "Filters" popover for model, provider, days, an answer's cost, voted and
// tag; every filter set shows as a chip that removes it. All of it is URL state (search.ts).
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { SlidersHorizontal, X } from "lucide-react";

import type { SlotStatus } from "../../backend";
import { qk, useTags } from "../../app/queries";
import { useServices } from "../../app/services";
import { useUrlText } from "../../app/urlText";
import { Button, Popover } from "../../kit";
import { ImportButton } from "./ImportButton";
import { chipLabel, FILTER_KEYS, type HistorySearch, STATUSES } from "./search";

const STATUS_LABELS: Record<string, string> = {
  "": "Any outcome",
  done: "Done",
  failed: "Failed",
  refused: "Refused",
  truncated: "Truncated",
  cancelled: "Stopped",
  interrupted: "Interrupted",
};

/** Sets URL search values (undefined removes one), keeping the comparison open. */
export function useHistoryNav() {
  const navigate = useNavigate();
  return (patch: Partial<HistorySearch>, replace = false) => void navigate({ to: ".", search: (prev: HistorySearch) => ({ ...prev, ...patch }), replace });
}

/** The typed search text: the view searches it at once; the URL follows (urlText.ts). */
export function useHistoryText() {
  const search = useSearch({ from: "/history" });
  const go = useHistoryNav();
  return useUrlText(search.q, (q) => go({ q }, true));
}

export function FilterBar({ text, setText }: { text: string; setText: (t: string) => void }) {
  const search = useSearch({ from: "/history" });
  const go = useHistoryNav();
  const set = FILTER_KEYS.filter((k) => search[k] !== undefined);
  return (
    <div className="history-tools-wrap">
      <div className="history-tools">
        <input type="search" placeholder="Search prompts and answers…" aria-label="Search prompts and answers" maxLength={1000} value={text} onChange={(e) => setText(e.target.value)} data-testid="history-search" data-focus-target />
        <select aria-label="Outcome" value={search.status ?? ""} data-testid="history-status" onChange={(e) => go({ status: (e.target.value || undefined) as SlotStatus | undefined })}>
          {["", ...STATUSES].map((v) => (
            <option key={v} value={v}>
              {STATUS_LABELS[v]}
            </option>
          ))}
        </select>
        <Popover
          trigger={
            <Button size="sm" data-testid="history-filters" title="Model, provider, days, cost, voted, tag">
              <SlidersHorizontal size={14} aria-hidden /> Filters
            </Button>
          }
          title="Filter the history"
          align="end"
          testId="history-filters-menu"
        >
          <FilterForm search={search} />
        </Popover>
        <ImportButton />
      </div>
      {set.length > 0 && (
        <div className="history-chips" data-testid="history-chips">
          {set.map((k) => (
            <span key={k} className="history-chip" data-testid={`chip-${k}`}>
              {chipLabel(k, search)}
              <button type="button" className="history-chip-x" aria-label={`Remove the filter ${chipLabel(k, search)}`} onClick={() => go({ [k]: undefined })}>
                <X size={12} aria-hidden />
              </button>
            </span>
          ))}
          {set.length > 1 && (
            <button type="button" className="link-button small" onClick={() => go(Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined])))} data-testid="chips-clear">
              Clear all
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/** The models and providers the history has answers from (read when the form opens). */
function useAnswered() {
  const { backend } = useServices();
  const q = useQuery({ queryKey: qk.analytics(null), queryFn: () => backend.analytics(null), staleTime: 30_000 });
  const rows = q.data?.models ?? [];
  return { models: [...new Set(rows.map((r) => r.model))].sort(), providers: [...new Set(rows.map((r) => r.provider))].sort() };
}

function FilterForm({ search }: { search: HistorySearch }) {
  const go = useHistoryNav();
  const tags = useTags();
  const { models, providers } = useAnswered();
  const money = (key: "min" | "max", label: string) => (
    <label className="filter-field">
      {label}
      <input
        className="num"
        inputMode="decimal"
        placeholder="any"
        defaultValue={search[key] ?? ""}
        onChange={(e) => {
          const v = Number(e.target.value);
          go({ [key]: e.target.value.trim() !== "" && Number.isFinite(v) && v >= 0 ? v : undefined }, true);
        }}
        data-testid={`filter-${key}`}
      />
    </label>
  );
  return (
    <div className="filter-form" data-testid="history-filter-form">
      <label className="filter-field">
        Model
        <select value={search.model ?? ""} onChange={(e) => go({ model: e.target.value || undefined })} data-testid="filter-model">
          <option value="">Any model</option>
          {search.model && !models.includes(search.model) && <option value={search.model}>{search.model}</option>}
          {models.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <label className="filter-field">
        Provider
        <select value={search.provider ?? ""} onChange={(e) => go({ provider: e.target.value || undefined })} data-testid="filter-provider">
          <option value="">Any provider</option>
          {search.provider && !providers.includes(search.provider) && <option value={search.provider}>{search.provider}</option>}
          {providers.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <label className="filter-field">
        From
        <input type="date" value={search.from ?? ""} max={search.to} onChange={(e) => go({ from: e.target.value || undefined })} data-testid="filter-from" />
      </label>
      <label className="filter-field">
        To
        <input type="date" value={search.to ?? ""} min={search.from} onChange={(e) => go({ to: e.target.value || undefined })} data-testid="filter-to" />
      </label>
      {money("min", "An answer cost at least $")}
      {money("max", "at most $")}
      <label className="filter-field">
        Votes
        <select value={search.voted === undefined ? "" : String(search.voted)} onChange={(e) => go({ voted: e.target.value === "" ? undefined : e.target.value === "true" })} data-testid="filter-voted">
          <option value="">Voted or not</option>
          <option value="true">Voted on</option>
          <option value="false">Not voted on</option>
        </select>
      </label>
      <label className="filter-field">
        Tag
        <select value={search.tag ?? ""} onChange={(e) => go({ tag: e.target.value || undefined })} data-testid="filter-tag">
          <option value="">Any tag</option>
          {search.tag && !(tags.data ?? []).some((t) => t.tag === search.tag) && <option value={search.tag}>{search.tag}</option>}
          {(tags.data ?? []).map((t) => (
            <option key={t.tag} value={t.tag}>
              {t.tag} ({t.count})
            </option>
          ))}
        </select>
      </label>
      <p className="muted small">Days are UTC calendar days. Answers of unknown cost never match a cost bound.</p>
    </div>
  );
}
