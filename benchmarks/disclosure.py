"""Speed of the disclosure control for the sector tables of 2,000 organisations.

Run: `.venv/bin/python benchmarks/disclosure.py [--organisations N] [--seed N]`. Generates
organisations (8 subsectors, 6 provinces, 4 size classes, staff per year over 10 years), builds
the finest table (subsector x province x size class x year, with every organisation's
contribution) and protects five published breakdowns of it together (six with `--finest`,
which publishes the finest table too). Prints, beside the protection's wall time (median of 3,
target: well under 1 s):

* baseline "build": building the input cells from the generated staff counts (the part the
  service does before calling the core), measured in the same run;
* baseline "LP audit": what checking the result with a linear programme costs (two HiGHS
  solves per suppressed cell; timed on 20 cells and extrapolated linearly, as stated): an
  LP-based protection would need at least that many solves, and usually many more. The audit
  also counts the cells it narrows to within ±2 persons (must be 0); `--audit-all` audits every
  suppressed cell (minutes).

Timings on a shared machine vary by about ±30% between runs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict

import numpy as np
from scipy.optimize import linprog

from krapte.workforce.core.disclosure import (
    TOTAL,
    Cell,
    Protected,
    Table,
    protect_together,
)

SUBSECTORS = [f"subsector {i}" for i in range(8)]
PROVINCES = ["Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen", "BHG"]
SIZES = ["1-9", "10-49", "50-249", "250+"]
YEARS = [str(year) for year in range(2015, 2025)]
DIMENSIONS = ("subsector", "provincie", "grootte", "jaar")
BREAKDOWNS = [
    ("subsector", "jaar"),
    ("provincie", "jaar"),
    ("grootte", "jaar"),
    ("subsector", "provincie", "jaar"),
    ("subsector", "grootte", "jaar"),
]
AUDITED = 20


def staff(organisations: int, seed: int) -> tuple[list[tuple[str, str, str]], np.ndarray]:
    """Per organisation its subsector, province and size class; persons per year (N, years)."""
    rng = np.random.default_rng(seed)
    size = rng.lognormal(mean=3.3, sigma=1.0, size=organisations)
    growth = rng.normal(1.0, 0.05, size=(organisations, len(YEARS))).cumprod(axis=1)
    persons = np.rint(size[:, None] * growth).astype(np.int64)
    attributes = []
    for i in range(organisations):
        mean = persons[i].mean()
        band = SIZES[int(np.searchsorted([10, 50, 250], mean, side="right"))]
        attributes.append(
            (
                str(rng.choice(SUBSECTORS)),
                str(rng.choice(PROVINCES, p=[0.27, 0.13, 0.23, 0.17, 0.18, 0.02])),
                band,
            )
        )
    return attributes, persons


def build(attributes: list[tuple[str, str, str]], persons: np.ndarray) -> Table:
    counts: dict[tuple[str, ...], int] = defaultdict(int)
    contributions: dict[tuple[str, ...], dict[str, int]] = defaultdict(dict)
    for i, (subsector, province, size) in enumerate(attributes):
        for j, year in enumerate(YEARS):
            key = (subsector, province, size, year)
            counts[key] += int(persons[i, j])
            contributions[key][f"organisation {i}"] = int(persons[i, j])
    return Table(DIMENSIONS, [Cell(key, counts[key], contributions[key]) for key in counts])


def breakdowns(base: Table) -> list[Table]:
    tables = []
    for dims in BREAKDOWNS:
        positions = [DIMENSIONS.index(name) for name in dims]
        counts: dict[tuple[str, ...], int] = defaultdict(int)
        for cell in base.cells:
            counts[tuple(cell.key[p] for p in positions)] += cell.persons
        cells = [Cell(key, count, {}) for key, count in counts.items()]
        tables.append(Table(dims, cells, without_totals=frozenset({"jaar"})))
    return tables


def audit(base: Table, published: list[Protected], cells: int) -> tuple[float, int, int]:
    """Seconds for two LP solves on each of ``cells`` suppressed cells, how many cells are
    suppressed, and how many of the audited ones the LP narrows to within ±2 persons."""
    categories = [sorted({c.key[i] for c in base.cells}) for i in range(len(DIMENSIONS))]
    grids = np.meshgrid(*[np.arange(len(axis)) for axis in categories], indexing="ij")
    atoms = [grid.reshape(-1) for grid in grids]
    rows, values, hidden = [], [], []
    for table in published:
        positions = [DIMENSIONS.index(name) for name in table.dimensions]
        for cell in table.cells:
            row = np.ones(atoms[0].size, dtype=bool)
            for p, part in zip(positions, cell.key, strict=True):
                if part != TOTAL:
                    row &= atoms[p] == categories[p].index(part)
            (hidden if cell.value is None else rows).append(row.astype(float))
            if cell.value is not None:
                values.append(cell.value)
    a_eq, b_eq = np.array(rows), np.array(values, dtype=float)
    truth = np.zeros(atoms[0].size)
    for cell in base.cells:
        at = [categories[p].index(part) for p, part in enumerate(cell.key)]
        truth[np.ravel_multi_index(at, [len(axis) for axis in categories])] = cell.persons
    start = time.perf_counter()
    recovered = 0
    for row in hidden[:cells]:
        low = linprog(row, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-row, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        value = float(row @ truth)
        top = float("inf") if high.status == 3 else -float(high.fun)
        if top < value + 3 - 1e-6 or float(low.fun) > max(0.0, value - 3) + 1e-6:
            recovered += 1
    return time.perf_counter() - start, len(hidden), recovered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--audit-all", action="store_true", help="audit every suppressed cell")
    parser.add_argument("--finest", action="store_true", help="publish the finest table too")
    args = parser.parse_args()
    attributes, persons = staff(args.organisations, args.seed)
    start = time.perf_counter()
    base = build(attributes, persons)
    tables = breakdowns(base) + ([base] if args.finest else [])
    built = time.perf_counter() - start
    protect_together(tables, population=base)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        published = protect_together(tables, population=base)
        times.append(time.perf_counter() - start)
    cells = sum(len(table.cells) for table in published)
    suppressed = sum(len(table.suppressed) for table in published)
    primary = sum(1 for t in published for c in t.suppressed if c.reason != "aanvullend onderdrukt")
    audited = 10**9 if args.audit_all else AUDITED
    seconds, hidden, recovered = audit(base, published, audited)
    audited = min(audited, hidden)
    print(
        f"{args.organisations} organisations, {int(persons.sum()):,} person-years, "
        f"{len(base.cells)} finest cells, {len(tables)} published tables with {cells} cells"
    )
    print(
        f"suppressed: {suppressed} cells ({primary} primary, {suppressed - primary} complementary)"
    )
    print(f"protect_together: {statistics.median(times):.3f} s (median of 3; target < 1 s)")
    print(f"baseline build (input cells from the staff counts): {built:.3f} s")
    print(
        f"baseline LP audit: {seconds:.3f} s for {audited} cells, "
        f"~{seconds / max(1, audited) * hidden:.1f} s for all {hidden} (extrapolated); "
        f"narrowed to within ±2 persons: {recovered} of {audited}"
    )


if __name__ == "__main__":
    main()
