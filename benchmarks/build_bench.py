"""Build benchmark: ``nufuz build --jobs 1`` vs ``--jobs 2``, with ``--out`` (TriG, Turtle,
JSON-LD), ``--out --trig-only`` and ``--store``,
on the SaudiNewsNet stream (``../shared/corpus/snn/``; skipped with a reason when absent).

Each case runs ``python -m kg.cli build`` in a subprocess and samples its process tree (the
build, the forkserver and its workers) every 0.2 s from ``/proc`` (Linux): wall time
(start-up included), CPU seconds (user + system, summed over the processes), peak RSS
(summed over the processes at each sample; the forkserver's pages, which its workers share,
count once per process), peak PSS (the same sum with each shared page counted once: the
memory the build takes), the main process's peak RSS, articles per CPU second and per wall second,
and the size of the output on disk. The machines are shared: CPU time is the figure to
compare; wall time and the ``--jobs 2`` speed-up depend on what else runs, so each case also
reports the CPU seconds that processes outside the build used meanwhile (``/proc/stat``'s busy
time minus the build's: "other CPU"), and a wall time is a fair one when that is near 0.
With more than one ``--jobs``, the speed-up in wall time of each over the first is printed
(the first's wall time divided by its own). Even with "other CPU" near 0 a shared machine's
speed drifts (a virtual machine's neighbours are not in ``/proc/stat``: the same build took
25.7 s in one set of runs and 30.7 s in another), so the ``--jobs`` cases take turns, round
by round, and with ``--repeat`` the speed-up of each round is printed as well.

    python benchmarks/build_bench.py                 # the cases of the README
    python benchmarks/build_bench.py --articles 4000 --store-only --jobs 2
    python benchmarks/build_bench.py --articles 1000 4000 28026 --repeat 3   # issue 12's table
    python benchmarks/build_bench.py --articles 28026 --modes trig store --jobs 2

With ``--repeat N`` each case runs N times and the median of each figure is printed (wall,
CPU, peak RSS, disk: each the median of its own N values); ``--json`` adds the speed-up of
each round and their median (``speedup_per_round``, ``speedup_per_round_median``).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNN = ROOT.parent / "shared" / "corpus" / "snn"
DAY = SNN / "snn_2015-08-10.jsonl"
_TICK = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                stat = Path(f"/proc/{d}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            kids.setdefault(ppid, []).append(int(d))
    return kids


def _tree(pid: int) -> list[int]:
    kids, out, todo = _children(), [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, ()))
    return out


def _cpu_rss(pid: int) -> tuple[float, int]:
    """(CPU seconds, RSS bytes) of one process, (0, 0) when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK, int(fields[21]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0.0, 0


def _pss(pid: int) -> int:
    """Proportional set size of one process in bytes (``/proc/PID/smaps_rollup``: each page
    shared by k processes counts 1/k), 0 when it is gone or the kernel has no rollup."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _busy() -> float:
    """CPU seconds all the machine's cores have been busy since boot (``/proc/stat``: every
    column of the ``cpu`` line up to steal but idle and iowait)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(fields) - fields[3] - fields[4]) / _TICK  # (guest time is within user time)


def _own_cpu() -> float:
    """CPU seconds of this process (the sampler), user + system."""
    t = os.times()
    return t.user + t.system


