"""Graph stores: one interface, three backends (rdflib's store-plugin shape).

The code lives in one module per concern; this module picks a backend (:func:`open_store`)
and re-exports the names the rest of nufuz imports from ``kg.store``:

- :mod:`kg.store_base`: the protocol (:class:`Store`, :class:`QueryResult`,
  :class:`Additions`), the errors (:class:`StoreError`, :class:`QueryError`,
  :class:`QueryTimeout`), the predeclared prefixes and :func:`read_graph`; the contract every
  backend keeps is in its docstring;
- :mod:`kg.store_memory`: ``MemoryStore`` (rdflib Dataset; tests, small jobs);
- :mod:`kg.store_oxigraph`: ``OxigraphStore`` (embedded pyoxigraph on disk; the default for
  ``--store DIR``) and term conversion;
- :mod:`kg.store_remote`: ``RemoteStore`` (a SPARQL 1.1 endpoint: query + update / Graph
  Store Protocol; Oxigraph server, Fuseki, GraphDB, Virtuoso);
- :mod:`kg.store_ingest`: :func:`write_articles` and :class:`StoreIngest` add articles to any
  of them (one atomic write per batch of articles, the KB graph merged with only its new
  triples, the entities graph kept in step), :func:`remove_articles` removes them.

Importing it changes no global setting of rdflib (see :func:`kg.store_memory.offline_sparql`).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.store_base import (
    SPARQL_PREFIXES, Additions, QueryError, QueryResult, QueryTimeout, Store, StoreError,
    declared_prefixes, one_line, read_graph, with_prefixes,
)
from kg.store_ingest import (
    DEFAULT_BATCH, StoreIngest, WriteReport, remove_articles, write_articles,
)
from kg.store_memory import MemoryStore, offline_sparql
from kg.store_oxigraph import OxigraphStore, to_oxigraph, to_rdflib

__all__ = [
    "DEFAULT_BATCH", "SPARQL_PREFIXES", "Additions", "MemoryStore", "OxigraphStore",
    "QueryError", "QueryResult", "QueryTimeout", "Store", "StoreError",
    "StoreIngest", "WriteReport", "declared_prefixes", "offline_sparql", "one_line",
    "open_store", "read_graph", "remove_articles", "to_oxigraph", "to_rdflib", "with_prefixes",
    "write_articles",
]


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
        from kg.store_remote import RemoteStore  # requests is imported only for an endpoint

        return RemoteStore(endpoint, **kw)
    if path is not None:
        return OxigraphStore(path, read_only=read_only)
    return MemoryStore()
