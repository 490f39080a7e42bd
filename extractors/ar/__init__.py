"""Arabic language data and spaCy factories for nufuz.

Supplies what the shared mechanism needs for Arabic: the match-key function
(:func:`extractors.ar.normalize.match_key`), lexicon-guided clitic readings, stop words
(spaCy's Arabic list), the data files beside this module, and a registered tokenizer that
fixes spaCy's Arabic tokenizer for news punctuation.
"""
from __future__ import annotations

import re

import spacy
from spacy.tokenizer import Tokenizer
from spacy.lang.ar.stop_words import STOP_WORDS as _SPACY_STOP_WORDS
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from .grammar import GRAMMAR
from .english_names import english_name, trim_person
from .morphology import expand_form
from .normalize import clitic_candidates, match_key, normalize_ar, segment
from .romanize import romanize
from .spelling import spelling_variants

__all__ = ["GRAMMAR", "STOP_WORDS", "TOKENIZER", "clitic_candidates", "create_tokenizer", "entity_labels",
           "expand_form", "match_key", "normalize_ar", "romanize", "segment", "spelling_variants",
           "NATIVE_BLOC"]

#: The KB organisation whose member states write their names in Arabic: names of people and
#: places of other states are foreign and get the spelling variants of
#: :func:`extractors.ar.spelling.spelling_variants` (:func:`extractors.components.foreign_variants`).
NATIVE_BLOC = "arab_league"

#: Registered name of the Arabic tokenizer (see :func:`create_tokenizer`).
TOKENIZER = "nufuz.ArabicTokenizer.v1"

STOP_WORDS = frozenset(_SPACY_STOP_WORDS)

#: Punctuation that news glues to words: Arabic comma/semicolon/question mark, curly and
#: guillemet quotes, dashes, colons, brackets, slashes.
_GLUED = r"[،؛؟“”„«»\"'‘’—–:()\[\]/…]"
#: A period glued between two Arabic words ("يانوكوفيتش.ومن"): a missing space.
_GLUED_PERIOD = r"(?<=[\u0621-\u064A])\.(?=[\u0621-\u064A])"
#: A Latin letter: a URL has one (compiled once; the tokenizer tests every affixed chunk).
_LATIN = re.compile("[A-Za-z]")


@spacy.registry.tokenizers("nufuz.ArabicTokenizer.v1")
def create_tokenizer():
    """spaCy's Arabic tokenizer with news fixes (registered as ``nufuz.ArabicTokenizer.v1``).

    Adds infixes so that punctuation glued between words (``(CNN)—قال:"لم``) is split, and a
    suffix rule so that a period after a number (``2005.``) is split.

    Returns
    -------
    callable
        ``nlp -> Tokenizer``, as spaCy's tokenizer registry expects.
    """

    def make(nlp):
        d = nlp.Defaults
        return Tokenizer(
            nlp.vocab,
            rules=d.tokenizer_exceptions,
            prefix_search=compile_prefix_regex(list(d.prefixes or [])).search,
            suffix_search=compile_suffix_regex(list(d.suffixes or []) + [r"(?<=[0-9])\."]).search,
            infix_finditer=compile_infix_regex(list(d.infixes or []) + [_GLUED, _GLUED_PERIOD]).finditer,
            token_match=d.token_match,
            # a URL needs Latin letters: "يانوكوفيتش.ومن" is two words with a missing space
            url_match=lambda text: d.url_match(text) if d.url_match and _LATIN.search(text) else None,
        )

    return make


def entity_labels(surface: str, cls: str = "", known=None) -> tuple[str, str]:
    """(Arabic label, English label) of an entity outside the KB named ``surface``.

    The English label is the readable name of :func:`extractors.ar.english_names.english_name`
    (``""`` when the name has none); a person's name stops before a word with a glued
    conjunction, in both labels (مسعود بارزاني ومسؤولي -> مسعود بارزاني, Masoud Barzani).
    ``known(arabic) -> (english, is_adjective) | None`` resolves words the KB knows.
    """
    words = surface.split()
    if cls == "Person":
        words = trim_person(words)
    return " ".join(words), english_name(" ".join(words), cls, known)
