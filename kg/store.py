"""Graph stores: one interface, three backends (rdflib's store-plugin shape).

``MemoryStore`` (rdflib Dataset; tests, small jobs), ``OxigraphStore`` (embedded pyoxigraph
on disk; the default for ``--store DIR``) and ``RemoteStore`` (a SPARQL 1.1 endpoint:
query + update / Graph Store Protocol; Oxigraph server, Fuseki, GraphDB, Virtuoso; in
:mod:`kg.store_remote`). :func:`open_store` picks one; :func:`write_articles` and :class:`StoreIngest` add articles
to any of them (one atomic write per batch of articles, the KB graph merged with only its
new triples, the entities graph kept in step), :func:`remove_articles` removes them.

Contract every backend keeps
----------------------------
- ``replace_graphs(graphs)`` writes named graphs atomically: each given graph name's
  previous content is dropped and the new triples inserted in ONE transaction, so an
  interrupted or failed write leaves the store as it was (re-adding an article is
  idempotent: same triple count). An :class:`Additions` value is added to its graph
  instead of replacing it (the KB graph's new triples), after its ``removed`` triples are
  taken out of it (the entities graph's changes).
- ``query(sparql)`` runs a SPARQL 1.1 query over the union of all graphs (the default graph
  is the union) and returns a :class:`QueryResult`; a malformed query raises
  :class:`QueryError` whose message holds the parser's message and position. The prefixes
  of :data:`SPARQL_PREFIXES` are predeclared (a query's own ``PREFIX`` wins). rdflib's
  union is a set; Oxigraph's (``use_default_graph_as_union``) matches a triple once per
  graph that states it, so queries that must agree on both use ``DISTINCT`` or ``GRAPH``.
- ``dataset()`` returns the whole store as an ``rdflib.Dataset`` (for exports/validation).
- Errors: :class:`StoreError` (locked or corrupt directory, unreachable endpoint), one
  clear line naming the store.

The embedded and in-memory backends also offer ``graph(name)`` (one named graph as an
``rdflib.Graph``) and ``query(..., max_rows=N)``; :func:`read_graph` falls back to a
``CONSTRUCT`` for backends without ``graph``.
"""
from __future__ import annotations

import functools
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

import rdflib.plugins.sparql as _rdflib_sparql

from kg.namespaces import ENTITIES_GRAPH, KB_GRAPH, NZ, NZR, SCHEMA, WD, bind_prefixes, entity_id_of

# rdflib's SPARQL engine downloads the IRI of a FROM / FROM NAMED clause when it is not a
# graph of the dataset; nufuz makes no network access at run time, so that is switched off.
_rdflib_sparql.SPARQL_LOAD_GRAPHS = False

#: Prefixes predeclared for every query (a query's own ``PREFIX`` declaration wins).
SPARQL_PREFIXES: dict[str, str] = {
    "nz": str(NZ), "nzr": str(NZR), "skos": str(SKOS), "schema": str(SCHEMA),
    "prov": str(PROV), "owl": str(OWL), "rdfs": str(RDFS), "rdf": str(RDF), "xsd": str(XSD),
    "dcterms": str(DCTERMS), "wd": str(WD),
}

_PREFIX_DECL = re.compile(r"(?im)^\s*PREFIX\s+([A-Za-z][\w.-]*)?\s*:")


class StoreError(RuntimeError):
    """A store cannot be opened or written (locked, corrupt, unreachable); one-line message."""


class QueryError(ValueError):
    """A malformed SPARQL query; the message holds the parser's message and position."""


class QueryTimeout(StoreError):
    """A query ran longer than its ``timeout``; the store is unchanged."""


