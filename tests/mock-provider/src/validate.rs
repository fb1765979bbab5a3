//! Request validation: each face refuses what its real service refuses, with the real status,
//! error shape and (where known) words, so a request-building regression fails a test instead of
//! streaming happily. Keys are not checked here (tests run keyless; `require_key=1` covers auth).
//!
//! Where the mock is stricter than the real service, the message says so: it answers only
//! streaming requests, and Ollama's unknown `options` (which a real server ignores with a logged
//! warning, `invalid option provided`) are refused so that a misspelt option cannot pass unseen.

use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{Map, Value};

use crate::format::{self, ErrorDetail, Format};
use crate::script::Script;

/// A refused request: the status and what the provider says.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    pub status: u16,
    pub message: String,
    pub detail: ErrorDetail,
}

impl Rejection {
    pub(crate) fn bad(message: impl Into<String>) -> Self {
        Self::with_status(400, message)
    }

    pub(crate) fn with_status(status: u16, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            detail: ErrorDetail::default(),
        }
    }

    /// OpenAI's `param` and `code`.
    pub(crate) fn openai(mut self, param: Option<&str>, code: Option<&'static str>) -> Self {
        self.detail.param = param.map(str::to_owned);
        self.detail.code = code;
        self
    }

    /// Gemini's field violation.
    pub(crate) fn field(mut self, field: &str) -> Self {
        self.detail.field = Some(field.to_owned());
        self
    }

    pub fn into_response(self, format: Format) -> Response {
        format::error_response_with(format, self.status, &self.message, None, &self.detail)
    }
}

/// Which face a request came to: the wire format, and for OpenAI's format whether it is the
/// local compatible server (`/local/v1`), which checks only the basics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Face {
    pub format: Format,
    pub local: bool,
}

type Checked = Result<(), Rejection>;

const ONLY_STREAMING: &str = "the mock answers streaming requests only: set \"stream\": true";

