//! What callers send in (a spec) and get back while it runs (events). Both cross the IPC
//! boundary, so their TypeScript twins are generated from here.

use parallax_llm::{Message, ParamNote, Params, ProviderKind, Routing};
use parallax_store::{ComparisonRecord, SlotRecord};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One model to ask, on one provider, with its own parameters. Prices (USD per million tokens,
/// from the catalog) let the engine compute a cost when the provider reports tokens but no
/// billed cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Target {
    #[serde(default = "openrouter")]
    pub provider: ProviderKind,
    /// For `compatible` targets: the name of the custom endpoint.
    #[serde(default)]
    pub endpoint: Option<String>,
    pub model: String,
    #[serde(default)]
    pub params: Params,
    /// Models tried in order when this one fails before answering (OpenRouter: its `models`).
    #[serde(default)]
    pub fallback_models: Vec<String>,
    /// OpenRouter's provider routing.
    #[serde(default)]
    pub routing: Routing,
    #[serde(default)]
    pub prompt_price_per_m: Option<f64>,
    #[serde(default)]
    pub completion_price_per_m: Option<f64>,
}

fn openrouter() -> ProviderKind {
    ProviderKind::OpenRouter
}

impl Target {
    /// An OpenRouter target with default parameters.
    pub fn model(model: impl Into<String>) -> Self {
        Self::on(ProviderKind::OpenRouter, model)
    }

    pub fn on(provider: ProviderKind, model: impl Into<String>) -> Self {
        Self {
            provider,
            endpoint: None,
            model: model.into(),
            params: Params::default(),
            fallback_models: Vec::new(),
            routing: Routing::default(),
            prompt_price_per_m: None,
            completion_price_per_m: None,
        }
    }

    /// Where this target is sent, as stored with the slot: `openrouter`, or `compatible:<name>`.
    pub fn provider_label(&self) -> String {
        match (&self.provider, &self.endpoint) {
            (ProviderKind::Compatible, Some(name)) => format!("compatible:{name}"),
            (kind, _) => kind.as_str().to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ComparisonSpec {
    pub prompt: String,
    #[serde(default)]
    pub system: Option<String>,
    /// One slot per target; the same model may appear more than once.
    pub targets: Vec<Target>,
}

impl ComparisonSpec {
    pub fn messages(&self) -> Vec<Message> {
        let mut m = Vec::with_capacity(2);
        if let Some(s) = self.system.as_deref().filter(|s| !s.trim().is_empty()) {
            m.push(Message::system(s));
        }
        m.push(Message::user(&self.prompt));
        m
    }
}

/// Progress of a running comparison. `slot` is the slot's index (its column).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ComparisonEvent {
    /// Saved; every slot is `pending`.
    Created {
        comparison: ComparisonRecord,
    },
    /// The request for this slot was written; `notes` lists parameters the provider could not
    /// take as given.
    SlotStarted {
        slot: u32,
        notes: Vec<ParamNote>,
    },
    /// First visible text arrived.
    FirstToken {
        slot: u32,
        #[ts(type = "number")]
        ttft_ms: u64,
    },
    /// Text appended since the previous `text` event for this slot.
    Text {
        slot: u32,
        text: String,
    },
    Reasoning {
        slot: u32,
        text: String,
    },
    /// The slot reached its final state (done, failed or cancelled), with every metric.
    SlotFinished {
        slot: u32,
        record: Box<SlotRecord>,
    },
    Finished {
        comparison_id: String,
    },
}
