//! One entry point per operation, dispatched on [`ProviderKind`] to the adapter that speaks that
//! wire format. The engine talks to this module only; adding a provider means adding an arm here.

use crate::error::LlmError;
use crate::provider::{Endpoint, ProviderKind};
use crate::types::{BuiltRequest, ChatRequest, HttpRequest, StreamEvent};
use crate::{anthropic, catalog, gemini, ollama, openai_compat, CatalogModel};

/// How a provider frames its stream on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// Server-sent events (comments, `event:` names, multi-line `data:`).
    Sse,
    /// One JSON object per line.
    Ndjson,
    /// Gemini's SSE (one `data:` line per event, LF or CRLF), which can also carry an error as
    /// bare, possibly multi-line JSON without `data:` (wire-formats §4): that JSON is one unit.
    GeminiSse,
}

pub fn framing(kind: ProviderKind) -> Framing {
    match kind {
        ProviderKind::Ollama => Framing::Ndjson,
        ProviderKind::Gemini => Framing::GeminiSse,
        _ => Framing::Sse,
    }
}

pub fn build_chat_request(endpoint: &Endpoint, req: &ChatRequest) -> BuiltRequest {
    match endpoint.kind {
        ProviderKind::OpenRouter
        | ProviderKind::OpenAi
        | ProviderKind::Compatible
        | ProviderKind::Demo => openai_compat::build_chat_request(endpoint, req),
        ProviderKind::Anthropic => anthropic::build_chat_request(endpoint, req),
        ProviderKind::Gemini => gemini::build_chat_request(endpoint, req),
        ProviderKind::Ollama => ollama::build_chat_request(endpoint, req),
    }
}

pub fn build_models_request(endpoint: &Endpoint) -> HttpRequest {
    match endpoint.kind {
        ProviderKind::OpenRouter
        | ProviderKind::OpenAi
        | ProviderKind::Compatible
        | ProviderKind::Demo => openai_compat::build_models_request(endpoint),
        ProviderKind::Anthropic => anthropic::build_models_request(endpoint),
        ProviderKind::Gemini => gemini::build_models_request(endpoint),
        ProviderKind::Ollama => ollama::build_models_request(endpoint),
    }
}

pub fn parse_models(kind: ProviderKind, body: &str) -> Result<Vec<CatalogModel>, LlmError> {
    match kind {
        // OpenAI's and compatible servers' lists are OpenRouter's schema minus the prices,
        // which then read as unknown.
        ProviderKind::OpenRouter
        | ProviderKind::OpenAi
        | ProviderKind::Compatible
        | ProviderKind::Demo => catalog::parse_openai_style_models(kind, body),
        ProviderKind::Anthropic => anthropic::parse_models(body),
        ProviderKind::Gemini => gemini::parse_models(body),
        ProviderKind::Ollama => ollama::parse_models(body),
    }
}

/// Turns a non-2xx response into an error. `retry_after` is the `Retry-After` header, if any.
pub fn classify_http_error(
    endpoint: &Endpoint,
    status: u16,
    retry_after: Option<&str>,
    body: &str,
) -> LlmError {
    match endpoint.kind {
        ProviderKind::OpenRouter
        | ProviderKind::OpenAi
        | ProviderKind::Compatible
        | ProviderKind::Demo => {
            openai_compat::classify_http_error(endpoint, status, retry_after, body)
        }
        ProviderKind::Anthropic => {
            anthropic::classify_http_error(endpoint, status, retry_after, body)
        }
        ProviderKind::Gemini => gemini::classify_http_error(endpoint, status, retry_after, body),
        ProviderKind::Ollama => {
            let mut e = ollama::classify_http_error(endpoint, status, body);
            e.retry_after_ms = crate::error::parse_retry_after(retry_after);
            e
        }
    }
}

/// The stream parser for one answer.
#[derive(Debug)]
pub enum StreamDecoder {
    OpenAi(openai_compat::StreamParser),
    Anthropic(anthropic::StreamParser),
    Gemini(gemini::StreamParser),
    Ollama(ollama::StreamParser),
}

impl StreamDecoder {
    pub fn new(kind: ProviderKind) -> Self {
        match kind {
            ProviderKind::OpenRouter
            | ProviderKind::OpenAi
            | ProviderKind::Compatible
            | ProviderKind::Demo => Self::OpenAi(openai_compat::StreamParser::new()),
            ProviderKind::Anthropic => Self::Anthropic(anthropic::StreamParser::new()),
            ProviderKind::Gemini => Self::Gemini(gemini::StreamParser::new()),
            ProviderKind::Ollama => Self::Ollama(ollama::StreamParser::new()),
        }
    }

    /// Feeds one framed unit: an SSE event (`event` name, `data`), or an NDJSON line as `data`.
    pub fn feed(&mut self, event: &str, data: &str) -> Vec<StreamEvent> {
        match self {
            Self::OpenAi(p) => p.feed(data),
            Self::Anthropic(p) => p.feed(event, data),
            Self::Gemini(p) => p.feed(data),
            Self::Ollama(p) => p.feed(data),
        }
    }

    /// The connection closed: either the answer was complete or it was cut.
    pub fn finish_at_eof(&mut self) -> Option<StreamEvent> {
        match self {
            Self::OpenAi(p) => p.finish_at_eof(),
            Self::Anthropic(p) => p.finish_at_eof(),
            Self::Gemini(p) => p.finish_at_eof(),
            Self::Ollama(p) => p.finish_at_eof(),
        }
    }
}
