//! Files sent with a prompt, end to end against the mock provider in every wire format: the
//! model receives the file intact (the mock's answer names what it decoded), a provider that
//! cannot take a file fails only its column with the reason, history keeps each file once and
//! sends it again on a follow-up or a retry, and deleting the comparison deletes the file.
//! Expected sizes are the files' own lengths; expected words are the mock's sentence.

mod common;

use std::sync::Arc;

use parallax_engine::*;
use parallax_llm::{Attachment, Endpoint, ProviderKind};
use parallax_store::{SlotStatus, Store};

/// A valid PNG's first 16 bytes and a little more: the mock checks the signature, not pixels.
fn png() -> Attachment {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    b.extend_from_slice(&[0u8; 24]);
    Attachment::from_bytes("chart.png", b).unwrap()
}

fn pdf() -> Attachment {
    Attachment::from_bytes(
        "report.pdf",
        b"%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n%%EOF".to_vec(),
    )
    .unwrap()
}

fn spec(targets: Vec<Target>, files: Vec<Attachment>) -> ComparisonSpec {
    ComparisonSpec {
        attachments: files,
        ..ComparisonSpec::simple("What is in this file?", None, targets)
    }
}

fn engine() -> Engine {
    Engine::new(
        Store::open_in_memory().unwrap(),
        Arc::new(SystemClock),
        EngineConfig {
            max_retries: 0,
            backfill_attempts: 0,
            ..EngineConfig::default()
        },
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_wire_format_delivers_an_image_intact() {
    let root = mock_provider::start_root().await;
    for (kind, base) in [
        (ProviderKind::OpenRouter, format!("{root}/api/v1")),
        (ProviderKind::OpenAi, format!("{root}/v1")),
        (ProviderKind::Compatible, format!("{root}/local/v1")),
        (ProviderKind::Anthropic, root.clone()),
        (ProviderKind::Gemini, root.clone()),
        (ProviderKind::Ollama, root.clone()),
    ] {
        let e = engine();
        let s = spec(vec![Target::on(kind, "mock/vision")], vec![png()]);
        let run = common::execute(&e, &s, Endpoint::new(kind, base, None), RunControl::new()).await;
        let slot = &run.record.slots[0];
        assert_eq!(slot.status, SlotStatus::Done, "{kind:?}: {:?}", slot.error);
        assert_eq!(slot.text, "Received image/png (40 bytes).", "{kind:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_that_cannot_take_a_file_fails_only_its_column() {
    let root = mock_provider::start_root().await;
    let e = engine();
    let targets = vec![
        Target::on(ProviderKind::OpenRouter, "mock/vision"),
        // OpenRouter refuses an image to a model listed with text input only.
        Target::on(ProviderKind::OpenRouter, "mock/fast"),
        // Ollama's native API takes images, never PDFs: refused before anything is sent.
        Target::on(ProviderKind::Ollama, "mock/vision"),
    ];
    let s = spec(targets, vec![png(), pdf()]);
    let endpoint = |t: &Target| -> Result<Endpoint, parallax_llm::LlmError> {
        Ok(match t.provider {
            ProviderKind::Ollama => Endpoint::new(ProviderKind::Ollama, root.clone(), None),
            _ => Endpoint::openrouter(format!("{root}/api/v1"), None),
        })
    };
    let record = e.prepare(&s).unwrap();
    let before = e.store().count_comparisons().unwrap();
    let r = e
        .execute(record, &s, &endpoint, Arc::new(|_| {}), RunControl::new())
        .await;
    assert_eq!(before, 1);
    let [ok, text_only, ollama] = &r.slots[..] else {
        panic!("three columns")
    };
    assert_eq!(ok.status, SlotStatus::Done);
    assert_eq!(
        ok.text,
        format!(
            "Received image/png (40 bytes) and application/pdf ({} bytes).",
            pdf().size
        )
    );
    assert_eq!(text_only.status, SlotStatus::Failed);
    let err = text_only.error.as_ref().unwrap();
    assert_eq!(
        err.code.as_str(),
        "unsupported_input",
        "the model exists; the image is the trouble"
    );
    assert!(
        err.message
            .contains("No endpoints found that support image input"),
        "{}",
        err.message
    );
    assert_eq!(ollama.status, SlotStatus::Failed);
    let err = ollama.error.as_ref().unwrap();
    assert_eq!(err.code.as_str(), "unsupported_input");
    assert!(
        err.message
            .starts_with("Ollama does not take PDFs (report.pdf was attached)"),
        "{}",
        err.message
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_keeps_each_file_once_and_sends_it_again() {
    let root = mock_provider::start().await;
    let e = engine();
    let targets = vec![Target::model("mock/vision"), Target::model("mock/vision")];
    let s = spec(targets, vec![png()]);
    let run = common::execute(&e, &s, Endpoint::openrouter(&root, None), RunControl::new()).await;
    let id = run.record.id.clone();
    // The run's events (what the app's page receives) name the file without its bytes.
    let carried: Vec<&Attachment> = run
        .events
        .iter()
        .flat_map(|ev| match ev {
            ComparisonEvent::Created { comparison } => comparison.slots.iter().collect::<Vec<_>>(),
            ComparisonEvent::SlotFinished { record, .. } => vec![&**record],
            _ => vec![],
        })
        .flat_map(|slot| slot.messages.iter().flat_map(|m| &m.attachments))
        .collect();
    assert_eq!(
        carried.len(),
        4,
        "two slots named in Created, two in SlotFinished"
    );
    assert!(
        carried
            .iter()
            .all(|a| a.name == "chart.png" && a.data.is_none()),
        "events name files, they do not carry them"
    );
    // Two answers asked with one file: its bytes are kept once, and no record carries them.
    assert_eq!(e.store().attachment_totals().unwrap(), (1, 40));
    let saved = e.store().get_comparison(&id).unwrap();
    for slot in &saved.slots {
        let user = slot.messages.last().unwrap();
        assert_eq!(user.attachments.len(), 1);
        assert_eq!(user.attachments[0].name, "chart.png");
        assert!(
            user.attachments[0].data.is_none(),
            "history records name files, not hold them"
        );
    }

    // Run again from history: the page names the file without its bytes; history has them.
    let again = spec(
        vec![Target::model("mock/vision")],
        vec![png().without_data()],
    );
    let run3 = common::execute(
        &e,
        &again,
        Endpoint::openrouter(&root, None),
        RunControl::new(),
    )
    .await;
    assert_eq!(run3.record.slots[0].text, "Received image/png (40 bytes).");
    e.store().delete_comparison(&run3.record.id).unwrap();

    // A follow-up sends the earlier turn's file again with the new prompt.
    let follow = e.follow_up(&id, "And now?", &[0]).unwrap();
    let run2 = common::execute(
        &e,
        &follow,
        Endpoint::openrouter(&root, None),
        RunControl::new(),
    )
    .await;
    assert_eq!(run2.record.slots[0].text, "Received image/png (40 bytes).");
    assert_eq!(
        e.store().attachment_totals().unwrap(),
        (1, 40),
        "still one file"
    );

    // A retry of an answer asks with the same file.
    let (added, retry) = e.prepare_retry(&id, 1, None, false).unwrap();
    let endpoint = Endpoint::openrouter(&root, None);
    let done = e
        .execute_added(
            added,
            &retry,
            &|_| Ok(endpoint.clone()),
            Arc::new(|_| {}),
            RunControl::new(),
        )
        .await;
    assert_eq!(
        done.slots.last().unwrap().text,
        "Received image/png (40 bytes)."
    );

    // The file goes when the last comparison that used it goes.
    e.store().delete_comparison(&run2.record.id).unwrap();
    assert_eq!(
        e.store().attachment_totals().unwrap(),
        (1, 40),
        "the first comparison still uses it"
    );
    e.store().delete_comparison(&id).unwrap();
    assert_eq!(e.store().attachment_totals().unwrap(), (0, 0));
}

#[test]
fn a_file_whose_record_disagrees_with_its_bytes_is_refused() {
    let e = engine();
    let mut lying = png();
    lying.sha256 = "0".repeat(64);
    let err = e
        .prepare(&spec(vec![Target::model("mock/vision")], vec![lying]))
        .unwrap_err();
    assert_eq!(err.code(), "invalid_attachment");
    assert_eq!(
        err.to_string(),
        "chart.png does not match what was said of it (its type, size or hash): attach it again"
    );
    assert_eq!(e.store().count_comparisons().unwrap(), 0, "nothing saved");
}

#[test]
fn the_estimate_allows_for_images_and_pdf_pages() {
    // 1,600 tokens an image whose size cannot be read (the PNG above says 0 × 0), 3,000 a PDF
    // page (the engine's stated allowances); the PDF above has one page object.
    let e = engine();
    let est = e
        .estimate(&spec(
            vec![Target::model("mock/vision")],
            vec![png(), pdf()],
        ))
        .unwrap();
    let slot = &est.slots[0];
    assert_eq!(slot.attachment_tokens, Some(4_600));
    assert!(
        slot.input_tokens > 4_600,
        "the prompt's own tokens come on top"
    );
    assert_eq!(slot.counted, estimate::TokenCount::Approximate);
    let plain = e
        .estimate(&spec(vec![Target::model("mock/vision")], vec![]))
        .unwrap();
    assert_eq!(plain.slots[0].attachment_tokens, None);

    // A 1024 × 1024 PNG: to an OpenAI model 765 tokens (4 tiles: 85 + 4 × 170), to a model of
    // no known family the largest provider rule, Anthropic's ⌈1,048,576 ÷ 750⌉ = 1,399.
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    b.extend_from_slice(&1024u32.to_be_bytes());
    b.extend_from_slice(&1024u32.to_be_bytes());
    b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    let square = Attachment::from_bytes("square.png", b).unwrap();
    let est = e
        .estimate(&spec(
            vec![Target::model("openai/gpt-4o"), Target::model("mock/vision")],
            vec![square],
        ))
        .unwrap();
    assert_eq!(est.slots[0].attachment_tokens, Some(765));
    assert_eq!(est.slots[1].attachment_tokens, Some(1_399));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follow_up_sends_its_own_files_after_the_earlier_turns() {
    let root = mock_provider::start_root().await;
    let e = engine();
    let first = common::execute(
        &e,
        &spec(vec![Target::model("mock/vision")], vec![png()]),
        Endpoint::openrouter(format!("{root}/api/v1"), None),
        RunControl::new(),
    )
    .await;
    // As the app and the CLI do: the new turn's files on the follow-up's spec.
    let follow = ComparisonSpec {
        attachments: vec![pdf()],
        ..e.follow_up(&first.record.id, "And this one?", &[]).unwrap()
    };
    let run = common::execute(
        &e,
        &follow,
        Endpoint::openrouter(format!("{root}/api/v1"), None),
        RunControl::new(),
    )
    .await;
    let pdf_len = pdf().size;
    assert_eq!(
        run.record.slots[0].text,
        format!("Received image/png (40 bytes) and application/pdf ({pdf_len} bytes).")
    );
    assert_eq!(
        e.store().attachment_totals().unwrap().0,
        2,
        "both files kept"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_history_no_longer_holds_fails_its_columns_as_missing_without_a_fallback() {
    let root = mock_provider::start_root().await;
    let e = engine();
    // Named like a file from history (no bytes), but history never held it: an import whose
    // export left the bytes out.
    let mut gone = png().without_data();
    gone.name = "lost.png".into();
    gone.sha256 = "ab".repeat(32);
    // OpenAI directly, where the engine itself tries the fallback model after a failure: the
    // column is refused before any model is asked, the fallback included.
    let target = Target {
        fallback_models: vec!["mock/fast".into()],
        ..Target::on(ProviderKind::OpenAi, "mock/vision")
    };
    let run = common::execute(
        &e,
        &spec(vec![target], vec![gone]),
        Endpoint::new(ProviderKind::OpenAi, format!("{root}/v1"), None),
        RunControl::new(),
    )
    .await;
    let slot = &run.record.slots[0];
    assert_eq!(slot.status, SlotStatus::Failed);
    let err = slot.error.as_ref().unwrap();
    assert_eq!(err.code, parallax_llm::ErrorCode::FileMissing);
    assert!(
        err.message
            .starts_with("lost.png was attached, but its bytes are not in this history"),
        "{}",
        err.message
    );
    assert!(
        !run.events
            .iter()
            .any(|ev| matches!(ev, ComparisonEvent::SlotFallback { .. })),
        "no fallback was tried"
    );
}
