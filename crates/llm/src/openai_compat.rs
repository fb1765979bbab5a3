//! The OpenAI-compatible chat-completions wire format, as OpenRouter speaks it.
//!
//! Owns: building `POST {base}/chat/completions`, reading its SSE stream one `data:` payload at a
//! time, and turning error bodies into [`LlmError`]s. SSE framing (comments, multi-line data,
//! `\r\n`) is done by the engine with `eventsource-stream`; this module sees payload strings.
//!
//! Quirks handled (see `shared/docs/wire-formats.md` §1.5, §2, §6):
//! - usage may come on a chunk with empty `choices` (OpenAI) or on one that repeats the finish
//!   reason (OpenRouter, llama.cpp): the finish reason is recorded once, usage replaces usage;
//! - a mid-stream error is a 200 `data:` event with a top-level `error` whose `code` is a number
//!   or a string;
//! - reasoning arrives as `reasoning`, `reasoning_content` or `reasoning_details`.

use serde_json::{json, Map, Value};

use crate::error::{ErrorCode, LlmError};
use crate::key::redact;
use crate::provider::{Endpoint, ProviderKind};
use crate::types::{
    BuiltRequest, ChatRequest, FinishReason, HttpRequest, ParamNote, Reasoning, Routing,
    RoutingSort, StreamEvent, Usage,
};
use crate::wire::{self, Auth};

pub const OPENROUTER_DEFAULT_BASE_URL: &str = "https://openrouter.ai/api/v1";

/// Sent as OpenRouter's attribution headers (app rankings); not sent to other providers.
const APP_URL: &str = "https://github.com/parallax-app/parallax";
const APP_TITLE: &str = "Parallax";

fn common_headers(endpoint: &Endpoint, accept: &str) -> Vec<(String, String)> {
    let mut h = wire::headers(endpoint, accept, Auth::Bearer);
    if endpoint.kind == ProviderKind::OpenRouter {
        h.push(("HTTP-Referer".into(), APP_URL.into()));
        h.push(("X-OpenRouter-Title".into(), APP_TITLE.into()));
        h.push(("X-Title".into(), APP_TITLE.into()));
    }
    h
}

fn routing_json(r: &Routing) -> Value {
    let mut o = Map::new();
    let list = |v: &Vec<String>| json!(v);
    if !r.order.is_empty() {
        o.insert("order".into(), list(&r.order));
    }
    if let Some(b) = r.allow_fallbacks {
        o.insert("allow_fallbacks".into(), json!(b));
    }
    if let Some(s) = r.sort {
        let s = match s {
            RoutingSort::Price => "price",
            RoutingSort::Throughput => "throughput",
            RoutingSort::Latency => "latency",
        };
        o.insert("sort".into(), json!(s));
    }
    if !r.only.is_empty() {
        o.insert("only".into(), list(&r.only));
    }
    if !r.ignore.is_empty() {
        o.insert("ignore".into(), list(&r.ignore));
    }
    if r.max_prompt_price_per_m.is_some() || r.max_completion_price_per_m.is_some() {
        let mut m = Map::new();
        if let Some(p) = r.max_prompt_price_per_m {
            m.insert("prompt".into(), json!(p));
        }
        if let Some(p) = r.max_completion_price_per_m {
            m.insert("completion".into(), json!(p));
        }
        o.insert("max_price".into(), Value::Object(m));
    }
    if let Some(d) = r.data_collection {
        let d = match d {
            crate::types::DataCollection::Allow => "allow",
            crate::types::DataCollection::Deny => "deny",
        };
        o.insert("data_collection".into(), json!(d));
    }
    Value::Object(o)
}

