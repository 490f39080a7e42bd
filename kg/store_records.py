"""The statement records of an embedded store: one JSON literal per statement, written with
its article (issue 12: views in bounded time on a month of news).

A view reads a statement's fifteen properties (subject, predicate, object, mode,
confidence, evidence, dates...) from an Oxigraph store by one lookup or scan each: for the
17,000 statements of the 300 entities of the overview of 28,000 SaudiNewsNet articles,
1.65 of the view's 4.2 CPU-s. :class:`kg.store_ingest.StoreIngest` therefore writes, in the
same transaction as each article graph, into the graph ``RECORDS_GRAPH``
(``https://w3id.org/nufuz/graph/records``) one quad per statement::

    <statement> nz:statementRecord "[subject, predicate, ..., typed, source, headline, date]"

a JSON array of the :class:`kg.analytics.StatementRecord` fields (as
:func:`kg.analytics.index_from_quads` reads them from the article graph: the one reader of
statements) followed by its article's type flag, source, headline and date; a view reads it
with one lookup (:func:`records_query`). A replaced or removed article's records go with
it (the records of its stored statements are removed in the same transaction).

Beside them, one quad per name of each entity (its ``skos:prefLabel``, ``skos:altLabel``
and ``rdfs:label`` values in the entities and KB graphs) gives the name's comparison key::

    <entity> nz:nameKey "normalised name"

(:func:`kg.analytics._norm_name`, the key names given to the views are compared by), so
that a view finds the entities a name stands for with one lookup
(:func:`name_query`) instead of a scan of every label (71,711 in a store of 28,000
articles). :class:`kg.store_ingest.StoreIngest` keeps them in step with the names, in the
same transaction (:func:`name_key_changes`).

The graph states its format (``<records graph> nz:recordFormat "2 iri subject ..."``: the
version and the field names) only while every statement of the store has its record and
every name its key: the
first batch written into a store with no statement states it; a store that holds
statements without records (built before the records existed) gets them all from
:func:`write_records` (``nufuz build --store`` runs it first, once; an ingest alone writes
none there: :func:`records_plan`); a bulk import, which bypasses the records, drops the
graph (:meth:`kg.store.OxigraphStore.import_file`; ``nufuz load`` then writes them all);
a graph with leftovers and no format, or an older format, is made anew. Readers use the
records only when the format stated is theirs (:func:`has_records`); otherwise they read
each statement property by property, as from a SPARQL endpoint.

Only a store that says so keeps records (``keeps_records``: the embedded
:class:`kg.store.OxigraphStore`); the graph is hidden from its ``graph_names``, ``quads``,
``dataset`` and ``dump`` (not data of its own), visible to SPARQL queries.
"""
from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable, Iterable
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from kg.analytics_graph import _HEADLINE, _NEWS_ARTICLE, EDGE_MODES, StatementRecord, _norm_name, index_from_quads
from kg.namespaces import DESCRIPTION_GRAPHS, ENTITIES_GRAPH, KB_GRAPH, NZ, RDF, RECORDS_GRAPH, XSD
from ontology import vocab

__all__ = ["FIELDS", "NAME_PREDICATES", "RECORD_FORMAT", "InexactRecords", "article_records", "format_marker",
           "has_records", "name_key_changes", "name_keys", "name_query", "parse_record", "records_plan",
           "records_query", "stored_records", "write_records"]

#: The :class:`kg.analytics.StatementRecord` fields, in the order of a record's array.
FIELDS = tuple(f.name for f in dataclasses.fields(StatementRecord))
#: The article fields that follow them: 1 when typed ``schema:NewsArticle`` (else null),
#: source, headline, date published (null when absent).
ARTICLE_FIELDS = ("typed", "source", "headline", "date_published")
#: The version of the records graph (2: records and name keys), and the field names of its
#: records' JSON: what ``nz:recordFormat`` states.
RECORD_FORMAT = "2 " + " ".join(FIELDS + ARTICLE_FIELDS)
#: The predicates whose values are an entity's names (those a view looks a name up in).
NAME_PREDICATES = (SKOS.prefLabel, SKOS.altLabel, RDFS.label)

