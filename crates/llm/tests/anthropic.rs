//! Anthropic Messages: request mapping and named-event streams in the shapes Anthropic sends.

use parallax_llm::anthropic::{build_chat_request, classify_http_error, StreamParser};
use parallax_llm::error::ErrorCode;
use parallax_llm::{
    ApiKey, ChatRequest, Effort, Endpoint, FinishReason, Message, Params, ProviderKind, Reasoning,
    StreamEvent, Usage,
};

fn endpoint() -> Endpoint {
    Endpoint::new(
        ProviderKind::Anthropic,
        "https://api.anthropic.com/",
        ApiKey::new("sk-ant-api03-secretsecret"),
    )
}

fn req(params: Params) -> ChatRequest {
    ChatRequest {
        model: "claude-sonnet-4-5".into(),
        messages: vec![
            Message::system("Be concise."),
            Message::user("Explain SSE in two sentences."),
        ],
        params,
        ..Default::default()
    }
}

/// Splits an SSE transcript into (event, data) pairs as the engine's framing does.
fn run(transcript: &str) -> Vec<StreamEvent> {
    let mut p = StreamParser::new();
    let mut out = Vec::new();
    let mut event = String::new();
    for line in transcript.lines() {
        if let Some(e) = line.strip_prefix("event: ") {
            event = e.trim().to_owned();
        } else if let Some(d) = line.strip_prefix("data: ") {
            out.extend(p.feed(&event, d));
        }
    }
    out.extend(p.finish_at_eof());
    out
}

fn text(ev: &[StreamEvent]) -> String {
    ev.iter()
        .filter_map(|e| {
            if let StreamEvent::TextDelta(t) = e {
                Some(t.as_str())
            } else {
                None
            }
        })
        .collect()
}

#[test]
fn request_maps_system_max_tokens_and_headers() {
    let built = build_chat_request(
        &endpoint(),
        &req(Params {
            temperature: Some(0.7),
            max_tokens: Some(1024),
            seed: Some(3),
            stop: vec!["END".into()],
            ..Default::default()
        }),
    );
    assert_eq!(built.http.url, "https://api.anthropic.com/v1/messages");
    let header = |n: &str| {
        built
            .http
            .headers
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(header("x-api-key"), Some("sk-ant-api03-secretsecret"));
    assert_eq!(header("anthropic-version"), Some("2023-06-01"));
    assert!(
        header("Authorization").is_none(),
        "Anthropic takes x-api-key, not a bearer token"
    );
    insta::assert_json_snapshot!(built.http.body);
    assert_eq!(built.notes.len(), 1);
    assert!(
        built.notes[0].dropped && built.notes[0].param == "seed",
        "{:?}",
        built.notes
    );
}

#[test]
fn thinking_budget_drops_temperature_and_makes_room_for_the_answer() {
    let built = build_chat_request(
        &endpoint(),
        &req(Params {
            temperature: Some(0.2),
            max_tokens: Some(1000),
            reasoning: Some(Reasoning::Effort {
                effort: Effort::Medium,
            }),
            ..Default::default()
        }),
    );
    let b = &built.http.body;
    assert_eq!(
        b["thinking"],
        serde_json::json!({"type": "enabled", "budget_tokens": 8192})
    );
    assert!(
        b["max_tokens"].as_u64().unwrap() > 8192,
        "max_tokens must exceed the budget: {b}"
    );
    assert!(b.get("temperature").is_none());
    let params: Vec<(&str, bool)> = built
        .notes
        .iter()
        .map(|n| (n.param.as_str(), n.dropped))
        .collect();
    assert_eq!(
        params,
        [
            ("reasoning", false),
            ("max_tokens", false),
            ("temperature", true)
        ]
    );
}

#[test]
fn a_thinking_budget_under_1024_is_raised_with_a_note() {
    // Anthropic answers 400 to budget_tokens < 1024; 500 goes out as 1024, and says so.
    let built = build_chat_request(
        &endpoint(),
        &req(Params {
            max_tokens: Some(4000),
            reasoning: Some(Reasoning::Budget { tokens: 500 }),
            ..Default::default()
        }),
    );
    assert_eq!(
        built.http.body["thinking"],
        serde_json::json!({"type": "enabled", "budget_tokens": 1024})
    );
    let note = built.notes.iter().find(|n| n.param == "reasoning").unwrap();
    assert!(!note.dropped);
    assert!(
        note.message.contains("500") && note.message.contains("1024"),
        "{}",
        note.message
    );
}

#[test]
fn missing_max_tokens_gets_a_default_and_a_note() {
    let built = build_chat_request(&endpoint(), &req(Params::default()));
    assert_eq!(built.http.body["max_tokens"], 4096);
    assert!(built
        .notes
        .iter()
        .any(|n| n.param == "max_tokens" && !n.dropped));
}

const THINKING_STREAM: &str = r#"event: message_start
data: {"type":"message_start","message":{"id":"msg_01AB","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5-20250929","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1,"cache_creation_input_tokens":10,"cache_read_input_tokens":100}}}

event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}

event: ping
data: {"type":"ping"}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me think."}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQB..."}}

