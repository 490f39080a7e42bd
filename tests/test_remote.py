"""Tests for kg/store_remote.py: the remote backend against a real Oxigraph server.

The server is the ``oxigraph`` binary of the PyPI package ``oxigraph``, started on a free
127.0.0.1 port in a temporary directory and stopped at the end. Without the binary the
server tests are skipped, unless NUFUZ_REQUIRE_OXIGRAPH=1 (set by .ci/run), when they fail.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import requests
from rdflib import Graph, Literal, URIRef, Variable

from kg.store import MemoryStore, OxigraphStore, QueryError, QueryTimeout, StoreError, write_articles
from kg.store_remote import RemoteStore, derived_update_endpoint, update_request

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "ar" / "000_88021ef35a1db7c5.txt"
KB_GRAPH = "https://w3id.org/nufuz/graph/kb"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """(base URL, process) of a running `oxigraph serve` on a free loopback port."""
    binary = shutil.which("oxigraph")
    if binary is None:
        msg = "the oxigraph server binary is not installed (pip install oxigraph)"
        if os.environ.get("NUFUZ_REQUIRE_OXIGRAPH") == "1":
            pytest.fail(msg)
        pytest.skip(msg)
    proc = base = None
    for _attempt in range(3):  # another process may take the port between probe and bind
        port = _free_port()
        location = tmp_path_factory.mktemp("oxigraph")
        # --timeout-s: the server stops queries after 2 s (the timeout test's runaway query)
        proc = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                                 "--timeout-s", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if requests.get(base + "/query", params={"query": "ASK {}"}, timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.05)
        else:
            proc.kill()
            proc.wait()
            continue
        break
    else:
        pytest.fail("oxigraph serve did not start: " + (proc.stderr.read().decode(errors="replace")[-300:] if proc else ""))
    yield base, proc
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def seed():
    """(articles, kb) of the seed article."""
    from extractors.pipeline import Extractor
    from extractors.sources import read_article
    from ontology.kb import load_kb

    kb = load_kb()
    return list(Extractor("ar", kb=kb).extract_many(read_article(SEED))), kb


@pytest.fixture(scope="module")
def remote(oxigraph_server, seed):
    base, _ = oxigraph_server
    store = RemoteStore(base + "/query", gsp_endpoint=base + "/store", timeout=20)
    articles, kb = seed
    write_articles(store, articles, kb)
    yield store
    store.close()


@pytest.fixture(scope="module")
def embedded(seed, tmp_path_factory):
    store = OxigraphStore(tmp_path_factory.mktemp("embedded") / "store")
    articles, kb = seed
    write_articles(store, articles, kb)
    yield store
    store.close()


def _rows(result) -> Counter:
    return Counter(result.rows)


# --------------------------------------------------------------------------- against Oxigraph server

def test_the_endpoints_of_oxigraph_server(remote):
    assert remote.update_endpoint.endswith("/update")


def test_seed_article_written_through_http(remote, embedded):
    names = remote.graph_names()
    assert KB_GRAPH in names and "https://w3id.org/nufuz/graph/entities" in names
    docs = [n for n in names if n.startswith("https://w3id.org/nufuz/doc/")]
    assert len(docs) == 1 and len(names) == 3
    assert names == embedded.graph_names()
    assert len(remote) == len(embedded) > 300


def test_library_queries_give_the_same_rows_as_the_embedded_store(remote, embedded):
    from kg.query import library, run_query

    lib = library()
    assert len(lib) >= 5
    non_empty = 0
    for name, q in lib.items():  # each with its documented example parameters
        want = run_query(embedded, name, params=q.example_params())
        got = run_query(remote, name, params=q.example_params())
        assert got.kind == want.kind == "select", name
        assert got.variables == want.variables, name
        assert _rows(got) == _rows(want), name
        non_empty += bool(want.rows)
    assert non_empty >= 4  # the seed article has stances, presence, Wikidata ids, statements


def test_report_and_ego_view_read_from_the_endpoint_equal_the_whole_store(remote, embedded):
    """kg/analytics_store.py over HTTP: the same queries as on the embedded store."""
    import json

    from kg.analytics import headline_counts, influence_summary, read_graph
    from kg.analytics_store import ego_index, region_index, store_headline_counts
    from visualizations.explorer import explorer_data

    full = read_graph(embedded.dataset())
    assert store_headline_counts(remote) == headline_counts(full)
    idx, iri = region_index(remote, "آسيا الوسطى")
    assert influence_summary(idx, iri).lines() == influence_summary(full, "آسيا الوسطى").lines()
    idx, iri = ego_index(remote, "Russia", 1)
    assert json.dumps(explorer_data(idx, focus=iri, hops=1)) == json.dumps(explorer_data(full, focus="Russia", hops=1))


def test_select_ask_construct_terms(remote):
    res = remote.query("SELECT ?en ?ar ?wd WHERE { nzr:russia skos:prefLabel ?en , ?ar ; owl:sameAs ?wd "
                       "FILTER(lang(?en) = 'en' && lang(?ar) = 'ar') }")
    assert res.variables == ["en", "ar", "wd"]
    assert (Literal("Russia", lang="en"), Literal("روسيا", lang="ar"),
            URIRef("http://www.wikidata.org/entity/Q159")) in res.rows
    assert remote.query("ASK { nzr:russia a nz:Country }").boolean is True
    assert remote.query("ASK { nzr:russia a nz:Person }").boolean is False
    g = remote.query("CONSTRUCT { nzr:russia ?p ?o } WHERE { nzr:russia ?p ?o }").graph
    assert (URIRef("https://w3id.org/nufuz/id/russia"), URIRef("http://www.w3.org/2002/07/owl#sameAs"),
            URIRef("http://www.wikidata.org/entity/Q159")) in g
    unbound = remote.query("SELECT ?x ?y WHERE { BIND(1 AS ?x) }")
    assert unbound.rows == [(Literal(1), None)]
    assert remote.query("SELECT ?s WHERE { ?s ?p ?o }", max_rows=7).truncated is True


def test_dataset_dump_by_graph_store_protocol_and_by_select(remote, embedded):
    want = embedded.dataset()
    for ds in (remote.dataset(), RemoteStore(remote.endpoint).dataset()):
        assert sum(1 for _ in ds.quads((None, None, None, None))) == len(embedded)
        for name in embedded.graph_names():
            assert set(ds.graph(URIRef(name))) == set(want.graph(URIRef(name))), name


def test_re_adding_the_article_is_idempotent(remote, seed):
    before_len, before_names = len(remote), remote.graph_names()
    articles, kb = seed
    report = write_articles(remote, articles, kb)
    assert report.replaced == report.written and len(report.written) == 1
    assert len(remote) == before_len and remote.graph_names() == before_names


def test_a_rejected_write_leaves_the_store_as_it_was(remote):
    doc = next(n for n in remote.graph_names() if "/doc/" in n)
    before = len(remote)
    tiny = Graph()
    tiny.add((URIRef("urn:x:a"), URIRef("urn:x:b"), Literal("c")))
    # the second graph holds a variable, which INSERT DATA does not allow: the server rejects
    # the whole request, the DROP of the first graph included
    with pytest.raises(StoreError, match=r"/update: the server rejected the write, nothing was written \(malformed SPARQL Update: line"):
        remote.replace_graphs({doc: tiny, "urn:x:bad": [(URIRef("urn:x:a"), URIRef("urn:x:b"), Variable("v"))]})
    assert len(remote) == before
    assert "urn:x:bad" not in remote.graph_names()
    assert remote.query(f"ASK {{ GRAPH <{doc}> {{ ?st a nz:Statement }} }}").boolean is True


def test_malformed_query_gives_the_parser_message_for_the_query_as_written(remote):
    with pytest.raises(QueryError) as e:
        remote.query("SELECT ?s WHERE {\n  ?s ?p }")
    msg = str(e.value)
    assert msg.startswith("malformed SPARQL: line 2, column") and "\n" not in msg


def test_query_timeout(remote):
    t0 = time.perf_counter()
    with pytest.raises(QueryTimeout, match=r"/query: query timed out after 0.3 s"):
        remote.query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=0.3)
    assert time.perf_counter() - t0 < 2


# --------------------------------------------------------------------------- errors without a server

def test_unreachable_endpoint_is_one_line_store_error():
    url = f"http://127.0.0.1:{_free_port()}/query"
    store = RemoteStore(url, timeout=5)
    with pytest.raises(StoreError) as e:
        store.query("ASK {}")
    assert str(e.value) == f"{url}: cannot connect (Connection refused)"
    with pytest.raises(StoreError, match=r"/update: cannot connect"):
        store.replace_graphs({"urn:g": [(URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c"))]})
    with pytest.raises(StoreError, match="not an http"):
        RemoteStore("ftp://example.org/sparql")


def test_nufuz_serve_is_read_only_for_the_remote_backend(seed):
    from kg.rdf import build_dataset
    from kg.server import SparqlServer

    articles, kb = seed
    server = SparqlServer(MemoryStore(build_dataset(articles, kb)), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        store = RemoteStore(server.sparql_url)
        assert store.query("ASK { nzr:russia a nz:Country }").boolean is True
        assert len(store) == sum(1 for _ in build_dataset(articles, kb).quads((None, None, None, None)))
        with pytest.raises(StoreError, match=r"HTTP 403 Forbidden: read-only endpoint"):
            store.replace_graphs({"urn:g": [(URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c"))]})
        with pytest.raises(QueryError, match="malformed SPARQL"):
            store.query("SELECT ?s WHERE { ?s ?p }")
    finally:
        server.shutdown()
        server.server_close()


def test_update_request_text():
    text = update_request({"urn:g1": [(URIRef("urn:a"), URIRef("urn:p"), Literal('say "x"\nnow', lang="ar"))],
                           "urn:g2": []})
    assert text.startswith("DROP SILENT GRAPH <urn:g1> ;\nDROP SILENT GRAPH <urn:g2> ;\nINSERT DATA {")
    assert "GRAPH <urn:g2>" not in text.split("INSERT DATA")[1]
    assert update_request({"urn:g": []}) == "DROP SILENT GRAPH <urn:g>"
    with pytest.raises(ValueError, match="cannot write"):
        update_request({"urn:g": [(URIRef("http://a b"), URIRef("urn:p"), Literal(1))]})


def test_update_request_removes_before_it_adds():
    """The entities graph's changes (an Additions value with removed triples): one request,
    DROP of the replaced graphs, DELETE DATA of the removed names, then INSERT DATA; valid
    SPARQL Update that an Oxigraph store applies as said."""
    import pyoxigraph as ox

    from kg.store import Additions

    a, p = URIRef("urn:a"), URIRef("http://www.w3.org/2004/02/skos/core#altLabel")
    old, new = Literal("احمد", lang="ar"), Literal("أحمد", lang="ar")
    text = update_request({"urn:doc": [(a, URIRef("urn:q"), Literal(1))],
                           "urn:entities": Additions([(a, p, new)], removed=[(a, p, old)])})
    assert text.index("DROP SILENT GRAPH <urn:doc>") < text.index("DELETE DATA") < text.index("INSERT DATA")
    assert "DROP SILENT GRAPH <urn:entities>" not in text
    st = ox.Store()
    st.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode(str(p)), ox.Literal("احمد", language="ar"),
                   ox.NamedNode("urn:entities")))
    st.update(text)
    names = {q.object.value for q in st.quads_for_pattern(None, None, None, ox.NamedNode("urn:entities"))}
    assert names == {"أحمد"}
    assert update_request({"urn:e": Additions([], removed=[(a, p, old)])}).startswith("DELETE DATA {")


def test_derived_update_endpoint():
    assert derived_update_endpoint("http://127.0.0.1:7878/query") == "http://127.0.0.1:7878/update"
    assert derived_update_endpoint("http://h:3030/ds/sparql") == "http://h:3030/ds/update"
    assert derived_update_endpoint("http://h:3030/ds/query") == "http://h:3030/ds/update"
    assert derived_update_endpoint("http://h:8890/sparql") == "http://h:8890/sparql"
    assert derived_update_endpoint("http://h:7200/repositories/r") == "http://h:7200/repositories/r"
