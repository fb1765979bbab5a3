import { useMemo, useState } from "react";

import { X } from "lucide-react";

import type { CatalogModel } from "../../backend";
import { formatPrice } from "../../format";
import { Button } from "../../kit";
import { type Pick, pickLabel, samePick, type Source, sourceKey } from "../../targets";

const SHOWN = 200;

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
    return (models ?? []).filter((m) => {
      const hay = `${m.id} ${m.name}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    });
  }, [models, query]);
  const asPick = (m: CatalogModel): Pick => ({ provider: source.provider, endpoint: source.endpoint, model: m.id });
  const isPicked = (m: CatalogModel) => picks.some((p) => samePick(p, asPick(m)));
  const toggle = (m: CatalogModel) =>
    onChange(isPicked(m) ? picks.filter((p) => !samePick(p, asPick(m))) : [...picks, asPick(m)]);

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
        <ul className="picker-list" role="listbox" aria-multiselectable="true">
          {matches.slice(0, SHOWN).map((m) => (
            <li key={m.id} role="option" aria-selected={isPicked(m)}>
              <label className={isPicked(m) ? "on" : ""} data-testid={`model-option-${m.id}`}>
                <input type="checkbox" checked={isPicked(m)} onChange={() => toggle(m)} />
                <span className="opt-name">{m.name}</span>
                <span className="opt-id">{m.id}</span>
                <span className="opt-price" title="Input / output price per million tokens">
                  {formatPrice(m.prompt_price)} · {formatPrice(m.completion_price)}
                </span>
              </label>
            </li>
          ))}
          {matches.length > SHOWN && <li className="muted">{matches.length - SHOWN} more: refine the search</li>}
          {models !== null && matches.length === 0 && <li className="muted">No model matches “{query}”.</li>}
        </ul>
      )}
    </div>
  );
}
