"""The store protocol: what every backend of :mod:`kg.store` offers, its result and error
types, and the helpers the backends share (prefixes, query deadlines, parser messages).

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

This module imports no backend and changes no global setting of rdflib.
"""
from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from rdflib import Graph
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.namespaces import NZ, NZR, SCHEMA, WD, bind_prefixes

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

    #: Whether writes through this object are the only writes the data gets while it is
    #: open (an embedded store under its write lock, an in-memory one), so that a writer
    #: may keep what it read of it (:class:`kg.store_ingest.StoreIngest`); False for a
    #: server that other clients may write to.
    sole_writer: bool

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


def _collect(produce: Callable[[Callable[[], bool]], Any], timeout: float | None, what: str) -> Any:
    """Run ``produce(expired)`` with a deadline.

    Without a timeout it runs in the calling thread. With one it runs in a daemon worker
    thread; when the deadline passes the caller gets :class:`QueryTimeout` at once, and the
    worker stops at its next ``expired()`` check (a query engine busy inside one step keeps
    its thread until that step ends; the store is read-only meanwhile, never changed).
    """
    if not timeout or timeout <= 0:
        return produce(_never)
    deadline = time.monotonic() + timeout
    box: dict[str, Any] = {}

    def expired() -> bool:
        return time.monotonic() > deadline

    worker = _worker(lambda: produce(expired), box)
    worker.join(timeout)
    if worker.is_alive() or isinstance(box.get("error"), _Expired):
        raise QueryTimeout(f"{what}: query timed out after {timeout:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]


def _worker(produce: Callable[[], Any], box: dict) -> threading.Thread:
    """A started daemon thread that puts ``produce()`` in ``box["value"]``, or the error it
    raised in ``box["error"]`` with its frames (and any engine result iterator they hold)
    dropped in that thread: pyoxigraph results must die in the thread that made them."""
    def work() -> None:
        try:
            box["value"] = produce()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller
            e: BaseException | None = exc
            while e is not None:
                e.__traceback__ = None
                e = e.__cause__ or e.__context__
            box["error"] = exc

    worker = threading.Thread(target=work, name="nufuz-query", daemon=True)
    worker.start()
    return worker


def meanwhile(produce: Callable[[], Any], store: Any) -> Callable[[], Any]:
    """Start ``produce()`` (reads of ``store``) now, in a thread when the store answers
    queries from several threads at once (``concurrent_reads``: the embedded Oxigraph
    store, which evaluates them without holding the GIL), so that it runs while the caller
    reads other things; else at the first call of the function returned.

    Returns
    -------
    callable
        Waits for ``produce()`` and returns its value (the same value at every call), or
        raises what it raised.
    """
    box: dict[str, Any] = {}
    worker = _worker(produce, box) if getattr(store, "concurrent_reads", False) else None

    def result() -> Any:
        if worker is None:
            if "value" not in box:
                box["value"] = produce()
        else:
            worker.join()
            if "error" in box:
                raise box["error"]
        return box["value"]

    return result


class _Expired(Exception):
    pass


def _never() -> bool:
    """The ``expired`` of a query without a deadline."""
    return False


def _take(items: Iterable, convert: Callable, max_rows: int | None,
          expired: Callable[[], bool]) -> tuple[list, bool]:
    if expired is _never and max_rows is None:  # no check per row
        return list(map(convert, items)), False
    out = []
    for item in items:
        if expired():
            raise _Expired()
        if max_rows is not None and len(out) >= max_rows:
            return out, True
        out.append(convert(item))
    return out, False


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
