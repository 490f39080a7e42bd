"""The views of a store read with bounded SPARQL queries: a region's statements, an actor's
neighbourhood, the headline counts by aggregate queries (issue 12, item 5).

``nufuz report --store`` and ``nufuz view --store --focus`` used to copy the whole store into
rdflib (:meth:`kg.store.OxigraphStore.dataset`) and index every quad
(:func:`kg.analytics.read_graph`): 11-12 CPU-s and 400 MB on a store of 4,000 articles, 60-80
CPU-s and 2 GB on 28,000. Here they ask the store (the embedded Oxigraph store or a SPARQL
endpoint; an in-memory :class:`kg.store.MemoryStore` is indexed whole, its quads being in
memory already and rdflib's SPARQL engine slow at these joins) for the quads the view needs
and index only these with
:func:`kg.analytics.index_from_quads`; the report and the explorer then run unchanged on that
partial :class:`kg.analytics.GraphIndex`, so their output is the same as from the whole
dataset (``tests/test_analytics_store.py`` compares them on the seed + developer corpus):

- the entity a name stands for (:func:`resolve_in_store`): the labels that may match are found
  by one regular expression over the labels in the store (built from the normalised name:
  every character that normalises to each of its letters, Arabic diacritics and tatweel
  anywhere), then the rules of :func:`kg.analytics.resolve_entity` (preferred classes, a
  preferred label over an alias, more statements) choose among the candidates' descriptions;
- a region (:func:`region_index`): the places inside it (``partOf``/``locatedIn``, walked
  down from the region level by level), the statements about them (the relation kinds of
  :func:`kg.analytics.influence_summary`), the facts that fold an actor into its country
  (:func:`kg.analytics.fold_links`: distinct facts, one row for a fact a thousand articles
  state; kept as :attr:`kg.analytics.GraphIndex.folds`), the descriptions of every entity
  named and the articles quoted;
- an ego view (:func:`ego_index`): the article relations within ``hops`` of the focus (walked
  level by level: incident relations of each level; the entities kept chosen before the last
  level when ``nufuz view --max-entities`` leaves some out), the statements between the
  entities shown and the untruthy ones that touch them (read as records, one row each:
  :meth:`StoreReader.statement_records`; from an embedded store that keeps statement
  records, :mod:`kg.store_records`, one lookup of each statement's record), the
  knowledge-base facts among them, the
  descriptions (with the countries the map places actors in) and the articles;
- the headline counts of the whole store (:func:`store_headline_counts`): counts over one
  predicate each, never a load (kept as :attr:`kg.analytics.GraphIndex.headline`).

The partial index holds no character offsets of statements (no view shows them). What it
costs is what the view shows (a region's statements, a neighbourhood: about 10 microseconds
of CPU per quad read through pyoxigraph as rdflib terms; the ego view reads its rows as text
serialised by Oxigraph, :meth:`kg.store.OxigraphStore.select_text`, about 50 microseconds per
statement with all its properties, most of it Oxigraph's joins and term lookups), plus one
scan of the labels (name resolution, 0.2 CPU-s on 28,000 articles) and the counts (0.13
CPU-s there). Each query has one ``VALUES`` block, other constraints as filters (two blocks
make Oxigraph join their product with a scan of the store); a predicate of a few values is
one pattern per value in a ``UNION`` (a lookup each) rather than a ``FILTER`` over all the
entity's quads.
Long ``VALUES`` lists are sent in chunks of :data:`CHUNK` IRIs (the query guard,
:func:`kg.guard.check_query`, bounds a query's length). Triples in the default graph of a
store (a nufuz store has none: every quad is in an article, the entities or the KB graph)
are not read. Name resolution differs from the whole-dataset one only for labels whose
characters need Unicode canonical composition or a multi-character compatibility
decomposition (ligatures) to equal the name. Nothing here imports spaCy or the extractors.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from kg.analytics_graph import (
    _ALEF, _DATE_PUBLISHED, _HARAKAT, _HEADLINE, _LATITUDE, _LONGITUDE, _NEWS_ARTICLE,
    CLASS_PRIORITY, EDGE_MODES, PLACE_CLASSES, GraphIndex, HeadlineCounts, StatementRecord,
    UnknownEntityError, _local, best_named, index_from_quads, read_graph, resolve_entity,
    unknown_entity,
)
from kg.analytics_influence import FOLD_PREDICATES, fold_links
from kg.namespaces import DESCRIPTION_GRAPHS, NZ, entity_iri
from kg.namespaces import safe_iri as _safe_iri
from kg.store import MemoryStore, with_prefixes
from kg.store_base import meanwhile
from kg.store_records import has_records, name_query, parse_record, records_query
from ontology import vocab

__all__ = ["CHUNK", "SCAN_CHUNK", "SCAN_FRACTION", "StoreReader", "ego_index", "focus_in_store", "region_index",
           "resolve_in_store", "store_headline_counts"]

#: IRIs per ``VALUES`` block (a query of 300 IRIs stays far below the guard's 200,000
#: characters and 10,000 tokens).
CHUNK = 300
#: Entity IRIs per ``VALUES`` block of the statement reads that scan the store's statement
#: properties (:meth:`StoreReader.statement_records`): each query scans them once, so the
#: fewer the better (1,500 IRIs: about 75,000 characters).
SCAN_CHUNK = 1500
#: The statement reads scan the statement properties of the whole store (about 5
#: microseconds per statement of the store) instead of looking up each statement's
#: properties (about 150) when the statements to read are more than this fraction of the
#: store's.
SCAN_FRACTION = 1 / 30
_NZ = str(NZ)
#: Predicates of an entity description (what :func:`kg.analytics.index_from_quads` reads of
#: an entity).
_DESCRIPTION = (RDF.type, SKOS.prefLabel, RDFS.label, SKOS.altLabel, OWL.sameAs, NZ.country,
                *sorted(_LATITUDE), *sorted(_LONGITUDE))
_RELATIONS = tuple(NZ[p] for p in vocab.PREDICATES)
#: Modes of the statements that fold an actor into its country: truthy, not historical
#: (an intended statement is truthy only with a seeks... predicate, none of the folding ones).
_FOLD_MODES = tuple(sorted(vocab.TRUTHY_MODES - {"historical", "intended"}))
#: Statement predicates with a place as object that the influence summary counts, and
#: those it counts by their ``nz:location`` (:func:`kg.analytics.influence_summary`).
_BY_OBJECT = ("hasInfluenceIn", "seeksInfluenceIn", "hasMilitaryPresenceIn",
              "seeksMilitaryPresenceIn", "withdrawsFrom", "seeksCooperationWith", "cooperatesWith")
_BY_LOCATION = ("opposes", "seeksCooperationWith", "cooperatesWith")
#: Modes whose statements always stand as edges (an intended one only with a seeks...
#: predicate): the statements of other modes are listed with their entities.
_EDGE_MODES = EDGE_MODES
_NOT_DATA = DESCRIPTION_GRAPHS


def _ref(iri: Any) -> str:
    return f"<{iri}>"


def _refs(iris: Iterable[Any]) -> str:
    return " ".join(_ref(i) for i in iris)


def _in(iris: Iterable[Any]) -> str:
    """The IRIs as the list of a ``FILTER(?x IN (...))``: a query with one ``VALUES`` block
    joined to a pattern, the other constraints as filters (two ``VALUES`` blocks make
    Oxigraph scan the whole store and join: 70x slower)."""
    return ", ".join(_ref(i) for i in iris)


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


#: The description of an entity by one pattern per predicate (a lookup each), the predicate
#: as its number in :data:`_DESCRIPTION` (a number is written faster than an IRI).
_DESCRIBE_UNION = " UNION ".join(f"{{ ?s <{p}> ?o BIND({k} AS ?k) }}" for k, p in enumerate(_DESCRIPTION))
#: An article's fields, each optional: its ``schema:NewsArticle`` type, source, headline
#: and date (either schema.org namespace; the index takes one value of each).
_ARTICLE_FIELDS = " ".join(
    ["OPTIONAL { " + " UNION ".join(f"{{ ?a a <{t}> BIND(1 AS ?t) }}" for t in sorted(_NEWS_ARTICLE)) + " }",
     "OPTIONAL { ?a dcterms:source ?src }",
     "OPTIONAL { " + " UNION ".join(f"{{ ?a <{p}> ?h }}" for p in sorted(_HEADLINE)) + " }",
     "OPTIONAL { " + " UNION ".join(f"{{ ?a <{p}> ?d }}" for p in sorted(_DATE_PUBLISHED)) + " }"])

#: The same fields by scans of their predicates in subqueries, joined on ``?a`` by hashing
#: (for the thousands of articles of a large view: no lookup per article).
_ARTICLE_SCANS = " ".join(
    ["OPTIONAL { SELECT ?a ?t WHERE { " + " UNION ".join(f"{{ ?a a <{t}> BIND(1 AS ?t) }}" for t in sorted(_NEWS_ARTICLE)) + " } }",
     "OPTIONAL { SELECT ?a ?src WHERE { ?a dcterms:source ?src } }",
     "OPTIONAL { SELECT ?a ?h WHERE { " + " UNION ".join(f"{{ ?a <{p}> ?h }}" for p in sorted(_HEADLINE)) + " } }",
     "OPTIONAL { SELECT ?a ?d WHERE { " + " UNION ".join(f"{{ ?a <{p}> ?d }}" for p in sorted(_DATE_PUBLISHED)) + " } }"])

#: The predicates of a statement node no view shows (its types: one is added back; its
#: record, in the records graph of a store: :mod:`kg.store_records`).
_STATEMENT_SKIP = _in((RDF.type, NZ.charStart, NZ.charEnd, NZ.statementRecord))
#: The filter on a statement ``?s`` read because its object is an entity of the view: a
#: mode that draws no edge (:data:`_EDGE_MODES`), or no mode.
_UNLINKED = (f"FILTER(EXISTS {{ ?s nz:mode ?m0 FILTER(STR(?m0) NOT IN ({', '.join(_lit(m) for m in _EDGE_MODES)})) }} "
             "|| NOT EXISTS { ?s nz:mode ?m1 })")


class StoreReader:
    """Collects the quads of a partial view of a store, query by query.

    Parameters
    ----------
    store : kg.store.Store
        Any backend (its ``query`` runs over the union of the named graphs).
    records : bool, optional
        Read statements from the store's statement records (:mod:`kg.store_records`) when
        it keeps a record of every one (None, the default: asked of the store once); False:
        property by property, as from a store without records.

    Attributes
    ----------
    quads : list of (s, p, o, graph name)
        rdflib terms, graph name ``""`` for the description and article quads (read from
        the union of the graphs: where they are stated does not matter to the index).
    queries, rows : int
        Queries run and rows they returned (for benchmarks).
    """

    def __init__(self, store: Any, records: bool | None = None) -> None:
        self.store = store
        self.quads: list[tuple[Any, Any, Any, str]] = []
        self.queries = 0
        self.rows = 0
        self._described: set[str] = set()
        self._articles: set[str] = set()
        self._types: dict[str, set[str]] = defaultdict(set)
        #: The ``nz:country`` values of the entities described (actor groups' countries).
        self.countries: set[URIRef] = set()
        #: Statements read as records (:meth:`statement_records`), indexed with the quads.
        self.records: dict[str, StatementRecord] = {}
        self._total: int | None = None
        self._uris: dict[str, URIRef] = {}
        self._kept: bool | None = False if records is False else None  # None: ask the store

    def select(self, sparql: str) -> list[tuple]:
        """Rows of one SELECT query (the project's prefixes predeclared)."""
        res = self.store.query(with_prefixes(sparql))
        self.queries += 1
        self.rows += len(res.rows)
        return res.rows

    def select_text(self, sparql: str, by_term: bool = False) -> list[list]:
        """Rows of one SELECT query as text: per variable an IRI's text, a literal's lexical
        form (no language tag or datatype), a blank node's id, or None when unbound.

        The embedded store's :meth:`kg.store.OxigraphStore.select_text` serialises them in
        Rust (no rdflib term made: the fast read of a large view; ``by_term``: from its
        terms, for long literals); other backends give ``str()`` of the terms of
        :meth:`select`, the same text.
        """
        fast = getattr(self.store, "select_text", None)
        if fast is not None:
            rows = fast(with_prefixes(sparql), by_term=True)[1] if by_term else fast(with_prefixes(sparql))[1]
        else:
            rows = [[None if t is None else str(t) for t in row]
                    for row in self.store.query(with_prefixes(sparql)).rows]
        self.queries += 1
        self.rows += len(rows)
        return rows

    def store_statements(self) -> int:
        """The number of ``nz:Statement`` nodes of the store (one count, kept)."""
        if self._total is None:
            rows = self.select_text("SELECT (COUNT(?st) AS ?n) WHERE { ?st a nz:Statement }")
            self._total = int(rows[0][0]) if rows and rows[0][0] else 0
        return self._total

    def statement_records(self, iris: Iterable[Any] | None, scan: bool | None = None,
                          offsets: bool = False) -> dict[str, StatementRecord]:
        """The statements about some entities, read as :class:`kg.analytics.StatementRecord`
        (pass them to :func:`kg.analytics.index_from_quads` as ``statements``).

        Parameters
        ----------
        iris : iterable of IRIs, or None
            The entities: the statements whose ``rdf:subject`` is one of them are read, and
            those whose ``rdf:object`` is one of them and that draw no edge (a mode not in
            :data:`_EDGE_MODES`, or no mode). None: every node typed ``nz:Statement`` (one
            query, by scans; the graph of its type is its ``graph``).
        scan : bool, optional
            When the store keeps a record of every statement (:meth:`records_kept`) each
            statement is one lookup of its record (about 20 microseconds; its article's
            fields come with it) and ``scan`` does not matter. Otherwise, how the
            properties are read: True by scans of the store's statement properties
            joined by hashing (a fixed cost of about 15 microseconds per statement of the
            store, then about 25 per statement read), False by lookups per statement (about
            150 each); by default a count of the statements to read chooses (scans when they
            are more than :data:`SCAN_FRACTION` of the store's). Both give the same records.
        offsets : bool
            Read the character offsets of the evidence too (``nz:charStart``,
            ``nz:charEnd``: the CSV export has them); else they are None.

        Returns
        -------
        dict
            Statement IRI -> record, as :func:`kg.analytics.index_from_quads` makes it from
            the statement's quads: every property (the character offsets only with
            ``offsets``: no view shows them), the smallest value of a property stated several times (the
            evidence's language with the evidence chosen), the article its
            ``prov:wasDerivedFrom``, else the graph of its ``rdf:subject`` (or ``rdf:object``,
            whichever was matched), which is also its ``graph``.

        Notes
        -----
        One row per statement (more when a property has several values) with its
        properties as columns, read as text (:meth:`select_text`): a tenth of the rows of
        reading the statements' quads, each term written by Oxigraph once. The 10,100
        statements of the ego view of Iran (1 hop) of a store of 28,000 articles: 0.7 CPU-s
        instead of 1.6.
        """
        if iris is None:  # every statement: one query
            todo, scan, size = [None], True, 1
        else:
            todo = sorted({str(i) for i in iris if isinstance(i, (str, URIRef)) and _safe_iri(str(i))})
            if not todo:
                return {}
        if self.records_kept():
            return self._kept_records(None if iris is None else todo, offsets)
        if iris is not None:
            if scan is None:
                scan = self._worth_scanning(todo)
            size = SCAN_CHUNK if scan else CHUNK
        rows_of: dict[str, list] = {}
        for k in range(0, len(todo), size):
            values = None if iris is None else _refs(todo[k:k + size])
            for row in self.select_text(_statement_query(values, scan, offsets)):
                found = rows_of.get(row[0])
                if found is None:
                    rows_of[row[0]] = [row]
                else:
                    found.append(row)
            if scan:  # their articles too, by scans (:meth:`articles` looks up the others)
                among = ("{ SELECT ?s WHERE { ?s a nz:Statement } } " if values is None else
                         f"VALUES ?x {{ {values} }} {{ SELECT ?s ?x WHERE {{ ?s rdf:subject ?x }} }} ")
                self._article_quads(self.select_text(
                    "SELECT DISTINCT ?a ?t ?src ?h ?d WHERE { "
                    f"{among}"
                    f"{{ SELECT ?s ?a WHERE {{ ?s prov:wasDerivedFrom ?a }} }} {_ARTICLE_SCANS} }}"))
        return {st: _statement_record(rows) for st, rows in rows_of.items()}

    def records_kept(self) -> bool:
        """Whether the store keeps a record of every statement (:func:`kg.store_records.has_records`;
        asked once)."""
        if self._kept is None:
            self._kept = has_records(self.store)
        return self._kept

    def _kept_records(self, todo: list[str] | None, offsets: bool) -> dict[str, StatementRecord]:
        """:meth:`statement_records` from the store's statement records (one lookup per
        statement; their articles' fields come with them): the same records, but for the
        character offsets when ``offsets`` is false (None, as the other reads leave them)."""
        texts: set[str] = set()
        if todo is None:
            for (text,) in self.select_text(records_query(None), by_term=True):
                texts.add(text)
        else:
            for k in range(0, len(todo), CHUNK):
                for (text,) in self.select_text(records_query(_refs(todo[k:k + CHUNK])), by_term=True):
                    texts.add(text)
        out: dict[str, StatementRecord] = {}
        articles: dict[str, tuple] = {}
        for text in texts:
            rec, article = parse_record(text, offsets)
            out[rec.iri] = rec
            if article[1] is not None and article[0] not in self._articles:
                articles[article[0]] = article
        self._article_quads(articles.values())
        return out

    def _worth_scanning(self, todo: list[str]) -> bool:
        """Whether the statements with a subject among ``todo`` are more than
        :data:`SCAN_FRACTION` of the store's (one count per chunk: no term written)."""
        n = 0
        for k in range(0, len(todo), SCAN_CHUNK):
            rows = self.select_text(f"SELECT (COUNT(?s) AS ?n) WHERE {{ VALUES ?x {{ {_refs(todo[k:k + SCAN_CHUNK])} }} "
                                    "?s rdf:subject ?x }")
            n += int(rows[0][0]) if rows and rows[0][0] else 0
        return n > self.store_statements() * SCAN_FRACTION

    def chunked(self, iris: Iterable[Any], make: Callable[[str], str]) -> Iterator[tuple]:
        """Rows of ``make(values)`` for the IRIs in chunks of :data:`CHUNK`; ``values`` is
        the space-separated ``<iri>`` list to put in a ``VALUES`` block."""
        todo = sorted({str(i) for i in iris if isinstance(i, URIRef) and _safe_iri(str(i))})
        for k in range(0, len(todo), CHUNK):
            yield from self.select(make(_refs(todo[k:k + CHUNK])))

    def chunked_text(self, iris: Iterable[Any], make: Callable[[str], str], size: int = CHUNK) -> Iterator[list]:
        """Rows of ``make(values)`` as text (:meth:`select_text`) for the IRIs in chunks of
        ``size``; ``values`` is the space-separated ``<iri>`` list to put in a ``VALUES``
        block. Only absolute IRIs are sent (text or ``URIRef``; not literals or blank nodes)."""
        todo = sorted({str(i) for i in iris if type(i) in (str, URIRef) and _SCHEME.match(i) and _safe_iri(i)})
        for k in range(0, len(todo), size):
            yield from self.select_text(make(_refs(todo[k:k + size])))

    def uri(self, text: str) -> URIRef:
        """The ``URIRef`` of an IRI read as text (one object per IRI: an IRI repeats)."""
        found = self._uris.get(text)
        if found is None:
            found = self._uris[text] = URIRef(text)
        return found

    def _term(self, text: str, kind: str | None) -> Any:
        """The rdflib term of a value read as text with its kind (``"@i"`` IRI, ``"@b"``
        blank node, else a literal's language tag, ``""`` for none)."""
        if kind == "@i":
            return self.uri(text)
        if kind == "@b":
            return BNode(text)
        return Literal(text, lang=kind or None)

    # -- what the index reads
    def absorb(self, other: "StoreReader") -> None:
        """Take in what another reader of the same store read (its quads, descriptions and
        articles; not its records)."""
        self.quads += other.quads
        self._described |= other._described
        self._articles |= other._articles
        for s, classes in other._types.items():
            self._types[s] |= classes
        self.countries |= other.countries
        self.queries += other.queries
        self.rows += other.rows

    def describe(self, iris: Iterable[Any]) -> "StoreReader":
        """Add the description quads (types, labels, sameAs, point, ``nz:country``) of the
        entities not described yet (read as text: one pattern per predicate, the predicate
        as its number in :data:`_DESCRIPTION`, the object's kind as a column); returns the
        reader."""
        new = {str(i) for i in iris if type(i) in (str, URIRef)} - self._described
        self._described |= new
        kind, country = str(RDF.type), str(NZ.country)
        for s, k, o, ok in self.chunked_text(new, lambda v: (
                f"SELECT DISTINCT ?s ?k ?o ?ok WHERE {{ VALUES ?s {{ {v} }} {_DESCRIBE_UNION} "
                'BIND(IF(isIRI(?o), "@i", IF(isBlank(?o), "@b", LANG(?o))) AS ?ok) }')):
            p = _DESCRIPTION[int(k)]
            term = self._term(o, ok)
            self.quads.append((self.uri(s), p, term, ""))
            if str(p) == kind and ok == "@i" and o.startswith(_NZ):
                self._types[s].add(o[len(_NZ):])
            elif str(p) == country and ok == "@i":
                self.countries.add(term)
        return self

    def cls(self, iri: str) -> str:
        """The class of a described entity, as :class:`kg.analytics.EntityInfo` gives it."""
        classes = self._types.get(str(iri), set()) - {"Statement"}
        if not classes:
            return ""
        return next((c for c in CLASS_PRIORITY if c in classes), min(classes))

    def relations(self, iris: Iterable[Any] | None, incoming: bool = False,
                  predicates: Iterable[str] | None = None) -> list[tuple]:
        """Relation triples (``nz:`` predicates of the contract, an IRI as object) with a
        subject (``incoming``: an object) among ``iris`` (None: every one of the store), in
        any named graph, as quads ``(s, p, o, graph)`` (``URIRef`` terms, the graph name as
        text); added to :attr:`quads` and returned."""
        preds = tuple(NZ[p] for p in predicates) if predicates is not None else _RELATIONS
        # one pattern per predicate (a lookup of predicate and entity each: the entity's
        # other quads, its mentions in every article, are not scanned), the predicate as
        # its number
        union = " UNION ".join(f"{{ GRAPH ?g {{ ?s <{p}> ?o }} BIND({k} AS ?p) }}" for k, p in enumerate(preds))
        end = "?o" if incoming else "?s"
        uri = self.uri
        rows = (self.select_text(f"SELECT ?s ?p ?o ?g WHERE {{ {union} FILTER(isIRI(?s) && isIRI(?o)) }}")
                if iris is None else self.chunked_text(iris, lambda v: (
                    f"SELECT ?s ?p ?o ?g WHERE {{ VALUES {end} {{ {v} }} {union} FILTER(isIRI(?s) && isIRI(?o)) }}")))
        out = [(uri(s), preds[int(p)], uri(o), g) for s, p, o, g in rows]
        self.quads.extend(out)
        return out

    def statements(self, iris: Iterable[Any]) -> list[tuple]:
        """The quads of the given statement nodes that a view shows (added to
        :attr:`quads`, returned): all but their types (one ``rdf:type nz:Statement`` quad is
        added per statement, in its graph) and their character offsets (``nz:charStart``,
        ``nz:charEnd``: no view shows them; three quads of thirteen). The report reads its
        statements so (:func:`region_index`); the ego view reads records
        (:meth:`statement_records`)."""
        out = [(s, p, o, str(g)) for s, p, o, g in self.chunked(iris, lambda v: (
            f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {v} }} GRAPH ?g {{ ?s ?p ?o }} "
            f"FILTER(?p NOT IN ({_STATEMENT_SKIP})) }}"))]
        graph = {s: g for s, p, o, g in out}
        out += [(s, RDF.type, NZ.Statement, g) for s, g in graph.items()]
        self.quads.extend(out)
        return out

    def articles(self, iris: Iterable[Any]) -> None:
        """Add the quads of the articles not read yet: type (``schema:NewsArticle``), source,
        headline, date (one row per article, more when a field has several values; read as
        text)."""
        new = {str(i) for i in iris if type(i) in (str, URIRef)} - self._articles
        self._article_quads(self.chunked_text(new, lambda v: (
            f"SELECT ?a ?t ?src ?h ?d WHERE {{ VALUES ?a {{ {v} }} {_ARTICLE_FIELDS} }}")))

    def _article_quads(self, rows: Iterable[list]) -> None:
        """Add the quads of articles read as rows ``(article, typed, source, headline, date)``
        of text (typed: any value when typed ``schema:NewsArticle``; None: absent); the
        articles count as read."""
        kind, news, head, date = RDF.type, min(_NEWS_ARTICLE), min(_HEADLINE), min(_DATE_PUBLISHED)
        out = self.quads
        for a, t, src, h, d in rows:
            self._articles.add(a)
            node = self.uri(a)
            if t is not None:
                out.append((node, kind, news, ""))
            if src is not None:
                out.append((node, DCTERMS.source, src, ""))
            if h is not None:
                out.append((node, head, h, ""))
            if d is not None:
                out.append((node, date, d, ""))

    def index(self, headline: HeadlineCounts | None = None) -> GraphIndex:
        """The :class:`kg.analytics.GraphIndex` of the quads and the :attr:`records` read so
        far."""
        return index_from_quads(self.quads, headline=headline, statements=self.records.values())


