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
    inner: std::sync::Arc<Inner>,
}

/// The sender and the thread. Dropped with the last handle: the channel closes, and the thread
/// is waited for, so its clone of the store (and with it the process's owner lock file) is
/// released before the process can exit — not left behind by an exit that outran the thread.
struct Inner {
    tx: Option<mpsc::Sender<PartialAnswer>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.tx.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl PartialWriter {
    /// Starts the writer thread; it ends when the last handle is dropped.
    pub fn spawn(store: Store) -> Self {
        let (tx, rx) = mpsc::channel::<PartialAnswer>();
        let thread = std::thread::Builder::new()
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
        Self {
            inner: std::sync::Arc::new(Inner {
                tx: Some(tx),
                thread: Some(thread),
            }),
        }
    }

    pub fn save(&self, partial: PartialAnswer) {
        if let Some(tx) = &self.inner.tx {
            let _ = tx.send(partial);
        }
    }
}
