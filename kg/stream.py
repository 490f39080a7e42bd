"""The streaming, parallel half of ``nufuz build``: inputs read in two passes, articles
extracted in bounded batches by ``--jobs N`` worker processes, in input order.

This module is the one place of ``kg/`` that wires the extractors (and so spaCy) into a build
(``tests/test_architecture.py`` checks it); it imports them lazily. The other modules reach the
extraction side through it: the CLI's builds and ``train-ner`` (:func:`train_recogniser`), the
Dask workers (:func:`load_extraction`). The rest of ``kg/`` reads only the records seam
(``extractors.records``, ``extractors.text``: no spaCy).

- :func:`scan_inputs` reads every input once to find the errors, the byte-identical
  duplicates and the number of articles (for the progress bar's ETA); the texts are kept
  only while they stay under :data:`KEEP_TEXT_CHARS` characters, else they are read again,
  file by file, by :meth:`InputScan.raws`, so memory does not grow with the corpus.
- :func:`extract_stream` extracts the articles in their input order: in this process for
  ``jobs=1``, else in a pool of worker processes (:class:`concurrent.futures.ProcessPoolExecutor`)
  forked from a forkserver that loaded the knowledge base and the pipelines once
  (:func:`_preload`, :func:`_init_worker`), with at
  most ``2 * jobs`` batches in flight. Extraction is a function of the article alone, so
  the records, and the dataset built from them, are the same whatever ``jobs`` is.
- :class:`RecordCounts` keeps the build summary's headline counts as articles stream by.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import threading
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Characters of article text :func:`scan_inputs` keeps from its pass for the extraction;
#: beyond it the inputs are read a second time (bounded memory on big corpora).
KEEP_TEXT_CHARS = 20_000_000
#: Articles a worker extracts per task at most (small inputs get smaller batches).
MAX_TASK = 16
#: Tasks a worker process runs before it is replaced by a fresh one: spaCy's vocabulary
#: grows with every new word form (the rules' memos are bounded: :mod:`extractors.memo`),
#: so a worker is recycled after ``WORKER_TASKS * MAX_TASK`` articles at most and the build's
#: memory stays flat with the corpus. A new worker is a fork of the forkserver, which holds
#: the pipelines loaded once (:func:`_preload`): recycling costs a fork, not the 2-3 CPU-s of
#: loading them, but the worker starts with cold memos and vocabulary. Measured on 4,000
#: SaudiNewsNet articles, extraction alone, ``jobs=2`` (workers' CPU on a loaded machine,
#: peak RSS of one worker, and of the forkserver and workers summed): 8 tasks 80.4 CPU-s,
#: 214 MB, 574 MB; 32 tasks 67.7 CPU-s, 286 MB, 713 MB; never recycled 59.9 CPU-s, 382 MB,
#: 903 MB (and growing with the corpus).
#: CPython 3.11's pool may fail to replace a worker that exits after ``max_tasks_per_child``
#: (gh-115634); whole-corpus builds with 200+ replacements finished, but it is a known risk.
WORKER_TASKS = 32
#: Articles after which :func:`extract_here` (a long-lived Dask worker) renews its pipelines:
#: there a renewal loads them again in the same process (about 0.5 CPU-s), not a fork.
LOCAL_RENEW = 1024
#: Fewer articles than this are extracted in this process whatever ``jobs`` is: a worker's
#: start-up (spaCy, the KB, the pipelines: about 2 CPU-s) costs more than it would save.
MIN_PARALLEL = 32


def default_jobs() -> int:
    """The number of CPU cores this process may use (``--jobs`` default), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass
