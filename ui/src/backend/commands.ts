// Generated from src-tauri/src/surface.rs by `make bindings` (tests/bindings.rs); do not edit.
import { Channel } from "@tauri-apps/api/core";

import type { Alias, AnalyticsSummary, AppInfo, Attachment, CatalogModel, CatalogView, ComparisonEvent, ComparisonRecord, ComparisonSpec, ComparisonSummary, ConnectionReport, CustomEndpoint, DataInfo, DiffSpan, EndpointsView, Estimate, ExportFormat, ExportSummary, HistoryFilter, Judgement, LastPrompt, LeaderboardRow, LocalServer, MarketSpeed, ModelCost, ModelSetView, PriceChange, ProviderKind, Recommendation, RecoverReport, Repriced, Rubric, SavedCatalog, SearchPage, SettingChange, SettingsView, SharedSpan, TagCount, Target, VoteRecord, VoteRequest, Voters, Workload } from "./bindings";
import { call } from "./call";

/**
 * Version, data directory, and why the history could not be opened (if it could not).
 */
export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>("app_info");
}

/**
 * Renames an unreadable history database beside it (kept) and opens a fresh one; returns
 * where the old file went.
 */
export function moveDatabaseAside(): Promise<string> {
  return call<string>("move_database_aside");
}

/**
 * Copies what is readable of a history with damaged pages into a fresh one at the same
 * place; the damaged file is kept beside it. Refused while a comparison runs.
 */
export function recoverDatabase(): Promise<RecoverReport> {
  return call<RecoverReport>("recover_database");
}

/**
 * The UI calls this once its shell is interactive (first frame painted); `make bench`
 * times a cold start up to this moment.
 */
export function appReady(): Promise<null> {
  return call<null>("app_ready");
}

/**
 * Opens a web address (http/https only) from an answer in the system browser.
 */
export function openUrl(url: string): Promise<null> {
  return call<null>("open_url", { url });
}

export function getSettings(): Promise<SettingsView> {
  return call<SettingsView>("get_settings");
}

/**
 * Changes shared settings as typed (`value` blank or absent: the default). All or nothing;
 * a refusal names the setting in `field`.
 */
export function setSettings(changes: Array<SettingChange>): Promise<SettingsView> {
  return call<SettingsView>("set_settings", { changes });
}

/**
 * Stores a key in the OS keychain; it never comes back, only masked.
 */
export function saveApiKey(provider: ProviderKind, endpoint: string | null, apiKey: string): Promise<SettingsView> {
  return call<SettingsView>("save_api_key", { provider, endpoint, apiKey });
}

export function deleteApiKey(provider: ProviderKind, endpoint?: string | null): Promise<SettingsView> {
  return call<SettingsView>("delete_api_key", { provider, endpoint: endpoint ?? null });
}

/**
 * Lists the endpoint's models (timed) and, for OpenRouter, the key's limit and credit.
 */
export function testConnection(provider: ProviderKind, endpoint?: string | null): Promise<ConnectionReport> {
  return call<ConnectionReport>("test_connection", { provider, endpoint: endpoint ?? null });
}

/**
 * Adds or replaces a custom OpenAI-compatible endpoint.
 * Ollama and OpenAI-compatible servers answering on this machine (default ports, and
 * saved endpoints on loopback), with their models.
 */
export function detectLocalServers(): Promise<Array<LocalServer>> {
  return call<Array<LocalServer>>("detect_local_servers");
}

export function saveEndpoint(endpoint: CustomEndpoint): Promise<SettingsView> {
  return call<SettingsView>("save_endpoint", { endpoint });
}

export function removeEndpoint(name: string): Promise<SettingsView> {
  return call<SettingsView>("remove_endpoint", { name });
}

/**
 * A provider's (or custom endpoint's) model list, fetched now; saved as its catalog.
 */
export function listModels(provider: ProviderKind, endpoint?: string | null): Promise<Array<CatalogModel>> {
  return call<Array<CatalogModel>>("list_models", { provider, endpoint: endpoint ?? null });
}

/**
 * A provider's models for a picker: fetched now, or when it cannot be reached the last
 * saved list with its age and the reason (an error only if none was ever saved).
 */
export function loadCatalog(provider: ProviderKind, endpoint?: string | null): Promise<CatalogView> {
  return call<CatalogView>("load_catalog", { provider, endpoint: endpoint ?? null });
}

