#!/usr/bin/env python3
"""Parallax against the tools people use instead: the same streaming workload, the same mock.

Two roles in one file (stdlib only; each client's own library is imported only in its role):

  peers.py run --mock-bin BIN --parallax BIN --py VENV_PYTHON [...]
      The harness. Starts the mock provider, then for each run, N and client starts that client
      in its own child process, reads the child's CPU time and peak RSS from os.wait4 (peak RSS
      from the child's own VmHWM where ru_maxrss cannot be exact: see Harness.spawn_direct),
      reads the mock's wire record (GET /__mock/wire), and prints a Markdown table (raw figures
      as JSON). --spawn launcher starts each client through launch.py instead (exact ru_maxrss
      above ~8 MiB) — but on the 2026-11-30 machine that made parallax's TTFT at N = 128 several
      times worse (an intermediate process, even sh, did; Python clients were unaffected), so
      the default is direct.

  peers.py client NAME --n N --base URL --out FILE
      One client streaming N answers at once, timing each the way a user of that library would,
      and writing its timestamps (CLOCK_MONOTONIC ns, the mock's clock too) to FILE.
      NAME: openai, litellm, httpx, aiohttp, curl; httpx-default-limits and
      aiohttp-default-limits keep those libraries' default connection pools (100 each).
      NAME:warm (not curl) first sends one short stream through the same client object in the
      same process, unreported: what a long-running program sees after its first call.
      --n 0 only starts up: interpreter, imports, client set-up (the start-up CPU column; the
      harness's parallax start-up run sends one request that the mock refuses at once).

Workload per stream i: mock/custom@ttft=300,tps=100,tokens=200,tag=i (300 ms to the first token,
then 200 tokens at 100 tok/s); one stream event = one answer token = one SSE chunk.
"""
import time

PROC_START_NS = time.monotonic_ns()  # before any other import: start-up is part of the cost

import argparse
import asyncio
import json
import os
import resource
import selectors
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import urllib.request

EVENTS_PER_STREAM = 200
LAUNCHER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "launch.py")
PROMPT = "Explain in a paragraph why streaming answers side by side helps compare models."


def model_for(i):
    return f"mock/custom@ttft=300,tps=100,tokens={EVENTS_PER_STREAM},tag={i}"


def now():
    return time.monotonic_ns()


# --------------------------------------------------------------------------------------------
# Clients. Each returns one record per stream:
#   model, start_ns (just before the request call), headers_ns (response headers available to
#   the caller), first_ns (first chunk whose delta content is non-empty), end_ns, events
#   (chunks with non-empty content), error.
# --------------------------------------------------------------------------------------------


def new_record(model):
    return {"model": model, "start_ns": None, "headers_ns": None, "first_ns": None,
            "last_ns": None, "end_ns": None, "events": 0, "error": None}


async def gather_streams(models, one):
    recs = [new_record(m) for m in models]

    async def guarded(rec):
        try:
            await one(rec)
        except Exception as e:  # a failed stream is reported, never dropped
            rec["error"] = f"{type(e).__name__}: {e}"[:300]
        rec["end_ns"] = now()

    await asyncio.gather(*(guarded(r) for r in recs))
    return recs


def run_async_client(setup, n, warm):
    """setup() -> (one, close): one(rec) streams rec["model"] into rec. With warm, one short
    stream goes first through the same client object, in the same process, and is not reported:
    what a long-running program (a server) sees after its first call."""

    async def main():
        one, close = await setup()
        if warm:
            await gather_streams([WARM_MODEL], one)
        recs = await gather_streams([model_for(i) for i in range(n)], one)
        await close()
        return recs

    return asyncio.run(main())


WARM_MODEL = "mock/custom@ttft=0,tps=1000,tokens=1,tag=warm-up"


async def _nothing():
    pass


