//! Stream parsing throughput: 1 MB of OpenRouter SSE and 1 MB of Anthropic SSE through the
//! same framing and decoders a live slot uses. Target (issue 3): ≥ 100 MB/s each, so parsing is
//! never the bottleneck of a hundred concurrent streams.

use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use futures_util::StreamExt;
use parallax_engine::framing::frames;
use parallax_llm::adapter::{framing, StreamDecoder};
use parallax_llm::ProviderKind;

const MB: usize = 1 << 20;

fn openrouter_stream() -> Vec<u8> {
    let mut s = String::from(": OPENROUTER PROCESSING\n\n");
    let mut i = 0;
    while s.len() < MB {
        s += &format!(
            "data: {{\"id\":\"gen-1785160442-5ORl\",\"object\":\"chat.completion.chunk\",\"created\":1785160442,\"model\":\"openai/gpt-4o-mini\",\"provider\":\"Azure\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\" word{i}\",\"role\":\"assistant\"}},\"finish_reason\":null,\"native_finish_reason\":null}}]}}\n\n"
        );
        i += 1;
    }
    s += "data: {\"id\":\"gen-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5000,\"cost\":0.01}}\n\ndata: [DONE]\n\n";
    s.into_bytes()
}

fn anthropic_stream() -> Vec<u8> {
    let mut s = String::from("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude\",\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n");
    let mut i = 0;
    while s.len() < MB {
        s += &format!("event: content_block_delta\ndata: {{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{{\"type\":\"text_delta\",\"text\":\" word{i}\"}}}}\n\n");
        i += 1;
    }
    s += "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":5000}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    s.into_bytes()
}

/// Frames and decodes `bytes`, delivered in 1 KiB network-sized chunks; returns the text length.
fn parse(rt: &tokio::runtime::Runtime, kind: ProviderKind, bytes: &[u8]) -> usize {
    let chunks: Vec<Bytes> = bytes.chunks(1024).map(Bytes::copy_from_slice).collect();
    rt.block_on(async {
        let body = futures_util::stream::iter(chunks.into_iter().map(Ok::<_, std::io::Error>));
        let mut units = frames(body, framing(kind));
        let mut decoder = StreamDecoder::new(kind);
        let mut text = 0;
        while let Some(Ok((event, data))) = units.next().await {
            for e in decoder.feed(&event, &data) {
                if let parallax_llm::StreamEvent::TextDelta(t) = e {
                    text += t.len();
                }
            }
        }
        text
    })
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let mut g = c.benchmark_group("parse_1mb");
    for (name, kind, bytes) in [
        (
            "openrouter_sse",
            ProviderKind::OpenRouter,
            openrouter_stream(),
        ),
        ("anthropic_sse", ProviderKind::Anthropic, anthropic_stream()),
    ] {
        assert!(
            parse(&rt, kind, &bytes) > 10_000,
            "{name}: the stream parses to text"
        );
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(name, |b| b.iter(|| parse(&rt, kind, &bytes)));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
