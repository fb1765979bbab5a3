//! One error type for every provider, with stable codes that cross the IPC boundary unchanged.
//!
//! The message keeps the provider's own words (redacted of keys) behind a sentence a person can
//! act on; callers branch on [`ErrorCode`], never on the message.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Unauthorized,
    InsufficientCredits,
    RateLimited,
    ContextLengthExceeded,
    Moderation,
    ModelNotFound,
    BadRequest,
    /// The model (or every provider of it) cannot take what was attached: an image to a model
    /// that reads text only, a PDF where PDFs are not taken, a file too large for it.
    UnsupportedInput,
    /// A file the prompt names is not in this history any more (an import keeps only the bytes
    /// its export carried): nothing was sent, and no other model would fare better.
    FileMissing,
    ProviderOverloaded,
    ProviderError,
    Timeout,
    Network,
    StreamInterrupted,
    MalformedResponse,
    Cancelled,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unauthorized => "unauthorized",
            Self::InsufficientCredits => "insufficient_credits",
            Self::RateLimited => "rate_limited",
            Self::ContextLengthExceeded => "context_length_exceeded",
            Self::Moderation => "moderation",
            Self::ModelNotFound => "model_not_found",
            Self::BadRequest => "bad_request",
            Self::UnsupportedInput => "unsupported_input",
            Self::FileMissing => "file_missing",
            Self::ProviderOverloaded => "provider_overloaded",
            Self::ProviderError => "provider_error",
            Self::Timeout => "timeout",
            Self::Network => "network",
            Self::StreamInterrupted => "stream_interrupted",
            Self::MalformedResponse => "malformed_response",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        ALL_CODES.iter().copied().find(|c| c.as_str() == s)
    }

    /// Whether sending the same request again may succeed.
    pub fn retryable(self) -> bool {
        matches!(
            self,
            Self::RateLimited
                | Self::ProviderOverloaded
                | Self::ProviderError
                | Self::Timeout
                | Self::Network
                | Self::StreamInterrupted
        )
    }
}

pub const ALL_CODES: [ErrorCode; 16] = [
    ErrorCode::Unauthorized,
    ErrorCode::InsufficientCredits,
    ErrorCode::RateLimited,
    ErrorCode::ContextLengthExceeded,
    ErrorCode::Moderation,
    ErrorCode::ModelNotFound,
    ErrorCode::BadRequest,
    ErrorCode::UnsupportedInput,
    ErrorCode::FileMissing,
    ErrorCode::ProviderOverloaded,
    ErrorCode::ProviderError,
    ErrorCode::Timeout,
    ErrorCode::Network,
    ErrorCode::StreamInterrupted,
    ErrorCode::MalformedResponse,
    ErrorCode::Cancelled,
];

#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize, TS)]
#[error("{message}")]
pub struct LlmError {
    pub code: ErrorCode,
    /// For a person: what happened and, where it helps, what to do. Never contains a key.
    pub message: String,
    /// The HTTP status the provider answered with, when there was one.
    pub http_status: Option<u16>,
    /// How long the provider asked us to wait before retrying, in milliseconds.
    #[ts(type = "number | null")]
    pub retry_after_ms: Option<u64>,
}

impl LlmError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            http_status: None,
            retry_after_ms: None,
        }
    }

    pub fn retryable(&self) -> bool {
        self.code.retryable()
    }
}

/// Parses a retry hint: `Retry-After` in seconds (what every provider here sends) or, for
/// `retry-after-ms`, milliseconds when the value ends in `ms`. An HTTP date is not used by these
/// providers and yields `None` (the engine then backs off exponentially).
pub fn parse_retry_after(header: Option<&str>) -> Option<u64> {
    let h = header?.trim();
    if let Some(ms) = h.strip_suffix("ms") {
        return ms
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| *v >= 0.0)
            .map(|v| v as u64);
    }
    h.parse::<f64>()
        .ok()
        .filter(|v| *v >= 0.0)
        .map(|s| (s * 1000.0) as u64)
}

/// Gemini's `RetryInfo.retryDelay` ("41s", "1.5s").
pub fn parse_duration_seconds(s: &str) -> Option<u64> {
    s.trim()
        .strip_suffix('s')?
        .parse::<f64>()
        .ok()
        .filter(|v| *v >= 0.0)
        .map(|v| (v * 1000.0) as u64)
}
