"""Extraction records -> RDF dataset (one named graph per article, the entities graph and
the KB graph).

This module implements the "Ontology contract" of DESIGN.md. It reads only the plain
dataclasses of :mod:`extractors.records` (never spaCy) and a knowledge base object with the
interface of ``ontology.kb.KnowledgeBase`` (``entries``, ``facts``, ``get``).

Layout of a built :class:`rdflib.Dataset`:

- named graph ``<https://w3id.org/nufuz/doc/<sha1>>`` per article: the ``schema:NewsArticle``
  (with ``schema:mentions`` of every entity it lists), every statement node, the truthy
  edges of statements for which :meth:`extractors.records.Statement.has_truthy_edge` holds,
  and the ``nz:surfaceForm`` names it gives its entities (:func:`add_article`). No entity
  description (type, label, sameAs) is written there;
- named graph ``<https://w3id.org/nufuz/graph/entities>``: the one description of every
  entity the articles list, beyond what the KB graph says of it (:func:`entity_triples`,
  merged by :func:`add_entities`), so that a label join returns each answer once;
- named graph ``<https://w3id.org/nufuz/graph/kb>``: knowledge-base descriptions and
  background facts for the KB entities that the articles mention. No article statement is
  ever written there.
"""
from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from extractors.text import BIDI_CONTROLS, label_form
from typing import Any

from rdflib import ConjunctiveGraph, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, SKOS, XSD

from extractors.records import (
    ENTITY_CLASSES, MODES, ArticleExtraction, Entity, Statement,
)
from kg.atomic import atomic_write
from kg.namespaces import (
    DCT, ENTITIES_GRAPH, KB_GRAPH, NZ, PREDICATES, PREFIXES, SCHEMA, article_iri, bind_prefixes,
    entity_iri, statement_iri, wikidata_iri,
)

log = logging.getLogger(__name__)

#: KB fact predicates that describe where a mentioned entity lies; their object is added to
#: the KB graph (with its description) even when no article mentions it.
CONTAINMENT_PREDICATES = frozenset({"partOf", "locatedIn"})

_DATE_FORMS = (
    (re.compile(r"^-?\d{4}-\d{2}-\d{2}$"), XSD.date),
    (re.compile(r"^-?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$"),
     XSD.dateTime),
    (re.compile(r"^-?\d{4}-\d{2}$"), XSD.gYearMonth),
    (re.compile(r"^-?\d{4}$"), XSD.gYear),
    (re.compile(r"^--\d{2}-\d{2}$"), XSD.gMonthDay),
)
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN = re.compile(r"[A-Za-z]")


# --------------------------------------------------------------------------- literals

def date_literal(value: str) -> Literal:
    """Typed literal for a full or partial ISO date, the datatype chosen by its form.

    Parameters
    ----------
    value : str
        ``YYYY-MM-DD`` (xsd:date), ``YYYY-MM-DDThh:mm[:ss][zone]`` (xsd:dateTime),
        ``YYYY-MM`` (xsd:gYearMonth), ``YYYY`` (xsd:gYear) or ``--MM-DD`` (xsd:gMonthDay).

    Returns
    -------
    rdflib.Literal

    Raises
    ------
    ValueError
        If ``value`` has none of these forms.

    Examples
    --------
    >>> date_literal("2021").datatype == XSD.gYear
    True
    """
    v = str(value).strip()
    for rx, dt in _DATE_FORMS:
        if rx.match(v):
            return Literal(v, datatype=dt)
    raise ValueError(f"not an ISO date, gYear, gYearMonth or gMonthDay: {value!r}")


def text_lang(text: str, default: str) -> str:
    """Language tag for a short text: ``"ar"`` when it contains Arabic letters, ``"en"`` when it
    has Latin letters and ``default`` is ``"ar"`` (a role title "Foreign Minister" of an Arabic
    article is English), else ``default``.

    Parameters
    ----------
    text : str
    default : str
        Tag to use for non-Arabic text (usually the article language, or ``"en"``).

    Returns
    -------
    str

    Examples
    --------
    >>> text_lang("Foreign Minister", "ar"), text_lang("وزير", "en"), text_lang("2015", "ar")
    ('en', 'ar', 'ar')
    """
    if _ARABIC.search(text or ""):
        return "ar"
    if default == "ar" and _LATIN.search(text or ""):
        return "en"
    return default or "en"


#: Characters an IRI may not contain (RFC 3987: outside ``ucschar``/``iprivate`` and the
#: ASCII allowed): space and controls, ``<>"{}|\\^` ``, and the bidirectional formatting
#: characters, which RFC 3987 section 4.1 forbids in IRIs.
_IRI_UNSAFE = re.compile('[\x00-\x20<>"{}|\\\\^`\x7f-\x9f' + BIDI_CONTROLS + "]|%(?![0-9A-Fa-f]{2})")
_HTTP_URL = re.compile(r"^https?://[^/?#\s]", re.IGNORECASE)


def source_term(source: str) -> URIRef | Literal:
    """The ``dcterms:source`` object of an article: an IRI for an http(s) URL, else a literal.

    Parameters
    ----------
    source : str
        Where the article came from: a URL (a JSON Lines ``url`` field) or a file path.

    Returns
    -------
    rdflib.URIRef or rdflib.Literal
        For an ``http``/``https`` URL with a host, an IRI in which every character an IRI may
        not contain (space, controls, ``< > " { } | \\ ^ `` `` and the bidirectional formatting
        characters) is percent-encoded as UTF-8, as is a ``%`` that does not start an escape;
        the URL's other characters (Arabic letters included) are kept. Anything else is a
        plain literal.

    Examples
    --------
    >>> source_term("https://a.example/news?id=1|2")
    rdflib.term.URIRef('https://a.example/news?id=1%7C2')
    >>> source_term("https://ar.example/أخبار/1")
    rdflib.term.URIRef('https://ar.example/أخبار/1')
    >>> source_term("corpus/ar/a.txt")
    rdflib.term.Literal('corpus/ar/a.txt')
    """
    src = str(source).strip()
    if not _HTTP_URL.match(src):
        return Literal(str(source))
    return URIRef(_IRI_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), src))


