//! Issue 9, "numbers people can trust": stalls measured on the wire, partial text saved during a
//! silence, honest tokens per second, BYOK, refusals and truncation, direct providers priced
//! from the OpenRouter catalog, caps that cannot be checked, connection set-up, and the mock's
//! request validation — each against the mock provider speaking the real wire shapes.

use std::sync::Arc;
use std::time::Duration;

use parallax_engine::*;
use parallax_llm::{Endpoint, ErrorCode};
use parallax_store::{CostSource, SlotStatus, SpeedBasis};

mod common;
use common::*;

/// Issue 9: the stall timer watches bytes on the wire. OpenRouter keeps a thinking model's
/// connection alive with `: OPENROUTER PROCESSING` comments, which decode to no event at all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keep_alive_comments_while_a_model_thinks_are_not_a_stall() {
    let base = mock_provider::start().await;
    // 1.5 s of keep-alives (one every 250 ms) before the first token; the stall limit is 0.6 s.
    let config = EngineConfig {
        stall_timeout: Duration::from_millis(600),
        ..no_retries()
    };
    let r = run_with(
        &base,
        vec![Target::model("mock/custom@ttft=1500,tps=100,tokens=5")],
        config,
        None,
    )
    .await;
    let s = &r.record.slots[0];
    assert_eq!(s.status, SlotStatus::Done, "{:?}", s.error);
    assert_eq!(s.text, expected_text(5));
    assert!(s.ttft_ms.unwrap() >= 1500, "{:?}", s.ttft_ms);
}

/// Issue 9: OpenAI and Gemini send nothing while a reasoning model thinks. Before the first
/// token such a slot gets `silent_thinking_timeout`; a plain compatible server keeps the normal
/// stall limit unless the request asked for reasoning.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_thinking_gets_its_own_limit_before_the_first_token() {
    use parallax_llm::{Effort, ProviderKind, Reasoning};
    let root = mock_provider::start_root().await;
    let config = EngineConfig {
        stall_timeout: Duration::from_millis(500),
        silent_thinking_timeout: Duration::from_secs(10),
        ..no_retries()
    };
    let model = "mock/custom@ttft=1500,tps=100,tokens=5";
    let with_reasoning = |kind| {
        let mut t = Target::on(kind, model);
        t.params.reasoning = Some(Reasoning::Effort {
            effort: Effort::High,
        });
        t
    };
    let cases = [
        (
            ProviderKind::OpenAi,
            format!("{root}/v1"),
            Target::on(ProviderKind::OpenAi, model),
            true,
        ),
        (
            ProviderKind::Gemini,
            root.clone(),
            Target::on(ProviderKind::Gemini, model),
            true,
        ),
        (
            ProviderKind::Compatible,
            format!("{root}/local/v1"),
            Target::on(ProviderKind::Compatible, model),
            false,
        ),
        (
            ProviderKind::Compatible,
            format!("{root}/local/v1"),
            with_reasoning(ProviderKind::Compatible),
            true,
        ),
        // OpenAI cannot turn reasoning off (the request drops it): still silent thinking.
        (
            ProviderKind::OpenAi,
            format!("{root}/v1"),
            {
                let mut t = Target::on(ProviderKind::OpenAi, model);
                t.params.reasoning = Some(Reasoning::Off);
                t
            },
            true,
        ),
    ];
    for (kind, base, target, survives) in cases {
        let engine = fresh_engine(config.clone());
        let spec = spec_for(vec![target.clone()]);
        let r = execute(
            &engine,
            &spec,
            Endpoint::new(kind, base, None),
            RunControl::new(),
        )
        .await;
        let s = &r.record.slots[0];
        let what = format!("{kind:?} reasoning={:?}", target.params.reasoning);
        if survives {
            assert_eq!(s.status, SlotStatus::Done, "{what}: {:?}", s.error);
        } else {
            assert_eq!(s.status, SlotStatus::Failed, "{what}");
            assert_eq!(s.error.as_ref().unwrap().code, ErrorCode::Timeout, "{what}");
            assert!(r.wall < Duration::from_millis(1400), "{what}: {:?}", r.wall);
        }
    }
}

