"""Calibration per draw: the yearly inflow of workers without a social-work diploma is solved so
that every draw reproduces the employment growth of 2014-2023 that the report prints (2.1).

The model is linear in its starting stock and in a constant yearly inflow, so the supply of the
back-cast is ``S(t) = x·a(t) + k·b(t) + c(t)``: ``a`` the run of a unit starting stock (age and
province shape of the base year), ``b`` of a unit yearly inflow, ``c`` of the education pipeline.
Two conditions fix the two unknowns per draw: the stock reaches the draw's base-year stock, and
it grows by the draw's target between 2014 and 2023. Three vectorised runs give ``a``, ``b``, ``c``
for all draws; a 2×2 solve per draw gives ``x`` and ``k``. This is a calibration: the growth is
reproduced by construction and says nothing about the model's validity.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from krapte.forecast.core.model import FloatArray

CALIBRATION_START = 2014
CALIBRATION_END = 2023

Backcast = Callable[[FloatArray, FloatArray, float], FloatArray]


def solve_inflow(
    backcast: Backcast, stock: FloatArray, target_pct: FloatArray, base_year: int, count: int
) -> tuple[FloatArray, FloatArray]:
    """(yearly other inflow k, back-cast growth 2014-2023 in percent) per draw."""
    ones, zeros = np.ones(count), np.zeros(count)
    a = backcast(ones, zeros, 0.0)
    b = backcast(zeros, ones, 0.0)
    c = backcast(zeros, zeros, 1.0)
    at_base = base_year - CALIBRATION_START
    at_end = CALIBRATION_END - CALIBRATION_START
    growth = 1.0 + target_pct / 100.0
    # x·a_B + k·b_B = stock − c_B ;  x·(a_E − g) + k·b_E = −c_E   (a at the start is 1)
    a11, a12, r1 = a[:, at_base], b[:, at_base], stock - c[:, at_base]
    a21, a22, r2 = a[:, at_end] - growth, b[:, at_end], -c[:, at_end]
    det = a11 * a22 - a12 * a21
    if np.any(np.abs(det) < 1e-12):
        raise ValueError("the calibration has no unique solution in some draw")
    start = (r1 * a22 - a12 * r2) / det
    inflow = (a11 * r2 - a21 * r1) / det
    end = start * a[:, at_end] + inflow * b[:, at_end] + c[:, at_end]
    reached: FloatArray = 100.0 * (end / start - 1.0)
    return inflow, reached
