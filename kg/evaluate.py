"""Score a nufuz RDF dataset against gold annotations (library form of the project scorer).

This module re-implements, as a library, the scoring that ``../shared/eval/score.py`` does
on the gold format documented in ``../shared/gold/README.md``; its totals agree exactly with
that script on the same data (``tests/test_evaluate.py`` checks it). The rules, all taken from
``score.py`` and the gold README:

- **Article.** A gold file's article is the ``schema:NewsArticle`` whose IRI ends with the
  gold ``sha1``, else the subject whose ``dcterms:source`` ends with the gold ``doc`` name.
- **Entities** are the article's ``schema:mentions``. An entity matches a gold entity when
  they share a Wikidata id (``owl:sameAs`` ``wikidata.org/entity/Q…``), an English label
  (``skos:prefLabel``/``skos:altLabel``/``rdfs:label`` tagged ``en`` or untagged, after
  :func:`norm_en`) or an Arabic label (tagged ``ar``, after :func:`norm_ar`); the first gold
  key in file order wins. Mentions are visited in IRI order; the first one matching a gold
  key is a true positive (an optional key too: found optional entities are not false
  positives), every later one is a false positive (a duplicate), as is a mention matching
  no key. A false positive that matches an ``absent`` entry is a boilerplate hit.
- **Recall** counts ``need: required`` entities; **typed recall** counts those whose matched
  mention has the gold class or a compatible one (:func:`type_ok`).
- **Generic actors.** Entities typed ``nz:ActorGroup`` (protesters, gunmen, security
  forces: the gold does not annotate them yet) are left out: they are neither true nor false
  positives, and a relation whose subject or object is one is not scored either.
- **Relations** are the triples of the article's named graph whose predicate is one of the
  21 contract predicates (:data:`PREDICATES`); subject and object are mapped to gold keys as
  entities are, and the set of distinct ``(subject, predicate, object)`` is compared to the
  gold relations: any combination of the alternatives in ``s``, ``p`` and ``o`` counts, and a
  symmetric predicate (:data:`SYMMETRIC`) also matches with subject and object swapped. A
  triple matching a gold relation (required or optional) is a true positive, else a false
  positive; recall counts required gold relations.
- **P/R/F1**: P = TP / (TP + FP) (0 when nothing was found), R = hits / required (1 when
  nothing is required), F1 their harmonic mean. Totals add the counts of all gold files
  (micro-average), including those whose article is not in the data (all misses).
- **Language.** A gold file's ``lang`` field (``ar``, ``en``; ``ar`` when absent) lets
  :func:`load_gold` keep the gold of one language (score.py ``--lang``).

The module needs rdflib only (no spaCy); its predicate and class sets come from
:mod:`ontology.vocab`.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import OWL, RDF, RDFS, SKOS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from ontology import vocab

__all__ = [
    "ACTOR_GROUP", "DEFAULT_LANG", "ArticleScore", "Counts", "DataError", "EntityView", "Evaluation", "GoldArticle", "GoldError",
    "PREDICATES", "SYMMETRIC", "entity_view", "evaluate", "find_article", "load_data", "load_gold",
    "matches", "norm_ar", "norm_en", "prf", "score_article", "type_ok",
]

NZ = Namespace(vocab.NZ)
_SCHEMA_HTTP = Namespace("http://schema.org/")
_SCHEMA_HTTPS = Namespace("https://schema.org/")
_DCT = Namespace("http://purl.org/dc/terms/")

# The three sets below hold the same values as score.py's literals (PREDICATES, SYMMETRIC,
# ORG_SUBCLASSES); they are read from ontology/nufuz.ttl through ontology.vocab, and
# tests/test_vocab.py checks them against ../shared/eval/score.py so the two cannot drift.
#: The relation predicates the scorer grades (the 21 of the DESIGN.md contract; score.py
#: ``PREDICATES``), ``frozenset[str]`` of :data:`ontology.vocab.PREDICATES`.
PREDICATES = frozenset(vocab.PREDICATES)
#: Predicates matched in both directions (score.py ``SYMMETRIC``): :data:`ontology.vocab.SYMMETRIC`.
SYMMETRIC = vocab.SYMMETRIC
#: Subclasses of ``nz:Organization``; a gold subclass accepts ``nz:Organization`` and vice
#: versa (score.py ``ORG_SUBCLASSES``): :data:`ontology.vocab.ORGANIZATION_SUBCLASSES`.
ORG_SUBCLASSES = vocab.ORGANIZATION_SUBCLASSES
#: RDF formats by file suffix (as score.py ``load``).
RDF_FORMATS = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".jsonld": "json-ld",
               ".json": "json-ld", ".nt": "nt"}
NEEDS = ("required", "optional")
#: Language of a gold file that has no ``lang`` field (score.py ``g.get("lang", "ar")``).
DEFAULT_LANG = "ar"
#: Class of the generic actors the scorer leaves out (score.py: not annotated in the gold yet).
ACTOR_GROUP = NZ.ActorGroup

_AR_DIAC = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u0640]")
_WIKIDATA = re.compile(r"wikidata\.org/(?:entity|wiki)/(Q\d+)")


class GoldError(ValueError):
    """A gold path that is missing, empty or holds a file that is not valid gold JSON."""


class DataError(ValueError):
    """A dataset file that is missing, of an unknown RDF format, or does not parse."""


# --------------------------------------------------------------------------- normalization

def norm_ar(s: str) -> str:
    """Normalize an Arabic label for matching (score.py ``norm_ar``).

    NFKC; drop diacritics and tatweel; أ إ آ ٱ -> ا, ى -> ي, ة -> ه, ؤ -> و, ئ -> ي;
    punctuation -> space; drop the article ال at the start of every word; collapse spaces.

    Parameters
    ----------
    s : str

    Returns
    -------
    str
    """
    s = unicodedata.normalize("NFKC", s)
    s = _AR_DIAC.sub("", s)
    s = re.sub("[إأآٱ]", "ا", s).replace("ى", "ي").replace("ة", "ه").replace("ؤ", "و").replace("ئ", "ي")
    s = re.sub(r"[^\w\s]", " ", s)
    s = re.sub(r"\bال", "", s)
    return " ".join(s.split())


def norm_en(s: str) -> str:
    """Normalize an English label for matching (score.py ``norm_en``).

    NFKD folded to ASCII, casefolded, punctuation -> space, a leading "the" dropped, spaces
    collapsed.

    Parameters
    ----------
    s : str

    Returns
    -------
    str
    """
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().casefold()
    s = re.sub(r"[^\w\s]", " ", s)
    s = re.sub(r"^the\s+", "", s.strip())
    return " ".join(s.split())


def type_ok(gold_type: str, types: Iterable[str]) -> bool:
    """Whether an entity's classes satisfy a gold class (score.py ``type_ok``).

    Parameters
    ----------
    gold_type : str
        The gold ``type`` (a contract class local name).
    types : iterable of str
        The entity's ``nz:`` classes (local names).

    Returns
    -------
    bool
        True for the same class, for ``Organization`` given a subclass of it, or for a
        subclass given ``Organization``. A ``City`` typed ``Country`` (a capital linked to its
        country) is not accepted.
    """
    types = set(types)
    if gold_type in types:
        return True
    if gold_type in ORG_SUBCLASSES and "Organization" in types:
        return True
    return gold_type == "Organization" and bool(types & ORG_SUBCLASSES)


def prf(tp: int, fp: int, req_hit: int, req: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (score.py ``prf``).

    Parameters
    ----------
    tp, fp : int
        Found items that match gold (required or optional) / that match nothing.
    req_hit, req : int
        Required gold items found / required gold items.

    Returns
    -------
    tuple of float
        ``(P, R, F1)`` in 0..1; P is 0 when nothing was found, R is 1 when nothing is required.
    """
    p = tp / (tp + fp) if tp + fp else 0.0
    r = req_hit / req if req else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


