"""Tests for extractors/sources.py: reading .txt/.html/.jsonl inputs and their errors."""
from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pytest

from extractors.sources import (
    InputError, RawArticle, check_buildable, date_from_name, detect_language, discover, iter_articles,
    read_article,
)

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "ar" / "000_88021ef35a1db7c5.txt"
AR = "قال الرئيس الروسي فلاديمير بوتين إن موسكو ترفض أي وجود عسكري أمريكي في آسيا الوسطى.\n"
EN = "Russian President Vladimir Putin objected to any US military presence in Central Asia.\n"

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Putin rejects US role near Afghanistan | Example News</title>
<meta property="og:title" content="Putin rejects US role near Afghanistan">
<meta property="article:published_time" content="2021-08-20T09:30:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Putin rejects US role near Afghanistan</h1>
<p>Russian President Vladimir Putin objected to any role for US forces in Central Asia during
his June summit with President Joe Biden, the Wall Street Journal reported on Friday.</p>
<p>The position complicated the ability of the US military to set up drone bases in countries
bordering Afghanistan, a problem made worse by the fall of the Afghan government last week.</p>
</article>
<footer>Copyright 2021 Example News</footer>
</body></html>
"""


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    p = tmp_path / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


def error_of(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_article(path)
    msg = str(info.value)
    assert "\n" not in msg
    assert msg.startswith(str(path) + ":")
    return msg


# ------------------------------------------------------------------ errors


def test_empty_file(tmp_path):
    assert "empty file" in error_of(write(tmp_path, "x.txt", b""))


def test_whitespace_only_file(tmp_path):
    msg = error_of(write(tmp_path, "x.txt", " \n\t\n\u00a0\u200f \r\n"))
    assert msg.endswith("empty file (only whitespace)")


def test_blank_is_whitespace_and_invisible_characters_only(tmp_path):
    """Every whitespace character (``str.isspace``) and every invisible mark is blank, alone
    or mixed; one character of anything else is content (a JSONL record of such a text is
    refused as empty, a file as only whitespace)."""
    from extractors.sources import _is_blank
    from extractors.text import NOT_CONTENT as _INVISIBLE

    assert "\u2060" in _INVISIBLE and "\u2066" in _INVISIBLE and "\ufeff" in _INVISIBLE

    spaces = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
    assert len(spaces) == 29 and "\u00a0" in spaces and "\u3000" in spaces
    assert _is_blank("") and _is_blank(spaces + _INVISIBLE) and _is_blank(_INVISIBLE[::-1] + " \n")
    for ch in ("x", "\u0627", "\u0640", "0", "."):
        assert not _is_blank(spaces + ch + _INVISIBLE), repr(ch)
    assert "only whitespace" in error_of(write(tmp_path, "y.txt", spaces + _INVISIBLE))


def test_binary_file_with_nuls(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00\x5c\x72\xa8\x66"
    assert "binary file" in error_of(write(tmp_path, "x.txt", png * 20))


def test_undecodable_bytes(tmp_path):
    msg = error_of(write(tmp_path, "x.txt", AR.encode("cp1256")))
    assert "not UTF-8" in msg and "re-save it as UTF-8" in msg


def test_utf16_with_bom(tmp_path):
    msg = error_of(write(tmp_path, "x.txt", AR.encode("utf-16")))
    assert msg == f"{tmp_path / 'x.txt'}: encoded as UTF-16, not UTF-8 (re-save it as UTF-8)"


@pytest.mark.parametrize("text", [AR, EN])
def test_utf16le_without_bom(tmp_path, text):
    data = (text * 3).encode("utf-16-le")
    assert not data.startswith(b"\xff\xfe")
    assert "encoded as UTF-16, not UTF-8" in error_of(write(tmp_path, "x.txt", data))


def test_utf32(tmp_path):
    assert "encoded as UTF-32" in error_of(write(tmp_path, "x.txt", AR.encode("utf-32")))


def test_missing_path(tmp_path):
    missing = tmp_path / "nope.txt"
    assert error_of(missing).endswith("no such file")
    files, errors = discover([str(missing)])
    assert files == []
    assert [str(e) for e in errors] == [f"{missing}: no such file or folder"]


def test_unsupported_extension(tmp_path):
    assert "unsupported file type .pdf" in error_of(write(tmp_path, "x.pdf", "%PDF-1.4"))


def test_folder_without_supported_files(tmp_path):
    (tmp_path / "d").mkdir()
    write(tmp_path / "d", "notes.md", "# notes")
    files, errors = discover([str(tmp_path / "d")])
    assert files == []
    assert len(errors) == 1 and "no supported files" in str(errors[0])


def test_no_letters(tmp_path):
    assert error_of(write(tmp_path, "x.txt", "2021 - 16/06\n")).endswith("no letters in the text (not an article)")


def test_broken_html(tmp_path):
    msg = error_of(write(tmp_path, "x.html", "<html><body><div>"))
    assert msg.endswith("no article text found in the HTML")


def test_error_message_is_one_line():
    assert str(InputError("a.txt", "bad\nthing")) == "a.txt: bad thing"
    assert str(InputError("a.jsonl", "not valid JSON", line=2)) == "a.jsonl:2: not valid JSON"


# ------------------------------------------------------------------ good inputs


def test_seed_txt_sha1_and_text():
    (art,) = read_article(SEED)
    assert art.sha1 == "d94f7fa0b1c2436e1f3bd6df3f488036fd2c553b"
    assert art.text == SEED.read_bytes().decode("utf-8")
    assert (art.fmt, art.lang, art.headline, art.path) == ("txt", "ar", None, str(SEED))


def test_utf8_bom_is_stripped_but_sha1_is_of_bytes(tmp_path):
    data = b"\xef\xbb\xbf" + AR.encode("utf-8")
    (art,) = read_article(write(tmp_path, "x.txt", data))
    assert art.text == AR
    assert art.sha1 == hashlib.sha1(data).hexdigest()


def test_crlf_kept(tmp_path):
    (art,) = read_article(write(tmp_path, "x.txt", "Title\r\n\r\n" + EN))
    assert art.text.startswith("Title\r\n\r\n")


def test_language_detection():
    assert detect_language(AR) == "ar"
    assert detect_language(EN) == "en"
    assert detect_language("قالت وكالة Reuters إن الرئيس Joe Biden التقى بوتين") == "ar"
    assert detect_language("Reuters said Putin (بوتين) met Biden in Geneva on Wednesday") == "en"
    assert detect_language("2021 - 16/06") is None


def test_language_of_txt(tmp_path):
    (art,) = read_article(write(tmp_path, "en.txt", EN))
    assert art.lang == "en"


def test_date_from_file_name(tmp_path):
    (art,) = read_article(write(tmp_path, "ar_s01_bbc_2018-02-24.txt", AR))
    assert art.date_published == "2018-02-24"
    assert date_from_name("x_2018-02-30.txt") is None  # not a calendar date
    assert date_from_name("x_120180224.txt") is None
    (plain,) = read_article(write(tmp_path, "plain.txt", AR))
    assert plain.date_published is None


def test_html_article(tmp_path):
    (art,) = read_article(write(tmp_path, "page.html", ARTICLE_HTML))
    assert art.fmt == "html" and art.lang == "en"
    assert art.headline == "Putin rejects US role near Afghanistan"
    assert art.date_published == "2021-08-20"
    paras = art.text.split("\n")
    assert any(p.startswith("Russian President Vladimir Putin objected") for p in paras)
    assert any(p.startswith("The position complicated") for p in paras)
    assert "Home" not in art.text and "Copyright" not in art.text
    assert art.sha1 == hashlib.sha1(art.text.encode("utf-8")).hexdigest()


def test_html_date_falls_back_to_file_name(tmp_path):
    html = ARTICLE_HTML.replace(
        '<meta property="article:published_time" content="2021-08-20T09:30:00Z">', "")
    (art,) = read_article(write(tmp_path, "page_2021-08-21.htm", html))
    assert art.date_published == "2021-08-21"


def test_jsonl_good_and_bad_line(tmp_path):
    good = {"text": AR, "title": "بوتين يرفض", "date": "2021-08-20T10:00:00Z",
            "url": "https://example.org/a/1"}
    p = write(tmp_path, "batch.jsonl",
              json.dumps(good, ensure_ascii=False) + "\n{not json\n\n" + json.dumps({"title": "x"}) + "\n")
    errors: list[InputError] = []
    arts = read_article(p, errors=errors)
    assert len(arts) == 1
    art = arts[0]
    assert isinstance(art, RawArticle)
    assert (art.path, art.fmt, art.lang, art.headline, art.date_published) == (
        "https://example.org/a/1", "jsonl", "ar", "بوتين يرفض", "2021-08-20")
    assert art.text == AR and art.sha1 == hashlib.sha1(AR.encode("utf-8")).hexdigest()
    assert [e.line for e in errors] == [2, 4]
    assert str(errors[0]).startswith(f"{p}:2: not valid JSON")
    assert str(errors[1]) == f'{p}:4: no "text" field (or it is empty)'
    # without an error list the first bad line raises
    with pytest.raises(InputError, match=r":2: not valid JSON"):
        read_article(p)


def test_jsonl_defaults_and_lang_field(tmp_path):
    p = write(tmp_path, "news_2015-07-21.jsonl",
              json.dumps({"text": EN}) + "\n" + json.dumps({"text": EN, "lang": "fr-FR"}) + "\n"
              + json.dumps({"text": EN, "lang": "not a code\u001b"}) + "\n"
              + json.dumps({"text": AR, "lang": "en"}) + "\n")
    errors: list[InputError] = []
    art, fr, ar_as_en = read_article(p, errors=errors)
    assert (art.path, art.lang, art.date_published, art.headline, art.warnings) == (
        f"{p}:1", "en", "2015-07-21", None, ())
    # the field wins over detection: read as French (same script, no warning), refused by name
    assert (fr.lang, fr.warnings) == ("fr", ())
    with pytest.raises(InputError, match=r":2: the text is in French \(fr\), a language nufuz does not "
                                         r"build \(it builds Arabic and English\)$"):
        check_buildable(fr)
    check_buildable(art)
    assert [str(e) for e in errors] == [f"{p}:3: \"lang\" is not a language code: 'not a code\\x1b' "
                                        "(expected an ISO 639 code such as ar or en)"]
    # the field wins, and a script that disagrees is said
    assert ar_as_en.lang == "en"
    assert ar_as_en.warnings == ('the "lang" field says en (English) but the text is in Arabic script; '
                                 "read as en",)
    # a second reading (kg.stream's, past its text budget) skips the check: the same
    # articles, without the warning the first reading gave
    again = list(iter_articles(p, [], warn=False))
    assert [a.warnings for a in again] == [(), (), ()]
    assert [replace(a, warnings=()) for a in (art, fr, ar_as_en)] == again


def test_discover_recurses_sorted(tmp_path):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / ".hidden").mkdir()
    for name in ("b.txt", "a.HTML", "sub/c.jsonl", "sub/d.htm", "skip.pdf", ".hidden/e.txt"):
        write(d, name, EN)
    files, errors = discover([str(d), str(d / "b.txt")])
    assert errors == []
    assert [f.relative_to(d).as_posix() for f in files] == ["a.HTML", "b.txt", "sub/c.jsonl", "sub/d.htm"]


# --------------------------------------------------------------------------- nufuz build: URLs and U+2028


def _build(*args):
    from cli_helpers import invoke

    return invoke("build", *args)


def test_build_jsonl_urls_with_unsafe_characters_become_encoded_iris(tmp_path):
    """A url with | < > " { } ^ ` \\ or a space once crashed the whole build at serialisation:
    now the source is a percent-encoded IRI, the files are written, and they parse."""
    from rdflib import Dataset, URIRef
    from rdflib.namespace import DCTERMS

    urls = ["https://a.example/news?id=1|2", 'https://a.example/n?q=<a>"{b}"^`x`\\y z',
            "https://ar.example/أخبار/1?x=%zz"]
    texts = [AR, AR.replace("آسيا الوسطى", "أفغانستان"), AR.replace("بوتين", "لافروف")]
    path = write(tmp_path, "urls.jsonl", "".join(
        json.dumps({"url": u, "title": f"t{i}", "text": t}, ensure_ascii=False) + "\n"
        for i, (u, t) in enumerate(zip(urls, texts))))
    out = tmp_path / "out"
    res = _build(path, "--out", out, "-q")
    assert res.exit_code == 0, res.output
    ds = Dataset()
    ds.parse(out / "graph.trig", format="trig")
    sources = sorted(str(o) for _, _, o, _ in ds.quads((None, DCTERMS.source, None, None))
                     if isinstance(o, URIRef))
    assert sources == ["https://a.example/n?q=%3Ca%3E%22%7Bb%7D%22%5E%60x%60%5Cy%20z",
                       "https://a.example/news?id=1%7C2", "https://ar.example/أخبار/1?x=%25zz"]
    assert (out / "graph.jsonld").stat().st_size > 0 and (out / "graph.html").is_file()
    # the same articles into a store (Oxigraph validates IRIs on its own)
    res = _build(path, "--store", tmp_path / "store", "-q")
    assert res.exit_code == 0, res.output


def test_build_html_with_unsafe_url_in_its_markup(tmp_path):
    """An HTML page whose canonical and og:url carry a | builds (its source is the file)."""
    page = ARTICLE_HTML.replace(
        "<title>", '<link rel="canonical" href="https://a.example/news?id=1|2">'
                   '<meta property="og:url" content="https://a.example/news?id=1|2"><title>')
    path = write(tmp_path, "page.html", page)
    res = _build(path, "--out", tmp_path / "out", "-q")
    assert res.exit_code == 0, res.output
    assert "page.html" in (tmp_path / "out" / "graph.trig").read_text(encoding="utf-8")


def test_jsonl_records_split_only_on_newline(tmp_path):
    """Raw U+2028/U+2029 (and \\x85, \\x0c) inside a JSON string stay in their record: two
    records, right line numbers for a later bad line, CRLF files too."""
    text1 = "قال بوتين\u2028إن روسيا ترفض وجود القوات الأميركية في آسيا الوسطى.\u2029 وأضاف\x85 أن\x0c"
    line1 = json.dumps({"url": "https://b.example/1", "text": text1}, ensure_ascii=False)
    line2 = json.dumps({"url": "https://b.example/2", "text": EN}, ensure_ascii=False)
    assert "\u2028" in line1 and "\u2029" in line1        # raw, not \\u escapes
    path = write(tmp_path, "ls.jsonl", line1 + "\r\n" + line2 + "\r\n" + "{bad\r\n")
    errors: list[InputError] = []
    arts = read_article(path, errors)
    assert [a.text for a in arts] == [text1, EN]
    assert [a.path for a in arts] == ["https://b.example/1", "https://b.example/2"]
    assert [str(e) for e in errors] == [f"{path}:3: not valid JSON (Expecting property name "
                                        "enclosed in double quotes at column 2)"]
    good = write(tmp_path, "good.jsonl", line1 + "\n" + line2 + "\n")
    out = tmp_path / "out"
    res = _build(good, "--out", out, "-q")
    assert res.exit_code == 0, res.output
    trig = (out / "graph.trig").read_text(encoding="utf-8")
    assert "https://b.example/1" in trig and "https://b.example/2" in trig
