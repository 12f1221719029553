"""Monte Carlo over the parameter ranges: sample, build model inputs, project, summarise.

Each parameter is drawn from a triangular distribution (low, value, high). The uniform numbers
behind a parameter depend only on the seed and the parameter's name ("common random numbers"),
so two scenarios run with the same seed differ only where their parameters differ.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from krapte.datahub.core.records import FLANDERS, PROVINCES
from krapte.forecast.core.model import (
    FloatArray,
    ModelInputs,
    Route,
    Trajectory,
    last_axis_sum,
    project,
    total_entrants,
)
from krapte.forecast.core.parameters import Scenario

REGIONS: tuple[str, ...] = (FLANDERS, *PROVINCES)
PROVINCE_KEYS = ("antwerpen", "limburg", "oost_vlaanderen", "vlaams_brabant", "west_vlaanderen")
AGE_KEYS = ("jonger_25", "25_34", "35_44", "45_54", "55_plus")
#: Routes into the occupation: (name, age profile over the five bands, province shares used).
ROUTES: tuple[tuple[str, tuple[float, ...], str], ...] = (
    ("graduaat", (0.6, 0.3, 0.1, 0.0, 0.0), "opleiding"),
    ("bachelor", (0.75, 0.25, 0.0, 0.0, 0.0), "opleiding"),
    ("master", (0.2, 0.8, 0.0, 0.0, 0.0), "opleiding"),
    ("zij_instromers", (0.0, 0.35, 0.4, 0.25, 0.0), "werk"),
)
OTHER_ENTRY_PROFILE = (0.3, 0.4, 0.2, 0.1, 0.0)
ROUTE_NAMES = tuple(name for name, _, _ in ROUTES)


def starters_parameter(route: str) -> str:
    return "zij_instromers" if route == "zij_instromers" else f"studiestarters_{route}"


REQUIRED_PARAMETERS: frozenset[str] = frozenset(
    {
        "werkenden_basisjaar",
        "openstaande_vacatures_basisjaar",
        "uitbreidingsvraag",
        "werkzoekenden",
        "groei_studiestarters",
        "overige_instroom",
        "pensioneringsgraad_55_plus",
        "uitstroomgraad_sector",
        "ziekte_instroomgraad",
        "langdurig_ziek_basisjaar",
        "reintegratiegraad",
        "definitieve_uitval_ziek",
        "zorgmedewerkers_per_sociaal_werker",
        *(f"leeftijd_{key}" for key in AGE_KEYS),
        *(f"werk_{key}" for key in PROVINCE_KEYS),
        *(f"opleiding_{key}" for key in PROVINCE_KEYS),
        *(starters_parameter(name) for name in ROUTE_NAMES),
        *(f"extra_{starters_parameter(name)}" for name in ("graduaat", "master", "zij_instromers")),
        *(f"studieduur_{name}" for name in ROUTE_NAMES),
        *(f"slaagkans_{name}" for name in ROUTE_NAMES),
        *(f"instroomaandeel_{name}" for name in ROUTE_NAMES),
    }
)
#: Outputs per draw, year and region; ``*_pct`` are percentages.
OUTPUTS: tuple[str, ...] = (
    "supply",
    "demand",
    "gap",
    "gap_pct",
    "hiring_need",
    "expansion_need",
    "replacement_need",
    "replacement_55plus_pct",
    "inflow",
    "outflow",
    "tension",
)


def _uniforms(name: str, draws: int, seed: int) -> FloatArray:
    rng = np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])
    return rng.random(draws)


def triangular_inverse(u: FloatArray, low: float, mode: float, high: float) -> FloatArray:
    """Inverse CDF of the triangular distribution (vectorised over ``u``)."""
    if high == low:
        return np.full_like(u, mode)
    width = high - low
    cut = (mode - low) / width
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1.0 - u) * width * (high - mode))
    result: FloatArray = np.where(u < cut, left, right)
    return result


def sample(
    scenario: Scenario, draws: int, seed: int = 0, *, central: bool = False
) -> dict[str, FloatArray]:
    """Draw every parameter; ``central`` gives every draw the parameter's value."""
    if draws < 1:
        raise ValueError("draws must be at least 1")
    samples: dict[str, FloatArray] = {}
    for name, parameter in scenario.parameters.items():
        if central or parameter.is_fixed:
            samples[name] = np.full(draws, parameter.value)
        else:
            u = _uniforms(name, draws, seed)
            samples[name] = triangular_inverse(u, parameter.low, parameter.value, parameter.high)
    return samples


