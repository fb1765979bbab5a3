//! "Test connection" against the mock provider's real wire shapes: latency and model count for
//! any endpoint, the key's limit and credit where OpenRouter tells (`GET /api/v1/key`,
//! wire-formats §1.11), and a clear provider error where nothing answers. One test function:
//! it sets process-wide environment variables (a key, no keychain).

use std::sync::Arc;

use parallax_app::providers::test_connection;
use parallax_app::settings::{change_settings, SettingChange};
use parallax_app::AppErrorCode;
use parallax_engine::{Engine, EngineConfig, SystemClock};
use parallax_llm::key::KeySource;
use parallax_llm::{EndpointRef, ErrorCode, ProviderKind};
use parallax_store::{CustomEndpoint, Store};

#[tokio::test]
async fn a_connection_test_reports_latency_models_and_credit_or_the_providers_error() {
    // No keychain here: keys come from the environment only.
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/parallax-test-bus",
    );
    std::env::remove_var("OPENROUTER_BASE_URL");
    std::env::set_var("OPENROUTER_API_KEY", "sk-or-v1-test-connection-key");
    let root = mock_provider::start_root().await;
    let store = Store::open_in_memory().unwrap();
    change_settings(
        &store,
        &[SettingChange {
            key: "openrouter.base_url".into(),
            value: Some(format!("{root}/api/v1")),
        }],
    )
    .unwrap();
    store
        .upsert_endpoint(
            &CustomEndpoint {
                name: "lab".into(),
                base_url: format!("{root}/v1"),
                headers: vec![],
                key_header: None,
            },
            0,
        )
        .unwrap();
    let engine = Engine::new(
        store.clone(),
        Arc::new(SystemClock),
        EngineConfig::default(),
    );

    let or = test_connection(&engine, &EndpointRef::builtin(ProviderKind::OpenRouter))
        .await
        .unwrap();
    assert_eq!(or.key_source, KeySource::Environment);
    assert!(or.test.models > 0, "the mock's catalog lists models");
    let key = or.test.key.expect("OpenRouter tells the key's status");
    // The mock answers the documented example: a $100 monthly limit with $74.50 left.
    assert_eq!(key.limit_usd, Some(100.0));
    assert_eq!(key.limit_remaining_usd, Some(74.5));
    assert_eq!(key.limit_reset.as_deref(), Some("monthly"));
    assert!(
        store.saved_catalog("openrouter").unwrap().is_some(),
        "a tested listing is saved as the catalog, like any listing"
    );

    let lab = test_connection(&engine, &EndpointRef::custom("lab"))
        .await
        .unwrap();
    assert!(lab.test.models > 0);
    assert_eq!(lab.test.key, None, "only OpenRouter reports a key's credit");
    assert_eq!(lab.base_url, format!("{root}/v1"));

    // Nothing listens on this port: the provider's own code, not a generic failure.
    store
        .upsert_endpoint(
            &CustomEndpoint {
                name: "gone".into(),
                base_url: "http://127.0.0.1:9/v1".into(),
                headers: vec![],
                key_header: None,
            },
            0,
        )
        .unwrap();
    let err = test_connection(&engine, &EndpointRef::custom("gone"))
        .await
        .unwrap_err();
    assert_eq!(
        err.code,
        AppErrorCode::Provider(ErrorCode::Network),
        "{err:?}"
    );
}
