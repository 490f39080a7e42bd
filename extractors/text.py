"""The text the rules read: the article text with the same length, folded for matching.

Character offsets of mentions and statements refer to the article text as read (DESIGN.md),
so every fold here keeps the length: one character for one character.

- Hashtags read as the words they join (``#غصن_الزيتون`` -> ``ـغصن الزيتون``: the sign becomes
  the language's :attr:`~extractors.language.Grammar.hashtag_mark`).
- Bidirectional controls and zero-width characters (RLM, LRM, ZWJ, ZWNJ, embeddings and
  overrides, BOM) become spaces: glued to a name they would hide it from the lexicon
  ("السودان\\u200f.").
- Presentation forms (Unicode's compatibility glyphs of a script, e.g. Arabic U+FB50-FDFF,
  U+FE70-FEFF) become their letter where NFKC maps them to one character.
- The language's letter folds (:attr:`extractors.language.Grammar.input_folds`: Persian ی and
  ک typed in Arabic text read as Arabic ي and ك).
"""
from __future__ import annotations

import functools
import re
import unicodedata

from .language import Grammar

_HASHTAG = re.compile(r"#(\w+)")
#: Bidi controls, zero-width characters and the BOM (Unicode general category Cf that text
#: editors insert invisibly).
INVISIBLE = ((0x200B, 0x200F), (0x202A, 0x202E), (0x2066, 0x2069), (0xFEFF, 0xFEFF))
#: The bidirectional control characters (Unicode Bidi_Control: the marks U+200E, U+200F and
#: U+061C, the embeddings and overrides U+202A-U+202E, the isolates U+2066-U+2069), one string:
#: the error lines, the IRIs and the explorer neutralise exactly these.
BIDI_CONTROLS = "".join(map(chr, (0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A))))
_INVISIBLE = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in INVISIBLE) + "]")
#: Characters that are no content: :data:`INVISIBLE` and the word joiner U+2060, one string
#: (a file of nothing else is empty, ``extractors.sources``; the ends of a title or a
#: paragraph are trimmed of them, ``extractors.clean``).
NOT_CONTENT = "".join(chr(c) for a, b in INVISIBLE for c in range(a, b + 1)) + "\u2060"
#: Compatibility presentation forms, as code point ranges (Arabic Presentation Forms-A and -B).
PRESENTATION_FORMS = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFE))
_PRESENTATION = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in PRESENTATION_FORMS) + "]")


#: A character at or above the lowest code point of :data:`INVISIBLE` and
#: :data:`PRESENTATION_FORMS`: a text without one has nothing for their two regex passes.
_AT_OR_ABOVE_FOLDED = re.compile(f"[{chr(min(a for a, _b in INVISIBLE + PRESENTATION_FORMS))}-\U0010ffff]")


def hashtags_as_words(text: str, mark: str = " ") -> str:
    """Hashtags read as the words they join, the same length (``#a_b`` -> ``<mark>a b``).

    News pages tag names inline ("وتشن #تركيا عملية #غصن_الزيتون"); the tag sign and the
    underscore would otherwise hide the names the knowledge base knows. ``mark`` (one
    character) replaces the sign: a space by default, the language's
    :attr:`~extractors.language.Grammar.hashtag_mark` in :func:`for_rules`.
    """
    if "#" not in text:
        return text  # (no sign, no hashtag: the text unchanged, without a regex pass)
    return _HASHTAG.sub(lambda m: mark + m.group(1).replace("_", " "), text)


@functools.lru_cache(maxsize=4096)
def _one_letter(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def for_rules(text: str, grammar: Grammar) -> str:
    """The text the spaCy pipeline and the rules read: same length as ``text``.

    Parameters
    ----------
    text : str
        A paragraph of the article text as read.
    grammar : Grammar
        The language's grammar (its ``input_folds``).

    Returns
    -------
    str
        ``len(result) == len(text)``; offsets into it are offsets into ``text``.
    """
    out = hashtags_as_words(text, grammar.hashtag_mark)
    if not out.isascii() and _AT_OR_ABOVE_FOLDED.search(out):  # (else no character of either class)
        out = _INVISIBLE.sub(" ", out)
        out = _PRESENTATION.sub(lambda m: _one_letter(m.group(0)), out)
    if grammar.input_folds:
        out = apply_folds(out, fold_plan(grammar.input_folds))
    return out


def apply_folds(text: str, plan: tuple) -> str:
    """``text`` with the character folds of ``plan`` (:func:`fold_plan`) applied: what
    ``text.translate(str.maketrans(dict(folds)))`` gives.

    Parameters
    ----------
    text : str
    plan : tuple
        :func:`fold_plan` of the folds.

    Returns
    -------
    str
    """
    pairs, table = plan
    if table is not None:
        return text.translate(table)
    for src, dst in pairs:
        if src in text:
            text = text.replace(src, dst)
    return text


@functools.lru_cache(maxsize=None)
def fold_plan(folds: tuple[tuple[str, str], ...]) -> tuple[tuple[tuple[str, str], ...], dict | None]:
    """How :func:`apply_folds` applies ``folds`` (``(character, replacement)`` pairs: a
    grammar's ``input_folds``, :func:`extractors.clean.fold`'s letters): ``(pairs, None)``
    when each fold is one character for another (or for nothing) and no replacement is
    itself a folded character, so a ``str.replace`` per fold whose character occurs gives
    what the one ``str.translate`` would (each a scan in C instead of a dict lookup per
    character); else ``((), table)``, the translation table, made once."""
    srcs = {src for src, _dst in folds}
    if len(srcs) == len(folds) and all(len(src) == 1 for src in srcs) and not {
            ch for _src, dst in folds for ch in dst} & srcs:
        return tuple(folds), None
    return (), str.maketrans(dict(folds))


#: Elongation characters, by code point: ARABIC TATWEEL (kashida, U+0640) and NKO LAJANYALAN
#: (U+07FA), a stretch of the line between joined letters and no letter (Unicode 15, sections
#: 9.2 and 19.4); a label never keeps them (الجـــزائر is الجزائر).
ELONGATION = "".join(map(chr, (0x0640, 0x07FA)))
_NO_ELONGATION = dict.fromkeys(map(ord, ELONGATION))
_SPACES = re.compile(r"\s+")


def label_form(text: str) -> str:
    """The form a label is written in: what a reader sees, without typing artefacts.

    Invisible characters (:data:`INVISIBLE`: bidi controls, zero-width characters, BOM) and
    elongation characters (:data:`ELONGATION`: tatweel) are removed, presentation forms
    become their letters (NFKC, as in :func:`for_rules`), the text is composed (NFC: a hamza
    typed as a combining mark after its alef, ``ا`` + U+0654, is ``أ``), and runs of white
    space are one space. Diacritics (harakat) stay: they are spelling, not typing.

    Unlike :func:`for_rules` the length changes: a label has no offsets.

    Examples
    --------
    >>> label_form("الجـــزائر"), label_form("ﺍﻟﺠﺰﺍﺋﺮ"), label_form("\\u202eالفرنسي\\u202c ")
    ('الجزائر', 'الجزائر', 'الفرنسي')
    >>> label_form("ا\\u0654ربد") == "أربد", label_form("روسيا\\u200f  (Russia)")
    (True, 'روسيا (Russia)')
    """
    out = _INVISIBLE.sub("", text).translate(_NO_ELONGATION)
    out = _PRESENTATION.sub(lambda m: _one_letter(m.group(0)), out)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", out)).strip()
