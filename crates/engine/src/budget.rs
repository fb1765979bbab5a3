//! Spending caps, as OpenRouter-style gateways offer them: one per comparison and one per day,
//! both in the shared settings (so the CLI obeys the caps set in the app).
//!
//! Before a run, the worst case (every answer running to its output limit) is checked against
//! both. Unknown is never $0: when a cap is set and some target's worst case is unknown (no
//! price), the run is refused with `budget_unknown_cost`, naming those models, unless the person
//! chose to send anyway (`ComparisonSpec::allow_unknown_cost`); the known part is still checked
//! first. During a run, once the comparison's known spend reaches its cap, the remaining slots
//! are stopped and say why; an answer whose cost is unknown is reported (`spend_unknown`), since
//! the cap cannot count it, and until the day ends the daily cap says it cannot be checked. A day
//! is the UTC calendar day.

use std::sync::Mutex;

use parallax_store::{Store, StoreError};

use crate::estimate::Estimate;
use crate::{EngineError, RunControl};

pub const PER_COMPARISON_SETTING: &str = "budget.per_comparison_usd";
pub const DAILY_SETTING: &str = "budget.daily_usd";

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Budget {
    pub per_comparison_usd: Option<f64>,
    pub daily_usd: Option<f64>,
}

impl Budget {
    pub fn load(store: &Store) -> Result<Budget, StoreError> {
        let read = |k: &str| -> Result<Option<f64>, StoreError> {
            Ok(store
                .get_setting(k)?
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|v| *v >= 0.0))
        };
        Ok(Budget {
            per_comparison_usd: read(PER_COMPARISON_SETTING)?,
            daily_usd: read(DAILY_SETTING)?,
        })
    }

    pub fn is_set(&self) -> bool {
        self.per_comparison_usd.is_some() || self.daily_usd.is_some()
    }

    /// Refuses a run whose worst case would pass a cap, or, unless `allow_unknown`, one whose
    /// worst case cannot be known.
    ///
    /// `unknown_today`: answers earlier today whose cost is unknown; with a daily cap set they
    /// make it uncheckable too.
    pub fn check(
        &self,
        estimate: &Estimate,
        spent_today: f64,
        unknown_today: u32,
        allow_unknown: bool,
    ) -> Result<(), EngineError> {
        let worst = estimate.worst_case_usd;
        let bound = if estimate.worst_case_complete {
            ""
        } else {
            "at least "
        };
        if let Some(cap) = self.per_comparison_usd {
            if worst > cap {
                return Err(EngineError::OverBudget(format!(
                    "this comparison could cost {bound}${worst:.4}, over its cap of ${cap:.2}; lower max_tokens, pick fewer models or raise the cap"
                )));
            }
        }
        if let Some(cap) = self.daily_usd {
            if spent_today + worst > cap {
                return Err(EngineError::OverBudget(format!(
                    "${spent_today:.4} spent today plus {bound}${worst:.4} for this comparison would pass the daily cap of ${cap:.2}"
                )));
            }
        }
        if let (Some(cap), true, false) = (self.daily_usd, unknown_today > 0, allow_unknown) {
            return Err(EngineError::BudgetUnknownCost(format!(
                "The daily cap (${cap:.2}) cannot be checked: {unknown_today} answer{} earlier \
                 today cost an unknown amount. Send anyway, or set a price for those models",
                if unknown_today == 1 { "" } else { "s" }
            )));
        }
        if self.is_set() && !estimate.worst_case_complete && !allow_unknown {
            let caps = [
                self.per_comparison_usd
                    .map(|c| format!("${c:.2} per comparison")),
                self.daily_usd.map(|c| format!("${c:.2} per day")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" and ");
            return Err(EngineError::BudgetUnknownCost(format!(
                "The spending cap ({caps}) cannot be checked: the most {} could cost is unknown \
                 (no known price, or no output limit: set max tokens). Send anyway, remove {}, \
                 or refresh the model list so a price is known",
                estimate.unpriced.join(", "),
                if estimate.unpriced.len() == 1 {
                    "it"
                } else {
                    "them"
                }
            )));
        }
        Ok(())
    }
}

/// Start of the current UTC day, in unix ms.
pub fn day_start_ms(now_ms: i64) -> i64 {
    now_ms - now_ms.rem_euclid(86_400_000)
}

/// A comparison's running spend, shared by its slots.
pub(crate) struct Spend {
    total: Mutex<f64>,
    cap: Option<f64>,
    /// Whether any cap (per comparison or per day) is set: then an unknown cost is reported.
    pub capped: bool,
}

impl Spend {
    pub fn new(budget: Budget) -> Self {
        Self {
            total: Mutex::new(0.0),
            cap: budget.per_comparison_usd,
            capped: budget.is_set(),
        }
    }

    /// Adds a finished slot's cost; stops the rest of the run once the cap is reached.
    pub fn add(&self, usd: Option<f64>, control: &RunControl) {
        let Some(usd) = usd else { return };
        let mut total = self.total.lock().unwrap_or_else(|p| p.into_inner());
        *total += usd;
        if let Some(cap) = self.cap {
            if *total >= cap {
                control.cancel_because(format!(
                    "Stopped: this comparison's spend (${:.4}) reached its cap of ${cap:.2}; the text so far is kept.",
                    *total
                ));
            }
        }
    }
}
