"""Arabic orthographic normalization and clitic segmentation.

The normalization is the one commonly used for Arabic information retrieval (Larkey,
Ballesteros & Connell 2002, "light stemming"; the same folding as CAMeL Tools'
``normalize_alef_ar`` / ``normalize_alef_maksura_ar`` / ``normalize_teh_marbuta_ar``):
diacritics (tashkeel) and tatweel removed, alef forms (أ إ آ ٱ) folded to ا, alef maqsura
ى to ي, ta marbuta ة to ه, hamza carriers ؤ/ئ to و/ي.

Clitic segmentation is *lexicon guided*: a proclitic (و ف ب ل ك, the article ال, and
their combinations) is only split off when what remains is a known word, so names that
begin with those letters (واشنطن، فرنسا، بغداد، لبنان، كابل) are never broken.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Container

from .grammar import GRAMMAR

_DIACRITICS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
_SHADDA = "\u0651"
_ALEF = re.compile("[إأآٱ]")
_PUNCT_EDGES = re.compile(r"^[^\w]+|[^\w]+$")

#: Proclitic sequences that may precede a word, longest first. ``لل`` is the ل + ال
#: contraction (للولايات = ل + الولايات), handled specially by :func:`clitic_candidates`.
PROCLITICS = ("وبال", "فبال", "ولل", "فلل", "وال", "فال", "بال", "كال",
              "وب", "فب", "ول", "فل", "لل", "ال", "و", "ف", "ب", "ل", "ك")


def normalize_ar(text: str) -> str:
    """Fold Arabic orthographic variants so that spellings of one word compare equal.

    Parameters
    ----------
    text : str
        Any text; non-Arabic characters are left as they are (after NFKC).

    Returns
    -------
    str
        The normalized text (same or shorter length; not offset-preserving).

    Examples
    --------
    >>> normalize_ar("أمريكيةً")
    'امريكيه'
    >>> normalize_ar("مُسْتَشْفَى")
    'مستشفي'
    """
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text)
    text = _ALEF.sub("ا", text)
    return text.replace("ى", "ي").replace("ة", "ه").replace("ؤ", "و").replace("ئ", "ي")


def _unvowelled(text: str) -> str:
    """NFKC and diacritics removed, letters otherwise as written (same length as the
    normalized form, so positions in one are positions in the other)."""
    return _DIACRITICS.sub("", unicodedata.normalize("NFKC", text))


def strip_article(word: str, raw: str | None = None) -> str:
    """Remove a leading definite article ``ال`` from a *normalized* word.

    Parameters
    ----------
    word : str
        The normalized word.
    raw : str, optional
        The same word before alef folding (:func:`_unvowelled`); when given, only a
        written ``ال`` counts, so ``ألمانيا`` (alef with hamza) keeps its first letters.

    The article is kept when the rest would be shorter than two letters (``الا``, ``الي``).
    """
    if word.startswith("ال") and len(word) > 3 and (raw is None or raw.startswith("ال")):
        return word[2:]
    return word


def match_key(word: str) -> str:
    """The key a word is matched on: normalized, edge punctuation removed, article removed.

    Both knowledge-base names and text tokens go through this function, so الروسي, روسي and
    الروسيّ share the key ``روسي``.
    """
    raw = _PUNCT_EDGES.sub("", _unvowelled(word))
    return strip_article(normalize_ar(raw).casefold(), raw)


@functools.lru_cache(maxsize=1 << 16)
def clitic_candidates(word: str) -> tuple[tuple[str, str, bool], ...]:
    """All (proclitic, key, has_article) readings of a token, the unsegmented reading first.

    Parameters
    ----------
    word : str
        A token's text.

    Returns
    -------
    tuple of (str, str, bool)
        ``("", key, art)`` first, then one triple per proclitic sequence the normalized
        word starts with, e.g. ``"وللولايات"`` gives ``("ولل", "ولايات", True)`` among
        others. Keys are :func:`match_key` forms; ``has_article`` tells whether the reading
        carried the definite article ال (alone or inside ``لل``).
    """
    raw = _PUNCT_EDGES.sub("", _unvowelled(word))
    norm = normalize_ar(raw).casefold()
    first = strip_article(norm, raw)
    geminated = _geminated_letters(word)
    out = [("", first, first != norm)]
    seen = {first}
    for p in PROCLITICS:
        if raw.startswith(p) and len(norm) - len(p) >= 2:
            if len(p) in geminated and not p.endswith("ال"):
                continue  # "وسّعت": a word never starts with a doubled letter, so و is part of it
            rest = norm[len(p):]
            if p.endswith("ال") or p.endswith("لل"):
                key, art = rest, True
            else:
                key = strip_article(rest, raw[len(p):])
                art = key != rest
            if key not in seen:
                seen.add(key)
                out.append((p, key, art))
    return tuple(out)


def _geminated_letters(word: str) -> set[int]:
    """Indices (among the letters, diacritics not counted) of letters carrying a shadda."""
    out, n = set(), -1
    for c in unicodedata.normalize("NFKC", word):
        if c == _SHADDA:
            out.add(n)
        elif not _DIACRITICS.match(c):
            n += 1
    return out


def segment(word: str, lexicon: Container[str] | Callable[[str], bool]) -> tuple[str, str, bool]:
    """Choose the reading of ``word`` that the lexicon knows.

    Parameters
    ----------
    word : str
        A token's text.
    lexicon : container of str or predicate
        Known keys (as made by :func:`match_key`).

    Returns
    -------
    (str, str, bool)
        ``(proclitic, key, has_article)``: the unsegmented reading when it is known;
        otherwise the known reading with the shortest proclitic; when no reading is known,
        a proclitic with the article before four letters or more that end like an adjective
        or a plural (``والتقني``), else the unsegmented reading.

    Examples
    --------
    >>> segment("وواشنطن", {"واشنطن"})
    ('و', 'واشنطن', False)
    >>> segment("واشنطن", {"واشنطن"})
    ('', 'واشنطن', False)
    """
    known = lexicon if callable(lexicon) else lexicon.__contains__
    cands = clitic_candidates(word)
    if known(cands[0][1]):
        return cands[0]
    hits = [c for c in cands[1:] if known(c[1])]
    if hits:
        return min(hits, key=lambda c: len(c[0]))
    # an unknown adjective or plural opened by a proclitic and the article (والتقني،
    # بالإسرائيلية، للمتشددين): و/ف/ب/ك/ل + ال before four letters or more with a nisba,
    # feminine or plural ending is that reading ("وبالاكلافا"، "كاليفورنيا" are names)
    articled = [c for c in cands[1:] if c[2] and len(c[1]) >= 4 and c[1].endswith(GRAMMAR.adjective_endings)]
    if articled:
        return min(articled, key=lambda c: len(c[0]))
    return cands[0]
