//! parallax-engine — one comparison fanned out to many targets, measured and saved.
//!
//! Owns: validating a [`ComparisonSpec`], saving it before anything is sent, running every slot
//! concurrently over one shared HTTP client, timing each against an injected [`Clock`], deciding
//! each answer's cost and its source, and reporting [`ComparisonEvent`]s to the caller.
//!
//! Invariants:
//! - One slot failing never affects another: its failure is an event and a saved record.
//! - Text that streamed is kept, whatever happens after (errors, cancellation, a crash: partial
//!   text is flushed to the store at least every [`EngineConfig::partial_flush`]).
//! - Text events are coalesced: at most one per slot per [`EngineConfig::text_coalesce`].
//! - Unknown is `None`, never 0, all the way to the store.

pub mod budget;
mod clock;
mod connect;
pub mod estimate;
mod events;
pub mod framing;
mod http;
mod limits;
mod outcome;
mod partials;
pub mod plan;
pub mod settings;
mod slot;
mod start;
mod trail;

use std::sync::Arc;
use std::time::Duration;

use parallax_llm::{adapter, openrouter};
use parallax_llm::{CatalogModel, Endpoint, ErrorCode, LlmError};
use parallax_store::{ComparisonRecord, NewComparison, NewSlot, Store, StoreError};

pub use clock::{Clock, SystemClock};
pub use events::{ComparisonEvent, ComparisonSpec, ParentRef, Target};
pub use limits::RunControl;

/// Shared setting: seconds an answer may be served again from the cache (absent or 0: off).
pub const CACHE_TTL_SETTING: &str = "cache.ttl_seconds";

/// Past this many slots a comparison is almost certainly a mistake (and a bill).
pub const MAX_SLOTS: usize = 256;
/// The longest prompt (or system prompt, or variant) a comparison sends: past the largest
/// context window any catalog lists (two million tokens), so no real prompt meets it.
pub const MAX_PROMPT_BYTES: usize = 8 << 20;

#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// No byte on the wire for this long fails the slot with `timeout`. Bytes, not decoded
    /// events: OpenRouter's `: OPENROUTER PROCESSING` comments keep a thinking model alive.
    pub stall_timeout: Duration,
    /// The same limit before a slot's first byte of stream data when the model may think
    /// without sending anything (see [`silent_thinking_possible`]): OpenAI and Gemini send no
    /// keep-alive while a reasoning model thinks, which can take minutes.
    pub silent_thinking_timeout: Duration,
    /// Longest one answer may take in all (queueing, retries and streaming included).
    pub slot_deadline: Duration,
    pub text_coalesce: Duration,
    pub partial_flush: Duration,
    /// Whether the caller shows answers as they stream (`text` and `reasoning` events, at most
    /// one per slot per `text_coalesce`). A caller that only wants the result (the CLI's
    /// `--json`, a pipe) turns it off: no text events, and no timer waking every slot to send
    /// them — at one stream, about a third of the thread wake-ups per token.
    pub live_text: bool,
    /// Retries of a rate-limited, overloaded or unreachable request before any text arrived.
    pub max_retries: u32,
    /// Exponential backoff: base × 2^retry, capped, with ±25 % jitter, unless the provider said
    /// how long to wait (`Retry-After`).
    pub retry_base: Duration,
    pub retry_cap: Duration,
    /// A provider asking to wait longer than this is not retried: the slot fails and says so.
    pub max_retry_after: Duration,
    /// Requests in flight at once, over all providers.
    pub global_concurrency: usize,
    /// Per provider label (`ollama`, `openrouter`, `compatible:lab`); Ollama defaults to 1.
    pub provider_concurrency: std::collections::HashMap<String, usize>,
    /// OpenRouter's generation stats appear a few seconds after an answer: how often and how far
    /// apart to ask for them (serving provider, billed cost). 0 attempts turns backfill off.
    pub backfill_attempts: u32,
    pub backfill_wait: Duration,
    /// Opt-in answer cache: an identical request (provider, model, messages, params, fallbacks,
    /// routing) answered within this long is served from history at once, marked cached, cost
    /// 0. `None` reads the shared setting `cache.ttl_seconds` (absent: off).
    pub cache_ttl: Option<Duration>,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            stall_timeout: Duration::from_secs(60),
            silent_thinking_timeout: Duration::from_secs(10 * 60),
            slot_deadline: Duration::from_secs(15 * 60),
            text_coalesce: Duration::from_millis(16),
            partial_flush: Duration::from_millis(250),
            live_text: true,
            max_retries: 2,
            retry_base: Duration::from_millis(500),
            retry_cap: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            global_concurrency: MAX_SLOTS,
            provider_concurrency: Default::default(),
            backfill_attempts: 6,
            backfill_wait: Duration::from_millis(1500),
            cache_ttl: None,
        }
    }
}

