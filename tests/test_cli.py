"""End-to-end tests of ``nufuz build`` (kg/cli.py).

Most tests drive the typer app in-process with :class:`typer.testing.CliRunner`; one test
runs the real entry point (``python -m kg.cli``, which calls the console script's target
``kg.cli:main``) in a subprocess to check the process exit code.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from typer.testing import CliRunner

from kg.cli import app

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_DIR = REPO / "examples" / "ar"
README = REPO / "README.md"
ARTICLE_IRI = URIRef("https://w3id.org/nufuz/doc/d94f7fa0b1c2436e1f3bd6df3f488036fd2c553b")
OUTPUTS = ("graph.trig", "graph.ttl", "graph.jsonld", "graph.html")

NZ = "https://w3id.org/nufuz/ontology#"
NZR = "https://w3id.org/nufuz/id/"
PREFIXES = f"""
PREFIX nz: <{NZ}>
PREFIX nzr: <{NZR}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

runner = CliRunner()

# rdflib 7.6 warns about its own internals (Dataset.default_context, ConjunctiveGraph) on
# every TriG parse and query; those say nothing about nufuz.
pytestmark = pytest.mark.filterwarnings(
    "ignore:.*(default_context|ConjunctiveGraph|Dataset.contexts).*:DeprecationWarning")


# --------------------------------------------------------------------------- helpers


def invoke(*args) -> "object":
    """Run ``nufuz ARGS`` in-process; re-raise any exception other than a normal exit."""
    result = runner.invoke(app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def plain(text: str) -> str:
    """Text without ANSI escapes (rich colours when it believes it writes to a terminal)."""
    return _ANSI.sub("", text)


def flat(text: str) -> str:
    """Plain text with all whitespace runs collapsed (rich wraps the summary at 80 columns)."""
    return " ".join(plain(text).split())


def err_lines(result) -> list[str]:
    return [ln for ln in plain(result.stderr).splitlines() if ln.strip()]


def lines_naming(result, path: Path) -> list[str]:
    return [ln for ln in err_lines(result) if str(path) in ln]


def load(trig: Path) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(trig, format="trig")
    return ds


def statement_count(ds: Dataset) -> int:
    q = PREFIXES + "SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE { ?st a nz:Statement }"
    return int(next(iter(ds.query(q)))[0])


def summary_statements(result) -> int:
    m = re.search(r"(\d+) statements", flat(result.stdout))
    assert m, result.stdout
    return int(m.group(1))


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def make_bad_inputs(folder: Path) -> dict[str, tuple[Path, str]]:
    """One file per kind of bad input: ``kind -> (path, word the error must contain)``."""
    folder.mkdir(parents=True, exist_ok=True)
    empty = folder / "empty.txt"
    empty.write_bytes(b"")
    binary = folder / "binary.txt"  # a PNG header and pixel bytes, saved as .txt
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06"
                       + bytes(range(256)) * 2)
    utf16 = folder / "utf16.txt"
    utf16.write_bytes("قال بوتين إن روسيا ترفض أي وجود عسكري أمريكي في آسيا الوسطى.\n".encode("utf-16"))
    assert utf16.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")  # with BOM
    html = folder / "notext.html"
    html.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"><title></title>'
                    "<style>body{color:red}</style><script>var x = 1;</script></head>"
                    '<body><div class="content"></div></body></html>', encoding="utf-8")
    missing = folder / "missing.txt"
    return {
        "empty": (empty, "empty"),
        "binary": (binary, "binary"),
        "utf16": (utf16, "UTF-16"),
        "missing": (missing, "no such file"),
        "html-no-text": (html, "no article text"),
    }


BAD_KINDS = ["empty", "binary", "utf16", "missing", "html-no-text"]


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """Build the bundled example once: ``(out_dir, result)``."""
    if not any(EXAMPLE_DIR.glob("*.txt")):
        pytest.skip(f"example article missing from {EXAMPLE_DIR}")
    out = tmp_path_factory.mktemp("good") / "out"
    result = invoke("build", EXAMPLE_DIR, "--out", out)
    return out, result


@pytest.fixture(scope="module")
def good_ds(good) -> Dataset:
    return load(good[0] / "graph.trig")


# --------------------------------------------------------------------------- the example


def test_example_builds_four_outputs(good):
    out, result = good
    assert result.exit_code == 0, result.output
    assert err_lines(result) == []
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 0, name
    assert "1 article read" in flat(result.stdout)
    # the summary lists every file it wrote
    for name in OUTPUTS:
        assert str(out / name) in flat(result.stdout), name
    assert not [p.name for p in out.iterdir() if p.name not in OUTPUTS]  # no temp files left


