//! What models cost on a given workload: the Prices view's calculator and `parallax models
//! calc`. One rule prices everything (`llm::pricing::cost`, the rule answers are billed by), so
//! a figure here is what the same tokens would cost in a comparison.

use parallax_llm::pricing::{cost, Billable, PriceSheet};
use parallax_llm::CatalogModel;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AppCode, AppError};

/// A workload: tokens in and out per request, and the share of the input read from the
/// prompt cache.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct Workload {
    #[ts(type = "number")]
    pub input_tokens: u64,
    #[ts(type = "number")]
    pub output_tokens: u64,
    /// 0 to 1: this share of the input tokens is read from the cache (at the cache-read price
    /// where the model lists one, else at the input price).
    #[serde(default)]
    pub cache_hit: f64,
    /// Requests of this size (1 when 0).
    #[serde(default)]
    pub requests: u32,
}

impl Workload {
    pub fn check(&self) -> Result<(), AppError> {
        if !(0.0..=1.0).contains(&self.cache_hit) || self.cache_hit.is_nan() {
            return Err(AppError::app(
                AppCode::InvalidInput,
                format!(
                    "the cache hit share is a number from 0 to 1, not {}",
                    self.cache_hit
                ),
            )
            .on("cache_hit"));
        }
        Ok(())
    }
}

/// What one model would cost on the workload: `None` when a price it needs is unknown or
/// variable (never 0 for an unknown).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ModelCost {
    pub model: String,
    pub usd: Option<f64>,
    /// Why there is no figure when the prices are not the reason (a model that writes images
    /// or audio, not text).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The workload's cost on every model, in the catalog's order (the caller sorts).
pub fn calculate(models: &[CatalogModel], w: &Workload) -> Result<Vec<ModelCost>, AppError> {
    w.check()?;
    let cached = (w.input_tokens as f64 * w.cache_hit).round() as u64;
    let billable = Billable {
        cache_read_tokens: cached,
        ..Billable::tokens(w.input_tokens, w.output_tokens)
    };
    let requests = f64::from(w.requests.max(1));
    Ok(models
        .iter()
        .map(|m| {
            // A model that writes no text (images, music) is priced per unit of what it makes:
            // its token prices say nothing about a text workload, so no figure, not "$0".
            let writes_text =
                m.output_modalities.is_empty() || m.output_modalities.iter().any(|o| o == "text");
            if !writes_text {
                return ModelCost {
                    model: m.id.clone(),
                    usd: None,
                    note: Some(format!(
                        "writes {}, not text",
                        m.output_modalities.join(" and ")
                    )),
                };
            }
            ModelCost {
                model: m.id.clone(),
                // No time of day: time-window prices do not apply to a what-if.
                usd: cost(&PriceSheet::from_catalog(m), &billable, None).map(|c| c * requests),
                note: None,
            }
        })
        .collect())
}

/// The workload's cost on every model of an endpoint's saved catalog (or, for OpenRouter
/// before its first fetch, the bundled one), without asking the provider.
pub fn calculate_saved(
    store: &parallax_store::Store,
    at: &parallax_llm::EndpointRef,
    w: &Workload,
) -> Result<Vec<ModelCost>, AppError> {
    w.check()?;
    let models = match store.saved_catalog(&at.catalog_key())? {
        Some((_, models)) => models,
        None => crate::catalogs::bundled_catalog(at)
            .map(|(_, m)| m)
            .ok_or_else(|| {
                AppError::app(
                    AppCode::NotFound,
                    format!(
                        "no catalog of {} is saved yet: list its models once",
                        at.display()
                    ),
                )
            })?,
    };
    calculate(&models, w)
}

/// One answer of a saved comparison: what it cost then, and what the same tokens cost at
/// today's list price.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Repriced {
    /// The answer's column.
    pub index: u32,
    pub provider: String,
    pub model: String,
    /// What was paid (billed) or computed then, with its source.
    pub then: parallax_store::Cost,
    /// The same usage at today's prices; `None` when a price or a token count is unknown.
    pub today_usd: Option<f64>,
    /// Where today's prices come from ("list price of … in the openrouter catalog of …").
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
}

