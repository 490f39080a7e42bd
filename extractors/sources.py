"""Reading article inputs: plain text, HTML pages and JSON Lines.

This module turns files into :class:`RawArticle` objects and turns every kind of bad input
into one :class:`InputError` whose message is a single line naming the file (and line, for
JSON Lines) and the problem, so that a batch can report a bad article and go on with the
others.

Supported inputs
----------------
``.txt``
    UTF-8 text (a UTF-8 byte-order mark is accepted and stripped). The text is the decoded
    file, unchanged; the article's sha1 is that of the file's bytes.
``.html`` / ``.htm``
    A saved web page, UTF-8 or in the charset its ``<meta>`` declares (e.g.
    windows-1256). The article text is extracted with trafilatura (comments and tables
    excluded, precision favoured); title and date come from trafilatura's metadata
    (htmldate). Nothing is ever fetched from the network.
``.jsonl``
    One JSON object per line with ``text`` (required) and optionally ``title``, ``date``,
    ``url`` or ``source``, ``lang``. Lines end at ``\n`` (or ``\r\n``) only: a raw U+2028
    or U+2029 inside a JSON string stays in its record.
"""
from __future__ import annotations

import codecs
import datetime as _dt
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .language import detect_language, dominant_script, language_name, language_script, script_name, supported_languages
from .text import NOT_CONTENT

__all__ = [
    "InputError",
    "RawArticle",
    "SUPPORTED_SUFFIXES",
    "discover",
    "read_article",
    "iter_articles",
    "detect_language",
    "check_buildable",
    "date_from_name",
]

#: File name suffixes (lower case) that :func:`discover` collects and :func:`read_article`
#: reads.
SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")

_FMT_BY_SUFFIX = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}

#: One character of content: neither whitespace (``str.isspace``, as ``re``'s ``\\s``) nor
#: one of :data:`extractors.text.NOT_CONTENT`.
_CONTENT = re.compile(f"[^\\s{NOT_CONTENT}]")


def _is_blank(text: str) -> bool:
    """True when ``text`` has nothing but whitespace and :data:`~extractors.text.NOT_CONTENT`
    (found at the first character of content, not by rewriting the whole text)."""
    return _CONTENT.search(text) is None

_ISO_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_ISO_DATE_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?!\d)")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


class InputError(Exception):
    """A bad input file; ``str(error)`` is one line naming the file and the problem.

    Parameters
    ----------
    path : str or os.PathLike
        The file (or folder) concerned, as given or discovered.
    problem : str
        What is wrong, in words for the person who supplied the file
        (``"empty file"``, ``"encoded as UTF-16, not UTF-8 (re-save it as UTF-8)"``...).
    line : int, optional
        1-based line number, for errors about one line of a ``.jsonl`` file.

    Attributes
    ----------
    path : str
    problem : str
    line : int | None

    Examples
    --------
    >>> str(InputError("examples/x.txt", "empty file"))
    'examples/x.txt: empty file'
    >>> str(InputError("a.jsonl", "not valid JSON", line=3))
    'a.jsonl:3: not valid JSON'
    """

    def __init__(self, path, problem: str, line: int | None = None):
        self.path = str(path)
        self.problem = " ".join(str(problem).split())  # always one line
        self.line = line
        where = self.path if line is None else f"{self.path}:{line}"
        super().__init__(f"{where}: {self.problem}")


@dataclass
class RawArticle:
    """One article as read from its source, before cleaning.

    Attributes
    ----------
    path : str
        The file path as given or discovered (``dcterms:source``); for a ``.jsonl`` line,
        its ``url``/``source`` field, else ``"<file>:<line>"``.
    text : str
        The article text all character offsets refer to. For ``.txt`` the decoded file,
        unchanged (newlines kept, only a UTF-8 BOM removed).
    sha1 : str
        sha1 hex digest of the file's bytes for ``.txt``; of ``text.encode("utf-8")`` for
        other formats. The article IRI ends with it.
    fmt : str
        ``"txt"``, ``"html"`` or ``"jsonl"``.
    lang : str
        The language the text is in, as :func:`extractors.language.identify_language`
        names it (``"ar"``, ``"en"``, ``"fr"``, ``"fa"``...), or the ``lang`` field of a
        ``.jsonl`` record (which wins over detection). Languages nufuz does not build are
        read all the same; :func:`check_buildable` refuses them by name.
    headline : str | None
        The page title for HTML (trafilatura), the ``title`` field for ``.jsonl``; ``None``
        for ``.txt`` (cleaning finds the title line).
    date_published : str | None
        ISO date ``YYYY-MM-DD`` from the HTML metadata or the ``.jsonl`` ``date`` field,
        else one found in the file name (:func:`date_from_name`).
    warnings : tuple of str
        Things the reader noticed but did not refuse, one line each (a ``.jsonl`` ``lang``
        field whose script is not the text's); ``nufuz build`` prints them.
    """

    path: str
    text: str
    sha1: str
    fmt: str
    lang: str
    headline: str | None = None
    date_published: str | None = None
    warnings: tuple[str, ...] = ()


