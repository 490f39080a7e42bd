"""Graph stores: one interface, three backends (rdflib's store-plugin shape).

``MemoryStore`` (rdflib Dataset; tests, small jobs), ``OxigraphStore`` (embedded pyoxigraph
on disk; the default for ``--store DIR``) and ``RemoteStore`` (a SPARQL 1.1 endpoint:
query + update / Graph Store Protocol; Oxigraph server, Fuseki, GraphDB, Virtuoso).

Contract every backend keeps
----------------------------
- ``replace_graphs(graphs)`` writes named graphs atomically: each given graph name's
  previous content is dropped and the new triples inserted in ONE transaction, so an
  interrupted or failed write leaves the store as it was (re-adding an article is
  idempotent: same triple count).
- ``query(sparql)`` runs a SPARQL 1.1 query over the union of all graphs (the default graph
  is the union) and returns a :class:`QueryResult`; a malformed query raises
  :class:`QueryError` whose message holds the parser's message and position.
- ``dataset()`` returns the whole store as an ``rdflib.Dataset`` (for exports/validation).
- Errors: :class:`StoreError` (locked or corrupt directory, unreachable endpoint), one
  clear line naming the store.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class StoreError(RuntimeError):
    """A store cannot be opened or written (locked, corrupt, unreachable); one-line message."""


class QueryError(ValueError):
    """A malformed SPARQL query; the message holds the parser's message and position."""


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
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    graph: object | None = None


class Store(Protocol):
    """What every backend offers (see the module docstring for the contract)."""

    def replace_graphs(self, graphs: dict) -> None: ...  # {graph IRI (str): rdflib.Graph}

    def query(self, sparql: str, timeout: float | None = None) -> QueryResult: ...

    def dataset(self): ...  # -> rdflib.Dataset

    def graph_names(self) -> list[str]: ...

    def __len__(self) -> int: ...  # number of quads

    def close(self) -> None: ...
