"""The sector tables: social workers per subsector, province, size class and year (pure).

The store counts, per organisation, the employments of social workers that started and ended in
each calendar year; the headcount at the end of a year is their running difference (everyone
who started by then minus everyone who left by then), so no record is read twice. Each measure
is a *population* protected by the disclosure core:

* the headcount at the end of each year, in every published breakdown (:data:`BREAKDOWNS`),
  including the year before the first one shown (it is the headcount at the start of that year);
* inflow and outflow, in the breakdowns by one dimension only (see below).

Every breakdown is protected together with all the others, so asking for another breakdown
never reveals a cell suppressed in the first. The populations are linked, though: the headcount
at the end of a year is the one of the year before plus inflow minus outflow, for every cell.
The disclosure core protects each population on its own, so this module guards the link: the
flows of a year are published only when, for every published cell, that identity (or the bound
the flows of a larger cell put on a smaller cell's change) pins no suppressed headcount down
closer than the protection margin; otherwise every flow of that year is suppressed. Flows by two
dimensions would bound suppressed cells too tightly to publish safely and are not published. The
turnover rate (outflow / the average of the headcount at the start and the end) is shown only when
its three counts are published.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

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
FLOW_BREAKDOWNS: tuple[tuple[str, ...], ...] = tuple(b for b in BREAKDOWNS if len(b) == 1)
LINKED = "aanvullend onderdrukt (samenhang met de bezetting)"
ONE_DIMENSION = "in- en uitstroom alleen per subsector, provincie of grootteklasse"


@dataclass(frozen=True)
class OrganisationYear:
    """An organisation's social workers in one year."""

    organisation: str
    subsector: str
    province: str
    size_class: str
    year: int
    headcount: int
    inflow: int
    outflow: int

    def part(self, dimension: str) -> str:
        return str(getattr(self, dimension))


@dataclass(frozen=True)
class SectorRow:
    """One published cell of a breakdown: its key and its counts (None when not published)."""

    key: tuple[str, ...]
    """Values of the breakdown's dimensions (``totaal`` for a margin)."""
    year: int
    headcount: int | None
    inflow: int | None
    outflow: int | None
    turnover_rate: float | None
    suppressed: str
    """Why counts are missing (Dutch reasons, ``;``-separated), or empty. Published views show
    only :data:`SUPPRESSED`: a reason would narrow the cell (see the disclosure core)."""


#: What everyone but an administrator sees for a suppressed cell: one mark, never the reason.
SUPPRESSED = "onderdrukt"


@dataclass(frozen=True)
class SectorTable:
    by: tuple[str, ...]
    years: tuple[int, ...]
    rows: tuple[SectorRow, ...]
    organisations: int


@dataclass(frozen=True)
class Protection:
    """Every breakdown's protected headcount, inflow and outflow (flows: by one dimension)."""

    headcount: dict[tuple[str, ...], Protected]
    inflow: dict[tuple[str, ...], Protected]
    outflow: dict[tuple[str, ...], Protected]
    hidden_years: frozenset[int]
    """Years whose flows are all suppressed because of the stock-flow identity."""


def parse_breakdown(text: str) -> tuple[str, ...] | None:
    """``"subsector,province"`` as a published breakdown, or None when it is not one."""
    asked = tuple(part.strip() for part in text.split(",") if part.strip())
    for breakdown in BREAKDOWNS:
        if sorted(breakdown) == sorted(asked):
            return breakdown
    return None


def organisation_years(
    organisations: Sequence[tuple[str, str, str, str]],
    starts: Iterable[tuple[str, int, int]],
    ends: Iterable[tuple[str, int, int]],
    first: int,
    last: int,
) -> list[OrganisationYear]:
    """Per organisation and year ``first..last``: headcount at the end, inflow, outflow.

    ``starts`` / ``ends``: (organisation, year, employments that started / ended that year).
    """
    index = {name: i for i, (name, *_) in enumerate(organisations)}
    starts, ends = list(starts), list(ends)
    earliest = min([first, *(y for _, y, _ in starts), *(y for _, y, _ in ends)])
    width = last - earliest + 1
    inflow = np.zeros((len(organisations), width), dtype=np.int64)
    outflow = np.zeros_like(inflow)
    for flows, target in ((starts, inflow), (ends, outflow)):
        for name, year, count in flows:
            if year <= last and name in index:
                target[index[name], year - earliest] += count
    headcount = np.cumsum(inflow, axis=1) - np.cumsum(outflow, axis=1)
    found = []
    for i, (name, subsector, province, size_class) in enumerate(organisations):
        for year in range(first, last + 1):
            at = year - earliest
            values = (int(headcount[i, at]), int(inflow[i, at]), int(outflow[i, at]))
            if any(values):
                found.append(OrganisationYear(name, subsector, province, size_class, year, *values))
    return found


