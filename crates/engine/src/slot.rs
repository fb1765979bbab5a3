//! One slot's life: send, read the stream, time it, coalesce its text, save it.
//!
//! The HTTP plumbing it shares with catalog and generation-stats calls is in `http.rs`; how a
//! finished stream becomes an outcome, a cost and a stall error is in `outcome.rs`.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use parallax_llm::adapter::{self, StreamDecoder};
use parallax_llm::{Attachment, ChatRequest, Endpoint, ErrorCode, LlmError, Message, StreamEvent};
use parallax_store::{Cost, CostSource, SlotError, SlotRecord, SlotStatus, Store};
use tokio::time::timeout_at;
use tokio_util::sync::CancellationToken;

use crate::http::{build_request, execute};
use crate::outcome::{cost_of, stall_error, status_of_finish};
use crate::{Clock, ComparisonEvent, EngineConfig, EventSink, Target};

pub(crate) struct SlotRun {
    pub http: reqwest::Client,
    pub store: Store,
    pub partials: crate::partials::PartialWriter,
    pub clock: std::sync::Arc<dyn Clock>,
    pub config: EngineConfig,
    /// Where this slot's requests go, or why they cannot be sent (unknown endpoint, no key).
    pub endpoint: Result<Endpoint, LlmError>,
    pub messages: Vec<Message>,
    pub target: Target,
    pub sink: EventSink,
    pub cancel: CancellationToken,
    pub limits: std::sync::Arc<crate::limits::Limits>,
    pub control: crate::RunControl,
    pub spend: std::sync::Arc<crate::budget::Spend>,
    /// Whether this slot may be served from, and saved for, the answer cache (not when the
    /// person asked for repeats: they want fresh samples).
    pub cacheable: bool,
    /// This slot's place at the comparison's start line (`start.rs`).
    pub start: crate::start::Ticket,
}

/// What one slot accumulates while it runs.
struct Progress {
    record: SlotRecord,
    t0: Option<Instant>,
    raw_usage: Option<serde_json::Value>,
    pending_text: String,
    pending_reasoning: String,
    /// The end of the text (and reasoning) streamed so far that could be the beginning of the
    /// endpoint's key echoed back: held from the screen until the next piece says
    /// ([`parallax_llm::key::split_settled`]).
    held_text: String,
    held_reasoning: String,
    /// Why generation stopped, normalized, once the stream said so.
    finish: Option<parallax_llm::FinishReason>,
    /// The fallback model that answered, when the engine fell back (not the target's model).
    answered_by: Option<String>,
}

/// A duration in whole milliseconds, rounded to the nearest: truncating would report every
/// duration up to 1 ms short (a TTFT of 300.9 ms as 300), a bias a benchmark against the wire sees.
pub(crate) fn whole_ms(d: Duration) -> u64 {
    (d.as_micros() as u64).saturating_add(500) / 1000
}

impl SlotRun {
    fn ms_since(&self, t0: Instant) -> u64 {
        whole_ms(self.clock.now().saturating_duration_since(t0))
    }

    fn emit(&self, e: ComparisonEvent) {
        (self.sink)(e)
    }

    fn flush_text(&self, p: &mut Progress) {
        let slot = p.record.index;
        let key = self.endpoint.as_ref().ok().and_then(|e| e.api_key.as_ref());
        let settle = |pending: &mut String, held: &mut String| {
            let piece = std::mem::take(pending);
            if key.is_none() {
                return piece;
            }
            let joined = std::mem::take(held) + &piece;
            let (shown, rest) = parallax_llm::key::split_settled(&joined, key);
            *held = rest.to_owned();
            shown
        };
        if !p.pending_reasoning.is_empty() {
            let text = settle(&mut p.pending_reasoning, &mut p.held_reasoning);
            if !text.is_empty() {
                self.emit(ComparisonEvent::Reasoning { slot, text });
            }
        }
        if !p.pending_text.is_empty() {
            let text = settle(&mut p.pending_text, &mut p.held_text);
            if !text.is_empty() {
                self.emit(ComparisonEvent::Text { slot, text });
            }
        }
    }

