//! Titles, tags, notes and votes; filtered and paged history; analytics checked against figures
//! computed by hand.

use parallax_llm::{ErrorCode, Usage};
use parallax_store::*;

const DAY: i64 = 86_400_000;
/// 2026-11-01T00:00:00Z
const NOV1: i64 = 1_793_491_200_000;

struct Answer {
    model: &'static str,
    status: SlotStatus,
    ttft: Option<u64>,
    total: Option<u64>,
    tokens: (Option<u32>, Option<u32>),
    cost: Option<f64>,
    text: &'static str,
}

fn done(model: &'static str, ttft: u64, total: u64, cost: Option<f64>) -> Answer {
    Answer {
        model,
        status: SlotStatus::Done,
        ttft: Some(ttft),
        total: Some(total),
        tokens: (Some(10), Some(100)),
        cost,
        text: "an answer",
    }
}

fn failed(model: &'static str) -> Answer {
    Answer {
        model,
        status: SlotStatus::Failed,
        ttft: None,
        total: None,
        tokens: (None, None),
        cost: None,
        text: "",
    }
}

/// Saves a finished comparison; returns it as read back.
fn save(store: &Store, prompt: &str, at: i64, answers: Vec<Answer>) -> ComparisonRecord {
    let c = store
        .create_comparison(
            &NewComparison {
                prompt: prompt.into(),
                system: None,
                parent_id: None,
                slots: answers
                    .iter()
                    .map(|a| NewSlot {
                        provider: "openrouter".into(),
                        model: a.model.into(),
                        ..Default::default()
                    })
                    .collect(),
            },
            at,
        )
        .unwrap();
    for (slot, a) in c.slots.iter().zip(&answers) {
        let mut s = slot.clone();
        s.status = a.status;
        s.ttft_ms = a.ttft;
        s.total_ms = a.total;
        s.text = a.text.into();
        s.usage = Usage {
            input_tokens: a.tokens.0,
            output_tokens: a.tokens.1,
            ..Default::default()
        };
        s.cost = match a.cost {
            Some(usd) => Cost {
                usd: Some(usd),
                source: CostSource::Billed,
            },
            None => Cost::UNKNOWN,
        };
        if a.status == SlotStatus::Failed {
            s.error = Some(SlotError {
                code: ErrorCode::RateLimited,
                message: "slow down".into(),
            });
        }
        store
            .finish_slot(&s, None, (None, None), at + 1000, None)
            .unwrap();
    }
    store.get_comparison(&c.id).unwrap()
}

#[test]
fn titles_notes_and_tags_are_edited_and_kept() {
    let store = Store::open_in_memory().unwrap();
    let c = save(
        &store,
        "Explain monads\nplease",
        NOV1,
        vec![done("a/x", 1, 2, None)],
    );
    assert_eq!(c.title, "Explain monads");

    assert_eq!(
        store.set_title(&c.id, "  Monads,   for my team ").unwrap(),
        "Monads, for my team"
    );
    store.set_notes(&c.id, "x/y was clearer\n").unwrap();
    let tags = store
        .set_tags(
            &c.id,
            &[
                "  Code  Review".into(),
                "haskell".into(),
                "HASKELL".into(),
                " ".into(),
            ],
        )
        .unwrap();
    assert_eq!(
        tags,
        ["code review", "haskell"],
        "normalized, distinct, sorted"
    );

    let back = store.get_comparison(&c.id).unwrap();
    assert_eq!(back.title, "Monads, for my team");
    assert_eq!(back.notes, "x/y was clearer");
    assert_eq!(back.tags, ["code review", "haskell"]);
    let row = &store.list_comparisons(10, None).unwrap()[0];
    assert_eq!(row.title, "Monads, for my team");
    assert_eq!(row.tags, ["code review", "haskell"]);
    assert_eq!(
        store.list_tags().unwrap(),
        [("code review".into(), 1), ("haskell".into(), 1)]
    );

    // An empty title goes back to the derived one.
    assert_eq!(store.set_title(&c.id, "   ").unwrap(), "Explain monads");
    let too_long = "x".repeat(MAX_TITLE_CHARS + 1);
    assert_eq!(
        store.set_title(&c.id, &too_long).unwrap_err().code(),
        "invalid_input"
    );
    // A note of a long page is kept; one past 100,000 characters, or 51 tags, is refused and
    // leaves what was there.
    store.set_notes(&c.id, &"é".repeat(100_000)).unwrap();
    assert_eq!(
        store
            .set_notes(&c.id, &"é".repeat(100_001))
            .unwrap_err()
            .code(),
        "invalid_input"
    );
    assert_eq!(
        store.get_comparison(&c.id).unwrap().notes.chars().count(),
        100_000
    );
    let fifty_one: Vec<String> = (0..51).map(|i| format!("t{i}")).collect();
    assert_eq!(
        store.set_tags(&c.id, &fifty_one).unwrap_err().code(),
        "invalid_input"
    );
    assert_eq!(store.set_tags(&c.id, &fifty_one[..50]).unwrap().len(), 50);
    assert!(store.check_comparison(&c.id).is_ok());
    assert_eq!(
        store.check_comparison("nope").unwrap_err().code(),
        "not_found"
    );
    store.set_notes(&c.id, "x/y was clearer").unwrap();
    store
        .set_tags(&c.id, &["haskell".into(), "code review".into()])
        .unwrap();
    let missing = store.set_tags("nope", &["a".into()]).unwrap_err();
    assert_eq!(missing.code(), "not_found");
    assert!(
        missing.to_string().contains("no comparison with id nope"),
        "{missing}"
    );

    // Tags and notes survive export → import.
    store.set_title(&c.id, "Mine").unwrap();
    let json = export::to_json(&store.get_comparison(&c.id).unwrap());
    let other = Store::open_in_memory().unwrap();
    other
        .import_comparison(&export::parse_json(&json).unwrap())
        .unwrap();
    let imported = other.get_comparison(&c.id).unwrap();
    assert_eq!(imported.title, "Mine");
    assert_eq!(imported.tags, ["code review", "haskell"]);
    assert_eq!(imported.notes, "x/y was clearer");
}

