"""``nufuz`` commands of the researchers' side (store, query, serve); registered on
:data:`kg.cli_common.app` when :mod:`kg.cli` imports this module."""


# --------------------------------------------------------------------------- nufuz serve
# (kg/server.py: a read-only SPARQL 1.1 Protocol endpoint and the HTML graph of a store)
from pathlib import Path as _ServePath  # noqa: E402
from typing import Annotated as _ServeAnnotated, Optional as _ServeOptional  # noqa: E402

import typer as _serve_typer  # noqa: E402

from kg.cli_common import app as _serve_app  # noqa: E402


def graph_page(store, title: str) -> bytes:
    """The explorer page of a store as UTF-8 bytes, as ``nufuz view --store`` writes it
    without a focus and with its default limits (:data:`kg.cli_views.VIEW_MAX_ENTITIES`
    entities, those with the most article edges; :data:`kg.cli_views.VIEW_MAX_EVIDENCE`
    statements with their evidence per relation), read by queries
    (:func:`kg.analytics_store.overview_index`, not the whole store): the page renderer
    ``nufuz serve`` hands to :class:`kg.server.SparqlServer` for ``/graph``.

    Parameters
    ----------
    store : kg.store.Store
        The served store.
    title : str
        Page title.

    Returns
    -------
    bytes
        The HTML document.

    Raises
    ------
    kg.store.StoreError
        The store failed while it was read.
    """
    from kg.analytics_store import overview_index
    from kg.cli_views import VIEW_MAX_ENTITIES, VIEW_MAX_EVIDENCE
    from visualizations.explorer import explorer_data
    from visualizations.html import page_html

    model = explorer_data(overview_index(store, VIEW_MAX_ENTITIES), title=title, max_entities=VIEW_MAX_ENTITIES,
                          max_evidence=VIEW_MAX_EVIDENCE, clean=False)
    return page_html(model).encode("utf-8")


