"""Speed of the forecast: full Monte Carlo runs per scenario, and the sensitivity analysis.

Run: `.venv/bin/python benchmarks/forecast.py [--draws N] [--samples N]`. Prints, beside each
figure, a baseline measured in the same run:

* a full run per built-in scenario (load, sample, calibrate per draw, project, outputs), wall time
  (median of 3 after a warm-up) and peak memory, against the target of 1 s at 10,000 draws;
* the Sobol' analysis with 10 parameters (target ≤ 10 s with the model vectorised over samples),
  against the same model evaluated one sample at a time: that loop is timed on a subset of the
  samples and extrapolated linearly (stated in the output).

Timings on a shared machine vary by about ±30% between runs.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
import tracemalloc

import numpy as np

from krapte.forecast.core import scenarios
from krapte.forecast.core.montecarlo import simulate
from krapte.forecast.core.sensitivity import (
    analyse,
    evaluate,
    evaluate_one_by_one,
    uncertain_parameters,
)
from krapte.forecast.views import top_line

SENSITIVITY_PARAMETERS = 10
LOOP_SUBSET = 200


def timed_simulation(name: str, draws: int, seed: int) -> tuple[float, float]:
    """Median wall seconds of 3 full runs (after a warm-up) and the peak MiB of one."""
    simulate(scenarios.load(name), 100, seed)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        simulate(scenarios.load(name), draws, seed)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    simulate(scenarios.load(name), draws, seed)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(times), peak


def sensitivity_figures(samples: int, seed: int) -> None:
    scenario = scenarios.baseline()
    names = uncertain_parameters(scenario)[:SENSITIVITY_PARAMETERS]
    start = time.perf_counter()
    found = analyse(scenario, samples, seed, names=names)
    vectorised = time.perf_counter() - start
    points = np.random.default_rng(seed).random((LOOP_SUBSET, len(names)))
    start = time.perf_counter()
    evaluate_one_by_one(scenario, points, names)
    loop = (time.perf_counter() - start) * found.evaluations / LOOP_SUBSET
    start = time.perf_counter()
    evaluate(scenario, points, names)
    subset_vectorised = time.perf_counter() - start
    print(
        f"\nSobol' analysis, {len(names)} parameters, N = {samples}: {found.evaluations} model runs"
    )
    print(
        f"  vectorised over samples (sampling + model + indices): {vectorised:6.2f} s "
        f"(target ≤ 10 s)"
    )
    print(
        f"  baseline, one sample at a time: {loop:8.1f} s (timed on {LOOP_SUBSET} samples, "
        f"extrapolated to {found.evaluations}; vectorised on the same {LOOP_SUBSET}: "
        f"{subset_vectorised:.3f} s)"
    )
    print(f"  ratio: {loop / vectorised:.0f}×")
    print(f"  {top_line(found, 'gap', scenario.horizon)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=1024)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, NumPy {np.__version__}, {platform.machine()}")
    print(f"\nFull runs, {args.draws} draws (target ≤ 1 s each):")
    print(f"  {'scenario':34} {'wall s':>7} {'peak MiB':>9}")
    total = 0.0
    for name in scenarios.builtin_names():
        wall, peak = timed_simulation(name, args.draws, args.seed)
        total += wall
        print(f"  {name:34} {wall:7.2f} {peak:9.0f}")
    print(f"  {'all':34} {total:7.2f}")
    sensitivity_figures(args.samples, args.seed)


if __name__ == "__main__":
    main()
