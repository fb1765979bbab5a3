//! `parallax batch`: every prompt of a file to the same models, one comparison per prompt
//! (saved to history like any other), results appended to a CSV or JSON Lines file as each
//! prompt finishes.
//!
//! Resuming: the results file is the record of what is done. A second run with the same
//! `--out` reads it and sends only the (prompt, model) pairs that have no `done` row, so an
//! interrupted batch never pays twice for an answer it already has. Failed answers are tried
//! again; their earlier rows stay in the file with their status.

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use parallax_engine::settings::endpoint_for;
use parallax_engine::{ComparisonEvent, ComparisonSpec, RunControl, Target};
use parallax_store::{SlotRecord, SlotStatus};
use serde::{Deserialize, Serialize};

use crate::compare::{engine, parse_var, resolve_targets};
use crate::{app_fail, fail, open_store};

#[derive(Args)]
pub struct BatchArgs {
    /// One prompt per line (.txt; blank lines skipped), or JSON Lines with a "prompt" field
    /// (.jsonl, for prompts that span lines).
    #[arg(long, value_name = "FILE")]
    prompts: PathBuf,
    /// A model, as for `compare` (repeatable).
    #[arg(short = 'm', long = "model", required = true, value_name = "MODEL")]
    models: Vec<String>,
    #[arg(long)]
    system: Option<String>,
    /// As for `compare --param`.
    #[arg(long = "param", value_name = "KEY=VALUE", value_parser = parse_var)]
    params: Vec<(String, String)>,
    /// Results: .csv (one row per answer) or .jsonl (one JSON object per answer). An existing
    /// file is resumed, never overwritten.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// As for `compare --allow-unknown-cost`: run although a spending cap cannot be checked.
    #[arg(long)]
    allow_unknown_cost: bool,
}

/// One answer, as written to the results file.
#[derive(Debug, Serialize, Deserialize)]
struct Row {
    prompt_index: usize,
    /// Position of the model in `-m` order (a model may be listed twice).
    target_index: usize,
    model: String,
    status: String,
    ttft_ms: Option<u64>,
    total_ms: Option<u64>,
    tokens_per_second: Option<f64>,
    /// How the speed was measured (`generation`, `visible`, `too_short`, `unknown`); empty in
    /// files written before it existed.
    #[serde(default)]
    speed_basis: String,
    input_tokens: Option<u32>,
    output_tokens: Option<u32>,
    reasoning_tokens: Option<u32>,
    cost_usd: Option<f64>,
    cost_source: String,
    error_code: Option<String>,
    error_message: Option<String>,
    comparison_id: String,
    prompt: String,
    text: String,
}

impl Row {
    fn new(pi: usize, ti: usize, prompt: &str, comparison_id: &str, s: &SlotRecord) -> Self {
        Row {
            prompt_index: pi,
            target_index: ti,
            model: s.model.clone(),
            status: s.status.as_str().to_owned(),
            ttft_ms: s.ttft_ms,
            total_ms: s.total_ms,
            tokens_per_second: s
                .speed
                .tokens_per_second
                .map(|v| (v * 100.0).round() / 100.0),
            speed_basis: s.speed.basis.as_str().to_owned(),
            input_tokens: s.usage.input_tokens,
            output_tokens: s.usage.output_tokens,
            reasoning_tokens: s.usage.reasoning_tokens,
            cost_usd: s.cost.usd,
            cost_source: s.cost.source.as_str().to_owned(),
            error_code: s.error.as_ref().map(|e| e.code.as_str().to_owned()),
            error_message: s.error.as_ref().map(|e| e.message.clone()),
            comparison_id: comparison_id.to_owned(),
            prompt: prompt.to_owned(),
            text: s.text.clone(),
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Csv,
    Jsonl,
}

fn format_of(path: &Path) -> Result<Format, String> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("csv") => Ok(Format::Csv),
        Some("jsonl") => Ok(Format::Jsonl),
        _ => Err(format!(
            "{} must end in .csv or .jsonl, so the format is clear",
            path.display()
        )),
    }
}

fn read_prompts(path: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("could not read {}: {e}", path.display()))?;
    let jsonl = path.extension().and_then(|e| e.to_str()) == Some("jsonl");
    let mut prompts = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if jsonl {
            #[derive(Deserialize)]
            struct P {
                prompt: String,
            }
            let p: P = serde_json::from_str(line).map_err(|e| {
                format!(
                    "{} line {}: not a JSON object with a \"prompt\": {e}",
                    path.display(),
                    n + 1
                )
            })?;
            prompts.push(p.prompt);
        } else {
            prompts.push(line.trim_end().to_owned());
        }
    }
    if prompts.is_empty() {
        return Err(format!("{} has no prompts", path.display()));
    }
    Ok(prompts)
}

/// The rows already in the results file.
fn read_rows(path: &Path, format: Format) -> Result<Vec<Row>, String> {
    let bad = |e: String| {
        format!(
            "{} is not a results file this command wrote ({e}); choose another --out",
            path.display()
        )
    };
    match format {
        Format::Csv => {
            let mut r = csv::Reader::from_path(path).map_err(|e| bad(e.to_string()))?;
            r.deserialize()
                .collect::<Result<Vec<Row>, _>>()
                .map_err(|e| bad(e.to_string()))
        }
        Format::Jsonl => std::fs::read_to_string(path)
            .map_err(|e| bad(e.to_string()))?
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).map_err(|e| bad(e.to_string())))
            .collect(),
    }
}

