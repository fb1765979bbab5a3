//! What callers send in (a spec) and get back while it runs (events). Both cross the IPC
//! boundary, so their TypeScript twins are generated from here.

use parallax_llm::{Attachment, Message, ParamNote, Params, ProviderKind, Routing};
use parallax_store::{ComparisonRecord, Cost, SlotRecord};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One model to ask, on one provider, with its own parameters. Prices (USD per million tokens,
/// from the catalog) let the engine compute a cost when the provider reports tokens but no
/// billed cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Target {
    #[serde(default = "openrouter")]
    #[ts(as = "Option<ProviderKind>", optional)]
    pub provider: ProviderKind,
    /// For `compatible` targets: the name of the custom endpoint.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub endpoint: Option<String>,
    pub model: String,
    #[serde(default)]
    #[ts(as = "Option<Params>", optional)]
    pub params: Params,
    /// Models tried in order when this one fails before answering (OpenRouter: its `models`).
    #[serde(default)]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub fallback_models: Vec<String>,
    /// OpenRouter's provider routing.
    #[serde(default)]
    #[ts(as = "Option<Routing>", optional)]
    pub routing: Routing,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub prompt_price_per_m: Option<f64>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub completion_price_per_m: Option<f64>,
    /// The model's context window and output limit from the catalog, for the estimate.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub context_length: Option<u32>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub max_output_tokens: Option<u32>,
    /// Every price kind of the model (cache, reasoning, per request, tiers, discount), filled
    /// by [`crate::Engine::priced`] from the stored catalogs; front ends leave it unset.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub prices: Option<parallax_llm::pricing::PriceSheet>,
    /// Where `prices` came from, said beside a computed cost.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub price_basis: Option<String>,
    /// This target's own system prompt, in place of the comparison's (`Some("")`: none at
    /// all); `None` takes the comparison's. A follow-up continues with the one each answer had.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub system: Option<String>,
}

fn one() -> u32 {
    1
}

fn openrouter() -> ProviderKind {
    ProviderKind::OpenRouter
}

impl Target {
    /// An OpenRouter target with default parameters.
    pub fn model(model: impl Into<String>) -> Self {
        Self::on(ProviderKind::OpenRouter, model)
    }

    pub fn on(provider: ProviderKind, model: impl Into<String>) -> Self {
        Self {
            provider,
            endpoint: None,
            model: model.into(),
            params: Params::default(),
            fallback_models: Vec::new(),
            routing: Routing::default(),
            prompt_price_per_m: None,
            completion_price_per_m: None,
            context_length: None,
            max_output_tokens: None,
            prices: None,
            price_basis: None,
            system: None,
        }
    }

    /// The prices cost is computed with: the resolved sheet, else the two prices a front end
    /// gave; `None` when neither is known.
    pub fn price_sheet(&self) -> Option<parallax_llm::pricing::PriceSheet> {
        self.prices.clone().or_else(|| {
            Some(parallax_llm::pricing::PriceSheet::typed(
                self.prompt_price_per_m?,
                self.completion_price_per_m?,
            ))
        })
    }

    /// Which endpoint this target is sent to.
    pub fn endpoint_ref(&self) -> parallax_llm::EndpointRef {
        parallax_llm::EndpointRef::of(self.provider, self.endpoint.as_deref())
    }