@dataclass
class QueryResult:
    """A query's result.

    Attributes
    ----------
    kind : str
        ``"select"``, ``"ask"`` or ``"graph"`` (CONSTRUCT/DESCRIBE).
    variables : list[str]
        SELECT variable names in order.
    rows : list[tuple]
        SELECT rows: rdflib terms (URIRef, Literal, BNode) or None for unbound.
    boolean : bool | None
        ASK answer.
    graph : object | None
        CONSTRUCT/DESCRIBE result as an ``rdflib.Graph``.
    truncated : bool
        True when ``max_rows`` cut the result short (more rows or triples existed).
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    graph: object | None = None
    truncated: bool = False


class Store(Protocol):
    """What every backend offers (see the module docstring for the contract)."""

    def replace_graphs(self, graphs: dict) -> None: ...  # {graph IRI (str): rdflib.Graph}

    def query(self, sparql: str, timeout: float | None = None) -> QueryResult: ...

    def dataset(self): ...  # -> rdflib.Dataset

    def graph_names(self) -> list[str]: ...

    def __len__(self) -> int: ...  # number of quads

    def close(self) -> None: ...


# --------------------------------------------------------------------------- helpers

class Additions(list):
    """Triples to ADD to a named graph, keeping what it holds: a value of ``replace_graphs``.

    ``store.replace_graphs({doc: graph, KB_GRAPH: Additions(new_triples)})`` replaces the
    article graph ``doc`` and adds ``new_triples`` to the KB graph in the same transaction
    (:class:`StoreIngest` merges the KB graph this way, with only its new triples, instead of
    rewriting it whole). A list of ``(s, p, o)`` rdflib terms.

    Parameters
    ----------
    triples : iterable of (s, p, o)
        The triples to add.
    removed : iterable of (s, p, o)
        Triples to take out of the graph first, in the same transaction (the entities
        graph's names no remaining article gives); none by default. No blank nodes.
    """

    def __init__(self, triples: Iterable = (), removed: Iterable = ()):
        super().__init__(triples)
        self.removed = list(removed)


def declared_prefixes(sparql: str) -> set[str]:
    """Prefix names a query declares itself (``PREFIX nz: <...>`` -> ``"nz"``).

    Parameters
    ----------
    sparql : str

    Returns
    -------
    set[str]
        The empty prefix is ``""``.
    """
    return {m.group(1) or "" for m in _PREFIX_DECL.finditer(sparql)}


def with_prefixes(sparql: str) -> str:
    """``sparql`` with the :data:`SPARQL_PREFIXES` it does not declare prepended.

    The declarations are prepended on ONE line ahead of the query's first line, so a
    parser's line numbers are one more than in the query as written (backends that accept
    prefixes out of band, such as the embedded ones, do not need this).

    Parameters
    ----------
    sparql : str

    Returns
    -------
    str
    """
    own = declared_prefixes(sparql)
    decl = " ".join(f"PREFIX {p}: <{ns}>" for p, ns in SPARQL_PREFIXES.items() if p not in own)
    return f"{decl}\n{sparql}" if decl else sparql


def one_line(text: str) -> str:
    """Collapse a (parser) message to one line."""
    return " ".join(str(text).split())


def _sparql_position(msg: str, sparql: str = "") -> str:
    """A parser message with its position as ``line L, column C: ...`` (one line, at most
    about 300 characters).

    Oxigraph says ``error at 3:23: ...``, rdflib/pyparsing ``... (at char 5), (line:1, col:6)``;
    an undeclared prefix is named with its position found in ``sparql``.
    """
    line = col = None
    m = re.match(r"^error at (\d+):(\d+):\s*(.*)$", msg)
    if m:
        line, col, text = int(m.group(1)), int(m.group(2)), m.group(3)
    else:
        m = re.search(r"\(at char \d+\), \(line:(\d+), col:(\d+)\)", msg)
        if m:
            line, col, text = int(m.group(1)), int(m.group(2)), msg[:m.start()].strip()
        else:
            text = msg
    if "Prefix not found" in text and line is not None and sparql:
        before = sparql.splitlines()[line - 1][:col - 1] if line <= len(sparql.splitlines()) else ""
        pm = re.search(r"([A-Za-z][\w.-]*)?:[\w.-]*$", before)
        if pm:
            text = f"undeclared prefix {(pm.group(1) or '')}:"
    um = re.match(r"^Unknown namespace prefix\s*:\s*(\S+)", text)
    if um and sparql:
        for n, ln in enumerate(sparql.splitlines(), 1):
            hit = re.search(rf"(?<![\w<?$]){re.escape(um.group(1))}:", ln)
            if hit:
                line, col = n, hit.start() + 1
                break
        text = f"undeclared prefix {um.group(1)}:"
    if len(text) > 300:
        text = text[:300].rstrip() + " ..."
    return f"line {line}, column {col}: {text}" if line is not None else text


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


def _collect(produce: Callable[[Callable[[], bool]], Any], timeout: float | None, what: str) -> Any:
    """Run ``produce(expired)`` with a deadline.

    Without a timeout it runs in the calling thread. With one it runs in a daemon worker
    thread; when the deadline passes the caller gets :class:`QueryTimeout` at once, and the
    worker stops at its next ``expired()`` check (a query engine busy inside one step keeps
    its thread until that step ends; the store is read-only meanwhile, never changed).
    """
    if not timeout or timeout <= 0:
        return produce(lambda: False)
    deadline = time.monotonic() + timeout
    box: dict[str, Any] = {}

    def expired() -> bool:
        return time.monotonic() > deadline

    def work() -> None:
        try:
            box["value"] = produce(expired)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller
            # drop the frames (and the engine's result iterator they hold) in this thread:
            # pyoxigraph results must die in the thread that made them
            e: BaseException | None = exc
            while e is not None:
                e.__traceback__ = None
                e = e.__cause__ or e.__context__
            box["error"] = exc

    worker = threading.Thread(target=work, name="nufuz-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive() or isinstance(box.get("error"), _Expired):
        raise QueryTimeout(f"{what}: query timed out after {timeout:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]


class _Expired(Exception):
    pass


def _take(items: Iterable, convert: Callable, max_rows: int | None,
          expired: Callable[[], bool]) -> tuple[list, bool]:
    out = []
    for item in items:
        if expired():
            raise _Expired()
        if max_rows is not None and len(out) >= max_rows:
            return out, True
        out.append(convert(item))
    return out, False


# --------------------------------------------------------------------------- memory

class MemoryStore:
    """In-memory store over an :class:`rdflib.Dataset` (tests, small jobs).

    Parameters
    ----------
    dataset : rdflib.Dataset, optional
        Quads to start from (copied; the argument is not modified).
    name : str
        How errors name the store.
    """

    def __init__(self, dataset: Dataset | None = None, name: str = "memory store"):
        self.name = name
        self._from_file = False
        self._ds = bind_prefixes(Dataset(default_union=True))
        if dataset is not None:
            for s, p, o, g in dataset.quads((None, None, None, None)):
                gname = getattr(g, "identifier", g)
                self._ds.graph(gname if gname is not None else DATASET_DEFAULT_GRAPH_ID).add((s, p, o))

    @classmethod
    def from_file(cls, path: str | Path) -> "MemoryStore":
        """Load an RDF file (``.trig``, ``.nq``, ``.ttl``, ``.nt``, ``.jsonld``) into a new store.

        Parameters
        ----------
        path : str or Path

        Returns
        -------
        MemoryStore

        Raises
        ------
        StoreError
            If the file is missing, has an unknown suffix or does not parse.
        """
        path = Path(path)
        fmt = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".nt": "nt",
               ".jsonld": "json-ld", ".json": "json-ld"}.get(path.suffix.lower())
        if not path.is_file():
            raise StoreError(f"{path}: no such file")
        if fmt is None:
            raise StoreError(f"{path}: unsupported RDF format {path.suffix or '(no suffix)'} "
                             "(expected .trig, .nq, .ttl, .nt, .jsonld)")
        store = cls(name=str(path))
        store._from_file = True  # a worker process can load the same file (kg/worker.py)
        try:
            store._ds.parse(path, format=fmt)
        except Exception as exc:  # noqa: BLE001 - rdflib raises many parser types
            raise StoreError(f"{path}: not valid {fmt}: {one_line(exc) or type(exc).__name__}") from None
        return store

    # -- writes
    def _write_graph(self, name: str, triples: Iterable) -> None:
        target = self._ds.graph(URIRef(name))
        if not isinstance(triples, Additions):
            target.remove((None, None, None))
        else:
            for t in triples.removed:
                target.remove(t)
        for t in triples:
            target.add(t)

    def replace_graphs(self, graphs: dict) -> None:
        """Replace named graphs in one all-or-nothing step.

        Parameters
        ----------
        graphs : dict[str, rdflib.Graph or Additions]
            Graph IRI -> new content (an empty graph drops the named graph); an
            :class:`Additions` value is added to the graph's content instead.

        Raises
        ------
        Exception
            Whatever reading ``graphs`` raised; the store is first restored to its previous
            state (the old triples of every touched graph are kept until the write ends).
        """
        names = [str(n) for n in graphs]
        existing = {str(g.identifier) for g in self._ds.graphs()}
        before = {n: list(self._ds.graph(URIRef(n))) for n in names}
        try:
            for name, g in graphs.items():
                self._write_graph(str(name), g)
        except BaseException:
            for n, triples in before.items():
                self._write_graph(n, triples)
                if n not in existing:
                    self._ds.remove_graph(URIRef(n))
            raise
        for n in names:
            if not len(self._ds.graph(URIRef(n))):
                self._ds.remove_graph(URIRef(n))

    # -- reads
    def query(self, sparql: str, timeout: float | None = None,
              max_rows: int | None = None) -> QueryResult:
        """Run a SPARQL 1.1 query over the union of all graphs (rdflib's engine).

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

        Raises
        ------
        QueryError
            Malformed query (parser message with line and column); a request the guard
            refuses (:class:`kg.guard.QueryRefused`: update, ``SERVICE``, too long or deep).
        QueryTimeout
        """
        from rdflib.plugins.sparql import prepareQuery

        from kg.guard import check_query

        check_query(sparql)
        try:
            prepared = prepareQuery(sparql, initNs=SPARQL_PREFIXES)
        except RecursionError:
            raise QueryError("query nested too deeply for the in-memory engine (rdflib); "
                             "use a store (--store DIR) or flatten the query") from None
        except Exception as exc:  # noqa: BLE001 - pyparsing and rdflib raise various types
            raise QueryError("malformed SPARQL: " + _sparql_position(one_line(exc), sparql)) from None

        def produce(expired: Callable[[], bool]) -> QueryResult:
            try:
                res = self._ds.query(prepared)
            except Exception as exc:  # noqa: BLE001
                raise QueryError("SPARQL evaluation failed: " + one_line(exc)) from None
            if res.type == "ASK":
                return QueryResult("ask", boolean=bool(res.askAnswer))
            if res.type in ("CONSTRUCT", "DESCRIBE"):
                triples, cut = _take(res, lambda t: t, max_rows, expired)
                g = bind_prefixes(Graph())
                for t in triples:
                    g.add(t)
                return QueryResult("graph", graph=g, truncated=cut)
            variables = [str(v) for v in res.vars]
            rows, cut = _take(res, tuple, max_rows, expired)
            return QueryResult("select", variables=variables, rows=rows, truncated=cut)

        return _collect(produce, timeout, self.name)

    def graph(self, name: str) -> Graph:
        """A copy of one named graph (empty when absent)."""
        g = bind_prefixes(Graph())
        for t in self._ds.graph(URIRef(str(name))):
            g.add(t)
        return g

    def dataset(self) -> Dataset:
        """The live :class:`rdflib.Dataset` behind the store (``default_union=True``)."""
        return self._ds

    def graph_names(self) -> list[str]:
        """Names of the non-empty named graphs, sorted."""
        return sorted(str(g.identifier) for g in self._ds.graphs()
                      if isinstance(g.identifier, URIRef) and len(g)
                      and g.identifier != DATASET_DEFAULT_GRAPH_ID)

    def __len__(self) -> int:
        return sum(1 for _ in self._ds.quads((None, None, None, None)))

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> "MemoryStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------- oxigraph

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

    def __init__(self, path: str | Path, read_only: bool = False):
        import pyoxigraph as ox

        self.path = Path(path)
        self.name = str(self.path)
        self.read_only = read_only
        _check_store_dir(self.path, create=not read_only)
        try:
            self._store = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
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
                store.extend([ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), gname)
                              for name, g in graphs.items() for gname in (ox.NamedNode(str(name)),)
                              for s, p, o in g])
        except (OSError, RuntimeError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.name}: write failed, store unchanged ({one_line(exc)})") from None

    def flush(self) -> None:
        """Write the data buffered in memory to the store's files.

        Oxigraph (RocksDB) keeps recent writes in memory buffers until they fill; a build
        that flushes after each batch keeps its memory flat with the corpus
        (:class:`StoreIngest`).

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
            try:
                res = store.query(sparql, prefixes=SPARQL_PREFIXES, use_default_graph_as_union=True)
            except SyntaxError as exc:
                raise QueryError("malformed SPARQL: " + _sparql_position(one_line(exc), sparql)) from None
            except (OSError, RuntimeError, ValueError) as exc:
                raise StoreError(f"{self.name}: query failed ({one_line(exc)})") from None
            cache: dict = {}  # a result repeats terms (labels, classes): convert each once

            def conv(term: Any) -> Any:
                if term is None:
                    return None
                out = cache.get(term)
                if out is None:
                    out = cache[term] = to_rdflib(term)
                return out

            try:
                if isinstance(res, ox.QueryBoolean):
                    return QueryResult("ask", boolean=bool(res))
                if isinstance(res, ox.QueryTriples):
                    triples, cut = _take(res, lambda t: (conv(t.subject), conv(t.predicate),
                                                         conv(t.object)), max_rows, expired)
                    g = bind_prefixes(Graph())
                    for t in triples:
                        g.add(t)
                    return QueryResult("graph", graph=g, truncated=cut)
                variables = [v.value for v in res.variables]
                n = len(variables)
                rows, cut = _take(res, lambda sol: tuple(conv(sol[i]) for i in range(n)),
                                  max_rows, expired)
                return QueryResult("select", variables=variables, rows=rows, truncated=cut)
            except (OSError, RuntimeError) as exc:
                raise StoreError(f"{self.name}: query failed ({one_line(exc)})") from None

        return _collect(produce, timeout, self.name)

    def quads(self, graph: str | None = None) -> Iterator[tuple]:
        """All quads (of one named graph) as rdflib terms ``(s, p, o, graph name or None)``."""
        import pyoxigraph as ox

        g = ox.NamedNode(str(graph)) if graph is not None else None
        for q in self._live().quads_for_pattern(None, None, None, g):
            gn = q.graph_name
            yield (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object),
                   None if isinstance(gn, ox.DefaultGraph) else to_rdflib(gn))

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

    def graph_names(self) -> list[str]:
        """Names of the named graphs, sorted."""
        return sorted(g.value for g in self._live().named_graphs() if hasattr(g, "value"))

    def __len__(self) -> int:
        return len(self._live())

    def close(self) -> None:
        """Release the store (and its write lock). Safe to call twice."""
        store, self._store = getattr(self, "_store", None), None
        if store is not None and not self.read_only:
            try:
                store.flush()
            except (OSError, RuntimeError):
                pass
        del store
        import gc

        gc.collect()

    def __enter__(self) -> "OxigraphStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------- factory

