"""The SPARQL guard (kg/guard.py) at every entry point, and queries in worker processes
(kg/worker.py): issue 11, items 1-3.

Reproducers: ``SELECT * WHERE `` + ``{ `` x N + ``?s ?p ?o `` + ``} `` x N crashed
pyoxigraph (SIGSEGV) at N = 3,000 through ``nufuz query`` and ``nufuz serve``; a SERVICE
query made ``nufuz query --store`` call out by HTTP; a cartesian query ran on for minutes.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.guard import MAX_DEPTH, QueryRefused, check_query, request_form
from kg.query import library, query_df, run_query
from kg.server import SparqlServer
from kg.store import MemoryStore, OxigraphStore, QueryError, QueryTimeout

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "ar" / "000_88021ef35a1db7c5.txt"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def nested(depth: int) -> str:
    """The issue's reproducer."""
    return "SELECT * WHERE " + "{ " * depth + "?s ?p ?o " + "} " * depth


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def dataset():
    from extractors.pipeline import Extractor
    from extractors.sources import read_article
    from kg.rdf import build_dataset
    from ontology.kb import load_kb

    kb = load_kb()
    return build_dataset(list(Extractor("ar", kb=kb).extract_many(read_article(SEED))), kb)


@pytest.fixture(scope="module")
def store_dir(dataset, tmp_path_factory):
    path = tmp_path_factory.mktemp("guard") / "store"
    with OxigraphStore(path) as st:
        st.replace_graphs({str(g.identifier): g for g in dataset.graphs() if len(g)})
    return path


@pytest.fixture(scope="module")
def trig(dataset, tmp_path_factory):
    path = tmp_path_factory.mktemp("guard-file") / "graph.trig"
    dataset.serialize(path, format="trig")
    return path


@pytest.fixture(scope="module")
def server(store_dir):
    st = OxigraphStore(store_dir, read_only=True)
    srv = SparqlServer(st, "127.0.0.1", 0, timeout=5, workers=2)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()
    srv.server_close()
    st.close()


