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
  historyPages: (filter: HistoryFilter | null) => ["history", "pages", filter] as const,
  historyHits: (q: string, filter: HistoryFilter | null) => ["history", "hits", q, filter] as const,
  tags: ["history", "tags"] as const,
  /** Analytics, the leaderboard and recommendations over a range and filters. */
  insights: ["insights"] as const,
  analytics: (filter: HistoryFilter | null) => ["insights", "analytics", filter] as const,
  leaderboard: (filter: HistoryFilter | null, voters: string) => ["insights", "leaderboard", filter, voters] as const,
  recommendations: ["insights", "recommendations"] as const,
  /** Your own figures per model over all history, beside the catalog (the Prices room). */
  yourNumbers: ["prices", "analytics"] as const,
  comparisons: ["comparison"] as const,
  comparison: (id: string) => ["comparison", id] as const,
  dataInfo: ["dataInfo"] as const,
  aliases: ["aliases"] as const,
  modelSets: ["modelSets"] as const,
};
