//! How each provider says the same scripted answer on the wire.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::Bytes;
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tokio::time::{sleep_until, Instant};

use crate::script::{refusal_word, thought, word, Script};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    OpenRouter,
    OpenAi,
    Anthropic,
    Gemini,
    Ollama,
}

impl Format {
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Ollama => "application/x-ndjson",
            _ => "text/event-stream",
        }
    }
}

pub fn error_message(status: u16, model: &str) -> String {
    match status {
        401 => "User not found.".into(),
        402 => "This request requires more credits, or fewer max_tokens.".into(),
        404 => format!("No endpoints found for {model}."),
        429 => format!("{model} is temporarily rate-limited upstream. Please retry shortly."),
        503 | 529 => "Overloaded".into(),
        _ => "Internal Server Error".into(),
    }
}

/// What a request-validation error adds to the provider's error body (see `validate.rs`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ErrorDetail {
    /// OpenAI's `error.type` (otherwise derived from the status).
    pub kind: Option<&'static str>,
    /// OpenAI's `error.param`.
    pub param: Option<String>,
    /// OpenAI's `error.code` (otherwise derived from the status).
    pub code: Option<&'static str>,
    /// Gemini: a `google.rpc.BadRequest` field violation on this field (`""`: no field named).
    pub field: Option<String>,
}

/// An HTTP error in the provider's own body shape, with `Retry-After` when asked.
pub fn error_response(
    format: Format,
    status: u16,
    message: &str,
    retry_after_s: Option<u64>,
) -> Response {
    error_response_with(
        format,
        status,
        message,
        retry_after_s,
        &ErrorDetail::default(),
    )
}

