//! History records: comparisons and their slots, as saved and as read back.

use parallax_llm::{ErrorCode, ParamNote, Usage};
use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SlotStatus {
    /// Saved, request not yet sent.
    Pending,
    Streaming,
    Done,
    /// The model declined, or a safety filter stopped it (OpenAI `refusal` and
    /// `content_filter`, Anthropic `refusal`, Gemini `SAFETY`/`RECITATION`/`PROHIBITED_CONTENT`…).
    /// The transport worked; this is not a normal answer either. Any text is kept.
    Refused,
    /// The answer stopped at a length limit before it was complete (`length`, `max_tokens`,
    /// Gemini `MAX_TOKENS`, Anthropic `model_context_window_exceeded`). A reasoning model that
    /// spent the whole limit thinking ends here with no answer text.
    Truncated,
    Failed,
    Cancelled,
    /// The process ended while this slot was streaming; its partial text is kept.
    Interrupted,
}

impl SlotStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Streaming => "streaming",
            Self::Done => "done",
            Self::Refused => "refused",
            Self::Truncated => "truncated",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
            Self::Interrupted => "interrupted",
        }
    }
    fn parse(s: &str) -> Self {
        match s {
            "pending" => Self::Pending,
            "streaming" => Self::Streaming,
            "done" => Self::Done,
            "refused" => Self::Refused,
            "truncated" => Self::Truncated,
            "cancelled" => Self::Cancelled,
            "interrupted" => Self::Interrupted,
            _ => Self::Failed,
        }
    }
    pub fn is_final(self) -> bool {
        !matches!(self, Self::Pending | Self::Streaming)
    }

    /// The model generated until it stopped by itself or at a limit: its timings and speed are
    /// those of a normal generation (done or truncated, not refused or failed).
    pub fn generated(self) -> bool {
        matches!(self, Self::Done | Self::Truncated)
    }
}

/// Where a cost figure comes from, best first. `Unknown` always goes with `usd: None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CostSource {
    /// What the provider says it charged.
    Billed,
    /// Reported tokens × the catalog price in force at run time.
    Computed,
    /// Estimated tokens × price.
    Estimated,
    Unknown,
}

impl CostSource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Billed => "billed",
            Self::Computed => "computed",
            Self::Estimated => "estimated",
            Self::Unknown => "unknown",
        }
    }
    fn parse(s: &str) -> Self {
        match s {
            "billed" => Self::Billed,
            "computed" => Self::Computed,
            "estimated" => Self::Estimated,
            _ => Self::Unknown,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct Cost {
    pub usd: Option<f64>,
    pub source: CostSource,
}

impl Cost {
    pub const UNKNOWN: Cost = Cost {
        usd: None,
        source: CostSource::Unknown,
    };
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SlotError {
    pub code: ErrorCode,
    pub message: String,
}

/// One answer from one target, with everything measured about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SlotRecord {
    pub id: String,
    /// Position in the comparison (columns are shown in this order).
    pub index: u32,
    /// Which prompt variant (0 = the comparison's prompt), variable row and repeat this is.
    pub variant: u32,
    pub row: u32,
    pub repeat: u32,
    /// The prompt this slot sent, when it differs from the comparison's.
    pub prompt: Option<String>,
    /// Every message the slot sends (system, earlier turns, this prompt), kept so the answer
    /// can be continued later.
    pub messages: Vec<parallax_llm::Message>,
    /// For a follow-up: the earlier slot this one continues.
    pub parent_slot_id: Option<String>,
    pub provider: String,
    /// The model asked for.
    pub model: String,
    /// The model that actually answered, when the provider says (routers, fallbacks).
    pub served_model: Option<String>,
    /// The upstream provider that served it (OpenRouter's generation stats), when known.
    pub served_provider: Option<String>,
    pub status: SlotStatus,
    pub text: String,
    pub reasoning: String,
    /// First response byte (headers included), from t0. Diagnostic: keep-alives count here.
    #[ts(type = "number | null")]
    pub ttfb_ms: Option<u64>,
    /// First reasoning text, from t0 (reasoning models only).
    #[ts(type = "number | null")]
    pub ttfr_ms: Option<u64>,
    /// First visible answer text, from t0.
    #[ts(type = "number | null")]
    pub ttft_ms: Option<u64>,
    #[ts(type = "number | null")]
    pub total_ms: Option<u64>,
    pub usage: Usage,
    pub cost: Cost,
    pub generation_id: Option<String>,
    pub finish_reason: Option<String>,
    pub error: Option<SlotError>,
    /// Parameters the provider could not take as given (dropped or adapted).
    pub notes: Vec<ParamNote>,
    /// Requests this answer took, retries and fallbacks included; `None` before it ran.
    pub attempts: Option<u32>,
    /// Time spent waiting for a place under the concurrency limits, before t0.
    #[ts(type = "number | null")]
    pub queued_ms: Option<u64>,
    /// Served from the answer cache, not the provider (no cost, no timings).
    pub cached: bool,
    /// For a computed cost: where its prices came from ("list price of openai/gpt-4o in the
    /// openrouter catalog of 2026-11-28"). `None` for billed and unknown costs.
    #[serde(default)]
    pub cost_basis: Option<String>,
    /// Time spent opening a connection (DNS, TCP, TLS) for this answer's request, inside TTFB
    /// and TTFT; `None` when a pooled connection was reused. A diagnostic (`engine/connect.rs`).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub connect_ms: Option<u64>,
    /// A local server's model load time (Ollama `load_duration`), inside TTFT: a cold model
    /// load, not the model's speed.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub load_ms: Option<u64>,
    /// Stream events that carried output (reasoning or answer text); `None` for answers saved
    /// before it was counted.
    #[serde(default)]
    pub output_chunks: Option<u32>,
    /// Tokens per second and how it was measured: derived from the fields above by
    /// [`Speed::of`], the one definition (the UI and the CLI show this, never recompute it).
    #[serde(default)]
    pub speed: Speed,
    /// Why this answer could not be saved to history (a full disk, a locked or read-only
    /// database), naming the file; absent when it was saved. Never stored: it describes the
    /// store's failure, so only the running process knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub unsaved: Option<String>,
}

/// How a speed figure was measured, or why there is none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SpeedBasis {
    /// Every output token was streamed (reasoning shown, or none): output tokens over the
    /// generation phase, from the first output of any kind to the end.
    Generation,
    /// The model reasoned without streaming it (OpenAI direct, Gemini without thoughts,
    /// encrypted or redacted reasoning): answer tokens (output − reasoning) over the visible
    /// phase, from the first answer token to the end. Hidden thinking time is in TTFT.
    Visible,
    /// Too short to measure: under [`Speed::MIN_SPAN_MS`] or [`Speed::MIN_CHUNKS`].
    TooShort,
    /// Something it needs is unknown (usage, timings), the answer is not done (or truncated),
    /// or it came from the cache.
    #[default]
    Unknown,
}

impl SpeedBasis {
    /// The word used in IPC, JSON, CSV and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Generation => "generation",
            Self::Visible => "visible",
            Self::TooShort => "too_short",
            Self::Unknown => "unknown",
        }
    }
}

