//! Model catalogs: OpenRouter's `/models` schema normalized into [`CatalogModel`].
//!
//! Prices on the wire are decimal strings in USD per token (per request, per image for those
//! two); we keep USD per million tokens for token prices, the unit people compare. A variable
//! price (OpenRouter's `"-1"` on router models) and a missing one are explicit states, never 0.
//!
//! Conditional prices (`pricing.overrides`: long-prompt tiers, time-of-day windows) and the
//! catalog `discount` are kept as listed; [`crate::pricing`] turns them into one figure.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::error::{ErrorCode, LlmError};
use crate::provider::ProviderKind;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Price {
    /// An amount in USD, in the unit of the field that holds it (per million tokens for token
    /// prices, per request, per image). 0 is a real price: free models.
    Usd { usd: f64 },
    /// Decided per request (router models such as `openrouter/auto`).
    Variable,
    /// The catalog does not say.
    Unknown,
}

impl Default for Price {
    /// A field absent from a stored row: the catalog did not say.
    fn default() -> Self {
        Self::Unknown
    }
}

impl Price {
    /// Parses a per-token decimal string as OpenRouter sends it, into USD per million tokens.
    pub fn from_per_token_str(s: Option<&str>) -> Self {
        Self::parse_scaled(s, 1e6)
    }

    /// Parses a per-unit decimal string (per request, per image).
    pub fn from_per_unit_str(s: Option<&str>) -> Self {
        Self::parse_scaled(s, 1.0)
    }

    fn parse_scaled(s: Option<&str>, scale: f64) -> Self {
        let Some(s) = s.map(str::trim) else {
            return Self::Unknown;
        };
        match s.parse::<f64>() {
            Ok(v) if v < 0.0 => Self::Variable,
            // Round away binary noise (0.000001 * 1e6 = 0.9999999999999999) at 1e-9 USD.
            Ok(v) if v.is_finite() => Self::Usd {
                usd: (v * scale * 1e9).round() / 1e9,
            },
            _ => Self::Unknown,
        }
    }

    /// The amount in USD in the field's own unit; `None` when variable or unknown.
    pub fn usd(self) -> Option<f64> {
        match self {
            Self::Usd { usd } => Some(usd),
            _ => None,
        }
    }

