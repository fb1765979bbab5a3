//! Property: however the network splits a valid stream into chunks — mid-line, mid-UTF-8 — the
//! framing plus the provider's parser yield exactly the events of the unsplit stream.

use bytes::Bytes;
use futures_util::StreamExt;
use parallax_engine::framing::frames;
use parallax_llm::adapter::{framing, StreamDecoder};
use parallax_llm::{ProviderKind, StreamEvent};
use proptest::prelude::*;

const OPENROUTER: &str = ": OPENROUTER PROCESSING\r\n\r\n\
data: {\"id\":\"gen-1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"reasoning\":\"pensée \"},\"finish_reason\":null}]}\r\n\r\n\
data: {\"id\":\"gen-1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Héllo, 世界 \"},\"finish_reason\":null}]}\n\n\
data: {\"id\":\"gen-1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"🙂 done\"},\"finish_reason\":null}]}\n\n\
data: {\"id\":\"gen-1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5,\"cost\":0.001}}\n\n\
data: [DONE]\n\n";

const ANTHROPIC: &str = "event: message_start\n\
data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude\",\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n\
event: ping\ndata: {\"type\":\"ping\"}\n\n\
event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Überlegung\"}}\n\n\
event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"日本語のテキスト\"}}\n\n\
event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":9}}\n\n\
event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

const GEMINI: &str = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"think\",\"thought\":true}]}}],\"responseId\":\"r1\"}\r\n\r\n\
data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ça marche\"}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":2,\"candidatesTokenCount\":2}}\r\n\r\n";

const OLLAMA: &str = "{\"model\":\"llama\",\"message\":{\"content\":\"\",\"thinking\":\"Ñ\"},\"done\":false}\n\
{\"model\":\"llama\",\"message\":{\"content\":\"Grüße\"},\"done\":false}\n\
{\"model\":\"llama\",\"message\":{\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":4,\"eval_count\":2}\n";

fn events(kind: ProviderKind, chunks: Vec<Vec<u8>>) -> Vec<StreamEvent> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async move {
        let body = futures_util::stream::iter(
            chunks
                .into_iter()
                .map(|c| Ok::<_, std::io::Error>(Bytes::from(c))),
        );
        let mut units = frames(body, framing(kind));
        let mut decoder = StreamDecoder::new(kind);
        let mut out = Vec::new();
        while let Some(unit) = units.next().await {
            let (event, data) = unit.expect("valid stream frames cleanly");
            out.extend(decoder.feed(&event, &data));
        }
        out.extend(decoder.finish_at_eof());
        out
    })
}

fn split(bytes: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    let mut last = 0;
    for c in cuts {
        out.push(bytes[last..c].to_vec());
        last = c;
    }
    out.push(bytes[last..].to_vec());
    out
}

const CASES: [(ProviderKind, &str); 4] = [
    (ProviderKind::OpenRouter, OPENROUTER),
    (ProviderKind::Anthropic, ANTHROPIC),
    (ProviderKind::Gemini, GEMINI),
    (ProviderKind::Ollama, OLLAMA),
];

#[test]
fn whole_streams_parse_to_complete_answers() {
    for (kind, stream) in CASES {
        let ev = events(kind, vec![stream.as_bytes().to_vec()]);
        assert!(
            matches!(ev.last(), Some(StreamEvent::Finished { .. })),
            "{kind:?}: {ev:?}"
        );
        assert!(
            ev.iter()
                .any(|e| matches!(e, StreamEvent::ReasoningDelta(_))),
            "{kind:?}"
        );
        assert!(
            ev.iter().any(|e| matches!(e, StreamEvent::Usage { .. })),
            "{kind:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_chunking_gives_the_same_events(cuts in proptest::collection::vec(0usize..4096, 0..40)) {
        for (kind, stream) in CASES {
            let whole = events(kind, vec![stream.as_bytes().to_vec()]);
            let chunked = events(kind, split(stream.as_bytes(), &cuts));
            prop_assert_eq!(&chunked, &whole, "{:?} split at {:?}", kind, cuts);
        }
    }

    #[test]
    fn one_byte_at_a_time_is_fine_too(_x in 0..1u8) {
        for (kind, stream) in CASES {
            let bytes: Vec<Vec<u8>> = stream.as_bytes().iter().map(|b| vec![*b]).collect();
            prop_assert_eq!(events(kind, bytes), events(kind, vec![stream.as_bytes().to_vec()]));
        }
    }
}
