//! Issue 16: nothing that only informs may delay sending. The engine's send path (`prepare`'s
//! budget check, `execute`'s context check) never loads the tokenizer: it counts OpenAI-family
//! models approximately unless an estimate someone asked for counted the same text.
//!
//! Its own test binary: the tokenizer is process-wide, and nothing here may load it (an explicit
//! estimate, which does, is tested in `estimate_counts.rs`).

mod common;

use common::*;
use parallax_engine::budget::PER_COMPARISON_SETTING;
use parallax_engine::estimate::{self, Counting, TokenCount};
use parallax_engine::*;
use parallax_llm::{Endpoint, ErrorCode, ProviderKind};
use parallax_store::SlotStatus;

/// Where each provider's target goes on one mock: OpenRouter and OpenAI faces.
fn endpoint_on(root: &str) -> impl Fn(&Target) -> Result<Endpoint, parallax_llm::LlmError> + Sync {
    let root = root.to_owned();
    move |t: &Target| {
        Ok(match t.provider {
            ProviderKind::OpenAi => Endpoint::new(ProviderKind::OpenAi, format!("{root}/v1"), None),
            _ => Endpoint::openrouter(format!("{root}/api/v1"), None),
        })
    }
}

async fn mock_root() -> String {
    mock_provider::start()
        .await
        .trim_end_matches("/api/v1")
        .to_owned()
}

async fn prepare_and_execute(
    engine: &Engine,
    spec: &ComparisonSpec,
    root: &str,
) -> parallax_store::ComparisonRecord {
    let record = engine.prepare(spec).expect("prepared");
    let sink: EventSink = std::sync::Arc::new(|_| {});
    engine
        .execute(record, spec, &endpoint_on(root), sink, RunControl::new())
        .await
}

/// An OpenAI-family target with prices, an output limit and a context window, so the budget
/// check and the context check both have something to count.
fn priced(provider: ProviderKind, model: &str, context: u32) -> Target {
    let mut t = Target::on(provider, model);
    t.prompt_price_per_m = Some(2.5);
    t.completion_price_per_m = Some(10.0);
    t.params.max_tokens = Some(100);
    t.context_length = Some(context);
    t
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_send_path_never_loads_the_tokenizer() {
    let root = mock_root().await;
    let engine = fresh_engine(no_retries());
    // A cap makes `prepare` estimate the comparison; `execute` always checks the context.
    engine
        .store()
        .set_setting(PER_COMPARISON_SETTING, Some("1"))
        .unwrap();
    let spec = spec_for(vec![
        priced(ProviderKind::OpenAi, "mock/fast", 128_000),
        // OpenRouter's openai/… ids are OpenAI-family too (the mock answers it as a real id).
        priced(ProviderKind::OpenRouter, "openai/gpt-4o", 128_000),
    ]);
    let done = prepare_and_execute(&engine, &spec, &root).await;
    assert_eq!(
        done.slots[0].status,
        SlotStatus::Done,
        "{:?}",
        done.slots[0]
    );
    assert!(
        done.slots[1].attempts.is_some(),
        "openai/gpt-4o was sent: {:?}",
        done.slots[1]
    );
    assert!(
        !estimate::tokenizer_loaded(),
        "prepare and execute loaded the tokenizer on the way to sending"
    );
}

/// With a cap set and no tokenizer, the cap is checked on the approximate count (4 characters a
/// token) raised by `APPROXIMATE_CAP_FACTOR` (1.75: the approximation undercounts code and logs),
/// and still refuses a comparison clearly over it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cap_is_checked_on_the_approximate_count_without_waiting_for_the_tokenizer() {
    let engine = fresh_engine(no_retries());
    let mut gpt = Target::model("openai/gpt-4o");
    // $1,000 per million input tokens; output free and bounded: the input decides.
    gpt.prompt_price_per_m = Some(1000.0);
    gpt.completion_price_per_m = Some(0.0);
    gpt.params.max_tokens = Some(1);
    // 4,000 characters ≈ 1,000 tokens (+ 7 of framing) = 1,007; priced on the send path as
    // ⌈1,007 × 1.75⌉ = 1,763 tokens = $1.763.
    let spec = ComparisonSpec::simple("word ".repeat(800), None, vec![gpt]);

    let e = estimate::estimate(&engine.priced(&spec), None, Counting::NoWait).unwrap();
    assert_eq!(e.slots[0].counted, TokenCount::Approximate);
    assert_eq!(e.slots[0].input_tokens, 1000 + 4 + 3);
    assert!((e.worst_case_usd - 1.763).abs() < 1e-9, "{e:?}");

    engine
        .store()
        .set_setting(PER_COMPARISON_SETTING, Some("0.5"))
        .unwrap();
    let err = engine.prepare(&spec).unwrap_err();
    assert_eq!(err.code(), "over_budget", "{err}");
    assert!(err.to_string().contains("$1.7630"), "{err}");

    engine
        .store()
        .set_setting(PER_COMPARISON_SETTING, Some("2"))
        .unwrap();
    engine.prepare(&spec).expect("well under a $2 cap");
    assert!(
        !estimate::tokenizer_loaded(),
        "the budget check waited for the tokenizer"
    );
}