    /// For a token price: USD per single token.
    pub fn per_token(self) -> Option<f64> {
        match self {
            Self::Usd { usd } => Some(usd / 1e6),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CatalogModel {
    pub id: String,
    pub name: String,
    /// Which provider's catalog listed it.
    pub provider: ProviderKind,
    pub context_length: Option<u32>,
    pub max_output_tokens: Option<u32>,
    pub input_modalities: Vec<String>,
    pub output_modalities: Vec<String>,
    /// USD per million input tokens.
    pub prompt_price: Price,
    /// USD per million output tokens.
    pub completion_price: Price,
    /// USD per million reasoning tokens, where priced apart from output.
    pub reasoning_price: Price,
    /// USD per million tokens read from the prompt cache.
    pub cache_read_price: Price,
    /// USD per million tokens written to the prompt cache.
    pub cache_write_price: Price,
    /// USD per request.
    pub request_price: Price,
    /// USD per input image.
    pub image_price: Price,
    /// USD per million tokens written to the prompt cache with a one-hour lifetime (Anthropic's
    /// `ttl: "1h"`); `cache_write_price` is the default five-minute write.
    #[serde(default)]
    pub cache_write_1h_price: Price,
    /// USD per web search the provider ran for the request.
    #[serde(default)]
    pub web_search_price: Price,
    /// Fraction taken off every price (0.25 = 25 % off), as the catalog lists it; `None` when
    /// it lists none.
    #[serde(default)]
    pub discount: Option<f64>,
    /// Prices that replace the ones above under a condition (long prompts, hours of the day),
    /// in catalog order.
    #[serde(default)]
    pub price_overrides: Vec<PriceOverride>,
    /// Request parameters the model accepts, as the catalog names them (empty when unknown).
    pub supported_parameters: Vec<String>,
    /// Unix seconds when the catalog listed the model (not its release date).
    #[ts(type = "number | null")]
    pub created: Option<i64>,
    /// A model installed on a local server (Ollama): its file size and build.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub local: Option<LocalModel>,
    /// Everything else the catalog says about the model (OpenRouter), unknown fields kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub details: Option<ModelDetails>,
}

/// What a catalog entry says beyond prices and limits (OpenRouter's `GET /models`, wire-formats
/// §1.9). Every field is as listed; fields this version does not know are kept in `extra`, and
/// prices it does not know (image or audio output, audio input…) in `other_prices`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ModelDetails {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub canonical_slug: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub hugging_face_id: Option<String>,
    /// `architecture.tokenizer`: `GPT`, `Claude`, `Llama3`…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub tokenizer: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub knowledge_cutoff: Option<String>,
    /// `YYYY-MM-DD`: the day the model goes away (OpenRouter writes `2098-12-31` as "never").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub expiration_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reasoning: Option<ReasoningSupport>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub benchmarks: Option<Benchmarks>,
    /// Prices this version does not read, by OpenRouter's key, as listed (USD per unit).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    #[ts(as = "Option<std::collections::BTreeMap<String, String>>", optional)]
    pub other_prices: std::collections::BTreeMap<String, String>,
    /// Top-level fields this version does not know, as listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "Record<string, unknown>")]
    pub extra: Option<serde_json::Map<String, Value>>,
}

/// A reasoning model's switches (`reasoning` in the catalog entry).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ReasoningSupport {
    /// It always reasons (cannot be turned off).
    pub mandatory: bool,
    pub default_enabled: bool,
    /// `max`, `xhigh`, `high`, `medium`, `low`, `minimal`… as listed.
    pub supported_efforts: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub default_effort: Option<String>,
}

/// Quality figures the catalog carries (`benchmarks`): Artificial Analysis' indexes and Design
/// Arena ratings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Benchmarks {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub intelligence_index: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub coding_index: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub agentic_index: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<ArenaScore>>", optional)]
    pub design_arena: Vec<ArenaScore>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ArenaScore {
    pub arena: String,
    pub category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub elo: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub win_rate: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub rank: Option<u32>,
}

/// Catalog-entry keys this version reads (everything else goes to `ModelDetails::extra`).
const KNOWN_FIELDS: &[&str] = &[
    "id",
    "canonical_slug",
    "hugging_face_id",
    "name",
    "created",
    "description",
    "context_length",
    "architecture",
    "pricing",
    "top_provider",
    "per_request_limits",
    "supported_parameters",
    "default_parameters",
    "supported_voices",
    "knowledge_cutoff",
    "expiration_date",
    "links",
    "reasoning",
    "benchmarks",
    "object",
    "owned_by",
];

/// Pricing keys this version reads into typed prices.
const KNOWN_PRICES: &[&str] = &[
    "prompt",
    "completion",
    "internal_reasoning",
    "input_cache_read",
    "input_cache_write",
    "input_cache_write_1h",
    "request",
    "image",
    "web_search",
    "discount",
    "overrides",
];

/// The details of one catalog entry; `None` when it carries none (OpenAI's and local servers'
/// lists).
fn details_of(m: &Value) -> Option<ModelDetails> {
    let text = |k: &str| {
        m.get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let reasoning = m
        .get("reasoning")
        .filter(|r| r.is_object())
        .map(|r| ReasoningSupport {
            mandatory: r.get("mandatory").and_then(Value::as_bool).unwrap_or(false),
            default_enabled: r
                .get("default_enabled")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            supported_efforts: crate::wire::strings(r.get("supported_efforts")),
            default_effort: r
                .get("default_effort")
                .and_then(Value::as_str)
                .map(str::to_owned),
        });
    let benchmarks = m.get("benchmarks").filter(|b| b.is_object()).map(|b| {
        let aa = |k: &str| {
            b.pointer(&format!("/artificial_analysis/{k}"))
                .and_then(Value::as_f64)
        };
        Benchmarks {
            intelligence_index: aa("intelligence_index"),
            coding_index: aa("coding_index"),
            agentic_index: aa("agentic_index"),
            design_arena: b
                .get("design_arena")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|e| ArenaScore {
                            arena: e
                                .get("arena")
                                .and_then(Value::as_str)
                                .unwrap_or("")
                                .to_owned(),
                            category: e
                                .get("category")
                                .and_then(Value::as_str)
                                .unwrap_or("")
                                .to_owned(),
                            elo: e.get("elo").and_then(Value::as_f64),
                            win_rate: e.get("win_rate").and_then(Value::as_f64),
                            rank: e
                                .get("rank")
                                .and_then(Value::as_u64)
                                .and_then(|r| u32::try_from(r).ok()),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    });
    let other_prices = m
        .get("pricing")
        .and_then(Value::as_object)
        .map(|p| {
            p.iter()
                .filter(|(k, _)| !KNOWN_PRICES.contains(&k.as_str()))
                .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())))
                .collect()
        })
        .unwrap_or_default();
    let extra: serde_json::Map<String, Value> = m
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(k, _)| !KNOWN_FIELDS.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    let d = ModelDetails {
        canonical_slug: text("canonical_slug"),
        description: text("description"),
        hugging_face_id: text("hugging_face_id"),
        tokenizer: m
            .pointer("/architecture/tokenizer")
            .and_then(Value::as_str)
            .map(str::to_owned),
        knowledge_cutoff: text("knowledge_cutoff"),
        expiration_date: text("expiration_date"),
        reasoning,
        benchmarks,
        other_prices,
        extra: (!extra.is_empty()).then_some(extra),
    };
    (d != ModelDetails::default()).then_some(d)
}

/// What a local server says about an installed model (Ollama `GET /api/tags`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct LocalModel {
    /// Bytes on disk.
    #[ts(type = "number | null")]
    pub size_bytes: Option<u64>,
    /// As the server writes it: `3.2B`.
    pub parameter_size: Option<String>,
    /// As the server writes it: `Q4_K_M`.
    pub quantization: Option<String>,
}

