// An in-memory Backend: the browser dev server (`npm run dev`, no Rust) and component tests.
// It behaves like the app where the UI can tell: the same catalogs per source (the OpenRouter one
// is a trimmed real snapshot, fake-data/catalog.json, written by scripts/make-fake-catalog.mjs),
// settings that round-trip, a history with a few comparisons, and comparisons that stream the
// engine's event sequence (created, slot_started, first_token, text…, slot_finished, finished)
// at speeds that differ per model. Numbers are plausible, not measured.
import catalogJson from "./fake-data/catalog.json";
import type { Alias } from "./bindings/Alias";
import type { Attachment } from "./bindings/Attachment";
import type { CatalogModel } from "./bindings/CatalogModel";
import type { CatalogView } from "./bindings/CatalogView";
import type { Rendering } from "./bindings/Rendering";
import type { ComparisonRecord } from "./bindings/ComparisonRecord";
import type { ComparisonSpec } from "./bindings/ComparisonSpec";
import type { ComparisonSummary } from "./bindings/ComparisonSummary";
import type { ConnectionReport } from "./bindings/ConnectionReport";
import type { EndpointView } from "./bindings/EndpointView";
import type { EndpointsView } from "./bindings/EndpointsView";
import type { HistoryFilter } from "./bindings/HistoryFilter";
import type { LocalServer } from "./bindings/LocalServer";
import type { ModelSetView } from "./bindings/ModelSetView";
import type { Price } from "./bindings/Price";
import type { ProviderKind } from "./bindings/ProviderKind";
import type { ProviderView } from "./bindings/ProviderView";
import type { SearchHit } from "./bindings/SearchHit";
import type { SearchPage } from "./bindings/SearchPage";
import type { SettingKind } from "./bindings/SettingKind";
import type { SettingRow } from "./bindings/SettingRow";
import type { SettingsView } from "./bindings/SettingsView";
import type { SlotRecord } from "./bindings/SlotRecord";
import type { Target } from "./bindings/Target";
import { BackendError } from "./errors";
import { createDecideFake } from "./fakeDecide";
import { createInsightsFake } from "./fakeInsights";
import { createPricesFake } from "./fakePrices";
import { DEMO_ANSWER, DEMO_ENDINGS, DEMO_MODELS, LOCAL_MODELS } from "./fakeFirstRun";
import type { Backend, OnEvent, PrefsStorage } from "./types";

interface Row {
  id: string;
  name: string;
  ctx: number | null;
  out: number | null;
  in_mod: string[];
  p: number | "variable" | null;
  c: number | "variable" | null;
  cr: number | "variable" | null;
  cw: number | "variable" | null;
  r: number | "variable" | null;
  created: number | null;
}

const UNKNOWN: Price = { kind: "unknown" };
const price = (v: number | "variable" | null): Price =>
  v === null ? UNKNOWN : v === "variable" ? { kind: "variable" } : { kind: "usd", usd: v };

function model(provider: ProviderKind, r: Row, id = r.id, priced = true): CatalogModel {
  return {
    id,
    name: r.name,
    provider,
    context_length: r.ctx,
    max_output_tokens: r.out,
    input_modalities: r.in_mod,
    output_modalities: ["text"],
    prompt_price: priced ? price(r.p) : UNKNOWN,
    completion_price: priced ? price(r.c) : UNKNOWN,
    reasoning_price: priced ? price(r.r) : UNKNOWN,
    cache_read_price: priced ? price(r.cr) : UNKNOWN,
    cache_write_price: priced ? price(r.cw) : UNKNOWN,
    request_price: UNKNOWN,
    image_price: UNKNOWN,
    cache_write_1h_price: UNKNOWN,
    web_search_price: UNKNOWN,
    discount: null,
    price_overrides: [],
    supported_parameters: ["max_tokens", "temperature", "top_p", "stop", "seed"],
    created: r.created,
  };
}

const ROWS = catalogJson as Row[];
const OPENROUTER_CATALOG = ROWS.map((r) => model("openrouter", r));

/** A direct provider lists its own models without prices (the app prices them from OpenRouter's). */
function direct(provider: ProviderKind, prefix: string): CatalogModel[] {
  return ROWS.filter((r) => r.id.startsWith(prefix) && !r.id.includes(":")).map((r) =>
    model(provider, r, r.id.slice(prefix.length), false),
  );
}

const LOCAL: Row[] = LOCAL_MODELS.map(({ id }) => ({
  id, name: id, ctx: 131072, out: null, in_mod: ["text"], p: 0, c: 0, cr: null, cw: null, r: null, created: null,
}));
/** Ollama's models carry what `GET /api/tags` says about them (size, build). */
const ollamaModels = () => LOCAL.map((r, i) => ({ ...model("ollama", r), local: { ...LOCAL_MODELS[i]!.local } }));

/** The built-in demo models (made-up prices, as `mock_provider::demo` lists them). */
const DEMO: Row[] = DEMO_MODELS.map(({ id, name, p, c }) => ({ id, name, ctx: 128000, out: 4096, in_mod: ["text"], p, c, cr: null, cw: null, r: null, created: null }));

const NAMES: Record<ProviderKind, string> = {
  openrouter: "OpenRouter",
  openai: "OpenAI",
  anthropic: "Anthropic",
  gemini: "Gemini",
  ollama: "Ollama",
  compatible: "Custom endpoint",
  demo: "Demo models",
};
const DEFAULT_URLS: Partial<Record<ProviderKind, string>> = {
  openrouter: "https://openrouter.ai/api/v1",
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com",
  gemini: "https://generativelanguage.googleapis.com",
  ollama: "http://127.0.0.1:11434",
};
/** Where the app's in-process demo server listens (a port the OS picks; this one is made up). */
const DEMO_URL = "http://127.0.0.1:40123/demo/api/v1";

const ENV: Partial<Record<ProviderKind, string>> = {
  openrouter: "OPENROUTER_API_KEY",
  openai: "OPENAI_API_KEY",
  anthropic: "ANTHROPIC_API_KEY",
  gemini: "GEMINI_API_KEY",
};

const WORDS = (
  "Parallax sends one prompt to every model at once and streams each answer into its own column, " +
  "so you can read them side by side and compare how fast each one starts, how quickly it writes, " +
  "how many tokens it used and what it cost. Differences in style show up at once: some models " +
  "answer in a sentence, others explain step by step with examples, and a few hedge before they commit."
).split(" ");

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** How a model behaves in the fake: `slow` in the id is slow, `fail` fails; others vary by id; demo models keep their pace. */
function profile(modelId: string, provider?: ProviderKind) {
  const h = hash(modelId);
  const demo = provider === "demo" ? DEMO_MODELS.find((d) => d.id === modelId) : undefined;
  if (demo) return { ttft: demo.ttft, tps: demo.tps, tokens: DEMO_ANSWER.length, fail: false };
  if (modelId.includes("slow")) return { ttft: 1200, tps: 25, tokens: 60, fail: false };
  return { ttft: 150 + (h % 750), tps: 40 + (h % 140), tokens: 40 + (h % 30), fail: modelId.includes("fail") };
}

const emptyUsage = () => ({
  input_tokens: null, output_tokens: null, reasoning_tokens: null, cache_read_tokens: null,
  cache_write_tokens: null, cost_usd: null, byok_upstream_usd: null,
});

