//! Anthropic's Messages API: `POST {base}/v1/messages` with named SSE events.
//!
//! Mapping notes (`shared/docs/wire-formats.md` §3):
//! - the system prompt is top level; `max_tokens` is required (we send 4096 when unset and say so);
//! - thinking is `{"type":"enabled","budget_tokens":N}`; with thinking on, Anthropic accepts no
//!   `temperature`/`top_p` other than the defaults, so those are dropped with a note;
//! - `seed` does not exist here: dropped with a note;
//! - input tokens reported = `input_tokens + cache_creation_input_tokens + cache_read_input_tokens`;
//! - `message_delta.usage` is cumulative: later values replace earlier ones;
//! - `ping` may come anywhere; an `error` event may come after HTTP 200; `message_stop` ends;
//! - `stop_reason: refusal` finishes as a refusal; `model_context_window_exceeded` is a length
//!   stop (the answer was cut), like `max_tokens`;
//! - `redacted_thinking` blocks carry only encrypted `data`: nothing to show, so they are skipped
//!   (their tokens are still in `output_tokens`).

use serde_json::{json, Value};

use crate::error::{parse_retry_after, ErrorCode, LlmError};
use crate::key::redact;
use crate::provider::Endpoint;
use crate::types::{
    BuiltRequest, ChatRequest, FinishReason, HttpRequest, ParamNote, Reasoning, StreamEvent, Usage,
};
use crate::wire::{self, u32_at, Auth};

pub const API_VERSION: &str = "2023-06-01";
pub const DEFAULT_MAX_TOKENS: u32 = 4096;
/// The least `thinking.budget_tokens` Anthropic accepts.
pub const MIN_THINKING_BUDGET: u32 = 1024;

fn headers(endpoint: &Endpoint, accept: &str) -> Vec<(String, String)> {
    let mut h = wire::headers(endpoint, accept, Auth::Header("x-api-key"));
    h.push(("anthropic-version".into(), API_VERSION.into()));
    h
}

pub fn build_chat_request(endpoint: &Endpoint, req: &ChatRequest) -> BuiltRequest {
    let p = &req.params;
    let mut notes = Vec::new();
    let (system, rest) = wire::split_system(&req.messages);
    let messages: Vec<Value> = rest
        .into_iter()
        .map(crate::attachment::wire_anthropic)
        .collect();
    let budget = match p.reasoning {
        // Anthropic refuses a thinking budget under 1024 tokens (400 "budget_tokens: Input
        // should be greater than or equal to 1024"): raise it and say so.
        Some(Reasoning::Budget { tokens }) if tokens < MIN_THINKING_BUDGET => {
            notes.push(ParamNote::adapted(
                "reasoning",
                format!(
                    "Anthropic's smallest thinking budget is {MIN_THINKING_BUDGET} tokens; {tokens} was raised to it"
                ),
            ));
            Some(MIN_THINKING_BUDGET)
        }
        Some(Reasoning::Budget { tokens }) => Some(tokens),
        Some(Reasoning::Effort { effort }) => {
            notes.push(ParamNote::adapted(
                "reasoning",
                format!(
                    "Anthropic takes a thinking budget: effort {} sent as {} tokens",
                    effort.as_str(),
                    effort.as_budget()
                ),
            ));
            Some(effort.as_budget())
        }
        Some(Reasoning::Off) | None => None,
    };
    let mut max_tokens = p.max_tokens.unwrap_or_else(|| {
        notes.push(ParamNote::adapted(
            "max_tokens",
            format!("Anthropic requires max_tokens; sent {DEFAULT_MAX_TOKENS}"),
        ));
        DEFAULT_MAX_TOKENS
    });
    if let Some(b) = budget {
        // The answer needs room after the thinking; Anthropic rejects max_tokens <= budget.
        if max_tokens <= b {
            let raised = b + DEFAULT_MAX_TOKENS;
            notes.push(ParamNote::adapted(
                "max_tokens",
                format!("raised from {max_tokens} to {raised}: it must exceed the thinking budget of {b}"),
            ));
            max_tokens = raised;
        }
    }
    let mut body = json!({
        "model": req.model,
        "max_tokens": max_tokens,
        "messages": messages,
        "stream": true,
    });
    if let Some(system) = system {
        body["system"] = json!(system);
    }
    if let Some(b) = budget {
        body["thinking"] = json!({"type": "enabled", "budget_tokens": b});
    }
    for (name, value) in [("temperature", p.temperature), ("top_p", p.top_p)] {
        if let Some(v) = value {
            if budget.is_some() {
                notes.push(ParamNote::dropped(
                    name,
                    "Anthropic does not accept it while thinking is enabled",
                ));
            } else {
                body[name] = json!(v);
            }
        }
    }
    if !p.stop.is_empty() {
        body["stop_sequences"] = json!(p.stop);
    }
    if p.seed.is_some() {
        notes.push(ParamNote::dropped(
            "seed",
            "Anthropic has no seed parameter",
        ));
    }
    notes.extend(wire::openrouter_only_notes(req, "Anthropic"));
    let mut h = headers(endpoint, "text/event-stream");
    h.push(("Content-Type".into(), "application/json".into()));
    BuiltRequest {
        http: HttpRequest {
            url: endpoint.url("v1/messages"),
            headers: h,
            body,
        },
        notes,
    }
}