/// Parses the body: it must be a JSON object.
pub fn parse_body(face: Face, body: &[u8]) -> Result<Value, Rejection> {
    let parsed: Result<Value, _> = serde_json::from_slice(body);
    match (face.format, parsed) {
        (_, Ok(v)) if v.is_object() => Ok(v),
        (Format::OpenAi, _) => Err(Rejection::bad(
            "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
        )),
        (Format::Anthropic, _) => Err(Rejection::bad(
            "There was an error parsing the body of your request: the body must be a JSON object",
        )),
        (Format::Gemini, _) => {
            Err(Rejection::bad("Invalid JSON payload received. Expected an object.").field(""))
        }
        (Format::Ollama, Ok(v)) => Err(Rejection::bad(format!(
            "json: cannot unmarshal {} into Go value of type api.ChatRequest",
            json_kind(&v)
        ))),
        (Format::Ollama, Err(e)) => Err(Rejection::bad(format!("invalid JSON: {e}"))),
        (Format::OpenRouter, _) => Err(Rejection::bad(
            "Invalid JSON body: the request body must be a JSON object",
        )),
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Gemini streams as SSE only with `alt=sse`; without it the real service sends one JSON array
/// delivered piecemeal, which the mock does not speak.
pub fn check_gemini_query(query: Option<&str>) -> Checked {
    let sse = query.unwrap_or("").split('&').any(|kv| kv == "alt=sse");
    if sse {
        Ok(())
    } else {
        Err(Rejection::bad(
            "the mock streams Gemini answers as SSE only: add ?alt=sse to :streamGenerateContent",
        ))
    }
}

/// Checks a parsed body (and headers) as the face's real service would.
pub fn check(face: Face, headers: &HeaderMap, req: &Value, script: &Script) -> Checked {
    let Some(body) = req.as_object() else {
        return Err(Rejection::bad("the body must be a JSON object"));
    };
    match face.format {
        Format::OpenRouter => {
            chat_basics(face, body)?;
            openrouter(body)
        }
        Format::OpenAi if face.local => chat_basics(face, body),
        Format::OpenAi => {
            openai_unknown_fields(body)?;
            chat_basics(face, body)?;
            openai(body, script)
        }
        Format::Anthropic => anthropic(headers, body),
        Format::Gemini => gemini(body),
        Format::Ollama => ollama(body),
    }
}

// ---- OpenAI's chat completions (OpenRouter, OpenAI, local servers) ----

const OPENAI_ROLES: &[&str] = &[
    "system",
    "assistant",
    "user",
    "function",
    "tool",
    "developer",
];

/// `stream`, `messages` and their roles, in each OpenAI-style face's words.
fn chat_basics(face: Face, body: &Map<String, Value>) -> Checked {
    let openai = face.format == Format::OpenAi;
    if body.get("stream").and_then(Value::as_bool) != Some(true) {
        return Err(Rejection::bad(ONLY_STREAMING).openai(Some("stream"), None));
    }
    let messages = match body.get("messages") {
        None if openai => {
            return Err(Rejection::bad("Missing required parameter: 'messages'.")
                .openai(Some("messages"), Some("missing_required_parameter")))
        }
        None => {
            return Err(Rejection::bad(
                "Input required: specify \"prompt\" or \"messages\"",
            ))
        }
        Some(Value::Array(ms)) => ms,
        Some(other) => {
            return Err(Rejection::bad(format!(
                "Invalid type for 'messages': expected an array, but got {} instead.",
                json_kind(other)
            ))
            .openai(Some("messages"), Some("invalid_type")))
        }
    };
    if messages.is_empty() {
        return Err(Rejection::bad(
            "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
        )
        .openai(Some("messages"), Some("empty_array")));
    }
    for (i, m) in messages.iter().enumerate() {
        let role = m.get("role").and_then(Value::as_str);
        match role {
            Some(r) if OPENAI_ROLES.contains(&r) => {}
            Some(r) => {
                return Err(Rejection::bad(format!(
                    "Invalid value: '{r}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'."
                ))
                .openai(Some(&format!("messages[{i}].role")), Some("invalid_value")))
            }
            None => {
                return Err(Rejection::bad(format!(
                    "Missing required parameter: 'messages[{i}].role'."
                ))
                .openai(
                    Some(&format!("messages[{i}].role")),
                    Some("missing_required_parameter"),
                ))
            }
        }
    }
    Ok(())
}

/// OpenAI's chat completions parameters; anything else is "Unrecognized request argument".
const OPENAI_FIELDS: &[&str] = &[
    "model",
    "messages",
    "stream",
    "stream_options",
    "max_tokens",
    "max_completion_tokens",
    "temperature",
    "top_p",
    "n",
    "stop",
    "presence_penalty",
    "frequency_penalty",
    "logit_bias",
    "logprobs",
    "top_logprobs",
    "user",
    "safety_identifier",
    "prompt_cache_key",
    "prompt_cache_retention",
    "seed",
    "tools",
    "tool_choice",
    "parallel_tool_calls",
    "functions",
    "function_call",
    "response_format",
    "reasoning_effort",
    "verbosity",
    "service_tier",
    "store",
    "metadata",
    "modalities",
    "audio",
    "prediction",
    "web_search_options",
];

fn openai_unknown_fields(body: &Map<String, Value>) -> Checked {
    match body.keys().find(|k| !OPENAI_FIELDS.contains(&k.as_str())) {
        Some(k) => Err(Rejection::bad(format!(
            "Unrecognized request argument supplied: {k}"
        ))),
        None => Ok(()),
    }
}

/// OpenAI proper: reasoning models (o-series, gpt-5; `reasoning_model=1` on a mock model) take
/// `max_completion_tokens` and only the default sampling; `reasoning_effort` has four values.
fn openai(body: &Map<String, Value>, script: &Script) -> Checked {
    if script.reasoning_model {
        if body.contains_key("max_tokens") {
            return Err(Rejection::bad(
                "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
            )
            .openai(Some("max_tokens"), Some("unsupported_parameter")));
        }
        for name in ["temperature", "top_p"] {
            match body.get(name) {
                None | Some(Value::Null) => {}
                Some(v) if v.as_f64() == Some(1.0) => {}
                Some(v) => {
                    return Err(Rejection::bad(format!(
                        "Unsupported value: '{name}' does not support {v} with this model. Only the default (1) value is supported."
                    ))
                    .openai(Some(name), Some("unsupported_value")))
                }
            }
        }
    }
    if let Some(effort) = body.get("reasoning_effort").filter(|v| !v.is_null()) {
        if !matches!(effort.as_str(), Some("minimal" | "low" | "medium" | "high")) {
            let shown = effort.as_str().map_or(effort.to_string(), str::to_owned);
            return Err(Rejection::bad(format!(
                "Invalid value: '{shown}'. Supported values are: 'minimal', 'low', 'medium', and 'high'."
            ))
            .openai(Some("reasoning_effort"), Some("invalid_value")));
        }
    }
    Ok(())
}

// ---- OpenRouter ----

const OPENROUTER_EFFORTS: &[&str] = &["max", "xhigh", "high", "medium", "low", "minimal", "none"];
const OPENROUTER_SORTS: &[&str] = &["price", "throughput", "latency", "exacto"];

fn one_of(field: &str, allowed: &[&str]) -> String {
    let list: Vec<String> = allowed.iter().map(|a| format!("\"{a}\"")).collect();
    format!(
        "{field}: Invalid option: expected one of {}",
        list.join("|")
    )
}

fn strings(v: &Value) -> bool {
    v.as_array().is_some_and(|a| a.iter().all(Value::is_string))
}

/// OpenRouter's own fields (WF §1.2): `reasoning`, `reasoning_effort`, `provider`, `models`.
fn openrouter(body: &Map<String, Value>) -> Checked {
    let effort_ok = |v: &Value| v.as_str().is_some_and(|e| OPENROUTER_EFFORTS.contains(&e));
    if let Some(r) = body.get("reasoning").filter(|v| !v.is_null()) {
        let Some(r) = r.as_object() else {
            return Err(Rejection::bad("reasoning: Invalid input: expected object"));
        };
        if let Some(e) = r.get("effort").filter(|v| !v.is_null()) {
            if !effort_ok(e) {
                return Err(Rejection::bad(one_of(
                    "reasoning.effort",
                    OPENROUTER_EFFORTS,
                )));
            }
        }
        if let Some(m) = r.get("max_tokens").filter(|v| !v.is_null()) {
            if m.as_u64().is_none() {
                return Err(Rejection::bad(
                    "reasoning.max_tokens: Invalid input: expected a non-negative integer",
                ));
            }
        }
        for flag in ["exclude", "enabled"] {
            if r.get(flag).is_some_and(|v| !v.is_boolean() && !v.is_null()) {
                return Err(Rejection::bad(format!(
                    "reasoning.{flag}: Invalid input: expected boolean"
                )));
            }
        }
    }
    if let Some(e) = body.get("reasoning_effort").filter(|v| !v.is_null()) {
        if !effort_ok(e) {
            return Err(Rejection::bad(one_of(
                "reasoning_effort",
                OPENROUTER_EFFORTS,
            )));
        }
    }
    if let Some(p) = body.get("provider").filter(|v| !v.is_null()) {
        let Some(p) = p.as_object() else {
            return Err(Rejection::bad("provider: Invalid input: expected object"));
        };
        // `sort` is a word, or `{by, partition}` (WF §1.2).
        match p.get("sort") {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if OPENROUTER_SORTS.contains(&s.as_str()) => {}
            Some(Value::Object(o))
                if o.get("by")
                    .and_then(Value::as_str)
                    .is_some_and(|b| OPENROUTER_SORTS.contains(&b))
                    && o.get("partition")
                        .is_none_or(|v| matches!(v.as_str(), Some("model" | "none"))) => {}
            Some(_) => return Err(Rejection::bad(one_of("provider.sort", OPENROUTER_SORTS))),
        }
        if let Some(d) = p.get("data_collection").filter(|v| !v.is_null()) {
            if !matches!(d.as_str(), Some("allow" | "deny")) {
                return Err(Rejection::bad(one_of(
                    "provider.data_collection",
                    &["allow", "deny"],
                )));
            }
        }
        for list in ["order", "only", "ignore", "quantizations"] {
            if p.get(list).is_some_and(|v| !v.is_null() && !strings(v)) {
                return Err(Rejection::bad(format!(
                    "provider.{list}: Invalid input: expected array of strings"
                )));
            }
        }
    }
    if let Some(m) = body.get("models").filter(|v| !v.is_null()) {
        if !strings(m) {
            return Err(Rejection::bad(
                "models: Invalid input: expected array of strings",
            ));
        }
    }
    Ok(())
}

// ---- Anthropic ----

/// The Messages API's top-level fields; anything else is "Extra inputs are not permitted".
const ANTHROPIC_FIELDS: &[&str] = &[
    "model",
    "messages",
    "max_tokens",
    "system",
    "metadata",
    "stop_sequences",
    "stream",
    "temperature",
    "top_p",
    "top_k",
    "tools",
    "tool_choice",
    "thinking",
    "service_tier",
    "container",
    "mcp_servers",
    "context_management",
    "output_config",
    "output_format",
    "inference_geo",
];

const THINKING_DOCS: &str =
    "Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking";

fn anthropic(headers: &HeaderMap, body: &Map<String, Value>) -> Checked {
    if !headers.contains_key("anthropic-version") {
        return Err(Rejection::bad("anthropic-version: header is required"));
    }
    if let Some(k) = body
        .keys()
        .find(|k| !ANTHROPIC_FIELDS.contains(&k.as_str()))
    {
        return Err(Rejection::bad(format!(
            "{k}: Extra inputs are not permitted"
        )));
    }
    for required in ["model", "max_tokens", "messages"] {
        if !body.contains_key(required) {
            return Err(Rejection::bad(format!("{required}: Field required")));
        }
    }
    let max_tokens = match body.get("max_tokens").and_then(Value::as_u64) {
        Some(n) if n >= 1 => n,
        _ => {
            return Err(Rejection::bad(
                "max_tokens: Input should be a valid integer greater than or equal to 1",
            ))
        }
    };
    let Some(messages) = body.get("messages").and_then(Value::as_array) else {
        return Err(Rejection::bad("messages: Input should be a valid list"));
    };
    if messages.is_empty() {
        return Err(Rejection::bad(
            "messages: List should have at least 1 item after validation, not 0",
        ));
    }
    for (i, m) in messages.iter().enumerate() {
        match m.get("role").and_then(Value::as_str) {
            Some("user" | "assistant") => {}
            Some("system") => {
                return Err(Rejection::bad(
                    "messages: Unexpected role \"system\". The Messages API accepts a top-level `system` parameter, not \"system\" as an input message role.",
                ))
            }
            Some(_) => {
                return Err(Rejection::bad(format!(
                    "messages.{i}.role: Input should be 'user' or 'assistant'"
                )))
            }
            None => return Err(Rejection::bad(format!("messages.{i}.role: Field required"))),
        }
    }
    if body.get("stream").and_then(Value::as_bool) != Some(true) {
        return Err(Rejection::bad(ONLY_STREAMING));
    }
    let thinking = match body.get("thinking") {
        None | Some(Value::Null) => false,
        Some(t) => match t.get("type").and_then(Value::as_str) {
            Some("disabled") => false,
            Some("enabled") => {
                let budget = match t.get("budget_tokens") {
                    None => {
                        return Err(Rejection::bad(
                            "thinking.enabled.budget_tokens: Field required",
                        ))
                    }
                    Some(b) => b.as_u64().ok_or_else(|| {
                        Rejection::bad(
                            "thinking.enabled.budget_tokens: Input should be a valid integer",
                        )
                    })?,
                };
                if budget < 1024 {
                    return Err(Rejection::bad(
                        "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024",
                    ));
                }
                if budget >= max_tokens {
                    return Err(Rejection::bad(format!(
                        "`max_tokens` must be greater than `thinking.budget_tokens`. {THINKING_DOCS}#max-tokens-and-context-window-size"
                    )));
                }
                true
            }
            other => {
                return Err(Rejection::bad(format!(
                    "thinking: Input tag '{}' found using 'type' does not match any of the expected tags: 'disabled', 'enabled'",
                    other.unwrap_or("")
                )))
            }
        },
    };
    if thinking {
        let number = |k: &str| body.get(k).filter(|v| !v.is_null());
        if number("temperature").is_some_and(|t| t.as_f64() != Some(1.0)) {
            return Err(Rejection::bad(format!(
                "`temperature` may only be set to 1 when thinking is enabled. {THINKING_DOCS}#feature-compatibility"
            )));
        }
        if number("top_p").is_some_and(|p| !p.as_f64().is_some_and(|p| (0.95..=1.0).contains(&p))) {
            return Err(Rejection::bad(format!(
                "`top_p` must be greater than or equal to 0.95 or unset when thinking is enabled. {THINKING_DOCS}#feature-compatibility"
            )));
        }
        if number("top_k").is_some() {
            return Err(Rejection::bad(format!(
                "`top_k` must be unset when thinking is enabled. {THINKING_DOCS}#feature-compatibility"
            )));
        }
    }
    Ok(())
}

// ---- Gemini ----

/// Fields of `GenerateContentRequest` (camelCase as documented; proto JSON also takes the
/// snake_case names).
const GEMINI_FIELDS: &[&str] = &[
    "model",
    "contents",
    "systemInstruction",
    "generationConfig",
    "safetySettings",
    "tools",
    "toolConfig",
    "cachedContent",
];

const GEMINI_GENERATION_CONFIG: &[&str] = &[
    "temperature",
    "topP",
    "topK",
    "maxOutputTokens",
    "stopSequences",
    "candidateCount",
    "seed",
    "presencePenalty",
    "frequencyPenalty",
    "responseMimeType",
    "responseSchema",
    "responseJsonSchema",
    "responseModalities",
    "responseLogprobs",
    "logprobs",
    "thinkingConfig",
    "speechConfig",
    "imageConfig",
    "mediaResolution",
    "enableEnhancedCivicAnswers",
];

const GEMINI_THINKING_CONFIG: &[&str] = &["thinkingBudget", "includeThoughts", "thinkingLevel"];

fn snake(camel: &str) -> String {
    let mut out = String::new();
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The known name `key` stands for (camelCase or snake_case), if any.
fn gemini_known<'a>(known: &[&'a str], key: &str) -> Option<&'a str> {
    known
        .iter()
        .find(|k| **k == key || snake(k) == key)
        .copied()
}

