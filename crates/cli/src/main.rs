//! `parallax` — the headless front end. Shares the engine and the database with the app.
//!
//! Exit codes (documented in `--help`): 0 every answer succeeded; 1 an answer failed or the run
//! could not start (database, network setup); 2 the command line was wrong.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use parallax_engine::settings::{endpoint_for, resolve_endpoint};
use parallax_engine::{
    Clock, ComparisonEvent, ComparisonSpec, Engine, EngineConfig, RunControl, SystemClock, Target,
};
use parallax_llm::ProviderKind;
use parallax_store::{ComparisonRecord, SlotRecord, SlotStatus, Store};
use serde_json::json;

mod table;

#[derive(Parser)]
#[command(
    name = "parallax",
    version,
    about = "Send one prompt to many LLMs and compare their answers, speed and cost.",
    after_help = "Environment:\n  OPENROUTER_API_KEY   key for OpenRouter (else the OS keychain)\n  OPENROUTER_BASE_URL  API base, default https://openrouter.ai/api/v1\n  PARALLAX_DATA_DIR    where the history database lives (default: the app's data directory)\n\nExit codes: 0 all answers succeeded, 1 an answer failed or the run could not start, 2 bad usage."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Send PROMPT to every model at once and print the answers' metrics.
    Compare {
        /// A model: an OpenRouter id (openai/gpt-4o-mini), PROVIDER:MODEL for a direct provider
        /// (openai, anthropic, gemini, ollama), or ENDPOINT:MODEL for a custom endpoint. Repeat for
        /// more; the same model may appear twice.
        #[arg(
            short = 'm',
            long = "model",
            required_unless_present = "follow_up",
            value_name = "MODEL"
        )]
        models: Vec<String>,
        /// Continue an earlier comparison (its id): PROMPT follows up each of its answers, with
        /// the same models and settings.
        #[arg(long = "continue", value_name = "COMPARISON_ID", conflicts_with_all = ["models", "variants", "vars", "repeat"])]
        follow_up: Option<String>,
        /// With --continue: only the answer in this column (0-based; repeatable), e.g. the winner.
        #[arg(long = "winner", value_name = "SLOT", requires = "follow_up")]
        winners: Vec<u32>,
        /// A system prompt sent before PROMPT.
        #[arg(long)]
        system: Option<String>,
        /// Ask each model N times (to see how answers vary).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100), value_name = "N")]
        repeat: u32,
        /// A value for a `{{name}}` placeholder in the prompt: --var name=value (repeatable).
        #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
        vars: Vec<(String, String)>,
        /// Another version of the prompt to send to the same models (A/B testing; repeatable).
        #[arg(long = "variant", value_name = "TEXT")]
        variants: Vec<String>,
        /// Print one JSON document on stdout instead of a table.
        #[arg(long)]
        json: bool,
        /// The prompt; `-` reads it from standard input.
        #[arg(value_name = "PROMPT")]
        prompt: String,
    },
    /// Browse, search and manage saved comparisons (the same history the app shows).
    History {
        #[command(subcommand)]
        action: HistoryAction,
    },
    /// List the models a provider offers, with context length and prices.
    Models {
        /// openrouter (default), openai, anthropic, gemini, ollama, or a custom endpoint's name.
        #[arg(
            long,
            short = 'p',
            default_value = "openrouter",
            value_name = "PROVIDER"
        )]
        provider: String,
        /// Only models whose id or name contains every word of this text.
        #[arg(long, short = 's', value_name = "TEXT")]
        search: Option<String>,
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum HistoryAction {
    /// The latest comparisons, newest first.
    List {
        #[arg(long, default_value_t = 20, value_name = "N")]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Full-text search over prompts and answers; each hit names the comparison and the model.
    Search {
        /// Words to find (all must match; `word*` matches a prefix).
        query: String,
        #[arg(long, default_value_t = 20, value_name = "N")]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// One comparison with every answer and its metrics.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Write a comparison as Markdown (metrics table, then answers), JSON (everything) or CSV
    /// (one row per answer), to stdout or a file.
    Export {
        id: String,
        #[arg(long, value_enum, default_value = "markdown")]
        format: ExportFormat,
        /// Write here instead of stdout (an existing file is replaced).
        #[arg(long, value_name = "FILE")]
        out: Option<std::path::PathBuf>,
    },
    /// Add a comparison from a JSON export (checked first; all of it or nothing).
    Import { file: std::path::PathBuf },
    /// Copy the whole history database to FILE (a consistent snapshot; never overwrites).
    Backup { file: std::path::PathBuf },
    /// Delete a comparison and its answers.
    Delete { id: String },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Markdown,
    Json,
    Csv,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let rt = tokio::runtime::Runtime::new().expect("a Tokio runtime starts");
    match cli.command {
        Command::Compare {
            models,
            system,
            repeat,
            vars,
            variants,
            follow_up,
            winners,
            json,
            prompt,
        } => {
            let plan = Plan {
                repeat,
                vars,
                variants,
                follow_up,
                winners,
            };
            rt.block_on(compare(models, system, plan, json, prompt))
        }
        Command::History { action } => history(action),
        Command::Models {
            provider,
            search,
            json,
        } => rt.block_on(models(provider, search, json)),
    }
}

/// How `compare` expands: repeats, one row of variables, extra prompt variants.
struct Plan {
    repeat: u32,
    vars: Vec<(String, String)>,
    variants: Vec<String>,
    follow_up: Option<String>,
    winners: Vec<u32>,
}

fn parse_var(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_owned(), v.to_owned())),
        _ => Err(format!("{s:?} is not NAME=VALUE")),
    }
}

