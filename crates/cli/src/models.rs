//! `parallax models`: a provider's catalog with filters and sorting, `refresh` to fetch and
//! record it, `changes` for the price history.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use parallax_engine::settings::resolve_endpoint;
use parallax_engine::{Engine, EngineConfig, SystemClock};
use parallax_llm::CatalogModel;
use parallax_store::Store;

use crate::filters::{format_ms, parse_instant};
use crate::{app_fail, fail, open_store, print_json, println_out, table};

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ModelsArgs {
    #[command(subcommand)]
    action: Option<ModelsAction>,
    #[command(flatten)]
    list: ListArgs,
}

#[derive(Args, Clone)]
struct ProviderArg {
    /// openrouter (default), openai, anthropic, gemini, ollama, demo (built-in demo models), or a
    /// custom endpoint's name.
    #[arg(
        long,
        short = 'p',
        default_value = "openrouter",
        value_name = "PROVIDER"
    )]
    provider: String,
}

#[derive(Args)]
struct ListArgs {
    #[command(flatten)]
    provider: ProviderArg,
    /// Only models whose id or name contains every word of this text.
    #[arg(long, short = 's', value_name = "TEXT")]
    search: Option<String>,
    /// Only free models (input and output both $0).
    #[arg(long)]
    free: bool,
    /// Only models whose input and output prices are at most this many USD per million tokens
    /// (models of unknown or variable price are left out).
    #[arg(long, value_name = "USD_PER_M")]
    max_price: Option<f64>,
    /// Only models with at least this context window, in tokens.
    #[arg(long, value_name = "TOKENS")]
    min_context: Option<u32>,
    /// Sort by output price (cheapest first), context (largest first), name, or created
    /// (newest first). Unknown prices and contexts sort last.
    #[arg(long, value_enum, default_value = "name")]
    sort: SortBy,
    /// Use the catalog saved by the last fetch instead of asking the provider.
    #[arg(long)]
    offline: bool,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SortBy {
    Price,
    Context,
    Name,
    Created,
}

#[derive(Subcommand)]
enum ModelsAction {
    /// Fetch the catalog now and record it; says how many models were added, changed, removed.
    Refresh {
        #[command(flatten)]
        provider: ProviderArg,
        #[arg(long)]
        json: bool,
    },
    /// What a workload costs on every model of the saved catalog, cheapest first, by the price
    /// rule answers are billed by.
    Calc {
        #[command(flatten)]
        provider: ProviderArg,
        /// Input tokens per request.
        #[arg(long = "in", value_name = "TOKENS")]
        input: u64,
        /// Output tokens per request.
        #[arg(long = "out", value_name = "TOKENS")]
        output: u64,
        /// Share of the input read from the prompt cache, 0 to 1.
        #[arg(long, value_name = "SHARE", default_value_t = 0.0)]
        cache_hit: f64,
        /// Requests of this size.
        #[arg(long, default_value_t = 1)]
        requests: u32,
        /// How many models to show.
        #[arg(long, default_value_t = 25)]
        top: usize,
        #[arg(long)]
        json: bool,
    },
    /// The providers serving a model on OpenRouter: price, quantization, limits, uptime,
    /// latency and throughput (saved for 10 minutes; offline, the saved list).
    Endpoints {
        /// The model id (`anthropic/claude-sonnet-4.5`).
        model: String,
        /// Ask OpenRouter even if a list younger than 10 minutes is saved.
        #[arg(long)]
        refresh: bool,
        #[arg(long)]
        json: bool,
    },
    /// One model of the saved catalog, every field, and its price history.
    Show {
        model: String,
        #[command(flatten)]
        provider: ProviderArg,
        #[arg(long)]
        json: bool,
    },
    /// Price changes, new and removed models seen by earlier fetches, newest first.
    Changes {
        /// From this day (YYYY-MM-DD, UTC) or this long ago (7d); default: all.
        #[arg(long, value_name = "DATE", value_parser = parse_instant)]
        since: Option<i64>,
        /// One model's whole price history.
        #[arg(long, value_name = "MODEL")]
        model: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(args: ModelsArgs) -> ExitCode {
    let store = match open_store() {
        Ok(s) => s,
        Err(e) => return fail(1, e),
    };
    match args.action {
        None => list(store, args.list).await,
        Some(ModelsAction::Refresh { provider, json }) => {
            let engine = match engine_for(&store, &provider.provider) {
                Ok(e) => e,
                Err(code) => return code,
            };
            match engine.0.refresh_catalog(&engine.1).await {
                Err(e) => fail(1, format!("[{}] {}", e.code.as_str(), e.message)),
                Ok((_, None)) => fail(1, "the models were fetched but could not be saved"),
                Ok((_, Some(r))) => {
                    if json {
                        print_json(&r);
                    } else {
                        println_out(format!(
                            "{} models from {}: {} new, {} with new prices, {} removed.",
                            r.models, engine.1.name, r.added, r.changed, r.removed
                        ));
                    }
                    ExitCode::SUCCESS
                }
            }
        }
        Some(ModelsAction::Calc {
            provider,
            input,
            output,
            cache_hit,
            requests,
            top,
            json,
        }) => crate::model_info::calc(
            &store,
            &provider.provider,
            parallax_app::prices::Workload {
                input_tokens: input,
                output_tokens: output,
                cache_hit,
                requests,
            },
            top,
            json,
        ),
        Some(ModelsAction::Endpoints {
            model,
            refresh,
            json,
        }) => crate::model_info::endpoints(store, &model, refresh, json).await,
        Some(ModelsAction::Show {
            model,
            provider,
            json,
        }) => crate::model_info::show(&store, &provider.provider, &model, json),
        Some(ModelsAction::Changes { since, model, json }) => {
            match store.price_changes(since.unwrap_or(0), model.as_deref()) {
                Err(e) => fail(1, e),
                Ok(changes) => {
                    if json {
                        print_json(&changes);
                    } else if changes.is_empty() {
                        println_out(
                            "No price changes recorded yet (each `parallax models` or `models refresh` records the catalog).",
                        );
                    } else {
                        println_out(table::price_changes(&changes, format_ms));
                    }
                    ExitCode::SUCCESS
                }
            }
        }
    }
}

/// The engine and endpoint for `--provider`, or the exit code of a clear error.
fn engine_for(store: &Store, provider: &str) -> Result<(Engine, parallax_llm::Endpoint), ExitCode> {
    let at = parallax_app::providers::parse_endpoint(store, provider).map_err(app_fail)?;
    let resolved = resolve_endpoint(store, at.kind, at.name.as_deref()).map_err(|e| fail(1, e))?;
    let engine = parallax_app::open::open_engine(
        store.clone(),
        std::sync::Arc::new(SystemClock),
        EngineConfig::default(),
    )
    .map_err(app_fail)?;
    Ok((engine, resolved.endpoint))
}

async fn list(store: Store, a: ListArgs) -> ExitCode {
    if a.max_price.is_some_and(|p| p.is_nan() || p < 0.0) {
        return fail(
            2,
            "--max-price takes a number of USD per million tokens, 0 or more",
        );
    }
    let (engine, endpoint) = match engine_for(&store, &a.provider.provider) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let mut list = if a.offline {
        match store.saved_catalog(&endpoint.endpoint_ref().catalog_key()) {
            Ok(Some((at, list))) => {
                eprintln!("Saved catalog from {} (UTC).", format_ms(at));
                list
            }
            Ok(None) => match parallax_app::catalogs::bundled_catalog(&endpoint.endpoint_ref()) {
                Some((at, list)) => {
                    eprintln!(
                        "No catalog saved yet: the one bundled with parallax (models listed up to {} UTC).",
                        format_ms(at)
                    );
                    list
                }
                None => {
                    return fail(
                        1,
                        format!(
                            "no saved catalog for {} yet: run `parallax models` once online",
                            endpoint.name
                        ),
                    )
                }
            },
            Err(e) => return fail(1, e),
        }
    } else {
        match engine.list_models(&endpoint).await {
            Ok(l) => l,
            Err(e) => return fail(1, format!("[{}] {}", e.code.as_str(), e.message)),
        }
    };
    let total = list.len();
    filter_models(&mut list, &a);
    if a.json {
        print_json(&list);
    } else {
        println_out(table::models(&list));
        println_out(format!(
            "{} of {total} models from {}",
            list.len(),
            endpoint.name
        ));
    }
    ExitCode::SUCCESS
}

fn filter_models(list: &mut Vec<CatalogModel>, a: &ListArgs) {
    if let Some(q) = &a.search {
        let words: Vec<String> = q
            .to_lowercase()
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        list.retain(|m| {
            let hay = format!("{} {}", m.id, m.name).to_lowercase();
            words.iter().all(|w| hay.contains(w))
        });
    }
    if a.free {
        list.retain(|m| m.prompt_price.usd() == Some(0.0) && m.completion_price.usd() == Some(0.0));
    }
    if let Some(max) = a.max_price {
        list.retain(|m| {
            matches!((m.prompt_price.usd(), m.completion_price.usd()), (Some(p), Some(c)) if p <= max && c <= max)
        });
    }
    if let Some(min) = a.min_context {
        list.retain(|m| m.context_length.is_some_and(|c| c >= min));
    }
    // Unknowns last in every order; ties by id so the order is stable.
    match a.sort {
        SortBy::Name => list.sort_by(|x, y| {
            x.name
                .to_lowercase()
                .cmp(&y.name.to_lowercase())
                .then_with(|| x.id.cmp(&y.id))
        }),
        SortBy::Price => list.sort_by(|x, y| {
            let k = |m: &CatalogModel| {
                m.completion_price
                    .usd()
                    .map(|c| (c, m.prompt_price.usd().unwrap_or(f64::MAX)))
            };
            match (k(x), k(y)) {
                (Some(a), Some(b)) => a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
            .then_with(|| x.id.cmp(&y.id))
        }),
        SortBy::Context => list.sort_by(|x, y| {
            y.context_length
                .cmp(&x.context_length)
                .then_with(|| x.id.cmp(&y.id))
        }),
        SortBy::Created => {
            list.sort_by(|x, y| y.created.cmp(&x.created).then_with(|| x.id.cmp(&y.id)))
        }
    }
}
