//! The cost rule and the direct-id mapping on the real 414-model OpenRouter snapshot. Expected
//! figures are computed by hand from the prices in the file, quoted beside each.

use parallax_llm::catalog::{parse_openrouter_models, shared_snapshot};
use parallax_llm::pricing::{cost, openrouter_candidates, worst_case, Billable, PriceSheet};
use parallax_llm::{CatalogModel, ProviderKind};

fn snapshot(test: &str) -> Option<Vec<CatalogModel>> {
    Some(parse_openrouter_models(&shared_snapshot(test)?).unwrap())
}

fn sheet(models: &[CatalogModel], id: &str) -> PriceSheet {
    let m = models
        .iter()
        .find(|m| m.id == id)
        .unwrap_or_else(|| panic!("{id}"));
    PriceSheet::from_catalog(m)
}

#[track_caller]
fn assert_usd(got: Option<f64>, want: f64) {
    let got = got.expect("a known cost");
    assert!((got - want).abs() < 1e-12, "got {got}, want {want}");
}

#[test]
fn direct_ids_find_their_openrouter_entry() {
    let Some(models) = snapshot("direct_ids_find_their_openrouter_entry") else {
        return;
    };
    use ProviderKind::*;
    let first_listed = |kind, id: &str| {
        openrouter_candidates(kind, id)
            .into_iter()
            .find(|c| models.iter().any(|m| &m.id == c))
    };
    // Expected ids read from the snapshot by hand.
    for (kind, direct, expected) in [
        (OpenAi, "gpt-4o", "openai/gpt-4o"),
        // Its own entry ($5/$15), not gpt-4o's ($2.50/$10).
        (OpenAi, "gpt-4o-2024-05-13", "openai/gpt-4o-2024-05-13"),
        (
            OpenAi,
            "gpt-4o-mini-2024-07-18",
            "openai/gpt-4o-mini-2024-07-18",
        ),
        (OpenAi, "gpt-4.1-2025-04-14", "openai/gpt-4.1"),
        (OpenAi, "gpt-5-mini-2025-08-07", "openai/gpt-5-mini"),
        (OpenAi, "o3-2025-04-16", "openai/o3"),
        (OpenAi, "gpt-4-0613", "openai/gpt-4"),
        (OpenAi, "gpt-3.5-turbo-0125", "openai/gpt-3.5-turbo"),
        (OpenAi, "gpt-3.5-turbo-0613", "openai/gpt-3.5-turbo-0613"),
        (OpenAi, "gpt-4-turbo-2024-04-09", "openai/gpt-4-turbo"),
        (OpenAi, "gpt-4-0125-preview", "openai/gpt-4-turbo-preview"),
        (OpenAi, "gpt-5.2-chat-latest", "openai/gpt-5.2-chat"),
        (
            Anthropic,
            "claude-sonnet-4-5",
            "anthropic/claude-sonnet-4.5",
        ),
        (
            Anthropic,
            "claude-sonnet-4-5-20250929",
            "anthropic/claude-sonnet-4.5",
        ),
        (
            Anthropic,
            "claude-haiku-4-5-20251001",
            "anthropic/claude-haiku-4.5",
        ),
        (
            Anthropic,
            "claude-opus-4-1-20250805",
            "anthropic/claude-opus-4.1",
        ),
        (
            Anthropic,
            "claude-sonnet-4-20250514",
            "anthropic/claude-sonnet-4",
        ),
        (Anthropic, "claude-opus-4-0", "anthropic/claude-opus-4"),
        (
            Anthropic,
            "claude-3-haiku-20240307",
            "anthropic/claude-3-haiku",
        ),
        (Anthropic, "claude-opus-4-8", "anthropic/claude-opus-4.8"),
        (Gemini, "gemini-2.5-flash", "google/gemini-2.5-flash"),
        (Gemini, "models/gemini-2.5-flash", "google/gemini-2.5-flash"),
        (Gemini, "gemini-2.5-flash-latest", "google/gemini-2.5-flash"),
        (
            Gemini,
            "gemini-2.5-flash-lite",
            "google/gemini-2.5-flash-lite",
        ),
        (
            Gemini,
            "gemini-2.5-pro-preview-06-05",
            "google/gemini-2.5-pro-preview",
        ),
        (
            Gemini,
            "gemini-2.5-pro-preview-03-25",
            "google/gemini-2.5-pro-preview-05-06",
        ),
        (Gemini, "gemini-flash-latest", "~google/gemini-flash-latest"),
        (
            Gemini,
            "gemini-3-flash-preview",
            "google/gemini-3-flash-preview",
        ),
    ] {
        assert_eq!(
            first_listed(kind, direct).as_deref(),
            Some(expected),
            "{kind:?} {direct}"
        );
    }
    // Not listed: no price rather than a neighbour's. gpt-5-codex is only there as `:batch`
    // (half price); claude-3-5-haiku and gemini-2.0-flash are gone from this catalog.
    for (kind, direct) in [
        (OpenAi, "gpt-5-codex"),
        (Anthropic, "claude-3-5-haiku-20241022"),
        (Gemini, "gemini-2.0-flash-001"),
    ] {
        assert_eq!(first_listed(kind, direct), None, "{kind:?} {direct}");
    }
}

