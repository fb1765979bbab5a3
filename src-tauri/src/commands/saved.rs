//! Aliases and model sets, shared with the CLI (`parallax alias`, `parallax sets`).

use parallax_app::targets::{self, ModelSetView};
use parallax_engine::Target;
use parallax_store::Alias;
use tauri::AppHandle;

use super::{now_ms, store};
use crate::error::AppError;

pub async fn list_aliases(app: &AppHandle) -> Result<Vec<Alias>, AppError> {
    Ok(store(app)?.list_aliases()?)
}

pub async fn set_alias(app: &AppHandle, name: String, model: String) -> Result<(), AppError> {
    targets::set_alias(&store(app)?, &name, &model, now_ms())
}

pub async fn delete_alias(app: &AppHandle, name: String) -> Result<(), AppError> {
    Ok(store(app)?.delete_alias(&name)?)
}

pub async fn list_model_sets(app: &AppHandle) -> Result<Vec<ModelSetView>, AppError> {
    targets::model_sets(&store(app)?)
}

pub async fn save_model_set(
    app: &AppHandle,
    name: String,
    targets: Vec<Target>,
) -> Result<(), AppError> {
    targets::save_model_set(&store(app)?, &name, &targets, now_ms())
}

pub async fn delete_model_set(app: &AppHandle, name: String) -> Result<(), AppError> {
    Ok(store(app)?.delete_model_set(&name)?)
}
