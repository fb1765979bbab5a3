import type { HistoryFilter } from "../backend";
import { sourceKey, type Source } from "../targets";

/** Every query's key, so reads and invalidations agree. */
export const qk = {
  appInfo: ["appInfo"] as const,
  settings: ["settings"] as const,
  catalogs: ["catalog"] as const,
  catalog: (s: Source) => ["catalog", sourceKey(s)] as const,
  history: ["history"] as const,
  historyList: (filter: HistoryFilter | null) => ["history", "list", filter] as const,
  historySearch: (q: string, filter: HistoryFilter | null) => ["history", "search", q, filter] as const,
  comparisons: ["comparison"] as const,
  comparison: (id: string) => ["comparison", id] as const,
  dataInfo: ["dataInfo"] as const,
  aliases: ["aliases"] as const,
  modelSets: ["modelSets"] as const,
};