/// Issue 9: text that streamed before a stall reaches the store on a timer, not only when the
/// next event arrives; the slot says `streaming` while it waits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_before_a_stall_is_saved_while_the_stream_is_silent() {
    let base = mock_provider::start().await;
    let engine = Arc::new(fresh_engine(no_retries()));
    let spec = spec_for(vec![Target::model("mock/stalls-midway")]);
    let record = engine.prepare(&spec).unwrap();
    let id = record.id.clone();
    let control = RunControl::new();
    let (e2, c2) = (engine.clone(), control.clone());
    let endpoint = Endpoint::openrouter(&base, None);
    let run = tokio::spawn(async move {
        let sink: EventSink = Arc::new(|_| {});
        e2.execute(record, &spec, &|_| Ok(endpoint.clone()), sink, c2)
            .await
    });
    // 10 tokens arrive by ~200 ms; the stall starts then. Well after one flush period:
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let saved = engine.store().get_comparison(&id).unwrap();
    assert_eq!(saved.slots[0].status, SlotStatus::Streaming);
    assert_eq!(
        saved.slots[0].text,
        expected_text(10),
        "all the text that streamed before the stall is in the store"
    );
    control.cancel();
    let done = run.await.unwrap();
    assert_eq!(done.slots[0].status, SlotStatus::Cancelled);
    assert_eq!(done.slots[0].text, expected_text(10));
}

/// Issue 9: tokens per second stays honest when reasoning is hidden. The mock thinks for 150
/// tokens without showing them (1.5 s at 100 tok/s) and then streams 30 answer tokens at
/// 100 tok/s. Output is 180 tokens, but only 30 of them came after the first visible token:
/// 180 over ~0.3 s would read ~600 tok/s; the visible rate is 100.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hidden_reasoning_does_not_inflate_tokens_per_second() {
    use parallax_llm::ProviderKind;
    let root = mock_provider::start_root().await;
    for (kind, base, model) in [
        (
            ProviderKind::OpenRouter,
            format!("{root}/api/v1"),
            "mock/hidden-thinker",
        ),
        // OpenAI never streams reasoning; Gemini not without includeThoughts.
        (
            ProviderKind::OpenAi,
            format!("{root}/v1"),
            "mock/hidden-thinker",
        ),
        (
            ProviderKind::Gemini,
            root.clone(),
            "mock/hidden-thinker@chunk=1",
        ),
    ] {
        let engine = fresh_engine(no_retries());
        let spec = spec_for(vec![Target::on(kind, model)]);
        let r = execute(
            &engine,
            &spec,
            Endpoint::new(kind, base, None),
            RunControl::new(),
        )
        .await;
        let s = &r.record.slots[0];
        assert_eq!(s.status, SlotStatus::Done, "{kind:?}: {:?}", s.error);
        assert_eq!(s.usage.output_tokens, Some(180), "{kind:?}");
        assert_eq!(s.reasoning, "", "{kind:?}: nothing was shown");
        assert!(
            s.ttft_ms.unwrap() >= 1600,
            "{kind:?}: thinking is in TTFT: {:?}",
            s.ttft_ms
        );
        assert_eq!(s.speed.basis, SpeedBasis::Visible, "{kind:?}");
        let tps = s.tokens_per_second().unwrap();
        assert!(
            (75.0..125.0).contains(&tps),
            "{kind:?}: ~100 tok/s visible, got {tps}"
        );
    }
}

/// Issue 9: a provider that sends many tokens per event is not flattered. 48 tokens at
/// 100 tok/s in 3 events of 16: the first event arrives after 16 tokens were generated, so
/// counting all 48 over the 0.32 s between first and last event would read 150 tok/s.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn big_chunks_do_not_inflate_tokens_per_second() {
    use parallax_llm::ProviderKind;
    let root = mock_provider::start_root().await;
    let engine = fresh_engine(no_retries());
    let spec = spec_for(vec![Target::on(
        ProviderKind::Gemini,
        "mock/custom@ttft=100,tps=100,tokens=48,chunk=16",
    )]);
    let r = execute(
        &engine,
        &spec,
        Endpoint::new(ProviderKind::Gemini, root, None),
        RunControl::new(),
    )
    .await;
    let s = &r.record.slots[0];
    assert_eq!(s.status, SlotStatus::Done, "{:?}", s.error);
    assert_eq!(s.output_chunks, Some(3));
    assert_eq!(s.speed.basis, SpeedBasis::Generation);
    let tps = s.tokens_per_second().unwrap();
    assert!((85.0..118.0).contains(&tps), "~100 tok/s, got {tps}");
}

