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

``--views`` times instead the commands that read a big store (issue 12, item 5; issue 13,
item 9) and prints one table: ``nufuz report --store`` of each ``--region``, ``nufuz view
--store --focus`` of each ``--focus`` at each ``--hops``, and ``nufuz serve``: the time to its
start line, the first ``GET /`` (the overview, built then) and ``HEAD /`` right after the
start of a second server. Per command: wall time (start-up included), CPU seconds (user +
system; for ``serve``, of the request only, summed over the server, its fork server and its
query workers, from ``/proc``), peak RSS (of the command; for ``serve``, summed over its
processes) and output bytes; the median of ``--repeat`` runs. ``--root DIR`` runs another
checkout of nufuz (e.g. ``git archive`` of an older commit) on the same store, for before /
after tables; ``--baseline DIR`` runs that checkout too, each run of a command by both in
turns (the machines are shared: so both see the same slow and quiet moments), then prints
the ratios (``--baseline-store`` gives it a store of its own: a copy of the same data in the
format that code wrote):

    python benchmarks/serve_overview.py --views --store STORE --region "Middle East" \
        --focus إيران --hops 1 2 [--repeat 3] [--root /tmp/nufuz-before] [--baseline DIR] \
        [--baseline-store STORE_BEFORE]

``--overview`` adds ``view`` without a focus, ``--export csv gexf jsonld`` the exports,
``--paths FROM TO ...`` the shortest chains, ``--no-serve`` leaves ``serve`` out.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from build_bench import _cpu_rss, _tree  # noqa: E402  (same folder: one /proc reader, one launcher)
from serve_load import cpu_seconds, served  # noqa: E402

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


def tree_usage(pid: int) -> tuple[float, float]:
    """(CPU seconds, RSS MB) summed over ``pid`` and every process below it (the /proc
    readers of build_bench.py)."""
    usage = [_cpu_rss(p) for p in _tree(pid)]
    return sum(c for c, _r in usage), sum(r for _c, r in usage) / 2**20


def timed_command(args: list[str], root: Path) -> dict:
    """Run ``nufuz ARGS`` of the checkout ``root``: wall s, CPU s (``os.wait4``: user +
    system of the command and the children it waited for), peak RSS MB, exit status."""
    env = dict(os.environ, PYTHONPATH=str(root))
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "kg.cli", *args], cwd=root, env=env,
                                stdout=subprocess.DEVNULL, stderr=err)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().decode("utf-8", "replace")[-300:]
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss": ru.ru_maxrss / 1024,
            "ok": proc.returncode == 0, "error": "" if proc.returncode == 0 else tail}


def timed_serve(store: Path, root: Path, method: str = "GET") -> dict:
    """Start ``nufuz serve --store STORE`` of ``root``; time its start line and one
    ``METHOD /`` right after: wall s of each, CPU s of the request (the server's whole
    process tree), peak RSS MB of the tree, body bytes."""
    env = dict(os.environ, PYTHONPATH=str(root))
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve", "--store",
                             str(store), "--port", "0", "--quiet"], cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()
        ready = time.perf_counter() - t0
        if "SPARQL endpoint " not in line:
            return {"ok": False, "error": line.strip() or f"exit {proc.poll()}"}
        base = line.split("SPARQL endpoint ")[1].split()[0].rsplit("sparql", 1)[0]
        c0, rss0 = tree_usage(proc.pid)
        t1 = time.perf_counter()
        with urllib.request.urlopen(urllib.request.Request(base, method=method), timeout=600) as resp:
            body = resp.read()
            status = resp.status
        wall = time.perf_counter() - t1
        c1, rss1 = tree_usage(proc.pid)
        return {"ok": status == 200, "ready": ready, "wall": wall, "cpu": c1 - c0,
                "rss": max(rss0, rss1), "bytes": len(body) if method == "GET" else int(resp.headers.get("Content-Length", 0))}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def views_table(store: Path, roots: list[Path], regions: list[str], foci: list[str], hops: list[int],
                repeat: int = 1, overview: bool = False, exports: list[str] = (),
                paths: list[str] = (), serve: bool = True,
                stores: dict[Path, Path] | None = None) -> dict[Path, list[dict]]:
    """Time report, view and serve on ``store`` (see the module docstring); one row each,
    per checkout of ``roots`` (each run of a command is made by every checkout in turn, so
    that they share the machine's slower and quieter moments). ``overview``: also ``view``
    without a focus; ``exports``: ``export --format F`` of each; ``paths``: ``paths FROM TO``
    of each pair (a flat list, FROM and TO in turn); ``serve``: the ``serve`` rows;
    ``stores``: the store a checkout reads instead of ``store`` (one the code before wrote in
    its own format)."""
    rows: dict[Path, list[dict]] = {root: [] for root in roots}

    def st(root: Path) -> str:
        return str((stores or {}).get(root, store))

    def median(root: Path, runs: list[dict], what: str, **extra) -> None:
        ok = [r for r in runs if r.get("ok")]
        if not ok:
            rows[root].append({"what": what, "error": runs[0].get("error", "failed"), **extra})
            return
        row = {k: statistics.median(r[k] for r in ok) for k in ("wall", "cpu", "rss")}
        if "ready" in ok[0]:
            row["ready"] = statistics.median(r["ready"] for r in ok)
        rows[root].append({"what": what, **row, **extra})

    def timed(what: str, run, size=lambda: 0) -> None:  # run(root) -> dict, in turns
        runs: dict[Path, list[dict]] = {root: [] for root in roots}
        sizes: dict[Path, int] = {}
        for _ in range(repeat):
            for root in roots:
                runs[root].append(run(root))
                sizes[root] = size()
        for root in roots:
            median(root, runs[root], what, bytes=sizes[root])

    with tempfile.TemporaryDirectory() as tmp:
        for region in regions:
            out = Path(tmp) / "report"
            timed(f"report -r {region}",
                  lambda root: timed_command(["report", "--store", st(root), "-r", region, "-o", str(out), "-q"], root),
                  lambda: sum(p.stat().st_size for p in Path(tmp).glob("report.*")))
        out = Path(tmp) / "view.html"
        page = lambda: out.stat().st_size if out.exists() else 0  # noqa: E731
        for focus in foci:
            for h in hops:
                timed(f"view --focus {focus} --hops {h}",
                      lambda root: timed_command(["view", "--store", st(root), "--focus", focus, "--hops", str(h),
                                                  "-o", str(out), "-q"], root), page)
        if overview:
            timed("view (no focus)", lambda root: timed_command(["view", "--store", st(root), "-o", str(out), "-q"], root),
                  page)
        for fmt in exports:
            dest = Path(tmp) / f"export.{fmt}"
            timed(f"export --format {fmt}",
                  lambda root: timed_command(["export", "--store", st(root), "--format", fmt, "-o", str(dest)], root),
                  lambda: dest.stat().st_size if dest.exists() else 0)
        for a, b in zip(paths[::2], paths[1::2]):
            timed(f"paths {a} {b}", lambda root: timed_command(["paths", "--store", st(root), a, b], root))
    for method in ("GET", "HEAD") if serve else ():
        served_bytes: list[int] = [0]

        def serve_once(root: Path) -> dict:
            r = timed_serve(Path(st(root)), root, method)
            served_bytes[0] = r.get("bytes", 0)
            return r

        timed(f"serve: first {method} /", serve_once, lambda: served_bytes[0])
    return rows