    pub(crate) async fn run(self, slot: SlotRecord) -> SlotRecord {
        let mut p = Progress {
            record: slot,
            t0: None,
            raw_usage: None,
            pending_text: String::new(),
            held_text: String::new(),
            held_reasoning: String::new(),
            pending_reasoning: String::new(),
            finish: None,
            answered_by: None,
        };
        if self.serve_from_cache(&mut p) {
            self.start.leave();
            self.flush_text(&mut p);
            p.record.status = SlotStatus::Done;
            // Nothing was bought: a real zero.
            p.record.cost = Cost {
                usd: Some(0.0),
                source: CostSource::Billed,
            };
            if let Err(e) =
                self.store
                    .finish_slot(&p.record, None, (None, None), self.clock.unix_ms(), None)
            {
                p.record.unsaved = Some(self.unsaved(&e));
            }
            self.emit(ComparisonEvent::SlotFinished {
                slot: p.record.index,
                record: Box::new(p.record.clone()),
            });
            return p.record;
        }
        let deadline = self.config.slot_deadline;
        let outcome = tokio::select! {
            r = tokio::time::timeout(deadline, self.attempts(&mut p)) => r.unwrap_or_else(|_| Err(LlmError::new(
                ErrorCode::Timeout,
                format!("The answer took longer than the {} s limit per answer; the text so far is kept.", deadline.as_secs()),
            ))),
            _ = self.cancel.cancelled() => Err(LlmError::new(
                ErrorCode::Cancelled,
                self.control.reason().unwrap_or_else(|| "Cancelled before the answer was complete.".into()),
            )),
        };
        self.flush_text(&mut p);
        if let Some(t0) = p.t0 {
            p.record.total_ms = Some(self.ms_since(t0));
        }
        match outcome {
            Ok(()) => p.record.status = status_of_finish(p.finish),
            Err(e) => {
                p.record.status = if e.code == ErrorCode::Cancelled {
                    SlotStatus::Cancelled
                } else {
                    SlotStatus::Failed
                };
                // Every message passes through redaction once, here, whatever produced it.
                let key = self.endpoint.as_ref().ok().and_then(|e| e.api_key.as_ref());
                p.record.error = Some(SlotError {
                    code: e.code,
                    message: parallax_llm::key::redact(&e.message, key),
                });
            }
        }
        // A fallback model that answered is priced as itself, never at the primary's prices.
        let priced_as = match &p.answered_by {
            Some(model) => {
                let mut t = Target {
                    model: model.clone(),
                    prices: None,
                    price_basis: None,
                    prompt_price_per_m: None,
                    completion_price_per_m: None,
                    ..self.target.clone()
                };
                crate::price_target(&self.store, &mut t);
                t
            }
            None => self.target.clone(),
        };
        (p.record.cost, p.record.cost_basis) = cost_of(&p.record, &priced_as, self.clock.unix_ms());
        p.record.speed = parallax_store::Speed::of(&p.record);
        self.spend.add(p.record.cost.usd, &self.control);
        // Only an answer the provider may have charged for: one that failed before anything was
        // generated (a 401, a missing key, cancelled while queued) cost nothing to count.
        let generated = p.record.usage.output_tokens.is_some() || !p.record.text.is_empty();
        if self.spend.capped && p.record.cost.usd.is_none() && !p.record.cached && generated {
            self.emit(ComparisonEvent::SpendUnknown {
                slot: p.record.index,
                message: format!(
                    "The cost of {}'s answer is unknown: the spending cap cannot count it.",
                    p.record.model
                ),
            });
        }
        // The prices the cost was computed with, kept with the answer ("what it cost then").
        let sheet = priced_as.price_sheet();
        let prices = (
            sheet.as_ref().and_then(|s| s.prompt_price.usd()),
            sheet.as_ref().and_then(|s| s.completion_price.usd()),
        );
        // A proxy that echoes the request (headers included) into the answer: the key itself is
        // taken out before the answer is saved, shown finished or exported.
        let api_key = self.endpoint.as_ref().ok().and_then(|e| e.api_key.as_ref());
        for text in [&mut p.record.text, &mut p.record.reasoning] {
            if let std::borrow::Cow::Owned(clean) = parallax_llm::key::redact_key(text, api_key) {
                *text = clean;
            }
        }
        let key = (self.cacheable && p.record.status == SlotStatus::Done && !p.record.cached)
            .then(|| self.cache_key());
        let saved = self
            .store
            .finish_slot(
                &p.record,
                p.raw_usage.as_ref(),
                prices,
                self.clock.unix_ms(),
                key.as_deref(),
            )
            // Saved into a file whose folder was removed meanwhile is not saved.
            .and_then(|()| self.store.check_still_there());
        if let Err(e) = saved {
            // The answer is still shown and printed; only its saving failed, and it says so.
            p.record.unsaved = Some(self.unsaved(&e));
        }
        self.spawn_backfill(&p.record);
        self.emit(ComparisonEvent::SlotFinished {
            slot: p.record.index,
            record: Box::new(p.record.clone()),
        });
        p.record
    }

