-- Full-text search over prompts and answers. The index reads its text from `slot_search_docs`
-- (external content: nothing is stored twice) and triggers keep it in step with `slots`.
CREATE VIEW slot_search_docs AS
    SELECT s.rowid AS rowid, COALESCE(s.prompt, c.prompt) AS prompt, s.text AS text
    FROM slots s JOIN comparisons c ON c.id = s.comparison_id;

CREATE VIRTUAL TABLE slots_fts USING fts5(
    prompt, text,
    content = 'slot_search_docs', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO slots_fts (rowid, prompt, text) SELECT rowid, prompt, text FROM slot_search_docs;

CREATE TRIGGER slots_fts_insert AFTER INSERT ON slots BEGIN
    INSERT INTO slots_fts (rowid, prompt, text) VALUES (
        new.rowid,
        COALESCE(new.prompt, (SELECT prompt FROM comparisons WHERE id = new.comparison_id)),
        new.text);
END;

CREATE TRIGGER slots_fts_delete AFTER DELETE ON slots BEGIN
    INSERT INTO slots_fts (slots_fts, rowid, prompt, text) VALUES (
        'delete', old.rowid,
        COALESCE(old.prompt, (SELECT prompt FROM comparisons WHERE id = old.comparison_id)),
        old.text);
END;

CREATE TRIGGER slots_fts_update AFTER UPDATE OF text, prompt ON slots BEGIN
    INSERT INTO slots_fts (slots_fts, rowid, prompt, text) VALUES (
        'delete', old.rowid,
        COALESCE(old.prompt, (SELECT prompt FROM comparisons WHERE id = old.comparison_id)),
        old.text);
    INSERT INTO slots_fts (rowid, prompt, text) VALUES (
        new.rowid,
        COALESCE(new.prompt, (SELECT prompt FROM comparisons WHERE id = new.comparison_id)),
        new.text);
END;
