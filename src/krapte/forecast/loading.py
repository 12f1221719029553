"""Scenarios loaded for a run: first-year starters from the data hub, re-based on a chosen year.

The service reads first-year starters through the data hub's service when the store holds them,
and falls back to the values in the scenario files otherwise (it never creates a store). A base
year re-bases the model on that year's starters and moves the stock along the calibration's
growth path; base years without data and horizons the inputs do not support are refused in
Dutch, naming the field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

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
from krapte.forecast.core.parameters import Parameter, Scenario, replace_parameter
from krapte.forecast.core.provenance import REPORT, Provenance
from krapte.forecast.placement_effect import with_placement_effect

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
