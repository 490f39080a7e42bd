"""The main process's fast path of a store build: article graphs as :class:`kg.rdf.TripleSet`
(no rdflib Graph), the memoised terms and KB descriptions of :mod:`kg.rdf`, the entity IRIs
of :mod:`kg.namespaces`, the ingest's :class:`kg.store_ingest.Descriptions` and the batch
term conversion of :mod:`kg.store_oxigraph`: each gives what the slow path gave, on the seed
article (and, when ../shared is there, three corpus articles) extracted for real."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from kg import namespaces as ns
from kg import rdf
from kg.rdf import (
    DatasetBuilder, TripleSet, add_article, article_triples, entity_triples, merge_entity_triples,
    new_dataset,
)
from kg.store_ingest import Descriptions

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = REPO / "examples" / "ar" / "000_88021ef35a1db7c5.txt"
SEED_DOC = URIRef("https://w3id.org/nufuz/doc/")


@pytest.fixture(scope="module")
def extracted():
    """The seed article and, when ../shared is there, the first three Arabic corpus articles,
    extracted once (records, the real KB)."""
    from kg.cli import _extract_articles

    corpus = sorted((SHARED / "corpus" / "ar").glob("*.txt"))[:3]
    articles, errors, kb = _extract_articles([str(SEED)] + [str(p) for p in corpus], quiet=True, jobs=1)
    assert not errors
    assert Path(articles[0].source).name == SEED.name
    return articles, kb


def test_article_triples_are_the_article_graph_of_the_seed(extracted):
    articles, kb = extracted
    seed = articles[0]
    triples = entity_triples(seed, kb)
    graph = add_article(new_dataset(), seed, kb=kb, sources=["https://example.org/copy"], triples=triples)
    fast = article_triples(seed, kb=kb, sources=["https://example.org/copy"], triples=triples)
    assert isinstance(fast, TripleSet) and fast.identifier == graph.identifier
    assert set(fast) == set(graph) and len(fast) == len(graph) > 100
    doc = graph.identifier
    assert str(doc) == str(SEED_DOC) + seed.sha1
    assert (doc, RDF.type, URIRef("http://schema.org/NewsArticle")) in fast
    assert sorted(fast.objects(doc, DCTERMS.source)) == sorted(graph.objects(doc, DCTERMS.source))
    assert URIRef("https://example.org/copy") in set(fast.objects(doc, DCTERMS.source))
    # the seed names the United States and Russia (nzr:united_states, nzr:russia)
    mentions = set(fast.objects(doc, URIRef("http://schema.org/mentions")))
    assert {ns.entity_iri("united_states"), ns.entity_iri("russia")} <= mentions


def test_add_triples_writes_what_add_writes_and_no_dataset(extracted):
    articles, kb = extracted
    slow = DatasetBuilder(kb, entities_graph=False)
    fast = DatasetBuilder(kb, entities_graph=False)
    for art in articles:
        assert not slow.check(art) and not fast.check(art)
        g = slow.add(art)
        t = fast.add_triples(art)
        assert set(t) == set(g) and len(t) == len(g)
    assert len(fast.dataset) == 0 and len(list(fast.dataset.graphs())) <= 1  # the default graph only
    assert fast.state.known == slow.state.known
    assert fast.state.mentioned == slow.state.mentioned


def test_descriptions_merge_like_an_rdflib_graph(extracted):
    articles, kb = extracted
    graph, index = Graph(), Descriptions()
    for art in articles + articles[:1]:  # the seed again: nothing new
        triples = entity_triples(art, kb)
        assert merge_entity_triples(index, triples) == merge_entity_triples(graph, triples)
    assert set(index) == set(graph) and len(index) == len(graph) > 20
    us = ns.entity_iri("united_states")
    for p in (SKOS.prefLabel, SKOS.altLabel, RDF.type):
        assert sorted(index.objects(us, p)) == sorted(graph.objects(us, p))
    subject = max({s for s, p, _ in graph if p == SKOS.altLabel}, key=lambda s: (len(list(graph.triples((s, None, None)))), s))
    form = next(graph.objects(subject, SKOS.altLabel))
    assert index.remove(subject, SKOS.altLabel, form) == [(subject, SKOS.altLabel, form)]
    assert index.remove(subject, SKOS.altLabel, form) == []  # not there any more
    graph.remove((subject, SKOS.altLabel, form))
    gone = index.remove(subject)
    assert set(gone) == set(graph.triples((subject, None, None))) and gone
    graph.remove((subject, None, None))
    assert set(index) == set(graph)


def _encode_slowly(entity_id: str) -> str:
    """encode_id before its plain-slug shortcut: every character checked."""
    out = "".join(ch if ns._iri_char_ok(ch) else quote(ch, safe="") for ch in entity_id)
    return "/".join(s.replace(".", "%2E") if s in (".", "..") else s for s in out.split("/"))


def test_entity_iris_are_made_once_and_encoded_as_before(extracted):
    articles, kb = extracted
    ids = list(kb.entries) + [i for a in articles for i in a.entities]
    ids += ["a b", "..", "x/./y", "a#b?c", "٪50", "name\u200f", "q%zz", "ok%41", "person/علي"]
    for i in ids:
        assert ns.encode_id(i) == _encode_slowly(i), i
        assert str(ns.entity_iri(i)) == "https://w3id.org/nufuz/id/" + _encode_slowly(i)
    assert ns.entity_iri("person/علي") is ns.entity_iri("person/علي")
    assert ns.entity_iri.cache_info().maxsize == ns.ENTITY_IRI_CACHE
    with pytest.raises(ValueError):
        ns.entity_iri(" ")
    assert ns.article_iri("ABCdef0123") == URIRef("https://w3id.org/nufuz/doc/abcdef0123")
    for bad in ("", "xyz", "ab cd", "ab\n"):
        with pytest.raises(ValueError):
            ns.article_iri(bad)


def test_kb_descriptions_are_made_once_per_frozen_entry(extracted):
    _, kb = extracted
    entry = kb.get("russia")
    first = rdf._kb_description(entry)
    assert rdf._kb_description(entry) is first
    assert list(first.triples) == rdf._kb_entry_triples(entry)
    assert Literal("روسيا", lang="ar") in first.labels and first.pref_langs == {"ar", "en"}

    @dataclass
    class Mutable:  # a stand-in KB entry that may change: never memoised
        id: str
        cls: str
        label_en: str
        label_ar: str
        aliases_ar: list = field(default_factory=list)

    m = Mutable("zz-test", "Country", "Zed", "زد")
    assert len(rdf._kb_description(m).triples) == 3
    m.aliases_ar.append("زدستان")
    assert len(rdf._kb_description(m).triples) == 4


def test_term_caches_are_bounded_and_give_fresh_terms_equal():
    for name in ("_nz", "_plain", "_cached_integer", "_cached_confidence", "_cached_date",
                 "_label_literal", "_form", "_alt_literal"):
        assert getattr(rdf, name).cache_info().maxsize is not None, name
    assert rdf._label_literal("الجـــزائر", "ar") == Literal("الجزائر", lang="ar")
    assert rdf._label_literal("\u200f", "ar") is None
    assert rdf._alt_literal("Foreign Minister", "ar") == Literal("Foreign Minister", lang="en")
    assert rdf._cached_confidence(0.8349) == rdf.confidence_literal(0.8349)
    assert rdf._cached_date("2015-08-10") == rdf.date_literal("2015-08-10")
    assert rdf._plain(True) != rdf._plain(1)  # typed: a boolean is not an integer


def test_a_write_converts_each_term_once_to_the_same_oxigraph_term():
    pytest.importorskip("pyoxigraph")
    from kg.store_oxigraph import _OxTerms, to_oxigraph

    terms = _OxTerms()
    for t in (ns.entity_iri("russia"), Literal("روسيا", lang="ar"), Literal(3),
              Literal("x"), URIRef("https://example.org/a%20b")):
        assert terms[t] == to_oxigraph(t)
    assert len(terms) == 5 and terms[Literal("روسيا", lang="ar")] is terms[Literal("روسيا", lang="ar")]
    with pytest.raises(ValueError):  # what Oxigraph refuses fails the write, as before
        terms[URIRef("https://example.org/a b")]
    assert len(terms) == 5