# --------------------------------------------------------------------------- gold

@dataclass(frozen=True)
class GoldArticle:
    """One gold file (format: ``../shared/gold/README.md``).

    Attributes
    ----------
    doc : str
        File name of the article.
    sha1 : str or None
        sha1 of the article file's bytes (the article IRI's last segment).
    entities : dict
        Gold key -> ``{"type", "en", "ar", "wikidata"?, "need"}``, in file order.
    absent : dict
        Key -> ``{"en", "ar", "why"}``: entities only found in boilerplate.
    relations : list of dict
        ``{"s": [keys], "p": [predicates], "o": [keys], "need", ...}``.
    path : pathlib.Path or None
        The file it was read from.
    lang : str
        The article's language (the gold ``lang`` field; ``"ar"`` when absent).
    """

    doc: str
    sha1: str | None
    entities: dict[str, dict]
    absent: dict[str, dict]
    relations: list[dict]
    path: Path | None = None
    lang: str = DEFAULT_LANG

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], path: Path | None = None) -> GoldArticle:
        """Check and wrap a parsed gold JSON object.

        Parameters
        ----------
        data : mapping
            The JSON object.
        path : pathlib.Path, optional
            Its file, for error messages.

        Returns
        -------
        GoldArticle

        Raises
        ------
        GoldError
            When ``doc``, ``entities`` or ``relations`` is missing or of the wrong type,
            ``lang`` is present but not a non-empty string, an entity lacks ``type`` or has a ``need`` other than required/optional, or a
            relation lacks ``s``/``p``/``o`` lists or a valid ``need``.
        """
        where = str(path) if path else "gold"

        def bad(msg: str) -> GoldError:
            return GoldError(f"{where}: {msg}")

        if not isinstance(data, Mapping):
            raise bad("not a JSON object")
        if not isinstance(data.get("doc"), str) or not data["doc"]:
            raise bad("no 'doc' (the article file name)")
        entities, absent, relations = data.get("entities"), data.get("absent", {}), data.get("relations")
        if not isinstance(entities, Mapping):
            raise bad("'entities' must be an object")
        if not isinstance(absent, Mapping):
            raise bad("'absent' must be an object")
        if not isinstance(relations, list):
            raise bad("'relations' must be a list")
        for key, ent in entities.items():
            if not isinstance(ent, Mapping) or not isinstance(ent.get("type"), str):
                raise bad(f"entity {key!r} has no 'type'")
            if ent.get("need") not in NEEDS:
                raise bad(f"entity {key!r}: 'need' must be 'required' or 'optional'")
            for lang in ("en", "ar"):
                if not isinstance(ent.get(lang, []), list):
                    raise bad(f"entity {key!r}: '{lang}' must be a list of names")
        for i, rel in enumerate(relations):
            if not isinstance(rel, Mapping) or not all(isinstance(rel.get(f), list) for f in "spo"):
                raise bad(f"relation {i} needs 's', 'p' and 'o' lists")
            if rel.get("need") not in NEEDS:
                raise bad(f"relation {i}: 'need' must be 'required' or 'optional'")
        lang = data.get("lang", DEFAULT_LANG)
        if not isinstance(lang, str) or not lang.strip():
            raise bad("'lang' must be a language code such as \"ar\" or \"en\"")
        sha1 = data.get("sha1")
        return cls(doc=data["doc"], sha1=sha1 if isinstance(sha1, str) and sha1 else None,
                   entities=dict(entities), absent=dict(absent), relations=list(relations), path=path,
                   lang=lang)


