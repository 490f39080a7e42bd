"""The ``nufuz`` command line (typer).

Commands
--------
``nufuz build PATH... --out DIR``
    read articles (.txt, .html, .jsonl, folders of them), extract, write DIR/graph.trig,
    DIR/graph.ttl, DIR/graph.jsonld and DIR/graph.html, print a summary.
``nufuz extract PATH... [-o FILE]``
    write the extraction records (mentions with offsets, statements) as JSONL.
``nufuz validate FILE``
    run the SHACL shapes (ontology/shapes.ttl) over a built dataset.
``nufuz train-ner [--snn DIR] [--exclude DIR]... [--out DIR] [--seed N]``
    train the statistical Arabic name recogniser on silver labels (extractors/ner.py).
``nufuz eval --gold PATH [--lang ar|en] (--data FILE... | INPUTS...)``
    score a built dataset, or articles built in memory, against gold annotations
    (kg/evaluate.py, the rules of ../shared/eval/score.py).

The CLI orchestrates; it imports the extractors (and so spaCy) lazily inside ``build``, so
``kg``'s library modules stay free of spaCy.
"""
from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from extractors.text import BIDI_CONTROLS

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="nufuz: news articles -> an evidenced geopolitical knowledge graph (RDF + HTML).")
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


_BIDI_CONTROLS = frozenset(BIDI_CONTROLS)


def printable(text: object) -> str:
    r"""``text`` safe to print on a terminal: every character that is not printable is escaped.

    Control characters (newline, carriage return, tab, ESC of ANSI colour codes, C1
    controls), invisible format characters (bidi overrides and marks, zero-width joiners),
    unpaired surrogates (undecodable bytes of a file name) and other non-printable
    characters become their Python escape (``\n``, ``\x1b``, ``\u202e``), so a file name or a
    value can neither forge a second line nor recolour or reorder the terminal; letters of
    every script, spaces and backslashes stay as they are.

    Parameters
    ----------
    text : object
        A message, path or value (converted with ``str``).

    Returns
    -------
    str
        One line.

    Examples
    --------
    >>> print(printable("bad\nerror: forged.txt\x1b[31m"))
    bad\nerror: forged.txt\x1b[31m
    >>> printable("روسيا.txt")
    'روسيا.txt'
    """
    text = str(text)
    if text.isprintable() and not _BIDI_CONTROLS.intersection(text):
        return text
    return "".join(c if c.isprintable() and c not in _BIDI_CONTROLS else repr(c)[1:-1] for c in text)


def _error(msg: str) -> None:
    """Print one error line; ``msg`` is plain text (file names are never read as markup, and
    non-printable characters are escaped: :func:`printable`)."""
    err.print("[red]error:[/red] " + escape(printable(msg)), soft_wrap=True)


def _warn(msg: str) -> None:
    """Print one warning line (plain text, escaped like :func:`_error`)."""
    err.print("[yellow]warning:[/yellow] " + escape(printable(msg)), soft_wrap=True)


#: The article arguments of build and extract.
ArticlePaths = Annotated[list[str], typer.Argument(metavar="PATH...",
                                                   help="Article files (.txt, .html, .jsonl) or folders of them.")]


def _fail(msg: str, code: int = 1) -> None:
    _error(msg)
    raise typer.Exit(code)


