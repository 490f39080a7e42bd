"""Explorer benchmark: time until the graph explorer is drawn and usable in headless Chromium.

Generates synthetic datasets shaped like ``nufuz build`` output (a knowledge-base graph and
article graphs with truthy edges and ``nz:Statement`` nodes carrying Arabic evidence,
dates, confidence and outlets; entity degrees follow preferential attachment, so a few
countries are hubs as in real news) with 500, 2,000 and 5,000 entities (or ``--sizes``), writes the explorer
page of each (:func:`visualizations.html.page_html`) and opens it in headless Chromium with
every non-file request aborted. Per size it records, median of ``--runs`` page loads:

* ``write s``: Python time to build the model (layout, centralities, communities) and the page;
* ``DOM ms``: navigation start to ``DOMContentLoaded`` (HTML, JSON and scripts parsed);
* ``ready ms``: navigation start to the later of ``DOMContentLoaded`` and the explorer's
  ``ready`` flag (set after the first frame drawn with the final layout, physics stabilised
  and frozen or precomputed positions, with the UI wired): the network is stable and
  answers input;
* ``search ms``: a search by name that selects the node, fills the side panel and redraws;
* ``filter ms``: a confidence filter applied to every edge and node, then redrawn;
* ``re-layout ms``: the same filter until the shown subgraph is laid out anew and drawn
  (includes the page's 120 ms pause that lets a dragged slider settle);
* ``frame ms``: one redraw of the whole view (what panning and zooming cost).

``ready`` is the first paint of the overview (the most central entities, with their labels)
for graphs above ``OVERVIEW_MIN_NODES`` entities. Goals (issue 13): ready < 3 s at 5,000
entities and < 8 s at 20,000; search and filter < 300 ms at 5,000. This is a benchmark, not
a timed test.

    python benchmarks/explorer_bench.py [--sizes 500 2000 5000] [--runs 3]
        [--chromium /usr/bin/chromium] [--keep DIR]
"""
from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rdflib import Dataset, Literal, Namespace, URIRef  # noqa: E402
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, SKOS, XSD  # noqa: E402

NZ = Namespace("https://w3id.org/nufuz/ontology#")
NZR = Namespace("https://w3id.org/nufuz/id/")
SCHEMA = Namespace("http://schema.org/")
KB = URIRef("https://w3id.org/nufuz/graph/kb")

#: Class mix of the entities, roughly that of the seed + corpus build.
CLASS_MIX = [("Person", 0.34), ("Country", 0.14), ("City", 0.09), ("Region", 0.03),
             ("Government", 0.08), ("MilitaryForce", 0.05), ("InternationalOrganization", 0.06),
             ("Company", 0.06), ("ArmedGroup", 0.03), ("NewsOrganization", 0.03),
             ("MilitaryBase", 0.04), ("Event", 0.03), ("Topic", 0.02)]
#: Predicate mix of the seed + corpus statements (``nufuz build`` summary).
PRED_MIX = [("sanctions", 23), ("officialOf", 16), ("opposes", 13), ("meetsWith", 12),
            ("cooperatesWith", 10), ("memberOf", 10), ("leaderOf", 9), ("locatedIn", 9),
            ("hasMilitaryPresenceIn", 5), ("hasInfluenceIn", 5), ("withdrawsFrom", 4),
            ("seeksCooperationWith", 4), ("ambassadorTo", 2), ("supports", 2), ("attacks", 2),
            ("seeksInfluenceIn", 1), ("seeksMilitaryPresenceIn", 1), ("pressures", 2),
            ("concernedAbout", 1)]
MODES = [("asserted", 73), ("reported", 17), ("historical", 5), ("intended", 4), ("negated", 1)]
_AR_SYL = ["با", "تي", "رو", "سا", "كا", "لي", "مو", "نا", "دو", "فر", "قا", "زي", "شا",
           "غو", "حا", "جي", "طا", "وا", "يو", "لا"]
_EN_SYL = ["ba", "ti", "ro", "sa", "ka", "li", "mo", "na", "do", "fer", "qa", "zi", "sha",
           "go", "ha", "ji", "ta", "wa", "yu", "la"]


def _name(rng: random.Random, parts: int) -> tuple[str, str]:
    idx = [rng.randrange(len(_AR_SYL)) for _ in range(parts)]
    ar = "".join(_AR_SYL[i] for i in idx)
    en = "".join(_EN_SYL[i] for i in idx).capitalize()
    return ar, en


def _weighted(rng: random.Random, table):
    total = sum(w for _, w in table)
    x = rng.random() * total
    for item, w in table:
        x -= w
        if x <= 0:
            return item
    return table[-1][0]


