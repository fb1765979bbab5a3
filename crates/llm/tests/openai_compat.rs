//! Parsing and request building for the OpenAI-compatible (OpenRouter) wire format, against
//! transcripts in the shapes providers really send (`shared/docs/wire-formats.md`).

use parallax_llm::error::{ErrorCode, LlmError};
use parallax_llm::openai_compat::{build_chat_request, classify_http_error, StreamParser};
use parallax_llm::{
    ApiKey, ChatRequest, DataCollection, Effort, Endpoint, FinishReason, Message, Params,
    ProviderKind, Reasoning, Routing, RoutingSort, StreamEvent, Usage,
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

data: {"id":"gen-1785160442-5ORl","object":"chat.completion.chunk","created":1785160442,"model":"inclusionai/ling-3.0-flash:free","provider":"Novita","service_tier":null,"choices":[{"index":0,"delta":{"content":"","role":"assistant"},"finish_reason":"stop","native_finish_reason":"stop"}],"usage":{"prompt_tokens":40,"completion_tokens":129,"total_tokens":169,"cost":0,"is_byok":false,"prompt_tokens_details":{"cached_tokens":0,"cache_write_tokens":0,"audio_tokens":0,"video_tokens":0},"cost_details":{"upstream_inference_cost":0,"upstream_inference_prompt_cost":0,"upstream_inference_completions_cost":0},"completion_tokens_details":{"reasoning_tokens":31,"image_tokens":0,"audio_tokens":0}}}

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
    // The observed capture: a `:free` model is billed a real $0 (`cost: 0`), not an unknown.
    assert_eq!(usage.cost_usd, Some(0.0), "a :free answer costs a real $0");
    assert_eq!(usage.byok_upstream_usd, None, "not a BYOK request");
    assert_eq!(
        ev.iter()
            .filter(|e| matches!(e, StreamEvent::ReasoningDelta(_)))
            .count(),
        1,
        "`reasoning` and `reasoning_details` carry the same text; it is shown once: {ev:?}"
    );
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

fn failure(events: &[StreamEvent]) -> LlmError {
    events
        .iter()
        .find_map(|e| match e {
            StreamEvent::Failed(e) => Some(e.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("expected a failure: {events:?}"))
}

fn usage(events: &[StreamEvent]) -> Usage {
    events
        .iter()
        .rev()
        .find_map(|e| match e {
            StreamEvent::Usage { usage, .. } => Some(usage.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("expected usage: {events:?}"))
}

fn reasoning(events: &[StreamEvent]) -> Vec<&str> {
    events
        .iter()
        .filter_map(|e| match e {
            StreamEvent::ReasoningDelta(t) => Some(t.as_str()),
            _ => None,
        })
        .collect()
}

/// A stream that says "Par" and then carries `error` as an OpenRouter mid-stream error frame.
fn openrouter_error_frame(error: &str) -> String {
    format!(
        "data: {{\"id\":\"gen-1\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"Par\"}},\"finish_reason\":null}}]}}\n\n\
         data: {{\"id\":\"gen-1\",\"error\":{error},\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"\"}},\"finish_reason\":\"error\"}}]}}\n"
    )
}

/// Each case carries one signal only (no `metadata.error_type`), so the code alone decides.
#[test]
fn mid_stream_error_event_with_numeric_or_string_code() {
    let cases = [
        (
            r#"{"code":429,"message":"Rate limit exceeded"}"#,
            ErrorCode::RateLimited,
            "Rate limit exceeded",
        ),
        (
            r#"{"code":402,"message":"Insufficient credits"}"#,
            ErrorCode::InsufficientCredits,
            "Insufficient credits",
        ),
        // The older docs example: a string code, which is no HTTP status.
        (
            r#"{"code":"server_error","message":"Upstream model crashed"}"#,
            ErrorCode::ProviderError,
            "Upstream model crashed",
        ),
    ];
    for (error, code, words) in cases {
        let ev = run(&openrouter_error_frame(error));
        assert_eq!(text(&ev), "Par", "text before the error is kept");
        let err = failure(&ev);
        assert_eq!(err.code, code, "{error}");
        assert!(err.message.contains(words), "{}", err.message);
        assert!(
            matches!(ev.last(), Some(StreamEvent::Failed(_))),
            "nothing finishes after the error: {ev:?}"
        );
    }
}

/// OpenAI's own mid-stream error (WF §2): `type`, `param`, and a null `code`; no numeric status.
#[test]
fn openai_direct_mid_stream_error_in_openais_shape() {
    let t = r#"data: {"id":"chatcmpl-7","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"role":"assistant","content":"Hal"},"logprobs":null,"finish_reason":null}],"usage":null}

data: {"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}}
"#;
    let ev = run(t);
    assert_eq!(text(&ev), "Hal");
    let err = failure(&ev);
    assert_eq!(err.code, ErrorCode::ProviderError);
    assert!(
        err.message
            .contains("The server had an error while processing your request"),
        "{}",
        err.message
    );
}

/// WF §1.6: with BYOK, `cost` is only OpenRouter's fee; the upstream charge to the person's own
/// key is `cost_details.upstream_inference_cost`. Without BYOK the two are the same money.
#[test]
fn byok_cost_is_the_fee_plus_the_upstream_charge() {
    let stream = |usage: &str| {
        format!(
            "data: {{\"id\":\"gen-9\",\"model\":\"anthropic/claude-haiku-4.5\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"Hi\",\"role\":\"assistant\"}},\"finish_reason\":\"stop\"}}]}}\n\n\
             data: {{\"id\":\"gen-9\",\"model\":\"anthropic/claude-haiku-4.5\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"\",\"role\":\"assistant\"}},\"finish_reason\":\"stop\"}}],\"usage\":{usage}}}\n\n\
             data: [DONE]\n"
        )
    };
    let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 1e-12);

    // Fee $0.00002 + upstream $0.0004 = $0.00042 paid in all.
    let u = usage(&run(&stream(
        r#"{"prompt_tokens":20,"completion_tokens":50,"total_tokens":70,"cost":0.00002,"is_byok":true,"cost_details":{"upstream_inference_cost":0.0004,"upstream_inference_prompt_cost":0.0001,"upstream_inference_completions_cost":0.0003}}"#,
    )));
    assert!(close(u.cost_usd, 0.00042), "{:?}", u.cost_usd);
    assert!(close(u.byok_upstream_usd, 0.0004), "{u:?}");

    // No fee reported: the upstream charge is what was paid.
    let u = usage(&run(&stream(
        r#"{"prompt_tokens":20,"completion_tokens":50,"total_tokens":70,"is_byok":true,"cost_details":{"upstream_inference_cost":0.0004}}"#,
    )));
    assert!(close(u.cost_usd, 0.0004), "{:?}", u.cost_usd);
    assert!(close(u.byok_upstream_usd, 0.0004), "{u:?}");

    // A $0 fee (often the case) does not make a BYOK answer free.
    let u = usage(&run(&stream(
        r#"{"prompt_tokens":20,"completion_tokens":50,"total_tokens":70,"cost":0,"is_byok":true,"cost_details":{"upstream_inference_cost":0.0031}}"#,
    )));
    assert!(close(u.cost_usd, 0.0031), "{:?}", u.cost_usd);

    // The observed non-BYOK shape (WF §1.4): upstream equals cost and must not be added again.
    let u = usage(&run(&stream(
        r#"{"prompt_tokens":9,"completion_tokens":10,"total_tokens":19,"cost":0.00000735,"is_byok":false,"prompt_tokens_details":{"cached_tokens":0,"cache_write_tokens":0,"audio_tokens":0,"video_tokens":0},"cost_details":{"upstream_inference_cost":0.00000735,"upstream_inference_prompt_cost":0.00000135,"upstream_inference_completions_cost":0.000006},"completion_tokens_details":{"reasoning_tokens":0,"image_tokens":0,"audio_tokens":0}}"#,
    )));
    assert!(close(u.cost_usd, 0.00000735), "{:?}", u.cost_usd);
    assert_eq!(u.byok_upstream_usd, None);
}

/// OpenAI streams a refusal in `delta.refusal` with `content: null`; the person must read it.
#[test]
fn refusal_text_is_shown_and_the_answer_finishes_as_a_refusal() {
    let t = r#"data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"role":"assistant","content":null,"refusal":""},"logprobs":null,"finish_reason":null}],"usage":null}

data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"refusal":"I'm sorry, "},"logprobs":null,"finish_reason":null}],"usage":null}

data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"refusal":"I can't help with that."},"logprobs":null,"finish_reason":null}],"usage":null}

