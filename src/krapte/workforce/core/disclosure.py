"""PLACEHOLDER: primary suppression only, behind the disclosure core's interface.

The disclosure helper's module (branch ``disclosure``) replaces this file at merge: it adds the
complementary suppression that keeps suppressed cells from being recovered through margins and
other tables. This stand-in implements the same public names (``Rules``, ``Cell``, ``Table``,
``ProtectedCell``, ``Protected``, ``protect``, ``protect_together``, ``protected_rate``,
``TOTAL``) and the three primary rules honestly, so the sector service runs and its tests hold;
it must not be relied on for publication by itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product

TOTAL = "totaal"
TOO_FEW_PERSONS = "te weinig personen"
TOO_FEW_ORGANISATIONS = "te weinig organisaties"
DOMINATED = "één organisatie overheerst"
COMPLEMENTARY = "aanvullend onderdrukt"


@dataclass(frozen=True)
class Rules:
    min_persons: int = 10
    min_organisations: int = 3
    dominance_share: float = 0.8
    protection: int = 3


@dataclass(frozen=True)
class Cell:
    key: tuple[str, ...]
    persons: int
    contributions: Mapping[str, int]


@dataclass(frozen=True)
class Table:
    """Interior cells of one breakdown; margins (TOTAL) are derived, except over
    ``without_totals``."""

    dimensions: tuple[str, ...]
    cells: Sequence[Cell]
    without_totals: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ProtectedCell:
    key: tuple[str, ...]
    value: int | None
    reason: str | None = None


@dataclass(frozen=True)
class Protected:
    dimensions: tuple[str, ...]
    cells: tuple[ProtectedCell, ...]
    _index: dict[tuple[str, ...], ProtectedCell] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        self._index.update((cell.key, cell) for cell in self.cells)

    def cell(self, key: tuple[str, ...]) -> ProtectedCell:
        return self._index[key]

    def value(self, key: tuple[str, ...]) -> int | None:
        return self._index[key].value

    def reason(self, key: tuple[str, ...]) -> str | None:
        return self._index[key].reason

    @property
    def suppressed(self) -> tuple[ProtectedCell, ...]:
        return tuple(cell for cell in self.cells if cell.value is None)


def protect(table: Table, rules: Rules = Rules()) -> Protected:
    return protect_together([table], rules)[0]


def protect_together(
    tables: Sequence[Table], rules: Rules = Rules(), *, population: Table | None = None
) -> list[Protected]:
    """Each table with its margins, primary suppression only (see the module's warning)."""
    return [_protect(table, rules) for table in tables]


def protected_rate(
    numerator: Protected, denominator: Protected, key: tuple[str, ...]
) -> float | None:
    top, bottom = numerator.value(key), denominator.value(key)
    if top is None or bottom is None or bottom == 0:
        return None
    return top / bottom


def _protect(table: Table, rules: Rules) -> Protected:
    sums: dict[tuple[str, ...], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    persons: dict[tuple[str, ...], int] = defaultdict(int)
    values = [sorted({cell.key[i] for cell in table.cells}) for i in range(len(table.dimensions))]
    choices = [
        [False] if name in table.without_totals else [False, True] for name in table.dimensions
    ]
    for cell in table.cells:
        for pattern in product(*choices):
            key = tuple(
                TOTAL if total else part for part, total in zip(cell.key, pattern, strict=True)
            )
            persons[key] += cell.persons
            for name, count in cell.contributions.items():
                sums[key][name] += count
    axes = [
        axis if name in table.without_totals else [*axis, TOTAL]
        for axis, name in zip(values, table.dimensions, strict=True)
    ]
    cells = []
    for key in product(*axes):
        count = persons.get(key, 0)
        contributions = [c for c in sums.get(key, {}).values() if c > 0]
        reason = None
        if count > 0 and count < rules.min_persons:
            reason = TOO_FEW_PERSONS
        elif count > 0 and len(contributions) < rules.min_organisations:
            reason = TOO_FEW_ORGANISATIONS
        elif count > 0 and max(contributions) > rules.dominance_share * count:
            reason = DOMINATED
        cells.append(ProtectedCell(key, None if reason else count, reason))
    return Protected(table.dimensions, tuple(cells))
