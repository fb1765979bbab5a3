#!/usr/bin/env bash
# Runs the end-to-end suite against the real app binary:
#   Xvfb (-noreset; reused if DISPLAY already answers) → mock provider on a free port →
#   tauri-driver (own process group, own HOME and data dir) → node --test specs/.
# Usage: tests/e2e/run.sh APP_BIN MOCK_BIN
#   E2E_SPECS=DIR   run the specs in DIR instead of specs/ (`make bench` runs bench/ this way)
#   MOCK_ARGS=…     extra arguments for the mock (e.g. --catalog FILE)
# Prints the screenshot folder at the end, pass or fail.
set -euo pipefail

APP_BIN=$(realpath "$1")
MOCK_BIN=$(realpath "$2")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TAURI_DRIVER=${TAURI_DRIVER:-$(command -v tauri-driver || echo "$ROOT/.tools/bin/tauri-driver")}
WORK=$(mktemp -d -t parallax-e2e.XXXXXX)
SHOTS=${SCREENSHOT_DIR:-$ROOT/tests/e2e/screenshots}
rm -rf "$SHOTS" && mkdir -p "$SHOTS"
PIDS=()
DRIVER_PGID=""
FRESH_PGID=""
SEEDED_PGID=""

cleanup() {
  status=$?
  [ -n "$DRIVER_PGID" ] && kill -- "-$DRIVER_PGID" 2>/dev/null || true
  [ -n "$FRESH_PGID" ] && kill -- "-$FRESH_PGID" 2>/dev/null || true
  [ -n "$SEEDED_PGID" ] && kill -- "-$SEEDED_PGID" 2>/dev/null || true
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ "$status" -ne 0 ]; then
    echo "--- tauri-driver log (last 40 lines) ---"; tail -40 "$WORK/tauri-driver.log" 2>/dev/null || true
    echo "--- mock provider log ---"; tail -20 "$WORK/mock.log" 2>/dev/null || true
    echo "--- the app's log (last 40 lines) ---"; tail -q -n 40 "$WORK"/data/logs/app.log.* 2>/dev/null || true
  fi
  rm -rf "$WORK"
  echo "e2e screenshots: $SHOTS"
  exit "$status"
}
trap cleanup EXIT

# 1) A display. Xvfb's default reset on last-client-exit races the app's connection: -noreset.
if [ -z "${DISPLAY:-}" ] || ! xdpyinfo >/dev/null 2>&1; then
  for n in $(seq 90 120); do [ -e "/tmp/.X11-unix/X$n" ] || { DISP=":$n"; break; }; done
  Xvfb "$DISP" -screen 0 1280x800x24 -nolisten tcp -noreset >"$WORK/xvfb.log" 2>&1 &
  PIDS+=($!)
  export DISPLAY=$DISP
  for _ in $(seq 100); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
fi
xdpyinfo >/dev/null 2>&1 || { echo "e2e: no X display could be started"; exit 1; }

# 2) The mock provider on a free port; it prints the port it took.
# shellcheck disable=SC2086 # MOCK_ARGS is a list of words
"$MOCK_BIN" ${MOCK_ARGS:-} >"$WORK/mock.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do grep -q "listening on" "$WORK/mock.log" 2>/dev/null && break; sleep 0.05; done
MOCK_URL=$(sed -n 's/^mock-provider listening on //p' "$WORK/mock.log")
[ -n "$MOCK_URL" ] || { echo "e2e: the mock provider did not start"; exit 1; }

# WebDriver's screenshot never returns when WebKit draws without compositing, which the app
# chooses on a machine without a GPU (src-tauri/src/rendering.rs): the suite keeps WebKit's
# compositing unless told otherwise; specs/rendering.test.mjs launches the app with
# --rendering=auto to check the default without a screenshot; `make bench` measures the default.
export PARALLAX_RENDERING=${PARALLAX_RENDERING:-gpu}

# 3) tauri-driver in its own process group (so the app and WebKit die with it), with its own
#    HOME and data dir: the app and WebKit write there, never into the developer's.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
NATIVE_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$WORK/home" "$WORK/data"
# Every provider's face of the one mock; no keys (the base URLs are not the real services').
# The log at debug level: the secrets spec searches it, and a failing run leaves it to read.
HOME="$WORK/home" PARALLAX_DATA_DIR="$WORK/data" OPENROUTER_BASE_URL="$MOCK_URL/api/v1" PARALLAX_LOG=debug \
  OPENAI_BASE_URL="$MOCK_URL/v1" ANTHROPIC_BASE_URL="$MOCK_URL" GEMINI_BASE_URL="$MOCK_URL" OLLAMA_HOST="$MOCK_URL" \
  OPENROUTER_API_KEY="" OPENAI_API_KEY="" ANTHROPIC_API_KEY="" GEMINI_API_KEY="" \
  DBUS_SESSION_BUS_ADDRESS="unix:path=$WORK/no-dbus" \
  setsid "$TAURI_DRIVER" --port "$PORT" --native-port "$NATIVE_PORT" >"$WORK/tauri-driver.log" 2>&1 &
DRIVER_PGID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/status" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$PORT/status" >/dev/null || { echo "e2e: tauri-driver did not start"; exit 1; }

