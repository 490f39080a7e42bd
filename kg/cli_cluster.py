"""``nufuz cluster-build`` (the build on a Dask cluster, :mod:`kg.cluster`) and ``nufuz load``
(N-Quads/TriG files into a new store with Oxigraph's bulk loader); registered on
:data:`kg.cli_common.app` when :mod:`kg.cli` imports this module. Dask is imported inside
``cluster-build`` only."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli_common import ArticlePaths, _error, _fail, _warn, app, err, out, printable


class _ClusterStopped(Exception):
    """The cluster failed as a whole (not one partition): its cause is ``args[0]``."""


def _connect(scheduler: str, workers: Optional[int], wait: float = 60.0):
    """``(client, cluster)``: a new ``LocalCluster`` of ``workers`` processes of one thread
    (``scheduler == "local"``), or a client of the scheduler at that address (cluster None),
    which has ``wait`` seconds to answer. One error line and exit 1 when Dask is missing or
    the scheduler does not answer."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        _fail("cluster-build needs Dask: pip install 'nufuz[cluster]' (the dask and distributed packages)")
    import logging

    if scheduler == "local":
        from kg.stream import default_jobs

        cluster = LocalCluster(n_workers=workers or default_jobs(), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        return Client(cluster), cluster
    if workers is not None:
        _fail("--workers is for --scheduler local; a running cluster has the workers started on it")
    try:
        return Client(scheduler, timeout=f"{max(wait, 1.0):g}s"), None
    except (OSError, TimeoutError, ValueError) as e:
        _fail(f"{scheduler}: cannot reach the Dask scheduler ({' '.join(str(e).split()) or type(e).__name__})")


def _check_workers(client, wait: float) -> int:
    """Wait for at least one worker, import nufuz on every worker (:func:`kg.cluster.probe`);
    return the number of worker threads. One error line and exit 1 when a worker cannot."""
    from kg.cluster import nufuz_version, probe

    try:
        client.wait_for_workers(1, timeout=wait)
    except (TimeoutError, OSError):
        _fail(f"no Dask worker joined the scheduler within {wait:g} s (start some: dask worker ADDRESS)")
    try:
        versions = client.run(probe)
    except Exception as e:  # noqa: BLE001 - whatever a worker raised, as one line
        _fail(f"a Dask worker cannot run nufuz ({type(e).__name__}: {' '.join(str(e).split())}); "
              "install nufuz (the same version) on every worker machine")
    mine = nufuz_version()
    other = sorted({v for v in versions.values() if v != mine})
    if other:
        err.print(f"[yellow]warning:[/yellow] workers run nufuz {', '.join(other)}, this client {mine}",
                  soft_wrap=True, highlight=False)
    return max(1, sum(client.nthreads().values()))


@app.command("cluster-build")
def cluster_build(
    paths: ArticlePaths,
    out_dir: Annotated[Path, typer.Option(
        "--out", "-o", help="Output folder (created if missing): part-NNNNN.nq, global.nq, manifest.json.")],
    scheduler: Annotated[str, typer.Option(
        "--scheduler", help="'local' (a LocalCluster on this machine) or a Dask scheduler address "
        "(tcp://HOST:8786).")] = "local",
    workers: Annotated[Optional[int], typer.Option(
        "--workers", "-w", min=1, help="Worker processes of the local cluster (default: the number of cores).",
        show_default=False)] = None,
    size: Annotated[Optional[int], typer.Option(
        "--partition-size", min=1, help="Articles per partition (default: about four partitions per worker, "
        "at most 200 articles each).", show_default=False)] = None,
    min_confidence: Annotated[float, typer.Option(
        "--min-confidence", min=0.0, max=1.0, help="Drop statements below this confidence (0..1).")] = 0.0,
    ner: Annotated[bool, typer.Option(
        "--ner/--no-ner", help="Run the statistical name recogniser beside the rules (as nufuz build).")] = True,
    wait: Annotated[float, typer.Option(
        "--wait", min=0.0, help="Seconds to wait for the scheduler to answer and a worker to join it.")] = 60.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and the output paths.")] = False,
) -> None:
    """Build the articles on a Dask cluster into N-Quads parts (one per partition) in OUT.

    The inputs are read here and cut into partitions in input order; each partition is
    extracted and written on a worker by the code of nufuz build, and comes back as
    OUT/part-NNNNN.nq; OUT/global.nq holds the graphs made from the whole build (the KB
    graph), OUT/manifest.json lists the parts. Together they are the dataset nufuz build
    writes for the same inputs. Load them into a new store with nufuz load, or POST them
    to an Oxigraph or Fuseki server (README, "Cluster builds").

    --scheduler local starts a cluster of --workers processes on this machine; an address
    (tcp://HOST:8786) uses a running cluster (dask scheduler, dask worker ADDRESS
    --nthreads 1), whose workers need nufuz installed. Inputs and outputs stay on this
    machine.

    A bad input or an article that cannot be extracted is one error line; the other
    articles are still built, and the exit code is 1. The outputs replace the previous ones
    as a set (part files of an earlier build that this one does not write are removed).
    """
    t0 = time.perf_counter()
    from kg.atomic import replace_set
    from kg.cli_common import _scan, _summary, make_out_dir, progress_bar
    from kg.cluster import MANIFEST_FILE, partition_size, run
    from ontology.kb import load_kb

    make_out_dir(out_dir)
    duplicates: dict[str, list[str]] = {}
    scan = _scan(paths, out_dir, duplicates)
    errors: list = list(scan.errors)
    kb = load_kb()
    client, cluster = _connect(scheduler, workers, wait)
    prog = None
    try:
        threads = _check_workers(client, wait)
        prog = None if quiet else progress_bar(scan.total, "building")

        def on_error(source: str, reason: str) -> None:
            _error(f"{source}: {reason}")
            errors.append(source)

        def on_part(n: int) -> None:
            if prog is not None:
                prog.advance(prog.task_ids[0], n)

        reports = []

        def write(folder: Path) -> dict:
            try:
                rep = run(client, scan.raws(), folder, kb, size=size or partition_size(scan.total, threads),
                          duplicates=duplicates, ner=ner, min_confidence=min_confidence,
                          on_error=on_error, on_part=on_part)
            except OSError as e:
                if e.filename is not None:  # a file of the outputs
                    raise
                raise _ClusterStopped(e) from None
            except Exception as e:  # noqa: BLE001 - the scheduler went away, a refused task...
                raise _ClusterStopped(e) from None
            reports.append(rep)
            return rep.files

        try:
            written = replace_set(out_dir, write)
        except OSError as e:
            _fail(f"{out_dir}: cannot write the outputs ({e.strerror or e}); the previous outputs are unchanged")
        except _ClusterStopped as e:
            cause = e.args[0]
            _fail(f"{scheduler}: the build on the Dask cluster stopped ({type(cause).__name__}: "
                  f"{' '.join(str(cause).split())}); the previous outputs are unchanged")
    finally:
        if prog is not None:
            prog.stop()
        client.close()
        if cluster is not None:
            cluster.close()
    report = reports[0]
    keep = {p.name for p in written.values()}
    for old in out_dir.glob("part-*.nq"):  # parts of an earlier, bigger build
        if old.name not in keep:
            old.unlink(missing_ok=True)
    elapsed = time.perf_counter() - t0
    if not report.counts.articles:
        _fail("no article could be extracted")
    parts = sorted(p for k, p in written.items() if k.startswith("part-"))
    shown = {"parts": f"{out_dir / 'part-*.nq'} ({len(parts)} file(s), {report.quads:,} quads with global.nq)",
             "global": written["global"], "manifest": out_dir / MANIFEST_FILE}
    if not quiet:
        _summary(report.counts.predicates, shown, elapsed, len(errors), report.counts.headline(),
                 duplicates, report.first_sources, command="nufuz cluster-build")
    else:
        for p in [*parts, written["global"], out_dir / MANIFEST_FILE]:
            out.print(printable(p), markup=False, highlight=False, soft_wrap=True)
    if errors:
        raise typer.Exit(1)


@app.command("load")
def load_cmd(
    files: Annotated[list[Path], typer.Argument(
        metavar="FILE...", help="N-Quads or TriG files, or folders of them (*.nq, *.trig): the parts of "
        "nufuz cluster-build, a graph.trig.")],
    store: Annotated[Path, typer.Option("--store", "-s", help="A new (or empty) store directory.")],
    optimize: Annotated[bool, typer.Option("--optimize/--no-optimize",
                                           help="Compact the store's files after loading.")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line.")] = False,
) -> None:
    """Load RDF dataset files into a new store with Oxigraph's bulk loader.

    The bulk loader is fast and needs little memory, but it is not atomic: it is for a new
    or empty store only (a store that holds quads is refused), and a file that fails half-way
    leaves the files before it loaded: delete the store folder and load again. To add
    articles to a store that has some, use nufuz build --store (one transaction per batch).
    """
    from kg.store import OxigraphStore, StoreError
    from kg.store_records import InexactRecords, write_records

    found: list[Path] = []
    for f in files:
        if f.is_dir():
            inner = sorted(p for p in f.iterdir() if p.suffix in (".nq", ".trig") and p.is_file())
            if not inner:
                _fail(f"{f}: no .nq or .trig file in this folder")
            found += inner
        elif f.is_file():
            if f.suffix not in (".nq", ".trig"):
                _fail(f"{f}: not an N-Quads (.nq) or TriG (.trig) file")
            found.append(f)
        else:
            _fail(f"{f}: no such file or folder")
    t0 = time.perf_counter()
    try:
        st = OxigraphStore(store)
    except StoreError as e:
        _fail(str(e))
    try:
        if len(st):
            _fail(f"{store}: the store holds {len(st):,} quads; the bulk loader is for a new store "
                  "(nufuz build --store adds articles to a store)")
        for i, f in enumerate(found):
            try:
                st.import_file(f, bulk=True)
            except StoreError as e:
                _fail(f"{e}; the {i} file(s) before it are loaded (not atomic: delete {store} and load again)")
        try:  # the statement records the views read (kg/store_records.py), which the loader bypasses
            records = write_records(st)
        except StoreError as e:
            _fail(f"{e} (the files are loaded; views read the statements property by property)")
        except InexactRecords as e:
            records = 0
            _warn(f"{store}: no statement records ({e}): views read the statements property by property")
        if optimize:
            try:
                st.optimize()
            except StoreError as e:
                _fail(str(e))
        n, graphs = len(st), len(st.graph_names())
    finally:
        st.close()
    if not quiet:
        out.print(f"nufuz load: {len(found)} file(s) -> {printable(store)}: {n:,} quads in {graphs:,} graphs "
                  f"({records:,} statement records) in {time.perf_counter() - t0:.1f} s",
                  markup=False, highlight=False, soft_wrap=True)