/// Issue 9: an answer that arrives all at once has no measurable speed. 55 tokens at
/// 100,000 tok/s arrive within a millisecond or two: no "27,500 tok/s".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_too_fast_to_measure_has_no_speed() {
    let r = run(&["mock/custom@ttft=50,tps=100000,tokens=55"]).await;
    let s = &r.record.slots[0];
    assert_eq!(s.status, SlotStatus::Done, "{:?}", s.error);
    assert_eq!(s.speed.basis, SpeedBasis::TooShort);
    assert_eq!(s.tokens_per_second(), None);
}

/// Issue 9: with OpenRouter bring-your-own-key, `usage.cost` is only OpenRouter's fee; the
/// person also pays the provider. The mock bills 6 input words × $1/M + 40 output × $2/M =
/// $0.000086 upstream and a 5 % fee of $0.0000043: $0.0000903 in all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn byok_cost_is_the_fee_plus_what_the_provider_charged() {
    let r = run(&["mock/byok"]).await;
    let s = &r.record.slots[0];
    assert_eq!(s.status, SlotStatus::Done, "{:?}", s.error);
    assert_eq!(s.cost.source, CostSource::Billed);
    let usd = s.cost.usd.unwrap();
    assert!((usd - 0.0000903).abs() < 1e-10, "total billed {usd}");
    let upstream = s.usage.byok_upstream_usd.unwrap();
    assert!(
        (upstream - 0.000086).abs() < 1e-10,
        "provider's part {upstream}"
    );
}

/// Issue 9: an answer cut at the length limit is recorded as truncated, not done; its speed
/// is still measured (it generated normally), and it can be continued.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_cut_at_the_length_limit_is_truncated_not_done() {
    let r = run(&["mock/fast@length=1", "mock/fast"]).await;
    let cut = &r.record.slots[0];
    assert_eq!(cut.status, SlotStatus::Truncated, "{:?}", cut.error);
    assert_eq!(cut.finish_reason.as_deref(), Some("length"));
    assert_eq!(cut.text, expected_text(60), "the text is kept");
    assert!(cut.error.is_none(), "not a transport error");
    assert_eq!(cut.speed.basis, SpeedBasis::Generation);
    assert_eq!(r.record.slots[1].status, SlotStatus::Done);
}

/// Issue 9: connection set-up is recorded apart. The first request of a fresh engine opens a
/// connection; the next one, after the first finished, reuses it from the pool and says none.
/// Ollama's model load time (the mock reports `load_duration` 1,000,000 ns) is shown apart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_set_up_and_model_load_are_recorded_apart() {
    use parallax_llm::ProviderKind;
    let root = mock_provider::start_root().await;
    let engine = fresh_engine(no_retries());
    let endpoint = Endpoint::openrouter(format!("{root}/api/v1"), None);
    let spec = spec_for(vec![Target::model("mock/fast")]);
    let first = execute(&engine, &spec, endpoint.clone(), RunControl::new()).await;
    // The connection goes back to the pool a moment after the answer ends (hyper's own task): on
    // a loaded machine the very next request can start first and open another. Later requests
    // find it pooled; a few tries, a short pause apart, must reuse it.
    let mut second = execute(&engine, &spec, endpoint.clone(), RunControl::new()).await;
    for _ in 0..10 {
        if second.record.slots[0].connect_ms.is_none() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        second = execute(&engine, &spec, endpoint.clone(), RunControl::new()).await;
    }
    let (a, b) = (&first.record.slots[0], &second.record.slots[0]);
    assert!(a.connect_ms.is_some(), "a cold pool opens a connection");
    assert!(
        a.connect_ms.unwrap() <= a.ttfb_ms.unwrap(),
        "set-up is inside TTFB"
    );
    assert_eq!(b.connect_ms, None, "a warm pool reuses it");
    let saved = engine.store().get_comparison(&first.record.id).unwrap();
    assert_eq!(
        saved.slots[0].connect_ms, a.connect_ms,
        "saved with the answer"
    );

    let ollama = Endpoint::new(ProviderKind::Ollama, root.replace("http://", ""), None);
    let spec = spec_for(vec![Target::on(ProviderKind::Ollama, "mock/fast")]);
    let r = execute(&engine, &spec, ollama, RunControl::new()).await;
    assert_eq!(
        r.record.slots[0].load_ms,
        Some(1),
        "1,000,000 ns of load_duration"
    );
    assert_eq!(a.load_ms, None, "OpenRouter reports no load time");
}