event: content_block_stop
data: {"type":"content_block_stop","index":0}

event: content_block_start
data: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Hello"}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":" there."}}   

event: content_block_stop
data: {"type":"content_block_stop","index":1}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15,"output_tokens_details":{"thinking_tokens":6}}}

event: message_stop
data: {"type":"message_stop"}
"#;

#[test]
fn thinking_stream_with_ping_signature_and_cumulative_usage() {
    let ev = run(THINKING_STREAM);
    assert_eq!(
        ev[0],
        StreamEvent::Started {
            generation_id: Some("msg_01AB".into()),
            served_model: Some("claude-sonnet-4-5-20250929".into())
        }
    );
    assert_eq!(ev[1], StreamEvent::ReasoningDelta("Let me think.".into()));
    assert_eq!(
        text(&ev),
        "Hello there.",
        "trailing whitespace after data is tolerated"
    );
    let usage = ev
        .iter()
        .find_map(|e| {
            if let StreamEvent::Usage { usage, .. } = e {
                Some(usage.clone())
            } else {
                None
            }
        })
        .unwrap();
    assert_eq!(
        usage.input_tokens,
        Some(135),
        "input + cache writes + cache reads"
    );
    assert_eq!(usage.cache_read_tokens, Some(100));
    assert_eq!(usage.cache_write_tokens, Some(10));
    assert_eq!(
        usage.output_tokens,
        Some(15),
        "the final cumulative count, not 1 + 15"
    );
    assert_eq!(usage.reasoning_tokens, Some(6));
    assert_eq!(usage.cost_usd, None, "Anthropic reports no cost");
    assert_eq!(
        ev.last(),
        Some(&StreamEvent::Finished {
            reason: FinishReason::Stop,
            native_reason: Some("end_turn".into())
        })
    );
}

#[test]
fn overloaded_error_event_after_http_200_keeps_the_text() {
    let t = r#"event: message_start
data: {"type":"message_start","message":{"id":"msg_1","model":"claude","usage":{"input_tokens":5,"output_tokens":1}}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Par"}}

event: error
data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}
"#;
    let ev = run(t);
    assert_eq!(text(&ev), "Par");
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
    assert_eq!(err.code, ErrorCode::ProviderOverloaded);
    assert!(err.retryable());
    assert_eq!(
        ev.iter()
            .filter(|e| matches!(e, StreamEvent::Failed(_)))
            .count(),
        1,
        "EOF after an error adds nothing"
    );
}

#[test]
fn a_stream_cut_before_message_stop_is_interrupted() {
    let ev = run("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"half\"}}\n");
    assert!(
        matches!(ev.last(), Some(StreamEvent::Failed(e)) if e.code == ErrorCode::StreamInterrupted)
    );
}

