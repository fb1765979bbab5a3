#!/usr/bin/env bash
# `make bench`: runs the benchmarks and prints a Markdown report (machine, date, figures) to
# paste into BENCHMARKS.md. Timing targets live here, never in the test suite.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/target/bench-report.md"
LOG=$(mktemp)
ERR=$(mktemp)
# A failing step shows its own output instead of a bare exit code.
XVFB_PID=""
trap 'status=$?; [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null; if [ $status -ne 0 ]; then echo "--- bench failed; its output:"; tail -40 "$ERR"; fi; rm -f "$LOG" "$ERR"' EXIT
cargo bench --locked -p parallax-engine --bench parse 2>&1 | tee "$LOG" >/dev/null
cargo build --locked --release -p mock-provider --quiet
FANOUT=$(MOCK_PROVIDER_BIN="$ROOT/target/release/mock-provider" cargo bench --locked -p parallax-engine --bench fanout 2>"$ERR" | grep -E '^\||^$')
cargo build --locked --release -p parallax-cli --quiet
PROCESS=$(PARALLAX_BIN="$ROOT/target/release/parallax" MOCK_PROVIDER_BIN="$ROOT/target/release/mock-provider" cargo bench --locked -p parallax-cli --bench process 2>"$ERR" | grep -E '^\||^$')
HISTORY=$(PARALLAX_BIN="$ROOT/target/release/parallax" cargo bench --locked -p parallax-store --bench history 2>"$ERR" | grep -E '^(\||Corpus)')
CATALOG=$(cargo bench --locked -p parallax-store --bench catalog_refresh 2>"$ERR" | grep -E '^\|')

# The app in its real WebKit window (release build, the UI embedded): cold start and idle memory
# against a bare Tauri window in the same run, then view switches and the palette via WebDriver.
(cd "$ROOT/ui" && npm run build >"$ERR" 2>&1)
cargo build --locked --release --workspace --features tauri/custom-protocol --bins --example bare_window --quiet 2>"$ERR"
if [ -z "${DISPLAY:-}" ] || ! xdpyinfo >/dev/null 2>&1; then
  # -displayfd: Xvfb picks a free display itself (no race with another one starting).
  DISPLAY_FILE=$(mktemp)
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$DISPLAY_FILE" >/dev/null 2>&1 &
  XVFB_PID=$!
  for _ in $(seq 100); do [ -s "$DISPLAY_FILE" ] && break; sleep 0.1; done
  export DISPLAY=":$(cat "$DISPLAY_FILE")"
  rm -f "$DISPLAY_FILE"
  for _ in $(seq 100); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
fi
APP_START=$(python3 "$ROOT/scripts/bench/app_start_memory.py" "$ROOT/target/release/parallax-desktop" \
  "$ROOT/target/release/examples/bare_window" 5 2>"$ERR")
UI_OUT=$(mktemp)
UI_SHOTS=$(mktemp -d)
# The History and Analytics benches read 25,000 seeded comparisons (~100,000 answers of 40 to 700
# words), seeded before any bench starts.
E2E_SPECS=bench/ BENCH_OUT="$UI_OUT" SCREENSHOT_DIR="$UI_SHOTS" SEED_COMPARISONS=25000 SEED_ARGS="" SEED_FOREGROUND=1 \
  MOCK_ARGS="--catalog $ROOT/ui/src/backend/fake-data/catalog.json" \
  PARALLAX_RENDERING=auto "$ROOT/tests/e2e/run.sh" "$ROOT/target/release/parallax-desktop" "$ROOT/target/release/mock-provider" >"$ERR" 2>&1
UI_ROWS=$(cat "$UI_OUT")
rm -rf "$UI_OUT" "$UI_SHOTS"
{
  echo "### Stream parsing (crates/engine/benches/parse.rs)"
  echo
  echo "- Date: $(date -u +%Y-%m-%d)"
  echo "- Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
  echo "- rustc: $(rustc --version)"
  echo
  echo "| stream (1 MiB, fed in 1 KiB chunks) | time per MiB (median) | throughput (median) | target | throughput ÷ target |"
  echo "|---|---|---|---|---|"
  # criterion prints "[low median high]"; the median is the 2nd value after the label.
  awk '
    /^parse_1mb\// { split($1, a, "/"); name = a[2] }
    {
      for (k = 1; k <= NF; k++) {
        if ($k == "time:" && name != "") { t = $(k+3) " " $(k+4) }
        if ($k == "thrpt:" && name != "") {
          v = $(k+3); u = $(k+4);
          mbs = (u ~ /GiB/) ? v * 1073.741824 : v * 1.048576;
          printf "| %s | %s | %.0f MB/s | 100 MB/s | %.2f× |\n", name, t, mbs, mbs / 100;
          name = ""
        }
      }
    }' "$LOG"
  echo
  echo "### Fan-out (crates/engine/benches/fanout.rs)"
  echo
  echo "N slots in this process against the mock provider (its own process, release build), each 300 ms to the first token then 200 tokens at 100 tok/s, in-memory SQLite with real persistence. TTFT truth: the mock stamps (CLOCK_MONOTONIC) each request's arrival and the moment its first answer text leaves; reported TTFT − that wire TTFT is what the engine adds. Targets: wall ÷ slowest ≤ 1.02 at N = 32; reported TTFT − wire p95 ≤ 2 ms at N = 32, ≤ 5 ms at N = 128; Send → wire ≤ 20 ms."
  echo
  echo "$FANOUT"
  echo
  echo "### The whole CLI process (crates/cli/benches/process.rs)"
  echo
  echo "A cold \`parallax compare\` process per run, file-backed history, the mock in its own process. Targets: spawn → request on the wire ≤ 20 ms for every provider; ≤ 20 ms CPU per 1,000 events, persistence included."
  echo
  echo "$PROCESS"
  echo
  echo "### History at scale (crates/store/benches/history.rs)"
  echo
  echo "$HISTORY" | sed 's/^| database size/\n| database size/'
  echo
  echo "### Catalog refresh (crates/store/benches/catalog_refresh.rs)"
  echo
  echo "OpenRouter's response for the bundled 414-model snapshot parsed and recorded (diff, price history, changed rows) in a file-backed database; each round reprices 5 % of the models."
  echo
  echo "$CATALOG"
  echo
  echo "### The app in its WebKit window (scripts/bench/app_start_memory.py, tests/e2e/bench/ui.test.mjs)"
  echo
  echo "Release build under Xvfb (software rendering). Cold start: a new app process with an empty history and no reachable provider, to the UI's first interactive frame, timed from outside. Idle memory: PSS of the process and its WebKit processes 5 s after start, against a bare Tauri window measured in the same run, showing an empty page and a page of text. Interactions are timed in the page up to the second animation frame after the change (painted)."
  echo
  echo "| measure | figure | target |"
  echo "|---|---|---|"
  echo "$APP_START"
  echo
  echo "| interaction | samples | p50 | p95 | max | target |"
  echo "|---|---|---|---|---|---|"
  echo "$UI_ROWS"
} > "$OUT"
cat "$OUT"
echo
echo "(written to ${OUT#$ROOT/})"
