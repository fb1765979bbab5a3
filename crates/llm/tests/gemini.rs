//! Gemini: request mapping, thought parts kept apart from the answer, usage, errors.

use parallax_llm::error::ErrorCode;
use parallax_llm::gemini::{build_chat_request, classify_http_error, StreamParser};
use parallax_llm::{
    ApiKey, ChatRequest, Endpoint, FinishReason, Message, Params, ProviderKind, Reasoning,
    StreamEvent,
};

fn endpoint() -> Endpoint {
    Endpoint::new(
        ProviderKind::Gemini,
        "https://generativelanguage.googleapis.com",
        ApiKey::new("AIzaSyA-secretsecret"),
    )
}

fn run(transcript: &str) -> Vec<StreamEvent> {
    let mut p = StreamParser::new();
    let mut out = Vec::new();
    for line in transcript.lines() {
        if let Some(d) = line.strip_prefix("data: ") {
            out.extend(p.feed(d));
        }
    }
    out.extend(p.finish_at_eof());
    out
}

#[test]
fn request_uses_system_instruction_generation_config_and_thinking() {
    let req = ChatRequest {
        model: "models/gemini-2.5-flash".into(),
        messages: vec![
            Message::system("Be concise."),
            Message::user("Explain SSE."),
        ],
        params: Params {
            temperature: Some(0.7),
            top_p: Some(0.95),
            max_tokens: Some(1024),
            stop: vec!["END".into()],
            seed: Some(42),
            reasoning: Some(Reasoning::Budget { tokens: 1024 }),
        },
        ..Default::default()
    };
    let built = build_chat_request(&endpoint(), &req);
    assert_eq!(
        built.http.url,
        "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
    );
    assert!(built
        .http
        .headers
        .iter()
        .any(|(k, v)| k == "x-goog-api-key" && v == "AIzaSyA-secretsecret"));
    assert!(
        !built.http.url.contains("key="),
        "the key goes in a header, never the URL (URLs get logged)"
    );
    assert!(built.notes.is_empty(), "{:?}", built.notes);
    insta::assert_json_snapshot!(built.http.body);
}

const THINKING_STREAM: &str = r#"data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Considering the question","thought":true}]},"index":0}],"usageMetadata":{"promptTokenCount":15,"totalTokenCount":15},"modelVersion":"gemini-2.5-flash","responseId":"resp-1"}

data: {"candidates":[{"content":{"role":"model","parts":[{"text":"SSE is "}]},"index":0}],"modelVersion":"gemini-2.5-flash","responseId":"resp-1"}

