"""A remote SPARQL 1.1 endpoint as a nufuz store (Oxigraph server, Fuseki, GraphDB, Virtuoso).

:class:`RemoteStore` keeps the contract of :mod:`kg.store` over HTTP:

- queries go to the query endpoint with the SPARQL 1.1 Protocol (POST, form-encoded), the
  answer is parsed with rdflib's SPARQL results parsers (JSON or XML) or RDF parsers
  (N-Triples / Turtle for CONSTRUCT and DESCRIBE);
- ``replace_graphs`` sends ONE SPARQL 1.1 Update request
  (``DROP SILENT GRAPH <g> ; ... ; INSERT DATA { GRAPH <g> { ... } ... }``), which the
  server applies as one transaction (Oxigraph and Fuseki/TDB2 do), so a failed write leaves
  the store as it was;
- ``dataset()`` reads the Graph Store Protocol endpoint as N-Quads when one is given (an
  Oxigraph ``/store`` or Fuseki ``/DATASET`` URL), else ``SELECT ?g ?s ?p ?o``.

The default graph is the union of the named graphs (the store contract). Oxigraph server
does this per request with its ``union-default-graph`` protocol parameter, which
:class:`RemoteStore` sends by default; other servers ignore the parameter and must be set up
to use the union as default graph (Fuseki/TDB2: ``tdb2:unionDefaultGraph true``).

Endpoints of the usual servers (``DS`` is the dataset name; the last column is the URL
whose GET returns the whole dataset, for ``gsp_endpoint``):

=============  ===================================  ===============================  ============
server         query endpoint                       update endpoint                  dataset GET
=============  ===================================  ===============================  ============
Oxigraph       ``http://HOST:7878/query``           ``http://HOST:7878/update``      ``/store``
Fuseki         ``http://HOST:3030/DS/query``        ``http://HOST:3030/DS/update``   ``/DS``
GraphDB        ``http://HOST:7200/repositories/R``  ``.../repositories/R/statements``
Virtuoso       ``http://HOST:8890/sparql``          the same URL (SPARQL_UPDATE role)
=============  ===================================  ===============================  ============
"""
from __future__ import annotations

import io
import re
from typing import Iterable

import requests
from rdflib import Dataset, Graph, URIRef
from rdflib.query import Result

from kg.namespaces import bind_prefixes
from kg.store_base import Additions, QueryError, QueryResult, QueryTimeout, StoreError, with_prefixes

#: Accept header of a query: SPARQL results (SELECT/ASK) first, then RDF (CONSTRUCT/DESCRIBE);
#: the server picks the one that fits the query form.
QUERY_ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
                "application/n-triples;q=0.8, text/turtle;q=0.7")

#: Response media type -> (kind of parser, rdflib format name).
_RESULT_FORMATS = {
    "application/sparql-results+json": ("results", "json"),
    "application/json": ("results", "json"),
    "application/sparql-results+xml": ("results", "xml"),
    "application/n-triples": ("graph", "nt"),
    "text/plain": ("graph", "nt"),  # N-Triples' media type before RDF 1.1
    "text/turtle": ("graph", "turtle"),
    "application/x-turtle": ("graph", "turtle"),
    "application/rdf+xml": ("graph", "xml"),
    "application/ld+json": ("graph", "json-ld"),
    "application/n-quads": ("graph", "nquads"),
}

_MESSAGE_MAX = 400
_TAG = re.compile(r"<[^>]+>")
_HTML = re.compile(r"<(html|head|body|title|h\d|p|pre)\b", re.I)