pub async fn run(a: BatchArgs) -> ExitCode {
    let format = match format_of(&a.out) {
        Ok(f) => f,
        Err(e) => return fail(2, e),
    };
    let prompts = match read_prompts(&a.prompts) {
        Ok(p) => p,
        Err(e) => return fail(2, e),
    };
    let store = match open_store() {
        Ok(s) => s,
        Err(e) => return fail(1, e),
    };
    let targets: Vec<Target> = match resolve_targets(&store, &a.models, &a.params) {
        Ok(t) => t,
        Err(e) => return app_fail(e),
    };
    let existing = if a.out.exists() {
        match read_rows(&a.out, format) {
            Ok(rows) => rows,
            Err(e) => return fail(2, e),
        }
    } else {
        Vec::new()
    };
    for r in &existing {
        let same = prompts.get(r.prompt_index) == Some(&r.prompt)
            && targets
                .get(r.target_index)
                .is_some_and(|t| t.model == r.model);
        if !same {
            return fail(
                2,
                format!(
                    "{} holds results for other prompts or models (row for prompt {} / {}); use another --out",
                    a.out.display(),
                    r.prompt_index,
                    r.model
                ),
            );
        }
    }
    let done: HashSet<(usize, usize)> = existing
        .iter()
        // Answered, whatever the answer was: a refusal or a truncation asked again would only
        // spend again. Failed, cancelled and interrupted ones are asked again.
        .filter(|r| matches!(r.status.as_str(), "done" | "refused" | "truncated"))
        .map(|r| (r.prompt_index, r.target_index))
        .collect();
    let to_ask: usize = prompts.len() * targets.len() - done.len();
    if to_ask == 0 {
        eprintln!(
            "Nothing to do: {} already has every answer.",
            a.out.display()
        );
        return ExitCode::SUCCESS;
    }

    // The batch shows a progress bar of finished prompts, never the text as it streams.
    let engine = match engine(store, false) {
        Ok(e) => e,
        Err(e) => return fail(1, e),
    };
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&a.out);
    let mut file = match file {
        Ok(f) => f,
        Err(e) => return fail(1, format!("could not open {}: {e}", a.out.display())),
    };
    let mut need_header = file.metadata().map_or(true, |m| m.len() == 0);

    let bar = ProgressBar::with_draw_target(
        Some(to_ask as u64),
        if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} answers  {elapsed} (eta {eta})  {msg}")
            .expect("a valid template"),
    );
    if !done.is_empty() {
        eprintln!(
            "Resuming: {} answers are already in {}.",
            done.len(),
            a.out.display()
        );
    }
    let cancel = RunControl::new();
    let stopped = crate::signals::cancel_on_signals(cancel.clone());

    let (mut written, mut failed) = (0usize, 0usize);
    for (pi, prompt) in prompts.iter().enumerate() {
        let missing: Vec<usize> = (0..targets.len())
            .filter(|ti| !done.contains(&(pi, *ti)))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let spec = ComparisonSpec {
            prompt: prompt.clone(),
            system: a.system.clone(),
            variants: vec![],
            rows: vec![],
            repeats: 1,
            history: vec![],
            parent: None,
            targets: missing.iter().map(|i| targets[*i].clone()).collect(),
            allow_unknown_cost: Some(a.allow_unknown_cost),
            verbatim: None,
            attachments: Vec::new(),
        };
        let record = match engine.prepare(&spec) {
            Ok(r) => r,
            Err(e) => {
                bar.abandon();
                return fail(1, format!("prompt {}: {e}", pi + 1));
            }
        };
        let progress = bar.clone();
        let sink = Arc::new(move |e: ComparisonEvent| {
            if let ComparisonEvent::SlotFinished { .. } = e {
                progress.inc(1);
            }
        });
        let store = engine.store().clone();
        let endpoint_for = |t: &Target| endpoint_for(&store, t);
        let result = engine
            .execute(record, &spec, &endpoint_for, sink, cancel.clone())
            .await;
        let mut chunk = Vec::new();
        let mut csv_out = (format == Format::Csv).then(|| {
            csv::WriterBuilder::new()
                .has_headers(std::mem::take(&mut need_header))
                .from_writer(Vec::new())
        });
        for (slot, ti) in result.slots.iter().zip(&missing) {
            let row = Row::new(pi, *ti, prompt, &result.id, slot);
            if matches!(
                slot.status,
                SlotStatus::Failed | SlotStatus::Cancelled | SlotStatus::Interrupted
            ) {
                failed += 1;
            }
            written += 1;
            match &mut csv_out {
                Some(w) => w.serialize(&row).expect("writes to memory"),
                None => {
                    chunk.extend(serde_json::to_vec(&row).expect("plain JSON"));
                    chunk.push(b'\n');
                }
            }
        }
        if let Some(w) = csv_out {
            chunk = w.into_inner().expect("flushes to memory");
        }
        // Each prompt's rows are written and flushed at once: an interruption loses at most
        // the prompt in flight, and those answers are in history.
        if let Err(e) = file.write_all(&chunk).and_then(|()| file.flush()) {
            bar.abandon();
            return fail(1, format!("could not write {}: {e}", a.out.display()));
        }
        bar.set_message(format!("{failed} failed"));
        if cancel.is_cancelled() {
            bar.abandon();
            let why = cancel
                .stop_reason()
                .map_or_else(String::new, |r| format!(" ({r})"));
            eprintln!(
                "Stopped{why}. {written} answers written; run the same command again to finish."
            );
            return stopped.exit_code().unwrap_or(ExitCode::from(1));
        }
    }
    bar.finish_and_clear();
    eprintln!(
        "{written} answers written to {} ({failed} failed{}).",
        a.out.display(),
        if done.is_empty() {
            String::new()
        } else {
            format!(", {} were already there", done.len())
        }
    );
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
