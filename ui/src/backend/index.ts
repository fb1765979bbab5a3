// The only module that knows the UI runs inside Tauri. Every call to Rust goes through here,
// with types generated from the Rust side (./bindings, never edited by hand).
import { Channel, invoke } from "@tauri-apps/api/core";

import type { AppError } from "./bindings/AppError";
import type { AppErrorCode } from "./bindings/AppErrorCode";
import type { AppInfo } from "./bindings/AppInfo";
import type { CatalogModel } from "./bindings/CatalogModel";
import type { ComparisonEvent } from "./bindings/ComparisonEvent";
import type { ComparisonRecord } from "./bindings/ComparisonRecord";
import type { ComparisonSpec } from "./bindings/ComparisonSpec";
import type { ComparisonSummary } from "./bindings/ComparisonSummary";
import type { CustomEndpoint } from "./bindings/CustomEndpoint";
import type { Estimate } from "./bindings/Estimate";
import type { HistoryFilter } from "./bindings/HistoryFilter";
import type { SearchPage } from "./bindings/SearchPage";
import type { ProviderKind } from "./bindings/ProviderKind";
import type { SettingsView } from "./bindings/SettingsView";

export type * from "./bindings/AppCode";
export type * from "./bindings/AppError";
export type * from "./bindings/AppErrorCode";
export type * from "./bindings/AppInfo";
export type * from "./bindings/CatalogModel";
export type * from "./bindings/ComparisonEvent";
export type * from "./bindings/ComparisonRecord";
export type * from "./bindings/ComparisonSpec";
export type * from "./bindings/ComparisonSummary";
export type * from "./bindings/Cost";
export type * from "./bindings/CostSource";
export type * from "./bindings/CustomEndpoint";
export type * from "./bindings/DataCollection";
export type * from "./bindings/Effort";
export type * from "./bindings/EndpointView";
export type * from "./bindings/ErrorCode";
export type * from "./bindings/Estimate";
export type * from "./bindings/KeySource";
export type * from "./bindings/KeyView";
export type * from "./bindings/Message";
export type * from "./bindings/ParamNote";
export type * from "./bindings/Params";
export type * from "./bindings/ParentRef";
export type * from "./bindings/Price";
export type * from "./bindings/ProviderKind";
export type * from "./bindings/ProviderView";
export type * from "./bindings/Reasoning";
export type * from "./bindings/Role";
export type * from "./bindings/HistoryFilter";
export type * from "./bindings/SearchPage";
export type * from "./bindings/VoteRecord";
export type * from "./bindings/Routing";
export type * from "./bindings/RoutingSort";
export type * from "./bindings/SearchHit";
export type * from "./bindings/SettingSource";
export type * from "./bindings/SettingsView";
export type * from "./bindings/SlotError";
export type * from "./bindings/SlotEstimate";
export type * from "./bindings/SlotRecord";
export type * from "./bindings/SlotStatus";
export type * from "./bindings/Speed";
export type * from "./bindings/SpeedBasis";
export type * from "./bindings/Target";
export type * from "./bindings/TokenCount";
export type * from "./bindings/Usage";

/** A command failed. `code` is stable; `message` is for people. */
export class BackendError extends Error {
  readonly code: AppErrorCode | "ipc";
  constructor(code: AppErrorCode | "ipc", message: string) {
    super(message);
    this.code = code;
  }
}

function isAppError(e: unknown): e is AppError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    if (isAppError(e)) throw new BackendError(e.code, e.message);
    throw new BackendError("ipc", String(e));
  }
}

export const backend = {
  appInfo: () => call<AppInfo>("app_info"),
  /** Renames an unreadable history database beside it (kept) and opens a fresh one; returns where it went. */
  moveDatabaseAside: () => call<string>("move_database_aside"),
  getSettings: () => call<SettingsView>("get_settings"),
  setBaseUrl: (provider: ProviderKind, baseUrl: string | null) =>
    call<SettingsView>("set_base_url", { provider, baseUrl }),
  saveApiKey: (provider: ProviderKind, endpoint: string | null, apiKey: string) =>
    call<SettingsView>("save_api_key", { provider, endpoint, apiKey }),
  deleteApiKey: (provider: ProviderKind, endpoint: string | null) =>
    call<SettingsView>("delete_api_key", { provider, endpoint }),
  saveEndpoint: (endpoint: CustomEndpoint) => call<SettingsView>("save_endpoint", { endpoint }),
  removeEndpoint: (name: string) => call<SettingsView>("remove_endpoint", { name }),
  listModels: (provider: ProviderKind, endpoint: string | null) =>
    call<CatalogModel[]>("list_models", { provider, endpoint }),
  listComparisons: (before?: string, filter?: HistoryFilter) =>
    call<ComparisonSummary[]>("list_comparisons", { before: before ?? null, filter: filter ?? null }),
  getComparison: (id: string) => call<ComparisonRecord>("get_comparison", { id }),
  /** One page of hits; pass the previous page's `next` as `after` for the following one. */
  searchHistory: (query: string, filter?: HistoryFilter, after?: string) =>
    call<SearchPage>("search_history", { query, filter: filter ?? null, after: after ?? null }),
  deleteComparison: (id: string) => call<void>("delete_comparison", { id }),
  cancelComparison: (id: string) => call<void>("cancel_comparison", { id }),
  cancelSlot: (id: string, slot: number) => call<void>("cancel_slot", { id, slot }),
  /** Continues a finished comparison: each answer, or only those in `slots`. Like startComparison. */
  followUp: (
    parentId: string,
    prompt: string,
    slots: number[],
    onEvent: (e: ComparisonEvent) => void,
    allowUnknownCost = false,
  ) => {
    const channel = new Channel<ComparisonEvent>();
    channel.onmessage = onEvent;
    return call<string>("follow_up", { parentId, prompt, slots, allowUnknownCost, onEvent: channel });
  },
  estimateComparison: (spec: ComparisonSpec) => call<Estimate>("estimate_comparison", { spec }),
  setCacheTtl: (seconds: number | null) => call<SettingsView>("set_cache_ttl", { seconds }),
  setBudget: (perComparisonUsd: number | null, dailyUsd: number | null) =>
    call<SettingsView>("set_budget", { perComparisonUsd, dailyUsd }),
  /** Starts a comparison; events arrive on `onEvent` until a `finished` event. Resolves to its id. */
  startComparison: (spec: ComparisonSpec, onEvent: (e: ComparisonEvent) => void) => {
    const channel = new Channel<ComparisonEvent>();
    channel.onmessage = onEvent;
    return call<string>("start_comparison", { spec, onEvent: channel });
  },
};

export type Backend = typeof backend;