#: The properties of a statement a view shows, as (variable, predicate): the subject,
#: predicate and object are required (:func:`kg.analytics.index_from_quads` skips a
#: statement without one), the others optional.
_ST_REQUIRED = (("sub", "rdf:subject"), ("pred", "rdf:predicate"), ("obj", "rdf:object"))
_ST_OPTIONAL = (("mode", "nz:mode"), ("conf", "nz:confidence"), ("ev", "nz:evidence"),
                ("tr", "nz:trigger"), ("der", "prov:wasDerivedFrom"), ("pl", "nz:ploverCategory"),
                ("cm", "nz:cameoCode"), ("date", "nz:date"), ("sd", "nz:startDate"),
                ("ed", "nz:endDate"), ("loc", "nz:location"), ("top", "nz:topic"),
                ("rb", "nz:reportedBy"), ("at", "nz:attributedTo"))
#: Columns computed from a property: the evidence's language tag.
_ST_EXTRA = {"ev": ("evl", "LANG")}
_ST_VARS = ("s", "g", *(v for v, _ in _ST_REQUIRED), *(v for v, _ in _ST_OPTIONAL),
            *(x for x, _ in _ST_EXTRA.values()))
#: The character offsets of the evidence: optional columns after :data:`_ST_VARS`, read
#: only when asked (``offsets``).
_ST_OFFSETS = (("cs", "nz:charStart"), ("ce", "nz:charEnd"))
_COL = {v: k for k, v in enumerate((*_ST_VARS, *(v for v, _ in _ST_OFFSETS)))}


