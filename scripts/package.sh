#!/usr/bin/env bash
# Builds the Debian package: the app through Tauri's bundler (binary, icons, desktop entry) with the
# `parallax` CLI beside it in /usr/bin. Works offline. Progress goes to stderr; the last (only)
# line on stdout is the path of the .deb.
#   scripts/package.sh           release build  → target/release/bundle/deb/Parallax_<version>_amd64.deb
#   scripts/package.sh --debug   from the debug binaries `make build` made (the package test uses it)
#
# The binaries are built by cargo with the Makefile's CARGO_FLAGS, then `tauri bundle` only packs
# them. `tauri build` would run its own `cargo build --bins --features tauri/custom-protocol` inside
# src-tauri/: without --workspace the dependencies unify to other features, ~30 crates recompile
# and the app binary in target/ is replaced by a differently built one.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

case "${1:-}" in
  "") PROFILE=release; CARGO_PROFILE=(--release); TAURI_PROFILE=() ;;
  --debug) PROFILE=debug; CARGO_PROFILE=(); TAURI_PROFILE=(--debug) ;;
  *) echo "usage: scripts/package.sh [--debug]" >&2; exit 2 ;;
esac

# The same feature set as every cargo command in the Makefile (it passes its CARGO_FLAGS here).
read -ra FLAGS <<<"${CARGO_FLAGS:---workspace --locked --features tauri/custom-protocol}"
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
case "$TARGET" in /*) ;; *) TARGET=$ROOT/$TARGET ;; esac
TAURI=$ROOT/ui/node_modules/.bin/tauri
OUT=$TARGET/$PROFILE/bundle/deb

[ -x "$TAURI" ] || { echo "package: $TAURI is missing: run scripts/setup.sh --app (npm ci in ui/)" >&2; exit 1; }
[ -f ui/dist/index.html ] || { echo "package: ui/dist is missing: run make ui first (the app embeds it)" >&2; exit 1; }

# 1) The app and the CLI (and the mock provider: one cargo command, one feature resolution).
echo "package: cargo build ${CARGO_PROFILE[*]} ${FLAGS[*]} --bins" >&2
cargo build "${CARGO_PROFILE[@]}" "${FLAGS[@]}" --bins >&2
for b in parallax-desktop parallax; do
  [ -x "$TARGET/$PROFILE/$b" ] || { echo "package: $TARGET/$PROFILE/$b was not built" >&2; exit 1; }
done

# 2) The bundle. bundle.active stays false in tauri.conf.json (a plain `tauri build` is then just a
#    build) and is switched on here; the CLI's path follows the profile.
#    --no-binary-patching: the bundler would otherwise rewrite cargo's output in place to record the
#    bundle type, which only the updater reads (we have none), and which fails with "text file
#    busy" while someone runs that binary.
rm -rf "$OUT"
CONFIG=$(printf '{"bundle":{"active":true,"linux":{"deb":{"files":{"/usr/bin/parallax":"%s"}}}}}' \
  "$TARGET/$PROFILE/parallax")
echo "package: tauri bundle ${TAURI_PROFILE[*]} --bundles deb" >&2
(cd src-tauri && "$TAURI" bundle "${TAURI_PROFILE[@]}" --bundles deb --ci --no-sign --no-binary-patching \
  --config "$CONFIG") >&2

debs=("$OUT"/*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || { echo "package: expected one .deb in $OUT, found: ${debs[*]}" >&2; exit 1; }
echo "package: built ${debs[0]}" >&2
echo "${debs[0]}"
