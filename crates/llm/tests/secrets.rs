//! No key reaches a `Debug` output or an error message, whichever provider echoes it.

use parallax_llm::adapter::{build_chat_request, classify_http_error};
use parallax_llm::{ApiKey, ChatRequest, Endpoint, ProviderKind};

const KEY: &str = "sk-test-0123456789abcdefSECRET";

#[test]
fn keys_never_print_for_any_provider() {
    for kind in ProviderKind::ALL {
        let mut e = Endpoint::new(kind, "http://127.0.0.1:9/v1", ApiKey::new(KEY));
        e.extra_headers
            .push(("X-Gateway-Token".into(), "gw-SECRET-value".into()));
        let built = build_chat_request(
            &e,
            &ChatRequest {
                model: "m".into(),
                ..Default::default()
            },
        );
        for shown in [
            format!("{e:?}"),
            format!("{built:?}"),
            format!("{:?}", built.http),
        ] {
            assert!(
                !shown.contains("SECRET"),
                "{kind:?} printed a secret: {shown}"
            );
        }
        // Every provider's error shape, each echoing the key back.
        let bodies = [
            format!(r#"{{"error":{{"code":401,"message":"Incorrect API key provided: {KEY}"}}}}"#),
            format!(
                r#"{{"type":"error","error":{{"type":"authentication_error","message":"invalid x-api-key {KEY}"}}}}"#
            ),
            format!(
                r#"{{"error":{{"code":400,"message":"API key not valid: {KEY}","status":"INVALID_ARGUMENT"}}}}"#
            ),
            format!(r#"{{"error":"unauthorized: {KEY}"}}"#),
            format!("<html>bad key {KEY}</html>"),
        ];
        for body in &bodies {
            let err = classify_http_error(&e, 401, None, body);
            assert!(
                !err.message.contains(KEY),
                "{kind:?} leaked the key: {}",
                err.message
            );
            assert!(!format!("{err:?}").contains(KEY));
        }
    }
}
