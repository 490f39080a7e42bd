"""English language data and the spaCy tokenizer for nufuz.

Supplies what the shared mechanism needs for English (see :mod:`extractors.language`):

- :data:`TOKENIZER`: spaCy's English tokenizer (``spacy.Tokenizer.v1`` with the ``en``
  defaults, no model);
- :func:`match_key`: case-folded word, curly apostrophes straightened, a possessive ``'s``
  removed; an all-capital word of two or more letters keeps its case, so the acronym "US"
  is not the pronoun "us";
- :func:`clitic_candidates` / :func:`segment`: English has no clitics, one reading per word;
- :data:`STOP_WORDS`: spaCy's English stop words;
- :data:`GRAMMAR`: :mod:`extractors.en.grammar`;
- :func:`expand_form`: trigger inflections from lemmas (:mod:`extractors.en.morphology`);
- :func:`entity_labels`: an English surface is the English label of a new entity;
- :data:`NAME_PIPES`: names come from capitalised runs (``nufuz_cased_names``).

Data files beside this module: ``triggers.tsv``, ``markers.tsv``, ``titles.tsv``,
``org_heads.tsv``, ``given_names.txt``, ``months.tsv``, ``scores.tsv``, ``senses.tsv``,
``actor_groups.tsv``, ``name_cues.tsv``, ``place_heads.tsv``, ``boilerplate.tsv``.
"""
from __future__ import annotations

import functools
import unicodedata

from spacy.lang.en.stop_words import STOP_WORDS as _SPACY_STOP_WORDS

from .grammar import GRAMMAR
from .morphology import expand_form

__all__ = ["GRAMMAR", "NAME_PIPES", "STOP_WORDS", "TOKENIZER", "clitic_candidates",
           "entity_labels", "expand_form", "match_key", "romanize", "segment"]

#: Registered name of the English tokenizer: spaCy's own (``spacy.Tokenizer.v1`` builds it from
#: ``English.Defaults``: prefix, suffix and infix rules, exceptions such as "U.S.", "Mr.").
TOKENIZER = "spacy.Tokenizer.v1"

#: Name components of the English pipeline (capitalised word runs, see :mod:`extractors.cased_names`).
NAME_PIPES = ("nufuz_cased_names",)

STOP_WORDS = frozenset(_SPACY_STOP_WORDS)

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


@functools.lru_cache(maxsize=1 << 16)
def match_key(word: str) -> str:
    """The match key of an English word (lexicon entries and tokens go through it; cached,
    the rules ask for the readings of the same words again and again).

    Parameters
    ----------
    word : str
        One token as written.

    Returns
    -------
    str
        Case-folded, apostrophes straightened, accents removed, a possessive ``'s`` (or a
        bare ``'``) after a word removed; an all-capital word of two letters or more (an
        acronym: "US", "UN", "NATO") keeps its case, and a dotted acronym loses its dots
        ("U.S." -> "US"). ``""`` for an empty word.

    Examples
    --------
    >>> match_key("Russia's"), match_key("US"), match_key("us"), match_key("President")
    ('russia', 'US', 'us', 'president')
    """
    w = word.translate(_APOSTROPHES).strip()
    if not w:
        return ""
    if len(w) > 2 and w.endswith("'s"):
        w = w[:-2]
    elif len(w) > 1 and w.endswith("'") and w[-2:-1].isalpha():
        w = w[:-1]
    w = unicodedata.normalize("NFKD", w)
    w = "".join(c for c in w if not unicodedata.combining(c))
    letters = [c for c in w if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return w.replace(".", "") if w.endswith(".") and len(w) <= 8 else w  # "U.S." -> "US"
    return w.casefold()


def clitic_candidates(word: str) -> list[tuple[str, str, bool]]:
    """Readings of a word as ``(proclitic, key, has_article)``: English has one, no clitic."""
    return [("", match_key(word), False)]


def segment(word: str, vocabulary=None) -> tuple[str, str, bool]:
    """The reading the normalizer keeps: ``("", match_key(word), False)``."""
    return "", match_key(word), False


def romanize(text: str) -> str:
    """A Latin-script form for ids: English text without accents (``Côte`` -> ``Cote``)."""
    t = unicodedata.normalize("NFKD", text)
    return "".join(c for c in t if not unicodedata.combining(c))


def entity_labels(surface: str, cls: str = "", known=None) -> tuple[str, str]:
    """(Arabic label, English label) of an entity outside the KB named ``surface`` in an
    English article: no Arabic label, the surface as the English one (``cls`` and ``known``,
    which a language written in another script uses, are not needed)."""
    return "", surface
