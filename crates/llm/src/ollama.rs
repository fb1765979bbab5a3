//! Ollama's native API: `POST {host}/api/chat` streaming NDJSON, `GET {host}/api/tags`.
//!
//! Mapping notes (`shared/docs/wire-formats.md` §5): parameters go in `options` (`num_predict` for
//! max tokens); reasoning is `think` (`true`/`false` or an effort among `low`/`medium`/`high`,
//! so `minimal` is sent as `low` with a note); thinking text arrives in
//! `message.thinking`; the last line has `done: true`, the counts (`prompt_eval_count`,
//! `eval_count`) and durations in nanoseconds. No key is needed; one is sent as a bearer token
//! when set, for servers behind an authenticating proxy.

use serde_json::{json, Value};

use crate::error::{ErrorCode, LlmError};
use crate::key::redact;
use crate::provider::Endpoint;
use crate::types::{
    BuiltRequest, ChatRequest, Effort, FinishReason, HttpRequest, ParamNote, Reasoning,
    StreamEvent, Usage,
};
use crate::wire::{self, u32_at, Auth};

fn headers(endpoint: &Endpoint, accept: &str) -> Vec<(String, String)> {
    wire::headers(endpoint, accept, Auth::Bearer)
}

pub fn build_chat_request(endpoint: &Endpoint, req: &ChatRequest) -> BuiltRequest {
    let p = &req.params;
    let mut notes = Vec::new();
    let mut options = serde_json::Map::new();
    if let Some(t) = p.temperature {
        options.insert("temperature".into(), json!(t));
    }
    if let Some(t) = p.top_p {
        options.insert("top_p".into(), json!(t));
    }
    if let Some(m) = p.max_tokens {
        options.insert("num_predict".into(), json!(m));
    }
    if let Some(s) = p.seed {
        options.insert("seed".into(), json!(s));
    }
    if !p.stop.is_empty() {
        options.insert("stop".into(), json!(p.stop));
    }
    let messages: Vec<Value> = req
        .messages
        .iter()
        .map(crate::attachment::wire_ollama)
        .collect();
    let mut body = json!({"model": req.model, "messages": messages, "stream": true});
    if !options.is_empty() {
        body["options"] = Value::Object(options);
    }
    match p.reasoning {
        None => {}
        Some(Reasoning::Off) => body["think"] = json!(false),
        // `think` takes true/false or "low"/"medium"/"high"/"max" (WF §5): it rejects "minimal".
        Some(Reasoning::Effort {
            effort: Effort::Minimal,
        }) => {
            notes.push(ParamNote::adapted(
                "reasoning",
                "Ollama has no minimal effort; sent as low, its smallest",
            ));
            body["think"] = json!(Effort::Low.as_str());
        }
        Some(Reasoning::Effort { effort }) => body["think"] = json!(effort.as_str()),
        Some(Reasoning::Budget { tokens }) => {
            notes.push(ParamNote::adapted(
                "reasoning",
                format!("Ollama has no thinking budget; thinking turned on without the {tokens}-token limit"),
            ));
            body["think"] = json!(true);
        }
    }
    notes.extend(wire::openrouter_only_notes(req, "Ollama"));
    let mut h = headers(endpoint, "application/x-ndjson");
    h.push(("Content-Type".into(), "application/json".into()));
    BuiltRequest {
        http: HttpRequest {
            url: endpoint.url("api/chat"),
            headers: h,
            body,
        },
        notes,
    }
}

pub fn build_models_request(endpoint: &Endpoint) -> HttpRequest {
    HttpRequest {
        url: endpoint.url("api/tags"),
        headers: headers(endpoint, "application/json"),
        body: Value::Null,
    }
}

#[derive(Debug, Default)]
pub struct StreamParser {
    started: bool,
    done: bool,
}

