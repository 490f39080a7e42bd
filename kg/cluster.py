"""``nufuz cluster-build``: the extraction of ``nufuz build`` on a Dask cluster, written as
N-Quads parts that a store's bulk loader or a SPARQL server ingests.

The inputs are read on the client (:func:`kg.stream.scan_inputs`: errors, byte-identical
duplicates, the number of articles) and cut into consecutive partitions in input order.
Each partition goes through two tasks on the cluster (``dask.distributed``):

1. :func:`extract_partition` extracts its articles with the extraction of ``nufuz build``
   (:func:`kg.stream.extract_here`, which runs :func:`kg.stream._extract_one`: one bad
   article is one error, never a lost partition), checks them and gathers what they add
   to the build's state (:meth:`kg.rdf.DatasetBuilder.note`). The records stay on the
   worker; the client receives the small state alone (:func:`partition_state`).
2. :func:`write_partition` writes the partition's article graphs with the same
   :class:`kg.rdf.DatasetBuilder` as ``nufuz build``, started from the merged state of the
   partitions before it (the client merges the states in input order), and returns them as
   N-Quads bytes.

The client writes ``part-NNNNN.nq`` per partition as they come back (a bounded number of
partitions in flight), then ``global.nq``: the graphs made from the whole build
(:meth:`kg.rdf.DatasetBuilder.global_graphs`: the entities graph and the KB graph) from the merged state, and a
``manifest.json``. The union of the parts and ``global.nq`` is the dataset of
``nufuz build`` on the same inputs (``tests/test_cluster.py``). The workers need nufuz
installed; the inputs and outputs stay on the client's machine (no shared file system).

Dask is imported only here, inside the functions that need it.
"""
from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.rdf import BuildState
from kg.stream import RecordCounts

#: Most articles in a partition (the default size is smaller for small inputs).
MAX_PARTITION = 200
#: Name of the file of the graphs made from the whole build (the KB graph).
GLOBAL_FILE = "global.nq"
MANIFEST_FILE = "manifest.json"


def part_name(index: int) -> str:
    """The file name of partition ``index`` (``part-00000.nq``)."""
    return f"part-{index:05d}.nq"


