-- Follow-up turns: a comparison may continue an earlier one (all its answers, or one chosen
-- winner). Each slot keeps the messages it sent, so any answer can be continued later.
ALTER TABLE comparisons ADD COLUMN parent_id TEXT REFERENCES comparisons (id) ON DELETE SET NULL;
ALTER TABLE slots ADD COLUMN messages_json TEXT;
ALTER TABLE slots ADD COLUMN parent_slot_id TEXT;
-- The target as it was asked (provider, endpoint, model, params, fallbacks, routing), as JSON,
-- so an answer can be continued or re-run with the same settings.
ALTER TABLE slots ADD COLUMN target_json TEXT;
