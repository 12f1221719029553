"""Pure records of the data explorer: the tables a selection gives, and the filter choices.

The repository fills these from SQL (a page at a time, never every row); pages, downloads and the
JSON API render them.
"""

from __future__ import annotations

from dataclasses import dataclass

from krapte.datahub.core.records import Observation

#: Most period columns the wide table shows (the latest ones of the selection).
MAX_WIDE_PERIODS = 10

#: Dimensions of a row of the wide table (everything that says what a figure is about but the
#: period, and the unit).
WIDE_KEYS: tuple[str, ...] = (
    "measure",
    "geography",
    "institution",
    "programme",
    "level",
    "category",
    "unit",
)


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure of the long table: the observation and the province it counts for."""

    observation: Observation
    province: str

    def as_row(self) -> dict[str, str | float]:
        return {**self.observation.as_row(), "province": self.province}


@dataclass(frozen=True, slots=True)
class Cell:
    """One period of a wide row. ``low``/``high`` differ when printed tables disagree."""

    low: float
    high: float

    @property
    def disputed(self) -> bool:
        return self.low != self.high


@dataclass(frozen=True, slots=True)
class WideRow:
    """A row as the report prints it: its dimensions, and a cell per period (None: no figure)."""

    keys: dict[str, str]
    cells: tuple[Cell | None, ...]

    @property
    def is_total(self) -> bool:
        """A printed total: a row about no single institution (or programme) in a table of them."""
        return self.keys["institution"] == "" or self.keys["programme"] == ""


@dataclass(frozen=True, slots=True)
class GroupRow:
    """A sum of counts for one combination of the grouped dimensions."""

    keys: dict[str, str]
    total: float
    figures: int

    def as_row(self) -> dict[str, str | float | int]:
        return {**self.keys, "value": self.total, "figures": self.figures}


@dataclass(frozen=True, slots=True)
class Aggregation:
    """The sums of a grouped selection, and what was left out to avoid counting twice."""

    rows: tuple[GroupRow, ...]
    total_groups: int
    left_out: tuple[str, ...] = ()
    """Dimensions whose printed totals (empty value) were left out of the sums."""
    disputed: int = 0
    """Figures printed with different values in two tables (the highest value was summed)."""


@dataclass(frozen=True, slots=True)
class WideTable:
    """A page of the wide table: rows, the period columns and the column totals if they add up."""

    periods: tuple[str, ...]
    rows: tuple[WideRow, ...]
    total_rows: int
    hidden_periods: int = 0
    """Periods of the selection not shown (the table shows the latest :data:`MAX_WIDE_PERIODS`)."""
    totals: tuple[float | None, ...] | None = None
    """Sum per period over the whole selection, when its figures can be added up."""


@dataclass(frozen=True, slots=True)
class Choices:
    """The values each filter can take in one version of a dataset."""

    measures: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()
    geographies: tuple[str, ...] = ()
    institutions: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, list[str]]:
        return {
            "measure": list(self.measures),
            "period": list(self.periods),
            "geography": list(self.geographies),
            "institution": list(self.institutions),
            "programme": list(self.programmes),
            "level": list(self.levels),
            "province": list(self.provinces),
            "category": list(self.categories),
        }
