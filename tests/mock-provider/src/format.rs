//! How each provider says the same scripted answer on the wire.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::Bytes;
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tokio::time::{sleep_until, Instant};

use crate::script::{thought, word, Script};

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

/// An HTTP error in the provider's own body shape, with `Retry-After` when asked.
pub fn error_response(
    format: Format,
    status: u16,
    message: &str,
    retry_after_s: Option<u64>,
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
                401 => ("invalid_request_error", "invalid_api_key"),
                404 => ("invalid_request_error", "model_not_found"),
                429 => ("requests", "rate_limit_exceeded"),
                _ => ("server_error", "server_error"),
            };
            json!({"error": {"message": message, "type": t, "param": null, "code": code}})
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
                        .filter_map(|m| m.get("content").and_then(Value::as_str))
                        .map(count)
                        .sum()
                });
            system + messages
        }
    }
}

pub struct Plan {
    pub format: Format,
    /// Whether reasoning streams as text (see [`reasoning_shown`]); hidden reasoning still
    /// takes its time and is counted in the usage.
    pub reasoning_shown: bool,
    pub script: Script,
    pub model: String,
    pub gen_id: String,
    pub prompt_tokens: u64,
    pub t0: Instant,
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

impl Plan {
    fn oa_chunk(&self, delta: Value, finish: Option<&str>) -> Value {
        let mut c = json!({
            "id": self.gen_id, "object": "chat.completion.chunk", "created": 1_767_225_600, "model": self.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]
        });
        if self.format == Format::OpenRouter {
            c["provider"] = json!("MockCloud");
            c["choices"][0]["native_finish_reason"] = json!(finish);
        } else {
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

    fn opening(&self) -> Option<String> {
        match self.format {
            Format::Anthropic => Some(named(
                "message_start",
                &json!({"type": "message_start", "message": {
                    "id": format!("msg_{}", self.gen_id), "type": "message", "role": "assistant", "content": [],
                    "model": self.model, "stop_reason": null, "stop_sequence": null,
                    "usage": {"input_tokens": self.prompt_tokens, "output_tokens": 1,
                              "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}}}),
            )),
            _ => None,
        }
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

    fn text(&self, text: &str, first: bool) -> String {
        let block = if self.script.reasoning_tokens > 0 {
            1
        } else {
            0
        };
        match self.format {
            Format::OpenRouter => {
                sse(&self.oa_chunk(json!({"role": "assistant", "content": text}), None))
            }
            Format::OpenAi => {
                let role = if first {
                    sse(&self.oa_chunk(json!({"role": "assistant", "content": ""}), None))
                } else {
                    String::new()
                };
                role + &sse(&self.oa_chunk(json!({"content": text}), None))
            }
            Format::Anthropic => {
                let mut out = String::new();
                if first {
                    if block == 1 {
                        out += &named(
                            "content_block_stop",
                            &json!({"type": "content_block_stop", "index": 0}),
                        );
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

    fn cost(&self) -> f64 {
        let completion = self.script.tokens + self.script.reasoning_tokens;
        self.prompt_tokens as f64 * self.script.prompt_price
            + completion as f64 * self.script.completion_price
    }

    fn ending(&self, elapsed: Duration) -> String {
        let s = &self.script;
        let completion = s.tokens + s.reasoning_tokens;
        let length = s.max_tokens_hit;
        match self.format {
            Format::OpenRouter | Format::OpenAi => {
                let finish = if length { "length" } else { "stop" };
                let mut usage = json!({
                    "prompt_tokens": self.prompt_tokens, "completion_tokens": completion,
                    "total_tokens": self.prompt_tokens + completion,
                    "prompt_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0, "audio_tokens": 0, "video_tokens": 0},
                    "completion_tokens_details": {"reasoning_tokens": s.reasoning_tokens, "image_tokens": 0, "audio_tokens": 0}
                });
                let finish_chunk =
                    self.oa_chunk(json!({"role": "assistant", "content": ""}), Some(finish));
                let last = if self.format == Format::OpenRouter {
                    usage["is_byok"] = json!(s.byok);
                    if s.report_cost && s.byok {
                        // BYOK: `cost` is OpenRouter's fee (5 % here); the provider's own charge
                        // went to the person's key and is in cost_details (WF §1.6).
                        usage["cost"] = json!(self.cost() * 0.05);
                        usage["cost_details"] = json!({"upstream_inference_cost": self.cost()});
                    } else if s.report_cost {
                        usage["cost"] = json!(self.cost());
                        usage["cost_details"] = json!({"upstream_inference_cost": self.cost()});
                    }
                    // OpenRouter's observed shape: the usage chunk repeats the choice and its finish.
                    let mut c = finish_chunk.clone();
                    c["usage"] = usage;
                    c
                } else {
                    // OpenAI's documented shape: a last chunk with empty choices.
                    json!({"id": self.gen_id, "object": "chat.completion.chunk", "created": 1_767_225_600, "model": self.model, "choices": [], "usage": usage})
                };
                sse(&finish_chunk) + &sse(&last) + "data: [DONE]\n\n"
            }
            Format::Anthropic => {
                let block = if s.reasoning_tokens > 0 { 1 } else { 0 };
                named(
                    "content_block_stop",
                    &json!({"type": "content_block_stop", "index": block}),
                ) + &named(
                    "message_delta",
                    &json!({"type": "message_delta",
                        "delta": {"stop_reason": if length { "max_tokens" } else { "end_turn" }, "stop_sequence": null},
                        "usage": {"output_tokens": completion, "output_tokens_details": {"thinking_tokens": s.reasoning_tokens}}}),
                ) + &named("message_stop", &json!({"type": "message_stop"}))
            }
            Format::Gemini => sse(&json!({
                "candidates": [{"content": {"role": "model", "parts": [{"text": ""}]}, "finishReason": if length { "MAX_TOKENS" } else { "STOP" }, "index": 0}],
                "usageMetadata": {"promptTokenCount": self.prompt_tokens, "candidatesTokenCount": s.tokens,
                                  "thoughtsTokenCount": s.reasoning_tokens, "totalTokenCount": self.prompt_tokens + completion},
                "modelVersion": self.model, "responseId": self.gen_id
            })),
            Format::Ollama => {
                let ns = elapsed.as_nanos() as u64;
                format!(
                    "{}\n",
                    json!({
                        "model": self.model, "created_at": "2026-01-01T00:00:00Z",
                        "message": {"role": "assistant", "content": ""}, "done": true,
                        "done_reason": if length { "length" } else { "stop" },
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
        let send = |text: String| async move { tx.send(Ok(Bytes::from(text))).await.is_ok() };
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
        let (mut buf, mut buffered, mut first) = (String::new(), 0, true);
        for i in 0..s.tokens {
            let fault =
                [s.drop_after, s.malformed_after, s.stall_after, s.fail_after].contains(&Some(i));
            if fault && buffered > 0 {
                if !send(self.text(&buf, first)).await {
                    return None;
                }
                (first, buffered) = (false, 0);
                buf.clear();
                // Let that chunk reach the socket before the connection is torn down: a drop
                // loses what is in flight, and the test wants exactly the tokens sent.
                tokio::time::sleep(Duration::from_millis(30)).await;
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
            buf.push_str(word(i as usize));
            buffered += 1;
            if buffered == chunk || i + 1 == s.tokens {
                if !send(self.text(&buf, first)).await {
                    return None;
                }
                (first, buffered) = (false, 0);
                buf.clear();
            }
            if i + 1 < s.tokens {
                at += gap;
                sleep_until(at).await;
            }
        }
        let elapsed = self.t0.elapsed();
        if !send(self.ending(elapsed)).await {
            return None;
        }
        let completion = s.tokens + s.reasoning_tokens;
        Some(json!({
            "id": self.gen_id, "model": self.model, "provider_name": "MockCloud", "streamed": true, "cancelled": false,
            "latency": elapsed.as_millis() as u64, "generation_time": elapsed.as_millis() as u64 - s.ttft_ms.min(elapsed.as_millis() as u64),
            "finish_reason": "stop", "native_finish_reason": "stop",
            "tokens_prompt": self.prompt_tokens, "tokens_completion": completion,
            "native_tokens_prompt": self.prompt_tokens, "native_tokens_completion": completion,
            "native_tokens_reasoning": s.reasoning_tokens, "native_tokens_cached": 0,
            "total_cost": self.cost(), "usage": self.cost(), "is_byok": false
        }))
    }
}
