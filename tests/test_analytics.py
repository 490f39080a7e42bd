"""Tests of kg/analytics.py: projection, centrality, communities, name resolution and the
regional influence summary, on the seed article built for real (and seed + corpus)."""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.analytics import (
    KINDS,
    UnknownEntityError,
    centrality,
    communities,
    example_dataset,
    influence_summary,
    places_in,
    project,
    read_graph,
    resolve_entity,
    to_weighted_digraph,
)
from kg.evaluate import load_data

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = REPO / "examples" / "ar" / "000_88021ef35a1db7c5.txt"
NZ = "https://w3id.org/nufuz/ontology#"
NZR = "https://w3id.org/nufuz/id/"

pytestmark = pytest.mark.filterwarnings(
    "ignore:.*(default_context|ConjunctiveGraph|Dataset.contexts).*:DeprecationWarning")


def iri(local: str) -> str:
    return NZR + local


@pytest.fixture(scope="module")
def extracted():
    """Seed and (when ../shared is there) corpus articles, extracted once for the module."""
    from kg.cli import _extract_articles

    corpus_dir = SHARED / "corpus" / "ar"
    paths = [str(SEED)] + ([str(corpus_dir)] if corpus_dir.is_dir() else [])
    articles, errors, kb = _extract_articles(paths, quiet=True)
    assert not errors
    return articles, kb, corpus_dir.is_dir()


@pytest.fixture(scope="module")
def seed_dir(tmp_path_factory, extracted) -> Path:
    from kg.rdf import build_dataset, write_outputs

    articles, kb, _ = extracted
    seed_article = [a for a in articles if Path(a.source).name == SEED.name]
    out = tmp_path_factory.mktemp("seed")
    write_outputs(build_dataset(seed_article, kb), out)
    return out


@pytest.fixture(scope="module")
def seed(seed_dir):
    return read_graph(load_data([seed_dir / "graph.trig"]))


@pytest.fixture(scope="module")
def corpus(extracted):
    from kg.rdf import build_dataset

    articles, kb, present = extracted
    if not present:
        pytest.skip(f"{SHARED / 'corpus' / 'ar'} is absent (the developer corpus lives in ../shared)")
    return read_graph(build_dataset(articles, kb))


# --------------------------------------------------------------------------- projection

def test_project_matches_the_truthy_edges_of_the_article_graphs(seed_dir, seed):
    ds = load_data([seed_dir / "graph.trig"])
    truthy = {(str(s), str(p)[len(NZ):], str(o)) for s, p, o in ds.query(f"""
        SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o . ?g a <http://schema.org/NewsArticle>
        FILTER(STRSTARTS(STR(?p), "{NZ}") && isIRI(?o)) FILTER NOT EXISTS {{ ?s a <{NZ}Statement> }} }} }}""")}
    g = project(seed)
    assert {(u, k, v) for u, v, k in g.edges(keys=True)} == truthy
    assert len(truthy) == 23
    nodes = {x for s, _, o in truthy for x in (s, o)}
    assert set(g.nodes) == nodes
    ru = g.nodes[iri("russia")]
    assert (ru["label_en"], ru["label_ar"], ru["cls"], ru["wikidata"]) == (
        "Russia", "روسيا", "Country", "Q159")


def test_project_edge_attributes(seed):
    g = project(seed)
    opp = g.edges[iri("russia"), iri("united_states"), "opposes"]
    assert opp["polarity"] == "conflict" and opp["plover"] == "REJECT"
    assert opp["statements"] == 1 and opp["modes"] == ["reported"]
    wd = g.edges[iri("united_states"), iri("uzbekistan"), "withdrawsFrom"]
    assert wd["dates"] == ["2005"] and wd["polarity"] == "neutral"
    assert len(wd["articles"]) == 1 and wd["articles"][0].startswith("https://w3id.org/nufuz/doc/")
    # the negated statement (Russia does not cooperate with the US) has no edge
    assert not g.has_edge(iri("russia"), iri("united_states"), "cooperatesWith") or \
        g.edges[iri("russia"), iri("united_states"), "cooperatesWith"]["modes"] == ["historical"]
    # KB facts only on request
    assert not g.has_edge(iri("uzbekistan"), iri("central_asia"))
    gk = project(seed, include_kb=True)
    assert gk.edges[iri("uzbekistan"), iri("central_asia"), "partOf"]["kb"] is True
    assert gk.number_of_edges() == g.number_of_edges() + len(seed.kb_facts) - sum(
        1 for s, p, o in seed.kb_facts if g.has_edge(s, o, p))


