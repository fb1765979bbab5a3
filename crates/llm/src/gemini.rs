//! Google Gemini: `POST {base}/v1beta/models/{model}:streamGenerateContent?alt=sse`.
//!
//! Mapping notes (`shared/docs/wire-formats.md` §4):
//! - roles are `user` and `model`; the system prompt goes to `systemInstruction`;
//! - parameters live in `generationConfig`; reasoning is `thinkingConfig` (`thinkingBudget`, or
//!   `thinkingBudget: 0` to turn it off) with `includeThoughts` so thoughts can be shown apart;
//!   turning it off asks for no thoughts. Gemini 2.5 Pro cannot stop thinking (it rejects a
//!   budget of 0; its minimum is 128): it gets 128 and a note;
//! - parts flagged `thought: true` are reasoning, never answer text;
//! - output tokens = `candidatesTokenCount + thoughtsTokenCount` (Gemini bills both);
//! - no end marker: the stream ends at EOF, complete when a `finishReason` was seen;
//! - a prompt blocked before generation is HTTP 200 with `promptFeedback.blockReason`: it
//!   finishes as a content filter (the answer is refused), with the block reason kept.

use serde_json::{json, Value};

use crate::error::{parse_duration_seconds, parse_retry_after, ErrorCode, LlmError};
use crate::key::redact;
use crate::provider::Endpoint;
use crate::types::{
    BuiltRequest, ChatRequest, FinishReason, HttpRequest, ParamNote, Reasoning, Role, StreamEvent,
    Usage,
};
use crate::wire::{self, u32_at, Auth};

fn headers(endpoint: &Endpoint, accept: &str) -> Vec<(String, String)> {
    wire::headers(endpoint, accept, Auth::Header("x-goog-api-key"))
}

/// `models/gemini-2.5-flash` and `gemini-2.5-flash` name the same model.
fn bare_model(model: &str) -> &str {
    model.strip_prefix("models/").unwrap_or(model)
}

/// Gemini 2.5 Pro only runs with thinking: budget 0 is rejected and 128 is the least it takes
/// (Google's docs; not in `wire-formats.md`, and not verified against the live API).
const GEMINI_2_5_PRO_MIN_BUDGET: u32 = 128;

pub fn build_chat_request(endpoint: &Endpoint, req: &ChatRequest) -> BuiltRequest {
    let p = &req.params;
    let mut notes = Vec::new();
    let (system, rest) = wire::split_system(&req.messages);
    let contents: Vec<Value> = rest
        .into_iter()
        .map(|m| {
            let role = if m.role == Role::Assistant {
                "model"
            } else {
                "user"
            };
            json!({"role": role, "parts": crate::attachment::wire_gemini_parts(m)})
        })
        .collect();
    let mut config = serde_json::Map::new();
    if let Some(t) = p.temperature {
        config.insert("temperature".into(), json!(t));
    }
    if let Some(t) = p.top_p {
        config.insert("topP".into(), json!(t));
    }
    if let Some(m) = p.max_tokens {
        config.insert("maxOutputTokens".into(), json!(m));
    }
    if let Some(s) = p.seed {
        // Gemini's seed is an int32.
        match i32::try_from(s) {
            Ok(s) => {
                config.insert("seed".into(), json!(s));
            }
            Err(_) => notes.push(ParamNote::dropped(
                "seed",
                format!("Gemini takes a 32-bit seed; {s} does not fit"),
            )),
        }
    }
    if !p.stop.is_empty() {
        config.insert("stopSequences".into(), json!(p.stop));
    }
    match p.reasoning {
        None => {}
        // No `includeThoughts`: the person asked for no reasoning, so none is asked to be shown.
        Some(Reasoning::Off) if bare_model(&req.model).contains("2.5-pro") => {
            notes.push(ParamNote::adapted(
                "reasoning",
                format!(
                    "Gemini 2.5 Pro cannot turn thinking off; sent its smallest budget, \
                     {GEMINI_2_5_PRO_MIN_BUDGET} tokens"
                ),
            ));
            config.insert(
                "thinkingConfig".into(),
                json!({"thinkingBudget": GEMINI_2_5_PRO_MIN_BUDGET}),
            );
        }
        Some(Reasoning::Off) => {
            config.insert("thinkingConfig".into(), json!({"thinkingBudget": 0}));
        }
        Some(Reasoning::Budget { tokens }) => {
            config.insert(
                "thinkingConfig".into(),
                json!({"thinkingBudget": tokens, "includeThoughts": true}),
            );
        }
        Some(Reasoning::Effort { effort }) => {
            notes.push(ParamNote::adapted(
                "reasoning",
                format!(
                    "Gemini takes a thinking budget: effort {} sent as {} tokens",
                    effort.as_str(),
                    effort.as_budget()
                ),
            ));
            config.insert(
                "thinkingConfig".into(),
                json!({"thinkingBudget": effort.as_budget(), "includeThoughts": true}),
            );
        }
    }
    let mut body = json!({"contents": contents});
    if let Some(system) = system {
        body["systemInstruction"] = json!({"parts": [{"text": system}]});
    }
    if !config.is_empty() {
        body["generationConfig"] = Value::Object(config);
    }
    notes.extend(wire::openrouter_only_notes(req, "Gemini"));
    let mut h = headers(endpoint, "text/event-stream");
    h.push(("Content-Type".into(), "application/json".into()));
    let url = endpoint.url(&format!(
        "v1beta/models/{}:streamGenerateContent?alt=sse",
        bare_model(&req.model)
    ));
    BuiltRequest {
        http: HttpRequest {
            url,
            headers: h,
            body,
        },
        notes,
    }
}

