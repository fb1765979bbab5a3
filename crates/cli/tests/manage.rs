//! The CLI beyond `compare`: annotating and filtering history, stats and the leaderboard, the
//! catalog and its price history, settings, endpoints, keys, aliases and sets, batches, and the
//! database file — each as a user runs it, against the mock provider.

use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;

mod common;
use common::{json_of, mock, mock_requests, parallax};

/// Runs a comparison and returns its id.
fn compare(base: &str, data: &std::path::Path, models: &[&str], prompt: &str) -> String {
    let mut cmd = parallax(base, data);
    cmd.arg("compare");
    for m in models {
        cmd.args(["-m", m]);
    }
    let doc = json_of(cmd.args(["--json", prompt]));
    doc["id"].as_str().unwrap().to_owned()
}

#[test]
fn annotate_filter_vote_and_rank_from_the_command_line() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let first = compare(
        &base,
        d,
        &["mock/fast", "mock/no-cost"],
        "Kettles: why do they whistle?",
    );
    let second = compare(
        &base,
        d,
        &["mock/fast", "mock/medium"],
        "Toasters and kettles",
    );

    parallax(&base, d)
        .args(["history", "title", &first, "Whistling kettles"])
        .assert()
        .success()
        .stdout(contains("Title: Whistling kettles"));
    parallax(&base, d)
        .args([
            "history", "tag", &first, "--add", "Physics", "--add", "home",
        ])
        .assert()
        .success()
        .stdout(contains("Tags: home, physics"));
    parallax(&base, d)
        .args(["history", "tag", &first, "--remove", "HOME"])
        .assert()
        .success()
        .stdout(contains("Tags: physics"));
    parallax(&base, d)
        .args(["history", "note", &first, "fast was clearer"])
        .assert()
        .success();

    // Filters: by tag, by model, by date.
    let tagged =
        json_of(parallax(&base, d).args(["history", "list", "--tag", "physics", "--json"]));
    assert_eq!(tagged.as_array().unwrap().len(), 1);
    assert_eq!(tagged[0]["title"], "Whistling kettles");
    let medium =
        json_of(parallax(&base, d).args(["history", "list", "--model", "mock/medium", "--json"]));
    assert_eq!(medium[0]["id"], second.as_str());
    assert_eq!(medium.as_array().unwrap().len(), 1);
    let future =
        json_of(parallax(&base, d).args(["history", "list", "--since", "2999-01-01", "--json"]));
    assert!(future.as_array().unwrap().is_empty());
    let hits = json_of(parallax(&base, d).args([
        "history",
        "search",
        "kettles",
        "--model",
        "mock/no-cost",
        "--json",
    ]));
    assert_eq!(hits["hits"].as_array().unwrap().len(), 1, "{hits}");
    assert_eq!(hits["hits"][0]["model"], "mock/no-cost");

    // Votes: fast beats the others in both comparisons.
    parallax(&base, d)
        .args(["history", "vote", &first, "--winner", "0", "--blind"])
        .assert()
        .success()
        .stdout(contains("between 2 answers"));
    parallax(&base, d)
        .args(["history", "vote", &second, "--winner", "0"])
        .assert()
        .success();
    parallax(&base, d)
        .args(["history", "vote", &second, "--winner", "7"])
        .assert()
        .code(2)
        .stderr(contains("columns 0 to 1, not 7"));
    parallax(&base, d)
        .args(["history", "vote", &second])
        .assert()
        .code(2)
        .stderr(contains("--winner"));
    parallax(&base, d)
        .args(["history", "show", &first])
        .assert()
        .success()
        .stdout(
            contains("Tags: physics")
                .and(contains("Notes: fast was clearer"))
                .and(contains(
                    "Vote: [0] mock/fast best among [0] mock/fast, [1] mock/no-cost",
                )),
        );
    let voted = json_of(parallax(&base, d).args(["history", "list", "--voted", "--json"]));
    assert_eq!(voted.as_array().unwrap().len(), 2);

    let board = json_of(parallax(&base, d).args(["leaderboard", "--json"]));
    assert_eq!(board[0]["model"], "mock/fast");
    assert_eq!(board[0]["wins"], 2);
    assert_eq!(board[0]["losses"], 0);
    assert!(board[0]["rating"].as_f64().unwrap() > 1000.0);
    parallax(&base, d)
        .args(["leaderboard"])
        .assert()
        .success()
        .stdout(
            contains("mock/fast")
                .and(contains("100%"))
                .and(contains("2-0-0")),
        );

    // Stats: fast answered twice, no-cost's cost is unknown (never $0).
    let stats = json_of(parallax(&base, d).args(["stats", "--json"]));
    let fast = stats["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["model"] == "mock/fast")
        .unwrap();
    assert_eq!(fast["requests"], 2);
    assert_eq!(fast["errors"], 0);
    assert_eq!(fast["output_tokens"], 120);
    assert!(
        fast["ttft_p50_ms"].as_u64().unwrap() >= 100,
        "the mock's 100 ms"
    );
    let no_cost = stats["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["model"] == "mock/no-cost")
        .unwrap();
    assert_eq!(no_cost["cost"]["usd"], Value::Null);
    assert_eq!(no_cost["unknown_cost"], 1);
    assert_eq!(stats["spend_per_day"].as_array().unwrap().len(), 1);
    parallax(&base, d)
        .args(["stats", "--by-day"])
        .assert()
        .success()
        .stdout(contains("mock/medium").and(contains("Spend per day")));
    parallax(&base, d)
        .args(["stats", "--since", "last tuesday"])
        .assert()
        .code(2)
        .stderr(contains("YYYY-MM-DD"));
}

#[test]
fn models_filter_sort_refresh_and_show_price_changes() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let ids = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_owned())
            .collect()
    };
    // Nothing fetched yet: offline says what to do (OpenRouter has its bundled catalog, see
    // cli.rs); an unreachable provider says so.
    let nowhere = "http://127.0.0.1:9/api/v1";
    parallax(nowhere, d)
        .args(["models", "--offline", "-p", "ollama"])
        .assert()
        .code(1)
        .stderr(contains("no saved catalog for Ollama yet"));
    parallax(nowhere, d)
        .args(["models", "refresh"])
        .assert()
        .code(1)
        .stderr(contains("[network]").and(contains("could not be reached")));
    let free = json_of(parallax(&base, d).args(["models", "--free", "--json"]));
    assert_eq!(ids(&free), ["mock/free"]);
    let cheap = ids(&json_of(parallax(&base, d).args([
        "models",
        "--max-price",
        "5",
        "--json",
    ])));
    assert!(cheap.contains(&"mock/fast".to_owned()) && !cheap.contains(&"mock/premium".to_owned()));
    let big = json_of(parallax(&base, d).args(["models", "--min-context", "100000", "--json"]));
    assert_eq!(ids(&big), ["mock/premium"]);
    let by_price = ids(&json_of(
        parallax(&base, d).args(["models", "--sort", "price", "--json"]),
    ));
    assert_eq!(by_price.first().map(String::as_str), Some("mock/free"));
    assert_eq!(by_price.last().map(String::as_str), Some("mock/premium"));
    let by_context = ids(&json_of(
        parallax(&base, d).args(["models", "--sort", "context", "--json"]),
    ));
    assert_eq!(by_context[0], "mock/premium");
    assert_eq!(by_context.last().map(String::as_str), Some("mock/free"));
    parallax(&base, d)
        .args(["models", "--sort", "vibes"])
        .assert()
        .code(2)
        .stderr(contains("price").and(contains("context")));
    parallax(&base, d)
        .args(["models", "--max-price", "-1"])
        .assert()
        .code(2);

    // Every listing records the catalog: offline works, a refetch changes nothing.
    let offline = json_of(parallax("http://127.0.0.1:9/api/v1", d).args([
        "models",
        "--offline",
        "--free",
        "--json",
    ]));
    assert_eq!(ids(&offline), ["mock/free"]);
    let refresh = json_of(parallax(&base, d).args(["models", "refresh", "--json"]));
    assert_eq!(
        (
            refresh["added"].as_u64(),
            refresh["changed"].as_u64(),
            refresh["removed"].as_u64()
        ),
        (Some(0), Some(0), Some(0))
    );
    parallax(&base, d)
        .args(["models", "changes"])
        .assert()
        .success()
        .stdout(contains("No price changes recorded yet"));

    // The provider changes a price (recorded as a later fetch would).
    {
        let store = parallax_store::Store::open_in_dir(d).unwrap();
        let (_, mut list) = store.saved_catalog("openrouter").unwrap().unwrap();
        let fast = list.iter_mut().find(|m| m.id == "mock/fast").unwrap();
        fast.completion_price = parallax_llm::Price::Usd { usd: 1.5 };
        store
            .record_catalog("openrouter", &list, 4_102_444_800_000)
            .unwrap();
    }
    let changes = json_of(parallax(&base, d).args(["models", "changes", "--json"]));
    assert_eq!(changes.as_array().unwrap().len(), 1, "{changes}");
    assert_eq!(changes[0]["model_id"], "mock/fast");
    assert_eq!(changes[0]["previous_completion_price_per_m"], 2.0);
    assert_eq!(changes[0]["completion_price_per_m"], 1.5);
    parallax(&base, d)
        .args(["models", "changes", "--since", "2030-01-01"])
        .assert()
        .success()
        .stdout(contains("mock/fast").and(contains("$2.00 → $1.50")));
    // The next real fetch moves it back: one more change, not a row per fetch.
    let back = json_of(parallax(&base, d).args(["models", "refresh", "--json"]));
    assert_eq!(back["changed"], 1);
}

