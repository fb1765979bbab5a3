//! `parallax models calc | endpoints | show`: what the Prices view shows that a catalog listing
//! does not — a workload's cost on every model, a model's providers on OpenRouter, and one
//! model whole (every field, its providers, its price history).

use std::process::ExitCode;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, Table};
use parallax_app::prices::{calculate_saved, Workload};
use parallax_store::Store;

use crate::filters::format_ms;
use crate::table::{format_cost, format_price};
use crate::terminal::visible;
use crate::{app_fail, fail, print_json, println_out};

/// `models calc`: the workload's cost on every model of a provider's saved catalog, cheapest
/// first, unknown last.
pub fn calc(store: &Store, provider: &str, w: Workload, top: usize, json: bool) -> ExitCode {
    let at = match parallax_app::providers::parse_endpoint(store, provider) {
        Ok(at) => at,
        Err(e) => return app_fail(e),
    };
    let mut costs = match calculate_saved(store, &at, &w) {
        Ok(c) => c,
        Err(e) => return app_fail(e),
    };
    costs.sort_by(|a, b| match (a.usd, b.usd) {
        (Some(x), Some(y)) => x.total_cmp(&y).then_with(|| a.model.cmp(&b.model)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.model.cmp(&b.model),
    });
    if json {
        print_json(&costs);
        return ExitCode::SUCCESS;
    }
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header(["model", "cost"]);
    for c in costs.iter().take(top) {
        t.add_row([visible(&c.model).into_owned(), format_cost(c.usd)]);
    }
    if let Some(col) = t.column_mut(1) {
        col.set_cell_alignment(CellAlignment::Right);
    }
    println_out(t);
    println_out(format!(
        "{} in, {} out, {:.0} % of the input from the cache, × {} request(s); {} of {} models shown (cheapest first; — = a price is unknown).",
        w.input_tokens,
        w.output_tokens,
        w.cache_hit * 100.0,
        w.requests.max(1),
        top.min(costs.len()),
        costs.len()
    ));
    ExitCode::SUCCESS
}

/// `models endpoints ID`: the providers serving a model on OpenRouter.
pub async fn endpoints(store: Store, model: &str, refresh: bool, json: bool) -> ExitCode {
    let engine = match parallax_app::open::open_engine(
        store,
        std::sync::Arc::new(parallax_engine::SystemClock),
        parallax_engine::EngineConfig::default(),
    ) {
        Ok(e) => e,
        Err(e) => return app_fail(e),
    };
    let v = match parallax_app::catalogs::model_endpoints(&engine, model, refresh).await {
        Ok(v) => v,
        Err(e) => return fail(1, e),
    };
    if json {
        print_json(&v);
        return ExitCode::SUCCESS;
    }
    if let Some(why) = &v.unreachable {
        eprintln!(
            "OpenRouter could not be reached ({}): the list saved {} UTC.",
            visible(&why.message),
            format_ms(v.fetched_at_ms)
        );
    }
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header([
        "provider",
        "tag",
        "quant",
        "context",
        "max out",
        "input $/M",
        "output $/M",
        "uptime 30m",
        "latency p50",
        "tok/s p50",
    ]);
    let opt = |v: Option<u32>| v.map_or("—".to_owned(), |n| n.to_string());
    for e in &v.endpoints {
        t.add_row([
            visible(&e.provider_name).into_owned(),
            visible(&e.tag).into_owned(),
            e.quantization
                .as_deref()
                .map_or("—".into(), |q| visible(q).into_owned()),
            opt(e.context_length),
            opt(e.max_output_tokens),
            format_price(e.prompt_price),
            format_price(e.completion_price),
            e.uptime_30m.map_or("—".into(), |u| format!("{u:.1} %")),
            e.latency_30m
                .and_then(|l| l.p50)
                .map_or("—".into(), |s| format!("{:.0} ms", s * 1000.0)),
            e.throughput_30m
                .and_then(|l| l.p50)
                .map_or("—".into(), |t| format!("{t:.1}")),
        ]);
    }
    for i in 3..10 {
        if let Some(col) = t.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    println_out(t);
    println_out(format!(
        "{} provider(s) serve {} (listed {} UTC).",
        v.endpoints.len(),
        visible(&v.model),
        format_ms(v.fetched_at_ms)
    ));
    ExitCode::SUCCESS
}

/// `models show ID`: one model of a provider's saved catalog, every field, and its price
/// history.
pub fn show(store: &Store, provider: &str, model: &str, json: bool) -> ExitCode {
    let at = match parallax_app::providers::parse_endpoint(store, provider) {
        Ok(at) => at,
        Err(e) => return app_fail(e),
    };
    let models = match store.saved_catalog(&at.catalog_key()) {
        Ok(Some((_, m))) => m,
        Ok(None) => parallax_app::catalogs::bundled_catalog(&at)
            .map(|(_, m)| m)
            .unwrap_or_default(),
        Err(e) => return fail(1, e),
    };
    let Some(m) = models.into_iter().find(|m| m.id == model) else {
        return fail(
            2,
            format!(
                "{model:?} is not in the saved {} catalog (see parallax models -p {})",
                at.display(),
                at.display()
            ),
        );
    };
    let history = match store.price_changes(0, Some(model)) {
        Ok(h) => h,
        Err(e) => return fail(1, e),
    };
    if json {
        print_json(&serde_json::json!({"model": m, "price_history": history}));
        return ExitCode::SUCCESS;
    }
    let mut out = String::new();
    let mut line = |k: &str, v: String| out.push_str(&format!("{k:<18} {}\n", visible(&v)));
    line("model", m.id.clone());
    line("name", m.name.clone());
    line(
        "context",
        m.context_length.map_or("—".into(), |c| c.to_string()),
    );
    line(
        "max output",
        m.max_output_tokens.map_or("—".into(), |c| c.to_string()),
    );
    line("input $/M", format_price(m.prompt_price));
    line("output $/M", format_price(m.completion_price));
    line("cache read $/M", format_price(m.cache_read_price));
    line("cache write $/M", format_price(m.cache_write_price));
    line("reasoning $/M", format_price(m.reasoning_price));
    line("input", m.input_modalities.join(", "));
    line("output", m.output_modalities.join(", "));
    line("parameters", m.supported_parameters.join(", "));
    if let Some(d) = &m.details {
        if let Some(v) = &d.knowledge_cutoff {
            line("knowledge cutoff", v.clone());
        }
        if let Some(v) = &d.expiration_date {
            line("expires", v.clone());
        }
        if let Some(r) = &d.reasoning {
            line("reasoning efforts", r.supported_efforts.join(", "));
        }
        if let Some(b) = &d.benchmarks {
            if let Some(i) = b.intelligence_index {
                line("intelligence idx", format!("{i}"));
            }
        }
        for (k, v) in &d.other_prices {
            line(&format!("price {k}"), format!("{v} USD per unit"));
        }
    }
    println_out(out.trim_end());
    if history.is_empty() {
        println_out("No price change recorded yet.");
    } else {
        println_out(crate::table::price_changes(&history, format_ms));
    }
    ExitCode::SUCCESS
}
