"""Year series from tidy observations, their aggregation to provinces and Flanders, summaries.

Pure: takes :class:`~krapte.datahub.core.records.Observation` records and plain mappings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from krapte.datahub.core.records import FLANDERS, Observation
from krapte.errors import InvalidInput
from krapte.indicators.core.maths import IndicatorError, cagr, growth_absolute, growth_percent

UNKNOWN_PROVINCE = "onbekend"


class Grouping(StrEnum):
    """How to cut a dataset into series (values in English, Dutch aliases in ``parse``)."""

    SERIES = "series"  # every printed series as is
    LEVEL = "level"  # printed totals per level
    PROGRAMME = "programme"  # printed totals per programme and level
    INSTITUTION = "institution"  # institution rows
    PROVINCE = "province"  # institution rows summed per province of the campus
    FLANDERS = "flanders"  # institution rows summed over Flanders

    @classmethod
    def parse(cls, text: str) -> Grouping:
        key = text.strip().lower()
        key = DUTCH_GROUPINGS.get(key, key)
        try:
            return cls(key)
        except ValueError:
            choices = ", ".join([*(g.value for g in cls), *DUTCH_GROUPINGS])
            raise InvalidInput.single(
                f"onbekende indeling {text!r}; kies uit: {choices}", field="indeling"
            ) from None


DUTCH_GROUPINGS = {
    "reeks": "series",
    "niveau": "level",
    "opleiding": "programme",
    "instelling": "institution",
    "provincie": "province",
    "vlaanderen": "flanders",
}


@dataclass(frozen=True)
class Series:
    label: tuple[str, ...]
    unit: str
    values: dict[int, float]


@dataclass(frozen=True)
class SeriesSummary:
    label: tuple[str, ...]
    unit: str
    values: dict[int, float]
    first_year: int
    last_year: int
    growth_absolute: float
    growth_percent: float | None
    cagr: float | None
    index_last: float | None


def _label(obs: Observation, grouping: Grouping, province_of: Mapping[str, str]) -> tuple[str, ...]:
    if grouping is Grouping.LEVEL:
        return (obs.level,)
    if grouping is Grouping.PROGRAMME:
        return (obs.level, obs.programme)
    if grouping is Grouping.INSTITUTION:
        return (obs.level, obs.programme, obs.institution)
    if grouping is Grouping.PROVINCE:
        return (obs.level, obs.programme, province_of.get(obs.institution, UNKNOWN_PROVINCE))
    if grouping is Grouping.FLANDERS:
        return (obs.level, obs.programme, FLANDERS)
    parts = (obs.geography, obs.level, obs.programme, obs.institution, obs.category, obs.table)
    return tuple(part for part in parts if part)


def _selected(obs: Observation, grouping: Grouping) -> bool:
    if grouping is Grouping.LEVEL:
        return not obs.institution and not obs.programme and bool(obs.level)
    if grouping is Grouping.PROGRAMME:
        return not obs.institution and bool(obs.programme)
    if grouping in (Grouping.INSTITUTION, Grouping.PROVINCE, Grouping.FLANDERS):
        return bool(obs.institution)
    return True


def build_series(
    observations: Iterable[Observation],
    grouping: Grouping = Grouping.SERIES,
    province_of: Mapping[str, str] | None = None,
    years: tuple[int | None, int | None] = (None, None),
) -> list[Series]:
    """Cut observations into year series; institution rows are summed for provinces/Flanders.

    A figure the report prints in several tables is taken once per grouping (from the table that
    sorts first); the data checks report such copies when they disagree.
    """
    province_of = province_of or {}
    low, high = years
    summing = grouping in (Grouping.PROVINCE, Grouping.FLANDERS)
    seen: dict[tuple[tuple[str, ...], int, str], str] = {}
    sums: dict[tuple[str, ...], dict[int, float]] = defaultdict(lambda: defaultdict(float))
    units: dict[tuple[str, ...], str] = {}
    for obs in sorted(observations, key=lambda o: (o.table, o.key)):
        year = obs.year
        if year is None or not _selected(obs, grouping):
            continue
        if (low is not None and year < low) or (high is not None and year > high):
            continue
        label = _label(obs, grouping, province_of)
        own = (label if not summing else (*label, obs.institution), year, obs.measure)
        if own in seen and seen[own] != obs.table:
            continue  # the same figure from a second printed table
        seen[own] = obs.table
        sums[label][year] = sums[label][year] + obs.value if summing else obs.value
        units[label] = obs.unit
    return [
        Series(label=label, unit=units[label], values=dict(sorted(values.items())))
        for label, values in sorted(sums.items())
    ]


def summarise(series: Series) -> SeriesSummary:
    """Growth, CAGR and index (first year = 100) between the first and the last year."""
    years = sorted(series.values)
    first, last = years[0], years[-1]
    start, end = series.values[first], series.values[last]
    pct = cagr_value = index_last = None
    try:
        pct = growth_percent(start, end)
        index_last = end / start * 100.0
        if last > first:
            cagr_value = cagr(start, end, last - first)
    except IndicatorError:
        pass
    return SeriesSummary(
        label=series.label,
        unit=series.unit,
        values=series.values,
        first_year=first,
        last_year=last,
        growth_absolute=growth_absolute(start, end),
        growth_percent=pct,
        cagr=cagr_value,
        index_last=index_last,
    )


def summarise_all(series: Sequence[Series]) -> list[SeriesSummary]:
    return [summarise(s) for s in series if s.values]