fn fail(code: u8, msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("parallax: {msg}");
    ExitCode::from(code)
}

async fn compare(
    models: Vec<String>,
    system: Option<String>,
    plan: Plan,
    as_json: bool,
    prompt: String,
) -> ExitCode {
    let prompt = if prompt == "-" {
        let mut s = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut s) {
            return fail(
                2,
                format!("could not read the prompt from standard input: {e}"),
            );
        }
        s
    } else {
        prompt
    };
    if prompt.trim().is_empty() {
        return fail(2, "the prompt is empty");
    }
    if let Some(bad) = models.iter().find(|m| m.trim().is_empty()) {
        return fail(2, format!("{bad:?} is not a model id"));
    }
    let store = match open_store() {
        Ok(s) => s,
        Err(e) => return fail(1, e),
    };
    let engine = Engine::new(store, Arc::new(SystemClock), EngineConfig::default());
    // Slots left streaming by a process that died are marked interrupted before anything else.
    if let Err(e) = engine.store().recover_interrupted(SystemClock.unix_ms()) {
        return fail(1, e);
    }
    let custom: Vec<String> = match engine.store().list_endpoints() {
        Ok(list) => list.into_iter().map(|e| e.name).collect(),
        Err(e) => return fail(1, e),
    };
    let spec = match &plan.follow_up {
        Some(parent) => match engine.follow_up(parent, &prompt, &plan.winners) {
            Ok(spec) => spec,
            Err(e) => return fail(if e.code() == "not_found" { 2 } else { 1 }, e),
        },
        None => {
            let rows = if plan.vars.is_empty() {
                vec![]
            } else {
                vec![plan.vars.into_iter().collect()]
            };
            let spec = ComparisonSpec {
                variants: plan.variants,
                rows,
                repeats: plan.repeat,
                history: vec![],
                parent: None,
                prompt,
                system,
                targets: models.iter().map(|m| Target::parse(m, &custom)).collect(),
            };
            spec
        }
    };
    let record = match engine.prepare(&spec) {
        Ok(r) => r,
        Err(e) => return fail(2, e),
    };

    // Progress goes to stderr, and only on a terminal, so stdout stays clean for pipes and --json.
    let live = !as_json && std::io::stderr().is_terminal();
    let sink = Arc::new(move |e: ComparisonEvent| {
        if !live {
            return;
        }
        let line = match &e {
            ComparisonEvent::SlotFinished { record, .. } => {
                format!("  {} {}", record.status.as_str(), record.model)
            }
            ComparisonEvent::SlotRetrying {
                slot,
                attempt,
                delay_ms,
                reason,
            } => {
                format!(
                    "  slot {slot}: retry {attempt} in {:.1} s ({reason})",
                    *delay_ms as f64 / 1000.0
                )
            }
            ComparisonEvent::SlotFallback { slot, model, .. } => {
                format!("  slot {slot}: trying fallback {model}")
            }
            _ => return,
        };
        let _ = writeln!(std::io::stderr(), "{line}");
    });
    let cancel = RunControl::new();
    let on_ctrl_c = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_ctrl_c.cancel();
        }
    });
    let store = engine.store().clone();
    let endpoint_for = |t: &Target| endpoint_for(&store, t);
    let done = engine
        .execute(record, &spec, &endpoint_for, sink, cancel)
        .await;

    let mut out = std::io::stdout().lock();
    if as_json {
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&to_json(&done)).expect("plain JSON")
        );
    } else {
        let _ = writeln!(out, "{}", table::render(&done));
        for s in done.slots.iter().filter(|s| s.error.is_some()) {
            let e = s.error.as_ref().expect("filtered");
            let _ = writeln!(out, "{} [{}]: {}", s.model, e.code.as_str(), e.message);
        }
    }
    if done.slots.iter().all(|s| s.status == SlotStatus::Done) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn history(action: HistoryAction) -> ExitCode {
    let store = match open_store() {
        Ok(s) => s,
        Err(e) => return fail(1, e),
    };
    let mut out = std::io::stdout().lock();
    let mut write_error: Option<String> = None;
    let result = match action {
        HistoryAction::List { limit, json } => store.list_comparisons(limit, None).map(|list| {
            if json {
                print_json(&mut out, &list);
            } else {
                let _ = writeln!(out, "{}", table::history(&list));
            }
        }),
        HistoryAction::Search { query, limit, json } => store
            .search(
                &query,
                &parallax_store::HistoryFilter::default(),
                limit,
                None,
            )
            .map(|page| {
                let hits = page.hits;
                if json {
                    print_json(&mut out, &hits);
                } else if hits.is_empty() {
                    let _ = writeln!(out, "No comparison matches {query:?}.");
                } else {
                    for h in &hits {
                        let _ = writeln!(
                            out,
                            "{}  [{}] {}\n    {}\n",
                            h.comparison_id,
                            h.slot_index,
                            h.model,
                            h.snippet.replace('\n', " ")
                        );
                    }
                }
            }),
        HistoryAction::Show { id, json } => store.get_comparison(&id).map(|c| {
            if json {
                print_json(&mut out, &to_json(&c));
            } else {
                let _ = writeln!(out, "{}\n\n{}\n", c.title, c.prompt);
                let _ = writeln!(out, "{}", table::render(&c));
                for s in &c.slots {
                    let _ = writeln!(
                        out,
                        "\n── [{}] {} ({})\n{}",
                        s.index,
                        s.model,
                        s.status.as_str(),
                        s.text
                    );
                }
            }
        }),
        HistoryAction::Export {
            id,
            format,
            out: file,
        } => store.get_comparison(&id).map(|c| {
            let text = match format {
                ExportFormat::Markdown => parallax_store::export::to_markdown(&c),
                ExportFormat::Json => parallax_store::export::to_json(&c),
                ExportFormat::Csv => parallax_store::export::to_csv(&c),
            };
            match file {
                None => {
                    let _ = out.write_all(text.as_bytes());
                }
                Some(path) => {
                    if let Err(e) = std::fs::write(&path, text) {
                        // Reported after the match: keep the exit code honest.
                        write_error = Some(format!("could not write {}: {e}", path.display()));
                    } else {
                        let _ = writeln!(std::io::stderr(), "Wrote {}.", path.display());
                    }
                }
            }
        }),
        HistoryAction::Import { file } => {
            let imported = std::fs::read_to_string(&file)
                .map_err(|e| format!("could not read {}: {e}", file.display()))
                .and_then(|text| {
                    parallax_store::export::parse_json(&text).map_err(|e| e.to_string())
                })
                .and_then(|c| {
                    store
                        .import_comparison(&c)
                        .map(|()| c)
                        .map_err(|e| e.to_string())
                });
            return match imported {
                Ok(c) => {
                    let _ = writeln!(out, "Imported {} ({}).", c.id, c.title);
                    ExitCode::SUCCESS
                }
                Err(msg) => fail(1, msg),
            };
        }
        HistoryAction::Backup { file } => store.backup_to(&file).map(|()| {
            let _ = writeln!(out, "Backed up to {}.", file.display());
        }),
        HistoryAction::Delete { id } => store.delete_comparison(&id).map(|()| {
            let _ = writeln!(out, "Deleted {id}.");
        }),
    };
    match (result, write_error) {
        (Ok(()), None) => ExitCode::SUCCESS,
        (Ok(()), Some(msg)) => fail(1, msg),
        (Err(e), _) if e.code() == "not_found" => fail(2, e),
        (Err(e), _) => fail(1, e),
    }
}