    /// Where this target is sent, as stored with the slot: `openrouter`, or `compatible:<name>`.
    pub fn provider_label(&self) -> String {
        self.endpoint_ref().label()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ComparisonSpec {
    /// The prompt, or variant A; may hold `{{variables}}`.
    pub prompt: String,
    /// More prompt variants (B, C…) sent to the same targets, for A/B testing.
    #[serde(default)]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub variants: Vec<String>,
    /// Values for the `{{variables}}`: one row per set of values; empty means no variables.
    #[serde(default)]
    #[ts(
        as = "Option<Vec<std::collections::BTreeMap<String, String>>>",
        optional
    )]
    pub rows: Vec<std::collections::BTreeMap<String, String>>,
    /// Answers per target and prompt (1 when 0).
    #[serde(default = "one")]
    #[ts(as = "Option<u32>", optional)]
    pub repeats: u32,
    /// For a follow-up: per target, the conversation so far (earlier prompts and answers),
    /// sent before this prompt. Empty for a fresh comparison. See `Engine::follow_up`.
    #[serde(default)]
    #[ts(as = "Option<Vec<Vec<Message>>>", optional)]
    pub history: Vec<Vec<Message>>,
    /// For a follow-up: the comparison it continues and, per target, the slot it continues.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub parent: Option<ParentRef>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub system: Option<String>,
    /// One slot per target; the same model may appear more than once.
    pub targets: Vec<Target>,
    /// Send although a spending cap cannot be checked because some target has no known price
    /// (the person said so after being told which).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub allow_unknown_cost: Option<bool>,
    /// Send the prompt exactly as written: `{{…}}` in it is text, not a variable. For prompts
    /// the app builds from text it does not control (a judge's prompt quoting answers, a retry
    /// of a prompt already rendered).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub verbatim: Option<bool>,
    /// Files sent with the prompt (every variant and row, to every target): images, PDFs,
    /// text files. Their bytes come with them (base64 over IPC); history keeps each once.
    #[serde(default)]
    #[ts(as = "Option<Vec<Attachment>>", optional)]
    pub attachments: Vec<Attachment>,
}

impl ComparisonSpec {
    /// A single prompt to these targets, once each.
    pub fn simple(prompt: impl Into<String>, system: Option<String>, targets: Vec<Target>) -> Self {
        Self {
            prompt: prompt.into(),
            variants: Vec::new(),
            rows: Vec::new(),
            repeats: 1,
            history: Vec::new(),
            parent: None,
            system,
            targets,
            allow_unknown_cost: None,
            verbatim: None,
            attachments: Vec::new(),
        }
    }

