"""The streaming, parallel build (kg/stream.py, ``nufuz build --jobs N``): the same dataset
and the same store whatever the number of worker processes and the batch size, the same as
the in-memory ``build_dataset`` of the same articles, and the summary's counts kept from the
records equal to the headline counts of the dataset."""
from __future__ import annotations

import json
import re
from decimal import Decimal
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from rdflib import Dataset

from cli_helpers import invoke

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED_AR = ROOT / "examples" / "ar"
SEED_EN = ROOT / "examples" / "en" / "001_black_sea_talks.txt"

pytest.importorskip("pyoxigraph")


def _nquads(path: Path) -> list[str]:
    ds = Dataset()
    ds.parse(path, format="trig")
    return sorted(set(ds.serialize(format="nquads").splitlines()))


_DECIMAL = re.compile(r'"(-?[0-9]+(?:\.[0-9]+)?)"\^\^<http://www\.w3\.org/2001/XMLSchema#decimal>')


def _same_decimals(lines: list[str]) -> list[str]:
    """N-Quads with every xsd:decimal in one form: rdflib writes an integral decimal as
    ``44.0``, Oxigraph as ``44`` (a KB point such as the Black Sea's 44, 35)."""
    def canon(m: re.Match) -> str:
        text = format(Decimal(m.group(1)).normalize(), "f")
        return f'"{text}"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    return sorted(_DECIMAL.sub(canon, q) for q in lines)


def _store_nquads(path: Path) -> list[str]:
    import pyoxigraph as ox

    st = ox.Store.read_only(str(path))
    try:
        return sorted(str(q) + " ." for q in st)
    finally:
        del st


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    """The seeds, three paragraphs of the Arabic seed as JSON Lines articles (one of them
    twice: a duplicate), and, when ../shared is there, four corpus articles."""
    tmp = tmp_path_factory.mktemp("in")
    seed = next(SEED_AR.glob("*.txt")).read_text(encoding="utf-8")
    paras = [p for p in seed.split("\n\n") if len(p) > 200][:3]
    assert len(paras) == 3
    lines = [{"text": p, "url": f"https://example.org/{i}", "lang": "ar"} for i, p in enumerate(paras)]
    lines.append({"text": paras[0], "url": "https://example.org/copy", "lang": "ar"})
    (tmp / "paras.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines),
                                     encoding="utf-8")
    paths = [str(SEED_AR), str(SEED_EN), str(tmp / "paras.jsonl")]
    corpus = SHARED / "corpus"
    if (corpus / "ar").is_dir() and (corpus / "en").is_dir():
        paths += [str(p) for p in sorted((corpus / "ar").glob("*.txt"))[:3]]
        paths += [str(p) for p in sorted((corpus / "en").glob("*.txt"))[:1]]
    return paths


@pytest.fixture(scope="module")
def builds(inputs, tmp_path_factory, request):
    """``--jobs 1 --batch-size 1`` and ``--jobs 2 --batch-size 3``, each into files and a store."""
    tmp = tmp_path_factory.mktemp("builds")
    mp = pytest.MonkeyPatch()
    submitted = []
    real_submit = ProcessPoolExecutor.submit

    def submit(self, fn, *args, **kw):
        submitted.append(len(args[0]))
        return real_submit(self, fn, *args, **kw)

    mp.setattr(ProcessPoolExecutor, "submit", submit)
    mp.setattr("kg.stream.MIN_PARALLEL", 2)  # workers even for these few articles
    request.addfinalizer(mp.undo)
    out = {}
    for jobs, batch in ((1, 1), (2, 3)):
        r = invoke("build", *inputs, "--out", tmp / f"out{jobs}", "--store", tmp / f"store{jobs}",
                   "--jobs", jobs, "--batch-size", batch, "--no-html", "-q")
        assert r.exit_code == 0, r.output
        out[jobs] = (tmp / f"out{jobs}", tmp / f"store{jobs}")
        if jobs == 1:
            assert submitted == []  # one job: no worker process
    out["submitted"] = submitted
    return out


