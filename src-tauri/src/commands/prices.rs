//! Prices: a model's providers on OpenRouter, and what a workload costs on every model.

use parallax_app::catalogs::{self, EndpointsView};
use parallax_app::prices::{self, ModelCost, Workload};
use parallax_llm::{EndpointRef, ProviderKind};
use tauri::{AppHandle, Manager};

use super::store;
use crate::error::AppError;
use crate::AppState;

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
    prices::calculate_saved(
        &store(app)?,
        &EndpointRef::of(provider, endpoint.as_deref()),
        &workload,
    )
}

pub async fn reprice_comparison(
    app: &AppHandle,
    id: String,
) -> Result<Vec<prices::Repriced>, AppError> {
    let engine = app.state::<AppState>().engine()?;
    prices::reprice(&engine, &id)
}
