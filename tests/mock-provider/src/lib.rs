//! The mock provider: a loopback HTTP server that speaks the wire formats of OpenRouter, OpenAI,
//! a local OpenAI-compatible server, Anthropic, Gemini and Ollama, with each request's behaviour
//! scripted by the model name. Test and demo infrastructure only.
//!
//! Model names: `mock/<preset>` or `mock/<preset>@key=value,…` where keys override the preset
//! (see [`Script`] and the overrides listed in `script.rs`); `mock/custom@…` starts from the
//! defaults. Every model list serves the presets.
//!
//! Requests are validated as the real services do (`validate.rs`): a body the real service would
//! refuse (a missing `anthropic-version` or `max_tokens`, `max_tokens` to an OpenAI reasoning
//! model, a Gemini `generationConfig` key it does not know, an Ollama `think` it does not take…)
//! gets the real status and error shape. The mock only streams: a request that does not ask to
//! stream is refused, saying so. OpenAI's faces stream usage only with
//! `stream_options.include_usage`.
//!
//! Base URLs, for a mock at `http://127.0.0.1:PORT`:
//! OpenRouter `…/api/v1` · OpenAI `…/v1` · a local compatible server `…/local/v1` · Anthropic,
//! Gemini and Ollama `…`.
//! `GET /v1/models` answers in Anthropic's shape when the request carries `anthropic-version`.
//!
//! Timing is scheduled against absolute deadlines from the moment the request arrived, so the
//! injected TTFT and token rate do not drift with scheduling noise.

pub mod demo;
mod files;
mod format;
mod script;
mod validate;

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio::time::{sleep_until, Instant};

pub use format::Format;
pub use script::{
    refusal_word as script_refusal_word, thought as script_thought, word as script_word, Script,
    PRESETS,
};

/// What the mock remembers between requests.
/// Server-wide behaviour that is not per request.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Page `/api/v1/models` by this many entries even when the client asks for everything,
    /// with `links.next` to the following page (exercises the client's paging).
    pub models_page_size: Option<usize>,
    /// More OpenRouter catalog entries after the mock's own (`--catalog FILE`): a real-sized
    /// catalog for the app's pickers, palette and benchmarks. Listed only; asking one of them
    /// for an answer is a 404 like any unknown model.
    pub extra_models: Vec<Value>,
}

/// OpenRouter catalog entries from the UI's trimmed catalog (`ui/src/backend/fake-data/
/// catalog.json`: id, name, ctx, out, in_mod, p/c/cr/cw/r prices in USD per million, created),
/// in the shape `GET /api/v1/models` has (wire-formats §1.9: prices are strings per token).
pub fn catalog_entries(trimmed: &str) -> Result<Vec<Value>, String> {
    let rows: Vec<Value> = serde_json::from_str(trimmed).map_err(|e| e.to_string())?;
    let per_token = |v: &Value| {
        v.as_f64()
            .map_or(Value::Null, |m| json!(format!("{}", m / 1_000_000.0)))
    };
    Ok(rows
        .iter()
        .map(|r| {
            let mut pricing = json!({"prompt": per_token(&r["p"]), "completion": per_token(&r["c"])});
            for (k, f) in [("cr", "input_cache_read"), ("cw", "input_cache_write"), ("r", "internal_reasoning")] {
                if !r[k].is_null() {
                    pricing[f] = per_token(&r[k]);
                }
            }
            json!({
                "id": r["id"], "canonical_slug": r["id"], "name": r["name"], "created": r["created"],
                "description": "", "context_length": r["ctx"],
                "architecture": {"modality": "text->text", "input_modalities": r["in_mod"],
                                  "output_modalities": ["text"], "tokenizer": "Other", "instruct_type": null},
                "pricing": pricing,
                "top_provider": {"context_length": r["ctx"], "max_completion_tokens": r["out"], "is_moderated": false},
                "per_request_limits": null, "supported_parameters": ["max_tokens", "temperature"],
                "default_parameters": {}, "supported_voices": null
            })
        })
        .collect())
}

#[derive(Default)]
struct Mock {
    options: Options,
    requests: AtomicU64,
    /// Finished OpenRouter generations: id → (when it becomes visible, stats).
    generations: Mutex<HashMap<String, (Instant, Value)>>,
    /// Requests per model name, for tests of retries and fallbacks.
    per_model: Mutex<HashMap<String, u64>>,
    /// Chat requests as the wire saw them, for benchmarks (`GET /__mock/wire`).
    wire: Mutex<Vec<WireRecord>>,
    /// Catalog entries a test put in place of `options.extra_models` (`PUT /__mock/catalog`,
    /// OpenRouter's own `{"data": [...]}`): a real catalog, then one with a changed price.
    catalog: Mutex<Option<Vec<Value>>>,
}