class InputScan:
    """What the first pass over the inputs found (:func:`scan_inputs`).

    Attributes
    ----------
    files : list[Path]
        The input files, in order.
    langs : set[str]
        The languages of the articles to extract (their pipelines are loaded once, before
        the workers start: :func:`extract_stream`).
    errors : list
        Input errors (``extractors.sources.InputError``), in order, among them the articles
        in a language nufuz does not build (``extractors.sources.check_buildable``).
    warnings : list[tuple[str, str]]
        ``(path, warning)`` of the readers' warnings (a JSONL ``lang`` field the text's
        script disagrees with).
    total : int
        Articles to extract: the first of each set of byte-identical texts.
    duplicates : dict[str, list[str]]
        ``{sha1: [path, ...]}``: the sources of the inputs byte-identical to an earlier one.
    kept : list or None
        The articles (``RawArticle``) when their texts were kept, else None (read again).
    """

    files: list[Path]
    langs: set[str] = field(default_factory=set)
    errors: list = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    total: int = 0
    duplicates: dict[str, list[str]] = field(default_factory=dict)
    kept: list | None = None

    def raws(self) -> Iterator[Any]:
        """The articles to extract (``RawArticle``), in input order, each sha1 once (read
        them once: kept texts are let go as they are yielded).

        Reads the files again when their texts were not kept (errors of that second reading
        were reported by the first and are ignored), one article at a time
        (:func:`extractors.sources.iter_articles`): an article is held only until its
        extraction is written, not until its file is done (a file of the whole corpus would
        otherwise stay in memory, each text with the UTF-8 copy that pickling it for a
        worker caches in it).
        """
        if self.kept is not None:
            for i, r in enumerate(self.kept):
                self.kept[i] = None  # an extracted article's text is not held to the end
                yield r
            return
        from extractors.sources import InputError, check_buildable, iter_articles

        seen: set[bytes] = set()  # the sha1s yielded, 20 bytes each
        for f in self.files:
            try:
                for r in iter_articles(f, [], warn=False):  # warnings were given by the first reading
                    try:
                        check_buildable(r)
                    except InputError:
                        continue
                    key = bytes.fromhex(r.sha1)
                    if key not in seen:
                        seen.add(key)
                        yield r
            except InputError:
                continue


def scan_inputs(paths: list[str], skip: Path | None = None,
                keep_chars: int = KEEP_TEXT_CHARS) -> InputScan:
    """First pass over the inputs: errors, duplicates and the number of articles.

    Parameters
    ----------
    paths : list of str
        Files and folders, as given on the command line (``extractors.sources.discover``).
    skip : Path, optional
        A folder whose files are never read as inputs (the build's own output folder), or a
        file that is never read (an output file).
    keep_chars : int
        Keep the texts for the extraction while their total stays under this many
        characters; beyond it :meth:`InputScan.raws` reads the files again.

    Returns
    -------
    InputScan
    """
    from extractors.sources import InputError, check_buildable, discover, iter_articles

    files, errors = discover(paths)
    if skip is not None:
        skip = skip.resolve()
        files = [f for f in files if skip not in f.resolve().parents and f.resolve() != skip]
    scan = InputScan(files=files, errors=errors, kept=[])
    seen: set[str] = set()
    chars = 0
    for f in files:
        try:
            raws = iter_articles(f, errors)
        except InputError as e:
            errors.append(e)
            continue
        try:  # a JSON Lines file is read record by record: memory does not grow with its size
            for r in raws:  # byte-identical texts: one article, extracted once, with every source
                try:  # an article in a language nufuz does not build is refused by name
                    check_buildable(r)
                except InputError as e:
                    errors.append(e)
                    continue
                scan.warnings.extend((r.path, w) for w in r.warnings)
                if r.sha1 in seen:
                    scan.duplicates.setdefault(r.sha1, []).append(r.path)
                    continue
                seen.add(r.sha1)
                scan.total += 1
                scan.langs.add(r.lang)
                if scan.kept is not None:
                    chars += len(r.text)
                    if chars > keep_chars:
                        scan.kept = None
                    else:
                        scan.kept.append(r)
        except InputError as e:  # the file could not be read to its end (the articles before stay)
            errors.append(e)
    return scan


# --------------------------------------------------------------------------- extraction

_WORKER: dict[str, Any] = {}


def _unsupported(lang: str) -> str:
    return f"language {lang!r} is not supported yet (Arabic and English articles can be built)"


