//! Catalog snapshots and price history: one row per change, never one per fetch.

use parallax_llm::catalog::parse_openrouter_models;
use parallax_llm::{CatalogModel, Price, ProviderKind};
use parallax_store::*;

fn model(id: &str, prompt: f64, completion: f64) -> CatalogModel {
    let mut m = CatalogModel::bare(ProviderKind::OpenRouter, id, id);
    m.prompt_price = Price::Usd { usd: prompt };
    m.completion_price = Price::Usd { usd: completion };
    m
}

fn history_rows(store: &Store) -> usize {
    store.price_changes(0, None).unwrap().len()
}

#[test]
fn refetches_record_only_what_changed() {
    let store = Store::open_in_memory().unwrap();
    let first = store
        .record_catalog(
            "openrouter",
            &[
                model("a/x", 1.0, 2.0),
                model("b/y", 3.0, 15.0),
                model("c/z", 0.5, 0.5),
            ],
            1_000,
        )
        .unwrap();
    assert_eq!(
        (first.models, first.added, first.changed, first.removed),
        (3, 0, 0, 0)
    );
    assert_eq!(
        history_rows(&store),
        0,
        "the first fetch is the baseline, not news"
    );
    let baseline = store.price_changes(0, Some("a/x")).unwrap();
    assert_eq!(baseline.len(), 1);
    assert_eq!(baseline[0].kind, PriceChangeKind::Listed);

    let same = store
        .record_catalog(
            "openrouter",
            &[
                model("a/x", 1.0, 2.0),
                model("b/y", 3.0, 15.0),
                model("c/z", 0.5, 0.5),
            ],
            2_000,
        )
        .unwrap();
    assert_eq!((same.added, same.changed, same.removed), (0, 0, 0));

    // b/y gets cheaper, c/z goes away, d/w appears; a/x is renamed (not a price change).
    let mut renamed = model("a/x", 1.0, 2.0);
    renamed.name = "A X (new name)".into();
    let third = store
        .record_catalog(
            "openrouter",
            &[renamed, model("b/y", 2.5, 10.0), model("d/w", 0.0, 0.0)],
            3_000,
        )
        .unwrap();
    assert_eq!(
        (third.models, third.added, third.changed, third.removed),
        (3, 1, 1, 1)
    );
    let changes = store.price_changes(0, None).unwrap();
    let find = |id: &str| changes.iter().find(|c| c.model_id == id).unwrap();
    let b = find("b/y");
    assert_eq!(b.kind, PriceChangeKind::Changed);
    assert_eq!(
        (b.prompt_price_per_m, b.completion_price_per_m),
        (Some(2.5), Some(10.0))
    );
    assert_eq!(
        (
            b.previous_prompt_price_per_m,
            b.previous_completion_price_per_m
        ),
        (Some(3.0), Some(15.0))
    );
    assert_eq!(find("c/z").kind, PriceChangeKind::Removed);
    assert_eq!(find("c/z").prompt_price_per_m, None);
    assert_eq!(find("d/w").kind, PriceChangeKind::Added);
    assert_eq!(
        find("d/w").prompt_price_per_m,
        Some(0.0),
        "free is a price, not unknown"
    );
    assert!(changes.iter().all(|c| c.model_id != "a/x"));
    assert_eq!(changes.len(), 3);
    assert!(
        store.price_changes(3_001, None).unwrap().is_empty(),
        "since filters by time"
    );

    let (at, saved) = store.saved_catalog("openrouter").unwrap().unwrap();
    assert_eq!(at, 3_000);
    let ids: Vec<&str> = saved.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["a/x", "b/y", "d/w"]);
    assert_eq!(
        saved[0].name, "A X (new name)",
        "the latest details are kept"
    );
    assert!(store.saved_catalog("anthropic").unwrap().is_none());
    let b = store
        .saved_catalog_model("openrouter", "b/y")
        .unwrap()
        .unwrap();
    assert_eq!(
        b.completion_price,
        Price::Usd { usd: 10.0 },
        "the latest prices"
    );
    assert!(
        store
            .saved_catalog_model("openrouter", "c/z")
            .unwrap()
            .is_none(),
        "a removed model is not offered"
    );
    assert!(store
        .saved_catalog_model("anthropic", "b/y")
        .unwrap()
        .is_none());

    // c/z comes back: added again, with the prices it had before its removal as "previous" none.
    let back = store
        .record_catalog(
            "openrouter",
            &[
                model("a/x", 1.0, 2.0),
                model("b/y", 2.5, 10.0),
                model("c/z", 0.5, 0.5),
                model("d/w", 0.0, 0.0),
            ],
            4_000,
        )
        .unwrap();
    assert_eq!((back.added, back.changed, back.removed), (1, 0, 0));
    let c_history = store.price_changes(0, Some("c/z")).unwrap();
    let kinds: Vec<PriceChangeKind> = c_history.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            PriceChangeKind::Added,
            PriceChangeKind::Removed,
            PriceChangeKind::Listed
        ],
        "newest first"
    );
    // Sources are kept apart.
    let other = store
        .record_catalog("anthropic", &[model("a/x", 9.0, 9.0)], 5_000)
        .unwrap();
    assert_eq!((other.added, other.changed), (0, 0));
}

#[test]
fn the_real_catalog_fetched_twice_writes_history_once() {
    let Some(body) = parallax_llm::catalog::shared_snapshot(
        "the_real_catalog_fetched_twice_writes_history_once",
    ) else {
        return;
    };
    let models = parse_openrouter_models(&body).unwrap();
    let store = Store::open_in_memory().unwrap();
    store.record_catalog("openrouter", &models, 1).unwrap();
    let again = store.record_catalog("openrouter", &models, 2).unwrap();
    assert_eq!(
        (again.models, again.added, again.changed, again.removed),
        (414, 0, 0, 0)
    );
    let (_, saved) = store.saved_catalog("openrouter").unwrap().unwrap();
    assert_eq!(saved.len(), 414);
    let mut sorted = models.clone();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(
        saved, sorted,
        "every field of every model comes back as fetched"
    );
    // One price moves: exactly one history row.
    let mut next = models.clone();
    let i = next
        .iter()
        .position(|m| m.id == "anthropic/claude-opus-4.1")
        .unwrap_or(0);
    next[i].completion_price = Price::Usd { usd: 1.0 };
    let third = store.record_catalog("openrouter", &next, 3).unwrap();
    assert_eq!(third.changed, 1);
    assert_eq!(store.price_changes(0, None).unwrap().len(), 1);
}