def _one_line(text: str, limit: int = _MESSAGE_MAX) -> str:
    """Collapse a server message (plain text, or a small HTML page: tags dropped) to one line."""
    text = text or ""
    if _HTML.search(text):
        text = _TAG.sub(" ", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def derived_update_endpoint(endpoint: str) -> str:
    """The update endpoint that goes with a query endpoint.

    Parameters
    ----------
    endpoint : str
        A SPARQL query endpoint URL.

    Returns
    -------
    str
        ``.../update`` for an endpoint ending in ``/query`` (Oxigraph server, Fuseki) or in
        ``/DS/sparql`` (Fuseki), otherwise ``endpoint`` itself (Fuseki's dataset URL and
        Virtuoso's ``/sparql`` take both).

    Examples
    --------
    >>> derived_update_endpoint("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/update'
    >>> derived_update_endpoint("http://127.0.0.1:3030/ds")
    'http://127.0.0.1:3030/ds'
    """
    base, _, last = endpoint.rstrip("/").rpartition("/")
    if last == "query" or (last == "sparql" and base.count("/") > 2):
        return base + "/update"  # Virtuoso's /sparql (at the root) takes updates itself
    return endpoint


class _Timeout(StoreError):
    """No answer in time (a write; a query raises :class:`kg.store.QueryTimeout`)."""


class RemoteStore:
    """A SPARQL 1.1 endpoint behind the :class:`kg.store.Store` interface.

    Parameters
    ----------
    endpoint : str
        The SPARQL query endpoint (``http://127.0.0.1:7878/query`` for Oxigraph server).
    update_endpoint : str, optional
        The SPARQL Update endpoint; by default :func:`derived_update_endpoint` of
        ``endpoint`` (``.../update`` for ``.../query``).
    gsp_endpoint : str, optional
        A Graph Store Protocol endpoint that answers a GET without ``graph`` parameter with
        the whole dataset as N-Quads (Oxigraph ``/store``, Fuseki ``/DS``); used by
        :meth:`dataset`. Without it, :meth:`dataset` runs ``SELECT ?g ?s ?p ?o``.
    timeout : float, optional
        Seconds to wait for the server to connect and to answer (default 30).
    union_default_graph : bool, optional
        Send Oxigraph's ``union-default-graph`` parameter with every query, so that the
        default graph is the union of the named graphs (default True). Servers that do not
        know it ignore it; configure them to use the union instead.
    session : requests.Session, optional
        HTTP session to use (auth, proxies, TLS settings); a new one by default.

    Notes
    -----
    HTTP is done with ``requests``; SPARQL results and RDF are parsed by rdflib's
    parsers. Nothing is sent until the first call.
    """

    #: other clients of the server may write to it meanwhile (:attr:`kg.store_base.Store.sole_writer`)
    sole_writer = False

    def __init__(self, endpoint: str, update_endpoint: str | None = None,
                 gsp_endpoint: str | None = None, timeout: float = 30, *,
                 union_default_graph: bool = True, session: requests.Session | None = None) -> None:
        if not re.match(r"^https?://[^/\s]+", endpoint or ""):
            raise StoreError(f"{endpoint!r}: not an http(s) SPARQL endpoint URL")
        self.endpoint = self.name = endpoint
        self.update_endpoint = update_endpoint or derived_update_endpoint(endpoint)
        self.gsp_endpoint = gsp_endpoint
        self.timeout = float(timeout)
        self.union_default_graph = union_default_graph
        self._session = session or requests.Session()
        self._own_session = session is None

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint!r})"

    # ------------------------------------------------------------------ HTTP

    def _post(self, url: str, timeout: float | None, **kwargs) -> requests.Response:
        """POST (or GET with ``method='GET'``); network problems become one-line StoreErrors."""
        method = kwargs.pop("method", "POST")
        t = self.timeout if timeout is None else float(timeout)
        try:
            return self._session.request(method, url, timeout=t, **kwargs)
        except requests.Timeout:
            raise _Timeout(f"{url}: no answer within {t:g} s") from None
        except requests.ConnectionError as e:
            raise StoreError(f"{url}: cannot connect ({_reason(e)})") from None
        except requests.RequestException as e:
            raise StoreError(f"{url}: {_one_line(str(e))}") from None

    @staticmethod
    def _http_error(url: str, resp: requests.Response) -> StoreError:
        msg = _one_line(resp.text)
        return StoreError(f"{url}: HTTP {resp.status_code} {resp.reason}" + (f": {msg}" if msg else ""))

    # ------------------------------------------------------------------ query

    def query(self, sparql: str, timeout: float | None = None, max_rows: int | None = None) -> QueryResult:
        """Run a SPARQL 1.1 query on the endpoint.

        The prefixes of :data:`kg.store.SPARQL_PREFIXES` that the query does not declare are
        prepended (:func:`kg.store.with_prefixes`); line numbers in error messages are given
        for the query as written.

        Parameters
        ----------
        sparql : str
            A SELECT, ASK, CONSTRUCT or DESCRIBE query.
        timeout : float, optional
            Seconds to wait for the answer; the store's ``timeout`` by default.
        max_rows : int, optional
            Keep at most this many rows (or CONSTRUCT triples); ``truncated`` tells. The
            whole answer is still transferred (add a ``LIMIT`` to spare the server).

        Returns
        -------
        QueryResult
            ``kind`` ``"select"`` (``variables``, ``rows`` of rdflib terms, None for
            unbound), ``"ask"`` (``boolean``) or ``"graph"`` (``graph``, an rdflib Graph).

        Raises
        ------
        QueryError
            A request :func:`kg.guard.check_query` refuses (update, ``SERVICE``, too long
            or deep), or the server rejected the query (HTTP 400): ``malformed SPARQL: `` and the
            server's message, e.g. Oxigraph's ``error at 1:25: expected ...`` given as
            ``line 1, column 25: expected ...``.
        QueryTimeout
            No answer within ``timeout`` seconds.
        StoreError
            Unreachable endpoint, any other HTTP error, or an answer that cannot be parsed.
        """
        from kg.guard import check_query

        check_query(sparql)  # the same refusals as the embedded stores (updates, SERVICE, size)
        text = with_prefixes(sparql)
        shift = 0 if text == sparql else text.count("\n") - sparql.count("\n")
        data = {"query": text}
        if self.union_default_graph:
            data["union-default-graph"] = ""
        t = self.timeout if timeout is None else float(timeout)
        try:
            resp = self._post(self.endpoint, t, data=data, headers={"Accept": QUERY_ACCEPT})
        except _Timeout:
            raise QueryTimeout(f"{self.endpoint}: query timed out after {t:g} s") from None
        if resp.status_code == 400:
            msg = _position(_one_line(resp.text), shift) or "the server rejected the query (HTTP 400)"
            raise QueryError("malformed SPARQL: " + msg)
        if resp.status_code != 200:
            raise self._http_error(self.endpoint, resp)
        return _truncate(self._parse_answer(resp), max_rows)

    def _parse_answer(self, resp: requests.Response) -> QueryResult:
        ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
        kind, fmt = _RESULT_FORMATS.get(ctype, (None, None))
        if kind is None:
            raise StoreError(f"{self.endpoint}: unexpected answer type {ctype or '(none)'!r}")
        try:
            if kind == "graph":
                g = Graph()
                g.parse(data=resp.content, format=fmt)
                return QueryResult(kind="graph", graph=g)
            res = Result.parse(io.BytesIO(resp.content), format=fmt)
        except Exception as e:  # noqa: BLE001 - rdflib's parsers raise many types
            raise StoreError(f"{self.endpoint}: cannot parse the {ctype} answer: {_one_line(str(e), 200)}") from None
        if res.type == "ASK":
            return QueryResult(kind="ask", boolean=bool(res.askAnswer))
        variables = [str(v) for v in (res.vars or [])]
        rows = [tuple(b.get(v) for v in res.vars) for b in res.bindings] if res.vars else []
        return QueryResult(kind="select", variables=variables, rows=rows)

    # ------------------------------------------------------------------ update

    def update(self, sparql: str, timeout: float | None = None) -> None:
        """Send one SPARQL 1.1 Update request (applied by the server as one transaction).

        Parameters
        ----------
        sparql : str
            The update request (one or more operations separated by ``;``).
        timeout : float, optional
            Seconds to wait; the store's ``timeout`` by default.

        Raises
        ------
        QueryError
            The server rejected the request as malformed (HTTP 400).
        StoreError
            Unreachable endpoint, timeout or another HTTP error (e.g. 403 for a read-only
            endpoint such as ``nufuz serve``).
        """
        resp = self._post(self.update_endpoint, timeout, data=sparql.encode("utf-8"),
                          headers={"Content-Type": "application/sparql-update; charset=utf-8"})
        if resp.status_code == 400:
            raise QueryError("malformed SPARQL Update: "
                             + (_position(_one_line(resp.text), 0) or "the server rejected it (HTTP 400)"))
        if resp.status_code not in (200, 204):
            raise self._http_error(self.update_endpoint, resp)

    def replace_graphs(self, graphs: dict) -> None:
        """Replace named graphs in ONE update request (atomic on the server).

        Parameters
        ----------
        graphs : dict
            ``{graph IRI (str or URIRef): rdflib.Graph or iterable of (s, p, o)}``. Each named
            graph's previous content is dropped, then the given triples are inserted.

        Raises
        ------
        StoreError
            A term cannot be written (an IRI that is not valid), or the server did not
            apply the request (unreachable, timeout, rejected); the store is then as it was.
        """
        if not graphs:
            return
        try:
            text = update_request(graphs)
        except ValueError as e:
            raise StoreError(f"{self.update_endpoint}: {e}") from None
        try:
            self.update(text)
        except QueryError as e:
            raise StoreError(f"{self.update_endpoint}: the server rejected the write, nothing was written ({e})") from None

    # ------------------------------------------------------------------ reading the whole store

    def graph_names(self) -> list[str]:
        """The IRIs of the named graphs, sorted.

        Returns
        -------
        list of str

        Raises
        ------
        StoreError
        """
        res = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(str(r[0]) for r in res.rows if r[0] is not None)

    def __len__(self) -> int:
        """Number of quads in the named graphs (one ``COUNT`` query)."""
        res = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(res.rows[0][0]) if res.rows and res.rows[0][0] is not None else 0

    def dataset(self) -> Dataset:
        """The named graphs of the store as an rdflib Dataset.

        Returns
        -------
        rdflib.Dataset
            One graph per named graph of the endpoint, ``default_union=True`` like the
            other backends (the endpoint's own default graph is not read: with a union
            default graph it cannot be told apart).

        Raises
        ------
        StoreError
            Unreachable endpoint, HTTP error, or an answer that cannot be parsed.
        """
        ds = bind_prefixes(Dataset(default_union=True))
        if self.gsp_endpoint:
            resp = self._post(self.gsp_endpoint, None, method="GET", headers={"Accept": "application/n-quads"})
            if resp.status_code != 200:
                raise self._http_error(self.gsp_endpoint, resp)
            try:
                ds.parse(data=resp.content, format="nquads")
            except Exception as e:  # noqa: BLE001
                raise StoreError(f"{self.gsp_endpoint}: cannot parse the N-Quads answer: {_one_line(str(e), 200)}") from None
            return ds
        res = self.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        for g, s, p, o in res.rows:
            ds.graph(URIRef(str(g))).add((s, p, o))
        return ds

    def close(self) -> None:
        """Close the HTTP session (when the store made it)."""
        if self._own_session:
            self._session.close()

    def __enter__(self) -> "RemoteStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def update_request(graphs: dict) -> str:
    """The SPARQL Update text that replaces the given named graphs.

    Parameters
    ----------
    graphs : dict
        ``{graph IRI: rdflib.Graph or iterable of (s, p, o) rdflib terms}``; an
        :class:`kg.store.Additions` value is inserted without dropping the graph first,
        after its ``removed`` triples are deleted (``DELETE DATA``).

    Returns
    -------
    str
        ``DROP SILENT GRAPH <g1> ; DROP SILENT GRAPH <g2> ; INSERT DATA { GRAPH <g1> { ... }
        GRAPH <g2> { ... } }``: one request, so that the server applies it as one
        transaction; blank nodes keep their labels across the graphs of one call.

    Raises
    ------
    ValueError
        A graph name or term that cannot be written in SPARQL (e.g. an IRI with a space).

    Examples
    --------
    >>> from rdflib import Literal
    >>> print(update_request({"http://ex/g": [(URIRef("http://ex/a"), URIRef("http://ex/p"), Literal("x"))]}))
    DROP SILENT GRAPH <http://ex/g> ;
    INSERT DATA {
    GRAPH <http://ex/g> {
    <http://ex/a> <http://ex/p> "x" .
    }
    }
    """
    drops, blocks, gone = [], [], []
    for name, triples in graphs.items():
        g = _n3(URIRef(str(name)))
        if not isinstance(triples, Additions):  # triples added to what the graph holds
            drops.append(f"DROP SILENT GRAPH {g} ;")
        elif triples.removed:
            lines = [f"{_n3(s)} {_n3(p)} {_n3(o)} ." for s, p, o in triples.removed]
            gone.append(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}")
        lines = [f"{_n3(s)} {_n3(p)} {_n3(o)} ." for s, p, o in _triples(triples)]
        if lines:
            blocks.append(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}")
    if gone:
        drops.append("DELETE DATA {\n" + "\n".join(gone) + "\n} ;")
    text = "\n".join(drops)
    if blocks:
        return text + "\nINSERT DATA {\n" + "\n".join(blocks) + "\n}"
    return text.rstrip(" ;")


