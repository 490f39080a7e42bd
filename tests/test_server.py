"""Tests for kg/server.py and `nufuz serve`: real HTTP requests against a started server.

The store is the seed article (examples/ar) built with the extractors and kg.rdf; every
answer is checked against the same query run on the store directly.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.server import GRAPH_TYPES, SELECT_TYPES, SparqlServer, negotiate, request_form
from kg.store import MemoryStore

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "ar" / "000_88021ef35a1db7c5.txt"
SRX = "{http://www.w3.org/2005/sparql-results#}"

COUNTRIES = """SELECT ?e ?en ?wd WHERE {
  ?e a nz:Country ; skos:prefLabel ?en . FILTER(lang(?en) = "en")
  OPTIONAL { ?e owl:sameAs ?wd } } ORDER BY ?en"""
ARTICLES = "SELECT ?doc ?headline WHERE { ?doc a schema:NewsArticle OPTIONAL { ?doc schema:headline ?headline } }"
STATEMENTS = """SELECT ?st ?p ?evidence WHERE { ?st a nz:Statement ; rdf:predicate ?p ; nz:evidence ?evidence }
ORDER BY ?st"""
CONSTRUCT_EDGES = """CONSTRUCT { ?s ?p ?o } WHERE { ?st a nz:Statement ; rdf:subject ?s ; rdf:predicate ?p ;
  rdf:object ?o }"""


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def seed_dataset():
    from extractors.pipeline import Extractor
    from extractors.sources import read_article
    from kg.rdf import build_dataset
    from ontology.kb import load_kb

    kb = load_kb()
    arts = list(Extractor("ar", kb=kb).extract_many(read_article(SEED)))
    return build_dataset(arts, kb)


@pytest.fixture(scope="module")
def store(seed_dataset):
    return MemoryStore(seed_dataset)


def _start(store, **kw) -> SparqlServer:
    server = SparqlServer(store, "127.0.0.1", 0, **kw)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def server(store):
    from kg.cli_store import graph_page  # the renderer `nufuz serve` hands in

    srv = _start(store, timeout=10, max_rows=100, render_graph=graph_page)
    yield srv
    srv.shutdown()
    srv.server_close()


def http(method: str, url: str, data: bytes | None = None, headers: dict | None = None):
    """(status, headers, body) of a real HTTP request; error statuses are returned too."""
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def get(server, query: str, accept: str | None = None, **params):
    qs = urllib.parse.urlencode({"query": query, **params})
    return http("GET", f"{server.sparql_url}?{qs}", headers={"Accept": accept} if accept else {})


def post_form(server, query: str, accept: str | None = None):
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if accept:
        headers["Accept"] = accept
    return http("POST", server.sparql_url, urllib.parse.urlencode({"query": query}).encode("ascii"), headers)


def post_direct(server, query: str, accept: str | None = None):
    headers = {"Content-Type": "application/sparql-query; charset=utf-8"}
    if accept:
        headers["Accept"] = accept
    return http("POST", server.sparql_url, query.encode("utf-8"), headers)


def expected(store, query: str) -> list[tuple]:
    return store.query(query).rows


def json_term(b: dict):
    if b["type"] == "uri":
        return URIRef(b["value"])
    if b["type"] == "literal":
        return Literal(b["value"], lang=b.get("xml:lang"), datatype=b.get("datatype"))
    raise AssertionError(b)


# --------------------------------------------------------------------------- SELECT

def test_get_select_json_matches_the_store(server, store):
    status, headers, body = get(server, COUNTRIES)
    assert status == 200
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    doc = json.loads(body)
    assert doc["head"]["vars"] == ["e", "en", "wd"]
    rows = [tuple(json_term(b[v]) if v in b else None for v in ("e", "en", "wd")) for b in doc["results"]["bindings"]]
    assert rows == expected(store, COUNTRIES)
    by_name = {str(en): (str(e), str(wd)) for e, en, wd in rows}
    assert by_name["Russia"] == ("https://w3id.org/nufuz/id/russia", "http://www.wikidata.org/entity/Q159")
    assert by_name["United States"][1] == "http://www.wikidata.org/entity/Q30"
    assert "X-Nufuz-Truncated" not in headers


def test_post_form_select_csv(server, store):
    status, headers, body = post_form(server, COUNTRIES, accept="text/csv")
    assert status == 200
    assert headers["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert table[0] == ["e", "en", "wd"]
    assert table[1:] == [[str(t) if t is not None else "" for t in r] for r in expected(store, COUNTRIES)]
    assert ["https://w3id.org/nufuz/id/russia", "Russia", "http://www.wikidata.org/entity/Q159"] in table


def test_post_direct_select_tsv_keeps_arabic_evidence(server, store):
    status, headers, body = post_direct(server, STATEMENTS, accept="text/tab-separated-values")
    assert status == 200
    assert headers["Content-Type"].startswith("text/tab-separated-values")
    lines = body.decode("utf-8").rstrip("\n").split("\n")
    assert lines[0] == "?st\t?p\t?evidence"
    rows = [line.split("\t") for line in lines[1:]]
    want = expected(store, STATEMENTS)
    assert len(rows) == len(want) > 0
    for (st, p, ev), (w_st, w_p, w_ev) in zip(rows, want):
        assert st == f"<{w_st}>" and p == f"<{w_p}>"
        assert ev.endswith('"@ar') and "\n" not in ev
        assert ev[1:-4].replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\") == str(w_ev)


def test_get_select_xml(server, store):
    status, headers, body = get(server, ARTICLES, accept="application/sparql-results+xml")
    assert status == 200
    assert headers["Content-Type"].startswith("application/sparql-results+xml")
    root = ET.fromstring(body)
    assert [v.get("name") for v in root.iter(SRX + "variable")] == ["doc", "headline"]
    uris = [u.text for u in root.iter(SRX + "uri")]
    assert uris == [str(r[0]) for r in expected(store, ARTICLES)]
    assert uris[0].startswith("https://w3id.org/nufuz/doc/")


def test_accept_q_values_and_format_parameter(server):
    status, headers, _ = get(server, ARTICLES, accept="text/csv;q=0.2, text/tab-separated-values;q=0.9")
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")
    status, headers, body = get(server, ARTICLES, accept="text/html", format="csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body.decode("utf-8").startswith("doc,headline")
    status, _, body = get(server, ARTICLES, accept="image/png")
    assert status == 406 and b"application/sparql-results+json" in body


def test_predeclared_prefixes_and_own_prefixes(server):
    q = "PREFIX x: <https://w3id.org/nufuz/ontology#> SELECT (COUNT(?s) AS ?n) WHERE { ?s a x:Statement }"
    status, _, body = get(server, q)
    assert status == 200
    n = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    status, _, body = get(server, "SELECT (COUNT(?s) AS ?n) WHERE { ?s a nz:Statement }")
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == n > 0


# --------------------------------------------------------------------------- ASK, CONSTRUCT

def test_ask_true_false_json_and_xml(server):
    status, _, body = get(server, "ASK { nzr:russia a nz:Country }")
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    status, _, body = post_form(server, "ASK { nzr:russia a nz:Person }")
    assert json.loads(body)["boolean"] is False
    status, headers, body = get(server, "ASK { nzr:russia a nz:Country }", accept="application/sparql-results+xml")
    assert status == 200 and ET.fromstring(body).find(SRX + "boolean").text == "true"
    status, _, _ = get(server, "ASK { ?s ?p ?o }", accept="text/csv")
    assert status == 406


def test_construct_turtle_and_ntriples(server, store):
    want = store.query(CONSTRUCT_EDGES).graph
    assert len(want) > 5
    status, headers, body = get(server, CONSTRUCT_EDGES)
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    g = Graph().parse(data=body, format="turtle")
    assert set(g) == set(want)
    status, headers, body = post_direct(server, CONSTRUCT_EDGES, accept="application/n-triples")
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    assert all(line.endswith(" .") for line in body.decode("utf-8").strip().split("\n"))
    assert set(Graph().parse(data=body, format="nt")) == set(want)


# --------------------------------------------------------------------------- refusals

def test_updates_are_refused_and_the_store_is_unchanged(server, store):
    before = len(store)
    ins = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"
    status, _, body = http("POST", server.sparql_url, urllib.parse.urlencode({"update": ins}).encode(),
                           {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and b"read-only" in body
    status, _, _ = http("POST", server.sparql_url, ins.encode(), {"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, body = get(server, "PREFIX ex: <urn:x#> # comment\n DELETE WHERE { ?s ?p ?o }")
    assert status == 403 and b"DELETE" in body
    status, _, _ = http("PUT", server.sparql_url, b"<urn:a> <urn:b> <urn:c> .", {"Content-Type": "text/turtle"})
    assert status == 405
    assert len(store) == before


def test_federated_queries_are_refused(server):
    status, _, body = get(server, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert status == 403 and b"SERVICE" in body
    status, _, _ = get(server, 'SELECT ?service WHERE { BIND("SERVICE" AS ?service) }')  # only words
    assert status == 200


def test_malformed_query_is_400_with_the_parser_message(server):
    status, headers, body = get(server, "SELECT ?s WHERE { ?s ?p }")
    text = body.decode("utf-8")
    assert status == 400 and headers["Content-Type"].startswith("text/plain")
    assert text.startswith("malformed SPARQL:") and "line 1" in text and "Traceback" not in text
    assert text.count("\n") == 1


def test_bad_requests(server):
    assert http("GET", server.sparql_url)[0] == 400
    assert http("GET", server.url + "nothing")[0] == 404
    status, _, body = get(server, ARTICLES, **{"default-graph-uri": "urn:g"})
    assert status == 400 and b"default-graph-uri" in body
    status, _, _ = http("POST", server.sparql_url, b"query=x", {"Content-Type": "text/plain"})
    assert status == 415


# --------------------------------------------------------------------------- limits

def test_row_limit_truncates_with_a_header(server, store):
    n_triples = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].toPython()
    assert n_triples > 100
    status, headers, body = get(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == 100
    assert headers["X-Nufuz-Truncated"] == "true" and headers["X-Nufuz-Max-Rows"] == "100"
    status, headers, body = get(server, "CONSTRUCT WHERE { ?s ?p ?o }", accept="application/n-triples")
    assert status == 200 and headers["X-Nufuz-Truncated"] == "true"
    assert len(Graph().parse(data=body, format="nt")) == 100


def test_slow_query_times_out_with_503(store):
    # the cross product of all triples with themselves: ~400 000 rows, many seconds in rdflib
    srv = _start(store, timeout=0.1, max_rows=0, workers=1)
    try:
        t0 = time.perf_counter()
        status, _, body = get(srv, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }")
        elapsed = time.perf_counter() - t0
        assert status == 503 and b"timed out after 0.1 s" in body
        assert elapsed < 3
    finally:
        srv.shutdown()
        srv.server_close()


# --------------------------------------------------------------------------- HTML

def test_graph_serves_the_html_graph(server, store):
    status, headers, body = http("GET", server.url + "graph")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode("utf-8")
    assert page.lstrip().lower().startswith("<!doctype html") or "<html" in page.lower()
    assert "Russia" in page and "روسيا" in page
    assert http("GET", server.url + "graph")[2] == body  # cached


def _table(page: str, table_id: str) -> list[list[str]]:
    """The cell texts of the rows of the HTML table ``table_id`` (header row first)."""
    from html.parser import HTMLParser

    rows: list[list[str]] = []

    class P(HTMLParser):
        inside = False
        cell: list[str] | None = None

        def handle_starttag(self, tag, attrs):
            if tag == "table" and dict(attrs).get("id") == table_id:
                self.inside = True
            elif self.inside and tag == "tr":
                rows.append([])
            elif self.inside and tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag):
            if tag == "table":
                self.inside = False
            elif self.inside and tag in ("td", "th") and self.cell is not None:
                rows[-1].append("".join(self.cell))
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell.append(data)

    P().feed(page)
    return rows


def test_the_graph_page_is_drawn_by_the_renderer_the_server_is_given(server, store):
    """/graph is the page of the renderer the CLI hands in (visualizations.html), built once;
    a server given no renderer has no graph page and does not link one."""
    status, headers, body = http("GET", server.url + "graph")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode("utf-8")
    assert "<html" in page.lower() and "russia" in page.lower()
    assert http("GET", server.url + "graph")[2] == body  # cached
    # the page of `nufuz view --store` without a focus (read by queries, the default limits)
    from kg.cli_views import VIEW_MAX_ENTITIES, VIEW_MAX_EVIDENCE
    from visualizations.explorer import explorer_data

    blob = json.loads(re.search(r'<script type="application/json" id="nz-data">(.*?)</script>', page, re.S).group(1))
    whole = explorer_data(store.dataset(), max_entities=VIEW_MAX_ENTITIES, max_evidence=VIEW_MAX_EVIDENCE)
    assert blob["nodes"] == whole["nodes"] and blob["statements"] == whole["statements"] and blob["nodes"]
    calls = []

    def render(st, title):
        calls.append((st is store, title))
        return f"<p>{title}: {len(st.dataset())} quads</p>".encode()

    own = _start(store, timeout=10, render_graph=render, title="mine")
    bare = _start(store, timeout=10)
    try:
        assert http("GET", own.url + "graph")[2] == f"<p>mine: {len(store.dataset())} quads</p>".encode()
        assert calls == [(True, "mine")]
        assert http("GET", bare.url + "graph")[0] == 404
        for srv, linked in ((own, True), (bare, False)):
            for path in ("", "query"):
                page = http("GET", srv.url + path)[2].decode("utf-8")
                assert ('href="/graph"' in page) is linked and 'href="/query"' in page
    finally:
        for srv in (own, bare):
            srv.shutdown()
            srv.server_close()


def test_root_is_an_overview_that_links_to_the_query_form(server, store):
    status, headers, body = http("GET", server.url)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode("utf-8")
    assert 'href="/query"' in page and 'href="/graph"' in page
    ents = _table(page, "nz-entities")
    assert ents[0] == ["entity", "English", "Arabic", "type", "statements"]
    by_id = {r[0]: r for r in ents[1:]}
    # the statement counts are the store's own
    n_russia = int(store.query("SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE { { ?st rdf:subject nzr:russia } "
                               "UNION { ?st rdf:object nzr:russia } }").rows[0][0])
    assert by_id["nzr:russia"][1:3] == ["Russia", "روسيا"] and int(by_id["nzr:russia"][4]) == n_russia > 0
    assert "nz:Country" in by_id["nzr:russia"][3]
    counts = [int(r[4]) for r in ents[1:]]
    assert counts == sorted(counts, reverse=True)
    edges = _table(page, "nz-edges")
    assert len(edges) > 1 and all(r[1].startswith("nz:") for r in edges[1:])
    assert http("GET", server.url)[2] == body  # cached
    assert http("GET", server.url + "index.html")[2] == body


def test_query_form_lists_the_library_and_loads_an_example(server):
    from kg.query import library

    status, _, body = http("GET", server.url + "query")
    page = body.decode("utf-8")
    assert status == 200 and "<textarea" in page and "<script" not in page
    assert all(f'<option value="{name}">' in page for name in library())
    assert "default-src 'none'" in page  # nothing fetched from elsewhere
    status, _, body = http("GET", server.url + "query?example=outlet-overview")
    assert status == 200 and "# name: outlet-overview" in body.decode("utf-8")
    assert http("GET", server.url + "query?example=nothing")[0] == 404


def test_query_form_runs_a_query_and_draws_an_escaped_table(server, store):
    q = COUNTRIES
    status, _, body = http("GET", server.url + "query?" + urllib.parse.urlencode({"query": q}))
    page = body.decode("utf-8")
    assert status == 200
    rows = _table(page, "nz-result")
    assert rows[0] == ["e", "en", "wd"]
    want = [[f"nzr:{str(e).rsplit('/', 1)[1]}", str(en), ""] for e, en, _ in expected(store, q)]
    assert [r[:2] for r in rows[1:]] == [w[:2] for w in want] and len(rows) > 2
    assert f'<p id="nz-count">{len(want)} rows' in page
    # a literal with markup comes back as text, not as markup
    q = 'SELECT ?x WHERE { BIND("<script>alert(1)</script> & \u202e" AS ?x) }'
    status, _, body = http("GET", server.url + "query?" + urllib.parse.urlencode({"query": q}))
    page = body.decode("utf-8")
    drawn = page[page.index('<table id="nz-result">'):]
    assert status == 200 and "<script>" not in drawn and "\u202e" not in drawn
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; " in drawn
    assert _table(page, "nz-result")[1] == ["<script>alert(1)</script> & "]
    status, _, body = http("GET", server.url + "query?" + urllib.parse.urlencode(
        {"query": "ASK { nzr:russia a nz:Country }"}))
    assert status == 200 and "ASK: <strong>true</strong>" in body.decode("utf-8")


def test_query_form_shows_one_clear_error(server):
    status, _, body = http("GET", server.url + "query?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE { ?x"}))
    page = body.decode("utf-8")
    assert status == 400
    assert page.count('class="error"') == 1 and 'id="nz-result"' not in page
    assert "malformed SPARQL" in page
    assert "SELECT ?x WHERE { ?x</textarea>" in page  # the query stays in the form to fix
    status, _, body = http("GET", server.url + "query?" + urllib.parse.urlencode(
        {"query": "INSERT DATA { nzr:a nzr:b nzr:c }"}))
    assert status == 403 and body.decode("utf-8").count('class="error"') == 1


def test_overview_failure_is_one_error_with_the_query_status_and_is_retried(seed_dataset):
    from kg.store import StoreError

    class Flaky(MemoryStore):
        fail = True

        def query(self, sparql, timeout=None, **kw):
            if self.fail:
                raise StoreError("disk gone")
            return super().query(sparql, timeout, **kw)

    st = Flaky(seed_dataset)
    srv = _start(st, isolate=False)
    try:
        status, _, body = http("GET", srv.url)
        page = body.decode("utf-8")
        assert status == 503 and page.count('class="error"') == 1 and "store error: disk gone" in page
        assert 'href="/query"' in page and 'id="nz-entities"' not in page
        st.fail = False
        status, _, body = http("GET", srv.url)
        assert status == 200 and len(_table(body.decode("utf-8"), "nz-entities")) > 1
    finally:
        srv.shutdown()
        srv.server_close()


SNN = ROOT.parent / "shared" / "corpus" / "snn"


def test_overview_of_hundreds_of_articles_is_bounded(tmp_path):
    """`/` on a store of a few hundred SaudiNewsNet articles: the page comes from bounded
    queries (rows capped by the LIMITs), never from the whole store in rdflib."""
    files = sorted(SNN.glob("snn_*.jsonl")) if SNN.is_dir() else []
    if not files:
        pytest.skip(f"the SaudiNewsNet corpus is not here ({SNN})")
    from extractors.pipeline import Extractor
    from extractors.sources import read_article
    from kg.rdf import build_dataset
    from kg.server_pages import OVERVIEW_EDGES, OVERVIEW_TOP, overview_queries
    from ontology.kb import load_kb

    kb = load_kb()
    from itertools import islice

    arts = list(Extractor("ar", kb=kb).extract_many(islice(read_article(files[0]), 300)))
    assert len(arts) >= 200
    from kg.store import OxigraphStore

    ds = build_dataset(arts, kb)
    with OxigraphStore(tmp_path / "store") as w:
        w.replace_graphs({str(g.identifier): g for g in ds.graphs() if len(g)})
    st = OxigraphStore(tmp_path / "store", read_only=True)
    st.dataset = lambda: pytest.fail("the overview must not load the whole store")
    srv = _start(st, timeout=30)
    try:
        status, _, body = http("GET", srv.url)
        assert status == 200
        ents = _table(body.decode("utf-8"), "nz-entities")
        assert len(ents) - 1 == OVERVIEW_TOP  # a few hundred articles have more entities than that
        ov = overview_queries(st.query)
        n_st = int(st.query("SELECT (COUNT(*) AS ?n) WHERE { ?st a nz:Statement }").rows[0][0])
        assert len(ov.entities) == OVERVIEW_TOP and len(ov.edges) <= OVERVIEW_EDGES
        assert ov.rows < len(st) / 10 and n_st > len(ov.edges)
    finally:
        srv.shutdown()
        srv.server_close()


# --------------------------------------------------------------------------- HEAD, OPTIONS, CORS, JSON

def test_head_answers_like_get_without_a_body(server):
    status, headers, body = http("GET", server.url)
    h_status, h_headers, h_body = http("HEAD", server.url)
    assert h_status == 200 and h_body == b""
    assert h_headers["Content-Type"] == headers["Content-Type"].strip()
    assert int(h_headers["Content-Length"]) == len(body) > 0
    assert h_headers["Access-Control-Allow-Origin"] == "*"
    qs = urllib.parse.urlencode({"query": "ASK { nzr:russia a nz:Country }"})
    status, headers, body = http("HEAD", f"{server.sparql_url}?{qs}")
    assert status == 200 and body == b"" and headers["Content-Type"].startswith("application/sparql-results+json")
    assert int(headers["Content-Length"]) == len(http("GET", f"{server.sparql_url}?{qs}")[2]) > 0
    assert http("HEAD", server.url + "nothing")[0] == 404


def test_options_and_cors_preflight(server):
    status, headers, body = http("OPTIONS", server.sparql_url)
    assert status == 204 and body == b""
    assert set(m.strip() for m in headers["Allow"].split(",")) == {"GET", "HEAD", "POST", "OPTIONS"}
    status, headers, body = http("OPTIONS", server.sparql_url, headers={
        "Origin": "https://editor.example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, accept"})
    assert status == 204 and body == b""
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"] and "GET" in headers["Access-Control-Allow-Methods"]
    assert headers["Access-Control-Allow-Headers"].lower() == "content-type, accept"
    assert int(headers["Access-Control-Max-Age"]) > 0
    # the actual cross-origin query: allowed, and the truncation headers are readable
    status, headers, _ = post_form(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    assert "X-Nufuz-Truncated" in headers["Access-Control-Expose-Headers"]
    # refusals carry the header too (a browser script can read the message)
    status, headers, _ = get(server, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert status == 403 and headers["Access-Control-Allow-Origin"] == "*"
    status, headers, _ = http("DELETE", server.sparql_url)
    assert status == 405 and "OPTIONS" in headers["Allow"]


def test_cors_origin_can_be_restricted(store):
    srv = _start(store, cors_origins=["https://editor.example.org"], isolate=False)
    try:
        q = "ASK { nzr:russia a nz:Country }"
        status, headers, _ = get(srv, q)  # no Origin (not a browser): answered, no CORS grant
        assert status == 200 and "Access-Control-Allow-Origin" not in headers
        qs = urllib.parse.urlencode({"query": q})
        status, headers, _ = http("GET", f"{srv.sparql_url}?{qs}", headers={"Origin": "https://editor.example.org"})
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "https://editor.example.org"
        assert "Origin" in headers["Vary"] and "Accept" in headers["Vary"]
        status, headers, _ = http("OPTIONS", srv.sparql_url, headers={
            "Origin": "https://evil.example.com", "Access-Control-Request-Method": "POST"})
        assert status == 204 and "Access-Control-Allow-Origin" not in headers
        assert "Access-Control-Allow-Methods" not in headers
    finally:
        srv.shutdown()
        srv.server_close()
    srv = _start(store, cors_origins=[], isolate=False)
    try:
        status, headers, _ = http("GET", srv.url + "nothing", headers={"Origin": "https://editor.example.org"})
        assert status == 404 and "Access-Control-Allow-Origin" not in headers
    finally:
        srv.shutdown()
        srv.server_close()


def test_accept_application_json_gets_sparql_json(server, store):
    status, headers, body = get(server, COUNTRIES, accept="application/json")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    doc = json.loads(body)
    assert doc["head"]["vars"] == ["e", "en", "wd"]
    assert len(doc["results"]["bindings"]) == len(expected(store, COUNTRIES))
    status, headers, body = post_form(server, "ASK { nzr:russia a nz:Country }", accept="application/json")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert json.loads(body) == {"head": {}, "boolean": True}
    # a browser's generic Accept still gets the SPARQL media type
    status, headers, _ = get(server, ARTICLES, accept="application/json, */*;q=0.5")
    assert headers["Content-Type"].startswith("application/json")
    status, headers, _ = get(server, ARTICLES, accept="*/*")
    assert headers["Content-Type"].startswith("application/sparql-results+json")


# --------------------------------------------------------------------------- connections

def test_idle_half_sent_connection_is_closed_after_the_channel_timeout(store):
    import socket

    srv = _start(store, channel_timeout=1, isolate=False)
    try:
        host, port = srv.server_address
        with socket.create_connection((host, port), timeout=10) as sock:
            sock.sendall(b"GET /sparql?query=ASK%20%7B%7D HTTP/1.1\r\nHost: x\r\n")  # no blank line
            t0 = time.monotonic()
            data = sock.recv(1024)  # blocks until the server closes the connection
            elapsed = time.monotonic() - t0
        assert data == b"" and 0.5 < elapsed < 8
        # the server is fine afterwards
        assert get(srv, "ASK { nzr:russia a nz:Country }")[0] == 200
    finally:
        srv.shutdown()
        srv.server_close()


def test_oversized_body_is_refused_with_413(server):
    # the length is refused from the headers, before any body is read: the request declares a
    # body over the limit and sends none (sending it races the server's early close)
    import http.client
    u = urllib.parse.urlsplit(server.sparql_url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    try:
        conn.putrequest("POST", u.path)
        conn.putheader("Content-Type", "application/sparql-query")
        conn.putheader("Content-Length", str((1 << 20) + 10))
        conn.endheaders()
        assert conn.getresponse().status == 413
    finally:
        conn.close()


# --------------------------------------------------------------------------- helpers

def test_request_form_skips_the_prologue():
    assert request_form("# c\nBASE <http://x/> PREFIX a: <http://x#y> prefix : <z:>\n  construct {} where {}") == "CONSTRUCT"
    assert request_form("WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }") == "WITH"
    assert request_form("  # only a comment") is None


def test_negotiate():
    assert negotiate(None, SELECT_TYPES)[0] == "application/sparql-results+json"
    assert negotiate("text/*;q=0.5, application/sparql-results+xml;q=0.4", SELECT_TYPES)[0] == "text/csv"
    assert negotiate("*/*;q=0.1, application/n-triples", GRAPH_TYPES)[0] == "application/n-triples"
    assert negotiate("text/turtle;q=0", GRAPH_TYPES) is None


# --------------------------------------------------------------------------- the CLI

@pytest.mark.parametrize("source", ["file", "store"])
def test_nufuz_serve_command(seed_dataset, tmp_path, source):
    if source == "file":
        target = tmp_path / "seed.trig"
        seed_dataset.serialize(target, format="trig")
        args = [str(target)]
    else:
        from kg.store import OxigraphStore

        target = tmp_path / "store"
        with OxigraphStore(target) as st:
            st.replace_graphs({str(g.identifier): g for g in seed_dataset.graphs() if len(g)})
        args = ["--store", str(target)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve", *args,
                             "--port", "0", "--timeout", "5", "--quiet", "--threads", "2",
                             "--channel-timeout", "5", "--cors-origin", "https://editor.example.org"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        line = proc.stdout.readline()
        assert "SPARQL endpoint http://127.0.0.1:" in line, (line, proc.stderr.read() if proc.poll() else "")
        if source == "file":  # a store is not counted at start (a scan of every quad)
            assert f"({len(MemoryStore(seed_dataset))} quads)" in line
        else:
            assert f"nufuz serve: {target} -- SPARQL endpoint" in line
        url = line.split("SPARQL endpoint ")[1].split()[0]
        status, headers, body = http("GET", url + "?" + urllib.parse.urlencode({"query": "ASK { nzr:russia a nz:Country }"}))
        assert status == 200 and json.loads(body)["boolean"] is True
        assert "Access-Control-Allow-Origin" not in headers  # --cors-origin: only that origin
        status, headers, _ = http("OPTIONS", url, headers={"Origin": "https://editor.example.org",
                                                           "Access-Control-Request-Method": "POST"})
        assert status == 204 and headers["Access-Control-Allow-Origin"] == "https://editor.example.org"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.returncode == 0
    assert "stopped" in proc.stdout.read()


def test_nufuz_serve_errors(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    r = CliRunner().invoke(app, ["serve", "--store", str(tmp_path / "missing")])
    assert r.exit_code == 1 and "no such store" in r.output
    r = CliRunner().invoke(app, ["serve"])
    assert r.exit_code == 1 and "--store DIR" in r.output