def test_example_outputs_parse_and_hold_the_article(good, good_ds):
    out, _ = good
    graphs = {g.identifier: len(g) for g in good_ds.graphs()}
    assert graphs.get(ARTICLE_IRI, 0) > 0
    assert (ARTICLE_IRI, None, URIRef("http://schema.org/NewsArticle")) in good_ds
    ttl = Graph().parse(out / "graph.ttl", format="turtle")
    assert (ARTICLE_IRI, None, None) in ttl
    assert str(ARTICLE_IRI) in json.dumps(json.loads((out / "graph.jsonld").read_text("utf-8")))
    assert "<html" in (out / "graph.html").read_text("utf-8").lower()


def test_russia_opposes_us_statement_has_location_outlet_and_arabic_evidence(good_ds):
    q = PREFIXES + """
    SELECT ?st ?loc ?outlet ?ev WHERE {
      VALUES ?sub { nzr:russia nzr:vladimir_putin }
      ?st a nz:Statement ; rdf:predicate nz:opposes ; rdf:subject ?sub ;
          rdf:object nzr:united_states ; nz:evidence ?ev .
      OPTIONAL { ?st nz:location ?loc }
      OPTIONAL { ?st nz:reportedBy ?outlet }
    }"""
    rows = list(good_ds.query(q))
    assert rows, "no statement: Putin/Russia opposes the United States"
    ok = [r for r in rows
          if r.loc == URIRef(NZR + "central_asia")
          and r.outlet == URIRef(NZR + "wall_street_journal")
          and r.ev.language == "ar" and re.search("[\u0600-\u06ff]", str(r.ev))]
    assert ok, [tuple(r) for r in rows]


# --------------------------------------------------------------------------- bad inputs


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_bad_input_alone_one_error_line_exit_1(tmp_path, kind):
    path, word = make_bad_inputs(tmp_path / "in")[kind]
    out = tmp_path / "out"
    result = invoke("build", path, "--out", out)
    assert result.exit_code == 1, result.output
    named = lines_naming(result, path)
    assert len(named) == 1, err_lines(result)
    assert word.lower() in named[0].lower(), named[0]
    assert all(ln.startswith("error:") for ln in err_lines(result)), err_lines(result)
    assert "Traceback" not in result.output
    assert not (out / "graph.trig").exists()


def test_bad_inputs_with_good_article_still_build_it(tmp_path):
    bad = make_bad_inputs(tmp_path / "in")
    out = tmp_path / "out"
    paths = [bad[k][0] for k in BAD_KINDS]
    result = invoke("build", *paths, EXAMPLE_DIR, "--out", out)
    assert result.exit_code == 1, result.output
    for kind in BAD_KINDS:
        path, word = bad[kind]
        named = lines_naming(result, path)
        assert len(named) == 1, (kind, err_lines(result))
        assert word.lower() in named[0].lower(), named[0]
    assert len(err_lines(result)) == len(BAD_KINDS), err_lines(result)
    summary = flat(result.stdout)
    assert "1 article read" in summary and f"{len(BAD_KINDS)} input error(s)" in summary
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 0, name
    ds = load(out / "graph.trig")
    assert len(ds.graph(ARTICLE_IRI)) > 0
    assert statement_count(ds) > 0


def test_failed_run_keeps_earlier_outputs_byte_identical(tmp_path, good):
    out = tmp_path / "out"
    shutil.copytree(good[0], out)
    before = snapshot(out)
    bad = make_bad_inputs(tmp_path / "in")
    result = invoke("build", *(bad[k][0] for k in BAD_KINDS), "--out", out)
    assert result.exit_code == 1, result.output
    assert snapshot(out) == before