    /// The messages one slot sends: its conversation so far (a follow-up) or the system prompt
    /// (its target's own, else the comparison's; none if blank), then its rendered prompt.
    pub fn messages_for(&self, target: usize, prompt: &str) -> Vec<Message> {
        let mut m = match self.history.get(target).filter(|h| !h.is_empty()) {
            Some(h) => h.clone(),
            None => self
                .targets
                .get(target)
                .and_then(|t| t.system.as_deref())
                .or(self.system.as_deref())
                .filter(|s| !s.trim().is_empty())
                .map(Message::system)
                .into_iter()
                .collect(),
        };
        let mut asked = Message::user(prompt);
        asked.attachments = self.attachments.clone();
        m.push(asked);
        m
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ParentRef {
    pub comparison_id: String,
    /// Aligned with `targets`.
    pub slot_ids: Vec<String>,
}

/// Progress of a running comparison. `slot` is the slot's index (its column).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ComparisonEvent {
    /// Saved; every slot is `pending`.
    Created {
        comparison: ComparisonRecord,
    },
    /// Answers were added to a saved comparison (a retry of one of its answers): new columns
    /// after the existing ones, `pending`. Comes instead of `created`.
    SlotsAdded {
        comparison_id: String,
        slots: Vec<parallax_store::SlotRecord>,
    },
    /// The request for this slot was written; `notes` lists parameters the provider could not
    /// take as given.
    SlotStarted {
        slot: u32,
        notes: Vec<ParamNote>,
    },
    /// Waiting for a place under the concurrency limits.
    SlotQueued {
        slot: u32,
    },
    /// A transient failure before any text; trying again after `delay_ms`.
    SlotRetrying {
        slot: u32,
        attempt: u32,
        #[ts(type = "number")]
        delay_ms: u64,
        reason: String,
    },
    /// The model failed before answering; trying the next model of the target's fallback chain.
    SlotFallback {
        slot: u32,
        model: String,
        reason: String,
    },
    /// First visible text arrived.
    FirstToken {
        slot: u32,
        #[ts(type = "number")]
        ttft_ms: u64,
    },
    /// Text appended since the previous `text` event for this slot.
    Text {
        slot: u32,
        text: String,
    },
    Reasoning {
        slot: u32,
        text: String,
    },
    /// The slot reached its final state (done, failed or cancelled), with every metric.
    SlotFinished {
        slot: u32,
        record: Box<SlotRecord>,
    },
    Finished {
        comparison_id: String,
    },
    /// A spending cap is set and this answer's cost is unknown: the cap cannot count it.
    SpendUnknown {
        slot: u32,
        message: String,
    },
    /// Seconds later, for OpenRouter answers: the upstream provider that served the slot and
    /// its billed cost, from OpenRouter's generation stats. May arrive after `finished`.
    SlotBackfilled {
        slot: u32,
        served_provider: Option<String>,
        cost: Cost,
    },
}

impl Target {
    /// Whether the target as given (by the UI, an import, a saved set) could be sent: a model
    /// named, every parameter in the range the providers take, prices that are amounts. The
    /// reason names the field, as [`Target::apply_param`] names a typed parameter.
    pub fn check(&self) -> Result<(), String> {
        let p = &self.params;
        if self.model.trim().is_empty() {
            return Err("model is empty: name a model".into());
        }
        if self.model.len() > MAX_NAME_BYTES {
            return Err(format!("model is longer than {MAX_NAME_BYTES} bytes"));
        }
        if let Some(t) = p.temperature.filter(|t| !(0.0..=2.0).contains(t)) {
            return Err(format!("temperature takes a number from 0 to 2, not {t}"));
        }
        if let Some(t) = p.top_p.filter(|t| !(0.0..=1.0).contains(t)) {
            return Err(format!("top_p takes a number from 0 to 1, not {t}"));
        }
        if p.max_tokens == Some(0) {
            return Err("max_tokens must be at least 1".into());
        }
        if matches!(
            p.reasoning,
            Some(parallax_llm::Reasoning::Budget { tokens: 0 })
        ) {
            return Err("a reasoning budget must be at least 1 token (or reasoning=off)".into());
        }
        if p.stop.len() > MAX_STOPS
            || p.stop
                .iter()
                .any(|s| s.is_empty() || s.len() > MAX_NAME_BYTES)
        {
            return Err(format!(
                "stop takes at most {MAX_STOPS} sequences, none empty or longer than {MAX_NAME_BYTES} bytes"
            ));
        }
        if self.fallback_models.len() > MAX_STOPS
            || self
                .fallback_models
                .iter()
                .any(|m| m.trim().is_empty() || m.len() > MAX_NAME_BYTES)
        {
            return Err(format!(
                "fallback takes at most {MAX_STOPS} model ids, none empty"
            ));
        }
        let prices = [
            ("prompt_price_per_m", self.prompt_price_per_m),
            ("completion_price_per_m", self.completion_price_per_m),
            (
                "max_prompt_price_per_m",
                self.routing.max_prompt_price_per_m,
            ),
            (
                "max_completion_price_per_m",
                self.routing.max_completion_price_per_m,
            ),
        ];
        for (name, v) in prices {
            if let Some(v) = v.filter(|v| !v.is_finite() || *v < 0.0) {
                return Err(format!(
                    "{name} takes an amount of USD of 0 or more, not {v}"
                ));
            }
        }
        Ok(())
    }
}

/// The longest model id, stop sequence or endpoint name a target may carry.
pub const MAX_NAME_BYTES: usize = 512;
/// The most stop sequences (OpenAI takes 4; Anthropic more) and fallback models a target holds.
pub const MAX_STOPS: usize = 16;

impl Target {
    /// Reads a target as people type it: `model` (OpenRouter), `provider:model` for a built-in
    /// provider (`anthropic:claude-sonnet-4-5`, `ollama:llama3.2:latest`), or `name:model` for a
    /// custom endpoint. OpenRouter ids keep their `:free`-style variants: a prefix containing `/`
    /// is never a provider, and only known names count as one.
    pub fn parse(text: &str, custom_endpoints: &[String]) -> Target {
        let text = text.trim();
        if let Some((prefix, model)) = text.split_once(':') {
            if !prefix.contains('/') && !model.is_empty() {
                if let Some(kind) =
                    ProviderKind::parse(prefix).filter(|k| *k != ProviderKind::Compatible)
                {
                    return Target::on(kind, model);
                }
                if custom_endpoints.iter().any(|n| n == prefix) {
                    return Target {
                        endpoint: Some(prefix.to_owned()),
                        ..Target::on(ProviderKind::Compatible, model)
                    };
                }
            }
        }
        Target::model(text)
    }