#[test]
fn votes_are_checked_recorded_and_travel_with_the_comparison() {
    let store = Store::open_in_memory().unwrap();
    let c = save(
        &store,
        "Pick one",
        NOV1,
        vec![
            done("a/x", 1, 2, None),
            done("b/y", 1, 2, None),
            done("c/z", 1, 2, None),
        ],
    );
    let other = save(&store, "Else", NOV1, vec![done("a/x", 1, 2, None)]);
    let ids: Vec<String> = c.slots.iter().map(|s| s.id.clone()).collect();
    let vote = |slots: Vec<String>, winner: Option<String>| NewVote {
        slot_ids: slots,
        winner_slot_id: winner,
        blind: true,
        voter: "human".into(),
    };

    let err = store
        .add_vote(
            &c.id,
            &vote(vec![ids[0].clone(), ids[0].clone()], None),
            NOV1,
        )
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input", "{err}");
    let err = store
        .add_vote(
            &c.id,
            &vote(vec![ids[0].clone(), ids[1].clone()], Some(ids[2].clone())),
            NOV1,
        )
        .unwrap_err();
    assert!(err.to_string().contains("winner must be one of"), "{err}");
    let err = store
        .add_vote(
            &c.id,
            &vote(vec![ids[0].clone(), other.slots[0].id.clone()], None),
            NOV1,
        )
        .unwrap_err();
    assert!(err.to_string().contains("another comparison"), "{err}");

    // Best of three, given out of order: stored in column order.
    let v = store
        .add_vote(
            &c.id,
            &vote(
                vec![ids[2].clone(), ids[0].clone(), ids[1].clone()],
                Some(ids[1].clone()),
            ),
            NOV1 + 5,
        )
        .unwrap();
    assert_eq!(v.slot_ids, ids);
    let tie = store
        .add_vote(
            &c.id,
            &vote(vec![ids[0].clone(), ids[2].clone()], None),
            NOV1 + 6,
        )
        .unwrap();
    let back = store.get_comparison(&c.id).unwrap();
    assert_eq!(back.votes, vec![v.clone(), tie.clone()]);

    let json = export::to_json(&back);
    let copy = Store::open_in_memory().unwrap();
    copy.import_comparison(&export::parse_json(&json).unwrap())
        .unwrap();
    assert_eq!(copy.get_comparison(&c.id).unwrap().votes, back.votes);

    store.delete_vote(&tie.id).unwrap();
    assert_eq!(store.get_comparison(&c.id).unwrap().votes, vec![v]);
    assert_eq!(store.delete_vote(&tie.id).unwrap_err().code(), "not_found");
    // Deleting the comparison takes its votes along.
    store.delete_comparison(&c.id).unwrap();
    assert!(store
        .leaderboard(&HistoryFilter::default(), 1.0, Voters::All)
        .unwrap()
        .is_empty());
}

#[test]
fn filters_narrow_listings_and_searches_and_search_pages_by_keyset() {
    let store = Store::open_in_memory().unwrap();
    let a = save(
        &store,
        "kettle question one",
        NOV1,
        vec![done("a/x", 100, 1000, Some(0.01)), failed("b/y")],
    );
    let b = save(
        &store,
        "kettle question two",
        NOV1 + DAY,
        vec![done("b/y", 100, 1000, Some(0.5))],
    );
    let c = save(
        &store,
        "unrelated",
        NOV1 + 2 * DAY,
        vec![done("a/x", 1, 2, None)],
    );
    store.set_tags(&b.id, &["Physics".into()]).unwrap();
    store
        .add_vote(
            &a.id,
            &NewVote {
                slot_ids: vec![a.slots[0].id.clone(), a.slots[1].id.clone()],
                winner_slot_id: Some(a.slots[0].id.clone()),
                blind: false,
                voter: "human".into(),
            },
            NOV1,
        )
        .unwrap();

    let list = |f: HistoryFilter| -> Vec<String> {
        store
            .list_comparisons_where(&f, 10, None)
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect()
    };
    assert_eq!(
        list(HistoryFilter::default()),
        [c.id.as_str(), b.id.as_str(), a.id.as_str()]
    );
    let model = |m: &str| HistoryFilter {
        model: Some(m.into()),
        ..Default::default()
    };
    assert_eq!(list(model("b/y")), [b.id.as_str(), a.id.as_str()]);
    assert_eq!(
        list(HistoryFilter {
            status: Some(SlotStatus::Failed),
            ..Default::default()
        }),
        [a.id.as_str()]
    );
    assert_eq!(
        list(HistoryFilter {
            model: Some("b/y".into()),
            status: Some(SlotStatus::Done),
            ..Default::default()
        }),
        [b.id.as_str()],
        "model and status hold for the same answer"
    );
    assert_eq!(
        list(HistoryFilter {
            since_ms: Some(NOV1 + DAY),
            until_ms: Some(NOV1 + 2 * DAY),
            ..Default::default()
        }),
        [b.id.as_str()]
    );
    assert_eq!(
        list(HistoryFilter {
            tag: Some(" PHYSICS ".into()),
            ..Default::default()
        }),
        [b.id.as_str()]
    );
    assert_eq!(
        list(HistoryFilter {
            has_vote: Some(true),
            ..Default::default()
        }),
        [a.id.as_str()]
    );
    assert_eq!(
        list(HistoryFilter {
            has_vote: Some(false),
            ..Default::default()
        }),
        [c.id.as_str(), b.id.as_str()]
    );
    assert_eq!(
        list(HistoryFilter {
            min_cost_usd: Some(0.1),
            ..Default::default()
        }),
        [b.id.as_str()],
        "an unknown cost never matches a bound"
    );
    assert_eq!(
        list(HistoryFilter {
            max_cost_usd: Some(0.1),
            ..Default::default()
        }),
        [a.id.as_str()]
    );
    assert_eq!(
        list(HistoryFilter {
            provider: Some("ollama".into()),
            ..Default::default()
        }),
        Vec::<String>::new()
    );

    let search = |q: &str, f: HistoryFilter| -> Vec<String> {
        store
            .search(q, &f, 10, None)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.slot_id)
            .collect()
    };
    assert_eq!(search("kettle", HistoryFilter::default()).len(), 3);
    assert_eq!(search("kettle", model("a/x")), [a.slots[0].id.as_str()]);
    assert_eq!(
        search(
            "kettle",
            HistoryFilter {
                has_vote: Some(true),
                ..Default::default()
            }
        )
        .len(),
        2,
        "both answers of the vote"
    );
    assert_eq!(
        search(
            "kettle",
            HistoryFilter {
                tag: Some("physics".into()),
                ..Default::default()
            }
        ),
        [b.slots[0].id.as_str()]
    );
}

