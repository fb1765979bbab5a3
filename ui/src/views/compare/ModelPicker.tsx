// Compare's model picker: the picks as chips (the same model may be picked twice: "+1"), a
// catalog to tick models in (virtualized, fuzzy-searched, filtered: catalog/filter.ts),
// stars for favourites and a row of recent models, saved sets and aliases (preferences and the
// saved lists), and any id typed in the search box as a pick of its own (typedModel.ts), listed
// or not, online or not. Invariant: the list shows every model of the catalog that passes the
// search and the filters; only the rows in view are in the DOM.
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from "react";

import { CopyPlus, CornerDownLeft, SlidersHorizontal, Star, X } from "lucide-react";

import type { CatalogModel } from "../../backend";
import { rank } from "../../app/fuzzy";
import { useAliases, useModelSets } from "../../app/queries";
import { usePrefs, useServices } from "../../app/services";
import { formatPrice } from "../../format";
import { Badge, Button, cx, useVirtualRows } from "../../kit";
import { isDemo, localText, type Pick, pickLabel, pickOf, samePick, type Source, sourceKey, whereOf, withPick } from "../../targets";
import { activeFilters, applyFilter, canReason, canUseTools, type CatalogFilter, contextText, isFree, NO_FILTER, vendorsOf } from "../../catalog/filter";
import { ContextSelect, InputModalitySelect, VendorSelect } from "../../catalog/FilterSelects";
import { type TypedChoice, useTypedModel } from "./typedModel";

/** Option height before the first one is measured (a name over an id). */
const OPTION_ESTIMATE = 41;

/** What the search box matches against, made once per catalog. */
const haystacks = new WeakMap<CatalogModel[], string[]>();
function haystackOf(models: CatalogModel[]): string[] {
  let hay = haystacks.get(models);
  if (!hay) haystacks.set(models, (hay = models.map((m) => `${m.id} ${m.name}`.toLowerCase())));
  return hay;
}

/** One option; memoized, so scrolling renders only the options that come into view. */
const Option = memo(function Option({ m, index, on, starred, onToggle, onStar, rowRef }: { m: CatalogModel; index: number; on: boolean; starred: boolean; onToggle: (m: CatalogModel) => void; onStar: (m: CatalogModel) => void; rowRef?: ((el: HTMLElement | null) => void) | undefined }) {
  const local = localText(m);
  const ctx = contextText(m.context_length);
  return (
    <li ref={rowRef} role="option" aria-selected={on} data-index={index} className="picker-option">
      <button type="button" className={cx("star", starred && "on")} aria-label={starred ? `Unstar ${m.name}` : `Star ${m.name}`} aria-pressed={starred} onClick={() => onStar(m)} data-testid={`star-${m.id}`}>
        <Star size={13} aria-hidden />
      </button>
      <label className={on ? "on" : ""} data-testid={`model-option-${m.id}`}>
        <input type="checkbox" checked={on} onChange={() => onToggle(m)} />
        <span className="opt-name">
          {m.name}
          {isFree(m) && <Badge tone="ok" className="badge-sm">free</Badge>}
          {canReason(m) && <Badge className="badge-sm" title="Takes a reasoning effort or budget">reasoning</Badge>}
          {canUseTools(m) && <Badge className="badge-sm" title="Supports tool calls">tools</Badge>}
        </span>
        <span className="opt-id">
          {m.id}
          {ctx && <span title="Context window, tokens"> · {ctx}</span>}
          {local && (
            <span className="opt-local" title="Parameters · quantization · size on disk, as the server lists them" data-testid="model-local">
              {" "}· {local}
            </span>
          )}
        </span>
        <span className="opt-price" title="Input / output price per million tokens">
          {formatPrice(m.prompt_price)} · {formatPrice(m.completion_price)}
        </span>
      </label>
    </li>
  );
});

interface Props {
  sources: Source[];
  source: Source;
  onSource: (s: Source) => void;
  /** The current source's catalog; null while loading (or when it could not be loaded). */
  models: CatalogModel[] | null;
  modelsError: string | null;
  onRetry: () => void;
  /** A line about the list itself (saved while offline, made-up demo prices), above it. */
  notice?: ReactNode;
  picks: Pick[];
  onChange: (picks: Pick[]) => void;
  /** The search box, for a warning's "Change the models". */
  searchRef?: RefObject<HTMLInputElement | null>;
}

