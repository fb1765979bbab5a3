//! Prices: a model's providers on OpenRouter, and what a workload costs on every model.

use parallax_app::catalogs::{self, EndpointsView, MarketSpeed};
use parallax_app::prices::{self, ModelCost, Workload};
use parallax_app::providers::checked_endpoint;
use parallax_llm::ProviderKind;
use tauri::{AppHandle, Manager};

use super::store;
use crate::error::AppError;
use crate::AppState;

pub async fn market_speed(
    app: &AppHandle,
    models: Vec<String>,
) -> Result<Vec<MarketSpeed>, AppError> {
    catalogs::saved_market_speed(&store(app)?, &models)
}

pub async fn model_endpoints(
    app: &AppHandle,
    model: String,
    refresh: Option<bool>,
) -> Result<EndpointsView, AppError> {
    let engine = app.state::<AppState>().engine()?;
    catalogs::model_endpoints(&engine, &model, refresh.unwrap_or(false)).await
}

pub async fn calculate_costs(
    app: &AppHandle,
    provider: ProviderKind,
    endpoint: Option<String>,
    workload: Workload,
) -> Result<Vec<ModelCost>, AppError> {
    let store = store(app)?;
    let at = checked_endpoint(&store, provider, endpoint.as_deref())?;
    prices::calculate_saved(&store, &at, &workload)
}

pub async fn reprice_comparison(
    app: &AppHandle,
    id: String,
) -> Result<Vec<prices::Repriced>, AppError> {
    let engine = app.state::<AppState>().engine()?;
    prices::reprice(&engine, &id)
}

/// Counts exactly for OpenAI models (the tokenizer may load: 0.1–0.4 s once), so off the IPC
/// thread.
pub async fn last_prompt_costs(
    app: &AppHandle,
    provider: ProviderKind,
    endpoint: Option<String>,
) -> Result<Option<prices::LastPrompt>, AppError> {
    let engine = app.state::<AppState>().engine()?;
    let at = checked_endpoint(engine.store(), provider, endpoint.as_deref())?;
    tauri::async_runtime::spawn_blocking(move || prices::last_prompt_costs(&engine, &at, true))
        .await
        .unwrap_or_else(|e| panic!("the last-prompt task failed: {e}"))
}