// ---- mock fidelity (request validation, refusals, cache tokens) ----

/// Each provider face of one mock, at the base URL the engine would be given.
fn mock_faces(root: &str) -> Vec<(parallax_llm::ProviderKind, String)> {
    use parallax_llm::ProviderKind;
    vec![
        (ProviderKind::OpenRouter, format!("{root}/api/v1")),
        (ProviderKind::OpenAi, format!("{root}/v1")),
        (ProviderKind::Compatible, format!("{root}/local/v1")),
        (ProviderKind::Anthropic, root.to_owned()),
        (ProviderKind::Gemini, root.to_owned()),
        (ProviderKind::Ollama, root.replace("http://", "")),
    ]
}

/// Runs `targets` (all on `kind`) against `base` with the usual prompt and system prompt.
async fn run_face(kind: parallax_llm::ProviderKind, base: &str, targets: Vec<Target>) -> Run {
    execute(
        &fresh_engine(no_retries()),
        &spec_for(targets),
        Endpoint::new(kind, base.to_owned(), None),
        RunControl::new(),
    )
    .await
}

/// The mock refuses what each real service refuses (a missing `anthropic-version` or
/// `max_tokens`, `max_tokens` to an OpenAI reasoning model, a Gemini config key it does not know,
/// an Ollama `think` it does not take…). A realistic request with every parameter set must pass
/// on every face, so a request-building regression fails here. Two targets per face: a chat model
/// with every sampling parameter, and a reasoning model (`reasoning_model=1`: OpenAI's o-series
/// and gpt-5 take `max_completion_tokens` and only the default sampling, so none is set, as the
/// builder leaves it out for those models by name). A third asks for minimal effort, which
/// Ollama's `think` does not take and Anthropic's smallest budget (1024) barely does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_realistic_request_with_every_parameter_passes_every_faces_validation() {
    use parallax_llm::{DataCollection, Effort, ProviderKind, Reasoning, RoutingSort};
    let root = mock_provider::start_root().await;
    for (kind, base) in mock_faces(&root) {
        let reasoning = if kind == ProviderKind::Anthropic {
            Reasoning::Budget { tokens: 2048 }
        } else {
            Reasoning::Effort {
                effort: Effort::Low,
            }
        };
        let mut chat = Target::on(kind, "mock/fast");
        chat.params.temperature = Some(0.2);
        chat.params.top_p = Some(0.9);
        chat.params.max_tokens = Some(300);
        chat.params.seed = Some(7);
        chat.params.stop = vec!["END".into()];
        chat.params.reasoning = Some(reasoning);
        let mut thinker = Target::on(kind, "mock/thinker@reasoning_model=1");
        thinker.params.max_tokens = Some(300);
        thinker.params.seed = Some(7);
        thinker.params.stop = vec!["END".into()];
        thinker.params.reasoning = Some(reasoning);
        let mut minimal = Target::on(kind, "mock/fast");
        minimal.params.max_tokens = Some(300);
        minimal.params.reasoning = Some(Reasoning::Effort {
            effort: Effort::Minimal,
        });
        if kind == ProviderKind::OpenRouter {
            for t in [&mut chat, &mut thinker] {
                t.routing.sort = Some(RoutingSort::Latency);
                t.routing.data_collection = Some(DataCollection::Deny);
                t.fallback_models = vec!["mock/medium".into()];
            }
        }
        let r = run_face(kind, &base, vec![chat, thinker, minimal]).await;
        let what = format!("{kind:?} at {base}");
        assert_eq!(r.record.slots.len(), 3, "{what}");
        for (s, words) in r.record.slots.iter().zip([60, 40, 60]) {
            assert_eq!(
                s.status,
                SlotStatus::Done,
                "{what} {}: the mock refused the request: {:?}",
                s.model,
                s.error
            );
            assert_eq!(s.text, expected_text(words), "{what} {}", s.model);
        }
    }
}

