//! The start line: the slots of one comparison do their bookkeeping before any of them starts
//! its clock and sends.
//!
//! Why: slots are tasks on a few worker threads. Spawned together, each runs until it sends and
//! waits for the network; the first slot's t0 was taken, and its connection was ready, long
//! before the runtime came back to it, because every other slot's pre-send work (the answer
//! cache lookup, building the request, telling the caller) ran in between. At 128 slots that
//! put the first slot's request on the wire ~10 ms after its t0 and the last one's ~5 ms after:
//! TTFT biased by column order. With the start line, every slot gets ready, then all of them
//! take t0 and send, so what sits between a slot's t0 and its request is only the other slots'
//! sending.
//!
//! Invariants:
//! - every slot says it is ready exactly once: at the line, or when it will not send now
//!   (served from the cache, queued under a concurrency limit, no endpoint), or when its ticket
//!   is dropped on any other path — so no slot waits for one that never comes;
//! - nobody waits at the line longer than [`MAX_WAIT`]: the line is about fairness between
//!   slots, never worth delaying a request by more than that.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The longest a slot waits at the line for the others.
pub const MAX_WAIT: Duration = Duration::from_millis(50);

pub(crate) struct StartLine {
    not_ready: AtomicUsize,
    open: tokio::sync::watch::Sender<bool>,
}

impl StartLine {
    /// A line for `slots` slots, and one ticket for each.
    pub fn tickets(slots: usize) -> Vec<Ticket> {
        let (open, _) = tokio::sync::watch::channel(slots == 0);
        let line = Arc::new(StartLine {
            not_ready: AtomicUsize::new(slots),
            open,
        });
        (0..slots)
            .map(|_| Ticket(Mutex::new(Some(line.clone()))))
            .collect()
    }

    fn ready(&self) {
        if self.not_ready.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.open.send_replace(true);
        }
    }
}

/// A slot's place at the line; see the module doc.
pub(crate) struct Ticket(Mutex<Option<Arc<StartLine>>>);

impl Ticket {
    fn take(&self) -> Option<Arc<StartLine>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).take()
    }

    /// Ready to send: waits until every slot is (at most [`MAX_WAIT`]). Later calls (a retry, a
    /// fallback) return at once.
    pub async fn ready_and_wait(&self) {
        let Some(line) = self.take() else { return };
        let mut open = line.open.subscribe();
        line.ready();
        let _ = tokio::time::timeout(MAX_WAIT, open.wait_for(|open| *open)).await;
    }

    /// This slot will not send now (cached, queued, failed): the others need not wait for it.
    pub fn leave(&self) {
        if let Some(line) = self.take() {
            line.ready();
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.leave();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Paused time: it moves only when every task waits, so a line that did not open at once
    // would show as the time limit having passed.
    #[tokio::test(start_paused = true)]
    async fn the_line_opens_when_every_slot_is_ready_or_has_left() {
        let mut tickets = StartLine::tickets(3);
        let (c, b, a) = (
            tickets.pop().unwrap(),
            tickets.pop().unwrap(),
            tickets.pop().unwrap(),
        );
        let start = tokio::time::Instant::now();
        let waiting = tokio::spawn(async move {
            a.ready_and_wait().await;
            tokio::time::Instant::now()
        });
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished(), "a waits for b and c");
        b.leave();
        drop(c); // a dropped ticket counts as leaving
        let opened = waiting.await.unwrap();
        assert_eq!(
            opened, start,
            "opened when the last one left, not at the time limit"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn nobody_waits_longer_than_the_limit_for_a_slot_that_never_comes() {
        let tickets = StartLine::tickets(2);
        let start = tokio::time::Instant::now();
        tickets[0].ready_and_wait().await;
        assert_eq!(start.elapsed(), MAX_WAIT);
        // A second call (a retry) does not wait again.
        let again = tokio::time::Instant::now();
        tickets[0].ready_and_wait().await;
        assert_eq!(again.elapsed(), Duration::ZERO);
    }
}
