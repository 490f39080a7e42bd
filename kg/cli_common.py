"""What the command modules of ``nufuz`` share: the typer :data:`app` every command registers
on, the two consoles, one-line errors and warnings (:func:`printable`), and the helpers of the
builds (:func:`make_out_dir`, :func:`_scan`, :func:`progress_bar`, :func:`_summary`).

The ``kg.cli_*`` command modules import this module, never :mod:`kg.cli`; :mod:`kg.cli` imports
them so that their commands register (no import cycle among the command modules).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import ProgressColumn
from rich.table import Table
from rich.text import Text

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


def make_out_dir(out_dir: Path) -> None:
    """Create the ``--out`` folder (and its parents) before any work is done.

    Raises
    ------
    typer.Exit
        Code 1 with one error line: ``out_dir`` exists and is not a folder, or cannot be
        created.
    """
    if out_dir.exists() and not out_dir.is_dir():
        _fail(f"{out_dir}: exists and is not a folder (give --out a folder)")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        _fail(f"{out_dir}: cannot create the output folder ({e.strerror or e})")


def _scan(paths: list[str], skip: Path | None = None, duplicates: dict[str, list[str]] | None = None):
    """Read the inputs once (:func:`kg.stream.scan_inputs`): print each input error and
    reader warning on one line, fill ``duplicates`` (``{sha1: [path, ...]}``) and return the
    :class:`kg.stream.InputScan`; exit 1 when no article could be read."""
    from kg.stream import scan_inputs

    scan = scan_inputs(paths, skip=skip)
    for e in scan.errors:
        _error(str(e))
    for path, w in scan.warnings:
        _warn(f"{path}: {w}")
    if not scan.total:
        _fail("no article could be read" + (f" ({len(scan.errors)} input error(s) above)" if scan.errors else ""))
    if duplicates is not None:
        duplicates.update(scan.duplicates)
    return scan


def progress_bar(total: int, what: str = "extracting"):
    """A started rich progress bar on stderr (count, articles/s, elapsed, ETA), or None when
    stderr is not a terminal (a log file, a pipe) or there is one article."""
    if total <= 1 or not err.is_terminal:
        return None
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)
    prog = Progress(TextColumn(what), BarColumn(), MofNCompleteColumn(), _Rate(),
                    TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                    console=err, transient=True)
    prog.add_task(what, total=total)
    prog.start()
    return prog


@contextmanager
def progress_callback(what: str, quiet: bool = False) -> Iterator[Callable[[int, int], None]]:
    """A ``progress(done, total)`` callback for a long library call (:func:`progress_bar`
    from its first call: no bar when ``quiet``, in a log file or a pipe), the bar stopped
    when the block ends."""
    prog = None

    def progress(done: int, total: int) -> None:
        nonlocal prog
        if prog is None and not quiet:
            prog = progress_bar(total, what)
        if prog is not None:
            prog.update(prog.task_ids[0], completed=done)

    try:
        yield progress
    finally:
        if prog is not None:
            prog.stop()


class _Rate(ProgressColumn):
    """Articles per second, as rich's progress estimates it."""

    def render(self, task) -> Text:
        return Text(f"{task.speed:,.1f} articles/s" if task.speed else "- articles/s")


def _summary(preds: Counter, written: dict, elapsed: float, n_errors: int, counts,
             duplicates: dict[str, list[str]] | None = None, firsts: dict[str, str] | None = None,
             command: str = "nufuz build") -> None:
    """Print the build summary: the headline counts of the built dataset
    (:class:`kg.analytics.HeadlineCounts`, the same the page header and the report show),
    the duplicates merged (``duplicates``: sha1 -> the paths of the inputs byte-identical to
    the article read first, ``firsts``: sha1 -> that article's source; one line each,
    ``duplicate PATH = FIRST``), then statements per predicate (``preds``) and the files
    written; ``command`` names the command in the first line."""
    duplicates = duplicates or {}
    firsts = firsts or {}
    n_duplicates = sum(map(len, duplicates.values()))
    out.print(f"[bold]{command}[/bold]: {escape(counts.line())} in {elapsed:.2f} s"
              + (f", {n_duplicates} duplicate(s) (inputs byte-identical to another: one article each, "
                 "every path kept as dcterms:source)" if n_duplicates else "")
              + (f", [red]{n_errors} input error(s)[/red]" if n_errors else ""), soft_wrap=True)
    for sha1, paths in duplicates.items():
        for p in paths:
            out.print(f"  duplicate {printable(p)} = {printable(firsts.get(sha1, sha1))}",
                      markup=False, highlight=False, soft_wrap=True)
    if preds:
        t = Table("predicate", "statements", box=None, pad_edge=False)
        for p, n in preds.most_common():
            t.add_row(p, str(n))
        out.print(t)
    for kind, p in written.items():
        out.print(f"  {kind:7} " + escape(printable(p)), soft_wrap=True)
