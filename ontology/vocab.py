"""The vocabulary of the ontology contract, read from ``ontology/nufuz.ttl``.

This module is the only Python view of the contract (DESIGN.md, "Ontology contract"): every
other module takes its predicate names, symmetric predicates, seeks... mapping, class sets,
statement modes and domain/range from here instead of writing them out. The Turtle file is
parsed with rdflib once per process (:func:`vocabulary` is cached) when the module is
imported; the constants below are that parse's values.

Names are ``nz:`` local names (``"meetsWith"``, ``"Country"``), the form the extraction
records and the rest of the code use; prefix them with :data:`NZ` for an IRI.

What is read from where in ``nufuz.ttl``:

============================  ====================================================
:data:`PREDICATES`            the list ``<ontology> nz:relationPredicates ( ... )``
:data:`SYMMETRIC`             listed predicates typed ``owl:SymmetricProperty``
:data:`SEEKS`                 ``nz:intendedForm`` of each listed predicate
:data:`ACTOR_CLASSES`         ``nz:Actor`` and its (transitive) ``rdfs:subClassOf``
:data:`PLACE_CLASSES`         ``nz:Place`` and its subclasses
:data:`ORGANIZATION_CLASSES`  ``nz:Organization`` and its subclasses
:data:`MODES`                 the ``owl:oneOf`` list of the range of ``nz:mode``
:data:`TRUTHY_MODES`          the ``nz:truthyMode`` values of ``nz:mode``
:data:`DOMAIN`, :data:`RANGE` ``rdfs:domain`` / ``rdfs:range`` (an ``owl:unionOf`` is
                              expanded to its member classes)
============================  ====================================================

Examples
--------
>>> len(PREDICATES), PREDICATES[0], PREDICATES[-1]
(21, 'opposes', 'borders')
>>> sorted(SYMMETRIC)
['borders', 'cooperatesWith', 'meetsWith']
>>> SEEKS["hasInfluenceIn"]
'seeksInfluenceIn'
>>> "ActorGroup" in ACTOR_CLASSES and "Country" in PLACE_CLASSES
True
>>> sorted(RANGE["attacks"])
['Actor', 'Place']
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

__all__ = [
    "NZ", "ONTOLOGY_IRI", "VocabularyError", "Vocabulary", "read_vocabulary", "shipped_graph",
    "vocabulary", "subclasses_of", "PREDICATES", "SYMMETRIC", "SEEKS", "INTENDED_PREDICATES",
    "ACTOR_CLASSES", "PLACE_CLASSES", "ORGANIZATION_CLASSES", "ORGANIZATION_SUBCLASSES",
    "MODES", "TRUTHY_MODES", "DOMAIN", "RANGE",
]

#: The ``nz:`` namespace (``str``); a local name ``n`` has the IRI ``NZ + n``.
NZ = "https://w3id.org/nufuz/ontology#"
#: IRI of the ontology document (``str``), the subject of ``nz:relationPredicates``.
ONTOLOGY_IRI = "https://w3id.org/nufuz/ontology"

_FILE = "nufuz.ttl"


class VocabularyError(ValueError):
    """``nufuz.ttl`` does not state a fact of the contract that :mod:`ontology.vocab` reads
    (a missing list, an undeclared predicate, a predicate without domain or range...)."""


@dataclass(frozen=True)
class Vocabulary:
    """The contract's vocabulary as read from one Turtle document (:func:`read_vocabulary`).

    All names are ``nz:`` local names (``str``). Source: ``ontology/nufuz.ttl``.

    Attributes
    ----------
    predicates : tuple[str, ...]
        The relation predicates (the truthy edges), in the order of ``nz:relationPredicates``
        (the DESIGN.md table order).
    symmetric : frozenset[str]
        The predicates typed ``owl:SymmetricProperty``.
    seeks : Mapping[str, str]
        Predicate -> the seeks... predicate an intended statement of it uses
        (``nz:intendedForm``), read-only.
    actor_classes : frozenset[str]
        ``nz:Actor`` and all its subclasses (``Person``, ``Country``, ``Organization`` and its
        subclasses, ``ActorGroup``).
    place_classes : frozenset[str]
        ``nz:Place`` and all its subclasses.
    organization_classes : frozenset[str]
        ``nz:Organization`` and all its subclasses.
    modes : tuple[str, ...]
        The values of ``nz:mode``, in the order of its ``owl:oneOf`` list.
    truthy_modes : frozenset[str]
        The modes whose statements also get the truthy edge (``nz:truthyMode``).
    domain : Mapping[str, frozenset[str]]
        Predicate -> the classes of its ``rdfs:domain`` (a union expanded), read-only.
    range : Mapping[str, frozenset[str]]
        Predicate -> the classes of its ``rdfs:range`` (a union expanded), read-only.
    subclasses : Mapping[str, frozenset[str]]
        Named ``nz:`` class -> itself and all its transitive subclasses, read-only.
    """

    predicates: tuple[str, ...]
    symmetric: frozenset[str]
    seeks: Mapping[str, str]
    actor_classes: frozenset[str]
    place_classes: frozenset[str]
    organization_classes: frozenset[str]
    modes: tuple[str, ...]
    truthy_modes: frozenset[str]
    domain: Mapping[str, frozenset[str]]
    range: Mapping[str, frozenset[str]]
    subclasses: Mapping[str, frozenset[str]]


def _nz(name: str) -> URIRef:
    return URIRef(NZ + name)


def _local(node: Node) -> str:
    text = str(node)
    if not isinstance(node, URIRef) or not text.startswith(NZ):
        raise VocabularyError(f"{_FILE}: {text!r} is not an nz: term")
    return text[len(NZ):]


def _classes(g: Graph, node: Node) -> frozenset[str]:
    """A named class, or the members of an ``owl:unionOf`` blank node, as local names."""
    if isinstance(node, URIRef):
        return frozenset({_local(node)})
    members = g.value(node, OWL.unionOf)
    if members is None:
        raise VocabularyError(f"{_FILE}: a domain or range is neither a class nor an owl:unionOf")
    return frozenset(_local(m) for m in Collection(g, members))


def _one(g: Graph, s: Node, p: URIRef, what: str) -> Node:
    values = list(g.objects(s, p))
    if len(values) != 1:
        raise VocabularyError(f"{_FILE}: {what} needs exactly one {g.qname(p)} "
                              f"(found {len(values)})")
    return values[0]


def read_vocabulary(data: str | None = None) -> Vocabulary:
    """Parse a Turtle document and read the contract's vocabulary from it.

    Parameters
    ----------
    data : str, optional
        Turtle text; by default the ``nufuz.ttl`` shipped in the ``ontology`` package.

    Returns
    -------
    Vocabulary

    Raises
    ------
    VocabularyError
        If the document lacks a fact this module reads: the ``nz:relationPredicates`` list
        on the ontology, the declaration (``owl:ObjectProperty``), domain or range of a listed
        predicate, an ``nz:intendedForm`` outside the list, the ``owl:oneOf`` of
        ``nz:mode``'s range, a ``nz:truthyMode`` that is not a mode, or the classes
        ``nz:Actor`` / ``nz:Place`` / ``nz:Organization``.

    Notes
    -----
    Uncached: :func:`vocabulary` is the cached reading of the shipped file (whose parse,
    :func:`shipped_graph`, is shared: read here, not changed).
    """
    if data is None:
        g = shipped_graph()
    else:
        g = Graph()
        g.parse(data=data, format="turtle")

    head = _one(g, URIRef(ONTOLOGY_IRI), _nz("relationPredicates"), "the ontology")
    predicates = tuple(_local(p) for p in Collection(g, head))
    if not predicates or len(set(predicates)) != len(predicates):
        raise VocabularyError(f"{_FILE}: nz:relationPredicates is empty or repeats a predicate")
    domain: dict[str, frozenset[str]] = {}
    range_: dict[str, frozenset[str]] = {}
    seeks: dict[str, str] = {}
    for name in predicates:
        p = _nz(name)
        if (p, RDF.type, OWL.ObjectProperty) not in g:
            raise VocabularyError(f"{_FILE}: nz:{name} is listed but not an owl:ObjectProperty")
        domain[name] = _classes(g, _one(g, p, RDFS.domain, f"nz:{name}"))
        range_[name] = _classes(g, _one(g, p, RDFS.range, f"nz:{name}"))
        form = g.value(p, _nz("intendedForm"))
        if form is not None:
            seeks[name] = _local(form)
            if seeks[name] not in predicates:
                raise VocabularyError(f"{_FILE}: the nz:intendedForm of nz:{name} is not listed "
                                      "in nz:relationPredicates")
    symmetric = frozenset(n for n in predicates if (_nz(n), RDF.type, OWL.SymmetricProperty) in g)

    one_of = g.value(_one(g, _nz("mode"), RDFS.range, "nz:mode"), OWL.oneOf)
    if one_of is None:
        raise VocabularyError(f"{_FILE}: the range of nz:mode has no owl:oneOf list")
    modes = tuple(str(m) for m in Collection(g, one_of))
    truthy = frozenset(str(m) for m in g.objects(_nz("mode"), _nz("truthyMode"))
                       if isinstance(m, Literal))
    if not truthy or not truthy <= set(modes):
        raise VocabularyError(f"{_FILE}: nz:truthyMode of nz:mode must name some of its modes")

    subclasses: dict[str, frozenset[str]] = {}
    for cls in g.subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef) and str(cls).startswith(NZ):
            subclasses[_local(cls)] = frozenset(
                _local(c) for c in g.transitive_subjects(RDFS.subClassOf, cls)
                if isinstance(c, URIRef) and str(c).startswith(NZ))
    for root in ("Actor", "Place", "Organization"):
        if root not in subclasses:
            raise VocabularyError(f"{_FILE}: nz:{root} is not declared an owl:Class")

    return Vocabulary(
        predicates=predicates, symmetric=symmetric, seeks=MappingProxyType(seeks),
        actor_classes=subclasses["Actor"], place_classes=subclasses["Place"],
        organization_classes=subclasses["Organization"], modes=modes, truthy_modes=truthy,
        domain=MappingProxyType(domain), range=MappingProxyType(range_),
        subclasses=MappingProxyType(subclasses))


@functools.cache
def shipped_graph() -> Graph:
    """The shipped ``ontology/nufuz.ttl`` parsed once per process, shared: read it, do not
    change it (:func:`kg.namespaces.load_ontology` gives a fresh graph to change).

    Returns
    -------
    rdflib.Graph
        The same graph on every call. :func:`read_vocabulary` reads the vocabulary from it
        and :func:`kg.namespaces.predicate_info` the predicates' labels (one parse of the
        file instead of two: 0.04 CPU-s of ``nufuz view``).
    """
    g = Graph()
    g.parse(data=(resources.files("ontology") / _FILE).read_text(encoding="utf-8"), format="turtle")
    return g


@functools.cache
def vocabulary() -> Vocabulary:
    """The vocabulary of the shipped ``ontology/nufuz.ttl``, parsed once per process.

    Returns
    -------
    Vocabulary
        The same (immutable) object on every call.
    """
    return read_vocabulary()


def subclasses_of(name: str) -> frozenset[str]:
    """A named ``nz:`` class and all its transitive subclasses (source: ``nufuz.ttl``).

    Parameters
    ----------
    name : str
        Local name of a class declared ``owl:Class``, e.g. ``"Organization"``.

    Returns
    -------
    frozenset[str]

    Raises
    ------
    KeyError
        If ``name`` is not a declared ``nz:`` class.

    Examples
    --------
    >>> sorted(subclasses_of("Place"))
    ['City', 'Country', 'MilitaryBase', 'Place', 'Region']
    """
    return vocabulary().subclasses[name]


def read_shapes() -> Graph:
    """A new parse of the shipped SHACL shapes, ``ontology/shapes.ttl`` (what
    :func:`kg.validate.validate` checks a dataset against; :func:`shape_classes` reads the
    classes of the relation ends from it).

    Returns
    -------
    rdflib.Graph
        A fresh graph on every call (pyshacl may be given it).
    """
    g = Graph()
    g.parse(data=(resources.files("ontology") / "shapes.ttl").read_text(encoding="utf-8"), format="turtle")
    return g


@functools.cache
def shape_classes() -> Mapping[tuple[str, str], frozenset[str]]:
    """The classes ``ontology/shapes.ttl`` accepts at each end of each relation predicate.

    Returns
    -------
    Mapping[tuple[str, str], frozenset[str]]
        ``(predicate, "domain")`` (the shape with ``sh:targetSubjectsOf``) or ``(predicate,
        "range")`` (``sh:targetObjectsOf``) -> the local names of its ``sh:class`` values,
        directly or in an ``sh:or`` list (not closed under subclasses). The shapes are what
        a dataset is validated against: where they accept a region for an actor (``opposes``,
        ``supports``... a region standing for its states) and where not (the subject of
        ``attacks`` or ``hasMilitaryPresenceIn``), the extraction rules keep to them
        (``extractors.relations``).
    """
    from rdflib import BNode
    from rdflib.namespace import SH

    g = read_shapes()
    out: dict[tuple[str, str], set[str]] = {}
    for target, side in ((SH.targetSubjectsOf, "domain"), (SH.targetObjectsOf, "range")):
        for shape, pred in g.subject_objects(target):
            nodes = [shape]
            for lst in g.objects(shape, SH["or"]):
                nodes += [n for n in Collection(g, lst) if isinstance(n, (BNode, URIRef))]
            classes = {str(c).rsplit("#", 1)[-1] for n in nodes for c in g.objects(n, SH["class"])}
            if classes:
                out.setdefault((str(pred).rsplit("#", 1)[-1], side), set()).update(classes)
    return MappingProxyType({k: frozenset(v) for k, v in out.items()})


_V = vocabulary()

#: The relation predicates of the contract, ``tuple[str, ...]`` of ``nz:`` local names in
#: DESIGN.md table order (21 today). Source: ``nz:relationPredicates`` in ``nufuz.ttl``.
PREDICATES: tuple[str, ...] = _V.predicates
#: Predicates declared ``owl:SymmetricProperty`` in ``nufuz.ttl``, ``frozenset[str]``
#: (``meetsWith``, ``cooperatesWith``, ``borders``).
SYMMETRIC: frozenset[str] = _V.symmetric
#: Read-only ``Mapping[str, str]``: a predicate -> the seeks... predicate an intended
#: statement of it uses (``cooperatesWith`` -> ``seeksCooperationWith``,
#: ``hasMilitaryPresenceIn`` -> ``seeksMilitaryPresenceIn``, ``hasInfluenceIn`` ->
#: ``seeksInfluenceIn``). Source: ``nz:intendedForm`` in ``nufuz.ttl``.
SEEKS: Mapping[str, str] = _V.seeks
#: The seeks... predicates (the values of :data:`SEEKS`), ``frozenset[str]``: an intended
#: statement gets a truthy edge only with one of these.
INTENDED_PREDICATES: frozenset[str] = frozenset(_V.seeks.values())
#: ``nz:Actor`` and its subclasses (``Person``, ``Country``, ``Organization`` and its
#: subclasses, ``ActorGroup``), ``frozenset[str]``. Source: ``rdfs:subClassOf`` in ``nufuz.ttl``.
ACTOR_CLASSES: frozenset[str] = _V.actor_classes
#: ``nz:Place`` and its subclasses (``Country``, ``Region``, ``City``, ``MilitaryBase``),
#: ``frozenset[str]``. Source: ``rdfs:subClassOf`` in ``nufuz.ttl``.
PLACE_CLASSES: frozenset[str] = _V.place_classes
#: ``nz:Organization`` and its subclasses, ``frozenset[str]``. Source: ``nufuz.ttl``.
ORGANIZATION_CLASSES: frozenset[str] = _V.organization_classes
#: The subclasses of ``nz:Organization`` without ``Organization`` itself (``Government``,
#: ``MilitaryForce``...), ``frozenset[str]``. Source: ``nufuz.ttl``.
ORGANIZATION_SUBCLASSES: frozenset[str] = _V.organization_classes - {"Organization"}
#: Statement modes, ``tuple[str, ...]`` in ``owl:oneOf`` order: asserted, reported,
#: intended, hypothetical, negated, historical. Source: the range of ``nz:mode``.
MODES: tuple[str, ...] = _V.modes
#: Modes whose statements also get the truthy edge, ``frozenset[str]`` (asserted, reported,
#: historical, intended; an intended one only with a predicate of
#: :data:`INTENDED_PREDICATES`). Source: ``nz:truthyMode`` of ``nz:mode``.
TRUTHY_MODES: frozenset[str] = _V.truthy_modes
#: Read-only ``Mapping[str, frozenset[str]]``: predicate -> classes of its ``rdfs:domain``
#: (``owl:unionOf`` expanded; not closed under subclasses). Source: ``nufuz.ttl``.
DOMAIN: Mapping[str, frozenset[str]] = _V.domain
#: Read-only ``Mapping[str, frozenset[str]]``: predicate -> classes of its ``rdfs:range``
#: (``owl:unionOf`` expanded; not closed under subclasses). Source: ``nufuz.ttl``.
RANGE: Mapping[str, frozenset[str]] = _V.range
