//! Running comparisons: catalogs for the picker, the estimate, starting, following up and
//! stopping. A run's events go to the UI on its own channel; the run outlives the window.

use std::sync::Arc;

use parallax_app::events;
use parallax_app::providers::checked_endpoint;
use parallax_app::targets::{self, SavedCatalog};
use parallax_engine::estimate::Estimate;
use parallax_engine::settings::{endpoint_for, resolve_endpoint};
use parallax_engine::{ComparisonEvent, ComparisonSpec, EventSink, Target};
use parallax_llm::{CatalogModel, ProviderKind};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager};

use super::store;
use crate::error::AppError;
use crate::AppState;

pub async fn list_models(
    app: &AppHandle,
    provider: ProviderKind,
    endpoint: Option<String>,
) -> Result<Vec<CatalogModel>, AppError> {
    let engine = app.state::<AppState>().engine()?;
    checked_endpoint(engine.store(), provider, endpoint.as_deref())?;
    let resolved = resolve_endpoint(engine.store(), provider, endpoint.as_deref())?;
    Ok(engine.list_models(&resolved.endpoint).await?)
}

pub async fn load_catalog(
    app: &AppHandle,
    provider: ProviderKind,
    endpoint: Option<String>,
) -> Result<parallax_app::catalogs::CatalogView, AppError> {
    let engine = app.state::<AppState>().engine()?;
    let at = checked_endpoint(engine.store(), provider, endpoint.as_deref())?;
    parallax_app::catalogs::load_catalog(&engine, &at).await
}

pub async fn saved_catalog(
    app: &AppHandle,
    provider: ProviderKind,
    endpoint: Option<String>,
) -> Result<Option<SavedCatalog>, AppError> {
    let store = store(app)?;
    let at = checked_endpoint(&store, provider, endpoint.as_deref())?;
    targets::saved_catalog(&store, &at)
}

/// The UI asks as the person types; the first exact count of a session loads the tokenizer
/// (0.1–0.4 s), so it runs on a blocking thread. Sending never waits for it: a Send meanwhile
/// checks caps on an approximate count.
pub async fn estimate_comparison(
    app: &AppHandle,
    spec: ComparisonSpec,
) -> Result<Estimate, AppError> {
    let engine = app.state::<AppState>().engine()?;
    let estimate = tauri::async_runtime::spawn_blocking(move || engine.estimate(&spec))
        .await
        .unwrap_or_else(|e| panic!("the estimate task failed: {e}"));
    Ok(estimate?)
}

pub async fn attach_file(
    _app: &AppHandle,
    name: String,
    data: String,
) -> Result<parallax_llm::Attachment, AppError> {
    // Hashing 20 MB takes tens of milliseconds: off the async workers.
    let file = tauri::async_runtime::spawn_blocking(move || {
        parallax_app::attachments::from_base64(&name, &data)
    })
    .await
    .unwrap_or_else(|e| panic!("the attachment task failed: {e}"))?;
    // The page keeps the bytes it sent; only what was learnt of them comes back.
    Ok(file.without_data())
}

/// A model that fails is a `slot_finished` event with an error, not a rejected command.
pub async fn start_comparison(
    app: &AppHandle,
    spec: ComparisonSpec,
    on_event: Channel<Vec<ComparisonEvent>>,
) -> Result<String, AppError> {
    launch(app, spec, on_event)
}

pub async fn follow_up(
    app: &AppHandle,
    parent_id: String,
    prompt: String,
    slots: Vec<u32>,
    allow_unknown_cost: Option<bool>,
    attachments: Option<Vec<parallax_llm::Attachment>>,
    on_event: Channel<Vec<ComparisonEvent>>,
) -> Result<String, AppError> {
    let engine = app.state::<AppState>().engine()?;
    let mut spec = engine.follow_up(&parent_id, &prompt, &slots)?;
    // "Send anyway" after a cap that cannot be checked, as for a new comparison.
    spec.allow_unknown_cost = allow_unknown_cost;
    // The new turn's files; earlier turns' files are already in `history` (Engine::follow_up).
    spec.attachments = attachments.unwrap_or_default();
    launch(app, spec, on_event)
}

/// A sink that sends the run's events to the UI in batches: the first event of a batch waits
/// one frame ([`events::BATCH_WINDOW`]) for the ones behind it, or a few when many columns
/// streamed in the previous batch ([`events::batch_window`]), each slot's text merged
/// ([`events::coalesce`]), so the IPC message rate stays at 60 per second or less whatever the
/// number of columns. The batching task ends when the engine drops its last sink (after any
/// late backfill), sending what is left.
pub(crate) fn batched(on_event: Channel<Vec<ComparisonEvent>>) -> EventSink {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<ComparisonEvent>();
    tauri::async_runtime::spawn(async move {
        let mut window = events::BATCH_WINDOW;
        while let Some(first) = rx.recv().await {
            let deadline = tokio::time::Instant::now() + window;
            let mut batch = vec![first];
            loop {
                tokio::select! {
                    biased;
                    next = rx.recv() => match next {
                        Some(e) => batch.push(e),
                        None => break,
                    },
                    _ = tokio::time::sleep_until(deadline) => break,
                }
            }
            window = events::batch_window(events::streaming_slots(&batch));
            // A closed window drops the channel; the run still finishes and is saved.
            let _ = on_event.send(events::coalesce(batch));
        }
    });
    Arc::new(move |e: ComparisonEvent| {
        let _ = tx.send(e);
    })
}

