//! "Cost of my last prompt" on every model: actual where a model answered it, else estimated
//! with the model's (or its vendor's) usual answer length from history. One test function: it
//! clears process-wide environment variables.

use std::sync::Arc;

use parallax_app::prices::{last_prompt_costs, LastPromptBasis};
use parallax_app::settings::{change_settings, SettingChange};
use parallax_engine::settings::endpoint_for;
use parallax_engine::{ComparisonSpec, Engine, EngineConfig, RunControl, SystemClock, Target};
use parallax_llm::{EndpointRef, ProviderKind};
use parallax_store::Store;

#[tokio::test]
async fn the_last_prompt_is_priced_on_every_model_actual_or_estimated() {
    std::env::remove_var("OPENROUTER_BASE_URL");
    std::env::set_var("OPENROUTER_API_KEY", "sk-or-v1-last-prompt-test");
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
    let at = EndpointRef::builtin(ProviderKind::OpenRouter);
    assert!(
        last_prompt_costs(&engine, &at, false).unwrap().is_none(),
        "no comparison yet"
    );
    let resolved = parallax_engine::settings::resolve_endpoint(&store, at.kind, None).unwrap();
    engine.list_models(&resolved.endpoint).await.unwrap();

    // mock/fast answers 60 tokens, mock/custom@tokens=20 twenty: the "mock" vendor's usual
    // answer is the median of its models' medians.
    let spec = ComparisonSpec::simple(
        "one two three",
        None,
        vec![
            Target::model("mock/fast"),
            Target::model("mock/custom@ttft=10,tokens=20"),
            Target::model("mock/medium"),
        ],
    );
    let record = engine.prepare(&spec).unwrap();
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

    let last = last_prompt_costs(&engine, &at, false).unwrap().unwrap();
    assert_eq!(last.comparison_id, done.id);
    let of = |m: &str| last.costs.iter().find(|c| c.model == m).unwrap().clone();
    let fast = of("mock/fast");
    assert_eq!(fast.basis, LastPromptBasis::Actual);
    assert_eq!(fast.usd, done.slots[0].cost.usd, "what it cost");
    // mock/premium never answered: estimated at $15 / $75 per million, with the vendor's usual
    // length — medians 60 (fast), 20 (custom), 60 (medium) → 60.
    let premium = of("mock/premium");
    assert_eq!(premium.basis, LastPromptBasis::Estimated);
    assert_eq!(premium.output_tokens, Some(60));
    let input = f64::from(premium.input_tokens.unwrap());
    assert!(input >= 3.0, "the prompt's tokens are counted");
    let expected = (input * 15.0 + 60.0 * 75.0) / 1e6;
    assert!(
        (premium.usd.unwrap() - expected).abs() < 1e-12,
        "{premium:?}"
    );
}
