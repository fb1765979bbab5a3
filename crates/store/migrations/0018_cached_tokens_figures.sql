-- Analytics sums the tokens read from a provider's prompt cache (`cache_read_tokens`), which the
-- covering index of answer figures did not hold: since then every analytics read walked each
-- answer's row, its text's overflow pages included (~150 ms over 100,000 answers in the app
-- instead of reading the index alone). The index gains the column, so analytics, the
-- leaderboard's costs and the recommendations read only it again.
DROP INDEX slots_figures;
CREATE INDEX slots_figures ON slots (
    comparison_id, idx, cached, status, provider, model, served_model,
    ttft_ms, total_ms, input_tokens, output_tokens, reasoning_tokens, cost_usd,
    cost_source, tokens_per_second, cache_read_tokens
);
