"""Monte Carlo over the parameter ranges: sample, calibrate, build model inputs, project.

Each parameter is drawn from a triangular distribution (low, value, high). The uniform numbers
behind a parameter depend only on the seed and the parameter's name ("common random numbers"),
so two scenarios run with the same seed differ only where their parameters differ. A policy's
parameter is drawn with the same uniform number as its baseline counterpart and moves from the
baseline draw to the policy draw from its start year, linearly over its ramp-up years.

The sensitivity analysis passes its own uniform numbers (a Sobol sample) through the same code.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from krapte.datahub.core.records import FLANDERS, PROVINCES
from krapte.forecast.core.calibration import CALIBRATION_END, CALIBRATION_START, solve_inflow
from krapte.forecast.core.demand import demand_path, population_growth
from krapte.forecast.core.inputs import ForecastData, bundled_data
from krapte.forecast.core.model import (
    BAND_60,
    BAND_65,
    BANDS,
    FloatArray,
    IntArray,
    ModelInputs,
    Route,
    Trajectory,
    last_axis_sum,
    project,
    total_entrants,
)
from krapte.forecast.core.parameters import Scenario
from krapte.forecast.core.sampling import Draws, triangular_inverse
from krapte.forecast.core.specification import (
    AGE_KEYS,
    OTHER_PROFILE,
    PROVINCE_KEYS,
    ROUTES,
    SIDE_ENTRANT_PROFILE,
    pension_age,
)

REGIONS: tuple[str, ...] = (FLANDERS, *PROVINCES)
#: Outputs per draw, year and region; ``*_pct`` are percentages.
OUTPUTS: tuple[str, ...] = (
    "supply",
    "supply_fte",
    "demand",
    "demand_fte",
    "gap",
    "gap_fte",
    "gap_pct",
    "hiring_need",
    "expansion_need",
    "replacement_need",
    "replacement_55plus_pct",
    "inflow",
    "outflow",
    "tension",
)

__all__ = ["REGIONS", "Band", "Simulation", "quantile_band", "simulate", "triangular_inverse"]


def uniforms(scenario: Scenario, draws: int, seed: int) -> dict[str, FloatArray]:
    """The uniform numbers of every parameter: a function of the seed and the name only."""
    if draws < 1:
        raise ValueError("draws must be at least 1")
    result = {}
    for name in scenario.parameters:
        rng = np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])
        result[name] = rng.random(draws)
    return result


def _normalised(draws: Draws, prefix: str, keys: tuple[str, ...]) -> FloatArray:
    stacked = np.stack([draws.value(f"{prefix}_{key}") for key in keys], axis=-1)
    total = stacked.sum(axis=-1, keepdims=True)
    if np.any(total <= 0):
        raise ValueError(f"the shares {prefix}_* add up to zero")
    result: FloatArray = stacked / total
    return result


def _age_shares(draws: Draws, base_year: int) -> FloatArray:
    """(D, 7) age shares; the 60+ share is split over 60-64 and 65+ by the pension age."""
    six = _normalised(draws, "leeftijd", AGE_KEYS)
    age = pension_age(draws.scenario, base_year)
    over_65 = (age - 65) / (age - 60) if age > 65 else 0.0
    result = np.zeros((six.shape[0], BANDS))
    result[:, :BAND_60] = six[:, :BAND_60]
    result[:, BAND_60] = six[:, BAND_60] * (1.0 - over_65)
    result[:, BAND_65] = six[:, BAND_60] * over_65
    return result


@dataclass(frozen=True, slots=True)
class Built:
    """A run's model inputs and what the outputs need besides the trajectory."""

    inputs: ModelInputs
    demand_fte: FloatArray  # (D, T, P)
    fte: FloatArray  # (D, T) FTE per head
    job_seekers: FloatArray  # (D, P)
    other_inflow: FloatArray  # (D,) calibrated yearly entrants without a social-work diploma
    calibrated_growth: FloatArray  # (D,) growth 2014-2023 the calibration reproduces, percent
    care_ratio: FloatArray  # (D,) care workers avoided per extra social worker (outreach share)


