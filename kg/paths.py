"""Chains of statements between two actors: the shortest paths of the article graph.

The graph searched is the one the explorer draws (DESIGN.md): one edge per truthy
``subject predicate object`` of the article graphs (:attr:`kg.analytics.GraphIndex.edges`),
taken **undirected** for finding a chain (Russia opposes the United States and the United
States sanctions Iran link Russia to Iran), each hop then keeping its predicates, the
direction stated, and the statements behind it with their evidence sentences and source
articles. Knowledge-base background facts are not searched (a chain of statements is what
articles say). The search is :func:`networkx.all_shortest_paths` over a
:class:`networkx.Graph` of the entities, so any size the index fits in memory.

Examples
--------
>>> from kg.analytics import example_dataset
>>> paths = shortest_paths(example_dataset(), "Uzbekistan", "روسيا")
>>> [h.text() for h in paths[0].hops]
['United States has military presence in Uzbekistan', 'Russia opposes United States']
>>> [(link.predicate, link.forward) for link in paths[0].hops[0].links]
[('hasMilitaryPresenceIn', False), ('withdrawsFrom', False)]
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

import networkx as nx
from rdflib import Graph

from kg.analytics_graph import ArticleInfo, GraphIndex, StatementRecord, read_graph, resolve_entity
from kg.namespaces import predicate_info

__all__ = ["ACTOR_CLASSES", "Hop", "Link", "NoPathError", "Path", "article_of", "shortest_paths",
           "statement_graph"]

#: Classes preferred when an actor's name is shared with a place or a person (the first
#: matching class wins; :func:`kg.analytics.resolve_entity`).
ACTOR_CLASSES = ("Country", "Government", "InternationalOrganization", "ArmedGroup",
                 "MilitaryForce", "PoliticalParty", "Organization", "Person", "Region", "City")


class NoPathError(LookupError):
    """The two entities are not linked by any chain of article statements (within the hop
    limit); the message says which, in one line."""


@dataclass(frozen=True)
class Link:
    """One relation between the two ends of a hop.

    Attributes
    ----------
    subject, predicate, object : str
        The truthy triple as stated (subject/object IRIs, ``nz:`` local name).
    forward : bool
        True when the relation is stated from the hop's start to its end.
    statements : tuple[StatementRecord, ...]
        The truthy statements behind it (evidence, mode, date, ``article``), in article order;
        empty for an edge with no statement node (hand-made data).
    labels : tuple[str, str, str]
        English labels (Arabic when none) of the subject, the predicate
        (:func:`kg.namespaces.predicate_info`) and the object, for :meth:`text`.
    """

    subject: str
    predicate: str
    object: str
    forward: bool
    statements: tuple[StatementRecord, ...]
    labels: tuple[str, str, str]

    def text(self) -> str:
        """``"<subject> <predicate> <object>"`` in English labels."""
        return " ".join(self.labels)


@dataclass(frozen=True)
class Hop:
    """One step of a chain, from ``start`` to ``end`` (both entity IRIs).

    Attributes
    ----------
    start, end : str
    links : tuple[Link, ...]
        Every article relation between the two (at least one), most statements first.
    """

    start: str
    end: str
    links: tuple[Link, ...]

    @property
    def link(self) -> Link:
        """The best supported relation of the hop (the first of :attr:`links`)."""
        return self.links[0]

    def text(self) -> str:
        """:meth:`Link.text` of the first link."""
        return self.link.text()


@dataclass(frozen=True)
class Path:
    """A shortest chain of statements.

    Attributes
    ----------
    entities : tuple[str, ...]
        The entity IRIs from the first actor to the second.
    hops : tuple[Hop, ...]
        ``len(entities) - 1`` hops.
    """

    entities: tuple[str, ...]
    hops: tuple[Hop, ...]

    def __len__(self) -> int:
        return len(self.hops)


def statement_graph(ds: Graph | GraphIndex) -> nx.Graph:
    """The undirected entity graph of the truthy article edges.

    Parameters
    ----------
    ds : rdflib.Dataset, rdflib.Graph or kg.analytics.GraphIndex

    Returns
    -------
    networkx.Graph
        Nodes: entity IRIs. Edge attribute ``triples``: the sorted distinct
        ``(subject, predicate, object)`` stated between the two ends (either direction).
        Self-loops are left out.
    """
    idx = read_graph(ds)
    g = nx.Graph()
    for s, p, o, _graph in idx.edges:
        if s == o:
            continue
        if g.has_edge(s, o):
            triples = g.edges[s, o]["triples"]
            if (s, p, o) not in triples:
                triples.append((s, p, o))
                triples.sort()
        else:
            g.add_edge(s, o, triples=[(s, p, o)])
    return g


def shortest_paths(ds: Graph | GraphIndex, source: str, target: str, max_paths: int = 3,
                   max_hops: int | None = None, resolved: tuple[str, str] | None = None) -> list[Path]:
    """The shortest chains of article statements between two entities.

    Parameters
    ----------
    ds : rdflib.Dataset, rdflib.Graph or kg.analytics.GraphIndex
        A nufuz dataset (ontology contract, DESIGN.md).
    source, target : str
        Entity names (Arabic or English label, alias), ``nzr:`` ids or IRIs, resolved by
        :func:`kg.analytics.resolve_entity` preferring :data:`ACTOR_CLASSES`.
    max_paths : int
        At most this many chains (all of the shortest length), in a stable order (sorted by
        the entities' IRIs).
    max_hops : int, optional
        Give up beyond this many hops (``None``: no limit).
    resolved : (str, str), optional
        The IRIs ``source`` and ``target`` were resolved to already (by
        :func:`kg.analytics_store.resolve_in_store`, in a store of which ``ds`` is a part):
        the names are then only quoted in messages.

    Returns
    -------
    list[Path]
        One or more chains, all with the same (smallest) number of hops.

    Raises
    ------
    kg.analytics.UnknownEntityError
        A name matches no entity (the message lists close names).
    NoPathError
        The two are the same entity, one has no relation in an article, or no chain joins
        them (within ``max_hops``).
    ValueError
        ``max_paths`` < 1 or ``max_hops`` < 1.
    """
    if max_paths < 1:
        raise ValueError(f"max_paths must be >= 1, got {max_paths}")
    if max_hops is not None and max_hops < 1:
        raise ValueError(f"max_hops must be >= 1, got {max_hops}")
    idx = read_graph(ds)
    a, b = resolved or (resolve_entity(idx, source, prefer=ACTOR_CLASSES),
                        resolve_entity(idx, target, prefer=ACTOR_CLASSES))
    name_a, name_b = idx.label(a), idx.label(b)
    if a == b:
        raise NoPathError(f"{source!r} and {target!r} are the same entity ({name_a})")
    g = statement_graph(idx)
    for iri, name in ((a, name_a), (b, name_b)):
        if iri not in g:
            raise NoPathError(f"{name} has no relation in any article")
    try:
        found = sorted(islice(nx.all_shortest_paths(g, a, b), 1000))
    except nx.NetworkXNoPath:
        raise NoPathError(f"no chain of statements links {name_a} and {name_b}") from None
    if max_hops is not None and len(found[0]) - 1 > max_hops:
        raise NoPathError(f"no chain of at most {max_hops} hop(s) links {name_a} and {name_b} "
                          f"(the shortest has {len(found[0]) - 1})")
    behind: dict[tuple[str, str, str], list[StatementRecord]] = {}
    for r in idx.statements:
        if r.truthy:
            behind.setdefault((r.subject, r.predicate, r.object), []).append(r)
    info = predicate_info()
    out = []
    for nodes in found[:max_paths]:
        hops = []
        for u, v in zip(nodes, nodes[1:]):
            links = sorted(
                (Link(s, p, o, s == u, tuple(behind.get((s, p, o), ())),
                      (idx.label(s), info[p].label_en if p in info else p, idx.label(o)))
                 for s, p, o in g.edges[u, v]["triples"]),
                key=lambda k: (-len(k.statements), not k.forward, k.predicate))
            hops.append(Hop(u, v, tuple(links)))
        out.append(Path(tuple(nodes), tuple(hops)))
    return out


def article_of(idx: GraphIndex, st: StatementRecord) -> ArticleInfo:
    """The :class:`kg.analytics.ArticleInfo` of a statement's article (a bare one when the
    article is not described)."""
    return idx.articles.get(st.article) or ArticleInfo(iri=st.article)

