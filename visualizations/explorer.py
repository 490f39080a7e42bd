"""Data model of the graph explorer (the analysts' HTML view): what the page's JSON blob holds.

:func:`explorer_data` reads a nufuz RDF dataset through :func:`kg.analytics.read_graph` and
returns one JSON-ready dict: the entities shown (labels in Arabic and English, aliases,
class, Wikidata id, precomputed position, centralities, community), the edges (one per
truthy ``subject predicate object`` of the article graphs, plus knowledge-base background
facts between shown entities), every statement about a shown entity (evidence sentence
with the mentions of its subject, object and trigger located, mode, dates, confidence,
outlet, article) and the articles. :mod:`visualizations.html` writes it into the page;
``visualizations/explorer.js`` draws it with vis-network.

Layout, size and colour are computed here with networkx so the browser has nothing heavy
to do: :func:`layout_positions` (a spring layout for small graphs; for large ones a
two-level layout, communities placed by a spring layout of the community graph and each
community laid out on its own), centralities and Louvain communities from
:mod:`kg.analytics`. Nothing here imports spaCy or the extractors.
"""
from __future__ import annotations

import functools
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import compress
from urllib.parse import urlparse

import networkx as nx
import numpy as np
import numpy.random  # noqa: F401  (imported here, not in graph_shape's forked child: kg.background.forked)

from kg.analytics import (
    COUNT_DEFINITIONS, GraphIndex, StatementRecord, UnknownEntityError, centrality, communities,
    headline_counts, read_graph, resolve_entity,
)
from kg.analytics_network import betweenness
from kg.background import Forked, forked
from kg.namespaces import KB_GRAPH, predicate_info
from ontology.vocab import INTENDED_PREDICATES, PLACE_CLASSES, SEEKS, SYMMETRIC
from visualizations.bidi import has_bidi, safe_link, strip_bidi, strip_bidi_deep, text_direction

__all__ = [
    "CLASS_STYLES", "PREDICATE_GROUPS", "PHYSICS_MAX_NODES", "EDGE_LABELS_MAX_EDGES",
    "OVERVIEW_MIN_NODES", "OVERVIEW_NODES", "RELAYOUT_MAX_NODES", "PAGE_CSV_COLUMNS",
    "BETWEENNESS_MAX_NODES", "BETWEENNESS_SAMPLES", "MAP_PREDICATES", "HOME_PREDICATES",
    "FocusNotFound", "actor_homes", "explorer_data", "focus_not_found", "layout_positions", "mention_spans",
    "resolve_focus",
]

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
    "Topic": ("#9a9a9a", "dot", "Topic"),
}
_OTHER_CLASS_STYLE = ("#b5b5b5", "dot", "Other")


@dataclass(frozen=True)
class _Group:
    name: str
    colour: str
    predicates: tuple[str, ...]
    dashed: bool = False


#: Predicate groups of the ontology contract (DESIGN.md) with their edge colour, in legend
#: order. ``withdrawsFrom`` is kept apart from conflict.
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
    _Group("geography", "#9c9c9c", ("locatedIn", "partOf", "borders"), True),
)
_OTHER_GROUP = _Group("other", "#a0a0a0", ())
_PRED_GROUP = {p: g for g in PREDICATE_GROUPS for p in g.predicates}
#: Intended counterpart of a base predicate, for intended statements that keep the base one
#: (:data:`ontology.vocab.SEEKS`, read from ``nufuz.ttl``).
_SEEKS = SEEKS

#: Graphs with at most this many nodes get vis-network physics (stabilise, then freeze)
#: on top of the precomputed layout; larger ones are drawn at the precomputed positions,
#: except their overview (:data:`OVERVIEW_NODES`), which the page lays out with physics.
PHYSICS_MAX_NODES = 300
#: Graphs with more nodes than this open on an overview: the :data:`OVERVIEW_NODES` most
#: central entities (by the centrality chosen for node size), entities of isolated pairs
#: folded away; the page counts what is hidden and can show everything.
OVERVIEW_MIN_NODES = 200
#: Entities of the overview (the first view of a large graph).
OVERVIEW_NODES = 120
#: The page re-lays out the visible subgraph (vis-network physics, then frozen) after a
#: filter or overview change when at most this many entities are visible; above, the
#: precomputed positions are kept.
RELAYOUT_MAX_NODES = 1200
#: Columns of the page's "visible statements" CSV: the names of
#: :data:`visualizations.export.CSV_COLUMNS` that the page model holds, in that order.
PAGE_CSV_COLUMNS = ("subject_en", "subject_ar", "predicate", "object_en", "object_ar", "mode",
                    "date", "confidence", "plover", "cameo", "location_en", "topic_en",
                    "evidence", "evidence_lang", "article", "source", "headline",
                    "reported_by_en", "attributed_to")
#: Relations the page's map draws, from the actor's location to the place: presence,
#: withdrawal and influence (held or sought).
MAP_PREDICATES = ("hasMilitaryPresenceIn", "seeksMilitaryPresenceIn", "withdrawsFrom",
                  "hasInfluenceIn", "seeksInfluenceIn")
#: Relations that give a person's or an organisation's country for the map, when their
#: object is a country with a point (:func:`actor_homes`).
HOME_PREDICATES = ("locatedIn", "leaderOf", "officialOf")
#: Edge labels (predicate names) are drawn only up to this many edges (text is costly).
EDGE_LABELS_MAX_EDGES = 600
#: Exact betweenness (Brandes, O(nm)) up to this many nodes; above, estimated from
#: :data:`BETWEENNESS_SAMPLES` source nodes.
BETWEENNESS_MAX_NODES = 800
#: Source nodes of the betweenness estimate of large graphs.
BETWEENNESS_SAMPLES = 64
#: From this many entities a page's measures, communities and layout (:func:`graph_shape`)
#: are computed on another core (:func:`kg.background.forked`) while this one writes the
#: statements: a third of the model's time for the 300 entities of a two-hop view of a hub
#: of the 28k store (about 0.6 of 1.3 CPU-s). Below, a second process costs more than it saves.
PARALLEL_MIN_NODES = 150
#: Graphs with more nodes than this get the two-level (community) layout.
_SINGLE_LAYOUT_MAX_NODES = 400
#: Typical distance between neighbours in the page, pixels (vis-network canvas units).
_SPACING_PX = 140.0
_MAX_ALT_LABELS = 12