def _routes(draws: Draws, data: ForecastData, first_start: int, last: int) -> list[Route]:
    """The education routes and the extra side-entrants, starters by starting year."""
    scenario = draws.scenario
    base = scenario.base_year
    start_years = np.arange(first_start, last + 1)
    work = _normalised(draws, "werk", PROVINCE_KEYS)
    brussels = draws.value("brussel_naar_vlaanderen")
    growth = draws.value("groei_studiestarters")
    offset = (start_years - base).astype(np.float64)
    placed = (
        draws.path("stage_extra_geplaatst", start_years) * draws.value("stage_naar_job")[:, None]
    )
    routes = []
    for name, profile in ROUTES.items():
        level = name
        starters = (
            draws.value(f"studiestarters_{level}")[:, None]
            * (1.0 + growth[:, None]) ** (offset[None, :])
        )
        extra_name = f"extra_studiestarters_{level}"
        if extra_name in scenario.parameters:
            starters = starters + draws.path(extra_name, start_years) * (start_years > base)
        shares = data.schools[level].shares
        province = shares[None, :5] + shares[5] * brussels[:, None] * work
        ages = np.broadcast_to(np.asarray(profile), (draws.count, BANDS)).copy()
        if level == "bachelor":
            # The VDAB side-entrants are bachelor students: counted once, with their own ages.
            mix = np.clip(
                draws.value("zij_instromers") / draws.value("studiestarters_bachelor"), 0, 1
            )
            ages = (1.0 - mix)[:, None] * ages + mix[:, None] * np.asarray(SIDE_ENTRANT_PROFILE)
        entry = np.clip(draws.path(f"instroomaandeel_{level}", start_years) + placed, 0.0, 1.0)
        routes.append(
            Route(
                name=level,
                starters=starters,
                duration=round(scenario.value(f"studieduur_{level}")),
                completion=draws.value(f"slaagkans_{level}"),
                entry_share=entry,
                age_profile=ages,
                province_share=province,
            )
        )
    extra_side = draws.path("extra_zij_instromers", start_years) * (start_years > base)
    routes.append(
        Route(
            name="zij_instromers",
            starters=extra_side,
            duration=round(scenario.value("studieduur_zij_instromers")),
            completion=draws.value("slaagkans_zij_instromers"),
            entry_share=np.broadcast_to(
                draws.value("instroomaandeel_zij_instromers")[:, None], extra_side.shape
            ),
            age_profile=np.broadcast_to(np.asarray(SIDE_ENTRANT_PROFILE), (draws.count, BANDS)),
            province_share=work,
        )
    )
    return routes


def _other_entrants(draws: Draws, amount: FloatArray, steps: int) -> FloatArray:
    """(D, steps, P, A) yearly entrants without a social-work diploma."""
    work = _normalised(draws, "werk", PROVINCE_KEYS)
    per_year = amount[:, None] * work  # (D, P)
    by_age = per_year[:, :, None] * np.asarray(OTHER_PROFILE)[None, None, :]
    return np.broadcast_to(by_age[:, None], (draws.count, steps, *by_age.shape[1:]))


def _model_inputs(
    draws: Draws,
    first: int,
    last: int,
    stock0: FloatArray,
    entrants: FloatArray,
) -> ModelInputs:
    years = np.arange(first + 1, last + 1)
    young = draws.value("uitstroom_factor_jonger_35")
    older = draws.value("uitstroom_factor_55_plus")
    ones = np.ones_like(young)
    age_factor = np.stack([young, young, ones, ones, older, older, older], axis=-1)
    ages: IntArray = np.array([pension_age(draws.scenario, int(y)) for y in years])
    return ModelInputs(
        first_year=first,
        last_year=last,
        stock0=stock0,
        sick0=stock0 * draws.value("langdurig_ziek_basisjaar")[:, None, None],
        entrants=entrants,
        leaving_rate=draws.path("uitstroomgraad_sector", years),
        age_factor=age_factor,
        newcomer_factor=draws.value("uitstroom_factor_nieuwkomers"),
        sickness_rate=draws.value("ziekte_instroomgraad"),
        return_rate=draws.path("reintegratiegraad", years),
        sick_exit_rate=draws.value("definitieve_uitval_ziek"),
        early_retirement=draws.value("vervroegd_pensioen_60_64"),
        pension_age=ages,
    )


def build(draws: Draws, data: ForecastData | None = None) -> Built:
    """Calibrate the other inflow per draw, then build the projection's inputs."""
    data = data or bundled_data()
    scenario = draws.scenario
    base, horizon = scenario.base_year, scenario.horizon
    first_start = CALIBRATION_START - 5
    routes = _routes(draws, data, first_start, horizon)
    work = _normalised(draws, "werk", PROVINCE_KEYS)
    shape = work[:, :, None] * _age_shares(draws, base)[:, None, :]  # (D, P, A), sums to 1
    stock = draws.value("werkenden_basisjaar")
    target = draws.value("kalibratie_groei_2014_2023")

    def backcast(scale: FloatArray, inflow: FloatArray, pipeline: float) -> FloatArray:
        last = max(CALIBRATION_END, base)
        steps = last - CALIBRATION_START
        entrants = pipeline * total_entrants(routes, first_start, CALIBRATION_START, last)
        entrants = entrants + _other_entrants(draws, inflow, steps)
        inputs = _model_inputs(
            draws, CALIBRATION_START, last, shape * scale[:, None, None], entrants
        )
        supply: FloatArray = project(inputs).supply.sum(axis=-1)  # (D, T)
        return supply

    other, growth = solve_inflow(backcast, stock, target, base, draws.count)
    steps = horizon - base
    entrants = total_entrants(routes, first_start, base, horizon) + _other_entrants(
        draws, other, steps
    )
    inputs = _model_inputs(draws, base, horizon, shape * stock[:, None, None], entrants)
    years = np.arange(base, horizon + 1)
    fte0 = draws.value("vte_per_werkende")
    fte = np.minimum(
        1.0, fte0[:, None] * (1.0 + draws.value("vte_trend")[:, None]) ** (years - base)[None, :]
    )
    vacancies = draws.value("vacatures_vdab") / draws.value("vdab_aandeel_vacatures")
    base_fte = (stock + vacancies)[:, None] * work * fte0[:, None]
    use = np.stack(
        [draws.value("gebruik_0_17"), np.ones(draws.count), draws.value("gebruik_67_plus")],
        axis=-1,
    )
    drivers = (
        population_growth(data.population, list(years), use)
        + draws.path("complexiteitstrend", years)
        + draws.path("budgetterm", years)
    )
    demand = demand_path(
        base_fte, list(years), draws.value("uitbreidingsvraag_eerste_5_jaar"), drivers
    )
    return Built(
        inputs=inputs,
        demand_fte=demand,
        fte=fte,
        job_seekers=draws.value("werkzoekenden")[:, None] * work,
        other_inflow=other,
        calibrated_growth=growth,
        care_ratio=draws.value("zorgmedewerkers_per_sociaal_werker")
        * draws.value("aandeel_outreachend"),
    )


