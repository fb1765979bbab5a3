//! `parallax stats` and `parallax leaderboard`: what your own history says about models.

use std::process::ExitCode;

use parallax_store::{RecommendationKind, Voters, DEFAULT_PRIOR_GAMES};
use serde_json::json;

use crate::filters::FilterArgs;
use crate::{fail, open_store, print_json, println_out, table};

pub fn stats(filter: &FilterArgs, by_day: bool, as_json: bool) -> ExitCode {
    let store = match open_store() {
        Ok(s) => s,
        Err(e) => return fail(1, e),
    };
    let analytics = match store.analytics(&filter.to_filter()) {
        Ok(a) => a,
        Err(e) => return fail(1, e),
    };
    let recs = match store.recommendations(parallax_app::RECOMMENDATION_TAGS) {
        Ok(r) => r,
        Err(e) => return fail(1, e),
    };
    if as_json {
        print_json(&json!({
            "models": analytics.models,
            "by_day": analytics.by_day,
            "spend_per_day": analytics.spend_per_day,
            "recommendations": recs,
        }));
        return ExitCode::SUCCESS;
    }
    if analytics.models.is_empty() {
        println_out("No answers in this range yet.");
        return ExitCode::SUCCESS;
    }
    if by_day {
        println_out(table::model_stats(&analytics.by_day, true));
    } else {
        println_out(table::model_stats(&analytics.models, false));
    }
    println_out("Spend per day (UTC):");
    println_out(table::spend(&analytics.spend_per_day));
    if !recs.is_empty() {
        println_out("From your history:");
        for r in &recs {
            let scope = r
                .tag
                .as_ref()
                .map_or_else(String::new, |t| format!(" for #{t}"));
            let (what, value) = match r.kind {
                RecommendationKind::Cheapest => (
                    "cheapest",
                    format!("{} per answer", table::format_cost(Some(r.value))),
                ),
                RecommendationKind::Fastest => ("fastest", format!("median {:.0} ms", r.value)),
                RecommendationKind::BestVoted => ("best voted", format!("rating {:.0}", r.value)),
            };
            println_out(format!(
                "  {what}{scope}: {} ({value}, over {} {})",
                r.model,
                r.basis,
                if r.kind == RecommendationKind::BestVoted {
                    "votes"
                } else {
                    "answers"
                }
            ));
        }
    }
    ExitCode::SUCCESS
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum VotersArg {
    Human,
    Judges,
    All,
}

pub fn leaderboard(filter: &FilterArgs, voters: VotersArg, as_json: bool) -> ExitCode {
    let store = match open_store() {
        Ok(s) => s,
        Err(e) => return fail(1, e),
    };
    let voters = match voters {
        VotersArg::Human => Voters::Human,
        VotersArg::Judges => Voters::Judges,
        VotersArg::All => Voters::All,
    };
    match store.leaderboard(&filter.to_filter(), DEFAULT_PRIOR_GAMES, voters) {
        Err(e) => fail(1, e),
        Ok(board) => {
            if as_json {
                print_json(&board);
            } else if board.is_empty() {
                println_out(
                    "No votes yet. Vote with `parallax history vote ID --winner SLOT` or in the app.",
                );
            } else {
                println_out(table::leaderboard(&board));
            }
            ExitCode::SUCCESS
        }
    }
}