def test_weighted_digraph_sums_statement_counts(seed):
    g = project(seed)
    d = to_weighted_digraph(g)
    assert isinstance(d, nx.DiGraph) and d.number_of_nodes() == g.number_of_nodes()
    e = d.edges[iri("united_states"), iri("uzbekistan")]
    assert e["predicates"] == ["hasMilitaryPresenceIn", "seeksCooperationWith", "withdrawsFrom"]
    assert e["weight"] == 3


# --------------------------------------------------------------------------- centrality

@pytest.mark.parametrize("kind", ["pagerank", "degree", "betweenness"])
def test_centrality_ranks_the_united_states_and_russia_high_on_the_seed(seed, kind):
    scores = centrality(project(seed), kind)
    ranking = list(scores)
    assert ranking[0] == iri("united_states")
    assert ranking.index(iri("russia")) < 5
    assert list(scores.values()) == sorted(scores.values(), reverse=True)


def test_centrality_on_seed_and_corpus(corpus):
    top = list(centrality(project(corpus), "pagerank"))[:2]
    assert set(top) == {iri("russia"), iri("united_states")}


def test_pagerank_without_scipy_equals_networkx():
    """kg.analytics_network.pagerank (numpy only) gives networkx's values, to the bit on these
    graphs: weighted, directed and undirected, with self-loops, dangling and isolated nodes."""
    import random

    from kg.analytics_network import pagerank

    rnd = random.Random(3)
    graphs = [nx.path_graph(["a", "b", "c"]), nx.DiGraph([("a", "b"), ("b", "c")])]
    for k in range(40):
        g = nx.DiGraph() if k % 4 == 0 else nx.Graph()
        names = [f"n{rnd.randrange(10**6)}" for _ in range(rnd.randint(2, 120))]
        g.add_nodes_from(names)
        for _ in range(rnd.randint(1, 3 * len(names))):
            g.add_edge(rnd.choice(names), rnd.choice(names), weight=rnd.randint(1, 40))
        graphs.append(g)
    for g in graphs:
        ours, theirs = pagerank(g), nx.pagerank(g, alpha=0.85, weight="weight")
        assert list(ours) == list(theirs)
        assert max(abs(ours[v] - theirs[v]) for v in g) <= 1e-15
        assert abs(sum(ours.values()) - 1.0) < 1e-9
    assert pagerank(nx.Graph()) == {}
    assert [round(x, 4) for x in pagerank(graphs[0]).values()] == [0.2568, 0.4865, 0.2568]
    with pytest.raises(nx.PowerIterationFailedConvergence):
        pagerank(graphs[2], max_iter=1)


def test_betweenness_on_lists_equals_networkx():
    """kg.analytics_network.betweenness gives networkx's normalised betweenness to the bit,
    exact and estimated from k sources drawn with a seed, on directed and undirected graphs
    with self-loops, isolated nodes and several components."""
    import random

    from kg.analytics_network import betweenness

    rnd = random.Random(5)
    graphs = [nx.path_graph(["a", "b", "c"]), nx.Graph(), nx.Graph([("x", "x")])]
    for n in range(40):
        g = nx.DiGraph() if n % 4 == 0 else nx.Graph()
        names = [f"n{rnd.randrange(10**6)}" for _ in range(rnd.randint(2, 90))]
        g.add_nodes_from(names)
        for _ in range(rnd.randint(1, 3 * len(names))):
            g.add_edge(rnd.choice(names), rnd.choice(names))
        graphs.append(g)
    for g in graphs:
        assert betweenness(g) == nx.betweenness_centrality(g, normalized=True)
        if len(g) > 3:
            k = len(g) // 2
            ours = betweenness(g, k=k, seed=7)
            assert ours == nx.betweenness_centrality(g, k=k, normalized=True, seed=7)
    assert betweenness(graphs[0]) == {"a": 0.0, "b": 1.0, "c": 0.0}


def test_centrality_rejects_an_unknown_kind(seed):
    with pytest.raises(ValueError, match="unknown centrality kind 'eigen'"):
        centrality(project(seed), "eigen")
    assert centrality(nx.MultiDiGraph()) == {}


