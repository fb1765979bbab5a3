// Writes src/backend/fake-data/catalog.json, the fake backend's OpenRouter catalog, from the
// shared snapshot of OpenRouter's /api/v1/models: only the fields the UI reads, prices in USD
// per million tokens (null: unknown; "variable": a router whose price depends on its pick).
// Usage: node scripts/make-fake-catalog.mjs [SNAPSHOT.json]
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const src = process.argv[2] ?? join(here, "../../../shared/fixtures/openrouter-models-snapshot.json");
const out = join(here, "../src/backend/fake-data/catalog.json");

const perM = (v) => {
  if (v === undefined || v === null) return null;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) return "variable";
  return Math.round(n * 1e6 * 1e6) / 1e6;
};

const models = JSON.parse(readFileSync(src, "utf8")).data.map((m) => ({
  id: m.id,
  name: m.name,
  ctx: m.context_length ?? null,
  out: m.top_provider?.max_completion_tokens ?? null,
  in_mod: m.architecture?.input_modalities ?? ["text"],
  p: perM(m.pricing?.prompt),
  c: perM(m.pricing?.completion),
  cr: perM(m.pricing?.input_cache_read),
  cw: perM(m.pricing?.input_cache_write),
  r: perM(m.pricing?.internal_reasoning),
  created: m.created ?? null,
}));
writeFileSync(out, JSON.stringify(models) + "\n");
console.log(`${models.length} models → ${out}`);
