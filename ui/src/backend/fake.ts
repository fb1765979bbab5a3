// An in-memory Backend: the browser dev server (`npm run dev`, no Rust) and component tests.
// It behaves like the app where the UI can tell: the same catalogs per source (the OpenRouter one
// is a trimmed real snapshot, fake-data/catalog.json, written by scripts/make-fake-catalog.mjs),
// settings that round-trip, a history with a few comparisons, and comparisons that stream the
// engine's event sequence (created, slot_started, first_token, text…, slot_finished, finished)
// at speeds that differ per model. Numbers are plausible, not measured.
import catalogJson from "./fake-data/catalog.json";
import type { CatalogModel } from "./bindings/CatalogModel";
import type { ComparisonRecord } from "./bindings/ComparisonRecord";
import type { ComparisonSpec } from "./bindings/ComparisonSpec";
import type { ComparisonSummary } from "./bindings/ComparisonSummary";
import type { EndpointView } from "./bindings/EndpointView";
import type { HistoryFilter } from "./bindings/HistoryFilter";
import type { Price } from "./bindings/Price";
import type { ProviderKind } from "./bindings/ProviderKind";
import type { ProviderView } from "./bindings/ProviderView";
import type { SearchHit } from "./bindings/SearchHit";
import type { SettingsView } from "./bindings/SettingsView";
import type { SlotRecord } from "./bindings/SlotRecord";
import type { Target } from "./bindings/Target";
import { BackendError } from "./errors";
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

const LOCAL: Row[] = ["llama3.2:latest", "qwen3:8b", "gemma3:4b", "mistral-small3.2:24b"].map((id) => ({
  id, name: id, ctx: 131072, out: null, in_mod: ["text"], p: 0, c: 0, cr: null, cw: null, r: null, created: null,
}));

const NAMES: Record<ProviderKind, string> = {
  openrouter: "OpenRouter",
  openai: "OpenAI",
  anthropic: "Anthropic",
  gemini: "Gemini",
  ollama: "Ollama",
  compatible: "Custom endpoint",
};
const DEFAULT_URLS: Partial<Record<ProviderKind, string>> = {
  openrouter: "https://openrouter.ai/api/v1",
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com",
  gemini: "https://generativelanguage.googleapis.com",
  ollama: "http://127.0.0.1:11434",
};
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

