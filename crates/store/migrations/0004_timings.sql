-- Diagnostic timings, all from the slot's own t0 except `queued_ms` (time spent waiting for a
-- place under the concurrency limits before t0). NULL when not reached.
ALTER TABLE slots ADD COLUMN ttfb_ms INTEGER;
ALTER TABLE slots ADD COLUMN ttfr_ms INTEGER;
ALTER TABLE slots ADD COLUMN queued_ms INTEGER;
