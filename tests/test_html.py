"""Tests for the explorer (visualizations/explorer.py model, visualizations/html.py page,
``nufuz view``) on a small hand-made dataset in the contract's shape. The same page in a
real browser: tests/test_browser.py."""
from __future__ import annotations

import base64
import hashlib
import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path
from html.parser import HTMLParser

import pytest
from rdflib import Dataset, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, SKOS, XSD
from typer.testing import CliRunner

from visualizations.explorer import (
    PHYSICS_MAX_NODES, FocusNotFound, explorer_data, layout_positions, mention_spans,
)
from visualizations.html import script_json, write_html

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


def _statement(g, sid, s, p, o, evidence, mode, doc, conf=0.8, date=None, attributed=None,
               trigger=None):
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
    if trigger:
        g.add((st, NZ.trigger, Literal(trigger, lang="ar")))


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
    kb.add((NZR.russia, SKOS.altLabel, Literal("موسكو", lang="ar")))
    kb.add((NZR.usa, SKOS.altLabel, Literal("واشنطن", lang="ar")))
    kb.add((NZR.tajikistan, NZ.partOf, NZR.central_asia))      # background, both shown
    kb.add((NZR.russia, NZ.borders, NZR.tajikistan))           # background, both shown
    kb.add((NZR.lavrov, NZ.officialOf, NZR.russia))            # duplicates an article edge

    g1 = d.graph(DOC1)
    g1.add((DOC1, RDF.type, SCHEMA.NewsArticle))
    g1.add((DOC1, SCHEMA.headline, Literal("روسيا ترفض " + SCRIPT_INJ, lang="ar")))
    g1.add((DOC1, DCTERMS.source, Literal("examples/ar/a1.txt")))
    g1.add((DOC1, SCHEMA.datePublished, Literal("2024-05-03", datatype=XSD.date)))
    g1.add((NZR.russia, NZ.opposes, NZR.usa))
    g1.add((NZR.russia, NZ.cooperatesWith, NZR.tajikistan))
    g1.add((NZR.usa, NZ.seeksMilitaryPresenceIn, NZR.central_asia))
    g1.add((NZR.lavrov, NZ.officialOf, NZR.russia))
    _statement(g1, "s1", "russia", "opposes", "usa",
               "رفضت روسيا الخطة الأميركية " + SCRIPT_INJ, "reported", DOC1,
               date="2024-05-01", attributed="US officials", trigger="رفضت")
    _statement(g1, "s2", "russia", "cooperatesWith", "tajikistan",
               "تعاونت روسيا مع طاجيكستان " + IMG_INJ, "asserted", DOC1, conf=0.6)
    _statement(g1, "s3", "usa", "seeksMilitaryPresenceIn", "central_asia",
               "تسعى واشنطن إلى قواعد في آسيا الوسطى", "intended", DOC1)
    _statement(g1, "s4", "lavrov", "officialOf", "russia",
               "وزير الخارجية الروسي سيرغي لافروف", "asserted", DOC1)
    # negated: statement node but no truthy edge
    _statement(g1, "s5", "tajikistan", "opposes", "usa", "لم تعارض طاجيكستان", "negated", DOC1)

    g2 = d.graph(DOC2)
    g2.add((DOC2, RDF.type, SCHEMA.NewsArticle))
    g2.add((DOC2, SCHEMA.headline, Literal("مقال ثان", lang="ar")))
    g2.add((DOC2, DCTERMS.source, Literal("https://www.example.org/news/2")))
    g2.add((NZR.russia, NZ.opposes, NZR.usa))
    # symmetric predicate stated in the other direction merges with DOC1's edge
    g2.add((NZR.tajikistan, NZ.cooperatesWith, NZR.russia))
    _statement(g2, "s6", "russia", "opposes", "usa", "جددت موسكو رفضها", "asserted", DOC2)
    _statement(g2, "s7", "tajikistan", "cooperatesWith", "russia",
               "وقعت دوشنبه وموسكو اتفاقا", "asserted", DOC2)
    return d


def _edges(model, s, p, o):
    ids = {n["id"]: i for i, n in enumerate(model["nodes"])}
    return [e for e in model["edges"]
            if e["f"] == ids[str(NZR[s])] and e["p"] == p and e["t"] == ids[str(NZR[o])]]


# --------------------------------------------------------------------------- model


