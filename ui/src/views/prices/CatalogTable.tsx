// The catalog as a table: every model of a source, virtualized (only the rows in view are in the
// DOM), filtered and sorted as the URL says, in the columns the person chose; a workload's cost
// and the last prompt's cost as columns of their own; models ticked for "Compare these"; a
// model's name opens its page beside the table (ModelPanel).
//
// Invariants: the filters, the unit, the workload and the opened model are URL state
// (search.ts); the chosen columns are a preference; the ticked models are this view's own
// (a selection is not worth a link; PricesView keys the table by catalog, so another catalog
// starts with none ticked); a column never shifts while scrolling (the sizer row).
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { ArrowDown, ArrowUp, Columns3, Plus } from "lucide-react";
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState } from "react";

import type { BackendError, CatalogModel } from "../../backend";
import type { Sort } from "../../app/prefs";
import { useCatalog, useModelSets } from "../../app/queries";
import { useUrlText } from "../../app/urlText";
import { usePrefs, useServices } from "../../app/services";
import { applyFilter, vendorsOf } from "../../catalog/filter";
import { ContextSelect, InputModalitySelect, VendorSelect } from "../../catalog/FilterSelects";
import { CatalogNotice } from "../../components/CatalogNotice";
import { Button, cx, IconButton, Popover, useVirtualRows } from "../../kit";
import { pickLabel, type Source, withPick } from "../../targets";
import { type ColumnContext, columnsOf, DEFAULT_COLUMNS, PRICE_COLUMNS, type PriceColumn, sortModels } from "./columns";
import { describeDiff, diffCatalogs } from "./refresh";
import { filterOfSearch, type PricesSearch, workloadOfSearch } from "./search";

const DEFAULT_SORT: Sort = { by: "input", desc: false };
/** Row height before the first row is measured (a name over an id). */
const ROW_ESTIMATE = 44;
/** The tool bars and the table header above the first row, before they are measured. */
const HEAD_ESTIMATE = 130;

/** Sets URL search values (undefined removes one); the history entry is replaced while typing. */
export function usePricesNav() {
  const navigate = useNavigate();
  return useCallback((patch: Partial<PricesSearch>, replace = false) => void navigate({ to: "/prices", search: (p: PricesSearch) => ({ ...p, ...patch }), replace }), [navigate]);
}

/** What the calculator's workload costs on each model, and the last prompt on each. */
function useCostColumns(source: Source, search: PricesSearch) {
  const { backend } = useServices();
  const workload = workloadOfSearch(search);
  const cost = useQuery({
    queryKey: ["prices", "calc", source.provider, source.endpoint, workload],
    queryFn: () => backend.calculateCosts(source.provider, source.endpoint, workload!),
    enabled: workload !== null,
    placeholderData: (prev) => prev,
  });
  const last = useQuery({ queryKey: ["prices", "last", source.provider, source.endpoint], queryFn: () => backend.lastPromptCosts(source.provider, source.endpoint), staleTime: 60_000 });
  const on = workload !== null;
  const costMap = useMemo(() => (on && cost.data ? new Map(cost.data.map((c) => [c.model, c.usd])) : null), [on, cost.data]);
  const lastMap = useMemo(() => (last.data ? new Map(last.data.costs.map((c) => [c.model, c])) : null), [last.data]);
  return { cost: costMap, last: lastMap, lastTitle: last.data?.title ?? null };
}