def _population(rows: Sequence[OrganisationYear], measure: str, years: range) -> Table:
    """The finest breakdown (every dimension and year) of one measure: the population."""
    dims = tuple(DIMENSIONS)
    persons: dict[tuple[str, ...], int] = defaultdict(int)
    contributions: dict[tuple[str, ...], dict[str, int]] = defaultdict(dict)
    for row in rows:
        if row.year not in years:
            continue
        count = int(getattr(row, measure))
        key = (*(row.part(d) for d in dims), str(row.year))
        persons[key] += count
        if count:
            contributions[key][row.organisation] = count
    # Every year is a value of the year dimension, even one nobody counts in (zero cells).
    sample = next(iter(persons), ("", "", "", ""))[:-1]
    for year in years:
        persons.setdefault((*sample, str(year)), 0)
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


def _protect(
    rows: Sequence[OrganisationYear],
    measure: str,
    years: range,
    breakdowns: tuple[tuple[str, ...], ...],
    rules: Rules,
) -> dict[tuple[str, ...], Protected]:
    population = _population(rows, measure, years)
    tables = [_breakdown(population, by) for by in breakdowns]
    protected = protect_together(tables, rules, population=population)
    return dict(zip(breakdowns, protected, strict=True))


def protect_sector(
    rows: Sequence[OrganisationYear], first: int, last: int, rules: Rules = Rules()
) -> Protection:
    """Protect every published breakdown of every measure, and guard the stock-flow identity."""
    stock_years = range(first - 1, last + 1)
    flow_years = range(first, last + 1)
    headcount = _protect(rows, "headcount", stock_years, BREAKDOWNS, rules)
    inflow = _protect(rows, "inflow", flow_years, FLOW_BREAKDOWNS, rules)
    outflow = _protect(rows, "outflow", flow_years, FLOW_BREAKDOWNS, rules)
    truth = _true_stock(rows)
    true_flows = (_true_stock(rows, "inflow"), _true_stock(rows, "outflow"))
    hidden = frozenset(
        year
        for year in flow_years
        if not _flows_safe(year, headcount, inflow, outflow, truth, rules.protection)
        or not _identity_safe(year, headcount, inflow, outflow, truth, true_flows, rules.protection)
    )
    return Protection(headcount, inflow, outflow, hidden)


Cube = tuple[str, str, str]


def _cube(by: tuple[str, ...], key: Sequence[str]) -> Cube:
    """A breakdown's cell as a cell of the whole cube (TOTAL for the dimensions summed over)."""
    parts = dict(zip(by, key, strict=True))
    return tuple(parts.get(d, TOTAL) for d in DIMENSIONS)  # type: ignore[return-value]


def _true_stock(
    rows: Sequence[OrganisationYear], measure: str = "headcount"
) -> dict[tuple[Cube, int], int]:
    """The true ``measure`` of every cube cell (margins included) per year, summed by NumPy."""
    found: dict[tuple[Cube, int], int] = {}
    if not rows:
        return found
    labels: list[list[str]] = []
    codes: list[np.ndarray] = []
    for d in DIMENSIONS:
        names, inverse = np.unique(np.asarray([row.part(d) for row in rows]), return_inverse=True)
        labels.append([str(n) for n in names])
        codes.append(inverse.astype(np.int64) + 1)  # 0 is the total
    years = np.asarray([row.year for row in rows], dtype=np.int64)
    first = int(years.min())
    span = int(years.max()) - first + 1
    weights = np.asarray([getattr(row, measure) for row in rows], dtype=np.int64)
    sizes = [len(axis) + 1 for axis in labels]
    for mask in range(2 ** len(sizes)):
        key = np.zeros(len(rows), dtype=np.int64)
        for position, size in enumerate(sizes):
            part = np.zeros_like(key) if mask >> position & 1 else codes[position]
            key = key * size + part
        key = key * span + (years - first)
        cells, inverse = np.unique(key, return_inverse=True)
        sums = np.bincount(inverse, weights=weights).astype(np.int64)
        for cell, total in zip(cells.tolist(), sums.tolist(), strict=True):
            year = first + cell % span
            cell //= span
            parts: list[str] = []
            for position in reversed(range(len(sizes))):
                code = cell % sizes[position]
                cell //= sizes[position]
                parts.append(TOTAL if code == 0 else labels[position][code - 1])
            found[(parts[2], parts[1], parts[0]), year] = total
    return found


def _values(tables: dict[tuple[str, ...], Protected], year: int) -> dict[Cube, int | None]:
    found: dict[Cube, int | None] = {}
    for by, table in tables.items():
        for cell in table.cells:
            if cell.key[-1] == str(year):
                found[_cube(by, cell.key[:-1])] = cell.value
    return found


def _contains(outer: Cube, inner: Cube) -> bool:
    return outer != inner and all(o in (TOTAL, i) for o, i in zip(outer, inner, strict=True))


