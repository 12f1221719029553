"""The data hub at the scale of real exports: import, validate and read 500,000 figures.

Run: `.venv/bin/python benchmarks/datahub_scale.py [--figures N] [--baseline-figures N]`.

Builds a synthetic wide export (one row per institution, programme and level, one column per
academic year, Flemish numbers, a total row per institution and level), initialises a fresh store
(SQLite in a temporary KRAPTE_HOME, or ``--database-url``) with the bundled data, and times, each in
its own child process (wall time and the child's peak RSS from ``os.wait4``):

* ``krapte data import`` of the export as a new dataset (target ≤ 5 s, ≤ 500 MB);
* ``krapte data import`` of a changed export as its second version: the diff against the 500,000
  figures of the first one, ``--remove-missing`` (same targets);
* ``krapte data validate --format json`` over the whole store (target ≤ 10 s);
* an explorer page in-process (``datahub.explorer.explore``): one measure, one level and ten
  years, added up per institution, page 3; cold (the explorer's per-version memory emptied) and
  remembered (target ≤ 100 ms, medians of 5 after a warm-up).

The named baseline is main's row-by-row path before this change (one ``Observation`` object and one
parameter dict per figure, the previous version loaded as ORM objects; the checks looping over
objects), rebuilt in this script from the functions that remain (``--step``), measured in the
same run on a ``--baseline-figures`` subset (default 50,000) and extrapolated linearly to the full
size: say so when you quote it. Timings on the shared 2-core machine vary by about ±30 % between
runs (more when other work runs beside them).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

IMPORT_TARGET_S = 5.0
IMPORT_TARGET_MB = 500.0
VALIDATE_TARGET_S = 10.0
QUERY_TARGET_MS = 100.0
YEARS = tuple(range(2005, 2025))
LEVELS = ("graduaat", "bachelor", "master", "banaba", "manama")
PROGRAMMES = 40
DATASET = "inschrijvingen_export"
IMPORT_OPTIONS = (
    "--dataset",
    DATASET,
    "--measure",
    "inschrijvingen",
    "--source",
    "Dataloep (synthetisch)",
    "--table",
    "export-instellingen",
)


# --- the synthetic export ------------------------------------------------------------------


def _academic(year: int) -> str:
    return f"{year}-{year + 1}"


def _flemish(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def write_export(path: Path, figures: int, *, seed: int = 0, revision: bool = False) -> int:
    """A wide export of about ``figures`` figures (whole institutions); returns how many it holds.

    Per institution and level one row per programme and a "Totaal" row; counts follow a smooth
    trend with a little noise, some programmes start later (empty early years), and about 1 % of
    the printed totals are off by one (what real exports do). A ``revision`` is the next version
    of the same export: about 1 % of the figures changed and the last institution left out.
    """
    structure = np.random.default_rng(seed)
    changes = np.random.default_rng(seed + 1)
    counted = written = 0
    rows: list[list[str]] = []
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(["Instelling", "Opleiding", "Niveau", *map(_academic, YEARS)])
        number = 0
        while counted < figures:
            out.writerows(rows)
            written += sum(1 for row in rows for cell in row[3:] if cell)
            number += 1
            rows = []
            for level in LEVELS:
                totals = np.zeros(len(YEARS), dtype=np.int64)
                for programme in range(1, PROGRAMMES + 1):
                    base = structure.integers(5, 400)
                    growth = structure.normal(0.01, 0.03)
                    start = structure.integers(0, 10) if structure.random() < 0.1 else 0
                    trend = (1 + growth) ** np.arange(len(YEARS))
                    noise = structure.normal(1.0, 0.02, len(YEARS))
                    values = np.rint(base * trend * noise).astype(np.int64)
                    if revision:
                        values += changes.random(len(YEARS)) < 0.01
                    values[:start] = 0
                    totals += values
                    cells = [_flemish(v) if y >= start else "" for y, v in enumerate(values)]
                    counted += len(YEARS) - start
                    rows.append([f"Hogeschool {number:03d}", f"opleiding {programme:02d}", level])
                    rows[-1].extend(cells)
                if structure.random() < 0.01:
                    totals[-1] += 1  # a printed total that does not add up
                rows.append([f"Hogeschool {number:03d}", "Totaal", level, *map(_flemish, totals)])
                counted += len(YEARS)
        if not revision:
            out.writerows(rows)
            written += sum(1 for row in rows for cell in row[3:] if cell)
    return written


# --- measuring child processes -------------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    wall_s: float
    cpu_s: float
    """User and system time: what the wall time would be on an idle machine (one core)."""
    peak_mb: float
    output: str


def run_child(command: list[str], env: dict[str, str]) -> Measured:
    """Wall time and peak RSS (MB) of one child process; fails loudly when the child fails."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        text = out.read().decode("utf-8", "replace")
        problem = err.read().decode("utf-8", "replace")
    if child.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{problem}{text}")
    return Measured(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text)


