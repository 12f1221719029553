"""An organisation's indicators from the aggregates the database computes (pure).

The store groups the records per year, function and level (:class:`Stock`), per year of hire
(:class:`Hires`), per year and exit reason, and counts the persons with long-term absence per year;
this module only combines those few rows into rates and shares. Definitions, per calendar year:

* headcount at the start (on 1 January) and at the end (employed after 31 December), FTE at the
  end; inflow: employments that started in the year; outflow: employments that ended in it (so
  end = start + inflow - outflow);
* turnover rate: outflow / the average of the headcount at the start and at the end;
* retention after 1 (2) years: of the people hired in the year, the share still employed 365
  (730) days after their start, counting only those whose anniversary lies before the date of the
  records;
* long-term absence rate: persons with a long-term absence period in the year / persons employed
  at any time in the year;
* share aged 55+: of the headcount at the end, those whose whole birth-year band is 55 or older
  at the end of the year (a lower bound);
* team mix: the social workers at the end of the year by level (graduaat, bachelor, master).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from krapte.workforce.core.records import EXIT_REASONS, SOCIAL_WORKER, TEAM_LEVELS


@dataclass(frozen=True)
class Stock:
    """The records of one year, function and level, as the store counts them."""

    year: int
    function: str
    level: str
    head_start: int
    head_end: int
    fte_end: float
    inflow: int
    outflow: int
    aged_55: int
    employed: int


@dataclass(frozen=True)
class Hires:
    """The people hired in one year and how many stayed one and two years."""

    year: int
    hires: int
    eligible_1: int
    retained_1: int
    eligible_2: int
    retained_2: int


@dataclass(frozen=True)
class YearIndicators:
    year: int
    headcount_start: int
    headcount: int
    fte: float
    inflow: int
    outflow: int
    turnover_rate: float | None
    social_workers: int
    social_worker_turnover_rate: float | None
    hires: int
    retention_1y: float | None
    retention_2y: float | None
    absence_rate: float | None
    aged_55_share: float | None
    partial: bool
    """The year of the records' date: not over yet."""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class GroupCount:
    """Headcount and FTE at the end of a year for one function and level."""

    year: int
    function: str
    level: str
    headcount: int
    fte: float


@dataclass(frozen=True)
class TeamShare:
    year: int
    level: str
    headcount: int
    share: float | None


@dataclass(frozen=True)
class ExitCount:
    year: int
    reason: str
    count: int


@dataclass(frozen=True)
class OrganisationIndicators:
    organisation: str
    records_as_of: str
    years: tuple[YearIndicators, ...]
    groups: tuple[GroupCount, ...]
    team_mix: tuple[TeamShare, ...]
    exits: tuple[ExitCount, ...]


def _rate(part: float, whole: float) -> float | None:
    return None if whole <= 0 else part / whole


def combine(
    organisation: str,
    records_as_of: str,
    current_year: int,
    stock: Sequence[Stock],
    hires: Sequence[Hires],
    exits: Sequence[tuple[int, str, int]],
    absent: dict[int, int],
) -> OrganisationIndicators:
    """The indicators of one organisation from its aggregates (``absent``: year -> persons)."""
    totals: dict[int, list[float]] = defaultdict(lambda: [0.0] * 9)
    for row in stock:
        t = totals[row.year]
        t[0] += row.head_start
        t[1] += row.head_end
        t[2] += row.fte_end
        t[3] += row.inflow
        t[4] += row.outflow
        t[5] += row.aged_55
        t[6] += row.employed
        if row.function == SOCIAL_WORKER:
            t[7] += row.head_end
            t[8] += row.outflow
    social_start: dict[int, int] = defaultdict(int)
    for row in stock:
        if row.function == SOCIAL_WORKER:
            social_start[row.year] += row.head_start
    by_year_hires = {h.year: h for h in hires}
    years = []
    for year in sorted(totals):
        t = totals[year]
        h = by_year_hires.get(year, Hires(year, 0, 0, 0, 0, 0))
        years.append(
            YearIndicators(
                year=year,
                headcount_start=int(t[0]),
                headcount=int(t[1]),
                fte=round(t[2], 2),
                inflow=int(t[3]),
                outflow=int(t[4]),
                turnover_rate=_rate(t[4], (t[0] + t[1]) / 2),
                social_workers=int(t[7]),
                social_worker_turnover_rate=_rate(t[8], (social_start[year] + t[7]) / 2),
                hires=h.hires,
                retention_1y=_rate(h.retained_1, h.eligible_1),
                retention_2y=_rate(h.retained_2, h.eligible_2),
                absence_rate=_rate(absent.get(year, 0), t[6]),
                aged_55_share=_rate(t[5], t[1]),
                partial=year >= current_year,
            )
        )
    groups = tuple(
        GroupCount(r.year, r.function, r.level, r.head_end, round(r.fte_end, 2))
        for r in sorted(stock, key=lambda r: (r.year, r.function, r.level))
        if r.head_end
    )
    team: dict[tuple[int, str], int] = defaultdict(int)
    for row in stock:
        if row.function == SOCIAL_WORKER and row.level in TEAM_LEVELS:
            team[row.year, row.level] += row.head_end
    team_mix: list[TeamShare] = []
    for year in sorted(totals):
        whole = sum(team[year, level] for level in TEAM_LEVELS)
        team_mix.extend(
            TeamShare(year, level, team[year, level], _rate(team[year, level], whole))
            for level in TEAM_LEVELS
        )
    order = {reason: i for i, reason in enumerate(EXIT_REASONS)}
    exit_counts = tuple(
        ExitCount(year, reason, count)
        for year, reason, count in sorted(exits, key=lambda e: (e[0], order.get(e[1], 99)))
    )
    return OrganisationIndicators(
        organisation=organisation,
        records_as_of=records_as_of,
        years=tuple(years),
        groups=groups,
        team_mix=tuple(team_mix),
        exits=exit_counts,
    )
