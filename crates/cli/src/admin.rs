//! The settings side of the CLI: keys (OS keychain), shared config, custom endpoints, aliases,
//! model sets, and the database file itself. Everything here is also what the app reads.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use clap::Subcommand;
use parallax_engine::settings::{
    base_url, endpoint_key_env, keychain_account, resolve_endpoint, setting_specs,
    validate_base_url, validate_endpoint_name, SettingSource,
};
use parallax_llm::key::{self, ApiKey, KeySource};
use parallax_llm::ProviderKind;
use parallax_store::{Alias, CustomEndpoint, ModelSet, Store};
use serde_json::json;

use crate::compare::{parse_var, resolve_targets};
use crate::filters::now_ms;
use crate::{fail, open_store, print_json, println_out, store_fail};

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
    /// Open the database and say whether it is readable (exit 1 when it is not).
    Check,
    /// Rename an unreadable database to parallax.db.corrupt-<time> (never deleted), so the next
    /// start creates a fresh history. Refuses a database that opens fine.
    MoveAside,
}

fn open() -> Result<Store, ExitCode> {
    open_store().map_err(|e| fail(1, e))
}

/// A provider kind and, for custom endpoints, the endpoint name; exit 2 when it is neither.
fn provider_or_endpoint(
    store: &Store,
    name: &str,
) -> Result<(ProviderKind, Option<String>), ExitCode> {
    match ProviderKind::parse(name) {
        Some(k) if k != ProviderKind::Compatible => Ok((k, None)),
        _ => match store.get_endpoint(name) {
            Ok(Some(_)) => Ok((ProviderKind::Compatible, Some(name.to_owned()))),
            Ok(None) => Err(fail(
                2,
                format!(
                    "{name:?} is neither a provider (openrouter, openai, anthropic, gemini, ollama) nor a custom endpoint"
                ),
            )),
            Err(e) => Err(fail(1, e)),
        },
    }
}

fn read_key(label: &str) -> Result<ApiKey, String> {
    let raw = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("API key for {label} (not shown): "))
            .map_err(|e| format!("could not read the key: {e}"))?
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("could not read the key from standard input: {e}"))?;
        line
    };
    let key = ApiKey::new(raw).ok_or("the key is empty")?;
    if key.expose().chars().any(char::is_whitespace) {
        return Err("a key has no spaces in it; was something else pasted along?".into());
    }
    Ok(key)
}

