//! `parallax compare --attach`: files sent with the prompt, as a user runs it against the mock
//! provider (whose `mock/vision` answers with what it received, by type and decoded size).

use predicates::str::contains;

mod common;
use common::{json_exit, mock, parallax};

#[test]
fn an_image_and_a_text_file_reach_the_model() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    let png = data.path().join("chart.png");
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend_from_slice(&[7u8; 14]);
    std::fs::write(&png, &bytes).unwrap();
    let notes = data.path().join("notes.txt");
    std::fs::write(&notes, "one two three").unwrap();
    // One column fails (below), so the run exits 1.
    let doc = json_exit(
        parallax(&base, data.path()).args([
            "compare",
            "-m",
            "mock/vision",
            "-m",
            "mock/fast",
            "--attach",
            png.to_str().unwrap(),
            "-a",
            notes.to_str().unwrap(),
            "--json",
            "What is this?",
        ]),
        1,
    );
    let slots = doc["slots"].as_array().unwrap();
    assert_eq!(slots[0]["status"], "done");
    assert_eq!(slots[0]["text"], "Received image/png (30 bytes).");
    // The text file is part of the prompt: 3 words of the prompt, 3 of the file, the two lines
    // of its <file> element ("<file", "name=\"notes.txt\">", "</file>"), 85 for the image.
    assert_eq!(slots[0]["usage"]["input_tokens"], 3 + 3 + 3 + 85);
    // `history show` names the files.
    parallax(&base, data.path())
        .args(["history", "show", doc["id"].as_str().unwrap()])
        .assert()
        .success()
        .stdout(contains(
            "Attached: chart.png (image/png, 30 bytes), notes.txt (text/plain, 13 bytes)",
        ));
    // A follow-up with a file of its own: the earlier turn's image is sent again, then this one
    // (only the answer that was given continues; mock/fast's column failed).
    let follow = json_exit(
        parallax(&base, data.path()).args([
            "compare",
            "--continue",
            doc["id"].as_str().unwrap(),
            "-a",
            png.to_str().unwrap(),
            "--json",
            "And this one?",
        ]),
        0,
    );
    assert_eq!(
        follow["slots"][0]["text"],
        "Received image/png (30 bytes) and image/png (30 bytes)."
    );
    // OpenRouter refuses an image to a model listed with text input only: that column alone.
    assert_eq!(slots[1]["status"], "failed");
    assert!(
        slots[1]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("support image input"),
        "{}",
        slots[1]["error"]
    );
}

#[test]
fn a_file_that_cannot_be_sent_is_refused_before_anything_is_asked() {
    let data = tempfile::tempdir().unwrap();
    // Nothing listens here: a refusal must come before any request.
    let base = "http://127.0.0.1:9/api/v1";
    parallax(base, data.path())
        .args([
            "compare",
            "-m",
            "mock/vision",
            "--attach",
            "/no/such/photo.png",
            "hi",
        ])
        .assert()
        .code(2)
        .stderr(contains("/no/such/photo.png: no such file"));
    let bin = data.path().join("blob.bin");
    std::fs::write(&bin, [0u8, 159, 146, 150]).unwrap();
    parallax(base, data.path())
        .args([
            "compare",
            "-m",
            "mock/vision",
            "--attach",
            bin.to_str().unwrap(),
            "hi",
        ])
        .assert()
        .code(2)
        .stderr(contains("blob.bin is not a file a model can read"));
    let doc = json_exit(
        parallax(base, data.path()).args(["history", "list", "--json"]),
        0,
    );
    assert_eq!(doc.as_array().map_or(0, Vec::len), 0, "nothing was saved");
}
