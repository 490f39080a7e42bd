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
  level by level: incident relations of each level), the statements between the entities
  shown and the untruthy ones that touch them, the knowledge-base facts among them, the
  descriptions (with the countries the map places actors in) and the articles;
- the headline counts of the whole store (:func:`store_headline_counts`): counts over one
  predicate each, never a load (kept as :attr:`kg.analytics.GraphIndex.headline`).

The partial index holds no character offsets of statements (no view shows them). What it
costs is what the view shows (a region's statements, a neighbourhood: about 10 microseconds
of CPU per quad read through pyoxigraph), plus one scan of the labels (name resolution, 0.2
CPU-s on 28,000 articles) and the counts (0.13 CPU-s there). Each query has one ``VALUES``
block, other constraints as filters (two blocks make Oxigraph join their product with a
scan of the store).
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

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from kg.analytics_graph import (
    _ALEF, _DATE_PUBLISHED, _HARAKAT, _HEADLINE, _LATITUDE, _LONGITUDE, _NEWS_ARTICLE,
    CLASS_PRIORITY, PLACE_CLASSES, GraphIndex, HeadlineCounts, UnknownEntityError, best_named,
    index_from_quads, read_graph, resolve_entity, unknown_entity,
)
from kg.analytics_influence import FOLD_PREDICATES, fold_links
from kg.namespaces import ENTITIES_GRAPH, KB_GRAPH, NZ, entity_iri
from kg.store import MemoryStore, with_prefixes
from ontology import vocab

__all__ = ["CHUNK", "StoreReader", "ego_index", "focus_in_store", "region_index",
           "resolve_in_store", "store_headline_counts"]

#: IRIs per ``VALUES`` block (a query of 300 IRIs stays far below the guard's 200,000
#: characters and 10,000 tokens).
CHUNK = 300
_NZ = str(NZ)
#: Predicates of an entity description (what :func:`kg.analytics.index_from_quads` reads of
#: an entity).
_DESCRIPTION = (RDF.type, SKOS.prefLabel, RDFS.label, SKOS.altLabel, OWL.sameAs, NZ.country,
                *sorted(_LATITUDE), *sorted(_LONGITUDE))
_ARTICLE = (DCTERMS.source, *sorted(_HEADLINE), *sorted(_DATE_PUBLISHED))
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
_EDGE_MODES = tuple(sorted(m for m in vocab.TRUTHY_MODES if m != "intended"))
_NOT_DATA = (str(KB_GRAPH), str(ENTITIES_GRAPH))


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


#: The predicates of a statement node no view shows (its types: one is added back).
_STATEMENT_SKIP = _in((RDF.type, NZ.charStart, NZ.charEnd))


def _safe_iri(text: str) -> bool:
    """Whether ``text`` can stand between ``<`` and ``>`` in a query (RFC 3987: no space,
    control or ``<>"{}|^`\\``)."""
    return bool(text) and not re.search(r'[\x00-\x20<>"{}|^`\\]', text)


