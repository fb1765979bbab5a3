//! Model catalogs as pickers show them, and the local model servers on this machine.
//!
//! Offline is a state, not an error: a catalog that cannot be fetched is served from the last
//! one saved, with its age and why the provider could not be reached; for OpenRouter, never
//! reached before, from the catalog bundled with the app (`data/openrouter-catalog.json`,
//! written by `scripts/bundle-catalog.py`); only another provider never reached is an error. Local servers are found by asking each default port once, in
//! parallel, each ask bounded by [`PROBE_TIMEOUT`], so a machine with nothing running answers
//! at once and a hung port costs at most that long.

use std::time::Duration;

use parallax_engine::settings::{base_url, resolve_endpoint};
use parallax_engine::Engine;
use parallax_llm::{CatalogModel, Endpoint, EndpointRef, ProviderKind};
use serde::Serialize;
use ts_rs::TS;

use crate::AppError;
use parallax_store::Store;

/// How long one local port may take to list its models before it counts as not there.
pub const PROBE_TIMEOUT: Duration = Duration::from_millis(1500);

/// A catalog for a picker: fetched now, or the last saved one when the provider cannot be
/// reached.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CatalogView {
    pub models: Vec<CatalogModel>,
    /// When this list was fetched (now, or when the saved one was).
    #[ts(type = "number")]
    pub fetched_at_ms: i64,
    /// Why the provider could not be reached just now (the models are the saved ones); absent
    /// when they were fetched now.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unreachable: Option<AppError>,
    /// The list is the one bundled with the app (never fetched on this machine); its
    /// `fetched_at_ms` is the newest listing date in it.
    pub bundled: bool,
}

const BUNDLED_OPENROUTER: &str = include_str!("../data/openrouter-catalog.json");

/// The catalog bundled with the app for an endpoint (OpenRouter only), with its date.
pub fn bundled_catalog(at: &EndpointRef) -> Option<(i64, Vec<CatalogModel>)> {
    if at.kind != ProviderKind::OpenRouter {
        return None;
    }
    let at_ms = serde_json::from_str::<serde_json::Value>(BUNDLED_OPENROUTER)
        .ok()?
        .get("listed_at_ms")?
        .as_i64()?;
    let models = parallax_llm::catalog::parse_openrouter_models(BUNDLED_OPENROUTER).ok()?;
    Some((at_ms, models))
}

/// The endpoint's models, fetched now (and saved), else the last saved list with the reason.
/// An error only when the fetch failed and nothing was ever saved.
pub async fn load_catalog(engine: &Engine, at: &EndpointRef) -> Result<CatalogView, AppError> {
    let fetched = async {
        let resolved = resolve_endpoint(engine.store(), at.kind, at.name.as_deref())?;
        Ok::<_, AppError>(engine.refresh_catalog(&resolved.endpoint).await?)
    }
    .await;
    match &fetched {
        Ok((models, _)) => {
            tracing::info!(endpoint = %at.display(), models = models.len(), "catalog fetched")
        }
        Err(e) => {
            tracing::warn!(endpoint = %at.display(), code = ?e.code, error = %e.message, "catalog not fetched")
        }
    }
    match fetched {
        Ok((models, refresh)) => Ok(CatalogView {
            models,
            // When it was saved; now, if the history could not record it.
            fetched_at_ms: refresh.map_or_else(|| engine.clock_unix_ms(), |r| r.fetched_at_ms),
            unreachable: None,
            bundled: false,
        }),
        Err(e) => {
            let saved = engine.store().saved_catalog(&at.catalog_key())?;
            let (list, bundled) = match saved {
                Some(s) => (Some(s), false),
                None => (bundled_catalog(at), true),
            };
            match list {
                Some((fetched_at_ms, models)) => Ok(CatalogView {
                    models,
                    fetched_at_ms,
                    unreachable: Some(e),
                    bundled,
                }),
                None => Err(e),
            }
        }
    }
}