def _statement_query(values: str | None, scan: bool, offsets: bool = False) -> str:
    """The SELECT of :meth:`StoreReader.statement_records` for the entities ``values`` (a
    ``VALUES`` list): the statements with one of them as subject, and those with one of them
    as object and a mode that draws no edge or no mode; None: every node typed
    ``nz:Statement``, in the graph of its type (as :func:`kg.analytics.index_from_quads`
    finds them; ``scan`` only). ``scan``: each property by a scan of its predicate in a subquery (Oxigraph joins
    them by hashing: no lookup per statement), else by patterns (a lookup per statement and
    property). ``offsets``: the columns of :data:`_ST_OFFSETS` too."""
    edge_modes = ", ".join(_lit(m) for m in _EDGE_MODES)
    optional = _ST_OPTIONAL + (_ST_OFFSETS if offsets else ())
    names = _ST_VARS + (tuple(v for v, _ in _ST_OFFSETS) if offsets else ())
    if values is None:
        if not scan:
            raise ValueError("every statement is read by scans only")
        parts = ["{ SELECT ?s ?g WHERE { GRAPH ?g { ?s a nz:Statement } } }"]
    else:
        parts = [f"VALUES ?x {{ {values} }}"]
    if scan:
        unlinked = (f"{{ SELECT DISTINCT ?s WHERE {{ {{ ?s nz:mode ?m0 FILTER(STR(?m0) NOT IN ({edge_modes})) }} "
                    "UNION { ?s rdf:object ?o0 MINUS { ?s nz:mode ?m1 } } } }")
        if values is not None:
            parts.append("{ SELECT ?s ?x ?g WHERE { { GRAPH ?g { ?s rdf:subject ?x } } UNION "
                         f"{{ GRAPH ?g {{ ?s rdf:object ?x }} {unlinked} }} }} }}")
        parts += [f"{{ SELECT ?s ?{v} WHERE {{ ?s {p} ?{v} }} }}" for v, p in _ST_REQUIRED]
        for v, p in optional:
            x = _ST_EXTRA.get(v)
            out = f"?s ?{v}" + (f" ({x[1]}(?{v}) AS ?{x[0]})" if x else "")
            parts.append(f"OPTIONAL {{ SELECT {out} WHERE {{ ?s {p} ?{v} }} }}")
    else:
        parts.append(f"{{ GRAPH ?g {{ ?s rdf:subject ?x }} }} UNION {{ GRAPH ?g {{ ?s rdf:object ?x }} {_UNLINKED} }}")
        parts += [f"?s {p} ?{v} ." for v, p in _ST_REQUIRED]
        for v, p in optional:
            x = _ST_EXTRA.get(v)
            bind = f" BIND({x[1]}(?{v}) AS ?{x[0]})" if x else ""
            parts.append(f"OPTIONAL {{ ?s {p} ?{v}{bind} }}")
    return f"SELECT {' '.join('?' + v for v in names)} WHERE {{ {' '.join(parts)} }}"


