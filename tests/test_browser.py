"""The explorer page in a real browser: headless Chromium driven by playwright-python.

Runs on the seed + developer-corpus build (``nufuz build examples/ar examples/en
../shared/corpus/ar``; the seeds alone when ../shared is absent: Arabic and English evidence)
plus one hand-made article whose headline, evidence and entity label carry script and
``onerror`` markup, and one whose headline and source URL carry a right-to-left override. Needs Debian's ``chromium``
(``/usr/bin/chromium``, or the path in ``$NUFUZ_CHROMIUM``) and ``pip install playwright``;
the tests skip with the reason when either is missing, and fail instead when
``NUFUZ_REQUIRE_BROWSER=1`` (CI). ``playwright install`` is never needed: the system
Chromium is used.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import pytest
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "ar"
SEED = ROOT / "examples" / "ar"
SEED_EN = ROOT / "examples" / "en"
RLO, PDF, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"
LINKED_URL = "https://a.example/news/" + RLO + "fdp.exe"

NZ = Namespace("https://w3id.org/nufuz/ontology#")
NZR = Namespace("https://w3id.org/nufuz/id/")
SCHEMA = Namespace("http://schema.org/")
SCRIPT_INJ = "<script>window.__pwned=1</script>"
IMG_INJ = '<img src=x onerror="window.__pwned=1">'
EVIL_PERSON = NZR["person/evil"]


def _chromium() -> str | None:
    for cand in (os.environ.get("NUFUZ_CHROMIUM"), "/usr/bin/chromium",
                 shutil.which("chromium"), shutil.which("chromium-browser")):
        if cand and Path(cand).is_file():
            return cand
    return None


try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

CHROMIUM = _chromium()
_MISSING = ("playwright-python is not installed (pip install playwright)" if sync_playwright is None
            else "no Chromium at /usr/bin/chromium or $NUFUZ_CHROMIUM (apt-get install chromium)"
            if CHROMIUM is None else None)
if _MISSING and os.environ.get("NUFUZ_REQUIRE_BROWSER") == "1":
    pytest.fail(f"NUFUZ_REQUIRE_BROWSER=1 but {_MISSING}", pytrace=False)
pytestmark = pytest.mark.skipif(_MISSING is not None, reason=_MISSING or "")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--disable-background-networking", "--disable-component-update",
               "--disable-default-apps", "--disable-extensions", "--disable-sync",
               "--no-first-run", "--metrics-recording-only", "--mute-audio"]


# --------------------------------------------------------------------------- data


def _add_hostile_article(ds) -> None:
    """An article whose text carries markup: headline, evidence and a person's label."""
    text = "مقال اختبار " + SCRIPT_INJ + IMG_INJ
    doc = URIRef("https://w3id.org/nufuz/doc/" + hashlib.sha1(text.encode()).hexdigest())
    g = ds.graph(doc)
    g.add((doc, RDF.type, SCHEMA.NewsArticle))
    g.add((doc, SCHEMA.headline, Literal("عنوان " + SCRIPT_INJ, lang="ar")))
    g.add((doc, DCTERMS.source, Literal("hostile/" + IMG_INJ + ".txt")))
    g.add((doc, SCHEMA.datePublished, Literal("2019-03-01", datatype=XSD.date)))
    g.add((EVIL_PERSON, RDF.type, NZ.Person))
    g.add((EVIL_PERSON, SKOS.prefLabel, Literal("مسؤول " + IMG_INJ, lang="ar")))
    g.add((EVIL_PERSON, SKOS.prefLabel, Literal("Official " + SCRIPT_INJ, lang="en")))
    g.add((EVIL_PERSON, NZ.officialOf, NZR.russia))
    for n, (s, o, ev) in enumerate([
            (EVIL_PERSON, NZR.russia, "قال المسؤول في روسيا " + SCRIPT_INJ + " " + IMG_INJ),
            (NZR.russia, NZR.united_states, "رفضت روسيا " + IMG_INJ + " موقف الولايات المتحدة")]):
        st = NZR[f"statement/{doc.rsplit('/', 1)[1]}/{n}"]
        p = NZ.officialOf if n == 0 else NZ.opposes
        g.add((st, RDF.type, NZ.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        g.add((st, NZ.evidence, Literal(ev, lang="ar")))
        g.add((st, NZ.mode, Literal("asserted")))
        g.add((st, NZ.confidence, Literal("0.9", datatype=XSD.decimal)))
        g.add((st, NZ.attributedTo, Literal(SCRIPT_INJ)))
        g.add((st, PROV.wasDerivedFrom, doc))
        g.add((s, p, o))


def _add_linked_article(ds) -> None:
    """An English article with an http source and an override in its headline and URL; its
    English evidence names an Arabic place."""
    doc = URIRef("https://w3id.org/nufuz/doc/" + "b" * 40)
    g = ds.graph(doc)
    g.add((doc, RDF.type, SCHEMA.NewsArticle))
    g.add((doc, SCHEMA.headline, Literal("Kazakh talks " + RLO + "gnp.exe" + PDF, lang="en")))
    g.add((doc, DCTERMS.source, URIRef(LINKED_URL)))
    g.add((doc, SCHEMA.datePublished, Literal("2019-03-02", datatype=XSD.date)))
    st = NZR[f"statement/{'b' * 40}/0"]
    g.add((st, RDF.type, NZ.Statement))
    g.add((st, RDF.subject, NZR.russia))
    g.add((st, RDF.predicate, NZ.opposes))
    g.add((st, RDF.object, NZR.united_states))
    g.add((st, NZ.evidence, Literal("Russia rejected the United States plan for " + RLI
                                    + "آسيا الوسطى" + PDI + " on Monday.", lang="en")))
    g.add((st, NZ.mode, Literal("asserted")))
    g.add((st, PROV.wasDerivedFrom, doc))
    g.add((NZR.russia, NZ.opposes, NZR.united_states))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The seed+corpus dataset (built with ``nufuz build``; the seed alone without
    ../shared), plus the hostile article, and its explorer page."""
    from kg.evaluate import load_data
    from visualizations.explorer import explorer_data
    from visualizations.html import page_html, write_page

    out = tmp_path_factory.mktemp("browser")
    inputs = [str(SEED), str(SEED_EN)] + ([str(CORPUS)] if CORPUS.is_dir() else [])
    res = subprocess.run([sys.executable, "-m", "kg.cli", "build", *inputs,
                          "--out", str(out / "build"), "--no-html", "-q"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    ds = load_data([out / "build" / "graph.trig"])
    _add_hostile_article(ds)
    _add_linked_article(ds)
    model = explorer_data(ds, title="nufuz: seed + corpus")
    page = write_page(page_html(model), out / "explorer.html")
    return {"ds": ds, "model": model, "page": page}


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield b
        b.close()


class Session:
    """One page with the network cut off: every request that is not file:// is aborted
    and recorded, as are console errors and uncaught exceptions."""

    def __init__(self, browser, url: str, bypass_csp: bool = False):
        self.context = browser.new_context(viewport={"width": 1100, "height": 700},
                                           bypass_csp=bypass_csp, service_workers="block")
        self.blocked: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url)
        self.wait("window.nzExplorer && window.nzExplorer.ready === true")

    def _route(self, route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def wait(self, expr: str, timeout: float = 30.0):
        # polling with evaluate(): wait_for_function() needs eval, which the page's CSP forbids
        end = time.monotonic() + timeout
        while True:
            value = self.page.evaluate(f"() => {{ try {{ return ({expr}); }} catch (e) {{ return null; }} }}")
            if value:
                return value
            if time.monotonic() > end:
                raise AssertionError(f"timed out waiting for {expr}")
            time.sleep(0.03)

    def js(self, expr: str, arg=None):
        return self.page.evaluate(expr, arg)

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def session(browser, built):
    s = Session(browser, built["page"].as_uri())
    yield s
    s.close()


# --------------------------------------------------------------------------- helpers


def _png_gray(data: bytes) -> tuple[int, int, list[int]]:
    """Decode an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium writes) to grey levels."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if ctype == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and colour in (2, 6) and interlace == 0
            bpp = 3 if colour == 2 else 4
        elif ctype == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    grey = []
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        grey.extend((line[i] * 299 + line[i + 1] * 587 + line[i + 2] * 114) // 1000
                    for i in range(0, stride, bpp))
        prev = line
    return width, height, grey


def _edge_point(s: Session, edge_id: str):
    """Zoom on an edge and return a page point on it where no node is, or None."""
    return s.js("""(id) => {
        const X = window.nzExplorer, net = X.network, e = X.edges.get(id);
        net.fit({nodes: [e.from, e.to], animation: false});
        net.redraw();
        const pos = net.getPositions([e.from, e.to]);
        const rect = document.querySelector('#nz-network canvas').getBoundingClientRect();
        for (const t of [0.5, 0.4, 0.6, 0.3, 0.7]) {
            const c = {x: pos[e.from].x * (1 - t) + pos[e.to].x * t,
                       y: pos[e.from].y * (1 - t) + pos[e.to].y * t};
            const d = net.canvasToDOM(c);
            if (net.getNodeAt(d) === undefined && net.getEdgeAt(d) === id) {
                return {x: rect.left + d.x, y: rect.top + d.y};
            }
        }
        return null;
    }""", edge_id)


# --------------------------------------------------------------------------- tests


def test_loads_offline_without_errors(session, built):
    assert session.errors == []
    assert session.blocked == []
    assert [u for u in session.requests if not u.startswith("file://")] == []
    assert session.requests == [built["page"].as_uri()]
    assert session.js("document.body.getAttribute('data-nz-ready')") == "1"


def test_node_count_matches_the_graph(session, built):
    # independent count: distinct ends of truthy relation triples in the article graphs
    from kg.namespaces import KB_GRAPH, PREDICATES

    ds = built["ds"]
    preds = {NZ[p] for p in PREDICATES}
    statements = set(ds.subjects(RDF.type, NZ.Statement))
    ends = set()
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        if p in preds and name != KB_GRAPH and s not in statements and isinstance(o, URIRef):
            ends.update((s, o))
    expected = len(ends)
    assert expected > (50 if CORPUS.is_dir() else 10)
    assert session.js("nzExplorer.nodes.length") == expected
    assert session.js("nzExplorer.network.body.nodeIndices.length") == expected
    assert session.js("nzExplorer.visibleCounts().nodes") == expected
    # the header: the data's headline counts (the build summary's), then what is drawn
    from kg.analytics import headline_counts

    h = headline_counts(ds)
    counts = session.js("document.getElementById('nz-counts').textContent")
    assert counts.startswith(f"{h.articles:,} articles read · {h.with_statements:,} with statements · "
                             f"{h.entities:,} entities · {h.statements:,} statements — "
                             f"graph: {expected:,} entities in relations, ")
    assert h.articles > h.with_statements - 1 and h.entities > expected
    tip = session.js("document.getElementById('nz-counts').title").splitlines()
    assert tip[0] == f"{h.statements:,} statements: " + ", ".join(f"{m} {n:,}" for m, n in h.by_mode)
    assert tip[1].startswith("articles read: ") and tip[3].startswith("entities: ")
    assert session.js("nzExplorer.edges.length") == len(built["model"]["edges"])


def test_search_focuses_the_right_node(session):
    page = session.page
    for query, iri in (("united states", NZR.united_states),
                       ("الولايات المتحدة", NZR.united_states), ("روسيا", NZR.russia)):
        page.fill("#nz-search", query)
        page.press("#nz-search", "Enter")
        assert session.js("nzExplorer.network.getSelectedNodes()") == [str(iri)]
        heading = session.js("document.querySelector('#nz-panel h2').textContent")
        assert heading == session.js("(id) => nzExplorer.data.nodes.find(n => n.id === id).ar", str(iri))
    # the view glides to the last one (vis-network animates per frame; headless is slow)
    session.wait(f"""(() => {{
        const net = nzExplorer.network, p = net.getPositions(['{NZR.russia}'])['{NZR.russia}'];
        const v = net.getViewPosition();
        return Math.hypot(p.x - v.x, p.y - v.y) < 5;
    }})()""", timeout=10)
    page.fill("#nz-search", "no such entity xyz")
    page.press("#nz-search", "Enter")
    assert "no entity named" in session.js("document.getElementById('nz-search-msg').textContent")


def test_clicking_an_edge_shows_its_evidence(session, built):
    model = built["model"]
    nodes = model["nodes"]
    # article edges with an Arabic evidence sentence, one edge between their two nodes
    pairs = {}
    for e in model["edges"]:
        key = frozenset((e["f"], e["t"]))
        pairs[key] = pairs.get(key, 0) + 1
    candidates = [j for j, e in enumerate(model["edges"])
                  if not e["kb"] and e["st"] and pairs[frozenset((e["f"], e["t"]))] == 1
                  and model["statements"][e["st"][0]]["ev"]]
    assert candidates
    for j in candidates[:25]:
        point = _edge_point(session, f"e{j}")
        if point:
            break
    else:
        pytest.fail("no clickable edge found")
    session.page.mouse.click(point["x"], point["y"])
    session.wait("document.querySelector('#nz-panel .nz-ev') !== null", timeout=5)
    e = model["edges"][j]
    evidence = [model["statements"][k]["ev"] for k in e["st"]]
    shown = session.js("[...document.querySelectorAll('#nz-panel .nz-ev')].map(x => x.textContent)")
    assert shown[:len(evidence)] == evidence[:len(shown)] and shown
    st_first = model["statements"][e["st"][0]]
    assert session.js("document.querySelector('#nz-panel .nz-ev').getAttribute('dir')") == (
        "ltr" if st_first["lang"] == "en" else "rtl")
    heading = session.js("document.querySelector('#nz-panel h2').textContent")
    assert nodes[e["f"]]["en"] in heading and nodes[e["t"]]["en"] in heading
    # the subject/object mentions are <mark>s with the text of the sentence
    marks = session.js("[...document.querySelectorAll('#nz-panel .nz-ev mark')].map(m => m.textContent)")
    st0 = model["statements"][e["st"][0]]
    assert marks[:len(st0["hl"])] == [st0["ev"][a:b] for a, b, _ in st0["hl"]]


def test_arabic_labels_in_the_dom(session):
    options = session.js("[...document.querySelectorAll('#nz-names option')].map(o => o.value)")
    for name in ("روسيا", "الولايات المتحدة", "Russia"):
        assert name in options
    # labels are drawn by the page (culled where they collide): the text of each, and the
    # boxes drawn in the last frame
    drawn = """(id) => new Promise(ok => { const net = nzExplorer.network;
        net.once('afterDrawing', () => ok((nzExplorer.labelBoxes.find(b => b.id === id) || {}).text));
        net.redraw(); })"""
    # (a selection dims the rest and draws only its neighbourhood's labels: none here)
    session.js("nzExplorer.clearSelection()")
    session.js("(id) => nzExplorer.network.focus(id, {scale: 1.5, animation: false})", str(NZR.russia))
    assert session.js("(id) => nzExplorer.labelOf(id)", str(NZR.russia)) == "روسيا\nRussia"
    assert session.js(drawn, str(NZR.russia)) == "روسيا\nRussia"
    session.page.select_option("#nz-lang", "ar")
    assert session.js("(id) => nzExplorer.labelOf(id)", str(NZR.russia)) == "روسيا"
    assert session.js(drawn, str(NZR.russia)) == "روسيا"
    session.page.select_option("#nz-lang", "en")
    assert session.js(drawn, str(NZR.russia)) == "Russia"
    session.page.select_option("#nz-lang", "both")


def test_filters_hide_edges(session, built):
    model = built["model"]
    total = session.js("nzExplorer.visibleCounts().edges")
    assert total == len(model["edges"])
    opposes = {j for j, e in enumerate(model["edges"]) if e["p"] == "opposes"}
    session.page.uncheck("input[data-pred=opposes]")
    shown = set(session.js("nzExplorer.visibleEdgeIndices()"))
    assert shown == set(session.js("nzExplorer.edges.getIds().map(id => +id.slice(1))"))
    hidden = set(range(len(model["edges"]))) - shown
    # the opposes edges, and background facts of entities left without an article edge
    assert {j for j in hidden if not model["edges"][j]["kb"]} == opposes
    assert len(hidden) < len(opposes) + 5
    session.page.check("input[data-pred=opposes]")
    assert session.js("nzExplorer.visibleCounts().edges") == total
    # one article: only edges with a statement from it (plus background facts between them)
    session.page.select_option("#nz-article", "0")
    art_edges = {j for j, e in enumerate(model["edges"]) if not e["kb"]
                 and any(model["statements"][k]["a"] == 0 for k in e["st"])}
    visible = set(session.js("nzExplorer.visibleEdgeIndices()"))
    assert {j for j in visible if not model["edges"][j]["kb"]} == art_edges
    session.page.select_option("#nz-article", "-1")
    assert session.js("nzExplorer.visibleCounts().edges") == total


@pytest.fixture(scope="module")
def capped(browser, built, tmp_path_factory):
    """The ego view of Russia (2 hops) with both limits of ``nufuz view`` set low: 25
    entities, the first statement of each relation with its evidence."""
    from visualizations.explorer import explorer_data
    from visualizations.html import page_html, write_page

    model = explorer_data(built["ds"], title="capped", focus="Russia", hops=2, max_entities=25,
                          max_evidence=1)
    page = write_page(page_html(model), tmp_path_factory.mktemp("capped") / "capped.html")
    s = Session(browser, page.as_uri())
    yield {"model": model, "session": s}
    s.close()


def test_a_view_without_focus_says_its_entity_limit(browser, built, tmp_path):
    """``nufuz view`` without --focus keeps the entities with the most relations; the
    header says how many of how many, in English and in Arabic."""
    from visualizations.explorer import explorer_data
    from visualizations.html import page_html, write_page

    model = explorer_data(built["ds"], title="top", max_entities=25)
    om = model["omitted"]
    assert om["within"] > 25 >= len(model["nodes"]) and model["focus"] is None
    s = Session(browser, write_page(page_html(model), tmp_path / "top.html").as_uri())
    try:
        assert (f"{len(model['nodes'])} of the {om['within']} entities in relations shown: those with the "
                "most relations") in s.js("nzExplorer.headlineText()")
        assert "within reach" not in s.js("nzExplorer.headlineText()") and not s.errors
    finally:
        s.close()


def test_limits_are_said_and_the_filters_see_the_statements_without_evidence(capped):
    m, s = capped["model"], capped["session"]
    om, S = m["omitted"], m["statements"]
    assert om["entities"] > 0 and om["evidence"] > 0 and not s.errors
    head = s.js("nzExplorer.headlineText()")
    assert f"{len(m['nodes'])} of the {om['within']} entities within reach shown" in head
    assert f"evidence of {len(S) - om['evidence']} of {len(S)} statements in this page, the first 1 of" in head
    # a relation with several statements: the first listed with its evidence, a note for the rest
    j = max(range(len(m["edges"])), key=lambda j: len(m["edges"][j]["st"]))
    e = m["edges"][j]
    assert len(e["st"]) >= 2 and not S[e["st"][0]].get("x") and all(S[k]["x"] for k in e["st"][1:])
    s.js("(j) => nzExplorer.showEdge(j)", j)
    assert s.js("document.querySelectorAll('#nz-panel .nz-ev').length") == 1
    note = s.js("document.querySelector('#nz-panel .nz-absent').textContent")
    assert note.startswith(f"{len(e['st']) - 1} more statement(s) counted, their evidence not written")
    # the article filter keeps the relation for an article only its unlisted statements come from
    listed = S[e["st"][0]]["a"]
    k = next(k for k in e["st"][1:] if S[k]["a"] not in (listed, -1))
    s.page.select_option("#nz-article", str(S[k]["a"]))
    visible = set(s.js("nzExplorer.visibleEdgeIndices()"))
    assert j in visible
    # the CSV holds the statements written with their evidence (here none of that article's
    # on this relation), and the button says what it leaves out
    rows = s.js("nzExplorer.visibleCsv()").strip("\r\n").split("\r\n")[1:]
    expected = sum(1 for i in visible if not m["edges"][i]["kb"] for q in m["edges"][i]["st"]
                   if S[q]["a"] == S[k]["a"] and not S[q].get("x"))
    assert len(rows) == expected
    assert s.js("document.getElementById('nz-export-csv').title").startswith(f"the {om['evidence']} statement(s)")
    s.page.select_option("#nz-article", "-1")
    # the timeline counts every dated statement of a relation, with or without its evidence
    dated = sum(1 for st in S if st["e"] >= 0 and re.match(r"^\d{4}-\d{2}-\d{2}$", st["d0"]))
    assert sum(s.js("nzExplorer.timeBins.counts")) == dated
    assert any(st.get("x") and re.match(r"^\d{4}-\d{2}-\d{2}$", st["d0"]) for st in S)


def test_screenshot_is_not_blank(session, tmp_path):
    session.page.click("text=fit to screen")
    session.page.wait_for_timeout(400)
    box = session.js("(() => { const r = document.getElementById('nz-network').getBoundingClientRect();"
                     " return {x: r.x, y: r.y, w: r.width, h: r.height}; })()")
    clip = {"x": box["x"] + box["w"] / 2 - 150, "y": box["y"] + box["h"] / 2 - 100,
            "width": 300, "height": 200}
    png = session.page.screenshot(clip=clip)
    w, h, grey = _png_gray(png)
    assert (w, h) == (300, 200)
    mean = sum(grey) / len(grey)
    variance = sum((g - mean) ** 2 for g in grey) / len(grey)
    non_white = sum(1 for g in grey if g < 235) / len(grey)
    assert variance > 100 and non_white > 0.02, (variance, non_white)


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "csp-bypassed"])
def test_markup_in_articles_never_runs(browser, built, bypass_csp):
    # csp-bypassed: the page's own escaping, without the Content-Security-Policy safety net
    s = Session(browser, built["page"].as_uri(), bypass_csp=bypass_csp)
    try:
        assert s.js("nzExplorer.findNode('Official')") >= 0
        s.page.fill("#nz-search", "Official")
        s.page.press("#nz-search", "Enter")
        assert s.js("nzExplorer.network.getSelectedNodes()") == [str(EVIL_PERSON)]
        panel = s.js("document.getElementById('nz-panel').textContent")
        assert SCRIPT_INJ in panel and IMG_INJ in panel             # shown as text
        # the hostile statement on Russia -> opposes -> United States: open its edge
        j = next(j for j, e in enumerate(built["model"]["edges"])
                 if e["p"] == "opposes" and built["model"]["nodes"][e["f"]]["id"] == str(NZR.russia)
                 and built["model"]["nodes"][e["t"]]["id"] == str(NZR.united_states))
        s.js("(j) => nzExplorer.showEdge(j)", j)
        assert IMG_INJ in s.js("document.getElementById('nz-panel').textContent")
        # hover the hostile node: its tooltip is text too
        point = s.js("""(id) => {
            const net = nzExplorer.network; net.focus(id, {scale: 1.5, animation: false}); net.redraw();
            const d = net.canvasToDOM(net.getPositions([id])[id]);
            const r = document.querySelector('#nz-network canvas').getBoundingClientRect();
            return {x: r.left + d.x, y: r.top + d.y};
        }""", str(EVIL_PERSON))
        s.page.mouse.move(point["x"], point["y"])
        s.page.mouse.move(point["x"] + 1, point["y"] + 1)
        s.wait("(() => { const t = document.querySelector('div.vis-tooltip');"
               " return t && t.style.visibility !== 'hidden' && t.textContent.length > 0; })()", timeout=5)
        tip = s.js("document.querySelector('div.vis-tooltip').textContent")
        assert IMG_INJ in tip and SCRIPT_INJ in tip
        # innerText: the newlines became <br>s, the markup stayed text
        assert set(s.js("[...document.querySelector('div.vis-tooltip').children].map(c => c.tagName)")) == {"BR"}
        hostile = next(i for i, a in enumerate(built["model"]["articles"]) if SCRIPT_INJ in a[1])
        s.page.select_option("#nz-article", str(hostile))     # its headline is an <option>
        assert SCRIPT_INJ in s.js("document.getElementById('nz-article').selectedOptions[0].textContent")
        s.page.wait_for_timeout(300)
        assert s.js("typeof window.__pwned") == "undefined"
        assert s.js("document.querySelectorAll('img, iframe, object, embed').length") == 0
        # the page's own scripts only: the data, the map's outlines, vis-network, topojson-client, the UI
        assert s.js("[...document.scripts].map(x => x.id || (x.type ? x.type : 'code'))") == [
            "nz-data", "nz-atlas", "code", "code", "code"]
        assert s.errors == [] and s.blocked == []
    finally:
        s.close()


