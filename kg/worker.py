"""Queries in worker processes that can be killed at their deadline.

pyoxigraph cannot cancel a running query, and Python cannot stop a thread: a query that
ran past its timeout in a thread keeps its CPU and memory until it ends (minutes for an
aggregate over a cartesian product). A worker process can be killed: the deadline passes,
the process gets SIGKILL, the CPU and memory come back at once. A query that crashes the
engine (SIGSEGV) kills its worker, not the caller.

A worker opens the store itself, read-only (:func:`source_of` says how: the directory of
an embedded store, an RDF file, or an in-memory dataset sent as N-Quads), and answers
queries sent over a pipe until it is told to stop or killed. :func:`query_in_worker` runs
one query in a one-shot worker (``nufuz query``, :func:`kg.query.run_query`);
:class:`WorkerPool` keeps ``size`` workers ready for a server (``nufuz serve``) and
replaces each one it kills.

Queries sent to a worker have passed :func:`kg.guard.check_query` in the caller (and pass
it again in the worker's store).
"""
from __future__ import annotations

import multiprocessing as mp
import queue
import signal
import threading
import time
from pathlib import Path
from typing import Any

from kg.store import MemoryStore, OxigraphStore, QueryError, QueryResult, QueryTimeout, StoreError

#: Modules the fork server imports once, so that each worker it forks starts at once.
PRELOAD = ["kg.store", "kg.guard", "kg.worker", "pyoxigraph", "rdflib", "rdflib.plugins.sparql"]
_STARTUP = 120.0  # seconds a worker may take to open its store


class EngineCrash(StoreError):
    """The worker running a query died without answering (the engine crashed, e.g. SIGSEGV
    on a pathological query, or ran out of memory); the caller is unaffected."""


class PoolBusy(StoreError):
    """Every worker of a :class:`WorkerPool` stayed busy for the whole wait."""


def source_of(store: Any, method: str = "forkserver") -> tuple | None:
    """How a worker process can open the same data, or None when it cannot.

    Parameters
    ----------
    store : Store
    method : str
        The multiprocessing start method the worker will use. With ``"fork"`` an
        in-memory store is inherited as it is; otherwise it is sent as N-Quads (or named by
        its file when it was loaded from one).

    Returns
    -------
    tuple or None
        ``("oxigraph", path)`` for an embedded store opened read-only;
        ``("object", store)`` (fork only), ``("file", path)`` or ``("nquads", bytes)`` for a
        :class:`~kg.store.MemoryStore`; None for anything else (a remote endpoint, an
        embedded store opened for writing: the caller runs the query itself).
    """
    if isinstance(store, OxigraphStore):
        return ("oxigraph", str(store.path)) if store.read_only else None
    if isinstance(store, MemoryStore):
        if method == "fork":
            return ("object", store)
        path = Path(store.name)
        if getattr(store, "_from_file", False) and path.is_file():
            return ("file", str(path))
        return ("nquads", store.dataset().serialize(format="nquads", encoding="utf-8"))
    return None


def _open(source: tuple):
    kind, value = source
    if kind == "oxigraph":
        return OxigraphStore(value, read_only=True)
    if kind == "object":
        return value
    if kind == "file":
        return MemoryStore.from_file(value)
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(data=value, format="nquads")
    return MemoryStore(ds)


def _pack(res: QueryResult) -> tuple:
    triples = list(res.graph) if res.kind == "graph" and res.graph is not None else None
    return (res.kind, res.variables, res.rows, res.boolean, triples, res.truncated)


def _unpack(packed: tuple) -> QueryResult:
    kind, variables, rows, boolean, triples, truncated = packed
    graph = None
    if triples is not None:
        from rdflib import Graph

        from kg.namespaces import bind_prefixes

        graph = bind_prefixes(Graph())
        for t in triples:
            graph.add(t)
    return QueryResult(kind, variables=variables, rows=rows, boolean=boolean, graph=graph, truncated=truncated)


_ERRORS = {"QueryError": QueryError, "QueryTimeout": QueryTimeout, "StoreError": StoreError}


