//! `parallax compare`: one prompt to many models, a live table while they stream (on a
//! terminal), the metrics table or one JSON document at the end.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use clap::Args;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use parallax_engine::settings::endpoint_for;
use parallax_engine::{
    ComparisonEvent, ComparisonSpec, Engine, EngineConfig, RunControl, SystemClock, Target,
};
use parallax_store::{ComparisonRecord, SlotStatus, Store};

use crate::{app_fail, fail, open_store, table};

#[derive(Args)]
pub struct CompareArgs {
    /// A model (see "Models" below). Repeat for more; the same model may appear twice.
    #[arg(
        short = 'm',
        long = "model",
        required_unless_present = "follow_up",
        value_name = "MODEL"
    )]
    pub models: Vec<String>,
    /// Continue an earlier comparison (its id): PROMPT follows up each of its answers, with
    /// the same models and settings.
    #[arg(long = "continue", value_name = "COMPARISON_ID", conflicts_with_all = ["models", "variants", "vars", "repeat", "params"])]
    pub follow_up: Option<String>,
    /// With --continue: only the answer in this column (0-based; repeatable), e.g. the winner.
    #[arg(long = "winner", value_name = "SLOT", requires = "follow_up")]
    pub winners: Vec<u32>,
    /// A system prompt sent before PROMPT.
    #[arg(long)]
    pub system: Option<String>,
    /// A file sent with the prompt (repeatable): an image (PNG, JPEG, GIF, WebP) or a PDF for
    /// the models that read them, or a text file, sent inside the prompt to every model.
    #[arg(short = 'a', long = "attach", value_name = "FILE")]
    pub attach: Vec<std::path::PathBuf>,
    /// A parameter for every model: temperature, top_p, max_tokens, seed, stop (repeatable),
    /// reasoning (off|minimal|low|medium|high|TOKENS), sort (price|throughput|latency: OpenRouter
    /// routing), fallback (a model tried if this one fails; repeatable), system (a model's own
    /// system prompt in place of --system; most useful in a model set's per-model parameters).
    #[arg(long = "param", value_name = "KEY=VALUE", value_parser = parse_var)]
    pub params: Vec<(String, String)>,
    /// Ask each model N times (to see how answers vary).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100), value_name = "N")]
    pub repeat: u32,
    /// A value for a `{{name}}` placeholder in the prompt: --var name=value (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    pub vars: Vec<(String, String)>,
    /// Another version of the prompt to send to the same models (A/B testing; repeatable).
    #[arg(long = "variant", value_name = "TEXT")]
    pub variants: Vec<String>,
    /// Print one JSON document on stdout instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Send even though a spending cap cannot be checked because some model has no known
    /// price (without it, such a run is refused and the models are named).
    #[arg(long)]
    pub allow_unknown_cost: bool,
    /// The prompt; `-` reads it from standard input.
    #[arg(value_name = "PROMPT")]
    pub prompt: String,
}

pub fn parse_var(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_owned(), v.to_owned())),
        _ => Err(format!("{s:?} is not NAME=VALUE")),
    }
}

/// Reads `-` as standard input.
pub fn read_prompt(prompt: String) -> Result<String, String> {
    if prompt != "-" {
        return Ok(prompt);
    }
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| format!("could not read the prompt from standard input: {e}"))?;
    Ok(s)
}

/// Turns what people pass to `-m` into targets (`parallax_app::targets`).
pub fn resolve_targets(
    store: &Store,
    models: &[String],
    params: &[(String, String)],
) -> Result<Vec<Target>, parallax_app::AppError> {
    parallax_app::targets::resolve_targets(store, models, params)
}

/// The engine, opened the one way both front ends open it (`parallax_app::open`): after crash
/// recovery, with the shared settings. `live_text`: whether anything shows answers as they
/// stream (the live table); without it the engine sends no text events.
pub fn engine(store: Store, live_text: bool) -> Result<Engine, parallax_app::AppError> {
    let config = EngineConfig {
        live_text,
        ..EngineConfig::default()
    };
    parallax_app::open::open_engine(store, Arc::new(SystemClock), config)
}

