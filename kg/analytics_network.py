"""The entity network of a nufuz dataset and its measures (networkx): the projection
(:func:`project`, :func:`to_weighted_digraph`), :func:`centrality` (with :func:`pagerank` and
:func:`betweenness`) and :func:`communities`.
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


def pagerank(g: nx.Graph, alpha: float = 0.85, weight: str | None = "weight",
             max_iter: int = 100, tol: float = 1.0e-6) -> dict:
    """PageRank of an undirected or directed graph: :func:`networkx.pagerank` without SciPy.

    The same power iteration as networkx's (its SciPy implementation, networkx 3.x: the
    weighted adjacency matrix normalised by row, the rank of dangling nodes spread evenly,
    uniform start and teleport vectors, stop when the L1 change is below ``N * tol``), the
    matrix products done with :func:`numpy.bincount` over the entries in row order, the
    order in which SciPy's sparse product sums them; so the values are networkx's to the
    last bit or within a few units of the last place (``tests/test_analytics.py`` compares
    them). Importing SciPy's sparse module costs about 0.25 CPU-s, a tenth of an ego view.

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Not a multigraph (collapse it first, :func:`to_weighted_digraph`).
    alpha : float
        Damping factor.
    weight : str or None
        Edge attribute holding the weight (missing: 1); None: every edge weighs 1.
    max_iter : int
    tol : float

    Returns
    -------
    dict
        Node -> PageRank (floats summing to 1), in the graph's node order; empty for an
        empty graph.

    Raises
    ------
    networkx.PowerIterationFailedConvergence
        When ``max_iter`` iterations do not converge (as networkx).

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c")])
    >>> {k: round(v, 4) for k, v in pagerank(g).items()}
    {'a': 0.2568, 'b': 0.4865, 'c': 0.2568}
    """
    import numpy as np

    nodes = list(g)
    n = len(nodes)
    if n == 0:
        return {}
    at = {v: i for i, v in enumerate(nodes)}
    entries: dict[tuple[int, int], float] = defaultdict(float)
    for a, b, w in g.edges(data=weight, default=1):
        i, j = at[a], at[b]
        entries[i, j] += w
        if not g.is_directed() and i != j:
            entries[j, i] += w
    keys = sorted(entries)  # row order, then column: the order of a CSR matrix
    rows = np.array([k[0] for k in keys], dtype=np.intp)
    cols = np.array([k[1] for k in keys], dtype=np.intp)
    data = np.array([entries[k] for k in keys], dtype=float)
    out_sum = np.bincount(rows, weights=data, minlength=n)
    scale = np.zeros(n)
    scale[out_sum != 0] = 1.0 / out_sum[out_sum != 0]
    data = data * scale[rows]
    x = np.repeat(1.0 / n, n)
    p = np.repeat(1.0 / n, n)
    dangling = np.where(out_sum == 0)[0]
    for _ in range(max_iter):
        last = x
        x = alpha * (np.bincount(cols, weights=last[rows] * data, minlength=n)
                     + sum(last[dangling]) * p) + (1 - alpha) * p
        if np.absolute(x - last).sum() < n * tol:
            return dict(zip(nodes, map(float, x)))
    raise nx.PowerIterationFailedConvergence(max_iter)


def betweenness(g: nx.Graph, k: int | None = None, seed: int | None = None) -> dict:
    """Shortest-path betweenness centrality, normalised, of an unweighted graph:
    :func:`networkx.betweenness_centrality` (``normalized=True``, ``weight=None``,
    ``endpoints=False``), about three times faster.

    The same algorithm (Brandes 2001; with ``k``, the estimate from ``k`` source nodes of
    Brandes & Pich 2007, the sources drawn as networkx draws them) and the same arithmetic
    in the same order, on integer node numbers and lists instead of networkx's views of
    dictionaries; so the values are networkx's, to the bit (``tests/test_analytics.py``
    compares them).

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Edge weights are ignored; a multigraph is read as its simple graph.
    k : int, optional
        Estimate from this many source nodes (None: all, exact).
    seed : int, optional
        Seed of the draw of the ``k`` sources (``random.Random(seed).sample``).

    Returns
    -------
    dict
        Node -> betweenness, in the graph's node order.

    Examples
    --------
    >>> betweenness(nx.path_graph(["a", "b", "c"]))
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    import math
    import random

    nodes = list(g)
    n = len(nodes)
    at = {v: i for i, v in enumerate(nodes)}
    adj = [[at[w] for w in g[v]] for v in nodes]  # networkx's neighbour order
    score = [0.0] * n
    if k == n:
        k = None
    sources = range(n) if k is None else [at[v] for v in random.Random(seed).sample(nodes, k)]
    for s in sources:
        # breadth-first search: the order of visit (the queue itself), the predecessors,
        # the path counts
        pred = [[] for _ in range(n)]
        sigma, dist = [0.0] * n, [-1] * n
        sigma[s], dist[s] = 1.0, 0
        order = [s]
        push = order.append
        head = 0
        while head < len(order):
            v = order[head]
            head += 1
            dv, sv = dist[v] + 1, sigma[v]
            for w in adj[v]:
                dw = dist[w]
                if dw < 0:
                    push(w)
                    dist[w] = dw = dv
                if dw == dv:
                    sigma[w] += sv
                    pred[w].append(v)
        # accumulation, farthest first (delta starts as the integer 0, as networkx's)
        delta = [0] * n
        for w in reversed(order):
            coeff = (1 + delta[w]) / sigma[w]
            for v in pred[w]:
                delta[v] += sigma[v] * coeff
            if w != s:
                score[w] += delta[w]
    # networkx's rescaling (endpoints excluded, normalised)
    big_n = n - 1
    if big_n >= 2:
        if k is None:
            scale = 1 / (big_n * (big_n - 1))
            if scale != 1:
                score = [x * scale for x in score]
        else:
            src = 1 / ((k - 1) * (big_n - 1)) if k > 1 else math.nan
            other = 1 / (k * (big_n - 1))
            chosen = set(sources)
            score = [x * (src if i in chosen else other) for i, x in enumerate(score)]
    return dict(zip(nodes, score))


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
    Page et al. 1999 (PageRank: :func:`pagerank`, networkx's iteration without SciPy),
    Brandes 2001 (betweenness: :func:`betweenness`, networkx's algorithm on lists).

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
        scores = pagerank(u, alpha=0.85, weight="weight")
    elif kind == "degree":
        scores = nx.degree_centrality(u)
    else:
        scores = betweenness(u)
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
