"""SPARQL over a store: the query library on the seed + corpus build (embedded Oxigraph and
rdflib give the same rows), parameters, result formats, pandas and ``nufuz query``."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.query import (
    ParamError, bind_params, library, param_slots, query_df, resolve_entity, run_query,
    to_dataframe,
)
from kg.rdf import build_dataset, write_outputs
from kg.store import MemoryStore, OxigraphStore, QueryError, write_articles

pytest.importorskip("pyoxigraph")
pd = pytest.importorskip("pandas")

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "ar"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ar"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"developer corpus not found at {CORPUS}")

runner = CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Seed (+ corpus when present) extracted once; stored in Oxigraph, in memory and as TriG."""
    from extractors.pipeline import Extractor
    from extractors.sources import discover, read_article
    from ontology.kb import load_kb

    files, errors = discover([str(SEED)] + ([str(CORPUS)] if CORPUS.is_dir() else []))
    assert not errors
    raws = [r for f in files for r in read_article(f)]
    kb = load_kb()
    arts = list(Extractor("ar", kb=kb).extract_many(raws))
    tmp = tmp_path_factory.mktemp("query")
    ox = OxigraphStore(tmp / "store")
    write_articles(ox, arts, kb)
    mem = MemoryStore()
    write_articles(mem, arts, kb)
    trig = write_outputs(build_dataset(arts, kb), tmp / "out")["trig"]
    ox.close()  # reopened read-only below, as `nufuz query` does
    ro = OxigraphStore(tmp / "store", read_only=True)
    yield {"oxigraph": ro, "memory": mem, "dir": tmp / "store", "trig": trig}
    ro.close()


def _rows(store, name, params=None):
    res = run_query(store, name, params=params)
    return [dict(zip(res.variables, (None if t is None else str(t) for t in row))) for row in res.rows]


def _same_rows_on_both(built, name, params=None):
    ox, mem = _rows(built["oxigraph"], name, params), _rows(built["memory"], name, params)
    key = lambda r: tuple(sorted((k, str(v)) for k, v in r.items()))  # noqa: E731
    # Oxigraph writes xsd:decimal canonically; none of the library's columns is a decimal
    assert sorted(ox, key=key) == sorted(mem, key=key), name
    return ox


def _has(rows, **want):
    return any(all(r.get(k) == v for k, v in want.items()) for r in rows)


# --------------------------------------------------------------------------- the library

def test_library_files_have_headers_and_slots():
    lib = library()
    assert set(lib) == {"stances-between", "actor-statements", "presence-by-year", "outlet-stances",
                        "outlet-overview", "entities-wikidata"}
    for q in lib.values():
        assert q.title and q.description and q.example.startswith(f"nufuz query -q {q.name}")
        assert set(q.params) == set(param_slots(q.text)), q.name
    # the actor/region questions need their actor/region; the overviews do not
    assert {n: q.required for n, q in lib.items()} == {
        "stances-between": ("a", "b"), "actor-statements": ("actor",), "presence-by-year": ("region",),
        "outlet-stances": ("outlet",), "outlet-overview": (), "entities-wikidata": ()}


def test_stances_between_russia_and_the_united_states(built):
    rows = _same_rows_on_both(built, "stances-between", {"a": "Russia", "b": "United States"})
    # the seed: Russia opposes the US (in Central Asia), reported by the Wall Street Journal
    assert _has(rows, subject="Russia", stance="opposes", object="United States", mode="reported",
                location="Central Asia", outlet="The Wall Street Journal")
    assert all({r["subject"], r["object"]} == {"Russia", "United States"} for r in rows)
    assert all(r["evidence"] and r["source"] for r in rows)
    # the same pair named in Arabic and by Wikidata id, and in the other order
    assert _rows(built["oxigraph"], "stances-between", {"a": "الولايات المتحدة", "b": "Q159"}) == \
        _rows(built["oxigraph"], "stances-between", {"a": "Russia", "b": "United States"})


@needs_corpus
def test_stances_between_from_the_corpus(built):
    rows = _rows(built["oxigraph"], "stances-between", {"a": "Russia", "b": "United States"})
    assert _has(rows, subject="United States", stance="sanctions", object="Russia",
                published="2015-08-01")
    dated = [r["published"] for r in rows if r["published"]]
    assert dated == sorted(dated, reverse=True)  # newest first