def _statement_record(rows: list[list]) -> StatementRecord:
    """The record of one statement from its rows of :func:`_statement_query` (several when a
    property has several values: the smallest of each, as
    :func:`kg.analytics.index_from_quads` takes it; the evidence's language goes with the
    evidence chosen)."""
    c = _COL
    if len(rows) == 1:
        v = rows[0]
    else:
        v = [min(vals) if (vals := {r[k] for r in rows if r[k] is not None}) else None
             for k in range(len(rows[0]))]
        pairs = [(r[c["ev"]], r[c["evl"]] or "") for r in rows if r[c["ev"]] is not None]
        v[c["evl"]] = min(pairs)[1] if pairs else None
    try:
        conf = None if v[c["conf"]] is None else float(v[c["conf"]])
    except ValueError:
        conf = None
    start = end = None
    if len(v) > c["cs"]:  # the offsets were read
        start, end = _integer(v[c["cs"]]), _integer(v[c["ce"]])
    g = v[c["g"]] or ""
    return StatementRecord(
        iri=v[c["s"]], subject=v[c["sub"]], predicate=_local(v[c["pred"]]), object=v[c["obj"]],
        mode=v[c["mode"]] or "", confidence=conf, plover=v[c["pl"]] or "", cameo=v[c["cm"]] or "",
        date=v[c["date"]] or "", start_date=v[c["sd"]] or "", end_date=v[c["ed"]] or "",
        location=v[c["loc"]] or "", topic=v[c["top"]] or "", reported_by=v[c["rb"]] or "",
        attributed_to=v[c["at"]] or "", evidence=v[c["ev"]] or "",
        evidence_lang=(v[c["evl"]] or "") if v[c["ev"]] is not None else "",
        trigger=v[c["tr"]] or "", article=v[c["der"]] or g, graph=g, char_start=start, char_end=end)