/// "Say something about parallax" with "Be brief." is about 21 tokens by the approximation
/// (19 exactly). Without the tokenizer a window of 15 is too close to call: the prompt is sent
/// and the provider decides; a window of 10 is clearly too small and the prompt is not sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_an_approximate_count_only_a_prompt_clearly_over_the_window_is_refused() {
    let root = mock_root().await;
    let engine = fresh_engine(no_retries());
    let spec = spec_for(vec![
        priced(ProviderKind::OpenAi, "mock/fast", 15),
        priced(ProviderKind::OpenAi, "mock/fast", 10),
    ]);
    let done = prepare_and_execute(&engine, &spec, &root).await;

    let borderline = &done.slots[0];
    assert_eq!(borderline.status, SlotStatus::Done, "{borderline:?}");

    let over = &done.slots[1];
    let error = over.error.as_ref().expect("refused");
    assert_eq!(error.code, ErrorCode::ContextLengthExceeded);
    assert!(
        error.message.contains("about 21 tokens") && error.message.contains("window of 10"),
        "{}",
        error.message
    );
    assert_eq!(over.attempts, None, "not sent");
    assert!(!estimate::tokenizer_loaded());
}

/// Resolving an endpoint may read the OS keychain (a D-Bus round trip each); asked per slot,
/// every slot spawned after it waited. Four slots on two providers ask twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endpoints_are_resolved_once_per_provider_not_per_slot() {
    let root = mock_root().await;
    let engine = fresh_engine(no_retries());
    let spec = spec_for(vec![
        Target::model("mock/fast"),
        Target::on(ProviderKind::OpenAi, "mock/fast"),
        Target::model("mock/medium"),
        Target::on(ProviderKind::OpenAi, "mock/medium"),
    ]);
    let record = engine.prepare(&spec).unwrap();
    let asked = std::sync::atomic::AtomicUsize::new(0);
    let on = endpoint_on(&root);
    let endpoint_for = |t: &Target| {
        asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        on(t)
    };
    let sink: EventSink = std::sync::Arc::new(|_| {});
    let done = engine
        .execute(record, &spec, &endpoint_for, sink, RunControl::new())
        .await;
    assert!(
        done.slots.iter().all(|s| s.status == SlotStatus::Done),
        "every slot answered: {:?}",
        done.slots.iter().map(|s| s.status).collect::<Vec<_>>()
    );
    assert_eq!(
        asked.into_inner(),
        2,
        "once for OpenRouter, once for OpenAI"
    );
}

/// A mock on its own thread and runtime, so that a test blocking its own runtime's only thread
/// does not also stop the server.
fn mock_on_its_own_thread() -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {
            tx.send(mock_provider::start_root().await).unwrap();
            std::future::pending::<()>().await
        })
    });
    rx.recv().unwrap()
}

