//! Model catalogs: OpenRouter's `/models` schema normalized into [`CatalogModel`].
//!
//! Prices on the wire are decimal strings in USD per token; we keep USD per million tokens,
//! the unit people compare. A variable price (OpenRouter's `"-1"` on router models) and a missing
//! one are explicit states, never 0.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::error::{ErrorCode, LlmError};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Price {
    /// USD per million tokens (0 is a real price: free models).
    PerMillion { usd: f64 },
    /// Decided per request (router models such as `openrouter/auto`).
    Variable,
    /// The catalog does not say.
    Unknown,
}

impl Price {
    /// Parses a per-token decimal string as OpenRouter sends it.
    pub fn from_per_token_str(s: Option<&str>) -> Self {
        let Some(s) = s.map(str::trim) else {
            return Self::Unknown;
        };
        match s.parse::<f64>() {
            Ok(v) if v < 0.0 => Self::Variable,
            // Round away binary noise (0.000001 * 1e6 = 0.9999999999999999).
            Ok(v) if v.is_finite() => Self::PerMillion {
                usd: (v * 1e6 * 1e6).round() / 1e6,
            },
            _ => Self::Unknown,
        }
    }

    pub fn per_token(self) -> Option<f64> {
        match self {
            Self::PerMillion { usd } => Some(usd / 1e6),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CatalogModel {
    pub id: String,
    pub name: String,
    pub context_length: Option<u32>,
    pub max_output_tokens: Option<u32>,
    pub prompt_price: Price,
    pub completion_price: Price,
    /// Unix seconds when the catalog listed the model (not its release date).
    #[ts(type = "number | null")]
    pub created: Option<i64>,
}

/// Parses the `{"data": [...]}` envelope of `GET /models`. Entries without an id are skipped;
/// a body that is not that envelope is a `malformed_response`.
pub fn parse_openrouter_models(body: &str) -> Result<Vec<CatalogModel>, LlmError> {
    let v: Value = serde_json::from_str(body).map_err(|e| {
        LlmError::new(
            ErrorCode::MalformedResponse,
            format!("The model list is not valid JSON: {e}"),
        )
    })?;
    let data = v.get("data").and_then(Value::as_array).ok_or_else(|| {
        LlmError::new(
            ErrorCode::MalformedResponse,
            "The model list has no `data` array; is the base URL an OpenRouter-compatible API?",
        )
    })?;
    let as_u32 = |v: Option<&Value>| {
        v.and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
    };
    Ok(data
        .iter()
        .filter_map(|m| {
            let id = m.get("id")?.as_str()?.to_owned();
            let name = m
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or(&id)
                .to_owned();
            let pricing = m.get("pricing");
            let price = |k: &str| {
                Price::from_per_token_str(pricing.and_then(|p| p.get(k)).and_then(Value::as_str))
            };
            Some(CatalogModel {
                name,
                context_length: as_u32(m.get("context_length")),
                max_output_tokens: as_u32(m.pointer("/top_provider/max_completion_tokens")),
                prompt_price: price("prompt"),
                completion_price: price("completion"),
                created: m.get("created").and_then(Value::as_i64),
                id,
            })
        })
        .collect())
}