/// A model server found on this machine.
#[derive(Debug, Clone, Serialize, TS)]
pub struct LocalServer {
    /// `ollama`, or `compatible` for an OpenAI-compatible server.
    pub kind: ProviderKind,
    /// What it probably is, from its port: "Ollama", "LM Studio", "llama.cpp server"…
    pub label: String,
    pub base_url: String,
    /// The custom endpoint already saved with this base URL (a compatible server), if any.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// A name to save it under when it is not saved yet (`lm-studio`).
    pub suggested_name: String,
    pub models: Vec<CatalogModel>,
}

/// OpenAI-compatible servers' default addresses (wire-formats §6).
pub const COMPATIBLE_DEFAULTS: &[(&str, &str, &str)] = &[
    ("LM Studio", "lm-studio", "http://127.0.0.1:1234/v1"),
    ("llama.cpp server", "llama-cpp", "http://127.0.0.1:8080/v1"),
    ("vLLM", "vllm", "http://127.0.0.1:8000/v1"),
    ("Jan", "jan", "http://127.0.0.1:1337/v1"),
];

/// Asks Ollama (where it is configured: `OLLAMA_HOST`, Settings, or its default port) and
/// each compatible server's default port for its models; lists those that answered.
pub async fn detect_local_servers(engine: &Engine) -> Result<Vec<LocalServer>, AppError> {
    let store = engine.store();
    let (ollama_url, _) = base_url(store, ProviderKind::Ollama)?;
    let saved = store.list_endpoints()?;
    let mut candidates = vec![(
        ProviderKind::Ollama,
        "Ollama".to_owned(),
        "ollama".to_owned(),
        ollama_url,
    )];
    for (label, name, url) in COMPATIBLE_DEFAULTS {
        candidates.push((
            ProviderKind::Compatible,
            (*label).to_owned(),
            (*name).to_owned(),
            (*url).to_owned(),
        ));
    }
    // Saved custom endpoints on this machine are asked too (a server on another port).
    for e in &saved {
        let on_loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
            .iter()
            .any(|p| e.base_url.starts_with(p));
        if on_loopback && !candidates.iter().any(|c| c.3 == e.base_url) {
            candidates.push((
                ProviderKind::Compatible,
                e.name.clone(),
                e.name.clone(),
                e.base_url.clone(),
            ));
        }
    }
    let probes = candidates.into_iter().map(|(kind, label, name, url)| {
        let endpoint = Endpoint::new(kind, url.clone(), None).with_name(label.clone());
        async move {
            let models = tokio::time::timeout(PROBE_TIMEOUT, engine.fetch_models(&endpoint))
                .await
                .ok()?
                .ok()?;
            Some((kind, label, name, endpoint.base_url, models))
        }
    });
    let found = futures_util::future::join_all(probes).await;
    Ok(found
        .into_iter()
        .flatten()
        .map(|(kind, label, name, base_url, models)| LocalServer {
            endpoint: (kind == ProviderKind::Compatible)
                .then(|| saved.iter().find(|e| e.base_url == base_url))
                .flatten()
                .map(|e| e.name.clone()),
            kind,
            label,
            base_url,
            suggested_name: name,
            models,
        })
        .collect())
}

/// How long a fetched list of a model's providers is shown without asking again.
pub const ENDPOINTS_FRESH_MS: i64 = 10 * 60 * 1000;

/// The providers serving one model, with when the list was fetched.
#[derive(Debug, Clone, Serialize, TS)]
pub struct EndpointsView {
    pub model: String,
    pub endpoints: Vec<parallax_llm::openrouter::ProviderEndpoint>,
    #[ts(type = "number")]
    pub fetched_at_ms: i64,
    /// Why they could not be fetched just now (the list is the saved one); absent when fresh.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unreachable: Option<AppError>,
}

