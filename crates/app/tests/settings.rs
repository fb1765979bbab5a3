//! Settings through the application layer: the one validation table both front ends use.
//! Expected values are the spec's (the reported cases), written by hand.

use parallax_app::settings::{change_settings, setting_rows, SettingChange};
use parallax_app::{AppCode, AppErrorCode};
use parallax_engine::EngineConfig;
use parallax_store::Store;

fn set(key: &str, value: Option<&str>) -> SettingChange {
    SettingChange {
        key: key.into(),
        value: value.map(Into::into),
    }
}

#[test]
fn a_budget_typed_with_a_dollar_sign_is_saved_and_one_that_cannot_be_read_keeps_the_cap() {
    let store = Store::open_in_memory().unwrap();
    change_settings(&store, &[set("budget.daily_usd", Some("$5.00"))]).unwrap();
    assert_eq!(
        store.get_setting("budget.daily_usd").unwrap().as_deref(),
        Some("5")
    );
    let err = change_settings(&store, &[set("budget.daily_usd", Some("abc"))]).unwrap_err();
    assert_eq!(err.code, AppErrorCode::App(AppCode::InvalidSetting));
    assert_eq!(err.field.as_deref(), Some("budget.daily_usd"));
    assert!(err.message.contains("\"abc\""), "{}", err.message);
    assert_eq!(
        store.get_setting("budget.daily_usd").unwrap().as_deref(),
        Some("5"),
        "a refused value must not remove the cap"
    );
}

#[test]
fn a_batch_with_one_bad_value_writes_nothing() {
    let store = Store::open_in_memory().unwrap();
    let err = change_settings(
        &store,
        &[
            set("budget.per_comparison_usd", Some("0.25")),
            set("cache.ttl_seconds", Some("soon")),
        ],
    )
    .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("cache.ttl_seconds"));
    assert_eq!(
        store.get_setting("budget.per_comparison_usd").unwrap(),
        None
    );
}

#[test]
fn blank_means_back_to_the_default_and_unknown_keys_are_named() {
    let store = Store::open_in_memory().unwrap();
    change_settings(&store, &[set("budget.daily_usd", Some("2"))]).unwrap();
    change_settings(&store, &[set("budget.daily_usd", Some("  "))]).unwrap();
    assert_eq!(store.get_setting("budget.daily_usd").unwrap(), None);
    let err = change_settings(&store, &[set("budget.weekly", Some("2"))]).unwrap_err();
    assert_eq!(err.code, AppErrorCode::App(AppCode::UnknownSetting));
    assert!(
        err.message.contains("budget.daily_usd"),
        "lists the settings"
    );
}

#[test]
fn the_cache_lifetime_is_capped_at_thirty_days_and_zero_turns_it_off() {
    let store = Store::open_in_memory().unwrap();
    change_settings(&store, &[set("cache.ttl_seconds", Some("2592000"))]).unwrap();
    assert!(change_settings(&store, &[set("cache.ttl_seconds", Some("2592001"))]).is_err());
    change_settings(&store, &[set("cache.ttl_seconds", Some("0"))]).unwrap();
    assert_eq!(store.get_setting("cache.ttl_seconds").unwrap(), None);
}

#[test]
fn an_ollama_host_and_port_is_accepted_and_stored_as_a_url() {
    let store = Store::open_in_memory().unwrap();
    change_settings(&store, &[set("ollama.base_url", Some("10.0.0.5:11434"))]).unwrap();
    assert_eq!(
        store.get_setting("ollama.base_url").unwrap().as_deref(),
        Some("http://10.0.0.5:11434")
    );
    // Other providers' bases are URLs with a scheme, as their docs write them.
    let err = change_settings(
        &store,
        &[set("openai.base_url", Some("api.example.com/v1"))],
    )
    .unwrap_err();
    assert!(err.message.contains("http://"), "{}", err.message);
}

#[test]
fn timeouts_and_limits_from_settings_reach_every_engine() {
    let store = Store::open_in_memory().unwrap();
    change_settings(
        &store,
        &[
            set("timeouts.stall_seconds", Some("20")),
            set("timeouts.answer_seconds", Some("600")),
            set("concurrency.global", Some("8")),
            set("concurrency.openai", Some("2")),
        ],
    )
    .unwrap();
    assert!(change_settings(&store, &[set("timeouts.stall_seconds", Some("1"))]).is_err());
    // What the app switches to after Settings saved (and the CLI opens): the new values.
    let engine = tokio::runtime::Runtime::new().unwrap().block_on(async {
        parallax_app::open::configured_engine(
            store.clone(),
            std::sync::Arc::new(parallax_engine::SystemClock),
            EngineConfig::default(),
        )
        .unwrap()
    });
    let c = engine.config();
    assert_eq!(c.stall_timeout.as_secs(), 20);
    assert_eq!(c.slot_deadline.as_secs(), 600);
    assert_eq!(c.global_concurrency, 8);
    assert_eq!(c.provider_concurrency.get("openai"), Some(&2));
}

#[test]
fn a_provider_can_be_switched_off_and_every_row_says_where_its_value_comes_from() {
    let store = Store::open_in_memory().unwrap();
    change_settings(&store, &[set("gemini.enabled", Some("no"))]).unwrap();
    assert_eq!(
        store.get_setting("gemini.enabled").unwrap().as_deref(),
        Some("off")
    );
    let rows = setting_rows(&store).unwrap();
    let row = |k: &str| rows.iter().find(|r| r.spec.key == k).unwrap();
    assert_eq!(row("gemini.enabled").value.as_deref(), Some("off"));
    assert_eq!(row("budget.daily_usd").value, None);
    assert_eq!(row("budget.daily_usd").spec.default, "no cap");
    assert_eq!(row("timeouts.stall_seconds").spec.default, "60");
}