data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}

data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":9,"total_tokens":21}}

data: [DONE]
"#;
    let ev = run(t);
    assert_eq!(text(&ev), "I'm sorry, I can't help with that.");
    assert_eq!(
        ev.last(),
        Some(&StreamEvent::Finished {
            reason: FinishReason::Refusal,
            native_reason: Some("refusal".into())
        }),
        "a refusal is not a plain stop even when finish_reason says stop"
    );

    let filtered = r#"data: {"id":"chatcmpl-8","choices":[{"index":0,"delta":{"role":"assistant","content":"Once"},"finish_reason":null}]}

data: {"id":"chatcmpl-8","choices":[{"index":0,"delta":{},"finish_reason":"content_filter"}]}

data: [DONE]
"#;
    assert_eq!(
        run(filtered).last(),
        Some(&StreamEvent::Finished {
            reason: FinishReason::ContentFilter,
            native_reason: Some("content_filter".into())
        })
    );
}

/// WF §1.4: `finish_reason: "error"` can come with the error inside the choice, not at the top.
#[test]
fn finish_reason_error_without_a_top_level_error_fails_the_answer() {
    let t = r#"data: {"id":"gen-2","model":"deepseek/deepseek-r1","provider":"Chutes","choices":[{"index":0,"delta":{"content":"Par","role":"assistant"},"finish_reason":null,"native_finish_reason":null}]}

data: {"id":"gen-2","model":"deepseek/deepseek-r1","provider":"Chutes","choices":[{"index":0,"delta":{"content":"","role":"assistant"},"finish_reason":"error","native_finish_reason":"error","error":{"code":502,"message":"Upstream connection reset","metadata":{"error_type":"provider_unavailable"}}}]}

data: [DONE]
"#;
    let ev = run(t);
    assert_eq!(text(&ev), "Par", "text before the error is kept");
    let err = failure(&ev);
    assert_eq!(err.code, ErrorCode::ProviderOverloaded);
    assert!(
        err.message.contains("Upstream connection reset"),
        "{}",
        err.message
    );
    assert!(
        !ev.iter().any(|e| matches!(e, StreamEvent::Finished { .. })),
        "an error is not a finished answer: {ev:?}"
    );

    let bare = r#"data: {"id":"gen-3","choices":[{"index":0,"delta":{"content":"Par"},"finish_reason":null}]}

data: {"id":"gen-3","choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}

data: [DONE]
"#;
    let ev = run(bare);
    let err = failure(&ev);
    assert_eq!(err.code, ErrorCode::ProviderError);
    assert_eq!(err.message, "The provider ended the answer with an error");
    assert!(!ev.iter().any(|e| matches!(e, StreamEvent::Finished { .. })));
}

/// WF §1.5: reasoning may come only as typed `reasoning_details` (summaries, text, encrypted).
#[test]
fn reasoning_only_in_reasoning_details_is_shown_and_never_twice() {
    let summaries = r#"data: {"id":"gen-4","model":"openai/o3","choices":[{"index":0,"delta":{"content":"","role":"assistant","reasoning":null,"reasoning_details":[{"type":"reasoning.summary","summary":"**Planning** the answer","format":"openai-responses-v1","index":0}]},"finish_reason":null}]}

data: {"id":"gen-4","model":"openai/o3","choices":[{"index":0,"delta":{"content":"","role":"assistant","reasoning_details":[{"type":"reasoning.encrypted","data":"gAAAAABo-opaque","format":"openai-responses-v1","index":1}]},"finish_reason":null}]}

data: {"id":"gen-4","model":"openai/o3","choices":[{"index":0,"delta":{"content":"Yes.","role":"assistant"},"finish_reason":"stop"}]}

data: [DONE]
"#;
    let ev = run(summaries);
    assert_eq!(
        reasoning(&ev),
        ["**Planning** the answer"],
        "encrypted reasoning has nothing to show"
    );
    assert_eq!(text(&ev), "Yes.");

    let texts = r#"data: {"id":"gen-5","choices":[{"index":0,"delta":{"content":"","reasoning":"","reasoning_details":[{"type":"reasoning.text","text":"Step one.","signature":null,"format":"anthropic-claude-v1","index":0},{"type":"reasoning.text","text":" Step two.","format":"anthropic-claude-v1","index":0}]},"finish_reason":null}]}

data: {"id":"gen-5","choices":[{"index":0,"delta":{"content":"","reasoning":"Step three.","reasoning_details":[{"type":"reasoning.text","text":"Step three.","format":"anthropic-claude-v1","index":0}]},"finish_reason":null}]}

data: [DONE]
"#;
    assert_eq!(
        reasoning(&run(texts)),
        ["Step one. Step two.", "Step three."],
        "the string wins when both are sent; the details are not repeated"
    );
}

#[test]
fn openai_reasoning_models_take_only_default_temperature_and_top_p() {
    let openai = Endpoint::new(
        ProviderKind::OpenAi,
        "https://api.openai.com/v1",
        ApiKey::new("sk-proj-abcdefgh"),
    );
    let sampled = |model: &str| ChatRequest {
        model: model.into(),
        messages: vec![Message::user("Hi")],
        params: Params {
            temperature: Some(0.3),
            top_p: Some(0.9),
            ..Default::default()
        },
        ..Default::default()
    };
    for model in [
        "o1",
        "o3-mini",
        "o4-mini",
        "gpt-5",
        "gpt-5-mini",
        "openai/o3",
    ] {
        let built = build_chat_request(&openai, &sampled(model));
        assert!(built.http.body.get("temperature").is_none(), "{model}");
        assert!(built.http.body.get("top_p").is_none(), "{model}");
        let notes: Vec<(&str, bool)> = built
            .notes
            .iter()
            .map(|n| (n.param.as_str(), n.dropped))
            .collect();
        assert_eq!(notes, [("temperature", true), ("top_p", true)], "{model}");
        assert!(
            built.notes.iter().all(|n| n.message.contains("default")),
            "{:?}",
            built.notes
        );
    }
    for model in ["gpt-4o", "gpt-4.1-mini"] {
        let built = build_chat_request(&openai, &sampled(model));
        assert_eq!(built.http.body["temperature"], 0.3, "{model}");
        assert_eq!(built.http.body["top_p"], 0.9, "{model}");
        assert!(built.notes.is_empty(), "{model}: {:?}", built.notes);
    }
    // OpenRouter and compatible servers decide for themselves.
    let compatible = Endpoint::new(ProviderKind::Compatible, "http://127.0.0.1:8000/v1", None);
    for (e, model) in [(endpoint(), "openai/o3"), (compatible, "o3-mini")] {
        let built = build_chat_request(&e, &sampled(model));
        assert_eq!(built.http.body["temperature"], 0.3, "{model}");
        assert_eq!(built.http.body["top_p"], 0.9, "{model}");
        assert!(built.notes.is_empty(), "{model}: {:?}", built.notes);
    }
}

/// WF §1.7: 2026 availability errors carry `error.error_type`, `error.availability.code` and
/// `error.http_status` (not `error.code`, and not `metadata.error_type`).
#[test]
fn openrouter_2026_availability_errors() {
    let e = endpoint();
    let availability = |status: u16, code: &str| {
        format!(
            r#"{{"error":{{"message":"availability: {code}","http_status":{status},"availability":{{"code":"{code}","retryable":false,"requested_models":["openai/gpt-9"],"docs_url":"https://openrouter.ai/docs"}},"metadata":{{"previous_errors":[]}}}}}}"#
        )
    };
    let cases = [
        (400, availability(400, "model_not_found"), ErrorCode::ModelNotFound),
        (400, availability(400, "wrong_endpoint"), ErrorCode::ModelNotFound),
        (404, availability(404, "no_endpoints"), ErrorCode::ModelNotFound),
        (404, availability(404, "model_deprecated"), ErrorCode::ModelNotFound),
        (
            404,
            availability(404, "model_unavailable_upstream"),
            ErrorCode::ModelNotFound,
        ),
        (404, availability(404, "free_variant_ended"), ErrorCode::ModelNotFound),
        (
            503,
            availability(503, "temporarily_unavailable"),
            ErrorCode::ProviderOverloaded,
        ),
        // The key is fine and the request well formed; no endpoint of this model may serve this
        // person. Another model may, so these must not read as a bad key or a bad request.
        (403, availability(403, "region_restricted"), ErrorCode::ModelNotFound),
        (404, availability(404, "privacy_restricted"), ErrorCode::ModelNotFound),
        (404, availability(404, "constraint_filtered"), ErrorCode::ModelNotFound),
        // `error_type` at the top of `error`, no availability object.
        (
            400,
            r#"{"error":{"message":"The requested model does not exist","error_type":"model_not_found","http_status":400}}"#.into(),
            ErrorCode::ModelNotFound,
        ),
        // The older 400 for an unknown model says so only in words.
        (
            400,
            r#"{"error":{"message":"openai/gpt-9 is not a valid model ID","code":400},"user_id":"user_1"}"#.into(),
            ErrorCode::ModelNotFound,
        ),
    ];
    for (status, body, code) in cases {
        let err = classify_http_error(&e, status, None, &body);
        assert_eq!(err.code, code, "HTTP {status} {body}");
    }

    let capacity = r#"{"error":{"message":"No capacity for openai/gpt-9","error_type":"capacity_exhausted","http_status":429,"availability":{"code":"capacity_exhausted","retryable":true,"retry_after":30,"requested_models":["openai/gpt-9"]}}}"#;
    let err = classify_http_error(&e, 429, None, capacity);
    assert_eq!(err.code, ErrorCode::RateLimited);
    assert!(err.retryable());
    assert_eq!(err.retry_after_ms, Some(30_000), "availability.retry_after");
    let err = classify_http_error(&e, 429, Some("5"), capacity);
    assert_eq!(err.retry_after_ms, Some(5_000), "the header wins");

    // The same shapes mid-stream, where no HTTP status is left to fall back on.
    let err = failure(&run(&openrouter_error_frame(
        r#"{"message":"No capacity left","availability":{"code":"capacity_exhausted","retryable":true,"retry_after":12}}"#,
    )));
    assert_eq!(err.code, ErrorCode::RateLimited);
    assert_eq!(err.retry_after_ms, Some(12_000));
    let err = failure(&run(&openrouter_error_frame(
        r#"{"message":"Key limit reached","http_status":402}"#,
    )));
    assert_eq!(err.code, ErrorCode::InsufficientCredits);
    let err = failure(&run(&openrouter_error_frame(
        r#"{"message":"Model gone","error_type":"model_deprecated"}"#,
    )));
    assert_eq!(err.code, ErrorCode::ModelNotFound);
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

/// A custom endpoint that names its key's header (Azure OpenAI's `api-key`) gets the key there,
/// as the whole value, and no `Authorization` header at all.
#[test]
fn a_custom_endpoint_gets_its_key_in_the_header_it_names() {
    let mut ep = Endpoint::new(
        ProviderKind::Compatible,
        "https://example.openai.azure.com/openai/v1",
        ApiKey::new("az-key-123"),
    )
    .with_name("azure");
    ep.key_header = Some("api-key".into());
    let built = build_chat_request(&ep, &request(Params::default()));
    let named: Vec<_> = built
        .http
        .headers
        .iter()
        .filter(|(k, _)| {
            k.eq_ignore_ascii_case("api-key") || k.eq_ignore_ascii_case("authorization")
        })
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(named, vec![("api-key", "az-key-123")]);
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
