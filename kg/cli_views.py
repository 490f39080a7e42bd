"""``nufuz`` commands of the analysts' and students' side (view, report, export);
registered on :data:`kg.cli_common.app` when :mod:`kg.cli` imports this module."""


# ============================================================ report / export (analytics side)
# Commands ``nufuz report`` and ``nufuz export``: kg/analytics.py, visualizations/report.py,
# visualizations/export.py.

from contextlib import contextmanager as _contextmanager  # noqa: E402
from pathlib import Path as _Path  # noqa: E402
from typing import Annotated as _Annotated, Optional as _Optional  # noqa: E402

import typer as _typer  # noqa: E402

from kg.cli_common import app as _app  # noqa: E402


@_contextmanager
def _no_gc_passes():
    """No cyclic garbage collection inside (restored after): ``report`` and ``view`` build
    hundreds of thousands of small objects that live until the page is written (the index,
    the model), and the collector's passes over them cost about an eighth of the CPU time
    of an ego view of a large store (1.2 of 9.5 CPU-s); what they free is freed by
    reference counting, and the command ends soon after."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _analytics_fail(msg: str) -> None:
    from kg.cli_common import _fail

    _fail(msg)


def _check_input(store: _Optional[_Path], data: _Optional[_Path], *outputs: _Path) -> None:
    """One of ``--store DIR`` and ``FILE``, and ``outputs`` (the files the command will write)
    neither inside the store's folder nor the input file, or a one-line error + exit 1."""
    if store is not None and data is not None:
        _analytics_fail("give either --store DIR or a dataset FILE, not both")
    if store is None and data is None:
        _analytics_fail("no input: give a built dataset FILE (.trig, .nq, .ttl, .jsonld) or --store DIR")
    if store is not None and not store.is_dir():
        _analytics_fail(f"{store}: is a file, not a store directory" if store.exists()
                        else f"{store}: no such store directory")
    if data is not None and data.is_dir():
        _analytics_fail(f"{data}: is a directory, not a dataset file (for a store: --store {data})")
    for path in outputs:
        _file_output(path)
        where = path.resolve()
        if store is not None and (where == store.resolve() or store.resolve() in where.parents):
            _analytics_fail(f"{path}: inside the store {store}: write the output elsewhere")
        if data is not None and where == data.resolve():
            _analytics_fail(f"{path}: is the input dataset: write the output elsewhere")


def _file_output(path: _Path) -> None:
    """A one-line error + exit 1 when an output path names a directory (``-o ""`` is ``.``)."""
    if not path.name or path.is_dir():
        _analytics_fail(f"{path}: is a directory: give a file name (-o DIR/NAME)")


def _store_fail(store: _Path, e: Exception) -> None:
    msg = str(e).splitlines()[0] if str(e) else "cannot open the store"
    _analytics_fail(msg if str(store) in msg else f"{store}: {msg}")


def _open_input_store(store: _Path):
    """The store of ``--store DIR``, opened read-only, or a one-line error + exit 1."""
    from kg.store import StoreError, open_store

    try:
        return open_store(store, read_only=True)
    except StoreError as e:
        _store_fail(store, e)


def _store_query(store: _Path, query, not_found: type[Exception] | tuple = ()):
    """``query(store)`` on the store of ``--store DIR`` opened read-only (closed after): its
    result, or a one-line error + exit 1 when the store fails or ``not_found`` (an exception
    class or a tuple of them; none by default) is raised (an unknown region or focus)."""
    from kg.store import StoreError

    st = _open_input_store(store)
    try:
        return query(st)
    except not_found as e:
        _analytics_fail(str(e))
    except StoreError as e:
        _store_fail(store, e)
    finally:
        st.close()


def _analytics_input(store: _Optional[_Path], data: _Optional[_Path]):
    """The dataset of ``--store DIR`` or ``FILE`` (one of them), or a one-line error + exit 1."""
    _check_input(store, data)
    if store is not None:
        from kg.store import StoreError

        st = _open_input_store(store)
        try:
            return st.dataset()
        except StoreError as e:
            _store_fail(store, e)
        finally:
            st.close()
    from kg.evaluate import DataError, load_data

    try:
        return load_data([data])
    except DataError as e:
        _analytics_fail(str(e))