#[test]
fn http_errors_including_529() {
    let e = endpoint();
    let cases = [
        (
            401,
            r#"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#,
            ErrorCode::Unauthorized,
        ),
        (
            429,
            r#"{"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit"}}"#,
            ErrorCode::RateLimited,
        ),
        (
            529,
            r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
            ErrorCode::ProviderOverloaded,
        ),
        (
            400,
            r#"{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}"#,
            ErrorCode::ContextLengthExceeded,
        ),
        (
            400,
            r#"{"type":"error","error":{"type":"billing_error","message":"Your credit balance is too low"}}"#,
            ErrorCode::InsufficientCredits,
        ),
        (
            404,
            r#"{"type":"error","error":{"type":"not_found_error","message":"model: claude-x"}}"#,
            ErrorCode::ModelNotFound,
        ),
        (504, "", ErrorCode::Timeout),
    ];
    for (status, body, code) in cases {
        let err = classify_http_error(&e, status, Some("12"), body);
        assert_eq!(err.code, code, "{status} {body}");
        assert_eq!(err.retry_after_ms, Some(12_000));
        assert!(
            err.message.contains(&format!("HTTP {status}")),
            "{}",
            err.message
        );
    }
}

/// A short answer whose `message_delta` carries `stop_reason`.
fn stream_stopping_with(stop_reason: &str) -> String {
    format!(
        r#"event: message_start
data: {{"type":"message_start","message":{{"id":"msg_02","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5-20250929","stop_reason":null,"stop_sequence":null,"usage":{{"input_tokens":30,"output_tokens":1}}}}}}

event: content_block_start
data: {{"type":"content_block_start","index":0,"content_block":{{"type":"text","text":""}}}}

event: content_block_delta
data: {{"type":"content_block_delta","index":0,"delta":{{"type":"text_delta","text":"I can"}}}}

event: content_block_stop
data: {{"type":"content_block_stop","index":0}}

event: message_delta
data: {{"type":"message_delta","delta":{{"stop_reason":"{stop_reason}","stop_sequence":null}},"usage":{{"output_tokens":5}}}}

event: message_stop
data: {{"type":"message_stop"}}
"#
    )
}

/// WF §3: `refusal` is the model declining; `model_context_window_exceeded` is a length stop.
#[test]
fn refusal_and_context_window_stop_reasons() {
    let cases = [
        ("refusal", FinishReason::Refusal),
        ("model_context_window_exceeded", FinishReason::Length),
        ("max_tokens", FinishReason::Length),
        ("end_turn", FinishReason::Stop),
    ];
    for (native, reason) in cases {
        let ev = run(&stream_stopping_with(native));
        assert_eq!(text(&ev), "I can");
        assert_eq!(
            ev.last(),
            Some(&StreamEvent::Finished {
                reason,
                native_reason: Some(native.into())
            }),
            "{native}"
        );
    }
}

/// A `redacted_thinking` block has only encrypted `data`: nothing to show, and it must not
/// disturb the text or the usage around it.
#[test]
fn redacted_thinking_blocks_are_skipped() {
    let t = r#"event: message_start
data: {"type":"message_start","message":{"id":"msg_03","type":"message","role":"assistant","content":[],"model":"claude-3-7-sonnet-20250219","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":40,"output_tokens":1,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}}

event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"}}

event: content_block_stop
data: {"type":"content_block_stop","index":0}

event: content_block_start
data: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"The answer is 4."}}

event: content_block_stop
data: {"type":"content_block_stop","index":1}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":90}}

event: message_stop
data: {"type":"message_stop"}
"#;
    let ev = run(t);
    let usage = Usage {
        input_tokens: Some(40),
        output_tokens: Some(90),
        cache_read_tokens: Some(0),
        cache_write_tokens: Some(0),
        ..Usage::default()
    };
    let kinds: Vec<_> = ev
        .iter()
        .filter(|e| !matches!(e, StreamEvent::Started { .. }))
        .map(|e| match e {
            StreamEvent::Usage { usage, .. } => StreamEvent::Usage {
                usage: usage.clone(),
                raw: serde_json::Value::Null,
            },
            other => other.clone(),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            StreamEvent::TextDelta("The answer is 4.".into()),
            StreamEvent::Usage {
                usage,
                raw: serde_json::Value::Null
            },
            StreamEvent::Finished {
                reason: FinishReason::Stop,
                native_reason: Some("end_turn".into())
            },
        ],
        "only the text, the usage and the finish"
    );
}
