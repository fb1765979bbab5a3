//! Catalog parsing, on small hand-written entries and on the real 414-model OpenRouter snapshot.

use parallax_llm::catalog::parse_openrouter_models;
use parallax_llm::error::ErrorCode;
use parallax_llm::{CatalogModel, Price, PriceOverride};

fn usd(usd: f64) -> Price {
    Price::Usd { usd }
}

fn find<'a>(models: &'a [CatalogModel], id: &str) -> &'a CatalogModel {
    models
        .iter()
        .find(|m| m.id == id)
        .unwrap_or_else(|| panic!("{id} in the snapshot"))
}

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

#[test]
fn discount_and_overrides_are_read_and_odd_keys_never_fail_a_model() {
    let body = r#"{"data":[
      {"id":"x/discounted","pricing":{"prompt":"0.000002","completion":"0.000008","discount":0.25,
        "web_search":"0.005","input_cache_write_1h":"0.000004"}},
      {"id":"x/odd","pricing":{"prompt":"0.000001","completion":"0.000002","discount":"0.1",
        "overrides":[
          {"min_prompt_tokens":"32000","prompt":"0.000003","audio":"0.000001","image_token":"0.0000001"},
          {"utc_start":"22:30","utc_end":130,"completion":0.000004},
          {"min_completion_tokens":1000,"prompt":"0.000009"},
          {"utc_start":"late","prompt":"0.000009"},
          "not an object"
        ]}},
      {"id":"x/bad-discount","pricing":{"prompt":"0","completion":"0","discount":1.5}}
    ]}"#;
    let models = parse_openrouter_models(body).unwrap();
    assert_eq!(models.len(), 3, "no model lost to an unfamiliar key");
    let d = &models[0];
    assert_eq!(d.discount, Some(0.25));
    assert_eq!(
        d.web_search_price,
        usd(0.005),
        "per search, not per million"
    );
    assert_eq!(d.cache_write_1h_price, usd(4.0));
    assert!(d.price_overrides.is_empty());

    let o = &models[1];
    assert_eq!(o.discount, Some(0.1), "a numeric string is read too");
    assert_eq!(o.web_search_price, Price::Unknown, "absent: unknown");
    assert_eq!(
        o.price_overrides[0],
        PriceOverride {
            min_prompt_tokens: Some(32_000),
            prompt_price: Some(usd(3.0)),
            ..Default::default()
        },
        "audio and image_token are prices not billed here: left out, not conditions"
    );
    assert_eq!(
        o.price_overrides[1].utc_start,
        Some(2230),
        "\"22:30\" read as HHMM"
    );
    assert_eq!(o.price_overrides[1].utc_end, Some(130));
    assert_eq!(
        o.price_overrides[1].window_minutes(),
        Some((22 * 60 + 30, 90))
    );
    assert_eq!(
        o.price_overrides[1].completion_price,
        Some(usd(4.0)),
        "a bare number"
    );
    assert_eq!(
        o.price_overrides[2].unknown_conditions,
        ["min_completion_tokens"]
    );
    assert_eq!(o.price_overrides[3].unknown_conditions, ["utc_start"]);
    assert_eq!(o.price_overrides[4].unknown_conditions, ["(not an object)"]);
    assert_eq!(
        models[2].discount, None,
        "a discount over 100 % is not trusted"
    );
}

#[test]
fn rows_stored_before_the_new_price_fields_still_load() {
    // A CatalogModel as serialized before cache_write_1h_price, web_search_price, discount and
    // price_overrides existed.
    let old = r#"{"id":"a/b","name":"B","provider":"openrouter","context_length":8192,
      "max_output_tokens":null,"input_modalities":["text"],"output_modalities":["text"],
      "prompt_price":{"kind":"usd","usd":1.0},"completion_price":{"kind":"usd","usd":2.0},
      "reasoning_price":{"kind":"usd","usd":2.0},"cache_read_price":{"kind":"unknown"},
      "cache_write_price":{"kind":"unknown"},"request_price":{"kind":"unknown"},
      "image_price":{"kind":"unknown"},"supported_parameters":[],"created":null}"#;
    let m: CatalogModel = serde_json::from_str(old).unwrap();
    assert_eq!(m.cache_write_1h_price, Price::Unknown);
    assert_eq!(m.web_search_price, Price::Unknown);
    assert_eq!(m.discount, None);
    assert!(m.price_overrides.is_empty());
    // And a new row round-trips, overrides included.
    let mut new = m.clone();
    new.price_overrides.push(PriceOverride {
        utc_start: Some(1000),
        utc_end: Some(100),
        prompt_price: Some(usd(0.5)),
        ..Default::default()
    });
    let back: CatalogModel = serde_json::from_str(&serde_json::to_string(&new).unwrap()).unwrap();
    assert_eq!(back, new);
}