def synthetic_dataset(n_nodes: int, seed: int = 1) -> Dataset:
    """A dataset in the shape of ``nufuz build`` output with ``n_nodes`` related entities.

    Parameters
    ----------
    n_nodes : int
        Entities that take part in at least one truthy edge (the explorer's node count).
    seed : int
        Random seed.

    Returns
    -------
    rdflib.Dataset
        KB graph (labels in ar/en, aliases, ``owl:sameAs`` for some, ``partOf``/
        ``locatedIn`` background facts) and one article graph per ~12 statements.
    """
    rng = random.Random(seed)
    ds = Dataset()
    kb = ds.graph(KB)
    ents = []
    for i in range(n_nodes):
        cls = _weighted(rng, [(c, w) for c, w in CLASS_MIX])
        ar, en = _name(rng, 2 + rng.randrange(3))
        iri = NZR[f"{cls.lower()}/{en.lower()}-{i}"]
        ents.append((iri, cls, f"{ar} {i}", f"{en} {i}"))
        kb.add((iri, RDF.type, NZ[cls]))
        kb.add((iri, SKOS.prefLabel, Literal(f"{ar} {i}", lang="ar")))
        kb.add((iri, SKOS.prefLabel, Literal(f"{en} {i}", lang="en")))
        kb.add((iri, SKOS.altLabel, Literal("ال" + ar, lang="ar")))
        if rng.random() < 0.3:
            kb.add((iri, OWL.sameAs, URIRef(f"http://www.wikidata.org/entity/Q{100000 + i}")))
    places = [e for e in ents if e[1] in ("Country", "City", "Region")]
    for e in ents:
        if e[1] in ("City", "MilitaryBase") and places and rng.random() < 0.7:
            kb.add((e[0], NZ.locatedIn, rng.choice(places)[0]))
        if e[1] == "Country" and rng.random() < 0.3:
            regions = [p for p in places if p[1] == "Region"]
            if regions:
                kb.add((e[0], NZ.partOf, rng.choice(regions)[0]))

    # preferential attachment: each new entity relates to an earlier one chosen by degree
    pairs = []  # (subject, object); the first n_nodes - 1 connect every entity
    weight = [1.0] * n_nodes
    for i in range(1, n_nodes):
        j = rng.choices(range(i), weights=weight[:i])[0]
        pairs.append((i, j) if rng.random() < 0.5 else (j, i))
        weight[i] += 1
        weight[j] += 1
    for _ in range(int(0.6 * n_nodes)):
        a, b = rng.choices(range(n_nodes), weights=weight, k=2)
        if a != b:
            pairs.append((a, b))
    outlets = [e for e in ents if e[1] == "NewsOrganization"] or ents[:1]
    n_articles = max(1, len(pairs) // 12)
    docs = []
    for k in range(n_articles):
        sha = hashlib.sha1(f"{seed}/{k}".encode()).hexdigest()
        doc = URIRef("https://w3id.org/nufuz/doc/" + sha)
        g = ds.graph(doc)
        year = 2001 + rng.randrange(23)
        g.add((doc, RDF.type, SCHEMA.NewsArticle))
        g.add((doc, SCHEMA.headline, Literal(f"خبر رقم {k} عن {_name(rng, 3)[0]}", lang="ar")))
        g.add((doc, DCTERMS.source, Literal(f"https://news.example.org/{year}/{k}.html")))
        g.add((doc, SCHEMA.datePublished,
               Literal(f"{year}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}",
                       datatype=XSD.date)))
        docs.append((doc, g, sha, year))
    counter = [0] * n_articles
    for pno, (a, b) in enumerate(pairs):
        di = rng.randrange(n_articles)
        doc, g, sha, year = docs[di]
        s, o = ents[a], ents[b]
        pred = _weighted(rng, PRED_MIX)
        for _ in range(1 + (rng.random() < 0.25)):     # some facts said twice
            mode = _weighted(rng, MODES)
            if pred.startswith("seeks"):
                mode = "intended"
            elif mode == "negated" and pno < n_nodes - 1:
                mode = "asserted"  # keep every entity in a truthy edge
            k = counter[di]
            counter[di] += 1
            st = NZR[f"statement/{sha}/{k}"]
            g.add((st, RDF.type, NZ.Statement))
            g.add((st, RDF.type, RDF.Statement))
            g.add((st, RDF.subject, s[0]))
            g.add((st, RDF.predicate, NZ[pred]))
            g.add((st, RDF.object, o[0]))
            g.add((st, NZ.mode, Literal(mode)))
            g.add((st, NZ.evidence, Literal(
                f"وقال مسؤول إن {s[2]} {_name(rng, 2)[0]} مع {o[2]} في إطار {_name(rng, 3)[0]} "
                f"الذي أعلن عنه في العاصمة أمس بحسب مصادر مطلعة.", lang="ar")))
            g.add((st, NZ.charStart, Literal(100 * k, datatype=XSD.integer)))
            g.add((st, NZ.charEnd, Literal(100 * k + 90, datatype=XSD.integer)))
            g.add((st, NZ.confidence, Literal(f"{0.5 + rng.random() / 2:.3f}", datatype=XSD.decimal)))
            g.add((st, NZ.ploverCategory, Literal("CONSULT")))
            if rng.random() < 0.3:
                g.add((st, NZ.date, Literal(str(year - rng.randrange(5)), datatype=XSD.gYear)))
            if rng.random() < 0.2:
                g.add((st, NZ.reportedBy, rng.choice(outlets)[0]))
            g.add((st, PROV.wasDerivedFrom, doc))
            if mode != "negated":
                g.add((s[0], NZ[pred], o[0]))
            for e in (s, o):
                g.add((doc, SCHEMA.mentions, e[0]))
    return ds


def _measure(browser, url: str) -> dict:
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    blocked = []
    errors = []

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)
    page = ctx.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(url, wait_until="commit", timeout=120_000)
    end = time.monotonic() + 120
    while not page.evaluate("() => !!(window.nzExplorer && window.nzExplorer.ready)"):
        if time.monotonic() > end:
            raise RuntimeError("explorer not ready after 120 s")
        time.sleep(0.01)
    res = page.evaluate("""async () => {
        const X = window.nzExplorer, net = X.network;
        const nav = performance.getEntriesByType('navigation')[0];
        const labels = X.labelBoxes.length;   // drawn in the first view
        const frame = () => new Promise(ok => { net.once('afterDrawing', ok); net.redraw(); });
        let t = performance.now();
        await frame();
        const frameMs = performance.now() - t;
        const hub = X.data.nodes.reduce((a, n) => (n.pr > a.pr ? n : a), X.data.nodes[0]);
        t = performance.now();
        X.focusByName(hub.en);
        await frame();
        const searchMs = performance.now() - t;
        t = performance.now();
        const c = document.getElementById('nz-conf');
        c.value = '0.8';
        c.dispatchEvent(new Event('input'));
        await frame();
        const filterMs = performance.now() - t;
        // the filter changed what is shown: the page re-lays it out (after a 120 ms pause
        // that lets a dragged slider settle) and draws it
        await new Promise(ok => { const poll = () => (X.layoutPending ? setTimeout(poll, 5) : ok()); poll(); });
        const relayoutMs = performance.now() - t;
        // interactive: drawn with the final layout AND the document's load handlers done
        return {dom: nav.domContentLoadedEventEnd,
                ready: Math.max(X.readyAt, nav.domContentLoadedEventEnd), frame: frameMs,
                search: searchMs, filter: filterMs, relayout: relayoutMs, nodes: X.data.nodes.length,
                edges: X.data.edges.length, shown: X.visibleCounts().nodes,
                labels: labels};
    }""")
    ctx.close()
    if blocked or errors:
        raise RuntimeError(f"requests {blocked[:3]} / errors {errors[:3]}")
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    ap.add_argument("--runs", type=int, default=3, help="page loads per size (median)")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--keep", type=Path, help="keep the generated pages in this folder")
    a = ap.parse_args()

    from playwright.sync_api import sync_playwright

    from visualizations.explorer import explorer_data
    from visualizations.html import page_html, write_page

    out = a.keep or Path(tempfile.mkdtemp(prefix="nufuz-bench-"))
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=a.chromium, headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-extensions", "--no-first-run"])
        for n in a.sizes:
            ds = synthetic_dataset(n)
            t0 = time.perf_counter()
            model = explorer_data(ds, title=f"synthetic {n}")
            page = page_html(model)
            write_s = time.perf_counter() - t0
            path = write_page(page, out / f"explorer-{n}.html")
            runs = [_measure(browser, path.as_uri()) for _ in range(a.runs)]
            med = {k: statistics.median(r[k] for r in runs)
                   for k in ("dom", "ready", "frame", "search", "filter", "relayout")}
            first = "physics" if model["physics"] else "precomputed"
            if model["overview"]:
                first = f"overview: {runs[0]['shown']} shown, {runs[0]['labels']} labels"
            rows.append((n, runs[0]["nodes"], runs[0]["edges"], len(model["statements"]),
                         path.stat().st_size / 1e6, first, write_s, med))
            print(f"{n}: ready {med['ready']:.0f} ms", file=sys.stderr, flush=True)
        browser.close()
        version = browser.version

    print(f"\nChromium {version}, headless, software rendering; median of {a.runs} loads\n")
    print("| nodes | edges | statements | page MB | first view | write s | DOM ms | ready ms "
          "| search ms | filter ms | re-layout ms | frame ms |")
    print("|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for n, nodes, edges, sts, mb, first, write_s, m in rows:
        print(f"| {nodes:,} | {edges:,} | {sts:,} | {mb:.1f} | {first} | {write_s:.1f} | "
              f"{m['dom']:.0f} | {m['ready']:.0f} | {m['search']:.0f} | {m['filter']:.0f} | "
              f"{m['relayout']:.0f} | {m['frame']:.0f} |")
    if not a.keep:
        print(f"\n(pages in {out})")


if __name__ == "__main__":
    main()