impl CatalogModel {
    /// A model known only by id: every price and limit unknown.
    pub fn bare(provider: ProviderKind, id: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            provider,
            context_length: None,
            max_output_tokens: None,
            input_modalities: Vec::new(),
            output_modalities: Vec::new(),
            prompt_price: Price::Unknown,
            completion_price: Price::Unknown,
            reasoning_price: Price::Unknown,
            cache_read_price: Price::Unknown,
            cache_write_price: Price::Unknown,
            request_price: Price::Unknown,
            image_price: Price::Unknown,
            cache_write_1h_price: Price::Unknown,
            web_search_price: Price::Unknown,
            discount: None,
            price_overrides: Vec::new(),
            supported_parameters: Vec::new(),
            created: None,
            local: None,
            details: None,
        }
    }
}

/// One entry of OpenRouter's `pricing.overrides`: prices that replace the base ones when every
/// condition it carries holds. A price it does not name keeps the base (or an earlier
/// override's) value; see [`crate::pricing`] for how entries combine.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct PriceOverride {
    /// Applies when the prompt has at least this many input tokens.
    #[serde(default)]
    pub min_prompt_tokens: Option<u32>,
    /// Start of a UTC time-of-day window, as OpenRouter writes it: an `HHMM` number (`1000` is
    /// 10:00, `100` is 01:00). A window may wrap past midnight (`utc_start` 1000, `utc_end` 100).
    /// Strings `"HH:MM"` and `"HHMM"` are read into the same number.
    #[serde(default)]
    pub utc_start: Option<u32>,
    /// End of the window (excluded), `HHMM` like `utc_start`.
    #[serde(default)]
    pub utc_end: Option<u32>,
    /// Conditions this crate does not know (keys whose value is not a price string). An entry
    /// with any of them is never applied: whether it holds cannot be told.
    #[serde(default)]
    pub unknown_conditions: Vec<String>,
    /// USD per million input tokens.
    #[serde(default)]
    pub prompt_price: Option<Price>,
    /// USD per million output tokens.
    #[serde(default)]
    pub completion_price: Option<Price>,
    /// USD per million reasoning tokens (`internal_reasoning`).
    #[serde(default)]
    pub reasoning_price: Option<Price>,
    /// USD per million cache-read tokens.
    #[serde(default)]
    pub cache_read_price: Option<Price>,
    /// USD per million five-minute cache-write tokens.
    #[serde(default)]
    pub cache_write_price: Option<Price>,
    /// USD per million one-hour cache-write tokens.
    #[serde(default)]
    pub cache_write_1h_price: Option<Price>,
    /// USD per request.
    #[serde(default)]
    pub request_price: Option<Price>,
    /// USD per input image.
    #[serde(default)]
    pub image_price: Option<Price>,
    /// USD per web search.
    #[serde(default)]
    pub web_search_price: Option<Price>,
}

/// From OpenRouter's USD per token to USD per million tokens, and per unit (request, image, search).
const PER_TOKEN: f64 = 1e6;
const PER_UNIT: f64 = 1.0;