impl Mock {
    /// The OpenRouter entries listed after the mock's own presets.
    fn extra_models(&self) -> Vec<Value> {
        self.catalog
            .lock()
            .unwrap()
            .clone()
            .unwrap_or_else(|| self.options.extra_models.clone())
    }
}

/// When a chat request arrived and when its first answer text left, on `CLOCK_MONOTONIC` in
/// nanoseconds: the clock every process on the machine shares, so a client (or a benchmark
/// timing one) can compare its own readings with the wire's.
#[derive(Debug, Clone, Default)]
struct WireRecord {
    /// The request's number since the mock started (survives a `DELETE` of the records).
    n: u64,
    model: String,
    /// The handler started: the request line, headers and body have been read.
    arrived_ns: u64,
    /// The chunk carrying the first answer text was handed to the connection to write; it is
    /// written to the socket in the same poll, before the mock's task yields.
    first_text_ns: Option<u64>,
}

/// `CLOCK_MONOTONIC` in nanoseconds (what Rust's `Instant` reads on Linux, as a number).
pub fn monotonic_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; CLOCK_MONOTONIC always exists on Linux.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

type Shared = Arc<Mock>;

/// Serves until the listener's task is dropped.
pub async fn serve(listener: TcpListener) {
    serve_with(listener, Options::default()).await
}

pub async fn serve_with(listener: TcpListener, options: Options) {
    let app = Router::new()
        .route("/api/v1/models", get(openrouter_models))
        .route(
            "/api/v1/chat/completions",
            post(|s, h, b| chat(Format::OpenRouter, s, h, b)),
        )
        .route("/api/v1/models/{*rest}", get(model_endpoints))
        .route("/api/v1/generation", get(generation))
        .route("/api/v1/key", get(key_info))
        .route("/v1/models", get(openai_or_anthropic_models))
        .route(
            "/v1/chat/completions",
            post(|s, h, b| chat(Format::OpenAi, s, h, b)),
        )
        // A local OpenAI-compatible server (llama.cpp, vLLM, LM Studio): OpenAI's wire format,
        // but reasoning streams in `reasoning_content` where OpenAI itself never shows it.
        .route("/local/v1/models", get(openai_or_anthropic_models))
        .route(
            "/local/v1/chat/completions",
            post(
                |State(m): State<Shared>, h: HeaderMap, b: Bytes| async move {
                    chat_for_model(Format::OpenAi, m, h, b, None, Server::Local).await
                },
            ),
        )
        // The demo provider (`demo.rs`): OpenRouter's face with the demo's own models.
        .route(
            "/demo/api/v1/models",
            get(|| async { Json(demo::models()) }),
        )
        .route(
            "/demo/api/v1/chat/completions",
            post(
                |State(m): State<Shared>, h: HeaderMap, b: Bytes| async move {
                    chat_for_model(Format::OpenRouter, m, h, b, None, Server::Demo).await
                },
            ),
        )
        .route(
            "/v1/messages",
            post(|s, h, b| chat(Format::Anthropic, s, h, b)),
        )
        .route("/v1beta/models", get(gemini_models))
        .route("/v1beta/models/{*rest}", post(gemini_chat))
        .route("/api/chat", post(|s, h, b| chat(Format::Ollama, s, h, b)))
        .route("/api/tags", get(ollama_tags))
        .route("/__mock/requests", get(request_count))
        .route("/__mock/wire", get(wire_records).delete(clear_wire_records))
        .route("/__mock/catalog", put(set_catalog).delete(clear_catalog))
        .with_state(Arc::new(Mock {
            options,
            ..Mock::default()
        }));
    axum::serve(listener, app)
        .await
        .expect("mock server failed");
}

/// Starts the mock on a free loopback port inside the current Tokio runtime; returns its base
/// URL in OpenRouter's form (`http://127.0.0.1:PORT/api/v1`).
pub async fn start() -> String {
    format!("{}/api/v1", start_root().await)
}

/// Like [`start`], returning the bare `http://127.0.0.1:PORT`.
pub async fn start_root() -> String {
    start_root_with(Options::default()).await
}

pub async fn start_root_with(options: Options) -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    tokio::spawn(serve_with(listener, options));
    format!("http://{addr}")
}