function slotRecord(index: number, t: Pick<Target, "provider" | "endpoint" | "model">, prompt: string): SlotRecord {
  return {
    id: `slot-${Math.random().toString(36).slice(2, 10)}`,
    index, variant: 0, row: 0, repeat: 0, prompt: null,
    messages: [{ role: "user", content: prompt }],
    parent_slot_id: null,
    provider: t.provider === "compatible" ? `compatible:${t.endpoint ?? "?"}` : (t.provider ?? "openrouter"),
    model: t.model, served_model: null, served_provider: null, status: "pending", text: "", reasoning: "",
    ttfb_ms: null, ttfr_ms: null, ttft_ms: null, total_ms: null, usage: emptyUsage(),
    cost: { usd: null, source: "unknown" }, generation_id: null, finish_reason: null, error: null,
    notes: [], attempts: null, queued_ms: null, cached: false, cost_basis: null, connect_ms: null,
    load_ms: null, output_chunks: null, speed: { tokens_per_second: null, basis: "unknown" },
  };
}

const tokensOf = (text: string) => Math.max(1, Math.ceil(text.length / 4));

/** The finished record of an answer that streamed `text` in `chunks` events. */
function finish(s: SlotRecord, t: Target | null, text: string, ttft: number, total: number, chunks: number, inTokens: number): SlotRecord {
  const out = text.split(" ").length;
  const pIn = t?.prompt_price_per_m ?? null;
  const pOut = t?.completion_price_per_m ?? null;
  const usd = pIn !== null && pOut !== null ? (inTokens * pIn + out * pOut) / 1e6 : null;
  const span = total - ttft;
  return {
    ...s,
    status: "done", text, ttft_ms: ttft, ttfb_ms: Math.max(1, ttft - 20), total_ms: total,
    usage: { ...emptyUsage(), input_tokens: inTokens, output_tokens: out },
    cost: usd === null ? { usd: null, source: "unknown" } : { usd, source: "computed" },
    cost_basis: usd === null ? null : `list price of ${s.model} in the fake catalog`,
    finish_reason: "stop", attempts: 1, output_chunks: chunks,
    speed: span >= 100 && chunks >= 3
      ? { tokens_per_second: (out * (chunks - 1)) / chunks / (span / 1000), basis: "generation" }
      : { tokens_per_second: null, basis: "too_short" },
  };
}

/** The model of the latest vote of the person's winner (null: no vote, or a tie). */
function winnerOf(c: ComparisonRecord): string | null {
  const latest = [...c.votes].filter((v) => v.voter === "human").sort((a, b) => b.created_at_ms - a.created_at_ms)[0];
  return latest?.winner_slot_id ? (c.slots.find((s) => s.id === latest.winner_slot_id)?.model ?? null) : null;
}

function summary(c: ComparisonRecord): ComparisonSummary {
  const known = c.slots.filter((s) => s.cost.usd !== null);
  return {
    id: c.id, title: c.title, created_at_ms: c.created_at_ms,
    models: c.slots.map((s) => s.model),
    failed_slots: c.slots.filter((s) => s.status === "failed" || s.status === "interrupted").length,
    refused_slots: c.slots.filter((s) => s.status === "refused").length,
    truncated_slots: c.slots.filter((s) => s.status === "truncated").length,
    winner: winnerOf(c),
    total_cost_usd: known.length ? known.reduce((a, s) => a + (s.cost.usd ?? 0), 0) : null,
    cost_incomplete: known.length < c.slots.length,
    tags: c.tags,
  };
}

function matches(c: ComparisonRecord, f: HistoryFilter | undefined, all: ComparisonRecord[] = []): boolean {
  if (!f) return true;
  if (f.since_ms !== null && c.created_at_ms < f.since_ms) return false;
  if (f.until_ms !== null && c.created_at_ms >= f.until_ms) return false;
  if (f.tag !== null && !c.tags.includes(f.tag)) return false;
  if (f.has_vote !== null && c.votes.length > 0 !== f.has_vote) return false;
  if (f.same_prompt_as) {
    const base = all.find((x) => x.id === f.same_prompt_as);
    if (!base || base.prompt !== c.prompt || base.system !== c.system) return false;
  }
  return c.slots.some(
    (s) =>
      (f.status === null || s.status === f.status) &&
      (f.model === null || s.model === f.model || s.served_model === f.model) &&
      (f.provider === null || s.provider === f.provider) &&
      (f.min_cost_usd === null || (s.cost.usd !== null && s.cost.usd >= f.min_cost_usd)) &&
      (f.max_cost_usd === null || (s.cost.usd !== null && s.cost.usd <= f.max_cost_usd)),
  );
}

function snippet(text: string, words: string[]): string | null {
  const lower = text.toLowerCase();
  const at = words.map((w) => lower.indexOf(w)).filter((i) => i >= 0);
  if (at.length === 0) return null;
  const start = Math.max(0, Math.min(...at) - 40);
  const piece = text.slice(start, start + 160);
  const marked = piece.replace(new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "gi"), "«$1»");
  return (start > 0 ? "…" : "") + marked + (start + 160 < text.length ? "…" : "");
}

function memoryPrefs(persistTo?: Storage): PrefsStorage {
  const KEY = "parallax.fake.prefs";
  let data: Record<string, unknown> = {};
  try {
    data = JSON.parse(persistTo?.getItem(KEY) ?? "{}") as Record<string, unknown>;
  } catch {
    data = {};
  }
  return {
    load: async () => ({ ...data }),
    set: async (key, value) => {
      data = { ...data, [key]: value };
      persistTo?.setItem(KEY, JSON.stringify(data));
    },
  };
}

export interface FakeOptions {
  /** Multiplies every delay: 1 streams at the models' speeds, 0 as fast as timers allow. */
  delayScale?: number;
  /** Keep preferences here across reloads (the dev server); memory only when absent. */
  persistTo?: Storage;
  /** Start with these comparisons instead of the sample history. */
  history?: ComparisonRecord[];
  /** Preferences already saved, as a restart would find them. */
  prefs?: Record<string, unknown>;
  /** False: a machine without an OS keychain (keys only from the environment). */
  keychainAvailable?: boolean;
  /** What the native dialogs return: a path, or null as if the person cancelled. */
  dialogPath?: string | null;
  /** Environment variables the app would see (base URLs, keys), e.g. OPENROUTER_BASE_URL. */
  env?: Record<string, string>;
  /**
   * Providers that cannot be reached: the age (ms) of the list saved for each, served with the
   * reason; null when none was ever saved (loading it then fails).
   */
  unreachable?: Partial<Record<ProviderKind, number | null>>;
  /** What a scan for local model servers finds (default: one Ollama with three models). */
  localServers?: LocalServer[];
  /** A history with a damaged page: reading the list fails with `database_damaged` until recovered. */
  damaged?: boolean;
  /** A history whose folder cannot be written: appInfo says so (the read-only banner). */
  readOnly?: boolean;
  /** How the shell says the window is drawn (default: WebKit's GPU compositing). */
  rendering?: Rendering;
}

