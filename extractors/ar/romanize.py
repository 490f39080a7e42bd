"""Readable romanization of Arabic names for English labels of entities outside the KB.

A simplified form of the common news transliteration (close to the BGN/PCGN 1956 system
without diacritics): consonants by table, long vowels from alif/waw/ya, no short vowels
(they are not written). ``أندريه كورتونوف`` -> ``Andrih Kurtunuf``. It gives a label a
reader can say, not a reversible transliteration.
"""
from __future__ import annotations

import re

_DIAC = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u0640]")
_CONS = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh",
    "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "a", "ء": "",
    "ئ": "", "ؤ": "", "پ": "p", "چ": "ch", "ژ": "zh", "ڤ": "v", "گ": "g", "ک": "k", "ی": "y",
}
_ALEF = set("اأإآٱى")


def romanize_word(word: str) -> str:
    """Romanize one Arabic word (see module docstring); non-Arabic text is returned as is."""
    w = _DIAC.sub("", word)
    if not w or not any("\u0600" <= c <= "\u06ff" for c in w):
        return word
    prefix = ""
    if w.startswith("ال") and len(w) > 3:
        prefix, w = "al-", w[2:]
    out = []
    for i, c in enumerate(w):
        first, last = i == 0, i == len(w) - 1
        prev = out[-1][-1:] if out else ""
        if c in _ALEF:
            out.append("a" if prev != "a" else "")
        elif c == "و":
            out.append("w" if first or (i + 1 < len(w) and w[i + 1] in _ALEF) else ("u" if prev not in "aeiou" else "w"))
        elif c in "يی":
            out.append("y" if first or (i + 1 < len(w) and w[i + 1] in _ALEF) else ("i" if prev not in "aeiou" else "y"))
        elif c == "ه" and last and prev in ("i", "y"):
            out.append("h")
        else:
            out.append(_CONS.get(c, c))
    s = "".join(out)
    return prefix + s[:1].upper() + s[1:] if not prefix else prefix + s[:1].upper() + s[1:]


def romanize(text: str) -> str:
    """Romanize a multi-word Arabic name; ``"أندريه كورتونوف"`` -> ``"Andrih Kurtunuf"``."""
    return " ".join(romanize_word(w) for w in text.split())