#[test]
fn config_endpoints_keys_aliases_and_sets() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let root = base.trim_end_matches("/api/v1").to_owned();

    // Config: checked before saving, unknown keys named, read back by the engine.
    parallax(&base, d)
        .args(["config", "set", "budget.daily_usd", "$2.50"])
        .assert()
        .success()
        .stdout(contains("budget.daily_usd = 2.5"));
    parallax(&base, d)
        .args(["config", "get", "budget.daily_usd"])
        .assert()
        .success()
        .stdout("2.5\n");
    parallax(&base, d)
        .args(["config", "set", "budget.daily_usd", "lots"])
        .assert()
        .code(2)
        .stderr(contains("not an amount in USD"));
    parallax(&base, d)
        .args(["config", "set", "budget.montly_usd", "1"])
        .assert()
        .code(2)
        .stderr(contains("not a setting").and(contains("budget.daily_usd")));
    parallax(&base, d)
        .args(["config", "set", "concurrency.global", "0"])
        .assert()
        .code(2)
        .stderr(contains("from 1 to"));
    parallax(&base, d)
        .args(["config", "set", "anthropic.base_url", "ftp://x"])
        .assert()
        .code(2)
        .stderr(contains("http://"));
    // The app and the CLI share one validation table: Ollama's own host:port convention is
    // accepted (stored as a URL), and a refused value leaves the saved one in place.
    parallax(&base, d)
        .args(["config", "set", "ollama.base_url", "10.0.0.5:11434"])
        .assert()
        .success()
        .stdout("ollama.base_url = http://10.0.0.5:11434\n");
    parallax(&base, d)
        .args(["config", "unset", "ollama.base_url"])
        .assert()
        .success();
    parallax(&base, d)
        .args(["config", "get", "budget.daily_usd"])
        .assert()
        .success()
        .stdout("2.5\n");
    parallax(&base, d)
        .args(["config", "set", "cache.ttl_seconds", "2592001"])
        .assert()
        .code(2)
        .stderr(contains("2592000"));
    // An empty value (an unset shell variable) is refused, never read as "remove the cap".
    parallax(&base, d)
        .args(["config", "set", "budget.daily_usd", ""])
        .assert()
        .code(2)
        .stderr(contains("config unset budget.daily_usd"));
    parallax(&base, d)
        .args(["config", "get", "budget.daily_usd"])
        .assert()
        .success()
        .stdout("2.5\n");
    let list = json_of(parallax(&base, d).args(["config", "list", "--json"]));
    let row = |k: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == k)
            .unwrap()
            .clone()
    };
    assert_eq!(row("openrouter.base_url")["source"], "environment");
    assert_eq!(row("openrouter.base_url")["value"], base.as_str());
    assert_eq!(row("budget.daily_usd")["source"], "database");
    parallax(&base, d)
        .args(["config", "unset", "budget.daily_usd"])
        .assert()
        .success();
    parallax(&base, d)
        .args(["config", "get", "budget.daily_usd"])
        .assert()
        .code(1)
        .stderr(contains("not set"));
    // A budget set here stops a comparison before it starts, once the saved catalog (any
    // `parallax models`) tells the estimate what the model costs.
    parallax(&base, d).args(["models"]).assert().success();
    parallax(&base, d)
        .args(["config", "set", "budget.per_comparison_usd", "0.0000001"])
        .assert()
        .success();
    parallax(&base, d)
        .args(["compare", "-m", "mock/fast", "hello"])
        .assert()
        .code(2)
        .stderr(contains("budget"));
    parallax(&base, d)
        .args(["config", "unset", "budget.per_comparison_usd"])
        .assert()
        .success();

    // Endpoints.
    parallax(&base, d)
        .args([
            "endpoints",
            "add",
            "lab",
            &format!("{root}/v1/"),
            "--header",
            "X-Team=evals",
        ])
        .assert()
        .success()
        .stdout(contains("PARALLAX_ENDPOINT_LAB_API_KEY"));
    // A credential in a header would be saved in plain text: refused, with where keys go.
    for header in [
        "Authorization=Bearer sk-lab-SECRET-0001",
        "api-key=sk-lab-SECRET-0001",
        "x-api-key=sk-lab-SECRET-0001",
        "X-Auth-Token=sk-lab-SECRET-0001",
    ] {
        parallax(&base, d)
            .args([
                "endpoints",
                "add",
                "lab2",
                &format!("{root}/v1"),
                "--header",
                header,
            ])
            .assert()
            .code(2)
            .stderr(contains("carries a credential"))
            .stderr(contains("parallax keys set lab2"))
            .stderr(contains("--key-header"))
            .stderr(contains("SECRET").not());
    }
    let db = std::fs::read(d.join("parallax.db")).unwrap();
    let wal = std::fs::read(d.join("parallax.db-wal")).unwrap_or_default();
    for bytes in [&db, &wal] {
        assert!(
            !bytes.windows(10).any(|w| w == b"SECRET-000"),
            "a refused header's value reached the database"
        );
    }
    parallax(&base, d)
        .args(["endpoints", "add", "Bad Name", "http://x"])
        .assert()
        .code(2)
        .stderr(contains("not a valid endpoint name"));
    parallax(&base, d)
        .args(["endpoints", "add", "openai", "http://x"])
        .assert()
        .code(2)
        .stderr(contains("built-in provider"));
    let eps = json_of(parallax(&base, d).args(["endpoints", "list", "--json"]));
    assert_eq!(eps[0]["base_url"], format!("{root}/v1"));
    assert_eq!(eps[0]["headers"][0], "X-Team", "header names only");
    assert!(
        !eps.to_string().contains("evals"),
        "header values are not printed"
    );

    // Keys: masked, never whole; no keychain on this machine is said plainly.
    let secret = "sk-or-v1-0123456789abcdefSECRET";
    let out = parallax(&base, d)
        .env("OPENROUTER_API_KEY", secret)
        .args(["keys", "list"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(!out.contains(secret), "{out}");
    assert!(
        out.contains("sk-…CRET") && out.contains("from OPENROUTER_API_KEY"),
        "{out}"
    );
    assert!(
        out.contains("lab") && out.contains("PARALLAX_ENDPOINT_LAB_API_KEY"),
        "{out}"
    );
    parallax(&base, d)
        .args(["keys", "set", "openrouter"])
        .write_stdin(format!("{secret}\n"))
        .assert()
        .code(1)
        .stderr(contains("no OS keychain").and(contains(secret).not()));
    parallax(&base, d)
        .args(["keys", "set", "openrouter"])
        .write_stdin("\n")
        .assert()
        .code(2)
        .stderr(contains("empty"));
    parallax(&base, d)
        .args(["keys", "set", "nosuch"])
        .assert()
        .code(2)
        .stderr(contains("neither a provider"));

    // Aliases and sets, used by compare; params apply to every model.
    parallax(&base, d)
        .args(["alias", "set", "quick", "mock/fast"])
        .assert()
        .success();
    parallax(&base, d)
        .args([
            "sets",
            "save",
            "pair",
            "-m",
            "quick",
            "-m",
            "lab:mock/medium",
            "--param",
            "seed=7",
        ])
        .assert()
        .success()
        .stdout(contains("2 models"));
    let sets = json_of(parallax(&base, d).args(["sets", "list", "--json"]));
    assert_eq!(sets[0]["targets"][0]["model"], "mock/fast");
    assert_eq!(sets[0]["targets"][1]["endpoint"], "lab");
    assert_eq!(sets[0]["targets"][1]["params"]["seed"], 7);
    let doc = json_of(parallax(&base, d).args([
        "compare",
        "-m",
        "@pair",
        "-m",
        "quick",
        "--param",
        "max_tokens=50",
        "--json",
        "hi",
    ]));
    let slots = doc["slots"].as_array().unwrap();
    let models: Vec<(&str, &str)> = slots
        .iter()
        .map(|s| {
            (
                s["provider"].as_str().unwrap(),
                s["model"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        models,
        [
            ("openrouter", "mock/fast"),
            ("compatible:lab", "mock/medium"),
            ("openrouter", "mock/fast")
        ]
    );
    assert!(slots.iter().all(|s| s["status"] == "done"), "{doc}");
    parallax(&base, d)
        .args(["compare", "-m", "@nosuch", "hi"])
        .assert()
        .code(2)
        .stderr(contains("no model set named \"nosuch\""));
    parallax(&base, d)
        .args([
            "compare",
            "-m",
            "mock/fast",
            "--param",
            "temperature=hot",
            "hi",
        ])
        .assert()
        .code(2)
        .stderr(contains("temperature takes a number from 0 to 2"));
    parallax(&base, d)
        .args(["alias", "set", "two words", "mock/fast"])
        .assert()
        .code(2)
        .stderr(contains("is not a valid alias name"));
    parallax(&base, d)
        .args(["alias", "remove", "quick"])
        .assert()
        .success();
    parallax(&base, d)
        .args(["alias", "remove", "quick"])
        .assert()
        .code(2)
        .stderr(contains("no alias with id quick"));
    parallax(&base, d)
        .args(["endpoints", "remove", "lab"])
        .assert()
        .success();
    parallax(&base, d)
        .args(["endpoints", "remove", "lab"])
        .assert()
        .code(2);
}

/// `parallax batch --prompts PROMPTS -m … --out OUT`, ready for its assertions.
fn batch(
    base: &str,
    d: &std::path::Path,
    prompts: &std::path::Path,
    models: &[&str],
    out: &std::path::Path,
) -> assert_cmd::Command {
    let mut cmd = parallax(base, d);
    cmd.args(["batch", "--prompts", prompts.to_str().unwrap()]);
    for m in models {
        cmd.args(["-m", m]);
    }
    cmd.args(["--out", out.to_str().unwrap()]);
    cmd
}

#[test]
fn a_batch_writes_results_and_resumes_without_paying_twice() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let prompts = d.join("prompts.txt");
    std::fs::write(
        &prompts,
        "first question\n\nsecond question\nthird question\n",
    )
    .unwrap();
    let out = d.join("results.csv");

    // The first run is cut short after one prompt: simulated by keeping only its rows.
    batch(&base, d, &prompts, &["mock/fast", "mock/no-cost"], &out)
        .assert()
        .success()
        .stderr(contains("6 answers written"));
    let full = std::fs::read_to_string(&out).unwrap();
    let mut rows = csv::Reader::from_reader(full.as_bytes());
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 6);
    let header = rows.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert!(records.iter().all(|r| &r[col("status")] == "done"));
    assert_eq!(&records[0][col("prompt")], "first question");
    assert_eq!(&records[5][col("prompt")], "third question");
    assert!(
        records.iter().any(|r| r[col("cost_usd")].is_empty()),
        "no-cost's cost is unknown, left empty"
    );
    assert!(records.iter().all(|r| !r[col("text")].is_empty()));
    let history = json_of(parallax(&base, d).args(["history", "list", "--json"]));
    assert_eq!(
        history.as_array().unwrap().len(),
        3,
        "one comparison per prompt, in history"
    );

    let partial: String = full.lines().take(3).map(|l| format!("{l}\n")).collect();
    std::fs::write(&out, partial).unwrap();
    let before = mock_requests(&base)["chat_completions"].as_u64().unwrap();
    batch(&base, d, &prompts, &["mock/fast", "mock/no-cost"], &out)
        .assert()
        .success()
        .stderr(contains("Resuming: 2 answers").and(contains("4 answers written")));
    let after = mock_requests(&base)["chat_completions"].as_u64().unwrap();
    assert_eq!(after - before, 4, "only the missing answers were asked for");
    let resumed = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        resumed.lines().count(),
        7,
        "a header and six rows, the header once"
    );

    // Nothing left: no request at all.
    batch(&base, d, &prompts, &["mock/fast", "mock/no-cost"], &out)
        .assert()
        .success()
        .stderr(contains("Nothing to do"));
    assert_eq!(
        mock_requests(&base)["chat_completions"].as_u64().unwrap(),
        after
    );

    // Another model list against the same file is refused, not mixed in.
    batch(&base, d, &prompts, &["mock/medium"], &out)
        .assert()
        .code(2)
        .stderr(contains("other prompts or models"));
    // JSON Lines, and a failing model that fails only its rows.
    let jsonl = d.join("r.jsonl");
    batch(&base, d, &prompts, &["mock/fast", "mock/bad-key"], &jsonl)
        .assert()
        .code(1)
        .stderr(contains("3 failed"));
    let lines: Vec<Value> = std::fs::read_to_string(&jsonl)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 6);
    assert!(lines
        .iter()
        .filter(|l| l["model"] == "mock/bad-key")
        .all(|l| l["status"] == "failed" && l["error_code"] == "unauthorized"));
    parallax(&base, d)
        .args([
            "batch",
            "--prompts",
            prompts.to_str().unwrap(),
            "-m",
            "mock/fast",
            "--out",
            "x.txt",
        ])
        .assert()
        .code(2)
        .stderr(contains(".csv or .jsonl"));
}

