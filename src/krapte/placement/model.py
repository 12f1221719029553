"""The placement round in domain terms: offers, students and ranked preferences.

These records are what the files hold; :mod:`krapte.placement.encode` turns them into the array
form the matching core computes on.
"""

from __future__ import annotations

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
