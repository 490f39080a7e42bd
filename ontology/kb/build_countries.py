"""One-off generator of the *first version* of ``countries.tsv`` from CLDR (via babel).

The shipped ``countries.tsv`` was produced by this script and then edited by hand (Arabic
spelling variants used by news, English aliases, demonyms, capitals, Wikidata ids). The
TSV is the source of truth: this script does not merge, it only prints a fresh skeleton,
so never redirect its output over the edited file.

Usage::

    python ontology/kb/build_countries.py > /tmp/countries_skeleton.tsv

Source: Unicode CLDR territory display names as shipped with babel
(``babel.Locale('ar').territories`` and ``babel.Locale('en').territories``), limited to
two-letter ISO 3166-1 codes; CLDR's own macro-regions, groupings and exceptional
reservations (EU, EZ, UN, QO, XA, XB, ZZ, AC, CP, CQ, DG, EA, IC, TA) are left out.
"""
from __future__ import annotations

import re
import sys
import unicodedata

from babel import Locale

#: Two-letter CLDR codes that are not ISO 3166-1 countries or territories.
NOT_TERRITORIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ",
                             "AC", "CP", "CQ", "DG", "EA", "IC", "TA"})

#: English names replaced before slugging (CLDR short forms that read badly as labels).
EN_NAMES = {
    "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo",
    "CI": "Ivory Coast", "CZ": "Czech Republic", "HK": "Hong Kong", "MO": "Macau",
    "MM": "Myanmar", "PS": "Palestine", "SH": "Saint Helena", "TR": "Turkey",
    "TL": "East Timor", "VA": "Vatican City", "US": "United States",
    "GB": "United Kingdom", "UM": "United States Minor Outlying Islands",
    "VI": "United States Virgin Islands",
}

HEADER = ("id", "iso2", "label_en", "label_ar", "aliases_ar", "aliases_en", "ambiguous_ar",
          "demonyms_ar", "plurals_ar", "capital", "wikidata")


def clean_en(name: str) -> str:
    """Readable English label: ``&`` -> ``and``, ``St.`` -> ``Saint``, no parentheses."""
    name = re.sub(r"\s*\(.*?\)", "", name).replace(" & ", " and ")
    return re.sub(r"\bSt\. ", "Saint ", name).strip()


def clean_ar(name: str) -> str:
    """Arabic label without CLDR's parenthesised qualifiers."""
    return re.sub(r"\s*\(.*?\)", "", name).strip()


def slug(name: str) -> str:
    """Lowercase ASCII id: accents removed, non-alphanumerics folded to ``_``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")


def skeleton_rows() -> list[tuple[str, ...]]:
    """One row per ISO 3166-1 territory known to CLDR, sorted by code."""
    ar, en = Locale("ar").territories, Locale("en").territories
    rows = []
    for code in sorted(ar):
        if len(code) != 2 or not code.isalpha() or code in NOT_TERRITORIES:
            continue
        label_en = EN_NAMES.get(code) or clean_en(en[code])
        rows.append((slug(label_en), code, label_en, clean_ar(ar[code]),
                     "", "", "", "", "", "", ""))
    return rows


def main() -> None:
    """Print the skeleton TSV to stdout."""
    out = sys.stdout
    out.write("\t".join(HEADER) + "\n")
    for row in skeleton_rows():
        out.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main()
