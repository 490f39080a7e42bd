"""``nufuz report --store`` and ``nufuz view --store --focus`` read only what they show, with
SPARQL (kg/analytics_store.py), and give what they gave when the whole store was loaded into
rdflib: the same headline counts, the same report files, the same explorer page, the same
errors. Built for real: the seed article (+ the developer corpus when present)."""
from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef
from rdflib.namespace import PROV

from kg.analytics import (
    UnknownEntityError, example_dataset, headline_counts, influence_summary, read_graph,
)
from kg.analytics_store import (
    StoreReader, ego_index, export_index, label_regex, overview_index, paths_index, region_index,
    resolve_in_store,
    store_headline_counts,
)
from kg.namespaces import NZ, NZR
from kg.store import MemoryStore, OxigraphStore, write_articles
from visualizations.explorer import FocusNotFound, explorer_data, overview_entities
from visualizations.report import report_html, report_markdown

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "ar"
CORPUS = ROOT.parent / "shared" / "corpus" / "ar"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"developer corpus not found at {CORPUS}")

pytestmark = pytest.mark.filterwarnings(
    "ignore:.*(default_context|ConjunctiveGraph|Dataset.contexts).*:DeprecationWarning")

from cli_helpers import invoke  # noqa: E402

REGIONS = ["Central Asia", "آسيا الوسطى", "central_asia", "nzr:russia", "Middle East", "الشرق الأوسط",
           "Syria", "ايران", "Caucasus", "Centrl Asia"]
