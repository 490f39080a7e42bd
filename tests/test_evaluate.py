"""Tests of kg/evaluate.py and ``nufuz eval --data`` on a small hand-made gold + TriG fixture.

The fixture has three gold articles: ``a.txt`` (found by sha1; a duplicate, an optional, an
absent, a wrong type, a symmetric relation stored reversed, an alternative subject and an
alternative predicate, a relation whose subject is described only in another graph),
``b.txt`` (found by ``dcterms:source`` only, its gold has no ``lang`` so counts as Arabic) and
``sub/c.json`` (not in the data). The totals are checked against hand-computed values and
against ``../shared/eval/score.py``. Two more hand-made fixtures check ``--lang`` (an English
gold article added beside the three) and the exclusion of generic actors (``nz:ActorGroup``).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset
from typer.testing import CliRunner

from kg import namespaces
from kg.cli import app
from kg.evaluate import (PREDICATES, SYMMETRIC, DataError, GoldError, evaluate, load_data, load_gold,
                         norm_ar, norm_en, type_ok)

SHARED = Path(__file__).resolve().parents[2] / "shared"
SCORE_PY = SHARED / "eval" / "score.py"

pytestmark = pytest.mark.filterwarnings(
    "ignore:.*(default_context|ConjunctiveGraph|Dataset.contexts).*:DeprecationWarning")

SHA_A = "0123456789abcdef0123456789abcdef01234567"
SHA_B = "89abcdef0123456789abcdef0123456789abcdef"

GOLD_A = {
    "doc": "a.txt", "sha1": SHA_A, "lang": "ar",
    "entities": {
        "putin": {"type": "Person", "en": ["Vladimir Putin", "Putin"], "ar": ["فلاديمير بوتين", "بوتين"],
                  "wikidata": "Q7747", "need": "required"},
        "biden": {"type": "Person", "en": ["Joe Biden"], "ar": ["جو بايدن"], "need": "required"},
        "russia": {"type": "Country", "en": ["Russia"], "ar": ["روسيا"], "wikidata": "Q159", "need": "required"},
        "usa": {"type": "Country", "en": ["United States"], "ar": ["الولايات المتحدة"], "need": "required"},
        "moscow": {"type": "City", "en": ["Moscow"], "ar": ["موسكو"], "need": "optional"},
        "nato": {"type": "InternationalOrganization", "en": ["NATO"], "ar": ["حلف الناتو"], "need": "required"},
        "geneva": {"type": "City", "en": ["Geneva"], "ar": ["جنيف"], "need": "required"},
        "kortunov": {"type": "Person", "en": ["Andrey Kortunov"], "ar": ["أندريه كورتونوف"], "need": "required"},
    },
    "absent": {"cnn": {"en": ["CNN"], "ar": ["سي إن إن"], "why": "link to another story"}},
    "relations": [
        {"s": ["putin", "russia"], "p": ["opposes"], "o": ["usa"], "need": "required"},
        {"s": ["putin"], "p": ["meetsWith"], "o": ["biden"], "need": "required"},
        {"s": ["russia"], "p": ["opposes"], "o": ["nato"], "need": "required"},
        {"s": ["moscow"], "p": ["locatedIn"], "o": ["russia"], "need": "optional"},
        {"s": ["usa"], "p": ["hasMilitaryPresenceIn", "hasInfluenceIn"], "o": ["geneva"], "need": "required"},
    ],
}
GOLD_B = {  # no "lang": counts as Arabic
    "doc": "b.txt", "sha1": "f" * 40,
    "entities": {"iran": {"type": "Country", "en": ["Iran"], "ar": ["إيران"], "need": "required"}},
    "absent": {}, "relations": [],
}
GOLD_C = {
    "doc": "c.txt", "sha1": "d" * 40, "lang": "ar",
    "entities": {"x": {"type": "Person", "en": ["X"], "ar": [], "need": "required"},
                 "y": {"type": "Person", "en": ["Y"], "ar": [], "need": "optional"}},
    "absent": {}, "relations": [{"s": ["x"], "p": ["opposes"], "o": ["y"], "need": "required"}],
}

PREFIXES = """
@prefix nz: <https://w3id.org/nufuz/ontology#> .
@prefix nzr: <https://w3id.org/nufuz/id/> .
@prefix doc: <https://w3id.org/nufuz/doc/> .
@prefix schema: <http://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
"""

TRIG = PREFIXES + f"""

