"""The statement records an embedded store keeps for its views (kg/store_records.py): written
with each article in the same transaction, replaced and removed with it, dropped as a
whole when a load bypasses them, hidden from what the store gives as data, and read by the
views to the same records as the statements' own properties. Built for real from the seed
article (+ the developer corpus when present)."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg.analytics import read_graph
from kg.analytics_store import StoreReader, ego_index, export_index, overview_index
from kg.namespaces import NZ, RECORDS_GRAPH, article_iri, bind_prefixes
from kg.store import OxigraphStore, StoreIngest, remove_articles, write_articles
from kg.store_base import Additions
from kg.store_records import (
    NAME_PREDICATES, article_records, format_marker, has_records, name_keys, parse_record,
)

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "ar"
CORPUS = ROOT.parent / "shared" / "corpus" / "ar"

pytestmark = pytest.mark.filterwarnings(
    "ignore:.*(default_context|ConjunctiveGraph|Dataset.contexts).*:DeprecationWarning")


@pytest.fixture(scope="module")
def extracted():
    """The seed (+ corpus) articles extracted once, with the KB and their dataset."""
    from extractors.pipeline import Extractor
    from extractors.sources import discover, read_article
    from kg.rdf import build_dataset
    from ontology.kb import load_kb

    files, errors = discover([str(SEED)] + ([str(CORPUS)] if CORPUS.is_dir() else []))
    assert not errors
    kb = load_kb()
    arts = list(Extractor("ar", kb=kb).extract_many([r for f in files for r in read_article(f)]))
    return {"arts": arts, "kb": kb, "ds": build_dataset(arts, kb=kb)}


def _count(store, sparql: str) -> int:
    return int(store.query(sparql).rows[0][0])


def _statements(store) -> int:
    return _count(store, f"SELECT (COUNT(?s) AS ?n) WHERE {{ ?s a <{NZ.Statement}> }}")


def _records(store) -> int:
    return _count(store, f"SELECT (COUNT(?s) AS ?n) WHERE {{ GRAPH <{RECORDS_GRAPH}> {{ ?s <{NZ.statementRecord}> ?r }} }}")


def _keys(store) -> set[tuple]:
    """The name keys the store holds (as ``(entity, key)`` text), checked to be exactly the
    keys of the names of its entities and KB graphs."""
    from kg.namespaces import DESCRIPTION_GRAPHS

    held = {(str(s), str(k)) for s, k in store.query(
        f"SELECT ?s ?k WHERE {{ GRAPH <{RECORDS_GRAPH}> {{ ?s <{NZ.nameKey}> ?k }} }}").rows}
    names = [(s, p, o) for g in DESCRIPTION_GRAPHS for s, p, o in store.graph(g) if p in NAME_PREDICATES]
    assert held == {(str(s), str(k)) for s, _, k in name_keys(names)} and held
    return held


def _views(store, records: bool | None) -> list:
    """The indexes of an overview, the two-hop views of the store's two hubs and the export,
    read with or without the records; statements sorted (their order of reading differs)."""
    import kg.analytics_store as A

    orig = A.StoreReader.__init__

    def init(self, st, **_):
        orig(self, st, records=records)

    from collections import Counter

    edges = Counter(x for s, _, o, _ in read_graph(store.dataset()).edges for x in (s, o))
    foci = [e for e, _ in edges.most_common(2)]  # the hubs of the store
    A.StoreReader.__init__ = init
    try:
        out = [overview_index(store, 300)] + [ego_index(store, f, 2, 300)[0] for f in foci] \
            + [export_index(store)]
    finally:
        A.StoreReader.__init__ = orig
    return [(sorted(i.statements, key=lambda r: r.iri), sorted(i.articles.items()), sorted(i.entities.items()),
             i.edges, i.kb_facts) for i in out]


@pytest.fixture(scope="module")
def store(extracted, tmp_path_factory):
    folder = tmp_path_factory.mktemp("records") / "store"
    with OxigraphStore(folder) as st:
        write_articles(st, extracted["arts"], extracted["kb"], batch_size=4)
    ro = OxigraphStore(folder, read_only=True)
    yield ro
    ro.close()


def test_a_build_keeps_one_record_per_statement(store):
    n = _statements(store)
    assert n > 50 and _records(store) == n
    assert has_records(store)
    assert StoreReader(store).records_kept() and not StoreReader(store, records=False).records_kept()
    assert len(_keys(store)) > 100


def test_a_name_is_found_by_its_key_as_by_the_label_scan(store):
    """Every name of every entity, as written, without its hamza and with a diacritic added
    (what the normalisation folds), in upper case, finds the entities by one lookup of its
    key, the same as by the scan of the labels, and the view resolves it to the same entity."""
    from kg.analytics_store import _label_candidates, resolve_in_store

    names = sorted({str(o) for g in ("entities", "kb") for _, p, o in store.graph(f"https://w3id.org/nufuz/graph/{g}")
                    if p in NAME_PREDICATES})
    variants = names + [n.replace("إ", "ا").replace("أ", "ا") for n in names if any(c in n for c in "إأ")] \
        + [n + "\u064f" for n in names[::7]] + [n.upper() for n in names if n.isascii()][::3]
    assert len(variants) > 200
    for name in variants:
        fast = StoreReader(store)
        by_key = _label_candidates(fast, name)
        assert fast.queries == 1 and by_key  # (the format asked once beside)
        slow = StoreReader(store, records=False)
        assert by_key == _label_candidates(slow, name), name
    for name in variants[::5]:
        assert resolve_in_store(store, name) == resolve_in_store(store, name, reader=StoreReader(store, records=False))
    assert _label_candidates(StoreReader(store), "no such name anywhere") == set()
    assert _label_candidates(StoreReader(store), " . ") == _label_candidates(StoreReader(store, records=False), " . ") == set()


def test_views_read_from_records_equal_views_read_property_by_property(store):
    fast, slow = _views(store, None), _views(store, False)
    assert [len(v[0]) for v in fast] == [len(v[0]) for v in slow] and len(fast[-1][0]) == _statements(store)
    assert fast == slow


def test_records_equal_the_whole_index_and_cost_one_query_per_chunk(store):
    """The records of 40 entities' statements, read from the records, by scans and by
    lookups, are the whole index's (character offsets aside); the records are read by one
    query per chunk of entities."""
    full = read_graph(store.dataset())
    some = sorted(full.entities)[::max(1, len(full.entities) // 40)]
    r = StoreReader(store)
    kept = r.statement_records(some)
    assert r.queries == 1  # one chunk (the format is asked of the store once, beside)
    assert kept == StoreReader(store, records=False).statement_records(some, scan=True) \
        == StoreReader(store, records=False).statement_records(some, scan=False)
    whole = {x.iri: dataclasses.replace(x, char_start=None, char_end=None) for x in full.statements}
    assert len(kept) > 20 and all(rec == whole[iri] for iri, rec in kept.items())
    with_offsets = StoreReader(store).statement_records(some, offsets=True)
    assert all(rec == {x.iri: x for x in full.statements}[iri] for iri, rec in with_offsets.items())


def test_the_records_graph_is_not_data(store, tmp_path):
    """graph_names, quads, dataset and the dumps leave the records graph out; the store
    validates."""
    from kg.validate import validate_store

    assert str(RECORDS_GRAPH) not in store.graph_names()
    assert not any(g == RECORDS_GRAPH for *_, g in store.quads())
    assert not any(p == NZ.statementRecord for _, p, _, _ in store.dataset().quads((None, None, None, None)))
    for fmt in ("nquads", "jsonld"):
        text = store.dump(tmp_path / f"d.{fmt}", fmt).read_text("utf-8")
        assert "graph/records" not in text and "statementRecord" not in text and "nz:Statement" not in text
        assert str(NZ.Statement) in text
    assert validate_store(store).conforms


def test_a_record_holds_the_statement_and_its_article(extracted):
    ds = extracted["ds"]
    doc = str(article_iri(extracted["arts"][0].sha1))
    triples = list(ds.graph(URIRef(doc)))
    recs = article_records(doc, triples)
    stmts = {s for s, p, o in triples if p == RDF.type and o == NZ.Statement}
    assert {s for s, _, _ in recs} == stmts and recs
    whole = {r.iri: r for r in read_graph(ds).statements}
    for s, p, lit in recs:
        rec, article = parse_record(str(lit))
        assert p == NZ.statementRecord and rec == whole[str(s)]
        assert article[0] == doc and article[1] == 1 and article[2]  # typed, with its source
    with pytest.raises(ValueError, match="not a statement record"):
        parse_record('["too", "short"]')


def _changed(ds, doc: str) -> tuple[Graph, URIRef]:
    """The article graph ``doc`` with one statement's confidence set to 0.123."""
    g = bind_prefixes(Graph())
    for t in ds.graph(URIRef(doc)):
        g.add(t)
    st = sorted(s for s in g.subjects(RDF.type, NZ.Statement))[0]
    g.remove((st, NZ.confidence, None))
    g.add((st, NZ.confidence, Literal(0.123)))
    return g, st