def _extractor(extractors: dict, kb: Any, lang: str, ner: bool = True) -> Any:
    """The ``extractors.pipeline.Extractor`` of a language from ``extractors`` (a cache,
    filled here on first use), or None when nufuz has no pipeline for it. With ``ner``, a
    language whose trained name recogniser ships (:func:`extractors.ner.has_model`) runs it
    beside the rules; without, the rules alone."""
    if lang not in extractors:
        from extractors.ner import has_model
        from extractors.pipeline import Extractor, create_nlp

        try:
            nlp = create_nlp(lang, ner=bool(ner) and has_model(lang))
            extractors[lang] = Extractor(lang, kb=kb, nlp=nlp)
        except ValueError:
            extractors[lang] = None
    return extractors[lang]


def _extract_one(extractors: dict, kb: Any, raw: Any, ner: bool = True) -> tuple[Any, str | None]:
    """``(ArticleExtraction, None)``, or ``(None, message)`` when the article's language
    has no pipeline or its extraction raised (one bad article never stops the others);
    the pipeline of the language comes from ``extractors`` (:func:`_extractor`)."""
    lang = raw.lang
    ex = _extractor(extractors, kb, lang, ner)
    if ex is None:
        return None, _unsupported(lang)
    try:
        return ex.extract(raw), None
    except Exception as e:  # noqa: BLE001 - a rule bug on one article must not stop a batch
        return None, f"extraction failed ({type(e).__name__}: {e})"


def _init_worker(ner: bool = True) -> None:
    """Load the knowledge base once per worker process; pipelines load on first use. A
    worker forked from a forkserver that loaded them (:func:`_preload`) keeps its KB and,
    when they were loaded with the same ``ner``, its pipelines."""
    from ontology.kb import load_kb

    if "kb" not in _WORKER:
        _WORKER["kb"] = load_kb()
    if _WORKER.get("ner") != ner or "extractors" not in _WORKER:
        _WORKER["extractors"] = {}
    _WORKER["ner"] = ner
    _settle_gc()


#: Allocations between two collections of Python's youngest generation during an extraction
#: (:func:`_settle_gc`; CPython's default is 700). The extraction allocates many short-lived
#: objects and few cycles (about 6 collected objects per article on SaudiNewsNet), while each
#: collection also walks the rules' per-word memos: at 700, the collector took 10-20% of an
#: extraction's CPU time on 600 SaudiNewsNet articles.
GC_YOUNG = 10_000


def _settle_gc() -> tuple:
    """Tune Python's cyclic collector for extraction in this process: move every object alive
    now (the KB, the pipelines: loaded once, never garbage) to the permanent generation
    (:func:`gc.freeze`), so that no later collection walks them again (nor, in a forked
    worker, touches and so copies their pages), and collect the youngest generation every
    :data:`GC_YOUNG` allocations instead of 700. Cycles are still collected; only less often.
    Called where an extraction process settles: the forkserver after its preload, each
    worker, and, for the time of an extraction (:func:`_settled_gc`, which undoes it at
    its end: :func:`_unsettle_gc`), the build's own process: the in-process extraction of
    ``jobs=1``, or the reading of the workers' records.

    Returns
    -------
    tuple of int
        The thresholds before (:func:`gc.get_threshold`)."""
    import gc

    before = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG, *before[1:])
    return before


@contextmanager
def _settled_gc() -> Iterator[None]:
    """:func:`_settle_gc` for the time of a ``with`` block, then :func:`_unsettle_gc`."""
    before = _settle_gc()
    try:
        yield
    finally:
        _unsettle_gc(before)


def _unsettle_gc(before: tuple) -> None:
    """Undo :func:`_settle_gc` (``before``: what it returned): the frozen objects are
    collectable again, the thresholds are ``before``."""
    import gc

    gc.unfreeze()
    gc.set_threshold(*before)


#: Set while :func:`extract_stream` starts the forkserver: ``"<lang>,<lang>;ner"`` (or
#: ``;rules``), the pipelines that the forkserver loads when it imports this module.
PRELOAD_ENV = "NUFUZ_FORKSERVER_PIPELINES"


