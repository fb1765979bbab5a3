//! "What this would cost today": a saved comparison's answers re-priced at the catalog's prices
//! of now, on the usage they reported. One test function: it clears process-wide variables.

use std::sync::Arc;

use parallax_app::prices::reprice;
use parallax_app::settings::{change_settings, SettingChange};
use parallax_engine::settings::endpoint_for;
use parallax_engine::{ComparisonSpec, Engine, EngineConfig, RunControl, SystemClock, Target};
use parallax_llm::{EndpointRef, Price, ProviderKind};
use parallax_store::{CostSource, Store};

#[tokio::test]
async fn a_past_comparison_is_repriced_at_todays_list_prices() {
    std::env::remove_var("OPENROUTER_BASE_URL");
    std::env::set_var("OPENROUTER_API_KEY", "sk-or-v1-reprice-test");
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/parallax-test-bus",
    );
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
    let engine = Engine::new(
        store.clone(),
        Arc::new(SystemClock),
        EngineConfig::default(),
    );
    // The catalog as it is today at the mock: mock/premium at $15 / $75 per million.
    let at = EndpointRef::builtin(ProviderKind::OpenRouter);
    let resolved = parallax_engine::settings::resolve_endpoint(&store, at.kind, None).unwrap();
    let mut models = engine.list_models(&resolved.endpoint).await.unwrap();

    let spec = ComparisonSpec::simple(
        "one two three",
        None,
        vec![Target::model("mock/premium"), Target::model("mock/bad-key")],
    );
    let record = engine.prepare(&spec).unwrap();
    let id = record.id.clone();
    let s = store.clone();
    let done = engine
        .execute(
            record,
            &spec,
            &|t: &Target| endpoint_for(&s, t),
            Arc::new(|_| {}),
            RunControl::new(),
        )
        .await;
    let paid = &done.slots[0];
    assert_eq!(paid.cost.source, CostSource::Billed);
    let (n_in, n_out) = (
        f64::from(paid.usage.input_tokens.unwrap()),
        f64::from(paid.usage.output_tokens.unwrap()),
    );

    // The price doubles in the catalog.
    let premium = models.iter_mut().find(|m| m.id == "mock/premium").unwrap();
    premium.prompt_price = Price::Usd { usd: 30.0 };
    premium.completion_price = Price::Usd { usd: 150.0 };
    store
        .record_catalog(&at.catalog_key(), &models, engine.clock_unix_ms() + 1)
        .unwrap();

    let r = reprice(&engine, &id).unwrap();
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].then, paid.cost, "what was paid, as it was");
    let today = (n_in * 30.0 + n_out * 150.0) / 1e6;
    assert!(
        (r[0].today_usd.unwrap() - today).abs() < 1e-12,
        "{:?} vs {today}",
        r[0].today_usd
    );
    assert!(r[0].basis.as_deref().unwrap_or("").contains("mock/premium"));
    // The failed answer reported no usage: no figure today either.
    assert_eq!(r[1].today_usd, None);
}