def test_jobs_2_builds_the_dataset_of_jobs_1(builds, inputs):
    assert sum(builds["submitted"]) == len(inputs) + 2  # every article went to a worker
    one, two = _nquads(builds[1][0] / "graph.trig"), _nquads(builds[2][0] / "graph.trig")
    assert len(one) > 1000
    assert one == two
    assert sum("<https://example.org/copy>" in q for q in one) == 1  # the duplicate: one more source


def test_jobs_2_fills_the_store_of_jobs_1(builds):
    one, two = _store_nquads(builds[1][1]), _store_nquads(builds[2][1])
    assert len(one) > 1000
    assert one == two
    kb = "<https://w3id.org/nufuz/graph/kb> ."
    files = [q for q in _nquads(builds[1][0] / "graph.trig") if q.endswith(kb)]
    # the KB graph merged batch by batch is the one made at once from every article
    assert len(files) > 100 and _same_decimals([q for q in one if q.endswith(kb)]) == _same_decimals(files)


def test_a_store_alone_is_filled_as_beside_the_files(builds, inputs, tmp_path):
    """Without --out the build keeps no entities graph of its own (the store keeps it):
    the store is the one a build with files fills."""
    r = invoke("build", *inputs, "--store", tmp_path / "alone", "--jobs", 1, "--batch-size", 3, "-q")
    assert r.exit_code == 0, r.output
    assert _store_nquads(tmp_path / "alone") == _store_nquads(builds[1][1])


def test_a_store_build_keeps_no_entity_description_of_its_own():
    """``DatasetBuilder(entities_graph=False)`` (a build into a store alone) writes the same
    article graphs, holds no description triple and writes no entities graph."""
    from kg.namespaces import ENTITIES_GRAPH
    from kg.rdf import DatasetBuilder, entity_triples
    from extractors.sources import read_article
    from kg.stream import extract_here, local_kb

    (raw, art, problem), = extract_here(read_article(next(SEED_AR.glob("*.txt"))))
    assert problem is None
    kb = local_kb()
    full, alone = DatasetBuilder(kb), DatasetBuilder(kb, entities_graph=False)
    triples = entity_triples(art, kb)
    assert len(triples) >= 20
    assert set(full.add(art)) == set(alone.add(art, triples))
    assert len(full.state.entities) >= 20 and len(alone.state.entities) == 0
    assert full.state.known == alone.state.known and full.state.mentioned == alone.state.mentioned
    # the state keeps the ids alone (a str each), not an entity record per id
    assert alone.state.known == set(art.entities) and len(art.entities) >= 5
    assert {type(i) for i in alone.state.known} == {str}
    assert ENTITIES_GRAPH in [g.identifier for g in full.global_graphs()]
    assert ENTITIES_GRAPH not in [g.identifier for g in alone.global_graphs()]


def test_the_stream_writes_what_build_dataset_builds(builds, inputs, tmp_path):
    """The streamed graph.trig equals write_outputs of the in-memory build_dataset."""
    from kg.cli import _extract_articles
    from kg.rdf import build_dataset, write_outputs

    duplicates: dict = {}
    articles, errors, kb = _extract_articles(inputs, quiet=True, duplicates=duplicates)
    assert not errors
    trig = write_outputs(build_dataset(articles, kb, sources=duplicates), tmp_path, formats=("trig",))["trig"]
    assert _nquads(trig) == _nquads(builds[1][0] / "graph.trig")


def test_trig_only_writes_the_same_trig_alone(inputs, builds, tmp_path):
    r = invoke("build", *inputs[:3], "--out", tmp_path, "--trig-only", "--jobs", "1", "-q")
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.trig"]
    full = tmp_path / "full"
    assert invoke("build", *inputs[:3], "--out", full, "--jobs", "1", "--no-html", "-q").exit_code == 0
    assert _nquads(tmp_path / "graph.trig") == _nquads(full / "graph.trig")