# A second driver for a person's first start (specs that call `launch({ fresh: true })`): an
# empty data directory and HOME, no key, every cloud provider at a port where nothing listens
# (so no provider can be reached), and an Ollama face on a local port (the mock's) to detect.
FRESH_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
FRESH_NATIVE_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DEAD=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$WORK/fresh-home" "$WORK/fresh-data"
HOME="$WORK/fresh-home" PARALLAX_DATA_DIR="$WORK/fresh-data" OPENROUTER_BASE_URL="http://127.0.0.1:$DEAD/api/v1" \
  OPENAI_BASE_URL="http://127.0.0.1:$DEAD/v1" ANTHROPIC_BASE_URL="http://127.0.0.1:$DEAD" GEMINI_BASE_URL="http://127.0.0.1:$DEAD" \
  OLLAMA_HOST="$MOCK_URL" OPENROUTER_API_KEY="" OPENAI_API_KEY="" ANTHROPIC_API_KEY="" GEMINI_API_KEY="" \
  DBUS_SESSION_BUS_ADDRESS="unix:path=$WORK/no-dbus" \
  setsid "$TAURI_DRIVER" --port "$FRESH_PORT" --native-port "$FRESH_NATIVE_PORT" >"$WORK/tauri-driver-fresh.log" 2>&1 &
FRESH_PGID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$FRESH_PORT/status" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$FRESH_PORT/status" >/dev/null || { echo "e2e: the second tauri-driver did not start"; exit 1; }

# A third driver over a made-up history of SEED_COMPARISONS comparisons (`parallax db seed`,
# the CLI built beside the app), for the History and Analytics specs; the seeding runs in the
# background while the other specs do, and says when it is done ($WORK/seeded.ok or .failed).
# Only when the specs to run include those (all of specs/ or bench/, or a path naming "seeded").
# SEED_COMPARISONS and SEED_ARGS (default 10,000 and --short) size it; SEED_FOREGROUND=1 seeds
# before any spec starts (`make bench`: no other bench runs beside the seeding).
SEEDED_PORT=""
case "${E2E_SPECS:-specs/}" in
  specs/|specs|bench/|bench|*seeded*)
    CLI_BIN=${CLI_BIN:-$(dirname "$APP_BIN")/parallax}
    mkdir -p "$WORK/seeded-home" "$WORK/seeded-data"
    seed() {
      # shellcheck disable=SC2086 # SEED_ARGS is a list of words
      HOME="$WORK/seeded-home" PARALLAX_DATA_DIR="$WORK/seeded-data" \
        "$CLI_BIN" db seed --comparisons "${SEED_COMPARISONS:-10000}" ${SEED_ARGS---short} >"$WORK/seed.log" 2>&1 \
        && touch "$WORK/seeded.ok" || touch "$WORK/seeded.failed"
    }
    if [ "${SEED_FOREGROUND:-0}" = 1 ]; then seed; else seed & PIDS+=($!); fi
    SEEDED_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    SEEDED_NATIVE_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    HOME="$WORK/seeded-home" PARALLAX_DATA_DIR="$WORK/seeded-data" OPENROUTER_BASE_URL="$MOCK_URL/api/v1" \
      OPENAI_BASE_URL="$MOCK_URL/v1" ANTHROPIC_BASE_URL="$MOCK_URL" GEMINI_BASE_URL="$MOCK_URL" OLLAMA_HOST="$MOCK_URL" \
      OPENROUTER_API_KEY="" OPENAI_API_KEY="" ANTHROPIC_API_KEY="" GEMINI_API_KEY="" \
      DBUS_SESSION_BUS_ADDRESS="unix:path=$WORK/no-dbus" \
      setsid "$TAURI_DRIVER" --port "$SEEDED_PORT" --native-port "$SEEDED_NATIVE_PORT" >"$WORK/tauri-driver-seeded.log" 2>&1 &
    SEEDED_PGID=$!
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$SEEDED_PORT/status" >/dev/null && break; sleep 0.1; done
    curl -sf "http://127.0.0.1:$SEEDED_PORT/status" >/dev/null || { echo "e2e: the seeded tauri-driver did not start"; exit 1; }
    ;;
esac

# 4) The specs. A hung session must not hang CI: one test stops after 5 minutes (it fails alone,
# named), the whole suite after 25 (its 73 tests took 579 s in a clean-clone run on 2 cores, and
# a slower run was cut short at 600 s).
cd "$HERE"
APP_BIN="$APP_BIN" SCREENSHOT_DIR="$SHOTS" TAURI_DRIVER_PORT="$PORT" MOCK_URL="$MOCK_URL" \
  PARALLAX_DATA_DIR="$WORK/data" \
  TAURI_DRIVER_FRESH_PORT="$FRESH_PORT" FRESH_DATA_DIR="$WORK/fresh-data" \
  TAURI_DRIVER_SEEDED_PORT="$SEEDED_PORT" SEEDED_DATA_DIR="$WORK/seeded-data" SEED_DONE="$WORK/seeded" \
  TAURI_DRIVER_LOG="$WORK/tauri-driver.log" \
  timeout 1500 node --test --test-concurrency=1 --test-timeout=300000 "${E2E_SPECS:-specs/}"
