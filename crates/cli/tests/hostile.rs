//! The hostile-output corpus (issue 14) through the CLI: every payload of the mock's corpus
//! (`mock/custom@corpus=1`: markup, links, bidi and zero-width characters, terminal escapes —
//! OSC 52/0/8, clears, the alternate screen, C1, DCS, CR, BEL, BS, NUL — and a list nested 100
//! deep) streamed into `compare`, then read back by `history show`, `history search` and every
//! export to standard output. No control sequence and no bidi control reaches the terminal;
//! `--raw` hands the answer back byte for byte (so the payloads did reach the history).

use predicates::prelude::*;

mod common;
use common::{json_of, mock, parallax};

/// What a terminal would obey: C0 controls but newline and tab, DEL, C1 (U+0080–U+009F), and
/// the bidi embedding/override/isolate controls.
fn obeyed(text: &str) -> Vec<String> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .map(|c| format!("U+{:04X}", c as u32))
        .collect()
}

#[test]
fn no_payload_of_the_corpus_reaches_the_terminal_as_a_control() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    // Enough tokens for every payload of the corpus at least once.
    let model = "mock/custom@corpus=1,tokens=150";
    let table = parallax(&base, data.path())
        .args(["compare", "-m", model, "Say everything hostile"])
        .assert()
        .success()
        .get_output()
        .clone();
    let said = String::from_utf8(table.stdout).unwrap() + &String::from_utf8(table.stderr).unwrap();
    assert_eq!(
        obeyed(&said),
        Vec::<String>::new(),
        "compare's table: {said}"
    );

    let doc = json_of(parallax(&base, data.path()).args(["history", "list", "--json"]));
    let id = doc[0]["id"].as_str().unwrap().to_owned();
    let reads: Vec<Vec<&str>> = vec![
        vec!["history", "show", &id],
        vec!["history", "search", "pwned"],
        vec!["history", "export", &id, "--format", "markdown"],
        vec!["history", "export", &id, "--format", "json"],
        vec!["history", "export", &id, "--format", "csv"],
    ];
    for args in reads {
        let out = parallax(&base, data.path())
            .args(&args)
            .assert()
            .success()
            .get_output()
            .clone();
        let text = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
        assert!(text.contains("pwned"), "{args:?} shows the answer: {text}");
        assert_eq!(obeyed(&text), Vec::<String>::new(), "{args:?}");
    }

    // The control: --raw writes the answer as the model wrote it, escapes and all.
    parallax(&base, data.path())
        .args(["history", "export", &id, "--format", "markdown", "--raw"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}]52;c;"))
        .stdout(predicate::str::contains("\u{202e}"));
}
