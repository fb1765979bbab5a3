#!/usr/bin/env bash
# Profiles the app's page while N columns stream Markdown, through WebKit's remote inspector
# (ScriptProfiler samples, heap statistics after a full GC) — what WebDriver cannot give, and
# the two cannot share one app (a WebDriver session fails while the inspector server is on).
#
#   scripts/bench/profile_stream.sh [profile|memory|layout|frames|send] [APP_BIN] [MOCK_BIN]     (N=16 by default)
#   MODEL=mock/custom@…   what every column asks (default: 2,000 tokens of Markdown at 100 tok/s)
#   PREFS='{"foldComposer": false}'   more preferences, merged into the seeded ones
#
# Needs an X display (DISPLAY, e.g. `Xvfb :77 &`), the e2e node modules (`make e2e` installs
# them) and the binaries built (`make build`, or a release build). Not part of `make test` or
# `make bench`: a tool for finding where the time and memory go, its figures noted in
# BENCHMARKS.md by hand.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MODE=${1:-profile}
APP=${2:-$ROOT/target/debug/parallax-desktop}
MOCK=${3:-$ROOT/target/debug/mock-provider}
N=${N:-16}
PORT=${INSPECTOR_PORT:-9222}
[ -n "${DISPLAY:-}" ] || { echo "profile_stream: set DISPLAY (an X server, e.g. Xvfb :77 &)" >&2; exit 2; }
W=$(mktemp -d)
trap 'kill "${AP:-}" "${MP:-}" 2>/dev/null || true; sleep 0.5; [ -n "${KEEP:-}" ] && echo "kept $W" || rm -rf "$W"' EXIT
"$MOCK" >"$W/mock.log" 2>&1 &
MP=$!
for _ in $(seq 100); do grep -q "listening on" "$W/mock.log" && break; sleep 0.05; done
URL=$(sed -n 's/^mock-provider listening on //p' "$W/mock.log")
# The picks are seeded in preferences.json (wherever tauri-plugin-store looks for it).
for d in .config .local/share; do
  mkdir -p "$W/home/$d/dev.parallax.desktop"
  N=$N python3 -c 'import json,os; n=int(os.environ["N"]); print(json.dumps({"welcomeDismissed": True, "picks": [{"provider": "openrouter", "endpoint": None, "model": os.environ.get("MODEL", "mock/custom@ttft=100,tps=100,tokens=2000,markdown=1") + f",tag=p{i}"} for i in range(n)], **json.loads(os.environ.get("PREFS") or "{}")}))' \
    >"$W/home/$d/dev.parallax.desktop/preferences.json"
done
mkdir -p "$W/data"
HOME="$W/home" PARALLAX_DATA_DIR="$W/data" PARALLAX_KEYCHAIN=memory OPENROUTER_BASE_URL="$URL/api/v1" OPENROUTER_API_KEY="" \
  DBUS_SESSION_BUS_ADDRESS="unix:path=$W/no-dbus" WEBKIT_INSPECTOR_HTTP_SERVER="127.0.0.1:$PORT" "$APP" >"$W/app.log" 2>&1 &
AP=$!
N=$N INSPECTOR_PORT=$PORT node "$ROOT/scripts/bench/profile_stream.mjs" "$MODE" "$AP"
