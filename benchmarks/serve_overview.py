"""Time to the first ``GET /`` of ``nufuz serve`` on a big store (issue 13, item 9).

Starts ``nufuz serve --store STORE`` in a child process on a free loopback port and reports:
the wall time from the process start to its "SPARQL endpoint" line, the wall time of the first
``GET /`` (the overview, built then from bounded queries: :mod:`kg.server_pages`), the wall
time of a second ``GET /`` (cached), of ``GET /query`` and of one form query; and the CPU
seconds the server process and its direct children used (``/proc``; query workers started by
the forkserver are not its children, so their CPU is not in that figure).

    python benchmarks/serve_overview.py --store STORE
    python benchmarks/serve_overview.py --jsonl ARTICLES.jsonl [--articles 2000]

With ``--jsonl`` the first ``--articles`` records are built into a temporary store with
``nufuz build --store`` first (minutes of CPU for 2,000 articles). Not a test.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from serve_load import cpu_seconds, served  # noqa: E402  (same folder: one /proc reader, one launcher)

CLI = [sys.executable, "-c", "from kg.cli import main; main()"]


def timed_get(url: str) -> tuple[int, float, int]:
    """(status, wall seconds, body bytes) of one GET."""
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as resp:
        body = resp.read()
        return resp.status, time.perf_counter() - t0, len(body)


def build(jsonl: Path, n: int, folder: Path) -> Path:
    """The first ``n`` records of ``jsonl`` built with ``nufuz build --store`` under ``folder``."""
    src = folder / "articles.jsonl"
    with open(jsonl, encoding="utf-8") as f, open(src, "w", encoding="utf-8") as out:
        for i, line in enumerate(f):
            if i >= n:
                break
            out.write(line)
    store = folder / "store"
    subprocess.run([*CLI, "build", str(src), "--store", str(store)], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    return store


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, help="an existing store (nufuz build --store)")
    ap.add_argument("--jsonl", type=Path, help="articles to build into a temporary store instead")
    ap.add_argument("--articles", type=int, default=2000)
    a = ap.parse_args(argv)
    if not a.store and not a.jsonl:
        ap.error("give --store or --jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        store = a.store or build(a.jsonl, a.articles, Path(tmp))
        t0 = time.perf_counter()
        with served(store, "--quiet") as (proc, line):
            ready = time.perf_counter() - t0
            if "SPARQL endpoint " not in line:
                print(f"serve did not start: {line!r} {proc.stderr.read() if proc.poll() is not None else ''}")
                return 1
            base = line.split("SPARQL endpoint ")[1].split()[0].rsplit("sparql", 1)[0]
            print(line.strip())
            print(f"server ready after {ready:.2f} s (wall)")
            c0 = cpu_seconds(proc.pid)
            status, first, size = timed_get(base)
            c1 = cpu_seconds(proc.pid)
            print(f"first GET /: {status}, {first:.3f} s wall, {size} bytes, "
                  f"{c1 - c0:.2f} CPU-s in the server process")
            print(f"second GET / (cached): {timed_get(base)[1]:.3f} s wall")
            print(f"GET /query: {timed_get(base + 'query')[1]:.3f} s wall")
            q = urllib.parse.urlencode({"query": "SELECT ?e ?l WHERE { ?e a nz:Country ; skos:prefLabel ?l } LIMIT 50"})
            print(f"GET /query?query=... (50 rows): {timed_get(base + 'query?' + q)[1]:.3f} s wall")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
