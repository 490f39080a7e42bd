"""The relation frames visit only the token positions where their markers occur
(``RelationExtractor._positions`` and the per-doc indexes beside it); visiting every token
(``RelationExtractor.visit_all``) must give the same statements.

A rule that starts testing a marker class its loop's position list does not name changes
what the fast path finds, and these tests fail: name the class in the loop's
``_positions(...)`` call. The developer corpus (``../shared/corpus``) is used when present
and skipped with a reason when absent; the bundled examples always run.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.pipeline import Extractor
from extractors.relations import RelationExtractor
from extractors.sources import discover, read_article
from extractors.tokens import token_strings, token_texts

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"


def _raws(lang: str, paths: list[Path]):
    files, _errors = discover([str(p) for p in paths])
    return [r for f in files for r in read_article(f) if r.lang == lang]


def _both_ways(lang: str, paths: list[Path], monkeypatch) -> tuple[list, list]:
    """Statements of the articles with the frames on marker positions, then on every token."""
    raws = _raws(lang, paths)
    assert raws, paths
    ex = Extractor(lang)
    fast = [s for art in ex.extract_many(raws) for s in art.statements]
    monkeypatch.setattr(RelationExtractor, "visit_all", True)
    slow = [s for art in ex.extract_many(raws) for s in art.statements]
    return fast, slow


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_examples_same_statements_on_every_token(lang, monkeypatch):
    fast, slow = _both_ways(lang, [REPO / "examples" / lang], monkeypatch)
    assert len(fast) >= 5  # the example articles hold statements to compare
    assert fast == slow


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_corpus_same_statements_on_every_token(lang, monkeypatch):
    corpus = SHARED / "corpus" / lang
    if not corpus.is_dir():
        pytest.skip(f"{corpus} absent (developer corpus not available)")
    fast, slow = _both_ways(lang, [corpus], monkeypatch)
    assert len(fast) >= 20
    assert fast == slow


def test_token_strings_are_the_tokens_texts_and_keys():
    ex = Extractor("en")
    doc = ex.nlp("The U.S. Secretary of State met Russia's foreign minister in Geneva.")
    from spacy.attrs import NORM, ORTH

    assert token_strings(doc, ORTH) == [t.text for t in doc]
    assert token_strings(doc, NORM) == [t.norm_ for t in doc]
    assert token_strings(doc, NORM)[1] == "US" and token_strings(doc, NORM)[6] == "russia"
    assert token_texts(doc) is token_texts(doc)  # read once per doc
    assert token_strings(ex.nlp(""), ORTH) == []


def test_window_keys_rule_out_only_rows_that_match_no_further():
    """``_find_triggers`` skips a row whose second word is not among the keys
    ``_window_keys`` gives: ``_match_rest`` must then find no match at any position."""
    ex = Extractor("en")
    raws = _raws("en", [REPO / "examples" / "en"])
    doc = ex.nlp(raws[0].text[:3000])
    rex = RelationExtractor(ex.lex, ex.module.clitic_candidates, lambda eid: "Organization",
                            cache=ex._relation_cache)
    keys = rex._doc_keys(doc)
    rows = [t for t in ex.lex.triggers if len(t.words) > 1]
    skipped = tried = 0
    for i in range(len(doc) - 1):
        near = rex._window_keys(keys, i + 1, len(doc), {})
        assert near == set().union(*keys[i + 1:i + 4])  # three tokens: a gap of two words at most
        for trig in rows:
            if trig.words[1] not in near:
                skipped += 1
                assert rex._match_rest(doc, i + 1, len(doc), trig.words[1:]) is None
            else:
                tried += 1
    assert skipped > 1000 and tried > 0


def test_cased_names_cap_per_text_is_the_token_test():
    """``CasedNames._cap_text`` (kept per text) gives what the test on a spaCy token gave."""
    from extractors.tokens import QUOTES

    ex = Extractor("en")
    names = ex.nlp.get_pipe("nufuz_cased_names")
    doc = ex.nlp('"Hoping" the NASA T-shirt, M5S and Movimento 5 Stelle said in São Paulo: 2015 «Élysée»')
    for t in doc:
        by_token = bool(t.text[:1].isupper() and (t.is_alpha or any(c.isalpha() for c in t.text))
                        and t.text not in QUOTES)
        assert names._cap_text(t.text) is by_token, t.text
    assert names._cap_text("M5S") and names._cap_text("São") and not names._cap_text("2015")


def test_actor_group_rows_per_text_are_the_rows_of_its_keys():
    """``ActorGroups._seqs`` lists the rows of each key of a token, in the order tried."""
    ex = Extractor("en")
    groups = ex.nlp.get_pipe("nufuz_actor_groups")
    doc = ex.nlp("Protesters and security forces clashed as gunmen fired on the police.")
    texts, norms = token_texts(doc), [t.norm_ for t in doc]
    found = 0
    for text, norm in zip(texts, norms):
        rows = [seq for k0 in groups._keys(text, norm) for seq in groups.by_first.get(k0, ())]
        assert list(groups._seqs(text, norm)) == rows
        found += bool(rows)
    assert found >= 3


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_kept_token_lists_and_span_values_are_spacys(lang):
    """The lists the components and rules read instead of spaCy objects hold what spaCy
    holds after the whole pipeline and the article-level linking (which changes readings
    with ``set_reading``): ``token_norms``/``token_texts`` are the tokens' ``norm_``/``text``,
    ``span_norms`` a span's keys, and ``span_ext`` the ``span._`` values."""
    from extractors.tokens import span_cls, span_ext, span_kind, span_norms, token_norms

    ex = Extractor(lang)
    raws = _raws(lang, [REPO / "examples" / lang])
    arts = 0
    for raw in raws[:3]:
        for _seg, doc in ex.entity_docs(raw):  # (pipeline + _article_context)
            assert token_norms(doc) == [t.norm_ for t in doc]
            assert token_texts(doc) == [t.text for t in doc]
            for span in doc.ents:
                assert span_norms(span) == tuple(t.norm_ for t in span)
                assert span_ext(span) == (span._.cls, span._.kind) == (span_cls(span), span_kind(span))
                assert span._.kind is not None
                arts += 1
    assert arts >= 10  # spans compared


