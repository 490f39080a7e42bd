"""View benchmark: ``nufuz view`` and ``nufuz report`` on a built store, as a user runs them.

Each command runs as its own process (start-up, imports, the store opened read-only, the
page written), ``--runs`` times in turns; per command it reports the median wall time and the
median CPU time (user + system of the process and its threads: the machines are shared, CPU
time is the steadier figure). With ``--baseline DIR`` (another checkout of nufuz) every run
of this checkout is paired with a run of that one, on the same store, in turns, and the
ratio of the medians is printed too. Issue 12's goal: each under 3 s on a store of the
28,026 SaudiNewsNet articles (``nufuz build ../shared/corpus/snn --store STORE``).

    python benchmarks/view_bench.py --store STORE [--runs 5] [--baseline DIR]
        [--focus NAME:HOPS ...] [--region NAME ...]

This is a benchmark, not a timed test.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The hubs of SaudiNewsNet's month (the most connected entities) and the default region.
DEFAULT_FOCI = ["إيران:1", "إيران:2", "السعودية:1", "اليمن:2"]
DEFAULT_REGIONS = ["الشرق الأوسط"]


def run(code: Path, args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``python -m kg.cli ARGS`` with ``code`` first on the path.

    Raises
    ------
    RuntimeError
        The command failed (its last line of stderr).
    """
    env = dict(os.environ, PYTHONPATH=str(code))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "kg.cli", *args], env=env, capture_output=True,
                          text=True, cwd=tempfile.gettempdir())
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise RuntimeError(f"nufuz {' '.join(args)}: exit {proc.returncode}: {last}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, required=True, help="a store built by nufuz build --store")
    ap.add_argument("--runs", type=int, default=5, help="runs per command (median)")
    ap.add_argument("--baseline", type=Path, help="another nufuz checkout, run in turns with this one")
    ap.add_argument("--focus", nargs="*", default=DEFAULT_FOCI, metavar="NAME:HOPS",
                    help="ego views to time (default: %(default)s)")
    ap.add_argument("--region", nargs="*", default=DEFAULT_REGIONS, help="reports to time")
    ap.add_argument("--no-overview", action="store_true", help="skip the view without a focus")
    a = ap.parse_args()
    if not (a.store / "CURRENT").is_file():
        sys.exit(f"error: {a.store}: not an Oxigraph store (no CURRENT file)")
    out = Path(tempfile.mkdtemp(prefix="nufuz-view-bench-"))
    commands: list[tuple[str, list[str]]] = []
    if not a.no_overview:
        commands.append(("view", ["view", "--store", str(a.store), "-o", str(out / "v.html")]))
    for spec in a.focus:
        name, _, hops = spec.rpartition(":")
        commands.append((f"view {name} {hops} hop(s)", ["view", "--store", str(a.store), "--focus", name,
                                                        "--hops", hops, "-o", str(out / "v.html")]))
    for region in a.region:
        commands.append((f"report {region}", ["report", "--store", str(a.store), "-r", region,
                                               "-o", str(out / "r")]))
    codes = [("this", ROOT)] + ([("baseline", a.baseline.resolve())] if a.baseline else [])
    print(f"store {a.store}, {a.runs} runs each, medians; wall / CPU seconds")
    for label, args in commands:
        times: dict[str, list[tuple[float, float]]] = {c: [] for c, _ in codes}
        for _ in range(a.runs):
            for c, path in codes:
                times[c].append(run(path, args))
        cells = []
        for c, _ in codes:
            wall = statistics.median(t[0] for t in times[c])
            cpu = statistics.median(t[1] for t in times[c])
            cells.append(f"{c} {wall:5.2f} / {cpu:5.2f}")
        if a.baseline:
            ratio = statistics.median(t[0] for t in times["this"]) / statistics.median(t[0] for t in times["baseline"])
            cells.append(f"wall ratio {ratio:.2f}")
        print(f"{label:32} " + "   ".join(cells), flush=True)


if __name__ == "__main__":
    main()
