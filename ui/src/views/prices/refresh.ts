// What a catalog refresh changed, between the list shown before and the one fetched: models
// added, removed, and whose input or output price moved. Pure, so it is unit-tested; the store
// records the same changes with their dates (the Price changes tab).
import type { CatalogModel, Price } from "../../backend";

export interface CatalogDiff {
  added: string[];
  removed: string[];
  repriced: string[];
}

const same = (a: Price, b: Price) => a.kind === b.kind && (a.kind !== "usd" || (b.kind === "usd" && a.usd === b.usd));

export function diffCatalogs(before: CatalogModel[], after: CatalogModel[]): CatalogDiff {
  const old = new Map(before.map((m) => [m.id, m]));
  const now = new Set(after.map((m) => m.id));
  const added: string[] = [];
  const repriced: string[] = [];
  for (const m of after) {
    const o = old.get(m.id);
    if (!o) added.push(m.id);
    else if (!same(o.prompt_price, m.prompt_price) || !same(o.completion_price, m.completion_price)) repriced.push(m.id);
  }
  return { added, removed: before.filter((m) => !now.has(m.id)).map((m) => m.id), repriced };
}

/** "2 new, 1 price changed, 3 gone" or "No change". */
export function describeDiff(d: CatalogDiff): string {
  const parts = [d.added.length && `${d.added.length} new`, d.repriced.length && `${d.repriced.length} price${d.repriced.length === 1 ? "" : "s"} changed`, d.removed.length && `${d.removed.length} gone`].filter(Boolean);
  return parts.length ? parts.join(", ") : "No change";
}
