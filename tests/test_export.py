"""Tests of ``nufuz export`` (visualizations/export.py): GraphML, GEXF, CSV of statements and
JSON-LD, re-read with networkx / csv / rdflib, on the seed (and seed + corpus) built for real."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import PROV, RDF

from kg.analytics import example_dataset, project, read_graph
from kg.evaluate import load_data
from kg.namespaces import NZ, SCHEMA
from visualizations.export import (
    CSV_COLUMNS,
    FORMATS,
    ExportError,
    export,
    statements_csv,
    to_gexf,
    to_graphml,
    write_export,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = REPO / "examples" / "ar" / "000_88021ef35a1db7c5.txt"
NZR = "https://w3id.org/nufuz/id/"

pytestmark = pytest.mark.filterwarnings(
    "ignore:.*(default_context|ConjunctiveGraph|Dataset.contexts).*:DeprecationWarning")

from cli_helpers import invoke, plain  # noqa: E402


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """``{"seed": trig path, "all": trig path or None}``, extracted in one pass."""
    from kg.cli import _extract_articles
    from kg.rdf import build_dataset, write_outputs

    corpus_dir = SHARED / "corpus" / "ar"
    paths = [str(SEED)] + ([str(corpus_dir)] if corpus_dir.is_dir() else [])
    articles, errors, kb = _extract_articles(paths, quiet=True)
    assert not errors
    seed = [a for a in articles if Path(a.source).name == SEED.name]
    out = {"seed": write_outputs(build_dataset(seed, kb), tmp_path_factory.mktemp("seed"))["trig"],
           "all": None}
    if corpus_dir.is_dir():
        out["all"] = write_outputs(build_dataset(articles, kb), tmp_path_factory.mktemp("all"))["trig"]
    return out


@pytest.fixture(scope="module")
def seed_ds(built):
    return load_data([built["seed"]])


def n_statements(ds) -> int:
    return int(next(iter(ds.query(
        f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a <{NZ}Statement> }} }}")))[0])


# --------------------------------------------------------------------------- GraphML / GEXF

@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_formats_round_trip_through_networkx(seed_ds, tmp_path, fmt):
    path = write_export(seed_ds, fmt, tmp_path / f"g.{fmt}")
    g = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    p = project(seed_ds)
    assert (g.number_of_nodes(), g.number_of_edges()) == (p.number_of_nodes(), p.number_of_edges()) == (17, 23)
    assert g.is_directed() and g.is_multigraph()
    ru = g.nodes[NZR + "russia"]
    assert (ru["label"], ru["label_en"], ru["label_ar"], ru["cls"], ru["wikidata"]) == (
        "Russia", "Russia", "روسيا", "Country", "Q159")
    assert g.nodes[NZR + "uzbekistan"]["label_ar"] == "أوزبكستان"
    edges = {(u, v, d["predicate"]): d for u, v, d in g.edges(data=True)}
    assert {(u, v, k) for u, v, k in p.edges(keys=True)} == set(edges)
    wd = edges[(NZR + "united_states", NZR + "uzbekistan", "withdrawsFrom")]
    assert (wd["start"], wd["end"], wd["dates"]) == ("2005-01-01", "2005-12-31", "2005")
    assert wd["statements"] == 1 and wd["polarity"] == "neutral"
    opp = edges[(NZR + "russia", NZR + "united_states", "opposes")]
    assert opp["polarity"] == "conflict" and "start" not in opp  # undated: no time bounds


def test_gexf_is_dynamic_with_date_bounds(seed_ds):
    xml = to_gexf(seed_ds).decode("utf-8")
    assert 'mode="dynamic"' in xml and 'timeformat="date"' in xml
    assert 'label="withdrawsFrom"' in xml and 'start="2005-01-01"' in xml
    assert 'value="روسيا"' in xml


def test_graph_export_with_kb_facts(seed_ds):
    g = nx.read_graphml(io.BytesIO(export(seed_ds, "graphml", include_kb=True)))
    kb = [(u, v) for u, v, d in g.edges(data=True) if d["kb"]]
    assert (NZR + "uzbekistan", NZR + "central_asia") in kb
    assert g.number_of_edges() > 23


# --------------------------------------------------------------------------- CSV

def test_csv_has_one_row_per_statement(seed_ds):
    rows = list(csv.DictReader(io.StringIO(statements_csv(seed_ds))))
    assert len(rows) == n_statements(seed_ds) == 25
    assert tuple(rows[0]) == CSV_COLUMNS
    wd = next(r for r in rows if r["predicate"] == "withdrawsFrom" and r["object_en"] == "Uzbekistan")
    assert (wd["subject_en"], wd["subject_ar"], wd["object_ar"]) == ("United States", "الولايات المتحدة", "أوزبكستان")
    assert (wd["mode"], wd["date"], wd["confidence"], wd["plover"]) == ("reported", "2005", "0.6", "RETREAT")
    assert "غادرت أوزبكستان عام 2005" in wd["evidence"] and wd["evidence_lang"] == "ar"
    assert wd["source"].endswith("000_88021ef35a1db7c5.txt") and wd["reported_by_en"] == "The Wall Street Journal"
    assert wd["article"].startswith("https://w3id.org/nufuz/doc/")
    modes = {r["mode"] for r in rows}
    assert "negated" in modes  # every statement, not only the truthy ones
    opp = next(r for r in rows if r["predicate"] == "opposes" and r["subject_en"] == "Russia")
    assert (opp["location_en"], opp["object_en"]) == ("Central Asia", "United States")
    # the evidence offsets point into the article
    text = SEED.read_text(encoding="utf-8")
    assert text[int(wd["char_start"]):int(wd["char_end"])] == wd["evidence"]


def test_csv_quotes_commas_quotes_and_newlines():
    ds = example_dataset()
    st = URIRef(NZR + "statement/0a/0")
    g = ds.graph(URIRef("https://w3id.org/nufuz/doc/0a"))
    g.remove((st, NZ.evidence, None))
    tricky = 'قال: "نعم، لا"\nسطر ثان, =1+1'
    g.add((st, NZ.evidence, Literal(tricky, lang="ar")))
    rows = list(csv.DictReader(io.StringIO(statements_csv(ds))))
    assert len(rows) == 5
    assert rows[0]["evidence"] == tricky


@pytest.mark.parametrize("name", ["all"])
def test_seed_and_corpus_exports_keep_counts(built, tmp_path, name):
    if built[name] is None:
        pytest.skip(f"{SHARED / 'corpus' / 'ar'} is absent (the developer corpus lives in ../shared)")
    ds = load_data([built[name]])
    res = invoke("export", built[name], "--format", "csv", "-o", tmp_path / "s.csv")
    assert res.exit_code == 0, res.output
    with open(tmp_path / "s.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == n_statements(ds) > 100
    # every article of the build (the seed + one per corpus file) is in the dataset, and the
    # CSV names exactly those that have statements
    n_corpus = len(list((SHARED / "corpus" / "ar").glob("*.txt")))
    assert len(set(ds.subjects(RDF.type, SCHEMA.NewsArticle))) == n_corpus + 1
    with_statements = {str(a) for a in ds.objects(None, PROV.wasDerivedFrom)}
    assert {r["article"] for r in rows} == with_statements
    assert len(with_statements) > n_corpus // 2
    res = invoke("export", built[name], "-o", tmp_path / "g.graphml")  # format from the suffix
    assert res.exit_code == 0, res.output
    g, p = nx.read_graphml(tmp_path / "g.graphml"), project(read_graph(ds))
    assert (g.number_of_nodes(), g.number_of_edges()) == (p.number_of_nodes(), p.number_of_edges())


# --------------------------------------------------------------------------- JSON-LD

def test_jsonld_round_trips_every_quad(seed_ds, tmp_path):
    path = write_export(seed_ds, "jsonld", tmp_path / "g.jsonld")
    back = Dataset()
    back.parse(path, format="json-ld")
    def quads(d):
        return {(s, p, o, str(getattr(c, "identifier", c)))
                for s, p, o, c in d.quads((None, None, None, None))}

    assert quads(back) == quads(seed_ds)
    assert len(quads(back)) > 600


# --------------------------------------------------------------------------- CLI and errors

def test_cli_export_every_format(built, tmp_path):
    for fmt, suffix in FORMATS.items():
        res = invoke("export", built["seed"], "--format", fmt, "-o", tmp_path / f"out{suffix}")
        assert res.exit_code == 0, res.output
        assert plain(res.output) == str(tmp_path / f"out{suffix}")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"out{s}" for s in FORMATS.values())


def test_cli_export_from_a_store(seed_ds, tmp_path):
    store_mod = pytest.importorskip("kg.store")
    if not hasattr(store_mod, "open_store"):
        pytest.skip("kg.store.open_store is not available")
    try:
        st = store_mod.open_store(tmp_path / "store")
    except store_mod.StoreError as e:  # pragma: no cover - backend missing
        pytest.skip(f"no embedded store: {e}")
    from rdflib import Graph
    graphs = {}
    for g in seed_ds.graphs():
        if len(g) and str(g.identifier) != "urn:x-rdflib:default":
            h = Graph()
            for t in g:
                h.add(t)
            graphs[str(g.identifier)] = h
    st.replace_graphs(graphs)
    st.close()
    res = invoke("export", "--store", tmp_path / "store", "-f", "csv", "-o", tmp_path / "s.csv")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "s.csv").read_bytes().decode("utf-8") == statements_csv(seed_ds)
    res = invoke("export", "--store", tmp_path / "nope", "-f", "csv", "-o", tmp_path / "t.csv")
    assert res.exit_code == 1 and plain(res.output) == f"error: {tmp_path / 'nope'}: no such store directory"


def test_cli_errors_are_one_line_and_write_nothing(built, tmp_path):
    cases = [
        (("export", tmp_path / "missing.trig", "-f", "csv", "-o", tmp_path / "a.csv"),
         f"error: {tmp_path / 'missing.trig'}: no such file"),
        (("export", built["seed"], "-f", "xlsx", "-o", tmp_path / "a.xlsx"),
         "error: unknown export format 'xlsx' (expected one of: graphml, gexf, csv, jsonld)"),
        (("export", built["seed"], "-o", tmp_path / "a.txt"),
         "error: unknown export format 'txt' (expected one of: graphml, gexf, csv, jsonld)"),
        (("export", built["seed"]),
         "error: give --format (graphml, gexf, csv, jsonld) or an output file with one of their suffixes"),
        (("export", "-f", "csv", "-o", tmp_path / "a.csv"),
         "error: no input: give a built dataset FILE (.trig, .nq, .ttl, .jsonld) or --store DIR"),
        (("export", built["seed"], "--store", tmp_path, "-f", "csv", "-o", tmp_path / "a.csv"),
         "error: give either --store DIR or a dataset FILE, not both"),
    ]
    for args, expected in cases:
        res = invoke(*args)
        assert res.exit_code == 1, args
        assert plain(res.output) == expected
    bad = tmp_path / "bad.trig"
    bad.write_text("this is { not trig", encoding="utf-8")
    res = invoke("export", bad, "-f", "graphml", "-o", tmp_path / "b.graphml")
    assert res.exit_code == 1 and len(res.output.strip().splitlines()) == 1
    assert plain(res.output).startswith(f"error: {bad}: not valid trig:")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.trig"]
    with pytest.raises(ExportError):
        export(example_dataset(), "pdf")


def test_export_replaces_an_existing_file_atomically(seed_ds, tmp_path):
    target = tmp_path / "s.csv"
    target.write_text("old", encoding="utf-8")
    write_export(seed_ds, "csv", target)
    assert target.read_text(encoding="utf-8").startswith("statement,subject,")
    assert [p.name for p in tmp_path.iterdir()] == ["s.csv"]


def test_readme_names_the_csv_columns_of_the_file():
    """The README's CSV bullet lists exactly the header row that statements_csv writes (no
    ``outlet`` or ``speaker`` column: they are ``reported_by`` and ``attributed_to``)."""
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    bullet = readme.split("CSV with one row per statement", 1)[1].split("JSON-LD with all", 1)[0]
    named = re.findall(r"`([a-z_]+)`", bullet)
    header = next(csv.reader(io.StringIO(statements_csv(example_dataset()))))
    assert named == list(CSV_COLUMNS) == header
    assert "outlet" not in header and "speaker" not in header


def test_graph_formats_carry_the_article_date_of_undated_statements(seed_ds):
    """Issue 13 (time): an undated statement counts at its article's publication date, so
    Gephi's timeline places it; a statement's own date still wins."""
    import copy

    from rdflib.namespace import XSD

    ds = copy.deepcopy(seed_ds)
    doc = next(g.identifier for g in ds.graphs()
               if str(g.identifier).startswith("https://w3id.org/nufuz/doc/"))
    ds.graph(doc).add((doc, URIRef("http://schema.org/datePublished"),
                       Literal("2021-06-16", datatype=XSD.date)))
    g = nx.read_graphml(io.BytesIO(to_graphml(ds)))
    edges = {(u, v, d["predicate"]): d for u, v, d in g.edges(data=True)}
    opp = edges[(NZR + "russia", NZR + "united_states", "opposes")]
    assert (opp["start"], opp["end"], opp["dates"], opp["article_dates"]) == (
        "2021-06-16", "2021-06-16", "", "2021-06-16")
    wd = edges[(NZR + "united_states", NZR + "uzbekistan", "withdrawsFrom")]
    assert (wd["start"], wd["end"], wd["article_dates"]) == ("2005-01-01", "2005-12-31", "")
    xml = to_gexf(ds).decode("utf-8")
    assert 'start="2021-06-16"' in xml and 'start="2005-01-01"' in xml
    # without the publication date the undated edge has no bounds (as before)
    g0 = nx.read_graphml(io.BytesIO(to_graphml(seed_ds)))
    opp0 = next(d for u, v, d in g0.edges(data=True)
                if (u, v, d["predicate"]) == (NZR + "russia", NZR + "united_states", "opposes"))
    assert "start" not in opp0 and opp0["article_dates"] == ""
