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

The CLI orchestrates; it reaches the extractors (and so spaCy) only through :mod:`kg.stream`,
lazily inside ``build``, ``extract`` and ``train-ner``, so ``kg``'s library modules stay free of
spaCy. The commands register on :data:`kg.cli_common.app`; the other command modules
(:mod:`kg.cli_store`, :mod:`kg.cli_views`, :mod:`kg.cli_cluster`) are imported at the end.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from kg.cli_common import (  # noqa: F401 - re-exported: kg.cli.app, kg.cli.printable, ...
    ArticlePaths, _error, _fail, _scan, _summary, _warn, app, err, make_out_dir, out, printable,
    progress_bar, progress_callback,
)


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
    trig_only: Annotated[bool, typer.Option(
        "--trig-only", help="Write only graph.trig, streamed (memory stays flat for big corpora): "
        "no graph.ttl, graph.jsonld or graph.html, which need the whole graph in memory.")] = False,
    jobs: Annotated[Optional[int], typer.Option(
        "--jobs", "-j", min=1, help="Worker processes for the extraction (default: the number of cores).",
        show_default=False)] = None,
    ner: Annotated[bool, typer.Option(
        "--ner/--no-ner", help="Run the trained statistical name recogniser beside the rules (Arabic; "
        "finds persons the knowledge base and the cues lack); --no-ner: the rules alone, faster.")] = True,
    batch_size: Annotated[int, typer.Option(
        "--batch-size", min=1, help="Articles per store transaction (--store, --endpoint).")] = 64,
    validate_: Annotated[bool, typer.Option("--validate/--no-validate",
                                            help="Check the result against the SHACL shapes.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and the output paths.")] = False,
) -> None:
    """Build the knowledge graph of the given articles into OUT and/or a store.

    With --store DIR (or --endpoint URL) each article is added to the store as its own named
    graph, atomically; re-adding an article replaces it. Files are written only with --out.

    Articles are read, extracted (by --jobs worker processes, in input order: the output is
    the same for any number of jobs) and written one by one: graph.trig is streamed, and the
    store gets a batch of articles (--batch-size) per transaction (a failed batch leaves the
    store as before it). graph.ttl, graph.jsonld and graph.html are made at the end from the
    whole graph, held in memory; --trig-only skips them for big corpora.

    A bad input (missing, empty, binary, UTF-16, HTML without text, a language nufuz does
    not build) is reported on one line and skipped; the other articles are still built and
    written. The exit code is 1 when any input failed, 0 otherwise. The outputs of a build replace the previous ones as a set:
    when any of them cannot be written (a full disk), the previous files all stay as they were.
    """
    t0 = time.perf_counter()
    from kg.atomic import replace_set

    if trig_only and validate_:
        _fail("--validate needs the whole graph in memory: drop --trig-only")
    to_store = store is not None or endpoint is not None
    if out_dir is None and not to_store:
        out_dir = Path("out")
    if out_dir is not None:  # a bad output folder fails before the extraction, not after it
        make_out_dir(out_dir)
    st = None
    if to_store:  # a locked, corrupt or unreachable store fails before the extraction
        from kg.cli_store import open_for_build
        st = open_for_build(store, endpoint)
    try:
        duplicates: dict[str, list[str]] = {}
        articles, errors, kb = _extract_articles(paths, quiet, skip=out_dir or store, duplicates=duplicates,
                                                 jobs=jobs, lazy=True, ner=ner)
        run = _StreamBuild(articles, kb, duplicates, errors, st=st,
                           whole=(out_dir is not None and not trig_only) or validate_,
                           html=html and not trig_only, min_confidence=min_confidence,
                           batch_size=batch_size, quiet=quiet)
        try:  # the outputs are replaced as a set: all of this build, or the previous ones whole
            written = replace_set(out_dir, run.write) if out_dir is not None else run.write(None)
        except OSError as e:
            _fail(f"{out_dir}: cannot write the outputs ({e.strerror or e}); the previous outputs are unchanged")
    finally:  # written, no article, Ctrl-C, a failure: release the store (and its lock)
        if st is not None:
            st.close()
    elapsed = time.perf_counter() - t0

    if validate_:
        from kg.validate import validate
        report = validate(run.dataset)
        if not report.conforms:
            for line in report.violations[:20]:
                err.print("[yellow]shacl:[/yellow] " + escape(printable(line)), soft_wrap=True)
            errors.append("shacl")
        elif not quiet:
            out.print("SHACL: the graph conforms to ontology/shapes.ttl")
    if not quiet:
        _summary(run.counts.predicates, written, elapsed, len(errors), run.counts.headline(),
                 duplicates, run.first_sources)
    else:
        for p in written.values():
            out.print(printable(p), markup=False, highlight=False, soft_wrap=True)
    if errors:
        raise typer.Exit(1)