fn print_json<T: serde::Serialize>(out: &mut impl Write, v: &T) {
    let _ = writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(v).expect("plain JSON")
    );
}

fn open_store() -> Result<Store, parallax_store::StoreError> {
    parallax_store::data_dir().and_then(|d| Store::open_in_dir(&d))
}

async fn models(provider: String, search: Option<String>, as_json: bool) -> ExitCode {
    let store = match open_store() {
        Ok(s) => s,
        Err(e) => return fail(1, e),
    };
    let (kind, endpoint_name) = match ProviderKind::parse(&provider) {
        Some(ProviderKind::Compatible) | None => match store.get_endpoint(&provider) {
            Ok(Some(_)) => (ProviderKind::Compatible, Some(provider.clone())),
            Ok(None) => {
                let known: Vec<&str> = ProviderKind::ALL
                    .iter()
                    .filter(|k| **k != ProviderKind::Compatible)
                    .map(|k| k.as_str())
                    .collect();
                return fail(
                    2,
                    format!(
                        "{provider:?} is neither a provider ({}) nor a custom endpoint",
                        known.join(", ")
                    ),
                );
            }
            Err(e) => return fail(1, e),
        },
        Some(k) => (k, None),
    };
    let resolved = match resolve_endpoint(&store, kind, endpoint_name.as_deref()) {
        Ok(r) => r,
        Err(e) => return fail(1, e),
    };
    let engine = Engine::new(store, Arc::new(SystemClock), EngineConfig::default());
    let mut list = match engine.list_models(&resolved.endpoint).await {
        Ok(l) => l,
        Err(e) => return fail(1, format!("[{}] {}", e.code.as_str(), e.message)),
    };
    if let Some(q) = search {
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
    let mut out = std::io::stdout().lock();
    if as_json {
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&list).expect("plain JSON")
        );
    } else {
        let _ = writeln!(out, "{}", table::models(&list));
        let _ = writeln!(out, "{} models from {}", list.len(), resolved.endpoint.name);
    }
    ExitCode::SUCCESS
}