# --------------------------------------------------------------------------- focus


class FocusNotFound(LookupError):
    """The focus of an ego view names no entity of the graph.

    Attributes
    ----------
    name : str
        The name given.
    suggestions : list[str]
        Close entity names (English and Arabic labels), best first.
    """

    def __init__(self, message: str, name: str, suggestions: list[str]):
        super().__init__(message)
        self.name = name
        self.suggestions = suggestions


_HARAKAT = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})


@functools.lru_cache(maxsize=65536)
def _norm(text: str) -> str:
    t = unicodedata.normalize("NFKC", str(text)).casefold()
    t = _HARAKAT.sub("", t).translate(_ALEF)
    return re.sub(r"\s+", " ", t).strip()


def resolve_focus(index: GraphIndex, name: str, nodes: set[str] | None = None) -> str:
    """IRI of the entity an ego view is centred on.

    Parameters
    ----------
    index : kg.analytics.GraphIndex
        The dataset's index (:func:`kg.analytics.read_graph`).
    name : str
        An Arabic or English label or alias, an ``nzr:`` id or a full IRI (rules of
        :func:`kg.analytics.resolve_entity`; a preferred label beats an alias, then the
        entity with more statements wins).
    nodes : set of str, optional
        The IRIs that have a relation in an article; the focus must be one of them.

    Returns
    -------
    str
        The entity IRI.

    Raises
    ------
    FocusNotFound
        When no entity has that name, or the entity has no relation in any article; the
        message is one line with up to five close names.
    """
    try:
        iri = resolve_entity(index, name, prefer=())
    except UnknownEntityError:
        iri = None
    if iri is not None and (nodes is None or iri in nodes):
        return iri
    raise focus_not_found(index, name, iri, nodes if nodes is not None else set(index.entities))


def focus_not_found(index: GraphIndex, name: str, iri: str | None, pool) -> FocusNotFound:
    """The error of :func:`resolve_focus` for a name that names no entity of ``pool``.

    Parameters
    ----------
    index : kg.analytics.GraphIndex
        Holds the descriptions (labels, aliases) of the entities of ``pool``.
    name : str
        The name given.
    iri : str or None
        The entity the name stands for when it has no relation in an article, else None.
    pool : iterable of str
        The entities that may be a focus (those with an article relation), for the close
        names.

    Returns
    -------
    FocusNotFound
        One line with up to five close names (English, else Arabic labels of the entities
        whose label or alias is close to ``name`` or holds it).
    """
    names: dict[str, str] = {}
    for i in sorted(pool):
        e = index.entity(i)
        for lab in (e.label_en, e.label_ar, *e.alt_labels):
            if lab:
                names.setdefault(_norm(lab), e.label_en or e.label_ar or lab)
    import difflib

    key = _norm(name)
    close = difflib.get_close_matches(key, list(names), n=8, cutoff=0.7)
    close += sorted(k for k in names if key and len(key) >= 3 and key in k)
    suggestions = list(dict.fromkeys(names[k] for k in close))[:5]
    hint = f"; close names: {', '.join(suggestions)}" if suggestions else ""
    if iri is not None:
        msg = f"{name!r} ({iri}) has no relation in any article of the data{hint}"
    else:
        msg = f"no entity named {name!r} in the data{hint}"
    return FocusNotFound(msg, name, suggestions)


# --------------------------------------------------------------------------- mentions


def _utf16(text: str) -> list[int]:
    """UTF-16 offset of every code point index of ``text`` (and of its end)."""
    out, n = [], 0
    for ch in text:
        out.append(n)
        n += 2 if ord(ch) > 0xFFFF else 1
    out.append(n)
    return out


#: Character -> what it is in the text :func:`mention_spans` searches: a space for any
#: space, nothing for a diacritic or tatweel, else its :func:`_norm` (the character itself
#: when that is empty).
_CHAR_NORM: dict[str, str] = {}
_CHAR_TABLE: dict[int, str] = {}  # the same by code point, for str.translate
_CHAR_ODD: set[str] = set()  # the characters that do not become exactly one
_CHAR_CHANGED: set[str] = set()  # the characters that do not stay as they are
_FOUND = (-1).__ne__  # str.find's result -> whether found


def _char_norm(ch: str) -> str:
    n = " " if ch.isspace() else _norm(ch)
    if not n:
        n = "" if _HARAKAT.match(ch) else ch
    _CHAR_NORM[ch] = n
    _CHAR_TABLE[ord(ch)] = n
    if len(n) != 1:
        _CHAR_ODD.add(ch)
    if n != ch:
        _CHAR_CHANGED.add(ch)
    return n


@functools.lru_cache(maxsize=8192)
def _norm_forms(forms: tuple[str, ...]) -> tuple[str, ...]:
    """The distinct :func:`_norm` forms of at least 2 characters, in a fixed order."""
    return tuple(sorted({f for f in map(_norm, filter(None, forms)) if len(f) >= 2}))


@functools.lru_cache(maxsize=1024)
def _prepared(text: str) -> tuple[str, range | list[int], list[int] | None]:
    """What :func:`mention_spans` searches in ``text`` (computed once per sentence: a
    sentence is the evidence of several statements): the normalised text, the index in
    ``text`` of each of its characters, and the UTF-16 offsets of ``text`` (None when it
    has no astral character: the offsets are the indices)."""
    chars = set(text)
    for ch in chars.difference(_CHAR_NORM):
        _char_norm(ch)
    changed = chars.intersection(_CHAR_CHANGED)
    if any(not changed.isdisjoint(_CHAR_NORM[ch]) for ch in changed):
        norm = text.translate(_CHAR_TABLE)
    else:  # no replacement holds a character replaced: one str.replace per character (faster)
        norm = text
        for ch in changed:
            norm = norm.replace(ch, _CHAR_NORM[ch])
    odd = chars.intersection(_CHAR_ODD)
    if not odd:
        index: range | list[int] = range(len(text))  # one character for one: the same offsets
    else:  # runs of one-for-one characters between the odd ones (diacritics, ligatures)
        at = sorted(k for ch in odd for k in _positions(text, ch))
        index, prev = [], 0
        for k in at:
            index.extend(range(prev, k))
            index.extend([k] * len(_CHAR_NORM[text[k]]))
            prev = k + 1
        index.extend(range(prev, len(text)))
    u16 = None if not text or max(chars) <= "\uffff" else _utf16(text)
    return norm, index, u16