/// The mock reports cache reads (and OpenRouter and Anthropic cache writes) in each face's shape;
/// every face reads them into the same usage. `input_tokens` always counts the whole prompt:
/// Anthropic's own `input_tokens` leaves the cache out, so the parser adds it back.
/// OpenRouter bills cache reads at 10 % and writes at 125 % of the prompt price: the usual
/// 6-word prompt with 4 read and 2 written, and 40 output tokens at $2/M, costs
/// 4 × $0.10/M + 2 × $1.25/M + 40 × $2/M = $0.0000829.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cached_prompt_tokens_are_read_from_every_face_and_billed_at_cache_prices() {
    use parallax_llm::ProviderKind;
    let root = mock_provider::start_root().await;
    for (kind, base) in mock_faces(&root) {
        if kind == ProviderKind::Ollama {
            continue; // Ollama reports no cache (WF §7).
        }
        let r = run_face(
            kind,
            &base,
            vec![Target::on(
                kind,
                "mock/fast@tokens=40,cached=4,cache_write=2",
            )],
        )
        .await;
        let s = &r.record.slots[0];
        let what = format!("{kind:?} at {base}");
        assert_eq!(s.status, SlotStatus::Done, "{what}: {:?}", s.error);
        assert_eq!(s.usage.input_tokens, Some(6), "{what}: the whole prompt");
        assert_eq!(s.usage.cache_read_tokens, Some(4), "{what}");
        if matches!(kind, ProviderKind::OpenRouter | ProviderKind::Anthropic) {
            assert_eq!(s.usage.cache_write_tokens, Some(2), "{what}");
        }
        if kind == ProviderKind::OpenRouter {
            assert_eq!(s.cost.source, CostSource::Billed);
            let usd = s.cost.usd.unwrap();
            assert!((usd - 0.0000829).abs() < 1e-10, "{what}: billed {usd}");
        }
    }
}

