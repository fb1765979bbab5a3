-- The search index holds an answer's text once the answer has its final state (done, failed,
-- cancelled, interrupted); while it streams only its prompt is indexed. Re-indexing the whole
-- growing text at every partial save (four times a second per streaming answer) cost CPU that
-- the streams themselves need, for a result nobody searches mid-stream.
DROP TRIGGER slots_fts_insert;
DROP TRIGGER slots_fts_delete;
DROP TRIGGER slots_fts_update;
DROP VIEW slot_search_docs;

CREATE VIEW slot_search_docs AS
    SELECT s.rowid AS rowid, COALESCE(s.prompt, c.prompt) AS prompt,
           CASE WHEN s.status IN ('pending', 'streaming') THEN '' ELSE s.text END AS text
    FROM slots s JOIN comparisons c ON c.id = s.comparison_id;

INSERT INTO slots_fts (slots_fts) VALUES ('rebuild');

CREATE TRIGGER slots_fts_insert AFTER INSERT ON slots BEGIN
    INSERT INTO slots_fts (rowid, prompt, text) VALUES (
        new.rowid,
        COALESCE(new.prompt, (SELECT prompt FROM comparisons WHERE id = new.comparison_id)),
        CASE WHEN new.status IN ('pending', 'streaming') THEN '' ELSE new.text END);
END;

CREATE TRIGGER slots_fts_delete AFTER DELETE ON slots BEGIN
    INSERT INTO slots_fts (slots_fts, rowid, prompt, text) VALUES (
        'delete', old.rowid,
        COALESCE(old.prompt, (SELECT prompt FROM comparisons WHERE id = old.comparison_id)),
        CASE WHEN old.status IN ('pending', 'streaming') THEN '' ELSE old.text END);
END;

-- Only when what is indexed changes: a partial save of a streaming answer is not such a change.
CREATE TRIGGER slots_fts_update AFTER UPDATE OF text, prompt, status ON slots
WHEN (CASE WHEN old.status IN ('pending', 'streaming') THEN '' ELSE old.text END)
         IS NOT (CASE WHEN new.status IN ('pending', 'streaming') THEN '' ELSE new.text END)
     OR old.prompt IS NOT new.prompt
BEGIN
    INSERT INTO slots_fts (slots_fts, rowid, prompt, text) VALUES (
        'delete', old.rowid,
        COALESCE(old.prompt, (SELECT prompt FROM comparisons WHERE id = old.comparison_id)),
        CASE WHEN old.status IN ('pending', 'streaming') THEN '' ELSE old.text END);
    INSERT INTO slots_fts (rowid, prompt, text) VALUES (
        new.rowid,
        COALESCE(new.prompt, (SELECT prompt FROM comparisons WHERE id = new.comparison_id)),
        CASE WHEN new.status IN ('pending', 'streaming') THEN '' ELSE new.text END);
END;
