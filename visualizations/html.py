"""Interactive, self-contained HTML network of a nufuz RDF dataset (pyvis / vis-network).

The page is meant for analysts: one file, no network access needed, Arabic labels with the
English ones below, and the evidence sentence behind every edge in its tooltip.

Only RDF is read (an :class:`rdflib.Dataset` in the shape of the ontology contract in
``DESIGN.md``); extractor internals are never touched.

Safety notes
------------
* Every piece of text that comes from an article or the knowledge base (labels, evidence,
  headlines, sources) is HTML-escaped with :func:`html.escape` before it is put into a tooltip.
* vis-network 9.1.2 (the version pyvis 0.3.2 inlines) shows a *string* ``title`` as plain text
  (``innerText``) and appends an ``Element`` title as DOM.  Tooltips are therefore shipped as
  escaped HTML strings in a separate JSON blob (``<``, ``>``, ``&`` and ``'`` written as
  ``\\u00XX`` so the blob cannot close its ``<script>``), and a small inline script turns each
  into a ``<div>`` through ``innerHTML``.  Because all article text inside is already
  escaped, the ``innerHTML`` cannot create markup from it.  Keeping the tooltips out of
  pyvis' node data also keeps pyvis from switching to its ``tooltip_link`` template (which it
  does when a node title contains the substring ``href`` and which assigns titles with
  ``innerHTML``).
* pyvis' template links Bootstrap from a CDN even with ``cdn_resources="in_line"``; those
  tags are removed and the output is checked to contain no remote ``src``/``href``.
"""
from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

__all__ = [
    "CLASS_STYLES",
    "PREDICATE_GROUPS",
    "graph_for_html",
    "write_html",
]

NZ = rdflib.Namespace("https://w3id.org/nufuz/ontology#")
KB_GRAPH = URIRef("https://w3id.org/nufuz/graph/kb")
_SCHEMA_NS = ("http://schema.org/", "https://schema.org/")
_NEWS_ARTICLE = tuple(URIRef(ns + "NewsArticle") for ns in _SCHEMA_NS)
_HEADLINE = tuple(URIRef(ns + "headline") for ns in _SCHEMA_NS)
_DOC_PREFIX = "https://w3id.org/nufuz/doc/"
_WIKIDATA_PREFIXES = ("http://www.wikidata.org/entity/", "https://www.wikidata.org/entity/")

#: Node style per ontology class local name: ``(colour, vis-network shape, legend group)``.
#: Organization subclasses share the Organization shape and get shades of its colour.
CLASS_STYLES: dict[str, tuple[str, str, str]] = {
    "Person": ("#8e6cc0", "dot", "Person"),
    "Country": ("#2f6fb5", "square", "Country"),
    "Region": ("#1aa3a3", "hexagon", "Region"),
    "City": ("#6fb3e0", "triangle", "City"),
    "Organization": ("#c9a227", "diamond", "Organization"),
    "Government": ("#a9841a", "diamond", "Organization"),
    "MilitaryForce": ("#8a6d1f", "diamond", "Organization"),
    "InternationalOrganization": ("#e0bb3c", "diamond", "Organization"),
    "NewsOrganization": ("#d8c27a", "diamond", "Organization"),
    "ThinkTank": ("#cdb65a", "diamond", "Organization"),
    "ArmedGroup": ("#6e5214", "diamond", "Organization"),
    "PoliticalParty": ("#e8c95a", "diamond", "Organization"),
    "Company": ("#b59a4a", "diamond", "Organization"),
    "MilitaryBase": ("#7b4f2c", "star", "MilitaryBase"),
    "Event": ("#e377c2", "triangleDown", "Event"),
    "Topic": ("#b9b9b9", "ellipse", "Topic"),
}
_UNKNOWN_CLASS_STYLE = ("#9e9e9e", "dot", "Other")

#: Most specific class first: an entity typed both Organization and Government shows as
#: Government.
_CLASS_PRIORITY = (
    "Government", "MilitaryForce", "InternationalOrganization", "NewsOrganization",
    "ThinkTank", "ArmedGroup", "PoliticalParty", "Company", "MilitaryBase", "City",
    "Country", "Region", "Person", "Event", "Topic", "Organization",
)


@dataclass(frozen=True)
class _Group:
    name: str
    colour: str
    predicates: tuple[str, ...]
    dashes: bool | list[int] = False