def _positions(text: str, ch: str) -> list[int]:
    out, k = [], text.find(ch)
    while k >= 0:
        out.append(k)
        k = text.find(ch, k + 1)
    return out


def mention_spans(text: str, names: dict[str, list[str]]) -> list[list]:
    """Where the given names occur in a sentence, for highlighting.

    Parameters
    ----------
    text : str
        The evidence sentence.
    names : dict[str, list[str]]
        Kind -> surface forms to look for (``"s"`` subject, ``"o"`` object, ``"t"``
        trigger). Forms shorter than 2 characters are ignored.

    Returns
    -------
    list[list]
        ``[start, end, kind]`` in UTF-16 code units (JavaScript string offsets), sorted,
        non-overlapping; at equal position the longest form wins, and a kind listed first
        wins a tie of equal length.

    Notes
    -----
    Matching ignores case, Arabic diacritics and tatweel, and the alef/yaa/taa-marbuta
    variants, so ``"الولايات المتحدة"`` is found in ``"الولايات المتّحدة"``; a form may sit
    inside a longer word (Arabic clitics such as و، ب، ل are written attached).

    Examples
    --------
    >>> mention_spans("التقى بوتين وشي", {"s": ["بوتين"], "o": ["شي"]})
    [[6, 11, 's'], [13, 15, 'o']]
    """
    norm, index, u16 = _prepared(text)
    found = []
    for rank, (kind, forms) in enumerate(names.items()):
        nf = _norm_forms(tuple(forms))  # (a tuple: cached)
        # the forms that occur at all, picked out in C (an entity may have dozens of forms)
        for form in compress(nf, map(_FOUND, map(norm.find, nf))):
            start = norm.find(form)
            while start >= 0:
                a, b = index[start], index[start + len(form) - 1] + 1
                found.append((a, -(b - a), rank, b, kind))
                start = norm.find(form, start + 1)
    spans, last_end = [], -1
    for a, _neg, _rank, b, kind in sorted(found):
        if a >= last_end:
            spans.append((a, b, kind))
            last_end = b
    if u16 is None:   # no astral character: same offsets
        return [[a, b, k] for a, b, k in spans]
    return [[u16[a], u16[b], k] for a, b, k in spans]


# --------------------------------------------------------------------------- layout


def _undirected(edges) -> nx.Graph:
    g = nx.Graph()
    for u, v, w in edges:
        if u == v:
            g.add_node(u)
        elif g.has_edge(u, v):
            g.edges[u, v]["weight"] += w
        else:
            g.add_edge(u, v, weight=w)
    return g


def _spring(g: nx.Graph, seed: int, iterations: int) -> dict:
    """Spring layout in units where neighbours sit about 1 apart."""
    n = g.number_of_nodes()
    nodes = sorted(g, key=str)
    if n == 1:
        return {nodes[0]: np.zeros(2)}
    if n == 2:
        return {nodes[0]: np.array([-0.5, 0.0]), nodes[1]: np.array([0.5, 0.0])}
    h = nx.Graph()
    h.add_nodes_from(nodes)
    h.add_edges_from(sorted(g.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))))
    k = 1.0 / math.sqrt(n)
    pos = nx.spring_layout(h, k=k, iterations=iterations, seed=seed, weight=None)
    # spring_layout rescales into [-1, 1]; neighbours end up about 2k apart
    return {v: p / (1.6 * k) for v, p in pos.items()}


def _separate(centres: np.ndarray, radii: np.ndarray, rounds: int = 60) -> np.ndarray:
    """Push apart circles that overlap (vectorised, a few rounds)."""
    c = centres.astype(float).copy()
    m = len(c)
    if m < 2:
        return c
    for _ in range(rounds):
        d = c[:, None, :] - c[None, :, :]
        dist = np.sqrt((d ** 2).sum(-1)) + np.eye(m)
        need = (radii[:, None] + radii[None, :]) * 1.05 - dist
        np.fill_diagonal(need, 0.0)
        push = np.clip(need, 0.0, None)
        if not push.any():
            break
        move = (d / dist[..., None] * (push / 2.0)[..., None]).sum(1)
        c += move
    return c


