-- Output chunks: how many stream events carried output (reasoning or answer text). Tokens per
-- second discounts the first chunk's tokens, whose generation time the client never sees
-- (`SlotRecord::speed`), so a provider that sends many tokens per event is not flattered.
ALTER TABLE slots ADD COLUMN output_chunks INTEGER;
-- OpenRouter bring-your-own-key: the share of cost_usd the upstream provider charged to the
-- person's own key; the rest is OpenRouter's fee.
ALTER TABLE slots ADD COLUMN byok_upstream_usd REAL;
