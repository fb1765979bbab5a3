-- Analytics splits spend into billed and computed-at-list-price and shows each model's tok/s
-- distribution. The answer's speed (`Speed::of`, the one definition) is stored when it is
-- saved, and the covering index of answer figures gains the cost's source and the speed, so
-- analytics still never reads the answers' rows. Answers saved before this version have no
-- stored speed (their distribution starts with this version); their cost sources were stored.
ALTER TABLE slots ADD COLUMN tokens_per_second REAL;
DROP INDEX slots_figures;
CREATE INDEX slots_figures ON slots (
    comparison_id, idx, cached, status, provider, model, served_model,
    ttft_ms, total_ms, input_tokens, output_tokens, reasoning_tokens, cost_usd,
    cost_source, tokens_per_second
);
