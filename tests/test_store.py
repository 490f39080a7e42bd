"""Stores (kg/store.py): idempotent and atomic writes, merging across articles, and the one-line
errors of a locked, corrupt or misplaced store (library and ``nufuz build --store``)."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from typer.testing import CliRunner

from extractors.records import ArticleExtraction, Entity, Statement
from kg.cli import app
from kg.namespaces import ENTITIES_GRAPH, KB_GRAPH, NZ, article_iri, entity_id_of, entity_iri
from kg.rdf import build_dataset
from kg.store import (
    MemoryStore, OxigraphStore, QueryError, QueryTimeout, StoreError, open_store, read_graph,
    remove_articles, write_articles,
)
from ontology.kb import load_kb

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "ar"

pytest.importorskip("pyoxigraph")


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def _sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _article(text: str, trump: str, erdogan: str, ahmad: str, source: str) -> ArticleExtraction:
    """A hand-made article: Trump meets Erdogan, Ahmad (not in the KB) is Erdogan's adviser."""
    ents = {
        "donald_trump": Entity("donald_trump", "Person", "دونالد ترامب", "Donald Trump", {trump},
                               ["http://www.wikidata.org/entity/Q22686"]),
        "recep_tayyip_erdogan": Entity("recep_tayyip_erdogan", "Person", "رجب طيب أردوغان",
                                       "Recep Tayyip Erdoğan", {erdogan},
                                       ["http://www.wikidata.org/entity/Q39259"]),
        "person/ahmd-alflany": Entity("person/ahmd-alflany", "Person", ahmad, "Ahmd al-Flany", {ahmad},
                                      in_kb=False),
        "turkey": Entity("turkey", "Country", "تركيا", "Turkey", {"تركيا"}),
    }
    ev = f"التقى {trump} مع {erdogan} بحضور {ahmad}."
    st = [Statement("donald_trump", "meetsWith", "recep_tayyip_erdogan", "asserted", "CONSULT", ev, 0,
                    len(ev), 0.9),
          Statement("person/ahmd-alflany", "officialOf", "turkey", "asserted", "ROLE", ev, 0, len(ev), 0.8)]
    return ArticleExtraction(source=source, sha1=_sha(text), text=text, lang="ar",
                             headline=text[:20], entities=ents, statements=st)


@pytest.fixture()
def two_articles():
    a1 = _article("المقال الأول " * 3, "ترامب", "أردوغان", "أحمد الفلاني", "a1.txt")
    a2 = _article("المقال الثاني " * 3, "ترمب", "إردوغان", "احمد الفلاني", "a2.txt")
    return a1, a2


def _norm(term):
    """Compare literals by value: Oxigraph stores ``"0.900"^^xsd:decimal`` as ``0.9``."""
    if isinstance(term, Literal):
        return ("literal", term.value if term.value is not None else str(term), term.datatype, term.language)
    return term


def _quads(store) -> set:
    return {(_norm(s), _norm(p), _norm(o), str(g) if g is not None else None)
            for s, p, o, g in _all_quads(store)}


def _all_quads(store):
    if isinstance(store, OxigraphStore):
        yield from store.quads()
    else:
        for s, p, o, g in store.dataset().quads((None, None, None, None)):
            yield s, p, o, getattr(g, "identifier", g)


@pytest.fixture(params=["memory", "oxigraph"])
def store(request, tmp_path):
    st = MemoryStore() if request.param == "memory" else OxigraphStore(tmp_path / "store")
    yield st
    st.close()


# --------------------------------------------------------------------------- writes

def test_re_adding_articles_is_idempotent(store, two_articles, kb):
    write_articles(store, list(two_articles), kb)
    n, names = len(store), store.graph_names()
    report = write_articles(store, list(two_articles), kb)
    assert len(store) == n and store.graph_names() == names
    assert report.replaced == report.written and len(report.written) == 2
    assert report.kb_triples_added == 0
    assert str(KB_GRAPH) in names and str(article_iri(two_articles[0].sha1)) in names


