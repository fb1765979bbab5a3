//! `parallax history`: list (filtered, paged), search, show, annotate (title, notes, tags, votes),
//! export, import, back up and delete saved comparisons.

use std::io::Write;
use std::process::ExitCode;

use clap::Subcommand;

use crate::filters::{format_ms, now_ms, FilterArgs};
use parallax_app::data;

use crate::{app_fail, fail, open_store, print_json, println_out, store_fail, table};

#[derive(Subcommand)]
pub enum HistoryAction {
    /// The latest comparisons, newest first.
    List {
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long, default_value_t = 20, value_name = "N")]
        limit: u32,
        /// The page after this comparison id (the last one of the previous page).
        #[arg(long, value_name = "ID")]
        before: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Full-text search over prompts and answers; each hit names the comparison and the answer.
    Search {
        /// Words to find (all must match; `word*` matches a prefix).
        query: String,
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long, default_value_t = 20, value_name = "N")]
        limit: u32,
        /// The next page: the cursor the previous page printed.
        #[arg(long, value_name = "CURSOR")]
        after: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// One comparison with every answer and its metrics.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Rename a comparison ("" goes back to the title taken from the prompt).
    Title { id: String, title: String },
    /// Set a comparison's notes ("" clears them).
    Note { id: String, notes: String },
    /// Add or remove tags; with neither, print them.
    Tag {
        id: String,
        #[arg(long = "add", value_name = "TAG")]
        add: Vec<String>,
        #[arg(long = "remove", value_name = "TAG")]
        remove: Vec<String>,
    },
    /// Record which answer was best (columns are 0-based, as `history show` numbers them).
    Vote {
        id: String,
        /// The best answer's column.
        #[arg(
            long,
            value_name = "SLOT",
            required_unless_present = "tie",
            conflicts_with = "tie"
        )]
        winner: Option<u32>,
        /// The answers are equally good.
        #[arg(long)]
        tie: bool,
        /// The columns compared (default: every answer that finished).
        #[arg(long, value_name = "SLOT", value_delimiter = ',')]
        among: Vec<u32>,
        /// The answers were judged without seeing model names.
        #[arg(long)]
        blind: bool,
    },
    /// Ask a model to judge the answers (anonymized as A, B, C…) and save its verdict as a
    /// judge vote, apart from your own votes. The judge's run is saved too, tagged `judge`.
    Judge {
        id: String,
        /// The judge model, as -m takes it (an id, provider:model, an alias).
        #[arg(short = 'm', long = "model", value_name = "MODEL")]
        model: String,
        /// The rubric to start from.
        #[arg(long, value_enum, default_value_t = Template::PickBest)]
        template: Template,
        /// Your own rubric instead of the template's.
        #[arg(long, value_name = "TEXT", conflicts_with = "template")]
        rubric: Option<String>,
        /// The columns judged (default: every answer with text).
        #[arg(long, value_name = "SLOT", value_delimiter = ',')]
        among: Vec<u32>,
        #[arg(long)]
        json: bool,
    },
    /// Write a comparison as Markdown (metrics table, then answers), JSON (everything) or CSV
    /// (one row per answer), to stdout or a file.
    Export {
        id: String,
        #[arg(long, value_enum, default_value = "markdown")]
        format: ExportFormat,
        /// Write here instead of stdout (refused if the file exists, unless --force).
        #[arg(long, value_name = "FILE")]
        out: Option<std::path::PathBuf>,
        /// With --out: replace a file that is already there.
        #[arg(long, requires = "out")]
        force: bool,
        /// On stdout, the answers exactly as the models wrote them, control characters
        /// included (by default they are made visible so a terminal does not obey them).
        #[arg(long)]
        raw: bool,
    },
    /// Add a comparison from a JSON export (checked first; all of it or nothing).
    Import { file: std::path::PathBuf },
    /// Copy the whole history database to FILE (a consistent snapshot; never overwrites).
    Backup { file: std::path::PathBuf },
    /// Delete a comparison and its answers.
    Delete { id: String },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    Markdown,
    Json,
    Csv,
}