def krapte(*argv: str) -> list[str]:
    return [sys.executable, "-m", "krapte", *argv]


# --- the baseline: main's row-by-row path, rebuilt from the functions that remain ----------


def rowwise_import(path: Path, remove_missing: bool) -> None:
    """Main's import before this change: one Observation per figure, the previous version
    loaded as objects and compared in Python, an ORM insert of one dict per figure."""
    from krapte.bootstrap import bootstrap
    from krapte.datahub import repository
    from krapte.datahub.core.importer import ImportOptions, parse_import

    options = ImportOptions(
        dataset=DATASET, measure="inschrijvingen", source=IMPORT_OPTIONS[5], table=IMPORT_OPTIONS[7]
    )
    new = parse_import(path, options).observations
    with bootstrap().unit_of_work(write=True) as uow:
        session = uow.session
        created = repository.ensure_dataset(session, DATASET, title=DATASET)
        old = [] if created else repository.fetch_observations(session, DATASET)
        before: dict[tuple[str, ...], set[float]] = {}
        for figure in old:
            before.setdefault(figure.identity, set()).add(figure.value)
        brought = {figure.identity for figure in new}
        removed = sum(figure.identity not in brought for figure in old)
        assert remove_missing or not removed
        repository.add_release(
            session,
            dataset=DATASET,
            label="baseline",
            origin="baseline",
            checksum="",
            observations=new,
        )
        uow.commit()


def rowwise_validate() -> None:
    """Main's validate before this change: every current figure as an ORM object and a record,
    every check looping over all of them."""
    from krapte.bootstrap import bootstrap
    from krapte.datahub import repository
    from krapte.datahub.core import checks, series_checks
    from krapte.datahub.core.series import bundled_series_declarations

    with bootstrap().unit_of_work() as uow:
        rows = repository.fetch_all_current(uow.session)
        refs = repository.references(uow.session)
    declared = bundled_series_declarations()
    findings = [
        *checks.check_totals(rows),
        *checks.check_duplicates(rows),
        *series_checks.check_gaps(rows, declared),
        *series_checks.check_jumps(rows, declared),
        *checks.check_ranges(rows),
        *series_checks.check_enrolments_without_starters(rows),
        *checks.check_references(rows, refs),
    ]
    print(len(findings))


# --- an explorer page -----------------------------------------------------------------------


def explorer_query(repeats: int) -> tuple[float, float, int]:
    """An explorer page on the imported dataset through ``datahub.explorer.explore``: one
    measure, one level, ten years, added up per institution, sorted, page 3.

    Returns the median ms of a cold page (the explorer's per-version memory emptied first,
    ``explorer.forget()``) and of a warm one (the same page asked again), and the selection's
    total (``ExplorerPage.total``).
    """
    from krapte.bootstrap import bootstrap
    from krapte.datahub import explorer
    from krapte.datahub.core.selection import Selection

    container = bootstrap()
    selection = Selection(
        dataset=DATASET,
        measure="inschrijvingen",
        level="bachelor",
        period_from="2015",
        period_to="2024",
        group=("institution",),
        page=3,
    )
    cold, warm, rows = [], [], 0
    for _ in range(repeats + 1):
        explorer.forget()
        start = time.perf_counter()
        page = explorer.explore(container.unit_of_work(), selection)
        cold.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        explorer.explore(container.unit_of_work(), selection)
        warm.append((time.perf_counter() - start) * 1000)
        rows = page.total
    return statistics.median(cold[1:]), statistics.median(warm[1:]), rows


# --- the run -------------------------------------------------------------------------------


def row(label: str, measured: Measured, target: str, baseline: str) -> None:
    figures = f"{measured.wall_s:7.2f} s {measured.cpu_s:7.2f} s {measured.peak_mb:6.0f} MB"
    print(f"  {label:<36} {figures}  {target:<17} {baseline}")