def test_actor_statements_of_putin(built):
    rows = _same_rows_on_both(built, "actor-statements", {"actor": "Vladimir Putin"})
    assert _has(rows, role="subject", subject="Vladimir Putin", predicate="meetsWith",
                object="Joe Biden", mode="reported", outlet="The Wall Street Journal",
                location="Central Asia")
    assert all("Vladimir Putin" in (r["subject"], r["object"], r["speaker"]) for r in rows)


@needs_corpus
def test_actor_statements_speaker_role(built):
    rows = _rows(built["oxigraph"], "actor-statements", {"actor": "Vladimir Putin"})
    assert _has(rows, role="speaker", subject="Russia", predicate="cooperatesWith",
                object="Saudi Arabia", published="2018-06-01")


def test_presence_in_central_asia_by_year(built):
    rows = _same_rows_on_both(built, "presence-by-year", {"region": "Central Asia"})
    assert _has(rows, year="2005", region_label="Central Asia", actor_label="United States",
                relation="withdrawsFrom", place_label="Uzbekistan", statements="1", modes="reported")
    assert _has(rows, actor_label="Russia", relation="seeksInfluenceIn", place_label="Central Asia")
    assert _has(rows, actor_label="United States", relation="seeksMilitaryPresenceIn",
                place_label="Central Asia")
    assert all(r["region_label"] == "Central Asia" for r in rows)
    assert not _has(rows, modes="negated")



PLACES_TRIG = """
@prefix nz: <https://w3id.org/nufuz/ontology#> . @prefix nzr: <https://w3id.org/nufuz/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix schema: <http://schema.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
<https://w3id.org/nufuz/graph/kb> {
  nzr:syria a nz:Country ; skos:prefLabel "Syria"@en, "سوريا"@ar .
  nzr:tartus a nz:City ; skos:prefLabel "Tartus"@en ; nz:partOf nzr:syria .
  nzr:city\\/qamishli-base nz:partOf nzr:syria .
  nzr:russia a nz:Country ; skos:prefLabel "Russia"@en .
}
<https://w3id.org/nufuz/graph/entities> {
  nzr:city\\/qamishli-base a nz:MilitaryBase ; skos:prefLabel "Qamishli base"@en, "قاعدة القامشلي"@ar .
}
<https://w3id.org/nufuz/doc/1> {
  <https://w3id.org/nufuz/doc/1> schema:datePublished "2019-05-01"^^<http://www.w3.org/2001/XMLSchema#date> .
  <https://w3id.org/nufuz/doc/1#s1> rdf:subject nzr:russia ; rdf:predicate nz:hasMilitaryPresenceIn ;
      rdf:object nzr:tartus ; nz:mode "asserted" .
  <https://w3id.org/nufuz/doc/1#s2> rdf:subject nzr:russia ; rdf:predicate nz:hasMilitaryPresenceIn ;
      rdf:object nzr:city\\/qamishli-base ; nz:mode "reported" ; nz:date "2017"^^<http://www.w3.org/2001/XMLSchema#gYear> .
  <https://w3id.org/nufuz/doc/1#s3> rdf:subject nzr:russia ; rdf:predicate nz:withdrawsFrom ;
      rdf:object nzr:tartus ; nz:mode "negated" .
}
"""


def test_presence_labels_places_inside_the_region(tmp_path):
    """Places inside the region get the KB's label, or the entities graph's when the KB has none;
    negated statements are left out; the year falls back to the publication date."""
    f = tmp_path / "places.trig"
    f.write_text(PLACES_TRIG, encoding="utf-8")
    mem = MemoryStore.from_file(f)
    ox = OxigraphStore(tmp_path / "store")
    ox.import_file(f)
    for st in (mem, ox):
        rows = _rows(st, "presence-by-year", {"region": "Syria"})
        got = sorted((r["year"], r["region_label"], r["actor_label"], r["relation"], r["place_label"],
                      r["modes"]) for r in rows)
        assert got == [("2017", "Syria", "Russia", "hasMilitaryPresenceIn", "Qamishli base", "reported"),
                       ("2019", "Syria", "Russia", "hasMilitaryPresenceIn", "Tartus", "asserted")], st
    ox.close()

