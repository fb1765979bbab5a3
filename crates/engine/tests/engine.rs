//! The engine against the mock provider on loopback and a real in-memory SQLite store.
//! Bounds are loose enough for a loaded 2-core machine; precise timing lives in `make bench`.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use parallax_engine::*;
use parallax_llm::Endpoint;
use parallax_llm::ErrorCode;
use parallax_store::{CostSource, SlotStatus, SpeedBasis, Store};

mod common;
use common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slots_stream_concurrently_and_are_measured() {
    // fast: 100 ms + 59/200 s ≈ 0.4 s; medium: 0.4 + 59/60 ≈ 1.4 s; slow: 1.2 + 59/25 ≈ 3.6 s.
    let r = run(&["mock/fast", "mock/medium", "mock/slow"]).await;
    assert!(
        r.wall < Duration::from_millis(4800),
        "ran in about the slowest slot's time, not the sum (5.4 s): {:?}",
        r.wall
    );
    let [fast, medium, slow] = &r.record.slots[..] else {
        panic!("three slots")
    };
    for s in [fast, medium, slow] {
        assert_eq!(s.status, SlotStatus::Done, "{s:?}");
        assert_eq!(s.text, expected_text(60), "whole answer for {}", s.model);
        assert_eq!(s.usage.output_tokens, Some(60));
        assert_eq!(s.usage.input_tokens, Some(6), "system + user words");
        assert_eq!(s.cost.source, CostSource::Billed);
        let expected_cost = 6.0 * 0.000001 + 60.0 * 0.000002;
        assert!(
            (s.cost.usd.unwrap() - expected_cost).abs() < 1e-12,
            "{:?}",
            s.cost
        );
        assert!(
            s.generation_id.as_deref().unwrap().starts_with("gen-"),
            "X-Generation-Id kept"
        );
        assert_eq!(s.finish_reason.as_deref(), Some("stop"));
    }
    let ttft = |s: &parallax_store::SlotRecord| s.ttft_ms.unwrap();
    assert!((100..400).contains(&ttft(fast)), "fast TTFT {}", ttft(fast));
    assert!(
        (400..700).contains(&ttft(medium)),
        "medium TTFT {}",
        ttft(medium)
    );
    assert!(
        (1200..1500).contains(&ttft(slow)),
        "slow TTFT {}",
        ttft(slow)
    );
    assert!(slow.total_ms.unwrap() > medium.total_ms.unwrap() && medium.total_ms > fast.total_ms);
    let tps = slow.tokens_per_second().unwrap();
    assert!(
        (18.0..32.0).contains(&tps),
        "slow streams at ~25 tok/s, measured {tps}"
    );

    // The slots streamed at the same time: the fast one finished before the slow one's first token.
    let pos = |pred: &dyn Fn(&ComparisonEvent) -> bool| r.events.iter().position(pred).unwrap();
    let fast_done = pos(&|e| matches!(e, ComparisonEvent::SlotFinished { slot: 0, .. }));
    let slow_first = pos(&|e| matches!(e, ComparisonEvent::FirstToken { slot: 2, .. }));
    assert!(
        fast_done < slow_first,
        "fast finished while slow was still waiting"
    );

    // Coalesced text events add up exactly to the saved text.
    for slot in 0..3u32 {
        let streamed: String = r
            .events
            .iter()
            .filter_map(|e| match e {
                ComparisonEvent::Text { slot: s, text } if *s == slot => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(streamed, r.record.slots[slot as usize].text, "slot {slot}");
    }
    assert!(matches!(
        r.events.first(),
        Some(ComparisonEvent::Created { .. })
    ));
    assert!(matches!(
        r.events.last(),
        Some(ComparisonEvent::Finished { .. })
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_failure_stays_in_its_own_slot_with_a_clear_code() {
    let r = run(&[
        "mock/fast",
        "mock/rate-limited",
        "mock/dies-midway",
        "mock/drops",
        "mock/garbled",
        "mock/bad-key",
    ])
    .await;
    let s = &r.record.slots;
    assert_eq!(
        s[0].status,
        SlotStatus::Done,
        "the healthy slot is unaffected"
    );

    let e = s[1].error.as_ref().unwrap();
    assert_eq!(
        (s[1].status, e.code),
        (SlotStatus::Failed, ErrorCode::RateLimited)
    );
    assert!(
        e.message.contains("HTTP 429") && e.message.contains("rate-limited upstream"),
        "{}",
        e.message
    );

    let e = s[2].error.as_ref().unwrap();
    assert_eq!(e.code, ErrorCode::ProviderOverloaded, "{}", e.message);
    assert_eq!(
        s[2].text,
        expected_text(10),
        "text before the error event is kept"
    );

    assert_eq!(
        s[3].error.as_ref().unwrap().code,
        ErrorCode::StreamInterrupted
    );
    assert_eq!(s[3].text, expected_text(10), "text before the drop is kept");

    assert_eq!(
        s[4].error.as_ref().unwrap().code,
        ErrorCode::MalformedResponse
    );
    assert_eq!(s[4].text, expected_text(5));

    assert_eq!(s[5].error.as_ref().unwrap().code, ErrorCode::Unauthorized);
    for failed in &s[1..] {
        assert_eq!(
            failed.cost.source,
            CostSource::Unknown,
            "no usage, no cost: unknown, not $0"
        );
        assert_eq!(failed.cost.usd, None);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cost_is_computed_from_catalog_prices_when_not_billed_and_unknown_otherwise() {
    let base = mock_provider::start().await;
    let priced = Target {
        prompt_price_per_m: Some(2.0),
        completion_price_per_m: Some(8.0),
        ..Target::model("mock/no-cost")
    };
    let r = run_with(
        &base,
        vec![priced, Target::model("mock/no-cost")],
        EngineConfig::default(),
        None,
    )
    .await;
    let [a, b] = &r.record.slots[..] else {
        panic!()
    };
    assert_eq!(a.cost.source, CostSource::Computed);
    let expected = (6.0 * 2.0 + 30.0 * 8.0) / 1e6;
    assert!(
        (a.cost.usd.unwrap() - expected).abs() < 1e-12,
        "{:?}",
        a.cost
    );
    assert_eq!(b.cost.source, CostSource::Unknown);
    assert_eq!(b.cost.usd, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_stream_times_out() {
    let base = mock_provider::start().await;
    let config = EngineConfig {
        stall_timeout: Duration::from_millis(700),
        ..Default::default()
    };
    let r = run_with(&base, vec![Target::model("mock/stalls")], config, None).await;
    let s = &r.record.slots[0];
    assert_eq!(s.status, SlotStatus::Failed);
    assert_eq!(s.error.as_ref().unwrap().code, ErrorCode::Timeout);
    assert!(
        r.wall < Duration::from_secs(5),
        "gave up after the stall timeout: {:?}",
        r.wall
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_keeps_partial_text() {
    let base = mock_provider::start().await;
    let r = run_with(
        &base,
        vec![Target::model("mock/custom@ttft=50,tps=20,tokens=200")],
        EngineConfig::default(),
        Some(Duration::from_millis(800)),
    )
    .await;
    let s = &r.record.slots[0];
    assert_eq!(s.status, SlotStatus::Cancelled);
    assert!(
        !s.text.is_empty() && s.text.split(' ').count() < 200,
        "partial text kept: {:?}",
        s.text
    );
    assert!(r.wall < Duration::from_secs(3), "{:?}", r.wall);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_endpoint_fails_every_slot_with_network() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener); // nothing listens there now
    let r = run_with(
        &format!("http://127.0.0.1:{port}/api/v1"),
        vec![Target::model("mock/fast")],
        EngineConfig::default(),
        None,
    )
    .await;
    let e = r.record.slots[0].error.as_ref().unwrap();
    assert_eq!(e.code, ErrorCode::Network);
    assert!(e.message.contains("could not be reached"), "{}", e.message);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn model_list_comes_from_the_endpoint() {
    let base = mock_provider::start().await;
    let engine = Engine::new(
        Store::open_in_memory().unwrap(),
        Arc::new(SystemClock),
        EngineConfig::default(),
    );
    let models = engine
        .list_models(&Endpoint::openrouter(&base, None))
        .await
        .unwrap();
    assert!(models.iter().any(|m| m.id == "mock/fast"));
    assert_eq!(models.len(), mock_provider::PRESETS.len());
}

#[test]
fn bad_specs_are_refused_before_anything_is_saved() {
    let engine = Engine::new(
        Store::open_in_memory().unwrap(),
        Arc::new(SystemClock),
        EngineConfig::default(),
    );
    let spec = |prompt: &str, n: usize| ComparisonSpec {
        variants: vec![],
        rows: vec![],
        repeats: 1,
        history: vec![],
        parent: None,
        prompt: prompt.into(),
        system: None,
        targets: vec![Target::model("m"); n],
        allow_unknown_cost: None,
        verbatim: None,
        attachments: Vec::new(),
    };
    assert_eq!(
        engine.prepare(&spec("  ", 1)).unwrap_err().code(),
        "empty_prompt"
    );
    assert_eq!(
        engine.prepare(&spec("hi", 0)).unwrap_err().code(),
        "no_targets"
    );
    assert_eq!(
        engine
            .prepare(&spec("hi", MAX_SLOTS + 1))
            .unwrap_err()
            .code(),
        "too_many_slots"
    );
    assert!(engine
        .store()
        .list_comparisons(10, None)
        .unwrap()
        .is_empty());
}

/// One mock speaks all five wire formats; every provider must give the same answers the same way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_provider_streams_measures_and_fails_alike() {
    use parallax_llm::ProviderKind;
    let root = mock_provider::start_root().await;
    let kinds = [
        (ProviderKind::OpenRouter, format!("{root}/api/v1")),
        (ProviderKind::OpenAi, format!("{root}/v1")),
        (ProviderKind::Compatible, format!("{root}/local/v1")),
        (ProviderKind::Anthropic, root.clone()),
        (ProviderKind::Gemini, root.clone()),
        (ProviderKind::Ollama, root.replace("http://", "")),
    ];
    for (kind, base) in kinds {
        let engine = Engine::new(
            Store::open_in_memory().unwrap(),
            Arc::new(SystemClock),
            no_retries(),
        );
        let models = [
            "mock/fast",
            "mock/thinker",
            "mock/dies-midway",
            "mock/rate-limited",
            "mock/garbled",
            "mock/gzipped",
            "mock/drops",
        ];
        let spec = ComparisonSpec {
            variants: vec![],
            rows: vec![],
            repeats: 1,
            history: vec![],
            parent: None,
            prompt: "Say something about parallax".into(),
            system: Some("Be brief.".into()),
            targets: models.iter().map(|m| Target::on(kind, *m)).collect(),
            allow_unknown_cost: None,
            verbatim: None,
            attachments: Vec::new(),
        };
        let record = engine.prepare(&spec).unwrap();
        let endpoint = Endpoint::new(kind, base.clone(), None);
        let sink: EventSink = Arc::new(|_| {});
        let r = engine
            .execute(
                record,
                &spec,
                &|_| Ok(endpoint.clone()),
                sink,
                RunControl::new(),
            )
            .await;
        let s = &r.slots;
        let what = format!("{kind:?} at {base}");

        assert_eq!(s[0].status, SlotStatus::Done, "{what}: {:?}", s[0].error);
        assert_eq!(s[0].text, expected_text(60), "{what}");
        assert_eq!(
            s[0].usage.input_tokens,
            Some(6),
            "{what}: system + user words"
        );
        assert_eq!(s[0].usage.output_tokens, Some(60), "{what}");
        assert!(
            s[0].ttft_ms.unwrap() >= 100,
            "{what}: TTFT counts from the request, not the first byte"
        );
        assert_eq!(
            s[0].provider,
            kind.as_str(),
            "{what}: the provider is saved with the slot"
        );
        match kind {
            ProviderKind::OpenRouter => assert_eq!(s[0].cost.source, CostSource::Billed),
            ProviderKind::Ollama => assert_eq!(s[0].cost.usd, Some(0.0), "local is free"),
            _ => assert_eq!(
                s[0].cost,
                parallax_store::Cost::UNKNOWN,
                "{what}: no billed cost, no price: unknown"
            ),
        }

        assert_eq!(s[1].status, SlotStatus::Done, "{what}: {:?}", s[1].error);
        // As the real services do (WF §3, §4, §7): OpenAI's chat API never streams reasoning;
        // Gemini only with includeThoughts (not asked here); Anthropic thinks only when asked.
        let (shown, thinks) = match kind {
            ProviderKind::OpenAi | ProviderKind::Gemini => (false, true),
            ProviderKind::Anthropic => (false, false),
            _ => (true, true),
        };
        if shown {
            assert!(
                s[1].reasoning.starts_with("Considering what the question"),
                "{what}: reasoning kept apart: {:?}",
                s[1].reasoning
            );
            assert!(s[1].ttfr_ms.is_some(), "{what}");
        } else {
            assert_eq!(
                s[1].reasoning, "",
                "{what}: nothing streamed, nothing shown"
            );
            assert_eq!(s[1].ttfr_ms, None, "{what}");
        }
        assert_eq!(
            s[1].text,
            expected_text(40),
            "{what}: reasoning never leaks into the answer"
        );
        assert_eq!(
            s[1].usage.output_tokens,
            Some(if thinks { 70 } else { 40 }),
            "{what}: reasoning counts as output"
        );
        if kind != ProviderKind::Ollama {
            let r = if thinks { 30 } else { 0 };
            assert_eq!(s[1].usage.reasoning_tokens, Some(r), "{what}");
        }
        let basis = if thinks && !shown {
            SpeedBasis::Visible
        } else {
            SpeedBasis::Generation
        };
        assert_eq!(s[1].speed.basis, basis, "{what}");
        let tps = s[1].speed.tokens_per_second.unwrap();
        assert!(
            (60.0..100.0).contains(&tps),
            "{what}: 80 tok/s as scripted, got {tps}"
        );

        let e = s[2]
            .error
            .as_ref()
            .unwrap_or_else(|| panic!("{what}: dies-midway must fail"));
        // OpenAI's own mid-stream error carries no code that says "overloaded" (WF §2).
        let expected = match kind {
            ProviderKind::Ollama | ProviderKind::OpenAi | ProviderKind::Compatible => {
                ErrorCode::ProviderError
            }
            _ => ErrorCode::ProviderOverloaded,
        };
        assert_eq!(e.code, expected, "{what}: {}", e.message);
        assert_eq!(
            s[2].text,
            expected_text(10),
            "{what}: text before the error is kept"
        );

        let e = s[3].error.as_ref().unwrap();
        assert_eq!(e.code, ErrorCode::RateLimited, "{what}: {}", e.message);
        assert!(e.message.contains("429"), "{what}: {}", e.message);

        assert_eq!(
            s[4].error.as_ref().unwrap().code,
            ErrorCode::MalformedResponse,
            "{what}"
        );
        assert_eq!(s[4].text, expected_text(5), "{what}");

        let e = s[5].error.as_ref().unwrap();
        assert_eq!(e.code, ErrorCode::MalformedResponse, "{what}");
        assert!(e.message.contains("compressed"), "{what}: {}", e.message);

        assert_eq!(
            s[6].error.as_ref().unwrap().code,
            ErrorCode::StreamInterrupted,
            "{what}"
        );
        assert_eq!(
            s[6].text,
            expected_text(10),
            "{what}: text before the drop is kept"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_headers_count_toward_ttft() {
    let base = mock_provider::start().await;
    let r = run_with(
        &base,
        vec![Target::model("mock/slow-headers")],
        EngineConfig::default(),
        None,
    )
    .await;
    let s = &r.record.slots[0];
    assert_eq!(s.status, SlotStatus::Done, "{:?}", s.error);
    assert!(
        s.ttft_ms.unwrap() >= 900,
        "TTFT includes waiting for headers: {:?}",
        s.ttft_ms
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openrouter_generation_stats_appear_after_a_moment_and_key_status_reads() {
    let base = mock_provider::start().await;
    let r = run_with(
        &base,
        vec![Target::model("mock/fast")],
        EngineConfig::default(),
        None,
    )
    .await;
    let slot = &r.record.slots[0];
    let id = slot.generation_id.clone().unwrap();
    let engine = Engine::new(
        Store::open_in_memory().unwrap(),
        Arc::new(SystemClock),
        EngineConfig::default(),
    );
    let endpoint = Endpoint::openrouter(&base, parallax_llm::ApiKey::new("sk-or-v1-test"));
    let first = engine
        .generation_stats(&endpoint, &id, 1, Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(
        first, None,
        "404 right after the answer, as OpenRouter does"
    );
    let stats = engine
        .generation_stats(&endpoint, &id, 10, Duration::from_millis(200))
        .await
        .unwrap()
        .expect("stats appear");
    assert_eq!(stats.provider_name.as_deref(), Some("MockCloud"));
    assert_eq!(stats.native_tokens_completion, Some(60));
    // Both figures by hand from the mock's list prices: 6 words in × $1/M + 60 out × $2/M.
    assert!(
        (slot.cost.usd.unwrap() - 0.000126).abs() < 1e-12,
        "billed in the stream: {:?}",
        slot.cost
    );
    assert!(
        (stats.total_cost_usd.unwrap() - 0.000126).abs() < 1e-12,
        "and in the generation stats: {:?}",
        stats.total_cost_usd
    );

    let key = engine.key_status(&endpoint).await.unwrap();
    assert_eq!(key.limit_remaining_usd, Some(74.5));
    let no_key = Endpoint::openrouter(&base, None);
    assert_eq!(
        engine.key_status(&no_key).await.unwrap_err().code,
        ErrorCode::Unauthorized
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn model_lists_from_every_provider() {
    use parallax_llm::{Price, ProviderKind};
    let root = mock_provider::start_root().await;
    let engine = Engine::new(
        Store::open_in_memory().unwrap(),
        Arc::new(SystemClock),
        EngineConfig::default(),
    );
    for (kind, base) in [
        (ProviderKind::OpenRouter, format!("{root}/api/v1")),
        (ProviderKind::OpenAi, format!("{root}/v1")),
        (ProviderKind::Anthropic, root.clone()),
        (ProviderKind::Gemini, root.clone()),
        (ProviderKind::Ollama, root.clone()),
    ] {
        let models = engine
            .list_models(&Endpoint::new(kind, base, None))
            .await
            .unwrap();
        assert_eq!(models.len(), mock_provider::PRESETS.len(), "{kind:?}");
        let fast = models
            .iter()
            .find(|m| m.id == "mock/fast")
            .unwrap_or_else(|| panic!("{kind:?}: {models:?}"));
        let expected = match kind {
            ProviderKind::OpenRouter => Price::Usd { usd: 1.0 },
            ProviderKind::Ollama => Price::Usd { usd: 0.0 },
            _ => Price::Unknown,
        };
        assert_eq!(fast.prompt_price, expected, "{kind:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openrouter_model_pages_are_followed_to_the_end() {
    let root = mock_provider::start_root_with(mock_provider::Options {
        models_page_size: Some(4),
        ..Default::default()
    })
    .await;
    let engine = Engine::new(
        Store::open_in_memory().unwrap(),
        Arc::new(SystemClock),
        EngineConfig::default(),
    );
    let models = engine
        .list_models(&Endpoint::openrouter(format!("{root}/api/v1"), None))
        .await
        .unwrap();
    assert_eq!(
        models.len(),
        mock_provider::PRESETS.len(),
        "every page was fetched, none twice"
    );
}

/// Runs `targets` on one provider face of a fresh mock, with a control the test can use.
async fn run_on(
    kind: parallax_llm::ProviderKind,
    targets: Vec<Target>,
    config: EngineConfig,
    control: RunControl,
) -> Run {
    let root = mock_provider::start_root().await;
    let base = match kind {
        parallax_llm::ProviderKind::OpenRouter => format!("{root}/api/v1"),
        parallax_llm::ProviderKind::OpenAi | parallax_llm::ProviderKind::Compatible => {
            format!("{root}/v1")
        }
        _ => root,
    };
    let spec = ComparisonSpec::simple("Say something about parallax", None, targets);
    execute(
        &fresh_engine(config),
        &spec,
        Endpoint::new(kind, base, None),
        control,
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limited_request_is_retried_after_retry_after_then_streams() {
    let r = run_on(
        parallax_llm::ProviderKind::OpenRouter,
        vec![Target::model("mock/flaky")],
        EngineConfig::default(),
        RunControl::new(),
    )
    .await;
    let s = &r.record.slots[0];
    assert_eq!(s.status, SlotStatus::Done, "{:?}", s.error);
    assert_eq!(s.attempts, Some(2), "one 429, then success");
    let retry = r.events.iter().find_map(|e| match e {
        ComparisonEvent::SlotRetrying {
            delay_ms, attempt, ..
        } => Some((*delay_ms, *attempt)),
        _ => None,
    });
    assert_eq!(
        retry,
        Some((1000, 1)),
        "waited exactly the Retry-After of 1 s"
    );
    assert!(r.wall >= Duration::from_millis(1000), "{:?}", r.wall);
    assert!(
        s.ttft_ms.unwrap() < 1000,
        "TTFT counts from the request that answered: {:?}",
        s.ttft_ms
    );
    assert_eq!(r.record.slots[0].attempts, Some(2), "saved");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_back_off_then_give_up_and_a_long_retry_after_is_not_waited_for() {
    let config = EngineConfig {
        retry_base: Duration::from_millis(50),
        ..Default::default()
    };
    let r = run_on(
        parallax_llm::ProviderKind::Anthropic,
        vec![
            Target::on(parallax_llm::ProviderKind::Anthropic, "mock/overloaded"),
            Target::on(
                parallax_llm::ProviderKind::Anthropic,
                "mock/custom@status=429,retry_after=600",
            ),
        ],
        config,
        RunControl::new(),
    )
    .await;
    let [overloaded, patient] = &r.record.slots[..] else {
        panic!()
    };
    assert_eq!(
        overloaded.error.as_ref().unwrap().code,
        ErrorCode::ProviderOverloaded
    );
    assert_eq!(
        overloaded.attempts,
        Some(3),
        "the first try and two retries"
    );
    assert_eq!(patient.error.as_ref().unwrap().code, ErrorCode::RateLimited);
    assert_eq!(
        patient.attempts,
        Some(1),
        "a 10-minute Retry-After is not waited for"
    );
    let said = &patient.error.as_ref().unwrap().message;
    assert!(
        said.contains("asks to wait 10 min before trying again"),
        "the wait asked for is said: {said}"
    );
    assert!(r.wall < Duration::from_secs(5), "{:?}", r.wall);
}

/// Issue 14: a 408 (the server gave up waiting for the request) is tried again like a 429,
/// where it used to fail at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_timeout_from_the_server_is_tried_again() {
    let config = EngineConfig {
        retry_base: Duration::from_millis(20),
        ..Default::default()
    };
    let r = run_on(
        parallax_llm::ProviderKind::OpenRouter,
        vec![Target::model("mock/custom@fail_first=1,fail_status=408")],
        config,
        RunControl::new(),
    )
    .await;
    let s = &r.record.slots[0];
    assert_eq!(s.status, SlotStatus::Done, "{:?}", s.error);
    assert_eq!(s.attempts, Some(2), "one 408, then the answer");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fallback_chain_answers_with_the_next_model_and_says_which() {
    let mut t = Target::on(parallax_llm::ProviderKind::OpenAi, "mock/no-such-model");
    t.fallback_models = vec!["mock/bad-key-later".into(), "mock/fast".into()];
    let mut no_fallback_for_bad_keys =
        Target::on(parallax_llm::ProviderKind::OpenAi, "mock/bad-key");
    no_fallback_for_bad_keys.fallback_models = vec!["mock/fast".into()];
    let r = run_on(
        parallax_llm::ProviderKind::OpenAi,
        vec![t, no_fallback_for_bad_keys],
        EngineConfig::default(),
        RunControl::new(),
    )
    .await;
    let s = &r.record.slots[0];
    assert_eq!(s.status, SlotStatus::Done, "{:?}", s.error);
    assert_eq!(
        s.served_model.as_deref(),
        Some("mock/fast"),
        "the model that answered is recorded"
    );
    assert_eq!(s.attempts, Some(3));
    let fallbacks: Vec<&str> = r
        .events
        .iter()
        .filter_map(|e| match e {
            ComparisonEvent::SlotFallback { slot: 0, model, .. } => Some(model.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(fallbacks, ["mock/bad-key-later", "mock/fast"]);
    let bad = &r.record.slots[1];
    assert_eq!(
        bad.error.as_ref().unwrap().code,
        ErrorCode::Unauthorized,
        "a bad key is not a model problem"
    );
    assert_eq!(bad.attempts, Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_compatible_server_on_this_machine_runs_one_at_a_time_unless_raised() {
    let lab = |script: &str| Target {
        endpoint: Some("lab".into()),
        ..Target::on(parallax_llm::ProviderKind::Compatible, script)
    };
    let targets = vec![lab("mock/custom@ttft=100,tps=100,tokens=20"); 2];
    let r = run_on(
        parallax_llm::ProviderKind::Compatible,
        targets.clone(),
        EngineConfig::default(),
        RunControl::new(),
    )
    .await;
    assert!(r.record.slots.iter().all(|s| s.status == SlotStatus::Done));
    let queued = r
        .events
        .iter()
        .filter(|e| matches!(e, ComparisonEvent::SlotQueued { .. }))
        .count();
    assert_eq!(
        queued, 1,
        "the second waited for the first (127.0.0.1 is this machine)"
    );
    // Raised in the settings: both at once.
    let mut config = EngineConfig::default();
    config
        .provider_concurrency
        .insert("compatible:lab".into(), 2);
    let r = run_on(
        parallax_llm::ProviderKind::Compatible,
        targets,
        config,
        RunControl::new(),
    )
    .await;
    assert!(!r
        .events
        .iter()
        .any(|e| matches!(e, ComparisonEvent::SlotQueued { .. })));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_local_ollama_runs_one_at_a_time_and_the_others_say_queued() {
    let targets = vec![
        Target::on(
            parallax_llm::ProviderKind::Ollama,
            "mock/custom@ttft=100,tps=100,tokens=20",
        );
        3
    ];
    let r = run_on(
        parallax_llm::ProviderKind::Ollama,
        targets,
        EngineConfig::default(),
        RunControl::new(),
    )
    .await;
    assert!(r.record.slots.iter().all(|s| s.status == SlotStatus::Done));
    let queued = r
        .events
        .iter()
        .filter(|e| matches!(e, ComparisonEvent::SlotQueued { .. }))
        .count();
    assert_eq!(queued, 2, "two waited for the first");
    let mut waits: Vec<u64> = r
        .record
        .slots
        .iter()
        .map(|s| s.queued_ms.unwrap())
        .collect();
    waits.sort_unstable();
    assert!(
        waits[0] < 100 && waits[1] >= 200 && waits[2] >= 450,
        "queue times are recorded: {waits:?}"
    );
    // One slot ≈ 0.1 + 19/100 = 0.29 s; three in a row ≥ 0.85 s.
    assert!(
        r.wall >= Duration::from_millis(850),
        "serial on a local server: {:?}",
        r.wall
    );

    let mut config = EngineConfig::default();
    config.provider_concurrency.insert("ollama".into(), 3);
    let targets = vec![
        Target::on(
            parallax_llm::ProviderKind::Ollama,
            "mock/custom@ttft=100,tps=100,tokens=20",
        );
        3
    ];
    let r = run_on(
        parallax_llm::ProviderKind::Ollama,
        targets,
        config,
        RunControl::new(),
    )
    .await;
    assert!(
        r.wall < Duration::from_millis(800),
        "configurable: three at once: {:?}",
        r.wall
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_slot_can_be_cancelled_while_the_others_finish() {
    let control = RunControl::new();
    let c = control.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(600)).await;
        c.cancel_slot(1);
    });
    let slow = "mock/custom@ttft=50,tps=20,tokens=100";
    let r = run_on(
        parallax_llm::ProviderKind::OpenRouter,
        vec![
            Target::model("mock/custom@ttft=50,tps=40,tokens=40"),
            Target::model(slow),
        ],
        EngineConfig::default(),
        control,
    )
    .await;
    assert_eq!(r.record.slots[0].status, SlotStatus::Done);
    let s = &r.record.slots[1];
    assert_eq!(s.status, SlotStatus::Cancelled);
    assert!(!s.text.is_empty(), "partial text kept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reasoning_models_get_their_own_timings_and_an_honest_speed() {
    let base = mock_provider::start().await;
    // 300 ms to the first token, then 30 reasoning tokens and 40 answer tokens at 80 tok/s.
    let r = run_with(
        &base,
        vec![
            Target::model("mock/thinker"),
            Target::model("mock/slow-headers"),
        ],
        EngineConfig::default(),
        None,
    )
    .await;
    let s = &r.record.slots[0];
    let ttfr = s.ttfr_ms.unwrap();
    let ttft = s.ttft_ms.unwrap();
    assert!(
        (300..450).contains(&ttfr),
        "first reasoning token at the injected 300 ms: {ttfr}"
    );
    assert!(
        (ttfr + 300..ttfr + 550).contains(&ttft),
        "the answer starts after 30 reasoning tokens (~375 ms): {ttft}"
    );
    assert!(s.ttfb_ms.unwrap() < ttfr, "headers come before any token");
    let tps = s.tokens_per_second().unwrap();
    assert!(
        (65.0..95.0).contains(&tps),
        "70 output tokens over the generation phase ≈ 80 tok/s, got {tps}"
    );
    let slow_headers = &r.record.slots[1];
    assert!(
        slow_headers.ttfb_ms.unwrap() >= 800,
        "TTFB shows the 800 ms header delay: {:?}",
        slow_headers.ttfb_ms
    );
    assert!(s.queued_ms.unwrap() < 100, "nothing to wait for");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_past_its_overall_deadline_times_out() {
    let base = mock_provider::start().await;
    let config = EngineConfig {
        slot_deadline: Duration::from_millis(600),
        ..Default::default()
    };
    let r = run_with(
        &base,
        vec![Target::model("mock/custom@ttft=50,tps=10,tokens=100")],
        config,
        None,
    )
    .await;
    let s = &r.record.slots[0];
    assert_eq!(s.error.as_ref().unwrap().code, ErrorCode::Timeout);
    assert!(s
        .error
        .as_ref()
        .unwrap()
        .message
        .contains("limit per answer"));
    assert!(!s.text.is_empty(), "text so far kept");
    assert!(r.wall < Duration::from_secs(3), "{:?}", r.wall);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn budgets_refuse_a_run_that_could_pass_a_cap_and_stop_one_that_does() {
    use parallax_engine::budget::{DAILY_SETTING, PER_COMPARISON_SETTING};
    let base = mock_provider::start().await;
    let store = Store::open_in_memory().unwrap();
    let engine = Engine::new(
        store.clone(),
        Arc::new(SystemClock),
        EngineConfig::default(),
    );
    let priced = Target {
        prompt_price_per_m: Some(1.0),
        completion_price_per_m: Some(2.0),
        max_output_tokens: Some(1000),
        ..Target::model("mock/fast")
    };
    // Worst case: ~10 input tokens × $1/M + 1000 × $2/M ≈ $0.00201 per slot.
    store
        .set_setting(PER_COMPARISON_SETTING, Some("0.003"))
        .unwrap();
    let two = ComparisonSpec::simple("Say something", None, vec![priced.clone(), priced.clone()]);
    let err = engine.prepare(&two).unwrap_err();
    assert_eq!(err.code(), "over_budget");
    assert!(err.to_string().contains("cap of $0.00"), "{err}");
    let one = ComparisonSpec::simple("Say something", None, vec![priced.clone()]);
    engine.prepare(&one).expect("one slot fits under the cap");

    store.set_setting(PER_COMPARISON_SETTING, None).unwrap();
    store.set_setting(DAILY_SETTING, Some("0.001")).unwrap();
    let err = engine.prepare(&one).unwrap_err();
    assert!(err.to_string().contains("daily cap"), "{err}");
    store.set_setting(DAILY_SETTING, None).unwrap();

    // During a run: the fast answer costs $0.000127 (billed); the cap is $0.0001, so once it
    // finishes the slow one is stopped and says why.
    store
        .set_setting(PER_COMPARISON_SETTING, Some("0.0001"))
        .unwrap();
    let spec = ComparisonSpec::simple(
        "Say something about parallax",
        Some("Be brief.".into()),
        vec![Target::model("mock/fast"), Target::model("mock/slow")],
    );
    // Without prices the worst case is unknown: refused unless sent anyway (issue 9).
    assert_eq!(
        engine.prepare(&spec).unwrap_err().code(),
        "budget_unknown_cost"
    );
    let spec = ComparisonSpec {
        allow_unknown_cost: Some(true),
        ..spec
    };
    let record = engine.prepare(&spec).expect("sent anyway: allowed");
    let endpoint = Endpoint::openrouter(&base, None);
    let sink: EventSink = Arc::new(|_| {});
    let done = engine
        .execute(
            record,
            &spec,
            &|_| Ok(endpoint.clone()),
            sink,
            RunControl::new(),
        )
        .await;
    assert_eq!(done.slots[0].status, SlotStatus::Done);
    let stopped = &done.slots[1];
    assert_eq!(stopped.status, SlotStatus::Cancelled);
    assert!(
        stopped
            .error
            .as_ref()
            .unwrap()
            .message
            .contains("reached its cap"),
        "{:?}",
        stopped.error
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_prompt_too_long_for_the_context_window_is_not_sent() {
    let base = mock_provider::start().await;
    let small = Target {
        context_length: Some(5),
        ..Target::model("openai/gpt-4o-mini")
    };
    let r = run_with(
        &base,
        vec![small, Target::model("mock/fast")],
        EngineConfig::default(),
        None,
    )
    .await;
    let s = &r.record.slots[0];
    assert_eq!(
        s.error.as_ref().unwrap().code,
        ErrorCode::ContextLengthExceeded
    );
    assert!(
        s.error
            .as_ref()
            .unwrap()
            .message
            .contains("context window of 5 tokens"),
        "{:?}",
        s.error
    );
    assert_eq!(s.attempts, None, "nothing was sent");
    assert_eq!(
        r.record.slots[1].status,
        SlotStatus::Done,
        "the other slot runs"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openrouter_answers_get_their_serving_provider_backfilled() {
    let base = mock_provider::start().await;
    let store = Store::open_in_memory().unwrap();
    let config = EngineConfig {
        backfill_wait: Duration::from_millis(300),
        ..Default::default()
    };
    let engine = Engine::new(store.clone(), Arc::new(SystemClock), config);
    let spec = ComparisonSpec::simple(
        "Say something",
        None,
        vec![Target::model("mock/fast"), Target::model("mock/no-cost")],
    );
    let record = engine.prepare(&spec).unwrap();
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink_events = events.clone();
    let sink: EventSink = Arc::new(move |e| sink_events.lock().unwrap().push(e));
    let endpoint = Endpoint::openrouter(&base, None);
    let done = engine
        .execute(
            record,
            &spec,
            &|_| Ok(endpoint.clone()),
            sink,
            RunControl::new(),
        )
        .await;
    assert_eq!(
        done.slots[0].served_provider, None,
        "not known when the answer ends"
    );
    assert_eq!(
        done.slots[1].cost.source,
        CostSource::Unknown,
        "no usage.cost and no price"
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let c = store.get_comparison(&done.id).unwrap();
        if c.slots.iter().all(|s| s.served_provider.is_some()) {
            assert_eq!(c.slots[0].served_provider.as_deref(), Some("MockCloud"));
            assert_eq!(
                c.slots[1].cost.source,
                CostSource::Billed,
                "the generation stats' billed cost fills the gap"
            );
            assert!(c.slots[1].cost.usd.unwrap() > 0.0);
            break;
        }
        assert!(Instant::now() < deadline, "backfill never happened");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let backfilled = events
        .lock()
        .unwrap()
        .iter()
        .filter(|e| matches!(e, ComparisonEvent::SlotBackfilled { .. }))
        .count();
    assert_eq!(backfilled, 2, "the caller hears about it too");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_opt_in_cache_serves_an_identical_request_at_once_for_free() {
    let base = mock_provider::start().await;
    let root = base.trim_end_matches("/api/v1").to_owned();
    let store = Store::open_in_memory().unwrap();
    let endpoint = Endpoint::openrouter(&base, None);
    let run = |config: EngineConfig, prompt: &'static str| {
        let (store, endpoint) = (store.clone(), endpoint.clone());
        async move {
            let engine = Engine::new(store, Arc::new(SystemClock), config);
            let spec = ComparisonSpec::simple(prompt, None, vec![Target::model("mock/medium")]);
            let record = engine.prepare(&spec).unwrap();
            let sink: EventSink = Arc::new(|_| {});
            let started = Instant::now();
            let done = engine
                .execute(
                    record,
                    &spec,
                    &|_| Ok(endpoint.clone()),
                    sink,
                    RunControl::new(),
                )
                .await;
            (done.slots[0].clone(), started.elapsed())
        }
    };
    let requests = || async {
        let v: serde_json::Value = reqwest::get(format!("{root}/__mock/requests"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v["chat_completions"].as_u64().unwrap()
    };
    let off = EngineConfig {
        backfill_attempts: 0,
        ..Default::default()
    };
    let on = EngineConfig {
        cache_ttl: Some(Duration::from_secs(60)),
        backfill_attempts: 0,
        ..Default::default()
    };

    let (first, _) = run(off.clone(), "cache me").await;
    let (second, _) = run(off, "cache me").await;
    assert!(!second.cached, "the cache is opt-in");
    assert_eq!(requests().await, 2);

    let (hit, wall) = run(on.clone(), "cache me").await;
    assert!(hit.cached, "served from the cache");
    assert_eq!(hit.text, first.text);
    assert_eq!(
        hit.cost,
        parallax_store::Cost {
            usd: Some(0.0),
            source: CostSource::Billed
        },
        "billed 0"
    );
    assert_eq!(
        hit.ttft_ms, None,
        "no timings for an answer that was not streamed"
    );
    assert!(
        wall < Duration::from_millis(300),
        "at once, not after the model's 1.4 s: {wall:?}"
    );
    assert_eq!(requests().await, 2, "the provider was not asked");

    let (miss, _) = run(on, "a different prompt").await;
    assert!(!miss.cached);
    assert_eq!(requests().await, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_ups_continue_every_answer_or_only_the_winner() {
    let base = mock_provider::start().await;
    let store = Store::open_in_memory().unwrap();
    let engine = Engine::new(
        store.clone(),
        Arc::new(SystemClock),
        EngineConfig {
            backfill_attempts: 0,
            ..Default::default()
        },
    );
    let endpoint = Endpoint::openrouter(&base, None);
    let go = |spec: ComparisonSpec| {
        let (engine, endpoint) = (engine.clone(), endpoint.clone());
        async move {
            let record = engine.prepare(&spec).unwrap();
            let sink: EventSink = Arc::new(|_| {});
            engine
                .execute(
                    record,
                    &spec,
                    &|_| Ok(endpoint.clone()),
                    sink,
                    RunControl::new(),
                )
                .await
        }
    };
    let mut fast = Target::model("mock/fast");
    fast.params.temperature = Some(0.3);
    let first = go(ComparisonSpec::simple(
        "Say something about parallax",
        None,
        vec![fast, Target::model("mock/medium")],
    ))
    .await;

    let spec = engine.follow_up(&first.id, "And then?", &[]).unwrap();
    assert_eq!(spec.targets.len(), 2);
    assert_eq!(
        spec.targets[0].params.temperature,
        Some(0.3),
        "the same parameters as before"
    );
    let second = go(spec).await;
    assert_eq!(second.parent_id.as_deref(), Some(first.id.as_str()));
    for (s, parent) in second.slots.iter().zip(&first.slots) {
        assert_eq!(s.status, SlotStatus::Done);
        assert_eq!(s.parent_slot_id.as_deref(), Some(parent.id.as_str()));
        // The mock counts words of every message: 4 (first prompt) + 60 (its answer) + 2.
        assert_eq!(
            s.usage.input_tokens,
            Some(66),
            "the whole conversation was sent"
        );
        assert_eq!(s.messages.len(), 3, "user, assistant, user");
    }

    let winner_only = engine.follow_up(&second.id, "Only you now", &[1]).unwrap();
    assert_eq!(winner_only.targets.len(), 1);
    assert_eq!(winner_only.targets[0].model, "mock/medium");
    let third = go(winner_only).await;
    assert_eq!(third.slots[0].messages.len(), 5, "three turns deep");
    assert_eq!(third.slots[0].status, SlotStatus::Done);

    assert_eq!(
        engine.follow_up(&first.id, "x", &[7]).unwrap_err().code(),
        "nothing_to_continue"
    );
}

/// A clock whose monotonic time runs ten times faster than real time, and whose wall time is
/// fixed: every figure the engine records must come from it.
struct FastClock {
    start: Instant,
}

impl Clock for FastClock {
    fn now(&self) -> Instant {
        self.start + self.start.elapsed() * 10
    }
    fn unix_ms(&self) -> i64 {
        1_800_000_000_000
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_measurement_comes_from_the_injected_clock() {
    let base = mock_provider::start().await;
    let engine = Engine::new(
        Store::open_in_memory().unwrap(),
        Arc::new(FastClock {
            start: Instant::now(),
        }),
        EngineConfig::default(),
    );
    let r = execute(
        &engine,
        &spec_for(vec![Target::model("mock/fast")]),
        Endpoint::openrouter(&base, None),
        RunControl::new(),
    )
    .await;
    let s = &r.record.slots[0];
    // Real TTFT ≈ 100 ms, so the injected clock reports ≈ 1,000 ms.
    assert!(
        (1000..2500).contains(&s.ttft_ms.unwrap()),
        "TTFT read from the injected clock: {:?}",
        s.ttft_ms
    );
    assert!(
        s.total_ms.unwrap() >= 10 * r.wall.as_millis() as u64 / 2,
        "total too"
    );
    assert_eq!(r.record.created_at_ms, 1_800_000_000_000, "wall time too");
}

/// A retry is another answer in the same comparison: a new column after the others, the same
/// messages, to the target as asked or a changed one; the earlier answer (and what it cost)
/// stays; a retry is never served from the answer cache.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_adds_a_column_and_keeps_the_earlier_answer() {
    let base = mock_provider::start().await;
    let engine = fresh_engine(EngineConfig {
        cache_ttl: Some(Duration::from_secs(600)),
        ..no_retries()
    });
    let endpoint = Endpoint::openrouter(&base, None);
    let first = execute(
        &engine,
        &spec_for(vec![
            Target::model("mock/custom@ttft=10,tokens=3"),
            Target::model("mock/bad-key"),
        ]),
        endpoint.clone(),
        RunControl::new(),
    )
    .await;
    let id = first.record.id.clone();
    assert_eq!(first.record.slots[1].status, SlotStatus::Failed);

    // Column 1 again, with another model: column 2.
    let (added, spec) = engine
        .prepare_retry(
            &id,
            1,
            Some(Target::model("mock/custom@ttft=10,tokens=5")),
            false,
        )
        .unwrap();
    assert_eq!(added.slots.len(), 1);
    assert_eq!(added.slots[0].index, 2);
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink_events = events.clone();
    let e = endpoint.clone();
    let done = engine
        .execute_added(
            added,
            &spec,
            &|_| Ok(e.clone()),
            Arc::new(move |ev| sink_events.lock().unwrap().push(ev)),
            RunControl::new(),
        )
        .await;
    let events = events.lock().unwrap().clone();
    assert!(
        matches!(&events[0], ComparisonEvent::SlotsAdded { slots, .. } if slots[0].index == 2),
        "{:?}",
        events[0]
    );
    assert!(!events
        .iter()
        .any(|e| matches!(e, ComparisonEvent::Created { .. })));
    assert_eq!(done.slots.len(), 3);
    assert_eq!(done.slots[1].status, SlotStatus::Failed, "kept as it was");
    assert_eq!(done.slots[2].status, SlotStatus::Done);
    // The mock's vocabulary, five words; the same messages as the first answer.
    assert_eq!(done.slots[2].text, "Parallax streams every answer side");
    assert_eq!(done.slots[2].messages, done.slots[0].messages);

    // Column 0 as it was asked (its saved target): asked again, not served from the cache.
    let (added, spec) = engine.prepare_retry(&id, 0, None, false).unwrap();
    assert_eq!(added.slots[0].model, "mock/custom@ttft=10,tokens=3");
    let e = endpoint.clone();
    let done = engine
        .execute_added(
            added,
            &spec,
            &|_| Ok(e.clone()),
            Arc::new(|_| {}),
            RunControl::new(),
        )
        .await;
    let retried = &done.slots[3];
    assert_eq!(retried.status, SlotStatus::Done);
    assert!(!retried.cached, "a retry asks again");
    assert_eq!(retried.text, "Parallax streams every");

    // A column that does not exist.
    let err = engine.prepare_retry(&id, 9, None, false).unwrap_err();
    assert_eq!(err.code(), "not_found");

    // What each column was asked of, to ask it again changed: the retry's own target.
    assert_eq!(
        engine.answer_target(&id, 2).unwrap().model,
        "mock/custom@ttft=10,tokens=5"
    );
    assert_eq!(
        engine.answer_target(&id, 9).unwrap_err().code(),
        "not_found"
    );
    // All of them at once, in column order (what a saved comparison labels its columns with):
    // the two asked first, the retry of column 1 with its new model, column 0 asked again.
    let all: Vec<String> = engine
        .answer_targets(&id)
        .unwrap()
        .into_iter()
        .map(|t| t.model)
        .collect();
    assert_eq!(
        all,
        [
            "mock/custom@ttft=10,tokens=3",
            "mock/bad-key",
            "mock/custom@ttft=10,tokens=5",
            "mock/custom@ttft=10,tokens=3"
        ]
    );
    assert_eq!(
        engine.answer_targets("no-such-id").unwrap_err().code(),
        "not_found"
    );
}

/// The target an answer was asked of comes back with its parameters and routing as sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answers_target_comes_back_as_sent() {
    let base = mock_provider::start().await;
    let engine = fresh_engine(no_retries());
    let mut target = Target::model("mock/custom@ttft=10,tokens=3");
    target.params.temperature = Some(0.3);
    target.params.max_tokens = Some(64);
    target.params.stop = vec!["END".into()];
    let run = execute(
        &engine,
        &spec_for(vec![target]),
        Endpoint::openrouter(&base, None),
        RunControl::new(),
    )
    .await;
    let back = engine.answer_target(&run.record.id, 0).unwrap();
    assert_eq!(back.model, "mock/custom@ttft=10,tokens=3");
    assert_eq!(back.params.temperature, Some(0.3));
    assert_eq!(back.params.max_tokens, Some(64));
    assert_eq!(back.params.stop, vec!["END".to_string()]);
}

/// A target's own system prompt replaces the comparison's for that column only; an empty one
/// sends none; a retry and a follow-up keep what each answer had.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_targets_own_system_prompt_replaces_the_comparisons() {
    let base = mock_provider::start().await;
    let engine = fresh_engine(no_retries());
    let mut pirate = Target::model("mock/custom@ttft=5,tokens=3,tag=pirate");
    pirate.system = Some("Answer as a pirate.".into());
    let mut bare = Target::model("mock/custom@ttft=5,tokens=3,tag=bare");
    bare.system = Some(String::new());
    let plain = Target::model("mock/custom@ttft=5,tokens=3,tag=plain");
    let mut spec = spec_for(vec![pirate, bare, plain]);
    spec.system = Some("Be brief.".into());
    let run = execute(
        &engine,
        &spec,
        Endpoint::openrouter(&base, None),
        RunControl::new(),
    )
    .await;
    let sent = |i: usize| -> Vec<(String, String)> {
        run.record.slots[i]
            .messages
            .iter()
            .map(|m| (format!("{:?}", m.role), m.content.clone()))
            .collect()
    };
    let prompt = spec.prompt.clone();
    assert_eq!(
        sent(0),
        vec![
            ("System".into(), "Answer as a pirate.".into()),
            ("User".into(), prompt.clone())
        ]
    );
    assert_eq!(
        sent(1),
        vec![("User".into(), prompt.clone())],
        "blank: none"
    );
    assert_eq!(
        sent(2),
        vec![
            ("System".into(), "Be brief.".into()),
            ("User".into(), prompt.clone())
        ]
    );
    // Asked again, the override is part of what was asked.
    assert_eq!(
        engine
            .answer_target(&run.record.id, 0)
            .unwrap()
            .system
            .as_deref(),
        Some("Answer as a pirate.")
    );
    // Typed on the command line as a parameter.
    let mut t = Target::model("x");
    t.apply_param("system", "Reply in French.").unwrap();
    assert_eq!(t.system.as_deref(), Some("Reply in French."));
}
