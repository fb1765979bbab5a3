//! The history use cases both front ends share: votes and tags by column, and the history as a
//! whole (backup, export of everything, an all-or-nothing import, clearing). Expected values
//! are counted by hand from the comparisons each test makes.

use parallax_app::curation::{retag, vote, VoteRequest};
use parallax_app::data::{backup, clear_history, data_info, export_all, import_file};
use parallax_app::{AppCode, AppErrorCode};
use parallax_store::{NewComparison, NewSlot, SlotStatus, Store};

/// A comparison with one answer per model; `done` answers have text.
fn comparison(store: &Store, prompt: &str, answers: &[(&str, SlotStatus)]) -> String {
    let c = store
        .create_comparison(
            &NewComparison {
                prompt: prompt.into(),
                system: None,
                parent_id: None,
                slots: answers
                    .iter()
                    .map(|(m, _)| NewSlot {
                        provider: "openrouter".into(),
                        model: (*m).into(),
                        ..Default::default()
                    })
                    .collect(),
            },
            1_000,
        )
        .unwrap();
    for (slot, (_, status)) in c.slots.iter().zip(answers) {
        let mut s = slot.clone();
        s.status = *status;
        s.text = format!("answer of {}", s.model);
        // Every answer was billed a quarter of a dollar.
        s.cost = parallax_store::Cost {
            usd: Some(0.25),
            source: parallax_store::CostSource::Billed,
        };
        store
            .finish_slot(&s, None, (None, None), 2_000, None)
            .unwrap();
    }
    c.id
}

#[test]
fn a_vote_without_columns_is_between_the_answers_that_produced_something() {
    let store = Store::open_in_memory().unwrap();
    let id = comparison(
        &store,
        "p",
        &[
            ("a/one", SlotStatus::Done),
            ("a/two", SlotStatus::Failed),
            ("a/three", SlotStatus::Done),
        ],
    );
    let c = store.get_comparison(&id).unwrap();
    let v = vote(
        &store,
        &id,
        &VoteRequest {
            winner: Some(2),
            ..Default::default()
        },
        5,
    )
    .unwrap();
    assert_eq!(
        v.slot_ids,
        vec![c.slots[0].id.clone(), c.slots[2].id.clone()]
    );
    assert_eq!(v.winner_slot_id.as_deref(), Some(c.slots[2].id.as_str()));
    assert_eq!(v.voter, "human");
    let err = vote(
        &store,
        &id,
        &VoteRequest {
            winner: Some(7),
            ..Default::default()
        },
        5,
    )
    .unwrap_err();
    assert_eq!(err.code, AppErrorCode::App(AppCode::InvalidInput));
    assert!(err.message.contains("columns 0 to 2"), "{}", err.message);
}

#[test]
fn tags_are_added_and_removed_in_one_step_normalized() {
    let store = Store::open_in_memory().unwrap();
    let id = comparison(&store, "p", &[("a/one", SlotStatus::Done)]);
    retag(&store, &id, &["Code Review".into(), "rust".into()], &[]).unwrap();
    let tags = retag(&store, &id, &["  SQL ".into()], &["RUST".into()]).unwrap();
    assert_eq!(tags, vec!["code review".to_string(), "sql".to_string()]);
}

#[test]
fn everything_exported_imports_into_a_fresh_history_and_a_duplicate_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_dir(&dir.path().join("a")).unwrap();
    comparison(&store, "first prompt", &[("a/one", SlotStatus::Done)]);
    comparison(
        &store,
        "second prompt",
        &[("a/one", SlotStatus::Done), ("a/two", SlotStatus::Done)],
    );
    let file = dir.path().join("all.jsonl");
    assert_eq!(export_all(&store, &file).unwrap(), 2);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap().lines().count(),
        2,
        "one export per line"
    );
    let err = export_all(&store, &file).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("path"), "never overwrites");

    let fresh = Store::open_in_dir(&dir.path().join("b")).unwrap();
    assert_eq!(import_file(&fresh, &file).unwrap(), 2);
    assert_eq!(data_info(&fresh).unwrap().comparisons, 2);
    let answers: usize = fresh
        .list_comparisons(10, None)
        .unwrap()
        .iter()
        .map(|c| c.models.len())
        .sum();
    assert_eq!(answers, 3);

    // A file whose second comparison is already there imports nothing at all.
    let other = Store::open_in_dir(&dir.path().join("c")).unwrap();
    let second_line = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .to_owned();
    let one = dir.path().join("one.json");
    std::fs::write(&one, &second_line).unwrap();
    assert_eq!(import_file(&other, &one).unwrap(), 1);
    let err = import_file(&other, &file).unwrap_err();
    assert!(
        err.message.contains("nothing was imported"),
        "{}",
        err.message
    );
    assert_eq!(data_info(&other).unwrap().comparisons, 1);
}