_RECORD = NZ.statementRecord
_NAME_KEY = NZ.nameKey
_FORMAT = NZ.recordFormat
_MODE = NZ.mode
_N = len(FIELDS)
_START = FIELDS.index("char_start")


def format_marker() -> tuple[URIRef, URIRef, Literal]:
    """The triple (in ``RECORDS_GRAPH``) that says every statement has its record."""
    return (RECORDS_GRAPH, _FORMAT, Literal(RECORD_FORMAT))


def _stated_formats(store: Any) -> list[str]:
    rows = store.query(f"SELECT ?f WHERE {{ GRAPH <{RECORDS_GRAPH}> {{ <{RECORDS_GRAPH}> <{_FORMAT}> ?f }} }}").rows
    return [str(r[0]) for r in rows if r and r[0] is not None]


def has_records(store: Any) -> bool:
    """Whether every statement of ``store`` has its record in this version's format (the
    graph states :data:`RECORD_FORMAT` and no other).

    Raises
    ------
    kg.store.StoreError
        The store failed.
    """
    if not getattr(store, "keeps_records", False):
        return False
    return _stated_formats(store) == [RECORD_FORMAT]


def records_plan(store: Any) -> tuple[bool, bool]:
    """Whether an ingest starting now should write records into ``store``, and whether it
    should first drop the records graph.

    Records are written when the store keeps them (``keeps_records``) and either states
    this version's format already or holds no statement yet. The records graph is dropped
    (made anew by the first batch) when it holds anything but states no format, or a
    format not this version's alone: records of statements removed since the format was
    dropped (an import, an older version) would otherwise come back.

    Raises
    ------
    kg.store.StoreError
        The store failed.
    """
    if not getattr(store, "keeps_records", False):
        return False, False
    if _stated_formats(store) == [RECORD_FORMAT]:
        return True, False
    empty = not store.query(f"SELECT ?s WHERE {{ ?s a <{NZ.Statement}> }} LIMIT 1").rows
    leftovers = bool(store.query(f"SELECT ?s WHERE {{ GRAPH <{RECORDS_GRAPH}> {{ ?s ?p ?o }} }} LIMIT 1").rows)
    return empty, leftovers


class InexactRecords(ValueError):
    """A statement whose records the views could not read as they read its properties:
    its mode is missing, stated twice, or not one plain value of :data:`ontology.vocab.MODES`
    (:func:`records_query` finds the statements that draw no edge by those values)."""


def _check_modes(triples: list[tuple], statements: set) -> None:
    modes: dict[Any, list] = {}
    for s, p, o in triples:
        if p == _MODE and s in statements:
            modes.setdefault(s, []).append(o)
    for st in statements:
        found = modes.get(st, [])
        if len(found) != 1 or not isinstance(found[0], Literal) or found[0].language \
                or found[0].datatype not in (None, XSD.string) or str(found[0]) not in vocab.MODES:
            raise InexactRecords(f"statement {st}: mode {[str(m) for m in found]} is not one of "
                                 f"{', '.join(vocab.MODES)}, stated once as a plain literal")