/// The value of a known field under either of its names.
fn gemini_get<'a>(o: &'a Map<String, Value>, camel: &str) -> Option<&'a Value> {
    o.get(camel).or_else(|| o.get(&snake(camel)))
}

fn gemini_unknown(key: &str, at: Option<&str>) -> Rejection {
    match at {
        Some(at) => Rejection::bad(format!(
            "Invalid JSON payload received. Unknown name \"{key}\" at '{at}': Cannot find field."
        ))
        .field(at),
        None => Rejection::bad(format!(
            "Invalid JSON payload received. Unknown name \"{key}\": Cannot find field."
        ))
        .field(""),
    }
}

fn gemini(body: &Map<String, Value>) -> Checked {
    if let Some(k) = body
        .keys()
        .find(|k| gemini_known(GEMINI_FIELDS, k).is_none())
    {
        return Err(gemini_unknown(k, None));
    }
    let contents = gemini_get(body, "contents")
        .and_then(Value::as_array)
        .filter(|c| !c.is_empty())
        .ok_or_else(|| {
            Rejection::bad("* GenerateContentRequest.contents: contents is not specified\n")
                .field("contents")
        })?;
    for c in contents {
        match c.get("role") {
            None => {}
            Some(r) if matches!(r.as_str(), Some("user" | "model")) => {}
            Some(_) => return Err(Rejection::bad("Please use a valid role: user, model.")),
        }
    }
    let Some(config) = gemini_get(body, "generationConfig").filter(|v| !v.is_null()) else {
        return Ok(());
    };
    let Some(config) = config.as_object() else {
        return Err(Rejection::bad(
            "Invalid JSON payload received. Unknown name \"generation_config\": Proto field is not repeating, cannot start list.",
        )
        .field("generation_config"));
    };
    if let Some(k) = config
        .keys()
        .find(|k| gemini_known(GEMINI_GENERATION_CONFIG, k).is_none())
    {
        return Err(gemini_unknown(k, Some("generation_config")));
    }
    let Some(thinking) = gemini_get(config, "thinkingConfig").and_then(Value::as_object) else {
        return Ok(());
    };
    let at = "generation_config.thinking_config";
    if let Some(k) = thinking
        .keys()
        .find(|k| gemini_known(GEMINI_THINKING_CONFIG, k).is_none())
    {
        return Err(gemini_unknown(k, Some(at)));
    }
    if let Some(b) = gemini_get(thinking, "thinkingBudget").filter(|v| !v.is_null()) {
        let field = format!("{at}.thinking_budget");
        let Some(n) = b.as_i64() else {
            return Err(
                Rejection::bad(format!("Invalid value at '{field}' (TYPE_INT32), {b}"))
                    .field(&field),
            );
        };
        if n < -1 {
            return Err(Rejection::bad(format!(
                "Invalid value at '{field}': the thinking budget is -1 (dynamic) or a number of tokens >= 0, got {n}"
            ))
            .field(&field));
        }
    }
    Ok(())
}

