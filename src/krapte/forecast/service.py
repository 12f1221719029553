"""Use cases of the forecast: run scenarios, compare them, list their parameters, rank what matters.

The command line (and later the web) calls these. Each takes the names of scenarios and, where the
data hub's starters may apply, a way to open the store (:mod:`krapte.forecast.loading`), and
returns a typed result (:mod:`krapte.forecast.results`); every error is one of
:mod:`krapte.errors`, in Dutch, naming the field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from krapte.datahub.core.records import FLANDERS
from krapte.errors import InvalidInput
from krapte.forecast.core import scenarios
from krapte.forecast.core.inputs import ForecastData
from krapte.forecast.core.montecarlo import Simulation, simulate
from krapte.forecast.core.parameters import Scenario
from krapte.forecast.core.sensitivity import Sensitivity, analyse
from krapte.forecast.loading import OpenStore, load_scenarios
from krapte.forecast.results import (
    Comparison,
    ParameterRow,
    YearRow,
    best_policy,
    compare,
    parameter_rows,
    resolve_region,
    year_rows,
)
from krapte.metrics import measured


@measured("forecast")
def run_scenarios(
    loaded: Sequence[Scenario],
    draws: int,
    seed: int,
    *,
    central: bool = False,
    data: ForecastData | None = None,
) -> list[Simulation]:
    if draws < 1:
        raise InvalidInput.single("moet minstens 1 zijn", field="aantal trekkingen")
    if seed < 0:
        raise InvalidInput.single("mag niet negatief zijn", field="startwaarde")
    return [simulate(scenario, draws, seed, central=central, data=data) for scenario in loaded]


@dataclass(frozen=True, slots=True)
class ForecastRun:
    """Scenarios run for one region: their years as bands, and the runs themselves (charts)."""

    region: str
    draws: int
    simulations: list[Simulation]
    years: list[list[YearRow]]  # per scenario, in the order asked
    starters_note: str


def run_forecast(
    references: Sequence[str],
    open_store: OpenStore | None = None,
    *,
    draws: int = 2000,
    seed: int = 0,
    province: str = FLANDERS,
    base_year: int | None = None,
    horizon: int | None = None,
) -> ForecastRun:
    """Run the named scenarios (the baseline when none is named) for Flanders or a province."""
    loaded = load_scenarios(references, open_store, base_year=base_year, horizon=horizon)
    region = resolve_region(province)
    simulations = run_scenarios(loaded.scenarios, draws, seed, data=loaded.data)
    return ForecastRun(
        region=region,
        draws=draws,
        simulations=simulations,
        years=[year_rows(simulation, region) for simulation in simulations],
        starters_note=loaded.starters_note,
    )


@dataclass(frozen=True, slots=True)
class ScenarioComparison:
    """Every scenario against the baseline in the horizon year, and the one closing most."""

    draws: int
    comparisons: list[Comparison]
    best: Comparison | None
    starters_note: str


def compare_scenarios(
    references: Sequence[str],
    open_store: OpenStore | None = None,
    *,
    draws: int = 2000,
    seed: int = 0,
) -> ScenarioComparison:
    """Compare the named scenarios (default: every built-in one) with the baseline, per draw."""
    names = list(references or scenarios.builtin_names())
    if scenarios.BASELINE not in names:
        names.insert(0, scenarios.BASELINE)
    loaded = load_scenarios(names, open_store)
    comparisons = compare(run_scenarios(loaded.scenarios, draws, seed, data=loaded.data))
    return ScenarioComparison(
        draws=draws,
        comparisons=comparisons,
        best=best_policy(comparisons),
        starters_note=loaded.starters_note,
    )


@dataclass(frozen=True, slots=True)
class ScenarioParameters:
    """One scenario and its parameters: value, range, unit and provenance."""

    scenario: Scenario
    rows: list[ParameterRow]


def scenario_parameters(
    references: Sequence[str], open_store: OpenStore | None = None
) -> list[ScenarioParameters]:
    """The parameters of the named scenarios (default: the baseline), with the store's data."""
    loaded = load_scenarios(references, open_store)
    return [ScenarioParameters(scenario, parameter_rows(scenario)) for scenario in loaded.scenarios]


def sensitivity(
    references: Sequence[str],
    open_store: OpenStore | None = None,
    *,
    samples: int = 512,
    seed: int = 0,
) -> tuple[Scenario, Sensitivity]:
    """Sobol' indices of every uncertain parameter of one scenario (default: the baseline)."""
    if len(references) > 1:
        raise InvalidInput.single("kies één scenario", field="scenario")
    if samples < 16:
        raise InvalidInput.single("moet minstens 16 zijn", field="steekproef")
    if seed < 0:
        raise InvalidInput.single("mag niet negatief zijn", field="startwaarde")
    loaded = load_scenarios(references, open_store)
    scenario = loaded.scenarios[0]
    return scenario, analyse(scenario, samples, seed, data=loaded.data)
