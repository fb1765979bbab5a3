//! Parsing and request building for the OpenAI-compatible (OpenRouter) wire format, against
//! transcripts in the shapes providers really send (`shared/docs/wire-formats.md`).

use parallax_llm::error::ErrorCode;
use parallax_llm::openai_compat::{build_chat_request, classify_http_error, StreamParser};
use parallax_llm::{
    ApiKey, ChatRequest, DataCollection, Effort, Endpoint, FinishReason, Message, Params,
    ProviderKind, Reasoning, Routing, RoutingSort, StreamEvent,
};

/// Feeds every `data:` payload of an SSE transcript, as the engine would after framing.
fn run(transcript: &str) -> Vec<StreamEvent> {
    let mut p = StreamParser::new();
    let mut out = Vec::new();
    for line in transcript.lines() {
        if let Some(data) = line.strip_prefix("data: ") {
            out.extend(p.feed(data));
        }
    }
    out.extend(p.finish_at_eof());
    out
}

fn text(events: &[StreamEvent]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            StreamEvent::TextDelta(t) => Some(t.as_str()),
            _ => None,
        })
        .collect()
}

const OPENROUTER_REASONING: &str = r#": OPENROUTER PROCESSING

: OPENROUTER PROCESSING

data: {"id":"gen-1785160442-5ORl","object":"chat.completion.chunk","created":1785160442,"model":"inclusionai/ling-3.0-flash:free","provider":"Novita","choices":[{"index":0,"delta":{"content":"","role":"assistant","reasoning":"The","reasoning_details":[{"type":"reasoning.text","text":"The","format":"unknown","index":0}]},"finish_reason":null,"native_finish_reason":null}]}

data: {"id":"gen-1785160442-5ORl","object":"chat.completion.chunk","created":1785160442,"model":"inclusionai/ling-3.0-flash:free","provider":"Novita","choices":[{"index":0,"delta":{"content":"To","role":"assistant"},"finish_reason":null,"native_finish_reason":null}]}

data: {"id":"gen-1785160442-5ORl","object":"chat.completion.chunk","created":1785160442,"model":"inclusionai/ling-3.0-flash:free","provider":"Novita","choices":[{"index":0,"delta":{"content":" be","role":"assistant"},"finish_reason":null,"native_finish_reason":null}]}

data: {"id":"gen-1785160442-5ORl","object":"chat.completion.chunk","created":1785160442,"model":"inclusionai/ling-3.0-flash:free","provider":"Novita","choices":[{"index":0,"delta":{"content":"","role":"assistant","reasoning":null},"finish_reason":"stop","native_finish_reason":"stop"}]}

data: {"id":"gen-1785160442-5ORl","object":"chat.completion.chunk","created":1785160442,"model":"inclusionai/ling-3.0-flash:free","provider":"Novita","service_tier":null,"choices":[{"index":0,"delta":{"content":"","role":"assistant"},"finish_reason":"stop","native_finish_reason":"stop"}],"usage":{"prompt_tokens":40,"completion_tokens":129,"total_tokens":169,"cost":0.0012,"is_byok":false,"prompt_tokens_details":{"cached_tokens":0,"cache_write_tokens":0,"audio_tokens":0,"video_tokens":0},"cost_details":{"upstream_inference_cost":0,"upstream_inference_prompt_cost":0,"upstream_inference_completions_cost":0},"completion_tokens_details":{"reasoning_tokens":31,"image_tokens":0,"audio_tokens":0}}}

data: [DONE]
"#;

