//! A running comparison's events on their way to a front end that draws them (the app): sent in
//! batches at most [`BATCH_WINDOW`] apart, so the IPC message rate stays at 60 per second or
//! less whatever the number of columns, with each slot's consecutive text merged into one event.
//!
//! Invariant: per slot, the order of events is kept and text is never reordered around another
//! event of the same slot (a `text` after its `slot_finished` would be drawn into a finished
//! column); across slots the order within one batch does not matter to the UI.

use std::collections::HashMap;
use std::time::Duration;

use parallax_engine::ComparisonEvent;

/// One batch per frame at 60 Hz at most.
pub const BATCH_WINDOW: Duration = Duration::from_micros(16_667);

/// The slot an event is about, if any.
fn slot_of(e: &ComparisonEvent) -> Option<u32> {
    use ComparisonEvent as E;
    match e {
        E::SlotStarted { slot, .. }
        | E::SlotQueued { slot }
        | E::SlotRetrying { slot, .. }
        | E::SlotFallback { slot, .. }
        | E::FirstToken { slot, .. }
        | E::Text { slot, .. }
        | E::Reasoning { slot, .. }
        | E::SlotFinished { slot, .. }
        | E::SpendUnknown { slot, .. }
        | E::SlotBackfilled { slot, .. } => Some(*slot),
        E::Created { .. } | E::SlotsAdded { .. } | E::Finished { .. } => None,
    }
}

/// `events` with each slot's consecutive `text` (and `reasoning`) events merged into the first
/// of them, when no other event of that slot came between.
pub fn coalesce(events: Vec<ComparisonEvent>) -> Vec<ComparisonEvent> {
    // Slot → index in `out` of its open text / reasoning event.
    let mut open_text: HashMap<u32, usize> = HashMap::new();
    let mut open_reasoning: HashMap<u32, usize> = HashMap::new();
    let mut out: Vec<ComparisonEvent> = Vec::with_capacity(events.len());
    for e in events {
        match e {
            ComparisonEvent::Text { slot, text } => {
                open_reasoning.remove(&slot);
                if let Some(&i) = open_text.get(&slot) {
                    if let ComparisonEvent::Text { text: t, .. } = &mut out[i] {
                        t.push_str(&text);
                        continue;
                    }
                }
                open_text.insert(slot, out.len());
                out.push(ComparisonEvent::Text { slot, text });
            }
            ComparisonEvent::Reasoning { slot, text } => {
                open_text.remove(&slot);
                if let Some(&i) = open_reasoning.get(&slot) {
                    if let ComparisonEvent::Reasoning { text: t, .. } = &mut out[i] {
                        t.push_str(&text);
                        continue;
                    }
                }
                open_reasoning.insert(slot, out.len());
                out.push(ComparisonEvent::Reasoning { slot, text });
            }
            other => {
                if let Some(slot) = slot_of(&other) {
                    open_text.remove(&slot);
                    open_reasoning.remove(&slot);
                }
                out.push(other);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ComparisonEvent as E;

    fn text(slot: u32, t: &str) -> E {
        E::Text {
            slot,
            text: t.into(),
        }
    }

    #[test]
    fn each_slots_text_is_merged_until_another_event_of_that_slot() {
        let batch = vec![
            E::FirstToken {
                slot: 0,
                ttft_ms: 5,
            },
            text(0, "Hel"),
            text(1, "Bon"),
            text(0, "lo"),
            E::Reasoning {
                slot: 1,
                text: "hmm".into(),
            },
            text(1, "jour"),
            text(0, " world"),
            E::SlotQueued { slot: 0 },
            text(0, "!"),
        ];
        assert_eq!(
            coalesce(batch),
            vec![
                E::FirstToken {
                    slot: 0,
                    ttft_ms: 5
                },
                text(0, "Hello world"),
                text(1, "Bon"),
                E::Reasoning {
                    slot: 1,
                    text: "hmm".into()
                },
                text(1, "jour"),
                E::SlotQueued { slot: 0 },
                text(0, "!"),
            ]
        );
    }

    #[test]
    fn events_without_text_pass_unchanged() {
        let batch = vec![
            E::Finished {
                comparison_id: "c".into(),
            },
            E::SlotQueued { slot: 3 },
        ];
        assert_eq!(coalesce(batch.clone()), batch);
    }
}
