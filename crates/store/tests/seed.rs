//! The seeded history (`parallax db seed`, the benchmarks, the end-to-end tests): the same
//! options give the same history, it holds every outcome and cost kind a real one has, and it
//! stays inside the days asked for.

use parallax_store::seed::{seed_history, SeedOptions};
use parallax_store::{CostSource, HistoryFilter, SlotStatus, Store};

const DAY: i64 = 86_400_000;
const END: i64 = 1_790_000_000_000;

fn seeded(seed: u64) -> Store {
    let store = Store::open_in_memory().unwrap();
    let opts = SeedOptions {
        comparisons: 400,
        seed,
        end_ms: END,
        days: 30,
        answer_words: (20, 60),
        count_words: false,
    };
    let report = seed_history(&store, &opts, |_| {}).unwrap();
    assert_eq!(report.comparisons, 400);
    store
}

/// Every comparison, oldest first, with its answers.
fn everything(store: &Store) -> Vec<parallax_store::ComparisonRecord> {
    let mut out = Vec::new();
    let mut before: Option<String> = None;
    loop {
        let page = store.list_comparisons(100, before.as_deref()).unwrap();
        if page.is_empty() {
            break;
        }
        before = page.last().map(|c| c.id.clone());
        out.extend(page.iter().map(|c| store.get_comparison(&c.id).unwrap()));
    }
    out.reverse();
    out
}

#[test]
fn the_same_seed_gives_the_same_history_and_another_seed_another() {
    let (a, b, c) = (
        everything(&seeded(7)),
        everything(&seeded(7)),
        everything(&seeded(8)),
    );
    let view = |h: &[parallax_store::ComparisonRecord]| {
        h.iter()
            .map(|r| {
                let slots: Vec<_> = r
                    .slots
                    .iter()
                    .map(|s| {
                        (
                            s.model.clone(),
                            s.status,
                            s.text.clone(),
                            s.cost.usd.map(f64::to_bits),
                            s.ttft_ms,
                        )
                    })
                    .collect();
                (
                    r.prompt.clone(),
                    r.created_at_ms,
                    r.tags.clone(),
                    r.votes.len(),
                    slots,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(view(&a), view(&b));
    assert_ne!(view(&a), view(&c));
}

#[test]
fn a_seeded_history_has_every_outcome_every_cost_kind_votes_tags_and_runs_of_one_prompt() {
    let store = seeded(7);
    let all = everything(&store);
    assert_eq!(all.len(), 400);
    // Inside the 30 days before END, oldest first, the newest at END.
    assert!(all
        .iter()
        .all(|c| c.created_at_ms > END - 30 * DAY && c.created_at_ms <= END));
    assert_eq!(all.last().unwrap().created_at_ms, END);
    let slots: Vec<_> = all.iter().flat_map(|c| &c.slots).collect();
    assert!(all.iter().all(|c| (2..=6).contains(&c.slots.len())));
    for status in [
        SlotStatus::Done,
        SlotStatus::Failed,
        SlotStatus::Refused,
        SlotStatus::Truncated,
        SlotStatus::Cancelled,
        SlotStatus::Interrupted,
    ] {
        assert!(
            slots.iter().any(|s| s.status == status),
            "no {status:?} answer"
        );
    }
    for source in [
        CostSource::Billed,
        CostSource::Computed,
        CostSource::Unknown,
    ] {
        assert!(
            slots.iter().any(|s| s.cost.source == source),
            "no {source:?} cost"
        );
    }
    // An unknown cost is unknown, never $0; a failed answer has its error.
    assert!(slots
        .iter()
        .filter(|s| s.cost.source == CostSource::Unknown)
        .all(|s| s.cost.usd.is_none()));
    assert!(slots
        .iter()
        .filter(|s| s.status == SlotStatus::Failed)
        .all(|s| s.error.is_some() && s.text.is_empty()));
    // A person's and a judge's votes; tags; a prompt asked again on another day.
    let voters: Vec<_> = all
        .iter()
        .flat_map(|c| &c.votes)
        .map(|v| v.voter.clone())
        .collect();
    assert!(voters.iter().any(|v| v == "human") && voters.iter().any(|v| v.starts_with("judge:")));
    assert!(all.iter().any(|c| !c.tags.is_empty()));
    let rerun = all
        .iter()
        .find(|c| all.iter().filter(|o| o.prompt == c.prompt).count() > 1)
        .expect("a prompt run twice");
    let runs = store
        .list_comparisons_where(
            &HistoryFilter {
                same_prompt_as: Some(rerun.id.clone()),
                ..Default::default()
            },
            50,
            None,
        )
        .unwrap();
    assert!(runs.len() >= 2);
}