def open_store(path: str | Path | None = None, endpoint: str | None = None, *,
               read_only: bool = False, **kw: Any) -> Store:
    """Open the store a command line asks for.

    Parameters
    ----------
    path : str or Path, optional
        Directory of an embedded Oxigraph store (created when missing unless ``read_only``).
    endpoint : str, optional
        URL of a SPARQL 1.1 endpoint (``kg.store_remote.RemoteStore``; further keyword
        arguments go to it).
    read_only : bool
        Open an embedded store without its write lock (queries, ``nufuz serve``).
    **kw
        Passed to the remote backend (e.g. ``update_endpoint``, ``timeout``).

    Returns
    -------
    Store
        ``OxigraphStore`` for ``path``, ``RemoteStore`` for ``endpoint``, a new empty
        ``MemoryStore`` when neither is given.

    Raises
    ------
    StoreError
        See the backends; also when both ``path`` and ``endpoint`` are given.
    """
    if path is not None and endpoint is not None:
        raise StoreError("give a store directory or an endpoint URL, not both")
    if endpoint is not None:
        from kg.store_remote import RemoteStore

        return RemoteStore(endpoint, **kw)
    if path is not None:
        return OxigraphStore(path, read_only=read_only)
    return MemoryStore()


def read_graph(store: Store, name: str) -> Graph:
    """One named graph of any store as an :class:`rdflib.Graph`.

    Parameters
    ----------
    store : Store
    name : str
        Graph IRI.

    Returns
    -------
    rdflib.Graph
        Empty when the graph is absent. Uses ``store.graph`` when the backend has it, else a
        ``CONSTRUCT`` over ``GRAPH <name>``.
    """
    if hasattr(store, "graph"):
        return store.graph(name)
    res = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
    return res.graph if res.graph is not None else bind_prefixes(Graph())