def layout_positions(edges, groups: list | None = None, seed: int = 7) -> dict:
    """Positions of the nodes of an entity network, in vis-network pixels.

    Parameters
    ----------
    edges : iterable of (node, node, weight)
        Undirected view of the network; a ``(u, u, w)`` edge only adds the node ``u``.
    groups : list of sets, optional
        Communities (a partition of the nodes, e.g. :func:`kg.analytics.communities`);
        needed for the two-level layout of graphs of more than 400 nodes, ignored below.
    seed : int
        Random seed, so the same graph always gets the same picture.

    Returns
    -------
    dict
        node -> ``(x, y)`` floats, neighbours about 140 px apart, centred on 0.

    Notes
    -----
    Up to 400 nodes: one Fruchterman–Reingold spring layout
    (:func:`networkx.spring_layout`). Above, a two-level layout in the spirit of
    multilevel force-directed methods (Walshaw 2000; Hu 2005): each community is laid out on
    its own with the spring layout and given a disc whose area grows with its size; the
    community graph (one node per community, edges weighted by the edges between them) is
    laid out with the spring layout; overlapping discs are then pushed apart. The cost is
    that of the largest community's spring layout instead of the whole graph's
    (about 2 s at 5,000 nodes instead of 50 s).
    """
    g = _undirected(edges)
    n = g.number_of_nodes()
    if n == 0:
        return {}
    if n <= _SINGLE_LAYOUT_MAX_NODES or not groups:
        pos = _spring(g, seed, 150 if n <= 150 else 80)
    else:
        comm_of = {}
        # (a community's nodes without an edge get no position here: the caller's default)
        parts = [part for part in ([v for v in sorted(p, key=str) if v in g] for p in groups) if part]
        for ci, part in enumerate(parts):
            for v in part:
                comm_of[v] = ci
        for v in sorted(g, key=str):
            if v not in comm_of:
                comm_of[v] = len(parts)
                parts.append([v])
        local, radii = [], []
        for ci, part in enumerate(parts):
            sub = g.subgraph(part)
            p = _spring(sub, seed + ci, 60 if len(part) <= 300 else 35)
            arr = np.array([p[v] for v in part])
            arr -= arr.mean(0)
            r = float(np.sqrt((arr ** 2).sum(1)).max()) if len(part) > 1 else 0.0
            local.append(arr)
            radii.append(r + 0.8)
        q = nx.Graph()
        q.add_nodes_from(range(len(parts)))
        for u, v, w in g.edges(data="weight"):
            a, b = comm_of[u], comm_of[v]
            if a != b:
                q.add_edge(a, b, weight=q.edges[a, b]["weight"] + w if q.has_edge(a, b) else w)
        radii_a = np.array(radii)
        qpos = nx.spring_layout(q, seed=seed, iterations=100, weight="weight")
        centres = np.array([qpos[i] for i in range(len(parts))])
        # scale so that the discs' total area fits with some slack, then remove overlaps
        half = math.sqrt(float((math.pi * radii_a ** 2).sum()) * 1.6) / 2.0
        centres = _separate(centres * half, radii_a)
        pos = {}
        for ci, part in enumerate(parts):
            for v, xy in zip(part, local[ci] + centres[ci]):
                pos[v] = xy
    arr = np.array(list(pos.values()))
    mid = arr.mean(0)
    return {v: (round(float(p[0] - mid[0]) * _SPACING_PX, 1),
                round(float(p[1] - mid[1]) * _SPACING_PX, 1)) for v, p in pos.items()}


# --------------------------------------------------------------------------- measures


def _betweenness(proj: nx.MultiDiGraph, seed: int) -> dict:
    """Betweenness centrality: exact (:func:`kg.analytics.centrality`) up to
    :data:`BETWEENNESS_MAX_NODES` nodes, else estimated from ``BETWEENNESS_SAMPLES`` source
    nodes (Brandes & Pich 2007, :func:`kg.analytics_network.betweenness` with ``k``: the values
    of :func:`networkx.betweenness_centrality` with ``k``)."""
    n = proj.number_of_nodes()
    if n <= BETWEENNESS_MAX_NODES:
        return centrality(proj, "betweenness")
    u = nx.Graph()
    u.add_nodes_from(sorted(proj, key=str))
    u.add_edges_from((a, b) for a, b in proj.edges() if a != b)
    return betweenness(u, k=BETWEENNESS_SAMPLES, seed=seed)


def graph_shape(nodes: list[str], edges: list[tuple[str, str, str, int]],
                seed: int = 7) -> tuple[dict[str, dict[str, float]], list[frozenset[str]], dict]:
    """The measures, communities and positions of the entities a page draws.

    Parameters
    ----------
    nodes : list of str
        The entities' IRIs (each becomes a node, with or without an edge).
    edges : list of (subject, predicate, object, statements)
        The article edges drawn, each with the number of its statements (>= 1: its weight).
    seed : int
        Seed of the Louvain communities and of the layout.

    Returns
    -------
    (dict, list, dict)
        ``{"pr": PageRank, "dg": degree, "bt": betweenness}`` (node -> float;
        :func:`kg.analytics.centrality`, :func:`_betweenness`), the communities
        (:func:`kg.analytics.communities`: largest first) and node -> ``(x, y)`` pixels
        (:func:`layout_positions`; ``(0.0, 0.0)`` for a node of no edge). Small enough to
        send back from another process (:func:`kg.background.forked`).
    """
    proj = nx.MultiDiGraph()
    proj.add_nodes_from(nodes)
    for s, p, o, n in edges:
        proj.add_edge(s, o, key=p, statements=n)
    measures = {"pr": centrality(proj, "pagerank"), "dg": centrality(proj, "degree"),
                "bt": _betweenness(proj, seed)}
    comms = communities(proj, seed=seed)
    pos = layout_positions(((s, o, n) for s, _, o, n in edges), groups=comms, seed=seed)
    for v in nodes:
        pos.setdefault(v, (0.0, 0.0))
    return measures, comms, pos


# --------------------------------------------------------------------------- dates


@functools.lru_cache(maxsize=8192)
def _interval(value: str) -> tuple[str, str] | None:
    """``(first day, last day)`` of an xsd:date / gYearMonth / gYear / dateTime lexical (once
    per value: the articles of a day share their date)."""
    m = re.match(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value or "")
    if not m:
        return None
    y, mo, d = m.group(1), m.group(2), m.group(3)
    if d:
        return (f"{y}-{mo}-{d}",) * 2
    if mo:
        return f"{y}-{mo}-01", f"{y}-{mo}-31"
    return f"{y}-01-01", f"{y}-12-31"


def _statement_dates(st: StatementRecord, published: str) -> tuple[str, str, str, bool]:
    """Display date, filter interval start/end, and whether it came from the article."""
    if st.date and _interval(st.date):
        lo, hi = _interval(st.date)
        return st.date, lo, hi, False
    start, end = _interval(st.start_date), _interval(st.end_date)
    if start or end:
        shown = f"{st.start_date or '…'} – {st.end_date or '…'}"
        return shown, (start or ("0000-01-01",))[0], (end or ("9999-12-31",) * 2)[1], False
    if published and _interval(published):
        lo, hi = _interval(published)
        return published, lo, hi, True
    return "", "", "", False


# --------------------------------------------------------------------------- model


def _edge_key(s: str, pred: str, o: str) -> tuple[str, str, str]:
    if pred in SYMMETRIC and o < s:
        s, o = o, s
    return (s, pred, o)


