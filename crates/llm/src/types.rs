//! The normalized model every adapter maps to and from: messages, requests, usage, stream events.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::LlmError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    System,
    User,
    Assistant,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Message {
    pub role: Role,
    pub content: String,
}

impl Message {
    pub fn system(content: impl Into<String>) -> Self {
        Self {
            role: Role::System,
            content: content.into(),
        }
    }
    pub fn user(content: impl Into<String>) -> Self {
        Self {
            role: Role::User,
            content: content.into(),
        }
    }
}

/// One chat request to one model, before any provider-specific mapping.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChatRequest {
    pub model: String,
    pub messages: Vec<Message>,
    pub max_tokens: Option<u32>,
    pub temperature: Option<f32>,
}

/// A fully built HTTP request: what the engine sends, byte for byte.
///
/// `Debug` is hand-written so that header values (which carry the key) never print.
#[derive(Clone, PartialEq)]
pub struct HttpRequest {
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: serde_json::Value,
}

impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("HttpRequest")
            .field("url", &self.url)
            .field("header_names", &names)
            .field("body", &self.body)
            .finish()
    }
}

/// Token usage as the provider reported it. Every count is optional: unknown is `None`, never 0.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
pub struct Usage {
    pub input_tokens: Option<u32>,
    pub output_tokens: Option<u32>,
    /// Reasoning share of `output_tokens` (already included in it).
    pub reasoning_tokens: Option<u32>,
    pub cache_read_tokens: Option<u32>,
    pub cache_write_tokens: Option<u32>,
    /// What the provider billed for this request, in USD, when it says so (OpenRouter's `usage.cost`).
    pub cost_usd: Option<f64>,
}

/// Why generation stopped, normalized across providers. The provider's own word is kept beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FinishReason {
    Stop,
    Length,
    ToolCalls,
    ContentFilter,
    Error,
    Other,
}

impl FinishReason {
    pub fn from_openai(s: &str) -> Self {
        match s {
            "stop" | "end_turn" | "stop_sequence" => Self::Stop,
            "length" | "max_tokens" => Self::Length,
            "tool_calls" | "function_call" | "tool_use" => Self::ToolCalls,
            "content_filter" | "refusal" => Self::ContentFilter,
            "error" => Self::Error,
            _ => Self::Other,
        }
    }
}

/// What a parser yields while reading one answer's stream.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamEvent {
    /// The provider's id for this generation (e.g. OpenRouter's `gen-…`).
    Started {
        generation_id: Option<String>,
        served_model: Option<String>,
    },
    ReasoningDelta(String),
    TextDelta(String),
    /// Usage replaces, never adds to, any usage seen before: providers repeat it.
    Usage {
        usage: Usage,
        raw: serde_json::Value,
    },
    Finished {
        reason: FinishReason,
        native_reason: Option<String>,
    },
    Failed(LlmError),
}