/**
 * The last catalog saved for a provider, with its age, for offline browsing.
 */
export function savedCatalog(provider: ProviderKind, endpoint?: string | null): Promise<SavedCatalog | null> {
  return call<SavedCatalog | null>("saved_catalog", { provider, endpoint: endpoint ?? null });
}

/**
 * What a comparison would cost, before anything is sent.
 */
export function estimateComparison(spec: ComparisonSpec): Promise<Estimate> {
  return call<Estimate>("estimate_comparison", { spec });
}

/**
 * A file the page holds (chosen, pasted or dropped; `data` is its bytes in base64) as an
 * attachment: its kind, size and hash from its bytes (returned without them: the page has
 * them); refused by name when it cannot be sent.
 */
export function attachFile(name: string, data: string): Promise<Attachment> {
  return call<Attachment>("attach_file", { name, data });
}

/**
 * Saves the comparison and starts it; returns its id at once. Progress arrives as events.
 */
export function startComparison(spec: ComparisonSpec, onEvent: (event: ComparisonEvent) => void): Promise<string> {
  const channel = new Channel<ComparisonEvent[]>();
  channel.onmessage = (batch) => {
    for (const event of batch) onEvent(event);
  };
  return call<string>("start_comparison", { spec, onEvent: channel });
}

/**
 * Continues an earlier comparison: each finished answer, or only those in `slots`; files
 * (with their bytes, as `attach_file` checked them) go with the new prompt.
 */
export function followUp(parentId: string, prompt: string, slots: Array<number>, allowUnknownCost: boolean | null, attachments: Array<Attachment> | null, onEvent: (event: ComparisonEvent) => void): Promise<string> {
  const channel = new Channel<ComparisonEvent[]>();
  channel.onmessage = (batch) => {
    for (const event of batch) onEvent(event);
  };
  return call<string>("follow_up", { parentId, prompt, slots, allowUnknownCost, attachments, onEvent: channel });
}

/**
 * Asks answer `slot` again as a new column of the same comparison (`target`: changed
 * parameters or another model; absent: as asked); returns the new column's index. The
 * earlier answer and its cost stay. Events start with `slots_added`.
 */
export function retryAnswer(id: string, slot: number, target: Target | null, allowUnknownCost: boolean | null, onEvent: (event: ComparisonEvent) => void): Promise<number> {
  const channel = new Channel<ComparisonEvent[]>();
  channel.onmessage = (batch) => {
    for (const event of batch) onEvent(event);
  };
  return call<number>("retry_answer", { id, slot, target, allowUnknownCost, onEvent: channel });
}

/**
 * What answer `slot` was asked of (model, parameters, routing), to ask it again changed.
 */
export function answerTarget(id: string, slot: number): Promise<Target> {
  return call<Target>("answer_target", { id, slot });
}

/**
 * What every answer of a comparison was asked of, in column order (each column's
 * parameters, shown on a saved comparison).
 */
export function answerTargets(id: string): Promise<Array<Target>> {
  return call<Array<Target>>("answer_targets", { id });
}

/**
 * Stops every answer of a running comparison; partial answers are kept as cancelled.
 */
export function cancelComparison(id: string): Promise<null> {
  return call<null>("cancel_comparison", { id });
}

/**
 * Stops one answer of a running comparison.
 */
export function cancelSlot(id: string, slot: number): Promise<null> {
  return call<null>("cancel_slot", { id, slot });
}

/**
 * `other` against `base`, word by word (spans give back both texts exactly).
 */
export function diffAnswers(base: string, other: string): Promise<Array<DiffSpan>> {
  return call<Array<DiffSpan>>("diff_answers", { base, other });
}

/**
 * For each answer, its runs with how many of the other answers share them.
 */
export function answerConsensus(answers: Array<string>): Promise<Array<Array<SharedSpan>>> {
  return call<Array<Array<SharedSpan>>>("answer_consensus", { answers });
}

/**
 * Model names as people type them (ids, `provider:model`, aliases, `@sets`) as targets.
 */
export function resolveModels(models: Array<string>): Promise<Array<Target>> {
  return call<Array<Target>>("resolve_models", { models });
}

/**
 * Newest first, 100 at a time; `before` is the last id of the previous page.
 */
export function listComparisons(before?: string | null, filter?: HistoryFilter | null): Promise<Array<ComparisonSummary>> {
  return call<Array<ComparisonSummary>>("list_comparisons", { before: before ?? null, filter: filter ?? null });
}