/// Builds the streaming chat-completions request for OpenRouter, OpenAI or any compatible
/// server. Pure. Differences by kind:
/// - OpenRouter: `reasoning` object (effort or `max_tokens` budget), `provider` routing,
///   `models` fallbacks, attribution headers;
/// - OpenAI: `max_completion_tokens` (reasoning models reject `max_tokens`), `reasoning_effort`;
/// - compatible servers: `max_tokens`, `reasoning_effort`.
pub fn build_chat_request(endpoint: &Endpoint, req: &ChatRequest) -> BuiltRequest {
    let kind = endpoint.kind;
    let p = &req.params;
    let mut notes = Vec::new();
    let mut body = json!({
        "model": req.model,
        "messages": req.messages,
        "stream": true,
        // A no-op on OpenRouter (usage always comes); required by OpenAI and most local servers.
        "stream_options": {"include_usage": true},
    });
    if let Some(m) = p.max_tokens {
        let field = if kind == ProviderKind::OpenAi {
            "max_completion_tokens"
        } else {
            "max_tokens"
        };
        body[field] = json!(m);
    }
    if let Some(t) = p.temperature {
        body["temperature"] = json!(t);
    }
    if let Some(t) = p.top_p {
        body["top_p"] = json!(t);
    }
    if let Some(s) = p.seed {
        body["seed"] = json!(s);
    }
    if !p.stop.is_empty() {
        body["stop"] = json!(p.stop);
    }
    match (kind, p.reasoning) {
        (_, None) => {}
        (ProviderKind::OpenRouter, Some(r)) => {
            body["reasoning"] = match r {
                Reasoning::Off => json!({"effort": "none"}),
                Reasoning::Effort { effort } => json!({"effort": effort.as_str()}),
                Reasoning::Budget { tokens } => json!({"max_tokens": tokens}),
            };
        }
        (_, Some(Reasoning::Effort { effort })) => {
            body["reasoning_effort"] = json!(effort.as_str())
        }
        (_, Some(Reasoning::Off)) => {
            notes.push(ParamNote::dropped(
                "reasoning",
                format!(
                    "{} has no switch to turn reasoning off; the model's default applies",
                    endpoint.name
                ),
            ));
        }
        (_, Some(Reasoning::Budget { tokens })) => {
            notes.push(ParamNote::dropped(
                "reasoning",
                format!(
                    "{} takes a reasoning effort, not a budget; {tokens} tokens was not sent",
                    endpoint.name
                ),
            ));
        }
    }
    if kind == ProviderKind::OpenRouter {
        if !req.routing.is_empty() {
            body["provider"] = routing_json(&req.routing);
        }
        if !req.fallback_models.is_empty() {
            let mut models = vec![req.model.clone()];
            models.extend(
                req.fallback_models
                    .iter()
                    .filter(|m| **m != req.model)
                    .cloned(),
            );
            body["models"] = json!(models);
        }
    } else {
        notes.extend(wire::openrouter_only_notes(req, &endpoint.name));
    }
    let mut headers = common_headers(endpoint, "text/event-stream");
    headers.push(("Content-Type".into(), "application/json".into()));
    BuiltRequest {
        http: HttpRequest {
            url: endpoint.url("chat/completions"),
            headers,
            body,
        },
        notes,
    }
}

/// Builds `GET {base}/models`. Pure.
pub fn build_models_request(endpoint: &Endpoint) -> HttpRequest {
    HttpRequest {
        url: endpoint.url("models"),
        headers: common_headers(endpoint, "application/json"),
        body: Value::Null,
    }
}

/// Reads one answer's stream, payload by payload.
#[derive(Debug, Default)]
pub struct StreamParser {
    started: bool,
    finish: Option<(FinishReason, Option<String>)>,
    done: bool,
}

