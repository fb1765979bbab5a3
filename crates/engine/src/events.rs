//! What callers send in (a spec) and get back while it runs (events). Both cross the IPC
//! boundary, so their TypeScript twins are generated from here.

use parallax_llm::Message;
use parallax_store::{ComparisonRecord, SlotRecord};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One model to ask. Prices (USD per million tokens, from the catalog) let the engine compute
/// a cost when the provider reports tokens but no billed cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Target {
    pub model: String,
    #[serde(default)]
    pub prompt_price_per_m: Option<f64>,
    #[serde(default)]
    pub completion_price_per_m: Option<f64>,
}

impl Target {
    pub fn model(model: impl Into<String>) -> Self {
        Self {
            model: model.into(),
            prompt_price_per_m: None,
            completion_price_per_m: None,
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
    /// The request for this slot was written.
    SlotStarted {
        slot: u32,
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