/**
 * Changes whenever another process (the CLI) has written to the history since the last
 * call; the UI polls it to refresh what it shows.
 */
export function othersVersion(): Promise<number> {
  return call<number>("others_version");
}

export function getComparison(id: string): Promise<ComparisonRecord> {
  return call<ComparisonRecord>("get_comparison", { id });
}

/**
 * Full-text search, best matches first; `after` is the previous page's `next`.
 */
export function searchHistory(query: string, filter?: HistoryFilter | null, after?: string | null): Promise<SearchPage> {
  return call<SearchPage>("search_history", { query, filter: filter ?? null, after: after ?? null });
}

export function deleteComparison(id: string): Promise<null> {
  return call<null>("delete_comparison", { id });
}

/**
 * Renames a comparison (blank: back to the title derived from its prompt); returns it.
 */
export function setTitle(id: string, title: string): Promise<string> {
  return call<string>("set_title", { id, title });
}

export function setNotes(id: string, notes: string): Promise<null> {
  return call<null>("set_notes", { id, notes });
}

/**
 * Replaces a comparison's tags (normalized); returns them as stored.
 */
export function setTags(id: string, tags: Array<string>): Promise<Array<string>> {
  return call<Array<string>>("set_tags", { id, tags });
}

/**
 * Every tag in use with how many comparisons carry it.
 */
export function listTags(): Promise<Array<TagCount>> {
  return call<Array<TagCount>>("list_tags");
}

/**
 * Records a person's vote between answers, by column.
 */
export function vote(id: string, request: VoteRequest): Promise<VoteRecord> {
  return call<VoteRecord>("vote", { id, request });
}

export function deleteVote(voteId: string): Promise<null> {
  return call<null>("delete_vote", { voteId });
}

/**
 * Asks a judge model to pick between the answers in `among` (empty: every answer with
 * text), anonymized as A, B, C… under `rubric`; saves its verdict as a `judge:<model>`
 * vote. The judge's own run streams on the channel and is saved, tagged `judge`.
 */
export function judgeComparison(id: string, judge: Target, rubric: string, among: Array<number>, onEvent: (event: ComparisonEvent) => void): Promise<Judgement> {
  const channel = new Channel<ComparisonEvent[]>();
  channel.onmessage = (batch) => {
    for (const event of batch) onEvent(event);
  };
  return call<Judgement>("judge_comparison", { id, judge, rubric, among, onEvent: channel });
}

/**
 * The rubric templates a judge starts from.
 */
export function judgeRubrics(): Promise<Array<Rubric>> {
  return call<Array<Rubric>>("judge_rubrics");
}

/**
 * Per column, the name an answer calls itself that would unmask a blind vote (or null).
 */
export function selfNaming(id: string): Promise<Array<string | null>> {
  return call<Array<string | null>>("self_naming", { id });
}

/**
 * A comparison as Markdown, JSON (re-importable) or CSV text.
 */
export function exportComparison(id: string, format: ExportFormat): Promise<string> {
  return call<string>("export_comparison", { id, format });
}

/**
 * Requests, errors, tokens, cost and latency per model; spend per day, by model and by
 * where each cost came from.
 */
export function analytics(filter?: HistoryFilter | null): Promise<AnalyticsSummary> {
  return call<AnalyticsSummary>("analytics", { filter: filter ?? null });
}

/**
 * Models ranked by votes (Bradley–Terry), with win rate and average cost; `voters`: a
 * person's votes (the default), LLM judges', or all.
 */
export function leaderboard(filter?: HistoryFilter | null, voters?: Voters | null): Promise<Array<LeaderboardRow>> {
  return call<Array<LeaderboardRow>>("leaderboard", { filter: filter ?? null, voters: voters ?? null });
}

/**
 * Cheapest, fastest and best-voted models, overall and per tag.
 */
export function recommendations(): Promise<Array<Recommendation>> {
  return call<Array<Recommendation>>("recommendations");
}

/**
 * Catalog price changes over the last `days` days (all, if absent), optionally for one model.
 */
export function priceChanges(days?: number | null, model?: string | null): Promise<Array<PriceChange>> {
  return call<Array<PriceChange>>("price_changes", { days: days ?? null, model: model ?? null });
}

/**
 * The providers serving a model on OpenRouter (price, quantization, limits, uptime,
 * latency and throughput percentiles): the saved list while fresh (10 min) unless
 * `refresh`, else fetched; offline, the saved list with its age and the reason.
 */