def _integer(text: str | None) -> int | None:
    """An integer read as text (None when absent or not one, as the index reads it)."""
    try:
        return None if text is None else int(text)
    except ValueError:
        return None


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _record_refs(records: Iterable[StatementRecord]) -> tuple[set, set]:
    """(the entities statements name: subject, object, location, topic, outlet, speaker;
    their articles), as :func:`_statement_refs` gives them of their quads. A record holds
    text: the values that are absolute IRIs are taken (a speaker given as a text is not)."""
    entities, articles = set(), set()
    for r in records:
        entities.update((r.subject, r.object, r.location, r.topic, r.reported_by, r.attributed_to))
        if r.article:
            articles.add(r.article)
    entities.discard("")
    return ({URIRef(e) for e in entities if _SCHEME.match(e) and _safe_iri(e)},
            {URIRef(a) for a in articles if _SCHEME.match(a) and _safe_iri(a)})


#: The predicates of a statement that name an entity (as text).
_NAMED_BY_STATEMENT = frozenset(str(p) for p in (RDF.subject, RDF.object, NZ.location, NZ.topic,
                                                 NZ.reportedBy, NZ.attributedTo))


def _statement_refs(quads: Iterable[tuple]) -> tuple[set, set]:
    """(the entity IRIs statement quads name: subject, object, location, topic, outlet,
    speaker; the articles they come from: ``prov:wasDerivedFrom``, else their graph)."""
    entities, derived, graphs = set(), {}, {}
    named = _NAMED_BY_STATEMENT
    source = str(PROV.wasDerivedFrom)
    for s, p, o, g in quads:  # (predicates compared as text: rdflib's == is Python code)
        ps = str(p)
        if ps in named and isinstance(o, URIRef):
            entities.add(o)
        elif ps == source and isinstance(p, URIRef):
            derived.setdefault(s, set()).add(o)
        graphs.setdefault(s, g)
    articles = set()
    for st, g in graphs.items():
        d = derived.get(st)
        articles.add(min(d, key=str) if d else URIRef(g) if g else None)
    articles.discard(None)
    return entities, articles


# --------------------------------------------------------------------------- headline counts

def store_headline_counts(store: Any) -> HeadlineCounts:
    """The headline counts of a whole store (:data:`kg.analytics.COUNT_DEFINITIONS`), by
    aggregate queries.

    Parameters
    ----------
    store : kg.store.Store

    Returns
    -------
    HeadlineCounts
        Equal to :func:`kg.analytics.headline_counts` of the store's dataset: articles (typed
        ``schema:NewsArticle``, with a ``schema:headline``, or the source of a statement),
        those that are the source of a statement, the distinct IRIs the articles
        ``schema:mentions``, the ``nz:Statement`` nodes by mode. A statement's article is its
        ``prov:wasDerivedFrom``, else its graph; its mode its smallest ``nz:mode``.

    Notes
    -----
    Five counts over one predicate each (0.13 CPU-s on a store of 28,000 articles, 20,000
    statements and 197,000 mentions): exact when every statement has one ``nz:mode`` and
    one ``prov:wasDerivedFrom`` (the shapes, ``ontology/shapes.ttl``, require both, and a
    subject, a predicate and an object, which the file reader also asks of a statement; the
    mentions are the articles'). When the modes or the sources do not add up to the
    statements, the counts are made again by statement (0.7 CPU-s there).
    ``https://schema.org/`` terms are counted too when the store holds any.
    """
    r = StoreReader(store)
    https = r.store.query(with_prefixes(
        "ASK { { ?a a <https://schema.org/NewsArticle> } UNION { ?a <https://schema.org/headline> ?h } "
        "UNION { ?a <https://schema.org/mentions> ?e } }")).boolean
    spaces = ("http://schema.org/", "https://schema.org/") if https else ("http://schema.org/",)

    def schema(local: str, pattern: str) -> str:  # the pattern for each schema.org namespace in use
        return " UNION ".join("{ " + pattern.replace("%s", f"<{ns}{local}>") + " }" for ns in spaces)

    def one(rows: list, k: int = 0) -> int:
        return int(rows[0][k]) if rows and rows[0][k] is not None else 0

    total = one(r.select("SELECT (COUNT(?st) AS ?n) WHERE { ?st a nz:Statement }"))
    modes = r.select("SELECT ?m (COUNT(?st) AS ?n) WHERE { ?st nz:mode ?m } GROUP BY ?m")
    derived = r.select("SELECT (COUNT(DISTINCT ?a) AS ?n) (COUNT(?st) AS ?k) WHERE { ?st prov:wasDerivedFrom ?a }")
    statement_article = "?st prov:wasDerivedFrom ?a"
    if sum(int(n) for _, n in modes) != total or one(derived, 1) != total:  # by statement
        statement_article = ("GRAPH ?g { ?st a nz:Statement } ?st rdf:subject ?x1 ; rdf:predicate ?x2 ; "
                             "rdf:object ?x3 . OPTIONAL { ?st prov:wasDerivedFrom ?d } BIND(COALESCE(?d, ?g) AS ?a)")
        modes = r.select(
            "SELECT ?m (COUNT(?st) AS ?n) WHERE { { SELECT ?st (MIN(COALESCE(STR(?m0), \"\")) AS ?m) WHERE { "
            "?st a nz:Statement ; rdf:subject ?x1 ; rdf:predicate ?x2 ; rdf:object ?x3 . "
            "OPTIONAL { ?st nz:mode ?m0 } } GROUP BY ?st } } GROUP BY ?m")
        derived = r.select(f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ {statement_article} }}")
    articles = r.select(
        "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { "
        f"{schema('NewsArticle', '?a a %s')} UNION {schema('headline', '?a %s ?h')} "
        f"UNION {{ {statement_article} }} }}")
    entities = r.select(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ {schema('mentions', '?a %s ?e')} }}")
    by_mode = Counter({("" if m is None else str(m)): int(n) for m, n in modes})
    order = {m: i for i, m in enumerate(vocab.MODES)}
    ordered = tuple(sorted(by_mode.items(), key=lambda mn: (order.get(mn[0], len(order)), mn[0])))
    return HeadlineCounts(articles=one(articles), with_statements=one(derived),
                          entities=one(entities), statements=sum(by_mode.values()), by_mode=ordered)


# --------------------------------------------------------------------------- names

@functools.lru_cache(maxsize=1)
def _normal_forms() -> tuple[list[str], list[str], str, str]:
    """The normal forms of the characters a label may hold, following
    :func:`kg.analytics._norm_name` (NFKC, casefold, no diacritics, one alef/yaa/taa-marbuta):
    (the BMP characters, NUL first, no surrogates; the normal form of each, in the same order;
    the characters normalisation removes; the characters it turns into a space). About 0.04
    CPU-s, once."""
    chars = ["\0"] + [chr(cp) for cp in range(1, 0x10000) if not 0xD800 <= cp <= 0xDFFF]
    # each character's normal form, the diacritics removed and the alef forms unified in one
    # pass over them all, NUL-separated (_HARAKAT and _ALEF act on single characters; NUL
    # is its own normal form, kept apart)
    joined = "\0".join(unicodedata.normalize("NFKC", ch).casefold() for ch in chars[1:])
    norms = ["\0"] + _HARAKAT.sub("", joined).translate(_ALEF).split("\0")
    gone = "".join([ch for ch, n in zip(chars, norms, strict=True) if not n])
    space = "".join([ch for ch, n in zip(chars, norms) if len(n) == 1 and _spacing(n)])
    return chars, norms, gone, space


def _spacing(n: str) -> bool:
    """Whether a normalised character counts as a space (= the regex ``[\\s\\u200c-\\u200f]``)."""
    return n.isspace() or "\u200c" <= n <= "\u200f"


