//! Custom OpenAI-compatible endpoints, shared by the app and the CLI.

use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CustomEndpoint {
    /// Unique, as people type it in a target (`lmstudio`, `groq`).
    pub name: String,
    /// Includes the API path, e.g. `http://127.0.0.1:1234/v1`.
    pub base_url: String,
    /// Non-secret extra headers. Secrets belong in the key.
    pub headers: Vec<(String, String)>,
    /// The header the key is sent in, as its whole value (`api-key`); `None`: `Authorization:
    /// Bearer <key>`. A name only: the key itself lives in the keychain or the environment.
    pub key_header: Option<String>,
}

impl Store {
    pub fn list_endpoints(&self) -> Result<Vec<CustomEndpoint>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT name, base_url, headers_json, key_header FROM endpoints ORDER BY name",
        )?;
        let rows = stmt.query_map([], |r| {
            let headers: String = r.get(2)?;
            Ok(CustomEndpoint {
                name: r.get(0)?,
                base_url: r.get(1)?,
                headers: serde_json::from_str(&headers).unwrap_or_default(),
                key_header: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn get_endpoint(&self, name: &str) -> Result<Option<CustomEndpoint>, StoreError> {
        Ok(self.list_endpoints()?.into_iter().find(|e| e.name == name))
    }

    /// Adds or replaces an endpoint by name.
    pub fn upsert_endpoint(&self, e: &CustomEndpoint, now_ms: i64) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO endpoints (name, base_url, headers_json, key_header, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (name) DO UPDATE SET base_url = excluded.base_url, headers_json = excluded.headers_json,
               key_header = excluded.key_header",
            params![e.name, e.base_url, serde_json::to_string(&e.headers).expect("plain JSON"), e.key_header, now_ms],
        )?;
        Ok(())
    }

    /// Returns whether an endpoint of that name existed.
    pub fn remove_endpoint(&self, name: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn()
            .execute("DELETE FROM endpoints WHERE name = ?1", [name])?
            > 0)
    }
}
