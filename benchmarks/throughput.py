"""Throughput benchmark: articles per second of extraction + RDF building.

Builds the bundled example plus the developer corpus (``../shared/corpus/ar``, when present)
``--repeat`` times in one process, after one warm-up pass, and prints articles/s for
extraction alone and for extraction + RDF dataset building, per CPU second of this process
(``time.process_time``; the machines are shared, so wall time is printed beside it only as
information). Single process, so one core. Python's collector is settled after the warm-up
as in a build's extraction process (``kg.stream._settle_gc``), and the rules' per-word memos
(``extractors/memo.py``) are emptied before each pass, since a build meets each article once
(before December 2026 the measured passes read back the memos the warm-up filled from the
same texts, which flattered the rules by 20-30%). Other caches stay warm from the warm-up:
the ``functools.lru_cache`` of clitic readings and match keys, the relation rules' marker
plans and spaCy's vocabulary; so a pass is colder than a long-running process and warmer
than a new worker.

    python benchmarks/throughput.py [--repeat 10] [--lang en] [--ner | --no-ner] [PATH ...]

The pipeline is the default one (``create_nlp(lang)``: with the statistical name recogniser
where the language ships one); ``--no-ner`` measures the rules alone, ``--ner`` asks for the
recogniser explicitly.

Last, spaCy's blank tokenizer of the language runs over the same texts in the same process
(issue 12's baseline): its articles/CPU-s and the extraction's cost as a multiple of it.

Articles of another language than ``--lang`` (default: the language most of them are in) are
left out: one pipeline runs, one language.
"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help="articles or folders (default: example + ../shared/corpus/ar)")
    ap.add_argument("--repeat", type=int, default=10, help="passes over the articles (default 10)")
    ap.add_argument("--lang", default=None,
                    help="language of the pipeline (default: the language most of the articles are in)")
    ap.add_argument("--ner", action=argparse.BooleanOptionalAction, default=None,
                    help="with (--ner) or without (--no-ner) the statistical name recogniser "
                         "(extractors/ner.py); default: the default pipeline")
    a = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from extractors.memo import bound_memos
    from kg.stream import _settle_gc
    from extractors.pipeline import Extractor, create_nlp
    from extractors.sources import discover, read_article
    from kg.rdf import build_dataset
    from ontology.kb import load_kb

    paths = a.paths or [str(ROOT / "examples" / "ar")] + [
        str(p) for p in [ROOT.parent / "shared" / "corpus" / "ar"] if p.is_dir()]
    files, errors = discover(paths)
    raws = [r for f in files for r in read_article(f)]
    lang = a.lang or max({r.lang for r in raws} or {"ar"}, key=lambda x: sum(r.lang == x for r in raws))
    raws = [r for r in raws if r.lang == lang]  # one pipeline, one language
    t0 = time.perf_counter()
    kb = load_kb()
    ex = Extractor(lang, kb=kb, nlp=create_nlp(lang, ner=a.ner))
    start_up = time.perf_counter() - t0
    build_dataset(list(ex.extract_many(raws)), kb)  # warm-up
    _settle_gc()
    # each pass starts with the rules' per-word memos empty, as a build's worker meets each
    # article once: a pass must not read back what the one before memoised from the same texts
    # (emptying them takes about a millisecond)
    t1, c1 = time.perf_counter(), time.process_time()
    for _ in range(a.repeat):
        bound_memos(0)
        arts = list(ex.extract_many(raws))
    t2, c2 = time.perf_counter(), time.process_time()
    for _ in range(a.repeat):
        bound_memos(0)
        build_dataset(list(ex.extract_many(raws)), kb)
    t3, c3 = time.perf_counter(), time.process_time()
    # the baseline of issue 12: spaCy's blank tokenizer of the language on the same texts,
    # in the same run (the extraction's cost is reported as a multiple of it)
    import spacy
    blank = spacy.blank(lang)
    blank.tokenizer(raws[0].text if raws else "")
    c4 = time.process_time()
    for _ in range(a.repeat):
        for r in raws:
            blank.tokenizer(r.text)
    c5 = time.process_time()
    n = len(raws) * a.repeat
    print(f"articles ({lang}): {len(raws)} x {a.repeat} = {n}; start-up (KB + pipeline) {start_up:.2f} s; "
          f"{'with' if 'nufuz_ner' in ex.nlp.pipe_names else 'without'} the statistical name recogniser")
    print(f"extraction:            {n / (c2 - c1):6.1f} articles/CPU-s ({(c2 - c1) / n * 1000:.1f} ms/article; "
          f"wall {n / (t2 - t1):.1f}/s)")
    print(f"extraction + RDF:      {n / (c3 - c2):6.1f} articles/CPU-s ({(c3 - c2) / n * 1000:.1f} ms/article; "
          f"wall {n / (t3 - t2):.1f}/s)")
    print(f"statements per pass:   {sum(len(x.statements) for x in arts)}")
    tok = max(c5 - c4, 1e-9)
    print(f"blank tokenizer:       {n / tok:6.1f} articles/CPU-s (spacy.blank({lang!r}), same texts, same run); "
          f"extraction costs x{(c2 - c1) / tok:.1f} of it")


if __name__ == "__main__":
    main()
