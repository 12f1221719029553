"""Forecast service: load scenarios (with base-year starters from the data hub), run, summarise.

The adapter between the store and the pure core. It reads first-year starters from the data hub
through the data hub's service when the store holds them, and falls back to the values in the
scenario files otherwise (it never creates a store). Every result is a typed dataclass; every
error is one of :mod:`krapte.errors`, in Dutch, naming the field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

import numpy as np

from krapte.datahub.core.records import Observation
from krapte.db.uow import UnitOfWork
from krapte.errors import InvalidInput, NotFound, NotInitialised
from krapte.forecast.core import scenarios
from krapte.forecast.core.inputs import (
    ForecastData,
    bundled_data,
    bundled_starters,
    forecast_data,
    institution_provinces,
)
from krapte.forecast.core.model import FloatArray
from krapte.forecast.core.montecarlo import REGIONS, Band, Simulation, quantile_band, simulate
from krapte.forecast.core.parameters import Parameter, Scenario, replace_parameter
from krapte.forecast.core.provenance import REPORT, SIMULATION, Provenance
from krapte.forecast.core.sensitivity import Sensitivity, analyse

STARTER_LEVELS: tuple[str, ...] = ("graduaat", "bachelor", "master")
#: The last year the inputs support (population projections, see docs/forecast.md).
LAST_SUPPORTED_YEAR = 2040
#: A unit of work on the store, opened on demand (``Container.unit_of_work``).
OpenStore = Callable[[], UnitOfWork]


@dataclass(frozen=True, slots=True)
class StoreStarters:
    """First-year starters per level read from the data hub: level -> (value, period)."""

    by_level: dict[str, tuple[float, str]]
    years: tuple[int, ...] = ()
    note: str = ""
    data: ForecastData | None = None  # inputs from the store's data (None: bundled data)


def starters_from_observations(
    rows: Sequence[Observation], year: int | None = None
) -> StoreStarters:
    """Printed totals (institution "") of ``year`` (default: the latest year) per level.

    The level total (programme "") wins; without it the programme totals are summed.
    """
    result: dict[str, tuple[float, str]] = {}
    for level in STARTER_LEVELS:
        totals = [row for row in rows if row.level == level and row.institution == ""]
        years = sorted({row.period for row in totals if row.year is not None})
        if year is not None:
            years = [period for period in years if period == str(year)]
        if not years:
            continue
        latest = [row for row in totals if row.period == years[-1]]
        level_total = [row for row in latest if row.programme == ""]
        chosen = level_total[:1] if level_total else latest
        result[level] = (sum(row.value for row in chosen), years[-1])
    years_found = sorted({row.year for row in rows if row.year is not None})
    return StoreStarters(by_level=result, years=tuple(years_found))


FILE_ONLY = "Studiestarters uit de scenariobestanden: de databank is nog niet ingericht."
NO_DATASET = (
    "Studiestarters uit de scenariobestanden: de databank heeft geen dataset studiestarters."
)
FROM_STORE = "Studiestarters uit de databank (dataset studiestarters)."


def read_store_starters(open_store: OpenStore | None, year: int | None = None) -> StoreStarters:
    """Starters from the store through the data hub's service; empty (with a note) without.

    With starters in the store, the province shares of graduates also come from the store's
    per-school figures (master: the store's enrolments, else the bundled ones).
    """
    if open_store is None:
        return StoreStarters(by_level={}, note=FILE_ONLY)
    from krapte.datahub import service as datahub

    try:
        with open_store() as uow:
            rows = datahub.observations(uow, "studiestarters", measure="studiestarters")
            try:
                enrolments = datahub.observations(uow, "inschrijvingen")
            except NotFound:
                enrolments = []
    except NotInitialised:
        return StoreStarters(by_level={}, note=FILE_ONLY)
    except NotFound:
        return StoreStarters(by_level={}, note=NO_DATASET)
    found = starters_from_observations(rows, year)
    bundled = bundled_data()
    try:
        data = forecast_data(
            rows, enrolments, institution_provinces(), bundled.population, fallback=bundled
        )
    except ValueError:
        data = None  # the store lacks per-school figures: the bundled shares are used
    return StoreStarters(by_level=found.by_level, years=found.years, note=FROM_STORE, data=data)


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
                provenance=Provenance(
                    REPORT,
                    (
                        ("section", "4.1.1"),
                        ("datahub", f"studiestarters/studiestarters/{period}/{level}"),
                        ("reasoning", "uit de databank"),
                    ),
                ),
                description=current.description,
            ),
        )
    return scenario


#: Years for which the bundled data (and so the scenario files) hold first-year starters.
BUNDLED_STARTER_YEARS: tuple[int, ...] = (2021, 2022, 2023, 2024)


def check_years(base_year: int | None, horizon: int | None, data_years: Sequence[int]) -> None:
    """Refuse a base year without data and a horizon the inputs do not support (Dutch)."""
    years = sorted(set(data_years) or set(BUNDLED_STARTER_YEARS))
    if base_year is not None and base_year not in years:
        raise InvalidInput.single(
            f"de datahub heeft geen studiestarters voor {base_year} "
            f"(wel voor {years[0]}–{years[-1]})",
            field="basisjaar",
        )
    if horizon is not None and horizon > LAST_SUPPORTED_YEAR:
        raise InvalidInput.single(
            f"{horizon} ligt voorbij {LAST_SUPPORTED_YEAR}, het laatste jaar dat de invoer "
            "(bevolkingsvooruitzichten) draagt",
            field="horizon",
        )


@dataclass(frozen=True, slots=True)
class LoadedScenarios:
    """Scenarios ready to run, the data-derived inputs, and where the starters come from."""

    scenarios: list[Scenario]
    starters_note: str
    data: ForecastData | None = None


#: The year the stock parameter (werkenden_basisjaar) refers to.
STOCK_YEAR = 2024


def rebase(scenario: Scenario, base_year: int, starters: StoreStarters) -> Scenario:
    """The scenario re-based on ``base_year``: that year's starters, and the stock moved along
    the calibration target's growth path (the stock parameter refers to 2024)."""
    found = starters
    if not found.by_level:
        found = starters_from_observations(bundled_starters(), base_year)
    scenario = apply_store_starters(scenario, found)
    if base_year == STOCK_YEAR:
        return scenario
    stock = scenario.parameters["werkenden_basisjaar"]
    target = scenario.value("kalibratie_groei_2014_2023") / 100.0
    factor = (1.0 + target) ** ((base_year - STOCK_YEAR) / 9.0)
    reasoning = (
        f"{stock.provenance.get('reasoning')} Herrekend naar basisjaar {base_year} langs de "
        f"kalibratiegroei (×{factor:.3f})."
    )
    moved = Parameter(
        name=stock.name,
        value=stock.value * factor,
        low=stock.low * factor,
        high=stock.high * factor,
        unit=stock.unit,
        provenance=Provenance(stock.provenance.kind, (("reasoning", reasoning),)),
        description=stock.description,
    )
    return replace_parameter(scenario, moved)


def load_scenarios(
    references: Sequence[str],
    open_store: OpenStore | None = None,
    *,
    base_year: int | None = None,
    horizon: int | None = None,
) -> LoadedScenarios:
    """Load the named scenarios (baseline when none is named), with the store's data applied.

    ``base_year`` re-bases the model on that year's data (refused where the data hub has none);
    ``horizon`` is limited to what the inputs support.
    """
    starters = read_store_starters(open_store, base_year)
    data = starters.data or bundled_data()
    check_years(base_year, horizon, starters.years or data.starter_years)
    loaded: list[Scenario] = []
    for reference in references or [scenarios.BASELINE]:
        scenario = scenarios.load(reference)
        first = base_year or scenario.base_year
        last = horizon or scenario.horizon
        if last <= first:
            raise InvalidInput.single(f"{last} ligt niet na het basisjaar {first}", field="horizon")
        check_years(None, last, data.starter_years)
        scenario = scenario.with_years(first, last)
        if base_year is not None:
            scenario = rebase(scenario, base_year, starters)
        else:
            scenario = apply_store_starters(scenario, starters)
        if scenario.placement_effect:
            scenario = with_placement_effect(scenario)
        loaded.append(scenario)
    return LoadedScenarios(scenarios=loaded, starters_note=starters.note, data=starters.data)


#: The generated placement round whose outcome sizes recommendation 36 (students, offers, seed).
PLACEMENT_ROUND = (4000, 800, 2025)


@dataclass(frozen=True, slots=True)
class PlacementEffect:
    """Central allocation against today's search on one generated round."""

    students: int
    placed_status_quo: int
    placed_central: int

    @property
    def extra_share(self) -> float:
        return (self.placed_central - self.placed_status_quo) / self.students


@cache
def placement_effect() -> PlacementEffect:
    """Simulate today's search and the central allocation (with its follow-up round) on a
    generated round, through the placement capability's service."""
    import tempfile
    from pathlib import Path

    from krapte.placement import service as placement

    students, offers, seed = PLACEMENT_ROUND
    with tempfile.TemporaryDirectory() as folder:
        made = placement.generate_round(students, offers, seed, Path(folder) / "ronde", 10)
        paths = placement.InputPaths(
            offers=made / "offers.csv",
            students=made / "students.csv",
            preferences=made / "preferences.csv",
        )
        summary = placement.simulate(paths, seed)
    return PlacementEffect(
        students=summary.students,
        placed_status_quo=summary.placed,
        placed_central=summary.central_allocation.placed_after_followup,
    )


def with_placement_effect(scenario: Scenario) -> Scenario:
    """The scenario with ``stage_extra_geplaatst`` set by the placement simulation."""
    effect = placement_effect()
    current = scenario.parameters["stage_extra_geplaatst"]
    share = max(effect.extra_share, 0.0)
    method = (
        f"krapte placement op een gegenereerde ronde van {effect.students} studenten "
        f"(seed {PLACEMENT_ROUND[2]}): centrale toewijzing met opvolgronde plaatst "
        f"{effect.placed_central}, de status quo {effect.placed_status_quo}"
    )
    details = (("method", method), ("reasoning", current.provenance.get("reasoning")))
    return replace_parameter(
        scenario,
        replace(
            current,
            value=share,
            low=share * 0.5,
            high=min(1.0, share * 1.5),
            provenance=Provenance(SIMULATION, details),
        ),
    )


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


Triple = tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class YearRow:
    """One year of one scenario and region: every output as a band (p10, median, p90)."""

    scenario: str
    title: str
    region: str
    year: int
    outputs: dict[str, Triple] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        flat: dict[str, object] = {
            "scenario": self.scenario,
            "region": self.region,
            "year": self.year,
        }
        for output, (p10, p50, p90) in self.outputs.items():
            flat[f"{output}_p10"] = p10
            flat[f"{output}_median"] = p50
            flat[f"{output}_p90"] = p90
        return flat


def resolve_region(region: str) -> str:
    """The region as spelled in REGIONS (case-insensitive), or a Dutch error."""
    for known in REGIONS:
        if known.casefold() == region.strip().casefold():
            return known
    raise InvalidInput.single(
        f"onbekend: {region!r} (kies uit {', '.join(REGIONS)})", field="provincie"
    )


def year_rows(simulation: Simulation, region: str) -> list[YearRow]:
    region = resolve_region(region)
    bands = {name: simulation.band(name, region) for name in simulation.outputs}
    return [
        YearRow(
            scenario=simulation.scenario.name,
            title=simulation.scenario.title,
            region=region,
            year=year,
            outputs={
                name: (float(band.p10[index]), float(band.p50[index]), float(band.p90[index]))
                for name, band in bands.items()
            },
        )
        for index, year in enumerate(simulation.years)
    ]


def _first(band: Band) -> Triple:
    return float(band.p10[0]), float(band.p50[0]), float(band.p90[0])


@dataclass(frozen=True, slots=True)
class Comparison:
    """A scenario against the baseline in the horizon year (bands over draws)."""

    scenario: str
    title: str
    recommendations: tuple[str, ...]
    horizon: int
    gap: Triple
    gap_closed: Triple  # baseline gap minus scenario gap (per draw)
    gap_closed_pct: float  # median share of the baseline gap closed, percent
    extra_workers: Triple  # scenario supply minus baseline supply
    care_workers_avoided: Triple  # extra workers x 3 to 4 (recommendation 4)

    def as_dict(self) -> dict[str, object]:
        result: dict[str, object] = {
            "scenario": self.scenario,
            "title": self.title,
            "recommendations": " ".join(self.recommendations),
            "horizon": self.horizon,
        }
        for key in ("gap", "gap_closed", "extra_workers", "care_workers_avoided"):
            p10, p50, p90 = getattr(self, key)
            result |= {f"{key}_p10": p10, f"{key}_median": p50, f"{key}_p90": p90}
        result["gap_closed_pct"] = self.gap_closed_pct
        return result


def _last(values: FloatArray) -> FloatArray:
    result: FloatArray = values[:, -1, REGIONS.index("Vlaanderen")]
    return result


def compare(simulations: Sequence[Simulation]) -> list[Comparison]:
    """Compare every simulation with the baseline run (the first with name 'basis', else first).

    All runs must share draws and seed so that the comparison is per draw.
    """
    if not simulations:
        raise InvalidInput.single("geen scenario's om te vergelijken", field="scenario")
    base = next((s for s in simulations if s.scenario.name == scenarios.BASELINE), simulations[0])
    base_gap = _last(base.outputs["gap"])
    base_supply = _last(base.outputs["supply"])
    result = []
    for simulation in simulations:
        if simulation.draws != base.draws or simulation.seed != base.seed:
            raise InvalidInput.single(
                "vergelijken vraagt dezelfde trekkingen en startwaarde", field="scenario"
            )
        if list(simulation.years) != list(base.years):
            raise InvalidInput.single(
                f"scenario '{simulation.scenario.name}' loopt van {simulation.years[0]} tot "
                f"{simulation.years[-1]}, het basisscenario van {base.years[0]} tot "
                f"{base.years[-1]}: vergelijk scenario's over dezelfde jaren",
                field="scenario",
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
                gap=_first(quantile_band(gap[:, None])),
                gap_closed=_first(quantile_band(closed[:, None])),
                gap_closed_pct=(
                    100.0 * float(np.median(closed)) / median_base if median_base > 0 else 0.0
                ),
                extra_workers=_first(quantile_band(extra[:, None])),
                care_workers_avoided=_first(
                    quantile_band((extra * simulation.care_ratio)[:, None])
                ),
            )
        )
    return result


