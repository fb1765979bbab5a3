-- The runs of one prompt over time (History's timeline, `HistoryFilter::same_prompt_as`): an
-- index on the prompt's first 256 characters finds them without reading every comparison, and
-- stays small however long prompts are; the full text and the system prompt decide after it.
CREATE INDEX comparisons_by_prompt ON comparisons (substr(prompt, 1, 256), created_at);
