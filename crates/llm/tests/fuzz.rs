//! Fuzzing the catalog parsers (issue 14), on the stable toolchain (see engine/tests/framing.rs
//! for why not cargo-fuzz): each provider's model list and OpenRouter's endpoints list, as real
//! bodies damaged at random and as random text. None may panic; a list that parses has models
//! with ids, and no figure that is NaN or infinite.

use parallax_llm::adapter::parse_models;
use parallax_llm::openrouter::parse_model_endpoints;
use parallax_llm::ProviderKind;
use proptest::prelude::*;

fn fuzz_cases() -> u32 {
    std::env::var("PARALLAX_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

// Shapes from ../shared/docs/wire-formats.md and the 414-model snapshot, cut to two entries.
const OPENROUTER: &str = r#"{"data":[{"id":"openai/gpt-4o-mini","canonical_slug":"openai/gpt-4o-mini","name":"OpenAI: GPT-4o-mini","created":1721260800,"context_length":128000,"architecture":{"modality":"text+image->text","input_modalities":["text","image","file"],"output_modalities":["text"],"tokenizer":"GPT"},"pricing":{"prompt":"0.00000015","completion":"0.0000006","request":"0","image":"0.000217","input_cache_read":"0.000000075"},"top_provider":{"context_length":128000,"max_completion_tokens":16384,"is_moderated":true},"supported_parameters":["max_tokens","temperature","tools","response_format"]},{"id":"deepseek/deepseek-r1:free","name":"DeepSeek: R1 (free)","created":1737381095,"context_length":163840,"pricing":{"prompt":"0","completion":"0","internal_reasoning":"-1"},"top_provider":{"context_length":163840,"max_completion_tokens":null},"supported_parameters":["reasoning","include_reasoning"]}]}"#;
const ANTHROPIC: &str = r#"{"data":[{"type":"model","id":"claude-sonnet-4-5-20250929","display_name":"Claude Sonnet 4.5","created_at":"2025-09-29T00:00:00Z"}],"has_more":false,"first_id":"claude-sonnet-4-5-20250929","last_id":"claude-sonnet-4-5-20250929"}"#;
const GEMINI: &str = r#"{"models":[{"name":"models/gemini-2.5-flash","version":"001","displayName":"Gemini 2.5 Flash","inputTokenLimit":1048576,"outputTokenLimit":65536,"supportedGenerationMethods":["generateContent","countTokens"],"thinking":true}]}"#;
const OLLAMA: &str = r#"{"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","modified_at":"2025-01-01T00:00:00Z","size":2019393189,"details":{"format":"gguf","family":"llama","parameter_size":"3.2B","quantization_level":"Q4_K_M"}}]}"#;
const ENDPOINTS: &str = r#"{"data":{"id":"openai/gpt-4o-mini","name":"GPT-4o-mini","endpoints":[{"name":"OpenAI | openai/gpt-4o-mini","context_length":128000,"pricing":{"prompt":"0.00000015","completion":"0.0000006"},"provider_name":"OpenAI","tag":"openai","quantization":"unknown","max_completion_tokens":16384,"supported_parameters":["tools"],"status":0,"uptime_last_30m":99.5,"latency_last_30m":{"p50":420,"p90":900},"throughput_last_30m":{"p50":80.5,"p90":120}}]}}"#;

const LISTS: [(ProviderKind, &str); 4] = [
    (ProviderKind::OpenRouter, OPENROUTER),
    (ProviderKind::Anthropic, ANTHROPIC),
    (ProviderKind::Gemini, GEMINI),
    (ProviderKind::Ollama, OLLAMA),
];

/// `text` with bytes replaced, inserted or removed at the given places (kept valid UTF-8 by
/// working on chars: the parsers take `&str`).
fn damaged(text: &str, edits: &[(usize, u8, char)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for &(at, op, c) in edits {
        let i = at % (chars.len() + 1);
        match op % 4 {
            0 if i < chars.len() => chars[i] = c,
            1 => chars.insert(i, c),
            2 if i < chars.len() => {
                chars.remove(i);
            }
            3 => chars.truncate(i),
            _ => {}
        }
    }
    chars.into_iter().collect()
}

fn edit_char() -> impl Strategy<Value = char> {
    prop_oneof![
        Just('"'),
        Just('{'),
        Just('}'),
        Just(','),
        Just('-'),
        Just('0'),
        Just('e'),
        Just('\u{0}'),
        any::<char>()
    ]
}

fn sound(kind: ProviderKind, body: &str) -> Result<(), String> {
    if let Ok(models) = parse_models(kind, body) {
        for m in models {
            if m.id.trim().is_empty() {
                return Err(format!("{kind:?}: a model without an id from {body}"));
            }
            // Debug shows a float as it is (JSON would turn NaN into null).
            let shown = format!("{m:?}");
            if shown.contains("NaN") || shown.contains(": inf") || shown.contains("(inf") {
                return Err(format!("{kind:?}: a number that is not one: {shown}"));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(fuzz_cases()))]

    #[test]
    fn a_damaged_model_list_never_panics(which in 0usize..4, edits in proptest::collection::vec((any::<usize>(), any::<u8>(), edit_char()), 1..10)) {
        let (kind, body) = LISTS[which];
        let body = damaged(body, &edits);
        prop_assert!(sound(kind, &body).is_ok(), "{}", sound(kind, &body).unwrap_err());
    }

    #[test]
    fn random_text_as_a_model_list_never_panics(which in 0usize..4, body in ".{0,400}") {
        let (kind, _) = LISTS[which];
        prop_assert!(sound(kind, &body).is_ok());
    }

    #[test]
    fn a_damaged_endpoints_list_never_panics(edits in proptest::collection::vec((any::<usize>(), any::<u8>(), edit_char()), 1..10)) {
        let body = damaged(ENDPOINTS, &edits);
        if let Ok(list) = parse_model_endpoints(&body) {
            let shown = format!("{list:?}");
            prop_assert!(!shown.contains("NaN"), "{}", shown);
        }
    }
}

/// The undamaged bodies parse: the properties above start from real lists, not from noise.
#[test]
fn the_seed_bodies_parse() {
    for (kind, body) in LISTS {
        assert!(!parse_models(kind, body).unwrap().is_empty(), "{kind:?}");
    }
    assert_eq!(parse_model_endpoints(ENDPOINTS).unwrap().len(), 1);
}
