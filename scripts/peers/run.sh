#!/usr/bin/env bash
# `make bench-peers`: parallax against the tools people use instead (openai SDK, LiteLLM, httpx,
# aiohttp, curl ×N), all streaming the same workload from the mock provider on loopback. Prints
# a Markdown report (also written to target/peers-report.md; raw figures to
# target/peers-results.json). Not part of `make test` or `make bench`: it installs the Python
# clients from PyPI into target/peers-venv and takes several minutes.
# Extra arguments go to `peers.py run`, e.g. `scripts/peers/run.sh --ns 128 --runs 1
# --clients httpx-default-limits,aiohttp-default-limits`.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
VENV=target/peers-venv
REQ=scripts/peers/requirements.txt
OUT=target/peers-report.md

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
if ! cmp -s "$REQ" "$VENV/.installed-requirements.txt"; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQ"
  cp "$REQ" "$VENV/.installed-requirements.txt"
fi
command -v curl >/dev/null || { echo "bench-peers: curl is needed (apt-get install curl)" >&2; exit 1; }

if ! cargo build --release --locked --quiet -p mock-provider -p parallax-cli; then
  echo "bench-peers: --locked build failed; retrying with --offline (may update Cargo.lock)" >&2
  cargo build --release --offline --quiet -p mock-provider -p parallax-cli
fi

# What was built, read right after the build (others may be editing the tree meanwhile).
built="$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- crates tests Cargo.lock Cargo.toml 2>/dev/null || echo ' + uncommitted changes')"
versions=$("$VENV/bin/python" - <<'EOF'
import importlib.metadata as m, platform
print(f"Python {platform.python_version()}, " + ", ".join(
    f"{p} {m.version(p)}" for p in ("openai", "litellm", "httpx", "aiohttp")))
EOF
)
load_before=$(uptime)
RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"' EXIT
"$VENV/bin/python" scripts/peers/peers.py run \
  --mock-bin target/release/mock-provider --parallax target/release/parallax \
  --py "$VENV/bin/python" --json-out target/peers-results.json \
  --clients parallax,openai,litellm,httpx,aiohttp,curl,openai:warm,litellm:warm,httpx:warm,aiohttp:warm \
  "$@" > "$RESULTS"
load_after=$(uptime)
{
  echo "### Parallax and its peers (scripts/peers)"
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
  echo "- parallax: $built, $(rustc --version)"
  echo "- Clients: $versions, $(curl --version | head -1 | cut -d' ' -f1-2)"
  echo "- Load: before \`${load_before# }\`; after \`${load_after# }\`"
  echo
  echo "Each stream: mock/custom@ttft=300,tps=100,tokens=200,tag=i (300 ms to the first token, then"
  echo "200 tokens at 100 tok/s); 1 event = 1 token. Every client runs in its own process per run;"
  echo "CPU and peak RSS are that whole process's (os.wait4), start-up and imports included."
  echo "Start-up CPU: a run with N = 0 (interpreter, imports, client set-up; parallax cannot run"
  echo "without a model, so its run sends one request that the mock refuses at once). TTFT − wire:"
  echo "the client's TTFT minus the mock's own (first answer text handed to the socket − request"
  echo "arrival); request side = the client's TTFB, reading side = TTFT − TTFB − wire, so the two"
  echo "add up to TTFT − wire. NAME:warm: one short stream first, through the same client object"
  echo "in the same process (a long-running program). curl: N processes; its peak RSS is the sum of"
  echo "their own peaks (VmHWM), with their PSS (shared pages split) in brackets. Other load: CPU"
  echo "that other processes used meanwhile, in cores (of $(nproc)). Peak RSS: ru_maxrss where it"
  echo "is exact, else the process's own VmHWM read every 10 ms (target/peers-results.json says which)."
  echo
  cat "$RESULTS"
} > "$OUT"
cat "$OUT"
echo
echo "(written to $OUT; raw figures in target/peers-results.json)"