def test_model_nodes_edges_and_statements(ds):
    m = explorer_data(ds, title="t")
    ids = [n["id"] for n in m["nodes"]]
    # tass appears only as reportedBy, never in a truthy edge
    assert ids == sorted(str(NZR[x]) for x in ("russia", "usa", "central_asia", "tajikistan",
                                              "lavrov"))
    assert m["counts"] == {"entities": 5, "relations": 4, "statements": 6, "unlinked": 1,
                           "articles": 2, "background": 2, "communities": m["counts"]["communities"]}
    kb = sorted(e["p"] for e in m["edges"] if e["kb"])
    assert kb == ["borders", "partOf"]           # officialOf duplicates an article edge

    (opp,) = _edges(m, "russia", "opposes", "usa")
    (coop,) = _edges(m, "russia", "cooperatesWith", "tajikistan")
    (seeks,) = _edges(m, "usa", "seeksMilitaryPresenceIn", "central_asia")
    assert _edges(m, "tajikistan", "cooperatesWith", "russia") == []   # merged (symmetric)
    st = m["statements"]
    # statements of an edge in date order: s1 (2024-05-01) before s6 (no date, no article date)
    assert [st[k]["ev"][:4] for k in opp["st"]] == ["رفضت", "جددت"]
    assert len(coop["st"]) == 2 and opp["a"] == [0, 1] and coop["a"] == [0, 1]
    assert seeks["int"] == 1 and opp["int"] == 0
    loose = [s for s in st if s["e"] == -1]
    assert [(s["m"], s["p"]) for s in loose] == [("negated", "opposes")]

    s1 = st[opp["st"][0]]
    assert (s1["m"], s1["dt"], s1["d0"], s1["d1"], s1["da"]) == ("reported", "2024-05-01",
                                                                  "2024-05-01", "2024-05-01", False)
    assert s1["cf"] == 0.8 and s1["at"] == "US officials" and s1["pl"] == "REJECT"
    assert m["outlets"][s1["ou"]] == "TASS"
    # a file path is no link: the fifth field (safe http(s) link) is empty
    assert m["articles"][s1["a"]][1:] == ["روسيا ترفض " + SCRIPT_INJ, "examples/ar/a1.txt",
                                         "2024-05-03", ""]
    assert s1["dir"] == "rtl" and s1["lang"] == "ar"
    s2 = st[coop["st"][0]]
    # no statement date: the article's datePublished, flagged
    assert (s2["dt"], s2["d0"], s2["da"]) == ("2024-05-03", "2024-05-03", True)
    s6 = st[opp["st"][1]]
    assert (s6["dt"], s6["d0"]) == ("", "")
    by_cls = {c[0]: c for c in m["classes"]}
    assert set(by_cls) == {"Country", "Region", "Person"}
    assert m["predicates"]["cooperatesWith"][3] is True and m["predicates"]["opposes"][0] == "conflict"
    assert m["physics"] is True and set(m["measures"]) == {"pr", "dg", "bt"}
    russia = next(n for n in m["nodes"] if n["id"] == str(NZR.russia))
    assert (russia["ar"], russia["en"], russia["q"], russia["alt"]) == ("روسيا", "Russia", "Q159",
                                                                         ["موسكو"])
    # Russia is in 4 of the 4 article edges' ends: the most central node
    assert russia["pr"] == max(n["pr"] for n in m["nodes"]) and russia["deg"] == 3


def test_mentions_highlighted(ds):
    m = explorer_data(ds)
    (opp,) = _edges(m, "russia", "opposes", "usa")
    s1, s6 = (m["statements"][k] for k in opp["st"])
    ev = s1["ev"]
    marks = [(ev[a:b], k) for a, b, k in s1["hl"]]
    # "الأميركية" is no label or alias of the United States: not marked
    assert marks == [("رفضت", "t"), ("روسيا", "s")]
    assert [(s6["ev"][a:b], k) for a, b, k in s6["hl"]] == [("موسكو", "s")]   # an alias


def test_mention_spans_normalisation_and_utf16():
    # diacritics in the sentence, hamza form in the label
    text = "قالت الولايات المتّحدة إن أمريكا"
    assert [[text[a:b], k] for a, b, k in mention_spans(text, {"s": ["الولايات المتحدة"]})] == \
        [["الولايات المتّحدة", "s"]]
    # UTF-16 offsets after an astral character (JavaScript string indices)
    text = "\U0001F600 روسيا"
    assert mention_spans(text, {"s": ["روسيا"]}) == [[3, 8, "s"]]
    # longest form wins at the same position; overlaps are dropped; 1-char forms ignored
    assert mention_spans("abc abcd", {"s": ["abc", "a"], "o": ["abcd"]}) == [[0, 3, "s"], [4, 8, "o"]]
    assert mention_spans("abcd", {"s": ["abc"], "o": ["abcd"]}) == [[0, 4, "o"]]