/// Starts the mock's binary (`bin`) as its own process — for benchmarks, so that its CPU time is
/// not the caller's — and returns it with its root URL (`http://127.0.0.1:PORT`). What it prints
/// afterwards is read and dropped, so it never writes into a closed pipe. Kill it when done.
pub fn spawn_process(bin: &str) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    let mut child = std::process::Command::new(bin)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("start the mock provider {bin}: {e}"));
    let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
    let mut first = String::new();
    stdout
        .read_line(&mut first)
        .expect("the mock prints its address");
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let root = first
        .trim()
        .strip_prefix("mock-provider listening on ")
        .unwrap_or_else(|| panic!("unexpected first line from the mock: {first:?}"))
        .to_owned();
    (child, root)
}

/// `GET /__mock/wire`: every chat request since the last `DELETE`, in arrival order:
/// `{"requests": [{"model", "arrived_ns", "first_text_ns"}]}` (`CLOCK_MONOTONIC` ns; `null`
/// when no answer text was sent).
async fn wire_records(State(m): State<Shared>) -> Json<Value> {
    let records: Vec<Value> = m
        .wire
        .lock()
        .unwrap()
        .iter()
        .map(|r| json!({"model": r.model, "arrived_ns": r.arrived_ns, "first_text_ns": r.first_text_ns}))
        .collect();
    Json(json!({ "requests": records }))
}

/// `PUT /__mock/catalog` with OpenRouter's `GET /api/v1/models` body (`{"data": [...]}`): those
/// entries are listed, as given, after the mock's own until `DELETE /__mock/catalog`.
async fn set_catalog(State(m): State<Shared>, Json(body): Json<Value>) -> StatusCode {
    let Some(data) = body["data"].as_array() else {
        return StatusCode::BAD_REQUEST;
    };
    *m.catalog.lock().unwrap() = Some(data.clone());
    StatusCode::NO_CONTENT
}

async fn clear_catalog(State(m): State<Shared>) -> StatusCode {
    *m.catalog.lock().unwrap() = None;
    StatusCode::NO_CONTENT
}

async fn clear_wire_records(State(m): State<Shared>) -> StatusCode {
    m.wire.lock().unwrap().clear();
    StatusCode::NO_CONTENT
}

async fn request_count(State(m): State<Shared>) -> Json<Value> {
    let per_model = m.per_model.lock().unwrap().clone();
    Json(json!({"chat_completions": m.requests.load(Ordering::SeqCst), "per_model": per_model}))
}

fn presets() -> impl Iterator<Item = (&'static str, &'static str, Script)> {
    PRESETS.iter().map(|(name, description, _)| {
        (
            *name,
            *description,
            Script::preset(name).expect("presets parse"),
        )
    })
}

/// A catalog entry's prices, USD per token as strings. Cache reads cost 10 % and cache writes
/// 125 % of the prompt price, as the mock bills them (`cached=`, `cache_write=`).
fn pricing(s: &Script) -> Value {
    let mut p = json!({"prompt": format!("{}", s.prompt_price), "completion": format!("{}", s.completion_price)});
    if s.prompt_price > 0.0 {
        p["input_cache_read"] = json!(format!("{}", s.prompt_price * 0.1));
        p["input_cache_write"] = json!(format!("{}", s.prompt_price * 1.25));
    }
    p
}