def _with_flanders(values: FloatArray) -> FloatArray:
    """(D, T, P) -> (D, T, 1 + P) with the Flemish total first."""
    return np.concatenate([last_axis_sum(values)[..., None], values], axis=-1)


def draw_outputs(trajectory: Trajectory, built: Built) -> dict[str, FloatArray]:
    """Every output per draw, year and region (Flanders first): name -> (D, T, R)."""
    fte = built.fte[:, :, None]
    supply = _with_flanders(trajectory.supply)
    supply_fte = _with_flanders(trajectory.supply * fte)
    demand_fte = _with_flanders(built.demand_fte)
    demand = _with_flanders(built.demand_fte / fte)
    gap = demand - supply
    expansion = np.full_like(demand, np.nan)
    expansion[:, 1:] = demand[:, 1:] - demand[:, :-1]
    replacement = _with_flanders(trajectory.outflow)
    out55 = _with_flanders(trajectory.outflow_55plus)
    vdab = expansion + out55
    seekers = np.concatenate(
        [last_axis_sum(built.job_seekers)[..., None], built.job_seekers], axis=-1
    )[:, None, :]
    return {
        "supply": supply,
        "supply_fte": supply_fte,
        "demand": demand,
        "demand_fte": demand_fte,
        "gap": gap,
        "gap_fte": demand_fte - supply_fte,
        "gap_pct": 100.0 * gap / demand,
        "hiring_need": expansion + replacement,
        "expansion_need": expansion,
        "replacement_need": replacement,
        # VDAB's definition: replacement of leaving 55-plussers over (expansion + that).
        "replacement_55plus_pct": 100.0 * out55 / np.where(vdab > 0, vdab, np.nan),
        "inflow": _with_flanders(trajectory.inflow),
        "outflow": replacement,
        "tension": seekers / np.maximum(gap, 1.0),
    }


@dataclass(frozen=True, slots=True)
class Band:
    """Median and 80% band (10th and 90th percentile) per year."""

    p10: FloatArray
    p50: FloatArray
    p90: FloatArray


@dataclass(frozen=True, slots=True)
class Simulation:
    """One scenario run: per-draw outputs (D, T, R) and the calibration of every draw."""

    scenario: Scenario
    years: tuple[int, ...]
    draws: int
    seed: int
    outputs: dict[str, FloatArray]
    care_ratio: FloatArray  # (D,) care workers avoided per extra worker (outreaching share)
    other_inflow: FloatArray  # (D,) calibrated yearly other entrants
    calibrated_growth: FloatArray  # (D,) back-cast growth 2014-2023 per draw, percent
    calibration_target: FloatArray  # (D,) the target of each draw, percent

    def band(self, output: str, region: str = FLANDERS) -> Band:
        values = self.outputs[output][:, :, REGIONS.index(region)]
        return quantile_band(values)


def quantile_band(values: FloatArray) -> Band:
    """10th, 50th and 90th percentile over draws (axis 0); years without values stay NaN."""
    result = np.full((3, *values.shape[1:]), np.nan)
    filled = ~np.isnan(values).all(axis=0)
    if filled.any():
        result[:, filled] = np.nanquantile(values[:, filled], [0.1, 0.5, 0.9], axis=0)
    return Band(p10=result[0], p50=result[1], p90=result[2])


def run_draws(draws: Draws, data: ForecastData | None = None) -> tuple[Built, Trajectory]:
    built = build(draws, data)
    return built, project(built.inputs)


def simulate(
    scenario: Scenario,
    draws: int,
    seed: int = 0,
    *,
    central: bool = False,
    data: ForecastData | None = None,
) -> Simulation:
    """Sample, calibrate, project and keep the per-draw outputs of one scenario."""
    sampled = Draws(scenario, uniforms(scenario, draws, seed), central=central)
    built, trajectory = run_draws(sampled, data)
    return Simulation(
        scenario=scenario,
        years=tuple(int(year) for year in trajectory.years),
        draws=draws,
        seed=seed,
        outputs=draw_outputs(trajectory, built),
        care_ratio=built.care_ratio,
        other_inflow=built.other_inflow,
        calibrated_growth=built.calibrated_growth,
        calibration_target=sampled.value("kalibratie_groei_2014_2023"),
    )
