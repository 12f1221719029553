"""The data hub at the scale of real exports: import, validate and a filtered read of 500,000 figures.

Run: `.venv/bin/python benchmarks/datahub_scale.py [--figures N] [--baseline-figures N]`.

Builds a synthetic wide export (one row per institution, programme and level, one column per
academic year, Flemish numbers, a total row per institution and level), initialises a fresh store
(SQLite in a temporary KRAPTE_HOME, or ``--database-url``) with the bundled data, and times, each in
its own child process (wall time and the child's peak RSS from ``os.wait4``):

* ``krapte data import`` of the export as a new dataset (target ≤ 5 s, ≤ 500 MB);
* ``krapte data import`` of a changed export as its second version: the diff against the 500,000
  figures of the first one, ``--remove-missing`` (same targets);
* ``krapte data validate --format json`` over the whole store (target ≤ 10 s);
* an explorer-style read in-process: ``service.observations`` of one measure, filtered to one
  level and a range of years, grouped in SQL per institution and paged (target ≤ 100 ms, median of
  5 after a warm-up).

The named baseline is main's row-by-row path before this change (one ``Observation`` object and one
parameter dict per figure, the previous version loaded as ORM objects; the checks looping over
objects), measured in the same run on a ``--baseline-figures`` subset (default 50,000) by
``benchmarks/datahub_rowwise.py`` and extrapolated linearly to the full size: say so when you quote
it. Timings on the shared 2-core machine vary by about ±30 % between runs.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import platform
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
    return Measured(wall, usage.ru_maxrss / 1024, text)


def krapte(*argv: str) -> list[str]:
    return [sys.executable, "-m", "krapte", *argv]
