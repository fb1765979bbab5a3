#!/usr/bin/env python3
"""Cold start and idle memory of the desktop app, against a bare Tauri window, in one run.

Usage: app_start_memory.py APP_BIN BARE_BIN [RUNS]

- Cold start: from spawning a fresh app process (own HOME and data directory, an empty history)
  to the UI saying it is interactive (`app_ready`, printed on stderr under
  PARALLAX_REPORT_READY=1), timed with this script's monotonic clock. "Cold" is a new process and
  a new WebKit; the OS page cache is warm (the binary ran before), as on a person's second start.
- Idle memory: PSS (proportional set size, /proc/<pid>/smaps_rollup) summed over the process and
  every descendant (WebKitWebProcess, WebKitNetworkProcess), 5 s after it became interactive; the
  bare window (an empty page from the same Tauri) the same way, 5 s after its window is mapped,
  and the bare window showing a page of plain text (`--text`): WebKit's compositor keeps no tiles
  for a page of one colour, so the empty page is a floor no window that shows anything reaches.

Both windows are drawn the same way: where the app turns WebKit's compositing off (no GPU render
node, src-tauri/src/rendering.rs), the bare window gets WEBKIT_DISABLE_COMPOSITING_MODE too —
compositing alone changes idle memory by ~100 MiB.

Needs an X display (DISPLAY, e.g. Xvfb) and x11-utils (xwininfo). Prints Markdown rows.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

SETTLE_S = 5.0
TIMEOUT_S = 30.0


def descendants(pid):
    children = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(d))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_pss_mib(pid):
    return sum(pss_kib(p) for p in descendants(pid)) / 1024


def window_mapped(title):
    out = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True).stdout
    return f'"{title}"' in out


def env_for(work):
    env = dict(os.environ)
    env.update(
        HOME=f"{work}/home",
        PARALLAX_DATA_DIR=f"{work}/data",
        PARALLAX_REPORT_READY="1",
        PARALLAX_KEYCHAIN="memory",
        DBUS_SESSION_BUS_ADDRESS=f"unix:path={work}/no-dbus",
        # No provider is reachable: the app must become interactive without the network.
        OPENROUTER_BASE_URL="http://127.0.0.1:9/api/v1",
    )
    try:
        gpu = any(n.startswith("renderD") for n in os.listdir("/dev/dri"))
    except OSError:
        gpu = False
    asked = os.environ.get("PARALLAX_RENDERING", "auto").strip().lower()
    if asked == "software" or (not gpu and asked != "gpu"):
        env["WEBKIT_DISABLE_COMPOSITING_MODE"] = "1"
    os.makedirs(env["HOME"], exist_ok=True)
    return env


def run_once(binary, ready, args=()):
    """Returns (seconds to ready, idle PSS MiB)."""
    with tempfile.TemporaryDirectory(prefix="parallax-bench-") as work:
        err = open(f"{work}/stderr", "w+")
        t0 = time.monotonic()
        p = subprocess.Popen([binary, *args], env=env_for(work), stdout=subprocess.DEVNULL, stderr=err)
        try:
            while True:
                if p.poll() is not None:
                    err.seek(0)
                    raise SystemExit(f"{binary} exited early: {err.read()[-2000:]}")
                if time.monotonic() - t0 > TIMEOUT_S:
                    raise SystemExit(f"{binary} was not ready within {TIMEOUT_S} s")
                if ready(err):
                    break
                time.sleep(0.005)
            start_s = time.monotonic() - t0
            time.sleep(SETTLE_S)
            return start_s, tree_pss_mib(p.pid)
        finally:
            for q in reversed(descendants(p.pid)):
                try:
                    os.kill(q, 15)
                except OSError:
                    pass
            p.wait(timeout=10)


def app_ready(err):
    err.flush()
    with open(err.name) as f:
        return "parallax: interactive" in f.read()


def main():
    app, bare = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    app_runs, bare_runs, text_runs = [], [], []
    mapped = lambda _e: window_mapped("Bare")
    for _ in range(runs):
        bare_runs.append(run_once(bare, mapped))
        text_runs.append(run_once(bare, mapped, ["--text"]))
        app_runs.append(run_once(app, app_ready))
    med = lambda xs: statistics.median(xs)
    app_start = [s for s, _ in app_runs]
    app_mem = med([m for _, m in app_runs])
    bare_mem = med([m for _, m in bare_runs])
    text_mem = med([m for _, m in text_runs])
    print(f"| cold start to interactive (median of {runs}; max) | {med(app_start)*1000:.0f} ms; {max(app_start)*1000:.0f} ms | ≤ 1,500 ms |")
    print(f"| bare window mapped (median of {runs}) | {med([s for s, _ in bare_runs])*1000:.0f} ms | — |")
    print(f"| idle PSS, app + WebKit processes (median) | {app_mem:.0f} MiB | — |")
    print(f"| idle PSS, bare Tauri window + WebKit (median) | {bare_mem:.0f} MiB | — |")
    print(f"| idle PSS, bare Tauri window showing a page of text (median) | {text_mem:.0f} MiB | — |")
    print(f"| app ÷ bare (empty page) | {app_mem / bare_mem:.2f}× | ≤ 1.2× |")
    print(f"| app ÷ bare showing text | {app_mem / text_mem:.2f}× | — |")


if __name__ == "__main__":
    main()
