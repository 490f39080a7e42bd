"""Tests of ``nufuz report`` (visualizations/report.py): the influence report of a region as
Markdown and as a self-contained HTML page, on the seed article built for real."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from kg.analytics import example_dataset, influence_summary
from kg.namespaces import NZ
from visualizations.report import chart_svg, report_html, report_markdown, write_report

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "ar" / "000_88021ef35a1db7c5.txt"
NZR = "https://w3id.org/nufuz/id/"

pytestmark = pytest.mark.filterwarnings(
    "ignore:.*(default_context|ConjunctiveGraph|Dataset.contexts).*:DeprecationWarning")

from cli_helpers import invoke, plain  # noqa: E402


@pytest.fixture(scope="module")
def seed_trig(tmp_path_factory) -> Path:
    from kg.cli import _extract_articles
    from kg.rdf import build_dataset, write_outputs

    articles, errors, kb = _extract_articles([str(SEED)], quiet=True)
    assert not errors
    out = tmp_path_factory.mktemp("seed")
    return write_outputs(build_dataset(articles, kb), out)["trig"]


@pytest.fixture(scope="module")
def report(seed_trig, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "central-asia"
    res = invoke("report", seed_trig, "--region", "Central Asia", "-o", out)
    assert res.exit_code == 0, res.output
    md, page = out.with_suffix(".md"), out.with_suffix(".html")
    return res, md.read_text(encoding="utf-8"), page.read_text(encoding="utf-8")


def summary_lines(md: str) -> list[str]:
    block = md.split("## Summary", 1)[1].split("\n## ", 1)[0]
    return [line[2:] for line in block.splitlines() if line.startswith("- ")]


def test_report_states_the_issue5_acceptance_lines(report):
    """Russia holds and seeks influence, opposes US presence; the US had presence in
    Uzbekistan and Kyrgyzstan (until 2005 for Uzbekistan), withdrew, and seeks cooperation
    with Tajikistan and Uzbekistan."""
    res, md, _ = report
    lines = summary_lines(md)
    assert "Russia holds influence in Central Asia (1 statement)." in lines
    assert "Russia seeks influence in Central Asia (1 statement)." in lines
    assert any(line.startswith("Russia opposes the presence of United States in Central Asia")
               for line in lines)
    had = [line for line in lines if line.startswith("United States had military presence in")]
    assert len(had) == 1 and "Uzbekistan (until 2005)" in had[0] and "Kyrgyzstan" in had[0]
    withdrew = [line for line in lines if line.startswith("United States withdrew from")]
    assert len(withdrew) == 1 and "Uzbekistan (2005)" in withdrew[0] and "Kyrgyzstan" in withdrew[0]
    coop = [line for line in lines if line.startswith("United States seeks cooperation with")]
    assert len(coop) == 1 and "Tajikistan" in coop[0] and "Uzbekistan" in coop[0]
    # the same lines on the terminal
    out = plain(res.output)
    assert "Russia holds influence in Central Asia (1 statement)." in out
    assert "Central Asia: 3 actor(s), 5 place(s), 1 article(s)" in out


def test_markdown_has_per_actor_tables_and_quoted_evidence(report):
    _, md, _ = report
    assert md.startswith("# Influence in Central Asia (آسيا الوسطى)\n")
    assert "## United States (الولايات المتحدة)" in md and "## Russia (روسيا)" in md
    assert "| had military presence in | Uzbekistan (أوزبكستان) | until 2005 | 1 | 1 | reported |" in md
    assert "Includes statements whose subject is Vladimir Putin." in md
    # the evidence sentence of the withdrawal, quoted in Arabic, with outlet and source
    quote = next(line for line in md.splitlines() if "غادرت أوزبكستان عام 2005" in line)
    assert re.match(r"^\d+\. «وأشارت الصحيفة", quote)
    assert "reported by: The Wall Street Journal" in md
    assert re.search(r"source: \S*examples/ar/000\\_88021ef35a1db7c5\.txt", md)


def test_html_is_offline_rtl_safe_and_has_the_chart(report):
    _, md, page = report
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<script" not in page.lower()
    without_ns = page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", without_ns)
    assert "@import" not in page and "url(" not in page
    assert '<blockquote lang="ar" dir="rtl">وأشارت الصحيفة إلى أن أمريكا استخدمت قواعد' in page
    assert '<bdi lang="ar" dir="rtl">روسيا</bdi>' in page
    # the chart: one bar per actor and relation kind, as in the Markdown tables
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert svg.count('class="bar"') == 8  # US 4 kinds, Russia 3, Taliban 1
    assert "opposes presence" in svg and "United States" in svg
    # summary sentences are the same as in the Markdown
    for line in summary_lines(md):
        assert line.replace("&", "&amp;") in page


def test_region_by_arabic_name_gives_the_same_report(seed_trig, report, tmp_path):
    res = invoke("report", seed_trig, "-r", "آسيا الوسطى", "-o", tmp_path / "ar.md", "-q")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "ar.md").read_text(encoding="utf-8") == report[1]
    assert (tmp_path / "ar.html").is_file()


def test_region_without_statements(seed_trig, tmp_path):
    res = invoke("report", seed_trig, "-r", "Caucasus", "-o", tmp_path / "c", "-q")
    assert res.exit_code == 0, res.output
    md = (tmp_path / "c.md").read_text(encoding="utf-8")
    assert "No statement in the data says who holds" in md and "## Summary" not in md
    assert "<svg" not in (tmp_path / "c.html").read_text(encoding="utf-8")


def test_unknown_region_and_bad_inputs_fail_on_one_line(seed_trig, tmp_path):
    res = invoke("report", seed_trig, "-r", "Central Asai", "-o", tmp_path / "x")
    assert res.exit_code == 1
    assert plain(res.output) == "error: no entity named 'Central Asai' in the data (did you mean: Central Asia?)"
    assert list(tmp_path.iterdir()) == []
    res = invoke("report", tmp_path / "missing.trig", "-r", "Central Asia")
    assert res.exit_code == 1 and plain(res.output) == f"error: {tmp_path / 'missing.trig'}: no such file"
    bad = tmp_path / "bad.trig"
    bad.write_text("<a> <b> {", encoding="utf-8")
    res = invoke("report", bad, "-r", "Central Asia")
    assert res.exit_code == 1 and plain(res.output).startswith(f"error: {bad}: not valid trig:")
    assert len(res.output.strip().splitlines()) == 1
    res = invoke("report", "-r", "Central Asia")
    assert res.exit_code == 1 and "no input" in res.output
    res = invoke("report", seed_trig)
    assert res.exit_code != 0  # --region is required


def test_article_text_cannot_inject_markup(tmp_path):
    ds = example_dataset()
    doc = URIRef("https://w3id.org/nufuz/doc/0a")
    st = URIRef(NZR + "statement/0a/0")
    g = ds.graph(doc)
    g.remove((st, NZ.evidence, None))
    g.add((st, NZ.evidence, Literal('<script>alert(1)</script> | **x** <img src=x onerror="alert(2)">', lang="ar")))
    ds.graph(URIRef("https://w3id.org/nufuz/graph/kb")).add(
        (URIRef(NZR + "russia"), SKOS.altLabel, Literal("<b>Russia</b>", lang="en")))
    md_path, html_path, _ = write_report(ds, "Central Asia", tmp_path / "x")
    page = html_path.read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    md = md_path.read_text(encoding="utf-8")
    assert not re.search(r"(?<!\\)<(script|img)", md)  # only as escaped text: \<img ...
    assert r"\<script\>alert(1)\</script\> \| \*\*x\*\*" in md
    # the atomic writes leave no temporary file behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.html", "x.md"]


def test_chart_bars_follow_statement_counts():
    s = influence_summary(example_dataset(), "Central Asia")
    svg = chart_svg(s)
    widths = [float(w) for w in re.findall(r'class="bar" x="\d+" y="\d+" width="([\d.]+)"', svg)]
    assert len(widths) == 5 and len(set(widths)) == 1  # every kind has one statement
    assert chart_svg(influence_summary(example_dataset(), "Uzbekistan"), max_actors=0) == ""
    md = report_markdown(s, title="Test")
    assert md.startswith("# Test\n")
    assert "<title>Test</title>" in report_html(s, title="Test")


def test_report_bidi_controls_english_evidence_and_source_links(tmp_path):
    """An override in the headline and the source URL is removed from both documents; an
    English evidence sentence naming an Arabic place is a left-to-right quote; an http(s)
    source is a link with rel="noopener noreferrer", a javascript: one stays text."""
    from rdflib.namespace import DCTERMS

    from kg.analytics import read_graph
    from visualizations.bidi import BIDI_CONTROLS

    ds = example_dataset()
    doc = URIRef("https://w3id.org/nufuz/doc/0a")
    g = ds.graph(doc)
    g.remove((doc, DCTERMS.source, None))
    g.add((doc, DCTERMS.source, URIRef("https://a.example/news/\u202efdp.exe")))
    g.add((doc, URIRef("http://schema.org/headline"), Literal("Talks \u202egnp.exe\u202c", lang="en")))
    st = URIRef(NZR + "statement/0a/0")
    g.remove((st, NZ.evidence, None))
    g.add((st, NZ.evidence, Literal("Russia holds sway in \u2067آسيا الوسطى\u2069.", lang="en")))
    md_path, html_path, _ = write_report(read_graph(ds), "Central Asia", tmp_path / "r")
    page, md = html_path.read_text(encoding="utf-8"), md_path.read_text(encoding="utf-8")
    for text in (page, md):
        assert not any(c in text for c in BIDI_CONTROLS)
    assert '<blockquote lang="en" dir="ltr">Russia holds sway in آسيا الوسطى.</blockquote>' in page
    assert ('<a href="https://a.example/news/fdp.exe" rel="noopener noreferrer" dir="ltr">'
            "https://a.example/news/fdp.exe</a>") in page
    assert "headline: <bdi>Talks gnp.exe</bdi>" in page
    assert "«Russia holds sway in آسيا الوسطى.»" in md

    g.remove((doc, DCTERMS.source, None))
    g.add((doc, DCTERMS.source, Literal("javascript:alert(1)")))
    _, html_path, _ = write_report(read_graph(ds), "Central Asia", tmp_path / "j")
    page = html_path.read_text(encoding="utf-8")
    assert "<a href" not in page.split("<h2>Summary")[1].replace('<a href="#ev-', "")
    assert "source: <bdi>javascript:alert(1)</bdi>" in page