@_app.command("report")
def report_cmd(
    data: _Annotated[_Optional[_Path], _typer.Argument(
        metavar="[FILE]", help="A built dataset (.trig, .nq, .ttl, .jsonld); or use --store.",
        show_default=False)] = None,
    region: _Annotated[str, _typer.Option(
        "--region", "-r", help='Region or country: Arabic or English name, id or IRI (e.g. "Central Asia", "آسيا الوسطى").')] = ...,
    out_path: _Annotated[_Optional[_Path], _typer.Option(
        "--out", "-o", help="Output path without suffix: writes PATH.md and PATH.html (default: report-<region id>).",
        show_default=False)] = None,
    store: _Annotated[_Optional[_Path], _typer.Option(
        "--store", help="Read an Oxigraph store directory instead of a FILE.", show_default=False)] = None,
    min_confidence: _Annotated[float, _typer.Option(
        "--min-confidence", min=0.0, max=1.0, help="Ignore statements below this confidence (0..1).")] = 0.0,
    fold: _Annotated[bool, _typer.Option(
        "--fold/--no-fold", help="Count a leader's and a country's armed forces' statements for the country.")] = True,
    quiet: _Annotated[bool, _typer.Option("--quiet", "-q", help="Print only the output paths.")] = False,
) -> None:
    """Write the influence report of a region (students' view) as Markdown and HTML.

    Per actor: what it holds, seeks, withdrew from and opposes in the region and the places
    inside it (KB partOf/locatedIn), with years, statement counts and the evidence
    sentences with their sources; the HTML page adds a bar chart and needs no network.
    """
    with _no_gc_passes():
        _report(data, region, out_path, store, min_confidence, fold, quiet)


