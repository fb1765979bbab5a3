//! OpenRouter's endpoints beyond chat: generation stats (billed cost, serving provider, native
//! token counts), key status (limit, usage), and paged model lists.
//!
//! `GET /generation?id=` answers 404 for a few seconds after a request finishes; callers retry
//! (see [`GenerationLookup`]).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::error::{ErrorCode, LlmError};
use crate::provider::Endpoint;
use crate::types::HttpRequest;
use crate::wire::u32_at;

fn get(endpoint: &Endpoint, path: &str) -> HttpRequest {
    let mut headers = vec![("Accept".to_owned(), "application/json".to_owned())];
    if let Some(k) = &endpoint.api_key {
        headers.push(("Authorization".into(), format!("Bearer {}", k.expose())));
    }
    headers.extend(endpoint.extra_headers.iter().cloned());
    HttpRequest {
        url: endpoint.url(path),
        headers,
        body: Value::Null,
    }
}

/// Percent-encodes a query value (generation ids are `gen-<digits>-<alnum>`, but be safe).
fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub fn build_generation_request(endpoint: &Endpoint, generation_id: &str) -> HttpRequest {
    get(
        endpoint,
        &format!("generation?id={}", encode(generation_id)),
    )
}

pub fn build_key_request(endpoint: &Endpoint) -> HttpRequest {
    get(endpoint, "key")
}

/// `GET /models?offset=&limit=`; OpenRouter returns everything when both are omitted.
pub fn build_models_page_request(endpoint: &Endpoint, offset: usize, limit: usize) -> HttpRequest {
    get(endpoint, &format!("models?offset={offset}&limit={limit}"))
}

/// The `links.next` of a models page, as an offset to ask for next; `None` on the last page.
pub fn next_models_offset(body: &str) -> Option<usize> {
    let v: Value = serde_json::from_str(body).ok()?;
    let next = v.pointer("/links/next")?.as_str()?;
    let query = next.split_once('?')?.1;
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("offset="))
        .and_then(|o| o.parse().ok())
}

/// What OpenRouter reports about one finished generation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct GenerationStats {
    pub id: String,
    pub model: Option<String>,
    /// The upstream provider that served it ("Azure", "Together"…).
    pub provider_name: Option<String>,
    /// USD billed.
    pub total_cost_usd: Option<f64>,
    pub native_tokens_prompt: Option<u32>,
    pub native_tokens_completion: Option<u32>,
    pub native_tokens_reasoning: Option<u32>,
    pub native_tokens_cached: Option<u32>,
    /// Server-side milliseconds; a cross-check, not TTFT.
    #[ts(type = "number | null")]
    pub latency_ms: Option<u64>,
    #[ts(type = "number | null")]
    pub generation_time_ms: Option<u64>,
    pub cancelled: Option<bool>,
}

/// The outcome of one `/generation` lookup.
#[derive(Debug, Clone, PartialEq)]
pub enum GenerationLookup {
    Ready(GenerationStats),
    /// 404: not visible yet (or never will be); ask again a little later.
    NotYet,
}

/// Parses a `/generation` response by status and body.
pub fn parse_generation(
    endpoint: &Endpoint,
    status: u16,
    body: &str,
) -> Result<GenerationLookup, LlmError> {
    if status == 404 {
        return Ok(GenerationLookup::NotYet);
    }
    if !(200..300).contains(&status) {
        return Err(crate::openai_compat::classify_http_error(
            endpoint, status, None, body,
        ));
    }
    let v: Value = serde_json::from_str(body).map_err(|e| {
        LlmError::new(
            ErrorCode::MalformedResponse,
            format!("generation stats are not valid JSON: {e}"),
        )
    })?;
    let d = v.get("data").ok_or_else(|| {
        LlmError::new(
            ErrorCode::MalformedResponse,
            "generation stats have no `data` object",
        )
    })?;
    let s = |k: &str| d.get(k).and_then(Value::as_str).map(str::to_owned);
    Ok(GenerationLookup::Ready(GenerationStats {
        id: s("id").unwrap_or_default(),
        model: s("model"),
        provider_name: s("provider_name"),
        total_cost_usd: d.get("total_cost").and_then(Value::as_f64),
        native_tokens_prompt: u32_at(d, "native_tokens_prompt"),
        native_tokens_completion: u32_at(d, "native_tokens_completion"),
        native_tokens_reasoning: u32_at(d, "native_tokens_reasoning"),
        native_tokens_cached: u32_at(d, "native_tokens_cached"),
        latency_ms: d.get("latency").and_then(Value::as_u64),
        generation_time_ms: d.get("generation_time").and_then(Value::as_u64),
        cancelled: d.get("cancelled").and_then(Value::as_bool),
    }))
}