    /// Why an answer could not be saved, naming the history file.
    fn unsaved(&self, e: &parallax_store::StoreError) -> String {
        unsaved_reason(&self.store, e)
    }

    /// What makes two requests the same for the answer cache: where it goes, what it asks, and
    /// every parameter that can change the answer. Keys are never part of it.
    fn cache_key(&self) -> String {
        let t = &self.target;
        let detail = serde_json::json!({
            // Files by their hash (a record's form); their bytes would only lengthen the key.
            "messages": self.messages.iter().map(|m| Message {
                attachments: m.attachments.iter().map(Attachment::without_data).collect(),
                ..m.clone()
            }).collect::<Vec<_>>(),
            "params": t.params,
            "fallbacks": t.fallback_models,
            "routing": t.routing,
        });
        format!("v1|{}|{}|{detail}", t.provider_label(), t.model)
    }

    /// An identical answer from history within the cache TTL, if the cache is on.
    fn serve_from_cache(&self, p: &mut Progress) -> bool {
        let Some(ttl) = self.config.cache_ttl.filter(|_| self.cacheable) else {
            return false;
        };
        let since = self.clock.unix_ms() - ttl.as_millis() as i64;
        let Ok(Some(hit)) = self.store.cached_answer(&self.cache_key(), since) else {
            return false;
        };
        let r = &mut p.record;
        r.text = hit.text;
        r.reasoning = hit.reasoning;
        r.usage = hit.usage;
        r.served_model = hit.served_model;
        r.served_provider = hit.served_provider;
        r.finish_reason = hit.finish_reason;
        r.cached = true;
        r.attempts = Some(0);
        if self.config.live_text {
            p.pending_text = r.text.clone();
            p.pending_reasoning = r.reasoning.clone();
        }
        true
    }

    /// For OpenRouter answers, fetches the generation stats in the background once they exist
    /// and records the serving provider and billed cost. Never delays the answer itself.
    fn spawn_backfill(&self, record: &SlotRecord) {
        let Ok(endpoint) = self.endpoint.clone() else {
            return;
        };
        let Some(id) = record.generation_id.clone() else {
            return;
        };
        if endpoint.kind != parallax_llm::ProviderKind::OpenRouter
            || self.config.backfill_attempts == 0
        {
            return;
        }
        let (http, store, sink) = (self.http.clone(), self.store.clone(), self.sink.clone());
        let (slot, slot_id) = (record.index, record.id.clone());
        let (attempts, wait) = (self.config.backfill_attempts, self.config.backfill_wait);
        tokio::spawn(async move {
            // Stats never exist before a moment has passed; the first ask waits too.
            tokio::time::sleep(wait).await;
            let Ok(Some(stats)) =
                crate::fetch_generation(&http, &endpoint, &id, attempts, wait).await
            else {
                return;
            };
            if store
                .backfill_generation(
                    &slot_id,
                    stats.provider_name.as_deref(),
                    stats.total_cost_usd,
                )
                .is_err()
            {
                return;
            }
            if let Ok(c) = store.get_comparison_of_slot(&slot_id) {
                if let Some(s) = c.slots.iter().find(|s| s.id == slot_id) {
                    sink(ComparisonEvent::SlotBackfilled {
                        slot,
                        served_provider: s.served_provider.clone(),
                        cost: s.cost,
                    });
                }
            }
        });
    }