def test_outlets_and_their_stances(built):
    rows = _same_rows_on_both(built, "outlet-stances", {"outlet": "WSJ"})
    assert _has(rows, outlet_label="The Wall Street Journal", subject="Russia", stance="opposes",
                object="United States", statements="1", articles="1")
    assert rows and all(r["outlet_label"] == "The Wall Street Journal" for r in rows)


def test_outlet_overview(built):
    rows = _same_rows_on_both(built, "outlet-overview")
    wsj = {r["stance"]: r for r in rows if r["outlet_label"] == "The Wall Street Journal"}
    # the seed: the WSJ reports Russia/Putin opposing the US (forces) in one article
    assert wsj["opposes"]["modes"] == "reported" and int(wsj["opposes"]["articles"]) == 1
    assert int(wsj["opposes"]["statements"]) >= 1
    counts = [int(r["statements"]) for r in rows if r["outlet_label"] == "The Wall Street Journal"]
    assert counts == sorted(counts, reverse=True)  # most reported stance first
    assert all(r["stance"] in ("opposes", "supports", "cooperatesWith", "seeksCooperationWith",
                               "meetsWith", "pressures", "attacks", "sanctions") for r in rows)
    # the overview's counts are the per-outlet details summed over the actors
    for r in rows:
        detail = _rows(built["oxigraph"], "outlet-stances", {"outlet": f"<{r['outlet']}>"})
        assert sum(int(d["statements"]) for d in detail if d["stance"] == r["stance"]) == int(r["statements"])


def test_entities_with_wikidata_ids(built):
    rows = _same_rows_on_both(built, "entities-wikidata", {"class": "nz:Country"})
    assert _has(rows, entity="https://w3id.org/nufuz/id/russia", qid="Q159",
                wikidata="http://www.wikidata.org/entity/Q159", class_name="Country", label_en="Russia",
                label_ar="روسيا")
    assert all(r["class_name"] == "Country" for r in rows)
    counts = [int(r["articles"]) for r in rows]
    assert counts == sorted(counts, reverse=True)
    if CORPUS.is_dir():
        assert int(next(r for r in rows if r["qid"] == "Q159")["articles"]) >= 5


# --------------------------------------------------------------------------- parameters

def test_resolve_entity_forms(built):
    st = built["oxigraph"]
    russia = "https://w3id.org/nufuz/id/russia"
    for form in ("Russia", "russia", "روسيا", "Q159", "wd:Q159", "http://www.wikidata.org/entity/Q159",
                 "nzr:russia", f"<{russia}>", russia):
        assert [str(x) for x in resolve_entity(st, form)] == [russia], form
    assert resolve_entity(st, "Atlantis") == []
    # an id the store never uses names nothing (instead of silently giving no rows)
    assert resolve_entity(st, "nzr:narnia") == [] and resolve_entity(st, "nz:Nope") == []
    assert [str(x) for x in resolve_entity(st, "nz:Country")] == ["https://w3id.org/nufuz/ontology#Country"]


def test_bad_params(built):
    text = library()["stances-between"].text
    with pytest.raises(ParamError, match="no parameter 'c'"):
        bind_params(text, {"c": "Russia"}, built["oxigraph"])
    with pytest.raises(ParamError, match="no entity"):
        bind_params(text, {"a": "Atlantis", "b": "Russia"}, built["oxigraph"])
    with pytest.raises(ParamError, match=r"^stances-between needs --param b=NAME \("):
        bind_params(text, {"a": "Russia"}, built["oxigraph"])
    with pytest.raises(ParamError, match="needs --param region=NAME"):
        run_query(built["oxigraph"], "presence-by-year")
    bound = bind_params(text, {"a": "Russia", "b": "Q30"}, built["oxigraph"])
    assert param_slots(bound) == []
    assert bound.count("VALUES ?a { <https://w3id.org/nufuz/id/russia> }") == 2
    assert bound.count("VALUES ?b { <https://w3id.org/nufuz/id/united_states> }") == 2
    # an optional parameter may stay free: its slot is kept (UNDEF = any)
    bound = bind_params(library()["presence-by-year"].text, {"region": "Central Asia"}, built["oxigraph"])
    assert param_slots(bound) == ["actor"]
    # without a store, IRIs (Wikidata's too) are taken as they are; a malformed one names nothing
    assert bind_params(text, {"a": "wd:Q30", "b": "nzr:russia"}).count("<http://www.wikidata.org/entity/Q30>") == 2
    with pytest.raises(ParamError, match="no entity"):
        bind_params(text, {"a": "http://example.org/x>", "b": "Russia"}, built["oxigraph"])
    # a query without a header has no required parameter
    assert param_slots(bind_params("SELECT * WHERE { VALUES ?x { UNDEF } }", {})) == ["x"]