def confidence_literal(value: float) -> Literal:
    """A confidence as the ``xsd:decimal`` literal of ``nz:confidence``: three decimals,
    rounded half up (``0.8349`` -> ``0.835``)."""
    d = Decimal(str(float(value))).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    return Literal(d, datatype=XSD.decimal)


def _integer(value: int) -> Literal:
    return Literal(int(value), datatype=XSD.integer)


# Terms a build makes again and again (the same classes, predicates, labels, offsets, dates
# and confidences in article after article), each made once: rdflib terms are immutable, and
# making one (validation, casting) costs more than a lookup. Each cache is bounded (least
# recently used dropped), so memory stays flat over any corpus.
_TERM_CACHE = 1 << 12

_TYPE, _PREF, _ALT, _SAME = RDF.type, SKOS.prefLabel, SKOS.altLabel, OWL.sameAs


@functools.lru_cache(maxsize=256)
def _nz(name: str) -> URIRef:
    """``nz:<name>`` (a class or predicate local name)."""
    return NZ[name]


@functools.lru_cache(maxsize=_TERM_CACHE, typed=True)
def _plain(text: str) -> Literal:
    """A plain literal of a short, repeated text (a mode, a PLOVER category, a language)."""
    return Literal(text)


#: :func:`_integer`, :func:`confidence_literal` and :func:`date_literal` of repeated values
#: (offsets, confidences, dates), each literal made once (a bad date still raises each time)
_cached_integer = functools.lru_cache(maxsize=_TERM_CACHE)(_integer)
_cached_confidence = functools.lru_cache(maxsize=_TERM_CACHE)(confidence_literal)
_cached_date = functools.lru_cache(maxsize=_TERM_CACHE)(date_literal)


@functools.lru_cache(maxsize=_TERM_CACHE)
def _label_literal(text: str, lang: str) -> Literal | None:
    """``label_form(text)`` tagged ``lang``, None when nothing is left of it."""
    form = label_form(text)
    return Literal(form, lang=lang) if form else None


#: :func:`extractors.text.label_form` of a surface form, each made once
_form = functools.lru_cache(maxsize=_TERM_CACHE)(label_form)


@functools.lru_cache(maxsize=_TERM_CACHE)
def _alt_literal(form: str, alt_lang: str) -> Literal:
    """A surface form (already in label form) as the literal of an ``skos:altLabel``."""
    return Literal(form, lang=text_lang(form, alt_lang))


# --------------------------------------------------------------------------- descriptions

def _entity_triples(ent: Entity, alt_lang: str) -> list[tuple]:
    """Type, labels, surface forms and sameAs of an article entity (and, for an
    ``ActorGroup``, its ``nz:sector`` and ``nz:country``), as ``(s, p, o)`` triples. Labels
    and surface forms are written in :func:`extractors.text.label_form`."""
    node = entity_iri(ent.id)
    out = [(node, _TYPE, _nz(ent.cls))]
    # labels as a reader sees them: no tatweel, invisible or presentation characters
    if ent.label_ar and (label := _label_literal(ent.label_ar, "ar")) is not None:
        out.append((node, _PREF, label))
    if ent.label_en and (label := _label_literal(ent.label_en, "en")) is not None:
        out.append((node, _PREF, label))
    forms = {_form(f) for f in ent.surface_forms}
    forms.discard("")
    for form in sorted(forms):
        out.append((node, _ALT, _alt_literal(form, alt_lang)))
    for iri in ent.same_as:
        out.append((node, _SAME, URIRef(iri)))
    if ent.cls == "ActorGroup":
        if ent.sector:
            out.append((node, NZ.sector, Literal(ent.sector)))
        if ent.country:
            out.append((node, NZ.country, entity_iri(ent.country)))
    return out


def _kb_entry_triples(entry: Any) -> list[tuple]:
    """Type, labels, KB aliases and external identifiers of a KB entry, as triples."""
    node = entity_iri(entry.id)
    out = [(node, RDF.type, NZ[entry.cls])]
    if getattr(entry, "label_ar", ""):
        out.append((node, SKOS.prefLabel, Literal(entry.label_ar, lang="ar")))
    if getattr(entry, "label_en", ""):
        out.append((node, SKOS.prefLabel, Literal(entry.label_en, lang="en")))
    for attr, lang in (("aliases_ar", "ar"), ("aliases_en", "en")):
        for alias in getattr(entry, attr, None) or ():
            alias = str(alias).strip()
            if alias:
                out.append((node, SKOS.altLabel, Literal(alias, lang=lang)))
    qid = getattr(entry, "wikidata", None)
    if qid:
        try:
            out.append((node, OWL.sameAs, wikidata_iri(qid)))
        except ValueError:
            log.warning("KB entry %s: ignoring bad Wikidata id %r", entry.id, qid)
    geonames = getattr(entry, "geonames", None)
    if geonames:
        out.append((node, OWL.sameAs, URIRef(f"https://sws.geonames.org/{str(geonames).strip()}/")))
    return out


@dataclass(frozen=True)
class _KBDescription:
    """What :func:`entity_triples` reads of a KB entry: its description triples
    (:func:`_kb_entry_triples`), as a tuple and a set, its labels and the languages of its
    ``skos:prefLabel``\\ s."""

    triples: tuple
    known: frozenset
    labels: frozenset
    pref_langs: frozenset


def _kb_description_of(entry: Any) -> _KBDescription:
    triples = tuple(_kb_entry_triples(entry))
    return _KBDescription(triples, frozenset(triples),
                          frozenset(o for _, p, o in triples if p in LABELS),
                          frozenset(o.language for _, p, o in triples if p == _PREF))


#: KB descriptions kept by :func:`_kb_description` (the KB has about 1,500 entries; beyond
#: this bound the memo starts afresh).
KB_DESCRIPTION_CACHE = 4096

#: entry id -> (the entry, its description)
_KB_DESCRIPTIONS: dict[str, tuple[Any, _KBDescription]] = {}