impl StreamParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether the stream reached its end marker (`[DONE]`).
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Feeds one SSE `data:` payload. A malformed payload yields a `Failed` event.
    pub fn feed(&mut self, data: &str) -> Vec<StreamEvent> {
        let data = data.trim();
        if data.is_empty() || self.done {
            return vec![];
        }
        if data == "[DONE]" {
            self.done = true;
            let (reason, native_reason) = self.finish.clone().unwrap_or((FinishReason::Stop, None));
            return vec![StreamEvent::Finished {
                reason,
                native_reason,
            }];
        }
        let chunk = match wire::parse_chunk("The provider", data) {
            Ok(v) => v,
            Err(e) => return vec![StreamEvent::Failed(e)],
        };
        let mut out = Vec::new();
        if !self.started {
            self.started = true;
            out.push(StreamEvent::Started {
                generation_id: chunk.get("id").and_then(Value::as_str).map(str::to_owned),
                served_model: chunk
                    .get("model")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            });
        }
        if let Some(choice) = chunk.get("choices").and_then(|c| c.get(0)) {
            let delta = choice.get("delta").unwrap_or(&Value::Null);
            for field in ["reasoning", "reasoning_content"] {
                if let Some(r) = delta
                    .get(field)
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
                {
                    out.push(StreamEvent::ReasoningDelta(r.to_owned()));
                    break;
                }
            }
            if let Some(t) = delta
                .get("content")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
            {
                out.push(StreamEvent::TextDelta(t.to_owned()));
            }
            if self.finish.is_none() {
                if let Some(native) = choice.get("finish_reason").and_then(Value::as_str) {
                    let reason = FinishReason::from_openai(native);
                    let native_reason = choice
                        .get("native_finish_reason")
                        .and_then(Value::as_str)
                        .unwrap_or(native)
                        .to_owned();
                    self.finish = Some((reason, Some(native_reason)));
                }
            }
        }
        if let Some(u) = chunk.get("usage").filter(|u| u.is_object()) {
            out.push(StreamEvent::Usage {
                usage: parse_usage(u),
                raw: u.clone(),
            });
        }
        if let Some(err) = chunk.get("error").filter(|e| !e.is_null()) {
            out.push(StreamEvent::Failed(mid_stream_error(err)));
        }
        out
    }

    /// Called when the connection closes. A stream that ended without `[DONE]` but after a finish
    /// reason is complete (some servers omit the marker); otherwise it was cut.
    pub fn finish_at_eof(&mut self) -> Option<StreamEvent> {
        if self.done {
            return None;
        }
        self.done = true;
        Some(match self.finish.clone() {
            Some((reason, native_reason)) => StreamEvent::Finished {
                reason,
                native_reason,
            },
            None => StreamEvent::Failed(LlmError::new(
                ErrorCode::StreamInterrupted,
                "The connection closed before the answer was complete.",
            )),
        })
    }
}

/// Normalizes an OpenAI/OpenRouter `usage` object. Missing fields stay `None`.
pub fn parse_usage(u: &Value) -> Usage {
    Usage {
        input_tokens: wire::u32_at(u, "prompt_tokens"),
        output_tokens: wire::u32_at(u, "completion_tokens"),
        reasoning_tokens: u
            .get("completion_tokens_details")
            .and_then(|d| wire::u32_at(d, "reasoning_tokens")),
        cache_read_tokens: u
            .get("prompt_tokens_details")
            .and_then(|d| wire::u32_at(d, "cached_tokens")),
        cache_write_tokens: u
            .get("prompt_tokens_details")
            .and_then(|d| wire::u32_at(d, "cache_write_tokens")),
        cost_usd: u.get("cost").and_then(Value::as_f64),
        byok_upstream_usd: None,
    }
}

fn mid_stream_error(err: &Value) -> LlmError {
    let status = match err.get("code") {
        Some(Value::Number(n)) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
        _ => None,
    };
    let error_type = err.pointer("/metadata/error_type").and_then(Value::as_str);
    let code = status
        .map(|s| code_for_status(s, error_type, err))
        .or_else(|| error_type.map(code_for_error_type))
        .unwrap_or(ErrorCode::ProviderError);
    let provider_message = err
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("unknown error");
    let mut e = LlmError::new(
        code,
        format!("The provider failed while streaming: {provider_message}"),
    );
    e.retry_after_ms = err
        .pointer("/metadata/retry_after_seconds")
        .and_then(Value::as_f64)
        .map(|s| (s * 1000.0) as u64);
    e
}

