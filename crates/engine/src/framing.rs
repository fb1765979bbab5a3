//! Splits a response body into (event name, payload) units: SSE events, or NDJSON lines with an
//! empty event name. Both come from maintained codecs (`eventsource-stream`, tokio's
//! `LinesCodec`); chunk boundaries anywhere (mid-line, mid-UTF-8) give the same units, which
//! `tests/framing.rs` checks by property.
//!
//! Gemini gets its own line reader (`GeminiLines` over `LinesCodec`): besides its SSE events
//! (one `data:` line each, LF or CRLF) it can send an error mid-stream as bare, multi-line JSON
//! without `data:` (wire-formats §4). An SSE decoder ignores those lines, which would turn a 429 or
//! 503 into "stream interrupted"; here they are gathered until the braces balance and yielded as
//! one unit with an empty event name, which the Gemini parser reads as `{"error": …}`.
//!
//! [`WireClock`] watches the body below the framing: SSE comments (`: OPENROUTER PROCESSING`) are
//! dropped by the decoder without yielding anything, so a stall timer that watched decoded events
//! would fail a model that is thinking while bytes keep arriving.

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use eventsource_stream::Eventsource;
use futures_util::{Stream, StreamExt};
use parallax_llm::adapter::Framing;
use tokio_util::codec::{FramedRead, LinesCodec};
use tokio_util::io::StreamReader;

pub type Frames = Pin<Box<dyn Stream<Item = Result<(String, String), String>> + Send>>;

pub fn frames<S, E>(body: S, framing: Framing) -> Frames
where
    S: Stream<Item = Result<Bytes, E>> + Send + 'static,
    E: std::error::Error + Send + Sync + 'static,
{
    match framing {
        Framing::Sse => Box::pin(
            body.eventsource()
                .map(|r| r.map(|e| (e.event, e.data)).map_err(|e| e.to_string())),
        ),
        Framing::Ndjson => Box::pin(lines(body).map(|r| {
            r.map(|line| (String::new(), line))
                .map_err(|e| e.to_string())
        })),
        Framing::GeminiSse => {
            let state = (
                Box::pin(lines(body)),
                GeminiLines::default(),
                VecDeque::new(),
                false,
            );
            Box::pin(futures_util::stream::unfold(
                state,
                |(mut lines, mut reader, mut ready, mut ended)| async move {
                    loop {
                        if let Some(unit) = ready.pop_front() {
                            return Some((Ok(unit), (lines, reader, ready, ended)));
                        }
                        if ended {
                            return None;
                        }
                        match lines.next().await {
                            Some(Ok(line)) => ready.extend(reader.line(&line)),
                            Some(Err(e)) => {
                                ended = true;
                                return Some((Err(e.to_string()), (lines, reader, ready, ended)));
                            }
                            None => ended = true,
                        }
                    }
                },
            ))
        }
    }
}

/// The body as text lines, split on LF with a trailing CR removed (so LF and CRLF both work).
fn lines<S, E>(body: S) -> FramedRead<impl tokio::io::AsyncRead + Send, LinesCodec>
where
    S: Stream<Item = Result<Bytes, E>> + Send + 'static,
    E: std::error::Error + Send + Sync + 'static,
{
    let reader = StreamReader::new(body.map(|r| r.map_err(std::io::Error::other)));
    FramedRead::new(reader, LinesCodec::new())
}

/// Gemini's stream, one line at a time: SSE fields as an SSE decoder reads them (`data:` lines
/// joined by `\n`, `event:` names the event, `id:`/`retry:`/`:` comments ignored, a blank line ends
/// the event), and bare JSON — a line that starts with `{` outside any event field — gathered
/// with the lines after it until its braces balance (braces inside strings do not count).
///
/// An event left without its blank line at the end of the body is dropped, as SSE decoders do;
/// so is unbalanced JSON: the connection closed mid-error, which the parser then reports as an
/// interrupted stream.
#[derive(Default)]
struct GeminiLines {
    started: bool,
    event: String,
    data: String,
    /// Bare JSON gathered so far (empty: none open).
    json: String,
    depth: usize,
    in_string: bool,
    escaped: bool,
}

impl GeminiLines {
    /// Reads one line (without its line ending); returns the units it completes.
    fn line(&mut self, line: &str) -> Vec<(String, String)> {
        let line = if self.started {
            line
        } else {
            self.started = true;
            line.strip_prefix('\u{feff}').unwrap_or(line)
        };
        if !self.json.is_empty() || line.trim_start().starts_with('{') {
            // An event missing its blank line before the JSON is over: it goes out first.
            let mut out: Vec<_> = self.dispatch().into_iter().collect();
            out.extend(self.json_line(line));
            return out;
        }
        if line.is_empty() {
            return self.dispatch().into_iter().collect();
        }
        if line.starts_with(':') {
            return vec![];
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "event" => value.clone_into(&mut self.event),
            // `id`, `retry` and unknown fields change nothing here.
            _ => {}
        }
        vec![]
    }

    fn dispatch(&mut self) -> Option<(String, String)> {
        let event = std::mem::take(&mut self.event);
        let mut data = std::mem::take(&mut self.data);
        if data.is_empty() {
            return None;
        }
        data.pop();
        Some((
            if event.is_empty() {
                "message".into()
            } else {
                event
            },
            data,
        ))
    }

    fn json_line(&mut self, line: &str) -> Option<(String, String)> {
        if !self.json.is_empty() {
            self.json.push('\n');
        }
        self.json.push_str(line);
        for c in line.chars() {
            match (self.in_string, self.escaped, c) {
                (true, true, _) => self.escaped = false,
                (true, false, '\\') => self.escaped = true,
                (true, false, '"') => self.in_string = false,
                (true, false, _) => {}
                (false, _, '"') => self.in_string = true,
                (false, _, '{') => self.depth += 1,
                (false, _, '}') => self.depth = self.depth.saturating_sub(1),
                (false, _, _) => {}
            }
        }
        if self.depth > 0 {
            return None;
        }
        self.in_string = false;
        self.escaped = false;
        Some((String::new(), std::mem::take(&mut self.json)))
    }
}

/// When the last chunk of a response body arrived, read from the body stream itself.
#[derive(Clone)]
pub struct WireClock {
    base: tokio::time::Instant,
    /// Nanoseconds from `base` to the last chunk (0: none yet, which reads as `base`).
    last_ns: Arc<AtomicU64>,
}

impl Default for WireClock {
    fn default() -> Self {
        Self::new()
    }
}

impl WireClock {
    /// Starts now: until a chunk arrives, the last byte is "now" (the response headers).
    pub fn new() -> Self {
        Self {
            base: tokio::time::Instant::now(),
            last_ns: Arc::new(AtomicU64::new(0)),
        }
    }

    /// The body, unchanged, with every non-empty chunk recorded as it passes.
    pub fn watch<S, E>(&self, body: S) -> impl Stream<Item = Result<Bytes, E>> + Send + 'static
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
    {
        let clock = self.clone();
        body.inspect(move |chunk| {
            if matches!(chunk, Ok(b) if !b.is_empty()) {
                let ns = clock.base.elapsed().as_nanos().min(u64::MAX as u128) as u64;
                clock.last_ns.store(ns, Ordering::Relaxed);
            }
        })
    }

    pub fn last_byte(&self) -> tokio::time::Instant {
        self.base + Duration::from_nanos(self.last_ns.load(Ordering::Relaxed))
    }
}
