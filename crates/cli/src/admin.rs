//! The settings side of the CLI: keys (OS keychain), shared config, custom endpoints, aliases,
//! model sets, and the database file itself. Everything here is also what the app reads.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use clap::Subcommand;
use parallax_app::{providers, settings};
use parallax_engine::settings::SettingSource;
use parallax_llm::key::KeySource;
use parallax_llm::EndpointRef;
use parallax_store::{Alias, CustomEndpoint, Store};
use serde_json::json;

use crate::compare::{parse_var, resolve_targets};
use crate::filters::now_ms;
use crate::{app_fail, fail, open_store, print_json, println_out, store_fail};

#[derive(Subcommand)]
pub enum KeysAction {
    /// Save a key in the OS keychain. The key is read from standard input (or typed without
    /// echo on a terminal), never from the command line, where it would stay in shell history.
    Set {
        /// openrouter, openai, anthropic, gemini, ollama, or a custom endpoint's name.
        provider: String,
    },
    /// Every provider with the key in force, masked, and where it comes from.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a key from the OS keychain (an environment variable is not touched).
    Delete { provider: String },
}

#[derive(Subcommand)]
pub enum ConfigAction {
    /// Every setting with its value and where it comes from.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Print one setting's value.
    Get { key: String },
    /// Save a setting (checked first).
    Set { key: String, value: String },
    /// Remove a saved setting (back to the default).
    Unset { key: String },
}

#[derive(Subcommand)]
pub enum EndpointsAction {
    /// Add or replace an OpenAI-compatible endpoint: `parallax endpoints add lmstudio
    /// http://127.0.0.1:1234/v1`. Its key: PARALLAX_ENDPOINT_<NAME>_API_KEY or `keys set NAME`.
    Add {
        name: String,
        /// The API base, including its path (…/v1).
        base_url: String,
        /// A non-secret header sent with every request: --header Name=value (repeatable).
        #[arg(long = "header", value_name = "NAME=VALUE", value_parser = parse_var)]
        headers: Vec<(String, String)>,
        /// The header the server reads the key from, the key as its whole value (Azure
        /// OpenAI: --key-header api-key); without it the key goes as `Authorization: Bearer`.
        #[arg(long = "key-header", value_name = "NAME")]
        key_header: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove an endpoint (and its keychain key).
    Remove { name: String },
}

#[derive(Subcommand)]
pub enum AliasAction {
    /// `parallax alias set sonnet anthropic:claude-sonnet-4`, then `-m sonnet`.
    Set {
        name: String,
        model: String,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Remove {
        name: String,
    },
}

#[derive(Subcommand)]
pub enum SetsAction {
    /// Save models (and parameters for all of them) under a name, used as `-m @NAME`.
    Save {
        name: String,
        #[arg(short = 'm', long = "model", required = true, value_name = "MODEL")]
        models: Vec<String>,
        /// As for `compare --param`.
        #[arg(long = "param", value_name = "KEY=VALUE", value_parser = parse_var)]
        params: Vec<(String, String)>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Remove {
        name: String,
    },
}

#[derive(Subcommand)]
pub enum DbAction {
    /// Check the database with SQLite's integrity check and say what is damaged (exit 1 when
    /// anything is).
    Check {
        /// SQLite's quick_check: skips matching indexes to their tables, several times faster.
        #[arg(long)]
        quick: bool,
        #[arg(long)]
        json: bool,
    },
    /// Copy everything still readable from a damaged database into a fresh history at the
    /// same place; the damaged file is kept beside it as parallax.db.damaged-<time>. Close the
    /// app first.
    Recover {
        #[arg(long)]
        json: bool,
    },
    /// Rename an unreadable or damaged database to parallax.db.corrupt-<time> (never
    /// deleted), so the next start creates a fresh history. Refuses a database that passes
    /// SQLite's check.
    MoveAside,
    /// Fill an empty history with made-up comparisons (for trying the app and for the
    /// benchmarks and end-to-end tests): the same seed gives the same history. Refuses a
    /// history that has comparisons.
    Seed {
        /// How many comparisons (two to six answers each).
        #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        comparisons: u32,
        /// Over how many days before now.
        #[arg(long, default_value_t = 180, value_parser = clap::value_parser!(u32).range(1..=3_650))]
        days: u32,
        /// The random stream.
        #[arg(long, default_value_t = 0x5eed_cafe_f00d_d00d)]
        seed: u64,
        /// Answers of 20 to 200 words instead of 40 to 700 (a smaller, faster history).
        #[arg(long)]
        short: bool,
    },
}

fn open() -> Result<Store, ExitCode> {
    open_store().map_err(|e| fail(1, e))
}

fn read_key(label: &str) -> Result<String, String> {
    if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("API key for {label} (not shown): "))
            .map_err(|e| format!("could not read the key: {e}"))
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("could not read the key from standard input: {e}"))?;
        Ok(line)
    }
}

