"""Tests of ontology/vocab.py: the contract's vocabulary read from ontology/nufuz.ttl.

Three kinds of checks:

- the values read from the Turtle file equal the contract of DESIGN.md (the 21 predicates
  in table order, the symmetric ones, the seeks... mapping, the class sets, the six modes and
  the truthy ones, domain/range);
- the old public names (``kg.namespaces.PREDICATES``, ``extractors.records.MODES``...) are
  the vocab values, and ``kg/evaluate.py`` still holds ``../shared/eval/score.py``'s values;
- an architecture test: no module under ``kg/``, ``ontology/``, ``visualizations/`` (nor
  ``extractors/records.py``) writes out its own set of predicate names or modes, or its own
  seeks... mapping (read with :mod:`ast`, so a literal spread over lines is found too).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from ontology import vocab
from ontology.vocab import (ACTOR_CLASSES, DOMAIN, MODES, ORGANIZATION_CLASSES,
                            ORGANIZATION_SUBCLASSES, PLACE_CLASSES, PREDICATES, RANGE, SEEKS,
                            SYMMETRIC, TRUTHY_MODES, VocabularyError, read_vocabulary,
                            subclasses_of, vocabulary)

ROOT = Path(__file__).resolve().parents[1]
SCORE_PY = ROOT.parent / "shared" / "eval" / "score.py"
TTL = ROOT / "ontology" / "nufuz.ttl"

#: The relation predicates of DESIGN.md's table, in its order (the contract, written here
#: once so the test can compare what the ontology says with it).
CONTRACT_PREDICATES = (
    "opposes", "supports", "cooperatesWith", "seeksCooperationWith", "meetsWith", "pressures",
    "attacks", "sanctions", "hasMilitaryPresenceIn", "seeksMilitaryPresenceIn", "withdrawsFrom",
    "hasInfluenceIn", "seeksInfluenceIn", "concernedAbout", "leaderOf", "officialOf",
    "ambassadorTo", "memberOf", "locatedIn", "partOf", "borders",
)
CONTRACT_MODES = ("asserted", "reported", "intended", "hypothetical", "negated", "historical")
ORG_SUBS = {"Government", "MilitaryForce", "InternationalOrganization", "NewsOrganization",
            "ThinkTank", "ArmedGroup", "PoliticalParty", "Company"}


# --------------------------------------------------------------------------- the contract

def test_predicates_are_the_21_of_the_contract_in_table_order():
    assert PREDICATES == CONTRACT_PREDICATES
    assert isinstance(PREDICATES, tuple) and len(PREDICATES) == 21


def test_symmetric_predicates():
    assert SYMMETRIC == {"meetsWith", "cooperatesWith", "borders"}
    assert isinstance(SYMMETRIC, frozenset)


def test_seeks_mapping():
    assert dict(SEEKS) == {"cooperatesWith": "seeksCooperationWith",
                           "hasMilitaryPresenceIn": "seeksMilitaryPresenceIn",
                           "hasInfluenceIn": "seeksInfluenceIn"}
    assert vocab.INTENDED_PREDICATES == set(SEEKS.values())
    with pytest.raises(TypeError):
        SEEKS["opposes"] = "seeksOpposition"  # read-only


def test_class_sets():
    assert "ActorGroup" in ACTOR_CLASSES
    assert ACTOR_CLASSES == {"Actor", "Person", "Country", "Organization", "ActorGroup"} | ORG_SUBS
    assert PLACE_CLASSES == {"Place", "Country", "Region", "City", "MilitaryBase"}
    assert ORGANIZATION_CLASSES == ORG_SUBS | {"Organization"}
    assert ORGANIZATION_SUBCLASSES == ORG_SUBS
    assert ACTOR_CLASSES & PLACE_CLASSES == {"Country"}
    assert subclasses_of("Organization") == ORGANIZATION_CLASSES
    assert subclasses_of("Topic") == {"Topic"}
    with pytest.raises(KeyError):
        subclasses_of("Nation")


def test_modes_and_truthy_modes():
    assert MODES == CONTRACT_MODES
    assert TRUTHY_MODES == {"asserted", "reported", "historical", "intended"}
    assert TRUTHY_MODES <= set(MODES)


def test_domain_and_range():
    assert set(DOMAIN) == set(RANGE) == set(PREDICATES)
    assert DOMAIN["opposes"] == RANGE["opposes"] == {"Actor"}
    assert RANGE["attacks"] == {"Actor", "Place"}
    assert RANGE["hasMilitaryPresenceIn"] == {"Place"}
    assert RANGE["concernedAbout"] == {"Topic"}
    assert DOMAIN["leaderOf"] == {"Person"} and RANGE["leaderOf"] == {"Country", "Organization"}
    assert DOMAIN["memberOf"] == {"Person", "Country"} and RANGE["memberOf"] == {"Organization"}
    assert DOMAIN["locatedIn"] == {"Organization", "City", "MilitaryBase"}
    assert DOMAIN["borders"] == RANGE["borders"] == {"Place"}
    # a seeks... predicate has the domain and range of its base predicate
    for base, seeks in SEEKS.items():
        assert (DOMAIN[seeks], RANGE[seeks]) == (DOMAIN[base], RANGE[base]), base


def test_every_declared_relation_predicate_is_listed():
    """A predicate declared in nufuz.ttl with a PLOVER category is in nz:relationPredicates."""
    g = Graph().parse(TTL)
    nz = vocab.NZ
    declared = {str(p)[len(nz):] for p in g.subjects(URIRef(nz + "ploverCategory"), None)
                if (p, RDF.type, OWL.ObjectProperty) in g}
    assert declared == set(PREDICATES)


def test_read_once_and_immutable():
    assert vocabulary() is vocabulary()
    assert vocabulary().predicates is PREDICATES
    with pytest.raises(AttributeError):
        vocabulary().predicates = ()  # frozen dataclass


def test_missing_facts_are_clear_errors():
    text = TTL.read_text(encoding="utf-8")
    no_list = text.replace("nz:relationPredicates (", "rdfs:seeAlso (", 1)
    with pytest.raises(VocabularyError, match="relationPredicates"):
        read_vocabulary(no_list)
    no_truthy = text.replace('nz:truthyMode "asserted"', 'rdfs:comment "asserted"', 1)
    with pytest.raises(VocabularyError, match="truthyMode"):
        read_vocabulary(no_truthy)
    bad_form = text.replace("nz:intendedForm nz:seeksInfluenceIn", "nz:intendedForm nz:Actor", 1)
    with pytest.raises(VocabularyError, match="intendedForm"):
        read_vocabulary(bad_form)
    assert read_vocabulary(text) == vocabulary()


# --------------------------------------------------------------------------- the old names

def test_old_public_names_are_the_vocab_values():
    from extractors import records
    from kg import analytics, evaluate, namespaces
    from ontology import kb
    from visualizations import explorer

    assert namespaces.PREDICATES is PREDICATES and namespaces.SYMMETRIC is SYMMETRIC
    assert records.MODES is MODES and records.TRUTHY_MODES is TRUTHY_MODES
    assert analytics.TRUTHY_MODES is TRUTHY_MODES and analytics.PLACE_CLASSES is PLACE_CLASSES
    assert evaluate.PREDICATES == set(PREDICATES) and evaluate.SYMMETRIC is SYMMETRIC
    assert evaluate.ORG_SUBCLASSES is ORGANIZATION_SUBCLASSES
    assert kb.ORG_CLASSES is ORGANIZATION_CLASSES
    assert kb.FACT_PREDICATES <= set(PREDICATES)
    assert explorer._SEEKS is SEEKS


def _score_py_sets() -> dict[str, set[str]]:
    tree = ast.parse(SCORE_PY.read_text(encoding="utf-8"))
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Set):
            out[node.targets[0].id] = set(ast.literal_eval(node.value))
    return out


@pytest.mark.skipif(not SCORE_PY.exists(), reason="../shared/eval/score.py not present")
def test_evaluate_keeps_the_values_of_score_py():
    """kg/evaluate.py mirrors the project scorer: its sets read from nufuz.ttl must equal
    score.py's literals (a predicate added to the ttl must be added to the scorer too)."""
    from kg import evaluate

    ref = _score_py_sets()
    assert evaluate.PREDICATES == ref["PREDICATES"]
    assert evaluate.SYMMETRIC == ref["SYMMETRIC"]
    assert evaluate.ORG_SUBCLASSES == ref["ORG_SUBCLASSES"]