/// Whether a request may be answered after a long silence in which the model thinks without
/// sending a byte. The rule: a request that asked for reasoning (an effort or a budget) on any
/// provider, or a request to OpenAI or Gemini directly that did not turn reasoning off (their
/// reasoning models think by default and stream nothing meanwhile; OpenAI cannot turn it off).
/// OpenRouter sends keep-alive
/// comments and Anthropic pings while a model thinks, so bytes keep the normal limit alive.
pub fn silent_thinking_possible(
    kind: parallax_llm::ProviderKind,
    reasoning: Option<parallax_llm::Reasoning>,
) -> bool {
    use parallax_llm::{ProviderKind, Reasoning};
    match reasoning {
        // OpenAI has no switch to turn reasoning off (the adapter drops it with a note), so its
        // reasoning models still think silently.
        Some(Reasoning::Off) => kind == ProviderKind::OpenAi,
        Some(_) => true,
        None => matches!(kind, ProviderKind::OpenAi | ProviderKind::Gemini),
    }
}

impl EngineConfig {
    /// How long to wait before retry number `retry + 1`; `None` when the provider asked for a
    /// wait longer than [`Self::max_retry_after`].
    pub fn retry_delay(&self, retry: u32, retry_after_ms: Option<u64>) -> Option<Duration> {
        if let Some(ms) = retry_after_ms {
            let asked = Duration::from_millis(ms);
            return (asked <= self.max_retry_after).then_some(asked);
        }
        let exp = self
            .retry_base
            .saturating_mul(1u32 << retry.min(16))
            .min(self.retry_cap);
        // Jitter from the clock's low bits: enough to spread slots that failed together.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let factor = 0.75 + (nanos % 1000) as f64 / 2000.0;
        Some(exp.mul_f64(factor))
    }
}

/// Setup errors: the comparison never started. Per-slot failures are events, not these.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("the prompt is empty: type a prompt first")]
    EmptyPrompt,
    #[error("no model is picked: pick at least one model")]
    NoTargets,
    #[error("{0} answers requested; the limit is {MAX_SLOTS} per comparison")]
    TooManySlots(usize),
    #[error("over budget: {0}")]
    OverBudget(String),
    #[error("{0}")]
    BudgetUnknownCost(String),
    #[error("that comparison has no finished answer to continue")]
    NothingToContinue,
    #[error("the prompt uses {{{{{name}}}}} but {}", row.map_or("no value was given for it".to_owned(), |r| format!("row {r} gives it no value")))]
    MissingVariable { name: String, row: Option<usize> },
    /// A target (counted from 1, as columns are shown) that could not be sent as given.
    #[error("model {index}: {reason}")]
    InvalidTarget { index: usize, reason: String },
    #[error("the prompt is {0} bytes; the limit is {MAX_PROMPT_BYTES} (about two million tokens)")]
    PromptTooLong(usize),
    /// An attached file that cannot be sent (empty, too large, not a kind models read).
    #[error(transparent)]
    Attachment(#[from] parallax_llm::AttachmentError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl EngineError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::EmptyPrompt => "empty_prompt",
            Self::NoTargets => "no_targets",
            Self::TooManySlots(_) => "too_many_slots",
            Self::OverBudget(_) => "over_budget",
            Self::BudgetUnknownCost(_) => "budget_unknown_cost",
            Self::NothingToContinue => "nothing_to_continue",
            Self::MissingVariable { .. } => "missing_variable",
            Self::InvalidTarget { .. } | Self::PromptTooLong(_) => "invalid_input",
            Self::Attachment(_) => "invalid_attachment",
            Self::Store(e) => e.code(),
        }
    }
}

pub type EventSink = Arc<dyn Fn(ComparisonEvent) + Send + Sync>;

#[derive(Clone)]
pub struct Engine {
    http: reqwest::Client,
    store: Store,
    partials: partials::PartialWriter,
    clock: Arc<dyn Clock>,
    config: EngineConfig,
}

/// A slot's saved target (`json`), or for an answer saved before targets were kept (or one whose
/// saved form no longer reads), its provider and model.
fn saved_target(provider: &str, model: &str, json: Option<&str>) -> Target {
    json.and_then(|j| serde_json::from_str::<Target>(j).ok())
        .unwrap_or_else(|| Target::parse(&format!("{provider}:{model}"), &[]))
}