impl PriceOverride {
    /// Reads one `overrides` entry. Never fails: a price that does not parse is `Unknown`, a
    /// price kind this crate does not bill (`audio`, `input_audio_cache`, …) is left out, and an
    /// unfamiliar non-price key is kept in `unknown_conditions`.
    pub fn from_openrouter(v: &Value) -> Self {
        let mut o = Self::default();
        let Some(map) = v.as_object() else {
            o.unknown_conditions.push("(not an object)".to_owned());
            return o;
        };
        for (key, value) in map {
            // Prices are strings on the wire; a bare number is read the same way.
            let text = value.as_f64().map(|n| n.to_string());
            let price = |scale: f64| {
                Some(Price::parse_scaled(
                    value.as_str().or(text.as_deref()),
                    scale,
                ))
            };
            match key.as_str() {
                "min_prompt_tokens" => match number_u32(value) {
                    Some(n) => o.min_prompt_tokens = Some(n),
                    None => o.unknown_conditions.push(key.clone()),
                },
                "utc_start" | "utc_end" => match hhmm(value) {
                    Some(n) if key == "utc_start" => o.utc_start = Some(n),
                    Some(n) => o.utc_end = Some(n),
                    None => o.unknown_conditions.push(key.clone()),
                },
                "prompt" => o.prompt_price = price(PER_TOKEN),
                "completion" => o.completion_price = price(PER_TOKEN),
                "internal_reasoning" => o.reasoning_price = price(PER_TOKEN),
                "input_cache_read" => o.cache_read_price = price(PER_TOKEN),
                "input_cache_write" => o.cache_write_price = price(PER_TOKEN),
                "input_cache_write_1h" => o.cache_write_1h_price = price(PER_TOKEN),
                "request" => o.request_price = price(PER_UNIT),
                "image" => o.image_price = price(PER_UNIT),
                "web_search" => o.web_search_price = price(PER_UNIT),
                // Prices are decimal strings; another price kind is not billed here.
                _ if value
                    .as_str()
                    .is_some_and(|s| s.trim().parse::<f64>().is_ok()) => {}
                _ => o.unknown_conditions.push(key.clone()),
            }
        }
        o
    }

    /// The time window as minutes of the UTC day, `(start, end)`; `None` when the entry has no
    /// window or only half of one, or a bound that is not a time of day.
    pub fn window_minutes(&self) -> Option<(u32, u32)> {
        let minutes = |hhmm: u32| {
            let (h, m) = (hhmm / 100, hhmm % 100);
            (m < 60 && (h < 24 || hhmm == 2400)).then_some(h * 60 + m)
        };
        Some((minutes(self.utc_start?)?, minutes(self.utc_end?)?))
    }
}