/// Keyset pages of the list: each page starts right after the row given, and a row deleted since
/// its page was read is refused by name rather than read as "nothing older" (which ended the
/// list early, silently, in `history list --before` and in History's next page).
#[test]
fn list_pages_follow_their_cursor_and_refuse_a_deleted_one() {
    let store = Store::open_in_memory().unwrap();
    let ids: Vec<String> = (0..5)
        .map(|i| {
            save(
                &store,
                &format!("q{i}"),
                NOV1 + i * DAY,
                vec![done("a/x", 1, 2, None)],
            )
            .id
        })
        .collect();
    let page = |before: Option<&str>| -> Vec<String> {
        store
            .list_comparisons(2, before)
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect()
    };
    // Newest first, two at a time: 4 3 | 2 1 | 0.
    assert_eq!(page(None), [ids[4].clone(), ids[3].clone()]);
    assert_eq!(page(Some(&ids[3])), [ids[2].clone(), ids[1].clone()]);
    assert_eq!(page(Some(&ids[1])), [ids[0].clone()]);
    store.delete_comparison(&ids[3]).unwrap();
    match store.list_comparisons(2, Some(&ids[3])) {
        Err(e @ StoreError::NotFound("comparison", _)) => {
            assert_eq!(
                e.to_string(),
                format!("no comparison with id {} in this history", ids[3])
            );
        }
        other => panic!("a deleted cursor must be refused, got {other:?}"),
    }
    // Read again from the top, the pages go on past where it was.
    assert_eq!(page(None), [ids[4].clone(), ids[2].clone()]);
    assert_eq!(page(Some(&ids[2])), [ids[1].clone(), ids[0].clone()]);
}

#[test]
fn search_pages_never_drop_or_repeat_a_hit() {
    let store = Store::open_in_memory().unwrap();
    let mut expected = Vec::new();
    for i in 0..23 {
        // Varying lengths give varying ranks; equal ones tie and are ordered by rowid.
        let prompt = format!("teapot {}", "filler ".repeat(i % 4));
        let c = save(
            &store,
            &prompt,
            NOV1 + i as i64,
            vec![done("a/x", 1, 2, None)],
        );
        expected.push(c.slots[0].id.clone());
    }
    let all = store
        .search("teapot", &HistoryFilter::default(), 100, None)
        .unwrap();
    assert!(all.next.is_none());
    let mut paged = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let page = store
            .search("teapot", &HistoryFilter::default(), 5, after.as_deref())
            .unwrap();
        pages += 1;
        paged.extend(page.hits.into_iter().map(|h| h.slot_id));
        match page.next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    assert_eq!(pages, 5);
    let all_ids: Vec<String> = all.hits.into_iter().map(|h| h.slot_id).collect();
    assert_eq!(paged, all_ids, "pages join up to the single-page order");
    expected.sort();
    paged.sort();
    assert_eq!(paged, expected);
    let bad = store
        .search("teapot", &HistoryFilter::default(), 5, Some("not-a-cursor"))
        .unwrap_err();
    assert_eq!(bad.code(), "invalid_input");
}