# --------------------------------------------------------------------------- articles

@dataclass
class WriteReport:
    """What :func:`write_articles` (or :func:`remove_articles`) did.

    Attributes
    ----------
    written : list[str]
        IRIs of the article graphs written (in order).
    replaced : list[str]
        Those among them that replaced an article already in the store.
    duplicates : dict[str, list[str]]
        Those among the replaced that the store held under other sources (the same text read
        from another path or URL): article IRI -> the new sources, now stored beside the old.
    kb_triples_added : int
        Triples the KB graph gained.
    removed : list[str]
        IRIs of the article graphs removed (:meth:`StoreIngest.remove`).
    entity_triples_added, entity_triples_removed : int
        Triples the entities graph gained and lost.
    """

    written: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    duplicates: dict[str, list[str]] = field(default_factory=dict)
    kb_triples_added: int = 0
    removed: list[str] = field(default_factory=list)
    entity_triples_added: int = 0
    entity_triples_removed: int = 0


def _stored_sources(store: Store, doc: str) -> set:
    """The ``dcterms:source`` objects the store holds for an article (in its own graph)."""
    q = f"SELECT ?s WHERE {{ GRAPH <{doc}> {{ <{doc}> <{DCTERMS.source}> ?s }} }}"
    return {row[0] for row in store.query(q).rows if row and row[0] is not None}