# --------------------------------------------------------------------------- pandas

def test_query_df_types(built):
    df = query_df("presence-by-year", store=built["dir"], params={"region": "Central Asia"})
    assert list(df.columns)[:3] == ["year", "region_label", "actor_label"]
    assert df["statements"].dtype.kind == "i"
    assert str(df["year"].dtype) in ("Int64", "int64")  # never float, even with year-less rows
    row = df[(df.place_label == "Uzbekistan") & (df.relation == "withdrawsFrom")].iloc[0]
    assert row.year == 2005 and isinstance(row.actor_label, str) and row.actor_label == "United States"


def test_query_df_on_a_file_and_a_store_object(built):
    # DISTINCT: on Oxigraph a triple stated in several graphs matches once per graph
    q = "SELECT DISTINCT ?label WHERE { nzr:russia skos:prefLabel ?label } ORDER BY STR(?label)"
    from_file = query_df(q, data=built["trig"])
    from_store = query_df(q, store=built["oxigraph"])
    assert from_file["label"].tolist() == from_store["label"].tolist() == ["Russia", "روسيا"]
    ask = query_df("ASK { nzr:russia a nz:Country }", store=built["oxigraph"])
    assert ask["boolean"].tolist() == [True]
    import kg

    assert kg.query_df is query_df


def test_to_dataframe_numbers():
    res = MemoryStore().query('SELECT ?i ?d ?b ?s WHERE { BIND(3 AS ?i) BIND(0.25 AS ?d) '
                              'BIND(true AS ?b) BIND("x"@en AS ?s) }')
    df = to_dataframe(res)
    assert df.iloc[0].to_dict() == {"i": 3, "d": 0.25, "b": True, "s": "x"}


# --------------------------------------------------------------------------- CLI

def test_cli_library_query_csv(built):
    r = runner.invoke(app, ["query", "-q", "stances-between", "--param", "a=Russia", "--param",
                            "b=United States", "--store", str(built["dir"]), "--format", "csv"])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert any(x["subject"] == "Russia" and x["stance"] == "opposes" and x["outlet"] == "The Wall Street Journal"
               for x in rows)


