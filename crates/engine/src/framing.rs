//! Splits a response body into (event name, payload) units: SSE events, or NDJSON lines with an
//! empty event name. Both come from maintained codecs (`eventsource-stream`, tokio's
//! `LinesCodec`); chunk boundaries anywhere (mid-line, mid-UTF-8) give the same units, which
//! `tests/framing.rs` checks by property.
//!
//! [`WireClock`] watches the body below the framing: SSE comments (`: OPENROUTER PROCESSING`) are
//! dropped by the decoder without yielding anything, so a stall timer that watched decoded events
//! would fail a model that is thinking while bytes keep arriving.

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
        Framing::Ndjson => {
            let reader = StreamReader::new(body.map(|r| r.map_err(std::io::Error::other)));
            Box::pin(FramedRead::new(reader, LinesCodec::new()).map(|r| {
                r.map(|line| (String::new(), line))
                    .map_err(|e| e.to_string())
            }))
        }
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
