"""Per-token clitic readings set by the ``nufuz_normalizer`` component.

They live in two lists in ``doc.user_data`` rather than in ``Token._`` extensions: a
``Token._`` access builds an ``Underscore`` object each time, which cost a third of the
extraction time in the name patterns (measured with cProfile over the developer corpus).

``clitic(t)`` is the proclitic sequence split off the token (``"و"``, ``"بال"``, ``""``);
``has_article(t)`` tells whether the chosen reading carries the definite article ال.
"""
from __future__ import annotations

from spacy.attrs import NORM, ORTH

#: Quotation marks that news puts around names (either one may open or close a name).
QUOTES = frozenset('"“”«»„‟\'‘’')

CLITIC = "nufuz.clitic"
#: ``doc.user_data`` key of the tokens' texts (:func:`token_texts`)
TEXTS = "nufuz.texts"
#: ``doc.user_data`` key of the tokens' keys (:func:`token_norms`)
NORMS = "nufuz.norms"
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


def token_norms(doc) -> list[str]:
    """``Token.norm_`` (the match key) of every token of ``doc``, kept in ``doc.user_data``
    (list of str, one per token): read once per doc by the components and the relation rules
    instead of one array per reader.

    The keys are written in two places only, which keep the list true: the normalizer sets
    it with the keys it writes (:func:`set_norms`), and :func:`set_reading` changes the
    token's item. Code that sets ``Token.norm_`` otherwise must call :func:`set_norms` or
    drop the list (``doc.user_data.pop(NORMS)``)."""
    norms = doc.user_data.get(NORMS)
    if norms is None or len(norms) != len(doc):
        norms = doc.user_data[NORMS] = token_strings(doc, NORM)
    return norms


def span_norms(span) -> tuple[str, ...]:
    """``tuple(t.norm_ for t in span)`` read from :func:`token_norms` (no ``Token`` per word)."""
    return tuple(token_norms(span.doc)[span.start:span.end])


def set_norms(doc, norms: list[str]) -> None:
    """Record ``norms`` (the keys just written to the tokens, one per token) as
    :func:`token_norms` of ``doc``."""
    doc.user_data[NORMS] = norms


#: spaCy string hash -> string, filled by :func:`token_strings` (a hash names one string in
#: every vocabulary: spaCy hashes the string itself); it grows like the ``StringStore``.
_STRINGS: dict[int, str] = {}


def span_cls(span) -> str | None:
    """``span._.cls`` (the ontology class of an entity span; None when unset) read from
    ``doc.user_data`` without building a spaCy ``Underscore`` (:func:`span_ext`)."""
    if not _SPAN_KEYS_OK:
        return span._.cls
    return span.doc.user_data.get(("._.", "cls", span.start_char, span.end_char))


def span_kind(span) -> str | None:
    """``span._.kind`` (how an entity span was found; None when unset), read like
    :func:`span_cls`."""
    if not _SPAN_KEYS_OK:
        return span._.kind
    return span.doc.user_data.get(("._.", "kind", span.start_char, span.end_char))


def span_ext(span) -> tuple[str | None, str | None]:
    """``(span._.cls, span._.kind)`` in one read of the span's offsets.

    A ``span._`` access builds a spaCy ``Underscore`` (about 4 microseconds a value, more
    than the rule that reads it); the values live in ``doc.user_data`` under
    ``("._.", name, start_char, end_char)``, where ``Underscore`` keeps the extensions of a
    span with no getter (both are registered with ``default=None``). Whether this spaCy
    keeps them so is checked once at import (:data:`_SPAN_KEYS_OK`); if not, the values
    are read through ``span._``."""
    if not _SPAN_KEYS_OK:
        ext = span._
        return ext.cls, ext.kind
    data, s, e = span.doc.user_data, span.start_char, span.end_char
    return data.get(("._.", "cls", s, e)), data.get(("._.", "kind", s, e))


def set_span_ext(span, cls: str | None, kind: str | None) -> None:
    """Set ``span._.cls`` and ``span._.kind`` (what ``span._.cls, span._.kind = cls, kind``
    does, without building an ``Underscore``; see :func:`span_ext`)."""
    if not _SPAN_KEYS_OK:
        ext = span._
        ext.cls, ext.kind = cls, kind
        return
    data, s, e = span.doc.user_data, span.start_char, span.end_char
    data[("._.", "cls", s, e)] = cls
    data[("._.", "kind", s, e)] = kind


def _span_keys_ok() -> bool:
    """Whether spaCy keeps a span's extension values where :func:`span_ext` reads them."""
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab
    for name in ("cls", "kind"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    doc = Doc(Vocab(), words=["a", "b", "c"])
    span = Span(doc, 1, 3)
    span._.cls, span._.kind = "C", "K"
    return doc.user_data.get(("._.", "cls", span.start_char, span.end_char)) == "C" and \
        doc.user_data.get(("._.", "kind", span.start_char, span.end_char)) == "K" and \
        Span(doc, 0, 1)._.cls is None


_SPAN_KEYS_OK = _span_keys_ok()


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
    norms = t.doc.user_data.get(NORMS)
    if norms is not None:  # (token_norms: the list stays true)
        norms[t.i] = norm
