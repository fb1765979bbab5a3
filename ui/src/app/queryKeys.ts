import type { HistoryFilter } from "../backend";
import { type CatalogRef, sourceKey } from "../targets";

/** Every query's key, so reads and invalidations agree. */
export const qk = {
  appInfo: ["appInfo"] as const,
  settings: ["settings"] as const,
  catalogs: ["catalog"] as const,
  catalog: (s: CatalogRef) => ["catalog", sourceKey(s)] as const,
  localServers: ["localServers"] as const,
  /** What a model id typed in a picker names, read by the backend (`resolveModels`). */
  typedModel: (s: CatalogRef, text: string) => ["typedModel", sourceKey(s), text] as const,
  history: ["history"] as const,
  historyList: (filter: HistoryFilter | null) => ["history", "list", filter] as const,
  historySearch: (q: string, filter: HistoryFilter | null) => ["history", "search", q, filter] as const,
  comparisons: ["comparison"] as const,
  comparison: (id: string) => ["comparison", id] as const,
  dataInfo: ["dataInfo"] as const,
  aliases: ["aliases"] as const,
  modelSets: ["modelSets"] as const,
};