def test_merge_keeps_one_iri_and_every_surface_form(store, two_articles, kb):
    write_articles(store, [two_articles[0]], kb)
    write_articles(store, [two_articles[1]], kb)  # a second build: the KB graph is merged
    union = store.dataset()
    for ent_id, forms in (("donald_trump", {"ترامب", "ترمب"}),
                          ("recep_tayyip_erdogan", {"أردوغان", "إردوغان"}),
                          ("person/ahmd-alflany", {"أحمد الفلاني", "احمد الفلاني"})):
        node = entity_iri(ent_id)
        names = {str(x) for x in union.objects(node, SKOS.altLabel)} | {
            str(x) for x in union.objects(node, SKOS.prefLabel)}
        assert forms <= names, ent_id
        assert set(union.objects(node, RDF.type)) == {NZ.Person}
    # one IRI per person: nothing else carries these surface forms
    holders = {s for s, _, o in union.triples((None, None, None)) if str(o) in ("ترمب", "ترامب")}
    assert holders == {entity_iri("donald_trump")}
    # the entity outside the KB keeps the first stored spelling as its only Arabic prefLabel
    ar = {str(x) for x in union.objects(entity_iri("person/ahmd-alflany"), SKOS.prefLabel)
          if x.language == "ar"}
    assert ar == {"أحمد الفلاني"}
    # the KB graph holds both KB people although they came in two separate writes
    kbg = read_graph(store, str(KB_GRAPH))
    assert (entity_iri("donald_trump"), RDF.type, NZ.Person) in kbg
    assert (entity_iri("recep_tayyip_erdogan"), RDF.type, NZ.Person) in kbg


def test_kb_graph_is_merged_not_replaced(store, kb):
    a = _article("نص أ " * 4, "ترامب", "أردوغان", "أحمد", "a.txt")
    b = _article("نص ب " * 4, "ترامب", "أردوغان", "أحمد", "b.txt")
    b.entities = {k: v for k, v in b.entities.items() if k != "recep_tayyip_erdogan"}
    b.entities["russia"] = Entity("russia", "Country", "روسيا", "Russia", {"روسيا"})
    b.statements = [Statement("donald_trump", "opposes", "russia", "asserted", "REJECT", "x", 0, 1, 0.9)]
    write_articles(store, [a], kb)
    before = read_graph(store, str(KB_GRAPH))
    report = write_articles(store, [b], kb)
    after = read_graph(store, str(KB_GRAPH))
    assert report.kb_triples_added > 0
    assert set(before) < set(after)
    assert (entity_iri("russia"), SKOS.prefLabel, Literal("Russia", lang="en")) in after


class _FailingGraph(Graph):
    """A graph whose triples run out half-way: the write must not happen at all."""

    def __iter__(self):
        for n, t in enumerate(super().__iter__()):
            if n == 3:
                raise RuntimeError("disk unplugged")
            yield t


def test_memory_replace_is_atomic(two_articles, kb):
    st = MemoryStore()
    write_articles(st, [two_articles[0]], kb)
    before = _quads(st)
    bad = _FailingGraph()
    for i in range(10):
        bad.add((URIRef(f"http://x/{i}"), RDF.type, NZ.Person))
    doc = str(article_iri(two_articles[0].sha1))
    with pytest.raises(RuntimeError):
        st.replace_graphs({doc: bad})
    assert _quads(st) == before
    with pytest.raises(RuntimeError):
        st.replace_graphs({"http://x/new": bad})
    assert _quads(st) == before and "http://x/new" not in st.graph_names()


def test_oxigraph_replace_is_one_transaction(tmp_path, two_articles, kb, monkeypatch):
    st = OxigraphStore(tmp_path / "s")
    write_articles(st, [two_articles[0]], kb)
    before = _quads(st)
    doc = str(article_iri(two_articles[0].sha1))
    real = OxigraphStore.replace_update

    def failing(self, graphs):  # the drop and insert run, then the request fails inside Oxigraph
        return real(self, graphs) + f" ;\nCREATE GRAPH <{KB_GRAPH}>"

    monkeypatch.setattr(OxigraphStore, "replace_update", failing)
    g = Graph()
    g.add((URIRef("http://x/a"), RDF.type, NZ.Person))
    with pytest.raises(StoreError, match="write failed, store unchanged"):
        st.replace_graphs({doc: g})
    assert _quads(st) == before
    st.close()


