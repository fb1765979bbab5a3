#!/usr/bin/env bash
# Checks the Debian package and the app it installs:
#   1. control fields (Package, Version = the workspace version in Cargo.toml, Depends) and contents
#      (both binaries in usr/bin, a desktop entry, hicolor icons);
#   2. the desktop entry (Type, Name, Exec, Icon, Categories point at what the package installs);
#   3. Depends: every package is installed here, and every shared library the binaries link comes
#      from a listed package or one of their own dependencies;
#   4. installs it into a clean root with `dpkg -x` (no root needed), runs the installed
#      `parallax --version` and starts the installed app under its own Xvfb until the window
#      "Parallax" is visible.
#   With CI=true as root it also installs it for real with `dpkg -i` and repeats step 4 on /usr/bin,
#   then `dpkg -r`. dpkg never downloads anything: a missing dependency makes it fail, it cannot
#   pull a package from the network; step 3 fails first, naming it. It is skipped when a package
#   of that name is already installed, so a developer's own install is never replaced or removed.
# Usage: tests/package/run.sh DEB_PATH
set -euo pipefail
# No pipeline here may end early (head, grep -q, awk's exit): under pipefail the writer's SIGPIPE
# would fail the script at random.

[ $# -eq 1 ] || { echo "usage: tests/package/run.sh DEB_PATH" >&2; exit 2; }
DEB=$(realpath -m "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT_DIR=$(cd "$HERE/../.." && pwd)
WORK=$(mktemp -d -t parallax-package.XXXXXX)
WINDOW_TIMEOUT=${WINDOW_TIMEOUT:-20}
APP_PGID=""
XVFB_PID=""
DPKG_INSTALLED=""
PKG=""

fail() { echo "package test: FAIL: $*" >&2; exit 1; }
ok() { echo "package test: ok: $*"; }

cleanup() {
  status=$?
  [ -n "$APP_PGID" ] && kill -- "-$APP_PGID" 2>/dev/null || true
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true
  if [ -n "$DPKG_INSTALLED" ]; then
    dpkg -r "$PKG" >/dev/null 2>&1 || echo "package test: could not remove $PKG (dpkg -r $PKG)" >&2
  fi
  if [ "$status" -ne 0 ] && [ -s "$WORK/app.log" ]; then
    echo "--- app log (last 30 lines) ---" >&2; tail -30 "$WORK/app.log" >&2
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT

[ -f "$DEB" ] || fail "$DEB does not exist (build it with scripts/package.sh)"
for tool in dpkg-deb objdump Xvfb xwininfo xdpyinfo; do
  command -v "$tool" >/dev/null || fail "$tool is missing (scripts/setup.sh installs it)"
done

# The one version of record: [workspace.package] in Cargo.toml.
VERSION=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' "$ROOT_DIR/Cargo.toml")
[ -n "$VERSION" ] || fail "no version in [workspace.package] of $ROOT_DIR/Cargo.toml"

# 1) Control fields and contents.
field() { dpkg-deb -f "$DEB" "$1"; }
PKG=$(field Package)
[ "$PKG" = parallax ] || fail "Package is '$PKG', expected 'parallax'"
[ "$(field Version)" = "$VERSION" ] || fail "Version is '$(field Version)', but Cargo.toml says $VERSION (tauri.conf.json's version drifted?)"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture is '$(field Architecture)'"
DEPENDS=$(field Depends)
for d in libwebkit2gtk-4.1-0 libgtk-3-0; do
  [[ ", $DEPENDS," == *", $d"[,\ ]* ]] || fail "Depends lacks $d: '$DEPENDS'"
done
ok "control: $PKG $VERSION, Depends: $DEPENDS"

dpkg-deb -c "$DEB" | awk '{print $NF}' | sed 's|^\./||' >"$WORK/contents"
has() { grep -qxE "$1" "$WORK/contents"; }
has 'usr/bin/parallax-desktop' || fail "the package has no usr/bin/parallax-desktop (the app)"
has 'usr/bin/parallax' || fail "the package has no usr/bin/parallax (the CLI beside the app)"
has 'usr/share/applications/[^/]+\.desktop' || fail "the package has no desktop entry under usr/share/applications"
has 'usr/share/icons/hicolor/[0-9]+x[0-9]+(@2)?/apps/[^/]+\.png' || fail "the package has no icons under usr/share/icons/hicolor"
ok "contents: $(grep -c . "$WORK/contents") entries, both binaries, desktop entry, $(grep -cE '^usr/share/icons/.*\.png$' "$WORK/contents") icons"

# 2) Install into a clean root (no maintainer scripts run, nothing outside $ROOT is touched).
ROOT="$WORK/root"
dpkg-deb -x "$DEB" "$ROOT"
DESKTOP=$(find "$ROOT/usr/share/applications" -name '*.desktop' -print -quit)
entry() { awk -v k="$1" '/^\[/ {s = ($0 == "[Desktop Entry]")} s && index($0, k "=") == 1 && !n++ {print substr($0, length(k) + 2)}' "$DESKTOP"; }
[ "$(entry Type)" = Application ] || fail "$(basename "$DESKTOP"): Type is '$(entry Type)', expected Application"
[ "$(entry Name)" = Parallax ] || fail "$(basename "$DESKTOP"): Name is '$(entry Name)', expected Parallax"
EXEC=$(entry Exec); EXEC_BIN=${EXEC%% *}
[ -n "$EXEC_BIN" ] && [ -x "$ROOT/usr/bin/${EXEC_BIN#/usr/bin/}" ] || fail "$(basename "$DESKTOP"): Exec='$EXEC' is not a binary the package installs in /usr/bin"
ICON=$(entry Icon)
[ -n "$ICON" ] && compgen -G "$ROOT/usr/share/icons/hicolor/*/apps/$ICON.png" >/dev/null ||
  fail "$(basename "$DESKTOP"): Icon='$ICON' has no usr/share/icons/hicolor/*/apps/$ICON.png in the package"
CATS=$(entry Categories)
[[ "$CATS" =~ ^([A-Za-z0-9-]+\;)+$ ]] || fail "$(basename "$DESKTOP"): Categories='$CATS' is not a ';'-terminated list"
[[ ";$CATS" == *";Development;"* || ";$CATS" == *";Utility;"* ]] || fail "$(basename "$DESKTOP"): Categories='$CATS' has neither Development nor Utility"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$DESKTOP" || fail "desktop-file-validate rejects $(basename "$DESKTOP")"
fi
ok "desktop entry: Exec=$EXEC Icon=$ICON Categories=$CATS"

# 3) Depends against this system. A listed package must be installed (at the version asked), and
#    each library the binaries link must come from a listed package or from one of their direct
#    dependencies: a new native library (a crate linking libssl, say) without a Depends line fails.
installed_version() { dpkg-query -W -f='${Status} ${Version}' "$1" 2>/dev/null | sed -n 's/^install ok installed //p'; }
COVERED=" "
IFS=',' read -ra DEPS <<<"$DEPENDS"
for dep in "${DEPS[@]}"; do
  dep=$(echo "$dep" | xargs)
  name=${dep%% *}; name=${name%%:*}
  have=$(installed_version "$name")
  [ -n "$have" ] || fail "Depends names $name, which is not installed here (does Debian 12 have it? apt-cache policy $name)"
  if [[ "$dep" =~ \((\>=|\<=|=|\>\>|\<\<)\ *([^\)]+)\) ]]; then
    op=${BASH_REMATCH[1]}; want=${BASH_REMATCH[2]}
    case "$op" in ">=") op=ge ;; "<=") op=le ;; "=") op=eq ;; ">>") op=gt ;; "<<") op=lt ;; esac
    dpkg --compare-versions "$have" "$op" "$want" || fail "Depends asks $dep, this system has $name $have"
  fi
  COVERED+="$name "
  for sub in $(dpkg-query -W -f='${Depends} ${Pre-Depends}' "$name" | tr ',|' '\n\n' | sed 's/(.*//; s/:.*//' | xargs -n1); do
    COVERED+="$sub "
  done
