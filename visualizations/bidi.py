"""Bidirectional text and links for the pages nufuz writes (explorer and report).

Article text is untrusted: a headline, an evidence sentence or a URL may carry Unicode
bidirectional *control* characters (the embeddings, overrides and isolates U+202A–U+202E and
U+2066–U+2069, the marks U+200E, U+200F and U+061C). An override makes ``gnp.exe`` display as
``exe.png``, an unclosed embedding reorders the text around it. The pages set the direction
of every text themselves (``dir`` attributes, ``<bdi>``), so these characters are removed from
every text before it reaches a page: :func:`strip_bidi` for one string,
:func:`strip_bidi_deep` for a whole JSON-ready model.

:func:`text_direction` decides the direction of one text from its language tag (per
statement, not per page), falling back to its script; :func:`safe_link` says whether a source
may become a link (``http``/``https`` only).
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from extractors.text import BIDI_CONTROLS  # the Bidi_Control characters (LRE ... PDI, LRM, RLM, ALM)

__all__ = ["BIDI_CONTROLS", "RTL_LANGS", "has_bidi", "safe_link", "strip_bidi", "strip_bidi_deep",
           "text_direction"]

_BIDI_TABLE = dict.fromkeys(map(ord, BIDI_CONTROLS))
_BIDI_RE = re.compile(f"[{BIDI_CONTROLS}]")
#: Primary language subtags written right to left.
RTL_LANGS = frozenset({"ar", "fa", "ur", "he", "iw", "ps", "sd", "ug", "yi", "dv", "ckb"})
_RTL_CHAR = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LTR_CHAR = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")


def has_bidi(text: str) -> bool:
    """Whether ``text`` holds a bidirectional control character (:data:`BIDI_CONTROLS`).

    Examples
    --------
    >>> has_bidi("invoice\\u202egnp.exe"), has_bidi("روسيا")
    (True, False)
    """
    return bool(text) and _BIDI_RE.search(text) is not None


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional control characters (:data:`BIDI_CONTROLS`).

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        The same text with every embedding, override, isolate and directional mark removed;
        every other character (Arabic letters, ZWJ/ZWNJ, newlines) is kept.

    Examples
    --------
    >>> strip_bidi("invoice\\u202egnp.exe")
    'invoicegnp.exe'
    >>> strip_bidi("\\u200fروسيا\\u200e")
    'روسيا'
    """
    if not text or not _BIDI_RE.search(text):
        return text
    return text.translate(_BIDI_TABLE)


def strip_bidi_deep(obj):
    """A copy of a JSON-ready value with :func:`strip_bidi` applied to every string in it
    (dict keys included).

    Parameters
    ----------
    obj : dict, list, tuple, str or scalar

    Returns
    -------
    The same structure (tuples become lists); scalars other than strings are returned as
    they are.

    Notes
    -----
    Character offsets into a string (the explorer's mention spans) stay valid only when the
    string had no control character: clean such strings before computing offsets.
    """
    t = type(obj)
    if t is dict or (t not in _PLAIN and isinstance(obj, dict)):
        return {strip_bidi(k) if isinstance(k, str) else k: v if type(v) in _SCALARS else strip_bidi_deep(v)
                for k, v in obj.items()}
    if t is list or t is tuple or (t not in _PLAIN and isinstance(obj, (list, tuple))):
        return [v if type(v) in _SCALARS else strip_bidi_deep(v) for v in obj]
    if t is str or isinstance(obj, str):
        return strip_bidi(obj)
    return obj


# values returned as they are (no recursion), and types that are neither dicts nor lists
_SCALARS = frozenset({int, float, bool, type(None)})
_PLAIN = _SCALARS | {str}


def text_direction(text: str, lang: str | None = None) -> str:
    """Writing direction of one text: ``"rtl"`` or ``"ltr"``.

    Parameters
    ----------
    text : str
    lang : str, optional
        The text's BCP 47 language tag (an RDF literal's tag, e.g. ``"en"``, ``"ar"``,
        ``"ar-SA"``). When given it decides: an English sentence that quotes an Arabic name
        stays left to right.

    Returns
    -------
    str
        With a tag, ``"rtl"`` for right-to-left languages (:data:`RTL_LANGS`) and ``"ltr"``
        otherwise; without one, the direction of the first strong letter (Arabic or Hebrew
        script: ``"rtl"``; Latin, Greek, Cyrillic: ``"ltr"``), ``"ltr"`` when there is none.

    Examples
    --------
    >>> text_direction("Putin met Erdogan in أنقرة", "en")
    'ltr'
    >>> text_direction("التقى بوتين أردوغان")
    'rtl'
    >>> text_direction("2019 - قمة", "")
    'rtl'
    """
    if lang:
        return "rtl" if lang.strip().lower().replace("_", "-").split("-")[0] in RTL_LANGS else "ltr"
    rtl, ltr = _RTL_CHAR.search(text or ""), _LTR_CHAR.search(text or "")
    if rtl and (not ltr or rtl.start() < ltr.start()):
        return "rtl"
    return "ltr"


#: An http(s) URL with a host of letters, digits, dots and hyphens and no character
#: :func:`safe_link` refuses: a link as it is (urllib is not needed to check it).
_PLAIN_LINK = re.compile(r"(?i:https?)://[A-Za-z0-9.-]+(?:[/?#][^\s\x00-\x1f\x7f\"'<>`\\]*)?\Z")


def safe_link(url: str) -> str:
    """``url`` when it may be written as a link in a page, else ``""``.

    Parameters
    ----------
    url : str
        A source as stored (``dcterms:source``): a URL or a file path.

    Returns
    -------
    str
        The URL (bidirectional controls removed) when its scheme is ``http`` or ``https``,
        it has a host and it contains no whitespace, control character, quote or angle
        bracket; ``""`` for anything else (``javascript:``, ``data:``, ``file:``, a path).

    Examples
    --------
    >>> safe_link("https://www.bbc.com/arabic/world-1")
    'https://www.bbc.com/arabic/world-1'
    >>> safe_link("javascript:alert(1)"), safe_link("corpus/ar/a.txt")
    ('', '')
    """
    url = strip_bidi((url or "").strip())
    if _PLAIN_LINK.match(url):  # the usual http(s)://host/path: what the checks below accept
        return url
    if not url or re.search(r"[\s\x00-\x1f\x7f\"'<>`\\]", url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return url
