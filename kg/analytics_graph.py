"""Reading a nufuz RDF dataset into one graph type (:class:`GraphIndex`): entities,
statements, edges and articles in one pass over the quads, the headline counts, entity names
resolved, and the example dataset of the docstrings.

Everything here reads RDF in the shape of the ontology contract (DESIGN.md): entities with
``rdf:type nz:<Class>``, ``skos:prefLabel`` in ``@ar``/``@en`` and ``owl:sameAs`` (in the
entities graph ``https://w3id.org/nufuz/graph/entities`` or the KB graph; read from any
graph); one named graph per article holding its statement nodes (``nz:Statement`` with
``rdf:subject`` / ``rdf:predicate`` / ``rdf:object``, ``nz:mode``, dates, evidence...) and
truthy edges; the knowledge-base graph ``https://w3id.org/nufuz/graph/kb`` holding
background facts (``partOf``, ``locatedIn``, roles). Nothing here imports spaCy or the
extractors. The measures are in :mod:`kg.analytics_network`, the regional summaries in
:mod:`kg.analytics_influence`; :mod:`kg.analytics` re-exports all three.

>>> idx = read_graph(example_dataset())
>>> len(idx.statements), resolve_entity(idx, "Russia")
(5, 'https://w3id.org/nufuz/id/russia')
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, ConjunctiveGraph, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from kg.namespaces import DESCRIPTION_GRAPHS, NZ, entity_id_of
from ontology import vocab
from ontology.vocab import PREDICATES

_SCHEMA_NS = ("http://schema.org/", "https://schema.org/")
_NEWS_ARTICLE = frozenset(URIRef(ns + "NewsArticle") for ns in _SCHEMA_NS)
_HEADLINE = frozenset(URIRef(ns + "headline") for ns in _SCHEMA_NS)
_DATE_PUBLISHED = frozenset(URIRef(ns + "datePublished") for ns in _SCHEMA_NS)
_MENTIONS = frozenset(URIRef(ns + "mentions") for ns in _SCHEMA_NS)
_LATITUDE = frozenset(URIRef(ns + "latitude") for ns in _SCHEMA_NS)
_LONGITUDE = frozenset(URIRef(ns + "longitude") for ns in _SCHEMA_NS)
_WIKIDATA = ("http://www.wikidata.org/entity/", "https://www.wikidata.org/entity/")
_NZ = str(NZ)
_PREDICATE_SET = frozenset(PREDICATES)
_STATEMENT = _NZ + "Statement"
_NEWS_ARTICLE_IRIS = frozenset(map(str, _NEWS_ARTICLE))
#: What :func:`index_from_quads` does with a quad, by the text of its predicate (``nz:``
#: predicates not listed: their local name, a relation or a statement property).
_PREDICATE_KIND: dict[str, str] = {
    str(RDF.type): "@type", str(SKOS.prefLabel): "@pref", str(RDFS.label): "@label",
    str(SKOS.altLabel): "@alt", str(OWL.sameAs): "@same", str(DCTERMS.source): "@source",
    **{str(p): "@headline" for p in _HEADLINE}, **{str(p): "@date" for p in _DATE_PUBLISHED},
    **{str(p): "@mentions" for p in _MENTIONS}, **{str(p): "@lat" for p in _LATITUDE},
    **{str(p): "@long" for p in _LONGITUDE},
    str(RDF.subject): "subject", str(RDF.predicate): "predicate", str(RDF.object): "object",
    str(PROV.wasDerivedFrom): "wasDerivedFrom",
}
_ARTICLE_FIELDS = {"@source": "source", "@headline": "headline", "@date": "date_published"}

#: Modes whose statements get a truthy edge (DESIGN.md; ``intended`` only with a seeks...
#: predicate, see :attr:`StatementRecord.truthy`): :data:`ontology.vocab.TRUTHY_MODES`.
TRUTHY_MODES = vocab.TRUTHY_MODES
#: The modes whose statements a view attaches to their edge (the truthy ones but
#: ``intended``, which is truthy for some predicates only), sorted; a statement of any other
#: mode, or none, is listed with its entities instead (:mod:`kg.analytics_store`).
EDGE_MODES = tuple(sorted(m for m in TRUTHY_MODES if m != "intended"))

#: Most specific class first (an entity typed Organization and Government is a Government).
CLASS_PRIORITY = (
    "Government", "MilitaryForce", "InternationalOrganization", "NewsOrganization",
    "ThinkTank", "ArmedGroup", "PoliticalParty", "Company", "MilitaryBase", "City",
    "Country", "Region", "Person", "Event", "Topic", "Organization",
)
#: Classes that are places (the members of a region are taken among these):
#: :data:`ontology.vocab.PLACE_CLASSES` (``nz:Place`` and its subclasses).
PLACE_CLASSES = vocab.PLACE_CLASSES


# --------------------------------------------------------------------------- records

@dataclass(frozen=True)
class EntityInfo:
    """One entity of the dataset (any graph).

    Attributes
    ----------
    iri : str
    id : str
        The ``nzr:`` local id (``"russia"``, ``"person/..."``), or the IRI when not ``nzr:``.
    cls : str
        Most specific ``nz:`` class (see :data:`CLASS_PRIORITY`); ``""`` when untyped.
    label_en, label_ar : str
        ``skos:prefLabel`` in English / Arabic (``""`` when absent).
    alt_labels : tuple[str, ...]
        ``skos:altLabel`` values (surface forms and KB aliases), sorted.
    wikidata : str
        Wikidata Q-id from ``owl:sameAs`` (``""`` when unknown).
    latitude, longitude : float or None
        ``schema:latitude`` / ``schema:longitude`` (WGS84 degrees; the KB's point of a
        place), ``None`` when the data has none or a value is not a number.
    country : str
        IRI of ``nz:country`` (an actor group's country), ``""`` when absent.
    """

    iri: str
    id: str
    cls: str = ""
    label_en: str = ""
    label_ar: str = ""
    alt_labels: tuple[str, ...] = ()
    wikidata: str = ""
    latitude: float | None = None
    longitude: float | None = None
    country: str = ""

    @property
    def label(self) -> str:
        """English label, else Arabic, else the id."""
        return self.label_en or self.label_ar or self.id


@dataclass(frozen=True)
class ArticleInfo:
    """A ``schema:NewsArticle`` (its IRI is also the name of its graph).

    Attributes
    ----------
    iri : str
    source : str
        ``dcterms:source`` (file path or URL).
    headline : str
    date_published : str
        ``schema:datePublished`` lexical form, ``""`` when unknown.
    """

    iri: str
    source: str = ""
    headline: str = ""
    date_published: str = ""


@dataclass(frozen=True)
class StatementRecord:
    """One ``nz:Statement`` node with its qualifiers, as plain values.

    Attributes
    ----------
    iri : str
    subject, predicate, object : str
        Subject/object IRIs and the predicate's ``nz:`` local name.
    mode : str
        ``asserted``, ``reported``, ``intended``, ``hypothetical``, ``negated`` or
        ``historical``.
    confidence : float or None
        0..1.
    plover, cameo : str
    date, start_date, end_date : str
        Lexical forms of ``nz:date``/``nz:startDate``/``nz:endDate`` (xsd:date, gYear,
        gYearMonth or gMonthDay); ``""`` when absent.
    location, topic, reported_by : str
        IRIs, ``""`` when absent.
    attributed_to : str
        IRI of the speaker entity, or the plain text (``"US officials"``).
    evidence, evidence_lang : str
        The sentence and its language tag.
    char_start, char_end : int or None
        Offsets of the evidence in the article text.
    trigger : str
    article : str
        IRI of the article (``prov:wasDerivedFrom``, else the graph name).
    graph : str
        Name of the graph the statement node is in (``""`` for the default graph).
    """

    iri: str
    subject: str
    predicate: str
    object: str
    mode: str = ""
    confidence: float | None = None
    plover: str = ""
    cameo: str = ""
    date: str = ""
    start_date: str = ""
    end_date: str = ""
    location: str = ""
    topic: str = ""
    reported_by: str = ""
    attributed_to: str = ""
    evidence: str = ""
    evidence_lang: str = ""
    char_start: int | None = None
    char_end: int | None = None
    trigger: str = ""
    article: str = ""
    graph: str = ""

    @property
    def truthy(self) -> bool:
        """Whether the statement also stands as a truthy edge (DESIGN.md): asserted, reported
        and historical facts, and intended facts with a seeks... predicate."""
        if self.mode == "intended":
            return self.predicate in vocab.INTENDED_PREDICATES
        return self.mode in TRUTHY_MODES

    @property
    def dates(self) -> tuple[str, ...]:
        """The non-empty ``(date, start_date, end_date)`` values."""
        return tuple(d for d in (self.date, self.start_date, self.end_date) if d)


@dataclass
class GraphIndex:
    """Everything the analytics need from a dataset, read in one pass (:func:`read_graph`).

    Attributes
    ----------
    entities : dict[str, EntityInfo]
        By IRI: every node typed with an ``nz:`` class other than ``nz:Statement``.
    statements : list[StatementRecord]
        Sorted by article then statement IRI (natural order of the trailing number).
    edges : list[tuple[str, str, str, str]]
        Truthy article edges ``(subject, predicate, object, graph)``; an edge in the
        default graph (a Turtle union) counts when a statement supports it.
    kb_facts : list[tuple[str, str, str]]
        Relation triples of the KB graph (and unsupported ones of the default graph).
    articles : dict[str, ArticleInfo]
    mentions : dict[str, frozenset[str]]
        Article IRI -> the entity IRIs it ``schema:mentions``.
    headline : HeadlineCounts or None
        The headline counts of the whole data when the index holds only part of it (a view
        read from a store with bounded queries, :mod:`kg.analytics_store`);
        :func:`headline_counts` returns it instead of counting the index. ``None``: the
        index holds the whole dataset.
    folds : dict[str, str] or None
        Likewise, the actors of the part -> the country each acts for, read from the whole
        data (:func:`fold_links`); the influence summary uses it instead of folding the
        index's own facts.
    """

    entities: dict[str, EntityInfo] = field(default_factory=dict)
    statements: list[StatementRecord] = field(default_factory=list)
    edges: list[tuple[str, str, str, str]] = field(default_factory=list)
    kb_facts: list[tuple[str, str, str]] = field(default_factory=list)
    articles: dict[str, ArticleInfo] = field(default_factory=dict)
    mentions: dict[str, frozenset[str]] = field(default_factory=dict)
    headline: "HeadlineCounts | None" = None
    folds: dict[str, str] | None = None

    def entity(self, iri: str) -> EntityInfo:
        """The :class:`EntityInfo` of ``iri`` (a bare one when the IRI is not described)."""
        found = self.entities.get(iri)
        if found is not None:
            return found
        return EntityInfo(iri=iri, id=entity_id_of(iri) or _local(iri))

    def label(self, iri: str, lang: str = "en") -> str:
        """Label of an entity in ``lang`` (``"en"`` or ``"ar"``), falling back to the other
        language, then the id."""
        e = self.entity(iri)
        first, second = (e.label_ar, e.label_en) if lang == "ar" else (e.label_en, e.label_ar)
        return first or second or e.id


def _local(iri: str) -> str:
    s = str(iri)
    for sep in ("#", "/"):
        if sep in s:
            s = s.rsplit(sep, 1)[1] or s
    return s


def _num_key(iri: str) -> tuple:
    head, _, tail = iri.rpartition("/")
    return (head, int(tail)) if tail.isdigit() else (iri, -1)


def _quads(ds: Graph) -> Iterator[tuple[Any, Any, Any, str]]:
    """``(s, p, o, graph name)`` over every graph of ``ds`` (``""`` = default graph)."""
    if isinstance(ds, ConjunctiveGraph):  # rdflib.Dataset included
        for s, p, o, c in ds.quads((None, None, None, None)):
            name = getattr(c, "identifier", c)
            name = "" if name is None or isinstance(name, BNode) \
                or str(name) == "urn:x-rdflib:default" else str(name)
            yield s, p, o, name
    else:
        for s, p, o in ds:
            yield s, p, o, ""


def read_graph(ds: Graph | GraphIndex) -> GraphIndex:
    """Read entities, statements, truthy edges, KB facts and articles from a dataset.

    Parameters
    ----------
    ds : rdflib.Dataset, rdflib.Graph or GraphIndex
        A built nufuz dataset (``nufuz build`` TriG/JSON-LD, a store's ``dataset()``), or a
        union graph (Turtle: no article graphs, articles then come from
        ``prov:wasDerivedFrom``). An index is returned as is.

    Returns
    -------
    GraphIndex

    Examples
    --------
    >>> idx = read_graph(example_dataset())
    >>> len(idx.statements), idx.label("https://w3id.org/nufuz/id/russia", "ar")
    (5, 'روسيا')
    """
    if isinstance(ds, GraphIndex):
        return ds
    return index_from_quads(_quads(ds))


def index_from_quads(quads: Iterable[tuple[Any, Any, Any, str]],
                     headline: "HeadlineCounts | None" = None,
                     statements: Iterable[StatementRecord] = ()) -> GraphIndex:
    """The :class:`GraphIndex` of the given quads (the one reader behind :func:`read_graph`).

    Parameters
    ----------
    quads : iterable of (s, p, o, graph name)
        rdflib terms and the graph name as a string (``""`` = the default graph), in any
        order and with repeats allowed: the index does not depend on the order.
    headline : HeadlineCounts, optional
        The headline counts of the whole data, when ``quads`` are only part of it (kept as
        :attr:`GraphIndex.headline`).
    statements : iterable of StatementRecord, optional
        Statements already read as records (:meth:`kg.analytics_store.StoreReader.statement_records`
        reads a view's statements as text, without rdflib terms): indexed as the quads of
        their nodes would be (sorted with the others, their articles known, relation
        triples with one of them as subject not taken for edges). Their nodes' quads should
        not be among ``quads`` too.

    Returns
    -------
    GraphIndex
        As :func:`read_graph` describes it. Quads that are part of a dataset give the index of
        that part: :mod:`kg.analytics_store` reads from a store only the quads a view needs
        (the descriptions, statements, relations and articles it shows) and indexes them here.
    """
    types: dict[Any, set[str]] = defaultdict(set)
    labels: dict[Any, dict[str, tuple[bool, str]]] = defaultdict(dict)
    alts: dict[Any, set[str]] = defaultdict(set)
    wikidata: dict[Any, str] = {}
    props: dict[Any, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    stmt_graph: dict[Any, str] = {}
    relation: list[tuple[Any, str, Any, str]] = []
    articles: dict[Any, dict[str, str]] = defaultdict(dict)
    mentions: dict[Any, set[str]] = defaultdict(set)
    point: dict[Any, list] = defaultdict(lambda: [None, None])
    is_article: set[Any] = set()
    for s, p, o, g in quads:
        # dispatch on the predicate's text: one dict lookup instead of rdflib term comparisons
        ps = str(p)
        kind = _PREDICATE_KIND.get(ps)
        if kind is None:
            if not ps.startswith(_NZ):
                continue
            kind = ps[len(_NZ):]
        if kind == "@type":
            if isinstance(o, URIRef):
                os_ = str(o)
                if os_ == _STATEMENT:
                    stmt_graph.setdefault(s, g)
                elif os_ in _NEWS_ARTICLE_IRIS:
                    is_article.add(s)
                elif os_.startswith(_NZ):
                    types[s].add(os_[len(_NZ):])
        elif kind == "@pref" or kind == "@label":
            if isinstance(o, Literal):
                lang = (o.language or "").lower().split("-")[0]
                key = lang if lang in ("ar", "en") else "any"
                # prefLabel beats rdfs:label; among equals the smallest, so runs agree
                cand = (kind != "@pref", str(o))
                have = labels[s]
                if key not in have or cand < have[key]:
                    have[key] = cand
        elif kind == "@alt":
            alts[s].add(str(o))
        elif kind == "@same":
            for prefix in _WIKIDATA:
                if str(o).startswith(prefix):
                    wikidata[s] = str(o)[len(prefix):]
        elif kind in _ARTICLE_FIELDS:
            # one value per field; among several the smallest, so that any order agrees
            field_, have = _ARTICLE_FIELDS[kind], articles[s]
            if field_ not in have or str(o) < have[field_]:
                have[field_] = str(o)
        elif kind == "@mentions":
            if isinstance(o, URIRef):
                mentions[s].add(str(o))
        elif kind == "@lat" or kind == "@long":
            try:
                point[s][0 if kind == "@lat" else 1] = float(str(o))
            except ValueError:
                pass
        elif kind in _PREDICATE_SET and isinstance(o, URIRef):
            relation.append((s, kind, o, g))
        else:  # a statement's subject/predicate/object/source or an nz: property
            props[s][kind].append(o)

    idx = GraphIndex(headline=headline)
    for s, classes in types.items():
        if not isinstance(s, URIRef):
            continue
        cls = next((c for c in CLASS_PRIORITY if c in classes), min(classes))
        lab = {k: v[1] for k, v in labels.get(s, {}).items()}
        lat, lon = point.get(s, (None, None))
        ok = lat is not None and lon is not None and abs(lat) <= 90 and abs(lon) <= 180
        homes = [str(o) for o in props.get(s, {}).get("country", ()) if isinstance(o, URIRef)]
        idx.entities[str(s)] = EntityInfo(
            iri=str(s), id=entity_id_of(str(s)) or _local(str(s)), cls=cls,
            label_en=lab.get("en", "") or ("" if lab.get("ar") else lab.get("any", "")),
            label_ar=lab.get("ar", ""), alt_labels=tuple(sorted(alts.get(s, ()))),
            wikidata=wikidata.get(s, ""), latitude=lat if ok else None,
            longitude=lon if ok else None, country=min(homes) if homes else "")
    for a in is_article | {s for s, v in articles.items() if "headline" in v}:
        v = articles.get(a, {})
        idx.articles[str(a)] = ArticleInfo(iri=str(a), source=v.get("source", ""),
                                           headline=v.get("headline", ""),
                                           date_published=v.get("date_published", ""))
    idx.mentions = {str(a): frozenset(m) for a, m in mentions.items()}

    def one(d: dict, key: str) -> Any:
        vals = d.get(key)
        if not vals:
            return None
        return vals[0] if len(vals) == 1 else min(vals, key=str)

    def text(d: dict, key: str) -> str:
        v = one(d, key)
        return "" if v is None else str(v)

    def integer(d: dict, key: str) -> int | None:
        v = one(d, key)
        try:
            return None if v is None else int(str(v))
        except ValueError:
            return None

    supported: set[tuple[str, str, str]] = set()
    given: set[str] = set()  # the statements' IRIs
    for rec in statements:
        given.add(rec.iri)
        idx.statements.append(rec)
        if rec.truthy:
            supported.add((rec.subject, rec.predicate, rec.object))
        if rec.article and rec.article not in idx.articles:
            idx.articles[rec.article] = ArticleInfo(iri=rec.article)
    for st, g in stmt_graph.items():
        d = props[st]
        subj, pred, obj = one(d, "subject"), one(d, "predicate"), one(d, "object")
        if subj is None or pred is None or obj is None:
            continue
        conf = one(d, "confidence")
        try:
            conf_f = None if conf is None else float(str(conf))
        except ValueError:
            conf_f = None
        ev = one(d, "evidence")
        article = text(d, "wasDerivedFrom") or g
        rec = StatementRecord(
            iri=str(st), subject=str(subj), predicate=_local(pred), object=str(obj),
            mode=text(d, "mode"), confidence=conf_f, plover=text(d, "ploverCategory"),
            cameo=text(d, "cameoCode"), date=text(d, "date"), start_date=text(d, "startDate"),
            end_date=text(d, "endDate"), location=text(d, "location"), topic=text(d, "topic"),
            reported_by=text(d, "reportedBy"), attributed_to=text(d, "attributedTo"),
            evidence="" if ev is None else str(ev),
            evidence_lang=(ev.language or "") if isinstance(ev, Literal) else "",
            char_start=integer(d, "charStart"), char_end=integer(d, "charEnd"),
            trigger=text(d, "trigger"), article=article, graph=g)
        idx.statements.append(rec)
        if rec.truthy:
            supported.add((rec.subject, rec.predicate, rec.object))
        if article and article not in idx.articles:
            idx.articles[article] = ArticleInfo(iri=article)
    idx.statements.sort(key=lambda r: (r.article, _num_key(r.iri)))

    seen_kb: set[tuple[str, str, str]] = set()
    seen_edge: set[tuple[str, str, str, str]] = set()
    for s, name, o, g in relation:
        if s in stmt_graph or (given and str(s) in given):
            continue
        t = (str(s), name, str(o))
        article_graph = g and g not in DESCRIPTION_GRAPHS
        if article_graph or (not g and t in supported):
            if t + (g,) not in seen_edge:
                seen_edge.add(t + (g,))
                idx.edges.append(t + (g,))
        elif t not in seen_kb:
            seen_kb.add(t)
            idx.kb_facts.append(t)
    idx.edges.sort()
    idx.kb_facts.sort()
    return idx


# --------------------------------------------------------------------------- headline counts

#: What each headline count counts: the one set of definitions used by the build summary
#: (``nufuz build``), the explorer page header (its tooltip shows these texts) and the
#: report. English, then Arabic.
COUNT_DEFINITIONS: dict[str, tuple[str, str]] = {
    "articles": ("articles read: the articles in the data (one schema:NewsArticle graph each), "
                 "whether or not a statement was extracted from them",
                 "المقالات المقروءة: كل مقالات البيانات، استُخرجت منها إفادات أم لا"),
    "with_statements": ("articles with statements: articles with at least one statement",
                        "مقالات فيها إفادات: المقالات التي استُخرجت منها إفادة واحدة على الأقل"),
    "entities": ("entities: distinct entities the articles mention (schema:mentions), "
                 "in a relation or not; the graph draws only those in a relation",
                 "الكيانات: الكيانات المختلفة التي تذكرها المقالات، في علاقة أو لا؛ "
                 "الرسم يعرض التي في علاقة فقط"),
    "statements": ("statements: every extracted statement (nz:Statement) of every mode; "
                   "negated and hypothetical ones draw no edge",
                   "الإفادات: كل إفادة مستخرجة بكل أنماطها؛ المنفية والافتراضية لا ترسم حافة"),
}


@dataclass(frozen=True)
class HeadlineCounts:
    """The headline counts of a dataset (definitions: :data:`COUNT_DEFINITIONS`).

    Attributes
    ----------
    articles : int
        Articles read: the articles in the data.
    with_statements : int
        Articles with at least one statement.
    entities : int
        Distinct entities the articles mention (``schema:mentions``).
    statements : int
        Statement nodes, all modes.
    by_mode : tuple[tuple[str, int], ...]
        ``(mode, statements)`` for the modes present, in the order of
        :data:`ontology.vocab.MODES` (unknown modes after, by name).
    """

    articles: int = 0
    with_statements: int = 0
    entities: int = 0
    statements: int = 0
    by_mode: tuple[tuple[str, int], ...] = ()

    def line(self) -> str:
        """The counts as one English line, the same wherever they are printed.

        Examples
        --------
        >>> HeadlineCounts(300, 163, 1025, 502, (("asserted", 300), ("negated", 2))).line()
        '300 articles read, 163 with statements, 1,025 entities, 502 statements (asserted 300, negated 2)'
        """
        def n(count: int, one: str, many: str) -> str:
            return f"{count:,} {one if count == 1 else many}"

        modes = ", ".join(f"{m} {c:,}" for m, c in self.by_mode)
        return (f"{n(self.articles, 'article', 'articles')} read, "
                f"{self.with_statements:,} with statements, "
                f"{n(self.entities, 'entity', 'entities')}, "
                f"{n(self.statements, 'statement', 'statements')}"
                + (f" ({modes})" if modes else ""))

    def as_dict(self) -> dict:
        """JSON-ready form: the four counts and ``by_mode`` as a dict (mode order kept)."""
        return {"articles": self.articles, "with_statements": self.with_statements,
                "entities": self.entities, "statements": self.statements,
                "by_mode": dict(self.by_mode)}


def headline_counts(ds: Graph | GraphIndex) -> HeadlineCounts:
    """The headline counts of a dataset, as :data:`COUNT_DEFINITIONS` defines them.

    Parameters
    ----------
    ds : rdflib.Dataset, rdflib.Graph or GraphIndex

    Returns
    -------
    HeadlineCounts

    Notes
    -----
    ``nufuz build`` prints these for the dataset it has just built, the explorer page shows
    them in its header and ``nufuz report`` in its introduction, so the three agree for
    the same data. An article is counted once whatever number of graphs hold it.

    Examples
    --------
    >>> headline_counts(example_dataset()).line()
    '1 article read, 1 with statements, 0 entities, 5 statements (reported 4, intended 1)'
    """
    idx = read_graph(ds)
    if idx.headline is not None:  # an index of part of the data: the counts of the whole
        return idx.headline
    articles = set(idx.articles)
    with_st = {st.article for st in idx.statements if st.article in articles}
    entities = set()
    for a in articles:
        entities |= idx.mentions.get(a, frozenset())
    modes = Counter(st.mode for st in idx.statements)
    order = {m: i for i, m in enumerate(vocab.MODES)}
    by_mode = tuple(sorted(modes.items(), key=lambda mn: (order.get(mn[0], len(order)), mn[0])))
    return HeadlineCounts(articles=len(articles), with_statements=len(with_st),
                          entities=len(entities), statements=len(idx.statements), by_mode=by_mode)


# --------------------------------------------------------------------------- names

_HARAKAT = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})


def _norm_name(text: str) -> str:
    """Comparison key of a name: NFKC, casefold, no Arabic diacritics/tatweel, unified alef,
    yaa and taa marbuta, no leading English "the", single spaces."""
    t = unicodedata.normalize("NFKC", str(text)).casefold()
    t = _HARAKAT.sub("", t).translate(_ALEF)
    t = re.sub(r"[\s\u200c-\u200f]+", " ", t).strip(" .,'\"")
    return re.sub(r"^the ", "", t)


class UnknownEntityError(LookupError):
    """No entity of the dataset has the given name or IRI (message: one line, with the
    closest names)."""


def resolve_entity(ds: Graph | GraphIndex, name: str,
                   prefer: Iterable[str] = ("Region", "Country", "City")) -> str:
    """IRI of the entity named ``name`` (Arabic or English label, alias, id or IRI).

    Parameters
    ----------
    ds : rdflib.Dataset, rdflib.Graph or GraphIndex
    name : str
        A full IRI, ``nzr:<id>``, a bare id (``central_asia``), or any ``skos:prefLabel`` /
        ``skos:altLabel``, compared after :func:`_norm_name` (case, Arabic diacritics,
        alef/yaa/taa-marbuta forms and a leading "the" ignored).
    prefer : iterable of str
        Classes preferred, in order, when several entities carry the name; then a
        preferred-label match beats an alias, then the entity with more statements wins.

    Returns
    -------
    str
        The entity IRI.

    Raises
    ------
    UnknownEntityError
        When nothing matches (the message lists up to three close labels).

    Examples
    --------
    >>> resolve_entity(example_dataset(), "آسيا الوسطى")
    'https://w3id.org/nufuz/id/central_asia'
    >>> resolve_entity(example_dataset(), "the united states")
    'https://w3id.org/nufuz/id/united_states'
    """
    idx = read_graph(ds)
    raw = str(name).strip()
    if not raw:
        raise UnknownEntityError("empty entity name")
    if raw in idx.entities:
        return raw
    raw = raw.removeprefix("nzr:")
    by_id = {e.id: e.iri for e in idx.entities.values()}
    if raw in by_id:
        return by_id[raw]
    weight = Counter()
    for r in idx.statements:
        weight[r.subject] += 1
        weight[r.object] += 1
    found = best_named(idx.entities.values(), raw, prefer, weight)
    if found is not None:
        return found
    raise unknown_entity(name, raw, idx.entities.values())


def best_named(entities: Iterable[EntityInfo], name: str, prefer: Iterable[str],
               weight: Counter | dict) -> str | None:
    """The entity a label names, by the rules of :func:`resolve_entity`.

    Parameters
    ----------
    entities : iterable of EntityInfo
        The entities to choose among (all of a dataset, or those whose labels may match).
    name : str
        The name given; compared after :func:`_norm_name` with each entity's English and
        Arabic preferred label and its ``skos:altLabel`` values.
    prefer : iterable of str
        Classes preferred, in order.
    weight : Counter or dict
        Entity IRI -> statements it is the subject or object of (missing: 0).

    Returns
    -------
    str or None
        The IRI of the best match (preferred class, then a preferred label over an alias,
        then more statements, then the smallest IRI), ``None`` when no label matches.
    """
    key = _norm_name(name)
    prefer = list(prefer)
    candidates = []
    for e in entities:
        pref = {_norm_name(x) for x in (e.label_en, e.label_ar) if x}
        alt = {_norm_name(x) for x in e.alt_labels}
        if key in pref or key in alt:
            rank = prefer.index(e.cls) if e.cls in prefer else len(prefer)
            candidates.append((rank, key not in pref, -weight.get(e.iri, 0), e.iri))
    return min(candidates)[3] if candidates else None


def unknown_entity(name: str, raw: str, entities: Iterable[EntityInfo]) -> UnknownEntityError:
    """The error of :func:`resolve_entity` for a name no entity has, with up to three close
    English or Arabic labels of ``entities`` (:func:`difflib.get_close_matches`)."""
    names = sorted({x for e in entities for x in (e.label_en, e.label_ar) if x})
    close = difflib.get_close_matches(raw, names, n=3, cutoff=0.6)
    hint = f" (did you mean: {', '.join(close)}?)" if close else ""
    return UnknownEntityError(f"no entity named {name!r} in the data{hint}")


# --------------------------------------------------------------------------- example data

def example_dataset() -> Dataset:
    """A five-statement dataset for the docstring examples and quick experiments.

    Returns
    -------
    rdflib.Dataset
        One article graph (Russia holds influence in Central Asia, seeks it, opposes the
        United States there; the United States had presence in Uzbekistan and withdrew in
        2005) and a KB graph (Uzbekistan partOf Central Asia, labels).
    """
    ttl = """
@prefix nz: <https://w3id.org/nufuz/ontology#> . @prefix nzr: <https://w3id.org/nufuz/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix schema: <http://schema.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix doc: <https://w3id.org/nufuz/doc/> .
<https://w3id.org/nufuz/graph/kb> {
  nzr:central_asia a nz:Region ; skos:prefLabel "Central Asia"@en, "آسيا الوسطى"@ar .
  nzr:uzbekistan a nz:Country ; skos:prefLabel "Uzbekistan"@en, "أوزبكستان"@ar ;
      nz:partOf nzr:central_asia .
  nzr:russia a nz:Country ; skos:prefLabel "Russia"@en, "روسيا"@ar .
  nzr:united_states a nz:Country ; skos:prefLabel "United States"@en, "الولايات المتحدة"@ar .
}
doc:0a { doc:0a a schema:NewsArticle ; dcterms:source "example.txt" .
  nzr:russia nz:hasInfluenceIn nzr:central_asia ; nz:seeksInfluenceIn nzr:central_asia ;
      nz:opposes nzr:united_states .
  nzr:united_states nz:hasMilitaryPresenceIn nzr:uzbekistan ; nz:withdrawsFrom nzr:uzbekistan .
  <https://w3id.org/nufuz/id/statement/0a/0> a nz:Statement ; rdf:subject nzr:russia ; rdf:predicate nz:hasInfluenceIn ;
      rdf:object nzr:central_asia ; nz:mode "reported" ; nz:evidence "تتمتع روسيا بنفوذ كبير"@ar ;
      prov:wasDerivedFrom doc:0a .
  <https://w3id.org/nufuz/id/statement/0a/1> a nz:Statement ; rdf:subject nzr:russia ; rdf:predicate nz:seeksInfluenceIn ;
      rdf:object nzr:central_asia ; nz:mode "intended" ; prov:wasDerivedFrom doc:0a .
  <https://w3id.org/nufuz/id/statement/0a/2> a nz:Statement ; rdf:subject nzr:russia ; rdf:predicate nz:opposes ;
      rdf:object nzr:united_states ; nz:mode "reported" ; nz:location nzr:central_asia ;
      prov:wasDerivedFrom doc:0a .
  <https://w3id.org/nufuz/id/statement/0a/3> a nz:Statement ; rdf:subject nzr:united_states ;
      rdf:predicate nz:hasMilitaryPresenceIn ; rdf:object nzr:uzbekistan ; nz:mode "reported" ;
      prov:wasDerivedFrom doc:0a .
  <https://w3id.org/nufuz/id/statement/0a/4> a nz:Statement ; rdf:subject nzr:united_states ;
      rdf:predicate nz:withdrawsFrom ; rdf:object nzr:uzbekistan ; nz:mode "reported" ;
      nz:date "2005"^^xsd:gYear ; prov:wasDerivedFrom doc:0a .
}
"""
    ds = Dataset()
    ds.parse(data=ttl, format="trig")
    return ds
