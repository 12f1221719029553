"""The indicator maths, on plain numbers: no I/O, no ORM, no web framework."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


class IndicatorError(ValueError):
    """An indicator is undefined for its inputs (for example a base value of zero)."""


def growth_absolute(start: float, end: float) -> float:
    return end - start


def growth_percent(start: float, end: float) -> float:
    """Relative change from ``start`` to ``end`` in percent."""
    if start == 0:
        raise IndicatorError("groei in procent is niet gedefinieerd voor een beginwaarde 0")
    return (end - start) / start * 100.0


def cagr(start: float, end: float, years: float) -> float:
    """Compound annual growth rate in percent: (end/start)^(1/years) - 1."""
    if years <= 0:
        raise IndicatorError("CAGR vraagt een periode van minstens één jaar")
    if start <= 0 or end < 0:
        raise IndicatorError("CAGR vraagt een positieve begin- en niet-negatieve eindwaarde")
    return (math.pow(end / start, 1.0 / years) - 1.0) * 100.0


def index_series(values: Mapping[int, float], base_year: int) -> dict[int, float]:
    """Each year's value relative to the base year, with the base year = 100."""
    if base_year not in values:
        raise IndicatorError(f"basisjaar {base_year} ontbreekt in de reeks")
    base = values[base_year]
    if base == 0:
        raise IndicatorError("een index op een basiswaarde 0 is niet gedefinieerd")
    return {year: value / base * 100.0 for year, value in sorted(values.items())}


def shares(parts: Mapping[str, float]) -> dict[str, float]:
    """Each part as a percentage of the sum of the parts."""
    total = sum(parts.values())
    if total == 0:
        raise IndicatorError("aandelen van een totaal 0 zijn niet gedefinieerd")
    return {name: value / total * 100.0 for name, value in parts.items()}


def tension_ratio(job_seekers: float, vacancies: float) -> float:
    """VDAB's tension indicator: job seekers per open vacancy (lower means more tension)."""
    if vacancies <= 0:
        raise IndicatorError("de spanningsratio vraagt minstens één openstaande vacature")
    return job_seekers / vacancies


def mean(values: Sequence[float]) -> float:
    if not values:
        raise IndicatorError("gemiddelde van een lege reeks")
    return sum(values) / len(values)


def tension_ratio_12_months(job_seekers: Sequence[float], vacancies: Sequence[float]) -> float:
    """The tension ratio as VDAB computes it: mean job seekers over mean vacancies, 12 months."""
    if len(job_seekers) != len(vacancies):
        raise IndicatorError("even veel maanden werkzoekenden als vacatures nodig")
    return tension_ratio(mean(job_seekers), mean(vacancies))
