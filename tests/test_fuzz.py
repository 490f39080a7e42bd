"""Fuzz tests (hypothesis) of the readers, the normaliser and extraction: issue 11's acceptance.

Inputs are built from the words of the bundled example articles (so that names, titles and
trigger verbs meet and statements come out) mixed with what breaks readers: controls, bidi
marks, zero-width characters, tatweel, presentation forms, Persian letters, lone surrogates'
bytes, NULs, BOMs, markup and JSON of every type. What must hold:

- a reader returns articles or raises :class:`extractors.sources.InputError`, nothing else;
- the text the rules read has the length of the text read, and no invisible character;
- extraction of a readable article raises nothing; mentions and evidence offsets are in range
  and point at their text; the RDF written reparses to the same quads.

Deterministic (``derandomize``: the same examples every run, no example database written);
``NUFUZ_FUZZ_EXAMPLES=N`` runs N examples per test instead of the default.
"""
from __future__ import annotations

import functools
import json
import os
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = int(os.environ.get("NUFUZ_FUZZ_EXAMPLES", "0"))
FUZZ = settings(deadline=None, derandomize=True, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def examples(n: int) -> settings:
    """The fuzz settings with ``n`` examples (or ``NUFUZ_FUZZ_EXAMPLES``)."""
    return settings(FUZZ, max_examples=EXAMPLES or n)


def _words(path: Path) -> list[str]:
    return sorted(set(path.read_text(encoding="utf-8").split()))


AR_WORDS = _words(ROOT / "examples" / "ar" / "000_88021ef35a1db7c5.txt")
EN_WORDS = _words(ROOT / "examples" / "en" / "001_black_sea_talks.txt")
#: What breaks readers and normalisers: controls, bidi controls, zero-width characters, BOM,
#: tatweel, Arabic presentation forms, Persian letters, combining marks, line separators.
NASTY = ("\x00", "\x1b[31m", "\r", "\r\n", "\t", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\u200e",
         "\u200f", "\u061c", "\u202a", "\u202b", "\u202e", "\u202c", "\u2066", "\u2069", "\u200b",
         "\u200c", "\u200d", "\ufeff", "\u0640", "\ufe8d\ufedf\ufea0\ufeb0", "\ufdf2", "ی", "ک", "\u0654",
         "\u064b", "\u0301", "#", "_", "<div>", "</p>", "&amp;", "&#x202e;", '"', "\\", "{", "}", "。",
         "😀", "\U0001d400", "٣", "2015", "16 يونيو", "June 16")
BLANKS = (" ", " ", " ", "\n", "\n\n", "، ", ". ", ", ")

def _sentences(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return sorted({s.strip() + "." for s in re.split(r"[.\n]", text) if len(s.split()) >= 4})


SENTENCES = _sentences(ROOT / "examples" / "ar" / "000_88021ef35a1db7c5.txt") + _sentences(
    ROOT / "examples" / "en" / "001_black_sea_talks.txt")


def _spoil(sentence: str, edits: list[tuple[int, str]]) -> str:
    """A sentence with pieces put in at positions (taken modulo its length)."""
    chars = list(sentence)
    for pos, piece in edits:
        chars.insert(pos % (len(chars) + 1), piece)
    return "".join(chars)


_piece = st.one_of(st.sampled_from(AR_WORDS), st.sampled_from(EN_WORDS), st.sampled_from(NASTY),
                   st.text(max_size=3))
#: An article-like text: words of the examples, separators and nasty characters.
_soup = st.lists(st.tuples(_piece, st.sampled_from(BLANKS)), max_size=60).map(
    lambda parts: "".join(a + b for a, b in parts))
#: Real sentences of the examples (so that statements come out) with nasty pieces put in.
_spoilt = st.lists(st.builds(_spoil, st.sampled_from(SENTENCES),
                             st.lists(st.tuples(st.integers(0, 400), st.sampled_from(NASTY) | st.text(max_size=2)),
                                      max_size=4)),
                   min_size=1, max_size=6).map(lambda ss: "\n".join(ss))
#: An article-like text: real sentences spoilt, or a soup of words, separators and nasty pieces.
texts = st.one_of(_spoilt, _soup)

_json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                                        max_size=3),
                            max_leaves=6)