def test_communities_partition_the_nodes_deterministically(seed):
    g = project(seed)
    for method in ("louvain", "greedy"):
        parts = communities(g, method=method)
        assert parts == communities(g, method=method)
        assert sum(len(c) for c in parts) == g.number_of_nodes()
        assert set().union(*parts) == set(g.nodes)
        assert [len(c) for c in parts] == sorted((len(c) for c in parts), reverse=True)
    parts = communities(g)
    by_node = {n: i for i, c in enumerate(parts) for n in c}
    # the Russian think tank, its director and its city end up together
    assert by_node[iri("riac")] == by_node[iri("moscow")]
    with pytest.raises(ValueError):
        communities(g, method="spectral")


# --------------------------------------------------------------------------- names, places

@pytest.mark.parametrize("name", [
    "Central Asia", "central asia", "آسيا الوسطى", "اسيا الوسطي", "central_asia", "nzr:central_asia",
    NZR + "central_asia",
])
def test_resolve_entity_by_name_id_or_iri(seed, name):
    assert resolve_entity(seed, name) == iri("central_asia")


def test_resolve_entity_by_alias_and_unknown_names(seed):
    assert resolve_entity(seed, "the United States") == iri("united_states")
    assert resolve_entity(seed, "أمريكا") == iri("united_states")  # a surface form (altLabel)
    with pytest.raises(UnknownEntityError, match="did you mean: Central Asia"):
        resolve_entity(seed, "Central Asai")
    with pytest.raises(UnknownEntityError, match="no entity named 'Atlantis'"):
        resolve_entity(seed, "Atlantis")


def test_places_in_central_asia_follow_kb_part_of(seed):
    assert places_in(seed, iri("central_asia")) == {
        iri(x) for x in ("central_asia", "kazakhstan", "kyrgyzstan", "tajikistan", "uzbekistan")}
    # Asia holds Central Asia and, through it, its countries (transitive), and Afghanistan
    asia = places_in(seed, iri("asia"))
    assert {iri("uzbekistan"), iri("afghanistan"), iri("central_asia")} <= asia
    assert iri("russia") not in asia


# --------------------------------------------------------------------------- influence

def _targets(actor, kind):
    return {f.target.rsplit("/", 1)[1] for f in actor.by_kind(kind)}


def test_influence_summary_of_central_asia_on_the_seed(seed):
    """Issue 5 acceptance: Russia holds and seeks influence and opposes US presence; the US
    had presence in Uzbekistan and Kyrgyzstan (until 2005 for Uzbekistan), withdrew, and
    seeks cooperation with Tajikistan and Uzbekistan."""
    s = influence_summary(seed, "Central Asia")
    assert (s.label_en, s.label_ar) == ("Central Asia", "آسيا الوسطى")
    ru, us = s.actor("Russia"), s.actor("United States")
    assert ru is not None and us is not None
    assert _targets(ru, "influence") == {"central_asia"}
    assert _targets(ru, "seeks_influence") == {"central_asia"}
    assert _targets(ru, "opposes_presence") == {"united_states"}
    opp = ru.by_kind("opposes_presence")[0]
    assert opp.where == ["Central Asia"] and opp.statements == 2
    assert opp.via == ["Vladimir Putin"]  # Putin's objection to the US forces is folded in

    presence = {f.target.rsplit("/", 1)[1]: f for f in us.by_kind("presence")}
    assert set(presence) == {"uzbekistan", "kyrgyzstan"}
    assert all(f.ended for f in presence.values())
    assert presence["uzbekistan"].until == "2005"
    assert presence["uzbekistan"].when() == "until 2005"
    assert _targets(us, "withdrew") == {"uzbekistan", "kyrgyzstan"}
    assert {"tajikistan", "uzbekistan"} <= _targets(us, "seeks_cooperation")
    assert _targets(us, "seeks_presence") == {"central_asia"}
    # Afghanistan is not in Central Asia: the withdrawal from it is not counted here
    assert "afghanistan" not in _targets(us, "withdrew")

    lines = s.lines()
    assert "Russia holds influence in Central Asia (1 statement)." in lines
    assert "Russia seeks influence in Central Asia (1 statement)." in lines
    assert ("Russia opposes the presence of United States in Central Asia (16 June) "
            "(2 statements, via Vladimir Putin).") in lines
    had = next(line for line in lines if line.startswith("United States had military presence in"))
    assert "Uzbekistan (until 2005)" in had and "Kyrgyzstan" in had
    assert any(line.startswith("United States withdrew from") and "Uzbekistan (2005)" in line
               for line in lines)
    coop = next(line for line in lines if line.startswith("United States seeks cooperation with"))
    assert "Tajikistan" in coop and "Uzbekistan" in coop
    # evidence: the sentence, its outlet and the article source
    ev = presence["uzbekistan"].evidence[0]
    assert "غادرت أوزبكستان عام 2005" in ev.text and ev.lang == "ar"
    assert ev.source.endswith("000_88021ef35a1db7c5.txt")
    assert ev.reported_by == "The Wall Street Journal"


