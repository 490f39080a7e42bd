"""The HTML pages of ``nufuz serve`` (:mod:`kg.server`): the overview at ``/`` and the SPARQL
query form at ``/query``.

Both pages are plain server-rendered HTML: no script, no remote resource (a
Content-Security-Policy of ``default-src 'none'`` says so to the browser), every value from the
store escaped (:func:`html.escape`) with bidirectional control characters removed
(:func:`strip_bidi`, the same as :func:`visualizations.bidi.strip_bidi`, which this module
does not import: ``kg/`` depends on no page code).

The overview is made from bounded SPARQL queries (:func:`overview_queries`), never from the
whole store: the ``top`` entities that are the subject or object of the most statements
(``LIMIT top``), their labels and types (a ``VALUES`` block of those entities), and the
statements among them grouped by (subject, predicate, object) (``LIMIT edges``). Each query is
run by the caller through the server's guarded path (:func:`kg.guard.check_query`, worker
processes with a timeout), so the page costs three indexed queries however large the store is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from rdflib import Literal, URIRef

from extractors.text import BIDI_CONTROLS
from kg.namespaces import compact
from kg.store_base import QueryResult

_BIDI_TABLE = dict.fromkeys(map(ord, BIDI_CONTROLS))


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional control characters (:data:`extractors.text.BIDI_CONTROLS`:
    embeddings, overrides, isolates, directional marks); every other character is kept.

    >>> strip_bidi("invoice\u202egnp.exe")
    'invoicegnp.exe'
    """
    return text.translate(_BIDI_TABLE) if text else text

#: Entities on the overview (the most frequent subjects/objects of statements).
OVERVIEW_TOP = 40
#: Most (subject, predicate, object) rows among them on the overview.
OVERVIEW_EDGES = 200
#: Most rows of a query result drawn as an HTML table on the query page.
TABLE_ROWS = 1000

_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; "
        "base-uri 'none'; form-action 'self'")
