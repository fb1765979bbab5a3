//! Partial text on its way to the database, written by one thread off the async runtime.
//!
//! SQLite writes are synchronous. Done on Tokio's workers, a partial flush of one slot would
//! hold up another slot's first token (at 128 slots, all flushing as their first tokens arrive,
//! that was milliseconds of TTFT error). Here slots only send a copy of their text; one thread
//! writes whatever has queued up in one transaction, keeping only the latest text per slot.
//!
//! Invariant: the final save of a slot does not go through here, and the store ignores a
//! partial save for a finished slot, so order between the two never matters.

use std::sync::mpsc;

use parallax_store::{PartialAnswer, Store};

/// Most partial saves written in one transaction.
const MAX_BATCH: usize = 512;

#[derive(Clone)]
pub(crate) struct PartialWriter {
    tx: mpsc::Sender<PartialAnswer>,
}

impl PartialWriter {
    /// Starts the writer thread; it ends when the last handle is dropped.
    pub fn spawn(store: Store) -> Self {
        let (tx, rx) = mpsc::channel::<PartialAnswer>();
        std::thread::Builder::new()
            .name("parallax-partials".into())
            .spawn(move || {
                while let Ok(first) = rx.recv() {
                    let mut batch = vec![first];
                    while batch.len() < MAX_BATCH {
                        match rx.try_recv() {
                            Ok(more) => batch.push(more),
                            Err(_) => break,
                        }
                    }
                    // Latest text per slot only.
                    let mut seen = std::collections::HashSet::new();
                    batch.reverse();
                    batch.retain(|p| seen.insert(p.slot_id.clone()));
                    // A failed partial save loses nothing the final save will not write.
                    let _ = store.save_partials(&batch);
                }
            })
            .expect("the OS starts a thread");
        Self { tx }
    }

    pub fn save(&self, partial: PartialAnswer) {
        let _ = self.tx.send(partial);
    }
}
