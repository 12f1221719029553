"""Forecast service: load scenarios (with base-year starters from the data hub), run, summarise.

This is the adapter between the store and the pure core: it reads first-year starters from the
data hub when the database holds them and falls back to the scenario file's values otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from krapte.datahub.core.records import Observation
from krapte.datahub.repository import UnknownDatasetError, fetch_observations
from krapte.forecast.core import scenarios
from krapte.forecast.core.model import FloatArray
from krapte.forecast.core.montecarlo import REGIONS, Band, Simulation, quantile_band, simulate
from krapte.forecast.core.parameters import Parameter, Scenario, ScenarioError, replace_parameter

STARTER_LEVELS: tuple[str, ...] = ("graduaat", "bachelor", "master")


class ForecastRequestError(ValueError):
    """A request the service cannot answer; the message is Dutch."""


@dataclass(frozen=True, slots=True)
class StoreStarters:
    """First-year starters per level read from the data hub: level -> (value, period)."""

    by_level: dict[str, tuple[float, str]]


def starters_from_observations(rows: Sequence[Observation]) -> StoreStarters:
    """Printed totals (institution "") of the latest year per level.

    The level total (programme "") wins; without it the programme totals are summed.
    """
    result: dict[str, tuple[float, str]] = {}
    for level in STARTER_LEVELS:
        totals = [row for row in rows if row.level == level and row.institution == ""]
        years = sorted({row.period for row in totals if row.year is not None})
        if not years:
            continue
        latest = [row for row in totals if row.period == years[-1]]
        level_total = [row for row in latest if row.programme == ""]
        chosen = level_total[:1] if level_total else latest
        result[level] = (sum(row.value for row in chosen), years[-1])
    return StoreStarters(by_level=result)


def read_store_starters(factory: sessionmaker[Session] | None) -> StoreStarters:
    """Starters from the store; empty when there is no store, no data or no table."""
    if factory is None:
        return StoreStarters(by_level={})
    try:
        with factory() as session:
            rows = fetch_observations(session, "studiestarters", measure="studiestarters")
    except (UnknownDatasetError, SQLAlchemyError):
        return StoreStarters(by_level={})
    return starters_from_observations(rows)


def apply_store_starters(scenario: Scenario, starters: StoreStarters) -> Scenario:
    """Replace the file's starters by the store's, keeping the relative range of the file.

    Parameters a policy scenario overrides itself are left alone.
    """
    for level, (value, period) in starters.by_level.items():
        name = f"studiestarters_{level}"
        if name in scenario.overrides or value <= 0:
            continue
        current = scenario.parameters[name]
        scale = value / current.value if current.value else 1.0
        scenario = replace_parameter(
            scenario,
            Parameter(
                name=name,
                value=value,
                low=current.low * scale,
                high=current.high * scale,
                unit=current.unit,
                source=f"datahub:studiestarters/studiestarters/{period}/{level} (uit de databank)",
                description=current.description,
            ),
        )
    return scenario


def load_scenarios(
    references: Sequence[str],
    factory: sessionmaker[Session] | None = None,
    *,
    years: tuple[int | None, int | None] = (None, None),
) -> list[Scenario]:
    """Load the named scenarios (baseline when none is named), with store starters applied."""
    starters = read_store_starters(factory)
    loaded: list[Scenario] = []
    for reference in references or [scenarios.BASELINE]:
        try:
            scenario = scenarios.load(reference)
            base_year, horizon = years
            if base_year is not None or horizon is not None:
                scenario = scenario.with_years(
                    base_year or scenario.base_year, horizon or scenario.horizon
                )
        except ScenarioError as exc:
            raise ForecastRequestError(str(exc)) from exc
        loaded.append(apply_store_starters(scenario, starters))
    return loaded


def run_scenarios(
    loaded: Sequence[Scenario], draws: int, seed: int, *, central: bool = False
) -> list[Simulation]:
    if draws < 1:
        raise ForecastRequestError("het aantal trekkingen (--draws) moet minstens 1 zijn")
    if seed < 0:
        raise ForecastRequestError("de startwaarde (--seed) mag niet negatief zijn")
    return [simulate(scenario, draws, seed, central=central) for scenario in loaded]


@dataclass(frozen=True, slots=True)
class YearRow:
    """One year of one scenario and region: every output as a band."""

    scenario: str
    region: str
    year: int
    outputs: dict[str, tuple[float, float, float]]  # output -> (p10, p50, p90)


def resolve_region(region: str) -> str:
    """The region as spelled in REGIONS (case-insensitive), or a Dutch error."""
    for known in REGIONS:
        if known.casefold() == region.strip().casefold():
            return known
    raise ForecastRequestError(f"onbekende provincie: {region!r} (kies uit {', '.join(REGIONS)})")


def year_rows(simulation: Simulation, region: str) -> list[YearRow]:
    region = resolve_region(region)
    bands = {name: simulation.band(name, region) for name in simulation.outputs}
    rows = []
    for index, year in enumerate(simulation.years):
        rows.append(
            YearRow(
                scenario=simulation.scenario.name,
                region=region,
                year=year,
                outputs={
                    name: (
                        float(band.p10[index]),
                        float(band.p50[index]),
                        float(band.p90[index]),
                    )
                    for name, band in bands.items()
                },
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class Comparison:
    """A scenario against the baseline in the horizon year (bands over draws)."""

    scenario: str
    title: str
    recommendations: tuple[str, ...]
    horizon: int
    gap: Band
    gap_closed: Band  # baseline gap minus scenario gap (per draw)
    gap_closed_pct: float  # median share of the baseline gap closed, percent
    extra_workers: Band  # scenario supply minus baseline supply
    care_workers_avoided: Band  # extra workers x 3 to 4 (recommendation 4)


def _last(values: FloatArray) -> FloatArray:
    result: FloatArray = values[:, -1, REGIONS.index("Vlaanderen")]
    return result


def compare(simulations: Sequence[Simulation]) -> list[Comparison]:
    """Compare every simulation with the baseline run (the first with name 'basis', else first).

    All runs must share draws and seed so that the comparison is per draw.
    """
    if not simulations:
        raise ForecastRequestError("geen scenario's om te vergelijken")
    base = next((s for s in simulations if s.scenario.name == scenarios.BASELINE), simulations[0])
    base_gap = _last(base.outputs["gap"])
    base_supply = _last(base.outputs["supply"])
    result = []
    for simulation in simulations:
        if simulation.draws != base.draws or simulation.seed != base.seed:
            raise ForecastRequestError("vergelijken vraagt dezelfde trekkingen en seed")
        if list(simulation.years) != list(base.years):
            raise ForecastRequestError(
                f"scenario '{simulation.scenario.name}' loopt van {simulation.years[0]} tot "
                f"{simulation.years[-1]}, het basisscenario van {base.years[0]} tot "
                f"{base.years[-1]}: vergelijk scenario's over dezelfde jaren"
            )
        gap = _last(simulation.outputs["gap"])
        extra = _last(simulation.outputs["supply"]) - base_supply
        closed = base_gap - gap
        median_base = float(np.median(base_gap))
        result.append(
            Comparison(
                scenario=simulation.scenario.name,
                title=simulation.scenario.title,
                recommendations=simulation.scenario.recommendations,
                horizon=simulation.years[-1],
                gap=quantile_band(gap[:, None]),
                gap_closed=quantile_band(closed[:, None]),
                gap_closed_pct=(
                    100.0 * float(np.median(closed)) / median_base if median_base > 0 else 0.0
                ),
                extra_workers=quantile_band(extra[:, None]),
                care_workers_avoided=quantile_band((extra * simulation.care_ratio)[:, None]),
            )
        )
    return result


def best_policy(comparisons: Sequence[Comparison]) -> Comparison | None:
    """The scenario (other than the baseline) that closes most of the gap (median)."""
    policies = [c for c in comparisons if c.scenario != scenarios.BASELINE]
    if not policies:
        return None
    return max(policies, key=lambda c: float(c.gap_closed.p50[0]))


#: Dutch labels of the outputs, for the command line and the web.
OUTPUT_LABELS: dict[str, str] = {
    "supply": "aanbod",
    "demand": "vraag",
    "gap": "tekort",
    "gap_pct": "tekort_pct",
    "hiring_need": "aanwervingsbehoefte",
    "expansion_need": "uitbreidingsvraag",
    "replacement_need": "vervangingsvraag",
    "replacement_55plus_pct": "vervanging_55plus_pct",
    "inflow": "instroom",
    "outflow": "uitstroom",
    "tension": "spanningsindicator",
}