@app.command()
def build(
    paths: ArticlePaths,
    out_dir: Annotated[Optional[Path], typer.Option(
        "--out", "-o", help="Output folder (created if missing); default out/, none with --store/--endpoint.",
        show_default=False)] = None,
    store: Annotated[Optional[Path], typer.Option(
        "--store", "-s", help="Add the articles to this store directory (embedded Oxigraph; created if missing).",
        show_default=False)] = None,
    endpoint: Annotated[Optional[str], typer.Option(
        "--endpoint", help="Add the articles to this SPARQL 1.1 endpoint (query URL; updates go to its update URL).",
        show_default=False)] = None,
    min_confidence: Annotated[float, typer.Option(
        "--min-confidence", min=0.0, max=1.0, help="Drop statements below this confidence (0..1).")] = 0.0,
    html: Annotated[bool, typer.Option("--html/--no-html", help="Also write graph.html.")] = True,
    validate_: Annotated[bool, typer.Option("--validate/--no-validate",
                                            help="Check the result against the SHACL shapes.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and the output paths.")] = False,
) -> None:
    """Build the knowledge graph of the given articles into OUT and/or a store.

    With --store DIR (or --endpoint URL) each article is added to the store as its own named
    graph, atomically; re-adding an article replaces it. Files are written only with --out.

    A bad input (missing, empty, binary, UTF-16, HTML without text, a language nufuz does
    not build) is reported on one line and skipped; the other articles are still built and
    written. The exit code is 1 when any input failed, 0 otherwise. The outputs of a build replace the previous ones as a set:
    when any of them cannot be written (a full disk), the previous files all stay as they were.
    """
    t0 = time.perf_counter()
    from kg.atomic import replace_set
    from kg.rdf import build_dataset, write_outputs

    to_store = store is not None or endpoint is not None
    if out_dir is None and not to_store:
        out_dir = Path("out")
    if out_dir is not None:  # a bad output folder fails before the extraction, not after it
        if out_dir.exists() and not out_dir.is_dir():
            _fail(f"{out_dir}: exists and is not a folder (give --out a folder)")
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            _fail(f"{out_dir}: cannot create the output folder ({e.strerror or e})")
    st = None
    if to_store:  # a locked, corrupt or unreachable store fails before the extraction
        from kg.cli_store import build_into_store, open_for_build
        st = open_for_build(store, endpoint)
    try:
        duplicates: dict[str, list[str]] = {}
        articles, errors, kb = _extract_articles(paths, quiet, skip=out_dir or store, duplicates=duplicates)
        if min_confidence > 0:
            for a in articles:
                a.statements = [s for s in a.statements if s.confidence >= min_confidence]
        ds = build_dataset(articles, kb, sources=duplicates)
    except BaseException:  # no article, Ctrl-C, a failure: release the store (and its lock)
        if st is not None:
            st.close()
        raise
    if to_store:  # one atomic write per article, entities and the KB graph merged (kg/store.py)
        build_into_store(st, articles, kb, errors, quiet=quiet, dataset=ds)
    def write_all(folder: Path) -> dict:
        files = write_outputs(ds, folder)
        if html:
            from visualizations.html import write_html
            files["html"] = write_html(ds, folder / "graph.html", title="nufuz: " + (
                articles[0].headline or Path(articles[0].source).name if len(articles) == 1
                else f"{len(articles)} articles"))
        return files

    try:  # the outputs are replaced as a set: all of this build, or the previous ones whole
        written = replace_set(out_dir, write_all) if out_dir is not None else {}
    except OSError as e:
        _fail(f"{out_dir}: cannot write the outputs ({e.strerror or e}); the previous outputs are unchanged")
    elapsed = time.perf_counter() - t0

    if validate_:
        from kg.validate import validate
        report = validate(ds)
        if not report.conforms:
            for line in report.violations[:20]:
                err.print("[yellow]shacl:[/yellow] " + escape(printable(line)), soft_wrap=True)
            errors.append("shacl")
        elif not quiet:
            out.print("SHACL: the graph conforms to ontology/shapes.ttl")
    if not quiet:
        from kg.analytics import headline_counts
        _summary(articles, written, elapsed, len(errors), headline_counts(ds), duplicates)
    else:
        for p in written.values():
            out.print(printable(p), markup=False, highlight=False, soft_wrap=True)
    if errors:
        raise typer.Exit(1)


