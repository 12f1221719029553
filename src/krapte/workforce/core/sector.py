"""The sector tables: social workers per subsector, province, size class and year (pure).

One *population* per measure (headcount at the end of the year, at its start, inflow, outflow)
is counted per organisation and year by the store; this module builds the published breakdowns
of each population (:data:`BREAKDOWNS`, always by year too) and protects them together with the
disclosure core, so that every breakdown anyone can ask for has been protected with all the
others (asking for another breakdown never reveals a cell suppressed in the first). The
turnover rate of a cell (outflow / the average of the headcount at the start and at the end, as
for one organisation) is shown only when its three counts are published.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from krapte.workforce.core.disclosure import (
    TOTAL,
    Cell,
    Protected,
    Rules,
    Table,
    protect_together,
)

YEAR = "jaar"
DIMENSIONS: dict[str, str] = {
    "subsector": "subsector",
    "province": "provincie",
    "size_class": "grootteklasse",
}
"""Machine key -> the dimension's Dutch name (used in the protected tables' keys)."""
BREAKDOWNS: tuple[tuple[str, ...], ...] = (
    ("subsector",),
    ("province",),
    ("size_class",),
    ("subsector", "province"),
)
"""Every breakdown that is published (each by year); protected together per population."""
MEASURES: tuple[str, ...] = ("headcount", "headcount_start", "inflow", "outflow")


@dataclass(frozen=True)
class OrganisationYear:
    """An organisation's social workers in one year, as the store counts them."""

    organisation: str
    subsector: str
    province: str
    size_class: str
    year: int
    headcount_start: int
    headcount: int
    inflow: int
    outflow: int

    def part(self, dimension: str) -> str:
        return str(getattr(self, dimension))


@dataclass(frozen=True)
class SectorRow:
    """One published cell of a breakdown: its key and its counts (None when suppressed)."""

    key: tuple[str, ...]
    """Values of the breakdown's dimensions (``totaal`` for a margin)."""
    year: int
    headcount: int | None
    inflow: int | None
    outflow: int | None
    turnover_rate: float | None
    suppressed: str
    """Why counts are missing (Dutch reasons, ``;``-separated), or empty."""


@dataclass(frozen=True)
class SectorTable:
    by: tuple[str, ...]
    years: tuple[int, ...]
    rows: tuple[SectorRow, ...]
    organisations: int


def parse_breakdown(text: str) -> tuple[str, ...] | None:
    """``"subsector,province"`` as a published breakdown, or None when it is not one."""
    asked = tuple(part.strip() for part in text.split(",") if part.strip())
    for breakdown in BREAKDOWNS:
        if sorted(breakdown) == sorted(asked):
            return breakdown
    return None


def _population(rows: Sequence[OrganisationYear], measure: str) -> Table:
    """The finest breakdown (every dimension and year) of one measure: the population."""
    dims = tuple(DIMENSIONS)
    persons: dict[tuple[str, ...], int] = defaultdict(int)
    contributions: dict[tuple[str, ...], dict[str, int]] = defaultdict(dict)
    for row in rows:
        count = int(getattr(row, measure))
        key = (*(row.part(d) for d in dims), str(row.year))
        persons[key] += count
        if count:
            contributions[key][row.organisation] = count
    cells = [Cell(key, persons[key], contributions[key]) for key in sorted(persons)]
    return Table((*(DIMENSIONS[d] for d in dims), YEAR), cells, frozenset({YEAR}))


def _breakdown(population: Table, by: tuple[str, ...]) -> Table:
    """``population`` summed over every dimension not in ``by`` (interior cells only)."""
    names = (*(DIMENSIONS[d] for d in by), YEAR)
    positions = [population.dimensions.index(name) for name in names]
    persons: dict[tuple[str, ...], int] = defaultdict(int)
    contributions: dict[tuple[str, ...], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for cell in population.cells:
        key = tuple(cell.key[p] for p in positions)
        persons[key] += cell.persons
        for name, count in cell.contributions.items():
            contributions[key][name] += count
    cells = [Cell(key, persons[key], dict(contributions[key])) for key in sorted(persons)]
    return Table(names, cells, frozenset({YEAR}))


def protect_sector(
    rows: Sequence[OrganisationYear], rules: Rules = Rules()
) -> dict[tuple[str, ...], dict[str, Protected]]:
    """Every published breakdown of every measure, protected (breakdown -> measure -> table)."""
    protected: dict[tuple[str, ...], dict[str, Protected]] = {b: {} for b in BREAKDOWNS}
    for measure in MEASURES:
        population = _population(rows, measure)
        tables = [_breakdown(population, by) for by in BREAKDOWNS]
        for by, table in zip(
            BREAKDOWNS, protect_together(tables, rules, population=population), strict=True
        ):
            protected[by][measure] = table
    return protected


def sector_table(
    protected: dict[tuple[str, ...], dict[str, Protected]],
    by: tuple[str, ...],
    organisations: int,
) -> SectorTable:
    """The rows of one breakdown: its cells and margins per year, with the turnover rate."""
    tables = protected[by]
    years: set[int] = set()
    rows = []
    for cell in tables["headcount"].cells:
        *parts, year = cell.key
        years.add(int(year))
        values = {m: tables[m].cell(cell.key) for m in MEASURES}
        start, end, out = (values[m].value for m in ("headcount_start", "headcount", "outflow"))
        rate = None
        if start is not None and end is not None and out is not None and start + end > 0:
            rate = out / ((start + end) / 2)
        reasons = sorted({v.reason for v in values.values() if v.reason})
        rows.append(
            SectorRow(
                key=tuple(parts),
                year=int(year),
                headcount=end,
                inflow=values["inflow"].value,
                outflow=out,
                turnover_rate=rate,
                suppressed="; ".join(reasons),
            )
        )
    rows.sort(key=lambda r: (r.year, [(p == TOTAL, p) for p in r.key]))
    return SectorTable(by, tuple(sorted(years)), tuple(rows), organisations)
