//! Issue 16: an estimate someone asked for counts OpenAI-family models exactly (loading the
//! tokenizer), and the send path, which never tokenizes, reuses the counts it made.
//! Apart from `send_path.rs`, which must run in a process where the tokenizer is never loaded.

mod common;

use common::*;
use parallax_engine::estimate::{self, TokenCount};
use parallax_engine::*;
use parallax_llm::{Endpoint, ErrorCode, ProviderKind};

fn gpt_with_window(context: u32) -> Target {
    let mut t = Target::on(ProviderKind::OpenAi, "mock/fast");
    t.context_length = Some(context);
    t
}

async fn refusal_of(engine: &Engine, spec: &ComparisonSpec, base: &str) -> String {
    let r = execute(
        engine,
        spec,
        Endpoint::new(ProviderKind::OpenAi, base.to_owned(), None),
        RunControl::new(),
    )
    .await;
    let s = &r.record.slots[0];
    assert_eq!(s.attempts, None, "not sent: {s:?}");
    let e = s.error.as_ref().expect("refused");
    assert_eq!(e.code, ErrorCode::ContextLengthExceeded);
    e.message.clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_estimate_asked_for_is_exact_and_the_send_path_reuses_its_counts() {
    let root = mock_provider::start()
        .await
        .trim_end_matches("/api/v1")
        .to_owned();
    let base = format!("{root}/v1");
    let engine = fresh_engine(no_retries());

    // Shown before sending: exact, whatever it takes to load the tokenizer.
    let spec = ComparisonSpec::simple(
        "Hello, world!",
        Some("Be brief.".into()),
        vec![gpt_with_window(5)],
    );
    let e = engine.estimate(&spec).unwrap();
    assert_eq!(e.slots[0].counted, TokenCount::Exact);
    // o200k: "Hello , world !" 4 tokens, "Be brief." 3, plus 4 per message and 3.
    assert_eq!(e.slots[0].input_tokens, 4 + 4 + 3 + 4 + 3);
    assert_eq!(e.slots[0].fits_context, Some(false));
    assert!(estimate::tokenizer_loaded());

    // Sent after that estimate: the context check counts exactly without tokenizing again.
    let msg = refusal_of(&engine, &spec, &base).await;
    assert!(msg.contains("(18 tokens)"), "exact count reused: {msg}");

    // A prompt no estimate has seen is counted approximately on the way to sending, even with
    // the tokenizer loaded: tokenizing a long prompt would delay the send.
    let unseen = ComparisonSpec::simple(
        "A prompt that no estimate has counted before it was sent",
        None,
        vec![gpt_with_window(5)],
    );
    let msg = refusal_of(&engine, &unseen, &base).await;
    assert!(msg.contains("(about "), "approximate: {msg}");
    // The same prompt estimated later is counted exactly.
    assert_eq!(
        engine.estimate(&unseen).unwrap().slots[0].counted,
        TokenCount::Exact
    );
}
