//! The OpenAI-compatible chat-completions wire format, as OpenRouter speaks it.
//!
//! Owns: building `POST {base}/chat/completions`, reading its SSE stream one `data:` payload at a
//! time, and turning error bodies into [`LlmError`]s. SSE framing (comments, multi-line data,
//! `\r\n`) is done by the engine with `eventsource-stream`; this module sees payload strings.
//!
//! Quirks handled (see `shared/docs/wire-formats.md` §1.4–§1.7, §2, §6):
//! - usage may come on a chunk with empty `choices` (OpenAI) or on one that repeats the finish
//!   reason (OpenRouter, llama.cpp): the finish reason is recorded once, usage replaces usage;
//! - OpenRouter BYOK: `usage.cost` is only OpenRouter's fee; the upstream charge
//!   (`cost_details.upstream_inference_cost`) is added to it. Without BYOK the two are the same
//!   money and are not added;
//! - a mid-stream error is a 200 `data:` event with a top-level `error` in OpenRouter's shape
//!   (`code` a number or a string, or `http_status`) or OpenAI's (`type`, `code: null`); or,
//!   without a top-level `error`, `finish_reason: "error"` with the error inside the choice.
//!   Either fails the answer, and nothing finishes after it;
//! - error bodies are classified by OpenRouter's `error.availability.code`, then `error_type`
//!   (at the top of `error`, or in `metadata`), then OpenAI's string codes, then the status;
//! - `delta.refusal` text (with `content: null`) is shown as text, and the answer finishes as a
//!   refusal whatever `finish_reason` says;
//! - reasoning arrives as `reasoning`, `reasoning_content` or only as typed `reasoning_details`
//!   (text and summaries; encrypted ones have nothing to show). OpenRouter sends the string and
//!   the details together; the string wins so the reasoning is shown once;
//! - OpenAI's reasoning models (o-series, gpt-5) take only their default `temperature`/`top_p`.

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
        "messages": req.messages.iter().map(crate::attachment::wire_openai).collect::<Vec<_>>(),
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
    let only_default_sampling =
        kind == ProviderKind::OpenAi && openai_takes_only_default_sampling(&req.model);
    for (name, value) in [("temperature", p.temperature), ("top_p", p.top_p)] {
        let Some(v) = value else { continue };
        if only_default_sampling {
            notes.push(ParamNote::dropped(
                name,
                format!(
                    "{} takes only its default {name}; {v} was not sent",
                    req.model
                ),
            ));
        } else {
            body[name] = json!(v);
        }
    }
    if let Some(s) = p.seed {
        body["seed"] = json!(s);
    }
    if !p.stop.is_empty() {
        body["stop"] = json!(p.stop);
    }
    match (kind, p.reasoning) {
        (_, None) => {}
        (k, Some(r)) if k.speaks_openrouter() => {
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

/// OpenAI's reasoning models answer 400 to any `temperature`/`top_p` but the default (the
/// audit's F11; OpenAI's docs, not `wire-formats.md`). OpenRouter and compatible servers are left
/// to decide for themselves: OpenRouter drops what a provider cannot take.
fn openai_takes_only_default_sampling(model: &str) -> bool {
    let model = model.strip_prefix("openai/").unwrap_or(model);
    ["o1", "o3", "o4", "gpt-5"]
        .iter()
        .any(|p| model.starts_with(p))
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
    /// Refusal text was streamed: the answer finishes as a refusal even if the chunk says `stop`.
    refused: bool,
    /// A failure was yielded. Nothing finishes after it; usage that trails it is still read.
    failed: bool,
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
            if self.failed {
                return vec![];
            }
            let (reason, native_reason) = self.finish().unwrap_or((FinishReason::Stop, None));
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
        let choice = chunk.get("choices").and_then(|c| c.get(0));
        if let Some(choice) = choice {
            let delta = choice.get("delta").unwrap_or(&Value::Null);
            if let Some(r) = reasoning_of(delta) {
                out.push(StreamEvent::ReasoningDelta(r));
            }
            let non_empty = |field: &str| {
                delta
                    .get(field)
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
            };
            if let Some(t) = non_empty("content") {
                out.push(StreamEvent::TextDelta(t.to_owned()));
            }
            // A refusal is the model's answer: the person must read it in the column.
            if let Some(t) = non_empty("refusal") {
                self.refused = true;
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
        // Usage (tokens and cost so far) goes out before the failure: the engine stops at it.
        if !self.failed {
            if let Some(e) = chunk_failure(&chunk, choice) {
                self.failed = true;
                out.push(StreamEvent::Failed(e));
            }
        }
        out
    }

    /// The finish to report: a streamed refusal overrides whatever `finish_reason` said.
    fn finish(&self) -> Option<(FinishReason, Option<String>)> {
        if self.refused {
            return Some((FinishReason::Refusal, Some("refusal".into())));
        }
        self.finish.clone()
    }

    /// Called when the connection closes. A stream that ended without `[DONE]` but after a finish
    /// reason is complete (some servers omit the marker); otherwise it was cut.
    pub fn finish_at_eof(&mut self) -> Option<StreamEvent> {
        if self.done {
            return None;
        }
        self.done = true;
        if self.failed {
            return None;
        }
        Some(match self.finish() {
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

/// The error a chunk carries, if any: a top-level `error` (OpenRouter's or OpenAI's shape), or
/// else `finish_reason: "error"` with the error inside the choice, if anywhere (WF §1.4).
fn chunk_failure(chunk: &Value, choice: Option<&Value>) -> Option<LlmError> {
    if let Some(err) = chunk.get("error").filter(|e| !e.is_null()) {
        return Some(mid_stream_error(err));
    }
    let choice =
        choice.filter(|c| c.get("finish_reason").and_then(Value::as_str) == Some("error"))?;
    Some(match choice.get("error").filter(|e| e.is_object()) {
        Some(err) => mid_stream_error(err),
        None => LlmError::new(
            ErrorCode::ProviderError,
            "The provider ended the answer with an error",
        ),
    })
}

/// The reasoning text of one delta. OpenRouter sends the same reasoning twice, as a string and
/// as typed `reasoning_details`; the string wins so it is shown once. The details are read only
/// when no string is given: some models send reasoning nowhere else.
fn reasoning_of(delta: &Value) -> Option<String> {
    for field in ["reasoning", "reasoning_content"] {
        if let Some(r) = delta
            .get(field)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
        {
            return Some(r.to_owned());
        }
    }
    let joined: String = delta
        .get("reasoning_details")?
        .as_array()?
        .iter()
        .filter_map(|d| match d.get("type")?.as_str()? {
            "reasoning.text" => d.get("text")?.as_str(),
            "reasoning.summary" => d.get("summary")?.as_str(),
            // `reasoning.encrypted` is opaque (often "[REDACTED]"): nothing a person can read.
            _ => None,
        })
        .collect();
    (!joined.is_empty()).then_some(joined)
}

/// Normalizes an OpenAI/OpenRouter `usage` object. Missing fields stay `None`.
///
/// Cost: with BYOK (`is_byok: true`) OpenRouter's `cost` is only its fee; the upstream provider
/// charged `cost_details.upstream_inference_cost` to the person's own key, so the total paid is
/// both. Without BYOK, `upstream_inference_cost` is the same money as `cost` (WF §1.4 shows them
/// equal), so adding it would count the answer twice.
pub fn parse_usage(u: &Value) -> Usage {
    let fee = u.get("cost").and_then(Value::as_f64);
    let byok_upstream_usd = if u.get("is_byok").and_then(Value::as_bool) == Some(true) {
        u.pointer("/cost_details/upstream_inference_cost")
            .and_then(Value::as_f64)
    } else {
        None
    };
    let cost_usd = match byok_upstream_usd {
        Some(upstream) => Some(fee.unwrap_or(0.0) + upstream),
        None => fee,
    };
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
        cost_usd,
        byok_upstream_usd,
    }
}

/// A mid-stream `error` object: OpenRouter's (`code` a number or a string, or `http_status`;
/// `metadata`, `availability`) or OpenAI's (`message`, `type`, `code` null or a string).
fn mid_stream_error(err: &Value) -> LlmError {
    // A string `code` ("server_error") is no HTTP status.
    let status = ["code", "http_status"]
        .iter()
        .find_map(|k| err.get(*k).and_then(Value::as_u64))
        .and_then(|n| u16::try_from(n).ok());
    let provider_message = err
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("unknown error");
    let mut e = LlmError::new(
        code_for_error(status, err),
        format!("The provider failed while streaming: {provider_message}"),
    );
    e.retry_after_ms = body_retry_after_ms(err);
    e
}

/// OpenRouter's wait hint in the body, in seconds: `metadata.retry_after_seconds` on upstream
/// rate limits, `availability.retry_after` on 2026 availability errors.
fn body_retry_after_ms(err: &Value) -> Option<u64> {
    ["/metadata/retry_after_seconds", "/availability/retry_after"]
        .iter()
        .find_map(|p| err.pointer(p).and_then(Value::as_f64))
        .filter(|s| *s >= 0.0)
        .map(|s| (s * 1000.0) as u64)
}

/// OpenRouter's typed vocabulary: `error_type` values (WF §1.7) and `availability.code` values
/// (2026), one table since the docs show the same words in both places.
fn code_for_error_type(t: &str) -> ErrorCode {
    match t {
        "context_length_exceeded" | "max_tokens_exceeded" | "token_limit_exceeded" => {
            ErrorCode::ContextLengthExceeded
        }
        "authentication" | "permission_denied" => ErrorCode::Unauthorized,
        "payment_required" => ErrorCode::InsufficientCredits,
        "rate_limit_exceeded" | "capacity_exhausted" => ErrorCode::RateLimited,
        "provider_overloaded" | "provider_unavailable" | "temporarily_unavailable" => {
            ErrorCode::ProviderOverloaded
        }
        "content_policy_violation" | "refusal" => ErrorCode::Moderation,
        "not_found"
        | "model_not_found"
        | "wrong_endpoint"
        | "no_endpoints"
        | "model_deprecated"
        | "model_unavailable_upstream"
        | "free_variant_ended" => ErrorCode::ModelNotFound,
        // The key is fine and the request well formed, but no endpoint of this model may serve
        // this person: their region, their data policy, or their routing constraints (price
        // caps, quantizations, `only`) rule every one out. Another model may pass, so this is
        // "model not available here", which lets the engine try the next model. Not
        // Unauthorized (a 403's default, which would blame the key) and not BadRequest (which
        // would stop the fallbacks); the provider's own words in the message say which filter.
        "region_restricted" | "privacy_restricted" | "constraint_filtered" => {
            ErrorCode::ModelNotFound
        }
        "timeout" => ErrorCode::Timeout,
        "invalid_request" | "invalid_prompt" | "payload_too_large" | "unprocessable" => {
            ErrorCode::BadRequest
        }
        _ => ErrorCode::ProviderError,
    }
}

/// The code for an `error` object, most specific first: OpenRouter's `availability.code`, its
/// `error_type` (at the top of `error` in 2026 bodies, in `metadata` before), OpenAI's string
/// codes, an unknown-model message, and last the HTTP status (`None` mid-stream without one).
fn code_for_error(status: Option<u16>, err: &Value) -> ErrorCode {
    let typed = ["/availability/code", "/error_type", "/metadata/error_type"]
        .iter()
        .filter_map(|p| err.pointer(p).and_then(Value::as_str))
        .map(code_for_error_type)
        .find(|c| *c != ErrorCode::ProviderError);
    if let Some(c) = typed {
        return c;
    }
    match err.get("code").and_then(Value::as_str) {
        // OpenAI reports "out of money" as a 429 with this code; retrying cannot help.
        Some("insufficient_quota") => return ErrorCode::InsufficientCredits,
        Some("context_length_exceeded") => return ErrorCode::ContextLengthExceeded,
        _ => {}
    }
    // OpenRouter's untyped 400 for an unknown model says so only in words (WF §1.7).
    let message = err.get("message").and_then(Value::as_str).unwrap_or("");
    if message.contains("is not a valid model ID") {
        return ErrorCode::ModelNotFound;
    }
    // OpenRouter's 404 when no provider of the model takes the request's input: "No endpoints
    // found that support image input" (the model exists; the attached file is the trouble).
    if message.starts_with("No endpoints found that support image")
        || message.starts_with("No endpoints found that support file")
    {
        return ErrorCode::UnsupportedInput;
    }
    match status {
        Some(403) if err.pointer("/metadata/reasons").is_some() => ErrorCode::Moderation,
        Some(s) => wire::code_for_status(s),
        None => ErrorCode::ProviderError,
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
        ErrorCode::UnsupportedInput => {
            format!("{endpoint} cannot give this model the attached files")
        }
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
    let code = code_for_error(Some(status), &err);
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
    e.retry_after_ms =
        crate::error::parse_retry_after(retry_after).or_else(|| body_retry_after_ms(&err));
    e
}