def test_set_span_ext_is_underscore_and_set_reading_keeps_the_keys():
    """``set_span_ext`` writes what ``span._`` reads (and a span with none set reads None);
    ``set_reading`` keeps ``token_norms`` equal to the tokens' keys."""
    from spacy.tokens import Span

    from extractors.tokens import set_reading, set_span_ext, span_ext, token_norms

    ex = Extractor("en")
    doc = ex.nlp("The Foreign Minister of Peru met the Chilean envoy in Lima.")
    span = Span(doc, 5, 7, label="ORG")  # "met the": no entity, nothing set
    assert span_ext(span) == (None, None) == (span._.cls, span._.kind)
    set_span_ext(span, "Country", "name")
    assert (span._.cls, span._.kind) == ("Country", "name")
    span._.kind = "alias"
    assert span_ext(span) == ("Country", "alias")
    norms = token_norms(doc)
    set_reading(doc[5], "", "met-key")
    assert token_norms(doc) is norms and norms[5] == "met-key" == doc[5].norm_
    assert token_norms(doc) == [t.norm_ for t in doc]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_marker_hits_are_the_direct_scan(lang):
    """The per-doc marker pass (one plan of candidates per distinct key set) finds at every
    token, for every marker class, the longest sequence the direct scan of the class's
    sequences (``_seq_scan``) finds."""
    ex = Extractor(lang)
    raws = _raws(lang, [REPO / "examples" / lang])
    docs = [doc for raw in raws for _seg, doc in ex.entity_docs(raw)]
    rex = RelationExtractor(ex.lex, ex.module.clitic_candidates, lambda eid: "Organization")
    kinds = sorted(ex.lex.markers)
    hits_seen = 0
    for doc in docs:
        n = len(doc)
        for kind in kinds:
            for i in range(n):
                got = rex._seq_at(doc, i, n, kind)
                assert got == rex._seq_scan(doc, i, n, kind), (kind, i, doc[i].text)
                hits_seen += got > 0
    assert hits_seen >= 50  # (the examples hold markers of many classes)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_entity_tokens_from_iob_are_those_of_the_spans(lang):
    """The actor groups read the tokens inside entities from the ``ENT_IOB`` array (1 or 3)
    instead of ``doc.ents``: the same tokens, on every paragraph of the examples."""
    from spacy.attrs import ENT_IOB
    ex = Extractor(lang)
    raws = _raws(lang, [REPO / "examples" / lang])
    docs = [doc for raw in raws for _seg, doc in ex.entity_docs(raw)]
    inside = 0
    for doc in docs:
        by_spans = {i for e in doc.ents for i in range(e.start, e.end)}
        by_iob = {i for i, v in enumerate(doc.to_array(ENT_IOB).tolist()) if v in (1, 3)}
        assert by_iob == by_spans
        inside += len(by_spans)
    assert inside >= 20
