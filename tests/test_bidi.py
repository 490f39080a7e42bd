"""Tests of visualizations/bidi.py: bidirectional controls removed, direction per text from
its language tag, safe links (http/https only)."""
from __future__ import annotations

import pytest

from visualizations.bidi import BIDI_CONTROLS, safe_link, strip_bidi, strip_bidi_deep, text_direction


def test_strip_bidi_removes_every_control_and_nothing_else():
    assert len(BIDI_CONTROLS) == 12
    assert strip_bidi("invoice_\u202egnp.exe") == "invoice_gnp.exe"
    text = "".join(f"a{c}" for c in BIDI_CONTROLS) + "b"
    assert strip_bidi(text) == "a" * 12 + "b"
    # ZWNJ/ZWJ shape Persian and Arabic words; newlines and Arabic letters stay
    assert strip_bidi("می\u200cخواهم\nروسيا\u200d") == "می\u200cخواهم\nروسيا\u200d"
    assert strip_bidi("") == "" and strip_bidi("plain") == "plain"


def test_strip_bidi_deep_walks_dicts_lists_and_keys():
    model = {"t\u2066": ["\u202bعنوان\u202c", ("x\u200f", 3)], "n": None, "f": 0.5}
    assert strip_bidi_deep(model) == {"t": ["عنوان", ["x", 3]], "n": None, "f": 0.5}


@pytest.mark.parametrize("text, lang, expected", [
    ("Putin met Erdogan in أنقرة", "en", "ltr"),       # the tag wins over the Arabic name
    ("أنقرة: Putin met Erdogan", "en", "ltr"),
    ("قال Putin إن روسيا", "ar", "rtl"),
    ("some text", "ar-SA", "rtl"),
    ("some text", "fa", "rtl"),
    ("نص", "en-GB", "ltr"),
    ("2019 - قمة أنقرة", "", "rtl"),                   # no tag: first strong letter
    ("2019 - Ankara summit قمة", None, "ltr"),
    ("2019 - 2020", None, "ltr"),
])
def test_text_direction(text, lang, expected):
    assert text_direction(text, lang) == expected


def test_safe_link_only_http_and_https():
    assert safe_link("https://www.aljazeera.net/news/2019/3/1/x") == "https://www.aljazeera.net/news/2019/3/1/x"
    assert safe_link("http://a.example/news?id=1|2") == "http://a.example/news?id=1|2"
    assert safe_link(" https://a.example/\u202efdp.exe ") == "https://a.example/fdp.exe"
    for bad in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<b>x</b>",
                "file:///etc/passwd", "examples/ar/a.txt", "https://", "//a.example/x",
                'https://a.example/"onmouseover="x', "https://a.example/<script>",
                "https://a.example/a b", "vbscript:x", ""):
        assert safe_link(bad) == "", bad