doc:{SHA_A} {{
  doc:{SHA_A} a schema:NewsArticle ; dcterms:source "corpus/a.txt" ;
      schema:mentions nzr:a-putin, nzr:b-putin, nzr:russia, nzr:usa, nzr:moscow, nzr:nato,
                      nzr:geneva, nzr:cnn, nzr:zz-someone .
  nzr:a-putin a nz:Person ; skos:prefLabel "بُوتين"@ar .
  nzr:b-putin a nz:Person ; skos:altLabel "Putin"@en .
  nzr:russia a nz:Country ; skos:prefLabel "Russian Federation"@en ;
      owl:sameAs <http://www.wikidata.org/entity/Q159> .
  nzr:usa a nz:Country ; skos:prefLabel "The United States"@en .
  nzr:moscow a nz:City ; skos:prefLabel "Moscow"@en .
  nzr:nato a nz:Organization ; skos:prefLabel "NATO"@en .
  nzr:geneva a nz:Country ; skos:prefLabel "Geneva"@en .
  nzr:cnn a nz:NewsOrganization ; skos:prefLabel "CNN"@en .
  nzr:zz-someone a nz:Person ; skos:prefLabel "Someone Else"@en .

  nzr:a-putin nz:opposes nzr:usa .
  nzr:b-putin nz:opposes nzr:usa .
  nzr:russia nz:opposes nzr:usa .
  nzr:biden nz:meetsWith nzr:a-putin .
  nzr:moscow nz:locatedIn nzr:russia .
  nzr:usa nz:hasInfluenceIn nzr:geneva .
  nzr:usa nz:supports nzr:russia .
  nzr:nato nz:opposes nzr:russia .
  nzr:usa nz:confidence nzr:russia .
}}

doc:{"e" * 40} {{
  doc:{"e" * 40} a schema:NewsArticle ; dcterms:source "corpus/b.txt" ; schema:mentions nzr:iran .
  nzr:iran a nz:Country ; skos:prefLabel "Iran"@en .
}}

