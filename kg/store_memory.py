"""The in-memory backend of :mod:`kg.store`: an :class:`rdflib.Dataset` queried with rdflib's
SPARQL engine (tests, small jobs, a TriG file given to ``nufuz query``).

rdflib's engine downloads the IRI of a ``FROM`` / ``FROM NAMED`` clause that is not a graph
of the dataset; nufuz makes no network access at run time, so :func:`offline_sparql` switches
that off. It is a process-wide setting of rdflib, so it is made where nufuz runs queries (the
CLI entry point, :meth:`MemoryStore.query`), never on import.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.namespaces import bind_prefixes
from kg.store_base import (
    SPARQL_PREFIXES, Additions, QueryError, QueryResult, StoreError, _collect, _sparql_position, _take,
    one_line,
)


def offline_sparql(now: bool = True) -> None:
    """Tell rdflib's SPARQL engine never to download the graphs a query names in ``FROM`` /
    ``FROM NAMED`` (``rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False``; a graph the
    dataset lacks is then empty). Process-wide and idempotent; called by the CLI entry point
    (:func:`kg.cli.main`) and before every in-memory query.

    Parameters
    ----------
    now : bool
        True: import rdflib's SPARQL package and set it. False: set it when that package is
        imported (at once if it already is; else by a one-time import hook, run right after
        the package's own code, before any query can run): a command that never queries
        rdflib does not import its SPARQL engine (0.07 CPU-s; the CLI entry point does so).
    """
    import sys

    loaded = sys.modules.get("rdflib.plugins.sparql")
    if now or loaded is not None:
        import rdflib.plugins.sparql as rdflib_sparql

        rdflib_sparql.SPARQL_LOAD_GRAPHS = False
        return
    if not any(isinstance(f, _SetOnImport) for f in sys.meta_path):
        sys.meta_path.insert(0, _SetOnImport())


class _SetOnImport:
    """An import hook (:data:`sys.meta_path` finder) for :func:`offline_sparql`: when
    ``rdflib.plugins.sparql`` is imported, it runs the package's code and then sets
    ``SPARQL_LOAD_GRAPHS = False``; it removes itself the first time."""

    NAME = "rdflib.plugins.sparql"

    def find_spec(self, fullname, path, target=None):
        if fullname != self.NAME:
            return None
        import importlib.util
        import sys

        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            module.SPARQL_LOAD_GRAPHS = False

        spec.loader.exec_module = exec_module
        return spec


class MemoryStore:
    """In-memory store over an :class:`rdflib.Dataset` (tests, small jobs).

    Parameters
    ----------
    dataset : rdflib.Dataset, optional
        Quads to start from (copied; the argument is not modified).
    name : str
        How errors name the store.
    """

    #: this object is the data: nothing else writes to it (:attr:`kg.store_base.Store.sole_writer`)
    sole_writer = True

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
        offline_sparql()
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
