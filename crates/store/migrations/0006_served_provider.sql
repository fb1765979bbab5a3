-- The upstream provider that served an answer (OpenRouter's `provider_name`, backfilled from
-- its generation stats a few seconds after the answer).
ALTER TABLE slots ADD COLUMN served_provider TEXT;
