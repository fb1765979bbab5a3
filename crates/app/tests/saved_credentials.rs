//! Credential headers an older version saved with a custom endpoint (before `save_endpoint`
//! refused them) leave the database for the keychain where that changes nothing on the wire,
//! and stay (still sent) where moving them would change what is sent or could lose them. On the
//! in-memory keychain (`PARALLAX_KEYCHAIN=memory`), told it lasts: one test function, as it sets
//! a process-wide environment variable.

use parallax_app::providers::{move_saved_credentials, save_key, SavedCredential};
use parallax_llm::key::keychain_get;
use parallax_llm::EndpointRef;
use parallax_store::{CustomEndpoint, Store};

fn saved(store: &Store, name: &str, headers: &[(&str, &str)]) {
    store
        .upsert_endpoint(
            &CustomEndpoint {
                name: name.into(),
                base_url: "http://127.0.0.1:9/v1".into(),
                headers: headers
                    .iter()
                    .map(|(k, v)| ((*k).into(), (*v).into()))
                    .collect(),
                key_header: None,
            },
            1,
        )
        .unwrap();
}

fn headers(store: &Store, name: &str) -> Vec<(String, String)> {
    store.get_endpoint(name).unwrap().unwrap().headers
}

fn key_of(name: &str) -> Option<String> {
    keychain_get(&EndpointRef::custom(name).keychain_account())
        .unwrap()
        .map(|k| k.expose().to_owned())
}

#[test]
fn saved_bearer_headers_move_to_the_keychain_and_nothing_is_lost() {
    std::env::set_var("PARALLAX_KEYCHAIN", "memory");
    let store = Store::open_in_memory().unwrap();
    saved(
        &store,
        "lab",
        &[
            ("Authorization", "Bearer sk-lab-SECRET-1234"),
            ("X-Org", "acme"),
        ],
    );
    saved(&store, "azure", &[("api-key", "az-SECRET-5678")]);
    saved(
        &store,
        "twice",
        &[("authorization", "bearer sk-twice-SECRET")],
    );
    saved(
        &store,
        "clash",
        &[("Authorization", "Bearer sk-header-SECRET")],
    );
    saved(&store, "plain", &[("X-Org", "acme")]);
    // Two headers that are keys as they are: the first becomes the key, the second cannot.
    saved(
        &store,
        "two",
        &[("x-api-key", "gw-SECRET-1"), ("api-key", "gw-SECRET-2")],
    );
    // A scheme other than Bearer: the header is what the server needs, as it is.
    saved(
        &store,
        "basic",
        &[("Authorization", "Basic dXNlcjpTRUNSRVQ=")],
    );
    save_key(&EndpointRef::custom("twice"), "sk-twice-SECRET").unwrap();
    save_key(&EndpointRef::custom("clash"), "sk-keychain-OTHER").unwrap();

    // A keychain that forgets at exit: nothing moves.
    let report = move_saved_credentials(&store, false).unwrap();
    assert_eq!(report.len(), 7, "{report:?}");
    assert!(
        report.iter().all(|r| !r.moved && r.left.is_some()),
        "{report:?}"
    );
    assert_eq!(headers(&store, "lab").len(), 2);
    assert_eq!(key_of("lab"), None);

    let report = move_saved_credentials(&store, true).unwrap();
    let of = |e: &str| -> &SavedCredential { report.iter().find(|r| r.endpoint == e).unwrap() };
    // Moved: the bearer token is the endpoint's key now, sent the same way; the other header stays.
    assert!(of("lab").moved);
    assert_eq!(key_of("lab").as_deref(), Some("sk-lab-SECRET-1234"));
    assert_eq!(
        headers(&store, "lab"),
        vec![("X-Org".to_owned(), "acme".to_owned())]
    );
    // Already the keychain's key: the header just leaves.
    assert!(of("twice").moved);
    assert!(headers(&store, "twice").is_empty());
    assert_eq!(key_of("twice").as_deref(), Some("sk-twice-SECRET"));
    // A key as a header's whole value: the key now, sent in that header (its key header).
    assert!(of("azure").moved);
    assert_eq!(key_of("azure").as_deref(), Some("az-SECRET-5678"));
    assert!(headers(&store, "azure").is_empty());
    let key_header = |e: &str| store.get_endpoint(e).unwrap().unwrap().key_header;
    assert_eq!(key_header("azure").as_deref(), Some("api-key"));
    assert_eq!(key_header("lab"), None, "a bearer token is sent as it was");
    // Two such headers: the first is the key, the second stays, with its reason.
    let of_header = |e: &str, h: &str| -> &SavedCredential {
        report
            .iter()
            .find(|r| r.endpoint == e && r.header == h)
            .unwrap()
    };
    assert!(of_header("two", "x-api-key").moved);
    assert_eq!(key_of("two").as_deref(), Some("gw-SECRET-1"));
    assert_eq!(key_header("two").as_deref(), Some("x-api-key"));
    assert!(!of_header("two", "api-key").moved);
    assert!(
        of_header("two", "api-key")
            .left
            .as_deref()
            .unwrap()
            .contains("another header already carries"),
        "{report:?}"
    );
    assert_eq!(
        headers(&store, "two"),
        vec![("api-key".to_owned(), "gw-SECRET-2".to_owned())]
    );
    // Kept, each with its reason: a scheme other than Bearer; a different key in the keychain.
    assert!(!of("basic").moved);
    assert!(
        of("basic")
            .left
            .as_deref()
            .unwrap()
            .contains("not a key the keychain can hold"),
        "{report:?}"
    );
    assert_eq!(headers(&store, "basic").len(), 1);
    assert_eq!(key_of("basic"), None);
    assert!(!of("clash").moved);
    assert!(
        of("clash")
            .left
            .as_deref()
            .unwrap()
            .contains("different key"),
        "{report:?}"
    );
    assert_eq!(key_of("clash").as_deref(), Some("sk-keychain-OTHER"));
    assert_eq!(headers(&store, "clash").len(), 1);
    // An endpoint without credentials is not in the report, and nothing names a value.
    assert!(report.iter().all(|r| r.endpoint != "plain"));
    assert!(!format!("{report:?}").contains("SECRET"), "{report:?}");

    // The moved tokens are nowhere in the database any more; a second pass moves nothing.
    let all = serde_json::to_string(&store.list_endpoints().unwrap()).unwrap();
    assert!(
        !all.contains("sk-lab-SECRET")
            && !all.contains("sk-twice-SECRET")
            && !all.contains("az-SECRET")
            && !all.contains("gw-SECRET-1"),
        "{all}"
    );
    let again = move_saved_credentials(&store, true).unwrap();
    assert!(again.iter().all(|r| !r.moved), "{again:?}");
    // Left: clash, two's second header, basic.
    assert_eq!(again.len(), 3, "{again:?}");
}
