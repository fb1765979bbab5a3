//! Sending one prepared request through the engine's one HTTP client, and turning transport
//! failures into coded errors (never the key: reqwest's messages carry URLs, not headers).

use parallax_llm::{Endpoint, ErrorCode, HttpRequest, LlmError};

pub(crate) fn transport_error(e: &reqwest::Error, endpoint: &Endpoint) -> LlmError {
    // reqwest's Display includes the URL but never headers, so no key can leak here.
    let (code, what) = if e.is_timeout() {
        (ErrorCode::Timeout, "timed out")
    } else if e.is_connect() {
        (ErrorCode::Network, "could not be reached")
    } else {
        (ErrorCode::Network, "failed")
    };
    let mut source = String::new();
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(s) = cur {
        source = s.to_string();
        cur = s.source();
    }
    let detail = if source.is_empty() {
        e.to_string()
    } else {
        source
    };
    LlmError::new(
        code,
        format!(
            "{} at {} {what}: {detail}",
            endpoint.name, endpoint.base_url
        ),
    )
}

pub(crate) async fn send(
    http: &reqwest::Client,
    req: &HttpRequest,
    endpoint: &Endpoint,
) -> Result<reqwest::Response, LlmError> {
    let request = build_request(http, req, endpoint)?;
    execute(http, request, endpoint).await
}

/// The request, body serialized and headers checked, ready to go: building it before t0 keeps
/// that work out of the measured time.
pub(crate) fn build_request(
    http: &reqwest::Client,
    req: &HttpRequest,
    endpoint: &Endpoint,
) -> Result<reqwest::Request, LlmError> {
    let mut b = if req.body.is_null() {
        http.get(&req.url)
    } else {
        http.post(&req.url).json(&req.body)
    };
    for (k, v) in &req.headers {
        b = b.header(k, v);
    }
    b.build().map_err(|e| transport_error(&e, endpoint))
}

pub(crate) async fn execute(
    http: &reqwest::Client,
    request: reqwest::Request,
    endpoint: &Endpoint,
) -> Result<reqwest::Response, LlmError> {
    http.execute(request)
        .await
        .map_err(|e| transport_error(&e, endpoint))
}