/** A pick's chip; a demo pick says it is one, so made-up answers and prices are never taken for real. */
function Chip({ p, onRemove, onAgain }: { p: Pick; onRemove: () => void; onAgain: () => void }) {
  const label = pickLabel(p);
  return (
    <span className="chip" data-testid="selected-model" data-demo={isDemo(p) || undefined}>
      {label}
      {isDemo(p) && (
        <Badge tone="warn" className="badge-sm" title="A built-in demo model: its answer and price are made up" data-testid="demo-badge">
          demo
        </Badge>
      )}
      {/* Remove comes first in the DOM (the first button of a chip removes it, as specs and
          keyboard users expect); CSS `order` shows "once more" before it. */}
      <button type="button" className="chip-remove" aria-label={`Remove ${label}`} onClick={onRemove}>
        <X size={12} aria-hidden />
      </button>
      <button type="button" className="pick-again" aria-label={`Ask ${label} once more (another column)`} title="Once more: another column of the same model" onClick={onAgain} data-testid="pick-again">
        <CopyPlus size={12} aria-hidden />
      </button>
    </span>
  );
}

/** "Use “x” as a model id", with where it would go; Enter in the search box takes the first. */
function TypedChoices({ choices, error, picked, onAdd }: { choices: TypedChoice[]; error: string | null; picked: Set<string>; onAdd: (c: TypedChoice) => void }) {
  if (error) {
    return (
      <p className="typed-error" role="alert" data-testid="typed-model-error">
        {error}
      </p>
    );
  }
  if (choices.length === 0) return null;
  return (
    <div className="typed-choices" data-testid="typed-models">
      {choices.map((c, i) => {
        const all = c.picks.every((p) => picked.has(pickLabel(p)));
        const where =
          c.picks.length === 1 ? `${whereOf(c.picks[0]!)} · ${c.picks[0]!.model}` : `${c.picks.length} models: ${c.picks.map(pickLabel).join(", ")}`;
        return (
          <button key={c.text} type="button" className="typed-choice" disabled={all} onClick={() => onAdd(c)} data-testid="typed-model" data-pick={c.picks.map(pickLabel).join(",")}>
            <span className="typed-use">
              Use “<strong>{c.text}</strong>” as a model id
            </span>
            <span className="typed-where">{all ? "already picked" : where}</span>
            {i === 0 && !all && <CornerDownLeft size={13} aria-label="Enter" className="typed-enter" />}
          </button>
        );
      })}
    </div>
  );
}