/// Answer `slot` (its column index) of a saved comparison, or `not_found` naming it.
fn answer_of(c: &ComparisonRecord, slot: u32) -> Result<&parallax_store::SlotRecord, StoreError> {
    c.slots
        .iter()
        .find(|s| s.index == slot)
        .ok_or_else(|| StoreError::NotFound("answer", format!("{} column {slot}", c.id)))
}

/// Fills one target's price sheet and its basis from the stored catalogs (see
/// [`Engine::priced`] for the order); leaves it unset when nothing is known.
pub(crate) fn price_target(store: &Store, t: &mut Target) {
    use parallax_llm::pricing::{openrouter_candidates, PriceSheet};
    let saved = |source: &str, id: &str| store.saved_catalog_price(source, id).ok().flatten();
    let own = t.endpoint_ref().catalog_key();
    let own_entry = saved(&own, &t.model);
    // Limits from the model's own list even when it has no prices (Anthropic, Gemini).
    if let Some((m, _)) = &own_entry {
        t.context_length = t.context_length.or(m.context_length);
        t.max_output_tokens = t.max_output_tokens.or(m.max_output_tokens);
    }
    let priced = |e: &(parallax_llm::CatalogModel, i64)| e.0.prompt_price.usd().is_some();
    let found = own_entry
        .filter(priced)
        .map(|e| (e, t.model.clone(), own))
        .or_else(|| {
            openrouter_candidates(t.provider, &t.model)
                .into_iter()
                .find_map(|id| {
                    saved("openrouter", &id)
                        .filter(priced)
                        .map(|e| (e, id, "openrouter".to_owned()))
                })
        });
    if let Some(((m, fetched_at), id, source)) = found {
        t.prices = Some(PriceSheet::from_catalog(&m));
        t.price_basis = Some(format!(
            "list price of {id} in the {source} catalog of {}",
            utc_day(fetched_at)
        ));
        t.context_length = t.context_length.or(m.context_length);
        t.max_output_tokens = t.max_output_tokens.or(m.max_output_tokens);
    } else if t.prompt_price_per_m.is_some() && t.completion_price_per_m.is_some() {
        t.prices = t.price_sheet();
        t.price_basis = Some("prices given with the target".into());
    } else if t.provider == parallax_llm::ProviderKind::Ollama {
        // Local inference costs no money (the Ollama parser bills a real $0 too).
        t.prices = Some(PriceSheet::typed(0.0, 0.0));
        t.price_basis = Some("local: no charge".into());
    }
}

/// The UTC minute of the day (0–1439) of a unix-ms instant: time-of-day price windows.
pub fn minute_of_day(unix_ms: i64) -> Option<u32> {
    u32::try_from(unix_ms.rem_euclid(86_400_000) / 60_000).ok()
}

/// `YYYY-MM-DD` (UTC) of a unix-ms instant; "an unknown date" for 0.
fn utc_day(unix_ms: i64) -> String {
    if unix_ms <= 0 {
        return "an unknown date".into();
    }
    parallax_store::civil_day(unix_ms.div_euclid(86_400_000))
}

