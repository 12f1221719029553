"""Benchmark of the forecast core: 10,000 Monte Carlo draws, 12 years, 5 provinces, all built-in
scenarios. Prints wall seconds and peak memory per scenario (target: at most 1 s per scenario),
and the same projection done with a plain per-draw Python loop as the baseline, with the ratio.

Run: .venv/bin/python benchmarks/forecast.py [--draws N] [--loop-draws N]
"""

from __future__ import annotations

import argparse
import platform
import time
import tracemalloc
from dataclasses import fields, replace

import numpy as np

from krapte.forecast import scenarios
from krapte.forecast.core.model import ModelInputs, project
from krapte.forecast.core.montecarlo import build_inputs, sample, simulate

REPEATS = 3


def timed_simulation(name: str, draws: int, seed: int) -> tuple[float, float]:
    """(median wall seconds of REPEATS runs, peak MiB) of one full scenario run: loading the
    scenario file, sampling, building the inputs, projecting and computing every output."""
    simulate(scenarios.load(name), draws, seed)  # warm-up (allocator, caches)
    walls = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        simulate(scenarios.load(name), draws, seed)
        walls.append(time.perf_counter() - start)
    wall = sorted(walls)[REPEATS // 2]
    scenario = scenarios.load(name)
    tracemalloc.start()
    simulate(scenario, draws, seed)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return wall, peak / 2**20


def one_draw(inputs: ModelInputs, index: int) -> ModelInputs:
    """The inputs of a single draw (the leading axis kept, of length 1)."""
    changes = {
        field.name: getattr(inputs, field.name)[index : index + 1]
        for field in fields(inputs)
        if isinstance(getattr(inputs, field.name), np.ndarray)
    }
    return replace(inputs, **changes)


def loop_baseline(name: str, draws: int, seed: int) -> float:
    """Wall seconds of projecting ``draws`` draws one at a time in a Python loop."""
    scenario = scenarios.load(name)
    inputs = build_inputs(scenario, sample(scenario, draws, seed))
    start = time.perf_counter()
    for index in range(draws):
        project(one_draw(inputs, index))
    return time.perf_counter() - start


def vectorised_projection(name: str, draws: int, seed: int) -> float:
    scenario = scenarios.load(name)
    inputs = build_inputs(scenario, sample(scenario, draws, seed))
    project(inputs)  # warm-up
    walls = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        project(inputs)
        walls.append(time.perf_counter() - start)
    return sorted(walls)[REPEATS // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--loop-draws", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    base = scenarios.baseline()
    print(
        f"forecast benchmark: {args.draws} draws, {base.horizon - base.base_year + 1} years "
        f"({base.base_year}-{base.horizon}), 5 provinces, 5 age bands; "
        f"Python {platform.python_version()}, NumPy {np.__version__}, {platform.machine()}"
    )
    print(f"{'scenario':34} {'wall s':>8} {'peak MiB':>9}   (wall: median of {REPEATS} runs)")
    walls = []
    for name in scenarios.builtin_names():
        wall, peak = timed_simulation(name, args.draws, args.seed)
        walls.append(wall)
        flag = "" if wall <= 1.0 else "  (above the 1 s target)"
        print(f"{name:34} {wall:8.3f} {peak:9.1f}{flag}")
    print(f"{'all scenarios':34} {sum(walls):8.3f}")

    vector = vectorised_projection("basis", args.draws, args.seed)
    loop = loop_baseline("basis", args.loop_draws, args.seed)
    loop_full = loop * args.draws / args.loop_draws
    print()
    print("projection only (model.project), scenario basis:")
    print(f"  vectorised, {args.draws} draws at once: {vector:8.3f} s")
    print(
        f"  per-draw Python loop, {args.loop_draws} draws measured: {loop:8.3f} s "
        f"-> extrapolated to {args.draws} draws: {loop_full:8.1f} s"
    )
    print(f"  ratio loop / vectorised: {loop_full / vector:8.0f}x")


if __name__ == "__main__":
    main()
