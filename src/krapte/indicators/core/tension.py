"""The tension ratio (job seekers per vacancy) per period and region, from tidy observations."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from krapte.datahub.core.records import Observation
from krapte.indicators.core.maths import tension_ratio

JOB_SEEKERS = "werkzoekenden"
VACANCIES = "vacatures"


@dataclass(frozen=True)
class TensionRow:
    period: str
    geography: str
    category: str
    job_seekers: float
    vacancies: float
    ratio: float


def tension_by_region(
    observations: Iterable[Observation],
    job_seekers: str = JOB_SEEKERS,
    vacancies: str = VACANCIES,
) -> list[TensionRow]:
    """One row per (period, region, category) that has both job seekers and open vacancies."""
    seekers: dict[tuple[str, str, str], float] = {}
    openings: dict[tuple[str, str, str], float] = {}
    for obs in observations:
        key = (obs.period, obs.geography, obs.category)
        if obs.measure == job_seekers:
            seekers.setdefault(key, obs.value)
        elif obs.measure == vacancies:
            openings.setdefault(key, obs.value)
    return [
        TensionRow(*key, seekers[key], openings[key], tension_ratio(seekers[key], openings[key]))
        for key in sorted(seekers.keys() & openings.keys())
        if openings[key] > 0
    ]