/// `GET /api/v1/models/{author}/{slug}/endpoints` (wire-formats §1.10), for every model the
/// OpenRouter face lists: two providers — "MockCloud" at the listed price (fp8, healthy) and
/// "Budget Host" at 80 % of it (int4, slower to start, faster to write, less available) — with
/// fixed health figures a test can check by hand. An unknown model is OpenRouter's 404.
async fn model_endpoints(State(m): State<Shared>, Path(rest): Path<String>) -> Response {
    let Some(model) = rest.strip_suffix("/endpoints") else {
        return format::error_response(Format::OpenRouter, 404, "Not Found", None);
    };
    let listed: Option<(Value, Value)> = presets()
        .find(|(name, _, _)| format!("mock/{name}") == model)
        .map(|(_, _, s)| (pricing(&s), json!(s.context_length)))
        .or_else(|| {
            m.extra_models()
                .into_iter()
                .find(|e| e["id"] == model)
                .map(|e| (e["pricing"].clone(), e["context_length"].clone()))
        });
    let Some((price, context)) = listed else {
        return format::error_response(
            Format::OpenRouter,
            404,
            &format!("No endpoints found for {model}."),
            None,
        );
    };
    let scaled = |k: &str, f: f64| {
        price[k]
            .as_str()
            .and_then(|v| v.parse::<f64>().ok())
            .map_or(Value::Null, |v| json!(format!("{}", v * f)))
    };
    let endpoint = |provider: &str, tag: &str, quant: &str, f: f64, health: Value| {
        let mut e = json!({
            "name": format!("{provider}: {model}"), "model_id": model, "provider_name": provider,
            "tag": tag, "quantization": quant, "context_length": context,
            "max_completion_tokens": 4096, "max_prompt_tokens": context,
            "pricing": {"prompt": scaled("prompt", f), "completion": scaled("completion", f), "request": "0"},
            "supported_parameters": ["max_tokens", "temperature", "top_p", "stop", "seed"],
            "status": 0, "supports_implicit_caching": false
        });
        for (k, v) in health.as_object().expect("an object") {
            e[k] = v.clone();
        }
        e
    };
    Json(json!({"data": {"id": model, "name": model, "endpoints": [
        endpoint("MockCloud", "mockcloud", "fp8", 1.0, json!({
            "uptime_last_5m": 100.0, "uptime_last_30m": 99.5, "uptime_last_1d": 99.8,
            "latency_last_30m": {"p50": 0.25, "p75": 0.35, "p90": 0.48, "p99": 0.85},
            "throughput_last_30m": {"p50": 45.2, "p75": 38.5, "p90": 28.3, "p99": 15.1}})),
        endpoint("Budget Host", "budget/turbo", "int4", 0.8, json!({
            "uptime_last_5m": 92.0, "uptime_last_30m": 95.0, "uptime_last_1d": 97.5,
            "latency_last_30m": {"p50": 0.9, "p75": 1.2, "p90": 1.6, "p99": 3.0},
            "throughput_last_30m": {"p50": 120.0, "p75": 100.0, "p90": 80.0, "p99": 40.0}})),
    ]}}))
    .into_response()
}

/// `GET /api/v1/models`, paged when `offset`/`limit` are given (as OpenRouter does).
async fn openrouter_models(
    State(m): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
) -> Json<Value> {
    let all: Vec<Value> = presets()
        .map(|(name, description, s)| {
            json!({
                "id": format!("mock/{name}"), "canonical_slug": format!("mock/{name}"),
                "name": format!("Mock: {name}"), "created": 1_767_225_600, "description": description,
                "context_length": s.context_length,
                "architecture": if s.vision {
                    json!({"modality": "text+image+file->text", "input_modalities": ["text", "image", "file"],
                           "output_modalities": ["text"], "tokenizer": "Other", "instruct_type": null})
                } else {
                    json!({"modality": "text->text", "input_modalities": ["text"],
                           "output_modalities": ["text"], "tokenizer": "Other", "instruct_type": null})
                },
                "pricing": pricing(&s),
                "top_provider": {"context_length": s.context_length, "max_completion_tokens": 4096, "is_moderated": false},
                "per_request_limits": null,
                "supported_parameters": ["max_tokens", "temperature", "top_p", "stop", "seed", "reasoning"],
                "default_parameters": {}, "supported_voices": null,
                "links": {"details": format!("/api/v1/models/mock/{name}/endpoints")}
            })
        })
        .chain(m.extra_models())
        .collect();
    let total = all.len();
    let offset: usize = q.get("offset").and_then(|v| v.parse().ok()).unwrap_or(0);
    let limit: Option<usize> = q.get("limit").and_then(|v| v.parse().ok());
    let limit = match (limit, m.options.models_page_size) {
        (Some(l), Some(p)) => Some(l.min(p)),
        (l, p) => l.or(p),
    };
    let (page, next) = match limit {
        None if offset == 0 => (all, Value::Null),
        _ => {
            let limit = limit.unwrap_or(total);
            let page: Vec<Value> = all.into_iter().skip(offset).take(limit).collect();
            let end = offset + page.len();
            let next = if end < total {
                json!(format!("/api/v1/models?offset={end}&limit={limit}"))
            } else {
                Value::Null
            };
            (page, next)
        }
    };
    Json(json!({"data": page, "total_count": total, "links": {"next": next}}))
}

async fn openai_or_anthropic_models(headers: HeaderMap) -> Json<Value> {
    if headers.contains_key("anthropic-version") {
        let data: Vec<Value> = presets()
            .map(|(name, _, _)| json!({"type": "model", "id": format!("mock/{name}"), "display_name": format!("Mock {name}"), "created_at": "2026-01-01T00:00:00Z"}))
            .collect();
        return Json(json!({"data": data, "has_more": false, "first_id": null, "last_id": null}));
    }
    let data: Vec<Value> = presets()
        .map(|(name, _, _)| json!({"id": format!("mock/{name}"), "object": "model", "created": 1_767_225_600, "owned_by": "mock"}))
        .collect();
    Json(json!({"object": "list", "data": data}))
}