def client_openai(n, base, warm=False):
    from openai import AsyncOpenAI

    async def setup():
        client = AsyncOpenAI(base_url=base, api_key="x")

        async def one(rec):
            rec["start_ns"] = now()
            # create(stream=True) returns once the response headers are in (stream.response).
            stream = await client.chat.completions.create(
                model=rec["model"], stream=True,
                messages=[{"role": "user", "content": PROMPT}])
            rec["headers_ns"] = now()
            async for chunk in stream:
                if chunk.choices and chunk.choices[0].delta.content:
                    rec["last_ns"] = now()
                    if rec["first_ns"] is None:
                        rec["first_ns"] = rec["last_ns"]
                    rec["events"] += 1

        return one, client.close

    return run_async_client(setup, n, warm)


def client_litellm(n, base, warm=False):
    import litellm

    async def setup():
        async def one(rec):
            rec["start_ns"] = now()
            # acompletion(stream=True) returns a CustomStreamWrapper once the HTTP response is
            # in; the moment it returns is the only "response is there" moment LiteLLM gives.
            resp = await litellm.acompletion(
                model="openai/" + rec["model"], api_base=base, api_key="x", stream=True,
                messages=[{"role": "user", "content": PROMPT}])
            rec["headers_ns"] = now()
            async for chunk in resp:
                if chunk.choices and chunk.choices[0].delta.content:
                    rec["last_ns"] = now()
                    if rec["first_ns"] is None:
                        rec["first_ns"] = rec["last_ns"]
                    rec["events"] += 1

        return one, _nothing

    return run_async_client(setup, n, warm)


def sse_content(line, rec):
    """One SSE line (str) of an OpenAI-style stream: counts it if it carries answer text."""
    if not line.startswith("data: "):
        return
    data = line[6:]
    if data.strip() == "[DONE]":
        return
    obj = json.loads(data)
    choices = obj.get("choices") or []
    if choices and (choices[0].get("delta") or {}).get("content"):
        rec["last_ns"] = now()
        if rec["first_ns"] is None:
            rec["first_ns"] = rec["last_ns"]
        rec["events"] += 1


def client_httpx(n, base, warm=False, default_limits=False):
    import httpx

    async def setup():
        # httpx's default pool holds 100 connections: more streams than that wait for one.
        kw = {} if default_limits else {"limits": httpx.Limits(
            max_connections=max(n, 1), max_keepalive_connections=max(n, 1))}
        client = httpx.AsyncClient(**kw)

        async def one(rec):
            rec["start_ns"] = now()
            body = {"model": rec["model"], "stream": True,
                    "messages": [{"role": "user", "content": PROMPT}]}
            async with client.stream("POST", base + "/chat/completions", json=body,
                                     headers={"Authorization": "Bearer x"}) as r:
                rec["headers_ns"] = now()
                r.raise_for_status()
                async for line in r.aiter_lines():
                    sse_content(line, rec)

        return one, client.aclose

    return run_async_client(setup, n, warm)


def client_aiohttp(n, base, warm=False, default_limits=False):
    import aiohttp

    async def setup():
        # aiohttp's default connector holds 100 connections: more streams than that wait.
        conn = aiohttp.TCPConnector() if default_limits else aiohttp.TCPConnector(limit=max(n, 1))
        session = aiohttp.ClientSession(connector=conn)

        async def one(rec):
            rec["start_ns"] = now()
            body = {"model": rec["model"], "stream": True,
                    "messages": [{"role": "user", "content": PROMPT}]}
            async with session.post(base + "/chat/completions", json=body,
                                    headers={"Authorization": "Bearer x"}) as r:
                rec["headers_ns"] = now()
                r.raise_for_status()
                async for raw in r.content:  # one line at a time
                    sse_content(raw.decode().rstrip("\r\n"), rec)

        return one, session.close

    return run_async_client(setup, n, warm)


