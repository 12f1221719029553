"""The stock-flow core: a vectorised projection of the supply of social workers.

Pure NumPy: plain arrays in, arrays out. Every array carries the Monte Carlo draws (or the
sensitivity-analysis samples) as its first axis, so one call projects all of them at once; the
only Python loops run over years and over the handful of entry routes, never over draws. Shapes
use D draws, T years (base year included), P provinces and A age bands.

Workers sit in two pools per province and age band: new hires (their first years, who leave more
often) and established workers. Each year a share leaves the sector (by age band, higher for new
hires), a share becomes long-term sick, the oldest bands retire according to the legal pension
age of that year (plus early retirement at 60-64), the rest age into the next band, and entrants
join the new-hire pool. Demand is computed elsewhere (:mod:`krapte.forecast.core.demand`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

AGE_BANDS: tuple[str, ...] = ("<25", "25-34", "35-44", "45-54", "55-59", "60-64", "65+")
#: Width in years of the bands below 65 (the youngest taken as ages 20-24); the band 65+ runs
#: up to the legal pension age of the year, so its width is ``pension age - 65``.
WIDTHS: tuple[int, ...] = (5, 10, 10, 10, 5, 5)
AGEING_RATE: FloatArray = np.array([1.0 / width for width in WIDTHS] + [0.0])
BANDS = len(AGE_BANDS)
BAND_60 = AGE_BANDS.index("60-64")
BAND_65 = AGE_BANDS.index("65+")
OLD_BANDS = (AGE_BANDS.index("55-59"), BAND_60, BAND_65)
#: Share of new hires that becomes "established" each year (new = their first two years).
SETTLING_RATE = 0.5


def last_axis_sum(values: FloatArray) -> FloatArray:
    """Sum over the last (short) axis; a matrix product is much faster than ``sum`` there."""
    result: FloatArray = values @ np.ones(values.shape[-1])
    return result


@dataclass(frozen=True, slots=True)
class Route:
    """An entry route into the occupation: a programme level, the retraining route or other.

    ``starters`` (D, S) are first-year students (or candidates) for each starting year of the
    run; they enter work ``duration`` years later, times ``completion`` and ``entry_share``
    (D, S: by starting year, so a policy can ramp up). ``age_profile`` (D, A) spreads the entrants
    over age bands; ``province_share`` (D, P) over provinces (it may add up to less than 1 where
    graduates of Brussels campuses go to work in Brussels).
    """

    name: str
    starters: FloatArray
    duration: int
    completion: FloatArray
    entry_share: FloatArray
    age_profile: FloatArray
    province_share: FloatArray


def route_entrants(route: Route, first_start: int, first_year: int, last_year: int) -> FloatArray:
    """New workers from one route per step into ``first_year + 1 .. last_year``: (D, T-1, P, A).

    Column ``s`` of ``starters`` and ``entry_share`` belongs to starting year ``first_start + s``.
    """
    years = np.arange(first_year + 1, last_year + 1)
    index = years - route.duration - first_start
    if index.min() < 0 or index.max() >= route.starters.shape[1]:
        raise ValueError(f"route {route.name}: starters do not cover the years asked for")
    workers = route.starters[:, index] * route.completion[:, None] * route.entry_share[:, index]
    by_province = workers[:, :, None] * route.province_share[:, None, :]  # (D, T-1, P)
    result: FloatArray = by_province[..., None] * route.age_profile[:, None, None, :]
    return result


def total_entrants(
    routes: list[Route], first_start: int, first_year: int, last_year: int
) -> FloatArray:
    """Sum of :func:`route_entrants` over routes (a loop over routes, never over draws)."""
    if not routes:
        raise ValueError("at least one route is needed")
    total = route_entrants(routes[0], first_start, first_year, last_year)
    for route in routes[1:]:
        total = total + route_entrants(route, first_start, first_year, last_year)
    return total


@dataclass(frozen=True, slots=True)
class ModelInputs:
    """Everything the stock-flow projection needs, as arrays with the draws first."""

    first_year: int
    last_year: int
    stock0: FloatArray  # (D, P, A) employed social workers (heads) in the first year
    sick0: FloatArray  # (D, P, A) long-term sick social workers in the first year
    entrants: FloatArray  # (D, T-1, P, A) new workers entering in each step
    leaving_rate: FloatArray  # (D, T-1) yearly share leaving the sector (established, 35-54)
    age_factor: FloatArray  # (D, A) leaving relative to the 35-54 bands
    newcomer_factor: FloatArray  # (D,) leaving of new hires relative to established workers
    sickness_rate: FloatArray  # (D,) share of every band becoming long-term sick per year
    return_rate: FloatArray  # (D, T-1) share of the sick pool returning to work per year
    sick_exit_rate: FloatArray  # (D,) share of the sick pool leaving for good per year
    early_retirement: FloatArray  # (D,) share of the 60-64 band retiring early per year
    pension_age: IntArray  # (T-1,) legal pension age in the year each step leads into

    @property
    def years(self) -> IntArray:
        return np.arange(self.first_year, self.last_year + 1)


@dataclass(frozen=True, slots=True)
class Trajectory:
    """Projection results. Stocks are (D, T, P); flows of the step into year t are (D, T, P)
    with NaN in the first year (no step leads into it)."""

    years: IntArray
    supply_by_age: FloatArray  # (D, T, P, A) employed heads, new hires and established
    sick: FloatArray  # (D, T, P)
    entrants: FloatArray
    reentrants: FloatArray
    retirement: FloatArray
    leaving: FloatArray
    sickness: FloatArray
    outflow_55plus: FloatArray  # all outflows (leaving, sickness, retirement) of the 55+ bands

    @property
    def supply(self) -> FloatArray:
        result: FloatArray = last_axis_sum(self.supply_by_age)
        return result

    @property
    def outflow(self) -> FloatArray:
        result: FloatArray = self.retirement + self.leaving + self.sickness
        return result

    @property
    def inflow(self) -> FloatArray:
        result: FloatArray = self.entrants + self.reentrants
        return result


def _check_rates(inputs: ModelInputs) -> None:
    most = inputs.leaving_rate.max(axis=1) * inputs.age_factor.max(axis=1)
    if np.any(most * np.maximum(inputs.newcomer_factor, 1.0) + inputs.sickness_rate > 1.0):
        raise ValueError("leaving and sickness rates add up to more than the whole stock")
    if np.any(inputs.return_rate.max(axis=1) + inputs.sick_exit_rate > 1.0):
        raise ValueError("return and exit rates add up to more than the whole sick pool")
    if np.any(inputs.early_retirement + AGEING_RATE[BAND_60] > 1.0):
        raise ValueError("early retirement and ageing add up to more than the 60-64 band")


def _step(
    pool: FloatArray, leave: FloatArray, sick: FloatArray, early: FloatArray, pension_age: int
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """One year of one pool (D, P, A): (next, leaving, retirement, staying-before-ageing)."""
    leaving = pool * leave
    stay = pool - leaving - pool * sick
    retire_early = stay[..., BAND_60] * early
    stay[..., BAND_60] -= retire_early
    ageing = stay * AGEING_RATE
    if pension_age > 65:
        ageing[..., BAND_65] = stay[..., BAND_65] / (pension_age - 65)
        to_65 = ageing[..., BAND_60]
        retirement = retire_early + ageing[..., BAND_65]
    else:
        to_65 = np.zeros_like(retire_early)
        ageing[..., BAND_65] = stay[..., BAND_65]
        retirement = retire_early + ageing[..., BAND_60] + ageing[..., BAND_65]
    nxt = stay - ageing
    nxt[..., 1:BAND_65] += ageing[..., : BAND_65 - 1]
    nxt[..., BAND_65] += to_65
    return nxt, leaving, retirement, stay


def project(inputs: ModelInputs, newcomers0: FloatArray | None = None) -> Trajectory:
    """Run the stock-flow model for all draws at once (loop over years only).

    ``newcomers0`` (D, P, A) is the part of ``stock0`` hired in the last two years (none by
    default).
    """
    _check_rates(inputs)
    draws, provinces, bands = inputs.stock0.shape
    steps = inputs.last_year - inputs.first_year
    if inputs.entrants.shape != (draws, steps, provinces, bands):
        raise ValueError(f"entrants must have shape {(draws, steps, provinces, bands)}")
    if len(inputs.pension_age) != steps:
        raise ValueError("one pension age per step is needed")
    new = np.zeros_like(inputs.stock0) if newcomers0 is None else newcomers0.copy()
    settled = inputs.stock0 - new
    sick_pool = inputs.sick0.copy()
    supply = np.empty((steps + 1, draws, provinces, bands))
    sick = np.empty((steps + 1, draws, provinces))
    keys = ("entrants", "reentrants", "retirement", "leaving", "sickness", "out55")
    flows = {key: np.full((steps + 1, draws, provinces), np.nan) for key in keys}
    supply[0] = inputs.stock0
    sick[0] = last_axis_sum(sick_pool)
    fall_ill = inputs.sickness_rate[:, None, None]
    early = inputs.early_retirement[:, None]
    old = list(OLD_BANDS)
    for t in range(steps):
        leave = (inputs.leaving_rate[:, t, None] * inputs.age_factor)[:, None, :]  # (D, 1, A)
        leave_new = leave * inputs.newcomer_factor[:, None, None]
        age = int(inputs.pension_age[t])
        total = new + settled
        sickness = total * fall_ill
        back = sick_pool * inputs.return_rate[:, t, None, None]
        new_next, new_leaving, new_retired, _ = _step(new, leave_new, fall_ill, early, age)
        set_next, set_leaving, set_retired, _ = _step(settled, leave, fall_ill, early, age)
        settling = new_next * SETTLING_RATE
        entrants = inputs.entrants[:, t]
        new = new_next - settling + entrants
        settled = set_next + settling + back
        exit_rate = 1.0 - inputs.return_rate[:, t] - inputs.sick_exit_rate
        sick_pool = sick_pool * exit_rate[:, None, None] + sickness
        leaving = new_leaving + set_leaving
        retired = new_retired + set_retired
        supply[t + 1] = new + settled
        sick[t + 1] = last_axis_sum(sick_pool)
        flows["entrants"][t + 1] = last_axis_sum(entrants)
        flows["reentrants"][t + 1] = last_axis_sum(back)
        flows["retirement"][t + 1] = retired
        flows["leaving"][t + 1] = last_axis_sum(leaving)
        flows["sickness"][t + 1] = last_axis_sum(sickness)
        flows["out55"][t + 1] = (
            last_axis_sum(leaving[..., old]) + last_axis_sum(sickness[..., old]) + retired
        )
    by_draw = {key: np.ascontiguousarray(value.swapaxes(0, 1)) for key, value in flows.items()}
    return Trajectory(
        years=inputs.years,
        supply_by_age=np.ascontiguousarray(supply.swapaxes(0, 1)),
        sick=np.ascontiguousarray(sick.swapaxes(0, 1)),
        entrants=by_draw["entrants"],
        reentrants=by_draw["reentrants"],
        retirement=by_draw["retirement"],
        leaving=by_draw["leaving"],
        sickness=by_draw["sickness"],
        outflow_55plus=by_draw["out55"],
    )
