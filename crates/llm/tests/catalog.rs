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
    assert_eq!(models[1].prompt_price, Price::Usd { usd: 0.0 });
    assert_eq!(models[1].context_length, Some(8192));
    assert_eq!(
        models[2].prompt_price,
        Price::Usd { usd: 1.0 },
        "no binary noise"
    );
    assert_eq!(models[2].completion_price, Price::Usd { usd: 5.0 });
    assert_eq!(models[2].max_output_tokens, Some(4096));
    assert_eq!(
        models[2].reasoning_price,
        Price::Usd { usd: 5.0 },
        "billed as output"
    );
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
    let Some(body) =
        parallax_llm::catalog::shared_snapshot("real_openrouter_snapshot_parses_completely")
    else {
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
        .all(|m| m.prompt_price == Price::Usd { usd: 0.0 }));
    let opus = models
        .iter()
        .find(|m| m.id == "anthropic/claude-opus-5-fast")
        .unwrap();
    assert_eq!(opus.prompt_price, Price::Usd { usd: 10.0 });
    assert_eq!(opus.completion_price, Price::Usd { usd: 50.0 });
    assert_eq!(opus.context_length, Some(1_000_000));
    assert_eq!(opus.max_output_tokens, Some(128_000));
    assert_eq!(opus.cache_read_price, Price::Usd { usd: 1.0 });
    assert_eq!(opus.cache_write_price, Price::Usd { usd: 12.5 });
    assert_eq!(
        opus.reasoning_price, opus.completion_price,
        "reasoning billed as output when not priced apart"
    );
    assert_eq!(opus.input_modalities, ["text", "image", "file"]);
    assert!(opus.supported_parameters.iter().any(|p| p == "reasoning"));
    assert_eq!(opus.created, Some(1_784_912_546));

    // No model lost, no price invented: every price in the file reads back exactly.
    let raw: serde_json::Value = serde_json::from_str(&body).unwrap();
    let mut checked = 0;
    for (entry, model) in raw["data"].as_array().unwrap().iter().zip(&models) {
        assert_eq!(entry["id"], model.id.as_str(), "order and ids preserved");
        for (key, price, scale) in [
            ("prompt", model.prompt_price, 1e6),
            ("completion", model.completion_price, 1e6),
            ("input_cache_read", model.cache_read_price, 1e6),
            ("input_cache_write", model.cache_write_price, 1e6),
            ("request", model.request_price, 1.0),
            ("image", model.image_price, 1.0),
        ] {
            match (entry["pricing"][key].as_str(), price) {
                (None, Price::Unknown) => {}
                (Some("-1"), Price::Variable) => {}
                (Some(s), Price::Usd { usd }) => {
                    let wire: f64 = s.parse().unwrap();
                    assert!(
                        (wire * scale - usd).abs() <= 1e-9 * scale.max(1.0),
                        "{} {key}: {s} vs {usd}",
                        model.id
                    );
                    checked += 1;
                }
                (wire, parsed) => panic!("{} {key}: wire {wire:?} parsed as {parsed:?}", model.id),
            }
        }
    }
    assert!(checked > 900, "prices compared: {checked}");
}