def _kb_ids_in(triples: Iterable[tuple]) -> set[str]:
    """Ids of the entities a KB graph describes (the subjects of its ``rdf:type`` triples)."""
    return {i for i in (entity_id_of(s) for s, p, _ in triples if p == RDF.type) if i}


def _n3_key(terms: tuple) -> tuple:
    """Sort key of a tuple of rdflib terms (terms of different kinds do not compare)."""
    return tuple(t.n3() for t in terms)


#: Terms per ``VALUES`` block of the entities-graph queries of :class:`StoreIngest` (a
#: bigger batch is asked in several queries, each well under :data:`kg.guard.MAX_TOKENS`).
VALUES_CHUNK = 500


def _chunks(items: Iterable, key: Callable = lambda t: t.n3()) -> Iterator[list]:
    """``items`` sorted (by ``key``) in lists of at most :data:`VALUES_CHUNK`."""
    ordered = sorted(set(items), key=key)
    for i in range(0, len(ordered), VALUES_CHUNK):
        yield ordered[i:i + VALUES_CHUNK]


def _not_in(docs: Iterable[str]) -> str:
    """A FILTER keeping ``?g`` out of the given graphs and of the entities and KB graphs."""
    names = sorted({str(d) for d in docs} | {str(ENTITIES_GRAPH), str(KB_GRAPH)})
    return "FILTER(?g NOT IN (" + ", ".join(f"<{n}>" for n in names) + "))"


def _stored_description(store: Store, entities: set) -> Graph:
    """The entities graph's triples about ``entities`` (IRIs), as a new Graph."""
    g = Graph()
    for part in _chunks(entities):
        q = (f"SELECT ?e ?p ?o WHERE {{ VALUES ?e {{ {' '.join(e.n3() for e in part)} }} "
             f"GRAPH <{ENTITIES_GRAPH}> {{ ?e ?p ?o }} }}")
        for e, p, o in store.query(q).rows:
            g.add((e, p, o))
    return g


