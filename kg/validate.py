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

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pyshacl
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import PROV, RDF, RDFS, SH

from kg.namespaces import DESCRIPTION_GRAPHS, NZ, RECORDS_GRAPH, compact, load_ontology
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
    note : str
        Why :func:`validate_store` validated the whole store at once (a store not of the
        shape it reads in batches), else "".
    """

    conforms: bool
    violations: list[str] = field(default_factory=list)
    text: str = ""
    note: str = ""


def load_shapes() -> Graph:
    """Parse ``ontology/shapes.ttl`` (:func:`ontology.vocab.read_shapes`).

    Returns
    -------
    rdflib.Graph
    """
    from ontology.vocab import read_shapes

    return read_shapes()


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
    conforms, lines, text = _run(union_graph(ds_or_graph), load_shapes(), class_hierarchy())
    return ValidationReport(conforms=conforms, violations=sorted(lines), text=text)


def _run(data: Graph, shapes: Graph, ont: Graph) -> tuple[bool, set[str], str]:
    """pyshacl over one data graph: (conforms, the result lines, the text report)."""
    conforms, results, text = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ont, inference="none", abort_on_first=False,
        allow_warnings=True, allow_infos=True, advanced=False)
    return bool(conforms), {_result_line(results, r) for r in results.subjects(RDF.type, SH.ValidationResult)}, str(text)


#: Article graphs validated together by :func:`validate_store` (with the descriptions of the
#: entities they name): on SaudiNewsNet about 100,000 triples, some 150 MB of rdflib graph.
STORE_BATCH = 2000
#: IRIs per ``VALUES`` block of the queries of :func:`validate_store`.
_VALUES = 300
#: The scheme an IRI starts with (a graph name without one is a blank node's id).
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _edge_predicates(shapes: Graph) -> set[str]:
    """The predicates of the shapes' ``sh:targetSubjectsOf`` / ``sh:targetObjectsOf`` (the
    relation edges whose ends are checked): left out of the descriptions a batch reads."""
    return {str(o) for p in (SH.targetSubjectsOf, SH.targetObjectsOf) for o in shapes.objects(None, p)}


def _construct(store: Any, where: str, into: Graph) -> None:
    """Add the triples of ``CONSTRUCT { ?s ?p ?o } WHERE { where }`` to ``into``."""
    for t in store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}").graph:
        into.add(t)


def _chunks(items: list, size: int) -> Iterable[list]:
    for k in range(0, len(items), size):
        yield items[k:k + size]


#: The classes of the nodes an article graph holds whole (its statements and the article).
_LOCAL_CLASSES = frozenset({str(NZ.Statement), str(RDF.Statement), "http://schema.org/NewsArticle",
                            "https://schema.org/NewsArticle"})


class _NotBatchable(Exception):
    """The store is not of the shape :func:`validate_store` reads in batches (the reason)."""


class _ArticleShape:
    """Checks, article graph by article graph, what :func:`validate_store` assumes of them:
    each holds its article and statements whole (typed there, described there only, and a
    statement derived from an article of its own graph), and about other nodes (entities)
    only surface forms and relation edges; no blank node.

    Raises :class:`_NotBatchable` at the first quad against it (:meth:`add`), or at the end
    (:meth:`done`) for what only all graphs show."""

    def __init__(self, edges: set[str]) -> None:
        self.entity_predicates = edges | {str(NZ.surfaceForm)}
        self.owner: dict[str, str] = {}  # article or statement node -> its graph
        self.derived: dict[str, set[str]] = {}  # article a statement derives from -> graphs

    def add(self, quads: list[tuple]) -> None:
        """Check the quads ``(s, p, o, graph)`` of whole article graphs."""
        by_graph: dict[str, list[tuple]] = {}
        for s, p, o, g in quads:
            if isinstance(s, BNode) or isinstance(o, BNode):
                raise _NotBatchable(f"a blank node in the article graph <{g}>")
            by_graph.setdefault(str(g), []).append((s, p, o))
        for g, triples in by_graph.items():
            local = {str(s) for s, p, o in triples if p == RDF.type and str(o) in _LOCAL_CLASSES}
            for node in local:
                if self.owner.setdefault(node, g) != g:
                    raise _NotBatchable(f"<{node}> is in two article graphs")
            for s, p, o in triples:
                if str(s) in local:
                    if p == PROV.wasDerivedFrom:
                        self.derived.setdefault(str(o), set()).add(g)
                elif str(p) not in self.entity_predicates:
                    raise _NotBatchable(f"<{s}> <{p}> in the article graph <{g}> (an entity's "
                                        "description belongs in the entities or KB graph)")

    def done(self, described: Iterable[str]) -> None:
        """Check what needs every article graph read: the articles statements derive from,
        and the description graphs' subjects (``described``) against the article nodes."""
        for article, graphs in self.derived.items():
            if any(self.owner.get(article, g) != g for g in graphs):
                raise _NotBatchable(f"a statement of one article graph derives from <{article}> of another")
        for s in described:
            if s in self.owner:
                raise _NotBatchable(f"<{s}> is described outside its article graph")