def load_gold(path: str | Path, lang: str | None = None) -> list[GoldArticle]:
    """Read a gold JSON file, or every ``*.json`` under a folder (recursively, sorted by path).

    Parameters
    ----------
    path : str or pathlib.Path
    lang : str, optional
        Keep only the gold files of this language (their ``lang`` field, ``"ar"`` when the
        field is absent), as score.py ``--lang``. None keeps every file.

    Returns
    -------
    list of GoldArticle
        In the order score.py reads them (``sorted(Path.rglob("*.json"))``).

    Raises
    ------
    GoldError
        When the path does not exist, a folder holds no ``.json`` file, a file is not UTF-8
        JSON in the gold format, or no gold file has the language ``lang``.

    Examples
    --------
    >>> import json, tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> for name, lang in [("a", "ar"), ("b", "en"), ("c", None)]:
    ...     g = {"doc": name + ".txt", "entities": {}, "relations": []}
    ...     if lang:
    ...         g["lang"] = lang
    ...     _ = (d / f"{name}.json").write_text(json.dumps(g))
    >>> [g.doc for g in load_gold(d, lang="ar")]
    ['a.txt', 'c.txt']
    >>> [g.doc for g in load_gold(d, lang="en")]
    ['b.txt']
    """
    p = Path(path)
    if p.is_dir():
        files = sorted(p.rglob("*.json"))
        if not files:
            raise GoldError(f"{p}: no gold .json file in this folder")
    elif p.is_file():
        files = [p]
    else:
        raise GoldError(f"{p}: no such file or folder")
    golds = []
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise GoldError(f"{f}: not a readable gold JSON file ({e})") from None
        golds.append(GoldArticle.from_dict(data, f))
    if lang is not None:
        langs = sorted({g.lang for g in golds})
        golds = [g for g in golds if g.lang == lang]
        if not golds:
            raise GoldError(f"{p}: no gold file in language {lang!r} (the gold has: {', '.join(langs)})")
    return golds


