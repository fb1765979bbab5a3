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
    // Nothing was sent: the base URL or a header cannot make a request (a base URL without
    // `https://`, a control character in a header). Asking again cannot help, so this is a
    // request error, not a network one (which would be retried).
    b.build().map_err(|e| {
        let detail = std::error::Error::source(&e).map_or_else(|| e.to_string(), |s| s.to_string());
        LlmError::new(
            ErrorCode::BadRequest,
            format!(
                "The request to {} could not be made from its base URL {:?} and headers ({detail}); \
                 nothing was sent. Check the base URL (it needs http:// or https://).",
                endpoint.name, endpoint.base_url
            ),
        )
    })
}

pub(crate) async fn execute(
    http: &reqwest::Client,
    request: reqwest::Request,
    endpoint: &Endpoint,
) -> Result<reqwest::Response, LlmError> {
    // Logged without the query (Gemini's key is in it) and without headers.
    let url = request.url();
    let (method, host, path) = (
        request.method().clone(),
        url.host_str().unwrap_or("").to_owned(),
        url.path().to_owned(),
    );
    let port = url.port_or_known_default();
    let start = std::time::Instant::now();
    let result = http.execute(request).await;
    let ms = start.elapsed().as_millis() as u64;
    match &result {
        Ok(r) => tracing::debug!(
            target: "parallax_engine::http", endpoint = %endpoint.name, %method, host, port, path,
            status = r.status().as_u16(), headers_ms = ms, "response"
        ),
        Err(e) => tracing::debug!(
            target: "parallax_engine::http", endpoint = %endpoint.name, %method, host, port, path,
            timeout = e.is_timeout(), connect = e.is_connect(), after_ms = ms, "no response"
        ),
    }
    result.map_err(|e| transport_error(&e, endpoint))
}
