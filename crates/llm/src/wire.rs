//! Small pieces every adapter needs, written once: headers, JSON chunk parsing, count reading,
//! the notes for OpenRouter-only options, and the status-code fallback for errors.

use serde_json::Value;

use crate::error::{ErrorCode, LlmError};
use crate::provider::Endpoint;
use crate::types::{ChatRequest, Message, ParamNote, Role};

/// How a provider wants its key.
pub(crate) enum Auth {
    /// `Authorization: Bearer <key>` (OpenAI-style, Ollama behind a proxy).
    Bearer,
    /// The key as the value of a named header (`x-api-key`, `x-goog-api-key`).
    Header(&'static str),
}

/// Accept, identity encoding (tokens must not wait for a compressor), the key, extra headers.
pub(crate) fn headers(endpoint: &Endpoint, accept: &str, auth: Auth) -> Vec<(String, String)> {
    let mut h = vec![
        ("Accept".into(), accept.into()),
        ("Accept-Encoding".into(), "identity".into()),
    ];
    if let Some(k) = &endpoint.api_key {
        match (auth, &endpoint.key_header) {
            // A custom endpoint that names its key's header is sent it there, as it is.
            (Auth::Bearer, Some(name)) => h.push((name.clone(), k.expose().to_owned())),
            (Auth::Bearer, None) => {
                h.push(("Authorization".into(), format!("Bearer {}", k.expose())))
            }
            (Auth::Header(name), _) => h.push((name.into(), k.expose().to_owned())),
        }
    }
    h.extend(endpoint.extra_headers.iter().cloned());
    h
}

/// The strings of a JSON array (non-strings skipped); empty when absent or not an array.
pub(crate) fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

pub(crate) fn u32_at(v: &Value, key: &str) -> Option<u32> {
    v.get(key)
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
}

/// Parses one stream unit; a broken one becomes a `malformed_response` naming the provider and
/// quoting the start of what it sent.
pub(crate) fn parse_chunk(provider: &str, text: &str) -> Result<Value, LlmError> {
    serde_json::from_str(text.trim()).map_err(|e| {
        let preview: String = text.chars().take(120).collect();
        LlmError::new(
            ErrorCode::MalformedResponse,
            format!("{provider} sent a chunk that is not valid JSON ({e}): {preview}"),
        )
    })
}

/// Routing and fallback lists are OpenRouter features; elsewhere they are reported, not sent.
pub(crate) fn openrouter_only_notes(req: &ChatRequest, provider: &str) -> Vec<ParamNote> {
    let mut notes = Vec::new();
    if !req.routing.is_empty() {
        notes.push(ParamNote::dropped(
            "routing",
            format!("provider routing is an OpenRouter feature; {provider} ignores it"),
        ));
    }
    if !req.fallback_models.is_empty() {
        notes.push(ParamNote::dropped(
            "fallback_models",
            format!("{provider} has no native fallback list; the engine tries fallbacks itself"),
        ));
    }
    notes
}

/// The code an HTTP status implies when the body says nothing more specific.
pub(crate) fn code_for_status(status: u16) -> ErrorCode {
    match status {
        401 | 403 => ErrorCode::Unauthorized,
        402 => ErrorCode::InsufficientCredits,
        404 => ErrorCode::ModelNotFound,
        408 | 504 | 524 => ErrorCode::Timeout,
        429 => ErrorCode::RateLimited,
        502 | 503 | 529 => ErrorCode::ProviderOverloaded,
        400..=499 => ErrorCode::BadRequest,
        _ => ErrorCode::ProviderError,
    }
}

/// The entries of a model-list response (`{"<key>": [...]}`), or a `malformed_response` that
/// names the provider and says what was wrong.
pub(crate) fn model_entries(provider: &str, body: &str, key: &str) -> Result<Vec<Value>, LlmError> {
    let v: Value = serde_json::from_str(body).map_err(|e| {
        LlmError::new(
            ErrorCode::MalformedResponse,
            format!("{provider}'s model list is not valid JSON: {e}"),
        )
    })?;
    match v.get(key) {
        Some(Value::Array(a)) => Ok(a.clone()),
        _ => Err(LlmError::new(
            ErrorCode::MalformedResponse,
            format!("{provider}'s model list has no `{key}` array; is the base URL right?"),
        )),
    }
}

/// For providers that take the system prompt apart from the conversation (Anthropic's `system`,
/// Gemini's `systemInstruction`): every system message joined by a blank line (`None` when there
/// is none), and the other messages in order.
pub(crate) fn split_system(messages: &[Message]) -> (Option<String>, Vec<&Message>) {
    let system: Vec<&str> = messages
        .iter()
        .filter(|m| m.role == Role::System)
        .map(|m| m.content.as_str())
        .collect();
    let rest = messages.iter().filter(|m| m.role != Role::System).collect();
    ((!system.is_empty()).then(|| system.join("\n\n")), rest)
}