fn launch(
    app: &AppHandle,
    spec: ComparisonSpec,
    on_event: Channel<Vec<ComparisonEvent>>,
) -> Result<String, AppError> {
    let state = app.state::<AppState>();
    let engine = state.engine()?;
    let record = engine.prepare(&spec)?;
    let id = record.id.clone();
    spawn_run(app, engine, record, spec, on_event, false);
    Ok(id)
}

/// Runs a prepared comparison (or slots added to one) in the background under the comparison's
/// shared Stop handle, its events batched to `on_event`; the handle goes when the run ends.
fn spawn_run(
    app: &AppHandle,
    engine: parallax_engine::Engine,
    record: parallax_store::ComparisonRecord,
    spec: ComparisonSpec,
    on_event: Channel<Vec<ComparisonEvent>>,
    added: bool,
) {
    let id = record.id.clone();
    let control = app.state::<AppState>().join_run(&id);
    let sink = batched(on_event);
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let store = engine.store().clone();
        let endpoint_for = |t: &Target| endpoint_for(&store, t);
        if added {
            engine
                .execute_added(record, &spec, &endpoint_for, sink, control)
                .await;
        } else {
            engine
                .execute(record, &spec, &endpoint_for, sink, control)
                .await;
        }
        app.state::<AppState>().leave_run(&id);
    });
}

/// Asks one answer again as a new column of the same comparison (`target`: changed parameters
/// or another model; absent: as it was asked). Returns the new column's index at once; its
/// progress arrives as events, starting with `slots_added`. Stop stops it with the others.
pub async fn retry_answer(
    app: &AppHandle,
    id: String,
    slot: u32,
    target: Option<Target>,
    allow_unknown_cost: Option<bool>,
    on_event: Channel<Vec<ComparisonEvent>>,
) -> Result<u32, AppError> {
    let state = app.state::<AppState>();
    let engine = state.engine()?;
    let (record, spec) =
        engine.prepare_retry(&id, slot, target, allow_unknown_cost.unwrap_or(false))?;
    let index = record.slots.first().map_or(0, |s| s.index);
    spawn_run(app, engine, record, spec, on_event, true);
    Ok(index)
}

pub async fn answer_target(app: &AppHandle, id: String, slot: u32) -> Result<Target, AppError> {
    Ok(app.state::<AppState>().engine()?.answer_target(&id, slot)?)
}

pub async fn answer_targets(app: &AppHandle, id: String) -> Result<Vec<Target>, AppError> {
    Ok(app.state::<AppState>().engine()?.answer_targets(&id)?)
}

/// Stopping what has just finished is nothing to do (the click raced the end); stopping what
/// never existed is a mistake to say.
pub async fn cancel_slot(app: &AppHandle, id: String, slot: u32) -> Result<(), AppError> {
    match app.state::<AppState>().run_control(&id) {
        Some(c) => c.cancel_slot(slot),
        None => store(app)?.check_comparison(&id)?,
    }
    Ok(())
}

pub async fn cancel_comparison(app: &AppHandle, id: String) -> Result<(), AppError> {
    match app.state::<AppState>().run_control(&id) {
        Some(c) => c.cancel(),
        None => store(app)?.check_comparison(&id)?,
    }
    Ok(())
}

pub async fn resolve_models(app: &AppHandle, models: Vec<String>) -> Result<Vec<Target>, AppError> {
    targets::resolve_targets(&store(app)?, &models, &[])
}

/// Pure work, but over long answers: off the IPC thread.
pub async fn diff_answers(
    _app: &AppHandle,
    base: String,
    other: String,
) -> Result<Vec<parallax_app::diff::DiffSpan>, AppError> {
    Ok(
        tauri::async_runtime::spawn_blocking(move || parallax_app::diff::word_diff(&base, &other))
            .await
            .unwrap_or_else(|e| panic!("the diff task failed: {e}")),
    )
}

pub async fn answer_consensus(
    _app: &AppHandle,
    answers: Vec<String>,
) -> Result<Vec<Vec<parallax_app::diff::SharedSpan>>, AppError> {
    Ok(tauri::async_runtime::spawn_blocking(move || {
        let texts: Vec<&str> = answers.iter().map(String::as_str).collect();
        parallax_app::diff::consensus(&texts)
    })
    .await
    .unwrap_or_else(|e| panic!("the consensus task failed: {e}")))
}
