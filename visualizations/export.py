"""Exports of a nufuz dataset for other tools: GraphML and GEXF (Gephi, Cytoscape, yEd), a CSV
of statements (pandas, spreadsheets) and JSON-LD.

GraphML and GEXF are written by networkx from the :func:`kg.analytics.project` entity network
(typed edges: one edge per truthy ``subject predicate object``, keyed and labelled by the
predicate). The CSV has one row per ``nz:Statement`` node (negated and hypothetical ones
included; see the ``mode`` column). JSON-LD is rdflib's serializer with the nufuz prefixes as
``@context``. Every file is serialized in memory first and moved into place atomically
(:func:`atomic_write`), so a failed export never leaves a half-written file.
"""
from __future__ import annotations

import calendar
import csv
import io
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from kg.analytics import GraphIndex, project, read_graph
from kg.atomic import atomic_write
from kg.namespaces import PREFIXES, bind_prefixes

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "ExportError",
    "atomic_write",
    "export",
    "export_graph",
    "statements_csv",
    "to_gexf",
    "to_graphml",
    "to_jsonld",
    "write_export",
]

#: Export formats and the file suffix each one gets.
FORMATS: dict[str, str] = {"graphml": ".graphml", "gexf": ".gexf", "csv": ".csv",
                           "jsonld": ".jsonld"}

#: Columns of :func:`statements_csv`, in order.
CSV_COLUMNS = (
    "statement", "subject", "subject_en", "subject_ar", "predicate", "object", "object_en",
    "object_ar", "mode", "date", "start_date", "end_date", "confidence", "plover", "cameo",
    "location", "location_en", "topic", "topic_en", "evidence", "evidence_lang", "char_start",
    "char_end", "article", "source", "headline", "reported_by", "reported_by_en",
    "attributed_to",
)


class ExportError(ValueError):
    """An export that cannot be made (unknown format); one-line message."""


# --------------------------------------------------------------------------- graph formats

def _iso_bounds(dates: list[str]) -> tuple[str | None, str | None]:
    """Earliest start and latest end (xsd:date) of dates with a year; gMonthDay ignored."""
    starts, ends = [], []
    for d in dates:
        m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", d)
        if not m:
            continue
        y, mo, day = m.groups()
        if day:
            starts.append(f"{y}-{mo}-{day}")
            ends.append(f"{y}-{mo}-{day}")
        elif mo:
            if not 1 <= int(mo) <= 12:
                continue
            starts.append(f"{y}-{mo}-01")
            ends.append(f"{y}-{mo}-{calendar.monthrange(int(y), int(mo))[1]:02d}")
        else:
            starts.append(f"{y}-01-01")
            ends.append(f"{y}-12-31")
    return (min(starts) if starts else None, max(ends) if ends else None)