/// Issue 9: direct OpenAI, Anthropic and Gemini answers are priced at their list price from
/// the stored OpenRouter catalog, marked with its date; a model the catalog lacks stays
/// unknown. The mock answers 6 input and 60 output tokens for each. Hand-computed:
/// gpt-4o at $2.50/$10 per M: 6 × 2.5 + 60 × 10 = 615 → $0.000615;
/// claude-sonnet-4-5 (listed as anthropic/claude-sonnet-4.5) at $3/$15: 18 + 900 → $0.000918.
/// The dated ids the services report (`gpt-4o-2024-08-06`) are not shown as fallbacks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn direct_models_get_list_prices_from_the_openrouter_catalog() {
    use parallax_llm::{CatalogModel, Price, ProviderKind};
    let root = mock_provider::start_root().await;
    let engine = fresh_engine(no_retries());
    let priced = |id: &str, prompt: f64, completion: f64| {
        let mut m = CatalogModel::bare(ProviderKind::OpenRouter, id, id);
        m.prompt_price = Price::Usd { usd: prompt };
        m.completion_price = Price::Usd { usd: completion };
        m
    };
    // 2026-11-28T12:00:00Z
    let fetched = 1_795_867_200_000;
    engine
        .store()
        .record_catalog(
            "openrouter",
            &[
                priced("openai/gpt-4o", 2.5, 10.0),
                priced("anthropic/claude-sonnet-4.5", 3.0, 15.0),
            ],
            fetched,
        )
        .unwrap();
    let spec = spec_for(vec![
        Target::on(ProviderKind::OpenAi, "gpt-4o"),
        Target::on(ProviderKind::Anthropic, "claude-sonnet-4-5"),
        Target::on(ProviderKind::Gemini, "gemini-2.5-flash"),
    ]);
    let record = engine.prepare(&spec).unwrap();
    let endpoint = move |t: &Target| {
        Ok(match t.provider {
            ProviderKind::OpenAi => Endpoint::new(t.provider, format!("{root}/v1"), None),
            _ => Endpoint::new(t.provider, root.clone(), None),
        })
    };
    let r = engine
        .execute(
            record,
            &spec,
            &endpoint,
            Arc::new(|_| {}),
            RunControl::new(),
        )
        .await;
    let (gpt, claude, gemini) = (&r.slots[0], &r.slots[1], &r.slots[2]);
    for s in [gpt, claude, gemini] {
        assert_eq!(s.status, SlotStatus::Done, "{}: {:?}", s.model, s.error);
        assert_eq!(
            (s.usage.input_tokens, s.usage.output_tokens),
            (Some(6), Some(60))
        );
    }
    assert_eq!(gpt.cost.source, CostSource::Computed);
    assert!(
        (gpt.cost.usd.unwrap() - 0.000615).abs() < 1e-12,
        "{:?}",
        gpt.cost
    );
    assert_eq!(
        gpt.cost_basis.as_deref(),
        Some("list price of openai/gpt-4o in the openrouter catalog of 2026-11-28")
    );
    assert_eq!(
        gpt.served_model, None,
        "gpt-4o-2024-08-06 is gpt-4o, not a fallback"
    );
    assert_eq!(claude.cost.source, CostSource::Computed);
    assert!(
        (claude.cost.usd.unwrap() - 0.000918).abs() < 1e-12,
        "{:?}",
        claude.cost
    );
    assert_eq!(claude.served_model, None);
    assert_eq!(
        gemini.cost,
        parallax_store::Cost::UNKNOWN,
        "not in the catalog: unknown"
    );
    assert_eq!(gemini.cost_basis, None);

    // The estimate uses the same prices: 1,000 output tokens at most cost at least $0.01.
    let mut capped = spec.clone();
    capped.targets.truncate(2);
    for t in &mut capped.targets {
        t.params.max_tokens = Some(1000);
    }
    let e = engine.estimate(&capped).unwrap();
    assert!(
        e.worst_case_complete,
        "both direct targets are priced: {e:?}"
    );
    assert!(e.worst_case_usd >= 0.01 + 0.015, "{}", e.worst_case_usd);
}

/// Issue 9: refusals, filters and truncation on every provider face, in each one's real shape
/// (the mock's `refuses`, `filtered`, `out-of-budget`, `truncated`, `context-exceeded`), are
/// recorded as what they are: never a green done.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_filters_and_truncation_are_recorded_as_what_they_are() {
    use parallax_llm::ProviderKind;
    let root = mock_provider::start_root().await;
    let kinds = [
        (ProviderKind::OpenRouter, format!("{root}/api/v1")),
        (ProviderKind::OpenAi, format!("{root}/v1")),
        (ProviderKind::Anthropic, root.clone()),
        (ProviderKind::Gemini, root.clone()),
        (ProviderKind::Ollama, root.replace("http://", "")),
    ];
    for (kind, base) in kinds {
        let engine = fresh_engine(no_retries());
        let models = [
            "mock/refuses",
            "mock/filtered",
            "mock/out-of-budget",
            "mock/truncated",
            "mock/context-exceeded",
        ];
        let spec = spec_for(models.iter().map(|m| Target::on(kind, *m)).collect());
        let r = execute(
            &engine,
            &spec,
            Endpoint::new(kind, base, None),
            RunControl::new(),
        )
        .await;
        let s = &r.record.slots;
        let what = format!("{kind:?}");
        let status: Vec<SlotStatus> = s.iter().map(|s| s.status).collect();
        // Ollama has no refusal or filter signal: it just answers.
        let (refused, filtered) = match kind {
            ProviderKind::Ollama => (SlotStatus::Done, SlotStatus::Done),
            _ => (SlotStatus::Refused, SlotStatus::Refused),
        };
        assert_eq!(
            status,
            [
                refused,
                filtered,
                SlotStatus::Truncated,
                SlotStatus::Truncated,
                SlotStatus::Truncated
            ],
            "{what}: {:?}",
            s.iter()
                .map(|s| (&s.finish_reason, &s.error))
                .collect::<Vec<_>>()
        );
        for slot in s {
            assert!(
                slot.error.is_none(),
                "{what} {}: not a transport error",
                slot.model
            );
        }
        if kind != ProviderKind::Gemini {
            assert!(
                !s[0].text.is_empty(),
                "{what}: the refusal's words are shown"
            );
        }
        assert_eq!(s[2].text, "", "{what}: out of budget: no answer text");
        assert!(
            s[3].text.split(' ').count() == 30,
            "{what}: truncated text is kept"
        );
        if kind == ProviderKind::Anthropic {
            assert_eq!(
                s[4].finish_reason.as_deref(),
                Some("model_context_window_exceeded")
            );
        }
    }
}

