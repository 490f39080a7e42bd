"""Which entities outside the knowledge base does a news stream name most? (KB growth list)

Reads one or more built datasets (TriG, as written by ``nufuz build``), and for every entity
an article graph mentions (``schema:mentions``) whose IRI is *not* a KB id, counts the
number of distinct articles that mention it. KB ids are plain (``nzr:king_salman`` =
``https://w3id.org/nufuz/id/king_salman``); entities found outside the KB carry a class
folder (``.../id/person/fahd-al-mubarak``, ``.../id/organization/...``). The class is that
folder. For each entity the Arabic and English surface forms (``nz:surfaceForm``) are
collected with the number of articles using them, so the spelling variants the stream uses
can be copied into the KB.

Usage (build 3-4 days first, leaving out the days used for evaluation)::

    nufuz build ../shared/corpus/snn/snn_2015-07-22.jsonl --out /tmp/d1 --no-html -q
    python benchmarks/kb_candidates.py /tmp/d1/graph.trig /tmp/d2/graph.trig -n 40
    python benchmarks/kb_candidates.py /tmp/d*/graph.trig --cls person --tsv /tmp/cands.tsv

Prints, per class (most-mentioned class first), the top ``-n`` entities: articles, IRI local
name, the three most frequent Arabic forms and the English form. ``--tsv`` writes every
entity (all classes) as TSV: class, local name, articles, Arabic forms (``form:count`` joined
by ``|``), English forms. Two IRIs that are the same real entity spelled differently (a
cut name, a variant) are counted separately: read the forms. Keep the outputs outside the
repository (they quote third-party news).

Needs rdflib (a nufuz dependency). Raises ``SystemExit`` with a message when a file is
missing.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ID_PREFIX = "https://w3id.org/nufuz/id/"
DOC_PREFIX = "https://w3id.org/nufuz/doc/"
NZ = "https://w3id.org/nufuz/ontology#"
SCHEMA = "http://schema.org/"


def non_kb_class(iri: str) -> str | None:
    """The class folder of an entity IRI outside the KB, or None for a KB id / other IRI.

    >>> non_kb_class("https://w3id.org/nufuz/id/person/fahd-al-mubarak")
    'person'
    >>> non_kb_class("https://w3id.org/nufuz/id/king_salman") is None
    True
    """
    if not iri.startswith(ID_PREFIX):
        return None
    rest = iri[len(ID_PREFIX):]
    return rest.split("/", 1)[0] if "/" in rest else None


def count_candidates(paths: list[Path]) -> tuple[Counter, dict, dict]:
    """Count the articles mentioning each non-KB entity over the datasets ``paths`` (TriG).

    Returns ``(articles, forms_ar, forms_en)``: ``articles[iri]`` = number of distinct article
    graphs whose ``schema:mentions`` include ``iri``; ``forms_ar[iri]`` / ``forms_en[iri]`` =
    Counter of surface forms (number of articles using each form). Only IRIs for which
    :func:`non_kb_class` is not None are counted. Raises ``FileNotFoundError`` for a missing
    file and rdflib's parser errors for a malformed one.
    """
    from rdflib import Dataset, URIRef

    mentions = URIRef(SCHEMA + "mentions")
    surface = URIRef(NZ + "surfaceForm")
    articles: Counter = Counter()
    forms_ar: dict[str, Counter] = defaultdict(Counter)
    forms_en: dict[str, Counter] = defaultdict(Counter)
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(path)
        ds = Dataset()
        ds.parse(path, format="trig")
        for g in ds.graphs():
            if not str(g.identifier).startswith(DOC_PREFIX):
                continue
            seen = set()
            for _, _, o in g.triples((None, mentions, None)):
                iri = str(o)
                if non_kb_class(iri) and iri not in seen:
                    seen.add(iri)
                    articles[iri] += 1
            for s, _, o in g.triples((None, surface, None)):
                iri = str(s)
                if iri in seen:
                    lang = getattr(o, "language", None)
                    (forms_ar if lang == "ar" else forms_en)[iri][str(o)] += 1
    return articles, forms_ar, forms_en


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring. Returns the exit code."""
    ap = argparse.ArgumentParser(
        description="Rank entities outside the KB by the number of articles naming them, per class.")
    ap.add_argument("trig", nargs="+", type=Path, help="graph.trig of one or more nufuz builds")
    ap.add_argument("-n", "--top", type=int, default=30, help="entities shown per class (default 30)")
    ap.add_argument("--cls", action="append", default=None,
                    help="only this class folder (person, organization, government, armedgroup...); repeatable")
    ap.add_argument("--min-articles", type=int, default=2, help="leave out entities named in fewer articles (default 2)")
    ap.add_argument("--tsv", type=Path, help="also write every entity (all classes) as TSV here")
    a = ap.parse_args(argv)
    try:
        articles, forms_ar, forms_en = count_candidates(a.trig)
    except FileNotFoundError as e:
        raise SystemExit(f"{e}: no such file (build the day first)")
    by_cls: dict[str, list[str]] = defaultdict(list)
    for iri, n in articles.most_common():
        by_cls[non_kb_class(iri)].append(iri)
    if a.tsv:
        with a.tsv.open("w", encoding="utf-8") as f:
            f.write("class\tlocal\tarticles\tforms_ar\tforms_en\n")
            for iri, n in articles.most_common():
                f.write("\t".join([non_kb_class(iri), iri.rsplit("/", 1)[-1], str(n),
                                   "|".join(f"{k}:{v}" for k, v in forms_ar[iri].most_common()),
                                   "|".join(k for k, _ in forms_en[iri].most_common())]) + "\n")
    order = sorted(by_cls, key=lambda c: -sum(articles[i] for i in by_cls[c]))
    for cls in order:
        if a.cls and cls not in a.cls:
            continue
        rows = [i for i in by_cls[cls] if articles[i] >= a.min_articles][: a.top]
        if not rows:
            continue
        print(f"== {cls}: {len(by_cls[cls])} entities, {sum(articles[i] for i in by_cls[cls])} article mentions")
        for iri in rows:
            ar = " | ".join(k for k, _ in forms_ar[iri].most_common(3))
            en = next(iter(k for k, _ in forms_en[iri].most_common(1)), "")
            print(f"{articles[iri]:5d}  {iri.rsplit('/', 1)[-1][:40]:40s}  {ar}  [{en}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
