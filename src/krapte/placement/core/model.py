"""The placement round in domain terms: offers, students and ranked preferences.

These records are what the files hold; :mod:`krapte.placement.core.encode` turns them into the array
form the matching core computes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import numpy.typing as npt


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
class Coded:
    """A text column as codes into its distinct texts: row ``i`` reads ``names[codes[i]]``."""

    codes: npt.NDArray[np.int64]
    names: list[str]

    @classmethod
    def of(cls, texts: Iterable[str]) -> Coded:
        found: dict[str, int] = {}
        codes = [found.setdefault(text, len(found)) for text in texts]
        return cls(np.asarray(codes, dtype=np.int64), list(found))

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, index: int) -> str:
        return self.names[int(self.codes[index])]


@dataclass(frozen=True)
class StudentColumns:
    """The students column by column, in the order of their ids (what big rounds are read as)."""

    student_id: list[str]
    school: Coded
    programme: Coded
    level: Coded
    study_year: npt.NDArray[np.int64]
    municipality: Coded

    @classmethod
    def of(cls, students: Iterable[Student]) -> StudentColumns:
        ordered = sorted(students, key=lambda student: student.student_id)
        return cls(
            student_id=[s.student_id for s in ordered],
            school=Coded.of(s.school for s in ordered),
            programme=Coded.of(s.programme for s in ordered),
            level=Coded.of(s.level for s in ordered),
            study_year=np.asarray([s.study_year for s in ordered], dtype=np.int64),
            municipality=Coded.of(s.municipality for s in ordered),
        )

    def __len__(self) -> int:
        return len(self.student_id)

    def __getitem__(self, index: int) -> Student:
        return Student(
            student_id=self.student_id[index],
            school=self.school[index],
            programme=self.programme[index],
            level=self.level[index],
            study_year=int(self.study_year[index]),
            municipality=self.municipality[index],
        )

    def __iter__(self) -> Iterator[Student]:
        return (self[index] for index in range(len(self)))


@dataclass(frozen=True)
class PlacementRound:
    """Offers, students and each student's ranked offer ids (first choice first)."""

    offers: tuple[Offer, ...]
    students: tuple[Student, ...]
    preferences: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class RoundSummary:
    """A stored round as listed: its size and how often it was run."""

    name: str
    max_choices: int
    created_at: datetime
    offers: int
    students: int
    runs: int

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "max_choices": self.max_choices,
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "offers": self.offers,
            "students": self.students,
            "runs": self.runs,
        }


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


def parse_capacity(cell: str) -> tuple[int, str]:
    """The capacity in ``cell`` and a Dutch problem ("" when none); 0 when unreadable."""
    capacity = _integer(cell)
    if capacity is None:
        return 0, f"geen geheel getal: '{cell}'"
    if capacity < 0:
        return 0, f"negatieve capaciteit: {capacity}"
    if capacity > MAX_INTEGER:
        return 0, f"capaciteit te groot: {capacity} (hoogstens {MAX_INTEGER})"
    return capacity, ""


def parse_years(cell: str) -> tuple[tuple[int, ...], list[str]]:
    """The study years of a ``study_years`` cell and a Dutch problem for every bad item."""
    years: list[int] = []
    problems: list[str] = []
    for item in split_list(cell):
        year = _integer(item)
        if year is None or year < 1 or year > MAX_INTEGER:
            problems.append(f"ongeldig studiejaar: '{item}'")
        else:
            years.append(year)
    return tuple(years), problems


def parse_quota(cell: str) -> tuple[tuple[tuple[str, int], ...], list[str]]:
    """The quotas of a ``quota`` cell (``programme:limit;...``) and a Dutch problem for every bad
    item; a programme with two quotas is a problem (which one would hold is not clear)."""
    quota: list[tuple[str, int]] = []
    problems: list[str] = []
    seen: set[str] = set()
    for item in split_list(cell):
        programme, _, limit_text = item.rpartition(":")
        limit = _integer(limit_text)
        if not programme.strip() or limit is None or limit < 0 or limit > MAX_INTEGER:
            problems.append(f"ongeldig quotum '{item}' (verwacht opleiding:aantal)")
        elif normalise(programme) in seen:
            problems.append(f"opleiding '{programme.strip()}' heeft meer dan één quotum")
        else:
            seen.add(normalise(programme))
            quota.append((programme.strip(), limit))
    return tuple(quota), problems


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
    capacity, problem = parse_capacity(cell("capacity"))
    if problem:
        problems.append(("capacity", problem))
    years, year_problems = parse_years(cell("study_years"))
    problems.extend(("study_years", message) for message in year_problems)
    quota, quota_problems = parse_quota(cell("quota"))
    problems.extend(("quota", message) for message in quota_problems)
    offer = Offer(
        offer_id=cell("offer_id"),
        organisation=cell("organisation"),
        municipality=cell("municipality"),
        province=cell("province"),
        sector=cell("sector"),
        capacity=capacity,
        programmes=split_list(cell("programmes")),
        levels=split_list(cell("levels")),
        study_years=years,
        languages=split_list(cell("languages")),
        quota=quota,
        priority=split_list(cell("priority")),
        notes=cell("notes"),
    )
    return offer, problems