def _preimages(targets: Iterable[str]) -> dict[str, str]:
    """What each of some characters of a normalised name may have been in a label:
    character -> the BMP characters that normalise to it, in code point order (one pass over
    :func:`_normal_forms`: the characters asked for only). Characters that count as a space
    (:func:`_spacing`) have none: a space matches any run of them."""
    chars, norms = _normal_forms()[:2]
    need = {c for c in targets if len(c) == 1 and not _spacing(c)}
    pre: dict[str, list[str]] = defaultdict(list)
    for n, ch in [(n, ch) for ch, n in zip(chars, norms) if n in need]:
        pre[n].append(ch)
    return {k: "".join(v) for k, v in pre.items()}


def _rx_char(ch: str) -> str:
    """One character for a regular expression that both Python's ``re`` and the Rust
    ``regex`` crate (Oxigraph) read the same, with no backslash-u escape (rdflib expands
    those in the whole query text)."""
    if ch.isascii():
        return ch if ch.isalnum() else f"\\x{ord(ch):02x}"
    return ch


def _rx_class(chars: Iterable[str]) -> str:
    cps = sorted({ord(c) for c in chars})
    parts, k = [], 0
    while k < len(cps):
        j = k
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        a, b = chr(cps[k]), chr(cps[j])
        parts.append(_rx_char(a) if k == j else f"{_rx_char(a)}-{_rx_char(b)}")
        k = j + 1
    return "[" + "".join(parts) + "]"


def label_regex(name: str) -> str:
    """A regular expression every label whose normalised form equals ``name``'s matches.

    Parameters
    ----------
    name : str
        A name as given (normalised here with :func:`kg.analytics._norm_name`).

    Returns
    -------
    str
        Anchored; every letter of the normalised name may be any character that normalises
        to it (case, Arabic presentation forms, the alef/yaa/taa-marbuta forms), diacritics
        and tatweel may follow any letter, a space stands for any run of spaces and
        zero-width marks, and the edges may carry the spaces and ``.,'"`` that
        normalisation strips, and a leading "the ". A superset of the labels that match
        (the caller compares the normalised labels of what it finds): exact but for labels
        that need canonical composition or a ligature's decomposition.

    Examples
    --------
    >>> import re
    >>> rx = label_regex("ايران")
    >>> bool(re.search(rx, "إيران")), bool(re.search(rx, "إيرانُ ")), bool(re.search(rx, "إيرانية"))
    (True, True, False)
    >>> bool(re.search(label_regex("the united states"), "United  States"))
    True
    """
    from kg.analytics_graph import _norm_name

    norm = _norm_name(name)
    gone, space = _normal_forms()[2:]
    pre = _preimages(norm + "the .,'\"")
    ign = _rx_class(gone) + "*"
    sp = _rx_class(space)
    junk = _rx_class(gone + space + "".join(pre.get(c, c) for c in ".,'\""))

    def piece(text: str) -> str:
        out = []
        for ch in text:
            if ch == " ":
                out.append(f"{sp}(?:{sp}|{ign[:-1]})*")
            else:
                out.append(_rx_class(ch + pre.get(ch, "")) + ign)
        return "".join(out)

    return f"^{junk}*(?:{piece('the ')})?{piece(norm)}{junk}*$"


def _label_candidates(reader: StoreReader, name: str) -> set[str]:
    """IRIs of the entities with a label (``skos:prefLabel``, ``rdfs:label``,
    ``skos:altLabel``) that :func:`label_regex` matches: one scan of the labels; in a store
    that keeps records, those with a label of the same key, by one lookup of the key
    (:func:`kg.store_records.name_query`: 0.2 s less at 28,000 articles)."""
    from kg.guard import QueryRefused

    if reader.records_kept():
        query = name_query(name)
        return {str(r[0]) for r in reader.select(query)} if query else set()
    rx = _lit(label_regex(name))
    # a UNION of the three predicates, not the path ``skos:prefLabel|rdfs:label|skos:altLabel``
    # (the same rows; 0.13 CPU-s instead of 0.17 over the 71,711 labels of a 28k store)
    try:
        rows = reader.select(
            "SELECT DISTINCT ?e WHERE { { ?e skos:prefLabel ?l } UNION { ?e rdfs:label ?l } UNION "
            f"{{ ?e skos:altLabel ?l }} FILTER(isIRI(?e) && REGEX(STR(?l), {rx})) }}")
    except QueryRefused:  # a name of thousands of characters: its pattern is too long to send
        return set()
    return {str(r[0]) for r in rows}


def _statement_weight(reader: StoreReader, iris: Iterable[str]) -> Counter:
    """IRI -> statements it is the subject or object of (a statement about itself: 2)."""
    weight: Counter = Counter()
    for e, n in reader.chunked(map(URIRef, iris), lambda v: (
            f"SELECT ?e (COUNT(?st) AS ?n) WHERE {{ VALUES ?e {{ {v} }} "
            "{ ?st rdf:subject ?e } UNION { ?st rdf:object ?e } ?st a nz:Statement } GROUP BY ?e")):
        weight[str(e)] = int(n)
    return weight


def resolve_in_store(store: Any, name: str, prefer: Iterable[str] = ("Region", "Country", "City"),
                     reader: StoreReader | None = None) -> str:
    """IRI of the entity named ``name`` in a store: :func:`kg.analytics.resolve_entity` by
    queries.

    Parameters
    ----------
    store : kg.store.Store
    name : str
        An entity IRI, ``nzr:<id>``, a bare ``nzr:`` id, or an Arabic or English label or
        alias (compared after normalisation: case, diacritics, alef/yaa/taa-marbuta forms, a
        leading "the").
    prefer : iterable of str
        Classes preferred, in order (then a preferred label over an alias, then the entity
        in more statements).
    reader : StoreReader, optional
        Collects the descriptions read (so a view does not read them twice).

    Returns
    -------
    str

    Raises
    ------
    UnknownEntityError
        Nothing matches; the message names up to three close labels (all labels of the
        store are read for them: the slow path, on errors only).
    """
    r = reader or StoreReader(store)
    raw = str(name).strip()
    if not raw:
        raise UnknownEntityError("empty entity name")

    def entity(iri: str) -> bool:
        r.describe([URIRef(iri)])
        return bool(r.cls(iri))

    if _safe_iri(raw) and ":" in raw and entity(raw):
        return raw
    raw = raw.removeprefix("nzr:")
    try:
        by_id = str(entity_iri(raw))
    except ValueError:
        by_id = ""
    if by_id and by_id != raw and entity(by_id):
        return by_id
    found = _label_candidates(r, raw)
    if found:
        r.describe(map(URIRef, found))
        part = index_from_quads([q for q in r.quads if str(q[0]) in found])
        best = best_named(part.entities.values(), raw, prefer, _statement_weight(r, part.entities))
        if best is not None:
            return best
    raise unknown_entity(name, raw, _all_entities(store).entities.values())


def _all_entities(store: Any, only: set[str] | None = None) -> GraphIndex:
    """The labels and types of every entity of the store (or of ``only``): for the close
    names of an error message."""
    r = StoreReader(store)
    if only is not None:
        r.describe(map(URIRef, only))
        return r.index()
    labels = _refs((SKOS.prefLabel, RDFS.label))
    for s, p, o in r.select(
            f"SELECT DISTINCT ?s ?p ?o WHERE {{ {{ VALUES ?p {{ {labels} }} ?s ?p ?o }} UNION "
            f"{{ ?s a ?o FILTER(STRSTARTS(STR(?o), {_lit(_NZ)}) && ?o != nz:Statement) BIND(rdf:type AS ?p) }} "
            "FILTER(isIRI(?s)) }"):
        r.quads.append((s, p, o, ""))
    return r.index()


# --------------------------------------------------------------------------- region