/** Pick models from any provider's catalog; picks from several providers sit side by side. */
export function ModelPicker({ sources, source, onSource, models, modelsError, onRetry, notice, picks, onChange, searchRef }: Props) {
  const { prefs } = useServices();
  const [query, setQuery] = useState("");
  const [filter, setFilter] = useState<CatalogFilter>(NO_FILTER);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const favourites = usePrefs((s) => s.favourites);
  const starredSet = useMemo(() => new Set(favourites), [favourites]);
  const labelOf = useCallback((m: CatalogModel) => pickLabel({ provider: source.provider, endpoint: source.endpoint, model: m.id }), [source]);
  const isStarred = useCallback((m: CatalogModel) => starredSet.has(labelOf(m)), [starredSet, labelOf]);
  const listed = useMemo(() => (models ?? []).find((m) => m.id === query.trim()) ?? null, [models, query]);
  const typed = useTypedModel(query, source, listed !== null);
  // Fuzzy (uFuzzy: typos, words in any order), best first; without a query, starred first.
  const matches = useMemo(() => {
    const all = applyFilter(models ?? [], filter, isStarred);
    const q = query.trim();
    if (q === "") return [...all.filter(isStarred), ...all.filter((m) => !isStarred(m))];
    return rank(haystackOf(all), q.toLowerCase(), all.length).map((i) => all[i]!);
  }, [models, query, filter, isStarred]);
  const picked = useMemo(() => new Set(picks.map(pickLabel)), [picks]);
  const isPicked = (m: CatalogModel) => picked.has(pickLabel({ provider: source.provider, endpoint: source.endpoint, model: m.id }));
  // Read through a ref, so the options (memoized) keep one handler across renders.
  const latest = useRef({ source, picks, onChange });
  useLayoutEffect(() => {
    latest.current = { source, picks, onChange };
  });
  const star = useCallback(
    (m: CatalogModel) => {
      const label = labelOf(m);
      const now = prefs.getState().favourites;
      prefs.set("favourites", now.includes(label) ? now.filter((x) => x !== label) : [...now, label]);
    },
    [labelOf, prefs],
  );
  const toggle = useCallback((m: CatalogModel) => {
    const { source, picks, onChange } = latest.current;
    const pick: Pick = { provider: source.provider, endpoint: source.endpoint, model: m.id };
    onChange(picks.some((p) => samePick(p, pick)) ? picks.filter((p) => !samePick(p, pick)) : [...picks, pick]);
  }, []);

  // Only the options in view are rendered.
  const list = useRef<HTMLUListElement>(null);
  const getItemKey = useCallback((i: number) => matches[i]!.id, [matches]);
  const { slices, firstRow, measureRow, focusProps } = useVirtualRows({ count: matches.length, getScrollElement: () => list.current, estimate: OPTION_ESTIMATE, getItemKey });

  const addTyped = (c: TypedChoice | null) => {
    if (!c) return;
    onChange(c.picks.reduce(withPick, picks));
    setQuery("");
  };
  // Enter: the listed model of that exact id, else the first reading of the typed id.
  const onEnter = () => {
    if (listed) {
      if (!isPicked(listed)) toggle(listed);
      setQuery("");
    } else {
      void typed.first().then(addTyped, () => {});
    }
  };

  return (
    <div className="picker">
      <div className="chips" aria-label="Selected models">
        {picks.length === 0 && <span className="muted small">No model picked yet: tick some below, or press Ctrl+K and type a name.</span>}
        {picks.map((p, i) => (
          <Chip key={`${pickLabel(p)}-${i}`} p={p} onRemove={() => onChange(picks.filter((_, j) => j !== i))} onAgain={() => onChange([...picks.slice(0, i + 1), p, ...picks.slice(i + 1)])} />
        ))}
      </div>
      <div className="picker-bar">
        <select
          aria-label="Catalog"
          data-testid="model-source"
          value={sourceKey(source)}
          onChange={(e) => {
            const next = sources.find((s) => sourceKey(s) === e.target.value);
            if (next) onSource(next);
          }}
        >
          {sources.map((s) => (
            <option key={sourceKey(s)} value={sourceKey(s)}>
              {s.label}
            </option>
          ))}
        </select>
        <input
          ref={searchRef}
          className="picker-search"
          type="search"
          placeholder={models ? `Search ${models.length} models, or type any id…` : modelsError ? "Type any model id…" : "Loading models…"}
          aria-label="Search the models, or type any model id"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && query.trim()) {
              e.preventDefault();
              onEnter();
            }
          }}
          data-testid="model-search"
        />
        <Button size="sm" variant={activeFilters(filter) ? "primary" : "ghost"} aria-expanded={filtersOpen} onClick={() => setFiltersOpen(!filtersOpen)} data-testid="picker-filters-toggle" title="Filter by vendor, price, context, modality, support">
          <SlidersHorizontal size={13} aria-hidden />
          {activeFilters(filter) ? ` ${activeFilters(filter)}` : ""}
        </Button>
      </div>
      {filtersOpen && <Filters models={models ?? []} filter={filter} onChange={setFilter} />}
      <QuickPicks picks={picks} onChange={onChange} />
      <TypedChoices choices={typed.choices} error={typed.error} picked={picked} onAdd={addTyped} />
      {notice}
      {modelsError ? (
        <div className="panel-error" role="alert" data-testid="models-error">
          <span>{modelsError}</span>
          <Button size="sm" onClick={onRetry}>
            Retry
          </Button>
        </div>
      ) : (
        <ul className="picker-list" role="listbox" aria-multiselectable="true" ref={list} {...focusProps}>
          {slices.map((s) => {
            if (s.kind === "gap") return <li key={s.key} role="none" aria-hidden className="picker-gap" style={{ height: s.size }} />;
            const m = matches[s.item.index]!;
            return <Option key={m.id} m={m} index={s.item.index} on={isPicked(m)} starred={isStarred(m)} onToggle={toggle} onStar={star} rowRef={s.item.index === firstRow ? measureRow : undefined} />;
          })}
          {models !== null && matches.length === 0 && <li className="muted">{query.trim() ? `No listed model matches “${query}”` : "No model passes the filters"}{activeFilters(filter) ? " with these filters." : "."}</li>}
        </ul>
      )}
    </div>
  );
}