fn slot_json(s: &SlotRecord) -> serde_json::Value {
    let mut v = json!({
        "model": s.model,
        "provider": s.provider,
        "variant": s.variant,
        "repeat": s.repeat,
        "prompt": s.prompt,
        "served_model": s.served_model,
        "status": s.status,
        "text": s.text,
        "ttft_ms": s.ttft_ms,
        "ttfr_ms": s.ttfr_ms,
        "ttfb_ms": s.ttfb_ms,
        "queued_ms": s.queued_ms,
        "attempts": s.attempts,
        "total_ms": s.total_ms,
        "tokens_per_second": s.tokens_per_second(),
        "usage": {
            "input_tokens": s.usage.input_tokens,
            "output_tokens": s.usage.output_tokens,
            "reasoning_tokens": s.usage.reasoning_tokens,
        },
        "cost_usd": s.cost.usd,
        "cost_source": s.cost.source,
        "generation_id": s.generation_id,
    });
    if let Some(e) = &s.error {
        v["error"] = json!({"code": e.code, "message": e.message});
    }
    v
}

fn to_json(c: &ComparisonRecord) -> serde_json::Value {
    json!({
        "comparison_id": c.id,
        "slots": c.slots.iter().map(slot_json).collect::<Vec<_>>(),
    })
}
