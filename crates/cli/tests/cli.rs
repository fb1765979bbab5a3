//! `parallax` as a user runs it: a real process against the mock provider, a temporary data dir.

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;

mod common;
use common::{json_exit, json_of, mock, parallax, spawn_parallax};

#[test]
fn compare_json_reports_every_slot_and_is_saved() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    let doc = json_of(parallax(&base, data.path()).args([
        "compare",
        "-m",
        "mock/fast",
        "-m",
        "mock/fast",
        "-m",
        "mock/no-cost",
        "--json",
        "one two three",
    ]));
    let slots = doc["slots"].as_array().unwrap();
    assert_eq!(slots.len(), 3, "the same model twice is two slots");
    for s in slots {
        assert_eq!(s["status"], "done");
        assert!(
            s["ttft_ms"].as_u64().unwrap() >= 100,
            "the mock waits 100+ ms: {s}"
        );
        assert!(s["total_ms"].as_u64() >= s["ttft_ms"].as_u64());
        assert_eq!(s["usage"]["input_tokens"], 3);
        assert!(s["error"].is_null());
    }
    assert_eq!(slots[0]["usage"]["output_tokens"], 60);
    let billed = 3.0 * 0.000001 + 60.0 * 0.000002;
    assert!((slots[0]["cost"]["usd"].as_f64().unwrap() - billed).abs() < 1e-12);
    assert!(
        slots[2]["cost"]["usd"].is_null(),
        "no reported cost and no price: null, not 0"
    );

    let store = parallax_store::Store::open_in_dir(data.path()).unwrap();
    let saved = store.get_comparison(doc["id"].as_str().unwrap()).unwrap();
    assert_eq!(saved.slots.len(), 3);
    assert_eq!(saved.slots[0].text, slots[0]["text"].as_str().unwrap());
}

#[test]
fn a_failing_model_fails_only_its_slot_and_exits_1() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    let doc = json_exit(
        parallax(&base, data.path()).args([
            "compare",
            "-m",
            "mock/fast",
            "-m",
            "mock/bad-key",
            "--json",
            "hi",
        ]),
        1,
    );
    assert_eq!(doc["slots"][0]["status"], "done");
    assert_eq!(doc["slots"][1]["status"], "failed");
    assert_eq!(doc["slots"][1]["error"]["code"], "unauthorized");
    assert!(doc["slots"][1]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("rejected the API key"));
}

#[test]
fn table_output_and_prompt_from_stdin() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    let out = parallax(&base, data.path())
        .args(["compare", "-m", "mock/fast", "-m", "mock/no-cost", "-"])
        .write_stdin("a prompt from a pipe")
        .assert()
        .success()
        .stdout(
            contains("mock/fast")
                .and(contains("done"))
                .and(contains("TTFT ms")),
        )
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    // The cells of the table row whose model cell is `model` (or the header, for "model").
    let row = |model: &str| -> Vec<String> {
        out.lines()
            .map(|l| {
                l.split(['│', '┆'])
                    .map(|c| c.trim().to_owned())
                    .collect::<Vec<_>>()
            })
            .find(|cells| cells.get(2).map(String::as_str) == Some(model))
            .unwrap_or_else(|| panic!("no row for {model} in\n{out}"))
    };
    let cost = row("model")
        .iter()
        .position(|c| c == "cost")
        .unwrap_or_else(|| panic!("no cost column in\n{out}"));
    // The mock counts the prompt's 5 words as input: 5 at $1/M + 60 output at $2/M, billed.
    assert_eq!(row("mock/fast")[cost], "$0.000125 billed", "{out}");
    assert_eq!(
        row("mock/no-cost")[cost],
        "—",
        "no reported cost and no price: a dash, not $0\n{out}"
    );
}

#[test]
fn bad_usage_exits_2_with_a_message() {
    let data = tempfile::tempdir().unwrap();
    let base = "http://127.0.0.1:9/api/v1";
    parallax(base, data.path())
        .args(["compare", "hi"])
        .assert()
        .code(2)
        .stderr(contains("--model"));
    parallax(base, data.path())
        .args(["compare", "-m", "x", "   "])
        .assert()
        .code(2)
        .stderr(contains("prompt is empty"));
    parallax(base, data.path())
        .args(["frobnicate"])
        .assert()
        .code(2);
}

#[test]
fn a_corrupt_database_is_reported_and_kept() {
    let data = tempfile::tempdir().unwrap();
    let db = data.path().join("parallax.db");
    std::fs::write(&db, b"not sqlite at all, just some bytes ".repeat(200)).unwrap();
    parallax("http://127.0.0.1:9/api/v1", data.path())
        .args(["compare", "-m", "mock/fast", "hi"])
        .assert()
        .code(1)
        .stderr(contains("not a readable Parallax database").and(contains("parallax.db")));
    assert!(db.exists(), "never deleted");
}

