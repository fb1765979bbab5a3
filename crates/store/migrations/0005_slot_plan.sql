-- Where a slot sits in an expanded comparison: prompt variant × variable row × target × repeat.
-- `prompt` is the slot's rendered prompt when it differs from the comparison's (variants,
-- variables); NULL means the comparison's prompt as is.
ALTER TABLE slots ADD COLUMN variant INTEGER NOT NULL DEFAULT 0;
ALTER TABLE slots ADD COLUMN row_index INTEGER NOT NULL DEFAULT 0;
ALTER TABLE slots ADD COLUMN repeat_index INTEGER NOT NULL DEFAULT 0;
ALTER TABLE slots ADD COLUMN prompt TEXT;