#[test]
fn a_backup_is_a_readable_copy_and_clearing_keeps_settings_and_the_days_spend() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_dir(&dir.path().join("a")).unwrap();
    let id = comparison(
        &store,
        "kept in the backup",
        &[("a/one", SlotStatus::Done), ("a/two", SlotStatus::Done)],
    );
    retag(&store, &id, &["kept".into()], &[]).unwrap();
    vote(
        &store,
        &id,
        &VoteRequest {
            winner: Some(0),
            ..Default::default()
        },
        3_000,
    )
    .unwrap();
    store.set_setting("budget.daily_usd", Some("3")).unwrap();
    let copy = dir.path().join("backup.db");
    backup(&store, &copy).unwrap();
    assert!(backup(&store, &copy).is_err(), "never overwrites");

    // Cleared on the day the answers finished (at 2 s after the epoch): 2 × $0.25 spent.
    assert_eq!(clear_history(&store, 5_000).unwrap(), 1);
    assert_eq!(data_info(&store).unwrap().comparisons, 0);
    store.check_search_index().unwrap();
    assert!(store
        .search("backup", &Default::default(), 10, None)
        .unwrap()
        .hits
        .is_empty());
    assert_eq!(store.list_tags().unwrap(), vec![]);
    assert_eq!(
        store.get_setting("budget.daily_usd").unwrap().as_deref(),
        Some("3")
    );
    assert_eq!(
        store.spend_since(0).unwrap(),
        0.5,
        "clearing history does not reset the day's spend"
    );
    assert_eq!(
        store.spend_since(86_400_000).unwrap(),
        0.0,
        "the next day starts at 0"
    );
    let restored = Store::open(&copy).unwrap();
    assert_eq!(restored.list_comparisons(10, None).unwrap().len(), 1);
    assert_eq!(restored.get_comparison(&id).unwrap().votes.len(), 1);
}

#[test]
fn one_comparison_exports_to_a_file_as_markdown_json_or_csv_and_never_overwrites() {
    use parallax_app::data::{save_export, ExportFormat};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_dir(&dir.path().join("a")).unwrap();
    let id = comparison(
        &store,
        "the prompt",
        &[("a/one", SlotStatus::Done), ("a/two", SlotStatus::Failed)],
    );
    let md = dir.path().join("out/c.md");
    save_export(&store, &id, ExportFormat::Markdown, &md).unwrap();
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(
        text.contains("the prompt") && text.contains("answer of a/one"),
        "{text}"
    );
    let csv = dir.path().join("c.csv");
    save_export(&store, &id, ExportFormat::Csv, &csv).unwrap();
    // A header and one row per answer.
    assert_eq!(std::fs::read_to_string(&csv).unwrap().lines().count(), 3);
    let json = dir.path().join("c.json");
    save_export(&store, &id, ExportFormat::Json, &json).unwrap();
    let fresh = Store::open_in_dir(&dir.path().join("b")).unwrap();
    assert_eq!(
        import_file(&fresh, &json).unwrap(),
        1,
        "the JSON re-imports"
    );
    let err = save_export(&store, &id, ExportFormat::Markdown, &md).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("path"), "never overwrites");
}

