//! The tables the CLI prints. Unknown numbers are a dash, never 0.

use comfy_table::{presets::UTF8_FULL_CONDENSED, CellAlignment, Table};
use parallax_llm::{CatalogModel, Price};
use parallax_store::{ComparisonRecord, ComparisonSummary};

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| v.to_string())
}

/// Cost with enough digits to be read; unknown is a dash, never `$0`. From a cent up, 4
/// decimals; below, at least 6 decimals and always 3 significant digits, trailing zeros cut, so
/// a real $0.0000004 never prints as "$0.000000". The UI's `formatUsd` follows the same rule.
pub fn format_cost(usd: Option<f64>) -> String {
    match usd {
        None => "—".to_owned(),
        Some(0.0) => "$0".to_owned(),
        Some(v) if v < 0.01 => {
            let decimals = (2 - v.log10().floor() as i32).clamp(6, 20) as usize;
            let s = format!("{v:.decimals$}");
            format!("${}", s.trim_end_matches('0'))
        }
        Some(v) => format!("${v:.4}"),
    }
}

/// Tokens per second as the engine measured it (`Speed::of`): "visible" when the model
/// reasoned without streaming it, "too short" when there is no honest figure.
pub fn format_speed(speed: &parallax_store::Speed) -> String {
    use parallax_store::SpeedBasis;
    match (speed.basis, speed.tokens_per_second) {
        (SpeedBasis::TooShort, _) => "too short".to_owned(),
        (SpeedBasis::Visible, Some(v)) => format!("{v:.1} visible"),
        (_, Some(v)) => format!("{v:.1}"),
        (_, None) => "—".to_owned(),
    }
}

/// Why an answer that streamed to its end is not a normal answer, in words; `None` for done.
pub fn outcome_note(s: &parallax_store::SlotRecord) -> Option<String> {
    use parallax_store::SlotStatus;
    let why = s.finish_reason.as_deref().unwrap_or("no reason given");
    match s.status {
        SlotStatus::Refused => Some(format!(
            "the model declined or a safety filter stopped it (finish reason: {why})"
        )),
        SlotStatus::Truncated if s.text.is_empty() => Some(format!(
            "no answer: the length limit was reached{} before any answer text (finish reason: {why})",
            if s.usage.reasoning_tokens.unwrap_or(0) > 0 {
                " while the model was still reasoning"
            } else {
                ""
            }
        )),
        SlotStatus::Truncated => Some(format!(
            "cut short at the length limit; raise max_tokens for the rest (finish reason: {why})"
        )),
        _ => None,
    }
}

pub fn render(c: &ComparisonRecord) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header([
        "#",
        "model",
        "status",
        "TTFT ms",
        "total ms",
        "tok/s",
        "in",
        "out",
        "reasoning",
        "cost",
    ]);
    for s in &c.slots {
        let mut model = s.model.clone();
        if let Some(served) = s.served_model.as_ref().filter(|m| **m != s.model) {
            model += &format!(" → {served}");
        }
        let cost = match s.cost.usd {
            None => "—".to_owned(),
            Some(_) => format!("{} {}", format_cost(s.cost.usd), s.cost.source.as_str()),
        };
        t.add_row([
            s.index.to_string(),
            model,
            if s.cached {
                "cached"
            } else {
                s.status.as_str()
            }
            .to_owned(),
            opt(s.ttft_ms),
            opt(s.total_ms),
            format_speed(&s.speed),
            opt(s.usage.input_tokens),
            opt(s.usage.output_tokens),
            opt(s.usage.reasoning_tokens),
            cost,
        ]);
    }
    right_align(&mut t, 3..10);
    t
}

pub fn history(list: &[ComparisonSummary]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header([
        "id",
        "when (UTC)",
        "title",
        "models",
        "failed",
        "cost",
        "tags",
    ]);
    for c in list {
        let cost = format_cost(c.total_cost_usd)
            + if c.cost_incomplete && c.total_cost_usd.is_some() {
                "+"
            } else {
                ""
            };
        t.add_row([
            c.id.clone(),
            crate::filters::format_ms(c.created_at_ms),
            c.title.clone(),
            c.models.join(", "),
            c.failed_slots.to_string(),
            cost,
            c.tags.join(", "),
        ]);
    }
    t
}

/// A per-million price: `$1.25`, `free`, `varies`, or a dash when unknown.
pub fn format_price(p: Price) -> String {
    match p {
        Price::Usd { usd: 0.0 } => "free".to_owned(),
        Price::Usd { usd } => format!("${usd:.2}"),
        Price::Variable => "varies".to_owned(),
        Price::Unknown => "—".to_owned(),
    }
}

