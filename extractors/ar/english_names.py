"""Readable English names for Arabic names of entities outside the knowledge base.

A name gets an English label only when a reader of English news would recognise it:

1. every word (or run of words) is in ``name_spellings.tsv``, the common press spellings
   of Arabic given names, family names and nisbas, name particles and organisation words
   (محمد Mohammed, بندر بن سلطان Bandar bin Sultan, القحطاني al-Qahtani), or is a name the
   caller's knowledge base knows (a country's demonym, a place: ``known``);
2. an organisation's head noun (``org_heads.tsv``) is translated and the name is put in
   English order: adjectives and nationality first, the rest after "of" (وزارة الداخلية
   البحرينية -> Bahraini Ministry of Interior; بنك أثيوبيا الوطني -> National Bank of
   Ethiopia); an adjective after the genitive noun that does not agree with the head in
   gender qualifies that noun (مجلس الشؤون الإسلامية -> Council of Islamic Affairs);
3. a word neither table knows is romanized (:func:`extractors.ar.romanize.romanize_word`)
   and kept only if the result can be read: a vowel in every syllable, no consonant run of
   three, no two consonants opening the word (:func:`readable`). Foreign names that Arabic
   writes with their vowels pass (كورتونوف -> Kurtunuf); Arabic words, whose short vowels
   are not written, do not (مساهل -> Msahl).

Otherwise the English label is empty and the Arabic one is shown (DESIGN.md: ``@en`` is
optional): never a vowel-less skeleton ("Mhmd al-Jburi").

A person's name that runs into a word with a glued conjunction (مسعود بارزاني ومسؤولي) ends
before it (:func:`trim_person`): "و" + a word that is not itself a name is "and ...".
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .normalize import match_key, normalize_ar
from .romanize import romanize_word

#: The spelling table beside this module.
SPELLINGS_FILE = Path(__file__).with_name("name_spellings.tsv")
#: Kinds of ``name_spellings.tsv`` rows.
KINDS = ("given", "family", "particle", "phrase", "word", "adj")
_PERSON_KINDS = ("given", "family", "particle")
_ORG_KINDS = ("phrase", "word", "adj")
_MAX_WORDS = 4
_DIAC = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u0640]")
_EDGE_PUNCT = "\"'«»“”‘’()[]{}،,.:;؛!؟?-–—"
_DIGRAPH = re.compile(r"sh|kh|th|gh|dh|ch|zh")
_VOWELS = frozenset("aeiou")
#: Word-final consonant pairs English names end in (Ahmed's "md" is no such pair).
_FINAL_PAIRS = frozenset({"nd", "nt", "rd", "rt", "st", "ns", "rs", "ls", "lt", "nk", "rk", "ng", "rg", "lf", "rn",
                          "rm", "lm", "ld", "sk", "sC", "rC", "nC", "lC", "mp", "ks"})
#: Organisation heads English writes after the name ("al-Hayat newspaper").
_POSTFIX_HEAD = re.compile(r"^[a-z]")

#: ``known(text) -> (english, is_adjective) | None``: an Arabic word or phrase the caller's
#: knowledge base knows (a demonym: ("Bahraini", True); a place: ("Ethiopia", False)).
Known = Callable[[str], "tuple[str, bool] | None"]


@dataclass(frozen=True)
class Spelling:
    """One row of ``name_spellings.tsv``: ``english`` for the words ``key`` (match keys)."""

    key: tuple[str, ...]
    english: str
    kind: str


@functools.lru_cache(maxsize=1)
def load_spellings(path: str | None = None) -> dict[tuple[str, ...], dict[str, Spelling]]:
    """The spelling table: match-key words -> kind -> :class:`Spelling`.

    Parameters
    ----------
    path : str, optional
        A TSV file (default :data:`SPELLINGS_FILE`): ``form``, ``english``, ``kind``;
        ``#`` comments and the header row skipped.

    Raises
    ------
    ValueError
        A row without three columns or with an unknown kind, or a form and kind spelled
        twice (match keys compared) (the message names the row).
    """
    path = Path(path) if path else SPELLINGS_FILE
    table: dict[tuple[str, ...], dict[str, Spelling]] = {}
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#") or line.startswith("form\t"):
                continue
            cols = line.split("\t")
            if len(cols) != 3 or cols[2] not in KINDS or not cols[1].strip():
                raise ValueError(f"{path}: row {n}: expected form, english, kind (one of {', '.join(KINDS)})")
            key = tuple(match_key(w) for w in cols[0].split())
            kinds = table.setdefault(key, {})
            if cols[2] in kinds:
                raise ValueError(f"{path}: row {n}: {cols[0]} ({cols[2]}) is spelled on an earlier row "
                                 f"({kinds[cols[2]].english}); a form and kind have one spelling")
            kinds[cols[2]] = Spelling(key, cols[1].strip(), cols[2])
    return table


def readable(latin: str) -> bool:
    """Whether a romanized word can be read as written (see the module docstring).

    >>> [readable(w) for w in ("Kurtunuf", "Duma", "Msahl", "Jburi", "Rutinbrgh", "al-Yasri")]
    [True, True, False, False, False, True]
    """
    w = latin.lower()
    w = w[3:] if w.startswith("al-") else w
    if not w.isalpha() or not w.isascii():
        return False
    w = _DIGRAPH.sub("C", w)
    shape = "".join("v" if c in _VOWELS or (c == "y" and (i + 1 == len(w) or w[i + 1] not in _VOWELS)
                                             and i > 0) else "c" for i, c in enumerate(w))
    if "v" not in shape or "ccc" in shape or shape.startswith("cc"):
        return False
    return not shape.endswith("cc") or w[-2:] in _FINAL_PAIRS


def _clean(word: str) -> str:
    return _DIAC.sub("", word).strip(_EDGE_PUNCT)


def _has_article(word: str) -> bool:
    n = normalize_ar(word)
    return n.startswith("ال") and len(n) > 3 and match_key(word) == n[2:]


def _romanized(word: str) -> str:
    """The romanization of a word the table lacks when a reader can use it, else ``""``: it
    must be :func:`readable`, and the word must have no ع (which the romanization leaves
    out: عباد would read "Bad")."""
    if "ع" in word:
        return ""
    rom = romanize_word(_clean(word))
    return rom if rom and all(readable(p) for p in rom.split("-") if p) else ""


def _feminine(word: str) -> bool:
    """An Arabic noun or adjective ending in ta marbuta (ة): feminine, for agreement."""
    return _clean(word).endswith("ة")


def trim_person(words: list[str]) -> list[str]:
    """The words of a person's name up to a word with a glued conjunction (و + a word that
    is no name of the table): ``["مسعود", "بارزاني", "ومسؤولي"]`` -> the first two. The
    first word is always kept (وليد, وائل are names)."""
    table = load_spellings()
    for i, w in enumerate(words[1:], 1):
        w = _clean(w)
        if w.startswith("و") and (match_key(w),) not in table:
            return words[:i]
    return words


def _lookup(keys: list[str], i: int, kinds: tuple[str, ...]) -> tuple[Spelling, int] | None:
    """The longest table entry of one of ``kinds`` starting at word ``i``."""
    table = load_spellings()
    for n in range(min(_MAX_WORDS, len(keys) - i), 0, -1):
        entry = table.get(tuple(keys[i:i + n]))
        if entry:
            for kind in kinds:
                if kind in entry:
                    return entry[kind], n
    return None


def _person(words: list[str]) -> str:
    keys = [match_key(w) for w in words]
    out: list[str] = []
    i = 0
    while i < len(words):
        hit = _lookup(keys, i, _PERSON_KINDS)
        if hit is not None:
            sp, n = hit
            eng = sp.english
            if sp.kind != "particle" and _has_article(words[i]) and not eng.startswith("Al "):
                eng = "al-" + eng
            out.append(eng)
            i += n
            continue
        rom = _romanized(words[i])
        if not rom:
            return ""
        out.append(rom)
        i += 1
    return " ".join(out)


#: English titles (``particle`` rows) that open a person's name an institution is named after
_NAMED_AFTER = frozenset({"King", "Prince", "Princess", "Sheikh", "Sheikha", "Imam"})


def _org(words: list[str], known: Known | None, heads: dict[tuple[str, ...], tuple[str, str]]) -> str:
    keys = [match_key(w) for w in words]
    head, i, phrase = "", 0, False
    hit = _lookup(keys, 0, ("phrase",))
    if hit is not None:
        head, i, phrase = hit[0].english, hit[1], True
    else:
        for n in (2, 1):
            if tuple(keys[:n]) in heads and len(keys) >= n:
                head, i = heads[tuple(keys[:n])][1], n
                break
    nations: list[str] = []
    adjs: list[str] = []
    nouns: list[str] = []
    while i < len(words):
        for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):  # the KB first: a demonym, a place
            k = known(" ".join(words[i:i + n])) if known else None
            if k is not None:
                (nations if k[1] else nouns).append(k[0])
                i += n
                break
        else:
            word = _clean(words[i])
            prefix, hit = "", _lookup(keys, i, _ORG_KINDS + _PERSON_KINDS)
            if hit is None and word[:1] == "و" and len(word) > 3:  # "and" glued on
                prefix, hit = "and ", _lookup([match_key(word[1:])], 0, _ORG_KINDS + _PERSON_KINDS)
            if hit is None and word[:2] == "لل" and len(word) > 4:  # "for the" glued on
                prefix, hit = "for ", _lookup([match_key("ال" + word[2:])], 0, _ORG_KINDS)
            if hit is None:
                rom = _romanized(words[i])
                if not rom:
                    return ""
                nouns.append(rom)
                i += 1
                continue
            sp, n = hit
            if sp.kind == "adj" and not prefix and nouns and _feminine(word) != _feminine(words[0]):
                nouns[-1] = f"{sp.english} {nouns[-1]}"  # agrees with the noun, not the head
            elif sp.kind == "adj" and not prefix:
                adjs.append(sp.english)
            else:
                eng = sp.english
                if sp.kind == "family" and _has_article(words[i]):
                    eng = "al-" + eng
                nouns.append(prefix + eng if not eng.startswith(prefix) else eng)
            i += max(n, 1)
    front = " ".join(nations + adjs)
    if not head:
        return " ".join(x for x in (front, " ".join(nouns)) if x)
    if _POSTFIX_HEAD.match(head):  # newspaper, channel: "al-Hayat newspaper"
        return " ".join(x for x in (front, " ".join(nouns), head) if x)
    if nouns and not phrase and nouns[0] in _NAMED_AFTER:
        # named after a person: "مستشفى الملك فهد التخصصي" -> King Fahd Specialist Hospital, "مركز الملك سلمان
        # للإغاثة" -> King Salman Centre for Relief; a title alone names nobody ("مستشفى الملك")
        k = next((j for j, x in enumerate(nouns) if j and x.startswith(("for ", "and "))), len(nouns))
        if k == 1:
            return ""
        return " ".join(x for x in (" ".join(nations), " ".join(nouns[:k]), " ".join(adjs), head,
                                    " ".join(nouns[k:])) if x)
    tail = " ".join(nouns)
    joiner = " " if phrase or tail.startswith(("for ", "and ")) else " of "
    return " ".join(x for x in (front, head) if x) + (joiner + tail if tail else "")


def english_name(surface: str, cls: str = "", known: Known | None = None) -> str:
    """The readable English name of an Arabic name, or ``""`` when there is none.

    Parameters
    ----------
    surface : str
        The name as the article writes it, without a leading clitic.
    cls : str
        Ontology class local name: ``"Person"`` reads given/family names and particles;
        other classes read organisation heads, words and adjectives too.
    known : callable, optional
        ``known(arabic) -> (english, is_adjective) | None`` for words the knowledge base
        knows (demonyms are adjectives: put first).

    Returns
    -------
    str
        e.g. ``"Bandar bin Sultan"``, ``"Council of Ministers"``, ``""``.

    Examples
    --------
    >>> english_name("بندر بن سلطان", "Person")
    'Bandar bin Sultan'
    >>> english_name("محمد الجبوري", "Person")
    'Mohammed al-Jubouri'
    >>> english_name("عبد القادر مساهل", "Person")
    'Abdelkader Messahel'
    >>> english_name("سمر بدوي", "Person")
    'Samar Badawi'
    >>> english_name("نجم الزعبري", "Person")
    ''
    >>> english_name("مجلس الوزراء", "Organization")
    'Council of Ministers'
    """
    words = [w for w in surface.split() if _clean(w)]
    if not words:
        return ""
    if cls == "Person":
        return _person(trim_person(words))
    from extractors.lexicon import load_lexicon  # the org heads of org_heads.tsv, read once

    return _org(words, known, load_lexicon("ar").org_heads)