fn code_for_error_type(t: &str) -> ErrorCode {
    match t {
        "context_length_exceeded" | "max_tokens_exceeded" | "token_limit_exceeded" => {
            ErrorCode::ContextLengthExceeded
        }
        "authentication" | "permission_denied" => ErrorCode::Unauthorized,
        "payment_required" => ErrorCode::InsufficientCredits,
        "rate_limit_exceeded" => ErrorCode::RateLimited,
        "provider_overloaded" | "provider_unavailable" => ErrorCode::ProviderOverloaded,
        "content_policy_violation" | "refusal" => ErrorCode::Moderation,
        "not_found" => ErrorCode::ModelNotFound,
        "timeout" => ErrorCode::Timeout,
        "invalid_request" | "invalid_prompt" | "payload_too_large" | "unprocessable" => {
            ErrorCode::BadRequest
        }
        _ => ErrorCode::ProviderError,
    }
}

fn code_for_status(status: u16, error_type: Option<&str>, err: &Value) -> ErrorCode {
    if let Some(t) = error_type {
        let c = code_for_error_type(t);
        if c != ErrorCode::ProviderError {
            return c;
        }
    }
    // OpenAI reports "out of money" as a 429 with this code; retrying cannot help.
    let openai_code = err.get("code").and_then(Value::as_str);
    if openai_code == Some("insufficient_quota") {
        return ErrorCode::InsufficientCredits;
    }
    if openai_code == Some("context_length_exceeded") {
        return ErrorCode::ContextLengthExceeded;
    }
    match status {
        403 if err.pointer("/metadata/reasons").is_some() => ErrorCode::Moderation,
        other => wire::code_for_status(other),
    }
}

fn human_summary(code: ErrorCode, endpoint: &str) -> String {
    match code {
        ErrorCode::Unauthorized => format!("{endpoint} rejected the API key"),
        ErrorCode::InsufficientCredits => format!("Not enough credits on {endpoint}"),
        ErrorCode::RateLimited => format!("{endpoint} is rate limiting requests"),
        ErrorCode::ContextLengthExceeded => "The prompt is too long for this model".into(),
        ErrorCode::Moderation => format!("{endpoint} blocked the request (moderation)"),
        ErrorCode::ModelNotFound => format!("{endpoint} does not serve this model"),
        ErrorCode::BadRequest => format!("{endpoint} refused the request"),
        ErrorCode::ProviderOverloaded => "The model's provider is overloaded".into(),
        ErrorCode::Timeout => format!("{endpoint} timed out"),
        _ => format!("{endpoint} returned an error"),
    }
}

/// Turns a non-2xx response into an [`LlmError`]. Pure; `body` may be anything, even HTML.
pub fn classify_http_error(
    endpoint: &Endpoint,
    status: u16,
    retry_after: Option<&str>,
    body: &str,
) -> LlmError {
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    let err = parsed
        .as_ref()
        .and_then(|v| v.get("error"))
        .cloned()
        .unwrap_or(Value::Null);
    let error_type = err.pointer("/metadata/error_type").and_then(Value::as_str);
    let code = code_for_status(status, error_type, &err);
    let provider_message = match err.get("message").and_then(Value::as_str) {
        Some(m) => m.to_owned(),
        None if body.trim().is_empty() => "no details given".to_owned(),
        None => body.chars().take(200).collect(),
    };
    // OpenRouter puts the upstream's own words in metadata.raw; they are often the useful part.
    let raw = err.pointer("/metadata/raw").and_then(Value::as_str);
    let detail = match raw {
        Some(r) if !r.is_empty() && r != provider_message => format!("{provider_message} ({r})"),
        _ => provider_message,
    };
    let message = format!(
        "{} (HTTP {status}): {}",
        human_summary(code, &endpoint.name),
        redact(&detail, endpoint.api_key.as_ref())
    );
    let mut e = LlmError::new(code, message);
    e.http_status = Some(status);
    e.retry_after_ms = crate::error::parse_retry_after(retry_after).or_else(|| {
        err.pointer("/metadata/retry_after_seconds")
            .and_then(Value::as_f64)
            .map(|s| (s * 1000.0) as u64)
    });
    e
}
