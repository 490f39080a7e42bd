"""A read-only SPARQL 1.1 Protocol endpoint over a nufuz store (``nufuz serve``).

Routes
------
``GET /sparql?query=...``, ``POST /sparql`` (``application/x-www-form-urlencoded`` with
``query=...``, or ``application/sparql-query``)
    Runs a SELECT, ASK, CONSTRUCT or DESCRIBE query over the store (default graph = union of
    the named graphs). The answer's media type is negotiated from the ``Accept`` header (or a
    ``format`` parameter: ``json``, ``xml``, ``csv``, ``tsv``, ``turtle``, ``nt`` or a media
    type):

    - SELECT: ``application/sparql-results+json`` (default), ``text/csv``,
      ``text/tab-separated-values``, ``application/sparql-results+xml``, ``application/json``
      (the SPARQL JSON results under that media type);
    - ASK: ``application/sparql-results+json`` (default), ``application/sparql-results+xml``,
      ``application/json``;
    - CONSTRUCT/DESCRIBE: ``text/turtle`` (default), ``application/n-triples``.

``GET /``
    An overview of the store made from bounded queries (:mod:`kg.server_pages`: the entities
    in the most statements and the statements among them, each query with a ``LIMIT``, run on
    the guarded query path below), with links to the query form and the graph; built on the
    first request and cached for the life of the server (a failed overview is retried).
``GET /query``
    A SPARQL query form (a textarea; ``?example=NAME`` loads a query of the library
    ``kg/queries/*.rq``; ``?query=...`` runs one on the same guarded path as ``/sparql`` and
    draws the result as an escaped HTML table, or shows the one error). No script, nothing
    fetched from the network.
``GET /graph``
    The interactive HTML graph of the store, drawn by the page renderer the server is given
    (``render_graph``; ``nufuz serve`` hands in :func:`kg.cli_store.graph_page`, the page of
    ``nufuz view --store`` without a focus: the entities with the most article edges, read
    by queries). Built on the first request and cached; 404 when the server has no renderer.

Limits: SPARQL Update gets 403 (the endpoint is read-only), and so does a federated query
(``SERVICE``: the server never fetches from elsewhere); a malformed query gets 400 with the
parser's message; a query too long or too deeply nested for the engine gets 413/400
(:func:`kg.guard.check_query` decides all refusals, the same as ``nufuz query``); a query that
runs longer than ``timeout`` seconds gets 503; SELECT rows (CONSTRUCT triples) beyond
``max_rows`` are cut and the answer carries ``X-Nufuz-Truncated: true`` and
``X-Nufuz-Max-Rows: N``. Queries run in a pool of ``workers`` worker processes
(:mod:`kg.worker`) that open the store read-only: a query past its deadline is killed with its
process, which is replaced, so timed-out queries never pile up; a query that crashes the
engine gets 500 and the server runs on. The server binds to loopback unless told otherwise.

Served by waitress (a maintained pure-Python WSGI server; :class:`SparqlServer` is the WSGI
application and owns its waitress server): ``threads`` request threads (further requests
wait in its queue), a listen backlog of :data:`BACKLOG`, connections idle for
``channel_timeout`` seconds (half-sent requests too) closed, request bodies over
:data:`MAX_BODY` refused with 413 before they reach the endpoint. ``HEAD`` answers like
``GET`` without the body; ``OPTIONS`` gets 204 with ``Allow`` (a CORS preflight also gets
``Access-Control-Allow-Methods``/``-Headers``/``-Max-Age``); other methods get 405. Answers
carry ``Access-Control-Allow-Origin: *`` (``cors_origins`` restricts it to listed origins,
or turns it off) so browser SPARQL editors on another origin can query the endpoint.
Results are serialized with rdflib's SPARQL result serializers (JSON, XML, CSV) and RDF
serializers (Turtle, N-Triples); TSV follows the W3C "SPARQL 1.1 Query Results CSV and TSV
Formats".
"""
from __future__ import annotations