#[test]
fn a_corrupt_database_is_moved_aside_by_an_explicit_command() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let db = d.join("parallax.db");
    std::fs::write(&db, b"my shopping list, not a database".repeat(200)).unwrap();
    parallax("http://127.0.0.1:9/api/v1", d)
        .args(["history", "list"])
        .assert()
        .code(1)
        .stderr(contains("not a readable Parallax database"));
    parallax("http://127.0.0.1:9/api/v1", d)
        .args(["db", "check"])
        .assert()
        .code(1)
        .stderr(contains(db.to_str().unwrap()));
    parallax("http://127.0.0.1:9/api/v1", d)
        .args(["db", "move-aside"])
        .assert()
        .success()
        .stdout(contains("corrupt-"));
    assert!(!db.exists());
    let kept: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("parallax.db.corrupt-")
        })
        .collect();
    assert_eq!(kept.len(), 1, "the old file is kept beside");
    parallax("http://127.0.0.1:9/api/v1", d)
        .args(["history", "list"])
        .assert()
        .success();
    parallax("http://127.0.0.1:9/api/v1", d)
        .args(["db", "move-aside"])
        .assert()
        .code(1)
        .stderr(contains("passes SQLite's check"));
}

#[test]
fn db_seed_fills_an_empty_history_and_refuses_one_that_has_comparisons() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    parallax("http://127.0.0.1:9/api/v1", d)
        .args([
            "db",
            "seed",
            "--comparisons",
            "30",
            "--days",
            "7",
            "--short",
        ])
        .assert()
        .success()
        .stdout(contains("Seeded 30 comparisons"));
    // The history lists every one.
    let listed = json_of(
        parallax("http://127.0.0.1:9/api/v1", d)
            .args(["history", "list", "--limit", "50", "--json"]),
    );
    assert_eq!(listed.as_array().map(Vec::len), Some(30));
    // A history with comparisons is never seeded into: nothing is added.
    parallax("http://127.0.0.1:9/api/v1", d)
        .args(["db", "seed", "--comparisons", "5"])
        .assert()
        .code(2)
        .stderr(contains("already has comparisons"));
    let again = json_of(
        parallax("http://127.0.0.1:9/api/v1", d)
            .args(["history", "list", "--limit", "50", "--json"]),
    );
    assert_eq!(again.as_array().map(Vec::len), Some(30));
    // A bad count is refused by name.
    parallax("http://127.0.0.1:9/api/v1", d)
        .args(["db", "seed", "--comparisons", "0"])
        .assert()
        .code(2)
        .stderr(contains("--comparisons"));
}