fn number_u32(v: &Value) -> Option<u32> {
    match v {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// An `HHMM` time of day: the number `1000`, or the strings `"1000"` and `"10:00"`.
fn hhmm(v: &Value) -> Option<u32> {
    match v {
        Value::String(s) if s.contains(':') => {
            let (h, m) = s.trim().split_once(':')?;
            let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
            (m < 60).then_some(h * 100 + m)
        }
        _ => number_u32(v),
    }
}

/// `pricing.discount`: a number (or numeric string) from 0 to 1; anything else is ignored
/// rather than trusted (a negative or >1 "discount" would raise or flip the price).
fn discount(v: Option<&Value>) -> Option<f64> {
    let d = match v? {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    (d.is_finite() && (0.0..=1.0).contains(&d)).then_some(d)
}

/// Parses the `{"data": [...]}` envelope of `GET /models`. Entries without an id are skipped;
/// a body that is not that envelope is a `malformed_response`.
pub fn parse_openrouter_models(body: &str) -> Result<Vec<CatalogModel>, LlmError> {
    parse_openai_style_models(ProviderKind::OpenRouter, body)
}

/// The same envelope from OpenAI or a compatible server: `{"data": [{"id", "created"}]}`, with
/// no prices (unknown, not free).
pub fn parse_openai_style_models(
    provider: ProviderKind,
    body: &str,
) -> Result<Vec<CatalogModel>, LlmError> {
    let v: Value = serde_json::from_str(body).map_err(|e| {
        LlmError::new(
            ErrorCode::MalformedResponse,
            format!("The model list is not valid JSON: {e}"),
        )
    })?;
    let data = v.get("data").and_then(Value::as_array).ok_or_else(|| {
        LlmError::new(
            ErrorCode::MalformedResponse,
            "The model list has no `data` array; is the base URL an OpenRouter-compatible API?",
        )
    })?;
    let as_u32 = |v: Option<&Value>| {
        v.and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
    };
    Ok(data
        .iter()
        .filter_map(|m| {
            let id = m.get("id")?.as_str()?.to_owned();
            let name = m
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or(&id)
                .to_owned();
            let pricing = m.get("pricing");
            let price = |k: &str| {
                Price::from_per_token_str(pricing.and_then(|p| p.get(k)).and_then(Value::as_str))
            };
            let strings = |p: &str| crate::wire::strings(m.pointer(p));
            let unit = |k: &str| {
                Price::from_per_unit_str(pricing.and_then(|p| p.get(k)).and_then(Value::as_str))
            };
            // An absent reasoning price means reasoning is billed as output, not that it is unknown.
            let reasoning = match price("internal_reasoning") {
                Price::Unknown if pricing.is_some() => price("completion"),
                p => p,
            };
            Some(CatalogModel {
                name,
                provider,
                context_length: as_u32(m.get("context_length")),
                max_output_tokens: as_u32(m.pointer("/top_provider/max_completion_tokens")),
                input_modalities: strings("/architecture/input_modalities"),
                output_modalities: strings("/architecture/output_modalities"),
                prompt_price: price("prompt"),
                completion_price: price("completion"),
                reasoning_price: reasoning,
                cache_read_price: price("input_cache_read"),
                cache_write_price: price("input_cache_write"),
                request_price: unit("request"),
                image_price: unit("image"),
                cache_write_1h_price: price("input_cache_write_1h"),
                web_search_price: unit("web_search"),
                discount: discount(pricing.and_then(|p| p.get("discount"))),
                price_overrides: pricing
                    .and_then(|p| p.get("overrides"))
                    .and_then(Value::as_array)
                    .map(|a| a.iter().map(PriceOverride::from_openrouter).collect())
                    .unwrap_or_default(),
                supported_parameters: strings("/supported_parameters"),
                created: m.get("created").and_then(Value::as_i64),
                local: None,
                details: details_of(m),
                id,
            })
        })
        .collect())
}

/// For tests: the real OpenRouter catalog snapshot in `../shared` beside the checkout. `None` on a
/// clone without it, after saying so on the real stderr: libtest captures only the `print!` and
/// `eprint!` macros, and only shows them for failing tests, so an `eprintln!` here would hide the
/// skip behind a green run. A failure when `CI=true` (`.ci/run` sets it), where it must be.
#[doc(hidden)]
pub fn shared_snapshot(test: &str) -> Option<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures/openrouter-models-snapshot.json"
    );
    let ci = std::env::var("CI").as_deref() == Ok("true");
    snapshot_at(path, test, ci, &mut std::io::stderr())
}

fn snapshot_at(
    path: &str,
    test: &str,
    ci: bool,
    notice: &mut dyn std::io::Write,
) -> Option<String> {
    match std::fs::read_to_string(path) {
        Ok(body) => Some(body),
        Err(e) => {
            assert!(
                !ci,
                "CI=true but the real catalog snapshot for {test} is missing at {path} ({e})"
            );
            // Nothing to do if stderr itself is gone.
            let _ = writeln!(
                notice,
                "SKIPPED {test}: the real catalog snapshot is not on this clone ({path}: {e}). \
                 To run it, put the `shared` folder (fixtures/openrouter-models-snapshot.json, \
                 see shared/docs/wire-formats.md §8) beside the checkout; CI=true makes this a \
                 failure."
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::snapshot_at;

    const MISSING: &str = "/nonexistent/shared/fixtures/openrouter-models-snapshot.json";

    #[test]
    fn a_missing_snapshot_says_which_test_skipped_where_and_how_to_get_it() {
        let mut notice = Vec::new();
        assert_eq!(
            snapshot_at(MISSING, "some_real_test", false, &mut notice),
            None
        );
        let notice = String::from_utf8(notice).unwrap();
        assert!(notice.starts_with("SKIPPED some_real_test: "), "{notice}");
        assert!(notice.contains(MISSING), "{notice}");
        assert!(notice.contains("wire-formats.md §8"), "{notice}");
        assert!(notice.contains("CI=true"), "{notice}");
    }

    #[test]
    #[should_panic(
        expected = "CI=true but the real catalog snapshot for some_real_test is missing"
    )]
    fn a_missing_snapshot_fails_under_ci() {
        snapshot_at(MISSING, "some_real_test", true, &mut Vec::new());
    }

    #[test]
    fn a_present_snapshot_is_read_whole_and_says_nothing() {
        let path =
            std::env::temp_dir().join(format!("parallax-snapshot-{}.json", std::process::id()));
        std::fs::write(&path, "{\"data\": []}").unwrap();
        let mut notice = Vec::new();
        let body = snapshot_at(path.to_str().unwrap(), "t", true, &mut notice);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(body.as_deref(), Some("{\"data\": []}"));
        assert!(notice.is_empty());
    }
}