def _outlet_of(st: StatementRecord, index: GraphIndex, source: str) -> str:
    if st.reported_by:
        return index.label(st.reported_by, "en")
    return _outlet_host(source)


#: A source URL whose host is plain letters, digits, dots and hyphens, then a path, query,
#: fragment or nothing: its host is read without urllib (which gives the same, lowercased).
_PLAIN_HOST = re.compile(r"https?://([A-Za-z0-9.-]+)(?=[/?#]|\Z)")


@functools.lru_cache(maxsize=65536)
def _outlet_host(source: str) -> str:
    """The outlet of an article's http(s) source: its host without ``www.`` (once per
    source: an article has many statements)."""
    if source.startswith(("http://", "https://")):
        plain = _PLAIN_HOST.match(source)
        host = plain.group(1).lower() if plain else (urlparse(source).hostname or "")
        return host[4:] if host.startswith("www.") else host
    return ""


def actor_homes(index: GraphIndex, iris) -> dict[str, str]:
    """The country each actor acts from, for the map: IRI -> IRI of a country with a point.

    Parameters
    ----------
    index : kg.analytics.GraphIndex
        The dataset's index (:func:`kg.analytics.read_graph`).
    iris : iterable of str
        The entities to place (those with their own ``schema:latitude``/``longitude`` are
        skipped: they are drawn at their point).

    Returns
    -------
    dict[str, str]
        Only the entities for which the data names a country that has a point: first its
        ``nz:country`` (actor groups), else a knowledge-base fact ``locatedIn``,
        ``leaderOf`` or ``officialOf`` (:data:`HOME_PREDICATES`) whose object is such a
        country, else the article relations of these predicates (the country most often
        stated; ties by IRI). Others (no country, or one without a point) are left out.
    """
    def placed(iri: str) -> bool:
        e = index.entities.get(iri)
        return e is not None and e.cls == "Country" and e.latitude is not None

    todo = {i for i in iris if index.entity(i).latitude is None}
    out: dict[str, str] = {}
    for i in sorted(todo):
        c = index.entity(i).country
        if c and placed(c):
            out[i] = c
    kb: dict[str, list[str]] = defaultdict(list)
    for s, p, o in index.kb_facts:
        if s in todo and s not in out and p in HOME_PREDICATES and placed(o):
            kb[s].append(o)
    for s, os_ in kb.items():
        out[s] = min(os_)
    said: dict[str, Counter] = defaultdict(Counter)
    for s, p, o, _g in index.edges:
        if s in todo and s not in out and p in HOME_PREDICATES and placed(o):
            said[s][o] += 1
    for s, counts in said.items():
        out[s] = min(counts, key=lambda o: (-counts[o], o))
    return out


def ego_entities(edges, focus: str, hops: int, max_entities: int | None = None) -> tuple[set[str], int]:
    """The entities an ego view shows: those within ``hops`` article relations of the focus,
    at most ``max_entities`` of them.

    Parameters
    ----------
    edges : iterable of (subject, predicate, object, graph)
        The distinct article edges (:attr:`kg.analytics.GraphIndex.edges`: one per triple
        and article graph), taken in either direction.
    focus : str
        IRI of the focus.
    hops : int
        Radius, >= 0.
    max_entities : int, optional
        At most this many entities (>= 1; None: no limit). The entities are taken nearest
        first, a whole distance at a time (the focus, then those 1 hop away, ...); of the
        first distance that does not fit whole, those with the most article edges to the
        entities taken before it (ties by IRI) fill what is left; farther ones are left out.

    Returns
    -------
    (set of str, int)
        The entities shown, and the number within ``hops`` (more than shown when
        ``max_entities`` left some out).

    Examples
    --------
    >>> rows = [("f", "p", "a", "g1"), ("f", "p", "b", "g1"), ("f", "p", "b", "g2"), ("a", "p", "c", "g1")]
    >>> sorted(ego_entities(rows, "f", 2)[0]), ego_entities(rows, "f", 2)[1]
    (['a', 'b', 'c', 'f'], 4)
    >>> sorted(ego_entities(rows, "f", 2, max_entities=2)[0])
    ['b', 'f']
    """
    adjacent: dict[str, Counter] = defaultdict(Counter)
    for s, _p, o, _g in edges:
        if s != o:
            adjacent[s][o] += 1
            adjacent[o][s] += 1
    seen, levels, frontier = {focus}, [[focus]], [focus]
    for _ in range(hops):
        nxt = sorted({w for v in frontier for w in adjacent.get(v, ()) if w not in seen})
        if not nxt:
            break
        seen.update(nxt)
        levels.append(nxt)
        frontier = nxt
    if max_entities is None or len(seen) <= max_entities:
        return seen, len(seen)
    kept: set[str] = set()
    for level in levels:
        if len(kept) + len(level) <= max_entities:
            kept.update(level)
            continue
        weight = {v: sum(n for w, n in adjacent[v].items() if w in kept) for v in level}
        kept.update(sorted(level, key=lambda v: (-weight[v], v))[:max_entities - len(kept)])
        break
    return kept, len(seen)


def overview_entities(edges, max_entities: int | None = None) -> tuple[set[str], int]:
    """The entities a view without a focus shows: every entity in an article relation, or
    the ``max_entities`` with the most article edges.

    Parameters
    ----------
    edges : iterable of (subject, predicate, object, graph)
        The distinct article edges (:attr:`kg.analytics.GraphIndex.edges`: one per triple
        and article graph), taken in either direction; an edge of an entity with itself
        makes it an entity in a relation but counts for nothing.
    max_entities : int, optional
        At most this many entities (>= 1; None: no limit): those with the most article
        edges (one per relation and article, to other entities), ties by IRI; as
        :func:`ego_entities` fills its last distance, and as the Neo4j Browser caps what it
        draws first (300 nodes by default).

    Returns
    -------
    (set of str, int)
        The entities kept, and the number of entities in article relations (more than kept
        when ``max_entities`` left some out). The view draws the relations among the kept
        entities only: one whose relations all go to entities left out is not drawn.

    Examples
    --------
    >>> rows = [("a", "p", "b", "g1"), ("a", "p", "c", "g1"), ("a", "p", "c", "g2"), ("d", "p", "d", "g1")]
    >>> kept, within = overview_entities(rows, 2)
    >>> sorted(kept), within
    (['a', 'c'], 4)
    """
    weight: Counter = Counter()
    for s, _p, o, _g in edges:
        if s != o:
            weight[s] += 1
            weight[o] += 1
        else:  # in a relation, with no edge to count
            weight.setdefault(s, 0)
    if max_entities is None or len(weight) <= max_entities:
        return set(weight), len(weight)
    return set(sorted(weight, key=lambda v: (-weight[v], v))[:max_entities]), len(weight)