<https://w3id.org/nufuz/graph/kb> {{
  nzr:biden a nz:Person ; skos:prefLabel "Joe Biden"@en .
  nzr:russia nz:opposes nzr:nato .
}}
"""

# Hand-computed (see the fixture): entities a: TP putin, russia (Wikidata id), usa ("The"
# dropped), moscow (optional), nato (Organization accepted for InternationalOrganization),
# geneva (typed Country: wrong type); FP the duplicate Putin, CNN (absent) and Someone Else;
# b: TP iran; c: not found. Relations a: TP putin|russia opposes usa (2 distinct triples),
# biden meetsWith putin (symmetric), moscow locatedIn russia (optional), usa hasInfluenceIn
# geneva (alternative predicate); FP usa supports russia, nato opposes russia (not symmetric);
# russia opposes nato is only in the KB graph, so it is missed.
EXPECTED_COUNTS = {"ent_tp": 7, "ent_fp": 3, "ent_req": 9, "ent_req_hit": 6, "ent_typed_hit": 5,
                   "rel_tp": 5, "rel_fp": 2, "rel_req": 5, "rel_req_hit": 3, "boilerplate": 1}
EXPECTED_SUMMARY = {"docs": 3, "docs_found": 2, "entity_p": 0.7, "entity_r": 0.667, "entity_f1": 0.683,
                    "entity_typed_r": 0.556, "relation_p": 0.714, "relation_r": 0.6, "relation_f1": 0.652,
                    "boilerplate_entities": 1}


@pytest.fixture()
def fixture(tmp_path: Path) -> tuple[Path, Path]:
    gold = tmp_path / "gold"
    (gold / "sub").mkdir(parents=True)
    (gold / "a.json").write_text(json.dumps(GOLD_A, ensure_ascii=False), encoding="utf-8")
    (gold / "b.json").write_text(json.dumps(GOLD_B), encoding="utf-8")
    (gold / "sub" / "c.json").write_text(json.dumps(GOLD_C), encoding="utf-8")
    data = tmp_path / "data.trig"
    data.write_text(TRIG, encoding="utf-8")
    return gold, data


def score_py(gold: Path, *data: Path) -> dict:
    if not SCORE_PY.is_file():
        pytest.skip(f"{SCORE_PY} absent (the shared scorer is not available)")
    args = [sys.executable, str(SCORE_PY), "--gold", str(gold), "--json"]
    for d in data:
        args += ["--data", str(d)]
    proc = subprocess.run(args, capture_output=True, text=True, encoding="utf-8", check=True)
    return json.loads(proc.stdout)


# --------------------------------------------------------------------------- the fixture


def test_fixture_totals_by_hand(fixture):
    gold, data = fixture
    ev = evaluate(load_data([data]), load_gold(gold))
    assert [a.doc for a in ev.articles] == ["a.txt", "b.txt", "c.txt"]
    assert [a.found for a in ev.articles] == [True, True, False]
    assert {k: getattr(ev.total, k) for k in EXPECTED_COUNTS} == EXPECTED_COUNTS
    assert ev.summary() == EXPECTED_SUMMARY
    assert ev.total.entity_p == pytest.approx(0.7)
    assert ev.total.relation_f1 == pytest.approx(30 / 46)


def test_fixture_article_details(fixture):
    gold, data = fixture
    a, b, c = evaluate(load_data([data]), load_gold(gold)).articles
    assert a.article == f"https://w3id.org/nufuz/doc/{SHA_A}"
    assert (a.ent_tp, a.ent_fp, a.ent_req, a.ent_req_hit, a.ent_typed_hit) == (6, 3, 7, 5, 4)
    assert (a.rel_tp, a.rel_fp, a.rel_req, a.rel_req_hit) == (5, 2, 4, 3)
    assert a.entity_p == pytest.approx(6 / 9) and a.entity_r == pytest.approx(5 / 7)
    assert a.entity_f1 == pytest.approx(20 / 29)
    assert a.relation_p == pytest.approx(5 / 7) and a.relation_r == pytest.approx(0.75)
    assert a.absent_hits == ["cnn"] and a.boilerplate == 1
    assert a.misses == ["missing entity: biden", "missing entity: kortunov",
                        "wrong type: geneva (gold City, got ['Country'])",
                        "missing relation: russia opposes nato"]
    assert a.extras == [
        "duplicate of putin: https://w3id.org/nufuz/id/b-putin ['putin']",
        "extra entity: https://w3id.org/nufuz/id/cnn ['cnn']",
        "extra entity: https://w3id.org/nufuz/id/zz-someone ['someone else']",
        "extra relation: nato opposes russia",
        "extra relation: usa supports russia",
    ]
    assert b.article == f"https://w3id.org/nufuz/doc/{'e' * 40}"  # by dcterms:source
    assert (b.ent_tp, b.ent_fp, b.ent_req_hit, b.rel_req, b.relation_r, b.relation_p) == (1, 0, 1, 0, 1.0, 0.0)
    assert (c.found, c.article, c.ent_req, c.rel_req, c.ent_tp, c.misses) == (False, None, 1, 1, 0, [])
    assert c.entity_r == 0.0 and c.entity_typed_r == 0.0


def test_fixture_agrees_with_score_py(fixture, tmp_path):
    gold, data = fixture
    ref = score_py(gold, data)
    ev = evaluate(load_data([data]), load_gold(gold))
    mine = ev.to_dict()
    for key, value in ref["summary"].items():
        assert mine["summary"][key] == value, key
    assert mine["summary"].keys() == ref["summary"].keys()
    assert len(mine["docs"]) == len(ref["docs"])
    for d_mine, d_ref in zip(mine["docs"], ref["docs"]):
        for key, value in d_ref.items():
            assert d_mine[key] == value, (d_ref["doc"], key)
    # a single gold file, and the same data as N-Quads plus a second file
    assert evaluate(load_data([data]), load_gold(gold / "a.json")).summary() == score_py(gold / "a.json", data)["summary"]
    nq = tmp_path / "data.nq"
    load_data([data]).serialize(nq, format="nquads")
    extra = tmp_path / "extra.trig"
    extra.write_text(f"""@prefix nzr: <https://w3id.org/nufuz/id/> . @prefix nz: <https://w3id.org/nufuz/ontology#> .
