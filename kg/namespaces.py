"""Namespaces, IRI minting and predicate metadata of the nufuz ontology contract.

Everything that turns an id into an IRI lives here, so that ``kg/``, the stores, the SPARQL
helpers and ``visualizations/`` agree on one scheme (DESIGN.md, "Ontology contract"):

- ontology terms ``nz:`` = ``https://w3id.org/nufuz/ontology#``
- resources ``nzr:`` = ``https://w3id.org/nufuz/id/`` (entities ``nzr:<id>``, statements
  ``nzr:statement/<sha1>/<n>``)
- articles ``https://w3id.org/nufuz/doc/<sha1>``
- the knowledge-base named graph ``https://w3id.org/nufuz/graph/kb``
- the entities named graph ``https://w3id.org/nufuz/graph/entities`` (what the articles say
  about their entities beyond the KB: types, labels, surface forms, sameAs; once per entity)

The contract's predicate names and symmetric predicates are those of :mod:`ontology.vocab`
(read from ``ontology/nufuz.ttl``). :func:`predicate_info` reads ``ontology/plover.tsv`` (default PLOVER category, CAMEO root code
and polarity of each relation predicate) and the labels of ``ontology/nufuz.ttl``.
"""
from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from urllib.parse import quote, unquote

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, NamespaceManager

from ontology import vocab