data: {"candidates":[{"content":{"role":"model","parts":[{"text":"a one-way stream.","thoughtSignature":"EjQK"}]},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":15,"candidatesTokenCount":6,"thoughtsTokenCount":40,"cachedContentTokenCount":4,"totalTokenCount":61},"modelVersion":"gemini-2.5-flash","responseId":"resp-1"}
"#;

#[test]
fn thoughts_are_reasoning_and_output_counts_include_them() {
    let ev = run(THINKING_STREAM);
    assert_eq!(
        ev[0],
        StreamEvent::Started {
            generation_id: Some("resp-1".into()),
            served_model: Some("gemini-2.5-flash".into())
        }
    );
    assert!(ev.contains(&StreamEvent::ReasoningDelta(
        "Considering the question".into()
    )));
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
    assert_eq!(
        text, "SSE is a one-way stream.",
        "thought parts never leak into the answer"
    );
    let usage = ev
        .iter()
        .rev()
        .find_map(|e| {
            if let StreamEvent::Usage { usage, .. } = e {
                Some(usage.clone())
            } else {
                None
            }
        })
        .unwrap();
    assert_eq!(usage.input_tokens, Some(15), "the last usage seen wins");
    assert_eq!(
        usage.output_tokens,
        Some(46),
        "candidates + thoughts: Gemini bills both"
    );
    assert_eq!(usage.reasoning_tokens, Some(40));
    assert_eq!(usage.cache_read_tokens, Some(4));
    assert_eq!(
        ev.last(),
        Some(&StreamEvent::Finished {
            reason: FinishReason::Stop,
            native_reason: Some("STOP".into())
        })
    );
}

#[test]
fn eof_without_finish_reason_is_interrupted_and_blocked_prompts_are_refused() {
    let ev = run("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"half\"}]}}]}\n");
    assert!(
        matches!(ev.last(), Some(StreamEvent::Failed(e)) if e.code == ErrorCode::StreamInterrupted)
    );
    // A prompt blocked by a safety filter (HTTP 200, no candidates) is a refusal, not an error.
    let ev = run("data: {\"promptFeedback\":{\"blockReason\":\"SAFETY\"},\"usageMetadata\":{\"promptTokenCount\":8}}\n");
    assert!(
        ev.iter().all(|e| !matches!(e, StreamEvent::Failed(_))),
        "{ev:?}"
    );
    assert_eq!(
        ev.last(),
        Some(&StreamEvent::Finished {
            reason: FinishReason::ContentFilter,
            native_reason: Some("prompt blocked: SAFETY".into()),
        })
    );
}

#[test]
fn quota_errors_carry_the_retry_delay() {
    let body = r#"{"error":{"code":429,"message":"You exceeded your current quota","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaId":"GenerateRequestsPerMinutePerProjectPerModel-FreeTier"}]},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"41s"}]}}"#;
    let err = classify_http_error(&endpoint(), 429, None, body);
    assert_eq!(err.code, ErrorCode::RateLimited);
    assert_eq!(err.retry_after_ms, Some(41_000));
    let bad_key = r#"{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}}"#;
    assert_eq!(
        classify_http_error(&endpoint(), 400, None, bad_key).code,
        ErrorCode::Unauthorized
    );
    let unavailable =
        r#"{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}"#;
    assert_eq!(
        classify_http_error(&endpoint(), 503, None, unavailable).code,
        ErrorCode::ProviderOverloaded
    );
}

/// Issue 14: Gemini's gRPC status misleads for two HTTP statuses. A 413 says RESOURCE_EXHAUSTED
/// (the request is too large: waiting does not help, so not a rate limit to retry), and a 402
/// comes as FAILED_PRECONDITION (billing, not a bad request).
#[test]
fn too_large_and_payment_required_are_not_misread() {
    let too_large = r#"{"error":{"code":413,"message":"Request payload size exceeds the limit: 20971520 bytes.","status":"RESOURCE_EXHAUSTED"}}"#;
    let e = classify_http_error(&endpoint(), 413, None, too_large);
    assert_eq!(e.code, ErrorCode::ContextLengthExceeded);
    assert!(!e.retryable());
    let billing = r#"{"error":{"code":402,"message":"Billing account not active for this project.","status":"FAILED_PRECONDITION"}}"#;
    assert_eq!(
        classify_http_error(&endpoint(), 402, None, billing).code,
        ErrorCode::InsufficientCredits
    );
    // A 400 FAILED_PRECONDITION (no free tier in this country) stays a bad request.
    let region = r#"{"error":{"code":400,"message":"User location is not supported for the API use.","status":"FAILED_PRECONDITION"}}"#;
    assert_eq!(
        classify_http_error(&endpoint(), 400, None, region).code,
        ErrorCode::BadRequest
    );
}

/// Gemini 2.5 Pro cannot stop thinking: it rejects `thinkingBudget: 0` and its minimum is 128.
#[test]
fn reasoning_off_sends_the_smallest_budget_to_2_5_pro() {
    let off = |model: &str| {
        build_chat_request(
            &endpoint(),
            &ChatRequest {
                model: model.into(),
                messages: vec![Message::user("Hi")],
                params: Params {
                    reasoning: Some(Reasoning::Off),
                    ..Default::default()
                },
                ..Default::default()
            },
        )
    };
    for model in ["gemini-2.5-pro", "models/gemini-2.5-pro"] {
        let built = off(model);
        assert_eq!(
            built.http.body["generationConfig"]["thinkingConfig"],
            serde_json::json!({"thinkingBudget": 128}),
            "{model}: the minimum, and no thoughts asked for"
        );
        assert_eq!(built.notes.len(), 1, "{:?}", built.notes);
        let note = &built.notes[0];
        assert_eq!((note.param.as_str(), note.dropped), ("reasoning", false));
        assert!(note.message.contains("128"), "{}", note.message);
    }
    let built = off("gemini-2.5-flash");
    assert_eq!(
        built.http.body["generationConfig"]["thinkingConfig"],
        serde_json::json!({"thinkingBudget": 0})
    );
    assert!(built.notes.is_empty(), "{:?}", built.notes);
}
