#!/usr/bin/env bash
# `make demo`: the app against the mock provider — no key, no network. History goes to .demo/.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LOG=$(mktemp)
"$ROOT/target/debug/mock-provider" >"$LOG" 2>&1 &
MOCK=$!
trap 'kill $MOCK 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 100); do grep -q "listening on" "$LOG" && break; sleep 0.05; done
URL=$(sed -n 's/^mock-provider listening on //p' "$LOG")
[ -n "$URL" ] || { echo "demo: the mock provider did not start"; cat "$LOG"; exit 1; }
echo "demo: mock provider at $URL; history in .demo/data"
echo "demo: try mock/fast, mock/medium and mock/slow (and mock/rate-limited, mock/drops for failures)"
mkdir -p "$ROOT/.demo/data"
# Every provider's face of the one mock, so every catalog in the picker works without keys.
PARALLAX_DATA_DIR="$ROOT/.demo/data" OPENROUTER_BASE_URL="$URL/api/v1" OPENAI_BASE_URL="$URL/v1" \
  ANTHROPIC_BASE_URL="$URL" GEMINI_BASE_URL="$URL" OLLAMA_HOST="$URL" \
  "$ROOT/target/debug/parallax-desktop"
