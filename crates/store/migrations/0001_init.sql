-- Settings shared by the app and the CLI (base URLs, later endpoints and budgets).
-- Never API keys: those live in the environment or the OS keychain.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One comparison = one prompt sent to many targets.
CREATE TABLE comparisons (
    id         TEXT PRIMARY KEY,          -- ULID: sorts by creation time
    title      TEXT NOT NULL,
    prompt     TEXT NOT NULL,
    system     TEXT,
    created_at INTEGER NOT NULL           -- unix ms
);
CREATE INDEX comparisons_by_created ON comparisons (created_at DESC, id DESC);

-- One slot = one answer from one target. NULL means "unknown", never 0.
CREATE TABLE slots (
    id                     TEXT PRIMARY KEY,
    comparison_id          TEXT NOT NULL REFERENCES comparisons (id) ON DELETE CASCADE,
    idx                    INTEGER NOT NULL,
    provider               TEXT NOT NULL,
    model                  TEXT NOT NULL,
    served_model           TEXT,
    status                 TEXT NOT NULL,
    text                   TEXT NOT NULL DEFAULT '',
    reasoning              TEXT NOT NULL DEFAULT '',
    ttft_ms                INTEGER,
    total_ms               INTEGER,
    input_tokens           INTEGER,
    output_tokens          INTEGER,
    reasoning_tokens       INTEGER,
    cache_read_tokens      INTEGER,
    cache_write_tokens     INTEGER,
    cost_usd               REAL,
    cost_source            TEXT NOT NULL DEFAULT 'unknown',
    prompt_price_per_m     REAL,          -- the catalog prices used to compute cost, if any
    completion_price_per_m REAL,
    usage_json             TEXT,          -- the provider's usage object, verbatim
    generation_id          TEXT,
    finish_reason          TEXT,
    native_finish_reason   TEXT,
    error_code             TEXT,
    error_message          TEXT,
    started_at             INTEGER,
    finished_at            INTEGER,
    UNIQUE (comparison_id, idx)
);