#: Predicate polarity groups of the ontology contract (DESIGN.md), with their edge colour.
#: ``withdrawsFrom`` is kept apart from conflict (neutral-ish, grey).
PREDICATE_GROUPS: tuple[_Group, ...] = (
    _Group("conflict", "#d62728", ("opposes", "pressures", "attacks", "sanctions")),
    _Group("withdrawal", "#7f7f7f", ("withdrawsFrom",)),
    _Group("cooperation", "#2ca02c",
           ("supports", "cooperatesWith", "seeksCooperationWith", "meetsWith")),
    _Group("presence / influence", "#ff7f0e",
           ("hasMilitaryPresenceIn", "seeksMilitaryPresenceIn", "hasInfluenceIn",
            "seeksInfluenceIn")),
    _Group("concern", "#9467bd", ("concernedAbout",)),
    _Group("roles", "#6c7a89", ("leaderOf", "officialOf", "ambassadorTo", "memberOf")),
    _Group("geography", "#c4c4c4", ("locatedIn", "partOf", "borders"), [3, 5]),
)
_OTHER_GROUP = _Group("other", "#a0a0a0", ())
_PRED_GROUP = {p: g for g in PREDICATE_GROUPS for p in g.predicates}
_SYMMETRIC = frozenset({"meetsWith", "cooperatesWith", "borders"})
#: Intended counterpart of a predicate, for statements that keep the base predicate.
_SEEKS = {
    "hasMilitaryPresenceIn": "seeksMilitaryPresenceIn",
    "hasInfluenceIn": "seeksInfluenceIn",
    "cooperatesWith": "seeksCooperationWith",
}
_INTENDED_DASHES = [10, 6]
_KB_DASHES = [2, 6]
_KB_COLOUR = "#b0b0b0"
#: Statement-level properties; never read as truthy edges.
_STATEMENT_PROPS = frozenset({
    "evidence", "mode", "confidence", "date", "startDate", "endDate", "location", "topic",
    "reportedBy", "attributedTo", "ploverCategory", "cameoCode", "charStart", "charEnd",
    "trigger",
})
_MAX_STATEMENTS_IN_TIP = 10
_MAX_ALT_LABELS = 12

_VIS_OPTIONS = {
    "physics": {
        "enabled": True,
        "solver": "barnesHut",
        "barnesHut": {
            "gravitationalConstant": -9000,
            "centralGravity": 0.25,
            "springLength": 170,
            "springConstant": 0.04,
            "damping": 0.12,
            "avoidOverlap": 0.2,
        },
        "minVelocity": 0.75,
        "stabilization": {"enabled": True, "iterations": 1000, "updateInterval": 50,
                          "fit": True},
    },
    "nodes": {"font": {"size": 15, "face": "Tahoma, 'Noto Sans Arabic', Arial, sans-serif",
                       "multi": False},
              "borderWidth": 1},
    "edges": {"font": {"size": 11, "align": "middle", "strokeWidth": 3},
              "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
              "selectionWidth": 2},
    "interaction": {"hover": True, "tooltipDelay": 120, "multiselect": True,
                    "navigationButtons": False},
}


# --------------------------------------------------------------------------- RDF reading


def _local(iri) -> str:
    s = str(iri)
    for sep in ("#", "/"):
        if sep in s:
            s = s.rsplit(sep, 1)[1] or s
    return s


def _objects(ds: rdflib.Dataset, s, p) -> list:
    """All objects of ``(s, p, ?)`` in any graph of ``ds``, deduplicated, sorted."""
    found = {q[2] for q in ds.quads((s, p, None, None))}
    return sorted(found, key=lambda o: (o.__class__.__name__, str(o)))


def _first(ds: rdflib.Dataset, s, p):
    objs = _objects(ds, s, p)
    return objs[0] if objs else None


def _pref_label(ds: rdflib.Dataset, s, lang: str) -> str | None:
    for o in _objects(ds, s, SKOS.prefLabel):
        if isinstance(o, Literal) and (o.language or "").lower().split("-")[0] == lang:
            return str(o)
    return None


def _any_label(ds: rdflib.Dataset, s) -> str:
    """English label, else Arabic, else any prefLabel/rdfs:label, else the IRI's local name."""
    for lang in ("en", "ar"):
        lab = _pref_label(ds, s, lang)
        if lab:
            return lab
    for p in (SKOS.prefLabel, RDFS.label):
        o = _first(ds, s, p)
        if o is not None:
            return str(o)
    return _local(s)


def _entity_classes(ds: rdflib.Dataset, s) -> list[str]:
    return sorted({_local(o) for o in _objects(ds, s, RDF.type)
                   if isinstance(o, URIRef) and str(o).startswith(str(NZ))
                   and _local(o) != "Statement"})


def _main_class(classes: list[str]) -> str | None:
    for c in _CLASS_PRIORITY:
        if c in classes:
            return c
    return classes[0] if classes else None


