"""Helpers shared by the CLI-level tests: run ``nufuz`` in-process and read its output."""
from __future__ import annotations

import re

from typer.testing import CliRunner

from kg.cli import app

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
runner = CliRunner()


def invoke(*args):
    """Run ``nufuz ARGS`` in-process; re-raise any exception other than a normal exit."""
    result = runner.invoke(app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def plain(text: str) -> str:
    """Output without ANSI colour codes, whitespace folded to single spaces."""
    return " ".join(_ANSI.sub("", text).split())