def _normalised(
    samples: Mapping[str, FloatArray], prefix: str, keys: tuple[str, ...]
) -> FloatArray:
    stacked = np.stack([samples[f"{prefix}_{key}"] for key in keys], axis=-1)
    total = stacked.sum(axis=-1, keepdims=True)
    if np.any(total <= 0):
        raise ValueError(f"the shares {prefix}_* add up to zero")
    result: FloatArray = stacked / total
    return result


def build_inputs(scenario: Scenario, samples: Mapping[str, FloatArray]) -> ModelInputs:
    """Turn sampled parameters (name -> (D,)) into the arrays of the model core."""
    ages = _normalised(samples, "leeftijd", AGE_KEYS)  # (D, A)
    work = _normalised(samples, "werk", PROVINCE_KEYS)  # (D, P)
    school = _normalised(samples, "opleiding", PROVINCE_KEYS)
    zero = np.zeros_like(samples["werkenden_basisjaar"])
    routes: list[Route] = []
    for name, profile, share in ROUTES:
        starters = starters_parameter(name)
        extra = f"extra_{starters}"
        routes.append(
            Route(
                name=name,
                starters=samples[starters],
                growth=zero if name == "zij_instromers" else samples["groei_studiestarters"],
                extra=samples.get(extra, zero),
                duration=round(scenario.value(f"studieduur_{name}")),
                completion=samples[f"slaagkans_{name}"],
                entry_share=samples[f"instroomaandeel_{name}"],
                age_profile=np.array(profile),
                province_share=school if share == "opleiding" else work,
            )
        )
    ones = np.ones_like(zero)
    routes.append(
        Route(
            name="overige",
            starters=samples["overige_instroom"],
            growth=zero,
            extra=zero,
            duration=0,
            completion=ones,
            entry_share=ones,
            age_profile=np.array(OTHER_ENTRY_PROFILE),
            province_share=work,
        )
    )
    workers = samples["werkenden_basisjaar"][:, None] * work  # (D, P)
    stock0 = workers[:, :, None] * ages[:, None, :]
    vacancies = samples["openstaande_vacatures_basisjaar"][:, None] * work
    return ModelInputs(
        base_year=scenario.base_year,
        horizon=scenario.horizon,
        stock0=stock0,
        sick0=stock0 * samples["langdurig_ziek_basisjaar"][:, None, None],
        demand0=workers + vacancies,
        expansion_rate=samples["uitbreidingsvraag"],
        entrants=total_entrants(routes, scenario.base_year, scenario.horizon),
        retirement_rate=samples["pensioneringsgraad_55_plus"],
        leaving_rate=samples["uitstroomgraad_sector"],
        sickness_rate=samples["ziekte_instroomgraad"],
        return_rate=samples["reintegratiegraad"],
        sick_exit_rate=samples["definitieve_uitval_ziek"],
        job_seekers=samples["werkzoekenden"][:, None] * work,
    )


def _with_flanders(values: FloatArray) -> FloatArray:
    """(D, T, P) -> (D, T, 1 + P) with the Flemish total first."""
    return np.concatenate([last_axis_sum(values)[..., None], values], axis=-1)


def draw_outputs(trajectory: Trajectory) -> dict[str, FloatArray]:
    """Every output per draw, year and region (Flanders first): name -> (D, T, R)."""
    supply = _with_flanders(trajectory.supply)
    demand = _with_flanders(trajectory.demand)
    gap = demand - supply
    expansion = _with_flanders(trajectory.expansion_need)
    replacement = _with_flanders(trajectory.replacement_need)
    hiring = expansion + replacement
    out55 = _with_flanders(trajectory.outflow_55plus)
    vdab = expansion + out55
    seekers = np.concatenate(
        [last_axis_sum(trajectory.job_seekers)[..., None], trajectory.job_seekers], axis=-1
    )[:, None, :]
    return {
        "supply": supply,
        "demand": demand,
        "gap": gap,
        "gap_pct": 100.0 * gap / demand,
        "hiring_need": hiring,
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
    """One scenario run: per-draw outputs (D, T, R) and the sampled care-worker ratio."""

    scenario: Scenario
    years: tuple[int, ...]
    draws: int
    seed: int
    outputs: dict[str, FloatArray]
    care_ratio: FloatArray  # (D,)

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


def simulate(scenario: Scenario, draws: int, seed: int = 0, *, central: bool = False) -> Simulation:
    """Sample, project and keep the per-draw outputs of one scenario."""
    samples = sample(scenario, draws, seed, central=central)
    trajectory = project(build_inputs(scenario, samples))
    return Simulation(
        scenario=scenario,
        years=tuple(int(year) for year in trajectory.years),
        draws=draws,
        seed=seed,
        outputs=draw_outputs(trajectory),
        care_ratio=samples["zorgmedewerkers_per_sociaal_werker"],
    )