const PriceRow = memo(function PriceRow({ m, index, cols, ctx, picked, ticked, open, onTick, onOpen, onAdd, rowRef }: {
  m: CatalogModel;
  index: number;
  cols: PriceColumn[];
  ctx: ColumnContext;
  picked: boolean;
  ticked: boolean;
  open: boolean;
  onTick: (id: string, on: boolean) => void;
  onOpen: (id: string) => void;
  onAdd: (id: string) => void;
  rowRef?: ((el: HTMLElement | null) => void) | undefined;
}) {
  const addLabel = picked ? `${m.id} is picked in Compare` : `Add ${m.id} to Compare`;
  return (
    <tr ref={rowRef} data-index={index} aria-rowindex={index + 2} className={cx(open && "open", ticked && "ticked")} data-testid="price-row" data-model={m.id}>
      <td className="cell-tick">
        <input type="checkbox" checked={ticked} onChange={(e) => onTick(m.id, e.target.checked)} aria-label={`Tick ${m.id} to compare`} data-testid="price-tick" />
      </td>
      <td>
        <button type="button" className="cell-open" onClick={() => onOpen(m.id)} title="Its providers, prices, history and your own numbers" data-testid="price-open">
          <span className="cell-name">{m.name}</span>
          <span className="cell-id muted">{m.id}</span>
        </button>
      </td>
      {cols.map((c) => (
        <td key={c.id} className={c.numeric ? "right" : undefined} data-col={c.id}>
          {c.text(m, ctx)}
        </td>
      ))}
      <td className="right">
        {/* The browser's own tooltip, not the kit's: a kit tooltip per row cost most of a keystroke's
            render when the rows in view are replaced (BENCHMARKS.md, the Prices table). */}
        <Button size="sm" variant="ghost" className="icon-btn" aria-label={addLabel} title={addLabel} disabled={picked} onClick={() => onAdd(m.id)}>
          <Plus size={14} aria-hidden />
        </Button>
      </td>
    </tr>
  );
});

/** The longest text of each column over the catalog, drawn as a row of no height. */
function widest(rows: CatalogModel[], cols: PriceColumn[], ctx: ColumnContext) {
  const longest = (text: (m: CatalogModel) => string) =>
    rows.reduce((best, m) => {
      const t = text(m);
      return t.length > best.length ? t : best;
    }, "");
  return { name: longest((m) => m.name), id: longest((m) => m.id), cols: cols.map((c) => longest((m) => c.text(m, ctx))) };
}

/** What the search box matches against, made once per catalog. */
const haystacks = new WeakMap<CatalogModel[], string[]>();
function haystackOf(models: CatalogModel[]): string[] {
  let hay = haystacks.get(models);
  if (!hay) haystacks.set(models, (hay = models.map((m) => `${m.id} ${m.name}`.toLowerCase())));
  return hay;
}

