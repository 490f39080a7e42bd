"""The language plug-in interface: shared extractor modules hold no word of any language."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from extractors.language import Grammar, get_grammar

ROOT = Path(__file__).resolve().parents[1]
#: The shared mechanism: every module of extractors/ outside a language folder.
SHARED = sorted(p for p in (ROOT / "extractors").glob("*.py"))
#: Letters of the Arabic script (and of any other non-Latin script a language may add).
NON_LATIN = re.compile(r"[\u0590-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
#: Modules not yet converted, with the reason (each is a task of the extraction issue).
PENDING = {
    "clean.py": "boilerplate shapes and the input normaliser still name Arabic letters and punctuation",
    "sources.py": "script detection names the Arabic Unicode block",
}


def string_literals(path: Path) -> list[tuple[int, str]]:
    """(line, value) of every string constant that is not a docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


@pytest.mark.parametrize("path", [p for p in SHARED if p.name not in PENDING], ids=lambda p: p.name)
def test_shared_extractor_modules_hold_no_language_literal(path):
    found = [(line, value) for line, value in string_literals(path) if NON_LATIN.search(value)]
    assert not found, f"{path.name}: language words belong in extractors/<lang>/ (GRAMMAR or data): {found[:5]}"


def test_pending_modules_still_exist():
    assert {p.name for p in SHARED} >= set(PENDING)


def test_arabic_grammar_is_registered():
    g = get_grammar("ar")
    assert isinstance(g, Grammar)
    assert g.locative == "في" and g.coordinator == "و" and "ها" in g.feminine_suffixes
    assert g.strip_conj("وب") == "ب" and "وب" in g.head_clitics()


def test_unknown_language_has_no_grammar():
    with pytest.raises(ValueError, match="no extraction data"):
        get_grammar("xx")


def test_english_grammar_is_registered():
    g = get_grammar("en")
    assert isinstance(g, Grammar)
    assert g.locative == "in" and g.coordinator == "and" and g.cased and not g.subject_follows_verb
    assert g.modifiers_before_title and not g.pronoun_suffixes and g.article == ""
    assert not get_grammar("ar").cased and get_grammar("ar").subject_follows_verb


def english_words() -> set[str]:
    """Every word of the English lexicon, titles, markers and name cues (keys of 3+ letters)."""
    from extractors.components import load_name_cues
    from extractors.lexicon import load_lexicon

    lex = load_lexicon("en")
    words = {w for t in lex.triggers for w in t.words + t.preps}
    words |= {w for group in (lex.titles, lex.org_heads, lex.months) for k in group for w in k}
    words |= {w for seqs in lex.markers.values() for k in seqs for w in k}
    words |= {w for seqs in load_name_cues("en").markers.values() for k in seqs for w in k}
    g = get_grammar("en")
    words |= {g.locative, g.allative, g.adessive, g.ablative, g.between, g.on_behalf, g.coordinator}
    words |= set(g.honorifics) | set(g.complementizers) | set(g.subject_blocking_preps)
    # names of data classes (marker and cue kinds, frames, trigger kinds, modes, boilerplate
    # kinds) are the mechanism's vocabulary, not English text
    names = set(lex.markers) | set(load_name_cues("en").markers) | set(lex.scores)
    names |= {t.kind for t in lex.triggers} | {t.obj for t in lex.triggers}
    from ontology import vocab
    names |= set(vocab.PREDICATES) | set(load_name_cues("ar").markers) | set(load_lexicon("ar").markers)
    # span kinds, argument roles and cue labels of the mechanism
    names |= {"province", "say", "foreign", "kin", "norp", "reporter", "modifier", "arg", "title", "mention",
              "anaphor", "name", "alias", "ambiguous", "demonym"}
    names |= {"asserted", "reported", "intended", "hypothetical", "negated", "historical", "link", "chrome",
              "comment", "source", "actor", "place", "topic"}
    return {w for w in words if len(w) >= 3 and w.isalpha()} - names


