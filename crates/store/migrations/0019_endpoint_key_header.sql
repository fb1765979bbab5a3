-- A custom endpoint may want its key in a header of its own (Azure OpenAI's `api-key`, a
-- gateway's `x-api-key`) instead of `Authorization: Bearer`. Only the header's name is kept
-- here; the key stays in the OS keychain or the environment, like every other key (headers
-- saved in `headers_json` are plain text, so credentials are refused there).
ALTER TABLE endpoints ADD COLUMN key_header TEXT;
