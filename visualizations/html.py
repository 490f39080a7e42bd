"""The graph explorer: one self-contained, offline HTML page of a nufuz dataset.

The page is for analysts: search an entity by its Arabic or English name, filter by
predicate, entity class, article, outlet, date range and confidence, switch labels between
Arabic and English, colour by class or community, size by a centrality, and click any
entity or relation to read every statement behind it with its evidence sentence (right to
left, subject and object highlighted), source and date. An ego view keeps only the
neighbourhood of one entity (``focus``/``hops``; ``nufuz view``). A large graph opens on
an overview of its most central entities (:data:`visualizations.explorer.OVERVIEW_NODES`),
labels are drawn by the page and culled where they collide, a time slider with a histogram
of the statements sets the date range, the view's state is kept in the URL hash, and the
statements shown export as CSV and the view as PNG, the shortest chain of relations
between two named entities is highlighted with each hop's evidence (as
:func:`kg.paths.shortest_paths` finds it), and a list view under the canvas (a table of the
entities shown and the statements of the one chosen, reached by a skip link) serves the
keyboard and screen readers; ``<html lang dir>`` follows the label language; a map view
beside the graph draws the shown places that have a point on an offline world map, with
the presence and influence relations from the actor's country (see
``visualizations/explorer.js``).

How the page is made
--------------------
* The data is :func:`visualizations.explorer.explorer_data` (layout, centralities and
  communities precomputed with networkx), written as ONE JSON blob in
  ``<script type="application/json" id="nz-data">``.
* The drawing library is vis-network 9.1.2 as shipped inside pyvis 0.3.2 (read through
  pyvis' own template folder, so the version is pyvis'), inlined; the UI is
  ``visualizations/explorer.js`` and its style ``visualizations/explorer.css``, inlined.
  When some entity has a point (``schema:latitude``/``longitude``), the map view's country
  outlines (Natural Earth 1:110m, the npm package world-atlas 2.0.2, about 108 KB) and
  topojson-client 3.1.0 (7 KB) are inlined too, from ``visualizations/vendor/`` (how they
  were fetched: its README). No ``src``/``href`` points outside the file; the page makes
  no request.

Safety
------
* The JSON blob is written with ``<``, ``>``, ``&``, ``'``, U+2028 and U+2029 as ``\\uXXXX``
  escapes, so no data (``</script>`` in an article, say) can end its element; it is read
  with ``JSON.parse``, never executed.
* explorer.js puts data into the page only through ``textContent``/``createTextNode`` and
  vis-network string titles (rendered with ``innerText``): no data is parsed as HTML.
  Highlights are ``<mark>`` elements created with ``document.createElement`` around text
  nodes.
* The page carries a Content-Security-Policy: ``default-src 'none'``, scripts only by the
  SHA-256 of the inline scripts (two, three with the map) (no ``unsafe-inline``, so an injected ``<script>`` or
  ``onerror=`` attribute would not run even if it reached the DOM), no connections.
* The title is escaped with :func:`html.escape`.
* No bidirectional control character (U+200E/F, U+061C, U+202A–E, U+2066–9) of the data
  reaches the page (:func:`visualizations.bidi.strip_bidi_deep` over the whole model): an
  override in a headline or a URL cannot display it reversed. Each evidence sentence gets
  ``dir`` from its language tag (English left to right, Arabic right to left, per
  statement); source URLs become links only for http(s), with ``rel="noopener noreferrer"``.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from html import escape
import importlib.util
from importlib import resources
from pathlib import Path

from kg.atomic import atomic_write
from visualizations.bidi import has_bidi, strip_bidi_deep
from visualizations.explorer import (
    CLASS_STYLES, PREDICATE_GROUPS, FocusNotFound, explorer_data,
)

__all__ = ["CLASS_STYLES", "PREDICATE_GROUPS", "FocusNotFound", "page_html", "render_html",
           "script_json", "write_html", "write_page"]

_VIS_JS = "lib/vis-9.1.2/vis-network.min.js"
#: The map's country outlines (Natural Earth 1:110m via the npm package world-atlas) and
#: their reader (npm topojson-client), vendored: see visualizations/vendor/README.md.
_ATLAS = "vendor/world-atlas-2.0.2/countries-110m.json"
_TOPOJSON = "vendor/topojson-client-3.1.0/topojson-client.min.js"
_VIS_CSS = "lib/vis-9.1.2/vis-network.css"
_REMOTE_REF_RE = re.compile(r"\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE)
_SOURCE_MAP_RE = re.compile(r"//# sourceMappingURL=\S+")
#: What follows the attribute name in :data:`_REMOTE_REF_RE` (a literal ``=`` first: Python's
#: ``re`` finds it fast, where the whole expression tries every position of the page).
_REMOTE_REF_TAIL = re.compile(r"=\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE)


def _remote_ref(page: str) -> re.Match | None:
    """The first match of :data:`_REMOTE_REF_RE` in ``page`` (None if none), found from the
    ``=`` of each match of its tail: the attribute name ends where the spaces before that
    ``=`` begin (0.3 CPU-s less on a page of 14 MB)."""
    m = _REMOTE_REF_TAIL.search(page)
    while m:
        k = m.start()
        while k > 0 and page[k - 1].isspace():  # (str.isspace is re's \s)
            k -= 1
        for name in (3, 4):  # src, href
            if k >= name:
                hit = _REMOTE_REF_RE.match(page, k - name)
                if hit:
                    return hit
        m = _REMOTE_REF_TAIL.search(page, m.start() + 1)
    return None


def script_json(obj) -> str:
    """JSON text that is safe inside an inline ``<script>`` element.

    Parameters
    ----------
    obj : object
        Anything :func:`json.dumps` accepts.

    Returns
    -------
    str
        Compact JSON, non-ASCII kept as UTF-8, with ``<``, ``>``, ``&``, ``'``, U+2028 and
        U+2029 written as ``\\uXXXX`` escapes (still valid JSON), so the text can contain
        neither ``</script>`` nor ``<!--``.

    Examples
    --------
    >>> script_json({"ev": "</script><b>"})
    '{"ev":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for ch, rep in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, rep)
    return text


