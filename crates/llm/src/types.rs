//! The normalized model every adapter maps to and from: messages, requests, usage, stream events.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::attachment::Attachment;
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
    /// Files sent with a user message (images, PDFs, text); see [`crate::attachment`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<Attachment>>")]
    pub attachments: Vec<Attachment>,
}

impl Message {
    pub fn system(content: impl Into<String>) -> Self {
        Self::new(Role::System, content)
    }
    pub fn user(content: impl Into<String>) -> Self {
        Self::new(Role::User, content)
    }
    pub fn new(role: Role, content: impl Into<String>) -> Self {
        Self {
            role,
            content: content.into(),
            attachments: Vec::new(),
        }
    }
}

/// How much a model should reason before answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reasoning {
    /// Ask for no reasoning where the provider allows turning it off.
    Off,
    Effort {
        effort: Effort,
    },
    /// A budget in tokens (Anthropic's `budget_tokens`, Gemini's `thinkingBudget`).
    Budget {
        tokens: u32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Effort {
    Minimal,
    Low,
    Medium,
    High,
}

impl Effort {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Minimal => "minimal",
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }

    /// The budget an effort maps to where a provider only takes budgets. Documented in the UI.
    pub fn as_budget(self) -> u32 {
        match self {
            Self::Minimal => 1024,
            Self::Low => 2048,
            Self::Medium => 8192,
            Self::High => 24576,
        }
    }
}

/// Sampling and length parameters, each optional: unset means "the provider's default".
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Params {
    #[ts(optional = nullable)]
    pub temperature: Option<f64>,
    #[ts(optional = nullable)]
    pub top_p: Option<f64>,
    #[ts(optional = nullable)]
    pub max_tokens: Option<u32>,
    #[ts(type = "number | null", optional)]
    pub seed: Option<u64>,
    #[ts(as = "Option<Vec<String>>", optional)]
    pub stop: Vec<String>,
    #[ts(optional = nullable)]
    pub reasoning: Option<Reasoning>,
}

/// OpenRouter's `provider.sort`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RoutingSort {
    Price,
    Throughput,
    Latency,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DataCollection {
    Allow,
    Deny,
}

/// OpenRouter's routing preferences (its `provider` object). Empty means "OpenRouter decides".
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Routing {
    /// Provider slugs to try first, in order.
    #[ts(as = "Option<Vec<String>>", optional)]
    pub order: Vec<String>,
    #[ts(optional = nullable)]
    pub allow_fallbacks: Option<bool>,
    #[ts(optional = nullable)]
    pub sort: Option<RoutingSort>,
    #[ts(as = "Option<Vec<String>>", optional)]
    pub only: Vec<String>,
    #[ts(as = "Option<Vec<String>>", optional)]
    pub ignore: Vec<String>,
    /// Hard price caps in USD per million tokens.
    #[ts(optional = nullable)]
    pub max_prompt_price_per_m: Option<f64>,
    #[ts(optional = nullable)]
    pub max_completion_price_per_m: Option<f64>,
    #[ts(optional = nullable)]
    pub data_collection: Option<DataCollection>,
}

impl Routing {
    pub fn is_empty(&self) -> bool {
        *self == Routing::default()
    }
}

/// One chat request to one model, before any provider-specific mapping.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChatRequest {
    pub model: String,
    pub messages: Vec<Message>,
    pub params: Params,
    /// OpenRouter only: models tried in order when the previous one fails (its `models` list).
    pub fallback_models: Vec<String>,
    /// OpenRouter only.
    pub routing: Routing,
}

/// A parameter the provider cannot take as given: dropped or adapted, never silently.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ParamNote {
    pub param: String,
    /// Whether the parameter was left out (`true`) or sent in an adapted form (`false`).
    pub dropped: bool,
    pub message: String,
}

impl ParamNote {
    pub fn dropped(param: &str, message: impl Into<String>) -> Self {
        Self {
            param: param.to_owned(),
            dropped: true,
            message: message.into(),
        }
    }
    pub fn adapted(param: &str, message: impl Into<String>) -> Self {
        Self {
            param: param.to_owned(),
            dropped: false,
            message: message.into(),
        }
    }
}

/// A request ready to send, with what had to be dropped or adapted to fit the provider.
#[derive(Debug, Clone, PartialEq)]
pub struct BuiltRequest {
    pub http: HttpRequest,
    pub notes: Vec<ParamNote>,
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
    /// What the person pays for this request in total, in USD, when the provider says so
    /// (OpenRouter's `usage.cost`, plus `cost_details.upstream_inference_cost` for BYOK).
    pub cost_usd: Option<f64>,
    /// OpenRouter bring-your-own-key: the part of `cost_usd` the upstream provider charged to
    /// the person's own key (`cost_details.upstream_inference_cost`); the rest is OpenRouter's
    /// fee. `None` when the request was not BYOK or the provider did not say.
    #[serde(default)]
    pub byok_upstream_usd: Option<f64>,
}

/// Why generation stopped, normalized across providers. The provider's own word is kept beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FinishReason {
    Stop,
    Length,
    ToolCalls,
    ContentFilter,
    /// The model declined to answer (OpenAI `refusal`, Anthropic `stop_reason: refusal`).
    Refusal,
    Error,
    Other,
}

impl FinishReason {
    pub fn from_openai(s: &str) -> Self {
        match s {
            "stop" | "end_turn" | "stop_sequence" => Self::Stop,
            "length" | "max_tokens" => Self::Length,
            "tool_calls" | "function_call" | "tool_use" => Self::ToolCalls,
            "content_filter" => Self::ContentFilter,
            "refusal" => Self::Refusal,
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
    /// A local server's own timing: how long it spent loading the model (Ollama's
    /// `load_duration`), inside the time to first token.
    ModelLoad {
        ms: u64,
    },
    Failed(LlmError),
}
