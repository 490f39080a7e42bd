"""The entity network of a nufuz dataset and its measures (networkx): the projection
(:func:`project`, :func:`to_weighted_digraph`), :func:`centrality` and :func:`communities`.
Plain functions over the graph that :mod:`kg.analytics_graph` reads.

>>> from kg.analytics_graph import example_dataset
>>> g = project(example_dataset())
>>> sorted(g.nodes[n]["label_en"] for n in g)
['Central Asia', 'Russia', 'United States', 'Uzbekistan']
"""
from __future__ import annotations

from collections import defaultdict

import networkx as nx
from rdflib import Graph

from kg.analytics_graph import GraphIndex, StatementRecord, read_graph
from kg.analytics_graph import example_dataset  # noqa: F401 - the docstring examples use it
from kg.namespaces import predicate_info

# --------------------------------------------------------------------------- projection

def project(ds: Graph | GraphIndex, include_kb: bool = False) -> nx.MultiDiGraph:
    """Project the RDF dataset onto an entity network.

    Parameters
    ----------
    ds : rdflib.Dataset, rdflib.Graph or GraphIndex
    include_kb : bool
        Also add the knowledge-base background facts (``partOf``, ``borders``, roles...)
        as edges with ``kb=True`` and ``statements=0``.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes: entity IRIs with attributes ``id``, ``cls``, ``label_en``, ``label_ar``,
        ``label`` (English, else Arabic), ``wikidata`` (Q-id or ``""``).
        Edges: one per truthy ``(subject, predicate, object)`` of the article graphs, keyed
        by the predicate's ``nz:`` local name, with ``predicate``, ``polarity``
        (``conflict``/``cooperation``/``neutral``, from ``ontology/plover.tsv``),
        ``plover``, ``statements`` (number of statement nodes in a truthy mode behind it),
        ``modes``, ``dates``, ``articles`` (sorted lists), ``confidence`` (highest) and
        ``kb`` (False). Symmetric predicates (``meetsWith``, ``cooperatesWith``,
        ``borders``) keep the direction stated.

    Notes
    -----
    Polarity and PLOVER category: :func:`kg.namespaces.predicate_info` (PLOVER codebook,
    CAMEO 1.1b3). An edge whose statement nodes are all missing (hand-made data) gets
    ``statements=0``.

    Examples
    --------
    >>> g = project(example_dataset())
    >>> ru, us = "https://w3id.org/nufuz/id/russia", "https://w3id.org/nufuz/id/united_states"
    >>> d = g.edges[ru, us, "opposes"]
    >>> d["polarity"], d["statements"], d["modes"]
    ('conflict', 1, ['reported'])
    """
    idx = read_graph(ds)
    info = predicate_info()
    g = nx.MultiDiGraph()

    def add_node(iri: str) -> None:
        if iri in g:
            return
        e = idx.entity(iri)
        g.add_node(iri, id=e.id, cls=e.cls, label_en=e.label_en, label_ar=e.label_ar,
                   label=e.label, wikidata=e.wikidata)

    behind: dict[tuple[str, str, str], list[StatementRecord]] = defaultdict(list)
    for r in idx.statements:
        if r.truthy:
            behind[(r.subject, r.predicate, r.object)].append(r)
    for s, p, o, graph in idx.edges:
        add_node(s)
        add_node(o)
        recs = behind.get((s, p, o), [])
        if g.has_edge(s, o, key=p):
            g.edges[s, o, p]["articles"] = sorted(set(g.edges[s, o, p]["articles"]) | {graph} - {""})
            continue
        pi = info.get(p)
        confs = [r.confidence for r in recs if r.confidence is not None]
        g.add_edge(
            s, o, key=p, predicate=p, polarity=pi.polarity if pi else "neutral",
            plover=pi.plover if pi else "", statements=len(recs),
            modes=sorted({r.mode for r in recs}),
            dates=sorted({d for r in recs for d in r.dates}),
            articles=sorted({r.article for r in recs if r.article} | ({graph} - {""})),
            confidence=max(confs) if confs else None, kb=False)
    if include_kb:
        for s, p, o in idx.kb_facts:
            if g.has_edge(s, o, key=p):
                continue
            add_node(s)
            add_node(o)
            pi = info.get(p)
            g.add_edge(s, o, key=p, predicate=p, polarity=pi.polarity if pi else "neutral",
                       plover=pi.plover if pi else "", statements=0, modes=[], dates=[],
                       articles=[], confidence=None, kb=True)
    return g