class _StreamBuild:
    """The writing half of ``nufuz build``: consumes the extracted articles one by one.

    Each article's named graph (:meth:`kg.rdf.DatasetBuilder.add`) is appended to graph.trig
    (:class:`kg.rdf.TrigStream`) and queued for the store (:class:`kg.store.StoreIngest`,
    one transaction per ``batch_size`` articles, which merges the article's entity
    descriptions into the store's entities graph itself); the entities graph of the files
    (:func:`kg.rdf.add_entities`, in input order) and the KB graph (from the ids the articles
    mention) are made at the end (:meth:`kg.rdf.DatasetBuilder.global_graphs`). With ``whole``,
    the article graphs are also kept in one dataset (:attr:`dataset`) for graph.ttl,
    graph.jsonld, graph.html and ``--validate``. Entities of earlier articles describe the
    ids a later article's statements point to without listing them
    (:class:`kg.rdf.BuildState`). ``nufuz cluster-build`` (:mod:`kg.cluster`) runs the same
    builder on each partition. A build that writes no file (``--store`` or ``--endpoint``
    alone, no ``--validate``) makes each article graph as a :class:`kg.rdf.TripleSet`
    (:meth:`kg.rdf.DatasetBuilder.add_triples`: the same triples, no rdflib Graph) and no
    global graph (the store merges its own).
    """

    def __init__(self, articles, kb, duplicates: dict, errors: list, st=None, whole: bool = True,
                 html: bool = True, min_confidence: float = 0.0, batch_size: int = 64, quiet: bool = False):
        from kg.rdf import new_dataset
        from kg.stream import RecordCounts

        self.articles, self.kb, self.duplicates, self.errors = articles, kb, duplicates, errors
        self.st, self.html, self.min_confidence, self.quiet = st, html, min_confidence, quiet
        self._records_said = False  # a warning said the store keeps no statement records
        self.batch_size = batch_size
        self.dataset = new_dataset() if whole else None
        self.counts = RecordCounts()
        self._first = ""
        #: ``{sha1: source}`` of the articles that have duplicates (for the summary)
        self.first_sources: dict[str, str] = {}

    def write(self, folder: Path | None) -> dict:
        """Build every article into ``folder`` (a staging folder of
        :func:`kg.atomic.replace_set`, or None: no files) and the store; return the files.

        Raises
        ------
        typer.Exit
            Code 1: no article could be extracted, or the store failed (one error line).
        OSError
            A file could not be written.
        """
        from kg.rdf import DatasetBuilder, TrigStream, entity_triples, new_dataset

        ingest = self._ingest()
        trig = TrigStream(folder / "graph.trig") if folder is not None else None
        # without files only the store keeps an entities graph (its own), the builder none
        builder = DatasetBuilder(self.kb, sources=self.duplicates, min_confidence=self.min_confidence,
                                 dataset=self.dataset, entities_graph=folder is not None)
        # nothing but the store reads the article graphs: plain triple sets, no rdflib Graph
        store_only = trig is None and self.dataset is None
        files: dict = {}
        try:
            for art in self.articles:
                problems = builder.check(art)
                if problems:
                    for line in problems:
                        _error(line)
                    self.errors.extend(problems)
                    continue
                triples = entity_triples(art, self.kb)  # once, for the files and the store
                if store_only:
                    g = builder.add_triples(art, triples)
                else:
                    if self.dataset is None:  # nothing kept: each article graph is let go once written
                        builder.dataset = new_dataset()
                    g = builder.add(art, triples)
                self.counts.add(art)
                if self.counts.articles == 1:
                    self._first = art.headline or Path(art.source).name
                if art.sha1 in self.duplicates:
                    self.first_sources[art.sha1] = art.source
                if trig is not None:
                    trig.write(g)
                if ingest is not None:
                    self._store_add(ingest, art, g, triples)
            if not self.counts.articles:
                _fail("no article could be extracted")
            if not store_only:  # the files' entities and KB graphs (the store merges its own)
                if self.dataset is None:
                    builder.dataset = new_dataset()
                for g in builder.global_graphs():
                    if trig is not None:
                        trig.write(g)
            if trig is not None:
                files["trig"] = trig.close()
            if ingest is not None:
                self._store_finish(ingest)
        finally:
            if trig is not None:
                trig.close()
        if folder is not None and self.dataset is not None:
            from kg.rdf import write_outputs
            files |= write_outputs(self.dataset, folder, formats=("ttl", "jsonld"))
            if self.html:
                from visualizations.html import write_html
                files["html"] = write_html(self.dataset, folder / "graph.html", title="nufuz: " + self._title())
        return files

    def _title(self) -> str:
        return self._first if self.counts.articles == 1 else f"{self.counts.articles} articles"

    def _ingest(self):
        if self.st is None:
            return None
        from kg.store import StoreError, StoreIngest

        try:
            self._records_first()
            return StoreIngest(self.st, self.kb, batch_size=self.batch_size)
        except StoreError as e:
            _fail(str(e))

    def _records_first(self) -> None:
        """A store that keeps statement records but holds statements without them, or
        without their current format (built before nufuz kept them or their name keys, or
        loaded with an older ``nufuz load``): write the records and name keys of what it
        holds first, once (about 1 ms an article), so that the build keeps them and views
        read each statement, and find each name, with one lookup (:mod:`kg.store_records`)."""
        from kg.store_records import InexactRecords, records_plan, write_records

        if not getattr(self.st, "keeps_records", False) or records_plan(self.st)[0]:
            return
        try:
            with progress_callback("statement records", self.quiet) as progress:
                n = write_records(self.st, progress=progress)
        except InexactRecords as e:
            _warn(f"{self.st.name}: the store keeps no statement records ({e}): views read each "
                  "statement property by property")
            self._records_said = True
            return
        if not self.quiet:
            out.print(f"store {printable(self.st.name)}: wrote the records of the {n:,} statement(s) and the "
                      "name keys stored before nufuz kept them (once)", soft_wrap=True, markup=False, highlight=False)

    def _store_add(self, ingest, art, g, triples) -> None:
        from rdflib import Graph

        from kg.namespaces import bind_prefixes
        from kg.store import StoreError

        if self.dataset is not None:  # the store's copy may gain the sources stored before, the files' not
            copy = bind_prefixes(Graph(identifier=g.identifier))
            for t in g:
                copy.add(t)
            g = copy
        try:
            ingest.add(art, g, triples)
        except StoreError as e:
            _fail(f"{e} ({len(ingest.report.written)} article(s) were stored before it)")
        except KeyboardInterrupt:
            _error(f"{self.st.name}: interrupted; {len(ingest.report.written)} article(s) stored, the store "
                   "holds no part of the others")
            raise

    def _store_finish(self, ingest) -> None:
        from kg.store import StoreError

        try:
            report = ingest.finish()
        except StoreError as e:
            _fail(f"{e} ({len(ingest.report.written)} article(s) were stored before it)")
        if not self.quiet:
            dup = len(report.duplicates)
            out.print(f"store {printable(self.st.name)}: {len(report.written)} article(s) written "
                      f"({len(report.replaced) - dup} replaced"
                      + (f", {dup} duplicate(s) of a stored article: the same text from another source, "
                         "every source kept" if dup else "")
                      + f"), KB graph +{report.kb_triples_added} triples, entities graph "
                      f"+{report.entity_triples_added}/-{report.entity_triples_removed} triples; "
                      f"{len(self.st):,} quads in {len(self.st.graph_names())} graphs", soft_wrap=True,
                      markup=False, highlight=False)
            for doc, sources in report.duplicates.items():
                for src in sources:
                    out.print(f"  duplicate {printable(src)} = {printable(doc)} (stored before)",
                              soft_wrap=True, markup=False, highlight=False)
        if report.records is False and not self._records_said:
            _warn(f"{self.st.name}: the store keeps no statement records (a statement's mode is not one "
                  "of the vocabulary's): views read each statement property by property")


