"""The statistical name recogniser (extractors/ner.py): the shipped model loads offline, finds
names the KB and the cue rules miss, and the whole pipeline meets the development-split
targets (skipped with a reason when ../shared is absent)."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
import spacy

from extractors import ner
from extractors.pipeline import Extractor, create_nlp

SHARED = Path(__file__).resolve().parents[2] / "shared"
SNN = SHARED / "corpus" / "snn"
DEV = Path(__file__).resolve().parent / "data" / "ner_dev.jsonl"


@pytest.fixture(scope="module")
def extractors_pair():
    """(rules only, rules + model) extractors sharing one KB."""
    rules = Extractor("ar", nlp=create_nlp("ar", ner=False))
    full = Extractor("ar", kb=rules.kb, nlp=create_nlp("ar", ner=True))
    return rules, full


def names(extractor, text: str) -> set[tuple[str, str]]:
    """(surface, OntoNotes label) of the person/organisation/place mentions of one text."""
    art = extractor.extract(ner._raw(text, "ar"))
    return {(m.text, m.label) for m in art.mentions if m.label in ner.DEV_TYPES}


def test_model_ships_as_package_data_and_loads_offline():
    folder = ner.model_dir("ar")
    assert (folder / "config.cfg").is_file() and (folder / "ner" / "model").is_file()
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert size < 10 * 2**20  # small enough to ship
    t0 = time.process_time()
    nlp = create_nlp("ar", ner=True)  # no network: spaCy reads the folder
    assert "nufuz_ner" in nlp.pipe_names
    assert nlp.pipe_names.index("nufuz_ner") > nlp.pipe_names.index("nufuz_kb_ruler")
    assert time.process_time() - t0 < 30


def test_missing_model_is_a_clear_error(tmp_path):
    nlp = spacy.blank("ar")
    with pytest.raises(ner.ModelMissing, match="train-ner"):
        nlp.add_pipe("nufuz_ner", config={"model": str(tmp_path / "none")})


def test_no_model_pipeline_is_the_rule_pipeline():
    assert "nufuz_ner" not in create_nlp("ar", ner=False).pipe_names


@pytest.mark.parametrize("text, name", [
    # persons with no title cue, whose given name opens no rule (a verb before, no comma)
    ("وانتقد عبدالله بن محمد المطيري القرار في تصريح صحفي.", "عبدالله بن محمد المطيري"),
    ("واستقبل محمد بن ناصر بن لبدة الوفد في مكتبه أمس.", "محمد بن ناصر بن لبدة"),
])
def test_model_finds_persons_outside_the_kb(extractors_pair, text, name):
    rules, full = extractors_pair
    assert (name, "PERSON") not in names(rules, text)
    assert (name, "PERSON") in names(full, text)


def test_an_organisation_the_rules_find_is_not_cut_by_the_model(extractors_pair):
    """The rules find the body (a construct chain after its head); the model's gate adds no
    cut of it (an organisation's words are common nouns: the rules' business)."""
    rules, full = extractors_pair
    text = "وأعلن صندوق تنمية الموارد البشرية عن برنامج جديد."
    orgs = {n for n in names(full, text) if n[1] == "ORG"}
    assert orgs == {n for n in names(rules, text) if n[1] == "ORG"} == {("صندوق تنمية الموارد البشرية", "ORG")}


def test_kb_wins_over_the_model(extractors_pair):
    rules, full = extractors_pair
    text = "وقال وزير الخارجية الأمريكي جون كيري إن الولايات المتحدة تدعم الحل السياسي في سوريا."
    art = full.extract(ner._raw(text, "ar"))
    ids = {m.entity_id for m in art.mentions}
    assert {"united_states", "syria"} <= ids
    assert names(rules, text) <= names(full, text)


def test_span_scores_counts_exact_spans_by_type():
    gold = [{(0, 5, "PERS"), (10, 20, "ORG")}, {(3, 9, "LOC")}]
    pred = [{(0, 5, "PERS"), (10, 19, "ORG")}, {(3, 9, "ORG")}]
    s = ner.span_scores(gold, pred)
    assert s["PERS"]["f"] == 1.0
    assert s["ORG"]["tp"] == 0 and s["ORG"]["pred"] == 2 and s["ORG"]["gold"] == 1
    assert s["LOC"]["r"] == 0.0
    assert s["ALL"]["p"] == pytest.approx(1 / 3)


def test_fingerprints_find_a_copied_sentence():
    a = "قال وزير الخارجية إن المفاوضات ستستأنف الأسبوع المقبل في جنيف بمشاركة الأطراف كافة. وأضاف أن الوفد سيصل غدا."
    b = "نص آخر تماما. قال وزير الخارجيه ان المفاوضات ستستانف الاسبوع المقبل في جنيف بمشاركة الاطراف كافة."
    c = "خبر رياضي عن مباراة الهلال والنصر في لندن غدا مساء بحضور جماهيري كبير من المشجعين."
    assert ner.text_fingerprints(a) & ner.text_fingerprints(b)
    assert not ner.text_fingerprints(a) & ner.text_fingerprints(c)


def test_silver_labels_are_partial(extractors_pair, tmp_path):
    """Silver docs: rule spans are entities, sure non-names are O, unknown words missing."""
    import json

    rules, _full = extractors_pair
    path = tmp_path / "snn.jsonl"
    path.write_text(json.dumps({"text": "وقال الرئيس الفرنسي فرانسوا هولاند في باريس إن المشروع الزراعي "
                                        "الجديد سيفتتح قريبا."}, ensure_ascii=False) + "\n", encoding="utf-8")
    docs = ner.silver_docs([path], set(), rules, max_articles=1)
    ner.mark_outside(docs, min_count=1000)  # no frequency evidence in one sentence: lexicon only
    (doc,) = docs
    iob = {t.text: (t.ent_iob_, t.ent_type_) for t in doc}
    assert iob["فرانسوا"] == ("B", "PERSON") and iob["باريس"] == ("B", "GPE")
    assert iob["في"] == ("O", "") and iob["الرئيس"] == ("O", "") and iob["."] == ("O", "")
    assert iob["الزراعي"] == ("", "")  # not known to be outside a name: missing, not O


@pytest.fixture(scope="module")
def dev_scores():
    if not SNN.is_dir():
        pytest.skip(f"{SNN} absent (the SaudiNewsNet corpus the development split refers to)")
    return ner.score_dev(Extractor("ar", nlp=create_nlp("ar", ner=True)), ner.load_dev(DEV), SNN)


def test_dev_split_is_references_only():
    items = ner.load_dev(DEV)
    assert len(items) >= 200
    assert all(set(it) == {"file", "line", "start", "end", "sha1", "spans"} for it in items)
    assert sum(len(it["spans"]) for it in items) >= 400


def test_dev_split_scores(dev_scores):
    """The issue's targets (PERS F1 0.75, ORG 0.65, LOC 0.85), and floors at the measured
    figures minus 0.02 (README: PERS 0.809, ORG 0.754, LOC 0.878, all P 0.895)."""
    assert dev_scores["PERS"]["f"] >= 0.78
    assert dev_scores["ORG"]["f"] >= 0.73
    assert dev_scores["LOC"]["f"] >= 0.85
    assert dev_scores["ALL"]["p"] >= 0.87


def test_build_runs_the_model_by_default_and_no_ner_turns_it_off(tmp_path):
    """``nufuz build`` runs the model (the person the rules miss becomes an entity); with
    ``--no-ner`` the build is the rules' alone."""
    from typer.testing import CliRunner

    from kg.cli import app
    art = tmp_path / "a.txt"
    art.write_text("عنوان\n\nواستقبل محمد بن ناصر بن لبدة الوفد في مكتبه أمس.\n", encoding="utf-8")
    labels = {}
    for flag in ([], ["--no-ner"]):
        out = tmp_path / ("rules" if flag else "default")
        r = CliRunner().invoke(app, ["build", str(art), "--out", str(out), "-q", "--jobs", "1", *flag])
        assert r.exit_code == 0, r.output
        labels[not flag] = (out / "graph.trig").read_text(encoding="utf-8")
    assert "محمد بن ناصر بن لبدة" in labels[True] and "محمد بن ناصر بن لبدة" not in labels[False]


def test_default_pipeline_has_the_model_where_one_ships():
    assert "nufuz_ner" in create_nlp("ar").pipe_names
    assert "nufuz_ner" not in create_nlp("en").pipe_names  # (no English model)