def test_failed_article_leaves_the_store_as_before_it(store, two_articles, kb, monkeypatch):
    a1, a2 = two_articles
    reference = MemoryStore()
    write_articles(reference, [a1], kb)
    real = type(store).replace_graphs
    calls = {"n": 0}

    def flaky(self, graphs):  # the second article's write fails
        calls["n"] += 1
        if calls["n"] == 2:
            raise StoreError("simulated failure")
        return real(self, graphs)

    monkeypatch.setattr(type(store), "replace_graphs", flaky)
    with pytest.raises(StoreError, match="simulated"):
        write_articles(store, [a1, a2], kb)
    assert _quads(store) == _quads(reference)  # a1 in full (and its KB part), nothing of a2
    assert str(article_iri(a2.sha1)) not in store.graph_names()


def test_bad_article_is_reported_and_skipped(store, two_articles, kb):
    a1, a2 = two_articles
    a2.statements[0].mode = "rumoured"
    errors: list[str] = []
    report = write_articles(store, [a1, a2], kb, errors=errors)
    assert len(report.written) == 1 and errors and "rumoured" in errors[0]


def test_store_agrees_with_build_dataset(store, two_articles, kb):
    """A store holds the quads of an in-memory build of the same articles, graph by graph
    (the entities graph's prefLabels included: the first article's wins in both)."""
    write_articles(store, list(two_articles), kb)
    ds = build_dataset(list(two_articles), kb)
    built = {(_norm(s), _norm(p), _norm(o), str(getattr(g, "identifier", g)))
             for s, p, o, g in ds.quads((None, None, None, None))}
    assert built == _quads(store)


def _labels(store, ent_id: str, prop=SKOS.altLabel) -> set[str]:
    return {str(o) for s, p, o, g in _all_quads(store)
            if s == entity_iri(ent_id) and p == prop and str(g) == str(ENTITIES_GRAPH)}


def test_labels_live_once_in_the_entities_graph(store, two_articles, kb):
    """No article graph describes an entity; each label is stated in one graph, so a plain
    label join over the union returns each answer once (Oxigraph matches a triple once per
    graph that states it)."""
    write_articles(store, [*two_articles, _third_article()], kb)
    where: dict = {}
    for s, p, o, g in _all_quads(store):
        if p in (SKOS.prefLabel, SKOS.altLabel, RDF.type) and entity_id_of(str(s)):
            assert "/doc/" not in str(g), (s, p, o, g)
            where.setdefault((s, p, _norm(o)), []).append(g)
    assert all(len(gs) == 1 for gs in where.values())
    res = store.query("SELECT ?e ?l WHERE { ?e a nz:Person ; skos:prefLabel ?l }")
    assert len(res.rows) == len(set(res.rows)) == 6  # Trump, Erdogan, Ahmad: ar + en each
    # the KB's names stay in the KB graph; only new ones reach the entities graph
    assert _labels(store, "donald_trump") == set()  # ترامب, ترمب: KB aliases
    assert _labels(store, "person/ahmd-alflany") == {"احمد الفلاني", "أحمد الفلانى"}
    assert _labels(store, "person/ahmd-alflany", SKOS.prefLabel) == {"أحمد الفلاني", "Ahmd al-Flany"}


def test_replacing_an_article_drops_a_form_only_it_gave(store, two_articles, kb):
    """An article replaced by a new extraction (same text, other names): a surface form only
    it gave leaves the entities graph, one another article gives stays, a new one joins."""
    a1, a2 = two_articles
    a3 = _third_article()
    write_articles(store, [a1, a2, a3], kb)
    assert _labels(store, "person/ahmd-alflany") == {"احمد الفلاني", "أحمد الفلانى"}
    new_a2 = _article("المقال الثاني " * 3, "ترمب", "إردوغان", "أحمد الفلانى", "a2.txt")
    new_a2.entities["person/ahmd-alflany"].id = "person/ahmd-alflany"
    new_a2.entities["turkey"].surface_forms = {"أنقرة", "تركيا"}
    report = write_articles(store, [new_a2], kb)
    assert report.replaced == [str(article_iri(a2.sha1))]
    # احمد الفلاني: only the old a2 gave it; أحمد الفلانى: a3 (and the new a2) give it
    assert _labels(store, "person/ahmd-alflany") == {"أحمد الفلانى"}
    assert "أنقرة" in _labels(store, "turkey") or "أنقرة" in {
        str(o) for o in read_graph(store, str(KB_GRAPH)).objects(entity_iri("turkey"), SKOS.altLabel)}
    assert report.entity_triples_removed == 1
    # the same as a store that only ever saw a1, the new a2 and a3 (in that order)
    reference = MemoryStore()
    write_articles(reference, [a1, new_a2, a3], kb)
    assert _quads(store) == _quads(reference)