# --------------------------------------------------------------------------- data

def load_data(paths: Sequence[str | Path]) -> Dataset:
    """Parse RDF dataset files into one dataset, choosing the parser by suffix.

    Parameters
    ----------
    paths : sequence of str or pathlib.Path
        ``.trig``, ``.nq``, ``.ttl``, ``.nt``, ``.jsonld`` or ``.json`` (JSON-LD) files.
        Triples-only formats (Turtle, N-Triples) have no article graphs, so their relations
        score nothing, as in score.py.

    Returns
    -------
    rdflib.Dataset
        With ``default_union=True`` (queries see every graph).

    Raises
    ------
    DataError
        For a missing file, an unknown suffix, or a file the parser rejects (one line naming
        the file and quoting the start of the parser's message).
    """
    ds = Dataset(default_union=True)
    for path in paths:
        p = Path(path)
        if not p.is_file():
            raise DataError(f"{p}: no such file")
        fmt = RDF_FORMATS.get(p.suffix.lower())
        if fmt is None:
            raise DataError(f"{p}: unsupported RDF format {p.suffix or '(no suffix)'} "
                            "(expected .trig, .nq, .ttl, .nt, .jsonld)")
        try:
            ds.parse(p, format=fmt)
        except Exception as e:  # noqa: BLE001 - rdflib raises many parser exception types
            why = " ".join(str(e).split()).replace(" of <>:", ":") or type(e).__name__
            raise DataError(f"{p}: not valid {fmt}: {why[:160]}{'...' if len(why) > 160 else ''}") from None
    return ds


def _union(ds: Dataset | Graph) -> Graph:
    """A view of ``ds`` whose queries see all its graphs (shares the store, copies nothing)."""
    if isinstance(ds, Dataset) and not ds.default_union:
        return Dataset(store=ds.store, default_union=True)
    return ds


# --------------------------------------------------------------------------- matching

@dataclass(frozen=True)
class EntityView:
    """What the scorer sees of one entity (score.py ``entity_view``).

    Attributes
    ----------
    iri : str
    en, ar : frozenset of str
        Normalized labels (:func:`norm_en`, :func:`norm_ar`) of ``skos:prefLabel``,
        ``skos:altLabel`` and ``rdfs:label``; untagged literals count as English.
    qids : frozenset of str
        Wikidata ids from ``owl:sameAs``.
    types : frozenset of str
        Local names of the ``nz:`` classes.
    """

    iri: str
    en: frozenset[str]
    ar: frozenset[str]
    qids: frozenset[str]
    types: frozenset[str]

    def labels(self) -> list[str]:
        """All normalized labels, sorted (for messages)."""
        return sorted(self.en | self.ar)


def entity_view(ds: Graph, node: Node) -> EntityView:
    """Collect the labels, Wikidata ids and classes of ``node`` over all graphs of ``ds``.

    Parameters
    ----------
    ds : rdflib.Dataset or rdflib.Graph
    node : rdflib term

    Returns
    -------
    EntityView
    """
    ds = _union(ds)
    en, ar, qids, types = set(), set(), set(), set()
    for pred in (SKOS.prefLabel, SKOS.altLabel, RDFS.label):
        for lit in ds.objects(node, pred):
            if isinstance(lit, Literal):
                lang = (lit.language or "").lower()
                if lang.startswith("ar"):
                    ar.add(norm_ar(str(lit)))
                elif lang.startswith("en") or not lang:
                    en.add(norm_en(str(lit)))
    for same in ds.objects(node, OWL.sameAs):
        m = _WIKIDATA.search(str(same))
        if m:
            qids.add(m.group(1))
    for t in ds.objects(node, RDF.type):
        if str(t).startswith(str(NZ)):
            types.add(str(t)[len(str(NZ)):])
    return EntityView(str(node), frozenset(en), frozenset(ar), frozenset(qids), frozenset(types))


