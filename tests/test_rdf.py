"""Tests for kg/rdf.py, kg/validate.py, kg/namespaces.py and the ontology files."""
from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from extractors.records import ENTITY_CLASSES, ArticleExtraction, Entity, Statement
from kg.namespaces import (
    DOC, ENTITIES_GRAPH, KB_GRAPH, NZ, NZR, PREDICATES, SCHEMA, SYMMETRIC, entity_id_of, entity_iri,
    load_ontology, ontology_path, predicate_info, statement_iri,
)
from kg.rdf import build_dataset, date_literal, union_graph, write_outputs
from kg.validate import validate

SHA_A = "a" * 40
SHA_B = "0123456789abcdef0123456789abcdef01234567"
DCT_SOURCE = URIRef("http://purl.org/dc/terms/source")


# --------------------------------------------------------------------------- fake KB

@dataclass
class FakeKBEntry:
    id: str
    cls: str
    label_en: str
    label_ar: str
    aliases_ar: list[str] = field(default_factory=list)
    aliases_en: list[str] = field(default_factory=list)
    wikidata: str | None = None
    country: str | None = None
    role: str | None = None
    role_of: str | None = None


@dataclass
class FakeKBFact:
    subject: str
    predicate: str
    object: str


@dataclass
class FakeKB:
    entries: dict[str, FakeKBEntry]
    facts: list[FakeKBFact]

    def get(self, id: str) -> FakeKBEntry | None:
        return self.entries.get(id)


def make_kb() -> FakeKB:
    entries = [
        FakeKBEntry("russia", "Country", "Russia", "روسيا", ["موسكو", "الروسي"],
                    ["Russian Federation"], "Q159"),
        FakeKBEntry("united-states", "Country", "United States", "الولايات المتحدة",
                    ["واشنطن", "الأميركية"], ["USA"], "Q30"),
        FakeKBEntry("uzbekistan", "Country", "Uzbekistan", "أوزبكستان", [], [], "Q265"),
        FakeKBEntry("kazakhstan", "Country", "Kazakhstan", "كازاخستان", [], [], "Q232"),
        FakeKBEntry("central-asia", "Region", "Central Asia", "آسيا الوسطى", ["وسط آسيا"], [],
                    "Q27275"),
        FakeKBEntry("china", "Country", "China", "الصين", [], [], "Q148"),
        FakeKBEntry("cnn", "NewsOrganization", "CNN", "سي إن إن", [], [], "Q48340"),
    ]
    facts = [
        FakeKBFact("uzbekistan", "partOf", "central-asia"),   # container not mentioned: added
        FakeKBFact("uzbekistan", "borders", "kazakhstan"),    # both mentioned: added
        FakeKBFact("russia", "borders", "china"),             # china not mentioned: left out
    ]
    return FakeKB({e.id: e for e in entries}, facts)


# --------------------------------------------------------------------------- records

