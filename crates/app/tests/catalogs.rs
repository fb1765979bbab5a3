//! Catalogs for pickers when a provider cannot be reached, and local model servers found on this
//! machine — against the mock provider's real wire shapes. One test function: it sets
//! process-wide environment variables (no base URL overrides, no keychain).

use std::sync::Arc;

use parallax_app::catalogs::{bundled_catalog, detect_local_servers, load_catalog};
use parallax_app::settings::{change_settings, SettingChange};
use parallax_app::AppErrorCode;
use parallax_engine::{Engine, EngineConfig, SystemClock};
use parallax_llm::{EndpointRef, ErrorCode, Price, ProviderKind};
use parallax_store::Store;

fn set(store: &Store, key: &str, value: &str) {
    change_settings(
        store,
        &[SettingChange {
            key: key.into(),
            value: Some(value.into()),
        }],
    )
    .unwrap();
}

/// A loopback port where nothing listens: a connection there is refused at once.
fn dead_url() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    format!("http://127.0.0.1:{port}")
}

#[tokio::test]
async fn offline_pickers_get_the_saved_or_bundled_list_and_local_servers_are_found() {
    for v in [
        "OPENROUTER_BASE_URL",
        "ANTHROPIC_BASE_URL",
        "OLLAMA_HOST",
        "OPENROUTER_API_KEY",
        "ANTHROPIC_API_KEY",
    ] {
        std::env::remove_var(v);
    }
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/parallax-test-bus",
    );
    let root = mock_provider::start_root().await;
    let dead = dead_url();
    let store = Store::open_in_memory().unwrap();
    let engine = Engine::new(
        store.clone(),
        Arc::new(SystemClock),
        EngineConfig::default(),
    );
    let openrouter = EndpointRef::builtin(ProviderKind::OpenRouter);

    // Never reached, no network: OpenRouter's list is the one bundled with the app, said so,
    // with the newest listing date in it (2026-08-14, 1786722910 s in the snapshot) and why.
    set(&store, "openrouter.base_url", &format!("{dead}/api/v1"));
    let bundled = load_catalog(&engine, &openrouter).await.unwrap();
    assert!(bundled.bundled);
    assert_eq!(bundled.models.len(), 414, "the whole snapshot");
    assert_eq!(bundled.fetched_at_ms, 1_786_722_910_000);
    let qwen = bundled
        .models
        .iter()
        .find(|m| m.id == "qwen/qwen3.8-27b")
        .expect("a model of the snapshot");
    assert_eq!(qwen.context_length, Some(262_144));
    let why = bundled.unreachable.expect("says why it is not live");
    assert_eq!(why.code, AppErrorCode::Provider(ErrorCode::Network));
    assert!(bundled_catalog(&EndpointRef::builtin(ProviderKind::Anthropic)).is_none());

    // Reached once: fetched now, saved; then unreachable again: the saved list, not the bundled.
    set(&store, "openrouter.base_url", &format!("{root}/api/v1"));
    let before = engine.clock_unix_ms();
    let live = load_catalog(&engine, &openrouter).await.unwrap();
    assert!(live.unreachable.is_none() && !live.bundled);
    assert!(live.fetched_at_ms >= before);
    assert!(live.models.iter().any(|m| m.id == "mock/fast"));
    set(&store, "openrouter.base_url", &format!("{dead}/api/v1"));
    let saved = load_catalog(&engine, &openrouter).await.unwrap();
    assert!(!saved.bundled);
    assert_eq!(
        saved.fetched_at_ms, live.fetched_at_ms,
        "the saved list's age"
    );
    assert_eq!(saved.models, live.models);
    assert!(saved.unreachable.is_some());

    // A provider never reached and with nothing bundled: its error, once.
    set(&store, "anthropic.base_url", &dead);
    let err = load_catalog(&engine, &EndpointRef::builtin(ProviderKind::Anthropic))
        .await
        .unwrap_err();
    assert_eq!(err.code, AppErrorCode::Provider(ErrorCode::Network));

    // The demo provider answers with no key and no network: its models and made-up prices.
    let demo = load_catalog(&engine, &EndpointRef::builtin(ProviderKind::Demo))
        .await
        .unwrap();
    assert!(demo.unreachable.is_none());
    let ids: Vec<&str> = demo.models.iter().map(|m| m.id.as_str()).collect();
    for id in [
        "fast", "medium", "slow", "thinker", "markdown", "free", "bad-key",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    let slow = demo.models.iter().find(|m| m.id == "slow").unwrap();
    assert_eq!(slow.prompt_price, Price::Usd { usd: 3.0 });
    assert_eq!(slow.completion_price, Price::Usd { usd: 15.0 });

    // Ollama where it is configured (here the mock's Ollama face) is found with its models'
    // size and build; other default ports may or may not have a server on this machine.
    set(&store, "ollama.base_url", &root);
    let servers = detect_local_servers(&engine).await.unwrap();
    let ollama = servers
        .iter()
        .find(|s| s.kind == ProviderKind::Ollama)
        .expect("the mock's Ollama face is detected");
    assert_eq!(ollama.base_url, root);
    let m = ollama
        .models
        .iter()
        .find(|m| m.id == "mock/fast")
        .expect("its installed models");
    let local = m.local.as_ref().expect("size and build");
    assert_eq!(local.size_bytes, Some(2_019_393_189));
    assert_eq!(local.quantization.as_deref(), Some("Q4_K_M"));
    assert_eq!(local.parameter_size.as_deref(), Some("3.2B"));
    // Nothing at Ollama's address: not listed, and no error.
    set(&store, "ollama.base_url", &dead);
    let servers = detect_local_servers(&engine).await.unwrap();
    assert!(servers.iter().all(|s| s.kind != ProviderKind::Ollama));
}