/// No column's clock runs while another column does its bookkeeping. Here the caller takes
/// 150 ms to handle column 1's `slot_started` (a slow sink; in the app, serializing and crossing
/// IPC under load), on a single-threaded runtime: column 0, which got there first, must not
/// count that time as its model's TTFT. Both are `mock/fast` (100 ms to the first token).
#[tokio::test(flavor = "current_thread")]
async fn one_columns_bookkeeping_is_not_another_columns_ttft() {
    let root = mock_on_its_own_thread();
    let engine = fresh_engine(no_retries());
    let spec = spec_for(vec![Target::model("mock/fast"), Target::model("mock/fast")]);
    let record = engine.prepare(&spec).unwrap();
    let sink: EventSink = std::sync::Arc::new(|e| {
        if let ComparisonEvent::SlotStarted { slot: 1, .. } = e {
            std::thread::sleep(std::time::Duration::from_millis(150));
        }
    });
    let done = engine
        .execute(record, &spec, &endpoint_on(&root), sink, RunControl::new())
        .await;
    let ttft: Vec<u64> = done.slots.iter().map(|s| s.ttft_ms.unwrap()).collect();
    // Scripted 100 ms; with the 150 ms counted it would be ≥ 250.
    assert!(
        ttft[0] < 200,
        "column 0's TTFT excludes column 1's bookkeeping: {ttft:?}"
    );
    assert!(ttft[1] < 200, "{ttft:?}");
}

/// A caller that does not show answers as they stream gets no text events (and the engine keeps
/// no timer per slot to send them), but the same answer in the record.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_live_text_there_are_no_text_events_and_the_same_answer() {
    let root = mock_root().await;
    let spec = spec_for(vec![Target::model("mock/fast@tokens=20")]);
    let mut texts = Vec::new();
    for live_text in [true, false] {
        let engine = fresh_engine(EngineConfig {
            live_text,
            ..no_retries()
        });
        let record = engine.prepare(&spec).unwrap();
        let events = std::sync::Arc::new(std::sync::Mutex::new(0usize));
        let count = events.clone();
        let sink: EventSink = std::sync::Arc::new(move |e| {
            if matches!(
                e,
                ComparisonEvent::Text { .. } | ComparisonEvent::Reasoning { .. }
            ) {
                *count.lock().unwrap() += 1;
            }
        });
        let done = engine
            .execute(record, &spec, &endpoint_on(&root), sink, RunControl::new())
            .await;
        assert_eq!(done.slots[0].status, SlotStatus::Done);
        let n = *events.lock().unwrap();
        if live_text {
            assert!(n > 0, "text events while streaming");
        } else {
            assert_eq!(n, 0, "no text events without live text");
        }
        texts.push(done.slots[0].text.clone());
    }
    assert_eq!(texts[0].split_whitespace().count(), 20, "{:?}", texts[0]);
    assert_eq!(texts[0], texts[1], "the same answer either way");
}

/// A base URL without a scheme cannot make a request: that column fails at once with a request
/// error that says what to fix — not a network error retried with backoff — and the other
/// column is answered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_that_cannot_be_built_fails_at_once_and_says_why() {
    let root = mock_root().await;
    let engine = fresh_engine(EngineConfig::default()); // retries on, as people have them
    let spec = spec_for(vec![
        Target::model("mock/fast"),
        Target::on(ProviderKind::OpenAi, "gpt-4o"),
    ]);
    let record = engine.prepare(&spec).unwrap();
    let on = endpoint_on(&root);
    let endpoint_for = |t: &Target| match t.provider {
        ProviderKind::OpenAi => Ok(Endpoint::new(
            ProviderKind::OpenAi,
            "api.example.com/v1",
            None,
        )),
        _ => on(t),
    };
    let sink: EventSink = std::sync::Arc::new(|_| {});
    let done = engine
        .execute(record, &spec, &endpoint_for, sink, RunControl::new())
        .await;
    assert_eq!(done.slots[0].status, SlotStatus::Done);
    let broken = &done.slots[1];
    assert_eq!(broken.status, SlotStatus::Failed);
    let error = broken.error.as_ref().unwrap();
    assert_eq!(error.code, ErrorCode::BadRequest, "{}", error.message);
    assert_eq!(broken.attempts, Some(1), "not retried");
    assert!(
        error.message.contains("api.example.com/v1"),
        "{}",
        error.message
    );
    assert!(error.message.contains("https://"), "{}", error.message);
}