#[test]
fn direct_providers_by_prefix_and_a_missing_key_fails_only_its_slot() {
    let base = mock();
    let root = base.trim_end_matches("/api/v1").to_owned();
    let data = tempfile::tempdir().unwrap();
    let doc = json_exit(
        parallax(&base, data.path())
            .env("ANTHROPIC_BASE_URL", &root)
            .env("OLLAMA_HOST", root.trim_start_matches("http://"))
            .args([
                "compare",
                "-m",
                "anthropic:mock/fast",
                "-m",
                "ollama:mock/thinker",
                "-m",
                "mock/fast",
                "-m",
                "gemini:gemini-2.5-flash",
                "--json",
                "one two",
            ]),
        1,
    );
    let slots = doc["slots"].as_array().unwrap();
    let providers: Vec<&str> = slots
        .iter()
        .map(|s| s["provider"].as_str().unwrap())
        .collect();
    assert_eq!(providers, ["anthropic", "ollama", "openrouter", "gemini"]);
    assert_eq!(slots[0]["status"], "done");
    assert_eq!(slots[0]["usage"]["output_tokens"], 60);
    assert_eq!(slots[1]["status"], "done");
    assert_eq!(slots[2]["status"], "done");
    assert_eq!(slots[3]["status"], "failed");
    assert_eq!(slots[3]["error"]["code"], "unauthorized");
    let msg = slots[3]["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("GEMINI_API_KEY"),
        "the message says how to fix it: {msg}"
    );
    assert!(
        slots[3]["ttft_ms"].is_null() && slots[3]["total_ms"].is_null(),
        "nothing was sent"
    );
}

#[test]
fn models_lists_every_providers_catalog_as_a_table_or_json() {
    let base = mock();
    let root = base.trim_end_matches("/api/v1").to_owned();
    let data = tempfile::tempdir().unwrap();
    parallax(&base, data.path())
        .args(["models", "--search", "fast"])
        .assert()
        .success()
        .stdout(
            contains("mock/fast")
                .and(contains("$1.00"))
                .and(contains("1 of ").and(contains("models from OpenRouter"))),
        );
    for (provider, env, value) in [
        ("anthropic", "ANTHROPIC_BASE_URL", root.clone()),
        ("gemini", "GEMINI_BASE_URL", root.clone()),
        ("ollama", "OLLAMA_HOST", root.clone()),
        ("openai", "OPENAI_BASE_URL", format!("{root}/v1")),
    ] {
        let list = json_of(parallax(&base, data.path()).env(env, &value).args([
            "models",
            "--provider",
            provider,
            "--json",
        ]));
        let ids: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap())
            .collect();
        assert!(ids.contains(&"mock/fast"), "{provider}: {ids:?}");
        assert_eq!(list[0]["provider"], provider);
    }
    parallax(&base, data.path())
        .args(["models", "--provider", "nosuch"])
        .assert()
        .code(2)
        .stderr(contains("neither a provider").and(contains("anthropic")));
}

#[test]
fn help_documents_the_model_syntax() {
    Command::cargo_bin("parallax")
        .unwrap()
        .args(["compare", "--help"])
        .assert()
        .success()
        .stdout(contains("PROVIDER:MODEL").and(contains("ENDPOINT:MODEL")));
}

#[test]
fn openai_gemini_and_a_custom_endpoint_through_the_cli() {
    let base = mock();
    let root = base.trim_end_matches("/api/v1").to_owned();
    let data = tempfile::tempdir().unwrap();
    {
        let store = parallax_store::Store::open_in_dir(data.path()).unwrap();
        let ep = parallax_store::CustomEndpoint {
            name: "lab".into(),
            base_url: format!("{root}/v1"),
            headers: vec![],
            key_header: None,
        };
        store.upsert_endpoint(&ep, 0).unwrap();
    }
    let doc = json_of(
        parallax(&base, data.path())
            .env("OPENAI_BASE_URL", format!("{root}/v1"))
            .env("GEMINI_BASE_URL", &root)
            .args([
                "compare",
                "-m",
                "openai:mock/fast",
                "-m",
                "gemini:mock/thinker",
                "-m",
                "lab:mock/fast",
                "--json",
                "hello",
            ]),
    );
    let slots = doc["slots"].as_array().unwrap();
    let providers: Vec<&str> = slots
        .iter()
        .map(|s| s["provider"].as_str().unwrap())
        .collect();
    assert_eq!(providers, ["openai", "gemini", "compatible:lab"]);
    assert!(slots.iter().all(|s| s["status"] == "done"), "{slots:?}");
    assert_eq!(
        slots[1]["usage"]["reasoning_tokens"], 30,
        "Gemini thoughts counted"
    );
    assert!(
        slots[0]["cost"]["usd"].is_null(),
        "OpenAI reports no cost and no price was given: null"
    );
}

