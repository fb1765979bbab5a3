//! A model's providers on OpenRouter (wire-formats §1.10), against the mock's endpoints face:
//! fetched on demand, kept with their age, shown from the saved list when OpenRouter cannot be
//! reached. One test function: it clears process-wide environment variables.

use std::sync::Arc;

use parallax_app::catalogs::model_endpoints;
use parallax_app::settings::{change_settings, SettingChange};
use parallax_app::AppErrorCode;
use parallax_engine::{Engine, EngineConfig, SystemClock};
use parallax_llm::{ErrorCode, Price};
use parallax_store::Store;

fn set_base(store: &Store, url: &str) {
    change_settings(
        store,
        &[SettingChange {
            key: "openrouter.base_url".into(),
            value: Some(url.into()),
        }],
    )
    .unwrap();
}

#[tokio::test]
async fn a_models_providers_are_fetched_kept_with_their_age_and_shown_offline() {
    std::env::remove_var("OPENROUTER_BASE_URL");
    std::env::remove_var("OPENROUTER_API_KEY");
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/parallax-test-bus",
    );
    let root = mock_provider::start_root().await;
    let store = Store::open_in_memory().unwrap();
    let engine = Engine::new(
        store.clone(),
        Arc::new(SystemClock),
        EngineConfig::default(),
    );
    set_base(&store, &format!("{root}/api/v1"));

    // mock/premium lists $15 / $75 per million: MockCloud at that price, Budget Host at 80 %.
    let v = model_endpoints(&engine, "mock/premium", false)
        .await
        .unwrap();
    assert!(v.unreachable.is_none());
    assert_eq!(v.endpoints.len(), 2);
    let cloud = &v.endpoints[0];
    assert_eq!(cloud.provider_name, "MockCloud");
    assert_eq!(cloud.quantization.as_deref(), Some("fp8"));
    assert_eq!(cloud.prompt_price, Price::Usd { usd: 15.0 });
    assert_eq!(cloud.completion_price, Price::Usd { usd: 75.0 });
    assert_eq!(cloud.latency_30m.unwrap().p50, Some(0.25));
    let budget = &v.endpoints[1];
    assert_eq!(budget.tag, "budget/turbo");
    assert_eq!(budget.prompt_price, Price::Usd { usd: 12.0 });
    assert_eq!(budget.completion_price, Price::Usd { usd: 60.0 });
    assert_eq!(budget.uptime_5m, Some(92.0));
    assert_eq!(budget.context_length, Some(200_000));

    // Asked again within ten minutes: the saved list, same age, OpenRouter not asked (its
    // address is dead now and nothing fails).
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/api/v1", l.local_addr().unwrap())
    };
    set_base(&store, &dead);
    let again = model_endpoints(&engine, "mock/premium", false)
        .await
        .unwrap();
    assert_eq!(again.fetched_at_ms, v.fetched_at_ms);
    assert!(again.unreachable.is_none());
    // A refresh that cannot reach OpenRouter: the saved list, with why.
    let offline = model_endpoints(&engine, "mock/premium", true)
        .await
        .unwrap();
    assert_eq!(offline.endpoints, v.endpoints);
    assert_eq!(
        offline.unreachable.unwrap().code,
        AppErrorCode::Provider(ErrorCode::Network)
    );
    // Never fetched and unreachable: the error.
    assert!(model_endpoints(&engine, "mock/fast", false).await.is_err());
    // A model OpenRouter does not list: its 404, said as such.
    set_base(&store, &format!("{root}/api/v1"));
    let err = model_endpoints(&engine, "nobody/nothing", false)
        .await
        .unwrap_err();
    assert!(
        err.message.contains("No endpoints found"),
        "{}",
        err.message
    );
}
