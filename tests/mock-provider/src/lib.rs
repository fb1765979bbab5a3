//! The mock provider: a loopback HTTP server that speaks OpenRouter's API faithfully, with each
//! request's behaviour scripted by the model name. Test and demo infrastructure only.
//!
//! Model names: `mock/<preset>` or `mock/<preset>@key=value,key=value` where keys override the
//! preset (see [`Script`]). `GET /api/v1/models` lists every preset so the app can pick them.
//!
//! Timing is scheduled against absolute deadlines from the moment the request arrived, so the
//! injected TTFT and token rate do not drift with scheduling noise.

mod script;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio::time::{sleep_until, Instant};

pub use script::{word as script_word, Script, PRESETS};

#[derive(Default)]
struct Counters {
    requests: AtomicU64,
}

/// Serves until the listener's task is dropped.
pub async fn serve(listener: TcpListener) {
    let counters = Arc::new(Counters::default());
    let app = Router::new()
        .route("/api/v1/models", get(models))
        .route("/api/v1/chat/completions", post(chat))
        .route("/__mock/requests", get(request_count))
        .with_state(counters);
    axum::serve(listener, app)
        .await
        .expect("mock server failed");
}

/// Starts the mock on a free loopback port inside the current Tokio runtime; returns its base
/// URL in OpenRouter's form (`http://127.0.0.1:PORT/api/v1`).
pub async fn start() -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    tokio::spawn(serve(listener));
    format!("http://{addr}/api/v1")
}

async fn request_count(State(c): State<Arc<Counters>>) -> Json<Value> {
    Json(json!({"chat_completions": c.requests.load(Ordering::SeqCst)}))
}

async fn models() -> Json<Value> {
    let data: Vec<Value> = PRESETS
        .iter()
        .map(|(name, description, _)| {
            let s = Script::preset(name).expect("listed presets parse");
            json!({
                "id": format!("mock/{name}"),
                "canonical_slug": format!("mock/{name}"),
                "name": format!("Mock: {name}"),
                "created": 1_767_225_600,
                "description": description,
                "context_length": 32768,
                "architecture": {"modality": "text->text", "input_modalities": ["text"],
                                  "output_modalities": ["text"], "tokenizer": "Other", "instruct_type": null},
                "pricing": {"prompt": format!("{}", s.prompt_price), "completion": format!("{}", s.completion_price)},
                "top_provider": {"context_length": 32768, "max_completion_tokens": 4096, "is_moderated": false},
                "per_request_limits": null,
                "supported_parameters": ["max_tokens", "temperature", "stop", "seed"],
                "default_parameters": {},
                "supported_voices": null,
                "links": {"details": format!("/api/v1/models/mock/{name}/endpoints")}
            })
        })
        .collect();
    let n = data.len();
    Json(json!({"data": data, "total_count": n, "links": {"next": null}}))
}

fn error_body(status: u16, message: &str, extra: Value) -> Value {
    let mut err = json!({"code": status, "message": message});
    if let Value::Object(m) = extra {
        err["metadata"] = Value::Object(m);
    }
    json!({"error": err, "user_id": "user_mock"})
}

fn words_in(messages: &Value) -> u64 {
    messages
        .as_array()
        .map(|ms| {
            ms.iter()
                .filter_map(|m| m.get("content").and_then(Value::as_str))
                .map(|c| c.split_whitespace().count() as u64)
                .sum()
        })
        .unwrap_or(0)
}

async fn chat(State(c): State<Arc<Counters>>, headers: HeaderMap, body: Bytes) -> Response {
    let arrived = Instant::now();
    let n = c.requests.fetch_add(1, Ordering::SeqCst) + 1;
    let req: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            return (
                StatusCode::BAD_REQUEST,
                Json(error_body(
                    400,
                    &format!("invalid JSON body: {e}"),
                    Value::Null,
                )),
            )
                .into_response()
        }
    };
    let model = req
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let script = match Script::from_model(&model) {
        Ok(s) => s,
        Err(msg) => {
            return (
                StatusCode::BAD_REQUEST,
                Json(error_body(
                    400,
                    &msg,
                    json!({"error_type": "invalid_request"}),
                )),
            )
                .into_response()
        }
    };
    if script.require_key && headers.get("authorization").is_none() {
        return (
            StatusCode::UNAUTHORIZED,
            Json(error_body(
                401,
                "No cookie auth credentials found",
                Value::Null,
            )),
        )
            .into_response();
    }
    if script.slow_headers_ms > 0 {
        sleep_until(arrived + Duration::from_millis(script.slow_headers_ms)).await;
    }
    if let Some(status) = script.status {
        let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let (message, meta) = match status {
            401 => ("User not found.", Value::Null),
            402 => (
                "This request requires more credits, or fewer max_tokens.",
                json!({"provider_name": null}),
            ),
            404 => ("No endpoints found for this model.", Value::Null),
            429 => (
                "Provider returned error",
                json!({"raw": format!("{model} is temporarily rate-limited upstream. Please retry shortly."),
                       "provider_name": "MockCloud", "error_type": "rate_limit_exceeded"}),
            ),
            503 => (
                "No available provider meets your routing requirements",
                json!({"error_type": "provider_overloaded"}),
            ),
            _ => ("Internal Server Error", Value::Null),
        };
        let mut resp = (code, Json(error_body(status, message, meta))).into_response();
        if let Some(ra) = script.retry_after_s {
            resp.headers_mut()
                .insert("retry-after", HeaderValue::from(ra));
        }
        return resp;
    }

    let gen_id = format!("gen-{}-mock{:016}", 1_767_225_600 + n, n);
    let (tx, rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(64);
    let prompt_tokens = words_in(req.get("messages").unwrap_or(&Value::Null));
    tokio::spawn(stream_answer(
        script,
        model,
        gen_id.clone(),
        prompt_tokens,
        arrived,
        tx,
    ));
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    let mut resp = Response::new(Body::from_stream(stream));
    let h = resp.headers_mut();
    h.insert(
        "content-type",
        HeaderValue::from_static("text/event-stream"),
    );
    h.insert("cache-control", HeaderValue::from_static("no-cache"));
    h.insert(
        "x-generation-id",
        HeaderValue::from_str(&gen_id).expect("ascii id"),
    );
    resp
}

