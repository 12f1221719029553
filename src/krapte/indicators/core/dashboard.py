"""The dashboard's key figures and province view, computed from tidy observations (pure).

A key figure is one series of the data hub (a level's enrolments, a growth figure, the share of
workable jobs) with its latest value, the change over the previous period and its source. Which
figures the dashboard shows is data (:data:`KEY_FIGURES`); the maths is here, the reading of the
store in :mod:`krapte.indicators.service`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from krapte.datahub.core.records import FLANDERS, Observation
from krapte.indicators.core.maths import IndicatorError, growth_percent
from krapte.indicators.core.series import UNKNOWN_PROVINCE, Grouping, build_series
from krapte.indicators.core.tension import TensionRow

Kind = Literal["trend", "comparison"]
#: The levels of the programmes, in the order the report presents them.
LEVELS: tuple[str, ...] = ("graduaat", "bachelor", "master")
#: How a level's yearly total was obtained (shown in the card's footnote).
PRINTED_TOTAL = "gedrukt totaal van het rapport"
SUM_OF_PROGRAMMES = "som van de opleidingen"
SUM_OF_INSTITUTIONS = "som van de instellingen"


@dataclass(frozen=True)
class CardSpec:
    """Which series a dashboard card shows; ``level`` cuts by level, ``category`` by category."""

    key: str
    title: str
    dataset: str
    measure: str
    level: str = ""
    category: str = ""
    kind: Kind = "trend"


#: The dashboard's cards, in the order they appear. A card whose data is absent is left out.
KEY_FIGURES: tuple[CardSpec, ...] = (
    *(
        CardSpec(f"inschrijvingen-{level}", f"Inschrijvingen {level}", "inschrijvingen",
                 "inschrijvingen", level=level)
        for level in LEVELS
    ),
    *(
        CardSpec(f"studiestarters-{level}", f"Studiestarters {level}", "studiestarters",
                 "studiestarters", level=level)
        for level in LEVELS
    ),
    CardSpec(
        "tewerkstelling-groei",
        "Groei van de tewerkstelling",
        "tewerkstelling",
        "tewerkstelling_groei",
        category="sociaal en maatschappelijk werkers - Vlaamse arbeidsmarkt",
        kind="comparison",
    ),
    CardSpec(
        "werkzoekenden",
        "Werkzoekenden voor de sociale sector",
        "werkzoekenden_vacatures",
        "werkzoekenden",
        category="maatschappelijk werker",
    ),
    CardSpec(
        "werkbare-jobs", "Werkbare jobs in zorg en welzijn", "werkbaarheid", "werkbare_jobs",
        category="sector",
    ),
    CardSpec(
        "werkstress", "Werkstress in zorg en welzijn", "werkbaarheid", "werkstress",
        category="sector",
    ),
)  # fmt: skip


@dataclass(frozen=True)
class Point:
    """One value of a figure: a period (``2024``, ``2025-04``) or a category, and its value."""

    label: str
    value: float


@dataclass(frozen=True)
class KeyFigure:
    """A dashboard card: the series, its latest value, the change and where it comes from."""

    key: str
    title: str
    dataset: str
    measure: str
    unit: str
    kind: Kind
    points: tuple[Point, ...]
    """A trend: periods in order. A comparison: the headline category first, then the others."""
    period: str
    """The period of the headline value (a comparison's period, e.g. ``2014-2023``)."""
    level: str = ""
    category: str = ""
    source: str = ""
    section: str = ""
    derivation: str = ""

    @property
    def latest(self) -> Point:
        return self.points[-1] if self.kind == "trend" else self.points[0]

    @property
    def previous(self) -> Point | None:
        return self.points[-2] if self.kind == "trend" and len(self.points) > 1 else None

    @property
    def change(self) -> float | None:
        """Latest minus previous value (percentage points for a percentage)."""
        previous = self.previous
        return None if previous is None else self.latest.value - previous.value

    @property
    def change_percent(self) -> float | None:
        previous = self.previous
        if previous is None:
            return None
        try:
            return growth_percent(previous.value, self.latest.value)
        except IndicatorError:
            return None


@dataclass(frozen=True)
class ProvinceFigure:
    """The sum over the institutions (campuses) of one province, for one level and year."""

    dataset: str
    province: str
    level: str
    year: int
    value: float


def _first_per_period(rows: Iterable[Observation]) -> dict[str, Observation]:
    """One observation per period: a figure printed in several tables counts once."""
    chosen: dict[str, Observation] = {}
    for obs in sorted(rows, key=lambda o: (o.table, o.key)):
        chosen.setdefault(obs.period, obs)
    return chosen


def level_trend(
    observations: Sequence[Observation], measure: str, level: str
) -> tuple[dict[int, float], str]:
    """A level's yearly total and how it was obtained.

    The printed level total when the report has one; otherwise the sum of the printed programme
    totals (on the years every programme has), otherwise the sum of the institution rows.
    """
    rows = [obs for obs in observations if obs.measure == measure and obs.level == level]
    for series in build_series(rows, Grouping.LEVEL):
        if series.label == (level,):
            return series.values, PRINTED_TOTAL
    programmes = build_series(rows, Grouping.PROGRAMME)
    if programmes:
        years = set.intersection(*(set(s.values) for s in programmes))
        if years:
            totals = {y: sum(s.values[y] for s in programmes) for y in sorted(years)}
            return totals, SUM_OF_PROGRAMMES
    summed: dict[int, float] = defaultdict(float)
    for series in build_series(rows, Grouping.FLANDERS):
        for year, value in series.values.items():
            summed[year] += value
    return dict(sorted(summed.items())), SUM_OF_INSTITUTIONS


def key_figure(spec: CardSpec, observations: Sequence[Observation]) -> KeyFigure | None:
    """The card of ``spec`` from its dataset's observations; None when the data lack it."""
    rows = [obs for obs in observations if obs.measure == spec.measure]
    derivation = ""
    if spec.level:
        values, derivation = level_trend(rows, spec.measure, spec.level)
        rows = [obs for obs in rows if obs.level == spec.level]
        points = tuple(Point(str(year), value) for year, value in values.items())
    elif spec.kind == "comparison":
        period_rows = [obs for obs in rows if obs.category == spec.category]
        if not period_rows:
            return None
        period = period_rows[0].period
        same = [obs for obs in rows if obs.period == period and obs.geography == FLANDERS]
        by_category: dict[str, Observation] = {}
        for obs in sorted(same, key=lambda o: (o.category != spec.category, o.table, o.key)):
            by_category.setdefault(obs.category, obs)
        points = tuple(Point(obs.category, obs.value) for obs in by_category.values())
        rows = [by_category[spec.category]]
    else:
        rows = [
            obs
            for obs in rows
            if obs.category == spec.category and obs.geography == FLANDERS and not obs.institution
        ]
        chosen = _first_per_period(rows)
        points = tuple(Point(period, chosen[period].value) for period in sorted(chosen))
    if not points or not rows:
        return None
    first = rows[0]
    return KeyFigure(
        key=spec.key,
        title=spec.title,
        dataset=spec.dataset,
        measure=spec.measure,
        unit=first.unit,
        kind=spec.kind,
        points=points,
        period=first.period if spec.kind == "comparison" else points[-1].label,
        level=spec.level,
        category=spec.category,
        source=first.source,
        section=first.section,
        derivation=derivation,
    )


def tension_figure(rows: Sequence[TensionRow], dataset: str) -> KeyFigure | None:
    """The tension ratio of Flanders over time (the first category), when vacancies are known."""
    flanders = [row for row in rows if row.geography == FLANDERS]
    if not flanders:
        return None
    category = sorted(row.category for row in flanders)[0]
    points = tuple(
        Point(row.period, row.ratio)
        for row in sorted(flanders, key=lambda r: r.period)
        if row.category == category
    )
    return KeyFigure(
        key="spanningsratio",
        title="Spanningsratio",
        dataset=dataset,
        measure="werkzoekenden",
        unit="ratio",
        kind="trend",
        points=points,
        period=points[-1].label,
        category=category,
        source="VDAB",
        derivation="werkzoekenden per openstaande vacature",
    )


def province_figures(
    dataset: str, observations: Iterable[Observation], province_of: Mapping[str, str]
) -> list[ProvinceFigure]:
    """Institution rows summed per province (of the campus), level and year, every programme."""
    totals: dict[tuple[str, str, str, int], float] = defaultdict(float)
    for series in build_series(observations, Grouping.PROVINCE, province_of):
        level, _programme, province = series.label
        for year, value in series.values.items():
            totals[(dataset, province, level, year)] += value
    return [
        ProvinceFigure(dataset, province, level, year, value)
        for (dataset, province, level, year), value in sorted(totals.items(), key=_province_order)
    ]


def _province_order(item: tuple[tuple[str, str, str, int], float]) -> tuple[object, ...]:
    dataset, province, level, year = item[0]
    rank = LEVELS.index(level) if level in LEVELS else len(LEVELS)
    return (dataset, province == UNKNOWN_PROVINCE, province, rank, level, year)


def latest_year_per_level(figures: Sequence[ProvinceFigure], dataset: str) -> dict[str, int]:
    """The newest year each level of ``dataset`` has in the province view."""
    latest: dict[str, int] = {}
    for figure in figures:
        if figure.dataset == dataset:
            latest[figure.level] = max(latest.get(figure.level, figure.year), figure.year)
    return {level: latest[level] for level in sorted(latest, key=_level_rank)}


def _level_rank(level: str) -> tuple[int, str]:
    return (LEVELS.index(level) if level in LEVELS else len(LEVELS), level)


@dataclass(frozen=True)
class ProvinceColumn:
    dataset: str
    level: str
    year: int


@dataclass(frozen=True)
class ProvinceRow:
    province: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class ProvinceTable:
    """Provinces × (dataset, level) at each level's latest year, with the column totals."""

    columns: tuple[ProvinceColumn, ...]
    rows: tuple[ProvinceRow, ...]

    @property
    def totals(self) -> tuple[float, ...]:
        return tuple(
            sum(value for row in self.rows if (value := row.values[i]) is not None)
            for i in range(len(self.columns))
        )


def province_table(figures: Sequence[ProvinceFigure], datasets: Sequence[str]) -> ProvinceTable:
    """The province view as people read it: one row per province, one column per level."""
    columns = tuple(
        ProvinceColumn(dataset, level, year)
        for dataset in datasets
        for level, year in latest_year_per_level(figures, dataset).items()
    )
    values = {(f.dataset, f.province, f.level, f.year): f.value for f in figures}
    provinces = sorted({f.province for f in figures}, key=lambda p: (p == UNKNOWN_PROVINCE, p))
    rows = tuple(
        ProvinceRow(
            province,
            tuple(values.get((c.dataset, province, c.level, c.year)) for c in columns),
        )
        for province in provinces
    )
    return ProvinceTable(columns, rows)