pub fn models(list: &[CatalogModel]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header(["model", "name", "context", "input $/M", "output $/M"]);
    for m in list {
        t.add_row([
            m.id.clone(),
            m.name.clone(),
            opt(m.context_length),
            format_price(m.prompt_price),
            format_price(m.completion_price),
        ]);
    }
    for i in 2..5 {
        if let Some(col) = t.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

fn right_align(t: &mut Table, cols: std::ops::Range<usize>) {
    for i in cols {
        if let Some(col) = t.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
}

fn ms(v: Option<u64>) -> String {
    opt(v)
}

pub fn model_stats(rows: &[parallax_store::ModelStats], by_day: bool) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    let mut header = vec![
        "model",
        "requests",
        "errors",
        "in tokens",
        "out tokens",
        "cost",
        "TTFT p50",
        "TTFT p95",
        "total p50",
        "total p95",
    ];
    if by_day {
        header.insert(0, "day");
    }
    t.set_header(header);
    for r in rows {
        let errors = match r.error_rate {
            Some(rate) => format!("{} ({:.0}%)", r.errors, rate * 100.0),
            None => r.errors.to_string(),
        };
        let cost = format_cost(r.cost_usd)
            + if r.unknown_cost > 0 && r.cost_usd.is_some() {
                "+"
            } else {
                ""
            };
        let mut row = vec![
            r.model.clone(),
            r.requests.to_string(),
            errors,
            r.input_tokens.to_string(),
            r.output_tokens.to_string(),
            cost,
            ms(r.ttft_p50_ms),
            ms(r.ttft_p95_ms),
            ms(r.total_p50_ms),
            ms(r.total_p95_ms),
        ];
        if by_day {
            row.insert(0, r.day.clone().unwrap_or_default());
        }
        t.add_row(row);
    }
    let first = if by_day { 2 } else { 1 };
    right_align(&mut t, first..first + 9);
    t
}

pub fn spend(rows: &[parallax_store::DaySpend]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header(["day", "requests", "cost", "unknown cost"]);
    for d in rows {
        t.add_row([
            d.day.clone(),
            d.requests.to_string(),
            format_cost(d.cost_usd),
            d.unknown_cost.to_string(),
        ]);
    }
    right_align(&mut t, 1..4);
    t
}

pub fn leaderboard(rows: &[parallax_store::LeaderboardRow]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header([
        "#", "model", "rating", "win rate", "W-L-T", "votes", "avg cost",
    ]);
    for (i, r) in rows.iter().enumerate() {
        t.add_row([
            (i + 1).to_string(),
            r.model.clone(),
            format!("{:.0}", r.rating),
            format!("{:.0}%", r.win_rate * 100.0),
            format!("{}-{}-{}", r.wins, r.losses, r.ties),
            r.votes.to_string(),
            format_cost(r.avg_cost_usd),
        ]);
    }
    right_align(&mut t, 2..7);
    t
}

pub fn price_changes(rows: &[parallax_store::PriceChange], when: fn(i64) -> String) -> Table {
    let per_m = |v: Option<f64>| {
        v.map_or_else(
            || "—".to_owned(),
            |v| {
                if v == 0.0 {
                    "free".into()
                } else {
                    format!("${v:.2}")
                }
            },
        )
    };
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header([
        "when (UTC)",
        "source",
        "model",
        "change",
        "input $/M",
        "output $/M",
    ]);
    for c in rows {
        let (kind, input, output) = match c.kind {
            parallax_store::PriceChangeKind::Changed => (
                "price",
                format!(
                    "{} → {}",
                    per_m(c.previous_prompt_price_per_m),
                    per_m(c.prompt_price_per_m)
                ),
                format!(
                    "{} → {}",
                    per_m(c.previous_completion_price_per_m),
                    per_m(c.completion_price_per_m)
                ),
            ),
            parallax_store::PriceChangeKind::Added => (
                "new",
                per_m(c.prompt_price_per_m),
                per_m(c.completion_price_per_m),
            ),
            parallax_store::PriceChangeKind::Listed => (
                "listed",
                per_m(c.prompt_price_per_m),
                per_m(c.completion_price_per_m),
            ),
            parallax_store::PriceChangeKind::Removed => ("removed", "—".into(), "—".into()),
        };
        t.add_row([
            when(c.changed_at_ms),
            c.source.clone(),
            c.model_id.clone(),
            kind.into(),
            input,
            output,
        ]);
    }
    right_align(&mut t, 4..6);
    t
}

#[cfg(test)]
mod tests {
    use super::format_cost;

    #[test]
    fn unknown_cost_is_a_dash_not_zero() {
        assert_eq!(format_cost(None), "—");
        assert_eq!(format_cost(Some(0.0)), "$0");
        assert_eq!(format_cost(Some(0.000126)), "$0.000126");
        assert_eq!(format_cost(Some(1.5)), "$1.5000");
    }

    #[test]
    fn tiny_costs_keep_their_significant_digits() {
        assert_eq!(format_cost(Some(0.0000004)), "$0.0000004");
        assert_eq!(format_cost(Some(0.0000903)), "$0.0000903");
        assert_eq!(format_cost(Some(0.000000012345)), "$0.0000000123");
        assert_eq!(format_cost(Some(0.00012)), "$0.00012");
    }

    #[test]
    fn speed_says_when_it_is_the_visible_rate_or_too_short() {
        use parallax_store::{Speed, SpeedBasis};
        let s = |v, basis| {
            super::format_speed(&Speed {
                tokens_per_second: v,
                basis,
            })
        };
        assert_eq!(s(Some(99.66), SpeedBasis::Visible), "99.7 visible");
        assert_eq!(s(Some(60.0), SpeedBasis::Generation), "60.0");
        assert_eq!(s(None, SpeedBasis::TooShort), "too short");
        assert_eq!(s(None, SpeedBasis::Unknown), "—");
    }
}
