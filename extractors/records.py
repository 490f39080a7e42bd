"""Extraction records: the typed seam between ``extractors/`` and ``kg/``.

Extractors produce these dataclasses from text; ``kg/`` turns them into RDF. Neither side
imports the other's libraries (kg/ never imports spaCy, extractors/ never builds RDF). The
contract's names (statement modes, the seeks... predicates) come from :mod:`ontology.vocab`,
which reads them from ``ontology/nufuz.ttl`` (with rdflib, once per process).

All character offsets (``start``/``end``) are Python string indices into the *original*
article text (``ArticleExtraction.text``), end-exclusive.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ontology import vocab

#: Ontology class local names (``nz:`` namespace) that an entity may have.
ENTITY_CLASSES = (
    "Person", "Country", "Region", "City", "Organization", "Government", "MilitaryForce",
    "InternationalOrganization", "NewsOrganization", "ThinkTank", "ArmedGroup",
    "PoliticalParty", "Company", "MilitaryBase", "Event", "Topic", "ActorGroup",
)

#: Statement modes of the ontology contract, ``tuple[str, ...]`` in ``nufuz.ttl`` order:
#: an alias of :data:`ontology.vocab.MODES`.
MODES = vocab.MODES

#: Modes whose statements also get the truthy edge, ``frozenset[str]`` (DESIGN.md:
#: negated/hypothetical facts get no edge). An ``intended`` statement gets one only with a
#: seeks... predicate (:meth:`Statement.has_truthy_edge`). An alias of
#: :data:`ontology.vocab.TRUTHY_MODES`.
TRUTHY_MODES = vocab.TRUTHY_MODES


@dataclass(frozen=True)
class Segment:
    """A span of the original text.

    Attributes
    ----------
    start, end : int
        Character offsets into the original text (end-exclusive).
    kind : str
        ``"title"``, ``"body"``, ``"heading"`` (a short section heading, kept),
        ``"sentence"`` or ``"boilerplate"``.
    reason : str
        Why a boilerplate segment was removed (``"read-also link"``, ``"repeated title"``...);
        empty for kept segments.
    """

    start: int
    end: int
    kind: str = "body"
    reason: str = ""


@dataclass
class CleanedText:
    """Result of cleaning one article.

    Attributes
    ----------
    text : str
        The original text, unchanged (offsets point into it).
    title : Segment | None
        The headline line, if one was recognised.
    paragraphs : list[Segment]
        Kept paragraphs in order (the title first when present), boilerplate excluded.
    removed : list[Segment]
        Boilerplate segments with their ``reason``.
    """

    text: str
    title: Segment | None
    paragraphs: list[Segment]
    removed: list[Segment] = field(default_factory=list)


@dataclass
class Entity:
    """An entity found in an article (KB-linked or new).

    Attributes
    ----------
    id : str
        Stable local id; the RDF IRI is ``nzr:<id>``. KB entities use their KB id
        (e.g. ``"russia"``); new ones ``"<class>/<slug>"`` derived from the normalized name,
        so the same name and class merge across articles.
    cls : str
        Ontology class local name, one of :data:`ENTITY_CLASSES`.
    label_ar, label_en : str
        Preferred labels (``label_en`` is a transliteration for entities outside the KB).
    surface_forms : set[str]
        Every surface form seen in the article (becomes ``skos:altLabel@ar``).
    same_as : list[str]
        External IRIs (Wikidata, GeoNames) known for certain.
    in_kb : bool
        True when linked to the knowledge base.
    sector : str
        ``ActorGroup`` only: CAMEO actor-type code (``"CVL"``, ``"UAF"``, ``"COP"``...).
    country : str
        ``ActorGroup`` only: id of the country the text gives the group ("" when none).
    """

    id: str
    cls: str
    label_ar: str
    label_en: str
    surface_forms: set[str] = field(default_factory=set)
    same_as: list[str] = field(default_factory=list)
    in_kb: bool = True
    sector: str = ""
    country: str = ""


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in the article body.

    ``label`` is the OntoNotes NER label (PERSON, ORG, GPE, LOC, FAC, EVENT, NORP...);
    ``entity_id`` the :class:`Entity` it links to; ``nominal`` is True for a description
    that refers to the entity without naming it (a title for its holder: الرئيس الروسي; a
    capital by its country's adjective: العاصمة البريطانية): not a name for NER scoring.
    """

    start: int
    end: int
    text: str
    label: str
    entity_id: str
    nominal: bool = False


@dataclass
class Statement:
    """One extracted fact, later a ``nz:Statement`` node plus (maybe) a truthy edge.

    Attributes
    ----------
    subject, object : str
        Entity ids.
    predicate : str
        ``nz:`` predicate local name from the contract (``"opposes"``, ``"leaderOf"``...).
    mode : str
        One of :data:`MODES`.
    plover : str
        PLOVER event category (``"REJECT"``, ``"CONSULT"``...); roles use ``"ROLE"``.
    cameo : str | None
        CAMEO code when one applies (``"111"``...).
    evidence : str
        The sentence that states the fact, verbatim from the original text.
    char_start, char_end : int
        Offsets of ``evidence`` in the original text.
    confidence : float
        0..1; how directly the pattern found the fact.
    lang : str
        Language tag of the evidence (``"ar"``/``"en"``).
    date, start_date, end_date : str | None
        ISO date (``YYYY-MM-DD``), gYear (``YYYY``), gYearMonth (``YYYY-MM``) or gMonthDay
        (``--MM-DD``).
    location, topic : str | None
        Entity ids of qualifiers.
    reported_by : str | None
        Entity id of the outlet that reports it.
    attributed_to : str | None
        Entity id of the speaker, or a plain description such as ``"US officials"``.
    trigger : str
        The trigger words that fired (for debugging and the HTML tooltip).
    """

    subject: str
    predicate: str
    object: str
    mode: str
    plover: str
    evidence: str
    char_start: int
    char_end: int
    confidence: float
    lang: str = "ar"
    cameo: str | None = None
    date: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    location: str | None = None
    topic: str | None = None
    reported_by: str | None = None
    attributed_to: str | None = None
    trigger: str = ""

    def has_truthy_edge(self) -> bool:
        """Whether the fact is also asserted as ``subject nz:predicate object``.

        True for asserted, reported and historical facts, and for intended facts whose
        predicate is a seeks... predicate (DESIGN.md: "an intended fact uses the seeks...
        predicate"); False for negated and hypothetical facts.
        """
        if self.mode == "intended":
            return self.predicate in vocab.INTENDED_PREDICATES
        return self.mode in TRUTHY_MODES


@dataclass
class ArticleExtraction:
    """Everything extracted from one article; the unit ``kg/`` turns into a named graph.

    Attributes
    ----------
    source : str
        File path or URL the article came from (``dcterms:source``).
    sha1 : str
        sha1 hex of the article's bytes (a .txt file's bytes; otherwise the text as UTF-8);
        the article IRI ends with it.
    text : str
        The article text all offsets refer to.
    lang : str
        ``"ar"`` or ``"en"``.
    headline : str | None
    date_published : str | None
        ISO date when known.
    entities : dict[str, Entity]
        Entities mentioned in the body (title included), by id.
    mentions : list[Mention]
    statements : list[Statement]
    removed : list[Segment]
        Boilerplate removed by cleaning.
    """

    source: str
    sha1: str
    text: str
    lang: str
    headline: str | None = None
    date_published: str | None = None
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    removed: list[Segment] = field(default_factory=list)
