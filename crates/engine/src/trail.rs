//! The run's trail in the log: every event of a comparison but its text, as structured
//! `tracing` events under the target `parallax_engine::run` (the front ends decide where the
//! log goes: `parallax_app::log`). Ids, models, statuses, codes, timings and token counts only:
//! never a prompt, an answer, a key or a header. Error messages are the ones the UI shows,
//! already redacted where they were made.
//!
//! Levels: a comparison created and finished, and each answer's outcome, at `info`; a retry, a
//! fallback, an answer that failed or whose cost cannot be counted at `warn`; an answer started,
//! queued or its first token at `debug`.

use std::sync::Arc;

use crate::{ComparisonEvent, EventSink};

/// `sink`, with every event of comparison `id` (except streamed text) logged on the way.
pub(crate) fn logged(id: String, sink: EventSink) -> EventSink {
    Arc::new(move |event: ComparisonEvent| {
        note(&id, &event);
        sink(event)
    })
}

fn note(id: &str, event: &ComparisonEvent) {
    use ComparisonEvent as E;
    const RUN: &str = "parallax_engine::run";
    match event {
        E::Text { .. } | E::Reasoning { .. } => {}
        E::Created { comparison } => {
            let models: Vec<&str> = comparison.slots.iter().map(|s| s.model.as_str()).collect();
            tracing::info!(target: RUN, comparison = id, answers = comparison.slots.len(), models = ?models, "comparison started");
        }
        E::SlotsAdded { slots, .. } => {
            let models: Vec<&str> = slots.iter().map(|s| s.model.as_str()).collect();
            tracing::info!(target: RUN, comparison = id, models = ?models, "answers added");
        }
        E::SlotStarted { slot, notes } => {
            tracing::debug!(target: RUN, comparison = id, slot, param_notes = notes.len(), "request sent");
        }
        E::SlotQueued { slot } => tracing::debug!(target: RUN, comparison = id, slot, "queued"),
        E::SlotRetrying {
            slot,
            attempt,
            delay_ms,
            reason,
        } => {
            tracing::warn!(target: RUN, comparison = id, slot, attempt, delay_ms, reason = %reason, "retrying");
        }
        E::SlotFallback {
            slot,
            model,
            reason,
        } => {
            tracing::warn!(target: RUN, comparison = id, slot, fallback = %model, reason = %reason, "trying the fallback model");
        }
        E::FirstToken { slot, ttft_ms } => {
            tracing::debug!(target: RUN, comparison = id, slot, ttft_ms, "first token");
        }
        E::SlotFinished { slot, record } => {
            let r = record.as_ref();
            let status = r.status.as_str();
            let cost = r.cost.source.as_str();
            match &r.error {
                Some(e) => tracing::warn!(
                    target: RUN, comparison = id, slot, model = %r.model, provider = %r.provider,
                    status, code = e.code.as_str(), error = %e.message, total_ms = r.total_ms,
                    attempts = r.attempts, "answer failed"
                ),
                None => tracing::info!(
                    target: RUN, comparison = id, slot, model = %r.model, provider = %r.provider,
                    served_by = r.served_provider.as_deref(), status, ttft_ms = r.ttft_ms,
                    total_ms = r.total_ms, input_tokens = r.usage.input_tokens,
                    output_tokens = r.usage.output_tokens, cost_source = cost,
                    cached = r.cached, unsaved = r.unsaved.is_some(), "answer finished"
                ),
            }
        }
        E::Finished { .. } => tracing::info!(target: RUN, comparison = id, "comparison finished"),
        E::SpendUnknown { slot, .. } => {
            tracing::warn!(target: RUN, comparison = id, slot, "cost unknown: the spending cap cannot count this answer");
        }
        E::SlotBackfilled {
            slot,
            served_provider,
            cost,
        } => {
            tracing::debug!(target: RUN, comparison = id, slot, served_by = served_provider.as_deref(), billed = cost.usd, "generation stats");
        }
    }
}
