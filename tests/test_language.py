"""The language plug-in interface: shared extractor modules hold no word of any language."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from extractors.language import Grammar, get_grammar

ROOT = Path(__file__).resolve().parents[1]
#: The shared mechanism: every module of extractors/ outside a language folder.
SHARED = sorted(p for p in (ROOT / "extractors").glob("*.py"))
#: Letters of the Arabic script (and of any other non-Latin script a language may add).
NON_LATIN = re.compile(r"[\u0590-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
#: Modules not yet converted, with the reason (each is a task of the extraction issue).
PENDING = {
    "clean.py": "boilerplate shapes and the input normaliser still name Arabic letters and punctuation",
    "sources.py": "script detection names the Arabic Unicode block",
}


def string_literals(path: Path) -> list[tuple[int, str]]:
    """(line, value) of every string constant that is not a docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


@pytest.mark.parametrize("path", [p for p in SHARED if p.name not in PENDING], ids=lambda p: p.name)
def test_shared_extractor_modules_hold_no_language_literal(path):
    found = [(line, value) for line, value in string_literals(path) if NON_LATIN.search(value)]
    assert not found, f"{path.name}: language words belong in extractors/<lang>/ (GRAMMAR or data): {found[:5]}"


def test_pending_modules_still_exist():
    assert {p.name for p in SHARED} >= set(PENDING)


def test_arabic_grammar_is_registered():
    g = get_grammar("ar")
    assert isinstance(g, Grammar)
    assert g.locative == "في" and g.coordinator == "و" and "ها" in g.feminine_suffixes
    assert g.strip_conj("وب") == "ب" and "وب" in g.head_clitics()


def test_unknown_language_has_no_grammar():
    with pytest.raises(ValueError, match="no extraction data"):
        get_grammar("xx")
