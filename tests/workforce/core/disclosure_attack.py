"""Builders for the disclosure tests, and an honest attacker.

The attacker sees only what is published (the `Protected` tables: keys, counts and which cells
are suppressed) and knows that counts are never negative. It writes every published count as a
sum of the unknown finest counts (one per combination of the published categories) and asks a
linear programme (scipy's HiGHS) for the smallest and largest value each suppressed cell can
take. That covers every trick of differencing rows, columns, totals, other breakdowns and other
years, alone or combined, and the bounds that non-negativity adds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import product

import numpy as np
from scipy.optimize import linprog

from krapte.workforce.core.disclosure import TOTAL, Cell, Protected, Table

Key = tuple[str, ...]


@dataclass(frozen=True)
class Organisation:
    name: str
    attributes: Mapping[str, str]  # e.g. {"subsector": "jeugdhulp", "provincie": "Antwerpen"}
    persons: Mapping[str, int]  # year -> persons on staff


def population(
    organisations: Sequence[Organisation], dimensions: tuple[str, ...], year: str = "jaar"
) -> Table:
    """The finest table: persons per combination of ``dimensions`` (the year one of them)."""
    persons: dict[Key, int] = defaultdict(int)
    contributions: dict[Key, dict[str, int]] = defaultdict(dict)
    for organisation in organisations:
        for when, count in organisation.persons.items():
            values = {**organisation.attributes, year: when}
            key = tuple(values[name] for name in dimensions)
            persons[key] += count
            if count:
                contributions[key][organisation.name] = count
    cells = [Cell(key, persons[key], contributions[key]) for key in sorted(persons)]
    return Table(dimensions, cells)


def breakdown(
    base: Table, dimensions: tuple[str, ...], without_totals: frozenset[str] = frozenset()
) -> Table:
    """A coarser table of the same population (sums of its cells)."""
    positions = [base.dimensions.index(name) for name in dimensions]
    persons: dict[Key, int] = defaultdict(int)
    contributions: dict[Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for cell in base.cells:
        key = tuple(cell.key[p] for p in positions)
        persons[key] += cell.persons
        for name, count in cell.contributions.items():
            contributions[key][name] += count
    cells = [Cell(key, persons[key], dict(contributions[key])) for key in sorted(persons)]
    return Table(dimensions, cells, without_totals)


@dataclass(frozen=True)
class Interval:
    key: Key
    dimensions: tuple[str, ...]
    true: int
    low: float
    high: float  # inf when unbounded

    def protected(self, level: int = 3) -> bool:
        """Not narrowed to within level - 1 persons above, nor below (unless down to zero)."""
        return (
            self.high >= self.true + level - 1e-6 and self.low <= max(0.0, self.true - level) + 1e-6
        )


def attack(
    dimensions: tuple[str, ...],
    categories: Mapping[str, Sequence[str]],
    truth: Mapping[Key, int],
    published: Sequence[Protected],
) -> list[Interval]:
    """The feasible interval of every suppressed cell of every published table.

    ``dimensions`` and ``categories`` name the finest breakdown the attacker reasons about (the
    categories any table shows); ``truth`` (finest key -> persons) only scores the result.
    """
    atoms = list(product(*(categories[name] for name in dimensions)))
    codes = np.array([[categories[n].index(a[i]) for i, n in enumerate(dimensions)] for a in atoms])
    rows: list[np.ndarray] = []
    values: list[float] = []
    hidden: dict[bytes, tuple[Key, tuple[str, ...], np.ndarray]] = {}
    for table in published:
        positions = [dimensions.index(name) for name in table.dimensions]
        for cell in table.cells:
            inside = np.ones(len(atoms), dtype=bool)
            for position, part in zip(positions, cell.key, strict=True):
                if part != TOTAL:
                    inside &= codes[:, position] == categories[dimensions[position]].index(part)
            row = inside.astype(float)
            if cell.value is None:
                hidden.setdefault(row.tobytes(), (cell.key, table.dimensions, row))
            else:
                rows.append(row)
                values.append(float(cell.value))
    true = np.array([truth.get(atom, 0) for atom in atoms], dtype=float)
    a_eq = np.array(rows) if rows else None
    b_eq = np.array(values) if rows else None
    found = []
    for key, names, row in hidden.values():
        low = linprog(row, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-row, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        assert low.status == 0, low.message
        assert high.status in (0, 3), high.message
        top = float("inf") if high.status == 3 else -float(high.fun)
        found.append(Interval(key, names, int(row @ true), float(low.fun), top))
    return found


def recovered(intervals: Sequence[Interval], level: int = 3) -> list[Interval]:
    return [interval for interval in intervals if not interval.protected(level)]
