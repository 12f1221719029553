"""Benchmark of the command line's start: `krapte --help` and `krapte <group> --help`.

Run: ``.venv/bin/python benchmarks/cli_startup.py [--repeats N]``

Target (issue "one set of edges"): `krapte --help` at most 0.3 s. Figures of before the edges
were rebuilt, measured on the same kind of machine: 0.9 s for `krapte --help`, 805 modules
imported. The named baseline measured in this run is the bare interpreter start
(``python -c pass``): what no command can go below. Each figure is the median wall time of fresh
processes, with the number of modules the command imported.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

TARGET_S = 0.3
BEFORE = {"krapte --help": (0.9, 805)}
COUNT_MODULES = (
    "import sys, runpy; sys.argv = {argv!r}; "
    "import atexit, json; atexit.register(lambda: print(json.dumps(len(sys.modules)), "
    "file=sys.stderr)); runpy.run_module('krapte', run_name='__main__')"
)


def _median_seconds(command: list[str], repeats: int) -> float:
    walls = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, check=False, capture_output=True)
        walls.append(time.perf_counter() - start)
    return statistics.median(walls)


def _modules(argv: list[str]) -> int:
    done = subprocess.run(
        [sys.executable, "-c", COUNT_MODULES.format(argv=["krapte", *argv])],
        capture_output=True,
        text=True,
        check=False,
    )
    return int(json.loads(done.stderr.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    baseline = _median_seconds([sys.executable, "-c", "pass"], args.repeats)
    print(f"{'command':<28} {'median s':>9} {'modules':>8} {'before s':>9} {'target s':>9}")
    print(f"{'python -c pass (baseline)':<28} {baseline:>9.3f} {'':>8} {'':>9} {'':>9}")
    for argv in (["--help"], ["data", "--help"], ["placement", "--help"], ["forecast", "--help"]):
        label = "krapte " + " ".join(argv)
        seconds = _median_seconds([sys.executable, "-m", "krapte", *argv], args.repeats)
        before = BEFORE.get(label)
        target = f"{TARGET_S:>9.1f}" if argv == ["--help"] else f"{'':>9}"
        print(
            f"{label:<28} {seconds:>9.3f} {_modules(argv):>8} "
            f"{before[0] if before else '':>9} {target}"
        )


if __name__ == "__main__":
    main()
