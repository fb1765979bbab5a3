//! Pragmas and numbered migrations. Migration N (1-based) is `MIGRATIONS[N-1]`; after it runs,
//! `user_version` is N. Each runs in its own transaction, so a failure leaves the previous version.

use std::path::Path;

use rusqlite::{Connection, ErrorCode};

use crate::StoreError;

const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_endpoints_and_param_notes.sql"),
    include_str!("../migrations/0003_slot_owner_and_attempts.sql"),
    include_str!("../migrations/0004_timings.sql"),
    include_str!("../migrations/0005_slot_plan.sql"),
    include_str!("../migrations/0006_served_provider.sql"),
    include_str!("../migrations/0007_cache.sql"),
    include_str!("../migrations/0008_follow_ups.sql"),
    include_str!("../migrations/0009_search.sql"),
    include_str!("../migrations/0010_curation_votes_catalog.sql"),
    include_str!("../migrations/0011_index_finished_answers.sql"),
    include_str!("../migrations/0012_speed_and_byok.sql"),
    include_str!("../migrations/0013_answer_figures_index.sql"),
    include_str!("../migrations/0014_model_endpoints.sql"),
    include_str!("../migrations/0015_runs_of_a_prompt.sql"),
    include_str!("../migrations/0016_speed_and_cost_source_figures.sql"),
    include_str!("../migrations/0017_attachments.sql"),
    include_str!("../migrations/0018_cached_tokens_figures.sql"),
    include_str!("../migrations/0019_endpoint_key_header.sql"),
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Creates the schema exactly as version `version` of Parallax left it, for tests of upgrades.
#[doc(hidden)]
pub fn create_at_version(conn: &Connection, version: i64) -> rusqlite::Result<()> {
    for (i, sql) in MIGRATIONS.iter().take(version as usize).enumerate() {
        conn.execute_batch(&format!("{sql}\nPRAGMA user_version = {};", i + 1))?;
    }
    Ok(())
}

pub(crate) fn prepare(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let corrupt = crate::repair::unreadable_at(path);
    // Wait for another process's write rather than failing at once (it never writes itself).
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // Read the version before any pragma that could write (journal_mode=WAL rewrites the header).
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(corrupt)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerVersion {
            path: path.to_owned(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    // Switching to WAL needs an exclusive lock and SQLite answers "busy" at once, without its
    // busy handler, while another connection is doing the same: retry for a while.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        match conn.execute_batch("PRAGMA journal_mode = WAL;") {
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.code == ErrorCode::DatabaseBusy && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            other => break other.map_err(corrupt)?,
        }
    }
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
        .map_err(corrupt)?;
    // The app and the CLI may open a fresh database at the same moment: the version is read
    // again inside each write transaction, so a migration another process just applied is
    // skipped rather than run twice.
    loop {
        conn.execute_batch("BEGIN IMMEDIATE").map_err(corrupt)?;
        let step = (|| -> Result<bool, StoreError> {
            let current: i64 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(corrupt)?;
            if current > SCHEMA_VERSION {
                return Err(StoreError::NewerVersion {
                    path: path.to_owned(),
                    found: current,
                    supported: SCHEMA_VERSION,
                });
            }
            let Some(sql) = MIGRATIONS.get(current as usize) else {
                return Ok(false);
            };
            conn.execute_batch(&format!("{sql}\nPRAGMA user_version = {};", current + 1))
                .map_err(corrupt)?;
            Ok(true)
        })();
        match step {
            Ok(more) => {
                conn.execute_batch("COMMIT").map_err(corrupt)?;
                if !more {
                    break;
                }
            }
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(e);
            }
        }
    }
    Ok(())
}
