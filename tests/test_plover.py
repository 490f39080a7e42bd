"""PLOVER category coverage of the Arabic relation rules, on hand-made news sentences.

Each row of ``tests/data/plover_ar.tsv`` is one sentence stating one fact, with the
statement (subject, predicate, object, mode) the sentence says; the extractor must produce
it. Rows mix verb forms (tense, person, gender, number), verbal nouns (masdar), VSO and SVO
order and report frames, plus negated / intended / hypothetical cases per category.

Rows the rules do not cover yet are listed in ``XFAIL`` with the missing mechanism; they are
strict xfails, so a rule that starts covering one makes the test fail until it is removed
from the list. Never change an expected value to match the output: the expected statement
is what the sentence says.
"""
from __future__ import annotations

import csv
import hashlib
from collections import Counter
from pathlib import Path

import pytest

from extractors.pipeline import Extractor
from extractors.sources import RawArticle

DATA = Path(__file__).resolve().parent / "data" / "plover_ar.tsv"
CATEGORIES = ("REJECT", "ACCUSE", "PROTEST", "SUPPORT", "COOPERATE", "AID", "CONSULT", "COERCE",
              "THREATEN", "DEMAND", "ASSAULT", "SANCTION", "MOBILIZE", "RETREAT")
MIN_ROWS = 10

# Missing mechanisms, by row id (see the module docstring).
PERFECT_ILTAQA = "perfect التقى/التقت normalized as article + تقي (norm_ 'تقي'), verb never matched"
RECIPROCAL = "coordinated subject of a reciprocal verb (X وY + verb, no مع) gives no edge"
AID_NOUN = "noun مساعدات not a trigger (only قدم/أرسل+مساعدات)"
VSO_PLACE = "VSO verb with a bare place object (غادر/أخلى X Y) not attached"
ATTACK_PLACE = "attacks accepts only actor objects; city/region object dropped"
QUANTIFIER = "quantifier before the troop noun (آلاف الجنود) breaks نشر/حشد+جنود"
DEMAND_NOUN = "verbal noun مطالبة/مطالبات not in lexicon"
XFAIL: dict[str, str] = {
    "COOPERATE-06": RECIPROCAL,
    "AID-10": AID_NOUN,
    "COERCE-08": "patient-subject frame تعرّض ل+ضغوط + demonym agent not covered",
    "COERCE-09": "patient-subject frame رضخ ل+ضغوط X (agent in genitive) not covered",
    "THREATEN-08": "verb توعّد left out: spelled like its verbal noun تَوَعُّد (استدعى توعد الكرملين)",
    "ASSAULT-08": ATTACK_PLACE,
    "SANCTION-07": "object is a nisba of a civil noun (شركات صينية): deliberately not the state",
    "SANCTION-10": "noun حظر alone left out: a ban on anything (حظر التجول), not only a sanction",
    "MOBILIZE-08": "troop noun مستشارين عسكريين not covered",
    "MOBILIZE-11": QUANTIFIER,
    "MOBILIZE-13": "troop noun لواء not covered",
}


def load_rows() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    seen: Counter[str] = Counter()
    for row in rows:
        seen[row["category"]] += 1
        row["id"] = f"{row['category']}-{seen[row['category']]:02d}"
    return rows


ROWS = load_rows()


def _param(row: dict[str, str]):
    reason = XFAIL.get(row["id"])
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(row, id=row["id"], marks=marks)


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor("ar")


def statements(ex: Extractor, sentence: str) -> set[tuple[str, str, str, str]]:
    text = "عنوان\n\n" + sentence  # the first paragraph is the headline
    raw = RawArticle(path="t.txt", text=text, sha1=hashlib.sha1(text.encode()).hexdigest(), fmt="txt",
                     lang="ar", date_published=None)
    return {(s.subject, s.predicate, s.object, s.mode) for s in ex.extract(raw).statements}


@pytest.mark.parametrize("row", [_param(r) for r in ROWS])
def test_plover_sentence(ex, row):
    expected = (row["subject"], row["predicate"], row["object"], row["mode"])
    got = statements(ex, row["sentence"])
    assert expected in got, f"{row['sentence']}\nexpected {expected}\ngot {sorted(got)}"


def test_each_category_has_enough_rows():
    counts = Counter(r["category"] for r in ROWS)
    assert set(counts) == set(CATEGORIES), set(counts) ^ set(CATEGORIES)
    assert all(counts[c] >= MIN_ROWS for c in CATEGORIES), counts
    assert {r["form"] for r in ROWS} == {"verb", "noun"}
    for c in CATEGORIES:  # every category has verbal-noun rows and non-asserted rows
        forms = {r["form"] for r in ROWS if r["category"] == c}
        modes = {r["mode"] for r in ROWS if r["category"] == c}
        assert forms == {"verb", "noun"}, (c, forms)
        assert modes - {"asserted", "reported"}, (c, modes)


def test_xfail_list_names_existing_rows():
    assert set(XFAIL) <= {r["id"] for r in ROWS}
