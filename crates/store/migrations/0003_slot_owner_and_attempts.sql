-- Which running process owns a slot that is pending or streaming (see `owner.rs`): after a
-- crash, slots whose owner is gone are marked `interrupted`, keeping their partial text.
ALTER TABLE slots ADD COLUMN owner TEXT;
-- How many requests the slot took (retries and fallbacks included); NULL before it ran.
ALTER TABLE slots ADD COLUMN attempts INTEGER;
CREATE INDEX slots_unfinished ON slots (status) WHERE status IN ('pending', 'streaming');
