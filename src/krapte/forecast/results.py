"""What the forecast commands show, as typed results: a run's years, comparisons, parameters.

Each result is a dataclass with ``as_dict()`` for JSON and CSV (English snake_case keys); every
band is (p10, median, p90) over the Monte Carlo draws. :mod:`krapte.forecast.views` turns them
into tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from krapte.errors import InvalidInput
from krapte.forecast.core import scenarios
from krapte.forecast.core.model import FloatArray
from krapte.forecast.core.montecarlo import REGIONS, Band, Simulation, quantile_band
from krapte.forecast.core.parameters import Parameter, Scenario

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
        return asdict(self)


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
            changed=changed(scenario, parameter),
            provenance_kind=parameter.provenance.kind,
            provenance=parameter.provenance.text,
            start_year=_start(scenario, parameter) if changed(scenario, parameter) else None,
            ramp_years=parameter.ramp_years if changed(scenario, parameter) else None,
        )
        for parameter in sorted(scenario.parameters.values(), key=lambda p: p.name)
    ]
