//! Keys through the application layer, on the in-memory keychain (`PARALLAX_KEYCHAIN=memory`):
//! saved, then only ever shown masked; the environment wins; a pasted key with a space is
//! refused. One test function: it sets process-wide environment variables.

use parallax_app::providers::{checked_endpoint, delete_key, key_rows, parse_endpoint, save_key};
use parallax_app::settings::settings_view;
use parallax_app::{AppCode, AppErrorCode};
use parallax_engine::SystemClock;
use parallax_llm::key::KeySource;
use parallax_llm::{EndpointRef, ProviderKind};
use parallax_store::{CustomEndpoint, Store};

#[test]
fn a_saved_key_is_only_ever_shown_masked_and_the_environment_wins() {
    std::env::set_var("PARALLAX_KEYCHAIN", "memory");
    std::env::remove_var("OPENAI_API_KEY");
    std::env::set_var("ANTHROPIC_API_KEY", "sk-ant-from-the-environment-0000");
    let store = Store::open_in_memory().unwrap();
    store
        .upsert_endpoint(
            &CustomEndpoint {
                name: "lab".into(),
                base_url: "http://127.0.0.1:9/v1".into(),
                headers: vec![],
                key_header: None,
            },
            0,
        )
        .unwrap();
    let secret = "sk-proj-THE-WHOLE-SECRET-1234";
    let openai = parse_endpoint(&store, "openai").unwrap();
    assert_eq!(save_key(&openai, secret).unwrap(), "sk-…1234");
    save_key(
        &EndpointRef::builtin(ProviderKind::Anthropic),
        "sk-ant-in-the-keychain-9999",
    )
    .unwrap();
    save_key(&parse_endpoint(&store, "lab").unwrap(), "lab-key-5678").unwrap();

    let rows = key_rows(&store).unwrap();
    let row = |name: &str| rows.iter().find(|r| r.name == name).unwrap();
    assert_eq!(row("openai").key.source, KeySource::Keychain);
    assert_eq!(row("openai").key.masked.as_deref(), Some("sk-…1234"));
    assert_eq!(row("anthropic").key.source, KeySource::Environment);
    assert_eq!(row("lab").key.source, KeySource::Keychain);
    assert_eq!(
        row("lab").key.env_var.as_deref(),
        Some("PARALLAX_ENDPOINT_LAB_API_KEY")
    );
    let everything = format!(
        "{} {}",
        serde_json::to_string(&rows).unwrap(),
        serde_json::to_string(&settings_view(&store, &SystemClock).unwrap()).unwrap()
    );
    assert!(
        !everything.contains(secret),
        "the key reached a view: {everything}"
    );
    assert!(!everything.contains("THE-WHOLE"), "{everything}");

    let err = save_key(&openai, "sk-one sk-two").unwrap_err();
    assert_eq!(err.code, AppErrorCode::App(AppCode::InvalidApiKey));
    assert_eq!(err.field.as_deref(), Some("api_key"));
    // The demo models are built in: a key for them is refused, not stored.
    let demo = parse_endpoint(&store, "demo").unwrap();
    let err = save_key(&demo, "sk-demo-0000").unwrap_err();
    assert_eq!(err.code, AppErrorCode::App(AppCode::InvalidApiKey));
    assert!(err.message.contains("take no key"), "{}", err.message);
    let err = parse_endpoint(&store, "nosuch").unwrap_err();
    assert_eq!(err.code, AppErrorCode::App(AppCode::UnknownProvider));
    // IPC names a custom endpoint by kind and name: one that is not saved gets no key.
    for name in [None, Some("nosuch")] {
        let err = checked_endpoint(&store, ProviderKind::Compatible, name).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("endpoint"));
    }
    assert_eq!(
        checked_endpoint(&store, ProviderKind::Compatible, Some("lab")).unwrap(),
        EndpointRef::custom("lab")
    );
    // Two names spelling one key variable would share a key: refused.
    let err = parallax_app::providers::save_endpoint(
        &store,
        CustomEndpoint {
            name: "l-a-b".into(),
            base_url: "http://127.0.0.1:9/v1".into(),
            headers: vec![],
            key_header: None,
        },
        0,
    );
    assert!(
        err.is_ok(),
        "different variable: PARALLAX_ENDPOINT_L_A_B_API_KEY"
    );
    let err = parallax_app::providers::save_endpoint(
        &store,
        CustomEndpoint {
            name: "l_a_b".into(),
            base_url: "http://127.0.0.1:9/v1".into(),
            headers: vec![],
            key_header: None,
        },
        0,
    )
    .unwrap_err();
    assert!(
        err.message.contains("PARALLAX_ENDPOINT_L_A_B_API_KEY"),
        "{}",
        err.message
    );

    delete_key(&openai).unwrap();
    let rows = key_rows(&store).unwrap();
    let openai_row = rows.iter().find(|r| r.name == "openai").unwrap();
    assert_eq!(openai_row.key.source, KeySource::None);
    assert_eq!(openai_row.key.masked, None);
}
