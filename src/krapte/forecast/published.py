"""What the site publishes of a forecast: the bands and comparisons of every built-in scenario.

A run keeps every draw (some 100 MB for the eight built-in scenarios at 2000 draws); the site
needs only the median and the 80% band per scenario, region and year, and the comparisons that
are computed per draw (the gap closed against the baseline, the hiring need summed over the
years). :func:`summarise` computes those once and drops the draws, so a cached forecast is small.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from krapte.datahub.core.records import FLANDERS
from krapte.errors import InvalidInput, NotFound
from krapte.forecast.core import scenarios
from krapte.forecast.core.model import FloatArray
from krapte.forecast.core.montecarlo import REGIONS, Band, Simulation, quantile_band
from krapte.forecast.core.parameters import Scenario
from krapte.forecast.results import Triple, YearRow, resolve_region, year_rows

#: Key years of the comparison: every fifth year after the base year, and the horizon.
KEY_YEAR_STEP = 5
#: Decimals kept of every published figure (Monte Carlo quantiles carry no more precision),
#: so the page, its CSV and the API show the same numbers.
DECIMALS = 2


@dataclass(frozen=True, slots=True)
class Projection:
    """One scenario's bands per region and year, without its draws (charts take it as a run)."""

    scenario: Scenario
    years: tuple[int, ...]
    rows: dict[str, list[YearRow]]  # region -> one row per year

    def band(self, output: str, region: str = FLANDERS) -> Band:
        values = np.array([row.outputs[output] for row in self.rows[resolve_region(region)]])
        return Band(p10=values[:, 0], p50=values[:, 1], p90=values[:, 2])


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    """A scenario in one region: the gap in the key years, the gap closed in the horizon year
    against the baseline, and the hiring need summed over the projected years (per draw)."""

    scenario: str
    title: str
    region: str
    first_year: int
    horizon: int
    gap: tuple[tuple[int, Triple], ...]  # (key year, band)
    gap_closed: Triple
    gap_closed_pct: float  # median share of the baseline's gap closed, percent
    hiring_need: Triple
    expansion_need: Triple
    replacement_need: Triple

    def as_dict(self) -> dict[str, object]:
        """English snake_case keys and plain numbers (CSV and JSON)."""
        flat: dict[str, object] = {
            "scenario": self.scenario,
            "title": self.title,
            "region": self.region,
        }
        bands: list[tuple[str, Triple]] = [(f"gap_{year}", band) for year, band in self.gap]
        bands += [
            ("gap_closed", self.gap_closed),
            ("hiring_need_total", self.hiring_need),
            ("expansion_need_total", self.expansion_need),
            ("replacement_need_total", self.replacement_need),
        ]
        for key, (p10, p50, p90) in bands:
            flat |= {f"{key}_p10": p10, f"{key}_median": p50, f"{key}_p90": p90}
        flat["gap_closed_pct"] = self.gap_closed_pct
        flat["first_year"] = self.first_year
        flat["horizon"] = self.horizon
        return flat


@dataclass(frozen=True, slots=True, eq=False)
class PublishedForecast:
    """Every built-in scenario, run with the same draws, summarised for the site.

    Compared by identity: one object per data version, so caches can key on it.
    """

    version: str
    draws: int
    seed: int
    projections: tuple[Projection, ...]  # the baseline first
    comparisons: dict[str, tuple[ComparisonRow, ...]] = field(default_factory=dict)
    key_years: tuple[int, ...] = ()
    starters_note: str = ""

    @property
    def names(self) -> list[str]:
        return [projection.scenario.name for projection in self.projections]

    def projection(self, name: str) -> Projection:
        """One scenario by name; NotFound (in Dutch) for a name that is not built in."""
        for projection in self.projections:
            if projection.scenario.name == name:
                return projection
        raise NotFound(f"onbekend scenario: {name} (kies uit {', '.join(self.names)})")

    def select(self, names: Sequence[str]) -> list[Projection]:
        """The named scenarios and always the baseline, in the order of the built-in list.

        No names at all means every scenario. Unknown names are refused in Dutch.
        """
        unknown = [name for name in names if name not in self.names]
        if unknown:
            raise InvalidInput.single(
                f"onbekend: {', '.join(unknown)} (kies uit {', '.join(self.names)})",
                field="scenario",
            )
        if not names:
            return list(self.projections)
        chosen = {*names, scenarios.BASELINE}
        return [p for p in self.projections if p.scenario.name in chosen]

    def comparison(self, names: Sequence[str], region: str = FLANDERS) -> list[ComparisonRow]:
        chosen = {projection.scenario.name for projection in self.select(names)}
        return [row for row in self.comparisons[resolve_region(region)] if row.scenario in chosen]