pub fn keys(action: KeysAction) -> ExitCode {
    let store = match open() {
        Ok(s) => s,
        Err(c) => return c,
    };
    match action {
        KeysAction::Set { provider } => {
            let at = match providers::parse_endpoint(&store, &provider) {
                Ok(at) => at,
                Err(e) => return app_fail(e),
            };
            let raw = match read_key(&provider) {
                Ok(k) => k,
                Err(e) => return fail(1, e),
            };
            match providers::save_key(&at, &raw) {
                Ok(masked) => {
                    println_out(format!("Saved {masked} for {provider} in the OS keychain."));
                    ExitCode::SUCCESS
                }
                Err(e) => app_fail(e),
            }
        }
        KeysAction::Delete { provider } => {
            let at = match providers::parse_endpoint(&store, &provider) {
                Ok(at) => at,
                Err(e) => return app_fail(e),
            };
            match providers::delete_key(&at) {
                Ok(()) => {
                    println_out(format!("Removed the keychain key for {provider}."));
                    ExitCode::SUCCESS
                }
                Err(e) => app_fail(e),
            }
        }
        KeysAction::List { json } => {
            let rows = match providers::key_rows(&store) {
                Ok(r) => r,
                Err(e) => return app_fail(e),
            };
            if json {
                print_json(&rows);
                return ExitCode::SUCCESS;
            }
            for r in &rows {
                let env = r.key.env_var.as_deref();
                let source = match (r.key.source, env) {
                    (KeySource::Environment, env) => format!("from {}", env.unwrap_or("")),
                    (KeySource::Keychain, _) => "from the OS keychain".to_owned(),
                    // A custom endpoint may want a key; Ollama has no variable for one.
                    (KeySource::None, Some(env)) => {
                        format!("not set ({env} or `parallax keys set`)")
                    }
                    (KeySource::None, None) => "none needed".to_owned(),
                };
                println_out(format!(
                    "{:<14} {:<12} {source}",
                    r.name,
                    r.key.masked.as_deref().unwrap_or("—"),
                ));
            }
            ExitCode::SUCCESS
        }
    }
}

