// What a catalog's list is, when it is not a fresh one: one calm line in place (the picker, the
// Prices table), never an error wall — "OpenRouter can't be reached — showing the list saved
// 3 days ago · Retry". The reason is in the tooltip; the list below stays usable.
import { CloudOff, FlaskConical } from "lucide-react";

import type { Catalog } from "../app/queries";
import { formatAge } from "../format";
import type { Source } from "../targets";

const day = (ms: number) => new Date(ms).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });

interface Props {
  source: Source;
  catalog: Catalog | undefined;
  onRetry: () => void;
  retrying: boolean;
}

export function CatalogNotice({ source, catalog, onRetry, retrying }: Props) {
  if (source.provider === "demo") {
    return (
      <p className="catalog-note demo" data-testid="catalog-demo">
        <FlaskConical size={14} aria-hidden />
        <span>Built-in demo models: made-up answers and prices, for learning the app.</span>
      </p>
    );
  }
  const down = catalog?.unreachable;
  if (!catalog || !down) return null;
  const which = catalog.bundled
    ? `showing the list that came with the app (from ${day(catalog.fetched_at_ms)})`
    : `showing the list saved ${formatAge(catalog.fetched_at_ms)}`;
  return (
    <p className="catalog-note offline" role="status" data-testid="catalog-offline" title={`Why: ${down.message}`}>
      <CloudOff size={14} aria-hidden />
      <span>
        {source.label} can't be reached — {which} ·{" "}
        <button type="button" className="link-button" onClick={onRetry} disabled={retrying} data-testid="catalog-retry">
          {retrying ? "Trying…" : "Retry"}
        </button>
      </span>
    </p>
  );
}