/// [`error_response`] with the details a validation error carries.
pub fn error_response_with(
    format: Format,
    status: u16,
    message: &str,
    retry_after_s: Option<u64>,
    detail: &ErrorDetail,
) -> Response {
    let body = match format {
        Format::OpenRouter => {
            let meta = match status {
                429 => {
                    json!({"raw": message, "provider_name": "MockCloud", "error_type": "rate_limit_exceeded"})
                }
                503 => json!({"error_type": "provider_overloaded"}),
                _ => json!({}),
            };
            let message = if status == 429 {
                "Provider returned error"
            } else {
                message
            };
            json!({"error": {"code": status, "message": message, "metadata": meta}, "user_id": "user_mock"})
        }
        Format::OpenAi => {
            let (t, code) = match status {
                400 => ("invalid_request_error", None),
                401 => ("invalid_request_error", Some("invalid_api_key")),
                404 => ("invalid_request_error", Some("model_not_found")),
                429 => ("requests", Some("rate_limit_exceeded")),
                _ => ("server_error", Some("server_error")),
            };
            json!({"error": {"message": message, "type": detail.kind.unwrap_or(t),
                             "param": detail.param, "code": detail.code.or(code)}})
        }
        Format::Anthropic => {
            let t = match status {
                401 => "authentication_error",
                404 => "not_found_error",
                429 => "rate_limit_error",
                529 | 503 => "overloaded_error",
                400 => "invalid_request_error",
                _ => "api_error",
            };
            json!({"type": "error", "error": {"type": t, "message": message}, "request_id": "req_mock"})
        }
        Format::Gemini => {
            let s = match status {
                400 => "INVALID_ARGUMENT",
                401 => "UNAUTHENTICATED",
                403 => "PERMISSION_DENIED",
                404 => "NOT_FOUND",
                429 => "RESOURCE_EXHAUSTED",
                503 => "UNAVAILABLE",
                _ => "INTERNAL",
            };
            let mut e = json!({"code": status, "message": message, "status": s});
            if let (429, Some(ra)) = (status, retry_after_s) {
                e["details"] = json!([{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": format!("{ra}s")}]);
            }
            if let Some(field) = &detail.field {
                let mut violation = json!({"description": message});
                if !field.is_empty() {
                    violation["field"] = json!(field);
                }
                e["details"] = json!([{"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [violation]}]);
            }
            json!({"error": e})
        }
        Format::Ollama => json!({"error": message}),
    };
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut resp = (code, Json(body)).into_response();
    if let Some(ra) = retry_after_s {
        resp.headers_mut()
            .insert("retry-after", HeaderValue::from(ra));
    }
    resp
}

/// Input "tokens" are whitespace-separated words of every message, in each request shape.
pub fn prompt_words(format: Format, req: &Value) -> u64 {
    let count = |s: &str| s.split_whitespace().count() as u64;
    match format {
        Format::Gemini => {
            let parts = |v: Option<&Value>| -> u64 {
                v.and_then(|c| c.get("parts"))
                    .and_then(Value::as_array)
                    .map_or(0, |ps| {
                        ps.iter()
                            .filter_map(|p| p.get("text").and_then(Value::as_str))
                            .map(count)
                            .sum()
                    })
            };
            let contents = req
                .get("contents")
                .and_then(Value::as_array)
                .map_or(0, |cs| cs.iter().map(|c| parts(Some(c))).sum());
            contents + parts(req.get("systemInstruction"))
        }
        _ => {
            let system = req.get("system").and_then(Value::as_str).map_or(0, count);
            let messages = req
                .get("messages")
                .and_then(Value::as_array)
                .map_or(0, |ms| {
                    ms.iter()
                        .filter_map(|m| m.get("content"))
                        .map(|c| match c {
                            Value::String(s) => count(s),
                            // Content parts (OpenAI) or blocks (Anthropic): their text.
                            Value::Array(parts) => parts
                                .iter()
                                .filter_map(|p| p.get("text").and_then(Value::as_str))
                                .map(count)
                                .sum(),
                            _ => 0,
                        })
                        .sum()
                });
            system + messages
        }
    }
}

pub struct Plan {
    pub format: Format,
    /// The local OpenAI-compatible face (`/local/v1`): OpenAI's format without its content
    /// filter, reasoning shown as `reasoning_content`.
    pub local: bool,
    /// Whether reasoning streams as text (see [`reasoning_shown`]); hidden reasoning still
    /// takes its time and is counted in the usage.
    pub reasoning_shown: bool,
    /// OpenAI faces stream usage only when asked (`stream_options.include_usage`, WF §2);
    /// the other faces always report it.
    pub include_usage: bool,
    pub script: Script,
    pub model: String,
    pub gen_id: String,
    pub prompt_tokens: u64,
    pub t0: Instant,
    /// Set to the index (0-based, among the chunks this plan sends) of the chunk that carries
    /// the first answer text, before that chunk is sent: the body stream stamps the moment it
    /// hands that chunk to the socket (see `WireRecord`).
    pub first_text_chunk: Arc<AtomicU64>,
}

/// Whether the real service would stream this request's reasoning (WF §3, §4, §7): OpenAI's
/// chat API never does; Gemini only with `thinkingConfig.includeThoughts`; OpenRouter unless the
/// script hides it (encrypted reasoning); Anthropic when thinking is enabled, unless redacted.
pub fn reasoning_shown(format: Format, req: &Value, script: &Script) -> bool {
    match format {
        Format::OpenAi => false,
        Format::Gemini => {
            req.pointer("/generationConfig/thinkingConfig/includeThoughts")
                .and_then(Value::as_bool)
                == Some(true)
        }
        Format::OpenRouter | Format::Anthropic => !script.hidden_reasoning,
        Format::Ollama => true,
    }
}

/// Whether the request asks for usage in the stream: OpenAI's faces only with
/// `stream_options.include_usage: true` ("without include_usage no usage is streamed at all",
/// WF §2); OpenRouter always sends it (the flag is a no-op there), as do the others.
pub fn includes_usage(format: Format, req: &Value) -> bool {
    format != Format::OpenAi
        || req
            .pointer("/stream_options/include_usage")
            .and_then(Value::as_bool)
            == Some(true)
}

/// Anthropic's models think only when asked (`thinking: {type: enabled}`).
pub fn thinks(format: Format, req: &Value) -> bool {
    format != Format::Anthropic
        || req.pointer("/thinking/type").and_then(Value::as_str) == Some("enabled")
}

type Tx = mpsc::Sender<Result<Bytes, std::io::Error>>;

fn sse(v: &Value) -> String {
    format!("data: {v}\n\n")
}

fn named(event: &str, v: &Value) -> String {
    format!("event: {event}\ndata: {v}\n\n")
}

/// Why the scripted answer ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Stop,
    Length,
    ContextWindow,
    Refusal,
    Filter,
}

/// Gemini's verdict on a blocked candidate: one category blocked at HIGH.
fn gemini_safety_ratings() -> Value {
    json!([
        {"category": "HARM_CATEGORY_HATE_SPEECH", "probability": "NEGLIGIBLE"},
        {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH", "blocked": true},
        {"category": "HARM_CATEGORY_HARASSMENT", "probability": "NEGLIGIBLE"},
        {"category": "HARM_CATEGORY_SEXUALLY_EXPLICIT", "probability": "NEGLIGIBLE"}
    ])
}

impl Plan {
    fn end(&self) -> End {
        let s = &self.script;
        if s.refuse {
            End::Refusal
        } else if s.content_filter {
            End::Filter
        } else if s.context_exceeded {
            End::ContextWindow
        } else if s.max_tokens_hit {
            End::Length
        } else {
            End::Stop
        }
    }

    /// The face's own word for how the answer ended.
    fn finish_word(&self) -> &'static str {
        match (self.format, self.end()) {
            (Format::OpenRouter | Format::OpenAi, End::Length | End::ContextWindow) => "length",
            // A refusal is said in `delta.refusal`; the finish itself is an ordinary stop.
            (Format::OpenRouter | Format::OpenAi, End::Stop | End::Refusal) => "stop",
            (Format::OpenAi, End::Filter) if self.local => "stop",
            (Format::OpenRouter | Format::OpenAi, End::Filter) => "content_filter",
            (Format::Anthropic, End::Stop) => "end_turn",
            (Format::Anthropic, End::Length) => "max_tokens",
            (Format::Anthropic, End::ContextWindow) => "model_context_window_exceeded",
            (Format::Anthropic, End::Refusal | End::Filter) => "refusal",
            (Format::Gemini, End::Stop) => "STOP",
            (Format::Gemini, End::Length | End::ContextWindow) => "MAX_TOKENS",
            (Format::Gemini, End::Refusal | End::Filter) => "SAFETY",
            (Format::Ollama, End::Length | End::ContextWindow) => "length",
            (Format::Ollama, _) => "stop",
        }
    }

    /// Answer tokens actually sent: Gemini's safety block leaves no text at all.
    fn answer_tokens(&self) -> u64 {
        if self.script.refuse && self.format == Format::Gemini {
            0
        } else {
            self.script.tokens
        }
    }

    fn answer_word(&self, i: usize) -> &'static str {
        if self.script.refuse {
            refusal_word(i)
        } else if let Some(words) = &self.script.words {
            words[i % words.len()]
        } else {
            word(i)
        }
    }

    /// Output tokens billed: the answer sent plus the reasoning.
    fn completion_tokens(&self) -> u64 {
        self.answer_tokens() + self.script.reasoning_tokens
    }

    /// (read from the cache, written to it), within the prompt.
    fn cache(&self) -> (u64, u64) {
        let read = self.script.cached.min(self.prompt_tokens);
        let write = self.script.cache_write.min(self.prompt_tokens - read);
        (read, write)
    }

    fn oa_chunk(&self, delta: Value, finish: Option<&str>) -> Value {
        let mut c = json!({
            "id": self.gen_id, "object": "chat.completion.chunk", "created": 1_767_225_600, "model": self.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]
        });
        if self.format == Format::OpenRouter {
            c["provider"] = json!("MockCloud");
            c["choices"][0]["native_finish_reason"] = json!(finish);
        } else if self.include_usage {
            c["usage"] = Value::Null;
        }
        c
    }

    /// Tokens per stream event: the script's `chunk`, else the face's habit (Gemini sends
    /// sentences, Anthropic a few tokens; OpenAI-style servers and Ollama about one).
    fn chunk_size(&self) -> u64 {
        self.script
            .chunk
            .unwrap_or(match self.format {
                Format::Gemini => 8,
                Format::Anthropic => 3,
                _ => 1,
            })
            .max(1)
    }

    /// Anthropic says a hidden (redacted) thinking block exists; the others say nothing.
    fn hidden_reasoning_opening(&self) -> Option<String> {
        match self.format {
            Format::Anthropic => Some(named(
                "content_block_start",
                &json!({"type": "content_block_start", "index": 0, "content_block": {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"}}),
            )),
            _ => None,
        }
    }

    /// What to send before the first token (and repeatedly while waiting for it).
    fn keepalive(&self) -> Option<String> {
        match self.format {
            Format::OpenRouter => Some(": OPENROUTER PROCESSING\n\n".into()),
            Format::Anthropic => Some(named("ping", &json!({"type": "ping"}))),
            _ => None,
        }
    }

    /// Anthropic's usage counts: `input_tokens` excludes cache reads and writes (WF §3, §7).
    fn anthropic_input_usage(&self) -> Value {
        let (read, write) = self.cache();
        json!({"input_tokens": self.prompt_tokens - read - write,
               "cache_creation_input_tokens": write, "cache_read_input_tokens": read})
    }

    fn opening(&self) -> Option<String> {
        match self.format {
            Format::Anthropic => {
                let mut usage = self.anthropic_input_usage();
                usage["output_tokens"] = json!(1);
                usage["cache_creation"] = json!({"ephemeral_5m_input_tokens": self.cache().1, "ephemeral_1h_input_tokens": 0});
                usage["service_tier"] = json!("standard");
                Some(named(
                    "message_start",
                    &json!({"type": "message_start", "message": {
                        "id": format!("msg_{}", self.gen_id), "type": "message", "role": "assistant", "content": [],
                        "model": self.model, "stop_reason": null, "stop_sequence": null, "usage": usage}}),
                ))
            }
            _ => None,
        }
    }

    /// Closes Anthropic's thinking block (index 0): a shown one gets its signature first.
    fn anthropic_close_thinking(&self) -> String {
        let signature = if self.reasoning_shown {
            named(
                "content_block_delta",
                &json!({"type": "content_block_delta", "index": 0, "delta": {"type": "signature_delta", "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"}}),
            )
        } else {
            String::new()
        };
        signature
            + &named(
                "content_block_stop",
                &json!({"type": "content_block_stop", "index": 0}),
            )
    }

    fn reasoning(&self, text: &str, first: bool) -> String {
        match self.format {
            Format::OpenRouter => sse(&self.oa_chunk(
                json!({"role": "assistant", "content": "", "reasoning": text}),
                None,
            )),
            Format::OpenAi => {
                sse(&self.oa_chunk(json!({"content": "", "reasoning_content": text}), None))
            }
            Format::Anthropic => {
                let start = if first {
                    named(
                        "content_block_start",
                        &json!({"type": "content_block_start", "index": 0, "content_block": {"type": "thinking", "thinking": "", "signature": ""}}),
                    )
                } else {
                    String::new()
                };
                start
                    + &named(
                        "content_block_delta",
                        &json!({"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": text}}),
                    )
            }
            Format::Gemini => sse(
                &json!({"candidates": [{"content": {"role": "model", "parts": [{"text": text, "thought": true}]}, "index": 0}], "modelVersion": self.model, "responseId": self.gen_id}),
            ),
            Format::Ollama => format!(
                "{}\n",
                json!({"model": self.model, "created_at": "2026-01-01T00:00:00Z", "message": {"role": "assistant", "content": "", "thinking": text}, "done": false})
            ),
        }
    }

    /// OpenAI's first chunk: the role, before any content.
    fn oa_role_chunk(&self) -> String {
        let delta = if self.script.refuse {
            json!({"role": "assistant", "content": null, "refusal": ""})
        } else {
            json!({"role": "assistant", "content": "", "refusal": null})
        };
        sse(&self.oa_chunk(delta, None))
    }

    fn text(&self, text: &str, first: bool) -> String {
        let block = if self.script.reasoning_tokens > 0 {
            1
        } else {
            0
        };
        // OpenAI-style refusals arrive in `delta.refusal`, with `content: null` (WF §1.5).
        let refusal = self.script.refuse;
        match self.format {
            Format::OpenRouter => {
                let delta = if refusal {
                    json!({"role": "assistant", "content": null, "refusal": text})
                } else {
                    json!({"role": "assistant", "content": text})
                };
                sse(&self.oa_chunk(delta, None))
            }
            Format::OpenAi => {
                let role = if first {
                    self.oa_role_chunk()
                } else {
                    String::new()
                };
                let delta = if refusal {
                    json!({"content": null, "refusal": text})
                } else {
                    json!({"content": text})
                };
                role + &sse(&self.oa_chunk(delta, None))
            }
            Format::Anthropic => {
                let mut out = String::new();
                if first {
                    if block == 1 {
                        out += &self.anthropic_close_thinking();
                    }
                    out += &named(
                        "content_block_start",
                        &json!({"type": "content_block_start", "index": block, "content_block": {"type": "text", "text": ""}}),
                    );
                }
                out + &named(
                    "content_block_delta",
                    &json!({"type": "content_block_delta", "index": block, "delta": {"type": "text_delta", "text": text}}),
                )
            }
            Format::Gemini => sse(
                &json!({"candidates": [{"content": {"role": "model", "parts": [{"text": text}]}, "index": 0}], "modelVersion": self.model, "responseId": self.gen_id}),
            ),
            Format::Ollama => format!(
                "{}\n",
                json!({"model": self.model, "created_at": "2026-01-01T00:00:00Z", "message": {"role": "assistant", "content": text}, "done": false})
            ),
        }
    }

    /// What the answer costs at the script's prices. Cache reads are billed at 10 % of the
    /// prompt price and cache writes at 125 % (see the script's doc).
    fn cost(&self) -> f64 {
        let (read, write) = self.cache();
        let s = &self.script;
        (self.prompt_tokens - read - write) as f64 * s.prompt_price
            + read as f64 * s.prompt_price * 0.1
            + write as f64 * s.prompt_price * 1.25
            + self.completion_tokens() as f64 * s.completion_price
    }

    fn prompt_cost(&self) -> f64 {
        self.cost() - self.completion_tokens() as f64 * self.script.completion_price
    }

    fn ending(&self, elapsed: Duration) -> String {
        let s = &self.script;
        let completion = self.completion_tokens();
        let finish = self.finish_word();
        let (cached, cache_write) = self.cache();
        match self.format {
            Format::OpenRouter | Format::OpenAi => {
                let openrouter = self.format == Format::OpenRouter;
                let mut usage = json!({
                    "prompt_tokens": self.prompt_tokens, "completion_tokens": completion,
                    "total_tokens": self.prompt_tokens + completion,
                });
                if openrouter {
                    usage["prompt_tokens_details"] = json!({"cached_tokens": cached, "cache_write_tokens": cache_write, "audio_tokens": 0, "video_tokens": 0});
                    usage["completion_tokens_details"] = json!({"reasoning_tokens": s.reasoning_tokens, "image_tokens": 0, "audio_tokens": 0});
                } else {
                    usage["prompt_tokens_details"] =
                        json!({"cached_tokens": cached, "audio_tokens": 0});
                    usage["completion_tokens_details"] = json!({"reasoning_tokens": s.reasoning_tokens, "audio_tokens": 0,
                        "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0});
                }
                // OpenRouter repeats the role and an empty content; OpenAI's last choice chunk
                // has an empty delta (WF §1.5, §2).
                let finish_delta = if openrouter {
                    json!({"role": "assistant", "content": ""})
                } else {
                    json!({})
                };
                let finish_chunk = self.oa_chunk(finish_delta, Some(finish));
                // No answer text at all (thinking used up the budget): OpenAI still opens with
                // the role.
                let role = if !openrouter && self.answer_tokens() == 0 {
                    self.oa_role_chunk()
                } else {
                    String::new()
                };
                let last = if openrouter {
                    usage["is_byok"] = json!(s.byok);
                    if s.report_cost && s.byok {
                        // BYOK: `cost` is OpenRouter's fee (5 % here); the provider's own charge
                        // went to the person's key and is in cost_details (WF §1.6).
                        usage["cost"] = json!(self.cost() * 0.05);
                        usage["cost_details"] = json!({"upstream_inference_cost": self.cost()});
                    } else if s.report_cost {
                        usage["cost"] = json!(self.cost());
                        usage["cost_details"] = json!({"upstream_inference_cost": self.cost(),
                            "upstream_inference_prompt_cost": self.prompt_cost(),
                            "upstream_inference_completions_cost": completion as f64 * s.completion_price});
                    }
                    // OpenRouter's observed shape: the usage chunk repeats the choice and its finish.
                    let mut c = finish_chunk.clone();
                    c["usage"] = usage;
                    Some(c)
                } else if self.include_usage {
                    // OpenAI's documented shape: a last chunk with empty choices.
                    Some(
                        json!({"id": self.gen_id, "object": "chat.completion.chunk", "created": 1_767_225_600, "model": self.model, "choices": [], "usage": usage}),
                    )
                } else {
                    // Without include_usage no usage is streamed at all (WF §2).
                    None
                };
                role + &sse(&finish_chunk)
                    + &last.map_or(String::new(), |c| sse(&c))
                    + "data: [DONE]\n\n"
            }
            Format::Anthropic => {
                let close = if self.answer_tokens() > 0 {
                    let block = if s.reasoning_tokens > 0 { 1 } else { 0 };
                    named(
                        "content_block_stop",
                        &json!({"type": "content_block_stop", "index": block}),
                    )
                } else if s.reasoning_tokens > 0 {
                    // Thinking only: its block is still open.
                    self.anthropic_close_thinking()
                } else {
                    String::new()
                };
                let mut usage = self.anthropic_input_usage();
                usage["output_tokens"] = json!(completion);
                usage["output_tokens_details"] = json!({"thinking_tokens": s.reasoning_tokens});
                close
                    + &named(
                        "message_delta",
                        &json!({"type": "message_delta",
                            "delta": {"stop_reason": finish, "stop_sequence": null},
                            "usage": usage}),
                    )
                    + &named("message_stop", &json!({"type": "message_stop"}))
            }
            Format::Gemini => {
                let mut candidate = json!({"finishReason": finish, "index": 0});
                if finish == "SAFETY" {
                    // A blocked candidate carries no content, only the verdict.
                    candidate["safetyRatings"] = gemini_safety_ratings();
                } else if self.answer_tokens() == 0 {
                    // Thinking took the whole budget: a candidate without parts.
                    candidate["content"] = json!({"role": "model"});
                } else {
                    candidate["content"] = json!({"role": "model", "parts": [{"text": ""}]});
                }
                // Zero counts are left out, as Gemini's JSON does; `cachedContentTokenCount` is
                // part of `promptTokenCount` (WF §4).
                let mut usage = json!({"promptTokenCount": self.prompt_tokens,
                    "thoughtsTokenCount": s.reasoning_tokens, "totalTokenCount": self.prompt_tokens + completion});
                if self.answer_tokens() > 0 {
                    usage["candidatesTokenCount"] = json!(self.answer_tokens());
                }
                if cached > 0 {
                    usage["cachedContentTokenCount"] = json!(cached);
                }
                sse(&json!({
                    "candidates": [candidate], "usageMetadata": usage,
                    "modelVersion": self.model, "responseId": self.gen_id
                }))
            }
            Format::Ollama => {
                let ns = elapsed.as_nanos() as u64;
                format!(
                    "{}\n",
                    json!({
                        "model": self.model, "created_at": "2026-01-01T00:00:00Z",
                        "message": {"role": "assistant", "content": ""}, "done": true,
                        "done_reason": finish,
                        "total_duration": ns, "load_duration": 1_000_000, "prompt_eval_count": self.prompt_tokens,
                        "prompt_eval_duration": 2_000_000, "eval_count": completion, "eval_duration": ns.saturating_sub(3_000_000)
                    })
                )
            }
        }
    }

    fn error_event(&self) -> String {
        match self.format {
            // OpenAI's own mid-stream error: no numeric code, no error_type (WF §2).
            Format::OpenAi => sse(
                &json!({"error": {"message": "The server had an error while processing your request.", "type": "server_error", "param": null, "code": null}}),
            ),
            Format::OpenRouter => sse(&json!({
                "id": self.gen_id, "object": "chat.completion.chunk", "created": 1_767_225_600, "model": self.model,
                "provider": "MockCloud",
                "error": {"code": 502, "message": "Upstream provider disconnected", "metadata": {"error_type": "provider_unavailable"}},
                "choices": [{"index": 0, "delta": {"content": ""}, "finish_reason": "error"}]
            })),
            Format::Anthropic => named(
                "error",
                &json!({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}),
            ),
            // As the official SDK warns (WF §4): mid-stream, the error can come as multi-line
            // JSON without the `data:` prefix.
            Format::Gemini => "{\n  \"error\": {\n    \"code\": 503,\n    \"message\": \"The model is overloaded.\",\n    \"status\": \"UNAVAILABLE\"\n  }\n}\n".into(),
            Format::Ollama => format!(
                "{}\n",
                json!({"error": "llama runner process has terminated"})
            ),
        }
    }

    fn malformed(&self) -> String {
        match self.format {
            Format::Ollama => "{\"model\": \"broken\", \"message\": {\"content\": \"oops\"\n".into(),
            Format::Anthropic => "event: content_block_delta\ndata: {\"type\": \"content_block_delta\", \"delta\": {\n\n".into(),
            _ => "data: {\"id\": \"gen-broken\", \"choices\": [{\"delta\": {\"content\": \"oops\"\n\n".into(),
        }
    }

    /// Streams the scripted answer. Returns OpenRouter-style generation stats when it completed.
    pub async fn stream(&self, tx: &Tx) -> Option<Value> {
        let s = &self.script;
        let sent = AtomicU64::new(0);
        let send = |text: String| {
            sent.fetch_add(1, Ordering::Relaxed);
            async move { tx.send(Ok(Bytes::from(text))).await.is_ok() }
        };
        // The first answer text is marked before it is sent, so the body stream knows it.
        let send_text = |text: String, first: bool| {
            if first {
                self.first_text_chunk
                    .store(sent.load(Ordering::Relaxed), Ordering::SeqCst);
            }
            send(text)
        };
        if let Some(open) = self.opening() {
            if !send(open).await {
                return None;
            }
        }
        let first_token_at = self.t0 + Duration::from_millis(s.ttft_ms);
        if let Some(keepalive) = self.keepalive() {
            let mut next = Instant::now();
            while next < first_token_at {
                if !send(keepalive.clone()).await {
                    return None;
                }
                next += Duration::from_millis(250);
                sleep_until(next.min(first_token_at)).await;
            }
        } else {
            sleep_until(first_token_at).await;
        }
        if s.stall {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            return None;
        }
        let gap = Duration::from_secs_f64(1.0 / s.tps.max(0.001));
        let mut at = first_token_at;
        if self.reasoning_shown {
            for i in 0..s.reasoning_tokens {
                if !send(self.reasoning(&format!("{} ", thought(i as usize)), i == 0)).await {
                    return None;
                }
                at += gap;
                sleep_until(at).await;
            }
        } else if s.reasoning_tokens > 0 {
            // Thinking without showing it: OpenAI and Gemini send nothing meanwhile; OpenRouter
            // keeps the connection alive with comments and Anthropic with pings, for as long as
            // the model thinks (past any client's stall limit).
            if let Some(open) = self.hidden_reasoning_opening() {
                if !send(open).await {
                    return None;
                }
            }
            let end = at + gap * s.reasoning_tokens as u32;
            match self.keepalive() {
                Some(keepalive) => {
                    let mut next = at;
                    while next < end {
                        next = (next + Duration::from_millis(250)).min(end);
                        sleep_until(next).await;
                        if next < end && !send(keepalive.clone()).await {
                            return None;
                        }
                    }
                }
                None => sleep_until(end).await,
            }
            at = end;
        }
        // Tokens are generated one `gap` apart and sent `chunk` at a time (Gemini and Anthropic
        // send several tokens per event), each chunk when its last token is ready.
        let chunk = self.chunk_size();
        let tokens = self.answer_tokens();
        let (mut buf, mut buffered, mut first) = (String::new(), 0, true);
        for i in 0..tokens {
            let fault =
                [s.drop_after, s.malformed_after, s.stall_after, s.fail_after].contains(&Some(i));
            if fault && buffered > 0 {
                if !send_text(self.text(&buf, first), first).await {
                    return None;
                }
                (first, buffered) = (false, 0);
                buf.clear();
                // Let that chunk reach the socket (and the client read it) before the connection
                // is torn down: a drop loses what is in flight, and the test wants exactly the
                // tokens sent. 30 ms was too short on a 2-core machine under a load of 5–7 (the
                // engine's failure test then saw fewer words, once in ~5 runs).
                tokio::time::sleep(Duration::from_millis(150)).await;
            }
            if s.drop_after == Some(i) {
                let _ = tx
                    .send(Err(std::io::Error::other("mock: connection dropped")))
                    .await;
                return None;
            }
            if s.malformed_after == Some(i) {
                let _ = send(self.malformed()).await;
                return None;
            }
            if s.stall_after == Some(i) {
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return None;
            }
            if s.fail_after == Some(i) {
                let _ = send(self.error_event()).await;
                return None;
            }
            if i > 0 {
                buf.push(' ');
            }
            buf.push_str(self.answer_word(i as usize));
            buffered += 1;
            if buffered == chunk || i + 1 == tokens {
                if !send_text(self.text(&buf, first), first).await {
                    return None;
                }
                (first, buffered) = (false, 0);
                buf.clear();
            }
            if i + 1 < tokens {
                at += gap;
                sleep_until(at).await;
            }
        }
        let elapsed = self.t0.elapsed();
        if !send(self.ending(elapsed)).await {
            return None;
        }
        let completion = self.completion_tokens();
        let finish = match self.finish_word() {
            "content_filter" => "content_filter",
            "length" => "length",
            _ => "stop",
        };
        Some(json!({
            "id": self.gen_id, "model": self.model, "provider_name": "MockCloud", "streamed": true, "cancelled": false,
            "latency": elapsed.as_millis() as u64, "generation_time": elapsed.as_millis() as u64 - s.ttft_ms.min(elapsed.as_millis() as u64),
            "finish_reason": finish, "native_finish_reason": finish,
            "tokens_prompt": self.prompt_tokens, "tokens_completion": completion,
            "native_tokens_prompt": self.prompt_tokens, "native_tokens_completion": completion,
            "native_tokens_reasoning": s.reasoning_tokens, "native_tokens_cached": self.cache().0,
            "total_cost": self.cost(), "usage": self.cost(), "is_byok": false
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Streams `model` (a mock model name) on `format` for a `prompt_tokens`-word prompt and
    /// returns every JSON payload sent, in order (SSE `data:` lines, or NDJSON lines).
    async fn payloads_with(format: Format, local: bool, req: Value, model: &str) -> Vec<Value> {
        let mut script = Script::from_model(model).unwrap();
        script.ttft_ms = 0;
        script.tps = 100_000.0;
        if !thinks(format, &req) {
            script.reasoning_tokens = 0;
        }
        let plan = Plan {
            format,
            local,
            reasoning_shown: local || reasoning_shown(format, &req, &script),
            include_usage: includes_usage(format, &req),
            script,
            model: model.into(),
            gen_id: "gen-test".into(),
            prompt_tokens: 10,
            t0: Instant::now(),
            first_text_chunk: Arc::new(AtomicU64::new(u64::MAX)),
        };
        let (tx, mut rx) = mpsc::channel(1024);
        plan.stream(&tx).await.expect("the stream completes");
        drop(tx);
        let mut text = String::new();
        while let Some(Ok(b)) = rx.recv().await {
            text.push_str(std::str::from_utf8(&b).unwrap());
        }
        text.lines()
            .filter_map(|l| match format {
                Format::Ollama => Some(l),
                _ => l.strip_prefix("data: "),
            })
            .filter(|l| !l.trim().is_empty() && *l != "[DONE]")
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
            .collect()
    }

    /// The request the engine would send: usage asked for, Anthropic thinking on.
    fn usual(format: Format) -> Value {
        match format {
            Format::Anthropic => {
                json!({"thinking": {"type": "enabled", "budget_tokens": 2048}})
            }
            Format::OpenAi => json!({"stream_options": {"include_usage": true}}),
            _ => json!({}),
        }
    }

    async fn payloads(format: Format, model: &str) -> Vec<Value> {
        payloads_with(format, false, usual(format), model).await
    }

    /// The concatenated string at `pointer` over all payloads.
    fn joined(ps: &[Value], pointer: &str) -> String {
        ps.iter()
            .filter_map(|p| p.pointer(pointer).and_then(Value::as_str))
            .collect()
    }

    fn finishes(ps: &[Value]) -> Vec<String> {
        ps.iter()
            .filter_map(|p| {
                p.pointer("/choices/0/finish_reason")
                    .and_then(Value::as_str)
            })
            .map(str::to_owned)
            .collect()
    }

    fn anthropic_stop(ps: &[Value]) -> String {
        joined(ps, "/delta/stop_reason")
    }

    fn last(ps: &[Value]) -> &Value {
        ps.last().expect("some payloads")
    }

    fn refusal_text() -> String {
        (0..8).map(refusal_word).collect::<Vec<_>>().join(" ")
    }

    #[tokio::test]
    async fn refusals_in_each_faces_shape() {
        for (format, local) in [
            (Format::OpenAi, false),
            (Format::OpenAi, true),
            (Format::OpenRouter, false),
        ] {
            let ps = payloads_with(format, local, usual(format), "mock/refuses").await;
            assert_eq!(
                joined(&ps, "/choices/0/delta/refusal"),
                refusal_text(),
                "{format:?}"
            );
            assert_eq!(joined(&ps, "/choices/0/delta/content"), "", "{format:?}");
            let fragments: Vec<&Value> = ps
                .iter()
                .filter(|p| {
                    p.pointer("/choices/0/delta/refusal")
                        .and_then(Value::as_str)
                        .is_some_and(|r| !r.is_empty())
                })
                .collect();
            assert_eq!(fragments.len(), 8, "{format:?}: one word per fragment");
            assert!(
                fragments
                    .iter()
                    .all(|p| p.pointer("/choices/0/delta/content") == Some(&Value::Null)),
                "{format:?}: content is null beside a refusal"
            );
            assert!(finishes(&ps).iter().all(|f| f == "stop"), "{format:?}");
        }

        let ps = payloads(Format::Anthropic, "mock/refuses").await;
        assert_eq!(joined(&ps, "/delta/text"), refusal_text());
        assert_eq!(anthropic_stop(&ps), "refusal");

        let ps = payloads(Format::Gemini, "mock/refuses").await;
        assert_eq!(ps.len(), 1, "no text at all, only the verdict: {ps:?}");
        let c = &ps[0]["candidates"][0];
        assert_eq!(c["finishReason"], "SAFETY");
        assert!(c.get("content").is_none());
        assert!(c["safetyRatings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["blocked"] == true));
        assert!(ps[0]["usageMetadata"].get("candidatesTokenCount").is_none());

        let ps = payloads(Format::Ollama, "mock/refuses").await;
        assert_eq!(joined(&ps, "/message/content"), refusal_text());
        assert_eq!(last(&ps)["done_reason"], "stop");
    }

    #[tokio::test]
    async fn a_content_filter_stops_after_some_text() {
        let text = (0..20).map(word).collect::<Vec<_>>().join(" ");
        for (format, local, finish) in [
            (Format::OpenAi, false, "content_filter"),
            (Format::OpenRouter, false, "content_filter"),
            (Format::OpenAi, true, "stop"),
        ] {
            let ps = payloads_with(format, local, usual(format), "mock/filtered").await;
            assert_eq!(joined(&ps, "/choices/0/delta/content"), text, "{format:?}");
            assert_eq!(finishes(&ps)[0], finish, "{format:?} local={local}");
        }
        let ps = payloads(Format::Anthropic, "mock/filtered").await;
        assert_eq!(joined(&ps, "/delta/text"), text);
        assert_eq!(anthropic_stop(&ps), "refusal");

        let ps = payloads(Format::Gemini, "mock/filtered").await;
        assert_eq!(joined(&ps, "/candidates/0/content/parts/0/text"), text);
        let end = &last(&ps)["candidates"][0];
        assert_eq!(end["finishReason"], "SAFETY");
        assert!(end["safetyRatings"].is_array());
        assert_eq!(last(&ps)["usageMetadata"]["candidatesTokenCount"], 20);

        let ps = payloads(Format::Ollama, "mock/filtered").await;
        assert_eq!(joined(&ps, "/message/content"), text);
        assert_eq!(last(&ps)["done_reason"], "stop");
    }

    #[tokio::test]
    async fn out_of_budget_thinks_to_the_limit_and_answers_nothing() {
        let ps = payloads(Format::Gemini, "mock/out-of-budget").await;
        assert_eq!(ps.len(), 1, "thoughts not asked for: nothing until the end");
        let end = &ps[0];
        assert_eq!(end["candidates"][0]["finishReason"], "MAX_TOKENS");
        assert_eq!(end["candidates"][0]["content"], json!({"role": "model"}));
        let u = &end["usageMetadata"];
        assert_eq!(u["thoughtsTokenCount"], 40);
        assert!(u.get("candidatesTokenCount").is_none());
        assert_eq!(u["totalTokenCount"], 50);

        for format in [Format::OpenAi, Format::OpenRouter] {
            let ps = payloads(format, "mock/out-of-budget").await;
            assert_eq!(joined(&ps, "/choices/0/delta/content"), "", "{format:?}");
            assert!(finishes(&ps).iter().all(|f| f == "length"), "{format:?}");
            let usage = &ps.iter().rev().find(|p| p["usage"].is_object()).unwrap()["usage"];
            assert_eq!(usage["completion_tokens"], 40, "{format:?}");
            assert_eq!(
                usage["completion_tokens_details"]["reasoning_tokens"], 40,
                "{format:?}"
            );
        }
        let ps = payloads(Format::OpenRouter, "mock/out-of-budget").await;
        assert!(!joined(&ps, "/choices/0/delta/reasoning").is_empty());

        let ps = payloads(Format::Anthropic, "mock/out-of-budget").await;
        assert!(joined(&ps, "/delta/thinking").starts_with("Considering"));
        assert_eq!(joined(&ps, "/delta/text"), "");
        assert_eq!(anthropic_stop(&ps), "max_tokens");
        let kinds: Vec<&str> = ps.iter().filter_map(|p| p["type"].as_str()).collect();
        let starts = kinds
            .iter()
            .filter(|k| **k == "content_block_start")
            .count();
        let stops = kinds.iter().filter(|k| **k == "content_block_stop").count();
        assert_eq!(
            (starts, stops),
            (1, 1),
            "the thinking block opens and closes: {kinds:?}"
        );
        assert!(ps
            .iter()
            .any(|p| p.pointer("/delta/type") == Some(&json!("signature_delta"))));

        let ps = payloads(Format::Ollama, "mock/out-of-budget").await;
        assert!(!joined(&ps, "/message/thinking").is_empty());
        assert_eq!(joined(&ps, "/message/content"), "");
        assert_eq!(last(&ps)["done_reason"], "length");
    }

    #[tokio::test]
    async fn truncated_and_context_exceeded_answers_stop_mid_answer() {
        let text = (0..30).map(word).collect::<Vec<_>>().join(" ");
        for model in ["mock/truncated", "mock/context-exceeded"] {
            let ps = payloads(Format::OpenAi, model).await;
            assert_eq!(joined(&ps, "/choices/0/delta/content"), text);
            assert_eq!(finishes(&ps), ["length"], "{model}");
            let ps = payloads(Format::Gemini, model).await;
            assert_eq!(last(&ps)["candidates"][0]["finishReason"], "MAX_TOKENS");
            let ps = payloads(Format::Ollama, model).await;
            assert_eq!(last(&ps)["done_reason"], "length");
        }
        let ps = payloads(Format::Anthropic, "mock/truncated").await;
        assert_eq!(anthropic_stop(&ps), "max_tokens");
        let ps = payloads(Format::Anthropic, "mock/context-exceeded").await;
        assert_eq!(joined(&ps, "/delta/text"), text);
        assert_eq!(anthropic_stop(&ps), "model_context_window_exceeded");
    }

    #[tokio::test]
    async fn cache_reads_and_writes_in_each_faces_shape() {
        let model = "mock/fast@tokens=5,cached=4,cache_write=2";
        let ps = payloads(Format::OpenRouter, model).await;
        let u = &last(&ps)["usage"];
        assert_eq!(u["prompt_tokens"], 10);
        assert_eq!(u["prompt_tokens_details"]["cached_tokens"], 4);
        assert_eq!(u["prompt_tokens_details"]["cache_write_tokens"], 2);
        // 4 uncached × $1/M + 4 read × $0.10/M + 2 written × $1.25/M + 5 out × $2/M.
        let cost = u["cost"].as_f64().unwrap();
        assert!((cost - 0.0000169).abs() < 1e-12, "{cost}");
        let prompt_cost = u["cost_details"]["upstream_inference_prompt_cost"]
            .as_f64()
            .unwrap();
        assert!((prompt_cost - 0.0000069).abs() < 1e-12, "{prompt_cost}");

        let ps = payloads(Format::OpenAi, model).await;
        let u = &last(&ps)["usage"];
        assert_eq!(u["prompt_tokens"], 10);
        assert_eq!(u["prompt_tokens_details"]["cached_tokens"], 4);

        let ps = payloads(Format::Anthropic, model).await;
        let start = &ps[0]["message"]["usage"];
        assert_eq!(start["input_tokens"], 4, "input_tokens excludes the cache");
        assert_eq!(start["cache_read_input_tokens"], 4);
        assert_eq!(start["cache_creation_input_tokens"], 2);
        assert_eq!(start["cache_creation"]["ephemeral_5m_input_tokens"], 2);
        let delta = ps.iter().find(|p| p["type"] == "message_delta").unwrap();
        assert_eq!(delta["usage"]["cache_read_input_tokens"], 4);

        let ps = payloads(Format::Gemini, model).await;
        let u = &last(&ps)["usageMetadata"];
        assert_eq!(u["promptTokenCount"], 10, "the cached share is part of it");
        assert_eq!(u["cachedContentTokenCount"], 4);

        // More than the prompt: capped at the prompt.
        let ps = payloads(Format::OpenRouter, "mock/fast@tokens=5,cached=50").await;
        assert_eq!(
            last(&ps)["usage"]["prompt_tokens_details"]["cached_tokens"],
            10
        );
    }

    #[tokio::test]
    async fn openai_streams_usage_only_when_asked() {
        let ps = payloads_with(Format::OpenAi, false, json!({}), "mock/fast@tokens=3").await;
        assert!(
            ps.iter().all(|p| p.get("usage").is_none()),
            "no usage at all: {ps:?}"
        );
        assert_eq!(last(&ps)["choices"][0]["finish_reason"], "stop");
        assert_eq!(last(&ps)["choices"][0]["delta"], json!({}));

        let ps = payloads(Format::OpenAi, "mock/fast@tokens=3").await;
        let (body, end) = ps.split_at(ps.len() - 1);
        assert!(body
            .iter()
            .all(|p| p["usage"].is_null() && p.get("usage").is_some()));
        assert_eq!(end[0]["choices"], json!([]));
        assert_eq!(end[0]["usage"]["completion_tokens"], 3);

        // OpenRouter sends it whatever the request says.
        let ps = payloads_with(Format::OpenRouter, false, json!({}), "mock/fast@tokens=3").await;
        assert_eq!(last(&ps)["usage"]["completion_tokens"], 3);
    }
}