def make_articles() -> list[ArticleExtraction]:
    text_a = ("موسكو ترفض الوجود العسكري الأميركي في أوزبكستان. "
              "وقال السفير السابق إن واشنطن تسعى إلى قاعدة عسكرية في آسيا الوسطى.")
    ents_a = {
        "russia": Entity("russia", "Country", "روسيا", "Russia", {"موسكو"},
                         ["http://www.wikidata.org/entity/Q159"]),
        "united-states": Entity("united-states", "Country", "الولايات المتحدة", "United States",
                                {"الأميركي", "واشنطن"}, ["http://www.wikidata.org/entity/Q30"]),
        "uzbekistan": Entity("uzbekistan", "Country", "أوزبكستان", "Uzbekistan", {"أوزبكستان"}),
        "kazakhstan": Entity("kazakhstan", "Country", "كازاخستان", "Kazakhstan", {"كازاخستان"}),
        "person/john-smith": Entity("person/john-smith", "Person", "جون سميث", "John Smith",
                                    {"السفير السابق"}, in_kb=False),
        "cnn": Entity("cnn", "NewsOrganization", "سي إن إن", "CNN", {"سي إن إن"}),
    }
    s1 = text_a.index("موسكو")
    e1 = text_a.index(".") + 1
    s2 = text_a.index("وقال")
    e2 = len(text_a)
    stmts_a = [
        # 0: asserted -> truthy edge; gYear date
        Statement("russia", "opposes", "united-states", "asserted", "REJECT", text_a[s1:e1],
                  s1, e1, 0.9, cameo="12", date="2021", location="uzbekistan",
                  reported_by="cnn", trigger="ترفض"),
        # 1: same edge again, reported -> edge shared (deduplicated); gMonthDay date
        Statement("russia", "opposes", "united-states", "reported", "REJECT", text_a[s1:e1],
                  s1, e1, 0.8, date="--03-15", attributed_to="person/john-smith"),
        # 2: intended -> truthy seeks... edge; full date; attribution that is no entity
        Statement("united-states", "seeksMilitaryPresenceIn", "uzbekistan", "intended",
                  "MOBILIZE", text_a[s2:e2], s2, e2, 0.75, cameo="15", date="2001-10-07",
                  attributed_to="US officials"),
        # 3: negated -> no truthy edge
        Statement("united-states", "hasMilitaryPresenceIn", "kazakhstan", "negated",
                  "MOBILIZE", text_a[s2:e2], s2, e2, 0.6),
        # 4: historical role -> truthy edge; start/end dates gYearMonth/gYear
        Statement("person/john-smith", "ambassadorTo", "uzbekistan", "historical", "ROLE",
                  text_a[s2:e2], s2, e2, 0.7, start_date="2015-06", end_date="2019"),
    ]
    art_a = ArticleExtraction(source="corpus/ar/a.txt", sha1=SHA_A, text=text_a, lang="ar",
                              headline="موسكو ترفض", date_published="2021-03-16",
                              entities=ents_a, statements=stmts_a)

    text_b = "الصين وروسيا تتعاونان. قد تهاجم روسيا أوزبكستان."
    ents_b = {
        "russia": Entity("russia", "Country", "روسيا", "Russia", {"روسيا"}),
        "uzbekistan": Entity("uzbekistan", "Country", "أوزبكستان", "Uzbekistan", {"أوزبكستان"}),
        "person/john-smith": Entity("person/john-smith", "Person", "جون سميث", "John Smith",
                                    {"سميث"}, in_kb=False),
    }
    i = text_b.index("قد")
    stmts_b = [
        # hypothetical -> no truthy edge
        Statement("russia", "attacks", "uzbekistan", "hypothetical", "ASSAULT", text_b[i:],
                  i, len(text_b), 0.5, cameo="19"),
        Statement("person/john-smith", "meetsWith", "russia", "asserted", "CONSULT",
                  text_b[:i], 0, i, 0.65),
    ]
    art_b = ArticleExtraction(source="https://example.org/news/b", sha1=SHA_B, text=text_b,
                              lang="ar", headline=None, date_published=None,
                              entities=ents_b, statements=stmts_b)
    return [art_a, art_b]


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return build_dataset(make_articles(), make_kb())


def st_node(sha: str, n: int) -> URIRef:
    return URIRef(f"https://w3id.org/nufuz/id/statement/{sha}/{n}")


# --------------------------------------------------------------------------- IRIs

def test_iris_and_slash_ids():
    assert str(entity_iri("person/john-smith")) == "https://w3id.org/nufuz/id/person/john-smith"
    assert str(entity_iri("org/a b#c")) == "https://w3id.org/nufuz/id/org/a%20b%23c"
    # Arabic is kept (IRIs allow it), bidi marks are encoded
    assert str(entity_iri("person/بوتين")) == "https://w3id.org/nufuz/id/person/بوتين"
    assert entity_iri("x\u200fy").endswith("x%E2%80%8Fy")
    assert entity_id_of(entity_iri("org/a b#c")) == "org/a b#c"
    assert entity_id_of(statement_iri(SHA_A, 3)) is None
    with pytest.raises(ValueError):
        entity_iri(" ")


def test_date_literal_forms():
    assert date_literal("2021").datatype == XSD.gYear
    assert date_literal("2021-03").datatype == XSD.gYearMonth
    assert date_literal("2021-03-15").datatype == XSD.date
    assert date_literal("--03-15").datatype == XSD.gMonthDay
    with pytest.raises(ValueError):
        date_literal("March 2021")


# --------------------------------------------------------------------------- graphs