def _preload() -> None:
    """In a forkserver started by :func:`extract_stream` (:data:`PRELOAD_ENV` set): load
    the knowledge base and the pipelines of the build's languages once, so every worker
    forked from it starts with them (copy-on-write) instead of loading them (2-3 CPU-s
    each). Elsewhere (the variable unset) nothing."""
    spec = os.environ.pop(PRELOAD_ENV, None)  # not inherited by the workers' own children
    if not spec:
        return
    langs, _, mode = spec.partition(";")
    try:
        _init_worker(mode == "ner")
        for lang in filter(None, langs.split(",")):
            _extractor(_WORKER["extractors"], _WORKER["kb"], lang, _WORKER["ner"])
    except Exception:  # noqa: BLE001 - the workers then load what they need (and say why)
        _WORKER.clear()
    _settle_gc()  # what the workers inherit is never scanned again (nor copied by a scan)


def _start_forkserver(ctx: Any, langs: Iterable[str], ner: bool) -> None:
    """Start the forkserver of this process (when it is not running yet) with the modules
    of the extraction and the pipelines of ``langs`` loaded (:func:`_preload`)."""
    from multiprocessing import forkserver

    ctx.set_forkserver_preload(["extractors.pipeline", "ontology.kb", "kg.stream"])
    os.environ[PRELOAD_ENV] = ",".join(sorted(set(langs))) + (";ner" if ner else ";rules")
    try:
        forkserver.ensure_running()
    finally:
        del os.environ[PRELOAD_ENV]


#: Bytes of input files from which :func:`prestart` expects a pool of workers (about
#: :data:`MIN_PARALLEL` articles of 2 KB).
PRESTART_BYTES = 64_000


def prestart(paths: list[str], jobs: int, ner: bool = True) -> bool:
    """Start the forkserver of :func:`extract_stream`'s workers before the inputs are scanned,
    so that its loading (spaCy, the knowledge base and the pipelines of every language nufuz
    builds: about 2 CPU-s) runs on another core while this process scans the inputs (about
    0.6 ms of CPU per SaudiNewsNet article), instead of after the scan.

    Parameters
    ----------
    paths : list of str
        The inputs, as given to :func:`scan_inputs`.
    jobs : int
        The build's worker processes.
    ner : bool
        As in :func:`extract_stream` (the pipelines are loaded with or without the name
        recogniser).

    Returns
    -------
    bool
        True when it started the forkserver: ``jobs > 1``, the platform has ``forkserver``
        and the input files hold at least :data:`PRESTART_BYTES` bytes (a pool is then
        likely: :data:`MIN_PARALLEL`). Otherwise nothing is done (a missing input is left
        to the scan to report).
    """
    if jobs <= 1 or "forkserver" not in mp.get_all_start_methods():
        return False
    from extractors.language import supported_languages
    from extractors.sources import discover

    size = 0
    for f in discover(paths)[0]:
        try:
            size += f.stat().st_size
        except OSError:
            continue
        if size >= PRESTART_BYTES:
            _start_forkserver(mp.get_context("forkserver"), supported_languages(), ner)
            return True
    return False


def _extract_batch(raws: list) -> list[tuple[Any, str | None]]:
    """Extract a batch of articles in a worker process (see :func:`_extract_one`)."""
    return [_extract_one(_WORKER["extractors"], _WORKER["kb"], r, _WORKER["ner"]) for r in raws]


_LOCAL: dict[str, Any] = {}
_LOCAL_LOCK = threading.RLock()


