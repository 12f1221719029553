"""Demand for social workers from its drivers, in full-time equivalents.

Demand in the base year is the employed stock plus the unfilled posts, in FTE. For the first five
years it grows at the expansion rate the report describes (2.2: "still rising, but clearly less
than in 2014-2023"); after that it grows with its drivers:

    growth(t) = population effect(t) + complexity/caseload trend + budget term

The population effect is the growth of the population weighted by a use rate per age band
(0-17, 18-66, 67+), from Statistiek Vlaanderen's projections for the Flemish Region bundled in
``externe_bronnen`` (2020 and 2030; geometric in between, the same yearly growth per band after
2030). No projection by age band per province was found, so every province follows the Flemish
band growth (docs/forecast.md, Limits).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from krapte.datahub.core.records import Observation
from krapte.forecast.core.model import FloatArray

POPULATION_BANDS: tuple[str, ...] = ("0-17", "18-66", "67+")
#: Years of the report's expansion statement ("de komende 5 jaar", 2.2).
REPORT_EXPANSION_YEARS = 5


@dataclass(frozen=True, slots=True)
class Population:
    """Population per age band for a run of years: ``values`` (Y, 3) for ``first_year + i``."""

    first_year: int
    values: FloatArray
    last_projected_year: int

    def rows(self, years: Sequence[int]) -> FloatArray:
        index = np.asarray(years) - self.first_year
        if index.min() < 0 or index.max() >= len(self.values):
            raise ValueError("population asked for outside its years")
        result: FloatArray = self.values[index]
        return result


def population_from_observations(
    rows: Sequence[Observation], first_year: int, last_year: int
) -> Population:
    """Bands for ``first_year..last_year`` from the bundled 2030 levels and 2020-2030 growth."""
    level = {
        row.category: row.value
        for row in rows
        if row.measure == "bevolking" and row.period == "2030" and row.geography == "Vlaanderen"
    }
    growth = {
        row.category: row.value / 100.0
        for row in rows
        if row.measure == "bevolking_groei"
        and row.period == "2020-2030"
        and row.geography == "Vlaanderen"
    }
    missing = [band for band in POPULATION_BANDS if band not in level or band not in growth]
    if missing:
        raise ValueError(f"population projections lack the bands {missing}")
    end = np.array([level[band] for band in POPULATION_BANDS])
    yearly = np.array([(1.0 + growth[band]) ** 0.1 for band in POPULATION_BANDS])
    years = np.arange(first_year, last_year + 1)
    values: FloatArray = end[None, :] * yearly[None, :] ** (years - 2030)[:, None]
    return Population(first_year=first_year, values=values, last_projected_year=2030)


def population_growth(population: Population, years: Sequence[int], use: FloatArray) -> FloatArray:
    """Yearly growth of the use-weighted population into each year: (D, len(years)).

    ``use`` (D, 3) is the use rate per band relative to 18-66.
    """
    now = population.rows(years) @ use.T  # (len, D)
    before = population.rows([year - 1 for year in years]) @ use.T
    result: FloatArray = (now / before - 1.0).T
    return result


def demand_path(
    base: FloatArray,
    years: Sequence[int],
    first_five: FloatArray,
    drivers: FloatArray,
) -> FloatArray:
    """Demand (D, T, P) from its base-year level ``base`` (D, P).

    ``first_five`` (D,) is the yearly expansion of the first five projected years, ``drivers``
    (D, T) the yearly growth after them (population effect + trend + budget; column 0 unused).
    """
    steps = len(years) - 1
    growth = np.empty((base.shape[0], steps))
    early = min(steps, REPORT_EXPANSION_YEARS)
    growth[:, :early] = first_five[:, None]
    growth[:, early:] = drivers[:, 1 + early :]
    factor = np.ones((base.shape[0], steps + 1))
    factor[:, 1:] = np.cumprod(1.0 + growth, axis=1)
    result: FloatArray = base[:, None, :] * factor[:, :, None]
    return result