def _error(name: str, message: str, reason: str | None) -> Exception:
    if reason is not None:
        from kg.guard import QueryRefused

        return QueryRefused(message, reason)
    return _ERRORS.get(name, StoreError)(message)


def _main(conn, source: tuple) -> None:
    """A worker: open the store, then answer ``(sparql, max_rows)`` messages until ``None``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        store = _open(source)
    except Exception as e:  # noqa: BLE001 - reported to the parent
        conn.send(("error", "StoreError", str(e) or type(e).__name__, None))
        return
    conn.send(("ready",))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            break
        if msg is None:
            break
        sparql, max_rows = msg
        try:
            kw = {"max_rows": max_rows} if max_rows else {}
            reply = ("ok", _pack(store.query(sparql, None, **kw)))
        except (QueryError, StoreError) as e:
            reply = ("error", next((c.__name__ for c in type(e).__mro__ if c.__name__ in _ERRORS), "StoreError"),
                     str(e), getattr(e, "reason", None))
        except Exception as e:  # noqa: BLE001 - an engine failure, reported as one line
            reply = ("error", "StoreError", f"query failed ({type(e).__name__}: {e})", None)
        conn.send(reply)
        del reply


def _context(method: str):
    ctx = mp.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(PRELOAD)
    return ctx


class Worker:
    """One worker process holding the store open read-only.

    Parameters
    ----------
    source : tuple
        From :func:`source_of`.
    method : str
        Start method: ``"forkserver"`` (default; safe in a threaded process), ``"fork"``
        (a single-threaded caller: instant, inherits in-memory data) or ``"spawn"``.

    Raises
    ------
    StoreError
        The worker could not open the store (its message), or did not start in time.
    """

    def __init__(self, source: tuple, method: str = "forkserver"):
        ctx = _context(method)
        self._conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_main, args=(child, source), daemon=True, name="nufuz-query-worker")
        self.process.start()
        child.close()
        try:
            msg = self._recv(_STARTUP)
        except BaseException:
            self.kill()
            raise
        if msg[0] != "ready":
            self.kill()
            raise _error(*msg[1:])

    def _recv(self, timeout: float | None):
        if not self._conn.poll(timeout):
            raise QueryTimeout("worker did not answer")
        try:
            return self._conn.recv()
        except (EOFError, OSError):
            self.process.join(5)
            code = self.process.exitcode
            how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            raise EngineCrash(f"the query engine crashed ({how}); the query was not answered") from None

    def query(self, sparql: str, timeout: float | None = None, max_rows: int | None = None) -> QueryResult:
        """Run one query; kill the worker when it passes ``timeout``.

        Parameters
        ----------
        sparql : str
        timeout : float, optional
            Seconds; None or 0: no limit.
        max_rows : int, optional

        Returns
        -------
        QueryResult

        Raises
        ------
        QueryTimeout
            The deadline passed; the worker was killed (:attr:`alive` is False).
        EngineCrash
            The worker died while running the query.
        QueryError, StoreError
            As raised by the store in the worker.
        """
        try:
            self._conn.send((sparql, max_rows))
        except (OSError, ValueError):
            raise EngineCrash("the query worker is gone; the query was not answered") from None
        try:
            msg = self._recv(timeout if timeout and timeout > 0 else None)
        except QueryTimeout:
            self.kill()
            raise QueryTimeout(f"query timed out after {timeout:g} s (stopped)") from None
        if msg[0] == "ok":
            return _unpack(msg[1])
        raise _error(*msg[1:])

    @property
    def alive(self) -> bool:
        """Whether the process is still running."""
        return self.process.is_alive()

    def kill(self) -> None:
        """Kill the process at once (SIGKILL) and reap it."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self._conn.close()

    def close(self) -> None:
        """Ask the worker to stop; kill it if it does not within a second."""
        if self.process.is_alive():
            try:
                self._conn.send(None)
            except (OSError, ValueError):
                pass
            self.process.join(1)
        self.kill()


