"""Global sensitivity analysis: which uncertain input moves the 2035 gap and hiring need most.

Sobol' indices (first order S1 and total ST, Saltelli sampling via SALib) over every uncertain
parameter of a scenario: those with a range that are not calibrated. Each parameter is sampled
on its own triangular distribution (a Sobol' point is its uniform number), and the model runs
vectorised over all sample points at once, in chunks, exactly as over Monte Carlo draws. This
answers the report's call for data (priority 8): the parameters at the top are the missing
figures that would narrow the forecast most.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from krapte.datahub.core.records import FLANDERS
from krapte.forecast.core.inputs import ForecastData
from krapte.forecast.core.model import FloatArray
from krapte.forecast.core.montecarlo import REGIONS, draw_outputs, run_draws
from krapte.forecast.core.parameters import Scenario
from krapte.forecast.core.sampling import Draws

#: The outputs analysed, in the horizon year, for Flanders.
TARGETS: tuple[str, ...] = ("gap", "hiring_need")
CHUNK = 8192


def uncertain_parameters(scenario: Scenario) -> list[str]:
    """Names of the parameters with a range that are not solved by the calibration."""
    return sorted(
        name
        for name, parameter in scenario.parameters.items()
        if not parameter.is_fixed and not parameter.is_calibrated
    )


def evaluate(
    scenario: Scenario, points: FloatArray, names: Sequence[str], data: ForecastData | None = None
) -> dict[str, FloatArray]:
    """The targets in the horizon year (Flanders) for every row of uniform numbers ``points``."""
    results: dict[str, list[FloatArray]] = {target: [] for target in TARGETS}
    flanders = REGIONS.index(FLANDERS)
    for start in range(0, len(points), CHUNK):
        block = points[start : start + CHUNK]
        u = {name: np.full(len(block), 0.5) for name in scenario.parameters}
        u.update({name: block[:, i] for i, name in enumerate(names)})
        built, trajectory = run_draws(Draws(scenario, u), data)
        outputs = draw_outputs(trajectory, built)
        for target in TARGETS:
            results[target].append(outputs[target][:, -1, flanders])
    return {target: np.concatenate(parts) for target, parts in results.items()}


def evaluate_one_by_one(
    scenario: Scenario, points: FloatArray, names: Sequence[str], data: ForecastData | None = None
) -> dict[str, FloatArray]:
    """The same as :func:`evaluate`, one sample point at a time (the benchmark's baseline)."""
    rows = [evaluate(scenario, points[i : i + 1], names, data) for i in range(len(points))]
    return {target: np.concatenate([row[target] for row in rows]) for target in TARGETS}


@dataclass(frozen=True, slots=True)
class Index:
    """The Sobol' indices of one parameter for one target, with their 95% confidence."""

    target: str
    parameter: str
    first: float
    first_conf: float
    total: float
    total_conf: float
    rank: int


@dataclass(frozen=True, slots=True)
class Sensitivity:
    scenario: str
    samples: int
    evaluations: int
    seed: int
    indices: tuple[Index, ...]

    def ranking(self, target: str) -> list[Index]:
        return sorted((i for i in self.indices if i.target == target), key=lambda i: i.rank)


Evaluator = Callable[
    [Scenario, FloatArray, Sequence[str], ForecastData | None], dict[str, FloatArray]
]


def analyse(
    scenario: Scenario,
    samples: int = 512,
    seed: int = 0,
    *,
    names: Sequence[str] | None = None,
    data: ForecastData | None = None,
    evaluator: Evaluator = evaluate,
) -> Sensitivity:
    """Sobol' first-order and total indices of ``names`` (default: every uncertain parameter)."""
    from SALib.analyze import sobol as sobol_analysis
    from SALib.sample import sobol as sobol_sample

    chosen = list(names) if names is not None else uncertain_parameters(scenario)
    problem = {"num_vars": len(chosen), "names": chosen, "bounds": [[0.0, 1.0]] * len(chosen)}
    points = sobol_sample.sample(problem, samples, calc_second_order=False, seed=seed)
    values = evaluator(scenario, points, chosen, data)
    indices: list[Index] = []
    for target in TARGETS:
        found = sobol_analysis.analyze(
            problem, values[target], calc_second_order=False, seed=seed, print_to_console=False
        )
        order = np.argsort(-np.asarray(found["ST"]), kind="stable")
        rank = {int(position): place + 1 for place, position in enumerate(order)}
        for position, name in enumerate(chosen):
            indices.append(
                Index(
                    target=target,
                    parameter=name,
                    first=float(found["S1"][position]),
                    first_conf=float(found["S1_conf"][position]),
                    total=float(found["ST"][position]),
                    total_conf=float(found["ST_conf"][position]),
                    rank=rank[position],
                )
            )
    return Sensitivity(
        scenario=scenario.name,
        samples=samples,
        evaluations=len(points),
        seed=seed,
        indices=tuple(indices),
    )
