"""The hand-checked NER development split: draw sentences, score the pipeline on them.

The split is a list of references into SaudiNewsNet (``../shared/corpus/snn``; the day file
held out of ``nufuz train-ner``) with the names a reader of Arabic marked in each sentence;
it holds no article text (``tests/data/ner_dev.jsonl``: ``file``, ``line``, ``start``,
``end`` of the sentence in the record's ``text``, its ``sha1``, and ``spans``: ``[start, end,
type]`` in article offsets, type PERS, ORG or LOC).

    python benchmarks/ner_dev.py sample -n 90 > /tmp/cand.txt   # sentences to read (pipeline marks)
    python benchmarks/ner_dev.py eval [--no-model] [--verbose]   # span P/R/F1 per type

``eval`` runs the whole pipeline (KB + cues + model; ``--no-model`` without the model) over
each referenced article and compares its mentions inside the sentence with the hand spans
(exact spans and type; :func:`extractors.ner.span_scores`).
"""
from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SNN = ROOT.parent / "shared" / "corpus" / "snn"
DEV = ROOT / "tests" / "data" / "ner_dev.jsonl"


def sample(n_articles: int, per_article: int, seed: int, day: str) -> None:
    """Print sentences of random articles of ``day`` with the pipeline's spans, to read."""
    from extractors.ner import dev_mentions, read_jsonl, sentence_refs
    from extractors.pipeline import Extractor

    ex = Extractor("ar")
    path = SNN / day
    recs = list(read_jsonl(path))
    rng = random.Random(seed)
    for line, rec in rng.sample(recs, n_articles):
        text = rec["text"]
        refs = sentence_refs(ex, text)
        refs = [r for r in refs if 6 <= r[2] <= 70]
        for st, en, _n in rng.sample(refs, min(per_article, len(refs))):
            ms = dev_mentions(ex, text, [(st, en)])[0]
            marked, last = [], st
            for s, e, typ in sorted(ms):
                marked.append(text[last:s] + f"[{typ} " + text[s:e] + "]")
                last = e
            marked.append(text[last:en])
            print(f"{day}\t{line}\t{st}\t{en}\t" + "".join(marked).replace("\n", " "))


def evaluate(use_model: bool, verbose: bool = False) -> None:
    """Print span P/R/F1 per type of the pipeline on the development split; with
    ``verbose``, first every miss and false positive (with the overlapping span of the
    other side, if any) under its sentence."""
    from extractors.ner import load_dev, score_dev
    from extractors.pipeline import Extractor, create_nlp

    ex = Extractor("ar", nlp=create_nlp("ar", ner=use_model))
    details: list = []
    scores = score_dev(ex, load_dev(DEV), SNN, details)
    for it, text, gold, pred in details if verbose else ():
        wrong = sorted((gold - pred) | (pred - gold))
        if not wrong:
            continue
        print(f"== {it['file']}:{it['line']} {it['start']}-{it['end']}: "
              + " ".join(text[it["start"]:it["end"]].split()))
        for s in wrong:
            other = pred if s in gold else gold
            near = [o for o in sorted(other) if o != s and o[0] < s[1] and s[0] < o[1]]
            print(f"   {'miss' if s in gold else 'fp  '} {s[2]:4} {text[s[0]:s[1]]!r}"
                  + "".join(f"  ~ {o[2]} {text[o[0]:o[1]]!r}" for o in near))
    for typ, s in scores.items():
        print(f"{typ:5} P {s['p']:.3f} R {s['r']:.3f} F1 {s['f']:.3f}  (gold {s['gold']}, predicted {s['pred']})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("-n", type=int, default=90, help="articles drawn")
    s.add_argument("--per-article", type=int, default=3)
    s.add_argument("--seed", type=int, default=811)
    s.add_argument("--day", default="snn_2015-08-11.jsonl")
    e = sub.add_parser("eval")
    e.add_argument("--no-model", action="store_true", help="the rule pipeline alone")
    e.add_argument("--verbose", "-v", action="store_true", help="list the misses and false positives")
    a = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if not SNN.is_dir():
        sys.exit(f"error: {SNN} absent (the SaudiNewsNet corpus is needed)")
    if a.cmd == "sample":
        sample(a.n, a.per_article, a.seed, a.day)
    else:
        evaluate(not a.no_model, a.verbose)


if __name__ == "__main__":
    main()