def partition_size(total: int, workers: int) -> int:
    """Articles per partition: at least four partitions per worker when there are enough
    articles, at most :data:`MAX_PARTITION` articles each, at least 1."""
    return max(1, min(MAX_PARTITION, total // (4 * max(1, workers))))


# --------------------------------------------------------------------------- worker side

@dataclass
class PartitionRecords:
    """A partition's extraction, kept on the worker between the two tasks.

    Attributes
    ----------
    index : int
    articles : list[ArticleExtraction]
        The articles that can be written, in input order (statements below
        ``min_confidence`` already dropped).
    errors : list[tuple[str, str]]
        ``(source, reason)`` of each article that failed (extraction, or
        :func:`kg.rdf.check_article`).
    state : BuildState
        What the articles add to the build's state (:meth:`kg.rdf.DatasetBuilder.note`).
    """

    index: int
    articles: list = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    state: BuildState = field(default_factory=BuildState)


@dataclass
class PartitionResult:
    """A written partition, sent back to the client.

    Attributes
    ----------
    index : int
    nquads : bytes
        The article graphs as UTF-8 N-Quads.
    quads : int
        Number of quads (lines) in ``nquads``.
    counts : RecordCounts
        The summary's counts of the articles written.
    errors : list[tuple[str, str]]
        ``(source, reason)`` of the articles that failed.
    first_sources : dict[str, str]
        ``{sha1: source}`` of the articles that have duplicates (for the summary).
    """

    index: int
    nquads: bytes
    quads: int
    counts: RecordCounts
    errors: list[tuple[str, str]]
    first_sources: dict[str, str]


def _nquads(ds: Any) -> bytes:
    """A dataset as UTF-8 N-Quads, one quad per line (no blank line)."""
    data = ds.serialize(format="nquads", encoding="utf-8")
    return b"\n".join(line for line in data.split(b"\n") if line.strip()) + b"\n"


def extract_partition(index: int, raws: list, ner: bool = True, min_confidence: float = 0.0) -> PartitionRecords:
    """Task 1 on a worker: extract and check a partition's articles, gather their state.

    Parameters
    ----------
    index : int
        The partition's number (its place in input order).
    raws : list of extractors.sources.RawArticle
    ner : bool
        Run the statistical name recogniser beside the rules (default; ``--no-ner``: False).
    min_confidence : float
        Drop statements below it (``--min-confidence``).

    Returns
    -------
    PartitionRecords
    """
    from kg.rdf import DatasetBuilder
    from kg.stream import extract_here, local_kb

    # (the KB tells which names the entities graph already has from the KB graph)
    builder = DatasetBuilder(local_kb(), min_confidence=min_confidence)
    rec = PartitionRecords(index=index, state=builder.state)
    for raw, art, problem in extract_here(raws, ner):
        if art is None:
            rec.errors.append((str(raw.path), problem or "extraction failed"))
            continue
        problems = builder.check(art)
        if problems:
            rec.errors.extend((str(art.source), p) for p in problems)
            continue
        builder.note(art)
        rec.articles.append(art)
    return rec


def partition_state(rec: PartitionRecords) -> BuildState:
    """The small part of a :class:`PartitionRecords` the client needs (its state)."""
    return rec.state


def write_partition(rec: PartitionRecords, before: BuildState, sources: dict[str, list[str]]) -> PartitionResult:
    """Task 2 on a worker: write a partition's article graphs as N-Quads.

    Parameters
    ----------
    rec : PartitionRecords
        From :func:`extract_partition`.
    before : BuildState
        The merged state of the partitions before this one (at least for the ids this
        partition mentions: :meth:`kg.rdf.BuildState.only`).
    sources : dict[str, list[str]]
        More sources (byte-identical inputs) of this partition's articles, by sha1.

    Returns
    -------
    PartitionResult
    """
    from kg.rdf import DatasetBuilder
    from kg.stream import local_kb

    builder = DatasetBuilder(local_kb(), sources=sources, state=before)
    counts = RecordCounts()
    firsts: dict[str, str] = {}
    for art in rec.articles:
        builder.add(art)
        counts.add(art)
        if art.sha1 in sources:
            firsts[art.sha1] = art.source
    data = _nquads(builder.dataset) if rec.articles else b""
    return PartitionResult(index=rec.index, nquads=data, quads=data.count(b"\n"), counts=counts,
                           errors=list(rec.errors), first_sources=firsts)


def probe() -> str:
    """Run on every worker before a build: imports the extraction side of nufuz (a worker
    without nufuz, or without spaCy, fails here rather than in the middle of the build);
    returns :func:`nufuz_version` (the client warns when a worker's differs from its own)."""
    from kg.stream import load_extraction

    load_extraction()

    return nufuz_version()


def nufuz_version() -> str:
    """The installed nufuz distribution's version, or ``"source"`` when it runs from a checkout
    that is not installed (``PYTHONPATH``)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("nufuz")
    except PackageNotFoundError:
        return "source"


# --------------------------------------------------------------------------- client side

@dataclass
class ClusterReport:
    """What :func:`run` wrote.

    Attributes
    ----------
    files : dict[str, Path]
        ``{"part-00000": path, ..., "global": path, "manifest": path}``.
    counts : RecordCounts
        The summary's counts over every partition.
    errors : list[tuple[str, str]]
        ``(source, reason)`` of every article that failed (a partition that failed on the
        cluster: one entry per article, the reason naming the partition).
    first_sources : dict[str, str]
        ``{sha1: source}`` of the articles that have duplicates.
    partitions : int
    quads : int
        Quads written in all files.
    """

    files: dict[str, Path] = field(default_factory=dict)
    counts: RecordCounts = field(default_factory=RecordCounts)
    errors: list[tuple[str, str]] = field(default_factory=list)
    first_sources: dict[str, str] = field(default_factory=dict)
    partitions: int = 0
    quads: int = 0


def _merge_counts(into: RecordCounts, other: RecordCounts) -> None:
    into.articles += other.articles
    into.with_statements += other.with_statements
    into.entities |= other.entities
    into.modes.update(other.modes)
    into.predicates.update(other.predicates)


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def run(client: Any, raws: Iterable, folder: Path, kb: Any, *, size: int,
        duplicates: dict[str, list[str]] | None = None, ner: bool = True, min_confidence: float = 0.0,
        window: int | None = None, on_error: Callable[[str, str], None] | None = None,
        on_part: Callable[[int], None] | None = None) -> ClusterReport:
    """Build the articles on a Dask cluster into N-Quads files in ``folder``.

    Parameters
    ----------
    client : distributed.Client
        Connected to the scheduler (a ``LocalCluster`` or a real one).
    raws : iterable of extractors.sources.RawArticle
        The articles in input order, each sha1 once (:meth:`kg.stream.InputScan.raws`);
        read lazily: at most ``window`` partitions are in flight.
    folder : Path
        Where the files go (an existing folder; ``nufuz cluster-build`` gives a staging
        folder of :func:`kg.atomic.replace_set`).
    kb : KnowledgeBase
        For the KB graph, written here from the merged state.
    size : int
        Articles per partition (:func:`partition_size`).
    duplicates : dict, optional
        ``{sha1: [path, ...]}`` of the byte-identical inputs (more ``dcterms:source``).
    ner, min_confidence
        As ``nufuz build``'s ``--ner/--no-ner`` and ``--min-confidence``.
    window : int, optional
        Partitions in flight at most; default twice the cluster's worker threads (>= 2).
    on_error : callable, optional
        Called with ``(source, reason)`` for each article that failed, as partitions come
        back.
    on_part : callable, optional
        Called with the number of articles of each partition written (a progress bar).

    Returns
    -------
    ClusterReport

    Raises
    ------
    OSError
        A file could not be written.
    """
    from distributed import as_completed

    from kg.rdf import DatasetBuilder, new_dataset
    from kg.stream import _batches

    duplicates = duplicates or {}
    if window is None:
        window = max(2, 2 * sum(client.nthreads().values()))
    report = ClusterReport()
    parts = enumerate(_batches(raws, max(1, size)))
    flight: dict[int, tuple[list[str], list[str], Any]] = {}  # index -> (sources, sha1s, records future)
    kind: dict[str, tuple[str, int]] = {}  # future key -> ("state" | "part", index)
    states: dict[int, BuildState | None] = {}
    merged = BuildState()
    next_state = 0
    manifest: list[dict] = []
    done = as_completed()
    exhausted = False
    token = uuid.uuid4().hex[:12]

    def submit_more() -> None:
        nonlocal exhausted
        while not exhausted and len(flight) < window:
            try:
                k, batch = next(parts)
            except StopIteration:
                exhausted = True
                return
            rec = client.submit(extract_partition, k, batch, ner, min_confidence, pure=False,
                                key=f"nufuz-extract-{k}-{token}")
            st = client.submit(partition_state, rec, pure=False, key=f"nufuz-state-{k}-{token}")
            flight[k] = ([str(r.path) for r in batch], [r.sha1 for r in batch], rec)
            kind[st.key] = ("state", k)
            done.add(st)

    def fail(k: int, exc: BaseException) -> None:
        sources = flight.pop(k)[0]
        reason = f"partition {k} failed on the cluster ({_reason(exc)})"
        for src in sources:
            report.errors.append((src, reason))
            if on_error is not None:
                on_error(src, reason)
        if on_part is not None:
            on_part(len(sources))

    submit_more()
    for fut in done:
        what, k = kind.pop(fut.key)
        if what == "state":
            try:
                states[k] = fut.result()
            except Exception as exc:  # noqa: BLE001 - a lost partition is reported, the others go on
                states[k] = None
                fail(k, exc)
            while next_state in states:  # in input order: each partition gets the state before it
                st = states.pop(next_state)
                if st is not None:
                    before = merged.only(st.mentioned)
                    merged.merge(st)
                    _, sha1s, rec = flight[next_state]
                    dup = {s: duplicates[s] for s in sha1s if s in duplicates}
                    w = client.submit(write_partition, rec, before, dup, pure=False,
                                      key=f"nufuz-write-{next_state}-{token}")
                    kind[w.key] = ("part", next_state)
                    done.add(w)
                next_state += 1
        else:
            try:
                res: PartitionResult = fut.result()
            except Exception as exc:  # noqa: BLE001
                fail(k, exc)
                submit_more()
                continue
            sources = flight.pop(k)[0]
            path = folder / part_name(k)
            path.write_bytes(res.nquads)
            report.files[path.stem] = path
            report.partitions += 1
            report.quads += res.quads
            _merge_counts(report.counts, res.counts)
            report.first_sources.update(res.first_sources)
            for src, reason in res.errors:
                report.errors.append((src, reason))
                if on_error is not None:
                    on_error(src, reason)
            manifest.append({"file": path.name, "articles": res.counts.articles, "quads": res.quads,
                             "first": sources[0], "last": sources[-1]})
            if on_part is not None:
                on_part(len(sources))
        del fut
        submit_more()
    builder = DatasetBuilder(kb, state=merged, dataset=new_dataset())
    graphs = builder.global_graphs()
    data = _nquads(builder.dataset) if any(len(g) for g in graphs) else b""
    path = folder / GLOBAL_FILE
    path.write_bytes(data)
    report.files["global"] = path
    report.quads += data.count(b"\n")
    manifest.sort(key=lambda m: m["file"])
    (folder / MANIFEST_FILE).write_text(json.dumps({
        "articles": report.counts.articles, "partitions": report.partitions, "quads": report.quads,
        "parts": manifest, "global": GLOBAL_FILE,
        "errors": [{"source": s, "reason": r} for s, r in report.errors]}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8")
    report.files["manifest"] = folder / MANIFEST_FILE
    return report