    /// Waits for a turn, then tries the target's model and its fallbacks, retrying transient
    /// failures before any text arrived. Never retries once text has streamed: that answer
    /// fails and keeps its text.
    async fn attempts(&self, p: &mut Progress) -> Result<(), LlmError> {
        let endpoint = self.endpoint.as_ref().map_err(|e| {
            self.start.leave();
            e.clone()
        })?;
        // A file this provider cannot take fails this column alone, before it waits its turn.
        parallax_llm::attachment::check(endpoint.kind, &self.messages).inspect_err(|_| {
            self.start.leave();
        })?;
        let queued_at = self.clock.now();
        let _turn = self.wait_for_turn(p.record.index, endpoint).await;
        p.record.queued_ms = Some(self.ms_since(queued_at));
        // OpenRouter tries fallbacks itself (its `models` list); elsewhere the engine does.
        let mut chain = vec![self.target.model.clone()];
        if endpoint.kind != parallax_llm::ProviderKind::OpenRouter {
            chain.extend(
                self.target
                    .fallback_models
                    .iter()
                    .filter(|m| **m != self.target.model)
                    .cloned(),
            );
        }
        let mut last_error = None;
        for (i, model) in chain.iter().enumerate() {
            if i > 0 {
                let reason = last_error
                    .as_ref()
                    .map_or(String::new(), |e: &LlmError| e.message.clone());
                self.emit(ComparisonEvent::SlotFallback {
                    slot: p.record.index,
                    model: model.clone(),
                    reason,
                });
            }
            let mut retry = 0;
            loop {
                p.record.attempts = Some(p.record.attempts.unwrap_or(0) + 1);
                let err = match self.stream(p, endpoint, model).await {
                    Ok(()) => {
                        if *model != self.target.model {
                            p.record.served_model = Some(model.clone());
                            p.answered_by = Some(model.clone());
                        }
                        return Ok(());
                    }
                    // Whatever happens next (a retry after a backoff, a fallback, giving up),
                    // this slot is not sending now: the others need not wait for it.
                    Err(e) => {
                        self.start.leave();
                        e
                    }
                };
                let streamed = !(p.record.text.is_empty() && p.record.reasoning.is_empty());
                if streamed {
                    return Err(err);
                }
                // A timeout the server reported (408, 504, 524: it gave up before answering) is
                // worth another try; our own answer timeout has no HTTP status and is not.
                let transient = matches!(
                    err.code,
                    ErrorCode::RateLimited | ErrorCode::ProviderOverloaded | ErrorCode::Network
                ) || (err.code == ErrorCode::Timeout && err.http_status.is_some());
                let mut err = err;
                if transient && retry < self.config.max_retries {
                    let delay = self.config.retry_delay(retry, err.retry_after_ms);
                    if delay.is_none() {
                        // Asked to wait longer than a run waits: say when to try again.
                        if let Some(ms) = err.retry_after_ms {
                            err.message = format!(
                                "{} — the provider asks to wait {} before trying again",
                                err.message,
                                wait_for(ms)
                            );
                        }
                    }
                    if let Some(delay) = delay {
                        retry += 1;
                        self.emit(ComparisonEvent::SlotRetrying {
                            slot: p.record.index,
                            attempt: retry,
                            delay_ms: delay.as_millis() as u64,
                            reason: err.message.clone(),
                        });
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                }
                // Worth another model: this one is missing, busy, refusing, or too small.
                let next_model_may_help = !matches!(
                    err.code,
                    ErrorCode::Unauthorized
                        | ErrorCode::InsufficientCredits
                        | ErrorCode::BadRequest
                        | ErrorCode::Cancelled
                );
                last_error = Some(err);
                if next_model_may_help {
                    break;
                }
                return Err(last_error.take().expect("just set"));
            }
        }
        Err(last_error
            .unwrap_or_else(|| LlmError::new(ErrorCode::ProviderError, "no model to try")))
    }

    /// Takes a place under the global and per-provider limits; says `queued` when it must wait.
    async fn wait_for_turn(
        &self,
        slot: u32,
        endpoint: &Endpoint,
    ) -> Vec<tokio::sync::OwnedSemaphorePermit> {
        let provider = self
            .limits
            .for_provider(endpoint, &self.target.provider_label());
        let mut permits = Vec::with_capacity(2);
        let mut announced = false;
        for sem in [self.limits.global.clone(), provider] {
            let permit = match sem.clone().try_acquire_owned() {
                Ok(p) => p,
                Err(_) => {
                    if !announced {
                        announced = true;
                        // Queued slots do not hold up the others at the start line.
                        self.start.leave();
                        self.emit(ComparisonEvent::SlotQueued { slot });
                    }
                    sem.acquire_owned().await.expect("limits are never closed")
                }
            };
            permits.push(permit);
        }
        permits
    }

    async fn stream(
        &self,
        p: &mut Progress,
        endpoint: &Endpoint,
        model: &str,
    ) -> Result<(), LlmError> {
        // A new attempt starts clean; nothing had streamed, or we would not be here.
        p.record.ttft_ms = None;
        p.record.ttfb_ms = None;
        p.record.ttfr_ms = None;
        p.record.generation_id = None;
        p.record.output_chunks = None;
        p.record.connect_ms = None;
        p.record.load_ms = None;
        p.record.usage = Default::default();
        p.raw_usage = None;
        let built = adapter::build_chat_request(
            endpoint,
            &ChatRequest {
                model: model.to_owned(),
                messages: self.messages.clone(),
                params: self.target.params.clone(),
                fallback_models: self.target.fallback_models.clone(),
                routing: self.target.routing.clone(),
            },
        );
        p.record.notes = built.notes.clone();
        // No database write here: a synchronous write per slot at this moment would delay the
        // other slots' requests after their t0 (measured: +10 ms TTFB p50 at 128 slots). The
        // slot stays `pending` in history until its first partial flush marks it `streaming`;
        // crash recovery treats both alike.
        // Everything that is not sending happens before t0: building the request (JSON, headers)
        // and telling the caller, whose sink may serialize and cross IPC.
        let request = build_request(&self.http, &built.http, endpoint)?;
        self.emit(ComparisonEvent::SlotStarted {
            slot: p.record.index,
            notes: built.notes,
        });
        // Until the first token, a model that may think silently gets minutes between bytes
        // (OpenAI may send a role chunk and then nothing while it thinks); after it,
        // `stall_timeout` without a byte is a stall. The rule: `silent_thinking_possible`.
        let before_first_token =
            if crate::silent_thinking_possible(endpoint.kind, self.target.params.reasoning) {
                self.config
                    .silent_thinking_timeout
                    .max(self.config.stall_timeout)
            } else {
                self.config.stall_timeout
            };
        // Every slot of the comparison has done the above (or will not send now) before any
        // takes its t0: no slot's clock runs while others do their bookkeeping (`start.rs`).
        self.start.ready_and_wait().await;
        let t0 = self.clock.now();
        p.t0 = Some(t0);
        // Timers run on Tokio's real clock; only measurements read the injected one.
        let connect = crate::connect::ConnectTiming::new(self.clock.clone());
        let resp = timeout_at(
            tokio::time::Instant::now() + before_first_token,
            connect.around(execute(&self.http, request, endpoint)),
        )
        .await
        .map_err(|_| stall_error(before_first_token))??;
        p.record.ttfb_ms = Some(self.ms_since(t0));
        p.record.connect_ms = connect.ms();
        let status = resp.status().as_u16();
        if let Some(id) = resp
            .headers()
            .get("x-generation-id")
            .and_then(|v| v.to_str().ok())
        {
            p.record.generation_id = Some(id.to_owned());
        }
        if !(200..300).contains(&status) {
            let h = resp.headers();
            let retry_after = h
                .get("retry-after-ms")
                .and_then(|v| v.to_str().ok())
                .map(|v| format!("{v}ms"))
                .or_else(|| {
                    h.get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned)
                });
            let body = resp.text().await.unwrap_or_default();
            return Err(adapter::classify_http_error(
                endpoint,
                status,
                retry_after.as_deref(),
                &body,
            ));
        }

        // We ask for identity; a compressed body would reach the parser as noise. Say why.
        if let Some(enc) = resp
            .headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok())
        {
            if !enc.eq_ignore_ascii_case("identity") {
                return Err(LlmError::new(
                    ErrorCode::MalformedResponse,
                    format!(
                        "{} sent a compressed stream ({enc}) although Parallax asked for none; \
                         a proxy in between may be compressing it.",
                        endpoint.name
                    ),
                ));
            }
        }
        // The stall timer watches bytes on the wire, not decoded events: SSE comments (keep-alives)
        // and half an event are progress too. `wire` records when the last chunk arrived.
        let wire = crate::framing::WireClock::new();
        let mut events = crate::framing::frames(
            wire.watch(resp.bytes_stream()),
            adapter::framing(endpoint.kind),
        );
        let mut parser = StreamDecoder::new(endpoint.kind);
        // Three timers, each created once and re-armed only when its deadline moves: creating
        // a timer per stream event cost measurable CPU per token (make bench, 2026-11-30).
        // - stall: armed for the last byte + the limit; when it fires it checks the wire clock
        //   and re-arms if bytes came since, so it moves once per limit, not once per event;
        // - emit: coalesces text into at most one event per `text_coalesce`;
        // - save: hands the text to the partial writer every `partial_flush`, also while the
        //   stream is silent, so a crash during a stall loses at most that much; a long answer
        //   less often (`flush_after`), since each save writes the whole text.
        // The first *answer* token ends the silent-thinking allowance: a model that shows a
        // thought summary now and then (Gemini with includeThoughts) may still think silently
        // for minutes between them.
        let limit_now = |r: &SlotRecord| {
            if r.ttft_ms.is_some() {
                self.config.stall_timeout
            } else {
                before_first_token
            }
        };
        let mut limit = limit_now(&p.record);
        let stall = tokio::time::sleep_until(wire.last_byte() + limit);
        let emit = tokio::time::sleep_until(tokio::time::Instant::now());
        let save =
            tokio::time::sleep_until(tokio::time::Instant::now() + self.config.partial_flush);
        tokio::pin!(stall, emit, save);
        let mut emit_armed = false;
        let mut saved_len = 0;
        loop {
            let item = tokio::select! {
                item = events.next() => item,
                () = &mut stall => {
                    let deadline = wire.last_byte() + limit;
                    if deadline > tokio::time::Instant::now() {
                        stall.as_mut().reset(deadline);
                        continue;
                    }
                    // Bytes that became readable at this very moment are not a stall: poll the
                    // stream once more before giving up (a zero timeout polls it first).
                    match tokio::time::timeout(std::time::Duration::ZERO, events.next()).await {
                        Ok(item) => item,
                        Err(_) => return Err(stall_error(limit)),
                    }
                }
                () = &mut emit, if emit_armed => {
                    self.flush_text(p);
                    emit_armed = false;
                    continue;
                }
                () = &mut save => {
                    self.save_partial(p, &mut saved_len);
                    save.as_mut().reset(tokio::time::Instant::now() + self.flush_after(saved_len));
                    continue;
                }
            };
            let parsed = match item {
                None => parser.finish_at_eof().into_iter().collect(),
                Some(Ok((event, data))) => parser.feed(&event, &data),
                // The transport's own words ("error decoding response body") help nobody; what
                // matters is that the stream ended early and the text so far is kept.
                Some(Err(_)) => vec![StreamEvent::Failed(LlmError::new(
                    ErrorCode::StreamInterrupted,
                    format!(
                        "The connection to {} broke before the answer was complete; the text so far is kept.",
                        endpoint.name
                    ),
                ))],
            };
            // One stream event with output is one chunk, however many tokens it carries.
            if parsed.iter().any(|e| {
                matches!(
                    e,
                    StreamEvent::TextDelta(_) | StreamEvent::ReasoningDelta(_)
                )
            }) {
                p.record.output_chunks = Some(p.record.output_chunks.unwrap_or(0) + 1);
            }
            for ev in parsed {
                match ev {
                    StreamEvent::Started {
                        generation_id,
                        served_model,
                    } => {
                        if p.record.generation_id.is_none() {
                            p.record.generation_id = generation_id;
                        }
                        // A dated id of the same model (`claude-sonnet-4-5` answered by
                        // `claude-sonnet-4-5-20250929`) is not a different model.
                        p.record.served_model = served_model
                            .filter(|m| !parallax_llm::pricing::same_model(&p.record.model, m));
                    }
                    StreamEvent::TextDelta(t) => {
                        if p.record.ttft_ms.is_none() {
                            let ttft_ms = self.ms_since(t0);
                            p.record.ttft_ms = Some(ttft_ms);
                            self.emit(ComparisonEvent::FirstToken {
                                slot: p.record.index,
                                ttft_ms,
                            });
                        }
                        p.record.text.push_str(&t);
                        if self.config.live_text {
                            p.pending_text.push_str(&t);
                        }
                    }
                    StreamEvent::ReasoningDelta(t) => {
                        if p.record.ttfr_ms.is_none() {
                            p.record.ttfr_ms = Some(self.ms_since(t0));
                        }
                        p.record.reasoning.push_str(&t);
                        if self.config.live_text {
                            p.pending_reasoning.push_str(&t);
                        }
                    }
                    StreamEvent::ModelLoad { ms } => p.record.load_ms = Some(ms),
                    StreamEvent::Usage { usage, raw } => {
                        p.record.usage = usage;
                        p.raw_usage = Some(raw);
                    }
                    StreamEvent::Finished {
                        reason,
                        native_reason,
                    } => {
                        p.finish = Some(reason);
                        p.record.finish_reason = native_reason.or_else(|| {
                            serde_json::to_value(reason)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_owned))
                        });
                        return Ok(());
                    }
                    StreamEvent::Failed(e) => return Err(e),
                }
            }
            let pending = !(p.pending_text.is_empty() && p.pending_reasoning.is_empty());
            if pending && !emit_armed {
                emit.as_mut()
                    .reset(tokio::time::Instant::now() + self.config.text_coalesce);
                emit_armed = true;
            }
            // The first token shortens the limit from the silent-thinking one: re-arm once.
            let after = limit_now(&p.record);
            if after != limit {
                limit = after;
                stall.as_mut().reset(wire.last_byte() + limit);
            }
        }
    }

    /// When to save the partial text next, after a save of `len` bytes: every `partial_flush`,
    /// or for a long answer at most [`PARTIAL_BYTES_PER_SEC`] of rewriting, since each save
    /// writes the whole text (a 5 MB answer every 2.5 s, not 20 MB a second taken from the
    /// streams and the window on a small machine). A crash loses at most that interval.
    fn flush_after(&self, len: usize) -> std::time::Duration {
        self.config
            .partial_flush
            .max(std::time::Duration::from_secs_f64(
                len as f64 / PARTIAL_BYTES_PER_SEC,
            ))
    }

    /// Hands the text so far to the partial writer when it grew since the last save. A copy to
    /// the writer thread (see `partials.rs`): never a database write on this task.
    fn save_partial(&self, p: &Progress, saved_len: &mut usize) {
        let len = p.record.text.len() + p.record.reasoning.len();
        if len > *saved_len {
            let api_key = self.endpoint.as_ref().ok().and_then(|e| e.api_key.as_ref());
            // The settled part only: a tail that could be the key's beginning waits for the
            // next save (or the final one, which holds the whole text).
            let clean = |t: &str| parallax_llm::key::split_settled(t, api_key).0;
            self.partials.save(parallax_store::PartialAnswer {
                slot_id: p.record.id.clone(),
                text: clean(&p.record.text),
                reasoning: clean(&p.record.reasoning),
                ttft_ms: p.record.ttft_ms,
                ttfr_ms: p.record.ttfr_ms,
            });
            *saved_len = len;
        }
    }
}