#[test]
fn the_market_speed_of_a_model_is_the_median_of_its_saved_providers_and_nothing_when_never_fetched()
{
    use parallax_llm::openrouter::{Percentiles, ProviderEndpoint};
    let store = parallax_store::Store::open_in_memory().unwrap();
    let endpoint = |name: &str, latency_s: Option<f64>, tps: Option<f64>| ProviderEndpoint {
        provider_name: name.into(),
        tag: name.to_lowercase(),
        quantization: None,
        context_length: None,
        max_output_tokens: None,
        prompt_price: parallax_llm::Price::Unknown,
        completion_price: parallax_llm::Price::Unknown,
        cache_read_price: parallax_llm::Price::Unknown,
        request_price: parallax_llm::Price::Unknown,
        uptime_5m: None,
        uptime_30m: None,
        uptime_1d: None,
        latency_30m: latency_s.map(|p50| Percentiles {
            p50: Some(p50),
            p75: None,
            p90: None,
            p99: None,
        }),
        throughput_30m: tps.map(|p50| Percentiles {
            p50: Some(p50),
            p75: None,
            p90: None,
            p99: None,
        }),
        supported_parameters: vec![],
        status: None,
        supports_implicit_caching: None,
    };
    let source =
        parallax_llm::EndpointRef::builtin(parallax_llm::ProviderKind::OpenRouter).catalog_key();
    // Three providers: 0.9 s, 0.4 s, 0.6 s to the first token → the median is 600 ms; throughput
    // 80 and 50 (the third said none) → the lower median of two, 50.
    store
        .save_model_endpoints(
            &source,
            "openai/gpt-4o",
            &[
                endpoint("A", Some(0.9), Some(80.0)),
                endpoint("B", Some(0.4), Some(50.0)),
                endpoint("C", Some(0.6), None),
            ],
            1_790_000_000_000,
        )
        .unwrap();
    let got = parallax_app::catalogs::saved_market_speed(
        &store,
        &["never/fetched".to_string(), "openai/gpt-4o".to_string()],
    )
    .unwrap();
    assert_eq!(got.len(), 1, "a model never fetched is left out");
    assert_eq!(got[0].model, "openai/gpt-4o");
    assert_eq!(got[0].latency_p50_ms, Some(600.0));
    assert_eq!(got[0].throughput_p50, Some(50.0));
    assert_eq!(got[0].providers, 3);
    assert_eq!(got[0].fetched_at_ms, 1_790_000_000_000);
}