def export_graph(ds: Graph | GraphIndex, include_kb: bool = False) -> nx.MultiDiGraph:
    """The :func:`kg.analytics.project` network with attributes GraphML/GEXF can hold.

    Parameters
    ----------
    ds : rdflib.Dataset, rdflib.Graph or GraphIndex
    include_kb : bool
        Add the knowledge-base background facts as edges with ``kb=True``.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes (IRIs) with ``label`` (English, else Arabic), ``label_en``, ``label_ar``,
        ``cls``, ``entity_id`` (the ``nzr:`` local id), ``wikidata`` (strings). Edges keyed by predicate with ``label`` and
        ``predicate`` (the ``nz:`` local name), ``polarity``, ``plover``, ``statements``
        (int), ``confidence`` (float, -1.0 when unknown), ``kb`` (bool), ``modes``,
        ``dates`` and ``articles`` (``;``-joined strings), ``article_dates`` (article
        edges: the publication dates of the articles of its undated statements) and, when a
        statement has a dated year or its article a publication date, ``start`` / ``end``
        (xsd:date: the first day of the earliest date and the last day of the latest; a
        statement without a date of its own counts at its article's date, so Gephi's
        timeline places every edge of a dated article).

    Examples
    --------
    >>> from kg.analytics import example_dataset
    >>> g = export_graph(example_dataset())
    >>> d = g.edges["https://w3id.org/nufuz/id/united_states",
    ...             "https://w3id.org/nufuz/id/uzbekistan", "withdrawsFrom"]
    >>> d["start"], d["end"], d["label"]
    ('2005-01-01', '2005-12-31', 'withdrawsFrom')
    """
    idx = read_graph(ds)
    g = project(idx, include_kb=include_kb)
    # the timeline of an edge: each statement's own dates, else its article's publication date
    timeline: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    undated_article: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in idx.statements:
        if not r.truthy:
            continue
        key = (r.subject, r.predicate, r.object)
        if r.dates:
            timeline[key].update(r.dates)
        else:
            info = idx.articles.get(r.article)
            if info and info.date_published:
                timeline[key].add(info.date_published)
                undated_article[key].add(info.date_published)
    out = nx.MultiDiGraph()
    for n, data in g.nodes(data=True):
        attrs = {k: str(data.get(k) or "") for k in ("label", "label_en", "label_ar", "cls",
                                                      "wikidata")}
        # "id" would become the GEXF node id; the IRI stays the id in both formats
        out.add_node(n, entity_id=str(data.get("id") or ""), **attrs)
    for u, v, key, data in g.edges(keys=True, data=True):
        attrs: dict[str, Any] = {
            "label": key, "predicate": key, "polarity": data.get("polarity") or "",
            "plover": data.get("plover") or "", "statements": int(data.get("statements") or 0),
            "confidence": float(data["confidence"]) if data.get("confidence") is not None else -1.0,
            "kb": bool(data.get("kb")), "modes": ";".join(data.get("modes") or []),
            "dates": ";".join(data.get("dates") or []),
            "articles": ";".join(data.get("articles") or []),
        }
        dated = set(data.get("dates") or [])
        if not data.get("kb"):
            dated |= timeline.get((u, key, v), set())
            attrs["article_dates"] = ";".join(sorted(undated_article.get((u, key, v), set())))
        start, end = _iso_bounds(sorted(dated))
        if start:
            attrs["start"], attrs["end"] = start, end
        out.add_edge(u, v, key=key, **attrs)
    return out