/// "What this would cost today": every answer of comparison `id` re-priced with the prices the
/// engine would use for it now (its provider's catalog, else OpenRouter's list price), on the
/// usage it reported, at the original time of day (time-window prices apply as they did).
pub fn reprice(engine: &parallax_engine::Engine, id: &str) -> Result<Vec<Repriced>, AppError> {
    use parallax_engine::{ComparisonSpec, Target};
    let store = engine.store();
    let c = store.get_comparison(id)?;
    let minute = parallax_engine::minute_of_day(c.created_at_ms);
    let mut out = Vec::with_capacity(c.slots.len());
    for s in &c.slots {
        let mut target = store
            .slot_target_json(&s.id)?
            .and_then(|j| serde_json::from_str::<Target>(&j).ok())
            .unwrap_or_else(|| Target::parse(&format!("{}:{}", s.provider, s.model), &[]));
        // Today's prices, not the ones carried from then.
        target.prices = None;
        target.price_basis = None;
        target.prompt_price_per_m = None;
        target.completion_price_per_m = None;
        let priced = engine.priced(&ComparisonSpec::simple("", None, vec![target]));
        let t = &priced.targets[0];
        let today_usd = t.price_sheet().and_then(|sheet| {
            let billable = Billable::from_usage(&s.usage)?;
            cost(&sheet, &billable, minute)
        });
        out.push(Repriced {
            index: s.index,
            provider: s.provider.clone(),
            model: s.model.clone(),
            then: s.cost,
            today_usd,
            basis: t.price_basis.clone(),
        });
    }
    Ok(out)
}

/// How a "last prompt" figure was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LastPromptBasis {
    /// The model answered the last comparison: what that answer cost.
    Actual,
    /// Estimated: the prompt's tokens counted for the model, and its usual answer length.
    Estimated,
}

/// What the last comparison's prompt cost, or would cost, on one model.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct LastPromptCost {
    pub model: String,
    pub usd: Option<f64>,
    pub basis: LastPromptBasis,
    pub input_tokens: Option<u32>,
    /// For an estimate: the answer length assumed (the model's median, else its vendor's,
    /// else every model's).
    pub output_tokens: Option<u32>,
}

/// "Cost of my last prompt" beside every model of an endpoint's saved (or bundled) catalog.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct LastPrompt {
    pub comparison_id: String,
    pub title: String,
    pub costs: Vec<LastPromptCost>,
}

