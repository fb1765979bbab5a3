//! Managed state: the engine (which owns the store and the HTTP client) and running comparisons.
//!
//! A database that cannot be opened does not stop the window from opening: the error is kept
//! and every command that needs the database returns it, so the UI can explain it. A corrupt
//! one can be moved aside from the UI, after which the engine is opened again in place.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use parallax_engine::{Engine, EngineConfig, RunControl, SystemClock};

use crate::error::{AppCode, AppError};

pub struct AppState {
    engine: RwLock<Result<Engine, AppError>>,
    pub data_dir: String,
    /// Cancellation handles of comparisons still running, by comparison id, with how many runs
    /// share each (a retry runs beside the comparison's first run, under the same handle).
    running: Mutex<HashMap<String, (RunControl, u32)>>,
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

    /// The one way both front ends open it (`parallax_app::open`): dead answers recovered,
    /// shared limits applied.
    fn open_engine() -> Result<Engine, AppError> {
        let store = parallax_app::open::open_store()?;
        parallax_app::open::open_engine(store, Arc::new(SystemClock), EngineConfig::default())
    }

    /// The engine (a cheap handle: it shares the store and the HTTP client), or why the
    /// database could not be opened.
    pub fn engine(&self) -> Result<Engine, AppError> {
        self.engine
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The running comparisons' handles (a poisoned lock is still usable: the map holds no
    /// invariant a panic could break).
    fn runs(&self) -> std::sync::MutexGuard<'_, HashMap<String, (RunControl, u32)>> {
        self.running.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A run of comparison `id` starts: its handle, shared with any run of it still going
    /// (Stop stops both; one answer's Stop stops that answer).
    pub fn join_run(&self, id: &str) -> RunControl {
        let mut runs = self.runs();
        let entry = runs
            .entry(id.to_owned())
            .or_insert_with(|| (RunControl::new(), 0));
        entry.1 += 1;
        entry.0.clone()
    }

    /// A run of comparison `id` ended; its handle goes when no run of it is left.
    pub fn leave_run(&self, id: &str) {
        let mut runs = self.runs();
        if let Some(entry) = runs.get_mut(id) {
            entry.1 = entry.1.saturating_sub(1);
            if entry.1 == 0 {
                runs.remove(id);
            }
        }
    }

    /// The handle of a running comparison.
    pub fn run_control(&self, id: &str) -> Option<RunControl> {
        self.runs().get(id).map(|(c, _)| c.clone())
    }

    /// Whether any comparison is running.
    pub fn any_running(&self) -> bool {
        !self.runs().is_empty()
    }

    /// Switches to an engine built from the shared settings as they are now, after Settings
    /// changed a limit, a timeout or a custom endpoint: the next comparison obeys them; running
    /// ones finish with the engine they started with.
    pub fn apply_settings(&self) -> Result<(), AppError> {
        let mut slot = self.engine.write().unwrap_or_else(|p| p.into_inner());
        if let Ok(engine) = &*slot {
            let fresh = parallax_app::open::configured_engine(
                engine.store().clone(),
                Arc::new(SystemClock),
                EngineConfig::default(),
            )?;
            *slot = Ok(fresh);
        }
        Ok(())
    }

    pub fn startup_error(&self) -> Option<AppError> {
        self.engine().err()
    }

    /// Copies what can be read of a damaged history into a fresh one at the same place (the
    /// damaged file kept beside it), then reopens it. This process's own handle on the file is
    /// closed first (recovery refuses a file a live process has open); refused while a
    /// comparison runs.
    pub fn recover_database(&self, now_ms: i64) -> Result<parallax_store::RecoverReport, AppError> {
        if self.any_running() {
            return Err(AppError::app(
                AppCode::InvalidInput,
                "a comparison is running: stop it or let it finish, then recover the history",
            ));
        }
        let path = parallax_store::data_dir()?.join(parallax_store::DB_FILE);
        let mut slot = self.engine.write().unwrap_or_else(|p| p.into_inner());
        *slot = Err(AppError::app(
            AppCode::Database,
            "the history is being recovered",
        ));
        let report = parallax_store::recover_database(&path, now_ms);
        *slot = Self::open_engine();
        drop(slot);
        let report = report?;
        self.engine()?;
        Ok(report)
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