def print_table(rows: list[dict], title: str) -> None:
    """The rows as a Markdown table."""
    print(f"\n{title}\n")
    print("| command | wall s | CPU s | peak RSS MB | output bytes |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        if "error" in r:
            print(f"| {r['what']} | failed: {r['error'][-120:]!r} | | | |")
            continue
        ready = f" (start line after {r['ready']:.2f} s)" if "ready" in r else ""
        print(f"| {r['what']}{ready} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['rss']:.0f} | {r.get('bytes', 0):,} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, help="an existing store (nufuz build --store)")
    ap.add_argument("--jsonl", type=Path, help="articles to build into a temporary store instead")
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--views", action="store_true", help="time report, view and serve (a table)")
    ap.add_argument("--region", nargs="+", default=["Middle East"], help="--views: report regions")
    ap.add_argument("--focus", nargs="+", default=["إيران"], help="--views: ego view foci")
    ap.add_argument("--hops", type=int, nargs="+", default=[1], help="--views: ego view radii")
    ap.add_argument("--repeat", type=int, default=1, help="--views: runs per command (median)")
    ap.add_argument("--root", type=Path, default=ROOT, help="--views: the nufuz checkout to run")
    ap.add_argument("--baseline", type=Path, help="--views: another checkout, each command run by both in turns")
    ap.add_argument("--baseline-store", type=Path,
                    help="--views: the store the --baseline checkout reads (default: --store), e.g. a copy "
                         "it wrote in its own format")
    ap.add_argument("--overview", action="store_true", help="--views: also view without --focus")
    ap.add_argument("--export", nargs="*", default=[], metavar="FORMAT", help="--views: export formats to time")
    ap.add_argument("--paths", nargs="*", default=[], metavar="NAME", help="--views: FROM TO pairs for paths")
    ap.add_argument("--no-serve", action="store_true", help="--views: leave out the serve rows")
    a = ap.parse_args(argv)
    if not a.store and not a.jsonl:
        ap.error("give --store or --jsonl")
    if a.views:
        if not a.store:
            ap.error("--views needs --store")
        if len(a.paths) % 2:
            ap.error("--paths takes FROM TO pairs")
        roots = [a.root.resolve()] + ([a.baseline.resolve()] if a.baseline else [])
        if a.baseline_store and not a.baseline:
            ap.error("--baseline-store needs --baseline")
        stores = {roots[1]: a.baseline_store} if a.baseline_store else None
        tables = views_table(a.store, roots, a.region, a.focus, a.hops, a.repeat, a.overview,
                             a.export, a.paths, not a.no_serve, stores)
        load = os.getloadavg()
        for root in roots:
            print_table(tables[root], f"{(stores or {}).get(root, a.store)} with {root} "
                                      f"(load average {load[0]:.1f}, {os.cpu_count()} cores)")
        if a.baseline:
            print(f"\nwall and CPU of {roots[0]} / {roots[1]}, run in turns:\n")
            for mine, theirs in zip(*(tables[r] for r in roots)):
                if "error" not in mine and "error" not in theirs:
                    print(f"- {mine['what']}: wall x{mine['wall'] / theirs['wall']:.2f}, CPU x{mine['cpu'] / theirs['cpu']:.2f}")
        return 0
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
