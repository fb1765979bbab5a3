//! The final table `parallax compare` prints.

use comfy_table::{presets::UTF8_FULL_CONDENSED, CellAlignment, Table};
use parallax_llm::{CatalogModel, Price};
use parallax_store::{ComparisonRecord, ComparisonSummary};

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| v.to_string())
}

/// Cost with enough digits for sub-cent answers; unknown is a dash, never `$0`.
pub fn format_cost(usd: Option<f64>) -> String {
    match usd {
        None => "—".to_owned(),
        Some(0.0) => "$0".to_owned(),
        Some(v) if v < 0.01 => format!("${v:.6}"),
        Some(v) => format!("${v:.4}"),
    }
}

pub fn render(c: &ComparisonRecord) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header([
        "model",
        "status",
        "TTFT ms",
        "total ms",
        "tok/s",
        "out tokens",
        "cost",
    ]);
    for s in &c.slots {
        t.add_row([
            s.model.clone(),
            s.status.as_str().to_owned(),
            opt(s.ttft_ms),
            opt(s.total_ms),
            opt(s.tokens_per_second().map(|v| format!("{v:.1}"))),
            opt(s.usage.output_tokens),
            format_cost(s.cost.usd),
        ]);
    }
    for i in 2..7 {
        if let Some(col) = t.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

pub fn history(list: &[ComparisonSummary]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header(["id", "title", "models", "failed", "cost"]);
    for c in list {
        let cost = format_cost(c.total_cost_usd)
            + if c.cost_incomplete && c.total_cost_usd.is_some() {
                "+"
            } else {
                ""
            };
        t.add_row([
            c.id.clone(),
            c.title.clone(),
            c.models.join(", "),
            c.failed_slots.to_string(),
            cost,
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
}