#[test]
fn analytics_match_figures_computed_by_hand() {
    let store = Store::open_in_memory().unwrap();
    // Day 1: a/x answers three times (TTFT 100, 200, 300; total 1000, 2000, 3000), fails once;
    // b/y answers once at unknown cost.
    save(
        &store,
        "p1",
        NOV1 + 3_600_000,
        vec![
            done("a/x", 100, 1000, Some(0.01)),
            done("a/x", 300, 3000, Some(0.03)),
            failed("a/x"),
        ],
    );
    save(
        &store,
        "p2",
        NOV1 + 7_200_000,
        vec![
            done("a/x", 200, 2000, Some(0.02)),
            done("b/y", 50, 500, None),
        ],
    );
    // Day 2: one cancelled a/x (a person's Stop: a request, not an error).
    save(
        &store,
        "p3",
        NOV1 + DAY,
        vec![Answer {
            status: SlotStatus::Cancelled,
            ..done("a/x", 10, 20, Some(0.001))
        }],
    );

    let a = store.analytics(&HistoryFilter::default()).unwrap();
    let x = a.models.iter().find(|m| m.model == "a/x").unwrap();
    assert_eq!(x.requests, 5);
    assert_eq!(x.errors, 1);
    assert_eq!(x.error_rate, Some(0.25), "1 failed of 3 done + 1 failed");
    assert_eq!(
        x.input_tokens, 40,
        "4 answers with 10 tokens each, the failed one unknown"
    );
    assert_eq!(x.output_tokens, 400);
    assert!((x.cost_usd.unwrap() - 0.061).abs() < 1e-12);
    assert_eq!(x.unknown_cost, 1);
    assert_eq!((x.ttft_p50_ms, x.ttft_p95_ms), (Some(200), Some(300)));
    assert_eq!((x.total_p50_ms, x.total_p95_ms), (Some(2000), Some(3000)));
    let y = a.models.iter().find(|m| m.model == "b/y").unwrap();
    assert_eq!(y.cost_usd, None, "unknown, never $0");
    assert_eq!(y.unknown_cost, 1);
    assert_eq!(a.models[0].model, "a/x", "most requested first");

    assert_eq!(a.spend_per_day.len(), 2);
    assert_eq!(a.spend_per_day[0].day, "2026-11-01");
    assert_eq!(a.spend_per_day[0].requests, 5);
    assert!((a.spend_per_day[0].cost_usd.unwrap() - 0.06).abs() < 1e-12);
    assert_eq!(a.spend_per_day[0].unknown_cost, 2);
    assert_eq!(a.spend_per_day[1].day, "2026-11-02");
    assert!((a.spend_per_day[1].cost_usd.unwrap() - 0.001).abs() < 1e-12);

    let days: Vec<(&str, &str, u32)> = a
        .by_day
        .iter()
        .map(|d| (d.day.as_deref().unwrap(), d.model.as_str(), d.requests))
        .collect();
    assert_eq!(
        days,
        [
            ("2026-11-01", "a/x", 4),
            ("2026-11-01", "b/y", 1),
            ("2026-11-02", "a/x", 1)
        ]
    );
    assert_eq!(
        a.by_day[2].error_rate, None,
        "no done or failed answer that day"
    );

    let since = store
        .analytics(&HistoryFilter {
            since_ms: Some(NOV1 + DAY),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(since.models.len(), 1);
    assert_eq!(since.models[0].requests, 1);

    assert_eq!(
        analytics::percentile(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95),
        Some(10)
    );
    assert_eq!(
        analytics::percentile(&(1..=20).collect::<Vec<_>>(), 0.95),
        Some(19)
    );
    assert_eq!(analytics::percentile::<u64>(&[], 0.5), None);
}

fn pair_vote(store: &Store, winner: &str, loser: &str, at: i64) {
    let c = save(
        store,
        "duel",
        at,
        vec![
            done(leak(winner), 1, 2, Some(0.01)),
            done(leak(loser), 1, 2, Some(0.03)),
        ],
    );
    store
        .add_vote(
            &c.id,
            &NewVote {
                slot_ids: vec![c.slots[0].id.clone(), c.slots[1].id.clone()],
                winner_slot_id: Some(c.slots[0].id.clone()),
                blind: true,
                voter: "human".into(),
            },
            at,
        )
        .unwrap();
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

#[test]
fn the_leaderboard_fits_bradley_terry_from_votes() {
    let store = Store::open_in_memory().unwrap();
    // A beats B twice, B beats A once. Without a prior, Bradley–Terry's maximum likelihood
    // strengths are in the ratio 2 : 1, so the ratings are 1000 ± 200·log10(2).
    pair_vote(&store, "a/a", "b/b", NOV1);
    pair_vote(&store, "a/a", "b/b", NOV1 + 1);
    pair_vote(&store, "b/b", "a/a", NOV1 + 2);
    let board = store
        .leaderboard(&HistoryFilter::default(), 0.0, Voters::All)
        .unwrap();
    assert_eq!(board.len(), 2);
    assert_eq!(board[0].model, "a/a");
    let half = 200.0 * 2f64.log10();
    assert!(
        (board[0].rating - (1000.0 + half)).abs() < 1e-6,
        "{}",
        board[0].rating
    );
    assert!(
        (board[1].rating - (1000.0 - half)).abs() < 1e-6,
        "{}",
        board[1].rating
    );
    assert_eq!(
        (
            board[0].wins,
            board[0].losses,
            board[0].ties,
            board[0].votes
        ),
        (2, 1, 0, 3)
    );
    assert!((board[0].win_rate - 2.0 / 3.0).abs() < 1e-12);
    // a/a answered at $0.01 twice and $0.03 once.
    assert!((board[0].avg_cost_usd.unwrap() - 0.05 / 3.0).abs() < 1e-12);

    // A best of three: the winner beats both others; the two losers are not compared.
    let c = save(
        &store,
        "three",
        NOV1 + 3,
        vec![
            done("c/c", 1, 2, None),
            done("a/a", 1, 2, None),
            done("b/b", 1, 2, None),
        ],
    );
    store
        .add_vote(
            &c.id,
            &NewVote {
                slot_ids: c.slots.iter().map(|s| s.id.clone()).collect(),
                winner_slot_id: Some(c.slots[0].id.clone()),
                blind: true,
                voter: "human".into(),
            },
            NOV1 + 3,
        )
        .unwrap();
    let board = store
        .leaderboard(&HistoryFilter::default(), 1.0, Voters::All)
        .unwrap();
    let row = |m: &str| board.iter().find(|r| r.model == m).unwrap().clone();
    assert_eq!(
        (row("c/c").wins, row("c/c").losses, row("c/c").votes),
        (2, 0, 1)
    );
    assert_eq!((row("a/a").wins, row("a/a").losses), (2, 2));
    assert_eq!(row("b/b").losses, 3);
    assert!(
        row("c/c").rating.is_finite(),
        "an unbeaten model stays finite with a prior"
    );
    assert!(row("a/a").rating > row("b/b").rating);

    // A tie: half a win each, strengths equal.
    let store = Store::open_in_memory().unwrap();
    let c = save(
        &store,
        "tie",
        NOV1,
        vec![done("a/a", 1, 2, None), done("b/b", 1, 2, None)],
    );
    store
        .add_vote(
            &c.id,
            &NewVote {
                slot_ids: c.slots.iter().map(|s| s.id.clone()).collect(),
                winner_slot_id: None,
                blind: false,
                voter: "judge:x/judge".into(),
            },
            NOV1,
        )
        .unwrap();
    let board = store
        .leaderboard(&HistoryFilter::default(), 1.0, Voters::All)
        .unwrap();
    assert_eq!(board[0].ties, 1);
    assert!((board[0].rating - 1000.0).abs() < 1e-6 && (board[1].rating - 1000.0).abs() < 1e-6);
    assert_eq!(board[0].win_rate, 0.5);
    // That vote was a judge's: a person's leaderboard does not count it; the judges' does.
    let human = store
        .leaderboard(&HistoryFilter::default(), 1.0, Voters::Human)
        .unwrap();
    assert!(human.is_empty(), "{human:?}");
    let judges = store
        .leaderboard(&HistoryFilter::default(), 1.0, Voters::Judges)
        .unwrap();
    assert_eq!(judges.len(), 2);
    assert_eq!(judges[0].ties, 1);
}

#[test]
fn recommendations_name_the_cheapest_fastest_and_best_voted() {
    let store = Store::open_in_memory().unwrap();
    for i in 0..3 {
        let c = save(
            &store,
            "q",
            NOV1 + i,
            vec![
                done("cheap/slow", 900, 9000, Some(0.001)),
                done("dear/fast", 100, 1000, Some(0.1)),
            ],
        );
        store
            .add_vote(
                &c.id,
                &NewVote {
                    slot_ids: c.slots.iter().map(|s| s.id.clone()).collect(),
                    winner_slot_id: Some(c.slots[1].id.clone()),
                    blind: true,
                    voter: "human".into(),
                },
                NOV1,
            )
            .unwrap();
        if i == 0 {
            store.set_tags(&c.id, &["code".into()]).unwrap();
        }
    }
    // Two answers only: not enough to be recommended.
    save(
        &store,
        "q",
        NOV1,
        vec![
            done("rare/free", 1, 2, Some(0.0)),
            done("rare/free", 1, 2, Some(0.0)),
        ],
    );

    let recs = store.recommendations(5).unwrap();
    let pick = |kind: RecommendationKind| {
        recs.iter()
            .find(|r| r.tag.is_none() && r.kind == kind)
            .map(|r| (r.model.as_str(), r.basis))
    };
    assert_eq!(pick(RecommendationKind::Cheapest), Some(("cheap/slow", 3)));
    assert_eq!(pick(RecommendationKind::Fastest), Some(("dear/fast", 3)));
    assert_eq!(pick(RecommendationKind::BestVoted), Some(("dear/fast", 3)));
    assert!(
        recs.iter().all(|r| r.tag.as_deref() != Some("code")),
        "one tagged comparison is too little to recommend anything for the tag"
    );
}

#[test]
fn reading_history_does_not_wait_for_a_write_in_progress() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_dir(dir.path()).unwrap();
    let c = save(&store, "visible", NOV1, vec![done("a/x", 1, 2, None)]);
    // While this process is writing (the write connection held, as during a partial-text flush),
    // history pages, comparisons and searches are still answered.
    store.while_writing(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = store.clone();
        let id = c.id.clone();
        std::thread::spawn(move || {
            let list = reader.list_comparisons(10, None).map(|l| l.len());
            let one = reader.get_comparison(&id).map(|c| c.slots.len());
            let hits = reader
                .search("visible", &HistoryFilter::default(), 10, None)
                .map(|p| p.hits.len());
            let stats = reader
                .analytics(&HistoryFilter::default())
                .map(|a| a.models.len());
            let _ = tx.send((list.unwrap(), one.unwrap(), hits.unwrap(), stats.unwrap()));
        });
        let got = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("reads must not wait for the writer");
        assert_eq!(got, (1, 1, 1, 1));
    });
    // Another process's open write transaction does not block reads either (WAL).
    let other = rusqlite::Connection::open(store.path()).unwrap();
    other
        .execute_batch("BEGIN IMMEDIATE; DELETE FROM settings;")
        .unwrap();
    assert_eq!(store.list_comparisons(10, None).unwrap().len(), 1);
    other.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn model_sets_and_aliases_are_saved_replaced_and_removed() {
    let store = Store::open_in_memory().unwrap();
    let set = ModelSet {
        name: "frontier".into(),
        targets_json: r#"[{"model":"a/x"}]"#.into(),
    };
    store.save_model_set(&set, 1).unwrap();
    let replaced = ModelSet {
        targets_json: r#"[{"model":"b/y"}]"#.into(),
        ..set.clone()
    };
    store.save_model_set(&replaced, 2).unwrap();
    assert_eq!(store.list_model_sets().unwrap(), vec![replaced.clone()]);
    assert_eq!(store.model_set("frontier").unwrap(), Some(replaced));
    let bad = store
        .save_model_set(
            &ModelSet {
                name: "a/b".into(),
                ..set
            },
            3,
        )
        .unwrap_err();
    assert!(
        bad.to_string().contains("is not a valid model set name"),
        "{bad}"
    );
    store.delete_model_set("frontier").unwrap();
    assert_eq!(
        store.delete_model_set("frontier").unwrap_err().code(),
        "not_found"
    );

    store
        .set_alias(
            &Alias {
                name: "sonnet".into(),
                model: "anthropic:claude-sonnet-4".into(),
            },
            1,
        )
        .unwrap();
    assert_eq!(
        store.alias("sonnet").unwrap().as_deref(),
        Some("anthropic:claude-sonnet-4")
    );
    assert_eq!(store.alias("opus").unwrap(), None);
    assert_eq!(
        store
            .set_alias(
                &Alias {
                    name: "x y".into(),
                    model: "a/b".into()
                },
                1
            )
            .unwrap_err()
            .code(),
        "invalid_input"
    );
    assert_eq!(store.list_aliases().unwrap().len(), 1);
    store.delete_alias("sonnet").unwrap();
    assert!(store.list_aliases().unwrap().is_empty());
}

/// Issue 9: refusals and truncations are outcomes of their own. For model a/x: 2 done (TTFT 100
/// and 300), 1 refused (TTFT 50), 1 truncated (TTFT 200), 1 failed: 5 outcomes the model is
/// responsible for. Error rate 1/5 = 0.2, refusal rate 1/5 = 0.2; TTFT p50 over the three that
/// generated (100, 200, 300) is 200 — the refusal's quick 50 ms does not flatter it. A status
/// filter finds each.
#[test]
fn refusals_and_truncations_are_counted_apart_and_filterable() {
    let store = Store::open_in_memory().unwrap();
    let with = |status, ttft| Answer {
        status,
        ..done("a/x", ttft, ttft + 500, Some(0.001))
    };
    save(
        &store,
        "p",
        NOV1,
        vec![
            with(SlotStatus::Done, 100),
            with(SlotStatus::Done, 300),
            with(SlotStatus::Refused, 50),
            with(SlotStatus::Truncated, 200),
            failed("a/x"),
        ],
    );
    save(&store, "q", NOV1 + 1, vec![done("b/y", 100, 600, None)]);
    let a = store.analytics(&HistoryFilter::default()).unwrap();
    let m = &a.models[0];
    assert_eq!(m.model, "a/x");
    assert_eq!(m.requests, 5);
    assert_eq!((m.errors, m.refused, m.truncated), (1, 1, 1));
    assert_eq!(m.error_rate, Some(0.2));
    assert_eq!(m.refusal_rate, Some(0.2));
    assert_eq!(m.ttft_p50_ms, Some(200));
    assert_eq!(m.ttft_p95_ms, Some(300));
    for (status, n) in [
        (SlotStatus::Refused, 1),
        (SlotStatus::Truncated, 1),
        (SlotStatus::Done, 2),
    ] {
        let filter = HistoryFilter {
            status: Some(status),
            ..Default::default()
        };
        assert_eq!(
            store
                .list_comparisons_where(&filter, 10, None)
                .unwrap()
                .len(),
            n,
            "{status:?}: the comparison is found by this status"
        );
    }
}

/// One answer as the tests below save it: who answered, how, and what it cost.
struct Served {
    provider: &'static str,
    model: &'static str,
    status: SlotStatus,
    total: u64,
    cost: Option<f64>,
    cached: bool,
    text: String,
}

fn served(provider: &'static str, model: &'static str, total: u64, cost: Option<f64>) -> Served {
    Served {
        provider,
        model,
        status: SlotStatus::Done,
        total,
        cost,
        cached: false,
        text: "an answer".into(),
    }
}

/// Saves a finished comparison whose answers may come from different providers.
fn save_served(store: &Store, prompt: &str, at: i64, answers: Vec<Served>) -> ComparisonRecord {
    let c = store
        .create_comparison(
            &NewComparison {
                prompt: prompt.into(),
                system: None,
                parent_id: None,
                slots: answers
                    .iter()
                    .map(|a| NewSlot {
                        provider: a.provider.into(),
                        model: a.model.into(),
                        ..Default::default()
                    })
                    .collect(),
            },
            at,
        )
        .unwrap();
    for (slot, a) in c.slots.iter().zip(answers) {
        let mut s = slot.clone();
        s.status = a.status;
        s.ttft_ms = Some(a.total / 10);
        s.total_ms = Some(a.total);
        s.text = a.text;
        s.cached = a.cached;
        s.cost = match a.cost {
            Some(usd) => Cost {
                usd: Some(usd),
                source: CostSource::Billed,
            },
            None => Cost::UNKNOWN,
        };
        store
            .finish_slot(&s, None, (None, None), at + 1000, None)
            .unwrap();
    }
    store.get_comparison(&c.id).unwrap()
}

#[test]
fn recommendations_within_tags_match_figures_computed_by_hand() {
    let store = Store::open_in_memory().unwrap();
    let status = |status, a: Served| Served { status, ..a };
    // (tags, answers). "math" is on four comparisons, "code" on three, so "math" comes first.
    let history: Vec<(&[&str], Vec<Served>)> = vec![
        (
            &["code", "math"],
            vec![
                served("openrouter", "m/a", 1000, Some(0.010)),
                served("openrouter", "m/b", 3000, Some(0.002)),
            ],
        ),
        (
            &["code"],
            vec![
                // The same model through another provider counts as the same model.
                served("openai", "m/a", 2000, Some(0.020)),
                served("openrouter", "m/b", 1000, Some(0.004)),
            ],
        ),
        (
            &["code", "math"],
            vec![
                served("openrouter", "m/a", 4000, Some(0.030)),
                status(
                    SlotStatus::Failed,
                    served("openrouter", "m/b", 10, Some(0.0)),
                ),
            ],
        ),
        (
            &["math"],
            vec![
                served("openrouter", "m/b", 500, None),
                served("openrouter", "m/a", 6000, Some(0.001)),
            ],
        ),
        (
            &["math"],
            vec![
                served("openrouter", "m/b", 2000, Some(0.006)),
                served("openrouter", "m/c", 9000, Some(0.0001)),
            ],
        ),
        (
            &[],
            vec![
                served("openrouter", "m/c", 9000, Some(0.0001)),
                served("openrouter", "m/c", 9000, Some(0.0001)),
                // Neither a cached answer nor a stopped one is a done answer of the model.
                Served {
                    cached: true,
                    ..served("openrouter", "m/c", 1, Some(0.0))
                },
                status(
                    SlotStatus::Cancelled,
                    served("openrouter", "m/b", 1, Some(0.0)),
                ),
            ],
        ),
    ];
    for (i, (tags, answers)) in history.into_iter().enumerate() {
        let c = save_served(&store, "q", NOV1 + i as i64 * DAY, answers);
        let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
        store.set_tags(&c.id, &tags).unwrap();
    }

    // Done answers, not cached:
    //   m/a: costs 0.010, 0.020, 0.030, 0.001 (mean 0.061 / 4); totals 1000, 2000, 4000, 6000
    //        (nearest-rank median: the 2nd of 4 = 2000)
    //   m/b: costs 0.002, 0.004, 0.006 and one unknown (mean 0.004 over 3); totals 500, 1000,
    //        2000, 3000 (median 1000)
    //   m/c: three at 0.0001 and 9000 ms
    // code (comparisons 1–3): m/a costs 0.010, 0.020, 0.030 (mean 0.02), totals 1000, 2000,
    //   4000 (median 2000); m/b has two done answers only.
    // math (comparisons 1, 3, 4, 5): m/a costs 0.010, 0.030, 0.001 (mean 0.041 / 3), totals 1000,
    //   4000, 6000; m/b two known costs only (not enough for cheapest), totals 500, 2000, 3000
    //   (median 2000, faster than m/a's 4000); m/c one answer.
    use RecommendationKind::{Cheapest, Fastest};
    let expected: Vec<(Option<&str>, RecommendationKind, &str, f64, u32)> = vec![
        (None, Cheapest, "m/c", 0.0001, 3),
        (None, Fastest, "m/b", 1000.0, 4),
        (Some("math"), Cheapest, "m/a", 0.041 / 3.0, 3),
        (Some("math"), Fastest, "m/b", 2000.0, 3),
        (Some("code"), Cheapest, "m/a", 0.02, 3),
        (Some("code"), Fastest, "m/a", 2000.0, 3),
    ];
    let recs = store.recommendations(5).unwrap();
    assert_eq!(recs.len(), expected.len(), "{recs:#?}");
    for (r, (tag, kind, model, value, basis)) in recs.iter().zip(expected) {
        assert_eq!(
            (r.tag.as_deref(), r.kind, r.model.as_str(), r.basis),
            (tag, kind, model, basis),
            "{recs:#?}"
        );
        assert!(
            (r.value - value).abs() < 1e-12,
            "{tag:?} {kind:?}: {} ≠ {value}",
            r.value
        );
    }
    // Only the most used tag when one is asked for.
    let one: Vec<Option<String>> = store
        .recommendations(1)
        .unwrap()
        .into_iter()
        .map(|r| r.tag)
        .collect();
    assert_eq!(one, [None, None, Some("math".into()), Some("math".into())]);
}

#[test]
fn per_day_rows_are_ordered_by_day_then_model_then_provider() {
    let store = Store::open_in_memory().unwrap();
    save_served(
        &store,
        "later day",
        NOV1 + DAY,
        vec![
            served("openrouter", "z/z", 100, None),
            served("openrouter", "a/a", 100, Some(0.5)),
            served("anthropic", "a/a", 100, Some(0.25)),
        ],
    );
    save_served(
        &store,
        "first day",
        NOV1,
        vec![
            served("openrouter", "m/m", 100, None),
            served("openrouter", "m/m", 100, Some(1.0)),
        ],
    );
    let a = store.analytics(&HistoryFilter::default()).unwrap();
    let days: Vec<(&str, &str, &str, u32, Option<f64>)> = a
        .by_day
        .iter()
        .map(|d| {
            (
                d.day.as_deref().unwrap(),
                d.model.as_str(),
                d.provider.as_str(),
                d.requests,
                d.cost_usd,
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            ("2026-11-01", "m/m", "openrouter", 2, Some(1.0)),
            ("2026-11-02", "a/a", "anthropic", 1, Some(0.25)),
            ("2026-11-02", "a/a", "openrouter", 1, Some(0.5)),
            ("2026-11-02", "z/z", "openrouter", 1, None),
        ]
    );
    // The app's summary: the same rows in the same order, with only the spend; a day's unknown
    // costs counted apart (m/m's first answer; z/z's only one).
    let summary = store.analytics_summary(&HistoryFilter::default()).unwrap();
    type Row<'a> = (&'a str, &'a str, &'a str, u32, Option<f64>, u32);
    let spend: Vec<Row> = summary
        .by_day
        .iter()
        .map(|d| {
            (
                d.day.as_str(),
                d.model.as_str(),
                d.provider.as_str(),
                d.requests,
                d.cost_usd,
                d.unknown_cost,
            )
        })
        .collect();
    assert_eq!(
        spend,
        [
            ("2026-11-01", "m/m", "openrouter", 2, Some(1.0), 1),
            ("2026-11-02", "a/a", "anthropic", 1, Some(0.25), 0),
            ("2026-11-02", "a/a", "openrouter", 1, Some(0.5), 0),
            ("2026-11-02", "z/z", "openrouter", 1, None, 1),
        ]
    );
    assert_eq!(
        summary.models, a.models,
        "the per-model rows are the full ones"
    );
    assert_eq!(summary.spend_per_day, a.spend_per_day);
    // Totals: most requested first, then by model, then provider.
    let models: Vec<(&str, &str)> = a
        .models
        .iter()
        .map(|m| (m.model.as_str(), m.provider.as_str()))
        .collect();
    assert_eq!(
        models,
        [
            ("m/m", "openrouter"),
            ("a/a", "anthropic"),
            ("a/a", "openrouter"),
            ("z/z", "openrouter")
        ]
    );
    // The leaderboard's cost column: the mean known cost per model name, cached answers left
    // out, over the filter's range.
    let c = save_served(
        &store,
        "duel",
        NOV1 + 2 * DAY,
        vec![
            served("openrouter", "a/a", 100, Some(0.125)),
            served("openrouter", "m/m", 100, Some(2.0)),
            Served {
                cached: true,
                ..served("openrouter", "m/m", 100, Some(0.0))
            },
        ],
    );
    store
        .add_vote(
            &c.id,
            &NewVote {
                slot_ids: vec![c.slots[0].id.clone(), c.slots[1].id.clone()],
                winner_slot_id: Some(c.slots[0].id.clone()),
                blind: true,
                voter: "human".into(),
            },
            NOV1 + 2 * DAY,
        )
        .unwrap();
    let cost = |filter: HistoryFilter, model: &str| {
        store
            .leaderboard(&filter, DEFAULT_PRIOR_GAMES, Voters::All)
            .unwrap()
            .into_iter()
            .find(|r| r.model == model)
            .unwrap()
            .avg_cost_usd
    };
    // a/a: 0.5, 0.25 and 0.125 (both providers); m/m: 1.0 and 2.0 (unknown and cached out).
    assert_eq!(cost(HistoryFilter::default(), "a/a"), Some(0.875 / 3.0));
    assert_eq!(cost(HistoryFilter::default(), "m/m"), Some(1.5));
    let since = HistoryFilter {
        since_ms: Some(NOV1 + 2 * DAY),
        ..Default::default()
    };
    assert_eq!(cost(since.clone(), "a/a"), Some(0.125));
    assert_eq!(cost(since, "m/m"), Some(2.0));
}

#[test]
fn filtered_search_pages_join_up_and_each_snippet_is_its_own_answers() {
    let store = Store::open_in_memory().unwrap();
    // 12 comparisons, each with an a/x and a b/y answer naming the kettle; the prompt does
    // not, so every snippet comes from the answer. Fillers vary the ranks; some tie.
    let marker = |model: &str, i: usize| format!("{}mark{i}q", model.replace('/', ""));
    let mut marker_of = std::collections::HashMap::new();
    for i in 0..12 {
        let answer = |model: &'static str| Served {
            text: format!(
                "kettle {} {}",
                marker(model, i),
                "filler ".repeat((i * 7 + model.len()) % 5)
            ),
            ..served("openrouter", model, 100, None)
        };
        let c = save_served(
            &store,
            &format!("question {i}"),
            NOV1 + i as i64,
            vec![answer("a/x"), answer("b/yy")],
        );
        for s in &c.slots {
            marker_of.insert(s.id.clone(), marker(&s.model, i));
        }
    }
    let a_only = HistoryFilter {
        model: Some("a/x".into()),
        ..Default::default()
    };
    for (query, filter, hits) in [
        ("kettle", a_only.clone(), 12),
        ("kettle", HistoryFilter::default(), 24),
        ("kett*", a_only, 12),
    ] {
        let all = store.search(query, &filter, 100, None).unwrap();
        assert_eq!(all.hits.len(), hits, "{query}");
        assert!(all.next.is_none());
        let mut paged = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = store.search(query, &filter, 5, after.as_deref()).unwrap();
            assert!(page.hits.len() <= 5);
            paged.extend(page.hits);
            match page.next {
                Some(n) => after = Some(n),
                None => break,
            }
        }
        assert_eq!(paged, all.hits, "{query}: pages join up to the single page");
        for h in &paged {
            if filter.model.is_some() {
                assert_eq!(h.model, "a/x");
            }
            let marker = &marker_of[&h.slot_id];
            assert!(
                h.snippet.contains("«kettle»") && h.snippet.contains(marker.as_str()),
                "{query}: the snippet {:?} is from answer {marker}",
                h.snippet
            );
        }
    }
}