def _stored_names(store: Store, docs: list[str]) -> tuple[set, set]:
    """``(names, mentioned)`` of the stored article graphs ``docs``: their ``nz:surfaceForm``
    pairs ``(entity, literal)`` and the entities they ``schema:mentions``."""
    names: set = set()
    mentioned: set = set()
    for part in _chunks(docs, key=str):
        values = " ".join(f"<{d}>" for d in part)
        names |= {(e, f) for e, f in store.query(
            f"SELECT ?e ?f WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?e <{NZ.surfaceForm}> ?f }} }}").rows}
        mentioned |= {e for (e,) in store.query(
            f"SELECT ?e WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?g <{SCHEMA.mentions}> ?e }} }}").rows}
    return names, mentioned


def _still_named(store: Store, names: set, docs: list[str]) -> set:
    """The ``(entity, literal)`` pairs of ``names`` that a stored article graph other than
    ``docs`` gives as ``nz:surfaceForm``."""
    found: set = set()
    for part in _chunks(names, key=_n3_key):
        values = " ".join(f"({e.n3()} {f.n3()})" for e, f in part)
        q = (f"SELECT DISTINCT ?e ?f WHERE {{ VALUES (?e ?f) {{ {values} }} "
             f"GRAPH ?g {{ ?e <{NZ.surfaceForm}> ?f }} {_not_in(docs)} }}")
        found |= {(e, f) for e, f in store.query(q).rows}
    return found


def _still_used(store: Store, entities: set, docs: list[str]) -> set:
    """The entities of ``entities`` that a stored article graph other than ``docs`` names
    (as the object of any triple: ``schema:mentions``, a statement's subject, object or
    qualifier)."""
    found: set = set()
    for part in _chunks(entities):
        q = (f"SELECT DISTINCT ?e WHERE {{ VALUES ?e {{ {' '.join(e.n3() for e in part)} }} "
             f"GRAPH ?g {{ ?x ?p ?e }} {_not_in(docs)} }}")
        found |= {e for (e,) in store.query(q).rows}
    return found


#: Articles per transaction of ``nufuz build --store`` (:class:`StoreIngest`).
DEFAULT_BATCH = 64