def best_policy(comparisons: Sequence[Comparison]) -> Comparison | None:
    """The scenario (other than the baseline) that closes most of the gap (median)."""
    policies = [c for c in comparisons if c.scenario != scenarios.BASELINE]
    if not policies:
        return None
    return max(policies, key=lambda c: c.gap_closed[1])


@dataclass(frozen=True, slots=True)
class ParameterRow:
    """One parameter of one scenario, as `forecast params` shows it."""

    scenario: str
    name: str
    value: float
    low: float
    high: float
    unit: str
    changed: bool
    provenance_kind: str
    provenance: str
    start_year: int | None = None
    ramp_years: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "scenario": self.scenario,
            "name": self.name,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "unit": self.unit,
            "changed": self.changed,
            "provenance_kind": self.provenance_kind,
            "provenance": self.provenance,
            "start_year": self.start_year,
            "ramp_years": self.ramp_years,
        }


def changed(scenario: Scenario, parameter: Parameter) -> bool:
    return parameter.name in scenario.overrides


def _start(scenario: Scenario, parameter: Parameter) -> int:
    return parameter.start_year or scenario.base_year + 1


def parameter_rows(scenario: Scenario) -> list[ParameterRow]:
    return [
        ParameterRow(
            scenario=scenario.name,
            name=parameter.name,
            value=parameter.value,
            low=parameter.low,
            high=parameter.high,
            unit=parameter.unit,
            changed=parameter.name in scenario.overrides,
            provenance_kind=parameter.provenance.kind,
            provenance=parameter.provenance.text,
            start_year=_start(scenario, parameter) if changed(scenario, parameter) else None,
            ramp_years=parameter.ramp_years if changed(scenario, parameter) else None,
        )
        for parameter in sorted(scenario.parameters.values(), key=lambda p: p.name)
    ]


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