def test_record_counts_are_the_headline_counts(inputs):
    from kg.analytics import headline_counts
    from kg.cli import _extract_articles
    from kg.rdf import build_dataset
    from kg.stream import RecordCounts

    articles, _, kb = _extract_articles(inputs[:3], quiet=True)
    counts = RecordCounts()
    for a in articles:
        counts.add(a)
    expected = headline_counts(build_dataset(articles, kb))
    assert counts.headline() == expected
    assert expected.articles == 5 and expected.statements > 20


def test_scan_reads_again_beyond_its_text_budget(inputs):
    """Past ``keep_chars`` the texts are not kept; the second reading yields the same
    articles in the same order, each sha1 once."""
    from kg.stream import scan_inputs

    kept = scan_inputs(inputs[:3])
    dropped = scan_inputs(inputs[:3], keep_chars=100)
    assert kept.kept is not None and dropped.kept is None
    assert kept.total == dropped.total == 5
    assert [r.sha1 for r in kept.raws()] == [r.sha1 for r in dropped.raws()]
    assert list(kept.duplicates.values()) == [["https://example.org/copy"]]


def test_the_second_reading_lets_go_of_each_article(tmp_path):
    """Past the text budget the second reading holds an article until the next is asked
    for, not until its file is done: a one-file corpus does not stay in memory (with the
    UTF-8 copy of each text that pickling it for a worker caches in it)."""
    import gc
    import weakref

    from kg.stream import scan_inputs

    texts = [f"قال الرئيس فلاديمير بوتين في الخبر رقم {i} إن موسكو ترفض أي وجود عسكري." for i in range(6)]
    path = tmp_path / "month.jsonl"
    path.write_text("".join(json.dumps({"text": t, "url": f"https://example.org/{i}"}, ensure_ascii=False) + "\n"
                            for i, t in enumerate(texts)), encoding="utf-8")
    scan = scan_inputs([str(path)], keep_chars=0)
    assert scan.kept is None and scan.total == 6
    refs, alive, seen = [], [], []
    for raw in scan.raws():
        seen.append(raw.text)
        refs.append(weakref.ref(raw))
        del raw
        gc.collect()
        alive.append([i for i, r in enumerate(refs) if r() is not None])
    assert seen == texts
    assert alive == [[i] for i in range(6)]  # the reading holds the article it gave last, no other


@pytest.mark.skipif(not (SHARED / "corpus" / "snn" / "snn_2015-08-10.jsonl").is_file(),
                    reason="../shared/corpus/snn (SaudiNewsNet) absent")
def test_a_jsonl_day_is_read_in_memory_of_its_longest_record():
    """iter_articles reads a SaudiNewsNet day (about 1,700 articles, 5 MB) line by line
    (after a check of its bytes 256 KiB at a time): the memory it allocates at its peak is
    a small part of the file, whatever the file's size; read_article, which returns the
    whole list, holds more than the file."""
    import tracemalloc

    from extractors.sources import iter_articles, read_article

    day = SHARED / "corpus" / "snn" / "snn_2015-08-10.jsonl"
    size = day.stat().st_size
    next(iter_articles(day, []))  # what the readers load on first use (language data) is not counted
    tracemalloc.start()
    try:
        n = 0
        for _ in iter_articles(day, []):
            n += 1
        streamed = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        whole = read_article(day, [])
        held = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert n == len(whole) > 1000
    assert held > size  # the whole day at once
    assert streamed < 2 * 2**20 < size / 2, (streamed, size)