/// The newest comparison (a judge's own run aside) priced on every model of `at`'s saved
/// catalog: actual where a model answered it, else estimated — the prompt's tokens counted
/// for that model (exactly for OpenAI models when `exact`), its usual answer length from
/// history, and the catalog's prices. `None` without a comparison.
pub fn last_prompt_costs(
    engine: &parallax_engine::Engine,
    at: &parallax_llm::EndpointRef,
    exact: bool,
) -> Result<Option<LastPrompt>, AppError> {
    use parallax_engine::estimate::{estimate, Counting};
    use parallax_engine::{ComparisonSpec, Target};
    let store = engine.store();
    let Some(last) = store
        .list_comparisons(20, None)?
        .into_iter()
        .find(|c| !c.tags.iter().any(|t| t == "judge"))
    else {
        return Ok(None);
    };
    let c = store.get_comparison(&last.id)?;
    let models = match store.saved_catalog(&at.catalog_key())? {
        Some((_, m)) => m,
        None => crate::catalogs::bundled_catalog(at)
            .map(|(_, m)| m)
            .unwrap_or_default(),
    };
    let typical = store.typical_output_tokens()?;
    let vendor_of = |m: &str| m.split_once('/').map(|(v, _)| v.to_owned());
    let mut by_vendor: std::collections::HashMap<String, Vec<u32>> = Default::default();
    let mut all: Vec<u32> = Vec::new();
    for (m, n) in &typical {
        if let Some(v) = vendor_of(m) {
            by_vendor.entry(v).or_default().push(*n);
        }
        all.push(*n);
    }
    let median = |v: &mut Vec<u32>| {
        v.sort_unstable();
        v.get(v.len().saturating_sub(1) / 2).copied()
    };
    let overall = median(&mut all);
    let label = at.label();
    let mut costs = Vec::with_capacity(models.len());
    for m in &models {
        if let Some(s) = c
            .slots
            .iter()
            .find(|s| s.model == m.id && s.provider == label && s.cost.usd.is_some())
        {
            costs.push(LastPromptCost {
                model: m.id.clone(),
                usd: s.cost.usd,
                basis: LastPromptBasis::Actual,
                input_tokens: s.usage.input_tokens,
                output_tokens: s.usage.output_tokens,
            });
            continue;
        }
        let mut target = Target::on(at.kind, m.id.clone());
        target.endpoint = at.name.clone();
        target.prices = Some(PriceSheet::from_catalog(m));
        let spec = ComparisonSpec::simple(c.prompt.clone(), c.system.clone(), vec![target]);
        let counting = if exact {
            Counting::Exact
        } else {
            Counting::NoWait
        };
        let input = estimate(&spec, None, counting)
            .ok()
            .and_then(|e| e.slots.first().map(|s| s.input_tokens));
        let output = typical
            .get(&m.id)
            .copied()
            .or_else(|| vendor_of(&m.id).and_then(|v| by_vendor.get_mut(&v).and_then(median)))
            .or(overall);
        let usd = match (input, output) {
            (Some(i), Some(o)) => cost(
                &PriceSheet::from_catalog(m),
                &Billable::tokens(i.into(), o.into()),
                None,
            ),
            _ => None,
        };
        costs.push(LastPromptCost {
            model: m.id.clone(),
            usd,
            basis: LastPromptBasis::Estimated,
            input_tokens: input,
            output_tokens: output,
        });
    }
    Ok(Some(LastPrompt {
        comparison_id: c.id,
        title: c.title,
        costs,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_llm::{Price, ProviderKind};

    fn model(id: &str, p: Price, c: Price, cache_read: Price) -> CatalogModel {
        let mut m = CatalogModel::bare(ProviderKind::OpenRouter, id, id);
        m.prompt_price = p;
        m.completion_price = c;
        m.cache_read_price = cache_read;
        m.request_price = Price::Usd { usd: 0.0 };
        m.image_price = Price::Usd { usd: 0.0 };
        m
    }

    #[test]
    fn costs_follow_the_list_prices_and_the_cache_share() {
        let usd = |u| Price::Usd { usd: u };
        let models = [
            // $3 in, $15 out, cache reads $0.30 per million.
            model("a/sonnet", usd(3.0), usd(15.0), usd(0.3)),
            // No cache price: cached input at the input price.
            model("b/plain", usd(1.0), usd(2.0), Price::Unknown),
            model("c/unknown", Price::Unknown, usd(1.0), Price::Unknown),
            model("d/router", Price::Variable, Price::Variable, Price::Unknown),
            // A music model with free token prices: no figure for a text workload.
            {
                let mut m = model("e/music", usd(0.0), usd(0.0), Price::Unknown);
                m.output_modalities = vec!["audio".into()];
                m
            },
        ];
        let w = Workload {
            input_tokens: 10_000,
            output_tokens: 1_000,
            cache_hit: 0.5,
            requests: 3,
        };
        let c = calculate(&models, &w).unwrap();
        // a: 5,000 fresh × $3 + 5,000 cached × $0.30 + 1,000 × $15 = 0.015 + 0.0015 + 0.015
        //    = $0.0315 per request, × 3 = $0.0945.
        assert!((c[0].usd.unwrap() - 0.0945).abs() < 1e-12, "{:?}", c[0]);
        // b: 10,000 × $1 + 1,000 × $2 = $0.012, × 3 = $0.036.
        assert!((c[1].usd.unwrap() - 0.036).abs() < 1e-12, "{:?}", c[1]);
        assert_eq!(c[2].usd, None, "unknown, not 0");
        assert_eq!(c[3].usd, None, "variable, not 0");
        assert_eq!(c[4].usd, None, "not $0");
        assert_eq!(c[4].note.as_deref(), Some("writes audio, not text"));
        let bad = Workload {
            cache_hit: 1.5,
            ..w
        };
        assert_eq!(
            calculate(&models, &bad).unwrap_err().field.as_deref(),
            Some("cache_hit")
        );
    }
}