def test_removing_articles_keeps_the_entities_graph_in_step(store, two_articles, kb, monkeypatch):
    import kg.store_ingest

    monkeypatch.setattr(kg.store_ingest, "VALUES_CHUNK", 2)  # the queries of a batch, asked in parts
    a1, a2 = two_articles
    a3 = _third_article()
    write_articles(store, [a1, a2, a3], kb)
    kb_before = set(read_graph(store, str(KB_GRAPH)))
    report = remove_articles(store, [str(article_iri(a3.sha1)), "https://w3id.org/nufuz/doc/" + "0" * 40])
    assert report.removed == [str(article_iri(a3.sha1))]
    assert _labels(store, "person/ahmd-alflany") == {"احمد الفلاني"}
    reference = MemoryStore()
    write_articles(reference, [a1, a2], kb)
    assert _quads(store) == _quads(reference)
    remove_articles(store, [str(article_iri(a1.sha1)), str(article_iri(a2.sha1))])
    # no article names Ahmad any more: his description is gone; the KB graph stays whole
    assert not read_graph(store, str(ENTITIES_GRAPH))
    assert [g for g in store.graph_names() if "/doc/" in g] == []
    assert set(read_graph(store, str(KB_GRAPH))) == kb_before


def test_descriptions_kept_between_batches_follow_what_the_batches_change(two_articles, kb, tmp_path, monkeypatch):
    """One ingest, one article a batch, that adds, replaces (other names) and removes
    articles naming the same entities, with a write that fails on the way: the descriptions
    it keeps from batch to batch (``DESCRIPTIONS_KEPT``: some kept, some read again from
    the store) give the store that reading every description from the store gives; a store
    that others may write to (``sole_writer`` False) gets nothing kept."""
    import kg.store_ingest as ingest
    from kg.store import StoreIngest

    a1, a2 = two_articles
    a3 = _third_article()
    new_a2 = _article("المقال الثاني " * 3, "ترمب", "إردوغان", "أحمد الفلانى", "a2.txt")
    new_a2.entities["turkey"].surface_forms = {"أنقرة", "تركيا"}
    steps = [("add", a1), ("add", a2), ("add", a3), ("fail", new_a2), ("add", new_a2), ("remove", a3),
             ("add", a3), ("remove", a1), ("remove", new_a2)]
    real = OxigraphStore.replace_graphs
    failing = []

    def flaky(self, graphs):
        if failing:
            raise StoreError("simulated failure")
        return real(self, graphs)

    monkeypatch.setattr(OxigraphStore, "replace_graphs", flaky)
    stores = {}
    for kept in (0, 1, 2, 5_000, "others write"):
        monkeypatch.setattr(ingest, "DESCRIPTIONS_KEPT", 5_000 if kept == "others write" else kept)
        st = stores[kept] = OxigraphStore(tmp_path / f"kept{kept}".replace(" ", "_"))
        if kept == "others write":
            st.sole_writer = False
        run = StoreIngest(st, kb, batch_size=1)
        for op, art in steps:
            graph = build_dataset([art], kb).graph(article_iri(art.sha1))
            if op == "fail":
                failing.append(1)
                with pytest.raises(StoreError, match="simulated"):
                    run.add(art, graph)
                failing.clear()
            elif op == "add":
                run.add(art, graph)
            else:
                run.remove(str(article_iri(art.sha1)))
            assert len(run._kept) <= (kept if isinstance(kept, int) else 0)
        run.finish()
    try:
        reference = _quads(stores[0])
        assert all(_quads(st) == reference for st in stores.values())
        assert _labels(stores[0], "person/ahmd-alflany") == {"أحمد الفلانى"}  # a3's, the one left
    finally:
        for st in stores.values():
            st.close()


# --------------------------------------------------------------------------- queries

def test_malformed_query_names_line_and_column(store):
    with pytest.raises(QueryError, match=r"line 2, column \d+"):
        store.query("SELECT ?s WHERE {\n ?s ?p }")


def test_unknown_prefix_is_located(store):
    with pytest.raises(QueryError, match=r"foo"):
        store.query("SELECT ?s WHERE { ?s foo:bar ?o }")