/// The most partial text rewritten per second per answer ([`SlotRun::flush_after`]).
const PARTIAL_BYTES_PER_SEC: f64 = 2_000_000.0;

/// Why an answer could not be saved, naming the history file once (most store errors name it
/// themselves).
pub(crate) fn unsaved_reason(store: &Store, e: &parallax_store::StoreError) -> String {
    let path = store.path().display().to_string();
    let said = e.to_string();
    if said.contains(&path) {
        format!("this answer could not be saved: {said}")
    } else {
        format!("this answer could not be saved to {path}: {said}")
    }
}

/// A provider's requested wait as a person reads it: "45 s", "2 min", "1 h 30 min".
fn wait_for(ms: u64) -> String {
    let s = ms.div_ceil(1000);
    match s {
        0..=119 => format!("{s} s"),
        120..=3599 => format!("{} min", s.div_ceil(60)),
        _ => match (s / 3600, (s % 3600).div_ceil(60)) {
            (h, 0) => format!("{h} h"),
            (h, m) => format!("{h} h {m} min"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::{wait_for, whole_ms};

    #[test]
    fn a_requested_wait_reads_as_a_person_says_it() {
        assert_eq!(wait_for(45_000), "45 s");
        assert_eq!(wait_for(120_000), "2 min");
        assert_eq!(wait_for(150_000), "3 min");
        assert_eq!(wait_for(3_600_000), "1 h");
        assert_eq!(wait_for(5_400_000), "1 h 30 min");
    }
    use std::time::Duration;

    #[test]
    fn durations_are_rounded_to_the_nearest_millisecond() {
        assert_eq!(whole_ms(Duration::from_micros(300_900)), 301);
        assert_eq!(whole_ms(Duration::from_micros(300_499)), 300);
        assert_eq!(whole_ms(Duration::from_micros(500)), 1);
        assert_eq!(whole_ms(Duration::ZERO), 0);
    }
}