/// Issue 9: a spending cap never treats an unknown cost as $0. A cap is set and one target has
/// no known price: the run is refused before anything is sent, naming that model; sent anyway
/// on request, the answer whose cost is unknown is reported as one the cap cannot count.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cap_that_cannot_be_checked_is_said_before_sending_and_while_running() {
    let base = mock_provider::start().await;
    let engine = fresh_engine(no_retries());
    engine
        .store()
        .set_setting("budget.per_comparison_usd", Some("1"))
        .unwrap();
    let mut priced = Target::model("mock/fast");
    priced.prompt_price_per_m = Some(1.0);
    priced.completion_price_per_m = Some(2.0);
    priced.params.max_tokens = Some(100);
    let mut unpriced = Target::model("mock/no-cost");
    unpriced.params.max_tokens = Some(100);
    let spec = spec_for(vec![priced, unpriced]);
    let before = engine.store().list_comparisons(10, None).unwrap().len();
    let err = engine.prepare(&spec).unwrap_err();
    assert_eq!(err.code(), "budget_unknown_cost");
    let msg = err.to_string();
    assert!(
        msg.contains("mock/no-cost") && !msg.contains("mock/fast"),
        "{msg}"
    );
    assert!(msg.contains("$1.00 per comparison"), "{msg}");
    assert_eq!(
        engine.store().list_comparisons(10, None).unwrap().len(),
        before,
        "nothing saved, nothing sent"
    );

    let spec = ComparisonSpec {
        allow_unknown_cost: Some(true),
        ..spec
    };
    let r = execute(
        &engine,
        &spec,
        Endpoint::openrouter(base, None),
        RunControl::new(),
    )
    .await;
    assert!(r.record.slots.iter().all(|s| s.status == SlotStatus::Done));
    let unknown: Vec<u32> = r
        .events
        .iter()
        .filter_map(|e| match e {
            ComparisonEvent::SpendUnknown { slot, message } => {
                assert!(message.contains("mock/no-cost"), "{message}");
                Some(*slot)
            }
            _ => None,
        })
        .collect();
    assert_eq!(unknown, [1], "only the answer of unknown cost is reported");
}

/// Review fixes: a cap is not blocked by what is known to be free or bounded. A local Ollama
/// (no price, no output limit, but it costs nothing) passes a cap; Anthropic's worst case uses
/// the `max_tokens` its request will carry (4096 when unset), not the model's whole limit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cap_counts_local_models_as_free_and_anthropic_at_its_request_limit() {
    use parallax_llm::ProviderKind;
    let engine = fresh_engine(no_retries());
    engine
        .store()
        .set_setting("budget.per_comparison_usd", Some("1"))
        .unwrap();
    let spec = spec_for(vec![Target::on(ProviderKind::Ollama, "llama3.2")]);
    let e = engine.estimate(&spec).unwrap();
    assert!(e.worst_case_complete, "{e:?}");
    assert_eq!(e.worst_case_usd, 0.0);
    engine.prepare(&spec).expect("a local model passes a cap");

    let mut claude = Target::on(ProviderKind::Anthropic, "claude-x");
    claude.max_output_tokens = Some(64_000);
    let e = engine.estimate(&spec_for(vec![claude.clone()])).unwrap();
    assert_eq!(
        e.slots[0].max_output_tokens,
        Some(4096),
        "Anthropic sends 4096 when unset"
    );
    claude.params.max_tokens = Some(500);
    claude.params.reasoning = Some(parallax_llm::Reasoning::Budget { tokens: 2000 });
    let e = engine.estimate(&spec_for(vec![claude])).unwrap();
    assert_eq!(
        e.slots[0].max_output_tokens,
        Some(2000 + 4096),
        "raised above the thinking budget, as the request will be"
    );
}