NZ = Namespace(vocab.NZ)
NZR = Namespace("https://w3id.org/nufuz/id/")
_NZR = str(NZR)
DOC = Namespace("https://w3id.org/nufuz/doc/")
GRAPH = Namespace("https://w3id.org/nufuz/graph/")
#: schema.org in its ``http:`` form (the scorer and most SPARQL endpoints read this one).
SCHEMA = Namespace("http://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
DCT = DCTERMS

#: Name of the knowledge-base named graph.
KB_GRAPH = URIRef(str(GRAPH) + "kb")
#: Name of the entities named graph: the one description of every entity the articles
#: mention, beside the KB graph (DESIGN.md: "Entity descriptions ... live once").
ENTITIES_GRAPH = URIRef(str(GRAPH) + "entities")
#: Name of the graph of statement records an embedded store keeps for its views
#: (``nz:statementRecord``, :mod:`kg.store_records`): derived from the article graphs, not
#: data of its own (exports and validation leave it out; no built file has it).
RECORDS_GRAPH = URIRef(str(GRAPH) + "records")
#: The graphs that describe entities (the entities and KB graphs, as text): every other
#: named graph of a dataset is an article's (the records graph of a store aside).
DESCRIPTION_GRAPHS = (str(ENTITIES_GRAPH), str(KB_GRAPH))
#: IRI of the ontology document.
ONTOLOGY_IRI = URIRef(vocab.ONTOLOGY_IRI)

#: The 21 relation predicates of the contract (``nz:`` local names), in table order: an
#: alias of :data:`ontology.vocab.PREDICATES` (read from ``nufuz.ttl``).
PREDICATES = vocab.PREDICATES
#: Predicates declared ``owl:SymmetricProperty``: an alias of :data:`ontology.vocab.SYMMETRIC`.
SYMMETRIC = vocab.SYMMETRIC

#: Prefixes bound on every graph we write and used as the JSON-LD ``@context``.
PREFIXES: dict[str, str] = {
    "nz": str(NZ), "nzr": str(NZR), "skos": str(SKOS), "schema": str(SCHEMA),
    "prov": str(PROV), "dcterms": str(DCTERMS), "owl": str(OWL), "rdf": str(RDF),
    "rdfs": str(RDFS), "xsd": str(XSD),
}

# RFC 3987 ``iunreserved`` ASCII part plus the sub-delims and ":@/" allowed in a path.
_IRI_SAFE_ASCII = "-._~!$&'()*+,;=:@/"


def _iri_char_ok(ch: str) -> bool:
    if ch.isascii():
        return ch.isalnum() or ch in _IRI_SAFE_ASCII
    # ucschar: any non-ASCII char except controls, format chars (bidi marks, ZWJ...),
    # separators (spaces) and private-use / unassigned code points (RFC 3987 s. 2.2, 4.1).
    return unicodedata.category(ch)[0] not in "CZ"


#: An id made only of the ASCII characters :func:`_iri_char_ok` allows (no encoding needed).
_PLAIN_ID = re.compile("[A-Za-z0-9" + re.escape(_IRI_SAFE_ASCII) + "]+")


def encode_id(entity_id: str) -> str:
    """Percent-encode an entity id so it can be appended to ``nzr:``.

    ``/`` is kept (ids such as ``"person/ali-khamenei"`` become path segments), Arabic
    and other non-ASCII letters are kept (IRIs allow them, RFC 3987); spaces, ``#``, ``?``,
    ``%``, ``<>"{}|\\^``\\```, controls and bidi marks are UTF-8 percent-encoded, and a
    ``.``/``..`` segment is encoded so IRI normalisation cannot collapse it.

    Parameters
    ----------
    entity_id : str
        The local id of an :class:`extractors.records.Entity` or KB entry.

    Returns
    -------
    str
        The IRI-safe path.

    Raises
    ------
    ValueError
        If ``entity_id`` is empty or blank.
    """
    if not entity_id or not entity_id.strip():
        raise ValueError("empty entity id")
    if _PLAIN_ID.fullmatch(entity_id):  # the usual ASCII slug: every character allowed as is
        out = entity_id
    else:
        out = "".join(ch if _iri_char_ok(ch) else quote(ch, safe="") for ch in entity_id)
    if "." not in out:
        return out
    segments = [s.replace(".", "%2E") if s in (".", "..") else s for s in out.split("/")]
    return "/".join(segments)


#: Entity IRIs kept by :func:`entity_iri` (least recently used dropped beyond it): a build
#: names the same entities again and again; the bound keeps memory flat over any corpus.
ENTITY_IRI_CACHE = 1 << 13


@functools.lru_cache(maxsize=ENTITY_IRI_CACHE)
def entity_iri(entity_id: str) -> URIRef:
    """IRI of an entity: ``https://w3id.org/nufuz/id/<encoded id>`` (see :func:`encode_id`).

    Parameters
    ----------
    entity_id : str
        Entity id (KB id or ``"<class>/<slug>"``).

    Returns
    -------
    rdflib.URIRef
        The same object for the same id while the id is among the
        :data:`ENTITY_IRI_CACHE` most recently asked (URIRefs are immutable).

    Raises
    ------
    ValueError
        If the id is empty.
    """
    return URIRef(_NZR + encode_id(entity_id))


#: A character an IRI reference cannot hold (RFC 3987): space, control or ``<>"{}|^`\``.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def safe_iri(text: str) -> bool:
    """Whether ``text`` can stand between ``<`` and ``>`` in a SPARQL query or N-Quads: not
    empty, and none of the characters an IRI reference cannot hold (RFC 3987: no space,
    control or ``<>"{}|^`\\``)."""
    return bool(text) and not _NOT_IN_IRI.search(text)


def entity_id_of(iri: str) -> str | None:
    """Inverse of :func:`entity_iri`.

    Parameters
    ----------
    iri : str
        Any IRI.

    Returns
    -------
    str or None
        The decoded entity id, or None when ``iri`` is not an ``nzr:`` entity IRI (statement
        IRIs ``nzr:statement/...`` also return None).
    """
    s = str(iri)
    if not s.startswith(str(NZR)) or s.startswith(str(NZR) + "statement/"):
        return None
    return unquote(s[len(str(NZR)):]) or None


_HEX = re.compile("[0-9a-fA-F]+")


def article_iri(sha1: str) -> URIRef:
    """IRI (and named-graph name) of an article: ``https://w3id.org/nufuz/doc/<sha1>``.

    Parameters
    ----------
    sha1 : str
        sha1 hex digest of the article (see ``ArticleExtraction.sha1``).

    Returns
    -------
    rdflib.URIRef

    Raises
    ------
    ValueError
        If ``sha1`` is not a hex string.
    """
    if not sha1 or not _HEX.fullmatch(sha1):
        raise ValueError(f"article sha1 is not a hex digest: {sha1!r}")
    return URIRef(str(DOC) + sha1.lower())


def statement_iri(sha1: str, n: int) -> URIRef:
    """IRI of the ``n``-th statement of an article: ``nzr:statement/<sha1>/<n>``.

    Parameters
    ----------
    sha1 : str
        Article sha1 hex digest.
    n : int
        Index of the statement in ``ArticleExtraction.statements`` (0-based).

    Returns
    -------
    rdflib.URIRef
    """
    return URIRef(f"{NZR}statement/{sha1.lower()}/{int(n)}")


def wikidata_iri(qid: str) -> URIRef:
    """``http://www.wikidata.org/entity/Q…`` for a Q-id or any Wikidata entity/wiki IRI.

    Parameters
    ----------
    qid : str
        ``"Q159"``, ``"wd:Q159"``, ``"https://www.wikidata.org/wiki/Q159"``...

    Returns
    -------
    rdflib.URIRef

    Raises
    ------
    ValueError
        If no Q-id can be read from ``qid``.
    """
    tail = str(qid).strip().rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    if not (tail[:1] in ("Q", "q") and tail[1:].isdigit()):
        raise ValueError(f"not a Wikidata id: {qid!r}")
    return URIRef(str(WD) + "Q" + tail[1:])


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the nufuz prefixes (:data:`PREFIXES`) on ``graph``, replacing rdflib's defaults.

    rdflib 7 binds ``schema:`` to ``https://schema.org/`` by default; the contract uses the
    ``http:`` form, so the namespace manager is rebuilt with only the core prefixes first.

    Parameters
    ----------
    graph : rdflib.Graph or rdflib.Dataset

    Returns
    -------
    rdflib.Graph
        The same graph (for chaining).
    """
    graph.namespace_manager = NamespaceManager(graph, bind_namespaces="core")
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, URIRef(ns), override=True, replace=True)
    return graph


def compact(term: object) -> str:
    """Short readable form of an RDF term using :data:`PREFIXES` (``nzr:russia``).

    Parameters
    ----------
    term : rdflib term or str

    Returns
    -------
    str
    """
    if isinstance(term, Literal):
        return repr(str(term)) + (f"@{term.language}" if term.language else "")
    s = str(term)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if s.startswith(ns) and len(s) > len(ns):
            return f"{prefix}:{s[len(ns):]}"
    return f"<{s}>" if isinstance(term, URIRef) else s


# --------------------------------------------------------------------------- predicates

@dataclass(frozen=True)
class PredicateInfo:
    """Default event coding and labels of one relation predicate.

    Attributes
    ----------
    plover : str
        PLOVER category the predicate usually comes from (PLOVER codebook, Open Event Data
        Alliance, CAMEO2PLOVER 2021 table); ``ROLE``, ``GEO``, ``INFLUENCE``, ``CONCERN`` are
        nufuz categories for predicates that are not events.
    cameo : str
        CAMEO root code (Schrodt 2012, CAMEO manual 1.1b3), empty when none applies.
    polarity : str
        ``"conflict"``, ``"cooperation"`` or ``"neutral"`` (edge colour in the HTML).
    label_en, label_ar : str
        ``rdfs:label`` of the predicate in ``ontology/nufuz.ttl``.
    name : str
        The ``nz:`` local name.
    note : str
        Free-text note from ``plover.tsv``.
    symmetric : bool
        True for ``owl:SymmetricProperty`` predicates.
    """

    plover: str
    cameo: str
    polarity: str
    label_en: str
    label_ar: str
    name: str = ""
    note: str = ""
    symmetric: bool = False

    @property
    def iri(self) -> URIRef:
        """The predicate IRI (``nz:<name>``)."""
        return NZ[self.name]


def ontology_path(name: str = "nufuz.ttl"):
    """Path (a ``Traversable``) of a data file of the ``ontology`` package.

    Parameters
    ----------
    name : str
        File name, e.g. ``"nufuz.ttl"``, ``"shapes.ttl"``, ``"plover.tsv"``.

    Returns
    -------
    importlib.resources.abc.Traversable
    """
    return resources.files("ontology") / name


def load_ontology() -> Graph:
    """Parse ``ontology/nufuz.ttl`` into a fresh graph.

    Returns
    -------
    rdflib.Graph
    """
    g = bind_prefixes(Graph())
    g.parse(data=ontology_path("nufuz.ttl").read_text(encoding="utf-8"), format="turtle")
    return g


@functools.lru_cache(maxsize=1)
def _predicate_rows() -> tuple[PredicateInfo, ...]:
    from ontology.vocab import shipped_graph

    onto = shipped_graph()  # the parse the vocabulary was read from (read only here)

    def label(name: str, lang: str) -> str:
        for lit in onto.objects(NZ[name], RDFS.label):
            if isinstance(lit, Literal) and lit.language == lang:
                return str(lit)
        return ""

    rows = []
    text = ontology_path("plover.tsv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    for rec in csv.DictReader(lines, delimiter="\t"):
        name = rec["predicate"].strip()
        rows.append(PredicateInfo(
            plover=rec["plover"].strip(), cameo=rec["cameo"].strip(),
            polarity=rec["polarity"].strip(), label_en=label(name, "en"),
            label_ar=label(name, "ar"), name=name, note=(rec.get("note") or "").strip(),
            symmetric=name in SYMMETRIC))
    return tuple(rows)


def predicate_info() -> dict[str, PredicateInfo]:
    """Default PLOVER category, CAMEO root code, polarity and labels of every predicate.

    Returns
    -------
    dict[str, PredicateInfo]
        Keyed by ``nz:`` local name; a new dict on every call (the rows are frozen).

    Notes
    -----
    Data: ``ontology/plover.tsv`` (sources: the PLOVER codebook and its CAMEO2PLOVER-2021
    table, Open Event Data Alliance; CAMEO manual 1.1b3, Schrodt 2012) and the labels of
    ``ontology/nufuz.ttl``.

    Examples
    --------
    >>> info = predicate_info()
    >>> info["opposes"].plover, info["opposes"].polarity
    ('REJECT', 'conflict')
    """
    return {row.name: row for row in _predicate_rows()}
