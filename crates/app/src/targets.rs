//! What people type to name models, turned into targets, the same way in both front ends:
//! `@set` expands to a saved model set, a bare alias to its model, anything else is a model
//! spec (`openai/gpt-4o` on OpenRouter, `anthropic:claude-…`, `lab:model` on a custom
//! endpoint), and parameters then apply to every target.

use parallax_engine::Target;
use parallax_store::{ModelSet, Store};

use crate::{AppCode, AppError};

fn invalid(message: String) -> AppError {
    AppError::app(AppCode::InvalidInput, message).on("models")
}

/// The targets `models` name, with `params` (`temperature=0.2`, …) applied to each.
pub fn resolve_targets(
    store: &Store,
    models: &[String],
    params: &[(String, String)],
) -> Result<Vec<Target>, AppError> {
    let custom: Vec<String> = store
        .list_endpoints()?
        .into_iter()
        .map(|e| e.name)
        .collect();
    let mut targets = Vec::new();
    for m in models {
        let m = m.trim();
        if m.is_empty() {
            return Err(invalid(format!("{m:?} is not a model id")));
        }
        if let Some(name) = m.strip_prefix('@') {
            targets.extend(model_set_targets(store, name)?);
            continue;
        }
        // `openai:` (a provider or endpoint and no model) would otherwise be read as an
        // OpenRouter id and sent there.
        if let Some(prefix) = m.strip_suffix(':') {
            let known = parallax_llm::ProviderKind::parse(prefix).is_some()
                || custom.iter().any(|n| n == prefix);
            if known && !prefix.contains('/') {
                return Err(invalid(format!(
                    "{m:?} names no model: write {prefix}:MODEL (parallax models --provider {prefix} lists them)"
                )));
            }
        }
        let spec = if !m.contains(['/', ':']) {
            store.alias(m)?
        } else {
            None
        };
        targets.push(Target::parse(spec.as_deref().unwrap_or(m), &custom));
    }
    for t in &mut targets {
        for (k, v) in params {
            t.apply_param(k, v).map_err(invalid)?;
        }
    }
    Ok(targets)
}

/// The targets saved under a model set's name.
pub fn model_set_targets(store: &Store, name: &str) -> Result<Vec<Target>, AppError> {
    let set = store.model_set(name)?.ok_or_else(|| {
        AppError::app(
            AppCode::NotFound,
            format!("no model set named {name:?} (see parallax sets list)"),
        )
    })?;
    serde_json::from_str(&set.targets_json).map_err(|e| {
        AppError::app(
            AppCode::InvalidInput,
            format!("model set {name:?} cannot be read: {e}"),
        )
    })
}

/// Saves targets (with their parameters) under a name, used as `@name`.
pub fn save_model_set(
    store: &Store,
    name: &str,
    targets: &[Target],
    at_ms: i64,
) -> Result<(), AppError> {
    let name = name.trim().trim_start_matches('@');
    parallax_store::check_name("model set", name).map_err(|e| AppError::from(e).on("name"))?;
    if targets.is_empty() {
        return Err(
            AppError::app(AppCode::NoTargets, "A model set needs at least one model.").on("models"),
        );
    }
    for (i, t) in targets.iter().enumerate() {
        t.check().map_err(|reason| {
            AppError::app(AppCode::InvalidInput, format!("model {}: {reason}", i + 1)).on("models")
        })?;
    }
    let set = ModelSet {
        name: name.to_owned(),
        targets_json: serde_json::to_string(targets).expect("targets are plain JSON"),
    };
    Ok(store.save_model_set(&set, at_ms)?)
}

/// Saves a short name for a model spec (`sonnet` → `anthropic:claude-sonnet-4-5`), checked first:
/// the name (used bare with `-m`, so no `/` or `:`), and a model spec that is not blank.
pub fn set_alias(store: &Store, name: &str, model: &str, at_ms: i64) -> Result<(), AppError> {
    let (name, model) = (name.trim(), model.trim());
    parallax_store::check_name("alias", name).map_err(|e| AppError::from(e).on("name"))?;
    if model.is_empty() {
        return Err(AppError::app(
            AppCode::InvalidInput,
            "Type the model the alias stands for.",
        )
        .on("model"));
    }
    Ok(store.set_alias(
        &parallax_store::Alias {
            name: name.to_owned(),
            model: model.to_owned(),
        },
        at_ms,
    )?)
}

/// A saved model set with its targets, as Settings and the picker list them.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct ModelSetView {
    pub name: String,
    pub targets: Vec<Target>,
}

/// Every saved model set; one that cannot be read is listed with no targets rather than
/// hiding the others.
pub fn model_sets(store: &Store) -> Result<Vec<ModelSetView>, AppError> {
    Ok(store
        .list_model_sets()?
        .into_iter()
        .map(|s| ModelSetView {
            targets: serde_json::from_str(&s.targets_json).unwrap_or_default(),
            name: s.name,
        })
        .collect())
}

/// The catalog last saved for an endpoint, with when it was fetched: what the app shows when
/// the provider cannot be reached.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct SavedCatalog {
    #[ts(type = "number")]
    pub fetched_at_ms: i64,
    pub models: Vec<parallax_llm::CatalogModel>,
}

pub fn saved_catalog(
    store: &Store,
    at: &parallax_llm::EndpointRef,
) -> Result<Option<SavedCatalog>, AppError> {
    Ok(store
        .saved_catalog(&at.catalog_key())?
        .map(|(fetched_at_ms, models)| SavedCatalog {
            fetched_at_ms,
            models,
        }))
}