# --------------------------------------------------------------------------- architecture

#: Where no module may write out the vocabulary (extractors/relations.py and
#: extractors/components.py join once they import from ontology.vocab).
SCANNED = ("kg", "ontology", "visualizations", "extractors")
#: The one module that reads the vocabulary.
VOCAB_MODULE = "ontology/vocab.py"
#: May hold a literal copy (it mirrors ../shared/eval/score.py) only if it imports vocab.
MIRROR_MODULE = "kg/evaluate.py"


def _set_literal_strings(node: ast.AST) -> set[str] | None:
    """The string elements of a set display, or of ``set(...)`` / ``frozenset(...)`` called on
    a literal set, tuple or list; None for any other node."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
            and node.func.id in ("set", "frozenset") and len(node.args) == 1:
        node = node.args[0]
        if not isinstance(node, (ast.Set, ast.Tuple, ast.List)):
            return None
    elif not isinstance(node, ast.Set):
        return None
    return {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}


def vocabulary_copies(source: str) -> list[str]:
    """Literal copies of the vocabulary in a module's source, one description per copy.

    A copy is a set literal that names ``meetsWith`` or three or more contract predicates
    (smaller sets such as ``{"partOf", "locatedIn"}`` are a module's own rule, not the
    contract), a set literal naming three or more modes, or a dict literal mapping a
    predicate to its seeks... form.
    """
    found: set[str] = set()  # a frozenset({...}) call and its set display are one copy
    for node in ast.walk(ast.parse(source)):
        names = _set_literal_strings(node)
        if names is not None:
            preds = names & set(PREDICATES)
            if "meetsWith" in preds or len(preds) >= 3:
                found.add(f"line {node.lineno}: predicate set {sorted(preds)}")
            if len(names & set(MODES)) >= 3:
                found.add(f"line {node.lineno}: mode set {sorted(names & set(MODES))}")
        if isinstance(node, ast.Dict):
            pairs = {(k.value, v.value) for k, v in zip(node.keys, node.values)
                     if isinstance(k, ast.Constant) and isinstance(v, ast.Constant)}
            if pairs & set(SEEKS.items()):
                found.add(f"line {node.lineno}: seeks mapping")
    return sorted(found)


def _imports_vocab(source: str) -> bool:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (
                node.module == "ontology.vocab"
                or (node.module == "ontology" and any(a.name == "vocab" for a in node.names))):
            return True
    return False


def test_copy_detector_finds_copies():
    assert vocabulary_copies('X = frozenset({\n  "meetsWith",\n  "borders"})')
    assert vocabulary_copies('X = {"opposes", "supports", "attacks"}')
    assert vocabulary_copies('X = frozenset(("asserted", "reported", "historical"))')
    assert vocabulary_copies('X = {"hasInfluenceIn": "seeksInfluenceIn"}')
    assert not vocabulary_copies('X = frozenset({"partOf", "locatedIn"})')
    assert not vocabulary_copies('X = ("opposes", "supports", "meetsWith")')  # an ordered group
    assert not vocabulary_copies('X = vocab.SYMMETRIC | {"x"}')


def _scanned_files() -> list[Path]:
    files = []
    for entry in SCANNED:
        path = ROOT / entry
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return files


def test_no_module_writes_out_the_vocabulary():
    offenders = {}
    for path in _scanned_files():
        rel = path.relative_to(ROOT).as_posix()
        if rel == VOCAB_MODULE:
            continue
        source = path.read_text(encoding="utf-8")
        copies = vocabulary_copies(source)
        if copies and rel == MIRROR_MODULE and _imports_vocab(source):
            continue
        if copies:
            offenders[rel] = copies
    assert not offenders, f"use ontology.vocab instead of these copies: {offenders}"
    assert len(_scanned_files()) > 10


def test_shape_classes_are_what_the_shapes_check_and_the_rules_keep_to_them():
    """The classes ``shapes.ttl`` accepts at each end of a relation (``sh:class``, directly or
    in an ``sh:or``); the extraction rules allow those classes and their subclasses, no
    other: a region is a party of ``opposes`` but never the subject of ``attacks`` or
    ``hasMilitaryPresenceIn`` (a "European" presence in a Belgian town was one)."""
    from extractors.relations import _allowed
    from ontology import vocab

    sc = vocab.shape_classes()
    assert sc[("opposes", "domain")] == {"Actor", "Region"} and sc[("attacks", "range")] == {"Actor", "Place"}
    assert sc[("hasMilitaryPresenceIn", "domain")] == {"Actor"} and sc[("leaderOf", "range")] == {"Country", "Organization"}
    for p in vocab.PREDICATES:
        for side in ("domain", "range"):
            assert (p, side) in sc, (p, side)
            assert _allowed(p, side) == frozenset().union(*(vocab.subclasses_of(c) for c in sc[(p, side)]))
    assert "Region" in _allowed("opposes", "domain") and "Region" not in _allowed("attacks", "domain")
    assert "Region" not in _allowed("hasMilitaryPresenceIn", "domain") and "ActorGroup" in _allowed("attacks", "domain")
