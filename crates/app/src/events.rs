//! A running comparison's events on their way to a front end that draws them (the app): sent in
//! batches at least [`BATCH_WINDOW`] apart (longer with more columns streaming:
//! [`batch_window`]), so the IPC message rate stays at 60 per second or less whatever the number
//! of columns, with each slot's consecutive text merged into one event.
//!
//! Invariant: per slot, the order of events is kept and text is never reordered around another
//! event of the same slot (a `text` after its `slot_finished` would be drawn into a finished
//! column); across slots the order within one batch does not matter to the UI.

use std::collections::HashMap;
use std::time::Duration;

use parallax_engine::ComparisonEvent;

/// One batch per frame at 60 Hz at most.
pub const BATCH_WINDOW: Duration = Duration::from_micros(16_667);

/// The longest a batch waits: four frames (15 messages a second).
pub const MAX_BATCH_FRAMES: u32 = 4;

/// How long a batch waits for the events behind its first, given how many slots streamed in the
/// previous batch: one frame up to four streaming columns, one more frame per four more, at most
/// [`MAX_BATCH_FRAMES`].
///
/// Why: the app draws two streaming columns a frame (`ui/src/views/compare/watch/pace.ts`), so
/// with `n` columns streaming each one draws every `n / 2` frames at best; text sent more often
/// than every `n / 4` frames is held in the page until the column's turn anyway. Every batch is a
/// script the webview compiles and runs (Tauri delivers a channel message as evaluated
/// JavaScript), which costs the page's thread time and memory: at sixteen columns four times
/// fewer messages, each column still drawn within half a turn of its text arriving.
pub fn batch_window(streaming: usize) -> Duration {
    let frames = u32::try_from(streaming.div_ceil(4))
        .unwrap_or(MAX_BATCH_FRAMES)
        .clamp(1, MAX_BATCH_FRAMES);
    BATCH_WINDOW * frames
}

/// How many slots sent text or reasoning in `batch`.
pub fn streaming_slots(batch: &[ComparisonEvent]) -> usize {
    let mut slots: Vec<u32> = batch
        .iter()
        .filter_map(|e| match e {
            ComparisonEvent::Text { slot, .. } | ComparisonEvent::Reasoning { slot, .. } => {
                Some(*slot)
            }
            _ => None,
        })
        .collect();
    slots.sort_unstable();
    slots.dedup();
    slots.len()
}

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
    fn a_batch_waits_one_frame_per_four_streaming_columns_up_to_four() {
        let frame = Duration::from_micros(16_667);
        for (streaming, frames) in [
            (0, 1),
            (1, 1),
            (4, 1),
            (5, 2),
            (8, 2),
            (9, 3),
            (13, 4),
            (16, 4),
            (64, 4),
        ] {
            assert_eq!(
                batch_window(streaming),
                frame * frames,
                "{streaming} streaming"
            );
        }
    }

    #[test]
    fn streaming_slots_are_the_distinct_slots_with_text_or_reasoning() {
        let batch = vec![
            text(3, "a"),
            E::SlotQueued { slot: 7 },
            text(3, "b"),
            E::Reasoning {
                slot: 5,
                text: "hmm".into(),
            },
            text(0, "c"),
        ];
        assert_eq!(streaming_slots(&batch), 3);
        assert_eq!(streaming_slots(&[E::SlotQueued { slot: 1 }]), 0);
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
