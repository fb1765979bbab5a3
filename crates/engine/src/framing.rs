//! Splits a response body into (event name, payload) units: SSE events, or NDJSON lines with an
//! empty event name. Both come from maintained codecs (`eventsource-stream`, tokio's
//! `LinesCodec`); chunk boundaries anywhere (mid-line, mid-UTF-8) give the same units, which
//! `tests/framing.rs` checks by property.

use std::pin::Pin;

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