def _report(data, region, out_path, store, min_confidence, fold, quiet) -> None:
    """The body of :func:`report_cmd`."""
    from kg.analytics import UnknownEntityError, read_graph
    from kg.cli_common import out, printable
    from visualizations.report import write_report

    if out_path is not None:
        _file_output(out_path)
    _check_input(store, data, *(() if out_path is None else
                                (out_path.with_suffix(x) if out_path.suffix in (".md", ".html")
                                 else out_path.with_name(out_path.name + x) for x in (".md", ".html"))))
    if store is not None:  # only the region's statements, by queries (kg/analytics_store.py)
        from kg.analytics_store import region_index

        idx, region = _store_query(store, lambda st: region_index(st, region, fold=fold), UnknownEntityError)
    else:
        idx = read_graph(_analytics_input(store, data))
    if out_path is None:
        from kg.analytics import resolve_entity
        from kg.namespaces import entity_id_of

        try:
            rid = entity_id_of(resolve_entity(idx, region)) or "region"
        except UnknownEntityError as e:
            _analytics_fail(str(e))
        out_path = _Path("report-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in rid))
    try:
        md, page, summary = write_report(idx, region, out_path, fold=fold, min_confidence=min_confidence)
    except UnknownEntityError as e:
        _analytics_fail(str(e))
    except OSError as e:
        _analytics_fail(f"{out_path}: cannot write the report: {e.strerror or e}")
    if not quiet:
        from rich.markup import escape as _escape

        name = _escape(summary.label_en or summary.label_ar)
        out.print(f"[bold]{name}[/bold]: {len(summary.actors)} actor(s), "
                  f"{len(summary.places)} place(s), {summary.articles} article(s)", markup=True, soft_wrap=True)
        for line in summary.lines():
            out.print("  " + line, markup=False, soft_wrap=True)
    out.print(printable(md), markup=False, highlight=False, soft_wrap=True)
    out.print(printable(page), markup=False, highlight=False, soft_wrap=True)


@_app.command("export")
def export_cmd(
    data: _Annotated[_Optional[_Path], _typer.Argument(
        metavar="[FILE]", help="A built dataset (.trig, .nq, .ttl, .jsonld); or use --store.",
        show_default=False)] = None,
    fmt: _Annotated[_Optional[str], _typer.Option(
        "--format", "-f", help="graphml, gexf, csv (one row per statement) or jsonld (default: from the -o suffix).",
        show_default=False)] = None,
    out_path: _Annotated[_Optional[_Path], _typer.Option(
        "--out", "-o", help="Output file (default: export.<format>).", show_default=False)] = None,
    store: _Annotated[_Optional[_Path], _typer.Option(
        "--store", help="Read an Oxigraph store directory instead of a FILE.", show_default=False)] = None,
    kb: _Annotated[bool, _typer.Option(
        "--kb/--no-kb", help="GraphML/GEXF: also the knowledge-base background facts as edges (kb=true).")] = False,
) -> None:
    """Export the graph as GraphML, GEXF, a CSV of statements or JSON-LD.

    GraphML/GEXF (Gephi, Cytoscape): entities with ar/en labels and class, one typed edge
    per truthy predicate with statement count and dates. CSV (pandas, spreadsheets): one row
    per statement. From --store they are read as text with SPARQL, and JSON-LD is the store
    streamed by Oxigraph (expanded: IRIs written whole). The file is written atomically.
    """
    from kg.cli_common import out, printable
    from visualizations.export import FORMATS, ExportError, write_export

    if fmt is None:
        suffix = out_path.suffix.lower().lstrip(".") if out_path is not None else ""
        fmt = {"json": "jsonld", "json-ld": "jsonld"}.get(suffix, suffix)
        if not fmt:
            _analytics_fail(f"give --format ({', '.join(FORMATS)}) or an output file with one of their suffixes")
    fmt = fmt.lower().replace("-", "")
    if fmt not in FORMATS:
        _analytics_fail(f"unknown export format {fmt!r} (expected one of: {', '.join(FORMATS)})")
    if out_path is None:
        out_path = _Path("export" + FORMATS[fmt])
    _check_input(store, data, out_path)
    if store is not None and fmt == "jsonld":  # the whole store, streamed by Oxigraph
        path = _store_query(store, lambda st: st.dump(out_path, "jsonld"))
        out.print(printable(path), markup=False, highlight=False, soft_wrap=True)
        return
    if store is not None:  # what the export writes, read as text from the store
        from kg.analytics_store import export_index

        ds = _store_query(store, export_index)
    else:
        ds = _analytics_input(store, data)
    try:
        path = write_export(ds, fmt, out_path, include_kb=kb)
    except ExportError as e:
        _analytics_fail(str(e))
    except OSError as e:
        _analytics_fail(f"{out_path}: cannot write: {e.strerror or e}")
    out.print(printable(path), markup=False, highlight=False, soft_wrap=True)


# ============================================================ view (explorer side)
# Command ``nufuz view``: visualizations/explorer.py (model), visualizations/html.py (page).

#: ``nufuz view --max-entities``: a view shows at most this many entities (an ego view the
#: nearest first: :func:`visualizations.explorer.ego_entities`; a view without a focus those
#: with the most article edges: :func:`visualizations.explorer.overview_entities`), as many
#: as the page lays out with physics (:data:`visualizations.explorer.PHYSICS_MAX_NODES`).
#: The ego view of a hub 2 hops out in a month of one country's press holds 1,415 entities
#: (Iran in the 28,000 articles of SaudiNewsNet); 1 hop, 143 (Iran) and 212 (Saudi Arabia);
#: the whole month, 5,528.
VIEW_MAX_ENTITIES = 300
#: ``nufuz view --max-evidence``: the statements of a relation written into the page with
#: their evidence sentence, in the page's order (by date); the others are in the page without
#: it (counted, filtered, dated, in the timeline; the panels say how many). The relation of
#: Iran and Saudi Arabia in that month has 1,919 statements; half the relations have one.
VIEW_MAX_EVIDENCE = 20


@_app.command("view")
def view_cmd(
    data: _Annotated[_Optional[_Path], _typer.Argument(
        metavar="[FILE]", help="A built dataset (.trig, .nq, .ttl, .jsonld); or use --store.",
        show_default=False)] = None,
    focus: _Annotated[_Optional[str], _typer.Option(
        "--focus", help='Ego view around this entity: Arabic or English name, id or IRI (e.g. "Russia", "روسيا", nzr:russia).',
        show_default=False)] = None,
    hops: _Annotated[int, _typer.Option(
        "--hops", min=0, help="Ego view radius, in relations (with --focus).")] = 2,
    out_path: _Annotated[_Path, _typer.Option(
        "--out", "-o", help="Output HTML file.")] = _Path("view.html"),
    store: _Annotated[_Optional[_Path], _typer.Option(
        "--store", help="Read an Oxigraph store directory instead of a FILE.", show_default=False)] = None,
    title: _Annotated[_Optional[str], _typer.Option(
        "--title", help="Page title (default: from the focus or the number of articles).",
        show_default=False)] = None,
    max_entities: _Annotated[int, _typer.Option(
        "--max-entities", min=0,
        help="At most this many entities: in an ego view the nearest first (of the farthest "
             "hop shown, those with the most relations to the nearer ones); without --focus "
             "those with the most relations (0: no limit).")] = VIEW_MAX_ENTITIES,
    max_evidence: _Annotated[int, _typer.Option(
        "--max-evidence", min=0,
        help="Statements of a relation written with their evidence, by date; the others are "
             "counted, filtered and dated without it, and the page says how many (0: no limit).")] = VIEW_MAX_EVIDENCE,
    quiet: _Annotated[bool, _typer.Option("--quiet", "-q", help="Print only the output path.")] = False,
) -> None:
    """Write the graph explorer: one offline HTML page with search, filters and evidence.

    Without --focus the whole graph, at most --max-entities of it (those with the most
    relations); with it, the entities within --hops relations of the focus (at most
    --max-entities, the nearest first). In the page: search by Arabic or English name, filter by
    predicate, entity class, article, outlet, dates and confidence, switch labels ar/en,
    colour by class or community, and click an entity or a relation for its statements and
    evidence (the first --max-evidence of each relation; the page counts the others).
    """
    with _no_gc_passes():
        _view(data, focus, hops, out_path, store, title, quiet, max_entities or None, max_evidence or None)


def _view(data, focus, hops, out_path, store, title, quiet, max_entities=None, max_evidence=None) -> None:
    """The body of :func:`view_cmd`."""
    from kg.analytics import headline_counts, read_graph
    from kg.cli_common import out, printable
    from visualizations.explorer import FocusNotFound, explorer_data
    from visualizations.html import page_html, write_page

    if focus is not None and not focus.strip():
        _analytics_fail("--focus is empty: give an entity name, id or IRI")
    _check_input(store, data, out_path)
    if store is not None and focus is not None:
        # an ego view of a store: the neighbourhood only, by queries (kg/analytics_store.py)
        from kg.analytics_store import ego_index

        idx, focus = _store_query(store, lambda st: ego_index(st, focus, hops, max_entities), FocusNotFound)
    elif store is not None:
        # the whole store: every relation, the rest of the entities shown only (by queries)
        from kg.analytics_store import overview_index

        idx = _store_query(store, lambda st: overview_index(st, max_entities))
    else:
        idx = read_graph(_analytics_input(store, data))
    try:
        model = explorer_data(idx, title=title or "nufuz", focus=focus, hops=hops,
                              max_entities=max_entities, max_evidence=max_evidence, clean=False)
    except FocusNotFound as e:
        _analytics_fail(str(e))
    if title is None:
        c = model["counts"]
        if model["focus"]:
            e = idx.entity(model["focus"])
            name = " · ".join(x for x in dict.fromkeys((e.label_ar, e.label_en)) if x) or e.id
            model["title"] = f"nufuz: {name} ({hops} hop{'s' if hops != 1 else ''})"
        else:  # articles read, as in the header and the build summary
            n = model["headline"]["articles"]
            model["title"] = f"nufuz: {n:,} article{'s' if n != 1 else ''}"
    try:
        path = write_page(page_html(model), out_path)
    except OSError as e:
        _analytics_fail(f"{out_path}: cannot write: {e.strerror or e}")
    if not quiet:
        c = model["counts"]
        out.print(headline_counts(idx).line(), markup=False, highlight=False, soft_wrap=True)
        out.print(f"graph: {c['entities']} entities in relations, {c['relations']} relations, "
                  f"{c['background']} background facts"
                  + (" (physics layout)" if model["physics"] else " (precomputed layout)"),
                  markup=False, highlight=False, soft_wrap=True)
        left = model.get("omitted") or {}
        if left.get("entities"):
            where = (f"within {hops} hop{'s' if hops != 1 else ''}" if model["focus"]
                     else "in relations, those with the most relations kept")
            out.print(f"left out: {left['entities']:,} of the {left['within']:,} entities {where} "
                      f"(--max-entities {max_entities})", markup=False, highlight=False, soft_wrap=True)
        if left.get("evidence"):
            out.print(f"in the page without their evidence: {left['evidence']:,} of {len(model['statements']):,} "
                      f"statements (--max-evidence {max_evidence} per relation)",
                      markup=False, highlight=False, soft_wrap=True)
    out.print(printable(path), markup=False, highlight=False, soft_wrap=True)


# ============================================================ paths (analytics side)
# Command ``nufuz paths``: kg/paths.py.


@_app.command("paths")
def paths_cmd(
    source: _Annotated[str, _typer.Argument(
        metavar="FROM", help='First actor: Arabic or English name, id or IRI (e.g. "Russia", "روسيا").',
        show_default=False)],
    target: _Annotated[str, _typer.Argument(
        metavar="TO", help="Second actor, named the same way.", show_default=False)],
    data: _Annotated[_Optional[_Path], _typer.Option(
        "--data", "-d", help="A built dataset (.trig, .nq, .ttl, .jsonld); or use --store.",
        show_default=False)] = None,
    store: _Annotated[_Optional[_Path], _typer.Option(
        "--store", help="Read an Oxigraph store directory instead of --data FILE.", show_default=False)] = None,
    max_paths: _Annotated[int, _typer.Option(
        "--max", "-n", min=1, help="At most this many chains (all of the shortest length).")] = 3,
    max_hops: _Annotated[_Optional[int], _typer.Option(
        "--max-hops", min=1, help="Give up beyond this many hops (default: no limit).",
        show_default=False)] = None,
    evidence: _Annotated[int, _typer.Option(
        "--evidence", min=0, help="Evidence sentences printed per hop.")] = 1,
) -> None:
    """The shortest chains of statements between two actors, each hop with its evidence.

    The article relations are searched in either direction; each hop prints the relation
    as stated (subject, predicate, object), the number of statements behind it, and its
    evidence sentences with their source article (kg/paths.py).
    """
    from kg.analytics import UnknownEntityError, read_graph
    from kg.cli_common import out
    from kg.paths import NoPathError, article_of, shortest_paths

    resolved = None
    if store is not None:  # the relations, then what the chains found show (by queries)
        from kg.analytics_store import paths_index

        _check_input(store, data)
        idx, *resolved = _store_query(store, lambda st: paths_index(st, source, target, max_paths, max_hops),
                                      UnknownEntityError)
    else:
        idx = read_graph(_analytics_input(store, data))
    try:
        found = shortest_paths(idx, source, target, max_paths=max_paths, max_hops=max_hops,
                               resolved=resolved and tuple(resolved))
    except (UnknownEntityError, NoPathError) as e:
        _analytics_fail(str(e))
    first, last = found[0].entities[0], found[0].entities[-1]
    out.print(f"{len(found)} shortest chain(s) of {len(found[0])} hop(s) from {idx.label(first)} "
              f"to {idx.label(last)}", markup=False, highlight=False, soft_wrap=True)
    for n, path in enumerate(found, 1):
        out.print(f"\n{n}. " + " — ".join(idx.label(e) for e in path.entities),
                  markup=False, highlight=False, soft_wrap=True)
        for h, hop in enumerate(path.hops, 1):
            for k, link in enumerate(hop.links):
                out.print(f"   {h}{'.' if k == 0 else '+'} {link.text()} ({len(link.statements)} statement(s))",
                          markup=False, highlight=False, soft_wrap=True)
                for st in link.statements[:evidence if k == 0 else 0]:
                    art = article_of(idx, st)
                    where = " · ".join(x for x in (art.headline, art.date_published, art.source) if x)
                    out.print(f"      “{st.evidence}” [{st.mode}]" + (f" — {where}" if where else ""),
                              markup=False, highlight=False, soft_wrap=True)
