//! A comparison as a file: Markdown to read or paste (a metrics table, then the answers), JSON
//! that keeps everything (for re-import), CSV with one row per answer (for spreadsheets).
//! Exports hold no keys: the records never had any.

use serde::Serialize;

use crate::{ComparisonRecord, SlotRecord};

/// The version of the JSON export's shape; an importer refuses what it does not know.
pub const EXPORT_FORMAT: u32 = 1;

fn ms(v: Option<u64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{v} ms"))
}

fn count(v: Option<u32>) -> String {
    v.map_or_else(|| "—".into(), |v| v.to_string())
}

fn cost(s: &SlotRecord) -> String {
    match s.cost.usd {
        None => "—".into(),
        Some(v) => format!("${v:.6} ({})", s.cost.source.as_str()),
    }
}

/// Markdown: title, prompt, a side-by-side metrics table, then every answer.
pub fn to_markdown(c: &ComparisonRecord) -> String {
    let mut out = format!("# {}\n\n", c.title);
    if let Some(system) = &c.system {
        out += &format!("**System:** {system}\n\n");
    }
    out += &format!("**Prompt:**\n\n{}\n\n", c.prompt.trim_end());
    // The files sent with the prompt (every answer was asked with the same ones).
    let files = c
        .slots
        .first()
        .and_then(|s| s.messages.last())
        .map_or(&[][..], |m| &m.attachments[..]);
    if !files.is_empty() {
        let list: Vec<String> = files
            .iter()
            .map(|a| format!("{} ({}, {} bytes)", a.name, a.media_type, a.size))
            .collect();
        out += &format!("**Attached:** {}\n\n", list.join(", "));
    }
    out += "| # | model | status | TTFT | total | tok/s | in | out | cost |\n|---|---|---|---|---|---|---|---|---|\n";
    for s in &c.slots {
        out += &format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            s.index,
            s.model.replace('|', "\\|"),
            if s.cached {
                "cached"
            } else {
                s.status.as_str()
            },
            ms(s.ttft_ms),
            ms(s.total_ms),
            s.tokens_per_second()
                .map_or_else(|| "—".into(), |v| format!("{v:.1}")),
            count(s.usage.input_tokens),
            count(s.usage.output_tokens),
            cost(s),
        );
    }
    for s in &c.slots {
        out += &format!("\n## [{}] {} ({})\n\n", s.index, s.model, s.provider);
        if let Some(p) = &s.prompt {
            out += &format!("*Prompt:* {p}\n\n");
        }
        out += s.text.trim_end();
        out += "\n";
        if let Some(e) = &s.error {
            out += &format!("\n> **{}:** {}\n", e.code.as_str(), e.message);
        }
    }
    out
}

#[derive(Serialize)]
struct Envelope<'a> {
    parallax_export: u32,
    comparison: &'a ComparisonRecord,
}

/// JSON with every field, wrapped with the format version.
pub fn to_json(c: &ComparisonRecord) -> String {
    serde_json::to_string_pretty(&Envelope {
        parallax_export: EXPORT_FORMAT,
        comparison: c,
    })
    .expect("plain JSON")
}

