//! Opening the history and the engine: one way for both front ends. Answers a process left
//! streaming when it died are marked interrupted (their text kept) before anything reads
//! history, and the shared concurrency and timeout settings apply to every engine.

use std::sync::Arc;

use parallax_engine::{Clock, Engine, EngineConfig};
use parallax_store::Store;

use crate::AppError;

/// The history in the data directory (`PARALLAX_DATA_DIR` or the platform's), created if
/// needed, with the answers of processes that died mid-stream already marked interrupted: every
/// command that reads history sees them as they are, not as `streaming` or `pending`.
pub fn open_store() -> Result<Store, AppError> {
    let store = parallax_store::data_dir().and_then(|d| Store::open_in_dir(&d))?;
    recover(&store, parallax_engine::SystemClock.unix_ms())?;
    secure_saved_credentials(&store);
    Ok(store)
}

/// Credential headers an older version saved with a custom endpoint go to the keychain where
/// that changes nothing on the wire (`providers::move_saved_credentials`). A history that cannot
/// be written now, or a keychain that refuses, leaves them for a later open: never an error.
fn secure_saved_credentials(store: &Store) {
    if let Err(e) =
        crate::providers::move_saved_credentials(store, parallax_llm::key::keychain_is_lasting())
    {
        tracing::warn!(code = ?e.code, "saved credential headers left for a later open");
    }
}

/// Marks dead runs' answers interrupted. On a full disk or a read-only history that write
/// cannot happen, and that must not stop a person reading their history: it is done by the
/// next open that can write.
fn recover(store: &Store, now_ms: i64) -> Result<(), AppError> {
    match store.recover_interrupted(now_ms) {
        Ok(0) => Ok(()),
        Ok(n) => {
            tracing::info!(
                answers = n,
                "answers of a process that died marked interrupted"
            );
            Ok(())
        }
        Err(
            e @ (parallax_store::StoreError::Full { .. }
            | parallax_store::StoreError::ReadOnly { .. }),
        ) => {
            tracing::warn!(
                code = e.code(),
                "dead answers left for the next open that can write"
            );
            Ok(())
        }
        Err(e) => {
            tracing::error!(code = e.code(), error = %e, "the history could not be opened");
            Err(e.into())
        }
    }
}

/// The engine over `store`: recovers dead answers first, then applies the shared settings over
/// `config` (the front end's own choices, such as whether text is streamed live).
pub fn open_engine(
    store: Store,
    clock: Arc<dyn Clock>,
    config: EngineConfig,
) -> Result<Engine, AppError> {
    recover(&store, clock.unix_ms())?;
    configured_engine(store, clock, config)
}

/// A new engine over an open store with the shared settings as they are now (no recovery):
/// what a long-running front end switches to after a setting changed, so new comparisons obey
/// it at once. Comparisons already running keep the engine they started with.
pub fn configured_engine(
    store: Store,
    clock: Arc<dyn Clock>,
    config: EngineConfig,
) -> Result<Engine, AppError> {
    let config = config.with_settings(&store)?;
    Ok(Engine::new(store, clock, config))
}
