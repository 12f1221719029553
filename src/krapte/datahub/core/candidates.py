"""Which observations can give a finding: set-based selection over columns, before the checks.

Pure NumPy over :class:`~krapte.datahub.core.columns.ObservationColumns`. Each function returns
the rows (ascending, so in the store's order) of the whole groups a check could report: the
parts and totals of totals that do not add up, the copies of figures printed with different
values, the year series with a gap, a jump or a declared survey, and so on. The checks of
:mod:`krapte.datahub.core.checks` and :mod:`krapte.datahub.core.series_checks` then run on those
rows only, so their findings (wording, order, values) are exactly those of running them on every
observation; the selection only decides what they need not look at. The selection may include
more than is reported (a small margin against rounding), never less.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence

import numpy as np

from krapte.datahub.core.columns import ObservationColumns
from krapte.datahub.core.findings import CHANGE_MARKERS, DIMENSIONS
from krapte.datahub.core.series import SeriesDeclarations
from krapte.datahub.core.series_checks import (
    ENROLMENTS,
    JUMP_MIN_ABSOLUTE,
    JUMP_PERCENT_POINTS,
    JUMP_RELATIVE,
    STARTERS,
)

#: Sums of parts are compared with this much room, so float summation order never hides one.
MARGIN = 1e-6
_YEAR = re.compile(r"^\d{4}$")
_RANGE = re.compile(r"^\d{4}\s*-\s*\d{4}$")


def _rows_in(groups: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """The rows of the groups ``chosen`` (group numbers from ``columns.groups``)."""
    wanted = np.zeros(groups.max(initial=-1) + 1, dtype=np.bool_)
    wanted[chosen] = True
    return np.flatnonzero(wanted[groups])


def totals(columns: ObservationColumns, dimension: str, tolerance: dict[str, float]) -> np.ndarray:
    """Totals over ``dimension`` (of a unit in ``tolerance``) that may differ from their parts."""
    rest = [d for d in DIMENSIONS if d != dimension]
    groups = columns.groups(["dataset", "table", "measure", "period", "unit", *rest])
    empty = columns.where_text(dimension, [""])
    values = columns.values
    sums = np.bincount(groups[~empty], weights=values[~empty], minlength=groups.max(initial=-1) + 1)
    parts = np.bincount(groups[~empty], minlength=len(sums))
    allowed = columns.per_text("unit", lambda unit: tolerance.get(unit, np.nan))
    percent = columns.where_text("unit", ["percent"])
    total = empty & ~np.isnan(allowed) & (parts[groups] > 0)
    total &= ~percent | (np.abs(values - 100) <= 1e-9)
    total &= np.abs(sums[groups] - values) >= np.nan_to_num(allowed) - MARGIN
    return _rows_in(groups, groups[total])


def duplicates(columns: ObservationColumns, breakdown: Sequence[str]) -> np.ndarray:
    """Figures printed more than once (same key but the table) with different values."""
    named = np.zeros(len(columns), dtype=np.bool_)
    for dimension in breakdown:
        named |= ~columns.where_text(dimension, [""])
    shared = columns.groups(["measure", "period", "unit", *DIMENSIONS])
    scope = np.where(named, 0, columns.codes["dataset"] + 1)
    _, groups = np.unique(scope * (shared.max(initial=-1) + 1) + shared, return_inverse=True)
    groups = groups.reshape(-1)
    lowest = np.full(groups.max(initial=-1) + 1, np.inf)
    highest = np.full(len(lowest), -np.inf)
    np.minimum.at(lowest, groups, columns.values)
    np.maximum.at(highest, groups, columns.values)
    return np.flatnonzero((lowest != highest)[groups])


def is_change(columns: ObservationColumns) -> np.ndarray:
    """Growth figures, as :func:`~krapte.datahub.core.findings.is_change_measure` says."""
    by_period = columns.per_text("period", lambda p: bool(_RANGE.match(p)))
    by_measure = columns.per_text("measure", lambda m: any(c in m for c in CHANGE_MARKERS))
    return np.asarray(by_period | by_measure, dtype=np.bool_)


def series(
    columns: ObservationColumns, declarations: SeriesDeclarations
) -> tuple[np.ndarray, np.ndarray]:
    """Rows of year series with a gap or a declared survey, and of series with a jump."""
    yearly = np.flatnonzero(columns.per_text("period", lambda p: bool(_YEAR.match(p))))
    none = np.zeros(0, dtype=np.int64)
    if not len(yearly):
        return none, none
    years = np.array([int(p) if _YEAR.match(p) else 0 for p in columns.texts["period"]])
    year = years[columns.codes["period"][yearly]]
    all_groups = columns.groups(["dataset", "table", "measure", "unit", *DIMENSIONS])
    group = all_groups[yearly]
    order = np.lexsort((year, group))
    group, year, rows = group[order], year[order], yearly[order]
    size = all_groups.max() + 1
    distinct = np.ones(len(rows), dtype=np.bool_)
    distinct[1:] = (group[1:] != group[:-1]) | (year[1:] != year[:-1])
    counts = np.bincount(group[distinct], minlength=size)
    first = np.full(size, np.iinfo(np.int64).max)
    last = np.full(size, np.iinfo(np.int64).min)
    np.minimum.at(first, group, year)
    np.maximum.at(last, group, year)
    gapped = group[(last - first + 1)[group] != counts[group]]
    surveyed = np.zeros(len(columns), dtype=np.bool_)
    for survey in declarations.surveys:
        surveyed |= _matching(columns, survey.where.dataset, survey.where.dimensions)
    gap_groups = np.concatenate([gapped, all_groups[yearly][surveyed[yearly]]])
    same = group[1:] == group[:-1]
    before, after = rows[:-1], rows[1:]
    pairs = same & (year[1:] - year[:-1] == 1) & _jumps(columns, before, after)
    return _rows_in(all_groups, gap_groups), _rows_in(all_groups, group[1:][pairs])


def _jumps(columns: ObservationColumns, before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """The rule of :func:`~krapte.datahub.core.series_checks._is_jump`, for many pairs at once."""
    old, new = columns.values[before], columns.values[after]
    change = np.abs(new - old)
    count = columns.where_text("unit", ["count"])[before]
    percent = columns.where_text("unit", ["percent"])[before] & ~is_change(columns)[before]
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(old > 0, change / np.where(old > 0, old, 1), np.inf)
    counted = (change >= JUMP_MIN_ABSOLUTE) & ((old <= 0) | (relative > JUMP_RELATIVE))
    return np.asarray((count & counted) | (percent & (change > JUMP_PERCENT_POINTS)))


def _matching(
    columns: ObservationColumns, dataset: str, dimensions: tuple[tuple[str, str], ...]
) -> np.ndarray:
    """Rows a declaration's selector matches (its dataset and every dimension it names)."""
    hit = columns.where_text("dataset", [dataset])
    for name, value in dimensions:
        hit &= columns.where_text(name, [value])
    return hit


