"""Shortest chains of statements between two actors (kg/paths.py, ``nufuz paths``) on a real
build: the seed articles plus the developer corpus (../shared/corpus/ar) when it is present,
the seed alone otherwise."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Namespace, URIRef
from rdflib.namespace import RDF

from cli_helpers import invoke, plain
from kg.analytics import UnknownEntityError, read_graph
from kg.evaluate import load_data
from kg.namespaces import KB_GRAPH, PREDICATES
from kg.paths import NoPathError, shortest_paths

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "ar"
NZ = Namespace("https://w3id.org/nufuz/ontology#")
NZR = Namespace("https://w3id.org/nufuz/id/")
SCHEMA_ARTICLE = URIRef("http://schema.org/NewsArticle")


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    out = tmp_path_factory.mktemp("paths")
    inputs = [str(ROOT / "examples" / "ar"), str(ROOT / "examples" / "en")]
    inputs += [str(CORPUS)] if CORPUS.is_dir() else []
    res = subprocess.run([sys.executable, "-m", "kg.cli", "build", *inputs, "--out", str(out),
                          "--no-html", "-q"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    ds = load_data([out / "graph.trig"])
    return {"file": out / "graph.trig", "ds": ds, "idx": read_graph(ds)}


def _oracle(ds) -> nx.Graph:
    """Independently of kg: the undirected graph of the relation triples of the article
    graphs (not the KB graph, not statement nodes), straight from the quads."""
    preds = {NZ[p] for p in PREDICATES}
    statements = set(ds.subjects(RDF.type, NZ.Statement))
    g = nx.Graph()
    for s, p, o, graph in ds.quads((None, None, None, None)):
        name = getattr(graph, "identifier", graph)
        if (p in preds and name != KB_GRAPH and s not in statements and isinstance(o, URIRef)
                and s != o):
            g.add_edge(str(s), str(o))
    return g


def test_path_kyrgyzstan_to_taliban_has_the_oracle_length_and_real_evidence(build):
    ds, idx = build["ds"], build["idx"]
    found = shortest_paths(idx, "قيرغيزستان", "Taliban", max_paths=10)
    oracle = _oracle(ds)
    a, b = str(NZR.kyrgyzstan), str(NZR.taliban)
    assert len(found[0]) == nx.shortest_path_length(oracle, a, b) == 3
    assert sorted(tuple(p.entities) for p in found) == sorted(
        tuple(p) for p in nx.all_shortest_paths(oracle, a, b))[:10]
    # on the seed alone: Kyrgyzstan - United States - Central Asia - Taliban (issue 13)
    assert (a, str(NZR.united_states), str(NZR.central_asia), b) in {p.entities for p in found}
    for path in found:
        assert path.entities[0] == a and path.entities[-1] == b
        for hop in path.hops:
            for link in hop.links:
                # the relation as stated, in an article graph, in the direction given
                assert {link.subject, link.object} == {hop.start, hop.end}
                assert link.forward == (link.subject == hop.start)
                graphs = {str(getattr(g, "identifier", g)) for _, _, _, g in ds.quads(
                    (URIRef(link.subject), NZ[link.predicate], URIRef(link.object), None))}
                assert graphs - {str(KB_GRAPH)}
                for st in link.statements:
                    assert (st.subject, st.predicate, st.object) == (link.subject, link.predicate, link.object)
                    assert st.evidence and st.truthy
                    assert (URIRef(st.article), RDF.type, SCHEMA_ARTICLE) in ds
            assert hop.link.statements, hop.text()
    seed_path = next(p for p in found if p.entities[1] == str(NZR.united_states)
                     and p.entities[2] == str(NZR.central_asia))
    last = seed_path.hops[2]
    assert last.text() == "Taliban has influence in Central Asia" and not last.link.forward
    assert last.link.statements[0].evidence.startswith("نفوذ طالبان في آسيا الوسطى")
    assert [lk.predicate for lk in seed_path.hops[0].links] == ["hasMilitaryPresenceIn", "withdrawsFrom"]


def test_max_paths_and_errors(build):
    idx = build["idx"]
    assert len(shortest_paths(idx, "Kyrgyzstan", "Taliban", max_paths=1)) == 1
    with pytest.raises(UnknownEntityError, match=r"did you mean: Russia"):
        shortest_paths(idx, "Rusia", "Taliban")
    with pytest.raises(NoPathError, match="same entity"):
        shortest_paths(idx, "russia", "روسيا")
    with pytest.raises(NoPathError, match=r"at most 2 hop\(s\) links Kyrgyzstan and Taliban \(the shortest has 3\)"):
        shortest_paths(idx, "Kyrgyzstan", "Taliban", max_hops=2)
    with pytest.raises(ValueError):
        shortest_paths(idx, "Kyrgyzstan", "Taliban", max_paths=0)


def test_cli_paths_prints_each_hop_with_evidence_and_source(build):
    res = invoke("paths", "--data", build["file"], "Kyrgyzstan", "طالبان", "--max", "10")
    assert res.exit_code == 0, res.output
    text = plain(res.output)
    assert "shortest chain(s) of 3 hop(s) from Kyrgyzstan to Taliban" in text
    assert "Kyrgyzstan — United States — Central Asia — Taliban" in text
    assert "3. Taliban has influence in Central Asia (1 statement(s))" in text
    assert "“نفوذ طالبان في آسيا الوسطى" in text and "000_88021ef35a1db7c5.txt" in text
    res = invoke("paths", "--data", build["file"], "Kyrgyzstan", "Rusia")
    assert res.exit_code == 1
    assert "no entity named 'Rusia' in the data (did you mean: Russia" in plain(res.output)
    res = invoke("paths", "--data", build["file"], "Kyrgyzstan", "Taliban", "--max-hops", "2")
    assert res.exit_code == 1 and "the shortest has 3" in plain(res.output)
    res = invoke("paths", "Kyrgyzstan", "Taliban")
    assert res.exit_code == 1 and "no input" in plain(res.output)
