use std::sync::Arc;

use parallax_engine::estimate::Estimate;
use parallax_engine::settings::{endpoint_for, resolve_endpoint};
use parallax_engine::{ComparisonEvent, ComparisonSpec, RunControl};
use parallax_llm::{CatalogModel, ProviderKind};
use tauri::ipc::Channel;
use tauri::{Manager, State};

use crate::error::AppError;
use crate::AppState;

/// The model list of a provider (or, for `compatible`, of the named custom endpoint).
#[tauri::command]
pub async fn list_models(
    state: State<'_, AppState>,
    provider: ProviderKind,
    endpoint: Option<String>,
) -> Result<Vec<CatalogModel>, AppError> {
    let engine = state.engine()?;
    let resolved = resolve_endpoint(engine.store(), provider, endpoint.as_deref())?;
    Ok(engine.list_models(&resolved.endpoint).await?)
}

/// What a comparison would cost, before anything is sent. The UI asks as the person types; the
/// first exact count of a session loads the tokenizer (0.1–0.4 s), so it runs on a blocking
/// thread. Sending never waits for it: a Send meanwhile checks caps on an approximate count.
#[tauri::command]
pub async fn estimate_comparison(
    state: State<'_, AppState>,
    spec: ComparisonSpec,
) -> Result<Estimate, AppError> {
    let engine = state.engine()?;
    let estimate = tauri::async_runtime::spawn_blocking(move || engine.estimate(&spec))
        .await
        .unwrap_or_else(|e| panic!("the estimate task failed: {e}"));
    Ok(estimate?)
}

/// Saves the comparison and starts it; returns its id at once. Progress arrives on `on_event`.
/// A model that fails is a `slot_finished` event with an error, not a rejected command.
#[tauri::command]
pub async fn start_comparison(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    spec: ComparisonSpec,
    on_event: Channel<ComparisonEvent>,
) -> Result<String, AppError> {
    launch(app, &state, spec, on_event)
}

/// Continues an earlier comparison: `prompt` follows up each finished answer, or only those in
/// `slots` (e.g. the winner), with the same models and settings. Like `start_comparison`.
#[tauri::command]
pub async fn follow_up(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    parent_id: String,
    prompt: String,
    slots: Vec<u32>,
    allow_unknown_cost: Option<bool>,
    on_event: Channel<ComparisonEvent>,
) -> Result<String, AppError> {
    let mut spec = state.engine()?.follow_up(&parent_id, &prompt, &slots)?;
    // "Send anyway" after a cap that cannot be checked, as for a new comparison.
    spec.allow_unknown_cost = allow_unknown_cost;
    launch(app, &state, spec, on_event)
}

fn launch(
    app: tauri::AppHandle,
    state: &AppState,
    spec: ComparisonSpec,
    on_event: Channel<ComparisonEvent>,
) -> Result<String, AppError> {
    let engine = state.engine()?;
    let record = engine.prepare(&spec)?;
    let id = record.id.clone();
    let control = RunControl::new();
    state
        .running
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(id.clone(), control.clone());
    let sink = Arc::new(move |e: ComparisonEvent| {
        // A closed window drops the channel; the run still finishes and is saved.
        let _ = on_event.send(e);
    });
    let run_id = id.clone();
    tauri::async_runtime::spawn(async move {
        let store = engine.store().clone();
        let endpoint_for = |t: &parallax_engine::Target| endpoint_for(&store, t);
        engine
            .execute(record, &spec, &endpoint_for, sink, control)
            .await;
        let state = app.state::<AppState>();
        state
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&run_id);
    });
    Ok(id)
}

/// Stops one slot of a running comparison; its partial answer is kept as `cancelled`.
#[tauri::command]
pub fn cancel_slot(state: State<'_, AppState>, id: String, slot: u32) {
    if let Some(c) = state
        .running
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&id)
    {
        c.cancel_slot(slot);
    }
}

/// Stops every slot of a running comparison; partial answers are kept as `cancelled`.
#[tauri::command]
pub fn cancel_comparison(state: State<'_, AppState>, id: String) {
    if let Some(c) = state
        .running
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&id)
    {
        c.cancel();
    }
}
