"""SPARQL over a nufuz store: the query library, parameters, result formats and pandas.

The query library is the ``*.rq`` files of ``kg/queries/`` (package data). Each file starts
with a comment header::

    # name: stances-between
    # title: one line
    # description: what it returns (continued on indented comment lines)
    # param: a  (required) what the parameter takes
    # param: b  what the parameter takes (default: any)
    # example: nufuz query -q stances-between --param a=Russia --param b="United States"

**Parameters** are ``VALUES ?name { UNDEF }`` lines of the query: as written the query runs
with the variable free (UNDEF = any); :func:`bind_params` replaces ``UNDEF`` with the IRIs
of the entity the user names (English or Arabic label, ``nzr:`` id, prefixed name, IRI or
Wikidata Q-id), so a library file stays plain SPARQL that runs anywhere. A parameter whose
description starts with ``(required)`` must be given (:func:`bind_params` raises
:class:`ParamError` otherwise): the question needs it (an actor, a region), and the
query's unbound form scans the whole store.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kg.namespaces import KB_GRAPH
from kg.store import (
    SPARQL_PREFIXES, MemoryStore, OxigraphStore, QueryResult, Store, StoreError,
    open_store, with_prefixes,
)

_ARABIC = re.compile(r"[\u0600-\u06FF]")
_SLOT = r"VALUES\s+\?{name}\s*\{{\s*UNDEF\s*\}}"
_ANY_SLOT = re.compile(r"VALUES\s+\?(\w+)\s*\{\s*UNDEF\s*\}", re.I)
_HEADER = re.compile(r"^#\s?(\w+):\s*(.*)$")


class ParamError(ValueError):
    """A ``--param`` that names no slot of the query or no entity of the store."""


@dataclass(frozen=True)
class LibraryQuery:
    """One query of the library (``kg/queries/NAME.rq``).

    Attributes
    ----------
    name : str
        File name without ``.rq``.
    title : str
    description : str
    params : dict[str, str]
        Parameter name -> what it takes.
    required : tuple[str, ...]
        The parameters that must be given (description starting with ``(required)``).
    example : str
        A command line that runs it.
    text : str
        The SPARQL (header included: comments are valid SPARQL).
    """

    name: str
    title: str
    description: str = ""
    params: dict[str, str] = field(default_factory=dict)
    example: str = ""
    text: str = ""
    required: tuple[str, ...] = ()

    def example_params(self) -> dict[str, str]:
        """The ``--param NAME=VALUE`` pairs of the ``# example:`` line, e.g.
        ``{"a": "Russia", "b": "United States"}`` (empty when it has none)."""
        import shlex

        toks = shlex.split(self.example) if self.example else []
        return {k: v for k, _, v in (tok.partition("=") for tok in toks[1:] if "=" in tok)}


def parse_header(name: str, text: str) -> LibraryQuery:
    """Read the ``# key: value`` header of a query file.

    Parameters
    ----------
    name : str
        Default name (the file stem) when the header has none.
    text : str
        The file's text.

    Returns
    -------
    LibraryQuery
    """
    fields: dict[str, str] = {}
    params: dict[str, str] = {}
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m and m.group(1) in ("name", "title", "description", "param", "example"):
            key, value = m.group(1), m.group(2).strip()
            if key == "param":
                pname, _, what = value.partition(" ")
                params[pname] = what.strip()
                last = ("param", pname)
            else:
                fields[key] = value
                last = ("field", key)
        elif line.startswith("#   ") and last is not None:  # continuation line
            more = line[1:].strip()
            if last[0] == "param":
                params[last[1]] += " " + more
            else:
                fields[last[1]] += " " + more
        else:
            last = None
    required = tuple(k for k, v in params.items() if v.startswith("(required)"))
    return LibraryQuery(name=fields.get("name", name), title=fields.get("title", ""),
                        description=fields.get("description", ""), params=params,
                        example=fields.get("example", ""), text=text, required=required)


def library() -> dict[str, LibraryQuery]:
    """The query library, by name (``kg/queries/*.rq``).

    Returns
    -------
    dict[str, LibraryQuery]
        Sorted by name.
    """
    folder = resources.files("kg") / "queries"
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            q = parse_header(entry.name[:-3], entry.read_text(encoding="utf-8"))
            out[q.name] = q
    return out


def library_query(name: str) -> LibraryQuery:
    """One library query by name.

    Parameters
    ----------
    name : str

    Returns
    -------
    LibraryQuery

    Raises
    ------
    KeyError
        Unknown name (the message lists the known ones).
    """
    lib = library()
    if name not in lib:
        raise KeyError(f"no library query {name!r} (known: {', '.join(lib)})")
    return lib[name]


def _comment_spans(sparql: str) -> list[tuple[int, int]]:
    """(start, end) of every ``#`` comment (outside IRIs and string literals)."""
    spans, i, n = [], 0, len(sparql)
    while i < n:
        c = sparql[i]
        if c == "#":
            j = sparql.find("\n", i)
            j = n if j < 0 else j
            spans.append((i, j))
            i = j
        elif c in "\"'":
            quote = sparql[i:i + 3] if sparql[i:i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and sparql[j:j + len(quote)] != quote:
                j += 2 if sparql[j] == "\\" else 1
            i = j + len(quote)
        elif c == "<" and re.match(r"<[^\s<>\"{}|^`\\]*>", sparql[i:]):
            i += re.match(r"<[^\s<>\"{}|^`\\]*>", sparql[i:]).end()
        else:
            i += 1
    return spans


def _slots(sparql: str, name: str | None = None) -> list[re.Match]:
    comments = _comment_spans(sparql)
    rx = _ANY_SLOT if name is None else re.compile(_SLOT.format(name=re.escape(name)), re.I)
    return [m for m in rx.finditer(sparql) if not any(a <= m.start() < b for a, b in comments)]


def param_slots(sparql: str) -> list[str]:
    """Names of the ``VALUES ?x { UNDEF }`` parameter slots of a query (comments ignored),
    each once, in order of first appearance."""
    return list(dict.fromkeys(m.group(1) for m in _slots(sparql)))


# --------------------------------------------------------------------------- params

def _lit(value: str, lang: str | None = None) -> str:
    esc = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{esc}"' + (f"@{lang}" if lang else "")


def _run(store: Store, sparql: str, **kw: Any) -> QueryResult:
    """Run a query on any backend with the standard prefixes predeclared."""
    if isinstance(store, (MemoryStore, OxigraphStore)):
        return store.query(sparql, **kw)
    kw.pop("max_rows", None)
    res = store.query(with_prefixes(sparql), **kw)
    return res


def resolve_entity(store: Store | None, value: str) -> list[URIRef]:
    """The entity IRIs a user-given name stands for.

    Parameters
    ----------
    store : Store or None
        None: no lookup (an IRI or prefixed name is taken as is, anything else matches
        nothing).
    value : str
        ``<IRI>`` or ``http(s)://...``; a prefixed name (``nzr:russia``, ``nz:Country``),
        kept when the store uses it; a Wikidata Q-id (``Q159``, ``wd:Q159`` or its IRI:
        the entities ``owl:sameAs`` it); otherwise a label, matched
        exactly against ``skos:prefLabel``/``skos:altLabel`` (``@ar`` when it has Arabic
        letters, else ``@en``), then case-insensitively against the KB graph's labels.

    Returns
    -------
    list[rdflib.URIRef]
        Sorted; empty when nothing matches (an IRI or prefixed name the store never uses
        included).
    """
    v = value.strip()
    iri = None
    if v.startswith("<") and v.endswith(">"):
        iri = v[1:-1]
    elif re.match(r"^https?://\S+$", v):
        iri = v
    else:
        m = re.match(r"^([A-Za-z][\w-]*):(\S*)$", v)
        if m and m.group(1) in SPARQL_PREFIXES:
            iri = SPARQL_PREFIXES[m.group(1)] + m.group(2)
    if iri is not None:
        wd = re.match(r"^https?://www\.wikidata\.org/entity/(Q\d+)$", iri)
        if re.search(r'[\s<>"{}|^`\\]', iri):  # not an IRI (RFC 3987): names nothing
            return []
        if store is None:
            return [URIRef(iri)]
        if wd:  # a Wikidata IRI (wd:Q30) stands for the entities owl:sameAs it
            v = wd.group(1)
        else:
            ask = f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}"
            return [URIRef(iri)] if _run(store, ask).boolean else []
    if store is None:
        return []
    if re.match(r"^[Qq]\d+$", v):
        q = (f"SELECT DISTINCT ?e WHERE {{ ?e <http://www.w3.org/2002/07/owl#sameAs> "
             f"<http://www.wikidata.org/entity/Q{v[1:]}> }}")
        return sorted(r[0] for r in _run(store, q).rows if isinstance(r[0], URIRef))
    lang = "ar" if _ARABIC.search(v) else "en"
    forms = {v, v.title()} if lang == "en" else {v}
    values = " ".join(_lit(f, lang) for f in sorted(forms)) + " " + " ".join(_lit(f) for f in sorted(forms))
    q = (f"SELECT DISTINCT ?e WHERE {{ VALUES ?l {{ {values} }} "
         "?e <http://www.w3.org/2004/02/skos/core#prefLabel>|<http://www.w3.org/2004/02/skos/core#altLabel> ?l }")
    found = sorted(r[0] for r in _run(store, q).rows if isinstance(r[0], URIRef))
    if found:
        return found
    q = (f"SELECT DISTINCT ?e WHERE {{ GRAPH <{KB_GRAPH}> {{ "
         "?e <http://www.w3.org/2004/02/skos/core#prefLabel>|<http://www.w3.org/2004/02/skos/core#altLabel> ?l }"
         f" FILTER(LCASE(STR(?l)) = {_lit(v.lower())}) }}")
    return sorted(r[0] for r in _run(store, q).rows if isinstance(r[0], URIRef))


def bind_params(sparql: str, params: dict[str, str], store: Store | None = None) -> str:
    """Fill the ``VALUES ?name { UNDEF }`` slots of a query.

    Parameters
    ----------
    sparql : str
    params : dict[str, str]
        Slot name -> entity name (see :func:`resolve_entity`); with ``store=None`` only
        IRIs and prefixed names are accepted.
    store : Store, optional
        Where names are looked up.

    Returns
    -------
    str
        The query with ``UNDEF`` replaced by the IRIs (all of them when a name is
        ambiguous).

    Raises
    ------
    ParamError
        A name that is not a slot of the query, a ``(required)`` parameter of the query's
        header (:func:`parse_header`) left out, or a value that matches no entity.
    """
    slots = param_slots(sparql)
    for name in params:
        if name not in slots:
            raise ParamError(f"--param {name}: the query has no parameter {name!r} "
                             f"(its parameters: {', '.join(slots) or 'none'})")
    header = parse_header("query", sparql)
    missing = [name for name in header.required if name in slots and name not in params]
    if missing:
        raise ParamError(f"{header.name} needs " + " and ".join(f"--param {m}=NAME" for m in missing)
                         + " (in Python: params={" + ", ".join(f"'{m}': NAME" for m in missing)
                         + "}; nufuz query --list shows every query's parameters)")
    for name, value in params.items():
        iris = resolve_entity(store, value)
        if not iris:
            raise ParamError(f"--param {name}={value}: no entity with that label, id or Wikidata id "
                             "in the store")
        terms = " ".join(f"<{i}>" for i in iris)
        for m in reversed(_slots(sparql, name)):  # every slot of the name, comments untouched
            sparql = sparql[:m.start()] + f"VALUES ?{name} {{ {terms} }}" + sparql[m.end():]
    return sparql


# --------------------------------------------------------------------------- running

def open_for_query(store: Store | str | Path | None = None, data: Any = None,
                   endpoint: str | None = None) -> tuple[Store, bool]:
    """The store a query should run on, and whether the caller must close it.

    Parameters
    ----------
    store : Store, str or Path, optional
        A store, or the directory of an embedded store (opened read-only).
    data : str, Path or rdflib.Dataset, optional
        An RDF file (``.trig``, ``.nq``, ``.ttl``, ``.jsonld``) or dataset loaded into memory.
    endpoint : str, optional
        A SPARQL endpoint URL.

    Returns
    -------
    (Store, bool)

    Raises
    ------
    StoreError
        Nothing or more than one source given; see the backends.
    """
    given = [x is not None for x in (store, data, endpoint)]
    if sum(given) != 1:
        raise StoreError("give exactly one of a store (--store DIR), an endpoint (--endpoint URL) "
                         "or a data file (--data FILE)")
    if endpoint is not None:
        return open_store(endpoint=endpoint), True
    if data is not None:
        if isinstance(data, (str, Path)):
            return MemoryStore.from_file(data), True
        return MemoryStore(data), True
    if isinstance(store, (str, Path)):
        return open_store(store, read_only=True), True
    return store, False


def run_query(store: Store, sparql: str, params: dict[str, str] | None = None,
              timeout: float | None = None, max_rows: int | None = None,
              isolate: bool | str | None = None) -> QueryResult:
    """Run a SPARQL query (or the name of a library query) on a store.

    The query first passes :func:`kg.guard.check_query` (updates, ``SERVICE``, requests too
    long or too deeply nested are refused before the store is touched, parameters
    included).

    Parameters
    ----------
    store : Store
    sparql : str
        SPARQL text, or the name of a library query (``"stances-between"``).
    params : dict[str, str], optional
        Values for the ``VALUES ?x { UNDEF }`` slots (:func:`bind_params`).
    timeout : float, optional
        Seconds.
    max_rows : int, optional
        Row cap (embedded backends).
    isolate : bool or str, optional
        Run the query in a worker process killed at the deadline (:mod:`kg.worker`), so a
        timed-out query gives its CPU and memory back and an engine crash cannot take the
        caller down. None (default): when a ``timeout`` is given and the store is an
        embedded store opened read-only (start method ``forkserver``); a start method
        (``"fork"``, ``"forkserver"``, ``"spawn"``): whenever the store can be opened by a
        worker with it (``"fork"`` also runs in-memory stores; use it only in a
        single-threaded process); False: never.

    Returns
    -------
    QueryResult

    Raises
    ------
    QueryError
        Malformed SPARQL, or a request the guard refuses (:class:`kg.guard.QueryRefused`).
    kg.store.QueryTimeout
        Past ``timeout`` (the worker, if any, was killed).
    ParamError, StoreError
        :class:`kg.worker.EngineCrash` (a StoreError) when the engine died on the query.
    """
    from kg.guard import check_query

    text = sparql
    if re.fullmatch(r"[a-z][a-z0-9-]*", sparql.strip()):
        text = library_query(sparql.strip()).text
    check_query(text)
    if params or param_slots(text):
        text = bind_params(text, params or {}, store)
    if isolate is None:
        isolate = "forkserver" if timeout and isinstance(store, OxigraphStore) and store.read_only else False
    if isolate:
        from kg.worker import query_in_worker, source_of

        method = "forkserver" if isolate is True else str(isolate)
        if source_of(store, method) is not None and isinstance(store, (MemoryStore, OxigraphStore)):
            return query_in_worker(store, text, timeout, max_rows, method=method)
    kw: dict[str, Any] = {"timeout": timeout}
    if max_rows is not None:
        kw["max_rows"] = max_rows
    return _run(store, text, **kw)


# --------------------------------------------------------------------------- values

_INTS = {str(XSD[t]) for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                               "positiveInteger", "negativeInteger", "nonPositiveInteger",
                               "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
_FLOATS = {str(XSD.decimal), str(XSD.double), str(XSD.float)}


def plain_value(term: Any) -> Any:
    """A Python value for a result cell: numbers as int/float, booleans as bool, the rest str.

    Parameters
    ----------
    term : rdflib term or None

    Returns
    -------
    int, float, bool, str or None
        IRIs and blank nodes as their string, literals as their lexical form (labels as
        plain strings, language tags dropped) unless numeric or boolean.
    """
    if term is None:
        return None
    if isinstance(term, Literal) and term.datatype is not None:
        dt = str(term.datatype)
        try:
            if dt in _INTS:
                return int(str(term))
            if dt in _FLOATS:
                return float(Decimal(str(term))) if dt == str(XSD.decimal) else float(str(term))
            if dt == str(XSD.boolean):
                return str(term).strip() in ("true", "1")
        except (ValueError, ArithmeticError):
            return str(term)
    return str(term)


def to_dataframe(result: QueryResult):
    """A SELECT result as a :class:`pandas.DataFrame` (ASK: one ``boolean`` column;
    CONSTRUCT: ``subject``, ``predicate``, ``object``).

    Parameters
    ----------
    result : QueryResult

    Returns
    -------
    pandas.DataFrame
        Cells converted with :func:`plain_value`; an integer column with unbound cells is
        pandas' nullable ``Int64`` (``<NA>`` for the gaps), not float.
    """
    import pandas as pd

    if result.kind == "ask":
        return pd.DataFrame({"boolean": [bool(result.boolean)]})
    if result.kind == "graph":
        rows = [tuple(plain_value(t) for t in triple) for triple in result.graph]
        return pd.DataFrame(rows, columns=["subject", "predicate", "object"])
    rows = [tuple(plain_value(t) for t in row) for row in result.rows]
    df = pd.DataFrame(rows, columns=result.variables)
    for i, col in enumerate(result.variables):  # integers with gaps stay integers (Int64), not floats
        values = [row[i] for row in rows if row[i] is not None]
        if len(values) < len(rows) and values and \
                all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            df[col] = pd.array([row[i] for row in rows], dtype="Int64")
    return df


def query_df(sparql: str, store: Store | str | Path | None = None, data: Any = None,
             params: dict[str, str] | None = None, endpoint: str | None = None,
             timeout: float | None = None):
    """Run a SPARQL query (or a library query by name) and return a pandas DataFrame.

    Parameters
    ----------
    sparql : str
        SPARQL text (the prefixes nz, nzr, skos, schema, prov, owl, rdfs, rdf, xsd, dcterms
        and wd are predeclared) or a library query name such as ``"stances-between"``.
    store : Store, str or Path, optional
        An open store, or the directory of an embedded Oxigraph store (opened read-only
        for the call).
    data : str, Path or rdflib.Dataset, optional
        An RDF file or dataset to query in memory instead.
    params : dict[str, str], optional
        Library-query parameters, e.g. ``{"a": "Russia", "b": "United States"}``.
    endpoint : str, optional
        A SPARQL endpoint URL instead.
    timeout : float, optional
        Seconds; with a store directory the query runs in a worker process that is killed
        at the deadline (:func:`run_query`).

    Returns
    -------
    pandas.DataFrame
        One column per SELECT variable; labels as plain strings, numbers as numbers.

    Raises
    ------
    QueryError
        Malformed SPARQL (parser message with line and column), or a request the guard
        refuses (:class:`kg.guard.QueryRefused`: updates, ``SERVICE``, too long or deep).
    kg.store.QueryTimeout
    ParamError, StoreError

    Examples
    --------
    >>> from kg import query_df
    >>> df = query_df("SELECT ?s WHERE { ?s a nz:Country }", data="out/graph.trig")  # doctest: +SKIP
    """
    st, close = open_for_query(store, data, endpoint)
    try:
        return to_dataframe(run_query(st, sparql, params=params, timeout=timeout))
    finally:
        if close:
            st.close()


# --------------------------------------------------------------------------- formats

def _json_term(term: Any) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    d: dict[str, str] = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal):
        if term.language:
            d["xml:lang"] = term.language
        elif term.datatype is not None:
            d["datatype"] = str(term.datatype)
    return d


def format_result(result: QueryResult, fmt: str) -> str:
    """Serialise a result: ``csv``, ``tsv``, ``json`` (W3C SPARQL 1.1 results formats) or
    ``table`` text (tab-free, for pipes); CONSTRUCT/DESCRIBE results are Turtle in every
    format.

    Parameters
    ----------
    result : QueryResult
    fmt : str
        ``"csv"``, ``"tsv"``, ``"json"`` or ``"table"``.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        Unknown format.
    """
    if result.kind == "graph":
        return result.graph.serialize(format="turtle")
    if fmt == "json":
        if result.kind == "ask":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)})
        bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None}
                    for row in result.rows]
        return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        if result.kind == "ask":
            w.writerow(["boolean"])
            w.writerow(["true" if result.boolean else "false"])
        else:
            w.writerow(result.variables)
            for row in result.rows:
                w.writerow(["" if t is None else str(t) for t in row])
        return buf.getvalue()
    if fmt == "tsv":
        if result.kind == "ask":
            return f"?boolean\n{'true' if result.boolean else 'false'}\n"
        lines = ["\t".join("?" + v for v in result.variables)]
        for row in result.rows:
            lines.append("\t".join("" if t is None else t.n3() for t in row))
        return "\n".join(lines) + "\n"
    if fmt == "table":
        if result.kind == "ask":
            return "true\n" if result.boolean else "false\n"
        lines = [" | ".join(result.variables)]
        for row in result.rows:
            lines.append(" | ".join("" if t is None else str(t) for t in row))
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown format {fmt!r} (table, csv, tsv or json)")