@_serve_app.command("serve")
def serve_cmd(
    data: _ServeAnnotated[_ServeOptional[_ServePath], _serve_typer.Argument(
        help="A built dataset (.trig, .nq, .ttl, .jsonld) to serve instead of --store.",
        show_default=False)] = None,
    store: _ServeAnnotated[_ServeOptional[_ServePath], _serve_typer.Option(
        "--store", "-s", help="Store directory (embedded Oxigraph), opened read-only.",
        show_default=False)] = None,
    port: _ServeAnnotated[int, _serve_typer.Option(
        "--port", "-p", min=0, max=65535, help="TCP port (0 picks a free one).")] = 7878,
    host: _ServeAnnotated[str, _serve_typer.Option(
        "--host", help="Interface to listen on; the default answers this machine only.")] = "127.0.0.1",
    timeout: _ServeAnnotated[float, _serve_typer.Option(
        "--timeout", min=0.01, help="Seconds a query may run before it gets 503.")] = 10.0,
    max_rows: _ServeAnnotated[int, _serve_typer.Option(
        "--max-rows", min=0, help="Most rows (CONSTRUCT: triples) in an answer; 0 = no limit.")] = 10000,
    workers: _ServeAnnotated[int, _serve_typer.Option(
        "--workers", min=1, max=64, help="Queries answered at the same time (worker processes; one that "
        "passes --timeout is killed and replaced).")] = 4,
    threads: _ServeAnnotated[int, _serve_typer.Option(
        "--threads", min=1, max=256, help="Requests handled at the same time (waitress threads; "
        "further requests wait their turn).")] = 4,
    channel_timeout: _ServeAnnotated[int, _serve_typer.Option(
        "--channel-timeout", min=1, help="Seconds after which an idle connection (or a half-sent "
        "request) is closed.")] = 60,
    cors_origin: _ServeAnnotated[_ServeOptional[list[str]], _serve_typer.Option(
        "--cors-origin", help="Origin whose browser pages may query the endpoint (CORS); repeat for "
        "several; 'none' sends no CORS headers. Default: any origin (*).", show_default=False)] = None,
    quiet: _ServeAnnotated[bool, _serve_typer.Option("--quiet", "-q", help="No request log.")] = False,
) -> None:
    """Serve a store read-only over HTTP: SPARQL 1.1 at /sparql, the HTML graph at /.

    Queries: GET /sparql?query=... or POST (a form, or application/sparql-query).

    Answers: JSON, CSV, TSV or XML (SELECT, ASK); Turtle or N-Triples (CONSTRUCT); by Accept.

    SPARQL Update and SERVICE are refused (403); queries too long or too deeply nested get
    413/400; a query past --timeout gets 503 and its worker process is killed. HEAD and OPTIONS
    are answered; answers carry CORS headers (any origin, or those of --cors-origin). Served by
    waitress. Stop with Ctrl-C.
    """
    import logging
    import signal
    import sys

    from kg.cli_common import _fail, err
    from kg.server import SparqlServer
    from kg.store import MemoryStore, StoreError, open_store

    if (data is None) == (store is None):
        _fail("give a store directory (--store DIR) or a dataset FILE to serve" if data is None
              else "give either --store DIR or a dataset FILE, not both")
    try:
        st = open_store(store, read_only=True) if store is not None else MemoryStore.from_file(data)
    except StoreError as e:
        _fail(str(e))
    try:
        origins = ["*"] if not cors_origin else [o for o in cors_origin if o.strip().lower() != "none"]
        server = SparqlServer(st, host, port, timeout=timeout, max_rows=max_rows, workers=workers,
                              title=f"nufuz: {store or data}", log_requests=not quiet, threads=threads,
                              channel_timeout=channel_timeout, cors_origins=origins,
                              render_graph=graph_page)
    except OSError as e:
        st.close()
        _fail(f"cannot listen on {host}:{port}: {e.strerror or e}")
    except StoreError as e:  # a worker process could not open the store
        st.close()
        _fail(str(e))
    if not quiet:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
        logging.getLogger("kg.server").addHandler(handler)
        logging.getLogger("kg.server").setLevel(logging.INFO)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning:[/yellow] listening on {host}: other machines can query this store "
                  "(no authentication)", soft_wrap=True, markup=True, highlight=False)
    # plain print + flush: the first line tells scripts (and tests) the URL even through a pipe
    from kg.cli_common import printable

    # a file was read whole: its size is known; a store is not counted (a scan of every quad,
    # 0.15 s per million, before the first answer)
    size = f" ({len(st)} quads)" if store is None else ""
    print(f"nufuz serve: {printable(store or data)}{size} -- SPARQL endpoint {server.sparql_url} , "
          f"overview {server.url} , query form {server.url}query ; Ctrl-C to stop", flush=True)

    def _stop(signum, frame):  # SIGTERM stops like Ctrl-C
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("nufuz serve: stopped", flush=True)
    finally:
        server.server_close()
        st.close()


# --------------------------------------------------------------------------- nufuz query
# and the store side of ``nufuz build --store`` / ``nufuz validate --store`` (kg/store.py,
# kg/query.py, the query library kg/queries/*.rq)
from pathlib import Path as _QPath  # noqa: E402
from typing import Annotated as _QAnnotated, Optional as _QOptional  # noqa: E402

import typer as _q_typer  # noqa: E402

from kg.cli_common import app as _q_app  # noqa: E402

_FORMATS = ("table", "csv", "tsv", "json")
#: Seconds ``nufuz query`` lets a query run by default (``--timeout``).
DEFAULT_QUERY_TIMEOUT = 60.0