def to_weighted_digraph(g: nx.MultiDiGraph, weight: str = "statements") -> nx.DiGraph:
    """Collapse parallel edges into one weighted directed edge.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A :func:`project` graph.
    weight : str
        Edge attribute summed into ``weight``; an edge without it (or with 0, a KB fact)
        counts 1.

    Returns
    -------
    networkx.DiGraph
        Same nodes and node attributes; edge attributes ``weight`` (int) and
        ``predicates`` (sorted list of the collapsed predicates).

    Examples
    --------
    >>> d = to_weighted_digraph(project(example_dataset()))
    >>> d.number_of_edges(), d.edges["https://w3id.org/nufuz/id/russia",
    ...                              "https://w3id.org/nufuz/id/central_asia"]["weight"]
    (3, 2)
    """
    d = nx.DiGraph()
    d.add_nodes_from(g.nodes(data=True))
    for u, v, key, data in g.edges(keys=True, data=True):
        w = data.get(weight) or 1
        if d.has_edge(u, v):
            d.edges[u, v]["weight"] += w
            d.edges[u, v]["predicates"] = sorted(set(d.edges[u, v]["predicates"]) | {key})
        else:
            d.add_edge(u, v, weight=w, predicates=[key])
    return d


def centrality(g: nx.Graph, kind: str = "pagerank") -> dict[str, float]:
    """Centrality of every node of a projection.

    Parameters
    ----------
    g : networkx.MultiDiGraph or networkx.DiGraph
        A :func:`project` or :func:`to_weighted_digraph` graph.
    kind : {"pagerank", "degree", "betweenness"}
        ``pagerank``: PageRank (damping 0.85) on the undirected graph weighted by statement
        count (edges run from actor to target, so directed PageRank would rank the places
        and targets; undirected, it ranks who takes part in the most statements);
        ``degree``: degree centrality (distinct neighbours in either direction / (n - 1));
        ``betweenness``: shortest-path betweenness on the undirected, unweighted graph,
        normalised.

    Returns
    -------
    dict[str, float]
        Node -> score, in descending score order (ties by node IRI). Empty for an empty
        graph.

    Raises
    ------
    ValueError
        For another ``kind``.

    Notes
    -----
    networkx implementations: Page et al. 1999 (PageRank), Brandes 2001 (betweenness).

    Examples
    --------
    >>> scores = centrality(project(example_dataset()), "degree")
    >>> [(iri.rsplit("/", 1)[1], round(x, 3)) for iri, x in scores.items()][:2]
    [('russia', 0.667), ('united_states', 0.667)]
    """
    if kind not in ("pagerank", "degree", "betweenness"):
        raise ValueError(f"unknown centrality kind {kind!r} (pagerank, degree, betweenness)")
    if g.number_of_nodes() == 0:
        return {}
    d = to_weighted_digraph(g) if g.is_multigraph() else g
    u = nx.Graph()
    u.add_nodes_from(d)
    for a, b, w in d.edges(data="weight", default=1):
        if u.has_edge(a, b):
            u.edges[a, b]["weight"] += w
        else:
            u.add_edge(a, b, weight=w)
    if kind == "pagerank":
        scores = nx.pagerank(u, alpha=0.85, weight="weight")
    elif kind == "degree":
        scores = nx.degree_centrality(u)
    else:
        scores = nx.betweenness_centrality(u, normalized=True)
    return dict(sorted(scores.items(), key=lambda kv: (-kv[1], str(kv[0]))))


def communities(g: nx.Graph, method: str = "louvain", seed: int = 42) -> list[frozenset[str]]:
    """Communities of the undirected, statement-weighted projection.

    Parameters
    ----------
    g : networkx.Graph
        A :func:`project` graph (any networkx graph works).
    method : {"louvain", "greedy"}
        Louvain modularity optimisation (Blondel et al. 2008) or Clauset-Newman-Moore
        greedy modularity (2004), both from ``networkx.community``.
    seed : int
        Random seed of Louvain, so the result is the same on every run.

    Returns
    -------
    list[frozenset[str]]
        Largest community first (ties by smallest member IRI); isolated nodes are
        communities of one.

    Raises
    ------
    ValueError
        For another ``method``.

    Examples
    --------
    >>> [sorted(i.rsplit("/", 1)[1] for i in c) for c in communities(project(example_dataset()))]
    [['central_asia', 'russia'], ['united_states', 'uzbekistan']]
    """
    if method not in ("louvain", "greedy"):
        raise ValueError(f"unknown community method {method!r} (louvain, greedy)")
    u = nx.Graph()
    u.add_nodes_from(g.nodes)
    for a, b, data in g.edges(data=True):
        if a == b:
            continue
        w = (data.get("statements") or data.get("weight") or 1)
        if u.has_edge(a, b):
            u.edges[a, b]["weight"] += w
        else:
            u.add_edge(a, b, weight=w)
    if u.number_of_nodes() == 0:
        return []
    if u.number_of_edges() == 0:
        parts = [{n} for n in u]
    elif method == "louvain":
        parts = nx.community.louvain_communities(u, weight="weight", seed=seed)
    else:
        parts = nx.community.greedy_modularity_communities(u, weight="weight")
    out = [frozenset(p) for p in parts]
    return sorted(out, key=lambda c: (-len(c), min(map(str, c))))