def _kb_description(entry: Any) -> _KBDescription:
    """:func:`_kb_description_of` of a KB entry, made once per entry (a KB is static): kept
    for the entry object itself when it is immutable (``ontology.kb.KBEntry`` is a frozen
    dataclass); a mutable stand-in is described anew at each call."""
    hit = _KB_DESCRIPTIONS.get(entry.id)
    if hit is not None and hit[0] is entry:
        return hit[1]
    desc = _kb_description_of(entry)
    if getattr(getattr(type(entry), "__dataclass_params__", None), "frozen", False):
        if len(_KB_DESCRIPTIONS) >= KB_DESCRIPTION_CACHE:
            _KB_DESCRIPTIONS.clear()
        _KB_DESCRIPTIONS[entry.id] = (entry, desc)
    return desc


def _describe_kb_entry(g: Graph | TripleSet, entry: Any) -> URIRef:
    """Type, labels, KB aliases and external identifiers of a KB entry into ``g``."""
    for t in _kb_description(entry).triples:
        g.add(t)
    return entity_iri(entry.id)


#: The label properties of an entity description (``skos:prefLabel``, ``skos:altLabel``).
LABELS = (SKOS.prefLabel, SKOS.altLabel)


class TripleSet:
    """The triples of one named graph without an rdflib store: what a build that writes
    only to a store makes of each article (:meth:`DatasetBuilder.add_triples`), since an
    rdflib :class:`~rdflib.Graph` costs far more per triple (events, contexts, indexes) than
    the store's ingest needs.

    A set of ``(s, p, o)`` rdflib terms that keeps the order in which they were first
    added, with the few parts of the Graph interface that :mod:`kg.store_ingest` and the
    stores' ``replace_graphs`` use: :meth:`add`, iteration, ``len``, ``in`` (a whole triple)
    and :meth:`objects`.

    Parameters
    ----------
    identifier : rdflib.URIRef, optional
        The graph name (as :attr:`rdflib.Graph.identifier`).
    triples : iterable of (s, p, o), optional
        The first triples.

    Examples
    --------
    >>> g = TripleSet(URIRef("http://ex/g"))
    >>> _ = g.add((URIRef("http://ex/a"), URIRef("http://ex/p"), Literal("x")))
    >>> _ = g.add((URIRef("http://ex/a"), URIRef("http://ex/p"), Literal("x")))
    >>> len(g), list(g.objects(URIRef("http://ex/a")))
    (1, [rdflib.term.Literal('x')])
    """

    __slots__ = ("identifier", "_triples")

    def __init__(self, identifier: URIRef | None = None, triples: Iterable[tuple] = ()):
        self.identifier = identifier
        self._triples: dict[tuple, None] = dict.fromkeys(triples)

    def add(self, triple: tuple) -> "TripleSet":
        """Add one ``(s, p, o)`` (a triple already held is kept once); returns ``self``."""
        self._triples[triple] = None
        return self

    def __iter__(self) -> Iterator[tuple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def __contains__(self, triple: object) -> bool:
        return triple in self._triples

    def objects(self, subject: Any = None, predicate: Any = None) -> Iterator[Any]:
        """The objects of the triples with this subject and predicate (None: any), in order,
        each as often as it occurs (as :meth:`rdflib.Graph.objects`)."""
        for s, p, o in self._triples:
            if (subject is None or s == subject) and (predicate is None or p == predicate):
                yield o


def entity_triples(art: ArticleExtraction, kb: Any | None = None) -> list[tuple]:
    """What an article says about the entities it lists, beyond what the KB says of them.

    Parameters
    ----------
    art : ArticleExtraction
    kb : KnowledgeBase or None
        ``ontology.kb`` knowledge base (``get(id)``); None: every entity is described whole.

    Returns
    -------
    list of (s, p, o)
        In entity-id order, without repeats. An entity outside the KB: its ``rdf:type``,
        ``skos:prefLabel`` (``@ar``, ``@en``), every surface form as ``skos:altLabel``,
        ``owl:sameAs``, and for an actor group ``nz:sector`` / ``nz:country``. A KB entity:
        only what its KB description (the triples :func:`add_kb_graph` writes for it) lacks:
        usually the surface forms the KB does not list, as ``skos:altLabel``; a label of a
        language the KB already has a ``skos:prefLabel`` in becomes an ``skos:altLabel``.
        A surface form equal to the entity's ``skos:prefLabel`` is not repeated as an
        ``skos:altLabel`` (SKOS keeps the two disjoint).

    Notes
    -----
    These are the article's contribution to the entities graph
    (``https://w3id.org/nufuz/graph/entities``, :func:`add_entities`); their labels are also
    the ``nz:surfaceForm`` names :func:`add_article` keeps in the article graph, from which
    a store drops a name no remaining article gives (:class:`kg.store.StoreIngest`).
    """
    out: list[tuple] = []
    seen: set[tuple] = set()
    for ent_id in sorted(art.entities):
        ent = art.entities[ent_id]
        triples = _entity_triples(ent, art.lang)
        entry = kb.get(ent_id) if kb is not None else None
        if entry is not None:
            kb_desc = _kb_description(entry)
            known, kb_labels, kb_pref = kb_desc.known, kb_desc.labels, kb_desc.pref_langs
            own = []
            for s, p, o in triples:
                if p is _PREF or p is _ALT:
                    if o in kb_labels:
                        continue
                    if p is _PREF and o.language in kb_pref:
                        p = _ALT
                elif (s, p, o) in known:
                    continue
                own.append((s, p, o))
            triples = own
        prefs = {o for _, p, o in triples if p is _PREF}
        for t in triples:
            if t[1] is _ALT and t[2] in prefs:
                continue  # SKOS: a name is the prefLabel or an altLabel, not both
            if t not in seen:
                seen.add(t)
                out.append(t)
    return out


def merge_entity_triples(target: Graph | Any, triples: Iterable[tuple]) -> list[tuple]:
    """Merge entity-description triples into an entities graph, one prefLabel per language.

    Parameters
    ----------
    target : rdflib.Graph or kg.store_ingest.Descriptions
        The entities graph (or the part of it that describes the entities of ``triples``):
        anything with ``add``, ``in`` of a triple and ``objects(subject, predicate)``.
    triples : iterable of (s, p, o)
        An article's :func:`entity_triples`.

    Returns
    -------
    list of (s, p, o)
        The triples ``target`` gained, in order.

    Notes
    -----
    SKOS gives an entity at most one ``skos:prefLabel`` per language: the label already in
    ``target`` wins (the first article's, in input order), and a different label of the
    same language becomes a ``skos:altLabel`` (so no name is lost); an ``skos:altLabel``
    equal to a ``skos:prefLabel`` of ``target`` is left out.
    """
    added = []
    for s, p, o in triples:
        if p == _PREF:
            lang = getattr(o, "language", None)
            if any(getattr(x, "language", None) == lang and x != o for x in target.objects(s, _PREF)):
                p = _ALT
        if p == _ALT and (s, _PREF, o) in target:
            continue
        if (s, p, o) not in target:
            target.add((s, p, o))
            added.append((s, p, o))
    return added


def add_entities(ds: Dataset | Graph, art: ArticleExtraction, kb: Any | None = None,
                 triples: list[tuple] | None = None) -> Graph:
    """Merge an article's entity descriptions into the entities graph.

    The one place where the file build (:func:`build_dataset`), the streaming build
    (``nufuz build``) and any other builder put entity descriptions; call it for the
    articles in input order.

    Parameters
    ----------
    ds : rdflib.Dataset or rdflib.Graph
        A dataset (its graph ``https://w3id.org/nufuz/graph/entities`` is used) or the
        entities graph itself.
    art : ArticleExtraction
    kb : KnowledgeBase or None
        As in :func:`entity_triples`.
    triples : list of (s, p, o), optional
        ``entity_triples(art, kb)`` when the caller has it already (computed here otherwise).

    Returns
    -------
    rdflib.Graph
        The entities graph.
    """
    g = ds.graph(ENTITIES_GRAPH) if isinstance(ds, ConjunctiveGraph) else ds
    merge_entity_triples(g, entity_triples(art, kb) if triples is None else triples)
    return g


def surface_forms(g: Graph | TripleSet, art: ArticleExtraction, kb: Any | None = None,
                  triples: list[tuple] | None = None) -> None:
    """Write into an article graph (an rdflib Graph or a :class:`TripleSet`) the
    ``nz:surfaceForm`` names the article gives its entities: the labels of its
    :func:`entity_triples` (the names it contributes to the entities graph; ``triples`` when
    the caller has computed them), one ``(entity, nz:surfaceForm, literal)`` each."""
    add, surface = g.add, NZ.surfaceForm
    for s, p, o in (entity_triples(art, kb) if triples is None else triples):
        if p in LABELS:
            add((s, surface, o))


def degrees_literal(value: float) -> Literal:
    """A coordinate as an ``xsd:decimal`` literal in the XSD 1.0 canonical form: at most four
    decimals (about 10 m), no trailing zeros but one digit after the point (``44.0000`` ->
    ``44.0``, ``95.2610`` -> ``95.261``), the form rdflib writes and reads back from TriG, so
    a built file re-parses to the same literal. (Oxigraph keeps an integral decimal as
    ``44``: compare a store with a file by value.)"""
    text = f"{float(value):.4f}".rstrip("0")
    text = text + "0" if text.endswith(".") else text
    return Literal("0.0" if text == "-0.0" else text, datatype=XSD.decimal)


def _add_coordinates(g: Graph | TripleSet, entry: Any) -> None:
    """``schema:latitude`` / ``schema:longitude`` (``xsd:decimal``, WGS84 degrees) of a KB
    place that has a point (``ontology/kb/coordinates.tsv``)."""
    lat, lon = getattr(entry, "latitude", None), getattr(entry, "longitude", None)
    if lat is None or lon is None:
        return
    node = entity_iri(entry.id)
    g.add((node, SCHEMA.latitude, degrees_literal(lat)))
    g.add((node, SCHEMA.longitude, degrees_literal(lon)))


def _describe_article(g: Any, art: ArticleExtraction) -> URIRef:
    node = article_iri(art.sha1)
    add = g.add
    add((node, _TYPE, _NEWS_ARTICLE))
    add((node, DCT.source, source_term(art.source)))
    if art.headline:
        lang = text_lang(art.headline, art.lang)
        add((node, SCHEMA.headline, Literal(art.headline, lang=lang)))
    add((node, SCHEMA.inLanguage, _plain(art.lang)))
    if art.date_published:
        try:
            add((node, SCHEMA.datePublished, _cached_date(art.date_published)))
        except ValueError as exc:
            log.warning("%s: datePublished dropped: %s", art.source, exc)
    mentions = SCHEMA.mentions
    for ent_id in sorted(art.entities):
        add((node, mentions, entity_iri(ent_id)))
    return node


_NEWS_ARTICLE = SCHEMA.NewsArticle
_STATEMENT_TYPES = (NZ.Statement, RDF.Statement)
_SUBJECT, _PREDICATE, _OBJECT = RDF.subject, RDF.predicate, RDF.object
_PLOVER, _CAMEO, _MODE, _EVIDENCE = NZ.ploverCategory, NZ.cameoCode, NZ.mode, NZ.evidence
_CHAR_START, _CHAR_END, _CONFIDENCE = NZ.charStart, NZ.charEnd, NZ.confidence
_DATES = (NZ.date, NZ.startDate, NZ.endDate)
_QUALIFIERS = (NZ.location, NZ.topic, NZ.reportedBy)
_ATTRIBUTED_TO, _TRIGGER, _DERIVED_FROM = NZ.attributedTo, NZ.trigger, PROV.wasDerivedFrom


def _add_statement(g: Any, art: ArticleExtraction, doc: URIRef, n: int, st: Statement,
                   is_entity: Callable[[str], bool]) -> URIRef:
    """Statement node (and truthy edge when the mode allows) into the article graph (an
    rdflib Graph or a :class:`TripleSet`)."""
    node = statement_iri(art.sha1, n)
    subj, pred, obj = entity_iri(st.subject), _nz(st.predicate), entity_iri(st.object)
    add = g.add
    add((node, _TYPE, _STATEMENT_TYPES[0]))
    add((node, _TYPE, _STATEMENT_TYPES[1]))
    add((node, _SUBJECT, subj))
    add((node, _PREDICATE, pred))
    add((node, _OBJECT, obj))
    if st.plover:
        add((node, _PLOVER, _plain(st.plover)))
    if st.cameo:
        add((node, _CAMEO, _plain(str(st.cameo))))
    add((node, _MODE, _plain(st.mode)))
    add((node, _EVIDENCE, Literal(st.evidence, lang=st.lang or art.lang)))
    add((node, _CHAR_START, _cached_integer(st.char_start)))
    add((node, _CHAR_END, _cached_integer(st.char_end)))
    add((node, _CONFIDENCE, _cached_confidence(st.confidence)))
    for prop, value in zip(_DATES, (st.date, st.start_date, st.end_date)):
        if value:
            try:
                add((node, prop, _cached_date(value)))
            except ValueError as exc:
                log.warning("%s: statement %d: %s dropped: %s", art.source, n, prop, exc)
    for prop, value in zip(_QUALIFIERS, (st.location, st.topic, st.reported_by)):
        if value:
            add((node, prop, entity_iri(value)))
    who = (st.attributed_to or "").strip()
    if who:
        add((node, _ATTRIBUTED_TO,
             entity_iri(who) if is_entity(who) else Literal(who, lang=text_lang(who, "en"))))
    if st.trigger:
        add((node, _TRIGGER, Literal(st.trigger, lang=text_lang(st.trigger, st.lang or art.lang))))
    add((node, _DERIVED_FROM, doc))
    if st.has_truthy_edge():
        add((subj, pred, obj))  # a graph is a set: shared truthy edges are deduplicated
    return node


def _referenced_ids(art: ArticleExtraction) -> set[str]:
    """Entity ids an article's statements must point to (subject, object, qualifiers)."""
    ids: set[str] = set()
    for st in art.statements:
        ids.update(x for x in (st.subject, st.object, st.location, st.topic, st.reported_by) if x)
    return ids


def mentioned_ids(art: ArticleExtraction) -> set[str]:
    """Ids whose KB description an article brings into the KB graph: the entities it lists,
    those its statements point to and their ``attributed_to`` (for :func:`add_kb_graph`)."""
    ids = set(art.entities) | _referenced_ids(art)
    ids |= {st.attributed_to.strip() for st in art.statements if st.attributed_to}
    return ids


# --------------------------------------------------------------------------- build

def check_article(art: ArticleExtraction) -> list[str]:
    """Structural problems that stop an article from being written as RDF.

    Only what RDF cannot represent meaningfully is checked here (the SHACL shapes of
    :func:`kg.validate.validate` check the rest: offsets, confidence range, labels...).

    Parameters
    ----------
    art : ArticleExtraction

    Returns
    -------
    list[str]
        One line per problem, each starting with the article source; empty when fine.
    """
    problems = []
    try:
        article_iri(art.sha1)
    except ValueError as exc:
        problems.append(f"{art.source}: {exc}")
    for ent_id, ent in art.entities.items():
        if ent.cls not in ENTITY_CLASSES:
            problems.append(f"{art.source}: entity {ent_id!r} has unknown class {ent.cls!r}")
        if not ent_id.strip() or ent_id != ent.id:
            problems.append(f"{art.source}: entity key {ent_id!r} does not match its id {ent.id!r}")
    for n, st in enumerate(art.statements):
        if st.mode not in MODES:
            problems.append(f"{art.source}: statement {n} has unknown mode {st.mode!r}")
        if st.predicate not in PREDICATES:
            problems.append(f"{art.source}: statement {n} has unknown predicate {st.predicate!r}")
        if not (st.subject or "").strip() or not (st.object or "").strip():
            problems.append(f"{art.source}: statement {n} lacks a subject or object id")
    return problems


def new_dataset() -> Dataset:
    """An empty :class:`rdflib.Dataset` with the nufuz prefixes bound.

    Returns
    -------
    rdflib.Dataset
    """
    return bind_prefixes(Dataset())


def add_article(ds: Dataset, art: ArticleExtraction, kb: Any | None = None,
                known: Container[str] | None = None, sources: Iterable[str] = (),
                triples: list[tuple] | None = None) -> Graph:
    """Write one article's named graph into ``ds``.

    The graph holds the article node (with ``schema:mentions`` of every entity it lists),
    its statement nodes and truthy edges, and the ``nz:surfaceForm`` names it gives its
    entities (the labels of :func:`entity_triples`): no entity description. Those go once to
    the entities graph, by :func:`add_entities`, which the caller runs for the same article.

    Parameters
    ----------
    ds : rdflib.Dataset
        Target dataset (the article graph is replaced if it already exists).
    art : ArticleExtraction
        The article's extraction records.
    kb : KnowledgeBase or None
        Used to decide whether ``attributed_to`` is an entity id, and which names of a KB
        entity the KB already gives (those are not ``nz:surfaceForm``\\ s).
    known : dict or set of str, or None
        Ids of the entities of other articles of the same build: an ``attributed_to`` among them
        is an entity IRI, and a statement pointing to an id neither listed here, nor known,
        nor in the KB is logged as a warning (the entities graph describes the known ones).
    sources : iterable of str
        More sources of the article (paths or URLs of byte-identical inputs): one more
        ``dcterms:source`` each (:func:`source_term`).
    triples : list of (s, p, o), optional
        The article's :func:`entity_triples` when the caller has them (computed otherwise).

    Returns
    -------
    rdflib.Graph
        The article's named graph.

    Raises
    ------
    ValueError
        If :func:`check_article` finds a problem (unknown mode, predicate or class, bad
        sha1); nothing is written then.
    """
    problems = check_article(art)
    if problems:
        raise ValueError("; ".join(problems))
    doc = article_iri(art.sha1)
    g = ds.graph(doc)
    g.remove((None, None, None))
    _write_article(g, art, doc, kb, known, sources, triples)
    return g


def article_triples(art: ArticleExtraction, kb: Any | None = None,
                    known: Container[str] | None = None, sources: Iterable[str] = (),
                    triples: list[tuple] | None = None) -> TripleSet:
    """One article's named graph as a :class:`TripleSet`: the triples :func:`add_article`
    writes into a dataset, with no rdflib Graph (a build that writes only to a store).

    Parameters
    ----------
    art, kb, known, sources, triples
        As in :func:`add_article`.

    Returns
    -------
    TripleSet
        Named by the article IRI; the same triples as ``add_article(new_dataset(), art,
        ...)`` gives (in the order they are made).

    Raises
    ------
    ValueError
        As :func:`add_article`.
    """
    problems = check_article(art)
    if problems:
        raise ValueError("; ".join(problems))
    doc = article_iri(art.sha1)
    g = TripleSet(doc)
    _write_article(g, art, doc, kb, known, sources, triples)
    return g


def _write_article(g: Graph | TripleSet, art: ArticleExtraction, doc: URIRef, kb: Any | None,
                   known: Container[str] | None, sources: Iterable[str],
                   triples: list[tuple] | None) -> None:
    """The triples of :func:`add_article` into ``g`` (anything with ``add``)."""
    _describe_article(g, art)
    surface_forms(g, art, kb, triples)
    known = known if known is not None else ()

    def in_kb(i: str) -> bool:
        return kb is not None and kb.get(i) is not None

    def is_entity(i: str) -> bool:
        return i in art.entities or i in known or in_kb(i)

    # ids the statements point to that this article does not list: the entities graph
    # describes them (from the articles that list them), or the KB graph does
    for ent_id in sorted(_referenced_ids(art) - set(art.entities)):
        if ent_id not in known and not in_kb(ent_id):
            log.warning("%s: a statement points to unknown entity %r", art.source, ent_id)
    for n, st in enumerate(art.statements):
        _add_statement(g, art, doc, n, st, is_entity)
    for src in sources:
        g.add((doc, DCT.source, source_term(src)))


def add_kb_graph(ds: Dataset, kb: Any, mentioned: Iterable[str],
                 containers: bool = True) -> Graph:
    """Write the knowledge-base named graph for the KB entities in ``mentioned``.

    Parameters
    ----------
    ds : rdflib.Dataset
    kb : KnowledgeBase
        Object with ``entries`` (dict id -> KBEntry with ``id, cls, label_en, label_ar,
        aliases_ar, aliases_en, wikidata``), ``facts`` (KBFact ``subject, predicate,
        object``) and ``get(id)``.
    mentioned : iterable of str
        Entity ids mentioned by the articles of the build.
    containers : bool
        Also add ``partOf``/``locatedIn`` facts from a mentioned entity to a container that
        no article mentions (one hop), with the container's description.

    Returns
    -------
    rdflib.Graph
        The KB named graph (``https://w3id.org/nufuz/graph/kb``): the description of each
        KB entity described (type, labels, aliases, ``owl:sameAs``; a place's
        ``schema:latitude``/``schema:longitude`` when the KB has its point) and the facts
        among them.
    """
    g = ds.graph(KB_GRAPH)
    _write_kb_graph(g, kb, mentioned, containers)
    return g


def kb_graph_triples(kb: Any, mentioned: Iterable[str], containers: bool = True) -> TripleSet:
    """The triples :func:`add_kb_graph` writes for ``mentioned``, as a :class:`TripleSet`
    named ``https://w3id.org/nufuz/graph/kb`` (no rdflib Graph: what a store's ingest adds).

    Parameters
    ----------
    kb, mentioned, containers
        As in :func:`add_kb_graph`.

    Returns
    -------
    TripleSet
    """
    g = TripleSet(KB_GRAPH)
    _write_kb_graph(g, kb, mentioned, containers)
    return g


def _write_kb_graph(g: Graph | TripleSet, kb: Any, mentioned: Iterable[str], containers: bool) -> None:
    """The triples of :func:`add_kb_graph` into ``g`` (anything with ``add``)."""
    ids = {i for i in mentioned if kb.get(i) is not None}
    described: set[str] = set()

    def describe(i: str) -> bool:
        if i not in described:
            entry = kb.get(i)
            if entry is None:
                return False
            _describe_kb_entry(g, entry)
            _add_coordinates(g, entry)
            described.add(i)
        return True

    for i in sorted(ids):
        describe(i)
    for fact in kb.facts:
        s, p, o = fact.subject, fact.predicate, fact.object
        if s not in ids:
            continue
        if o in ids or (containers and p in CONTAINMENT_PREDICATES and describe(o)):
            g.add((entity_iri(s), _nz(p), entity_iri(o)))


@dataclass
class BuildState:
    """What a build carries from one article to the next (:class:`DatasetBuilder`).

    Attributes
    ----------
    known : set[str]
        Every entity id the articles so far list: a statement of a later article pointing
        to one of them points to an entity (:func:`add_article`'s ``known``). Ids only (their
        descriptions are in :attr:`entities` or the store's entities graph), so that a
        build's memory grows by an id per new entity, not by an entity record.
    mentioned : set[str]
        The ids whose KB description the articles bring into the KB graph
        (:func:`mentioned_ids`).
    entities : rdflib.Graph
        The entities graph of the articles so far (:func:`add_entities` in input order).
    """

    known: set[str] = field(default_factory=set)
    mentioned: set[str] = field(default_factory=set)
    entities: Graph = field(default_factory=lambda: bind_prefixes(Graph(identifier=ENTITIES_GRAPH)))

    def merge(self, later: "BuildState") -> None:
        """Add the state of the articles that come after this state's (in input order): the
        known and the mentioned ids are united, the later entities graph is merged in
        (:func:`merge_entity_triples`: the same graph as adding the later articles one by
        one, since a prefLabel already here wins)."""
        self.known |= later.known
        self.mentioned |= later.mentioned
        merge_entity_triples(self.entities, list(later.entities))

    def only(self, ids: Iterable[str]) -> "BuildState":
        """A copy holding the known ids among ``ids`` alone and no mentioned id: all that
        articles mentioning only ``ids`` (:func:`mentioned_ids`) read from the state."""
        return BuildState(known={i for i in ids if i in self.known})


class DatasetBuilder:
    """Extraction records -> the named graphs of a build, one article at a time, in input order.

    The logic of ``nufuz build`` (the streamed files and store: ``kg.cli``) and of each
    partition of ``nufuz cluster-build`` (:mod:`kg.cluster`): :meth:`check` drops the
    statements below ``min_confidence`` and finds what stops an article from being
    written; :meth:`add` writes the article's named graph (:func:`add_article`) with the
    entities of the articles before it (:attr:`state`); :meth:`global_graphs` writes the
    graphs made from the whole build (the KB graph, :func:`add_kb_graph`). Whatever an
    article graph reads from the articles before it is in :class:`BuildState`, so a build
    cut into consecutive partitions writes the same graphs when each partition starts from
    the merged state of the partitions before it (:meth:`note` gathers a partition's state
    without writing anything).

    Parameters
    ----------
    kb : KnowledgeBase or None
    sources : dict[str, list[str]], optional
        More sources of an article by sha1 (byte-identical inputs: one more
        ``dcterms:source`` each).
    min_confidence : float
        Statements below it are dropped before the article is checked and written.
    dataset : rdflib.Dataset, optional
        Where the graphs are written (one graph per article IRI); a new one when None.
    state : BuildState, optional
        The state of the articles before the first one added here.
    entities_graph : bool
        Keep the entities graph in :attr:`state` (the default). A build that writes no
        file, only a store (which keeps its own entities graph: :class:`kg.store.StoreIngest`),
        gives False: the state then holds no description triple (its memory grows only with
        the ids) and :meth:`global_graphs` writes no entities graph.
    """

    def __init__(self, kb: Any | None = None, sources: dict[str, Iterable[str]] | None = None,
                 min_confidence: float = 0.0, dataset: Dataset | None = None,
                 state: BuildState | None = None, entities_graph: bool = True):
        self.kb, self.sources, self.min_confidence = kb, sources or {}, min_confidence
        self.dataset = dataset if dataset is not None else new_dataset()
        self.state = state if state is not None else BuildState()
        self.entities_graph = entities_graph

    def check(self, art: ArticleExtraction) -> list[str]:
        """Drop the article's statements below ``min_confidence`` (in place), then return
        :func:`check_article`'s problems (empty: the article can be written)."""
        if self.min_confidence > 0:
            art.statements = [s for s in art.statements if s.confidence >= self.min_confidence]
        return check_article(art)

    def note(self, art: ArticleExtraction, triples: list[tuple] | None = None) -> None:
        """Add a checked article to :attr:`state` (its entities not seen before, its
        mentioned ids, its entity descriptions: ``triples``, its :func:`entity_triples`,
        computed when not given) without writing its graph."""
        self.state.known.update(art.entities)
        self.state.mentioned |= mentioned_ids(art)
        if self.entities_graph:
            add_entities(self.state.entities, art, self.kb, triples)

    def _noted(self, art: ArticleExtraction, triples: list[tuple] | None) -> list[tuple]:
        """:meth:`note` the article with its :func:`entity_triples` (``triples``, or computed
        here once) and return them."""
        if triples is None:
            triples = entity_triples(art, self.kb)
        self.note(art, triples)
        return triples

    def add(self, art: ArticleExtraction, triples: list[tuple] | None = None) -> Graph:
        """Write a checked article's named graph (:meth:`check` found no problem) into
        :attr:`dataset` and return it. ``triples``: the article's :func:`entity_triples`
        when the caller has them (a store build hands the same list to the store), else
        computed here, once.

        Raises
        ------
        ValueError
            The article has a problem of :func:`check_article`.
        """
        triples = self._noted(art, triples)
        return add_article(self.dataset, art, kb=self.kb, known=self.state.known,
                           sources=self.sources.get(art.sha1, ()), triples=triples)

    def add_triples(self, art: ArticleExtraction, triples: list[tuple] | None = None) -> TripleSet:
        """As :meth:`add`, but the article's graph is returned as a :class:`TripleSet`
        (:func:`article_triples`: the same triples) and not written into :attr:`dataset`:
        for a build whose article graphs go only to a store.

        Raises
        ------
        ValueError
            The article has a problem of :func:`check_article`.
        """
        triples = self._noted(art, triples)
        return article_triples(art, kb=self.kb, known=self.state.known,
                               sources=self.sources.get(art.sha1, ()), triples=triples)

    def global_graphs(self) -> list[Graph]:
        """Write the graphs made from every article added (or merged into :attr:`state`):
        the entities graph (when any article described an entity) and the KB graph
        (:func:`add_kb_graph`, none without a KB). Returns them."""
        out = []
        if len(self.state.entities):
            g = self.dataset.graph(ENTITIES_GRAPH)
            for t in self.state.entities:
                g.add(t)
            out.append(g)
        if self.kb is not None:
            out.append(add_kb_graph(self.dataset, self.kb, self.state.mentioned))
        return out


def build_dataset(articles: list[ArticleExtraction], kb: Any | None = None,
                  errors: list[str] | None = None,
                  sources: dict[str, list[str]] | None = None) -> Dataset:
    """Turn extraction records into the nufuz RDF dataset.

    Parameters
    ----------
    articles : list[ArticleExtraction]
        One record per article (see :mod:`extractors.records`).
    kb : KnowledgeBase or None
        The project knowledge base (``ontology.kb``); when given, the KB graph is added for
        the KB entities the articles mention or their statements point to.
    errors : list[str] or None
        When a list is given, an article that fails :func:`check_article` is skipped and its
        one-line problems are appended here (one bad article never loses the others);
        when None, the first bad article raises.
    sources : dict[str, list[str]], optional
        More sources of an article, by its sha1: the paths (or URLs) of byte-identical
        inputs whose extraction was skipped; each is one more ``dcterms:source`` of the
        article. Articles of the list that share a sha1 are one article too: the first is
        built, the sources of the others are added to it.

    Returns
    -------
    rdflib.Dataset
        Named graph per article (name = article IRI), the entities graph
        ``https://w3id.org/nufuz/graph/entities`` (:func:`add_entities`, in article order)
        and, with ``kb``, the KB graph ``https://w3id.org/nufuz/graph/kb``. The default graph
        is empty.

    Raises
    ------
    ValueError
        With ``errors=None``, if an article fails :func:`check_article` (a mode outside
        :data:`extractors.records.MODES`, a predicate outside the contract, an unknown
        entity class, a sha1 that is not hex).

    Notes
    -----
    Follows the "Ontology contract" of DESIGN.md: statement nodes are ``nz:Statement`` and
    ``rdf:Statement`` with rdf:subject/predicate/object, mode, evidence (language-tagged),
    offsets, confidence, qualifiers and ``prov:wasDerivedFrom`` the article; the truthy edge
    is added only when :meth:`extractors.records.Statement.has_truthy_edge` holds (asserted,
    reported, historical; intended only with a seeks... predicate).
    """
    ds = new_dataset()
    good = []
    for art in articles:
        problems = check_article(art)
        if not problems:
            good.append(art)
        elif errors is None:
            raise ValueError("; ".join(problems))
        else:
            for line in problems:
                log.error("%s", line)
            errors.extend(problems)
    extra: dict[str, list[str]] = {k: list(v) for k, v in (sources or {}).items()}
    articles, firsts = [], {}
    for art in good:  # byte-identical texts are one article (its IRI is the sha1) with every source
        if art.sha1 in firsts:
            extra.setdefault(art.sha1, []).append(str(art.source))
        else:
            firsts[art.sha1] = art
            articles.append(art)
    known: dict[str, Entity] = {}
    for art in articles:
        for ent_id, ent in art.entities.items():
            known.setdefault(ent_id, ent)
    mentioned: set[str] = set()
    for art in articles:
        add_article(ds, art, kb=kb, known=known, sources=extra.get(art.sha1, ()))
        add_entities(ds, art, kb)
        mentioned |= mentioned_ids(art)
    if kb is not None:
        add_kb_graph(ds, kb, mentioned)
    return ds


# --------------------------------------------------------------------------- output

def union_graph(ds: Dataset | Graph) -> Graph:
    """All triples of every graph of ``ds`` flattened into one :class:`rdflib.Graph`.

    Parameters
    ----------
    ds : rdflib.Dataset or rdflib.Graph

    Returns
    -------
    rdflib.Graph
        A new graph with the nufuz prefixes bound.
    """
    g = bind_prefixes(Graph())
    if isinstance(ds, ConjunctiveGraph):  # Dataset included
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
    else:
        for t in ds:
            g.add(t)
    return g


def write_outputs(ds: Dataset, out_dir: Path,
                  formats: Iterable[str] = ("trig", "ttl", "jsonld")) -> dict[str, Path]:
    """Serialize a dataset as TriG, Turtle (union of all graphs) and JSON-LD.

    Every file is first fully serialized, then written to a temporary file in ``out_dir``
    and moved into place with :func:`os.replace`, so a failed run never leaves a
    half-written file.

    Parameters
    ----------
    ds : rdflib.Dataset
    out_dir : pathlib.Path
        Created if missing.
    formats : iterable of str
        Which of ``"trig"``, ``"ttl"``, ``"jsonld"`` to write (all three by default; a
        streaming build writes its TriG with :class:`TrigStream`).

    Returns
    -------
    dict[str, pathlib.Path]
        ``{"trig": out_dir/graph.trig, "ttl": out_dir/graph.ttl, "jsonld": out_dir/graph.jsonld}``
        (the formats written).

    Raises
    ------
    OSError
        If ``out_dir`` cannot be created or written.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    bind_prefixes(ds)
    makers = {
        "trig": ("graph.trig", lambda: ds.serialize(format="trig", encoding="utf-8")),
        "ttl": ("graph.ttl", lambda: union_graph(ds).serialize(format="turtle", encoding="utf-8")),
        "jsonld": ("graph.jsonld", lambda: ds.serialize(format="json-ld", context=dict(PREFIXES),
                                                        indent=1, encoding="utf-8")),
    }
    wanted = set(formats)
    payloads = {key: (name, make()) for key, (name, make) in makers.items() if key in wanted}
    paths: dict[str, Path] = {}
    for key, (name, data) in payloads.items():
        path = out_dir / name
        atomic_write(path, data)
        paths[key] = path
    return paths


class TrigStream:
    """Write a TriG file one named graph at a time (``nufuz build``'s streamed output).

    The file starts with every prefix of :data:`kg.namespaces.PREFIXES`; each
    :meth:`write` appends one graph's block, so memory holds one article at a time.

    Parameters
    ----------
    path : str or Path
        The file to write (created or truncated): inside :func:`kg.atomic.replace_set`'s
        staging folder, so a failed build leaves the previous outputs whole.

    Raises
    ------
    OSError
        The file cannot be written.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._nsm = new_dataset().namespace_manager
        self._fh = open(self.path, "wb")
        self._fh.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items()))
                       .encode("utf-8") + b"\n")

    def write(self, graph: Graph) -> None:
        """Append one named graph (its identifier is the graph name).

        Raises
        ------
        OSError
        """
        graph.namespace_manager = self._nsm
        text = graph.serialize(format="trig", encoding="utf-8")
        lines = text.split(b"\n")
        i = 0
        while i < len(lines) and (not lines[i] or lines[i].startswith(b"@prefix ")):
            i += 1  # the leading prefix block only (a literal may hold such a line)
        self._fh.write(b"\n".join(lines[i:]).rstrip(b"\n") + b"\n\n")

    def close(self) -> Path:
        """Flush to disk and close; returns the path.

        Raises
        ------
        OSError
        """
        if not self._fh.closed:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
        return self.path