/// Issue 14: a history with a damaged page. `db check` finds it and names the table, a command
/// that reads the damaged part names the file and the way out (not SQLite's bare "malformed"),
/// `db recover` keeps the rest and the damaged file, and the history works again.
#[test]
fn a_damaged_history_is_found_named_and_recovered() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    parallax("http://127.0.0.1:9/api/v1", d)
        .args(["db", "seed", "--comparisons", "300", "--short"])
        .assert()
        .success();
    parallax("http://127.0.0.1:9/api/v1", d)
        .args(["db", "check"])
        .assert()
        .success()
        .stdout(contains("is sound"));
    let db = d.join("parallax.db");
    let lost = parallax_store::repair_testing::damage_newest_answers(&db);

    parallax("http://127.0.0.1:9/api/v1", d)
        .args(["db", "check"])
        .assert()
        .code(1)
        .stdout(contains("is damaged: slots (answers)"))
        .stdout(contains("parallax db recover"));
    let out = parallax("http://127.0.0.1:9/api/v1", d)
        .args(["db", "check", "--quick", "--json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["damaged"][0], "slots");

    // The newest comparison's answers are on the damaged page: showing it reads them.
    let out = parallax("http://127.0.0.1:9/api/v1", d)
        .args(["history", "list", "--limit", "1", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let list: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let newest = list[0]["id"].as_str().unwrap().to_owned();
    let out = parallax("http://127.0.0.1:9/api/v1", d)
        .args(["history", "show", &newest])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        !said.contains("database error"),
        "SQLite's bare error reached the person: {said}"
    );
    assert!(
        said.contains(&db.display().to_string()) && said.contains("parallax db recover"),
        "the error names neither the file nor the way out: {said}"
    );

    let out = parallax("http://127.0.0.1:9/api/v1", d)
        .args(["db", "recover", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let r: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let slots = r["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["table"] == "slots")
        .unwrap();
    assert_eq!(slots["damaged_stretches"], 1);
    let kept = r["damaged_kept_at"].as_str().unwrap();
    assert!(std::path::Path::new(kept).exists(), "{kept}");

    parallax("http://127.0.0.1:9/api/v1", d)
        .args(["db", "check"])
        .assert()
        .success();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let answers: u64 = conn
        .query_row("SELECT count(*) FROM slots", [], |r| r.get(0))
        .unwrap();
    let before: u64 = rusqlite::Connection::open(kept)
        .unwrap()
        .query_row("SELECT count(*) FROM comparisons", [], |r| {
            r.get::<_, u64>(0)
        })
        .unwrap();
    assert_eq!(before, 300);
    assert!(answers > 0 && lost > 0);
    parallax("http://127.0.0.1:9/api/v1", d)
        .args(["history", "list", "--limit", "5"])
        .assert()
        .success();
}

/// Issue 14: a server that reads its key from a header of its own (Azure OpenAI's `api-key`) is
/// given it there, the key as the whole value and no `Authorization`; the header's name is all
/// the database holds; a header HTTP sets itself cannot carry the key.
#[test]
fn a_custom_endpoint_gets_its_key_in_the_header_it_names() {
    let base = mock();
    let root = base.trim_end_matches("/api/v1").to_owned();
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    parallax(&base, d)
        .args([
            "endpoints",
            "add",
            "azure",
            &format!("{root}/v1"),
            "--key-header",
            "api-key",
        ])
        .assert()
        .success()
        .stdout(contains("sent in the header api-key"));
    let eps = json_of(parallax(&base, d).args(["endpoints", "list", "--json"]));
    assert_eq!(eps[0]["key_header"], "api-key");
    parallax(&base, d)
        .args(["endpoints", "list"])
        .assert()
        .success()
        .stdout(contains("(key in api-key)"));

    // The mock echoes every key header it received into the answer: only `api-key`, and the
    // key itself is taken out of the answer before it is printed or saved.
    let secret = "az-key-0123456789SECRET";
    let echo = || {
        json_of(
            parallax(&base, d)
                .env("PARALLAX_ENDPOINT_AZURE_API_KEY", secret)
                .args([
                    "compare",
                    "-m",
                    "azure:mock/fast@echo_key=1,tokens=8",
                    "--json",
                    "hi",
                ]),
        )
    };
    let doc = echo();
    let text = doc["slots"][0]["text"].as_str().unwrap();
    assert!(
        text.starts_with("the proxy saw api-key: [redacted]"),
        "{text}"
    );
    assert!(
        !text.contains("authorization"),
        "a bearer header was sent too: {text}"
    );
    assert!(!doc.to_string().contains("SECRET"));

    // Without the key header the same key goes as a bearer token.
    parallax(&base, d)
        .args(["endpoints", "add", "azure", &format!("{root}/v1")])
        .assert()
        .success()
        .stdout(contains("sent as `Authorization: Bearer …`"));
    let doc = echo();
    let text = doc["slots"][0]["text"].as_str().unwrap();
    assert!(
        text.starts_with("the proxy saw authorization: Bearer [redacted]"),
        "{text}"
    );

    for (header, why) in [
        ("Content-Type", "set by every request itself"),
        ("api key", "not a header name"),
    ] {
        parallax(&base, d)
            .args([
                "endpoints",
                "add",
                "azure2",
                &format!("{root}/v1"),
                "--key-header",
                header,
            ])
            .assert()
            .code(2)
            .stderr(contains(why));
    }
    parallax(&base, d)
        .args([
            "endpoints",
            "add",
            "azure2",
            &format!("{root}/v1"),
            "--key-header",
            "X-Team",
            "--header",
            "x-team=evals",
        ])
        .assert()
        .code(2)
        .stderr(contains("both the key's header and an extra header"));
}
