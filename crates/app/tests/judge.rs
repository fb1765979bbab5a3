//! The judge end to end on the built-in demo provider (in-process, no key, no network): a
//! comparison of two demo answers, judged by `demo:judge` (whose made-up verdict always picks
//! answer A), saved as a judge vote apart from human votes; a judge that fails votes nothing.

use std::sync::Arc;

use parallax_app::judge::{judge, RubricTemplate};
use parallax_app::{AppCode, AppErrorCode};
use parallax_engine::settings::endpoint_for;
use parallax_engine::{ComparisonSpec, Engine, EngineConfig, RunControl, SystemClock, Target};
use parallax_llm::ProviderKind;
use parallax_store::Store;

fn demo(model: &str) -> Target {
    Target::on(ProviderKind::Demo, model)
}

#[tokio::test]
async fn a_judges_verdict_is_saved_as_a_judge_vote_and_a_failed_judge_votes_nothing() {
    let store = Store::open_in_memory().unwrap();
    let engine = Engine::new(
        store.clone(),
        Arc::new(SystemClock),
        EngineConfig::default(),
    );
    let spec = ComparisonSpec::simple(
        "Why is the sky blue?",
        None,
        vec![demo("fast"), demo("bad-key"), demo("medium")],
    );
    let record = engine.prepare(&spec).unwrap();
    let id = record.id.clone();
    let s = store.clone();
    engine
        .execute(
            record,
            &spec,
            &|t: &Target| endpoint_for(&s, t),
            Arc::new(|_| {}),
            RunControl::new(),
        )
        .await;

    // Every answer with text is judged (column 1 failed): A = column 0, B = column 2.
    let j = judge(
        &engine,
        &id,
        demo("judge"),
        RubricTemplate::PickBest.text(),
        &[],
        Arc::new(|_| {}),
        RunControl::new(),
    )
    .await
    .unwrap();
    assert_eq!(j.columns, [0, 2]);
    assert_eq!(j.winner, Some(0), "the demo judge picks answer A");
    assert_eq!(j.reason, "The demo judge always picks answer A.");
    assert_eq!(j.vote.voter, "judge:demo:judge");
    assert!(j.vote.blind, "the judge never sees model names");
    let judged = store.get_comparison(&id).unwrap();
    assert_eq!(
        j.vote.winner_slot_id.as_deref(),
        Some(judged.slots[0].id.as_str())
    );
    assert_eq!(
        j.vote.slot_ids,
        [judged.slots[0].id.clone(), judged.slots[2].id.clone()]
    );
    // The judge's own run is a comparison of its own, tagged, naming no model.
    let run = store.get_comparison(&j.judge_comparison_id).unwrap();
    assert_eq!(run.tags, ["judge"]);
    assert!(run.prompt.contains("<answer A>") && run.prompt.contains("<answer B>"));
    assert!(
        run.prompt.contains(&judged.slots[0].text) && run.prompt.contains(&judged.slots[2].text)
    );
    for name in ["demo:", "Demo: ", "\"fast\"", "\"medium\""] {
        assert!(!run.prompt.contains(name), "{name} in the judge's prompt");
    }

    // A judge that fails: a clear error, and no second vote.
    let err = judge(
        &engine,
        &id,
        demo("bad-key"),
        "Pick one.",
        &[0, 2],
        Arc::new(|_| {}),
        RunControl::new(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, AppErrorCode::App(AppCode::JudgeFailed));
    assert!(err.message.contains("did not answer"), "{}", err.message);
    // A judge whose answer has no verdict line (the fast demo model): refused, no vote.
    let err = judge(
        &engine,
        &id,
        demo("fast"),
        "Pick one.",
        &[0, 2],
        Arc::new(|_| {}),
        RunControl::new(),
    )
    .await
    .unwrap_err();
    assert!(err.message.contains("no VERDICT"), "{}", err.message);
    let votes = store.get_comparison(&id).unwrap().votes;
    assert_eq!(votes.len(), 1);
    // Too few answers to judge.
    let err = judge(
        &engine,
        &id,
        demo("judge"),
        "Pick one.",
        &[0],
        Arc::new(|_| {}),
        RunControl::new(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, AppErrorCode::App(AppCode::InvalidInput));
}

/// A judged prompt with `{{variables}}` (and answers quoting braces) is sent to the judge as
/// text, not rendered again.
#[tokio::test]
async fn a_prompt_with_variables_can_be_judged() {
    let store = Store::open_in_memory().unwrap();
    let engine = Engine::new(
        store.clone(),
        Arc::new(SystemClock),
        EngineConfig::default(),
    );
    let spec = ComparisonSpec {
        rows: vec![[("city".to_owned(), "Lyon".to_owned())].into()],
        ..ComparisonSpec::simple(
            "Describe {{city}}",
            None,
            vec![demo("fast"), demo("medium")],
        )
    };
    let record = engine.prepare(&spec).unwrap();
    let id = record.id.clone();
    let s = store.clone();
    engine
        .execute(
            record,
            &spec,
            &|t: &Target| endpoint_for(&s, t),
            Arc::new(|_| {}),
            RunControl::new(),
        )
        .await;
    let j = judge(
        &engine,
        &id,
        demo("judge"),
        "Pick one.",
        &[],
        Arc::new(|_| {}),
        RunControl::new(),
    )
    .await
    .unwrap();
    assert_eq!(j.winner, Some(0));
    let run = store.get_comparison(&j.judge_comparison_id).unwrap();
    assert!(run.prompt.contains("Describe {{city}}"), "{}", run.prompt);
}
