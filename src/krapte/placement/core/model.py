"""The placement round in domain terms: offers, students and ranked preferences.

These records are what the files hold; :mod:`krapte.placement.core.encode` turns them into the array
form the matching core computes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Offer:
    """Internship places at one organisation site. Empty eligibility tuples mean "all"."""

    offer_id: str
    organisation: str
    municipality: str
    province: str
    sector: str
    capacity: int
    programmes: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    study_years: tuple[int, ...] = ()
    languages: tuple[str, ...] = ()
    quota: tuple[tuple[str, int], ...] = ()
    """Per programme the most students of that programme the offer takes."""
    priority: tuple[str, ...] = ()
    """Programmes or schools in the order the offer prefers them; unlisted ones come last."""
    notes: str = ""


@dataclass(frozen=True)
class Student:
    """A pseudonymous student."""

    student_id: str
    school: str
    programme: str
    level: str
    study_year: int
    municipality: str = ""


@dataclass(frozen=True)
class PlacementRound:
    """Offers, students and each student's ranked offer ids (first choice first)."""

    offers: tuple[Offer, ...]
    students: tuple[Student, ...]
    preferences: dict[str, tuple[str, ...]] = field(default_factory=dict)


def normalise(text: str) -> str:
    """The form in which programme, level and school names are compared."""
    return " ".join(text.strip().lower().split())


# --- the longest text each stored column holds (the database tables use these lengths) ------

MAX_INTEGER = 2**31 - 1
"""The largest whole number (capacity, study year, seed) an integer column holds."""
MAX_ID_LENGTH = 120
"""Offer and student ids."""
MAX_ROUND_NAME_LENGTH = 200
OFFER_MAX_LENGTHS: dict[str, int] = {
    "offer_id": MAX_ID_LENGTH,
    "organisation": 300,
    "municipality": 120,
    "province": 60,
    "sector": 200,
}
STUDENT_MAX_LENGTHS: dict[str, int] = {
    "student_id": MAX_ID_LENGTH,
    "school": 200,
    "programme": 200,
    "level": 20,
    "municipality": 120,
}


# --- the cell codec: how an offer is written in offers.csv and in the database ---------------

LIST_SEPARATOR = ";"


def split_list(cell: str) -> tuple[str, ...]:
    """``"a; b;;c"`` -> ``("a", "b", "c")``; an empty cell is the empty tuple ("all")."""
    return tuple(item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip())


def join_list(items: Iterable[object]) -> str:
    return LIST_SEPARATOR.join(str(item) for item in items)


def join_quota(quota: Iterable[tuple[str, int]]) -> str:
    """Quotas as ``programme:limit;...``."""
    return join_list(f"{programme}:{limit}" for programme, limit in quota)


def _integer(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None


def offer_cells(offer: Offer) -> dict[str, str | int]:
    """The offer as one row of offers.csv (and of the offer table): column -> cell."""
    return {
        "offer_id": offer.offer_id,
        "organisation": offer.organisation,
        "municipality": offer.municipality,
        "province": offer.province,
        "sector": offer.sector,
        "capacity": offer.capacity,
        "programmes": join_list(offer.programmes),
        "levels": join_list(offer.levels),
        "study_years": join_list(offer.study_years),
        "languages": join_list(offer.languages),
        "quota": join_quota(offer.quota),
        "priority": join_list(offer.priority),
        "notes": offer.notes,
    }


def offer_from_cells(cells: Mapping[str, str]) -> tuple[Offer, list[tuple[str, str]]]:
    """The inverse of :func:`offer_cells` (cells as text, missing ones empty).

    Returns the offer and its problems as (column, Dutch reason); with problems, the offer holds
    what could be read (capacity 0 when unreadable) and must not be used.
    """

    def cell(column: str) -> str:
        return cells.get(column, "").strip()

    problems: list[tuple[str, str]] = []
    capacity = _integer(cell("capacity"))
    if capacity is None:
        problems.append(("capacity", f"geen geheel getal: '{cell('capacity')}'"))
    elif capacity < 0:
        problems.append(("capacity", f"negatieve capaciteit: {capacity}"))
    elif capacity > MAX_INTEGER:
        problems.append(("capacity", f"capaciteit te groot: {capacity} (hoogstens {MAX_INTEGER})"))
    years: list[int] = []
    for item in split_list(cell("study_years")):
        year = _integer(item)
        if year is None or year < 1:
            problems.append(("study_years", f"ongeldig studiejaar: '{item}'"))
        else:
            years.append(year)
    quota: list[tuple[str, int]] = []
    for item in split_list(cell("quota")):
        programme, _, limit_text = item.rpartition(":")
        limit = _integer(limit_text)
        if not programme.strip() or limit is None or limit < 0:
            problems.append(("quota", f"ongeldig quotum '{item}' (verwacht opleiding:aantal)"))
        else:
            quota.append((programme.strip(), limit))
    offer = Offer(
        offer_id=cell("offer_id"),
        organisation=cell("organisation"),
        municipality=cell("municipality"),
        province=cell("province"),
        sector=cell("sector"),
        capacity=capacity if capacity is not None and 0 <= capacity <= MAX_INTEGER else 0,
        programmes=split_list(cell("programmes")),
        levels=split_list(cell("levels")),
        study_years=tuple(years),
        languages=split_list(cell("languages")),
        quota=tuple(quota),
        priority=split_list(cell("priority")),
        notes=cell("notes"),
    )
    return offer, problems
