"""Tests for extractors/sources.py: reading .txt/.html/.jsonl inputs and their errors."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from extractors.sources import (
    InputError, RawArticle, date_from_name, detect_language, discover, read_article,
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
              json.dumps({"text": EN}) + "\n" + json.dumps({"text": EN, "lang": "fr"}) + "\n")
    errors: list[InputError] = []
    (art,) = read_article(p, errors=errors)
    assert (art.path, art.lang, art.date_published, art.headline) == (
        f"{p}:1", "en", "2015-07-21", None)
    assert 'unsupported language "fr"' in str(errors[0])


def test_discover_recurses_sorted(tmp_path):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / ".hidden").mkdir()
    for name in ("b.txt", "a.HTML", "sub/c.jsonl", "sub/d.htm", "skip.pdf", ".hidden/e.txt"):
        write(d, name, EN)
    files, errors = discover([str(d), str(d / "b.txt")])
    assert errors == []
    assert [f.relative_to(d).as_posix() for f in files] == ["a.HTML", "b.txt", "sub/c.jsonl", "sub/d.htm"]