def validate_store(store: Any, batch: int = STORE_BATCH,
                   progress: Callable[[int, int], None] | None = None) -> ValidationReport:
    """Validate a store against ``ontology/shapes.ttl`` a batch of articles at a time, so
    that memory stays bounded whatever the store holds (:func:`validate` of the whole store
    read into rdflib took 3.2 GB on 28,000 articles).

    Parameters
    ----------
    store : kg.store.Store
        Any backend (queries only: ``graph_names`` and SPARQL ``SELECT``/``CONSTRUCT``; the
        embedded store's quads are read directly).
    batch : int
        Article graphs validated together.
    progress : callable, optional
        Called as ``progress(done, total)`` before the first batch and after each (article
        graphs done, article graphs in all).

    Returns
    -------
    ValidationReport
        The ``conforms`` and ``violations`` of :func:`validate` of the whole store; ``text``
        joins pyshacl's reports of the batches that found something; ``note`` says why the
        whole store was validated at once when it is not of the shape below.

    Raises
    ------
    kg.store.StoreError, kg.store.QueryError
        The store failed while it was read, or refused a query.

    Notes
    -----
    A store nufuz builds keeps each article's statements and metadata, and the mentions,
    surface forms and relation edges of its entities, in the article's graph, and the
    descriptions of entities (types, labels, sectors, countries, KB facts) in
    :data:`DESCRIPTION_GRAPHS`. So:

    1. Each batch of article graphs is validated with the descriptions of every IRI its
       triples name, and of every IRI those name in turn (an actor group's country, a
       ``sameAs``, a class and its ``rdfs:subClassOf``), relation edges left out (the
       predicates whose ends the shapes check: :func:`_edge_predicates`): every shape that
       targets a node of the batch finds there what it reads in the whole store.
    2. The description graphs are then validated together, alone (the KB's relation edges,
       the actor groups, the entities).

    What that needs is checked as the graphs are read (:class:`_ArticleShape`: an article
    or statement in one graph only, described there only; nothing but surface forms and
    relation edges about other nodes; no blank node, nor a graph named by one; no triple
    outside a named graph, no blank node among the descriptions); a store that breaks it is validated whole, at once,
    and ``note`` says why. A violation found by several batches is reported once.
    """
    shapes, ont = load_shapes(), class_hierarchy()
    edges = _edge_predicates(shapes)
    names = store.graph_names()
    described = [g for g in names if g in DESCRIPTION_GRAPHS]
    articles = [g for g in names if g not in DESCRIPTION_GRAPHS and g != str(RECORDS_GRAPH)]  # (an
    # endpoint serving a store lists the records graph: an index, not data)
    try:
        return _validate_batches(store, shapes, ont, edges, described, articles, batch, progress)
    except _NotBatchable as why:
        conforms, lines, text = _run(union_graph(store.dataset()), shapes, ont)
        return ValidationReport(conforms=conforms, violations=sorted(lines), text=text,
                                note=f"{why}: validated the whole store at once")


def _validate_batches(store: Any, shapes: Graph, ont: Graph, edges: set[str], described: list[str],
                      articles: list[str], batch: int, progress: Callable[[int, int], None] | None
                      ) -> ValidationReport:
    """The batches of :func:`validate_store`; :class:`_NotBatchable` for a store not of its
    shape."""
    if any(not _IRI.match(g) for g in articles):
        raise _NotBatchable("a graph named by a blank node")
    direct = hasattr(store, "quads")  # the embedded store: quads read without a query
    if direct and next(iter(store.quads(DATASET_DEFAULT_GRAPH_ID)), None) is not None:
        raise _NotBatchable("triples outside a named graph")
    not_edge = f"FILTER(?p NOT IN ({', '.join(f'<{p}>' for p in sorted(edges))}))" if edges else ""
    in_desc = " UNION ".join(f"{{ GRAPH <{g}> {{ ?s ?p ?o }} }}" for g in described)  # (a VALUES
    # list of graphs would make Oxigraph scan them)
    shape = _ArticleShape(edges)
    lines: set[str] = set()
    texts: list[str] = []
    conforms = True

    def check(data: Graph) -> None:
        nonlocal conforms
        ok, found, text = _run(data, shapes, ont)
        conforms &= ok
        if found:
            lines.update(found)
            texts.append(text)

    done = 0
    if progress is not None:
        progress(0, len(articles))
    for part in _chunks(articles, batch):
        if direct:
            quads = [q for g in part for q in store.quads(g)]
        else:
            quads = [row for some in _chunks(part, _VALUES) for row in store.query(
                f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?g {{ {' '.join(f'<{g}>' for g in some)} }} "
                "GRAPH ?g { ?s ?p ?o } }").rows]
        shape.add(quads)
        data = Graph()
        data.addN((s, p, o, data) for s, p, o, _ in quads)
        # the descriptions of the IRIs named, level by level, to those no description names
        seen: set[str] = set()
        todo = {str(x) for s, p, o, _ in quads for x in (s, o) if isinstance(x, URIRef)}
        while described and todo:
            seen |= todo
            found = Graph()
            for some in _chunks(sorted(todo), _VALUES):
                _construct(store, f"VALUES ?s {{ {' '.join(f'<{n}>' for n in some)} }} {in_desc} {not_edge}", found)
            if any(isinstance(x, BNode) for t in found for x in t):
                raise _NotBatchable("a blank node among the entities' descriptions")
            data.addN((s, p, o, data) for s, p, o in found)
            todo = {str(o) for o in found.objects() if isinstance(o, URIRef)} - seen
        check(data)
        done += len(part)
        if progress is not None:
            progress(done, len(articles))
    rest = Graph()
    if described:
        _construct(store, in_desc, rest)
    shape.done({str(s) for s in rest.subjects()})
    if len(rest):
        check(rest)
    return ValidationReport(conforms=conforms, violations=sorted(lines), text="\n".join(texts))