@pytest.fixture()
def listener():
    """A TCP socket listening on loopback that no query may ever reach."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    yield sock, f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"
    sock.close()


def assert_untouched(sock) -> None:
    time.sleep(0.3)
    with pytest.raises(BlockingIOError):
        sock.accept()  # nobody connected


def http(method: str, url: str, data: bytes | None = None, headers: dict | None = None):
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def post_query(server, query: str):
    return http("POST", server.sparql_url, query.encode("utf-8"),
                {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})


def nufuz(*args, timeout: float = 120):
    """Run ``nufuz ARGS`` as a real process (a segfault would show as exit code -11/139)."""
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)


# --------------------------------------------------------------------------- the guard itself

@pytest.mark.parametrize("depth", [3000, 10000])
def test_the_nested_reproducer_is_refused_before_any_engine(depth):
    with pytest.raises(QueryRefused) as e:
        check_query(nested(depth))
    assert e.value.reason == "depth" and e.value.http_status == 400
    assert str(e.value) == (f"query nested too deeply (more than {MAX_DEPTH} levels of {{, ( and [ "
                            f"at line 1, column {len('SELECT * WHERE ') + 2 * MAX_DEPTH + 1})")


def test_depth_within_the_bound_and_every_library_query_pass():
    assert check_query(nested(MAX_DEPTH)).depth == MAX_DEPTH
    for q in library().values():
        checked = check_query(q.text)
        assert checked.form == "SELECT" and checked.depth <= 16 and checked.tokens < 1000


@pytest.mark.parametrize("query, form", [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT"),
    ("PREFIX ex: <urn:x#> # comment\n delete where { ?s ?p ?o }", "DELETE"),
    ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD"),
    ("BASE <urn:b/> CLEAR ALL", "CLEAR"),
    ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
    ("DROP SILENT GRAPH <urn:g>", "DROP"),
])
def test_updates_are_not_allowed(query, form):
    with pytest.raises(QueryRefused) as e:
        check_query(query)
    assert str(e.value) == (f"updates are not allowed ({form}): nufuz only reads; give a SELECT, ASK, "
                            "CONSTRUCT or DESCRIBE query")
    assert e.value.http_status == 403


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * { ?s ?p ?o .SERVICE<http://127.0.0.1:9/>{?s ?p ?o} }",
    "PREFIX ex: <urn:x#> SELECT * { ?s ex:a\\#b ?o . SERVICE ex:endpoint { ?s ?p ?o } }",  # \# is no comment
    # Oxigraph reads ?a<'x>' as ?a < 'x>': a lexer taking <'x> for an IRI would see a string after it
    "SELECT * { ?s <http://ex#p> ?o FILTER(?a<'x>') SERVICE <http://127.0.0.1:9/> {?s ?p ?o} #' }",
])
def test_service_is_refused_wherever_the_engine_would_read_it(query):
    with pytest.raises(QueryRefused) as e:
        check_query(query)
    assert e.value.reason == "service" and e.value.http_status == 403
    assert str(e.value).startswith("federated queries are not allowed (SERVICE at line 1, column ")


@pytest.mark.parametrize("query", [
    'SELECT ?service WHERE { BIND("SERVICE" AS ?service) } # SERVICE <http://x/> { }',
    "PREFIX ex: <urn:x#> SELECT * { ?s ex:SERVICE <http://x/SERVICE> }",
    "SELECT * { ?s ?p '''a\nSERVICE <http://x/> { ?s ?p ?o }''' }",
])
def test_the_word_service_elsewhere_is_no_federated_query(query):
    assert check_query(query).form == "SELECT"


def test_size_and_empty_requests():
    with pytest.raises(QueryRefused, match=r"^query too long \(200,011 characters; at most 200,000\)$"):
        check_query("SELECT * {" + " " * 200_000 + "}")
    with pytest.raises(QueryRefused, match=r"^query too large \(more than 10,000 tokens\)$") as e:
        check_query("SELECT * { ?s ?p ?o FILTER(" + "+".join(["1"] * 8000) + " > 0) }")
    assert e.value.http_status == 413
    with pytest.raises(QueryRefused, match="^empty query"):
        check_query("  # only a comment\n")
    assert request_form("# c\nBASE <http://x/> PREFIX a: <http://x#y> prefix : <z:>\n ask {}") == "ASK"


# --------------------------------------------------------------------------- the CLI

@pytest.mark.parametrize("depth", [3000, 10000])
def test_cli_refuses_the_nested_reproducer_with_one_line(store_dir, trig, tmp_path, depth):
    rq = tmp_path / "deep.rq"
    rq.write_text(nested(depth), encoding="utf-8")
    for source in (["--store", store_dir], ["--data", trig]):
        r = nufuz("query", "-f", rq, *source)
        assert r.returncode == 1, r.stderr
        assert r.stderr.strip().splitlines() == [
            f"error: query nested too deeply (more than {MAX_DEPTH} levels of {{, ( and [ at line 1, "
            f"column {len('SELECT * WHERE ') + 2 * MAX_DEPTH + 1})"]
    r = nufuz("query", nested(10).replace("SELECT *", "SELECT (COUNT(*) AS ?n)"), "--store", store_dir, "-F", "csv")
    assert r.returncode == 0 and r.stdout.splitlines()[0] == "n" and int(r.stdout.splitlines()[1]) > 100


def test_cli_refuses_updates_and_service_and_reaches_nothing(store_dir, trig, listener):
    sock, url = listener
    r = nufuz("query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "--store", store_dir)
    assert r.returncode == 1
    assert r.stderr.strip() == ("error: updates are not allowed (INSERT): nufuz only reads; give a SELECT, "
                                "ASK, CONSTRUCT or DESCRIBE query")
    for source in (["--store", store_dir], ["--data", trig]):
        r = nufuz("query", f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", *source)
        assert r.returncode == 1
        assert r.stderr.strip() == ("error: federated queries are not allowed (SERVICE at line 1, column 18): "
                                    "nufuz never fetches from other endpoints")
    assert_untouched(sock)


def test_cli_timeout_kills_the_query(store_dir):
    t0 = time.monotonic()
    r = nufuz("query", CARTESIAN, "--store", store_dir, "--timeout", "1")
    assert r.returncode == 1 and time.monotonic() - t0 < 15
    assert r.stderr.strip().startswith("error: query timed out after 1 s")


def test_cli_query_has_a_documented_default_timeout():
    from kg.cli_store import DEFAULT_QUERY_TIMEOUT

    from tests.cli_helpers import invoke, plain

    assert DEFAULT_QUERY_TIMEOUT == 60
    help_text = plain(invoke("query", "--help").output)
    assert "--timeout" in help_text and "default: 60.0" in help_text


# --------------------------------------------------------------------------- Python

@pytest.mark.parametrize("depth", [3000, 10000])
def test_python_entry_points_refuse_the_reproducer(store_dir, trig, dataset, depth):
    q = nested(depth)
    for kw in ({"store": store_dir}, {"data": trig}, {"data": dataset}):
        with pytest.raises(QueryRefused, match="nested too deeply"):
            query_df(q, **kw)
    with OxigraphStore(store_dir, read_only=True) as st:
        with pytest.raises(QueryError, match="nested too deeply"):
            st.query(q)
        with pytest.raises(QueryError, match="nested too deeply"):
            run_query(st, q, timeout=5)
    with pytest.raises(QueryError, match="nested too deeply"):
        MemoryStore(dataset).query(q)


def test_python_service_reaches_nothing(store_dir, dataset, listener):
    sock, url = listener
    q = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    for kw in ({"store": store_dir}, {"data": dataset}):
        with pytest.raises(QueryRefused, match="SERVICE"):
            query_df(q, **kw)
    with pytest.raises(QueryRefused, match="SERVICE"):
        MemoryStore(dataset).query(q)  # rdflib's engine would fetch it
    assert_untouched(sock)


def test_python_timeout_on_a_store_kills_its_worker(store_dir):
    import multiprocessing

    t0 = time.monotonic()
    with pytest.raises(QueryTimeout, match="timed out after 1 s"):
        query_df(CARTESIAN, store=store_dir, timeout=1)
    assert time.monotonic() - t0 < 10
    assert multiprocessing.active_children() == []  # the worker was killed and reaped
    df = query_df("SELECT (COUNT(*) AS ?n) WHERE { ?s a nz:Country }", store=store_dir, timeout=10)
    assert df["n"][0] > 0


# --------------------------------------------------------------------------- the server

@pytest.mark.parametrize("depth", [3000, 10000])
def test_server_refuses_the_reproducer_and_keeps_answering(server, depth):
    status, body = post_query(server, nested(depth))
    assert status == 400 and body.decode().startswith("query nested too deeply")
    if depth == 3000:  # 15 KB: fits a GET URL too
        status, body = http("GET", server.sparql_url + "?" + urllib.parse.urlencode({"query": nested(depth)}))
        assert status == 400
    status, body = post_query(server, "ASK { nzr:russia a nz:Country }")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_server_service_reaches_nothing(server, listener):
    sock, url = listener
    status, body = post_query(server, f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
    assert status == 403 and b"SERVICE" in body
    status, body = post_query(server, "LOAD <%s>" % url)
    assert status == 403 and body.decode().startswith("updates are not allowed (LOAD)")
    assert_untouched(sock)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_server_kills_timed_out_queries_and_stays_responsive(store_dir):
    st = OxigraphStore(store_dir, read_only=True)
    srv = SparqlServer(st, "127.0.0.1", 0, timeout=0.5, workers=2)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        before = srv._workers.pids()
        assert len(before) == 2
        status, body = post_query(srv, CARTESIAN)
        assert status == 503 and b"timed out after 0.5 s" in body
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and len(srv._workers.pids()) < 2:
            time.sleep(0.05)
        after = srv._workers.pids()
        assert len(after) == 2 and set(after) != set(before)
        assert any(_gone(pid) for pid in before)  # the runaway query's process is gone: CPU back
        status, body = post_query(srv, "ASK { nzr:russia a nz:Country }")
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        srv.shutdown()
        srv.server_close()
        st.close()


def test_server_survives_an_engine_crash(store_dir):
    st = OxigraphStore(store_dir, read_only=True)
    srv = SparqlServer(st, "127.0.0.1", 0, timeout=10, workers=1)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        (pid,) = srv._workers.pids()
        threading.Timer(0.5, os.kill, (pid, signal.SIGSEGV)).start()  # the engine dies mid-query
        status, body = post_query(srv, CARTESIAN)
        assert status == 500 and body.decode().strip() == (
            "the query engine crashed (signal 11); the query was not answered")
        status, body = post_query(srv, "ASK { nzr:russia a nz:Country }")
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        srv.shutdown()
        srv.server_close()
        st.close()
