-- Opt-in answer cache: a finished answer's request identity (provider, model, messages, params),
-- and whether an answer was served from the cache instead of the provider.
ALTER TABLE slots ADD COLUMN cache_key TEXT;
ALTER TABLE slots ADD COLUMN cached INTEGER NOT NULL DEFAULT 0;
CREATE INDEX slots_by_cache_key ON slots (cache_key, finished_at) WHERE cache_key IS NOT NULL;