/// The one HTTP client: a shared connection pool, no compression (see `parallax_llm`).
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(15))
        .connector_layer(connect::TimedConnect)
        .user_agent(concat!("Parallax/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("a TLS backend is compiled in")
}

impl Engine {
    pub fn new(store: Store, clock: Arc<dyn Clock>, config: EngineConfig) -> Self {
        Self {
            http: http_client(),
            partials: partials::PartialWriter::spawn(store.clone()),
            store,
            clock,
            config,
        }
    }

    /// The limits, timeouts and behaviour this engine runs with.
    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Validates the spec and saves the comparison with every slot `pending`.
    /// A follow-up to an earlier comparison: `prompt` continues the conversation of each of its
    /// finished answers (or only those in `slots`, e.g. one chosen winner), with the same targets
    /// and parameters. Run it like any spec: `prepare`, then `execute`.
    pub fn follow_up(
        &self,
        parent_id: &str,
        prompt: &str,
        slots: &[u32],
    ) -> Result<ComparisonSpec, EngineError> {
        let parent = self.store.get_comparison(parent_id)?;
        let chosen: Vec<&parallax_store::SlotRecord> = parent
            .slots
            .iter()
            // A truncated answer can be continued ("go on"); a refusal or a failure cannot.
            .filter(|s| s.status.generated() && !s.text.is_empty())
            .filter(|s| slots.is_empty() || slots.contains(&s.index))
            .collect();
        if chosen.is_empty() {
            return Err(EngineError::NothingToContinue);
        }
        let mut targets = Vec::with_capacity(chosen.len());
        let mut history = Vec::with_capacity(chosen.len());
        for s in &chosen {
            let target = self.target_of(s)?;
            let mut messages = s.messages.clone();
            if messages.is_empty() {
                // Saved before messages were recorded: rebuild the first turn.
                if let Some(sys) = parent.system.as_deref() {
                    messages.push(parallax_llm::Message::system(sys));
                }
                messages.push(parallax_llm::Message::user(
                    s.prompt.as_deref().unwrap_or(&parent.prompt),
                ));
            }
            messages.push(parallax_llm::Message::new(
                parallax_llm::Role::Assistant,
                s.text.clone(),
            ));
            // Earlier turns' files are sent again with them (history keeps their bytes apart).
            self.store.fill_attachments(&mut messages)?;
            targets.push(target);
            history.push(messages);
        }
        Ok(ComparisonSpec {
            prompt: prompt.to_owned(),
            variants: Vec::new(),
            rows: Vec::new(),
            repeats: 1,
            system: parent.system.clone(),
            history,
            parent: Some(ParentRef {
                comparison_id: parent.id.clone(),
                slot_ids: chosen.iter().map(|s| s.id.clone()).collect(),
            }),
            targets,
            allow_unknown_cost: None,
            verbatim: None,
            attachments: Vec::new(),
        })
    }

    /// What the spec will cost, before anything is sent, for someone who asked to see it: OpenAI
    /// models are counted exactly, so the first such estimate of a process waits for the
    /// tokenizer to load (0.1–0.4 s, once): call it off async workers. Sending never waits for
    /// it (see [`estimate::Counting::NoWait`]).
    pub fn estimate(&self, spec: &ComparisonSpec) -> Result<estimate::Estimate, EngineError> {
        estimate::estimate(
            &self.priced(spec),
            minute_of_day(self.clock.unix_ms()),
            estimate::Counting::Exact,
        )
    }

    /// The spec with every target's prices resolved from the stored catalogs, best first:
    /// 1. the model in its own provider's catalog, when that lists prices (OpenRouter);
    /// 2. for OpenAI, Anthropic and Gemini directly, the same model in the stored OpenRouter
    ///    catalog (`pricing::openrouter_candidates`: `openai:gpt-4o` ↔ `openai/gpt-4o`, dated
    ///    Anthropic ids to their family, a short table of exceptions), marked as the list price
    ///    "in the openrouter catalog of <date>";
    /// 3. the prompt and completion prices the front end gave.
    ///
    /// Otherwise unknown. Targets that already carry a sheet keep it.
    ///
    /// Files named without their bytes (a comparison run again, duplicated or continued from
    /// history) get them back from history here; one history does not hold stays without them
    /// and its columns are refused with the reason (`llm::attachment::check`).
    pub fn priced(&self, spec: &ComparisonSpec) -> ComparisonSpec {
        let mut spec = spec.clone();
        for t in spec.targets.iter_mut().filter(|t| t.prices.is_none()) {
            price_target(&self.store, t);
        }
        // A read error here leaves the files without bytes: refused later, by name.
        let _ = self.store.fill_files(&mut spec.attachments);
        for h in &mut spec.history {
            let _ = self.store.fill_attachments(h);
        }
        spec
    }

    /// Validates the spec, checks the spending caps, and saves the comparison with every slot
    /// `pending`. The caps are checked on an estimate that never waits for the tokenizer: OpenAI
    /// models are counted exactly only if an earlier estimate counted the same text, else
    /// approximately.
    pub fn prepare(&self, spec: &ComparisonSpec) -> Result<ComparisonRecord, EngineError> {
        let spec = &self.priced(spec);
        let plan = plan::expand(spec)?;
        self.check_budget(spec)?;
        let new = NewComparison {
            parent_id: spec.parent.as_ref().map(|r| r.comparison_id.clone()),
            prompt: spec.prompt.clone(),
            system: spec.system.clone().filter(|s| !s.trim().is_empty()),
            slots: plan
                .iter()
                .map(|p| {
                    let t = &spec.targets[p.target];
                    NewSlot {
                        provider: t.provider_label(),
                        model: t.model.clone(),
                        variant: p.variant,
                        row: p.row,
                        repeat: p.repeat,
                        prompt: (p.prompt != spec.prompt).then(|| p.prompt.clone()),
                        messages: spec.messages_for(p.target, &p.prompt),
                        parent_slot_id: spec
                            .parent
                            .as_ref()
                            .and_then(|r| r.slot_ids.get(p.target).cloned()),
                        target_json: serde_json::to_string(t).ok(),
                    }
                })
                .collect(),
        };
        Ok(self.store.create_comparison(&new, self.clock.unix_ms())?)
    }

    /// The spending caps against what `spec` may cost (never waiting for the tokenizer).
    fn check_budget(&self, spec: &ComparisonSpec) -> Result<(), EngineError> {
        let budget = budget::Budget::load(&self.store)?;
        if budget != budget::Budget::default() {
            let day = budget::day_start_ms(self.clock.unix_ms());
            let spent = self.store.spend_since(day)?;
            let unknown = self.store.unknown_spend_since(day)?;
            budget.check(
                &estimate::estimate(
                    spec,
                    minute_of_day(self.clock.unix_ms()),
                    estimate::Counting::NoWait,
                )?,
                spent,
                unknown,
                spec.allow_unknown_cost.unwrap_or(false),
            )?;
        }
        Ok(())
    }

    /// What answer `slot` of comparison `id` was asked of: its model, parameters, routing and
    /// prices as sent (a starting point for asking it again with changes).
    pub fn answer_target(&self, id: &str, slot: u32) -> Result<Target, EngineError> {
        let c = self.store.get_comparison(id)?;
        let s = answer_of(&c, slot)?;
        self.target_of(s)
    }

    /// What every answer of comparison `id` was asked of, in column order (element `i` is
    /// slot `i`; see [`Engine::answer_target`]): what a saved comparison shows each column was
    /// asked with, what a fork and "Run again" send. One read, no answer text.
    pub fn answer_targets(&self, id: &str) -> Result<Vec<Target>, EngineError> {
        Ok(self
            .store
            .slot_targets(id)?
            .iter()
            .map(|(provider, model, json)| saved_target(provider, model, json.as_deref()))
            .collect())
    }

    /// The target a saved slot was run with; for answers saved before targets were kept, its
    /// provider and model.
    fn target_of(&self, s: &parallax_store::SlotRecord) -> Result<Target, EngineError> {
        let json = self.store.slot_target_json(&s.id)?;
        Ok(saved_target(&s.provider, &s.model, json.as_deref()))
    }

    /// Adds a retry of answer `slot` of comparison `id` to that comparison, as a new column
    /// after the others: the same messages, to `target` (changed parameters, another model) or
    /// to the target the answer was asked of. The earlier answer and its cost stay (a retry
    /// never rewrites what was paid for). Returns the comparison holding only the new slot and
    /// the spec it runs under, for [`Engine::execute_added`]; the caps are checked first.
    pub fn prepare_retry(
        &self,
        id: &str,
        slot: u32,
        target: Option<Target>,
        allow_unknown_cost: bool,
    ) -> Result<(ComparisonRecord, ComparisonSpec), EngineError> {
        let c = self.store.get_comparison(id)?;
        let s = answer_of(&c, slot)?;
        let target = match target {
            Some(t) => {
                t.check()
                    .map_err(|reason| EngineError::InvalidTarget { index: 1, reason })?;
                t
            }
            None => self.target_of(s)?,
        };
        let mut messages = s.messages.clone();
        if messages.is_empty() {
            // Saved before messages were recorded: the first turn, rebuilt.
            if let Some(sys) = c.system.as_deref() {
                messages.push(parallax_llm::Message::system(sys));
            }
            messages.push(parallax_llm::Message::user(
                s.prompt.as_deref().unwrap_or(&c.prompt),
            ));
        }
        self.store.fill_attachments(&mut messages)?;
        // `messages_for` gives back exactly these: the earlier turns, then this prompt with its
        // files.
        let (last, files) = messages
            .pop()
            .map(|m| (m.content, m.attachments))
            .unwrap_or_default();
        let spec = ComparisonSpec {
            prompt: last,
            variants: Vec::new(),
            rows: Vec::new(),
            repeats: 1,
            history: vec![messages],
            parent: None,
            system: None,
            targets: vec![target],
            allow_unknown_cost: Some(allow_unknown_cost),
            verbatim: Some(true),
            attachments: files,
        };
        let spec = self.priced(&spec);
        self.check_budget(&spec)?;
        let t = &spec.targets[0];
        let added = self.store.add_slots(
            id,
            &[NewSlot {
                provider: t.provider_label(),
                model: t.model.clone(),
                variant: s.variant,
                row: s.row,
                repeat: s.repeat,
                prompt: s.prompt.clone(),
                messages: spec.messages_for(0, &spec.prompt),
                parent_slot_id: s.parent_slot_id.clone(),
                target_json: serde_json::to_string(t).ok(),
            }],
        )?;
        Ok((ComparisonRecord { slots: added, ..c }, spec))
    }

    /// Runs slots added to a saved comparison ([`Engine::prepare_retry`]) like [`Engine::execute`]
    /// runs a new one, saying `slots_added` instead of `created`, and never from the answer
    /// cache (a retry asks again). Returns the whole comparison.
    pub async fn execute_added(
        &self,
        record: ComparisonRecord,
        spec: &ComparisonSpec,
        endpoint_for: &(dyn Fn(&Target) -> Result<Endpoint, LlmError> + Sync),
        sink: EventSink,
        control: RunControl,
    ) -> ComparisonRecord {
        self.run(record, spec, endpoint_for, sink, control, true)
            .await
    }

    /// Runs every slot of a prepared comparison concurrently and returns the final record.
    /// `endpoint_for` says where each target goes (see [`settings::endpoint_for`]); it is asked
    /// once per provider and custom endpoint, so it must depend on nothing else of the target.
    /// An error there fails those slots only. Events go to `sink` as they happen; `cancel` stops every
    /// slot, keeping partial text.
    pub async fn execute(
        &self,
        record: ComparisonRecord,
        spec: &ComparisonSpec,
        endpoint_for: &(dyn Fn(&Target) -> Result<Endpoint, LlmError> + Sync),
        sink: EventSink,
        control: RunControl,
    ) -> ComparisonRecord {
        self.run(record, spec, endpoint_for, sink, control, false)
            .await
    }

    async fn run(
        &self,
        record: ComparisonRecord,
        spec: &ComparisonSpec,
        endpoint_for: &(dyn Fn(&Target) -> Result<Endpoint, LlmError> + Sync),
        sink: EventSink,
        control: RunControl,
        added: bool,
    ) -> ComparisonRecord {
        let sink = trail::logged(record.id.clone(), sink);
        let limits = Arc::new(limits::Limits::new(&self.config));
        let budget = budget::Budget::load(&self.store).unwrap_or_default();
        let spend = Arc::new(budget::Spend::new(budget));
        let spec = &self.priced(spec);
        // Only for the context check below: it never waits for the tokenizer, and refuses on an
        // approximate count only what is clearly too long.
        let estimate = estimate::estimate(
            spec,
            minute_of_day(self.clock.unix_ms()),
            estimate::Counting::NoWait,
        )
        .ok();
        let mut config = self.config.clone();
        if config.cache_ttl.is_none() {
            config.cache_ttl = self
                .store
                .get_setting(CACHE_TTL_SETTING)
                .ok()
                .flatten()
                .and_then(|v| v.trim().parse::<u64>().ok())
                .filter(|s| *s > 0)
                .map(Duration::from_secs);
        }
        sink(if added {
            ComparisonEvent::SlotsAdded {
                comparison_id: record.id.clone(),
                slots: record.slots.clone(),
            }
        } else {
            ComparisonEvent::Created {
                comparison: record.clone(),
            }
        });
        let mut tasks = tokio::task::JoinSet::new();
        // One resolution per provider and endpoint, not per slot: resolving may read the OS
        // keychain (a D-Bus round trip), and every slot spawned after it would wait for it.
        let mut endpoints = std::collections::HashMap::new();
        // The same expansion `prepare` saved: slot i is plan[i].
        let plan = plan::expand(spec).unwrap_or_default();
        let mut tickets = start::StartLine::tickets(record.slots.len().min(plan.len()));
        for (i, (slot, planned)) in record.slots.iter().cloned().zip(plan).enumerate() {
            let target = spec.targets[planned.target].clone();
            let slot_estimate = estimate.as_ref().and_then(|e| e.slots.get(i));
            // A prompt that cannot fit the model is refused for that slot before sending.
            let endpoint = match slot_estimate {
                Some(e) if e.fits_context == Some(false) => Err(LlmError::new(
                    ErrorCode::ContextLengthExceeded,
                    format!(
                        "The prompt ({}{} tokens) does not fit this model's context window of {} tokens; it was not sent.",
                        if e.counted == estimate::TokenCount::Exact { "" } else { "about " },
                        e.input_tokens,
                        target.context_length.unwrap_or(0)
                    ),
                )),
                _ => endpoints
                    .entry((target.provider, target.endpoint.clone()))
                    .or_insert_with(|| endpoint_for(&target))
                    .clone(),
            };
            let run = slot::SlotRun {
                http: self.http.clone(),
                store: self.store.clone(),
                partials: self.partials.clone(),
                clock: self.clock.clone(),
                config: config.clone(),
                endpoint,
                messages: spec.messages_for(planned.target, &planned.prompt),
                target,
                sink: sink.clone(),
                cancel: control.token(slot.index),
                control: control.clone(),
                spend: spend.clone(),
                cacheable: spec.repeats <= 1 && !added,
                limits: limits.clone(),
                start: tickets.pop().expect("one ticket per slot"),
            };
            tasks.spawn(run.run(slot));
        }
        let mut finished = Vec::with_capacity(record.slots.len());
        while let Some(res) = tasks.join_next().await {
            // A panicking slot task is a bug; the others still finish and are saved.
            if let Ok(slot) = res {
                finished.push(slot);
            }
        }
        // The history's folder removed while the run went on: answers saved before that went
        // into a file no history will read, so none of them is saved; they say so (again, for
        // those already shown as finished).
        if let Err(e) = self.store.check_still_there() {
            let why = slot::unsaved_reason(&self.store, &e);
            for f in finished.iter_mut().filter(|f| f.unsaved.is_none()) {
                f.unsaved = Some(why.clone());
                sink(ComparisonEvent::SlotFinished {
                    slot: f.index,
                    record: Box::new(f.clone()),
                });
            }
        }
        sink(ComparisonEvent::Finished {
            comparison_id: record.id.clone(),
        });
        // Re-read so the result is exactly what history will show — except answers whose final
        // save failed: the history holds a stale partial of those, so the answer as it ended
        // (with why it was not saved) is what the caller gets.
        match self.store.get_comparison(&record.id) {
            Ok(mut saved) => {
                for f in finished.into_iter().filter(|f| f.unsaved.is_some()) {
                    if let Some(s) = saved.slots.iter_mut().find(|s| s.id == f.id) {
                        *s = f;
                    }
                }
                saved
            }
            Err(_) => {
                finished.sort_by_key(|s| s.index);
                ComparisonRecord {
                    slots: finished,
                    ..record
                }
            }
        }
    }

    async fn get_json(
        &self,
        req: &parallax_llm::HttpRequest,
        endpoint: &Endpoint,
    ) -> Result<(u16, String), LlmError> {
        let resp = http::send(&self.http, req, endpoint).await?;
        let status = resp.status().as_u16();
        let body = resp
            .text()
            .await
            .map_err(|e| http::transport_error(&e, endpoint))?;
        Ok((status, body))
    }

    /// The providers serving `model` on OpenRouter (price, build, limits, health), fetched now.
    /// Only OpenRouter lists them.
    pub async fn model_endpoints(
        &self,
        endpoint: &Endpoint,
        model: &str,
    ) -> Result<Vec<parallax_llm::openrouter::ProviderEndpoint>, LlmError> {
        if endpoint.kind != parallax_llm::ProviderKind::OpenRouter {
            return Err(LlmError::new(
                ErrorCode::BadRequest,
                format!(
                    "{} does not list the providers serving a model; only OpenRouter does.",
                    endpoint.name
                ),
            ));
        }
        let req = parallax_llm::openrouter::build_model_endpoints_request(endpoint, model);
        let (status, body) = self.get_json(&req, endpoint).await?;
        if !(200..300).contains(&status) {
            return Err(adapter::classify_http_error(endpoint, status, None, &body));
        }
        parallax_llm::openrouter::parse_model_endpoints(&body)
    }

    /// Now, on the engine's clock (Unix milliseconds).
    pub fn clock_unix_ms(&self) -> i64 {
        self.clock.unix_ms()
    }

    /// The endpoint's model list without saving it (probing a server that may not be
    /// configured).
    pub async fn fetch_models(&self, endpoint: &Endpoint) -> Result<Vec<CatalogModel>, LlmError> {
        self.fetch_catalog(endpoint).await
    }

    /// Fetches the endpoint's model list, in whichever schema its provider uses, following
    /// OpenRouter's `links.next` pages when it sends them.
    pub async fn list_models(&self, endpoint: &Endpoint) -> Result<Vec<CatalogModel>, LlmError> {
        Ok(self.refresh_catalog(endpoint).await?.0)
    }

    /// Fetches an endpoint's catalog and records it in the store's catalog history (see
    /// [`parallax_llm::EndpointRef::catalog_key`]). The refresh summary is `None` when recording failed: a history that
    /// cannot be written does not keep people from seeing the models.
    pub async fn refresh_catalog(
        &self,
        endpoint: &Endpoint,
    ) -> Result<(Vec<CatalogModel>, Option<parallax_store::CatalogRefresh>), LlmError> {
        let models = self.fetch_catalog(endpoint).await?;
        let refresh = self
            .store
            .record_catalog(
                &endpoint.endpoint_ref().catalog_key(),
                &models,
                self.clock.unix_ms(),
            )
            .ok();
        Ok((models, refresh))
    }

    async fn fetch_catalog(&self, endpoint: &Endpoint) -> Result<Vec<CatalogModel>, LlmError> {
        let (status, mut body) = self
            .get_json(&adapter::build_models_request(endpoint), endpoint)
            .await?;
        if !(200..300).contains(&status) {
            return Err(adapter::classify_http_error(endpoint, status, None, &body));
        }
        let mut models = adapter::parse_models(endpoint.kind, &body)?;
        if endpoint.kind == parallax_llm::ProviderKind::OpenRouter {
            // A cap on pages guards against a server whose `next` never ends.
            for _ in 0..50 {
                let Some(offset) = openrouter::next_models_offset(&body) else {
                    break;
                };
                let req = openrouter::build_models_page_request(endpoint, offset, 1000);
                let (status, next) = self.get_json(&req, endpoint).await?;
                if !(200..300).contains(&status) {
                    return Err(adapter::classify_http_error(endpoint, status, None, &next));
                }
                models.extend(adapter::parse_models(endpoint.kind, &next)?);
                body = next;
            }
        }
        // The demo's list is curated (speeds first, then failure kinds): kept in its order.
        if endpoint.kind != parallax_llm::ProviderKind::Demo {
            models.sort_by(|a, b| a.id.cmp(&b.id));
            models.dedup_by(|a, b| a.id == b.id);
        }
        if models.is_empty() {
            return Err(LlmError::new(
                ErrorCode::MalformedResponse,
                format!("{} listed no models", endpoint.name),
            ));
        }
        Ok(models)
    }

    /// OpenRouter's stats for one generation (billed cost, serving provider, native tokens).
    /// They appear a few seconds after the answer ends: asks up to `attempts` times, `wait` apart.
    /// `Ok(None)` when they never appeared.
    pub async fn generation_stats(
        &self,
        endpoint: &Endpoint,
        generation_id: &str,
        attempts: u32,
        wait: Duration,
    ) -> Result<Option<openrouter::GenerationStats>, LlmError> {
        fetch_generation(&self.http, endpoint, generation_id, attempts, wait).await
    }

    /// Checks that an endpoint answers: lists its models (timed from the request to the whole
    /// list, every page; then saved as its catalog like any listing) and, for OpenRouter, whose model list needs no key, asks for the key's
    /// status, so a refused key is found here and not on the first comparison.
    pub async fn test_connection(&self, endpoint: &Endpoint) -> Result<ConnectionTest, LlmError> {
        let started = self.clock.now();
        let models = self.fetch_catalog(endpoint).await?;
        let latency_ms = slot::whole_ms(self.clock.now().saturating_duration_since(started));
        // Saved like any listing, outside the timing (a busy history must not read as latency).
        let _ = self.store.record_catalog(
            &endpoint.endpoint_ref().catalog_key(),
            &models,
            self.clock.unix_ms(),
        );
        let key = match (endpoint.kind, &endpoint.api_key) {
            (parallax_llm::ProviderKind::OpenRouter, Some(_)) => {
                Some(self.key_status(endpoint).await?)
            }
            _ => None,
        };
        Ok(ConnectionTest {
            latency_ms,
            models: models.len() as u32,
            key,
        })
    }

    /// OpenRouter's view of the key: limit, remaining credit, usage.
    pub async fn key_status(&self, endpoint: &Endpoint) -> Result<openrouter::KeyStatus, LlmError> {
        let (status, body) = self
            .get_json(&openrouter::build_key_request(endpoint), endpoint)
            .await?;
        openrouter::parse_key(endpoint, status, &body)
    }
}

/// What a connection test found.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct ConnectionTest {
    /// Listing the models, from the request to the whole answer, in ms.
    #[ts(type = "number")]
    pub latency_ms: u64,
    /// How many models the endpoint lists.
    pub models: u32,
    /// The key's limit, remaining credit and usage, where the provider tells (OpenRouter).
    pub key: Option<openrouter::KeyStatus>,
}

/// Asks OpenRouter for a generation's stats up to `attempts` times, `wait` apart (404 means "not
/// yet"). `Ok(None)` when they never appeared.
pub(crate) async fn fetch_generation(
    http: &reqwest::Client,
    endpoint: &Endpoint,
    generation_id: &str,
    attempts: u32,
    wait: Duration,
) -> Result<Option<openrouter::GenerationStats>, LlmError> {
    let req = openrouter::build_generation_request(endpoint, generation_id);
    for attempt in 0..attempts {
        if attempt > 0 {
            tokio::time::sleep(wait).await;
        }
        let resp = http::send(http, &req, endpoint).await?;
        let status = resp.status().as_u16();
        let body = resp
            .text()
            .await
            .map_err(|e| http::transport_error(&e, endpoint))?;
        if let openrouter::GenerationLookup::Ready(stats) =
            openrouter::parse_generation(endpoint, status, &body)?
        {
            return Ok(Some(stats));
        }
    }
    Ok(None)
}