done
LDCONFIG=$(command -v ldconfig || echo /sbin/ldconfig) # not in a user's PATH on Debian
# The package owning a library file; with merged /usr, dpkg may know it under /lib or /usr/lib.
owner_of() {
  local p c o
  p=$(realpath "$1")
  for c in "$1" "$p" "${p#/usr}" "/usr$p"; do
    o=$(dpkg -S "$c" 2>/dev/null | sed -n '1s/:.*//p') || true
    [ -n "$o" ] && { echo "$o"; return 0; }
  done
  return 0
}
for bin in "$ROOT"/usr/bin/*; do
  needed=$(objdump -p "$bin" 2>&1) || fail "objdump could not read $(basename "$bin"): $needed"
  needed=$(awk '/NEEDED/{print $2}' <<<"$needed")
  [ -n "$needed" ] || fail "$(basename "$bin") lists no shared library: is it a dynamic executable?"
  for lib in $needed; do
    path=$("$LDCONFIG" -p | awk -v l="$lib" '!found && $1 == l && /x86-64|x86_64|AArch64/ {print $NF; found=1}')
    [ -n "$path" ] || fail "$(basename "$bin") links $lib, which this system does not have"
    owner=$(owner_of "$path")
    [ -n "$owner" ] || fail "$(basename "$bin") links $lib ($path), which no Debian package provides"
    [[ "$COVERED" == *" $owner "* ]] || fail "$(basename "$bin") links $lib from $owner, which Depends does not cover: add $owner to bundle.linux.deb.depends in src-tauri/tauri.conf.json"
  done
done
ok "Depends: installed here and covering every linked library"

# 4) Run what was installed.
check_installed() {
  local prefix=$1 where=$2 out
  [ -x "$prefix/usr/bin/parallax" ] || fail "$where: usr/bin/parallax is missing or not executable"
  out=$("$prefix/usr/bin/parallax" --version 2>&1) || fail "$where: 'parallax --version' failed: $out"
  [ "$out" = "parallax $VERSION" ] || fail "$where: 'parallax --version' printed '$out', expected 'parallax $VERSION'"
  ok "$where: parallax --version → $out"

  # The app on its own display, with its own HOME, data dir and no session bus: it writes nothing
  # outside $WORK. setsid: the app and its WebKit processes form one group, killed together.
  local home="$WORK/home-$where" disp="" id="" t0 ms
  mkdir -p "$home" "$WORK/data-$where"
  : >"$WORK/display"
  # -displayfd: Xvfb picks a free display itself (no race with another Xvfb); -noreset: without it
  # a short-lived X client leaving (xwininfo) can reset the server under the app.
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$WORK/display" >"$WORK/xvfb.log" 2>&1 &
  XVFB_PID=$!
  for _ in $(seq 100); do disp=$(cat "$WORK/display"); [ -n "$disp" ] && break; sleep 0.1; done
  [ -n "$disp" ] || fail "Xvfb did not start: $(tail -3 "$WORK/xvfb.log")"
  export DISPLAY=":$disp"
  xdpyinfo >/dev/null 2>&1 || fail "Xvfb on $DISPLAY does not answer"

  t0=$(date +%s%3N)
  env -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_CACHE_HOME -u XDG_STATE_HOME -u XDG_RUNTIME_DIR \
    HOME="$home" PARALLAX_DATA_DIR="$WORK/data-$where" DBUS_SESSION_BUS_ADDRESS="unix:path=$WORK/no-dbus" \
    PARALLAX_REPORT_READY=1 setsid "$prefix/usr/bin/parallax-desktop" >"$WORK/app.log" 2>&1 &
  APP_PGID=$!
  for _ in $(seq $((WINDOW_TIMEOUT * 10))); do
    kill -0 "$APP_PGID" 2>/dev/null || fail "$where: parallax-desktop exited before showing its window (log below)"
    for w in $(xwininfo -root -tree 2>/dev/null | awk '$2 == "\"Parallax\":" {print $1}'); do
      [[ "$(xwininfo -id "$w" 2>/dev/null)" == *"Map State: IsViewable"* ]] && { id=$w; break; }
    done
    [ -n "$id" ] && break
    sleep 0.1
  done
  [ -n "$id" ] || fail "$where: no visible window titled 'Parallax' on $DISPLAY within ${WINDOW_TIMEOUT}s; windows: $(xwininfo -root -tree | grep -c '^ *0x') (log below)"
  ms=$(($(date +%s%3N) - t0))
  geom=$(xwininfo -id "$id" | awk '/Width:/{w=$2} /Height:/{h=$2} END{print w "x" h}')
  ok "$where: window 'Parallax' ($id, $geom) visible $((ms / 1000)).$(printf %03d $((ms % 1000)))s after start"
  # A window is not enough: a blank webview (an asset the CSP blocks, a script error) shows one
  # too. The UI says it is interactive once its first frame is painted (PARALLAX_REPORT_READY).
  for _ in $(seq $((WINDOW_TIMEOUT * 10))); do
    grep -q "parallax: interactive" "$WORK/app.log" && break
    kill -0 "$APP_PGID" 2>/dev/null || fail "$where: parallax-desktop exited before its UI was interactive (log below)"
    sleep 0.1
  done
  grep -q "parallax: interactive" "$WORK/app.log" ||
    fail "$where: the window shows but its UI never became interactive within ${WINDOW_TIMEOUT}s (log below)"
  ms=$(($(date +%s%3N) - t0))
  ok "$where: UI interactive $((ms / 1000)).$(printf %03d $((ms % 1000)))s after start"

  if command -v import >/dev/null; then
    mkdir -p "$ROOT_DIR/target/package-test"
    sleep 1 # let the page paint
    import -window "$id" "$ROOT_DIR/target/package-test/window-$where.png" 2>/dev/null &&
      ok "$where: screenshot target/package-test/window-$where.png"
  fi
  kill -- "-$APP_PGID" 2>/dev/null || true; wait "$APP_PGID" 2>/dev/null || true; APP_PGID=""
  kill "$XVFB_PID" 2>/dev/null || true; wait "$XVFB_PID" 2>/dev/null || true; XVFB_PID=""
}

check_installed "$ROOT" extracted

if [ "${CI:-}" = true ] && [ "$(id -u)" = 0 ]; then
  if [ -n "$(installed_version "$PKG")" ]; then
    echo "package test: $PKG $(installed_version "$PKG") is already installed here: skipping dpkg -i / dpkg -r"
  else
    dpkg -i "$DEB" >"$WORK/dpkg.log" 2>&1 || { DPKG_INSTALLED=1; fail "dpkg -i failed: $(tail -5 "$WORK/dpkg.log")"; }
    DPKG_INSTALLED=1
    ok "dpkg -i $(basename "$DEB")"
    check_installed "" dpkg-installed
    dpkg -r "$PKG" >"$WORK/dpkg.log" 2>&1 || fail "dpkg -r $PKG failed: $(tail -5 "$WORK/dpkg.log")"
    DPKG_INSTALLED=""
    [ ! -e /usr/bin/parallax-desktop ] && [ ! -e /usr/bin/parallax ] || fail "dpkg -r $PKG left /usr/bin/parallax*"
    ok "dpkg -r $PKG"
  fi
fi
echo "package test: all green ($DEB)"