def test_predeclared_prefixes_and_a_query_own_prefix(store, two_articles, kb):
    write_articles(store, list(two_articles), kb)
    res = store.query("SELECT ?e WHERE { ?e a nz:Person ; skos:prefLabel \"Donald Trump\"@en }")
    assert {r[0] for r in res.rows} == {entity_iri("donald_trump")}
    own = store.query("PREFIX nz: <http://example.org/> ASK { ?e a nz:Person }")
    assert own.kind == "ask" and own.boolean is False


def test_query_timeout(store):
    g = Graph()
    for i in range(300):
        g.add((URIRef(f"http://x/{i}"), RDF.value, Literal(i)))
    store.replace_graphs({"http://x/g": g})
    with pytest.raises(QueryTimeout, match="timed out"):
        store.query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", timeout=0.2)


def test_max_rows_truncates(store, two_articles, kb):
    write_articles(store, list(two_articles), kb)
    res = store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", max_rows=5)
    assert len(res.rows) == 5 and res.truncated


# --------------------------------------------------------------------------- bad stores

def _snapshot(folder: Path) -> dict:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_a_file_is_not_a_store(tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("keep me", encoding="utf-8")
    for ro in (False, True):
        with pytest.raises(StoreError, match="is a file, not a store directory"):
            OxigraphStore(f, read_only=ro)
    assert f.read_text(encoding="utf-8") == "keep me"


def test_corrupt_store_dir(tmp_path):
    d = tmp_path / "junk"
    d.mkdir()
    (d / "CURRENT").write_text("garbage\n")
    (d / "MANIFEST-000001").write_bytes(bytes(range(256)))
    before = _snapshot(d)
    for ro in (False, True):
        with pytest.raises(StoreError, match="corrupt Oxigraph store") as e:
            OxigraphStore(d, read_only=ro)
        assert "\n" not in str(e.value)
    assert _snapshot(d) == before


def test_store_with_a_junk_manifest(tmp_path):
    d = tmp_path / "s"
    st = OxigraphStore(d)
    g = Graph()
    g.add((URIRef("http://x/a"), RDF.type, NZ.Person))
    st.replace_graphs({"http://x/g": g})
    st.close()
    manifest = d / (d / "CURRENT").read_text().strip()
    manifest.write_bytes(b"\x00junk" * 50)
    with pytest.raises(StoreError, match="corrupt Oxigraph store"):
        OxigraphStore(d)
    assert manifest.read_bytes() == b"\x00junk" * 50


def test_a_foreign_folder_is_not_used_as_a_store(tmp_path):
    (tmp_path / "graph.trig").write_text("x")
    with pytest.raises(StoreError, match="not an Oxigraph store"):
        OxigraphStore(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.trig"]


def test_locked_store_by_another_process(tmp_path):
    d = tmp_path / "s"
    st = OxigraphStore(d)
    try:
        code = ("import sys\nfrom kg.store import OxigraphStore, StoreError\n"
                "try:\n    OxigraphStore(sys.argv[1])\nexcept StoreError as e:\n    print(e); sys.exit(3)\n")
        r = subprocess.run([sys.executable, "-c", code, str(d)], capture_output=True, text=True,
                           cwd=ROOT, timeout=60)
        assert r.returncode == 3, r.stderr
        assert "locked by another process" in r.stdout and r.stdout.count("\n") == 1
        # a read-only open (queries, servers) is not locked out
        ro = OxigraphStore(d, read_only=True)
        assert len(ro) == 0
        with pytest.raises(StoreError, match="read-only"):
            ro.replace_graphs({"http://x/g": Graph()})
        ro.close()
    finally:
        st.close()


def test_open_store_picks_the_backend(tmp_path):
    assert isinstance(open_store(), MemoryStore)
    st = open_store(tmp_path / "s")
    assert isinstance(st, OxigraphStore)
    st.close()
    with pytest.raises(StoreError, match="not both"):
        open_store(tmp_path / "s", endpoint="http://127.0.0.1:1/sparql")
    with pytest.raises(StoreError, match="no such store"):
        open_store(tmp_path / "missing", read_only=True)


# --------------------------------------------------------------------------- CLI

runner = CliRunner()


def test_build_into_store_is_idempotent_and_writes_no_files(tmp_path):
    st = tmp_path / "store"
    r1 = runner.invoke(app, ["build", str(SEED), "--store", str(st)])
    assert r1.exit_code == 0, r1.output
    assert "1 article(s) written (0 replaced)" in r1.output
    with OxigraphStore(st, read_only=True) as s:
        n1 = len(s)
    r2 = runner.invoke(app, ["build", str(SEED), "--store", str(st)])
    assert r2.exit_code == 0 and "(1 replaced)" in r2.output
    with OxigraphStore(st, read_only=True) as s:
        assert len(s) == n1 > 500
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


@pytest.mark.parametrize("make, expected", [
    ("file", "is a file, not a store directory"),
    ("corrupt", "corrupt Oxigraph store"),
    ("locked", "the store is locked"),
])
def test_build_into_a_bad_store_fails_on_one_line(tmp_path, make, expected):
    target = tmp_path / "target"
    held = None
    if make == "file":
        target.write_text("not a store")
    elif make == "corrupt":
        target.mkdir()
        (target / "CURRENT").write_text("MANIFEST-000009\n")  # names a manifest that is missing
    else:
        held = OxigraphStore(target)
    before = _snapshot(target) if target.is_dir() else target.read_bytes()
    try:
        r = runner.invoke(app, ["build", str(SEED), "--store", str(target)])
    finally:
        if held is not None:
            held.close()
    assert r.exit_code == 1
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and expected in lines[0], r.output
    after = _snapshot(target) if target.is_dir() else target.read_bytes()
    if make == "locked":  # the store's data files are untouched (RocksDB may touch LOG/LOCK)
        before = {k: v for k, v in before.items() if not k.startswith(("LOG", "LOCK"))}
        after = {k: v for k, v in after.items() if not k.startswith(("LOG", "LOCK"))}
    assert after == before


def test_validate_a_store(tmp_path):
    st = tmp_path / "store"
    assert runner.invoke(app, ["build", str(SEED), "--store", str(st), "-q"]).exit_code == 0
    r = runner.invoke(app, ["validate", "--store", str(st)])
    assert r.exit_code == 0, r.output
    assert "conforms to the nufuz shapes" in " ".join(r.output.split())
    bad = runner.invoke(app, ["validate", "--store", str(tmp_path / "missing")])
    assert bad.exit_code == 1 and "no such store" in bad.output
    both = runner.invoke(app, ["validate", "x.trig", "--store", str(st)])
    assert both.exit_code == 1 and "give one of" in both.output


def test_from_clause_never_fetches_from_the_network():
    """rdflib would download the IRI of a FROM clause; the store switches that off."""
    import rdflib.plugins.sparql as sparql

    from kg.store import MemoryStore

    assert sparql.SPARQL_LOAD_GRAPHS is False
    store = MemoryStore()
    res = store.query("SELECT * FROM <http://example.invalid/data.ttl> WHERE { ?s ?p ?o }")
    assert res.rows == []


def test_a_build_holds_the_store_from_before_its_extraction(tmp_path, monkeypatch):
    """A second build into a store that a build is extracting for is refused at once (not
    after its own extraction), and the first build still writes its article."""
    import kg.cli as cli

    target = tmp_path / "store"
    real_extract = cli._extract_articles
    second: dict = {}

    def extract_while_another_build_starts(*args, **kw):
        code = ("import sys\nfrom kg.cli import main\n"
                f"sys.argv = ['nufuz', 'build', {str(SEED)!r}, '--store', {str(target)!r}]\nmain()\n")
        second["run"] = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                       cwd=ROOT, timeout=120)
        return real_extract(*args, **kw)

    monkeypatch.setattr(cli, "_extract_articles", extract_while_another_build_starts)
    r = runner.invoke(app, ["build", str(SEED), "--store", str(target)])
    assert r.exit_code == 0, r.output
    other = second["run"]
    assert other.returncode == 1
    lines = [ln for ln in (other.stdout + other.stderr).splitlines() if ln.strip()]
    assert len(lines) == 1 and "locked" in lines[0], lines
    with OxigraphStore(target, read_only=True) as s:
        assert len([g for g in s.graph_names() if "/doc/" in g]) == 1



def test_a_build_that_stops_before_writing_releases_the_store(tmp_path):
    """No article readable: the build fails, and the store it opened is closed (unlocked)."""
    target = tmp_path / "store"
    r = runner.invoke(app, ["build", str(tmp_path / "missing.txt"), "--store", str(target)])
    assert r.exit_code == 1 and "no such file" in r.output
    with OxigraphStore(target) as s:  # would raise "locked ... in this process" if left open
        assert len(s) == 0


# --------------------------------------------------------------------------- batches

def _third_article():
    return _article("المقال الثالث " * 3, "ترامب", "أردوغان", "أحمد الفلانى", "a3.txt")


def test_a_batch_writes_what_article_by_article_writes(store, two_articles, kb, tmp_path):
    """Batches of 2 (labels unified inside a batch, the KB graph merged once per batch) give
    the quads that one write per article gives."""
    arts = [*two_articles, _third_article()]
    reference = MemoryStore()
    write_articles(reference, arts, kb)
    report = write_articles(store, arts, kb, batch_size=2)
    assert report.written == [str(article_iri(a.sha1)) for a in arts]
    assert _quads(store) == _quads(reference)
    ahmad = entity_iri("person/ahmd-alflany")
    labels = {o for s, p, o, g in _all_quads(store) if s == ahmad and p == SKOS.prefLabel}
    assert labels == {Literal("أحمد الفلاني", lang="ar"), Literal("Ahmd al-Flany", lang="en")}


def test_releasing_memory_between_batches_keeps_the_store_and_its_lock(two_articles, kb, tmp_path, monkeypatch):
    """An ingest that closes and reopens the Oxigraph store after every batch
    (``release_memory``, every ``RELEASE_EVERY`` batches) writes the quads of one that never
    does, and the reopened store still holds its write lock."""
    import kg.store_ingest as ingest

    arts = [*two_articles, _third_article()]
    reference = MemoryStore()
    write_articles(reference, arts, kb)
    monkeypatch.setattr(ingest, "RELEASE_EVERY", 1)
    st = OxigraphStore(tmp_path / "released")
    released = []
    real = OxigraphStore.release_memory
    monkeypatch.setattr(OxigraphStore, "release_memory", lambda self: (released.append(1), real(self))[1])
    try:
        write_articles(st, arts, kb, batch_size=1)
        assert len(released) == 3
        assert _quads(st) == _quads(reference)
        with pytest.raises(StoreError, match="locked"):
            OxigraphStore(tmp_path / "released")
    finally:
        st.close()


def test_a_failed_batch_leaves_the_store_as_before_that_batch(store, two_articles, kb, monkeypatch):
    a1, a2 = two_articles
    a3 = _third_article()
    reference = MemoryStore()
    write_articles(reference, [a1, a2], kb)
    real = type(store).replace_graphs
    calls = []

    def flaky(self, graphs):  # the second batch (a3) fails
        calls.append(dict(graphs))
        if len(calls) == 2:
            raise StoreError("simulated failure")
        return real(self, graphs)

    monkeypatch.setattr(type(store), "replace_graphs", flaky)
    with pytest.raises(StoreError, match="simulated"):
        write_articles(store, [a1, a2, a3], kb, batch_size=2)
    # a1, a2, the entities and KB graphs (and an embedded store's records) in one call
    assert len(calls) == 2 and len(calls[0]) == (5 if getattr(store, "keeps_records", False) else 4)
    assert _quads(store) == _quads(reference)
    assert str(article_iri(a3.sha1)) not in store.graph_names()


def test_the_kb_graph_gains_only_its_new_triples(store, two_articles, kb, monkeypatch):
    from kg.store import Additions

    a1, a2 = two_articles
    write_articles(store, [a1], kb)
    before = set(read_graph(store, str(KB_GRAPH)))
    real = type(store).replace_graphs
    sent = []

    def spy(self, graphs):
        sent.append(graphs.get(str(KB_GRAPH)))
        return real(self, graphs)

    monkeypatch.setattr(type(store), "replace_graphs", spy)
    a2.entities["syria"] = Entity("syria", "Country", "سوريا", "Syria", {"سوريا"})
    report = write_articles(store, [a2], kb)
    added = sent[0]
    assert isinstance(added, Additions) and added and not (set(added) & before)
    assert report.kb_triples_added == len(added)
    assert set(read_graph(store, str(KB_GRAPH))) == before | set(added)


def test_oxigraph_new_graphs_go_in_all_or_nothing(tmp_path, two_articles, kb):
    """New graphs take the Store.extend path: a graph that fails while it is read leaves
    nothing of the call (the other graph of the call included)."""
    st = OxigraphStore(tmp_path / "s")
    write_articles(st, [two_articles[0]], kb)
    before = _quads(st)
    bad = _FailingGraph()
    for i in range(10):
        bad.add((URIRef(f"http://x/{i}"), RDF.type, NZ.Person))
    good = Graph()
    good.add((URIRef("http://x/a"), RDF.type, NZ.Person))
    with pytest.raises(RuntimeError):
        st.replace_graphs({"http://x/good": good, "http://x/bad": bad})
    assert _quads(st) == before and "http://x/good" not in st.graph_names()
    st.replace_graphs({"http://x/good": good})
    assert "http://x/good" in st.graph_names()
    st.close()


def test_releasing_memory_leaves_no_old_rocksdb_logs_and_retries_a_busy_lock(tmp_path, monkeypatch):
    """``release_memory`` deletes the ``LOG.old.*`` files each reopening leaves, and tries
    the opening again when the lock is not free at once (here: a first attempt refused)."""
    import pyoxigraph as ox

    st = OxigraphStore(tmp_path / "s")
    try:
        for _ in range(3):
            st.release_memory()
        assert not list((tmp_path / "s").glob("LOG.old.*"))
        real, calls = ox.Store, []

        def flaky(path):
            calls.append(path)
            if len(calls) == 1:
                raise OSError("IO error: lock hold by current process")
            return real(path)

        monkeypatch.setattr(ox, "Store", flaky)
        st.release_memory()
        assert len(calls) == 2
        assert st.query("ASK { ?s ?p ?o }").boolean is False  # open again, and usable
    finally:
        st.close()


# --------------------------------------------------------------------------- bookkeeping

def test_the_ingest_asks_the_store_what_it_holds(store, two_articles, kb):
    """Which articles of a batch replace stored ones is asked of the store at each batch,
    not kept from the start: an article another writer stored after this ingest began is
    replaced (its sources kept), not added a second time beside itself."""
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS

    from kg.store import StoreIngest

    a1, a2 = two_articles
    late = StoreIngest(store, kb)  # begun before a1 is stored
    write_articles(store, [a1], kb)
    copy = _article("المقال الأول " * 3, "ترامب", "أردوغان", "أحمد الفلاني", "mirror/a1.txt")
    g1 = build_dataset([copy], kb=kb).graph(article_iri(a1.sha1))
    late.add(copy, g1)
    late.add(a2, build_dataset([a2], kb=kb).graph(article_iri(a2.sha1)))
    report = late.finish()
    doc1 = str(article_iri(a1.sha1))
    assert report.written == [doc1, str(article_iri(a2.sha1))]
    assert report.replaced == [doc1]
    assert report.duplicates == {doc1: ["mirror/a1.txt"]}
    sources = {str(r[0]) for r in store.query(
        f"SELECT ?s WHERE {{ GRAPH <{doc1}> {{ <{doc1}> <{DCTERMS.source}> ?s }} }}").rows}
    assert sources == {"a1.txt", "mirror/a1.txt"}
    reference = MemoryStore()
    write_articles(reference, [a1, copy, a2], kb)
    assert _quads(store) == _quads(reference)


def test_article_iris_are_kept_as_sha1_bytes():
    """The report's IRI lists: equal to the lists of str, 20 bytes per article IRI, other
    IRIs kept as they are, in order."""
    from kg.store_ingest import ArticleIris

    docs = [str(article_iri(_sha(f"article {i}"))) for i in range(1000)]
    iris = ArticleIris(docs[:2])
    iris.append("urn:x:other")
    for d in docs[2:]:
        iris.append(d)
    want = docs[:2] + ["urn:x:other"] + docs[2:]
    assert iris == want and want == iris and list(iris) == want and len(iris) == 1001
    assert iris[0] == docs[0] and iris[2] == "urn:x:other" and iris[-1] == docs[-1] and iris[5] == docs[4]
    assert "urn:x:other" in iris and docs[500] in iris and str(article_iri("0" * 40)) not in iris
    assert iris != want[:-1] and iris != list(reversed(want)) and iris == ArticleIris(want)
    assert len(iris._sha1s) == 20 * 1000 and iris._others == ["urn:x:other"]
    with pytest.raises(IndexError):
        iris[1001]
