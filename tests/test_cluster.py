"""``nufuz cluster-build`` (kg/cluster.py) on a Dask ``LocalCluster`` of two worker processes:
the union of its N-Quads parts and global.nq is the dataset of ``nufuz build`` on the same
inputs; a bad article loses no other article of its partition; the state one partition
hands the next (kg.rdf.BuildState) writes the graphs of a single pass; ``nufuz load`` puts
the parts into a new store and refuses a store that holds quads. Skipped when Dask is not
installed, unless NUFUZ_REQUIRE_DASK=1 (set by .ci/run), when they fail."""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest
from rdflib import SKOS, Dataset

from cli_helpers import invoke, plain

try:
    import distributed  # noqa: F401
except ImportError:  # CI installs the test extra, which has Dask, and sets NUFUZ_REQUIRE_DASK=1
    if os.environ.get("NUFUZ_REQUIRE_DASK") == "1":
        pytest.fail("NUFUZ_REQUIRE_DASK=1 but dask.distributed is not installed", pytrace=False)
    pytest.skip("dask.distributed is not installed (pip install '.[cluster]')", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED_AR = ROOT / "examples" / "ar"


def _quads(*files: Path) -> set[str]:
    ds = Dataset()
    for f in files:
        ds.parse(f, format="trig" if f.suffix == ".trig" else "nquads")
    return set(ds.serialize(format="nquads").splitlines()) - {""}


def _parts(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.nq"))


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of two worker processes of one thread; its address and a client.
    Closed after the module's tests, and its worker processes checked gone."""
    from distributed import Client, LocalCluster

    lc = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR)
    client = Client(lc)
    pids = list(client.run(os.getpid).values())
    assert len(pids) == 2
    try:
        yield lc.scheduler_address, client
    finally:
        client.close()
        lc.close()
    lingering = []
    for pid in pids:
        try:
            os.kill(pid, 0)
            lingering.append(pid)
        except ProcessLookupError:
            pass
    assert not lingering, f"worker processes still running after close: {lingering}"


@pytest.fixture(scope="module")
def seed_inputs(tmp_path_factory) -> list[str]:
    """examples/ar and four JSON Lines articles made of its paragraphs (one of them twice: a
    duplicate): five articles, nothing from ../shared."""
    tmp = tmp_path_factory.mktemp("in")
    seed = next(SEED_AR.glob("*.txt")).read_text(encoding="utf-8")
    paras = [p for p in seed.split("\n\n") if len(p) > 200][:4]
    assert len(paras) == 4
    lines = [{"text": p, "url": f"https://example.org/{i}", "lang": "ar"} for i, p in enumerate(paras)]
    lines.append({"text": paras[0], "url": "https://example.org/copy", "lang": "ar"})
    (tmp / "paras.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines),
                                     encoding="utf-8")
    return [str(SEED_AR), str(tmp / "paras.jsonl")]


def _single(inputs: list[str], out: Path) -> set[str]:
    r = invoke("build", *inputs, "--out", out, "--jobs", "1", "--trig-only", "-q")
    assert r.exit_code == 0, r.output
    return _quads(out / "graph.trig")


def test_seed_parts_are_the_single_process_dataset(cluster, seed_inputs, tmp_path):
    address, _ = cluster
    out = tmp_path / "cluster"
    r = invoke("cluster-build", *seed_inputs, "--out", out, "--scheduler", address, "--partition-size", "2")
    assert r.exit_code == 0, r.output
    assert "nufuz cluster-build: 5 articles read" in plain(r.output)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["global.nq", "manifest.json", "part-00000.nq", "part-00001.nq", "part-00002.nq"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["articles"] == 5 and manifest["partitions"] == 3 and manifest["errors"] == []
    assert [p["articles"] for p in manifest["parts"]] == [2, 2, 1]
    parts = _quads(*_parts(out))
    assert manifest["quads"] == sum(1 for f in _parts(out) for line in f.open(encoding="utf-8") if line.strip())
    single = _single(seed_inputs, tmp_path / "single")
    assert len(single) > 800
    assert parts == single
    assert sum("<https://example.org/copy>" in q for q in parts) == 1  # the duplicate: one more source
    glob = _quads(out / "global.nq")  # the graphs of the whole build: the KB graph and the entities graph
    assert sum(q.endswith("<https://w3id.org/nufuz/graph/kb> .") for q in glob) > 100
    assert any(q.endswith("<https://w3id.org/nufuz/graph/entities> .") for q in glob)
    assert all(q.endswith(("<https://w3id.org/nufuz/graph/kb> .", "<https://w3id.org/nufuz/graph/entities> ."))
               for q in glob)

    # a second, smaller build into the same folder replaces the set: no part of the first stays
    r = invoke("cluster-build", str(SEED_AR), "--out", out, "--scheduler", address, "-q")
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.iterdir()) == ["global.nq", "manifest.json", "part-00000.nq"]
    assert _quads(*_parts(out)) == _single([str(SEED_AR)], tmp_path / "single1")


@pytest.mark.skipif(not (SHARED / "corpus" / "ar").is_dir() or not (SHARED / "corpus" / "en").is_dir(),
                    reason="../shared/corpus (the developer corpus) is absent")
def test_corpus_parts_are_the_single_process_dataset(cluster, tmp_path):
    address, _ = cluster
    inputs = [str(SEED_AR), *(str(p) for p in sorted((SHARED / "corpus" / "ar").glob("*.txt"))[:7]),
              *(str(p) for p in sorted((SHARED / "corpus" / "en").glob("*.txt"))[:2])]
    out = tmp_path / "cluster"
    r = invoke("cluster-build", *inputs, "--out", out, "--scheduler", address, "--partition-size", "3", "-q")
    assert r.exit_code == 0, r.output
    assert len(list(out.glob("part-*.nq"))) == 4
    single = _single(inputs, tmp_path / "single")
    assert len(single) > 3000
    assert _quads(*_parts(out)) == single


SNN_DAY = SHARED / "corpus" / "snn" / "snn_2015-08-10.jsonl"


@pytest.mark.skipif(not SNN_DAY.is_file(), reason="../shared/corpus/snn/snn_2015-08-10.jsonl is absent")
def test_an_entity_of_an_earlier_partition_describes_a_later_reference(cluster, tmp_path):
    """Two SaudiNewsNet records of 2015-08-10 (lines 2 and 212), one partition each: the
    second article's statement points to Saudi Arabia without listing it; the first lists
    it. The later partition describes it from the state of the earlier one, as nufuz build
    does from the article before it."""
    address, _ = cluster
    lines = SNN_DAY.read_text(encoding="utf-8").splitlines()
    src = tmp_path / "two.jsonl"
    src.write_text(lines[2] + "\n" + lines[212] + "\n", encoding="utf-8")
    out = tmp_path / "cluster"
    r = invoke("cluster-build", src, "--out", out, "--scheduler", address, "--partition-size", "1", "-q")
    assert r.exit_code == 0, r.output
    later = _quads(out / "part-00001.nq")
    sa = "<https://w3id.org/nufuz/id/saudi_arabia>"
    assert not any(f"<http://schema.org/mentions> {sa}" in q for q in later)  # not listed by the article
    assert any(f" {sa} <" in q for q in later)  # but a statement of it points to it
    # described once, outside the article graphs (the KB graph of global.nq)
    assert not any(q.startswith(f"{sa} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ") for q in later)
    assert any(q.startswith(f"{sa} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ") for q in _quads(out / "global.nq"))
    assert _quads(*_parts(out)) == _single([str(src)], tmp_path / "single")


def test_a_bad_article_loses_no_other_article_of_its_partition(cluster, tmp_path):
    """One partition of four: two good articles, one whose extraction raises, one in a
    language without a pipeline; the good ones are written, the bad ones reported."""
    from extractors.sources import read_article
    from kg.cluster import run
    from kg.namespaces import article_iri
    from ontology.kb import load_kb

    _, client = cluster
    seed = next(SEED_AR.glob("*.txt"))
    good = read_article(seed, [])[0]
    paras = [p for p in good.text.split("\n\n") if len(p) > 200]
    other = type(good)(path="second.txt", text=paras[3], sha1="b" * 40, fmt="txt", lang="ar")
    broken = type(good)(path="broken.txt", text=None, sha1="c" * 40, fmt="txt", lang="ar")
    french = type(good)(path="french.txt", text="Le ministre a rencontré son homologue.", sha1="d" * 40,
                        fmt="txt", lang="fr")
    errors: list = []
    report = run(client, [good, broken, french, other], tmp_path, load_kb(), size=4,
                 on_error=lambda src, why: errors.append((src, why)))
    assert report.partitions == 1 and report.counts.articles == report.counts.with_statements == 2
    assert [s for s, _ in errors] == ["broken.txt", "french.txt"]
    assert errors[0][1].startswith("extraction failed (") and "not supported" in errors[1][1]
    quads = _quads(tmp_path / "part-00000.nq")
    graphs = {q.rsplit(" ", 2)[-2] for q in quads}
    assert graphs == {f"<{article_iri(good.sha1)}>", f"<{article_iri('b' * 40)}>"}
    statements = [q for q in quads if "/ontology#Statement>" in q and f"<{article_iri('b' * 40)}>" in q]
    assert statements  # the article after the bad ones has its statements
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert [e["source"] for e in manifest["errors"]] == ["broken.txt", "french.txt"]


def test_the_state_of_earlier_partitions_reaches_later_ones(tmp_path):
    """A statement of a later partition's article points to an entity only an earlier
    partition's article lists: written from the merged state of the partitions before it,
    the graphs are those of a single pass, and the entity is described once, in the merged
    state's entities graph (never in an article graph). Runs the two worker tasks in this
    process, no cluster needed."""
    from extractors.records import ArticleExtraction, Entity, Statement
    from kg.cluster import PartitionRecords, write_partition
    from kg.rdf import BuildState, DatasetBuilder
    from kg.stream import local_kb

    text1, text2 = "التقى أحمد الفلاني وزير الخارجية.", "قال المسؤول إن روسيا تعارض ذلك."
    ahmad = Entity("person/ahmd-alflany", "Person", "أحمد الفلاني", "", {"أحمد الفلاني"}, in_kb=False)
    a1 = ArticleExtraction(source="a1.txt", sha1="1" * 40, text=text1, lang="ar", entities={ahmad.id: ahmad})
    russia = Entity("russia", "Country", "روسيا", "Russia", {"روسيا"})
    a2 = ArticleExtraction(source="a2.txt", sha1="2" * 40, text=text2, lang="ar", entities={"russia": russia},
                           statements=[Statement("person/ahmd-alflany", "opposes", "russia", "reported", "REJECT",
                                                 text2, 0, len(text2), 0.8)])
    single = DatasetBuilder(local_kb())
    for a in (a1, a2):
        single.add(a)
    want = set(single.dataset.quads((None, None, None, None)))

    states = []
    for a in (a1, a2):  # task 1 of each partition: the state of its articles alone
        b = DatasetBuilder(None)
        b.note(a)
        states.append(b.state)
    merged, got = BuildState(), set()
    for k, (a, st) in enumerate(zip((a1, a2), states)):  # the client: each partition gets the state before it
        before = merged.only(st.mentioned)
        merged.merge(st)
        res = write_partition(PartitionRecords(k, [a], [], st), before, {})
        ds = Dataset()
        ds.parse(data=res.nquads, format="nquads")
        got |= set(ds.quads((None, None, None, None)))
    assert {(s, p, o, g.identifier if hasattr(g, "identifier") else g) for s, p, o, g in got} == \
        {(s, p, o, g.identifier if hasattr(g, "identifier") else g) for s, p, o, g in want}
    # article graphs never describe entities: the merged state's entities graph does, once
    assert "أحمد الفلاني" not in res.nquads.decode("utf-8")
    assert "أحمد الفلاني" in {str(o) for o in merged.entities.objects(None, SKOS.prefLabel)}
    assert merged.known == {"person/ahmd-alflany", "russia"}


def test_load_puts_the_parts_into_a_new_store(cluster, seed_inputs, tmp_path):
    pytest.importorskip("pyoxigraph")
    from kg.store import OxigraphStore

    address, _ = cluster
    out = tmp_path / "cluster"
    assert invoke("cluster-build", str(SEED_AR), "--out", out, "--scheduler", address, "-q").exit_code == 0
    store = tmp_path / "store"
    r = invoke("load", out, "--store", store)
    assert r.exit_code == 0, r.output
    parts = _quads(*_parts(out))
    st = OxigraphStore(store, read_only=True)
    try:
        assert len(st) == len(parts)
        assert set(st.graph_names()) == {q.rsplit(" ", 2)[-2][1:-1] for q in parts}
        # the statement records the views read, which the bulk loader bypasses, written after it
        from kg.store_records import has_records

        statements = sum(1 for q in parts if "<https://w3id.org/nufuz/ontology#Statement>" in q and "rdf-syntax-ns#type>" in q)
        records = st.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/nufuz/graph/records> "
                           "{ ?s <https://w3id.org/nufuz/ontology#statementRecord> ?r } }").rows[0][0]
        assert has_records(st) and statements > 0 and int(records) == statements
    finally:
        st.close()
    r = invoke("load", out, "--store", store)  # the bulk loader is for a new store
    assert r.exit_code == 1
    assert f"error: {store}: the store holds {len(parts):,} quads" in plain(r.output)
    r = invoke("load", tmp_path / "nothing", "--store", tmp_path / "s2")
    assert r.exit_code == 1 and "no such file or folder" in plain(r.output)


def test_an_unreachable_scheduler_is_one_error_line(tmp_path):
    r = invoke("cluster-build", str(SEED_AR), "--out", tmp_path / "o", "--scheduler", "tcp://127.0.0.1:9",
               "--wait", "1")
    assert r.exit_code == 1
    text = plain(r.output)
    assert text.startswith("error: tcp://127.0.0.1:9: cannot reach the Dask scheduler (")