#[test]
fn real_snapshot_conditional_and_extra_prices() {
    let Some(body) =
        parallax_llm::catalog::shared_snapshot("real_snapshot_conditional_and_extra_prices")
    else {
        return;
    };
    let models = parse_openrouter_models(&body).unwrap();
    let with_overrides = models
        .iter()
        .filter(|m| !m.price_overrides.is_empty())
        .count();
    assert_eq!(with_overrides, 61);
    assert!(
        models
            .iter()
            .flat_map(|m| &m.price_overrides)
            .all(|o| o.unknown_conditions.is_empty()),
        "every real condition is understood"
    );
    assert!(
        models.iter().all(|m| m.discount.is_none()),
        "no discount in this snapshot"
    );

    // anthropic/claude-sonnet-4.5: web_search "0.01", input_cache_write_1h "0.000006", one tier
    // {min_prompt_tokens 200000, prompt "0.000006", completion "0.0000225",
    //  input_cache_read "0.0000006", input_cache_write "0.0000075", input_cache_write_1h "0.000012"}.
    let sonnet = find(&models, "anthropic/claude-sonnet-4.5");
    assert_eq!(sonnet.web_search_price, usd(0.01));
    assert_eq!(sonnet.cache_write_1h_price, usd(6.0));
    assert_eq!(
        sonnet.price_overrides,
        [PriceOverride {
            min_prompt_tokens: Some(200_000),
            prompt_price: Some(usd(6.0)),
            completion_price: Some(usd(22.5)),
            cache_read_price: Some(usd(0.6)),
            cache_write_price: Some(usd(7.5)),
            cache_write_1h_price: Some(usd(12.0)),
            ..Default::default()
        }]
    );

    // deepseek/deepseek-v4-pro: four UTC windows as HHMM numbers, the first wrapping midnight:
    // 1000→100 and 400→600 at the base prices, 100→400 and 600→1000 at double.
    let deepseek = find(&models, "deepseek/deepseek-v4-pro");
    let windows: Vec<_> = deepseek
        .price_overrides
        .iter()
        .map(|o| (o.utc_start, o.utc_end, o.prompt_price, o.cache_read_price))
        .collect();
    assert_eq!(
        windows,
        [
            (Some(1000), Some(100), Some(usd(0.66)), Some(usd(0.022))),
            (Some(100), Some(400), Some(usd(1.32)), Some(usd(0.044))),
            (Some(400), Some(600), Some(usd(0.66)), Some(usd(0.022))),
            (Some(600), Some(1000), Some(usd(1.32)), Some(usd(0.044))),
        ]
    );
    assert_eq!(
        deepseek.price_overrides[0].window_minutes(),
        Some((600, 60))
    );

    // google/gemini-2.5-pro: web_search "0.014"; its tier also names `audio` and
    // `input_audio_cache`, price kinds not billed here, and no cache-write price (inherited).
    let gemini = find(&models, "google/gemini-2.5-pro");
    assert_eq!(gemini.web_search_price, usd(0.014));
    assert_eq!(gemini.cache_write_1h_price, Price::Unknown);
    assert_eq!(
        gemini.price_overrides,
        [PriceOverride {
            min_prompt_tokens: Some(200_000),
            prompt_price: Some(usd(2.5)),
            completion_price: Some(usd(15.0)),
            cache_read_price: Some(usd(0.25)),
            ..Default::default()
        }]
    );

    // Every web_search and input_cache_write_1h in the file reads back (per search; per million).
    let raw: serde_json::Value = serde_json::from_str(&body).unwrap();
    let (mut searches, mut hour_writes) = (0, 0);
    for (entry, model) in raw["data"].as_array().unwrap().iter().zip(&models) {
        let p = &entry["pricing"];
        if let Some(s) = p["web_search"].as_str() {
            assert_eq!(
                model.web_search_price,
                usd(s.parse().unwrap()),
                "{}",
                model.id
            );
            searches += 1;
        }
        if let Some(s) = p["input_cache_write_1h"].as_str() {
            let per_m = model.cache_write_1h_price.usd().unwrap();
            assert!(
                (s.parse::<f64>().unwrap() * 1e6 - per_m).abs() < 1e-9,
                "{}",
                model.id
            );
            hour_writes += 1;
        }
    }
    assert_eq!((searches, hour_writes), (157, 32));
}

