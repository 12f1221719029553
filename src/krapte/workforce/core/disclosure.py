"""Statistical disclosure control for the sector tables: which counts may be published.

A *population* (persons of the sector in one measure, e.g. staff on 31 December) is published as
one or more tables, each a breakdown by some of its dimensions (subsector, province, size class,
year) with its margins. `protect_together` decides for every cell of every table whether its
count is published (`value`) or suppressed (`None`, with a Dutch reason):

* primary suppression: fewer than `Rules.min_persons` persons, fewer than
  `Rules.min_organisations` organisations, or one organisation holding more than
  `Rules.dominance_share` of the cell; a cell of zero persons is published (it shows nobody);
* complementary suppression (`krapte.workforce.core.hypercube`): more cells are suppressed until
  no suppressed cell can be pinned down, by rows, columns, totals or the other tables, closer
  than `Rules.protection` persons above its true value and as much below (or down to zero).

Every table must be a margin of the same finest breakdown, the population: either one of the
tables covers every dimension, or the caller passes the (unpublished) `population` table.
Within one call a cell that appears in several tables gets the same verdict everywhere.
Tables of different populations (headcount, inflow, outflow) are protected in separate calls;
`protected_rate` publishes a rate only when both its counts are published.

Two things the guarantee does not cover, so the caller must not publish them:

* the per-cell reason. "te weinig personen" tells a reader the count lies between 1 and
  `min_persons - 1`, any other reason that it is at least `min_persons`; with that a reader can
  narrow some cells beyond the protection. Public pages show one mark for every suppressed cell
  and explain the rules once; the reasons are for the people who run the monitor.
* identities between populations, such as headcount(year) = headcount(year - 1) + inflow(year)
  - outflow(year): protected separately, a suppressed outflow cell can be recovered from the
  published headcounts and inflow of the same key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product

import numpy as np
import numpy.typing as npt

from krapte.workforce.core import hypercube
from krapte.workforce.core.hypercube import BoolArray, IntArray

TOTAL = "totaal"
"""The key part of a margin: ("jeugdhulp", TOTAL) is the total of jeugdhulp over the provinces."""

TOO_FEW_PERSONS = "te weinig personen"
TOO_FEW_ORGANISATIONS = "te weinig organisaties"
DOMINATED = "één organisatie overheerst"
COMPLEMENTARY = "aanvullend onderdrukt"
Int8Array = npt.NDArray[np.int8]
_REASONS = (None, TOO_FEW_PERSONS, TOO_FEW_ORGANISATIONS, DOMINATED, COMPLEMENTARY)


@dataclass(frozen=True)
class Rules:
    """When a count may be published.

    ``protection`` (an addition to the agreed contract): a suppressed cell may never be narrowed
    down to fewer than this many persons above its true value, nor below it (unless the interval
    reaches zero). The default of 3 means: never recovered exactly nor within ±2 persons.
    """

    min_persons: int = 10
    min_organisations: int = 3
    dominance_share: float = 0.8  # suppress when one organisation holds more than this share
    protection: int = 3

    def __post_init__(self) -> None:
        if self.min_persons < 1 or self.min_organisations < 1 or self.protection < 1:
            raise ValueError("min_persons, min_organisations and protection must be at least 1")
        if not 0.0 < self.dominance_share <= 1.0:
            raise ValueError("dominance_share must lie in (0, 1]")


@dataclass(frozen=True)
class Cell:
    """One cell of a breakdown, before protection (interior cells only: no TOTAL in the key)."""

    key: tuple[str, ...]  # the breakdown values, e.g. ("jeugdhulp", "Antwerpen", "2024")
    persons: int  # persons counted in the cell
    contributions: Mapping[str, int]  # organisation -> persons it contributes


@dataclass(frozen=True)
class Table:
    """One breakdown of a population: its dimension names and its interior cells.

    Margins are derived inside: every total over any of the dimensions, except the dimensions
    named in ``without_totals`` (an addition to the contract: e.g. "jaar", because headcounts of
    different years do not add up). Combinations that are absent count as zero persons.
    Organisations' contributions are read from the population only; the cells of the other
    tables are checked against it (same persons), their contributions are not used. So a
    coarser table of a given population may list no cells at all: ``Table(("subsector",
    "jaar"), [], frozenset({"jaar"}))`` publishes the population summed to that breakdown.
    """

    dimensions: tuple[str, ...]
    cells: Sequence[Cell]
    without_totals: frozenset[str] = frozenset()

    @classmethod
    def from_rows(
        cls,
        dimensions: tuple[str, ...],
        rows: Iterable[tuple[tuple[str, ...], str, int]],
        without_totals: frozenset[str] = frozenset(),
    ) -> Table:
        """A table from (key, organisation, persons) rows, e.g. one SQL ``GROUP BY`` over the
        breakdown and the organisation; rows with the same key and organisation add up."""
        cells: dict[tuple[str, ...], dict[str, int]] = {}
        for key, organisation, persons in rows:
            contributions = cells.setdefault(tuple(key), {})
            contributions[organisation] = contributions.get(organisation, 0) + persons
        return cls(
            dimensions,
            [Cell(key, sum(c.values()), c) for key, c in cells.items()],
            without_totals,
        )


@dataclass(frozen=True)
class ProtectedCell:
    """A cell as it may be published: its count, or None and the Dutch reason why not."""

    key: tuple[str, ...]
    value: int | None
    reason: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"key": list(self.key), "value": self.value, "reason": self.reason}


@dataclass(frozen=True)
class Protected:
    """A table after protection: every interior and margin cell, in a stable order."""

    dimensions: tuple[str, ...]
    cells: tuple[ProtectedCell, ...]
    _index: dict[tuple[str, ...], ProtectedCell] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        self._index.update((cell.key, cell) for cell in self.cells)

    def cell(self, key: tuple[str, ...]) -> ProtectedCell:
        """The cell with this key (KeyError when the table has no such cell)."""
        return self._index[key]

    def value(self, key: tuple[str, ...]) -> int | None:
        return self._index[key].value

    def reason(self, key: tuple[str, ...]) -> str | None:
        return self._index[key].reason

    @property
    def suppressed(self) -> tuple[ProtectedCell, ...]:
        return tuple(cell for cell in self.cells if cell.value is None)


def protect(table: Table, rules: Rules = Rules()) -> Protected:
    """One table protected on its own (its cells are the population)."""
    return protect_together([table], rules)[0]


def protect_together(
    tables: Sequence[Table], rules: Rules = Rules(), *, population: Table | None = None
) -> list[Protected]:
    """Protect every table of one population consistently; one `Protected` per table, in order.

    ``population`` (an addition to the contract) is the finest breakdown, not published itself;
    it is needed only when no table has every dimension of all the tables.
    """
    if not tables:
        return []
    base = population if population is not None else _covering(tables)
    cube = _Cube.of(_project(base, set().union(*(table.dimensions for table in tables))))
    published = np.zeros(cube.persons.shape, dtype=bool)
    selections = []
    for table in tables:
        selection = cube.selection(table)
        published[np.ix_(*selection)] = True
        cube.check(table)
        selections.append(selection)
    reasons = cube.primary(published, rules)
    suppressed = hypercube.protect(cube.persons, published, reasons > 0, rules.protection)
    reasons[suppressed & (reasons == 0)] = _REASONS.index(COMPLEMENTARY)
    return [
        cube.protected(table, selection, suppressed, reasons)
        for table, selection in zip(tables, selections, strict=True)
    ]


def protected_rate(
    numerator: Protected, denominator: Protected, key: tuple[str, ...]
) -> float | None:
    """numerator / denominator for one key, or None unless both counts are published (and > 0)."""
    top, bottom = numerator.value(key), denominator.value(key)
    if top is None or bottom is None or bottom == 0:
        return None
    return top / bottom


def _covering(tables: Sequence[Table]) -> Table:
    every = set().union(*(table.dimensions for table in tables))
    for table in tables:
        if set(table.dimensions) == every:
            return table
    raise ValueError(
        f"no table covers every dimension ({', '.join(sorted(every))}): pass the population"
    )


def _project(base: Table, used: set[str]) -> Table:
    """The population summed over the dimensions no table shows.

    Nothing published tells the cells of such a dimension apart, so the attacker learns exactly
    as much about the coarser cells; the cube stays small.
    """
    if used >= set(base.dimensions):
        return base
    keep = [i for i, name in enumerate(base.dimensions) if name in used]
    persons: dict[tuple[str, ...], int] = {}
    contributions: dict[tuple[str, ...], dict[str, int]] = {}
    for cell in base.cells:
        _check_cell(cell, len(base.dimensions))
        key = tuple(cell.key[i] for i in keep)
        persons[key] = persons.get(key, 0) + cell.persons
        merged = contributions.setdefault(key, {})
        for name, count in cell.contributions.items():
            merged[name] = merged.get(name, 0) + count
    dimensions = tuple(base.dimensions[i] for i in keep)
    return Table(dimensions, [Cell(key, persons[key], contributions[key]) for key in persons])


@dataclass
class _Cube:
    """The population's extended cube: index ``len(values[i])`` of dimension ``i`` = total."""

    dimensions: tuple[str, ...]
    values: list[list[str]]
    persons: IntArray  # persons per cell of the extended cube
    organisations: IntArray  # organisations contributing at least one person
    largest: IntArray  # persons of the largest contributing organisation

    @classmethod
    def of(cls, base: Table) -> _Cube:
        dims = base.dimensions
        if len(set(dims)) != len(dims) or not dims:
            raise ValueError(f"dimensions must be distinct and at least one: {dims}")
        for cell in base.cells:
            _check_cell(cell, len(dims))
        values = [sorted({cell.key[i] for cell in base.cells}) for i in range(len(dims))]
        index = [{value: j for j, value in enumerate(axis)} for axis in values]
        shape = tuple(len(axis) for axis in values)
        atoms = np.zeros(shape, dtype=np.int64)
        organisation_ids: dict[str, int] = {}
        where: list[int] = []
        who: list[int] = []
        count: list[int] = []
        for cell in base.cells:
            position = tuple(index[i][part] for i, part in enumerate(cell.key))
            flat = int(np.ravel_multi_index(position, shape))
            atoms[position] += cell.persons
            for name, persons in cell.contributions.items():
                where.append(flat)
                who.append(organisation_ids.setdefault(name, len(organisation_ids)))
                count.append(persons)
        persons_ext = atoms
        for axis in range(len(dims)):
            total = persons_ext.sum(axis=axis, keepdims=True)
            persons_ext = np.concatenate([persons_ext, total], axis=axis)
        organisations, largest = _contributors(
            np.asarray(where, dtype=np.int64),
            np.asarray(who, dtype=np.int64),
            np.asarray(count, dtype=np.int64),
            shape,
        )
        return cls(dims, values, persons_ext, organisations, largest)

    def selection(self, table: Table) -> list[list[int]]:
        """Per population dimension, the positions of the table's cells (margins included)."""
        unknown = set(table.dimensions) - set(self.dimensions)
        if unknown or len(set(table.dimensions)) != len(table.dimensions):
            raise ValueError(f"dimensions {table.dimensions} are not those of the population")
        selection = []
        for i, name in enumerate(self.dimensions):
            total = len(self.values[i])
            if name not in table.dimensions:
                selection.append([total])
            elif name in table.without_totals:
                selection.append(list(range(total)))
            else:
                selection.append(list(range(total + 1)))
        return selection

    def check(self, table: Table) -> None:
        """Every given cell matches the population (same persons in the same place)."""
        for cell in table.cells:
            _check_cell(cell, len(table.dimensions))
            position = []
            for i, name in enumerate(self.dimensions):
                if name not in table.dimensions:
                    position.append(len(self.values[i]))
                    continue
                part = cell.key[table.dimensions.index(name)]
                if part not in self.values[i]:
                    if cell.persons == 0:
                        break
                    raise ValueError(f"{name} {part!r} is not in the population")
                position.append(self.values[i].index(part))
            else:
                if int(self.persons[tuple(position)]) != cell.persons:
                    raise ValueError(f"cell {cell.key} does not match the population")

    def primary(self, published: BoolArray, rules: Rules) -> Int8Array:
        """Reason codes (index into _REASONS) of the primary suppressions."""
        persons = self.persons
        reasons = np.zeros(persons.shape, dtype=np.int8)
        shown = published & (persons > 0)
        few = shown & (persons < rules.min_persons)
        lonely = shown & ~few & (self.organisations < rules.min_organisations)
        dominated = shown & ~few & ~lonely & (self.largest > rules.dominance_share * persons)
        reasons[few] = _REASONS.index(TOO_FEW_PERSONS)
        reasons[lonely] = _REASONS.index(TOO_FEW_ORGANISATIONS)
        reasons[dominated] = _REASONS.index(DOMINATED)
        return reasons

    def protected(
        self,
        table: Table,
        selection: list[list[int]],
        suppressed: BoolArray,
        reasons: Int8Array,
    ) -> Protected:
        positions = [self.dimensions.index(name) for name in table.dimensions]
        labels = [[*axis, TOTAL] for axis in self.values]
        cells = []
        for position in product(*(selection[p] for p in positions)):
            full = [axis[0] for axis in selection]
            for p, at in zip(positions, position, strict=True):
                full[p] = at
            where = tuple(full)
            key = tuple(labels[p][at] for p, at in zip(positions, position, strict=True))
            if suppressed[where]:
                cells.append(ProtectedCell(key, None, _REASONS[int(reasons[where])]))
            else:
                cells.append(ProtectedCell(key, int(self.persons[where])))
        return Protected(table.dimensions, tuple(cells))