pub fn build_models_request(endpoint: &Endpoint) -> HttpRequest {
    HttpRequest {
        url: endpoint.url("v1/models?limit=1000"),
        headers: headers(endpoint, "application/json"),
        body: Value::Null,
    }
}

/// Reads a Messages stream, event by event.
#[derive(Debug, Default)]
pub struct StreamParser {
    input: Option<u32>,
    cache_read: Option<u32>,
    cache_write: Option<u32>,
    output: Option<u32>,
    thinking: Option<u32>,
    raw_usage: serde_json::Map<String, Value>,
    finish: Option<(FinishReason, String)>,
    done: bool,
}

impl StreamParser {
    pub fn new() -> Self {
        Self::default()
    }

    fn absorb_usage(&mut self, u: &Value) {
        if let Some(obj) = u.as_object() {
            for (k, v) in obj {
                self.raw_usage.insert(k.clone(), v.clone());
            }
        }
        // Counts are cumulative: a later value replaces an earlier one.
        if let Some(n) = u32_at(u, "input_tokens") {
            self.input = Some(n);
        }
        if let Some(n) = u32_at(u, "cache_read_input_tokens") {
            self.cache_read = Some(n);
        }
        if let Some(n) = u32_at(u, "cache_creation_input_tokens") {
            self.cache_write = Some(n);
        }
        if let Some(n) = u32_at(u, "output_tokens") {
            self.output = Some(n);
        }
        if let Some(n) = u
            .pointer("/output_tokens_details/thinking_tokens")
            .and_then(Value::as_u64)
        {
            self.thinking = u32::try_from(n).ok();
        }
    }

    fn usage(&self) -> Usage {
        let input = self
            .input
            .map(|i| i + self.cache_read.unwrap_or(0) + self.cache_write.unwrap_or(0));
        Usage {
            input_tokens: input,
            output_tokens: self.output,
            reasoning_tokens: self.thinking,
            cache_read_tokens: self.cache_read,
            cache_write_tokens: self.cache_write,
            cost_usd: None,
            byok_upstream_usd: None,
        }
    }

    /// Feeds one SSE event (`event:` name and `data:` payload).
    pub fn feed(&mut self, event: &str, data: &str) -> Vec<StreamEvent> {
        if self.done || data.trim().is_empty() {
            return vec![];
        }
        let v = match wire::parse_chunk("Anthropic", data) {
            Ok(v) => v,
            Err(e) => return vec![StreamEvent::Failed(e)],
        };
        // The `type` field repeats the event name; trust it when the name line is missing.
        let kind = v.get("type").and_then(Value::as_str).unwrap_or(event);
        match kind {
            "message_start" => {
                let m = v.get("message").unwrap_or(&Value::Null);
                if let Some(u) = m.get("usage") {
                    self.absorb_usage(u);
                }
                vec![StreamEvent::Started {
                    generation_id: m.get("id").and_then(Value::as_str).map(str::to_owned),
                    served_model: m.get("model").and_then(Value::as_str).map(str::to_owned),
                }]
            }
            "content_block_delta" => {
                let d = v.get("delta").unwrap_or(&Value::Null);
                let text = |k: &str| {
                    d.get(k)
                        .and_then(Value::as_str)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                };
                match d.get("type").and_then(Value::as_str) {
                    Some("text_delta") => text("text")
                        .map(StreamEvent::TextDelta)
                        .into_iter()
                        .collect(),
                    Some("thinking_delta") => text("thinking")
                        .map(StreamEvent::ReasoningDelta)
                        .into_iter()
                        .collect(),
                    _ => vec![],
                }
            }
            "message_delta" => {
                if let Some(u) = v.get("usage") {
                    self.absorb_usage(u);
                }
                if let Some(r) = v.pointer("/delta/stop_reason").and_then(Value::as_str) {
                    self.finish = Some((finish_reason(r), r.to_owned()));
                }
                vec![]
            }
            "message_stop" => {
                self.done = true;
                let (reason, native) = self
                    .finish
                    .clone()
                    .unwrap_or((FinishReason::Stop, "end_turn".into()));
                vec![
                    StreamEvent::Usage {
                        usage: self.usage(),
                        raw: Value::Object(self.raw_usage.clone()),
                    },
                    StreamEvent::Finished {
                        reason,
                        native_reason: Some(native),
                    },
                ]
            }
            "error" => {
                self.done = true;
                let err = v.get("error").unwrap_or(&Value::Null);
                let t = err
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("api_error");
                let msg = err
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("unknown error");
                let mut out = Vec::new();
                if self.output.is_some() {
                    out.push(StreamEvent::Usage {
                        usage: self.usage(),
                        raw: Value::Object(self.raw_usage.clone()),
                    });
                }
                out.push(StreamEvent::Failed(LlmError::new(
                    code_for_type(t, None),
                    format!("Anthropic failed while streaming ({t}): {msg}"),
                )));
                out
            }
            // ping, content_block_start/stop (including `redacted_thinking` blocks, which carry
            // only encrypted data), signature deltas and future events: nothing to show.
            _ => vec![],
        }
    }