async fn gemini_models() -> Json<Value> {
    let models: Vec<Value> = presets()
        .map(|(name, description, _)| json!({
            "name": format!("models/mock/{name}"), "displayName": format!("Mock {name}"), "description": description,
            "inputTokenLimit": 32768, "outputTokenLimit": 4096,
            "supportedGenerationMethods": ["generateContent", "countTokens"]
        }))
        .collect();
    Json(json!({"models": models}))
}

async fn ollama_tags() -> Json<Value> {
    let models: Vec<Value> = presets()
        .map(|(name, _, _)| json!({
            "name": format!("mock/{name}"), "model": format!("mock/{name}"),
            "modified_at": "2026-01-01T00:00:00Z", "size": 2019393189u64, "digest": "a80c4f",
            "details": {"format": "gguf", "family": "mock", "parameter_size": "3.2B", "quantization_level": "Q4_K_M"}
        }))
        .collect();
    Json(json!({"models": models}))
}

/// `GET /api/v1/generation?id=…`: 404 until a moment after the generation finished, as
/// OpenRouter does, then its stats.
async fn generation(State(m): State<Shared>, Query(q): Query<HashMap<String, String>>) -> Response {
    let id = q.get("id").cloned().unwrap_or_default();
    let found = m.generations.lock().unwrap().get(&id).cloned();
    match found {
        Some((visible_at, stats)) if Instant::now() >= visible_at => {
            Json(json!({"data": stats})).into_response()
        }
        _ => (
            StatusCode::NOT_FOUND,
            Json(json!({"error": {"code": 404, "message": format!("Generation {id} not found")}})),
        )
            .into_response(),
    }
}

/// The headers a key arrives in: OpenAI-style bearer, Anthropic's, Gemini's, Azure OpenAI's.
const KEY_HEADERS: [&str; 4] = ["authorization", "x-api-key", "x-goog-api-key", "api-key"];

async fn key_info(headers: HeaderMap) -> Response {
    if headers.get("authorization").is_none() {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": {"code": 401, "message": "No cookie auth credentials found"}})),
        )
            .into_response();
    }
    Json(json!({"data": {
        "label": "sk-or-v1-moc...key", "limit": 100, "limit_remaining": 74.5, "limit_reset": "monthly",
        "include_byok_in_limit": false, "usage": 25.5, "usage_daily": 1.25, "usage_weekly": 5.5, "usage_monthly": 25.5,
        "is_free_tier": false, "is_management_key": false, "is_provisioning_key": false, "expires_at": null
    }}))
    .into_response()
}

async fn gemini_chat(
    State(m): State<Shared>,
    Path(rest): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(model) = rest.strip_suffix(":streamGenerateContent") else {
        return format::error_response(
            Format::Gemini,
            404,
            &format!("Method not found: {rest}"),
            None,
        );
    };
    if let Err(r) = validate::check_gemini_query(query.as_deref()) {
        return r.into_response(Format::Gemini);
    }
    chat_for_model(
        Format::Gemini,
        m,
        headers,
        body,
        Some(model.to_owned()),
        Server::Cloud,
    )
    .await
}

async fn chat(
    format: Format,
    State(m): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    chat_for_model(format, m, headers, body, None, Server::Cloud).await
}

/// Which server a chat request reached, beyond its wire format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Server {
    /// The provider's own service.
    Cloud,
    /// A local OpenAI-compatible server.
    Local,
    /// The demo provider: its models are `demo.rs`'s.
    Demo,
}

