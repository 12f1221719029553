"""Vacancy statistics for the data hub (dataset ``vacatures``, source "krapte vacatures").

Nobody could count vacancies per diploma (a data gap of the report, rec 11 and 14). These
figures count the vacancies published in krapte per month of posting: by diploma classification
(programme and level), by province, by sector, and the mean number of days a closed vacancy was
open. They sit in the data hub beside VDAB's figures, for the indicators and the explorer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from krapte.datahub.core.records import FLANDERS, Observation

DATASET = "vacatures"
TITLE = "Vacatures in krapte: per diploma, niveau, provincie, sector en maand"
DESCRIPTION = (
    "Vacatures die organisaties in krapte publiceerden, per maand van publicatie: per diploma "
    "uit de classificatie (rapport 4.1.5), per niveau, per provincie en per sector, en het "
    "gemiddelde aantal dagen dat een afgesloten vacature openstond."
)
SOURCE = "krapte vacatures"
COUNT = "vacatures"
DAYS_OPEN = "dagen open (gemiddelde)"
DAYS_NOTE = "Aantal dagen tussen publicatie en sluiting (of intrekking), afgesloten vacatures."


@dataclass(frozen=True, slots=True)
class Posted:
    """One vacancy as the statistics see it."""

    programme: str
    level: str
    province: str
    sector: str
    posted_on: date
    closed_on: date | None
    """The closing date once past, or the day it was withdrawn; ``None`` while open."""


def month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _count(period: str, value: int, **where: str) -> Observation:
    return Observation(
        dataset=DATASET, measure=COUNT, period=period, value=float(value), unit="count",
        source=SOURCE, **where,
    )  # fmt: skip


def figures(vacancies: Iterable[Posted]) -> list[Observation]:
    """Every count and mean, one observation per cell (cells without vacancies are left out)."""
    counts: dict[tuple[str, str, str, str, str, str], int] = defaultdict(int)
    days: dict[tuple[str, str], list[int]] = defaultdict(list)
    for v in vacancies:
        period = month(v.posted_on)
        counts[(period, FLANDERS, "", "", "", "total")] += 1
        counts[(period, FLANDERS, v.programme, v.level, "", "diploma")] += 1
        if v.province:
            counts[(period, v.province, "", "", "", "province")] += 1
        counts[(period, FLANDERS, "", "", v.sector, "sector")] += 1
        if v.closed_on is not None:
            days[(period, "")].append((v.closed_on - v.posted_on).days)
            days[(period, v.level)].append((v.closed_on - v.posted_on).days)
    found = [
        _count(
            period, value, geography=geography, programme=programme, level=level, category=sector
        )
        for (period, geography, programme, level, sector, _), value in sorted(counts.items())
    ]
    found.extend(
        Observation(
            dataset=DATASET,
            measure=DAYS_OPEN,
            period=period,
            value=round(sum(spans) / len(spans), 1),
            unit="count",
            level=level,
            source=SOURCE,
            note=DAYS_NOTE,
        )
        for (period, level), spans in sorted(days.items())
    )
    return found
