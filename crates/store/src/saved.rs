//! Saved model sets (a name for a group of targets with their params) and aliases (a short
//! name for a model spec). The store keeps targets as the engine's JSON; it does not parse them.
//!
//! Invariant: names are short identifiers (letters, digits, `-`, `_`, `.`) so they can never be
//! mistaken for a model spec, which always has a `/` or a `:`.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ModelSet {
    pub name: String,
    /// The engine's targets, as JSON.
    pub targets_json: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Alias {
    pub name: String,
    /// A model spec as the CLI and the app take it (`openai:gpt-4o`, `anthropic/claude-sonnet-4`).
    pub model: String,
}

/// Checks a set or alias name; the error says what is allowed.
pub fn check_name(kind: &str, name: &str) -> Result<(), StoreError> {
    let ok = !name.is_empty()
        && name.len() <= 40
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "{name:?} is not a valid {kind} name: use up to 40 letters, digits, '-', '_' or '.'"
        )))
    }
}

impl Store {
    pub fn save_model_set(&self, set: &ModelSet, at_ms: i64) -> Result<(), StoreError> {
        check_name("model set", &set.name)?;
        self.conn().execute(
            "INSERT INTO model_sets (name, targets_json, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (name) DO UPDATE SET targets_json = excluded.targets_json, updated_at = excluded.updated_at",
            params![set.name, set.targets_json, at_ms],
        )?;
        Ok(())
    }

    pub fn model_set(&self, name: &str) -> Result<Option<ModelSet>, StoreError> {
        Ok(self
            .read()
            .query_row(
                "SELECT name, targets_json FROM model_sets WHERE name = ?1",
                [name],
                |r| {
                    Ok(ModelSet {
                        name: r.get(0)?,
                        targets_json: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    pub fn list_model_sets(&self) -> Result<Vec<ModelSet>, StoreError> {
        let conn = self.read();
        let mut stmt =
            conn.prepare_cached("SELECT name, targets_json FROM model_sets ORDER BY name")?;
        let rows = stmt.query_map([], |r| {
            Ok(ModelSet {
                name: r.get(0)?,
                targets_json: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn delete_model_set(&self, name: &str) -> Result<(), StoreError> {
        let n = self
            .conn()
            .execute("DELETE FROM model_sets WHERE name = ?1", [name])?;
        if n == 0 {
            return Err(StoreError::NotFound("model set", name.to_owned()));
        }
        Ok(())
    }

    pub fn set_alias(&self, alias: &Alias, at_ms: i64) -> Result<(), StoreError> {
        check_name("alias", &alias.name)?;
        if alias.model.trim().is_empty() {
            return Err(StoreError::Invalid("an alias needs a model".into()));
        }
        self.conn().execute(
            "INSERT INTO aliases (name, model, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (name) DO UPDATE SET model = excluded.model, updated_at = excluded.updated_at",
            params![alias.name, alias.model.trim(), at_ms],
        )?;
        Ok(())
    }

    pub fn alias(&self, name: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .read()
            .query_row("SELECT model FROM aliases WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn list_aliases(&self) -> Result<Vec<Alias>, StoreError> {
        let conn = self.read();
        let mut stmt = conn.prepare_cached("SELECT name, model FROM aliases ORDER BY name")?;
        let rows = stmt.query_map([], |r| {
            Ok(Alias {
                name: r.get(0)?,
                model: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn delete_alias(&self, name: &str) -> Result<(), StoreError> {
        let n = self
            .conn()
            .execute("DELETE FROM aliases WHERE name = ?1", [name])?;
        if n == 0 {
            return Err(StoreError::NotFound("alias", name.to_owned()));
        }
        Ok(())
    }
}