    pub fn finish_at_eof(&mut self) -> Option<StreamEvent> {
        if self.done {
            return None;
        }
        self.done = true;
        Some(StreamEvent::Failed(LlmError::new(
            ErrorCode::StreamInterrupted,
            "The connection closed before Anthropic's message_stop: the answer is incomplete.",
        )))
    }
}

/// Anthropic's `stop_reason`s (WF §3). Its own table: the shared OpenAI one would call
/// `model_context_window_exceeded` "other", hiding that the answer was cut.
fn finish_reason(stop_reason: &str) -> FinishReason {
    match stop_reason {
        "end_turn" | "stop_sequence" => FinishReason::Stop,
        // The model ran out of room (its output budget or its context window): the answer is cut.
        "max_tokens" | "model_context_window_exceeded" => FinishReason::Length,
        "tool_use" => FinishReason::ToolCalls,
        "refusal" => FinishReason::Refusal,
        _ => FinishReason::Other,
    }
}

fn code_for_type(t: &str, status: Option<u16>) -> ErrorCode {
    match t {
        "authentication_error" | "permission_error" => ErrorCode::Unauthorized,
        "billing_error" => ErrorCode::InsufficientCredits,
        "rate_limit_error" => ErrorCode::RateLimited,
        "overloaded_error" => ErrorCode::ProviderOverloaded,
        "not_found_error" => ErrorCode::ModelNotFound,
        "timeout_error" => ErrorCode::Timeout,
        "invalid_request_error" | "request_too_large" => ErrorCode::BadRequest,
        _ => status.map_or(ErrorCode::ProviderError, wire::code_for_status),
    }
}

/// Classifies a non-2xx Messages response.
pub fn classify_http_error(
    endpoint: &Endpoint,
    status: u16,
    retry_after: Option<&str>,
    body: &str,
) -> LlmError {
    let v: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let t = v
        .pointer("/error/type")
        .and_then(Value::as_str)
        .unwrap_or("");
    let msg = v
        .pointer("/error/message")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| {
            if body.trim().is_empty() {
                "no details given".into()
            } else {
                body.chars().take(200).collect()
            }
        });
    let mut code = code_for_type(t, Some(status));
    // Anthropic reports an over-long prompt as a plain invalid_request_error.
    if code == ErrorCode::BadRequest && msg.contains("prompt is too long") {
        code = ErrorCode::ContextLengthExceeded;
    }
    let summary = match code {
        ErrorCode::Unauthorized => format!("{} rejected the API key", endpoint.name),
        ErrorCode::InsufficientCredits => format!("Not enough credits on {}", endpoint.name),
        ErrorCode::RateLimited => format!("{} is rate limiting requests", endpoint.name),
        ErrorCode::ProviderOverloaded => format!("{} is overloaded", endpoint.name),
        ErrorCode::ModelNotFound => format!("{} does not know this model", endpoint.name),
        ErrorCode::ContextLengthExceeded => "The prompt is too long for this model".into(),
        ErrorCode::Timeout => format!("{} timed out", endpoint.name),
        ErrorCode::BadRequest => format!("{} refused the request", endpoint.name),
        _ => format!("{} returned an error", endpoint.name),
    };
    let mut e = LlmError::new(
        code,
        format!(
            "{summary} (HTTP {status}): {}",
            redact(&msg, endpoint.api_key.as_ref())
        ),
    );
    e.http_status = Some(status);
    e.retry_after_ms = parse_retry_after(retry_after);
    e
}

/// Parses `GET /v1/models`: `{"data": [{"id", "display_name", "created_at"}]}`. Anthropic's list
/// carries no prices, so they are unknown (not free).
pub fn parse_models(body: &str) -> Result<Vec<crate::CatalogModel>, LlmError> {
    let data = wire::model_entries("Anthropic", body, "data")?;
    Ok(data
        .iter()
        .filter_map(|m| {
            let id = m.get("id")?.as_str()?.to_owned();
            let name = m
                .get("display_name")
                .and_then(Value::as_str)
                .unwrap_or(&id)
                .to_owned();
            let mut model = crate::CatalogModel::bare(crate::ProviderKind::Anthropic, id, name);
            model.created = None;
            model.input_modalities = vec!["text".into(), "image".into()];
            model.output_modalities = vec!["text".into()];
            Some(model)
        })
        .collect())
}
