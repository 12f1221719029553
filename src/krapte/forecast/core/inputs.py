"""Inputs the forecast takes from data rather than from scenario files.

* Province shares of graduates per level, from the data hub's own first-year starters per school
  (graduaat and bachelor, 4.1.1) and master enrolments per university (the report prints no
  master starters per school), with each campus in its province and the Brussels campuses kept
  apart as a sixth region (their graduates partly work in Brussels: ``brussel_naar_vlaanderen``).
* Population by age band (Statistiek Vlaanderen, bundled in ``externe_bronnen``).
* The years for which first-year starters exist (the base years the data supports).

Pure: reads observations and the bundled package (:mod:`krapte.datahub.core.bundle`); the
service passes the store's observations where there is a store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from krapte.datahub.core.bundle import load_package
from krapte.datahub.core.records import PROVINCES, Observation
from krapte.forecast.core.demand import Population, population_from_observations
from krapte.forecast.core.model import FloatArray

BRUSSELS = "Brussel"
SCHOOL_REGIONS: tuple[str, ...] = (*PROVINCES, BRUSSELS)
LEVELS: tuple[str, ...] = ("graduaat", "bachelor", "master")
#: Population years kept in memory: from the first calibration start to the last supported year.
POPULATION_YEARS = (2010, 2040)


@dataclass(frozen=True, slots=True)
class SchoolShares:
    """Share of a level's first-year students per school region (5 provinces, then Brussels)."""

    level: str
    shares: FloatArray  # (6,), adds up to 1
    period: str
    measure: str  # studiestarters, or inschrijvingen for the master


@dataclass(frozen=True, slots=True)
class ForecastData:
    """Data-derived inputs of a run."""

    schools: Mapping[str, SchoolShares]
    population: Population
    starter_years: tuple[int, ...]


def school_shares(
    rows: Sequence[Observation], provinces: Mapping[str, str], level: str, measure: str
) -> SchoolShares:
    """Shares per school region of the latest year with per-school figures of ``level``."""
    per_school = [
        row
        for row in rows
        if row.level == level and row.institution and row.measure == measure and row.year
    ]
    if not per_school:
        raise ValueError(f"no per-school {measure} for {level}")
    latest = max(row.period for row in per_school)
    totals = np.zeros(len(SCHOOL_REGIONS))
    for row in per_school:
        if row.period == latest:
            region = provinces.get(row.institution)
            if region not in SCHOOL_REGIONS:
                raise ValueError(f"{row.institution}: no province in the reference list")
            totals[SCHOOL_REGIONS.index(region)] += row.value
    return SchoolShares(level, totals / totals.sum(), latest, measure)


def forecast_data(
    starters: Sequence[Observation],
    enrolments: Sequence[Observation],
    provinces: Mapping[str, str],
    population: Population,
    fallback: ForecastData | None = None,
) -> ForecastData:
    """Inputs from starters and enrolments; the master shares of ``fallback`` when the
    enrolments hold no master figures per university."""
    schools = {
        level: school_shares(starters, provinces, level, "studiestarters")
        for level in ("graduaat", "bachelor")
    }
    try:
        schools["master"] = school_shares(enrolments, provinces, "master", "inschrijvingen")
    except ValueError:
        if fallback is None:
            raise
        schools["master"] = fallback.schools["master"]
    years = sorted({row.year for row in starters if row.year is not None and row.value > 0})
    return ForecastData(schools=schools, population=population, starter_years=tuple(years))


@cache
def bundled_data() -> ForecastData:
    """The inputs from the bundled data package (used when there is no store)."""
    package = load_package()
    population = population_from_observations(
        package.dataset("externe_bronnen").observations, *POPULATION_YEARS
    )
    return forecast_data(
        package.dataset("studiestarters").observations,
        package.dataset("inschrijvingen").observations,
        institution_provinces(),
        population,
    )


@cache
def bundled_starters() -> tuple[Observation, ...]:
    """The bundled first-year starters (the data hub's figures when there is no store)."""
    return load_package().dataset("studiestarters").observations


@cache
def institution_provinces() -> dict[str, str]:
    return {ref.name: ref.province for ref in load_package().institutions}