#[test]
fn a_selection_exports_only_those_comparisons_in_order_and_an_empty_or_unknown_one_writes_nothing()
{
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_dir(&dir.path().join("a")).unwrap();
    let first = comparison(&store, "first prompt", &[("a/one", SlotStatus::Done)]);
    comparison(&store, "not selected", &[("a/one", SlotStatus::Done)]);
    let third = comparison(&store, "third prompt", &[("a/two", SlotStatus::Failed)]);
    let file = dir.path().join("some.jsonl");
    let ids = vec![third.clone(), first.clone()];
    assert_eq!(
        parallax_app::data::export_selected(&store, &ids, &file).unwrap(),
        2
    );
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let exported: Vec<&str> = lines
        .iter()
        .map(|l| l["comparison"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(exported, vec![third.as_str(), first.as_str()]);

    let none = dir.path().join("none.jsonl");
    let err = parallax_app::data::export_selected(&store, &[], &none).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("ids"));
    let err =
        parallax_app::data::export_selected(&store, &["01NOSUCHCOMPARISON".to_string()], &none)
            .unwrap_err();
    assert!(
        err.message.contains("01NOSUCHCOMPARISON"),
        "{}",
        err.message
    );
    assert!(!none.exists(), "nothing written");
}

#[test]
fn an_export_carries_attached_files_and_an_import_keeps_them_once() {
    use parallax_llm::{Attachment, Message};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_dir(&dir.path().join("a")).unwrap();
    let file = Attachment::from_bytes("notes.md", b"# Notes\nparallax".to_vec()).unwrap();
    let mut asked = Message::user("Summarise the notes");
    asked.attachments = vec![file.clone()];
    store
        .create_comparison(
            &NewComparison {
                prompt: "Summarise the notes".into(),
                system: None,
                parent_id: None,
                slots: ["a/one", "a/two"]
                    .iter()
                    .map(|m| NewSlot {
                        provider: "openrouter".into(),
                        model: (*m).into(),
                        messages: vec![asked.clone()],
                        ..Default::default()
                    })
                    .collect(),
            },
            1_000,
        )
        .unwrap();
    assert_eq!(
        store.attachment_totals().unwrap(),
        (1, 16),
        "one file, 16 bytes, kept once"
    );
    let all = dir.path().join("all.jsonl");
    export_all(&store, &all).unwrap();
    let text = std::fs::read_to_string(&all).unwrap();
    // base64 of "# Notes\nparallax", by hand.
    assert_eq!(
        text.matches("\"IyBOb3RlcwpwYXJhbGxheA==\"").count(),
        2,
        "each answer's record carries the bytes"
    );

    let fresh = Store::open_in_dir(&dir.path().join("b")).unwrap();
    assert_eq!(import_file(&fresh, &all).unwrap(), 1);
    assert_eq!(fresh.attachment_totals().unwrap(), (1, 16));
    let id = fresh.comparison_ids().unwrap().remove(0);
    let mut messages = fresh.get_comparison(&id).unwrap().slots[0].messages.clone();
    assert!(
        messages[0].attachments[0].data.is_none(),
        "records name files"
    );
    fresh.fill_attachments(&mut messages).unwrap();
    assert_eq!(
        messages[0].attachments[0].data.as_deref(),
        Some(&b"# Notes\nparallax"[..])
    );

    // An export whose bytes were changed is refused whole.
    let tampered = text.replace("IyBOb3RlcwpwYXJhbGxheA==", "IyBOb3RlcwpQQVJBTExBWA==");
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, tampered).unwrap();
    let other = Store::open_in_dir(&dir.path().join("c")).unwrap();
    let err = import_file(&other, &bad).unwrap_err();
    assert!(
        err.message
            .contains("notes.md is not the file its record names"),
        "{}",
        err.message
    );
    // Said like any refused import: the file, and that nothing of it was kept.
    assert!(
        err.message.starts_with(&bad.display().to_string()),
        "{}",
        err.message
    );
    assert!(
        err.message.ends_with("nothing was imported"),
        "{}",
        err.message
    );
    assert_eq!(err.code, AppErrorCode::App(AppCode::InvalidInput));
    assert_eq!(data_info(&other).unwrap().comparisons, 0);
    assert_eq!(other.attachment_totals().unwrap(), (0, 0));
}