def test_the_forkserver_loads_the_pipelines_once_for_its_workers(monkeypatch):
    """What the forkserver runs on import (``_preload``, with the variable extract_stream
    sets): the KB and the pipelines of the build's languages, which a worker forked from it
    keeps when it runs with the same ``ner`` and drops (keeping the KB) when not."""
    import kg.stream as stream

    monkeypatch.setattr(stream, "_WORKER", {})
    monkeypatch.setattr(stream, "_settle_gc", lambda: None)  # (this process is not a worker)
    monkeypatch.delenv(stream.PRELOAD_ENV, raising=False)
    stream._preload()
    assert stream._WORKER == {}  # not a forkserver's import: nothing loaded
    monkeypatch.setenv(stream.PRELOAD_ENV, "ar;rules")
    stream._preload()
    ar = stream._WORKER["extractors"]["ar"]
    assert ar.lang == "ar" and "nufuz_ner" not in ar.nlp.pipe_names and stream._WORKER["ner"] is False
    kb = stream._WORKER["kb"]
    stream._init_worker(False)  # a worker of the same build keeps them
    assert stream._WORKER["extractors"]["ar"] is ar and stream._WORKER["kb"] is kb
    stream._init_worker(True)  # one that wants the name recogniser loads its own pipeline
    assert stream._WORKER["extractors"] == {} and stream._WORKER["kb"] is kb
    monkeypatch.setenv(stream.PRELOAD_ENV, "xx;ner")  # no pipeline for xx: none, no error
    monkeypatch.setattr(stream, "_WORKER", {})
    stream._preload()
    assert stream._WORKER["extractors"] == {"xx": None}


def test_the_collector_settles_for_an_extraction_and_is_restored_after_it():
    """``_settle_gc`` freezes what is alive (the loaded pipelines) and collects the youngest
    generation every ``GC_YOUNG`` allocations; the in-process extraction (``jobs=1``) undoes
    it when its stream ends, with the articles extracted as before."""
    import gc

    import kg.stream as stream
    from extractors.sources import read_article
    from ontology.kb import load_kb

    before = gc.get_threshold()
    assert before[0] != stream.GC_YOUNG and gc.get_freeze_count() == 0
    got = stream._settle_gc()
    try:
        assert got == before and gc.get_threshold() == (stream.GC_YOUNG, *before[1:])
        assert gc.get_freeze_count() > 1000  # (the modules, the KB, the test session)
    finally:
        stream._unsettle_gc(got)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    raws = read_article(next(SEED_AR.glob("*.txt")))
    out = list(stream.extract_stream(raws, load_kb(), jobs=1, langs={"ar"}))
    assert [(r.sha1, a is not None, e) for r, a, e in out] == [(raws[0].sha1, True, None)]
    assert len(out[0][1].statements) > 5
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_a_pool_settles_this_process_collector_while_it_streams(inputs, monkeypatch):
    """With worker processes, the process that reads their records (unpickles them, builds
    their RDF) runs with its collector settled too, and has it back when the stream ends."""
    import gc

    import kg.stream as stream
    from ontology.kb import load_kb

    monkeypatch.setattr(stream, "MIN_PARALLEL", 2)
    before = gc.get_threshold()
    scan = stream.scan_inputs(inputs[:3])
    seen = []
    for raw, art, problem in stream.extract_stream(scan.raws(), load_kb(), jobs=2, total=scan.total,
                                                   langs=scan.langs):
        seen.append((art is not None, gc.get_threshold()[0], gc.get_freeze_count() > 0))
    assert seen == [(True, stream.GC_YOUNG, True)] * scan.total and scan.total == 5
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_the_forkserver_starts_before_the_scan_only_for_a_pool(monkeypatch, tmp_path):
    """``prestart`` starts the workers' forkserver (with every built language) before the
    inputs are read when ``jobs > 1`` and the inputs hold ``PRESTART_BYTES`` bytes or more;
    a single job or a small input starts nothing."""
    import kg.stream as stream

    started = []
    monkeypatch.setattr(stream, "_start_forkserver", lambda ctx, langs, ner: started.append((sorted(langs), ner)))
    big = tmp_path / "big.jsonl"
    big.write_bytes(b"x" * stream.PRESTART_BYTES)
    assert not stream.prestart([str(SEED_AR)], 2) and not stream.prestart([str(big)], 1)
    assert not stream.prestart([str(tmp_path / "missing.txt")], 2)
    assert started == []
    assert stream.prestart([str(SEED_AR), str(big)], 2, ner=False)
    assert started == [(["ar", "en"], False)]