pub fn keys(action: KeysAction) -> ExitCode {
    let store = match open() {
        Ok(s) => s,
        Err(c) => return c,
    };
    match action {
        KeysAction::Set { provider } => {
            let (kind, endpoint) = match provider_or_endpoint(&store, &provider) {
                Ok(p) => p,
                Err(c) => return c,
            };
            let key = match read_key(&provider) {
                Ok(k) => k,
                Err(e) => return fail(2, e),
            };
            match key::keychain_set(&keychain_account(kind, endpoint.as_deref()), &key) {
                Ok(()) => {
                    println_out(format!(
                        "Saved {} for {provider} in the OS keychain.",
                        key.masked()
                    ));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(1, e),
            }
        }
        KeysAction::Delete { provider } => {
            let (kind, endpoint) = match provider_or_endpoint(&store, &provider) {
                Ok(p) => p,
                Err(c) => return c,
            };
            match key::keychain_delete(&keychain_account(kind, endpoint.as_deref())) {
                Ok(()) => {
                    println_out(format!("Removed the keychain key for {provider}."));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(1, e),
            }
        }
        KeysAction::List { json } => {
            let mut rows = Vec::new();
            let mut targets: Vec<(ProviderKind, Option<String>)> = ProviderKind::ALL
                .into_iter()
                .filter(|k| *k != ProviderKind::Compatible)
                .map(|k| (k, None))
                .collect();
            match store.list_endpoints() {
                Ok(list) => targets.extend(
                    list.into_iter()
                        .map(|e| (ProviderKind::Compatible, Some(e.name))),
                ),
                Err(e) => return fail(1, e),
            }
            for (kind, endpoint) in targets {
                let (masked, source) = match resolve_endpoint(&store, kind, endpoint.as_deref()) {
                    Ok(r) => (r.endpoint.api_key.map(|k| k.masked()), r.key_source),
                    Err(_) => (None, KeySource::None),
                };
                let env = match &endpoint {
                    Some(name) => Some(endpoint_key_env(name)),
                    None => kind.key_env().map(str::to_owned),
                };
                rows.push(json!({
                    "provider": endpoint.clone().unwrap_or_else(|| kind.as_str().to_owned()),
                    "key": masked,
                    "source": source,
                    "environment_variable": env,
                }));
            }
            if json {
                print_json(&rows);
            } else {
                for r in &rows {
                    let source = match r["source"].as_str() {
                        Some("environment") => {
                            format!("from {}", r["environment_variable"].as_str().unwrap_or(""))
                        }
                        Some("keychain") => "from the OS keychain".to_owned(),
                        _ if r["provider"] == "ollama" => "none needed".to_owned(),
                        _ => match r["environment_variable"].as_str() {
                            Some(env) => format!("not set ({env} or `parallax keys set`)"),
                            None => "not set".to_owned(),
                        },
                    };
                    println_out(format!(
                        "{:<14} {:<12} {source}",
                        r["provider"].as_str().unwrap_or(""),
                        r["key"].as_str().unwrap_or("—"),
                    ));
                }
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
    let specs = match setting_specs(&store) {
        Ok(s) => s,
        Err(e) => return fail(1, e),
    };
    let unknown = |key: &str| {
        fail(
            2,
            format!(
                "{key:?} is not a setting; `parallax config list` shows them all ({})",
                specs
                    .iter()
                    .map(|s| s.key.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    };
    match action {
        ConfigAction::List { json } => {
            let mut rows = Vec::new();
            for spec in &specs {
                // Base URLs resolve through the environment too; show what is in force.
                let provider = spec
                    .key
                    .strip_suffix(".base_url")
                    .and_then(ProviderKind::parse);
                let (value, source) = match provider {
                    Some(kind) => match base_url(&store, kind) {
                        Ok((v, s)) => (Some(v), s),
                        Err(e) => return fail(1, e),
                    },
                    None => match store.get_setting(&spec.key) {
                        Ok(Some(v)) => (Some(v), SettingSource::Database),
                        Ok(None) => (None, SettingSource::Default),
                        Err(e) => return fail(1, e),
                    },
                };
                rows.push(
                    json!({"key": spec.key, "value": value, "source": source, "about": spec.about}),
                );
            }
            if json {
                print_json(&rows);
            } else {
                for r in &rows {
                    let value = r["value"].as_str().unwrap_or("(default)");
                    let source = match r["source"].as_str() {
                        Some("environment") => " [environment]",
                        Some("database") => " [saved]",
                        _ => "",
                    };
                    println_out(format!(
                        "{:<30} {value}{source}\n{:<30} {}",
                        r["key"].as_str().unwrap_or(""),
                        "",
                        r["about"].as_str().unwrap_or("")
                    ));
                }
            }
            ExitCode::SUCCESS
        }
        ConfigAction::Get { key } => {
            if !specs.iter().any(|s| s.key == key) {
                return unknown(&key);
            }
            match store.get_setting(&key) {
                Ok(Some(v)) => {
                    println_out(v);
                    ExitCode::SUCCESS
                }
                Ok(None) => fail(1, format!("{key} is not set (the default applies)")),
                Err(e) => fail(1, e),
            }
        }
        ConfigAction::Set { key, value } => {
            let Some(spec) = specs.iter().find(|s| s.key == key) else {
                return unknown(&key);
            };
            let value = match spec.check(&value) {
                Ok(v) => v,
                Err(e) => return fail(2, format!("{key}: {e}")),
            };
            match store.set_setting(&key, Some(&value)) {
                Ok(()) => {
                    println_out(format!("{key} = {value}"));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(1, e),
            }
        }
        ConfigAction::Unset { key } => {
            if !specs.iter().any(|s| s.key == key) {
                return unknown(&key);
            }
            match store.set_setting(&key, None) {
                Ok(()) => {
                    println_out(format!("{key} is back to its default."));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(1, e),
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
        } => {
            if let Err(e) = validate_endpoint_name(&name) {
                return fail(2, e);
            }
            let base_url = match validate_base_url(&base_url) {
                Ok(u) => u,
                Err(e) => return fail(2, e),
            };
            let e = CustomEndpoint {
                name: name.clone(),
                base_url: base_url.clone(),
                headers,
            };
            match store.upsert_endpoint(&e, now_ms()) {
                Ok(()) => {
                    println_out(format!(
                        "Endpoint {name} → {base_url}. Use it as -m {name}:MODEL; its key: {} or `parallax keys set {name}`.",
                        endpoint_key_env(&name)
                    ));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(1, e),
            }
        }
        EndpointsAction::List { json } => match store.list_endpoints() {
            Err(e) => fail(1, e),
            Ok(list) => {
                // Header values may be tokens a gateway wants: names only.
                let rows: Vec<_> = list
                    .iter()
                    .map(|e| {
                        json!({"name": e.name, "base_url": e.base_url,
                               "headers": e.headers.iter().map(|(k, _)| k).collect::<Vec<_>>()})
                    })
                    .collect();
                if json {
                    print_json(&rows);
                } else if list.is_empty() {
                    println_out("No custom endpoints. Add one: parallax endpoints add NAME URL");
                } else {
                    for e in &list {
                        println_out(format!("{:<16} {}", e.name, e.base_url));
                    }
                }
                ExitCode::SUCCESS
            }
        },
        EndpointsAction::Remove { name } => match store.remove_endpoint(&name) {
            Ok(true) => {
                let _ =
                    key::keychain_delete(&keychain_account(ProviderKind::Compatible, Some(&name)));
                println_out(format!("Removed endpoint {name}."));
                ExitCode::SUCCESS
            }
            Ok(false) => fail(2, format!("no custom endpoint named {name:?}")),
            Err(e) => fail(1, e),
        },
    }
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
            let targets = match resolve_targets(&store, &models, &params) {
                Ok(t) => t,
                Err(e) => return fail(2, e),
            };
            let set = ModelSet {
                name: name.clone(),
                targets_json: serde_json::to_string(&targets).expect("plain JSON"),
            };
            store.save_model_set(&set, now_ms()).map(|()| {
                println_out(format!(
                    "Saved {name} ({} models); use it as -m @{name}.",
                    targets.len()
                ))
            })
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
        DbAction::Check => match Store::open(&path) {
            Ok(_) => {
                println_out(format!(
                    "{} is readable (schema {}).",
                    path.display(),
                    parallax_store::SCHEMA_VERSION
                ));
                ExitCode::SUCCESS
            }
            Err(e) => fail(1, e),
        },
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
    }
}
