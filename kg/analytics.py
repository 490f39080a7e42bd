"""networkx analytics over a nufuz RDF dataset: projection, centrality, communities and the
influence summary of a region.

The RDF it reads is the ontology contract's (DESIGN.md; described in :mod:`kg.analytics_graph`).
Nothing here imports spaCy or the extractors.

The code lives in one module per concern; this module re-exports their public names:
:mod:`kg.analytics_graph` (reading the graph: :class:`GraphIndex`, headline counts, entity
names), :mod:`kg.analytics_network` (projection, centrality, communities) and
:mod:`kg.analytics_influence` (regional influence).

Main entry points
-----------------
:func:`read_graph`
    one pass over the quads into a :class:`GraphIndex` (entities, statements, edges,
    articles); every other function accepts either a dataset or an index.
:func:`project`, :func:`to_weighted_digraph`, :func:`centrality`, :func:`communities`
    the entity network and its measures.
:func:`resolve_entity`, :func:`places_in`, :func:`influence_summary`
    who holds, seeks or contests presence and influence in a region (the students' view).

Examples
--------
>>> from kg.analytics import read_graph, project
>>> ds = example_dataset()
>>> g = project(ds)
>>> sorted(g.nodes[n]["label_en"] for n in g)
['Central Asia', 'Russia', 'United States', 'Uzbekistan']
>>> summary = influence_summary(ds, "آسيا الوسطى")
>>> summary.lines()[0]
'Russia holds influence in Central Asia (1 statement).'
"""
from __future__ import annotations

from kg.analytics_graph import (  # noqa: F401 - private names too, for older importers
    _ALEF, _DATE_PUBLISHED, _HARAKAT, _HEADLINE, _LATITUDE, _LONGITUDE, _NEWS_ARTICLE,
    CLASS_PRIORITY, COUNT_DEFINITIONS, PLACE_CLASSES, TRUTHY_MODES, ArticleInfo, EntityInfo,
    GraphIndex, HeadlineCounts, StatementRecord, UnknownEntityError, _norm_name, best_named,
    example_dataset, headline_counts, index_from_quads, read_graph, resolve_entity,
    unknown_entity,
)
from kg.analytics_influence import (
    FOLD_PREDICATES, KINDS, ActorInfluence, InfluenceEvidence, InfluenceFact, RegionSummary,
    fold_links, influence_summary, places_in,
)
from kg.analytics_network import centrality, communities, project, to_weighted_digraph

__all__ = [
    "KINDS",
    "ActorInfluence",
    "ArticleInfo",
    "EntityInfo",
    "COUNT_DEFINITIONS",
    "FOLD_PREDICATES",
    "GraphIndex",
    "HeadlineCounts",
    "InfluenceEvidence",
    "InfluenceFact",
    "RegionSummary",
    "StatementRecord",
    "UnknownEntityError",
    "best_named",
    "centrality",
    "communities",
    "example_dataset",
    "fold_links",
    "headline_counts",
    "index_from_quads",
    "influence_summary",
    "places_in",
    "project",
    "read_graph",
    "resolve_entity",
    "to_weighted_digraph",
    "unknown_entity",
]