/// The key's spending state (`GET /key`). Money in USD; `None` limit means uncapped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct KeyStatus {
    /// OpenRouter's own masked label for the key.
    pub label: Option<String>,
    pub limit_usd: Option<f64>,
    pub limit_remaining_usd: Option<f64>,
    pub limit_reset: Option<String>,
    pub usage_usd: Option<f64>,
    pub usage_daily_usd: Option<f64>,
    pub is_free_tier: Option<bool>,
}

pub fn parse_key(endpoint: &Endpoint, status: u16, body: &str) -> Result<KeyStatus, LlmError> {
    if !(200..300).contains(&status) {
        return Err(crate::openai_compat::classify_http_error(
            endpoint, status, None, body,
        ));
    }
    let v: Value = serde_json::from_str(body).map_err(|e| {
        LlmError::new(
            ErrorCode::MalformedResponse,
            format!("key status is not valid JSON: {e}"),
        )
    })?;
    let d = v.get("data").unwrap_or(&Value::Null);
    let f = |k: &str| d.get(k).and_then(Value::as_f64);
    Ok(KeyStatus {
        label: d.get("label").and_then(Value::as_str).map(str::to_owned),
        limit_usd: f("limit"),
        limit_remaining_usd: f("limit_remaining"),
        limit_reset: d
            .get("limit_reset")
            .and_then(Value::as_str)
            .map(str::to_owned),
        usage_usd: f("usage"),
        usage_daily_usd: f("usage_daily"),
        is_free_tier: d.get("is_free_tier").and_then(Value::as_bool),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ApiKey;

    fn ep() -> Endpoint {
        Endpoint::openrouter(
            "https://openrouter.ai/api/v1",
            ApiKey::new("sk-or-v1-secretsecret"),
        )
    }

    #[test]
    fn generation_is_not_yet_while_404_then_ready() {
        assert_eq!(
            parse_generation(&ep(), 404, "{}").unwrap(),
            GenerationLookup::NotYet
        );
        let body = r#"{"data":{"id":"gen-1","model":"sao10k/l3-stheno-8b","provider_name":"Infermatic","latency":1250,"generation_time":1200,"native_tokens_prompt":10,"native_tokens_completion":25,"native_tokens_reasoning":5,"native_tokens_cached":3,"total_cost":0.0015,"cancelled":false}}"#;
        let GenerationLookup::Ready(s) = parse_generation(&ep(), 200, body).unwrap() else {
            panic!("ready")
        };
        assert_eq!(s.provider_name.as_deref(), Some("Infermatic"));
        assert_eq!(s.total_cost_usd, Some(0.0015));
        assert_eq!(
            (
                s.native_tokens_prompt,
                s.native_tokens_completion,
                s.native_tokens_reasoning
            ),
            (Some(10), Some(25), Some(5))
        );
        assert_eq!(s.latency_ms, Some(1250));
        let err = parse_generation(
            &ep(),
            401,
            r#"{"error":{"code":401,"message":"User not found."}}"#,
        )
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::Unauthorized);
    }

    #[test]
    fn generation_ids_are_encoded_in_the_query() {
        let r = build_generation_request(&ep(), "gen-1&x=y");
        assert_eq!(
            r.url,
            "https://openrouter.ai/api/v1/generation?id=gen-1%26x%3Dy"
        );
    }

    #[test]
    fn key_status_with_and_without_a_cap() {
        let k = parse_key(&ep(), 200, r#"{"data":{"label":"sk-or-v1-au7...890","limit":100,"limit_remaining":74.5,"limit_reset":"monthly","usage":25.5,"usage_daily":1.5,"is_free_tier":false}}"#).unwrap();
        assert_eq!(
            (k.limit_usd, k.limit_remaining_usd, k.usage_usd),
            (Some(100.0), Some(74.5), Some(25.5))
        );
        let k = parse_key(
            &ep(),
            200,
            r#"{"data":{"label":"x","limit":null,"usage":0}}"#,
        )
        .unwrap();
        assert_eq!(k.limit_usd, None, "null limit means uncapped, not $0");
    }

    #[test]
    fn model_pages_follow_links_next() {
        assert_eq!(
            next_models_offset(
                r#"{"data":[],"links":{"next":"/api/v1/models?offset=200&limit=200"}}"#
            ),
            Some(200)
        );
        assert_eq!(
            next_models_offset(r#"{"data":[],"links":{"next":null}}"#),
            None
        );
        assert_eq!(
            next_models_offset(r#"{"data":[]}"#),
            None,
            "older envelopes have no links"
        );
    }
}

/// `GET /models/{author}/{slug}/endpoints`: the providers serving one model (wire-formats §1.10).
/// Each path segment of the id is percent-encoded (`:free` variants keep their meaning).
pub fn build_model_endpoints_request(endpoint: &Endpoint, model: &str) -> HttpRequest {
    let path: Vec<String> = model.split('/').map(encode).collect();
    get(endpoint, &format!("models/{}/endpoints", path.join("/")))
}

/// Latency (seconds, as listed) or throughput (tokens/s) percentiles over the last 30 minutes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct Percentiles {
    pub p50: Option<f64>,
    pub p75: Option<f64>,
    pub p90: Option<f64>,
    pub p99: Option<f64>,
}

/// One provider serving a model on OpenRouter: its price, limits, build and recent health.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ProviderEndpoint {
    pub provider_name: String,
    /// The slug for `provider.order` / `only` / `ignore` (`deepinfra/turbo`).
    pub tag: String,
    /// `fp8`, `fp16`, `int4`… as listed; `None` when not said.
    pub quantization: Option<String>,
    pub context_length: Option<u32>,
    pub max_output_tokens: Option<u32>,
    /// USD per million tokens (per request for `request_price`), as [`crate::Price`].
    pub prompt_price: crate::Price,
    pub completion_price: crate::Price,
    pub cache_read_price: crate::Price,
    pub request_price: crate::Price,
    /// Percent of requests that succeeded over the last 5 minutes, 30 minutes and day.
    pub uptime_5m: Option<f64>,
    pub uptime_30m: Option<f64>,
    pub uptime_1d: Option<f64>,
    /// Seconds to first token, last 30 minutes.
    pub latency_30m: Option<Percentiles>,
    /// Tokens per second, last 30 minutes (`None` for unauthenticated calls).
    pub throughput_30m: Option<Percentiles>,
    pub supported_parameters: Vec<String>,
    /// OpenRouter's status code for the endpoint (0 normal; other values undocumented).
    pub status: Option<i64>,
    pub supports_implicit_caching: Option<bool>,
}

/// Reads the endpoints of one model. A body that is not `{"data": {"endpoints": [...]}}` is a
/// `malformed_response`.
pub fn parse_model_endpoints(body: &str) -> Result<Vec<ProviderEndpoint>, LlmError> {
    let malformed = |why: &str| {
        LlmError::new(
            ErrorCode::MalformedResponse,
            format!("The model's endpoint list {why}"),
        )
    };
    let v: Value = serde_json::from_str(body).map_err(|_| malformed("is not valid JSON"))?;
    let list = v
        .pointer("/data/endpoints")
        .and_then(Value::as_array)
        .ok_or_else(|| malformed("has no data.endpoints array"))?;
    let f = |e: &Value, k: &str| e.get(k).and_then(Value::as_f64);
    let pct = |e: &Value, k: &str| {
        e.get(k).filter(|p| p.is_object()).map(|p| Percentiles {
            p50: f(p, "p50"),
            p75: f(p, "p75"),
            p90: f(p, "p90"),
            p99: f(p, "p99"),
        })
    };
    let price = |e: &Value, k: &str| {
        crate::Price::from_per_token_str(
            e.pointer(&format!("/pricing/{k}")).and_then(Value::as_str),
        )
    };
    Ok(list
        .iter()
        .map(|e| ProviderEndpoint {
            provider_name: e
                .get("provider_name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
            tag: e
                .get("tag")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
            quantization: e
                .get("quantization")
                .and_then(Value::as_str)
                .filter(|q| !q.is_empty() && *q != "unknown")
                .map(str::to_owned),
            context_length: u32_at(e, "context_length"),
            max_output_tokens: u32_at(e, "max_completion_tokens"),
            prompt_price: price(e, "prompt"),
            completion_price: price(e, "completion"),
            cache_read_price: price(e, "input_cache_read"),
            request_price: crate::Price::from_per_unit_str(
                e.pointer("/pricing/request").and_then(Value::as_str),
            ),
            uptime_5m: f(e, "uptime_last_5m"),
            uptime_30m: f(e, "uptime_last_30m"),
            uptime_1d: f(e, "uptime_last_1d"),
            latency_30m: pct(e, "latency_last_30m"),
            throughput_30m: pct(e, "throughput_last_30m"),
            supported_parameters: crate::wire::strings(e.get("supported_parameters")),
            status: e.get("status").and_then(Value::as_i64),
            supports_implicit_caching: e.get("supports_implicit_caching").and_then(Value::as_bool),
        })
        .collect())
}

#[cfg(test)]
mod endpoint_tests {
    use super::*;

    /// The example of wire-formats §1.10, with a second provider without health figures.
    #[test]
    fn a_models_endpoints_are_read_with_prices_health_and_percentiles() {
        let body = r#"{"data": {"id": "openai/gpt-4", "endpoints": [{
            "name": "OpenAI: GPT-4", "provider_name": "OpenAI", "tag": "openai", "quantization": "fp16",
            "context_length": 8192, "max_completion_tokens": 4096, "max_prompt_tokens": 8192,
            "pricing": {"prompt": "0.00003", "completion": "0.00006", "request": "0", "image": "0"},
            "supported_parameters": ["temperature", "top_p", "max_tokens"], "status": 0,
            "uptime_last_5m": 100, "uptime_last_30m": 99.5, "uptime_last_1d": 99.8,
            "latency_last_30m": {"p50": 0.25, "p75": 0.35, "p90": 0.48, "p99": 0.85},
            "throughput_last_30m": {"p50": 45.2, "p75": 38.5, "p90": 28.3, "p99": 15.1},
            "supports_implicit_caching": true
          }, {"provider_name": "Azure", "tag": "azure", "quantization": "unknown",
              "pricing": {"prompt": "0.00003", "completion": "0.00006"}, "throughput_last_30m": null}]}}"#;
        let e = parse_model_endpoints(body).unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].tag, "openai");
        assert_eq!(e[0].quantization.as_deref(), Some("fp16"));
        // $0.00003 per token is $30 per million.
        assert_eq!(e[0].prompt_price, crate::Price::Usd { usd: 30.0 });
        assert_eq!(e[0].completion_price, crate::Price::Usd { usd: 60.0 });
        assert_eq!(e[0].request_price, crate::Price::Usd { usd: 0.0 });
        assert_eq!(e[0].uptime_30m, Some(99.5));
        assert_eq!(e[0].latency_30m.unwrap().p90, Some(0.48));
        assert_eq!(e[0].throughput_30m.unwrap().p50, Some(45.2));
        assert_eq!(e[0].max_output_tokens, Some(4096));
        assert_eq!(e[0].context_length, Some(8192));
        assert_eq!(e[1].quantization, None, "\"unknown\" is not a quantization");
        assert_eq!(e[1].throughput_30m, None);
        assert_eq!(e[1].uptime_1d, None);
        assert!(parse_model_endpoints(r#"{"data": []}"#).is_err());
    }

    #[test]
    fn the_request_path_carries_the_model_id() {
        let ep = Endpoint::openrouter("https://openrouter.ai/api/v1", None);
        let r = build_model_endpoints_request(&ep, "meta-llama/llama-3.2-1b-instruct:free");
        assert_eq!(
            r.url,
            "https://openrouter.ai/api/v1/models/meta-llama/llama-3.2-1b-instruct%3Afree/endpoints"
        );
    }
}
