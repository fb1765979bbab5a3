#!/usr/bin/env python3
"""Writes crates/app/data/openrouter-catalog.json: the OpenRouter catalog bundled with the app, so a
first start without network still lists models with their list prices (marked as bundled, with
its date). From a saved `GET /api/v1/models` response, trimmed to the fields Parallax reads.

Usage: scripts/bundle-catalog.py [SNAPSHOT.json]   (default: ../shared/fixtures/openrouter-models-snapshot.json)
"""
import datetime
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "fixtures", "openrouter-models-snapshot.json")
models = json.load(open(src))["data"]
keep = []
for m in models:
    # Everything Parallax reads but the long description.
    keep_keys = ("id", "canonical_slug", "hugging_face_id", "name", "created", "context_length", "pricing",
                 "supported_parameters", "knowledge_cutoff", "expiration_date", "reasoning", "benchmarks")
    e = {k: m[k] for k in keep_keys if k in m and m[k] is not None}
    a = m.get("architecture") or {}
    e["architecture"] = {k: a[k] for k in ("modality", "input_modalities", "output_modalities", "tokenizer") if k in a}
    tp = m.get("top_provider") or {}
    e["top_provider"] = {k: tp[k] for k in ("context_length", "max_completion_tokens") if k in tp}
    keep.append(e)
# The snapshot carries no date of its own: the newest model's listing date is a lower bound.
newest = max(m.get("created", 0) for m in models)
out = {
    "about": "OpenRouter's GET /api/v1/models, trimmed to the fields Parallax reads (no descriptions); bundled with the app "
    "so a first start without network has a catalog. Written by scripts/bundle-catalog.py.",
    "listed_at": datetime.datetime.fromtimestamp(newest, datetime.timezone.utc).strftime("%Y-%m-%d"),
    "listed_at_ms": newest * 1000,
    "data": keep,
}
path = os.path.join(ROOT, "crates", "app", "data", "openrouter-catalog.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print(f"{path}: {len(keep)} models, listed up to {out['listed_at']}")