def run(args: list[str], cwd: Path = ROOT) -> dict:
    """Run a command, sampling its process tree; return wall, cpu, main_cpu (the command's
    own process), peak_rss_mb (RSS summed over the tree: a page the forkserver shares with
    its workers counts once per process), peak_pss_mb (PSS summed: each page once, the
    memory the build takes), main_rss_mb (the command's own process), processes, and
    other_cpu: the CPU seconds the machine spent meanwhile outside the build and this
    sampler (its busy time minus theirs; the build's CPU is sampled, so up to 0.2 s of each
    process that ends between two samples counts here too)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    busy0, own0, t0 = _busy(), _own_cpu(), time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    cpu: dict[int, float] = {}
    peak = peak_pss = main_rss = 0
    while proc.poll() is None:
        total = pss = 0
        for p in _tree(proc.pid):
            c, r = _cpu_rss(p)
            if c:
                cpu[p] = max(cpu.get(p, 0.0), c)
            total += r
            pss += _pss(p)
            if p == proc.pid:
                main_rss = max(main_rss, r)
        peak, peak_pss = max(peak, total), max(peak_pss, pss)
        time.sleep(0.2)
    wall, busy = time.perf_counter() - t0, _busy() - busy0 - (_own_cpu() - own0)
    out, err = proc.communicate()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"build failed ({proc.returncode}): {err[-2000:]}")
    return {"wall": wall, "cpu": sum(cpu.values()), "main_cpu": cpu.get(proc.pid, 0.0),
            "peak_rss_mb": peak / 2**20, "peak_pss_mb": peak_pss / 2**20, "main_rss_mb": main_rss / 2**20,
            "processes": len(cpu),
            "other_cpu": max(0.0, busy - sum(cpu.values())), "stdout": out}


def _du(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def corpus(n: int | None, tmp: Path) -> tuple[Path, int]:
    """The 2015-08-10 day (n None), else the first ``n`` articles of the snn files in order."""
    if n is None:
        return DAY, sum(1 for _ in DAY.open(encoding="utf-8"))
    path = tmp / f"snn_{n}.jsonl"
    k = 0
    with path.open("w", encoding="utf-8") as fh:
        for f in sorted(SNN.glob("*.jsonl")):
            for line in f.open(encoding="utf-8"):
                fh.write(line)
                k += 1
                if k >= n:
                    return path, k
    return path, k


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, nargs="+", default=[None],
                    help="first N articles of the snn files, one case per N (default: the 2015-08-10 day, ~1,700)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per case; the medians are printed")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--store-only", action="store_true", help="only the --store cases (= --modes store)")
    ap.add_argument("--modes", nargs="+", choices=["out", "trig", "store"], default=["out", "trig", "store"],
                    help="the cases: --out (TriG, Turtle, JSON-LD), --out --trig-only, --store")
    ap.add_argument("--json", action="store_true", help="one JSON object per case")
    a = ap.parse_args()
    if not SNN.is_dir():
        print(f"skipped: {SNN} absent (the SaudiNewsNet corpus of ../shared)")
        return
    tmp = Path(tempfile.mkdtemp(prefix="nufuz-bench-"))
    try:
        for count in a.articles:
            _cases(a, tmp, *corpus(count, tmp))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _cases(a: argparse.Namespace, tmp: Path, src: Path, n: int) -> None:
    """Run and print the cases of one corpus (``--repeat`` runs each: the medians).

    The ``--jobs`` cases of a mode take turns (round 1: ``--jobs 1``, ``--jobs 2``; round 2:
    the same...), so that a slower stretch of a shared machine falls on both, and the
    speed-up is also given per round (the first ``--jobs``'s wall time over the other's in
    the same round) with their median."""
    modes = ["store"] if a.store_only else a.modes
    for mode in modes:
        runs: dict[int, list[dict]] = {jobs: [] for jobs in a.jobs}
        for _ in range(max(1, a.repeat)):
            for jobs in a.jobs:
                target = tmp / f"{mode}{jobs}"
                flag = {"store": ["--store", str(target)], "out": ["--out", str(target), "--no-html"],
                        "trig": ["--out", str(target), "--trig-only"]}[mode]
                r = run(["build", str(src), *flag, "--jobs", str(jobs), "-q"])
                r.pop("stdout")
                r["disk_mb"] = _du(target)
                runs[jobs].append(r)
                shutil.rmtree(target, ignore_errors=True)
        first = None
        for jobs in a.jobs:
            these = runs[jobs]
            r = {k: statistics.median(x[k] for x in these) for k in these[0]}
            r |= {"mode": mode, "jobs": jobs, "articles": n, "runs": len(these),
                  "articles_per_cpu_s": n / r["cpu"], "articles_per_wall_s": n / r["wall"]}
            paired = []
            if first is not None:
                paired = [f["wall"] / x["wall"] for f, x in zip(runs[first["jobs"]], these)]
                r |= {"speedup": first["wall"] / r["wall"], "speedup_over_jobs": first["jobs"],
                      "speedup_per_round": paired, "speedup_per_round_median": statistics.median(paired)}
            walls = ", ".join(f"{x['wall']:.1f}" for x in these)
            if a.json:
                print(json.dumps(r | {"walls": [x["wall"] for x in these]}))
            else:
                print(f"--{mode:5} --jobs {jobs}: {n} articles, wall {r['wall']:.1f} s "
                      f"({r['articles_per_wall_s']:.1f}/s), CPU {r['cpu']:.1f} s "
                      f"({r['articles_per_cpu_s']:.1f}/CPU-s; {r['main_cpu']:.1f} s in the main process), "
                      f"peak RSS {r['peak_rss_mb']:.0f} MB over {r['processes']:.0f} processes "
                      f"(PSS {r['peak_pss_mb']:.0f} MB; main process {r['main_rss_mb']:.0f} MB), "
                      f"disk {r['disk_mb']:.0f} MB; other CPU {r['other_cpu']:.1f} s"
                      + (f" (medians of {len(these)} runs: wall {walls})"
                         if len(these) > 1 else "")
                      + (f"; speed-up x{r['speedup']:.2f} over --jobs {first['jobs']} (wall time"
                         + (f"; per round {', '.join(f'x{p:.2f}' for p in paired)}" if len(paired) > 1 else "")
                         + ")" if first is not None else ""), flush=True)
            first = first or r


if __name__ == "__main__":
    main()
