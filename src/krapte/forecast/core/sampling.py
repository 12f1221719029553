"""Parameter values per draw: triangular draws from uniform numbers, and yearly paths that move a
policy's parameter from its baseline draw to its policy draw (start year, linear ramp-up)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from krapte.forecast.core.model import FloatArray
from krapte.forecast.core.parameters import Parameter, Scenario


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


def ramp(
    parameter: Parameter, base_year: int, years: Sequence[int] | npt.NDArray[Any]
) -> FloatArray:
    """Share of a policy's effect reached in each year: 0 before its start, 1 after the ramp."""
    start = parameter.start_year if parameter.start_year is not None else base_year + 1
    reached = (np.asarray(years, dtype=np.float64) - start + 1.0) / parameter.ramp_years
    result: FloatArray = np.clip(reached, 0.0, 1.0)
    return result


class Draws:
    """Every parameter's value per draw, from one uniform number per draw and parameter.

    ``central`` gives every draw the parameter's value (the mode), as the calibration table and
    `forecast params` show it.
    """

    def __init__(
        self, scenario: Scenario, u: Mapping[str, FloatArray], *, central: bool = False
    ) -> None:
        self.scenario = scenario
        self.u = u
        self.central = central
        self.count = len(next(iter(u.values())))
        self._values: dict[tuple[str, bool], FloatArray] = {}

    def _draw(self, parameter: Parameter, name: str) -> FloatArray:
        if self.central or parameter.is_fixed:
            return np.full(self.count, parameter.value)
        return triangular_inverse(self.u[name], parameter.low, parameter.value, parameter.high)

    def value(self, name: str) -> FloatArray:
        """The scenario's value of ``name`` per draw (D,)."""
        key = (name, False)
        if key not in self._values:
            self._values[key] = self._draw(self.scenario.parameters[name], name)
        return self._values[key]

    def base_value(self, name: str) -> FloatArray:
        """The baseline's value of ``name`` per draw, with the same uniform numbers."""
        key = (name, True)
        if key not in self._values:
            self._values[key] = self._draw(self.scenario.base_parameter(name), name)
        return self._values[key]

    def path(self, name: str, years: Sequence[int] | npt.NDArray[Any]) -> FloatArray:
        """(D, len(years)): the baseline value, moving to the scenario's from the start year."""
        policy = self.value(name)
        if name not in self.scenario.overrides:
            return np.broadcast_to(policy[:, None], (self.count, len(years))).copy()
        base = self.base_value(name)
        share = ramp(self.scenario.parameters[name], self.scenario.base_year, years)
        result: FloatArray = base[:, None] + (policy - base)[:, None] * share[None, :]
        return result