@app.command()
def extract(
    paths: ArticlePaths,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="Write the JSONL here (replaced atomically); default: standard output.",
        show_default=False)] = None,
    ner: Annotated[bool, typer.Option(
        "--ner/--no-ner", help="Run the statistical name recogniser beside the rules (as nufuz build).")] = True,
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
    articles, errors, kb = _extract_articles(paths, quiet, skip=output, ner=ner)
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
                      duplicates: dict[str, list[str]] | None = None, jobs: int | None = 1,
                      lazy: bool = False, ner: bool = True) -> tuple[object, list, object]:
    """Read and extract the articles of ``paths`` (the first half of ``nufuz build``).

    Bad inputs, and articles in a language nufuz does not build
    (:func:`extractors.sources.check_buildable`), are printed on one line each and returned
    in ``errors``; the others are still extracted. A reader's warnings (a JSONL ``lang``
    field the text's script disagrees with) are printed as ``warning:`` lines. The inputs
    are read first (:func:`kg.stream.scan_inputs`: errors, warnings, duplicates, the number
    of articles), then extracted in input order by ``jobs`` worker processes
    (:func:`kg.stream.extract_stream`), with a progress bar (articles/s, ETA) unless ``quiet``.

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
    jobs : int or None
        Worker processes; None: the number of cores (:func:`kg.stream.default_jobs`).
    ner : bool
        Run the statistical name recogniser beside the rules (default; ``--no-ner``: False).
    lazy : bool
        Return the articles as an iterator that extracts as it is read (``nufuz build``
        streams them), instead of a list.

    Returns
    -------
    articles : list or iterator of ArticleExtraction
    errors : list
        The input errors (printed); a lazy iterator appends its extraction errors as it goes.
    kb : KnowledgeBase
        The loaded knowledge base (for :func:`kg.rdf.build_dataset`).

    Raises
    ------
    typer.Exit
        Code 1 when no article could be read (or, not lazy, extracted).
    """
    from kg.stream import default_jobs, prestart
    from ontology.kb import load_kb

    jobs = jobs or default_jobs()
    prestart(paths, jobs, ner)  # the workers' forkserver loads while the inputs are read
    scan = _scan(paths, skip, duplicates)
    errors = scan.errors
    kb = load_kb()
    feed = _feed(scan, kb, jobs, quiet, errors, ner)
    if lazy:
        return feed, errors, kb
    articles = list(feed)
    if not articles:
        _fail("no article could be extracted")
    return articles, errors, kb



