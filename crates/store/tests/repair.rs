//! A history with a damaged page (issue 14): `check_database` says it is damaged and where,
//! reading the damaged part gives an error that names the file and the way out, `move-aside`
//! accepts it, and `recover_database` keeps every row that can be read, with its search index,
//! and the damaged file beside it untouched.
//!
//! The damage is made by hand from SQLite's file format (`damage_newest_answers`): the slots
//! table's last leaf page (its newest answers) gets a b-tree page type that does not exist. How
//! many answers that loses is read from that page's own header, not from the code under test.

use std::path::PathBuf;

use parallax_store::repair_testing::damage_newest_answers;
use parallax_store::seed::{seed_history, SeedOptions};
use parallax_store::{
    check_database, move_aside_if_corrupt, recover_database, HistoryFilter, NewComparison, NewSlot,
    Store, StoreError,
};

const END: i64 = 1_790_000_000_000;

struct Damaged {
    _dir: tempfile::TempDir,
    path: PathBuf,
    answers_before: i64,
    answers_on_the_page: i64,
    newest: String,
    oldest: String,
    oldest_word: String,
}

fn damaged_history() -> Damaged {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("parallax.db");
    let (newest, oldest, oldest_word) = {
        let store = Store::open(&path).unwrap();
        let opts = SeedOptions {
            comparisons: 400,
            seed: 11,
            end_ms: END,
            days: 30,
            answer_words: (20, 60),
            count_words: false,
        };
        seed_history(&store, &opts, |_| {}).unwrap();
        let newest = store.list_comparisons(1, None).unwrap()[0].id.clone();
        let mut before = None;
        let mut last = String::new();
        loop {
            let page = store.list_comparisons(100, before.as_deref()).unwrap();
            let Some(c) = page.last() else { break };
            last = c.id.clone();
            before = Some(last.clone());
        }
        let oldest = store.get_comparison(&last).unwrap();
        let text = &oldest
            .slots
            .iter()
            .find(|s| !s.text.is_empty())
            .unwrap()
            .text;
        // Its longest word: the seeded words are made up, the long ones rare.
        let word = text
            .split(|c: char| !c.is_alphanumeric())
            .max_by_key(|w| w.len())
            .unwrap()
            .to_owned();
        (newest, last, word)
    };
    let conn = rusqlite::Connection::open(&path).unwrap();
    let answers_before: i64 = conn
        .query_row("SELECT count(*) FROM slots", [], |r| r.get(0))
        .unwrap();
    drop(conn);
    let answers_on_the_page = damage_newest_answers(&path) as i64;
    Damaged {
        _dir: dir,
        path,
        answers_before,
        answers_on_the_page,
        newest,
        oldest,
        oldest_word,
    }
}

#[test]
fn check_finds_the_damaged_table_and_says_so() {
    let d = damaged_history();
    for quick in [true, false] {
        let report = check_database(&d.path, quick).unwrap();
        assert!(
            !report.ok(),
            "quick={quick}: a damaged page passed the check"
        );
        assert!(
            report.damaged.iter().any(|t| t == "slots"),
            "quick={quick}: the damaged table is not named: {:?} / {:?}",
            report.damaged,
            report.problems
        );
    }
}

#[test]
fn a_sound_history_passes_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("parallax.db");
    drop(Store::open(&path).unwrap());
    let report = check_database(&path, false).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    assert!(report.damaged.is_empty());
    // …and move-aside refuses it.
    let e = move_aside_if_corrupt(&path, 1).unwrap_err();
    assert!(e.to_string().contains("passes"), "{e}");
    assert!(path.exists());
}

