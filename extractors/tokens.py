"""Per-token clitic readings set by the ``nufuz_normalizer`` component.

They live in two lists in ``doc.user_data`` rather than in ``Token._`` extensions: a
``Token._`` access builds an ``Underscore`` object each time, which cost a third of the
extraction time in the name patterns (measured with cProfile over the developer corpus).

``clitic(t)`` is the proclitic sequence split off the token (``"و"``, ``"بال"``, ``""``);
``has_article(t)`` tells whether the chosen reading carries the definite article ال.
"""
from __future__ import annotations

from spacy.attrs import ORTH

#: Quotation marks that news puts around names (either one may open or close a name).
QUOTES = frozenset('"“”«»„‟\'‘’')

CLITIC = "nufuz.clitic"
#: ``doc.user_data`` key of the tokens' texts (:func:`token_texts`)
TEXTS = "nufuz.texts"
ARTICLE = "nufuz.article"


def clitic(t) -> str:
    """The proclitics split off token ``t`` (``""`` when none, or before normalization)."""
    values = t.doc.user_data.get(CLITIC)
    return values[t.i] if values is not None else ""


def has_article(t) -> bool:
    """Whether the reading chosen for token ``t`` carries the definite article ال."""
    values = t.doc.user_data.get(ARTICLE)
    return values[t.i] if values is not None else False


def readings(doc) -> tuple[list[str], list[bool]]:
    """The live lists behind :func:`clitic` and :func:`has_article` for every token of ``doc``
    (created empty-valued when the doc was never normalized), so a component that scans every
    token reads them by index instead of building a spaCy ``Token`` per test. They are the
    lists :func:`set_reading` changes in place."""
    if doc.user_data.get(CLITIC) is None:
        doc.user_data[CLITIC] = [""] * len(doc)
        doc.user_data[ARTICLE] = [False] * len(doc)
    return doc.user_data[CLITIC], doc.user_data[ARTICLE]


def token_strings(doc, attr: int) -> list[str]:
    """The string value of attribute ``attr`` (``spacy.attrs.ORTH``: the text, ``NORM``: the
    match key) of every token of ``doc``, read in one array: no spaCy ``Token`` is built, which
    costs more than the read (a component that tests every token's text or key reads these
    lists by index).

    The strings are looked up through :data:`_STRINGS` (a hash read from spaCy's
    ``StringStore`` costs ten dict lookups)."""
    if not len(doc):
        return []
    hashes = doc.to_array(attr).tolist()
    known = _STRINGS
    try:
        return [known[h] for h in hashes]
    except KeyError:  # a string not met before
        strings = doc.vocab.strings
        for h in hashes:
            if h not in known:
                known[h] = strings[h]
        return [known[h] for h in hashes]


def token_texts(doc) -> list[str]:
    """``Token.text`` of every token of ``doc`` (:func:`token_strings` of ``ORTH``), read once
    per doc and kept in ``doc.user_data``: a token's text never changes."""
    texts = doc.user_data.get(TEXTS)
    if texts is None or len(texts) != len(doc):
        texts = doc.user_data[TEXTS] = token_strings(doc, ORTH)
    return texts


#: spaCy string hash -> string, filled by :func:`token_strings` (a hash names one string in
#: every vocabulary: spaCy hashes the string itself); it grows like the ``StringStore``.
_STRINGS: dict[int, str] = {}


def set_readings(doc, clitics: list[str], articles: list[bool]) -> None:
    """Store the readings of every token of ``doc`` (lists as long as the doc)."""
    doc.user_data[CLITIC] = clitics
    doc.user_data[ARTICLE] = articles


def set_reading(t, clitic_: str, norm: str) -> None:
    """Change one token's reading: its proclitic and its match key (``Token.norm_``)."""
    values = t.doc.user_data.get(CLITIC)
    if values is None:
        values = t.doc.user_data[CLITIC] = [""] * len(t.doc)
        t.doc.user_data[ARTICLE] = [False] * len(t.doc)
    values[t.i] = clitic_
    t.norm_ = norm
