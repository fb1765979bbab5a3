//! Fuzzing the import parser (issue 14), on the stable toolchain (see engine/tests/framing.rs
//! for why not cargo-fuzz): a real export damaged at random, and random text. Nothing panics;
//! an import is all or nothing — when it is refused, the history is as it was.

use parallax_store::export::{parse_json, to_json};
use parallax_store::seed::{seed_history, SeedOptions};
use parallax_store::Store;
use proptest::prelude::*;

fn fuzz_cases() -> u32 {
    std::env::var("PARALLAX_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(128)
}

/// Exports of a few seeded comparisons (every outcome and cost kind a history has).
fn seed_exports() -> Vec<String> {
    let store = Store::open_in_memory().unwrap();
    let opts = SeedOptions {
        comparisons: 6,
        seed: 3,
        end_ms: 1_790_000_000_000,
        days: 3,
        answer_words: (5, 20),
        count_words: false,
    };
    seed_history(&store, &opts, |_| {}).unwrap();
    store
        .list_comparisons(10, None)
        .unwrap()
        .iter()
        .map(|c| to_json(&store.get_comparison(&c.id).unwrap()))
        .collect()
}

fn damaged(text: &str, edits: &[(usize, u8, char)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for &(at, op, c) in edits {
        let i = at % (chars.len() + 1);
        match op % 4 {
            0 if i < chars.len() => chars[i] = c,
            1 => chars.insert(i, c),
            2 if i < chars.len() => {
                chars.remove(i);
            }
            3 => chars.truncate(i),
            _ => {}
        }
    }
    chars.into_iter().collect()
}

/// Imports `text` into a fresh history: refused, or in whole.
fn import_is_all_or_nothing(text: &str) -> Result<(), String> {
    let Ok(c) = parse_json(text) else {
        return Ok(());
    };
    let store = Store::open_in_memory().unwrap();
    match store.import_comparison(&c) {
        Ok(()) => {
            let back = store
                .get_comparison(&c.id)
                .map_err(|e| format!("imported but unreadable: {e}"))?;
            if back.slots.len() != c.slots.len() {
                return Err(format!(
                    "{} of {} answers imported",
                    back.slots.len(),
                    c.slots.len()
                ));
            }
        }
        Err(_) => {
            if store.count_comparisons().unwrap() != 0 {
                return Err("a refused import left a comparison behind".into());
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(fuzz_cases()))]

    #[test]
    fn a_damaged_export_never_panics_and_imports_whole_or_not_at_all(
        which in 0usize..6,
        edits in proptest::collection::vec(
            (any::<usize>(), any::<u8>(), prop_oneof![Just('"'), Just('{'), Just('}'), Just('0'), Just('-'), any::<char>()]),
            1..8,
        ),
    ) {
        thread_local! { static EXPORTS: Vec<String> = seed_exports(); }
        let text = EXPORTS.with(|e| damaged(&e[which % e.len()], &edits));
        let verdict = import_is_all_or_nothing(&text);
        prop_assert!(verdict.is_ok(), "{}", verdict.unwrap_err());
    }

    #[test]
    fn random_text_never_panics(text in ".{0,300}") {
        let verdict = import_is_all_or_nothing(&text);
        prop_assert!(verdict.is_ok(), "{}", verdict.unwrap_err());
    }
}

#[test]
fn the_seed_exports_import() {
    for text in seed_exports() {
        import_is_all_or_nothing(&text).unwrap();
        assert!(parse_json(&text).is_ok());
    }
}
