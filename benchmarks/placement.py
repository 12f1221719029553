"""Benchmark of the placement engine, the command line and the `matching` library.

Run: ``.venv/bin/python benchmarks/placement.py`` (``--quick`` for the two smallest sizes).

For every size the script generates a synthetic round with ``krapte placement generate``'s
generator, then measures, each in a fresh subprocess:

* engine: lottery, eligibility, quotas and priorities (``prepare``), deferred acceptance and the
  stability check, on arrays already in memory; wall seconds and the tracemalloc peak of the
  engine, plus the peak RSS of the whole worker process (which also holds the parsed files);
* cli: ``python -m krapte placement run`` end to end (read, validate, run, check, write);
  wall seconds and peak RSS;
* matching: the `matching` library's HospitalResident (build plus solve), with a 60 s limit, on
  the same round without quotas (that library has none), after asserting that its
  resident-optimal assignment equals krapte's on that round; the ratio compares it with krapte's
  engine on the same quota-free round.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

from krapte.placement.core.instance import (
    EntryTable,
    PlacementInstance,
    draw_lottery,
    empty_ints,
    prepare,
)
from krapte.placement.core.matching import MatchResult, deferred_acceptance
from krapte.placement.oracle import oracle_assignment
from krapte.placement.service import InputPaths, generate_round, load
from krapte.placement.core.stability import check_assignment
from krapte.placement.core.validation import LoadedRound

SIZES = [(1_000, 200), (5_000, 1_000), (10_000, 2_000), (20_000, 4_000), (100_000, 20_000)]
QUICK = SIZES[:2]
LIBRARY_LIMIT_S = 60


def _load(folder: Path) -> LoadedRound:
    return load(
        InputPaths(folder / "offers.csv", folder / "students.csv", folder / "preferences.csv")
    )


def _engine(instance: PlacementInstance, seed: int) -> tuple[float, int, EntryTable, MatchResult]:
    tracemalloc.start()
    start = time.perf_counter()
    table = prepare(instance, draw_lottery(instance.n_students, seed))
    result = deferred_acceptance(table)
    report = check_assignment(table, result.offer)
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert report.ok, "krapte's result is not stable"
    return seconds, peak, table, result


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_engine(folder: Path) -> dict[str, object]:
    instance = _load(folder).encoded.instance
    seconds, peak, _, _ = _engine(instance, seed=1)
    return {
        "seconds": seconds,
        "engine_peak_mib": peak / 2**20,
        "process_peak_mib": _maxrss_mib(),
        "entries": instance.n_entries,
    }


def worker_library(folder: Path) -> dict[str, object]:
    instance = _load(folder).encoded.instance
    instance = replace(
        instance, quota_offer=empty_ints(), quota_programme=empty_ints(), quota_limit=empty_ints()
    )
    krapte_seconds, _, table, result = _engine(instance, seed=1)
    start = time.perf_counter()
    theirs = oracle_assignment(table)
    seconds = time.perf_counter() - start
    assert (theirs == result.offer).all(), "the matching library disagrees with krapte"
    return {
        "seconds": seconds,
        "krapte_seconds": krapte_seconds,
        "process_peak_mib": _maxrss_mib(),
    }


def _spawn(args: list[str], timeout: float | None = None) -> dict[str, object] | None:
    try:
        done = subprocess.run(
            [sys.executable, __file__, *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def worker_cli(folder: Path) -> dict[str, object]:
    out = folder / "run"
    command = [
        sys.executable, "-m", "krapte", "placement", "run",
        "--offers", str(folder / "offers.csv"), "--students", str(folder / "students.csv"),
        "--preferences", str(folder / "preferences.csv"), "--seed", "1", "--out", str(out),
    ]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": seconds, "process_peak_mib": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="only the two smallest sizes")
    parser.add_argument("--no-library", action="store_true", help="skip the matching library")
    parser.add_argument("--worker", choices=["engine", "library", "cli"])
    parser.add_argument("folder", nargs="?", type=Path)
    args = parser.parse_args()
    if args.worker:
        work = {"engine": worker_engine, "library": worker_library, "cli": worker_cli}
        print(json.dumps(work[args.worker](args.folder)))
        return

    sizes = QUICK if args.quick else SIZES
    library_gave_up = False
    header = (
        f"{'students':>9} {'offers':>7} {'entries':>9} | {'engine s':>8} {'engine MiB':>10} "
        f"{'proc MiB':>8} | {'cli s':>6} {'cli MiB':>7} | {'matching s':>10} {'MiB':>6} "
        f"{'krapte s':>8} {'ratio':>7}"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as scratch:
        for students, offers in sizes:
            folder = Path(scratch) / f"{students}-{offers}"
            generate_round(students, offers, seed=2024, out=folder, max_choices=10)
            engine = _spawn(["--worker", "engine", str(folder)])
            cli = _spawn(["--worker", "cli", str(folder)])
            assert engine is not None
            assert cli is not None
            library = None
            if not (args.no_library or library_gave_up):
                library = _spawn(["--worker", "library", str(folder)], timeout=LIBRARY_LIMIT_S)
                library_gave_up = library is None
            if library is None:
                lib = f"{'> 60' if library_gave_up else 'skipped':>10} {'':>6} {'':>8} {'':>7}"
            else:
                ratio = float(str(library["seconds"])) / float(str(library["krapte_seconds"]))
                lib = (
                    f"{library['seconds']:>10.2f} {library['process_peak_mib']:>6.0f} "
                    f"{library['krapte_seconds']:>8.4f} {ratio:>6.0f}x"
                )
            print(
                f"{students:>9} {offers:>7} {engine['entries']:>9} | "
                f"{engine['seconds']:>8.3f} {engine['engine_peak_mib']:>10.1f} "
                f"{engine['process_peak_mib']:>8.0f} | {cli['seconds']:>6.2f} "
                f"{cli['process_peak_mib']:>7.0f} | {lib}",
                flush=True,
            )


if __name__ == "__main__":
    main()
