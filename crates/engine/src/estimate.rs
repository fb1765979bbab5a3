//! What a comparison will cost before anything is sent: input tokens per slot (exact for
//! OpenAI-family models with tiktoken's `o200k_base`; otherwise an approximation of one token per
//! four characters, labelled as such), the input cost, and the worst case if every answer runs to
//! its `max_tokens`. Unknown prices and limits stay unknown.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{plan, ComparisonSpec, EngineError, Target};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TokenCount {
    /// Counted with the model family's own tokenizer.
    Exact,
    /// About four characters per token; off by ±30 % on non-English text or code.
    Approximate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SlotEstimate {
    pub input_tokens: u32,
    pub counted: TokenCount,
    /// Input tokens × the target's prompt price; `None` without a price.
    pub input_cost_usd: Option<f64>,
    /// The most the answer may produce: the target's `max_tokens`, else the model's limit.
    pub max_output_tokens: Option<u32>,
    /// Input cost + max output × completion price; `None` when either is unknown.
    pub worst_case_usd: Option<f64>,
    /// `Some(false)` when the prompt cannot fit the model's context window.
    pub fits_context: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Estimate {
    pub slots: Vec<SlotEstimate>,
    /// Sums of the known figures; `*_complete` says whether every slot's figure was known.
    pub input_cost_usd: f64,
    pub input_cost_complete: bool,
    pub worst_case_usd: f64,
    pub worst_case_complete: bool,
    /// Models whose worst case is unknown (no price, or no output limit), each once: a spending
    /// cap cannot be checked for them.
    pub unpriced: Vec<String>,
}

fn is_openai_family(t: &Target) -> bool {
    use parallax_llm::ProviderKind;
    t.provider == ProviderKind::OpenAi
        || (t.provider == ProviderKind::OpenRouter && t.model.starts_with("openai/"))
}

/// Counts the tokens of the messages a slot sends. Chat formatting adds a few tokens per
/// message (about 4); they are included so the count matches what providers bill.
pub fn count_tokens(t: &Target, system: Option<&str>, prompt: &str) -> (u32, TokenCount) {
    count_texts(t, system.into_iter().chain(std::iter::once(prompt)))
}

fn count_texts<'a>(t: &Target, texts: impl Iterator<Item = &'a str>) -> (u32, TokenCount) {
    if is_openai_family(t) {
        let bpe = tiktoken_rs::o200k_base_singleton();
        let n: usize = texts.map(|s| bpe.encode_ordinary(s).len() + 4).sum();
        (n as u32 + 3, TokenCount::Exact)
    } else {
        let n: usize = texts.map(|s| s.chars().count().div_ceil(4) + 4).sum();
        (n as u32 + 3, TokenCount::Approximate)
    }
}

/// `at`: the UTC minute of the day, for time-of-day price windows (`None`: windows ignored).
/// Prices come from each target's sheet (`Engine::priced` fills them) with the same rule as a
/// computed cost (`parallax_llm::pricing`): the input cost includes a per-request fee, the worst
/// case every input token fresh and all output at its dearest price.
/// The most a target's answer may produce, as its request will say: the person's `max_tokens`,
/// else the model's limit — except Anthropic, whose request always carries a `max_tokens` (4096
/// when unset, raised above a thinking budget), read from the request the adapter builds.
fn max_output(t: &Target) -> Option<u32> {
    use parallax_llm::{anthropic, ChatRequest, Endpoint, ProviderKind};
    if t.provider == ProviderKind::Anthropic {
        let req = ChatRequest {
            model: t.model.clone(),
            params: t.params.clone(),
            ..Default::default()
        };
        let built = anthropic::build_chat_request(&Endpoint::new(t.provider, "", None), &req);
        return built.http.body["max_tokens"]
            .as_u64()
            .and_then(|m| u32::try_from(m).ok());
    }
    t.params.max_tokens.or(t.max_output_tokens)
}

