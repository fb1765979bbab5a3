-- Output chunks: how many stream events carried output (reasoning or answer text). Tokens per
-- second discounts the first chunk's tokens, whose generation time the client never sees
-- (`SlotRecord::speed`), so a provider that sends many tokens per event is not flattered.
ALTER TABLE slots ADD COLUMN output_chunks INTEGER;
-- OpenRouter bring-your-own-key: the share of cost_usd the upstream provider charged to the
-- person's own key; the rest is OpenRouter's fee.
ALTER TABLE slots ADD COLUMN byok_upstream_usd REAL;
-- Diagnostics beside TTFT: time spent opening a connection (DNS, TCP, TLS) when the pool had
-- none to reuse, and a local server's model load time (Ollama `load_duration`). Both are inside
-- TTFT; NULL when none happened or the server did not say.
ALTER TABLE slots ADD COLUMN connect_ms INTEGER;
ALTER TABLE slots ADD COLUMN load_ms INTEGER;
-- Where a computed cost's prices came from: "list price of openai/gpt-4o in the openrouter
-- catalog of 2026-11-28" (a direct OpenAI answer priced from OpenRouter's list).
ALTER TABLE slots ADD COLUMN cost_basis TEXT;