    /// Sets one parameter as a person types it (`temperature=0.2`, `reasoning=high`,
    /// `sort=price`, `fallback=openai/gpt-4o-mini`); `stop` and `fallback` add to a list.
    /// The error names the parameter and what it takes.
    pub fn apply_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        let v = value.trim();
        fn num<T: std::str::FromStr>(key: &str, v: &str, what: &str) -> Result<T, String> {
            v.parse()
                .map_err(|_| format!("{key} takes {what}, not {v:?}"))
        }
        match key.trim() {
            "temperature" => {
                let t: f64 = num(key, v, "a number from 0 to 2")?;
                if !(0.0..=2.0).contains(&t) {
                    return Err(format!("temperature takes a number from 0 to 2, not {v}"));
                }
                self.params.temperature = Some(t);
            }
            "top_p" => {
                let t: f64 = num(key, v, "a number from 0 to 1")?;
                if !(0.0..=1.0).contains(&t) {
                    return Err(format!("top_p takes a number from 0 to 1, not {v}"));
                }
                self.params.top_p = Some(t);
            }
            "max_tokens" => {
                let n: u32 = num(key, v, "a whole number of tokens")?;
                if n == 0 {
                    return Err("max_tokens must be at least 1".into());
                }
                self.params.max_tokens = Some(n);
            }
            "seed" => self.params.seed = Some(num(key, v, "a whole number")?),
            "stop" => self.params.stop.push(value.to_owned()),
            "reasoning" => {
                use parallax_llm::{Effort, Reasoning};
                self.params.reasoning = Some(match v {
                    "off" | "none" => Reasoning::Off,
                    "minimal" => Reasoning::Effort { effort: Effort::Minimal },
                    "low" => Reasoning::Effort { effort: Effort::Low },
                    "medium" => Reasoning::Effort { effort: Effort::Medium },
                    "high" => Reasoning::Effort { effort: Effort::High },
                    n => Reasoning::Budget {
                        tokens: num(key, n, "off, minimal, low, medium, high or a number of tokens")?,
                    },
                });
            }
            "sort" => {
                use parallax_llm::RoutingSort;
                self.routing.sort = Some(match v {
                    "price" => RoutingSort::Price,
                    "throughput" => RoutingSort::Throughput,
                    "latency" => RoutingSort::Latency,
                    _ => return Err(format!("sort takes price, throughput or latency, not {v:?}")),
                });
            }
            "fallback" if v.is_empty() => {
                return Err("fallback takes a model id to try when this one fails (fallback=openai/gpt-4o-mini), not nothing".into())
            }
            "fallback" => self.fallback_models.push(v.to_owned()),
            // Kept as typed (leading and trailing space included); empty: no system prompt.
            "system" => self.system = Some(value.to_owned()),
            other => {
                return Err(format!(
                    "unknown parameter {other:?}: use temperature, top_p, max_tokens, seed, stop, reasoning, sort, fallback or system"
                ))
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_given_whole_is_checked_like_one_typed_param_by_param() {
        let ok = |t: &Target| t.check().is_ok();
        let why = |t: &Target| t.check().unwrap_err();
        let mut t = Target::model("a/x");
        assert!(ok(&t));
        t.params.temperature = Some(2.0);
        t.params.top_p = Some(0.0);
        assert!(ok(&t), "the ends of each range are allowed");
        t.params.temperature = Some(2.01);
        assert!(why(&t).contains("temperature"), "{}", why(&t));
        t.params.temperature = None;
        t.params.top_p = Some(-0.1);
        assert!(why(&t).contains("top_p"));
        t.params.top_p = None;
        t.params.max_tokens = Some(0);
        assert!(why(&t).contains("max_tokens"));
        t.params.max_tokens = Some(1);
        t.params.reasoning = Some(parallax_llm::Reasoning::Budget { tokens: 0 });
        assert!(why(&t).contains("reasoning"));
        t.params.reasoning = None;
        t.params.stop = vec![String::new()];
        assert!(why(&t).contains("stop"));
        t.params.stop = vec!["END".into(); 17];
        assert!(
            why(&t).contains("stop"),
            "17 stop sequences is one too many"
        );
        t.params.stop = vec!["END".into(); 16];
        assert!(ok(&t));
        t.fallback_models = vec![" ".into()];
        assert!(why(&t).contains("fallback"));
        t.fallback_models.clear();
        t.prompt_price_per_m = Some(-0.01);
        assert!(why(&t).contains("prompt_price_per_m"));
        t.prompt_price_per_m = Some(0.0);
        t.routing.max_completion_price_per_m = Some(f64::INFINITY);
        assert!(why(&t).contains("max_completion_price_per_m"));
        t.routing.max_completion_price_per_m = None;
        t.model = "  ".into();
        assert!(why(&t).contains("model is empty"));
    }

    #[test]
    fn params_are_set_as_people_type_them_and_bad_ones_say_why() {
        let mut t = Target::model("a/x");
        for (k, v) in [
            ("temperature", "0.2"),
            ("max_tokens", "300"),
            ("seed", "7"),
            ("stop", "END"),
            ("stop", "\n\n"),
            ("reasoning", "high"),
            ("sort", "price"),
            ("fallback", "b/y"),
        ] {
            t.apply_param(k, v).unwrap();
        }
        assert_eq!(t.params.temperature, Some(0.2));
        assert_eq!(t.params.max_tokens, Some(300));
        assert_eq!(t.params.seed, Some(7));
        assert_eq!(t.params.stop, ["END", "\n\n"]);
        assert_eq!(
            t.params.reasoning,
            Some(parallax_llm::Reasoning::Effort {
                effort: parallax_llm::Effort::High
            })
        );
        assert_eq!(t.routing.sort, Some(parallax_llm::RoutingSort::Price));
        assert_eq!(t.fallback_models, ["b/y"]);
        t.apply_param("reasoning", "2048").unwrap();
        assert_eq!(
            t.params.reasoning,
            Some(parallax_llm::Reasoning::Budget { tokens: 2048 })
        );
        let err = |k: &str, v: &str| Target::model("a/x").apply_param(k, v).unwrap_err();
        assert!(err("temperature", "hot").contains("from 0 to 2"));
        assert!(err("temperature", "3").contains("from 0 to 2"));
        assert!(err("max_tokens", "0").contains("at least 1"));
        assert!(err("sort", "vibes").contains("price, throughput or latency"));
        assert!(err("temprature", "1").contains("unknown parameter \"temprature\""));
        let empty = err("fallback", " ");
        assert!(empty.starts_with("fallback takes a model id"), "{empty}");
    }

    #[test]
    fn targets_parse_as_people_type_them() {
        let custom = vec!["lmstudio".to_string()];
        let t = |s: &str| Target::parse(s, &custom);
        assert_eq!(t("openai/gpt-4o-mini"), Target::model("openai/gpt-4o-mini"));
        assert_eq!(
            t("meta-llama/llama-3.2-1b-instruct:free"),
            Target::model("meta-llama/llama-3.2-1b-instruct:free")
        );
        assert_eq!(
            t("anthropic:claude-sonnet-4-5"),
            Target::on(ProviderKind::Anthropic, "claude-sonnet-4-5")
        );
        assert_eq!(
            t("ollama:llama3.2:latest"),
            Target::on(ProviderKind::Ollama, "llama3.2:latest")
        );
        assert_eq!(
            t("openrouter:openai/gpt-4o"),
            Target::model("openai/gpt-4o")
        );
        let lm = t("lmstudio:qwen3-8b");
        assert_eq!(
            (lm.provider, lm.endpoint.as_deref(), lm.model.as_str()),
            (ProviderKind::Compatible, Some("lmstudio"), "qwen3-8b")
        );
        assert_eq!(
            t("unknown:thing"),
            Target::model("unknown:thing"),
            "an unknown prefix is part of the id"
        );
    }
}