pub fn estimate(spec: &ComparisonSpec, at: Option<u32>) -> Result<Estimate, EngineError> {
    use parallax_llm::pricing;
    let planned = plan::expand(spec)?;
    let slots: Vec<SlotEstimate> = planned
        .iter()
        .map(|p| {
            let t = &spec.targets[p.target];
            let messages = spec.messages_for(p.target, &p.prompt);
            let (input_tokens, counted) =
                count_texts(t, messages.iter().map(|m| m.content.as_str()));
            let sheet = t.price_sheet();
            let input_cost_usd = sheet.as_ref().and_then(|sh| {
                pricing::cost(sh, &pricing::Billable::tokens(input_tokens.into(), 0), at)
            });
            let max_output_tokens = max_output(t);
            // Output that costs nothing needs no limit to bound the worst case (a free model,
            // a local server).
            let output_free = sheet.as_ref().is_some_and(|sh| {
                sh.completion_price.usd() == Some(0.0)
                    && sh.reasoning_price.is_none_or(|r| r.usd() == Some(0.0))
            });
            let worst_case_usd = match (&sheet, max_output_tokens) {
                (Some(sh), Some(m)) => pricing::worst_case(sh, input_tokens.into(), m.into(), at),
                (Some(sh), None) if output_free => {
                    pricing::worst_case(sh, input_tokens.into(), 0, at)
                }
                _ => None,
            };
            // An approximate count only refuses clear cases (25 % over), never borderline ones.
            let fits_context = t.context_length.map(|ctx| match counted {
                TokenCount::Exact => input_tokens <= ctx,
                TokenCount::Approximate => (input_tokens as f64) <= ctx as f64 * 1.25,
            });
            SlotEstimate {
                input_tokens,
                counted,
                input_cost_usd,
                max_output_tokens,
                worst_case_usd,
                fits_context,
            }
        })
        .collect();
    let sum = |f: &dyn Fn(&SlotEstimate) -> Option<f64>| -> (f64, bool) {
        slots.iter().fold((0.0, true), |(s, all), e| match f(e) {
            Some(v) => (s + v, all),
            None => (s, false),
        })
    };
    let (input_cost_usd, input_cost_complete) = sum(&|e| e.input_cost_usd);
    let (worst_case_usd, worst_case_complete) = sum(&|e| e.worst_case_usd);
    let mut unpriced: Vec<String> = Vec::new();
    for (p, e) in planned.iter().zip(&slots) {
        let model = &spec.targets[p.target].model;
        if e.worst_case_usd.is_none() && !unpriced.contains(model) {
            unpriced.push(model.clone());
        }
    }
    Ok(Estimate {
        unpriced,
        slots,
        input_cost_usd,
        input_cost_complete,
        worst_case_usd,
        worst_case_complete,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_llm::ProviderKind;

    #[test]
    fn openai_models_are_counted_exactly_and_others_approximately() {
        let gpt = Target::model("openai/gpt-4o-mini");
        let (n, how) = count_tokens(&gpt, None, "Hello, world!");
        assert_eq!(how, TokenCount::Exact);
        assert_eq!(
            n,
            4 + 4 + 3,
            "o200k: Hello , world ! = 4 tokens, plus message framing"
        );
        let claude = Target::on(ProviderKind::Anthropic, "claude-sonnet-4-5");
        let (n, how) = count_tokens(&claude, Some("Be brief."), "Hello, world!");
        assert_eq!(how, TokenCount::Approximate);
        assert_eq!(n, 3 + 4 + 4 + 4 + 3);
    }

    #[test]
    fn worst_case_needs_prices_and_a_limit_and_oversized_prompts_do_not_fit() {
        let priced = Target {
            prompt_price_per_m: Some(1.0),
            completion_price_per_m: Some(10.0),
            max_output_tokens: Some(1000),
            context_length: Some(8),
            ..Target::model("openai/gpt-4o-mini")
        };
        let spec = ComparisonSpec::simple(
            "Hello, world!",
            None,
            vec![priced, Target::model("x/unpriced")],
        );
        let e = estimate(&spec, None).unwrap();
        assert_eq!(e.slots[0].input_tokens, 11);
        assert!(
            (e.slots[0].worst_case_usd.unwrap() - (11.0 * 1.0 + 1000.0 * 10.0) / 1e6).abs() < 1e-12
        );
        assert_eq!(
            e.slots[0].fits_context,
            Some(false),
            "11 tokens do not fit in 8"
        );
        assert_eq!(e.slots[1].worst_case_usd, None);
        assert!(!e.worst_case_complete, "one slot's worst case is unknown");
        assert!((e.worst_case_usd - e.slots[0].worst_case_usd.unwrap()).abs() < 1e-12);
    }
}