pub fn build_models_request(endpoint: &Endpoint) -> HttpRequest {
    HttpRequest {
        url: endpoint.url("v1beta/models?pageSize=1000"),
        headers: headers(endpoint, "application/json"),
        body: Value::Null,
    }
}

fn finish_reason(native: &str) -> FinishReason {
    match native {
        "STOP" => FinishReason::Stop,
        "MAX_TOKENS" => FinishReason::Length,
        "SAFETY" | "RECITATION" | "BLOCKLIST" | "PROHIBITED_CONTENT" | "SPII" | "IMAGE_SAFETY" => {
            FinishReason::ContentFilter
        }
        "MALFORMED_FUNCTION_CALL" | "UNEXPECTED_TOOL_CALL" | "TOO_MANY_TOOL_CALLS" => {
            FinishReason::ToolCalls
        }
        _ => FinishReason::Other,
    }
}

#[derive(Debug, Default)]
pub struct StreamParser {
    started: bool,
    finish: Option<String>,
    done: bool,
}

impl StreamParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds one SSE `data:` payload (a whole `GenerateContentResponse`).
    pub fn feed(&mut self, data: &str) -> Vec<StreamEvent> {
        if self.done || data.trim().is_empty() {
            return vec![];
        }
        let v = match wire::parse_chunk("Gemini", data) {
            Ok(v) => v,
            Err(e) => return vec![StreamEvent::Failed(e)],
        };
        let mut out = Vec::new();
        if let Some(err) = v.get("error") {
            self.done = true;
            out.push(StreamEvent::Failed(error_from_body(err, None)));
            return out;
        }
        if !self.started {
            self.started = true;
            out.push(StreamEvent::Started {
                generation_id: v
                    .get("responseId")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                served_model: v
                    .get("modelVersion")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            });
        }
        let candidate = v.pointer("/candidates/0");
        if let Some(parts) = candidate
            .and_then(|c| c.pointer("/content/parts"))
            .and_then(Value::as_array)
        {
            for part in parts {
                let Some(text) = part
                    .get("text")
                    .and_then(Value::as_str)
                    .filter(|t| !t.is_empty())
                else {
                    continue;
                };
                if part.get("thought").and_then(Value::as_bool) == Some(true) {
                    out.push(StreamEvent::ReasoningDelta(text.to_owned()));
                } else {
                    out.push(StreamEvent::TextDelta(text.to_owned()));
                }
            }
        }
        if let Some(r) = candidate
            .and_then(|c| c.get("finishReason"))
            .and_then(Value::as_str)
        {
            self.finish = Some(r.to_owned());
        }
        if let Some(u) = v.get("usageMetadata") {
            let candidates = u32_at(u, "candidatesTokenCount");
            let thoughts = u32_at(u, "thoughtsTokenCount");
            let output = match (candidates, thoughts) {
                (None, None) => None,
                (c, t) => Some(c.unwrap_or(0) + t.unwrap_or(0)),
            };
            out.push(StreamEvent::Usage {
                usage: Usage {
                    input_tokens: u32_at(u, "promptTokenCount"),
                    output_tokens: output,
                    reasoning_tokens: thoughts,
                    cache_read_tokens: u32_at(u, "cachedContentTokenCount"),
                    cache_write_tokens: None,
                    cost_usd: None,
                    byok_upstream_usd: None,
                },
                raw: u.clone(),
            });
        }
        if candidate.is_none() {
            if let Some(block) = v
                .pointer("/promptFeedback/blockReason")
                .and_then(Value::as_str)
            {
                // A safety filter stopped it before any answer: the transport worked, the model
                // did not answer — a refusal (the slot's `refused` outcome), not an error.
                self.done = true;
                out.push(StreamEvent::Finished {
                    reason: FinishReason::ContentFilter,
                    native_reason: Some(format!("prompt blocked: {block}")),
                });
            }
        }
        out
    }

    /// Gemini has no end marker: EOF after a finish reason is a complete answer.
    pub fn finish_at_eof(&mut self) -> Option<StreamEvent> {
        if self.done {
            return None;
        }
        self.done = true;
        Some(match self.finish.take() {
            Some(native) => StreamEvent::Finished {
                reason: finish_reason(&native),
                native_reason: Some(native),
            },
            None => StreamEvent::Failed(LlmError::new(
                ErrorCode::StreamInterrupted,
                "The connection closed before Gemini finished the answer.",
            )),
        })
    }
}

