"""Arabic verb inflection for the trigger lexicon: forms generated from a lemma pair.

A verb trigger is written once in ``triggers.tsv`` as ``perfect/imperfect`` (third person
masculine singular of both aspects, as dictionaries cite them: ``قصف/يقصف``,
``أدان/يدين``, ``دعا/يدعو``); :func:`expand_form` generates the person, gender and number
forms news text uses, and the future (``س`` + imperfect). The affixes are those of the
regular strong-verb paradigm (Wright, *A Grammar of the Arabic Language*, 3rd ed., vol. 1,
§§ 85-98; Ryding, *A Reference Grammar of Modern Standard Arabic*, 2005, ch. 32-34), with
the weak final radical of defective verbs (دعا، رمى، يدعو، يرمي) dropped before a
vowel-initial suffix. Hollow and geminate stems need no change for the suffixes matched in
news (أدانت، شنّت، يدينون، يشنّون); their ن/نا perfects are generated unshortened (أدانن)
and simply never match.

Forms are matched on normalized keys, so hamza and alef variants need not be spelled out.
"""
from __future__ import annotations

from extractors.lexicon import DUAL_TENSE, FIRST_PERSON_TENSE

#: Perfect suffixes: 3ms, 3fs, 3md, 3fd, 3mp, 3fp, 1p.
PERFECT_SUFFIXES = ("", "ت", "ا", "تا", "وا", "ن", "نا")
#: Imperfect (prefix, suffix) pairs: 3ms, 3fs/2ms, 3md, 3fd, 3mp, 2mp, 3fp, 1p. The 1s
#: (أفعل) is left out: rare in news, and it is the spelling of the passive perfect
#: (أُدين "was convicted" beside أدين "I condemn").
IMPERFECT_AFFIXES = (("ي", ""), ("ت", ""), ("ي", "ان"), ("ت", "ان"), ("ي", "ون"), ("ت", "ون"),
                     ("ي", "ن"), ("ن", ""))
#: Prefix of the future (سـ + imperfect: "ستشن", "سيدعم").
FUTURE_PREFIX = "س"
#: First person plural: perfect suffix and imperfect prefix ("دعمنا", "ندعم"); such forms
#: get the tense mark "-1" ("present-1"): their subject is the speaker of the quote.
FIRST_PLURAL_SUFFIX = "نا"
FIRST_PLURAL_PREFIX = "ن"


def perfect_forms(stem: str) -> list[str]:
    """Perfect-aspect forms of a 3ms perfect (``هاجم`` -> ``هاجم هاجمت هاجما ...``).

    A defective stem (final ا/ى: دعا، رمى) drops its last letter before ت and وا
    (دعت، دعوا).
    """
    out = []
    defective = stem.endswith(("ا", "ى"))
    for suf in PERFECT_SUFFIXES:
        if defective and suf == "ا":
            if stem.endswith("ى"):
                out.append(stem[:-1] + "يا")  # the dual of التقى is التقيا
            continue  # the dual of دعا is دعوا, already the plural's form
        out.append((stem[:-1] if defective and suf in ("ت", "تا", "وا") else stem) + suf)
    return out


def imperfect_forms(form: str) -> list[str]:
    """Imperfect-aspect forms of a 3ms imperfect (``يهاجم`` -> ``يهاجم تهاجم يهاجمان ...``).

    Raises
    ------
    ValueError
        If the form does not start with the 3ms prefix ي.
    """
    if not form.startswith("ي") or len(form) < 3:
        raise ValueError(f"imperfect {form!r} must be a 3rd person masculine singular (يفعل)")
    stem = form[1:]
    out = []
    for pre, suf in IMPERFECT_AFFIXES:
        base = stem[:-1] if suf == "ون" and stem.endswith(("و", "ي")) else stem  # يدعون، يرمون
        out.append(pre + base + suf)
    return out


def verb_forms(perfect: str, imperfect: str) -> list[tuple[str, str]]:
    """Every generated form of a verb lemma pair, with its tense.

    Parameters
    ----------
    perfect, imperfect : str
        Third person masculine singular forms (``قصف``, ``يقصف``).

    Returns
    -------
    list of (str, str)
        ``(form, tense)`` with tense ``"past"``, ``"present"`` or ``"future"``, followed by
        ``"-1"`` for a first person plural form (the speaker acts) or ``"-2"`` for a dual
        form (التقيا، يلتقيان: two actors named before act); no repeats.

    Examples
    --------
    >>> [f for f, t in verb_forms("دعا", "يدعو") if t == "past"][:5]
    ['دعا', 'دعت', 'دعتا', 'دعوا', 'دعان']
    >>> ('ستدعم', 'future') in verb_forms("دعم", "يدعم")
    True
    >>> ('يلتق', 'present') in verb_forms("التقى", "يلتقي")
    True
    """
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    stem = imperfect[1:]
    first = {perfect + FIRST_PLURAL_SUFFIX, FIRST_PLURAL_PREFIX + stem, FUTURE_PREFIX + FIRST_PLURAL_PREFIX + stem}
    present = imperfect_forms(imperfect)
    plural = {f for f in perfect_forms(perfect) if f.endswith("وا")}
    dual = {f for f in perfect_forms(perfect) if f.endswith(("ا", "تا")) and not f.endswith(("وا", "نا"))
            and f != perfect and f not in plural} | {f for f in present if f.endswith("ان")}
    dual |= {FUTURE_PREFIX + f for f in dual if f.endswith("ان")}
    if imperfect.endswith(("ي", "و", "ى")):
        # jussive of a defective verb drops its weak final after لم/لا ("لم يلتق")
        present += [f for f in imperfect_forms(imperfect[:-1]) if not f.endswith(("ون", "ان", "ن"))]
    for forms, tense in ((perfect_forms(perfect), "past"), (present, "present"),
                         ([FUTURE_PREFIX + f for f in present], "future")):
        for f in forms:
            if f not in seen:
                seen.add(f)
                out.append((f, tense + FIRST_PERSON_TENSE if f in first else tense + DUAL_TENSE if f in dual else tense))
    return out


def noun_forms(noun: str) -> list[str]:
    """A verbal noun and its indefinite accusative (``هجوم`` -> ``هجوم هجوما``; ``دعم`` ->
    ``دعم دعما``); a noun ending in ة، ا، ى، ء or a sound feminine plural (ات) has no
    written accusative alif."""
    if noun.endswith(("ة", "ا", "ى", "ء", "ات", "ه")):
        return [noun]
    return [noun, noun + "ا"]


def expand_form(form: str, kind: str = "") -> list[tuple[str, str]]:
    """Expand one ``forms`` entry of ``triggers.tsv``.

    ``قصف/يقصف`` (a lemma pair) gives every :func:`verb_forms` form; in a multi-word
    trigger only its first word may be a lemma pair (``شن/يشن+هجوما``). A one-word entry of
    a ``noun`` row also gives its accusative (:func:`noun_forms`). Any other entry stands
    for itself with tense ``""``.

    Returns
    -------
    list of (str, str)
        ``(surface form with + between words, tense)``.

    Raises
    ------
    ValueError
        For an entry with more than one ``/`` or a malformed imperfect.
    """
    head, plus, rest = form.partition("+")
    if "/" not in head:
        if kind == "noun" and not plus:
            return [(f, "") for f in noun_forms(form)]
        return [(form, "")]
    parts = head.split("/")
    if len(parts) != 2 or not all(parts):
        raise ValueError(f"trigger form {form!r}: a lemma is written perfect/imperfect")
    return [(f + plus + rest, tense) for f, tense in verb_forms(*parts)]