def region_index(store: Any, region: str, fold: bool = True) -> tuple[GraphIndex, str]:
    """What the influence report of a region needs, read from a store.

    Parameters
    ----------
    store : kg.store.Store
    region : str
        Region or country: name, id or IRI (:func:`resolve_in_store`, preferring Region,
        Country, City).
    fold : bool
        Also read the facts that fold a leader, an official, a country's armed forces or
        government into the country (:func:`kg.analytics.influence_summary`).

    Returns
    -------
    (GraphIndex, str)
        The partial index (with the store's headline counts) and the region's IRI:
        :func:`visualizations.report.write_report` and
        :func:`kg.analytics.influence_summary` of the IRI on it give what they give on the
        whole dataset.

    Raises
    ------
    UnknownEntityError
        When ``region`` names no entity.
    """
    if isinstance(store, MemoryStore):  # in memory already: index it whole (rdflib's engine is slow)
        idx = read_graph(store.dataset())
        return idx, resolve_entity(idx, region)
    counts = meanwhile(lambda: store_headline_counts(store), store)
    r = StoreReader(store)
    iri = resolve_in_store(store, region, reader=r)
    # the places inside: partOf (any class) and locatedIn (places), walked down level by level
    found, frontier = {iri}, {iri}
    while frontier:
        rows = r.relations(map(URIRef, frontier), incoming=True, predicates=("partOf", "locatedIn"))
        r.describe(s for s, p, o, g in rows if p == NZ.locatedIn)
        inside = {str(s) for s, p, o, g in rows
                  if p == NZ.partOf or r.cls(str(s)) in PLACE_CLASSES}
        frontier = inside - found
        found |= frontier
    by_object, by_location = _in(NZ[p] for p in _BY_OBJECT), _in(NZ[p] for p in _BY_LOCATION)
    hits = {row[0] for row in r.chunked(map(URIRef, found), lambda v: (
        f"SELECT DISTINCT ?st WHERE {{ VALUES ?pl {{ {v} }} "
        f"{{ ?st rdf:object ?pl ; rdf:predicate ?p FILTER(?p IN ({by_object})) }} UNION "
        f"{{ ?st nz:location ?pl ; rdf:predicate ?p FILTER(?p IN ({by_location})) }} }}"))}
    quads = r.statements(hits)
    entities, articles = _statement_refs(quads)
    folds = None
    if fold:
        opposing = {s for s, p, o, g in quads if p == RDF.predicate and o == NZ.opposes}
        actors = {o for s, p, o, g in quads
                  if p == RDF.subject or (p == RDF.object and s in opposing)}
        facts = _fold_facts(r, actors)
        r.describe(actors | {URIRef(o) for s, p, o in facts})
        folds = fold_links(facts, r.cls)
    r.describe(entities | set(map(URIRef, found)))
    r.articles(articles)
    idx = r.index(counts())
    idx.folds = folds
    return idx, iri


def _fold_facts(r: StoreReader, actors: set) -> list[tuple[str, str, str]]:
    """The facts :func:`kg.analytics.fold_links` reads for the given actors: their KB
    relations (KB and entities graphs) and their truthy non-historical statements
    (distinct subject, predicate, object: one row for a fact a thousand articles state)."""
    preds = _in(NZ[p] for p in FOLD_PREDICATES)
    graphs = ", ".join(_ref(g) for g in _NOT_DATA)
    modes = ", ".join(_lit(m) for m in _FOLD_MODES)
    facts = set()
    for s, p, o in r.chunked(actors, lambda v: (
            f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {v} }} GRAPH ?g {{ ?s ?p ?o }} "
            f"FILTER(?p IN ({preds}) && ?g IN ({graphs})) }}")):
        facts.add((str(s), str(p)[len(_NZ):], str(o)))
    for s, p, o in r.chunked(actors, lambda v: (
            f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {v} }} ?st rdf:subject ?s ; "
            f"rdf:predicate ?p ; rdf:object ?o ; nz:mode ?m FILTER(?p IN ({preds}) && STR(?m) IN ({modes})) }}")):
        facts.add((str(s), str(p)[len(_NZ):], str(o)))
    return sorted(facts)


# --------------------------------------------------------------------------- ego view

def _article_edges(relations: Iterable[tuple]) -> list[tuple[str, str, str, str]]:
    """The article edges among relation quads ``(s, p, o, graph)`` (those of an article
    graph: not the knowledge-base or entities graph), as text, as
    :attr:`kg.analytics.GraphIndex.edges` holds them."""
    return [(str(s), str(p), str(o), g) for s, p, o, g in relations if g and g not in _NOT_DATA]


def _focus_error(store: Any, name: str, iri: str | None):
    """The :class:`visualizations.explorer.FocusNotFound` of a focus that has no article
    relation (close names among the entities that have one: reads every article relation,
    on errors only)."""
    from visualizations.explorer import focus_not_found

    r = StoreReader(store)
    not_data = ", ".join(_ref(g) for g in _NOT_DATA)
    pool = set()
    for s, o in r.select(f"SELECT DISTINCT ?s ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                         f"FILTER(?p IN ({_in(_RELATIONS)}) && isIRI(?o) && ?g NOT IN ({not_data})) }}"):
        pool |= {str(s), str(o)}
    return focus_not_found(_all_entities(store, pool), name, iri, pool)


def focus_in_store(store: Any, name: str, reader: StoreReader | None = None) -> str:
    """The IRI an ego view is centred on, as :func:`visualizations.explorer.resolve_focus`
    gives it: the entity ``name`` stands for (no class preferred), which must have a
    relation in an article.

    Raises
    ------
    visualizations.explorer.FocusNotFound
        With the same message and close names as the explorer's.
    """
    try:
        iri = resolve_in_store(store, name, prefer=(), reader=reader)
    except UnknownEntityError:
        iri = None
    if iri is not None:
        not_data = ", ".join(_ref(g) for g in _NOT_DATA)
        ask = store.query(with_prefixes(
            f"ASK {{ GRAPH ?g {{ {{ <{iri}> ?p ?o FILTER(isIRI(?o)) }} UNION {{ ?s ?p <{iri}> }} }} "
            f"FILTER(?p IN ({_in(_RELATIONS)}) && ?g NOT IN ({not_data})) }}"))
        if ask.boolean:
            return iri
    raise _focus_error(store, name, iri)


def ego_index(store: Any, focus: str, hops: int = 2,
              max_entities: int | None = None) -> tuple[GraphIndex, str]:
    """What the explorer's ego view of an entity needs, read from a store.

    Parameters
    ----------
    store : kg.store.Store
    focus : str
        Name, id or IRI of the entity (:func:`focus_in_store`).
    hops : int
        Radius in article relations (any direction), >= 0.
    max_entities : int, optional
        The view shows at most this many entities
        (:func:`visualizations.explorer.ego_entities`): the statements, descriptions and
        articles of the others are not read. None: no limit.

    Returns
    -------
    (GraphIndex, str)
        The partial index (with the store's headline counts) and the focus IRI:
        :func:`visualizations.explorer.explorer_data` with ``focus=IRI, hops=hops,
        max_entities=max_entities`` on it gives the model it gives on the whole dataset.

    Raises
    ------
    visualizations.explorer.FocusNotFound
        When ``focus`` names no entity with an article relation.
    ValueError
        When ``hops`` is negative.

    Notes
    -----
    Read: the relations (article and KB graphs) of each entity within ``hops - 1`` in both
    directions, then those leaving the entities at ``hops``, which hold every relation among
    the entities shown and the countries of the map; the statements with the subject among
    them and either the object among them too or a mode that draws no edge (listed with
    their entities), and those with the object among them and such a mode; the
    descriptions of every entity they name; the articles of the statements and edges.
    """
    if hops < 0:
        raise ValueError(f"hops must be >= 0, got {hops}")
    if isinstance(store, MemoryStore):  # in memory already: index it whole (rdflib's engine is slow)
        from visualizations.explorer import resolve_focus

        idx = read_graph(store.dataset())
        return idx, resolve_focus(idx, focus, {x for e in idx.edges for x in (e[0], e[2])})
    counts = meanwhile(lambda: store_headline_counts(store), store)
    r = StoreReader(store)
    iri = focus_in_store(store, focus, reader=r)
    keep, frontier, relations = {iri}, {iri}, []
    for level in range(hops + 1):
        if level == hops and max_entities is not None:
            # the entities shown (those left out need no relation, statement or description)
            from visualizations.explorer import ego_entities

            shown, _ = ego_entities(set(_article_edges(relations)), iri, hops, max_entities)
            frontier &= shown
            keep &= shown
        ends = list(map(URIRef, frontier))
        both = level < hops or level == 0  # (the focus needs an article relation, either way)
        # the incoming relations read by another reader meanwhile (a thread: a hub's
        # neighbours have 20,000 relations), taken in after the outgoing ones, in that order
        other = StoreReader(store, records=False)
        incoming = meanwhile(lambda: other.relations(ends, incoming=True), store) if both else list
        rows = r.relations(ends)
        rows += incoming()
        r.absorb(other)
        relations += rows
        if level == hops:
            break
        nxt = {x for s, p, o, g in _article_edges(rows) for x in (s, o)}
        frontier = nxt - keep
        keep |= frontier
    return _view_index(r, keep, relations, counts), iri


