// Compare's model picker: the picks as chips, a catalog to tick models in (virtualized), and any
// id typed in the search box as a pick of its own (typedModel.ts), listed or not, online or not.
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from "react";

import { CornerDownLeft, X } from "lucide-react";

import type { CatalogModel } from "../../backend";
import { formatPrice } from "../../format";
import { Badge, Button, useVirtualRows } from "../../kit";
import { isDemo, localText, type Pick, pickLabel, samePick, type Source, sourceKey, whereOf, withPick } from "../../targets";
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
const Option = memo(function Option({ m, index, on, onToggle, rowRef }: { m: CatalogModel; index: number; on: boolean; onToggle: (m: CatalogModel) => void; rowRef?: ((el: HTMLElement | null) => void) | undefined }) {
  const local = localText(m);
  return (
    <li ref={rowRef} role="option" aria-selected={on} data-index={index}>
      <label className={on ? "on" : ""} data-testid={`model-option-${m.id}`}>
        <input type="checkbox" checked={on} onChange={() => onToggle(m)} />
        <span className="opt-name">{m.name}</span>
        <span className="opt-id">
          {m.id}
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
}

/** A pick's chip; a demo pick says it is one, so made-up answers and prices are never taken for real. */
function Chip({ p, onRemove }: { p: Pick; onRemove: () => void }) {
  const label = pickLabel(p);
  return (
    <span className="chip" data-testid="selected-model" data-demo={isDemo(p) || undefined}>
      {label}
      {isDemo(p) && (
        <Badge tone="warn" className="badge-sm" title="A built-in demo model: its answer and price are made up" data-testid="demo-badge">
          demo
        </Badge>
      )}
      <button type="button" aria-label={`Remove ${label}`} onClick={onRemove}>
        <X size={12} aria-hidden />
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
export function ModelPicker({ sources, source, onSource, models, modelsError, onRetry, notice, picks, onChange }: Props) {
  const [query, setQuery] = useState("");
  const listed = useMemo(() => (models ?? []).find((m) => m.id === query.trim()) ?? null, [models, query]);
  const typed = useTypedModel(query, source, listed !== null);
  const matches = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const all = models ?? [];
    if (words.length === 0) return all;
    const hay = haystackOf(all);
    return all.filter((_, i) => words.every((w) => hay[i]!.includes(w)));
  }, [models, query]);
  const picked = useMemo(() => new Set(picks.map(pickLabel)), [picks]);
  const isPicked = (m: CatalogModel) => picked.has(pickLabel({ provider: source.provider, endpoint: source.endpoint, model: m.id }));
  // Read through a ref, so the options (memoized) keep one handler across renders.
  const latest = useRef({ source, picks, onChange });
  useLayoutEffect(() => {
    latest.current = { source, picks, onChange };
  });
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
          <Chip key={`${pickLabel(p)}-${i}`} p={p} onRemove={() => onChange(picks.filter((_, j) => j !== i))} />
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
      </div>
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
            return <Option key={m.id} m={m} index={s.item.index} on={isPicked(m)} onToggle={toggle} rowRef={s.item.index === firstRow ? measureRow : undefined} />;
          })}
          {models !== null && matches.length === 0 && <li className="muted">No listed model matches “{query}”.</li>}
        </ul>
      )}
    </div>
  );
}