/// Output speed of one answer. The single definition (README, "How numbers are measured"):
///
/// - tokens: all output tokens for [`SpeedBasis::Generation`], answer tokens only (output −
///   reasoning) for [`SpeedBasis::Visible`];
/// - span: from the first output (reasoning or text; text only for `Visible`) to the end;
/// - first-chunk correction: the tokens of the first chunk were generated before the span
///   starts, so only `(chunks − 1) / chunks` of the tokens count, as if chunks were of equal
///   size. With one token per event this is "tokens after the first over the time after the
///   first"; a provider sending 20 tokens per event is no longer flattered (60 tokens in 3
///   events would otherwise read 1.5× too fast). Answers saved before chunks were counted get
///   no correction.
/// - a span under 100 ms or fewer than 3 chunks is too short to be a speed: 55 tokens in one
///   2 ms read would say 27,500 tok/s.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, TS)]
pub struct Speed {
    pub tokens_per_second: Option<f64>,
    pub basis: SpeedBasis,
}

impl Speed {
    pub const MIN_SPAN_MS: u64 = 100;
    pub const MIN_CHUNKS: u32 = 3;

    const UNKNOWN: Speed = Speed {
        tokens_per_second: None,
        basis: SpeedBasis::Unknown,
    };

    pub fn of(s: &SlotRecord) -> Speed {
        if s.cached || !s.status.generated() {
            return Self::UNKNOWN;
        }
        let (Some(out), Some(total)) = (s.usage.output_tokens, s.total_ms) else {
            return Self::UNKNOWN;
        };
        let reasoning = s.usage.reasoning_tokens.unwrap_or(0);
        let hidden = reasoning > 0 && s.reasoning.is_empty();
        let (basis, tokens, start) = if hidden {
            (
                SpeedBasis::Visible,
                out.saturating_sub(reasoning),
                s.ttft_ms,
            )
        } else {
            let start = match (s.ttfr_ms, s.ttft_ms) {
                (Some(r), Some(t)) => Some(r.min(t)),
                (r, t) => r.or(t),
            };
            (SpeedBasis::Generation, out, start)
        };
        let Some(start) = start else {
            return Self::UNKNOWN;
        };
        let span = total.saturating_sub(start);
        let too_short = Speed {
            tokens_per_second: None,
            basis: SpeedBasis::TooShort,
        };
        if span < Self::MIN_SPAN_MS {
            return too_short;
        }
        let counted = match s.output_chunks {
            Some(c) if c < Self::MIN_CHUNKS => return too_short,
            Some(c) => tokens as f64 * (c - 1) as f64 / c as f64,
            None => tokens as f64,
        };
        Speed {
            tokens_per_second: Some(counted * 1000.0 / span as f64),
            basis,
        }
    }
}

impl SlotRecord {
    /// Output tokens per second by [`Speed::of`]; `None` when there is no honest figure.
    pub fn tokens_per_second(&self) -> Option<f64> {
        Speed::of(self).tokens_per_second
    }

