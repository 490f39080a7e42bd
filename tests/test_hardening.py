"""Issue 11, items 4, 9 and 10: error lines escape what a terminal would obey, the outputs of
a build are replaced as a set, byte-identical inputs are one article with every source."""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.atomic import replace_set
from kg.namespaces import NZ, NZR, SCHEMA
from kg.cli import printable
from tests.cli_helpers import invoke

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "ar" / "000_88021ef35a1db7c5.txt"
EN = ROOT / "examples" / "en" / "001_black_sea_talks.txt"
OUTPUTS = ("graph.trig", "graph.ttl", "graph.jsonld", "graph.html")


# --------------------------------------------------------------------------- error lines (item 4)

def test_printable_escapes_controls_and_keeps_every_script():
    assert printable("a\nerror: forged.txt") == "a\\nerror: forged.txt"
    assert printable("red\x1b[31m.txt") == "red\\x1b[31m.txt"
    assert printable("\u202eالفرنسي\u202c\r\t\x9b") == "\\u202eالفرنسي\\u202c\\r\\t\\x9b"
    assert printable("bad\udcffname") == "bad\\udcffname"  # an undecodable byte of a file name
    assert printable("روسيا / Russia C:\\dir [x]") == "روسيا / Russia C:\\dir [x]"


def test_error_lines_escape_file_names(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a\nerror: forged.txt").write_bytes(b"")
    (folder / "red\x1b[31m.txt").write_bytes(b"")
    r = invoke("build", folder, "--out", tmp_path / "out")
    assert r.exit_code == 1
    assert "\x1b" not in r.stderr
    assert r.stderr.splitlines() == [
        f"error: {folder}/a\\nerror: forged.txt: empty file (0 bytes)",
        f"error: {folder}/red\\x1b[31m.txt: empty file (0 bytes)",
        "error: no article could be read (2 input error(s) above)",
    ]


def test_usage_errors_escape_the_value(tmp_path):
    r = invoke("query", "ASK {}", "--format", "x\x1b[2Jy\nerror: z", "--data", tmp_path / "none.trig")
    assert r.exit_code == 1 and "\x1b" not in r.stderr
    assert r.stderr.splitlines() == ["error: unknown --format 'x\\x1b[2Jy\\nerror: z' (table, csv, tsv or json)"]


def test_query_table_escapes_values(tmp_path):
    data = tmp_path / "g.ttl"
    data.write_text('<urn:a> <urn:p> "x\\u001B[31my\\nerror: z" .\n', encoding="utf-8")
    r = invoke("query", "SELECT ?o WHERE { ?s ?p ?o }", "--data", data)
    assert r.exit_code == 0 and "\x1b" not in r.stdout
    assert r.stdout.splitlines()[1].strip() == "x\\x1b[31my\\nerror: z"
    r = invoke("query", "SELECT ?o WHERE { ?s ?p ?o }", "--data", data, "-F", "json")
    assert r.exit_code == 0 and '"x\\u001b[31my\\nerror: z"' in r.stdout  # JSON escapes it itself


# --------------------------------------------------------------------------- outputs as a set (item 9)

def _snapshot(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in OUTPUTS}


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("failing", ["html", "jsonld"])
def test_a_failing_output_keeps_the_previous_set_whole(tmp_path, monkeypatch, failing):
    out = tmp_path / "out"
    assert invoke("build", SEED, "--out", out, "-q").exit_code == 0
    before = _snapshot(out)

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if failing == "html":
        monkeypatch.setattr("visualizations.html.write_html", disk_full)
    else:  # the third file of kg.rdf.write_outputs: graph.trig and graph.ttl are written before it
        import kg.atomic
        real = kg.atomic.atomic_write

        def write(path, data):
            if Path(path).name == "graph.jsonld":
                disk_full()
            return real(path, data)

        monkeypatch.setattr("kg.rdf.atomic_write", write)
    r = invoke("build", EN, "--out", out, "-q")  # another article: every file would differ
    assert r.exit_code == 1
    assert r.stderr.strip() == (f"error: {out}: cannot write the outputs (No space left on device); "
                                "the previous outputs are unchanged")
    assert _snapshot(out) == before
    assert _hidden(out) == []


def test_a_complete_build_replaces_every_output(tmp_path):
    out = tmp_path / "out"
    assert invoke("build", SEED, "--out", out, "-q").exit_code == 0
    before = _snapshot(out)
    (out / "graph.ttl").chmod(0o640)
    assert invoke("build", EN, "--out", out, "-q").exit_code == 0
    after = _snapshot(out)
    assert all(after[name] != before[name] for name in OUTPUTS)
    assert (out / "graph.ttl").stat().st_mode & 0o777 == 0o640  # the mode of the file it replaced
    assert _hidden(out) == []


def test_replace_set_puts_the_previous_files_back_when_a_move_fails(tmp_path, monkeypatch):
    folder = tmp_path / "out"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text("old " + name)

    def write(staging: Path) -> dict[str, Path]:
        for name in ("a.txt", "b.txt", "c.txt"):
            (staging / name).write_text("new " + name)
        return {n: staging / n for n in ("a", "b", "c")} | {"a": staging / "a.txt", "b": staging / "b.txt",
                                                            "c": staging / "c.txt"}

    real = os.replace
    calls = []

    def flaky(src, dst):
        calls.append(Path(dst).name)
        if len(calls) == 2 and Path(src).parent.name.startswith(".nufuz-new-"):
            raise OSError(errno.EIO, "I/O error")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(OSError, match="I/O error"):
        replace_set(folder, write)
    monkeypatch.setattr(os, "replace", real)
    assert (folder / "a.txt").read_text() == "old a.txt" and (folder / "b.txt").read_text() == "old b.txt"
    assert not (folder / "c.txt").exists() and _hidden(folder) == []
    assert replace_set(folder, write) == {k: folder / f"{k}.txt" for k in "abc"}
    assert (folder / "c.txt").read_text() == "new c.txt" and _hidden(folder) == []


# --------------------------------------------------------------------------- duplicates (item 10)

def test_byte_identical_inputs_are_one_article_with_every_source(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copy(SEED, inputs / name)
    r = invoke("build", inputs, "--out", tmp_path / "dup", "--no-html")
    assert r.exit_code == 0
    first = " ".join(r.stdout.split()).split(" duplicate /")[0]
    assert first.startswith("nufuz build: 1 article read, ")
    assert first.endswith(", 2 duplicate(s) (inputs byte-identical to another: one article each, every "
                          "path kept as dcterms:source)")
    # every duplicate's path is named, with the article it is one with
    lines = [line.strip() for line in r.stdout.splitlines() if line.strip().startswith("duplicate ")]
    assert lines == [f"duplicate {inputs / 'b.txt'} = {inputs / 'a.txt'}",
                     f"duplicate {inputs / 'c.txt'} = {inputs / 'a.txt'}"]
    single = invoke("build", SEED, "--out", tmp_path / "one", "--no-html")
    one = " ".join(single.stdout.split()).split(" predicate ")[0]
    # the three copies count as the one article: the same headline counts as the single build
    assert first.split(" in ")[0] == one.split(" in ")[0]

    ds = Dataset()
    ds.parse(tmp_path / "dup" / "graph.trig", format="trig")
    quads = list(ds.quads((None, DCTERMS.source, None, None)))
    assert len({s for s, _, _, _ in quads}) == 1
    assert sorted(str(o) for _, _, o, _ in quads) == [str(inputs / n) for n in ("a.txt", "b.txt", "c.txt")]


def test_the_same_text_built_into_a_store_twice_keeps_both_sources(tmp_path):
    from kg.rdf import article_iri
    from kg.store import OxigraphStore
    from extractors.sources import read_article

    store = tmp_path / "store"
    copy = tmp_path / "mirror" / "copy.txt"
    copy.parent.mkdir()
    shutil.copy(SEED, copy)
    doc = str(article_iri(read_article(SEED)[0].sha1))

    def sources() -> list[str]:
        with OxigraphStore(store, read_only=True) as st:
            return sorted(str(row[0]) for row in st.query(
                f"SELECT ?s WHERE {{ GRAPH <{doc}> {{ <{doc}> <{DCTERMS.source}> ?s }} }}").rows)

    def store_line(r) -> str:
        return next(line for line in r.stdout.splitlines() if line.startswith("store "))

    r1 = invoke("build", SEED, "--store", store)
    assert r1.exit_code == 0 and "1 article(s) written (0 replaced)," in store_line(r1)
    assert sources() == [str(SEED)]
    with OxigraphStore(store, read_only=True) as st:
        quads = len(st)
    r2 = invoke("build", copy, "--store", store)  # the same bytes under another name
    assert r2.exit_code == 0
    assert ("1 article(s) written (0 replaced, 1 duplicate(s) of a stored article: the same text from "
            "another source, every source kept)") in store_line(r2)
    assert f"  duplicate {copy} = {doc} (stored before)" in r2.stdout.splitlines()
    assert sources() == sorted([str(SEED), str(copy)])
    with OxigraphStore(store, read_only=True) as st:
        assert len(st) == quads + 1  # one more dcterms:source, nothing else
    r3 = invoke("build", SEED, "--store", store)  # a rebuild of a stored source: replaced, no duplicate
    assert r3.exit_code == 0 and "1 article(s) written (1 replaced)," in store_line(r3)
    assert "duplicate" not in r3.stdout and sources() == sorted([str(SEED), str(copy)])


def test_build_dataset_merges_articles_with_the_same_sha1():
    from dataclasses import replace

    from extractors.pipeline import Extractor
    from extractors.sources import read_article
    from kg.rdf import article_iri, build_dataset
    from ontology.kb import load_kb

    kb = load_kb()
    (art,) = Extractor("ar", kb=kb).extract_many(read_article(SEED))
    twice = build_dataset([art, replace(art, source="https://example.org/copy")], kb,
                          sources={art.sha1: ["mirror/copy.txt"]})
    once = build_dataset([art], kb)
    doc = article_iri(art.sha1)
    assert set(twice.graph(doc).objects(doc, DCTERMS.source)) == {
        Literal(str(SEED)), URIRef("https://example.org/copy"), Literal("mirror/copy.txt")}
    assert len(twice.graph(doc)) == len(once.graph(doc)) + 2


# --------------------------------------------------------------------------- labels (item 6)

def test_labels_are_written_as_a_reader_sees_them():
    """The issue's cases: tatweel, presentation forms, an NFD hamza, RLM, bidi overrides."""
    from rdflib.namespace import SKOS

    from extractors.pipeline import Extractor
    from extractors.sources import RawArticle
    from extractors.text import label_form
    from kg.rdf import build_dataset
    from ontology.kb import load_kb

    text = ("وقال وزير الخارجية الجـــزائري رمطان لعمـــامرة إن ﺍﻟﺠﺰﺍﺋﺮ ترفض التدخل. "
            "وقالت الحكومة الا\u0654ردنية إن \u202eالفرنسي\u202c يرفض. والتقى كمـــال الدين حسونـــة بوزير "
            "الخارجية في السودان\u200f.")
    kb = load_kb()
    art = Extractor("ar", kb=kb).extract(RawArticle(path="x.txt", text=text, sha1="0" * 40, fmt="txt", lang="ar"))
    ds = build_dataset([art], kb)
    labels: dict[str, set[str]] = {}
    for s, p, o, _g in ds.quads((None, None, None, None)):
        if p in (SKOS.prefLabel, SKOS.altLabel) and o.language == "ar":
            labels.setdefault(str(s).split("/id/", 1)[-1], set()).add(str(o))
    assert labels["algeria"] >= {"الجزائر", "الجزائري"}  # from الجـــزائري and ﺍﻟﺠﺰﺍﺋﺮ
    assert "رمطان لعمامرة" in labels["ramtane_lamamra"]
    assert labels["jordan"] >= {"الأردن", "الأردنية"}  # NFC: ا + U+0654 is أ
    assert labels["france"] >= {"الفرنسي"} and labels["sudan"] >= {"السودان"}
    new = next(k for k in labels if k.startswith("person/"))  # a person outside the KB
    assert labels[new] == {"كمال الدين حسونة"}
    everything = "".join("".join(v) for v in labels.values())
    assert not re.search("[\u0640\u200b-\u200f\u202a-\u202e\ufb50-\ufdff\ufe70-\ufefe]", everything)
    assert all(label_form(x) == x for v in labels.values() for x in v)


# --------------------------------------------------------------------------- language (item 7)

FRENCH = ("Le président français a rencontré mardi son homologue russe à Moscou pour discuter de la crise "
          "en Syrie. Paris s'oppose à toute présence militaire étrangère dans la région, a déclaré le ministre.")
PERSIAN = ("وزیر امور خارجه ایران گفت که کشورش با حضور نظامی آمریکا در منطقه مخالف است و این موضوع را "
           "در دیدار با همتای روسی خود در مسکو مطرح کرد.")
URDU = ("پاکستان کے وزیر خارجہ نے کہا ہے کہ ان کا ملک خطے میں امریکی فوجی موجودگی کی مخالفت کرتا ہے اور "
        "روس کے ساتھ تعاون بڑھانا چاہتا ہے۔")
# an Arabic article that quotes English and carries an RDF snippet: more Latin letters than Arabic
AR_WITH_RDF = ('قال المتحدث باسم الخارجية الروسية إن روسيا ترفض الوجود العسكري الأمريكي في آسيا الوسطى. '
               'وأضاف: "We will not accept any American base in the region". ونشر الموقع البيان هكذا: '
               '<https://w3id.org/nufuz/id/russia> <http://www.w3.org/2004/02/skos/core#prefLabel> "Russia"@en ; '
               'skos:altLabel "روسيا"@ar . <https://w3id.org/nufuz/id/russia> nz:opposes nzr:united_states .')


def test_language_identification_names_the_language():
    from extractors.language import identify_language
    got = {name: identify_language(text) for name, text in
           [("fr", FRENCH), ("fa", PERSIAN), ("ur", URDU), ("rdf", AR_WITH_RDF), ("en", EN.read_text()),
            ("ar", SEED.read_text())]}
    assert {k: (g.code, g.script, g.name) for k, g in got.items()} == {
        "fr": ("fr", "Latn", "French"), "fa": ("fa", "Arab", "Persian"), "ur": ("ur", "Arab", "Urdu"),
        "rdf": ("ar", "Arab", "Arabic"), "en": ("en", "Latn", "English"), "ar": ("ar", "Arab", "Arabic")}
    assert all(g.confidence > 0.9 for k, g in got.items() if k != "rdf")
    assert identify_language("2021 - 16/06 <https://example.org/a>") is not None  # a URL's letters count
    assert identify_language("2021 - 16/06") is None


def test_an_arabic_article_typed_on_a_persian_keyboard_stays_arabic():
    from extractors.language import identify_language
    text = SEED.read_text(encoding="utf-8")
    persian_letters = text.translate(str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"}))
    assert persian_letters != text
    # the classifier alone reads it as Persian; the function words (في، من، على، أن) say Arabic
    assert identify_language(persian_letters).code == "ar"


def test_build_refuses_languages_it_does_not_build_by_name(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name, text in [("fr.txt", FRENCH), ("fa.txt", PERSIAN), ("ur.txt", URDU), ("rdf.txt", AR_WITH_RDF)]:
        (inputs / name).write_text(text, encoding="utf-8")
    (inputs / "x.jsonl").write_text(json.dumps({"text": SEED.read_text(), "lang": "en"}, ensure_ascii=False)
                                    + "\n", encoding="utf-8")
    r = invoke("build", inputs, "--out", tmp_path / "out", "--no-html")
    assert r.exit_code == 1
    builds = "it builds Arabic and English"
    assert r.stderr.splitlines() == [
        f"error: {inputs}/fa.txt: the text is in Persian (fa), a language nufuz does not build ({builds})",
        f"error: {inputs}/fr.txt: the text is in French (fr), a language nufuz does not build ({builds})",
        f"error: {inputs}/ur.txt: the text is in Urdu (ur), a language nufuz does not build ({builds})",
        f'warning: {inputs}/x.jsonl:1: the "lang" field says en (English) but the text is in Arabic script; '
        "read as en",
    ]
    ds = Dataset()
    ds.parse(tmp_path / "out" / "graph.trig", format="trig")
    langs = {str(o) for _, _, o, _ in ds.quads((None, SCHEMA.inLanguage, None, None))}
    assert langs == {"ar", "en"}  # the RDF-quoting article built as Arabic, the JSONL record as its field says
    evidence = [o for _, _, o, _ in ds.quads((None, NZ.evidence, None, None)) if "روسيا ترفض" in str(o)]
    assert evidence and all(o.language == "ar" for o in evidence)


# --------------------------------------------------------------------------- deep markup (item 8)

SENTENCE = "قال وزير الخارجية الروسي إن روسيا ترفض الوجود العسكري الأمريكي في آسيا الوسطى."
FIRST = "عقد مجلس الأمن الدولي جلسة طارئة مساء الثلاثاء لبحث الأزمة في المنطقة."


def _nested_page(depth: int, closed: bool = True) -> str:
    return ("<html><head><title>صفحة</title></head><body><p>" + FIRST + "</p>"
            + "<div>" * depth + "<p>" + SENTENCE + "</p><p>وأكدت موسكو أنها لن تقبل أي قاعدة أمريكية.</p>"
            + ("</div>" * depth if closed else "") + "</body></html>")


@pytest.mark.parametrize("closed", [True, False])
def test_a_page_of_10000_nested_divs_gives_its_text(tmp_path, closed):
    from extractors.sources import read_article
    page = tmp_path / "nested.html"
    page.write_text(_nested_page(10_000, closed), encoding="utf-8")
    (art,) = read_article(page)
    assert art.lang == "ar"
    lines = art.text.split("\n")
    assert FIRST in lines  # the shallow paragraph
    assert SENTENCE in lines and "وأكدت موسكو أنها لن تقبل أي قاعدة أمريكية." in lines  # the deep ones, apart


def test_flatten_deep_markup_keeps_shallow_pages_and_unwraps_deep_ones():
    from extractors.sources import MAX_MARKUP_DEPTH, flatten_deep_markup
    from tests.test_sources import ARTICLE_HTML
    assert flatten_deep_markup(ARTICLE_HTML) == ARTICLE_HTML  # nothing nests 200 deep: unchanged
    deep = '<div class="a">' * 300 + "x &amp; <b>y</b><br/><!-- c --><script>if (a < b) {}</script>" + "</div>" * 300
    flat = flatten_deep_markup(deep)
    assert flat.count('<div class="a">') == flat.count("</div>") == MAX_MARKUP_DEPTH
    # past the limit: an inline tag goes, its text, the references, comments and scripts stay
    assert "<br>x &amp; y<br/><!-- c --><script>if (a < b) {}</script><br>" in flat
    assert flat.count("<br>") == 2 * (300 - MAX_MARKUP_DEPTH)  # a line break where each dropped div was
    # paragraphs are kept a little deeper: trafilatura reads paragraphs, not bare text in a div
    assert flatten_deep_markup("<div>" * 300 + "<p>t</p>" + "</div>" * 300).count("<p>t</p>") == 1


def test_build_reads_the_nested_page(tmp_path):
    page = tmp_path / "nested.html"
    page.write_text(_nested_page(10_000), encoding="utf-8")
    r = invoke("build", page, "--out", tmp_path / "out", "--no-html")
    assert r.exit_code == 0, r.stderr
    ds = Dataset()
    ds.parse(tmp_path / "out" / "graph.trig", format="trig")
    opposes = {(str(s), str(o)) for s, _p, o, _g in ds.quads((None, NZ.opposes, None, None))}
    assert (str(NZR.russia), str(NZR.united_states)) in opposes


# --------------------------------------------------------------------------- outputs that are not files

def test_an_output_that_is_a_link_a_device_or_a_pipe_stays_one(tmp_path):
    """A symbolic link stays a link (its target replaced atomically), /dev/null stays the
    null device, a FIFO is written to (its reader gets every byte): none is replaced by a
    regular file."""
    import stat
    import threading

    from kg.atomic import atomic_write

    target = tmp_path / "target.csv"
    target.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(target.name)
    assert atomic_write(link, "new") == link
    assert link.is_symlink() and target.read_text() == "new"
    if Path("/dev/null").exists():
        atomic_write("/dev/null", b"x" * 100)
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    atomic_write(fifo, b"through the pipe")
    reader.join(10)
    assert got == [b"through the pipe"] and stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "link.csv", "target.csv"]


def test_sigterm_stops_a_command_like_ctrl_c(tmp_path):
    """SIGTERM (kill, timeout) during a command: the file being written is left as it was,
    no temporary file remains, one line says so, exit 143. (The command's writer sends the
    signal to its own process half-way through the file.)"""
    import subprocess
    import sys

    res = invoke("build", str(SEED), "--out", str(tmp_path / "b"), "-q", "--no-html")
    assert res.exit_code == 0, res.output
    out = tmp_path / "g.csv"
    out.write_text("old")
    code = (
        "import os, signal, sys, time\n"
        "import kg.atomic\n"
        "def write(fh):\n"
        "    fh.write(b'partial')\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    time.sleep(5)\n"
        "real = kg.atomic.atomic_stream\n"
        "kg.atomic.atomic_stream = lambda path, w: real(path, write)\n"
        "import kg.cli\n"
        f"sys.argv = ['nufuz', 'export', {str(tmp_path / 'b' / 'graph.trig')!r}, '-f', 'csv', '-o', {str(out)!r}]\n"
        "kg.cli.main()\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 143, proc.stderr[-500:]
    assert proc.stderr.strip().splitlines()[-1] == "interrupted"
    assert out.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b", "g.csv"]


@pytest.mark.parametrize("command", [["view"], ["report", "--region", "Middle East"], ["export", "-f", "jsonld"],
                                     ["export", "-f", "csv"]])
@pytest.mark.parametrize("out", ["", "folder"])
def test_an_output_that_names_a_directory_is_one_line(tmp_path, command, out):
    """``-o ""`` (the current directory) or ``-o`` an existing folder: one line naming it, exit
    1, nothing written (it was a traceback for ``report -o ""``, "Device or resource busy" for
    ``view``, and a JSON-LD export streamed the whole store before it failed)."""
    built = tmp_path / "b"
    assert invoke("build", SEED, "--out", built, "--trig-only", "-q").exit_code == 0
    target = tmp_path / "folder"
    target.mkdir()
    before = sorted(p.name for p in tmp_path.iterdir())
    res = invoke(*command, built / "graph.trig", "-o", target if out else "")
    assert res.exit_code == 1
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].endswith("is a directory: give a file name (-o DIR/NAME)"), res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before and not list(target.iterdir())