def key_years(years: Sequence[int]) -> tuple[int, ...]:
    """Every fifth year of the projection (2025, 2030, ...) and the horizon."""
    projected = list(years[1:])
    found = [year for year in projected if year % KEY_YEAR_STEP == 0]
    if projected and projected[-1] not in found:
        found.append(projected[-1])
    return tuple(found)


def rounded(triple: Triple) -> Triple:
    p10, p50, p90 = triple
    return round(p10, DECIMALS), round(p50, DECIMALS), round(p90, DECIMALS)


def _triple(values: FloatArray) -> Triple:
    band = quantile_band(values[:, None])
    return rounded((float(band.p10[0]), float(band.p50[0]), float(band.p90[0])))


def _rows(simulation: Simulation, region: str) -> list[YearRow]:
    return [
        replace(row, outputs={key: rounded(band) for key, band in row.outputs.items()})
        for row in year_rows(simulation, region)
    ]


def _comparison(
    simulation: Simulation, base: Simulation, region: str, years: tuple[int, ...]
) -> ComparisonRow:
    column = REGIONS.index(region)

    def output(name: str) -> FloatArray:
        values: FloatArray = simulation.outputs[name][:, :, column]
        return values

    gap = output("gap")
    base_gap: FloatArray = base.outputs["gap"][:, -1, column]
    closed = base_gap - gap[:, -1]
    median_base = float(np.median(base_gap))
    return ComparisonRow(
        scenario=simulation.scenario.name,
        title=simulation.scenario.title,
        region=region,
        first_year=simulation.years[1],
        horizon=simulation.years[-1],
        gap=tuple((year, _triple(gap[:, simulation.years.index(year)])) for year in years),
        gap_closed=_triple(closed),
        gap_closed_pct=round(
            100.0 * float(np.median(closed)) / median_base if median_base > 0 else 0.0, DECIMALS
        ),
        hiring_need=_triple(output("hiring_need")[:, 1:].sum(axis=1)),
        expansion_need=_triple(output("expansion_need")[:, 1:].sum(axis=1)),
        replacement_need=_triple(output("replacement_need")[:, 1:].sum(axis=1)),
    )


def summarise(
    simulations: Sequence[Simulation], *, version: str, starters_note: str = ""
) -> PublishedForecast:
    """Bands per scenario, region and year, and the comparisons with the baseline per region,
    every figure rounded to :data:`DECIMALS`.

    The simulations must share their draws, seed and years (as :func:`run_scenarios` gives).
    """
    if not simulations:
        raise InvalidInput.single("geen scenario's om te tonen", field="scenario")
    base = next((s for s in simulations if s.scenario.name == scenarios.BASELINE), simulations[0])
    years = key_years(base.years)
    return PublishedForecast(
        version=version,
        draws=base.draws,
        seed=base.seed,
        projections=tuple(
            Projection(
                scenario=simulation.scenario,
                years=simulation.years,
                rows={region: _rows(simulation, region) for region in REGIONS},
            )
            for simulation in simulations
        ),
        comparisons={
            region: tuple(_comparison(s, base, region, years) for s in simulations)
            for region in REGIONS
        },
        key_years=years,
        starters_note=starters_note,
    )