async fn chat_for_model(
    format: Format,
    m: Shared,
    headers: HeaderMap,
    body: Bytes,
    path_model: Option<String>,
    server: Server,
) -> Response {
    let local = server == Server::Local;
    let arrived = Instant::now();
    let arrived_ns = monotonic_ns();
    let n = m.requests.fetch_add(1, Ordering::SeqCst) + 1;
    let face = validate::Face { format, local };
    let req: Value = match validate::parse_body(face, &body) {
        Ok(v) => v,
        Err(r) => return r.into_response(format),
    };
    let model = path_model.unwrap_or_else(|| {
        req.get("model")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    });
    *m.per_model
        .lock()
        .unwrap()
        .entry(model.clone())
        .or_default() += 1;
    m.wire.lock().unwrap().push(WireRecord {
        n,
        model: model.clone(),
        arrived_ns,
        first_text_ns: None,
    });
    let script = if server == Server::Demo {
        demo::script(&model).ok_or_else(|| format!("{model} is not a demo model"))
    } else {
        Script::from_model(&model)
    };
    let mut script = match script {
        Ok(s) => s,
        Err(msg) => return format::error_response(format, 404, &msg, None),
    };
    // Where each service reads its key (`api-key`: Azure OpenAI's, an OpenAI-compatible
    // server that wants its own header).
    let has_key = KEY_HEADERS.iter().any(|h| headers.contains_key(*h));
    if script.require_key && !has_key {
        return format::error_response(format, 401, "missing credentials", None);
    }
    if script.echo_key {
        let echoed: Vec<String> = KEY_HEADERS
            .iter()
            .filter_map(|h| Some(format!("{h}: {}", headers.get(*h)?.to_str().ok()?)))
            .collect();
        // The words are 'static (presets are constants); an echo is a test's rare request, so
        // its text is leaked rather than the script made to own its words.
        let text: &'static str =
            Box::leak(format!("the proxy saw {}", echoed.join(" and ")).into_boxed_str());
        script.words = Some(text.split(' ').collect());
    }
    // What the real service would refuse, it refuses here, before any scripted behaviour.
    if let Err(r) = validate::check(face, &headers, &req, &script) {
        return r.into_response(format);
    }
    // A model sent files says what it received (the words leak as an echo's do: a test's rare
    // request); each counts as 85 prompt tokens (OpenAI's price of a low-detail image).
    let files = match req.as_object().map(|b| files::check(face, b, &script)) {
        Some(Err(r)) => return r.into_response(format),
        Some(Ok(seen)) => seen,
        None => Vec::new(),
    };
    if !files.is_empty() {
        let text: &'static str = Box::leak(files::received(&files).into_boxed_str());
        let words: Vec<&'static str> = text.split(' ').collect();
        script.tokens = words.len() as u64;
        script.words = Some(words);
    }
    if script.slow_headers_ms > 0 {
        sleep_until(arrived + Duration::from_millis(script.slow_headers_ms)).await;
    }
    // `status=…` fails every request; `fail_first=N` fails the first N requests for this model,
    // then answers (for retry tests).
    let count = m
        .per_model
        .lock()
        .unwrap()
        .get(&model)
        .copied()
        .unwrap_or(1);
    let status = script.status.or(script
        .fail_first
        .filter(|(k, _)| count <= *k)
        .map(|(_, s)| s));
    if let Some(status) = status {
        // A proxy that echoes headers echoes them in its errors too (`echo_key=1`).
        let mut message = format::error_message(status, &model);
        if let (true, Some(words)) = (script.echo_key, &script.words) {
            message = format!("{message} ({})", words.join(" "));
        }
        return format::error_response(format, status, &message, script.retry_after_s);
    }

    let gen_id = format!("gen-{}-mock{:016}", 1_767_225_600 + n, n);
    let prompt_tokens = format::prompt_words(format, &req) + 85 * files.len() as u64;
    let (tx, rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(64);
    if !format::thinks(format, &req) {
        script.reasoning_tokens = 0;
    }
    let plan = format::Plan {
        format,
        local,
        reasoning_shown: local || format::reasoning_shown(format, &req, &script),
        include_usage: format::includes_usage(format, &req),
        script: script.clone(),
        model: script::served_id(&model).to_owned(),
        gen_id: gen_id.clone(),
        prompt_tokens,
        t0: arrived,
        first_text_chunk: Arc::new(AtomicU64::new(u64::MAX)),
    };
    let first_text_chunk = plan.first_text_chunk.clone();
    let mock = m.clone();
    tokio::spawn(async move {
        if let Some(stats) = plan.stream(&tx).await {
            // Visible to /generation a moment later, like OpenRouter's.
            let visible_at = Instant::now() + Duration::from_millis(500);
            mock.generations
                .lock()
                .unwrap()
                .insert(plan.gen_id.clone(), (visible_at, stats));
        }
    });
    // Stamps the moment the first answer text is handed to hyper, which writes it to the
    // socket in the same poll (the wire truth for benchmarks of time to first token).
    let wire = m.clone();
    let stream = futures_util::stream::unfold((rx, 0u64), move |(mut rx, i)| {
        let (wire, first_text_chunk) = (wire.clone(), first_text_chunk.clone());
        async move {
            let item = rx.recv().await?;
            if i == first_text_chunk.load(Ordering::SeqCst) {
                let at = monotonic_ns();
                if let Some(r) = wire
                    .wire
                    .lock()
                    .unwrap()
                    .iter_mut()
                    .rev()
                    .find(|r| r.n == n)
                {
                    r.first_text_ns = Some(at);
                }
            }
            Some((item, (rx, i + 1)))
        }
    });
    let body = if script.gzip {
        // A misbehaving server that compresses although we asked for identity.
        let mut all = Vec::new();
        let mut rx_stream = Box::pin(stream);
        while let Some(Ok(chunk)) = futures_util::StreamExt::next(&mut rx_stream).await {
            all.extend_from_slice(&chunk);
        }
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&all).expect("gzip in memory");
        Body::from(enc.finish().expect("gzip in memory"))
    } else {
        Body::from_stream(stream)
    };
    let mut resp = Response::new(body);
    let h = resp.headers_mut();
    h.insert(
        "content-type",
        HeaderValue::from_static(format.content_type()),
    );
    h.insert("cache-control", HeaderValue::from_static("no-cache"));
    if script.gzip {
        h.insert("content-encoding", HeaderValue::from_static("gzip"));
    }
    match format {
        Format::OpenRouter => {
            h.insert(
                "x-generation-id",
                HeaderValue::from_str(&gen_id).expect("ascii id"),
            );
        }
        Format::OpenAi => {
            h.insert(
                "x-request-id",
                HeaderValue::from_str(&format!("req_{n}")).expect("ascii"),
            );
        }
        Format::Anthropic => {
            h.insert(
                "request-id",
                HeaderValue::from_str(&format!("req_{n}")).expect("ascii"),
            );
        }
        _ => {}
    }
    resp
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// One raw HTTP/1.1 POST to the mock; returns the status and the body text.
    async fn post(root: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
        send(root, "POST", path, headers, body).await
    }

    async fn send(
        root: &str,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> (u16, String) {
        let addr = root.trim_start_matches("http://");
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        req.push_str(body);
        s.write_all(req.as_bytes()).await.unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).await.unwrap();
        let status = out[9..12].parse().unwrap();
        let body = out.split_once("\r\n\r\n").map_or("", |(_, b)| b).to_owned();
        (status, body)
    }

    /// A test puts a real catalog in place (OpenRouter's own body) and takes it away again; its
    /// models are listed after the presets and have providers.
    #[tokio::test]
    async fn a_catalog_put_in_place_is_listed_with_providers_until_deleted() {
        let root = super::start_root().await;
        let catalog = r#"{"data":[{"id":"acme/one","name":"Acme: One","context_length":8192,
            "pricing":{"prompt":"0.000001","completion":"0.000002"}}]}"#;
        assert_eq!(
            send(&root, "PUT", "/__mock/catalog", &[], catalog).await.0,
            204
        );
        let (_, listed) = send(&root, "GET", "/api/v1/models", &[], "").await;
        let ids: Vec<String> = serde_json::from_str::<serde_json::Value>(&listed).unwrap()["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(ids.last().map(String::as_str), Some("acme/one"));
        let (status, body) = send(&root, "GET", "/api/v1/models/acme/one/endpoints", &[], "").await;
        assert_eq!(status, 200, "{body}");
        // MockCloud at the listed price; Budget Host at 80 % of it: $0.000002 × 0.8 per token.
        assert!(body.contains(r#""completion":"0.0000016""#), "{body}");
        assert_eq!(
            send(&root, "PUT", "/__mock/catalog", &[], "{}").await.0,
            400,
            "not a catalog"
        );
        assert_eq!(
            send(&root, "DELETE", "/__mock/catalog", &[], "").await.0,
            204
        );
        let (_, listed) = send(&root, "GET", "/api/v1/models", &[], "").await;
        assert!(!listed.contains("acme/one"));
    }

    #[tokio::test]
    async fn the_server_refuses_what_the_real_service_refuses_before_any_script() {
        let root = super::start_root().await;
        let anthropic = r#"{"model":"mock/rate-limited","max_tokens":300,"stream":true,"messages":[{"role":"user","content":"Hi"}]}"#;
        let (status, body) = post(&root, "/v1/messages", &[], anthropic).await;
        assert_eq!(
            status, 400,
            "validation comes before the scripted 429: {body}"
        );
        assert!(
            body.contains("anthropic-version: header is required"),
            "{body}"
        );
        let (status, body) = post(
            &root,
            "/v1/messages",
            &[("anthropic-version", "2023-06-01")],
            &anthropic.replace("rate-limited", "fast@tokens=2,ttft=0"),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("message_stop"), "{body}");

        let gemini = r#"{"contents":[{"role":"user","parts":[{"text":"Hi"}]}],"generationConfig":{"max_tokens":5}}"#;
        let (status, body) = post(
            &root,
            "/v1beta/models/mock/fast:streamGenerateContent?alt=sse",
            &[],
            gemini,
        )
        .await;
        assert_eq!(status, 400, "{body}");
        assert!(body.contains("INVALID_ARGUMENT"), "{body}");
        let (status, _) = post(
            &root,
            "/v1beta/models/mock/fast:streamGenerateContent",
            &[],
            &gemini.replace("max_tokens", "maxOutputTokens"),
        )
        .await;
        assert_eq!(status, 400, "without alt=sse");

        let openai = r#"{"model":"mock/fast@reasoning_model=1","stream":true,"max_tokens":5,"messages":[{"role":"user","content":"Hi"}]}"#;
        let (status, body) = post(&root, "/v1/chat/completions", &[], openai).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.contains("unsupported_parameter"), "{body}");
        // The local face is a llama.cpp or vLLM: max_tokens is its word.
        let (status, _) = post(
            &root,
            "/local/v1/chat/completions",
            &[],
            &openai.replace("reasoning_model=1", "tokens=2,ttft=0"),
        )
        .await;
        assert_eq!(status, 200);
    }

    /// One raw HTTP/1.1 request without a body (GET, DELETE); returns the body text.
    async fn bodyless(root: &str, method: &str, path: &str) -> String {
        let addr = root.trim_start_matches("http://");
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        let req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
        s.write_all(req.as_bytes()).await.unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).await.unwrap();
        out.split_once("\r\n\r\n").map_or("", |(_, b)| b).to_owned()
    }

    #[tokio::test]
    async fn the_wire_record_says_when_each_request_arrived_and_its_first_text_left() {
        let root = super::start_root().await;
        let chat = |model: &str| {
            format!(
                r#"{{"model":"{model}","stream":true,"messages":[{{"role":"user","content":"Hi"}}]}}"#
            )
        };
        let (status, body) = post(
            &root,
            "/api/v1/chat/completions",
            &[],
            &chat("mock/custom@ttft=80,tokens=3"),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let (status, _) = post(
            &root,
            "/api/v1/chat/completions",
            &[],
            &chat("mock/custom@status=429"),
        )
        .await;
        assert_eq!(status, 429);
        let wire: serde_json::Value =
            serde_json::from_str(&bodyless(&root, "GET", "/__mock/wire").await).unwrap();
        let requests = wire["requests"].as_array().unwrap();
        assert_eq!(requests.len(), 2, "{wire}");
        assert_eq!(requests[0]["model"], "mock/custom@ttft=80,tokens=3");
        let arrived = requests[0]["arrived_ns"].as_u64().unwrap();
        let first = requests[0]["first_text_ns"]
            .as_u64()
            .expect("the answer's first text was stamped");
        // Scripted 80 ms to the first token: the first text cannot leave before that.
        assert!(
            first >= arrived + 80_000_000,
            "first text {first} vs arrival {arrived}"
        );
        // A monotonic clock shared with this process: the stamps are in our past.
        assert!(first <= super::monotonic_ns());
        assert!(
            requests[1]["first_text_ns"].is_null(),
            "a refused request sent no text: {wire}"
        );
        bodyless(&root, "DELETE", "/__mock/wire").await;
        let wire: serde_json::Value =
            serde_json::from_str(&bodyless(&root, "GET", "/__mock/wire").await).unwrap();
        assert_eq!(wire["requests"].as_array().unwrap().len(), 0, "cleared");
    }
}

#[cfg(test)]
mod catalog_tests {
    #[test]
    fn a_trimmed_catalog_row_becomes_an_openrouter_entry_with_per_token_prices() {
        let rows = r#"[{"id":"a/b","name":"A: B","ctx":8192,"out":4096,"in_mod":["text","image"],
                        "p":3,"c":15,"cr":0.3,"cw":null,"r":null,"created":1700000000}]"#;
        let e = &super::catalog_entries(rows).unwrap()[0];
        assert_eq!(e["id"], "a/b");
        // $3 and $15 per million tokens are 0.000003 and 0.000015 per token.
        assert_eq!(e["pricing"]["prompt"], "0.000003");
        assert_eq!(e["pricing"]["completion"], "0.000015");
        assert_eq!(e["pricing"]["input_cache_read"], "0.0000003");
        assert!(
            e["pricing"].get("input_cache_write").is_none(),
            "unknown stays absent"
        );
        assert_eq!(e["architecture"]["input_modalities"][1], "image");
        assert_eq!(e["top_provider"]["max_completion_tokens"], 4096);
    }
}
