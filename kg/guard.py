"""The SPARQL guard: what every query nufuz runs passes first (CLI, Python, ``nufuz serve``).

:func:`check_query` reads a request once with a SPARQL lexer (strings, IRIs, comments,
prefixed names with their escapes, variables, keywords, punctuation) and refuses, with one
line naming the problem, before any engine sees the text:

- an empty request;
- an update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``...): nufuz only reads
  ("updates are not allowed");
- a federated query (``SERVICE``): a query must never make nufuz call out;
- a request over :data:`MAX_QUERY_CHARS` characters or :data:`MAX_TOKENS` tokens, or nested
  deeper than :data:`MAX_DEPTH` levels of ``{``, ``(`` and ``[``.

The bounds keep the engines alive: Oxigraph's parser and planner recurse once per nesting
level and per chained element, and a request of 3,000 nested groups (15 KB) or 10,000
chained ``+``/``UNION``/triple patterns kills the process with SIGSEGV (measured with
pyoxigraph 0.5.13: depth 2,000 and chains of 6,000 still answer); rdflib's parser gives up
at about 40 levels. Real queries stay far below: the library's deepest is 11 levels and
its longest about 400 tokens.

A ``SERVICE`` keyword hidden by a lexer that disagrees with the engine is the risk of such a
check. The one place SPARQL's lexing depends on the grammar is ``<``: an IRI where a term
is expected, the less-than operator after an operand; Oxigraph reads ``?a<'x>'`` as
``?a < 'x>'``. An IRI-looking token holding a ``'`` therefore makes the rest of the request
suspect, and from there on the word ``SERVICE`` anywhere (strings and comments included)
refuses it. (``"`` cannot occur in an IRI; a ``#`` inside one read by the engine as a
comment only hides more from the engine than from the guard.)
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.store_base import QueryError

#: Most characters in one request.
MAX_QUERY_CHARS = 200_000
#: Most tokens (keywords, terms, operators, punctuation; comments and whitespace not counted).
MAX_TOKENS = 10_000
#: Most levels of ``{``, ``(`` and ``[`` nested in one another.
MAX_DEPTH = 64

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE",
                             "ADD", "WITH"})

_PN_CHARS_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF"
                  "\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD"
                  "\U00010000-\U000EFFFF")
_PN_CHARS = _PN_CHARS_BASE + "_0-9\u00B7\u0300-\u036F\u203F-\u2040\\-"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_TOKEN = re.compile(
    r"(?P<ws>\s+)"
    r"|(?P<comment>#[^\r\n]*)"
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\r\n]|\\.)*"'
    r"|'(?:[^'\\\r\n]|\\.)*')"
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r"|(?P<var>[?$][" + _PN_CHARS + r"]+)"
    # prefixed name (PNAME_NS / PNAME_LN, blank node labels _:x) with PN_LOCAL escapes
    r"|(?P<pname>(?:[" + _PN_CHARS_BASE + r"](?:[" + _PN_CHARS + r".]*[" + _PN_CHARS + r"])?)?"
    r"|_)?:(?:(?:[" + _PN_CHARS + r":]|" + _PLX + r")(?:(?:[" + _PN_CHARS + r".:]|" + _PLX + r")*"
    r"(?:[" + _PN_CHARS + r":]|" + _PLX + r"))?)?"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<number>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    r"|(?P<punct>\^\^|\|\||&&|!=|<=|>=|[{}()\[\].,;*+\-/!^|=<>?$])"
    r"|(?P<other>.)", re.S)
_OPEN, _CLOSE = "{([", "})]"
_ANY_SERVICE = re.compile(r"(?<![A-Za-z0-9_])SERVICE(?![A-Za-z0-9_])", re.I)


class QueryRefused(QueryError):
    """A request the guard refuses; the message is one line naming the problem.

    Attributes
    ----------
    reason : str
        ``"empty"``, ``"update"``, ``"service"``, ``"size"`` or ``"depth"``.
    http_status : int
        The status ``nufuz serve`` answers with: 403 (update, SERVICE), 413 (size) or 400.
    """

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason
        self.http_status = {"update": 403, "service": 403, "size": 413}.get(reason, 400)


@dataclass(frozen=True)
class CheckedQuery:
    """What :func:`check_query` found in an accepted request.

    Attributes
    ----------
    text : str
        The request, unchanged.
    form : str or None
        Its first keyword after the prologue, upper-cased (``"SELECT"``, ``"ASK"``,
        ``"CONSTRUCT"``, ``"DESCRIBE"``; another word or None for text the engine will
        reject as malformed).
    tokens : int
        Number of tokens.
    depth : int
        Deepest nesting of ``{``, ``(`` and ``[``.
    """

    text: str
    form: str | None
    tokens: int
    depth: int


def _where(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {col}"


def tokens(sparql: str):
    """The tokens of a SPARQL request, comments and whitespace left out.

    Parameters
    ----------
    sparql : str

    Yields
    ------
    tuple of (str, str, int)
        ``(kind, text, offset)``: kind is ``string``, ``iri``, ``var``, ``pname``, ``word``,
        ``number``, ``lang``, ``punct`` or ``other`` (a character SPARQL has no token for).
    """
    for m in _TOKEN.finditer(sparql):
        kind = m.lastgroup
        if kind not in ("ws", "comment"):
            yield kind, m.group(), m.start()


def request_form(sparql: str) -> str | None:
    """The form of a SPARQL request: its first keyword after the prologue (comments, ``BASE``
    and ``PREFIX`` declarations), upper-cased; None when there is none.

    Examples
    --------
    >>> request_form("PREFIX nz: <https://w3id.org/nufuz/ontology#> # c\\nselect * {}")
    'SELECT'
    >>> request_form("INSERT DATA { <a:b> <a:c> <a:d> }")
    'INSERT'
    """
    expect = None  # what the prologue declaration being read still needs
    for kind, text, _ in tokens(sparql):
        if expect == "pname" and kind == "pname":
            expect = "iri"
        elif expect == "iri" and kind == "iri":
            expect = None
        elif expect is None and kind == "word" and text.upper() in ("BASE", "PREFIX"):
            expect = "iri" if text.upper() == "BASE" else "pname"
        elif expect is None and kind == "word":
            return text.upper()
        else:
            return None
    return None


def check_query(sparql: str, *, max_chars: int = MAX_QUERY_CHARS, max_tokens: int = MAX_TOKENS,
                max_depth: int = MAX_DEPTH) -> CheckedQuery:
    """Refuse what must never reach a query engine (see the module docstring).

    Parameters
    ----------
    sparql : str
        A SPARQL request as given by the user.
    max_chars, max_tokens, max_depth : int, optional
        The bounds (default :data:`MAX_QUERY_CHARS`, :data:`MAX_TOKENS`, :data:`MAX_DEPTH`).

    Returns
    -------
    CheckedQuery

    Raises
    ------
    QueryRefused
        (a :class:`kg.store.QueryError`) with a one-line message: ``empty query``;
        ``updates are not allowed (INSERT): ...``; ``federated queries are not allowed
        (SERVICE at line L, column C): ...``; ``query too long ...``; ``query too large
        ...``; ``query nested too deeply ...``.

    Examples
    --------
    >>> check_query("SELECT * WHERE { ?s ?p ?o }").depth
    1
    >>> check_query("LOAD <http://example.org/data.ttl>")
    Traceback (most recent call last):
    ...
    kg.guard.QueryRefused: updates are not allowed (LOAD): nufuz only reads; give a SELECT, ASK, CONSTRUCT or DESCRIBE query
    """
    if len(sparql) > max_chars:
        raise QueryRefused(f"query too long ({len(sparql):,} characters; at most {max_chars:,})", "size")
    form = request_form(sparql)
    if form is None and not any(True for _ in tokens(sparql)):
        raise QueryRefused("empty query: give a SELECT, ASK, CONSTRUCT or DESCRIBE query", "empty")
    if form in UPDATE_KEYWORDS:
        raise QueryRefused(f"updates are not allowed ({form}): nufuz only reads; give a SELECT, ASK, "
                           "CONSTRUCT or DESCRIBE query", "update")
    depth = deepest = n = 0
    suspect_from = None  # offset after which the lexing may disagree with the engine's
    for kind, text, pos in tokens(sparql):
        n += 1
        if n > max_tokens:
            raise QueryRefused(f"query too large (more than {max_tokens:,} tokens)", "size")
        if kind == "punct" and text in _OPEN:
            depth += 1
            if depth > deepest:
                deepest = depth
                if depth > max_depth:
                    raise QueryRefused(f"query nested too deeply (more than {max_depth} levels of {{, ( "
                                       f"and [ at {_where(sparql, pos)})", "depth")
        elif kind == "punct" and text in _CLOSE:
            depth = max(0, depth - 1)
        elif kind == "word" and text.upper() == "SERVICE":
            raise QueryRefused(f"federated queries are not allowed (SERVICE at {_where(sparql, pos)}): "
                               "nufuz never fetches from other endpoints", "service")
        elif kind == "iri" and "'" in text and suspect_from is None:
            suspect_from = pos
    if suspect_from is not None:
        m = _ANY_SERVICE.search(sparql, suspect_from)
        if m:
            raise QueryRefused(f"federated queries are not allowed (SERVICE at {_where(sparql, m.start())}): "
                               "nufuz never fetches from other endpoints", "service")
    return CheckedQuery(text=sparql, form=form, tokens=n, depth=deepest)
