// The variant tabs above the prompt box: A (the prompt box's own text), B, C… Each can be
// renamed (double-click, or the pencil) and removed; the editor below shows the active one.
// Invariant: variant A cannot be removed (it is the comparison's prompt); names are free text.
import { Pencil, Plus, X } from "lucide-react";
import { useState } from "react";

import { useServices } from "../../../app/services";
import { cx } from "../../../kit";
import { useDraft, useDraftStore } from "./draftStore";
import { nextVariantName } from "./spec";

export function VariantTabs() {
  const store = useDraftStore();
  const { compose } = useServices();
  const aName = useDraft((s) => s.aName);
  const variants = useDraft((s) => s.variants);
  const active = useDraft((s) => s.active);
  const [renaming, setRenaming] = useState<number | null>(null);
  const names = [aName, ...variants.map((v) => v.name)];

  const rename = (i: number, name: string) => {
    const n = name.trim() || (i === 0 ? "A" : nextVariantName(names));
    if (i === 0) store.setState({ aName: n });
    else store.setState({ variants: variants.map((v, j) => (j === i - 1 ? { ...v, name: n } : v)) });
    setRenaming(null);
  };
  const add = () => {
    // A new variant starts as a copy of the one shown, the usual start of an A/B edit.
    const from = active === 0 ? compose.getState().prompt : (variants[active - 1]?.text ?? "");
    store.setState({ variants: [...variants, { name: nextVariantName(names), text: from }], active: variants.length + 1 });
  };
  const remove = (i: number) => store.setState({ variants: variants.filter((_, j) => j !== i - 1), active: Math.min(active, variants.length - 1) });

  return (
    <div className="variant-tabs" role="tablist" aria-label="Prompt variants" data-testid="variant-tabs">
      {names.map((name, i) =>
        renaming === i ? (
          <input
            key={i}
            className="variant-rename"
            aria-label={`Rename variant ${name}`}
            defaultValue={name}
            autoFocus
            onBlur={(e) => rename(i, e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") rename(i, e.currentTarget.value);
              if (e.key === "Escape") setRenaming(null);
            }}
            data-testid="variant-rename"
          />
        ) : (
          <span key={i} className={cx("variant-tab", i === active && "on")}>
            <button type="button" role="tab" aria-selected={i === active} onClick={() => store.setState({ active: i })} onDoubleClick={() => setRenaming(i)} data-testid={`variant-tab-${i}`} title="Double-click to rename">
              {names.length > 1 || i > 0 ? name : "Prompt"}
            </button>
            {names.length > 1 && (
              <button type="button" className="variant-icon" aria-label={`Rename variant ${name}`} onClick={() => setRenaming(i)}>
                <Pencil size={11} aria-hidden />
              </button>
            )}
            {i > 0 && (
              <button type="button" className="variant-icon" aria-label={`Remove variant ${name}`} onClick={() => remove(i)} data-testid={`variant-remove-${i}`}>
                <X size={12} aria-hidden />
              </button>
            )}
          </span>
        ),
      )}
      <button type="button" className="variant-add" onClick={add} data-testid="variant-add" title="Another version of the prompt, sent to the same models: an A/B test">
        <Plus size={12} aria-hidden /> Variant
      </button>
    </div>
  );
}