class StoreReader:
    """Collects the quads of a partial view of a store, query by query.

    Parameters
    ----------
    store : kg.store.Store
        Any backend (its ``query`` runs over the union of the named graphs).

    Attributes
    ----------
    quads : list of (s, p, o, graph name)
        rdflib terms, graph name ``""`` for the description and article quads (read from
        the union of the graphs: where they are stated does not matter to the index).
    queries, rows : int
        Queries run and rows they returned (for benchmarks).
    """

    def __init__(self, store: Any) -> None:
        self.store = store
        self.quads: list[tuple[Any, Any, Any, str]] = []
        self.queries = 0
        self.rows = 0
        self._described: set[str] = set()
        self._articles: set[str] = set()
        self._types: dict[str, set[str]] = defaultdict(set)
        #: The ``nz:country`` values of the entities described (actor groups' countries).
        self.countries: set[URIRef] = set()

    def select(self, sparql: str) -> list[tuple]:
        """Rows of one SELECT query (the project's prefixes predeclared)."""
        res = self.store.query(with_prefixes(sparql))
        self.queries += 1
        self.rows += len(res.rows)
        return res.rows

    def chunked(self, iris: Iterable[Any], make: Callable[[str], str]) -> Iterator[tuple]:
        """Rows of ``make(values)`` for the IRIs in chunks of :data:`CHUNK`; ``values`` is
        the space-separated ``<iri>`` list to put in a ``VALUES`` block."""
        todo = sorted({str(i) for i in iris if isinstance(i, URIRef) and _safe_iri(str(i))})
        for k in range(0, len(todo), CHUNK):
            yield from self.select(make(_refs(todo[k:k + CHUNK])))

    # -- what the index reads
    def describe(self, iris: Iterable[Any]) -> None:
        """Add the description quads (types, labels, sameAs, point, ``nz:country``) of the
        entities not described yet."""
        new = {str(i) for i in iris if isinstance(i, URIRef)} - self._described
        self._described |= new
        preds = _in(_DESCRIPTION)
        kind, country = str(RDF.type), str(NZ.country)
        for s, p, o in self.chunked(map(URIRef, new), lambda v: (
                f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {v} }} ?s ?p ?o FILTER(?p IN ({preds})) }}")):
            self.quads.append((s, p, o, ""))
            if str(p) == kind and str(o).startswith(_NZ):
                self._types[str(s)].add(str(o)[len(_NZ):])
            elif str(p) == country and isinstance(o, URIRef):
                self.countries.add(o)

    def cls(self, iri: str) -> str:
        """The class of a described entity, as :class:`kg.analytics.EntityInfo` gives it."""
        classes = self._types.get(str(iri), set()) - {"Statement"}
        if not classes:
            return ""
        return next((c for c in CLASS_PRIORITY if c in classes), min(classes))

    def relations(self, iris: Iterable[Any], incoming: bool = False,
                  predicates: Iterable[str] | None = None) -> list[tuple]:
        """Relation triples (``nz:`` predicates of the contract) with a subject (``incoming``:
        an object) among ``iris``, in any named graph, as quads ``(s, p, o, graph)``; added
        to :attr:`quads` and returned."""
        preds = _in(NZ[p] for p in predicates) if predicates is not None else _in(_RELATIONS)
        end = "?o" if incoming else "?s"
        out = []
        for s, p, o, g in self.chunked(iris, lambda v: (
                f"SELECT ?s ?p ?o ?g WHERE {{ VALUES {end} {{ {v} }} "
                f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?p IN ({preds})) }}")):
            out.append((s, p, o, str(g)))
        self.quads.extend(out)
        return out

    def statements(self, iris: Iterable[Any], read: dict | None = None) -> list[tuple]:
        """The quads of the given statement nodes that a view shows (added to
        :attr:`quads`, returned): all but their types (one ``rdf:type nz:Statement`` quad is
        added per statement, in its graph) and their character offsets (``nz:charStart``,
        ``nz:charEnd``: no view shows them; three quads of thirteen).

        ``read`` maps statements already read (:meth:`statement_rows`) to their rows: these
        are not read again.
        """
        read, iris = read or {}, list(iris)
        out = [row for st in iris if st in read for row in read[st]]
        out += self.chunked((st for st in iris if st not in read), lambda v: (
            f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {v} }} GRAPH ?g {{ ?s ?p ?o }} "
            f"FILTER(?p NOT IN ({_STATEMENT_SKIP})) }}"))
        out = [(s, p, o, str(g)) for s, p, o, g in out]
        graph = {s: g for s, p, o, g in out}
        out += [(s, RDF.type, NZ.Statement, g) for s, g in graph.items()]
        self.quads.extend(out)
        return out

    def statement_rows(self, iris: Iterable[Any]) -> dict:
        """The statements whose ``rdf:subject`` is one of ``iris``, each with its rows
        ``(s, p, o, graph)`` as :meth:`statements` reads them (pass them to it as ``read``);
        nothing is added to :attr:`quads`. One query for the statements and their quads."""
        found: dict = {}
        subject, once, twice = str(RDF.subject), set(), set()
        for row in self.chunked(iris, lambda v: (
                f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?x {{ {v} }} ?s rdf:subject ?x . "
                f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?p NOT IN ({_STATEMENT_SKIP})) }}")):
            st = row[0]
            rows = found.get(st)
            if rows is None:
                found[st] = rows = []
            rows.append(row)
            if str(row[1]) == subject:
                (twice if st in once else once).add(st)
        # a statement with several subjects comes once per subject among ``iris``: its
        # rows once (rdflib's hash of a literal is Python code: only for these)
        for st in twice:
            found[st] = list(dict.fromkeys(found[st]))
        return found

    def articles(self, iris: Iterable[Any]) -> None:
        """Add the quads of the articles not read yet: type, source, headline, date."""
        new = {str(i) for i in iris if isinstance(i, URIRef)} - self._articles
        self._articles |= new
        preds, types = _in(_ARTICLE), _in(sorted(_NEWS_ARTICLE))
        for s, p, o in self.chunked(map(URIRef, new), lambda v: (
                f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {v} }} ?s ?p ?o "
                f"FILTER(?p IN ({preds}) || (?p = rdf:type && ?o IN ({types}))) }}")):
            self.quads.append((s, p, o, ""))

    def index(self, headline: HeadlineCounts | None = None) -> GraphIndex:
        """The :class:`kg.analytics.GraphIndex` of the quads read so far."""
        return index_from_quads(self.quads, headline=headline)


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
def _preimages() -> tuple[dict[str, str], str, str]:
    """What each character of a normalised name may have been in a label: (normalised
    character -> the BMP characters that normalise to it, the characters normalisation
    removes, the characters it turns into a space), following :func:`kg.analytics._norm_name`
    (NFKC, casefold, no diacritics, one alef/yaa/taa-marbuta). About 0.07 CPU-s, once."""
    pre: dict[str, list[str]] = defaultdict(list)
    gone, space = [], []
    chars = [chr(cp) for cp in range(1, 0x10000) if not 0xD800 <= cp <= 0xDFFF]
    # each character's normal form, the diacritics removed and the alef forms unified in one
    # pass over them all, NUL-separated (_HARAKAT and _ALEF act on single characters; NUL
    # is its own normal form, kept apart)
    joined = "\0".join(unicodedata.normalize("NFKC", ch).casefold() for ch in chars)
    norms = ["\0"] + _HARAKAT.sub("", joined).translate(_ALEF).split("\0")
    for ch, n in zip(["\0"] + chars, norms, strict=True):
        if len(n) == 1:
            if n.isspace() or "\u200c" <= n <= "\u200f":  # (= the regex [\s\u200c-\u200f])
                space.append(ch)
            else:
                pre[n].append(ch)
        elif not n:
            gone.append(ch)
    return {k: "".join(v) for k, v in pre.items()}, "".join(gone), "".join(space)


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

    pre, gone, space = _preimages()
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

    return f"^{junk}*(?:{piece('the ')})?{piece(_norm_name(name))}{junk}*$"