type Tx = mpsc::Sender<Result<Bytes, std::io::Error>>;

async fn send(tx: &Tx, s: String) -> bool {
    tx.send(Ok(Bytes::from(s))).await.is_ok()
}

fn chunk(gen_id: &str, model: &str, delta: Value, finish: Option<&str>) -> Value {
    json!({
        "id": gen_id, "object": "chat.completion.chunk", "created": 1_767_225_600,
        "model": model, "provider": "MockCloud",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "native_finish_reason": finish}]
    })
}

fn data(v: &Value) -> String {
    format!("data: {v}\n\n")
}

async fn stream_answer(
    s: Script,
    model: String,
    gen_id: String,
    prompt_tokens: u64,
    t0: Instant,
    tx: Tx,
) {
    // Keep-alive comments while "waiting for the upstream", as OpenRouter does: one at once,
    // then every 250 ms until the first token.
    let first_token_at = t0 + Duration::from_millis(s.ttft_ms);
    let mut next_comment = Instant::now();
    while next_comment < first_token_at {
        if !send(&tx, ": OPENROUTER PROCESSING\n\n".into()).await {
            return;
        }
        next_comment += Duration::from_millis(250);
        sleep_until(next_comment.min(first_token_at)).await;
    }
    if s.stall {
        // Hold the connection open and send nothing more.
        tokio::time::sleep(Duration::from_secs(3600)).await;
        return;
    }
    let gap = Duration::from_secs_f64(1.0 / s.tps.max(0.001));
    let mut at = first_token_at;
    for i in 0..s.reasoning_tokens {
        let d = json!({"role": "assistant", "content": "", "reasoning": format!("{} ", script::word(i as usize + 7))});
        if !send(&tx, data(&chunk(&gen_id, &model, d, None))).await {
            return;
        }
        at += gap;
        sleep_until(at).await;
    }
    for i in 0..s.tokens {
        if s.drop_after == Some(i) {
            let _ = tx
                .send(Err(std::io::Error::other("mock: connection dropped")))
                .await;
            return;
        }
        if s.malformed_after == Some(i) {
            let _ = send(&tx, "data: {\"id\": \"gen-broken\", \"choices\": [{\"delta\": {\"content\": \"oops\"\n\n".into()).await;
            return;
        }
        if s.fail_after == Some(i) {
            let err = json!({
                "id": gen_id, "object": "chat.completion.chunk", "created": 1_767_225_600, "model": model,
                "provider": "MockCloud",
                "error": {"code": 502, "message": "Upstream provider disconnected", "metadata": {"error_type": "provider_unavailable"}},
                "choices": [{"index": 0, "delta": {"content": ""}, "finish_reason": "error"}]
            });
            let _ = send(&tx, data(&err)).await;
            return;
        }
        let word = script::word(i as usize);
        let text = if i == 0 {
            word.to_owned()
        } else {
            format!(" {word}")
        };
        if !send(
            &tx,
            data(&chunk(
                &gen_id,
                &model,
                json!({"role": "assistant", "content": text}),
                None,
            )),
        )
        .await
        {
            return;
        }
        if i + 1 < s.tokens {
            at += gap;
            sleep_until(at).await;
        }
    }
    let finish = if s.max_tokens_hit { "length" } else { "stop" };
    if !send(
        &tx,
        data(&chunk(
            &gen_id,
            &model,
            json!({"role": "assistant", "content": ""}),
            Some(finish),
        )),
    )
    .await
    {
        return;
    }
    let completion_tokens = s.tokens + s.reasoning_tokens;
    let cost =
        prompt_tokens as f64 * s.prompt_price + completion_tokens as f64 * s.completion_price;
    let mut usage = json!({
        "prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens, "is_byok": false,
        "prompt_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0, "audio_tokens": 0, "video_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": s.reasoning_tokens, "image_tokens": 0, "audio_tokens": 0}
    });
    if s.report_cost {
        usage["cost"] = json!(cost);
        usage["cost_details"] = json!({"upstream_inference_cost": cost});
    }
    // OpenRouter's observed shape: the usage chunk repeats the choice and its finish reason.
    let mut last = chunk(
        &gen_id,
        &model,
        json!({"role": "assistant", "content": ""}),
        Some(finish),
    );
    last["usage"] = usage;
    if !send(&tx, data(&last)).await {
        return;
    }
    let _ = send(&tx, "data: [DONE]\n\n".into()).await;
}
