#!/usr/bin/env bash
# Profiles opening saved comparisons from History, through WebKit's remote inspector.
#
#   scripts/bench/profile_open.sh SEEDED_DATA_DIR [APP_BIN]      (PROFILE=1, READS=1: see the .mjs)
#
# PREFS_EXTRA: more preferences.json fields, e.g. ', "answersLayout": "grid"'.
# SEEDED_DATA_DIR: a data directory holding a seeded history (copied, never written), e.g. one made
# by `PARALLAX_DATA_DIR=/tmp/seed25k parallax db seed --comparisons 25000`. Needs an X display
# (DISPLAY, e.g. `Xvfb :77 &`), the e2e node modules and a debug build (it exposes the inspector).
# Not part of `make test` or `make bench`: a tool for finding where the time goes.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SEEDED=${1:?usage: profile_open.sh SEEDED_DATA_DIR [APP_BIN]}
APP=${2:-$ROOT/target/debug/parallax-desktop}
PORT=${INSPECTOR_PORT:-9222}
[ -n "${DISPLAY:-}" ] || { echo "profile_open: set DISPLAY (an X server, e.g. Xvfb :77 &)" >&2; exit 2; }
W=$(mktemp -d)
trap 'kill "${AP:-}" 2>/dev/null || true; sleep 0.5; rm -rf "$W"' EXIT
mkdir -p "$W/data"
cp -r "$SEEDED/." "$W/data/"
for d in .config .local/share; do
  mkdir -p "$W/home/$d/dev.parallax.desktop"
  echo "{\"welcomeDismissed\": true${PREFS_EXTRA:-}}" >"$W/home/$d/dev.parallax.desktop/preferences.json"
done
HOME="$W/home" PARALLAX_DATA_DIR="$W/data" PARALLAX_KEYCHAIN=memory DBUS_SESSION_BUS_ADDRESS="unix:path=$W/no-dbus" \
  WEBKIT_INSPECTOR_HTTP_SERVER="127.0.0.1:$PORT" "$APP" >"$W/app.log" 2>&1 &
AP=$!
INSPECTOR_PORT=$PORT node "$ROOT/scripts/bench/profile_open.mjs"
