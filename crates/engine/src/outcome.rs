//! How a stream that ended becomes a record: its outcome (done, refused, truncated), its cost
//! (billed, computed from the target's price sheet, or unknown) and the stall error's words.

use parallax_llm::{ErrorCode, LlmError};
use parallax_store::{Cost, CostSource, SlotRecord, SlotStatus};

use crate::Target;

/// A complete stream is a normal answer unless it says it was refused, filtered or cut short
/// (ARCHITECTURE.md, "Outcomes"): those are recorded as what they are, never as a green done.
pub(crate) fn status_of_finish(reason: Option<parallax_llm::FinishReason>) -> SlotStatus {
    use parallax_llm::FinishReason as F;
    match reason {
        Some(F::Refusal | F::ContentFilter) => SlotStatus::Refused,
        Some(F::Length) => SlotStatus::Truncated,
        // An `error` finish is a failure the parser reports itself; the rest are normal ends.
        Some(F::Stop | F::ToolCalls | F::Error | F::Other) | None => SlotStatus::Done,
    }
}

pub(crate) fn stall_error(limit: std::time::Duration) -> LlmError {
    LlmError::new(
        ErrorCode::Timeout,
        format!(
            "No data from the provider for {} s; gave up.",
            limit.as_secs_f64()
        ),
    )
}

/// Billed (the provider's own figure) beats computed (reported tokens × the target's price
/// sheet, by `parallax_llm::pricing::cost`, the one rule: cache, reasoning, per request, tiers,
/// time windows, discount); otherwise unknown. Returns the cost and, when computed, its basis.
pub(crate) fn cost_of(r: &SlotRecord, t: &Target, unix_ms: i64) -> (Cost, Option<String>) {
    if let Some(usd) = r.usage.cost_usd {
        let cost = Cost {
            usd: Some(usd),
            source: CostSource::Billed,
        };
        return (cost, None);
    }
    let computed = t.price_sheet().and_then(|sheet| {
        let billable = parallax_llm::pricing::Billable::from_usage(&r.usage)?;
        parallax_llm::pricing::cost(&sheet, &billable, crate::minute_of_day(unix_ms))
    });
    match computed {
        Some(usd) => (
            Cost {
                usd: Some(usd),
                source: CostSource::Computed,
            },
            t.price_basis.clone(),
        ),
        None => (Cost::UNKNOWN, None),
    }
}