/// Everything else an entry says (wire-formats §1.9): cutoff, expiry, reasoning efforts,
/// benchmark indexes and arena ratings, the tokenizer; prices and fields this version does not
/// read are kept as listed, not dropped.
#[test]
fn details_beyond_prices_are_read_and_unknown_fields_kept() {
    let body = r#"{"data":[{
      "id": "anthropic/claude-opus-5-fast", "canonical_slug": "anthropic/claude-opus-5-fast-20260723",
      "name": "Claude Opus 5 (Fast)", "created": 1784912546, "description": "Fast-mode variant",
      "context_length": 1000000,
      "architecture": {"modality": "text+image+file->text", "input_modalities": ["text", "image", "file"],
                       "output_modalities": ["text"], "tokenizer": "Claude", "instruct_type": null},
      "pricing": {"prompt": "0.00001", "completion": "0.00005", "audio_output": "0.00008", "image_output": "0.00004"},
      "top_provider": {"context_length": 1000000, "max_completion_tokens": 128000, "is_moderated": true},
      "supported_parameters": ["reasoning", "tools"],
      "knowledge_cutoff": "2026-03-31", "expiration_date": "2098-12-31",
      "reasoning": {"mandatory": false, "default_enabled": true,
                    "supported_efforts": ["max", "xhigh", "high", "medium", "low"], "default_effort": "high"},
      "benchmarks": {"artificial_analysis": {"intelligence_index": 71.2, "coding_index": 65.0, "agentic_index": null},
                     "design_arena": [{"arena": "web", "category": "overall", "elo": 1312.5, "win_rate": 0.61, "rank": 3}]},
      "alias_target": "anthropic/claude-opus-5", "new_field_2027": {"a": 1}
    }, {"id": "x/plain", "name": "Plain", "pricing": {"prompt": "0", "completion": "0"}}]}"#;
    let models = parse_openrouter_models(body).unwrap();
    let d = models[0].details.as_ref().expect("details");
    assert_eq!(
        d.canonical_slug.as_deref(),
        Some("anthropic/claude-opus-5-fast-20260723")
    );
    assert_eq!(d.tokenizer.as_deref(), Some("Claude"));
    assert_eq!(d.knowledge_cutoff.as_deref(), Some("2026-03-31"));
    assert_eq!(d.expiration_date.as_deref(), Some("2098-12-31"));
    let r = d.reasoning.as_ref().unwrap();
    assert!(r.default_enabled && !r.mandatory);
    assert_eq!(
        r.supported_efforts,
        ["max", "xhigh", "high", "medium", "low"]
    );
    assert_eq!(r.default_effort.as_deref(), Some("high"));
    let b = d.benchmarks.as_ref().unwrap();
    assert_eq!(b.intelligence_index, Some(71.2));
    assert_eq!(b.agentic_index, None, "null is unknown");
    assert_eq!(b.design_arena[0].elo, Some(1312.5));
    assert_eq!(b.design_arena[0].rank, Some(3));
    assert_eq!(d.other_prices["audio_output"], "0.00008");
    assert_eq!(d.other_prices["image_output"], "0.00004");
    let extra = d.extra.as_ref().expect("unknown fields kept");
    assert_eq!(extra["alias_target"], "anthropic/claude-opus-5");
    assert_eq!(extra["new_field_2027"]["a"], 1);
    assert!(!extra.contains_key("pricing") && !extra.contains_key("reasoning"));
    // Saved and read back (the catalog history stores models as JSON): nothing lost.
    let again: CatalogModel =
        serde_json::from_str(&serde_json::to_string(&models[0]).unwrap()).unwrap();
    assert_eq!(&again, &models[0]);
    assert!(
        models[1].details.is_none(),
        "an entry with nothing more has no details"
    );
}