<https://w3id.org/nufuz/doc/{SHA_A}> {{ nzr:russia nz:opposes nzr:nato . }}""", encoding="utf-8")
    two = evaluate(load_data([nq, extra]), load_gold(gold))
    assert two.summary() == score_py(gold, nq, extra)["summary"]
    assert two.total.rel_req_hit == 4


def test_dataset_without_default_union_scores_the_same(fixture):
    gold, data = fixture
    ds = Dataset()  # what kg.rdf.build_dataset returns: queries see only the default graph
    ds.parse(data, format="trig")
    assert evaluate(ds, load_gold(gold)).summary() == EXPECTED_SUMMARY


# --------------------------------------------------------------------------- rules


def test_normalizers_and_types():
    assert norm_ar("الوِلاياتُ المتحدة") == "ولايات متحده"
    assert norm_ar("إيران") == norm_ar("ايران") == "ايران"
    assert norm_en("The U.S.") == "u s" and norm_en("Zürich") == "zurich"
    assert type_ok("InternationalOrganization", {"Organization"})
    assert type_ok("Organization", {"Government"})
    assert not type_ok("City", {"Country"}) and not type_ok("Person", set())
    assert PREDICATES == set(namespaces.PREDICATES) and SYMMETRIC == namespaces.SYMMETRIC