def _article_graphs(ds: rdflib.Dataset) -> list[URIRef]:
    """Names of the article graphs: graphs named by a schema:NewsArticle (or a doc/ IRI)."""
    names = []
    for g in ds.graphs():
        ident = g.identifier
        if not isinstance(ident, URIRef) or ident == KB_GRAPH:
            continue
        is_article = any(True for t in _NEWS_ARTICLE
                         for _ in ds.quads((ident, RDF.type, t, None)))
        if is_article or str(ident).startswith(_DOC_PREFIX):
            names.append(ident)
    return sorted(set(names), key=str)


def _is_entity(ds: rdflib.Dataset, node) -> bool:
    if not isinstance(node, (URIRef, BNode)):
        return False
    return bool(_entity_classes(ds, node)) or _first(ds, node, SKOS.prefLabel) is not None


def _relation_triples(ds: rdflib.Dataset, graph_name) -> list[tuple]:
    """Truthy ``s nz:p o`` edges in one named graph (statement properties excluded)."""
    g = ds.graph(graph_name)
    statements = set(g.subjects(RDF.type, NZ.Statement))
    out = []
    for s, p, o in g:
        if not (isinstance(p, URIRef) and str(p).startswith(str(NZ))):
            continue
        name = _local(p)
        if name in _STATEMENT_PROPS or s in statements:
            continue
        if not isinstance(o, (URIRef, BNode)):
            continue
        if name not in _PRED_GROUP and not (_is_entity(ds, s) and _is_entity(ds, o)):
            continue
        out.append((s, name, o))
    return sorted(out, key=lambda t: (str(t[0]), t[1], str(t[2])))


def _edge_key(s, pred: str, o) -> tuple:
    if pred in _SYMMETRIC and str(o) < str(s):
        s, o = o, s
    return (s, pred, o)


@dataclass
class _EdgeAcc:
    s: object
    pred: str
    o: object
    articles: set = field(default_factory=set)
    statements: list = field(default_factory=list)


def _statement_record(ds: rdflib.Dataset, st, graph_name) -> dict:
    def lit(p):
        o = _first(ds, st, p)
        return None if o is None else str(o)

    def who(p):
        vals = []
        for o in _objects(ds, st, p):
            vals.append(str(o) if isinstance(o, Literal) else _any_label(ds, o))
        return ", ".join(vals) if vals else None

    evidence = _first(ds, st, NZ.evidence)
    article = _first(ds, st, PROV.wasDerivedFrom) or graph_name
    return {
        "evidence": None if evidence is None else str(evidence),
        "evidence_lang": (evidence.language or "") if isinstance(evidence, Literal) else "",
        "mode": lit(NZ.mode),
        "date": lit(NZ.date),
        "start": lit(NZ.startDate),
        "end": lit(NZ.endDate),
        "confidence": lit(NZ.confidence),
        "plover": lit(NZ.ploverCategory),
        "cameo": lit(NZ.cameoCode),
        "reported_by": who(NZ.reportedBy),
        "attributed_to": who(NZ.attributedTo),
        "location": who(NZ.location),
        "topic": who(NZ.topic),
        "article": article,
        "headline": None if article is None else _headline(ds, article),
        "source": None if article is None else _lit_of(ds, article, DCTERMS.source),
    }


def _lit_of(ds: rdflib.Dataset, s, p) -> str | None:
    o = _first(ds, s, p)
    return None if o is None else str(o)


def _headline(ds: rdflib.Dataset, article) -> str | None:
    for p in _HEADLINE:
        o = _first(ds, article, p)
        if o is not None:
            return str(o)
    return None


# --------------------------------------------------------------------------- tooltips

_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def _e(text) -> str:
    return escape(str(text), quote=True)


def _dir(text: str, lang: str = "") -> str:
    if lang.lower().startswith(("ar", "fa", "ur", "he")) or _ARABIC_RE.search(text or ""):
        return "rtl"
    return "ltr"


def _row(name: str, value) -> str:
    if value in (None, ""):
        return ""
    return f"<div><b>{_e(name)}:</b> <span dir=\"auto\">{_e(value)}</span></div>"