#[test]
fn reading_the_damaged_part_names_the_file_and_the_way_out() {
    let d = damaged_history();
    let store = Store::open(&d.path).expect("the schema pages are intact: it opens");
    let e = store.get_comparison(&d.newest).unwrap_err();
    assert!(matches!(e, StoreError::Damaged { .. }), "{e:?}");
    assert_eq!(e.code(), "database_damaged");
    let message = e.to_string();
    assert!(message.contains(&d.path.display().to_string()), "{message}");
    assert!(message.contains("parallax db recover"), "{message}");
    assert!(!message.contains("database error"), "{message}");

    // Once a damaged page has been met, this process writes no more history into the file: a
    // new comparison (which would land on undamaged pages) is refused with the same message.
    let new = NewComparison {
        parent_id: None,
        prompt: "after the damage".into(),
        system: None,
        slots: vec![NewSlot {
            provider: "openrouter".into(),
            model: "openai/gpt-4o-mini".into(),
            ..Default::default()
        }],
    };
    let e = store.create_comparison(&new, END + 1).unwrap_err();
    assert_eq!(e.code(), "database_damaged", "{e}");
    drop(store);
    let plain = rusqlite::Connection::open(&d.path).unwrap();
    let written: i64 = plain
        .query_row(
            "SELECT count(*) FROM comparisons WHERE prompt = 'after the damage'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(written, 0);
}

#[test]
fn move_aside_takes_a_damaged_history_that_opens() {
    let d = damaged_history();
    let bytes = std::fs::read(&d.path).unwrap();
    let moved = move_aside_if_corrupt(&d.path, 42).unwrap();
    assert!(moved.to_string_lossy().ends_with("parallax.db.corrupt-42"));
    assert!(!d.path.exists());
    assert_eq!(
        std::fs::read(&moved).unwrap(),
        bytes,
        "the moved file was changed"
    );
}

#[test]
fn recover_keeps_what_can_be_read_and_the_damaged_file() {
    let d = damaged_history();
    let damaged_bytes = std::fs::read(&d.path).unwrap();
    let report = recover_database(&d.path, 7).unwrap();

    let kept = d.path.with_file_name("parallax.db.damaged-7");
    assert_eq!(report.damaged_kept_at, kept);
    assert_eq!(
        std::fs::read(&kept).unwrap(),
        damaged_bytes,
        "the damaged file must be kept as it was"
    );
    let slots = report.tables.iter().find(|t| t.table == "slots").unwrap();
    assert_eq!(slots.damaged_stretches, 1, "{report:?}");
    assert_eq!(
        slots.copied as i64,
        d.answers_before - d.answers_on_the_page,
        "every answer but the damaged page's"
    );
    let comparisons = report
        .tables
        .iter()
        .find(|t| t.table == "comparisons")
        .unwrap();
    assert_eq!(comparisons.copied, 400);
    assert_eq!(comparisons.damaged_stretches, 0);

    // The recovered file is a sound history at the same path.
    assert!(check_database(&d.path, false).unwrap().ok());
    let store = Store::open(&d.path).unwrap();
    let oldest = store.get_comparison(&d.oldest).unwrap();
    assert!(!oldest.slots.is_empty());
    // The newest comparison is there; of its answers, those on the damaged page are gone.
    store.get_comparison(&d.newest).unwrap();
    // The search index was rebuilt from the copied answers.
    let hits = store
        .search(&d.oldest_word, &HistoryFilter::default(), 50, None)
        .unwrap();
    assert!(
        hits.hits.iter().any(|h| h.comparison_id == d.oldest),
        "searching {:?} does not find the oldest comparison",
        d.oldest_word
    );
}

#[test]
fn recover_refuses_a_history_in_use() {
    let d = damaged_history();
    let _app = Store::open(&d.path).unwrap();
    let e = recover_database(&d.path, 9).unwrap_err();
    assert!(e.to_string().contains("in use"), "{e}");
    assert!(!d.path.with_file_name("parallax.db.damaged-9").exists());
}

#[test]
fn recover_of_a_missing_file_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let e = recover_database(&dir.path().join("parallax.db"), 1).unwrap_err();
    assert!(e.to_string().contains("no database"), "{e}");
}
