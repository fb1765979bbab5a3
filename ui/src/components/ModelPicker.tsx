import { useMemo, useState } from "react";

import type { CatalogModel } from "../backend";
import { formatPrice } from "../format";

const SHOWN = 200;

interface Props {
  models: CatalogModel[];
  selected: string[];
  onChange: (ids: string[]) => void;
}

/** Search the catalog and tick models; the same model may be added twice from the chips. */
export function ModelPicker({ models, selected, onChange }: Props) {
  const [query, setQuery] = useState("");
  const matches = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return models.filter((m) => {
      const hay = `${m.id} ${m.name}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    });
  }, [models, query]);
  const toggle = (id: string) =>
    onChange(selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id]);

  return (
    <div className="picker">
      <div className="chips" aria-label="Selected models">
        {selected.length === 0 && <span className="muted">No model selected</span>}
        {selected.map((id, i) => (
          <span className="chip" key={`${id}-${i}`} data-testid="selected-model">
            {id}
            <button type="button" aria-label={`Remove ${id}`} onClick={() => onChange(selected.filter((_, j) => j !== i))}>
              ×
            </button>
          </span>
        ))}
      </div>
      <input
        className="picker-search"
        type="search"
        placeholder={`Search ${models.length} models…`}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        data-testid="model-search"
      />
      <ul className="picker-list" role="listbox" aria-multiselectable="true">
        {matches.slice(0, SHOWN).map((m) => {
          const on = selected.includes(m.id);
          return (
            <li key={m.id} role="option" aria-selected={on}>
              <label className={on ? "on" : ""} data-testid={`model-option-${m.id}`}>
                <input type="checkbox" checked={on} onChange={() => toggle(m.id)} />
                <span className="opt-name">{m.name}</span>
                <span className="opt-id">{m.id}</span>
                <span className="opt-price" title="Input / output price per million tokens">
                  {formatPrice(m.prompt_price)} · {formatPrice(m.completion_price)}
                </span>
              </label>
            </li>
          );
        })}
        {matches.length > SHOWN && <li className="muted">{matches.length - SHOWN} more: refine the search</li>}
        {matches.length === 0 && <li className="muted">No model matches “{query}”.</li>}
      </ul>
    </div>
  );
}