# --------------------------------------------------------------------------- discovery


def discover(paths: list[str]) -> tuple[list[Path], list[InputError]]:
    """Expand the command-line paths into the list of article files to read.

    Parameters
    ----------
    paths : list of str
        Files and/or folders. A folder is searched recursively for files whose suffix is in
        :data:`SUPPORTED_SUFFIXES` (case-insensitive; hidden files and folders skipped),
        sorted by path. A file is kept whatever its suffix, so that :func:`read_article`
        can report an unsupported type by name.

    Returns
    -------
    files : list of pathlib.Path
        Files to read, in the order given (each folder's files sorted), without duplicates.
    errors : list of InputError
        One per path that does not exist or folder with no supported file. Nothing is
        raised, so a batch can report these and go on.
    """
    files: list[Path] = []
    errors: list[InputError] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            files.append(p)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                (f for f in p.rglob("*")
                 if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES
                 and not any(part.startswith(".") for part in f.relative_to(p).parts)),
                key=lambda f: f.as_posix(),
            )
            if not found:
                errors.append(InputError(
                    raw, "folder has no supported files (.txt, .html, .htm, .jsonl)"))
            for f in found:
                add(f)
        elif p.exists():
            add(p)
        else:
            errors.append(InputError(raw, "no such file or folder"))
    return files, errors


# --------------------------------------------------------------------------- helpers


def date_from_name(name: str) -> str | None:
    """Find an ISO date ``YYYY-MM-DD`` in a file name.

    Parameters
    ----------
    name : str
        File name or path (only the last component is searched).

    Returns
    -------
    str or None
        The first valid calendar date found, as ``YYYY-MM-DD``.

    Examples
    --------
    >>> date_from_name("corpus/ar_s01_bbc_2018-02-24.txt")
    '2018-02-24'
    >>> date_from_name("report_2018-13-40.txt") is None
    True
    """
    for m in _ISO_DATE_IN_NAME.finditer(Path(name).name):
        iso = _valid_date(*m.groups())
        if iso:
            return iso
    return None


def _valid_date(y: str, m: str, d: str) -> str | None:
    try:
        return _dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _iso_date(value) -> str | None:
    """ISO date from a metadata value (``2021-08-20``, ``2021-08-20T10:00Z``, free text)."""
    if not value or not isinstance(value, str):
        return None
    m = _ISO_DATE_PREFIX.match(value)
    if m:
        return _valid_date(*m.groups())
    try:
        import dateparser  # imported lazily: slow to load, rarely needed
    except ImportError:  # pragma: no cover - dateparser is a declared dependency
        return None
    parsed = dateparser.parse(value, settings={"STRICT_PARSING": True})
    return parsed.date().isoformat() if parsed else None


def _sniff_wide_encoding(data: bytes) -> str | None:
    """Name the UTF-16/UTF-32 encoding of ``data`` (by BOM or NUL pattern), else None."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    quarter = len(sample) / 4
    nul_at = [sample[i::4].count(0) for i in range(4)]
    # UTF-32 of BMP text (ASCII or Arabic alike): the two high bytes of every code unit
    # are NUL, i.e. positions 2,3 (little endian) or 0,1 (big endian) of every 4 bytes.
    if (min(nul_at[2], nul_at[3]) >= 0.9 * quarter
            or min(nul_at[0], nul_at[1]) >= 0.9 * quarter):
        return "UTF-32"
    half = len(sample) / 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    # UTF-16 of ASCII has a NUL in every other byte; of Arabic (U+06xx) the high byte is
    # 0x06, so NULs come only from spaces, digits and punctuation. Either way the NULs sit
    # (almost) only on one parity, unlike in binary files.
    if max(even, odd) >= max(4, 0.05 * half) and min(even, odd) <= 0.01 * half:
        return "UTF-16"
    return None


def _decode(path: Path, data: bytes, html: bool = False) -> str:
    """Decode a text file's bytes as UTF-8 or raise the right :class:`InputError`."""
    if not data:
        raise InputError(path, "empty file (0 bytes)")
    wide = _sniff_wide_encoding(data)
    if wide:
        raise InputError(path, f"encoded as {wide}, not UTF-8 (re-save it as UTF-8)")
    if b"\x00" in data:
        raise InputError(path, "binary file (contains NUL bytes), not a text article")
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = _decode_declared_charset(body) if html else None
        if text is None:
            raise InputError(
                path,
                f"binary file or not UTF-8 text (undecodable byte 0x{body[exc.start]:02x} "
                f"at byte {exc.start + (len(data) - len(body))}); re-save it as UTF-8",
            ) from None
    if _is_blank(text):
        raise InputError(path, "empty file (only whitespace)")
    return text