def _vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS as bundled in pyvis (the files of its template
    folder, read as its template environment reads them: UTF-8 text; the package is found,
    not imported: importing pyvis costs 0.3 CPU-s, through IPython)."""
    found = importlib.util.find_spec("pyvis")
    if found is None or not found.submodule_search_locations:
        raise RuntimeError("pyvis is not installed: it ships the vis-network files the page inlines")
    folder = Path(list(found.submodule_search_locations)[0]) / "templates"
    js = (folder / _VIS_JS).read_text(encoding="utf-8")
    css = (folder / _VIS_CSS).read_text(encoding="utf-8")
    # the source-map hint would make devtools fetch a .map file
    return _SOURCE_MAP_RE.sub("", js), _SOURCE_MAP_RE.sub("", css)


def _asset(name: str) -> str:
    path = resources.files("visualizations")
    for part in name.split("/"):
        path = path / part
    return path.read_text(encoding="utf-8")


def _has_map(data: dict) -> bool:
    """Whether the page gets the map view: some entity has a point (``ll``)."""
    return any("ll" in n for n in data.get("nodes") or ())


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _no_script_end(code: str, what: str) -> str:
    if re.search(r"</script", code, re.IGNORECASE):
        raise RuntimeError(f"{what} contains '</script' and cannot be inlined")
    return code


def page_html(data: dict) -> str:
    """The explorer page of an explorer model, as a string.

    Parameters
    ----------
    data : dict
        The model of :func:`visualizations.explorer.explorer_data` (its ``title`` is the
        page title). Bidirectional control characters are removed from all its strings.

    Returns
    -------
    str
        The HTML document.

    Raises
    ------
    RuntimeError
        If an inlined asset would end its element early, or the page would reference a
        remote resource.
    """
    blob = script_json(data)
    if has_bidi(blob):  # a control character somewhere (JSON keeps them as they are): clean a copy
        data = strip_bidi_deep(data)
        blob = script_json(data)
    title = str(data.get("title") or "nufuz graph")
    vis_js, vis_css = _vis_assets()
    ui_js = _no_script_end(_asset("explorer.js"), "explorer.js")
    ui_css = _asset("explorer.css")
    vis_js = _no_script_end(vis_js, "vis-network")
    map_on = _has_map(data)
    topo_js = _no_script_end(_asset(_TOPOJSON), "topojson-client") if map_on else ""
    scripts = [vis_js] + ([topo_js] if map_on else []) + [ui_js]
    csp = ("default-src 'none'; "
           f"script-src {' '.join(_sha256(x) for x in scripts)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; "
           "connect-src 'none'; base-uri 'none'; form-action 'none'")
    page = (
        "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"nufuz (vis-network 9.1.2 via pyvis)\">\n"
        f"<title>{escape(title)}</title>\n"
        f"<style>\n{vis_css}\n</style>\n<style>\n{ui_css}\n</style>\n</head>\n<body>\n"
        "<a class=\"nz-skip\" href=\"#nz-list-summary\">Skip to the list of entities and statements</a>\n"
        f"<header id=\"nz-header\"><h1 dir=\"auto\">{escape(title)}</h1>"
        "<span id=\"nz-counts\" tabindex=\"0\"></span></header>\n"
        "<div id=\"nz-main\">\n<aside id=\"nz-controls\" aria-label=\"search, path, view, filters, legend\"></aside>\n"
        "<div id=\"nz-centre\">\n<div id=\"nz-stage\">\n"
        "<div id=\"nz-network\" role=\"img\" aria-label=\"network of entities and relations\"></div>\n"
        + ("<div id=\"nz-map\" hidden></div>\n" if map_on else "") + "</div>\n"
        "<details id=\"nz-list\"><summary id=\"nz-list-summary\">List view: entities and statements</summary></details>\n"
        "</div>\n<aside id=\"nz-panel\" aria-label=\"statements\" aria-live=\"polite\"></aside>\n</div>\n"
        "<script type=\"application/json\" id=\"nz-data\">" + blob + "</script>\n"
        + ("<script type=\"application/json\" id=\"nz-atlas\">"
           + script_json(json.loads(_asset(_ATLAS))) + "</script>\n" if map_on else "")
        + "".join(f"<script>{x}</script>\n" for x in scripts) + "</body>\n</html>\n"
    )
    remote = _remote_ref(page)
    if remote:
        raise RuntimeError("HTML references a remote resource near: "
                           + page[max(0, remote.start() - 60):remote.end() + 60])
    return page


def render_html(ds, title: str = "nufuz graph", focus: str | None = None, hops: int = 2) -> str:
    """The explorer page of a dataset, as a string.

    Parameters
    ----------
    ds : rdflib.Dataset, rdflib.Graph or kg.analytics.GraphIndex
        A nufuz dataset (see :func:`visualizations.explorer.explorer_data`).
    title : str
        Page title and header (escaped).
    focus : str, optional
        Ego view centred on this entity (Arabic or English name, ``nzr:`` id or IRI).
    hops : int
        Radius of the ego view, in relations.

    Returns
    -------
    str
        The HTML document.

    Raises
    ------
    FocusNotFound
        When ``focus`` names no entity with a relation in an article.
    RuntimeError
        See :func:`page_html`.
    """
    return page_html(explorer_data(ds, title=title, focus=focus, hops=hops))


def write_page(page: str, path: str | Path) -> Path:
    """Write an HTML page atomically (temporary file in the same folder, then rename).

    Parameters
    ----------
    page : str
        The document.
    path : str or pathlib.Path
        Output file, UTF-8; parent folders are created; an existing file keeps its mode.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    OSError
        If the file cannot be written (no temporary file is left behind).
    """
    path = Path(path)
    return atomic_write(path, page)


def write_html(ds, path: str | Path, title: str = "nufuz graph", focus: str | None = None,
               hops: int = 2) -> Path:
    """Write the explorer page of a dataset (the ``graph.html`` of ``nufuz build``).

    Parameters
    ----------
    ds : rdflib.Dataset, rdflib.Graph or kg.analytics.GraphIndex
        A nufuz dataset.
    path : str or pathlib.Path
        Output file; parent directories are created. Written atomically (a temporary file
        in the same directory, then :func:`os.replace`), UTF-8.
    title : str, optional
        Page title and header (escaped).
    focus : str, optional
        Ego view centred on this entity (Arabic or English name, ``nzr:`` id or IRI).
    hops : int, optional
        Radius of the ego view, in relations (default 2).

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    FocusNotFound
        When ``focus`` names no entity with a relation in an article (nothing is written).
    RuntimeError
        See :func:`render_html`.
    OSError
        If the file cannot be written.
    """
    return write_page(render_html(ds, title=title, focus=focus, hops=hops), path)
