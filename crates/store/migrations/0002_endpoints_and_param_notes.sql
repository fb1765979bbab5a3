-- What the adapter dropped or adapted to fit the provider, per slot (JSON array of ParamNote).
ALTER TABLE slots ADD COLUMN param_notes_json TEXT;

-- Custom OpenAI-compatible endpoints (LM Studio, llama.cpp, vLLM, Groq…). Their keys live in
-- the environment or the OS keychain, never here; `headers_json` is for non-secret headers.
CREATE TABLE endpoints (
    name         TEXT PRIMARY KEY,
    base_url     TEXT NOT NULL,
    headers_json TEXT NOT NULL DEFAULT '[]',
    created_at   INTEGER NOT NULL
);