#[test]
fn openrouter_reasoning_transcript_with_usage_on_a_chunk_that_repeats_the_finish() {
    let ev = run(OPENROUTER_REASONING);
    assert_eq!(
        ev[0],
        StreamEvent::Started {
            generation_id: Some("gen-1785160442-5ORl".into()),
            served_model: Some("inclusionai/ling-3.0-flash:free".into())
        }
    );
    assert_eq!(
        ev[1],
        StreamEvent::ReasoningDelta("The".into()),
        "reasoning kept apart from text"
    );
    assert_eq!(text(&ev), "To be", "empty content deltas are not text");
    let finishes = ev
        .iter()
        .filter(|e| matches!(e, StreamEvent::Finished { .. }))
        .count();
    assert_eq!(
        finishes, 1,
        "a repeated finish_reason must not finish twice: {ev:?}"
    );
    let usage = ev
        .iter()
        .find_map(|e| match e {
            StreamEvent::Usage { usage, .. } => Some(usage.clone()),
            _ => None,
        })
        .expect("usage must be read from a chunk that also has choices");
    assert_eq!(usage.input_tokens, Some(40));
    assert_eq!(usage.output_tokens, Some(129));
    assert_eq!(usage.reasoning_tokens, Some(31));
    assert_eq!(usage.cache_read_tokens, Some(0), "a reported 0 is a real 0");
    assert_eq!(usage.cost_usd, Some(0.0012));
    assert_eq!(
        ev.last(),
        Some(&StreamEvent::Finished {
            reason: FinishReason::Stop,
            native_reason: Some("stop".into())
        })
    );
}

#[test]
fn openai_shape_usage_on_empty_choices_and_no_cost_means_unknown_cost() {
    let t = r#"data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null}

data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}],"usage":null}

data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"length"}],"usage":null}

data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":14,"completion_tokens":3,"total_tokens":17}}

data: [DONE]
"#;
    let ev = run(t);
    assert_eq!(text(&ev), "Hi");
    let usage = ev.iter().find_map(|e| match e {
        StreamEvent::Usage { usage, .. } => Some(usage.clone()),
        _ => None,
    });
    let usage = usage.expect("usage on an empty-choices chunk");
    assert_eq!(usage.output_tokens, Some(3));
    assert_eq!(
        usage.cost_usd, None,
        "no cost reported must stay unknown, never 0"
    );
    assert_eq!(usage.reasoning_tokens, None);
    assert!(matches!(
        ev.last(),
        Some(StreamEvent::Finished {
            reason: FinishReason::Length,
            ..
        })
    ));
}

#[test]
fn mid_stream_error_event_with_numeric_or_string_code() {
    for code in [r#"429"#, r#""server_error""#] {
        let t = format!(
            "data: {{\"id\":\"gen-1\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"Par\"}},\"finish_reason\":null}}]}}\n\n\
             data: {{\"id\":\"gen-1\",\"error\":{{\"code\":{code},\"message\":\"Rate limit exceeded\",\"metadata\":{{\"error_type\":\"rate_limit_exceeded\"}}}},\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"\"}},\"finish_reason\":\"error\"}}]}}\n"
        );
        let ev = run(&t);
        assert_eq!(text(&ev), "Par", "text before the error is kept");
        let err = ev
            .iter()
            .find_map(|e| match e {
                StreamEvent::Failed(e) => Some(e.clone()),
                _ => None,
            })
            .expect("a mid-stream error must fail the answer");
        assert_eq!(err.code, ErrorCode::RateLimited, "code {code}");
        assert!(
            err.message.contains("Rate limit exceeded"),
            "{}",
            err.message
        );
    }
}

#[test]
fn malformed_chunk_fails_with_a_readable_message() {
    let ev = run("data: {\"choices\":[{\"delta\":{\"content\":\"ok\"}}]}\n\ndata: {not json\n\n");
    let err = ev.iter().find_map(|e| match e {
        StreamEvent::Failed(e) => Some(e),
        _ => None,
    });
    let err = err.expect("malformed JSON must fail");
    assert_eq!(err.code, ErrorCode::MalformedResponse);
    assert!(err.message.contains("not valid JSON"), "{}", err.message);
}

#[test]
fn stream_cut_before_done_is_interrupted_not_finished() {
    let ev =
        run("data: {\"id\":\"g\",\"choices\":[{\"delta\":{\"content\":\"half an ans\"}}]}\n\n");
    assert_eq!(text(&ev), "half an ans");
    match ev.last() {
        Some(StreamEvent::Failed(e)) => assert_eq!(e.code, ErrorCode::StreamInterrupted),
        other => panic!("expected an interrupted stream, got {other:?}"),
    }
}