export function modelEndpoints(model: string, refresh?: boolean | null): Promise<EndpointsView> {
  return call<EndpointsView>("model_endpoints", { model, refresh: refresh ?? null });
}

/**
 * What OpenRouter's providers last said about each model's speed (median of their p50s),
 * from the lists saved when a model's providers were fetched; nothing is fetched.
 */
export function marketSpeed(models: Array<string>): Promise<Array<MarketSpeed>> {
  return call<Array<MarketSpeed>>("market_speed", { models });
}

/**
 * What `workload` costs on every model of a provider's saved (or bundled) catalog, by the
 * price rule answers are billed by; `usd` null where a price is unknown.
 */
export function calculateCosts(provider: ProviderKind, endpoint: string | null, workload: Workload): Promise<Array<ModelCost>> {
  return call<Array<ModelCost>>("calculate_costs", { provider, endpoint, workload });
}

/**
 * A saved comparison's answers re-priced at today's list prices, beside what they cost.
 */
export function repriceComparison(id: string): Promise<Array<Repriced>> {
  return call<Array<Repriced>>("reprice_comparison", { id });
}

/**
 * The newest comparison's prompt priced on every model of a catalog: actual where a model
 * answered it, else estimated (its tokens, the model's usual answer length).
 */
export function lastPromptCosts(provider: ProviderKind, endpoint?: string | null): Promise<LastPrompt | null> {
  return call<LastPrompt | null>("last_prompt_costs", { provider, endpoint: endpoint ?? null });
}

export function listAliases(): Promise<Array<Alias>> {
  return call<Array<Alias>>("list_aliases");
}

export function setAlias(name: string, model: string): Promise<null> {
  return call<null>("set_alias", { name, model });
}

export function deleteAlias(name: string): Promise<null> {
  return call<null>("delete_alias", { name });
}

export function listModelSets(): Promise<Array<ModelSetView>> {
  return call<Array<ModelSetView>>("list_model_sets");
}

export function saveModelSet(name: string, targets: Array<Target>): Promise<null> {
  return call<null>("save_model_set", { name, targets });
}

export function deleteModelSet(name: string): Promise<null> {
  return call<null>("delete_model_set", { name });
}

/**
 * Where the history lives and how big it is.
 */
export function dataInfo(): Promise<DataInfo> {
  return call<DataInfo>("data_info");
}

/**
 * A consistent copy of the whole history database to `path` (never overwrites), or when
 * absent to a dated file in `backups/` beside it; returns the path written.
 */
export function backupDatabase(path?: string | null): Promise<string> {
  return call<string>("backup_database", { path: path ?? null });
}

/**
 * Every comparison (or only `ids`, in that order) as JSON Lines (each line an export) to
 * `path`, or when absent to a dated file in `exports/` beside the database; returns where
 * and how many.
 */
export function exportHistory(path?: string | null, ids?: Array<string> | null): Promise<ExportSummary> {
  return call<ExportSummary>("export_history", { path: path ?? null, ids: ids ?? null });
}

/**
 * One comparison as Markdown, JSON or CSV to `path` (never overwrites), or when absent to a
 * dated file in `exports/` beside the database; returns the path written.
 */
export function saveComparisonExport(id: string, format: ExportFormat, path?: string | null): Promise<string> {
  return call<string>("save_comparison_export", { id, format, path: path ?? null });
}

/**
 * A table (the first row its header) as CSV to `path` (never overwrites), or when absent to
 * a dated file in `exports/` beside the database; returns the path written.
 */
export function saveTable(rows: Array<Array<string>>, path?: string | null): Promise<string> {
  return call<string>("save_table", { rows, path: path ?? null });
}

/**
 * An answer the history could not take, as Markdown at `path` (chosen in the save
 * dialog; never overwrites); returns the path written.
 */
export function saveAnswer(model: string, text: string, path: string): Promise<string> {
  return call<string>("save_answer", { model, text, path });
}

/**
 * Imports a JSON export or JSON Lines of them, all or nothing; returns how many.
 */
export function importHistory(path: string): Promise<number> {
  return call<number>("import_history", { path });
}

/**
 * Deletes every comparison (settings, keys, catalogs, aliases and sets stay); returns how many.
 */
export function clearHistory(): Promise<number> {
  return call<number>("clear_history");
}