/** The filters, in one wrapping row under the search box. */
function Filters({ models, filter, onChange }: { models: CatalogModel[]; filter: CatalogFilter; onChange: (f: CatalogFilter) => void }) {
  const vendors = useMemo(() => vendorsOf(models), [models]);
  const set = (patch: Partial<CatalogFilter>) => onChange({ ...filter, ...patch });
  const check = (key: "free" | "reasoning" | "tools" | "starred", label: string) => (
    <label className="check small">
      <input type="checkbox" checked={filter[key]} onChange={(e) => set({ [key]: e.target.checked })} data-testid={`filter-${key}`} /> {label}
    </label>
  );
  return (
    <div className="picker-filters" data-testid="picker-filters">
      {vendors.length > 0 && (
        <VendorSelect vendors={vendors} value={filter.vendor} onChange={(vendor) => set({ vendor })} testId="filter-vendor" />
      )}
      <input
        className="num filter-price"
        aria-label="Input price at most, USD per million tokens"
        placeholder="≤ $/M in"
        inputMode="decimal"
        defaultValue={filter.maxPrice ?? ""}
        onChange={(e) => {
          const v = e.target.value.trim().replace(/^\$/, "");
          set({ maxPrice: v === "" || !Number.isFinite(Number(v)) ? null : Number(v) });
        }}
        data-testid="filter-max-price"
      />
      <ContextSelect value={filter.minContext} onChange={(minContext) => set({ minContext })} testId="filter-context" />
      <InputModalitySelect value={filter.modality} onChange={(modality) => set({ modality })} testId="filter-modality" />
      {check("free", "Free")}
      {check("reasoning", "Reasoning")}
      {check("tools", "Tools")}
      {check("starred", "Starred")}
      {activeFilters(filter) > 0 && (
        <Button size="sm" variant="ghost" onClick={() => onChange(NO_FILTER)} data-testid="filter-clear">
          Clear
        </Button>
      )}
    </div>
  );
}

/** Recent models (not picked now) and saved sets and aliases, each added with one click. */
function QuickPicks({ picks, onChange }: { picks: Pick[]; onChange: (picks: Pick[]) => void }) {
  const { backend } = useServices();
  const recent = usePrefs((s) => s.recentPicks).filter((r) => !picks.some((p) => samePick(p, r))).slice(0, 6);
  const sets = useModelSets();
  const aliases = useAliases();
  const saved = [...(sets.data ?? []).map((x) => `@${x.name}`), ...(aliases.data ?? []).map((a) => a.name)];
  if (recent.length === 0 && saved.length === 0) return null;
  const addSaved = async (name: string) => {
    const targets = await backend.resolveModels([name]);
    onChange(targets.map(pickOf).reduce(withPick, picks));
  };
  return (
    <div className="quick-picks small" data-testid="quick-picks">
      {recent.length > 0 && <span className="muted">Recent</span>}
      {recent.map((r) => (
        <button key={pickLabel(r)} type="button" className="quick-pick" onClick={() => onChange([...picks, r])} data-testid="recent-pick" title={`Add ${pickLabel(r)}`}>
          {pickLabel(r)}
        </button>
      ))}
      {saved.length > 0 && (
        <select
          aria-label="Add a saved set or alias"
          value=""
          onChange={(e) => {
            if (e.target.value) void addSaved(e.target.value);
          }}
          data-testid="saved-picks"
        >
          <option value="">Sets and aliases…</option>
          {saved.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}
