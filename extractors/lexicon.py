"""Per-language lexicons for the shared extraction mechanism.

A language folder (``extractors/ar/``, later ``extractors/en/``) supplies data files; this
module reads them into one :class:`Lexicon`, with every entry already turned into match
keys by the language's key function, so the mechanism in :mod:`extractors.relations` and
:mod:`extractors.components` never branches on the language.

Files of a language folder (tab-separated, ``#`` comments):

``triggers.tsv``
    predicate, plover, cameo, kind, prep, obj, forms: relation triggers. A language module
    may define ``expand_form(entry, kind) -> [(form, tense)]`` to generate inflected forms
    from a lemma entry (Arabic: ``قصف/يقصف``, :mod:`extractors.ar.morphology`).
``markers.tsv``
    kind, forms: function-word classes (intent, negation, report verbs, clause openers...).
``titles.tsv``
    form, predicate, title_en: role titles.
``org_heads.tsv``
    form, class, label_en: head nouns opening organization names.
``given_names.txt``
    one given name per line.
``months.tsv``
    form, month number (1-12): month names.
``scores.tsv``
    frame, confidence: the confidence of each relation frame's statements.
``senses.tsv`` (optional)
    domain, blocked predicates (``*`` = all), cues: contexts in which triggers are not
    geopolitical (sport fixtures, court rulings, idioms); the cues become the marker class
    ``sense_<domain>``.
"""
from __future__ import annotations

import csv
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

Key = tuple[str, ...]


#: Tense marks a language's ``expand_form`` appends to a generated verb form: a first person
#: form (the speaker of the quote acts) and a dual form (the two actors named last act).
FIRST_PERSON_TENSE = "-1"
DUAL_TENSE = "-2"


@dataclass(frozen=True)
class Trigger:
    """A relation trigger family (one row of ``triggers.tsv``).

    ``words`` are the match keys of one multi-word form; ``preps`` the keys of the
    prepositions one of which must introduce the object (empty: none needed); ``tense`` is
    ``"past"``, ``"present"`` or ``"future"`` for a form generated from a verb lemma (the
    language's ``expand_form``), with ``"-1"`` appended for a first person form or ``"-2"``
    for a dual form, ``""`` for a form written out.
    """

    predicate: str
    plover: str
    cameo: str | None
    kind: str
    preps: tuple[str, ...]
    obj: str
    words: Key
    surface: str
    tense: str = ""


@dataclass(frozen=True)
class Title:
    """A role title (``titles.tsv``): its key words, implied predicate and English title."""

    words: Key
    predicate: str
    title_en: str


@dataclass
class Lexicon:
    """All rule data of one language, keyed by match keys.

    Attributes
    ----------
    lang : str
        ISO 639-1 code.
    key : callable
        ``str -> str``: the language's match-key function (normalization).
    triggers : list[Trigger]
    titles : dict[Key, Title]
    org_heads : dict[Key, tuple[str, str]]
        Head-noun key words -> (ontology class, English head label).
    given_names : set[Key]
    markers : dict[str, set[Key]]
        Marker class -> set of key sequences.
    stopwords : set[str]
        Keys of function words (spaCy's stop-word list for the language plus the markers).
    months : dict[Key, int]
        Month-name keys -> month number.
    senses : dict[str, frozenset[str]]
        Sense domain -> the predicates it blocks (``{"*"}``: all); its cues are the marker
        class ``sense_<domain>``.
    scores : dict[str, float]
        Relation frame name -> confidence of its statements (``scores.tsv``).
    """

    lang: str
    key: Callable[[str], str]
    triggers: list[Trigger] = field(default_factory=list)
    titles: dict[Key, Title] = field(default_factory=dict)
    org_heads: dict[Key, tuple[str, str]] = field(default_factory=dict)
    given_names: set[Key] = field(default_factory=set)
    markers: dict[str, set[Key]] = field(default_factory=dict)
    stopwords: set[str] = field(default_factory=set)
    months: dict[Key, int] = field(default_factory=dict)
    senses: dict[str, frozenset[str]] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)

    def keys_of(self, phrase: str) -> Key:
        """Match keys of a phrase, word by word (``+`` also separates words)."""
        return tuple(k for k in (self.key(w) for w in phrase.replace("+", " ").split()) if k)

    def marker(self, kind: str) -> set[Key]:
        """The key sequences of one marker class (empty set if the class is unknown)."""
        return self.markers.get(kind, set())

    def vocabulary(self) -> set[str]:
        """Every single-word key that occurs in the lexicon (for clitic segmentation)."""
        words: set[str] = set()
        for t in self.triggers:
            words.update(t.words)
            words.update(t.preps)
        for group in (self.titles, self.org_heads, self.given_names):
            for k in group:
                words.update(k)
        for k in self.months:
            words.update(k)
        for seqs in self.markers.values():
            for k in seqs:
                words.update(k)
        return words