def _decode_declared_charset(data: bytes) -> str | None:
    """Decode an HTML page with the charset its ``<meta>`` declares (e.g. windows-1256)."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    try:
        return data.decode(m.group(1).decode("ascii"))
    except (LookupError, UnicodeDecodeError):
        return None


def _sha1(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


#: A BCP 47 primary language subtag (ISO 639-1 or -3): what a ``.jsonl`` ``lang`` field must
#: start with.
_LANGUAGE_SUBTAG = re.compile(r"[a-z]{2,3}")


def check_buildable(raw: RawArticle) -> None:
    """Refuse, by name, an article in a language nufuz does not build.

    Parameters
    ----------
    raw : RawArticle

    Raises
    ------
    InputError
        When ``raw.lang`` is not one of :func:`extractors.language.supported_languages`:
        "the text is in Persian (fa), a language nufuz does not build (it builds Arabic and
        English)".
    """
    built = supported_languages()
    if raw.lang in built:
        return
    names = [language_name(c) for c in built]
    which = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
    raise InputError(raw.path, f"the text is in {language_name(raw.lang)} ({raw.lang}), a language "
                               f"nufuz does not build (it builds {which})")


def _language_or_error(path, text: str, line: int | None = None) -> str:
    lang = detect_language(text)
    if lang is None:
        raise InputError(path, "no letters in the text (not an article)", line=line)
    return lang


# --------------------------------------------------------------------------- readers


def read_article(path: Path, errors: list[InputError] | None = None) -> list[RawArticle]:
    """Read one input file into articles.

    Parameters
    ----------
    path : pathlib.Path or str
        A ``.txt``, ``.html``/``.htm`` or ``.jsonl`` file.
    errors : list of InputError, optional
        Only for ``.jsonl``: when given, a bad line is appended here and the other lines
        are still read (one bad record never loses the others); when omitted, the first
        bad line raises.

    Returns
    -------
    list of RawArticle
        One article for ``.txt`` and HTML; one per non-blank line for ``.jsonl``.

    Raises
    ------
    InputError
        Missing path, folder, unsupported suffix, unreadable file, empty file (0 bytes or
        only whitespace), UTF-16/UTF-32 text, binary or non-UTF-8 bytes, HTML with no
        article text, a ``.jsonl`` with no records, or (without ``errors``) a ``.jsonl``
        line that is not a JSON object with a non-empty ``text``.

    Notes
    -----
    HTML is handled by trafilatura (``extract(html, include_comments=False,
    include_tables=False, favor_precision=True)`` for the text, ``extract_metadata`` for
    title and date, which uses htmldate without its guesses from the page text); it is given the page's markup only, never a URL,
    so nothing is fetched.
    """
    path = Path(path)
    fmt = _format_of(path)
    if fmt == "jsonl":
        return list(_jsonl_records(path, errors))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if fmt == "txt":
        return [_read_txt(path, data)]
    return [_read_html(path, data)]


def iter_articles(path: Path, errors: list[InputError] | None = None, warn: bool = True) -> Iterator[RawArticle]:
    """:func:`read_article`, one article at a time: a ``.jsonl`` file is read line by line,
    so memory is bounded by its longest line, not by its size (a month of news in one
    file).

    The same articles, errors and messages as :func:`read_article`, in the same order. The
    problems of the whole file (no such file, unsupported type, unreadable, empty,
    UTF-16/UTF-32, NUL bytes, not UTF-8) are raised by this call, before any article is
    read: a first pass over the file's bytes, 256 KiB at a time (:func:`_check_jsonl`),
    finds them. A bad line (when ``errors`` is None), a ``.jsonl`` without any record and
    a file that cannot be read any more are raised while iterating.

    Parameters
    ----------
    path : pathlib.Path or str
    errors : list of InputError, optional
        As in :func:`read_article`.
    warn : bool
        Check a JSONL ``lang`` field against the script of its text (the default): False
        for a second reading of files whose warnings were given by the first (the check
        takes a third of the reading's CPU time); the articles' ``warnings`` are then empty.

    Returns
    -------
    iterator of RawArticle

    Raises
    ------
    InputError
        As :func:`read_article`.
    """
    path = Path(path)
    if _format_of(path) != "jsonl":
        return iter(read_article(path, errors))
    return _jsonl_records(path, errors, warn)


def _format_of(path: Path) -> str:
    """The reader of ``path`` (``txt``, ``html`` or ``jsonl``), or the InputError of a
    missing file, a folder or an unsupported suffix."""
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a folder, not a file")
    fmt = _FMT_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        shown = path.suffix or "(no suffix)"
        raise InputError(path, f"unsupported file type {shown} (expected .txt, .html, .htm or .jsonl)")
    return fmt


def _unreadable(path: Path, exc: OSError) -> InputError:
    return InputError(path, f"cannot read file ({exc.strerror or exc})")


def _read_txt(path: Path, data: bytes) -> RawArticle:
    text = _decode(path, data)
    return RawArticle(
        path=str(path), text=text, sha1=_sha1(data), fmt="txt",
        lang=_language_or_error(path, text), headline=None,
        date_published=date_from_name(path.name),
    )


#: How deep :func:`flatten_deep_markup` lets elements nest: libxml2 (lxml, trafilatura's parser)
#: stops building the tree at depth 256 (``xmlParserMaxDepth``) and drops everything deeper.
MAX_MARKUP_DEPTH = 200

#: HTML void elements (WHATWG HTML, "void elements"): they have no end tag and nest nothing.
_VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
#: Elements that break a line of text (WHATWG HTML's block-level flow content most pages use):
#: dropped past the depth limit, each leaves a ``<br>`` so paragraphs do not run together.
_BLOCK = frozenset("address article aside blockquote dd div dl dt fieldset figcaption figure footer form "
                   "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th "
                   "thead tr ul".split())
#: Elements that hold the text itself (paragraphs, headings, list items, cells): kept past
#: :data:`MAX_MARKUP_DEPTH`, up to :data:`_TEXT_BLOCK_DEPTH`, because text extractors such as
#: trafilatura read paragraphs, not bare text in a ``<div>``.
_TEXT_BLOCKS = frozenset("blockquote caption dd dl dt figcaption h1 h2 h3 h4 h5 h6 li ol p pre table tbody "
                         "td tfoot th thead tr ul".split())
#: Raw text elements (WHATWG HTML): their content is no markup, so they are always kept (a
#: script dropped would turn its code into page text); they nest nothing.
_RAW_TEXT = frozenset({"script", "style", "textarea", "title"})
#: The depth text blocks may reach: below libxml2's 256, with room for html, body and inline tags.
_TEXT_BLOCK_DEPTH = 240


def _too_deep_for_libxml2(html: str) -> bool:
    """Whether libxml2 stops at its depth limit parsing ``html`` (its error log says so)."""
    from lxml import etree
    parser = etree.HTMLParser()
    try:
        etree.fromstring(html, parser)
    except (etree.LxmlError, ValueError):
        return False
    return any("depth" in e.message.lower() for e in parser.error_log)


def flatten_deep_markup(html: str, limit: int = MAX_MARKUP_DEPTH) -> str:
    """The page with elements nested deeper than ``limit`` unwrapped: their text is kept.

    A page of 10,000 nested ``<div>``s is valid HTML, but libxml2 drops everything below
    depth 256, so its text would be lost. Here start and end tags past ``limit`` open
    elements are left out (a block-level one leaves a ``<br>``), except the elements that hold
    text (paragraphs, headings, list items, cells: kept up to depth 240); text, comments,
    character references and the tags within the limit are written back as they were. Python's
    :class:`html.parser.HTMLParser` reads the markup: it builds no tree, so depth costs it
    nothing.

    Parameters
    ----------
    html : str
        A decoded page.
    limit : int
        Elements (void elements such as ``<br>`` not counted) that may stay open at once.

    Returns
    -------
    str
        The page, unchanged when it never nests deeper than ``limit``.

    Examples
    --------
    >>> flatten_deep_markup("<div><div><div><span>Text</span></div></div></div>", limit=2)
    '<div><div><br>Text<br></div></div>'
    """
    from html.parser import HTMLParser

    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (tag, written)
    depth = 0  # written elements open

    class _Flatten(HTMLParser):
        def handle_starttag(self, tag, attrs):
            nonlocal depth
            if tag in _VOID:
                out.append(self.get_starttag_text())
            elif (depth < limit or (tag in _TEXT_BLOCKS and depth < max(limit, _TEXT_BLOCK_DEPTH))
                  or tag in _RAW_TEXT):
                out.append(self.get_starttag_text())
                stack.append((tag, True))
                depth += 1
            else:
                stack.append((tag, False))
                if tag in _BLOCK:
                    out.append("<br>")

        def handle_startendtag(self, tag, attrs):
            out.append(self.get_starttag_text())

        def handle_endtag(self, tag):
            nonlocal depth
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == tag:
                    break
            else:  # a stray end tag: lxml ignores it too
                out.append(f"</{tag}>")
                return
            depth -= sum(written for _t, written in stack[i:])
            written = stack[i][1]
            del stack[i:]
            if written:
                out.append(f"</{tag}>")
            elif tag in _BLOCK:
                out.append("<br>")

        def handle_data(self, data):
            out.append(data)

        def handle_entityref(self, name):
            out.append(f"&{name};")

        def handle_charref(self, name):
            out.append(f"&#{name};")

        def handle_comment(self, data):
            out.append(f"<!--{data}-->")

        def handle_decl(self, decl):
            out.append(f"<!{decl}>")

        def handle_pi(self, data):
            out.append(f"<?{data}>")

        def unknown_decl(self, data):
            out.append(f"<![{data}]>")

    parser = _Flatten(convert_charrefs=False)
    parser.feed(html)
    parser.close()
    return "".join(out)


def _read_html(path: Path, data: bytes) -> RawArticle:
    import trafilatura  # imported lazily: heavy, and only HTML needs it

    html = _decode(path, data, html=True)
    if _too_deep_for_libxml2(html):
        html = flatten_deep_markup(html)
    try:
        text = trafilatura.extract(
            html, include_comments=False, include_tables=False, favor_precision=True)
    except Exception as exc:  # trafilatura/lxml raise various errors on broken markup
        raise InputError(path, f"cannot parse the HTML ({type(exc).__name__})") from None
    if not text or not text.strip():
        raise InputError(path, "no article text found in the HTML")
    title = date = None
    try:
        # extensive=False: dates from markup (meta tags, <time>, URL) only, not guesses from
        # the page text such as a copyright year
        meta = trafilatura.extract_metadata(html, extensive=False)
    except Exception:  # metadata is optional; the text is what matters
        meta = None
    if meta is not None:
        title = (meta.title or "").strip() or None
        date = _iso_date(meta.date)
    return RawArticle(
        path=str(path), text=text, sha1=_sha1(text.encode("utf-8")), fmt="html",
        lang=_language_or_error(path, text), headline=title,
        date_published=date or date_from_name(path.name),
    )


#: Bytes :func:`_check_jsonl` reads at a time (its peak memory: about 6 times this).
_CHUNK = 1 << 18
_BOM = b"\xef\xbb\xbf"


def _check_jsonl(path: Path, chunk: int = _CHUNK) -> int:
    """Raise the :class:`InputError` that :func:`_decode` gives for the whole file, reading
    it ``chunk`` bytes at a time (and its first 4,096 bytes for the wide encodings); return
    the length of its UTF-8 byte-order mark (0 or 3), which the records skip.

    The checks and their order are :func:`_decode`'s: empty file, UTF-16/UTF-32 (from the
    first 4,096 bytes), a NUL byte anywhere, then the first byte that is not UTF-8 (its
    offset in the file), then a file of whitespace only.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    bad: tuple[int, int] | None = None  # (offset in the file, byte) of the first non-UTF-8 byte
    nul = False
    blank = True
    bom = 0
    done = 0  # bytes of the file given to the decoder
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
            if not head:
                raise InputError(path, "empty file (0 bytes)")
            wide = _sniff_wide_encoding(head)
            if wide:
                raise InputError(path, f"encoded as {wide}, not UTF-8 (re-save it as UTF-8)")
            bom = done = 3 if head.startswith(_BOM) else 0
            fh.seek(bom)
            data = fh.read(chunk)
            while True:
                final = not data
                nul = nul or b"\x00" in data
                if bad is None:
                    pending = decoder.getstate()[0]
                    try:
                        text = decoder.decode(data, final=final)
                    except UnicodeDecodeError as exc:
                        at = done - len(pending) + exc.start
                        bad = (at, exc.object[exc.start])
                    else:
                        blank = blank and _is_blank(text)
                done += len(data)
                if final:
                    break
                data = fh.read(chunk)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if nul:
        raise InputError(path, "binary file (contains NUL bytes), not a text article")
    if bad is not None:
        raise InputError(
            path,
            f"binary file or not UTF-8 text (undecodable byte 0x{bad[1]:02x} "
            f"at byte {bad[0]}); re-save it as UTF-8",
        )
    if blank:
        raise InputError(path, "empty file (only whitespace)")
    return bom