export function CatalogTable({ source }: { source: Source }) {
  const search = useSearch({ from: "/prices" });
  const go = usePricesNav();
  const navigate = useNavigate();
  const { prefs } = useServices();
  const sort = usePrefs((s) => s.sorts.prices ?? DEFAULT_SORT);
  const chosen = usePrefs((s) => s.priceColumns) ?? DEFAULT_COLUMNS;
  const picks = usePrefs((s) => s.picks);
  const catalog = useCatalog(source);
  const [text, setText] = useUrlText(search.q, (q) => go({ q }, true));
  const [ticked, setTicked] = useState<Set<string>>(() => new Set());
  const { cost, last, lastTitle } = useCostColumns(source, search);
  const ctx: ColumnContext = useMemo(() => ({ per: search.k ? 1_000 : 1_000_000, cost, last }), [search.k, cost, last]);
  const cols = useMemo(() => columnsOf(chosen, ctx), [chosen, ctx]);
  const all = useMemo(() => catalog.data?.models ?? [], [catalog.data]);
  const vendors = useMemo(() => vendorsOf(all), [all]);

  const sets = useModelSets();
  // The models of the person's saved sets on this catalog (the "In my sets" filter).
  const inSets = useMemo(
    () => new Set((sets.data ?? []).flatMap((set) => set.targets.filter((t) => (t.provider ?? "openrouter") === source.provider && (t.endpoint ?? null) === (source.endpoint ?? null)).map((t) => t.model))),
    [sets.data, source.provider, source.endpoint],
  );
  // The typed text, not the URL's (which follows once typing pauses: urlText.ts); each filter
  // by value, so the URL catching up with the text does not filter again.
  // Sorted once per sort, then filtered (a filter keeps the order): a keystroke does not sort.
  const sorted = useMemo(() => sortModels(all, sort.by, sort.desc, ctx), [all, sort, ctx]);
  const { free, vendor, max, ctx: minContext, mod, omod, tools, reasoning, structured, sets: mine } = search;
  const rows = useMemo(() => {
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    const hay = haystackOf(sorted);
    const matching = words.length ? sorted.filter((_, i) => words.every((w) => hay[i]!.includes(w))) : sorted;
    const filter = filterOfSearch({ free, vendor, max, ctx: minContext, mod, tools, reasoning, structured });
    const kept = applyFilter(matching, { ...filter, starred: !!mine }, (m) => inSets.has(m.id));
    return omod ? kept.filter((m) => m.output_modalities.includes(omod)) : kept;
  }, [sorted, text, free, vendor, max, minContext, mod, omod, tools, reasoning, structured, mine, inSets]);
  // Over the whole catalog, not the rows shown: the columns keep their widths while the person
  // types (no jump), and a keystroke does not re-measure every column's text (BENCHMARKS.md).
  const sizer = useMemo(() => widest(all, cols, ctx), [all, cols, ctx]);
  const picked = useMemo(() => new Set(picks.map(pickLabel)), [picks]);
  const setSort = (by: string) => prefs.set("sorts", { ...prefs.getState().sorts, prices: { by, desc: sort.by === by ? !sort.desc : false } satisfies Sort });

  const onTick = useCallback((id: string, on: boolean) => setTicked((t) => {
    const next = new Set(t);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  }), []);
  const onOpen = useCallback((id: string) => go({ model: id }), [go]);
  const onAdd = useCallback((id: string) => prefs.set("picks", withPick(prefs.getState().picks, { provider: source.provider, endpoint: source.endpoint, model: id })), [prefs, source]);
  const compareThese = () => {
    prefs.set("picks", [...ticked].map((model) => ({ provider: source.provider, endpoint: source.endpoint, model })));
    void navigate({ to: "/compare" });
  };

  const scroller = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLTableSectionElement>(null);
  const [head, setHead] = useState(HEAD_ESTIMATE);
  const loaded = catalog.isSuccess;
  useLayoutEffect(() => {
    const wrap = scroller.current;
    if (!loaded || !body.current || !wrap) return;
    const h = body.current.getBoundingClientRect().top - wrap.getBoundingClientRect().top + wrap.scrollTop;
    if (h > 0) setHead((prev) => (Math.abs(prev - h) < 0.5 ? prev : h));
  }, [loaded, cost !== null]); // eslint-disable-line react-hooks/exhaustive-deps
  const getItemKey = useCallback((i: number) => rows[i]!.id, [rows]);
  const { slices, firstRow, measureRow, focusProps } = useVirtualRows({ count: rows.length, getScrollElement: () => scroller.current, estimate: ROW_ESTIMATE, scrollMargin: head, getItemKey });

  if (catalog.error) return <p className="form-error pad" role="alert">{(catalog.error as BackendError).message}</p>;
  const header = (c: { id: string; label: string; title: string; numeric: boolean }) => (
    <th key={c.id} title={c.title} aria-sort={sort.by === c.id ? (sort.desc ? "descending" : "ascending") : undefined} className={c.numeric ? "right" : ""}>
      <button type="button" className="th-sort" onClick={() => setSort(c.id)} data-testid={`sort-${c.id}`}>
        {c.label}
        {sort.by === c.id && (sort.desc ? <ArrowDown size={12} aria-hidden /> : <ArrowUp size={12} aria-hidden />)}
      </button>
    </th>
  );
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
          onChange={(e) => setText(e.target.value)}
        />
        <VendorSelect vendors={vendors} value={search.vendor ?? ""} onChange={(v) => go({ vendor: v || undefined })} testId="prices-vendor" />
        <ContextSelect value={search.ctx ?? 0} onChange={(n) => go({ ctx: n || undefined })} testId="prices-context" />
        <InputModalitySelect value={search.mod ?? ""} onChange={(m) => go({ mod: m || undefined })} testId="prices-modality" />
        <select aria-label="Writes, besides text" value={search.omod ?? ""} onChange={(e) => go({ omod: e.target.value || undefined })} data-testid="prices-out-modality">
          <option value="">Text out</option>
          <option value="image">Makes images</option>
          <option value="audio">Speaks audio</option>
        </select>
        <label className="prices-max" title="Input price, USD per million tokens, at most">
          ≤ $
          <input
            className="num"
            inputMode="decimal"
            placeholder="any"
            aria-label="Input price at most, USD per million tokens"
            defaultValue={search.max ?? ""}
            onChange={(e) => {
              const v = Number(e.target.value);
              go({ max: e.target.value.trim() !== "" && Number.isFinite(v) && v >= 0 ? v : undefined }, true);
            }}
            data-testid="prices-max"
          />
          /M in
        </label>
        {(
          [
            ["free", "Free"],
            ["tools", "Tools"],
            ["reasoning", "Reasons"],
            ["structured", "JSON schema"],
            ["sets", "In my sets"],
          ] as const
        ).map(([key, label]) => (
          <label key={key} className="check small">
            <input type="checkbox" checked={!!search[key]} onChange={(e) => go({ [key]: e.target.checked || undefined })} data-testid={`prices-${key}`} /> {label}
          </label>
        ))}
      </div>
      <div className="prices-tools prices-tools-2">
        <Calculator search={search} />
        <span className="spacer" />
        <label className="check small" title="Show prices per thousand tokens instead of per million">
          <input type="checkbox" checked={!!search.k} onChange={(e) => go({ k: e.target.checked || undefined })} data-testid="prices-per-1k" /> per 1K
        </label>
        <ColumnsMenu chosen={chosen} onChange={(c) => prefs.set("priceColumns", c)} />
        <span className="muted small num" data-testid="prices-count">
          {rows.length.toLocaleString("en-US")} shown
        </span>
        {ticked.size > 0 && (
          <Button size="sm" variant="primary" onClick={compareThese} data-testid="compare-these">
            Compare these ({ticked.size})
          </Button>
        )}
        <RefreshButton source={source} />
        <CatalogNotice source={source} catalog={catalog.data} onRetry={() => void catalog.refetch()} retrying={catalog.isFetching} />
      </div>
      {last && lastTitle && cols.some((c) => c.id === "last") && (
        <p className="muted small prices-last" data-testid="prices-last-title">
          “Last prompt”: {lastTitle} — what it cost where it ran, ≈ an estimate elsewhere.
        </p>
      )}
      <table className="prices-table" data-testid="prices-table" aria-rowcount={rows.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
            <th className="cell-tick">
              <span className="visually-hidden">Tick to compare</span>
            </th>
            {header({ id: "name", label: "Model", title: "Name and id: opens its page", numeric: false })}
            {cols.map((c) => header({ id: c.id, label: c.label(ctx), title: c.title, numeric: c.numeric }))}
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
                  <td colSpan={cols.length + 3} style={{ height: s.size }} />
                </tr>
              );
            }
            const m = rows[s.item.index]!;
            return (
              <PriceRow
                key={m.id}
                m={m}
                index={s.item.index}
                cols={cols}
                ctx={ctx}
                picked={picked.has(pickLabel({ provider: source.provider, endpoint: source.endpoint, model: m.id }))}
                ticked={ticked.has(m.id)}
                open={search.model === m.id}
                onTick={onTick}
                onOpen={onOpen}
                onAdd={onAdd}
                rowRef={s.item.index === firstRow ? measureRow : undefined}
              />
            );
          })}
          {rows.length > 0 && (
            <tr className="prices-sizer" aria-hidden>
              <td className="cell-tick" />
              <td>
                <div className="cell-name">{sizer.name}</div>
                <div className="cell-id">{sizer.id}</div>
              </td>
              {cols.map((c, i) => (
                <td key={c.id} className={c.numeric ? "right" : undefined}>
                  {sizer.cols[i]}
                </td>
              ))}
              <td />
            </tr>
          )}
        </tbody>
      </table>
      {rows.length === 0 && catalog.data && <p className="muted pad" data-testid="prices-none">No model matches these filters.</p>}
    </div>
  );
}