_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.2em;color:#1a1a1a;background:#fff}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #bbb;padding:.2em .5em;
text-align:start;vertical-align:top}th{background:#eee}textarea{width:100%;font-family:monospace}
.error{color:#8b0000;background:#fff0f0;border:1px solid #8b0000;padding:.5em;white-space:pre-wrap}
.note{color:#444}nav a{margin-inline-end:1em}
"""


def _page(title: str, body: str, graph: bool = True) -> bytes:
    """A whole HTML document (UTF-8 bytes) around ``body`` (already escaped HTML); ``graph``:
    whether the navigation links the interactive graph page (the server has a renderer)."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_CSP}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{escape(strip_bidi(title))}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        "<nav><a href=\"/\">Overview</a><a href=\"/query\">SPARQL query form</a>"
        + ("<a href=\"/graph\">Interactive graph (whole store)</a>" if graph else "") + "</nav>\n"
        f"{body}</body>\n</html>\n"
    ).encode("utf-8")


def _cell(term) -> str:
    """One RDF term as escaped table-cell HTML: IRIs compacted with the project prefixes
    (:func:`kg.namespaces.compact`), literals as their text (``dir="auto"``, the language
    tag as ``lang``)."""
    if term is None:
        return "<td></td>"
    if isinstance(term, Literal):
        lang = f' lang="{escape(term.language)}"' if term.language else ""
        return f'<td dir="auto"{lang}>{escape(strip_bidi(str(term)))}</td>'
    text = compact(term) if isinstance(term, URIRef) else str(term)
    return f"<td>{escape(strip_bidi(text))}</td>"


def _values(iris) -> str:
    return " ".join(f"<{i}>" for i in iris)


# --------------------------------------------------------------------------- overview

@dataclass
class OverviewEntity:
    """One entity of the overview: its IRI, statement count, labels and types."""

    iri: URIRef
    statements: int
    label_en: str = ""
    label_ar: str = ""
    types: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """English label, else Arabic label, else the compact IRI."""
        return self.label_en or self.label_ar or compact(self.iri)


@dataclass
class Overview:
    """The bounded overview of a store.

    Attributes
    ----------
    entities : list[OverviewEntity]
        At most ``top`` entities, most statements first.
    edges : list[tuple[URIRef, URIRef, URIRef, int]]
        At most ``edges`` rows (subject, predicate, object, statement count) among them.
    rows : int
        Rows the overview queries returned in all: at most ``top`` + the distinct labels
        and types of those entities + ``edges``.
    """

    entities: list[OverviewEntity]
    edges: list[tuple[URIRef, URIRef, URIRef, int]]
    rows: int = 0


def top_entities_query(top: int = OVERVIEW_TOP) -> str:
    """SPARQL for the ``top`` IRIs that are the subject or object of the most statements
    (``?e ?n``, most first). The predeclared prefixes of :data:`kg.store.SPARQL_PREFIXES` are
    used."""
    # isIRI after the grouping: once per entity, not once per statement (a third faster)
    return ("SELECT ?e ?n WHERE {\n  { SELECT ?e (COUNT(DISTINCT ?st) AS ?n) WHERE {\n"
            "    { ?st rdf:subject ?e } UNION { ?st rdf:object ?e }\n  } GROUP BY ?e }\n"
            f"  FILTER(isIRI(?e))\n}} ORDER BY DESC(?n) ?e LIMIT {int(top)}")


def labels_query(iris) -> str:
    """SPARQL for the ``skos:prefLabel``\\ s and ``rdf:type``\\ s of the given entity IRIs
    (``?e ?k ?v``, ``?k`` ``"label"`` or ``"type"``), distinct rows."""
    return ("SELECT DISTINCT ?e ?k ?v WHERE {\n"
            f"  VALUES ?e {{ {_values(iris)} }}\n"
            "  { ?e skos:prefLabel ?v BIND(\"label\" AS ?k) } UNION { ?e a ?v BIND(\"type\" AS ?k) }\n}")


def edges_query(iris, limit: int = OVERVIEW_EDGES) -> str:
    """SPARQL for the statements whose subject and object are both among ``iris``, grouped
    by (subject, predicate, object) with their count (``?s ?p ?o ?n``, most first,
    ``LIMIT limit``)."""
    # one VALUES block and a filter: two VALUES blocks make Oxigraph join their product
    # with a scan (a quarter slower here, far more with more entities)
    inside = ", ".join(f"<{i}>" for i in iris)
    return ("SELECT ?s ?p ?o (COUNT(DISTINCT ?st) AS ?n) WHERE {\n"
            f"  VALUES ?s {{ {_values(iris)} }}\n"
            "  ?st rdf:subject ?s ; rdf:object ?o ; rdf:predicate ?p .\n"
            f"  FILTER(?o IN ({inside}))\n"
            f"}} GROUP BY ?s ?p ?o ORDER BY DESC(?n) ?s ?p ?o LIMIT {int(limit)}")


def overview_queries(run, top: int = OVERVIEW_TOP, edges: int = OVERVIEW_EDGES) -> Overview:
    """The overview of a store from three bounded queries.

    Parameters
    ----------
    run : callable
        ``run(sparql) -> QueryResult``; raises on failure (the server passes its guarded
        query path).
    top, edges : int
        Entities and (subject, predicate, object) rows to keep.

    Returns
    -------
    Overview
    """
    res = run(top_entities_query(top))
    ents = [OverviewEntity(e, int(n)) for e, n in res.rows if e is not None]
    nrows = len(res.rows)
    if not ents:
        return Overview([], [], nrows)
    by_iri = {e.iri: e for e in ents}
    lab = run(labels_query(by_iri))
    nrows += len(lab.rows)
    for e, k, v in lab.rows:
        ent = by_iri.get(e)
        if ent is None or v is None:
            continue
        if str(k) == "type":
            name = compact(v)
            if name not in ent.types:
                ent.types.append(name)
        elif isinstance(v, Literal) and v.language == "en" and not ent.label_en:
            ent.label_en = str(v)
        elif isinstance(v, Literal) and v.language == "ar" and not ent.label_ar:
            ent.label_ar = str(v)
    res = run(edges_query(by_iri, edges))
    nrows += len(res.rows)
    rows = [(s, p, o, int(n)) for s, p, o, n in res.rows]
    return Overview(ents, rows, nrows)


def overview_page(ov: Overview | None, title: str, error: str | None = None,
                  graph: bool = True) -> bytes:
    """The ``/`` page: the overview's tables (or ``error``), with links to the query form.

    Parameters
    ----------
    ov : Overview or None
        None when the overview queries failed (``error`` says why).
    title : str
        Page title (escaped).
    error : str, optional
        Shown instead of the tables.
    graph : bool
        Link the interactive graph page (``/graph``) in the navigation.

    Returns
    -------
    bytes
        The HTML document, UTF-8.
    """
    parts = [f"<h1 dir=\"auto\">{escape(strip_bidi(title))}</h1>\n",
             "<p>Read-only SPARQL endpoint at <code>/sparql</code>; ask it anything in the "
             "<a href=\"/query\">SPARQL query form</a>.</p>\n"]
    if error is not None or ov is None:
        parts.append(f"<p class=\"error\" role=\"alert\">overview unavailable: {escape(strip_bidi(error or ''))}</p>\n")
        return _page(title, "".join(parts), graph)
    if not ov.entities:
        parts.append("<p id=\"nz-empty\">The store has no statements yet.</p>\n")
        return _page(title, "".join(parts), graph)
    names = {e.iri: e.name for e in ov.entities}
    parts.append(f"<h2>Most mentioned entities</h2>\n<p class=\"note\">The {len(ov.entities)} entities "
                 "that are the subject or object of the most statements.</p>\n<table id=\"nz-entities\">"
                 "<tr><th>entity</th><th>English</th><th>Arabic</th><th>type</th><th>statements</th></tr>\n")
    for e in ov.entities:
        parts.append(f"<tr><td>{escape(compact(e.iri))}</td><td>{escape(strip_bidi(e.label_en))}</td>"
                     f"<td dir=\"rtl\" lang=\"ar\">{escape(strip_bidi(e.label_ar))}</td>"
                     f"<td>{escape(', '.join(e.types))}</td><td>{e.statements}</td></tr>\n")
    parts.append("</table>\n")
    parts.append(f"<h2>Statements among them</h2>\n<p class=\"note\">{len(ov.edges)} (subject, predicate, object) "
                 "rows, most statements first (every mode counted).</p>\n<table id=\"nz-edges\">"
                 "<tr><th>subject</th><th>predicate</th><th>object</th><th>statements</th></tr>\n")
    for s, p, o, n in ov.edges:
        parts.append(f"<tr><td dir=\"auto\">{escape(strip_bidi(names.get(s, compact(s))))}</td>"
                     f"<td>{escape(compact(p))}</td>"
                     f"<td dir=\"auto\">{escape(strip_bidi(names.get(o, compact(o))))}</td><td>{n}</td></tr>\n")
    parts.append("</table>\n")
    return _page(title, "".join(parts), graph)


# --------------------------------------------------------------------------- query form

def query_page(examples: dict, query: str = "", result: QueryResult | None = None,
               error: str | None = None, max_rows: int = TABLE_ROWS, title: str = "nufuz store",
               graph: bool = True) -> bytes:
    """The ``/query`` page: a form (textarea, the library's example queries to load) and the
    result of the submitted query as a table, or one error.

    Parameters
    ----------
    examples : dict[str, kg.query.LibraryQuery]
        The query library (:func:`kg.query.library`), offered in a list; loading one fills the
        textarea (a GET of ``/query?example=NAME``, no script).
    query : str
        The text shown in the textarea.
    result : QueryResult, optional
        SELECT rows (at most ``max_rows`` drawn), an ASK answer, or CONSTRUCT/DESCRIBE triples.
    error : str, optional
        Shown as the page's one error message (``role="alert"``).
    max_rows : int
        Most table rows drawn.
    title : str
        The store's title.
    graph : bool
        Link the interactive graph page (``/graph``) in the navigation.

    Returns
    -------
    bytes
        The HTML document, UTF-8.
    """
    opts = "".join(f"<option value=\"{escape(q.name)}\">{escape(q.name)}: {escape(q.title)}</option>"
                   for q in examples.values())
    parts = [
        "<h1>SPARQL query</h1>\n",
        "<form method=\"get\" action=\"/query\"><label for=\"nz-example\">Example query</label> "
        f"<select id=\"nz-example\" name=\"example\">{opts}</select> <button type=\"submit\">Load</button></form>\n",
        "<form method=\"get\" action=\"/query\"><p><label for=\"nz-query\">Query (read-only; prefixes nz, nzr, "
        "skos, schema, prov, owl, rdfs, rdf, xsd, dcterms are predeclared)</label></p>\n"
        f"<textarea id=\"nz-query\" name=\"query\" rows=\"16\" spellcheck=\"false\">{escape(query)}</textarea>\n"
        "<p><button type=\"submit\">Run</button></p></form>\n",
    ]
    if error is not None:
        parts.append(f"<p class=\"error\" role=\"alert\">{escape(strip_bidi(error))}</p>\n")
    elif result is not None:
        parts.append(_result_html(result, max_rows))
    return _page(f"SPARQL query: {title}", "".join(parts), graph)


def _result_html(res: QueryResult, max_rows: int) -> str:
    """A result as an escaped HTML table (or the ASK answer)."""
    if res.kind == "ask":
        return f"<p id=\"nz-answer\">ASK: <strong>{'true' if res.boolean else 'false'}</strong></p>\n"
    if res.kind == "graph":
        head = ["subject", "predicate", "object"]
        rows = list(res.graph) if res.graph is not None else []
    else:
        head, rows = list(res.variables), res.rows
    shown = rows[:max_rows] if max_rows > 0 else rows
    out = [f"<p id=\"nz-count\">{len(rows)} {'triples' if res.kind == 'graph' else 'rows'}"]
    if res.truncated or len(shown) < len(rows):
        out.append(f" (cut: the first {len(shown)} are shown)")
    out.append("</p>\n<table id=\"nz-result\"><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>\n")
    for row in shown:
        out.append("<tr>" + "".join(_cell(t) for t in row) + "</tr>\n")
    out.append("</table>\n")
    return "".join(out)