def _node_tip(ds: rdflib.Dataset, s, classes: list[str], ar: str | None, en: str | None,
              degree: int) -> str:
    parts = [f"<div class=\"nz-tip-head\">{_e(' / '.join(classes) or 'entity')}</div>"]
    if ar:
        parts.append(f"<div dir=\"rtl\" lang=\"ar\" class=\"nz-ar\">{_e(ar)}</div>")
    if en:
        parts.append(f"<div lang=\"en\">{_e(en)}</div>")
    alts = sorted({str(o) for o in _objects(ds, s, SKOS.altLabel)} - {ar, en})
    if alts:
        shown = "، ".join(alts[:_MAX_ALT_LABELS])
        more = f" (+{len(alts) - _MAX_ALT_LABELS})" if len(alts) > _MAX_ALT_LABELS else ""
        parts.append(f"<div><b>aliases:</b> <span dir=\"rtl\">{_e(shown)}</span>{_e(more)}</div>")
    for o in _objects(ds, s, OWL.sameAs):
        o = str(o)
        if o.startswith(_WIKIDATA_PREFIXES):
            qid = o.rsplit("/", 1)[1]
            parts.append(_row("Wikidata", f"{qid} (www.wikidata.org/wiki/{qid})"))
        else:
            parts.append(_row("same as", o))
    parts.append(_row("IRI", str(s)))
    parts.append(_row("relations", degree))
    return "".join(parts)


def _statement_tip(rec: dict) -> str:
    parts = ["<div class=\"nz-st\">"]
    ev = rec["evidence"]
    if ev:
        d = _dir(ev, rec["evidence_lang"])
        lang = f" lang=\"{_e(rec['evidence_lang'])}\"" if rec["evidence_lang"] else ""
        parts.append(f"<div class=\"nz-ev\" dir=\"{d}\"{lang}>{_e(ev)}</div>")
    if rec["date"]:
        date = rec["date"]
    elif rec["start"] or rec["end"]:
        date = f"{rec['start'] or '?'} – {rec['end'] or '?'}"
    else:
        date = None
    conf = rec["confidence"]
    try:
        conf = f"{float(conf):.2f}" if conf is not None else None
    except ValueError:
        pass
    plover = rec["plover"]
    if plover and rec["cameo"]:
        plover = f"{plover} (CAMEO {rec['cameo']})"
    for name, val in (("mode", rec["mode"]), ("date", date), ("confidence", conf),
                      ("reported by", rec["reported_by"]),
                      ("attributed to", rec["attributed_to"]),
                      ("location", rec["location"]), ("topic", rec["topic"]),
                      ("PLOVER", plover), ("article", rec["headline"]),
                      ("source", rec["source"] or (None if rec["headline"] else
                                                   (rec["article"] and str(rec["article"]))))):
        parts.append(_row(name, val))
    parts.append("</div>")
    return "".join(parts)


def _edge_tip(label_s: str, pred: str, label_o: str, symmetric: bool, records: list[dict],
              n_articles: int, kb: bool) -> str:
    arrow = "—" if symmetric else "→"
    head = f"{_e(label_s)} {arrow} <i>{_e(pred)}</i> {arrow} {_e(label_o)}"
    parts = [f"<div class=\"nz-tip-head\" dir=\"auto\">{head}</div>"]
    if kb:
        parts.append("<div><i>knowledge-base background fact</i></div>")
        return "".join(parts)
    parts.append(f"<div>{len(records)} statement(s) in {n_articles} article(s)</div>")
    for rec in records[:_MAX_STATEMENTS_IN_TIP]:
        parts.append(_statement_tip(rec))
    if len(records) > _MAX_STATEMENTS_IN_TIP:
        parts.append(f"<div>… {len(records) - _MAX_STATEMENTS_IN_TIP} more</div>")
    return "".join(parts)


# --------------------------------------------------------------------------- graph