# --------------------------------------------------------------------------- bidi


_EDGE_OF = """([f, p, t]) => nzExplorer.data.edges.findIndex(e => !e.kb && e.p === p &&
    nzExplorer.data.nodes[e.f].id === f && nzExplorer.data.nodes[e.t].id === t)"""
# for each evidence sentence in the panel: its text, dir attribute, computed direction and
# on which side of its box its first letter is drawn
_EVIDENCE_LAYOUT = """() => [...document.querySelectorAll('#nz-panel .nz-ev')].map(ev => {
    const walk = document.createTreeWalker(ev, NodeFilter.SHOW_TEXT);
    let node = walk.nextNode();
    while (node && !node.data.trim()) { node = walk.nextNode(); }
    const r = document.createRange();
    const at = node.data.search(/\\S/);
    r.setStart(node, at); r.setEnd(node, at + 1);
    const c = r.getBoundingClientRect(), b = ev.getBoundingClientRect();
    return {text: ev.textContent, dir: ev.getAttribute('dir'), lang: ev.getAttribute('lang'),
            css: getComputedStyle(ev).direction,
            side: c.left - b.left < 4 ? 'left' : (b.right - c.right < 4 ? 'right' : 'middle')};
})"""


def _set_lang(session, lang):
    session.page.select_option("#nz-lang", lang)
    assert session.js("nzExplorer.state.lang") == lang


