"""English inflection of trigger lemmas: verb and noun forms generated from one entry.

A ``triggers.tsv`` entry of kind ``verb`` is a lemma (``attack``, ``meet+with``: the first
word inflects); :func:`expand_form` yields its base, third-person singular, past, past
participle and ``-ing`` forms with the tense the relation rules read (``"past"``,
``"present"``). Regular spelling rules follow Quirk et al. (1985, §3.5-3.9: ``-es`` after
sibilants, ``y`` -> ``ies``/``ied``, final ``e`` dropped before ``-ing``, a final consonant
doubled after a single stressed vowel); the irregular verbs that news triggers use are listed
in :data:`IRREGULAR`. A lemma whose regular forms would be wrong may spell its forms in the
entry itself: ``lead/leads/led/led/leading``. Nouns (``noun`` kind) get their plural.
"""
from __future__ import annotations

#: Irregular verbs: lemma -> (3rd singular, past, past participle, -ing).
IRREGULAR: dict[str, tuple[str, str, str, str]] = {
    "meet": ("meets", "met", "met", "meeting"),
    "hold": ("holds", "held", "held", "holding"),
    "lead": ("leads", "led", "led", "leading"),
    "send": ("sends", "sent", "sent", "sending"),
    "strike": ("strikes", "struck", "struck", "striking"),
    "fight": ("fights", "fought", "fought", "fighting"),
    "shoot": ("shoots", "shot", "shot", "shooting"),
    "seek": ("seeks", "sought", "sought", "seeking"),
    "give": ("gives", "gave", "given", "giving"),
    "take": ("takes", "took", "taken", "taking"),
    "withdraw": ("withdraws", "withdrew", "withdrawn", "withdrawing"),
    "pull": ("pulls", "pulled", "pulled", "pulling"),
    "bring": ("brings", "brought", "brought", "bringing"),
    "keep": ("keeps", "kept", "kept", "keeping"),
    "say": ("says", "said", "said", "saying"),
    "tell": ("tells", "told", "told", "telling"),
    "speak": ("speaks", "spoke", "spoken", "speaking"),
    "stand": ("stands", "stood", "stood", "standing"),
    "win": ("wins", "won", "won", "winning"),
    "lose": ("loses", "lost", "lost", "losing"),
    "sign": ("signs", "signed", "signed", "signing"),
    "put": ("puts", "put", "put", "putting"),
    "set": ("sets", "set", "set", "setting"),
    "begin": ("begins", "began", "begun", "beginning"),
    "break": ("breaks", "broke", "broken", "breaking"),
    "blow": ("blows", "blew", "blown", "blowing"),
    "leave": ("leaves", "left", "left", "leaving"),
    "forbid": ("forbids", "forbade", "forbidden", "forbidding"),
    "undertake": ("undertakes", "undertook", "undertaken", "undertaking"),
    "overthrow": ("overthrows", "overthrew", "overthrown", "overthrowing"),
    "deal": ("deals", "dealt", "dealt", "dealing"),
    "build": ("builds", "built", "built", "building"),
    "spend": ("spends", "spent", "spent", "spending"),
    "lend": ("lends", "lent", "lent", "lending"),
    "bind": ("binds", "bound", "bound", "binding"),
    "find": ("finds", "found", "found", "finding"),
    "drive": ("drives", "drove", "driven", "driving"),
    "bear": ("bears", "bore", "borne", "bearing"),
    "do": ("does", "did", "done", "doing"),
    "go": ("goes", "went", "gone", "going"),
    "have": ("has", "had", "had", "having"),
    "be": ("is", "was", "been", "being"),
    "freeze": ("freezes", "froze", "frozen", "freezing"),
    "cut": ("cuts", "cut", "cut", "cutting"),
    "hit": ("hits", "hit", "hit", "hitting"),
}

#: Forms of "be" that make a participle passive ("was attacked", "have been criticised").
PASSIVE_AUXILIARIES = ("is", "are", "was", "were", "be", "been", "being")

_VOWELS = "aeiou"