def extract_here(raws: Iterable, ner: bool = True) -> list[tuple[Any, Any, str | None]]:
    """Extract articles in this process with pipelines that outlive the call: the extraction
    of a long-lived worker that is not one of :func:`extract_stream`'s (a Dask worker of
    ``nufuz cluster-build``, :mod:`kg.cluster`).

    The knowledge base is loaded once per process; the pipelines are loaded on first use
    and renewed after :data:`LOCAL_RENEW` articles (spaCy's vocabulary grows with
    every word form it sees: the memory of :data:`WORKER_TASKS`). Calls from several
    threads of one process run one at a time (a pipeline is not shared between threads).

    Parameters
    ----------
    raws : iterable of extractors.sources.RawArticle
    ner : bool
        Run the statistical name recogniser beside the rules (default; ``--no-ner``: False).

    Returns
    -------
    list of (RawArticle, ArticleExtraction or None, str or None)
        As :func:`extract_stream` yields them, in the order of ``raws``: each article with
        its records, or with None and the one-line reason it failed (one bad article never
        stops the others).
    """
    with _LOCAL_LOCK:
        kb = local_kb()
        if _LOCAL.get("done", 0) >= LOCAL_RENEW:  # fresh pipelines: a fresh vocabulary
            _LOCAL["extractors"], _LOCAL["done"] = {}, 0
        extractors = _LOCAL.setdefault("extractors", {}).setdefault(bool(ner), {})
        out = []
        for raw in raws:
            out.append((raw, *_extract_one(extractors, kb, raw, ner)))
            _LOCAL["done"] = _LOCAL.get("done", 0) + 1
        return out


def load_extraction() -> None:
    """Import the extraction side of nufuz (the pipeline, and so spaCy) without building
    anything: a Dask worker runs it before a build so that a worker without nufuz or spaCy
    fails at once (:func:`kg.cluster.probe`).

    Raises
    ------
    ImportError
        When the extractors or spaCy cannot be imported.
    """
    import extractors.pipeline  # noqa: F401


def train_recogniser(snn: Path, exclude: list[Path], out: Path | None, lang: str, **kw: Any) -> dict:
    """Train the statistical name recogniser of ``lang`` on silver labels of the SaudiNewsNet
    folder ``snn`` (:func:`extractors.ner.train_from_corpus`; ``nufuz train-ner``).

    Parameters
    ----------
    snn : Path
        Folder of SaudiNewsNet JSONL files.
    exclude : list[Path]
        Folders of articles whose copies are left out of the training data.
    out : Path or None
        Model folder; None for the language's shipped model folder
        (:func:`extractors.ner.model_dir`).
    lang : str
        Language tag (``ar``).
    **kw
        Passed on (``max_articles``, ``seed``, ``cpu_minutes``, ``max_epochs``, ``cache``,
        ``log``).

    Returns
    -------
    dict
        The model's metadata (``meta["train"]``: what the training saw and reached).

    Raises
    ------
    FileNotFoundError
        When an input folder or file is missing.
    """
    from extractors import ner

    return ner.train_from_corpus(snn, exclude, out or ner.model_dir(lang), lang, **kw)


