//! Managed state: the engine (which owns the store and the HTTP client) and running comparisons.
//!
//! A database that cannot be opened does not stop the window from opening: the error is kept
//! and every command that needs the database returns it, so the UI can explain it. A corrupt
//! one can be moved aside from the UI, after which the engine is opened again in place.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use parallax_engine::{Clock, Engine, EngineConfig, RunControl, SystemClock};
use parallax_store::Store;

use crate::error::AppError;

pub struct AppState {
    engine: RwLock<Result<Engine, AppError>>,
    pub data_dir: String,
    /// Cancellation handles of comparisons still running, by comparison id.
    pub running: Mutex<HashMap<String, RunControl>>,
}

impl AppState {
    pub fn open() -> Self {
        let data_dir = parallax_store::data_dir()
            .map(|d| d.display().to_string())
            .unwrap_or_default();
        Self {
            engine: RwLock::new(Self::open_engine()),
            data_dir,
            running: Mutex::default(),
        }
    }

    fn open_engine() -> Result<Engine, AppError> {
        parallax_store::data_dir()
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
            .map_err(AppError::from)
    }

    /// The engine (a cheap handle: it shares the store and the HTTP client), or why the
    /// database could not be opened.
    pub fn engine(&self) -> Result<Engine, AppError> {
        self.engine
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn startup_error(&self) -> Option<AppError> {
        self.engine().err()
    }

    /// Moves an unreadable database aside (kept beside it, never deleted) and opens a fresh
    /// one. Returns where the old file went.
    pub fn move_database_aside(&self, now_ms: i64) -> Result<std::path::PathBuf, AppError> {
        let path = parallax_store::data_dir()?.join(parallax_store::DB_FILE);
        let moved = parallax_store::move_aside_if_corrupt(&path, now_ms)?;
        *self.engine.write().unwrap_or_else(|p| p.into_inner()) = Self::open_engine();
        self.engine()?;
        Ok(moved)
    }
}