@dataclass(frozen=True)
class Baseline:
    """The row-by-row path at two subset sizes, extrapolated along the line through both."""

    sizes: tuple[int, int]
    runs: tuple[Measured, Measured]

    def at(self, figures: int, cpu: bool = False) -> float:
        (n1, n2), (r1, r2) = self.sizes, self.runs
        t1, t2 = (r1.cpu_s, r2.cpu_s) if cpu else (r1.wall_s, r2.wall_s)
        return t1 + (t2 - t1) / (n2 - n1) * (figures - n1)

    def describe(self, figures: int) -> str:
        larger = self.runs[1]
        return (
            f"{self.at(figures, cpu=True):5.1f} s cpu, {self.at(figures):5.1f} s wall "
            f"(at {self.sizes[1]:,}: {larger.cpu_s:.1f} s cpu, {larger.peak_mb:.0f} MB)"
        )


def measure_all(args: argparse.Namespace, work: Path) -> None:
    env = dict(os.environ)
    first, second = work / "export.csv", work / "export-v2.csv"
    figures = write_export(first, args.figures)
    write_export(second, args.figures, revision=True)

    def fresh_store(name: str) -> dict[str, str]:
        home = work / name
        home.mkdir()
        store = {**env, "KRAPTE_HOME": str(home)}
        run_child(krapte("init"), store)
        return store

    store = fresh_store("store")
    new = run_child(krapte("data", "import", str(first), *IMPORT_OPTIONS), store)
    again = run_child(
        krapte("data", "import", str(second), *IMPORT_OPTIONS, "--remove-missing"), store
    )
    validate = run_child(krapte("data", "validate", "--format", "json"), store)
    os.environ["KRAPTE_HOME"] = store["KRAPTE_HOME"]
    cold_ms, warm_ms, query_rows = explorer_query(args.repeats)

    sizes: list[int] = []
    runs: dict[str, list[Measured]] = {"import": [], "reimport": [], "validate": []}
    for part in (args.baseline_figures // 2, args.baseline_figures):
        small, small_second = work / f"subset-{part}.csv", work / f"subset-{part}-v2.csv"
        sizes.append(write_export(small, part))
        write_export(small_second, part, revision=True)
        base = fresh_store(f"baseline-{part}")
        me = [sys.executable, __file__, "--step"]
        runs["import"].append(run_child([*me, "import", str(small)], base))
        runs["reimport"].append(run_child([*me, "reimport", str(small_second)], base))
        runs["validate"].append(run_child([*me, "validate"], base))
    baseline = {
        step: Baseline((sizes[0], sizes[1]), (measured[0], measured[1]))
        for step, measured in runs.items()
    }

    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs")
    print(f"Synthetic export: {figures:,} figures ({first.stat().st_size / 2**20:.1f} MiB CSV)")
    print(
        "Baseline: main's row-by-row path (an object per figure, the previous version as\n"
        "  objects, every check looping over all figures), run in this run on "
        f"{sizes[0]:,} and {sizes[1]:,}\n  figures and extrapolated along that line to "
        f"{figures:,} figures (its memory is shown at {sizes[1]:,})."
    )
    print(f"\n  {'step':<36} {'wall':>9} {'cpu':>9} {'peak':>9}  {'target':<17} baseline")
    limits = f"≤ {IMPORT_TARGET_S:.0f} s, ≤ {IMPORT_TARGET_MB:.0f} MB"
    row("import, new dataset", new, limits, baseline["import"].describe(figures))
    row("import, version 2 (diff, removals)", again, limits, baseline["reimport"].describe(figures))
    row(
        "validate, whole store",
        validate,
        f"≤ {VALIDATE_TARGET_S:.0f} s",
        baseline["validate"].describe(figures),
    )
    print(
        f"  {'explorer page, cold (in process)':<36} {cold_ms:7.1f} ms  ≤ {QUERY_TARGET_MS:.0f} ms "
        f"(page 3 of a selection of {query_rows:,}, median of {args.repeats})"
    )
    print(f"  {'explorer page, remembered':<36} {warm_ms:7.1f} ms  ≤ {QUERY_TARGET_MS:.0f} ms")
    print(f"\n  findings of validate: {len(json.loads(validate.output))}")
    print(
        "  cpu = user + system time of the child, about its wall time on an idle machine; compare\n"
        "  cpu with cpu when other work shares the machine (wall times then stretch and the\n"
        "  baseline's wall extrapolation is unreliable)."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--figures", type=int, default=500_000)
    parser.add_argument("--baseline-figures", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--step", choices=("import", "reimport", "validate"), help=argparse.SUPPRESS
    )
    parser.add_argument("file", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "validate":
        rowwise_validate()
    elif args.step is not None:
        rowwise_import(args.file, remove_missing=args.step == "reimport")
    else:
        with tempfile.TemporaryDirectory(prefix="krapte-scale-") as work:
            measure_all(args, Path(work))


if __name__ == "__main__":
    main()