def open_for_build(store: _QOptional[_QPath] = None, endpoint: _QOptional[str] = None):
    """Open the store a build will write to, or print one error line and exit 1.

    Run before the (long) extraction, so that a locked, corrupt or unreachable store is
    reported at once; an embedded store stays open (and locked) until
    the build closes it (when it is written, or when it stops before
    writing), so a second build into it is refused at once rather than after its
    extraction. An embedded store directory is created when missing.

    Returns
    -------
    Store
    """
    from kg.cli_common import _fail
    from kg.store import StoreError, open_store

    try:
        return open_store(store, endpoint)
    except StoreError as e:
        _fail(str(e))


def _cell(term) -> str:
    from rdflib import Literal

    from kg.namespaces import compact

    if term is None:
        return ""
    if isinstance(term, Literal):
        return str(term)
    return compact(term)


@_q_app.command("query")
def query_cmd(
    sparql: _QAnnotated[_QOptional[str], _q_typer.Argument(
        help="A SPARQL query ('-' reads it from stdin).", show_default=False)] = None,
    file: _QAnnotated[_QOptional[_QPath], _q_typer.Option(
        "--file", "-f", help="Read the query from a .rq file.", show_default=False)] = None,
    name: _QAnnotated[_QOptional[str], _q_typer.Option(
        "--query", "-q", help="Run a query of the library by name (see --list).", show_default=False)] = None,
    list_: _QAnnotated[bool, _q_typer.Option("--list", help="List the query library and exit.")] = False,
    store: _QAnnotated[_QOptional[_QPath], _q_typer.Option(
        "--store", "-s", help="Store directory (embedded Oxigraph), opened read-only.", show_default=False)] = None,
    endpoint: _QAnnotated[_QOptional[str], _q_typer.Option(
        "--endpoint", "-e", help="A SPARQL 1.1 endpoint URL.", show_default=False)] = None,
    data: _QAnnotated[_QOptional[_QPath], _q_typer.Option(
        "--data", "-d", help="A dataset file (.trig, .nq, .ttl, .jsonld) queried in memory.",
        show_default=False)] = None,
    fmt: _QAnnotated[str, _q_typer.Option(
        "--format", "-F", help="table, csv, tsv or json (CONSTRUCT/DESCRIBE: always Turtle).")] = "table",
    param: _QAnnotated[_QOptional[list[str]], _q_typer.Option(
        "--param", "-p", help="NAME=VALUE for a `VALUES ?NAME { UNDEF }` slot: an entity label "
        "(English/Arabic), nzr: id, IRI or Q-id. Repeatable.", show_default=False)] = None,
    timeout: _QAnnotated[float, _q_typer.Option(
        "--timeout", min=0, help="Seconds before the query is stopped (its worker process killed); "
        "0 = no limit.")] = DEFAULT_QUERY_TIMEOUT,
    show: _QAnnotated[bool, _q_typer.Option(
        "--show", help="Print the query (parameters filled in) instead of running it.")] = False,
) -> None:
    """Run SPARQL over a store (--store DIR), an endpoint (--endpoint URL) or a file (--data).

    The prefixes nz nzr skos schema prov owl rdfs rdf xsd dcterms wd are predeclared. The
    default graph is the union of all graphs. A malformed query prints the parser's message
    with its line and column and exits 1.

    Read-only and local: updates (INSERT, DELETE, LOAD...) and federated queries (SERVICE)
    are refused, and so are queries too long or too deeply nested for the engine. A query
    over a store or a file runs in a worker process that is killed after --timeout seconds
    (default 60).
    """
    from rich.table import Table
    from rich.text import Text

    from kg.cli_common import _fail, out
    from kg.query import ParamError, format_result, library, library_query, open_for_query, run_query
    from kg.store import QueryError, StoreError

    if list_:
        t = Table("name", "parameters", "what", box=None, pad_edge=False)
        for q in library().values():
            t.add_row(Text(q.name), Text(", ".join(k if k in q.required else f"[{k}]" for k in q.params)
                                         or "-"), Text(q.title))
        out.print(t)
        out.print("run one: nufuz query -q NAME --store DIR --param NAME=VALUE...; [optional] "
                  "parameters may be left out; files: kg/queries/NAME.rq", markup=False, highlight=False,
                  soft_wrap=True)
        return
    if fmt not in _FORMATS:
        _fail(f"unknown --format {fmt!r} (table, csv, tsv or json)")
    if name is not None and name.startswith("-"):  # `-q --store DIR`: the option took the next flag
        _fail(f"-q {name}: expected a library query name after -q (nufuz query --list shows them)")
    given = [x for x in (sparql, file, name) if x is not None]
    if len(given) != 1:
        _fail("give one query: a SPARQL string, -f FILE.rq or -q NAME (nufuz query --list shows the library)")
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            _fail(f"{file}: cannot read the query ({getattr(e, 'strerror', None) or e})")
    elif name is not None:
        try:
            text = library_query(name).text
        except KeyError as e:
            _fail(e.args[0])
    else:
        import sys

        text = sys.stdin.read() if sparql == "-" else sparql
    if not text.strip():
        _fail("empty query")
    params: dict[str, str] = {}
    for p in param or []:
        k, sep, v = p.partition("=")
        if not sep or not k.strip():
            _fail(f"--param {p!r}: expected NAME=VALUE")
        k = k.strip().lstrip("?$")
        if k in params:
            _fail(f"--param {k} given twice ({params[k]!r} and {v!r}): one value per parameter")
        params[k] = v
    if show and not params:  # nothing to look up: no store needed
        _q_typer.echo(text if text.endswith("\n") else text + "\n", nl=False)
        return
    try:
        st, close = open_for_query(store, data, endpoint)
    except StoreError as e:
        _fail(str(e))
    try:
        if show:
            from kg.query import bind_params

            shown = bind_params(text, params, st)
            _q_typer.echo(shown if shown.endswith("\n") else shown + "\n", nl=False)  # never re-wrapped
            return
        import threading

        # a worker process killed at the deadline; fork (instant, inherits a loaded file)
        # only while this process is single-threaded
        res = run_query(st, text, params=params or None, timeout=timeout or None,
                        isolate="fork" if threading.active_count() == 1 else "forkserver")
    except (QueryError, ParamError, StoreError) as e:
        _fail(str(e))
    finally:
        if close:
            st.close()
    if fmt != "table" or res.kind == "graph":
        _q_typer.echo(format_result(res, fmt), nl=False)
        return
    if res.kind == "ask":
        out.print("true" if res.boolean else "false")
        return

    from kg.cli_common import printable

    cells = [[printable(_cell(c)) for c in row] for row in res.rows]  # a value cannot drive the terminal
    # the table's width with every cell cut to at most 24 characters
    need = sum(max([len(v)] + [min(len(r[i]), 24) for r in cells]) for i, v in enumerate(res.variables)) \
        + 2 * (len(res.variables) - 1)
    if need > out.width:  # too many columns for a table: one block per row
        name_w = max(len(v) for v in res.variables)
        for i, row in enumerate(cells, 1):
            out.print(f"-- row {i}", style="dim")
            for v, c in zip(res.variables, row):
                out.print(Text(f"{v:>{name_w}}  ") + Text(c), soft_wrap=False)
        out.print(f"{len(res.rows)} row(s)" + (" (truncated)" if res.truncated else ""), style="dim")
        return
    # one line per row: long cells (evidence sentences) are cut with an ellipsis to fit the
    # terminal; -F csv/tsv/json give them whole
    t = Table(box=None, pad_edge=False, show_lines=False)
    for v in res.variables:
        t.add_column(v, no_wrap=True, overflow="ellipsis", min_width=min(len(v), 8))
    for row in cells:
        t.add_row(*(Text(c) for c in row))
    out.print(t)
    long_cells = any(len(c) > 30 for row in cells for c in row)
    out.print(f"{len(res.rows)} row(s)" + (" (truncated)" if res.truncated else "")
              + ("; long values are cut to fit: -F csv, tsv or json print them whole" if long_cells else ""),
              style="dim", soft_wrap=True)