def test_records_follow_articles_replaced_and_removed(extracted, tmp_path):
    arts, kb, ds = extracted["arts"][:6], extracted["kb"], extracted["ds"]
    with OxigraphStore(tmp_path / "s") as st:
        write_articles(st, arts, kb, batch_size=3)
        assert _records(st) == _statements(st) > 0 and has_records(st)
        doc = str(article_iri(arts[0].sha1))
        g, changed = _changed(ds, doc)
        ingest = StoreIngest(st, kb)
        ingest.add(arts[0], g)
        ingest.finish()
        assert _records(st) == _statements(st) and has_records(st)
        _keys(st)
        assert StoreReader(st).statement_records([str(o) for o in g.objects(changed, RDF.subject)])[str(changed)].confidence == 0.123
        gone = [str(article_iri(a.sha1)) for a in arts[1:3]]
        gone_statements = {str(s) for d in gone for s in st.graph(d).subjects(RDF.type, NZ.Statement)}
        before = _keys(st)
        remove_articles(st, gone)
        assert _records(st) == _statements(st) and has_records(st)
        assert _keys(st) < before  # the names no article gives any more lost their keys
        left = {str(r[0]) for r in st.query(
            f"SELECT ?s WHERE {{ GRAPH <{RECORDS_GRAPH}> {{ ?s <{NZ.statementRecord}> ?r }} }}").rows}
        assert gone_statements and left and not gone_statements & left
        assert _views(st, None) == _views(st, False)