class StoreIngest:
    """Add (or remove) articles in a store in batches: one ``replace_graphs`` call (one
    transaction) each.

    Each batch replaces its articles' named graphs, adds to the knowledge-base graph only
    the triples it lacks and applies its changes to the entities graph (:class:`Additions`
    values), in the same transaction, so a failed batch leaves the store as it was before
    that batch (the batches before it stay). The KB graph is read once, when the ingest
    starts, and merged once per batch. After each batch a store that has ``flush``
    (Oxigraph) writes its buffers to disk, so memory does not grow with the number of
    articles.

    The entities graph (``https://w3id.org/nufuz/graph/entities``) holds each entity's
    description once (:func:`kg.rdf.entity_triples`); it is kept in step with the articles
    as follows. Adding an article merges its entity descriptions into it
    (:func:`kg.rdf.merge_entity_triples`: the stored ``skos:prefLabel`` of a language wins,
    a different one becomes an ``skos:altLabel``). Every article graph keeps, as
    ``nz:surfaceForm``, the names it contributed (the labels of its ``entity_triples``),
    and its ``schema:mentions``. Replacing or removing an article reads those of its stored
    graph; a name that neither the batch's new graphs nor any other stored article graph
    gives is dropped as an ``skos:altLabel`` (a ``skos:prefLabel`` stays while its entity
    is used), and an entity that no article graph names any more (as the object of any
    triple) loses its whole description. One query reads the stored descriptions of the
    batch's entities (one per :data:`VALUES_CHUNK` entities), and only a batch that replaces
    or removes stored articles asks up to four more. The KB graph is never shrunk (its
    descriptions are background, not what an article said).

    Parameters
    ----------
    store : Store
    kb : KnowledgeBase, optional
        ``ontology.kb`` knowledge base; without it no KB graph is written (and KB entities
        are described whole in the entities graph, as :func:`kg.rdf.build_dataset` does).
    batch_size : int
        Articles per transaction (>= 1).
    progress : callable, optional
        Called with each article IRI once its batch is written.

    Attributes
    ----------
    report : WriteReport
        What was written so far.

    Examples
    --------
    ``ingest = StoreIngest(store, kb); ingest.add(art, graph) ...; ingest.finish()``
    where ``graph`` is the article's named graph (:func:`kg.rdf.add_article`);
    ``ingest.remove(doc_iri)`` removes a stored article.
    """

    def __init__(self, store: Store, kb: Any | None = None, batch_size: int = DEFAULT_BATCH,
                 progress: Callable[[str], None] | None = None):
        self.store, self.kb, self.progress = store, kb, progress
        self.batch_size = max(1, int(batch_size))
        self.report = WriteReport()
        self._stored = set(store.graph_names())
        self._kb_triples = set(read_graph(store, str(KB_GRAPH))) if kb is not None else set()
        self._kb_ids = _kb_ids_in(self._kb_triples)
        #: ``(doc IRI, records, graph)``; records and graph are None for a removal
        self._pending: list[tuple[str, Any, Graph | None]] = []

    def add(self, art: Any, graph: Graph) -> None:
        """Queue one article (its records and its named graph, which may be changed: the
        sources stored before are added); the batch is written when it is full.

        Raises
        ------
        StoreError
            The batch could not be written (the store is as before it).
        """
        from kg.namespaces import article_iri

        self._pending.append((str(article_iri(art.sha1)), art, graph))
        if len(self._pending) >= self.batch_size:
            self.flush()

    def remove(self, doc: str) -> None:
        """Queue the removal of a stored article (its IRI); one not stored is ignored.

        Raises
        ------
        StoreError
            As :meth:`add`.
        """
        self._pending.append((str(doc), None, None))
        if len(self._pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Write the queued articles in one transaction (nothing when none is queued).

        Raises
        ------
        StoreError
            The store failed; none of the queued articles is written.
        """
        from kg.rdf import LABELS, entity_triples, merge_entity_triples, mentioned_ids

        batch, self._pending = self._pending, []
        final: dict[str, tuple[Any, Graph | None]] = {}
        for doc, art, g in batch:  # the last operation on an article wins
            final.pop(doc, None)
            final[doc] = (art, g)
        final = {d: v for d, v in final.items() if v[1] is not None or d in self._stored}
        if not final:
            return
        docs = list(final)
        adds = [(doc, art, g) for doc, (art, g) in final.items() if g is not None]
        dup: dict[str, list[str]] = {}
        graphs: dict = {}
        for doc, (art, g) in final.items():
            if g is None:
                graphs[doc] = Graph()  # an empty graph drops the named graph
            elif doc in self._stored:  # the same text stored before: its sources stay, new ones join
                old_sources = _stored_sources(self.store, doc)
                new_sources = [o for o in g.objects(URIRef(doc), DCTERMS.source) if o not in old_sources]
                for o in old_sources:
                    g.add((URIRef(doc), DCTERMS.source, o))
                if new_sources:
                    dup[doc] = [str(o) for o in new_sources]
                graphs[doc] = g
            else:
                graphs[doc] = g
        # the entities graph: what the batch drops, then what it adds
        contributions = [entity_triples(art, self.kb) for _, art, _ in adds]
        old_names, old_mentioned = _stored_names(self.store, [d for d in docs if d in self._stored])
        subjects = {s for triples in contributions for s, _, _ in triples} | old_mentioned \
            | {e for e, _ in old_names}
        current = _stored_description(self.store, subjects)
        before = set(current)
        if old_names or old_mentioned:
            new_names = {(s, o) for triples in contributions for s, p, o in triples if p in LABELS}
            new_used = {o for _, _, g in adds for o in g.objects() if isinstance(o, URIRef)}
            gone_entities = old_mentioned - new_used
            gone_entities -= _still_used(self.store, gone_entities, docs)
            gone_names = old_names - new_names
            gone_names -= _still_named(self.store, gone_names, docs)
            for e in gone_entities:
                current.remove((e, None, None))
            for e, f in gone_names:
                current.remove((e, SKOS.altLabel, f))
        for triples in contributions:
            merge_entity_triples(current, triples)
        after = set(current)
        gained, lost = [t for t in after if t not in before], [t for t in before if t not in after]
        if gained or lost:
            graphs[str(ENTITIES_GRAPH)] = Additions(sorted(gained, key=_n3_key), removed=sorted(lost, key=_n3_key))
        new_kb: list = []
        wanted: set[str] = set()
        if self.kb is not None:
            wanted = {i for _, art, _ in adds for i in mentioned_ids(art) if self.kb.get(i) is not None}
            if not wanted <= self._kb_ids:
                new_kb = [t for t in self._kb_growth(wanted - self._kb_ids) if t not in self._kb_triples]
                if new_kb:
                    graphs[str(KB_GRAPH)] = Additions(new_kb)
        self.store.replace_graphs(graphs)
        if hasattr(self.store, "flush"):  # the write buffers go to disk: memory stays flat
            self.store.flush()
        if self.kb is not None:
            self._kb_ids |= wanted
            self._kb_triples.update(new_kb)
            self.report.kb_triples_added += len(new_kb)
        self.report.entity_triples_added += len(gained)
        self.report.entity_triples_removed += len(lost)
        self.report.duplicates.update(dup)
        for doc, (art, g) in final.items():
            if g is None:
                self.report.removed.append(doc)
                self._stored.discard(doc)
                continue
            self.report.written.append(doc)
            if doc in self._stored:
                self.report.replaced.append(doc)
            self._stored.add(doc)
            if self.progress is not None:
                self.progress(doc)

    def _kb_growth(self, new_ids: set[str]) -> set[tuple]:
        """The triples :func:`kg.rdf.add_kb_graph` gains when the ids ``new_ids`` join the ids
        already described (``self._kb_ids``): the new ids' descriptions, their containers and
        the facts among them (``add_kb_graph`` of the new ids alone), and the facts between a
        new id and an old one."""
        from kg.namespaces import entity_iri
        from kg.rdf import add_kb_graph, new_dataset

        grown = set(add_kb_graph(new_dataset(), self.kb, new_ids))
        old = self._kb_ids
        for f in self.kb.facts:
            if (f.subject in new_ids and f.object in old) or (f.subject in old and f.object in new_ids):
                grown.add((entity_iri(f.subject), NZ[f.predicate], entity_iri(f.object)))
        return grown

    def finish(self) -> WriteReport:
        """Write the last batch and return the report.

        Raises
        ------
        StoreError
            As :meth:`flush`.
        """
        self.flush()
        return self.report


def write_articles(store: Store, articles: list, kb: Any | None = None,
                   errors: list[str] | None = None,
                   progress: Callable[[str], None] | None = None,
                   dataset: Dataset | None = None, batch_size: int = 1) -> WriteReport:
    """Add articles to a store: one atomic write per batch of articles, the KB graph merged.

    Each article's named graph replaces the one already stored under the same IRI (the
    IRI ends in the sha1 of the article, so re-adding an article is idempotent). The
    knowledge-base graph becomes the union of what the store held and the KB description
    of every entity the stored and new articles mention; its new triples are written in the
    same transaction as the batch that needs them, so a failure at any batch leaves the
    store as it was before that batch (:class:`StoreIngest`).

    Parameters
    ----------
    store : Store
    articles : list[extractors.records.ArticleExtraction]
    kb : KnowledgeBase, optional
        ``ontology.kb`` knowledge base; without it no KB graph is written.
    errors : list[str], optional
        As in :func:`kg.rdf.build_dataset`: collects the problems of articles that cannot
        be written (they are skipped); when None the first such article raises.
    progress : callable, optional
        Called with each article IRI after it is written.
    dataset : rdflib.Dataset, optional
        The :func:`kg.rdf.build_dataset` of ``articles`` when the caller has built it
        already; otherwise it is built here.
    batch_size : int
        Articles per transaction; 1 (the default) writes article by article.

    Returns
    -------
    WriteReport

    Raises
    ------
    ValueError
        With ``errors=None``, an article that fails :func:`kg.rdf.check_article`.
    StoreError
        The store failed; batches before the failing one are stored, it and the following
        ones are not.

    Notes
    -----
    Entity identity across articles: a KB entity is ``nzr:<kb id>`` everywhere; an entity
    outside the KB is ``nzr:<class>/<slug of its normalised name>`` (extractors), so the same
    name and class is one IRI. Its description lives once, in the entities graph: every
    surface form is a ``skos:altLabel`` there (its article graph keeps it as
    ``nz:surfaceForm``), and such entities keep the ``skos:prefLabel`` first stored
    (:class:`StoreIngest`).
    """
    from kg.rdf import build_dataset
    from kg.namespaces import article_iri

    ds = dataset if dataset is not None else build_dataset(articles, kb=kb, errors=errors)
    # build_dataset skips (or raises on) articles that fail check_article: no graph for them
    built = {str(g.identifier) for g in ds.graphs() if len(g)}
    ingest = StoreIngest(store, kb, batch_size=batch_size, progress=progress)
    done: set[str] = set()
    for art in articles:
        doc = str(article_iri(art.sha1))
        if doc not in built or doc in done:
            continue
        done.add(doc)
        g = bind_prefixes(Graph())
        for t in ds.graph(URIRef(doc)):
            g.add(t)
        ingest.add(art, g)
    return ingest.finish()


def remove_articles(store: Store, docs: Iterable[str], batch_size: int = DEFAULT_BATCH) -> WriteReport:
    """Remove articles from a store, keeping the entities graph in step.

    Parameters
    ----------
    store : Store
    docs : iterable of str
        Article IRIs (``https://w3id.org/nufuz/doc/<sha1>``); those the store does not
        hold are ignored.
    batch_size : int
        Articles per transaction.

    Returns
    -------
    WriteReport
        ``removed`` lists the article graphs dropped; ``entity_triples_removed`` what the
        entities graph lost (the names only those articles gave, the entities only they
        named: :class:`StoreIngest`).

    Raises
    ------
    StoreError
        The store failed; batches before the failing one are applied, it and the
        following ones are not.
    """
    ingest = StoreIngest(store, None, batch_size=batch_size)  # the KB graph is never shrunk
    for doc in docs:
        ingest.remove(str(doc))
    return ingest.finish()