    /// Sets [`SlotRecord::speed`] from the other fields; called wherever a record is completed.
    pub fn with_speed(mut self) -> Self {
        self.speed = Speed::of(&self);
        self
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ComparisonRecord {
    pub id: String,
    pub title: String,
    pub prompt: String,
    pub system: Option<String>,
    #[ts(type = "number")]
    pub created_at_ms: i64,
    /// The comparison this one follows up, if any.
    pub parent_id: Option<String>,
    pub slots: Vec<SlotRecord>,
    /// Normalized tags, sorted.
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub votes: Vec<crate::VoteRecord>,
}

/// A row of the History list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ComparisonSummary {
    pub id: String,
    pub title: String,
    #[ts(type = "number")]
    pub created_at_ms: i64,
    pub models: Vec<String>,
    /// Answers that failed or were interrupted.
    pub failed_slots: u32,
    /// Answers the model declined (or a filter stopped).
    #[serde(default)]
    pub refused_slots: u32,
    /// Answers cut at a length limit.
    #[serde(default)]
    pub truncated_slots: u32,
    /// The model whose answer won the person's latest vote; `None` without a vote or for a tie.
    #[serde(default)]
    pub winner: Option<String>,
    /// Sum of known slot costs; `None` when no slot's cost is known.
    pub total_cost_usd: Option<f64>,
    /// Whether some slot's cost is unknown, so the total is a lower bound.
    pub cost_incomplete: bool,
    pub tags: Vec<String>,
}

/// An answer as far as it got, saved while it streams.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PartialAnswer {
    pub slot_id: String,
    pub text: String,
    pub reasoning: String,
    /// First visible text, from t0, once it arrived.
    pub ttft_ms: Option<u64>,
    /// First reasoning text, from t0, once it arrived.
    pub ttfr_ms: Option<u64>,
}

#[derive(Debug, Clone, Default)]
pub struct NewSlot {
    pub provider: String,
    pub model: String,
    pub variant: u32,
    pub row: u32,
    pub repeat: u32,
    /// The rendered prompt when it differs from the comparison's.
    pub prompt: Option<String>,
    /// Every message the slot sends (system, earlier turns, this prompt), kept so the answer
    /// can be continued later.
    pub messages: Vec<parallax_llm::Message>,
    /// For a follow-up: the earlier slot this one continues.
    pub parent_slot_id: Option<String>,
    /// The target as asked, as JSON (the engine's `Target`).
    pub target_json: Option<String>,
}

pub struct NewComparison {
    pub prompt: String,
    pub system: Option<String>,
    pub slots: Vec<NewSlot>,
    /// The comparison this one follows up, if any.
    pub parent_id: Option<String>,
}

/// A title from the prompt's first non-empty line, cut at a word boundary.
pub fn derive_title(prompt: &str) -> String {
    let line = prompt
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("(empty prompt)");
    const MAX: usize = 80;
    if line.chars().count() <= MAX {
        return line.to_owned();
    }
    let cut: String = line.chars().take(MAX).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end())
}

const SLOT_COLUMNS: &str = "id, idx, provider, model, served_model, status, text, reasoning, ttft_ms, \
     total_ms, input_tokens, output_tokens, reasoning_tokens, cache_read_tokens, cache_write_tokens, \
     cost_usd, cost_source, generation_id, finish_reason, error_code, error_message, param_notes_json, attempts, ttfb_ms, ttfr_ms, queued_ms, \
     variant, row_index, repeat_index, prompt, served_provider, cached, messages_json, parent_slot_id, \
     output_chunks, byok_upstream_usd, connect_ms, load_ms, cost_basis";

fn slot_from_row(r: &Row<'_>) -> rusqlite::Result<SlotRecord> {
    let error_code: Option<String> = r.get("error_code")?;
    let error = error_code.map(|c| SlotError {
        code: ErrorCode::parse(&c).unwrap_or(ErrorCode::ProviderError),
        message: r
            .get::<_, Option<String>>("error_message")
            .ok()
            .flatten()
            .unwrap_or_default(),
    });
    let cost_usd: Option<f64> = r.get("cost_usd")?;
    let source = CostSource::parse(&r.get::<_, String>("cost_source")?);
    Ok(SlotRecord {
        id: r.get("id")?,
        index: r.get("idx")?,
        variant: r.get("variant")?,
        row: r.get("row_index")?,
        repeat: r.get("repeat_index")?,
        prompt: r.get("prompt")?,
        provider: r.get("provider")?,
        model: r.get("model")?,
        served_model: r.get("served_model")?,
        served_provider: r.get("served_provider")?,
        status: SlotStatus::parse(&r.get::<_, String>("status")?),
        text: r.get("text")?,
        reasoning: r.get("reasoning")?,
        ttft_ms: r.get("ttft_ms")?,
        total_ms: r.get("total_ms")?,
        usage: Usage {
            input_tokens: r.get("input_tokens")?,
            output_tokens: r.get("output_tokens")?,
            reasoning_tokens: r.get("reasoning_tokens")?,
            cache_read_tokens: r.get("cache_read_tokens")?,
            cache_write_tokens: r.get("cache_write_tokens")?,
            cost_usd: None,
            byok_upstream_usd: r.get("byok_upstream_usd")?,
        },
        cost: if cost_usd.is_some() {
            Cost {
                usd: cost_usd,
                source,
            }
        } else {
            Cost::UNKNOWN
        },
        generation_id: r.get("generation_id")?,
        finish_reason: r.get("finish_reason")?,
        error,
        notes: r
            .get::<_, Option<String>>("param_notes_json")?
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default(),
        attempts: r.get("attempts")?,
        ttfb_ms: r.get("ttfb_ms")?,
        ttfr_ms: r.get("ttfr_ms")?,
        queued_ms: r.get("queued_ms")?,
        cached: r.get("cached")?,
        messages: r
            .get::<_, Option<String>>("messages_json")?
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default(),
        parent_slot_id: r.get("parent_slot_id")?,
        output_chunks: r.get("output_chunks")?,
        connect_ms: r.get("connect_ms")?,
        load_ms: r.get("load_ms")?,
        cost_basis: r.get("cost_basis")?,
        speed: Speed::default(),
        unsaved: None,
    }
    .with_speed())
}