def read_kib(path, key):
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def client_curl(n, base, warm=False):
    """N curl processes, one per stream, read by this process (the reader).

    curl -sN -i writes the response headers to stdout as they arrive, then each SSE line as it
    arrives; -w appends curl's own time_starttransfer (TTFB from curl's start) at the end. The
    reader stamps, per stream, the moment the status line reaches it and the moment the first
    line with answer text reaches it. TTFT on curl's own clock = time_starttransfer + (first text
    seen - headers seen). The CPU and RSS reported for curl are the curl processes' own (os.wait4
    on each); the reader's are written apart (reader_cpu_s, reader_maxrss_kib). A curl's own
    ru_maxrss would start from this reader's RSS (see launch.py), so each curl's peak RSS is its
    VmHWM (its own address space only), sampled every 250 ms while the streams are live; PSS
    (shared library pages split between the curls) is sampled alongside.
    """
    recs = [new_record(model_for(i)) for i in range(n)]
    sel = selectors.DefaultSelector()
    procs = {}
    hwm, pss = {}, {}
    state = {"open": 0, "next_sample": now()}

    def pump(timeout):
        """Reads whatever the curls wrote, stamping each read; samples their memory now and then."""
        if now() >= state["next_sample"]:
            for pid in procs:
                hwm[pid] = max(hwm[pid], read_kib(f"/proc/{pid}/status", "VmHWM:"))
                pss[pid] = max(pss[pid], read_kib(f"/proc/{pid}/smaps_rollup", "Pss:"))
            state["next_sample"] = now() + 250_000_000
        for key, _ in sel.select(timeout=timeout):
            p, rec = key.data
            try:
                chunk = os.read(key.fileobj.fileno(), 65536)
            except BlockingIOError:
                continue
            t = now()
            if not chunk:
                sel.unregister(key.fileobj)
                state["open"] -= 1
                rec["end_ns"] = t  # curl closed its output: the stream is over
                continue
            buf = rec["_buf"] + chunk
            *lines, rec["_buf"] = buf.split(b"\n")
            for line in lines:
                if rec["_headers_seen"] is None and line.startswith(b"HTTP/"):
                    rec["_headers_seen"] = t
                elif line.startswith(b"data: {"):
                    if rec["first_ns"] is None:
                        obj = json.loads(line[6:])
                        ch = obj.get("choices") or []
                        if ch and (ch[0].get("delta") or {}).get("content"):
                            rec["first_ns"] = rec["last_ns"] = t
                            rec["events"] += 1
                    elif b'"content":""' not in line:  # the mock's compact JSON; cheap count
                        rec["events"] += 1
                        rec["last_ns"] = t
                elif line.startswith(b"__PX_W__"):
                    _, starttransfer, code = line.decode().split()
                    rec["curl_starttransfer_s"] = float(starttransfer)
                    rec["http_code"] = code

    for rec in recs:
        body = json.dumps({"model": rec["model"], "stream": True,
                           "messages": [{"role": "user", "content": PROMPT}]})
        rec["spawn_ns"] = now()
        p = subprocess.Popen(
            ["curl", "-sN", "-i", base + "/chat/completions",
             "-H", "Authorization: Bearer x", "-H", "Content-Type: application/json",
             "--data-binary", body, "-w", "\n__PX_W__ %{time_starttransfer} %{http_code}\n"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)
        os.set_blocking(p.stdout.fileno(), False)
        procs[p.pid] = (p, rec)
        hwm[p.pid] = pss[p.pid] = 0
        rec["_buf"] = b""
        rec["_headers_seen"] = None
        sel.register(p.stdout, selectors.EVENT_READ, (p, rec))
        state["open"] += 1
        # Keep reading while later curls start, so that no stamp waits for the spawning.
        pump(0)
    while state["open"]:
        pump(0.25)
    cpu = 0.0
    for pid, (p, rec) in procs.items():
        _, status, ru = os.wait4(pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        p.stdout.close()
        cpu += ru.ru_utime + ru.ru_stime
        if p.returncode != 0:
            rec["error"] = f"curl exited {p.returncode}"
    for rec in recs:
        hs = rec.pop("_headers_seen")
        rec.pop("_buf")
        if rec.get("curl_starttransfer_s") is None or hs is None or rec["first_ns"] is None:
            rec["error"] = rec["error"] or "no headers, first text or -w line"
            continue
        # Put curl's clock on the reader's: the request starts where curl says it did relative
        # to the headers as the reader saw them. TTFB is then exactly curl's time_starttransfer.
        rec["start_ns"] = hs - int(rec["curl_starttransfer_s"] * 1e9)
        rec["headers_ns"] = hs
    me = resource.getrusage(resource.RUSAGE_SELF)
    extra = {"curl_cpu_s": cpu, "curl_hwm_sum_kib": sum(hwm.values()),
             "curl_pss_sum_kib": sum(pss.values()),
             "reader_cpu_s": me.ru_utime + me.ru_stime, "reader_maxrss_kib": me.ru_maxrss}
    return recs, extra


CLIENTS = {
    "openai": client_openai,
    "litellm": client_litellm,
    "httpx": client_httpx,
    "aiohttp": client_aiohttp,
    "httpx-default-limits": lambda n, b, warm: client_httpx(n, b, warm, default_limits=True),
    "aiohttp-default-limits": lambda n, b, warm: client_aiohttp(n, b, warm, default_limits=True),
    "curl": client_curl,
}


def client_names():
    return sorted(CLIENTS) + [c + ":warm" for c in sorted(CLIENTS) if c != "curl"]


def cmd_client(a):
    name, _, mode = a.name.partition(":")
    fn = CLIENTS[name]
    out = fn(a.n, a.base, mode == "warm")
    recs, extra = out if isinstance(out, tuple) else (out, {})
    with open(a.out, "w") as f:
        json.dump({"client": a.name, "n": a.n, "proc_start_ns": PROC_START_NS,
                   "streams": recs, **extra}, f)


# --------------------------------------------------------------------------------------------
# Harness
# --------------------------------------------------------------------------------------------


def http(method, url):
    req = urllib.request.Request(url, method=method)
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.read()


def pct(xs, p):
    """Percentile by linear interpolation (numpy's default)."""
    if not xs:
        return None
    xs = sorted(xs)
    k = (len(xs) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def busy_ticks():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal
    return v[0] + v[1] + v[2] + v[5] + v[6] + v[7]


def proc_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        rest = f.read().rsplit(")", 1)[1].split()
    return int(rest[11]) + int(rest[12])  # utime stime


class Mock:
    def __init__(self, binary):
        self.p = subprocess.Popen([binary], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        first = self.p.stdout.readline().decode()
        if "listening on" not in first:
            raise SystemExit(f"mock-provider did not start: {first!r}")
        self.url = first.split("listening on", 1)[1].strip()
        # Keep reading (and discarding) its stdout so it can never block on a full pipe.
        threading.Thread(target=lambda: [None for _ in self.p.stdout], daemon=True).start()

    def stop(self):
        self.p.terminate()
        self.p.wait(timeout=10)


class Harness:
    def __init__(self, a):
        self.a = a
        self.mock = Mock(a.mock_bin)
        self.base = self.mock.url + "/api/v1"
        self.work = tempfile.mkdtemp(prefix="peers-")
        self.data_dir = os.path.join(self.work, "parallax-data")
        os.makedirs(self.data_dir)
        self.env = dict(os.environ, LITELLM_LOCAL_MODEL_COST_MAP="True",
                        PARALLAX_DATA_DIR=self.data_dir, OPENROUTER_BASE_URL=self.base,
                        OPENROUTER_API_KEY="x")
        self.seq = 0

    def command(self, client, n, out):
        if client == "parallax":
            cmd = [os.path.abspath(self.a.parallax), "compare"]
            for i in range(n):
                cmd += ["-m", model_for(i)]
            if n == 0:  # parallax needs a model: its start-up run sends one, refused at once
                cmd += ["-m", "mock/custom@status=400,tag=start-up"]
            return cmd + ["--json", PROMPT]
        return [os.path.abspath(self.a.py), os.path.abspath(__file__), "client", client, "--n", str(n),
                "--base", self.base, "--out", out]

    def spawn_direct(self, cmd, stdout_path, stderr_path):
        """The client as this process's own child: CPU from os.wait4. Its ru_maxrss starts from
        this harness's RSS (see launch.py), so the peak RSS is the child's own VmHWM, read every
        10 ms while it runs (the last reading before it exits), unless ru_maxrss is above the
        harness's own high-water mark, which makes it exact."""
        floor = read_kib("/proc/self/status", "VmHWM:")
        with open(stdout_path, "w") as so, open(stderr_path, "w") as se:
            p = subprocess.Popen(cmd, stdout=so, stderr=se, env=self.env)
        hwm = [0]
        done = threading.Event()

        def sample():
            while not done.wait(0.01):
                hwm[0] = max(hwm[0], read_kib(f"/proc/{p.pid}/status", "VmHWM:"))

        t = threading.Thread(target=sample, daemon=True)
        t.start()
        _, status, ru = os.wait4(p.pid, 0)
        done.set()
        t.join()
        p.returncode = os.waitstatus_to_exitcode(status)
        exact = ru.ru_maxrss > floor
        return {"exit": p.returncode, "utime": ru.ru_utime, "stime": ru.ru_stime,
                "maxrss_kib": ru.ru_maxrss if exact else (hwm[0] or None), "floor_kib": 0,
                "maxrss_source": "ru_maxrss" if exact else "VmHWM sampled"}

    def measure(self, client, n):
        """One run: the client in its own process; returns its figures (per stream and whole)."""
        self.seq += 1
        out = os.path.join(self.work, f"{self.seq}-{client}-{n}.json")
        http("DELETE", self.mock.url + "/__mock/wire")
        load1 = os.getloadavg()[0]
        b0, m0 = busy_ticks(), proc_ticks(self.mock.p.pid)
        w0 = now()
        if self.a.spawn == "launcher":
            # Started (and waited for with os.wait4) by launch.py, a tiny process: see there.
            usage = out + ".rusage"
            cmd = [sys.executable, "-S", "-I", LAUNCHER, usage,
                   out if client == "parallax" else os.devnull, out + ".err", "--"] \
                + self.command(client, n, out)
            subprocess.run(cmd, env=self.env, check=True)
            with open(usage) as f:
                ru = json.load(f)
        else:
            ru = self.spawn_direct(self.command(client, n, out),
                                   out if client == "parallax" else os.devnull, out + ".err")
        wall_s = (now() - w0) / 1e9
        b1, m1 = busy_ticks(), proc_ticks(self.mock.p.pid)
        hz = os.sysconf("SC_CLK_TCK")
        cpu_s = ru["utime"] + ru["stime"]
        res = {"client": client, "n": n, "exit": ru["exit"], "wall_s": wall_s, "cpu_s": cpu_s,
               "maxrss_kib": ru["maxrss_kib"], "rss_floor_kib": ru["floor_kib"],
               "maxrss_source": ru.get("maxrss_source", "ru_maxrss via launch.py"), "load1": load1,
               "mock_cpu_s": (m1 - m0) / hz,
               # What the rest of the machine used meanwhile, in cores (other builds, ...).
               "others_cores": max(0.0, ((b1 - b0) / hz - (m1 - m0) / hz - cpu_s) / wall_s)}
        with open(out + ".err") as f:
            err = f.read()
        if ru["exit"] != 0:
            res["stderr_tail"] = err[-2000:]
        if n == 0:
            return res
        wire = {r["model"]: r for r in json.loads(http("GET", self.mock.url + "/__mock/wire"))
                ["requests"]}
        streams = []
        try:
            with open(out) as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            res["error"] = f"no result document: {e}"
            res["streams"] = []
            return res
        if client == "parallax":
            for s in doc["slots"]:
                ok = s["status"] == "done" and s.get("ttft_ms") is not None
                streams.append({
                    "model": s["model"], "ttft_ms": s.get("ttft_ms"), "ttfb_ms": s.get("ttfb_ms"),
                    "end_ms": s.get("total_ms"),
                    "events": (s.get("usage") or {}).get("output_tokens"),
                    "error": None if ok else f"status {s['status']}"})
        else:
            for k in ("curl_cpu_s", "curl_hwm_sum_kib", "curl_pss_sum_kib", "reader_cpu_s",
                      "reader_maxrss_kib"):
                if k in doc:
                    res[k] = doc[k]
            res["imports_ms"] = None
            for s in doc["streams"]:
                st = {"model": s["model"], "events": s["events"], "error": s["error"]}
                if s["error"] is None and s["first_ns"] and s["headers_ns"] and s["start_ns"]:
                    st["ttft_ms"] = (s["first_ns"] - s["start_ns"]) / 1e6
                    st["ttfb_ms"] = (s["headers_ns"] - s["start_ns"]) / 1e6
                    st["end_ms"] = (s["end_ns"] - s["start_ns"]) / 1e6
                    st["abs"] = {k: s[k] for k in ("start_ns", "headers_ns", "first_ns")}
                elif s["error"] is None:
                    st["error"] = "missing timestamps"
                streams.append(st)
        for st in streams:
            w = wire.get(st["model"])
            if w is None or w.get("first_text_ns") is None:
                st["error"] = st["error"] or "no wire record"
                continue
            st["wire_ms"] = (w["first_text_ns"] - w["arrived_ns"]) / 1e6
            if st["error"] is None and st["events"] != EVENTS_PER_STREAM:
                st["error"] = f"{st['events']} events, expected {EVENTS_PER_STREAM}"
            if st.get("ttft_ms") is not None:
                st["total_err_ms"] = st["ttft_ms"] - st["wire_ms"]
                st["request_ms"] = st["ttfb_ms"]
                st["reading_ms"] = st["ttft_ms"] - st["ttfb_ms"] - st["wire_ms"]
            if "abs" in st:  # same clock as the wire: where the time went, absolutely
                a = st.pop("abs")
                if client != "curl":  # curl's start is derived from its own TTFB: no check
                    st["start_to_arrival_ms"] = (w["arrived_ns"] - a["start_ns"]) / 1e6
                st["wire_first_to_client_ms"] = (a["first_ns"] - w["first_text_ns"]) / 1e6
        res["streams"] = streams
        return res


def fmt_ms(x):
    if x is None:
        return "—"
    if abs(x) >= 1000:
        return f"{x / 1000:.2f} s"
    return f"{x:.2f} ms" if abs(x) < 10 else f"{x:.1f} ms" if abs(x) < 100 else f"{x:.0f} ms"


def summarize(results, ns, clients):
    rows = []
    by = {}
    for r in results:
        by.setdefault((r["client"], r["n"]), []).append(r)
    startup = {c: [r["cpu_s"] for r in by.get((c.split(":")[0], 0), [])] for c in clients}
    base_cpu = {}
    for n in ns:
        for c in clients:
            runs = by.get((c, n), [])
            if not runs:
                continue
            ok_runs = [r for r in runs if r["exit"] == 0]
            streams = [s for r in runs for s in r.get("streams", [])]
            good = [s for s in streams if s["error"] is None and "total_err_ms" in s]

            def cpu_of(r):
                return r["curl_cpu_s"] if c == "curl" else r["cpu_s"]

            def rss_of(r):
                return r["curl_hwm_sum_kib"] if c == "curl" else r["maxrss_kib"]

            per_k = sorted(cpu_of(r) * 1000 / (n * EVENTS_PER_STREAM / 1000) for r in ok_runs)
            cpu_med = statistics.median(per_k) if per_k else None
            if c == "parallax":
                base_cpu[n] = cpu_med
            rows.append({
                "client": c, "n": n, "runs": len(runs), "ok_runs": len(ok_runs),
                "streams_ok": len(good), "streams": n * len(runs),
                "cpu_per_k_ms": cpu_med, "cpu_per_k_range": (per_k[0], per_k[-1]) if per_k else None,
                "startup_cpu_ms": statistics.median(startup[c]) * 1000 if startup.get(c) else None,
                "total_p50": pct([s["total_err_ms"] for s in good], 50),
                "total_p95": pct([s["total_err_ms"] for s in good], 95),
                "request_p95": pct([s["request_ms"] for s in good], 95),
                "reading_p95": pct([s["reading_ms"] for s in good], 95),
                "end_p50": pct([s["end_ms"] for s in good if s.get("end_ms") is not None], 50),
                "end_p95": pct([s["end_ms"] for s in good if s.get("end_ms") is not None], 95),
                "wall_s": statistics.median(r["wall_s"] for r in runs),
                "pss_mib": statistics.median(r["curl_pss_sum_kib"] for r in ok_runs) / 1024
                if c == "curl" and ok_runs else None,
                "rss_mib": statistics.median(rss_of(r) for r in ok_runs) / 1024
                if ok_runs and all(rss_of(r) for r in ok_runs) else None,
                # ru_maxrss at the launcher's own size means "no more than that" (see launch.py).
                "rss_at_floor": c != "curl" and any(
                    (r["maxrss_kib"] or 0) <= r["rss_floor_kib"] for r in ok_runs),
                "others_cores": statistics.median(r["others_cores"] for r in runs),
                "arrival": [pct([s["start_to_arrival_ms"] for s in good if "start_to_arrival_ms" in s], p)
                            for p in (50, 95)],
                "delivery": [pct([s["wire_first_to_client_ms"] for s in good
                                  if "wire_first_to_client_ms" in s], p) for p in (50, 95)],
                "errors": sorted({s["error"] for s in streams if s["error"]})[:3]
                + [r.get("stderr_tail", "")[-300:] for r in runs if r["exit"] != 0][:1],
            })
    for row in rows:
        b = base_cpu.get(row["n"])
        row["ratio"] = row["cpu_per_k_ms"] / b if b and row["cpu_per_k_ms"] is not None else None
    return rows


def markdown(rows):
    out = ["| client | N | streams measured | CPU per 1,000 events (median; min–max) | ÷ parallax "
           "| start-up CPU (N = 0) | TTFT − wire p50 / p95 | request side (TTFB) p95 "
           "| reading side p95 | peak RSS | request start → stream end p50 / p95 | process wall "
           "| other load (cores) |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        rng = r["cpu_per_k_range"]
        rss = "—" if r["rss_mib"] is None else \
            f"{'≤ ' if r['rss_at_floor'] else ''}{r['rss_mib']:.0f} MiB"
        if r["pss_mib"] is not None:
            rss = f"{rss} (sum of {r['n']}; PSS {r['pss_mib']:.0f} MiB)"
        cpu = (f"{r['cpu_per_k_ms']:.1f} ms ({rng[0]:.1f}–{rng[1]:.1f})"
               if r["cpu_per_k_ms"] is not None else "—")
        out.append(
            f"| {r['client']} | {r['n']} | {r['streams_ok']}/{r['streams']} | {cpu} | "
            f"{'%.2f×' % r['ratio'] if r['ratio'] is not None else '—'} | "
            f"{fmt_ms(r['startup_cpu_ms'])} | "
            f"{fmt_ms(r['total_p50'])} / {fmt_ms(r['total_p95'])} | {fmt_ms(r['request_p95'])} | "
            f"{fmt_ms(r['reading_p95'])} | "
            f"{rss} | {fmt_ms(r['end_p50'])} / {fmt_ms(r['end_p95'])} | {r['wall_s']:.2f} s | "
            f"{r['others_cores']:.2f} |")
    out += ["", "On the wire's clock (CLOCK_MONOTONIC in both processes; parallax's JSON has no "
            "absolute times):", "",
            "| client | N | request start → arrival at the mock p50 / p95 "
            "| first text leaves the mock → client has it p50 / p95 |", "|---|---|---|---|"]
    for r in rows:
        if r["delivery"][0] is not None:
            out.append(f"| {r['client']} | {r['n']} | {fmt_ms(r['arrival'][0])} / "
                       f"{fmt_ms(r['arrival'][1])} | {fmt_ms(r['delivery'][0])} / "
                       f"{fmt_ms(r['delivery'][1])} |")
    return "\n".join(out)


def cmd_run(a):
    ns = [int(x) for x in a.ns.split(",")]
    clients = a.clients.split(",")
    h = Harness(a)
    results = []
    try:
        print(f"mock at {h.mock.url}; work dir {h.work}", file=sys.stderr)
        # Warm-up, not measured: gives parallax its database and every client a warm page cache.
        for c in clients:
            r = h.measure(c, 1)
            if r["exit"] != 0:
                print(f"warm-up of {c} failed:\n{r.get('stderr_tail', '')}", file=sys.stderr)
        for run in range(max(a.runs, a.runs_n1 if 1 in ns else 0)):
            for n in ns:
                if run >= (a.runs_n1 if n == 1 else a.runs):
                    continue
                for c in clients:
                    r = h.measure(c, n)
                    r["run"] = run
                    results.append(r)
                    bad = sum(1 for s in r.get("streams", []) if s["error"])
                    print(f"run {run + 1} N={n} {c}: exit {r['exit']}, cpu {r['cpu_s']:.2f} s, "
                          f"wall {r['wall_s']:.2f} s, {bad} bad streams, others "
                          f"{r['others_cores']:.2f} cores", file=sys.stderr)
        for run in range(a.startup_runs):
            for c in clients:
                if c != "curl" and ":" not in c:
                    r = h.measure(c, 0)
                    r["run"] = run
                    results.append(r)
    finally:
        h.mock.stop()
        shutil.rmtree(h.work, ignore_errors=True)
    rows = summarize(results, ns, clients)
    if a.json_out:
        with open(a.json_out, "w") as f:
            json.dump({"results": results, "rows": rows}, f, indent=1)
    print(markdown(rows))
    problems = [r for r in rows if r["errors"]]
    for r in problems:
        print(f"\n{r['client']} N={r['n']}: {'; '.join(e for e in r['errors'] if e)}")
    curl = [r for r in results if r["client"] == "curl" and r["n"] > 0 and r["exit"] == 0]
    for n in ns:
        cs = [r for r in curl if r["n"] == n]
        if cs:
            print(f"\ncurl N={n}: reader (not counted above) CPU median "
                  f"{statistics.median(r['reader_cpu_s'] for r in cs) * 1000:.0f} ms, "
                  f"RSS {statistics.median(r['reader_maxrss_kib'] for r in cs) / 1024:.0f} MiB; "
                  f"curls' PSS sum (shared pages split) median "
                  f"{statistics.median(r['curl_pss_sum_kib'] or 0 for r in cs) / 1024:.0f} MiB")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("client")
    c.add_argument("name", choices=client_names())
    c.add_argument("--n", type=int, required=True)
    c.add_argument("--base", required=True, help="http://127.0.0.1:PORT/api/v1")
    c.add_argument("--out", required=True)
    r = sub.add_parser("run")
    r.add_argument("--mock-bin", required=True)
    r.add_argument("--parallax", required=True)
    r.add_argument("--py", required=True, help="the venv's python (has the clients' libraries)")
    r.add_argument("--ns", default="1,32,128")
    r.add_argument("--runs", type=int, default=3)
    r.add_argument("--runs-n1", type=int, default=5)
    r.add_argument("--startup-runs", type=int, default=3)
    r.add_argument("--clients", default="parallax,openai,litellm,httpx,aiohttp,curl")
    r.add_argument("--json-out")
    r.add_argument("--spawn", choices=("direct", "launcher"), default="direct",
                   help="direct: the harness starts each client itself (peak RSS from VmHWM "
                        "samples where ru_maxrss is not exact); launcher: through launch.py")
    a = ap.parse_args()
    if a.cmd == "client":
        cmd_client(a)
    else:
        cmd_run(a)


if __name__ == "__main__":
    main()