/** How a model behaves in the fake: `slow` in the id is slow, `fail` fails; others vary by id. */
function profile(modelId: string) {
  const h = hash(modelId);
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

function summary(c: ComparisonRecord): ComparisonSummary {
  const known = c.slots.filter((s) => s.cost.usd !== null);
  return {
    id: c.id, title: c.title, created_at_ms: c.created_at_ms,
    models: c.slots.map((s) => s.model),
    failed_slots: c.slots.filter((s) => s.status === "failed").length,
    total_cost_usd: known.length ? known.reduce((a, s) => a + (s.cost.usd ?? 0), 0) : null,
    cost_incomplete: known.length < c.slots.length,
    tags: c.tags,
  };
}

function matches(c: ComparisonRecord, f: HistoryFilter | undefined): boolean {
  if (!f) return true;
  if (f.since_ms !== null && c.created_at_ms < f.since_ms) return false;
  if (f.until_ms !== null && c.created_at_ms >= f.until_ms) return false;
  if (f.tag !== null && !c.tags.includes(f.tag)) return false;
  return c.slots.some(
    (s) =>
      (f.status === null || s.status === f.status) &&
      (f.model === null || s.model === f.model || s.served_model === f.model) &&
      (f.provider === null || s.provider === f.provider),
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
}

export interface FakeBackend extends Backend {
  /** Comparisons currently streaming (tests wait on it). */
  running(): number;
}

export function createFakeBackend(options: FakeOptions = {}): FakeBackend {
  const scale = options.delayScale ?? 1;
  const later = (ms: number, f: () => void) => setTimeout(f, ms * scale);
  let nextId = 1;
  const newId = () => `fake-${Date.now().toString(36)}-${nextId++}`;

  const providers: ProviderView[] = (["openrouter", "openai", "anthropic", "gemini", "ollama"] as const).map((kind) => ({
    kind, name: NAMES[kind], base_url: DEFAULT_URLS[kind] ?? "", base_url_source: "default", saved_base_url: null,
    default_base_url: DEFAULT_URLS[kind] ?? "", base_url_env: null, needs_key: kind !== "ollama", enabled: true,
    key: kind === "openrouter"
      ? { source: "keychain", masked: "sk-or-…a41f", env_var: ENV[kind] ?? null }
      : { source: "none", masked: null, env_var: ENV[kind] ?? null },
  }));
  let endpoints: EndpointView[] = [
    { name: "lmstudio", base_url: "http://127.0.0.1:1234/v1", headers: [], key: { source: "none", masked: null, env_var: "PARALLAX_ENDPOINT_LMSTUDIO_API_KEY" } },
  ];
  let cacheTtl: number | null = null;
  let budgetPer: number | null = null;
  let budgetDaily: number | null = null;
  let spentToday = 0.0132;

  const settings = (): SettingsView => ({
    providers: providers.map((p) => ({ ...p })),
    endpoints: endpoints.map((e) => ({ ...e })),
    keychain_available: true, keychain_message: null, settings: [], cache_ttl_seconds: cacheTtl,
    budget_per_comparison_usd: budgetPer, budget_daily_usd: budgetDaily, spent_today_usd: spentToday,
  });

  const catalog = (provider: ProviderKind, endpoint: string | null): CatalogModel[] => {
    switch (provider) {
      case "openrouter": return OPENROUTER_CATALOG;
      case "openai": return direct("openai", "openai/");
      case "anthropic": return direct("anthropic", "anthropic/");
      case "gemini": return direct("gemini", "google/");
      case "ollama": return LOCAL.map((r) => model("ollama", r));
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
    const at = (ms: number, f: () => void) => {
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
      const p = profile(slot.model);
      const words = WORDS.slice(0, p.tokens);
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
      at(5, () => {
        c.slots[i] = { ...c.slots[i]!, status: "streaming" };
        onEvent({ type: "slot_started", slot: i, notes: [] });
      });
      if (p.fail) {
        at(p.ttft, () => close({ ...c.slots[i]!, status: "failed", error: { code: "rate_limited", message: "The provider is rate limiting requests (HTTP 429). Try again in a moment." } }));
        return;
      }
      at(p.ttft, () => onEvent({ type: "first_token", slot: i, ttft_ms: p.ttft }));
      // Text arrives in ~30 ms batches, as the engine coalesces it.
      const perChunk = Math.max(1, Math.round((p.tps * 30) / 1000));
      const step = (perChunk / p.tps) * 1000;
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
      const total = Math.round(p.ttft + (words.length / perChunk) * step + 20);
      at(total, () => close(finish(c.slots[i]!, t, words.join(" "), p.ttft, total, chunks, inTokens)));
    });
  }

  const unpricedUnderCap = (targets: Target[]) =>
    budgetPer !== null || budgetDaily !== null
      ? [...new Set(targets.filter((t) => t.prompt_price_per_m === null || t.completion_price_per_m === null).map((t) => t.model))]
      : [];

  function begin(spec: ComparisonSpec, onEvent: OnEvent, parentId: string | null): string {
    if (!spec.prompt.trim()) throw new BackendError("empty_prompt", "Type a prompt first.");
    if (spec.targets.length === 0) throw new BackendError("no_targets", "Pick at least one model.");
    const unpriced = unpricedUnderCap(spec.targets);
    if (unpriced.length > 0 && !spec.allow_unknown_cost) {
      throw new BackendError("budget_unknown_cost", `The spending cap cannot be checked: the most ${unpriced.join(", ")} could cost is unknown.`);
    }
    const id = newId();
    const c: ComparisonRecord = {
      id, title: spec.prompt.split("\n")[0]!.slice(0, 80), prompt: spec.prompt, system: spec.system ?? null,
      created_at_ms: Date.now(), parent_id: parentId,
      slots: spec.targets.map((t, i) => slotRecord(i, t, spec.prompt)), tags: [], notes: "", votes: [],
    };
    history.unshift(c);
    run(c, spec.targets, onEvent);
    return id;
  }

  const find = (id: string) => {
    const c = history.find((x) => x.id === id);
    if (!c) throw new BackendError("not_found", `No comparison ${id}.`);
    return c;
  };

  const backend: FakeBackend = {
    kind: "fake",
    running: () => runs.size,
    appInfo: async () => ({ version: "0.1.0-fake", data_dir: "(in memory: the fake backend)", database_error: null }),
    moveDatabaseAside: async () => "(in memory)",
    appReady: async () => null,
    getSettings: async () => settings(),
    saveApiKey: async (provider, endpoint, apiKey) => {
      if (apiKey.trim().length < 8) throw new BackendError("invalid_api_key", "That key looks too short.");
      const key = { source: "keychain" as const, masked: `${apiKey.slice(0, 5)}…${apiKey.slice(-4)}`, env_var: null };
      if (provider === "compatible") endpoints = endpoints.map((e) => (e.name === endpoint ? { ...e, key: { ...key, env_var: e.key.env_var } } : e));
      else providers.forEach((p) => p.kind === provider && (p.key = { ...key, env_var: p.key.env_var }));
      return settings();
    },
    deleteApiKey: async (provider, endpoint) => {
      if (provider === "compatible") endpoints = endpoints.map((e) => (e.name === endpoint ? { ...e, key: { ...e.key, source: "none", masked: null } } : e));
      else providers.forEach((p) => p.kind === provider && (p.key = { ...p.key, source: "none", masked: null }));
      return settings();
    },
    saveEndpoint: async (e) => {
      if (!/^[a-z0-9][a-z0-9_-]*$/i.test(e.name)) throw new BackendError("invalid_endpoint", "A name is letters, digits, - and _ (lmstudio, groq).");
      if (!/^https?:\/\//.test(e.base_url)) throw new BackendError("invalid_base_url", `${e.base_url || "An empty URL"} is not an http(s) URL.`);
      endpoints = [...endpoints.filter((x) => x.name !== e.name), {
        name: e.name, base_url: e.base_url, headers: e.headers,
        key: { source: "none", masked: null, env_var: `PARALLAX_ENDPOINT_${e.name.toUpperCase()}_API_KEY` },
      }];
      return settings();
    },
    removeEndpoint: async (name) => {
      endpoints = endpoints.filter((e) => e.name !== name);
      return settings();
    },
    setSettings: async (changes) => {
      // All or nothing, as the app's settings table: check every change before applying any.
      const apply: (() => void)[] = [];
      for (const { key, value } of changes) {
        const v = value?.trim() ? value.trim() : null;
        const amount = () => {
          const n = Number(v);
          if (v !== null && (!Number.isFinite(n) || n <= 0)) throw new BackendError("invalid_setting", `${key} must be a positive amount in USD, like 0.50, or blank for no cap; “${value}” is not.`, key);
          return v === null ? null : n;
        };
        const provider = providers.find((p) => key === `${p.kind}.base_url`);
        if (provider) {
          if (v !== null && !/^https?:\/\/\S+$/.test(v)) throw new BackendError("invalid_setting", `${key} must be an http(s) URL; “${value}” is not.`, key);
          apply.push(() => Object.assign(provider, { saved_base_url: v, base_url: v ?? provider.default_base_url, base_url_source: v ? "database" : "default" }));
        } else if (key === "budget.per_comparison_usd") {
          const n = amount();
          apply.push(() => (budgetPer = n));
        } else if (key === "budget.daily_usd") {
          const n = amount();
          apply.push(() => (budgetDaily = n));
        } else if (key === "cache.ttl_seconds") {
          const n = v === null ? null : Number(v);
          if (n !== null && (!Number.isInteger(n) || n < 0 || n > 2_592_000)) throw new BackendError("invalid_setting", `${key} must be a whole number of seconds up to 30 days; “${value}” is not.`, key);
          apply.push(() => (cacheTtl = n === 0 ? null : n));
        } else {
          throw new BackendError("unknown_setting", `There is no setting named ${key}.`, key);
        }
      }
      apply.forEach((f) => f());
      return settings();
    },
    listModels: async (provider, endpoint) => catalog(provider, endpoint ?? null),
    listComparisons: async (before, filter) => {
      const list = history.filter((c) => matches(c, filter ?? undefined));
      const from = before ? list.findIndex((c) => c.id === before) + 1 : 0;
      return list.slice(from, from + 50).map(summary);
    },
    getComparison: async (id) => structuredClone(find(id)),
    searchHistory: async (query, filter) => {
      const words = query.toLowerCase().split(/\s+/).filter(Boolean);
      const hits: SearchHit[] = [];
      for (const c of history.filter((x) => matches(x, filter ?? undefined))) {
        for (const s of c.slots) {
          const snip = snippet(s.text, words) ?? snippet(c.prompt, words);
          if (snip) hits.push({ comparison_id: c.id, title: c.title, created_at_ms: c.created_at_ms, slot_id: s.id, slot_index: s.index, model: s.model, snippet: snip });
        }
      }
      return { hits: hits.slice(0, 50), next: null };
    },
    deleteComparison: async (id) => {
      find(id);
      history.splice(history.findIndex((c) => c.id === id), 1);
      return null;
    },
    estimateComparison: async (spec) => {
      const inTokens = tokensOf(spec.prompt);
      const slots = spec.targets.map((t) => {
        const promptPrice = t.prompt_price_per_m ?? null;
        const completionPrice = t.completion_price_per_m ?? null;
        const context = t.context_length ?? null;
        const inCost = promptPrice === null ? null : (inTokens * promptPrice) / 1e6;
        const maxOut = t.params?.max_tokens ?? t.max_output_tokens ?? null;
        const worst = inCost === null || maxOut === null || completionPrice === null ? null : inCost + (maxOut * completionPrice) / 1e6;
        return { input_tokens: inTokens, counted: "approximate" as const, input_cost_usd: inCost, max_output_tokens: maxOut, worst_case_usd: worst, fits_context: context === null ? null : inTokens <= context };
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
    followUp: async (parentId, prompt, slots, allowUnknownCost, onEvent) => {
      const parent = find(parentId);
      if (runs.has(parentId)) throw new BackendError("nothing_to_continue", "That comparison is still running.");
      const chosen = parent.slots.filter((s) => slots.length === 0 || slots.includes(s.index));
      const targets = chosen.map((s): Target => ({
        provider: (s.provider.startsWith("compatible") ? "compatible" : s.provider) as ProviderKind,
        endpoint: s.provider.startsWith("compatible:") ? s.provider.slice("compatible:".length) : null,
        model: s.model,
      }));
      return begin({ prompt, system: parent.system, targets, allow_unknown_cost: allowUnknownCost ?? false }, onEvent, parentId);
    },
    cancelComparison: async (id) => {
      const r = runs.get(id);
      if (!r) return null;
      r.timers.forEach(clearTimeout);
      r.timers.clear();
      [...r.finishSlot.values()].forEach((f) => f("cancelled"));
      return null;
    },
    cancelSlot: async (id, slot) => {
      runs.get(id)?.finishSlot.get(slot)?.("cancelled");
      return null;
    },
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