// ---- Ollama ----

/// `api.Options` in Ollama's source (2026): the runner's and the sampler's settings.
const OLLAMA_OPTIONS: &[&str] = &[
    "num_keep",
    "seed",
    "num_predict",
    "top_k",
    "top_p",
    "min_p",
    "typical_p",
    "repeat_last_n",
    "temperature",
    "repeat_penalty",
    "presence_penalty",
    "frequency_penalty",
    "stop",
    "num_ctx",
    "num_batch",
    "num_gpu",
    "main_gpu",
    "use_mmap",
    "num_thread",
];

const OLLAMA_ROLES: &[&str] = &["system", "user", "assistant", "tool"];

fn ollama(body: &Map<String, Value>) -> Checked {
    // Ollama streams unless told not to.
    if body.get("stream").and_then(Value::as_bool) == Some(false) {
        return Err(Rejection::bad(ONLY_STREAMING));
    }
    // An empty list loads the model and answers `done_reason: "load"`; the mock has no models
    // to load.
    let messages = body
        .get("messages")
        .and_then(Value::as_array)
        .filter(|m| !m.is_empty())
        .ok_or_else(|| {
            Rejection::bad(
                "the mock needs at least one message (an empty list only loads the model)",
            )
        })?;
    for m in messages {
        let role = m.get("role").and_then(Value::as_str).unwrap_or("");
        if !OLLAMA_ROLES.contains(&role) {
            return Err(Rejection::bad(format!(
                "invalid role {role:?}: must be \"system\", \"user\", \"assistant\" or \"tool\""
            )));
        }
    }
    const THINK: &str = "(must be \"high\", \"medium\", \"low\", \"max\", true, or false)";
    match body.get("think") {
        None | Some(Value::Null) | Some(Value::Bool(_)) => {}
        Some(Value::String(s)) if matches!(s.as_str(), "high" | "medium" | "low" | "max") => {}
        Some(Value::String(s)) => {
            return Err(Rejection::bad(format!(
                "invalid think value: {s:?} {THINK}"
            )))
        }
        Some(_) => {
            return Err(Rejection::bad(format!(
                "think must be a boolean or string {THINK}"
            )))
        }
    }
    if let Some(options) = body.get("options").filter(|v| !v.is_null()) {
        let Some(options) = options.as_object() else {
            return Err(Rejection::bad(
                "json: cannot unmarshal into Go struct field ChatRequest.options of type map[string]interface {}",
            ));
        };
        if let Some(k) = options
            .keys()
            .find(|k| !OLLAMA_OPTIONS.contains(&k.as_str()))
        {
            return Err(Rejection::bad(format!(
                "invalid option provided: {k:?} (a real Ollama ignores it with a logged warning; the mock refuses it so it cannot pass unseen)"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn face(format: Format) -> Face {
        Face {
            format,
            local: false,
        }
    }

    fn anthropic_headers() -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("anthropic-version", "2023-06-01".parse().unwrap());
        h
    }

    /// Checks `req` on `format` with a plain script and the usual headers.
    fn on(format: Format, req: Value) -> Checked {
        on_with(face(format), req, &Script::default())
    }

    fn on_with(face: Face, req: Value, script: &Script) -> Checked {
        let headers = if face.format == Format::Anthropic {
            anthropic_headers()
        } else {
            HeaderMap::new()
        };
        check(face, &headers, &req, script)
    }

    /// The response a rejection becomes: its status and JSON body.
    async fn body_of(format: Format, r: Rejection) -> (u16, Value) {
        let resp = r.into_response(format);
        let status = resp.status().as_u16();
        let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
            .await
            .unwrap();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    fn reasoning_model() -> Script {
        Script {
            reasoning_model: true,
            ..Script::default()
        }
    }

    fn chat(extra: Value) -> Value {
        let mut v = json!({"model": "mock/fast", "stream": true,
            "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]});
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        v
    }

    fn anthropic_req(extra: Value) -> Value {
        let mut v = json!({"model": "mock/fast", "max_tokens": 300, "stream": true, "system": "Be brief.",
            "messages": [{"role": "user", "content": "Hi"}]});
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        v
    }

    fn gemini_req(config: Value) -> Value {
        json!({"contents": [{"role": "user", "parts": [{"text": "Hi"}]}],
               "systemInstruction": {"parts": [{"text": "Be brief."}]},
               "generationConfig": config})
    }

    fn ollama_req(extra: Value) -> Value {
        let mut v = json!({"model": "mock/fast", "stream": true,
            "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]});
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        v
    }

    #[tokio::test]
    async fn bodies_must_be_json_objects_in_every_face() {
        for format in [
            Format::OpenRouter,
            Format::OpenAi,
            Format::Anthropic,
            Format::Gemini,
            Format::Ollama,
        ] {
            for bad in [&b"[1, 2]"[..], b"{not json", b"\"text\""] {
                let r = parse_body(face(format), bad).unwrap_err();
                assert_eq!(r.status, 400, "{format:?}");
            }
            assert!(parse_body(face(format), b"{\"a\": 1}").is_ok());
        }
        let (_, b) = body_of(
            Format::Ollama,
            parse_body(face(Format::Ollama), b"[]").unwrap_err(),
        )
        .await;
        assert_eq!(
            b,
            json!({"error": "json: cannot unmarshal array into Go value of type api.ChatRequest"})
        );
    }

    #[tokio::test]
    async fn every_face_streams_only() {
        for (format, req) in [
            (Format::OpenRouter, chat(json!({"stream": false}))),
            (Format::OpenAi, chat(json!({"stream": false}))),
            (Format::Anthropic, anthropic_req(json!({"stream": false}))),
            (Format::Ollama, ollama_req(json!({"stream": false}))),
        ] {
            let r = on(format, req).unwrap_err();
            assert!(r.message.contains("streaming requests only"), "{format:?}");
        }
        // Absent: OpenAI-style and Anthropic answer in one piece, which the mock does not do;
        // Ollama streams by default.
        let mut no_stream = chat(json!({}));
        no_stream.as_object_mut().unwrap().remove("stream");
        assert!(on(Format::OpenAi, no_stream.clone()).is_err());
        assert!(on(Format::Ollama, no_stream).is_ok());
        // Gemini streams by path and query.
        assert!(check_gemini_query(Some("alt=sse")).is_ok());
        assert!(check_gemini_query(Some("key=x&alt=sse")).is_ok());
        let (status, b) = body_of(Format::Gemini, check_gemini_query(None).unwrap_err()).await;
        assert_eq!(
            (status, b["error"]["status"].as_str()),
            (400, Some("INVALID_ARGUMENT"))
        );
    }

    #[tokio::test]
    async fn openai_style_messages_must_be_there_with_valid_roles() {
        for format in [Format::OpenRouter, Format::OpenAi] {
            assert!(on(format, chat(json!({}))).is_ok());
            assert!(on(format, chat(json!({"messages": []}))).is_err());
            assert!(on(
                format,
                chat(json!({"messages": [{"role": "model", "content": "x"}]}))
            )
            .is_err());
            assert!(on(
                format,
                chat(json!({"messages": [{"role": "developer", "content": "x"}]}))
            )
            .is_ok());
        }
        let local = Face {
            format: Format::OpenAi,
            local: true,
        };
        assert!(on_with(local, chat(json!({"messages": []})), &Script::default()).is_err());
        let (status, b) = body_of(
            Format::OpenAi,
            on(
                Format::OpenAi,
                chat(json!({"messages": [{"role": "bot", "content": "x"}]})),
            )
            .unwrap_err(),
        )
        .await;
        assert_eq!(status, 400);
        assert_eq!(
            b,
            json!({"error": {"message": "Invalid value: 'bot'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.",
                             "type": "invalid_request_error", "param": "messages[0].role", "code": "invalid_value"}})
        );
    }

    #[tokio::test]
    async fn openai_reasoning_models_reject_max_tokens_and_sampling() {
        let r = on_with(
            face(Format::OpenAi),
            chat(json!({"max_tokens": 300})),
            &reasoning_model(),
        )
        .unwrap_err();
        let (status, b) = body_of(Format::OpenAi, r).await;
        assert_eq!(status, 400);
        assert_eq!(
            b,
            json!({"error": {"message": "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
                             "type": "invalid_request_error", "param": "max_tokens", "code": "unsupported_parameter"}})
        );
        let ok = chat(
            json!({"max_completion_tokens": 300, "temperature": 1, "top_p": 1.0, "reasoning_effort": "low"}),
        );
        assert!(on_with(face(Format::OpenAi), ok, &reasoning_model()).is_ok());
        for (name, v) in [("temperature", 0.2), ("top_p", 0.9)] {
            let r = on_with(
                face(Format::OpenAi),
                chat(json!({name: v})),
                &reasoning_model(),
            )
            .unwrap_err();
            let (_, b) = body_of(Format::OpenAi, r).await;
            assert_eq!(b["error"]["code"], "unsupported_value");
            assert_eq!(b["error"]["param"], name);
            assert_eq!(
                b["error"]["message"],
                format!("Unsupported value: '{name}' does not support {v} with this model. Only the default (1) value is supported.")
            );
        }
        // A chat model takes both, and so does the local face even with the flag.
        assert!(on(
            Format::OpenAi,
            chat(json!({"max_tokens": 300, "temperature": 0.2}))
        )
        .is_ok());
        let local = Face {
            format: Format::OpenAi,
            local: true,
        };
        assert!(on_with(
            local,
            chat(json!({"max_tokens": 300, "temperature": 0.2})),
            &reasoning_model()
        )
        .is_ok());
    }

    #[tokio::test]
    async fn openai_reasoning_effort_has_four_values_and_unknown_arguments_are_refused() {
        for e in ["minimal", "low", "medium", "high"] {
            assert!(
                on(Format::OpenAi, chat(json!({"reasoning_effort": e}))).is_ok(),
                "{e}"
            );
        }
        let (_, b) = body_of(
            Format::OpenAi,
            on(Format::OpenAi, chat(json!({"reasoning_effort": "max"}))).unwrap_err(),
        )
        .await;
        assert_eq!(b["error"]["param"], "reasoning_effort");
        assert_eq!(b["error"]["code"], "invalid_value");
        // OpenRouter's own fields are not OpenAI's.
        let (_, b) = body_of(
            Format::OpenAi,
            on(
                Format::OpenAi,
                chat(json!({"reasoning": {"effort": "low"}})),
            )
            .unwrap_err(),
        )
        .await;
        assert_eq!(
            b["error"]["message"],
            "Unrecognized request argument supplied: reasoning"
        );
        // OpenRouter and local servers are lenient about extra fields.
        assert!(on(Format::OpenRouter, chat(json!({"transforms": []}))).is_ok());
    }

    #[tokio::test]
    async fn openrouter_checks_reasoning_routing_and_fallbacks() {
        let ok = chat(json!({
            "reasoning": {"effort": "xhigh", "exclude": false}, "models": ["mock/fast", "mock/slow"],
            "provider": {"sort": "latency", "data_collection": "deny", "order": ["a"], "max_price": {"prompt": 5}}
        }));
        assert!(on(Format::OpenRouter, ok).is_ok());
        assert!(on(
            Format::OpenRouter,
            chat(json!({"reasoning": {"max_tokens": 2048}}))
        )
        .is_ok());
        assert!(on(
            Format::OpenRouter,
            chat(json!({"provider": {"sort": {"by": "price", "partition": "none"}}}))
        )
        .is_ok());
        for bad in [
            json!({"reasoning": {"effort": "extreme"}}),
            json!({"reasoning_effort": "extreme"}),
            json!({"provider": {"sort": "fastest"}}),
            json!({"provider": {"sort": {"by": "cost"}}}),
            json!({"provider": {"data_collection": "never"}}),
            json!({"models": "mock/fast"}),
            json!({"models": ["mock/fast", 3]}),
        ] {
            let r = on(Format::OpenRouter, chat(bad.clone())).unwrap_err();
            let (status, b) = body_of(Format::OpenRouter, r).await;
            assert_eq!(status, 400, "{bad}");
            assert_eq!(b["error"]["code"], 400, "{bad}: OpenRouter's shape");
        }
        let r = on(
            Format::OpenRouter,
            chat(json!({"provider": {"sort": "fastest"}})),
        )
        .unwrap_err();
        assert_eq!(
            r.message,
            "provider.sort: Invalid option: expected one of \"price\"|\"throughput\"|\"latency\"|\"exacto\""
        );
    }

    #[tokio::test]
    async fn anthropic_needs_its_version_header_and_max_tokens() {
        let r = check(
            face(Format::Anthropic),
            &HeaderMap::new(),
            &anthropic_req(json!({})),
            &Script::default(),
        )
        .unwrap_err();
        let (status, b) = body_of(Format::Anthropic, r).await;
        assert_eq!(status, 400);
        assert_eq!(b["type"], "error");
        assert_eq!(
            b["error"],
            json!({"type": "invalid_request_error", "message": "anthropic-version: header is required"})
        );
        assert!(on(Format::Anthropic, anthropic_req(json!({}))).is_ok());
        let mut no_max = anthropic_req(json!({}));
        no_max.as_object_mut().unwrap().remove("max_tokens");
        assert_eq!(
            on(Format::Anthropic, no_max).unwrap_err().message,
            "max_tokens: Field required"
        );
    }

    #[tokio::test]
    async fn anthropic_refuses_a_system_role_and_extra_fields() {
        let r = on(
            Format::Anthropic,
            anthropic_req(json!({"messages": [{"role": "system", "content": "x"}, {"role": "user", "content": "Hi"}]})),
        )
        .unwrap_err();
        assert!(
            r.message.contains("top-level `system` parameter"),
            "{}",
            r.message
        );
        assert_eq!(
            on(Format::Anthropic, anthropic_req(json!({"seed": 7})))
                .unwrap_err()
                .message,
            "seed: Extra inputs are not permitted"
        );
        assert_eq!(
            on(Format::Anthropic, anthropic_req(json!({"stop": ["END"]})))
                .unwrap_err()
                .message,
            "stop: Extra inputs are not permitted"
        );
        assert!(on(
            Format::Anthropic,
            anthropic_req(json!({"stop_sequences": ["END"], "top_k": 5}))
        )
        .is_ok());
        assert!(on(Format::Anthropic, anthropic_req(json!({"messages": []}))).is_err());
    }

    #[tokio::test]
    async fn anthropic_thinking_has_a_budget_below_max_tokens_and_default_sampling() {
        let thinking = |budget: Value, max: u64| {
            anthropic_req(
                json!({"max_tokens": max, "thinking": {"type": "enabled", "budget_tokens": budget}}),
            )
        };
        assert!(on(Format::Anthropic, thinking(json!(2048), 6144)).is_ok());
        assert!(on(
            Format::Anthropic,
            anthropic_req(json!({"thinking": {"type": "disabled"}}))
        )
        .is_ok());
        for (req, words) in [
            (thinking(json!(512), 6144), "greater than or equal to 1024"),
            (
                thinking(json!(2048), 2048),
                "`max_tokens` must be greater than `thinking.budget_tokens`",
            ),
            (thinking(json!("lots"), 6144), "valid integer"),
            (
                anthropic_req(json!({"thinking": {"type": "on", "budget_tokens": 2048}})),
                "expected tags",
            ),
            (
                anthropic_req(json!({"thinking": {"type": "enabled"}})),
                "budget_tokens: Field required",
            ),
        ] {
            let r = on(Format::Anthropic, req).unwrap_err();
            assert!(r.message.contains(words), "{}", r.message);
        }
        let with = |extra: Value| {
            let mut r = thinking(json!(2048), 6144);
            for (k, v) in extra.as_object().unwrap() {
                r[k] = v.clone();
            }
            r
        };
        for bad in [
            json!({"temperature": 0.2}),
            json!({"top_p": 0.9}),
            json!({"top_k": 40}),
        ] {
            let r = on(Format::Anthropic, with(bad.clone())).unwrap_err();
            let (status, b) = body_of(Format::Anthropic, r).await;
            assert_eq!(status, 400, "{bad}");
            assert_eq!(b["error"]["type"], "invalid_request_error", "{bad}");
        }
        assert!(on(
            Format::Anthropic,
            with(json!({"temperature": 1, "top_p": 0.95}))
        )
        .is_ok());
        // Without thinking, any sampling goes.
        assert!(on(
            Format::Anthropic,
            anthropic_req(json!({"temperature": 0.2, "top_p": 0.9}))
        )
        .is_ok());
    }

    #[tokio::test]
    async fn gemini_takes_user_and_model_roles_and_its_own_config_names() {
        let ok = gemini_req(
            json!({"temperature": 0.2, "topP": 0.9, "maxOutputTokens": 300, "seed": 7,
            "stopSequences": ["END"], "thinkingConfig": {"thinkingBudget": 2048, "includeThoughts": true}}),
        );
        assert!(on(Format::Gemini, ok).is_ok());
        // Proto JSON takes the field names too.
        assert!(on(
            Format::Gemini,
            gemini_req(
                json!({"max_output_tokens": 300, "thinking_config": {"thinking_budget": -1}})
            )
        )
        .is_ok());
        let r = on(Format::Gemini, gemini_req(json!({"max_tokens": 300}))).unwrap_err();
        let (status, b) = body_of(Format::Gemini, r).await;
        assert_eq!(status, 400);
        let message = "Invalid JSON payload received. Unknown name \"max_tokens\" at 'generation_config': Cannot find field.";
        assert_eq!(b["error"]["message"], message);
        assert_eq!(b["error"]["status"], "INVALID_ARGUMENT");
        assert_eq!(b["error"]["code"], 400);
        assert_eq!(
            b["error"]["details"][0]["fieldViolations"][0],
            json!({"field": "generation_config", "description": message})
        );

        let mut assistant = gemini_req(json!({}));
        assistant["contents"][0]["role"] = json!("assistant");
        assert_eq!(
            on(Format::Gemini, assistant).unwrap_err().message,
            "Please use a valid role: user, model."
        );
        assert!(on(Format::Gemini, json!({"contents": []})).is_err());
        let mut streamed = gemini_req(json!({}));
        streamed["stream"] = json!(true);
        assert_eq!(
            on(Format::Gemini, streamed).unwrap_err().message,
            "Invalid JSON payload received. Unknown name \"stream\": Cannot find field."
        );
    }

    #[test]
    fn gemini_thinking_budget_is_a_whole_number_from_minus_one() {
        let budget = |b: Value| gemini_req(json!({"thinkingConfig": {"thinkingBudget": b}}));
        for ok in [json!(0), json!(-1), json!(24576)] {
            assert!(on(Format::Gemini, budget(ok.clone())).is_ok(), "{ok}");
        }
        for bad in [json!(-2), json!(1.5), json!("2048")] {
            assert!(on(Format::Gemini, budget(bad.clone())).is_err(), "{bad}");
        }
        assert!(on(
            Format::Gemini,
            gemini_req(json!({"thinkingConfig": {"budget": 5}}))
        )
        .is_err());
    }

    #[tokio::test]
    async fn ollama_think_takes_booleans_and_four_levels() {
        for ok in [
            json!(true),
            json!(false),
            json!("low"),
            json!("medium"),
            json!("high"),
            json!("max"),
        ] {
            assert!(
                on(Format::Ollama, ollama_req(json!({"think": ok}))).is_ok(),
                "{ok}"
            );
        }
        let r = on(Format::Ollama, ollama_req(json!({"think": "minimal"}))).unwrap_err();
        let (status, b) = body_of(Format::Ollama, r).await;
        assert_eq!(status, 400);
        assert_eq!(
            b,
            json!({"error": "invalid think value: \"minimal\" (must be \"high\", \"medium\", \"low\", \"max\", true, or false)"})
        );
        assert!(on(Format::Ollama, ollama_req(json!({"think": 1}))).is_err());
    }

    #[test]
    fn ollama_options_are_ollamas_and_roles_are_known() {
        let ok = ollama_req(
            json!({"options": {"temperature": 0.2, "top_p": 0.9, "num_predict": 300, "seed": 7, "stop": ["END"], "num_ctx": 8192}}),
        );
        assert!(on(Format::Ollama, ok).is_ok());
        for bad in ["max_tokens", "maxOutputTokens", "stop_sequences"] {
            let r = on(Format::Ollama, ollama_req(json!({"options": {bad: 1}}))).unwrap_err();
            assert!(r.message.contains(bad), "{}", r.message);
        }
        assert!(on(
            Format::Ollama,
            ollama_req(json!({"messages": [{"role": "model", "content": "x"}]}))
        )
        .is_err());
        assert!(on(Format::Ollama, ollama_req(json!({"messages": []}))).is_err());
    }
}