def local_kb() -> Any:
    """The knowledge base of this process, loaded once (:func:`extract_here`'s)."""
    with _LOCAL_LOCK:
        if "kb" not in _LOCAL:
            from ontology.kb import load_kb

            _LOCAL["kb"] = load_kb()
        return _LOCAL["kb"]


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for x in items:
        batch.append(x)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_stream(raws: Iterable, kb: Any, jobs: int = 1, total: int | None = None,
                   ner: bool = True, langs: Iterable[str] = ()) -> Iterator[tuple[Any, Any, str | None]]:
    """Extract articles in their input order, in this process or in ``jobs`` workers.

    Parameters
    ----------
    raws : iterable of extractors.sources.RawArticle
        Read lazily: at most ``2 * jobs`` batches are in flight.
    kb : KnowledgeBase
        The knowledge base (used in this process; each worker loads its own copy).
    jobs : int
        Worker processes; 1 (or fewer than :data:`MIN_PARALLEL` articles) extracts in this
        process.
    total : int, optional
        The number of articles, to size the batches (up to :data:`MAX_TASK` articles each,
        at least four per worker when there are enough).
    ner : bool
        Run the statistical name recogniser beside the rules where a language has one
        (the default; ``nufuz build --no-ner`` turns it off).
    langs : iterable of str
        The languages of the articles (:attr:`InputScan.langs`), whose pipelines the
        forkserver loads once for all the workers (others load in each worker on first
        use), or this process before its first article (``jobs=1``).

    Yields
    ------
    (RawArticle, ArticleExtraction or None, str or None)
        The article, its records, and None; or None and the one-line reason it failed.

    Notes
    -----
    Workers start with ``forkserver`` (a fork of a clean server process, not of this one,
    which may hold an open store and threads). The forkserver, when this call starts it,
    loads spaCy, the knowledge base and the pipelines of ``langs`` once
    (:func:`_preload`), so a worker starts with them and is cheap to replace: it is
    replaced after :data:`WORKER_TASKS` tasks (bounded memory). (A forkserver this process
    started before keeps what it loaded then: a build's pipelines, which the workers keep
    when ``ner`` matches, or nothing, when :mod:`kg.worker`'s query pool started it; the
    workers load what they lack.) With
    ``jobs=1`` the extraction runs in this process, whose spaCy vocabulary then grows with
    the corpus: big corpora want ``jobs >= 2``. Every extraction process, and this one,
    runs with the collector settled (:func:`_settle_gc`); this process's is restored when
    the stream ends.
    """
    if jobs <= 1 or (total is not None and total < max(MIN_PARALLEL, jobs + 1)):
        extractors: dict = {}
        for lang in sorted(set(langs)):  # loaded before the collector settles (_settle_gc)
            _extractor(extractors, kb, lang, ner)
        with _settled_gc():
            for raw in raws:
                yield (raw, *_extract_one(extractors, kb, raw, ner))
        return
    from concurrent.futures import ProcessPoolExecutor

    size = MAX_TASK if total is None else max(1, min(MAX_TASK, total // (4 * jobs)))
    method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    ctx = mp.get_context(method)
    if method == "forkserver":
        _start_forkserver(ctx, langs, ner)
    # this process unpickles the workers' records (about 60 objects an article) and builds
    # their RDF: its collector settled as the workers' (on 4,000 SaudiNewsNet articles of a
    # store build, 8.4-8.7 -> 7.9-8.2 CPU-s in this process)
    with _settled_gc(), ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                                            initargs=(ner,), max_tasks_per_child=WORKER_TASKS) as pool:
        pending: deque = deque()
        batches = _batches(raws, size)
        try:
            for batch in batches:
                pending.append((batch, pool.submit(_extract_batch, batch)))
                if len(pending) >= 2 * jobs:
                    batch0, fut = pending.popleft()
                    yield from ((r, a, e) for r, (a, e) in zip(batch0, fut.result()))
            while pending:
                batch0, fut = pending.popleft()
                yield from ((r, a, e) for r, (a, e) in zip(batch0, fut.result()))
        except BaseException:
            for _, fut in pending:
                fut.cancel()
            raise


# --------------------------------------------------------------------------- counts

@dataclass
class RecordCounts:
    """The build summary's counts, kept from the records as articles stream by.

    They are the headline counts of :func:`kg.analytics.headline_counts` (the definitions
    of :data:`kg.analytics.COUNT_DEFINITIONS`) of the dataset built from the same
    articles, without holding that dataset; ``tests/test_stream.py`` checks the two agree.
    """

    articles: int = 0
    with_statements: int = 0
    entities: set[str] = field(default_factory=set)
    modes: Counter = field(default_factory=Counter)
    predicates: Counter = field(default_factory=Counter)

    def add(self, art: Any) -> None:
        """Count one article (an ``ArticleExtraction`` written to the dataset)."""
        self.articles += 1
        self.with_statements += bool(art.statements)
        self.entities.update(art.entities)
        self.modes.update(st.mode for st in art.statements)
        self.predicates.update(st.predicate for st in art.statements)

    def headline(self):
        """The counts as a :class:`kg.analytics.HeadlineCounts`."""
        from kg.analytics_graph import HeadlineCounts
        from ontology import vocab

        order = {m: i for i, m in enumerate(vocab.MODES)}
        by_mode = tuple(sorted(self.modes.items(), key=lambda mn: (order.get(mn[0], len(order)), mn[0])))
        return HeadlineCounts(articles=self.articles, with_statements=self.with_statements,
                              entities=len(self.entities), statements=sum(self.modes.values()),
                              by_mode=by_mode)


_preload()  # a no-op unless this import is a forkserver's that extract_stream started