/// Review fixes: an engine fallback is priced as itself. The primary (typed at $100/M) fails
/// with 503 before answering; gpt-4o answers, listed at $2.50/$10 per M in the stored
/// OpenRouter catalog: 6 × 2.5 + 60 × 10 = 615 → $0.000615, not the primary's $0.0066.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_engine_fallback_is_priced_as_itself() {
    use parallax_llm::{CatalogModel, Price, ProviderKind};
    let root = mock_provider::start_root().await;
    let engine = fresh_engine(no_retries());
    let mut m = CatalogModel::bare(ProviderKind::OpenRouter, "openai/gpt-4o", "GPT-4o");
    m.prompt_price = Price::Usd { usd: 2.5 };
    m.completion_price = Price::Usd { usd: 10.0 };
    engine
        .store()
        .record_catalog("openrouter", &[m], 1_795_867_200_000)
        .unwrap();
    let mut t = Target::on(ProviderKind::OpenAi, "mock/overloaded");
    t.prompt_price_per_m = Some(100.0);
    t.completion_price_per_m = Some(100.0);
    t.fallback_models = vec!["gpt-4o".into()];
    let r = execute(
        &engine,
        &spec_for(vec![t]),
        Endpoint::new(ProviderKind::OpenAi, format!("{root}/v1"), None),
        RunControl::new(),
    )
    .await;
    let s = &r.record.slots[0];
    assert_eq!(s.status, SlotStatus::Done, "{:?}", s.error);
    assert_eq!(s.served_model.as_deref(), Some("gpt-4o"));
    assert!(
        (s.cost.usd.unwrap() - 0.000615).abs() < 1e-12,
        "{:?}",
        s.cost
    );
    assert_eq!(
        s.cost_basis.as_deref(),
        Some("list price of openai/gpt-4o in the openrouter catalog of 2026-11-28")
    );
}

/// Review fixes: a daily cap cannot be checked once today holds an answer of unknown cost, and
/// an answer that failed before generating anything (401) is not reported as unknown spend.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn earlier_unknown_spend_makes_a_daily_cap_uncheckable() {
    let base = mock_provider::start().await;
    let engine = fresh_engine(no_retries());
    engine
        .store()
        .set_setting("budget.daily_usd", Some("10"))
        .unwrap();
    let mut unpriced = Target::model("mock/no-cost");
    unpriced.params.max_tokens = Some(100);
    let spec = ComparisonSpec {
        allow_unknown_cost: Some(true),
        ..spec_for(vec![unpriced, Target::model("mock/bad-key")])
    };
    let r = execute(
        &engine,
        &spec,
        Endpoint::openrouter(&base, None),
        RunControl::new(),
    )
    .await;
    let reported: Vec<u32> = r
        .events
        .iter()
        .filter_map(|e| match e {
            ComparisonEvent::SpendUnknown { slot, .. } => Some(*slot),
            _ => None,
        })
        .collect();
    assert_eq!(reported, [0], "the 401 generated nothing and cost nothing");

    let mut priced = Target::model("mock/fast");
    priced.prompt_price_per_m = Some(1.0);
    priced.completion_price_per_m = Some(2.0);
    priced.params.max_tokens = Some(100);
    let err = engine.prepare(&spec_for(vec![priced])).unwrap_err();
    assert_eq!(err.code(), "budget_unknown_cost");
    assert!(err.to_string().contains("1 answer earlier today"), "{err}");
}