impl StreamParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds one NDJSON line.
    pub fn feed(&mut self, line: &str) -> Vec<StreamEvent> {
        if self.done || line.trim().is_empty() {
            return vec![];
        }
        let v = match wire::parse_chunk("Ollama", line) {
            Ok(v) => v,
            Err(e) => return vec![StreamEvent::Failed(e)],
        };
        let mut out = Vec::new();
        if let Some(msg) = v.get("error").and_then(Value::as_str) {
            self.done = true;
            out.push(StreamEvent::Failed(LlmError::new(
                ErrorCode::ProviderError,
                format!("Ollama failed while streaming: {msg}"),
            )));
            return out;
        }
        if !self.started {
            self.started = true;
            out.push(StreamEvent::Started {
                generation_id: None,
                served_model: v.get("model").and_then(Value::as_str).map(str::to_owned),
            });
        }
        let text = |k: &str| {
            v.pointer(&format!("/message/{k}"))
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
        };
        if let Some(t) = text("thinking") {
            out.push(StreamEvent::ReasoningDelta(t.to_owned()));
        }
        if let Some(t) = text("content") {
            out.push(StreamEvent::TextDelta(t.to_owned()));
        }
        if v.get("done").and_then(Value::as_bool) == Some(true) {
            self.done = true;
            let mut raw = serde_json::Map::new();
            for k in [
                "prompt_eval_count",
                "eval_count",
                "total_duration",
                "load_duration",
                "prompt_eval_duration",
                "eval_duration",
            ] {
                if let Some(x) = v.get(k) {
                    raw.insert(k.into(), x.clone());
                }
            }
            // Nanoseconds: a cold model load, not the model's speed.
            if let Some(ns) = v.get("load_duration").and_then(Value::as_u64) {
                out.push(StreamEvent::ModelLoad { ms: ns / 1_000_000 });
            }
            out.push(StreamEvent::Usage {
                usage: Usage {
                    input_tokens: u32_at(&v, "prompt_eval_count"),
                    output_tokens: u32_at(&v, "eval_count"),
                    // Local inference costs no money: a real zero, not an unknown.
                    cost_usd: Some(0.0),
                    ..Usage::default()
                },
                raw: Value::Object(raw),
            });
            let native = v
                .get("done_reason")
                .and_then(Value::as_str)
                .unwrap_or("stop")
                .to_owned();
            out.push(StreamEvent::Finished {
                reason: FinishReason::from_openai(&native),
                native_reason: Some(native),
            });
        }
        out
    }

    pub fn finish_at_eof(&mut self) -> Option<StreamEvent> {
        if self.done {
            return None;
        }
        self.done = true;
        Some(StreamEvent::Failed(LlmError::new(
            ErrorCode::StreamInterrupted,
            "The connection closed before Ollama sent its final `done` line.",
        )))
    }
}

pub fn classify_http_error(endpoint: &Endpoint, status: u16, body: &str) -> LlmError {
    let v: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let msg = v
        .get("error")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| {
            if body.trim().is_empty() {
                "no details given".into()
            } else {
                body.chars().take(200).collect()
            }
        });
    let code = wire::code_for_status(status);
    let hint = if code == ErrorCode::ModelNotFound {
        " — pull it first with `ollama pull <model>`"
    } else {
        ""
    };
    let mut e = LlmError::new(
        code,
        format!(
            "{} (HTTP {status}): {}{hint}",
            endpoint.name,
            redact(&msg, endpoint.api_key.as_ref())
        ),
    );
    e.http_status = Some(status);
    e
}

/// Parses `GET /api/tags`. Local models cost nothing: price 0, not unknown.
pub fn parse_models(body: &str) -> Result<Vec<crate::CatalogModel>, LlmError> {
    let models = wire::model_entries("Ollama", body, "models")?;
    Ok(models
        .iter()
        .filter_map(|m| {
            let id = m
                .get("name")
                .or_else(|| m.get("model"))?
                .as_str()?
                .to_owned();
            let size = m.pointer("/details/parameter_size").and_then(Value::as_str);
            let quant = m
                .pointer("/details/quantization_level")
                .and_then(Value::as_str);
            let name = match (size, quant) {
                (Some(s), Some(q)) => format!("{id} ({s}, {q})"),
                _ => id.clone(),
            };
            let mut model = crate::CatalogModel::bare(crate::ProviderKind::Ollama, id, name);
            model.local = Some(crate::catalog::LocalModel {
                size_bytes: m.get("size").and_then(Value::as_u64),
                parameter_size: size.map(str::to_owned),
                quantization: quant.map(str::to_owned),
            });
            // Local inference costs no money: real zeros, not unknowns.
            let free = crate::Price::Usd { usd: 0.0 };
            model.prompt_price = free;
            model.completion_price = free;
            model.reasoning_price = free;
            model.request_price = free;
            Some(model)
        })
        .collect())
}