pub fn config(action: ConfigAction) -> ExitCode {
    let store = match open() {
        Ok(s) => s,
        Err(c) => return c,
    };
    match action {
        ConfigAction::List { json } => {
            let rows = match settings::setting_rows(&store) {
                Ok(r) => r,
                Err(e) => return app_fail(e),
            };
            if json {
                print_json(&rows);
                return ExitCode::SUCCESS;
            }
            for r in &rows {
                let value = match &r.value {
                    Some(v) => v.clone(),
                    None => format!("(default: {})", r.spec.default),
                };
                let source = match r.source {
                    SettingSource::Environment => " [environment]",
                    SettingSource::Database => " [saved]",
                    SettingSource::Default => "",
                };
                println_out(format!(
                    "{:<30} {value}{source}\n{:<30} {}",
                    r.spec.key, "", r.spec.about
                ));
            }
            ExitCode::SUCCESS
        }
        ConfigAction::Get { key } => match settings::saved_setting(&store, &key) {
            Ok(Some(v)) => {
                println_out(v);
                ExitCode::SUCCESS
            }
            Ok(None) => fail(1, format!("{key} is not set (the default applies)")),
            Err(e) => app_fail(e),
        },
        ConfigAction::Set { key, value } => {
            // An empty value from an unset shell variable must not silently remove a cap.
            if value.trim().is_empty() {
                return fail(
                    2,
                    format!("{key}: the value is empty; `parallax config unset {key}` goes back to the default"),
                );
            }
            let change = settings::SettingChange {
                key: key.clone(),
                value: Some(value),
            };
            match settings::change_settings(&store, &[change]) {
                Ok(saved) => {
                    match saved.first().and_then(|(_, v)| v.as_deref()) {
                        Some(v) => println_out(format!("{key} = {v}")),
                        None => println_out(format!("{key} is back to its default.")),
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => app_fail(e),
            }
        }
        ConfigAction::Unset { key } => {
            let change = settings::SettingChange {
                key: key.clone(),
                value: None,
            };
            match settings::change_settings(&store, &[change]) {
                Ok(_) => {
                    println_out(format!("{key} is back to its default."));
                    ExitCode::SUCCESS
                }
                Err(e) => app_fail(e),
            }
        }
    }
}

pub fn endpoints(action: EndpointsAction) -> ExitCode {
    let store = match open() {
        Ok(s) => s,
        Err(c) => return c,
    };
    match action {
        EndpointsAction::Add {
            name,
            base_url,
            headers,
            key_header,
        } => {
            let e = CustomEndpoint {
                name,
                base_url,
                headers,
                key_header,
            };
            match providers::save_endpoint(&store, e, now_ms()) {
                Ok(e) => {
                    println_out(format!(
                        "Endpoint {} → {}. Use it as -m {}:MODEL; its key: {} or `parallax keys set {}`, sent {}.",
                        e.name,
                        e.base_url,
                        e.name,
                        EndpointRef::custom(e.name.clone()).key_env().unwrap_or_default(),
                        e.name,
                        e.key_header.as_deref().map_or_else(|| "as `Authorization: Bearer …`".to_owned(), |h| format!("in the header {h}"))
                    ));
                    ExitCode::SUCCESS
                }
                Err(e) => app_fail(e),
            }
        }
        EndpointsAction::List { json } => match store.list_endpoints() {
            Err(e) => store_fail(e),
            Ok(list) => {
                if json {
                    // Header values may be tokens a gateway wants: names only.
                    let rows: Vec<_> = list
                        .iter()
                        .map(|e| EndpointRow {
                            name: &e.name,
                            base_url: &e.base_url,
                            headers: e.headers.iter().map(|(k, _)| k.as_str()).collect(),
                            key_header: e.key_header.as_deref(),
                        })
                        .collect();
                    print_json(&rows);
                } else if list.is_empty() {
                    println_out("No custom endpoints. Add one: parallax endpoints add NAME URL");
                } else {
                    for e in &list {
                        match &e.key_header {
                            Some(h) => {
                                println_out(format!("{:<16} {}  (key in {h})", e.name, e.base_url))
                            }
                            None => println_out(format!("{:<16} {}", e.name, e.base_url)),
                        }
                    }
                }
                ExitCode::SUCCESS
            }
        },
        EndpointsAction::Remove { name } => match providers::remove_endpoint(&store, &name) {
            Ok(()) => {
                println_out(format!("Removed endpoint {name}."));
                ExitCode::SUCCESS
            }
            Err(e) => app_fail(e),
        },
    }
}

/// `parallax endpoints list --json`: header names only, never their values.
#[derive(serde::Serialize)]
struct EndpointRow<'a> {
    name: &'a str,
    base_url: &'a str,
    headers: Vec<&'a str>,
    /// The header the key is sent in (`null`: `Authorization: Bearer`).
    key_header: Option<&'a str>,
}

pub fn alias(action: AliasAction) -> ExitCode {
    let store = match open() {
        Ok(s) => s,
        Err(c) => return c,
    };
    let result = match action {
        AliasAction::Set { name, model } => store
            .set_alias(
                &Alias {
                    name: name.clone(),
                    model: model.clone(),
                },
                now_ms(),
            )
            .map(|()| println_out(format!("{name} → {model}"))),
        AliasAction::List { json } => store.list_aliases().map(|list| {
            if json {
                print_json(&list);
            } else if list.is_empty() {
                println_out("No aliases. Add one: parallax alias set NAME MODEL");
            } else {
                for a in &list {
                    println_out(format!("{:<16} {}", a.name, a.model));
                }
            }
        }),
        AliasAction::Remove { name } => store
            .delete_alias(&name)
            .map(|()| println_out(format!("Removed alias {name}."))),
    };
    result.map_or_else(store_fail, |()| ExitCode::SUCCESS)
}

pub fn sets(action: SetsAction) -> ExitCode {
    let store = match open() {
        Ok(s) => s,
        Err(c) => return c,
    };
    let result = match action {
        SetsAction::Save {
            name,
            models,
            params,
        } => {
            let saved = resolve_targets(&store, &models, &params).and_then(|targets| {
                parallax_app::targets::save_model_set(&store, &name, &targets, now_ms())
                    .map(|()| targets.len())
            });
            return match saved {
                Ok(n) => {
                    println_out(format!("Saved {name} ({n} models); use it as -m @{name}."));
                    ExitCode::SUCCESS
                }
                Err(e) => app_fail(e),
            };
        }
        SetsAction::List { json } => store.list_model_sets().map(|list| {
            let rows: Vec<_> = list
                .iter()
                .map(|s| {
                    let targets: serde_json::Value =
                        serde_json::from_str(&s.targets_json).unwrap_or_default();
                    json!({"name": s.name, "targets": targets})
                })
                .collect();
            if json {
                print_json(&rows);
            } else if rows.is_empty() {
                println_out("No model sets. Save one: parallax sets save NAME -m MODEL -m MODEL");
            } else {
                for r in &rows {
                    let models: Vec<&str> = r["targets"]
                        .as_array()
                        .map(|a| a.iter().filter_map(|t| t["model"].as_str()).collect())
                        .unwrap_or_default();
                    println_out(format!(
                        "@{:<15} {}",
                        r["name"].as_str().unwrap_or(""),
                        models.join(", ")
                    ));
                }
            }
        }),
        SetsAction::Remove { name } => store
            .delete_model_set(&name)
            .map(|()| println_out(format!("Removed model set {name}."))),
    };
    result.map_or_else(store_fail, |()| ExitCode::SUCCESS)
}

pub fn db(action: DbAction) -> ExitCode {
    let dir = match crate::data_dir() {
        Ok(d) => d,
        Err(e) => return fail(1, e),
    };
    let path = dir.join(parallax_store::DB_FILE);
    match action {
        DbAction::Check { quick, json } => check_db(&path, quick, json),
        DbAction::Recover { json } => recover_db(&path, json),
        DbAction::MoveAside => match parallax_store::move_aside_if_corrupt(&path, now_ms()) {
            Ok(to) => {
                println_out(format!(
                    "Moved {} to {}. The next start creates a fresh history; the old file is kept.",
                    path.display(),
                    to.display()
                ));
                ExitCode::SUCCESS
            }
            Err(e) => fail(1, e),
        },
        DbAction::Seed {
            comparisons,
            days,
            seed,
            short,
        } => seed_history(comparisons, days, seed, short),
    }
}

fn check_db(path: &std::path::Path, quick: bool, json: bool) -> ExitCode {
    // Opening first: a database too new, or not one at all, says so in its own words.
    if let Err(e) = Store::open(path) {
        return fail(1, e);
    }
    let report = match parallax_store::check_database(path, quick) {
        Ok(r) => r,
        Err(e) => return fail(1, e),
    };
    let ok = report.ok();
    if json {
        print_json(&json!({
            "path": report.path,
            "ok": ok,
            "quick": report.quick,
            "damaged": report.damaged,
            "problems": report.problems,
        }));
    } else if ok {
        println_out(format!(
            "{} is sound: SQLite's {} found no damage (schema {}).",
            path.display(),
            if quick {
                "quick check"
            } else {
                "integrity check"
            },
            parallax_store::SCHEMA_VERSION
        ));
    } else {
        let what = if report.damaged.is_empty() {
            "some pages".to_owned()
        } else {
            report
                .damaged
                .iter()
                .map(|t| describe_table(t))
                .collect::<Vec<_>>()
                .join(", ")
        };
        println_out(format!("{} is damaged: {what}.", path.display()));
        for line in report.problems.iter().take(20) {
            println_out(format!("  {line}"));
        }
        if report.problems.len() > 20 {
            println_out(format!("  … and {} more", report.problems.len() - 20));
        }
        println_out(
            "`parallax db recover` copies everything still readable into a fresh history and \
             keeps this file beside it (close the app first).",
        );
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// A table's name with what a person knows it as.
fn describe_table(table: &str) -> String {
    let what = match table {
        "comparisons" => "comparisons (prompts)",
        "slots" => "slots (answers)",
        t if t.starts_with("slots_fts") => "the search index",
        "comparison_tags" => "tags",
        "votes" | "vote_slots" => "votes",
        "catalog_models" | "catalog_snapshots" | "price_history" => "the saved catalog",
        "settings" => "settings",
        _ => return table.to_owned(),
    };
    if what.starts_with(table) {
        what.to_owned()
    } else {
        format!("{table} ({what})")
    }
}

fn recover_db(path: &std::path::Path, json: bool) -> ExitCode {
    match parallax_store::recover_database(path, now_ms()) {
        Ok(report) => {
            if json {
                print_json(&report);
                return ExitCode::SUCCESS;
            }
            println_out(format!(
                "Recovered {} into a fresh history; the damaged file is kept at {}.",
                path.display(),
                report.damaged_kept_at.display()
            ));
            for t in &report.tables {
                if t.copied == 0 && t.lost == 0 && t.damaged_stretches == 0 {
                    continue;
                }
                let mut line = format!("  {}: {} copied", describe_table(&t.table), t.copied);
                if t.lost > 0 {
                    line.push_str(&format!(", {} dropped (their comparison was lost)", t.lost));
                }
                if t.damaged_stretches > 0 {
                    line.push_str(&format!(
                        ", {} damaged stretch{} skipped (the rows there are lost)",
                        t.damaged_stretches,
                        if t.damaged_stretches == 1 { "" } else { "es" }
                    ));
                }
                println_out(line);
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(1, e),
    }
}

fn seed_history(comparisons: u32, days: u32, seed: u64, short: bool) -> ExitCode {
    let store = match open() {
        Ok(s) => s,
        Err(code) => return code,
    };
    match store.list_comparisons(1, None) {
        Ok(page) if !page.is_empty() => {
            return fail(
                2,
                "the history already has comparisons; seed only an empty one \
                 (PARALLAX_DATA_DIR=<an empty folder> parallax db seed)",
            )
        }
        Ok(_) => {}
        Err(e) => return store_fail(e),
    }
    let opts = parallax_store::seed::SeedOptions {
        comparisons: comparisons as usize,
        seed,
        end_ms: now_ms(),
        days,
        answer_words: if short { (20, 200) } else { (40, 700) },
        count_words: false,
    };
    let total = comparisons as usize;
    let report = parallax_store::seed::seed_history(&store, &opts, |n| {
        eprintln!("{n} of {total} comparisons…");
    });
    match report {
        Ok(r) => {
            println_out(format!(
                "Seeded {} comparisons, {} answers, over the last {days} days.",
                r.comparisons, r.answers
            ));
            ExitCode::SUCCESS
        }
        Err(e) => store_fail(e),
    }
}
