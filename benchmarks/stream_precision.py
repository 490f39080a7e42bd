"""Precision of extraction on a real news stream: draw statements to judge, then score them.

There is no gold for a stream (``../shared/corpus/snn/``), so precision is measured by hand:
draw a random sample of the statements a build produced, let a reader judge each one against
its evidence sentence, and count.

Step 1, ``sample``: read every ``nz:Statement`` node of the article named graphs of a built
dataset (TriG), leave out the background predicates (locatedIn, partOf, borders), draw
``-n`` of them with ``random.Random(seed)`` and write a TSV for the reader, one row per
statement: id, predicate, subject en/ar, object en/ar, mode, trigger, evidence, plus empty
``verdict``, ``error`` and ``note`` columns to fill in::

    nufuz build ../shared/corpus/snn/snn_2015-08-10.jsonl --out /tmp/snn0810 --no-html -q
    python benchmarks/stream_precision.py sample /tmp/snn0810/graph.trig \\
        -n 150 --seed 2015 -o /tmp/precision/sample.tsv

Step 2, the reader fills ``verdict`` (``ok`` or ``wrong``), ``error`` (a short kind such as
wrong-subject, wrong-object, wrong-predicate, sport, modality, negation,
historical-as-current, entity-error, other) and optionally ``note`` for each row.

Step 3, ``score``: print precision overall, for roles (leaderOf, officialOf, ambassadorTo,
memberOf) and for stances/events (every other predicate), each with its Wilson 95% interval,
then the counts per error kind and per predicate::

    python benchmarks/stream_precision.py score /tmp/precision/judged.tsv

Keep the TSV files outside the repository: the evidence sentences are third-party news.
"""
from __future__ import annotations

import argparse
import csv
import math
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

NZ = "https://w3id.org/nufuz/ontology#"
DOC_PREFIX = "https://w3id.org/nufuz/doc/"
EXCLUDED = frozenset({"locatedIn", "partOf", "borders"})
ROLES = frozenset({"leaderOf", "officialOf", "ambassadorTo", "memberOf"})
COLUMNS = ["id", "predicate", "subject_en", "subject_ar", "object_en", "object_ar", "mode",
           "trigger", "evidence", "verdict", "error", "note"]
OK = {"ok", "right", "correct", "yes", "y", "1", "true"}
WRONG = {"wrong", "error", "incorrect", "no", "n", "0", "false"}


# --------------------------------------------------------------------------- sampling

def _clean(text: object) -> str:
    """One TSV cell: no tab, no line break."""
    return " ".join(str(text or "").split())


def _local(iri: object) -> str:
    s = str(iri)
    return s.split("#")[-1] if "#" in s else s.rsplit("/", 1)[-1]


def read_statements(path: str | Path) -> list[dict[str, str]]:
    """Every statement node of the article graphs of a TriG dataset, as a row dict.

    Parameters
    ----------
    path : str or Path
        A TriG (or N-Quads, by suffix) dataset written by ``nufuz build``.

    Returns
    -------
    list of dict
        One dict per ``nz:Statement`` of a graph named ``https://w3id.org/nufuz/doc/...``,
        with the keys of :data:`COLUMNS` (judgement columns empty), sorted by id so that
        the same dataset always gives the same order.
    """
    from rdflib import Dataset, Namespace, URIRef
    from rdflib.namespace import RDF, SKOS

    nz = Namespace(NZ)
    fmt = "nquads" if str(path).endswith((".nq", ".nquads")) else "trig"
    ds = Dataset()
    ds.parse(str(path), format=fmt)

    labels: dict[URIRef, dict[str, str]] = defaultdict(dict)
    for ctx in ds.graphs():
        for ent, lab in ctx.subject_objects(SKOS.prefLabel):
            lang = getattr(lab, "language", None) or ""
            labels[ent].setdefault(lang, str(lab))

    def label(ent: object, lang: str) -> str:
        return _clean(labels.get(ent, {}).get(lang, ""))

    def one(g, s, p) -> object:
        return next(iter(g.objects(s, p)), None)

    rows: list[dict[str, str]] = []
    for ctx in ds.graphs():
        if not str(ctx.identifier).startswith(DOC_PREFIX):
            continue
        for st in set(ctx.subjects(RDF.type, nz.Statement)):
            pred = _local(one(ctx, st, RDF.predicate))
            if pred in EXCLUDED:
                continue
            sub, obj = one(ctx, st, RDF.subject), one(ctx, st, RDF.object)
            rows.append({
                "id": str(st), "predicate": pred,
                "subject_en": label(sub, "en") or _local(sub), "subject_ar": label(sub, "ar"),
                "object_en": label(obj, "en") or _local(obj), "object_ar": label(obj, "ar"),
                "mode": _clean(one(ctx, st, nz.mode)),
                "trigger": _clean(one(ctx, st, nz.trigger)),
                "evidence": _clean(one(ctx, st, nz.evidence)),
                "verdict": "", "error": "", "note": "",
            })
    rows.sort(key=lambda r: r["id"])
    return rows