def test_ego_view_and_focus_resolution(ds):
    m = explorer_data(ds, focus="طاجيكستان", hops=1)
    assert m["focus"] == str(NZR.tajikistan) and m["hops"] == 1
    assert {n["en"] for n in m["nodes"]} == {"Tajikistan", "Russia"}
    assert [e["p"] for e in m["edges"]] == ["cooperatesWith", "borders"]
    m2 = explorer_data(ds, focus="nzr:tajikistan", hops=2)
    assert {n["en"] for n in m2["nodes"]} == {"Tajikistan", "Russia", "United States",
                                              "Sergey Lavrov"}
    assert explorer_data(ds, focus=str(NZR.lavrov), hops=0)["counts"]["entities"] == 1
    assert explorer_data(ds, focus="موسكو", hops=0)["focus"] == str(NZR.russia)   # alias
    with pytest.raises(FocusNotFound) as exc:
        explorer_data(ds, focus="Rusia")
    assert "Russia" in exc.value.suggestions and "Russia" in str(exc.value)
    with pytest.raises(FocusNotFound, match="no relation"):
        explorer_data(ds, focus="TASS")                    # in the data, but in no edge
    with pytest.raises(ValueError):
        explorer_data(ds, focus="Russia", hops=-1)


def test_layout_two_level_is_deterministic_and_spread():
    # 30 stars of 20 leaves, hubs in a ring: 630 nodes, above the single-layout limit
    edges = []
    for c in range(30):
        hub = f"h{c}"
        edges += [(hub, f"l{c}_{k}", 1) for k in range(20)]
        edges.append((hub, f"h{(c + 1) % 30}", 1))
    groups = [{f"h{c}"} | {f"l{c}_{k}" for k in range(20)} for c in range(30)]
    pos = layout_positions(edges, groups=groups, seed=3)
    assert len(pos) == 630 and pos == layout_positions(edges, groups=groups, seed=3)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())

    def dist(a, b):
        return math.dist(pos[a], pos[b])

    leaf_to_hub = sum(dist(f"h{c}", f"l{c}_{k}") for c in range(30) for k in range(20)) / 600
    leaf_to_other = sum(dist(f"h{c}", f"l{(c + 15) % 30}_0") for c in range(30)) / 30
    assert 40 < leaf_to_hub < 400 and leaf_to_other > 3 * leaf_to_hub
    assert layout_positions([]) == {}
    assert layout_positions([("a", "a", 1)]) == {"a": (0.0, 0.0)}


# --------------------------------------------------------------------------- page


