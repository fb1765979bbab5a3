import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState } from "react";

import { X } from "lucide-react";

import type { CatalogModel } from "../../backend";
import { formatPrice } from "../../format";
import { Button, useVirtualRows } from "../../kit";
import { type Pick, pickLabel, samePick, type Source, sourceKey } from "../../targets";

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
  return (
    <li ref={rowRef} role="option" aria-selected={on} data-index={index}>
      <label className={on ? "on" : ""} data-testid={`model-option-${m.id}`}>
        <input type="checkbox" checked={on} onChange={() => onToggle(m)} />
        <span className="opt-name">{m.name}</span>
        <span className="opt-id">{m.id}</span>
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
  /** The current source's catalog; null while loading. */
  models: CatalogModel[] | null;
  modelsError: string | null;
  onRetry: () => void;
  picks: Pick[];
  onChange: (picks: Pick[]) => void;
}

/** Pick models from any provider's catalog; picks from several providers sit side by side. */
export function ModelPicker({ sources, source, onSource, models, modelsError, onRetry, picks, onChange }: Props) {
  const [query, setQuery] = useState("");
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

  return (
    <div className="picker">
      <div className="chips" aria-label="Selected models">
        {picks.length === 0 && <span className="muted small">No model picked yet: tick some below, or press Ctrl+K and type a name.</span>}
        {picks.map((p, i) => (
          <span className="chip" key={`${pickLabel(p)}-${i}`} data-testid="selected-model">
            {pickLabel(p)}
            <button type="button" aria-label={`Remove ${pickLabel(p)}`} onClick={() => onChange(picks.filter((_, j) => j !== i))}>
              <X size={12} aria-hidden />
            </button>
          </span>
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
          placeholder={models ? `Search ${models.length} models…` : "Loading models…"}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="model-search"
        />
      </div>
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
          {models !== null && matches.length === 0 && <li className="muted">No model matches “{query}”.</li>}
        </ul>
      )}
    </div>
  );
}
