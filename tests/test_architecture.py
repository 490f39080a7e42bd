"""The layout of kg/ (README "Code layout"; ../shared/ARCHITECTURE.md): read from the source.

The import graph of kg/ is built with :mod:`ast` from every ``import`` statement of every
module, at module level and inside functions alike (a lazy import is still a dependency):

(a) no two modules of kg/ import each other, directly or through others (no cycle);
(b) only :data:`BUILD_WIRING` (kg/stream.py: reading sources, loading the extraction
    pipeline, running it in worker processes) imports spaCy or the extractors; the other
    modules may import only the records seam of :data:`SEAM` (plain dataclasses and the text
    normaliser; neither imports spaCy, which a subprocess checks);
(c) importing kg.store (and every backend) leaves rdflib's global settings alone: rdflib's
    SPARQL engine is told not to download FROM graphs by one function,
    :func:`kg.store_memory.offline_sparql`, which the CLI entry point and the in-memory
    engine call;
(d) the SPARQL server and its pages import nothing of visualizations/: the CLI hands the
    server its graph-page renderer.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KG = ROOT / "kg"

#: The one module of kg/ that wires a build to the extractors (and so to spaCy).
BUILD_WIRING = "kg.stream"
#: Extractor modules that are the typed seam between extraction and RDF: plain dataclasses
#: (extractors.records) and the one text normaliser (extractors.text); no spaCy in either.
SEAM = frozenset({"extractors.records", "extractors.text"})
#: Modules of kg/ that may import visualizations/: the CLI commands that wire pages to data,
#: and the store-backed ego view, which raises the explorer's own FocusNotFound (left as is).
VIEW_WIRING = frozenset({"kg.cli", "kg.cli_views", "kg.cli_store", "kg.analytics_store"})


def kg_modules() -> dict[str, Path]:
    """Dotted name -> file of every module of kg/ (``kg`` for the package itself)."""
    mods = {}
    for path in sorted(KG.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        mods[".".join(parts)] = path
    return mods


def imports_of(name: str, path: Path) -> set[str]:
    """Every module ``name`` imports (absolute dotted names), anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            found.add(mod)
            found.update(f"{mod}.{a.name}" for a in node.names)  # `from kg import store`
    return found


def import_graph() -> dict[str, set[str]]:
    """kg module -> the kg modules it imports (a submodule import counts, its parent not)."""
    mods = kg_modules()
    return {m: {i for i in imports_of(m, p) if i in mods and i != m} for m, p in mods.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(out)


def test_the_graph_reader_sees_lazy_and_relative_imports(tmp_path):
    """The checker itself: a function-level import and a relative import are both edges."""
    src = tmp_path / "m.py"
    src.write_text("from . import store\ndef f():\n    from kg.rdf import x\n    import spacy\n")
    assert imports_of("kg.m", src) >= {"kg", "kg.store", "kg.rdf", "kg.rdf.x", "spacy"}
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles_in_kg():
    graph = import_graph()
    assert len(graph) > 20 and "kg.store" in graph["kg.query"]
    assert cycles(graph) == []


def test_only_the_build_wiring_imports_spacy_or_the_extractors():
    mods = kg_modules()
    assert BUILD_WIRING in mods
    offenders = {}
    for name, path in mods.items():
        if name == BUILD_WIRING:
            continue
        bad = sorted(i for i in imports_of(name, path) if i.split(".")[0] in ("spacy", "extractors")
                     and i != "extractors" and not any(i == s or i.startswith(s + ".") for s in SEAM))
        if bad:
            offenders[name] = bad
    assert offenders == {}
    wiring = imports_of(BUILD_WIRING, mods[BUILD_WIRING])
    assert "extractors.pipeline" in wiring  # it is the wiring


def test_kg_imports_without_spacy():
    """Every module of kg/ but the build wiring imports without loading spaCy (the seam
    modules included)."""
    names = [m for m in kg_modules() if m != BUILD_WIRING]
    code = ("import importlib, sys\n"
            f"for m in {names!r}:\n    importlib.import_module(m)\n"
            "print(sorted(k for k in sys.modules if k == 'spacy' or k.startswith('extractors.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         timeout=120, check=True).stdout
    assert eval(out) == sorted(SEAM | {"extractors.language"})  # text's grammar interface


def test_importing_the_store_leaves_rdflib_settings_alone():
    code = ("import rdflib.plugins.sparql as s\n"
            "import kg.store, kg.store_base, kg.store_memory, kg.store_oxigraph, kg.store_remote, "
            "kg.store_ingest, kg.query, kg.server, kg.analytics\n"
            "print(s.SPARQL_LOAD_GRAPHS)\n"
            "kg.store.MemoryStore().query('ASK { ?s ?p ?o }')\n"
            "print(s.SPARQL_LOAD_GRAPHS)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         timeout=120, check=True).stdout.split()
    assert out == ["True", "False"]  # untouched on import; switched off by the in-memory engine


def _result_line(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter at the repository root; the words it printed after
    its last ``RESULT``."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         timeout=120, check=True).stdout
    return out.split("RESULT")[-1].split()


def test_the_cli_entry_point_switches_off_rdflib_downloads():
    code = ("import sys\nimport rdflib.plugins.sparql as s\nfrom kg.cli import main\n"
            "sys.argv = ['nufuz', '--help']\n"
            "before = s.SPARQL_LOAD_GRAPHS\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('RESULT', before, s.SPARQL_LOAD_GRAPHS)\n")
    assert _result_line(code) == ["True", "False"]


def test_the_cli_entry_point_switches_off_rdflib_downloads_when_the_engine_loads_later():
    """The entry point does not import rdflib's SPARQL engine (a command that never queries
    rdflib, such as the view of a store, saves 0.07 CPU-s); when something imports it later,
    downloads are off before its first query."""
    code = ("import sys\nfrom kg.cli import main\nsys.argv = ['nufuz', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "loaded = 'rdflib.plugins.sparql' in sys.modules\n"
            "import rdflib\nrdflib.Graph().query('ASK { ?s ?p ?o }')\n"
            "import rdflib.plugins.sparql as s\n"
            "print('RESULT', loaded, s.SPARQL_LOAD_GRAPHS)\n")
    assert _result_line(code) == ["False", "False"]


def test_the_server_imports_nothing_of_visualizations():
    mods = kg_modules()
    for name, path in mods.items():
        ups = sorted(i for i in imports_of(name, path) if i.split(".")[0] == "visualizations")
        if name in VIEW_WIRING:
            continue
        assert ups == [], name
    assert "kg.server" not in VIEW_WIRING and "kg.server_pages" not in VIEW_WIRING


def test_the_docstring_examples_of_the_split_modules_hold():
    """The examples moved with their code (each module runs its own, with its own globals)."""
    import doctest
    import importlib

    for name in ("kg.analytics", "kg.analytics_graph", "kg.analytics_network",
                 "kg.analytics_influence", "kg.paths", "kg.server_pages", "kg.cli_common"):
        res = doctest.testmod(importlib.import_module(name))
        assert res.failed == 0 and res.attempted > 0, name