def overview_index(store: Any, max_entities: int | None = None) -> GraphIndex:
    """What the explorer's view of a whole store needs, read from it: the article
    relations of every entity, and the statements, descriptions and articles of the
    entities the view shows (:func:`visualizations.explorer.overview_entities`).

    Parameters
    ----------
    store : kg.store.Store
    max_entities : int, optional
        The view shows at most this many entities, those with the most article edges: the
        statements, descriptions and articles of the others are not read. None: every
        entity in an article relation (the whole graph: every statement about one of them
        is read).

    Returns
    -------
    GraphIndex
        The partial index (with the store's headline counts):
        :func:`visualizations.explorer.explorer_data` with ``max_entities=max_entities``
        and no focus on it gives the model it gives on the whole dataset.

    Raises
    ------
    kg.store.StoreError
        The store failed while it was read.

    Notes
    -----
    The view of SaudiNewsNet's month (28,000 articles, 24,000 statements) with the
    default limit: the relations of 5,500 entities, the statements of 300. Equal to the
    view of the whole dataset for stores that nufuz writes: relations between IRIs in named
    graphs (a relation to a blank node, or a quad in the default graph, is not read).
    """
    if isinstance(store, MemoryStore):  # in memory already: index it whole
        return read_graph(store.dataset())
    from visualizations.explorer import overview_entities

    counts = meanwhile(lambda: store_headline_counts(store), store)
    r = StoreReader(store)
    relations = r.relations(None)
    keep, _ = overview_entities(_article_edges(relations), max_entities)
    return _view_index(r, keep, relations, counts)


def export_index(store: Any) -> GraphIndex:
    """What ``nufuz export`` writes as GraphML, GEXF or CSV, read from a store as text: every
    relation (article and knowledge-base graphs), every statement (with the character
    offsets of its evidence), the descriptions of the entities they name and their articles.

    Parameters
    ----------
    store : kg.store.Store

    Returns
    -------
    GraphIndex
        :func:`visualizations.export.export` of it gives what it gives of the whole dataset
        (the descriptions of the entities nothing names are not read: no export shows them).

    Raises
    ------
    kg.store.StoreError
        The store failed while it was read.

    Notes
    -----
    No rdflib term is made for a statement (they are most of the quads): the 28,000
    articles of SaudiNewsNet's month export as CSV with 450 MB, where loading the store
    into rdflib took 2.3 GB. Equal to the export of the whole dataset for stores that nufuz
    writes (relations between IRIs in named graphs; statements typed ``nz:Statement``).
    """
    if isinstance(store, MemoryStore):  # in memory already: index it whole
        return read_graph(store.dataset())
    r = StoreReader(store)
    relations = r.relations(None)
    r.records.update(r.statement_records(None, offsets=True))
    entities, articles = _record_refs(r.records.values())
    r.describe(entities | {x for s, p, o, g in relations for x in (s, o)})
    r.articles(articles | {URIRef(e[3]) for e in _article_edges(relations)})
    return r.index(store_headline_counts(store))


def paths_index(store: Any, source: str, target: str, max_paths: int = 3,
                max_hops: int | None = None) -> tuple[GraphIndex, str, str]:
    """What ``nufuz paths`` needs from a store: every article relation (the graph searched),
    then the statements behind the relations of the chains found, their entities'
    descriptions and their articles.

    Parameters
    ----------
    store : kg.store.Store
    source, target : str
        Entity names, resolved as :func:`kg.paths.shortest_paths` resolves them
        (:func:`resolve_in_store` preferring :data:`kg.paths.ACTOR_CLASSES`).
    max_paths, max_hops
        As in :func:`kg.paths.shortest_paths`.

    Returns
    -------
    (GraphIndex, str, str)
        The partial index and the two IRIs: :func:`kg.paths.shortest_paths` with
        ``resolved=(IRI, IRI)`` on it gives what it gives on the whole dataset, or raises
        the same :class:`kg.paths.NoPathError`.

    Raises
    ------
    kg.analytics.UnknownEntityError
        A name matches no entity (the message lists close names).
    ValueError
        ``max_paths`` < 1 or ``max_hops`` < 1.
    kg.store.StoreError
        The store failed while it was read.
    """
    from kg.paths import ACTOR_CLASSES, NoPathError, shortest_paths

    if isinstance(store, MemoryStore):  # in memory already: index it whole
        idx = read_graph(store.dataset())
        return idx, resolve_entity(idx, source, prefer=ACTOR_CLASSES), resolve_entity(idx, target, prefer=ACTOR_CLASSES)
    counts = meanwhile(lambda: store_headline_counts(store), store)
    r = StoreReader(store)
    ends = (resolve_in_store(store, source, prefer=ACTOR_CLASSES, reader=r),
            resolve_in_store(store, target, prefer=ACTOR_CLASSES, reader=r))
    r.relations(None)
    r.describe(ends)
    try:  # the chains, on the relations alone: which statements to read
        found = shortest_paths(r.index(), source, target, max_paths, max_hops, resolved=ends)
    except NoPathError:  # (raised again, the same, on the index returned)
        found = []
    triples = {(k.subject, k.predicate, k.object) for path in found for hop in path.hops for k in hop.links}
    for st, rec in r.statement_records({t[0] for t in triples}, offsets=True).items():
        if rec.truthy and (rec.subject, rec.predicate, rec.object) in triples:
            r.records[st] = rec
    entities, articles = _record_refs(r.records.values())
    r.describe(entities | {URIRef(x) for t in triples for x in (t[0], t[2])})
    r.articles(articles)
    return r.index(counts()), ends[0], ends[1]


def _view_index(r: StoreReader, keep: set[str], relations: list[tuple],
                counts: Callable[[], HeadlineCounts]) -> GraphIndex:
    """The index of a view of the entities ``keep`` (IRIs as text) of which ``r`` has read
    the ``relations`` (its quads): their statements as records, the descriptions of the
    entities they name and of the countries the map places actors in, their articles, and
    the store's headline counts (``counts()``: read meanwhile, :func:`kg.store_base.meanwhile`)."""
    shown = set(map(URIRef, keep))
    described = meanwhile(lambda: StoreReader(r.store).describe(shown), r.store)
    # the statements with a shown subject, and those with a shown object that draw no edge,
    # read as records: kept when both ends are shown or the mode draws no edge (what the
    # explorer attaches to an edge or lists with its entities)
    for st, rec in r.statement_records(keep).items():
        if (rec.subject in keep and rec.object in keep) or (
                rec.mode not in _EDGE_MODES and (rec.subject in keep or rec.object in keep)):
            r.records[st] = rec
    entities, articles = _record_refs(r.records.values())
    r.absorb(described())
    r.describe(entities | shown)
    # the countries the map places actors in: nz:country, KB facts and article relations
    home = {str(NZ[p]) for p in ("locatedIn", "leaderOf", "officialOf")}
    homes = r.countries | {o for s, p, o, g in relations if str(p) in home and str(s) in keep}
    r.describe(homes)
    articles |= {g for s, p, o, g in _article_edges(relations) if s in keep and o in keep}  # (text: no URIRef per row)
    r.articles(articles)
    return r.index(counts())
