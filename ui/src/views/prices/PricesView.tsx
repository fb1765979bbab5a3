// Prices: the catalog of each source with its prices. Today one table (search, free only, sort,
// add to Compare); the tabs say what is coming. Search text, source and filter are in the URL.
import { useNavigate, useSearch } from "@tanstack/react-router";
import { ArrowDown, ArrowUp, Plus } from "lucide-react";
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from "react";

import type { BackendError, CatalogModel, Price } from "../../backend";
import type { Sort } from "../../app/prefs";
import { useCatalog, useSettings } from "../../app/queries";
import { usePrefs, useServices } from "../../app/services";
import { CatalogNotice } from "../../components/CatalogNotice";
import { formatCount, formatPrice } from "../../format";
import { EmptyState, IconButton, Tabs, useVirtualRows } from "../../kit";
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

const cacheText = (m: CatalogModel) => (m.cache_read_price.kind === "unknown" ? "—" : formatPrice(m.cache_read_price));

/** One catalog row; memoized, so scrolling re-renders only the rows that come into view. */
const PriceRow = memo(function PriceRow({ m, index, source, picked, rowRef }: { m: CatalogModel; index: number; source: Source; picked: boolean; rowRef?: ((el: HTMLElement | null) => void) | undefined }) {
  const { prefs } = useServices();
  return (
    <tr ref={rowRef} data-index={index} aria-rowindex={index + 2}>
      <td>
        <div className="cell-name">{m.name}</div>
        <div className="cell-id muted">{m.id}</div>
      </td>
      <td className="right">{formatPrice(m.prompt_price)}</td>
      <td className="right">{formatPrice(m.completion_price)}</td>
      <td className="right">{cacheText(m)}</td>
      <td className="right">{formatCount(m.context_length)}</td>
      <td className="right">
        <IconButton
          size="sm"
          label={picked ? `${m.id} is picked in Compare` : `Add ${m.id} to Compare`}
          icon={<Plus size={14} aria-hidden />}
          disabled={picked}
          onClick={() => prefs.set("picks", withPick(prefs.getState().picks, { provider: source.provider, endpoint: source.endpoint, model: m.id }))}
        />
      </td>
    </tr>
  );
});

/**
 * The longest text of each column among the rows shown. Rendered as one row of no height, it
 * keeps each column as wide as if every row were in the DOM: only the rows in view are, and the
 * columns would otherwise shift while scrolling.
 */
function widest(rows: CatalogModel[]) {
  const longest = (text: (m: CatalogModel) => string) => rows.reduce((best, m) => {
    const t = text(m);
    return t.length > best.length ? t : best;
  }, "");
  return {
    name: longest((m) => m.name),
    id: longest((m) => m.id),
    prompt: longest((m) => formatPrice(m.prompt_price)),
    completion: longest((m) => formatPrice(m.completion_price)),
    cache: longest(cacheText),
    context: longest((m) => formatCount(m.context_length)),
  };
}

/** What the search box matches against, made once per catalog. */
const haystacks = new WeakMap<CatalogModel[], string[]>();
function haystackOf(models: CatalogModel[]): string[] {
  let hay = haystacks.get(models);
  if (!hay) haystacks.set(models, (hay = models.map((m) => `${m.id} ${m.name}`.toLowerCase())));
  return hay;
}

/** Row height before the first row is measured (a name over an id). */
const ROW_ESTIMATE = 44;
/** The search bar and the table header above the first row, before they are measured. */
const HEAD_ESTIMATE = 86;

function CatalogTable({ source }: { source: Source }) {
  const search = useSearch({ from: "/prices" });
  const navigate = useNavigate();
  const { prefs } = useServices();
  const sort = usePrefs((s) => s.sorts.prices ?? DEFAULT_SORT);
  const picks = usePrefs((s) => s.picks);
  const catalog = useCatalog(source);
  const [text, setText] = useState(search.q ?? "");
  const shown = useMemo(() => {
    const words = (search.q ?? "").toLowerCase().split(/\s+/).filter(Boolean);
    const all = catalog.data?.models ?? [];
    const hay = haystackOf(all);
    return all.filter((m, i) => words.every((w) => hay[i]!.includes(w)) && (!search.free || (usd(m.prompt_price) === 0 && usd(m.completion_price) === 0)));
  }, [catalog.data, search.q, search.free]);
  const rows = useMemo(() => {
    const by = sort.by as Col;
    const keyed = shown.map((m) => ({ m, k: value(m, by) }));
    keyed.sort((a, b) => {
      const d = a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
      return sort.desc ? -d : d;
    });
    return keyed.map((x) => x.m);
  }, [shown, sort]);
  const sizer = useMemo(() => widest(shown), [shown]);
  const picked = useMemo(() => new Set(picks.map(pickLabel)), [picks]);
  const setSort = (by: Col) => prefs.set("sorts", { ...prefs.getState().sorts, prices: { by, desc: sort.by === by ? !sort.desc : false } satisfies Sort });

  // The wrap scrolls (the search bar, then the table under its sticky header); only the rows in
  // view are rendered.
  const scroller = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLTableSectionElement>(null);
  const [head, setHead] = useState(HEAD_ESTIMATE);
  const loaded = catalog.isSuccess;
  useLayoutEffect(() => {
    const wrap = scroller.current;
    if (!loaded || !body.current || !wrap) return;
    const h = body.current.getBoundingClientRect().top - wrap.getBoundingClientRect().top + wrap.scrollTop;
    if (h > 0) setHead((prev) => (Math.abs(prev - h) < 0.5 ? prev : h));
  }, [loaded]);
  const getItemKey = useCallback((i: number) => rows[i]!.id, [rows]);
  const { slices, firstRow, measureRow, focusProps } = useVirtualRows({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimate: ROW_ESTIMATE,
    scrollMargin: head,
    getItemKey,
  });

  if (catalog.error) return <p className="form-error pad" role="alert">{(catalog.error as BackendError).message}</p>;
  return (
    <div className="prices-table-wrap" ref={scroller}>
      <div className="prices-tools">
        <input
          type="search"
          placeholder={catalog.data ? `Filter ${catalog.data.models.length} models…` : "Loading…"}
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
        <CatalogNotice source={source} catalog={catalog.data} onRetry={() => void catalog.refetch()} retrying={catalog.isFetching} />
      </div>
      <table className="prices-table" data-testid="prices-table" aria-rowcount={rows.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
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
        <tbody ref={body} {...focusProps}>
          {slices.map((s) => {
            if (s.kind === "gap") {
              return (
                <tr key={s.key} className="prices-gap" aria-hidden>
                  <td colSpan={COLS.length + 1} style={{ height: s.size }} />
                </tr>
              );
            }
            const m = rows[s.item.index]!;
            return <PriceRow key={m.id} m={m} index={s.item.index} source={source} picked={picked.has(pickLabel({ provider: source.provider, endpoint: source.endpoint, model: m.id }))} rowRef={s.item.index === firstRow ? measureRow : undefined} />;
          })}
          {rows.length > 0 && (
            <tr className="prices-sizer" aria-hidden>
              <td>
                <div className="cell-name">{sizer.name}</div>
                <div className="cell-id">{sizer.id}</div>
              </td>
              <td className="right">{sizer.prompt}</td>
              <td className="right">{sizer.completion}</td>
              <td className="right">{sizer.cache}</td>
              <td className="right">{sizer.context}</td>
              <td />
            </tr>
          )}
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