/// Spend split into billed and computed at list price (unknown apart), and each model's tok/s
/// distribution from the speeds saved with its answers — all counted by hand.
#[test]
fn analytics_split_billed_from_computed_and_give_speed_percentiles() {
    let store = Store::open_in_memory().unwrap();
    // (ttft, total, cost): 100 output tokens each, so tok/s = 100 / (total − ttft) seconds:
    // 100 / 1.0 s = 100; 100 / 0.5 s = 200; 100 / 2.0 s = 50.
    let answers = [
        (100, 1_100, Some((0.01, CostSource::Billed))),
        (100, 600, Some((0.02, CostSource::Computed))),
        (200, 2_200, None),
    ];
    let c = store
        .create_comparison(
            &NewComparison {
                prompt: "speed".into(),
                system: None,
                parent_id: None,
                slots: (0..3)
                    .map(|_| NewSlot {
                        provider: "openrouter".into(),
                        model: "m/a".into(),
                        ..Default::default()
                    })
                    .collect(),
            },
            NOV1,
        )
        .unwrap();
    for (slot, (ttft, total, cost)) in c.slots.iter().zip(answers) {
        let mut s = slot.clone();
        s.status = SlotStatus::Done;
        s.ttft_ms = Some(ttft);
        s.total_ms = Some(total);
        s.text = "x".into();
        s.usage = Usage {
            input_tokens: Some(10),
            output_tokens: Some(100),
            ..Default::default()
        };
        s.cost = cost.map_or(Cost::UNKNOWN, |(usd, source)| Cost {
            usd: Some(usd),
            source,
        });
        store
            .finish_slot(&s, None, (None, None), NOV1 + 5_000, None)
            .unwrap();
    }
    let a = store.analytics(&HistoryFilter::default()).unwrap();
    let m = &a.models[0];
    assert_eq!(m.billed_usd, Some(0.01));
    assert_eq!(m.computed_usd, Some(0.02));
    assert!((m.cost_usd.unwrap() - 0.03).abs() < 1e-12);
    assert_eq!(m.unknown_cost, 1);
    // Sorted speeds 50, 100, 200; nearest rank: p10 → 1st, p50 → 2nd, p90 → 3rd.
    assert_eq!(
        (m.tps_p10, m.tps_p50, m.tps_p90),
        (Some(50.0), Some(100.0), Some(200.0))
    );
    let day = &a.spend_per_day[0];
    assert_eq!(
        (day.billed_usd, day.computed_usd, day.unknown_cost),
        (Some(0.01), Some(0.02), 1)
    );
}

