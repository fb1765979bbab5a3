//! Ollama: NDJSON streams, nanosecond durations, thinking, keyless requests.

use parallax_llm::error::ErrorCode;
use parallax_llm::ollama::{build_chat_request, classify_http_error, parse_models, StreamParser};
use parallax_llm::{
    ChatRequest, Effort, Endpoint, Message, Params, Price, ProviderKind, Reasoning, StreamEvent,
};

fn endpoint() -> Endpoint {
    Endpoint::new(ProviderKind::Ollama, "127.0.0.1:11434", None)
}

fn run(lines: &str) -> Vec<StreamEvent> {
    let mut p = StreamParser::new();
    let mut out: Vec<StreamEvent> = lines.lines().flat_map(|l| p.feed(l)).collect();
    out.extend(p.finish_at_eof());
    out
}

#[test]
fn request_puts_params_in_options_and_sends_no_key() {
    let req = ChatRequest {
        model: "llama3.2".into(),
        messages: vec![
            Message::system("Be concise."),
            Message::user("Why is the sky blue?"),
        ],
        params: Params {
            temperature: Some(0.7),
            max_tokens: Some(512),
            seed: Some(1),
            reasoning: Some(Reasoning::Effort {
                effort: Effort::High,
            }),
            ..Default::default()
        },
        ..Default::default()
    };
    let built = build_chat_request(&endpoint(), &req);
    assert_eq!(
        built.http.url, "http://127.0.0.1:11434/api/chat",
        "OLLAMA_HOST without a scheme gets http://"
    );
    assert!(built.http.headers.iter().all(|(k, _)| k != "Authorization"));
    insta::assert_json_snapshot!(built.http.body);
}

#[test]
fn ndjson_stream_with_thinking_and_final_counts() {
    let ev = run(
        r#"{"model":"qwen3","created_at":"2026-08-04T08:52:19Z","message":{"role":"assistant","content":"","thinking":"Hmm."},"done":false}
{"model":"qwen3","created_at":"2026-08-04T08:52:19Z","message":{"role":"assistant","content":"The"},"done":false}
{"model":"qwen3","created_at":"2026-08-04T08:52:19Z","message":{"role":"assistant","content":" sky"},"done":false}
{"model":"qwen3","created_at":"2026-08-04T19:22:45Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":4883583458,"load_duration":1334875,"prompt_eval_count":26,"prompt_eval_duration":342546000,"eval_count":282,"eval_duration":4535599000}
"#,
    );
    assert_eq!(ev[1], StreamEvent::ReasoningDelta("Hmm.".into()));
    let text: String = ev
        .iter()
        .filter_map(|e| {
            if let StreamEvent::TextDelta(t) = e {
                Some(t.as_str())
            } else {
                None
            }
        })
        .collect();
    assert_eq!(text, "The sky");
    let (usage, raw) = ev
        .iter()
        .find_map(|e| {
            if let StreamEvent::Usage { usage, raw } = e {
                Some((usage.clone(), raw.clone()))
            } else {
                None
            }
        })
        .unwrap();
    assert_eq!(
        (usage.input_tokens, usage.output_tokens),
        (Some(26), Some(282))
    );
    assert_eq!(
        usage.cost_usd,
        Some(0.0),
        "local inference is free, a real $0"
    );
    assert_eq!(
        raw["eval_duration"], 4535599000u64,
        "nanosecond durations kept verbatim"
    );
    // load_duration 1,334,875 ns: a model load of 1 ms, said apart from the answer's timing.
    assert!(ev.contains(&StreamEvent::ModelLoad { ms: 1 }), "{ev:?}");
    assert!(matches!(ev.last(), Some(StreamEvent::Finished { .. })));
}

#[test]
fn error_lines_and_missing_models() {
    let ev = run("{\"model\":\"x\",\"message\":{\"content\":\"a\"},\"done\":false}\n{\"error\":\"llama runner process has terminated\"}\n");
    let err = ev
        .iter()
        .find_map(|e| {
            if let StreamEvent::Failed(e) = e {
                Some(e)
            } else {
                None
            }
        })
        .unwrap();
    assert!(err.message.contains("llama runner process has terminated"));
    let err = classify_http_error(
        &endpoint(),
        404,
        r#"{"error":"model \"llama9\" not found, try pulling it first"}"#,
    );
    assert_eq!(err.code, ErrorCode::ModelNotFound);
    assert!(err.message.contains("ollama pull"), "{}", err.message);
    let ev = run("{\"model\":\"x\",\"message\":{\"content\":\"a\"},\"done\":false}\n");
    assert!(
        matches!(ev.last(), Some(StreamEvent::Failed(e)) if e.code == ErrorCode::StreamInterrupted)
    );
}

#[test]
fn tags_become_free_local_models() {
    let models = parse_models(r#"{"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","size":2019393189,"details":{"family":"llama","parameter_size":"3.2B","quantization_level":"Q4_K_M"}}]}"#).unwrap();
    assert_eq!(models[0].id, "llama3.2:latest");
    assert_eq!(models[0].name, "llama3.2:latest (3.2B, Q4_K_M)");
    assert_eq!(models[0].prompt_price, Price::Usd { usd: 0.0 });
    // Size on disk and build, for the picker and the first-run screen.
    let local = models[0]
        .local
        .as_ref()
        .expect("an installed model's details");
    assert_eq!(local.size_bytes, Some(2_019_393_189));
    assert_eq!(local.parameter_size.as_deref(), Some("3.2B"));
    assert_eq!(local.quantization.as_deref(), Some("Q4_K_M"));
}

/// Ollama's `think` takes true/false or "low"/"medium"/"high"/"max" (WF §5), not "minimal".
#[test]
fn minimal_reasoning_is_sent_as_low_with_a_note() {
    let req = ChatRequest {
        model: "qwen3".into(),
        messages: vec![Message::user("Hi")],
        params: Params {
            reasoning: Some(Reasoning::Effort {
                effort: Effort::Minimal,
            }),
            ..Default::default()
        },
        ..Default::default()
    };
    let built = build_chat_request(&endpoint(), &req);
    assert_eq!(built.http.body["think"], "low");
    assert_eq!(built.notes.len(), 1, "{:?}", built.notes);
    let note = &built.notes[0];
    assert_eq!((note.param.as_str(), note.dropped), ("reasoning", false));
    assert!(
        note.message.contains("minimal") && note.message.contains("low"),
        "{}",
        note.message
    );
}
