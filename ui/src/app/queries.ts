// Every backend read, as TanStack Query hooks with one key scheme, and the writes that change
// what they read. Invalidation: a finished run → history, settings, analytics and your numbers
// (services.tsx); saving settings → settings (set from the answer) and every catalog (a new URL
// or key changes them); deleting a comparison (views/history/pendingDeletes.ts) → that
// comparison, history, analytics and the data summary; importing or clearing history →
// history, comparisons and the data summary; aliases and model sets → their lists.
import { type QueryClient, queryOptions, useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";

import type { Backend, BackendError, CatalogModel, CatalogView, HistoryFilter, SettingsView } from "../backend";
import type { CatalogRef, Source } from "../targets";
import { qk } from "./queryKeys";
import { useServices } from "./services";

export { qk };


export function useAppInfo() {
  const { backend } = useServices();
  return useQuery({ queryKey: qk.appInfo, queryFn: () => backend.appInfo(), staleTime: Infinity });
}

/**
 * Why history cannot be written (its folder is read-only: AppInfo.read_only), or null. Actions
 * that would write are disabled with this as their reason, rather than refused after a click.
 */
export function useReadOnly(): string | null {
  return useAppInfo().data?.read_only ?? null;
}

export function useSettings() {
  const { backend } = useServices();
  return useQuery({ queryKey: qk.settings, queryFn: () => backend.getSettings() });
}

/**
 * A catalog as pickers show it (`loadCatalog`): fetched now, or the list saved last time with its
 * age and why the provider could not be reached (`unreachable`); `bundled` when that list is the
 * one shipped with the app.
 */
export type Catalog = CatalogView;

const catalogQuery = (backend: Backend, source: CatalogRef) => ({
  queryKey: qk.catalog(source),
  queryFn: (): Promise<Catalog> => backend.loadCatalog(source.provider, source.endpoint),
  staleTime: 10 * 60_000,
});

export { catalogQuery };

export function useCatalog(source: Source, enabled = true) {
  const { backend } = useServices();
  return useQuery({ ...catalogQuery(backend, source), enabled });
}

export interface Catalogs {
  /** Per source, in order; undefined while loading or after a failure. */
  data: (CatalogModel[] | undefined)[];
  loading: number;
  failed: boolean[];
}

// At module scope, so the combined result keeps its identity while no catalog changes.
const combineCatalogs = (results: { data?: Catalog | undefined; isLoading: boolean; isError: boolean }[]): Catalogs => ({
  data: results.map((r) => r.data?.models),
  loading: results.filter((r) => r.isLoading).length,
  failed: results.map((r) => r.isError),
});

/** Several catalogs at once (the palette searches every configured source). */
export function useCatalogs(sources: Source[], enabled: boolean): Catalogs {
  const { backend } = useServices();
  return useQueries({
    queries: sources.map((s) => ({ ...catalogQuery(backend, s), enabled })),
    combine: combineCatalogs,
  });
}

/**
 * The history list, page by page (the store's keyset pages, newest first). A next page whose
 * cursor (the last row shown) was deleted meanwhile — by the CLI, or by a delete whose undo
 * window ended as the list scrolled — is refused by the store; the list is then read again from
 * the top (a refetch takes each page's cursor from the fresh page before it), not ended there.
 */
export function useHistoryPages(filter: HistoryFilter | null) {
  const { backend } = useServices();
  const client = useQueryClient();
  return useInfiniteQuery({
    queryKey: qk.historyPages(filter),
    queryFn: async ({ pageParam }) => {
      try {
        return await backend.listComparisons(pageParam ?? undefined, filter ?? undefined);
      } catch (e) {
        if (pageParam === null || (e as BackendError).code !== "not_found") throw e;
        setTimeout(() => void client.invalidateQueries({ queryKey: qk.historyPages(filter) }), 0);
        return [];
      }
    },
    initialPageParam: null as string | null,
    // A short page is the last one.
    getNextPageParam: (last) => (last.length >= HISTORY_PAGE ? last[last.length - 1]!.id : null),
    staleTime: 0,
    refetchOnMount: "always",
  });
}
/** Rows per page of `list_comparisons` below which a page is the last (the store's 100; the fake's 50). */
export const HISTORY_PAGE = 50;

/** Search hits grouped by comparison, page by page (`next`). */
export function useHistoryHits(q: string, filter: HistoryFilter | null) {
  const { backend } = useServices();
  return useInfiniteQuery({
    queryKey: qk.historyHits(q, filter),
    queryFn: ({ pageParam }) => backend.searchHistory(q, filter ?? undefined, pageParam ?? undefined),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next ?? null,
    enabled: q.trim() !== "",
    staleTime: 0,
    placeholderData: (prev) => prev,
  });
}

export function useTags() {
  const { backend } = useServices();
  return useQuery({ queryKey: qk.tags, queryFn: () => backend.listTags(), staleTime: 10_000 });
}

/**
 * Another process (the CLI) writing to the history while the app is open: polled every
 * `everyMs`; a change re-reads what History, Analytics and the Prices room show from it.
 */
export function useOthersWrites(everyMs = 2_000) {
  const { backend } = useServices();
  const client = useQueryClient();
  const version = useQuery({ queryKey: ["othersVersion"], queryFn: () => backend.othersVersion(), refetchInterval: everyMs, staleTime: 0, retry: false });
  const v = version.data;
  const seen = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (v === undefined) return;
    const before = seen.current;
    seen.current = v;
    if (before === undefined || before === v) return;
    void client.invalidateQueries({ predicate: (q) => readsHistory(q.queryKey) });
  }, [v, client]);
}