#[test]
fn a_run_killed_mid_stream_leaves_interrupted_slots_with_their_text() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    let mut child = spawn_parallax(
        &base,
        data.path(),
        &[
            "compare",
            "-m",
            "mock/custom@ttft=50,tps=20,tokens=400",
            "--json",
            "a long answer please",
        ],
    );
    // Wait until the partial text has reached the database (flushed every 250 ms).
    let saved = wait_for_words(data.path(), 5);
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();

    let after = parallax_store::Store::open_in_dir(data.path()).unwrap();
    assert_eq!(
        after.recover_interrupted(0).unwrap(),
        1,
        "the dead run's slot is recovered"
    );
    let id = after.list_comparisons(1, None).unwrap()[0].id.clone();
    let slot = &after.get_comparison(&id).unwrap().slots[0];
    assert_eq!(slot.status, parallax_store::SlotStatus::Interrupted);
    assert!(
        slot.text.starts_with(&saved),
        "the text saved before the kill is kept: {:?}",
        slot.text
    );
    assert!(slot.text.split(' ').count() < 400, "it was cut");
}

/// Issue 9: an answer that streamed and then went silent is in the database before the kill,
/// although no further event arrived to trigger a save.
#[test]
fn a_run_killed_during_a_stall_keeps_the_text_that_came_before_it() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    // 10 tokens by ~200 ms, then silence (the stall limit is 60 s).
    let mut child = spawn_parallax(
        &base,
        data.path(),
        &["compare", "-m", "mock/stalls-midway", "--json", "hello"],
    );
    let reader = parallax_store::Store::open_in_dir(data.path()).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while reader.list_comparisons(1, None).unwrap().is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "the run never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Well past the text and one flush period (250 ms), still inside the stall.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let after = parallax_store::Store::open_in_dir(data.path()).unwrap();
    assert_eq!(after.recover_interrupted(0).unwrap(), 1);
    let id = after.list_comparisons(1, None).unwrap()[0].id.clone();
    let slot = &after.get_comparison(&id).unwrap().slots[0];
    assert_eq!(slot.status, parallax_store::SlotStatus::Interrupted);
    let expected: Vec<&str> = (0..10).map(mock_provider::script_word).collect();
    assert_eq!(
        slot.text,
        expected.join(" "),
        "every streamed word was saved"
    );
    drop(reader);
}

