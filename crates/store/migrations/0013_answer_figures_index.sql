-- Analytics, recommendations, the leaderboard's cost column, history pages and history filters
-- read a few figures of many answers. Those columns sit after `text` in a row, so reading them
-- from the table walks each answer's overflow pages — the whole history's text, for analytics —
-- to reach them. This index holds them beside the answer's comparison, so those reads never
-- touch the table: about 100 bytes per answer, against ~3.6 KB per answer in the table. `idx`
-- second keeps the order the (comparison_id, idx) key gave them before, so sums add up in the
-- same order and come out to the same bits.
CREATE INDEX slots_figures ON slots (
    comparison_id, idx, cached, status, provider, model, served_model,
    ttft_ms, total_ms, input_tokens, output_tokens, reasoning_tokens, cost_usd
);

-- The "has a vote" filter and the delete cascades look votes up by answer: without this index
-- each looked-up answer scanned every vote (a filtered common-word search took ~0.6 s).
CREATE INDEX vote_slots_by_slot ON vote_slots (slot_id);
