"""Indicators an action should move: a bundled catalogue of data hub series, and their trend.

``indicators.csv`` names each indicator by a key and says which figures of the data hub make its
series (dataset, measure and every dimension; an empty dimension means the printed total).
``indicator_links.csv`` links recommendations to indicators, with a note saying why. Actions link
to keys of the catalogue. Pure: the series is computed from observations the caller fetched
through the data hub's service.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import as_file
from pathlib import Path

import numpy as np

from krapte.actionplan.core.bundle import RECOMMENDATION_COUNT, data_dir
from krapte.datahub.core.records import Observation
from krapte.errors import InvalidInput, Problem
from krapte.tabular import read_table

INDICATORS = "indicators.csv"
INDICATOR_LINKS = "indicator_links.csv"
DIMENSIONS = ("geography", "institution", "programme", "level", "category")
INVALID = "de gebundelde indicatoren van het actieplan zijn ongeldig"


@dataclass(frozen=True, slots=True)
class Indicator:
    key: str
    label: str
    dataset: str
    measure: str
    geography: str = ""
    institution: str = ""
    programme: str = ""
    level: str = ""
    category: str = ""
    notes: str = ""

    def matches(self, observation: Observation) -> bool:
        return observation.measure == self.measure and all(
            getattr(observation, name) == getattr(self, name) for name in DIMENSIONS
        )


@dataclass(frozen=True, slots=True)
class IndicatorLink:
    recommendation: int
    indicator: str
    notes: str


@dataclass(frozen=True, slots=True)
class Catalogue:
    indicators: tuple[Indicator, ...]
    links: tuple[IndicatorLink, ...]

    def get(self, key: str) -> Indicator | None:
        for indicator in self.indicators:
            if indicator.key == key:
                return indicator
        return None

    def linked_to(self, recommendation: int) -> tuple[IndicatorLink, ...]:
        return tuple(link for link in self.links if link.recommendation == recommendation)

    def check_keys(self, keys: Iterable[str], field: str = "indicators") -> tuple[str, ...]:
        """``keys`` in order without repeats; InvalidInput naming any unknown key."""
        unique = tuple(dict.fromkeys(key.strip() for key in keys if key.strip()))
        unknown = [key for key in unique if self.get(key) is None]
        if unknown:
            known = ", ".join(indicator.key for indicator in self.indicators)
            raise InvalidInput.single(
                f"onbekende indicator(en): {', '.join(unknown)} (kies uit: {known})", field=field
            )
        return unique


@dataclass(frozen=True, slots=True)
class Point:
    period: str
    value: float


@dataclass(frozen=True, slots=True)
class Series:
    """An indicator's figures in the data hub, oldest period first, with their trend."""

    indicator: Indicator
    points: tuple[Point, ...]
    unit: str = ""
    source: str = ""
    ambiguous: tuple[str, ...] = ()
    """Periods where the data hub holds different values for the same figure (left out)."""

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def previous(self) -> Point | None:
        return self.points[-2] if len(self.points) > 1 else None

    @property
    def change(self) -> float | None:
        """Latest minus previous value (points for percentages), None with fewer than two."""
        if self.latest is None or self.previous is None:
            return None
        return self.latest.value - self.previous.value

    @property
    def trend(self) -> str:
        """ "stijgt", "daalt", "gelijk", or "" when there is no earlier figure."""
        change = self.change
        if change is None:
            return ""
        if np.isclose(change, 0.0):
            return "gelijk"
        return "stijgt" if change > 0 else "daalt"


def series(indicator: Indicator, observations: Sequence[Observation]) -> Series:
    """The indicator's series from the observations of its dataset (any measure, any version)."""
    by_period: dict[str, set[float]] = defaultdict(set)
    unit = source = ""
    for observation in observations:
        if observation.dataset == indicator.dataset and indicator.matches(observation):
            by_period[observation.period].add(round(observation.value, 9))
            unit, source = observation.unit, observation.source
    points = tuple(
        Point(period, next(iter(values)))
        for period, values in sorted(by_period.items())
        if len(values) == 1
    )
    ambiguous = tuple(sorted(period for period, values in by_period.items() if len(values) > 1))
    return Series(indicator, points, unit=unit, source=source, ambiguous=ambiguous)


# --- the bundled catalogue ----------------------------------------------------------------


def load_catalogue(folder: Path | None = None) -> Catalogue:
    """The catalogue in ``folder`` (default: bundled with krapte)."""
    if folder is not None:
        return _load(folder / INDICATORS, folder / INDICATOR_LINKS)
    bundled = data_dir()
    with (
        as_file(bundled / INDICATORS) as indicators,
        as_file(bundled / INDICATOR_LINKS) as links,
    ):
        return _load(indicators, links)


def _load(indicators_file: Path, links_file: Path) -> Catalogue:
    problems: list[Problem] = []
    table = read_table(indicators_file)
    problems.extend(table.missing(("key", "label", "dataset", "measure", *DIMENSIONS)))
    indicators: list[Indicator] = []
    if not problems:
        for index in np.flatnonzero(table.duplicates("key")).tolist():
            problems.append(table.problem(index, "key", "deze sleutel komt twee keer voor"))
        for column in ("key", "label", "dataset", "measure"):
            for index in np.flatnonzero(table.empty(column)).tolist():
                problems.append(table.problem(index, column, "mag niet leeg zijn"))
        columns = {name: table.texts(name) for name in Indicator.__slots__ if table.has(name)}
        indicators = [
            Indicator(**{name: values[index] for name, values in columns.items()})
            for index in range(len(table))
        ]
    keys = {indicator.key for indicator in indicators}
    links_table = read_table(links_file)
    missing = links_table.missing(("recommendation", "indicator", "notes"))
    problems.extend(missing)
    links: list[IndicatorLink] = []
    if not missing:
        numbers = links_table.integers("recommendation", 1, RECOMMENDATION_COUNT)
        targets, notes = links_table.texts("indicator"), links_table.texts("notes")
        for index in range(len(links_table)):
            if not numbers.valid[index]:
                problems.append(
                    links_table.problem(
                        index,
                        "recommendation",
                        f"geen aanbeveling van 1 tot {RECOMMENDATION_COUNT}",
                    )
                )
            elif targets[index] not in keys:
                problems.append(
                    links_table.problem(
                        index, "indicator", f"onbekende indicator '{targets[index]}'"
                    )
                )
            elif not notes[index].strip():
                problems.append(links_table.problem(index, "notes", "zeg waarom ze gekoppeld zijn"))
            else:
                links.append(
                    IndicatorLink(int(numbers.values[index]), targets[index], notes[index])
                )
    if problems:
        raise InvalidInput(problems, INVALID)
    return Catalogue(tuple(indicators), tuple(links))