@pytest.mark.parametrize("path", SHARED, ids=lambda p: p.name)
def test_shared_extractor_modules_hold_no_english_word(path):
    words = english_words()
    found = [(line, value) for line, value in string_literals(path) if value in words]
    assert not found, f"{path.name}: English words belong in extractors/en/ (GRAMMAR or data): {found[:5]}"


def test_text_script_counts_letters_and_breaks_ties_by_first_occurrence():
    """The dominant script of a text, counted letter by letter (URLs left out); at equal
    counts the script met first wins; the prose keeps that script's letters and blanks the
    others'."""
    from extractors.language import text_script

    assert text_script("abc جدد see https://example.org/xyz") == ("Latn", "abc     see https://example.org/xyz".replace("https://example.org/xyz", " "))
    assert text_script("ab جد")[0] == "Latn" and text_script("جد ab")[0] == "Arab"
    assert text_script("جد ab") == ("Arab", "جد   ")
    assert text_script("123 !") == (None, "")


def test_dominant_script_is_text_scripts_script_and_counting_matches_a_counter():
    """``dominant_script`` (the JSON Lines ``lang`` check) names the script ``text_script``
    names; the letters per script counted by code point equal a ``Counter`` of the
    characters, ties broken by the first letter of each script, lone surrogates no letter."""
    from collections import Counter

    from extractors.language import _script_counts, dominant_script, letter_script, text_script

    texts = ["abc جدد see https://example.org/xyz", "ab جد", "جد ab", "123 !", "", "\ud800abc جد",
             "<b>جد</b> ab", "x@y.com جد", "Привет جد ab", "جد Привет ab", "ی ک e", "ab\U0001d400 جد"]
    for t in texts:
        assert dominant_script(t) == text_script(t)[0], t
        counts, scripts = _script_counts(t)
        chars = Counter(t)
        expected: Counter = Counter()
        for ch, n in chars.items():  # in the order of first occurrence
            if letter_script(ch):
                expected[letter_script(ch)] += n
        assert list(counts.items()) == list(expected.items()), t
        assert scripts == {ch: letter_script(ch) for ch in chars}, t
    assert dominant_script("ab جد") == "Latn" and dominant_script("جد ab") == "Arab"
    assert dominant_script("\ud800") is None


def test_a_text_without_a_span_character_is_prose_whole():
    """Every span left out of prose holds an ASCII letter, ``<``, ``@`` or ``&``: a text
    with none of them is left as it is without trying the patterns (the same prose)."""
    from extractors.language import _NOT_PROSE, _SPAN_CHAR

    for t in ["موسكو: بوتين قال «لا» ١٢٣ — ؟", "١/٢/٢٠١٥ www", "قال :: //؛", "ـ"]:
        if not _SPAN_CHAR.search(t):
            assert _NOT_PROSE.sub(" ", t) == t
    assert _SPAN_CHAR.search("١/٢/٢٠١٥ www") and not _SPAN_CHAR.search("موسكو: بوتين")


def test_the_spans_left_out_of_prose_are_the_same_with_or_without_an_at_sign():
    """A text without ``@`` is cleaned by the pattern without the e-mail and language-tag
    spans (which need one): the same prose as the whole pattern gives, on hand-made texts
    with every kind of span and on a SaudiNewsNet day when it is present."""
    import json

    from extractors.language import _NOT_PROSE, _NOT_PROSE_NO_AT

    texts = ["قال <https://w3id.org/x:y> و skos:prefLabel و http://a.example/b?c=د و www.spa.gov.sa/1 "
             "و <b>نص</b> و &amp; و ar:x و a:b-c", "موسكو: بوتين قال", "<a href='x'>", "http://"]
    day = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "snn" / "snn_2015-08-10.jsonl"
    if day.is_file():
        texts += [json.loads(line)["text"] for line in day.open(encoding="utf-8")]
    without = [t for t in texts if "@" not in t]
    assert len(without) > 3
    assert [_NOT_PROSE_NO_AT.sub(" ", t) for t in without] == [_NOT_PROSE.sub(" ", t) for t in without]
    assert _NOT_PROSE_NO_AT.sub(" ", texts[0]) != texts[0]  # it does leave spans out