def graph_for_html(ds: rdflib.Dataset) -> tuple[list[dict], list[dict]]:
    """Nodes and edges of the HTML view, as plain vis-network dicts.

    Parameters
    ----------
    ds : rdflib.Dataset
        A nufuz dataset: one named graph per article (graph name = the
        ``schema:NewsArticle`` IRI) holding truthy ``s nz:<predicate> o`` edges and
        ``nz:Statement`` nodes, plus optionally the knowledge-base graph
        ``https://w3id.org/nufuz/graph/kb`` (ontology contract, ``DESIGN.md``).

    Returns
    -------
    nodes : list[dict]
        One dict per entity that appears in a truthy edge of an article graph, sorted by
        IRI: ``id`` (IRI), ``label`` (Arabic prefLabel, newline, English prefLabel),
        ``title`` (tooltip as HTML whose text parts are all HTML-escaped), ``color``,
        ``shape``, ``size`` (pixels, grows with the number of incident edges) and
        ``nz_class`` / ``nz_group`` (class local name, legend group).
    edges : list[dict]
        Article edges, one per ``(subject, predicate, object)`` (one per unordered pair for
        the symmetric ``meetsWith``, ``cooperatesWith``, ``borders``), then knowledge-base
        edges between displayed nodes that no article edge duplicates.  Keys: ``id``,
        ``from``, ``to``, ``label`` (predicate local name), ``title`` (escaped HTML listing
        each statement: evidence in a ``dir="rtl"`` block for Arabic, mode, date,
        confidence, reported by, attributed to, article headline and ``dcterms:source``),
        ``color``, ``arrows``, ``dashes`` (``False`` or a dash pattern list in pixels),
        ``width`` (pixels, ``1 + 2 log2(n statements)``, at most 9), ``smooth``,
        ``nz_group`` (polarity group name or ``"kb"``), ``nz_kb`` (bool) and
        ``nz_statements`` (int).

    Notes
    -----
    Edges are dashed for intended facts (``seeks…`` predicates, or any statement with
    ``nz:mode "intended"``), for geography predicates and for knowledge-base facts.
    Statements are attached to the truthy edge with the same subject, predicate and object;
    an intended statement that keeps the base predicate (``hasInfluenceIn``) is attached to
    its ``seeks…`` edge.  Negated or hypothetical statements have no truthy edge and are
    not drawn.
    """
    articles = _article_graphs(ds)
    edges: dict[tuple, _EdgeAcc] = {}
    for gname in articles:
        for s, pred, o in _relation_triples(ds, gname):
            key = _edge_key(s, pred, o)
            acc = edges.get(key)
            if acc is None:
                acc = edges[key] = _EdgeAcc(*key)
            acc.articles.add(gname)

    # statements (from any graph) attached to their truthy edge
    seen_st = set()
    for st, _, _, ctx in ds.quads((None, RDF.type, NZ.Statement, None)):
        if st in seen_st:
            continue
        seen_st.add(st)
        s, p, o = (_first(ds, st, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        if s is None or p is None or o is None:
            continue
        pred = _local(p)
        mode = _lit_of(ds, st, NZ.mode)
        acc = edges.get(_edge_key(s, pred, o))
        if acc is None and mode == "intended" and pred in _SEEKS:
            acc = edges.get(_edge_key(s, _SEEKS[pred], o))
        if acc is None:
            continue
        gname = ctx.identifier if hasattr(ctx, "identifier") else ctx
        rec = _statement_record(ds, st, gname)
        acc.statements.append(rec)
        if rec["article"] is not None:
            acc.articles.add(rec["article"])

    node_ids = sorted({x for acc in edges.values() for x in (acc.s, acc.o)}, key=str)
    degree: dict = defaultdict(int)
    for acc in edges.values():
        degree[acc.s] += 1
        degree[acc.o] += 1

    labels: dict = {}
    nodes = []
    for n in node_ids:
        classes = _entity_classes(ds, n)
        main = _main_class(classes)
        colour, shape, group = CLASS_STYLES.get(main, _UNKNOWN_CLASS_STYLE)
        ar, en = _pref_label(ds, n, "ar"), _pref_label(ds, n, "en")
        if ar and en and ar != en:
            label = f"{ar}\n{en}"
        else:
            label = ar or en or _any_label(ds, n)
        labels[n] = en or ar or _any_label(ds, n)
        nodes.append({
            "id": str(n),
            "label": label,
            "title": _node_tip(ds, n, classes, ar, en, degree[n]),
            "color": colour,
            "shape": shape,
            "size": round(min(40.0, 14.0 + 4.0 * math.sqrt(degree[n])), 1),
            "nz_class": main or "",
            "nz_group": group,
        })

    out_edges = []
    for acc in sorted(edges.values(), key=lambda a: (str(a.s), a.pred, str(a.o))):
        group = _PRED_GROUP.get(acc.pred, _OTHER_GROUP)
        acc.statements.sort(key=lambda r: (str(r["article"]), r["date"] or r["start"] or "",
                                           r["evidence"] or ""))
        intended = acc.pred.startswith("seeks") or any(
            r["mode"] == "intended" for r in acc.statements)
        symmetric = acc.pred in _SYMMETRIC
        n_st = max(1, len(acc.statements))
        out_edges.append({
            "from": str(acc.s),
            "to": str(acc.o),
            "label": acc.pred,
            "title": _edge_tip(labels[acc.s], acc.pred, labels[acc.o], symmetric,
                               acc.statements, len(acc.articles), kb=False),
            "color": {"color": group.colour, "highlight": group.colour,
                      "hover": group.colour},
            "font": {"color": "#444444"},
            "arrows": {"to": {"enabled": not symmetric}},
            "dashes": list(_INTENDED_DASHES) if intended else group.dashes,
            "width": round(min(9.0, 1.0 + 2.0 * math.log2(n_st)), 2),
            "nz_group": group.name,
            "nz_kb": False,
            "nz_statements": len(acc.statements),
        })

    # knowledge-base background facts between displayed nodes
    shown = set(node_ids)
    if any(True for g in ds.graphs() if g.identifier == KB_GRAPH):
        kb_keys = set()
        for s, p, o in ds.graph(KB_GRAPH):
            if s not in shown or o not in shown or not str(p).startswith(str(NZ)):
                continue
            pred = _local(p)
            if pred in _STATEMENT_PROPS:
                continue
            key = _edge_key(s, pred, o)
            if key in edges:
                continue
            kb_keys.add(key)
        for s, pred, o in sorted(kb_keys, key=lambda k: (str(k[0]), k[1], str(k[2]))):
            symmetric = pred in _SYMMETRIC
            out_edges.append({
                "from": str(s),
                "to": str(o),
                "label": pred,
                "title": _edge_tip(labels[s], pred, labels[o], symmetric, [], 0, kb=True),
                "color": {"color": _KB_COLOUR, "highlight": "#808080", "hover": "#808080",
                          "opacity": 0.8},
                "font": {"color": "#9a9a9a", "size": 9},
                "arrows": {"to": {"enabled": not symmetric}},
                "dashes": list(_KB_DASHES),
                "width": 1,
                "nz_group": "kb",
                "nz_kb": True,
                "nz_statements": 0,
            })

    # ids, and curvature so that parallel edges between one pair do not overlap
    by_pair: dict = defaultdict(list)
    for i, e in enumerate(out_edges):
        e["id"] = f"e{i}"
        by_pair[frozenset((e["from"], e["to"]))].append(e)
    for group_edges in by_pair.values():
        if len(group_edges) == 1:
            group_edges[0]["smooth"] = {"enabled": False}
            continue
        for k, e in enumerate(group_edges):
            # CW from a->b and CW from b->a bend to opposite sides: orient by pair order
            forward = e["from"] <= e["to"]
            cw = (k % 2 == 0) == forward
            e["smooth"] = {"enabled": True, "type": "curvedCW" if cw else "curvedCCW",
                           "roundness": round(0.12 + 0.18 * (k // 2), 2)}
    return nodes, out_edges


# --------------------------------------------------------------------------- page


def _script_json(obj) -> str:
    """JSON that is safe inside an inline ``<script>`` (no ``<``, ``>``, ``&``, ``'``)."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True)
    for ch, rep in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, rep)
    return text


_CSS = """
<style type="text/css">
  body { font-family: Tahoma, 'Noto Sans Arabic', 'Segoe UI', Arial, sans-serif; margin: 0;
         background: #fafafa; color: #222; }
  .card { border: 0; }
  #mynetwork { width: 100% !important; height: calc(100vh - 70px) !important; float: none;
               border: 0; border-top: 1px solid #ddd; background: #fff; }
  #nz-header { padding: 8px 14px; }
  #nz-header h1 { font-size: 20px; margin: 0 0 2px 0; }
  #nz-header .nz-counts { font-size: 13px; color: #555; }
  #nz-legend { position: fixed; top: 76px; right: 12px; z-index: 10; max-height: 80vh;
               overflow: auto; background: rgba(255,255,255,0.94); border: 1px solid #ccc;
               border-radius: 6px; padding: 6px 10px; font-size: 12px; width: 250px; }
  #nz-legend summary { font-weight: bold; cursor: pointer; }
  #nz-legend h2 { font-size: 12px; margin: 8px 0 3px 0; }
  #nz-legend .nz-sw { display: inline-block; width: 12px; height: 12px; margin-right: 5px;
                      vertical-align: middle; border: 1px solid #888; }
  #nz-legend .nz-line { display: inline-block; width: 26px; height: 0; margin-right: 5px;
                        vertical-align: middle; border-top-width: 3px; }
  #nz-legend .nz-preds { color: #555; }
  #nz-legend label { cursor: pointer; }
  div.vis-tooltip { max-width: 520px; white-space: normal !important; font-size: 12px;
                    font-family: Tahoma, 'Noto Sans Arabic', Arial, sans-serif; }
  .nz-tip-head { font-weight: bold; margin-bottom: 3px; }
  .nz-ar { font-size: 14px; }
  .nz-st { border-top: 1px solid #ddd; margin-top: 4px; padding-top: 4px; }
  .nz-ev { font-size: 14px; margin-bottom: 2px; unicode-bidi: plaintext; }
</style>
"""

_SCRIPT = """
<script type="text/javascript">
(function () {
  var tips = __TIPS__;
  function toElement(escapedHtml) {
    // every article-derived string inside escapedHtml was HTML-escaped in Python
    var div = document.createElement("div");
    div.innerHTML = escapedHtml;
    return div;
  }
  if (typeof nodes !== "undefined" && nodes) {
    nodes.update(Object.keys(tips.nodes).map(function (id) {
      return {id: id, title: toElement(tips.nodes[id])};
    }));
  }
  if (typeof edges !== "undefined" && edges) {
    edges.update(Object.keys(tips.edges).map(function (id) {
      return {id: id, title: toElement(tips.edges[id])};
    }));
  }
  if (typeof network !== "undefined" && network) {
    // lay out once, then freeze so the graph does not keep moving
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
    });
  }
  function applyToggles() {
    var hidden = {};
    var boxes = document.querySelectorAll("input.nz-toggle");
    for (var i = 0; i < boxes.length; i++) {
      if (!boxes[i].checked) { hidden[boxes[i].getAttribute("data-group")] = true; }
    }
    edges.update(edges.get().map(function (e) {
      return {id: e.id, hidden: hidden[e.nz_group] === true};
    }));
  }
  var toggles = document.querySelectorAll("input.nz-toggle");
  for (var j = 0; j < toggles.length; j++) {
    toggles[j].addEventListener("change", applyToggles);
  }
})();
</script>
"""

_REMOTE_TAG_RES = (
    re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script\s*>",
               re.IGNORECASE),
    re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*/?>", re.IGNORECASE),
)
_REMOTE_REF_RE = re.compile(r"\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE)
_EMPTY_HEADING_RE = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.IGNORECASE)
#: pyvis' template keeps a commented-out local vis.js <script src>/<link href>; drop such
#: comments, and the source-map hint (devtools would try to fetch the .map file).
_DEAD_TAG_COMMENT_RE = re.compile(r"<!--(?:(?!-->).)*?<(?:script|link)\b(?:(?!-->).)*-->",
                                  re.IGNORECASE | re.DOTALL)
_SOURCE_MAP_RE = re.compile(r"//# sourceMappingURL=[\w.\-]+(?=\s*</script>)")


def _legend(nodes: list[dict], edges: list[dict]) -> str:
    used_classes = {n["nz_class"] for n in nodes}
    rows = ["<details open><summary>Legend</summary><h2>Entity classes</h2>"]
    for cls, (colour, shape, group) in CLASS_STYLES.items():
        if group != cls and cls not in used_classes:
            continue  # Organization subclasses: listed only when present
        indent = "&nbsp;&nbsp;" if group != cls else ""
        radius = "50%" if shape in ("dot", "ellipse") else "0"
        rows.append(f"<div>{indent}<span class=\"nz-sw\" style=\"background:{colour};"
                    f"border-radius:{radius}\"></span>{_e(cls)} <span class=\"nz-preds\">"
                    f"({_e(shape)})</span></div>")
    if any(n["nz_group"] == "Other" for n in nodes):
        rows.append(f"<div><span class=\"nz-sw\" style=\"background:{_UNKNOWN_CLASS_STYLE[0]}\">"
                    f"</span>other</div>")
    rows.append("<h2>Relations (untick to hide)</h2>")
    counts: dict = defaultdict(int)
    for e in edges:
        counts[e["nz_group"]] += 1
    groups = list(PREDICATE_GROUPS)
    if counts.get("other"):
        groups.append(_OTHER_GROUP)
    for g in groups:
        style = "dashed" if g.dashes else "solid"
        preds = ", ".join(g.predicates) if g.predicates else "other predicates"
        rows.append(
            f"<div><label><input type=\"checkbox\" class=\"nz-toggle\" data-group=\"{_e(g.name)}\" "
            f"checked> <span class=\"nz-line\" style=\"border-top-style:{style};"
            f"border-top-color:{g.colour}\"></span>{_e(g.name)} ({counts.get(g.name, 0)})"
            f"</label><div class=\"nz-preds\">{_e(preds)}</div></div>")
    rows.append(
        f"<div><label><input type=\"checkbox\" class=\"nz-toggle\" data-group=\"kb\" checked> "
        f"<span class=\"nz-line\" style=\"border-top-style:dotted;border-top-color:{_KB_COLOUR}\">"
        f"</span>knowledge-base background ({counts.get('kb', 0)})</label></div>")
    rows.append(f"<div class=\"nz-preds\"><span class=\"nz-line\" style=\"border-top-style:dashed;"
                f"border-top-color:#555\"></span>dashed: intended (seeks…)</div>")
    rows.append("<div class=\"nz-preds\">edge width grows with the number of statements; "
                "hover an edge for its evidence</div></details>")
    return "<div id=\"nz-legend\">" + "".join(rows) + "</div>"


def _header(title: str, ds: rdflib.Dataset, nodes: list[dict], edges: list[dict]) -> str:
    article_edges = [e for e in edges if not e["nz_kb"]]
    n_st = sum(e["nz_statements"] for e in article_edges)
    n_articles = len(_article_graphs(ds))
    counts = (f"{len(nodes)} entities · {len(article_edges)} relations · {n_st} statements · "
              f"{n_articles} articles · {len(edges) - len(article_edges)} background facts")
    return (f"<div id=\"nz-header\"><h1 dir=\"auto\">{_e(title)}</h1>"
            f"<div class=\"nz-counts\">{_e(counts)}</div></div>")


def _insert_once(page: str, anchor: str, text: str, before: bool = False) -> str:
    idx = page.find(anchor)
    if idx < 0:
        raise RuntimeError(f"pyvis template changed: anchor {anchor!r} not found")
    at = idx if before else idx + len(anchor)
    return page[:at] + text + page[at:]


def _render(ds: rdflib.Dataset, title: str) -> str:
    from pyvis.network import Network  # heavy import, only when rendering

    nodes, edges = graph_for_html(ds)
    net = Network(height="800px", width="100%", directed=True, cdn_resources="in_line",
                  heading="")
    # Arabic as UTF-8 rather than \\u escapes; Jinja's tojson still escapes < > & '
    net.templateEnv.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    for n in nodes:
        attrs = {k: v for k, v in n.items() if k not in ("id", "title")}
        net.add_node(n["id"], **attrs)
    for e in edges:
        attrs = {k: v for k, v in e.items() if k not in ("from", "to", "title")}
        net.add_edge(e["from"], e["to"], **attrs)
    net.options = json.loads(json.dumps(_VIS_OPTIONS))
    page = net.generate_html(name="nufuz.html", notebook=False)

    for rx in _REMOTE_TAG_RES:
        page = rx.sub("", page)
    page = _EMPTY_HEADING_RE.sub("", page)
    page = _DEAD_TAG_COMMENT_RE.sub("", page)
    page = _SOURCE_MAP_RE.sub("", page)
    if not re.search(r"<meta\s+charset\s*=\s*[\"']?utf-8", page, re.IGNORECASE):
        page = _insert_once(page, "<head>", "\n<meta charset=\"utf-8\">")
    page = _insert_once(page, "<head>", f"\n<title>{_e(title)}</title>")
    page = _insert_once(page, "</head>", _CSS, before=True)
    page = _insert_once(page, "<body>", "\n" + _header(title, ds, nodes, edges)
                        + _legend(nodes, edges))
    tips = {"nodes": {n["id"]: n["title"] for n in nodes},
            "edges": {e["id"]: e["title"] for e in edges}}
    page = _insert_once(page, "</body>", _SCRIPT.replace("__TIPS__", _script_json(tips)),
                        before=True)
    if not page.lstrip().lower().startswith("<!doctype"):
        page = "<!DOCTYPE html>\n" + page
    remote = _REMOTE_REF_RE.search(page)
    if remote:
        raise RuntimeError("HTML still references a remote resource near: "
                           + page[max(0, remote.start() - 60):remote.end() + 60])
    return page


def write_html(ds: rdflib.Dataset, path: str | Path, title: str = "nufuz graph") -> Path:
    """Write an interactive, self-contained HTML network of a nufuz dataset.

    Parameters
    ----------
    ds : rdflib.Dataset
        A nufuz dataset (see :func:`graph_for_html` for what is read).
    path : str or pathlib.Path
        Output file; parent directories are created.  Written atomically (a temporary file
        in the same directory, then :func:`os.replace`), UTF-8.
    title : str, optional
        Page title and header (HTML-escaped).

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    RuntimeError
        If pyvis' template no longer has the anchors this function edits, or if the page
        would still reference a remote script or stylesheet.
    OSError
        If the file cannot be written.

    Notes
    -----
    The page is built with pyvis 0.3.2 (``cdn_resources="in_line"``, so vis-network 9.1.2
    is inlined); pyvis' CDN Bootstrap tags are removed, so it needs no network.  Physics is
    Barnes–Hut with stabilisation, and an inline script disables physics once
    stabilisation is done.  A legend (classes and relation groups, with checkboxes that hide
    relation groups and the knowledge-base background edges) and a header with counts are
    inline HTML/CSS.
    """
    path = Path(path)
    page = _render(ds, title)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(page)
        # mkstemp creates 0600; keep an existing file's mode, else the usual 0644
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path
