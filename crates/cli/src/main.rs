//! `parallax` — the headless front end. Shares the engine and the database with the app.
//!
//! Exit codes (documented in `--help`): 0 success (every answer succeeded); 1 an answer failed
//! or the work could not be done (database, network, keychain); 2 the command line was wrong
//! (bad argument, unknown id).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use parallax_store::Store;

mod admin;
mod batch;
mod compare;
mod diff;
mod filters;
mod history;
mod insights;
mod model_info;
mod models;
mod signals;
mod table;
mod terminal;

use filters::FilterArgs;

const MODELS_HELP: &str = "\
Models: an OpenRouter id (openai/gpt-4o-mini), PROVIDER:MODEL for a direct provider (openai,
anthropic, gemini, ollama), ENDPOINT:MODEL for a custom endpoint, an alias (parallax alias), or
@SET for a saved model set (parallax sets).";

const AFTER_HELP: &str = "\
Environment:
  OPENROUTER_API_KEY, OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY
                       provider keys (else the OS keychain: parallax keys set)
  OPENROUTER_BASE_URL  and the other providers' *_BASE_URL / OLLAMA_HOST: API bases
  PARALLAX_DATA_DIR    where the history database lives (default: the app's data directory)

Exit codes: 0 success, 1 an answer failed or the work could not be done, 2 bad usage.";

#[derive(Parser)]
#[command(
    name = "parallax",
    version,
    about = "Send one prompt to many LLMs and compare their answers, speed and cost.",
    after_help = format!("{MODELS_HELP}\n\n{AFTER_HELP}")
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Send PROMPT to every model at once and print the answers' metrics.
    #[command(after_help = MODELS_HELP)]
    Compare(compare::CompareArgs),
    /// Send every prompt of a file to the same models; results to CSV or JSON Lines. Resumable:
    /// run it again with the same --out and it does only what is missing.
    #[command(after_help = MODELS_HELP)]
    Batch(batch::BatchArgs),
    /// Browse, search, annotate and manage saved comparisons (the app's history).
    History {
        #[command(subcommand)]
        action: history::HistoryAction,
    },
    /// List a provider's models with context and prices; refresh the catalog; price changes.
    Models(models::ModelsArgs),
    /// How one answer of a saved comparison differs from another, word by word; or with
    /// --consensus what only one answer says.
    Diff(diff::DiffArgs),
    /// Requests, errors, tokens, cost and latency per model, spend per day, and
    /// recommendations, from your own history.
    Stats {
        #[command(flatten)]
        filter: FilterArgs,
        /// One row per day and model instead of totals.
        #[arg(long)]
        by_day: bool,
        #[arg(long)]
        json: bool,
    },
    /// Models ranked by your votes (Bradley–Terry), with win rate and average cost.
    Leaderboard {
        #[command(flatten)]
        filter: FilterArgs,
        /// Whose votes count: yours (human), LLM judges' (judges), or all; kept apart by default.
        #[arg(long, value_enum, default_value_t = insights::VotersArg::Human)]
        voters: insights::VotersArg,
        #[arg(long)]
        json: bool,
    },
    /// API keys in the OS keychain (list shows masked keys only).
    Keys {
        #[command(subcommand)]
        action: admin::KeysAction,
    },
    /// Settings shared with the app: base URLs, budgets, cache, concurrency.
    Config {
        #[command(subcommand)]
        action: admin::ConfigAction,
    },
    /// Custom OpenAI-compatible endpoints (LM Studio, llama.cpp, vLLM, Groq…).
    Endpoints {
        #[command(subcommand)]
        action: admin::EndpointsAction,
    },
    /// Short names for models: `parallax alias set sonnet anthropic:claude-sonnet-4`.
    Alias {
        #[command(subcommand)]
        action: admin::AliasAction,
    },
    /// Named groups of models with their parameters, used as `-m @NAME`.
    Sets {
        #[command(subcommand)]
        action: admin::SetsAction,
    },
    /// The history database itself: check it, or move a corrupt one aside.
    Db {
        #[command(subcommand)]
        action: admin::DbAction,
    },
}

impl Command {
    /// The subcommand's name, for the log (never its arguments: a prompt is not log material).
    fn name(&self) -> &'static str {
        match self {
            Self::Compare(_) => "compare",
            Self::Batch(_) => "batch",
            Self::History { .. } => "history",
            Self::Models(_) => "models",
            Self::Diff(_) => "diff",
            Self::Stats { .. } => "stats",
            Self::Leaderboard { .. } => "leaderboard",
            Self::Keys { .. } => "keys",
            Self::Config { .. } => "config",
            Self::Endpoints { .. } => "endpoints",
            Self::Alias { .. } => "alias",
            Self::Sets { .. } => "sets",
            Self::Db { .. } => "db",
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    parallax_app::log::init("cli");
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        command = cli.command.name(),
        "parallax started"
    );
    let rt = tokio::runtime::Runtime::new().expect("a Tokio runtime starts");
    match cli.command {
        Command::Compare(args) => rt.block_on(compare::run(args)),
        Command::Batch(args) => rt.block_on(batch::run(args)),
        Command::History { action } => history::run(action),
        Command::Models(args) => rt.block_on(models::run(args)),
        Command::Diff(args) => diff::run(args),
        Command::Stats {
            filter,
            by_day,
            json,
        } => insights::stats(&filter, by_day, json),
        Command::Leaderboard {
            filter,
            voters,
            json,
        } => insights::leaderboard(&filter, voters, json),
        Command::Keys { action } => admin::keys(action),
        Command::Config { action } => admin::config(action),
        Command::Endpoints { action } => admin::endpoints(action),
        Command::Alias { action } => admin::alias(action),
        Command::Sets { action } => admin::sets(action),
        Command::Db { action } => admin::db(action),
    }
}

/// Prints `parallax: MSG` on stderr and returns the exit code.
pub fn fail(code: u8, msg: impl std::fmt::Display) -> ExitCode {
    tracing::warn!(exit = code, "command failed");
    tracing::debug!(message = %msg, "command failed");
    // Messages may quote a provider's error or a model name: made visible, never obeyed.
    eprintln!("parallax: {}", terminal::visible(&msg.to_string()));
    ExitCode::from(code)
}

/// The exit code for an error of the application layer: input the person can fix (an unknown
/// id, a value that cannot be read) is 2, anything else 1. Decided on the typed code.
pub fn app_fail(e: parallax_app::AppError) -> ExitCode {
    use parallax_app::{AppCode, AppErrorCode};
    let code = match e.code {
        // EX_IOERR, as when a comparison's answers could not be saved: the history is the
        // problem (a full disk, a read-only folder), not what was asked.
        AppErrorCode::App(AppCode::DiskFull | AppCode::ReadOnly) => 74,
        _ if e.is_input() => 2,
        _ => 1,
    };
    fail(code, e)
}

/// The exit code for a store error, as for [`app_fail`].
pub fn store_fail(e: parallax_store::StoreError) -> ExitCode {
    app_fail(e.into())
}

pub fn print_json<T: serde::Serialize>(v: &T) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(v).expect("plain JSON")
    );
}

/// A line of text on stdout, control characters made visible (it may quote model output).
pub fn println_out(text: impl std::fmt::Display) {
    let _ = writeln!(terminal::Out::stdout(), "{text}");
}

pub fn open_store() -> Result<Store, parallax_app::AppError> {
    parallax_app::open::open_store()
}

pub fn data_dir() -> Result<PathBuf, parallax_store::StoreError> {
    parallax_store::data_dir()
}