def draw(rows: list[dict[str, str]], n: int, seed: int) -> list[dict[str, str]]:
    """``n`` rows drawn without replacement with ``random.Random(seed)`` (all if fewer)."""
    return random.Random(seed).sample(rows, min(n, len(rows)))


def write_tsv(rows: list[dict[str, str]], out) -> None:
    w = csv.DictWriter(out, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n",
                       quoting=csv.QUOTE_NONE, escapechar="\\", extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({k: _clean(r.get(k, "")) for k in COLUMNS})


# --------------------------------------------------------------------------- scoring

def wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval for a proportion ``k / n`` (95% by default).

    Notes
    -----
    E. B. Wilson (1927), "Probable inference, the law of succession, and statistical
    inference", JASA 22(158): 209-212.

    Examples
    --------
    >>> tuple(round(x, 3) for x in wilson(8, 10))
    (0.49, 0.943)
    """
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (max(0.0, centre - half), min(1.0, centre + half))


def read_judged(path: str | Path) -> tuple[list[dict[str, str]], int]:
    """Judged rows (verdict ok/wrong) and the number of rows left unjudged."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = {"predicate", "verdict"} - set(reader.fieldnames or [])
        if missing:
            raise SystemExit(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        judged, unjudged = [], 0
        for r in reader:
            v = (r.get("verdict") or "").strip().lower()
            if v in OK:
                r["verdict"] = "ok"
            elif v in WRONG:
                r["verdict"] = "wrong"
            elif not v:
                unjudged += 1
                continue
            else:
                raise SystemExit(f"{path}: verdict {v!r} is neither ok nor wrong ({r.get('id')})")
            judged.append(r)
    return judged, unjudged


def _line(name: str, rows: list[dict[str, str]]) -> str:
    n = len(rows)
    k = sum(r["verdict"] == "ok" for r in rows)
    if not n:
        return f"{name:<16} {'-':>9}"
    lo, hi = wilson(k, n)
    return f"{name:<16} {k:>3}/{n:<4} {k / n:6.1%}  [{lo:6.1%}, {hi:6.1%}]"


def report(rows: list[dict[str, str]], unjudged: int = 0, out=sys.stdout) -> None:
    """Print precision (overall, roles, stances/events), error kinds and per-predicate counts."""
    roles = [r for r in rows if r["predicate"] in ROLES]
    events = [r for r in rows if r["predicate"] not in ROLES]
    p = lambda *a: print(*a, file=out)  # noqa: E731
    p(f"judged statements: {len(rows)}" + (f" ({unjudged} unjudged rows skipped)" if unjudged else ""))
    p(f"{'':<16} {'ok/n':>8} {'prec':>6}  Wilson 95%")
    p(_line("overall", rows))
    p(_line("roles", roles))
    p(_line("stances/events", events))

    wrong = [r for r in rows if r["verdict"] == "wrong"]
    p("")
    p(f"errors by kind ({len(wrong)} wrong):")
    for kind, c in Counter((r.get("error") or "").strip() or "(none given)" for r in wrong).most_common():
        p(f"  {kind:<28} {c:>3}  {c / len(wrong):6.1%}")

    p("")
    p(f"{'predicate':<24} {'n':>4} {'ok':>4} {'wrong':>5} {'prec':>6}  errors")
    by_pred: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by_pred[r["predicate"]].append(r)
    for pred, rs in sorted(by_pred.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        k = sum(r["verdict"] == "ok" for r in rs)
        kinds = Counter((r.get("error") or "").strip() or "?" for r in rs if r["verdict"] == "wrong")
        p(f"{pred:<24} {len(rs):>4} {k:>4} {len(rs) - k:>5} {k / len(rs):6.1%}  "
          + ", ".join(f"{e} {c}" for e, c in kinds.most_common()))
    by_mode: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by_mode[(r.get("mode") or "").strip() or "?"].append(r)
    p("")
    p("by mode:")
    for mode, rs in sorted(by_mode.items(), key=lambda kv: -len(kv[1])):
        p(_line("  " + mode, rs))


# --------------------------------------------------------------------------- CLI

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="stream_precision.py",
        description="Measure extraction precision on a news stream by hand: 'sample' draws "
                    "statements from a built dataset into a TSV to judge; 'score' counts a "
                    "judged TSV.",
        epilog="Example: stream_precision.py sample out/graph.trig -o /tmp/sample.tsv; "
               "(fill verdict/error); stream_precision.py score /tmp/judged.tsv",
    )
    sub = ap.add_subparsers(dest="cmd", required=True, metavar="{sample,score}")

    s = sub.add_parser("sample", help="draw statements from a built dataset into a TSV",
                       description="Draw statements (all predicates but locatedIn, partOf, "
                                   "borders) of the article graphs of a dataset into a TSV.")
    s.add_argument("dataset", help="built dataset, e.g. OUT/graph.trig (TriG, or N-Quads by .nq)")
    s.add_argument("-n", "--size", type=int, default=150, help="sample size (default 150)")
    s.add_argument("--seed", type=int, default=2015, help="random seed (default 2015)")
    s.add_argument("-o", "--out", help="TSV to write (default: standard output); keep it "
                                       "outside the repository")

    c = sub.add_parser("score", help="print precision from a judged TSV",
                       description="Precision with Wilson 95%% intervals (overall, roles, "
                                   "stances/events), errors per kind and per predicate, from "
                                   "a TSV with columns predicate, verdict (ok/wrong), error.")
    c.add_argument("judged", help="judged TSV (the sample with verdict and error filled in)")

    a = ap.parse_args(argv)
    if a.cmd == "sample":
        if not Path(a.dataset).is_file():
            ap.error(f"{a.dataset}: no such file")
        rows = read_statements(a.dataset)
        picked = draw(rows, a.size, a.seed)
        if a.out:
            Path(a.out).parent.mkdir(parents=True, exist_ok=True)
            with open(a.out, "w", encoding="utf-8", newline="") as f:
                write_tsv(picked, f)
        else:
            write_tsv(picked, sys.stdout)
        preds = Counter(r["predicate"] for r in rows)
        print(f"{len(rows)} statements ({', '.join(f'{k} {v}' for k, v in preds.most_common())}); "
              f"drew {len(picked)} with seed {a.seed}" + (f" -> {a.out}" if a.out else ""),
              file=sys.stderr)
    else:
        if not Path(a.judged).is_file():
            ap.error(f"{a.judged}: no such file")
        rows, unjudged = read_judged(a.judged)
        if not rows:
            print(f"{a.judged}: no judged row (fill the verdict column with ok or wrong)",
                  file=sys.stderr)
            return 1
        report(rows, unjudged)
    return 0


if __name__ == "__main__":
    sys.exit(main())
