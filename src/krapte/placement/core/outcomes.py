"""Indicators of a published round: fill rate, first-choice rate, confirmation and job offers.

Pure: plain records in, one :class:`GroupIndicators` per group out (overall, per sector, per
province). Every rate keeps its numerator and denominator; a rate over fewer people than the
small-cell threshold is *suppressed* (no value, never 0), and so is a rate over nobody.

- fill rate: students placed / places offered (the offers of the group);
- first-choice rate: students placed on their first choice / students with a list (a student
  belongs to the group of the offer they ranked first);
- confirmation rate: placements confirmed by the organisation / students placed;
- internship-to-job rate: interns offered a job / placed students whose organisation recorded
  an answer (yes or no).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: The geography of the figures over every province (Brussels included).
ALL_PROVINCES = "Vlaanderen en Brussel"

#: Indicator key -> the data hub's measure name and its Dutch description.
MEASURES: dict[str, tuple[str, str]] = {
    "fill": ("stage_vulgraad", "Bezette stageplaatsen in procent van de aangeboden plaatsen"),
    "first_choice": (
        "stage_eerste_keuze",
        "Studenten met een lijst die hun eerste keuze kregen, in procent",
    ),
    "confirmation": (
        "stage_bevestigd",
        "Plaatsingen die de organisatie bevestigde, in procent van de geplaatste studenten",
    ),
    "to_job": (
        "stage_naar_job",
        "Stagiairs met een jobaanbod, in procent van de stagiairs met een antwoord",
    ),
}


@dataclass(frozen=True, slots=True)
class OfferFacts:
    offer_id: str
    sector: str
    province: str
    capacity: int


@dataclass(frozen=True, slots=True)
class StudentFacts:
    """One student of the published run: the first choice, the place and what followed."""

    first_choice: str | None
    """The offer ranked first; ``None`` without a list."""
    placed_offer: str | None
    rank: int
    """Rank of the place on the student's list (1 = first choice); 0 when unplaced."""
    confirmed: bool = False
    job_offered: bool | None = None


@dataclass(frozen=True, slots=True)
class Rate:
    numerator: int
    denominator: int
    suppressed: bool

    @property
    def percent(self) -> float | None:
        """The rate in percent (one decimal), ``None`` when suppressed."""
        if self.suppressed:
            return None
        return round(100.0 * self.numerator / self.denominator, 1)

    def as_dict(self) -> dict[str, object]:
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "suppressed": self.suppressed,
            "percent": self.percent,
        }


def rate(numerator: int, denominator: int, threshold: int) -> Rate:
    """A rate, suppressed when its denominator counts fewer than ``threshold`` (or none)."""
    return Rate(numerator, denominator, suppressed=denominator < max(threshold, 1))


@dataclass(frozen=True, slots=True)
class GroupIndicators:
    """The four rates of one group: ``geography`` (a province or :data:`ALL_PROVINCES`) and
    ``category`` (a sector, or empty for every sector)."""

    geography: str
    category: str
    fill: Rate
    first_choice: Rate
    confirmation: Rate
    to_job: Rate

    def rates(self) -> dict[str, Rate]:
        return {
            "fill": self.fill,
            "first_choice": self.first_choice,
            "confirmation": self.confirmation,
            "to_job": self.to_job,
        }

    def as_dict(self) -> dict[str, object]:
        return {"geography": self.geography, "category": self.category} | {
            key: value.as_dict() for key, value in self.rates().items()
        }


def _group(
    geography: str,
    category: str,
    offers: Sequence[OfferFacts],
    students: Sequence[StudentFacts],
    threshold: int,
) -> GroupIndicators:
    inside = {
        offer.offer_id
        for offer in offers
        if category in ("", offer.sector) and geography in (ALL_PROVINCES, offer.province)
    }
    capacity = sum(offer.capacity for offer in offers if offer.offer_id in inside)
    placed = [s for s in students if s.placed_offer is not None and s.placed_offer in inside]
    ranked_here = [s for s in students if s.first_choice is not None and s.first_choice in inside]
    answered = [s for s in placed if s.job_offered is not None]
    return GroupIndicators(
        geography=geography,
        category=category,
        fill=rate(len(placed), capacity, threshold),
        first_choice=rate(sum(1 for s in ranked_here if s.rank == 1), len(ranked_here), threshold),
        confirmation=rate(sum(1 for s in placed if s.confirmed), len(placed), threshold),
        to_job=rate(sum(1 for s in answered if s.job_offered), len(answered), threshold),
    )


def _distinct(values: Iterable[str]) -> list[str]:
    return sorted({value for value in values if value})


def indicators(
    offers: Sequence[OfferFacts], students: Sequence[StudentFacts], threshold: int
) -> list[GroupIndicators]:
    """Overall, then per sector (over every province), then per province (every sector)."""
    groups = [_group(ALL_PROVINCES, "", offers, students, threshold)]
    groups += [
        _group(ALL_PROVINCES, sector, offers, students, threshold)
        for sector in _distinct(offer.sector for offer in offers)
    ]
    groups += [
        _group(province, "", offers, students, threshold)
        for province in _distinct(offer.province for offer in offers)
    ]
    return groups