def query_in_worker(store: Any, sparql: str, timeout: float | None = None, max_rows: int | None = None,
                    method: str = "forkserver") -> QueryResult:
    """Run one query in a one-shot worker process, killed at the deadline.

    Parameters
    ----------
    store : Store
        A store :func:`source_of` accepts for ``method``.
    sparql : str
    timeout : float, optional
        Seconds the query may run (the worker's start is not counted).
    max_rows : int, optional
    method : str
        Start method (see :class:`Worker`).

    Returns
    -------
    QueryResult

    Raises
    ------
    ValueError
        The store cannot be opened by a worker (:func:`source_of` is None).
    QueryTimeout, EngineCrash, QueryError, StoreError
    """
    source = source_of(store, method)
    if source is None:
        raise ValueError(f"{getattr(store, 'name', store)}: cannot be queried from a worker process")
    worker = Worker(source, method)
    try:
        res = worker.query(sparql, timeout, max_rows)
    except BaseException:  # a timeout, Ctrl-C, an error: the worker goes at once
        worker.kill()
        raise
    worker.close()
    return res


class WorkerPool:
    """``size`` worker processes over one store, for a server's concurrent queries.

    Parameters
    ----------
    store : Store
        A store :func:`source_of` accepts.
    size : int
        Workers (queries that run at the same time); at least 1.
    method : str
        Start method (default ``"forkserver"``: safe while the server's threads run).

    Raises
    ------
    ValueError
        The store cannot be opened by a worker.
    StoreError
        A worker could not open the store.

    Notes
    -----
    Every worker is started (and has opened the store) when the constructor returns. A
    worker killed at a deadline, or dead from a crash, is replaced in the background.
    """

    def __init__(self, store: Any, size: int = 4, method: str = "forkserver"):
        self.source = source_of(store, method)
        if self.source is None:
            raise ValueError(f"{getattr(store, 'name', store)}: cannot be queried from a worker process")
        self.method = method
        self.size = max(1, int(size))
        self._idle: queue.Queue = queue.Queue()
        self._closed = False
        self._lock = threading.Lock()
        self._all: set[Worker] = set()
        for _ in range(self.size):
            self._add(Worker(self.source, method))

    def _add(self, worker: Worker) -> None:
        with self._lock:
            if self._closed:
                worker.close()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, old: Worker) -> None:
        with self._lock:
            self._all.discard(old)

        def start() -> None:
            try:
                self._add(Worker(self.source, self.method))
            except Exception:  # noqa: BLE001 - tried again on the next replacement
                time.sleep(1)
                if not self._closed:
                    threading.Thread(target=start, daemon=True).start()

        threading.Thread(target=start, daemon=True, name="nufuz-worker-start").start()

    @staticmethod
    def _busy(waited: float) -> "PoolBusy":
        return PoolBusy(f"the server is busy with earlier queries; no worker was free within {waited:g} s, "
                          "try again later")

    def query(self, sparql: str, timeout: float | None = None, max_rows: int | None = None,
              wait: float | None = None) -> QueryResult:
        """Run one query on a free worker.

        Parameters
        ----------
        sparql : str
        timeout : float, optional
            Seconds the query may run; the worker is then killed (and replaced).
        max_rows : int, optional
        wait : float, optional
            Seconds to wait for a free worker (default: ``timeout``).

        Returns
        -------
        QueryResult

        Raises
        ------
        PoolBusy
            No worker became free within ``wait``.
        QueryTimeout, EngineCrash, QueryError, StoreError
        """
        wait = timeout if wait is None else wait
        try:
            worker = self._idle.get(timeout=wait if wait and wait > 0 else None)
        except queue.Empty:
            raise self._busy(wait) from None
        try:
            res = worker.query(sparql, timeout, max_rows)
        except (QueryTimeout, EngineCrash):
            worker.kill()
            self._replace(worker)
            raise
        except BaseException:
            if worker.alive:
                self._idle.put(worker)
            else:
                self._replace(worker)
            raise
        self._idle.put(worker)
        return res

    def pids(self) -> list[int]:
        """Process ids of the live workers."""
        with self._lock:
            return sorted(w.process.pid for w in self._all if w.alive)

    def close(self) -> None:
        """Stop every worker (running queries are killed)."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.close()