#[test]
fn a_history_row_counts_refused_and_cut_answers_and_names_the_winner_of_the_persons_latest_vote() {
    let store = Store::open_in_memory().unwrap();
    let mut refused = done("b/refuser", 100, 200, None);
    refused.status = SlotStatus::Refused;
    let mut cut = done("c/cutter", 100, 900, Some(0.01));
    cut.status = SlotStatus::Truncated;
    let c = save(
        &store,
        "p",
        NOV1,
        vec![
            done("a/winner", 100, 500, Some(0.02)),
            refused,
            cut,
            failed("d/failer"),
        ],
    );
    let row = |store: &Store| store.list_comparisons(10, None).unwrap().remove(0);
    assert_eq!(row(&store).winner, None, "no vote yet");
    assert_eq!(
        (
            row(&store).failed_slots,
            row(&store).refused_slots,
            row(&store).truncated_slots
        ),
        (1, 1, 1)
    );
    let vote = |winner: Option<usize>, voter: &str, at: i64| {
        store
            .add_vote(
                &c.id,
                &NewVote {
                    slot_ids: c.slots.iter().take(3).map(|s| s.id.clone()).collect(),
                    winner_slot_id: winner.map(|i| c.slots[i].id.clone()),
                    blind: false,
                    voter: voter.into(),
                },
                at,
            )
            .unwrap()
    };
    vote(Some(2), "human", NOV1 + 1_000);
    vote(Some(0), "human", NOV1 + 2_000);
    // A judge's later verdict is not the person's.
    vote(Some(1), "judge:openai/gpt-4o", NOV1 + 3_000);
    assert_eq!(row(&store).winner.as_deref(), Some("a/winner"));
    // The person's latest vote a tie: no winner to name.
    vote(None, "human", NOV1 + 4_000);
    assert_eq!(row(&store).winner, None);
}