export interface FakeBackend extends Backend {
  /** Comparisons currently streaming (tests wait on it). */
  running(): number;
  /** Adds a comparison as another process (the CLI) would: `othersVersion` changes. */
  addFromOutside(c: ComparisonRecord): void;
  /** The tables `saveTable` wrote, by path. */
  savedTables: Map<string, string[][]>;
  /** Answers saved as files by "Save as a file…" on a column the history could not take. */
  savedAnswers: Map<string, string>;
}

/** A model spec as people type it (Rust's `Target::parse`): `model`, `provider:model`, `endpoint:model`. */
function parseSpec(text: string, endpoints: string[]): Target {
  const t = text.trim();
  const at = t.indexOf(":");
  if (at > 0) {
    const [prefix, model] = [t.slice(0, at), t.slice(at + 1)];
    if (!prefix.includes("/") && model) {
      if (prefix in ENV || prefix === "ollama" || prefix === "demo") return { provider: prefix as ProviderKind, endpoint: null, model };
      if (endpoints.includes(prefix)) return { provider: "compatible", endpoint: prefix, model };
    }
  }
  return { provider: "openrouter", endpoint: null, model: t };
}

export function createFakeBackend(options: FakeOptions = {}): FakeBackend {
  const scale = options.delayScale ?? 1;
  const later = (ms: number, f: () => void) => setTimeout(f, ms * scale);
  let nextId = 1;
  const newId = () => `fake-${Date.now().toString(36)}-${nextId++}`;

  const env = options.env ?? {};
  const keychain = options.keychainAvailable ?? true;
  const KINDS = ["openrouter", "openai", "anthropic", "gemini", "ollama", "demo"] as const;
  const BASE_URL_ENV: Partial<Record<ProviderKind, string>> = {
    openrouter: "OPENROUTER_BASE_URL", openai: "OPENAI_BASE_URL", anthropic: "ANTHROPIC_BASE_URL", gemini: "GEMINI_BASE_URL", ollama: "OLLAMA_HOST",
  };
  // The shared settings table, as saved (key → value); nothing saved means the default.
  const saved = new Map<string, string>();
  // Keys in the "keychain" (account → key); only their masked form ever leaves.
  const keys = new Map<string, string>([["openrouter", "sk-or-v1-fake-key-a41f"]]);
  let endpoints: { name: string; base_url: string; headers: [string, string][]; key_header: string | null }[] = [
    { name: "lmstudio", base_url: "http://127.0.0.1:1234/v1", headers: [], key_header: null },
  ];
  let aliases: Alias[] = [{ name: "sonnet", model: "anthropic/claude-sonnet-4.5" }];
  let sets: ModelSetView[] = [];
  let spentToday = 0.0132;
  let damaged = options.damaged ?? false;

  const masked = (k: string) => (k.length <= 8 ? "••••" : `${k.slice(0, 3)}…${k.slice(-4)}`);
  const envKey = (account: string) => (account.startsWith("endpoint:") ? `PARALLAX_ENDPOINT_${account.slice(9).toUpperCase().replace(/-/g, "_")}_API_KEY` : ENV[account as ProviderKind]);
  const keyView = (account: string) => {
    const envVar = envKey(account) ?? null;
    const fromEnv = envVar ? env[envVar]?.trim() : undefined;
    if (fromEnv) return { source: "environment" as const, masked: masked(fromEnv), env_var: envVar };
    const k = keys.get(account);
    return k ? { source: "keychain" as const, masked: masked(k), env_var: envVar } : { source: "none" as const, masked: null, env_var: envVar };
  };

  /** The validation table (`setting_specs` in Rust): the same keys, kinds, bounds, defaults and messages. */
  interface Spec {
    key: string;
    about: string;
    kind: SettingKind;
    min: number | null;
    max: number | null;
    default: string;
    provider?: ProviderKind;
  }
  const specs = (): Spec[] => {
    const list: Spec[] = [];
    const spec = (key: string, about: string, kind: SettingKind, def: string, min: number | null = null, max: number | null = null, provider?: ProviderKind) =>
      list.push({ key, about, kind, default: def, min, max, ...(provider ? { provider } : {}) });
    for (const k of KINDS) {
      // The demo's address is its in-process server's: no setting.
      if (k !== "demo") spec(`${k}.base_url`, "API base URL (the environment variable wins when set)", "base_url", DEFAULT_URLS[k] ?? "", null, null, k);
      spec(`${k}.enabled`, "offer this provider's models in the app (off: hidden from pickers; the CLI still reaches it)", "switch", "on");
    }
    spec("budget.per_comparison_usd", "refuse or stop a comparison past this many USD", "usd", "no cap");
    spec("budget.daily_usd", "refuse or stop comparisons once a UTC day's spend passes this many USD", "usd", "no cap");
    spec("cache.ttl_seconds", "serve an identical request answered this many seconds ago from history (0: off)", "seconds", "0", 0, 30 * 86_400);
    spec("timeouts.stall_seconds", "fail an answer when nothing arrives for this many seconds", "seconds", "60", 5, 3_600);
    spec("timeouts.answer_seconds", "longest one answer may take in all, queueing and retries included", "seconds", "900", 10, 86_400);
    spec("concurrency.global", "requests in flight at once, over all providers", "count", "256", 1, 256);
    for (const label of [...KINDS, ...endpoints.map((e) => `compatible:${e.name}`)]) {
      spec(`concurrency.${label}`, "requests in flight at once to this provider (Ollama: 1 unless set)", "count", label === "ollama" ? "1" : "no limit", 1, 256);
    }
    return list;
  };
  const q = (v: string) => JSON.stringify(v);
  const checkUrl = (raw: string): string => {
    const url = raw.trim().replace(/\/+$/, "");
    const rest = /^https?:\/\//.test(url) ? url.replace(/^https?:\/\//, "") : null;
    if (rest === null) throw `${q(url)} must start with http:// or https://`;
    if (rest === "" || rest.startsWith("/")) throw `${q(url)} has no host`;
    if (/[?# ]/.test(url)) throw `${q(url)} must not contain spaces, a query or a fragment`;
    return url;
  };
  /** The value as it will be stored, or throws why not (Rust's `SettingSpec::check`). */
  const check = (spec: Spec, value: string): string => {
    const v = value.trim();
    switch (spec.kind) {
      case "base_url":
        return checkUrl(spec.provider === "ollama" && !v.includes("://") ? `http://${v}` : v);
      case "usd": {
        const t = (v.startsWith("$") ? v.slice(1) : v).trim();
        const x = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : NaN;
        if (Number.isFinite(x) && x >= 0) return String(x);
        throw `${q(value)} is not an amount in USD (e.g. 0.50)`;
      }
      case "switch":
        if (["on", "true", "yes", "1"].includes(v.toLowerCase())) return "on";
        if (["off", "false", "no", "0"].includes(v.toLowerCase())) return "off";
        throw `${q(value)} is neither on nor off`;
      case "seconds":
      case "count": {
        const [min, max] = [spec.min ?? 0, spec.max ?? Number.MAX_SAFE_INTEGER];
        const x = /^\+?\d+$/.test(v) ? Number(v) : NaN;
        if (x >= min && x <= max) return String(x);
        throw `${q(value)} is not ${spec.kind === "seconds" ? "a number of seconds" : "a whole number"} from ${min} to ${max}`;
      }
    }
  };
  const rows = (): SettingRow[] =>
    specs().map(({ provider, ...spec }) => {
      const stored = saved.get(spec.key) ?? null;
      const fromEnv = provider ? env[BASE_URL_ENV[provider] ?? ""]?.trim() : undefined;
      if (provider) {
        const value = fromEnv ? (provider === "ollama" && !fromEnv.includes("://") ? `http://${fromEnv}` : fromEnv) : (stored ?? spec.default);
        return { ...spec, value, saved: stored, source: fromEnv ? "environment" : stored !== null ? "database" : "default" };
      }
      return { ...spec, value: stored, saved: stored, source: stored !== null ? "database" : "default" };
    });
  const amount = (key: string) => (saved.has(key) ? Number(saved.get(key)) : null);

  const settings = (): SettingsView => {
    const all = rows();
    const providers: ProviderView[] = KINDS.map((kind) => {
      const url = all.find((r) => r.key === `${kind}.base_url`) ?? { value: DEMO_URL, default: DEMO_URL, source: "default" as const, saved: null };
      return {
        kind, name: NAMES[kind], base_url: url.value ?? url.default, base_url_source: url.source, saved_base_url: url.saved,
        default_base_url: DEFAULT_URLS[kind] ?? "", base_url_env: BASE_URL_ENV[kind] ?? null, needs_key: kind !== "ollama" && kind !== "demo",
        enabled: saved.get(`${kind}.enabled`) !== "off", key: keyView(kind),
      };
    });
    const ttl = saved.has("cache.ttl_seconds") ? Number(saved.get("cache.ttl_seconds")) : null;
    return {
      providers,
      endpoints: endpoints.map((e): EndpointView => ({ ...e, headers: e.headers.map(([k, v]) => [k, v]), key: keyView(`endpoint:${e.name}`) })),
      keychain_available: keychain,
      keychain_message: keychain ? null : "no Secret Service provider is running (org.freedesktop.secrets)",
      settings: all,
      cache_ttl_seconds: ttl && ttl > 0 ? ttl : null,
      budget_per_comparison_usd: amount("budget.per_comparison_usd"),
      budget_daily_usd: amount("budget.daily_usd"),
      spent_today_usd: spentToday,
    };
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms * scale));

  // Files the fake "wrote" (backups, exports), so an import can read an export back.
  const DATA_DIR = "/home/you/.local/share/dev.parallax.desktop";
  const files = new Map<string, ComparisonRecord[] | "database">();
  const stamp = () => new Date().toISOString().slice(0, 16).replace(/:/g, "");
  const defaultPath = (folder: string, ext: string) => {
    let path = `${DATA_DIR}/${folder}/parallax-${stamp()}.${ext}`;
    for (let n = 2; files.has(path); n++) path = `${DATA_DIR}/${folder}/parallax-${stamp()}-${n}.${ext}`;
    return path;
  };
  const chosenPath = (path: string | null | undefined, folder: string, ext: string) => {
    const p = path?.trim();
    if (!p) return defaultPath(folder, ext);
    if (files.has(p)) throw new BackendError("invalid_input", `${p} already exists; choose another name`, "path");
    return p;
  };
  const checkName = (kind: string, name: string) => {
    if (!/^[A-Za-z0-9._-]{1,40}$/.test(name)) throw new BackendError("invalid_input", `${q(name)} is not a valid ${kind} name: use up to 40 letters, digits, '-', '_' or '.'`, "name");
  };

  const catalog = (provider: ProviderKind, endpoint: string | null): CatalogModel[] => {
    switch (provider) {
      case "openrouter": return OPENROUTER_CATALOG;
      case "openai": return direct("openai", "openai/");
      case "anthropic": return direct("anthropic", "anthropic/");
      case "gemini": return direct("gemini", "google/");
      case "ollama": return ollamaModels();
      case "demo": return DEMO.map((r) => model("demo", r));
      case "compatible":
        if (!endpoints.some((e) => e.name === endpoint)) throw new BackendError("invalid_endpoint", `No custom endpoint is named ${endpoint ?? "?"}.`);
        return LOCAL.slice(0, 2).map((r) => model("compatible", r, r.id, false));
    }
  };

  const history: ComparisonRecord[] = options.history ?? sampleHistory();
  const runs = new Map<string, { timers: Set<ReturnType<typeof setTimeout>>; finishSlot: Map<number, (status: "cancelled") => void>; onEvent: OnEvent }>();

  function run(c: ComparisonRecord, targets: Target[], onEvent: OnEvent) {
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const finishSlot = new Map<number, (status: "cancelled") => void>();
    runs.set(c.id, { timers, finishSlot, onEvent });
    let ollamaBusy = 0;
    const atRun = (ms: number, f: () => void) => {
      const t = later(ms, () => {
        timers.delete(t);
        f();
      });
      timers.add(t);
    };
    let open = c.slots.length;
    const done = () => {
      open -= 1;
      if (open === 0) {
        runs.delete(c.id);
        spentToday += c.slots.reduce((a, s) => a + (s.cost.usd ?? 0), 0);
        onEvent({ type: "finished", comparison_id: c.id });
      }
    };
    onEvent({ type: "created", comparison: structuredClone(c) });
    c.slots.forEach((slot, i) => {
      const t = targets[i] ?? null;
      const p = profile(slot.model, t?.provider);
      const demo = t?.provider === "demo";
      const ending = demo ? DEMO_ENDINGS[slot.model] : undefined;
      const words = (demo ? DEMO_ANSWER : WORDS).slice(0, ending ? ending.after : p.tokens);
      const inTokens = tokensOf(c.prompt);
      let sent = 0;
      let chunks = 0;
      let closed = false;
      const close = (record: SlotRecord) => {
        if (closed) return;
        closed = true;
        c.slots[i] = record;
        onEvent({ type: "slot_finished", slot: i, record: structuredClone(record) });
        done();
      };
      finishSlot.set(i, (status) => close({ ...c.slots[i]!, status, text: words.slice(0, sent).join(" "), error: { code: "cancelled", message: "Stopped by you; the text that arrived is kept." } }));
      // Text arrives in ~30 ms batches, as the engine coalesces it.
      const perChunk = Math.max(1, Math.round((p.tps * 30) / 1000));
      const step = (perChunk / p.tps) * 1000;
      const total = Math.round(p.ttft + (words.length / perChunk) * step + 20);
      // Ollama answers one request at a time (its default limit): later columns queue behind
      // the earlier ones, and each loads its model first (inside TTFT).
      const local = t?.provider === "ollama";
      const wait = local ? ollamaBusy : 0;
      if (local) ollamaBusy += total;
      const at = (ms: number, f: () => void) => atRun(wait + ms, f);
      if (wait > 0) atRun(1, () => onEvent({ type: "slot_queued", slot: i }));
      at(5, () => {
        c.slots[i] = { ...c.slots[i]!, status: "streaming" };
        onEvent({ type: "slot_started", slot: i, notes: [] });
      });
      if (p.fail || ending?.after === 0) {
        const error = ending?.error ?? { code: "rate_limited" as const, message: "The provider is rate limiting requests (HTTP 429). Try again in a moment." };
        at(p.ttft, () => close({ ...c.slots[i]!, status: "failed", error }));
        return;
      }
      at(p.ttft, () => onEvent({ type: "first_token", slot: i, ttft_ms: p.ttft }));
      for (let k = 0; k * perChunk < words.length; k++) {
        at(p.ttft + k * step, () => {
          if (closed) return;
          const piece = words.slice(k * perChunk, (k + 1) * perChunk);
          const text = (k === 0 ? "" : " ") + piece.join(" ");
          sent = Math.min(words.length, (k + 1) * perChunk);
          chunks += 1;
          c.slots[i] = { ...c.slots[i]!, text: c.slots[i]!.text + text };
          onEvent({ type: "text", slot: i, text });
        });
      }
      at(total, () => {
        const record = finish(c.slots[i]!, t, words.join(" "), p.ttft, total, chunks, inTokens);
        const timed = local ? { ...record, queued_ms: wait || null, load_ms: Math.round(p.ttft * 0.6) } : record;
        close(ending ? { ...timed, status: ending.status, error: ending.error ?? null, finish_reason: ending.finish ?? null } : timed);
      });
    });
  }

  const unpricedUnderCap = (targets: Target[]) =>
    saved.has("budget.per_comparison_usd") || saved.has("budget.daily_usd")
      ? [...new Set(targets.filter((t) => t.prompt_price_per_m === null || t.completion_price_per_m === null).map((t) => t.model))]
      : [];

  // What each answer was asked of, by slot id, as the engine keeps it (answerTarget).
  const askedOf = new Map<string, Target>();

  function begin(spec: ComparisonSpec, onEvent: OnEvent, parentId: string | null): string {
    if (!spec.prompt.trim()) throw new BackendError("empty_prompt", "Type a prompt first.");
    if (spec.targets.length === 0) throw new BackendError("no_targets", "Pick at least one model.");
    const unpriced = unpricedUnderCap(spec.targets);
    if (unpriced.length > 0 && !spec.allow_unknown_cost) {
      throw new BackendError("budget_unknown_cost", `The spending cap cannot be checked: the most ${unpriced.join(", ")} could cost is unknown.`);
    }
    const id = newId();
    // As the engine lays slots out (plan.rs): a target's repeats side by side.
    const reps = Math.max(1, spec.repeats ?? 1);
    const targets = spec.targets.flatMap((t) => Array.from({ length: reps }, () => t));
    const c: ComparisonRecord = {
      id, title: spec.prompt.split("\n")[0]!.slice(0, 80), prompt: spec.prompt, system: spec.system ?? null,
      created_at_ms: Date.now(), parent_id: parentId,
      slots: targets.map((t, i) => {
        const slot = { ...slotRecord(i, t, spec.prompt), repeat: i % reps };
        // Records name the files, never hold their bytes (as history keeps them).
        const files = (spec.attachments ?? []).map((a) => ({ ...a, data: null }));
        const asked = { role: "user" as const, content: spec.prompt, ...(files.length ? { attachments: files } : {}) };
        // A follow-up continues each chosen answer's conversation, as the engine does.
        const earlier = spec.history?.[i];
        return { ...slot, messages: [...(earlier ?? []), asked] };
      }), tags: [], notes: "", votes: [],
    };
    history.unshift(c);
    c.slots.forEach((slot, i) => askedOf.set(slot.id, structuredClone(targets[i]!)));
    run(c, targets, onEvent);
    return id;
  }

  const find = (id: string) => {
    const c = history.find((x) => x.id === id);
    if (!c) throw new BackendError("not_found", `No comparison ${id}.`);
    return c;
  };

  const others = { version: 1 };
  const savedTables = new Map<string, string[][]>();
  // Each model whose OpenRouter providers were read (`modelEndpoints`), as the store keeps them.
  const endpointsRead = new Map<string, EndpointsView>();
  const savedAnswers = new Map<string, string>();
  const backend: FakeBackend = {
    kind: "fake",
    running: () => runs.size,
    savedTables,
    savedAnswers,
    addFromOutside: (c) => {
      history.unshift(structuredClone(c));
      others.version += 1;
    },
    appInfo: async () => ({
      version: "0.1.0-fake",
      data_dir: DATA_DIR,
      database_error: null,
      read_only: options.readOnly ? `The folder of your history (${DATA_DIR}) cannot be written: you can read, search and export it, but new comparisons and changes cannot be saved until it can.` : null,
      rendering: options.rendering ?? "gpu",
    }),
    moveDatabaseAside: async () => "(in memory)",
    saveAnswer: async (model, text, path) => {
      if (savedAnswers.has(path)) throw new BackendError("invalid_input", `${path} already exists; choose another name`, "path");
      savedAnswers.set(path, `# ${model}\n\n${text}\n`);
      return path;
    },
    recoverDatabase: async () => {
      damaged = false;
      return {
        path: `${DATA_DIR}/parallax.db`,
        damaged_kept_at: `${DATA_DIR}/parallax.db.damaged-1`,
        tables: [
          { table: "comparisons", copied: history.length, lost: 0, damaged_stretches: 0 },
          { table: "slots", copied: history.reduce((n, c) => n + c.slots.length, 0), lost: 0, damaged_stretches: 1 },
        ],
      };
    },
    appReady: async () => null,
    getSettings: async () => settings(),
    saveApiKey: async (provider, endpoint, apiKey) => {
      if (!keychain) throw new BackendError("keychain_unavailable", "no OS keychain is available on this machine; set the key in the environment instead");
      const key = apiKey.trim();
      if (!key) throw new BackendError("invalid_api_key", "The key is empty.", "api_key");
      if (/\s/.test(key)) throw new BackendError("invalid_api_key", "A key has no spaces in it; was something else pasted along?", "api_key");
      keys.set(provider === "compatible" ? `endpoint:${endpoint ?? ""}` : provider, key);
      return settings();
    },
    deleteApiKey: async (provider, endpoint) => {
      keys.delete(provider === "compatible" ? `endpoint:${endpoint ?? ""}` : provider);
      return settings();
    },
    testConnection: async (provider, endpoint) => {
      await sleep(120);
      const ref = provider === "compatible" ? { kind: provider, name: endpoint ?? "" } : { kind: provider };
      if (provider === "compatible") {
        const e = endpoints.find((x) => x.name === endpoint);
        if (!e) throw new BackendError("unknown_provider", `${q(endpoint ?? "")} is neither a provider (openrouter, openai, anthropic, gemini, ollama) nor a custom endpoint`, "provider");
        if (e.base_url.includes("unreachable")) throw new BackendError("network", `Could not connect to ${e.base_url}: connection refused.`);
        const k = keyView(`endpoint:${e.name}`);
        return { endpoint: ref, base_url: e.base_url, key_source: k.source, latency_ms: 38, models: 2, key: null };
      }
      const p = settings().providers.find((x) => x.kind === provider)!;
      if (p.needs_key && p.key.source === "none" && p.base_url === p.default_base_url) {
        throw new BackendError("unauthorized", `No ${p.name} API key: set ${p.key.env_var ?? "the key variable"} or save a key in Settings.`);
      }
      const report: ConnectionReport = {
        endpoint: ref, base_url: p.base_url, key_source: p.key.source, latency_ms: 180 + (hash(provider) % 300),
        models: catalog(provider, null).length, key: null,
      };
      if (provider === "openrouter" && p.key.source !== "none") {
        report.key = { label: "sk-or-v1-fak...41f", limit_usd: 100, limit_remaining_usd: 74.5, limit_reset: "monthly", usage_usd: 25.5, usage_daily_usd: 1.25, is_free_tier: false };
      }
      return report;
    },
    saveEndpoint: async (e) => {
      const name = e.name;
      if (!/^[a-z0-9_-]{1,32}$/.test(name)) throw new BackendError("invalid_endpoint", `${q(name)} is not a valid endpoint name: use 1–32 lowercase letters, digits, '-' or '_'`, "name");
      if ((KINDS as readonly string[]).includes(name) || name === "compatible") throw new BackendError("invalid_endpoint", `${q(name)} is a built-in provider's name; choose another`, "name");
      let base_url: string;
      try {
        base_url = checkUrl(e.base_url);
      } catch (m) {
        throw new BackendError("invalid_base_url", String(m), "base_url");
      }
      const headers: [string, string][] = [];
      for (const [k0, v0] of e.headers) {
        const [k, v] = [k0.trim(), v0.trim()];
        if (!k) continue;
        if (!/^[A-Za-z0-9_-]+$/.test(k)) throw new BackendError("invalid_endpoint", `${q(k)} is not a header name: use letters, digits, '-' or '_'`, "headers");
        headers.push([k, v]);
      }
      // As app::providers::validate_key_header.
      const kh = e.key_header?.trim() || null;
      if (kh !== null && (!/^[A-Za-z0-9_-]{1,64}$/.test(kh))) throw new BackendError("invalid_endpoint", `${q(kh)} is not a header name: use letters, digits, '-' or '_' (at most 64)`, "key_header");
      if (kh !== null && ["host", "content-type", "content-length", "accept", "accept-encoding", "connection", "transfer-encoding", "user-agent"].includes(kh.toLowerCase()))
        throw new BackendError("invalid_endpoint", `${q(kh)} is set by every request itself and cannot carry the key; name the header your server reads the key from (e.g. api-key)`, "key_header");
      if (kh !== null && headers.some(([k]) => k.toLowerCase() === kh.toLowerCase())) throw new BackendError("invalid_endpoint", `${q(kh)} is both the key's header and an extra header; keep one`, "key_header");
      const next = { name, base_url, headers, key_header: kh };
      endpoints = endpoints.some((x) => x.name === name) ? endpoints.map((x) => (x.name === name ? next : x)) : [...endpoints, next].sort((a, b) => a.name.localeCompare(b.name));
      return settings();
    },
    removeEndpoint: async (name) => {
      if (!endpoints.some((e) => e.name === name)) throw new BackendError("not_found", `no custom endpoint named ${q(name)}`);
      endpoints = endpoints.filter((e) => e.name !== name);
      saved.delete(`concurrency.compatible:${name}`);
      keys.delete(`endpoint:${name}`);
      return settings();
    },
    setSettings: async (changes) => {
      // All or nothing, as the app's settings table: check every change before applying any.
      const table = specs();
      const checked: [string, string | null][] = [];
      for (const c of changes) {
        const spec = table.find((x) => x.key === c.key);
        if (!spec) throw new BackendError("unknown_setting", `${q(c.key)} is not a setting; the settings are: ${table.map((x) => x.key).join(", ")}`, c.key);
        const raw = c.value?.trim() ?? "";
        let value: string | null = null;
        if (raw !== "") {
          try {
            value = check(spec, raw);
          } catch (m) {
            throw new BackendError("invalid_setting", `${c.key}: ${String(m)}`, c.key);
          }
        }
        // A cache lifetime of 0 is "off": stored as unset.
        if (spec.key === "cache.ttl_seconds" && value === "0") value = null;
        checked.push([c.key, value]);
      }
      for (const [key, value] of checked) {
        if (value === null) saved.delete(key);
        else saved.set(key, value);
      }
      return settings();
    },
    listModels: async (provider, endpoint) => catalog(provider, endpoint ?? null),
    loadCatalog: async (provider, endpoint) => {
      await sleep(20);
      const models = catalog(provider, endpoint ?? null);
      const age = options.unreachable?.[provider];
      let view: CatalogView = { models, fetched_at_ms: Date.now(), bundled: false };
      if (age !== undefined) {
        const url = settings().providers.find((p) => p.kind === provider)?.base_url ?? "the server";
        const reason = new BackendError("network", `Could not connect to ${url}: connection refused.`);
        if (age === null) throw reason;
        view = { ...view, fetched_at_ms: Date.now() - age, unreachable: { code: reason.code as "network", message: reason.message } };
      }
      return view;
    },
    detectLocalServers: async () => {
      // A scan asks every default port; the slowest answer sets the pace.
      await sleep(400);
      if (options.localServers) return structuredClone(options.localServers);
      const url = settings().providers.find((p) => p.kind === "ollama")!.base_url;
      return [{ kind: "ollama", label: "Ollama", base_url: url, suggested_name: "ollama", models: ollamaModels() }];
    },
    listComparisons: async (before, filter) => {
      if (damaged) throw new BackendError("database_damaged", `${DATA_DIR}/parallax.db has damaged pages (SQLite: database disk image is malformed), so some of it cannot be read or written.`);
      const list = history.filter((c) => matches(c, filter ?? undefined, history));
      // As the store: a cursor that is gone (deleted since its page was read) is refused by name.
      if (before && !history.some((c) => c.id === before)) throw new BackendError("not_found", `no comparison with id ${before} in this history`);
      const from = before ? list.findIndex((c) => c.id === before) + 1 : 0;
      return list.slice(from, from + 50).map(summary);
    },
    getComparison: async (id) => structuredClone(find(id)),
    searchHistory: async (query, filter) => {
      const words = query.toLowerCase().split(/\s+/).filter(Boolean);
      const hits: SearchHit[] = [];
      for (const c of history.filter((x) => matches(x, filter ?? undefined, history))) {
        for (const s of c.slots) {
          const snip = snippet(s.text, words) ?? snippet(c.prompt, words);
          if (snip) hits.push({ comparison_id: c.id, title: c.title, created_at_ms: c.created_at_ms, slot_id: s.id, slot_index: s.index, model: s.model, snippet: snip });
        }
      }
      const page = hits.slice(0, 50);
      // Grouped by comparison as the store does: best first, a repeated snippet said once.
      const groups: SearchPage["groups"] = [];
      for (const h of page) {
        let g = groups.find((x) => x.comparison_id === h.comparison_id);
        if (!g) groups.push((g = { comparison_id: h.comparison_id, title: h.title, created_at_ms: h.created_at_ms, answers: [] }));
        const seen = g.answers.some((a) => a.snippet === h.snippet);
        g.answers.push({ slot_id: h.slot_id, slot_index: h.slot_index, model: h.model, snippet: seen ? null : h.snippet });
      }
      return { hits: page, groups, next: null, order: "relevance" };
    },
    deleteComparison: async (id) => {
      find(id);
      history.splice(history.findIndex((c) => c.id === id), 1);
      return null;
    },
    attachFile: async (name, data) => {
      // The engine's rule in short (llm::attachment): the kind from the first bytes.
      let bytes: string;
      try {
        bytes = atob(data);
      } catch {
        throw new BackendError("invalid_attachment", `${name} did not arrive whole (its bytes are not base64): attach it again`, "attachments");
      }
      if (bytes.length === 0) throw new BackendError("invalid_attachment", `${name} is empty`, "attachments");
      const kinds: [string, string, Attachment["kind"]][] = [["\x89PNG", "image/png", "image"], ["\xFF\xD8\xFF", "image/jpeg", "image"], ["GIF8", "image/gif", "image"], ["%PDF-", "application/pdf", "pdf"]];
      const hit = kinds.find(([magic]) => bytes.startsWith(magic));
      const webp = bytes.startsWith("RIFF") && bytes.slice(8, 12) === "WEBP";
      const text = !hit && !webp && !bytes.includes("\0");
      if (!hit && !webp && !text) throw new BackendError("invalid_attachment", `${name} is not a file a model can read: attach an image (PNG, JPEG, GIF or WebP), a PDF, or a UTF-8 text file`, "attachments");
      const [media_type, kind]: [string, Attachment["kind"]] = hit ? [hit[1], hit[2]] : webp ? ["image/webp", "image"] : ["text/plain", "text"];
      return { name, media_type, kind, size: bytes.length, sha256: `fake-${hash(data).toString(16)}-${bytes.length}` };
    },
    estimateComparison: async (spec) => {
      const files = spec.attachments ?? [];
      // The engine's allowances: 1,600 tokens an image, 3,000 a PDF (taken as one page here).
      const allowed = files.length ? files.reduce((n, f) => n + (f.kind === "image" ? 1600 : f.kind === "pdf" ? 3000 : 0), 0) : null;
      const inTokens = tokensOf(spec.prompt) + (allowed ?? 0);
      const slots = spec.targets.map((t) => {
        const promptPrice = t.prompt_price_per_m ?? null;
        const completionPrice = t.completion_price_per_m ?? null;
        const context = t.context_length ?? null;
        const inCost = promptPrice === null ? null : (inTokens * promptPrice) / 1e6;
        const maxOut = t.params?.max_tokens ?? t.max_output_tokens ?? null;
        const worst = inCost === null || maxOut === null || completionPrice === null ? null : inCost + (maxOut * completionPrice) / 1e6;
        return { input_tokens: inTokens, counted: "approximate" as const, input_cost_usd: inCost, max_output_tokens: maxOut, worst_case_usd: worst, fits_context: context === null ? null : inTokens <= context, attachment_tokens: allowed };
      });
      return {
        slots,
        input_cost_usd: slots.reduce((a, s) => a + (s.input_cost_usd ?? 0), 0),
        input_cost_complete: slots.every((s) => s.input_cost_usd !== null),
        worst_case_usd: slots.reduce((a, s) => a + (s.worst_case_usd ?? 0), 0),
        worst_case_complete: slots.every((s) => s.worst_case_usd !== null),
        unpriced: [...new Set(spec.targets.filter((_, i) => slots[i]!.worst_case_usd === null).map((t) => t.model))],
      };
    },
    startComparison: async (spec, onEvent) => begin(spec, onEvent, null),
    followUp: async (parentId, prompt, slots, allowUnknownCost, attachments, onEvent) => {
      const parent = find(parentId);
      if (runs.has(parentId)) throw new BackendError("nothing_to_continue", "That comparison is still running.");
      const chosen = parent.slots.filter((s) => slots.length === 0 || slots.includes(s.index));
      const targets = chosen.map((s): Target => ({
        provider: (s.provider.startsWith("compatible") ? "compatible" : s.provider) as ProviderKind,
        endpoint: s.provider.startsWith("compatible:") ? s.provider.slice("compatible:".length) : null,
        model: s.model,
      }));
      const history = chosen.map((s) => [...s.messages, { role: "assistant" as const, content: s.text }]);
      return begin({ prompt, system: parent.system, targets, history, allow_unknown_cost: allowUnknownCost ?? false, attachments: attachments ?? [] }, onEvent, parentId);
    },
    answerTarget: async (id, slot) => {
      const s = find(id).slots[slot];
      if (!s) throw new BackendError("not_found", `No answer ${slot + 1} in this comparison.`);
      return structuredClone(askedOf.get(s.id) ?? { provider: s.provider as ProviderKind, model: s.model });
    },
    answerTargets: async (id) => find(id).slots.map((s) => structuredClone(askedOf.get(s.id) ?? { provider: s.provider as ProviderKind, model: s.model })),
    cancelComparison: async (id) => {
      const r = runs.get(id);
      if (!r) return null;
      r.timers.forEach(clearTimeout);
      r.timers.clear();
      [...r.finishSlot.values()].forEach((f) => f("cancelled"));
      return null;
    },
    // Another column asking the same model the same thing, in the same comparison: it streams
    // a healthy answer here (whatever failed before), as a model that recovered would.
    retryAnswer: async (id, slot, target, _allowUnknownCost, onEvent) => {
      const c = find(id);
      const from = c.slots[slot];
      if (!from) throw new BackendError("not_found", `No answer ${slot + 1} in this comparison.`);
      const index = c.slots.length;
      const added: SlotRecord = { ...slotRecord(index, { endpoint: null, model: target?.model ?? from.model }, c.prompt), provider: from.provider, messages: from.messages };
      c.slots.push(added);
      askedOf.set(added.id, structuredClone(target ?? askedOf.get(from.id) ?? { provider: from.provider as ProviderKind, model: from.model }));
      onEvent({ type: "slots_added", comparison_id: id, slots: [structuredClone(added)] });
      const words = WORDS.slice(0, 12);
      words.forEach((w, k) => later(40 + k * 10, () => onEvent({ type: "text", slot: index, text: k === 0 ? w : ` ${w}` })));
      later(40 + words.length * 10 + 20, () => {
        const record: SlotRecord = { ...added, status: "done", text: words.join(" "), ttft_ms: 40, total_ms: 40 + words.length * 10 + 20, finish_reason: "stop" };
        c.slots[index] = record;
        onEvent({ type: "slot_finished", slot: index, record: structuredClone(record) });
        onEvent({ type: "finished", comparison_id: id });
      });
      return index;
    },
    cancelSlot: async (id, slot) => {
      runs.get(id)?.finishSlot.get(slot)?.("cancelled");
      return null;
    },
    resolveModels: async (models) => {
      const names = endpoints.map((e) => e.name);
      return models.flatMap((m): Target[] => {
        const text = m.trim();
        if (text.startsWith("@")) {
          const set = sets.find((x) => x.name === text.slice(1));
          if (!set) throw new BackendError("not_found", `no model set named ${q(text.slice(1))} (see parallax sets list)`);
          return structuredClone(set.targets);
        }
        const alias = /[/:]/.test(text) ? undefined : aliases.find((a) => a.name === text);
        return [parseSpec(alias?.model ?? text, names)];
      });
    },
    listAliases: async () => aliases.map((a) => ({ ...a })),
    setAlias: async (name, model) => {
      checkName("alias", name);
      if (!model.trim()) throw new BackendError("invalid_input", "an alias needs a model");
      aliases = [...aliases.filter((a) => a.name !== name), { name, model: model.trim() }].sort((a, b) => a.name.localeCompare(b.name));
      return null;
    },
    deleteAlias: async (name) => {
      if (!aliases.some((a) => a.name === name)) throw new BackendError("not_found", `alias ${q(name)} not found`);
      aliases = aliases.filter((a) => a.name !== name);
      return null;
    },
    listModelSets: async () => structuredClone(sets),
    saveModelSet: async (name, targets) => {
      const n = name.trim();
      if (!n || n.startsWith("@") || /\s/.test(n)) throw new BackendError("invalid_input", `${q(n)} is not a set name: use letters, digits, '-' or '_' without spaces`, "name");
      if (targets.length === 0) throw new BackendError("no_targets", "A model set needs at least one model.", "models");
      checkName("model set", n);
      sets = [...sets.filter((x) => x.name !== n), { name: n, targets: structuredClone(targets) }].sort((a, b) => a.name.localeCompare(b.name));
      return null;
    },
    deleteModelSet: async (name) => {
      if (!sets.some((x) => x.name === name)) throw new BackendError("not_found", `model set ${q(name)} not found`);
      sets = sets.filter((x) => x.name !== name);
      return null;
    },
    dataInfo: async () => ({
      data_dir: DATA_DIR,
      database_path: `${DATA_DIR}/parallax.db`,
      database_bytes: 98_304 + JSON.stringify(history).length,
      comparisons: history.length,
      log_dir: `${DATA_DIR}/logs`,
    }),
    backupDatabase: async (path) => {
      await sleep(80);
      const p = chosenPath(path, "backups", "db");
      files.set(p, "database");
      return p;
    },
    exportHistory: async (path, ids) => {
      await sleep(80);
      if (ids && ids.length === 0) throw new BackendError("invalid_input", "no comparison is selected", "ids");
      const chosen = ids ? ids.map(find) : history;
      const p = chosenPath(path, "exports", "jsonl");
      files.set(p, structuredClone(chosen));
      return { path: p, comparisons: chosen.length };
    },
    importHistory: async (path) => {
      await sleep(80);
      const p = path.trim();
      const file = files.get(p);
      if (file === undefined) throw new BackendError("invalid_input", `could not read ${p}: No such file or directory (os error 2)`, "path");
      if (file === "database") throw new BackendError("invalid_input", `${p}: not a Parallax JSON export (expected a JSON document or JSON Lines); nothing was imported`, "path");
      const clash = file.find((c) => history.some((h) => h.id === c.id));
      if (clash) throw new BackendError("invalid_input", `${p}: comparison ${clash.id} is already in this history; nothing was imported`, "path");
      history.push(...structuredClone(file));
      history.sort((a, b) => b.created_at_ms - a.created_at_ms);
      return file.length;
    },
    clearHistory: async () => {
      const n = history.length;
      history.splice(0, n);
      return n;
    },
    // --- Watch (issue 11): links from answers (the real app opens the system browser). ---
    openUrl: async (url) => {
      if (!/^https?:\/\//i.test(url)) throw new BackendError("invalid_input", `Only http and https links open: ${url}`);
      if (typeof window !== "undefined") window.open(url, "_blank", "noopener,noreferrer");
      return null;
    },
    // -- Compare: Decide (issue 11): diff, votes, judge, session, export (fakeDecide.ts)
    ...createDecideFake(find, history, newId),
    // -- Prices (issue 12): calculator, last prompt, providers, price history (fakePrices.ts)
    ...createPricesFake(catalog, history, endpointsRead),
    ...createInsightsFake(history, (c, f) => matches(c, f, history), others, savedTables, endpointsRead),
    chooseSavePath: async (defaultName) => (options.dialogPath === undefined ? `/home/you/Documents/${defaultName}` : options.dialogPath),
    chooseOpenPath: async () => options.dialogPath ?? null,
    prefs: memoryPrefs(options.persistTo),
  };
  if (options.prefs) for (const [k, v] of Object.entries(options.prefs)) void backend.prefs.set(k, v);
  return backend;
}

/** A few finished comparisons, newest first, so History and search have something to show. */
function sampleHistory(): ComparisonRecord[] {
  const day = 86_400_000;
  const now = Date.now();
  const make = (id: string, prompt: string, ago: number, picks: { model: string; text: string; ttft: number; total: number; status?: SlotRecord["status"] }[]): ComparisonRecord => {
    const c: ComparisonRecord = {
      id, title: prompt.slice(0, 80), prompt, system: null, created_at_ms: now - ago, parent_id: null,
      slots: [], tags: [], notes: "", votes: [],
    };
    c.slots = picks.map((p, i) => {
      const row = ROWS.find((r) => r.id === p.model);
      const t = { prompt_price_per_m: typeof row?.p === "number" ? row.p : null, completion_price_per_m: typeof row?.c === "number" ? row.c : null } as Target;
      const s = finish(slotRecord(i, { provider: "openrouter", endpoint: null, model: p.model }, prompt), t, p.text, p.ttft, p.total, Math.ceil(p.text.split(" ").length / 3), tokensOf(prompt));
      return p.status === "failed"
        ? { ...s, status: "failed", text: "", total_ms: null, speed: { tokens_per_second: null, basis: "unknown" }, cost: { usd: null, source: "unknown" }, error: { code: "rate_limited", message: "The provider is rate limiting requests (HTTP 429)." } }
        : s;
    });
    return c;
  };
  const some = (ids: string[]) => ids.filter((id) => ROWS.some((r) => r.id === id));
  const [a = "openai/gpt-4o-mini", b = "anthropic/claude-sonnet-4.5", c2 = "google/gemini-2.5-flash"] = some(["openai/gpt-4o-mini", "anthropic/claude-sonnet-4.5", "google/gemini-2.5-flash"]);
  return [
    make("sample-rayleigh", "Why is the sky blue? Answer in two sentences.", 2 * 3_600_000, [
      { model: a, text: "Sunlight scatters off air molecules, and shorter blue wavelengths scatter far more than red ones (Rayleigh scattering). So blue light reaches your eyes from every direction of the sky.", ttft: 420, total: 1650 },
      { model: b, text: "Air molecules scatter short wavelengths much more strongly than long ones, an effect called Rayleigh scattering. Blue light is therefore spread across the whole sky, while the sun itself looks slightly yellow.", ttft: 910, total: 2480 },
      { model: c2, text: "Because of Rayleigh scattering: the atmosphere scatters blue light about five times more than red. We see that scattered blue coming from all over the sky.", ttft: 380, total: 1120 },
    ]),
    make("sample-sse", "Explain server-sent events in one paragraph.", day + 5 * 3_600_000, [
      { model: a, text: "Server-sent events (SSE) let a server push a stream of text events to a browser over one long-lived HTTP response, each event a few `data:` lines ended by a blank line; the browser's EventSource reconnects on its own and resumes from the last event id.", ttft: 510, total: 2900 },
      { model: b, text: "", ttft: 0, total: 0, status: "failed" },
    ]),
    make("sample-haiku", "Write a haiku about latency.", 9 * day, [
      { model: c2, text: "A token hesitates— / the cursor blinks, then the words / arrive all at once.", ttft: 300, total: 800 },
      { model: b, text: "First byte in the dark, / a pause the length of a thought, / then the river flows.", ttft: 700, total: 1500 },
    ]),
  ];
}