def to_graphml(ds: Graph | GraphIndex, include_kb: bool = False) -> bytes:
    """GraphML (UTF-8) of :func:`export_graph`.

    Parameters
    ----------
    ds : rdflib.Dataset, rdflib.Graph or GraphIndex
    include_kb : bool

    Returns
    -------
    bytes
    """
    buf = io.BytesIO()
    nx.write_graphml(export_graph(ds, include_kb), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def to_gexf(ds: Graph | GraphIndex, include_kb: bool = False) -> bytes:
    """GEXF 1.2 (UTF-8) of :func:`export_graph`.

    Dated edges carry ``start``/``end`` (the graph is then ``mode="dynamic"`` with
    ``timeformat="date"``; a statement without a date counts at its article's publication
    date; edges with neither have no bounds, so Gephi's timeline shows them
    always). Node ``label`` is the English label; ``label_ar``/``label_en`` are attributes.

    Parameters
    ----------
    ds : rdflib.Dataset, rdflib.Graph or GraphIndex
    include_kb : bool

    Returns
    -------
    bytes
    """
    g = export_graph(ds, include_kb)
    for i, (_, _, _, d) in enumerate(g.edges(keys=True, data=True)):
        d["id"] = str(i)
    buf = io.BytesIO()
    nx.write_gexf(g, buf, encoding="utf-8", prettyprint=True, version="1.2draft")
    return buf.getvalue()


def to_jsonld(ds: Graph) -> bytes:
    """JSON-LD of the whole dataset (named graphs kept), ``@context`` = the nufuz prefixes.

    Parameters
    ----------
    ds : rdflib.Dataset or rdflib.Graph

    Returns
    -------
    bytes
        UTF-8 JSON.
    """
    bind_prefixes(ds)
    return ds.serialize(format="json-ld", context=dict(PREFIXES), indent=1, encoding="utf-8")


# --------------------------------------------------------------------------- CSV

def statements_csv(ds: Graph | GraphIndex) -> str:
    """One CSV row per ``nz:Statement`` (columns :data:`CSV_COLUMNS`), with a header row.

    Parameters
    ----------
    ds : rdflib.Dataset, rdflib.Graph or GraphIndex

    Returns
    -------
    str
        RFC 4180 CSV (``\\r\\n`` line ends, quoted when needed). Subject, object, location,
        topic and outlet are IRIs with their ``_en``/``_ar`` labels beside them;
        ``attributed_to`` is the speaker's English label or the plain attribution text;
        ``source`` is the article's ``dcterms:source``.

    Examples
    --------
    >>> from kg.analytics import example_dataset
    >>> rows = statements_csv(example_dataset()).splitlines()
    >>> len(rows), rows[1].split(",")[2:5]
    (6, ['Russia', 'روسيا', 'hasInfluenceIn'])
    """
    idx = read_graph(ds)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    for r in idx.statements:
        art = idx.articles.get(r.article)
        who = r.attributed_to
        w.writerow([
            r.iri, r.subject, idx.entity(r.subject).label_en, idx.entity(r.subject).label_ar,
            r.predicate, r.object, idx.entity(r.object).label_en, idx.entity(r.object).label_ar,
            r.mode, r.date, r.start_date, r.end_date,
            "" if r.confidence is None else f"{r.confidence:g}", r.plover, r.cameo,
            r.location, idx.label(r.location) if r.location else "",
            r.topic, idx.label(r.topic) if r.topic else "",
            r.evidence, r.evidence_lang,
            "" if r.char_start is None else r.char_start, "" if r.char_end is None else r.char_end,
            r.article, art.source if art else "", art.headline if art else "",
            r.reported_by, idx.label(r.reported_by) if r.reported_by else "",
            idx.label(who) if who in idx.entities else who,
        ])
    return buf.getvalue()


# --------------------------------------------------------------------------- dispatch

def export(ds: Graph, fmt: str, include_kb: bool = False) -> bytes:
    """Serialize ``ds`` in one of :data:`FORMATS`.

    Parameters
    ----------
    ds : rdflib.Dataset or rdflib.Graph
    fmt : str
        ``graphml``, ``gexf``, ``csv`` or ``jsonld`` (case-insensitive; ``json-ld`` too).
    include_kb : bool
        GraphML/GEXF: also the knowledge-base facts as edges.

    Returns
    -------
    bytes

    Raises
    ------
    ExportError
        For another format.
    """
    f = fmt.lower().replace("-", "")
    if f == "graphml":
        return to_graphml(ds, include_kb)
    if f == "gexf":
        return to_gexf(ds, include_kb)
    if f == "csv":
        return statements_csv(ds).encode("utf-8")
    if f == "jsonld":
        return to_jsonld(ds)
    raise ExportError(f"unknown export format {fmt!r} (expected one of: {', '.join(FORMATS)})")


def write_export(ds: Graph, fmt: str, path: str | Path, include_kb: bool = False) -> Path:
    """Serialize ``ds`` as ``fmt`` and write it to ``path`` atomically.

    Parameters
    ----------
    ds : rdflib.Dataset or rdflib.Graph
    fmt : str
        See :func:`export`.
    path : str or pathlib.Path
    include_kb : bool

    Returns
    -------
    pathlib.Path

    Raises
    ------
    ExportError
        For an unknown format (nothing is written).
    OSError
        If the file cannot be written.
    """
    return atomic_write(path, export(ds, fmt, include_kb))