pub fn run(action: HistoryAction) -> ExitCode {
    let store = match open_store() {
        Ok(s) => s,
        Err(e) => return fail(1, e),
    };
    let result = match action {
        HistoryAction::List {
            filter,
            limit,
            before,
            json,
        } => store
            .list_comparisons_where(&filter.to_filter(), limit, before.as_deref())
            .map(|list| {
                if json {
                    print_json(&list);
                } else if list.is_empty() {
                    println_out("No comparison matches.");
                } else {
                    println_out(table::history(&list));
                    if list.len() == limit as usize {
                        println_out(format!(
                            "More: --before {}",
                            list.last().expect("not empty").id
                        ));
                    }
                }
            }),
        HistoryAction::Search {
            query,
            filter,
            limit,
            after,
            json,
        } => store
            .search(&query, &filter.to_filter(), limit, after.as_deref())
            .map(|page| {
                if json {
                    print_json(&page);
                    return;
                }
                if page.hits.is_empty() {
                    println_out(format!("No answer matches {query:?}."));
                    return;
                }
                let mut out = crate::terminal::Out::stdout();
                if page.order == parallax_store::SearchOrder::Recent {
                    let _ = writeln!(
                        out,
                        "Newest first: most answers have these words, so none is a better match. Add a rarer word to rank them.\n"
                    );
                }
                for h in &page.hits {
                    let _ = writeln!(
                        out,
                        "{}  {}  [{}] {}\n    {}\n",
                        h.comparison_id,
                        format_ms(h.created_at_ms),
                        h.slot_index,
                        h.model,
                        h.snippet.replace('\n', " ")
                    );
                }
                if let Some(next) = &page.next {
                    let _ = writeln!(out, "More: --after {next}");
                }
            }),
        HistoryAction::Show { id, json } => store.get_comparison(&id).map(|c| {
            if json {
                print_json(&crate::compare::to_json(&c));
                return;
            }
            let mut out = crate::terminal::Out::stdout();
            let _ = writeln!(out, "{}  ({})", c.title, format_ms(c.created_at_ms));
            if !c.tags.is_empty() {
                let _ = writeln!(out, "Tags: {}", c.tags.join(", "));
            }
            if !c.notes.is_empty() {
                let _ = writeln!(out, "Notes: {}", c.notes);
            }
            let _ = writeln!(out, "\n{}\n", c.prompt);
            // The files every answer was asked with (named, never printed).
            if let Some(m) = c.slots.first().and_then(|s| s.messages.last()) {
                if !m.attachments.is_empty() {
                    let files: Vec<String> = m
                        .attachments
                        .iter()
                        .map(|a| format!("{} ({}, {} bytes)", a.name, a.media_type, a.size))
                        .collect();
                    let _ = writeln!(out, "Attached: {}\n", files.join(", "));
                }
            }
            let _ = writeln!(out, "{}", table::render(&c));
            for v in &c.votes {
                let col = |id: &str| {
                    c.slots
                        .iter()
                        .find(|s| s.id == id)
                        .map_or_else(|| "?".to_owned(), |s| format!("[{}] {}", s.index, s.model))
                };
                let among: Vec<String> = v.slot_ids.iter().map(|s| col(s)).collect();
                let _ = match &v.winner_slot_id {
                    Some(w) => writeln!(out, "Vote: {} best among {}", col(w), among.join(", ")),
                    None => writeln!(out, "Vote: a tie among {}", among.join(", ")),
                };
            }
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
        }),
        HistoryAction::Title { id, title } => store
            .set_title(&id, &title)
            .map(|t| println_out(format!("Title: {t}"))),
        HistoryAction::Note { id, notes } => store
            .set_notes(&id, &notes)
            .map(|()| println_out("Notes saved.")),
        HistoryAction::Tag { id, add, remove } => {
            if add.is_empty() && remove.is_empty() {
                store
                    .get_comparison(&id)
                    .map(|c| println_out(c.tags.join("\n")))
            } else {
                return match parallax_app::curation::retag(&store, &id, &add, &remove) {
                    Ok(tags) if tags.is_empty() => {
                        println_out("No tags.");
                        ExitCode::SUCCESS
                    }
                    Ok(tags) => {
                        println_out(format!("Tags: {}", tags.join(", ")));
                        ExitCode::SUCCESS
                    }
                    Err(e) => app_fail(e),
                };
            }
        }
        HistoryAction::Vote {
            id,
            winner,
            tie: _,
            among,
            blind,
        } => {
            let request = parallax_app::curation::VoteRequest {
                winner,
                among,
                blind,
            };
            return match parallax_app::curation::vote(&store, &id, &request, now_ms()) {
                Ok(v) => {
                    println_out(format!(
                        "Vote {} recorded between {} answers.",
                        v.id,
                        v.slot_ids.len()
                    ));
                    ExitCode::SUCCESS
                }
                Err(e) => app_fail(e),
            };
        }
        HistoryAction::Judge {
            id,
            model,
            template,
            rubric,
            among,
            json,
        } => return judge(store, &id, &model, template, rubric, &among, json),
        HistoryAction::Export {
            id,
            format,
            out: file,
            force,
            raw,
        } => {
            if let Some(path) = file.as_ref().filter(|p| p.exists() && !force) {
                return fail(
                    2,
                    format!(
                        "{} already exists; choose another name, or add --force to replace it",
                        path.display()
                    ),
                );
            }
            let format = match format {
                ExportFormat::Markdown => data::ExportFormat::Markdown,
                ExportFormat::Json => data::ExportFormat::Json,
                ExportFormat::Csv => data::ExportFormat::Csv,
            };
            let text = match data::export_text(&store, &id, format) {
                Ok(t) => t,
                Err(e) => return app_fail(e),
            };
            return match file {
                None if raw => {
                    let _ = std::io::stdout().lock().write_all(text.as_bytes());
                    ExitCode::SUCCESS
                }
                None => {
                    let _ = crate::terminal::Out::stdout().write_all(text.as_bytes());
                    ExitCode::SUCCESS
                }
                Some(path) => match write_whole(&path, text.as_bytes()) {
                    Ok(()) => {
                        eprintln!("Wrote {}.", path.display());
                        ExitCode::SUCCESS
                    }
                    Err(e) => fail(1, format!("could not write {}: {e}", path.display())),
                },
            };
        }
        // One export, or JSON Lines of them (the app's "Export everything"): all or nothing.
        HistoryAction::Import { file } => {
            return match data::import_file(&store, &file) {
                Ok(n) => {
                    println_out(format!(
                        "Imported {n} comparison{} from {}.",
                        if n == 1 { "" } else { "s" },
                        file.display()
                    ));
                    ExitCode::SUCCESS
                }
                Err(e) => app_fail(e),
            };
        }
        HistoryAction::Backup { file } => {
            return match data::backup(&store, &file) {
                Ok(()) => {
                    println_out(format!("Backed up to {}.", file.display()));
                    ExitCode::SUCCESS
                }
                Err(e) => app_fail(e),
            };
        }
        HistoryAction::Delete { id } => store
            .delete_comparison(&id)
            .map(|()| println_out(format!("Deleted {id}."))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => store_fail(e),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Template {
    PickBest,
    Criteria,
    Checklist,
}

fn judge(
    store: parallax_store::Store,
    id: &str,
    model: &str,
    template: Template,
    rubric: Option<String>,
    among: &[u32],
    json: bool,
) -> ExitCode {
    use parallax_app::judge::RubricTemplate;
    let rubric = rubric.unwrap_or_else(|| {
        match template {
            Template::PickBest => RubricTemplate::PickBest,
            Template::Criteria => RubricTemplate::Criteria,
            Template::Checklist => RubricTemplate::Checklist,
        }
        .text()
        .to_owned()
    });
    let target = match parallax_app::targets::resolve_targets(&store, &[model.to_owned()], &[]) {
        Ok(mut t) if t.len() == 1 => t.remove(0),
        Ok(_) => return fail(2, "--model names one judge, not a model set"),
        Err(e) => return app_fail(e),
    };
    let engine = match parallax_app::open::open_engine(
        store,
        std::sync::Arc::new(parallax_engine::SystemClock),
        parallax_engine::EngineConfig::default(),
    ) {
        Ok(e) => e,
        Err(e) => return app_fail(e),
    };
    let rt = tokio::runtime::Runtime::new().expect("a Tokio runtime starts");
    let result = rt.block_on(parallax_app::judge::judge(
        &engine,
        id,
        target,
        &rubric,
        among,
        std::sync::Arc::new(|_| {}),
        parallax_engine::RunControl::new(),
    ));
    match result {
        Ok(j) if json => {
            print_json(&j);
            ExitCode::SUCCESS
        }
        Ok(j) => {
            let winner = j
                .winner
                .map_or_else(|| "a tie".to_owned(), |w| format!("column {w}"));
            println_out(format!(
                "The judge chose {winner}: {}\nSaved as vote {} (the judge's run: {}).",
                crate::terminal::visible(&j.reason),
                j.vote.id,
                j.judge_comparison_id
            ));
            ExitCode::SUCCESS
        }
        Err(e) => app_fail(e),
    }
}

/// Writes `bytes` to `path` through a temporary file beside it and a rename: an export
/// interrupted part-way leaves the old file (or none), never half of the new one.
fn write_whole(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut part = path.as_os_str().to_os_string();
    part.push(".part");
    let part = std::path::PathBuf::from(part);
    std::fs::write(&part, bytes)?;
    std::fs::rename(&part, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&part);
    })
}