def matches(view: EntityView, gold_entity: Mapping[str, Any]) -> bool:
    """Whether an entity matches a gold (or absent) entry: same Wikidata id, or a shared
    normalized English or Arabic label (score.py ``matches``).

    Parameters
    ----------
    view : EntityView
    gold_entity : mapping
        With optional ``wikidata``, ``en`` and ``ar``.

    Returns
    -------
    bool
    """
    if gold_entity.get("wikidata") and gold_entity["wikidata"] in view.qids:
        return True
    if view.en & {norm_en(x) for x in gold_entity.get("en", [])}:
        return True
    return bool(view.ar & {norm_ar(x) for x in gold_entity.get("ar", [])})


def _first_key(view: EntityView, entries: Mapping[str, Mapping]) -> str | None:
    return next((k for k, g in entries.items() if matches(view, g)), None)


def find_article(ds: Graph, gold: GoldArticle) -> URIRef | None:
    """The article node of a gold file in ``ds`` (score.py ``find_article``).

    Parameters
    ----------
    ds : rdflib.Dataset or rdflib.Graph
    gold : GoldArticle

    Returns
    -------
    rdflib.URIRef or None
        The ``schema:NewsArticle`` (http or https schema.org) whose IRI ends with the gold
        sha1; else the subject whose ``dcterms:source`` ends with the gold ``doc``; else None.
    """
    ds = _union(ds)
    if gold.sha1:
        arts = set(ds.subjects(RDF.type, _SCHEMA_HTTP.NewsArticle)) | set(
            ds.subjects(RDF.type, _SCHEMA_HTTPS.NewsArticle))
        for art in sorted(arts, key=str):
            if str(art).rstrip("/").endswith(gold.sha1):
                return art
    for art, src in sorted(ds.subject_objects(_DCT.source), key=lambda so: (str(so[0]), str(so[1]))):
        if str(src).endswith(gold.doc):
            return art
    return None


# --------------------------------------------------------------------------- results

@dataclass
class Counts:
    """Counts behind entity and relation P/R/F1 (one article or a total).

    Attributes
    ----------
    ent_tp, ent_fp : int
        Mentioned entities matching a new gold key / duplicates and non-gold entities.
    ent_req, ent_req_hit, ent_typed_hit : int
        Required gold entities / found / found with an acceptable class.
    rel_tp, rel_fp : int
        Distinct article-graph triples matching a gold relation / matching none.
    rel_req, rel_req_hit : int
        Required gold relations / found.
    boilerplate : int
        Entities found that the gold lists as ``absent`` (boilerplate only).
    """

    ent_tp: int = 0
    ent_fp: int = 0
    ent_req: int = 0
    ent_req_hit: int = 0
    ent_typed_hit: int = 0
    rel_tp: int = 0
    rel_fp: int = 0
    rel_req: int = 0
    rel_req_hit: int = 0
    boilerplate: int = 0

    @property
    def entity_p(self) -> float:
        """Entity precision (0..1)."""
        return prf(self.ent_tp, self.ent_fp, self.ent_req_hit, self.ent_req)[0]

    @property
    def entity_r(self) -> float:
        """Entity recall over required gold entities (0..1)."""
        return prf(self.ent_tp, self.ent_fp, self.ent_req_hit, self.ent_req)[1]

    @property
    def entity_f1(self) -> float:
        """Entity F1 (0..1)."""
        return prf(self.ent_tp, self.ent_fp, self.ent_req_hit, self.ent_req)[2]

    @property
    def entity_typed_r(self) -> float:
        """Recall of required entities found with an acceptable class (0..1; 1 if none required)."""
        return self.ent_typed_hit / self.ent_req if self.ent_req else 1.0

    @property
    def relation_p(self) -> float:
        """Relation precision (0..1)."""
        return prf(self.rel_tp, self.rel_fp, self.rel_req_hit, self.rel_req)[0]

    @property
    def relation_r(self) -> float:
        """Relation recall over required gold relations (0..1)."""
        return prf(self.rel_tp, self.rel_fp, self.rel_req_hit, self.rel_req)[1]

    @property
    def relation_f1(self) -> float:
        """Relation F1 (0..1)."""
        return prf(self.rel_tp, self.rel_fp, self.rel_req_hit, self.rel_req)[2]

    def metrics(self, ndigits: int | None = 3) -> dict[str, float]:
        """The seven rates, rounded to ``ndigits`` (None: unrounded).

        Returns
        -------
        dict
            ``entity_p``, ``entity_r``, ``entity_f1``, ``entity_typed_r``, ``relation_p``,
            ``relation_r``, ``relation_f1``.
        """
        names = ("entity_p", "entity_r", "entity_f1", "entity_typed_r",
                 "relation_p", "relation_r", "relation_f1")
        return {n: getattr(self, n) if ndigits is None else round(getattr(self, n), ndigits) for n in names}


