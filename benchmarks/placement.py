"""Benchmark of the placement engine, its file edges, the command line and the `matching` library.

Run: ``.venv/bin/python benchmarks/placement.py`` (``--quick`` for the two smallest sizes,
``--large`` to add 1,000,000 students over 200,000 offers, ``--no-library`` to skip `matching`).

For every size the script generates a synthetic round with ``krapte placement generate``'s
generator, then measures, each in a fresh subprocess:

* engine: lottery, eligibility, quotas and priorities (``prepare``), deferred acceptance and the
  stability check, on arrays already in memory; wall seconds and the tracemalloc peak of the
  engine, plus the peak RSS of the whole worker process (which also holds the parsed files);
* edges: reading the three files and writing the three big outputs (assignments, lottery,
  explanations) with the column-wise reader and writer of :mod:`krapte.tabular`, beside the
  named baseline ``row-wise`` measured in the same run: the reader and writer placement used
  before issue 8 (``csv`` rows into Python lists, one tuple per output row), kept below;
* cli: ``python -m krapte placement run`` end to end (read, validate, run, check, write);
  wall seconds and peak RSS, printed beside the figures the issue measured on main before it
  (``TODAY``: 4.4 s at 100,000 students; 62 s and 3.5 GB at 1,000,000) and its targets;
* matching: the `matching` library's HospitalResident (build plus solve), with a 60 s limit, on
  the same round without quotas (that library has none), after asserting that its
  resident-optimal assignment equals krapte's on that round; the ratio compares it with krapte's
  engine on the same quota-free round.
"""

from __future__ import annotations

import argparse
import csv
import io
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
from krapte.placement.core.stability import check_assignment
from krapte.placement.core.validation import LoadedRound
from krapte.placement.oracle import oracle_assignment
from krapte.placement.service import InputPaths, generate_round, load

SIZES = [(1_000, 200), (5_000, 1_000), (10_000, 2_000), (20_000, 4_000), (100_000, 20_000)]
QUICK = SIZES[:2]
LARGE = (1_000_000, 200_000)
LIBRARY_LIMIT_S = 60
#: `placement run` end to end on main before issue 8, as the issue measured it: seconds, MB.
TODAY = {100_000: (4.4, None), 1_000_000: (62.0, 3500)}
#: The issue's targets: seconds, MB.
TARGETS = {100_000: (2.5, None), 1_000_000: (20.0, 2000)}


# --- the baseline: placement's row-wise reader and writer before issue 8 ------------------------


def rowwise_read(path: Path) -> tuple[list[str], list[list[str]]]:
    """The former ``placement.files.read_table`` for CSV: rows of Python strings, then columns."""
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    raw = list(csv.reader(io.StringIO(text)))
    header = [cell.strip().lower() for cell in raw[0]]
    width = len(header)
    padded = [(row + [""] * (width - len(row)))[:width] for row in raw[1:]]
    return header, [list(column) for column in zip(*padded, strict=True)]