pub async fn run(a: CompareArgs) -> ExitCode {
    let prompt = match read_prompt(a.prompt) {
        Ok(p) => p,
        Err(e) => return fail(2, e),
    };
    if prompt.trim().is_empty() {
        return fail(2, "the prompt is empty");
    }
    let mut files = Vec::with_capacity(a.attach.len());
    for path in &a.attach {
        match parallax_app::attachments::read(path) {
            Ok(f) => files.push(f),
            Err(e) => return app_fail(e),
        }
    }
    let store = match open_store() {
        Ok(s) => s,
        Err(e) => return fail(1, e),
    };
    let targets = match a.follow_up {
        Some(_) => Vec::new(),
        None => match resolve_targets(&store, &a.models, &a.params) {
            Ok(t) => t,
            Err(e) => return app_fail(e),
        },
    };
    // The live table goes to stderr, and only on a terminal, so stdout stays clean for pipes
    // and --json; without it nobody reads the text as it streams.
    let show_live = !a.json && std::io::stderr().is_terminal();
    let engine = match engine(store, show_live) {
        Ok(e) => e,
        Err(e) => return fail(1, e),
    };
    let spec = match &a.follow_up {
        Some(parent) => match engine.follow_up(parent, &prompt, &a.winners) {
            Ok(spec) => spec,
            Err(e) => return app_fail(e.into()),
        },
        None => ComparisonSpec {
            variants: a.variants,
            rows: if a.vars.is_empty() {
                vec![]
            } else {
                vec![a.vars.into_iter().collect()]
            },
            repeats: a.repeat,
            history: vec![],
            parent: None,
            prompt,
            system: a.system,
            targets,
            allow_unknown_cost: None,
            verbatim: None,
            attachments: Vec::new(),
        },
    };
    let spec = ComparisonSpec {
        allow_unknown_cost: Some(a.allow_unknown_cost),
        attachments: files,
        ..spec
    };
    let record = match engine.prepare(&spec) {
        Ok(r) => r,
        Err(e) => {
            let e = parallax_app::AppError::from(e);
            if e.code == parallax_app::AppErrorCode::App(parallax_app::AppCode::BudgetUnknownCost) {
                return fail(2, format!("{e} (--allow-unknown-cost sends anyway)"));
            }
            return app_fail(e);
        }
    };

    let live = show_live.then(|| LiveTable::new(&record));
    let budget_notes = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let sink = {
        let (live, notes) = (live.clone(), budget_notes.clone());
        Arc::new(move |e: ComparisonEvent| {
            if let ComparisonEvent::SpendUnknown { message, .. } = &e {
                notes
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(message.clone());
            }
            if let Some(l) = &live {
                l.on_event(&e);
            }
        })
    };
    let cancel = RunControl::new();
    let stopped = crate::signals::cancel_on_signals(cancel.clone());
    let store = engine.store().clone();
    let endpoint_for = |t: &Target| endpoint_for(&store, t);
    let done = engine
        .execute(record, &spec, &endpoint_for, sink, cancel)
        .await;
    if let Some(l) = live {
        l.clear();
    }
    for note in budget_notes
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .iter()
    {
        eprintln!("{note}");
    }

    let mut out = crate::terminal::Out::stdout();
    if a.json {
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&to_json(&done)).expect("plain JSON")
        );
    } else {
        let _ = writeln!(out, "{}", table::render(&done));
        for s in &done.slots {
            if let Some(e) = &s.error {
                let _ = writeln!(out, "{} [{}]: {}", s.model, e.code.as_str(), e.message);
            } else if let Some(why) = table::outcome_note(s) {
                let _ = writeln!(out, "{} [{}]: {why}", s.model, s.status.as_str());
            }
        }
        let lost = done.slots.iter().filter(|s| s.unsaved.is_some()).count();
        let _ = match lost {
            0 => writeln!(out, "Saved as {}.", done.id),
            n if n == done.slots.len() => {
                writeln!(
                    out,
                    "Not saved: no answer is in the history (why on stderr)."
                )
            }
            n => writeln!(
                out,
                "Saved as {}, but {n} of its answers are not (why on stderr).",
                done.id
            ),
        };
    }
    // An answer that could not be saved was still printed above; say why, and exit with
    // EX_IOERR (74) so a script knows the history is missing it.
    let unsaved: Vec<_> = done.slots.iter().filter(|s| s.unsaved.is_some()).collect();
    for s in &unsaved {
        eprintln!(
            "parallax: [{}] {}: {}",
            s.index,
            crate::terminal::visible(&s.model),
            crate::terminal::visible(s.unsaved.as_deref().unwrap_or(""))
        );
    }
    if let Some(code) = stopped.exit_code() {
        return code;
    }
    if !unsaved.is_empty() {
        return ExitCode::from(74);
    }
    if done.slots.iter().all(|s| s.status == SlotStatus::Done) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// One line per slot while the comparison runs: status, tokens so far, TTFT, elapsed.