/** Whether a query reads what the history holds (so another process's write may change it). */
function readsHistory(key: readonly unknown[]): boolean {
  const [room, what] = key;
  if (room === "history" || room === "comparison" || room === "insights") return true;
  if (room === "decide") return what === "leaderboard";
  if (room === "prices") return what === "analytics" || what === "last" || what === "leaderboard";
  return false;
}

/**
 * Analytics' figures over `filter` (null: all history): read by the room, and ahead of it by its
 * route as it opens (or as a link to it is hovered: the routes' intent preload).
 */
export const analyticsQuery = (backend: Backend, filter: HistoryFilter | null) => queryOptions({ queryKey: qk.analytics(filter), queryFn: () => backend.analytics(filter), staleTime: 10_000 });

/** One saved comparison: read by its views, and ahead of them by the routes that show it (a
 * hovered or focused link fetches it; a click shows it drawn whole, without a loading step). */
export const comparisonQuery = (backend: Backend, id: string) => queryOptions({ queryKey: qk.comparison(id), queryFn: () => backend.getComparison(id) });

/** The runs of a comparison's prompt: every comparison of the same prompt and system prompt. */
export const runsFilter = (id: string): HistoryFilter => ({ model: null, provider: null, since_ms: null, until_ms: null, status: null, min_cost_usd: null, max_cost_usd: null, has_vote: null, tag: null, same_prompt_as: id });
/**
 * The list of those runs (History's "Runs of this prompt"): read with the comparison by the route
 * that opens it, so the table is there when the answers are first drawn and does not push them
 * down a moment later.
 */
export const runsQuery = (backend: Backend, id: string) => queryOptions({ queryKey: qk.historyList(runsFilter(id)), queryFn: () => backend.listComparisons(undefined, runsFilter(id)), staleTime: 10_000 });

export function useComparison(id: string | null) {
  const { backend } = useServices();
  return useQuery({ ...comparisonQuery(backend, id ?? ""), enabled: id !== null });
}

/** A settings write: the answer is the new settings; catalogs may differ after it. */
export function useSettingsMutation() {
  const { backend } = useServices();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (write: (b: Backend) => Promise<SettingsView>) => write(backend),
    onSuccess: (next) => {
      client.setQueryData(qk.settings, next);
      void client.invalidateQueries({ queryKey: qk.catalogs });
    },
  });
}

/**
 * Model servers running on this machine (Ollama, LM Studio, llama.cpp, vLLM, Jan): a scan of
 * their default ports, up to ~1.5 s. Kept a minute, so showing the first-run screen again does
 * not scan again; "Scan again" refetches.
 */
export function useLocalServers(enabled = true) {
  const { backend } = useServices();
  return useQuery({ queryKey: qk.localServers, queryFn: () => backend.detectLocalServers(), staleTime: 60_000, enabled });
}

export function useDataInfo() {
  const { backend } = useServices();
  return useQuery({ queryKey: qk.dataInfo, queryFn: () => backend.dataInfo(), staleTime: 0, refetchOnMount: "always" });
}

export function useAliases() {
  const { backend } = useServices();
  return useQuery({ queryKey: qk.aliases, queryFn: () => backend.listAliases() });
}

export function useModelSets() {
  const { backend } = useServices();
  return useQuery({ queryKey: qk.modelSets, queryFn: () => backend.listModelSets() });
}

/** After the history changed as a whole (import, clear): every list, comparison and count is read again. */
export function invalidateHistory(client: QueryClient) {
  void client.invalidateQueries({ queryKey: qk.history });
  void client.invalidateQueries({ queryKey: qk.comparisons });
  void client.invalidateQueries({ queryKey: qk.dataInfo });
  void client.invalidateQueries({ queryKey: qk.settings });
}