def test_named_graphs(ds):
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert names == {f"{DOC}{SHA_A}", f"{DOC}{SHA_B}", str(ENTITIES_GRAPH), str(KB_GRAPH)}
    assert len(ds.graph(DATASET_DEFAULT_GRAPH_ID)) == 0


def test_article_node(ds):
    a = URIRef(f"{DOC}{SHA_A}")
    g = ds.graph(a)
    assert (a, RDF.type, SCHEMA.NewsArticle) in g
    assert g.value(a, DCT_SOURCE) == Literal("corpus/ar/a.txt")
    assert g.value(a, SCHEMA.headline) == Literal("موسكو ترفض", lang="ar")
    assert g.value(a, SCHEMA.inLanguage) == Literal("ar")
    assert g.value(a, SCHEMA.datePublished) == Literal("2021-03-16", datatype=XSD.date)
    assert set(g.objects(a, SCHEMA.mentions)) == {
        entity_iri(i) for i in ("russia", "united-states", "uzbekistan", "kazakhstan",
                                "person/john-smith", "cnn")}
    b = URIRef(f"{DOC}{SHA_B}")
    gb = ds.graph(b)
    assert gb.value(b, DCT_SOURCE) == URIRef("https://example.org/news/b")
    assert gb.value(b, SCHEMA.datePublished) is None
    assert len(set(gb.objects(b, SCHEMA.mentions))) == 3