def out_of_range(columns: ObservationColumns) -> np.ndarray:
    """Negative counts and percentages outside 0-100, growth figures excepted."""
    values = columns.values
    count = columns.where_text("unit", ["count"]) & (values < 0)
    percent = columns.where_text("unit", ["percent"]) & ~((values >= 0) & (values <= 100))
    return np.flatnonzero((count | percent) & ~is_change(columns))


def starters(columns: ObservationColumns) -> np.ndarray:
    """Starters of a programme, and enrolments of a programme whose starters are printed."""
    named = ~columns.where_text("programme", [""])
    starting = named & columns.where_text("measure", [STARTERS])
    enrolled = named & columns.where_text("measure", [ENROLMENTS])
    programme = columns.groups(["geography", "institution", "programme", "level"])
    enrolled &= np.isin(programme, programme[starting])
    return np.flatnonzero(starting | enrolled)


def unknown_references(
    columns: ObservationColumns,
    institutions: frozenset[str],
    programmes: frozenset[tuple[str, str]],
) -> dict[tuple[str, str, str], int]:
    """(dataset, kind, name) → rows, for names missing from the reference lists."""
    unknown: dict[tuple[str, str, str], int] = defaultdict(int)
    texts = columns.texts
    institution = columns.per_text("institution", lambda i: bool(i) and i not in institutions)
    _count(unknown, columns, institution, ["institution"], "instelling", lambda i: i)
    named = columns.per_text("programme", bool) & columns.per_text("level", bool)
    pairs = columns.groups(["programme", "level"])
    _, first = np.unique(pairs, return_index=True)
    missing = np.array(
        [
            (
                texts["programme"][columns.codes["programme"][row]],
                texts["level"][columns.codes["level"][row]],
            )
            not in programmes
            for row in first.tolist()
        ],
        dtype=np.bool_,
    )
    unlisted = named & missing[pairs] if len(missing) else named
    _count(unknown, columns, unlisted, ["programme", "level"], "opleiding", "{} ({})".format)
    return unknown


def _count(
    unknown: dict[tuple[str, str, str], int],
    columns: ObservationColumns,
    rows: np.ndarray,
    names: list[str],
    kind: str,
    word: Callable[..., str],
) -> None:
    selected = np.flatnonzero(rows)
    if not len(selected):
        return
    groups = columns.groups(["dataset", *names])[selected]
    _, first, counts = np.unique(groups, return_index=True, return_counts=True)
    for row, count in zip(selected[first].tolist(), counts.tolist(), strict=True):
        dataset = columns.texts["dataset"][columns.codes["dataset"][row]]
        cells = [columns.texts[n][columns.codes[n][row]] for n in names]
        unknown[(dataset, kind, word(*cells))] += count