def _feed(scan, kb, jobs: int, quiet: bool, errors: list, ner: bool = True):
    """The extracted articles of ``scan``, in input order, with a progress bar on stderr
    (count, articles/s, elapsed, ETA) when there is more than one, not ``quiet`` and stderr
    is a terminal; an
    article that cannot be extracted is one error line (its path and the reason) and is
    appended to ``errors``."""
    from kg.stream import extract_stream

    stream = extract_stream(scan.raws(), kb, jobs=jobs, total=scan.total, ner=ner, langs=scan.langs)
    prog = None if quiet else progress_bar(scan.total)  # no bar in a log file or a pipe
    try:
        for raw, art, problem in stream:
            if art is None:
                _error(f"{raw.path}: {problem}")
                errors.append(raw)
            else:
                yield art
            if prog is not None:
                prog.advance(prog.task_ids[0])
    finally:
        if prog is not None:
            prog.stop()
        stream.close()




@app.command()
def validate(
    data: Annotated[Optional[Path], typer.Argument(help="A built dataset (.trig, .nq, .ttl or .jsonld).",
                                                   show_default=False)] = None,
    store: Annotated[Optional[Path], typer.Option("--store", "-s", help="Validate a store directory instead.",
                                                  show_default=False)] = None,
    endpoint: Annotated[Optional[str], typer.Option("--endpoint", help="Validate a SPARQL endpoint's data instead.",
                                                    show_default=False)] = None,
) -> None:
    """Validate a built dataset (FILE) or a store (--store DIR) against the nufuz SHACL shapes; exit 1 on violations.

    A store or endpoint is validated 2,000 articles at a time (with the descriptions of the
    entities they name, then the entities and KB graphs): memory stays bounded whatever it
    holds, and the violations are those of the whole store. A store not of the shape nufuz
    builds (an entity described in an article graph, blank nodes...) is validated whole, and
    a note says why.
    """
    from rdflib import Dataset

    from kg.validate import validate as run

    if sum(x is not None for x in (data, store, endpoint)) != 1:
        _fail("give one of: a dataset FILE, --store DIR or --endpoint URL")
    if data is None:  # a store: a batch of articles at a time (read-only)
        report = _validate_store(store, endpoint)
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


