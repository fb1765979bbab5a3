-- What people add to a comparison after the fact. `title_edited` keeps a hand-written title from
-- being replaced by a derived one.
ALTER TABLE comparisons ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE comparisons ADD COLUMN title_edited INTEGER NOT NULL DEFAULT 0;

CREATE TABLE comparison_tags (
    comparison_id TEXT NOT NULL REFERENCES comparisons (id) ON DELETE CASCADE,
    tag           TEXT NOT NULL,
    PRIMARY KEY (comparison_id, tag)
) WITHOUT ROWID;
CREATE INDEX comparison_tags_by_tag ON comparison_tags (tag, comparison_id);

-- A vote picks one winner among two or more answers of one comparison (a pair, or best of N),
-- or calls them a tie (`winner_slot_id` NULL). `blind` says whether the voter saw the model
-- names; `voter` is 'human' or 'judge:<model>'.
CREATE TABLE votes (
    id             TEXT PRIMARY KEY,
    comparison_id  TEXT NOT NULL REFERENCES comparisons (id) ON DELETE CASCADE,
    winner_slot_id TEXT REFERENCES slots (id) ON DELETE CASCADE,
    blind          INTEGER NOT NULL,
    voter          TEXT NOT NULL DEFAULT 'human',
    created_at     INTEGER NOT NULL
);
CREATE INDEX votes_by_comparison ON votes (comparison_id);
-- The answers a vote was between (the winner among them).
CREATE TABLE vote_slots (
    vote_id TEXT NOT NULL REFERENCES votes (id) ON DELETE CASCADE,
    slot_id TEXT NOT NULL REFERENCES slots (id) ON DELETE CASCADE,
    PRIMARY KEY (vote_id, slot_id)
) WITHOUT ROWID;

-- Model catalogs as fetched: one row per fetch, the latest state of every model, and one price
-- history row per change (first sighting, a changed price, a removal) — never one per fetch.
-- `source` is the provider kind or a custom endpoint's name.
CREATE TABLE catalog_snapshots (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,
    fetched_at  INTEGER NOT NULL,
    model_count INTEGER NOT NULL
);
CREATE TABLE catalog_models (
    source       TEXT NOT NULL,
    model_id     TEXT NOT NULL,
    model_json   TEXT NOT NULL,          -- the CatalogModel as last seen
    prices_json  TEXT NOT NULL,          -- every price kind, to tell a change from a refetch
    first_seen   INTEGER NOT NULL,
    changed_at   INTEGER NOT NULL,       -- when model_json last changed
    removed_at   INTEGER,                -- not listed by the latest fetch
    PRIMARY KEY (source, model_id)
) WITHOUT ROWID;
CREATE TABLE price_history (
    id                     INTEGER PRIMARY KEY,
    source                 TEXT NOT NULL,
    model_id               TEXT NOT NULL,
    changed_at             INTEGER NOT NULL,
    kind                   TEXT NOT NULL,    -- 'listed' (in the first fetch) | 'added' | 'changed' | 'removed'
    prices_json            TEXT,             -- NULL when removed
    prompt_price_per_m     REAL,             -- NULL: unknown or variable
    completion_price_per_m REAL
);
CREATE INDEX price_history_by_model ON price_history (source, model_id, changed_at);
CREATE INDEX price_history_by_time ON price_history (changed_at);

-- Named groups of targets people compare again and again, and short names for models.
CREATE TABLE model_sets (
    name         TEXT PRIMARY KEY,
    targets_json TEXT NOT NULL,          -- the engine's targets, as JSON
    updated_at   INTEGER NOT NULL
);
CREATE TABLE aliases (
    name       TEXT PRIMARY KEY,
    model      TEXT NOT NULL,            -- a model spec as the CLI takes it
    updated_at INTEGER NOT NULL
);

-- Analytics and filters group answers by model and by finish time.
CREATE INDEX slots_by_model ON slots (model, finished_at);
CREATE INDEX slots_by_finished ON slots (finished_at);