/// A CSV cell a spreadsheet will not run: text that starts like a formula (`=`, `+`, `-`, `@`, a
/// tab or a carriage return) gets a leading `'`, which spreadsheets show as text (OWASP's advice
/// on CSV injection). Model output, titles and model names are untrusted; a plain number
/// (`-0.5`) is left as it is. JSON and Markdown exports keep every text as it was.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.trim().parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// CSV, one row per answer, with a header row; every cell `spreadsheet_safe`.
pub fn to_csv(c: &ComparisonRecord) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "comparison_id",
        "created_at_ms",
        "title",
        "slot",
        "provider",
        "model",
        "served_model",
        "status",
        "ttft_ms",
        "total_ms",
        "tokens_per_second",
        "speed_basis",
        "input_tokens",
        "output_tokens",
        "reasoning_tokens",
        "cost_usd",
        "cost_source",
        "error_code",
        "error_message",
        "text",
    ];
    w.write_record(header).expect("writes to memory");
    let opt = |v: Option<String>| v.unwrap_or_default();
    for s in &c.slots {
        let speed = crate::Speed::of(s);
        w.write_record(
            [
                c.id.clone(),
                c.created_at_ms.to_string(),
                c.title.clone(),
                s.index.to_string(),
                s.provider.clone(),
                s.model.clone(),
                opt(s.served_model.clone()),
                s.status.as_str().to_owned(),
                opt(s.ttft_ms.map(|v| v.to_string())),
                opt(s.total_ms.map(|v| v.to_string())),
                opt(speed.tokens_per_second.map(|v| format!("{v:.2}"))),
                speed.basis.as_str().to_owned(),
                opt(s.usage.input_tokens.map(|v| v.to_string())),
                opt(s.usage.output_tokens.map(|v| v.to_string())),
                opt(s.usage.reasoning_tokens.map(|v| v.to_string())),
                opt(s.cost.usd.map(|v| v.to_string())),
                s.cost.source.as_str().to_owned(),
                opt(s.error.as_ref().map(|e| e.code.as_str().to_owned())),
                opt(s.error.as_ref().map(|e| e.message.clone())),
                s.text.clone(),
            ]
            .iter()
            .map(|cell| spreadsheet_safe(cell).into_owned()),
        )
        .expect("writes to memory");
    }
    String::from_utf8(w.into_inner().expect("flushes to memory"))
        .expect("CSV of UTF-8 strings is UTF-8")
}

#[derive(serde::Deserialize)]
struct Incoming {
    parallax_export: u32,
    comparison: ComparisonRecord,
}

/// Why an import file was refused. Nothing is written when any of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("this is not a Parallax export (JSON with a `parallax_export` version and a `comparison`): {0}")]
    NotAnExport(String),
    #[error("this export was written by a newer Parallax (format {0}; this version reads up to {EXPORT_FORMAT})")]
    TooNew(u32),
    #[error("the export is inconsistent: {0}")]
    Invalid(String),
    #[error("comparison {0} is already in this history")]
    AlreadyThere(String),
    #[error(transparent)]
    Store(#[from] crate::StoreError),
}

/// Ids Parallax writes are ULIDs (26 characters); an import accepts any short id of letters,
/// digits, `-` and `_`, and nothing that could be mistaken for a path, a query or markup.
fn check_id(what: &str, id: &str) -> Result<(), ImportError> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        let shown: String = id
            .chars()
            .take(40)
            .collect::<String>()
            .escape_debug()
            .to_string();
        Err(ImportError::Invalid(format!(
            "{what} ({:?}) is not an id: 1 to 64 letters, digits, '-' or '_'",
            shown
        )))
    }
}

/// Reads and checks an export produced by [`to_json`].
pub fn parse_json(text: &str) -> Result<ComparisonRecord, ImportError> {
    let probe: serde_json::Value =
        serde_json::from_str(text).map_err(|e| ImportError::NotAnExport(e.to_string()))?;
    if let Some(v) = probe
        .get("parallax_export")
        .and_then(serde_json::Value::as_u64)
    {
        if v > EXPORT_FORMAT as u64 {
            return Err(ImportError::TooNew(v as u32));
        }
    }
    let incoming: Incoming =
        serde_json::from_value(probe).map_err(|e| ImportError::NotAnExport(e.to_string()))?;
    let _ = incoming.parallax_export;
    let c = incoming.comparison;
    check_id("the comparison's id", &c.id)?;
    if let Some(parent) = &c.parent_id {
        check_id("the id of the comparison it follows", parent)?;
    }
    let mut seen = std::collections::HashSet::new();
    for (i, s) in c.slots.iter().enumerate() {
        if s.index as usize != i {
            return Err(ImportError::Invalid(format!(
                "slot {i} says it is slot {}",
                s.index
            )));
        }
        check_id(&format!("slot {i}'s id"), &s.id)?;
        if !seen.insert(s.id.as_str()) {
            return Err(ImportError::Invalid(format!(
                "slot {i} has the id of an earlier slot ({})",
                s.id
            )));
        }
    }
    Ok(c)
}
