"""Tests for visualizations/html.py on a small hand-made dataset in the contract's shape."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from rdflib import Dataset, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, SKOS, XSD

from visualizations.html import graph_for_html, write_html

NZ = Namespace("https://w3id.org/nufuz/ontology#")
NZR = Namespace("https://w3id.org/nufuz/id/")
SCHEMA = Namespace("http://schema.org/")
KB = URIRef("https://w3id.org/nufuz/graph/kb")
DOC1 = URIRef("https://w3id.org/nufuz/doc/" + "1" * 40)
DOC2 = URIRef("https://w3id.org/nufuz/doc/" + "2" * 40)

SCRIPT_INJ = "<script>alert(1)</script>"
IMG_INJ = "<img src=x onerror=alert(1)>"

ENTITIES = {
    # id: (class, ar, en, wikidata)
    "russia": ("Country", "روسيا", "Russia", "Q159"),
    "usa": ("Country", "الولايات المتحدة", "United States", "Q30"),
    "central_asia": ("Region", "آسيا الوسطى", "Central Asia", "Q27275"),
    "tajikistan": ("Country", "طاجيكستان", "Tajikistan", "Q863"),
    "lavrov": ("Person", "سيرغي لافروف", "Sergey Lavrov", "Q80137"),
    "tass": ("NewsOrganization", "تاس", "TASS", None),
}


def _statement(g, sid, s, p, o, evidence, mode, doc, conf=0.8, date=None, attributed=None):
    st = NZR["statement/" + sid]
    g.add((st, RDF.type, NZ.Statement))
    g.add((st, RDF.subject, NZR[s]))
    g.add((st, RDF.predicate, NZ[p]))
    g.add((st, RDF.object, NZR[o]))
    g.add((st, NZ.evidence, Literal(evidence, lang="ar")))
    g.add((st, NZ.mode, Literal(mode)))
    g.add((st, NZ.confidence, Literal(conf, datatype=XSD.decimal)))
    g.add((st, NZ.reportedBy, NZR.tass))
    g.add((st, NZ.ploverCategory, Literal("REJECT")))
    g.add((st, PROV.wasDerivedFrom, doc))
    if date:
        g.add((st, NZ.date, Literal(date, datatype=XSD.date)))
    if attributed:
        g.add((st, NZ.attributedTo, Literal(attributed)))


@pytest.fixture()
def ds() -> Dataset:
    d = Dataset()
    kb = d.graph(KB)
    for eid, (cls, ar, en, qid) in ENTITIES.items():
        e = NZR[eid]
        kb.add((e, RDF.type, NZ[cls]))
        kb.add((e, SKOS.prefLabel, Literal(ar, lang="ar")))
        kb.add((e, SKOS.prefLabel, Literal(en, lang="en")))
        if qid:
            kb.add((e, OWL.sameAs, URIRef("http://www.wikidata.org/entity/" + qid)))
    kb.add((NZR.tass, RDF.type, NZ.Organization))
    kb.add((NZR.russia, SKOS.altLabel, Literal("موسكو", lang="ar")))
    kb.add((NZR.tajikistan, NZ.partOf, NZR.central_asia))      # background, both shown
    kb.add((NZR.russia, NZ.borders, NZR.tajikistan))           # background, both shown
    kb.add((NZR.lavrov, NZ.officialOf, NZR.russia))            # duplicates an article edge

    g1 = d.graph(DOC1)
    g1.add((DOC1, RDF.type, SCHEMA.NewsArticle))
    g1.add((DOC1, SCHEMA.headline, Literal("روسيا ترفض " + SCRIPT_INJ, lang="ar")))
    g1.add((DOC1, DCTERMS.source, Literal("examples/ar/a1.txt")))
    g1.add((NZR.russia, NZ.opposes, NZR.usa))
    g1.add((NZR.russia, NZ.cooperatesWith, NZR.tajikistan))
    g1.add((NZR.usa, NZ.seeksMilitaryPresenceIn, NZR.central_asia))
    g1.add((NZR.lavrov, NZ.officialOf, NZR.russia))
    _statement(g1, "s1", "russia", "opposes", "usa",
               "رفضت روسيا الخطة الأميركية " + SCRIPT_INJ, "reported", DOC1,
               date="2024-05-01", attributed="US officials")
    _statement(g1, "s2", "russia", "cooperatesWith", "tajikistan",
               "تعاونت روسيا مع طاجيكستان " + IMG_INJ, "asserted", DOC1)
    _statement(g1, "s3", "usa", "seeksMilitaryPresenceIn", "central_asia",
               "تسعى واشنطن إلى قواعد في آسيا الوسطى", "intended", DOC1)
    _statement(g1, "s4", "lavrov", "officialOf", "russia",
               "وزير الخارجية الروسي سيرغي لافروف", "asserted", DOC1)
    # negated: statement node but no truthy edge
    _statement(g1, "s5", "tajikistan", "opposes", "usa", "لم تعارض طاجيكستان", "negated", DOC1)

    g2 = d.graph(DOC2)
    g2.add((DOC2, RDF.type, SCHEMA.NewsArticle))
    g2.add((DOC2, SCHEMA.headline, Literal("مقال ثان", lang="ar")))
    g2.add((DOC2, DCTERMS.source, Literal("https://example.org/news/2")))
    g2.add((NZR.russia, NZ.opposes, NZR.usa))
    # symmetric predicate stated in the other direction merges with DOC1's edge
    g2.add((NZR.tajikistan, NZ.cooperatesWith, NZR.russia))
    _statement(g2, "s6", "russia", "opposes", "usa", "جددت موسكو رفضها", "asserted", DOC2)
    _statement(g2, "s7", "tajikistan", "cooperatesWith", "russia",
               "وقعت دوشنبه وموسكو اتفاقا", "asserted", DOC2)
    return d


def _edge(edges, s, label, o):
    found = [e for e in edges if e["from"] == str(NZR[s]) and e["label"] == label
             and e["to"] == str(NZR[o])]
    assert len(found) == 1, (s, label, o, found)
    return found[0]


def test_graph_counts_and_styles(ds):
    nodes, edges = graph_for_html(ds)
    ids = {n["id"] for n in nodes}
    # tass appears only as reportedBy, never in a truthy edge
    assert ids == {str(NZR[x]) for x in ("russia", "usa", "central_asia", "tajikistan",
                                         "lavrov")}
    article_edges = [e for e in edges if not e["nz_kb"]]
    kb_edges = [e for e in edges if e["nz_kb"]]
    assert len(article_edges) == 4
    # partOf and borders between shown nodes; officialOf duplicates an article edge
    assert sorted(e["label"] for e in kb_edges) == ["borders", "partOf"]
    assert all(e["dashes"] for e in kb_edges)
    assert len({e["id"] for e in edges}) == len(edges)

    opp = _edge(edges, "russia", "opposes", "usa")
    coop = _edge(edges, "russia", "cooperatesWith", "tajikistan")
    seeks = _edge(edges, "usa", "seeksMilitaryPresenceIn", "central_asia")
    role = _edge(edges, "lavrov", "officialOf", "russia")
    assert opp["color"]["color"] != coop["color"]["color"]
    assert opp["nz_statements"] == 2 and coop["nz_statements"] == 2
    assert role["nz_statements"] == 1
    assert opp["width"] > role["width"]
    assert seeks["dashes"] and not opp["dashes"] and not coop["dashes"]
    assert opp["arrows"]["to"]["enabled"] is True
    assert coop["arrows"]["to"]["enabled"] is False          # symmetric

    by_id = {n["id"]: n for n in nodes}
    russia = by_id[str(NZR.russia)]
    lavrov = by_id[str(NZR.lavrov)]
    assert russia["label"] == "روسيا\nRussia"
    assert russia["color"] != lavrov["color"] and russia["shape"] != lavrov["shape"]
    assert "Q159" in russia["title"] and "موسكو" in russia["title"]


def test_tooltips_are_escaped_and_complete(ds):
    _, edges = graph_for_html(ds)
    opp = _edge(edges, "russia", "opposes", "usa")
    tip = opp["title"]
    assert SCRIPT_INJ not in tip
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in tip
    assert 'dir="rtl"' in tip
    for text in ("reported", "2024-05-01", "0.80", "TASS", "US officials",
                 "examples/ar/a1.txt", "https://example.org/news/2", "مقال ثان"):
        assert text in tip, text
    coop = _edge(edges, "russia", "cooperatesWith", "tajikistan")
    assert IMG_INJ not in coop["title"] and "&lt;img src=x onerror=alert(1)&gt;" in coop["title"]


def test_write_html_offline_safe_arabic(ds, tmp_path):
    out = write_html(ds, tmp_path / "sub" / "g.html", title="اختبار <b>nufuz</b>")
    assert out == tmp_path / "sub" / "g.html"
    assert [p.name for p in out.parent.iterdir()] == ["g.html"]   # no temp file left
    page = out.read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in page
    assert '<script src="http' not in page.lower()
    assert "https://cdn" not in page
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert re.search(r"<script\b[^>]*\bsrc=", page, re.I) is None
    assert re.search(r"<link\b[^>]*\bhref=", page, re.I) is None
    for bad in (SCRIPT_INJ, IMG_INJ, "<b>nufuz</b>", "onerror=alert(1)>"):
        assert bad not in page, bad
    # pyvis' tojson is configured with ensure_ascii=False: Arabic is written as UTF-8
    for ar in ("روسيا", "سيرغي لافروف", "آسيا الوسطى", "اختبار"):
        assert ar in page, ar
    assert "stabilizationIterationsDone" in page and "physics: {enabled: false}" in page
    assert 'data-group="kb"' in page and "nz-legend" in page
    assert "5 entities · 4 relations · 6 statements · 2 articles" in page
    # the data blocks parse as JSON and keep the edge dashes
    edges_json = re.search(r"edges = new vis\.DataSet\((\[.*?\])\);", page, re.S).group(1)
    edges = json.loads(edges_json)
    assert any(e["label"] == "seeksMilitaryPresenceIn" and e["dashes"] for e in edges)


class _Scripts(HTMLParser):
    """Collects the text of every <script> element (what a browser would execute)."""

    def __init__(self):
        super().__init__()
        self.scripts: list[str] = []
        self._in = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._in = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in = False

    def handle_data(self, data):
        if self._in:
            self.scripts[-1] += data


def _scripts(page: str) -> list[str]:
    parser = _Scripts()
    parser.feed(page)
    return parser.scripts


def test_page_scripts_are_intact(ds, tmp_path):
    page = write_html(ds, tmp_path / "g.html").read_text(encoding="utf-8")
    scripts = _scripts(page)
    # pyvis' utils.js, vis-network, pyvis' drawGraph, our tooltip/freeze/toggle script
    assert len(scripts) == 4
    assert "vis-network" in scripts[1] and scripts[1].rstrip().endswith("}));")
    assert "new vis.Network" in scripts[2]
    assert "stabilizationIterationsDone" in scripts[3]
    assert not any("<style" in sc or "<div" in sc for sc in scripts)


@pytest.mark.skipif(shutil.which("node") is None, reason="node.js not installed")
def test_page_scripts_parse_as_javascript(ds, tmp_path):
    page = write_html(ds, tmp_path / "g.html").read_text(encoding="utf-8")
    for i, sc in enumerate(_scripts(page)):
        js = tmp_path / f"s{i}.js"
        js.write_text(sc, encoding="utf-8")
        res = subprocess.run(["node", "--check", str(js)], capture_output=True, text=True,
                             timeout=60)
        assert res.returncode == 0, res.stderr[:500]


def test_write_html_empty_dataset(tmp_path):
    out = write_html(Dataset(), tmp_path / "empty.html")
    page = out.read_text(encoding="utf-8")
    assert "0 entities · 0 relations" in page
    assert graph_for_html(Dataset()) == ([], [])