def _jsonl_records(path: Path, errors: list[InputError] | None, warn: bool = True) -> Iterator[RawArticle]:
    """The records of a ``.jsonl`` file, read line by line once :func:`_check_jsonl` has
    passed (it runs at this call, not at the first ``next``).

    Lines end at ``\n`` only (JSON Lines; a ``\r`` before it is dropped): ``str.splitlines()``
    would also split at U+2028, U+2029, \x1c-\x1e, \x85, \v and \f, which JSON strings
    may hold raw, and a ``\n`` byte is never part of another character in UTF-8.
    """
    bom = _check_jsonl(path)
    return _jsonl_lines(path, bom, errors, warn)


def _jsonl_lines(path: Path, bom: int, errors: list[InputError] | None, warn: bool = True) -> Iterator[RawArticle]:
    name_date = date_from_name(path.name)
    found = False
    try:
        with path.open("rb") as fh:
            fh.seek(bom)
            for lineno, raw in enumerate(fh, start=1):
                line = raw.decode("utf-8")
                if line.endswith("\n"):
                    line = line[:-1]
                if line.endswith("\r"):
                    line = line[:-1]
                if not line.strip():
                    continue
                try:
                    rec = _jsonl_record(path, lineno, line, name_date, warn)
                except InputError as exc:
                    if errors is None:
                        raise
                    errors.append(exc)
                    continue
                found = True
                yield rec
    except OSError as exc:
        raise _unreadable(path, exc) from None
    except UnicodeDecodeError:  # the file changed since it was checked
        raise _check_error(path) from None
    if not found and errors is None:
        raise InputError(path, "no articles in the JSON Lines file")