def test_a_bulk_import_drops_the_format_and_views_read_properties(extracted, tmp_path):
    arts, kb = extracted["arts"][:6], extracted["kb"]
    with OxigraphStore(tmp_path / "s") as st:
        write_articles(st, arts[:3], kb)
        assert has_records(st)
        with OxigraphStore(tmp_path / "other") as other:
            write_articles(other, arts[3:], kb)
            other.dump(tmp_path / "more.nq", "nquads")
        st.import_file(tmp_path / "more.nq")
        assert not has_records(st) and _records(st) < _statements(st)
        assert _views(st, None) == _views(st, False)
        write_articles(st, arts[:1], kb)  # a later build writes no record: the format is not stated again
        assert not has_records(st)


def test_a_store_without_records_gets_none_and_a_stale_format_is_removed(extracted, tmp_path):
    arts, kb = extracted["arts"][:4], extracted["kb"]
    with OxigraphStore(tmp_path / "s") as st:
        write_articles(st, arts[:2], kb)
        # a store written before the records existed: statements, no record, no format
        st.replace_graphs({str(RECORDS_GRAPH): Graph()})
        assert _statements(st) and not _records(st) and not has_records(st)
        write_articles(st, arts[2:], kb)
        assert not _records(st) and not has_records(st)
    with OxigraphStore(tmp_path / "t") as st:
        write_articles(st, arts[:2], kb)
        # records of an older format: the new batches cannot keep them, the format goes
        stale = (RECORDS_GRAPH, NZ.recordFormat, Literal("0 iri subject"))
        st.replace_graphs({str(RECORDS_GRAPH): Additions([stale], removed=[format_marker()])})
        assert _records(st) and not has_records(st)
        write_articles(st, arts[2:], kb)
        formats = st.query(f"SELECT ?f WHERE {{ GRAPH <{RECORDS_GRAPH}> {{ ?x <{NZ.recordFormat}> ?f }} }}").rows
        assert formats == [] and not has_records(st)