def test_cli_json_and_tsv_and_data_file(built):
    q = "SELECT ?c WHERE { nzr:russia a ?c }"
    r = runner.invoke(app, ["query", q, "--data", str(built["trig"]), "-F", "json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert doc["head"]["vars"] == ["c"]
    assert {"type": "uri", "value": "https://w3id.org/nufuz/ontology#Country"} in \
        [b["c"] for b in doc["results"]["bindings"]]
    t = runner.invoke(app, ["query", q, "--store", str(built["dir"]), "-F", "tsv"])
    assert t.output.splitlines()[0] == "?c" and "<https://w3id.org/nufuz/ontology#Country>" in t.output


def test_cli_construct_prints_turtle(built):
    r = runner.invoke(app, ["query", "CONSTRUCT { nzr:russia a ?c } WHERE { nzr:russia a ?c }",
                            "--store", str(built["dir"])])
    assert r.exit_code == 0 and "nzr:russia a nz:Country" in r.output


def test_cli_query_file_and_table(built, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text("SELECT DISTINCT ?l WHERE {\n  nzr:russia skos:prefLabel ?l FILTER(lang(?l) = 'en')\n}\n",
                 encoding="utf-8")
    r = runner.invoke(app, ["query", "-f", str(f), "--store", str(built["dir"])])
    assert r.exit_code == 0 and "Russia" in r.output and "1 row(s)" in r.output


def test_cli_list():
    r = runner.invoke(app, ["query", "--list"])
    assert r.exit_code == 0
    for name in library():
        assert name in r.output


@pytest.mark.parametrize("args, expected", [
    (["SELECT ?s WHERE {\n ?s ?p }"], "malformed SPARQL: line 2, column"),
    (["SELECT ?s WHERE { ?s foo:p ?o }"], "undeclared prefix foo:"),
    (["-q", "no-such-query"], "no library query 'no-such-query'"),
    (["-q", "stances-between", "--param", "a=Atlantis", "--param", "b=Russia"], "no entity"),
    (["-q", "stances-between", "--param", "a=Russia"], "stances-between needs --param b=NAME"),
    (["-q", "actor-statements"], "actor-statements needs --param actor=NAME"),
    (["-q"], "-q --store: expected a library query name after -q"),
    (["-q", "actor-statements", "--param", "actor=nzr:narnia"], "no entity"),
    (["-q", "actor-statements", "--param", "actor=Russia", "--param", "actor=Putin"], "--param actor given twice"),
    (["-q", "stances-between", "--param", "zz=Russia"], "no parameter 'zz'"),
    (["SELECT * WHERE { ?s ?p ?o }", "-F", "xml"], "unknown --format"),
])
def test_cli_errors_are_one_line(built, args, expected):
    r = runner.invoke(app, ["query", *args, "--store", str(built["dir"])])
    assert r.exit_code == 1
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and expected in lines[0], r.output
    assert "Traceback" not in r.output


def test_cli_needs_exactly_one_source(built):
    r = runner.invoke(app, ["query", "ASK {}"])
    assert r.exit_code == 1 and "give exactly one of" in r.output
    r = runner.invoke(app, ["query", "ASK {}", "--store", str(built["dir"]), "--data", str(built["trig"])])
    assert r.exit_code == 1 and "give exactly one of" in r.output


def test_cli_store_dir_missing(tmp_path):
    r = runner.invoke(app, ["query", "ASK {}", "--store", str(tmp_path / "none")])
    assert r.exit_code == 1 and "no such store" in r.output
    assert not (tmp_path / "none").exists()


def test_malformed_query_on_memory_backend():
    with pytest.raises(QueryError, match=r"line 1, column \d+"):
        MemoryStore().query("SELECT ?x WHERE { ?x ?y }")


def test_cli_show_prints_the_query_unwrapped(built):
    # no parameters: the file as it is, no store needed
    r = runner.invoke(app, ["query", "-q", "outlet-overview", "--show"])
    assert r.exit_code == 0 and r.output == library()["outlet-overview"].text
    # parameters filled in; the text is never re-wrapped, so it runs as printed
    r = runner.invoke(app, ["query", "-q", "stances-between", "--param", "a=Russia", "--param", "b=wd:Q30",
                            "--store", str(built["dir"]), "--show"], terminal_width=60)
    assert r.exit_code == 0
    assert "VALUES ?b { <https://w3id.org/nufuz/id/united_states> }" in r.output
    assert all(ln.startswith("#") for ln in r.output.splitlines()[:3])
    again = run_query(built["oxigraph"], r.output)
    assert again.rows and len(again.rows) == len(
        run_query(built["oxigraph"], "stances-between", {"a": "Russia", "b": "United States"}).rows)


def test_cli_table_fits_the_terminal(built):
    # too many columns for 80: one block per row, every value whole (the evidence too)
    r = runner.invoke(app, ["query", "-q", "stances-between", "--param", "a=Russia", "--param",
                            "b=United States", "--store", str(built["dir"])], env={"COLUMNS": "80"})
    assert r.exit_code == 0 and r.output.startswith("-- row 1\n")
    block = r.output.split("-- row 2")[0]
    assert "  subject  " in block and "   stance  " in block and "evidence  " in block
    evidence = run_query(built["oxigraph"], "stances-between", {"a": "Russia", "b": "United States"}).rows[0][9]
    assert " ".join(str(evidence).split()[:4]) in " ".join(block.split())
    # few columns: a table, one line per row
    r = runner.invoke(app, ["query", "-q", "outlet-overview", "--store", str(built["dir"])],
                      env={"COLUMNS": "200"})
    lines = r.output.splitlines()
    assert r.exit_code == 0 and lines[0].split()[:3] == ["outlet_label", "stance", "statements"]
    # (the footer may add the hint that long values were cut: an outlet IRI can be long)
    assert lines[-1].split()[1].startswith("row(s)") and len(lines) == int(lines[-1].split()[0]) + 2
