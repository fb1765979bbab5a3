//! Pragmas and numbered migrations. Migration N (1-based) is `MIGRATIONS[N-1]`; after it runs,
//! `user_version` is N. Each runs in its own transaction, so a failure leaves the previous version.

use std::path::Path;

use rusqlite::{Connection, ErrorCode};

use crate::StoreError;

const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_endpoints_and_param_notes.sql"),
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

fn is_not_a_database(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.code == ErrorCode::NotADatabase || f.code == ErrorCode::DatabaseCorrupt)
}

pub(crate) fn prepare(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let corrupt = |e: rusqlite::Error| {
        if is_not_a_database(&e) {
            StoreError::Corrupt {
                path: path.to_owned(),
            }
        } else {
            StoreError::Sqlite(e)
        }
    };
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
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;",
    )
    .map_err(corrupt)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = i as i64 + 1;
        conn.execute_batch(&format!(
            "BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;"
        ))
        .inspect_err(|_| {
            let _ = conn.execute_batch("ROLLBACK");
        })
        .map_err(corrupt)?;
    }
    Ok(())
}
