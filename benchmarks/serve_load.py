"""Load benchmark of ``nufuz serve`` on loopback: latency under concurrency, timeouts, CPU after.

Builds the bundled example (``examples/ar``) into a temporary Oxigraph store, starts
``nufuz serve --store`` in a child process on a free loopback port, then:

1. ``--cheap`` cheap requests (a one-row SELECT) at concurrency ``--concurrency``;
2. ``--heavy`` heavy requests (statements counted per predicate over every graph) at the same
   concurrency;
3. ``--timeouts`` queries that run past the server's ``--timeout`` (a cartesian product)
   sent at once, and while they run one cheap probe, whose latency is reported;
4. the CPU time the server and its worker processes burn in the ``--idle-window`` seconds
   after the last timed-out query was answered (from ``/proc``: Linux only).

It prints p50/p99 latency (ms) and the errors of each phase, and whether the issue's targets
hold (probe under 200 ms while the queries time out; CPU back to idle, under 0.1 CPU-s per
window, within 2 s). Loopback only, bounded: every request has a client timeout.

    python benchmarks/serve_load.py [--cheap 2000] [--heavy 200] [--concurrency 20]
                                    [--timeouts 4] [--timeout 2] [--workers 6] [--threads 24]

Not a test: it takes about a minute and wants both cores.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHEAP = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
HEAVY = "SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?p ORDER BY DESC(?n)"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def build_store(folder: Path) -> Path:
    """The bundled example article in an Oxigraph store under ``folder``; returns its path."""
    from extractors.pipeline import Extractor
    from extractors.sources import read_article
    from kg.rdf import build_dataset
    from kg.store import OxigraphStore
    from ontology.kb import load_kb

    kb = load_kb()
    arts = [a for p in sorted((ROOT / "examples" / "ar").glob("*.txt"))
            for a in Extractor("ar", kb=kb).extract_many(read_article(p))]
    ds = build_dataset(arts, kb)
    target = folder / "store"
    with OxigraphStore(target) as st:
        st.replace_graphs({str(g.identifier): g for g in ds.graphs() if len(g)})
    return target


def request(url: str, query: str, timeout: float = 30.0) -> tuple[int, float]:
    """(HTTP status or -1 on a connection error, seconds) of one GET query."""
    full = url + "?" + urllib.parse.urlencode({"query": query})
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(urllib.request.Request(full, headers={"Accept": "application/json"}),
                                    timeout=timeout) as resp:
            resp.read()
            status = resp.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError:
        status = -1
    return status, time.perf_counter() - t0


def phase(url: str, query: str, n: int, concurrency: int) -> dict:
    """Latency percentiles (ms) and error count of ``n`` requests at ``concurrency``."""
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(lambda _i: request(url, query), range(n)))
    times = sorted(t * 1000 for s, t in results if s == 200)
    errors = sum(1 for s, _t in results if s != 200)
    p = (lambda q: times[min(len(times) - 1, int(q * len(times)))] if times else float("nan"))
    return {"n": n, "ok": len(times), "errors": errors, "p50": p(0.5), "p99": p(0.99),
            "mean": statistics.fmean(times) if times else float("nan")}


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` and its children (``/proc``, Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


@contextmanager
def served(store: Path, *options: str):
    """``nufuz serve --store STORE --port 0 OPTIONS...`` in a child process, stopped on exit.

    Yields
    ------
    tuple of (subprocess.Popen, str)
        The process and its first stdout line ("... SPARQL endpoint URL ..." once it is
        ready, anything else when it failed to start).
    """
    proc = subprocess.Popen(
        [sys.executable, "-c", "from kg.cli import main; main()", "serve", "--store", str(store), "--port", "0",
         *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        yield proc, proc.stdout.readline()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cheap", type=int, default=2000)
    ap.add_argument("--heavy", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=20)
    ap.add_argument("--timeouts", type=int, default=4)
    ap.add_argument("--timeout", type=float, default=2.0, help="the server's query timeout (s)")
    ap.add_argument("--workers", type=int, default=6)
    ap.add_argument("--threads", type=int, default=24)
    ap.add_argument("--idle-window", type=float, default=1.0)
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        store = build_store(Path(tmp))
        with served(store, "--timeout", str(a.timeout), "--workers", str(a.workers),
                    "--threads", str(a.threads), "--quiet") as (proc, line):
            if "SPARQL endpoint " not in line:
                print(f"serve did not start: {line!r} {proc.stderr.read() if proc.poll() is not None else ''}")
                return 1
            url = line.split("SPARQL endpoint ")[1].split()[0]
            print(f"server: {url} (pid {proc.pid}, timeout {a.timeout} s, {a.workers} workers, {a.threads} threads)")
            for name, query, n in (("cheap", CHEAP, a.cheap), ("heavy", HEAVY, a.heavy)):
                r = phase(url, query, n, a.concurrency)
                print(f"{name:6s} {r['ok']}/{r['n']} ok, {r['errors']} errors; p50 {r['p50']:.1f} ms, "
                      f"p99 {r['p99']:.1f} ms (concurrency {a.concurrency})")
            with ThreadPoolExecutor(a.timeouts + 1) as pool:
                slow = [pool.submit(request, url, SLOW, a.timeout + 30) for _ in range(a.timeouts)]
                time.sleep(min(0.5, a.timeout / 4))
                status, probe = request(url, CHEAP)
                answers = [f.result() for f in slow]
            t_last = time.perf_counter()
            print(f"timeouts: statuses {sorted(s for s, _t in answers)}; probe during them: status {status}, "
                  f"{probe * 1000:.1f} ms (target < 200 ms: {'met' if status == 200 and probe < 0.2 else 'NOT met'})")
            idle_at = None
            for k in range(6):
                c0 = cpu_seconds(proc.pid)
                time.sleep(a.idle_window)
                used = cpu_seconds(proc.pid) - c0
                print(f"  CPU {used:.2f} s in the window ending {time.perf_counter() - t_last:.1f} s after the last timeout")
                if used < 0.1 * a.idle_window and idle_at is None:
                    idle_at = time.perf_counter() - t_last
                    break
            print(f"idle within 2 s of the last timeout: "
                  f"{'met' if idle_at is not None and idle_at <= 2.0 + a.idle_window else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