_COUNT_FIELDS = ("ent_tp", "ent_fp", "ent_req", "ent_req_hit", "ent_typed_hit",
                 "rel_tp", "rel_fp", "rel_req", "rel_req_hit")


@dataclass
class ArticleScore(Counts):
    """The score of one gold article.

    Attributes
    ----------
    doc : str
        The gold ``doc`` (article file name).
    found : bool
        Whether the article is in the data (if not, every required item is missed and the
        misses are not listed, as in score.py).
    article : str or None
        The article IRI found.
    absent_hits : list of str
        Keys of the ``absent`` entities found.
    misses : list of str
        ``missing entity: KEY``, ``wrong type: KEY (gold T, got [...])``,
        ``missing relation: S P O`` (alternatives joined by ``|``).
    extras : list of str
        ``extra entity: IRI [labels]``, ``duplicate of KEY: IRI [labels]``,
        ``extra relation: S P O`` (gold keys where matched, else IRIs).
    actor_groups : list of str
        IRIs of the mentioned ``nz:ActorGroup`` entities, left out of the counts (sorted).
    """

    doc: str = ""
    found: bool = False
    article: str | None = None
    absent_hits: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    actor_groups: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: score.py's per-doc keys, plus ``article``, ``boilerplate``,
        ``actor_groups`` and the rounded rates of :meth:`Counts.metrics`."""
        d: dict[str, Any] = {"doc": self.doc, "found": self.found}
        d.update({k: getattr(self, k) for k in _COUNT_FIELDS[:5]})
        d["absent_hits"] = list(self.absent_hits)
        d.update({k: getattr(self, k) for k in _COUNT_FIELDS[5:]})
        d.update(misses=list(self.misses), extras=list(self.extras), article=self.article,
                 boilerplate=self.boilerplate, actor_groups=list(self.actor_groups), **self.metrics())
        return d


@dataclass
class Evaluation:
    """Scores of every gold article and their micro-averaged total.

    Attributes
    ----------
    articles : list of ArticleScore
        In gold order.
    total : Counts
        Sum of the article counts (computed).
    """

    articles: list[ArticleScore]
    total: Counts = field(init=False)

    def __post_init__(self) -> None:
        self.total = Counts(**{k: sum(getattr(a, k) for a in self.articles) for k in _COUNT_FIELDS},
                            boilerplate=sum(a.boilerplate for a in self.articles))

    @property
    def docs(self) -> int:
        """Number of gold articles."""
        return len(self.articles)

    @property
    def docs_found(self) -> int:
        """Number of gold articles found in the data."""
        return sum(a.found for a in self.articles)

    def summary(self) -> dict[str, Any]:
        """The totals exactly as score.py's ``summary`` (rates rounded to 3 decimals).

        Returns
        -------
        dict
            ``docs``, ``docs_found``, ``entity_p``, ``entity_r``, ``entity_f1``,
            ``entity_typed_r``, ``relation_p``, ``relation_r``, ``relation_f1``,
            ``boilerplate_entities``.
        """
        return {"docs": self.docs, "docs_found": self.docs_found, **self.total.metrics(3),
                "boilerplate_entities": self.total.boilerplate}

    def to_dict(self) -> dict[str, Any]:
        """``{"summary": summary(), "docs": [ArticleScore.to_dict(), ...]}`` (JSON-ready)."""
        return {"summary": self.summary(), "docs": [a.to_dict() for a in self.articles]}


# --------------------------------------------------------------------------- scoring

def score_article(ds: Dataset | Graph, gold: GoldArticle) -> ArticleScore:
    """Score one gold article against a dataset (rules: module docstring; score.py ``score_doc``).

    Parameters
    ----------
    ds : rdflib.Dataset or rdflib.Graph
        Any dataset; one without ``default_union`` is viewed as the union of its graphs.
    gold : GoldArticle

    Returns
    -------
    ArticleScore
    """
    ds = _union(ds)
    req = [k for k, g in gold.entities.items() if g["need"] == "required"]
    rreq = [i for i, r in enumerate(gold.relations) if r["need"] == "required"]
    art = find_article(ds, gold)
    if art is None:
        return ArticleScore(doc=gold.doc, found=False, ent_req=len(req), rel_req=len(rreq))
    res = ArticleScore(doc=gold.doc, found=True, article=str(art), ent_req=len(req), rel_req=len(rreq))

    views: dict[Node, EntityView] = {}

    def view(node: Node) -> EntityView:
        if node not in views:
            views[node] = entity_view(ds, node)
        return views[node]

    def is_group(node: Node) -> bool:
        return (node, RDF.type, ACTOR_GROUP) in ds

    # entities (generic actor groups left out, as in score.py)
    mentioned = set(ds.objects(art, _SCHEMA_HTTP.mentions)) | set(ds.objects(art, _SCHEMA_HTTPS.mentions))
    groups = {e for e in mentioned if is_group(e)}
    res.actor_groups = sorted(str(e) for e in groups)
    key_of: dict[str, str | None] = {}
    matched: dict[str, EntityView] = {}
    for v in sorted((view(e) for e in mentioned - groups), key=lambda v: v.iri):
        key = _first_key(v, gold.entities)
        if key and key not in matched:
            matched[key] = v
            res.ent_tp += 1
        else:
            bad = _first_key(v, gold.absent)
            if bad:
                res.absent_hits.append(bad)
            res.ent_fp += 1
            res.extras.append(("duplicate of " + key if key else "extra entity") + f": {v.iri} {v.labels()[:3]}")
        key_of[v.iri] = key
    res.boilerplate = len(res.absent_hits)
    hit = [k for k in req if k in matched]
    typed = [k for k in hit if type_ok(gold.entities[k]["type"], matched[k].types)]
    res.ent_req_hit, res.ent_typed_hit = len(hit), len(typed)
    res.misses += [f"missing entity: {k}" for k in req if k not in matched]
    res.misses += [f"wrong type: {k} (gold {gold.entities[k]['type']}, got {sorted(matched[k].types)})"
                   for k in hit if k not in typed]

    # relations: distinct (subject, predicate, object) of the article graph, as gold keys
    def as_key(node: Node) -> str:
        return key_of.get(str(node)) or _first_key(view(node), gold.entities) or str(node)

    triples = set()
    for s, p, o in Graph(store=ds.store, identifier=art):
        if not str(p).startswith(str(NZ)):
            continue
        pname = str(p)[len(str(NZ)):]
        if pname in PREDICATES and not is_group(s) and not is_group(o):
            triples.add((as_key(s), pname, as_key(o)))
    found_rel: set[int] = set()
    for s, p, o in sorted(triples):
        hits = [i for i, r in enumerate(gold.relations) if p in r["p"] and (
            (s in r["s"] and o in r["o"]) or (p in SYMMETRIC and o in r["s"] and s in r["o"]))]
        if hits:
            res.rel_tp += 1
            found_rel.update(hits)
        else:
            res.rel_fp += 1
            res.extras.append(f"extra relation: {s} {p} {o}")
    res.rel_req_hit = sum(1 for i in rreq if i in found_rel)
    res.misses += [f"missing relation: {'|'.join(r['s'])} {'|'.join(r['p'])} {'|'.join(r['o'])}"
                   for i, r in ((i, gold.relations[i]) for i in rreq) if i not in found_rel]
    return res


def evaluate(ds: Dataset | Graph, golds: Iterable[GoldArticle]) -> Evaluation:
    """Score every gold article against one dataset.

    Parameters
    ----------
    ds : rdflib.Dataset or rdflib.Graph
        A loaded (:func:`load_data`) or freshly built (:func:`kg.rdf.build_dataset`) dataset.
    golds : iterable of GoldArticle
        From :func:`load_gold`.

    Returns
    -------
    Evaluation
        ``Evaluation.summary()`` equals score.py's summary on the same data and gold.
    """
    return Evaluation([score_article(ds, g) for g in golds])
