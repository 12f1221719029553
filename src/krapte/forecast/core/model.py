"""The stock-flow core: a vectorised projection of supply and demand of social workers.

Pure NumPy: plain arrays in, arrays out. Every array carries the Monte Carlo draws as its first
axis, so one call projects all draws at once; the only Python loops run over years and over the
handful of education routes, never over draws. Shapes use D draws, T years (base year included),
P provinces and A age bands.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

AGE_BANDS: tuple[str, ...] = ("<25", "25-34", "35-44", "45-54", "55+")
#: Share of each age band that moves to the next band in a year (1 / width of the band in
#: years; the youngest band is taken as ages 20-24). The oldest band leaves only by retirement.
AGEING_RATE: FloatArray = np.array([1 / 5, 1 / 10, 1 / 10, 1 / 10, 0.0])
OLDEST = len(AGE_BANDS) - 1


def last_axis_sum(values: FloatArray) -> FloatArray:
    """Sum over the last (short) axis; a matrix product is much faster than ``sum`` there."""
    result: FloatArray = values @ np.ones(values.shape[-1])
    return result


@dataclass(frozen=True, slots=True)
class Route:
    """An entry route into the occupation: a programme level, the retraining route or other.

    ``starters`` are first-year students (or candidates) per year in the base year; in year y
    there are ``starters * (1 + growth) ** (y - base) + extra * [y > base]`` of them. They enter
    work ``duration`` years later, times ``completion`` and the ``entry_share`` entering social
    work. ``age_profile`` (A,) spreads the entrants over age bands; ``province_share`` (D, P)
    over provinces. Arrays of shape (D,) are per draw.
    """

    name: str
    starters: FloatArray
    growth: FloatArray
    extra: FloatArray
    duration: int
    completion: FloatArray
    entry_share: FloatArray
    age_profile: FloatArray
    province_share: FloatArray


@dataclass(frozen=True, slots=True)
class ModelInputs:
    """Everything the projection needs, as arrays with the draws first."""

    base_year: int
    horizon: int
    stock0: FloatArray  # (D, P, A) employed social workers in the base year
    sick0: FloatArray  # (D, P, A) long-term sick social workers in the base year
    demand0: FloatArray  # (D, P) posts needed in the base year
    expansion_rate: FloatArray  # (D,) yearly growth of demand
    entrants: FloatArray  # (D, T-1, P, A) new workers entering in each step
    retirement_rate: FloatArray  # (D,) share of the 55+ band retiring per year
    leaving_rate: FloatArray  # (D,) share of every band leaving the sector per year
    sickness_rate: FloatArray  # (D,) share of every band becoming long-term sick per year
    return_rate: FloatArray  # (D,) share of the sick pool returning to work per year
    sick_exit_rate: FloatArray  # (D,) share of the sick pool leaving for good per year
    job_seekers: FloatArray  # (D, P) job seekers wanting to work as social worker

    @property
    def years(self) -> npt.NDArray[np.int64]:
        return np.arange(self.base_year, self.horizon + 1)


@dataclass(frozen=True, slots=True)
class Trajectory:
    """Projection results. Stocks are (D, T, P); flows of the step into year t are (D, T, P)
    with NaN in the base year (no step leads into it)."""

    years: npt.NDArray[np.int64]
    supply_by_age: FloatArray  # (D, T, P, A)
    sick: FloatArray  # (D, T, P)
    demand: FloatArray  # (D, T, P)
    inflow: FloatArray  # (D, T, P) entrants + re-entrants
    outflow: FloatArray  # (D, T, P) retirement + leaving + sickness
    entrants: FloatArray  # (D, T, P)
    reentrants: FloatArray  # (D, T, P)
    retirement: FloatArray  # (D, T, P)
    leaving: FloatArray  # (D, T, P)
    sickness: FloatArray  # (D, T, P)
    outflow_55plus: FloatArray  # (D, T, P) all outflows from the 55+ band
    expansion_need: FloatArray  # (D, T, P) demand(t) - demand(t-1)
    job_seekers: FloatArray  # (D, P)

    @property
    def supply(self) -> FloatArray:
        result: FloatArray = last_axis_sum(self.supply_by_age)
        return result

    @property
    def gap(self) -> FloatArray:
        result: FloatArray = self.demand - self.supply
        return result

    @property
    def replacement_need(self) -> FloatArray:
        return self.outflow


def route_entrants(route: Route, base_year: int, horizon: int) -> FloatArray:
    """New workers from one route per step into years base+1..horizon: (D, T-1, P, A)."""
    years = np.arange(base_year + 1, horizon + 1)
    start_years = years - route.duration
    offset = (start_years - base_year).astype(np.float64)  # (T-1,)
    starters = route.starters[:, None] * (1.0 + route.growth[:, None]) ** offset[None, :]
    starters = starters + route.extra[:, None] * (start_years > base_year)[None, :]
    workers = starters * (route.completion * route.entry_share)[:, None]  # (D, T-1)
    by_province = workers[:, :, None] * route.province_share[:, None, :]  # (D, T-1, P)
    result: FloatArray = by_province[..., None] * route.age_profile[None, None, None, :]
    return result


def total_entrants(routes: list[Route], base_year: int, horizon: int) -> FloatArray:
    """Sum of :func:`route_entrants` over routes (a loop over routes, never over draws)."""
    if not routes:
        raise ValueError("at least one route is needed")
    total = route_entrants(routes[0], base_year, horizon)
    for route in routes[1:]:
        total = total + route_entrants(route, base_year, horizon)
    return total


def _check_rates(inputs: ModelInputs) -> None:
    young = inputs.leaving_rate + inputs.sickness_rate + AGEING_RATE.max()
    old = inputs.leaving_rate + inputs.sickness_rate + inputs.retirement_rate
    if np.any(young > 1.0) or np.any(old > 1.0):
        raise ValueError("outflow rates add up to more than the whole stock in some draw")
    if np.any(inputs.return_rate + inputs.sick_exit_rate > 1.0):
        raise ValueError("return and exit rates add up to more than the whole sick pool")


def project(inputs: ModelInputs) -> Trajectory:
    """Run the stock-flow model for all draws at once (loop over years only)."""
    _check_rates(inputs)
    draws, provinces, bands = inputs.stock0.shape
    steps = inputs.horizon - inputs.base_year
    if inputs.entrants.shape != (draws, steps, provinces, bands):
        raise ValueError(f"entrants must have shape {(draws, steps, provinces, bands)}")
    shape_t = (draws, steps + 1, provinces)
    # Years first while stepping, so each year's slab is contiguous; transposed at the end.
    supply = np.empty((steps + 1, draws, provinces, bands))
    sick = np.empty((steps + 1, draws, provinces, bands))
    flows = {
        key: np.full((steps + 1, draws, provinces), np.nan)
        for key in ("reentrants", "retirement", "leaving", "sickness", "out55", "entrants")
    }
    steps_entrants = np.ascontiguousarray(inputs.entrants.transpose(1, 0, 2, 3))
    supply[0] = inputs.stock0
    sick[0] = inputs.sick0
    leave = inputs.leaving_rate[:, None]
    fall_ill = inputs.sickness_rate[:, None]
    retire = inputs.retirement_rate[:, None]
    back = inputs.return_rate[:, None, None]
    # Share of each band that stays in place for a year: (D, 1, A).
    keep = 1.0 - (inputs.leaving_rate + inputs.sickness_rate)[:, None, None] - AGEING_RATE
    keep[..., OLDEST] -= inputs.retirement_rate[:, None]
    pool_keep = 1.0 - (inputs.return_rate + inputs.sick_exit_rate)[:, None, None]
    for t in range(steps):
        stock = supply[t]
        pool = sick[t]
        total = last_axis_sum(stock)  # (D, P)
        sickness = stock * fall_ill[:, :, None]
        reentrants = pool * back
        entrants = steps_entrants[t]
        nxt = stock * keep + reentrants + entrants
        nxt[..., 1:] += stock[..., :-1] * AGEING_RATE[:-1]
        supply[t + 1] = nxt
        sick[t + 1] = pool * pool_keep + sickness
        retirement = stock[..., OLDEST] * retire  # (D, P)
        flows["reentrants"][t + 1] = last_axis_sum(reentrants)
        flows["retirement"][t + 1] = retirement
        flows["leaving"][t + 1] = total * leave
        flows["sickness"][t + 1] = total * fall_ill
        flows["entrants"][t + 1] = last_axis_sum(entrants)
        flows["out55"][t + 1] = retirement + stock[..., OLDEST] * (leave + fall_ill)
    offsets = np.arange(steps + 1, dtype=np.float64)
    growth = (1.0 + inputs.expansion_rate[:, None]) ** offsets[None, :]  # (D, T)
    demand = inputs.demand0[:, None, :] * growth[:, :, None]
    expansion = np.full(shape_t, np.nan)
    expansion[:, 1:] = demand[:, 1:] - demand[:, :-1]
    by_draw = {key: np.ascontiguousarray(value.swapaxes(0, 1)) for key, value in flows.items()}
    outflow = by_draw["retirement"] + by_draw["leaving"] + by_draw["sickness"]
    return Trajectory(
        years=inputs.years,
        supply_by_age=np.ascontiguousarray(supply.swapaxes(0, 1)),
        sick=last_axis_sum(sick).swapaxes(0, 1),
        demand=demand,
        inflow=by_draw["entrants"] + by_draw["reentrants"],
        outflow=outflow,
        entrants=by_draw["entrants"],
        reentrants=by_draw["reentrants"],
        retirement=by_draw["retirement"],
        leaving=by_draw["leaving"],
        sickness=by_draw["sickness"],
        outflow_55plus=by_draw["out55"],
        expansion_need=expansion,
        job_seekers=inputs.job_seekers,
    )