def test_influence_summary_by_arabic_name_and_without_folding(seed):
    assert influence_summary(seed, "آسيا الوسطى").lines() == \
        influence_summary(seed, "Central Asia").lines()
    s = influence_summary(seed, "Central Asia", fold=False)
    putin = s.actor("Vladimir Putin")
    assert putin is not None and _targets(putin, "opposes_presence") == {"us_armed_forces"}
    assert s.actor("Russia").by_kind("opposes_presence")[0].statements == 1


def test_influence_summary_of_a_country(seed):
    s = influence_summary(seed, "Uzbekistan")
    assert s.places == [iri("uzbekistan")]
    us = s.actor("United States")
    assert set(us.kinds()) == {"presence", "withdrew", "seeks_cooperation"}
    assert s.actor("Russia") is None


def test_min_confidence_drops_weak_statements(seed):
    s = influence_summary(seed, "Central Asia", min_confidence=0.7)
    # the withdrawals (confidence 0.6) go, so the presence is no longer known to have ended
    us = s.actor("United States")
    assert us.by_kind("withdrew") == []
    assert all(not f.ended and f.until == "" for f in us.by_kind("presence"))


def _hand_made() -> Dataset:
    ds = example_dataset()
    g = ds.graph(URIRef("https://w3id.org/nufuz/doc/0a"))
    st = URIRef(NZR + "statement/0a/9")
    for p, o in ((RDF.type, URIRef(NZ + "Statement")), (RDF.subject, URIRef(iri("united_states"))),
                 (RDF.predicate, URIRef(NZ + "hasInfluenceIn")), (RDF.object, URIRef(iri("uzbekistan"))),
                 (URIRef(NZ + "mode"), Literal("negated"))):
        g.add((st, p, o))
    st = URIRef(NZR + "statement/0a/10")
    for p, o in ((RDF.type, URIRef(NZ + "Statement")), (RDF.subject, URIRef(iri("russia"))),
                 (RDF.predicate, URIRef(NZ + "hasMilitaryPresenceIn")),
                 (RDF.object, URIRef(iri("uzbekistan"))), (URIRef(NZ + "mode"), Literal("reported")),
                 (URIRef(NZ + "startDate"), Literal("2001", datatype=XSD.gYear)),
                 (URIRef(NZ + "endDate"), Literal("2003", datatype=XSD.gYear))):
        g.add((st, p, o))
    return ds


def test_negated_statements_never_count_and_end_dates_are_read():
    s = influence_summary(_hand_made(), "Central Asia")
    us = s.actor("United States")
    assert "influence" not in us.kinds()  # negated: "the US has no influence in ..."
    ru = s.actor("Russia")
    f = ru.by_kind("presence")[0]
    assert (f.ended, f.until, f.when()) == (True, "2003", "2001–2003")
    assert ru.sentence("presence") == \
        "Russia had military presence in Uzbekistan (2001–2003) (1 statement)."


def test_unknown_region_raises(seed):
    with pytest.raises(UnknownEntityError):
        influence_summary(seed, "Narnia")


def test_a_turtle_union_gives_the_same_summary(seed_dir, seed):
    union = read_graph(load_data([seed_dir / "graph.ttl"]))
    assert len(union.statements) == len(seed.statements) == 25
    assert influence_summary(union, "Central Asia").lines() == \
        influence_summary(seed, "Central Asia").lines()
    assert set(KINDS) >= {k for a in influence_summary(union, "Central Asia").actors
                          for k in a.kinds()}


def test_seed_and_corpus_summaries(corpus):
    s = influence_summary(corpus, "Central Asia")
    assert {"influence", "seeks_influence", "opposes_presence"} <= set(s.actor("Russia").kinds())
    syria = influence_summary(corpus, "Syria")
    assert iri("damascus") in syria.places
    assert _targets(syria.actor("Russia"), "influence") == {"syria"}
