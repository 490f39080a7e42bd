"""Make the explorer screenshots of the README (docs/explorer*.png) from a seed+corpus build.

    nufuz build examples/ar ../shared/corpus/ar --out /tmp/v5
    python docs/explorer_screenshots.py /tmp/v5/graph.trig --only explorer.png explorer-ego.png

The map (docs/explorer-map.png) is taken on one day of SaudiNewsNet:

    nufuz build ../shared/corpus/snn/snn_2015-08-10.jsonl --out /tmp/snn --trig-only
    python docs/explorer_screenshots.py /tmp/snn/graph.trig --only explorer-map.png \
        --title "SaudiNewsNet 2015-08-10 (1,627 articles)"

Needs playwright-python and Chromium (/usr/bin/chromium, or --chromium PATH); no network.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHOTS = [
    # (file, view arguments, script run once the page is ready)
    ("explorer.png", {}, """() => {
        const X = nzExplorer, N = X.data.nodes;
        const j = X.data.edges.findIndex(e => !e.kb && e.p === 'opposes' && N[e.f].en === 'Russia'
                                            && N[e.t].en === 'United States');
        X.network.fit({animation: false});
        const p = X.network.getPositions([N[X.data.edges[j].f].id, N[X.data.edges[j].t].id]);
        const [a, b] = Object.values(p);
        X.network.moveTo({position: {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2},
                          scale: X.network.getScale() * 1.8, animation: false});
        X.network.setSelection({nodes: [], edges: ['e' + j]});
        X.showEdge(j);
    }"""),
    ("explorer-ego.png", {"focus": "Russia", "hops": 1}, """() => {
        const set = (id, v) => { const s = document.getElementById(id); s.value = v;
                                 s.dispatchEvent(new Event('change')); };
        set('nz-lang', 'ar');
        set('nz-colour', 'community');
        nzExplorer.network.fit({animation: false});
        nzExplorer.selectNode(nzExplorer.findNode('روسيا'), false);
    }"""),
    # the map view, on the Middle East, Yemen selected: the presence and influence
    # relations that reach it and its statements in the panel
    ("explorer-map.png", {}, """() => {
        nzExplorer.setView('map');
        nzExplorer.mapView({lon: 44, lat: 27, k: 15});
        nzExplorer.selectNode(nzExplorer.findNode('Yemen'), false);
    }"""),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path, help="graph.trig of a seed+corpus build")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--out", type=Path, default=ROOT / "docs")
    ap.add_argument("--only", nargs="+", metavar="FILE", help="make only these screenshots")
    ap.add_argument("--title", help="page title of the whole-graph shots")
    a = ap.parse_args()

    from playwright.sync_api import sync_playwright

    from kg.evaluate import load_data
    from visualizations.explorer import explorer_data
    from visualizations.html import page_html, write_page

    ds = load_data([a.data])
    tmp = Path(tempfile.mkdtemp(prefix="nufuz-shots-"))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=a.chromium, headless=True,
                                     args=["--headless", "--no-sandbox", "--disable-gpu",
                                           "--disable-background-networking"])
        for name, kw, script in SHOTS:
            if a.only and name not in a.only:
                continue
            title = (a.title or "nufuz: seed + corpus (11 articles)") if not kw else \
                f"nufuz view --focus {kw['focus']} --hops {kw['hops']}"
            page_path = write_page(page_html(explorer_data(ds, title=title, **kw)), tmp / (name + ".html"))
            ctx = browser.new_context(viewport={"width": 1400, "height": 860})
            ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
            page = ctx.new_page()
            page.goto(page_path.as_uri())
            while not page.evaluate("() => !!(window.nzExplorer && window.nzExplorer.ready)"):
                time.sleep(0.05)
            page.evaluate(script)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(a.out / name))
            ctx.close()
            print(a.out / name, (a.out / name).stat().st_size // 1024, "KB")
        browser.close()


if __name__ == "__main__":
    main()