fn error_from_body(err: &Value, http_status: Option<u16>) -> LlmError {
    let status = err.get("status").and_then(Value::as_str).unwrap_or("");
    let http = http_status.or_else(|| {
        err.get("code")
            .and_then(Value::as_u64)
            .and_then(|c| u16::try_from(c).ok())
    });
    let details = err
        .get("details")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let reason = details
        .iter()
        .find_map(|d| d.get("reason").and_then(Value::as_str))
        .unwrap_or("");
    let code = match (status, reason) {
        // The HTTP status says more than the gRPC status here: 413 comes as RESOURCE_EXHAUSTED
        // (the request is too large, not a rate limit: waiting will not help), and 402 (no
        // billing, no credits) as FAILED_PRECONDITION or without a status.
        _ if http == Some(413) => ErrorCode::ContextLengthExceeded,
        _ if http == Some(402) => ErrorCode::InsufficientCredits,
        (_, "API_KEY_INVALID") | ("UNAUTHENTICATED" | "PERMISSION_DENIED", _) => {
            ErrorCode::Unauthorized
        }
        ("RESOURCE_EXHAUSTED", _) => ErrorCode::RateLimited,
        ("NOT_FOUND", _) => ErrorCode::ModelNotFound,
        ("UNAVAILABLE", _) => ErrorCode::ProviderOverloaded,
        ("DEADLINE_EXCEEDED", _) => ErrorCode::Timeout,
        ("INVALID_ARGUMENT" | "FAILED_PRECONDITION", _) => ErrorCode::BadRequest,
        _ => http.map_or(ErrorCode::ProviderError, wire::code_for_status),
    };
    let msg = err
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("unknown error");
    let mut e = LlmError::new(code, format!("Gemini: {msg}"));
    e.http_status = http_status;
    e.retry_after_ms = details
        .iter()
        .find_map(|d| d.get("retryDelay").and_then(Value::as_str))
        .and_then(parse_duration_seconds);
    e
}

pub fn classify_http_error(
    endpoint: &Endpoint,
    status: u16,
    retry_after: Option<&str>,
    body: &str,
) -> LlmError {
    let v: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let mut e = match v.get("error") {
        Some(err) => error_from_body(err, Some(status)),
        None => {
            let mut e = error_from_body(
                &json!({"message": body.chars().take(200).collect::<String>()}),
                Some(status),
            );
            if body.trim().is_empty() {
                e.message = "Gemini: no details given".into();
            }
            e
        }
    };
    e.message = format!(
        "{} (HTTP {status})",
        redact(&e.message, endpoint.api_key.as_ref())
    );
    if let Some(ms) = parse_retry_after(retry_after) {
        e.retry_after_ms = Some(ms);
    }
    e
}

/// Parses `GET /v1beta/models`. Prices are not in Gemini's list: unknown.
pub fn parse_models(body: &str) -> Result<Vec<crate::CatalogModel>, LlmError> {
    let models = wire::model_entries("Gemini", body, "models")?;
    Ok(models
        .iter()
        .filter(|m| {
            m.get("supportedGenerationMethods")
                .and_then(Value::as_array)
                .is_none_or(|ms| ms.iter().any(|x| x.as_str() == Some("generateContent")))
        })
        .filter_map(|m| {
            let id = bare_model(m.get("name")?.as_str()?).to_owned();
            let name = m
                .get("displayName")
                .and_then(Value::as_str)
                .unwrap_or(&id)
                .to_owned();
            let mut model = crate::CatalogModel::bare(crate::ProviderKind::Gemini, id, name);
            model.context_length = u32_at(m, "inputTokenLimit");
            model.max_output_tokens = u32_at(m, "outputTokenLimit");
            Some(model)
        })
        .collect())
}
