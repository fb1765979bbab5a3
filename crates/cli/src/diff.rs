//! `parallax diff ID`: how one answer of a saved comparison differs from another, word by word
//! (the app's diff view, in a terminal), or with `--consensus` what only one answer says.
//! Answers are model output: every span goes through [`crate::terminal::visible`].

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Args;
use parallax_app::diff::{consensus, word_diff, Change};

use crate::terminal::visible;
use crate::{app_fail, fail, open_store, print_json, store_fail};

#[derive(Args)]
pub struct DiffArgs {
    /// The comparison (its id, as `parallax history list` shows it).
    id: String,
    /// The baseline column (0 is the first).
    #[arg(long, default_value_t = 0)]
    base: u32,
    /// The column compared with the baseline (default: the one after it).
    #[arg(long)]
    column: Option<u32>,
    /// Every column at once: what only one answer says is marked, what all share is not.
    #[arg(long, conflicts_with_all = ["base", "column"])]
    consensus: bool,
    /// Color even when stdout is not a terminal (`never` prints [-removed-]{+added+} markers).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

const RED: &str = "\u{1b}[31m";
const GREEN: &str = "\u{1b}[32m";
const BOLD: &str = "\u{1b}[1m";
const DIM: &str = "\u{1b}[2m";
const RESET: &str = "\u{1b}[0m";

pub fn run(a: DiffArgs) -> ExitCode {
    let store = match open_store() {
        Ok(s) => s,
        Err(e) => return app_fail(e),
    };
    let c = match store.get_comparison(&a.id) {
        Ok(c) => c,
        Err(e) => return store_fail(e),
    };
    let color = match a.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal(),
    };
    let label = |i: usize| {
        let s = &c.slots[i];
        format!("[{i}] {}", visible(&s.model))
    };
    let mut out = std::io::stdout().lock();
    if a.consensus {
        let texts: Vec<&str> = c.slots.iter().map(|s| s.text.as_str()).collect();
        let all = consensus(&texts);
        if a.json {
            print_json(&all);
            return ExitCode::SUCCESS;
        }
        let others = texts.len().saturating_sub(1) as u32;
        for (i, spans) in all.iter().enumerate() {
            let _ = writeln!(out, "{}", label(i));
            for s in spans {
                let text = visible(&s.text);
                let _ = match (s.shared_with, color) {
                    (0, true) => write!(out, "{BOLD}{GREEN}{text}{RESET}"),
                    (0, false) => write!(out, "{{+{text}+}}"),
                    (n, true) if n == others => write!(out, "{DIM}{text}{RESET}"),
                    _ => write!(out, "{text}"),
                };
            }
            let _ = writeln!(out, "\n");
        }
        return ExitCode::SUCCESS;
    }
    let column = a.column.unwrap_or(a.base + 1);
    let n = c.slots.len() as u32;
    for (flag, i) in [("--base", a.base), ("--column", column)] {
        if i >= n {
            return fail(
                2,
                format!("{flag} {i}: the comparison has columns 0 to {}", n - 1),
            );
        }
    }
    let (b, o) = (&c.slots[a.base as usize], &c.slots[column as usize]);
    let spans = word_diff(&b.text, &o.text);
    if a.json {
        print_json(&spans);
        return ExitCode::SUCCESS;
    }
    let _ = writeln!(
        out,
        "{} against {}",
        label(column as usize),
        label(a.base as usize)
    );
    for s in &spans {
        let text = visible(&s.text);
        let _ = match (s.change, color) {
            (Change::Same, _) => write!(out, "{text}"),
            (Change::Removed, true) => write!(out, "{RED}{text}{RESET}"),
            (Change::Added, true) => write!(out, "{GREEN}{text}{RESET}"),
            (Change::Removed, false) => write!(out, "[-{text}-]"),
            (Change::Added, false) => write!(out, "{{+{text}+}}"),
        };
    }
    let _ = writeln!(out);
    ExitCode::SUCCESS
}
