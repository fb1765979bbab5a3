//! What a person's own history says: analytics, the vote leaderboard, recommendations, and
//! catalog price changes.

use parallax_store::{
    AnalyticsSummary, HistoryFilter, LeaderboardRow, PriceChange, Recommendation,
    DEFAULT_PRIOR_GAMES,
};
use tauri::AppHandle;

use super::{now_ms, store};
use crate::error::AppError;

pub async fn analytics(
    app: &AppHandle,
    filter: Option<HistoryFilter>,
) -> Result<AnalyticsSummary, AppError> {
    // Per-day rows of spend only: all they are drawn for (see AnalyticsSummary).
    Ok(store(app)?.analytics_summary(&filter.unwrap_or_default())?)
}

pub async fn leaderboard(
    app: &AppHandle,
    filter: Option<HistoryFilter>,
    voters: Option<parallax_store::Voters>,
) -> Result<Vec<LeaderboardRow>, AppError> {
    Ok(store(app)?.leaderboard(
        &filter.unwrap_or_default(),
        DEFAULT_PRIOR_GAMES,
        voters.unwrap_or_default(),
    )?)
}

pub async fn recommendations(app: &AppHandle) -> Result<Vec<Recommendation>, AppError> {
    Ok(store(app)?.recommendations(parallax_app::RECOMMENDATION_TAGS)?)
}

pub async fn price_changes(
    app: &AppHandle,
    days: Option<u32>,
    model: Option<String>,
) -> Result<Vec<PriceChange>, AppError> {
    let since = days.map_or(0, |d| now_ms() - i64::from(d) * 86_400_000);
    Ok(store(app)?.price_changes(since, model.as_deref())?)
}