def _triples(triples) -> Iterable[tuple]:
    return triples.triples((None, None, None)) if isinstance(triples, Graph) else triples


def _n3(term) -> str:
    try:
        return term.n3()
    except Exception as e:  # noqa: BLE001 - rdflib raises a bare Exception for bad IRIs
        raise ValueError(f"cannot write {str(term)!r} in SPARQL: {_one_line(str(e), 200)}") from None


_ERROR_AT = re.compile(r"^error at (\d+):(\d+):\s*")
_LINE = re.compile(r"(?i)\b(line:?\s*)(\d+)")


def _position(msg: str, shift: int) -> str:
    """A server's parser message with its position as ``line L, column C`` of the query as written.

    ``shift`` lines were prepended (the predeclared prefixes) and are taken off. Oxigraph's
    ``error at L:C: ...`` and the ``line N`` of Jena/Fuseki, RDF4J/GraphDB and Virtuoso
    messages are recognised; other messages are returned as they are.
    """
    m = _ERROR_AT.match(msg)
    if m:
        return f"line {max(1, int(m.group(1)) - shift)}, column {m.group(2)}: " + msg[m.end():]
    if shift:
        return _LINE.sub(lambda k: k.group(1) + str(max(1, int(k.group(2)) - shift)), msg, count=1)
    return msg


def _truncate(res: QueryResult, max_rows: int | None) -> QueryResult:
    """Keep ``max_rows`` rows (or triples) of a result; ``truncated`` tells."""
    if max_rows is None or max_rows < 0:
        return res
    if res.kind == "select" and len(res.rows) > max_rows:
        res.rows, res.truncated = res.rows[:max_rows], True
    elif res.kind == "graph" and res.graph is not None and len(res.graph) > max_rows:
        g = Graph()
        for i, t in enumerate(res.graph):
            if i >= max_rows:
                break
            g.add(t)
        res.graph, res.truncated = g, True
    return res


def _reason(exc: Exception) -> str:
    """The innermost cause of a requests connection error, e.g. ``Connection refused``."""
    text = str(exc)
    m = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", text) or re.search(r"(Connection refused|Name or service not known"
                                                                     r"|No route to host|timed out)", text)
    if m:
        return m.group(1).strip().rstrip(".")
    return _one_line(text, 160)
