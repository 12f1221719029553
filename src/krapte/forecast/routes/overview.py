"""What the forecast pages show, with every figure already written the Flemish way.

The published forecast changes only with the data, so each view is built once per forecast,
selection and region (:func:`functools.lru_cache`, keyed on the forecast's identity) and the
pages only fill their templates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

from krapte.forecast.cache import ScenarioSet
from krapte.forecast.charts import colour
from krapte.forecast.core import scenarios
from krapte.forecast.core.montecarlo import REGIONS
from krapte.forecast.core.parameters import Scenario
from krapte.forecast.published import ComparisonRow, Projection, PublishedForecast
from krapte.forecast.results import Triple, parameter_rows, resolve_region
from krapte.forecast.views import RUN_OUTPUTS
from krapte.formatting import number, percent
from krapte.web.i18n import translations

#: Views kept per process (a view is a few kB).
KEPT_VIEWS = 128


def figure(value: float, decimals: int = 0) -> str:
    """A figure as a page shows it (``12.345``, ``39,9``); ``–`` where there is none."""
    if math.isnan(value):
        return "–"
    return number(round(value, decimals) if decimals else round(value), decimals)


@dataclass(frozen=True, slots=True)
class Cell:
    """A band in a table: the median, and the 80% band under it (``p10 – p90``)."""

    median: str
    band: str

    @classmethod
    def of(cls, triple: Triple, decimals: int = 0) -> Cell:
        p10, p50, p90 = triple
        if math.isnan(p50):
            return cls("–", "")
        return cls(figure(p50, decimals), f"{figure(p10, decimals)} – {figure(p90, decimals)}")


@dataclass(frozen=True, slots=True)
class Choice:
    """A scenario in the form: name, Dutch title, colour, and whether it is shown."""

    name: str
    title: str
    description: str
    colour: str
    checked: bool
    baseline: bool


@dataclass(frozen=True, slots=True)
class ComparedScenario:
    name: str
    title: str
    colour: str
    gap: tuple[Cell, ...]  # per key year
    gap_closed: Cell
    gap_closed_pct: str
    hiring_need: Cell
    expansion_need: Cell
    replacement_need: Cell


def compared(row: ComparisonRow) -> ComparedScenario:
    return ComparedScenario(
        name=row.scenario,
        title=row.title,
        colour=colour(row.scenario),
        gap=tuple(Cell.of(band) for _, band in row.gap),
        gap_closed=Cell.of(row.gap_closed),
        gap_closed_pct=percent(row.gap_closed_pct, 1),
        hiring_need=Cell.of(row.hiring_need),
        expansion_need=Cell.of(row.expansion_need),
        replacement_need=Cell.of(row.replacement_need),
    )


@dataclass(frozen=True, slots=True)
class Overview:
    """The overview page: the form, the comparison, and the tables under both charts."""

    choices: tuple[Choice, ...]
    shown: tuple[Choice, ...]
    region: str
    regions: tuple[str, ...]
    key_years: tuple[int, ...]
    first_year: int
    horizon: int
    comparison: tuple[ComparedScenario, ...]
    gap_years: tuple[tuple[int, tuple[Cell, ...]], ...]
    hiring_years: tuple[tuple[int, tuple[tuple[str, str], ...]], ...]
    query: str  # the selection as a query string, for the charts and the download
    api_query: str  # the same for the API (English names)


def selection_query(names: list[str], region: str, region_key: str = "regio") -> str:
    return urlencode([*(("scenario", name) for name in names), (region_key, region)])


@lru_cache(maxsize=KEPT_VIEWS)
def overview(published: PublishedForecast, names: tuple[str, ...], region: str) -> Overview:
    region = resolve_region(region)
    projections = published.select(names)
    shown = {projection.scenario.name for projection in projections}
    choices = tuple(
        Choice(
            name=p.scenario.name,
            title=p.scenario.title,
            description=p.scenario.description,
            colour=colour(p.scenario.name),
            checked=p.scenario.name in shown,
            baseline=p.scenario.name == scenarios.BASELINE,
        )
        for p in published.projections
    )
    years = projections[0].years

    def at(projection: Projection, output: str, index: int) -> Triple:
        return projection.rows[region][index].outputs[output]

    return Overview(
        choices=choices,
        shown=tuple(choice for choice in choices if choice.checked),
        region=region,
        regions=REGIONS,
        key_years=published.key_years,
        first_year=years[1],
        horizon=years[-1],
        comparison=tuple(compared(row) for row in published.comparison(names, region)),
        gap_years=tuple(
            (year, tuple(Cell.of(at(p, "gap", index)) for p in projections))
            for index, year in enumerate(years)
        ),
        hiring_years=tuple(
            (
                year,
                tuple(
                    (
                        figure(at(p, "expansion_need", index)[1]),
                        figure(at(p, "replacement_need", index)[1]),
                    )
                    for p in projections
                ),
            )
            for index, year in enumerate(years)
            if index > 0
        ),
        query=selection_query([p.scenario.name for p in projections], region),
        api_query=selection_query([p.scenario.name for p in projections], region, "region"),
    )


@dataclass(frozen=True, slots=True)
class OutputColumn:
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class Detail:
    """One scenario's page: what it changes, and every output per year as bands."""

    scenario: Scenario
    colour: str
    region: str
    regions: tuple[str, ...]
    columns: tuple[OutputColumn, ...]
    years: tuple[tuple[int, tuple[Cell, ...]], ...]
    comparison: ComparedScenario
    query: str


@lru_cache(maxsize=KEPT_VIEWS)
def detail(published: PublishedForecast, name: str, region: str) -> Detail:
    region = resolve_region(region)
    projection = published.projection(name)
    rows = projection.rows[region]
    own = next(row for row in published.comparison([name], region) if row.scenario == name)
    return Detail(
        scenario=projection.scenario,
        colour=colour(name),
        region=region,
        regions=REGIONS,
        columns=tuple(
            OutputColumn(key, translations().gettext(label)) for key, label, _ in RUN_OUTPUTS
        ),
        years=tuple(
            (
                row.year,
                tuple(Cell.of(row.outputs[key], decimals) for key, _, decimals in RUN_OUTPUTS),
            )
            for row in rows
        ),
        comparison=compared(own),
        query=selection_query([name], region),
    )


def parameter_figure(value: float) -> str:
    """A parameter's value: three decimals for shares and rates, whole numbers otherwise."""
    return figure(value, 3) if abs(value) < 10 else figure(value)


@dataclass(frozen=True, slots=True)
class ParameterLine:
    """One parameter as the parameters page shows it."""

    name: str
    description: str
    value: str
    low: str
    high: str
    unit: str
    changed: bool
    provenance_kind: str
    provenance: str
    start_year: int | None
    ramp_years: int | None


@lru_cache(maxsize=KEPT_VIEWS)
def parameter_lines(loaded: ScenarioSet, name: str) -> tuple[ParameterLine, ...]:
    """The parameters of one scenario of the set, as the pages show them."""
    scenario = loaded.find(name)
    return tuple(
        ParameterLine(
            name=row.name,
            description=scenario.parameters[row.name].description,
            value=parameter_figure(row.value),
            low=parameter_figure(row.low),
            high=parameter_figure(row.high),
            unit=row.unit,
            changed=row.changed,
            provenance_kind=row.provenance_kind,
            provenance=row.provenance,
            start_year=row.start_year,
            ramp_years=row.ramp_years,
        )
        for row in parameter_rows(scenario)
    )