def _label_candidates(reader: StoreReader, name: str) -> set[str]:
    """IRIs of the entities with a label (``skos:prefLabel``, ``rdfs:label``,
    ``skos:altLabel``) that :func:`label_regex` matches: one scan of the labels."""
    rx = _lit(label_regex(name))
    rows = reader.select(
        "SELECT DISTINCT ?e WHERE { ?e skos:prefLabel|rdfs:label|skos:altLabel ?l "
        f"FILTER(isIRI(?e) && REGEX(STR(?l), {rx})) }}")
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
    idx = r.index(store_headline_counts(store))
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


def ego_index(store: Any, focus: str, hops: int = 2) -> tuple[GraphIndex, str]:
    """What the explorer's ego view of an entity needs, read from a store.

    Parameters
    ----------
    store : kg.store.Store
    focus : str
        Name, id or IRI of the entity (:func:`focus_in_store`).
    hops : int
        Radius in article relations (any direction), >= 0.

    Returns
    -------
    (GraphIndex, str)
        The partial index (with the store's headline counts) and the focus IRI:
        :func:`visualizations.explorer.explorer_data` with ``focus=IRI, hops=hops`` on it
        gives the model it gives on the whole dataset.

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
    r = StoreReader(store)
    iri = focus_in_store(store, focus, reader=r)
    keep, frontier, relations = {iri}, {iri}, []
    for level in range(hops + 1):
        rows = r.relations(map(URIRef, frontier))
        if level < hops or level == 0:  # (the focus needs an article relation, either way)
            rows += r.relations(map(URIRef, frontier), incoming=True)
        relations += rows
        if level == hops:
            break
        nxt = {str(x) for s, p, o, g in rows if g and g not in _NOT_DATA for x in (s, o)}
        frontier = nxt - keep
        keep |= frontier
    shown = set(map(URIRef, keep))
    edge_modes = ", ".join(_lit(m) for m in _EDGE_MODES)
    # the statements about a shown entity, read with their quads (one scan of each): kept
    # when the object is shown too or the mode draws no edge
    about = r.statement_rows(shown)
    sts = set()
    obj, mode = str(RDF.object), str(NZ.mode)
    for st, rows in about.items():
        objects = [o for s, p, o, g in rows if str(p) == obj]
        modes = [str(o) for s, p, o, g in rows if str(p) == mode]
        if objects and (not modes or any(o in shown for o in objects)
                        or any(m not in _EDGE_MODES for m in modes)):
            sts.add(st)
    for (st,) in r.chunked(shown, lambda v: (
            f"SELECT DISTINCT ?st WHERE {{ VALUES ?x {{ {v} }} ?st rdf:object ?x . "
            f"OPTIONAL {{ ?st nz:mode ?m }} FILTER(!BOUND(?m) || STR(?m) NOT IN ({edge_modes})) }}")):
        sts.add(st)
    quads = r.statements(sts, read=about)
    entities, articles = _statement_refs(quads)
    r.describe(entities | shown)
    # the countries the map places actors in: nz:country, KB facts and article relations
    home = {str(NZ[p]) for p in ("locatedIn", "leaderOf", "officialOf")}
    homes = r.countries | {o for s, p, o, g in relations if str(p) in home and str(s) in keep}
    r.describe(homes)
    articles |= {URIRef(g) for s, p, o, g in relations
                 if g not in _NOT_DATA and str(s) in keep and str(o) in keep}
    r.articles(articles)
    return r.index(store_headline_counts(store)), iri