def _check_cell(cell: Cell, width: int) -> None:
    if len(cell.key) != width or TOTAL in cell.key:
        raise ValueError(f"cell {cell.key} needs {width} key parts and no {TOTAL!r}")
    if cell.persons < 0 or any(persons < 0 for persons in cell.contributions.values()):
        raise ValueError(f"cell {cell.key} has a negative count")


def _contributors(
    where: IntArray, who: IntArray, count: IntArray, shape: tuple[int, ...]
) -> tuple[IntArray, IntArray]:
    """Per extended cell: organisations contributing, and the largest contribution."""
    extended = tuple(n + 1 for n in shape)
    size = int(np.prod(extended))
    organisations = np.zeros(size, dtype=np.int64)
    largest = np.zeros(size, dtype=np.int64)
    if where.size:
        coords = np.unravel_index(where, shape)
        keys = []
        for pattern in range(2 ** len(shape)):
            position = tuple(
                np.full_like(c, n) if pattern >> i & 1 else c
                for i, (c, n) in enumerate(zip(coords, shape, strict=True))
            )
            keys.append(np.ravel_multi_index(position, extended) * (int(who.max()) + 1) + who)
        pairs, inverse = np.unique(np.concatenate(keys), return_inverse=True)
        sums = np.bincount(inverse, weights=np.tile(count, len(keys))).astype(np.int64)
        cells = pairs // (int(who.max()) + 1)
        organisations = np.bincount(cells[sums > 0], minlength=size).astype(np.int64)
        np.maximum.at(largest, cells, sums)
    return organisations.reshape(extended), largest.reshape(extended)