def test_load_errors(tmp_path):
    with pytest.raises(GoldError, match="no such file"):
        load_gold(tmp_path / "nope")
    with pytest.raises(GoldError, match="no gold .json file"):
        load_gold(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text('{"doc": "x.txt", "entities": {"k": {"type": "Person", "need": "maybe"}}, "relations": []}')
    with pytest.raises(GoldError, match=r"bad.json: entity 'k': 'need'"):
        load_gold(bad)
    bad.write_text("{not json")
    with pytest.raises(GoldError, match="not a readable gold JSON"):
        load_gold(bad)
    with pytest.raises(DataError, match="no such file"):
        load_data([tmp_path / "x.trig"])
    (tmp_path / "x.rdf").write_text("<a> <b> <c> .")
    with pytest.raises(DataError, match="unsupported RDF format .rdf"):
        load_data([tmp_path / "x.rdf"])
    (tmp_path / "x.trig").write_text("garbage <<")
    with pytest.raises(DataError, match=r"x.trig: not valid trig: .*Bad syntax"):
        load_data([tmp_path / "x.trig"])


# --------------------------------------------------------------------------- nufuz eval --data

runner = CliRunner()


def test_cli_json_and_table(fixture):
    gold, data = fixture
    res = runner.invoke(app, ["eval", "--gold", str(gold), "--data", str(data), "--json"])
    assert res.exit_code == 0, res.output
    obj = json.loads(res.stdout)
    assert obj["summary"] == EXPECTED_SUMMARY
    assert [d["doc"] for d in obj["docs"]] == ["a.txt", "b.txt", "c.txt"]
    assert obj["docs"][0]["absent_hits"] == ["cnn"] and obj["docs"][0]["relation_r"] == 0.75
    assert "1 of 3 gold article(s) not in the data" in res.stderr

    res = runner.invoke(app, ["eval", "--gold", str(gold), "--data", str(data), "-v"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    total = next(ln for ln in lines if ln.startswith("TOTAL")).split()
    assert total[-8:] == ["0.700", "0.667", "0.683", "0.556", "0.714", "0.600", "0.652", "1"]
    a_row = next(ln for ln in lines if ln.startswith("a.txt")).split()
    assert a_row[1:] == ["0.667", "0.714", "0.690", "0.571", "0.714", "0.750", "0.732", "1", "(cnn)"]
    flat = " ".join(res.stdout.split())
    assert "- missing relation: russia opposes nato" in flat
    assert "+ duplicate of putin: https://w3id.org/nufuz/id/b-putin ['putin']" in flat
    assert "1 of 3 gold article(s) not in the data" in flat


@pytest.mark.parametrize("args, message", [
    (["--gold", "{tmp}/nope", "--data", "{data}"], "nope: no such file or folder"),
    (["--gold", "{gold}", "--data", "{tmp}/missing.trig"], "missing.trig: no such file"),
    (["--gold", "{gold}", "--data", "{tmp}/bad.trig"], "bad.trig: not valid trig"),
    (["--gold", "{gold}", "--data", "{tmp}/other.trig"], "none of the 3 gold article(s) is in the data"),
    (["--data", "{data}"], "--gold PATH is required"),
    (["--gold", "{gold}"], "nothing to score"),
    (["--gold", "{gold}", "--data", "{data}", "x.txt"], "either --data FILE... or article INPUTS"),
])
def test_cli_errors_are_one_line(fixture, tmp_path, args, message):
    gold, data = fixture
    (tmp_path / "bad.trig").write_text("garbage [ <<", encoding="utf-8")
    (tmp_path / "other.trig").write_text(TRIG.replace(SHA_A, "9" * 40).replace(".txt\"", ".html\""), encoding="utf-8")
    args = [a.format(tmp=tmp_path, gold=gold, data=data) for a in args]
    res = runner.invoke(app, ["eval", *args])
    assert res.exit_code == 1
    assert res.stdout == ""
    err = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(err) == 1 and err[0].startswith("error: ") and message in err[0], res.stderr


# --------------------------------------------------------------------------- --lang

SHA_EN = "abcdef0123456789abcdef0123456789abcdef01"
GOLD_EN = {
    "doc": "en.txt", "sha1": SHA_EN, "lang": "en",
    "entities": {"uk": {"type": "Country", "en": ["United Kingdom", "Britain"], "ar": [], "need": "required"},
                 "france": {"type": "Country", "en": ["France"], "ar": [], "need": "required"}},
    "absent": {}, "relations": [{"s": ["uk"], "p": ["supports"], "o": ["france"], "need": "required"}],
}
TRIG_EN = PREFIXES + f"""
doc:{SHA_EN} {{
  doc:{SHA_EN} a schema:NewsArticle ; dcterms:source "corpus/en.txt" ; schema:mentions nzr:uk, nzr:spain .
  nzr:uk a nz:Country ; skos:prefLabel "Britain"@en .
  nzr:spain a nz:Country ; skos:prefLabel "Spain"@en .
  nzr:uk nz:supports nzr:spain .
}}
"""
# en.txt alone: TP uk; FP spain; france missed; uk supports spain is an extra, the gold
# relation is missed.
EN_SUMMARY = {"docs": 1, "docs_found": 1, "entity_p": 0.5, "entity_r": 0.5, "entity_f1": 0.5,
              "entity_typed_r": 0.5, "relation_p": 0.0, "relation_r": 0.0, "relation_f1": 0.0,
              "boilerplate_entities": 0}
# a + b + c + en: entities TP 7+1, FP 3+1, required 9+2 (hit 6+1, typed 5+1); relations TP 5+0,
# FP 2+1, required 5+1 (hit 3+0).
ALL_SUMMARY = {"docs": 4, "docs_found": 3, "entity_p": 0.667, "entity_r": 0.636, "entity_f1": 0.651,
               "entity_typed_r": 0.545, "relation_p": 0.625, "relation_r": 0.5, "relation_f1": 0.556,
               "boilerplate_entities": 1}


@pytest.fixture()
def lang_fixture(fixture) -> tuple[Path, Path, Path]:
    """The three-article fixture plus an English gold article and a dataset file holding it."""
    gold, data = fixture
    (gold / "en.json").write_text(json.dumps(GOLD_EN), encoding="utf-8")
    en = data.parent / "en.trig"
    en.write_text(TRIG_EN, encoding="utf-8")
    return gold, data, en


def test_load_gold_filters_by_lang(lang_fixture):
    gold, _, _ = lang_fixture
    assert [(g.doc, g.lang) for g in load_gold(gold)] == [
        ("a.txt", "ar"), ("b.txt", "ar"), ("en.txt", "en"), ("c.txt", "ar")]
    assert [g.doc for g in load_gold(gold, lang="ar")] == ["a.txt", "b.txt", "c.txt"]
    assert [g.doc for g in load_gold(gold, lang="en")] == ["en.txt"]
    assert [g.doc for g in load_gold(gold / "en.json", lang="en")] == ["en.txt"]
    with pytest.raises(GoldError, match=r"no gold file in language 'fr' \(the gold has: ar, en\)"):
        load_gold(gold, lang="fr")
    with pytest.raises(GoldError, match="no gold file in language 'en'"):
        load_gold(gold / "a.json", lang="en")
    (gold / "bad.json").write_text(json.dumps({**GOLD_EN, "lang": ""}), encoding="utf-8")
    with pytest.raises(GoldError, match=r"bad.json: 'lang' must be a language code"):
        load_gold(gold)


def test_lang_scores_only_that_language(lang_fixture):
    gold, data, en = lang_fixture
    ds = load_data([data, en])
    assert evaluate(ds, load_gold(gold, lang="ar")).summary() == EXPECTED_SUMMARY
    assert evaluate(ds, load_gold(gold, lang="en")).summary() == EN_SUMMARY
    assert evaluate(ds, load_gold(gold)).summary() == ALL_SUMMARY


@pytest.mark.parametrize("lang, expected", [("ar", EXPECTED_SUMMARY), ("en", EN_SUMMARY), (None, ALL_SUMMARY)])
def test_cli_lang_agrees_with_score_py(lang_fixture, lang, expected):
    gold, data, en = lang_fixture
    opt = ["--lang", lang] if lang else []
    res = runner.invoke(app, ["eval", "--gold", str(gold), *opt, "--data", str(data), "--data", str(en), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["summary"] == expected
    if not SCORE_PY.is_file():
        pytest.skip(f"{SCORE_PY} absent (the shared scorer is not available)")
    args = [sys.executable, str(SCORE_PY), "--gold", str(gold), *opt, "--data", str(data), "--data", str(en), "--json"]
    proc = subprocess.run(args, capture_output=True, text=True, encoding="utf-8", check=True)
    assert json.loads(proc.stdout)["summary"] == expected


def test_cli_lang_without_gold_is_one_error(lang_fixture):
    gold, data, _ = lang_fixture
    res = runner.invoke(app, ["eval", "--gold", str(gold), "--lang", "fr", "--data", str(data)])
    assert res.exit_code == 1 and res.stdout == ""
    err = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(err) == 1 and "no gold file in language 'fr'" in err[0], res.stderr


# --------------------------------------------------------------------------- generic actors

SHA_G = "5555555555555555555555555555555555555555"
GOLD_G = {
    "doc": "g.txt", "sha1": SHA_G, "lang": "ar",
    "entities": {"tunisia": {"type": "Country", "en": ["Tunisia"], "ar": ["تونس"], "need": "required"},
                 "france": {"type": "Country", "en": ["France"], "ar": ["فرنسا"], "need": "required"}},
    "absent": {},
    "relations": [{"s": ["tunisia"], "p": ["cooperatesWith"], "o": ["france"], "need": "required"}],
}
# nzr:tunisian-protesters is mentioned and typed nz:ActorGroup in the entities graph;
# nzr:police is typed nz:ActorGroup only in the entities graph and never mentioned.
TRIG_G = PREFIXES + f"""
doc:{SHA_G} {{
  doc:{SHA_G} a schema:NewsArticle ; dcterms:source "corpus/g.txt" ;
      schema:mentions nzr:tunisia, nzr:france, nzr:tunisian-protesters, nzr:zz-someone .
  nzr:tunisian-protesters nz:opposes nzr:tunisia .
  nzr:tunisia nz:pressures nzr:police .
  nzr:tunisia nz:cooperatesWith nzr:france .
  nzr:zz-someone nz:opposes nzr:tunisia .
}}
<https://w3id.org/nufuz/graph/entities> {{
  nzr:tunisia a nz:Country ; skos:prefLabel "تونس"@ar, "Tunisia"@en .
  nzr:france a nz:Country ; skos:prefLabel "France"@en .
  nzr:zz-someone a nz:Person ; skos:prefLabel "Someone Else"@en .
  nzr:tunisian-protesters a nz:ActorGroup ; skos:prefLabel "المتظاهرون التونسيون"@ar, "Tunisian protesters"@en ;
      nz:sector "CVL" ; nz:country nzr:tunisia .
  nzr:police a nz:ActorGroup ; skos:prefLabel "الشرطة"@ar, "police"@en ; nz:sector "COP" .
}}
"""
# With the groups left out: entities TP tunisia, france; FP someone (the protesters are
# neither); relations TP tunisia cooperatesWith france, FP someone opposes tunisia (the two
# relations of a group are not scored). Counting the groups would give 2 entity FPs and 3
# relation FPs.
GROUP_COUNTS = {"ent_tp": 2, "ent_fp": 1, "ent_req": 2, "ent_req_hit": 2, "ent_typed_hit": 2,
                "rel_tp": 1, "rel_fp": 1, "rel_req": 1, "rel_req_hit": 1, "boilerplate": 0}
GROUP_SUMMARY = {"docs": 1, "docs_found": 1, "entity_p": 0.667, "entity_r": 1.0, "entity_f1": 0.8,
                 "entity_typed_r": 1.0, "relation_p": 0.5, "relation_r": 1.0, "relation_f1": 0.667,
                 "boilerplate_entities": 0}


@pytest.fixture()
def group_fixture(tmp_path: Path) -> tuple[Path, Path]:
    gold = tmp_path / "g.json"
    gold.write_text(json.dumps(GOLD_G, ensure_ascii=False), encoding="utf-8")
    data = tmp_path / "g.trig"
    data.write_text(TRIG_G, encoding="utf-8")
    return gold, data


def test_actor_groups_are_left_out(group_fixture):
    gold, data = group_fixture
    ev = evaluate(load_data([data]), load_gold(gold))
    assert {k: getattr(ev.total, k) for k in GROUP_COUNTS} == GROUP_COUNTS
    assert ev.summary() == GROUP_SUMMARY
    (g,) = ev.articles
    assert g.actor_groups == ["https://w3id.org/nufuz/id/tunisian-protesters"]
    assert g.extras == ["extra entity: https://w3id.org/nufuz/id/zz-someone ['someone else']",
                        "extra relation: https://w3id.org/nufuz/id/zz-someone opposes tunisia"]
    assert g.misses == []
    assert g.to_dict()["actor_groups"] == ["https://w3id.org/nufuz/id/tunisian-protesters"]


def test_actor_group_rule_agrees_with_score_py(group_fixture):
    gold, data = group_fixture
    ref = score_py(gold, data)
    assert ref["summary"] == GROUP_SUMMARY
    mine = evaluate(load_data([data]), load_gold(gold)).to_dict()
    for key, value in ref["docs"][0].items():
        assert mine["docs"][0][key] == value, key


def test_cli_verbose_names_the_actor_groups(group_fixture):
    gold, data = group_fixture
    res = runner.invoke(app, ["eval", "--gold", str(gold), "--data", str(data), "-v"])
    assert res.exit_code == 0, res.output
    flat = " ".join(res.stdout.split())
    assert "1 actor group(s) not scored: https://w3id.org/nufuz/id/tunisian-protesters" in flat
    assert "+ extra relation: https://w3id.org/nufuz/id/zz-someone opposes tunisia" in flat
