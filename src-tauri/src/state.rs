//! Managed state: the engine (which owns the store and the HTTP client) and running comparisons.
//!
//! A database that cannot be opened does not stop the window from opening: the error is kept
//! and every command that needs the database returns it, so the UI can explain it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use parallax_engine::{Clock, Engine, EngineConfig, RunControl, SystemClock};
use parallax_store::Store;

use crate::error::AppError;

pub struct AppState {
    engine: Result<Engine, AppError>,
    pub data_dir: String,
    /// Cancellation handles of comparisons still running, by comparison id.
    pub running: Mutex<HashMap<String, RunControl>>,
}

impl AppState {
    pub fn open() -> Self {
        let dir = parallax_store::data_dir();
        let data_dir = dir
            .as_ref()
            .map(|d| d.display().to_string())
            .unwrap_or_default();
        let engine = dir
            .and_then(|d| Store::open_in_dir(&d))
            .and_then(|store| {
                // Answers that were streaming when Parallax last stopped are marked
                // interrupted (their text is kept) before anything else reads history.
                store.recover_interrupted(SystemClock.unix_ms())?;
                Ok(store)
            })
            .and_then(|store| {
                // The concurrency limits people set with `parallax config` apply here too.
                let config = EngineConfig::default().with_settings(&store)?;
                Ok(Engine::new(store, Arc::new(SystemClock), config))
            })
            .map_err(AppError::from);
        Self {
            engine,
            data_dir,
            running: Mutex::default(),
        }
    }

    pub fn engine(&self) -> Result<&Engine, AppError> {
        self.engine.as_ref().map_err(Clone::clone)
    }

    pub fn startup_error(&self) -> Option<AppError> {
        self.engine.as_ref().err().cloned()
    }
}