def test_error_line_names_a_file_with_brackets_verbatim(tmp_path):
    path = tmp_path / "[bold]draft.txt"
    path.write_bytes(b"")
    result = invoke("build", path, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert len(lines_naming(result, path)) == 1, err_lines(result)


def test_path_with_markup_does_not_crash_the_batch(tmp_path):
    missing = tmp_path / "gone[/]x.txt"
    out = tmp_path / "out"
    result = invoke("build", missing, EXAMPLE_DIR, "--out", out, "--no-html")
    assert result.exit_code == 1
    assert len(lines_naming(result, missing)) == 1, err_lines(result)
    assert len(load(out / "graph.trig").graph(ARTICLE_IRI)) > 0


def test_rebuild_with_out_inside_input_folder_ignores_own_outputs(tmp_path, good):
    folder = tmp_path / "articles"
    shutil.copytree(EXAMPLE_DIR, folder)
    out = folder / "out"
    shutil.copytree(good[0], out)  # what `nufuz build folder --out folder/out` left
    again = invoke("build", folder, "--out", out)
    assert again.exit_code == 0, err_lines(again)
    assert "1 article read" in flat(again.stdout)


# --------------------------------------------------------------------------- options


def test_min_confidence_099_drops_statements(tmp_path, good, good_ds):
    out = tmp_path / "out"
    result = invoke("build", EXAMPLE_DIR, "--out", out, "--min-confidence", "0.99", "--no-html")
    assert result.exit_code == 0, result.output
    n_default = statement_count(good_ds)
    assert summary_statements(good[1]) == n_default > 0
    ds = load(out / "graph.trig")
    assert statement_count(ds) == summary_statements(result) < n_default
    assert not (out / "graph.html").exists()


def test_min_confidence_keeps_exactly_the_statements_at_or_above_it(tmp_path, good_ds):
    q = PREFIXES + "SELECT ?st ?c WHERE { ?st a nz:Statement ; nz:confidence ?c }"
    confs = sorted(float(r.c) for r in good_ds.query(q))
    threshold = confs[len(confs) // 2]  # the median: some kept, some dropped
    expected = sum(c >= threshold for c in confs)
    assert 0 < expected < len(confs)
    out = tmp_path / "out"
    result = invoke("build", EXAMPLE_DIR, "--out", out, "--min-confidence", threshold, "--no-html")
    assert result.exit_code == 0, result.output
    kept = [float(r.c) for r in load(out / "graph.trig").query(q)]
    assert len(kept) == expected and min(kept) >= threshold


def test_help_lists_build():
    result = invoke("--help")
    assert result.exit_code == 0
    assert re.search(r"\bbuild\b", plain(result.output))


def test_unknown_option_is_a_usage_error(tmp_path):
    result = invoke("build", EXAMPLE_DIR, "--out", tmp_path / "out", "--no-such-option")
    assert result.exit_code != 0
    text = plain(result.output)
    assert "Usage:" in text and "--no-such-option" in text
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- README queries


def readme_queries() -> list[str]:
    return re.findall(r"```sparql\n(.*?)```", README.read_text("utf-8"), re.S)


def test_readme_has_three_sparql_queries():
    assert len(readme_queries()) == 3


@pytest.mark.parametrize("index", [0, 1, 2])
def test_readme_query_returns_rows_on_example(good_ds, index):
    rows = list(good_ds.query(readme_queries()[index]))
    assert len(rows) >= 1
    if index == 0:
        assert Literal("United States", lang="en") in {r.o for r in rows}, [tuple(r) for r in rows]


@pytest.mark.parametrize("index", [0, 1, 2])
def test_readme_query_declares_every_prefix_it_uses(index):
    query = readme_queries()[index]
    declared = set(re.findall(r"PREFIX\s+([A-Za-z][\w-]*)?:", query, re.I))
    body = re.sub(r"(?im)^\s*PREFIX.*$", "", query)
    body = re.sub(r"<[^>\s]*>|\"[^\"]*\"", "", body)  # IRIs and string literals
    used = set(re.findall(r"(?<![\w?$])([A-Za-z][\w-]*):[A-Za-z_]", body))
    assert used <= declared, sorted(used - declared)


# --------------------------------------------------------------------------- the real process


def test_entry_point_process_exit_code(tmp_path):
    """``python -m kg.cli`` (the console script's target) exits 1 on a partly bad batch."""
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert scripts["nufuz"] == "kg.cli:main"
    missing = tmp_path / "missing.txt"
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "kg.cli", "build", str(EXAMPLE_DIR), str(missing),
         "--out", str(out), "--no-html", "-q"],
        cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    named = [ln for ln in proc.stderr.splitlines() if str(missing) in ln]
    assert len(named) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(load(out / "graph.trig").graph(ARTICLE_IRI)) > 0


def test_bad_output_folder_is_one_error_line_before_any_work(tmp_path):
    as_file = tmp_path / "graph.trig"
    as_file.write_text("x", encoding="utf-8")
    for out in (as_file, "/proc/nufuz-no-such-dir"):
        result = invoke("build", EXAMPLE_DIR, "--out", out, "-q")
        assert result.exit_code == 1
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_an_article_longer_than_spacys_limit_still_builds(tmp_path):
    seed = (EXAMPLE_DIR / "000_88021ef35a1db7c5.txt").read_text(encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text("عنوان طويل\n\n" + " ".join([seed.replace("\n", " ")] * 190), encoding="utf-8")
    assert big.stat().st_size > 1_000_000
    result = invoke("build", big, "--out", tmp_path / "out", "--no-html", "-q")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("args, expected", [
    (["build", "--bogus", "x.txt"], "No such option: --bogus"),
    (["build"], "Missing argument"),
    (["query", "--timeout", "-1", "ASK {}"], "Invalid value for '--timeout'"),  # 0 = no limit
    (["nosuch"], "No such command 'nosuch' (see nufuz --help)"),
    (["query", "-q"], "requires an argument (see nufuz query --help)"),
])
def test_usage_errors_are_one_line(args, expected):
    """The console entry point (not only CliRunner) reports usage errors on one line, exit 2."""
    r = subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True,
                       cwd=Path(__file__).resolve().parents[1], timeout=120)
    assert r.returncode == 2, r.stderr
    lines = [ln for ln in (r.stdout + r.stderr).splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], lines
    assert "--help" in lines[0] and "Traceback" not in r.stderr


def test_help_paragraphs_are_reflowed():
    """A docstring's line breaks do not survive into --help (the terminal wraps the text)."""
    r = runner.invoke(app, ["build", "--help"], env={"COLUMNS": "200"})
    assert r.exit_code == 0
    assert "added to the store as its own named graph, atomically; re-adding" in r.output


def test_an_article_whose_extraction_raises_does_not_lose_the_others(tmp_path, monkeypatch):
    """A rule bug on one article (simulated: extraction raises for it) is one error line naming
    the article; the other articles are still extracted and written, and the exit code is 1."""
    from extractors.pipeline import Extractor

    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(next(Path(EXAMPLE_DIR).glob("*.txt")), src / name)
    (src / "b.txt").write_text((src / "b.txt").read_text(encoding="utf-8") + "\nسطر آخر.\n", encoding="utf-8")
    real = Extractor.extract

    def flaky(self, raw):
        if raw.path.endswith("b.txt"):
            raise IndexError("simulated rule bug")
        return real(self, raw)

    monkeypatch.setattr(Extractor, "extract", flaky)
    out = tmp_path / "out"
    result = invoke("build", src, "--out", out, "--no-html")
    assert result.exit_code == 1, result.output
    named = lines_naming(result, src / "b.txt")
    assert len(named) == 1 and "IndexError" in named[0], err_lines(result)
    ds = load(out / "graph.trig")
    assert statement_count(ds) > 0


# --------------------------------------------------------------------------- counts that agree


def test_headline_counts_agree_in_summary_page_and_report(tmp_path):
    """One build (Arabic + English seeds and an English article with no statement): the
    build summary, the explorer page's model and the report print the same headline counts,
    and they are the counts a SPARQL query finds in graph.trig."""
    from kg.analytics import HeadlineCounts

    calm = tmp_path / "calm.jsonl"
    calm.write_text(json.dumps({"url": "https://c.example/weather", "lang": "en",
                                "text": "The weather in London was mild on Tuesday, with light "
                                        "winds and a little rain in the evening."}) + "\n",
                    encoding="utf-8")
    out = tmp_path / "out"
    res = invoke("build", EXAMPLE_DIR, REPO / "examples" / "en", calm, "--out", out)
    assert res.exit_code == 0, plain(res.output)
    summary = re.search(r"nufuz build: (.+?) in [\d.]+ s", " ".join(plain(res.stdout).split())).group(1)

    # independent counts from the TriG
    ds = load(out / "graph.trig")
    q = PREFIXES + "PREFIX schema: <http://schema.org/>\nPREFIX prov: <http://www.w3.org/ns/prov#>\n"
    n_articles = int(next(iter(ds.query(q + "SELECT (COUNT(DISTINCT ?a) AS ?n) "
                                            "WHERE { GRAPH ?g { ?a a schema:NewsArticle } }")))[0])
    n_with = int(next(iter(ds.query(q + "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?g "
                                        "{ ?s a nz:Statement ; prov:wasDerivedFrom ?a } }")))[0])
    n_entities = int(next(iter(ds.query(q + "SELECT (COUNT(DISTINCT ?e) AS ?n) "
                                            "WHERE { GRAPH ?g { ?a schema:mentions ?e } }")))[0])
    modes = {str(m): int(n) for m, n in ds.query(
        q + "SELECT ?m (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a nz:Statement ; nz:mode ?m } } "
            "GROUP BY ?m")}
    assert (n_articles, n_with) == (3, 2)           # the weather article has no statement
    assert n_entities > 20 and sum(modes.values()) > 20
    order = ["asserted", "reported", "intended", "hypothetical", "negated", "historical"]
    expected = HeadlineCounts(n_articles, n_with, n_entities, sum(modes.values()),
                              tuple((m, modes[m]) for m in order if m in modes)).line()
    assert summary == expected

    # the page: its model's headline (the header shows it; tests/test_browser.py reads the DOM)
    page = (out / "graph.html").read_text(encoding="utf-8")
    blob = json.loads(re.search(r'<script type="application/json" id="nz-data">(.*?)</script>',
                                page, re.S).group(1))
    h = blob["headline"]
    assert HeadlineCounts(h["articles"], h["with_statements"], h["entities"], h["statements"],
                          tuple(h["by_mode"].items())).line() == expected
    assert blob["title"] == "nufuz: 3 articles"
    assert set(blob["definitions"]) == {"articles", "with_statements", "entities", "statements"}

    # the report, Markdown and HTML
    res = invoke("report", out / "graph.trig", "-r", "Central Asia", "-o", tmp_path / "rep", "-q")
    assert res.exit_code == 0, plain(res.output)
    assert f"Data: {expected}.[^counts]" in (tmp_path / "rep.md").read_text(encoding="utf-8")
    assert f">Data: {expected}.</p>" in (tmp_path / "rep.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- nufuz extract

ONTONOTES = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"}


def test_extract_seed_mentions_slice_the_text_and_carry_ontonotes_labels(tmp_path):
    """``nufuz extract`` on the seed: one JSON object; every mention's offsets slice the
    article text (the file as read) to the mention's text; labels are OntoNotes; the
    statements point to the IRIs the RDF uses (the Russia-opposes-US fact is there)."""
    out = tmp_path / "seed.jsonl"
    result = invoke("extract", EXAMPLE_DIR, "-o", out)
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    rec = json.loads(lines[0])
    assert rec["doc"] == str(ARTICLE_IRI) and rec["lang"] == "ar"
    text = next(EXAMPLE_DIR.glob("*.txt")).read_text(encoding="utf-8")
    assert len(rec["mentions"]) > 20
    for m in rec["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"], m
        assert m["label"] in ONTONOTES, m
        assert m["entity"].startswith(NZR) and m["class"], m
    assert {"PERSON", "ORG", "GPE", "NORP"} <= {m["label"] for m in rec["mentions"]}
    assert any(s["subject"] == NZR + "russia" and s["predicate"] == "opposes"
               and s["object"] == NZR + "united_states" for s in rec["statements"]), rec["statements"]
    for s in rec["statements"]:
        assert text[s["charStart"]:s["charEnd"]] == s["evidence"]


def test_extract_bad_input_named_others_written_atomically(tmp_path):
    """A bad input: one error line naming it, exit 1, the good article still written; a run
    with no good article leaves the previous output file as it was."""
    bad = make_bad_inputs(tmp_path / "in")
    out = tmp_path / "records.jsonl"
    path, word = bad["empty"]
    result = invoke("extract", path, EXAMPLE_DIR, "-o", out)
    assert result.exit_code == 1, result.output
    assert len(lines_naming(result, path)) == 1, err_lines(result)
    assert len(err_lines(result)) == 1, err_lines(result)
    before = out.read_bytes()
    assert len(before.splitlines()) == 1
    again = invoke("extract", path, "-o", out)
    assert again.exit_code == 1
    assert out.read_bytes() == before


def test_the_entry_point_freezes_the_heap_before_a_normal_exit():
    """After a command, ``kg.cli:main`` moves the live objects to the collector's permanent
    generation (the shutdown's collections then skip them: about 0.1 CPU-s of an ego view of
    a large store); a usage error exits as before, nothing frozen."""
    code = ("import gc, sys\nfrom kg.cli import main\nsys.argv = ['nufuz', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit as e:\n    print('exit', e.code, gc.get_freeze_count())\n")
    ok = subprocess.run([sys.executable, "-c", code, "query", "--data", "ontology/shapes.ttl",
                         "ASK { ?s a <http://www.w3.org/ns/shacl#NodeShape> }"],
                        cwd=REPO, capture_output=True, text=True, timeout=120)
    assert ok.stdout.splitlines()[0] == "true", ok.stderr
    last = ok.stdout.splitlines()[-1].split()
    assert last[:2] == ["exit", "0"] and int(last[2]) > 10_000, ok.stdout
    bad = subprocess.run([sys.executable, "-c", code, "nosuch"], cwd=REPO, capture_output=True,
                         text=True, timeout=120)
    assert bad.stdout.split() == ["exit", "2", "0"], (bad.stdout, bad.stderr)