import concurrent.futures as cf
import inspect
import logging
import socket
import threading
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Callable
from urllib.parse import parse_qs

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result

from kg.guard import QUERY_FORMS, UPDATE_KEYWORDS, QueryRefused, check_query, request_form  # noqa: F401
from kg.store import QueryError, QueryResult, QueryTimeout, StoreError
from kg.worker import EngineCrash, PoolBusy, WorkerPool, source_of

log = logging.getLogger(__name__)

#: Media types offered per query form, the default first: (media type, rdflib format).
SELECT_TYPES = (
    ("application/sparql-results+json", "json"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("application/sparql-results+xml", "xml"),
    ("application/json", "json"),  # SPARQL JSON results for clients that ask for plain JSON
)
ASK_TYPES = (
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("application/json", "json"),
)
GRAPH_TYPES = (
    ("text/turtle", "turtle"),
    ("application/n-triples", "nt"),
)
#: Short names accepted by the ``format`` parameter.
FORMAT_ALIASES = {
    "json": "application/sparql-results+json", "srj": "application/sparql-results+json",
    "application/json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml", "srx": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values",
    "turtle": "text/turtle", "ttl": "text/turtle",
    "nt": "application/n-triples", "ntriples": "application/n-triples", "n-triples": "application/n-triples",
}
MAX_BODY = 1 << 20  # bytes of a POSTed query


def negotiate(accept: str | None, offered: tuple[tuple[str, str], ...]) -> tuple[str, str] | None:
    """Pick the offered media type the client prefers (RFC 9110 ``Accept``).

    Parameters
    ----------
    accept : str or None
        The ``Accept`` header; missing or empty means anything (the first offered type).
    offered : tuple of (media type, format)
        What the server can send, its default first.

    Returns
    -------
    tuple of (media type, format) or None
        The offered entry with the highest q-value (then the most specific range, then the
        server's order); None when the client accepts none of them.

    Examples
    --------
    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", SELECT_TYPES)[0]
    'application/sparql-results+xml'
    >>> negotiate("*/*", GRAPH_TYPES)[0]
    'text/turtle'
    """
    if not accept or not accept.strip():
        return offered[0]
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        mtype = fields[0].lower()
        if not mtype:
            continue
        q = 1.0
        for f in fields[1:]:
            k, _, v = f.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        ranges.append((mtype, q))
    best, best_key = None, None
    for order, entry in enumerate(offered):
        mtype = entry[0]
        major = mtype.split("/")[0]
        match = None  # (specificity, q) of the most specific range matching this type
        for rng, q in ranges:
            spec = 2 if rng == mtype else 1 if rng == major + "/*" else 0 if rng == "*/*" else -1
            if spec >= 0 and (match is None or spec > match[0]):
                match = (spec, q)
        if match is None or match[1] <= 0:
            continue
        key = (match[1], match[0], -order)
        if best_key is None or key > best_key:
            best, best_key = entry, key
    return best


def _tsv_term(term) -> str:
    """A term in the TSV results encoding (Turtle syntax; tabs and newlines escaped)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = (str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                .replace("\r", "\\r").replace("\t", "\\t"))
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    return str(term)


def serialize_result(res: QueryResult, fmt: str) -> bytes:
    """Serialize a query result in one of the endpoint's formats.

    Parameters
    ----------
    res : QueryResult
        The (already truncated) result.
    fmt : str
        ``"json"``, ``"xml"``, ``"csv"``, ``"tsv"`` (SELECT; json/xml for ASK) or
        ``"turtle"``, ``"nt"`` (CONSTRUCT/DESCRIBE).

    Returns
    -------
    bytes
        UTF-8 text.
    """
    if res.kind == "graph":
        g = res.graph if res.graph is not None else Graph()
        if fmt == "turtle":
            from kg.namespaces import bind_prefixes

            bind_prefixes(g)
        return g.serialize(format=fmt, encoding="utf-8")
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in res.variables)]
        lines += ["\t".join(_tsv_term(t) for t in row) for row in res.rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    r = Result("ASK" if res.kind == "ask" else "SELECT")
    if res.kind == "ask":
        r.askAnswer = bool(res.boolean)
    else:
        r.vars = [Variable(v) for v in res.variables]
        r.bindings = [{Variable(v): t for v, t in zip(res.variables, row) if t is not None} for row in res.rows]
    data = r.serialize(format=fmt, encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")


def truncate(res: QueryResult, max_rows: int) -> tuple[QueryResult, bool]:
    """Cut a SELECT result to ``max_rows`` rows (a graph result to ``max_rows`` triples).

    Parameters
    ----------
    res : QueryResult
    max_rows : int
        The limit; 0 or less means no limit.

    Returns
    -------
    tuple of (QueryResult, bool)
        The result (the same object when nothing was cut) and whether it was cut.
    """
    if max_rows <= 0:
        return res, False
    if res.kind == "select" and len(res.rows) > max_rows:
        return QueryResult(kind="select", variables=res.variables, rows=res.rows[:max_rows], truncated=True), True
    if res.kind == "graph" and res.graph is not None and len(res.graph) > max_rows:
        g = Graph()
        for i, t in enumerate(res.graph):
            if i >= max_rows:
                break
            g.add(t)
        return QueryResult(kind="graph", graph=g, truncated=True), True
    return res, False


_SLACK = 1.0  # seconds


def _timed_out(timeout: float) -> "Reply":
    return Reply.text(HTTPStatus.SERVICE_UNAVAILABLE, f"query timed out after {timeout:g} s (the server's --timeout)")


@dataclass
class Reply:
    """An HTTP answer: status, body and extra headers."""

    status: int
    body: bytes
    content_type: str | None = "text/plain; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def text(cls, status: int, message: str, headers: tuple = ()) -> "Reply":
        return cls(status, (message.rstrip("\n") + "\n").encode("utf-8"), headers=headers)


#: Methods the endpoint answers (the ``Allow`` header of 405 and OPTIONS answers).
ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS"
#: Headers of an answer a browser script on another origin may read (CORS).
EXPOSED_HEADERS = "X-Nufuz-Truncated, X-Nufuz-Max-Rows"
#: Pending connections the kernel keeps for the server (``listen(2)`` backlog).
BACKLOG = 1024
#: Seconds a preflight answer may be cached by a browser (``Access-Control-Max-Age``).
PREFLIGHT_MAX_AGE = 86400


class SparqlServer:
    """A read-only SPARQL 1.1 Protocol server over a store (see the module docstring).

    The object is the WSGI application (``server(environ, start_response)``) and owns the
    waitress server that runs it: :meth:`serve_forever` runs it in the calling thread until
    :meth:`shutdown` (from another thread) or Ctrl-C; :meth:`server_close` frees the socket,
    the request threads and the query workers.

    Parameters
    ----------
    store : kg.store.Store
        The store to query; only its ``query`` and ``dataset`` methods are used.
    host : str, optional
        Interface to bind (default ``127.0.0.1``, loopback only).
    port : int, optional
        TCP port (default 7878; 0 picks a free one, see :attr:`port`).
    timeout : float, optional
        Seconds a query may run before the client gets 503 (default 10).
    max_rows : int, optional
        Most SELECT rows / CONSTRUCT triples in an answer (default 10000; 0 = no limit).
    workers : int, optional
        Queries run at the same time (default 4): worker processes (:class:`kg.worker.WorkerPool`)
        that open the store read-only; one whose query passes ``timeout`` is killed (its CPU
        and memory come back) and replaced, one the engine crashes on is replaced too (the
        client gets 500). Requests that find every worker busy wait and get 503 after
        ``timeout``.
    title : str, optional
        Title of the HTML graph page.
    log_requests : bool, optional
        Log one line per request to the ``kg.server`` logger (default False).
    isolate : bool, optional
        Run queries in worker processes (default True); False runs them on threads of this
        process (a query past its deadline then runs on until the engine checks it). A remote
        store always uses threads.
    threads : int, optional
        Requests handled at the same time (default 4): waitress's request threads; further
        requests wait in its queue. More threads than ``workers`` only help while some
        requests are not queries (the HTML page, refusals).
    channel_timeout : int, optional
        Seconds (whole, at least 1) after which a connection with no activity and no request
        in progress is closed (default 60): idle keep-alive connections and half-sent requests
        do not hold the server's resources.
    cors_origins : sequence of str, optional
        Origins whose browser scripts may read the answers (CORS): ``("*",)`` (the default)
        allows any origin; a list of origins (``https://example.org``) allows those only; an
        empty sequence sends no CORS headers.
    backlog : int, optional
        Pending connections the kernel queues (default :data:`BACKLOG`).
    render_graph : callable, optional
        ``render_graph(store, title) -> bytes``: the interactive HTML graph of the store,
        served at ``/graph`` (built on the first request, then cached). The CLI hands in
        :func:`kg.cli_store.graph_page` (the page of :mod:`visualizations.html`); this module
        imports no page code. Without it ``/graph`` is 404 and the pages do not link it.

    Raises
    ------
    OSError
        If the address cannot be bound (port in use, unknown host).
    kg.store.StoreError
        If a worker process cannot open the store.
    """

    def __init__(self, store, host: str = "127.0.0.1", port: int = 7878, *, timeout: float = 10.0,
                 max_rows: int = 10000, workers: int = 4, title: str = "nufuz store",
                 log_requests: bool = False, isolate: bool = True, threads: int = 4,
                 channel_timeout: int = 60, cors_origins=("*",), backlog: int = BACKLOG,
                 render_graph: Callable[[Any, str], bytes] | None = None) -> None:
        from waitress.server import create_server

        self.store = store
        self.query_timeout = float(timeout)
        self.max_rows = int(max_rows)
        self.title = title
        self.render_graph = render_graph
        self.log_requests = log_requests
        self.cors_origins = tuple(o.strip().rstrip("/") for o in cors_origins if o.strip())
        try:
            self._store_max_rows = "max_rows" in inspect.signature(store.query).parameters
        except (TypeError, ValueError):
            self._store_max_rows = False
        self._html: bytes | None = None
        self._html_lock = threading.Lock()
        self._overview: bytes | None = None
        self._overview_lock = threading.Lock()
        self._workers = None
        self._stop = threading.Event()
        self._stopped = threading.Event()
        self._stopped.set()
        self._closed = False
        sock = _listen_socket(host, port)
        self.server_address = sock.getsockname()[:2]
        try:
            channel_timeout = max(1, int(channel_timeout))
            self._wsgi = create_server(
                self, map={}, sockets=[sock], threads=max(1, int(threads)), backlog=int(backlog),
                channel_timeout=channel_timeout, cleanup_interval=max(1, min(30, channel_timeout // 2)),
                max_request_body_size=MAX_BODY, ident="nufuz-sparql/0.1", asyncore_use_poll=True,
                expose_tracebacks=False)
        except BaseException:
            sock.close()
            raise
        self._pool = cf.ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="nufuz-query")
        # queries on an embedded or in-memory store run in worker processes killed at their
        # deadline; a remote endpoint keeps the threads (its requests time out on their own)
        if isolate and source_of(store) is not None:
            try:
                self._workers = WorkerPool(store, workers)
            except BaseException:
                self.server_close()
                raise

    @property
    def port(self) -> int:
        """The bound TCP port."""
        return self.server_address[1]

    @property
    def url(self) -> str:
        """Base URL of the server, e.g. ``http://127.0.0.1:7878/``."""
        host = self.server_address[0]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}/"

    @property
    def sparql_url(self) -> str:
        """URL of the SPARQL endpoint (``.../sparql``)."""
        return self.url + "sparql"

    # ------------------------------------------------------------------ life

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        """Answer requests until :meth:`shutdown` is called (or Ctrl-C, which propagates)."""
        from waitress import wasyncore

        self._stop.clear()
        self._stopped.clear()
        try:
            while not self._stop.is_set():
                wasyncore.loop(timeout=poll_interval, map=self._wsgi._map, use_poll=True, count=1)
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop :meth:`serve_forever` (called from another thread) and wait until it returns."""
        self._stop.set()
        if not self._closed:
            self._wsgi.pull_trigger()
        self._stopped.wait()

    def server_close(self) -> None:
        """Close the socket and the open connections, stop the request threads and let the
        query workers go (running queries are not awaited)."""
        if self._closed:
            return
        self._closed = True
        from waitress import wasyncore

        wasyncore.close_all(self._wsgi._map)
        self._wsgi.task_dispatcher.shutdown(cancel_pending=True, timeout=1)
        self._pool.shutdown(wait=False, cancel_futures=True)
        if self._workers is not None:
            self._workers.close()

    # ------------------------------------------------------------------ work

    def run_query(self, sparql: str) -> Reply | QueryResult:
        """Check (:func:`kg.guard.check_query`) and run one query with the timeout; a Reply for
        every refusal and failure."""
        try:
            check_query(sparql)
        except QueryRefused as e:
            return Reply.text(e.http_status, str(e))
        kwargs = {"max_rows": self.max_rows} if self._store_max_rows and self.max_rows > 0 else {}
        try:
            if self._workers is not None:  # a worker process, killed at the deadline
                res = self._workers.query(sparql, self.query_timeout, self.max_rows or None)
            else:
                res = self._run_in_thread(sparql, kwargs)
        except PoolBusy:
            return Reply.text(HTTPStatus.SERVICE_UNAVAILABLE,
                              f"the server is busy with earlier queries; none was free within "
                              f"{self.query_timeout:g} s, try again later")
        except QueryTimeout:
            return _timed_out(self.query_timeout)
        except EngineCrash as e:
            log.error("query engine crashed: %s", e)
            return Reply.text(HTTPStatus.INTERNAL_SERVER_ERROR, str(e))
        except QueryError as e:
            msg = str(e)
            return Reply.text(HTTPStatus.BAD_REQUEST, msg if msg.startswith("malformed") else f"malformed SPARQL: {msg}")
        except StoreError as e:
            return Reply.text(HTTPStatus.SERVICE_UNAVAILABLE, f"store error: {e}")
        except Exception as e:  # noqa: BLE001 - a backend failure must not kill the server
            log.exception("query failed")
            return Reply.text(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {type(e).__name__}: {e}")
        return res

    def _run_in_thread(self, sparql: str, kwargs: dict) -> QueryResult:
        """Run on the thread pool (stores a worker process cannot open: a remote endpoint)."""
        fut = self._pool.submit(self.store.query, sparql, self.query_timeout, **kwargs)
        try:
            # the store stops the query itself after ``timeout``; the slack covers stores that
            # do not, and time spent waiting for a free worker
            return fut.result(timeout=self.query_timeout + _SLACK)
        except cf.TimeoutError:
            if fut.cancel():
                raise PoolBusy("busy") from None
            raise QueryTimeout("timed out") from None

    def answer(self, sparql: str, accept: str | None, fmt: str | None) -> Reply:
        """The full answer to a query request: run, negotiate, truncate, serialize."""
        if fmt:
            want = FORMAT_ALIASES.get(fmt.strip().lower(), fmt.strip().lower())
            accept = want
        res = self.run_query(sparql)
        if isinstance(res, Reply):
            return res
        offered = {"select": SELECT_TYPES, "ask": ASK_TYPES}.get(res.kind, GRAPH_TYPES)
        choice = negotiate(accept, offered)
        if choice is None:
            return Reply.text(HTTPStatus.NOT_ACCEPTABLE,
                              f"cannot answer a {res.kind.upper() if res.kind != 'graph' else 'CONSTRUCT/DESCRIBE'} "
                              f"query as {accept}; available: " + ", ".join(t for t, _ in offered))
        mtype, rfmt = choice
        res, cut = truncate(res, self.max_rows)
        cut = cut or bool(getattr(res, "truncated", False))
        headers = (("X-Nufuz-Truncated", "true"), ("X-Nufuz-Max-Rows", str(self.max_rows))) if cut else ()
        charset = "; charset=utf-8"
        return Reply(HTTPStatus.OK, serialize_result(res, rfmt), mtype + charset, headers + (("Vary", "Accept"),))

    def _bounded_query(self, sparql: str) -> QueryResult:
        """:meth:`run_query`, raising :class:`_PageError` (with the Reply) on any refusal or
        failure (for the pages built from queries)."""
        res = self.run_query(sparql)
        if isinstance(res, Reply):
            raise _PageError(res)
        return res

    def overview(self) -> Reply:
        """The ``/`` page (:func:`kg.server_pages.overview_page`): built from bounded queries
        on the first request, then cached; a failure is shown with the status ``/sparql``
        would give (503 for a timeout or a store error...), not cached."""
        from kg.server_pages import overview_page, overview_queries

        html = "text/html; charset=utf-8"
        with self._overview_lock:
            if self._overview is None:
                try:
                    ov = overview_queries(self._bounded_query)
                except _PageError as e:
                    return Reply(e.reply.status, overview_page(None, self.title, str(e), graph=self._graph), html)
                self._overview = overview_page(ov, self.title, graph=self._graph)
            return Reply(HTTPStatus.OK, self._overview, html)

    def query_form(self, params: dict[str, list[str]]) -> Reply:
        """The ``/query`` page: the form, with the library example named by ``example`` loaded
        or the result (or error) of ``query``; the status is the error's (400 for a malformed
        query, 403 for an update...) or 200."""
        from kg.query import library
        from kg.server_pages import TABLE_ROWS, query_page

        examples = library()
        html = "text/html; charset=utf-8"
        name = (params.get("example") or [""])[0]
        query = (params.get("query") or [""])[0]
        if name and not query:
            if name not in examples:
                body = query_page(examples, "", error=f"no example query named {name!r}", title=self.title,
                                  graph=self._graph)
                return Reply(HTTPStatus.NOT_FOUND, body, html)
            return Reply(HTTPStatus.OK, query_page(examples, examples[name].text, title=self.title,
                                                   graph=self._graph), html)
        if not query.strip():
            return Reply(HTTPStatus.OK, query_page(examples, query, title=self.title, graph=self._graph), html)
        res = self.run_query(query)
        if isinstance(res, Reply):
            err = res.body.decode("utf-8").strip()
            return Reply(res.status, query_page(examples, query, error=err, title=self.title, graph=self._graph), html)
        limit = min(TABLE_ROWS, self.max_rows) if self.max_rows > 0 else TABLE_ROWS
        return Reply(HTTPStatus.OK, query_page(examples, query, res, max_rows=limit, title=self.title,
                                               graph=self._graph), html)

    @property
    def _graph(self) -> bool:
        """Whether the server has a graph page (a renderer was handed in)."""
        return self.render_graph is not None

    def html(self) -> bytes:
        """The HTML graph of the store: ``render_graph(store, title)``, built once, then
        cached.

        Raises
        ------
        LookupError
            When the server was given no ``render_graph``.
        """
        if self.render_graph is None:
            raise LookupError("this server has no graph page (no page renderer was given)")
        with self._html_lock:
            if self._html is None:
                self._html = self.render_graph(self.store, self.title)
            return self._html

    # ------------------------------------------------------------------ WSGI

    def __call__(self, environ: dict, start_response):
        """The WSGI application: route, answer, add the CORS headers."""
        method = environ.get("REQUEST_METHOD", "GET").upper()
        try:
            reply = self._route(method, environ)
        except Exception as e:  # noqa: BLE001 - one bad request must not reach waitress's 500
            log.exception("request failed")
            reply = Reply.text(HTTPStatus.INTERNAL_SERVER_ERROR, f"request failed: {type(e).__name__}")
        headers = []
        if reply.content_type is not None:
            headers.append(("Content-Type", reply.content_type))
        headers.append(("Content-Length", str(len(reply.body))))
        vary = []
        for k, v in reply.headers:
            if k.lower() == "vary":
                vary.append(v)
            else:
                headers.append((k, v))
        headers += self._cors_headers(environ, vary)
        if vary:
            headers.append(("Vary", ", ".join(vary)))
        status = HTTPStatus(int(reply.status))
        start_response(f"{status.value} {status.phrase}", headers)
        if self.log_requests:
            log.info('%s "%s %s" %d %d', environ.get("REMOTE_ADDR", "-"), method,
                     _display_path(environ), status.value, len(reply.body))
        return [b""] if method == "HEAD" else [reply.body]

    def _cors_headers(self, environ: dict, vary: list[str]) -> list[tuple[str, str]]:
        """``Access-Control-Allow-Origin`` (and friends) for the request's origin, if allowed."""
        if not self.cors_origins:
            return []
        if "*" in self.cors_origins:
            allow = "*"
        else:
            vary.append("Origin")
            origin = environ.get("HTTP_ORIGIN", "").strip().rstrip("/")
            if origin not in self.cors_origins:
                return []
            allow = origin
        out = [("Access-Control-Allow-Origin", allow)]
        if environ.get("REQUEST_METHOD", "").upper() == "OPTIONS" and environ.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD"):
            out += [("Access-Control-Allow-Methods", ALLOWED_METHODS),
                    ("Access-Control-Allow-Headers",
                     environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS") or "Accept, Content-Type"),
                    ("Access-Control-Max-Age", str(PREFLIGHT_MAX_AGE))]
        else:
            out.append(("Access-Control-Expose-Headers", EXPOSED_HEADERS))
        return out

    def _route(self, method: str, environ: dict) -> Reply:
        path = environ.get("PATH_INFO") or "/"
        if method in ("GET", "HEAD"):
            return self._get(path, environ)
        if method == "POST":
            return self._post(path, environ)
        if method == "OPTIONS":
            if path not in ("/", "/index.html", "/query", "/graph", "/sparql", "*"):
                return _not_found(environ, "page")
            return Reply(HTTPStatus.NO_CONTENT, b"", None, (("Allow", ALLOWED_METHODS),))
        return Reply.text(HTTPStatus.METHOD_NOT_ALLOWED, "read-only endpoint: only GET and POST queries",
                          (("Allow", ALLOWED_METHODS),))

    def _get(self, path: str, environ: dict) -> Reply:
        if path in ("/", "/index.html"):
            return self.overview()
        if path == "/query":
            params = _params(environ.get("QUERY_STRING", ""))
            return params if isinstance(params, Reply) else self.query_form(params)
        if path == "/graph":
            if self.render_graph is None:
                return _not_found(environ, "page")
            try:
                body = self.html()
            except Exception as e:  # noqa: BLE001
                log.exception("HTML graph failed")
                return Reply.text(HTTPStatus.INTERNAL_SERVER_ERROR, f"cannot draw the graph: {e}")
            return Reply(HTTPStatus.OK, body, "text/html; charset=utf-8")
        if path == "/sparql":
            params = _params(environ.get("QUERY_STRING", ""))
            return params if isinstance(params, Reply) else self._sparql(params, environ)
        return _not_found(environ, "page")

    def _post(self, path: str, environ: dict) -> Reply:
        body = _read_body(environ)
        if isinstance(body, Reply):
            return body
        if path != "/sparql":
            return _not_found(environ, "endpoint")
        params = _params(environ.get("QUERY_STRING", ""))
        if isinstance(params, Reply):
            return params
        ctype = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            return Reply.text(HTTPStatus.FORBIDDEN, "read-only endpoint: SPARQL Update is not accepted")
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = _params(body.decode("ascii"))
            except UnicodeDecodeError:
                return Reply.text(HTTPStatus.BAD_REQUEST, "a form body must be URL-encoded ASCII")
            if isinstance(form, Reply):
                return form
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
            return self._sparql(params, environ)
        if ctype == "application/sparql-query":
            try:
                query = body.decode("utf-8")
            except UnicodeDecodeError:
                return Reply.text(HTTPStatus.BAD_REQUEST, "the query is not UTF-8")
            return self._sparql(params, environ, query)
        return Reply.text(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                          "POST application/x-www-form-urlencoded (query=...) or application/sparql-query")

    def _sparql(self, params: dict[str, list[str]], environ: dict, body_query: str | None = None) -> Reply:
        if "update" in params:
            return Reply.text(HTTPStatus.FORBIDDEN, "read-only endpoint: SPARQL Update is not accepted")
        for p in ("default-graph-uri", "named-graph-uri"):
            if p in params:
                return Reply.text(
                    HTTPStatus.BAD_REQUEST, f"{p} is not supported: the default graph is the union of the store's "
                                            "named graphs; use GRAPH or FROM in the query")
        queries = params.get("query", [])
        if body_query is not None:
            queries = queries + [body_query]
        if not queries:
            return Reply.text(HTTPStatus.BAD_REQUEST, "no query: give ?query=... or POST one (SPARQL 1.1 Protocol)")
        if len(queries) > 1:
            return Reply.text(HTTPStatus.BAD_REQUEST, "more than one query in the request")
        fmt = (params.get("format") or [None])[0]
        return self.answer(queries[0], environ.get("HTTP_ACCEPT"), fmt)


class _PageError(Exception):
    """A query of a page was refused or failed; ``reply`` is the answer /sparql would give."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.body.decode("utf-8", "replace").strip())
        self.reply = reply


def _listen_socket(host: str, port: int) -> socket.socket:
    """A bound TCP socket for ``host``/``port`` (the first address the name resolves to);
    waitress starts listening on it."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    if not infos:  # pragma: no cover - getaddrinfo raises instead
        raise OSError(f"cannot resolve {host}")
    family, socktype, proto, _, addr = infos[0]
    sock = socket.socket(family, socktype, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind(addr)
    except BaseException:
        sock.close()
        raise
    return sock


def _display_path(environ: dict) -> str:
    """The request path as the client sent it (WSGI gives it latin-1 decoded)."""
    path = environ.get("PATH_INFO") or "/"
    try:
        return path.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return path


def _not_found(environ: dict, what: str) -> Reply:
    where = "the endpoint is /sparql" if what == "page" else "use /sparql"
    return Reply.text(HTTPStatus.NOT_FOUND, f"no such {what}: {_display_path(environ)} ({where})")


def _params(query_string: str) -> dict[str, list[str]] | Reply:
    try:
        return parse_qs(query_string, keep_blank_values=True, strict_parsing=False,
                        encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return Reply.text(HTTPStatus.BAD_REQUEST, "parameters are not UTF-8")


def _read_body(environ: dict) -> bytes | Reply:
    """The request body (waitress has read it whole and refused one over :data:`MAX_BODY`)."""
    length = environ.get("CONTENT_LENGTH")
    if length is None or length == "":
        return Reply.text(HTTPStatus.LENGTH_REQUIRED, "Content-Length is required")
    try:
        n = int(length)
    except ValueError:
        return Reply.text(HTTPStatus.BAD_REQUEST, "bad Content-Length")
    if n > MAX_BODY:
        return Reply.text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes")
    return environ["wsgi.input"].read(n) if n > 0 else b""