#[test]
fn analytics_sums_the_input_tokens_read_from_the_prompt_cache() {
    let store = Store::open_in_memory().unwrap();
    let c = save(
        &store,
        "p",
        NOV1,
        vec![
            done("a/cache", 100, 500, Some(0.01)),
            done("a/cache", 100, 500, Some(0.01)),
            done("b/none", 100, 500, Some(0.01)),
        ],
    );
    // The first answer read 300 of its input tokens from the cache, the second 45, b none.
    for (i, cached) in [(0, 300), (1, 45)] {
        let mut s = c.slots[i].clone();
        s.usage.cache_read_tokens = Some(cached);
        store
            .finish_slot(&s, None, (None, None), NOV1 + 2_000, None)
            .unwrap();
    }
    let a = store.analytics(&HistoryFilter::default()).unwrap();
    let by = |m: &str| {
        a.models
            .iter()
            .find(|r| r.model == m)
            .unwrap()
            .cached_tokens
    };
    assert_eq!(by("a/cache"), 345);
    assert_eq!(by("b/none"), 0);
}

#[test]
fn analytics_reads_answers_figures_from_the_index_alone() {
    // An answer's row holds its text: a read that needs a column the `slots_figures` index
    // lacks walks every answer's text (it did for the cached tokens, ~150 ms over 100,000
    // answers). With or without a filter, the answers come from the covering index.
    let store = Store::open_in_memory().unwrap();
    for filter in [
        HistoryFilter::default(),
        HistoryFilter {
            since_ms: Some(NOV1),
            model: Some("a/x".into()),
            ..Default::default()
        },
    ] {
        let plan = store.answers_plan(&filter).unwrap();
        assert!(
            plan.iter()
                .any(|step| step.contains("s USING COVERING INDEX slots_figures")),
            "{plan:?}"
        );
    }
}