def _third(lemma: str) -> str:
    if lemma.endswith(("s", "x", "z", "ch", "sh", "o")):
        return lemma + "es"
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in _VOWELS:
        return lemma[:-1] + "ies"
    return lemma + "s"


def _doubles(lemma: str) -> bool:
    """A final consonant doubled before -ed/-ing: one syllable (or a listed stress-final
    verb), consonant-vowel-consonant, not w/x/y (ban -> banned, stop -> stopped)."""
    if len(lemma) < 3 or lemma[-1] in _VOWELS + "wxy" or lemma[-2] not in _VOWELS or lemma[-3] in _VOWELS:
        return False
    syllables = sum(1 for i, c in enumerate(lemma) if c in _VOWELS and (i == 0 or lemma[i - 1] not in _VOWELS))
    return syllables == 1 or lemma.endswith(("mit", "fer", "pel", "cur"))


def _past(lemma: str) -> str:
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in _VOWELS:
        return lemma[:-1] + "ied"
    if _doubles(lemma):
        return lemma + lemma[-1] + "ed"
    return lemma + "ed"


def _ing(lemma: str) -> str:
    if lemma.endswith("ie"):
        return lemma[:-2] + "ying"
    if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        return lemma[:-1] + "ing"
    if _doubles(lemma):
        return lemma + lemma[-1] + "ing"
    return lemma + "ing"


def verb_forms(lemma: str) -> tuple[str, str, str, str, str]:
    """(base, 3rd singular, past, past participle, -ing) of an English verb lemma.

    >>> verb_forms("criticise")
    ('criticise', 'criticises', 'criticised', 'criticised', 'criticising')
    >>> verb_forms("ban")[2], verb_forms("meet")[2], verb_forms("deny")[1]
    ('banned', 'met', 'denies')
    """
    if lemma in IRREGULAR:
        return (lemma,) + IRREGULAR[lemma]
    past = _past(lemma)
    return lemma, _third(lemma), past, past, _ing(lemma)


def noun_plural(noun: str) -> str:
    """Regular plural of an English noun (``attack`` -> ``attacks``, ``ally`` -> ``allies``)."""
    return _third(noun)


def expand_form(entry: str, kind: str) -> list[tuple[str, str]]:
    """Inflected forms of one ``triggers.tsv`` entry, with their tense.

    Parameters
    ----------
    entry : str
        A lemma; ``+`` joins the words of a multi-word trigger and only the first word
        inflects (``meet+with``). ``a/b/c/d/e`` spells a verb's five forms explicitly.
    kind : str
        The row's kind: ``verb`` inflects as a verb, ``noun`` adds the plural, ``passive``
        gives each :data:`PASSIVE_AUXILIARIES` + the participle ("was+attacked"), any
        other kind (``member``...) keeps the entry as written.

    Returns
    -------
    list of (str, str)
        ``(form, tense)``: tense ``"present"`` for base/3rd-singular/-ing, ``"past"`` for the
        past and participle, ``""`` for nouns and written-out forms.

    Raises
    ------
    ValueError
        For an explicit ``/`` entry that does not have five forms.
    """
    first, _, rest = entry.partition("+")
    tail = ("+" + rest) if rest else ""
    if kind == "verb":
        if "/" in first:
            forms = first.split("/")
            if len(forms) != 5:
                raise ValueError(f"verb entry {entry!r}: expected base/3sg/past/participle/-ing")
        else:
            forms = list(verb_forms(first))
        base, third, past, part, ing = forms
        out = [(base + tail, "present"), (third + tail, "present"), (past + tail, "past"),
               (ing + tail, "present")]
        if part != past:
            out.append((part + tail, "past"))
        return out
    if kind == "passive":
        part = (first.split("/")[3] if "/" in first else verb_forms(first)[3])
        return [(f"{aux}+{part}{tail}", "past") for aux in PASSIVE_AUXILIARIES]
    if kind == "noun" and "/" not in first:
        return [(entry, ""), (noun_plural(first) + tail, "")]
    return [(entry, "")]
