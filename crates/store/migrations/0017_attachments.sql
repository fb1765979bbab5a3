-- Files sent with prompts (images, PDFs, text; `llm::attachment`). Each file is kept once, by
-- its SHA-256, however many answers were asked with it; a slot's `messages_json` names a file
-- by its hash and never holds its bytes. `attachment_uses` ties a file to the slots that sent
-- it, so deleting a comparison (slots cascade to their uses) lets its files go when no other
-- slot uses them (`attachments::drop_unused`).
CREATE TABLE attachments (
    sha256     TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    size       INTEGER NOT NULL,
    data       BLOB NOT NULL
);
CREATE TABLE attachment_uses (
    slot_id TEXT NOT NULL REFERENCES slots (id) ON DELETE CASCADE,
    sha256  TEXT NOT NULL REFERENCES attachments (sha256),
    PRIMARY KEY (slot_id, sha256)
) WITHOUT ROWID;
CREATE INDEX attachment_uses_by_file ON attachment_uses (sha256);