def test_evidence_direction_per_statement_in_both_label_modes(session, built):
    """English evidence is laid out left to right and Arabic right to left, decided per
    statement by the literal's language tag: in one panel, in either label language."""
    j = session.js(_EDGE_OF, [str(NZR.russia), "opposes", str(NZR.united_states)])
    assert j >= 0
    langs = {built["model"]["statements"][k]["lang"] for k in built["model"]["edges"][j]["st"]}
    assert {"ar", "en"} <= langs                       # one edge, evidence in both languages
    try:
        for mode, panel_dir in (("both", "ltr"), ("ar", "rtl")):
            _set_lang(session, mode)
            session.js("(j) => nzExplorer.showEdge(j)", j)
            assert session.js("document.getElementById('nz-panel').getAttribute('dir')") == panel_dir
            shown = session.js(_EVIDENCE_LAYOUT)
            english = [x for x in shown if x["lang"] == "en"]
            arabic = [x for x in shown if x["lang"] == "ar" and x["text"][:1].isalpha()]
            assert english and arabic
            assert "Russia rejected the United States plan for آسيا الوسطى on Monday." in \
                [x["text"] for x in english]
            for x in english:
                assert (x["dir"], x["css"], x["side"]) == ("ltr", "ltr", "left"), x
            for x in arabic:
                assert (x["dir"], x["css"], x["side"]) == ("rtl", "rtl", "right"), x
        # an edge with English evidence only (examples/en), in Arabic mode
        model = built["model"]
        j2 = next(i for i, e in enumerate(model["edges"]) if not e["kb"] and e["st"]
                  and all(model["statements"][k]["lang"] == "en" for k in e["st"]))
        session.js("(j) => nzExplorer.showEdge(j)", j2)
        assert {(x["dir"], x["side"]) for x in session.js(_EVIDENCE_LAYOUT)} == {("ltr", "left")}
    finally:
        _set_lang(session, "both")