def _validate_store(store: Optional[Path], endpoint: Optional[str]):
    """:func:`kg.validate.validate_store` of a store opened read-only, with a progress bar of
    the article graphs validated (and a note when the store had to be validated whole); one
    error line and exit 1 when the store cannot be read or refuses a query."""
    from kg.store import QueryError, StoreError, open_store
    from kg.validate import validate_store

    try:
        st = open_store(store, endpoint, read_only=True)
    except StoreError as e:
        _fail(str(e))
    try:
        with progress_callback("validating") as progress:
            report = validate_store(st, progress=progress)
    except (StoreError, QueryError) as e:
        _fail(f"{store if store is not None else endpoint}: {e}" if isinstance(e, QueryError) else str(e))
    finally:
        st.close()
    if report.note:
        _warn(report.note)
    return report


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
    from kg.stream import train_recogniser

    exclude = exclude if exclude is not None else [Path("../shared/corpus/ar")]
    missing = [p for p in [snn, *exclude] if not p.is_dir()]
    if missing:
        _fail(f"{missing[0]}: no such folder")
    try:
        meta = train_recogniser(snn, exclude, out, lang, max_articles=max_articles, seed=seed,
                                cpu_minutes=cpu_minutes, max_epochs=max_epochs, cache=cache,
                                log=typer.echo)
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
from kg import cli_cluster, cli_store, cli_views  # noqa: E402,F401


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
    multi-line box; Ctrl-C exits 130, and SIGTERM takes the same path (what is being
    written is cleaned up) and exits 143. rdflib's SPARQL engine is told first never to download
    a query's ``FROM`` graphs (:func:`kg.store_memory.offline_sparql`, when it is imported:
    a command that never queries rdflib does not load it).
    """
    import signal

    from kg.store_memory import offline_sparql

    offline_sparql(now=False)
    stopped = []

    def _terminate(signum, frame):  # SIGTERM (kill, timeout) stops like Ctrl-C: outputs cleaned up
        stopped.append(signum)
        raise KeyboardInterrupt

    def _interrupted():  # exit 130 after Ctrl-C, 143 after SIGTERM
        err.print("interrupted")
        sys.exit(128 + (stopped[0] if stopped else signal.SIGINT))

    signal.signal(signal.SIGTERM, _terminate)
    try:
        code = typer.main.get_command(app).main(prog_name="nufuz", standalone_mode=False)
    except KeyboardInterrupt:
        _interrupted()
    except Exception as e:  # noqa: BLE001 - click's exceptions, matched by class name
        if _is(e, "NoArgsIsHelpError"):  # `nufuz` alone: the help
            text = e.ctx.get_help()  # typer's rich help prints itself and returns ""
            if text.strip():
                typer.echo(text)
            sys.exit(0)
        if _is(e, "Abort"):  # (click's name for a KeyboardInterrupt inside a command)
            _interrupted()
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
    if stopped:  # (typer turns the KeyboardInterrupt into exit code 130 itself)
        _interrupted()
    _exit_fast()
    sys.exit(code if isinstance(code, int) else 0)


def _exit_fast() -> None:
    """Before the process exits after a command that returned (exit code 0 or 1): move every
    object to the collector's permanent generation (:func:`gc.freeze`), so that the
    collections the interpreter runs while it shuts down do not walk them (the OS frees the
    memory). Cyclic garbage the command left is frozen too and never finalised, so nothing
    may rely on a finaliser at exit: every writer closes explicitly (a store's ``close`` in a
    ``finally``, :func:`kg.atomic.atomic_write`, the TriG stream's ``close``). ``nufuz view
    --store --focus`` on a store of 28,000 articles: about 0.1 CPU-s of the 0.17 its shutdown
    took. Only the console-script entry point calls it (in a process that is about to end;
    tests run :data:`app` in-process, never this)."""
    import gc

    gc.freeze()


if __name__ == "__main__":  # python -m kg.cli: run the kg.cli module the subcommands register on
    from kg.cli import main as _main

    _main()