def test_a_build_into_a_store_without_records_writes_them_first(tmp_path):
    """A store built before nufuz kept statement records (statements, no record graph):
    the next build --store writes the records of what it holds first, once, and says so."""
    from cli_helpers import invoke, plain

    store = tmp_path / "s"
    r = invoke("build", SEED, "--store", store, "-q")
    assert r.exit_code == 0 and "statement records" not in plain(r.output)
    with OxigraphStore(store) as st:
        assert has_records(st)
        n = _statements(st)
        st.replace_graphs({str(RECORDS_GRAPH): Graph()})  # as a store built before the records
        assert not has_records(st) and not _records(st)
    r = invoke("build", SEED, "--store", store)
    assert r.exit_code == 0
    assert f"store {store}: wrote the records of the {n:,} statement(s) and the name keys stored before nufuz " \
        "kept them (once)" in plain(r.output)
    assert "warning" not in plain(r.output)
    with OxigraphStore(store, read_only=True) as st:
        assert has_records(st) and _records(st) == _statements(st) == n
        _keys(st)
    r = invoke("build", SEED, "--store", store)  # once: the next build writes records as it goes
    assert r.exit_code == 0 and "wrote the records" not in plain(r.output)


def test_records_of_statements_removed_without_records_do_not_come_back(extracted, tmp_path):
    """A bulk import drops the records graph; the articles removed while the store kept no
    records leave none behind when a later build into the emptied store writes records
    again (the export reads every record)."""
    arts, kb = extracted["arts"][:8], extracted["kb"]
    with OxigraphStore(tmp_path / "other") as other:
        write_articles(other, arts[3:6], kb)
        other.dump(tmp_path / "more.nq", "nquads")
    with OxigraphStore(tmp_path / "s") as st:
        write_articles(st, arts[:3], kb)
        st.import_file(tmp_path / "more.nq")
        assert not has_records(st) and not _records(st)
        remove_articles(st, [str(article_iri(a.sha1)) for a in arts[:6]])
        assert not _statements(st)
        write_articles(st, arts[6:], kb)
        assert has_records(st) and _records(st) == _statements(st) > 0
        _keys(st)  # made anew: the KB graph's names kept from before have their keys too
        assert _views(st, None) == _views(st, False)


def test_a_graph_with_a_mode_outside_the_vocabulary_leaves_the_store_without_records(extracted, tmp_path):
    """The records find the statements that draw no edge by the vocabulary's modes: a graph
    (not one nufuz builds) with another mode makes the store keep no records at all."""
    from kg.store_records import InexactRecords

    arts, kb, ds = extracted["arts"][:3], extracted["kb"], extracted["ds"]
    doc = str(article_iri(arts[0].sha1))
    g = bind_prefixes(Graph())
    for t in ds.graph(URIRef(doc)):
        g.add(t)
    st_node = sorted(s for s in g.subjects(RDF.type, NZ.Statement))[0]
    g.remove((st_node, NZ.mode, None))
    g.add((st_node, NZ.mode, Literal("denied")))
    with pytest.raises(InexactRecords, match="denied"):
        article_records(doc, g)
    with OxigraphStore(tmp_path / "s") as st:
        write_articles(st, arts[1:], kb)
        assert has_records(st)
        ingest = StoreIngest(st, kb)
        ingest.add(arts[0], g)
        report = ingest.finish()
        assert report.records is False and not has_records(st) and not _records(st)
        assert _views(st, None) == _views(st, False)


def test_a_region_report_reads_no_record(store):
    """StoreReader.statements (the report's read) leaves the records graph's quads out."""
    from kg.analytics_store import region_index

    idx, _ = region_index(store, "آسيا الوسطى")
    r = StoreReader(store)
    quads = r.statements([URIRef(x.iri) for x in idx.statements])
    assert quads and not any(p == NZ.statementRecord or str(g) == str(RECORDS_GRAPH) for _, p, _, g in quads)