def _rows(path: Path) -> list[list[str]]:
    """Data rows of a TSV file: comments and the header row skipped."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.reader(f, delimiter="\t") if r and not r[0].startswith("#")]
    return rows[1:] if rows and rows[0][0] in ("predicate", "form", "kind", "domain", "frame") else rows


@functools.lru_cache(maxsize=None)
def load_lexicon(lang: str) -> Lexicon:
    """Load the lexicon of a language from ``extractors/<lang>/``.

    Parameters
    ----------
    lang : str
        Language code with a data folder (``"ar"``).

    Returns
    -------
    Lexicon

    Raises
    ------
    ValueError
        If the language has no data folder, or a file row has the wrong number of columns
        (the message names the file and the row).
    """
    try:
        module = import_module(f"extractors.{lang}")
    except ModuleNotFoundError as e:
        raise ValueError(f"no extraction data for language {lang!r}") from e
    if not hasattr(module, "match_key") or not (Path(module.__file__).parent / "triggers.tsv").exists():
        raise ValueError(f"no extraction rules for language {lang!r} yet")
    folder = Path(module.__file__).parent
    lex = Lexicon(lang=lang, key=module.match_key)
    k = lex.keys_of
    seen: set[tuple] = set()
    for i, r in enumerate(_rows(folder / "triggers.tsv"), 1):
        if len(r) != 7:
            raise ValueError(f"{folder / 'triggers.tsv'}: row {i}: expected 7 columns, got {len(r)}")
        pred, plover, cameo, kind, prep, obj, forms = r
        preps = tuple(k(p)[0] for p in prep.split("|") if p != "-")
        expand = getattr(module, "expand_form", lambda f, kind: [(f, "")])
        for entry in forms.split():
            try:
                generated = expand(entry, kind)
            except ValueError as e:
                raise ValueError(f"{folder / 'triggers.tsv'}: row {i}: {e}") from e
            for form, tense in generated:
                trig = Trigger(pred, plover if plover != "-" else "", cameo if cameo != "-" else None,
                               kind, preps, obj, k(form), form.replace("+", " "), tense)
                key = (pred, kind, preps, obj, trig.words)
                if key not in seen:  # one row per match: "+مسؤولية" and "+المسؤولية" share keys
                    seen.add(key)
                    lex.triggers.append(trig)
    for r in _rows(folder / "markers.tsv"):
        kind, forms = r[0], r[1]
        lex.markers.setdefault(kind, set()).update(k(f) for f in forms.split())
    for r in _rows(folder / "titles.tsv"):
        lex.titles[k(r[0])] = Title(k(r[0]), r[1], r[2])
    for r in _rows(folder / "org_heads.tsv"):
        lex.org_heads[k(r[0])] = (r[1], r[2])
    with (folder / "given_names.txt").open(encoding="utf-8") as f:
        lex.given_names = {k(line) for line in f if line.strip() and not line.startswith("#")}
    for r in _rows(folder / "months.tsv"):
        lex.months[k(r[0])] = int(r[1])
    if (folder / "senses.tsv").exists():
        for i, r in enumerate(_rows(folder / "senses.tsv"), 1):
            if len(r) != 3:
                raise ValueError(f"{folder / 'senses.tsv'}: row {i}: expected 3 columns, got {len(r)}")
            lex.senses[r[0]] = frozenset(r[1].split())
            lex.markers.setdefault(f"sense_{r[0]}", set()).update(k(f) for f in r[2].split())
    for i, r in enumerate(_rows(folder / "scores.tsv"), 1):
        try:
            value = float(r[1])
        except (IndexError, ValueError):
            raise ValueError(f"{folder / 'scores.tsv'}: row {i}: expected frame and a confidence in [0, 1]") from None
        if not 0 <= value <= 1:
            raise ValueError(f"{folder / 'scores.tsv'}: row {i}: confidence {value} is outside [0, 1]")
        lex.scores[r[0]] = value
    lex.stopwords = {lex.key(w) for w in getattr(module, "STOP_WORDS", ())}
    for kind in ("negation", "clause", "preposition", "bridge", "report_from"):
        lex.stopwords.update(w for seq in lex.marker(kind) for w in seq)
    return lex