def _check_error(path: Path) -> InputError:
    try:
        _check_jsonl(path)
    except InputError as exc:
        return exc
    return InputError(path, "the file changed while it was read")


def _jsonl_record(path: Path, lineno: int, line: str, name_date: str | None, warn: bool = True) -> RawArticle:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not valid JSON ({exc.msg} at column {exc.colno})",
                         line=lineno) from None
    if not isinstance(rec, dict):
        raise InputError(path, f"expected a JSON object, got {type(rec).__name__}", line=lineno)
    text = rec.get("text")
    if not isinstance(text, str) or _is_blank(text):
        raise InputError(path, 'no "text" field (or it is empty)', line=lineno)
    lang = rec.get("lang")
    warnings: tuple[str, ...] = ()
    if lang is not None:  # the field wins over detection; a script that disagrees is said
        code = str(lang).strip().lower().replace("_", "-").split("-")[0]
        if not _LANGUAGE_SUBTAG.fullmatch(code):
            raise InputError(path, f'"lang" is not a language code: {str(lang)[:40]!r} '
                             '(expected an ISO 639 code such as ar or en)', line=lineno)
        script = dominant_script(text) if warn else None
        if script is not None and language_script(code) not in (None, script):
            warnings = (f'the "lang" field says {code} ({language_name(code)}) but the text is in '
                        f"{script_name(script)} script; read as {code}",)
        lang = code
    else:
        lang = _language_or_error(path, text, line=lineno)
    source = rec.get("url") or rec.get("source")
    title = rec.get("title")
    return RawArticle(
        path=str(source) if source else f"{path}:{lineno}",
        text=text,
        sha1=_sha1(text.encode("utf-8")),
        fmt="jsonl",
        lang=lang,
        headline=(title.strip() or None) if isinstance(title, str) else None,
        date_published=_iso_date(rec.get("date")) or name_date,
        warnings=warnings,
    )
