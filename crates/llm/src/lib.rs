//! parallax-llm — the one place that knows provider wire formats.
//!
//! Invariants:
//! - Everything here is pure: request building returns an [`HttpRequest`] value and stream
//!   parsing consumes already-framed events. The engine owns all I/O, so every parser can be
//!   tested with plain strings.
//! - Unknown is `None`, never 0: token counts and costs the provider did not report stay unset.
//! - No API key ever appears in a `Debug` output, an error message or a log line
//!   (see [`key::ApiKey`] and [`key::redact`]).

pub mod adapter;
pub mod anthropic;
pub mod attachment;
pub mod catalog;
pub mod error;
pub mod gemini;
pub mod key;
pub mod ollama;
pub mod openai_compat;
pub mod openrouter;
pub mod pricing;
pub mod provider;
pub mod types;
mod wire;

pub use attachment::{Attachment, AttachmentError, AttachmentKind};
pub use catalog::{CatalogModel, LocalModel, Price, PriceOverride};
pub use error::{ErrorCode, LlmError};
pub use key::ApiKey;
pub use provider::{Endpoint, EndpointRef, ProviderKind};
pub use types::{
    BuiltRequest, ChatRequest, DataCollection, Effort, FinishReason, HttpRequest, Message,
    ParamNote, Params, Reasoning, Role, Routing, RoutingSort, StreamEvent, Usage,
};
