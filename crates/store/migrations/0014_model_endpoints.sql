-- The providers serving a model (OpenRouter's per-model endpoints: price per provider,
-- quantization, limits, uptime, latency and throughput percentiles), fetched on demand and kept
-- with their age so the Prices view can show them offline. One row per catalog source and model:
-- the latest fetch replaces the one before (health figures are a snapshot, not a history).
CREATE TABLE model_endpoints (
    source TEXT NOT NULL,
    model_id TEXT NOT NULL,
    fetched_at INTEGER NOT NULL,
    endpoints_json TEXT NOT NULL,
    PRIMARY KEY (source, model_id)
) WITHOUT ROWID;