@app.command()
def extract(
    paths: ArticlePaths,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="Write the JSONL here (replaced atomically); default: standard output.",
        show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Write the extraction records of the articles as JSONL: one object per article.

    Each line holds the article IRI (doc), its language, its mentions (start/end character
    offsets into the article text as read, text, OntoNotes label, nz: class, entity IRI) and
    its statements, with the fields of the RDF statement nodes (kg/records_json.py).

    A bad input is reported on one line naming the file and skipped; the other articles are
    still written, and the exit code is 1. With -o the file is replaced as a whole, or left as
    it was when it cannot be written.
    """
    from kg.atomic import atomic_write
    from kg.records_json import article_record

    if output is not None and output.is_dir():
        _fail(f"{output}: is a folder (give -o a file)")
    articles, errors, kb = _extract_articles(paths, quiet, skip=output)
    text = "".join(json.dumps(article_record(a, kb), ensure_ascii=False) + "\n" for a in articles)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        try:
            atomic_write(output, text)
        except OSError as e:
            _fail(f"{output}: cannot write the records ({e.strerror or e}); the previous file is unchanged")
        if not quiet:
            out.print(f"{len(articles)} article(s) -> {escape(printable(output))}", soft_wrap=True)
    if errors:
        raise typer.Exit(1)


def _extract_articles(paths: list[str], quiet: bool, skip: Path | None = None,
                      duplicates: dict[str, list[str]] | None = None) -> tuple[list, list, object]:
    """Read and extract the articles of ``paths`` (the first half of ``nufuz build``).

    Bad inputs, and articles in a language nufuz does not build
    (:func:`extractors.sources.check_buildable`), are printed on one line each and returned
    in ``errors``; the others are still extracted. A reader's warnings (a JSONL ``lang``
    field the text's script disagrees with) are printed as ``warning:`` lines.

    Parameters
    ----------
    paths : list of str
        Files and folders, as given on the command line.
    quiet : bool
        No progress bar.
    skip : Path, optional
        A folder whose files are never read as inputs (the build's own output folder), or a
        file that is never read (the output of ``nufuz extract``).
    duplicates : dict, optional
        Filled with ``{sha1: [path, ...]}``: the inputs whose text is byte-identical to an
        earlier input's (same sha1, so the same article IRI); they are not extracted again,
        and their paths are the article's further sources (``build_dataset(sources=...)``).

    Returns
    -------
    articles : list of ArticleExtraction
    errors : list
        The input errors (already printed).
    kb : KnowledgeBase
        The loaded knowledge base (for :func:`kg.rdf.build_dataset`).

    Raises
    ------
    typer.Exit
        Code 1 when no article could be read or extracted.
    """
    from extractors.pipeline import Extractor
    from extractors.sources import InputError, check_buildable, discover, read_article
    from ontology.kb import load_kb

    files, errors = discover(paths)
    if skip is not None:
        skip = skip.resolve()
        files = [f for f in files if skip not in f.resolve().parents and f.resolve() != skip]
    raws = []
    for f in files:
        try:
            read = read_article(f, errors)
        except InputError as e:
            errors.append(e)
            continue
        for r in read:  # an article in a language nufuz does not build is refused by name
            try:
                check_buildable(r)
            except InputError as e:
                errors.append(e)
            else:
                raws.append(r)
    for e in errors:
        _error(str(e))
    for r in raws:
        for w in r.warnings:
            _warn(f"{r.path}: {w}")
    if not raws:
        _fail("no article could be read" + (f" ({len(errors)} input error(s) above)" if errors else ""))
    firsts: dict[str, object] = {}
    for r in raws:  # byte-identical texts: one article, extracted once, with every source
        if r.sha1 in firsts:
            if duplicates is not None:
                duplicates.setdefault(r.sha1, []).append(r.path)
        else:
            firsts[r.sha1] = r
    raws = list(firsts.values())

    kb = load_kb()
    by_lang: dict[str, list] = {}
    for r in raws:
        by_lang.setdefault(r.lang, []).append(r)
    articles = []
    for lang, group in by_lang.items():
        articles.extend(_run(Extractor(lang, kb=kb), group, quiet, errors))
    if not articles:
        _fail("no article could be extracted")
    return articles, errors, kb


def _run(extractor, raws: list, quiet: bool, errors: list | None = None) -> list:
    """Extract with a progress bar when there is more than one article.

    An article whose extraction raises is reported on one line (its path and the error) and
    appended to ``errors``; the other articles are still extracted: one bad article never
    loses the others' output.
    """
    def each():
        for raw in raws:
            try:
                yield extractor.extract(raw)
            except Exception as e:  # noqa: BLE001 - a rule bug on one article must not stop a batch
                _error(f"{raw.path}: extraction failed ({type(e).__name__}: {e})")
                if errors is not None:
                    errors.append(raw)
                yield None

    if len(raws) == 1 or quiet:
        return [a for a in each() if a is not None]
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    res = []
    with Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as prog:
        task = prog.add_task("extract", total=len(raws))
        for art in each():
            if art is not None:
                res.append(art)
            prog.advance(task)
    return res


def _summary(articles: list, written: dict, elapsed: float, n_errors: int, counts,
             duplicates: dict[str, list[str]] | None = None) -> None:
    """Print the build summary: the headline counts of the built dataset
    (:func:`kg.analytics.headline_counts`, the same the page header and the report show),
    the duplicates merged (``duplicates``: sha1 -> the paths of the inputs byte-identical to
    the article read first; one line each, ``duplicate PATH = FIRST``), then statements per
    predicate and the files written."""
    duplicates = duplicates or {}
    preds = Counter(s.predicate for a in articles for s in a.statements)
    n_duplicates = sum(map(len, duplicates.values()))
    out.print(f"[bold]nufuz build[/bold]: {escape(counts.line())} in {elapsed:.2f} s"
              + (f", {n_duplicates} duplicate(s) (inputs byte-identical to another: one article each, "
                 "every path kept as dcterms:source)" if n_duplicates else "")
              + (f", [red]{n_errors} input error(s)[/red]" if n_errors else ""), soft_wrap=True)
    first = {a.sha1: a.source for a in articles}
    for sha1, paths in duplicates.items():
        for p in paths:
            out.print(f"  duplicate {printable(p)} = {printable(first.get(sha1, sha1))}",
                      markup=False, highlight=False, soft_wrap=True)
    if preds:
        t = Table("predicate", "statements", box=None, pad_edge=False)
        for p, n in preds.most_common():
            t.add_row(p, str(n))
        out.print(t)
    for kind, p in written.items():
        out.print(f"  {kind:7} " + escape(printable(p)), soft_wrap=True)


@app.command()
def validate(
    data: Annotated[Optional[Path], typer.Argument(help="A built dataset (.trig, .nq, .ttl or .jsonld).",
                                                   show_default=False)] = None,
    store: Annotated[Optional[Path], typer.Option("--store", "-s", help="Validate a store directory instead.",
                                                  show_default=False)] = None,
    endpoint: Annotated[Optional[str], typer.Option("--endpoint", help="Validate a SPARQL endpoint's data instead.",
                                                    show_default=False)] = None,
) -> None:
    """Validate a built dataset (FILE) or a store (--store DIR) against the nufuz SHACL shapes; exit 1 on violations."""
    from rdflib import Dataset

    from kg.validate import validate as run

    if sum(x is not None for x in (data, store, endpoint)) != 1:
        _fail("give one of: a dataset FILE, --store DIR or --endpoint URL")
    if data is None:  # a store: read it whole (read-only)
        from kg.cli_store import store_dataset
        ds = store_dataset(store, endpoint)
        data = store if store is not None else endpoint
    else:
        if not data.is_file():
            _fail(f"{data}: no such file")
        fmt = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".jsonld": "json-ld", ".json": "json-ld"}.get(
            data.suffix.lower())
        if fmt is None:
            _fail(f"{data}: unsupported RDF format {data.suffix or '(no suffix)'} (expected .trig, .nq, .ttl, .jsonld)")
        ds = Dataset()
        try:
            ds.parse(data, format=fmt)
        except Exception as e:  # noqa: BLE001 - rdflib raises many parser types
            _fail(f"{data}: not valid {fmt}: {str(e).splitlines()[0] if str(e) else type(e).__name__}")
    report = run(ds)
    if report.conforms:
        out.print(f"{printable(data)}: conforms to the nufuz shapes", markup=False)
        return
    for line in report.violations:
        out.print(printable(line), markup=False, soft_wrap=True)
    _fail(f"{data}: {len(report.violations)} SHACL violation(s)")


@app.command("train-ner")
def train_ner(
    snn: Annotated[Path, typer.Option("--snn", help="Folder of SaudiNewsNet .jsonl files (silver source).")] = Path(
        "../shared/corpus/snn"),
    exclude: Annotated[Optional[list[Path]], typer.Option(
        "--exclude", help="Folder of articles never to train on (repeat); default ../shared/corpus/ar.",
        show_default=False)] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Output folder; default the shipped model folder.",
                                                show_default=False)] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of the pipeline.")] = "ar",
    max_articles: Annotated[int, typer.Option("--max-articles", help="Articles sampled for silver data.")] = 8000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of sampling and training.")] = 2015,
    cpu_minutes: Annotated[float, typer.Option("--cpu-minutes", help="Training CPU budget.")] = 20.0,
    max_epochs: Annotated[int, typer.Option("--max-epochs", help="Most passes over the silver data.")] = 8,
    cache: Annotated[Optional[Path], typer.Option(
        "--cache", help="DocBin file of the rule-labelled sentences: read if present, else written.",
        show_default=False)] = None,
) -> None:
    """Train the statistical name recogniser (extractors/<lang>/ner) on silver labels.

    The rule pipeline labels sentences of SaudiNewsNet (KB + title/name cues, partial
    annotation); records that copy a gold-corpus article or the development day are left
    out; ../shared/gold is never read. See extractors/ner.py.
    """
    from extractors import ner

    exclude = exclude if exclude is not None else [Path("../shared/corpus/ar")]
    missing = [p for p in [snn, *exclude] if not p.is_dir()]
    if missing:
        _fail(f"{missing[0]}: no such folder")
    try:
        meta = ner.train_from_corpus(snn, exclude, out or ner.model_dir(lang), lang, max_articles=max_articles,
                                     seed=seed, cpu_minutes=cpu_minutes, max_epochs=max_epochs,
                                     cache=cache, log=typer.echo)
    except FileNotFoundError as e:
        _fail(str(e))
    typer.echo(json.dumps(meta["train"], ensure_ascii=False))


@app.command("eval")
def eval_(
    inputs: Annotated[Optional[list[str]], typer.Argument(
        help="Articles (files or folders) to build in memory and score, instead of --data.",
        show_default=False)] = None,
    gold: Annotated[Optional[Path], typer.Option(
        "--gold", "-g", help="Gold JSON file, or folder searched recursively for *.json.",
        show_default=False)] = None,
    data: Annotated[Optional[list[Path]], typer.Option(
        "--data", "-d", help="A built dataset (.trig, .nq, .ttl, .jsonld); repeat for more.",
        show_default=False)] = None,
    lang: Annotated[Optional[str], typer.Option(
        "--lang", help='Score only the gold files of this language (their "lang" field: ar, en; '
        'a gold file without one counts as ar).', show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object (summary + per article).")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every miss and extra per article.")] = False,
) -> None:
    """Score a dataset (--data) or articles built in memory (INPUTS) against gold annotations.

    Entity P/R/F1 (by English label, Arabic label or Wikidata id), typed recall, relation
    P/R/F1 over each article's graph and boilerplate hits, with the rules of
    ../shared/eval/score.py (the totals agree with it); generic actor groups (nz:ActorGroup)
    and their relations are left out. --lang ar (or en) scores only the gold of that
    language. Exit 1 on a missing or bad gold or data file, when no gold file has the
    --lang language, when no gold article is in the data, or when an input article failed.
    """

    from kg.evaluate import DataError, GoldError, evaluate, load_data, load_gold

    if gold is None:
        _fail("--gold PATH is required (a gold JSON file or a folder of them)")
    if data and inputs:
        _fail("give either --data FILE... or article INPUTS to build, not both")
    if not data and not inputs:
        _fail("nothing to score: give --data FILE (a built dataset) or article INPUTS")
    try:
        golds = load_gold(gold, lang=lang)
    except GoldError as e:
        _fail(str(e))
    input_errors: list = []
    if data:
        try:
            ds = load_data(data)
        except DataError as e:
            _fail(str(e))
    else:
        from kg.rdf import build_dataset

        articles, input_errors, kb = _extract_articles(inputs, quiet=as_json)
        ds = build_dataset(articles, kb)
    ev = evaluate(ds, golds)
    if not ev.docs_found:
        _fail(f"none of the {ev.docs} gold article(s) is in the data (looked for the gold sha1 at the "
              "end of an article IRI, then the gold doc name at the end of a dcterms:source)")
    if as_json:
        typer.echo(json.dumps(ev.to_dict(), ensure_ascii=False))
    else:
        _eval_report(ev, verbose)
    missing = [a.doc for a in ev.articles if not a.found]
    if missing:
        (err if as_json else out).print(
            f"[yellow]warning:[/yellow] {len(missing)} of {ev.docs} gold article(s) not in the data, counted "
            f"as all missed (score fewer with --gold FILE): {escape(printable(', '.join(missing)))}", soft_wrap=True)
    if input_errors:
        raise typer.Exit(1)


def _eval_report(ev, verbose: bool) -> None:
    """Print the per-article table, the TOTAL row and (verbose) the misses and extras."""

    t = Table("article", "ent\nP", "\nR", "\nF1", "typed\nR", "rel\nP", "\nR", "\nF1",
              "boil.\nhits", box=None, pad_edge=False, collapse_padding=True)
    t.columns[0].no_wrap = True
    for col in t.columns[1:]:
        col.justify = "right"

    def row(name: str, c, boiler: str, style: str | None = None) -> None:
        m = c.metrics(3)
        t.add_row(name, *(f"{m[k]:.3f}" for k in ("entity_p", "entity_r", "entity_f1", "entity_typed_r",
                                                  "relation_p", "relation_r", "relation_f1")), boiler, style=style)

    for a in ev.articles:
        if not a.found:
            t.add_row(escape(a.doc), *(["-"] * 8), style="dim")
        else:
            row(escape(a.doc), a, str(a.boilerplate) + (f" ({escape(', '.join(a.absent_hits))})" if a.absent_hits else ""),
                style="red" if a.absent_hits else None)
    t.add_section()
    row(f"TOTAL ({ev.docs_found}/{ev.docs} articles)", ev.total, str(ev.total.boilerplate), style="bold")
    out.print(t)
    c = ev.total
    out.print(f"entities: {c.ent_req_hit}/{c.ent_req} required found ({c.ent_typed_hit} typed), {c.ent_fp} extra")
    out.print(f"relations: {c.rel_req_hit}/{c.rel_req} required found, {c.rel_fp} extra")
    if not verbose:
        return
    for a in ev.articles:
        if not a.found:
            continue
        out.print(f"\n[bold]{escape(a.doc)}[/bold]  entities {a.ent_req_hit}/{a.ent_req}, "
                  f"relations {a.rel_req_hit}/{a.rel_req}")
        for line in a.misses:
            out.print(f"  [red]-[/red] {escape(line)}", soft_wrap=True)
        for line in a.extras:
            out.print(f"  [yellow]+[/yellow] {escape(line)}", soft_wrap=True)
        if not a.misses and not a.extras:
            out.print("  (no misses, no extras)")
        if a.actor_groups:
            out.print(f"  [dim]{len(a.actor_groups)} actor group(s) not scored: "
                      f"{escape(', '.join(a.actor_groups))}[/dim]", soft_wrap=True)


# Commands defined in other modules register themselves on ``app`` when imported.
from kg import cli_store, cli_views  # noqa: E402,F401


def _unwrap_help() -> None:
    """Join the lines of each paragraph of the commands' docstrings (typer keeps a docstring's
    line breaks, which the terminal then wraps again into ragged lines)."""
    import inspect

    for info in app.registered_commands:
        doc = info.help or (info.callback.__doc__ if info.callback is not None else None)
        if doc:
            info.help = "\n\n".join(" ".join(p.split()) for p in inspect.cleandoc(doc).split("\n\n"))


_unwrap_help()


def _is(exc: BaseException, name: str) -> bool:
    """Whether ``exc`` is a click exception of that class name (typer may bundle its own click,
    so the classes are matched by name)."""
    return any(c.__name__ == name for c in type(exc).__mro__)


def main() -> None:
    """Console-script entry point.

    Runs the typer app with click's standalone mode off, so that a usage error (unknown
    option, missing or invalid value) is one ``error:`` line on stderr naming the problem and
    the command's ``--help`` (exit 2), like every other error of nufuz, instead of click's
    multi-line box; Ctrl-C exits 130.
    """
    try:
        code = typer.main.get_command(app).main(prog_name="nufuz", standalone_mode=False)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as e:  # noqa: BLE001 - click's exceptions, matched by class name
        if _is(e, "NoArgsIsHelpError"):  # `nufuz` alone: the help
            text = e.ctx.get_help()  # typer's rich help prints itself and returns ""
            if text.strip():
                typer.echo(text)
            sys.exit(0)
        if _is(e, "Abort"):
            err.print("interrupted")
            sys.exit(130)
        if not _is(e, "ClickException"):
            raise
        message = " ".join(e.format_message().split())
        if _is(e, "UsageError"):
            ctx = getattr(e, "ctx", None)
            where = ctx.command_path if ctx is not None else "nufuz"
            if where == "nufuz":  # a missing option value is raised outside the command's context
                names = {c.name or c.callback.__name__ for c in app.registered_commands}
                where += next((f" {a}" for a in sys.argv[1:] if a in names), "")
            message = message.rstrip(".") + f" (see {where} --help)"
        err.print(f"error: {printable(message)}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(e.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # python -m kg.cli: run the kg.cli module the subcommands register on
    from kg.cli import main as _main

    _main()
