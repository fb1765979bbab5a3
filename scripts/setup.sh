#!/usr/bin/env bash
# Installs what `make run` / `make test` need and is missing; quick and silent when all is there.
#   scripts/setup.sh          app + tests (system packages, UI deps, e2e deps, tauri-driver)
#   scripts/setup.sh --app    only what running the app needs
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODE=${1:-all}

# Tauri's Linux build dependencies (tauri.app/start/prerequisites) + libdbus for the keychain.
APP_PKGS="libwebkit2gtk-4.1-dev build-essential curl wget file pkg-config libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev libdbus-1-dev"
# End-to-end tests: a virtual display, WebKit's WebDriver, screenshots, xdotool (the system's file
# chooser, which WebDriver cannot reach).
TEST_PKGS="xvfb xauth x11-utils xdotool webkit2gtk-driver"

missing=()
pkgs=$APP_PKGS
[ "$MODE" = "--app" ] || pkgs="$pkgs $TEST_PKGS"
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo"; else
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: install them (as root: apt-get install ${missing[*]}) and run again." >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v cargo >/dev/null || { echo "setup: cargo is missing; install Rust from https://rustup.rs" >&2; exit 1; }
command -v npm >/dev/null || { echo "setup: npm is missing; install Node.js 20 or newer" >&2; exit 1; }

# npm ci only when the lockfile changed since the last install.
npm_ci() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "setup: npm ci in ${dir#$ROOT/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_ci "$ROOT/ui"
[ "$MODE" = "--app" ] && exit 0
npm_ci "$ROOT/tests/e2e"

if ! command -v tauri-driver >/dev/null && [ ! -x "$ROOT/.tools/bin/tauri-driver" ]; then
  echo "setup: cargo install tauri-driver (about a minute, once)"
  cargo install tauri-driver --locked --quiet --root "$ROOT/.tools"
fi