def article_records(doc: str, triples: Iterable[tuple]) -> list[tuple]:
    """The record triples of the statements of one article graph.

    Parameters
    ----------
    doc : str
        The graph's name (the article IRI).
    triples : iterable of (s, p, o)
        The graph's rdflib triples (an rdflib ``Graph`` or a :class:`kg.rdf.TripleSet`).

    Returns
    -------
    list of (statement URIRef, nz:statementRecord, Literal)
        One per statement node (typed ``nz:Statement``) of the graph: its record as
        :func:`kg.analytics.index_from_quads` reads it from these triples (the graph its
        ``graph``), then its article's fields (:data:`ARTICLE_FIELDS`) as the same reader
        makes them: ``typed`` 1 when the reader takes the node for an article (typed
        ``schema:NewsArticle`` or with a headline), else every field null.

    Raises
    ------
    InexactRecords
        A statement's mode is not one plain value of :data:`ontology.vocab.MODES` (``nufuz
        build`` writes no such statement).

    Notes
    -----
    The values are the lexical forms of the triples given; Oxigraph gives some typed values
    in their canonical form (an ``xsd:dateTime`` with ``+00:00`` as ``Z``) and language
    tags in lower case, so a store's records equal its statements read property by property
    for the forms ``nufuz build`` writes (dates as ``xsd:date``, ``xsd:gYear``...; tags
    ``ar``, ``en``).
    """
    triples = list(triples)
    _check_modes(triples, {s for s, p, o in triples if p == RDF.type and o == NZ.Statement})
    idx = index_from_quads((s, p, o, doc) for s, p, o in triples)
    # the nodes the reader takes for articles (it makes a bare ArticleInfo for the others)
    articles = {str(s) for s, p, o in triples if (p == RDF.type and o in _NEWS_ARTICLE) or p in _HEADLINE}
    out = []
    for rec in idx.statements:
        art = idx.articles.get(rec.article)
        extra = [1, art.source or None, art.headline or None, art.date_published or None] \
            if art is not None and rec.article in articles else [None] * len(ARTICLE_FIELDS)
        row = [getattr(rec, f) for f in FIELDS] + extra
        out.append((URIRef(rec.iri), _RECORD, Literal(json.dumps(row, ensure_ascii=False, separators=(",", ":")))))
    return out


def parse_record(text: str, offsets: bool = True) -> tuple[StatementRecord, tuple]:
    """A record's JSON text as ``(StatementRecord, (article, typed, source, headline,
    date))``, the article tuple in the row shape of
    :meth:`kg.analytics_store.StoreReader._article_quads` (``typed`` 1 or None; a field
    None when absent). ``offsets`` False: the character offsets are left None.

    Raises
    ------
    ValueError
        Not a record of this format.
    """
    row = json.loads(text)
    if not isinstance(row, list) or len(row) != _N + len(ARTICLE_FIELDS):
        raise ValueError(f"not a statement record of format {RECORD_FORMAT.split()[0]}: {text[:80]!r}")
    if not offsets:
        row[_START] = row[_START + 1] = None
    # the frozen dataclass's __init__ sets each field through object.__setattr__ (about
    # 10 microseconds a record, as much as the JSON): its fields are set at once instead
    rec = object.__new__(StatementRecord)
    rec.__dict__.update(zip(FIELDS, row))
    return rec, (rec.article, *row[_N:])


def name_keys(triples: Iterable[tuple]) -> set[tuple]:
    """The name-key triples of some description triples: ``(entity, nz:nameKey,
    Literal(key))`` for each name (a literal value of :data:`NAME_PREDICATES` of an IRI),
    ``key`` its :func:`kg.analytics._norm_name` (none for a name whose key is empty)."""
    return _triples(_keys(triples))


@functools.lru_cache(maxsize=65536)
def _key(name: str) -> str:
    return _norm_name(name)


def _keys(triples: Iterable[tuple]) -> set[tuple]:
    """:func:`name_keys` as ``(entity, key text)`` pairs (a batch compares them; a
    Literal is made only for those written or removed)."""
    out = set()
    for s, p, o in triples:
        if p in NAME_PREDICATES and isinstance(s, URIRef) and isinstance(o, Literal):
            key = _key(str(o))
            if key:
                out.add((s, key))
    return out


def _triples(keys: Iterable[tuple]) -> set[tuple]:
    return {(s, _NAME_KEY, Literal(k)) for s, k in keys}


def name_query(name: str) -> str | None:
    """The SELECT (one column, ``?e``) of the entities with a name whose key is ``name``'s
    (:func:`kg.analytics._norm_name`); None when that key is empty."""
    key = _key(name)
    if not key:
        return None
    return f"SELECT ?e WHERE {{ GRAPH <{RECORDS_GRAPH}> {{ ?e <{_NAME_KEY}> {Literal(key).n3()} }} }}"