#[derive(Clone)]
struct LiveTable {
    multi: MultiProgress,
    bars: Arc<Vec<ProgressBar>>,
    state: Arc<Mutex<Vec<LiveSlot>>>,
}

#[derive(Default)]
struct LiveSlot {
    status: &'static str,
    chars: usize,
    ttft_ms: Option<u64>,
    note: String,
}

impl LiveTable {
    fn new(record: &ComparisonRecord) -> Self {
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{spinner} {prefix:32!} {msg} {elapsed:>5}")
            .expect("a valid template");
        let bars = record
            .slots
            .iter()
            .map(|s| {
                let bar = multi.add(ProgressBar::new_spinner().with_style(style.clone()));
                let mut label = s.model.clone();
                if s.variant > 0 {
                    label += &format!(" v{}", s.variant);
                }
                if s.repeat > 0 {
                    label += &format!(" #{}", s.repeat + 1);
                }
                bar.set_prefix(label);
                bar.set_message("pending");
                bar.enable_steady_tick(std::time::Duration::from_millis(100));
                bar
            })
            .collect();
        Self {
            multi,
            bars: Arc::new(bars),
            state: Arc::new(Mutex::new(
                record.slots.iter().map(|_| LiveSlot::default()).collect(),
            )),
        }
    }

    fn on_event(&self, e: &ComparisonEvent) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let (slot, finished) = match e {
            ComparisonEvent::SlotQueued { slot } => {
                state[*slot as usize].status = "queued";
                (*slot, None)
            }
            ComparisonEvent::SlotStarted { slot, .. } => {
                state[*slot as usize].status = "waiting";
                (*slot, None)
            }
            ComparisonEvent::SlotRetrying {
                slot,
                attempt,
                delay_ms,
                ..
            } => {
                state[*slot as usize].note =
                    format!("retry {attempt} in {:.1} s", *delay_ms as f64 / 1000.0);
                (*slot, None)
            }
            ComparisonEvent::SlotFallback { slot, model, .. } => {
                state[*slot as usize].note = format!("fallback {model}");
                (*slot, None)
            }
            ComparisonEvent::FirstToken { slot, ttft_ms } => {
                let s = &mut state[*slot as usize];
                s.ttft_ms = Some(*ttft_ms);
                s.status = "streaming";
                s.note.clear();
                (*slot, None)
            }
            ComparisonEvent::Text { slot, text } | ComparisonEvent::Reasoning { slot, text } => {
                let s = &mut state[*slot as usize];
                s.chars += text.chars().count();
                if s.status != "streaming" {
                    s.status = "thinking";
                }
                (*slot, None)
            }
            ComparisonEvent::SlotFinished { slot, record } => (*slot, Some(record.clone())),
            _ => return,
        };
        let Some(bar) = self.bars.get(slot as usize) else {
            return;
        };
        let s = &state[slot as usize];
        let ttft = s
            .ttft_ms
            .map_or_else(|| "TTFT —".to_owned(), |t| format!("TTFT {t} ms"));
        match finished {
            None => bar.set_message(format!(
                // Tokens are approximate (4 characters ≈ 1 token) until the provider's usage.
                "{:<9} ~{:>5} tok  {ttft:<13} {}",
                s.status,
                s.chars / 4,
                s.note
            )),
            Some(r) => bar.finish_with_message(format!(
                "{:<9} {:>6} tok  {ttft:<13}",
                r.status.as_str(),
                r.usage
                    .output_tokens
                    .map_or_else(|| "—".to_owned(), |n| n.to_string()),
            )),
        }
    }

    fn clear(&self) {
        for b in self.bars.iter() {
            b.finish_and_clear();
        }
        let _ = self.multi.clear();
    }
}

/// `--json`: the comparison record itself, the one shape of a comparison and its slots that
/// the app receives over IPC and an export carries.
pub fn to_json(c: &ComparisonRecord) -> serde_json::Value {
    serde_json::to_value(c).expect("a record is plain JSON")
}