class _Scripts(HTMLParser):
    """Collects every <script> element (attributes and text) as a browser would parse it."""

    def __init__(self):
        super().__init__()
        self.scripts: list[tuple[dict, str]] = []
        self.tags: list[str] = []
        self._in = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "script":
            self._in = True
            self.scripts.append((dict(attrs), ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in = False

    def handle_data(self, data):
        if self._in:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def _parse(page: str) -> _Scripts:
    parser = _Scripts()
    parser.feed(page)
    return parser


def test_page_is_offline_safe_and_carries_the_model(ds, tmp_path):
    out = write_html(ds, tmp_path / "sub" / "g.html", title="اختبار <b>nufuz</b>")
    assert out == tmp_path / "sub" / "g.html"
    assert [p.name for p in out.parent.iterdir()] == ["g.html"]   # no temp file left
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert re.search(r"<script\b[^>]*\bsrc=", page, re.I) is None
    assert re.search(r"<link\b", page, re.I) is None
    for bad in (SCRIPT_INJ, IMG_INJ, "<b>nufuz</b>", "onerror=alert(1)>"):
        assert bad not in page, bad
    assert "<title>اختبار &lt;b&gt;nufuz&lt;/b&gt;</title>" in page
    for ar in ("روسيا", "سيرغي لافروف", "آسيا الوسطى"):
        assert ar in page, ar                          # UTF-8, not \\u escapes

    parsed = _parse(page)
    # the JSON blob, vis-network, the UI; nothing else can run
    assert [a.get("type") for a, _ in parsed.scripts] == ["application/json", None, None]
    assert 'id="nz-atlas"' not in page and 'id="nz-map"' not in page   # no place has a point
    assert "img" not in parsed.tags and "iframe" not in parsed.tags
    blob, vis, ui = (text for _, text in parsed.scripts)
    assert json.loads(blob) == json.loads(json.dumps(explorer_data(ds, title="اختبار <b>nufuz</b>")))
    assert "<" not in blob and ">" not in blob and "&" not in blob
    assert "vis-network" in vis and "nzExplorer" in ui
    # CSP: default none, scripts only by hash (the two inline scripts), no connections
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    hashes = set(re.findall(r"'sha256-([^']+)'", csp))
    assert hashes == {base64.b64encode(hashlib.sha256(t.encode()).digest()).decode()
                      for t in (vis, ui)}
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0]


POINTS = {"russia": (55.752, 37.6178), "usa": (38.8951, -77.0364),
          "central_asia": (42.3601, 68.4829), "tajikistan": (38.5358, 68.779)}


def _add_points(ds) -> None:
    """The KB's points of the four places (as nufuz build writes them)."""
    kb = ds.graph(KB)
    for eid, (lat, lon) in POINTS.items():
        kb.add((NZR[eid], SCHEMA.latitude, Literal(f"{lat:.4f}", datatype=XSD.decimal)))
        kb.add((NZR[eid], SCHEMA.longitude, Literal(f"{lon:.4f}", datatype=XSD.decimal)))


def test_map_model_places_and_actor_homes(ds):
    _add_points(ds)
    m = explorer_data(ds)
    by_id = {n["id"].rsplit("/", 1)[1]: n for n in m["nodes"]}
    for eid, (lat, lon) in POINTS.items():
        assert by_id[eid]["ll"] == [lat, lon] and "hm" not in by_id[eid]
    # Lavrov acts from Russia (a KB officialOf fact), drawn from Russia's point
    assert by_id["lavrov"]["hm"] == [55.752, 37.6178, "روسيا", "Russia"]
    assert "ll" not in by_id["lavrov"]
    assert m["map"] == {"predicates": ["seeksMilitaryPresenceIn"],
                        "places": ["City", "Country", "MilitaryBase", "Place", "Region"], "placed": 4}
    # without points: no ll, no hm
    plain = explorer_data(Dataset())
    assert plain["map"]["placed"] == 0


def test_map_page_inlines_the_outlines_and_topojson(ds, tmp_path):
    _add_points(ds)
    page = write_html(ds, tmp_path / "m.html").read_text(encoding="utf-8")
    parsed = _parse(page)
    assert [a.get("type") for a, _ in parsed.scripts] == [
        "application/json", "application/json", None, None, None]
    assert parsed.scripts[1][0].get("id") == "nz-atlas"
    atlas = json.loads(parsed.scripts[1][1])
    vendored = Path(__file__).resolve().parents[1] / "visualizations" / "vendor"
    assert atlas == json.loads((vendored / "world-atlas-2.0.2" / "countries-110m.json").read_text())
    assert len(atlas["objects"]["countries"]["geometries"]) == 177
    vis, topo, ui = (text for _, text in parsed.scripts[2:])
    assert topo == (vendored / "topojson-client-3.1.0" / "topojson-client.min.js").read_text()
    assert "topojson-client v3.1.0" in topo and "nzExplorer" in ui
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert set(re.findall(r"'sha256-([^']+)'", csp)) == {
        base64.b64encode(hashlib.sha256(t.encode()).digest()).decode() for t in (vis, topo, ui)}
    assert '<div id="nz-map" hidden></div>' in page
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    # the page without places has neither (test_page_is_offline_safe_and_carries_the_model)
    size = len(page.encode()) - len(write_html(Dataset(), tmp_path / "e.html").read_text().encode())
    assert 100_000 < size < 2_000_000


RLO, PDF, RLI, PDI, LRM, RLM = "\u202e", "\u202c", "\u2067", "\u2069", "\u200e", "\u200f"


def test_bidi_controls_removed_direction_per_statement_and_safe_links(ds, tmp_path):
    """A headline and a URL with a right-to-left override, an Arabic sentence with isolates,
    an English sentence naming an Arabic place: no control reaches the page, the English
    evidence is left to right, the Arabic right to left, and only http(s) sources are links."""
    doc3 = URIRef("https://w3id.org/nufuz/doc/" + "3" * 40)
    doc4 = URIRef("https://w3id.org/nufuz/doc/" + "4" * 40)
    g3 = ds.graph(doc3)
    g3.add((doc3, RDF.type, SCHEMA.NewsArticle))
    g3.add((doc3, SCHEMA.headline, Literal("Moscow talks " + RLO + "gnp.exe" + PDF, lang="en")))
    g3.add((doc3, DCTERMS.source, URIRef("https://a.example/news/" + RLO + "fdp.exe")))
    g3.add((NZR.russia, NZ.cooperatesWith, NZR.usa))
    _statement(g3, "s8", "russia", "cooperatesWith", "usa",
               "Russia and the United States met in " + RLI + "آسيا الوسطى" + PDI + ".", "asserted", doc3)
    st8 = NZR["statement/s8"]
    g3.remove((st8, NZ.evidence, None))
    g3.add((st8, NZ.evidence, Literal("Russia and the United States met in " + RLI + "آسيا الوسطى"
                                      + PDI + ".", lang="en")))
    g4 = ds.graph(doc4)
    g4.add((doc4, RDF.type, SCHEMA.NewsArticle))
    g4.add((doc4, DCTERMS.source, Literal("javascript:alert(1)")))
    g4.add((NZR.usa, NZ.opposes, NZR.russia))
    _statement(g4, "s9", "usa", "opposes", "russia", RLM + "عارضت " + LRM + "واشنطن موسكو", "asserted", doc4)

    m = explorer_data(ds, title="t" + RLO)
    blob = json.dumps(m, ensure_ascii=False)
    assert not re.search("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]", blob)
    arts = {a[0]: a for a in m["articles"]}
    assert arts[str(doc3)][1:] == ["Moscow talks gnp.exe", "https://a.example/news/fdp.exe", "",
                                   "https://a.example/news/fdp.exe"]
    assert arts[str(doc4)][2:] == ["javascript:alert(1)", "", ""]      # text, never a link
    assert arts[str(DOC2)][4] == "https://www.example.org/news/2"
    by_text = {s["ev"]: s for s in m["statements"]}
    en = by_text["Russia and the United States met in آسيا الوسطى."]
    ar = by_text["عارضت واشنطن موسكو"]
    assert (en["lang"], en["dir"], ar["lang"], ar["dir"]) == ("en", "ltr", "ar", "rtl")
    # the highlights are offsets into the cleaned sentence
    assert [en["ev"][a:b] for a, b, _ in en["hl"]] == ["Russia", "United States"]
    assert [ar["ev"][a:b] for a, b, k in ar["hl"]] == ["واشنطن", "موسكو"]
    page = write_html(ds, tmp_path / "g.html", title="t" + RLO).read_text(encoding="utf-8")
    blob = next(text for a, text in _parse(page).scripts if a.get("type") == "application/json")
    assert not re.search("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]", blob)
    assert "<title>t</title>" in page and '<html lang="en" dir="ltr">' in page


def test_script_json_cannot_close_its_element():
    text = script_json({"ev": "</script><!-- & 'x' \u2028"})
    assert not re.search(r"[<>&'\u2028]", text)
    assert json.loads(text) == {"ev": "</script><!-- & 'x' \u2028"}


@pytest.mark.skipif(shutil.which("node") is None, reason="node.js not installed")
def test_page_scripts_parse_as_javascript(ds, tmp_path):
    page = write_html(ds, tmp_path / "g.html").read_text(encoding="utf-8")
    for i, (_, sc) in enumerate(_parse(page).scripts[1:]):
        js = tmp_path / f"s{i}.js"
        js.write_text(sc, encoding="utf-8")
        res = subprocess.run(["node", "--check", str(js)], capture_output=True, text=True,
                             timeout=60)
        assert res.returncode == 0, res.stderr[:500]


def test_empty_dataset(tmp_path):
    m = explorer_data(Dataset())
    assert m["nodes"] == [] and m["edges"] == [] and m["counts"]["entities"] == 0
    page = write_html(Dataset(), tmp_path / "empty.html").read_text(encoding="utf-8")
    assert '"nodes":[]' in page


def test_physics_only_for_small_graphs(ds):
    assert explorer_data(ds)["physics"] is True
    assert PHYSICS_MAX_NODES < 5000


def test_large_graphs_open_on_an_overview(ds):
    """Issue 13: above OVERVIEW_MIN_NODES entities the page starts from the OVERVIEW_NODES
    most central ones; small graphs and ego views show everything."""
    import importlib.util

    from visualizations.explorer import OVERVIEW_MIN_NODES, OVERVIEW_NODES, PAGE_CSV_COLUMNS
    from visualizations.export import CSV_COLUMNS

    small = explorer_data(ds)
    assert small["overview"] == 0 and small["relayoutMax"] >= 1000
    # the page's CSV header: columns of `nufuz export --format csv`, in their order
    assert small["csvColumns"] == list(PAGE_CSV_COLUMNS)
    assert [c for c in CSV_COLUMNS if c in PAGE_CSV_COLUMNS] == list(PAGE_CSV_COLUMNS)
    bench = Path(__file__).resolve().parents[1] / "benchmarks" / "explorer_bench.py"
    spec = importlib.util.spec_from_file_location("explorer_bench", bench)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    big = mod.synthetic_dataset(OVERVIEW_MIN_NODES + 30)
    m = explorer_data(big)
    assert len(m["nodes"]) == OVERVIEW_MIN_NODES + 30 and m["overview"] == OVERVIEW_NODES == 120
    first = m["nodes"][0]["en"]
    assert explorer_data(big, focus=first, hops=1)["overview"] == 0


def test_graph_shape_on_another_core_gives_the_same_model(monkeypatch):
    """The measures, communities and layout computed in a forked child (the default from
    PARALLEL_MIN_NODES entities) or here: the same model."""
    import importlib.util

    from visualizations import explorer

    bench = Path(__file__).resolve().parents[1] / "benchmarks" / "explorer_bench.py"
    spec = importlib.util.spec_from_file_location("explorer_bench", bench)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    big = mod.synthetic_dataset(explorer.PARALLEL_MIN_NODES + 40)
    import os

    from kg.background import can_fork

    calls, jobs = [], []
    real = explorer.forked

    def spy(fn, *a):
        calls.append(len(a[0]))
        jobs.append(real(fn, *a))
        return jobs[-1]

    monkeypatch.setattr(explorer, "forked", spy)
    here = explorer_data(big, parallel=False)
    assert calls == []
    default = explorer_data(big)
    assert calls == [len(here["nodes"])] and len(here["nodes"]) >= explorer.PARALLEL_MIN_NODES
    if can_fork():  # the value came from the child
        assert jobs[0].answered_by not in (None, os.getpid())
    assert json.dumps(default, sort_keys=True) == json.dumps(here, sort_keys=True)
    ego = explorer_data(big, focus=here["nodes"][0]["id"], hops=1, parallel=True)
    assert json.dumps(ego, sort_keys=True) == json.dumps(
        explorer_data(big, focus=here["nodes"][0]["id"], hops=1, parallel=False), sort_keys=True)
    assert len(calls) == 2 and here["measures"] == ["pr", "dg", "bt"] and len({n["cm"] for n in here["nodes"]}) > 1


def test_graph_shape_imports_nothing():
    """graph_shape runs in a forked child, where a module another thread of the parent was
    importing at the fork would stay locked: explorer imports all it needs beforehand
    (every path: the single and two-level layouts, exact and sampled betweenness, an entity
    without an edge in a community of its own)."""
    code = """
import random, sys
import visualizations.explorer as E
before = set(sys.modules)
random.seed(3)
for n in (3, 160, 450, 900):
    nodes = [f"http://x/{i}" for i in range(n)]
    edges = sorted({(nodes[random.randrange(n)], "p", nodes[random.randrange(n)], 1) for _ in range(n * 3)})
    measures, comms, pos = E.graph_shape(nodes, edges, 7)
    assert len(pos) == n and set(measures) == {"pr", "dg", "bt"}
print(sorted(set(sys.modules) - before))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "[]", out.stdout


# --------------------------------------------------------------------------- nufuz view


def test_evidence_cap_keeps_every_statement_and_counts_those_without_evidence(ds):
    """max_evidence=1: each relation's first statement by date keeps its evidence; the other
    statements stay in the model (counted, filtered, dated) without it, and ``omitted`` says
    how many. A cap that does not trigger changes nothing."""
    full = explorer_data(ds)
    capped = explorer_data(ds, max_evidence=1)
    assert "omitted" not in full
    assert json.dumps(explorer_data(ds, max_evidence=2)) == json.dumps(full)
    assert capped["omitted"] == {"evidence": 2, "maxEvidence": 1}
    for key in ("nodes", "edges", "articles", "outlets", "counts", "headline"):
        assert capped[key] == full[key], key
    light = {"e", "s", "o", "p", "m", "dt", "d0", "d1", "da", "cf", "ou", "a", "x"}
    unlisted = [k for k, st in enumerate(capped["statements"]) if st.get("x")]
    assert len(unlisted) == 2 and len(capped["statements"]) == len(full["statements"])
    for k, (a, b) in enumerate(zip(capped["statements"], full["statements"])):
        if k in unlisted:
            assert set(a) == light and a["x"] == 1
            assert all(a[f] == b[f] for f in light - {"x"})
        else:
            assert a == b
    # opposes: s1 (own date 2024-05-01) before s6 (undated article); cooperatesWith: s2
    # (article of 2024-05-03) before s7 (undated)
    opposes = _edges(capped, "russia", "opposes", "usa")[0]["st"]
    assert [bool(capped["statements"][k].get("x")) for k in opposes] == [False, True]
    assert capped["statements"][opposes[0]]["ev"].startswith("رفضت روسيا")
    assert capped["statements"][opposes[1]]["d0"] == "" and capped["statements"][opposes[1]]["a"] == 1


def test_entity_cap_keeps_the_nearest_and_then_the_most_related(ds):
    """Russia, 2 hops: 5 entities. At most 3: Russia, then of its 3 neighbours the 2 with the
    most article edges to it (United States and Tajikistan, 2 each; Lavrov 1)."""
    from visualizations.explorer import ego_entities

    whole = explorer_data(ds, focus="Russia", hops=2)
    assert len(whole["nodes"]) == 5 and "omitted" not in whole
    capped = explorer_data(ds, focus="Russia", hops=2, max_entities=3)
    assert sorted(n["id"].rsplit("/", 1)[1] for n in capped["nodes"]) == ["russia", "tajikistan", "usa"]
    assert capped["omitted"] == {"entities": 2, "within": 5, "maxEntities": 3}
    assert capped["counts"]["entities"] == 3 and capped["focus"] == str(NZR.russia)
    # a tie (2 edges each) goes to the smaller IRI
    one = explorer_data(ds, focus="Russia", hops=2, max_entities=2)
    assert sorted(n["id"].rsplit("/", 1)[1] for n in one["nodes"]) == ["russia", "tajikistan"]
    assert json.dumps(explorer_data(ds, focus="Russia", hops=2, max_entities=5)) == json.dumps(whole)
    rows = [("f", "p", "a", "g1"), ("f", "p", "b", "g1"), ("a", "p", "c", "g1"), ("b", "p", "c", "g2"),
            ("b", "p", "d", "g1"), ("b", "p", "d", "g2"), ("d", "p", "b", "g3"), ("a", "p", "a", "g3")]
    assert ego_entities(rows, "f", 2) == ({"f", "a", "b", "c", "d"}, 5)
    assert ego_entities(rows, "f", 2, max_entities=4) == ({"f", "a", "b", "d"}, 5)  # d 3 edges, c 2
    assert ego_entities(rows[:-2], "f", 2, max_entities=4) == ({"f", "a", "b", "c"}, 5)  # 2 each: c < d
    assert ego_entities(rows, "f", 0, max_entities=1) == ({"f"}, 1)


def test_view_without_focus_keeps_the_entities_with_the_most_article_edges(ds):
    """Article edges (one per relation and article): Russia 5, United States 3, Tajikistan 2,
    Lavrov 1, Central Asia 1. At most 3 entities: the first three; at most 4: the tie of
    Lavrov and Central Asia goes to the smaller IRI (central_asia), and the background fact
    Tajikistan-Central Asia is then drawn; Lavrov's only relation is to Russia."""
    from visualizations.explorer import overview_entities

    whole = explorer_data(ds)
    assert len(whole["nodes"]) == 5 and "omitted" not in whole
    assert json.dumps(explorer_data(ds, max_entities=5)) == json.dumps(whole)
    three = explorer_data(ds, max_entities=3)
    assert sorted(n["id"].rsplit("/", 1)[1] for n in three["nodes"]) == ["russia", "tajikistan", "usa"]
    assert three["omitted"] == {"entities": 2, "within": 5, "maxEntities": 3}
    assert three["counts"]["relations"] == 2 and three["counts"]["background"] == 1  # Russia borders Tajikistan
    assert three["focus"] is None and three["hops"] is None
    four = explorer_data(ds, max_entities=4)
    assert sorted(n["id"].rsplit("/", 1)[1] for n in four["nodes"]) == ["central_asia", "russia", "tajikistan", "usa"]
    assert four["counts"]["relations"] == 3 and four["counts"]["background"] == 2
    rows = [("a", "p", "b", "g1"), ("a", "p", "b", "g2"), ("c", "p", "b", "g1"), ("d", "p", "d", "g1"),
            ("e", "p", "c", "g2")]
    assert overview_entities(rows) == ({"a", "b", "c", "d", "e"}, 5)
    assert overview_entities(rows, 2) == ({"a", "b"}, 5)  # b 3, a 2, c 2 (a < c)
    assert overview_entities(rows, 4) == ({"a", "b", "c", "e"}, 5)  # d: only an edge with itself
    assert overview_entities([], 3) == (set(), 0)


def test_view_command(ds, tmp_path):
    from kg.cli import app

    data = tmp_path / "g.trig"
    ds.serialize(data, format="trig")
    runner = CliRunner()
    res = runner.invoke(app, ["view", str(data), "--focus", "Tajikistan", "--hops", "1",
                              "-o", str(tmp_path / "ego.html")])
    assert res.exit_code == 0, res.output
    # the data's headline counts (the whole data, not the ego view), then what is drawn
    assert res.output.splitlines()[0] == ("2 articles read, 2 with statements, 0 entities, "
                                          "7 statements (asserted 4, reported 1, intended 1, negated 1)")
    assert "graph: 2 entities in relations, 1 relations" in res.output
    page = (tmp_path / "ego.html").read_text(encoding="utf-8")
    blob = json.loads(_parse(page).scripts[0][1])
    assert blob["focus"] == str(NZR.tajikistan) and len(blob["nodes"]) == 2
    assert "<title>nufuz: طاجيكستان · Tajikistan (1 hop)</title>" in page

    res = runner.invoke(app, ["view", str(data), "-o", str(tmp_path / "all.html"), "-q"])
    assert res.exit_code == 0 and res.output.strip().endswith("all.html")
    res = runner.invoke(app, ["view", str(data), "--max-entities", "2", "-o", str(tmp_path / "top.html")])
    assert res.exit_code == 0, res.output
    assert ("left out: 3 of the 5 entities in relations, those with the most relations kept "
            "(--max-entities 2)") in res.output
    blob = json.loads(_parse((tmp_path / "top.html").read_text(encoding="utf-8")).scripts[0][1])
    assert [n["en"] for n in blob["nodes"]] == ["Russia", "United States"] and blob["focus"] is None

    # the limits: what they leave out is said on the terminal and in the page
    res = runner.invoke(app, ["view", str(data), "--focus", "Russia", "--hops", "2", "--max-entities", "3",
                              "--max-evidence", "1", "-o", str(tmp_path / "cap.html")])
    assert res.exit_code == 0, res.output
    assert "left out: 2 of the 5 entities within 2 hops (--max-entities 3)" in res.output
    assert "in the page without their evidence: 2 of 5 statements (--max-evidence 1 per relation)" in res.output
    blob = json.loads(_parse((tmp_path / "cap.html").read_text(encoding="utf-8")).scripts[0][1])
    assert blob["omitted"] == {"entities": 2, "within": 5, "maxEntities": 3, "evidence": 2, "maxEvidence": 1}
    # the defaults (300 entities, 20 statements with evidence per relation) leave this data whole;
    # 0 lifts a limit
    for extra in ([], ["--max-entities", "0", "--max-evidence", "0"]):
        res = runner.invoke(app, ["view", str(data), "--focus", "Russia", "--hops", "2", *extra,
                                  "-o", str(tmp_path / "nocap.html")])
        assert res.exit_code == 0 and "left out" not in res.output and "without their evidence" not in res.output

    res = runner.invoke(app, ["view", str(data), "--focus", "Tajikstan", "-o", str(tmp_path / "x.html")])
    assert res.exit_code == 1
    assert "no entity named 'Tajikstan'" in res.output and "Tajikistan" in res.output
    assert not (tmp_path / "x.html").exists()
    res = runner.invoke(app, ["view", "-o", str(tmp_path / "x.html")])
    assert res.exit_code == 1 and "no input" in res.output


def _luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of a #rgb / #rrggbb colour."""
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[k:k + 2], 16) / 255 for k in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_text_colours_of_the_page_meet_wcag_aa_contrast():
    # every text colour of explorer.css against the lightest and darkest page backgrounds
    # it sits on (#fff panels, #f6f6f4 body): at least 4.5:1 (WCAG 2.1 AA, normal text)
    css = (Path(__file__).resolve().parents[1] / "visualizations" / "explorer.css").read_text()
    colours = re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})\b", css)
    assert "#595959" in colours and len(colours) > 10
    for colour in colours:
        for background in ("#ffffff", "#f6f6f4"):
            hi, lo = sorted((_luminance(colour), _luminance(background)), reverse=True)
            ratio = (hi + 0.05) / (lo + 0.05)
            assert ratio >= 4.5, (colour, background, round(ratio, 2))
    assert re.search(r"\.nz-count \{ color: #595959;", css)


def test_remote_reference_check_finds_what_the_expression_finds():
    """page_html's check for remote references (visualizations.html._remote_ref) starts from
    the literal '=' of each candidate: it returns the first match of _REMOTE_REF_RE, the
    same span, on hand-made cases and on random strings of the characters that matter."""
    import random

    from visualizations.html import _REMOTE_REF_RE, _remote_ref

    cases = ['<a href="//x">', "src = 'https://a'", "xsrc=//a", "SRC=HTTP://", "\u017frc=//",
             'href\n\t= " http:// ', "a=//b src=//c", "href=http:x", 'src="//', "hrefsrc=//", ""]
    rng = random.Random(1)
    alpha = list("srchef =\"'/:x\n") + ["src", "href", "SrC", "HREF", "\u017frc", "=", "//", "//", "http:", "HTTPS:"]
    cases += ["".join(rng.choice(alpha) for _ in range(rng.randint(0, 12))) for _ in range(20000)]
    found = 0
    for text in cases:
        want, got = _REMOTE_REF_RE.search(text), _remote_ref(text)
        assert (want and want.span()) == (got and got.span()), text
        found += want is not None
    assert found > 50  # the random strings do hold references (94 with this seed)
