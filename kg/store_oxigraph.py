"""The embedded backend of :mod:`kg.store`: an Oxigraph store on disk (pyoxigraph; RocksDB
files in one directory), the default for ``--store DIR``, and the conversion of terms between
rdflib and pyoxigraph (:func:`to_rdflib`, :func:`to_oxigraph`).

pyoxigraph is imported when a store is opened or a term converted, not on import.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD

from kg.namespaces import RECORDS_GRAPH, bind_prefixes
from kg.store_base import (
    SPARQL_PREFIXES, Additions, QueryError, QueryResult, StoreError, _collect, _sparql_position,
    _take, one_line,
)


def to_rdflib(term: Any) -> Any:
    """Convert a pyoxigraph term to the equal rdflib term (None stays None).

    Parameters
    ----------
    term : pyoxigraph.NamedNode, BlankNode, Literal, Triple or None

    Returns
    -------
    rdflib.URIRef, rdflib.BNode, rdflib.Literal or None
        ``xsd:string`` literals become plain rdflib literals (rdflib tells the two apart,
        RDF 1.1 does not).
    """
    if term is None:
        return None
    ox = _ox()
    cls = type(term)
    if cls is ox.NamedNode:
        return URIRef(term.value)
    if cls is ox.Literal:
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=_datatype(dt))
    if cls is ox.BlankNode:
        return BNode(term.value)
    return Literal(str(term))  # RDF-star triple terms: shown as text


_XSD_STRING = str(XSD.string)

_TSV_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_TSV_CHARS = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f"}


def _tsv_unescape(m: re.Match) -> str:
    if m.group(3) is not None:
        return _TSV_CHARS.get(m.group(3), m.group(3))
    return chr(int(m.group(1) or m.group(2), 16))


def _tsv_value(cell: str) -> str | None:
    """One cell of a SPARQL TSV result as text (see :func:`parse_tsv`)."""
    if not cell:
        return None
    head = cell[0]
    if head == "<":
        return cell[1:-1]
    if head == '"':
        body = cell[1:cell.rindex('"')]
        return _TSV_ESCAPE.sub(_tsv_unescape, body) if "\\" in body else body
    if head == "_" and cell.startswith("_:"):
        return cell[2:]
    return cell  # a number or boolean, written bare (Turtle's short form)


def parse_tsv(text: str) -> tuple[list[str], list[list[str | None]]]:
    r"""The variables and rows of a SPARQL 1.1 TSV result (as Oxigraph writes it) as text.

    Parameters
    ----------
    text : str
        The header line of ``?variables``, then one line per row, each ending with a newline
        (a literal's tab and newline characters are escaped, so lines and cells split
        plainly; U+2028 and other line separators are not line ends here).

    Returns
    -------
    (list of str, list of list)
        Variable names without ``?``; per row and variable the IRI (without ``<>``), the
        literal's lexical form (escapes resolved; language tag and datatype dropped), the
        blank node's id (without ``_:``), a bare number or boolean as written, or None for
        an unbound variable.

    Examples
    --------
    >>> parse_tsv('?s\t?o\n<http://e/a>\t"x\\ty"@en\n_:b\t\n')
    (['s', 'o'], [['http://e/a', 'x\ty'], ['b', None]])
    """
    lines = text.split("\n")
    names = [v[1:] if v.startswith("?") else v for v in lines[0].split("\t")] if lines[0] else []
    value = _tsv_value
    # (a row whose one variable is unbound is an empty line: [None]); IRIs, the most
    # frequent cells, are cut here without a call
    return names, [[c[1:-1] if c[:1] == "<" else value(c) for c in line.split("\t")]
                   for line in lines[1:-1]]


class _Converted(dict):
    """pyoxigraph term -> rdflib term (:func:`to_rdflib`), converted on the first lookup;
    ``None`` (an unbound variable) stays None."""

    def __missing__(self, term: Any) -> Any:
        out = self[term] = to_rdflib(term)
        return out


@functools.lru_cache(maxsize=1)
def _ox():
    import pyoxigraph

    return pyoxigraph


@functools.lru_cache(maxsize=256)
def _datatype(iri: str) -> URIRef:
    return URIRef(iri)


def to_oxigraph(term: Any) -> Any:
    """Convert an rdflib term to the equal pyoxigraph term.

    Parameters
    ----------
    term : rdflib.URIRef, rdflib.BNode or rdflib.Literal

    Returns
    -------
    pyoxigraph.NamedNode, BlankNode or Literal

    Raises
    ------
    ValueError
        For an IRI or literal pyoxigraph rejects (e.g. a language tag that is not BCP 47).
    """
    import pyoxigraph as ox

    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(re.sub(r"[^A-Za-z0-9_]", "_", str(term)) or None)
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    raise ValueError(f"not an RDF term: {term!r}")


def _ox_term(term: Any) -> Any:
    """:func:`to_oxigraph`, IRIs cached (predicates, classes and entities repeat; literals,
    mostly evidence sentences, do not, and are converted each time)."""
    return _ox_iri(term) if type(term) is URIRef else to_oxigraph(term)


@functools.lru_cache(maxsize=1 << 14)
def _ox_iri(term: URIRef) -> Any:
    return to_oxigraph(term)


#: Converted terms an :class:`OxigraphStore` keeps between two :meth:`~OxigraphStore.replace_graphs`
#: calls at most (about 200 bytes each with the rdflib term; emptied past it).
TERMS_KEPT = 200_000


class _OxTerms(dict):
    """rdflib term -> pyoxigraph term (:func:`_ox_term`), converted on the first lookup: the
    conversions an :class:`OxigraphStore`'s writes made since it last let go of its memory
    (batches name the same nodes, predicates, labels and dates many times; a conversion is
    a pure function of the term, so what is kept stays right after a failed write)."""

    def __missing__(self, term: Any) -> Any:
        out = self[term] = _ox_term(term)
        return out


@functools.lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim`` (None with another C library: musl, macOS, Windows)."""
    import ctypes
    import ctypes.util

    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def _trim_heap() -> None:
    """Return the free pages of the C heap to the system, where the C library can."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


_CURRENT = re.compile(r"^MANIFEST-\d+\n?$")


def _check_store_dir(path: Path, create: bool) -> None:
    """Refuse, without touching anything, what Oxigraph would fail on or silently pollute."""
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: is a file, not a store directory")
    if not path.exists():
        if not create:
            raise StoreError(f"{path}: no such store (create one with `nufuz build ... --store {path}`)")
        return
    entries = [p.name for p in path.iterdir()]
    if not entries:
        if not create:
            raise StoreError(f"{path}: empty directory, not a store")
        return
    current = path / "CURRENT"
    if not current.is_file():
        raise StoreError(f"{path}: not an Oxigraph store (a non-empty directory without a CURRENT "
                         "file)" + ("; give an empty or new directory" if create else
                                    "; give a store built with `nufuz build ... --store DIR`"))
    try:
        text = current.read_bytes().decode("ascii")
    except (OSError, UnicodeDecodeError):
        text = ""
    if not _CURRENT.match(text) or not (path / text.strip()).is_file():
        raise StoreError(f"{path}: corrupt Oxigraph store (its CURRENT file does not name a manifest)")


def _open_error(path: Path, exc: BaseException) -> StoreError:
    msg = one_line(exc)
    low = msg.lower()
    if "lock" in low and "current process" in low:
        return StoreError(f"{path}: the store is locked: it is already open for writing in this process")
    if "lock" in low and ("unavailable" in low or "hold" in low or "no locks" in low or "busy" in low):
        return StoreError(f"{path}: the store is locked by another process (a running build or "
                          "server); wait for it to finish or stop it")
    if "not a directory" in low or "exists but is not a directory" in low:
        return StoreError(f"{path}: is a file, not a store directory")
    if "corrupt" in low or "invalid" in low or "version" in low:
        return StoreError(f"{path}: corrupt Oxigraph store ({msg})")
    if "permission denied" in low:
        return StoreError(f"{path}: permission denied")
    return StoreError(f"{path}: cannot open the store ({msg})")


class OxigraphStore:
    """Embedded Oxigraph store on disk (pyoxigraph; RocksDB files in one directory).

    Parameters
    ----------
    path : str or Path
        Store directory; created when missing (unless ``read_only``).
    read_only : bool
        Open without taking the write lock (``pyoxigraph.Store.read_only``), so queries and
        servers do not lock out a build. A read-only store sees the data written before it
        was opened (Oxigraph leaves reads concurrent with another process's writes
        undefined; reopen to see new articles).

    Raises
    ------
    StoreError
        The path is a file; a non-empty directory that is not an Oxigraph store; a corrupt
        store; the store is locked by another process (read-write only); for
        ``read_only``, no store at ``path``.
    """

    #: opened for writing, the store holds RocksDB's lock: no other process writes to it
    #: meanwhile (:attr:`kg.store_base.Store.sole_writer`)
    sole_writer = True
    #: the batches of a build write statement records (:mod:`kg.store_records`) in the graph
    #: ``RECORDS_GRAPH``, which :meth:`graph_names`, :meth:`quads`, :meth:`dataset` and
    #: :meth:`dump` leave out (an index, not data of its own)
    keeps_records = True
    #: queries may run from several threads at once, evaluated without the GIL
    #: (:func:`kg.store_base.meanwhile`)
    concurrent_reads = True

    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = Path(path)
        self.name = str(self.path)
        self.read_only = read_only
        _check_store_dir(self.path, create=not read_only)
        self._store = self._open()
        #: the terms :meth:`replace_graphs` converted since the last :meth:`release_memory`
        self._terms = _OxTerms()

    def _open(self) -> Any:
        """A new pyoxigraph handle of the store (read-only or not, as it was opened).

        Raises
        ------
        StoreError
            Oxigraph refused to open it (:func:`_open_error` says why).
        """
        import pyoxigraph as ox

        try:
            return ox.Store.read_only(str(self.path)) if self.read_only else ox.Store(str(self.path))
        except (OSError, RuntimeError, ValueError) as exc:
            raise _open_error(self.path, exc) from None

    def _live(self):
        if self._store is None:
            raise StoreError(f"{self.name}: the store is closed")
        return self._store

    # -- writes
    def replace_update(self, graphs: dict) -> str:
        """The SPARQL Update request :meth:`replace_graphs` runs when it replaces a graph the
        store holds (one transaction).

        ``DROP SILENT GRAPH`` of every name (not of an :class:`Additions` value's), one
        ``DELETE DATA`` of the :class:`Additions` values' ``removed`` triples, then one
        ``INSERT DATA`` holding all new triples (one request, so blank nodes keep their
        scope across graphs).

        Parameters
        ----------
        graphs : dict[str, rdflib.Graph or Additions]

        Returns
        -------
        str
        """
        import pyoxigraph as ox

        ops, blocks, gone = [], [], []
        for name, g in graphs.items():
            gname = str(ox.NamedNode(str(name)))
            if not isinstance(g, Additions):
                ops.append(f"DROP SILENT GRAPH {gname}")
            elif g.removed:
                body = "\n".join(f"{to_oxigraph(s)} {to_oxigraph(p)} {to_oxigraph(o)} ." for s, p, o in g.removed)
                gone.append(f"GRAPH {gname} {{\n{body}\n}}")
            body = "\n".join(f"{to_oxigraph(s)} {to_oxigraph(p)} {to_oxigraph(o)} ." for s, p, o in g)
            if body:
                blocks.append(f"GRAPH {gname} {{\n{body}\n}}")
        if gone:
            ops.append("DELETE DATA {\n" + "\n".join(gone) + "\n}")
        if blocks:
            ops.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
        return " ;\n".join(ops)

    def replace_graphs(self, graphs: dict) -> None:
        """Replace named graphs in one Oxigraph transaction.

        When none of the graphs to replace is in the store yet and nothing is to be removed
        (new articles: the common case of a build), every triple goes in with one
        ``Store.extend`` (transactional: all or nothing), the rdflib terms converted straight
        to pyoxigraph terms; otherwise one SPARQL Update (:meth:`replace_update`: drop,
        delete, then insert).

        Parameters
        ----------
        graphs : dict[str, rdflib.Graph or Additions]
            Graph IRI -> new content (an empty graph drops the named graph); an
            :class:`Additions` value is added to the graph's content instead.

        Raises
        ------
        StoreError
            The store is read-only, or Oxigraph failed; nothing was written then (an update
            request and an ``extend`` are applied all or nothing).
        """
        import pyoxigraph as ox

        if self.read_only:
            raise StoreError(f"{self.name}: the store is open read-only")
        if not graphs:
            return
        store = self._live()
        try:
            if any(isinstance(g, Additions) and g.removed for g in graphs.values()) or any(
                    store.contains_named_graph(ox.NamedNode(str(n)))
                    for n, g in graphs.items() if not isinstance(g, Additions)):
                store.update(self.replace_update(graphs))
            else:
                # batches repeat their terms (nodes, predicates, labels, dates): each converted
                # once until the store lets go of its memory (release_memory) or they pile up
                terms = self._terms
                if len(terms) > TERMS_KEPT:
                    terms.clear()
                store.extend([ox.Quad(terms[s], terms[p], terms[o], gname)
                              for name, g in graphs.items() for gname in (ox.NamedNode(str(name)),)
                              for s, p, o in g])
        except (OSError, RuntimeError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.name}: write failed, store unchanged ({one_line(exc)})") from None

    def flush(self) -> None:
        """Write the data buffered in memory to the store's files.

        Oxigraph (RocksDB) keeps recent writes in memory buffers until they fill; a build
        that flushes every few batches keeps its memory flat with the corpus
        (:class:`StoreIngest`, through :meth:`release_memory`).

        Raises
        ------
        StoreError
            Oxigraph failed.
        """
        if self.read_only:
            return
        try:
            self._live().flush()
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"{self.name}: flush failed ({one_line(exc)})") from None

    def release_memory(self) -> None:
        """Flush, then close and reopen the store, giving back the memory Oxigraph (RocksDB)
        keeps for the data it read and wrote while open, and return freed heap pages to the
        system (glibc ``malloc_trim`` where the C library has it). A build calls it every
        :data:`kg.store_ingest.RELEASE_EVERY` batches (:class:`kg.store.StoreIngest`) so
        that its memory grows less with the corpus. The info log RocksDB starts anew at each
        opening (``LOG``) leaves its predecessor as ``LOG.old.<time>``: those are deleted.

        The old handle must close for the write lock to be taken again: when something of
        this process still holds it (a query result being read), a garbage collection runs
        and the opening is tried again; another process that took the lock meanwhile is
        waited for a few times 0.1 s.

        Raises
        ------
        StoreError
            The flush failed, or the store could not be opened again (it is then closed:
            what was written before stays on disk).
        """
        import gc
        import time

        if self.read_only or self._store is None:
            return
        self.flush()
        self._store = None
        self._terms = _OxTerms()
        for attempt in range(6):
            try:
                self._store = self._open()
                break
            except StoreError:
                if attempt == 5:
                    raise
                gc.collect()  # a cycle holding the old handle (and its lock)
                time.sleep(0.1 * attempt)
        for old_log in self.path.glob("LOG.old.*"):
            old_log.unlink(missing_ok=True)
        _trim_heap()

    def optimize(self) -> None:
        """Compact the store's files (Oxigraph ``Store.optimize``): after a bulk load, so that
        the disk use is proportional to the quads.

        Raises
        ------
        StoreError
            The store is read-only, or Oxigraph failed.
        """
        if self.read_only:
            raise StoreError(f"{self.name}: the store is open read-only")
        try:
            self._live().optimize()
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"{self.name}: optimize failed ({one_line(exc)})") from None

    def import_file(self, path: str | Path, bulk: bool = False) -> None:
        """Load an RDF file (format from its suffix: .trig, .nq, .ttl, .nt, .jsonld...).

        Parameters
        ----------
        path : str or Path
        bulk : bool
            Use Oxigraph's bulk loader: much faster for millions of quads but NOT atomic
            (for initial loads into a new store).

        Raises
        ------
        StoreError
            Unreadable or invalid file, or a read-only store.
        """
        if self.read_only:
            raise StoreError(f"{self.name}: the store is open read-only")
        store = self._live()
        try:
            # the quads loaded come without statement records: the records graph goes (views
            # read statements property by property; kg.store_records.write_records makes it anew)
            records = _ox().NamedNode(str(RECORDS_GRAPH))
            if store.contains_named_graph(records):
                store.remove_graph(records)
            (store.bulk_load if bulk else store.load)(path=str(path))
        except (OSError, RuntimeError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{path}: cannot load into {self.name} ({one_line(exc)})") from None

    # -- reads
    def query(self, sparql: str, timeout: float | None = None,
              max_rows: int | None = None) -> QueryResult:
        """Run a SPARQL 1.1 query over the union of all graphs (Oxigraph's engine).

        Parameters
        ----------
        sparql : str
        timeout : float, optional
            Seconds; :class:`QueryTimeout` when exceeded.
        max_rows : int, optional
            Keep at most this many rows (or CONSTRUCT triples); ``truncated`` tells.

        Returns
        -------
        QueryResult
            Terms converted to rdflib terms (:func:`to_rdflib`).

        Raises
        ------
        QueryError
            Malformed query (parser message with line and column); a request the guard
            refuses (:class:`kg.guard.QueryRefused`: update, ``SERVICE``, too long or deep).
        QueryTimeout
        StoreError
            Oxigraph failed while reading.
        """
        import pyoxigraph as ox

        from kg.guard import check_query

        check_query(sparql)
        store = self._live()

        def produce(expired: Callable[[], bool]) -> QueryResult:
            # pyoxigraph result iterators are bound to the thread that made them: the query
            # is started and read in the same thread.
            res = self._start(store, sparql)
            terms = _Converted()  # a result repeats terms (labels, classes): each converted once
            try:
                if isinstance(res, ox.QueryBoolean):
                    return QueryResult("ask", boolean=bool(res))
                if isinstance(res, ox.QueryTriples):
                    triples, cut = _take(res, lambda t: (terms[t.subject], terms[t.predicate],
                                                         terms[t.object]), max_rows, expired)
                    g = bind_prefixes(Graph())
                    for t in triples:
                        g.add(t)
                    return QueryResult("graph", graph=g, truncated=cut)
                variables = [v.value for v in res.variables]
                rows, cut = _take(res, lambda sol: tuple(map(terms.__getitem__, sol)),
                                  max_rows, expired)
                return QueryResult("select", variables=variables, rows=rows, truncated=cut)
            except (OSError, RuntimeError) as exc:
                raise StoreError(f"{self.name}: query failed ({one_line(exc)})") from None

        return _collect(produce, timeout, self.name)

    def _start(self, store: Any, sparql: str) -> Any:
        """Start ``sparql`` on the open pyoxigraph ``store`` (prefixes predeclared, the default
        graph the union of all), with Oxigraph's errors as nufuz's: :class:`QueryError` for a
        malformed query (with its line and column), :class:`StoreError` when reading fails."""
        try:
            return store.query(sparql, prefixes=SPARQL_PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError("malformed SPARQL: " + _sparql_position(one_line(exc), sparql)) from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise StoreError(f"{self.name}: query failed ({one_line(exc)})") from None

    def select_text(self, sparql: str, by_term: bool = False) -> tuple[list[str], list[list[str | None]]]:
        """Run a SPARQL 1.1 SELECT query and return its rows as text: the fast read of views
        that read tens of thousands of rows (:mod:`kg.analytics_store`).

        The rows are serialised by Oxigraph (SPARQL TSV, in Rust) and split here: no Python
        object per term, no rdflib term (:meth:`query` makes both: about 4 microseconds a
        row more, and an rdflib literal costs a few more).

        Parameters
        ----------
        sparql : str
            A SELECT query (the prefixes of :data:`kg.store.SPARQL_PREFIXES` predeclared).
        by_term : bool
            Take each value from its pyoxigraph term instead (a Python object per term, but
            no escaping: faster for long literals full of quotes, such as the statement
            records of :mod:`kg.store_records`: 0.24 CPU-s instead of 0.45 for 17,000);
            a literal's lexical form is then as stored (a number not made canonical).

        Returns
        -------
        (list of str, list of list)
            The variable names, and per row one value per variable: an IRI's text, a
            literal's lexical form (as Oxigraph writes it: canonical for numbers and
            booleans; no language tag or datatype: select ``LANG(?x)`` or ``DATATYPE(?x)``
            when they matter), a blank node's id, or None when unbound. The value
            :meth:`query` gives is ``str()`` of the same term.

        Raises
        ------
        QueryError
            Malformed query, a request the guard refuses, or not a SELECT query.
        StoreError
            Oxigraph failed while reading.
        """
        import pyoxigraph as ox

        from kg.guard import check_query

        check_query(sparql)
        store = self._live()
        res = self._start(store, sparql)
        if not isinstance(res, ox.QuerySolutions):
            raise QueryError("select_text runs SELECT queries only")
        try:
            if by_term:
                names = [v.value for v in res.variables]
                return names, [[None if t is None else t.value for t in row] for row in res]
            data = res.serialize(format=ox.QueryResultsFormat.TSV)
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"{self.name}: query failed ({one_line(exc)})") from None
        return parse_tsv(data.decode("utf-8"))

    def quads(self, graph: str | None = None) -> Iterator[tuple]:
        """All quads (of one named graph; of the default graph for rdflib's
        ``DATASET_DEFAULT_GRAPH_ID``) as rdflib terms ``(s, p, o, graph name or None)``."""
        import pyoxigraph as ox
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        g = None if graph is None else (
            ox.DefaultGraph() if str(graph) == str(DATASET_DEFAULT_GRAPH_ID) else ox.NamedNode(str(graph)))
        for q in self._data_quads(g):
            gn = q.graph_name
            yield (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object),
                   None if isinstance(gn, ox.DefaultGraph) else to_rdflib(gn))

    def _data_quads(self, graph: Any = None) -> Iterator[Any]:
        """pyoxigraph quads of one graph (``graph``: a pyoxigraph graph name), or of every
        graph but the records graph (None)."""
        import pyoxigraph as ox

        quads = self._live().quads_for_pattern(None, None, None, graph)
        if graph is not None:
            return quads
        records = ox.NamedNode(str(RECORDS_GRAPH))
        return (q for q in quads if q.graph_name != records)

    def graph(self, name: str) -> Graph:
        """One named graph as a new :class:`rdflib.Graph` (empty when absent)."""
        g = bind_prefixes(Graph())
        for s, p, o, _ in self.quads(str(name)):
            g.add((s, p, o))
        return g

    def dataset(self) -> Dataset:
        """The whole store copied into a new :class:`rdflib.Dataset` (``default_union=True``)."""
        ds = bind_prefixes(Dataset(default_union=True))
        graphs: dict = {}

        def context(g):
            ctx = graphs.get(g)
            if ctx is None:
                ctx = graphs[g] = ds.graph(g if g is not None else DATASET_DEFAULT_GRAPH_ID)
            return ctx

        ds.addN((s, p, o, context(g)) for s, p, o, g in self.quads())
        return ds

    def dump(self, path: str | Path, fmt: str = "jsonld") -> Path:
        """Write the whole store (but the records graph: an index) to a file, streamed by
        Oxigraph's serialiser (no rdflib graph: memory does not grow with the store),
        atomically (:func:`kg.atomic.atomic_stream`).

        Parameters
        ----------
        path : str or Path
            The file (replaced only when it is whole).
        fmt : str
            ``jsonld`` (expanded JSON-LD: every IRI written whole, one object per named
            graph, as Oxigraph's streaming JSON-LD serialiser writes it) or ``nquads``.

        Returns
        -------
        Path

        Raises
        ------
        ValueError
            Another format.
        StoreError
            Oxigraph failed while it read the store or wrote the file (pyoxigraph reports
            both as ``OSError``: the message says which), or the file's folder cannot be
            made; ``path`` is then left as it was.
        """
        import pyoxigraph as ox

        from kg.atomic import atomic_stream

        formats = {"jsonld": ox.RdfFormat.JSON_LD, "nquads": ox.RdfFormat.N_QUADS}
        if fmt not in formats:
            raise ValueError(f"cannot dump a store as {fmt!r} (expected one of: {', '.join(formats)})")
        store = self._live()
        try:
            return atomic_stream(path, lambda fh: ox.serialize(self._data_quads(), fh, formats[fmt]))
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"{self.name}: cannot write it to {path} ({one_line(exc)})") from None

    def graph_names(self) -> list[str]:
        """Names of the named graphs (but the records graph), sorted."""
        return sorted(g.value for g in self._live().named_graphs()
                      if hasattr(g, "value") and g.value != str(RECORDS_GRAPH))

    def __len__(self) -> int:
        """The number of quads, but those of the records graph (an index: :meth:`quads`;
        counted by Oxigraph: iterating them here made a Python string of each record, 1.5
        CPU-s for the 28k store's 93,546 against 0.03)."""
        store = self._live()
        (n,) = next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{RECORDS_GRAPH}> {{ ?s ?p ?o }} }}")))
        return len(store) - int(n.value)

    def close(self) -> None:
        """Release the store (and its write lock). Safe to call twice.

        A store opened for writing is collected at once (a garbage collection: the lock goes
        with the last reference); a read-only one holds no lock and is left to reference
        counting (a full collection costs a tenth of a CPU-s after an ego view has built its
        index)."""
        store, self._store = getattr(self, "_store", None), None
        self._terms = _OxTerms()
        if store is not None and not self.read_only:
            try:
                store.flush()
            except (OSError, RuntimeError):
                pass
        del store
        if not self.read_only:
            import gc

            gc.collect()

    def __enter__(self) -> "OxigraphStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
