"""Adding articles to a store and removing them (any backend of :mod:`kg.store`), with the
identity merge: one transaction (``replace_graphs``) per batch of articles, the KB graph
merged with only its new triples, the entities graph kept in step with the articles that
still name each entity (:class:`StoreIngest`, :func:`write_articles`,
:func:`remove_articles`).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from kg.namespaces import (
    DOC, ENTITIES_GRAPH, KB_GRAPH, NZ, RECORDS_GRAPH, SCHEMA, bind_prefixes, entity_id_of, safe_iri,
)
from kg.store_base import Additions, Store, read_graph
from kg.store_records import (
    NAME_PREDICATES, InexactRecords, article_records, format_marker, has_records, name_key_changes, records_plan,
    stored_records,
)

if TYPE_CHECKING:
    from kg.rdf import TripleSet


class ArticleIris(Sequence):
    """A list of graph IRIs (str) that keeps an article IRI
    (``https://w3id.org/nufuz/doc/<sha1>``, :func:`kg.namespaces.article_iri`) as the 20
    bytes of its sha1: a build's report of 28,000 articles takes 0.6 MB, not 3.5 (a str each).

    Supports ``append``, ``len``, iteration, indexing (an int) and ``in``; equal to any
    sequence of the same IRIs in the same order (a list, another :class:`ArticleIris`).

    Parameters
    ----------
    iris : iterable of str, optional
        The first IRIs.
    """

    _PREFIX = str(DOC)  # the article IRIs' (kg.namespaces.article_iri)
    _ARTICLE = re.compile(re.escape(_PREFIX) + "([0-9a-f]{40})")

    def __init__(self, iris: Iterable[str] = ()):
        self._sha1s = bytearray()  # 20 bytes per article IRI, in order
        self._order = bytearray()  # 1: the next article IRI; 0: the next of self._others
        self._others: list[str] = []
        for iri in iris:
            self.append(iri)

    def append(self, iri: str) -> None:
        """Add an IRI at the end."""
        m = self._ARTICLE.fullmatch(str(iri))
        if m:
            self._sha1s += bytes.fromhex(m.group(1))
            self._order.append(1)
        else:
            self._others.append(str(iri))
            self._order.append(0)

    def __len__(self) -> int:
        return len(self._order)

    def __iter__(self) -> Iterator[str]:
        prefix, sha1s, others = self._PREFIX, self._sha1s, iter(self._others)
        a = 0
        for kind in self._order:
            if kind:
                yield prefix + sha1s[a:a + 20].hex()
                a += 20
            else:
                yield next(others)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return list(self)[i]
        n = len(self._order)
        if not -n <= i < n:
            raise IndexError("ArticleIris index out of range")
        i %= n
        kind, before = self._order[i], self._order[:i].count(1)
        if kind:
            return self._PREFIX + self._sha1s[20 * before:20 * before + 20].hex()
        return self._others[i - before]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ArticleIris):
            return (self._order, self._sha1s, self._others) == (other._order, other._sha1s, other._others)
        if isinstance(other, Sequence) and not isinstance(other, (str, bytes)):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # mutable, as a list

    def __repr__(self) -> str:
        return f"ArticleIris({list(self)!r})"


@dataclass
class WriteReport:
    """What :func:`write_articles` (or :func:`remove_articles`) did.

    Attributes
    ----------
    written : ArticleIris
        IRIs of the article graphs written (in order): a sequence of str equal to their
        list, held as 20 bytes per article.
    replaced : ArticleIris
        Those among them that replaced an article already in the store.
    duplicates : dict[str, list[str]]
        Those among the replaced that the store held under other sources (the same text read
        from another path or URL): article IRI -> the new sources, now stored beside the old.
    kb_triples_added : int
        Triples the KB graph gained.
    removed : ArticleIris
        IRIs of the article graphs removed (:meth:`StoreIngest.remove`).
    entity_triples_added, entity_triples_removed : int
        Triples the entities graph gained and lost.
    records : bool or None
        Whether the statements written have their records (:mod:`kg.store_records`); False
        for a store that keeps records but held statements without them before (its views
        read statements property by property); None for a store that keeps none.
    """

    written: ArticleIris = field(default_factory=ArticleIris)
    replaced: ArticleIris = field(default_factory=ArticleIris)
    duplicates: dict[str, list[str]] = field(default_factory=dict)
    kb_triples_added: int = 0
    removed: ArticleIris = field(default_factory=ArticleIris)
    entity_triples_added: int = 0
    entity_triples_removed: int = 0
    records: bool | None = None


def _stored_sources(store: Store, doc: str) -> set:
    """The ``dcterms:source`` objects the store holds for an article (in its own graph)."""
    q = f"SELECT ?s WHERE {{ GRAPH <{doc}> {{ <{doc}> <{DCTERMS.source}> ?s }} }}"
    return {row[0] for row in store.query(q).rows if row and row[0] is not None}


def _kb_ids_in(triples: Iterable[tuple]) -> set[str]:
    """Ids of the entities a KB graph describes (the subjects of its ``rdf:type`` triples)."""
    return {i for i in (entity_id_of(s) for s, p, _ in triples if p == RDF.type) if i}


def _n3_key(terms: tuple) -> tuple:
    """Sort key of a tuple of rdflib terms (terms of different kinds do not compare)."""
    return tuple(t.n3() for t in terms)


#: Terms per ``VALUES`` block of the entities-graph queries of :class:`StoreIngest` (a
#: bigger batch is asked in several queries, each well under :data:`kg.guard.MAX_TOKENS`).
VALUES_CHUNK = 500


def _chunks(items: Iterable, key: Callable = lambda t: t.n3()) -> Iterator[list]:
    """``items`` sorted (by ``key``) in lists of at most :data:`VALUES_CHUNK`."""
    ordered = sorted(set(items), key=key)
    for i in range(0, len(ordered), VALUES_CHUNK):
        yield ordered[i:i + VALUES_CHUNK]


def _not_in(docs: Iterable[str]) -> str:
    """A FILTER keeping ``?g`` out of the given graphs and of the entities and KB graphs."""
    names = sorted({str(d) for d in docs} | {str(ENTITIES_GRAPH), str(KB_GRAPH)})
    return "FILTER(?g NOT IN (" + ", ".join(f"<{n}>" for n in names) + "))"


class Descriptions:
    """Entity-description triples indexed by subject and predicate: the part of the entities
    graph that a batch of :class:`StoreIngest` reads and changes.

    It has the parts of the :class:`rdflib.Graph` interface that
    :func:`kg.rdf.merge_entity_triples` uses (``add``, ``in`` of a whole triple,
    ``objects(subject, predicate)``), iteration, ``len`` and :meth:`remove`, at the cost of
    a few dictionary lookups each (an rdflib Graph keeps three indexes and its contexts).

    Parameters
    ----------
    triples : iterable of (s, p, o), optional
        rdflib terms.

    Examples
    --------
    >>> from rdflib import Literal
    >>> d = Descriptions([(URIRef("http://ex/a"), SKOS.prefLabel, Literal("x", lang="en"))])
    >>> (URIRef("http://ex/a"), SKOS.prefLabel, Literal("x", lang="en")) in d, len(d)
    (True, 1)
    >>> d.remove(URIRef("http://ex/a")), len(d)
    ([(rdflib.term.URIRef('http://ex/a'), rdflib.term.URIRef('http://www.w3.org/2004/02/skos/core#prefLabel'), rdflib.term.Literal('x', lang='en'))], 0)
    """

    __slots__ = ("_index",)

    def __init__(self, triples: Iterable[tuple] = ()):
        #: subject -> predicate -> {object: None} (insertion order kept)
        self._index: dict = {}
        for t in triples:
            self.add(t)

    def add(self, triple: tuple) -> None:
        """Add one ``(s, p, o)`` (kept once)."""
        s, p, o = triple
        by_p = self._index.get(s)
        if by_p is None:
            by_p = self._index[s] = {}
        objs = by_p.get(p)
        if objs is None:
            objs = by_p[p] = {}
        objs[o] = None

    def __contains__(self, triple: object) -> bool:
        s, p, o = triple  # type: ignore[misc]
        by_p = self._index.get(s)
        if by_p is None:
            return False
        objs = by_p.get(p)
        return objs is not None and o in objs

    def objects(self, subject: Any, predicate: Any) -> list:
        """The objects of ``subject`` under ``predicate``, in the order added."""
        by_p = self._index.get(subject)
        objs = by_p.get(predicate) if by_p is not None else None
        return list(objs) if objs else []

    def remove(self, subject: Any, predicate: Any = None, obj: Any = None) -> list[tuple]:
        """Remove the triples of ``subject`` (all of them; with ``predicate`` and ``obj``
        only that one triple); returns those removed, in the order added."""
        by_p = self._index.get(subject)
        if by_p is None:
            return []
        if predicate is None:
            del self._index[subject]
            return [(subject, p, o) for p, objs in by_p.items() for o in objs]
        objs = by_p.get(predicate)
        if objs is None or obj not in objs:
            return []
        del objs[obj]
        if not objs:
            del by_p[predicate]
            if not by_p:
                del self._index[subject]
        return [(subject, predicate, obj)]

    def __iter__(self) -> Iterator[tuple]:
        for s, by_p in self._index.items():
            for p, objs in by_p.items():
                for o in objs:
                    yield (s, p, o)

    def __len__(self) -> int:
        return sum(len(objs) for by_p in self._index.values() for objs in by_p.values())


def _stored_description(store: Store, entities: set) -> Descriptions:
    """The entities graph's triples about ``entities`` (IRIs), as a new :class:`Descriptions`."""
    g = Descriptions()
    for part in _chunks(entities):
        q = (f"SELECT ?e ?p ?o WHERE {{ VALUES ?e {{ {' '.join(e.n3() for e in part)} }} "
             f"GRAPH <{ENTITIES_GRAPH}> {{ ?e ?p ?o }} }}")
        for e, p, o in store.query(q).rows:
            g.add((e, p, o))
    return g


def _stored_graphs(store: Store, docs: Iterable[str]) -> set[str]:
    """The names among ``docs`` of the named graphs the store holds (with a triple at least):
    one query per :data:`VALUES_CHUNK` names."""
    found: set[str] = set()
    for part in _chunks((d for d in docs if safe_iri(d)), key=str):  # else not storable either
        values = " ".join(f"<{d}>" for d in part)
        q = f"SELECT ?g WHERE {{ VALUES ?g {{ {values} }} FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }}"
        found |= {str(g) for (g,) in store.query(q).rows}
    return found


def _stored_names(store: Store, docs: list[str]) -> tuple[set, set]:
    """``(names, mentioned)`` of the stored article graphs ``docs``: their ``nz:surfaceForm``
    pairs ``(entity, literal)`` and the entities they ``schema:mentions``."""
    names: set = set()
    mentioned: set = set()
    for part in _chunks(docs, key=str):
        values = " ".join(f"<{d}>" for d in part)
        names |= {(e, f) for e, f in store.query(
            f"SELECT ?e ?f WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?e <{NZ.surfaceForm}> ?f }} }}").rows}
        mentioned |= {e for (e,) in store.query(
            f"SELECT ?e WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?g <{SCHEMA.mentions}> ?e }} }}").rows}
    return names, mentioned


def _still_named(store: Store, names: set, docs: list[str]) -> set:
    """The ``(entity, literal)`` pairs of ``names`` that a stored article graph other than
    ``docs`` gives as ``nz:surfaceForm``."""
    found: set = set()
    for part in _chunks(names, key=_n3_key):
        values = " ".join(f"({e.n3()} {f.n3()})" for e, f in part)
        q = (f"SELECT DISTINCT ?e ?f WHERE {{ VALUES (?e ?f) {{ {values} }} "
             f"GRAPH ?g {{ ?e <{NZ.surfaceForm}> ?f }} {_not_in(docs)} }}")
        found |= {(e, f) for e, f in store.query(q).rows}
    return found


def _still_used(store: Store, entities: set, docs: list[str]) -> set:
    """The entities of ``entities`` that a stored article graph other than ``docs`` names
    (as the object of any triple: ``schema:mentions``, a statement's subject, object or
    qualifier)."""
    found: set = set()
    for part in _chunks(entities):
        q = (f"SELECT DISTINCT ?e WHERE {{ VALUES ?e {{ {' '.join(e.n3() for e in part)} }} "
             f"GRAPH ?g {{ ?x ?p ?e }} {_not_in(docs)} }}")
        found |= {e for (e,) in store.query(q).rows}
    return found


#: Entities whose stored description a :class:`StoreIngest` keeps between batches (the most
#: recently used): reading them for every batch cost 0.03-0.07 CPU-s a batch from a store of
#: 28,000 SaudiNewsNet articles (about 1,500 triples for 250-300 entities).
DESCRIPTIONS_KEPT = 5_000

#: Articles per transaction of ``nufuz build --store`` (:class:`StoreIngest`).
DEFAULT_BATCH = 64

#: Batches between two ``release_memory`` calls of a store that has it (Oxigraph: flushed,
#: closed and reopened, so that what RocksDB keeps of what the batches read and wrote is let
#: go, about 40 MB per 1,000 SaudiNewsNet articles; a reopening of a 900k-quad store costs
#: 0.03 CPU-s), or ``flush`` calls of one that has only that. The store is not flushed between
#: them: each flush writes RocksDB's memory buffers as new small files that its background
#: threads then merge (compaction). Measured on 4,000 SaudiNewsNet articles, ``--jobs 2``
#: (CPU of RocksDB's threads; the build's peak RSS in its main process): flushed after each
#: batch and reopened every 4: 5.1 CPU-s, 147 MB; reopened every 4 batches only: 2.3 CPU-s,
#: 163 MB; every 8 batches only: 1.3 CPU-s, 185 MB.
RELEASE_EVERY = 8


class StoreIngest:
    """Add (or remove) articles in a store in batches: one ``replace_graphs`` call (one
    transaction) each.

    Each batch replaces its articles' named graphs, adds to the knowledge-base graph only
    the triples it lacks and applies its changes to the entities graph (:class:`Additions`
    values), in the same transaction, so a failed batch leaves the store as it was before
    that batch (the batches before it stay). The KB graph is read once, when the ingest
    starts, and merged once per batch. Which of a batch's articles the store holds already
    is asked of the store (one query per batch), not kept: the ingest's memory grows neither
    with the articles written (its :attr:`report` keeps 20 bytes per article) nor with the
    entities stored (it keeps the stored descriptions of at most :data:`DESCRIPTIONS_KEPT`
    entities, those used most recently, when it is the store's sole writer). Every
    :data:`RELEASE_EVERY` batches a store that has ``release_memory`` (Oxigraph: flushed,
    closed and reopened) writes its buffers to disk and lets go of what it caches of its
    files (one that has only ``flush`` flushes), so memory does not grow with the number of
    articles.

    The entities graph (``https://w3id.org/nufuz/graph/entities``) holds each entity's
    description once (:func:`kg.rdf.entity_triples`); it is kept in step with the articles
    as follows. Adding an article merges its entity descriptions into it
    (:func:`kg.rdf.merge_entity_triples`: the stored ``skos:prefLabel`` of a language wins,
    a different one becomes an ``skos:altLabel``). Every article graph keeps, as
    ``nz:surfaceForm``, the names it contributed (the labels of its ``entity_triples``),
    and its ``schema:mentions``. Replacing or removing an article reads those of its stored
    graph; a name that neither the batch's new graphs nor any other stored article graph
    gives is dropped as an ``skos:altLabel`` (a ``skos:prefLabel`` stays while its entity
    is used), and an entity that no article graph names any more (as the object of any
    triple) loses its whole description. One query reads the stored descriptions of the
    batch's entities (one per :data:`VALUES_CHUNK` entities) that the ingest does not keep
    from its earlier batches (the :data:`DESCRIPTIONS_KEPT` most recently used, as the
    batches left them), and only a batch that replaces or removes stored articles asks up
    to four more. The KB graph is never shrunk (its
    descriptions are background, not what an article said).

    Parameters
    ----------
    store : Store
    kb : KnowledgeBase, optional
        ``ontology.kb`` knowledge base; without it no KB graph is written (and KB entities
        are described whole in the entities graph, as :func:`kg.rdf.build_dataset` does).
    batch_size : int
        Articles per transaction (>= 1).
    progress : callable, optional
        Called with each article IRI once its batch is written.

    Attributes
    ----------
    report : WriteReport
        What was written so far.

    Examples
    --------
    ``ingest = StoreIngest(store, kb); ingest.add(art, graph) ...; ingest.finish()``
    where ``graph`` is the article's named graph (:func:`kg.rdf.add_article`, or the
    :class:`kg.rdf.TripleSet` of :func:`kg.rdf.article_triples`);
    ``ingest.remove(doc_iri)`` removes a stored article.
    """

    def __init__(self, store: Store, kb: Any | None = None, batch_size: int = DEFAULT_BATCH,
                 progress: Callable[[str], None] | None = None):
        self.store, self.kb, self.progress = store, kb, progress
        self.batch_size = max(1, int(batch_size))
        self.report = WriteReport()
        self._kb_triples = set(read_graph(store, str(KB_GRAPH))) if kb is not None else set()
        self._kb_ids = _kb_ids_in(self._kb_triples)
        self._batches = 0
        #: entity IRI -> its stored description (predicate -> {object: None}), for the
        #: entities of recent batches (:meth:`_descriptions`): a news stream names the same
        #: entities batch after batch, whose descriptions grow with the store. Only for a
        #: store this ingest is the sole writer of (a server's other clients may change it)
        self._kept: dict = {}
        self._keep = bool(getattr(store, "sole_writer", False))
        #: whether the batches write statement records (kg.store_records), and whether the
        #: next batch drops the records graph first (leftovers with no format, or an old one)
        self._records, self._drop_records = records_plan(store)
        #: whether the next batch writes the key of every name the store holds (the first
        #: records written into a store: the names it holds have no key yet)
        self._all_keys = self._records and not has_records(store)
        self.report.records = self._records if getattr(store, "keeps_records", False) else None
        #: ``(doc IRI, records, graph, entity triples)``; records and graph are None for a removal
        self._pending: list[tuple[str, Any, Graph | None, list | None]] = []

    def add(self, art: Any, graph: Graph | TripleSet, triples: list[tuple] | None = None) -> None:
        """Queue one article (its records and its named graph, which may be changed: the
        sources stored before are added; an rdflib Graph or, from a build that writes no
        file, a :class:`kg.rdf.TripleSet`); the batch is written when it is full.
        ``triples``: the article's :func:`kg.rdf.entity_triples` when the caller has them
        (computed at the write otherwise).

        Raises
        ------
        StoreError
            The batch could not be written (the store is as before it).
        """
        from kg.namespaces import article_iri

        self._pending.append((str(article_iri(art.sha1)), art, graph, triples))
        if len(self._pending) >= self.batch_size:
            self.flush()

    def remove(self, doc: str) -> None:
        """Queue the removal of a stored article (its IRI); one not stored is ignored.

        Raises
        ------
        StoreError
            As :meth:`add`.
        """
        self._pending.append((str(doc), None, None, None))
        if len(self._pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Write the queued articles in one transaction (nothing when none is queued).

        Raises
        ------
        StoreError
            The store failed: none of the queued articles is written; or, the batch written
            (and in :attr:`report`), flushing or reopening the store failed.
        """
        from kg.rdf import LABELS, entity_triples, merge_entity_triples, mentioned_ids

        batch, self._pending = self._pending, []
        final: dict[str, tuple[Any, Graph | None, list | None]] = {}
        for doc, art, g, triples in batch:  # the last operation on an article wins
            final.pop(doc, None)
            final[doc] = (art, g, triples)
        stored = _stored_graphs(self.store, final)  # those the store holds before this batch
        final = {d: v for d, v in final.items() if v[1] is not None or d in stored}
        if not final:
            return
        docs = list(final)
        adds = [(doc, art, g, t) for doc, (art, g, t) in final.items() if g is not None]
        dup: dict[str, list[str]] = {}
        graphs: dict = {}
        for doc, (art, g, _) in final.items():
            if g is None:
                graphs[doc] = Graph()  # an empty graph drops the named graph
            elif doc in stored:  # the same text stored before: its sources stay, new ones join
                old_sources = _stored_sources(self.store, doc)
                new_sources = [o for o in g.objects(URIRef(doc), DCTERMS.source) if o not in old_sources]
                for o in old_sources:
                    g.add((URIRef(doc), DCTERMS.source, o))
                if new_sources:
                    dup[doc] = [str(o) for o in new_sources]
                graphs[doc] = g
            else:
                graphs[doc] = g
        # the entities graph: what the batch drops, then what it adds
        contributions = [entity_triples(art, self.kb) if t is None else t for _, art, _, t in adds]
        old_names, old_mentioned = _stored_names(self.store, [d for d in docs if d in stored])
        subjects = {s for triples in contributions for s, _, _ in triples} | old_mentioned \
            | {e for e, _ in old_names}
        current = self._descriptions(subjects)
        lost: list = []  # what the batch takes out of the stored descriptions, then adds
        if old_names or old_mentioned:
            new_names = {(s, o) for triples in contributions for s, p, o in triples if p in LABELS}
            new_used = {o for _, _, g, _ in adds for o in g.objects() if isinstance(o, URIRef)}
            gone_entities = old_mentioned - new_used
            gone_entities -= _still_used(self.store, gone_entities, docs)
            gone_names = old_names - new_names
            gone_names -= _still_named(self.store, gone_names, docs)
            for e in gone_entities:
                lost += current.remove(e)
            for e, f in gone_names:
                lost += current.remove(e, SKOS.altLabel, f)
        gained = [t for triples in contributions for t in merge_entity_triples(current, triples)]
        if lost and gained:  # a triple taken out and added again is neither
            again = set(gained) & set(lost)
            gained = [t for t in gained if t not in again]
            lost = [t for t in lost if t not in again]
        if gained or lost:
            graphs[str(ENTITIES_GRAPH)] = Additions(sorted(gained, key=_n3_key), removed=sorted(lost, key=_n3_key))
        new_kb: list = []
        wanted: set[str] = set()
        if self.kb is not None:
            wanted = {i for _, art, _, _ in adds for i in mentioned_ids(art) if self.kb.get(i) is not None}
            if not wanted <= self._kb_ids:
                new_kb = [t for t in self._kb_growth(wanted - self._kb_ids) if t not in self._kb_triples]
                if new_kb:
                    graphs[str(KB_GRAPH)] = Additions(new_kb)
        if self._records:  # the statement records go with their articles, the name keys with the names
            try:
                new = [t for doc, _, g, _ in adds for t in article_records(doc, g)] + [format_marker()]
            except InexactRecords:  # (not a graph nufuz builds) the store can keep no records
                self._records, self._drop_records = False, True
                self.report.records = False
        if self._records:
            touched = {t[0] for t in (*gained, *lost, *new_kb) if t[1] in NAME_PREDICATES}
            keys, dropped_keys = name_key_changes(
                self.store, lambda e: [(e, p, o) for p in NAME_PREDICATES for o in current.objects(e, p)]
                if e in subjects else None,
                touched, new_kb, anew=self._drop_records or self._all_keys)
            new += keys
        if self._drop_records:  # the graph anew: this batch's records (the store had no statement)
            fresh = Graph()
            for t in (new if self._records else ()):
                fresh.add(t)
            graphs[str(RECORDS_GRAPH)] = fresh
        elif self._records:
            old = stored_records(self.store, [d for d in docs if d in stored])
            graphs[str(RECORDS_GRAPH)] = Additions(new, removed=old + dropped_keys)
        try:
            self.store.replace_graphs(graphs)
        except BaseException:  # (written or not: a remote store may apply what timed out)
            self._kept.clear()
            raise
        self._drop_records = self._all_keys = False
        self._keep_descriptions(current, subjects)
        self._note_written(final, stored, new_kb, wanted, gained, lost, dup)
        self._batches += 1
        if self._batches % RELEASE_EVERY == 0:  # the write buffers go to disk: memory stays flat
            if hasattr(self.store, "release_memory"):
                self.store.release_memory()  # and what the store holds of its growing files: let go
            elif hasattr(self.store, "flush"):
                self.store.flush()

    def _descriptions(self, subjects: set) -> Descriptions:
        """The stored descriptions of ``subjects`` (entity IRIs) in the entities graph, as a
        new :class:`Descriptions` to change: those kept from earlier batches
        (:meth:`_keep_descriptions`) copied, the others read from the store (one query)."""
        kept = self._kept
        out = Descriptions()
        todo = set()
        for s in subjects:
            by_p = kept.pop(s, None)
            if by_p is None:
                todo.add(s)
                continue
            kept[s] = by_p  # the most recently used last
            if by_p:
                out._index[s] = {p: dict(objs) for p, objs in by_p.items()}
        if todo:
            out._index.update(_stored_description(self.store, todo)._index)
        return out

    def _keep_descriptions(self, current: Descriptions, subjects: set) -> None:
        """Keep the descriptions of ``subjects`` as the batch just written left them in the
        store (``current``), for the next batches; past :data:`DESCRIPTIONS_KEPT` entities
        the least recently used quarter goes. Only this ingest writes the store's entities
        graph while it holds the store (:attr:`kg.store_base.Store.sole_writer`: Oxigraph's
        write lock, an in-memory store), so what is kept stays what the store holds; for
        another store nothing is kept."""
        if not self._keep:
            return
        kept = self._kept
        for s in subjects:
            kept.pop(s, None)
            kept[s] = current._index.get(s, {})
        if len(kept) > DESCRIPTIONS_KEPT:
            for s in list(islice(kept, len(kept) - DESCRIPTIONS_KEPT * 3 // 4)):
                del kept[s]

    def _note_written(self, final: dict, stored: set, new_kb: list, wanted: set, gained: list,
                      lost: list, dup: dict) -> None:
        """Record a batch that ``replace_graphs`` wrote (before the store is flushed or
        reopened, which may fail after the batch is stored); ``stored``: the batch's
        articles that the store held before it."""
        if self.kb is not None:
            self._kb_ids |= wanted
            self._kb_triples.update(new_kb)
            self.report.kb_triples_added += len(new_kb)
        self.report.entity_triples_added += len(gained)
        self.report.entity_triples_removed += len(lost)
        self.report.duplicates.update(dup)
        for doc, (art, g, _) in final.items():
            if g is None:
                self.report.removed.append(doc)
                continue
            self.report.written.append(doc)
            if doc in stored:
                self.report.replaced.append(doc)
            if self.progress is not None:
                self.progress(doc)

    def _kb_growth(self, new_ids: set[str]) -> set[tuple]:
        """The triples :func:`kg.rdf.add_kb_graph` gains when the ids ``new_ids`` join the ids
        already described (``self._kb_ids``): the new ids' descriptions, their containers and
        the facts among them (``add_kb_graph`` of the new ids alone), and the facts between a
        new id and an old one."""
        from kg.namespaces import entity_iri
        from kg.rdf import kb_graph_triples

        grown = set(kb_graph_triples(self.kb, new_ids))
        old = self._kb_ids
        for f in self.kb.facts:
            if (f.subject in new_ids and f.object in old) or (f.subject in old and f.object in new_ids):
                grown.add((entity_iri(f.subject), NZ[f.predicate], entity_iri(f.object)))
        return grown

    def finish(self) -> WriteReport:
        """Write the last batch, write the store's buffers to disk (Oxigraph: the batches
        since its last :data:`RELEASE_EVERY`) and return the report.

        Raises
        ------
        StoreError
            As :meth:`flush`, or the store's own flush failed (the batches are written).
        """
        self.flush()
        if self._batches % RELEASE_EVERY and hasattr(self.store, "flush"):
            self.store.flush()
        return self.report


def write_articles(store: Store, articles: list, kb: Any | None = None,
                   errors: list[str] | None = None,
                   progress: Callable[[str], None] | None = None,
                   dataset: Dataset | None = None, batch_size: int = 1) -> WriteReport:
    """Add articles to a store: one atomic write per batch of articles, the KB graph merged.

    Each article's named graph replaces the one already stored under the same IRI (the
    IRI ends in the sha1 of the article, so re-adding an article is idempotent). The
    knowledge-base graph becomes the union of what the store held and the KB description
    of every entity the stored and new articles mention; its new triples are written in the
    same transaction as the batch that needs them, so a failure at any batch leaves the
    store as it was before that batch (:class:`StoreIngest`).

    Parameters
    ----------
    store : Store
    articles : list[extractors.records.ArticleExtraction]
    kb : KnowledgeBase, optional
        ``ontology.kb`` knowledge base; without it no KB graph is written.
    errors : list[str], optional
        As in :func:`kg.rdf.build_dataset`: collects the problems of articles that cannot
        be written (they are skipped); when None the first such article raises.
    progress : callable, optional
        Called with each article IRI after it is written.
    dataset : rdflib.Dataset, optional
        The :func:`kg.rdf.build_dataset` of ``articles`` when the caller has built it
        already; otherwise it is built here.
    batch_size : int
        Articles per transaction; 1 (the default) writes article by article.

    Returns
    -------
    WriteReport

    Raises
    ------
    ValueError
        With ``errors=None``, an article that fails :func:`kg.rdf.check_article`.
    StoreError
        The store failed; batches before the failing one are stored, it and the following
        ones are not.

    Notes
    -----
    Entity identity across articles: a KB entity is ``nzr:<kb id>`` everywhere; an entity
    outside the KB is ``nzr:<class>/<slug of its normalised name>`` (extractors), so the same
    name and class is one IRI. Its description lives once, in the entities graph: every
    surface form is a ``skos:altLabel`` there (its article graph keeps it as
    ``nz:surfaceForm``), and such entities keep the ``skos:prefLabel`` first stored
    (:class:`StoreIngest`).
    """
    from kg.rdf import build_dataset
    from kg.namespaces import article_iri

    ds = dataset if dataset is not None else build_dataset(articles, kb=kb, errors=errors)
    # build_dataset skips (or raises on) articles that fail check_article: no graph for them
    built = {str(g.identifier) for g in ds.graphs() if len(g)}
    ingest = StoreIngest(store, kb, batch_size=batch_size, progress=progress)
    done: set[str] = set()
    for art in articles:
        doc = str(article_iri(art.sha1))
        if doc not in built or doc in done:
            continue
        done.add(doc)
        g = bind_prefixes(Graph())
        for t in ds.graph(URIRef(doc)):
            g.add(t)
        ingest.add(art, g)
    return ingest.finish()


def remove_articles(store: Store, docs: Iterable[str], batch_size: int = DEFAULT_BATCH) -> WriteReport:
    """Remove articles from a store, keeping the entities graph in step.

    Parameters
    ----------
    store : Store
    docs : iterable of str
        Article IRIs (``https://w3id.org/nufuz/doc/<sha1>``); those the store does not
        hold are ignored.
    batch_size : int
        Articles per transaction.

    Returns
    -------
    WriteReport
        ``removed`` lists the article graphs dropped; ``entity_triples_removed`` what the
        entities graph lost (the names only those articles gave, the entities only they
        named: :class:`StoreIngest`).

    Raises
    ------
    StoreError
        The store failed; batches before the failing one are applied, it and the
        following ones are not.
    """
    ingest = StoreIngest(store, None, batch_size=batch_size)  # the KB graph is never shrunk
    for doc in docs:
        ingest.remove(str(doc))
    return ingest.finish()
