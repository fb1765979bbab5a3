//! Catalog parsing, on small hand-written entries and on the real 414-model OpenRouter snapshot.

use parallax_llm::catalog::parse_openrouter_models;
use parallax_llm::error::ErrorCode;
use parallax_llm::Price;

#[test]
fn prices_variable_missing_and_free_are_distinct() {
    let body = r#"{"data":[
      {"id":"openrouter/auto","name":"Auto Router","pricing":{"prompt":"-1","completion":"-1"}},
      {"id":"x/free:free","name":"Free","pricing":{"prompt":"0","completion":"0"},"context_length":8192},
      {"id":"x/paid","name":"Paid","pricing":{"prompt":"0.000001","completion":"0.000005"},"top_provider":{"max_completion_tokens":4096}},
      {"id":"x/unpriced","name":"Unpriced"},
      {"name":"no id: skipped"}
    ]}"#;
    let models = parse_openrouter_models(body).unwrap();
    assert_eq!(models.len(), 4, "an entry without an id is skipped");
    assert_eq!(models[0].prompt_price, Price::Variable);
    assert_eq!(models[1].prompt_price, Price::PerMillion { usd: 0.0 });
    assert_eq!(models[1].context_length, Some(8192));
    assert_eq!(
        models[2].prompt_price,
        Price::PerMillion { usd: 1.0 },
        "no binary noise"
    );
    assert_eq!(models[2].completion_price, Price::PerMillion { usd: 5.0 });
    assert_eq!(models[2].max_output_tokens, Some(4096));
    assert_eq!(
        models[3].prompt_price,
        Price::Unknown,
        "missing is unknown, not free"
    );
}

#[test]
fn a_body_that_is_not_a_model_list_is_malformed() {
    let err = parse_openrouter_models("<html>login</html>").unwrap_err();
    assert_eq!(err.code, ErrorCode::MalformedResponse);
    let err = parse_openrouter_models(r#"{"models":[]}"#).unwrap_err();
    assert!(err.message.contains("base URL"), "{}", err.message);
}

#[test]
fn real_openrouter_snapshot_parses_completely() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures/openrouter-models-snapshot.json"
    );
    let Ok(body) = std::fs::read_to_string(path) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but the catalog snapshot is missing at {path}"
        );
        eprintln!(
            "SKIPPED real_openrouter_snapshot_parses_completely: {path} is not on this clone"
        );
        return;
    };
    let models = parse_openrouter_models(&body).unwrap();
    assert_eq!(models.len(), 414);
    let variable = models
        .iter()
        .filter(|m| m.prompt_price == Price::Variable)
        .count();
    assert_eq!(variable, 5, "the five dynamic-price routers");
    let free = models
        .iter()
        .filter(|m| m.id.ends_with(":free"))
        .collect::<Vec<_>>();
    assert_eq!(free.len(), 17);
    assert!(free
        .iter()
        .all(|m| m.prompt_price == Price::PerMillion { usd: 0.0 }));
    let opus = models
        .iter()
        .find(|m| m.id == "anthropic/claude-opus-5-fast")
        .unwrap();
    assert_eq!(opus.prompt_price, Price::PerMillion { usd: 10.0 });
    assert_eq!(opus.completion_price, Price::PerMillion { usd: 50.0 });
    assert_eq!(opus.context_length, Some(1_000_000));
    assert_eq!(opus.max_output_tokens, Some(128_000));
}