def _flows_safe(
    year: int,
    headcount: dict[tuple[str, ...], Protected],
    inflow: dict[tuple[str, ...], Protected],
    outflow: dict[tuple[str, ...], Protected],
    truth: dict[tuple[Cube, int], int],
    margin: int,
) -> bool:
    """Whether publishing the flows of ``year`` keeps every suppressed headcount protected."""
    before, after = _values(headcount, year - 1), _values(headcount, year)
    ins, outs = _values(inflow, year), _values(outflow, year)
    for cell in ins:
        values = (before.get(cell, 0), after.get(cell, 0), ins[cell], outs.get(cell))
        if sum(v is None for v in values) == 1:
            return False  # the identity gives the one suppressed count exactly
    for cell in after:
        known_before, known_after = before.get(cell, 0), after.get(cell, 0)
        if (known_before is None) == (known_after is None):
            continue
        for outer in ins:
            if not _contains(outer, cell):
                continue
            grow, shrink = ins[outer], outs.get(outer)
            if known_after is None:  # after in [before - shrink, before + grow]
                assert known_before is not None
                true = truth.get((cell, year), 0)
                low = None if shrink is None else known_before - shrink
                high = None if grow is None else known_before + grow
            else:  # before in [after - grow, after + shrink]
                true = truth.get((cell, year - 1), 0)
                low = None if grow is None else known_after - grow
                high = None if shrink is None else known_after + shrink
            if high is not None and high - true < margin:
                return False
            if low is not None and low > 0 and true - low < margin:
                return False
    return True


def sector_table(
    protection: Protection, by: tuple[str, ...], first: int, organisations: int
) -> SectorTable:
    """The rows of one breakdown: its cells and margins per year, with the turnover rate."""
    stock = protection.headcount[by]
    flows = by in protection.inflow
    years: set[int] = set()
    rows = []
    for cell in stock.cells:
        *parts, year_text = cell.key
        year = int(year_text)
        if year < first:
            continue
        years.add(year)
        start = stock.cell((*parts, str(year - 1)))
        reasons = {r for r in (cell.reason,) if r}
        inflow = outflow = None
        if not flows:
            reasons.add(ONE_DIMENSION)
        elif year in protection.hidden_years:
            reasons.add(LINKED)
        else:
            found_in = protection.inflow[by].cell(cell.key)
            found_out = protection.outflow[by].cell(cell.key)
            inflow, outflow = found_in.value, found_out.value
            reasons.update(r for r in (found_in.reason, found_out.reason) if r)
        rate = None
        counts = (start.value, cell.value, outflow)
        if all(v is not None for v in counts) and (start.value or 0) + (cell.value or 0) > 0:
            rate = (outflow or 0) / (((start.value or 0) + (cell.value or 0)) / 2)
        rows.append(
            SectorRow(
                key=tuple(parts),
                year=year,
                headcount=cell.value,
                inflow=inflow,
                outflow=outflow,
                turnover_rate=rate,
                suppressed="; ".join(sorted(reasons)),
            )
        )
    rows.sort(key=lambda r: (r.year, [(p == TOTAL, p) for p in r.key]))
    return SectorTable(by, tuple(sorted(years)), tuple(rows), organisations)


def _identity_safe(
    year: int,
    headcount: dict[tuple[str, ...], Protected],
    inflow: dict[tuple[str, ...], Protected],
    outflow: dict[tuple[str, ...], Protected],
    truth: dict[tuple[Cube, int], int],
    true_flows: tuple[dict[tuple[Cube, int], int], dict[tuple[Cube, int], int]],
    margin: int,
) -> bool:
    """Whether no cell's own identity, with two of its four counts suppressed, bounds one of them
    to within ``margin`` of its true value (counts are never negative).

    end - start - inflow + outflow = 0: two unknowns of opposite sign (x - y = k) give x >= k,
    of the same sign (x + y = k) give x <= k; either is within the margin when the other
    unknown's true value is smaller than the margin (and the lower bound is above zero).
    """
    before, after = _values(headcount, year - 1), _values(headcount, year)
    ins, outs = _values(inflow, year), _values(outflow, year)
    true_in, true_out = true_flows
    for cell in ins:
        terms = (
            (after.get(cell, 0), 1, truth.get((cell, year), 0)),
            (before.get(cell, 0), -1, truth.get((cell, year - 1), 0)),
            (ins[cell], -1, true_in.get((cell, year), 0)),
            (outs.get(cell), 1, true_out.get((cell, year), 0)),
        )
        unknown = [(sign, true) for value, sign, true in terms if value is None]
        if len(unknown) != 2:
            continue
        (sign_x, true_x), (sign_y, true_y) = unknown
        for (s_x, t_x), (s_y, t_y) in (
            ((sign_x, true_x), (sign_y, true_y)),
            ((sign_y, true_y), (sign_x, true_x)),
        ):
            if s_x == s_y:  # x + y = k: x <= k = t_x + t_y
                if t_y < margin:
                    return False
            elif t_x - t_y > 0 and t_x - t_y > max(0, t_x - margin):  # x >= t_x - t_y
                return False
    return True
