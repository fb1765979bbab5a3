//! How many requests may be in flight at once: globally, and per provider (a server on this
//! machine — Ollama, or a custom endpoint on loopback — runs one model at a time, so it defaults
//! to one). Slots beyond a limit wait, and say `queued`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use parallax_llm::Endpoint;
use tokio::sync::Semaphore;

use crate::EngineConfig;

pub(crate) struct Limits {
    pub global: Arc<Semaphore>,
    per_provider: Mutex<HashMap<String, Arc<Semaphore>>>,
    config: HashMap<String, usize>,
}

impl Limits {
    pub fn new(config: &EngineConfig) -> Self {
        Self {
            global: Arc::new(Semaphore::new(config.global_concurrency.max(1))),
            per_provider: Mutex::default(),
            config: config.provider_concurrency.clone(),
        }
    }

    /// The semaphore for one provider (by label: `ollama`, `compatible:lab`…).
    pub fn for_provider(&self, endpoint: &Endpoint, label: &str) -> Arc<Semaphore> {
        let kind = &endpoint.kind;
        let mut map = self.per_provider.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(label.to_owned())
            .or_insert_with(|| {
                let n = self
                    .config
                    .get(label)
                    .or_else(|| self.config.get(kind.as_str()))
                    .copied();
                let default = if endpoint.is_local() {
                    1
                } else {
                    crate::MAX_SLOTS
                };
                Arc::new(Semaphore::new(n.unwrap_or(default).max(1)))
            })
            .clone()
    }
}

/// Cancels a whole run or one slot of it. Cheap to clone; hand a clone to whoever shows a Stop
/// button.
#[derive(Clone, Default)]
pub struct RunControl {
    all: tokio_util::sync::CancellationToken,
    slots: Arc<Mutex<HashMap<u32, tokio_util::sync::CancellationToken>>>,
    /// Why the whole run was stopped, when it was not a person's choice (a budget cap).
    reason: Arc<Mutex<Option<String>>>,
}

impl RunControl {
    pub fn new() -> Self {
        Self::default()
    }

    /// Stops every slot; partial answers are kept as `cancelled`.
    pub fn cancel(&self) {
        self.all.cancel();
    }

    /// Stops every slot and says why in each stopped slot's message.
    pub fn cancel_because(&self, reason: impl Into<String>) {
        *self.reason.lock().unwrap_or_else(|p| p.into_inner()) = Some(reason.into());
        self.all.cancel();
    }

    pub(crate) fn reason(&self) -> Option<String> {
        self.reason
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Whether the whole run was stopped (by a person or a budget cap).
    pub fn is_cancelled(&self) -> bool {
        self.all.is_cancelled()
    }

    /// Why the run was stopped when it was not a person's choice.
    pub fn stop_reason(&self) -> Option<String> {
        self.reason()
    }

    /// Stops one slot; the others go on.
    pub fn cancel_slot(&self, slot: u32) {
        self.token(slot).cancel();
    }

    pub(crate) fn token(&self, slot: u32) -> tokio_util::sync::CancellationToken {
        let mut map = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(slot)
            .or_insert_with(|| self.all.child_token())
            .clone()
    }
}