fn endpoint() -> Endpoint {
    Endpoint::openrouter(
        "https://openrouter.ai/api/v1/",
        ApiKey::new("sk-or-v1-secretsecret"),
    )
}

fn request(params: Params) -> ChatRequest {
    ChatRequest {
        model: "openai/gpt-4o-mini".into(),
        messages: vec![
            Message::system("Be concise."),
            Message::user("Explain SSE."),
        ],
        params,
        ..Default::default()
    }
}

#[test]
fn chat_request_snapshot() {
    let built = build_chat_request(
        &endpoint(),
        &request(Params {
            max_tokens: Some(512),
            temperature: Some(0.5),
            ..Default::default()
        }),
    );
    let http = &built.http;
    assert_eq!(
        http.url, "https://openrouter.ai/api/v1/chat/completions",
        "no double slash"
    );
    let header = |name: &str| {
        http.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(
        header("Authorization"),
        Some("Bearer sk-or-v1-secretsecret")
    );
    assert_eq!(
        header("Accept-Encoding"),
        Some("identity"),
        "streams must be asked for uncompressed"
    );
    assert_eq!(
        header("X-OpenRouter-Title"),
        Some("Parallax"),
        "attribution"
    );
    assert!(header("HTTP-Referer").is_some());
    assert!(built.notes.is_empty());
    insta::assert_json_snapshot!(http.body);
    assert!(
        !format!("{http:?}").contains("secretsecret"),
        "Debug must not print the key"
    );
}

#[test]
fn openrouter_extensions_routing_fallbacks_and_reasoning() {
    let mut req = request(Params {
        reasoning: Some(Reasoning::Effort {
            effort: Effort::Low,
        }),
        seed: Some(7),
        stop: vec!["END".into()],
        ..Default::default()
    });
    req.fallback_models = vec![
        "openai/gpt-4o-mini".into(),
        "anthropic/claude-haiku-4.5".into(),
    ];
    req.routing = Routing {
        order: vec!["azure".into(), "openai".into()],
        allow_fallbacks: Some(false),
        sort: Some(RoutingSort::Throughput),
        only: vec![],
        ignore: vec!["deepinfra".into()],
        max_prompt_price_per_m: Some(5.0),
        max_completion_price_per_m: Some(20.0),
        data_collection: Some(DataCollection::Deny),
    };
    let built = build_chat_request(&endpoint(), &req);
    assert!(
        built.notes.is_empty(),
        "OpenRouter takes all of it: {:?}",
        built.notes
    );
    insta::assert_json_snapshot!(built.http.body);
    let budget = build_chat_request(
        &endpoint(),
        &request(Params {
            reasoning: Some(Reasoning::Budget { tokens: 2048 }),
            ..Default::default()
        }),
    );
    assert_eq!(
        budget.http.body["reasoning"],
        serde_json::json!({"max_tokens": 2048})
    );
}

#[test]
fn openai_uses_max_completion_tokens_and_reports_what_it_cannot_take() {
    let e = Endpoint::new(
        ProviderKind::OpenAi,
        "https://api.openai.com/v1",
        ApiKey::new("sk-proj-abcdefgh"),
    );
    let mut req = request(Params {
        max_tokens: Some(100),
        reasoning: Some(Reasoning::Budget { tokens: 1000 }),
        ..Default::default()
    });
    req.routing.sort = Some(RoutingSort::Price);
    let built = build_chat_request(&e, &req);
    insta::assert_json_snapshot!(built.http.body);
    assert_eq!(
        built.http.body["max_completion_tokens"], 100,
        "reasoning models reject max_tokens"
    );
    assert!(built.http.body.get("max_tokens").is_none());
    assert!(built.http.body.get("provider").is_none());
    let dropped: Vec<&str> = built
        .notes
        .iter()
        .filter(|n| n.dropped)
        .map(|n| n.param.as_str())
        .collect();
    assert_eq!(dropped, ["reasoning", "routing"], "{:?}", built.notes);
    assert!(
        built
            .http
            .headers
            .iter()
            .all(|(k, _)| k != "X-OpenRouter-Title"),
        "OpenRouter attribution is not sent to OpenAI"
    );
    let effort = build_chat_request(
        &e,
        &request(Params {
            reasoning: Some(Reasoning::Effort {
                effort: Effort::High,
            }),
            ..Default::default()
        }),
    );
    assert_eq!(effort.http.body["reasoning_effort"], "high");
}

#[test]
fn keyless_compatible_endpoint_with_extra_headers() {
    let mut e = Endpoint::new(ProviderKind::Compatible, "http://127.0.0.1:1234/v1/", None)
        .with_name("LM Studio");
    e.extra_headers.push(("X-Team".into(), "ml".into()));
    let built = build_chat_request(
        &e,
        &ChatRequest {
            model: "qwen3-8b".into(),
            ..Default::default()
        },
    );
    assert_eq!(built.http.url, "http://127.0.0.1:1234/v1/chat/completions");
    assert!(built.http.headers.iter().all(|(k, _)| k != "Authorization"));
    assert!(built
        .http
        .headers
        .iter()
        .any(|(k, v)| k == "X-Team" && v == "ml"));
}

#[test]
fn http_errors_map_to_codes_with_the_providers_words() {
    let e = endpoint();
    let cases = [
        (
            401,
            r#"{"error":{"message":"User not found.","code":401}}"#,
            ErrorCode::Unauthorized,
        ),
        (
            402,
            r#"{"error":{"message":"This request requires more credits","code":402}}"#,
            ErrorCode::InsufficientCredits,
        ),
        (
            404,
            r#"{"error":{"message":"No endpoints found for x.","code":404}}"#,
            ErrorCode::ModelNotFound,
        ),
        (
            400,
            r#"{"error":{"message":"too long","code":400,"metadata":{"error_type":"context_length_exceeded"}}}"#,
            ErrorCode::ContextLengthExceeded,
        ),
        (
            403,
            r#"{"error":{"message":"flagged","code":403,"metadata":{"reasons":["violence"]}}}"#,
            ErrorCode::Moderation,
        ),
        (
            429,
            r#"{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}"#,
            ErrorCode::InsufficientCredits,
        ),
        (
            503,
            r#"{"error":{"message":"No provider available","code":503}}"#,
            ErrorCode::ProviderOverloaded,
        ),
        (
            500,
            "<html>Internal Server Error</html>",
            ErrorCode::ProviderError,
        ),
    ];
    for (status, body, code) in cases {
        let err = classify_http_error(&e, status, None, body);
        assert_eq!(err.code, code, "HTTP {status} {body}");
        assert_eq!(err.http_status, Some(status));
        assert!(
            err.message.contains(&format!("HTTP {status}")),
            "{}",
            err.message
        );
    }
}

#[test]
fn rate_limit_keeps_retry_after_and_upstream_detail() {
    let body = r#"{"error":{"message":"Provider returned error","code":429,"metadata":{"raw":"qwen is temporarily rate-limited upstream","provider_name":"Venice","retry_after_seconds":16}},"user_id":"user_1"}"#;
    let err = classify_http_error(&endpoint(), 429, Some("7"), body);
    assert_eq!(err.code, ErrorCode::RateLimited);
    assert!(err.retryable());
    assert_eq!(
        err.retry_after_ms,
        Some(7000),
        "the header wins over the body"
    );
    assert!(
        err.message.contains("temporarily rate-limited upstream"),
        "{}",
        err.message
    );
    let err = classify_http_error(&endpoint(), 429, None, body);
    assert_eq!(
        err.retry_after_ms,
        Some(16000),
        "the body's hint when there is no header"
    );
}

#[test]
fn an_echoed_key_is_redacted_from_error_messages() {
    let body =
        r#"{"error":{"message":"Incorrect API key provided: sk-or-v1-secretsecret","code":401}}"#;
    let err = classify_http_error(&endpoint(), 401, None, body);
    assert!(!err.message.contains("secretsecret"), "{}", err.message);
    assert!(err.message.contains("[redacted]"), "{}", err.message);
}
