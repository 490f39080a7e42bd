"""CPU and wall time of ``nufuz cluster-build`` on a local Dask cluster against ``nufuz build
--jobs N`` on the same articles, and a check that both write the same dataset.

Each command runs as a child of this process, which makes itself the "child subreaper" of
its descendants (Linux ``prctl(PR_SET_CHILD_SUBREAPER)``): every process the command starts
(build's worker pool and its fork server; Dask's scheduler threads, nannies and worker
processes, multiprocessing's resource tracker) is waited for, here or by its parent, so the
CPU time (user + system) reported is the sum over the whole process tree, start-up included
(``os.wait4``'s resource usage). The largest resident set of any one process of the tree is
reported beside it. Wall time includes start-up (spaCy and the pipelines in every worker).

    python benchmarks/cluster_bench.py ../shared/corpus/snn/snn_2015-08-10.jsonl --workers 2

Linux only. Skips (exit 0 with a message) when the input is absent or Dask is not installed.
"""
from __future__ import annotations

import argparse
import ctypes
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PR_SET_CHILD_SUBREAPER = 36


def run_tree(cmd: list[str]) -> dict:
    """Run ``cmd`` and wait for it and every descendant; wall s, CPU s (tree), max RSS MB."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    cpu, rss, code, err = 0.0, 0, None, b""
    while True:
        try:
            pid, status, ru = os.wait4(-1, 0)
        except ChildProcessError:
            break
        cpu += ru.ru_utime + ru.ru_stime
        rss = max(rss, ru.ru_maxrss)
        if pid == proc.pid:
            code = os.waitstatus_to_exitcode(status)
            err = proc.stderr.read()
            wall = time.perf_counter() - t0
    proc.returncode = code
    if code != 0:
        sys.exit(f"{' '.join(cmd)} exited {code}: {err.decode(errors='replace')[-2000:]}")
    return {"wall": wall, "cpu": cpu, "rss_mb": rss / 1024}


def quads(*files: Path) -> set[str]:
    """The quads of N-Quads/TriG files as sorted N-Quads lines (rdflib)."""
    from rdflib import Dataset

    ds = Dataset()
    for f in files:
        ds.parse(f, format="trig" if f.suffix == ".trig" else "nquads")
    return set(ds.serialize(format="nquads").splitlines()) - {""}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", help="article files or folders")
    ap.add_argument("--workers", type=int, default=2, help="worker processes of both commands")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each command (the median is printed)")
    ap.add_argument("--no-compare", action="store_true", help="do not compare the two datasets")
    args = ap.parse_args()
    if any(not Path(p).exists() for p in args.inputs):
        print(f"skipped: {[p for p in args.inputs if not Path(p).exists()][0]} is absent")
        return
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("skipped: dask.distributed is not installed (pip install '.[cluster]')")
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit("prctl(PR_SET_CHILD_SUBREAPER) failed: CPU time of orphaned processes would be lost")
    inputs = [str(Path(p).resolve()) for p in args.inputs]
    py = [sys.executable, "-m", "kg.cli"]
    with tempfile.TemporaryDirectory(prefix="nufuz-cluster-bench-") as tmp:
        tmp = Path(tmp)
        commands = {
            f"nufuz build --jobs {args.workers} --trig-only":
                [*py, "build", *inputs, "--out", str(tmp / "build"), "--jobs", str(args.workers), "--trig-only", "-q"],
            f"nufuz cluster-build --workers {args.workers} (LocalCluster)":
                [*py, "cluster-build", *inputs, "--out", str(tmp / "cluster"), "--workers", str(args.workers), "-q"],
        }
        results: dict[str, list[dict]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, cmd in commands.items():
                results[name].append(run_tree(cmd))
        articles = None
        manifest = tmp / "cluster" / "manifest.json"
        if manifest.is_file():
            import json

            articles = json.loads(manifest.read_text(encoding="utf-8"))["articles"]
        print(f"{articles} articles, {args.workers} workers, median of {args.repeat} run(s); CPU = user + system "
              "summed over the process tree")
        for name, runs in results.items():
            med = sorted(runs, key=lambda r: r["cpu"])[len(runs) // 2]
            rate = f", {articles / med['cpu']:.1f} articles/CPU-s" if articles else ""
            print(f"  {name:48} wall {med['wall']:7.1f} s  CPU {med['cpu']:7.1f} s{rate}  "
                  f"largest process {med['rss_mb']:.0f} MB")
        if not args.no_compare:
            a = quads(tmp / "build" / "graph.trig")
            b = quads(*sorted((tmp / "cluster").glob("*.nq")))
            print(f"  same dataset: {a == b} ({len(a):,} quads from build, {len(b):,} from the parts)")


if __name__ == "__main__":
    main()
