"""An honest attacker on what the sector service really publishes (see test_sector_attack).

It sees every published figure of every breakdown (headcount, inflow, outflow and turnover
rate, every year) and knows how they hang together: per finest cell (subsector, province, size
class) the headcount at the end of a year is the one of the year before plus inflow minus
outflow; counts are never negative; and before the first year shown nobody was employed when
that year is the year of the first start (the tables begin there). A published turnover rate
gives the headcount at the start of its year (``2 * outflow / rate - headcount at the end``).
A linear programme (scipy's HiGHS) then bounds every suppressed headcount and flow, like
:func:`workforce.core.disclosure_attack.attack` does for one population.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import product

import numpy as np
from scipy.optimize import linprog

from krapte.workforce.core.disclosure import TOTAL
from krapte.workforce.core.sector import ONE_DIMENSION, SectorTable
from workforce.core.disclosure_attack import Interval

DIMENSIONS = ("subsector", "province", "size_class")
Atom = tuple[str, str, str]
MEASURES = ("headcount", "inflow", "outflow")


class Unknowns:
    """Column numbers of the unknowns: (measure, atom, year); headcount also for first - 1."""

    def __init__(self, atoms: Sequence[Atom], years: Sequence[int]) -> None:
        self.atoms, self.years = list(atoms), list(years)
        self.index: dict[tuple[str, Atom, int], int] = {}
        for measure in MEASURES:
            span = [years[0] - 1, *years] if measure == "headcount" else years
            for atom, year in product(self.atoms, span):
                self.index[measure, atom, year] = len(self.index)

    def row(self, measure: str, by: tuple[str, ...], key: Sequence[str], year: int) -> np.ndarray:
        """The sum a published cell (``key`` of breakdown ``by``) is of the unknowns."""
        row = np.zeros(len(self.index))
        for atom in self.atoms:
            parts = dict(zip(DIMENSIONS, atom, strict=True))
            if all(part in (TOTAL, parts[d]) for d, part in zip(by, key, strict=True)):
                row[self.index[measure, atom, year]] = 1.0
        return row


def attack_sector(
    tables: Sequence[SectorTable],
    atoms: Sequence[Atom],
    truth: Mapping[tuple[str, Atom, int], int],
    *,
    starts_at_first_year: bool,
) -> list[Interval]:
    """The feasible interval of every suppressed headcount and flow of ``tables``."""
    years = sorted({year for table in tables for year in table.years})
    if not years:
        return []
    unknowns = Unknowns(atoms, years)
    rows: list[np.ndarray] = []
    values: list[float] = []
    hidden: dict[bytes, tuple[tuple[str, ...], tuple[str, ...], np.ndarray]] = {}

    def publish(row: np.ndarray, value: float) -> None:
        rows.append(row)
        values.append(value)

    for table in tables:
        for cell in table.rows:
            for measure in MEASURES:
                value = getattr(cell, measure)
                row = unknowns.row(measure, table.by, cell.key, cell.year)
                if value is not None:
                    publish(row, float(value))
                elif measure == "headcount" or ONE_DIMENSION not in cell.suppressed:
                    label = (measure, str(cell.year), *cell.key)
                    hidden.setdefault(row.tobytes(), (label, table.by, row))
            if cell.turnover_rate and cell.outflow and cell.headcount is not None:
                start = 2 * cell.outflow / cell.turnover_rate - cell.headcount
                publish(unknowns.row("headcount", table.by, cell.key, cell.year - 1), start)
    for atom in atoms:
        for year in years:
            identity = np.zeros(len(unknowns.index))
            identity[unknowns.index["headcount", atom, year]] = 1.0
            identity[unknowns.index["headcount", atom, year - 1]] = -1.0
            identity[unknowns.index["inflow", atom, year]] = -1.0
            identity[unknowns.index["outflow", atom, year]] = 1.0
            publish(identity, 0.0)
        if starts_at_first_year:
            before = np.zeros(len(unknowns.index))
            before[unknowns.index["headcount", atom, years[0] - 1]] = 1.0
            publish(before, 0.0)
    true = np.zeros(len(unknowns.index))
    for (measure, atom, year), column in unknowns.index.items():
        true[column] = truth.get((measure, atom, year), 0)
    a_eq, b_eq = np.array(rows), np.array(values)
    assert np.allclose(a_eq @ true, b_eq, atol=1e-6), "the attacker's equations must hold"
    found = []
    for label, by, row in hidden.values():
        low = linprog(row, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-row, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        assert low.status == 0, low.message
        assert high.status in (0, 3), high.message
        top = float("inf") if high.status == 3 else -float(high.fun)
        found.append(Interval(label, by, round(float(row @ true)), float(low.fun), top))
    return found
