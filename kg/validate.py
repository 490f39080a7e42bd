"""SHACL validation of a nufuz dataset (``ontology/shapes.ttl``) with pyshacl.

The shapes are checked against the *union* of all named graphs (an article's statements
refer to entities described in the entities graph or the KB graph, and pyshacl would
otherwise validate each named graph on its own). Subclass reasoning: the ``rdfs:subClassOf`` axioms of
``ontology/nufuz.ttl`` are mixed into the data graph (pyshacl ``ont_graph``), which is all
``sh:class`` needs (SHACL 1.0, s. 2.1.3.3 "SHACL subclass"). Full RDFS inference is
deliberately *not* run: it would infer an ``rdfs:domain`` type for every subject and make the
domain/range shapes vacuous.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pyshacl
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, RDFS, SH

from kg.namespaces import ENTITIES_GRAPH, KB_GRAPH, compact, load_ontology, ontology_path
from kg.rdf import union_graph

_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass
class ValidationReport:
    """Outcome of :func:`validate`.

    Attributes
    ----------
    conforms : bool
        True when no ``sh:Violation`` was found (warnings and infos do not count).
    violations : list[str]
        One readable line per validation result, sorted:
        ``"Violation: <focus node> <path>: <message> [value: <v>] (<constraint>)"``.
    text : str
        pyshacl's full text report.
    """

    conforms: bool
    violations: list[str] = field(default_factory=list)
    text: str = ""


def load_shapes() -> Graph:
    """Parse ``ontology/shapes.ttl``.

    Returns
    -------
    rdflib.Graph
    """
    g = Graph()
    g.parse(data=ontology_path("shapes.ttl").read_text(encoding="utf-8"), format="turtle")
    return g


def class_hierarchy() -> Graph:
    """The ``rdfs:subClassOf`` axioms of ``ontology/nufuz.ttl`` between named classes.

    Returns
    -------
    rdflib.Graph
    """
    onto = load_ontology()
    g = Graph()
    for s, o in onto.subject_objects(RDFS.subClassOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            g.add((s, RDFS.subClassOf, o))
    return g


def _result_line(results: Graph, r) -> str:
    sev = _SEVERITY.get(results.value(r, SH.resultSeverity), "Violation")
    focus = results.value(r, SH.focusNode)
    path = results.value(r, SH.resultPath)
    msgs = sorted(str(m) for m in results.objects(r, SH.resultMessage))
    value = results.value(r, SH.value)
    comp = results.value(r, SH.sourceConstraintComponent)
    line = f"{sev}: {compact(focus)}"
    if path is not None:
        line += f" {compact(path)}"
    line += f": {msgs[0] if msgs else 'constraint not met'}"
    if value is not None and value != focus:
        shown = repr(str(value)) if isinstance(value, Literal) else compact(value)
        line += f" [value: {shown}]"
    if comp is not None:
        line += f" ({str(comp).rsplit('#', 1)[-1].removesuffix('ConstraintComponent')})"
    return line


def validate(ds_or_graph: Dataset | Graph) -> ValidationReport:
    """Validate a nufuz dataset or graph against ``ontology/shapes.ttl``.

    Parameters
    ----------
    ds_or_graph : rdflib.Dataset or rdflib.Graph
        A dataset from :func:`kg.rdf.build_dataset` (all named graphs are validated
        together) or any graph (e.g. the union Turtle output). It is not modified.

    Returns
    -------
    ValidationReport
        ``conforms`` is False when any ``sh:Violation`` is found; ``violations`` lists one
        readable line per result.

    Notes
    -----
    Checks (see the shapes file): each ``nz:Statement`` has exactly one rdf:subject /
    rdf:predicate (one of the 21 predicates) / rdf:object, one ``nz:mode`` of the six,
    one language-tagged ``nz:evidence``, ``nz:confidence`` in [0, 1], integer offsets with
    ``charStart <= charEnd``, one ``prov:wasDerivedFrom`` that is a ``schema:NewsArticle``,
    well-typed dates; each article has ``dcterms:source`` and ``schema:inLanguage``; each
    mentioned entity has an ``nz:`` type and a ``skos:prefLabel``; subjects and objects of
    the truthy edges satisfy the predicate's domain and range (DESIGN.md table). Runs
    pyshacl (Knublauch & Kontokostas 2017, W3C SHACL) with no inference; a 5,000-triple
    dataset validates in about a second.
    """
    data = union_graph(ds_or_graph)
    conforms, results, text = pyshacl.validate(
        data, shacl_graph=load_shapes(), ont_graph=class_hierarchy(), inference="none",
        abort_on_first=False, allow_warnings=True, allow_infos=True, advanced=False)
    lines = sorted({_result_line(results, r)
                    for r in results.subjects(RDF.type, SH.ValidationResult)})
    return ValidationReport(conforms=bool(conforms), violations=lines, text=str(text))


#: Article graphs validated together by :func:`validate_store` (with the descriptions of the
#: entities they name): on SaudiNewsNet about 100,000 triples, some 150 MB of rdflib graph.
STORE_BATCH = 2000
#: The graphs that describe entities (labels, types, KB facts); every other graph of a
#: nufuz store is an article's.
DESCRIPTION_GRAPHS = (str(ENTITIES_GRAPH), str(KB_GRAPH))
#: IRIs per ``VALUES`` block of the queries of :func:`validate_store`.
_VALUES = 300


def _edge_predicates(shapes: Graph) -> set[str]:
    """The predicates of the shapes' ``sh:targetSubjectsOf`` / ``sh:targetObjectsOf`` (the
    relation edges whose ends are checked): left out of the descriptions a batch reads."""
    return {str(o) for p in (SH.targetSubjectsOf, SH.targetObjectsOf) for o in shapes.objects(None, p)}


def _construct(store: Any, where: str, into: Graph) -> None:
    """Add the triples of ``CONSTRUCT { ?s ?p ?o } WHERE { where }`` to ``into``."""
    res = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}")
    for t in res.graph:
        into.add(t)


def _chunks(items: list, size: int) -> Iterable[list]:
    for k in range(0, len(items), size):
        yield items[k:k + size]


def validate_store(store: Any, batch: int = STORE_BATCH,
                   progress: Callable[[int, int], None] | None = None) -> ValidationReport:
    """Validate a store against ``ontology/shapes.ttl`` a batch of articles at a time, so
    that memory stays bounded whatever the store holds (:func:`validate` of the whole store
    read into rdflib took 2.3 GB on 28,000 articles).

    Parameters
    ----------
    store : kg.store.Store
        Any backend (queries only: ``graph_names`` and SPARQL ``CONSTRUCT``).
    batch : int
        Article graphs validated together.
    progress : callable, optional
        Called as ``progress(done, total)`` before the first batch and after each (article
        graphs done, article graphs in all).

    Returns
    -------
    ValidationReport
        The same ``conforms`` and ``violations`` as :func:`validate` of the whole store, for
        a nufuz store (see Notes); ``text`` joins pyshacl's reports of the batches that
        found something.

    Raises
    ------
    kg.store.StoreError
        The store failed while it was read.

    Notes
    -----
    A nufuz store keeps each article's statements, metadata, mentions, surface forms and
    relation edges in the article's graph, and the descriptions of entities (types, labels,
    sectors, countries, KB facts) in :data:`DESCRIPTION_GRAPHS`. So:

    1. Each batch of article graphs is validated with, for every IRI its triples name, the
       triples of the description graphs about it except relation edges (the predicates the
       shapes target the ends of: :func:`_edge_predicates`), and the ``rdf:type`` of the IRIs
       those triples point to (an actor group's country): every shape that targets a node of
       the batch finds there what it reads in the whole store.
    2. The description graphs are then validated together, alone (the KB's relation
       edges, the actor groups, the entities), with the triples outside a named graph of an
       embedded store (nufuz writes none; a SPARQL endpoint's are not read).

    A violation is found at most once per batch and reported once (the lines are a sorted
    set, as :func:`validate` gives them).
    """
    shapes, ont = load_shapes(), class_hierarchy()
    edges = _edge_predicates(shapes)
    names = store.graph_names()
    described = [g for g in names if g in DESCRIPTION_GRAPHS]
    articles = [g for g in names if g not in DESCRIPTION_GRAPHS]
    def not_edge(var: str) -> str:  # a filter leaving the relation edges out
        return f"FILTER(?{var} NOT IN ({', '.join(f'<{p}>' for p in sorted(edges))}))" if edges else ""

    lines: set[str] = set()
    texts: list[str] = []
    conforms = True

    def check(data: Graph) -> None:
        nonlocal conforms
        ok, results, text = pyshacl.validate(
            data, shacl_graph=shapes, ont_graph=ont, inference="none", abort_on_first=False,
            allow_warnings=True, allow_infos=True, advanced=False)
        if not ok:
            conforms = False
        found = {_result_line(results, r) for r in results.subjects(RDF.type, SH.ValidationResult)}
        if found:
            lines.update(found)
            texts.append(str(text))

    def in_desc(pattern: str) -> str:  # the pattern in any description graph
        return " UNION ".join(f"{{ GRAPH <{g}> {{ {pattern} }} }}" for g in described)

    done = 0
    if progress is not None:
        progress(0, len(articles))
    for part in _chunks(articles, batch):
        data = Graph()
        if hasattr(store, "quads"):  # the embedded store: read directly (half the time)
            data.addN((s, p, o, data) for g in part for s, p, o, _ in store.quads(g))
        else:
            for some in _chunks(part, _VALUES):
                _construct(store, f"VALUES ?g {{ {' '.join(f'<{g}>' for g in some)} }} GRAPH ?g {{ ?s ?p ?o }}",
                           data)
        nodes = sorted({str(x) for t in data for x in (t[0], t[2]) if isinstance(x, URIRef)})
        if described:
            for some in _chunks(nodes, _VALUES):
                values = " ".join(f"<{n}>" for n in some)
                # the descriptions of the IRIs named, and the types of the IRIs they name
                # (each graph named: a VALUES list of graphs makes Oxigraph scan them)
                _construct(store, f"VALUES ?s {{ {values} }} {in_desc('?s ?p ?o')} {not_edge('p')}", data)
                _construct(store, f"VALUES ?n {{ {values} }} {in_desc('?n ?q ?s')} FILTER(isIRI(?s)) "
                                  f"{not_edge('q')} {in_desc(f'?s <{RDF.type}> ?o')} BIND(<{RDF.type}> AS ?p)",
                           data)
        check(data)
        done += len(part)
        if progress is not None:
            progress(done, len(articles))
    rest = Graph()
    if described:
        _construct(store, in_desc("?s ?p ?o"), rest)
    if hasattr(store, "quads"):  # the embedded store: its triples outside a named graph
        rest.addN((s, p, o, rest) for s, p, o, _ in store.quads(DATASET_DEFAULT_GRAPH_ID))
    if len(rest):
        check(rest)
    return ValidationReport(conforms=conforms, violations=sorted(lines), text="\n".join(texts))