def test_entity_descriptions(ds):
    """Entity descriptions live once, in the entities graph; a KB entity there only has what
    the KB lacks; an article graph keeps only its entities' names as nz:surfaceForm."""
    e = ds.graph(ENTITIES_GRAPH)
    p = URIRef("https://w3id.org/nufuz/id/person/john-smith")
    assert (p, RDF.type, NZ.Person) in e
    assert set(e.objects(p, SKOS.prefLabel)) == {Literal("جون سميث", lang="ar"),
                                                  Literal("John Smith", lang="en")}
    # the surface forms of both articles
    assert set(e.objects(p, SKOS.altLabel)) == {Literal("السفير السابق", lang="ar"),
                                                 Literal("سميث", lang="ar")}
    us = entity_iri("united-states")
    # واشنطن is a KB alias (KB graph), الأميركي a new surface form (entities graph)
    assert set(e.predicate_objects(us)) == {(SKOS.altLabel, Literal("الأميركي", lang="ar"))}
    assert (us, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q30")) in ds.graph(KB_GRAPH)
    assert entity_iri("russia") not in set(e.subjects())  # موسكو, روسيا: the KB's names
    ga = ds.graph(URIRef(f"{DOC}{SHA_A}"))
    for prop in (RDF.type, SKOS.prefLabel, SKOS.altLabel, OWL.sameAs):
        assert not [s for s in ga.subjects(prop, None) if str(s).startswith(str(NZR))
                    and not str(s).startswith(f"{NZR}statement/")], prop
    assert set(ga.objects(p, NZ.surfaceForm)) == {Literal("جون سميث", lang="ar"),
                                                  Literal("John Smith", lang="en"),
                                                  Literal("السفير السابق", lang="ar")}
    assert set(ga.objects(us, NZ.surfaceForm)) == {Literal("الأميركي", lang="ar")}


def test_label_join_returns_each_answer_once(ds):
    """Every (entity, label) is stated in one graph only, so a plain label join over the
    union (Oxigraph matches a triple once per graph stating it) returns each answer once."""
    import pyoxigraph as ox

    from kg.store import to_oxigraph

    store = ox.Store()
    store.extend([ox.Quad(*(to_oxigraph(t) for t in (s, p, o)), ox.NamedNode(str(getattr(g, "identifier", g))))
                  for s, p, o, g in ds.quads((None, None, None, None))])
    q = ("SELECT ?e ?l WHERE { ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?e . "
         "?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }")
    rows = [(r[0].value, r[1].value) for r in store.query(q, use_default_graph_as_union=True)]
    union = Dataset(store=ds.store, default_union=True)
    subjects = [union.value(st, RDF.subject) for st in set(union.subjects(RDF.type, NZ.Statement))]
    # one row per statement and label of its subject: no repeat per graph
    assert len(subjects) == 7
    assert len(rows) == sum(len(set(union.objects(s, SKOS.prefLabel))) for s in subjects) == 14
    q2 = "SELECT ?l WHERE { <https://w3id.org/nufuz/id/person/john-smith> <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"
    assert sorted(r[0].value for r in store.query(q2, use_default_graph_as_union=True)) == ["John Smith", "جون سميث"]
    for s, p, o in {(s, p, o) for s, p, o, _ in ds.quads((None, SKOS.prefLabel, None, None))}:
        assert len(list(ds.quads((s, p, o, None)))) == 1


def test_one_preflabel_per_language_first_article_wins():
    """Two articles spelling an entity outside the KB differently: the first article's
    label stays the prefLabel, the other's becomes an altLabel (no name is lost)."""
    arts = make_articles()
    arts[1].entities["person/john-smith"].label_ar = "جون سمث"
    e = build_dataset(arts, make_kb()).graph(ENTITIES_GRAPH)
    p = entity_iri("person/john-smith")
    assert set(e.objects(p, SKOS.prefLabel)) == {Literal("جون سميث", lang="ar"),
                                                  Literal("John Smith", lang="en")}
    assert Literal("جون سمث", lang="ar") in set(e.objects(p, SKOS.altLabel))
    e2 = build_dataset(arts[::-1], make_kb()).graph(ENTITIES_GRAPH)
    assert Literal("جون سمث", lang="ar") in set(e2.objects(p, SKOS.prefLabel))


def test_truthy_edges_only_for_truthy_modes(ds):
    ga, gb = ds.graph(URIRef(f"{DOC}{SHA_A}")), ds.graph(URIRef(f"{DOC}{SHA_B}"))
    edges_a = {(s, p, o) for s, p, o in ga if str(p)[len(str(NZ)):] in PREDICATES}
    assert edges_a == {
        (entity_iri("russia"), NZ.opposes, entity_iri("united-states")),   # 2 statements, 1 edge
        (entity_iri("united-states"), NZ.seeksMilitaryPresenceIn, entity_iri("uzbekistan")),
        (entity_iri("person/john-smith"), NZ.ambassadorTo, entity_iri("uzbekistan")),
    }
    negated = (entity_iri("united-states"), NZ.hasMilitaryPresenceIn, entity_iri("kazakhstan"))
    assert negated not in ga
    edges_b = {(s, p, o) for s, p, o in gb if str(p)[len(str(NZ)):] in PREDICATES}
    assert edges_b == {(entity_iri("person/john-smith"), NZ.meetsWith, entity_iri("russia"))}
    # ... but every statement still has its node, negated/hypothetical ones included
    assert len(set(ga.subjects(RDF.type, NZ.Statement))) == 5
    assert gb.value(st_node(SHA_B, 0), NZ.mode) == Literal("hypothetical")
    assert ga.value(st_node(SHA_A, 3), NZ.mode) == Literal("negated")


def test_statement_fields(ds):
    a = URIRef(f"{DOC}{SHA_A}")
    g = ds.graph(a)
    s0 = st_node(SHA_A, 0)
    assert {RDF.Statement, NZ.Statement} <= set(g.objects(s0, RDF.type))
    assert g.value(s0, RDF.subject) == entity_iri("russia")
    assert g.value(s0, RDF.predicate) == NZ.opposes
    assert g.value(s0, RDF.object) == entity_iri("united-states")
    assert g.value(s0, NZ.ploverCategory) == Literal("REJECT")
    assert g.value(s0, NZ.cameoCode) == Literal("12")
    assert g.value(s0, NZ.mode) == Literal("asserted")
    ev = g.value(s0, NZ.evidence)
    assert ev.language == "ar" and str(ev).startswith("موسكو ترفض")
    assert g.value(s0, NZ.charStart) == Literal(0, datatype=XSD.integer)
    end = g.value(s0, NZ.charEnd)
    assert end.datatype == XSD.integer and end.toPython() == make_articles()[0].text.index(".") + 1
    conf = g.value(s0, NZ.confidence)
    assert conf.datatype == XSD.decimal and conf.toPython() == Decimal("0.9")
    assert g.value(s0, NZ.date) == Literal("2021", datatype=XSD.gYear)
    assert g.value(s0, NZ.location) == entity_iri("uzbekistan")
    assert g.value(s0, NZ.reportedBy) == entity_iri("cnn")
    assert g.value(s0, NZ.trigger) == Literal("ترفض", lang="ar")
    assert g.value(s0, PROV.wasDerivedFrom) == a
    assert g.value(st_node(SHA_A, 1), NZ.date) == Literal("--03-15", datatype=XSD.gMonthDay)
    assert g.value(st_node(SHA_A, 2), NZ.date) == Literal("2001-10-07", datatype=XSD.date)
    assert g.value(st_node(SHA_A, 4), NZ.startDate) == Literal("2015-06", datatype=XSD.gYearMonth)
    assert g.value(st_node(SHA_A, 4), NZ.endDate) == Literal("2019", datatype=XSD.gYear)
    # attributedTo: entity id -> IRI; free description -> language-tagged literal
    assert g.value(st_node(SHA_A, 1), NZ.attributedTo) == entity_iri("person/john-smith")
    assert g.value(st_node(SHA_A, 2), NZ.attributedTo) == Literal("US officials", lang="en")
    assert g.value(st_node(SHA_A, 3), NZ.cameoCode) is None


def test_kb_graph_separation(ds):
    kb = ds.graph(KB_GRAPH)
    ru = entity_iri("russia")
    assert (ru, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q159")) in kb
    assert (ru, SKOS.altLabel, Literal("Russian Federation", lang="en")) in kb
    assert (ru, SKOS.prefLabel, Literal("روسيا", lang="ar")) in kb
    # KB facts: both ends mentioned, or a container with its own description
    assert (entity_iri("uzbekistan"), NZ.borders, entity_iri("kazakhstan")) in kb
    assert (entity_iri("uzbekistan"), NZ.partOf, entity_iri("central-asia")) in kb
    assert (entity_iri("central-asia"), RDF.type, NZ.Region) in kb
    assert (ru, NZ.borders, entity_iri("china")) not in kb
    assert entity_iri("china") not in set(kb.subjects())
    # entities outside the KB and article statements never reach the KB graph
    assert entity_iri("person/john-smith") not in set(kb.subjects())
    assert not set(kb.subjects(RDF.type, NZ.Statement))
    assert (ru, NZ.opposes, entity_iri("united-states")) not in kb
    # and KB background facts never reach an article graph
    for name in (SHA_A, SHA_B):
        assert (entity_iri("uzbekistan"), NZ.partOf, entity_iri("central-asia")) not in ds.graph(
            URIRef(f"{DOC}{name}"))


def test_kb_places_carry_their_coordinates():
    """The real KB: a mentioned place's point is in the KB graph as schema:latitude /
    schema:longitude (xsd:decimal), read back by kg.analytics; a place without a point and
    an actor get none."""
    from kg.analytics import read_graph
    from ontology.kb import load_kb

    kb = load_kb()
    ds = build_dataset(make_articles(), kb)
    g = ds.graph(KB_GRAPH)
    ru, uz = entity_iri("russia"), entity_iri("uzbekistan")
    assert (ru, SCHEMA.latitude, Literal("55.752", datatype=XSD.decimal)) in g       # Moscow
    assert (ru, SCHEMA.longitude, Literal("37.6178", datatype=XSD.decimal)) in g
    assert float(g.value(uz, SCHEMA.latitude)) == pytest.approx(kb.get("tashkent").latitude)
    for name in (SHA_A, SHA_B):   # never in an article graph
        assert not set(ds.graph(URIRef(f"{DOC}{name}")).triples((None, SCHEMA.latitude, None)))
    idx = read_graph(ds)
    assert (idx.entity(str(ru)).latitude, idx.entity(str(ru)).longitude) == (55.752, 37.6178)
    assert idx.entity(str(entity_iri("person/john-smith"))).latitude is None
    # every point written is a KB place's
    lats = set(g.subjects(SCHEMA.latitude, None))
    assert lats and all(kb.get(str(s).rsplit("/", 1)[1]).latitude is not None for s in lats)
    assert lats == set(g.subjects(SCHEMA.longitude, None))
    # canonical decimals (XSD 1.0): no trailing zeros, one digit after the point, so TriG
    # written by rdflib reads back to the same literal
    from kg.rdf import degrees_literal
    assert [str(degrees_literal(x)) for x in (44.0, 95.261, -75.16, 0.00001, -0.00001)] == [
        "44.0", "95.261", "-75.16", "0.0", "0.0"]


def test_no_kb_no_kb_graph():
    ds = build_dataset(make_articles())
    assert str(KB_GRAPH) not in {str(g.identifier) for g in ds.graphs()}
    # without a KB a free-text attribution that looks like no entity stays a literal
    g = ds.graph(URIRef(f"{DOC}{SHA_A}"))
    assert isinstance(g.value(st_node(SHA_A, 2), NZ.attributedTo), Literal)


def test_entity_referenced_but_not_listed():
    arts = make_articles()
    b = arts[1]
    b.statements.append(Statement("russia", "cooperatesWith", "kazakhstan", "asserted",
                                  "COOPERATE", b.text, 0, len(b.text), 0.6))
    ds = build_dataset(arts)
    gb = ds.graph(URIRef(f"{DOC}{SHA_B}"))
    kz = entity_iri("kazakhstan")
    # described once, in the entities graph (from article A), so no IRI is untyped; B does
    # not "mention" it and holds no description of it
    e = ds.graph(ENTITIES_GRAPH)
    assert (kz, RDF.type, NZ.Country) in e
    assert (kz, SKOS.prefLabel, Literal("Kazakhstan", lang="en")) in e
    assert not set(gb.predicate_objects(kz))
    assert kz not in set(gb.objects(URIRef(f"{DOC}{SHA_B}"), SCHEMA.mentions))
    assert validate(ds).conforms


def test_bad_article_raises_or_is_skipped():
    arts = make_articles()
    arts[1].statements[0].mode = "rumoured"
    arts[1].statements[1].predicate = "likes"
    with pytest.raises(ValueError, match="rumoured"):
        build_dataset(arts)
    errors: list[str] = []
    ds = build_dataset(arts, make_kb(), errors=errors)
    assert errors == [
        "https://example.org/news/b: statement 0 has unknown mode 'rumoured'",
        "https://example.org/news/b: statement 1 has unknown predicate 'likes'"]
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert names == {f"{DOC}{SHA_A}", str(ENTITIES_GRAPH), str(KB_GRAPH)}   # the good article is kept
    assert entity_iri("person/john-smith") in set(ds.graph(ENTITIES_GRAPH).subjects())
    assert Literal("سميث", lang="ar") not in set(ds.graph(ENTITIES_GRAPH).objects())  # B's name


# --------------------------------------------------------------------------- outputs

def test_write_outputs_round_trip(ds, tmp_path):
    paths = write_outputs(ds, tmp_path / "out")
    assert {k: p.name for k, p in paths.items()} == {
        "trig": "graph.trig", "ttl": "graph.ttl", "jsonld": "graph.jsonld"}
    n_quads = len(list(ds.quads((None, None, None, None))))
    for key, fmt in (("trig", "trig"), ("jsonld", "json-ld")):
        back = Dataset()
        back.parse(paths[key], format=fmt)
        assert len(list(back.quads((None, None, None, None)))) == n_quads, key
        assert {str(g.identifier) for g in back.graphs() if len(g)} == {
            f"{DOC}{SHA_A}", f"{DOC}{SHA_B}", str(ENTITIES_GRAPH), str(KB_GRAPH)}
    ttl = Graph().parse(paths["ttl"], format="turtle")
    assert len(ttl) == len(union_graph(ds))
    assert "@prefix schema: <http://schema.org/>" in paths["ttl"].read_text(encoding="utf-8")
    # no temp files left behind
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "graph.jsonld", "graph.trig", "graph.ttl"]


def test_write_outputs_is_atomic(ds, tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_outputs(ds, out)
    before = (out / "graph.trig").read_bytes()

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(sys.modules["kg.atomic"].os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_outputs(build_dataset(make_articles()[:1]), out)
    assert (out / "graph.trig").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


# --------------------------------------------------------------------------- validation

def test_validate_passes(ds):
    report = validate(ds)
    assert report.conforms, report.violations
    assert report.violations == []


def test_validate_fails_without_evidence(ds):
    broken = Dataset()
    for q in ds.quads((None, None, None, None)):
        broken.add(q)
    g = broken.graph(URIRef(f"{DOC}{SHA_A}"))
    g.remove((st_node(SHA_A, 2), NZ.evidence, None))
    report = validate(broken)
    assert not report.conforms
    hits = [v for v in report.violations if "nz:evidence" in v]
    assert len(hits) == 1
    assert f"statement/{SHA_A}/2" in hits[0] and "MinCount" in hits[0]
    assert "evidence sentence" in hits[0]


def test_validate_domain_range_and_values(ds):
    g = union_graph(ds)
    g.add((entity_iri("uzbekistan"), NZ.leaderOf, entity_iri("russia")))   # a Country leads
    g.set((st_node(SHA_A, 0), NZ.confidence, Literal(Decimal("1.5"), datatype=XSD.decimal)))
    g.set((st_node(SHA_A, 0), NZ.mode, Literal("rumoured")))
    report = validate(g)
    assert not report.conforms
    joined = "\n".join(report.violations)
    assert "nzr:uzbekistan: the subject of nz:leaderOf must be a nz:Person" in joined
    assert "nz:confidence" in joined and "nz:mode" in joined
    assert len(report.violations) == 3
    # subclasses count for sh:class: a Government meets the Actor domain of nz:opposes
    g2 = union_graph(ds)
    gov = entity_iri("org/ministry of defence")
    g2.add((gov, RDF.type, NZ.Government))
    g2.add((gov, NZ.opposes, entity_iri("russia")))
    assert validate(g2).conforms


def test_validate_one_preflabel_per_language(ds):
    """A second Arabic prefLabel (an article graph describing an entity again, as builds did
    before the entities graph) breaks the shapes."""
    g = union_graph(ds)
    g.add((entity_iri("person/john-smith"), SKOS.prefLabel, Literal("جون سمث", lang="ar")))
    g.add((entity_iri("person/john-smith"), NZ.surfaceForm, Literal("plain")))
    report = validate(g)
    joined = "\n".join(report.violations)
    assert not report.conforms and len(report.violations) == 2, joined
    assert "at most one skos:prefLabel per language" in joined
    assert "nz:surfaceForm is a language-tagged name" in joined


def test_validate_actor_group(ds):
    """A generic actor (nz:ActorGroup) meets every "actor" domain/range; its own shape wants a
    sector code, a prefLabel and at most one nz:country that is a Country."""
    g = union_graph(ds)
    grp = entity_iri("group/russian-protesters")
    g.add((grp, RDF.type, NZ.ActorGroup))
    g.add((grp, SKOS.prefLabel, Literal("المتظاهرون الروس", lang="ar")))
    g.add((grp, NZ.sector, Literal("CVL")))
    g.add((grp, NZ.country, entity_iri("russia")))
    g.add((grp, NZ.opposes, entity_iri("russia")))                  # actor -> actor
    g.add((entity_iri("russia"), NZ.pressures, grp))                # actor -> actor
    g.add((grp, NZ.attacks, entity_iri("uzbekistan")))              # actor -> place
    g.add((grp, NZ.withdrawsFrom, entity_iri("kazakhstan")))        # actor -> place
    report = validate(g)
    assert report.conforms, report.violations

    g.add((grp, NZ.leaderOf, entity_iri("russia")))                 # a person's predicate
    g.set((grp, NZ.sector, Literal("civilians")))
    g.add((grp, NZ.country, entity_iri("central-asia")))            # a Region, and a second one
    bare = entity_iri("group/gunmen")
    g.add((bare, RDF.type, NZ.ActorGroup))                          # no sector, no label
    report = validate(g)
    assert not report.conforms
    joined = "\n".join(report.violations)
    assert "the subject of nz:leaderOf must be a nz:Person" in joined
    assert "nzr:group/russian-protesters nz:sector: an actor group needs an nz:sector" in joined
    assert "Pattern" in joined
    assert "nz:country of an actor group is at most one nz:Country" in joined
    assert "nzr:group/gunmen nz:sector" in joined and "nzr:group/gunmen skos:prefLabel" in joined
    assert len(report.violations) == 6, report.violations


def test_validate_5000_triples_conforms():
    # (speed is a benchmark matter, not a timed test: the machines are shared)
    arts = []
    for k in range(6):
        base = make_articles()[0]
        base.sha1 = f"{k:040x}"
        base.statements = base.statements * 12
        arts.append(base)
    ds = build_dataset(arts, make_kb())
    n = len(union_graph(ds))
    assert n > 5000
    report = validate(ds)
    assert report.conforms, report.violations[:3]


# --------------------------------------------------------------------------- ontology

def test_ontology_declares_predicates_and_classes():
    onto = load_ontology()
    for name in PREDICATES:
        p = NZ[name]
        assert (p, RDF.type, OWL.ObjectProperty) in onto, name
        langs = {lit.language for lit in onto.objects(p, RDFS.label)}
        assert {"ar", "en"} <= langs, name
        assert onto.value(p, RDFS.comment) is not None, name
        assert onto.value(p, RDFS.domain) is not None and onto.value(p, RDFS.range) is not None
        assert ((p, RDF.type, OWL.SymmetricProperty) in onto) == (name in SYMMETRIC), name
    assert len(PREDICATES) == 21
    for cls in ENTITY_CLASSES + ("Statement", "Actor", "Place"):
        assert (NZ[cls], RDF.type, OWL.Class) in onto, cls
    assert (NZ.Government, RDFS.subClassOf, NZ.Organization) in onto
    assert (NZ.Topic, RDFS.subClassOf, SKOS.Concept) in onto
    assert (NZ.ActorGroup, RDF.type, OWL.Class) in onto
    assert (NZ.ActorGroup, RDFS.subClassOf, NZ.Actor) in onto
    assert {lit.language for lit in onto.objects(NZ.ActorGroup, RDFS.label)} == {"ar", "en"}
    assert (NZ.sector, RDF.type, OWL.DatatypeProperty) in onto
    assert (onto.value(NZ.sector, RDFS.domain), onto.value(NZ.sector, RDFS.range)) == (NZ.ActorGroup, XSD.string)
    assert (NZ.country, RDF.type, OWL.ObjectProperty) in onto
    assert (onto.value(NZ.country, RDFS.domain), onto.value(NZ.country, RDFS.range)) == (NZ.ActorGroup, NZ.Country)
    for prop in ("ploverCategory", "cameoCode", "mode", "location", "topic", "date",
                 "startDate", "endDate", "evidence", "charStart", "charEnd", "confidence",
                 "reportedBy", "attributedTo", "trigger"):
        assert (NZ[prop], RDF.type, None) in onto, prop
    assert onto.value(NZ.leaderOf, RDFS.domain) == NZ.Person


def test_plover_table_matches_ontology():
    rows = [r for r in csv.DictReader(
        [ln for ln in ontology_path("plover.tsv").read_text(encoding="utf-8").splitlines()
         if ln and not ln.startswith("#")], delimiter="\t")]
    assert [r["predicate"] for r in rows] == list(PREDICATES)
    info = predicate_info()
    onto = load_ontology()
    for name, pi in info.items():
        assert pi.polarity in {"conflict", "cooperation", "neutral"}
        assert str(onto.value(NZ[name], NZ.ploverCategory)) == pi.plover, name
        cameo = onto.value(NZ[name], NZ.cameoCode)
        assert (str(cameo) if cameo is not None else "") == pi.cameo, name
        assert pi.label_en and pi.label_ar
    assert (info["opposes"].plover, info["opposes"].cameo, info["opposes"].polarity) == (
        "REJECT", "12", "conflict")
    assert info["meetsWith"].plover == "CONSULT" and info["meetsWith"].symmetric
    assert info["leaderOf"].label_ar == "زعيم"
    assert info["attacks"].iri == NZ.attacks
    assert str(NZR) == "https://w3id.org/nufuz/id/"


def test_literal_language_tags_follow_the_script():
    # issue 11 item 5: an English role title in an Arabic article is @en, not @ar
    from kg.rdf import text_lang
    assert text_lang("Foreign Minister", "ar") == "en"
    assert text_lang("وزير الخارجية", "en") == "ar"
    assert text_lang("2015", "ar") == "ar"  # no letters: the article's language
    from pathlib import Path
    from extractors.pipeline import Extractor
    from extractors.sources import read_article
    seed = next((Path(__file__).resolve().parents[1] / "examples" / "ar").glob("*.txt"))
    arts = [Extractor("ar").extract(raw) for raw in read_article(seed)]
    data = build_dataset(arts, kb=None)
    triggers = [o for _s, _p, o, _g in data.quads((None, NZ.trigger, None, None))]
    assert triggers and any(o.language == "en" for o in triggers)
    for o in triggers:
        assert o.language == ("en" if any("a" <= c.lower() <= "z" for c in str(o)) else "ar"), o
