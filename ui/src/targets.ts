// What the person picked to compare: a model on a provider (or a custom endpoint), and how it is
// labelled, remembered and turned into an engine Target. Pure, so it is unit-tested.
import type { CatalogModel, ComparisonSpec, Price, ProviderKind, SettingsView, Target } from "./backend";
import { formatDiskSize } from "./format";
import { paramsOf, type DefaultParams } from "./params";

export interface Pick {
  provider: ProviderKind;
  /** For `compatible`: the custom endpoint's name. */
  endpoint: string | null;
  model: string;
}

/** Which catalog: a built-in provider, or a custom endpoint by name. */
export interface CatalogRef {
  provider: ProviderKind;
  endpoint: string | null;
}

/** A catalog to pick from: a built-in provider or a custom endpoint. */
export interface Source extends CatalogRef {
  label: string;
}

export const sameSource = (a: CatalogRef, b: CatalogRef) => a.provider === b.provider && a.endpoint === b.endpoint;

export const samePick = (a: Pick, b: Pick) => sameSource(a, b) && a.model === b.model;

/** The spelling the CLI accepts too: `model` on OpenRouter, `provider:model`, `endpoint:model`. */
export function pickLabel(p: Pick): string {
  if (p.provider === "openrouter") return p.model;
  if (p.provider === "compatible") return `${p.endpoint ?? "?"}:${p.model}`;
  return `${p.provider}:${p.model}`;
}

export const sourceKey = (s: CatalogRef) => `${s.provider}|${s.endpoint ?? ""}`;

/** Reads remembered picks; the first version stored plain OpenRouter ids. */
export function parseStoredPicks(raw: string | null): Pick[] {
  try {
    const v: unknown = JSON.parse(raw ?? "[]");
    if (!Array.isArray(v)) return [];
    return v.flatMap((x): Pick[] => {
      if (typeof x === "string") return [{ provider: "openrouter", endpoint: null, model: x }];
      if (x && typeof x === "object" && typeof x.model === "string" && typeof x.provider === "string") {
        return [{ provider: x.provider as ProviderKind, endpoint: typeof x.endpoint === "string" ? x.endpoint : null, model: x.model }];
      }
      return [];
    });
  } catch {
    return [];
  }
}

const perM = (p: Price | undefined) => (p?.kind === "usd" ? p.usd : null);

/**
 * A pick as a target: its model, its catalog figures and the person's default parameters for new
 * comparisons (Settings → Defaults); every other field is Rust's default.
 */
export function toTarget(p: Pick, model: CatalogModel | undefined, defaults?: DefaultParams): Target {
  const params = paramsOf(defaults);
  return {
    provider: p.provider,
    endpoint: p.endpoint,
    model: p.model,
    ...(params ? { params } : {}),
    prompt_price_per_m: perM(model?.prompt_price),
    completion_price_per_m: perM(model?.completion_price),
    context_length: model?.context_length ?? null,
    max_output_tokens: model?.max_output_tokens ?? null,
  };
}

export const OPENROUTER: Source = { provider: "openrouter", endpoint: null, label: "OpenRouter" };

/** The built-in demo models: made-up answers and prices, served inside the app. */
export const DEMO: Source = { provider: "demo", endpoint: null, label: "Demo models" };

/** Built-in providers by name, for what a pick's provider is called where no settings are at hand. */
export const PROVIDER_NAMES: Record<ProviderKind, string> = {
  openrouter: "OpenRouter",
  openai: "OpenAI",
  anthropic: "Anthropic",
  gemini: "Gemini",
  ollama: "Ollama",
  demo: "Demo models",
  compatible: "Custom endpoint",
};

/** Where a pick goes, in words: "Anthropic", "lab (custom endpoint)". */
export const whereOf = (p: CatalogRef) => (p.provider === "compatible" ? `${p.endpoint ?? "?"} (custom endpoint)` : PROVIDER_NAMES[p.provider]);

/** The prefix that names a catalog in a typed model spec (`anthropic:`, `lab:`), as the CLI reads it. */
export const specPrefix = (s: CatalogRef) => (s.provider === "compatible" ? (s.endpoint ?? "") : s.provider);

/** A demo pick: its answer and price are made up, and it must say so wherever it is shown. */
export const isDemo = (p: { provider?: ProviderKind | string | undefined }) => p.provider === "demo";

/** What a local server says about an installed model: "3.2B · Q4_K_M · 2.0 GB"; null when nothing. */
export function localText(m: CatalogModel): string | null {
  const l = m.local;
  if (!l) return null;
  const parts = [l.parameter_size, l.quantization, l.size_bytes === null ? null : formatDiskSize(l.size_bytes)].filter((x): x is string => !!x);
  return parts.length ? parts.join(" · ") : null;
}

/** A plain comparison (one prompt, no variants or repeats) of these targets. */
export function specOf(prompt: string, targets: Target[]): ComparisonSpec {
  return { prompt, variants: [], rows: [], repeats: 1, history: [], parent: null, system: null, targets };
}

/** Every catalog the person can pick from: the built-in providers, then custom endpoints. */
export function sourcesOf(settings: { providers: SettingsView["providers"]; endpoints: SettingsView["endpoints"] } | null | undefined): Source[] {
  if (!settings) return [OPENROUTER];
  return [
    ...settings.providers.filter((p) => p.enabled).map((p) => ({ provider: p.kind, endpoint: null, label: p.name })),
    ...settings.endpoints.map((e) => ({ provider: "compatible" as const, endpoint: e.name, label: `${e.name} (custom)` })),
  ];
}

/** Adds a pick unless it is already there (the palette adds; the picker toggles). */
export const withPick = (picks: Pick[], p: Pick): Pick[] => (picks.some((x) => samePick(x, p)) ? picks : [...picks, p]);

/** A target (from a saved model set, or a resolved alias) as a pick; its own params are not kept. */
export const pickOf = (t: Target): Pick => ({ provider: t.provider ?? "openrouter", endpoint: t.provider === "compatible" ? (t.endpoint ?? null) : null, model: t.model });