def _stored_names(store: Any, subjects: list | None, graphs: Iterable[str]) -> list[tuple]:
    """The name triples of ``subjects`` (None: of every entity) in some graphs, and their
    stored keys when ``RECORDS_GRAPH`` is among the graphs (as ``(s, nz:nameKey, key)``:
    the keys are looked up there only, the names elsewhere)."""
    out: list[tuple] = []
    todo = [None] if subjects is None else [subjects[k:k + 500] for k in range(0, len(subjects), 500)]
    for part in todo:
        head = "" if part is None else "VALUES ?s { " + " ".join(f"<{x}>" for x in part) + " } "
        for g in graphs:
            # a pattern per predicate (a lookup of subject and predicate each; a VALUES of
            # the predicates beside the subjects' makes Oxigraph scan the graph: 2.1 CPU-s
            # instead of 0.025 for 500 entities of the 28k store)
            preds = (_NAME_KEY,) if g == str(RECORDS_GRAPH) else NAME_PREDICATES
            union = " UNION ".join(f"{{ GRAPH <{g}> {{ ?s <{p}> ?o }} BIND(<{p}> AS ?p) }}" for p in preds)
            rows = store.query(f"SELECT ?s ?p ?o WHERE {{ {head}{union} FILTER(isIRI(?s) && isLiteral(?o)) }}").rows
            out += [tuple(r) for r in rows]
    return out


def name_key_changes(store: Any, entity_names: Callable[[Any], list | None], touched: set,
                     new_kb: Iterable[tuple], anew: bool) -> tuple[list, list]:
    """What a batch of :class:`kg.store_ingest.StoreIngest` adds to and removes from the
    stored name keys.

    Parameters
    ----------
    store : kg.store.Store
        Before the batch is written.
    entity_names : callable
        Entity IRI -> its name triples in the entities graph as the batch leaves it, or None
        when the batch does not change that entity's description (its stored names stand).
    touched : set
        The entities whose names the batch adds or removes (entities or KB graph).
    new_kb : iterable of (s, p, o)
        The triples the batch adds to the KB graph.
    anew : bool
        The records graph is made anew by the batch: the keys of every entity are written
        (from the names stored, the touched entities' as the batch leaves them), none
        removed.

    Returns
    -------
    (list, list)
        The key triples to add, and those to remove (in ``RECORDS_GRAPH``).

    Raises
    ------
    kg.store.StoreError
        The store failed.
    """
    entities, kb = str(ENTITIES_GRAPH), str(KB_GRAPH)
    touched_l = sorted(touched, key=str)
    names = {s: entity_names(s) for s in touched_l}
    after = _keys(t for t in new_kb if t[0] in touched)
    for found in names.values():
        after |= _keys(found or ())
    if anew:
        stored = _stored_names(store, None, DESCRIPTION_GRAPHS)
        # the untouched entities' names, and the touched ones' stored in the KB graph or,
        # when the batch leaves their description as it is, in the entities graph
        kept = [t for t in stored if t[0] not in touched or names[t[0]] is None]
        kept += _stored_names(store, [s for s in touched_l if names[s] is not None], [kb]) if touched_l else []
        return _sorted(after | _keys(kept)), []
    if not touched_l:
        return [], []
    rows = _stored_names(store, touched_l, [kb, str(RECORDS_GRAPH)])
    unchanged = [s for s in touched_l if names[s] is None]
    rows += _stored_names(store, unchanged, [entities]) if unchanged else []
    old = {(s, str(k)) for s, p, k in rows if p == _NAME_KEY}
    after |= _keys(t for t in rows if t[1] != _NAME_KEY)
    return _sorted(after - old), _sorted(old - after)


def _sorted(keys: set[tuple]) -> list[tuple]:
    return sorted(_triples(keys), key=lambda t: (str(t[0]), str(t[2])))


#: The modes of :data:`ontology.vocab.MODES` that draw no edge
#: (:data:`kg.analytics.EDGE_MODES`), as SPARQL literals.
_UNLINKED_MODES = " ".join(f'"{m}"' for m in vocab.MODES if m not in EDGE_MODES)


