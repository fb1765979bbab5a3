// Prices: the catalog of each source with its prices. Today one table (search, free only, sort,
// add to Compare); the tabs say what is coming. Search text, source and filter are in the URL.
import { useNavigate, useSearch } from "@tanstack/react-router";
import { ArrowDown, ArrowUp, Plus } from "lucide-react";
import { useMemo, useState, type ReactNode } from "react";

import type { BackendError, CatalogModel, Price } from "../../backend";
import type { Sort } from "../../app/prefs";
import { useCatalog, useSettings } from "../../app/queries";
import { usePrefs, useServices } from "../../app/services";
import { formatCount, formatPrice } from "../../format";
import { EmptyState, IconButton, Tabs } from "../../kit";
import { OPENROUTER, pickLabel, sourceKey, sourcesOf, withPick, type Source } from "../../targets";

type Col = "name" | "prompt" | "completion" | "cache" | "context";
const COLS: { id: Col; label: string; title: string }[] = [
  { id: "name", label: "Model", title: "Name and id" },
  { id: "prompt", label: "Input $/M", title: "USD per million input tokens" },
  { id: "completion", label: "Output $/M", title: "USD per million output tokens" },
  { id: "cache", label: "Cache read $/M", title: "USD per million tokens read from the prompt cache" },
  { id: "context", label: "Context", title: "Context window, tokens" },
];
const DEFAULT_SORT: Sort = { by: "prompt", desc: false };
const usd = (p: Price) => (p.kind === "usd" ? p.usd : Number.POSITIVE_INFINITY);
const value = (m: CatalogModel, c: Col): number | string =>
  c === "name" ? m.name.toLowerCase() : c === "prompt" ? usd(m.prompt_price) : c === "completion" ? usd(m.completion_price) : c === "cache" ? usd(m.cache_read_price) : -(m.context_length ?? 0);

function CatalogTable({ source }: { source: Source }) {
  const search = useSearch({ from: "/prices" });
  const navigate = useNavigate();
  const { prefs } = useServices();
  const sort = usePrefs((s) => s.sorts.prices ?? DEFAULT_SORT);
  const picks = usePrefs((s) => s.picks);
  const catalog = useCatalog(source);
  const [text, setText] = useState(search.q ?? "");
  const rows = useMemo(() => {
    const words = (search.q ?? "").toLowerCase().split(/\s+/).filter(Boolean);
    const list = (catalog.data ?? []).filter((m) => {
      const hay = `${m.id} ${m.name}`.toLowerCase();
      return words.every((w) => hay.includes(w)) && (!search.free || (usd(m.prompt_price) === 0 && usd(m.completion_price) === 0));
    });
    const by = sort.by as Col;
    return list.sort((a, b) => {
      const [x, y] = [value(a, by), value(b, by)];
      const d = x < y ? -1 : x > y ? 1 : 0;
      return sort.desc ? -d : d;
    });
  }, [catalog.data, search.q, search.free, sort]);
  const setSort = (by: Col) => prefs.set("sorts", { ...prefs.getState().sorts, prices: { by, desc: sort.by === by ? !sort.desc : false } satisfies Sort });

  if (catalog.error) return <p className="form-error pad" role="alert">{(catalog.error as BackendError).message}</p>;
  return (
    <div className="prices-table-wrap">
      <div className="prices-tools">
        <input
          type="search"
          placeholder={catalog.data ? `Filter ${catalog.data.length} models…` : "Loading…"}
          aria-label="Filter models"
          value={text}
          data-focus-target
          data-testid="prices-search"
          onChange={(e) => {
            setText(e.target.value);
            void navigate({ to: "/prices", search: (p) => ({ ...p, q: e.target.value || undefined }), replace: true });
          }}
        />
        <label className="check-row">
          <input type="checkbox" checked={search.free ?? false} onChange={(e) => void navigate({ to: "/prices", search: (p) => ({ ...p, free: e.target.checked || undefined }) })} />
          Free only
        </label>
        <span className="muted small num">{rows.length.toLocaleString("en-US")} shown</span>
      </div>
      <table className="prices-table" data-testid="prices-table">
        <thead>
          <tr>
            {COLS.map((c) => (
              <th key={c.id} title={c.title} aria-sort={sort.by === c.id ? (sort.desc ? "descending" : "ascending") : undefined} className={c.id === "name" ? "" : "right"}>
                <button type="button" className="th-sort" onClick={() => setSort(c.id)}>
                  {c.label}
                  {sort.by === c.id && (sort.desc ? <ArrowDown size={12} aria-hidden /> : <ArrowUp size={12} aria-hidden />)}
                </button>
              </th>
            ))}
            <th>
              <span className="visually-hidden">Add</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => {
            const pick = { provider: source.provider, endpoint: source.endpoint, model: m.id };
            const picked = picks.some((p) => pickLabel(p) === pickLabel(pick));
            return (
              <tr key={m.id}>
                <td>
                  <div className="cell-name">{m.name}</div>
                  <div className="cell-id muted">{m.id}</div>
                </td>
                <td className="right">{formatPrice(m.prompt_price)}</td>
                <td className="right">{formatPrice(m.completion_price)}</td>
                <td className="right">{m.cache_read_price.kind === "unknown" ? "—" : formatPrice(m.cache_read_price)}</td>
                <td className="right">{formatCount(m.context_length)}</td>
                <td className="right">
                  <IconButton size="sm" label={picked ? `${m.id} is picked in Compare` : `Add ${m.id} to Compare`} icon={<Plus size={14} aria-hidden />} disabled={picked} onClick={() => prefs.set("picks", withPick(prefs.getState().picks, pick))} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Coming({ children }: { children: ReactNode }) {
  return (
    <EmptyState title="Coming to Prices">
      <p>{children}</p>
    </EmptyState>
  );
}

export function PricesView() {
  const search = useSearch({ from: "/prices" });
  const navigate = useNavigate();
  const settings = useSettings();
  const sources = useMemo(() => sourcesOf(settings.data), [settings.data]);
  const source = sources.find((s) => sourceKey(s) === search.source) ?? OPENROUTER;
  const [tab, setTab] = useState<"catalog" | "history" | "calculator" | "mine">("catalog");
  return (
    <div className="prices" data-testid="prices-view">
      <header className="room-head">
        <div>
          <h1>Prices</h1>
          <p className="muted small">
            The whole catalog with each provider's prices, how they changed, a calculator for your prompts, and your own measured speed and
            cost beside the market's numbers. Today: the catalog and its list prices.
          </p>
        </div>
        <select aria-label="Catalog" value={sourceKey(source)} onChange={(e) => void navigate({ to: "/prices", search: (p) => ({ ...p, source: e.target.value }) })}>
          {sources.map((s) => (
            <option key={sourceKey(s)} value={sourceKey(s)}>
              {s.label}
            </option>
          ))}
        </select>
      </header>
      <Tabs
        label="Prices"
        value={tab}
        onChange={setTab}
        tabs={[
          { value: "catalog", label: "Catalog", content: <CatalogTable source={source} /> },
          { value: "history", label: "Price history", content: <Coming>Every recorded price change per model, with ▲/▼ badges and “changed since you last used it”.</Coming> },
          { value: "calculator", label: "Calculator", content: <Coming>The cost of N tokens in and M out for every model, with cache hits, long-prompt tiers and off-peak prices.</Coming> },
          { value: "mine", label: "Your numbers", content: <Coming>Your measured time to first token, speed and cost per model, beside the catalog's price and OpenRouter's typical latency.</Coming> },
        ]}
      />
    </div>
  );
}