/// Issue 9: a refused and a truncated answer are not "done": the table says what they are,
/// a line says why, `--json` carries the status and the speed basis, the exit code is 1, and
/// `history list --status refused` finds the comparison.
#[test]
fn refused_and_truncated_answers_are_named_in_the_table_and_json() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    let out = parallax(&base, data.path())
        .args([
            "compare",
            "-m",
            "mock/refuses",
            "-m",
            "mock/truncated",
            "hi",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let status_of = |model: &str| {
        out.lines()
            .find(|l| l.contains(model) && (l.contains('│') || l.contains('┆')))
            .unwrap_or_else(|| panic!("no row for {model}:\n{out}"))
            .split(['│', '┆'])
            .map(str::trim)
            .nth(3)
            .unwrap()
            .to_owned()
    };
    assert_eq!(status_of("mock/refuses"), "refused");
    assert_eq!(status_of("mock/truncated"), "truncated");
    assert!(
        out.contains("mock/refuses [refused]: the model declined or a safety filter stopped it"),
        "{out}"
    );
    assert!(
        out.contains("mock/truncated [truncated]: cut short at the length limit"),
        "{out}"
    );

    let doc = json_exit(
        parallax(&base, data.path()).args(["compare", "-m", "mock/truncated", "--json", "hi"]),
        1,
    );
    assert_eq!(doc["slots"][0]["status"], "truncated");
    assert_eq!(doc["slots"][0]["speed"]["basis"], "generation");

    let listed = json_of(
        parallax(&base, data.path()).args(["history", "list", "--status", "refused", "--json"]),
    );
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
}

#[test]
fn variants_variables_and_repeats_expand_into_slots() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    let doc = json_of(parallax(&base, data.path()).args([
        "compare",
        "-m",
        "mock/fast",
        "--repeat",
        "2",
        "--var",
        "city=Lyon",
        "--var",
        "n=3",
        "--variant",
        "In {{city}}, what are {{n}} things to see?",
        "--json",
        "Top {{n}} sights in {{city}}",
    ]));
    let slots = doc["slots"].as_array().unwrap();
    assert_eq!(slots.len(), 4, "2 variants × 1 model × 2 repeats");
    let shape: Vec<(u64, u64)> = slots
        .iter()
        .map(|s| {
            (
                s["variant"].as_u64().unwrap(),
                s["repeat"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(shape, [(0, 0), (0, 1), (1, 0), (1, 1)]);
    assert_eq!(slots[0]["prompt"], "Top 3 sights in Lyon");
    assert_eq!(
        slots[0]["usage"]["input_tokens"], 5,
        "the rendered prompt is what was sent"
    );
    assert_eq!(slots[2]["prompt"], "In Lyon, what are 3 things to see?");
    assert_eq!(slots[2]["usage"]["input_tokens"], 8);

    parallax(&base, data.path())
        .args(["compare", "-m", "mock/fast", "Hello {{name}}"])
        .assert()
        .code(2)
        .stderr(contains(
            "the prompt uses {{name}} but no value was given for it",
        ));
    parallax(&base, data.path())
        .args(["compare", "-m", "mock/fast", "--var", "novalue", "hi"])
        .assert()
        .code(2)
        .stderr(contains("NAME=VALUE"));
    parallax(&base, data.path())
        .args(["compare", "-m", "mock/fast", "--repeat", "0", "hi"])
        .assert()
        .code(2);
}

#[test]
fn a_comparison_can_be_continued_with_every_model_or_the_winner() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    let first = json_of(parallax(&base, data.path()).args([
        "compare",
        "-m",
        "mock/fast",
        "-m",
        "mock/no-cost",
        "--json",
        "one two three",
    ]));
    let id = first["id"].as_str().unwrap();
    let next = json_of(parallax(&base, data.path()).args([
        "compare",
        "--continue",
        id,
        "--winner",
        "1",
        "--json",
        "go on",
    ]));
    let slots = next["slots"].as_array().unwrap();
    assert_eq!(slots.len(), 1, "only the winner continues");
    assert_eq!(slots[0]["model"], "mock/no-cost");
    // 3 words asked + 30 answered + 2 now: the conversation was sent.
    assert_eq!(slots[0]["usage"]["input_tokens"], 35);
    parallax(&base, data.path())
        .args(["compare", "--continue", "01NOSUCHCOMPARISON", "more"])
        .assert()
        .code(2)
        .stderr(contains("no comparison with id"));
    parallax(&base, data.path())
        .args(["compare", "--continue", id, "-m", "mock/fast", "more"])
        .assert()
        .code(2);
}

#[test]
fn history_lists_searches_shows_and_deletes() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    let id = json_of(parallax(&base, data.path()).args([
        "compare",
        "-m",
        "mock/fast",
        "--json",
        "Why is the sky blue?",
    ]))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    parallax(&base, data.path())
        .args(["history", "list"])
        .assert()
        .success()
        .stdout(contains(id.as_str()).and(contains("Why is the sky blue?")));
    let page =
        json_of(parallax(&base, data.path()).args(["history", "search", "guessing", "--json"]));
    let hits = &page["hits"];
    assert_eq!(
        hits[0]["comparison_id"],
        id.as_str(),
        "found by a word of the answer"
    );
    assert!(hits[0]["snippet"].as_str().unwrap().contains("«guessing»"));
    parallax(&base, data.path())
        .args(["history", "search", "nonexistentword"])
        .assert()
        .success()
        .stdout(contains("No answer matches"));
    parallax(&base, data.path())
        .args(["history", "show", &id])
        .assert()
        .success()
        .stdout(contains("mock/fast").and(contains("Parallax streams every answer")));
    parallax(&base, data.path())
        .args(["history", "delete", &id])
        .assert()
        .success();
    parallax(&base, data.path())
        .args(["history", "show", &id])
        .assert()
        .code(2)
        .stderr(contains("no comparison with id"));
    // A page after a comparison deleted since is refused by name, not "No comparison matches."
    // (which read as the end of the history).
    parallax(&base, data.path())
        .args(["history", "list", "--before", &id])
        .assert()
        .code(2)
        .stderr(contains(format!("no comparison with id {id}")))
        .stdout(contains("No comparison matches").not());
}

#[test]
fn history_export_writes_markdown_json_and_csv() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    let id = json_exit(
        parallax(&base, data.path()).args([
            "compare",
            "-m",
            "mock/fast",
            "-m",
            "mock/bad-key",
            "--json",
            "Export me",
        ]),
        1,
    )["id"]
        .as_str()
        .unwrap()
        .to_owned();
    parallax(&base, data.path())
        .args(["history", "export", &id])
        .assert()
        .success()
        .stdout(
            contains("# Export me")
                .and(contains("| 0 | mock/fast | done |"))
                .and(contains("> **unauthorized:**")),
        );
    let file = data.path().join("out.json");
    parallax(&base, data.path())
        .args([
            "history",
            "export",
            &id,
            "--format",
            "json",
            "--out",
            file.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stderr(contains("Wrote"));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(doc["comparison"]["id"], id.as_str());
    parallax(&base, data.path())
        .args(["history", "export", &id, "--format", "csv"])
        .assert()
        .success()
        .stdout(contains("comparison_id,created_at_ms").and(contains("mock/bad-key")));
    parallax(&base, data.path())
        .args(["history", "export", &id, "--out", "/nonexistent/dir/x.md"])
        .assert()
        .code(1)
        .stderr(contains("could not write /nonexistent/dir/x.md"));
    parallax(&base, data.path())
        .args(["history", "export", &id, "--format", "pdf"])
        .assert()
        .code(2);
}

#[test]
fn history_import_and_backup() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    let id = json_of(parallax(&base, data.path()).args([
        "compare",
        "-m",
        "mock/fast",
        "--json",
        "Move me",
    ]))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let file = data.path().join("c.json");
    parallax(&base, data.path())
        .args([
            "history",
            "export",
            &id,
            "--format",
            "json",
            "--out",
            file.to_str().unwrap(),
        ])
        .assert()
        .success();

    let other = tempfile::tempdir().unwrap();
    parallax(&base, other.path())
        .args(["history", "import", file.to_str().unwrap()])
        .assert()
        .success()
        .stdout(contains("Imported"));
    parallax(&base, other.path())
        .args(["history", "show", &id])
        .assert()
        .success()
        .stdout(contains("Move me"));
    parallax(&base, other.path())
        .args(["history", "import", file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(contains("already in this history"));
    let junk = other.path().join("junk.json");
    std::fs::write(&junk, "{\"not\": \"an export\"}").unwrap();
    parallax(&base, other.path())
        .args(["history", "import", junk.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(contains("not a Parallax export"));

    let backup = other.path().join("backup.db");
    parallax(&base, data.path())
        .args(["history", "backup", backup.to_str().unwrap()])
        .assert()
        .success();
    assert!(parallax_store::Store::open(&backup)
        .unwrap()
        .get_comparison(&id)
        .is_ok());
    parallax(&base, data.path())
        .args(["history", "backup", backup.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(contains("already exists"))
        .stderr(contains("data directory").not());
    // What a backup killed part-way left (its temporary file and journal) does not block the
    // next one, which replaces it and leaves none behind.
    let again = other.path().join("again.db");
    std::fs::write(other.path().join("again.db.part"), b"half a backup").unwrap();
    std::fs::write(other.path().join("again.db.part-journal"), b"junk").unwrap();
    parallax(&base, data.path())
        .args(["history", "backup", again.to_str().unwrap()])
        .assert()
        .success();
    assert!(parallax_store::Store::open(&again)
        .unwrap()
        .get_comparison(&id)
        .is_ok());
    assert!(!other.path().join("again.db.part").exists());
    assert!(!other.path().join("again.db.part-journal").exists());

    // An export to a file that exists is refused (as a backup is) unless --force replaces it.
    let md = other.path().join("answer.md");
    std::fs::write(&md, "my notes").unwrap();
    parallax(&base, data.path())
        .args(["history", "export", &id, "--out", md.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(contains("already exists"))
        .stderr(contains("--force"));
    assert_eq!(std::fs::read_to_string(&md).unwrap(), "my notes");
    parallax(&base, data.path())
        .args([
            "history",
            "export",
            &id,
            "--out",
            md.to_str().unwrap(),
            "--force",
        ])
        .assert()
        .success();
    assert!(std::fs::read_to_string(&md).unwrap().contains("Move me"));
    assert!(!other.path().join("answer.md.part").exists());
}

/// The built-in demo models need no key, no network and no mock process: `demo:…` is served
/// in-process with made-up prices, and each failure kind fails only its own column.
#[test]
fn demo_models_answer_offline_with_made_up_prices_and_failures_in_their_own_column() {
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/api/v1", l.local_addr().unwrap())
    };
    let data = tempfile::tempdir().unwrap();
    let doc = json_exit(
        parallax(&dead, data.path()).args([
            "compare",
            "-m",
            "demo:fast",
            "-m",
            "demo:thinker",
            "-m",
            "demo:bad-key",
            "--json",
            "hello world",
        ]),
        1,
    );
    let slots = doc["slots"].as_array().unwrap();
    assert_eq!(slots[0]["status"], "done");
    assert_eq!(slots[0]["provider"], "demo");
    let text = slots[0]["text"].as_str().unwrap();
    assert!(text.starts_with("A demo answer, made up"), "{text}");
    // 2 words in; the fast model's written answer is 62 words; $0.10 / $0.40 per million.
    assert_eq!(slots[0]["usage"]["input_tokens"], 2);
    assert_eq!(slots[0]["usage"]["output_tokens"], 62);
    let fast = 2.0 * 0.10e-6 + 62.0 * 0.40e-6;
    assert!((slots[0]["cost"]["usd"].as_f64().unwrap() - fast).abs() < 1e-12);
    assert_eq!(slots[0]["cost"]["source"], "billed");
    // The reasoning model: 40 reasoning tokens shown apart, then 56 words; $2 / $8 per million.
    assert_eq!(slots[1]["status"], "done");
    assert_eq!(slots[1]["usage"]["reasoning_tokens"], 40);
    assert_eq!(slots[1]["usage"]["output_tokens"], 96);
    assert!(!slots[1]["reasoning"].as_str().unwrap_or("").is_empty());
    let thinker = 2.0 * 2e-6 + 96.0 * 8e-6;
    assert!((slots[1]["cost"]["usd"].as_f64().unwrap() - thinker).abs() < 1e-12);
    // A refused key fails only its column, with the provider's code.
    assert_eq!(slots[2]["status"], "failed");
    assert_eq!(slots[2]["error"]["code"], "unauthorized");
}

/// Before any fetch, `models --offline` lists the OpenRouter catalog bundled with parallax and
/// says so; other providers still have nothing to show.
#[test]
fn offline_models_fall_back_to_the_bundled_openrouter_catalog() {
    let data = tempfile::tempdir().unwrap();
    let out = parallax("http://127.0.0.1:9/api/v1", data.path())
        .args(["models", "--offline", "--json"])
        .assert()
        .success()
        .get_output()
        .clone();
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 414);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bundled with parallax"), "{err}");
    assert!(err.contains("2026-08-14"), "{err}");
    parallax("http://127.0.0.1:9/api/v1", data.path())
        .args(["models", "--offline", "-p", "anthropic"])
        .assert()
        .code(1);
}

/// `parallax diff`: one saved answer against another, word by word, in git's plain word-diff
/// markers when not coloring; a column that does not exist is a usage error.
#[test]
fn diff_shows_word_differences_between_saved_answers() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    // The mock's answers are its vocabulary in order: "Parallax streams every answer side …".
    let doc = json_of(parallax(&base, data.path()).args([
        "compare",
        "-m",
        "mock/custom@ttft=10,tokens=3",
        "-m",
        "mock/custom@ttft=10,tokens=5",
        "--json",
        "hi",
    ]));
    let id = doc["id"].as_str().unwrap();
    let out = parallax(&base, data.path())
        .args(["diff", id, "--color", "never"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("Parallax streams every{+ answer side+}"),
        "{out}"
    );
    let spans = json_of(parallax(&base, data.path()).args(["diff", id, "--json"]));
    assert_eq!(
        spans,
        serde_json::json!([
            {"change": "same", "text": "Parallax streams every"},
            {"change": "added", "text": " answer side"}
        ])
    );
    parallax(&base, data.path())
        .args(["diff", id, "--column", "2"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("columns 0 to 1"));
}

/// `parallax history judge`: a judge model's verdict saved as a judge vote (the demo judge
/// always picks answer A, here column 0); a judge with no verdict line fails and votes nothing.
#[test]
fn history_judge_saves_the_judges_verdict_as_a_judge_vote() {
    let data = tempfile::tempdir().unwrap();
    let nowhere = "http://127.0.0.1:9/api/v1";
    let doc = json_of(parallax(nowhere, data.path()).args([
        "compare",
        "-m",
        "demo:fast",
        "-m",
        "demo:medium",
        "--json",
        "hi",
    ]));
    let id = doc["id"].as_str().unwrap();
    let j = json_of(parallax(nowhere, data.path()).args([
        "history",
        "judge",
        id,
        "-m",
        "demo:judge",
        "--json",
    ]));
    assert_eq!(j["winner"], 0);
    assert_eq!(j["vote"]["voter"], "judge:demo:judge");
    parallax(nowhere, data.path())
        .args(["history", "judge", id, "-m", "demo:fast"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("no VERDICT line"));
    let shown = json_of(parallax(nowhere, data.path()).args(["history", "show", id, "--json"]));
    assert_eq!(shown["votes"].as_array().unwrap().len(), 1);
}

/// `models calc`, `models endpoints` and `models show` against the mock's catalog, figures by
/// hand: mock/premium lists $15 in and $75 out per million.
#[test]
fn models_calc_endpoints_and_show_give_the_prices_views_figures() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    parallax(&base, data.path())
        .args(["models", "refresh"])
        .assert()
        .success();
    let costs = json_of(parallax(&base, data.path()).args([
        "models",
        "calc",
        "--in",
        "1000",
        "--out",
        "100",
        "--requests",
        "2",
        "--json",
    ]));
    let premium = costs
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["model"] == "mock/premium")
        .unwrap();
    // (1,000 × $15 + 100 × $75) / 1e6 = $0.0225 per request, two requests.
    assert!(
        (premium["usd"].as_f64().unwrap() - 0.045).abs() < 1e-12,
        "{premium}"
    );
    // Cheapest first: the first row is a free model.
    assert_eq!(costs[0]["usd"], 0.0);
    parallax(&base, data.path())
        .args([
            "models",
            "calc",
            "--in",
            "1",
            "--out",
            "1",
            "--cache-hit",
            "2",
        ])
        .assert()
        .code(2);

    let e = json_of(parallax(&base, data.path()).args([
        "models",
        "endpoints",
        "mock/premium",
        "--json",
    ]));
    let list = e["endpoints"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["provider_name"], "MockCloud");
    assert_eq!(list[1]["prompt_price"]["usd"], 12.0, "80 % of $15");

    let shown =
        json_of(parallax(&base, data.path()).args(["models", "show", "mock/premium", "--json"]));
    assert_eq!(shown["model"]["context_length"], 200000);
    assert_eq!(shown["price_history"][0]["kind"], "listed");
    parallax(&base, data.path())
        .args(["models", "show", "nobody/nothing"])
        .assert()
        .code(2);
}

/// Model output that would drive a terminal (OSC 52 clipboard write, a title, a screen clear,
/// a carriage return, an OSC 8 link) is shown with its control characters made visible —
/// in `compare`, `history show`, `history search` and an export to stdout — and written raw
/// only when asked (`--raw`, or a file).
#[test]
fn untrusted_text_reaches_the_terminal_made_visible() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    let stdout_of = |args: &[&str]| -> String {
        let out = parallax(&base, data.path()).args(args).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let doc = json_of(parallax(&base, data.path()).args([
        "compare",
        "-m",
        "mock/hostile",
        "--json",
        "hi",
    ]));
    let id = doc["id"].as_str().unwrap().to_owned();
    // The answer itself is kept exactly (JSON escapes it).
    assert!(doc["slots"][0]["text"]
        .as_str()
        .unwrap()
        .contains("\u{1b}]52;"));
    let shown = stdout_of(&["history", "show", &id]);
    let search = stdout_of(&["history", "search", "Hello"]);
    let export = stdout_of(&["history", "export", &id, "--format", "markdown"]);
    for (what, text) in [("show", &shown), ("search", &search), ("export", &export)] {
        assert!(
            !text.contains('\u{1b}'),
            "{what}: an escape reached the terminal: {text:?}"
        );
        assert!(
            !text.contains('\u{7}') && !text.contains('\r'),
            "{what}: {text:?}"
        );
    }
    assert!(shown.contains("␛]52;c;cm0gLXJmIH4K␇"), "{shown}");
    assert!(shown.contains("␍overwritten"), "{shown}");
    let raw = stdout_of(&["history", "export", &id, "--format", "markdown", "--raw"]);
    assert!(
        raw.contains("\u{1b}]52;c;"),
        "--raw writes the answer as it is"
    );
}

/// Waits until the newest comparison's first answer has at least `words` words saved.
fn wait_for_words(data: &std::path::Path, words: usize) -> String {
    let reader = parallax_store::Store::open_in_dir(data).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        if let Some(c) = reader.list_comparisons(1, None).unwrap().first() {
            let text = reader.get_comparison(&c.id).unwrap().slots[0].text.clone();
            if text.split(' ').count() >= words {
                return text;
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "partial text never reached the database"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// SIGTERM (what `timeout` and CI runners send) and SIGHUP stop a run as Ctrl+C does: the
/// partial answer is saved as cancelled, the result is printed, and the exit code is 128 + the
/// signal's number.
#[test]
fn sigterm_and_sighup_cancel_the_run_and_keep_what_arrived() {
    let base = mock();
    for (signal, code) in [("TERM", 143), ("HUP", 129)] {
        let data = tempfile::tempdir().unwrap();
        let child = spawn_parallax(
            &base,
            data.path(),
            &[
                "compare",
                "-m",
                "mock/custom@ttft=50,tps=20,tokens=400",
                "--json",
                "a long answer please",
            ],
        );
        let saved = wait_for_words(data.path(), 5);
        let killed = std::process::Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(code), "SIG{signal}");
        let doc: Value = serde_json::from_slice(&out.stdout).expect("the result is printed");
        let slot = &doc["slots"][0];
        assert_eq!(slot["status"], "cancelled", "SIG{signal}: {slot}");
        assert!(slot["text"].as_str().unwrap().starts_with(&saved));
        let store = parallax_store::Store::open_in_dir(data.path()).unwrap();
        let id = doc["id"].as_str().unwrap();
        assert_eq!(
            store.get_comparison(id).unwrap().slots[0].status,
            parallax_store::SlotStatus::Cancelled,
            "saved as cancelled, not left streaming"
        );
    }
}

/// After a crash, any command that opens the history sees the dead run's answer as
/// interrupted — `history list --status interrupted` finds it with no `compare` in between.
#[test]
fn any_command_sees_a_crashed_runs_answers_as_interrupted() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    let mut child = spawn_parallax(
        &base,
        data.path(),
        &[
            "compare",
            "-m",
            "mock/custom@ttft=50,tps=20,tokens=400",
            "--json",
            "a long answer please",
        ],
    );
    wait_for_words(data.path(), 5);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let listed = json_of(parallax(&base, data.path()).args([
        "history",
        "list",
        "--status",
        "interrupted",
        "--json",
    ]));
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    let id = listed[0]["id"].as_str().unwrap();
    let shown = json_of(parallax(&base, data.path()).args(["history", "show", id, "--json"]));
    assert_eq!(shown["slots"][0]["status"], "interrupted");
    assert!(
        shown["slots"][0]["ttft_ms"].as_u64().is_some(),
        "the TTFT measured before the crash"
    );
}

/// When the history cannot be written as an answer ends (here another process holds the
/// database locked past the 5 s busy timeout, as a full disk or a read-only file would refuse
/// it), the answer is still printed, the reason names the file, and the exit code is 74
/// (EX_IOERR); what was saved before is not lost.
#[test]
fn an_answer_that_cannot_be_saved_is_printed_said_and_exits_74() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    // ~2 s of answer: 40 tokens at 20/s.
    let child = spawn_parallax(
        &base,
        data.path(),
        &[
            "compare",
            "-m",
            "mock/custom@ttft=50,tps=20,tokens=40",
            "--json",
            "please answer",
        ],
    );
    wait_for_words(data.path(), 3);
    // Another process takes the write lock until well after the answer ends.
    let db = data.path().join("parallax.db");
    let release = rusqlite_lock(&db);
    let out = child.wait_with_output().unwrap();
    release.send(()).unwrap();
    assert_eq!(out.status.code(), Some(74));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("the result is printed");
    let slot = &doc["slots"][0];
    assert_eq!(slot["status"], "done");
    let expected: Vec<&str> = (0..40).map(mock_provider::script_word).collect();
    assert_eq!(
        slot["text"],
        expected.join(" "),
        "the whole answer, printed"
    );
    let why = slot["unsaved"].as_str().expect("says it was not saved");
    assert!(why.contains("parallax.db"), "{why}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("could not be saved") && err.contains("parallax.db"),
        "{err}"
    );
    // The history kept what was saved before; the next command sees it as interrupted.
    let listed = json_of(parallax(&base, data.path()).args([
        "history",
        "list",
        "--status",
        "interrupted",
        "--json",
    ]));
    assert_eq!(listed.as_array().unwrap().len(), 1);
}

/// Takes SQLite's write lock on `db` in a thread of this process and holds it until the
/// returned sender is sent to.
fn rusqlite_lock(db: &std::path::Path) -> std::sync::mpsc::Sender<()> {
    let db = db.to_owned();
    let (locked_tx, locked) = std::sync::mpsc::channel();
    let (release, released) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        locked_tx.send(()).unwrap();
        let _ = released.recv();
        conn.execute_batch("COMMIT").unwrap();
    });
    locked.recv().unwrap();
    release
}

/// Issue 14: a proxy that echoes the request (its `Authorization` header) into the answer. The
/// key is taken out of the answer before it is printed, saved or exported; the rest stays.
#[test]
fn a_key_echoed_into_an_answer_is_not_printed_saved_or_exported() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    let secret = "sk-or-v1-ECHOED0123456789abcdef";
    let doc = json_of(
        parallax(&base, data.path())
            .env("OPENROUTER_API_KEY", secret)
            .args([
                "compare",
                "-m",
                "mock/fast@echo_key=1,tokens=8",
                "--json",
                "hi",
            ]),
    );
    let text = doc["slots"][0]["text"].as_str().unwrap();
    assert!(
        text.contains("the proxy saw authorization: Bearer [redacted]"),
        "the echo, without the key: {text}"
    );
    let id = doc["id"].as_str().unwrap().to_owned();
    for format in ["json", "markdown", "csv"] {
        let out = parallax(&base, data.path())
            .args(["history", "export", "--raw", "--format", format, &id])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let out = String::from_utf8_lossy(&out);
        assert!(out.contains("[redacted]"), "{format}: {out}");
        assert!(!out.contains("ECHOED0123"), "{format} export holds the key");
    }
    for entry in std::fs::read_dir(data.path()).unwrap().flatten() {
        if entry.path().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(
                !bytes.windows(10).any(|w| w == b"ECHOED0123"),
                "{} holds the key",
                entry.path().display()
            );
        }
    }
}

/// Issue 14: a compare that exits 1 (a failed answer) or 0 leaves no owner lock file behind
/// (each one used to stay in `owners/` forever).
#[test]
fn a_finished_compare_leaves_no_owner_lock_behind() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    parallax(&base, data.path())
        .args([
            "compare",
            "-m",
            "mock/fast",
            "-m",
            "mock/custom@status=500",
            "hi",
        ])
        .assert()
        .code(1);
    parallax(&base, data.path())
        .args(["compare", "-m", "mock/fast", "hi"])
        .assert()
        .success();
    let left: Vec<_> = std::fs::read_dir(data.path().join("owners"))
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "owner locks left behind: {left:?}");
}

#[test]
fn a_provider_prefix_without_a_model_is_a_usage_error() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    for m in ["openai:", "anthropic:"] {
        parallax(&base, data.path())
            .args(["compare", "-m", m, "hi"])
            .assert()
            .code(2)
            .stderr(contains("names no model"));
    }
    parallax(&base, data.path())
        .args(["compare", "-m", "mock/fast", "--param", "fallback=", "hi"])
        .assert()
        .code(2)
        .stderr(contains("fallback takes a model id"));
}