FOCI = ["Russia", "روسيا", "Iran", "the united states", "Tajikistan", "Taliban", "بوتين", "Rusia", "Sochi",
        "Uzbekistan"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Seed (+ corpus) extracted once, written to an Oxigraph store; the store's whole index
    (what report/view read before) beside it."""
    from extractors.pipeline import Extractor
    from extractors.sources import discover, read_article
    from ontology.kb import load_kb

    files, errors = discover([str(SEED)] + ([str(CORPUS)] if CORPUS.is_dir() else []))
    assert not errors
    kb = load_kb()
    arts = list(Extractor("ar", kb=kb).extract_many([r for f in files for r in read_article(f)]))
    folder = tmp_path_factory.mktemp("views") / "store"
    with OxigraphStore(folder) as st:
        write_articles(st, arts, kb)
    ro = OxigraphStore(folder, read_only=True)
    yield {"store": ro, "dir": folder, "full": read_graph(ro.dataset())}
    ro.close()


def _outcome(f):
    try:
        return f()
    except (UnknownEntityError, FocusNotFound) as e:
        return f"{type(e).__name__}: {e}"


def test_the_store_has_the_shape_of_a_build(built):
    """The labels are in the entities and KB graphs only (kg.rdf.add_entities), none in an
    article graph: the equality tests below read a store of that shape."""
    from kg.store import with_prefixes

    st = built["store"]
    outside = st.query(with_prefixes(
        "ASK { GRAPH ?g { ?e skos:prefLabel|rdfs:label|skos:altLabel ?l } "
        "FILTER(?g NOT IN (<https://w3id.org/nufuz/graph/entities>, <https://w3id.org/nufuz/graph/kb>)) }"))
    inside = st.query(with_prefixes(
        "ASK { GRAPH <https://w3id.org/nufuz/graph/entities> { ?e skos:prefLabel ?l } }"))
    assert inside.boolean and not outside.boolean


def test_headline_counts_by_aggregates_equal_the_whole_index(built):
    counts = store_headline_counts(built["store"])
    assert counts == headline_counts(built["full"])
    assert counts.articles >= 1 and counts.statements > 0 and counts.entities > 0


def test_headline_counts_count_by_statement_when_sources_do_not_add_up():
    """A statement without prov:wasDerivedFrom (its graph is its article) or without a mode:
    the fast counts do not add up and the counts are made again statement by statement."""
    ds = example_dataset()
    for g in list(ds.graphs()):
        g.remove((URIRef(NZR + "statement/0a/0"), PROV.wasDerivedFrom, None))
        g.remove((URIRef(NZR + "statement/0a/1"), NZ.mode, None))

    class Proxy:  # a store that is not a MemoryStore: the SPARQL path, on rdflib's engine
        def __init__(self, ds: Dataset):
            self._m = MemoryStore(ds)

        def query(self, sparql, timeout=None):
            return self._m.query(sparql, timeout)

    counts = store_headline_counts(Proxy(ds))
    assert counts == headline_counts(ds)
    assert dict(counts.by_mode) == {"reported": 4, "": 1}


@pytest.mark.parametrize("region", REGIONS)
def test_report_from_queries_equals_report_from_the_whole_store(built, region):
    full = built["full"]

    def whole():
        s = influence_summary(full, region)
        return report_markdown(s, counts=headline_counts(full)), report_html(s, counts=headline_counts(full))

    def part():
        idx, iri = region_index(built["store"], region)
        s = influence_summary(idx, iri)
        return report_markdown(s, counts=headline_counts(idx)), report_html(s, counts=headline_counts(idx))

    assert _outcome(part) == _outcome(whole)


@pytest.mark.parametrize("focus", FOCI)
@pytest.mark.parametrize("hops", [0, 1, 2])
def test_ego_view_from_queries_equals_view_of_the_whole_store(built, focus, hops):
    def whole():
        return json.dumps(explorer_data(built["full"], focus=focus, hops=hops))

    def part():
        idx, iri = ego_index(built["store"], focus, hops)
        return json.dumps(explorer_data(idx, focus=iri, hops=hops))

    assert _outcome(part) == _outcome(whole)


@needs_corpus
@pytest.mark.parametrize("focus,hops,max_entities,max_evidence", [
    ("Russia", 2, 30, 2), ("Iran", 2, 12, 1), ("Syria", 1, 5, 3), ("the united states", 3, 60, 1)])
def test_capped_ego_view_from_queries_equals_the_capped_view_of_the_whole_store(
        built, focus, hops, max_entities, max_evidence):
    """With the limits the page is the same from the store (which then reads only the
    entities kept) as from the whole store, and the limits left something out."""
    idx, iri = ego_index(built["store"], focus, hops, max_entities)
    part = explorer_data(idx, focus=iri, hops=hops, max_entities=max_entities, max_evidence=max_evidence)
    whole = explorer_data(built["full"], focus=focus, hops=hops, max_entities=max_entities,
                          max_evidence=max_evidence)
    assert json.dumps(part) == json.dumps(whole)
    assert part["omitted"]["entities"] > 0 and len(part["nodes"]) == max_entities
    assert part["omitted"]["evidence"] > 0
    kept = {n["id"] for n in part["nodes"]}
    described = set(idx.entities)
    assert all(r.subject in kept or r.object in kept for r in idx.statements)
    assert len(described) < len(ego_index(built["store"], focus, hops)[0].entities)


@pytest.mark.parametrize("max_entities,max_evidence", [(None, None), (300, 20), (40, 2), (7, 1)])
def test_view_of_the_whole_store_from_queries_equals_the_view_of_the_whole_store(built, max_entities, max_evidence):
    """Without a focus: every relation is read, the statements, descriptions and articles
    of the entities shown only; the page is the same as from the whole store."""
    idx = overview_index(built["store"], max_entities)
    part = explorer_data(idx, max_entities=max_entities, max_evidence=max_evidence)
    whole = explorer_data(built["full"], max_entities=max_entities, max_evidence=max_evidence)
    assert json.dumps(part) == json.dumps(whole)
    assert idx.headline == headline_counts(built["full"])
    within = len(overview_entities(built["full"].edges)[0])
    if max_entities is not None and max_entities < within:  # (160 entities with the corpus, 17 without)
        assert len(part["nodes"]) <= max_entities and part["omitted"]["entities"] > 0
        kept, _ = overview_entities(built["full"].edges, max_entities)
        assert all(r.subject in kept or r.object in kept for r in idx.statements)
        assert len(idx.statements) < len(built["full"].statements)
    if max_entities is None:
        assert "entities" not in part.get("omitted", {})
        assert len(idx.statements) == len(built["full"].statements)


@pytest.mark.parametrize("fmt,kb", [("csv", False), ("graphml", False), ("graphml", True), ("gexf", True)])
def test_export_from_queries_equals_the_export_of_the_whole_store(built, fmt, kb):
    """GraphML, GEXF and CSV of the store read as text (no rdflib Dataset) are those of the
    whole store, character offsets of the evidence included."""
    from visualizations.export import export

    idx = export_index(built["store"])
    assert export(idx, fmt, kb) == export(built["full"], fmt, kb)
    assert len(idx.statements) == len(built["full"].statements)
    assert any(r.char_start is not None for r in idx.statements)


def test_cli_export_from_the_store(built, tmp_path):
    from visualizations.export import export

    for fmt in ("csv", "gexf"):
        res = invoke("export", "--store", built["dir"], "--format", fmt, "-o", tmp_path / f"g.{fmt}")
        assert res.exit_code == 0, res.output
        assert (tmp_path / f"g.{fmt}").read_bytes() == export(built["full"], fmt)
    # JSON-LD: the store streamed by Oxigraph (expanded JSON-LD), every quad
    res = invoke("export", "--store", built["dir"], "-o", tmp_path / "g.jsonld")
    assert res.exit_code == 0, res.output
    back = Dataset()
    back.parse(tmp_path / "g.jsonld", format="json-ld")

    def quads(d):
        return {(s, p, o, str(getattr(c, "identifier", c))) for s, p, o, c in d.quads((None, None, None, None))}

    assert quads(back) == quads(built["store"].dataset()) and len(quads(back)) > 600
    with pytest.raises(ValueError, match="cannot dump a store as 'xml'"):
        built["store"].dump(tmp_path / "g.xml", "xml")
    assert not (tmp_path / "g.xml").exists()


def test_a_failed_dump_leaves_the_file_it_would_replace(built, tmp_path):
    """An output is replaced only when it is whole: a writer that fails half-way, or a
    store dump into a folder that cannot be made, leaves what was there and no temporary
    file; the CLI says so in one line."""
    from kg.atomic import atomic_stream
    from kg.store import StoreError

    out = tmp_path / "g.jsonld"
    out.write_bytes(b"old")

    def half(fh):
        fh.write(b"partial")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        atomic_stream(out, half)
    assert out.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["g.jsonld"]
    with pytest.raises(StoreError, match="cannot write it to"):
        built["store"].dump(out / "sub" / "g.jsonld")  # a file where the folder should be
    assert out.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["g.jsonld"]
    res = invoke("export", "--store", built["dir"], "-o", out / "g.jsonld")
    assert res.exit_code == 1 and "cannot write it to" in res.output and len(res.output.strip().splitlines()) == 1
    assert out.read_bytes() == b"old"


@pytest.mark.parametrize("source,target,max_paths,max_hops", [
    ("Kyrgyzstan", "طالبان", 10, None), ("Russia", "the united states", 3, None), ("Iran", "Syria", 2, None),
    ("Taliban", "Sochi", 3, None), ("Uzbekistan", "بوتين", 1, None), ("Kyrgyzstan", "Taliban", 3, 1),
    ("Russia", "روسيا", 3, None), ("Rusia", "Iran", 3, None), ("Iran", "nzr:no_such_entity", 3, None)])
def test_paths_from_queries_equal_the_paths_of_the_whole_store(built, source, target, max_paths, max_hops):
    """The chains, their statements and labels, and the errors (an unknown name, the same
    entity twice, no chain within --max-hops) are those of the whole store."""
    from kg.paths import NoPathError, shortest_paths

    def outcome(f):
        try:
            return f()
        except (UnknownEntityError, NoPathError) as e:
            return f"{type(e).__name__}: {e}"

    def whole():
        return shortest_paths(built["full"], source, target, max_paths, max_hops)

    def part():
        idx, a, b = paths_index(built["store"], source, target, max_paths, max_hops)
        return shortest_paths(idx, source, target, max_paths, max_hops, resolved=(a, b))

    assert outcome(part) == outcome(whole)


def test_cli_paths_from_the_store(built, tmp_path):
    data = tmp_path / "g.trig"
    built["store"].dataset().serialize(data, format="trig")
    for args in (["Kyrgyzstan", "طالبان", "--max", "10", "--evidence", "2"], ["Kyrgyzstan", "Rusia"],
                 ["Kyrgyzstan", "Taliban", "--max-hops", "1"]):
        a, b = invoke("paths", "--store", built["dir"], *args), invoke("paths", "--data", data, *args)
        assert (a.exit_code, a.output) == (b.exit_code, b.output)
    assert "shortest chain(s)" in invoke("paths", "--store", built["dir"], "Kyrgyzstan", "طالبان").output


def test_store_commands_refuse_outputs_in_the_store_and_odd_inputs(built, tmp_path):
    """An output inside the store's folder would corrupt it, one that is the input file
    would replace it; a store given as FILE and a file given as --store are named for what
    they are; a name of thousands of characters is an unknown name, not a traceback."""
    store = built["dir"]
    for args in (["export", "--store", store, "-f", "csv", "-o", store / "CURRENT"],
                 ["view", "--store", store, "-o", store / "v.html"],
                 ["report", "--store", store, "-r", "Central Asia", "-o", store / "sub" / "r"]):
        res = invoke(*args)
        assert res.exit_code == 1 and "inside the store" in res.output, res.output
        assert len(res.output.strip().splitlines()) == 1
    assert not (store / "v.html").exists() and not (store / "sub").exists()
    data = tmp_path / "g.trig"
    built["store"].dataset().serialize(data, format="trig")
    before = data.read_bytes()
    res = invoke("view", data, "-o", data)
    assert res.exit_code == 1 and "is the input dataset" in res.output and data.read_bytes() == before
    res = invoke("view", store, "-o", tmp_path / "v.html")
    assert res.exit_code == 1 and f"is a directory, not a dataset file (for a store: --store {store})" in res.output
    res = invoke("export", "--store", data, "-f", "csv", "-o", tmp_path / "x.csv")
    assert res.exit_code == 1 and "is a file, not a store directory" in res.output
    long = "x" * 6000
    for args in (["paths", "--store", store, "Russia", long], ["view", "--store", store, "--focus", long]):
        res = invoke(*args, "-o", tmp_path / "l.html") if args[0] == "view" else invoke(*args)
        assert res.exit_code == 1 and "no entity named 'xxx" in res.output, res.output[-300:]
        assert "Traceback" not in res.output


def test_a_view_reads_a_part_of_the_store(built):
    """The ego view of the Taliban reads a handful of statements, not all of them."""
    idx, iri = ego_index(built["store"], "Taliban", 1)
    assert iri.endswith("/taliban")
    assert 0 < len(idx.statements) < len(built["full"].statements) / 4
    assert idx.headline == headline_counts(built["full"])  # the counts of the whole store


def test_cli_report_and_view_from_the_store(built, tmp_path):
    res = invoke("report", "--store", built["dir"], "-r", "آسيا الوسطى", "-o", tmp_path / "ca", "-q")
    assert res.exit_code == 0, res.output
    s = influence_summary(built["full"], "آسيا الوسطى")
    assert (tmp_path / "ca.md").read_text(encoding="utf-8") == report_markdown(
        s, counts=headline_counts(built["full"]))
    res = invoke("view", "--store", built["dir"], "--focus", "Russia", "--hops", "1", "-o", tmp_path / "ru.html")
    assert res.exit_code == 0, res.output
    assert headline_counts(built["full"]).line() in res.output
    page = (tmp_path / "ru.html").read_text(encoding="utf-8")
    blob = json.loads(re.search(r'<script type="application/json" id="nz-data">(.*?)</script>', page, re.S).group(1))
    assert blob["title"] == "nufuz: روسيا · Russia (1 hop)"
    assert blob["nodes"] == explorer_data(built["full"], focus="Russia", hops=1)["nodes"]
    # without --focus: the entities with the most relations, said on the terminal and in the page
    res = invoke("view", "--store", built["dir"], "--max-entities", "9", "-o", tmp_path / "top.html")
    assert res.exit_code == 0, res.output
    within = len(overview_entities(built["full"].edges)[0])
    assert f"of the {within} entities in relations, those with the most relations kept (--max-entities 9)" in res.output
    page = (tmp_path / "top.html").read_text(encoding="utf-8")
    blob = json.loads(re.search(r'<script type="application/json" id="nz-data">(.*?)</script>', page, re.S).group(1))
    assert blob["nodes"] == explorer_data(built["full"], max_entities=9)["nodes"] and len(blob["nodes"]) <= 9
    res = invoke("view", "--store", built["dir"], "--focus", "Rusia", "-o", tmp_path / "x.html")
    assert res.exit_code == 1 and "no entity named 'Rusia' in the data; close names: Russia" in res.output
    res = invoke("report", "--store", built["dir"], "-r", "Centrl Asia", "-o", tmp_path / "x")
    assert res.exit_code == 1 and "did you mean: Central Asia?" in res.output


def test_names_resolve_by_the_rules_of_the_whole_index(built):
    st, full = built["store"], built["full"]
    from kg.analytics import resolve_entity

    for name in ["روسيا", "RUSSIA", "the United States", "الولايات المتحدة", "آسيا الوسطى", "اسيا الوسطي",
                 "https://w3id.org/nufuz/id/russia", "nzr:iran", "iran", "طالبان"]:
        assert resolve_in_store(st, name) == resolve_entity(full, name), name
        assert resolve_in_store(st, name, prefer=()) == resolve_entity(full, name, prefer=()), name
    with pytest.raises(UnknownEntityError, match="empty entity name"):
        resolve_in_store(st, "  ")
    with pytest.raises(UnknownEntityError, match="no entity named 'Rusia' in the data .did you mean: Russia"):
        resolve_in_store(st, "Rusia")


def test_label_regex_matches_what_the_normaliser_equates():
    rx = re.compile(label_regex("ايران"))
    for label in ["إيران", "ايران", "إيرانُ", "  إيران.", "ﺇﻳﺮﺍﻥ"]:  # diacritic, edges, presentation forms
        assert rx.search(label), label
    for label in ["إيرانية", "ايرا ن", "طهران"]:
        assert not rx.search(label), label
    rx = re.compile(label_regex("The United States"))
    assert rx.search("united\u00a0 states") and rx.search("UNITED STATES") and rx.search("the United States")
    assert not rx.search("United Statesman")
    # the same expression in Oxigraph's engine (the Rust regex crate)
    import pyoxigraph as ox

    store = ox.Store()
    for i, label in enumerate(["إيرانُ", "Iran", "إيرانية"]):
        store.add(ox.Quad(ox.NamedNode(f"urn:e{i}"), ox.NamedNode("urn:l"), ox.Literal(label)))
    lit = '"' + label_regex("ايران").replace("\\", "\\\\").replace('"', '\\"') + '"'
    rows = list(store.query(f"SELECT ?e WHERE {{ ?e <urn:l> ?l FILTER(REGEX(STR(?l), {lit})) }}"))
    assert [r[0].value for r in rows] == ["urn:e0"]


def test_preimages_of_some_characters_are_those_of_the_whole_table():
    """:func:`kg.analytics_store._preimages` reads the characters asked for only; what it gives
    them, and the removed and spacing characters, equal one table of every BMP character
    made the plain way (each character's normal form by :func:`kg.analytics._norm_name`'s
    steps, one at a time)."""
    import unicodedata

    from kg.analytics_graph import _ALEF, _HARAKAT
    from kg.analytics_store import _normal_forms, _preimages

    table: dict[str, str] = {}
    gone, space = [], []
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        n = _HARAKAT.sub("", unicodedata.normalize("NFKC", ch).casefold()).translate(_ALEF) if cp else ch
        if len(n) == 1:
            if n.isspace() or "\u200c" <= n <= "\u200f":
                space.append(ch)
            else:
                table[n] = table.get(n, "") + ch
        elif not n:
            gone.append(ch)
    assert _normal_forms()[2:] == ("".join(gone), "".join(space))
    assert _preimages(table) == table
    assert len(table) > 30_000 and table["ا"].startswith("آأإا") and "ﺇ" in table["ا"]
    assert _preimages("ايران .") == {c: table[c] for c in "ايرن."}
    assert "\u064e" in gone and "\u00a0" in space  # a fatha, a no-break space


def test_reader_sends_long_lists_in_chunks(built):
    from kg.analytics_store import CHUNK

    r = StoreReader(built["store"])
    iris = sorted(built["full"].entities)
    r.describe(map(URIRef, iris))
    assert r.queries == -(-len(iris) // CHUNK)
    assert set(r.index().entities) == set(built["full"].entities)


def test_memory_store_is_indexed_whole():
    ms = MemoryStore(example_dataset())
    idx, iri = region_index(ms, "آسيا الوسطى")
    assert iri.endswith("/central_asia") and len(idx.statements) == 5
    idx, iri = ego_index(ms, "روسيا", 1)
    assert iri.endswith("/russia")


def test_statement_records_by_scans_and_by_lookups_equal_the_whole_index(built):
    """The records of the statements about 40 entities (by subject; by object for those that
    draw no edge) are the whole index's records (character offsets aside), read either way."""
    full = built["full"]
    some = sorted(full.entities)[::max(1, len(full.entities) // 40)]
    scanned = StoreReader(built["store"]).statement_records(some, scan=True)
    looked_up = StoreReader(built["store"]).statement_records(some, scan=False)
    assert scanned == looked_up and len(scanned) > 20
    whole = {r.iri: dataclasses.replace(r, char_start=None, char_end=None) for r in full.statements}
    assert all(rec == whole[iri] for iri, rec in scanned.items())
    wanted = {r.iri for r in full.statements if r.subject in some
              or (r.object in some and r.mode not in ("asserted", "reported", "historical"))}
    assert wanted == set(scanned)


def test_statement_records_read_a_statement_with_two_subjects_once(tmp_path):
    """StoreReader.statement_records reads the statements about some entities as records, by
    scans or by lookups (the same records): a statement with two subjects among them matches
    twice and is one record, with the smallest subject, as the index of the whole store makes
    it."""
    from rdflib import Graph
    from rdflib.namespace import RDF

    ds = example_dataset()
    st = URIRef(NZR + "statement/0a/0")
    russia, china = URIRef(NZR + "russia"), URIRef(NZR + "china")
    graphs = {}
    for g in ds.graphs():
        if len(g) and isinstance(g.identifier, URIRef):
            copy = Graph()
            for t in g:
                copy.add(t)
            if (st, RDF.subject, russia) in g:
                copy.add((st, RDF.subject, china))
            graphs[str(g.identifier)] = copy
    with OxigraphStore(tmp_path / "s") as store:
        store.replace_graphs(graphs)
        whole = {r.iri: r for r in read_graph(store.dataset()).statements}
        scanned = StoreReader(store).statement_records([russia, china], scan=True)
        looked_up = StoreReader(store).statement_records([russia, china], scan=False)
    assert scanned == looked_up
    rec = scanned[str(st)]
    assert rec.subject == str(china) and rec.object.endswith("/central_asia")
    assert rec.mode and rec.evidence and rec.article
    assert rec == dataclasses.replace(whole[str(st)], char_start=None, char_end=None)
    assert {i for i, r in whole.items() if r.subject in (str(russia), str(china))} <= set(scanned)


@pytest.fixture(scope="module")
def broken_store(built, tmp_path_factory):
    """The built store copied into a new one with five kinds of violation put in: a
    statement without its evidence and a nz:leaderOf edge to a region (article graphs), an
    actor group whose country is a region and a second English label of a mentioned entity
    (entities graph), and the group mentioned and made the subject of an edge by an article;
    and a group of a country (no violation, when the country's type is read)."""
    from rdflib import Graph, Literal
    from rdflib.namespace import RDF, SKOS

    from kg.namespaces import ENTITIES_GRAPH, entity_iri

    ds = built["store"].dataset()
    graphs = {str(g.identifier): g for g in ds.graphs() if len(g)}
    articles = sorted(g for g in graphs if g not in (str(ENTITIES_GRAPH), "https://w3id.org/nufuz/graph/kb"))
    first, last = articles[0], articles[-1]
    copies = {}
    for name in graphs:
        copies[name] = Graph()
        for t in graphs[name]:
            copies[name].add(t)
    st_iri = next(s for s in copies[first].subjects(RDF.type, NZ.Statement))
    copies[first].remove((st_iri, NZ.evidence, None))
    someone = next(iter(copies[last].subjects(NZ.opposes, None)), None) or entity_iri("vladimir_putin")
    copies[last].add((someone, NZ.leaderOf, entity_iri("central_asia")))
    grp = entity_iri("group/test-gunmen")
    ents = copies[str(ENTITIES_GRAPH)]
    ents.add((grp, RDF.type, NZ.ActorGroup))
    ents.add((grp, SKOS.prefLabel, Literal("مسلحون", lang="ar")))
    ents.add((grp, NZ.sector, Literal("MIL")))
    ents.add((grp, NZ.country, entity_iri("central_asia")))
    ents.add((entity_iri("russia"), SKOS.prefLabel, Literal("Russian Federation", lang="en")))
    ok = entity_iri("group/test-protesters")  # a group of a country: no violation (the KB types it)
    ents.add((ok, RDF.type, NZ.ActorGroup))
    ents.add((ok, SKOS.prefLabel, Literal("محتجون", lang="ar")))
    ents.add((ok, NZ.sector, Literal("CVL")))
    named = {x for t in copies[first] for x in (t[0], t[2])}
    far = sorted(c for c in copies["https://w3id.org/nufuz/graph/kb"].subjects(RDF.type, NZ.Country) if c not in named)[0]
    ents.add((ok, NZ.country, far))  # a country the article does not name
    copies[first].add((URIRef(first), URIRef("http://schema.org/mentions"), ok))
    copies[last].add((URIRef(last), URIRef("http://schema.org/mentions"), grp))
    copies[last].add((grp, NZ.attacks, entity_iri("russia")))
    folder = tmp_path_factory.mktemp("broken") / "store"
    with OxigraphStore(folder) as st:
        st.replace_graphs(copies)
    ro = OxigraphStore(folder, read_only=True)
    yield {"store": ro, "dir": folder}
    ro.close()


@pytest.mark.parametrize("batch", [1, 2, 7, 2000])
def test_store_validated_in_batches_finds_what_the_whole_store_gives(broken_store, batch):
    """``validate_store`` reads a batch of article graphs at a time, with the descriptions of
    what they name: the same conformance and violation lines as pySHACL on the whole store,
    whatever the batch, the five kinds put in among them."""
    from kg.validate import validate, validate_store

    st = broken_store["store"]
    whole = validate(st.dataset())
    seen = []
    got = validate_store(st, batch=batch, progress=lambda done, total: seen.append((done, total)))
    assert not whole.conforms and not got.conforms
    assert got.violations == whole.violations
    joined = "\n".join(got.violations)
    for expected in ("nz:evidence", "the object of nz:leaderOf must be", "nz:country of an actor group",
                     "at most one skos:prefLabel per language"):
        assert expected in joined, (expected, joined)
    assert len(got.violations) >= 4 and "test-protesters" not in joined
    assert got.note == ""  # read in batches: a store of the shape nufuz builds
    n = seen[-1][1]
    assert seen[0] == (0, n) and seen[-1] == (n, n) and len(seen) == 1 + -(-n // batch)


def test_a_conforming_store_conforms_in_batches(built):
    """The built store conforms, read in batches or whole (and the CLI says so)."""
    from kg.validate import validate, validate_store

    assert validate(built["store"].dataset()).conforms
    assert validate_store(built["store"], batch=3).conforms


def test_cli_validate_store_lists_the_violations(broken_store):
    """``nufuz validate --store`` of a store with violations: one line each, then one error
    line, exit 1; the same lines as the whole store gives."""
    from kg.validate import validate

    r = invoke("validate", "--store", broken_store["dir"])
    assert r.exit_code == 1
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    expected = validate(broken_store["store"].dataset()).violations
    assert lines[-1] == f"error: {broken_store['dir']}: {len(expected)} SHACL violation(s)"
    assert " ".join(" ".join(lines[:-1]).split()) == " ".join(" ".join(expected).split())


def test_store_validated_by_queries_alone_finds_the_same(broken_store):
    """A backend without direct quad reads (the in-memory store here; a SPARQL endpoint)
    gives its article graphs by CONSTRUCT queries: the same lines."""
    from kg.validate import validate, validate_store

    ds = broken_store["store"].dataset()
    ms = MemoryStore(ds)
    assert not hasattr(ms, "quads")
    assert validate_store(ms, batch=11).violations == validate(ds).violations


def _tiny_store(folder, graphs):
    """An Oxigraph store of hand-made graphs ({graph IRI: rdflib.Graph}), opened read-only."""
    with OxigraphStore(folder) as st:
        if graphs:
            st.replace_graphs(graphs)
    return OxigraphStore(folder, read_only=True)


def _tiny_cases():
    """Stores that test what the batches read (a description two steps away, a class
    declared in the KB) and stores not of a build's shape (validated whole)."""
    from rdflib import BNode, Graph, Literal
    from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

    from kg.namespaces import ENTITIES_GRAPH, KB_GRAPH

    ent, kb = str(ENTITIES_GRAPH), str(KB_GRAPH)
    e = lambda n: URIRef("https://w3id.org/nufuz/id/" + n)  # noqa: E731
    a = lambda n: URIRef("https://w3id.org/nufuz/doc/" + n)  # noqa: E731
    ex = lambda n: URIRef("http://example.org/" + n)  # noqa: E731

    def article(iri, *mentions):
        g = Graph()
        g.add((iri, RDF.type, URIRef("http://schema.org/NewsArticle")))
        g.add((iri, URIRef("http://purl.org/dc/terms/source"), Literal("x")))
        g.add((iri, URIRef("http://schema.org/inLanguage"), Literal("en")))
        for m in mentions:
            g.add((iri, URIRef("http://schema.org/mentions"), m))
        return g

    def entity(g, iri, cls, label):
        g.add((iri, RDF.type, cls))
        g.add((iri, SKOS.prefLabel, Literal(label, lang="en")))
        return g

    def statement(g, iri, art, evidence):
        for p, o in ((RDF.type, NZ.Statement), (RDF.subject, e("x")), (RDF.predicate, NZ.opposes),
                     (RDF.object, e("y")), (NZ.mode, Literal("asserted")), (NZ.evidence, Literal(evidence, lang="en")),
                     (NZ.confidence, Literal("0.5", datatype=XSD.decimal)), (NZ.charStart, Literal(0)),
                     (NZ.charEnd, Literal(3)), (PROV.wasDerivedFrom, art)):
            g.add((iri, p, o))
        return g

    xy = entity(entity(Graph(), e("x"), NZ.Country, "X"), e("y"), NZ.Country, "Y")
    same = entity(Graph(), e("x"), NZ.Country, "X")
    same.add((e("x"), OWL.sameAs, e("g")))
    entity(same, e("g"), NZ.ActorGroup, "G").add((e("g"), NZ.sector, Literal("MIL")))
    classes = Graph()
    classes.add((ex("Militia"), RDFS.subClassOf, ex("Armed")))
    classes.add((ex("Armed"), RDFS.subClassOf, NZ.Actor))
    militia = entity(Graph(), e("m"), ex("Militia"), "M")
    entity(militia, e("x"), NZ.Country, "X")
    attacked = article(a("1"), e("x"))
    attacked.add((e("m"), NZ.attacks, e("x")))
    two_labels = [article(a(k), e("x")) for k in "12"]
    for k, g in enumerate(two_labels):
        g.add((e("x"), SKOS.prefLabel, Literal(f"X{k}", lang="ar")))
    sector = article(a("1"), e("g"))
    sector.add((e("g"), NZ.sector, Literal("MIL")))
    shared = BNode("shared")
    blank = [article(a("1")), article(a("2"))]
    blank[0].add((shared, RDF.type, NZ.Statement))
    blank[1].add((shared, NZ.mode, Literal("bogus")))
    return {  # name: (graphs, read in batches)
        "a group two descriptions away": ({str(a("1")): article(a("1"), e("x")), ent: same}, True),
        "a class declared in the KB": ({str(a("1")): attacked, kb: classes, ent: militia}, True),
        "the KB alone": ({kb: entity(entity(Graph(), e("p"), NZ.Person, "P"), e("r"), NZ.Region, "R")
                          .add((e("p"), NZ.leaderOf, e("r")))}, True),
        "an empty store": ({}, True),
        "a statement in two graphs": ({str(a("1")): statement(article(a("1"), e("x")), ex("s"), a("1"), "one"),
                                       str(a("2")): statement(article(a("2"), e("y")), ex("s"), a("1"), "two"),
                                       ent: xy}, False),
        "labels in article graphs": ({str(a("1")): two_labels[0], str(a("2")): two_labels[1], ent: same}, False),
        "a sector in an article graph": ({str(a("1")): sector, ent: entity(Graph(), e("g"), NZ.ActorGroup, "G")}, False),
        "a statement derived from another graph's article": (
            {str(a("1")): article(a("1")), str(a("2")): statement(Graph(), ex("s2"), a("1"), "ev"), ent: xy}, False),
        "blank nodes": ({str(a("1")): blank[0], str(a("2")): blank[1]}, False),
    }


@pytest.mark.parametrize("name", list(_tiny_cases()))
def test_stores_read_in_batches_or_whole_give_what_the_whole_store_gives(name, tmp_path):
    """Hand-made stores (found by a review): a description that points to another (an actor
    group by ``owl:sameAs``) or a class the KB declares are read with the batch; a store
    whose article graphs hold another graph's statement or article, an entity's
    description, or blank nodes is validated whole (the report's note says why). Either
    way: the lines of pySHACL over the whole store, in batches of one article and by
    queries alone."""
    from kg.validate import validate, validate_store

    graphs, batched = _tiny_cases()[name]
    st = _tiny_store(tmp_path / "store", graphs)
    try:
        whole = validate(st.dataset())

        class QueriesOnly:  # what an endpoint offers
            graph_names, query, dataset = st.graph_names, st.query, st.dataset

        for backend in (st, QueriesOnly()):
            got = validate_store(backend, batch=1)
            assert (got.conforms, got.violations) == (whole.conforms, whole.violations), (name, got.violations)
            assert (got.note == "") == batched, got.note
    finally:
        st.close()


def test_a_graph_named_by_a_blank_node_is_validated_whole(tmp_path):
    """A store with a graph named by a blank node (a TriG file may have one) is validated
    whole, with a note, not stopped by a traceback."""
    import pyoxigraph as ox

    from kg.validate import validate, validate_store

    raw = ox.Store(str(tmp_path / "store"))
    raw.add(ox.Quad(ox.NamedNode("https://w3id.org/nufuz/id/x"), ox.NamedNode(str(NZ.leaderOf)),
                    ox.NamedNode("https://w3id.org/nufuz/id/y"), ox.BlankNode("g1")))
    raw.flush()
    del raw
    st = OxigraphStore(tmp_path / "store", read_only=True)
    try:
        got = validate_store(st)
        assert got.note.startswith("a graph named by a blank node")
        assert (got.conforms, got.violations) == ((w := validate(st.dataset())).conforms, w.violations)
        assert not got.conforms  # x and y have no type: the shapes of leaderOf's ends
    finally:
        st.close()