#[test]
fn real_prices_give_hand_computed_costs() {
    let Some(models) = snapshot("real_prices_give_hand_computed_costs") else {
        return;
    };

    // anthropic/claude-sonnet-4.5: prompt 0.000003, completion 0.000015, input_cache_read
    // 0.0000003, input_cache_write 0.00000375, input_cache_write_1h 0.000006, web_search 0.01.
    let sonnet = sheet(&models, "anthropic/claude-sonnet-4.5");
    // 10,000 in = 1,000 fresh + 2,000 read + 3,000 written (5 min) + 4,000 written (1 h), 500 out,
    // one search: 1,000 × 3 + 2,000 × 0.3 + 3,000 × 3.75 + 4,000 × 6 + 500 × 15 = 46,350
    // → $0.04635 + $0.01 = $0.05635.
    let u = Billable {
        cache_read_tokens: 2_000,
        cache_write_tokens: 3_000,
        cache_write_1h_tokens: 4_000,
        web_searches: 1,
        ..Billable::tokens(10_000, 500)
    };
    assert_usd(cost(&sonnet, &u, None), 0.056_35);
    // Tier from 200,000 prompt tokens (0.000006 / 0.0000225): 200,000 × 6 + 1,000 × 22.5
    // = 1,222,500 → $1.2225.
    assert_usd(
        cost(&sonnet, &Billable::tokens(200_000, 1_000), None),
        1.222_5,
    );

    // deepseek/deepseek-v4-pro: base 0.00000066; 01:00–04:00 and 06:00–10:00 UTC at
    // 0.00000132; 10:00–01:00 (wrapping) and 04:00–06:00 at 0.00000066. 1M in, nothing out.
    let deepseek = sheet(&models, "deepseek/deepseek-v4-pro");
    let million_in = Billable::tokens(1_000_000, 0);
    for (h, m, want) in [
        (2, 0, 1.32),
        (8, 0, 1.32),
        (9, 59, 1.32),
        (10, 0, 0.66),
        (23, 30, 0.66),
        (0, 30, 0.66),
        (5, 0, 0.66),
    ] {
        assert_usd(cost(&deepseek, &million_in, Some(h * 60 + m)), want);
    }
    assert_usd(cost(&deepseek, &million_in, None), 0.66);

    // perplexity/sonar-deep-research: prompt 0.000002, completion 0.000008, internal_reasoning
    // 0.000003, web_search 0.005. 1,000 in, 5,000 out of which 4,000 reasoning, 1 search:
    // 1,000 × 2 + 4,000 × 3 + 1,000 × 8 = 22,000 → $0.022 + $0.005 = $0.027.
    let sonar = sheet(&models, "perplexity/sonar-deep-research");
    let u = Billable {
        reasoning_tokens: 4_000,
        web_searches: 1,
        ..Billable::tokens(1_000, 5_000)
    };
    assert_usd(cost(&sonar, &u, None), 0.027);

    // google/gemini-2.5-pro: internal_reasoning equals completion (0.00001), so reasoning
    // follows the 200k tier's completion price (0.000015). 200,000 in, 3,000 out (2,000
    // reasoning): 200,000 × 2.5 + 3,000 × 15 = 545,000 → $0.545.
    let gemini = sheet(&models, "google/gemini-2.5-pro");
    let u = Billable {
        reasoning_tokens: 2_000,
        ..Billable::tokens(200_000, 3_000)
    };
    assert_usd(cost(&gemini, &u, None), 0.545);

    // Free and router models.
    let free = sheet(&models, "google/gemma-4-31b-it:free");
    assert_eq!(
        cost(&free, &Billable::tokens(5_000, 5_000), None),
        Some(0.0)
    );
    let auto = sheet(&models, "openrouter/auto");
    assert_eq!(cost(&auto, &Billable::tokens(5_000, 5_000), None), None);

    // anthropic/claude-opus-4.1 (0.000015 / 0.000075), 1,000 in, up to 32,000 out:
    // 1,000 × 15 + 32,000 × 75 = 15,000 + 2,400,000 = 2,415,000 → $2.415.
    let opus = sheet(&models, "anthropic/claude-opus-4.1");
    assert_usd(worst_case(&opus, 1_000, 32_000, None), 2.415);
}