def rowwise_write(path: Path, header: tuple[str, ...], rows: object) -> None:
    """The former ``placement.files.write_csv``: one Python tuple per row through ``csv``."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)  # type: ignore[arg-type]


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


def _inputs(folder: Path) -> list[Path]:
    return [folder / name for name in ("offers.csv", "students.csv", "preferences.csv")]


def worker_edges(folder: Path) -> dict[str, object]:
    """Seconds to read the three files and to write the three big outputs, both ways."""
    import numpy as np

    from krapte.placement.core.explain import REASONS, explain
    from krapte.placement.run_files import present_only, take_names
    from krapte.tabular import read_table, write_columns

    start = time.perf_counter()
    for path in _inputs(folder):
        rowwise_read(path)
    baseline_read = time.perf_counter() - start
    start = time.perf_counter()
    for path in _inputs(folder):
        read_table(path)
    new_read = time.perf_counter() - start

    loaded = _load(folder)
    instance = loaded.encoded.instance
    lottery = draw_lottery(instance.n_students, 1)
    table = prepare(instance, lottery)
    result = deferred_acceptance(table)
    found = explain(table, result)
    ranks = result.rank(table)
    ids, offer_ids = loaded.encoded.student_ids, loaded.encoded.offer_ids
    out = folder / "edges"
    out.mkdir(exist_ok=True)

    start = time.perf_counter()
    offers, matched = result.offer.tolist(), (result.offer >= 0)
    rowwise_write(
        out / "a.csv",
        ("student_id", "offer_id", "rank_obtained"),
        ((s, offer_ids[o] if o >= 0 else "", r if o >= 0 else "")
         for s, o, r in zip(ids, offers, ranks.tolist(), strict=True)),
    )  # fmt: skip
    rowwise_write(
        out / "l.csv", ("student_id", "lottery_number"), zip(ids, lottery.tolist(), strict=True)
    )
    rowwise_write(
        out / "e.csv",
        ("student_id", "rank", "offer_id", "outcome"),
        zip([ids[s] for s in found.student.tolist()], found.rank.tolist(),
            [offer_ids[o] for o in found.offer.tolist()],
            [REASONS[r] for r in found.reason.tolist()], strict=True),
    )  # fmt: skip
    baseline_write = time.perf_counter() - start

    import pyarrow as pa

    start = time.perf_counter()
    names, offer_names = pa.array(ids, pa.string()), pa.array(offer_ids, pa.string())
    write_columns(
        out / "a.csv",
        {"student_id": names, "offer_id": take_names(offer_names, result.offer),
         "rank_obtained": present_only(ranks, matched)},
    )  # fmt: skip
    write_columns(out / "l.csv", {"student_id": names, "lottery_number": lottery})
    write_columns(
        out / "e.csv",
        {"student_id": take_names(names, found.student), "rank": found.rank,
         "offer_id": take_names(offer_names, found.offer),
         "outcome": take_names(pa.array(REASONS), np.asarray(found.reason))},
    )  # fmt: skip
    new_write = time.perf_counter() - start
    return {
        "baseline_read": baseline_read,
        "read": new_read,
        "baseline_write": baseline_write,
        "write": new_write,
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
    parser.add_argument("--large", action="store_true", help="add 1,000,000 students")
    parser.add_argument("--no-library", action="store_true", help="skip the matching library")
    parser.add_argument("--worker", choices=["engine", "library", "cli", "edges"])
    parser.add_argument("folder", nargs="?", type=Path)
    args = parser.parse_args()
    if args.worker:
        work = {
            "engine": worker_engine,
            "library": worker_library,
            "cli": worker_cli,
            "edges": worker_edges,
        }
        print(json.dumps(work[args.worker](args.folder)))
        return

    sizes = QUICK if args.quick else SIZES + ([LARGE] if args.large else [])
    library_gave_up = False
    print("Placement benchmark (seconds and MiB; timings vary by about ±20% on a shared machine)")
    print("edges: read = the three input files, write = assignments, lottery, explanations;")
    print("       row-wise = the baseline, placement's reader and writer before issue 8.")
    print("cli:   `python -m krapte placement run` end to end; today = issue 8's figures on main")
    print("       before it; target = issue 8's target.")
    header = (
        f"{'students':>9} {'offers':>7} {'entries':>9} | {'engine s':>8} {'MiB':>6} "
        f"| {'read':>6} {'row-wise':>8} {'write':>6} {'row-wise':>8} "
        f"| {'cli s':>6} {'MiB':>6} {'today s':>7} {'MB':>5} {'target':>6} "
        f"| {'matching s':>10} {'krapte s':>8} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as scratch:
        for students, offers in sizes:
            folder = Path(scratch) / f"{students}-{offers}"
            generate_round(students, offers, seed=2024, out=folder, max_choices=10)
            engine = _spawn(["--worker", "engine", str(folder)])
            edges = _spawn(["--worker", "edges", str(folder)])
            cli = _spawn(["--worker", "cli", str(folder)])
            assert engine is not None
            assert edges is not None
            assert cli is not None
            library = None
            big = students > SIZES[-1][0]
            if not (args.no_library or library_gave_up or big):
                library = _spawn(["--worker", "library", str(folder)], timeout=LIBRARY_LIMIT_S)
                library_gave_up = library is None
            if library is None:
                shown = "> 60" if library_gave_up else "skipped"
                lib = f"{shown:>10} {'':>8} {'':>6}"
            else:
                ratio = float(str(library["seconds"])) / float(str(library["krapte_seconds"]))
                lib = (
                    f"{library['seconds']:>10.2f} {library['krapte_seconds']:>8.4f} {ratio:>5.0f}x"
                )
            today_s, today_mb = TODAY.get(students, (None, None))
            target_s, _ = TARGETS.get(students, (None, None))
            print(
                f"{students:>9} {offers:>7} {engine['entries']:>9} | "
                f"{engine['seconds']:>8.3f} {engine['engine_peak_mib']:>6.1f} | "
                f"{edges['read']:>6.2f} {edges['baseline_read']:>8.2f} "
                f"{edges['write']:>6.2f} {edges['baseline_write']:>8.2f} | "
                f"{cli['seconds']:>6.2f} {cli['process_peak_mib']:>6.0f} "
                f"{_or_blank(today_s, '.1f'):>7} {_or_blank(today_mb, '.0f'):>5} "
                f"{_or_blank(target_s, '.1f'):>6} | {lib}",
                flush=True,
            )


def _or_blank(value: float | None, spec: str) -> str:
    return "" if value is None else format(value, spec)


if __name__ == "__main__":
    main()