impl Store {
    /// Inserts `new_slots` as slots `first_index…` of a comparison, `pending` and owned by this
    /// process, inside `tx`.
    fn insert_slots(
        &self,
        tx: &rusqlite::Transaction<'_>,
        comparison_id: &str,
        first_index: u32,
        new_slots: &[NewSlot],
    ) -> Result<Vec<SlotRecord>, StoreError> {
        let mut slots = Vec::with_capacity(new_slots.len());
        for (k, s) in new_slots.iter().enumerate() {
            let i = first_index + k as u32;
            let slot_id = ulid::Ulid::new().to_string();
            tx.execute(
                "INSERT INTO slots (id, comparison_id, idx, provider, model, status, owner, variant, row_index, repeat_index, prompt, messages_json, parent_slot_id, target_json)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    slot_id, comparison_id, i, s.provider, s.model, self.owner_id(), s.variant, s.row, s.repeat, s.prompt,
                    "[]", s.parent_slot_id, s.target_json,
                ],
            )?;
            // After the slot exists: its files' uses refer to it.
            let json = crate::attachments::messages_json(tx, &slot_id, &s.messages)?;
            tx.execute(
                "UPDATE slots SET messages_json = ?1 WHERE id = ?2",
                params![json, slot_id],
            )?;
            slots.push(SlotRecord {
                id: slot_id,
                index: i,
                variant: s.variant,
                row: s.row,
                repeat: s.repeat,
                prompt: s.prompt.clone(),
                provider: s.provider.clone(),
                model: s.model.clone(),
                served_model: None,
                served_provider: None,
                status: SlotStatus::Pending,
                text: String::new(),
                reasoning: String::new(),
                ttft_ms: None,
                total_ms: None,
                usage: Usage::default(),
                cost: Cost::UNKNOWN,
                generation_id: None,
                finish_reason: None,
                error: None,
                notes: Vec::new(),
                attempts: None,
                ttfb_ms: None,
                ttfr_ms: None,
                queued_ms: None,
                cached: false,
                // Named, not held: this record goes out in the run's events (to the page, once per
                // column); the bytes stay in the spec the requests are built from.
                messages: s
                    .messages
                    .iter()
                    .map(|m| parallax_llm::Message {
                        attachments: m.attachments.iter().map(|a| a.without_data()).collect(),
                        ..m.clone()
                    })
                    .collect(),
                parent_slot_id: s.parent_slot_id.clone(),
                output_chunks: None,
                connect_ms: None,
                load_ms: None,
                cost_basis: None,
                speed: Speed::default(),
                unsaved: None,
            });
        }
        Ok(slots)
    }

    /// Adds answers to a saved comparison (a retry of one of its answers), after its last
    /// column; returns them, `pending`. Earlier answers, and what they cost, stay as they were.
    pub fn add_slots(
        &self,
        comparison_id: &str,
        new_slots: &[NewSlot],
    ) -> Result<Vec<SlotRecord>, StoreError> {
        let mut conn = self.writable()?;
        let tx = conn.transaction()?;
        let next: Option<u32> = tx
            .query_row(
                "SELECT (SELECT MAX(idx) FROM slots WHERE comparison_id = ?1) + 1
                 FROM comparisons WHERE id = ?1",
                [comparison_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound("comparison", comparison_id.to_owned()))?;
        let slots = self.insert_slots(&tx, comparison_id, next.unwrap_or(0), new_slots)?;
        tx.commit()?;
        Ok(slots)
    }

    /// Saves a comparison and its slots (all `pending`) before anything is sent, so a crash
    /// mid-run still leaves a record.
    pub fn create_comparison(
        &self,
        new: &NewComparison,
        created_at_ms: i64,
    ) -> Result<ComparisonRecord, StoreError> {
        let mut conn = self.writable()?;
        let tx = conn.transaction()?;
        let id = ulid::Ulid::new().to_string();
        let title = derive_title(&new.prompt);
        tx.execute(
            "INSERT INTO comparisons (id, title, prompt, system, created_at, parent_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, title, new.prompt, new.system, created_at_ms, new.parent_id],
        )?;
        let slots = self.insert_slots(&tx, &id, 0, &new.slots)?;
        tx.commit()?;
        Ok(ComparisonRecord {
            id,
            title,
            prompt: new.prompt.clone(),
            system: new.system.clone(),
            created_at_ms,
            parent_id: new.parent_id.clone(),
            slots,
            tags: Vec::new(),
            notes: String::new(),
            votes: Vec::new(),
        })
    }

    /// Saves the text streamed so far; called periodically while a slot streams. A slot that
    /// already has its final state is left alone, so a partial save that arrives late can never
    /// overwrite a finished answer.
    pub fn save_partial(
        &self,
        slot_id: &str,
        status: SlotStatus,
        text: &str,
        reasoning: &str,
    ) -> Result<(), StoreError> {
        self.writable()?.execute(
            "UPDATE slots SET status = ?2, text = ?3, reasoning = ?4
             WHERE id = ?1 AND status IN ('pending', 'streaming')",
            params![slot_id, status.as_str(), text, reasoning],
        )?;
        Ok(())
    }

    /// Several slots' partial answers in one transaction, each marked `streaming`; finished
    /// slots are left alone as in [`Self::save_partial`]. Times to first text and first
    /// reasoning are kept once measured, so an answer cut by a crash keeps them.
    pub fn save_partials(&self, batch: &[PartialAnswer]) -> Result<(), StoreError> {
        let mut conn = self.writable()?;
        let tx = conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE slots SET status = 'streaming', text = ?2, reasoning = ?3,
                   ttft_ms = coalesce(?4, ttft_ms), ttfr_ms = coalesce(?5, ttfr_ms)
                 WHERE id = ?1 AND status IN ('pending', 'streaming')",
            )?;
            for p in batch {
                stmt.execute(params![
                    p.slot_id,
                    p.text,
                    p.reasoning,
                    p.ttft_ms,
                    p.ttfr_ms
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Writes a slot's final state: text, metrics, usage (with the raw provider JSON), cost and
    /// the catalog prices it was computed from.
    /// `cache_key` identifies the request for the answer cache; pass it only for answers that
    /// may be served again (done, from the provider).
    pub fn finish_slot(
        &self,
        slot: &SlotRecord,
        raw_usage: Option<&serde_json::Value>,
        prices_per_m: (Option<f64>, Option<f64>),
        finished_at_ms: i64,
        cache_key: Option<&str>,
    ) -> Result<(), StoreError> {
        let u = &slot.usage;
        self.writable()?.execute(
            "UPDATE slots SET status = ?2, text = ?3, reasoning = ?4, served_model = ?5, ttft_ms = ?6,
               total_ms = ?7, input_tokens = ?8, output_tokens = ?9, reasoning_tokens = ?10,
               cache_read_tokens = ?11, cache_write_tokens = ?12, cost_usd = ?13, cost_source = ?14,
               usage_json = ?15, generation_id = ?16, finish_reason = ?17, error_code = ?18,
               error_message = ?19, prompt_price_per_m = ?20, completion_price_per_m = ?21,
               finished_at = ?22, param_notes_json = ?23, attempts = ?24,
               ttfb_ms = ?25, ttfr_ms = ?26, queued_ms = ?27, cached = ?28, cache_key = ?29,
               output_chunks = ?30, byok_upstream_usd = ?31, connect_ms = ?32, load_ms = ?33,
               cost_basis = ?34, tokens_per_second = ?35
             WHERE id = ?1",
            params![
                slot.id,
                slot.status.as_str(),
                slot.text,
                slot.reasoning,
                slot.served_model,
                slot.ttft_ms,
                slot.total_ms,
                u.input_tokens,
                u.output_tokens,
                u.reasoning_tokens,
                u.cache_read_tokens,
                u.cache_write_tokens,
                slot.cost.usd,
                slot.cost.source.as_str(),
                raw_usage.map(|v| v.to_string()),
                slot.generation_id,
                slot.finish_reason,
                slot.error.as_ref().map(|e| e.code.as_str()),
                slot.error.as_ref().map(|e| e.message.as_str()),
                prices_per_m.0,
                prices_per_m.1,
                finished_at_ms,
                (!slot.notes.is_empty()).then(|| serde_json::to_string(&slot.notes).expect("plain JSON")),
                slot.attempts,
                slot.ttfb_ms,
                slot.ttfr_ms,
                slot.queued_ms,
                slot.cached,
                cache_key,
                slot.output_chunks,
                u.byok_upstream_usd,
                slot.connect_ms,
                slot.load_ms,
                slot.cost_basis,
                Speed::of(slot).tokens_per_second,
            ],
        )?;
        Ok(())
    }

    /// Newest first. `before` is the id of the last row of the previous page (keyset paging).
    pub fn list_comparisons(
        &self,
        limit: u32,
        before: Option<&str>,
    ) -> Result<Vec<ComparisonSummary>, StoreError> {
        self.list_comparisons_where(&crate::HistoryFilter::default(), limit, before)
    }

    /// Newest first, only those that `filter` lets through; keyset pages as above. A `before`
    /// that is not in this history (deleted since the page was read, or mistyped) is
    /// `NotFound`, not an empty page: an empty page would read as "no older comparisons".
    pub fn list_comparisons_where(
        &self,
        filter: &crate::HistoryFilter,
        limit: u32,
        before: Option<&str>,
    ) -> Result<Vec<ComparisonSummary>, StoreError> {
        filter.check()?;
        let mut args: Vec<rusqlite::types::Value> = vec![
            before.map_or(rusqlite::types::Value::Null, |b| {
                rusqlite::types::Value::Text(b.to_owned())
            }),
            rusqlite::types::Value::Integer(limit.into()),
        ];
        let filter_sql = filter.comparison_sql(&mut args);
        let conn = self.read();
        if let Some(id) = before {
            if !comparison_exists(&conn, id)? {
                return Err(StoreError::NotFound("comparison", id.to_owned()));
            }
        }
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT c.id, c.title, c.created_at,
                    (SELECT group_concat(model, char(31)) FROM (SELECT model FROM slots WHERE comparison_id = c.id ORDER BY idx)),
                    (SELECT count(*) FROM slots WHERE comparison_id = c.id AND status IN ('failed','interrupted')),
                    (SELECT sum(cost_usd) FROM slots WHERE comparison_id = c.id),
                    (SELECT count(*) FROM slots WHERE comparison_id = c.id AND cost_usd IS NULL),
                    (SELECT group_concat(tag, char(31)) FROM (SELECT tag FROM comparison_tags WHERE comparison_id = c.id ORDER BY tag)),
                    (SELECT count(*) FROM slots WHERE comparison_id = c.id AND status = 'refused'),
                    (SELECT count(*) FROM slots WHERE comparison_id = c.id AND status = 'truncated'),
                    (SELECT s.model FROM votes v LEFT JOIN slots s ON s.id = v.winner_slot_id
                      WHERE v.comparison_id = c.id AND v.voter = 'human' ORDER BY v.created_at DESC, v.id DESC LIMIT 1)
             FROM comparisons c
             WHERE (?1 IS NULL OR (c.created_at, c.id) < (SELECT created_at, id FROM comparisons WHERE id = ?1))
               AND {filter_sql}
             ORDER BY c.created_at DESC, c.id DESC
             LIMIT ?2"
        ))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
            let models: Option<String> = r.get(3)?;
            Ok(ComparisonSummary {
                id: r.get(0)?,
                title: r.get(1)?,
                created_at_ms: r.get(2)?,
                models: models
                    .map(|m| m.split('\u{1f}').map(str::to_owned).collect())
                    .unwrap_or_default(),
                failed_slots: r.get(4)?,
                refused_slots: r.get(8)?,
                truncated_slots: r.get(9)?,
                winner: r.get(10)?,
                total_cost_usd: r.get(5)?,
                cost_incomplete: r.get::<_, u32>(6)? > 0,
                tags: r
                    .get::<_, Option<String>>(7)?
                    .map(|t| t.split('\u{1f}').map(str::to_owned).collect())
                    .unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records what OpenRouter's generation stats say about a finished slot: the upstream
    /// provider, and the billed cost when the slot did not already have a billed one.
    pub fn backfill_generation(
        &self,
        slot_id: &str,
        provider: Option<&str>,
        billed_usd: Option<f64>,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE slots SET served_provider = COALESCE(?2, served_provider),
               cost_usd = CASE WHEN ?3 IS NOT NULL AND cost_source != 'billed' THEN ?3 ELSE cost_usd END,
               cost_source = CASE WHEN ?3 IS NOT NULL THEN 'billed' ELSE cost_source END
             WHERE id = ?1",
            params![slot_id, provider, billed_usd],
        )?;
        Ok(())
    }

    /// Adds an exported comparison, all of it or nothing (one transaction). Its ids are kept, so
    /// importing the same file twice is refused rather than duplicated.
    pub fn import_comparison(
        &self,
        c: &ComparisonRecord,
    ) -> Result<(), crate::export::ImportError> {
        self.import_comparisons(std::slice::from_ref(c))
    }

    /// Imports several comparisons in one transaction: all of them, or (on any refusal, such as
    /// an id already in this history) none.
    pub fn import_comparisons(
        &self,
        list: &[ComparisonRecord],
    ) -> Result<(), crate::export::ImportError> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(StoreError::from)?;
        for c in list {
            insert_imported(&tx, c)?;
        }
        tx.commit().map_err(StoreError::from)?;
        Ok(())
    }

    /// How many comparisons the history holds.
    pub fn count_comparisons(&self) -> Result<u32, StoreError> {
        Ok(self
            .read()
            .query_row("SELECT COUNT(*) FROM comparisons", [], |r| r.get(0))?)
    }

    /// Every comparison's id, oldest first (for exporting everything).
    pub fn comparison_ids(&self) -> Result<Vec<String>, StoreError> {
        let conn = self.read();
        let mut stmt = conn.prepare("SELECT id FROM comparisons ORDER BY created_at, id")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(ids)
    }

    /// Deletes every comparison with its answers and votes (the search index follows);
    /// settings, catalogs, aliases and sets stay. What was spent since `day_start_ms` is kept
    /// (setting [`CLEARED_SPEND_SETTING`]) so clearing history never resets a daily cap.
    /// Returns how many comparisons there were.
    pub fn clear_history(&self, day_start_ms: i64) -> Result<u32, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let today: f64 = tx.query_row(
            "SELECT COALESCE(SUM(cost_usd), 0) FROM slots WHERE finished_at >= ?1 AND cost_usd IS NOT NULL",
            [day_start_ms],
            |r| r.get(0),
        )?;
        let carried = cleared_spend_since(&tx, day_start_ms)?;
        if today + carried > 0.0 {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![
                    CLEARED_SPEND_SETTING,
                    format!("{day_start_ms} {}", today + carried)
                ],
            )?;
        }
        // Slots first, while their comparisons exist (the index's delete trigger reads them).
        tx.execute("DELETE FROM slots", [])?;
        let n = tx.execute("DELETE FROM comparisons", [])?;
        crate::attachments::drop_unused(&tx)?;
        tx.commit()?;
        Ok(n as u32)
    }

    /// Copies the whole database to `path` (SQLite's `VACUUM INTO`): a consistent snapshot even
    /// while comparisons run. Refuses to overwrite an existing file.
    pub fn backup_to(&self, path: &std::path::Path) -> Result<(), StoreError> {
        if path.exists() {
            return Err(StoreError::Invalid(format!(
                "{} already exists; choose another name (a backup never replaces a file)",
                path.display()
            )));
        }
        // Written under a temporary name beside it, then renamed: a backup killed part-way
        // leaves `<name>.part` (replaced by the next try), never a half file at `path`.
        let mut part = path.as_os_str().to_os_string();
        part.push(".part");
        let part = std::path::PathBuf::from(part);
        let io = |source: std::io::Error| StoreError::CreateDir {
            path: part.clone(),
            source,
        };
        for stale in [part.clone(), {
            let mut j = part.as_os_str().to_os_string();
            j.push("-journal");
            j.into()
        }] {
            if stale.exists() {
                std::fs::remove_file(&stale).map_err(io)?;
            }
        }
        self.conn()
            .execute("VACUUM INTO ?1", [part.to_string_lossy()])?;
        std::fs::rename(&part, path).map_err(io)?;
        Ok(())
    }

    /// The newest finished answer with this cache key, finished at or after `since_ms`.
    pub fn cached_answer(
        &self,
        cache_key: &str,
        since_ms: i64,
    ) -> Result<Option<SlotRecord>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {SLOT_COLUMNS} FROM slots WHERE cache_key = ?1 AND status = 'done' AND finished_at >= ?2
             ORDER BY finished_at DESC LIMIT 1"
        ))?;
        Ok(stmt
            .query_row(params![cache_key, since_ms], slot_from_row)
            .optional()?)
    }

    /// The target a slot was asked with, as saved (JSON), if recorded.
    pub fn slot_target_json(&self, slot_id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT target_json FROM slots WHERE id = ?1",
                [slot_id],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }

    /// What each slot of comparison `comparison_id` was asked of, in column order: its
    /// provider, its model and the target as saved (JSON; absent for a slot saved before
    /// targets were kept). Reads neither answer text nor messages; `not_found` for no such
    /// comparison.
    pub fn slot_targets(
        &self,
        comparison_id: &str,
    ) -> Result<Vec<(String, String, Option<String>)>, StoreError> {
        self.check_comparison(comparison_id)?;
        let conn = self.read();
        let mut st = conn.prepare_cached(
            "SELECT provider, model, target_json FROM slots WHERE comparison_id = ?1 ORDER BY idx",
        )?;
        let rows = st.query_map([comparison_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Money spent (known costs of finished slots) since `since_ms` (unix ms), in USD.
    pub fn spend_since(&self, since_ms: i64) -> Result<f64, StoreError> {
        let conn = self.conn();
        let in_history: f64 = conn.query_row(
            "SELECT COALESCE(SUM(cost_usd), 0) FROM slots WHERE finished_at >= ?1 AND cost_usd IS NOT NULL",
            [since_ms],
            |r| r.get(0),
        )?;
        Ok(in_history + cleared_spend_since(&conn, since_ms)?)
    }

    /// Finished answers since `since_ms` that generated something and whose cost is unknown: a
    /// daily cap cannot count them, so it cannot be checked (never treated as $0).
    pub fn unknown_spend_since(&self, since_ms: i64) -> Result<u32, StoreError> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM slots WHERE finished_at >= ?1 AND cost_usd IS NULL AND cached = 0
               AND (output_tokens IS NOT NULL OR text != '')",
            [since_ms],
            |r| r.get(0),
        )?)
    }

    /// The comparison a slot belongs to.
    pub fn get_comparison_of_slot(&self, slot_id: &str) -> Result<ComparisonRecord, StoreError> {
        let id: String = self
            .conn()
            .query_row(
                "SELECT comparison_id FROM slots WHERE id = ?1",
                [slot_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound("answer", slot_id.to_owned()))?;
        self.get_comparison(&id)
    }

    /// `not_found` unless the history holds comparison `id` (nothing else is read).
    pub fn check_comparison(&self, id: &str) -> Result<(), StoreError> {
        self.read()
            .query_row("SELECT 1 FROM comparisons WHERE id = ?1", [id], |_| Ok(()))
            .optional()?
            .ok_or_else(|| StoreError::NotFound("comparison", id.to_owned()))
    }

    pub fn get_comparison(&self, id: &str) -> Result<ComparisonRecord, StoreError> {
        let conn = self.read();
        let head = conn
            .query_row(
                "SELECT id, title, prompt, system, created_at, parent_id FROM comparisons WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound("comparison", id.to_owned()))?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {SLOT_COLUMNS} FROM slots WHERE comparison_id = ?1 ORDER BY idx"
        ))?;
        let slots = stmt
            .query_map([id], slot_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        let (tags, notes, votes) = Store::curation_of(&conn, id)?;
        Ok(ComparisonRecord {
            id: head.0,
            title: head.1,
            prompt: head.2,
            system: head.3,
            created_at_ms: head.4,
            parent_id: head.5,
            slots,
            tags,
            notes,
            votes,
        })
    }
}