/// What OpenRouter's providers last said about a model's speed, from the list saved when it was
/// last fetched (Prices → a model's page; nothing is fetched here): the median over its
/// providers of their first-token p50 and of their throughput p50, last 30 minutes.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MarketSpeed {
    pub model: String,
    /// Milliseconds to the first token; `None` when no provider said.
    pub latency_p50_ms: Option<f64>,
    /// Tokens per second; `None` when no provider said.
    pub throughput_p50: Option<f64>,
    /// How many providers the list had.
    pub providers: u32,
    #[ts(type = "number")]
    pub fetched_at_ms: i64,
}

/// The lower median (nearest rank) of the values present.
fn median(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    (!v.is_empty()).then(|| v[(v.len() - 1) / 2])
}

/// [`MarketSpeed`] for each of `models` whose OpenRouter providers were ever fetched, in the
/// order given; the others are left out.
pub fn saved_market_speed(store: &Store, models: &[String]) -> Result<Vec<MarketSpeed>, AppError> {
    let source = EndpointRef::builtin(ProviderKind::OpenRouter).catalog_key();
    let mut out = Vec::new();
    for model in models {
        let Some((fetched_at_ms, endpoints)) = store.model_endpoints(&source, model)? else {
            continue;
        };
        let latency = endpoints
            .iter()
            .filter_map(|e| e.latency_30m.and_then(|p| p.p50))
            .map(|s| s * 1000.0)
            .collect();
        let throughput = endpoints
            .iter()
            .filter_map(|e| e.throughput_30m.and_then(|p| p.p50))
            .collect();
        out.push(MarketSpeed {
            model: model.clone(),
            latency_p50_ms: median(latency),
            throughput_p50: median(throughput),
            providers: endpoints.len() as u32,
            fetched_at_ms,
        });
    }
    Ok(out)
}

/// The providers serving `model` on OpenRouter: the saved list while it is younger than
/// [`ENDPOINTS_FRESH_MS`] (unless `refresh`), else fetched now and saved; when the fetch fails,
/// the saved list with the reason. An error only if nothing was ever saved.
pub async fn model_endpoints(
    engine: &Engine,
    model: &str,
    refresh: bool,
) -> Result<EndpointsView, AppError> {
    let (author, slug) = model.split_once('/').unwrap_or_default();
    if author.trim().is_empty() || slug.trim().is_empty() || model.len() > 512 {
        return Err(AppError::app(
            crate::AppCode::InvalidInput,
            format!("{model:?} is not an OpenRouter model id (author/model, like openai/gpt-4o)"),
        )
        .on("model"));
    }
    let at = EndpointRef::builtin(ProviderKind::OpenRouter);
    let source = at.catalog_key();
    let store = engine.store();
    let saved = store.model_endpoints(&source, model)?;
    let now = engine.clock_unix_ms();
    if let Some((fetched_at_ms, endpoints)) = &saved {
        if !refresh && now - fetched_at_ms < ENDPOINTS_FRESH_MS {
            return Ok(EndpointsView {
                model: model.to_owned(),
                endpoints: endpoints.clone(),
                fetched_at_ms: *fetched_at_ms,
                unreachable: None,
            });
        }
    }
    let fetched = async {
        let resolved = resolve_endpoint(store, at.kind, None)?;
        Ok::<_, AppError>(engine.model_endpoints(&resolved.endpoint, model).await?)
    }
    .await;
    match (fetched, saved) {
        (Ok(endpoints), _) => {
            store.save_model_endpoints(&source, model, &endpoints, now)?;
            Ok(EndpointsView {
                model: model.to_owned(),
                endpoints,
                fetched_at_ms: now,
                unreachable: None,
            })
        }
        (Err(e), Some((fetched_at_ms, endpoints))) => Ok(EndpointsView {
            model: model.to_owned(),
            endpoints,
            fetched_at_ms,
            unreachable: Some(e),
        }),
        (Err(e), None) => Err(e),
    }
}