def explorer_data(ds, title: str = "nufuz graph", focus: str | None = None, hops: int = 2,
                  seed: int = 7, max_entities: int | None = None,
                  max_evidence: int | None = None, clean: bool = True,
                  parallel: bool | None = None) -> dict:
    """Everything the explorer page shows, as one JSON-ready dict.

    Parameters
    ----------
    ds : rdflib.Dataset, rdflib.Graph or kg.analytics.GraphIndex
        A nufuz dataset (ontology contract, DESIGN.md): one named graph per article with
        its truthy edges and ``nz:Statement`` nodes, and the knowledge-base graph.
    title : str
        Page title (plain text; the page escapes it).
    focus : str, optional
        Ego view: an entity name (Arabic or English label or alias), ``nzr:`` id or IRI;
        only the entities within ``hops`` relations of it are kept.
    hops : int
        Radius of the ego view, in relations (any direction); ignored without ``focus``.
    seed : int
        Seed of the layout and of the Louvain communities.
    max_entities : int, optional
        At most this many entities: in an ego view the nearest first (:func:`ego_entities`),
        without a focus those with the most article edges (:func:`overview_entities`); None:
        all within ``hops``, or all. When some are left out, ``omitted`` says how many.
    max_evidence : int, optional
        The statements of a relation (edge) written with their evidence, in the page's
        order (by date); the others are in ``statements`` without it (``x: 1``, no
        ``sl``/``ol``/``ev``/``lang``/``dir``/``hl``/``at``/``pl``/``cm``/``loc``/``top``):
        counted, filtered, dated and in the timeline like the others, and ``omitted`` says
        how many. None: all. Statements listed with their entities (no edge) always are.
    clean : bool
        Remove bidirectional control characters from every string (one pass over the model
        as JSON). False: only from the evidence, headlines and sources (the rest is left to
        the page writer: :func:`visualizations.html.page_html` checks the page's JSON and
        cleans it; ``nufuz view`` saves the pass).
    parallel : bool, optional
        Compute the measures, communities and layout (:func:`graph_shape`) in a child
        process while this one writes the statements (:func:`kg.background.forked`: Linux,
        two CPUs or more; elsewhere here): None, from :data:`PARALLEL_MIN_NODES` entities;
        True, always; False, never. The model is the same either way.

    Returns
    -------
    dict
        ``title``, ``focus`` (IRI or None), ``hops``, ``physics`` (bool: physics then
        freeze, for graphs of at most :data:`PHYSICS_MAX_NODES` nodes), ``edgeLabels``
        (bool), ``overview`` (int: the number of most central entities the first view
        shows, 0 = all; :data:`OVERVIEW_NODES` above :data:`OVERVIEW_MIN_NODES` entities, 0
        in an ego view), ``relayoutMax`` (:data:`RELAYOUT_MAX_NODES`), ``csvColumns``
        (:data:`PAGE_CSV_COLUMNS`, the header of the page's CSV export), ``counts`` (what
        the page draws: entities in a relation, relations, the statements on them...),
        ``headline`` (the dataset's headline counts,
        :meth:`kg.analytics.HeadlineCounts.as_dict`, the same as the build summary and the
        report; of the whole data, also in an ego view) and ``definitions`` (their
        :data:`kg.analytics.COUNT_DEFINITIONS`, English and Arabic), ``classes`` (``[name, colour, shape, legend group]`` of the
        classes present), ``groups`` (``[name, colour, predicates, dashed]``),
        ``predicates`` (local name -> ``[group, English label, Arabic label, symmetric]``),
        ``measures`` (centralities computed), ``articles`` (``[IRI, headline, source,
        date published, link]``; ``link`` is the source when it is an http(s) URL that may
        be a link, else ``""``: :func:`visualizations.bidi.safe_link`), ``outlets`` (names),
        ``nodes``, ``edges`` and ``statements``
        (lists of dicts with short keys; see ``visualizations/explorer.js``), ``map``
        (``predicates``: the :data:`MAP_PREDICATES` present, ``places``: the place classes,
        ``placed``: the number of nodes with a point), and, only when a limit left something
        out, ``omitted``: ``entities`` (left out), ``within`` (entities within ``hops``, or in
        article relations without a focus) and
        ``maxEntities``; ``evidence`` (statements without their evidence) and
        ``maxEvidence``. Node ``x``/
        ``y`` are pixels; ``ll`` is ``[latitude, longitude]`` of an entity with
        ``schema:latitude``/``longitude``, ``hm`` ``[latitude, longitude, Arabic label,
        English label]`` of the country an actor without a point acts from
        (:func:`actor_homes`); ``pr``/``dg``/``bt`` are PageRank, degree and betweenness
        centrality (``bt`` estimated above :data:`BETWEENNESS_MAX_NODES` nodes), ``cm`` the
        community number (largest first). Statement ``hl`` spans are UTF-16 offsets
        (:func:`mention_spans`); statement ``dir`` is the evidence's writing direction
        (``"ltr"``/``"rtl"``, from its language tag, else its script:
        :func:`visualizations.bidi.text_direction`). No string of the model contains a
        bidirectional control character (:func:`visualizations.bidi.strip_bidi`).

    Raises
    ------
    FocusNotFound
        When ``focus`` names no entity with a relation in an article.
    ValueError
        When ``hops`` is negative.

    Notes
    -----
    An article edge is one truthy ``(subject, predicate, object)`` (one per unordered pair
    for the symmetric ``meetsWith``, ``cooperatesWith``, ``borders``); a statement is
    attached to the edge with its subject, predicate and object (an intended statement that
    keeps a base predicate goes to the ``seeks…`` edge). Negated and hypothetical
    statements have no edge; they are listed with their entities (``e`` = -1). Knowledge-base
    facts are added only between shown entities and when no article edge says the same.
    """
    if hops < 0:
        raise ValueError(f"hops must be >= 0, got {hops}")
    index = read_graph(ds)
    acc: dict[tuple[str, str, str], dict] = {}
    for s, p, o, graph in index.edges:
        key = _edge_key(s, p, o)
        e = acc.setdefault(key, {"articles": set(), "statements": []})
        if graph:
            e["articles"].add(graph)
    node_set = {x for k in acc for x in (k[0], k[2])}

    focus_iri = None
    within = 0
    keep = None
    if focus is not None:
        focus_iri = resolve_focus(index, focus, node_set)
        keep, within = ego_entities(index.edges, focus_iri, hops, max_entities)
    elif max_entities is not None:  # a view of the whole: the entities with the most edges
        keep, within = overview_entities(index.edges, max_entities)
    if keep is not None and (focus_iri or within > len(keep)):
        acc = {k: v for k, v in acc.items() if k[0] in keep and k[2] in keep}
        node_set = {x for k in acc for x in (k[0], k[2])} | ({focus_iri} if focus_iri else set())

    # statements: attached to their edge, or listed with their entities
    edge_keys = sorted(acc, key=lambda k: (k[0], k[1], k[2]))
    edge_no = {k: i for i, k in enumerate(edge_keys)}
    stmts: list[tuple[StatementRecord, int]] = []
    for st in index.statements:
        key = _edge_key(st.subject, st.predicate, st.object)
        eno = edge_no.get(key, -1) if st.truthy or st.mode == "intended" else -1
        if eno < 0 and st.mode == "intended" and st.predicate in _SEEKS:
            eno = edge_no.get(_edge_key(st.subject, _SEEKS[st.predicate], st.object), -1)
        if eno >= 0:
            stmts.append((st, eno))
            if st.article:
                acc[edge_keys[eno]]["articles"].add(st.article)
        elif not st.truthy and (st.subject in node_set or st.object in node_set):
            stmts.append((st, -1))  # negated, hypothetical: no edge, listed with its entities

    # knowledge-base background facts between shown nodes
    kb_keys = []
    seen = set(acc)
    for s, p, o in index.kb_facts:
        key = _edge_key(s, p, o)
        if s in node_set and o in node_set and s != o and key not in seen:
            seen.add(key)
            kb_keys.append(key)
    kb_keys.sort()

    nodes = sorted(node_set)
    nid = {iri: i for i, iri in enumerate(nodes)}

    # measures, communities and layout of the shown article edges (on another core when
    # the graph is big: they need nothing of what follows)
    stat_count = Counter(eno for _, eno in stmts if eno >= 0)
    weighted = [(s, p, o, max(1, stat_count[i])) for i, (s, p, o) in enumerate(edge_keys)]
    if parallel or (parallel is None and len(nodes) >= PARALLEL_MIN_NODES):
        shaped = forked(graph_shape, nodes, weighted, seed)
    else:
        shaped = Forked(graph_shape, (nodes, weighted, seed))
    try:
        degree = Counter()
        for s, _, o in edge_keys:
            degree[s] += 1
            degree[o] += 1

        articles = sorted({st.article for st, _ in stmts if st.article}
                          | {a for k in acc.values() for a in k["articles"]})
        aid = {a: i for i, a in enumerate(articles)}
        art_out = []
        for a in articles:
            info = index.articles.get(a)
            source = info.source if info else ""
            # (cleaned here: a headline with a control character would make the whole model
            # be copied by strip_bidi_deep below)
            art_out.append([strip_bidi(a), strip_bidi(info.headline) if info else "", strip_bidi(source),
                            strip_bidi(info.date_published) if info else "", safe_link(source)])

        outlets: dict[str, int] = {}
        st_out = []
        names: dict[str, tuple[str, ...]] = {}

        def names_of(e) -> tuple[str, ...]:  # the forms to highlight, once per entity
            found = names.get(e.iri)
            if found is None:
                found = names[e.iri] = tuple(strip_bidi(f) for f in (e.label_ar, e.label_en, *e.alt_labels))
            return found

        # what each statement is filtered, dated and ordered by (all of them), then the evidence
        # and the rest (those listed: all, or the first max_evidence of each relation)
        base = []
        for st, eno in stmts:
            info = index.articles.get(st.article)
            published = info.date_published if info else ""
            source = info.source if info else ""
            shown, lo, hi, from_article = _statement_dates(st, published)
            outlet = _outlet_of(st, index, source)
            oid = outlets.setdefault(outlet, len(outlets)) if outlet else -1
            base.append((shown, lo, hi, from_article, oid, aid.get(st.article, -1)))
        # the statements of an edge in date order
        edge_st: dict[int, list[int]] = defaultdict(list)
        for k, (st, eno) in enumerate(stmts):
            if eno >= 0:
                edge_st[eno].append(k)
        for ks in edge_st.values():
            ks.sort(key=lambda k: (base[k][1] or "9999", base[k][5], k))
        unlisted = set()
        if max_evidence is not None:
            for ks in edge_st.values():
                unlisted.update(ks[max_evidence:])
        for k, (st, eno) in enumerate(stmts):
            shown, lo, hi, from_article, oid, a = base[k]
            if k in unlisted:  # counted, filtered and dated in the page; its evidence is not
                st_out.append({"e": eno, "s": nid.get(st.subject, -1), "o": nid.get(st.object, -1),
                               "p": st.predicate, "m": st.mode, "dt": shown, "d0": lo, "d1": hi,
                               "da": from_article, "cf": st.confidence, "ou": oid, "a": a, "x": 1})
                continue
            subj, obj = index.entity(st.subject), index.entity(st.object)
            forms = {"s": names_of(subj), "o": names_of(obj), "t": (strip_bidi(st.trigger),)}
            evidence = strip_bidi(st.evidence)
            att = st.attributed_to
            if att.startswith(("http://", "https://")):
                att = index.label(att, "en")
            st_out.append({
                "e": eno, "s": nid.get(st.subject, -1), "o": nid.get(st.object, -1),
                # no English label: the Arabic one stands in English mode too (never the id)
                "sl": [subj.label_ar, subj.label_en or ("" if subj.label_ar else subj.id)],
                "ol": [obj.label_ar, obj.label_en or ("" if obj.label_ar else obj.id)],
                "p": st.predicate, "m": st.mode, "ev": evidence, "lang": st.evidence_lang,
                "dir": text_direction(evidence, st.evidence_lang),
                "hl": mention_spans(evidence, forms) if evidence else [],
                "dt": shown, "d0": lo, "d1": hi, "da": from_article,
                "cf": st.confidence, "ou": oid,
                "at": att, "a": a, "pl": st.plover, "cm": st.cameo,
                "loc": index.label(st.location, "en") if st.location else "",
                "top": index.label(st.topic, "en") if st.topic else "",
            })

        classes_used = set()
        node_out = []
        homes = actor_homes(index, nodes)
        measures, comms, pos = shaped()
    except BaseException:  # (the child is not left running)
        shaped.cancel()
        raise
    comm_of = {v: ci for ci, c in enumerate(comms) for v in c}
    for iri in nodes:
        e = index.entity(iri)
        cls = e.cls if e.cls in CLASS_STYLES else ""
        classes_used.add(cls)
        alts = [a for a in e.alt_labels if a not in (e.label_ar, e.label_en)]
        rec = {
            "id": iri, "ar": e.label_ar, "en": e.label_en or ("" if e.label_ar else e.id),
            "alt": alts[:_MAX_ALT_LABELS], "nalt": len(alts), "c": cls, "q": e.wikidata,
            "x": pos[iri][0], "y": pos[iri][1], "deg": degree[iri],
            **{m: round(vals.get(iri, 0.0), 6) for m, vals in measures.items()},
            "cm": comm_of.get(iri, len(comms)),
        }
        if e.latitude is not None:
            rec["ll"] = [round(e.latitude, 4), round(e.longitude, 4)]
        elif iri in homes:
            h = index.entity(homes[iri])
            rec["hm"] = [round(h.latitude, 4), round(h.longitude, 4), h.label_ar, h.label_en]
        node_out.append(rec)

    info = predicate_info()
    edge_out = []
    for i, (s, p, o) in enumerate(edge_keys):
        ks = edge_st.get(i, [])
        intended = p in INTENDED_PREDICATES or any(st_out[k]["m"] == "intended" for k in ks)
        edge_out.append({"f": nid[s], "t": nid[o], "p": p, "kb": 0, "st": ks,
                         "a": sorted(aid[a] for a in acc[(s, p, o)]["articles"] if a in aid),
                         "int": int(intended)})
    for s, p, o in kb_keys:
        edge_out.append({"f": nid[s], "t": nid[o], "p": p, "kb": 1, "st": [], "a": [], "int": 0})

    preds = sorted({e["p"] for e in edge_out} | {r["p"] for r in st_out})
    groups = [g for g in PREDICATE_GROUPS]
    if any(p not in _PRED_GROUP for p in preds):
        groups.append(_Group("other", _OTHER_GROUP.colour,
                             tuple(p for p in preds if p not in _PRED_GROUP)))
    classes = []
    for cls, (colour, shape, group) in CLASS_STYLES.items():
        if cls in classes_used:
            classes.append([cls, colour, shape, group])
    if "" in classes_used:
        classes.append(["", *_OTHER_CLASS_STYLE])
    n_article_edges = len(edge_keys)
    model = {
        "title": title,
        "focus": focus_iri,
        "hops": hops if focus_iri else None,
        "physics": len(nodes) <= PHYSICS_MAX_NODES,
        "overview": OVERVIEW_NODES if len(nodes) > OVERVIEW_MIN_NODES and focus_iri is None else 0,
        "relayoutMax": RELAYOUT_MAX_NODES,
        "csvColumns": list(PAGE_CSV_COLUMNS),
        "edgeLabels": len(edge_out) <= EDGE_LABELS_MAX_EDGES,
        "counts": {"entities": len(nodes), "relations": n_article_edges,
                   "statements": sum(1 for r in st_out if r["e"] >= 0),
                   "unlinked": sum(1 for r in st_out if r["e"] < 0),
                   "articles": len(articles), "background": len(kb_keys),
                   "communities": len(comms)},
        "headline": headline_counts(index).as_dict(),
        "definitions": {k: list(v) for k, v in COUNT_DEFINITIONS.items()},
        "classes": classes,
        "groups": [[g.name, g.colour, list(g.predicates), g.dashed] for g in groups],
        "predicates": {p: [(_PRED_GROUP.get(p) or _OTHER_GROUP).name,
                           info[p].label_en if p in info else p,
                           info[p].label_ar if p in info else "", p in SYMMETRIC]
                       for p in preds},
        "measures": list(measures),
        "articles": art_out,
        "outlets": list(outlets),
        "nodes": node_out,
        "edges": edge_out,
        "statements": st_out,
        "kbGraph": str(KB_GRAPH),
        "map": {"predicates": [p for p in MAP_PREDICATES if p in preds],
                "places": sorted(PLACE_CLASSES),
                "placed": sum(1 for n in node_out if "ll" in n)},
    }
    # what the limits left out (only when they did: the page says so)
    if within > len(nodes):
        model["omitted"] = {"entities": within - len(nodes), "within": within, "maxEntities": max_entities}
    if unlisted:
        model.setdefault("omitted", {}).update({"evidence": len(unlisted), "maxEvidence": max_evidence})
    # a model with no control character is returned as it is (one JSON pass, not a copy)
    if not clean:
        return model
    return strip_bidi_deep(model) if has_bidi(json.dumps(model, ensure_ascii=False)) else model