/// Where [`Store::clear_history`] keeps the day's spend of the answers it deleted:
/// `"<day start ms> <usd>"`.
pub const CLEARED_SPEND_SETTING: &str = "budget.cleared_spend";

/// Spend of cleared answers that belongs at or after `since_ms` (the day they were cleared on).
fn cleared_spend_since(conn: &rusqlite::Connection, since_ms: i64) -> Result<f64, StoreError> {
    let value: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [CLEARED_SPEND_SETTING],
            |r| r.get(0),
        )
        .optional()?;
    let parsed = value.as_deref().and_then(|v| {
        let (day, usd) = v.split_once(' ')?;
        Some((day.parse::<i64>().ok()?, usd.parse::<f64>().ok()?))
    });
    Ok(match parsed {
        Some((day, usd)) if day >= since_ms => usd,
        _ => 0.0,
    })
}

/// Whether a comparison with this id is in the history (as `conn` sees it: a transaction sees
/// its own inserts).
pub(crate) fn comparison_exists(conn: &rusqlite::Connection, id: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM comparisons WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )
}

/// One imported comparison, inside the caller's transaction.
fn insert_imported(
    tx: &rusqlite::Transaction<'_>,
    c: &ComparisonRecord,
) -> Result<(), crate::export::ImportError> {
    if comparison_exists(tx, &c.id).map_err(StoreError::from)? {
        return Err(crate::export::ImportError::AlreadyThere(c.id.clone()));
    }
    // A follow-up needs the comparison it follows (in the history, or earlier in this import).
    if let Some(parent) = &c.parent_id {
        if !comparison_exists(tx, parent).map_err(StoreError::from)? {
            return Err(crate::export::ImportError::Invalid(format!(
                "comparison {} is a follow-up of {parent}, which is neither in this history nor \
                 earlier in the file; import that one first (or export both together)",
                c.id
            )));
        }
    }
    tx.execute(
            "INSERT INTO comparisons (id, title, prompt, system, created_at, parent_id, notes, title_edited)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![c.id, c.title, c.prompt, c.system, c.created_at_ms, c.parent_id, c.notes,
                c.title != derive_title(&c.prompt)],
        )
        .map_err(StoreError::from)?;
    for t in c.tags.iter().filter_map(|t| crate::normalize_tag(t)) {
        tx.execute(
            "INSERT OR IGNORE INTO comparison_tags (comparison_id, tag) VALUES (?1, ?2)",
            params![c.id, t],
        )
        .map_err(StoreError::from)?;
    }
    for s in &c.slots {
        let u = &s.usage;
        tx.execute(
                "INSERT INTO slots (id, comparison_id, idx, provider, model, served_model, served_provider, status,
                   text, reasoning, ttfb_ms, ttfr_ms, ttft_ms, total_ms, queued_ms, input_tokens, output_tokens,
                   reasoning_tokens, cache_read_tokens, cache_write_tokens, cost_usd, cost_source, generation_id,
                   finish_reason, error_code, error_message, param_notes_json, attempts, variant, row_index,
                   repeat_index, prompt, messages_json, parent_slot_id, cached, finished_at, output_chunks,
                   byok_upstream_usd, connect_ms, load_ms, cost_basis)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                   ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38,
                   ?39, ?40, ?41)",
                params![
                    s.id, c.id, s.index, s.provider, s.model, s.served_model, s.served_provider,
                    // An answer that was streaming when exported is, in this history, interrupted.
                    if s.status.is_final() { s.status.as_str() } else { "interrupted" },
                    s.text, s.reasoning, s.ttfb_ms, s.ttfr_ms, s.ttft_ms, s.total_ms, s.queued_ms,
                    u.input_tokens, u.output_tokens, u.reasoning_tokens, u.cache_read_tokens, u.cache_write_tokens,
                    s.cost.usd, s.cost.source.as_str(), s.generation_id, s.finish_reason,
                    s.error.as_ref().map(|e| e.code.as_str()), s.error.as_ref().map(|e| e.message.as_str()),
                    (!s.notes.is_empty()).then(|| serde_json::to_string(&s.notes).expect("plain JSON")),
                    s.attempts, s.variant, s.row, s.repeat, s.prompt,
                    "[]", s.parent_slot_id, s.cached,
                    c.created_at_ms, s.output_chunks, u.byok_upstream_usd, s.connect_ms, s.load_ms,
                    s.cost_basis,
                ],
            )
            .map_err(StoreError::from)?;
        // The files an export carried are kept like a new comparison's (one per hash, tied to
        // this answer); a file it did not carry keeps its name and nothing else.
        let json = crate::attachments::messages_json(tx, &s.id, &s.messages)?;
        tx.execute(
            "UPDATE slots SET messages_json = ?1 WHERE id = ?2",
            params![json, s.id],
        )
        .map_err(StoreError::from)?;
    }
    for v in &c.votes {
        tx.execute(
            "INSERT INTO votes (id, comparison_id, winner_slot_id, blind, voter, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                v.id,
                c.id,
                v.winner_slot_id,
                v.blind,
                v.voter,
                v.created_at_ms
            ],
        )
        .map_err(StoreError::from)?;
        for sid in &v.slot_ids {
            tx.execute(
                "INSERT INTO vote_slots (vote_id, slot_id) VALUES (?1, ?2)",
                params![v.id, sid],
            )
            .map_err(StoreError::from)?;
        }
    }
    Ok(())
}