def records_query(values: str | None) -> str:
    """The SELECT of the records of the statements with one of ``values`` (a ``VALUES``
    list of entity IRIs) as ``rdf:subject``, and of those with one of them as ``rdf:object``
    and a mode that draws no edge; None: every record. One column, ``?r``: a statement
    matched at both ends comes twice.

    The second part is found from the statements with such a mode (a lookup of each mode
    value, then of each one's object: a few per cent of the statements), not from the
    statements with the entity as object (a hub is the object of thousands), so it reads
    the modes of :data:`ontology.vocab.MODES` only, as ``nufuz build`` writes them (a
    store that keeps records was written by it); property by property, the views also read
    a statement with any other mode or none.
    """
    graph = f"GRAPH <{RECORDS_GRAPH}> {{ ?s <{_RECORD}> ?r }}"
    if values is None:
        return f"SELECT ?r WHERE {{ {graph} }}"
    return (f"SELECT ?r WHERE {{ {{ VALUES ?x {{ {values} }} ?s <{RDF.subject}> ?x }} UNION "
            f"{{ {{ SELECT ?s ?x WHERE {{ VALUES ?m {{ {_UNLINKED_MODES} }} ?s <{NZ.mode}> ?m . ?s <{RDF.object}> ?x }} }} "
            f"VALUES ?x {{ {values} }} }} {graph} }}")


def stored_records(store: Any, docs: list[str]) -> list[tuple]:
    """The record triples the store holds for the statements of the stored article graphs
    ``docs`` (what replacing or removing them takes out), as rdflib triples.

    Raises
    ------
    kg.store.StoreError
        The store failed.
    """
    if not docs:
        return []
    out = []
    for k in range(0, len(docs), 200):
        values = " ".join(f"<{d}>" for d in docs[k:k + 200])
        rows = store.query(f"SELECT ?s ?r WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s a <{NZ.Statement}> }} "
                           f"GRAPH <{RECORDS_GRAPH}> {{ ?s <{_RECORD}> ?r }} }}").rows
        out += [(s, _RECORD, r) for s, r in rows]
    return out


def write_records(store: Any, batch: int = 1000, progress: Callable[[int, int], None] | None = None) -> int:
    """Write the record of every statement of a store anew, and the key of every name
    (after a bulk load, which bypasses them: ``nufuz load``), then state the format.

    Parameters
    ----------
    store : kg.store.Store
        A store that keeps records (``keeps_records``).
    batch : int
        Article graphs read and written per transaction.
    progress : callable, optional
        Called with (graphs done, graphs) after each batch.

    Returns
    -------
    int
        The records written (the name keys not counted).

    Raises
    ------
    ValueError
        The store keeps no records.
    InexactRecords
        A statement's mode is not one plain value of :data:`ontology.vocab.MODES`: the
        records graph is dropped and the format not stated (views read property by property).
    kg.store.StoreError
        The store failed: the format is not stated then (views read the statements property
        by property), and running it again writes them all.
    """
    from kg.store_base import Additions

    if not getattr(store, "keeps_records", False):
        raise ValueError(f"{getattr(store, 'name', store)}: this store keeps no statement records")
    store.replace_graphs({str(RECORDS_GRAPH): Graph()})  # the records and the format, if any
    names = [g for g in store.graph_names() if g not in DESCRIPTION_GRAPHS]
    written = 0
    for k in range(0, len(names), batch):
        part = names[k:k + batch]
        try:
            triples = [t for g in part for t in article_records(g, [q[:3] for q in store.quads(g)])]
        except InexactRecords:
            store.replace_graphs({str(RECORDS_GRAPH): Graph()})
            raise
        if triples:
            store.replace_graphs({str(RECORDS_GRAPH): Additions(triples)})
        written += len(triples)
        if progress is not None:
            progress(k + len(part), len(names))
    keys = _sorted(_keys(_stored_names(store, None, DESCRIPTION_GRAPHS)))
    for k in range(0, len(keys), 50_000):
        store.replace_graphs({str(RECORDS_GRAPH): Additions(keys[k:k + 50_000])})
    store.replace_graphs({str(RECORDS_GRAPH): Additions([format_marker()])})
    return written