_records = st.fixed_dictionaries(
    {}, optional={"text": texts | _json_values, "title": texts | _json_values,
                  "date": st.sampled_from(["2015-08-10", "2015-13-40", "10 August 2015", "", "x"]) | _json_values,
                  "url": st.sampled_from(["https://a.example/x|y", "ftp://x", "", "\u202eevil"]) | _json_values,
                  "lang": st.sampled_from(["ar", "en", "fr", "AR-eg", "", "x y", "fa"]) | _json_values})
_jsonl = st.lists(st.one_of(_records.map(lambda r: json.dumps(r, ensure_ascii=False)), texts, st.just("")),
                  max_size=5).map("\n".join)


def _encode(text: str, how: str) -> bytes:
    if how == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    return text.encode(how, "replace" if how == "cp1256" else "surrogatepass")


#: A file: its suffix and its bytes (text in an encoding, HTML around text, JSON Lines, or
#: arbitrary bytes).
files = st.one_of(
    st.tuples(st.sampled_from([".txt", ".TXT", ".md", ""]),
              st.builds(_encode, texts, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1256"]))),
    st.tuples(st.sampled_from([".html", ".htm"]),
              st.builds(lambda t, n, close: ("<html><body>" + "<div>" * n + "<p>" + t + "</p>"
                                             + ("</div>" * n if close else "")).encode("utf-8", "surrogatepass"),
                        texts, st.sampled_from([0, 3, 300]), st.booleans())),
    st.tuples(st.just(".jsonl"), _jsonl.map(lambda s: s.encode("utf-8", "surrogatepass"))),
    st.tuples(st.sampled_from([".txt", ".html", ".jsonl"]), st.binary(max_size=200)),
)


@functools.lru_cache(maxsize=None)
def _extractor(lang: str):
    from extractors.pipeline import Extractor
    from ontology.kb import load_kb
    return Extractor(lang, kb=_kb())


@functools.lru_cache(maxsize=1)
def _kb():
    from ontology.kb import load_kb
    return load_kb()


def _read(suffix: str, data: bytes):
    """read_article on a file of these bytes: (articles, errors); any other exception escapes."""
    from extractors.sources import InputError, read_article
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"fuzz{suffix}"
        path.write_bytes(data)
        errors: list[InputError] = []
        try:
            arts = read_article(path, errors)
        except InputError as e:
            errors.append(e)
            arts = []
    return arts, errors


# --------------------------------------------------------------------------- readers


#: JSON Lines bytes that cut UTF-8 sequences at chunk boundaries: JSONL records, arbitrary
#: bytes, and the pieces of a BOM, of multi-byte characters and of bad sequences, joined.
_jsonl_bytes = st.lists(st.one_of(
    _jsonl.map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.binary(max_size=12),
    st.sampled_from([b"\xef\xbb\xbf", b"\xd8", b"\xa7", b"\xe2\x80", b"\xa8", b"\xf0\x9f\x98", b"\x80",
                     b"\xe0\x80", b"\xed\xa0\x80", b"\xff", b"\x00", b"\n", b"\r\n", b" ", "\u200b".encode()])),
    max_size=8).map(b"".join)


@examples(300)
@given(_jsonl_bytes, st.sampled_from([1, 2, 3, 5, 64]))
def test_jsonl_read_in_chunks_is_read_whole(data, chunk):
    """The streaming JSONL reader (:func:`extractors.sources.iter_articles`, its file checks
    made ``chunk`` bytes at a time) refuses a file with the message the whole-file decoder
    gives (the first bad byte's offset included), and otherwise yields read_article's
    articles and line errors."""
    from extractors import sources
    from extractors.sources import InputError, iter_articles, read_article

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "f.jsonl"  # no date in the name: the records' date_from_name is None
        path.write_bytes(data)
        try:
            sources._decode(path, data)
            whole = None
        except InputError as e:
            whole = str(e)
        try:
            bom = sources._check_jsonl(path, chunk=chunk)
            chunked = None
        except InputError as e:
            chunked = str(e)
        assert chunked == whole
        if whole is not None:
            return
        assert bom == (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        errors: list = []
        streamed = [vars(a) for a in iter_articles(path, errors)]
        assert streamed == [vars(a) for a in read_article(path, [])]
        # the oracle: the whole file decoded, then cut at each \n (the reader before streaming)
        whole_arts, whole_errors = [], []
        lines = sources._decode(path, data).split("\n")
        for lineno, line in enumerate(lines, start=1):
            line = line[:-1] if line.endswith("\r") else line
            if line.strip():
                try:
                    whole_arts.append(vars(sources._jsonl_record(path, lineno, line, None)))
                except InputError as e:
                    whole_errors.append(str(e))
        assert streamed == whole_arts
        assert [str(e) for e in errors] == whole_errors




@examples(200)
@given(files)
def test_readers_return_articles_or_input_errors(file):
    suffix, data = file
    arts, errors = _read(suffix, data)
    for e in errors:
        assert "\n" not in str(e) and str(e).startswith(str(e.path))
    for art in arts:
        assert isinstance(art.text, str) and art.text.strip()
        assert re.fullmatch(r"[0-9a-f]{40}", art.sha1)
        assert re.fullmatch(r"[a-z]{2,3}", art.lang)
        assert art.date_published is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", art.date_published)
        assert all("\n" not in w for w in art.warnings)


# --------------------------------------------------------------------------- the normaliser


@examples(300)
@given(texts, st.sampled_from(["ar", "en"]))
def test_the_text_the_rules_read_keeps_the_length_and_drops_invisible_characters(text, lang):
    from extractors.language import get_grammar
    from extractors.text import _INVISIBLE, _PRESENTATION, for_rules
    g = get_grammar(lang)
    out = for_rules(text, g)
    assert len(out) == len(text)
    assert not _INVISIBLE.search(out)
    assert not any(a in out for a, _b in g.input_folds)
    assert for_rules(out, g) == out  # a fold of a fold changes nothing
    # a presentation form is left only where NFKC gives no single letter for it
    assert all(len(__import__("unicodedata").normalize("NFKC", c)) != 1 for c in _PRESENTATION.findall(out))


# --------------------------------------------------------------------------- extraction and RDF


@examples(100)
@given(texts.filter(lambda t: t.strip()), st.sampled_from(["txt", "jsonl"]))
def test_extraction_keeps_offsets_in_range_and_its_rdf_reparses(text, fmt):
    from rdflib import Dataset

    from extractors.language import get_grammar
    from extractors.sources import InputError, RawArticle, check_buildable, detect_language
    from rdflib.namespace import SKOS

    from extractors.text import _INVISIBLE, ELONGATION, for_rules, label_form
    from kg.rdf import build_dataset

    lang = detect_language(text)
    if lang is None:
        return
    raw = RawArticle(path=f"fuzz.{fmt}", text=text, sha1="0" * 40, fmt=fmt, lang=lang)
    try:
        check_buildable(raw)
    except InputError:
        return  # a language nufuz does not build: refused by name, the only error allowed
    art = _extractor(lang).extract(raw)
    event(f"{lang}: {'with' if art.statements else 'no'} statements")
    n = len(text)
    g = get_grammar(lang)
    for m in art.mentions:
        assert 0 <= m.start < m.end <= n and m.entity_id in art.entities
        read = text[m.start:m.end]
        # the mention is the text as read; after a proclitic that swallows the article's first
        # letter (للقوات = ل + القوات) its surface is the name with the article, and the offsets
        # cover what the text and that surface share
        assert read == m.text or (g.article and m.text.startswith(g.article) and len(read) <= len(m.text)
                                  and for_rules(read, g).endswith(m.text[len(g.article):])), (read, m.text)
    for s in art.statements:
        assert 0 <= s.char_start < s.char_end <= n and text[s.char_start:s.char_end] == s.evidence
        assert 0.0 <= s.confidence <= 1.0
    for seg in art.removed:
        assert 0 <= seg.start <= seg.end <= n
    for e in art.entities.values():  # labels never carry an invisible character
        assert not _INVISIBLE.search(e.label_ar + e.label_en + "".join(e.surface_forms)), e
    ds = build_dataset([art], _kb())
    labels = [o for _s, p, o, _g in ds.quads() if p in (SKOS.prefLabel, SKOS.altLabel)]
    assert not any(_INVISIBLE.search(str(o)) or any(c in o for c in ELONGATION) or str(o) != label_form(str(o))
                   for o in labels)
    for fmt_out in ("trig", "nquads"):
        again = Dataset()
        again.parse(data=ds.serialize(format=fmt_out), format=fmt_out)
        assert set(again.quads()) == set(ds.quads())