/** The workload the "Your workload" column prices: tokens in and out, and the cache's share. */
function Calculator({ search }: { search: PricesSearch }) {
  const go = usePricesNav();
  const field = (key: "cin" | "cout" | "hit", label: string, placeholder: string, testId: string) => (
    <label className="calc-field">
      {label}
      <input
        className="num"
        inputMode="numeric"
        placeholder={placeholder}
        defaultValue={search[key] ?? ""}
        onChange={(e) => {
          const v = Number(e.target.value.replace(/[,_ ]/g, ""));
          go({ [key]: e.target.value.trim() !== "" && Number.isFinite(v) && v >= 0 ? v : undefined }, true);
        }}
        aria-label={label}
        data-testid={testId}
      />
    </label>
  );
  return (
    <div className="calc" role="group" aria-label="Cost calculator" title="What one request of this size costs on every model, as the “Your workload” column (sortable)">
      <strong className="small">Calculator</strong>
      {field("cin", "Tokens in", "e.g. 2000", "calc-in")}
      {field("cout", "out", "e.g. 500", "calc-out")}
      {field("hit", "cache hit %", "0", "calc-hit")}
    </div>
  );
}

/** Which columns, in which order: a list with a tick and up/down for each. */
function ColumnsMenu({ chosen, onChange }: { chosen: string[]; onChange: (c: string[]) => void }) {
  const order = [...chosen, ...PRICE_COLUMNS.map((c) => c.id).filter((id) => !chosen.includes(id))];
  const move = (id: string, by: number) => {
    const i = chosen.indexOf(id);
    const j = i + by;
    if (i < 0 || j < 0 || j >= chosen.length) return;
    const next = [...chosen];
    [next[i], next[j]] = [next[j]!, next[i]!];
    onChange(next);
  };
  return (
    <Popover
      trigger={
        <Button size="sm" data-testid="prices-columns">
          <Columns3 size={13} aria-hidden /> Columns
        </Button>
      }
      title="Columns, in order"
      align="end"
    >
      <ul className="columns-menu" data-testid="prices-columns-menu">
        {order.map((id) => {
          const c = PRICE_COLUMNS.find((x) => x.id === id)!;
          const on = chosen.includes(id);
          return (
            <li key={id}>
              <label className="check small">
                <input type="checkbox" checked={on} onChange={(e) => onChange(e.target.checked ? [...chosen, id] : chosen.filter((x) => x !== id))} data-testid={`column-toggle-${id}`} />
                {c.label({ per: 1_000_000, cost: null, last: null })}
              </label>
              {on && (
                <span className="columns-move">
                  <IconButton size="sm" label={`Move ${id} left`} icon={<ArrowUp size={12} aria-hidden />} onClick={() => move(id, -1)} />
                  <IconButton size="sm" label={`Move ${id} right`} icon={<ArrowDown size={12} aria-hidden />} onClick={() => move(id, 1)} />
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <Button size="sm" variant="ghost" onClick={() => onChange(DEFAULT_COLUMNS)} data-testid="prices-columns-reset">
        Back to the defaults
      </Button>
    </Popover>
  );
}

/** Fetches the catalog now and says what changed since the list shown (added, repriced, gone). */
function RefreshButton({ source }: { source: Source }) {
  const catalog = useCatalog(source);
  const [said, setSaid] = useState<string | null>(null);
  if (source.provider === "demo") return null;
  const refresh = async () => {
    const before = catalog.data?.models ?? [];
    setSaid(null);
    const after = await catalog.refetch();
    if (after.error) return setSaid((after.error as BackendError).message);
    if (after.data?.unreachable) return setSaid(`Not refreshed: ${after.data.unreachable.message}`);
    setSaid(`Refreshed: ${describeDiff(diffCatalogs(before, after.data?.models ?? []))}.`);
  };
  return (
    <>
      <Button size="sm" onClick={() => void refresh()} disabled={catalog.isFetching} data-testid="prices-refresh" title="Fetch the catalog now; what changed is said here and recorded in Price changes">
        {catalog.isFetching ? "Refreshing…" : "Refresh"}
      </Button>
      {said && (
        <span className="muted small" role="status" data-testid="prices-refreshed">
          {said}
        </span>
      )}
    </>
  );
}