def test_arabic_mode_arrows_follow_the_reading_direction_and_captions_translate(session):
    j = session.js(_EDGE_OF, [str(NZR.russia), "opposes", str(NZR.united_states)])
    heading = """() => { const h = document.querySelector('#nz-panel h2 > div');
        const b = [...h.querySelectorAll('bdi')].map(x => x.getBoundingClientRect());
        return {dir: h.getAttribute('dir'), text: h.textContent,
                subjectLeftOfObject: b[0].left < b[2].left}; }"""
    try:
        session.js("(j) => nzExplorer.showEdge(j)", j)
        h = session.js(heading)
        assert h == {"dir": "ltr", "text": "Russia → opposes → United States", "subjectLeftOfObject": True}
        assert session.js("(j) => nzExplorer.edges.get('e' + j).title.split('\\n')[0]", j) == \
            "Russia → opposes → United States"
        _set_lang(session, "ar")
        session.js("(j) => nzExplorer.showEdge(j)", j)
        h = session.js(heading)
        # read right to left: روسيا ← يعارض ← الولايات المتحدة (subject on the right)
        assert h["dir"] == "rtl" and "→" not in h["text"] and h["text"].count("←") == 2
        assert h["text"].startswith("روسيا ← ") and h["text"].endswith(" ← الولايات المتحدة")
        assert h["subjectLeftOfObject"] is False
        title = session.js("(j) => nzExplorer.edges.get('e' + j).title", j)
        assert "→" not in title and title.startswith("روسيا ← ")
        # captions: panel, controls and header in Arabic
        assert session.js("document.querySelector('#nz-panel .nz-sub').textContent").endswith("مقال")
        session.js("(id) => nzExplorer.selectNode(nzExplorer.findNode(id))", "Russia")
        h3 = session.js("[...document.querySelectorAll('#nz-panel h3')].map(x => x.textContent)")
        assert h3[0] == "الإفادات" and "Statements" not in h3
        summaries = session.js("[...document.querySelectorAll('#nz-controls summary')].map(x => x.textContent)")
        assert summaries[:6] == ["البحث", "المسار", "العرض", "الكيانات", "العلاقات", "المرشحات"]
        # the document's language and direction follow (issue 13, item 10)
        assert session.js("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
        _set_lang(session, "en")
        session.js("(id) => nzExplorer.selectNode(nzExplorer.findNode(id))", "Russia")
        assert session.js("document.querySelector('#nz-panel h3').textContent") == "Statements"
        assert session.js("document.querySelector('#nz-controls summary').textContent") == "Search"
        assert session.js("[document.documentElement.lang, document.documentElement.dir]") == ["en", "ltr"]
    finally:
        _set_lang(session, "both")


def test_source_links_are_safe_and_no_bidi_control_reaches_the_page(session, built):
    j = session.js(_EDGE_OF, [str(NZR.russia), "opposes", str(NZR.united_states)])
    session.js("(j) => nzExplorer.showEdge(j)", j)
    links = session.js("""[...document.querySelectorAll('#nz-panel a')].map(a => ({
        href: a.getAttribute('href'), rel: a.rel, target: a.target, text: a.textContent,
        box: a.closest('.nz-st').querySelector('.nz-ev').textContent}))""")
    linked = [a for a in links if a["box"].startswith("Russia rejected")]
    assert linked == [{"href": "https://a.example/news/fdp.exe", "rel": "noopener noreferrer",
                       "target": "_blank", "text": "https://a.example/news/fdp.exe",
                       "box": "Russia rejected the United States plan for آسيا الوسطى on Monday."}]
    assert all(a["href"].startswith(("http://", "https://")) and a["rel"] == "noopener noreferrer"
               for a in links)
    # the hostile article's source is a path with markup: text, no link
    hostile = session.js("""[...document.querySelectorAll('#nz-panel .nz-st')]
        .filter(b => b.textContent.includes('onerror')).map(b => b.querySelectorAll('a').length)""")
    assert hostile and set(hostile) == {0}
    src = session.js("""[...document.querySelectorAll('#nz-panel .nz-src')].map(x => x.textContent)
        .find(t => t.includes('Kazakh talks'))""")
    assert src.startswith("source: Kazakh talks gnp.exe — 2019-03-02 · https://a.example/news/fdp.exe")
    body = session.js("document.body.textContent + [...document.querySelectorAll('option')].map(o => o.textContent).join('')")
    assert not any(c in body for c in "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert session.errors == []


def test_path_between_two_actors_is_highlighted_with_each_hops_evidence(session, built):
    from kg.paths import shortest_paths

    expected = shortest_paths(built["ds"], "Kyrgyzstan", "Taliban", max_paths=1000)
    page = session.page
    try:
        page.fill("#nz-path-from", "Kyrgyzstan")
        page.fill("#nz-path-to", "طالبان")
        page.click("#nz-path-find")
        got = session.js("nzExplorer.state.selected && nzExplorer.state.selected.kind === 'path' ? "
                         "nzExplorer.state.selected.nodes.map(i => nzExplorer.data.nodes[i].id) : null")
        # as long as the Python search (kg/paths.py), and one of its chains
        assert got is not None and len(got) == len(expected[0].entities) == 4
        assert tuple(got) in {p.entities for p in expected}
        assert session.js("document.getElementById('nz-path-title').textContent") == "Shortest chain: 3 hop(s)"
        hops = session.js("""[...document.querySelectorAll('#nz-panel .nz-hops > li')].map(li => ({
            head: li.querySelector('.nz-edgehead').textContent,
            ev: [...li.querySelectorAll('.nz-st .nz-ev')].map(x => x.textContent),
            src: [...li.querySelectorAll('.nz-st .nz-src')].map(x => x.textContent)}))""")
        assert len(hops) == 3 and all(h["ev"] and h["src"] for h in hops)
        # the highlighted edges are the hops' relations; everything else is dimmed
        edge_ids = session.js("nzExplorer.pathEdges()")
        assert len(edge_ids) == 3 and all(edge_ids)
        dimmed = set(session.js("nzExplorer.dimmed()"))
        assert not dimmed & set(got) and len(dimmed) == session.js("nzExplorer.visibleCounts().nodes") - 4
        by_pair = {frozenset((h.start, h.end)): h for p in expected for h in p.hops}
        for k, hop in enumerate(hops):
            py = by_pair[frozenset(got[k:k + 2])]
            assert hop["ev"][0] in {st.evidence for link in py.links for st in link.statements}
        _screenshot(session, "path")
        # a typo gets close names, as in the CLI
        page.fill("#nz-path-to", "Rusia")
        page.press("#nz-path-to", "Enter")
        msg = session.js("document.getElementById('nz-path-msg').textContent")
        assert msg.startswith("no entity named \u201cRusia\u201d (did you mean: Russia")
    finally:
        session.js("nzExplorer.clearSelection()")


def test_keyboard_only_reaches_the_statements_list(browser, built):
    session = Session(browser, built["page"].as_uri())   # a fresh page: the focus at its start
    try:
        _keyboard_only(session, built)
    finally:
        session.close()


def _keyboard_only(session, built):
    page = session.page
    page.keyboard.press("Tab")
    assert session.js("document.activeElement.className") == "nz-skip"
    page.keyboard.press("Enter")
    assert session.js("document.activeElement.id") == "nz-list-summary"
    assert session.js("document.getElementById('nz-list').open") is True
    page.wait_for_selector("#nz-list-entities tbody button", state="attached")  # (the table is filled on open)
    page.keyboard.press("Tab")
    first = session.js("document.activeElement.getAttribute('data-id')")
    # the table lists the entities shown, most central first
    model = built["model"]
    top = max(model["nodes"], key=lambda n: n["pr"])
    assert first == top["id"]
    assert session.js("document.querySelectorAll('#nz-list-entities tbody button').length") == len(model["nodes"])
    page.keyboard.press("Enter")
    assert session.js("document.activeElement.id") == "nz-list-statements-title"
    i = next(k for k, n in enumerate(model["nodes"]) if n["id"] == first)
    edges = model["edges"]
    n_statements = sum(1 for st in model["statements"]
                       if (st["e"] >= 0 and i in (edges[st["e"]]["f"], edges[st["e"]]["t"]))
                       or (st["e"] < 0 and i in (st["s"], st["o"])))
    items = session.js("[...document.querySelectorAll('#nz-list-statements li')].map(li => "
                       "li.querySelector('.nz-ev') ? li.querySelector('.nz-ev').textContent : '')")
    assert len(items) == n_statements > 5 and all(items)
    # the panel shows the same entity; controls are labelled
    assert session.js("nzExplorer.network.getSelectedNodes()") == [first]
    unlabelled = session.js("""[...document.querySelectorAll('#nz-controls input, #nz-controls select')]
        .filter(x => !(x.labels && x.labels.length) && !x.getAttribute('aria-label')).map(x => x.id || x.type)""")
    assert unlabelled == []
    assert session.js("document.getElementById('nz-network').getAttribute('role')") == "img"


# --------------------------------------------------------------------------- map


_MAP_PIXELS = """() => { const c = document.getElementById('nz-map-canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let land = 0, sea = 0;
    for (let k = 0; k < d.length; k += 4) {
        if (d[k] === 243 && d[k + 1] === 240 && d[k + 2] === 232) { land++; }
        else if (d[k] === 220 && d[k + 1] === 232 && d[k + 2] === 241) { sea++; }
    }
    return {land: land / (d.length / 4), sea: sea / (d.length / 4)}; }"""
# the colour of the map canvas at a geographic point: "land", "sea" or "other" (a dot, a line)
_MAP_AT = """([lat, lon]) => { const c = document.getElementById('nz-map-canvas');
    const r = c.getBoundingClientRect(), p = nzExplorer.mapProject(lat, lon), k = c.width / r.width;
    const d = c.getContext('2d').getImageData(Math.round((p.x - r.left) * k), Math.round((p.y - r.top) * k), 1, 1).data;
    return d[0] === 243 && d[1] === 240 && d[2] === 232 ? 'land'
         : d[0] === 220 && d[1] === 232 && d[2] === 241 ? 'sea' : 'other'; }"""
# southern Africa, where no place of these builds has a dot and no relation passes
LAND = [(-22.0, 22.0), (-29.0, 20.0), (-20.0, 18.0)]      # Botswana, South Africa, Namibia
SEA = [(-25.0, 8.0), (-36.0, 20.0), (-32.0, 12.0)]        # the South Atlantic


def _outlines_drawn(s: Session) -> bool:
    """Zoomed on southern Africa: its land reads as land, the ocean beside it as sea."""
    view = s.js("nzExplorer.mapView()")
    s.js("nzExplorer.mapView({lon: 18, lat: -27, k: 18})")
    try:
        land = sum(s.js(_MAP_AT, list(p)) == "land" for p in LAND)
        sea = sum(s.js(_MAP_AT, list(p)) == "sea" for p in SEA)
    finally:
        s.js("(v) => nzExplorer.mapView(v)", view)
    return land >= 2 and sea == 3


def _expected_dots(s: Session, model) -> set[str]:
    """The places with a point among the entities the page shows (its own visibility)."""
    shown = set(s.js("nzExplorer.visibleNodeIds()"))
    places = set(model["map"]["places"])
    return {n["id"] for n in model["nodes"] if n["id"] in shown and "ll" in n and n["c"] in places}


def _statements_per_dot(s: Session, model, start: str = "", end: str = "") -> dict[str, int]:
    """Statements of the shown article relations of each entity that pass a date range
    (statement date, else article date; undated ones kept), computed here from the model."""
    def passes(st):
        if not (start or end) or not st["d0"]:
            return True
        return not (start and st["d1"] < start) and not (end and st["d0"] > end)

    count: dict[str, int] = {}
    for j in s.js("nzExplorer.visibleEdgeIndices()"):
        e = model["edges"][j]
        if e["kb"]:
            continue
        n = sum(1 for k in e["st"] if passes(model["statements"][k]))
        for end_ in {e["f"], e["t"]}:
            nid = model["nodes"][end_]["id"]
            count[nid] = count.get(nid, 0) + n
    return count


def _free_point(dot: dict, drawn: list[dict]):
    """A page point inside ``dot`` that no dot drawn after it (on top of it) covers, or None."""
    later = drawn[[d["id"] for d in drawn].index(dot["id"]) + 1:]
    for fx, fy in ((0, 0), (0.5, 0), (-0.5, 0), (0, 0.5), (0, -0.5), (0.6, 0.4), (-0.6, -0.4),
                   (0.4, -0.6), (-0.4, 0.6)):
        x, y = dot["x"] + fx * dot["r"], dot["y"] + fy * dot["r"]
        if all((x - o["x"]) ** 2 + (y - o["y"]) ** 2 > (o["r"] + 3) ** 2 for o in later):
            return x, y
    return None


def test_map_toggles_on_with_outlines_dots_and_relations(browser, session, built):
    model = built["model"]
    assert model["map"]["placed"] > 30
    assert session.js("document.getElementById('nz-map').hidden") is True
    session.page.click("#nz-view-map")
    try:
        assert session.js("document.getElementById('nz-map').hidden") is False
        assert session.js("document.getElementById('nz-view-map').getAttribute('aria-pressed')") == "true"
        assert "view=map" in session.js("nzExplorer.hashState()")
        session.wait("nzExplorer.mapDraws >= 1")
        # the outlines: land and sea both cover a part of the canvas; southern Africa's are drawn
        px = session.js(_MAP_PIXELS)
        assert px["land"] > 0.03 and px["sea"] > 0.2, px
        assert _outlines_drawn(session)
        # one dot per place with a point among the shown entities, sized by its statements
        dots = session.js("nzExplorer.mapModel()")["dots"]
        expected = _expected_dots(session, model)
        assert {d["id"] for d in dots} == expected and len(dots) == len(expected) > 30
        per = _statements_per_dot(session, model)
        assert all(d["n"] == per.get(d["id"], 0) for d in dots)
        drawn = session.js("nzExplorer.mapDots()")      # fitted: every dot is in view
        assert {d["id"] for d in drawn} == expected
        big_first = [d["r"] for d in drawn]
        assert big_first == sorted(big_first, reverse=True) and big_first[0] > big_first[-1]
        # the relations drawn: presence / influence, from the actor's point to a place
        preds = set(model["map"]["predicates"])
        lines = session.js("nzExplorer.mapModel()")["lines"]
        assert lines
        ids = {n["id"]: n for n in model["nodes"]}
        for lid in lines:
            e = model["edges"][int(lid[1:])]
            assert e["p"] in preds and not e["kb"]
            src, dst = model["nodes"][e["f"]], model["nodes"][e["t"]]
            assert dst["id"] in expected and ("ll" in src or "hm" in src)
        assert any("hm" in model["nodes"][model["edges"][int(lid[1:])]["f"]] for lid in lines) or \
            all("ll" in ids[model["nodes"][model["edges"][int(lid[1:])]["f"]]["id"]] for lid in lines)
        note = session.js("document.getElementById('nz-map-note').textContent")
        assert note.startswith(f"{len(expected)} of {session.js('nzExplorer.visibleCounts().nodes')} entities shown")
        assert session.errors == [] and session.blocked == []
        # the PNG export takes the map while it is shown
        png = session.js("nzExplorer.viewPng()")
        assert png.startswith("data:image/png;base64,")
        w, h, _grey = _png_gray(base64.b64decode(png.split(",", 1)[1]))
        assert [w, h] == session.js("[document.getElementById('nz-map-canvas').width, document.getElementById('nz-map-canvas').height]")
        url = session.page.url
    finally:
        session.page.click("#nz-view-graph")
    assert session.js("document.getElementById('nz-map').hidden") is True
    assert "view=map" not in session.js("nzExplorer.hashState()")
    # a link with view=map opens on the map
    again = Session(browser, url)
    try:
        assert again.js("document.getElementById('nz-map').hidden") is False
        assert {d["id"] for d in again.js("nzExplorer.mapModel()")["dots"]} == expected
        assert again.errors == []
    finally:
        again.close()


def test_map_click_on_a_dot_selects_the_place(session, built):
    model = built["model"]
    session.page.click("#nz-view-map")
    try:
        session.wait("nzExplorer.mapDraws >= 1")
        drawn = session.js("nzExplorer.mapDots()")
        # the largest dot, where no dot drawn after it (on top) covers it
        pick = next(d for d in drawn if d["n"] > 0 and _free_point(d, drawn))
        session.page.mouse.click(*_free_point(pick, drawn))
        assert session.js("nzExplorer.state.selected && nzExplorer.state.selected.kind") == "node"
        assert session.js("nzExplorer.data.nodes[nzExplorer.state.selected.i].id") == pick["id"]
        assert session.js("nzExplorer.network.getSelectedNodes()") == [pick["id"]]
        node = next(n for n in model["nodes"] if n["id"] == pick["id"])
        assert session.js("document.querySelector('#nz-panel h2').textContent") == (node["ar"] or node["en"])
        assert session.js("document.querySelectorAll('#nz-panel .nz-ev').length") > 0
        # the rest is dimmed, as in the graph: its neighbours keep their colour
        dimmed = set(session.js("nzExplorer.dimmed()"))
        assert pick["id"] not in dimmed and dimmed
        # a click on the sea ends the selection
        rect = session.js("(() => { const r = document.getElementById('nz-map-canvas').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()")
        for fx, fy in ((0.5, 0.97), (0.03, 0.5), (0.97, 0.5), (0.5, 0.03)):
            x, y = rect[0] + fx * rect[2], rect[1] + fy * rect[3]
            if all((x - o["x"]) ** 2 + (y - o["y"]) ** 2 > (o["r"] + 5) ** 2 for o in drawn):
                session.page.mouse.click(x, y)
                break
        assert session.js("nzExplorer.state.selected") is None
        assert session.js("nzExplorer.dimmed()") == []
    finally:
        session.js("nzExplorer.clearSelection()")
        session.page.click("#nz-view-graph")


def test_map_follows_the_filters_and_the_time_slider(session, built):
    model = built["model"]
    session.page.click("#nz-view-map")
    try:
        session.wait("nzExplorer.mapDraws >= 1")
        before = {d["id"]: d["n"] for d in session.js("nzExplorer.mapModel()")["dots"]}
        # a class filter: no country dot left, the others stay
        session.page.uncheck("input[data-class=Country]")
        after = {d["id"]: d["n"] for d in session.js("nzExplorer.mapModel()")["dots"]}
        countries = {n["id"] for n in model["nodes"] if n["c"] == "Country"}
        assert after and not set(after) & countries and set(after) < set(before)
        assert set(after) == _expected_dots(session, model)
        draws = session.js("nzExplorer.mapDraws")
        session.wait(f"nzExplorer.mapDraws > {draws - 1}")
        assert {d["id"] for d in session.js("nzExplorer.mapDots()")} <= set(after)
        session.page.check("input[data-class=Country]")
        assert {d["id"]: d["n"] for d in session.js("nzExplorer.mapModel()")["dots"]} == before
        # the time slider: the first half of the periods; each dot's size follows
        bins = session.js("nzExplorer.timeBins")
        half = len(bins["keys"]) // 2
        assert half >= 1
        session.js("(n) => nzExplorer.setTimeRange(0, n)", half - 1)
        start, end = session.js("[nzExplorer.state.from, nzExplorer.state.to]")
        assert end == bins["ends"][half - 1]
        timed = {d["id"]: d["n"] for d in session.js("nzExplorer.mapModel()")["dots"]}
        assert set(timed) == _expected_dots(session, model)
        per = _statements_per_dot(session, model, start, end)
        assert all(n == per.get(i, 0) for i, n in timed.items())
        assert sum(timed.values()) < sum(before.values())
    finally:
        session.js("(n) => nzExplorer.setTimeRange(0, n - 1)", len(session.js("nzExplorer.timeBins")["keys"]))
        session.page.click("#nz-view-graph")
    assert session.js("nzExplorer.visibleCounts().edges") == len(model["edges"])


# --------------------------------------------------------------------------- at scale
# A whole day of SaudiNewsNet (../shared/corpus/snn/snn_2015-08-10.jsonl, about 1,700
# articles, ~380 entities in relations): the page opens on an overview (issue 13).

SNN_DAY = SHARED / "corpus" / "snn" / "snn_2015-08-10.jsonl"
SCREENSHOTS = os.environ.get("NUFUZ_SCREENSHOTS")   # a folder: the scale tests save PNGs there


def _screenshot(s: Session, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        s.page.screenshot(path=str(Path(SCREENSHOTS) / f"explorer-{name}.png"))


@pytest.fixture(scope="module")
def snn(tmp_path_factory):
    """The explorer page of a build of one day of SaudiNewsNet (skipped without ../shared)."""
    if not SNN_DAY.is_file():
        pytest.skip(f"{SNN_DAY} is absent (the shared corpus is not on this machine)")
    from kg.evaluate import load_data
    from visualizations.explorer import explorer_data
    from visualizations.html import page_html, write_page

    out = tmp_path_factory.mktemp("snn")
    res = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(SNN_DAY),
                          "--out", str(out / "build"), "--no-html", "-q"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    model = explorer_data(load_data([out / "build" / "graph.trig"]), title="SaudiNewsNet 2015-08-10")
    return {"model": model, "page": write_page(page_html(model), out / "snn.html")}


@pytest.fixture()
def big(browser, snn):
    s = Session(browser, snn["page"].as_uri())
    yield s
    s.close()


_LABELS_NOW = """() => new Promise(ok => { const net = nzExplorer.network;
    net.once('afterDrawing', () => ok(nzExplorer.labelBoxes.map(b => ({...b})))); net.redraw(); })"""
_CENTRES = """() => { const X = nzExplorer, net = X.network, ids = X.visibleNodeIds();
    const pos = net.getPositions(ids), r = document.querySelector('#nz-network canvas').getBoundingClientRect();
    return ids.map(id => { const d = net.canvasToDOM(pos[id]);
        return {id, x: r.left + d.x, y: r.top + d.y, r: X.nodes.get(id).size * net.getScale()}; }); }"""


def _overlapping(boxes):
    return [(a["text"], b["text"]) for k, a in enumerate(boxes) for b in boxes[k + 1:]
            if a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]]


#: A word of four letters or more with no vowel letter: a transliteration skeleton ("Bndr")
_SKELETON = __import__("re").compile(r"\b[b-df-hj-np-tv-xzB-DF-HJ-NP-TV-XZ]{4,}\b")


def test_scale_english_mode_shows_no_skeletons(big, snn):
    """Issue 10: in English mode the explorer of a SaudiNewsNet day shows readable English
    names (the KB's, or a transliteration a reader recognises) or the Arabic name, never a
    vowel-less skeleton; every English label of the page data is checked, then the drawn ones."""
    model = snn["model"]
    bad = [n["en"] for n in model["nodes"] if _SKELETON.search(n.get("en") or "")]
    assert bad == []
    big.page.select_option("#nz-lang", "en")
    boxes = big.js(_LABELS_NOW)
    assert len(boxes) >= 12
    assert [b["text"] for b in boxes if _SKELETON.search(b["text"])] == []
    assert sum(b["text"].isascii() for b in boxes) >= len(boxes) // 2  # mostly English names
    _screenshot(big, "english")


def test_scale_first_view_is_an_overview_with_labels_that_do_not_overlap(big, snn):
    model = snn["model"]
    assert len(model["nodes"]) > 300 and model["overview"] == 120
    assert big.errors == [] and big.blocked == []
    shown = big.js("nzExplorer.visibleCounts()")
    hidden = big.js("nzExplorer.hiddenCounts()")
    assert 60 <= shown["nodes"] <= 120 and hidden["candidates"] == len(model["nodes"])
    assert hidden["pairs"] > 20                        # the ring of isolated pairs is folded
    assert shown["nodes"] + hidden["pairs"] + hidden["ranked"] + hidden["loose"] == len(model["nodes"])
    note = big.js("document.getElementById('nz-hidden').textContent")
    assert note.startswith(f"showing {shown['nodes']} of {len(model['nodes'])} entities")
    assert f"{hidden['pairs']} in isolated pairs folded" in note
    # the shown entities are the most central ones (PageRank) outside isolated pairs
    ids = set(big.js("nzExplorer.visibleNodeIds()"))
    by_pr = sorted(model["nodes"], key=lambda n: -n["pr"])
    assert by_pr[0]["id"] in ids and by_pr[1]["id"] in ids
    boxes = big.js(_LABELS_NOW)
    assert len(boxes) >= 12, boxes
    assert _overlapping(boxes) == []
    w, h = big.js("[document.getElementById('nz-network').clientWidth, document.getElementById('nz-network').clientHeight]")
    assert all(0 <= b["x0"] < b["x1"] <= w and 0 <= b["y0"] < b["y1"] <= h for b in boxes)
    assert {b["id"] for b in boxes} <= ids
    # the most central entity is labelled, with its Arabic and English names
    top = by_pr[0]
    assert any(b["id"] == top["id"] and b["text"] == f"{top['ar']}\n{top['en']}" for b in boxes)
    _screenshot(big, "overview")
    # everything: the isolated pairs come back
    big.page.select_option("#nz-top", "0")
    big.wait("nzExplorer.layouts >= 2 && !nzExplorer.layoutPending")
    assert big.js("nzExplorer.visibleCounts().nodes") == len(model["nodes"])
    assert _overlapping(big.js(_LABELS_NOW)) == []


def test_scale_click_hits_the_node_under_the_pointer(big, snn):
    centres = big.js(_CENTRES)
    by_id = {c["id"]: c for c in centres}
    pr = {n["id"]: n["pr"] for n in snn["model"]["nodes"]}
    # entities whose disc no other disc covers, largest first (Iran among them if shown)
    clear = [c for c in centres if all(
        (c["x"] - o["x"]) ** 2 + (c["y"] - o["y"]) ** 2 > (c["r"] + o["r"] + 2) ** 2
        for o in centres if o is not c)]
    clear.sort(key=lambda c: -pr[c["id"]])
    assert len(clear) >= 8
    iran = str(NZR.iran)
    picks = ([by_id[iran]] if iran in by_id and by_id[iran] in clear else []) + clear[:8]
    for c in picks:
        # off the centre, inside the disc (towards the lower right, where labels sit)
        big.page.mouse.click(c["x"] + 0.4 * c["r"], c["y"] + 0.4 * c["r"])
        assert big.js("nzExplorer.network.getSelectedNodes()") == [c["id"]], c
        assert big.js("nzExplorer.state.selected.kind") == "node"
        name = next(n for n in snn["model"]["nodes"] if n["id"] == c["id"])
        assert big.js("document.querySelector('#nz-panel h2').textContent") == (name["ar"] or name["en"])
    # a click on a label (below its entity), clear of every disc, selects no entity
    boxes = big.js(_LABELS_NOW)
    spots = [((b["x0"] + b["x1"]) / 2, b["y1"] - 3) for b in boxes]
    rect = big.js("(() => { const r = document.querySelector('#nz-network canvas').getBoundingClientRect(); return [r.left, r.top]; })()")
    centres = big.js(_CENTRES)
    spots = [(x + rect[0], y + rect[1]) for x, y in spots
             if all((x + rect[0] - o["x"]) ** 2 + (y + rect[1] - o["y"]) ** 2 > (o["r"] + 4) ** 2 for o in centres)]
    assert spots
    big.page.mouse.click(*spots[0])
    assert big.js("nzExplorer.state.selected === null || nzExplorer.state.selected.kind === 'edge'")


def test_scale_selection_dims_the_rest_and_expands_in_the_page(big, snn):
    model = snn["model"]
    hub = max((n for n in model["nodes"] if n["id"] in set(big.js("nzExplorer.visibleNodeIds()"))),
              key=lambda n: n["pr"])
    c = next(x for x in big.js(_CENTRES) if x["id"] == hub["id"])
    big.page.mouse.click(c["x"], c["y"])
    assert big.js("nzExplorer.network.getSelectedNodes()") == [hub["id"]]
    shown = set(big.js("nzExplorer.visibleNodeIds()"))
    hi = model["nodes"].index(hub)
    neighbours = {model["nodes"][e["t"] if e["f"] == hi else e["f"]]["id"]
                  for j, e in enumerate(model["edges"]) if hi in (e["f"], e["t"])
                  and j in set(big.js("nzExplorer.visibleEdgeIndices()"))} | {hub["id"]}
    dimmed = set(big.js("nzExplorer.dimmed()"))
    assert dimmed == shown - neighbours and dimmed
    colour = big.js("(id) => nzExplorer.nodes.get(id).color", next(iter(dimmed)))
    assert isinstance(colour, dict) and colour["background"].startswith("#")
    assert big.js("(id) => typeof nzExplorer.nodes.get(id).color", hub["id"]) == "string"
    # the labels drawn are those of the neighbourhood only
    assert {b["id"] for b in big.js(_LABELS_NOW)} <= neighbours
    # double click: its hidden neighbours (through relations that pass the filters) appear around it
    before = big.js("nzExplorer.visibleCounts().nodes")
    button = big.js("document.querySelector('#nz-panel .nz-expand') && document.querySelector('#nz-panel .nz-expand').textContent")
    assert button and button.startswith("show ")
    n_more = int(button.split()[1])
    big.page.mouse.dblclick(c["x"], c["y"])
    big.wait(f"nzExplorer.visibleCounts().nodes === {before + n_more}", timeout=10)
    assert big.js("document.querySelector('#nz-panel .nz-expand')") is None
    assert set(big.js("nzExplorer.visibleNodeIds()")) >= shown
    _screenshot(big, "selection")
    # a click on empty space ends the selection: nothing dimmed
    rect = big.js("(() => { const r = document.querySelector('#nz-network canvas').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()")
    centres = big.js(_CENTRES)
    for fx, fy in ((0.03, 0.97), (0.97, 0.03), (0.03, 0.03), (0.97, 0.97)):
        x, y = rect[0] + fx * rect[2], rect[1] + fy * rect[3]
        if all((x - o["x"]) ** 2 + (y - o["y"]) ** 2 > (o["r"] + 5) ** 2 for o in centres):
            big.page.mouse.click(x, y)
            break
    big.wait("nzExplorer.state.selected === null || nzExplorer.state.selected.kind === 'edge'")
    if big.js("nzExplorer.state.selected") is None:
        assert big.js("nzExplorer.dimmed()") == []


def test_scale_filter_relays_out_the_visible_subgraph(big, snn):
    model = snn["model"]
    conflict = ["opposes", "pressures", "attacks", "sanctions"]
    scale0 = big.js("nzExplorer.network.getScale()")
    layouts = big.js("nzExplorer.layouts")
    pos0 = big.js("() => nzExplorer.network.getPositions()")
    big.js("""(keep) => document.querySelectorAll('input[data-pred]').forEach(b => {
        if (!keep.includes(b.getAttribute('data-pred')) && b.checked) { b.click(); } })""", conflict)
    big.wait(f"nzExplorer.layouts > {layouts} && !nzExplorer.layoutPending", timeout=30)
    edges = big.js("nzExplorer.visibleEdgeIndices()")
    assert edges and {model["edges"][j]["p"] for j in edges if not model["edges"][j]["kb"]} <= set(conflict)
    ids = big.js("nzExplorer.visibleNodeIds()")
    pos1 = big.js("() => nzExplorer.network.getPositions()")
    kept = [i for i in ids if i in pos0]
    moved = [i for i in kept if abs(pos0[i]["x"] - pos1[i]["x"]) + abs(pos0[i]["y"] - pos1[i]["y"]) > 20]
    assert len(moved) > len(kept) / 2                  # laid out anew, not left in place
    assert big.js("nzExplorer.network.getScale()") > scale0   # fewer entities, drawn larger
    boxes = big.js(_LABELS_NOW)
    assert len(boxes) >= min(10, len(ids) // 2) and _overlapping(boxes) == []
    _screenshot(big, "filtered")


def test_scale_time_slider_filters(big, snn):
    model = snn["model"]
    bins = big.js("nzExplorer.timeBins")
    dated = [s for s in model["statements"] if s["e"] >= 0 and len(s["d0"]) == 10 and s["d0"] > "0000-12-31"]
    assert sum(bins["counts"]) == len(dated) and bins["unit"] in ("day", "month", "year")
    peak = max(range(len(bins["counts"])), key=lambda k: bins["counts"][k])
    assert peak > 0
    before = big.js("nzExplorer.visibleCounts().edges")
    # drag the right handle to the period before the busiest one
    big.js("""(k) => { const t = document.getElementById('nz-time-to'); t.value = String(k);
        t.dispatchEvent(new Event('input')); }""", peak - 1)
    assert big.js("nzExplorer.state.to") == bins["ends"][peak - 1]
    assert big.js("document.getElementById('nz-to').value") == bins["ends"][peak - 1]
    assert big.js("document.getElementById('nz-time-range').textContent") == \
        f"{bins['keys'][0]} – {bins['keys'][peak - 1]}"
    big.wait("!nzExplorer.layoutPending", timeout=30)
    edges = big.js("nzExplorer.visibleEdgeIndices()")
    assert big.js("nzExplorer.visibleCounts().edges") < before
    end = bins["ends"][peak - 1]
    for j in edges:
        e = model["edges"][j]
        if not e["kb"] and e["st"]:
            assert any(not model["statements"][k]["d0"] or model["statements"][k]["d0"] <= end
                       for k in e["st"]), e
    big.js("document.getElementById('nz-hist').scrollIntoView()")
    _screenshot(big, "time")
    # the whole range again: no date filter
    big.js("(n) => nzExplorer.setTimeRange(0, n - 1)", len(bins["keys"]))
    assert big.js("[nzExplorer.state.from, nzExplorer.state.to]") == ["", ""]


def test_scale_url_state_round_trips(browser, big, snn):
    big.page.select_option("#nz-lang", "ar")
    big.page.uncheck("input[data-pred=meetsWith]")
    big.page.fill("#nz-search", "Iran")
    big.page.press("#nz-search", "Enter")
    sel = big.js("nzExplorer.network.getSelectedNodes()")
    assert sel == [str(NZR.iran)]
    bins = big.js("nzExplorer.timeBins")
    big.js("(n) => nzExplorer.setTimeRange(1, n - 1)", len(bins["keys"]))
    url = big.page.url
    state = big.js("nzExplorer.hashState()")
    assert url.endswith("#" + state)
    for part in ("q=Iran", "lang=ar", "hide=meetsWith", "from=" + bins["starts"][1], "sel="):
        assert part in state, state
    again = Session(browser, url)
    try:
        assert again.js("nzExplorer.hashState()") == state
        assert again.js("nzExplorer.state.lang") == "ar"
        assert again.js("document.getElementById('nz-lang').value") == "ar"
        assert again.js("nzExplorer.state.preds.meetsWith") is False
        assert again.js("document.querySelector('input[data-pred=meetsWith]').checked") is False
        assert again.js("document.getElementById('nz-search').value") == "Iran"
        assert again.js("nzExplorer.network.getSelectedNodes()") == sel
        assert again.js("nzExplorer.state.from") == bins["starts"][1]
        assert again.js("document.getElementById('nz-time-from').value") == "1"
        assert again.js("document.querySelector('#nz-panel h2').textContent") == "إيران"
        assert again.js("nzExplorer.visibleEdgeIndices()") == big.js("nzExplorer.visibleEdgeIndices()")
        assert again.errors == []
    finally:
        again.close()


def test_scale_exports_visible_statements_as_csv_and_the_view_as_png(big, snn, tmp_path):
    import csv
    import io

    from visualizations.export import CSV_COLUMNS

    model = snn["model"]
    big.page.uncheck("input[data-pred=sanctions]")
    big.wait("!nzExplorer.layoutPending", timeout=30)
    with big.page.expect_download() as dl:
        big.page.click("#nz-export-csv")
    path = tmp_path / "s.csv"
    dl.value.save_as(path)
    assert dl.value.suggested_filename == "nufuz-statements.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0] == model["csvColumns"] and set(rows[0]) <= set(CSV_COLUMNS)
    shown = big.js("nzExplorer.visibleEdgeIndices()")
    expected = sorted(k for j in shown if not model["edges"][j]["kb"] for k in model["edges"][j]["st"]
                      if model["statements"][k]["p"] != "sanctions")
    assert len(rows) - 1 == len(expected) > 20
    col = {c: i for i, c in enumerate(rows[0])}
    assert "sanctions" not in {r[col["predicate"]] for r in rows[1:]}
    assert sorted(r[col["evidence"]] for r in rows[1:]) == sorted(model["statements"][k]["ev"] for k in expected)
    with big.page.expect_download() as dl:
        big.page.click("#nz-export-png")
    png = tmp_path / "v.png"
    dl.value.save_as(png)
    w, h, grey = _png_gray(png.read_bytes())
    assert (w, h) == tuple(big.js("(() => { const c = document.querySelector('#nz-network canvas'); return [c.width, c.height]; })()"))
    assert min(grey) < 100 and sum(1 for g in grey if g < 235) / len(grey) > 0.01
    assert big.errors == [] and big.blocked == []


def test_scale_map_of_the_overview(big, snn):
    """The map on a day of SaudiNewsNet: the places among the overview's entities, the
    presence and influence relations; a click on Yemen's dot lists its statements."""
    model = snn["model"]
    big.page.click("#nz-view-map")
    big.wait("nzExplorer.mapDraws >= 1")
    dots = big.js("nzExplorer.mapModel()")["dots"]
    expected = _expected_dots(big, model)
    assert {d["id"] for d in dots} == expected and len(expected) >= 20
    per = _statements_per_dot(big, model)
    assert all(d["n"] == per.get(d["id"], 0) for d in dots)
    assert len(big.js("nzExplorer.mapModel()")["lines"]) >= 3
    px = big.js(_MAP_PIXELS)
    assert px["land"] > 0.03 and px["sea"] > 0.2, px
    assert _outlines_drawn(big)
    # the Middle East, closer
    big.js("nzExplorer.mapView({lon: 44, lat: 27, k: 14})")
    drawn = big.js("nzExplorer.mapDots()")
    yemen = next(d for d in drawn if d["id"] == str(NZR.yemen))
    big.page.mouse.click(*_free_point(yemen, drawn))
    assert big.js("nzExplorer.network.getSelectedNodes()") == [str(NZR.yemen)]
    assert big.js("document.querySelector('#nz-panel h2').textContent") == "اليمن"
    assert big.js("document.querySelectorAll('#nz-panel .nz-ev').length") > 3
    labels = big.js("nzExplorer.mapLabelBoxes")
    assert any(b["id"] == str(NZR.yemen) for b in labels) and _overlapping(labels) == []
    assert big.errors == [] and big.blocked == []


def _model_distances(model, start: int) -> dict[int, int]:
    """Hops from entity ``start`` over the article relations of the model (either direction,
    no self loop): what the page's path search walks when no filter is set."""
    adj: dict[int, set[int]] = {}
    for e in model["edges"]:
        if not e["kb"] and e["f"] != e["t"]:
            adj.setdefault(e["f"], set()).add(e["t"])
            adj.setdefault(e["t"], set()).add(e["f"])
    dist, frontier = {start: 0}, [start]
    while frontier:
        nxt = []
        for i in frontier:
            for o in sorted(adj.get(i, ())):
                if o not in dist:
                    dist[o] = dist[i] + 1
                    nxt.append(o)
        frontier = nxt
    return dist


_PATH_SHOWN = """() => ({
    ids: nzExplorer.pathIds(),
    title: document.getElementById('nz-path-title') && document.getElementById('nz-path-title').textContent,
    hops: [...document.querySelectorAll('#nz-panel .nz-hops > li')].map(li => ({
        head: li.querySelector('.nz-edgehead').textContent,
        ev: [...li.querySelectorAll('.nz-st .nz-ev')].map(x => x.textContent)})),
    edges: nzExplorer.pathEdges(),
    dimmed: nzExplorer.dimmed(),
    drawnNodes: (nzExplorer.pathIds() || []).filter(id => nzExplorer.nodes.get(id) !== null),
    drawnEdges: nzExplorer.pathEdges().flat().filter(id => nzExplorer.edges.get(id) !== null)})"""


def test_scale_path_between_two_actors_is_found_and_round_trips_in_the_url(browser, big, snn):
    """On a day of SaudiNewsNet: the most central entity and an entity three hops away (the
    most central of those, named in Arabic); the chain found is a shortest one, drawn with
    the rest dimmed; the URL hash keeps it and a page opened with that URL draws the same
    chain, the path fields filled with the two ends' names."""
    model = snn["model"]
    nodes = model["nodes"]
    a = max(range(len(nodes)), key=lambda i: nodes[i]["pr"])
    dist = _model_distances(model, a)
    far = sorted((i for i, d in dist.items() if d == 3 and nodes[i]["ar"]), key=lambda i: -nodes[i]["pr"])
    b = next(i for i in far if big.js("(q) => nzExplorer.findNode(q)", nodes[i]["ar"]) == i)
    assert big.js("(q) => nzExplorer.findNode(q)", nodes[a]["en"]) == a
    big.page.fill("#nz-path-from", nodes[a]["en"])
    big.page.fill("#nz-path-to", nodes[b]["ar"])
    big.page.press("#nz-path-to", "Enter")
    shown = big.js(_PATH_SHOWN)
    got = shown["ids"]
    assert got is not None and len(got) == 4 and (got[0], got[-1]) == (nodes[a]["id"], nodes[b]["id"])
    index = {n["id"]: i for i, n in enumerate(nodes)}
    linked = {frozenset((e["f"], e["t"])) for e in model["edges"] if not e["kb"]}
    assert all(frozenset((index[u], index[v])) in linked for u, v in zip(got, got[1:]))
    assert shown["title"] == "Shortest chain: 3 hop(s)"
    assert len(shown["hops"]) == 3 and all(h["ev"] for h in shown["hops"])
    assert len(shown["edges"]) == 3 and all(shown["edges"])
    assert sorted(shown["drawnNodes"]) == sorted(got)
    assert sorted(shown["drawnEdges"]) == sorted(j for js in shown["edges"] for j in js)
    visible = set(big.js("nzExplorer.visibleNodeIds()"))
    assert set(got) <= visible and set(shown["dimmed"]) == visible - set(got)
    # the hash holds the chain, in place of a selection
    state = big.js("nzExplorer.hashState()")
    assert big.page.url.endswith("#" + state)
    params = parse_qs(state)
    assert params["path"] == [" ".join(got)] and "sel" not in params
    again = Session(browser, big.page.url)
    try:
        again.wait("nzExplorer.pathIds() !== null", timeout=10)
        assert again.js(_PATH_SHOWN) == shown
        assert again.js("nzExplorer.hashState()") == state
        # the path fields name the two ends (labels: both, so the English name first)
        assert again.js("[document.getElementById('nz-path-from').value, document.getElementById('nz-path-to').value]") == \
            [nodes[a]["en"] or nodes[a]["ar"], nodes[b]["en"] or nodes[b]["ar"]]
        # the view glides to hold the chain with its labels; the labels drawn are the chain's only
        again.wait("""((ids) => { const net = nzExplorer.network, box = document.getElementById('nz-network');
            const pos = net.getPositions(ids);
            return ids.every(id => { const d = net.canvasToDOM(pos[id]);
                return d.x >= 0 && d.y >= 0 && d.x <= box.clientWidth && d.y <= box.clientHeight; }); })(%s)"""
                   % json.dumps(got), timeout=10)
        again.wait("nzExplorer.labelsCut.length === 0", timeout=10)
        boxes = again.js(_LABELS_NOW)
        assert again.js("nzExplorer.labelsCut") == []   # no label of the chain crosses the edge
        assert {x["id"] for x in boxes} <= set(got) and len(boxes) >= 2 and _overlapping(boxes) == []
        _screenshot(again, "path-shared")
        assert again.errors == [] and again.blocked == []
    finally:
        again.close()
    # a hand-written link with the two ends only: the shortest chain between them
    ends = big.page.url.split("#")[0] + "#" + urlencode({"path": f"{got[0]} {got[-1]}"})
    again = Session(browser, ends)
    try:
        again.wait("nzExplorer.pathIds() !== null", timeout=10)
        chain = again.js("nzExplorer.pathIds()")
        assert len(chain) == 4 and (chain[0], chain[-1]) == (got[0], got[-1])
        assert again.js("document.getElementById('nz-path-title').textContent") == "Shortest chain: 3 hop(s)"
    finally:
        again.close()


def test_scale_keyboard_only_reaches_the_statements_list(browser, snn):
    """On a day of SaudiNewsNet, from a fresh page and with the keyboard only: the skip link,
    the list of the entities shown (most central first), the statements of the second one."""
    s = Session(browser, snn["page"].as_uri())
    try:
        model = snn["model"]
        page = s.page
        page.keyboard.press("Tab")
        assert s.js("document.activeElement.className") == "nz-skip"
        page.keyboard.press("Enter")
        assert s.js("document.activeElement.id") == "nz-list-summary"
        page.wait_for_selector("#nz-list-entities tbody button", state="attached")
        shown = set(s.js("nzExplorer.visibleNodeIds()"))
        listed = s.js("[...document.querySelectorAll('#nz-list-entities tbody button')].map(b => b.getAttribute('data-id'))")
        ranked = [n["id"] for n in sorted(model["nodes"], key=lambda n: -n["pr"]) if n["id"] in shown]
        assert listed == ranked and 60 <= len(listed) <= 120
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        second = s.js("document.activeElement.getAttribute('data-id')")
        assert second == ranked[1]
        page.keyboard.press("Enter")
        assert s.js("document.activeElement.id") == "nz-list-statements-title"
        assert s.js("nzExplorer.network.getSelectedNodes()") == [second]
        i = next(k for k, n in enumerate(model["nodes"]) if n["id"] == second)
        edges = set(s.js("nzExplorer.visibleEdgeIndices()"))
        expected = [model["statements"][k]["ev"] for j in edges for k in model["edges"][j]["st"]
                    if not model["edges"][j]["kb"] and i in (model["edges"][j]["f"], model["edges"][j]["t"])]
        expected += [st["ev"] for st in model["statements"] if st["e"] < 0 and i in (st["s"], st["o"])]
        items = s.js("[...document.querySelectorAll('#nz-list-statements li')].map(li => "
                     "li.querySelector('.nz-ev') ? li.querySelector('.nz-ev').textContent : '')")
        assert sorted(items) == sorted(expected) and len(items) > 5
        # Tab goes on from the heading into the statements' own links, never back to the top
        page.keyboard.press("Tab")
        assert s.js("document.getElementById('nz-list').contains(document.activeElement)")
        s.js("document.getElementById('nz-list-statements').scrollIntoView()")
        _screenshot(s, "keyboard")
        assert s.errors == [] and s.blocked == []
    finally:
        s.close()
